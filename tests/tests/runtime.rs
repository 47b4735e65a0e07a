//! End to end on the real `lambda_runtime`: a fake Lambda Runtime API on
//! 127.0.0.1 hands invocations to the `refapp-lambda` binary and records what
//! it posts back.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use chalice_tests::fake_runtime::{FakeRuntimeApi, Outcome};
use serde_json::{json, Value};
use tokio::io::AsyncReadExt;

/// Runs `refapp-lambda` against a fake Runtime API serving `events`, with
/// `CHALICE_HANDLER` set to `handler` and the variables of `env` set, until
/// every event is answered. Returns what it posted back and what it wrote
/// to standard output.
async fn run_child(
    handler: Option<&str>,
    env: &[(&str, &str)],
    events: Vec<(&str, Value)>,
) -> (Outcome, String) {
    let expected = events.len();
    let api = FakeRuntimeApi::start(events.into_iter().map(|(id, e)| (id.to_string(), e)))
        .await
        .unwrap();
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_refapp-lambda"));
    command
        .env("AWS_LAMBDA_RUNTIME_API", api.addr().to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "refapp-dev")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "stream")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/refapp-dev")
        .env("AWS_DEFAULT_REGION", "us-west-2")
        // Whatever the environment running the tests sets, the child starts
        // from Lambda's defaults.
        .env_remove("CHALICE_HANDLER")
        .env_remove("AWS_LAMBDA_LOG_FORMAT")
        .env_remove("AWS_LAMBDA_LOG_LEVEL")
        .env_remove("AWS_LAMBDA_MAX_CONCURRENCY")
        .env_remove("RUST_LOG")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    if let Some(h) = handler {
        command.env("CHALICE_HANDLER", h);
    }
    let mut child = command.spawn().unwrap();
    let outcome = api.wait_for(expected, Duration::from_secs(30)).await;
    let _ = child.kill().await;
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout).await.unwrap();
    }
    let outcome = outcome.unwrap_or_else(|o| {
        panic!("the runtime did not answer every invocation in time: {o:?}\nstdout:\n{stdout}")
    });
    (outcome, stdout)
}

async fn run_invocations(handler: Option<&str>, events: Vec<(&str, Value)>) -> Outcome {
    run_child(handler, &[], events).await.0
}

fn rest_event(resource: &str, path: &str, params: Value, method: &str) -> Value {
    json!({
        "resource": resource, "path": path, "httpMethod": method,
        "headers": {"Accept": "application/json"}, "multiValueHeaders": {"Accept": ["application/json"]},
        "queryStringParameters": null, "multiValueQueryStringParameters": null,
        "pathParameters": params, "stageVariables": null,
        "requestContext": {"resourcePath": resource, "httpMethod": method, "stage": "api", "requestId": "r1",
                           "identity": {"sourceIp": "203.0.113.1"}},
        "body": null, "isBase64Encoded": false
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_runtime_dispatches_by_event_shape() {
    let sqs = json!({"Records": [{"messageId": "m1", "receiptHandle": "rh1", "body": "hello",
        "attributes": {}, "messageAttributes": {}, "md5OfBody": "x", "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-west-2:123456789012:refapp-queue", "awsRegion": "us-west-2"}]});
    let outcome = run_invocations(
        None,
        vec![
            ("inv-1", rest_event("/", "/", Value::Null, "GET")),
            ("inv-2", sqs),
            ("inv-3", json!({"something": "no handler takes"})),
            (
                "inv-4",
                rest_event(
                    "/errors/{kind}",
                    "/errors/conflict",
                    json!({"kind": "conflict"}),
                    "GET",
                ),
            ),
        ],
    )
    .await;
    let responses: HashMap<_, _> = outcome.responses.into_iter().collect();
    assert_eq!(responses["inv-1"]["statusCode"], 200);
    assert_eq!(responses["inv-1"]["body"], r#"{"hello":"world"}"#);
    assert_eq!(
        responses["inv-2"],
        json!([{"body": "hello", "receipt_handle": "rh1"}])
    );
    // A route that fails with a view error is still a successful invocation.
    assert_eq!(responses["inv-4"]["statusCode"], 409);
    // An event no handler takes is reported on the error endpoint.
    assert_eq!(outcome.errors.len(), 1, "{:?}", outcome.errors);
    assert_eq!(outcome.errors[0].0, "inv-3");
    assert!(outcome.errors[0].1["errorMessage"]
        .as_str()
        .unwrap_or_default()
        .contains("no handler"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_named_handler_gets_every_event_and_failures_are_reported() {
    let outcome = run_invocations(
        Some("plain_fn"),
        vec![("inv-a", json!({"n": 1})), ("inv-b", json!([1, 2]))],
    )
    .await;
    let responses: HashMap<_, _> = outcome.responses.into_iter().collect();
    assert_eq!(
        responses["inv-a"],
        json!({"echo": {"n": 1}, "function_name": "refapp-dev"})
    );
    assert_eq!(responses["inv-b"]["echo"], json!([1, 2]));

    // An S3 handler given something that is not an S3 event fails the invocation with the typed error.
    let outcome = run_invocations(
        Some("on_upload"),
        vec![("inv-c", json!({"Records": "nope"}))],
    )
    .await;
    assert!(outcome.responses.is_empty());
    let message = outcome.errors[0].1["errorMessage"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("S3Event: field `Records` should be an array"),
        "{message}"
    );
}

/// Chalice's Python runtime reports the exception's class as `errorType`;
/// a Rust handler reports its error type's name, view errors their Chalice
/// class.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_invocation_reports_the_error_class_as_error_type() {
    let cases = [
        (
            Some("fails_with_my_error"),
            json!({}),
            "MyError",
            "the handler's own error",
        ),
        (
            Some("fails_with_bad_request"),
            json!({}),
            "BadRequestError",
            "no such widget",
        ),
        (
            Some("on_upload"),
            json!({"Records": "nope"}),
            "EventError",
            "S3Event: field `Records` should be an array, found a string",
        ),
        (
            None,
            json!({"something": "no handler takes"}),
            "HandlerError",
            "no handler of this app takes this event; name one with CHALICE_HANDLER",
        ),
    ];
    let runs = cases
        .iter()
        .map(|(handler, event, _, _)| run_invocations(*handler, vec![("inv-err", event.clone())]));
    let outcomes = spawn_all(runs).await;
    for ((handler, _, error_type, message), outcome) in cases.iter().zip(outcomes) {
        assert!(outcome.responses.is_empty(), "{handler:?}: {outcome:?}");
        assert_eq!(
            outcome.error("inv-err"),
            Some(&json!({"errorType": error_type, "errorMessage": message})),
            "{handler:?}: {outcome:?}"
        );
    }
}

/// Runs every future on its own task, all at once, and returns their outputs in order.
async fn spawn_all<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::new();
    for handle in handles {
        outputs.push(handle.await.unwrap());
    }
    outputs
}

/// Lambda's advanced logging controls: `AWS_LAMBDA_LOG_FORMAT=JSON` makes
/// every line a JSON object, `AWS_LAMBDA_LOG_LEVEL` filters. The variables
/// are set on the child process only; this test binary's own environment is
/// untouched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_log_lines_follow_lambdas_logging_controls() {
    let (outcome, stdout) = run_child(
        Some("logs"),
        &[
            ("AWS_LAMBDA_LOG_FORMAT", "JSON"),
            ("AWS_LAMBDA_LOG_LEVEL", "INFO"),
        ],
        vec![("inv-log", json!({"n": 1}))],
    )
    .await;
    assert_eq!(
        outcome.response("inv-log"),
        Some(&json!({"logged": {"n": 1}}))
    );
    let lines: Vec<Value> = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect();
    let line = lines
        .iter()
        .find(|l| l["message"] == "hello from the handler")
        .unwrap_or_else(|| panic!("no line from the handler in:\n{stdout}"));
    assert_eq!(line["level"], "INFO", "{line}");
    assert_eq!(line["answer"], 42, "{line}");
    assert!(line["timestamp"].is_string(), "{line}");
    // lambda_runtime's span around each invocation names the request.
    assert_eq!(line["span"]["requestId"], "inv-log", "{line}");
    assert!(
        lines.iter().all(|l| l["message"] != "a debug line"),
        "DEBUG passed an INFO filter:\n{stdout}"
    );

    let (_, stdout) = run_child(
        Some("logs"),
        &[
            ("AWS_LAMBDA_LOG_FORMAT", "json"),
            ("AWS_LAMBDA_LOG_LEVEL", "DEBUG"),
        ],
        vec![("inv-log", json!({"n": 2}))],
    )
    .await;
    let debug_lines = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|l| l["message"] == "a debug line" && l["level"] == "DEBUG")
        .count();
    assert_eq!(debug_lines, 1, "{stdout}");
}

/// Without `AWS_LAMBDA_LOG_FORMAT`, lines are plain text, without the
/// terminal colour codes CloudWatch would show as they are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_log_lines_inside_lambda_have_no_colour_codes() {
    let (_, stdout) = run_child(Some("logs"), &[], vec![("inv-log", json!({}))]).await;
    let line = stdout
        .lines()
        .find(|l| l.contains("hello from the handler"))
        .unwrap_or_else(|| panic!("no line from the handler in:\n{stdout}"));
    assert!(serde_json::from_str::<Value>(line).is_err(), "{line}");
    assert!(
        line.contains("INFO") && line.contains("answer=42"),
        "{line}"
    );
    assert!(!stdout.contains('\x1b'), "{stdout:?}");
}
