//! The local development server: the counterpart of `chalice local`.
//!
//! Each HTTP/1.1 request goes through [`LocalGateway`], the same emulation the
//! test client uses. The server is safe by default: it binds 127.0.0.1, refuses
//! bodies over API Gateway's 10 MB limit with 413 and URIs over 8 KiB with 414,
//! bounds the header section, times out slow clients, answers malformed HTTP
//! with 400, survives panicking handlers (500) and stops gracefully on Ctrl-C.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

use crate::gateway::{HttpRequest, HttpResponse, LocalGateway};
use crate::{Chalice, Error};

/// Settings of the local server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where to listen (default `127.0.0.1:8000`).
    pub addr: SocketAddr,
    /// Largest request body accepted (default 10 MiB, API Gateway's limit).
    pub max_body_bytes: usize,
    /// Longest request target accepted (default 8 KiB).
    pub max_uri_bytes: usize,
    /// Largest header section accepted (default 64 KiB).
    pub max_header_bytes: usize,
    /// How long a client may take to send its headers (default 10 s).
    pub header_read_timeout: Duration,
    /// How long a client may take to send its body (default 30 s).
    pub body_read_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8000)),
            max_body_bytes: 10 * 1024 * 1024,
            max_uri_bytes: 8 * 1024,
            max_header_bytes: 64 * 1024,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
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
    let mut tasks = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait and go on serving.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let gateway = Arc::clone(&gateway);
                let config = Arc::clone(&config);
                tasks.spawn(async move {
                    let service_config = Arc::clone(&config);
                    let service = service_fn(move |req| {
                        let gateway = Arc::clone(&gateway);
                        let config = Arc::clone(&service_config);
                        async move { Ok::<_, Infallible>(handle(&gateway, &config, req, peer).await) }
                    });
                    let conn = http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(config.header_read_timeout)
                        .max_buf_size(config.max_header_bytes.max(8192))
                        .serve_connection(TokioIo::new(stream), service);
                    if let Err(e) = conn.await {
                        tracing::debug!("connection from {peer} ended: {e}");
                    }
                });
                // Reap finished connections so the set does not grow.
                while tasks.try_join_next().is_some() {}
            }
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    Ok(())
}

fn plain(status: u16, message: &str) -> HttpResponse {
    HttpResponse {
        status_code: status,
        headers: vec![("Content-Type".to_string(), "application/json".to_string())],
        body: format!("{{\"message\":\"{message}\"}}").into_bytes(),
    }
}

async fn handle(
    gateway: &LocalGateway,
    config: &ServerConfig,
    req: hyper::Request<Incoming>,
    peer: SocketAddr,
) -> hyper::Response<Full<Bytes>> {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let response = if target.len() > config.max_uri_bytes {
        plain(414, "Request-URI Too Long")
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
            Err(_) => plain(408, "Request Timeout"),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
                plain(413, "Request Entity Too Large")
            }
            Ok(Err(_)) => plain(400, "Bad Request"),
            Ok(Ok(collected)) => {
                let request = HttpRequest {
                    method: method.clone(),
                    path: target.clone(),
                    headers,
                    body: collected.to_bytes().to_vec(),
                    source_ip: Some(peer.ip().to_string()),
                };
                gateway.handle(request).await
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
