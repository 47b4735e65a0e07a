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

/// Outside Lambda's own controls, `RUST_LOG`'s `level` and `target=level`
/// directives filter; `AWS_LAMBDA_LOG_LEVEL` overrides them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_log_directives_filter_unless_lambda_sets_a_level() {
    type Env<'a> = &'a [(&'a str, &'a str)];
    // (environment, the handler's INFO line shown, its DEBUG line shown)
    let cases: [(Env<'_>, bool, bool); 4] = [
        (&[], true, false),
        (&[("RUST_LOG", "warn")], false, false),
        (&[("RUST_LOG", "warn,refapp_lambda=debug")], true, true),
        (
            &[("RUST_LOG", "debug"), ("AWS_LAMBDA_LOG_LEVEL", "ERROR")],
            false,
            false,
        ),
    ];
    for (env, info, debug) in cases {
        let (outcome, stdout) = run_child(Some("logs"), env, vec![("inv-log", json!({}))]).await;
        assert_eq!(
            outcome.response("inv-log"),
            Some(&json!({"logged": {}})),
            "{env:?}"
        );
        assert_eq!(
            stdout.contains("hello from the handler"),
            info,
            "{env:?}:\n{stdout}"
        );
        assert_eq!(stdout.contains("a debug line"), debug, "{env:?}:\n{stdout}");
    }
}

mod faults {
    //! A failing Runtime API, as `lambda_runtime` 1.5 meets it (its
    //! `runtime.rs` and `layers/api_client.rs`): in the sequential loop a
    //! `/next` that cannot be reached or answers 5xx, and a response `POST`
    //! that gets no answer, end `run` with an error, which `refapp-lambda`
    //! (returning it from `main`) turns into a non-zero exit; a response
    //! `POST` answered with an error status is logged and the loop goes on.
    //! With `AWS_LAMBDA_MAX_CONCURRENCY` above 1, each worker retries a `/next`
    //! that fails in transport (without a pause), and the process ends once
    //! every worker has ended on an error. Never a hang: each test bounds the
    //! child's life.

    use std::process::{ExitStatus, Stdio};
    use std::time::Duration;

    use chalice_tests::fake_runtime::{FakeRuntimeApi, Fault};
    use serde_json::{json, Value};
    use tokio::process::{Child, Command};

    fn spawn_child(api: &str, env: &[(&str, &str)]) -> Child {
        Command::new(env!("CARGO_BIN_EXE_refapp-lambda"))
            .env("AWS_LAMBDA_RUNTIME_API", api)
            .env("AWS_LAMBDA_FUNCTION_NAME", "refapp-dev")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_DEFAULT_REGION", "us-west-2")
            .env("CHALICE_HANDLER", "logs")
            .env_remove("AWS_LAMBDA_MAX_CONCURRENCY")
            .env_remove("AWS_LAMBDA_LOG_FORMAT")
            .env_remove("AWS_LAMBDA_LOG_LEVEL")
            .env_remove("RUST_LOG")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap()
    }

    /// The child's exit status; panics when it is still running after 15 s.
    async fn exit_of(mut child: Child) -> ExitStatus {
        match tokio::time::timeout(Duration::from_secs(15), child.wait()).await {
            Ok(status) => status.unwrap(),
            Err(_) => {
                let _ = child.kill().await;
                panic!("the runtime hung on a failing Runtime API");
            }
        }
    }

    fn invocations(n: usize) -> Vec<(String, Value)> {
        (0..n)
            .map(|i| (format!("inv-{i}"), json!({"n": i})))
            .collect()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_unreachable_runtime_api_ends_the_process_with_an_error() {
        // A port that was just free: connections to it are refused.
        let addr = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap()
        };
        let status = exit_of(spawn_child(&addr.to_string(), &[])).await;
        assert!(!status.success(), "{status}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_5xx_from_next_ends_the_process_with_an_error() {
        let api = FakeRuntimeApi::start_with_fault(invocations(1), Some(Fault::NextStatus(500)))
            .await
            .unwrap();
        let status = exit_of(spawn_child(&api.addr().to_string(), &[])).await;
        assert!(!status.success(), "{status}");
        let outcome = api.outcome();
        assert_eq!(outcome.next_requests, 1, "{outcome:?}");
        assert_eq!(outcome.answered(), 0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_5xx_from_next_ends_every_concurrent_worker_and_the_process() {
        let api = FakeRuntimeApi::start_with_fault(invocations(1), Some(Fault::NextStatus(503)))
            .await
            .unwrap();
        let child = spawn_child(
            &api.addr().to_string(),
            &[("AWS_LAMBDA_MAX_CONCURRENCY", "3")],
        );
        let status = exit_of(child).await;
        assert!(!status.success(), "{status}");
        assert_eq!(api.outcome().next_requests, 3, "one /next per worker");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn dropped_next_connections_are_retried_by_concurrent_workers() {
        let api = FakeRuntimeApi::start_with_fault(invocations(2), Some(Fault::NextDropped(4)))
            .await
            .unwrap();
        let mut child = spawn_child(
            &api.addr().to_string(),
            &[("AWS_LAMBDA_MAX_CONCURRENCY", "2")],
        );
        let outcome = api.wait_for(2, Duration::from_secs(15)).await;
        let _ = child.kill().await;
        let outcome = outcome.unwrap_or_else(|o| panic!("not retried: {o:?}"));
        assert!(outcome.next_requests >= 6, "{outcome:?}");
        assert_eq!(
            outcome.response("inv-1"),
            Some(&json!({"logged": {"n": 1}}))
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_5xx_on_the_response_post_is_logged_and_the_next_invocation_served() {
        let api =
            FakeRuntimeApi::start_with_fault(invocations(2), Some(Fault::ResponseStatus(500)))
                .await
                .unwrap();
        let mut child = spawn_child(&api.addr().to_string(), &[]);
        let outcome = api.wait_for(2, Duration::from_secs(15)).await;
        // Both posted; then the runtime asks for a third invocation.
        let mut asked = false;
        for _ in 0..200 {
            if api.outcome().next_requests >= 3 {
                asked = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let still_running = child.try_wait().unwrap().is_none();
        let _ = child.kill().await;
        let outcome = outcome.unwrap_or_else(|o| panic!("{o:?}"));
        assert_eq!(
            outcome.response("inv-0"),
            Some(&json!({"logged": {"n": 0}}))
        );
        assert!(asked, "{:?}", api.outcome());
        assert!(still_running);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_unanswered_response_post_ends_the_process_with_an_error() {
        let api = FakeRuntimeApi::start_with_fault(invocations(2), Some(Fault::ResponseDropped))
            .await
            .unwrap();
        let status = exit_of(spawn_child(&api.addr().to_string(), &[])).await;
        assert!(!status.success(), "{status}");
        let outcome = api.outcome();
        assert_eq!(outcome.responses.len(), 1, "{outcome:?}");
    }
}
