//! The local dev server over real HTTP: the same requests give the same
//! answers as the gateway emulation the test client uses, and the server
//! stays up through malformed, oversized, slow and panicking requests.

use std::sync::Arc;
use std::time::Duration;

use chalice_app::{
    serve_with_shutdown, Chalice, HttpRequest, LocalGateway, Request, Route, ServerConfig,
};
use chalice_tests::refapp::refapp;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub(crate) struct Server {
    pub(crate) addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub(crate) async fn start(app: Chalice, config: ServerConfig) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            serve_with_shutdown(Arc::new(app), listener, config, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        Server {
            addr,
            stop: Some(stop),
            task,
        }
    }

    pub(crate) async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .unwrap()
            .unwrap();
    }
}

/// Sends raw bytes and reads the whole answer (the request asks the server to close).
pub(crate) async fn raw(addr: std::net::SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out)).await;
    out
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn parse_answer(bytes: &[u8]) -> Answer {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}

async fn send(addr: std::net::SocketAddr, request: &HttpRequest) -> Answer {
    let mut text = format!(
        "{} {} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n",
        request.method, request.path
    );
    for (k, v) in &request.headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str(&format!("Content-Length: {}\r\n\r\n", request.body.len()));
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(&request.body);
    parse_answer(&raw(addr, &bytes).await)
}

fn cases() -> Vec<HttpRequest> {
    vec![
        HttpRequest::new("GET", "/"),
        HttpRequest::new("GET", "/items/1"),
        HttpRequest::new("GET", "/items/2"),
        HttpRequest::new("PUT", "/items/7")
            .header("Content-Type", "application/json")
            .body(r#"{"a":1}"#),
        HttpRequest::new("POST", "/items")
            .header("Content-Type", "application/json")
            .body("{not json"),
        HttpRequest::new("GET", "/echo?a=1&a=2&b=x%20y"),
        HttpRequest::new("GET", "/nowhere/at/all"),
        HttpRequest::new("POST", "/"),
        HttpRequest::new("GET", "/cors-custom"),
        HttpRequest::new("OPTIONS", "/cors-custom"),
        HttpRequest::new("GET", "/errors/not-found"),
        HttpRequest::new("GET", "/png").header("Accept", "image/png"),
        HttpRequest::new("GET", "/png"),
        HttpRequest::new("POST", "/binary-echo")
            .header("Content-Type", "application/octet-stream")
            .header("Accept", "application/octet-stream")
            .body(vec![0u8, 159, 146, 150, 255]),
        HttpRequest::new("GET", "/secure"),
        HttpRequest::new("GET", "/secure").header("Authorization", "allow-all"),
        HttpRequest::new("GET", "/secure").header("Authorization", "nobody"),
        HttpRequest::new("GET", "/headers"),
        // A status HTTP cannot send as the final answer: API Gateway's 502
        // on both fronts (hyper alone would send a bare 500).
        HttpRequest::new("GET", "/status/150"),
        HttpRequest::new("GET", "/status/599"),
        // No content in a 204 or a 304, whatever the view's body.
        HttpRequest::new("GET", "/status/204"),
        HttpRequest::new("GET", "/status/304"),
    ]
}

const VOLATILE: [&str; 4] = ["date", "content-length", "x-amzn-requestid", "connection"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_answers_equal_the_gateway_emulation() {
    let server = Server::start(refapp(), ServerConfig::default()).await;
    let gateway = LocalGateway::new(Arc::new(refapp()));
    for request in cases() {
        let expected = gateway.handle(request.clone()).await;
        let answer = send(server.addr, &request).await;
        let label = format!("{} {}", request.method, request.path);
        assert_eq!(answer.status, expected.status_code, "{label}");
        assert_eq!(answer.body, expected.body, "{label}");
        let mut wire: Vec<_> = answer
            .headers
            .iter()
            .filter(|(k, _)| !VOLATILE.contains(&k.as_str()))
            .cloned()
            .collect();
        let mut emulated: Vec<_> = expected
            .headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .filter(|(k, _)| !VOLATILE.contains(&k.as_str()))
            .collect();
        wire.sort();
        emulated.sort();
        assert_eq!(wire, emulated, "{label}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_clients_get_errors_and_the_server_keeps_serving() {
    let mut app = Chalice::new("robust");
    app.route(
        "/ok",
        Route::new(),
        |_r: Request| serde_json::json!({"ok": true}),
    );
    app.route("/panic", Route::new(), |_r: Request| -> serde_json::Value {
        panic!("handler bug")
    });
    let config = ServerConfig {
        max_body_bytes: 1024,
        max_uri_bytes: 256,
        header_read_timeout: Duration::from_millis(300),
        ..ServerConfig::default()
    };
    let server = Server::start(app, config).await;
    let ok = || async { send(server.addr, &HttpRequest::new("GET", "/ok")).await };

    // Malformed HTTP.
    let answer = raw(server.addr, b"THIS IS NOT HTTP\r\n\r\n").await;
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 400"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    assert_eq!(ok().await.status, 200);

    // Oversized body.
    let big = HttpRequest::new("POST", "/ok")
        .header("Content-Type", "application/json")
        .body(vec![b'a'; 4096]);
    assert_eq!(send(server.addr, &big).await.status, 413);
    assert_eq!(ok().await.status, 200);

    // Oversized URI.
    let long = HttpRequest::new("GET", format!("/ok?q={}", "x".repeat(1000)));
    assert_eq!(send(server.addr, &long).await.status, 414);

    // A panicking handler.
    let answer = send(server.addr, &HttpRequest::new("GET", "/panic")).await;
    assert_eq!(answer.status, 500);
    assert_eq!(
        answer.body,
        br#"{"Code":"InternalServerError","Message":"An internal server error occurred."}"#
    );
    assert_eq!(ok().await.status, 200);

    // A client that never sends its headers is cut off.
    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), idle.read_to_end(&mut buf)).await;
    assert!(closed.is_ok(), "the idle connection was not closed");
    assert_eq!(ok().await.status, 200);

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_binds_loopback_by_default() {
    assert!(ServerConfig::default().addr.ip().is_loopback());
}
