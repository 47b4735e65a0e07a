//! Running an app: on Lambda through `lambda_runtime`, elsewhere on the local server.

#[cfg(any(feature = "runtime", feature = "local-server"))]
mod log_lines;
#[cfg(test)]
#[cfg(feature = "runtime")]
mod tests;

#[cfg(feature = "runtime")]
use std::borrow::Cow;
#[cfg(feature = "runtime")]
use std::fmt;
#[cfg(feature = "runtime")]
use std::sync::Arc;
#[cfg(feature = "runtime")]
use std::task::{Context, Poll};

#[cfg(feature = "runtime")]
use chalice_events::LambdaContext;
#[cfg(feature = "runtime")]
use serde_json::value::RawValue;

#[cfg(feature = "runtime")]
use crate::dispatch::{no_handler, Payload};
#[cfg(feature = "runtime")]
use crate::handler::BoxFuture;
#[cfg(any(feature = "runtime", feature = "local-server"))]
use crate::Chalice;
#[cfg(any(feature = "runtime", feature = "local-server"))]
use crate::Error;
#[cfg(feature = "runtime")]
use crate::Reply;

/// The environment variable naming the handler a Lambda function serves
/// (`api` for the HTTP API, otherwise a handler's name). Unset: the handler
/// is chosen by the shape of each event.
pub const HANDLER_ENV: &str = "CHALICE_HANDLER";

/// The size of the block [`retain_heap`] allocates and frees.
const RETAINED_HEAP: usize = 2 << 20;

/// Keeps the heap memory one invocation frees for the next one.
///
/// By default glibc's allocator hands back to the kernel whatever lies free
/// at the top of the heap past 128 KiB, and the next invocation takes it
/// back, fresh zeroed pages one fault at a time. An invocation that reads a
/// JSON body of a few kilobytes into a `Value` builds a few hundred
/// kilobytes of maps and strings, so it pays that on every call: a 14 KB
/// body echoed back takes about a third less time once the memory is kept
/// (`BENCHMARKS.md`).
///
/// This allocates and frees one block of 2 MiB, which glibc maps on its
/// own. Freeing such a block raises glibc's dynamic thresholds, as
/// `mallopt(3)` documents them: blocks below 2 MiB then come from the heap,
/// and the heap is trimmed only once 4 MiB lie free at its top. The block's
/// pages are never touched, so it costs no memory. With another allocator
/// (musl's, a `#[global_allocator]`), or when the thresholds were set
/// (`MALLOC_TRIM_THRESHOLD_`, `MALLOC_TOP_PAD_`, `MALLOC_MMAP_THRESHOLD_`,
/// `MALLOC_MMAP_MAX_`, or the same four in `GLIBC_TUNABLES`), which turns
/// glibc's adjustment off, it only allocates and frees the block. Other
/// tunables, such as `glibc.malloc.tcache_count`, leave it on.
///
/// `chalice_app::run` calls it before serving Lambda invocations. Call it at the start
/// of `main` when you serve the app another way, e.g. with
/// `lambda_runtime::run(app.into_service())`.
///
/// ```
/// chalice_app::retain_heap();
/// ```
pub fn retain_heap() {
    // Zeroed, so the allocator maps it and need not write it; kept from
    // being optimised away, since its only purpose is the free.
    drop(std::hint::black_box(vec![0u8; RETAINED_HEAP]));
}

/// Converts `lambda_runtime`'s context into the plain [`LambdaContext`],
/// copying its strings. A service that owns the invocation's context takes it
/// instead, with `LambdaContext::from(context)`, as [`LambdaService`] does:
/// the request id, the function's ARN and the trace id then move over.
#[cfg(feature = "runtime")]
pub fn context_from_lambda(ctx: &lambda_runtime::Context) -> LambdaContext {
    LambdaContext::from(ctx)
}

/// The app as the [`tower::Service`](lambda_runtime::Service) that
/// `lambda_runtime` runs: each invocation's event goes to the handler this
/// service names, or to the one the event's shape picks.
///
/// [`run`] serves this very service, under [`BodyHandover`]; build it
/// yourself to add `tower` layers, to run it with
/// `lambda_runtime::run_concurrent` (Lambda Managed Instances,
/// `AWS_LAMBDA_MAX_CONCURRENCY`; lambda_runtime's `concurrency-tokio`
/// feature, which this crate's `concurrency` turns on), or to drive
/// [`lambda_runtime::Runtime`] directly. Cloning it is cheap: the app is
/// shared behind an [`Arc`].
///
/// ```no_run
/// use chalice_app::{Chalice, Request, Route};
/// use serde_json::json;
///
/// #[tokio::main]
/// async fn main() -> Result<(), lambda_runtime::Error> {
///     let mut app = Chalice::new("helloworld");
///     app.route("/", Route::new(), |_req: Request| json!({"hello": "world"}));
///     chalice_app::init_logging();
///     lambda_runtime::run(app.into_service()).await
/// }
/// ```
///
/// Served so, without [`BodyHandover`], `lambda_runtime` reads each body
/// into the service's `Box<RawValue>` before the app reads it again: the
/// same answers, at the cost of that first read.
///
/// A failed invocation reaches Lambda as a [`lambda_runtime::Diagnostic`]
/// whose `errorType` is [`Error::type_name`] (`BadRequestError`, or your own
/// error type's name) and whose `errorMessage` is the error's text.
///
/// Events arrive as their JSON bytes (handed over by [`BodyHandover`]) or
/// text (read by `lambda_runtime`). With a handler named, they go to
/// [`Chalice::invoke_reply`], which reads them without building a `Value`
/// when the event type's fast path takes it, and answers a [`Reply`] that
/// the runtime writes as it is (an HTTP answer straight from its
/// [`ProxyResponse`](crate::ProxyResponse)); without, the event is
/// parsed into a `Value` to pick the handler by its shape
/// ([`Chalice::handler_for_event`]), and its bytes or text then go to
/// `invoke_reply` in the same way: an event gets the same answer whether
/// `CHALICE_HANDLER` names its handler or not (an integer past 64 bits is
/// refused on both, not rounded on one).
#[cfg(feature = "runtime")]
#[derive(Clone)]
pub struct LambdaService {
    app: Arc<Chalice>,
    handler: Option<Arc<str>>,
}

#[cfg(feature = "runtime")]
impl LambdaService {
    /// Serves `app`: the handler named by `CHALICE_HANDLER` ([`HANDLER_ENV`])
    /// when it is set and not empty, otherwise the one each event's shape
    /// picks, as [`run`] does.
    pub fn new(app: Arc<Chalice>) -> Self {
        let handler = std::env::var(HANDLER_ENV)
            .ok()
            .filter(|h| !h.is_empty())
            .map(Arc::from);
        LambdaService { app, handler }
    }

    /// Serves the handler `name` (`Some("api")` for the HTTP API), or with
    /// `None` the one each event's shape picks, whatever `CHALICE_HANDLER`
    /// says.
    #[must_use]
    pub fn with_handler(mut self, name: Option<&str>) -> Self {
        self.handler = name.map(Arc::from);
        self
    }

    /// The handler every event goes to, if one is named.
    pub fn handler_name(&self) -> Option<&str> {
        self.handler.as_deref()
    }

    /// The app served.
    pub fn app(&self) -> &Arc<Chalice> {
        &self.app
    }
}

#[cfg(feature = "runtime")]
impl fmt::Debug for LambdaService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LambdaService")
            .field("app", &self.app)
            .field("handler", &self.handler)
            .finish()
    }
}

#[cfg(feature = "runtime")]
impl lambda_runtime::Service<lambda_runtime::LambdaEvent<Box<RawValue>>> for LambdaService {
    type Response = Reply;
    type Error = Error;
    type Future = BoxFuture<Result<Reply, Error>>;

    /// Always ready: every invocation gets its own future on the shared app.
    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, event: lambda_runtime::LambdaEvent<Box<RawValue>>) -> Self::Future {
        let app = Arc::clone(&self.app);
        let handler = self.handler.clone();
        // Taken now, in the `call` that `BodyHandover` wraps: the future
        // runs later, when the slot may hold another invocation's body.
        let body = HANDED_OVER.take();
        let lambda_runtime::LambdaEvent { payload, context } = event;
        Box::pin(async move {
            // Taken, not copied: the invocation's own strings move over.
            // Boxed once, here: the event or request it reaches keeps the
            // box, and no step on the way copies the context itself.
            let context = Box::new(LambdaContext::from(context));
            if let Some(body) = body {
                let name = handler_for(&app, handler.as_deref(), &body)?;
                return app
                    .invoke_payload(&name, Payload::Bytes(&body), context)
                    .await;
            }
            let text = payload.get();
            if text == PLACEHOLDER {
                return Err(Error::msg(
                    "the invocation's body was taken by BodyHandover but did not reach LambdaService: \
                     put no layer that defers calling the service between them",
                ));
            }
            let name = handler_for(&app, handler.as_deref(), text.as_bytes())?;
            // The text `lambda_runtime` read, handed over: an HTTP event keeps
            // it without a copy.
            app.invoke_payload(&name, Payload::Text(payload.into()), context)
                .await
        })
    }
}

/// The handler `event` goes to: the one named, or else the one its shape
/// picks. The shape is judged on a `Value`; the event is then read from its
/// bytes or text, as it is for a named handler, so that it gets the same
/// answer either way.
#[cfg(feature = "runtime")]
fn handler_for<'h>(
    app: &Chalice,
    named: Option<&'h str>,
    event: &[u8],
) -> Result<Cow<'h, str>, Error> {
    if let Some(name) = named {
        return Ok(Cow::Borrowed(name));
    }
    // Text `lambda_runtime` read is valid JSON; only a document nested past
    // serde_json's recursion limit, or bytes handed over that are not JSON,
    // land here.
    let shape = chalice_events::json::value_from_slice(event)
        .map_err(|e| Error::msg(format!("the event is not JSON: {e}")))?;
    let name = app.handler_for_event(&shape).ok_or_else(no_handler)?;
    Ok(Cow::Owned(name))
}

/// What [`BodyHandover`] leaves as an invocation's body once it has taken
/// it: a JSON string that no event is, so that `lambda_runtime` reads it
/// into the payload at once, and a [`LambdaService`] that finds it without
/// the body says so instead of answering it as an event.
#[cfg(feature = "runtime")]
const PLACEHOLDER: &str = r#""chalice-app: this invocation's body went to LambdaService as bytes""#;

#[cfg(feature = "runtime")]
thread_local! {
    /// The body [`BodyHandover`] took from the invocation it is passing on,
    /// until the [`LambdaService`] that the same `call` reaches takes it.
    static HANDED_OVER: std::cell::Cell<Option<bytes::Bytes>> = const { std::cell::Cell::new(None) };
}

/// The layer [`run`] puts over `lambda_runtime`'s
/// [`Runtime`](lambda_runtime::Runtime) so that a [`LambdaService`] gets
/// each invocation's body as the bytes the Runtime API sent.
///
/// Without it, `lambda_runtime` reads every body into the service's payload
/// type with serde_json before calling the service: for the `Box<RawValue>`
/// of a `LambdaService`, a check of every byte of the JSON grammar and a
/// copy, after which chalice-app reads the text again with its own reader,
/// which checks it as strictly. That first read was about a third of the
/// instructions of answering a small HTTP request (`BENCHMARKS.md`). This
/// layer takes the body out of the invocation, leaves a short JSON string in
/// its place for `lambda_runtime` to read, and gives the body to the
/// `LambdaService` that `lambda_runtime` then calls, within the same
/// `call`: everything else (the response and error requests to the Runtime
/// API, panics caught, the invocation's context and tracing span, Lambda
/// Managed Instances' concurrency) stays `lambda_runtime`'s.
///
/// An event gets the answer it would get through `lambda_runtime`'s read,
/// save for a body that is not JSON, which Lambda does not send: it reaches
/// the app, which answers it as [`Chalice::invoke_reply`] does.
///
/// Building the runtime yourself, add it before any other layer, so that
/// it is the closest to the service:
///
/// ```no_run
/// use chalice_app::{BodyHandover, Chalice};
/// use lambda_runtime::{layers::TracingLayer, Runtime};
///
/// # async fn serve(app: Chalice) -> Result<(), lambda_runtime::Error> {
/// chalice_app::retain_heap();
/// Runtime::new(app.into_service())
///     .layer(BodyHandover)
///     .layer(TracingLayer::new())
///     .run()
///     .await
/// # }
/// ```
///
/// A layer between the two that called the service later than in its own
/// `call` would leave the body behind: the service then fails the
/// invocation with an error saying so, rather than answer the placeholder.
/// Added twice, the layer hands the body over once.
#[cfg(feature = "runtime")]
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyHandover;

#[cfg(feature = "runtime")]
impl<S> lambda_runtime::tower::Layer<S> for BodyHandover {
    type Service = BodyHandoverService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        BodyHandoverService { inner }
    }
}

/// The service [`BodyHandover`] wraps around `lambda_runtime`'s own.
#[cfg(feature = "runtime")]
#[derive(Debug, Clone)]
pub struct BodyHandoverService<S> {
    inner: S,
}

#[cfg(feature = "runtime")]
impl<S> lambda_runtime::Service<lambda_runtime::LambdaInvocation> for BodyHandoverService<S>
where
    S: lambda_runtime::Service<lambda_runtime::LambdaInvocation>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut invocation: lambda_runtime::LambdaInvocation) -> S::Future {
        if invocation.body == PLACEHOLDER.as_bytes() {
            // A `BodyHandover` further out took the body: the slot holds it.
            return self.inner.call(invocation);
        }
        let placeholder = bytes::Bytes::from_static(PLACEHOLDER.as_bytes());
        let body = std::mem::replace(&mut invocation.body, placeholder);
        // `lambda_runtime` logs the body it reads at this level; it now
        // reads the placeholder.
        tracing::trace!(
            body = %String::from_utf8_lossy(&body),
            "raw JSON event received from Lambda"
        );
        HANDED_OVER.set(Some(body));
        let future = self.inner.call(invocation);
        // Taken by the service inside that call; a body left behind (the
        // invocation refused before reaching it) goes with this one.
        drop(HANDED_OVER.take());
        future
    }
}

/// What Lambda reports for a failed invocation: `errorType` is
/// [`Error::type_name`], `errorMessage` the error's text.
#[cfg(feature = "runtime")]
impl From<Error> for lambda_runtime::Diagnostic {
    fn from(err: Error) -> Self {
        lambda_runtime::Diagnostic {
            error_type: err.type_name().to_string(),
            error_message: err.to_string(),
        }
    }
}

#[cfg(feature = "runtime")]
impl Chalice {
    /// The app as the service `lambda_runtime` runs: see [`LambdaService`],
    /// which this builds with [`LambdaService::new`] (so `CHALICE_HANDLER`
    /// is honoured). Serving it yourself, call [`retain_heap`] first and
    /// put [`BodyHandover`] over the runtime, as `run` does.
    ///
    /// ```no_run
    /// # async fn serve(app: chalice_app::Chalice) -> Result<(), lambda_runtime::Error> {
    /// use lambda_runtime::{layers::TracingLayer, Runtime};
    ///
    /// chalice_app::retain_heap();
    /// // One invocation at a time; `.run_concurrent()` instead (with
    /// // lambda_runtime's `concurrency-tokio` feature) serves as many at once
    /// // as AWS_LAMBDA_MAX_CONCURRENCY says on Lambda Managed Instances.
    /// Runtime::new(app.into_service())
    ///     .layer(chalice_app::BodyHandover)
    ///     .layer(TracingLayer::new())
    ///     .run()
    ///     .await
    /// # }
    /// ```
    pub fn into_service(self) -> LambdaService {
        LambdaService::new(Arc::new(self))
    }
}

/// Installs the logging [`run`] uses, following Lambda's advanced logging
/// controls, unless the process has a `tracing` subscriber already: one you
/// installed first is kept. Returns whether this call installed one.
///
/// - The level is `AWS_LAMBDA_LOG_LEVEL` when set (`TRACE`, `DEBUG`,
///   `INFO`, `WARN`, `ERROR`, or `FATAL`, read as `ERROR`); otherwise
///   `RUST_LOG`'s comma-separated directives: `level` for every target no
///   other directive names, `target=level` for the targets that start with
///   `target` (the longest such name decides), `target` alone for all of
///   its levels; without a `level` directive, the targets not named are
///   off. Span and field filters such as `[request]=debug` are not
///   understood: such a directive reads as a target name and matches
///   nothing; a `RUST_LOG` with a level that does not read is ignored.
///   Otherwise `INFO`.
/// - With `AWS_LAMBDA_LOG_FORMAT=JSON`, each line is one JSON object with
///   `timestamp`, `level`, `message`, the event's other fields, and the
///   spans it is in (inside Lambda, `lambda_runtime`'s span carries the
///   `requestId`).
/// - Otherwise lines are text: inside Lambda without timestamps or colours,
///   since CloudWatch stamps each line itself and shows escape codes as
///   they are; elsewhere with both (colours unless `NO_COLOR` is set).
///   A text line is the level, the spans the event is in with their
///   fields, and the event's fields, its message first:
///   ` INFO Lambda runtime invoke{requestId="8f50..."}: saved id=7`.
///
/// Lines go to standard output, where Lambda collects them.
#[cfg(any(feature = "runtime", feature = "local-server"))]
pub fn init_logging() -> bool {
    use tracing::level_filters::LevelFilter;

    let lambda_level = std::env::var("AWS_LAMBDA_LOG_LEVEL").ok().and_then(|l| {
        if l.eq_ignore_ascii_case("fatal") {
            // Lambda's levels end with FATAL, which tracing does not have.
            Some(LevelFilter::ERROR)
        } else {
            l.parse::<LevelFilter>().ok()
        }
    });
    // The level chosen in Lambda's console overrides RUST_LOG: it is the one
    // Lambda filters JSON lines by as well.
    let filter = match lambda_level {
        Some(level) => log_lines::Filter::level(level),
        None => std::env::var("RUST_LOG")
            .ok()
            .and_then(|directives| log_lines::Filter::parse(&directives))
            .unwrap_or_else(|| log_lines::Filter::level(LevelFilter::INFO)),
    };
    let json = std::env::var("AWS_LAMBDA_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let in_lambda = std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some();
    let style = if json {
        log_lines::Style::Json
    } else {
        log_lines::Style::Text {
            // CloudWatch stamps each line, and shows colour codes as they are.
            timestamps: !in_lambda,
            colours: !in_lambda && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    };
    // A subscriber already installed (by the user, or by a second app in
    // the same process) stays.
    let installed = tracing::subscriber::set_global_default(log_lines::Lines::new(filter, style));
    installed.is_ok()
}

/// Runs the app: inside Lambda (when `AWS_LAMBDA_RUNTIME_API` is set) it serves
/// invocations through `lambda_runtime`, dispatching each to the handler named
/// by `CHALICE_HANDLER` or picked by the event's shape; anywhere else it serves
/// the HTTP API locally on `CHALICE_LOCAL_ADDR` (default `127.0.0.1:8000`),
/// with the app's OpenAPI 3.1 document at `CHALICE_OPENAPI_PATH` when that
/// is set (e.g. `/openapi.json`; see `ServerConfig::openapi_path`, with the
/// `local-server` feature).
///
/// It first installs logging with [`init_logging`] (a subscriber you
/// installed before is kept). On Lambda it serves `Chalice::into_service`
/// as `lambda_runtime::run_concurrent` does, with `BodyHandover` added:
/// one invocation at a time, or as many at once as
/// `AWS_LAMBDA_MAX_CONCURRENCY` allows on Lambda Managed Instances. Built
/// without the default feature `concurrency`, it serves as
/// `lambda_runtime::run` does instead: one invocation at a time everywhere,
/// with a warning logged when `AWS_LAMBDA_MAX_CONCURRENCY` is set.
///
/// When the Runtime API itself fails, `run` does what `lambda_runtime` 1.5
/// does (tested against a failing fake Runtime API in the workspace suite,
/// `runtime::faults`): in the sequential loop, a `/next` request that cannot
/// reach the API or gets a 5xx answer, and a response `POST` that gets no
/// answer, end `run` with an error (return it from `main` and the process
/// exits non-zero, so Lambda starts a new one); a response `POST` answered with
/// an error status is logged and the next invocation is fetched. With
/// `AWS_LAMBDA_MAX_CONCURRENCY` above 1, each worker retries a `/next` that
/// fails in transport, without a pause, and `run` ends with an error once
/// every worker has ended on one (a 5xx from `/next` ends a worker).
///
/// Outside Lambda, arguments on the command line are a command, read with
/// the default feature `cli`: `package` and `generate-models` (see
/// [`package`][package-cli]); without it, arguments
/// are an error.
///
/// `run` needs the default features `runtime` for Lambda and `local-server`
/// for the rest. Built with only one of them, the other half returns an
/// error naming the missing feature instead of serving.
///
/// # Errors
///
/// When the runtime or the server cannot start, including when a Lambda
/// environment variable the runtime needs is missing or invalid, and when
/// the half of `run` that applies was not built (see above).
///
#[cfg_attr(
    feature = "package",
    doc = "\n[package-cli]: mod@crate::package#the-command-line"
)]
#[cfg_attr(not(feature = "package"), doc = "\n[package-cli]: crate#features")]
#[cfg(any(feature = "runtime", feature = "local-server"))]
pub async fn run(app: Chalice) -> Result<(), Error> {
    init_logging();
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        run_lambda(app).await
    } else {
        // `package` and `generate-models` on the command line; none: serve.
        #[cfg(feature = "cli")]
        if let Some(status) = crate::package::cli::command(&app, std::env::args_os()) {
            return crate::package::cli::finish(status);
        }
        #[cfg(not(feature = "cli"))]
        if let Some(arg) = std::env::args_os().nth(1) {
            return Err(Error::msg(format!(
                "chalice-app was built without its `cli` feature, so this binary has no command line (package, generate-models) and takes no arguments; found {arg:?}"
            )));
        }
        serve_outside_lambda(app).await
    }
}

#[cfg(feature = "runtime")]
async fn run_lambda(app: Chalice) -> Result<(), Error> {
    check_lambda_env()?;
    retain_heap();
    // `lambda_runtime::run_concurrent` (or `run`), with the body handed over.
    let runtime = lambda_runtime::Runtime::new(app.into_service())
        .layer(BodyHandover)
        .layer(lambda_runtime::layers::TracingLayer::new());
    #[cfg(feature = "concurrency")]
    let served = runtime.run_concurrent().await;
    #[cfg(not(feature = "concurrency"))]
    let served = runtime.run().await;
    served.map_err(|e| Error::msg(format!("Lambda runtime failed: {e}")))
}

/// `lambda_runtime` panics on these (its `Config::from_env`); Lambda always
/// sets them, so a miss means the binary runs somewhere that only looks
/// like Lambda, which deserves an error rather than a panic.
#[cfg(feature = "runtime")]
fn check_lambda_env() -> Result<(), Error> {
    for name in [
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    ] {
        let value = std::env::var(name).map_err(|_| {
            Error::msg(format!(
                "AWS_LAMBDA_RUNTIME_API is set but {name} is not: the Lambda runtime cannot start"
            ))
        })?;
        if name == "AWS_LAMBDA_FUNCTION_MEMORY_SIZE" && value.parse::<i32>().is_err() {
            return Err(Error::msg(format!(
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE is not a number of megabytes: {value:?}"
            )));
        }
    }
    Ok(())
}

#[cfg(all(feature = "local-server", not(feature = "runtime")))]
async fn run_lambda(_app: Chalice) -> Result<(), Error> {
    Err(Error::msg(
        "AWS_LAMBDA_RUNTIME_API is set, but chalice-app was built without its `runtime` feature, which serves Lambda invocations",
    ))
}

#[cfg(feature = "local-server")]
async fn serve_outside_lambda(app: Chalice) -> Result<(), Error> {
    use std::net::SocketAddr;

    use crate::server::{serve_local, ServerConfig};

    let addr: SocketAddr = std::env::var("CHALICE_LOCAL_ADDR")
        .ok()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8000)));
    serve_local(
        std::sync::Arc::new(app),
        ServerConfig {
            addr,
            // Off unless asked for, e.g. CHALICE_OPENAPI_PATH=/openapi.json.
            openapi_path: std::env::var("CHALICE_OPENAPI_PATH").ok(),
            ..ServerConfig::default()
        },
    )
    .await
}

#[cfg(all(feature = "runtime", not(feature = "local-server")))]
async fn serve_outside_lambda(_app: Chalice) -> Result<(), Error> {
    Err(Error::msg(
        "AWS_LAMBDA_RUNTIME_API is not set, so this is not Lambda, and chalice-app was built without its `local-server` feature, which serves the app locally",
    ))
}
