//! The test client: [`Client`] with its [`http`](Client::http),
//! [`lambda`](Client::lambda) and [`events`](Client::events) parts, the
//! counterpart of Chalice's `chalice.test.Client`.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use chalice_app::{Chalice, HttpRequest, HttpResponse, LambdaContext, LocalGateway};
use serde::Serialize;
use serde_json::Value;

use crate::env::EnvVars;
use crate::events::{EventsClient, IntoPayload};
use crate::response::TestResponse;

/// A boxed future borrowing the client, as [`TestRequest`] and [`Invocation`]
/// resolve to when awaited.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The name of the function HTTP requests are handled as, for
/// [`Client::with_function_env`]: Chalice's `api_handler`.
pub const API_HANDLER_FUNCTION: &str = "api_handler";

/// A test client for one app: HTTP requests through the local API Gateway
/// emulation, direct invocations of handlers by name, and fake events.
///
/// The app is shared with the gateway as an `Arc<Chalice>`, so a client is
/// cheap to clone and can be built from an app other code also holds
/// ([`Client::from_arc`]).
///
/// ```
/// use chalice_app::{Chalice, Request, Route};
/// use chalice_testing::Client;
/// use serde_json::json;
///
/// let mut app = Chalice::new("demo");
/// app.route("/", Route::new(), |_req: Request| json!({"hello": "world"}));
/// let client = Client::new(app);
///
/// let response = client.http().get("/").send_blocking();
/// assert_eq!(response.status_code, 200);
/// assert_eq!(response.json_body(), Some(json!({"hello": "world"})));
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    gateway: LocalGateway,
    env: EnvVars,
}

impl Client {
    /// A client for `app`.
    pub fn new(app: Chalice) -> Self {
        Client::from_arc(Arc::new(app))
    }

    /// A client for an app that is already shared.
    pub fn from_arc(app: Arc<Chalice>) -> Self {
        let mut gateway = LocalGateway::new(app);
        gateway.function_name = API_HANDLER_FUNCTION.to_string();
        Client {
            gateway,
            env: EnvVars::default(),
        }
    }

    /// The app under test.
    pub fn app(&self) -> &Arc<Chalice> {
        self.gateway.app()
    }

    /// The local API Gateway emulation requests go through (the same one the
    /// local server runs).
    pub fn gateway(&self) -> &LocalGateway {
        &self.gateway
    }

    /// The same client, with the environment variable `name` set to `value`
    /// while each of its calls runs (HTTP requests and invocations alike),
    /// and restored afterwards. See [Environment variables](crate#environment-variables).
    ///
    /// # Panics
    ///
    /// When `name` is empty or holds `=` or NUL, or `value` holds NUL.
    #[track_caller]
    pub fn with_env(mut self, name: &str, value: &str) -> Self {
        self.env.push(None, name, Some(value));
        self
    }

    /// The same client, with `name` removed from the environment while each
    /// of its calls runs, and restored afterwards.
    ///
    /// # Panics
    ///
    /// When `name` is empty or holds `=` or NUL.
    #[track_caller]
    pub fn without_env(mut self, name: &str) -> Self {
        self.env.push(None, name, None);
        self
    }

    /// The same client, with `name` set to `value` only while the function
    /// `function` runs, overriding [`with_env`](Client::with_env) for it: the
    /// counterpart of a stage's `lambda_functions.<function>` settings in
    /// Chalice's config. HTTP requests run as [`API_HANDLER_FUNCTION`].
    ///
    /// # Panics
    ///
    /// When `name` is empty or holds `=` or NUL, or `value` holds NUL.
    #[track_caller]
    pub fn with_function_env(mut self, function: &str, name: &str, value: &str) -> Self {
        self.env.push(Some(function), name, Some(value));
        self
    }

    /// The HTTP part: requests through the local API Gateway emulation.
    pub fn http(&self) -> HttpClient<'_> {
        HttpClient { client: self }
    }

    /// The Lambda part: invocations of handlers by name.
    pub fn lambda(&self) -> LambdaClient<'_> {
        LambdaClient { client: self }
    }

    /// The event generators, in the shapes Chalice's test client produces.
    pub fn events(&self) -> EventsClient {
        EventsClient::new()
    }
}

impl From<Chalice> for Client {
    fn from(app: Chalice) -> Self {
        Client::new(app)
    }
}

impl From<Arc<Chalice>> for Client {
    fn from(app: Arc<Chalice>) -> Self {
        Client::from_arc(app)
    }
}

/// The HTTP part of a [`Client`]: Chalice's `TestHTTPClient`.
///
/// Each method starts a [`TestRequest`]; add headers and a body, then
/// `.await` it (or call [`send`](TestRequest::send)) in async tests, or call
/// [`send_blocking`](TestRequest::send_blocking) in sync ones.
#[derive(Debug, Clone, Copy)]
pub struct HttpClient<'c> {
    client: &'c Client,
}

impl<'c> HttpClient<'c> {
    /// A request with any method (upper-cased, as Chalice does), e.g.
    /// `request("PATCH", "/items/1?dry_run=1")`. The path may carry a query
    /// string.
    pub fn request(&self, method: &str, path: &str) -> TestRequest<'c> {
        TestRequest {
            client: self.client,
            request: HttpRequest::new(method, path),
        }
    }

    /// A `GET` request.
    pub fn get(&self, path: &str) -> TestRequest<'c> {
        self.request("GET", path)
    }

    /// A `POST` request.
    pub fn post(&self, path: &str) -> TestRequest<'c> {
        self.request("POST", path)
    }

    /// A `PUT` request.
    pub fn put(&self, path: &str) -> TestRequest<'c> {
        self.request("PUT", path)
    }

    /// A `PATCH` request.
    pub fn patch(&self, path: &str) -> TestRequest<'c> {
        self.request("PATCH", path)
    }

    /// A `DELETE` request.
    pub fn delete(&self, path: &str) -> TestRequest<'c> {
        self.request("DELETE", path)
    }

    /// An `OPTIONS` request: a CORS preflight unless the path has its own
    /// `OPTIONS` route.
    pub fn options(&self, path: &str) -> TestRequest<'c> {
        self.request("OPTIONS", path)
    }

    /// A `HEAD` request.
    pub fn head(&self, path: &str) -> TestRequest<'c> {
        self.request("HEAD", path)
    }

    /// Sends an [`HttpRequest`] built elsewhere (for instance by
    /// [`strategies::http_request`](crate::strategies::http_request)).
    pub fn send_request(&self, request: HttpRequest) -> TestRequest<'c> {
        TestRequest {
            client: self.client,
            request,
        }
    }
}

/// An HTTP request being built; nothing happens until it is sent.
#[must_use = "a request does nothing until it is sent: `.await` it or call `send_blocking()`"]
#[derive(Debug, Clone)]
pub struct TestRequest<'c> {
    client: &'c Client,
    request: HttpRequest,
}

impl<'c> TestRequest<'c> {
    /// Adds a header. Names keep their case, and a repeated name sends every
    /// value, as a client would.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.request = self.request.header(name, value);
        self
    }

    /// Adds several headers.
    pub fn headers<I, K, V>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        for (name, value) in headers {
            self.request = self.request.header(name, value);
        }
        self
    }

    /// Sets the body (text or bytes). A body whose `Content-Type` is one of
    /// the app's binary types reaches the app base64-encoded, as API Gateway
    /// sends it.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.request.body = body.into();
        self
    }

    /// Sets the body to `value` as JSON, and `Content-Type: application/json`
    /// unless a content type was set already.
    ///
    /// # Panics
    ///
    /// When `value` cannot be written as JSON (a map with non-string keys,
    /// say): a mistake in the test itself.
    #[track_caller]
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        let body = match serde_json::to_vec(value) {
            Ok(body) => body,
            Err(e) => panic!("TestRequest::json: the value cannot be written as JSON: {e}"),
        };
        let has_type = self
            .request
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
        if !has_type {
            self.request = self.request.header("Content-Type", "application/json");
        }
        self.request.body = body;
        self
    }

    /// The caller's address, in `requestContext.identity.sourceIp` (default
    /// `127.0.0.1`).
    pub fn source_ip(mut self, ip: &str) -> Self {
        self.request.source_ip = Some(ip.to_string());
        self
    }

    /// The request as it will reach the gateway.
    pub fn as_http_request(&self) -> &HttpRequest {
        &self.request
    }

    /// Sends the request through the local API Gateway emulation, with the
    /// client's environment variables applied.
    ///
    /// Never fails: whatever the app or the gateway does becomes a response
    /// (a 403 for an unknown path, a 500 for a failing view, ...).
    pub async fn send(self) -> TestResponse {
        let client = self.client;
        let _env = client.env.apply(&client.gateway.function_name).await;
        TestResponse::from(client.gateway.handle(self.request).await)
    }

    /// [`send`](TestRequest::send), for sync tests. See
    /// [Sync and async tests](crate#sync-and-async-tests).
    ///
    /// # Panics
    ///
    /// When no tokio runtime can be started (the OS refused a thread or an
    /// I/O driver).
    pub fn send_blocking(self) -> TestResponse {
        crate::runtime::block_on(self.send())
    }
}

impl<'c> IntoFuture for TestRequest<'c> {
    type Output = TestResponse;
    type IntoFuture = BoxFuture<'c, TestResponse>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl From<HttpResponse> for TestResponse {
    fn from(response: HttpResponse) -> Self {
        TestResponse {
            status_code: response.status_code,
            headers: response.headers,
            body: response.body,
        }
    }
}

impl From<TestResponse> for HttpResponse {
    fn from(response: TestResponse) -> Self {
        HttpResponse {
            status_code: response.status_code,
            headers: response.headers,
            body: response.body,
        }
    }
}

/// The Lambda part of a [`Client`]: Chalice's `TestLambdaClient`.
#[derive(Debug, Clone, Copy)]
pub struct LambdaClient<'c> {
    client: &'c Client,
}

impl<'c> LambdaClient<'c> {
    /// Invokes the handler registered as `function_name` with `payload`
    /// (a JSON value, or an event from [`Client::events`]), as Lambda would
    /// invoke that function.
    ///
    /// Any handler name works: event handlers (`on_s3_event_<bucket>` unless
    /// named), plain Lambda functions, built-in authorizers (given a TOKEN
    /// event), websocket handlers, and `"api"` for the REST entry point.
    /// Chalice's default payload `{}` is `json!({})` here.
    pub fn invoke(&self, function_name: &str, payload: impl IntoPayload) -> Invocation<'c> {
        Invocation {
            client: self.client,
            function_name: function_name.to_string(),
            payload: payload.into_payload(),
            context: None,
        }
    }
}

/// An invocation being prepared; nothing happens until it is sent.
#[must_use = "an invocation does nothing until it is sent: `.await` it or call `send_blocking()`"]
#[derive(Debug, Clone)]
pub struct Invocation<'c> {
    client: &'c Client,
    function_name: String,
    payload: Value,
    context: Option<LambdaContext>,
}

impl<'c> Invocation<'c> {
    /// The Lambda context to invoke with. By default it is Chalice's local
    /// one: `function_name` the invoked name, version `$LATEST`, a fresh
    /// request id and three seconds to run.
    pub fn context(mut self, context: LambdaContext) -> Self {
        self.context = Some(context);
        self
    }

    /// Invokes the handler, with the client's environment variables applied.
    ///
    /// # Errors
    ///
    /// [`Error::FunctionNotFound`] when the app has no handler of that name;
    /// [`Error::Handler`] when the payload is not the event the handler
    /// takes, or the handler (or its middleware) fails or panics.
    pub async fn send(self) -> Result<InvokeResponse, Error> {
        let context = self
            .context
            .unwrap_or_else(|| LambdaContext::new(self.function_name.clone()));
        let _env = self.client.env.apply(&self.function_name).await;
        let app = self.client.app();
        match app.invoke(&self.function_name, self.payload, context).await {
            Ok(payload) => Ok(InvokeResponse { payload }),
            Err(e) if e.is_function_not_found() => Err(Error::FunctionNotFound(self.function_name)),
            Err(e) => Err(Error::Handler(e)),
        }
    }

    /// [`send`](Invocation::send), for sync tests. See
    /// [Sync and async tests](crate#sync-and-async-tests).
    ///
    /// # Errors
    ///
    /// As [`send`](Invocation::send).
    ///
    /// # Panics
    ///
    /// When no tokio runtime can be started.
    pub fn send_blocking(self) -> Result<InvokeResponse, Error> {
        crate::runtime::block_on(self.send())
    }
}

impl<'c> IntoFuture for Invocation<'c> {
    type Output = Result<InvokeResponse, Error>;
    type IntoFuture = BoxFuture<'c, Result<InvokeResponse, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// What an invoked handler returned: Chalice's `InvokeResponse`.
#[derive(Debug, Clone, PartialEq)]
pub struct InvokeResponse {
    /// The handler's return value as JSON, e.g. `{"batchItemFailures": []}`.
    pub payload: Value,
}

/// Why an invocation failed: this crate's one error type.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The app has no handler of this name: Chalice's `FunctionNotFoundError`.
    FunctionNotFound(String),
    /// The handler, its middleware or reading its event failed.
    Handler(chalice_app::Error),
}

impl Error {
    /// Whether the app has no handler of the invoked name.
    pub fn is_function_not_found(&self) -> bool {
        matches!(self, Error::FunctionNotFound(_))
    }

    /// The handler's error, when the handler was found and failed.
    pub fn as_handler_error(&self) -> Option<&chalice_app::Error> {
        match self {
            Error::Handler(e) => Some(e),
            Error::FunctionNotFound(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::FunctionNotFound(name) => write!(f, "FunctionNotFoundError: {name}"),
            Error::Handler(e) => write!(f, "{}: {e}", e.type_name()),
        }
    }
}

// `chalice_app::Error` is not a `std::error::Error` (it converts *from* every
// error instead), so there is no `source()` to give.
impl std::error::Error for Error {}
