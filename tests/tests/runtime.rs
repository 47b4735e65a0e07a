//! End to end on the real `lambda_runtime`: a fake Lambda Runtime API on
//! 127.0.0.1 hands invocations to the `refapp-lambda` binary and records what
//! it posts back.

use std::collections::VecDeque;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Default)]
struct FakeRuntime {
    pending: VecDeque<(String, Value)>,
    responses: Vec<(String, Value)>,
    errors: Vec<(String, Value)>,
}

async fn read_request(reader: &mut BufReader<TcpStream>) -> Option<(String, String, Vec<u8>)> {
    let mut line = String::new();
    if reader.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).await.ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    Some((method, path, body))
}

async fn respond(
    stream: &mut BufReader<TcpStream>,
    status: &str,
    headers: &[(&str, String)],
    body: &[u8],
) {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let stream = stream.get_mut();
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body).await;
}

async fn serve(stream: TcpStream, state: Arc<Mutex<FakeRuntime>>) {
    let mut reader = BufReader::new(stream);
    while let Some((method, path, body)) = read_request(&mut reader).await {
        if method == "GET" && path.ends_with("/runtime/invocation/next") {
            let next = state.lock().unwrap().pending.pop_front();
            let Some((id, event)) = next else {
                // No more work: hold the connection, as Lambda does between invocations.
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            };
            let deadline = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis()
                + 30_000;
            let headers = [
                ("Content-Type", "application/json".to_string()),
                ("Lambda-Runtime-Aws-Request-Id", id),
                ("Lambda-Runtime-Deadline-Ms", deadline.to_string()),
                (
                    "Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:us-west-2:123456789012:function:refapp".to_string(),
                ),
                (
                    "Lambda-Runtime-Trace-Id",
                    "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"
                        .to_string(),
                ),
            ];
            respond(
                &mut reader,
                "200 OK",
                &headers,
                event.to_string().as_bytes(),
            )
            .await;
        } else if method == "POST" {
            let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let id = path.split('/').nth(4).unwrap_or_default().to_string();
            {
                let mut s = state.lock().unwrap();
                if path.ends_with("/response") {
                    s.responses.push((id, value));
                } else {
                    s.errors.push((path.clone(), value));
                }
            }
            respond(&mut reader, "202 Accepted", &[], b"{\"status\":\"OK\"}").await;
        } else {
            respond(&mut reader, "404 Not Found", &[], b"").await;
        }
    }
}

async fn run_invocations(handler: Option<&str>, events: Vec<(&str, Value)>) -> FakeRuntime {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let expected = events.len();
    let state = Arc::new(Mutex::new(FakeRuntime {
        pending: events
            .into_iter()
            .map(|(id, e)| (id.to_string(), e))
            .collect(),
        ..FakeRuntime::default()
    }));
    let server_state = state.clone();
    let server = tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::spawn(serve(stream, server_state.clone()));
        }
    });
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_refapp-lambda"));
    command
        .env("AWS_LAMBDA_RUNTIME_API", addr.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "refapp-dev")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "stream")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/refapp-dev")
        .env("AWS_DEFAULT_REGION", "us-west-2")
        .env_remove("CHALICE_HANDLER")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    if let Some(h) = handler {
        command.env("CHALICE_HANDLER", h);
    }
    let mut child = command.spawn().unwrap();
    let started = std::time::Instant::now();
    loop {
        {
            let s = state.lock().unwrap();
            if s.responses.len() + s.errors.len() >= expected {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the runtime did not answer every invocation in time"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = child.kill().await;
    server.abort();
    let mut s = state.lock().unwrap();
    std::mem::take(&mut *s)
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
    let responses: std::collections::HashMap<_, _> = outcome.responses.into_iter().collect();
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
    assert!(outcome.errors[0].0.contains("/invocation/inv-3/error"));
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
    let responses: std::collections::HashMap<_, _> = outcome.responses.into_iter().collect();
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
