//! The local development server: the counterpart of `chalice local`.
//!
//! Each HTTP/1.1 request goes through [`LocalGateway`], the same emulation the
//! test client uses. The server binds 127.0.0.1 by default, survives panicking
//! handlers (500), stops gracefully on Ctrl-C, and refuses what API Gateway
//! refuses, at API Gateway's limits, so that an app that works locally does not
//! meet a new error when deployed.
//!
//! # Limits
//!
//! Each is a field of [`ServerConfig`]; the defaults are API Gateway's quotas
//! for REST APIs ("Quotas for configuring and running a REST API in API
//! Gateway", <https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html>,
//! and the HTTP API page beside it, `http-api-quotas.html`):
//!
//! | limit | default | source | answer |
//! |---|---|---|---|
//! | request body ([`max_body_bytes`](ServerConfig::max_body_bytes)) | 10 MiB | "Payload size: 10 MB" | `413`, from `Content-Length` before any body byte is read, or as soon as a chunked body passes it |
//! | request target ([`max_uri_bytes`](ServerConfig::max_uri_bytes)) | 8192 bytes | "Length, in characters, of the URL for an edge-optimized API: 8192" (Chalice deploys edge-optimized APIs by default; regional ones allow 10240) | `414` |
//! | request line and header values ([`max_header_bytes`](ServerConfig::max_header_bytes)) | 10240 bytes | "Total combined size of request line and header values: 10240 bytes" | `431`; hyper itself refuses heads over twice that plus 8 KiB (names included) with `431` |
//! | header lines | 100 | hyper's limit (`http1::Builder::max_headers`) | `431` |
//! | integration ([`integration_timeout`](ServerConfig::integration_timeout)) | 29 s | "Integration timeout: 50 milliseconds - 29 seconds" | `504 {"message": "Endpoint request timed out"}`, API Gateway's answer; the view's future is dropped |
//! | sending the head ([`header_read_timeout`](ServerConfig::header_read_timeout)) | 10 s | the local server's (API Gateway does not publish one) | connection closed, no answer (hyper's `header_read_timeout`); also ends idle kept-alive connections |
//! | sending the body ([`body_read_timeout`](ServerConfig::body_read_timeout)) | 30 s | the local server's | `408`, connection closed |
//! | open connections ([`max_connections`](ServerConfig::max_connections)) | 1024 | the local server's | further clients wait in the listen queue until a connection ends |
//!
//! # Framing (RFC 9112)
//!
//! hyper parses each request and refuses malformed ones with 400 and a closed
//! connection: a bad request line, two different `Content-Length`s, a
//! `Content-Length` that is not a number, a `Transfer-Encoding` whose last
//! coding is not `chunked`, `Transfer-Encoding` on HTTP/1.0. A malformed chunk
//! size is found while the body is read: 400, connection closed. One rule
//! hyper does not enforce: a request with both `Content-Length` and
//! `Transfer-Encoding`, which hyper would read as chunked, is refused here with
//! 400 and the connection closed (see the `framing` module). Every answer
//! given before the body is read in full (400, 408, 413, 414, 431) closes the
//! connection, so that no byte of the refused request is ever read as another
//! request. Pipelined requests are answered one at a time, in order.

mod framing;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body as _, Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use self::framing::{Scanner, Verdict, Verdicts, Watched};
use crate::gateway::{HttpRequest, HttpResponse, LocalGateway};
use crate::{Chalice, Error};

/// Settings of the local server. The defaults and where they come from: the
/// [module docs](self#limits).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where to listen (default `127.0.0.1:8000`).
    pub addr: SocketAddr,
    /// Largest request body accepted (default 10 MiB, API Gateway's limit).
    pub max_body_bytes: usize,
    /// Longest request target accepted (default 8192, API Gateway's URL limit
    /// for edge-optimized APIs).
    pub max_uri_bytes: usize,
    /// Largest request line plus header values, counted as API Gateway counts
    /// them (default 10240 bytes).
    pub max_header_bytes: usize,
    /// How long a client may take to send a request's head, and how long a
    /// kept-alive connection may stay idle (default 10 s).
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request's body (default 30 s).
    pub body_read_timeout: Duration,
    /// How long a view may run before the client gets API Gateway's 504
    /// (default 29 s, API Gateway's integration timeout).
    pub integration_timeout: Duration,
    /// How many connections are served at once (default 1024); more wait
    /// until one ends.
    pub max_connections: usize,
    /// Where the server answers `GET` with the app's OpenAPI 3.1 document
    /// ([`package::openapi`](crate::package::openapi)), e.g.
    /// `Some("/openapi.json".into())`; `None` (the default) serves no
    /// document. The path is matched before the routes, so a route on the
    /// same path is hidden.
    pub openapi_path: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8000)),
            max_body_bytes: 10 * 1024 * 1024,
            max_uri_bytes: 8192,
            max_header_bytes: 10240,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            integration_timeout: Duration::from_secs(29),
            max_connections: 1024,
            openapi_path: None,
        }
    }
}

/// Serves `app` on `config.addr` until Ctrl-C.
///
/// # Errors
///
/// When the address cannot be bound.
pub async fn serve_local(app: Arc<Chalice>, config: ServerConfig) -> Result<(), Error> {
    let listener = TcpListener::bind(config.addr).await?;
    let local = listener.local_addr()?;
    tracing::info!("Serving on http://{local}");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    };
    serve_with_shutdown(app, listener, config, shutdown).await
}

/// Serves `app` on an already bound listener until `shutdown` completes,
/// then lets requests in flight finish (up to five seconds).
///
/// # Errors
///
/// Only when accepting connections fails for good.
pub async fn serve_with_shutdown(
    app: Arc<Chalice>,
    listener: TcpListener,
    config: ServerConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), Error> {
    let gateway = Arc::new(LocalGateway::new(app));
    let config = Arc::new(config);
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        // A slot first, then the connection: at the cap, new clients wait in
        // the listen queue (their connection is not refused, and costs no
        // task) until a served connection ends.
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait and go on serving.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let gateway = Arc::clone(&gateway);
        let config = Arc::clone(&config);
        tasks.spawn(async move {
            let _slot = slot;
            connection(gateway, config, stream, peer).await;
        });
        // Reap finished connections so the set does not grow.
        while tasks.try_join_next().is_some() {}
    }
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    Ok(())
}

/// Serves one connection, already accepted, over any byte stream, until the
/// client is done or a limit ends it: what [`serve_with_shutdown`] does with
/// each connection it accepts, with the same limits and framing rules (the
/// [module docs](self)), but no connection cap. `peer` is the address views
/// see as the source IP. Malformed requests and clients that go away end the
/// connection (logged at debug level); nothing is returned.
///
/// ```no_run
/// # async fn serve(app: std::sync::Arc<chalice_app::Chalice>) {
/// use std::sync::Arc;
/// use chalice_app::{serve_connection, LocalGateway, ServerConfig};
///
/// let (client, server) = tokio::io::duplex(64 * 1024);
/// let peer = ([127, 0, 0, 1], 40000).into();
/// let gateway = Arc::new(LocalGateway::new(app));
/// tokio::spawn(serve_connection(gateway, server, peer, ServerConfig::default()));
/// // Write a request into `client`, read the answer from it.
/// # drop(client);
/// # }
/// ```
pub async fn serve_connection<IO>(
    gateway: Arc<LocalGateway>,
    io: IO,
    peer: SocketAddr,
    config: ServerConfig,
) where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    connection(gateway, Arc::new(config), io, peer).await;
}

async fn connection<IO>(
    gateway: Arc<LocalGateway>,
    config: Arc<ServerConfig>,
    io: IO,
    peer: SocketAddr,
) where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    // hyper counts names, separators and line breaks too, which API Gateway's
    // limit leaves out: its own limit is set well above ours, so that ours
    // decides (with API Gateway's way of counting) for every head but the
    // grossly oversized, which hyper refuses before buffering them.
    let head_limit = config
        .max_header_bytes
        .saturating_mul(2)
        .saturating_add(8192);
    let verdicts = Verdicts::default();
    let io = Watched::new(io, Scanner::new(head_limit, verdicts.clone()));
    let service_config = Arc::clone(&config);
    let service = service_fn(move |req| {
        let gateway = Arc::clone(&gateway);
        let config = Arc::clone(&service_config);
        let verdict = verdicts.take();
        async move { Ok::<_, Infallible>(handle(gateway, &config, req, peer, verdict).await) }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .max_header_size(head_limit)
        .max_buf_size(head_limit.max(8192))
        // A client that shuts down its sending side after its request (as
        // `nc -N` does) still gets the answer.
        .half_close(true)
        .serve_connection(TokioIo::new(io), service);
    if let Err(e) = conn.await {
        tracing::debug!("connection from {peer} ended: {e}");
    }
}

/// An answer of the server itself, in API Gateway's shape for its own errors.
fn plain(status: u16, message: &str) -> HttpResponse {
    HttpResponse {
        status_code: status,
        headers: vec![("Content-Type".to_string(), "application/json".to_string())],
        body: format!("{{\"message\":\"{message}\"}}").into_bytes(),
    }
}

/// A refusal after which the connection closes: the request's body, unread
/// or partly read, must never be taken for the next request.
fn refuse(status: u16, message: &str) -> HttpResponse {
    let mut response = plain(status, message);
    response
        .headers
        .push(("Connection".to_string(), "close".to_string()));
    response
}

/// The request line and the header values, counted as API Gateway counts
/// them for its 10240-byte quota.
fn head_size(req: &hyper::Request<Incoming>, target_len: usize) -> usize {
    let line = req.method().as_str().len() + 1 + target_len + " HTTP/1.1".len();
    line + req.headers().values().map(|v| v.len()).sum::<usize>()
}

async fn handle(
    gateway: Arc<LocalGateway>,
    config: &ServerConfig,
    req: hyper::Request<Incoming>,
    peer: SocketAddr,
    verdict: Verdict,
) -> hyper::Response<Full<Bytes>> {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    // An absolute-form target (`GET http://host/path`) counts in full.
    let target_len = if req.uri().authority().is_some() {
        req.uri().to_string().len()
    } else {
        target.len()
    };
    let declared = req.body().size_hint().exact();
    let response = if verdict == Verdict::Ambiguous {
        refuse(400, "Bad Request")
    } else if target_len > config.max_uri_bytes {
        refuse(414, "Request-URI Too Long")
    } else if head_size(&req, target_len) > config.max_header_bytes {
        refuse(431, "Request Header Fields Too Large")
    } else if declared.is_some_and(|n| n > config.max_body_bytes as u64) {
        // Refused on the declared length, before a byte of the body is read
        // (and without the `100 Continue` a client may wait for).
        refuse(413, "Request Entity Too Large")
    } else if method == "GET" && config.openapi_path.as_deref() == target.split('?').next() {
        let document = crate::package::openapi::generate(gateway.app());
        let mut response = HttpResponse {
            status_code: 200,
            headers: vec![("Content-Type".to_string(), "application/json".to_string())],
            body: serde_json::to_vec(&document).unwrap_or_default(),
        };
        // Answered without reading a body the request may carry: as for the
        // refusals, the connection closes so no byte of it is read as the
        // next request.
        if declared != Some(0) {
            response
                .headers
                .push(("Connection".to_string(), "close".to_string()));
        }
        response
    } else {
        let headers: Vec<(String, String)> = req
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let limited = Limited::new(req.into_body(), config.max_body_bytes);
        match tokio::time::timeout(config.body_read_timeout, limited.collect()).await {
            Err(_) => refuse(408, "Request Timeout"),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
                refuse(413, "Request Entity Too Large")
            }
            // A malformed chunk, or the client going away mid-body.
            Ok(Err(_)) => refuse(400, "Bad Request"),
            Ok(Ok(collected)) => {
                let request = HttpRequest {
                    method: method.clone(),
                    path: target.clone(),
                    headers,
                    body: collected.to_bytes().to_vec(),
                    source_ip: Some(peer.ip().to_string()),
                };
                integrate(&gateway, request, config.integration_timeout).await
            }
        }
    };
    tracing::info!(
        "{method} {target} {} {:.1}ms",
        response.status_code,
        started.elapsed().as_secs_f64() * 1000.0
    );
    to_hyper(response)
}

/// Runs the request through the gateway, bounded by the integration timeout.
/// On timeout the gateway's future, and the view's with it, is dropped: an
/// async view is released at its pending await. A view that blocks its
/// thread instead of awaiting cannot be interrupted by any timeout; its
/// client gets the 504 once the runtime polls the connection again.
async fn integrate(
    gateway: &LocalGateway,
    request: HttpRequest,
    timeout: Duration,
) -> HttpResponse {
    match tokio::time::timeout(timeout, gateway.handle(request)).await {
        Ok(response) => response,
        Err(_) => HttpResponse {
            status_code: 504,
            headers: vec![("Content-Type".to_string(), "application/json".to_string())],
            // API Gateway's body, spacing included.
            body: br#"{"message": "Endpoint request timed out"}"#.to_vec(),
        },
    }
}

fn to_hyper(response: HttpResponse) -> hyper::Response<Full<Bytes>> {
    let mut builder = hyper::Response::builder().status(response.status_code);
    for (name, value) in &response.headers {
        // Values were checked for CR/LF by the dispatcher; anything else hyper
        // refuses is dropped rather than sent.
        if let (Ok(n), Ok(v)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            builder = builder.header(n, v);
        }
    }
    builder
        .body(Full::new(Bytes::from(response.body)))
        .unwrap_or_else(|_| {
            let mut fallback = hyper::Response::new(Full::new(Bytes::from_static(
                b"{\"message\":\"Internal server error\"}",
            )));
            *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            fallback
        })
}

impl Chalice {
    /// Serves the app on `addr` as API Gateway would, until Ctrl-C: the
    /// counterpart of `chalice local`. [`run`](crate::run) does this by itself
    /// outside Lambda; this is for choosing the address in code.
    ///
    /// ```no_run
    /// # async fn serve() -> Result<(), chalice_app::Error> {
    /// use chalice_app::{Chalice, Request, Route};
    ///
    /// let mut app = Chalice::new("local");
    /// app.route("/", Route::new(), |_r: Request| serde_json::json!({"hello": "world"}));
    /// app.serve_local(([127, 0, 0, 1], 8000)).await
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// When the address cannot be bound.
    pub async fn serve_local(self, addr: impl Into<SocketAddr>) -> Result<(), Error> {
        let config = ServerConfig {
            addr: addr.into(),
            ..ServerConfig::default()
        };
        serve_local(Arc::new(self), config).await
    }
}
