//! [`Request`]: an HTTP event as Chalice's views see it, with its
//! [`MultiDict`] of query parameters and case-insensitive [`Headers`].
//!
//! Chalice only understands API Gateway REST (payload 1.0) proxy events. A
//! `Request` reads four shapes, telling them apart by their content
//! ([`HttpEventKind`]):
//!
//! | kind | detected by | method | concrete path | query |
//! |---|---|---|---|---|
//! | [`Rest`](HttpEventKind::Rest) (and HTTP API payload 1.0) | anything else | `requestContext.httpMethod` | `path` | `multiValueQueryStringParameters` |
//! | [`HttpApi`](HttpEventKind::HttpApi) | `"version": "2.0"` | `requestContext.http.method` | `rawPath` | parsed `rawQueryString` |
//! | [`FunctionUrl`](HttpEventKind::FunctionUrl) | `"version": "2.0"` and `.lambda-url.` in `requestContext.domainName` | as HTTP API | as HTTP API | as HTTP API |
//! | [`Alb`](HttpEventKind::Alb) | `requestContext.elb` present | `httpMethod` | `path` | `multiValueQueryStringParameters` or `queryStringParameters`, percent-decoded |
//!
//! Whatever the shape, the event's JSON is kept exactly as it arrived:
//! [`Request::to_original_event`] and `Serialize` give it back unchanged,
//! unknown fields and `null`s included. Accessors read from it; the header and
//! query maps are built on first use.
//!
//! ```
//! use chalice_events::request::{HttpEventKind, Request};
//!
//! let req = Request::builder()
//!     .method("POST")
//!     .path("/users/{id}")
//!     .uri_param("id", "7")
//!     .query("a", "1")
//!     .query("a", "2")
//!     .header("Content-Type", "application/json")
//!     .body(r#"{"name": "Ann"}"#)
//!     .build();
//! assert_eq!(req.kind(), HttpEventKind::Rest);
//! assert_eq!(req.path(), "/users/{id}");
//! assert_eq!(req.raw_path(), "/users/7");
//! assert_eq!(req.query_params().and_then(|q| q.get("a")), Some("2"));
//! assert_eq!(req.headers().get("content-type"), Some("application/json"));
//! assert_eq!(req.json_body()?, Some(serde_json::json!({"name": "Ann"})));
//!
//! let again = Request::from_value(req.to_original_event().clone())?;
//! assert_eq!(again, req);
//! # Ok::<(), chalice_events::Error>(())
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};
use serde::ser::SerializeMap;
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use crate::raw::{self, AnyFields, Cx, Fields, Str, Text};
use crate::wire;
use crate::{Error, LambdaContext};

/// The name requests carry in errors.
const NAME: &str = "Request";

/// Which kind of HTTP event a [`Request`] was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpEventKind {
    /// An API Gateway REST API proxy event (payload format 1.0, also what an
    /// HTTP API sends when configured for payload 1.0). The only kind Chalice
    /// itself understands.
    Rest,
    /// An API Gateway HTTP API event, payload format 2.0.
    HttpApi,
    /// A Lambda function URL event (payload format 2.0 on a `*.lambda-url.*` domain).
    FunctionUrl,
    /// An Application Load Balancer target event.
    Alb,
}

impl HttpEventKind {
    /// The kind of HTTP event `value` is, judged by its shape only (see the
    /// [module documentation](self) for the rules). Anything that is not
    /// recognisably a payload 2.0 or ALB event counts as [`Rest`](HttpEventKind::Rest).
    ///
    /// ```
    /// use chalice_events::request::HttpEventKind;
    /// use serde_json::json;
    ///
    /// assert_eq!(HttpEventKind::detect(&json!({"version": "2.0"})), HttpEventKind::HttpApi);
    /// assert_eq!(
    ///     HttpEventKind::detect(&json!({"requestContext": {"elb": {"targetGroupArn": "arn"}}})),
    ///     HttpEventKind::Alb
    /// );
    /// assert_eq!(HttpEventKind::detect(&json!({})), HttpEventKind::Rest);
    /// ```
    pub fn detect(value: &Value) -> HttpEventKind {
        let context = value.get("requestContext").and_then(Value::as_object);
        HttpEventKind::of(
            value.get("version").and_then(Value::as_str),
            context
                .and_then(|c| c.get("domainName"))
                .and_then(Value::as_str),
            context.is_some_and(|c| c.contains_key("elb")),
        )
    }

    /// The one rule of detection, on what it looks at: `version`,
    /// `requestContext.domainName` and whether `requestContext.elb` is there.
    fn of(version: Option<&str>, domain: Option<&str>, elb: bool) -> HttpEventKind {
        if version == Some("2.0") {
            if domain.is_some_and(|d| d.contains(".lambda-url.")) {
                HttpEventKind::FunctionUrl
            } else {
                HttpEventKind::HttpApi
            }
        } else if elb {
            HttpEventKind::Alb
        } else {
            HttpEventKind::Rest
        }
    }

    /// A short name for logs: `"rest"`, `"http_api"`, `"function_url"` or `"alb"`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpEventKind::Rest => "rest",
            HttpEventKind::HttpApi => "http_api",
            HttpEventKind::FunctionUrl => "function_url",
            HttpEventKind::Alb => "alb",
        }
    }

    fn is_v2(self) -> bool {
        matches!(self, HttpEventKind::HttpApi | HttpEventKind::FunctionUrl)
    }
}

/// The route the app matched, for event kinds that do not name it themselves.
#[derive(Debug, Clone, PartialEq)]
struct Route {
    template: String,
    uri_params: Map<String, Value>,
}

/// An HTTP request, as Chalice's `app.current_request`.
///
/// Built from an API Gateway REST or HTTP API event, a function URL event or
/// an ALB event ([`from_value`](Request::from_value)), or faked with
/// [`Request::builder`]. The event's JSON is kept as it arrived; accessors
/// use Chalice's names.
///
/// `Request` does not implement [`Event`](crate::Event): its Chalice
/// [`to_dict`](Request::to_dict) is a summary, not the event.
///
/// A request keeps the event's JSON text and one typed reading of what
/// dispatch needs (method, paths, headers, body); the event's `Value` is
/// built only when an accessor hands out part of it. An event given as a
/// `Value` is written as text and read the same way.
#[derive(Clone)]
pub struct Request {
    event: Box<TextEvent>,
    kind: HttpEventKind,
    route: Option<Route>,
    lambda_context: Option<LambdaContext>,
    // Built on first use: many views never look at headers or the query, and
    // building them means copying strings out of the event.
    headers: OnceLock<Headers>,
    query: OnceLock<Option<MultiDict>>,
}

impl PartialEq for Request {
    fn eq(&self, other: &Self) -> bool {
        // The caches are derived from the event; comparing them would only
        // make equality depend on which accessors were called.
        self.to_original_event() == other.to_original_event()
            && self.route == other.route
            && self.lambda_context == other.lambda_context
    }
}

impl Request {
    /// Reads a request from any of the four HTTP event shapes.
    ///
    /// What must be there (everything else may be absent or `null`):
    /// - REST: `requestContext` (an object) and the method, in
    ///   `requestContext.httpMethod` or the top-level `httpMethod`;
    /// - HTTP API / function URL: `requestContext.http.method`, and `rawPath`
    ///   or `requestContext.http.path`;
    /// - ALB: `requestContext.elb`, `httpMethod` and `path`.
    ///
    /// # Errors
    ///
    /// The only way this returns an error is when one of those fields is
    /// missing, or a field has the wrong JSON type (headers that are not
    /// strings, a `body` that is a number, ...); the error names the field's
    /// path. An invalid base64 body is *not* an error here, so that the app
    /// can still answer: [`raw_body`](Request::raw_body) reports it.
    pub fn from_value(value: Value) -> Result<Request, Error> {
        Request::read(raw::value_text(&value), Some(value))
    }

    /// Reads a request from JSON bytes, keeping them as the event's text.
    ///
    /// # Errors
    ///
    /// [`Error::Syntax`] when the bytes are not JSON, otherwise as
    /// [`from_value`](Request::from_value).
    pub fn from_slice(bytes: &[u8]) -> Result<Request, Error> {
        Request::read(raw::utf8(NAME, bytes)?.into(), None)
    }

    /// The one reader: the typed pass over the text, then the rules of the
    /// kind it found. `value`, when given, is the text's `Value`, kept.
    fn read(text: Box<str>, value: Option<Value>) -> Result<Request, Error> {
        let fields: Fast = raw::read_document(NAME, &text)?;
        let kind = fields.kind(&text);
        fields.judge(kind, &text)?;
        Ok(Request {
            event: Box::new(TextEvent {
                text,
                fields,
                value: value.map_or_else(OnceLock::new, OnceLock::from),
            }),
            kind,
            route: None,
            lambda_context: None,
            headers: OnceLock::new(),
            query: OnceLock::new(),
        })
    }

    /// A top-level field of the event: one kept as a part is parsed from its
    /// own text alone, so that reading the path parameters does not build
    /// the whole event.
    fn get(&self, key: &str) -> Option<&Value> {
        match self.event.part(key) {
            Some(found) => found,
            None => self.event.value().get(key),
        }
    }

    /// The `headers` object's entries, in the event's order (a name given
    /// twice appears once, with its last value, as in a `Value`); `None`
    /// when `headers` is absent or `null`.
    fn header_entries(&self) -> Option<impl Iterator<Item = (&str, &str)> + '_> {
        let text = &self.event.text;
        let list = self.event.fields.headers.as_ref()?;
        Some(
            list.iter()
                .map(move |(name, value)| (name.get_in(text), value.get_in(text))),
        )
    }

    /// Reads a request from JSON text.
    ///
    /// # Errors
    ///
    /// As [`from_slice`](Request::from_slice).
    #[allow(clippy::should_implement_trait)] // `FromStr` is implemented too; this keeps the call free of turbofish
    pub fn from_str(text: &str) -> Result<Request, Error> {
        Self::from_slice(text.as_bytes())
    }

    /// A builder for a fake REST API proxy event.
    pub fn builder() -> RequestBuilder {
        RequestBuilder::default()
    }

    /// Which kind of HTTP event this is.
    pub fn kind(&self) -> HttpEventKind {
        self.kind
    }

    /// The HTTP method as the client sent it, e.g. `"GET"` (REST:
    /// `requestContext.httpMethod`, else the top-level `httpMethod`; HTTP
    /// API: `requestContext.http.method`; ALB: `httpMethod`).
    pub fn method(&self) -> &str {
        let t = &self.event;
        let (f, cx) = (&t.fields, &t.fields.context);
        match self.kind {
            HttpEventKind::Rest => t.str(&cx.http_method).or_else(|| t.set(&f.http_method)),
            HttpEventKind::HttpApi | HttpEventKind::FunctionUrl => {
                cx.http().and_then(|h| t.set(&h.method))
            }
            HttpEventKind::Alb => t.set(&f.http_method),
        }
        .unwrap_or("")
    }

    /// The route template the request matched, e.g. `"/users/{id}"`: Chalice's
    /// `request.path`, which is *not* the URL the client asked for (that is
    /// [`raw_path`](Request::raw_path)).
    ///
    /// REST events name it in `requestContext.resourcePath`; for other kinds it
    /// is what the app set with [`set_route`](Request::set_route), and the
    /// concrete path until then.
    pub fn path(&self) -> &str {
        self.resource_path().unwrap_or_else(|| self.raw_path())
    }

    /// The route template when the app ([`set_route`](Request::set_route)) or
    /// the event (REST `requestContext.resourcePath`) names one, e.g.
    /// `Some("/users/{id}")`; a route the app set wins.
    pub fn resource_path(&self) -> Option<&str> {
        if let Some(route) = &self.route {
            return Some(route.template.as_str());
        }
        match self.kind {
            HttpEventKind::Rest => self.event.str(&self.event.fields.context.resource_path),
            _ => None,
        }
    }

    /// The concrete URL path, without the query string, e.g. `"/users/7"` (REST:
    /// `path`, else `requestContext.path` as Chalice's local server writes it;
    /// HTTP API: `rawPath`; ALB: `path`). API Gateway REST gives it decoded,
    /// HTTP APIs and ALBs as the client sent it (`/a%20b`).
    pub fn raw_path(&self) -> &str {
        let t = &self.event;
        let (f, cx) = (&t.fields, &t.fields.context);
        match self.kind {
            HttpEventKind::Rest => t.set(&f.path).or_else(|| t.str(&cx.path)),
            HttpEventKind::HttpApi | HttpEventKind::FunctionUrl => t
                .str(&f.raw_path)
                .or_else(|| cx.http().and_then(|h| t.str(&h.path))),
            HttpEventKind::Alb => t.set(&f.path),
        }
        .unwrap_or("")
    }

    /// The query string parameters, every value of every key, e.g.
    /// `?a=1&a=2` → `{"a": ["1", "2"]}`; `None` when the request had no query
    /// string.
    ///
    /// REST: `multiValueQueryStringParameters` (`null` → `None`, `{}` → an
    /// empty `MultiDict`, as in Chalice; when the field is absent,
    /// `queryStringParameters` is used). HTTP API: `rawQueryString` parsed as
    /// a form (`+` is a space, percent-escapes decoded, blank values kept),
    /// `None` when empty. ALB: `multiValueQueryStringParameters` or
    /// `queryStringParameters`, percent-decoded because the load balancer
    /// passes them as sent; `None` when empty.
    pub fn query_params(&self) -> Option<&MultiDict> {
        self.query.get_or_init(|| self.build_query()).as_ref()
    }

    /// The request headers, looked up case-insensitively, e.g.
    /// `headers().get("content-type")`.
    ///
    /// REST and ALB: `headers`, or the last value of each `multiValueHeaders`
    /// entry when `headers` is absent or `null`. HTTP API: `headers`, with the
    /// separate `cookies` list joined by `"; "` into a `cookie` header (unless
    /// the event already has one).
    pub fn headers(&self) -> &Headers {
        self.headers.get_or_init(|| self.build_headers())
    }

    /// One header's value by case-insensitive name: the same answer as
    /// `headers().get(name)`, without building the whole header map when
    /// only a header or two is read (as dispatch reads `Content-Type` and
    /// `Accept`).
    ///
    /// ```
    /// use chalice_events::Request;
    ///
    /// let request = Request::builder().header("Content-Type", "application/json").build();
    /// assert_eq!(request.header("content-type"), Some("application/json"));
    /// assert_eq!(request.header("accept"), None);
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        if let Some(built) = self.headers.get() {
            return built.get(name);
        }
        // Payload 2.0 keeps cookies apart; the map joins them in.
        if self.kind.is_v2() && name.eq_ignore_ascii_case("cookie") {
            return self.headers().get(name);
        }
        match self.header_entries() {
            // A later spelling of the same name wins, as in the map.
            Some(entries) => entries
                .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                .last()
                .map(|(_, v)| v),
            None => self.headers().get(name),
        }
    }

    /// The captured path parameters, e.g. `{"id": "7"}` for `/users/7` on
    /// `/users/{id}`; `None` when the route has none.
    ///
    /// What the app set with [`set_route`](Request::set_route) when it matched
    /// the path itself; otherwise, for REST events, `pathParameters` as API
    /// Gateway sent it (a `null` stays `None`).
    pub fn uri_params(&self) -> Option<&Map<String, Value>> {
        if let Some(route) = &self.route {
            return Some(&route.uri_params);
        }
        match self.kind {
            HttpEventKind::Rest => self.get("pathParameters").and_then(Value::as_object),
            _ => None,
        }
    }

    /// One captured path parameter as text, e.g. `Some("7")` for `id` on
    /// `/users/{id}` requested as `/users/7`; `None` when the route has no
    /// such capture.
    ///
    /// ```
    /// use chalice_events::Request;
    ///
    /// let request = Request::builder().path("/users/{id}").uri_param("id", "7").build();
    /// assert_eq!(request.uri_param("id"), Some("7"));
    /// assert_eq!(request.uri_param("name"), None);
    /// ```
    pub fn uri_param(&self, name: &str) -> Option<&str> {
        self.uri_params()?.get(name)?.as_str()
    }

    /// The stage variables, e.g. `{"table": "users-dev"}`; `None` when the
    /// stage has none (and always for ALB events).
    pub fn stage_vars(&self) -> Option<&Map<String, Value>> {
        self.get("stageVariables").and_then(Value::as_object)
    }

    /// The `requestContext` object: stage, request id, identity, authorizer
    /// output, e.g. `{"stage": "api", "requestId": "c6af9ac6-...", ...}`.
    pub fn context(&self) -> &Value {
        const NULL: Value = Value::Null;
        self.to_original_event()
            .get("requestContext")
            .unwrap_or(&NULL)
    }

    /// Records what an authorizer returned as `requestContext.authorizer`.
    ///
    /// This changes the event itself, so [`to_original_event`](Request::to_original_event)
    /// shows it too, as in Chalice's local emulation, which writes it into the
    /// event dict.
    pub fn set_authorizer_context(&mut self, authorizer: Value) {
        let mut event = self.event.value().clone();
        if let Some(Value::Object(context)) = event.get_mut("requestContext") {
            context.insert("authorizer".to_string(), authorizer);
        }
        // The event was read, and an authorizer's output changes nothing
        // the reader judges, so reading it again succeeds; were it not to,
        // the request would stay as it was rather than fail the call.
        if let Ok(again) = Request::read(raw::value_text(&event), Some(event)) {
            self.event = again.event;
            self.headers = OnceLock::new();
            self.query = OnceLock::new();
        }
    }

    /// Records the route the app matched: its template (`"/users/{id}"`) and
    /// captured parameters. HTTP API, function URL and ALB events do not carry
    /// Chalice's route, so the dispatcher sets it before calling the view.
    ///
    /// For REST events it is only needed when API Gateway matched a catch-all
    /// resource (`/{proxy+}`) the app does not have; the route set here then
    /// replaces the event's `resourcePath` and `pathParameters`.
    pub fn set_route(&mut self, template: &str, uri_params: Map<String, Value>) {
        self.route = Some(Route {
            template: template.to_string(),
            uri_params,
        });
    }

    /// The Lambda context of the invocation, when the runtime attached one.
    pub fn lambda_context(&self) -> Option<&LambdaContext> {
        self.lambda_context.as_ref()
    }

    /// Attaches (or removes) the Lambda context of the invocation.
    pub fn set_lambda_context(&mut self, context: Option<LambdaContext>) {
        self.lambda_context = context;
    }

    /// Whether the event's body is base64 text (`isBase64Encoded: true`);
    /// API Gateway sets it for binary media types.
    pub fn is_base64_encoded(&self) -> bool {
        self.event.fields.base64.unwrap_or(false)
    }

    /// Whether the event carries a `multiValueHeaders` object (the proxy
    /// response then carries one too, as API Gateway and ALBs expect).
    pub fn has_multi_value_headers(&self) -> bool {
        self.event.fields.multi_value_headers
    }

    /// The body exactly as the event carries it, e.g. `Some("{\"a\": 1}")`
    /// (base64 text when [`is_base64_encoded`](Request::is_base64_encoded));
    /// `None` when absent or `null`.
    pub fn body(&self) -> Option<&str> {
        self.event.str(&self.event.fields.body)
    }

    /// The body as bytes: empty when there is none, base64-decoded when
    /// [`is_base64_encoded`](Request::is_base64_encoded), otherwise the
    /// body text's UTF-8 bytes (borrowed, not copied).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBase64`] (path `body`) when the event says the body is
    /// base64 and it is not.
    pub fn raw_body(&self) -> Result<Cow<'_, [u8]>, Error> {
        let Some(body) = self.body() else {
            return Ok(Cow::Borrowed(&[]));
        };
        if self.is_base64_encoded() {
            wire::decode_base64(body)
                .map(Cow::Owned)
                .map_err(|reason| Error::InvalidBase64 {
                    event: NAME,
                    path: "body".to_string(),
                    reason,
                })
        } else {
            Ok(Cow::Borrowed(body.as_bytes()))
        }
    }

    /// The body parsed as JSON, when the request says it is JSON.
    ///
    /// As in Chalice, that is only when the `Content-Type` header's value
    /// starts with `application/json` (exactly, case-sensitive, so
    /// `application/json; charset=utf-8` counts and `Application/JSON` does
    /// not); otherwise, including when there is no `Content-Type`, the result
    /// is `Ok(None)`. A UTF-8 byte-order mark is skipped. The body is parsed
    /// on each call; keep the result.
    ///
    /// ```
    /// use chalice_events::request::Request;
    ///
    /// let req = Request::builder().header("Content-Type", "text/plain").body("{}").build();
    /// assert_eq!(req.json_body()?, None);
    /// let req = Request::builder().header("Content-Type", "application/json").body("{").build();
    /// assert!(req.json_body().is_err()); // Chalice answers 400 "Error Parsing JSON"
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::JsonBody`] when the body is not JSON (an empty body included)
    /// or its base64 is invalid.
    pub fn json_body(&self) -> Result<Option<Value>, Error> {
        self.json_body_as::<Value>()
    }

    /// Like [`json_body`](Request::json_body), deserialized straight into `T`.
    ///
    /// # Errors
    ///
    /// [`Error::JsonBody`] when the body is not JSON of the shape of `T`.
    pub fn json_body_as<T: DeserializeOwned>(&self) -> Result<Option<T>, Error> {
        let is_json = self
            .header("content-type")
            .is_some_and(|ct| ct.starts_with("application/json"));
        if !is_json {
            return Ok(None);
        }
        let raw = self.raw_body().map_err(|e| Error::JsonBody {
            reason: e.to_string(),
        })?;
        // Python's `json.loads` on bytes accepts a UTF-8 BOM.
        let bytes = raw.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&raw);
        serde_json::from_slice(bytes)
            .map(Some)
            .map_err(|e| Error::JsonBody {
                reason: e.to_string(),
            })
    }

    /// Chalice's `Request.to_dict()`: the public attributes as JSON, keys in
    /// the order `query_params`, `headers`, `uri_params`, `method`, `context`,
    /// `stage_vars`, `path`. Query parameters keep their last value, header
    /// names are lowercased; the body is not included.
    ///
    /// ```
    /// use chalice_events::request::Request;
    ///
    /// let req = Request::builder().path("/todict").query("a", "1").query("a", "2")
    ///     .header("X-Foo", "Bar").build();
    /// let dict = req.to_dict();
    /// assert_eq!(dict["query_params"], serde_json::json!({"a": "2"}));
    /// assert_eq!(dict["headers"], serde_json::json!({"x-foo": "Bar"}));
    /// assert_eq!(dict["path"], "/todict");
    /// ```
    pub fn to_dict(&self) -> Value {
        let query = match self.query_params() {
            Some(q) => Value::Object(q.to_dict()),
            None => Value::Null,
        };
        let uri_params = self
            .uri_params()
            .map_or(Value::Null, |p| Value::Object(p.clone()));
        let stage_vars = self
            .stage_vars()
            .map_or(Value::Null, |v| Value::Object(v.clone()));
        wire::object([
            ("query_params", query),
            ("headers", Value::Object(self.headers().to_map())),
            ("uri_params", uri_params),
            ("method", Value::String(self.method().to_string())),
            ("context", self.context().clone()),
            ("stage_vars", stage_vars),
            ("path", Value::String(self.path().to_string())),
        ])
    }

    /// The event exactly as it arrived (plus an authorizer context the app
    /// recorded with [`set_authorizer_context`](Request::set_authorizer_context)).
    pub fn to_original_event(&self) -> &Value {
        self.event.value()
    }

    /// The event as compact JSON text: the text it was read from, unchanged
    /// (`Serialize` writes the event's JSON value, which any serializer can
    /// take; this copies the text without building it).
    pub fn to_json(&self) -> &str {
        &self.event.text
    }

    /// The event, consuming the request.
    pub fn into_original_event(self) -> Value {
        let mut event = self.event;
        event.take_value()
    }

    fn build_headers(&self) -> Headers {
        let mut headers = Headers::default();
        match self.header_entries() {
            Some(entries) => {
                headers.reserve(entries.size_hint().1.unwrap_or(0) + 1);
                for (name, value) in entries {
                    headers.insert(name, value.to_string());
                }
            }
            // AWS sends both maps; some producers (ALB in multi-value mode,
            // hand-written events) send only `multiValueHeaders`.
            _ if !self.kind.is_v2() => {
                if let Some(Value::Object(map)) = self.get("multiValueHeaders") {
                    headers.reserve(map.len());
                    for (name, values) in map {
                        let last = values
                            .as_array()
                            .and_then(|v| v.last())
                            .and_then(Value::as_str);
                        if let Some(value) = last {
                            headers.insert(name, value.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
        if self.kind.is_v2() && !headers.contains_key("cookie") {
            // Payload 2.0 moves the Cookie header into a list of its own.
            if let Some(Value::Array(cookies)) = self.get("cookies") {
                let parts: Vec<&str> = cookies.iter().filter_map(Value::as_str).collect();
                if !parts.is_empty() {
                    headers.insert("cookie", parts.join("; "));
                }
            }
        }
        headers
    }

    fn build_query(&self) -> Option<MultiDict> {
        match self.kind {
            HttpEventKind::Rest => match self.get("multiValueQueryStringParameters") {
                Some(Value::Object(map)) => Some(MultiDict::from_json_lists(map, false)),
                Some(_) => None,
                None => match self.get("queryStringParameters") {
                    Some(Value::Object(map)) => Some(MultiDict::from_json_singles(map, false)),
                    _ => None,
                },
            },
            HttpEventKind::HttpApi | HttpEventKind::FunctionUrl => {
                match self.get("rawQueryString").and_then(Value::as_str) {
                    Some("") => None,
                    Some(raw) => Some(MultiDict::parse_query_string(raw)),
                    // Not something AWS sends; the single-valued map is the
                    // best that is left (repeated keys arrive comma-joined).
                    None => match self.get("queryStringParameters") {
                        Some(Value::Object(map)) if !map.is_empty() => {
                            Some(MultiDict::from_json_singles(map, false))
                        }
                        _ => None,
                    },
                }
            }
            HttpEventKind::Alb => {
                let dict = match (
                    self.get("multiValueQueryStringParameters"),
                    self.get("queryStringParameters"),
                ) {
                    (Some(Value::Object(map)), _) => MultiDict::from_json_lists(map, true),
                    (_, Some(Value::Object(map))) => MultiDict::from_json_singles(map, true),
                    _ => return None,
                };
                // An ALB sends `{}` when there is no query string.
                (!dict.is_empty()).then_some(dict)
            }
        }
    }
}

impl std::str::FromStr for Request {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        Request::from_slice(text.as_bytes())
    }
}

impl serde::Serialize for Request {
    /// Writes the original event.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_original_event().serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Request {
    /// Reads any of the four HTTP event shapes, as [`Request::from_value`]
    /// (keeping the text, as [`Request::from_slice`], from `serde_json`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        Request::from_value(value).map_err(de::Error::custom)
    }
}

/// Shows the event as a `Value`, whichever way the request holds it.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("event", self.to_original_event())
            .field("kind", &self.kind)
            .field("route", &self.route)
            .field("lambda_context", &self.lambda_context)
            .field("headers", &self.headers)
            .field("query", &self.query)
            .finish()
    }
}

/// An event kept as its text, with what the reader read of it.
#[derive(Clone)]
struct TextEvent {
    text: Box<str>,
    fields: Fast,
    // The whole event, for the accessors that hand out `&Value`s the parts
    // below do not cover (`to_original_event`, `Serialize`, ...).
    value: OnceLock<Value>,
}

impl TextEvent {
    /// The string a field of the reader located.
    fn str<'a>(&'a self, text: &'a Option<Text>) -> Option<&'a str> {
        text.as_ref().map(|t| t.get_in(&self.text))
    }

    /// The string of a field whose `null` was told from its absence.
    fn set<'a>(&'a self, text: &'a Option<Option<Text>>) -> Option<&'a str> {
        text.as_ref().and_then(|t| self.str(t))
    }

    fn parse(text: &str) -> Value {
        // The reader checked that the text parses; `Null` never appears.
        serde_json::from_str(text).unwrap_or(Value::Null)
    }

    fn value(&self) -> &Value {
        self.value.get_or_init(|| Self::parse(&self.text))
    }

    fn take_value(&mut self) -> Value {
        self.value.take().unwrap_or_else(|| Self::parse(&self.text))
    }

    /// `Some(field)` for the top-level fields kept as parts (`None` inside
    /// when the event lacks it), `None` for the others.
    fn part(&self, key: &str) -> Option<Option<&Value>> {
        let i = PARTS.iter().position(|(k, _)| *k == key)?;
        Some(self.fields.parts[i].as_ref().map(|part| {
            part.value
                .get_or_init(|| Self::parse(part.span.get_in(&self.text)))
        }))
    }
}

/// What a top-level field kept as a part must be, for the kinds that read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `null`, SAM's `"None"`, or an object of strings.
    StrMap,
    /// `null`, SAM's `"None"`, or an object of string arrays.
    StrListMap,
    /// `null` or an array of strings.
    OptList,
    /// `null` or a string.
    Str,
    /// `null` or an object of string arrays (`multiValueHeaders`, where no
    /// producer writes SAM's `"None"`).
    MultiHeaders,
    /// Anything: a field this kind of event does not read.
    Any,
}

/// The top-level fields kept as their text and parsed alone on first use:
/// the small ones the accessors hand out as `&Value`/`&Map`. The big ones
/// (`requestContext`, `multiValueHeaders`) are read in the one pass and not
/// kept: capturing a field's text costs a second scan of it, and their
/// `Value`s are rarely asked for ([`Request::context`], or the headers of an
/// event without `headers`), which then parse the whole event.
const PARTS: [(&str, [Shape; 3]); 6] = [
    // Per kind: REST, payload 2.0 (HTTP API and function URL), ALB.
    ("pathParameters", [Shape::StrMap, Shape::StrMap, Shape::Any]),
    (
        "stageVariables",
        [Shape::StrMap, Shape::StrMap, Shape::StrMap],
    ),
    (
        "queryStringParameters",
        [Shape::StrMap, Shape::StrMap, Shape::StrMap],
    ),
    (
        "multiValueQueryStringParameters",
        [Shape::StrListMap, Shape::Any, Shape::StrListMap],
    ),
    ("rawQueryString", [Shape::Any, Shape::Str, Shape::Any]),
    ("cookies", [Shape::Any, Shape::OptList, Shape::Any]),
];

/// A top-level field kept as its text.
#[derive(Clone)]
struct Part {
    span: Text,
    value: OnceLock<Value>,
}

/// What the reader reads of the top-level object. Fields AWS may send to
/// one kind of event are checked for every kind (AWS sends none of them to
/// another kind); the parts are checked once the kind is known.
#[derive(Default, Clone)]
struct Fast {
    version: Option<Text>,
    /// `Some(None)` for `null`.
    http_method: Option<Option<Text>>,
    path: Option<Option<Text>>,
    raw_path: Option<Text>,
    body: Option<Text>,
    base64: Option<bool>,
    headers: Option<Vec<(Text, Text)>>,
    multi_value_headers: bool,
    context: ContextFields,
    parts: [Option<Part>; PARTS.len()],
}

impl Fast {
    /// The kind of event, by [`HttpEventKind::of`].
    fn kind(&self, text: &str) -> HttpEventKind {
        fn get<'a>(t: &'a Option<Text>, text: &'a str) -> Option<&'a str> {
            t.as_ref().map(|t| t.get_in(text))
        }
        let cx = &self.context;
        HttpEventKind::of(get(&self.version, text), get(&cx.domain_name, text), cx.elb)
    }

    /// What `kind` requires beyond the types the pass checked: the method
    /// and path it reads, and the shapes of its parts.
    fn judge(&self, kind: HttpEventKind, text: &str) -> Result<(), Error> {
        let missing = |path: &str| Error::MissingField {
            event: NAME,
            path: path.to_string(),
        };
        let null = |path: &str| Error::WrongType {
            event: NAME,
            path: path.to_string(),
            expected: "a string",
            found: "null",
        };
        let cx = &self.context;
        match kind {
            HttpEventKind::Rest => {
                let method = cx.http_method.is_some() || matches!(self.http_method, Some(Some(_)));
                if !method {
                    return Err(missing("requestContext.httpMethod"));
                }
            }
            HttpEventKind::HttpApi | HttpEventKind::FunctionUrl => {
                let http = match &cx.http {
                    None => return Err(missing("requestContext.http")),
                    Some(None) => {
                        return Err(Error::WrongType {
                            event: NAME,
                            path: "requestContext.http".to_string(),
                            expected: "an object",
                            found: "null",
                        })
                    }
                    Some(Some(http)) => http,
                };
                match &http.method {
                    None => return Err(missing("requestContext.http.method")),
                    Some(None) => return Err(null("requestContext.http.method")),
                    Some(Some(_)) => {}
                }
                if self.raw_path.is_none() && http.path.is_none() {
                    return Err(missing("rawPath"));
                }
            }
            HttpEventKind::Alb => {
                for (field, key) in [(&self.http_method, "httpMethod"), (&self.path, "path")] {
                    match field {
                        None => return Err(missing(key)),
                        Some(None) => return Err(null(key)),
                        Some(Some(_)) => {}
                    }
                }
            }
        }
        let column = match kind {
            HttpEventKind::Rest => 0,
            HttpEventKind::HttpApi | HttpEventKind::FunctionUrl => 1,
            HttpEventKind::Alb => 2,
        };
        for ((key, shapes), part) in PARTS.iter().zip(&self.parts) {
            if let Some(part) = part {
                check_part(key, shapes[column], part.span.get_in(text))?;
            }
        }
        Ok(())
    }
}

/// Reads a part's text (found one level deep) against its shape.
fn check_part(key: &str, shape: Shape, text: &str) -> Result<(), Error> {
    let report = raw::Report::new(NAME);
    let root = raw::Path::Root;
    let at = raw::Path::Key(&root, key);
    let cx = Cx::new(text, 1, root, &report).at(at);
    let mut de = serde_json::Deserializer::from_str(text);
    match (ShapeCheck { cx, shape }).deserialize(&mut de) {
        Ok(_) => raw::check_integers(&report, text),
        Err(err) => Err(report.error(text, &err)),
    }
}

impl Fields for Fast {
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        cx: Cx<'_>,
    ) -> Result<bool, A::Error> {
        match key {
            // Only `"2.0"` matters; dotnet's samples write `"version": 2`.
            "version" => self.version = cx.any_str(map)?,
            "httpMethod" => self.http_method = Some(cx.opt_str(map)?),
            "path" => self.path = Some(cx.opt_str(map)?),
            "rawPath" => self.raw_path = cx.opt_str(map)?,
            "body" => self.body = cx.opt_str(map)?,
            "isBase64Encoded" => self.base64 = cx.opt_bool(map)?,
            "headers" => self.headers = map.next_value_seed(HeaderList(cx))?,
            "requestContext" => {
                let mut context = cx.object::<ContextFields, _>(map)?;
                context.seen = true;
                self.context = context;
            }
            "multiValueHeaders" => {
                let seed = ShapeCheck {
                    cx,
                    shape: Shape::MultiHeaders,
                };
                self.multi_value_headers = map.next_value_seed(seed)?;
            }
            _ => {
                let Some(i) = PARTS.iter().position(|(k, _)| *k == key) else {
                    return Ok(false);
                };
                // The span is captured here and checked once the kind is
                // known: the text of an object cannot be located from a
                // typed pass.
                let text: &'de RawValue = map.next_value()?;
                self.parts[i] = Some(Part {
                    span: cx.text(Cow::Borrowed(text.get())),
                    value: OnceLock::new(),
                });
            }
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        // Every kind requires `requestContext` to be an object.
        raw::first_absent([("requestContext", self.context.seen)])
    }
}

/// What the reader reads of `requestContext`.
#[derive(Default, Clone)]
struct ContextFields {
    seen: bool,
    http_method: Option<Text>,
    resource_path: Option<Text>,
    path: Option<Text>,
    domain_name: Option<Text>,
    elb: bool,
    /// `Some(None)` for `null`.
    http: Option<Option<HttpFields>>,
}

impl Fields for ContextFields {
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        cx: Cx<'_>,
    ) -> Result<bool, A::Error> {
        match key {
            "httpMethod" => self.http_method = cx.opt_str(map)?,
            "resourcePath" => self.resource_path = cx.opt_str(map)?,
            "path" => self.path = cx.opt_str(map)?,
            "domainName" => self.domain_name = cx.opt_str(map)?,
            // Its presence makes the event an ALB's, which must then say
            // which target group it comes from.
            "elb" => {
                cx.object::<AnyFields, _>(map)?;
                self.elb = true;
            }
            "http" => self.http = Some(cx.opt_object::<HttpFields, _>(map)?),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl ContextFields {
    /// `http` when it is an object.
    fn http(&self) -> Option<&HttpFields> {
        self.http.as_ref().and_then(Option::as_ref)
    }
}

/// What the reader reads of `requestContext.http`.
#[derive(Default, Clone)]
struct HttpFields {
    /// `Some(None)` for `null`.
    method: Option<Option<Text>>,
    path: Option<Text>,
}

impl Fields for HttpFields {
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        cx: Cx<'_>,
    ) -> Result<bool, A::Error> {
        match key {
            "method" => self.method = Some(cx.opt_str(map)?),
            "path" => self.path = cx.opt_str(map)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// Past this many headers, names are kept unique through a hash map rather
/// than a scan of those read so far.
const SCANNED_HEADERS: usize = 32;

/// `headers`: `null`, or an object of strings read as `(name, value)` with
/// names unique (a repeated name keeps its first place and takes the last
/// value, as a `Value`'s map does).
struct HeaderList<'b>(Cx<'b>);

impl<'de> DeserializeSeed<'de> for HeaderList<'_> {
    type Value = Option<Vec<(Text, Text)>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for HeaderList<'_> {
    type Value = Option<Vec<(Text, Text)>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object of strings or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let cx = self.0;
        let mut entries: Vec<(Cow<'de, str>, Text)> = Vec::new();
        let mut index: HashMap<Cow<'de, str>, usize> = HashMap::new();
        while let Some(name) = map.next_key::<Str<'de>>()? {
            let value = cx.at(raw::Path::Key(cx.path(), &name.0)).str(&mut map)?;
            let found = match entries.len() {
                n if n <= SCANNED_HEADERS => entries.iter().position(|(k, _)| *k == name.0),
                _ => index.get(&name.0).copied(),
            };
            match found {
                Some(i) => entries[i].1 = value,
                None => {
                    if entries.len() == SCANNED_HEADERS {
                        index.extend(entries.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)));
                    }
                    if entries.len() >= SCANNED_HEADERS {
                        index.insert(name.0.clone(), entries.len());
                    }
                    entries.push((name.0, value));
                }
            }
        }
        Ok(Some(
            entries.into_iter().map(|(k, v)| (cx.text(k), v)).collect(),
        ))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(self.0.wrong("an object", "a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(self.0.wrong("an object", "a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(self.0.wrong("an object", "a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(self.0.wrong("an object", "a number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(self.0.wrong("an object", "a string"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.0.wrong("an object", "an array"))
    }
}

/// Checks a value against its [`Shape`], with typed errors; `true` when it
/// is an object.
struct ShapeCheck<'b> {
    cx: Cx<'b>,
    shape: Shape,
}

impl ShapeCheck<'_> {
    fn expected(&self) -> &'static str {
        match self.shape {
            Shape::StrMap | Shape::StrListMap | Shape::MultiHeaders => "an object",
            Shape::OptList => "an array of strings",
            Shape::Str => "a string",
            Shape::Any => "any JSON value",
        }
    }

    fn refuse<E: de::Error>(&self, found: &'static str) -> Result<bool, E> {
        match self.shape {
            Shape::Any => Ok(false),
            _ => Err(self.cx.wrong(self.expected(), found)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for ShapeCheck<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ShapeCheck<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.expected())
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match self.shape {
            Shape::Str => Ok(false),
            Shape::StrMap | Shape::StrListMap if v == "None" => Ok(false),
            _ => self.refuse("a string"),
        }
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        self.refuse("a boolean")
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        self.refuse("a number")
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        self.refuse("a number")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.cx.skip_f64(v);
        self.refuse("a number")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let cx = self.cx.enter()?;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            let at = cx.at(raw::Path::Key(cx.path(), &key.0));
            match self.shape {
                Shape::StrMap => {
                    at.str(&mut map)?;
                }
                Shape::StrListMap | Shape::MultiHeaders => {
                    at.str_array(&mut map)?;
                }
                Shape::Any => at.any(&mut map)?,
                Shape::OptList | Shape::Str => {
                    return Err(self.cx.wrong(self.expected(), "an object"))
                }
            }
        }
        Ok(true)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        match self.shape {
            Shape::OptList => raw::StrList::new(self.cx, "an array of strings")
                .visit_seq(seq)
                .map(|_| false),
            Shape::Any => raw::StrList::skip(self.cx, seq).map(|()| false),
            _ => self.refuse("an array"),
        }
    }
}

/// Python's `str.lower()`, borrowing when nothing changes (header names are
/// usually lowercase ASCII already).
fn lowercase(s: &str) -> Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// Ordered `(key, value)` entries with unique keys, and a lookup that stays
/// fast when an event carries thousands of them.
#[derive(Debug, Clone, Default)]
struct Entries<V> {
    items: Vec<(String, V)>,
    // Filled only past `LINEAR` entries: below that a scan beats hashing,
    // and most requests have a dozen headers and a few parameters.
    index: HashMap<String, usize>,
}

const LINEAR: usize = 16;

impl<V> Entries<V> {
    fn position(&mut self, key: &str) -> Option<usize> {
        if self.items.len() <= LINEAR {
            return self.items.iter().position(|(k, _)| k == key);
        }
        for (i, (k, _)) in self.items.iter().enumerate().skip(self.index.len()) {
            self.index.insert(k.clone(), i);
        }
        self.index.get(key).copied()
    }
}

/// The query string parameters of a [`Request`]: each key with every value it
/// was given, in order. Chalice's `MultiDict`.
///
/// Looking a key up gives its **last** value, as in Chalice;
/// [`get_all`](MultiDict::get_all) gives them all.
///
/// ```
/// use chalice_events::request::MultiDict;
///
/// let query: MultiDict = [("a", "b"), ("c", "d"), ("a", "c")].into_iter().collect();
/// assert_eq!(query.get("a"), Some("c"));
/// assert_eq!(query.get_all("a"), ["b", "c"]);
/// assert_eq!(query.get("missing"), None);
/// assert_eq!(serde_json::to_string(&query)?, r#"{"a":"c","c":"d"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MultiDict {
    entries: Entries<Vec<String>>,
}

impl PartialEq for MultiDict {
    fn eq(&self, other: &Self) -> bool {
        self.entries.items == other.entries.items
    }
}

impl Eq for MultiDict {}

impl MultiDict {
    /// An empty `MultiDict`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The last value of `key`, e.g. `Some("2")` for `?a=1&a=2`; `None` when
    /// the key is absent or has no values.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.get_all(key).last().map(String::as_str)
    }

    /// Every value of `key`, in order; empty when the key is absent.
    pub fn get_all(&self, key: &str) -> &[String] {
        self.entries
            .items
            .iter()
            .find(|(k, _)| k == key)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// Chalice's name for [`get_all`](MultiDict::get_all).
    pub fn getlist(&self, key: &str) -> &[String] {
        self.get_all(key)
    }

    /// Whether `key` has at least one value (a key with an empty list counts
    /// as absent, as in Chalice).
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The number of keys, those with no values included.
    pub fn len(&self) -> usize {
        self.entries.items.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.items.is_empty()
    }

    /// The keys with all their values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> + '_ {
        self.entries
            .items
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.items.iter().map(|(k, _)| k.as_str())
    }

    /// Appends `value` to the values of `key` (adding the key at the end when new).
    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let key = key.into();
        match self.entries.position(&key) {
            Some(i) => self.entries.items[i].1.push(value.into()),
            None => self.entries.items.push((key, vec![value.into()])),
        }
    }

    /// Makes `value` the only value of `key` (Chalice's `md[key] = value`),
    /// keeping the key's position when it exists.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let key = key.into();
        match self.entries.position(&key) {
            Some(i) => self.entries.items[i].1 = vec![value.into()],
            None => self.entries.items.push((key, vec![value.into()])),
        }
    }

    /// Removes `key`, returning its values.
    pub fn remove(&mut self, key: &str) -> Option<Vec<String>> {
        let i = self.entries.items.iter().position(|(k, _)| k == key)?;
        self.entries.index.clear();
        Some(self.entries.items.remove(i).1)
    }

    /// The plain dict Chalice makes of it (`dict(md)`, JSON encoding): each
    /// key with its last value. Keys without values are left out (Chalice
    /// would raise `KeyError`).
    pub fn to_dict(&self) -> Map<String, Value> {
        self.entries
            .items
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), Value::String(v.last()?.clone()))))
            .collect()
    }

    fn from_json_lists(map: &Map<String, Value>, decode: bool) -> MultiDict {
        let mut dict = MultiDict::new();
        for (key, values) in map {
            let values = values.as_array().map(Vec::as_slice).unwrap_or_default();
            let values = values.iter().filter_map(Value::as_str);
            if decode {
                for value in values {
                    dict.push(
                        wire::unquote_plus(key).into_owned(),
                        wire::unquote_plus(value).into_owned(),
                    );
                }
                // Keep a key sent with an empty list, as Chalice does.
                dict.touch(wire::unquote_plus(key).into_owned());
            } else {
                // JSON object keys are unique: no lookup needed.
                dict.entries
                    .items
                    .push((key.clone(), values.map(str::to_string).collect()));
            }
        }
        dict
    }

    fn from_json_singles(map: &Map<String, Value>, decode: bool) -> MultiDict {
        let mut dict = MultiDict::new();
        for (key, value) in map {
            let Some(value) = value.as_str() else {
                continue;
            };
            if decode {
                dict.push(
                    wire::unquote_plus(key).into_owned(),
                    wire::unquote_plus(value).into_owned(),
                );
            } else {
                dict.entries
                    .items
                    .push((key.clone(), vec![value.to_string()]));
            }
        }
        dict
    }

    /// Parses `a=1&b=&a=2` as Python's `parse_qs(keep_blank_values=True)`:
    /// empty pieces skipped, a piece without `=` has a blank value.
    fn parse_query_string(raw: &str) -> MultiDict {
        let mut dict = MultiDict::new();
        for piece in raw.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            dict.push(
                wire::unquote_plus(key).into_owned(),
                wire::unquote_plus(value).into_owned(),
            );
        }
        dict
    }

    fn touch(&mut self, key: String) {
        if self.entries.position(&key).is_none() {
            self.entries.items.push((key, Vec::new()));
        }
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for MultiDict {
    /// Collects `(key, value)` pairs, appending repeated keys' values.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut dict = MultiDict::new();
        for (k, v) in iter {
            dict.push(k, v);
        }
        dict
    }
}

impl serde::Serialize for MultiDict {
    /// Serializes as Chalice's JSON encoder does: a dict of last values.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (key, values) in &self.entries.items {
            if let Some(last) = values.last() {
                map.serialize_entry(key, last)?;
            }
        }
        map.end()
    }
}

/// The headers of a [`Request`]: Chalice's read-only `CaseInsensitiveMapping`.
///
/// Names are lowercased when the map is built and lookups ignore case. When
/// two names differ only by case, the later value wins, at the first one's
/// position (as a Python dict comprehension does).
///
/// ```
/// use chalice_events::request::Headers;
///
/// let headers: Headers = [("Content-Type", "text/plain"), ("X-Foo", "a"), ("x-foo", "b")]
///     .into_iter()
///     .collect();
/// assert_eq!(headers.get("CONTENT-TYPE"), Some("text/plain"));
/// assert_eq!(headers.get("X-Foo"), Some("b"));
/// let names: Vec<_> = headers.iter().map(|(k, _)| k).collect();
/// assert_eq!(names, ["content-type", "x-foo"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Headers {
    entries: Entries<String>,
}

impl PartialEq for Headers {
    fn eq(&self, other: &Self) -> bool {
        self.entries.items == other.entries.items
    }
}

impl Eq for Headers {}

impl Headers {
    /// The value of the header `name`, whatever its case, e.g.
    /// `get("content-type")` → `Some("application/json")`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let name = lowercase(name);
        self.entries
            .items
            .iter()
            .find(|(k, _)| *k == *name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the header `name` is present, whatever its case.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The headers as `(lowercased name, value)`, in the event's order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.entries
            .items
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The number of headers.
    pub fn len(&self) -> usize {
        self.entries.items.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.entries.items.is_empty()
    }

    /// The headers as a plain JSON object with lowercased names (Chalice's
    /// `dict(request.headers)`).
    pub fn to_map(&self) -> Map<String, Value> {
        self.entries
            .items
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect()
    }

    fn reserve(&mut self, additional: usize) {
        self.entries.items.reserve(additional);
    }

    fn insert(&mut self, name: &str, value: String) {
        let name = lowercase(name);
        match self.entries.position(&name) {
            Some(i) => self.entries.items[i].1 = value,
            None => self.entries.items.push((name.into_owned(), value)),
        }
    }
}

impl<K: AsRef<str>, V: Into<String>> FromIterator<(K, V)> for Headers {
    /// Collects `(name, value)` pairs, lowercasing names; later duplicates win.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut headers = Headers::default();
        for (k, v) in iter {
            headers.insert(k.as_ref(), v.into());
        }
        headers
    }
}

impl serde::Serialize for Headers {
    /// Serializes as a JSON object with lowercased names.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Builds a [`Request`] from a realistic API Gateway REST proxy event: the
/// shape AWS sends (both header maps, both query maps, `null` for what is
/// absent, a full `requestContext` with stage `api`), with fixed ids and times
/// so that built events are reproducible.
///
/// ```
/// use chalice_events::request::Request;
///
/// let req = Request::builder().method("GET").path("/items/{id}").uri_param("id", "9").build();
/// let event = req.to_original_event();
/// assert_eq!(event["path"], "/items/9");
/// assert_eq!(event["requestContext"]["resourcePath"], "/items/{id}");
/// assert_eq!(event["multiValueQueryStringParameters"], serde_json::Value::Null);
/// ```
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    method: String,
    path: String,
    raw_path: Option<String>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    uri_params: Vec<(String, String)>,
    stage_vars: Vec<(String, String)>,
    body: Option<String>,
    base64: bool,
    stage: String,
    request_id: String,
    source_ip: String,
}

impl Default for RequestBuilder {
    fn default() -> Self {
        RequestBuilder {
            method: "GET".to_string(),
            path: "/".to_string(),
            raw_path: None,
            headers: Vec::new(),
            query: Vec::new(),
            uri_params: Vec::new(),
            stage_vars: Vec::new(),
            body: None,
            base64: false,
            stage: "api".to_string(),
            request_id: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef".to_string(),
            source_ip: "203.0.113.7".to_string(),
        }
    }
}

impl RequestBuilder {
    /// The HTTP method (default `GET`).
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.method = method.into();
        self
    }

    /// The route template, e.g. `/users/{id}` (default `/`); becomes
    /// `resource` and `requestContext.resourcePath`.
    pub fn path(mut self, template: impl Into<String>) -> Self {
        self.path = template.into();
        self
    }

    /// The concrete path, e.g. `/users/7`. By default it is the template with
    /// each `{name}` replaced by the [`uri_param`](RequestBuilder::uri_param) of that name.
    pub fn raw_path(mut self, path: impl Into<String>) -> Self {
        self.raw_path = Some(path.into());
        self
    }

    /// Adds a header; a repeated name adds a value to `multiValueHeaders` and
    /// replaces the one in `headers`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a query string parameter (already decoded, as API Gateway gives them).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Adds a path parameter, e.g. `("id", "7")`.
    pub fn uri_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.uri_params.push((name.into(), value.into()));
        self
    }

    /// Adds a stage variable.
    pub fn stage_var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.stage_vars.push((name.into(), value.into()));
        self
    }

    /// Sets a text body.
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self.base64 = false;
        self
    }

    /// Sets a binary body, sent base64-encoded with `isBase64Encoded: true`,
    /// as API Gateway does for binary media types.
    pub fn base64_body(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.body = Some(wire::encode_base64(bytes.as_ref()));
        self.base64 = true;
        self
    }

    /// The stage name (default `api`, Chalice's default stage).
    pub fn stage(mut self, stage: impl Into<String>) -> Self {
        self.stage = stage.into();
        self
    }

    /// The request id in `requestContext.requestId`.
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = id.into();
        self
    }

    /// The caller's address in `requestContext.identity.sourceIp` (default `203.0.113.7`).
    pub fn source_ip(mut self, ip: impl Into<String>) -> Self {
        self.source_ip = ip.into();
        self
    }

    /// The request.
    pub fn build(self) -> Request {
        let raw_path = match self.raw_path {
            Some(p) => p,
            None => fill_template(&self.path, &self.uri_params),
        };
        let (headers, multi_headers) = single_and_multi(&self.headers);
        let (query, multi_query) = if self.query.is_empty() {
            (Value::Null, Value::Null)
        } else {
            let (single, multi) = single_and_multi(&self.query);
            (Value::Object(single), Value::Object(multi))
        };
        let string_map = |pairs: &[(String, String)]| -> Value {
            if pairs.is_empty() {
                Value::Null
            } else {
                Value::Object(
                    pairs
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                        .collect(),
                )
            }
        };
        let user_agent = self
            .headers
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
            .map_or(Value::Null, |(_, v)| Value::String(v.clone()));
        let event = json!({
            "resource": self.path,
            "path": raw_path,
            "httpMethod": self.method,
            "headers": headers,
            "multiValueHeaders": multi_headers,
            "queryStringParameters": query,
            "multiValueQueryStringParameters": multi_query,
            "pathParameters": string_map(&self.uri_params),
            "stageVariables": string_map(&self.stage_vars),
            "requestContext": {
                "resourceId": "res123",
                "resourcePath": self.path,
                "httpMethod": self.method,
                "extendedRequestId": "EXTENDED-REQUEST-ID=",
                "requestTime": "09/Apr/2015:12:34:56 +0000",
                "path": format!("/{}{}", self.stage, raw_path),
                "accountId": "123456789012",
                "protocol": "HTTP/1.1",
                "stage": self.stage,
                "domainPrefix": "abcdef1234",
                "requestTimeEpoch": 1428582896000_u64,
                "requestId": self.request_id,
                "identity": {
                    "cognitoIdentityPoolId": null,
                    "accountId": null,
                    "cognitoIdentityId": null,
                    "caller": null,
                    "sourceIp": self.source_ip,
                    "principalOrgId": null,
                    "accessKey": null,
                    "cognitoAuthenticationType": null,
                    "cognitoAuthenticationProvider": null,
                    "userArn": null,
                    "userAgent": user_agent,
                    "user": null
                },
                "domainName": "abcdef1234.execute-api.us-west-2.amazonaws.com",
                "apiId": "abcdef1234"
            },
            "body": self.body,
            "isBase64Encoded": self.base64
        });
        // Every string a builder takes is valid where it puts it, so the
        // reader accepts the event (the tests read builders' events back);
        // the fallback keeps `build` free of a panic path, with the event
        // kept and its fields read as absent.
        let text = raw::value_text(&event);
        Request::read(text.clone(), Some(event.clone())).unwrap_or_else(|_| Request {
            event: Box::new(TextEvent {
                text,
                fields: Fast::default(),
                value: OnceLock::from(event),
            }),
            kind: HttpEventKind::Rest,
            route: None,
            lambda_context: None,
            headers: OnceLock::new(),
            query: OnceLock::new(),
        })
    }
}

/// `{"k": last value}` and `{"k": [all values]}` from ordered pairs, as API
/// Gateway fills `headers`/`multiValueHeaders` and the two query maps.
fn single_and_multi(pairs: &[(String, String)]) -> (Map<String, Value>, Map<String, Value>) {
    let mut single = Map::new();
    let mut multi = Map::new();
    for (k, v) in pairs {
        single.insert(k.clone(), Value::String(v.clone()));
        let slot = multi
            .entry(k.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(values) = slot {
            values.push(Value::String(v.clone()));
        }
    }
    (single, multi)
}

/// `/users/{id}` with `id = 7` → `/users/7` (also `{proxy+}` → the `proxy` value).
fn fill_template(template: &str, params: &[(String, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in params {
        out = out
            .replace(&format!("{{{name}}}"), value)
            .replace(&format!("{{{name}+}}"), value);
    }
    out
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Request {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
        let segment: String = u.arbitrary()?;
        let mut builder = Request::builder()
            .method(*u.choose(&METHODS)?)
            .path(format!("/{segment}"))
            .stage(u.arbitrary::<String>()?);
        for (name, value) in u.arbitrary::<Vec<(String, String)>>()? {
            builder = builder.header(name, value);
        }
        for (key, value) in u.arbitrary::<Vec<(String, String)>>()? {
            builder = builder.query(key, value);
        }
        for (name, value) in u.arbitrary::<Vec<(String, String)>>()? {
            builder = builder.uri_param(name, value);
        }
        for (name, value) in u.arbitrary::<Vec<(String, String)>>()? {
            builder = builder.stage_var(name, value);
        }
        builder = match u.int_in_range(0..=2u8)? {
            0 => builder,
            1 => builder.body(u.arbitrary::<String>()?),
            _ => builder.base64_body(u.arbitrary::<Vec<u8>>()?),
        };
        Ok(builder.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_header_lookup_agrees_with_the_map() {
        let names = [
            "content-type",
            "Accept",
            "COOKIE",
            "host",
            "x-forwarded-for",
            "missing",
        ];
        for kind in ["apigw_rest", "apigw_http", "alb", "function_url"] {
            for (path, bytes) in crate::test_support::fixtures(kind) {
                let request = Request::from_slice(&bytes).unwrap();
                for name in names {
                    let fresh = Request::from_slice(&bytes).unwrap();
                    assert_eq!(
                        fresh.header(name),
                        request.headers().get(name),
                        "{path}: {name}"
                    );
                }
            }
        }
    }

    fn testdata(rel: &str) -> String {
        format!("{}/../testdata/{rel}", env!("CARGO_MANIFEST_DIR"))
    }

    fn case_event(name: &str) -> Value {
        let text =
            std::fs::read_to_string(testdata(&format!("conformance/cases/{name}.json"))).unwrap();
        let case: Value = serde_json::from_str(&text).unwrap();
        case["event"].clone()
    }

    fn fixtures(folder: &str) -> Vec<(String, Value)> {
        crate::test_support::fixtures(folder)
            .into_iter()
            .map(|(path, bytes)| (path, serde_json::from_slice(&bytes).unwrap()))
            .collect()
    }

    fn view(r: &Request) -> String {
        format!(
            "{:?} {:?} {:?} {:?} {:?} h={:?} q={:?} b={:?} b64={} mvh={} u={:?} s={:?}",
            r.kind(),
            r.method(),
            r.path(),
            r.resource_path(),
            r.raw_path(),
            r.headers().iter().collect::<Vec<_>>(),
            r.query_params().map(|q| q
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_vec()))
                .collect::<Vec<_>>()),
            r.body(),
            r.is_base64_encoded(),
            r.has_multi_value_headers(),
            r.uri_params(),
            r.stage_vars()
        )
    }

    /// Odd and broken events, each with what reading it gives: the view of
    /// the request, or the error. The table was made with the reader this
    /// one replaced; a line whose outcome changed on purpose says why.
    #[test]
    fn odd_events_read_as_the_table_says() {
        let table = std::fs::read_to_string(testdata("request/odd_events.jsonl")).unwrap();
        for line in table.lines() {
            // `[event, outcome]`, or `[event, outcome, why it changed]`.
            let entry: Vec<String> = serde_json::from_str(line).unwrap();
            let (text, expected) = (&entry[0], &entry[1]);
            let got = match Request::from_slice(text.as_bytes()) {
                Ok(r) => view(&r),
                Err(e) => format!("ERR {e}"),
            };
            assert_eq!(&got, expected, "{text}");
            // The same answer from a `Value` (when the text is JSON) and
            // through `Deserialize`, except where the text itself is the
            // point (a key given twice, which a `Value` cannot hold).
            if entry.len() > 2 {
                continue;
            }
            if let Ok(value) = serde_json::from_str::<Value>(text) {
                let given = match Request::from_value(value) {
                    Ok(r) => view(&r),
                    Err(e) => format!("ERR {e}"),
                };
                if !expected.starts_with("ERR Request: invalid JSON") {
                    assert_eq!(&given, expected, "{text}");
                }
            }
            let via_serde = serde_json::from_str::<Request>(text).map(|r| view(&r));
            assert_eq!(via_serde.is_ok(), !expected.starts_with("ERR"), "{text}");
        }
    }

    #[test]
    fn every_fixture_parses_and_round_trips() {
        let table = [
            ("apigw_rest", HttpEventKind::Rest),
            ("apigw_http", HttpEventKind::HttpApi),
            ("function_url", HttpEventKind::FunctionUrl),
            ("alb", HttpEventKind::Alb),
        ];
        for (folder, kind) in table {
            for (path, original) in fixtures(folder) {
                let req =
                    Request::from_value(original.clone()).unwrap_or_else(|e| panic!("{path}: {e}"));
                assert_eq!(req.kind(), kind, "{path}");
                assert_eq!(req.to_original_event(), &original, "{path}");
                assert_eq!(serde_json::to_value(&req).unwrap(), original, "{path}");
                // Every accessor answers without panicking, and the summary is JSON.
                assert!(!req.method().is_empty(), "{path}");
                assert!(req.raw_path().starts_with('/'), "{path}");
                let _ = (
                    req.path(),
                    req.query_params(),
                    req.headers().len(),
                    req.uri_params(),
                );
                let _ = (
                    req.stage_vars(),
                    req.context(),
                    req.raw_body(),
                    req.json_body(),
                );
                let dict = req.to_dict();
                assert_eq!(
                    serde_json::from_str::<Value>(&dict.to_string()).unwrap(),
                    dict
                );
                let via_serde: Request = serde_json::from_value(original.clone()).unwrap();
                assert_eq!(via_serde, req, "{path}");
            }
        }
    }

    #[test]
    fn to_dict_matches_chalice_on_the_conformance_case() {
        // conformance/cases/request_dict.json; expected/request_dict.json holds
        // Chalice's `json.dumps(app.current_request.to_dict())`.
        let req = Request::from_value(case_event("request_dict")).unwrap();
        let expected = r#"{"query_params":{"q":"x"},"headers":{"accept":"application/json","host":"abcdef1234.execute-api.us-west-2.amazonaws.com","user-agent":"conformance/1.0"},"uri_params":null,"method":"GET","context":{"resourceId":"res123","resourcePath":"/request-dict","httpMethod":"GET","extendedRequestId":"ext-GET-/request-dict","requestTime":"24/Nov/2026:10:00:00 +0000","path":"/api/request-dict","accountId":"123456789012","protocol":"HTTP/1.1","stage":"api","domainPrefix":"abcdef1234","requestTimeEpoch":1795514400000,"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","identity":{"cognitoIdentityPoolId":null,"accountId":null,"cognitoIdentityId":null,"caller":null,"sourceIp":"203.0.113.7","principalOrgId":null,"accessKey":null,"cognitoAuthenticationType":null,"cognitoAuthenticationProvider":null,"userArn":null,"userAgent":"conformance/1.0","user":null},"domainName":"abcdef1234.execute-api.us-west-2.amazonaws.com","apiId":"abcdef1234"},"stage_vars":null,"path":"/request-dict"}"#;
        // Same text, key order included.
        assert_eq!(crate::json::dumps(&req.to_dict()), expected);
    }

    #[test]
    fn echo_view_matches_chalice_on_conformance_cases() {
        // Reproduces refapp.py's `/echo` view with our accessors for every
        // conformance/cases/echo_*.json that Chalice answered with a 200, and
        // compares with conformance/expected/<case>.json, text included.
        let dir = testdata("conformance/cases");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter(|n| n.starts_with("echo_") && n.ends_with(".json"))
            .map(|n| n.trim_end_matches(".json").to_string())
            .collect();
        names.sort();
        let mut compared = 0;
        for name in names {
            let text =
                std::fs::read_to_string(testdata(&format!("conformance/expected/{name}.json")))
                    .unwrap();
            let expected: Value = serde_json::from_str(&text).unwrap();
            let result = &expected["result"];
            if result["statusCode"] != 200 {
                continue;
            }
            let req = Request::from_value(case_event(&name)).unwrap();
            let query = req.query_params();
            let query_lists = query.map(|q| {
                q.iter()
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect::<Map<String, Value>>()
            });
            let body = json!({
                "method": req.method(),
                "path": req.path(),
                "query": query.map(MultiDict::to_dict),
                "query_lists": query_lists,
                "uri_params": req.uri_params(),
                "stage_vars": req.stage_vars(),
                "content_type": req.headers().get("content-type"),
                "x_custom": req.headers().get("X-Custom"),
                "raw_body": String::from_utf8(req.raw_body().unwrap().into_owned()).unwrap(),
                "json_body": req.json_body().unwrap(),
            });
            assert_eq!(
                crate::json::dumps(&body),
                result["body"].as_str().unwrap(),
                "{name}"
            );
            compared += 1;
        }
        assert!(compared >= 6, "only {compared} echo cases compared");
    }

    #[test]
    fn fixture_accessors() {
        let load = |rel: &str| {
            let text = std::fs::read_to_string(testdata(&format!("fixtures/{rel}"))).unwrap();
            Request::from_str(&text).unwrap()
        };
        let v2 = load("apigw_http/aws-lambda-rust-runtime__apigw_v2_proxy_request.json");
        assert_eq!(v2.method(), "POST");
        assert_eq!(v2.raw_path(), "/my/path");
        let q = v2.query_params().unwrap();
        assert_eq!(q.get_all("parameter1"), ["value1", "value2"]);
        assert_eq!(q.get("parameter2"), Some("value"));
        assert_eq!(
            v2.headers().get("cookie"),
            Some("cookie1=value1; cookie2=value2")
        );
        assert_eq!(v2.stage_vars().map(Map::len), Some(2));
        assert_eq!(v2.raw_body().unwrap().as_ref(), b"Hello from Lambda");

        let alb = load(
            "alb/aws-lambda-rust-runtime__alb_multi_value_request_encoded_query_parameters.json",
        );
        assert_eq!(alb.kind(), HttpEventKind::Alb);
        assert_eq!(
            alb.query_params().unwrap().get_all("myKey"),
            ["?showAll=true", "?showAll=false"]
        );

        let url = load("function_url/aws-lambda-go__function-url-domain-only-request-with-base64-encoded-body.json");
        assert!(url.is_base64_encoded());
        assert!(url.raw_body().is_ok());

        // SAM CLI's local gateway wrote Python's `str(None)` for absent maps.
        let sam =
            load("apigw_rest/powertools-lambda-python__combining_powertools_utilities_event.json");
        assert_eq!(sam.query_params(), None);
        assert_eq!(sam.uri_params(), None);
        assert_eq!(sam.stage_vars(), None);
        assert_eq!(sam.to_dict()["stage_vars"], Value::Null);
        let err = Request::from_value(json!({
            "requestContext": {"httpMethod": "GET"}, "pathParameters": "none"
        }))
        .unwrap_err();
        assert_eq!(err.path(), Some("pathParameters"));
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_requests_round_trip_through_json() {
        use arbitrary::{Arbitrary, Unstructured};
        // A fixed xorshift stream, so failures replay.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..300 {
            let bytes = crate::test_support::xorshift_bytes(&mut state, 512);
            let req = Request::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
            let text = serde_json::to_string(&req).unwrap();
            let again = Request::from_str(&text).unwrap();
            assert_eq!(again, req);
            assert_eq!(again.to_original_event(), req.to_original_event());
            let _ = (
                again.headers(),
                again.query_params(),
                again.raw_body().unwrap(),
                again.to_dict(),
            );
        }
    }

    #[test]
    fn to_dict_matches_the_spec_example() {
        // SPEC §2.4: route /todict, query a=1&a=2, header X-Foo: Bar.
        let event = json!({
            "requestContext": {"httpMethod": "GET", "resourcePath": "/todict"},
            "headers": {"X-Foo": "Bar"}, "pathParameters": null,
            "multiValueQueryStringParameters": {"a": ["1", "2"]}, "body": "", "stageVariables": {}
        });
        let req = Request::from_value(event).unwrap();
        assert_eq!(
            crate::json::dumps(&req.to_dict()),
            r#"{"query_params":{"a":"2"},"headers":{"x-foo":"Bar"},"uri_params":null,"method":"GET","context":{"httpMethod":"GET","resourcePath":"/todict"},"stage_vars":{},"path":"/todict"}"#
        );
    }

    #[test]
    fn accessors_on_the_multi_query_case() {
        // conformance/cases/echo_query_multi.json: the view echoes
        // {"method":"GET","path":"/echo","query":{"a":"3","b":"two","empty":""},
        //  "query_lists":{"a":["1","3"],...},"uri_params":null,"stage_vars":null,...}
        let req = Request::from_value(case_event("echo_query_multi")).unwrap();
        assert_eq!(req.method(), "GET");
        assert_eq!(req.path(), "/echo");
        assert_eq!(req.raw_path(), "/echo");
        let query = req.query_params().unwrap();
        assert_eq!(
            serde_json::to_value(query).unwrap(),
            json!({"a": "3", "b": "two", "empty": ""})
        );
        assert_eq!(query.get_all("a"), ["1", "3"]);
        assert_eq!(query.getlist("empty"), [""]);
        assert_eq!(query.len(), 3);
        assert_eq!(req.uri_params(), None);
        assert_eq!(req.stage_vars(), None);
        assert_eq!(req.headers().get("content-type"), None);
        assert_eq!(req.headers().get("USER-AGENT"), Some("conformance/1.0"));
        assert_eq!(req.raw_body().unwrap().as_ref(), b"");
        assert_eq!(req.json_body().unwrap(), None);
        assert_eq!(req.context()["stage"], "api");
    }

    #[test]
    fn base64_json_body_case() {
        // conformance/cases/echo_b64_json.json: raw_body `{"b64":"yes"}`, json_body parsed.
        let req = Request::from_value(case_event("echo_b64_json")).unwrap();
        assert!(req.is_base64_encoded());
        assert_eq!(req.raw_body().unwrap().as_ref(), br#"{"b64":"yes"}"#);
        assert_eq!(req.json_body().unwrap(), Some(json!({"b64": "yes"})));
        assert_eq!(req.query_params(), None);
    }

    #[test]
    fn json_body_rules() {
        // test_app.py json_body tests and SPEC §2.3.
        let with = |ct: Option<&str>, body: &str| {
            let mut b = Request::builder().method("POST").body(body);
            if let Some(ct) = ct {
                b = b.header("Content-Type", ct);
            }
            b.build().json_body()
        };
        assert_eq!(
            with(Some("application/json"), r#"{"a":1}"#).unwrap(),
            Some(json!({"a": 1}))
        );
        assert_eq!(
            with(Some("application/json;charset=UTF-8"), "[1]").unwrap(),
            Some(json!([1]))
        );
        assert_eq!(
            with(Some("application/json-patch+json"), "[]").unwrap(),
            Some(json!([]))
        );
        assert_eq!(with(Some("application/notjson"), "{}").unwrap(), None);
        assert_eq!(with(Some("application/xml"), "{}").unwrap(), None);
        assert_eq!(with(Some("Application/JSON"), "{}").unwrap(), None);
        assert_eq!(with(None, "{}").unwrap(), None);
        assert_eq!(
            with(Some("application/json"), "\u{feff}{\"bom\":true}").unwrap(),
            Some(json!({"bom": true}))
        );
        assert_eq!(
            with(Some("application/json"), "null").unwrap(),
            Some(Value::Null)
        );
        for bad in ["", "{", "{'a': 1}"] {
            let err = with(Some("application/json"), bad).unwrap_err();
            assert!(matches!(err, Error::JsonBody { .. }), "{bad:?}: {err}");
        }
        // Lowercase header key works too.
        let req = Request::from_value(json!({
            "requestContext": {"httpMethod": "POST", "resourcePath": "/"},
            "headers": {"content-type": "application/json"}, "body": "{\"x\": 1}"
        }))
        .unwrap();
        #[derive(serde::Deserialize, PartialEq, Debug)]
        struct X {
            x: u8,
        }
        assert_eq!(req.json_body_as::<X>().unwrap(), Some(X { x: 1 }));
        assert!(req.json_body_as::<Vec<u8>>().is_err());
    }

    #[test]
    fn bad_base64_is_reported_lazily() {
        let req = Request::from_value(json!({
            "requestContext": {"httpMethod": "POST", "resourcePath": "/"},
            "headers": {"Content-Type": "application/json"}, "body": "not base64!", "isBase64Encoded": true
        }))
        .unwrap();
        let err = req.raw_body().unwrap_err();
        assert_eq!(err.path(), Some("body"));
        assert!(matches!(
            err,
            Error::InvalidBase64 {
                event: "Request",
                ..
            }
        ));
        assert!(matches!(req.json_body(), Err(Error::JsonBody { .. })));
    }

    #[test]
    fn raw_body_cases() {
        let req = Request::builder().base64_body([0u8, 255, 1]).build();
        assert_eq!(req.raw_body().unwrap().as_ref(), [0u8, 255, 1]);
        assert_eq!(req.body(), Some("AP8B"));
        let req = Request::builder().body("héllo").build();
        assert!(matches!(req.raw_body().unwrap(), Cow::Borrowed(b) if b == "héllo".as_bytes()));
        assert_eq!(Request::builder().build().raw_body().unwrap().as_ref(), b"");
    }

    #[test]
    fn query_params_rest_null_empty_and_absent() {
        let base = json!({"requestContext": {"httpMethod": "GET", "resourcePath": "/"}, "headers": null, "body": null});
        let with = |extra: Value| {
            let mut event = base.clone();
            for (k, v) in extra.as_object().unwrap() {
                event[k] = v.clone();
            }
            Request::from_value(event).unwrap()
        };
        assert_eq!(
            with(json!({"multiValueQueryStringParameters": null})).query_params(),
            None
        );
        let empty = with(json!({"multiValueQueryStringParameters": {}}));
        assert_eq!(empty.query_params().map(MultiDict::len), Some(0));
        assert_eq!(with(json!({})).query_params(), None);
        // Without the multi-value map, the single-value map is used.
        let single = with(json!({"queryStringParameters": {"a": "1"}}));
        assert_eq!(single.query_params().and_then(|q| q.get("a")), Some("1"));
        // An empty list is iterated but not "in" the dict (Chalice's MultiDict).
        let md = with(json!({"multiValueQueryStringParameters": {"k": []}}));
        let q = md.query_params().unwrap();
        assert!(!q.contains_key("k"));
        assert_eq!(q.get("k"), None);
        assert_eq!(q.keys().collect::<Vec<_>>(), ["k"]);
        assert!(q.to_dict().is_empty());
        // headers: null → empty mapping (test_empty_headers_have_basic_validation).
        assert!(md.headers().is_empty());
    }

    #[test]
    fn http_api_query_cookies_and_route() {
        let text = r#"{"version": "2.0", "routeKey": "$default", "rawPath": "/my/a%20b",
            "rawQueryString": "a=1&a=2&b=x+y&c=%E2%9C%93&e=&f&&=z",
            "cookies": ["c1=v1", "c2=v2"], "headers": {"Header1": "value1"},
            "queryStringParameters": {"a": "1,2"},
            "requestContext": {"domainName": "id.execute-api.us-east-1.amazonaws.com",
                "http": {"method": "POST", "path": "/my/a b"}, "stage": "$default"},
            "pathParameters": {"proxy": "x"}, "isBase64Encoded": false}"#;
        let mut req = Request::from_str(text).unwrap();
        assert_eq!(req.kind(), HttpEventKind::HttpApi);
        assert_eq!(req.method(), "POST");
        assert_eq!(req.raw_path(), "/my/a%20b");
        assert_eq!(req.path(), "/my/a%20b");
        assert_eq!(req.resource_path(), None);
        assert_eq!(req.uri_params(), None);
        let q = req.query_params().unwrap();
        let pairs: Vec<_> = q.iter().map(|(k, v)| (k.to_string(), v.to_vec())).collect();
        let expected: Vec<(String, Vec<String>)> = [
            ("a", vec!["1", "2"]),
            ("b", vec!["x y"]),
            ("c", vec!["✓"]),
            ("e", vec![""]),
            ("f", vec![""]),
            ("", vec!["z"]),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
        .collect();
        assert_eq!(pairs, expected);
        assert_eq!(req.headers().get("cookie"), Some("c1=v1; c2=v2"));
        assert_eq!(req.headers().get("header1"), Some("value1"));
        assert_eq!(req.body(), None);

        let mut params = Map::new();
        params.insert("name".into(), json!("a b"));
        req.set_route("/my/{name}", params.clone());
        assert_eq!(req.path(), "/my/{name}");
        assert_eq!(req.resource_path(), Some("/my/{name}"));
        assert_eq!(req.uri_params(), Some(&params));
        assert_eq!(req.to_dict()["path"], "/my/{name}");
        // The event itself is untouched.
        assert_eq!(
            req.to_original_event(),
            &serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn http_api_without_query_and_existing_cookie_header() {
        let req = Request::from_value(json!({
            "version": "2.0", "rawPath": "/", "rawQueryString": "",
            "cookies": ["a=b"], "headers": {"cookie": "a=b"},
            "requestContext": {"domainName": "x.lambda-url.us-west-2.on.aws", "http": {"method": "GET"}}
        }))
        .unwrap();
        assert_eq!(req.kind(), HttpEventKind::FunctionUrl);
        assert_eq!(req.query_params(), None);
        assert_eq!(req.headers().get("cookie"), Some("a=b"));
        assert_eq!(req.headers().len(), 1);
    }

    #[test]
    fn alb_query_is_decoded_and_headers_fall_back_to_multi_value() {
        let req = Request::from_value(json!({
            "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:..."}},
            "httpMethod": "GET", "path": "/lambda",
            "multiValueQueryStringParameters": {"myKey": ["%3FshowAll%3Dtrue", "a+b"]},
            "multiValueHeaders": {"Accept": ["text/html", "image/png"], "X-Empty": []},
            "body": "", "isBase64Encoded": false
        }))
        .unwrap();
        assert_eq!(req.kind(), HttpEventKind::Alb);
        assert_eq!(
            req.query_params().unwrap().get_all("myKey"),
            ["?showAll=true", "a b"]
        );
        assert_eq!(req.headers().get("accept"), Some("image/png"));
        assert_eq!(req.headers().len(), 1);
        assert_eq!(req.stage_vars(), None);

        let no_query = Request::from_value(json!({
            "requestContext": {"elb": {}}, "httpMethod": "GET", "path": "/",
            "queryStringParameters": {}, "headers": {}
        }))
        .unwrap();
        assert_eq!(no_query.query_params(), None);
    }

    #[test]
    fn rest_method_and_path_sources() {
        // Chalice reads requestContext.httpMethod, not the top-level one.
        let req = Request::from_value(json!({
            "httpMethod": "GET", "path": "/x/1", "resource": "/x/{id}",
            "requestContext": {"httpMethod": "POST", "resourcePath": "/x/{id}"},
            "headers": {}, "pathParameters": {"id": "1"}, "body": null
        }))
        .unwrap();
        assert_eq!(req.method(), "POST");
        assert_eq!(req.path(), "/x/{id}");
        assert_eq!(req.raw_path(), "/x/1");
        assert_eq!(
            req.uri_params().and_then(|p| p.get("id")),
            Some(&json!("1"))
        );
        // Chalice's local server writes the concrete path only in requestContext.
        let local = Request::from_value(json!({
            "requestContext": {"httpMethod": "GET", "resourcePath": "/a/{b}", "path": "/a/c"},
            "headers": {}, "pathParameters": {}, "body": null
        }))
        .unwrap();
        assert_eq!(local.raw_path(), "/a/c");
        assert_eq!(local.uri_params(), Some(&Map::new()));
        // Top-level httpMethod is the fallback when the context has none.
        let fallback = Request::from_value(
            json!({"httpMethod": "PUT", "requestContext": {}, "headers": null}),
        )
        .unwrap();
        assert_eq!(fallback.method(), "PUT");
        assert_eq!(fallback.resource_path(), None);
    }

    #[test]
    fn headers_are_case_insensitive_and_later_wins() {
        let req = Request::from_value(json!({
            "requestContext": {"httpMethod": "GET"},
            "headers": {"X-Foo": "1", "Accept": "a", "x-foo": "2", "ÄB": "u"},
            "multiValueHeaders": {"X-Foo": ["ignored"]}
        }))
        .unwrap();
        let h = req.headers();
        let pairs: Vec<_> = h.iter().collect();
        assert_eq!(pairs, [("x-foo", "2"), ("accept", "a"), ("äb", "u")]);
        assert_eq!(h.get("X-FOO"), Some("2"));
        assert_eq!(h.get("äB"), Some("u"));
        assert!(h.contains_key("ACCEPT"));
        assert_eq!(
            serde_json::to_value(h).unwrap(),
            json!({"x-foo": "2", "accept": "a", "äb": "u"})
        );
    }

    #[test]
    fn many_headers_and_keys_stay_consistent() {
        // Past the linear-scan limit the index takes over; results must not change.
        let pairs: Vec<(String, String)> = (0..100)
            .map(|i| (format!("K{}", i % 40), i.to_string()))
            .collect();
        let headers: Headers = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(headers.len(), 40);
        assert_eq!(headers.get("k3"), Some("83"));
        assert_eq!(headers.iter().next(), Some(("k0", "80")));
        let query: MultiDict = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(query.len(), 40);
        assert_eq!(query.get_all("K3"), ["3", "43", "83"]);
        let mut query = query;
        assert_eq!(
            query.remove("K0"),
            Some(vec!["0".into(), "40".into(), "80".into()])
        );
        query.push("K1", "x");
        assert_eq!(query.get("K1"), Some("x"));
        query.insert("K1", "only");
        assert_eq!(query.get_all("K1"), ["only"]);
        assert_eq!(query.len(), 39);
    }

    #[test]
    fn authorizer_context_is_written_into_the_event() {
        let mut req = Request::builder().build();
        req.set_authorizer_context(json!({"principalId": "user"}));
        assert_eq!(req.context()["authorizer"]["principalId"], "user");
        assert_eq!(
            req.to_original_event()["requestContext"]["authorizer"]["principalId"],
            "user"
        );
        assert_eq!(req.into_original_event()["requestContext"]["stage"], "api");
    }

    #[test]
    fn lambda_context_is_kept_beside_the_event() {
        let mut req = Request::builder().build();
        assert!(req.lambda_context().is_none());
        req.set_lambda_context(Some(LambdaContext::new("fn")));
        assert_eq!(
            req.lambda_context().map(|c| c.function_name.as_str()),
            Some("fn")
        );
        assert!(!req.to_original_event().to_string().contains("\"fn\""));
    }

    #[test]
    fn builder_makes_a_realistic_event_that_parses_back() {
        let req = Request::builder()
            .method("POST")
            .path("/users/{id}")
            .uri_param("id", "7")
            .header("Content-Type", "application/json")
            .header("X-Multi", "a")
            .header("X-Multi", "b")
            .header("User-Agent", "tests/1.0")
            .query("a", "1")
            .query("a", "2")
            .stage_var("table", "users")
            .body(r#"{"n": 1}"#)
            .build();
        let event = req.to_original_event().clone();
        assert_eq!(event["path"], "/users/7");
        assert_eq!(event["resource"], "/users/{id}");
        assert_eq!(event["headers"]["X-Multi"], "b");
        assert_eq!(event["multiValueHeaders"]["X-Multi"], json!(["a", "b"]));
        assert_eq!(event["queryStringParameters"], json!({"a": "2"}));
        assert_eq!(
            event["multiValueQueryStringParameters"],
            json!({"a": ["1", "2"]})
        );
        assert_eq!(event["pathParameters"], json!({"id": "7"}));
        assert_eq!(event["stageVariables"], json!({"table": "users"}));
        assert_eq!(event["requestContext"]["path"], "/api/users/7");
        assert_eq!(
            event["requestContext"]["identity"]["userAgent"],
            "tests/1.0"
        );
        assert_eq!(event["isBase64Encoded"], false);

        let parsed = Request::from_value(event.clone()).unwrap();
        assert_eq!(parsed, req);
        assert_eq!(parsed.to_original_event(), &event);
        assert_eq!(parsed.json_body().unwrap(), Some(json!({"n": 1})));
        assert_eq!(
            parsed.stage_vars().and_then(|s| s.get("table")),
            Some(&json!("users"))
        );

        let bare = Request::builder().build();
        let event = bare.to_original_event();
        for key in [
            "queryStringParameters",
            "multiValueQueryStringParameters",
            "pathParameters",
            "stageVariables",
            "body",
        ] {
            assert_eq!(event[key], Value::Null, "{key}");
        }
        assert_eq!(Request::from_value(event.clone()).unwrap(), bare);
    }

    #[test]
    fn errors_name_the_field() {
        let err = Request::from_str(r#"{"random": "event"}"#).unwrap_err();
        insta::assert_snapshot!(err, @"Request: missing field `requestContext`");
        let err = Request::from_str(r#"{"requestContext": {"resourcePath": "/"}}"#).unwrap_err();
        insta::assert_snapshot!(err, @"Request: missing field `requestContext.httpMethod`");
        let err =
            Request::from_str(r#"{"requestContext": {"httpMethod": "GET"}, "headers": {"a": 1}}"#)
                .unwrap_err();
        insta::assert_snapshot!(err, @"Request: field `headers.a` should be a string, found a number");
        let err = Request::from_str(r#"{"requestContext": {"httpMethod": "GET"}, "body": {}}"#)
            .unwrap_err();
        insta::assert_snapshot!(err, @"Request: field `body` should be a string, found an object");
        let err = Request::from_str(
            r#"{"requestContext": {"httpMethod": "GET"}, "multiValueQueryStringParameters": {"a": [1]}}"#,
        )
        .unwrap_err();
        insta::assert_snapshot!(err, @"Request: field `multiValueQueryStringParameters.a[0]` should be a string, found a number");
        let err =
            Request::from_str(r#"{"version": "2.0", "requestContext": {"http": {}}}"#).unwrap_err();
        insta::assert_snapshot!(err, @"Request: missing field `requestContext.http.method`");
        let err = Request::from_str(
            r#"{"version": "2.0", "requestContext": {"http": {"method": "GET"}}, "rawPath": "/", "cookies": [1]}"#,
        )
        .unwrap_err();
        insta::assert_snapshot!(err, @"Request: field `cookies[0]` should be a string, found a number");
        let err = Request::from_str(r#"{"requestContext": {"elb": {}}, "path": "/"}"#).unwrap_err();
        insta::assert_snapshot!(err, @"Request: missing field `httpMethod`");
        let err = Request::from_str("[]").unwrap_err();
        insta::assert_snapshot!(err, @"Request: field `$` should be an object, found an array");
        let err = Request::from_str("{").unwrap_err();
        assert_eq!(err.classify(), crate::Category::Syntax);
        let err = serde_json::from_str::<Request>("{}").unwrap_err();
        assert!(err.to_string().contains("requestContext"));
    }
}
