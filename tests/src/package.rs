//! The packaging conformance suite (`testdata/conformance/package/`): runs a
//! case against the twin of the reference app and compares the outcome with
//! what Chalice 1.34 wrote, under the rule of `compare.py`.

use std::path::Path;

use chalice_app::package::{
    self, CodeLocation, Config, PackageError, PackageFormat, PackageOptions,
};
use serde_json::{json, Map, Value};

use crate::refapp::{refapp_with, RefappOptions};

/// The cases folder, `testdata/conformance/package/cases`.
pub fn cases_dir() -> std::path::PathBuf {
    crate::testdata_dir().join("conformance/package/cases")
}

/// The expected outcomes, `testdata/conformance/package/expected`.
pub fn expected_dir() -> std::path::PathBuf {
    crate::testdata_dir().join("conformance/package/expected")
}

/// The binary the twin's templates name (the one `refapp-lambda` builds).
pub const BINARY: &str = "refapp-lambda";

/// Runs one case (`{"pkg_format", "stage", "without_s3", "config", "files"}`)
/// the way `make_expected.py` runs `chalice package`: the config and its
/// files are written into a fresh project folder, read back, and the twin is
/// packaged with them. Returns `{"template": ...}` or `{"error": ...}`.
///
/// # Errors
///
/// When the case file is malformed or the project folder cannot be written
/// (a refusal to package is an outcome, not an error).
pub fn run_case(case: &Value) -> Result<Value, String> {
    let format = case
        .get("pkg_format")
        .and_then(Value::as_str)
        .ok_or("the case has no pkg_format")?;
    let stage = case.get("stage").and_then(Value::as_str).unwrap_or("dev");
    let without_s3 = case
        .get("without_s3")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let app = refapp_with(RefappOptions {
        without_s3,
        ..RefappOptions::default()
    });
    if format == "swagger" {
        return Ok(outcome(package::generate_models(&app)));
    }
    let format: PackageFormat = format.parse().map_err(|e: PackageError| e.to_string())?;
    let project = tempfile::tempdir().map_err(|e| format!("cannot make a project folder: {e}"))?;
    write_project(project.path(), case)?;
    let options = PackageOptions::new(BINARY)
        .stage(stage)
        .format(format)
        .code(CodeLocation::CargoLambda {
            project_dir: ".".into(),
        });
    Ok(outcome(Config::load(project.path()).and_then(|config| {
        package::template(&app, &config, &options)
    })))
}

fn outcome(result: Result<Value, PackageError>) -> Value {
    match result {
        Ok(template) => json!({ "template": template }),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

fn write_project(dir: &Path, case: &Value) -> Result<(), String> {
    let chalice = dir.join(".chalice");
    std::fs::create_dir_all(&chalice)
        .map_err(|e| format!("cannot make {}: {e}", chalice.display()))?;
    let mut files: Vec<(String, Value)> = vec![(
        "config.json".to_string(),
        case.get("config").cloned().unwrap_or(Value::Null),
    )];
    if let Some(Value::Object(extra)) = case.get("files") {
        files.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    for (name, content) in files {
        let path = chalice.join(&name);
        let text = serde_json::to_string_pretty(&content).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The comparison rule of `testdata/conformance/package/compare.py` (its
/// docstring is the specification): the differences between an expected
/// and an actual outcome, empty when they match.
///
/// Both templates are normalised first, removing only what a Rust build
/// must differ in: each function's runtime, handler and code location,
/// resource `Metadata`, the `CHALICE_HANDLER` variable, the version in the
/// `aws-chalice` tag, and `FunctionResponseTypes` / `function_response_types`
/// on SQS, Kinesis and DynamoDB sources when it is exactly
/// `["ReportBatchItemFailures"]`; Terraform's Swagger text is compared as
/// JSON. A refusal matches a refusal whatever its message.
pub fn compare(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let refused = |v: &Value| v.get("error").is_some();
    if refused(expected) || refused(actual) {
        if refused(expected) != refused(actual) {
            let got = match actual.get("error") {
                Some(e) => format!("a refusal: {e}"),
                None => "a template".to_string(),
            };
            let want = if refused(expected) {
                "a refusal"
            } else {
                "a template"
            };
            out.push(format!("expected {want}, got {got}"));
        }
        return out;
    }
    let empty = Value::Null;
    let e = normalize(expected.get("template").unwrap_or(&empty), &mut out);
    let a = normalize(actual.get("template").unwrap_or(&empty), &mut out);
    diff(&e, &a, "$", &mut out);
    out
}

const BATCH: &str = "ReportBatchItemFailures";

fn normalize(template: &Value, problems: &mut Vec<String>) -> Value {
    let mut t = template.clone();
    if let Some(Value::Object(resources)) = t.get_mut("Resources") {
        for (name, res) in resources.iter_mut() {
            let Some(res) = res.as_object_mut() else {
                continue;
            };
            res.remove("Metadata");
            if res.get("Type").and_then(Value::as_str) != Some("AWS::Serverless::Function") {
                continue;
            }
            let Some(Value::Object(props)) = res.get_mut("Properties") else {
                continue;
            };
            for key in ["Runtime", "Handler", "CodeUri"] {
                props.remove(key);
            }
            drop_handler_env(props, "Environment", "Variables");
            mask_tag(props.get_mut("Tags"));
            if let Some(Value::Object(events)) = props.get_mut("Events") {
                for (ev_name, ev) in events.iter_mut() {
                    let kind = ev.get("Type").and_then(Value::as_str).unwrap_or_default();
                    if !matches!(kind, "SQS" | "Kinesis" | "DynamoDB") {
                        continue;
                    }
                    if let Some(Value::Object(ev_props)) = ev.get_mut("Properties") {
                        let at = format!("Resources.{name}.Events.{ev_name}");
                        drop_batch_types(ev_props, "FunctionResponseTypes", problems, &at);
                    }
                }
            }
        }
    }
    if let Some(Value::Object(resource)) = t.get_mut("resource") {
        if let Some(Value::Object(functions)) = resource.get_mut("aws_lambda_function") {
            for function in functions.values_mut() {
                let Some(function) = function.as_object_mut() else {
                    continue;
                };
                for key in ["runtime", "handler", "filename", "source_code_hash"] {
                    function.remove(key);
                }
                drop_handler_env(function, "environment", "variables");
                mask_tag(function.get_mut("tags"));
            }
        }
        if let Some(Value::Object(mappings)) = resource.get_mut("aws_lambda_event_source_mapping") {
            for (name, mapping) in mappings.iter_mut() {
                if let Some(mapping) = mapping.as_object_mut() {
                    let at = format!("aws_lambda_event_source_mapping.{name}");
                    drop_batch_types(mapping, "function_response_types", problems, &at);
                }
            }
        }
    }
    if let Some(swagger) = t.pointer_mut("/locals/chalice_api_swagger") {
        if let Value::String(text) = swagger {
            match serde_json::from_str::<Value>(text) {
                Ok(parsed) => *swagger = parsed,
                Err(_) => problems.push("locals.chalice_api_swagger is not JSON".to_string()),
            }
        }
    }
    t
}

fn drop_handler_env(holder: &mut Map<String, Value>, key: &str, variables: &str) {
    let Some(Value::Object(env)) = holder.get_mut(key) else {
        return;
    };
    if let Some(Value::Object(vars)) = env.get_mut(variables) {
        vars.remove("CHALICE_HANDLER");
        if vars.is_empty() {
            holder.remove(key);
        }
    }
}

fn mask_tag(tags: Option<&mut Value>) {
    let Some(Value::Object(tags)) = tags else {
        return;
    };
    if let Some(Value::String(tag)) = tags.get_mut("aws-chalice") {
        // `version=<anything up to the next colon>` becomes `version=*`.
        let mut out = String::new();
        let mut rest = tag.as_str();
        while let Some(i) = rest.find("version=") {
            out.push_str(&rest[..i]);
            out.push_str("version=*");
            let after = &rest[i + "version=".len()..];
            rest = &after[after.find(':').unwrap_or(after.len())..];
        }
        out.push_str(rest);
        *tag = out;
    }
}

fn drop_batch_types(
    props: &mut Map<String, Value>,
    key: &str,
    problems: &mut Vec<String>,
    at: &str,
) {
    if let Some(value) = props.remove(key) {
        if value != json!([BATCH]) {
            problems.push(format!(
                "{at}.{key}: only [\"{BATCH}\"] may be added, got {value}"
            ));
        }
    }
}

fn diff(e: &Value, a: &Value, path: &str, out: &mut Vec<String>) {
    match (e, a) {
        (Value::Object(e), Value::Object(a)) => {
            let mut keys: Vec<&String> = e.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                match (e.get(k), a.get(k)) {
                    (Some(_), None) => out.push(format!("{path}.{k}: missing")),
                    (None, Some(v)) => out.push(format!("{path}.{k}: unexpected {}", short(v))),
                    (Some(x), Some(y)) => diff(x, y, &format!("{path}.{k}"), out),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "{path}: expected {} items, got {}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                diff(x, y, &format!("{path}[{i}]"), out);
            }
        }
        // Python compares 1 and 1.0 as equal but not their types; JSON
        // integers and floats are told apart here the same way.
        (Value::Number(x), Value::Number(y)) if x.is_f64() != y.is_f64() => {
            out.push(format!("{path}: expected {x}, got {y}"));
        }
        _ if e == a => {}
        _ => out.push(format!("{path}: expected {}, got {}", short(e), short(a))),
    }
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    text.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_version_is_masked() {
        let mut tags = json!({"aws-chalice": "version=1.34.0:stage=dev:app=refapp"});
        mask_tag(Some(&mut tags));
        assert_eq!(
            tags,
            json!({"aws-chalice": "version=*:stage=dev:app=refapp"})
        );
    }
}
