//! The one dispatcher: every front (Lambda, the test client, the local
//! server) hands events to these functions.
//!
//! # HTTP dispatch, step by step (Chalice's `RestAPIEventHandler`)
//!
//! 1. The route is the event's `requestContext.resourcePath` (REST proxy
//!    events); events without one (HTTP API v2, function URLs, ALB) are matched
//!    by path against the route table. Neither → 500 `Unknown request.`
//! 2. No entry for the method → 405 `Unsupported method: <M>` with `Allow`,
//!    never with CORS headers.
//! 3. A capture missing from the path parameters → 500, without CORS.
//! 4. The request's `Content-Type` (default `application/json`) must match the
//!    route's content types → else 415.
//! 5. The view runs. A view error becomes its response; any other error or a
//!    panic becomes a 500 (the error text only in debug mode).
//! 6. Header values with CR or LF → 500. CORS headers are added where the
//!    response lacks them. A binary response to a request whose `Accept` names
//!    no binary type → 400.
//! 7. Middleware wraps steps 2–6; whatever fails there becomes a 500 without CORS.
//! 8. The response is written as the proxy response of the event's kind.

use std::borrow::Cow;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use chalice_events::apigateway::matches_content_type;
use chalice_events::authorizer::AuthRequest;
use chalice_events::json::RawJson;
use chalice_events::request::{HttpEventKind, Request};
use chalice_events::response::{Body, HeaderValue, ProxyResponse, Response, ResponseShape};
use chalice_events::websocket::WebsocketEvent;
use chalice_events::{Event, LambdaContext};
use futures_util::FutureExt;
use serde_json::{json, Map, Value};

use crate::app::{Chalice, EventSource, HandlerFn};
use crate::handler::ErasedFn;
use crate::middleware::{
    EventType, LambdaFunctionEvent, MiddlewareEvent, MiddlewareFn, Next, Outcome, Terminal,
};
use crate::routes::{PathRoutes, RouteEntry};
use crate::{ChaliceViewError, Error, MethodNotAllowedError};

/// The name under which the REST API handler is invoked.
pub const API_HANDLER: &str = "api";

const GENERIC_500: &str = "An internal server error occurred.";

fn error_response(err: &ChaliceViewError) -> Response {
    Response::new(Body::Text(err.body())).with_status(err.status_code())
}

fn internal_error(debug: bool, detail: &str) -> Response {
    if debug {
        Response::new(Body::Text(detail.to_string()))
            .with_status(500)
            .with_header("Content-Type", "text/plain")
    } else {
        error_response(&ChaliceViewError::custom(
            500,
            "InternalServerError",
            GENERIC_500,
        ))
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// Whether an event names its route (`requestContext.resourcePath`), which
/// decides how a refused event is answered.
fn names_a_resource_path(event: &Value) -> bool {
    event
        .pointer("/requestContext/resourcePath")
        .is_some_and(|p| !p.is_null())
}

/// Calls an erased handler, turning a panic (while building or polling its
/// future) into an error.
pub(crate) async fn call_guarded<A, O>(f: &ErasedFn<A, O>, arg: A) -> Result<O, Error> {
    let fut = match std::panic::catch_unwind(AssertUnwindSafe(|| f(arg))) {
        Ok(fut) => fut,
        Err(p) => return Err(Error::panic(panic_message(p.as_ref()))),
    };
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(out) => out,
        Err(p) => Err(Error::panic(panic_message(p.as_ref()))),
    }
}

/// What the route an HTTP event names is to dispatch.
enum Named<'a> {
    /// One of the app's routes.
    Known(&'a PathRoutes),
    /// A REST resource the app lacks, kept for Chalice's 405.
    Unknown,
    /// None, or one the path decides instead (see `named_route`).
    Unusable,
}

impl Chalice {
    fn chain_for(&self, event_type: EventType) -> Arc<[MiddlewareFn]> {
        self.middleware.get(event_type)
    }

    /// Handles an HTTP event (any of the shapes [`Request`] reads) the way
    /// Chalice's app object does, and returns the proxy response for it.
    ///
    /// Never fails: whatever goes wrong becomes an HTTP error response.
    pub async fn handle_http_event(
        self: &Arc<Self>,
        event: Value,
        context: LambdaContext,
    ) -> Value {
        self.answer_http_event(event, Box::new(context))
            .await
            .into_value()
    }

    /// [`handle_http_event`](Self::handle_http_event)'s answer before it is
    /// made a `Value`.
    pub(crate) async fn answer_http_event(
        self: &Arc<Self>,
        event: Value,
        context: Box<LambdaContext>,
    ) -> Reply {
        let has_resource_path = names_a_resource_path(&event);
        match Request::from_value(event) {
            Ok(request) => self.dispatch_http(request, context).await,
            Err(e) => self.unknown_request(&e, has_resource_path),
        }
    }

    /// [`handle_http_event`](Self::handle_http_event) for the event's JSON
    /// text, as Lambda delivers it: the same dispatch and the same response
    /// (a `Value`, like `handle_http_event`'s, for the caller to write),
    /// without building the event's `Value` unless a view asks for it (see
    /// [`Request::from_slice`]).
    ///
    /// An event `Request` refuses gets the answer `handle_http_event` gives
    /// it; bytes that are not JSON are answered `500 Unknown request.`, as an
    /// event that is no HTTP event.
    pub async fn handle_http_bytes(
        self: &Arc<Self>,
        event: &[u8],
        context: LambdaContext,
    ) -> Value {
        self.answer_http_bytes(event, Box::new(context))
            .await
            .into_value()
    }

    /// [`handle_http_bytes`](Self::handle_http_bytes)'s answer before it is
    /// made a `Value`.
    async fn answer_http_bytes(
        self: &Arc<Self>,
        event: &[u8],
        context: Box<LambdaContext>,
    ) -> Reply {
        match Request::from_slice(event) {
            Ok(request) => self.dispatch_http(request, context).await,
            Err(e) => self.unreadable_request(&e, event),
        }
    }

    /// [`answer_http_bytes`](Self::answer_http_bytes) for text handed over
    /// (by the Lambda front, or written by the local gateway), kept as the
    /// request's text without a copy or a second check of its UTF-8.
    pub(crate) async fn answer_http_text(
        self: &Arc<Self>,
        event: String,
        context: Box<LambdaContext>,
    ) -> Reply {
        match Request::from_string_or_back(event) {
            Ok(request) => self.dispatch_http(request, context).await,
            Err((e, event)) => self.unreadable_request(&e, event.as_bytes()),
        }
    }

    /// The answer to an event's text that [`Request`] refused with `e`.
    fn unreadable_request(&self, e: &chalice_events::Error, event: &[u8]) -> Reply {
        // The reader has already tried the `Value` reading of these bytes and
        // refused it too; only the answer's kind is left to decide.
        let has_resource_path =
            chalice_events::json::value_from_slice(event).is_ok_and(|v| names_a_resource_path(&v));
        self.unknown_request(e, has_resource_path)
    }

    /// The route the event names, and whether it is the one to dispatch on.
    /// API Gateway's catch-all resources (`/{proxy+}`, HTTP API's `$default`
    /// and `ANY /{proxy+}`) name a route the app may not have, and an HTTP
    /// API's route table need not be the app's: the path decides then, as for
    /// events that name no route. A REST resource the app lacks is kept, so
    /// that the answer is Chalice's 405.
    fn named_route(&self, request: &Request) -> Named<'_> {
        match request.resource_path() {
            None => Named::Unusable,
            Some(rp) => match self.routes.get(rp) {
                Some(routes) => Named::Known(routes),
                None if request.kind() == HttpEventKind::Rest && !rp.ends_with("+}") => {
                    Named::Unknown
                }
                None => Named::Unusable,
            },
        }
    }

    /// The answer to an event that is not a request [`Request`] can read.
    fn unknown_request(&self, e: &chalice_events::Error, has_resource_path: bool) -> Reply {
        tracing::error!(app = %self.app_name, error = %e, "Unknown request.");
        let resp = if has_resource_path {
            internal_error(self.debug, &e.to_string())
        } else {
            error_response(&ChaliceViewError::custom(
                500,
                "InternalServerError",
                "Unknown request.",
            ))
        };
        finish(self, resp, ResponseShape::Rest)
    }

    /// Steps 1–8 for a request read from an event, whichever way it was read.
    async fn dispatch_http(
        self: &Arc<Self>,
        mut request: Request,
        context: Box<LambdaContext>,
    ) -> Reply {
        let kind = request.kind();
        let shape = ResponseShape::of(&request);
        // The path error logs name, borrowed from the route table when the
        // app has the route: only a failure reads it.
        let path_for_log: Cow<'_, str> = match self.named_route(&request) {
            Named::Known(routes) => Cow::Borrowed(&routes.path),
            Named::Unknown => Cow::Owned(request.path().to_owned()),
            Named::Unusable => match self.routes.match_path(request.raw_path()) {
                Some(m) => {
                    request.set_route(&m.routes.path, m.params);
                    Cow::Borrowed(&m.routes.path)
                }
                None if kind == HttpEventKind::Rest => {
                    let resp = error_response(&ChaliceViewError::custom(
                        500,
                        "InternalServerError",
                        "Unknown request.",
                    ));
                    return finish(self, resp, shape);
                }
                None => {
                    // What API Gateway answers for a path no route matches.
                    let resp = Response::new(Body::Text(
                        r#"{"message":"Missing Authentication Token"}"#.into(),
                    ))
                    .with_status(403);
                    return finish(self, resp, shape);
                }
            },
        };
        request.set_lambda_context(Some(context));
        let terminal = Terminal::Http(Arc::clone(self));
        let next = Next::new(self.chain_for(EventType::Http), terminal);
        let run = next.run(MiddlewareEvent::Http(request));
        let outcome = match AssertUnwindSafe(run).catch_unwind().await {
            Ok(o) => o,
            Err(p) => Err(Error::panic(panic_message(p.as_ref()))),
        };
        let response = match outcome {
            Ok(Outcome::Response(r)) => r,
            Ok(value @ (Outcome::Value(_) | Outcome::Json(_))) => {
                // As JSON text by this crate's writer: `Value`'s `Display`
                // would compile a second one into every binary.
                let value = chalice_events::json::dumps(&value.into_value().unwrap_or_default());
                tracing::error!(path = %path_for_log, "HTTP middleware returned a value instead of a response: {value}");
                internal_error(
                    self.debug,
                    "middleware returned a value instead of a response",
                )
            }
            Err(e) => {
                tracing::error!(path = %path_for_log, error = ?e, "Caught exception for path {path_for_log}");
                internal_error(self.debug, &format!("{e:?}"))
            }
        };
        // API Gateway cannot send a status outside the HTTP range; answer as
        // for any other response the app cannot give.
        let response = if (100..=599).contains(&response.status_code) {
            response
        } else {
            tracing::error!(
                "Bad status code {} for path {path_for_log}",
                response.status_code
            );
            internal_error(
                self.debug,
                &format!("Bad status code: {}", response.status_code),
            )
        };
        let response = match response.header_values_valid() {
            Ok(()) => response,
            Err((name, value)) => {
                tracing::error!("Bad value for header '{name}': {value:?}");
                internal_error(
                    self.debug,
                    &format!("Bad value for header '{name}': {value:?}"),
                )
            }
        };
        finish(self, response, shape)
    }

    pub(crate) async fn main_http_handler(
        self: Arc<Self>,
        request: Request,
    ) -> Result<Response, Error> {
        let Some(routes) = self.routes.get(request.path()) else {
            return Ok(method_not_allowed(request.method(), ""));
        };
        let Some(entry) = routes.get(request.method()).cloned() else {
            return Ok(method_not_allowed(request.method(), &routes.allow_header()));
        };
        for arg in &entry.view_args {
            if request.uri_param(arg).is_none() {
                return Err(Error::msg(format!(
                    "missing path parameter `{arg}` for route {}",
                    entry.path
                )));
            }
        }
        let cors = entry.cors.as_ref().map(|c| c.get_access_control_headers());
        // Read before the request moves into the view: the binary check needs it after.
        let accept = request.header("accept").map(str::to_string);
        let mut response = self.view_response(&entry, request).await?;
        if let Err((name, value)) = response.header_values_valid() {
            tracing::error!("Bad value for header '{name}': {value:?}");
            response = internal_error(
                self.debug,
                &format!("Bad value for header '{name}': {value:?}"),
            );
        }
        if let Some(cors) = &cors {
            for (name, value) in cors {
                if !response.headers.contains_key_exact(name) {
                    response
                        .headers
                        .insert(*name, HeaderValue::Single(value.clone()));
                }
            }
        }
        let binary_types = &self.api.binary_types;
        let response_type = response
            .headers
            .get("content-type")
            .unwrap_or("application/json");
        if matches_content_type(response_type, binary_types) {
            let accepts_binary = accept
                .as_deref()
                .is_some_and(|a| matches_content_type(a, binary_types));
            if !accepts_binary {
                let ct = response
                    .headers
                    .get("content-type")
                    .unwrap_or("")
                    .to_string();
                let err = ChaliceViewError::custom(
                    400,
                    "BadRequest",
                    format!(
                        "Request did not specify an Accept header with {ct}, The response has a Content-Type of {ct}. If a response has a binary Content-Type then the request must specify an Accept header that matches."
                    ),
                );
                let mut resp = error_response(&err);
                if let Some(cors) = &cors {
                    for (name, value) in cors {
                        resp.headers
                            .insert(*name, HeaderValue::Single(value.clone()));
                    }
                }
                return Ok(resp);
            }
        }
        Ok(response)
    }

    /// Steps 4–5: content type check and the view call, errors turned into responses.
    async fn view_response(&self, entry: &RouteEntry, request: Request) -> Result<Response, Error> {
        if !entry.content_types.is_empty() {
            let content_type = request.header("content-type").unwrap_or("application/json");
            if !matches_content_type(content_type, &entry.content_types) {
                let err = ChaliceViewError::custom(
                    415,
                    "UnsupportedMediaType",
                    format!("Unsupported media type: {content_type}"),
                );
                return Ok(error_response(&err));
            }
        }
        match call_guarded(&entry.view, request).await {
            Ok(r) => Ok(r),
            Err(e) if e.is_unhandled() => Err(e),
            Err(e) => match e.as_view_error() {
                Some(view_error) => Ok(error_response(&view_error)),
                None => {
                    tracing::error!(app = %self.app_name, error = ?e, "Caught exception for path {}", entry.path);
                    Ok(internal_error(self.debug, &format!("{e:?}")))
                }
            },
        }
    }

    /// Invokes the handler registered as `name` with `payload`, as Lambda
    /// would invoke that function. `"api"` is the HTTP entry point.
    ///
    /// # Errors
    ///
    /// When no handler has that name, the payload is not the event the handler
    /// takes, or the handler (or its middleware) fails.
    pub async fn invoke(
        self: &Arc<Self>,
        name: &str,
        payload: Value,
        context: LambdaContext,
    ) -> Result<Value, Error> {
        self.invoke_payload(name, Payload::Value(payload), Box::new(context))
            .await
            .map(Reply::into_value)
    }

    /// [`invoke`](Self::invoke) for the payload's JSON text, as Lambda
    /// delivers it: each event is read with its type's `from_slice`, whose
    /// fast path keeps the text instead of building a `Value` (HTTP events
    /// through [`handle_http_bytes`](Self::handle_http_bytes)). Replys and
    /// errors are those `invoke` gives for the same JSON.
    ///
    /// # Errors
    ///
    /// As [`invoke`](Self::invoke); also when the payload is not JSON.
    pub async fn invoke_bytes(
        self: &Arc<Self>,
        name: &str,
        payload: &[u8],
        context: LambdaContext,
    ) -> Result<Value, Error> {
        self.invoke_reply(name, payload, context)
            .await
            .map(Reply::into_value)
    }

    /// [`invoke_bytes`](Self::invoke_bytes), answered as a [`Reply`]: what
    /// the Lambda front (`run`, with the `runtime` feature) hands the runtime
    /// to write. An HTTP answer stays a [`ProxyResponse`] until it is
    /// written, without a `Value` of it; `serde_json::to_vec` of the reply
    /// is the text of `invoke_bytes`' `Value`.
    ///
    /// # Errors
    ///
    /// As [`invoke_bytes`](Self::invoke_bytes).
    pub async fn invoke_reply(
        self: &Arc<Self>,
        name: &str,
        payload: &[u8],
        context: LambdaContext,
    ) -> Result<Reply, Error> {
        self.invoke_payload(name, Payload::Bytes(payload), Box::new(context))
            .await
    }

    /// What `invoke` and `invoke_bytes` share: everything but how the event
    /// is read. The Lambda front calls it itself, with the text it owns
    /// ([`Payload::Text`]: an HTTP event keeps it as its request's text,
    /// without a copy) and the context it boxed once.
    pub(crate) async fn invoke_payload(
        self: &Arc<Self>,
        name: &str,
        payload: Payload<'_>,
        context: Box<LambdaContext>,
    ) -> Result<Reply, Error> {
        if name == API_HANDLER {
            return Ok(match payload {
                Payload::Value(event) => self.answer_http_event(event, context).await,
                Payload::Bytes(event) => self.answer_http_bytes(event, context).await,
                Payload::Text(event) => self.answer_http_text(event.into(), context).await,
            });
        }
        self.invoke_handler(name, payload, context)
            .await
            .and_then(Reply::of_outcome)
    }

    /// [`invoke_payload`](Self::invoke_payload) for the handlers other than
    /// the API's.
    async fn invoke_handler(
        self: &Arc<Self>,
        name: &str,
        payload: Payload<'_>,
        context: Box<LambdaContext>,
    ) -> Result<Outcome, Error> {
        let handler = self
            .handlers
            .get(name)
            .cloned()
            .ok_or_else(|| Error::function_not_found(name))?;
        // An event source's event, read by the reader bound at registration,
        // with its context, as its kind's middleware sees it.
        macro_rules! read {
            ($kind:ident, $f:ident) => {
                (
                    $f.call,
                    MiddlewareEvent::$kind(($f.read)(self, payload)?.with_context(context)),
                )
            };
        }
        let (call, event) = match handler {
            HandlerFn::S3(f) => read!(S3, f),
            HandlerFn::Sns(f) => read!(Sns, f),
            HandlerFn::Sqs(f) => read!(Sqs, f),
            HandlerFn::CloudWatch(f) => read!(CloudWatch, f),
            HandlerFn::Scheduled(f) => read!(Scheduled, f),
            HandlerFn::Kinesis(f) => read!(Kinesis, f),
            HandlerFn::DynamoDB(f) => read!(DynamoDB, f),
            HandlerFn::Websocket(f) => {
                let (call, event) = read!(Websocket, f);
                let out = self.run_event(call, event).await?;
                return Ok(Outcome::Value(websocket_result(out.into_value()?)));
            }
            HandlerFn::PureLambda(call) => {
                let event = LambdaFunctionEvent {
                    event: payload.into_value()?,
                    context: *context,
                };
                (call, MiddlewareEvent::PureLambda(event))
            }
            HandlerFn::Authorizer(f) => {
                // Built-in authorizers run without middleware, as in Chalice.
                let request = payload.event::<AuthRequest>()?.with_context(context);
                return call_guarded(&f, request).await.map(Outcome::Value);
            }
            HandlerFn::View(entry) => {
                // A view invoked by name gets the payload as an HTTP event for its route.
                let mut request = payload.request()?;
                if matches!(self.named_route(&request), Named::Unusable) {
                    request.set_route(&entry.path, Map::new());
                }
                request.set_lambda_context(Some(context));
                let response = call_guarded(&entry.view, request).await?;
                return Ok(Outcome::Value(
                    response.to_dict(Some(&self.api.binary_types))?,
                ));
            }
        };
        self.run_event(call, event).await
    }

    /// Runs an event through the middleware of its kind, then the handler
    /// (`call`).
    async fn run_event(&self, call: Terminal, event: MiddlewareEvent) -> Result<Outcome, Error> {
        Next::new(self.chain_for(event.event_type()), call)
            .run(event)
            .await
    }

    /// Reads a websocket event, pointing the management API at its API and
    /// stage (from what is there, when the event itself does not read).
    /// Registering a websocket handler binds it ([`EventFn`](crate::handler::EventFn)).
    pub(crate) fn read_websocket(&self, payload: Payload<'_>) -> Result<WebsocketEvent, Error> {
        match payload {
            Payload::Text(text) => self.read_websocket(Payload::Bytes(text.as_bytes())),
            Payload::Value(value) => {
                self.configure_websocket(&value);
                Ok(WebsocketEvent::from_value(value)?)
            }
            Payload::Bytes(bytes) => match WebsocketEvent::from_slice(bytes) {
                Ok(event) => {
                    self.websocket_api
                        .configure_from_api_id(event.api_id(), event.stage());
                    Ok(event)
                }
                Err(e) => {
                    // As the `Value` path: configured from what is there.
                    if let Ok(value) = chalice_events::json::value_from_slice(bytes) {
                        self.configure_websocket(&value);
                    }
                    Err(e.into())
                }
            },
        }
    }

    /// Points the websocket management API at the API and stage of `payload`'s
    /// `requestContext`, when it has one.
    fn configure_websocket(&self, payload: &Value) {
        if let Some(ctx) = payload.get("requestContext") {
            let api_id = ctx.get("apiId").and_then(Value::as_str).unwrap_or("");
            let stage = ctx.get("stage").and_then(Value::as_str).unwrap_or("");
            self.websocket_api.configure_from_api_id(api_id, stage);
        }
    }

    /// Which handler an event is for, judged by its shape (and, for S3, SNS
    /// and SQS, by the bucket, topic or queue it comes from), for a binary
    /// that holds every handler of an app.
    pub fn handler_for_event(&self, event: &Value) -> Option<String> {
        let record = event.get("Records").and_then(|r| r.get(0));
        let source = record
            .and_then(|r| r.get("eventSource").or_else(|| r.get("EventSource")))
            .and_then(Value::as_str);
        let find = |pred: &dyn Fn(&EventSource) -> bool| {
            self.event_sources
                .iter()
                .find(|(_, s)| pred(s))
                .map(|(n, _)| n.clone())
        };
        match source {
            Some("aws:s3") => {
                let bucket = record
                    .and_then(|r| r.pointer("/s3/bucket/name"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                return find(&|s| matches!(s, EventSource::S3(c) if c.bucket == bucket))
                    .or_else(|| find(&|s| matches!(s, EventSource::S3(_))));
            }
            Some("aws:sns") => {
                let topic = record
                    .and_then(|r| r.pointer("/Sns/TopicArn"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                return find(&|s| matches!(s, EventSource::Sns(c) if c.topic == topic || topic.rsplit(':').next() == Some(c.topic.as_str())))
                    .or_else(|| find(&|s| matches!(s, EventSource::Sns(_))));
            }
            Some("aws:sqs") => {
                let arn = record
                    .and_then(|r| r.get("eventSourceARN"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let queue = arn.rsplit(':').next().unwrap_or("");
                return find(&|s| matches!(s, EventSource::Sqs(c) if c.queue.as_deref() == Some(queue) || c.queue_arn.as_deref() == Some(arn)))
                    .or_else(|| find(&|s| matches!(s, EventSource::Sqs(_))));
            }
            Some("aws:kinesis") => return find(&|s| matches!(s, EventSource::Kinesis(_))),
            Some("aws:dynamodb") => return find(&|s| matches!(s, EventSource::DynamoDB(_))),
            _ => {}
        }
        if let Some(route_key) = event
            .pointer("/requestContext/routeKey")
            .and_then(Value::as_str)
        {
            if event.pointer("/requestContext/connectionId").is_some() {
                let key = match route_key {
                    "$connect" | "$disconnect" => route_key,
                    _ => "$default",
                };
                return self.websocket_handlers.get(key).cloned();
            }
        }
        if event.get("methodArn").is_some() || event.get("routeArn").is_some() {
            return self.authorizers.keys().next().cloned();
        }
        if event.get("requestContext").is_some() || event.get("httpMethod").is_some() {
            return Some(API_HANDLER.to_string());
        }
        if event.get("detail-type").is_some() {
            if event.get("detail-type").and_then(Value::as_str) == Some("Scheduled Event") {
                if let Some(n) = find(&|s| matches!(s, EventSource::Schedule(_))) {
                    return Some(n);
                }
            }
            return find(&|s| matches!(s, EventSource::CloudWatch(c) if pattern_matches(&c.event_pattern, event)))
                .or_else(|| find(&|s| matches!(s, EventSource::Schedule(_))));
        }
        None
    }

    /// Invokes the handler for `payload`: the one named by `name` when given,
    /// else the one [`handler_for_event`](Self::handler_for_event) picks.
    ///
    /// # Errors
    ///
    /// As [`invoke`](Self::invoke), or when no handler fits the event.
    pub async fn dispatch(
        self: &Arc<Self>,
        name: Option<&str>,
        payload: Value,
        context: LambdaContext,
    ) -> Result<Value, Error> {
        let name = match name {
            Some(n) => n.to_string(),
            None => self.handler_for_event(&payload).ok_or_else(no_handler)?,
        };
        self.invoke(&name, payload, context).await
    }
}

/// The error of an event that no handler of the app takes.
pub(crate) fn no_handler() -> Error {
    Error::msg("no handler of this app takes this event; name one with CHALICE_HANDLER")
}

/// A payload as `invoke` got it (a `Value`), as `invoke_bytes` got it
/// (JSON text), or as the Lambda front hands it over (JSON text it owns).
pub(crate) enum Payload<'a> {
    Value(Value),
    Bytes(&'a [u8]),
    // Made only by the Lambda front (`run`'s service).
    #[cfg_attr(not(feature = "runtime"), allow(dead_code))]
    Text(Box<str>),
}

impl Payload<'_> {
    /// The event of type `E`: `from_value`, or `from_slice` with its fast
    /// path (`from_str` for text, which is UTF-8 already).
    pub(crate) fn event<E: Event>(self) -> Result<E, chalice_events::Error> {
        match self {
            Payload::Value(value) => E::from_value(value),
            Payload::Bytes(bytes) => E::from_slice(bytes),
            Payload::Text(text) => E::from_str(&text),
        }
    }

    /// The HTTP request, read as [`event`](Payload::event) reads events.
    fn request(self) -> Result<Request, chalice_events::Error> {
        match self {
            Payload::Value(value) => Request::from_value(value),
            Payload::Bytes(bytes) => Request::from_slice(bytes),
            Payload::Text(text) => Request::from_string(text.into()),
        }
    }

    /// The payload as a `Value`, for handlers that take any JSON.
    fn into_value(self) -> Result<Value, Error> {
        match self {
            Payload::Value(value) => Ok(value),
            Payload::Bytes(bytes) => chalice_events::json::value_from_slice(bytes)
                .map_err(|e| Error::msg(format!("the payload is not JSON: {e}"))),
            Payload::Text(text) => chalice_events::json::value_from_str(&text)
                .map_err(|e| Error::msg(format!("the payload is not JSON: {e}"))),
        }
    }
}

/// EventBridge pattern matching for the common case: every key of the pattern
/// must be present, arrays list accepted values, objects match recursively.
fn pattern_matches(pattern: &Value, event: &Value) -> bool {
    match pattern {
        Value::Object(map) => map.iter().all(|(k, p)| match event.get(k) {
            Some(v) => pattern_matches(p, v),
            None => false,
        }),
        Value::Array(options) => options.iter().any(|o| match event {
            Value::Array(items) => items.contains(o),
            v => v == o,
        }),
        other => other == event,
    }
}

/// Chalice's mapping of a websocket handler's return value.
fn websocket_result(out: Value) -> Value {
    match out {
        Value::Object(map) if map.contains_key("statusCode") => Value::Object(map),
        Value::Object(map) => {
            let mut with_status = Map::new();
            with_status.insert("statusCode".into(), json!(200));
            with_status.extend(map);
            Value::Object(with_status)
        }
        _ => json!({"statusCode": 200}),
    }
}

fn method_not_allowed(method: &str, allow: &str) -> Response {
    let err: ChaliceViewError =
        MethodNotAllowedError::new(format!("Unsupported method: {method}")).into();
    error_response(&err).with_header("Allow", allow)
}

/// Serializes the response in the event's shape; a failure here is a 500.
fn finish(app: &Chalice, response: Response, shape: ResponseShape) -> Reply {
    match response.into_proxy(shape, Some(&app.api.binary_types)) {
        Ok(proxy) => Reply::Proxy(proxy),
        Err(e) => {
            tracing::error!(error = %e, "could not serialize the response");
            let fallback = internal_error(app.debug, &e.to_string());
            fallback.into_proxy(shape, None).map_or_else(
                |_| {
                    Reply::Value(
                        json!({"statusCode": 500, "headers": {}, "multiValueHeaders": {}, "body": ""}),
                    )
                },
                Reply::Proxy,
            )
        }
    }
}

/// What an invocation answers: an HTTP event's proxy response, kept typed
/// until it is written, or the value any other handler returned, as a
/// `Value` or as the JSON text a typed answer was written to.
///
/// `Serialize` writes the JSON that [`into_value`](Reply::into_value) holds,
/// for serde_json, which `lambda_runtime` writes its answers with: a proxy
/// response goes as text written ahead ([`ProxyResponse::to_raw_json`]),
/// with a JSON body escaped once, which serde_json copies. Like a
/// `RawValue`, that text is for serde_json alone; for another format, write
/// [`into_value`](Reply::into_value) instead.
///
/// ```
/// use std::sync::Arc;
/// use chalice_app::{Chalice, Json, LambdaContext, LambdaFunctionEvent, Reply};
///
/// let mut app = Chalice::new("hello");
/// app.lambda_function("echo", |event: LambdaFunctionEvent| Json(event.event));
/// let app = Arc::new(app);
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let reply = app
///     .invoke_reply("echo", br#"{"a": 1}"#, LambdaContext::new("echo"))
///     .await
///     .expect("the handler answers");
/// assert!(matches!(reply, Reply::Value(_)));
/// assert_eq!(serde_json::to_string(&reply).unwrap(), r#"{"a":1}"#);
/// # });
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The proxy response to an HTTP event.
    Proxy(ProxyResponse),
    /// What any other handler returned.
    Value(Value),
    /// What a handler returned as [`Json<T>`](crate::Json) of a typed value:
    /// the JSON text it was written to ([`Outcome::Json`]), which
    /// serde_json copies as it is.
    Json(RawJson),
}

impl Reply {
    /// The answer as a `Value`, what [`Chalice::invoke_bytes`] returns.
    pub fn into_value(self) -> Value {
        match self {
            Reply::Proxy(proxy) => proxy.into_value(),
            Reply::Value(value) => value,
            Reply::Json(raw) => raw.to_value(),
        }
    }

    /// The answer to an invocation of a handler other than the API's.
    fn of_outcome(outcome: Outcome) -> Result<Reply, Error> {
        Ok(match outcome {
            Outcome::Json(raw) => Reply::Json(raw),
            // A value; or a middleware's response, for an event that is not
            // HTTP: as its dict, which is all Chalice would make of it.
            other => Reply::Value(other.into_value()?),
        })
    }
}

impl serde::Serialize for Reply {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            // Never an error for a proxy response: its keys are strings.
            Reply::Proxy(proxy) => proxy
                .to_raw_json()
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
            Reply::Value(value) => value.serialize(s),
            Reply::Json(raw) => raw.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::{Blueprint, ChaliceUnhandledError, Route};
    use chalice_events::request::Request;

    fn block<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(f)
    }

    fn rest(resource: &str, method: &str, params: Value) -> Value {
        json!({
            "resource": resource, "path": resource, "httpMethod": method,
            "headers": {"Content-Type": "application/json"}, "multiValueQueryStringParameters": null,
            "pathParameters": params, "stageVariables": null, "body": null,
            "requestContext": {"resourcePath": resource, "httpMethod": method}
        })
    }

    fn call(app: Chalice, event: Value) -> Value {
        let app = Arc::new(app);
        block(app.handle_http_event(event, LambdaContext::new("api")))
    }

    #[test]
    fn middleware_runs_in_registration_order_around_the_view() {
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut app = Chalice::new("mw");
        let l = log.clone();
        app.route("/", Route::new(), move |_r: Request| {
            l.lock().unwrap().push("view".to_string());
            json!({})
        });
        for name in ["first", "second"] {
            let l = log.clone();
            app.middleware(EventType::All, move |event, next| {
                let l = l.clone();
                async move {
                    l.lock().unwrap().push(format!("{name} in"));
                    let out = next.run(event).await;
                    l.lock().unwrap().push(format!("{name} out"));
                    out
                }
            });
        }
        let out = call(app, rest("/", "GET", Value::Null));
        assert_eq!(out["statusCode"], 200);
        assert_eq!(
            *log.lock().unwrap(),
            ["first in", "second in", "view", "second out", "first out"]
        );
    }

    #[test]
    fn middleware_can_short_circuit_and_handle_unhandled_errors() {
        let mut app = Chalice::new("mw");
        app.route("/", Route::new(), |_r: Request| -> Result<Value, Error> {
            Err(ChaliceUnhandledError("boom".into()).into())
        });
        app.route("/short", Route::new(), |_r: Request| -> Value {
            unreachable!("short-circuited")
        });
        app.http_middleware(|req: Request, next: crate::HttpNext| async move {
            if req.path() == "/short" {
                return Ok(Response::new("stopped").with_status(202));
            }
            match next.run(req).await {
                Err(e) if e.is_unhandled() => Ok(Response::new(json!({"caught": e.to_string()}))),
                other => other,
            }
        });
        let app = Arc::new(app);
        let out =
            block(app.handle_http_event(rest("/", "GET", Value::Null), LambdaContext::new("api")));
        assert_eq!(
            (out["statusCode"].clone(), out["body"].clone()),
            (json!(200), json!(r#"{"caught":"boom"}"#))
        );
        let out = block(app.handle_http_event(
            rest("/short", "GET", Value::Null),
            LambdaContext::new("api"),
        ));
        assert_eq!(
            (out["statusCode"].clone(), out["body"].clone()),
            (json!(202), json!("stopped"))
        );
    }

    #[test]
    fn uncaught_unhandled_errors_and_middleware_failures_are_500_without_cors() {
        let mut app = Chalice::new("mw");
        app.route(
            "/",
            Route::new().cors(true),
            |_r: Request| -> Result<Value, Error> {
                Err(ChaliceUnhandledError("boom".into()).into())
            },
        );
        let out = call(app, rest("/", "GET", Value::Null));
        assert_eq!(out["statusCode"], 500);
        assert_eq!(out["headers"], json!({}));
    }

    #[test]
    fn outcome_table() {
        // (route methods, cors, event method, content type, expected status, has CORS header)
        let cases = [
            (
                vec!["GET"],
                false,
                "GET",
                Some("application/json"),
                200,
                false,
            ),
            (
                vec!["GET"],
                true,
                "GET",
                Some("application/json"),
                200,
                true,
            ),
            (
                vec!["GET"],
                true,
                "POST",
                Some("application/json"),
                405,
                false,
            ),
            (vec!["GET"], true, "GET", Some("text/plain"), 415, true),
            (vec!["GET"], false, "GET", None, 200, false),
            (
                vec!["GET"],
                false,
                "GET",
                Some("application/json; charset=utf-8"),
                200,
                false,
            ),
            (
                vec!["GET"],
                false,
                "GET",
                Some("APPLICATION/JSON"),
                200,
                false,
            ),
            (
                vec!["GET"],
                false,
                "GET",
                Some("application/json-patch+json"),
                415,
                false,
            ),
        ];
        for (methods, cors, method, content_type, status, has_cors) in cases {
            let mut app = Chalice::new("t");
            app.route(
                "/x",
                Route::new().methods(methods.clone()).cors(cors),
                |_r: Request| json!({}),
            );
            let mut event = rest("/x", method, Value::Null);
            event["headers"] = match content_type {
                Some(ct) => json!({"Content-Type": ct}),
                None => Value::Null,
            };
            let out = call(app, event);
            let label = format!("{methods:?} cors={cors} {method} {content_type:?}");
            assert_eq!(out["statusCode"], status, "{label}");
            assert_eq!(
                out["headers"].get("Access-Control-Allow-Origin").is_some(),
                has_cors,
                "{label}"
            );
        }
    }

    #[test]
    fn method_not_allowed_lists_the_registered_methods() {
        let mut app = Chalice::new("t");
        app.route("/x", ["PUT", "DELETE"], |_r: Request| json!({}));
        let out = call(app, rest("/x", "GET", Value::Null));
        assert_eq!(out["statusCode"], 405);
        assert_eq!(out["headers"]["Allow"], "PUT, DELETE");
        assert_eq!(
            out["body"],
            r#"{"Code":"MethodNotAllowedError","Message":"Unsupported method: GET"}"#
        );
    }

    #[test]
    fn events_without_a_route_are_unknown_requests() {
        let out = call(Chalice::new("t"), json!({"random": "event"}));
        assert_eq!(out["statusCode"], 500);
        assert_eq!(
            out["body"],
            r#"{"Code":"InternalServerError","Message":"Unknown request."}"#
        );
    }

    #[test]
    fn debug_mode_shows_the_error_and_production_hides_it() {
        for debug in [false, true] {
            let mut app = Chalice::new("t").with_debug(debug);
            app.route("/", Route::new(), |_r: Request| -> Result<Value, Error> {
                Err(Error::msg("secret detail"))
            });
            let out = call(app, rest("/", "GET", Value::Null));
            assert_eq!(out["statusCode"], 500);
            let body = out["body"].as_str().unwrap_or_default().to_string();
            assert_eq!(body.contains("secret detail"), debug, "{body}");
            assert_eq!(out["headers"].get("Content-Type").is_some(), debug);
        }
    }

    #[test]
    fn http_api_and_alb_events_are_matched_by_path_and_answered_in_their_shape() {
        let mut app = Chalice::new("t");
        app.route("/users/{id}", Route::new(), |r: Request| {
            Response::new(json!({"id": r.uri_param("id")}))
                .with_header("Set-Cookie", vec!["a=1".to_string(), "b=2".to_string()])
        });
        let app = Arc::new(app);
        let v2 = json!({
            "version": "2.0", "routeKey": "$default", "rawPath": "/users/42", "rawQueryString": "",
            "headers": {"accept": "*/*"},
            "requestContext": {"http": {"method": "GET", "path": "/users/42"}, "stage": "$default"},
            "isBase64Encoded": false
        });
        let out = block(app.handle_http_event(v2, LambdaContext::new("api")));
        assert_eq!(out["statusCode"], 200);
        assert_eq!(out["body"], r#"{"id":"42"}"#);
        assert_eq!(out["cookies"], json!(["a=1", "b=2"]));
        assert!(out.get("multiValueHeaders").is_none());

        let alb = json!({
            "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1"}},
            "httpMethod": "GET", "path": "/nowhere", "queryStringParameters": {}, "headers": {}, "body": "",
            "isBase64Encoded": false
        });
        let out = block(app.handle_http_event(alb, LambdaContext::new("api")));
        assert_eq!(out["statusCode"], 403);
        assert_eq!(out["statusDescription"], "403 Forbidden");
    }

    #[test]
    fn http_api_route_keys_name_the_route_only_when_the_app_has_it() {
        let mut app = Chalice::new("t");
        app.route(
            "/users/{id}",
            Route::new(),
            |r: Request| json!({"id": r.uri_param("id"), "path": r.path()}),
        );
        let app = Arc::new(app);
        // (routeKey, pathParameters, the id the view sees)
        let table = [
            // The app's route: API Gateway's captures are used as they are.
            (
                json!("GET /users/{id}"),
                json!({"id": "from-gateway"}),
                "from-gateway",
            ),
            // A catch-all, or a route of the HTTP API the app lacks: the
            // path decides, as for events that name no route.
            (json!("ANY /{proxy+}"), json!({"proxy": "users/42"}), "42"),
            (json!("GET /people/{id}"), json!({"id": "x"}), "42"),
            (json!("$default"), Value::Null, "42"),
        ];
        for (route_key, params, id) in table {
            let event = json!({
                "version": "2.0", "routeKey": route_key, "rawPath": "/users/42",
                "pathParameters": params,
                "requestContext": {"http": {"method": "GET", "path": "/users/42"}}
            });
            let out = block(app.handle_http_event(event, LambdaContext::new("api")));
            assert_eq!(out["statusCode"], 200, "{route_key}");
            assert_eq!(
                out["body"],
                format!(r#"{{"id":"{id}","path":"/users/{{id}}"}}"#),
                "{route_key}"
            );
        }
    }

    #[test]
    fn rest_events_from_a_catch_all_resource_are_matched_by_path() {
        let mut app = Chalice::new("t");
        app.route(
            "/users/{id}",
            Route::new(),
            |r: Request| json!({"id": r.uri_param("id"), "path": r.path()}),
        );
        let mut event = rest("/{proxy+}", "GET", json!({"proxy": "users/7"}));
        event["path"] = json!("/users/7");
        let out = call(app, event);
        assert_eq!(out["statusCode"], 200);
        assert_eq!(out["body"], r#"{"id":"7","path":"/users/{id}"}"#);
    }

    #[test]
    fn blueprints_prefix_names_and_paths() {
        let cases = [
            ("/myprefix", "/foo", "/myprefix/foo"),
            ("/foo", "/", "/foo"),
            ("/foo/", "/", "/foo"),
            ("/foo", "/bar", "/foo/bar"),
            ("/", "/foo", "/foo"),
        ];
        for (prefix, path, expected) in cases {
            let mut bp = Blueprint::new("bp");
            bp.route(path, Route::new().name("view"), |_r: Request| json!({}));
            let mut app = Chalice::new("t");
            app.register_blueprint(&bp, Some("p_"), Some(prefix));
            let routes = app.routes();
            assert_eq!(routes[0].path, expected, "{prefix} + {path}");
            assert_eq!(routes[0].view_name, "p_view");
        }
    }

    #[test]
    fn registration_mistakes_name_both_sides() {
        let mut app = Chalice::new("t");
        app.route(
            "/index",
            Route::new().methods(["PUT"]).name("index_view"),
            |_r: Request| json!({}),
        );
        let err = app
            .try_route(
                "/index",
                Route::new().methods(["PUT"]).name("index_view_dup"),
                |_r: Request| json!({}),
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Duplicate method: 'PUT' detected for route: '/index'\nbetween view functions: \"index_view\" and \"index_view_dup\". A specific method may only be specified once for a particular path."
        );
        assert!(err.is_registration());
        let err = app
            .try_route("/index/", Route::new(), |_r: Request| json!({}))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Route cannot end with a trailing slash: /index/"
        );
        let err = app
            .try_route("/x", Route::new().methods(["get"]), |_r: Request| json!({}))
            .unwrap_err();
        assert!(err.to_string().contains("upper-case"), "{err}");
    }

    #[test]
    fn registration_panics_point_at_the_caller() {
        let result = std::panic::catch_unwind(|| {
            let mut app = Chalice::new("t");
            app.route("/a", Route::new(), |_r: Request| json!({}));
            app.route("/a", Route::new().name("other"), |_r: Request| json!({}));
        });
        let payload = result.unwrap_err();
        let message = panic_message(payload.as_ref());
        assert!(
            message.starts_with("Duplicate method: 'GET' detected for route: '/a'"),
            "{message}"
        );
    }

    #[test]
    fn panicking_views_are_500s() {
        let mut app = Chalice::new("t");
        app.route("/", Route::new(), |_r: Request| -> Value { panic!("bug") });
        app.route("/async", Route::new(), |_r: Request| async move {
            if true {
                panic!("async bug");
            }
            json!({})
        });
        let app = Arc::new(app);
        for path in ["/", "/async"] {
            let out = block(
                app.handle_http_event(rest(path, "GET", Value::Null), LambdaContext::new("api")),
            );
            assert_eq!(out["statusCode"], 500, "{path}");
        }
    }

    #[test]
    fn bytes_get_the_answers_values_get() {
        let mut app = Chalice::new("bytes");
        app.debug = true;
        app.route("/", Route::new(), |r: Request| {
            json!({"m": r.method(), "q": r.query_params(), "a": r.header("x-a"), "b": r.raw_body().map(|b| b.len()).ok()})
        });
        app.route(
            "/items/{id}",
            Route::new().methods(["GET", "PUT"]),
            |r: Request| json!({"id": r.uri_param("id"), "ctx": r.context()["stage"].clone()}),
        );
        app.on_s3_event(
            crate::S3EventConfig::new("bucket").name("on_upload"),
            |_e: chalice_events::S3Event| (),
        );
        app.lambda_function("plain", |_e: LambdaFunctionEvent| ());
        app.on_ws_message("ws", |_e: chalice_events::WebsocketEvent| ());
        let app = Arc::new(app);
        let mut with_query = rest("/", "GET", Value::Null);
        with_query["multiValueQueryStringParameters"] = json!({"a": ["1", "2"]});
        with_query["headers"]["X-A"] = json!("yes");
        let mut damaged = rest("/", "GET", Value::Null);
        damaged["headers"] = json!({"a": 1});
        let events = [
            rest("/", "GET", Value::Null),
            with_query,
            rest("/", "DELETE", Value::Null),
            rest("/items/{id}", "GET", json!({"id": "7"})),
            rest("/items/{id}", "PUT", Value::Null),
            rest("/nowhere", "GET", Value::Null),
            damaged,
            json!({"requestContext": {"httpMethod": "GET"}, "path": "/items/3"}),
            json!({"version": "2.0", "rawPath": "/items/4", "requestContext": {"http": {"method": "GET"}}}),
            json!({"httpMethod": "GET", "path": "/zzz", "requestContext": {"elb": {}}, "multiValueHeaders": {}}),
            json!([1]),
            json!(null),
            json!({}),
        ];
        let cx = || LambdaContext::new("api");
        for event in events {
            let bytes = serde_json::to_vec(&event).unwrap();
            let from_bytes = block(app.handle_http_bytes(&bytes, cx()));
            let from_value = block(app.handle_http_event(event.clone(), cx()));
            assert_eq!(from_bytes, from_value, "{event}");
            // The reply the Lambda front writes is the same JSON, as text.
            let reply = block(app.invoke_reply(API_HANDLER, &bytes, cx())).unwrap();
            assert!(matches!(reply, Reply::Proxy(_)), "{event}");
            assert_eq!(
                serde_json::to_string(&reply).unwrap(),
                serde_json::to_string(&from_value).unwrap(),
                "{event}"
            );
            assert_eq!(serde_json::to_value(&reply).unwrap(), from_value, "{event}");
        }
        let not_json = block(app.handle_http_bytes(b"{", cx()));
        assert_eq!(not_json["statusCode"], 500);
        assert!(not_json["body"]
            .as_str()
            .unwrap()
            .contains("Unknown request."));

        let s3 = chalice_events::S3Event::builder()
            .bucket("bucket")
            .key("k")
            .build();
        let ws = chalice_events::WebsocketEvent::builder()
            .route_key("x")
            .build();
        let calls = [
            ("on_upload", s3.to_dict()),
            ("on_upload", json!({"Records": [1]})),
            ("plain", json!({"any": "thing"})),
            ("ws", ws.to_dict()),
            (
                "ws",
                json!({"requestContext": {"apiId": "id", "stage": "s"}}),
            ),
            ("nope", json!({})),
            (API_HANDLER, rest("/", "GET", Value::Null)),
        ];
        for (name, payload) in calls {
            let bytes = serde_json::to_vec(&payload).unwrap();
            let from_bytes = block(app.invoke_bytes(name, &bytes, cx()));
            let from_value = block(app.invoke(name, payload.clone(), cx()));
            assert_eq!(
                format!("{from_bytes:?}"),
                format!("{from_value:?}"),
                "{name}: {payload}"
            );
            let reply = block(app.invoke_reply(name, &bytes, cx()));
            assert_eq!(
                reply.map(|r| serde_json::to_string(&r).unwrap()).ok(),
                from_value.map(|v| serde_json::to_string(&v).unwrap()).ok(),
                "{name}: {payload}"
            );
        }
        assert!(block(app.invoke_bytes("plain", b"nope", cx())).is_err());
        assert!(block(app.invoke_bytes("on_upload", b"nope", cx())).is_err());
    }

    #[test]
    fn typed_answers_are_written_once_and_read_the_same_everywhere() {
        #[derive(serde::Serialize)]
        struct Done {
            body: String,
            ratio: f32,
        }
        let mut app = Chalice::new("t");
        app.on_sqs_message(
            crate::SQSEventConfig::new("jobs").name("on_jobs"),
            |e: chalice_events::SQSEvent| {
                let done: Vec<Done> = e
                    .iter()
                    .map(|r| Done {
                        body: r.body().into_owned(),
                        ratio: 0.1,
                    })
                    .collect();
                Ok::<_, Error>(crate::Json(done))
            },
        );
        app.on_ws_message("ws", |_e: chalice_events::WebsocketEvent| {
            crate::Json(Done {
                body: "hi".into(),
                ratio: 0.5,
            })
        });
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        app.middleware(EventType::Sqs, move |event, next| {
            let s = s.clone();
            async move {
                let outcome = next.run(event).await?;
                s.lock().unwrap().push(matches!(outcome, Outcome::Json(_)));
                Ok(outcome)
            }
        });
        let app = Arc::new(app);
        let cx = || LambdaContext::new("on_jobs");
        let sqs = chalice_events::SQSEvent::builder()
            .queue_name("jobs")
            .body(r#"{"job": "\u00e9"}"#)
            .build()
            .to_json()
            .to_string();
        let reply = block(app.invoke_reply("on_jobs", sqs.as_bytes(), cx())).unwrap();
        // Text, not a `Value`: the `f32` keeps its own digits, where a
        // `Value` would hold the widened `0.10000000149011612`.
        let Reply::Json(raw) = &reply else {
            panic!("{reply:?}")
        };
        assert_eq!(
            raw.as_str(),
            r#"[{"body":"{\"job\": \"\\u00e9\"}","ratio":0.1}]"#
        );
        assert_eq!(serde_json::to_string(&reply).unwrap(), raw.as_str());
        assert_eq!(*seen.lock().unwrap(), [true]);
        // Every front reads it as the same value.
        let expected = json!([{"body": r#"{"job": "\u00e9"}"#, "ratio": 0.1}]);
        assert_eq!(reply.into_value(), expected);
        let value: Value = serde_json::from_str(&sqs).unwrap();
        assert_eq!(block(app.invoke("on_jobs", value, cx())).unwrap(), expected);
        // A websocket handler's typed answer is mapped as a `Value` is.
        let ws = chalice_events::WebsocketEvent::builder()
            .route_key("$default")
            .build()
            .to_dict();
        assert_eq!(
            block(app.invoke("ws", ws, cx())).unwrap(),
            json!({"statusCode": 200, "body": "hi", "ratio": 0.5})
        );
    }

    #[test]
    fn handlers_are_found_by_event_shape() {
        let mut app = Chalice::new("t");
        app.on_sqs_message(
            crate::SQSEventConfig::new("jobs").name("on_jobs"),
            |_e: chalice_events::SQSEvent| (),
        );
        app.on_sqs_message(
            crate::SQSEventConfig::new("other").name("on_other"),
            |_e: chalice_events::SQSEvent| (),
        );
        app.on_s3_event(
            crate::S3EventConfig::new("bucket").name("on_upload"),
            |_e: chalice_events::S3Event| (),
        );
        app.on_ws_message("ws", |_e: chalice_events::WebsocketEvent| ());
        let sqs = chalice_events::SQSEvent::builder()
            .queue_name("other")
            .body("x")
            .build()
            .to_dict();
        let s3 = chalice_events::S3Event::builder()
            .bucket("bucket")
            .key("k")
            .build()
            .to_dict();
        let ws = chalice_events::WebsocketEvent::builder()
            .route_key("sendmessage")
            .build()
            .to_dict();
        assert_eq!(app.handler_for_event(&sqs).as_deref(), Some("on_other"));
        assert_eq!(app.handler_for_event(&s3).as_deref(), Some("on_upload"));
        assert_eq!(app.handler_for_event(&ws).as_deref(), Some("ws"));
        assert_eq!(
            app.handler_for_event(&rest("/", "GET", Value::Null))
                .as_deref(),
            Some(API_HANDLER)
        );
        assert_eq!(app.handler_for_event(&json!({"what": 1})), None);
    }

    #[test]
    fn event_middleware_sees_its_type_only_and_can_replace_the_event() {
        use chalice_events::SNSEvent;
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut app = Chalice::new("t");
        app.on_sns_message(
            crate::SNSEventConfig::new("topic").name("on_sns"),
            |e: SNSEvent| json!(e.message()),
        );
        app.lambda_function("plain", |e: LambdaFunctionEvent| e.event);
        let s = seen.clone();
        app.middleware(EventType::Sns, move |event, next| {
            s.lock().unwrap().push(format!("{:?}", event.event_type()));
            let replaced = SNSEvent::builder().message("replaced").build();
            next.run(MiddlewareEvent::Sns(replaced))
        });
        let app = Arc::new(app);
        let sns = chalice_events::SNSEvent::builder()
            .message("original")
            .build()
            .to_dict();
        let out = block(app.invoke("on_sns", sns, LambdaContext::new("on_sns"))).unwrap();
        assert_eq!(out, json!("replaced"));
        let out = block(app.invoke("plain", json!({"a": 1}), LambdaContext::new("plain"))).unwrap();
        assert_eq!(out, json!({"a": 1}));
        assert_eq!(*seen.lock().unwrap(), ["Sns"]);
        // A payload that is not the handler's event fails with the typed error.
        let err = block(app.invoke(
            "on_sns",
            json!({"Records": 1}),
            LambdaContext::new("on_sns"),
        ))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "SNSEvent: field `Records` should be an array, found a number"
        );
        let err = block(app.invoke("nope", json!({}), LambdaContext::new("nope"))).unwrap_err();
        assert!(err.is_function_not_found());
    }

    #[test]
    fn websocket_results_are_mapped_as_chalice_maps_them() {
        assert_eq!(websocket_result(Value::Null), json!({"statusCode": 200}));
        assert_eq!(websocket_result(json!("text")), json!({"statusCode": 200}));
        assert_eq!(
            websocket_result(json!({"foo": "bar"})),
            json!({"statusCode": 200, "foo": "bar"})
        );
        assert_eq!(
            websocket_result(json!({"statusCode": 401})),
            json!({"statusCode": 401})
        );
    }
}
