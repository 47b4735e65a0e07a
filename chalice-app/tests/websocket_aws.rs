//! `AwsWebsocketClient` (the `websocket-aws` feature) against a fake API
//! Gateway Management API on 127.0.0.1: the real SDK client, signing and
//! HTTP included, talking plain HTTP/1.1 to a small server in this file.

#![cfg(feature = "websocket-aws")]
// The helpers outside the `#[test]` functions fail the test the same way.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chalice_app::events::{Event, WebsocketEvent};
use chalice_app::{AwsWebsocketClient, Chalice, Error, LambdaContext, WebsocketAPI};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A real connection id looks like this; `=` travels percent-encoded.
const CONN: &str = "Ab1cDef2GhI=";

/// One request the fake API received.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    /// Percent-decoded.
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The fake API Gateway Management API: `POST`, `DELETE` and `GET` on
/// `/<stage>/@connections/<id>`. The ids `gone` and `gone-bare` answer 410
/// (with and without the `GoneException` error type), `forbidden` 403.
struct FakeApi {
    /// The endpoint, `http://127.0.0.1:<port>/stage`.
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl FakeApi {
    async fn start() -> FakeApi {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let log = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&log)));
            }
        });
        FakeApi {
            url: format!("http://{addr}/stage"),
            received,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// A `WebsocketAPI` for this endpoint with an AWS client.
    fn websocket_api(&self) -> WebsocketAPI {
        let api = WebsocketAPI::default();
        api.configure_endpoint(&self.url);
        api.set_client(aws_client());
        api
    }
}

/// The SDK client with dummy settings, so nothing comes from the environment.
fn aws_client() -> Arc<AwsWebsocketClient> {
    Arc::new(
        AwsWebsocketClient::new()
            .with_region("us-west-2")
            .with_credentials("AKIDEXAMPLE", "SECRETEXAMPLE", Some("TOKENEXAMPLE".into())),
    )
}

/// Serves HTTP/1.1 requests on one connection, keep-alive included.
async fn serve(stream: TcpStream, log: Arc<Mutex<Vec<Received>>>) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let mut words = line.split_whitespace();
        let method = words.next().unwrap_or_default().to_string();
        let target = words.next().unwrap_or_default();
        let path = percent_decode(target.split('?').next().unwrap_or_default());
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).await.unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let length = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let response = respond(&method, &path);
        log.lock().unwrap().push(Received {
            method,
            path,
            headers,
            body,
        });
        if reader.get_mut().write_all(&response).await.is_err() {
            return;
        }
    }
}

/// What API Gateway would answer.
fn respond(method: &str, path: &str) -> Vec<u8> {
    let id = path.rsplit_once("/@connections/").map(|(_, id)| id);
    let (status, extra, body) = match (method, id) {
        (_, Some("gone")) => (
            "410 Gone",
            "x-amzn-ErrorType: GoneException\r\n",
            r#"{"message":null}"#.to_string(),
        ),
        (_, Some("gone-bare")) => ("410 Gone", "", "{}".to_string()),
        (_, Some("forbidden")) => (
            "403 Forbidden",
            "x-amzn-ErrorType: ForbiddenException\r\n",
            r#"{"message":"Forbidden"}"#.to_string(),
        ),
        ("POST", Some(_)) => ("200 OK", "", String::new()),
        ("DELETE", Some(_)) => ("204 No Content", "", String::new()),
        ("GET", Some(_)) => (
            "200 OK",
            "",
            json!({
                "connectedAt": "2024-01-02T03:04:05.000Z",
                "identity": {"sourceIp": "192.0.2.1", "userAgent": "test-agent/1.0"},
                "lastActiveAt": "2024-01-02T03:05:06.000Z",
            })
            .to_string(),
        ),
        _ => (
            "404 Not Found",
            "",
            r#"{"message":"Not Found"}"#.to_string(),
        ),
    };
    let length = if status.starts_with("204") {
        String::new()
    } else {
        format!("content-length: {}\r\n", body.len())
    };
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\nx-amzn-RequestId: fake\r\n{extra}{length}\r\n{body}"
    )
    .into_bytes()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every test is bounded in time.
async fn bounded<T>(test: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), test)
        .await
        .expect("test timed out")
}

#[tokio::test]
async fn send_posts_the_message_signed_for_the_region() {
    bounded(async {
        let fake = FakeApi::start().await;
        let api = fake.websocket_api();
        api.send(CONN, "hello").await.unwrap();
        api.send(CONN, b"\x00\xffbytes".to_vec()).await.unwrap();

        let received = fake.received();
        assert_eq!(received.len(), 2);
        let first = &received[0];
        assert_eq!(first.method, "POST");
        assert_eq!(first.path, format!("/stage/@connections/{CONN}"));
        assert_eq!(first.body, b"hello");
        assert_eq!(received[1].body, b"\x00\xffbytes");
        let authorization = first.header("authorization").unwrap_or_default();
        assert!(
            authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
            "{authorization}"
        );
        assert!(
            authorization.contains("/us-west-2/execute-api/aws4_request"),
            "{authorization}"
        );
        assert_eq!(first.header("x-amz-security-token"), Some("TOKENEXAMPLE"));
    })
    .await;
}

#[tokio::test]
async fn close_deletes_the_connection() {
    bounded(async {
        let fake = FakeApi::start().await;
        fake.websocket_api().close(CONN).await.unwrap();
        let received = fake.received();
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].method, "DELETE");
        assert_eq!(received[0].path, format!("/stage/@connections/{CONN}"));
    })
    .await;
}

#[tokio::test]
async fn info_returns_the_connection() {
    bounded(async {
        let fake = FakeApi::start().await;
        let info = fake.websocket_api().info(CONN).await.unwrap();
        assert_eq!(
            info,
            json!({
                "connectedAt": "2024-01-02T03:04:05Z",
                "identity": {"sourceIp": "192.0.2.1", "userAgent": "test-agent/1.0"},
                "lastActiveAt": "2024-01-02T03:05:06Z",
            })
        );
        let received = fake.received();
        assert_eq!(received[0].method, "GET");
        assert_eq!(received[0].path, format!("/stage/@connections/{CONN}"));
    })
    .await;
}

#[tokio::test]
async fn a_gone_connection_is_a_websocket_disconnected_error() {
    bounded(async {
        let fake = FakeApi::start().await;
        let api = fake.websocket_api();
        for id in ["gone", "gone-bare"] {
            let errors = [
                api.send(id, "hello").await.unwrap_err(),
                api.close(id).await.unwrap_err(),
                api.info(id).await.unwrap_err(),
            ];
            for err in errors {
                assert!(err.is_websocket_disconnected(), "{err:?}");
                let disconnected = err.as_websocket_disconnected().unwrap();
                assert_eq!(disconnected.connection_id, id);
                assert_eq!(err.to_string(), id);
            }
        }
        // A 410 is final: no retries.
        assert_eq!(fake.received().len(), 6);
    })
    .await;
}

#[tokio::test]
async fn other_service_errors_keep_their_message() {
    bounded(async {
        let fake = FakeApi::start().await;
        let err = fake
            .websocket_api()
            .send("forbidden", "hello")
            .await
            .unwrap_err();
        assert!(!err.is_websocket_disconnected());
        let message = err.to_string();
        assert!(message.starts_with("PostToConnection: "), "{message}");
        assert!(message.contains("ForbiddenException"), "{message}");
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_endpoint_is_an_ordinary_error() {
    bounded(async {
        // Bind and drop, so the port is (almost certainly) closed.
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            listener.local_addr().unwrap().port()
        };
        let api = WebsocketAPI::default();
        api.configure_endpoint(&format!("http://127.0.0.1:{port}/stage"));
        api.set_client(aws_client());
        let err = api.send(CONN, "hello").await.unwrap_err();
        assert!(!err.is_websocket_disconnected());
        assert!(err.to_string().starts_with("PostToConnection: "), "{err}");
    })
    .await;
}

/// A chat app: the message handler echoes through `app.websocket_api`, and
/// forgets connections that are gone, the way Chalice apps catch
/// `WebsocketDisconnectedError`.
fn echo_app(fake: &FakeApi, forgotten: Arc<Mutex<Vec<String>>>) -> Arc<Chalice> {
    let mut app = Chalice::new("chat");
    // Configured before the first event, so the event's API id is not used.
    app.websocket_api.configure_endpoint(&fake.url);
    app.websocket_api.set_client(aws_client());
    let api = Arc::clone(&app.websocket_api);
    app.on_ws_message("message", move |event: WebsocketEvent| {
        let api = Arc::clone(&api);
        let forgotten = Arc::clone(&forgotten);
        async move {
            let echo = format!("echo: {}", event.body().unwrap_or_default());
            match api.send(event.connection_id(), echo).await {
                Err(e) if e.is_websocket_disconnected() => {
                    forgotten.lock().unwrap().push(e.to_string());
                    Ok::<(), Error>(())
                }
                other => other,
            }
        }
    });
    Arc::new(app)
}

fn message_event(connection_id: &str, body: &str) -> Value {
    WebsocketEvent::builder()
        .route_key("$default")
        .api_id("abcd1234")
        .stage("api")
        .connection_id(connection_id)
        .body(body)
        .build()
        .to_dict()
}

#[tokio::test]
async fn a_handler_echoes_through_the_app_websocket_api() {
    bounded(async {
        let fake = FakeApi::start().await;
        let forgotten = Arc::default();
        let app = echo_app(&fake, Arc::clone(&forgotten));
        let ctx = LambdaContext::new("chat-dev-message");

        let out = app
            .invoke("message", message_event(CONN, "hi there"), ctx.clone())
            .await
            .unwrap();
        assert_eq!(out, json!({"statusCode": 200}));
        let received = fake.received();
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].method, "POST");
        assert_eq!(received[0].path, format!("/stage/@connections/{CONN}"));
        assert_eq!(received[0].body, b"echo: hi there");
        assert_eq!(app.websocket_api.endpoint(), Some(fake.url.as_str()));

        let out = app
            .invoke("message", message_event("gone", "anyone?"), ctx)
            .await
            .unwrap();
        assert_eq!(out, json!({"statusCode": 200}));
        assert_eq!(*forgotten.lock().unwrap(), vec!["gone".to_string()]);
    })
    .await;
}

#[tokio::test]
async fn an_uncaught_disconnect_fails_the_invocation_with_its_type() {
    bounded(async {
        let fake = FakeApi::start().await;
        let mut app = Chalice::new("chat");
        app.websocket_api.configure_endpoint(&fake.url);
        app.websocket_api.set_client(aws_client());
        let api = Arc::clone(&app.websocket_api);
        app.on_ws_message("message", move |event: WebsocketEvent| {
            let api = Arc::clone(&api);
            async move { api.send(event.connection_id(), "x").await }
        });
        let app = Arc::new(app);
        let err = app
            .invoke(
                "message",
                message_event("gone", "x"),
                LambdaContext::new("chat-dev-message"),
            )
            .await
            .unwrap_err();
        assert!(err.is_websocket_disconnected(), "{err:?}");
    })
    .await;
}
