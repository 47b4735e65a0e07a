//! `chalice package`: the twin of the reference app packaged for each case of
//! `testdata/conformance/package/cases/` and compared with what Chalice 1.34
//! wrote (`expected/`) under the rule of `compare.py`; the items example's
//! templates as snapshots.
//!
//! Deliberate differences are the ones `compare.py` allows (runtime, handler,
//! code location, build `Metadata`, `CHALICE_HANDLER`, the `aws-chalice` tag's
//! version, `ReportBatchItemFailures`); the test below checks that each one
//! is what a Rust build needs.

use chalice_app::package::{
    self, CodeLocation, Config, PackageError, PackageFormat, PackageOptions,
};
use chalice_tests::package::{cases_dir, compare, expected_dir, run_case};
use serde_json::{json, Value};

/// The example, compiled here so its app can be packaged.
#[path = "../../chalice-app/examples/items.rs"]
#[allow(dead_code)]
mod items;

fn read(path: &std::path::Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_case_matches_python_chalice() {
    let names = case_names();
    assert!(names.len() >= 6, "only {} cases", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let case = read(&cases_dir().join(name));
        let expected = read(&expected_dir().join(name));
        let actual = run_case(&case).unwrap();
        let problems = compare(&expected, &actual);
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the Rust templates add where `compare.py` looks away: the binary's
/// runtime, handler and build, and the handler each function serves.
#[test]
fn every_function_runs_the_binary_for_its_handler() {
    let case = read(&cases_dir().join("sam_tuned.json"));
    let template = run_case(&case).unwrap()["template"].clone();
    let expected_handlers = [
        ("APIHandler", "api"),
        ("DemoAuth", "demo_auth"),
        ("OnQueue", "on_queue"),
        ("BpBpFn", "bp_bp_fn"),
        ("WebsocketConnect", "ws_connect"),
        ("WebsocketMessage", "ws_message"),
        ("WebsocketDisconnect", "ws_disconnect"),
    ];
    for (resource, handler) in expected_handlers {
        let function = &template["Resources"][resource];
        let props = &function["Properties"];
        assert_eq!(props["Runtime"], json!("provided.al2023"), "{resource}");
        assert_eq!(props["Handler"], json!("bootstrap"), "{resource}");
        assert_eq!(props["CodeUri"], json!("."), "{resource}");
        assert_eq!(
            props["Environment"]["Variables"]["CHALICE_HANDLER"],
            json!(handler),
            "{resource}"
        );
        assert_eq!(
            function["Metadata"],
            json!({"BuildMethod": "rust-cargolambda", "BuildProperties": {"Binary": "refapp-lambda"}}),
            "{resource}"
        );
        let tag = props["Tags"]["aws-chalice"].as_str().unwrap();
        assert!(tag.starts_with("version=chalice-rs-"), "{tag}");
        assert!(tag.ends_with(":stage=prod:app=refapp"), "{tag}");
    }
    // The user's variables are kept around the handler's.
    assert_eq!(
        template["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"],
        json!({"TABLE_NAME": "items", "STAGE": "prod", "API_ONLY": "yes", "CHALICE_HANDLER": "api"})
    );
}

/// `compare.py`'s rule, as a table of (what changed, whether it matches).
#[test]
fn the_comparison_rule() {
    let sam = |function: Value| json!({"template": {"Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": function}}}});
    let base = json!({
        "Runtime": "python3.11", "Handler": "app.f", "CodeUri": "./deployment.zip", "Timeout": 60,
        "Tags": {"aws-chalice": "version=1.34.0:stage=dev:app=a"},
        "Events": {"Q": {"Type": "SQS", "Properties": {"BatchSize": 1}}}
    });
    let rust = json!({
        "Runtime": "provided.al2023", "Handler": "bootstrap", "CodeUri": ".", "Timeout": 60,
        "Tags": {"aws-chalice": "version=chalice-rs-0.1.0:stage=dev:app=a"},
        "Environment": {"Variables": {"CHALICE_HANDLER": "f"}},
        "Events": {"Q": {"Type": "SQS", "Properties": {"BatchSize": 1, "FunctionResponseTypes": ["ReportBatchItemFailures"]}}}
    });
    let with = |mut v: Value, pointer: &str, new: Value| {
        *v.pointer_mut(pointer).unwrap() = new;
        v
    };
    let table: Vec<(&str, Value, bool)> = vec![
        ("the Rust build's differences", rust.clone(), true),
        (
            "another property",
            with(rust.clone(), "/Timeout", json!(30)),
            false,
        ),
        (
            "an integer written as a float",
            with(rust.clone(), "/Timeout", json!(60.0)),
            false,
        ),
        (
            "another response type",
            with(
                rust.clone(),
                "/Events/Q/Properties/FunctionResponseTypes",
                json!(["Other"]),
            ),
            false,
        ),
        (
            "another tag",
            with(
                rust.clone(),
                "/Tags/aws-chalice",
                json!("version=1:stage=prod:app=a"),
            ),
            false,
        ),
        (
            "a variable of the user's",
            with(
                rust.clone(),
                "/Environment/Variables",
                json!({"CHALICE_HANDLER": "f", "X": "1"}),
            ),
            false,
        ),
    ];
    for (what, actual, matches) in table {
        let problems = compare(&sam(base.clone()), &sam(actual));
        assert_eq!(problems.is_empty(), matches, "{what}: {problems:?}");
    }
    // A refusal matches a refusal, whatever it says; not a template.
    assert!(compare(&json!({"error": "a"}), &json!({"error": "b"})).is_empty());
    assert!(!compare(&json!({"error": "a"}), &sam(base.clone())).is_empty());
    // Terraform's Swagger text is compared as JSON.
    let tf = |text: &str| json!({"template": {"locals": {"chalice_api_swagger": text}}});
    assert!(compare(&tf(r#"{"a": 1, "b": 2}"#), &tf(r#"{"b":2,"a":1}"#)).is_empty());
    assert!(!compare(&tf(r#"{"a": 1}"#), &tf(r#"{"a": 2}"#)).is_empty());
}

fn items_config() -> Config {
    Config::from_json(
        r#"{"version": "2.0", "app_name": "items",
            "stages": {"dev": {"api_gateway_stage": "api", "environment_variables": {"LOG_LEVEL": "info"}}}}"#,
    )
    .unwrap()
}

fn items_options(format: PackageFormat) -> PackageOptions {
    PackageOptions::new("items")
        .format(format)
        .code(CodeLocation::CargoLambda {
            project_dir: "..".into(),
        })
}

/// The SAM template of the items example (without its S3 handler, which a
/// SAM template cannot hold). Below insta's header (up to the second `---`
/// line) the snapshot file is the template itself, which CI lints with
/// `cfn-lint`.
#[test]
fn items_sam_template() {
    let app = items::build_app_without_uploads();
    let template = package::template(
        &app,
        &items_config(),
        &items_options(PackageFormat::CloudFormation),
    )
    .unwrap();
    insta::assert_json_snapshot!("items_sam", template);
}

#[test]
fn items_terraform_template() {
    let app = items::build_app();
    let template = package::template(
        &app,
        &items_config(),
        &items_options(PackageFormat::Terraform),
    )
    .unwrap();
    insta::assert_json_snapshot!("items_terraform", template);
}

#[test]
fn items_with_uploads_is_refused_as_sam() {
    let app = items::build_app();
    let err = package::template(
        &app,
        &items_config(),
        &items_options(PackageFormat::CloudFormation),
    )
    .unwrap_err();
    assert!(matches!(err, PackageError::Unsupported(_)), "{err:?}");
    insta::assert_snapshot!(err.to_string(), @"Unable to package chalice apps that @app.on_s3_event decorator. CloudFormation does not support modifying the event notifications of existing buckets. You can package this app as Terraform instead (--pkg-format terraform).");
}
