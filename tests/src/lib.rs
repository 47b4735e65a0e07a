//! Workspace-level suites of chalice-rs: the conformance twin of Chalice's
//! reference app, the comparison rule of the conformance suite, and the
//! typed views the `chalice-conformance` binary prints.

pub mod fake_runtime;
pub mod fuzz;
pub mod on_lambda;
pub mod package;
pub mod refapp;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chalice_app::events::authorizer::AuthRequest;
use chalice_app::events::cloudwatch::CloudWatchEvent;
use chalice_app::events::dynamodb::DynamoDBEvent;
use chalice_app::events::kinesis::KinesisEvent;
use chalice_app::events::s3::S3Event;
use chalice_app::events::schedule::ScheduleExpression;
use chalice_app::events::sns::SNSEvent;
use chalice_app::events::sqs::SQSEvent;
use chalice_app::events::websocket::WebsocketEvent;
use chalice_app::{Chalice, Event, LambdaContext, Request};
use serde_json::{json, Map, Value};

/// The repository's `testdata/`: the real-event fixtures and the conformance
/// suites (see `testdata/README.md`).
pub fn testdata_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

/// The fixture kinds: the folders of `testdata/fixtures/`.
pub const KINDS: [&str; 13] = [
    "apigw_rest",
    "apigw_http",
    "alb",
    "function_url",
    "authorizer",
    "websocket",
    "s3",
    "sns",
    "sqs",
    "cloudwatch_scheduled",
    "eventbridge",
    "kinesis",
    "dynamodb",
];

fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Parses `bytes` as an event of `kind` and returns
/// `{"to_dict": ..., "view": {...}}`: the lossless dict and the typed
/// accessors Chalice exposes for that kind. The kind `schedule_expr` reads
/// one schedule expression (`rate(...)` or `cron(...)`, no newline): its
/// `to_dict` is the expression as written back.
///
/// # Errors
///
/// The typed error of chalice-events when the event does not parse, or a
/// message naming an unknown kind.
pub fn parse_kind(kind: &str, bytes: &[u8]) -> Result<Value, String> {
    let err = |e: chalice_app::events::Error| e.to_string();
    let (to_dict, view) = match kind {
        "apigw_rest" | "apigw_http" | "alb" | "function_url" => {
            let request = Request::from_slice(bytes).map_err(err)?;
            let view = json!({
                "kind": format!("{:?}", request.kind()),
                "method": request.method(),
                "path": request.path(),
                "raw_path": request.raw_path(),
                "query_params": request.query_params().map(|q| {
                    q.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<Map<String, Value>>()
                }),
                "headers": request.headers().to_map(),
                "uri_params": request.uri_params(),
                "stage_vars": request.stage_vars(),
                "raw_body_base64": request.raw_body().map(|b| base64(&b)).map_err(|e| e.to_string()),
                "to_dict": request.to_dict(),
            });
            (request.to_original_event().clone(), view)
        }
        "authorizer" => {
            let e = AuthRequest::from_slice(bytes).map_err(err)?;
            let view = json!({"auth_type": e.auth_type(), "token": e.token(), "method_arn": e.method_arn()});
            (e.to_dict(), view)
        }
        "websocket" => {
            let e = WebsocketEvent::from_slice(bytes).map_err(err)?;
            let view = json!({
                "domain_name": e.domain_name(), "stage": e.stage(), "connection_id": e.connection_id(),
                "route_key": e.route_key(), "body": e.body(),
                "json_body": e.json_body().ok(),
            });
            (e.to_dict(), view)
        }
        "s3" => {
            let e = S3Event::from_slice(bytes).map_err(err)?;
            (e.to_dict(), json!({"bucket": e.bucket(), "key": e.key()}))
        }
        "sns" => {
            let e = SNSEvent::from_slice(bytes).map_err(err)?;
            let view = json!({"message": e.message(), "subject": e.subject(), "message_attributes": e.message_attributes()});
            (e.to_dict(), view)
        }
        "sqs" => {
            let e = SQSEvent::from_slice(bytes).map_err(err)?;
            let records: Vec<Value> = e
                .iter()
                .map(|r| json!({"body": r.body(), "receipt_handle": r.receipt_handle()}))
                .collect();
            (e.to_dict(), json!({"records": records}))
        }
        "cloudwatch_scheduled" | "eventbridge" => {
            let e = CloudWatchEvent::from_slice(bytes).map_err(err)?;
            let view = json!({
                "version": e.version(), "account": e.account(), "region": e.region(), "detail": e.detail(),
                "detail_type": e.detail_type(), "source": e.source(), "time": e.time(),
                "event_id": e.event_id(), "resources": e.resources(),
            });
            (e.to_dict(), view)
        }
        "kinesis" => {
            let e = KinesisEvent::from_slice(bytes).map_err(err)?;
            let records: Vec<Value> = e
                .iter()
                .map(|r| {
                    json!({
                        "data_base64": base64(&r.data()),
                        "sequence_number": r.sequence_number(),
                        "partition_key": r.partition_key(),
                        "schema_version": r.schema_version(),
                        "timestamp": r.timestamp().to_string(),
                    })
                })
                .collect();
            (e.to_dict(), json!({"records": records}))
        }
        "dynamodb" => {
            let e = DynamoDBEvent::from_slice(bytes).map_err(err)?;
            let records: Vec<Value> = e
                .iter()
                .map(|r| {
                    json!({
                        "timestamp": r.timestamp().map(|t| t.to_string()),
                        "keys": r.keys(), "new_image": r.new_image(), "old_image": r.old_image(),
                        "sequence_number": r.sequence_number(), "size_bytes": r.size_bytes(),
                        "stream_view_type": r.stream_view_type(), "aws_region": r.aws_region(),
                        "event_id": r.event_id(), "event_name": r.event_name(),
                        "event_source_arn": r.event_source_arn(), "table_name": r.table_name(),
                    })
                })
                .collect();
            (e.to_dict(), json!({"records": records}))
        }
        "schedule_expr" => {
            // The file holds the expression alone, as written in a rule.
            let text = std::str::from_utf8(bytes)
                .map_err(|e| format!("the expression is not UTF-8: {e}"))?;
            let expression = ScheduleExpression::parse(text).map_err(err)?;
            let view = match &expression {
                ScheduleExpression::Rate(rate) => json!({
                    "type": "rate", "value": rate.value(), "unit": rate.unit().as_str(),
                }),
                ScheduleExpression::Cron(cron) => json!({
                    "type": "cron", "minutes": cron.minutes(), "hours": cron.hours(),
                    "day_of_month": cron.day_of_month(), "month": cron.month(),
                    "day_of_week": cron.day_of_week(), "year": cron.year(),
                }),
                // `parse` checks the text; raw expressions come only from `From<&str>`.
                ScheduleExpression::Raw(raw) => json!({"type": "raw", "text": raw}),
            };
            (Value::String(expression.to_string()), view)
        }
        other => {
            return Err(format!(
                "unknown kind `{other}`; expected one of {}, schedule_expr",
                KINDS.join(", ")
            ))
        }
    };
    Ok(json!({"to_dict": to_dict, "view": view}))
}

/// The context of a conformance case file.
pub fn case_context(fields: &Value) -> LambdaContext {
    let s = |k: &str| {
        fields
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    LambdaContext {
        function_name: s("function_name").into(),
        function_version: s("function_version").into(),
        invoked_function_arn: s("invoked_function_arn"),
        memory_limit_in_mb: fields
            .get("memory_limit_in_mb")
            .and_then(Value::as_u64)
            .and_then(|m| u32::try_from(m).ok()),
        aws_request_id: s("aws_request_id"),
        log_group_name: s("log_group_name").into(),
        log_stream_name: s("log_stream_name").into(),
        ..LambdaContext::new(s("function_name")).with_remaining_time_in_millis(
            fields
                .get("remaining_time_in_millis")
                .and_then(Value::as_u64)
                .unwrap_or(3000),
        )
    }
}

/// Runs one case (`{"handler", "context", "event"}`) against `app` and
/// returns the outcome in the format of `testdata/conformance/expected/`.
pub async fn run_case(app: &Arc<Chalice>, case: &Value) -> Value {
    let handler = case.get("handler").and_then(Value::as_str).unwrap_or("api");
    let context = case_context(case.get("context").unwrap_or(&Value::Null));
    let event = case.get("event").cloned().unwrap_or(Value::Null);
    match app.invoke(handler, event, context).await {
        Ok(result) => json!({"result": result}),
        Err(e) => json!({"error": {"type": e.type_name(), "message": e.to_string()}}),
    }
}

/// The comparison rule of `testdata/conformance/compare.py`: equal JSON,
/// except that a proxy response `body` that parses as JSON on both sides is
/// compared as JSON, numbers compare by value and maps ignore order. Returns
/// the differences, empty when the outcomes match.
pub fn compare(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff(expected, actual, "$", &mut out);
    out
}

fn body_value(v: &Value) -> Value {
    match v {
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(parsed) => json!({"json": parsed}),
            Err(_) => json!({"raw": s}),
        },
        other => json!({"raw": other}),
    }
}

fn diff(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Bool(a), Value::Bool(b)) if a == b => {}
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_i64(), b.as_i64()) {
                (Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            };
            if !same {
                out.push(format!("{path}: expected {a}, got {b}"));
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            let mut keys: Vec<&String> = e.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                match (e.get(key), a.get(key)) {
                    (Some(_), None) => out.push(format!("{path}.{key}: missing")),
                    (None, Some(v)) => out.push(format!("{path}.{key}: unexpected ({v})")),
                    (Some(ev), Some(av)) if key == "body" && path.ends_with("result") => diff(
                        &body_value(ev),
                        &body_value(av),
                        &format!("{path}.body"),
                        out,
                    ),
                    (Some(ev), Some(av)) => diff(ev, av, &format!("{path}.{key}"), out),
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
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                diff(ev, av, &format!("{path}[{i}]"), out);
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(format!("{path}: expected {e}, got {a}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `chalice-conformance parse schedule_expr FILE`: what is accepted is
    /// written back as it came, with its typed view; anything else is the
    /// typed error's message.
    #[test]
    fn schedule_expressions_parse_or_fail_with_the_typed_error() {
        let accepted = [
            (
                "rate(5 minutes)",
                json!({"type": "rate", "value": 5, "unit": "MINUTES"}),
            ),
            (
                "rate(1 day)",
                json!({"type": "rate", "value": 1, "unit": "DAYS"}),
            ),
            (
                "cron(15 10 ? * 6L 2002-2005)",
                json!({"type": "cron", "minutes": "15", "hours": "10", "day_of_month": "?",
                       "month": "*", "day_of_week": "6L", "year": "2002-2005"}),
            ),
        ];
        for (text, view) in accepted {
            let out = parse_kind("schedule_expr", text.as_bytes()).unwrap();
            assert_eq!(out, json!({"to_dict": text, "view": view}), "{text}");
        }
        for text in [
            "rate(5 minutes)\n",
            "rate(1 minutes)",
            "cron(* * * *)",
            "every day",
            "",
        ] {
            let err = parse_kind("schedule_expr", text.as_bytes()).unwrap_err();
            assert!(
                err.contains("schedule") || err.contains("expression"),
                "{text:?}: {err}"
            );
        }
        let err = parse_kind("schedule_expr", b"rate(\xff)").unwrap_err();
        assert!(err.contains("not UTF-8"), "{err}");
    }
}
