//! A fake Lambda Runtime API on 127.0.0.1, for end-to-end tests of the real
//! `lambda_runtime`: it hands out the invocations it was given on
//! `GET /2018-06-01/runtime/invocation/next` and records what the runtime
//! posts back.
//!
//! It speaks just enough HTTP/1.1 for `lambda_runtime`'s client:
//! `Content-Length` bodies on kept-alive connections. When it has no
//! invocation left, it holds the `next` request open, as Lambda does between
//! invocations. Started with a [`Fault`], it fails as a broken Runtime API
//! would, for the tests of what the runtime does then.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The function ARN every invocation is sent with.
pub const FUNCTION_ARN: &str = "arn:aws:lambda:us-west-2:123456789012:function:refapp";

/// The X-Ray trace header every invocation is sent with.
pub const TRACE_ID: &str =
    "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";

/// What the runtime posted back, in the order it arrived.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// `(request id, body)` of each `POST /runtime/invocation/{id}/response`.
    pub responses: Vec<(String, Value)>,
    /// `(request id, body)` of each `POST /runtime/invocation/{id}/error`:
    /// the body is `{"errorType": ..., "errorMessage": ...}`.
    pub errors: Vec<(String, Value)>,
    /// `(path, body)` of any other `POST` (`/runtime/init/error`, ...).
    pub other_posts: Vec<(String, Value)>,
    /// The most invocations handed out and not yet answered at one time.
    pub peak_in_flight: usize,
    /// How many `GET /next` requests arrived, failed ones included.
    pub next_requests: usize,
    /// When each `GET /next` request arrived, failed ones included: the
    /// first is when the runtime finished its init, as Lambda counts it.
    pub next_at: Vec<Instant>,
    /// `(request id, when)` each invocation was handed out: its event
    /// written to the runtime.
    pub handed_out_at: Vec<(String, Instant)>,
    /// `(request id, when)` each `POST .../response` or `.../error` was read
    /// whole: with `handed_out_at`, an invocation's latency as the caller
    /// sees it.
    pub answered_at: Vec<(String, Instant)>,
}

/// A failure of the Runtime API itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Every `GET /next` is answered with this status and the body `{}`.
    NextStatus(u16),
    /// The first this many `GET /next` requests have their connection closed
    /// without an answer.
    NextDropped(usize),
    /// Every `POST .../response` is recorded, then answered with this status.
    ResponseStatus(u16),
    /// Every `POST .../response` is recorded, then its connection closed
    /// without an answer.
    ResponseDropped,
}

impl Outcome {
    /// How many invocations were answered, with a response or an error.
    pub fn answered(&self) -> usize {
        self.responses.len() + self.errors.len()
    }

    /// The response to invocation `id`, if it got one.
    pub fn response(&self, id: &str) -> Option<&Value> {
        self.responses.iter().find(|(i, _)| i == id).map(|(_, v)| v)
    }

    /// The error reported for invocation `id`, if one was.
    pub fn error(&self, id: &str) -> Option<&Value> {
        self.errors.iter().find(|(i, _)| i == id).map(|(_, v)| v)
    }
}

#[derive(Default)]
struct State {
    fault: Option<Fault>,
    pending: VecDeque<(String, Value)>,
    in_flight: usize,
    outcome: Outcome,
}

/// A running fake Runtime API; it stops when dropped.
#[derive(Debug)]
pub struct FakeRuntimeApi {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    server: JoinHandle<()>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("pending", &self.pending.len())
            .field("outcome", &self.outcome)
            .finish()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A test that panicked while holding the lock fails on its own; the
    // state it leaves is still worth reporting.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

impl FakeRuntimeApi {
    /// Starts serving `(request id, event)` invocations, in order.
    ///
    /// # Errors
    ///
    /// When no port on 127.0.0.1 can be bound.
    pub async fn start(
        invocations: impl IntoIterator<Item = (String, Value)>,
    ) -> std::io::Result<Self> {
        Self::start_with_fault(invocations, None).await
    }

    /// Starts serving `(request id, event)` invocations, in order, failing
    /// as `fault` says.
    ///
    /// # Errors
    ///
    /// When no port on 127.0.0.1 can be bound.
    pub async fn start_with_fault(
        invocations: impl IntoIterator<Item = (String, Value)>,
        fault: Option<Fault>,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State {
            fault,
            pending: invocations.into_iter().collect(),
            ..State::default()
        }));
        let server_state = Arc::clone(&state);
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&server_state)));
            }
        });
        Ok(FakeRuntimeApi {
            addr,
            state,
            server,
        })
    }

    /// Where it listens: the value of `AWS_LAMBDA_RUNTIME_API`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What was posted back so far.
    pub fn outcome(&self) -> Outcome {
        lock(&self.state).outcome.clone()
    }

    /// Waits until `count` invocations are answered, then returns what was
    /// posted back.
    ///
    /// # Errors
    ///
    /// After `timeout`, with what was posted back by then.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Result<Outcome, Outcome> {
        let started = Instant::now();
        loop {
            let outcome = self.outcome();
            if outcome.answered() >= count {
                return Ok(outcome);
            }
            if started.elapsed() > timeout {
                return Err(outcome);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for FakeRuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
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

async fn serve(stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut reader = BufReader::new(stream);
    while let Some((method, path, body)) = read_request(&mut reader).await {
        if method == "GET" && path == "/2018-06-01/runtime/invocation/next" {
            let fault = {
                let mut s = lock(&state);
                s.outcome.next_requests += 1;
                s.outcome.next_at.push(Instant::now());
                match s.fault {
                    Some(Fault::NextDropped(n)) if s.outcome.next_requests <= n => {
                        Some(Fault::NextDropped(n))
                    }
                    Some(Fault::NextStatus(code)) => Some(Fault::NextStatus(code)),
                    _ => None,
                }
            };
            match fault {
                Some(Fault::NextDropped(_)) => return,
                Some(Fault::NextStatus(code)) => {
                    respond(&mut reader, &format!("{code} Fault"), &[], b"{}").await;
                    continue;
                }
                _ => {}
            }
            let next = {
                let mut s = lock(&state);
                let next = s.pending.pop_front();
                if next.is_some() {
                    s.in_flight += 1;
                    s.outcome.peak_in_flight = s.outcome.peak_in_flight.max(s.in_flight);
                }
                next
            };
            let Some((id, event)) = next else {
                // No more work: hold the connection, as Lambda does between invocations.
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            };
            let deadline = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default()
                + 30_000;
            let headers = [
                ("Content-Type", "application/json".to_string()),
                ("Lambda-Runtime-Aws-Request-Id", id.clone()),
                ("Lambda-Runtime-Deadline-Ms", deadline.to_string()),
                (
                    "Lambda-Runtime-Invoked-Function-Arn",
                    FUNCTION_ARN.to_string(),
                ),
                ("Lambda-Runtime-Trace-Id", TRACE_ID.to_string()),
            ];
            let body = event.to_string();
            respond(&mut reader, "200 OK", &headers, body.as_bytes()).await;
            lock(&state)
                .outcome
                .handed_out_at
                .push((id, Instant::now()));
        } else if method == "POST" {
            let arrived = Instant::now();
            let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let fault = {
                let mut s = lock(&state);
                let invocation = path
                    .strip_prefix("/2018-06-01/runtime/invocation/")
                    .and_then(|rest| rest.split_once('/'));
                match invocation {
                    Some((id, "response")) => {
                        s.in_flight = s.in_flight.saturating_sub(1);
                        s.outcome.responses.push((id.to_string(), value));
                        s.outcome.answered_at.push((id.to_string(), arrived));
                    }
                    Some((id, "error")) => {
                        s.in_flight = s.in_flight.saturating_sub(1);
                        s.outcome.errors.push((id.to_string(), value));
                        s.outcome.answered_at.push((id.to_string(), arrived));
                    }
                    _ => s.outcome.other_posts.push((path.clone(), value)),
                }
                match (s.fault, invocation) {
                    (
                        Some(f @ (Fault::ResponseStatus(_) | Fault::ResponseDropped)),
                        Some((_, "response")),
                    ) => Some(f),
                    _ => None,
                }
            };
            match fault {
                Some(Fault::ResponseDropped) => return,
                Some(Fault::ResponseStatus(code)) => {
                    respond(&mut reader, &format!("{code} Fault"), &[], b"{}").await;
                }
                _ => respond(&mut reader, "202 Accepted", &[], b"{\"status\":\"OK\"}").await,
            }
        } else {
            respond(&mut reader, "404 Not Found", &[], b"").await;
        }
    }
}
