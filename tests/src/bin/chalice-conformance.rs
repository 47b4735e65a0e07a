//! `chalice-conformance parse KIND FILE` prints `{"to_dict": ..., "view": {...}}`
//! for a real event; `chalice-conformance invoke CASE_FILE` runs a conformance
//! case against the Rust twin of the reference app and prints its outcome;
//! `chalice-conformance swagger [swagger|cloudformation|terraform]` prints the
//! twin's Swagger document for that target (for `openapi-spec-validator`);
//! `chalice-conformance openapi` prints the twin's OpenAPI 3.1 document;
//! `chalice-conformance package CASE_FILE` packages the twin for a packaging
//! case (`testdata/conformance/package/cases/`) and prints `{"template": ...}`
//! or `{"error": ...}`, as `make_expected.py` records `chalice package`.

use std::process::ExitCode;
use std::sync::Arc;

use serde_json::Value;

const USAGE: &str = "usage: chalice-conformance parse KIND FILE | chalice-conformance invoke CASE_FILE | chalice-conformance package CASE_FILE | chalice-conformance swagger [swagger|cloudformation|terraform] | chalice-conformance openapi";

#[allow(clippy::print_stdout)] // printing the outcome is this binary's job
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["parse", kind, file] => std::fs::read(file)
            .map_err(|e| format!("cannot read {file}: {e}"))
            .and_then(|bytes| chalice_tests::parse_kind(kind, &bytes)),
        ["invoke", file] => invoke(file),
        ["package", file] => package(file),
        ["swagger"] => swagger("swagger"),
        ["swagger", target] => swagger(target),
        ["openapi"] => Ok(chalice_app::package::openapi::generate(
            &chalice_tests::refapp::refapp(),
        )),
        _ => Err(USAGE.to_string()),
    };
    match outcome {
        Ok(value) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn invoke(file: &str) -> Result<Value, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let case: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{file} is not JSON: {e}"))?;
    // The reference run sets a default region; so does the twin.
    if std::env::var_os("AWS_DEFAULT_REGION").is_none() {
        std::env::set_var("AWS_DEFAULT_REGION", "us-west-2");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    let app = Arc::new(chalice_tests::refapp::refapp());
    Ok(runtime.block_on(chalice_tests::run_case(&app, &case)))
}

fn swagger(target: &str) -> Result<Value, String> {
    use chalice_app::package::swagger::{generate, RestApiSettings, Target};
    let target = match target {
        "swagger" => Target::Swagger,
        "cloudformation" => Target::CloudFormation,
        "terraform" => Target::Terraform,
        other => return Err(format!("unknown target `{other}`\n{USAGE}")),
    };
    let app = chalice_tests::refapp::refapp();
    Ok(generate(&app, target, &RestApiSettings::default()))
}

fn package(file: &str) -> Result<Value, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let case: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{file} is not JSON: {e}"))?;
    chalice_tests::package::run_case(&case)
}
