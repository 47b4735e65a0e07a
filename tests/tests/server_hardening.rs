//! The local server against hostile clients, over real sockets on
//! 127.0.0.1: API Gateway's limits, HTTP/1.1 framing and smuggling, the
//! integration timeout, slow and numerous clients. Each test names the rule
//! it holds the server to (the rules and their sources: `chalice_app::server`'s
//! module docs), and every timeout is shortened through `ServerConfig` so that
//! no test waits for a real default.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chalice_app::{Chalice, Request, Route, ServerConfig};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::server::{raw, Server};

/// What the views of [`app`] saw.
#[derive(Default)]
struct Seen {
    /// Calls of `/count` (a view the smuggling tests aim at).
    counted: AtomicUsize,
    /// Set when the future of `/never` is dropped.
    dropped: AtomicBool,
}

/// Sets its flag when dropped: proof that a view's future was released.
struct DropFlag(Arc<Seen>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.dropped.store(true, Ordering::SeqCst);
    }
}

fn app(seen: &Arc<Seen>) -> Chalice {
    let mut app = Chalice::new("hardening");
    app.route(
        "/ok",
        Route::new().methods(["GET", "POST"]),
        |r: Request| json!({"len": r.raw_body().map(|b| b.len()).unwrap_or(0)}),
    );
    app.route(
        "/n/{i}",
        Route::new(),
        |r: Request| json!({"i": r.uri_param("i").unwrap_or_default()}),
    );
    let counted = Arc::clone(seen);
    app.route(
        "/count",
        Route::new().methods(["GET", "POST"]),
        move |_r: Request| {
            counted.counted.fetch_add(1, Ordering::SeqCst);
            json!({"counted": true})
        },
    );
    let never = Arc::clone(seen);
    app.route("/never", Route::new(), move |_r: Request| {
        let flag = DropFlag(Arc::clone(&never));
        async move {
            let _flag = flag;
            std::future::pending::<()>().await;
            Ok::<_, chalice_app::Error>(json!({}))
        }
    });
    app
}

/// One response of a stream of them.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// Every response in `bytes`, framed by `Content-Length`; panics on bytes
/// that are not whole responses, so that a stray byte fails the test.
fn answers(mut bytes: &[u8]) -> Vec<Answer> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("not a response: {:?}", String::from_utf8_lossy(bytes)));
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
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let length: usize = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .map_or(0, |(_, v)| v.parse().unwrap());
        let body = bytes[split + 4..split + 4 + length].to_vec();
        bytes = &bytes[split + 4 + length..];
        out.push(Answer {
            status,
            headers,
            body,
        });
    }
    out
}

/// Sends `bytes` and reads until the server closes the connection; panics
/// when it does not close within five seconds.
async fn exchange(addr: SocketAddr, bytes: &[u8]) -> Vec<Answer> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(
        Duration::from_secs(5),
        read_until_closed(&mut stream, &mut out),
    )
    .await
    .unwrap_or_else(|_| {
        panic!(
            "the server kept the connection open; read so far: {:?}",
            String::from_utf8_lossy(&out)
        )
    });
    answers(&out)
}

/// Reads until end of stream; a reset counts as the end (the server may
/// close with unread bytes of ours in its buffer).
async fn read_until_closed(stream: &mut TcpStream, out: &mut Vec<u8>) {
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
}

/// Reads one whole response from a kept-alive connection.
async fn read_one(stream: &mut TcpStream) -> Answer {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        if let Some(split) = out.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&out[..split]).to_ascii_lowercase();
            let length: usize = head
                .split("\r\n")
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if out.len() >= split + 4 + length {
                return answers(&out).remove(0);
            }
        }
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "closed before a whole response");
        out.extend_from_slice(&buf[..n]);
    }
}

fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: h\r\n\r\n").into_bytes()
}

// ---------------------------------------------------------------------------
// API Gateway's limits
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_defaults_are_api_gateways_quotas() {
    let config = ServerConfig::default();
    assert_eq!(config.max_body_bytes, 10 * 1024 * 1024);
    assert_eq!(config.max_uri_bytes, 8192);
    assert_eq!(config.max_header_bytes, 10240);
    assert_eq!(config.integration_timeout, Duration::from_secs(29));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_over_8192_bytes_is_refused_with_414() {
    let seen = Arc::new(Seen::default());
    let server = Server::start(app(&seen), ServerConfig::default()).await;
    let at_limit = format!("/ok?q={}", "x".repeat(8192 - 6));
    let over = format!("{at_limit}x");
    let ok = exchange(
        server.addr,
        format!("GET {at_limit} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await;
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0].status, 200);
    let refused = exchange(server.addr, &get(&over)).await;
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].status, 414);
    assert_eq!(refused[0].header("connection"), Some("close"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_line_and_header_values_over_10240_bytes_are_refused_with_431() {
    let seen = Arc::new(Seen::default());
    let server = Server::start(app(&seen), ServerConfig::default()).await;
    // "GET /ok HTTP/1.1" is 16 bytes, the values "h" and "close" 6 more.
    let head = |value_len: usize| {
        format!(
            "GET /ok HTTP/1.1\r\nHost: h\r\nConnection: close\r\nX-Big: {}\r\n\r\n",
            "v".repeat(value_len)
        )
    };
    let ok = exchange(server.addr, head(10240 - 22).as_bytes()).await;
    assert_eq!(ok[0].status, 200);
    let refused = exchange(server.addr, head(10240 - 22 + 1).as_bytes()).await;
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].status, 431);
    // Far beyond the limit, hyper refuses the head before buffering it.
    let huge = exchange(server.addr, head(200_000).as_bytes()).await;
    assert_eq!(huge.len(), 1);
    assert_eq!(huge[0].status, 431);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_length_over_the_limit_is_refused_before_the_body_is_read() {
    let seen = Arc::new(Seen::default());
    let config = ServerConfig {
        max_body_bytes: 1024,
        ..ServerConfig::default()
    };
    let server = Server::start(app(&seen), config).await;
    // No body byte is sent: the 413 can only come from the declared length.
    // With `Expect: 100-continue` the client must not be told to go on.
    let started = Instant::now();
    let refused = exchange(
        server.addr,
        b"POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: 1025\r\nExpect: 100-continue\r\n\r\n",
    )
    .await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].status, 413);
    assert_eq!(refused[0].header("connection"), Some("close"));
    // At the limit, the body is read and the view runs.
    let mut at_limit =
        b"POST /ok HTTP/1.1\r\nHost: h\r\nConnection: close\r\nContent-Length: 1024\r\n\r\n"
            .to_vec();
    at_limit.extend_from_slice(&[b'a'; 1024]);
    let ok = exchange(server.addr, &at_limit).await;
    assert_eq!(ok[0].status, 200);
    assert_eq!(ok[0].json(), json!({"len": 1024}));
    // A chunked body is refused as soon as it passes the limit.
    let chunked = format!(
        "POST /count HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n{}\r\n",
        "a".repeat(0x800)
    );
    let refused = exchange(server.addr, chunked.as_bytes()).await;
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].status, 413);
    assert_eq!(seen.counted.load(Ordering::SeqCst), 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_short_of_its_length_is_given_up_at_the_body_timeout() {
    let seen = Arc::new(Seen::default());
    let config = ServerConfig {
        body_read_timeout: Duration::from_millis(300),
        ..ServerConfig::default()
    };
    let server = Server::start(app(&seen), config).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nonly ten..")
        .await
        .unwrap();
    // The client keeps its end open: only the server's timeout ends this.
    let started = Instant::now();
    let mut out = Vec::new();
    tokio::time::timeout(
        Duration::from_secs(3),
        read_until_closed(&mut stream, &mut out),
    )
    .await
    .expect("the connection is still held");
    assert!(started.elapsed() >= Duration::from_millis(250));
    let answers = answers(&out);
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].status, 408);
    assert_eq!(seen.counted.load(Ordering::SeqCst), 0);
    server.stop().await;
}

// ---------------------------------------------------------------------------
// The integration timeout
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_that_never_returns_gets_504_and_is_dropped() {
    let seen = Arc::new(Seen::default());
    let config = ServerConfig {
        integration_timeout: Duration::from_millis(300),
        ..ServerConfig::default()
    };
    let server = Server::start(app(&seen), config).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let started = Instant::now();
    stream.write_all(&get("/never")).await.unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(3), read_one(&mut stream))
        .await
        .expect("no answer from a view that never returns");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer.status, 504);
    assert_eq!(answer.body, br#"{"message": "Endpoint request timed out"}"#);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    // The view's future is released...
    let deadline = Instant::now() + Duration::from_secs(2);
    while !seen.dropped.load(Ordering::SeqCst) {
        assert!(Instant::now() < deadline, "the view's future is still held");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // ... and the connection serves the next request.
    stream.write_all(&get("/n/2")).await.unwrap();
    let next = tokio::time::timeout(Duration::from_secs(3), read_one(&mut stream))
        .await
        .unwrap();
    assert_eq!(next.status, 200);
    assert_eq!(next.json(), json!({"i": "2"}));
    server.stop().await;
}

// ---------------------------------------------------------------------------
// Many and slow clients
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_cap_wait_for_a_slot() {
    let seen = Arc::new(Seen::default());
    let config = ServerConfig {
        max_connections: 2,
        ..ServerConfig::default()
    };
    let server = Server::start(app(&seen), config).await;
    // Two kept-alive connections take both slots.
    let mut first = TcpStream::connect(server.addr).await.unwrap();
    first.write_all(&get("/n/1")).await.unwrap();
    assert_eq!(read_one(&mut first).await.status, 200);
    let mut second = TcpStream::connect(server.addr).await.unwrap();
    second.write_all(&get("/n/2")).await.unwrap();
    assert_eq!(read_one(&mut second).await.status, 200);
    // The third is connected by the kernel but not served...
    let mut third = TcpStream::connect(server.addr).await.unwrap();
    third.write_all(&get("/n/3")).await.unwrap();
    let waited = tokio::time::timeout(Duration::from_millis(500), read_one(&mut third)).await;
    assert!(
        waited.is_err(),
        "a third connection was served at a cap of two"
    );
    // ... until a slot frees, and then it is answered, request intact.
    drop(first);
    let answer = tokio::time::timeout(Duration::from_secs(3), read_one(&mut third))
        .await
        .expect("the waiting connection was not served once a slot freed");
    assert_eq!(answer.json(), json!({"i": "3"}));
    second.write_all(&get("/n/4")).await.unwrap();
    assert_eq!(read_one(&mut second).await.json(), json!({"i": "4"}));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_kept_alive_connection_is_closed_at_the_header_timeout() {
    let seen = Arc::new(Seen::default());
    let config = ServerConfig {
        header_read_timeout: Duration::from_millis(300),
        ..ServerConfig::default()
    };
    let server = Server::start(app(&seen), config).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream.write_all(&get("/n/1")).await.unwrap();
    assert_eq!(read_one(&mut stream).await.status, 200);
    // Kept alive, then silent: the slot it holds is given back.
    let started = Instant::now();
    let mut out = Vec::new();
    tokio::time::timeout(
        Duration::from_secs(3),
        read_until_closed(&mut stream, &mut out),
    )
    .await
    .expect("an idle connection was kept past the header timeout");
    assert!(out.is_empty(), "{:?}", String::from_utf8_lossy(&out));
    assert!(started.elapsed() >= Duration::from_millis(250));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_concurrent_connections_to_the_default_server_are_all_answered() {
    let seen = Arc::new(Seen::default());
    let server = Server::start(app(&seen), ServerConfig::default()).await;
    let addr = server.addr;
    // All connections are opened first and held open together, then each
    // sends its request: 500 connections at once, not one after another.
    let barrier = Arc::new(tokio::sync::Barrier::new(500));
    let clients: Vec<_> = (0..500)
        .map(|i| {
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                let mut stream = TcpStream::connect(addr).await.unwrap();
                barrier.wait().await;
                stream.write_all(&get(&format!("/n/{i}"))).await.unwrap();
                let answer = read_one(&mut stream).await;
                (i, answer)
            })
        })
        .collect();
    for client in clients {
        let (i, answer) = tokio::time::timeout(Duration::from_secs(30), client)
            .await
            .expect("a connection was not answered")
            .unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(answer.json(), json!({"i": i.to_string()}));
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slowloris_clients_are_cut_while_others_are_answered_within_a_second() {
    let seen = Arc::new(Seen::default());
    let config = ServerConfig {
        header_read_timeout: Duration::from_millis(800),
        ..ServerConfig::default()
    };
    let server = Server::start(app(&seen), config).await;
    let addr = server.addr;
    // Twenty clients send their head one byte every 50 ms, which would take
    // them 3 s: the header timeout cuts them at 0.8 s.
    let slow: Vec<_> = (0..20)
        .map(|_| {
            tokio::spawn(async move {
                let mut stream = TcpStream::connect(addr).await.unwrap();
                let started = Instant::now();
                let head = b"GET /count HTTP/1.1\r\nHost: h\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
                for byte in head {
                    if stream.write_all(&[*byte]).await.is_err() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                let mut out = Vec::new();
                let _ = tokio::time::timeout(
                    Duration::from_secs(5),
                    read_until_closed(&mut stream, &mut out),
                )
                .await;
                (started.elapsed(), out)
            })
        })
        .collect();
    // Meanwhile, others are served, each within a second.
    for i in 0..20 {
        let started = Instant::now();
        let answer = exchange(
            addr,
            format!("GET /n/{i} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await;
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(answer[0].status, 200);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for client in slow {
        let (elapsed, out) = client.await.unwrap();
        assert!(
            elapsed < Duration::from_millis(2900),
            "a slow client was served or kept for {elapsed:?}"
        );
        assert!(
            !String::from_utf8_lossy(&out).contains("200 OK"),
            "a slow client got an answer"
        );
    }
    assert_eq!(seen.counted.load(Ordering::SeqCst), 0);
    server.stop().await;
}

// ---------------------------------------------------------------------------
// Framing and smuggling
// ---------------------------------------------------------------------------

/// Sends one request with a second one behind it (for `/count`), and checks
/// that the server answers exactly once, with 400, closes, and never runs
/// the smuggled request.
async fn refused_without_a_second_answer(server: &Server, seen: &Seen, request: &str) {
    let smuggled = "GET /count HTTP/1.1\r\nHost: h\r\n\r\n";
    let before = seen.counted.load(Ordering::SeqCst);
    let answers = exchange(server.addr, format!("{request}{smuggled}").as_bytes()).await;
    assert_eq!(answers.len(), 1, "{request:?} gave {answers:?}");
    assert_eq!(answers[0].status, 400, "{request:?}");
    assert_eq!(
        seen.counted.load(Ordering::SeqCst),
        before,
        "{request:?}: a view ran"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_length_with_transfer_encoding_is_refused_and_closed() {
    let seen = Arc::new(Seen::default());
    let server = Server::start(app(&seen), ServerConfig::default()).await;
    for request in [
        // CL.TE: a front end honouring Content-Length would forward the
        // smuggled request as this one's body.
        "POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // TE.CL, the other order of the headers.
        "POST /count HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n",
        "POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // Obfuscated codings are still Transfer-Encoding.
        "POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
    ] {
        refused_without_a_second_answer(&server, &seen, request).await;
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflicting_or_malformed_lengths_are_refused_and_closed() {
    let seen = Arc::new(Seen::default());
    let server = Server::start(app(&seen), ServerConfig::default()).await;
    for request in [
        "POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde",
        "POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 5\r\n\r\nabcde",
        "POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc",
        "POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
        "POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "POST /count HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST /count HTTP/1.0\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /count HTTP/1.1\r\nHost: h\r\nContent-Length : 3\r\n\r\nabc",
    ] {
        refused_without_a_second_answer(&server, &seen, request).await;
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_chunk_sizes_are_refused_and_closed() {
    let seen = Arc::new(Seen::default());
    let server = Server::start(app(&seen), ServerConfig::default()).await;
    for chunks in [
        "zz\r\nabc\r\n0\r\n\r\n",
        "-1\r\nabc\r\n0\r\n\r\n",
        "ffffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
        "3 3\r\nabc\r\n0\r\n\r\n",
        "0x3\r\nabc\r\n0\r\n\r\n",
        // Data longer than its chunk size.
        "3\r\nabcdef\r\n0\r\n\r\n",
    ] {
        let request = format!(
            "POST /count HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}"
        );
        refused_without_a_second_answer(&server, &seen, &request).await;
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_requests_are_answered_once_each_in_order() {
    let seen = Arc::new(Seen::default());
    let server = Server::start(app(&seen), ServerConfig::default()).await;
    let mut bytes = Vec::new();
    for i in 0..10 {
        bytes.extend_from_slice(&get(&format!("/n/{i}")));
        // Bodies between the heads: a fixed length and a chunked one.
        bytes.extend_from_slice(
            b"POST /ok HTTP/1.1\r\nHost: h\r\nContent-Length: 16\r\n\r\nGET /n/x HTTP/1.",
        );
        bytes.extend_from_slice(
            b"POST /ok HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nGET \r\n0\r\n\r\n",
        );
    }
    bytes.extend_from_slice(b"GET /n/last HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    let answers = exchange(server.addr, &bytes).await;
    assert_eq!(answers.len(), 31);
    for (i, triple) in answers.chunks(3).take(10).enumerate() {
        assert_eq!(triple[0].json(), json!({"i": i.to_string()}));
        assert_eq!(triple[1].json(), json!({"len": 16}));
        assert_eq!(triple[2].json(), json!({"len": 4}));
    }
    assert_eq!(answers[30].json(), json!({"i": "last"}));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_request_lines_are_refused_with_400() {
    let seen = Arc::new(Seen::default());
    let server = Server::start(app(&seen), ServerConfig::default()).await;
    for request in [
        "GET /count HTTP/1.1 extra\r\nHost: h\r\n\r\n",
        "GET  /count HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /co unt HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /count HTTP/9.9\r\nHost: h\r\n\r\n",
        "GET /count HTTP/1.1\r\nHost h\r\n\r\n",
        "GET /count HTTP/1.1\r\n folded: header\r\n\r\n",
        "GET /count\r\n\r\n",
    ] {
        let answers = exchange(server.addr, request.as_bytes()).await;
        assert_eq!(answers.len(), 1, "{request:?}: {answers:?}");
        assert!(
            answers[0].status == 400 || answers[0].status == 505,
            "{request:?}: {answers:?}"
        );
    }
    assert_eq!(seen.counted.load(Ordering::SeqCst), 0);
    // raw() is the plain client of the other server tests; it still works.
    let answer = raw(
        server.addr,
        b"GET /n/1 HTTP/1.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    server.stop().await;
}
