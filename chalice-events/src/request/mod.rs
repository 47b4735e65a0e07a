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
//! # What is refused
//!
//! A request is refused only when what dispatch cannot do without is
//! unusable: the method and the concrete path it routes (the fields
//! [`Request::from_value`] lists: missing, `null` where a string is needed,
//! or of another type), or a `requestContext` that is not an object. Besides
//! those, only input that is not JSON a `Value` could hold (broken text,
//! integers past 64 bits, nesting past 127 levels).
//!
//! Everything else is accepted, kept byte for byte ([`Request::to_json`]),
//! and read by the accessor that needs it, which skips what it cannot read
//! as a string:
//!
//! | the event has | the accessor gives |
//! |---|---|
//! | `headers` that is `null` or not an object | [`headers`](Request::headers): as when it is absent (REST and ALB then read `multiValueHeaders`) |
//! | a `headers` value that is not a string (`{"X-Count": 3}`, `null`) | that header is absent: [`headers`](Request::headers)`().get("x-count")` and [`header`](Request::header) give `None` |
//! | `multiValueHeaders` entries that are not lists, or list elements that are not strings | the last string of each list is the header's value; an entry without one is absent |
//! | `multiValueHeaders` that is not an object | read as absent; [`has_multi_value_headers`](Request::has_multi_value_headers): `false` |
//! | `queryStringParameters` or `multiValueQueryStringParameters` that is not an object (`null`, SAM's `"None"`, a number) | [`query_params`](Request::query_params): `None` (REST reads `queryStringParameters` only when the multi-value field is absent) |
//! | a query value that is not a string, a multi-value entry that is not a list, or a list element that is not a string | [`query_params`](Request::query_params): that value is left out, and an entry that is not a list with it |
//! | `pathParameters` or `stageVariables` that is not an object | [`uri_params`](Request::uri_params), [`stage_vars`](Request::stage_vars): `None` |
//! | a path parameter or stage variable that is not a string (`{"id": 7}`) | left out of the map [`uri_params`](Request::uri_params) or [`stage_vars`](Request::stage_vars) gives; [`uri_param`](Request::uri_param): `None` |
//! | payload 2.0 `cookies` that is not an array, or elements that are not strings | the `cookie` header joins the strings; without any, there is none |
//! | payload 2.0 `rawQueryString` that is not a string | [`query_params`](Request::query_params) reads `queryStringParameters` instead |
//! | a `body` that is not a string (`5`, `{"a": 1}`) | [`body`](Request::body): `None`; [`raw_body`](Request::raw_body): [`Error::WrongType`] at `body`; [`json_body`](Request::json_body): [`Error::JsonBody`] |
//! | an `isBase64Encoded` that is not a boolean (`"true"`) | [`is_base64_encoded`](Request::is_base64_encoded): `false`; [`raw_body`](Request::raw_body) of a body: [`Error::WrongType`] at `isBase64Encoded`, since the body cannot be read without it |
//! | `requestContext.resourcePath`, `requestContext.path`, `requestContext.domainName` or `requestContext.http.path` that is not a string | as when it is absent: no [`resource_path`](Request::resource_path) from the event (the app matches the path itself), no function URL domain |
//! | `requestContext.elb` of any value, `null` included | the event is an ALB's |
//! | `requestContext.http` that is not an object, in a REST or ALB event | nothing: only payload 2.0 reads it |
//! | `requestContext.identity` or `requestContext.authorizer` absent, `null`, or with `null` fields; HTTP API events with or without an authorizer | [`context`](Request::context): the object as it came |
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

use serde::de::{self, DeserializeOwned};
use serde::ser::SerializeMap;
use serde_json::{json, Map, Value};

use crate::drift::{Known, STRINGS};
use crate::raw::{self, Cx, Fields, Scanner, Stop, Text};
use crate::wire;
use crate::{Error, LambdaContext};

/// The name requests carry in errors.
const NAME: &str = "Request";

mod builder;
mod headers;
mod kind;
mod reader;
#[cfg(test)]
mod tests;

pub use builder::RequestBuilder;
pub use headers::{Headers, MultiDict, Values};
pub use kind::HttpEventKind;
use reader::{Fast, TextEvent, MULTI_VALUE_QUERY};

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
    // One pointer: a request is moved into and out of every future of
    // dispatch, and what it holds is over six hundred bytes.
    inner: Box<State>,
}

/// What a [`Request`] holds.
#[derive(Clone)]
struct State {
    event: TextEvent,
    kind: HttpEventKind,
    route: Option<Route>,
    // Boxed: most of a request's state is this, when it is there at all.
    lambda_context: Option<Box<LambdaContext>>,
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
            && self.inner.route == other.inner.route
            && self.inner.lambda_context == other.inner.lambda_context
    }
}

impl Request {
    /// Reads a request from any of the four HTTP event shapes.
    ///
    /// What must be there (everything else may be absent, `null` or of any
    /// type; the [module documentation](self) says what each accessor then
    /// gives):
    /// - every kind: `requestContext`, an object;
    /// - REST: the method, a string in `requestContext.httpMethod` or the
    ///   top-level `httpMethod` (either, when present, a string or `null`),
    ///   and a top-level `path`, when present, a string or `null`;
    /// - HTTP API / function URL: `requestContext.http`, an object, with a
    ///   string `method`, and a string `rawPath` or `requestContext.http.path`
    ///   (`rawPath`, when present, a string or `null`);
    /// - ALB: `requestContext.elb`, and `httpMethod` and `path` strings.
    ///
    /// # Errors
    ///
    /// The only way this returns an error is when one of those fields is
    /// missing or has the wrong JSON type; the error names the field's path.
    /// A body that cannot be read (invalid base64, not a string) is *not* an
    /// error here, so that the app can still answer:
    /// [`raw_body`](Request::raw_body) reports it.
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

    /// Reads a request from JSON text, taking the `String`'s buffer as the
    /// event's text where [`from_str`](Request::from_str) copies the text.
    ///
    /// ```
    /// use chalice_events::Request;
    ///
    /// let text = Request::builder().method("PUT").path("/a").build().to_json().to_string();
    /// let request = Request::from_string(text)?;
    /// assert_eq!((request.method(), request.path()), ("PUT", "/a"));
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`from_slice`](Request::from_slice).
    pub fn from_string(text: String) -> Result<Request, Error> {
        Request::read(text.into_boxed_str(), None)
    }

    /// [`from_string`](Request::from_string), with the text given back
    /// beside the error, for a caller that still needs it then: chalice-app's
    /// Lambda front hands over the event's text as `lambda_runtime` read it,
    /// and judges the answer to an event it cannot read by its shape.
    #[doc(hidden)]
    pub fn from_string_or_back(text: String) -> Result<Request, (Error, String)> {
        Request::read_or_back(text.into_boxed_str(), None).map_err(|(e, text)| (e, text.into()))
    }

    /// The one reader: the typed pass over the text, then the rules of the
    /// kind it found. `value`, when given, is the text's `Value`, kept.
    fn read(text: Box<str>, value: Option<Value>) -> Result<Request, Error> {
        Request::read_or_back(text, value).map_err(|(e, _)| e)
    }

    /// [`read`](Request::read), the text given back with the error.
    fn read_or_back(text: Box<str>, value: Option<Value>) -> Result<Request, (Error, Box<str>)> {
        // Read where the request keeps them: the reader's fields are a few
        // hundred bytes, which every step from the reader into the box
        // would copy again.
        let event = TextEvent::new(text, Fast::default(), value);
        let mut request = Request::new(event, HttpEventKind::Rest);
        let event = &mut request.inner.event;
        let read = raw::read_document_into(NAME, &event.text, &mut event.fields).and_then(|()| {
            let kind = event.fields.kind(&event.text);
            event.fields.judge(kind, &event.text).map(|()| kind)
        });
        match read {
            Ok(kind) => {
                request.inner.kind = kind;
                Ok(request)
            }
            Err(e) => Err((e, request.inner.event.text)),
        }
    }

    /// A request of a read event, before routing.
    fn new(event: TextEvent, kind: HttpEventKind) -> Request {
        Request {
            inner: Box::new(State {
                event,
                kind,
                route: None,
                lambda_context: None,
                headers: OnceLock::new(),
                query: OnceLock::new(),
            }),
        }
    }

    /// A top-level field of the event: one kept as a part is parsed from its
    /// own text alone, so that reading the path parameters does not build
    /// the whole event.
    fn get(&self, key: &str) -> Option<&Value> {
        match self.inner.event.part(key) {
            Some(found) => found,
            None => self.inner.event.value().get(key),
        }
    }

    /// The `headers` object's entries, in the event's order (a name given
    /// twice appears once, with its last value, as in a `Value`); `None`
    /// when `headers` is absent or `null`.
    fn header_entries(&self) -> Option<impl Iterator<Item = (&str, &str)> + Clone + '_> {
        let text = &self.inner.event.text;
        let list = self.inner.event.fields.headers.as_ref()?;
        Some(list.entries.iter().filter_map(move |(name, value)| {
            Some((name.get_in(text), value.as_ref()?.get_in(text)))
        }))
    }

    /// Reads a request from JSON text.
    ///
    /// # Errors
    ///
    /// As [`from_slice`](Request::from_slice).
    #[allow(clippy::should_implement_trait)] // `FromStr` is implemented too; this keeps the call free of turbofish
    pub fn from_str(text: &str) -> Result<Request, Error> {
        // Already text: no second check of its UTF-8.
        Request::read(text.into(), None)
    }

    /// A builder for a fake HTTP event: an API Gateway REST proxy event, or
    /// any other kind with [`RequestBuilder::kind`].
    pub fn builder() -> RequestBuilder {
        RequestBuilder::default()
    }

    /// Which kind of HTTP event this is.
    pub fn kind(&self) -> HttpEventKind {
        self.inner.kind
    }

    /// The HTTP method as the client sent it, e.g. `"GET"` (REST:
    /// `requestContext.httpMethod`, else the top-level `httpMethod`; HTTP
    /// API: `requestContext.http.method`; ALB: `httpMethod`).
    pub fn method(&self) -> &str {
        let t = &self.inner.event;
        let (f, cx) = (&t.fields, &t.fields.context);
        match self.inner.kind {
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
    /// the event names one, e.g. `Some("/users/{id}")`; a route the app set
    /// wins.
    ///
    /// REST events name it in `requestContext.resourcePath`; HTTP API
    /// (payload 2.0) events in their [route key](Request::route_key), the
    /// template after the method (`"GET /users/{id}"`), except the catch-all
    /// `$default`. Function URL and ALB events name no route.
    ///
    /// ```
    /// use chalice_events::Request;
    ///
    /// let event = r#"{"version": "2.0", "routeKey": "GET /users/{id}", "rawPath": "/users/42",
    ///   "pathParameters": {"id": "42"},
    ///   "requestContext": {"http": {"method": "GET", "path": "/users/42"}}}"#;
    /// let request = Request::from_str(event)?;
    /// assert_eq!(request.route_key(), Some("GET /users/{id}"));
    /// assert_eq!(request.resource_path(), Some("/users/{id}"));
    /// assert_eq!(request.path(), "/users/{id}");
    /// assert_eq!(request.uri_param("id"), Some("42"));
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn resource_path(&self) -> Option<&str> {
        if let Some(route) = &self.inner.route {
            return Some(route.template.as_str());
        }
        match self.inner.kind {
            HttpEventKind::Rest => self
                .inner
                .event
                .str(&self.inner.event.fields.context.resource_path),
            HttpEventKind::HttpApi => {
                let (_method, template) = self.route_key()?.split_once(' ')?;
                template.starts_with('/').then_some(template)
            }
            HttpEventKind::FunctionUrl | HttpEventKind::Alb => None,
        }
    }

    /// The route key of a payload 2.0 event as AWS sent it: `"GET
    /// /users/{id}"`, `"ANY /{proxy+}"`, or `"$default"` (always, for
    /// function URLs); `None` for REST and ALB events, which have none.
    pub fn route_key(&self) -> Option<&str> {
        self.inner.event.str(&self.inner.event.fields.route_key)
    }

    /// The concrete URL path, without the query string, e.g. `"/users/7"` (REST:
    /// `path`, else `requestContext.path` as Chalice's local server writes it;
    /// HTTP API: `rawPath`; ALB: `path`). API Gateway REST gives it decoded,
    /// HTTP APIs and ALBs as the client sent it (`/a%20b`).
    pub fn raw_path(&self) -> &str {
        let t = &self.inner.event;
        let (f, cx) = (&t.fields, &t.fields.context);
        match self.inner.kind {
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
        self.inner.query.get_or_init(|| self.build_query()).as_ref()
    }

    /// The request headers, looked up case-insensitively, e.g.
    /// `headers().get("content-type")`.
    ///
    /// REST and ALB: `headers`, or the last value of each `multiValueHeaders`
    /// entry when `headers` is absent, `null` or not an object. HTTP API:
    /// `headers`, with the separate `cookies` list joined by `"; "` into a
    /// `cookie` header (unless the event already has one).
    ///
    /// Only strings are header values: a header whose value is a number,
    /// `null` or anything else is not in the map (`get` gives `None`), and a
    /// `multiValueHeaders` entry gives the last string of its list.
    ///
    /// ```
    /// use chalice_events::Request;
    ///
    /// let event = r#"{"requestContext": {"httpMethod": "GET"}, "path": "/",
    ///   "headers": {"Accept": "text/plain", "X-Count": 3, "X-Gone": null}}"#;
    /// let request = Request::from_str(event)?;
    /// assert_eq!(request.headers().get("accept"), Some("text/plain"));
    /// assert_eq!(request.headers().get("x-count"), None);
    /// assert_eq!(request.headers().len(), 1);
    /// assert_eq!(request.to_json(), event);
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn headers(&self) -> &Headers {
        self.inner.headers.get_or_init(|| self.build_headers())
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
        if let Some(built) = self.inner.headers.get() {
            return built.get(name);
        }
        // Payload 2.0 keeps cookies apart; the map joins them in.
        if self.inner.kind.is_v2() && name.eq_ignore_ascii_case("cookie") {
            return self.headers().get(name);
        }
        let text = &self.inner.event.text;
        // A later spelling of the same name wins, as in the map: the search
        // starts from the end, over the names that have a string.
        let Some(list) = &self.inner.event.fields.headers else {
            return self.headers().get(name);
        };
        let mut entries = list.entries.iter().rev();
        let found = match list.ascii_names && name.is_ascii() {
            // Compared ignoring ASCII case as it is: lowercased first, a
            // name such as `X-Custom` would be copied for nothing.
            true => {
                if list.classes & headers::name_class(name) == 0 {
                    return None;
                }
                // The length first, known without the text: most names
                // differ in it.
                entries.find(|(k, v)| {
                    k.len() == name.len()
                        && v.is_some()
                        && k.get_in(text).eq_ignore_ascii_case(name)
                })
            }
            false => {
                let lowered = crate::apigateway::lowercase(name);
                entries.find(|(k, v)| {
                    v.is_some() && crate::apigateway::same_header_name(k.get_in(text), &lowered)
                })
            }
        };
        let found = found.and_then(|(_, v)| v.as_ref());
        found.map(|v| v.get_in(text))
    }

    /// The captured path parameters, e.g. `{"id": "7"}` for `/users/7` on
    /// `/users/{id}`; `None` when the route has none.
    ///
    /// What the app set with [`set_route`](Request::set_route) when it matched
    /// the path itself; otherwise, for REST and HTTP API events,
    /// `pathParameters` as API Gateway sent it, without the entries whose
    /// value is not a string (a `null`, or anything but an object, stays
    /// `None`). Function URL and ALB events carry none.
    pub fn uri_params(&self) -> Option<&Map<String, Value>> {
        if let Some(route) = &self.inner.route {
            return Some(&route.uri_params);
        }
        match self.inner.kind {
            HttpEventKind::Rest | HttpEventKind::HttpApi => {
                self.get("pathParameters").and_then(Value::as_object)
            }
            HttpEventKind::FunctionUrl | HttpEventKind::Alb => None,
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
        // `pathParameters` read as text when it can be: a view that asks
        // for its captures one by one builds no map of them.
        if self.inner.route.is_none()
            && matches!(
                self.inner.kind,
                HttpEventKind::Rest | HttpEventKind::HttpApi
            )
        {
            if let Some(found) = self.inner.event.path_param(name) {
                return found;
            }
        }
        self.uri_params()?.get(name)?.as_str()
    }

    /// The stage variables, e.g. `{"table": "users-dev"}`; `None` when the
    /// stage has none (and always for ALB events). Entries whose value is not
    /// a string are left out; `stageVariables` that is not an object gives
    /// `None`.
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
        let mut event = self.inner.event.value().clone();
        if let Some(Value::Object(context)) = event.get_mut("requestContext") {
            context.insert("authorizer".to_string(), authorizer);
        }
        // The event was read, and an authorizer's output changes nothing
        // the reader judges, so reading it again succeeds; were it not to,
        // the request would stay as it was rather than fail the call.
        if let Ok(again) = Request::read(raw::value_text(&event), Some(event)) {
            self.inner.event = again.inner.event;
            self.inner.headers = OnceLock::new();
            self.inner.query = OnceLock::new();
        }
    }

    /// Records the route the app matched: its template (`"/users/{id}"`) and
    /// captured parameters, which then replace what the event names
    /// ([`resource_path`](Request::resource_path), `pathParameters`).
    ///
    /// Function URL and ALB events name no route, and the route an HTTP API
    /// or REST event names may be a catch-all (`$default`, `/{proxy+}`) or
    /// one the app does not have; the dispatcher then matches the path
    /// itself and sets the route before calling the view.
    pub fn set_route(&mut self, template: &str, uri_params: Map<String, Value>) {
        self.inner.route = Some(Route {
            template: template.to_string(),
            uri_params,
        });
    }

    /// The Lambda context of the invocation, when the runtime attached one.
    pub fn lambda_context(&self) -> Option<&LambdaContext> {
        self.inner.lambda_context.as_deref()
    }

    /// Attaches (or removes) the Lambda context of the invocation: a
    /// [`LambdaContext`], or one already boxed, which the request keeps as it
    /// is. To remove it, `set_lambda_context(None::<LambdaContext>)`.
    pub fn set_lambda_context(&mut self, context: Option<impl Into<Box<LambdaContext>>>) {
        self.inner.lambda_context = context.map(Into::into);
    }

    /// Whether the event's body is base64 text (`isBase64Encoded: true`);
    /// API Gateway sets it for binary media types. `false` when the field is
    /// absent, `null` or not a boolean (then [`raw_body`](Request::raw_body)
    /// refuses to guess).
    pub fn is_base64_encoded(&self) -> bool {
        self.inner.event.fields.base64.unwrap_or(false)
    }

    /// Whether the event carries a `multiValueHeaders` object (the proxy
    /// response then carries one too, as API Gateway and ALBs expect).
    pub fn has_multi_value_headers(&self) -> bool {
        self.inner.event.fields.multi_value_headers
    }

    /// The body exactly as the event carries it, e.g. `Some("{\"a\": 1}")`
    /// (base64 text when [`is_base64_encoded`](Request::is_base64_encoded));
    /// `None` when absent, `null`, or not a string (which
    /// [`raw_body`](Request::raw_body) reports).
    pub fn body(&self) -> Option<&str> {
        self.inner.event.str(&self.inner.event.fields.body)
    }

    /// The body as bytes: empty when there is none, base64-decoded when
    /// [`is_base64_encoded`](Request::is_base64_encoded), otherwise the
    /// body text's UTF-8 bytes (borrowed, not copied).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBase64`] (path `body`) when the event says the body is
    /// base64 and it is not; [`Error::WrongType`] when the body is neither a
    /// string nor `null` (path `body`), or there is a body and
    /// `isBase64Encoded` is neither a boolean nor `null` (path
    /// `isBase64Encoded`).
    ///
    /// ```
    /// use chalice_events::{Error, Request};
    ///
    /// let event = r#"{"requestContext": {"httpMethod": "POST"}, "path": "/", "body": {"a": 1}}"#;
    /// let request = Request::from_str(event)?;
    /// assert_eq!(request.body(), None);
    /// let err = request.raw_body().unwrap_err();
    /// assert!(matches!(err, Error::WrongType { .. }));
    /// assert_eq!(err.path(), Some("body"));
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn raw_body(&self) -> Result<Cow<'_, [u8]>, Error> {
        let fields = &self.inner.event.fields;
        let wrong = |path: &str, expected, found| Error::WrongType {
            event: NAME,
            path: path.to_string(),
            expected,
            found,
        };
        let Some(body) = self.body() else {
            return match fields.body_kind {
                Some(found) => Err(wrong("body", "a string", found)),
                None => Ok(Cow::Borrowed(&[])),
            };
        };
        if let Some(found) = fields.base64_kind {
            return Err(wrong("isBase64Encoded", "a boolean", found));
        }
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
    /// A `Value` costs an allocation for every object, array and string in
    /// the body. When the body has a known shape,
    /// [`json_body_as`](Request::json_body_as) reads it straight into that
    /// type without those allocations (no map per object, no key strings);
    /// and interpolating the `Value`
    /// into `serde_json::json!` copies it whole, where this crate's
    /// [`json!`](crate::json::json!) (or moving it into a struct field, or
    /// [`Body::Json`](crate::Body::Json)) does not. A body handed back or
    /// passed on without being looked into is cheapest read as a
    /// [`DumpedJson`](crate::json::DumpedJson) (`json_body_as::<DumpedJson>()`):
    /// one pass writes it as the text Chalice would answer it with, and a
    /// response that holds it copies that text.
    ///
    /// The header is easy to forget in a test: a fake request given a JSON
    /// text with [`RequestBuilder::body`] and no `Content-Type` reads as
    /// `Ok(None)`. [`RequestBuilder::json`] sets both.
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
    /// or [`raw_body`](Request::raw_body) cannot read it.
    pub fn json_body(&self) -> Result<Option<Value>, Error> {
        self.json_body_as::<Value>()
    }

    /// Like [`json_body`](Request::json_body), deserialized straight into `T`.
    ///
    /// The same `Content-Type` rule applies: unless the header starts with
    /// `application/json`, the body is not looked at and the result is
    /// `Ok(None)`, however JSON it is. Build fake requests with
    /// [`RequestBuilder::json`], which sets the header.
    ///
    /// ```
    /// use chalice_events::request::Request;
    /// use serde_json::json;
    ///
    /// let req = Request::builder().json(&json!({"id": 7})).build();
    /// assert_eq!(req.json_body_as::<serde_json::Value>()?, Some(json!({"id": 7})));
    /// let req = Request::builder().body(r#"{"id": 7}"#).build();
    /// assert_eq!(req.json_body_as::<serde_json::Value>()?, None);
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
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
        let parsed = match (&raw, self.body()) {
            // The event's own text, not decoded from base64: UTF-8 already,
            // so not checked again.
            (Cow::Borrowed(_), Some(text)) => {
                serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
            }
            _ => crate::json::from_slice(
                raw.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&raw),
            ),
        };
        parsed.map(Some).map_err(|e| Error::JsonBody {
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
        self.inner.event.value()
    }

    /// The JSON paths of fields the model does not know (AWS adds fields
    /// over time), e.g. `["requestContext.newField"]`; see
    /// [`drift`](crate::drift).
    pub fn unknown_fields(&self) -> Vec<String> {
        let known = <Fast as Fields>::KNOWN;
        match self.to_original_event() {
            Value::Object(map) => crate::drift::unknown_fields(map, &known),
            _ => Vec::new(),
        }
    }

    /// The event as compact JSON text: the text it was read from, unchanged
    /// (`Serialize` writes the event's JSON value, which any serializer can
    /// take; this copies the text without building it).
    pub fn to_json(&self) -> &str {
        &self.inner.event.text
    }

    /// The event, consuming the request.
    pub fn into_original_event(self) -> Value {
        let mut event = self.inner.event;
        event.take_value()
    }

    fn build_headers(&self) -> Headers {
        let mut headers = Headers::default();
        match self.header_entries() {
            Some(entries) => {
                let (count, bytes) = entries
                    .clone()
                    .fold((0, 0), |(n, b), (k, v)| (n + 1, b + k.len() + v.len()));
                headers.reserve(count + 1, bytes);
                for (name, value) in entries {
                    headers.insert(name, value);
                }
            }
            // AWS sends both maps; some producers (ALB in multi-value mode,
            // hand-written events) send only `multiValueHeaders`.
            _ if !self.inner.kind.is_v2() => {
                if let Some(Value::Object(map)) = self.get("multiValueHeaders") {
                    headers.reserve(map.len(), 0);
                    for (name, values) in map {
                        let last = values
                            .as_array()
                            .and_then(|v| v.iter().rev().find_map(Value::as_str));
                        if let Some(value) = last {
                            headers.insert(name, value);
                        }
                    }
                }
            }
            _ => {}
        }
        if self.inner.kind.is_v2() && !headers.contains_key("cookie") {
            // Payload 2.0 moves the Cookie header into a list of its own.
            if let Some(Value::Array(cookies)) = self.get("cookies") {
                let parts: Vec<&str> = cookies.iter().filter_map(Value::as_str).collect();
                if !parts.is_empty() {
                    headers.insert("cookie", &parts.join("; "));
                }
            }
        }
        headers
    }

    fn build_query(&self) -> Option<MultiDict> {
        match self.inner.kind {
            HttpEventKind::Rest => {
                // From the text when it can be, without the part's `Value`.
                if let Some(dict) = self.inner.event.part_dict(MULTI_VALUE_QUERY) {
                    return Some(dict);
                }
                match self.get("multiValueQueryStringParameters") {
                    Some(Value::Object(map)) => Some(MultiDict::from_json_lists(map, false)),
                    Some(_) => None,
                    None => match self.get("queryStringParameters") {
                        Some(Value::Object(map)) => Some(MultiDict::from_json_singles(map, false)),
                        _ => None,
                    },
                }
            }
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

impl crate::FromJson for Request {
    const NAME: &'static str = NAME;

    fn from_value(value: Value) -> Result<Request, Error> {
        Request::from_value(value)
    }

    fn from_slice(bytes: &[u8]) -> Result<Request, Error> {
        Request::from_slice(bytes)
    }

    fn from_str(text: &str) -> Result<Request, Error> {
        Request::from_str(text)
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
        let value = crate::event::deserialize_value(NAME, d)?;
        Request::from_value(value).map_err(de::Error::custom)
    }
}

/// Shows the event as a `Value`, whichever way the request holds it.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("event", self.to_original_event())
            .field("kind", &self.inner.kind)
            .field("route", &self.inner.route)
            .field("lambda_context", &self.inner.lambda_context)
            .field("headers", &self.inner.headers)
            .field("query", &self.inner.query)
            .finish()
    }
}
