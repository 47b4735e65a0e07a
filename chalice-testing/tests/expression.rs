//! Each snapshot macro records the expression written in the test as the
//! snapshot's `expression`, in file and inline snapshots alike.
//!
//! A binary of its own because it sets insta's environment variables, which
//! are process-global and read once per process: under them, every other
//! test's snapshots would be written instead of checked.

// As in the `client` binary: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use chalice_app::{Chalice, LambdaFunctionEvent, Request, Route};
use chalice_testing::{
    assert_event_snapshot, assert_handler_snapshot, assert_response_snapshot, Client,
};
use insta::Snapshot;
use serde_json::{json, Value};

/// The expression recorded in the `.snap` file `name` under `dir`.
fn file_expression(dir: &Path, name: &str) -> Option<String> {
    let snapshot = Snapshot::from_file(&dir.join(format!("{name}.snap"))).unwrap();
    snapshot.metadata().expression().map(String::from)
}

/// Every file under `dir` whose name ends with `suffix`, at any depth.
fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_ending(&path, suffix));
        } else if path.to_string_lossy().ends_with(suffix) {
            found.push(path);
        }
    }
    found
}

#[test]
fn snapshots_record_the_expression_written_in_the_test() {
    let dir = tempfile::tempdir().unwrap();
    let snapshots = dir.path().join("snapshots");
    // File snapshots are written in place (into the temporary folder, by the
    // settings below), and a mismatching inline one passes after going to a
    // pending file beside the test file as insta sees it: under the
    // temporary folder too, taken for the workspace.
    std::env::set_var("INSTA_WORKSPACE_ROOT", dir.path());
    std::env::set_var("INSTA_UPDATE", "always");
    std::env::set_var("INSTA_FORCE_PASS", "1");
    std::env::set_var("INSTA_OUTPUT", "none");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(&snapshots);
    settings.set_prepend_module_to_snapshot(false);
    let _settings = settings.bind_to_scope();

    let mut app = Chalice::new("expression");
    app.route("/", Route::new(), |_r: Request| json!({"hello": "world"}));
    app.lambda_function("echo", |event: LambdaFunctionEvent| event.event);
    let client = Client::new(app);

    assert_response_snapshot!("response", client.http().get("/"));
    assert_event_snapshot!("event", client.events().generate_sqs_event(["a"], None));
    let payload = json!({"n": 1});
    assert_handler_snapshot!("handler", client.lambda().invoke("echo", payload));
    assert_response_snapshot!(client.http().get("/"));
    // Deliberately wrong, so that insta records the new value and its
    // metadata.
    assert_response_snapshot!(client.http().get("/?inline=1"), @"");

    assert_eq!(
        file_expression(&snapshots, "response").as_deref(),
        Some(r#"client.http().get("/")"#)
    );
    assert_eq!(
        file_expression(&snapshots, "event").as_deref(),
        Some(r#"client.events().generate_sqs_event(["a"], None)"#)
    );
    assert_eq!(
        file_expression(&snapshots, "handler").as_deref(),
        Some(r#"client.lambda().invoke("echo", payload)"#)
    );
    // An unnamed snapshot is named after the test function.
    assert_eq!(
        file_expression(
            &snapshots,
            "snapshots_record_the_expression_written_in_the_test"
        )
        .as_deref(),
        Some(r#"client.http().get("/")"#)
    );

    // The pending file of an inline snapshot holds one JSON object per
    // mismatch, the new snapshot with its metadata under `new`.
    let pending_files = files_ending(dir.path(), ".pending-snap");
    assert_eq!(pending_files.len(), 1, "{pending_files:?}");
    let text = std::fs::read_to_string(&pending_files[0]).unwrap();
    let inline: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(
        inline["new"]["metadata"]["expression"],
        r#"client.http().get("/?inline=1")"#
    );
}
