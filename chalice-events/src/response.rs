//! [`Response`]: what a view returns, and the API Gateway proxy response it
//! becomes.
//!
//! # `to_dict`, as a spec
//!
//! [`Response::to_dict(binary_types)`](Response::to_dict) produces the JSON a
//! Lambda proxy integration returns, exactly as Chalice's `Response.to_dict`:
//!
//! 1. Keys in this order: `headers` (single-valued headers), `multiValueHeaders`
//!    (list-valued headers; both keys always present), `statusCode`, `body`,
//!    then `isBase64Encoded` only when it is `true`.
//! 2. A [`Body::Text`] is sent as it is (not as a JSON string literal); a
//!    [`Body::Json`] is encoded with [`crate::json::dumps`] (compact,
//!    ASCII-escaped, Python floats; `Value::Null` gives `null`); a
//!    [`Body::JsonText`] is its text.
//! 3. With `binary_types` given, let `ct` be the single-valued `Content-Type`
//!    (case-insensitive name; a list-valued one is ignored), default `""`. If
//!    `ct` matches `binary_types` ([`matches_content_type`]):
//!    - a text or JSON body is UTF-8 encoded when `ct` matches
//!      `application/json` or is empty, and is an error otherwise (Chalice's
//!      `ValueError`, which this crate returns as [`Error::InvalidArgument`]);
//!    - the bytes are sent as padded standard base64 with `isBase64Encoded: true`.
//! 4. Otherwise the body is left as it is. A [`Body::Bytes`] that is not
//!    binary is where this crate departs from Chalice: Chalice puts raw bytes
//!    in the dict, which Lambda cannot serialize. Here valid UTF-8 is sent as
//!    text and anything else as base64 with `isBase64Encoded: true`.
//!
//! ```
//! use chalice_events::response::Response;
//! use serde_json::json;
//!
//! let response = Response::new(json!({"foo": "bar"}))
//!     .with_header("Content-Type", "application/json")
//!     .with_header("Set-Cookie", ["key=value", "foo=bar"]);
//! assert_eq!(
//!     response.to_dict(None)?,
//!     json!({
//!         "headers": {"Content-Type": "application/json"},
//!         "multiValueHeaders": {"Set-Cookie": ["key=value", "foo=bar"]},
//!         "statusCode": 200,
//!         "body": "{\"foo\":\"bar\"}"
//!     })
//! );
//! # Ok::<(), chalice_events::Error>(())
//! ```
//!
//! # Which body is quickest
//!
//! [`Response::json`] of a typed value writes it straight to text, with no
//! `Value` built, and keeps that text as the string the proxy response
//! carries ([`JsonText`]), so it is escaped once; a [`Body::Json`] is
//! written the same way when the proxy response is made. A [`Body::Text`]
//! holding JSON the view wrote itself is escaped a second time there.
//! [`ProxyResponse::to_json`] (and chalice-app's Lambda front) copies a
//! JSON body's string as it is.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use crate::apigateway::{matches_content_type, DEFAULT_BINARY_TYPES};
use crate::cors::CORSConfig;
use crate::json::write::Verbatim;
use crate::json::JsonStyle;
use crate::request::{HttpEventKind, Request};
use crate::{wire, Error};

/// The body of a [`Response`].
///
/// ```
/// use chalice_events::response::Body;
///
/// assert_eq!(Body::from("hi"), Body::Text("hi".to_string()));
/// assert_eq!(Body::from(vec![1u8, 2]), Body::Bytes(vec![1, 2]));
/// assert_eq!(Body::from(serde_json::json!([1])), Body::Json(serde_json::json!([1])));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Text sent as it is, e.g. `"hello"` (a view returning a `str`).
    Text(String),
    /// Raw bytes, e.g. a PNG; base64-encoded when the `Content-Type` is binary.
    Bytes(Vec<u8>),
    /// A JSON value, encoded as Python's `json.dumps` writes it, e.g.
    /// `{"foo": "bar"}` → `{"foo":"bar"}`. `Value::Null` is Chalice's `None`
    /// body, sent as `null`.
    Json(Value),
    /// JSON text already written from a value ([`Response::json`]), sent
    /// as it is, like [`Text`](Body::Text), but escaped once on its way
    /// into the proxy response (see [`JsonText`]).
    JsonText(JsonText),
}

/// JSON text written from a value, held as the JSON string that carries it
/// in a proxy response (quotes included).
///
/// A proxy response's `body` is a string, so JSON text put there is escaped
/// again, and JSON has a quote every few bytes. Written this way from the
/// start, the text is escaped once and the proxy response copies it. The
/// text itself is read back from the string the first time it is asked for
/// ([`as_str`](JsonText::as_str)): by a test or a local server, not on the
/// way to Lambda.
///
/// ```
/// use chalice_events::response::JsonText;
/// use serde_json::json;
///
/// let text = JsonText::new(&json!({"say": "\"hi\""}))?;
/// assert_eq!(text.as_str(), r#"{"say":"\"hi\""}"#);
/// assert_eq!(text.as_literal(), r#""{\"say\":\"\\\"hi\\\"\"}""#);
/// # Ok::<(), chalice_events::Error>(())
/// ```
#[derive(Clone)]
pub struct JsonText {
    literal: String,
    text: OnceLock<String>,
}

impl JsonText {
    /// `value` as Chalice writes JSON bodies
    /// ([`json::to_string`](crate::json::to_string)'s text).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `value` cannot be represented as JSON
    /// (its `Serialize` fails, or a map has non-string keys).
    pub fn new<T: Serialize + ?Sized>(value: &T) -> Result<JsonText, Error> {
        JsonText::with_style(value, JsonStyle::Python)
    }

    /// `value` as JSON text in `style`
    /// ([`JsonStyle::to_string`]'s text).
    ///
    /// # Errors
    ///
    /// As [`JsonText::new`].
    pub fn with_style<T: Serialize + ?Sized>(
        value: &T,
        style: JsonStyle,
    ) -> Result<JsonText, Error> {
        Ok(JsonText {
            literal: crate::json::to_string_literal_in(value, style.into())?,
            text: OnceLock::new(),
        })
    }

    /// The JSON text, e.g. `{"a":1}`.
    pub fn as_str(&self) -> &str {
        self.text.get_or_init(|| unquote(&self.literal))
    }

    /// The JSON string that holds the text, quotes included, in serde_json's
    /// style: e.g. `"{\"a\":1}"`.
    pub fn as_literal(&self) -> &str {
        &self.literal
    }

    /// The JSON text, owned.
    pub fn into_string(self) -> String {
        let JsonText { literal, text } = self;
        text.into_inner().unwrap_or_else(|| unquote(&literal))
    }
}

/// The text of a JSON string [`JsonText`] wrote.
fn unquote(literal: &str) -> String {
    // The writer's tests hold its strings to serde_json's reading of them,
    // so this cannot fail.
    serde_json::from_str(literal).unwrap_or_default()
}

impl PartialEq for JsonText {
    /// Equal texts: the string that holds a text is a function of it.
    fn eq(&self, other: &Self) -> bool {
        self.literal == other.literal
    }
}

impl Eq for JsonText {}

impl fmt::Debug for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JsonText").field(&self.as_str()).finish()
    }
}

impl From<JsonText> for Body {
    fn from(text: JsonText) -> Self {
        Body::JsonText(text)
    }
}

impl Default for Body {
    /// Chalice's `None` body.
    fn default() -> Self {
        Body::Json(Value::Null)
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::Text(text)
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Self {
        Body::Text(text.to_string())
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body::Bytes(bytes)
    }
}

impl From<&[u8]> for Body {
    fn from(bytes: &[u8]) -> Self {
        Body::Bytes(bytes.to_vec())
    }
}

impl From<Value> for Body {
    fn from(value: Value) -> Self {
        Body::Json(value)
    }
}

/// The value of a response header: one string, or a list sent in
/// `multiValueHeaders` (for repeated headers such as `Set-Cookie`).
///
/// ```
/// use chalice_events::response::HeaderValue;
///
/// assert_eq!(HeaderValue::from("a"), HeaderValue::Single("a".into()));
/// assert_eq!(HeaderValue::from(["a", "b"]), HeaderValue::Multi(vec!["a".into(), "b".into()]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    /// One value, sent in `headers`, e.g. `"application/json"`.
    Single(String),
    /// Several values, sent in `multiValueHeaders`, e.g. `["a=1", "b=2"]`.
    Multi(Vec<String>),
}

impl HeaderValue {
    /// The value when it is a single string.
    pub fn as_single(&self) -> Option<&str> {
        match self {
            HeaderValue::Single(s) => Some(s),
            HeaderValue::Multi(_) => None,
        }
    }

    /// Every value: one for [`Single`](HeaderValue::Single), all for
    /// [`Multi`](HeaderValue::Multi).
    pub fn values(&self) -> &[String] {
        match self {
            HeaderValue::Single(s) => std::slice::from_ref(s),
            HeaderValue::Multi(v) => v,
        }
    }
}

impl From<&str> for HeaderValue {
    fn from(value: &str) -> Self {
        HeaderValue::Single(value.to_string())
    }
}

impl From<String> for HeaderValue {
    fn from(value: String) -> Self {
        HeaderValue::Single(value)
    }
}

impl From<&String> for HeaderValue {
    fn from(value: &String) -> Self {
        HeaderValue::Single(value.clone())
    }
}

impl From<Vec<String>> for HeaderValue {
    fn from(values: Vec<String>) -> Self {
        HeaderValue::Multi(values)
    }
}

impl From<Vec<&str>> for HeaderValue {
    fn from(values: Vec<&str>) -> Self {
        HeaderValue::Multi(values.into_iter().map(str::to_string).collect())
    }
}

impl<const N: usize> From<[&str; N]> for HeaderValue {
    fn from(values: [&str; N]) -> Self {
        HeaderValue::Multi(values.iter().map(|v| (*v).to_string()).collect())
    }
}

/// The headers of a [`Response`]: an ordered list of names and values, as
/// Chalice's plain `headers` dict.
///
/// Names are kept as given and compared exactly (a dict's keys), except in
/// [`get`](ResponseHeaders::get), which looks a name up case-insensitively as
/// Chalice does for `Content-Type`.
///
/// ```
/// use chalice_events::response::{HeaderValue, ResponseHeaders};
///
/// let mut headers = ResponseHeaders::new();
/// headers.insert("Content-Type", "text/plain");
/// headers.insert("X-A", "1");
/// headers.insert("Content-Type", "text/html"); // replaced in place
/// assert_eq!(headers.get("content-type"), Some("text/html"));
/// assert!(!headers.contains_key_exact("content-type"));
/// let names: Vec<_> = headers.iter().map(|(name, _)| name).collect();
/// assert_eq!(names, ["Content-Type", "X-A"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseHeaders {
    entries: Vec<(String, HeaderValue)>,
}

impl ResponseHeaders {
    /// No headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the header `name` (exact spelling): replaces its value in place
    /// when present, otherwise appends it.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<HeaderValue>) {
        let name = name.into();
        let value = value.into();
        match self.entries.iter_mut().find(|(k, _)| *k == name) {
            Some((_, slot)) => *slot = value,
            None => self.entries.push((name, value)),
        }
    }

    /// The single-valued header `name`, looked up case-insensitively, e.g.
    /// `get("content-type")` → `Some("image/png")`. When several spellings are
    /// present the last one wins; list-valued headers are not seen (as
    /// Chalice's `Content-Type` lookup).
    pub fn get(&self, name: &str) -> Option<&str> {
        let lowered = crate::apigateway::lowercase(name);
        // Python builds a lowercased dict: the last spelling's value wins,
        // even when it is a list (then there is no single value). So the
        // search starts from the end.
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| crate::apigateway::same_header_name(k, &lowered))
            .and_then(|(_, v)| v.as_single())
    }

    /// The value stored under exactly `name`.
    pub fn get_exact(&self, name: &str) -> Option<&HeaderValue> {
        self.entries.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Whether a header is stored under exactly `name` (CORS injection checks
    /// this, case-sensitively, as Chalice does).
    pub fn contains_key_exact(&self, name: &str) -> bool {
        self.get_exact(name).is_some()
    }

    /// Removes the header stored under exactly `name`, returning its value.
    pub fn remove_exact(&mut self, name: &str) -> Option<HeaderValue> {
        let i = self.entries.iter().position(|(k, _)| k == name)?;
        Some(self.entries.remove(i).1)
    }

    /// The headers in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &HeaderValue)> + '_ {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The number of headers.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Into<String>, V: Into<HeaderValue>> FromIterator<(K, V)> for ResponseHeaders {
    /// Collects `(name, value)` pairs with [`insert`](ResponseHeaders::insert)'s rule.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut headers = ResponseHeaders::new();
        headers.extend(iter);
        headers
    }
}

impl<K: Into<String>, V: Into<HeaderValue>> Extend<(K, V)> for ResponseHeaders {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

/// What a view returns: Chalice's `Response(body, headers=None, status_code=200)`.
///
/// Fields are public and may be changed freely (middleware changes
/// `status_code`, for instance). No `Content-Type` is ever added for you: a
/// JSON body goes out with `headers: {}`, and API Gateway defaults it to
/// `application/json`.
///
/// ```
/// use chalice_events::response::Response;
///
/// let response = Response::new("I'm a teapot").with_status(418).with_header("X-Tea", "earl grey");
/// let dict = response.to_dict(None)?;
/// assert_eq!(dict["statusCode"], 418);
/// assert_eq!(dict["body"], "I'm a teapot");
/// # Ok::<(), chalice_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The body, e.g. `Body::Json(json!({"hello": "world"}))`.
    pub body: Body,
    /// The headers, e.g. `Content-Type: image/png`.
    pub headers: ResponseHeaders,
    /// The HTTP status, e.g. `200`.
    pub status_code: u16,
}

impl Default for Response {
    /// A 200 with Chalice's `None` body.
    fn default() -> Self {
        Response::new(Body::default())
    }
}

impl From<Body> for Response {
    fn from(body: Body) -> Self {
        Response::new(body)
    }
}

impl Response {
    /// A 200 response with `body` and no headers.
    pub fn new(body: impl Into<Body>) -> Self {
        Response {
            body: body.into(),
            headers: ResponseHeaders::new(),
            status_code: 200,
        }
    }

    /// A 200 response whose body is `value` as JSON (struct fields in
    /// declaration order), written as Chalice writes bodies
    /// ([`json::dumps`](crate::json::dumps)).
    ///
    /// This is the quickest way to answer JSON: `value` is written straight
    /// to text, with no `serde_json::Value` built on the way, and held as
    /// the string a proxy response carries it in, so that it is escaped once
    /// ([`Body::JsonText`]). A struct whose fields borrow from the request
    /// copies nothing at all, and a field holding a request's JSON body read
    /// as a [`DumpedJson`](crate::json::DumpedJson) is copied as the text it
    /// already is. Building a `Value` first costs an allocation
    /// per map, list and string; when one is needed, build it with this
    /// crate's [`json!`](crate::json::json!), which moves the `Value`s
    /// interpolated into it where `serde_json::json!` copies them. A `Value`
    /// the view already has is best passed by reference here, or moved into
    /// [`Body::Json`].
    ///
    /// ```
    /// use chalice_events::{Body, Response};
    ///
    /// #[derive(serde::Serialize)]
    /// struct Order<'a> { id: &'a str, total: f64 }
    ///
    /// let response = Response::json(&Order { id: "7", total: 9.5 })?;
    /// let Body::JsonText(text) = &response.body else { unreachable!() };
    /// assert_eq!(text.as_str(), r#"{"id":"7","total":9.5}"#);
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `value` cannot be represented as JSON
    /// (its `Serialize` fails, or a map has non-string keys).
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Response, Error> {
        Response::json_with_style(value, JsonStyle::Python)
    }

    /// A 200 response whose body is `value` as JSON text written in `style`
    /// ([`JsonStyle::Python`] is [`Response::json`], Chalice's bytes;
    /// [`JsonStyle::Plain`] is serde_json's text, for clients that do not
    /// need Chalice's exact output). No `Content-Type` is set: API Gateway
    /// sends `application/json` for a response without one.
    ///
    /// ```
    /// use chalice_events::json::JsonStyle;
    /// use chalice_events::Response;
    ///
    /// let response = Response::json_with_style(&["café"], JsonStyle::Plain)?;
    /// assert_eq!(response.to_dict(None)?["body"], r#"["café"]"#);
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Response::json`].
    pub fn json_with_style<T: Serialize + ?Sized>(
        value: &T,
        style: JsonStyle,
    ) -> Result<Response, Error> {
        let text = JsonText::with_style(value, style).map_err(|e| match e {
            Error::InvalidArgument { reason, .. } => Error::InvalidArgument {
                what: "Response",
                reason,
            },
            other => other,
        })?;
        Ok(Response::new(Body::JsonText(text)))
    }

    /// The same response with another status code.
    pub fn with_status(mut self, status_code: u16) -> Self {
        self.status_code = status_code;
        self
    }

    /// The same response with the header `name` set (see
    /// [`ResponseHeaders::insert`]).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<HeaderValue>) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Adds the headers of `cors` that the response does not already have
    /// under exactly the same name (Chalice's injection: a user header
    /// `access-control-allow-origin` does not stop `Access-Control-Allow-Origin`
    /// from being added).
    pub fn add_cors_headers(&mut self, cors: &CORSConfig) {
        for (name, value) in cors.get_access_control_headers() {
            if !self.headers.contains_key_exact(name) {
                self.headers.insert(name, value);
            }
        }
    }

    /// Checks header names and values for line breaks, which would let a
    /// value smuggle extra headers into the HTTP response. Returns the first
    /// offending `(name, value)`.
    ///
    /// Chalice rejects (with a 500) only `\n` inside single string values.
    /// This check is deliberately stricter: it also rejects `\r`, looks at
    /// names, and looks inside every element of a list value.
    ///
    /// ```
    /// use chalice_events::response::Response;
    ///
    /// assert!(Response::new("").with_header("X-Ok", "fine").header_values_valid().is_ok());
    /// let bad = Response::new("").with_header("X-Bad", ["ok", "a\r\nInjected: 1"]);
    /// assert_eq!(
    ///     bad.header_values_valid(),
    ///     Err(("X-Bad".to_string(), "a\r\nInjected: 1".to_string()))
    /// );
    /// ```
    ///
    /// # Errors
    ///
    /// The first header whose name or value contains `\n` or `\r`.
    pub fn header_values_valid(&self) -> Result<(), (String, String)> {
        let breaks = |s: &str| s.contains(['\n', '\r']);
        for (name, value) in self.headers.iter() {
            if breaks(name) {
                let first = value.values().first().cloned().unwrap_or_default();
                return Err((name.to_string(), first));
            }
            if let Some(bad) = value.values().iter().find(|v| breaks(v)) {
                return Err((name.to_string(), bad.clone()));
            }
        }
        Ok(())
    }

    /// The API Gateway REST proxy response, exactly as Chalice's
    /// `Response.to_dict(binary_types)` (see the [module documentation](self)
    /// for the rules). Pass `None` to skip binary handling altogether, as
    /// Chalice's default does.
    ///
    /// ```
    /// use chalice_events::apigateway::default_binary_types;
    /// use chalice_events::response::Response;
    ///
    /// let png = Response::new(b"foobar".to_vec()).with_header("Content-Type", "application/octet-stream");
    /// let dict = png.to_dict(Some(&default_binary_types()))?;
    /// assert_eq!(dict["body"], "Zm9vYmFy");
    /// assert_eq!(dict["isBase64Encoded"], true);
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the `Content-Type` is binary, is not
    /// JSON or empty, and the body is text or JSON rather than bytes (Chalice
    /// raises `ValueError` there).
    pub fn to_dict(&self, binary_types: Option<&[String]>) -> Result<Value, Error> {
        Ok(self.to_proxy(ResponseShape::Rest, binary_types)?.to_value())
    }

    /// The proxy response for an event of the given shape, ready to return
    /// from a Lambda handler: the body encoded by Chalice's rules (see the
    /// [module documentation](self)), then laid out as that kind of event
    /// expects (see [`ResponseShape`]).
    ///
    /// ```
    /// use chalice_events::response::{Response, ResponseShape};
    ///
    /// let response = Response::new("hi").with_header("Set-Cookie", ["a=1", "b=2"]);
    /// let proxy = response.to_proxy(ResponseShape::HttpApi, None)?;
    /// assert_eq!(
    ///     serde_json::to_string(&proxy)?,
    ///     r#"{"headers":{},"statusCode":200,"body":"hi","cookies":["a=1","b=2"]}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`to_dict`](Response::to_dict).
    pub fn to_proxy(
        &self,
        shape: ResponseShape,
        binary_types: Option<&[String]>,
    ) -> Result<ProxyResponse, Error> {
        self.encode(shape, binary_types)
    }

    /// The proxy response that answers `request`, in its event's shape
    /// ([`ResponseShape::of`]), with Chalice's default binary types
    /// ([`DEFAULT_BINARY_TYPES`]):
    /// what a Lambda that reads a [`Request`] returns.
    ///
    /// ```
    /// use chalice_events::{Request, Response};
    ///
    /// let event = r#"{"version": "2.0", "rawPath": "/", "headers": {},
    ///   "requestContext": {"http": {"method": "GET", "path": "/"}}}"#;
    /// let request = Request::from_str(event)?;
    /// let proxy = Response::json(&serde_json::json!({"ok": true}))?
    ///     .with_header("Set-Cookie", ["session=1"])
    ///     .for_request(&request)?;
    /// assert_eq!(proxy.cookies(), ["session=1"]);
    /// assert_eq!(proxy.body(), r#"{"ok":true}"#);
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`to_dict`](Response::to_dict).
    pub fn for_request(&self, request: &Request) -> Result<ProxyResponse, Error> {
        self.encode(ResponseShape::of(request), Some(&DEFAULT_BINARY_TYPES))
    }

    /// As [`to_proxy`](Response::to_proxy), moving the body and headers
    /// into the proxy response rather than copying them: what to call when
    /// the response is not needed afterwards.
    ///
    /// ```
    /// use chalice_events::response::{Response, ResponseShape};
    ///
    /// let proxy = Response::new("hi").into_proxy(ResponseShape::Rest, None)?;
    /// assert_eq!(proxy.body(), "hi");
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`to_dict`](Response::to_dict).
    pub fn into_proxy(
        self,
        shape: ResponseShape,
        binary_types: Option<&[String]>,
    ) -> Result<ProxyResponse, Error> {
        let binary = self.binary(binary_types);
        let (body, is_base64_encoded) = encode_body(Cow::Owned(self.body), binary)?;
        Ok(ProxyResponse::new(
            shape,
            self.status_code,
            self.headers.entries,
            body,
            is_base64_encoded,
        ))
    }

    fn encode<T: AsRef<str>>(
        &self,
        shape: ResponseShape,
        binary_types: Option<&[T]>,
    ) -> Result<ProxyResponse, Error> {
        let binary = self.binary(binary_types);
        let (body, is_base64_encoded) = encode_body(Cow::Borrowed(&self.body), binary)?;
        let headers = self.headers.iter().map(|(n, v)| (n.to_string(), v.clone()));
        Ok(ProxyResponse::new(
            shape,
            self.status_code,
            headers,
            body,
            is_base64_encoded,
        ))
    }

    /// What the `Content-Type` makes of the body, by Chalice's rules (see
    /// the [module documentation](self)).
    fn binary<T: AsRef<str>>(&self, binary_types: Option<&[T]>) -> Binary {
        let Some(binary_types) = binary_types else {
            return Binary::No;
        };
        let ct = self.headers.get("content-type").unwrap_or("");
        if !matches_content_type(ct, binary_types) {
            return Binary::No;
        }
        Binary::Yes {
            text_allowed: ct.is_empty() || matches_content_type(ct, &["application/json"]),
        }
    }
}

/// Whether a body goes out as base64, as [`Response::binary`] decides.
#[derive(Clone, Copy)]
enum Binary {
    No,
    /// Binary; a text or JSON body is UTF-8 encoded only when
    /// `text_allowed` (an empty or JSON `Content-Type`), an error otherwise.
    Yes {
        text_allowed: bool,
    },
}

/// The body text and whether it is base64. An owned body's text is moved,
/// not copied.
fn encode_body(body: Cow<'_, Body>, binary: Binary) -> Result<(ProxyBody, bool), Error> {
    if let Binary::Yes { text_allowed } = binary {
        let base64 = match body.as_ref() {
            Body::Bytes(b) => wire::encode_base64(b),
            _ if !text_allowed => {
                return Err(Error::InvalidArgument {
                    what: "Response",
                    reason: "Expected bytes type for body with binary Content-Type. \
                             Got text body instead."
                        .to_string(),
                });
            }
            Body::Text(t) => wire::encode_base64(t.as_bytes()),
            Body::JsonText(json) => wire::encode_base64(json.as_str().as_bytes()),
            Body::Json(v) => wire::encode_base64(crate::json::dumps(v).as_bytes()),
        };
        return Ok((ProxyBody::Text(base64), true));
    }
    let text = match body {
        Cow::Owned(Body::Text(t)) => t,
        Cow::Borrowed(Body::Text(t)) => t.clone(),
        Cow::Owned(Body::Json(ref v)) | Cow::Borrowed(Body::Json(ref v)) => {
            // Written once, as the string the proxy response carries: the
            // text alone would be escaped again there.
            return Ok((ProxyBody::of_value(v), false));
        }
        Cow::Owned(Body::JsonText(json)) => return Ok((ProxyBody::Json(json), false)),
        Cow::Borrowed(Body::JsonText(json)) => return Ok((ProxyBody::Json(json.clone()), false)),
        // DIFFERENCE: Chalice leaves bytes in the dict, which cannot be
        // sent as JSON; text when possible, base64 otherwise, can.
        Cow::Owned(Body::Bytes(b)) => match String::from_utf8(b) {
            Ok(text) => text,
            Err(e) => return Ok((ProxyBody::Text(wire::encode_base64(e.as_bytes())), true)),
        },
        Cow::Borrowed(Body::Bytes(b)) => match std::str::from_utf8(b) {
            Ok(text) => text.to_string(),
            Err(_) => return Ok((ProxyBody::Text(wire::encode_base64(b)), true)),
        },
    };
    Ok((ProxyBody::Text(text), false))
}

/// The body of a [`ProxyResponse`]: its text, or JSON text held as the
/// string that carries it, which writing the proxy response copies.
#[derive(Clone)]
enum ProxyBody {
    Text(String),
    Json(JsonText),
}

impl ProxyBody {
    /// A JSON value's body: the text Chalice writes for it
    /// ([`json::dumps`](crate::json::dumps)), written once.
    fn of_value(value: &Value) -> ProxyBody {
        match JsonText::new(value) {
            Ok(text) => ProxyBody::Json(text),
            // A `Value` is always written (its keys are strings); were it
            // not, the text by the other path is as good an answer.
            Err(_) => ProxyBody::Text(crate::json::dumps(value)),
        }
    }

    fn text(&self) -> &str {
        match self {
            ProxyBody::Text(text) => text,
            ProxyBody::Json(json) => json.as_str(),
        }
    }

    fn into_text(self) -> String {
        match self {
            ProxyBody::Text(text) => text,
            ProxyBody::Json(json) => json.into_string(),
        }
    }
}

impl PartialEq for ProxyBody {
    /// Bodies are equal when their texts are, however they are held.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ProxyBody::Json(a), ProxyBody::Json(b)) => a == b,
            _ => self.text() == other.text(),
        }
    }
}

impl Eq for ProxyBody {}

impl fmt::Debug for ProxyBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.text(), f)
    }
}

/// How a proxy response is laid out for the kind of event it answers.
///
/// Every shape carries `statusCode`, `body` and, when the body is base64,
/// `isBase64Encoded: true`; they differ in their headers:
///
/// | shape | single-valued headers | list-valued headers | `Set-Cookie` list | extra |
/// |---|---|---|---|---|
/// | [`Rest`](ResponseShape::Rest) | `headers` | `multiValueHeaders` | `multiValueHeaders` | |
/// | [`HttpApi`](ResponseShape::HttpApi) | `headers` | `headers`, joined with `", "` | `cookies` | |
/// | [`Alb`](ResponseShape::Alb), multi-value headers on | `multiValueHeaders` (one-element lists) | `multiValueHeaders` | `multiValueHeaders` | `statusDescription` |
/// | [`Alb`](ResponseShape::Alb), off | `headers` | `headers`, the last value | `headers`, the last value | `statusDescription` |
///
/// HTTP API payload 2.0 ignores `multiValueHeaders`, and an ALB reads only
/// the one header object its target group is set to use, so a response
/// written in the wrong shape loses headers without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseShape {
    /// API Gateway REST proxy integration (payload 1.0), Chalice's own shape.
    Rest,
    /// API Gateway HTTP API with payload 2.0, and Lambda function URLs.
    HttpApi,
    /// An Application Load Balancer target group; `multi_value_headers` is
    /// the target group's setting, which its events reveal by carrying
    /// `multiValueHeaders`.
    Alb {
        /// Whether the target group has multi-value headers turned on.
        multi_value_headers: bool,
    },
}

impl ResponseShape {
    /// The shape of the answer `request`'s event expects.
    ///
    /// ```
    /// use chalice_events::response::ResponseShape;
    /// use chalice_events::Request;
    ///
    /// assert_eq!(ResponseShape::of(&Request::builder().build()), ResponseShape::Rest);
    /// ```
    pub fn of(request: &Request) -> ResponseShape {
        match request.kind() {
            HttpEventKind::Rest => ResponseShape::Rest,
            HttpEventKind::HttpApi | HttpEventKind::FunctionUrl => ResponseShape::HttpApi,
            HttpEventKind::Alb => ResponseShape::Alb {
                multi_value_headers: request.has_multi_value_headers(),
            },
        }
    }
}

/// A proxy response in one [`ResponseShape`]: what a Lambda function returns
/// to API Gateway, a function URL or an ALB. Made by
/// [`Response::to_proxy`] or [`Response::for_request`].
///
/// `Serialize` writes the shape's JSON, keys in a fixed order (for
/// [`Rest`](ResponseShape::Rest), Chalice's), so a `ProxyResponse` can be
/// returned from a `lambda_runtime` handler as it is.
///
/// ```
/// use chalice_events::response::{Response, ResponseShape};
/// use serde_json::json;
///
/// let proxy = Response::new("gone")
///     .with_status(410)
///     .with_header("X-Reason", "moved")
///     .to_proxy(ResponseShape::Alb { multi_value_headers: false }, None)?;
/// assert_eq!(
///     proxy.to_value(),
///     json!({"statusCode": 410, "body": "gone", "statusDescription": "410 Gone",
///            "headers": {"X-Reason": "moved"}})
/// );
/// # Ok::<(), chalice_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyResponse {
    shape: ResponseShape,
    status_code: u16,
    headers: Vec<(String, String)>,
    multi_value_headers: Vec<(String, Vec<String>)>,
    body: ProxyBody,
    is_base64_encoded: bool,
}

impl ProxyResponse {
    /// The proxy response of an encoded body, its headers sorted into
    /// single- and list-valued.
    fn new(
        shape: ResponseShape,
        status_code: u16,
        entries: impl IntoIterator<Item = (String, HeaderValue)>,
        body: ProxyBody,
        is_base64_encoded: bool,
    ) -> Self {
        let mut headers = Vec::new();
        let mut multi_value_headers = Vec::new();
        for (name, value) in entries {
            match value {
                HeaderValue::Single(v) => headers.push((name, v)),
                HeaderValue::Multi(v) => multi_value_headers.push((name, v)),
            }
        }
        ProxyResponse {
            shape,
            status_code,
            headers,
            multi_value_headers,
            body,
            is_base64_encoded,
        }
    }

    /// The shape this response is written in.
    pub fn shape(&self) -> ResponseShape {
        self.shape
    }

    /// The HTTP status, e.g. `200`.
    pub fn status_code(&self) -> u16 {
        self.status_code
    }

    /// The body as sent: text, or base64 when
    /// [`is_base64_encoded`](ProxyResponse::is_base64_encoded).
    pub fn body(&self) -> &str {
        self.body.text()
    }

    /// Whether [`body`](ProxyResponse::body) is base64.
    pub fn is_base64_encoded(&self) -> bool {
        self.is_base64_encoded
    }

    /// Every header as the client receives it, one `(name, value)` per
    /// value, list-valued headers and `Set-Cookie`s included, in the
    /// response's order (single-valued first); what API Gateway adds itself
    /// (a default `Content-Type`) is not here.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        let single = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()));
        let multi = self
            .multi_value_headers
            .iter()
            .flat_map(|(n, vs)| vs.iter().map(move |v| (n.as_str(), v.as_str())));
        single.chain(multi)
    }

    /// The `Set-Cookie` values that the [`HttpApi`](ResponseShape::HttpApi)
    /// shape sends as `cookies`; empty for the other shapes, which send them
    /// as headers.
    pub fn cookies(&self) -> Vec<&str> {
        match self.shape {
            ResponseShape::HttpApi => self
                .multi_value_headers
                .iter()
                .filter(|(n, _)| is_set_cookie(n))
                .flat_map(|(_, vs)| vs.iter().map(String::as_str))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The response as a JSON value, as `Serialize` writes it.
    pub fn to_value(&self) -> Value {
        // Writing a `ProxyResponse` into a `Value` cannot fail: every key is
        // a string and there is no I/O.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The response as JSON text, what `serde_json::to_string` writes for
    /// it, written without serde_json's serializer: a JSON body
    /// ([`Body::Json`], [`Body::JsonText`]) is already the string that
    /// carries it, and is copied; a text body, often JSON
    /// itself and full of quotes, is escaped by a writer that copies the
    /// runs between escapes whole.
    ///
    /// ```
    /// use chalice_events::response::{Response, ResponseShape};
    ///
    /// let proxy = Response::json(&serde_json::json!({"a": "b"}))?.to_proxy(ResponseShape::HttpApi, None)?;
    /// assert_eq!(proxy.to_json()?, r#"{"headers":{},"statusCode":200,"body":"{\"a\":\"b\"}"}"#);
    /// assert_eq!(proxy.to_json()?, serde_json::to_string(&proxy)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// None in practice (every key is a string); the `Result` is that of
    /// the writer, which refuses what
    /// [`json::JsonStyle::to_string`](crate::json::JsonStyle::to_string)
    /// refuses.
    pub fn to_json(&self) -> Result<String, Error> {
        // Room for the body, escaped or not, and the rest: one allocation.
        // One call for both kinds of body, so the writer is built once.
        let (field, literal, room) = match &self.body {
            ProxyBody::Json(json) => {
                let literal = json.as_literal();
                (BodyField::Verbatim, Some(literal), literal.len() + 512)
            }
            ProxyBody::Text(text) => (BodyField::Text(text), None, text.len() * 9 / 8 + 512),
        };
        crate::json::to_string_with_verbatim(&WithBody(self, field), literal, room)
    }

    /// As [`to_json`](ProxyResponse::to_json), as text that serde_json
    /// writes out as it is ([`RawJson`](crate::json::RawJson)): what to
    /// hand `lambda_runtime`, which writes its answer with serde_json,
    /// where handing it the `ProxyResponse` has a JSON body escaped again.
    ///
    /// ```
    /// use chalice_events::response::{Response, ResponseShape};
    ///
    /// let proxy = Response::new(serde_json::json!({"a": "b"})).to_proxy(ResponseShape::Rest, None)?;
    /// let raw = proxy.to_raw_json()?;
    /// assert_eq!(serde_json::to_string(&raw)?, serde_json::to_string(&proxy)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`to_json`](ProxyResponse::to_json).
    pub fn to_raw_json(&self) -> Result<crate::json::RawJson, Error> {
        self.to_json().map(crate::json::RawJson::new)
    }

    /// As [`to_value`](ProxyResponse::to_value), moving the body into the
    /// value instead of copying it (a JSON body can be most of the bytes).
    pub fn into_value(mut self) -> Value {
        let body = std::mem::replace(&mut self.body, ProxyBody::Text(String::new())).into_text();
        let mut value = self.to_value();
        // Every shape has `body`; replacing it keeps its place among the keys.
        if let Some(slot) = value.get_mut("body") {
            *slot = Value::String(body);
        }
        value
    }
}

fn is_set_cookie(name: &str) -> bool {
    name.eq_ignore_ascii_case("set-cookie")
}

/// Serializes `(name, value)` pairs as one JSON object, without building it.
struct Pairs<I>(I);

impl<I, K, V> Serialize for Pairs<I>
where
    I: Iterator<Item = (K, V)> + Clone,
    K: Serialize,
    V: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.clone())
    }
}

impl Serialize for ProxyResponse {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_with_body(s, self.body.text())
    }
}

/// A proxy response's `body` as [`ProxyResponse::to_json`] writes it: the
/// text, or the string that carries it, handed to the writer as it is.
enum BodyField<'a> {
    Text(&'a str),
    Verbatim,
}

impl Serialize for BodyField<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            BodyField::Text(text) => s.serialize_str(text),
            BodyField::Verbatim => Verbatim.serialize(s),
        }
    }
}

/// A proxy response laid out with its `body` as [`BodyField`] says.
struct WithBody<'a>(&'a ProxyResponse, BodyField<'a>);

impl Serialize for WithBody<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_with_body(s, &self.1)
    }
}

impl ProxyResponse {
    fn serialize_with_body<S, B>(&self, s: S, body: &B) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
        B: Serialize + ?Sized,
    {
        use serde::ser::SerializeMap;

        let single = || self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()));
        let multi = || {
            self.multi_value_headers
                .iter()
                .map(|(n, vs)| (n.as_str(), vs.as_slice()))
        };
        let mut map = s.serialize_map(None)?;
        match self.shape {
            ResponseShape::Rest => {
                map.serialize_entry("headers", &Pairs(single()))?;
                map.serialize_entry("multiValueHeaders", &Pairs(multi()))?;
            }
            ResponseShape::HttpApi => {
                // Payload 2.0 has no list-valued headers: lists are joined
                // as HTTP joins repeated headers, but cookies cannot be.
                let joined = multi()
                    .filter(|(n, _)| !is_set_cookie(n))
                    .map(|(n, vs)| (n, vs.join(", ")));
                let all = single().map(|(n, v)| (n, v.to_string())).chain(joined);
                map.serialize_entry("headers", &Pairs(all))?;
            }
            ResponseShape::Alb { .. } => {}
        }
        map.serialize_entry("statusCode", &self.status_code)?;
        map.serialize_entry("body", body)?;
        if self.is_base64_encoded {
            map.serialize_entry("isBase64Encoded", &true)?;
        }
        match self.shape {
            ResponseShape::Rest => {}
            ResponseShape::HttpApi => {
                let cookies = self.cookies();
                if !cookies.is_empty() {
                    map.serialize_entry("cookies", &cookies)?;
                }
            }
            ResponseShape::Alb {
                multi_value_headers,
            } => {
                let description =
                    format!("{} {}", self.status_code, reason_phrase(self.status_code));
                map.serialize_entry("statusDescription", description.trim_end())?;
                if multi_value_headers {
                    let lists = multi().chain(
                        self.headers
                            .iter()
                            .map(|(n, v)| (n.as_str(), std::slice::from_ref(v))),
                    );
                    map.serialize_entry("multiValueHeaders", &Pairs(lists))?;
                } else {
                    // One value a name: the last, as a repeated header's
                    // last value wins in most clients.
                    let last = multi().filter_map(|(n, vs)| Some((n, vs.last()?.as_str())));
                    map.serialize_entry("headers", &Pairs(single().chain(last)))?;
                }
            }
        }
        map.end()
    }
}

/// The reason phrase of an HTTP status, e.g. `"Not Found"` for `404`, as an
/// ALB's `statusDescription` carries it; `""` for codes without a common one.
///
/// ```
/// assert_eq!(chalice_events::response::reason_phrase(418), "I'm a teapot");
/// ```
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        418 => "I'm a teapot",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apigateway::default_binary_types;
    use serde_json::json;

    fn types(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn can_return_response_object() {
        // test_app.py::test_can_return_response_object
        let response = Response::new(json!({"foo": "bar"}))
            .with_header("Content-Type", "application/json")
            .with_header(
                "Set-Cookie",
                vec!["key=value".to_string(), "foo=bar".to_string()],
            );
        let dict = response.to_dict(None).unwrap();
        assert_eq!(
            dict,
            json!({"statusCode": 200, "body": "{\"foo\":\"bar\"}",
                   "headers": {"Content-Type": "application/json"},
                   "multiValueHeaders": {"Set-Cookie": ["key=value", "foo=bar"]}})
        );
        // Key order is Chalice's.
        assert_eq!(
            dict.to_string(),
            r#"{"headers":{"Content-Type":"application/json"},"multiValueHeaders":{"Set-Cookie":["key=value","foo=bar"]},"statusCode":200,"body":"{\"foo\":\"bar\"}"}"#
        );
    }

    #[test]
    fn bodies_without_binary_types() {
        let table: Vec<(Body, Value)> = vec![
            (Body::Text("hello".into()), json!("hello")),
            (Body::Text("✓".into()), json!("✓")), // test_can_return_unicode_body: not escaped
            (Body::Json(Value::Null), json!("null")),
            (Body::Json(json!("hello")), json!("\"hello\"")),
            (
                Body::Json(json!({"k": "✓", "f": 1.0})),
                json!(r#"{"k":"\u2713","f":1.0}"#),
            ),
            (Body::Json(json!(42)), json!("42")),
        ];
        for (body, expected) in table {
            let dict = Response::new(body.clone()).to_dict(None).unwrap();
            assert_eq!(dict["body"], expected, "{body:?}");
            assert_eq!(dict.get("isBase64Encoded"), None);
            assert_eq!(dict["headers"], json!({}));
            assert_eq!(dict["multiValueHeaders"], json!({}));
        }
        // Binary types present but no Content-Type: not binary, left alone.
        let dict = Response::new(json!({"a": 1}))
            .to_dict(Some(&default_binary_types()))
            .unwrap();
        assert_eq!(dict["body"], r#"{"a":1}"#);
    }

    /// (body, content type, binary types, expected body, base64?)
    type BinaryRow<'a> = (Body, Option<&'a str>, &'a [String], &'a str, bool);

    #[test]
    fn binary_table() {
        let defaults = default_binary_types();
        let with_json = {
            let mut t = default_binary_types();
            t.push("application/json".into());
            t
        };
        let star = types(&["*/*"]);
        let check_mark = "✓".as_bytes().to_vec();
        let table: Vec<BinaryRow<'_>> = vec![
            // test_can_encode_binary_body_as_base64
            (
                Body::Bytes(b"foobar".to_vec()),
                Some("application/octet-stream"),
                &defaults,
                "Zm9vYmFy",
                true,
            ),
            // test_can_encode_binary_body_with_header_charset
            (
                Body::Bytes(b"foobar".to_vec()),
                Some("application/octet-stream; charset=binary"),
                &defaults,
                "Zm9vYmFy",
                true,
            ),
            // test_can_encode_binary_json
            (
                Body::Json(json!({"foo": "bar"})),
                Some("application/json"),
                &with_json,
                "eyJmb28iOiJiYXIifQ==",
                true,
            ),
            (
                Body::Text(r#"{"foo":"bar"}"#.into()),
                Some("application/json"),
                &with_json,
                "eyJmb28iOiJiYXIifQ==",
                true,
            ),
            // test_can_base64_encode_binary_multiple_media_types: ✓ bytes → 4pyT
            (
                Body::Bytes(check_mark.clone()),
                Some("image/gif"),
                &defaults,
                "4pyT",
                true,
            ),
            (
                Body::Bytes(check_mark.clone()),
                Some("IMAGE/PNG"),
                &defaults,
                "4pyT",
                true,
            ),
            // Text responses with a non-binary type are untouched.
            (
                Body::Text("plain".into()),
                Some("text/plain"),
                &defaults,
                "plain",
                false,
            ),
            // DIFFERENCE: bytes that are not binary go out as text when UTF-8...
            (
                Body::Bytes(check_mark.clone()),
                Some("text/plain"),
                &defaults,
                "✓",
                false,
            ),
            (Body::Bytes(b"abc".to_vec()), None, &defaults, "abc", false),
            // ...and as base64 otherwise.
            (
                Body::Bytes(vec![0xff, 0x00]),
                Some("text/plain"),
                &defaults,
                "/wA=",
                true,
            ),
            // `*/*` makes every response binary; an empty type encodes text.
            (
                Body::Json(json!({"a": 1})),
                None,
                &star,
                "eyJhIjoxfQ==",
                true,
            ),
            (
                Body::Text("x".into()),
                Some("application/json"),
                &star,
                "eA==",
                true,
            ),
        ];
        for (body, ct, binary, expected, b64) in table {
            let mut response = Response::new(body.clone());
            if let Some(ct) = ct {
                response.headers.insert("Content-Type", ct);
            }
            let dict = response.to_dict(Some(binary)).unwrap();
            // Moving the response out gives the same answer.
            let moved = response
                .clone()
                .into_proxy(ResponseShape::Rest, Some(binary));
            assert_eq!(moved.unwrap().into_value(), dict, "{body:?} {ct:?}");
            assert_eq!(dict["body"], expected, "{body:?} {ct:?}");
            assert_eq!(
                dict.get("isBase64Encoded"),
                b64.then_some(&Value::Bool(true)),
                "{body:?} {ct:?}"
            );
        }
    }

    #[test]
    fn text_body_with_binary_content_type_is_an_error() {
        // test_app.py::test_invalid_binary_response_body_throws_value_error
        let response =
            Response::new("not bytes").with_header("Content-Type", "application/octet-stream");
        let err = response.to_dict(Some(&default_binary_types())).unwrap_err();
        insta::assert_snapshot!(err, @"invalid Response: Expected bytes type for body with binary Content-Type. Got text body instead.");
        let response = Response::new(json!({"a": 1})).with_header("content-type", "image/png");
        assert!(response.to_dict(Some(&default_binary_types())).is_err());
        // Without binary types nothing is checked.
        assert_eq!(response.to_dict(None).unwrap()["body"], r#"{"a":1}"#);
    }

    #[test]
    fn content_type_lookup_ignores_lists_and_case() {
        let defaults = default_binary_types();
        // A list-valued Content-Type goes to multiValueHeaders and is not seen.
        let response = Response::new(b"ab".to_vec()).with_header("Content-Type", ["image/png"]);
        let dict = response.to_dict(Some(&defaults)).unwrap();
        assert_eq!(dict["body"], "ab");
        assert_eq!(
            dict["multiValueHeaders"],
            json!({"Content-Type": ["image/png"]})
        );
        // Different spellings: the last one wins.
        let response = Response::new(b"ab".to_vec())
            .with_header("content-type", "text/plain")
            .with_header("CONTENT-TYPE", "image/png");
        assert_eq!(response.headers.get("Content-Type"), Some("image/png"));
        assert_eq!(response.to_dict(Some(&defaults)).unwrap()["body"], "YWI=");
    }

    #[test]
    fn header_validation() {
        let table: Vec<(Response, Option<(&str, &str)>)> = vec![
            (Response::new("").with_header("X", "ok"), None),
            // test_app.py::test_headers_have_basic_validation
            (
                Response::new("").with_header("X", "a\nb"),
                Some(("X", "a\nb")),
            ),
            // DIFFERENCE: stricter than Chalice on \r, names and list elements.
            (
                Response::new("").with_header("X", "a\rb"),
                Some(("X", "a\rb")),
            ),
            (
                Response::new("").with_header("X\n", "v"),
                Some(("X\n", "v")),
            ),
            (
                Response::new("").with_header("X", ["ok", "a\nb"]),
                Some(("X", "a\nb")),
            ),
            (
                Response::new("").with_header("X\r", Vec::<String>::new()),
                Some(("X\r", "")),
            ),
        ];
        for (response, expected) in table {
            let expected = expected.map(|(n, v)| (n.to_string(), v.to_string()));
            assert_eq!(
                response.header_values_valid().err(),
                expected,
                "{response:?}"
            );
        }
    }

    #[test]
    fn headers_replace_in_place_and_cors_injection_is_case_sensitive() {
        let mut response = Response::new("")
            .with_header("access-control-allow-origin", "https://mine")
            .with_header("X-A", "1")
            .with_header("X-A", "2");
        assert_eq!(response.headers.len(), 2);
        assert_eq!(
            response.headers.get_exact("X-A"),
            Some(&HeaderValue::Single("2".into()))
        );
        response.add_cors_headers(&CORSConfig::default());
        let names: Vec<_> = response.headers.iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "access-control-allow-origin",
                "X-A",
                "Access-Control-Allow-Origin",
                "Access-Control-Allow-Headers"
            ]
        );
        let mut response =
            Response::new("").with_header("Access-Control-Allow-Origin", "https://mine");
        response.add_cors_headers(&CORSConfig::default());
        assert_eq!(
            response.headers.get("Access-Control-Allow-Origin"),
            Some("https://mine")
        );
        assert_eq!(response.headers.remove_exact("X-None"), None);
        assert!(response
            .headers
            .remove_exact("Access-Control-Allow-Origin")
            .is_some());
        assert!(!response.headers.is_empty());
    }

    #[test]
    fn json_constructor_keeps_field_order() {
        #[derive(Serialize)]
        struct Item {
            z: u8,
            a: &'static str,
        }
        let response = Response::json(&Item { z: 1, a: "é" })
            .unwrap()
            .with_status(201);
        let dict = response.to_dict(None).unwrap();
        assert_eq!(dict["body"], r#"{"z":1,"a":"\u00e9"}"#);
        assert_eq!(dict["statusCode"], 201);
        let mut bad = std::collections::BTreeMap::new();
        bad.insert(vec![1u8], 1);
        assert!(matches!(
            Response::json(&bad),
            Err(Error::InvalidArgument { .. })
        ));
    }

    #[test]
    fn conformance_headers_multi() {
        // conformance/expected/headers_multi.json
        let response = Response::new(json!({"ok": true}))
            .with_status(202)
            .with_header("X-Single", "one")
            .with_header("X-Multi", ["a", "b"])
            .with_header("Set-Cookie", ["c1=1", "c2=2"])
            .with_header("X-Refapp-Middleware", "http");
        assert_eq!(
            response.to_dict(Some(&default_binary_types())).unwrap(),
            json!({"headers": {"X-Single": "one", "X-Refapp-Middleware": "http"},
                   "multiValueHeaders": {"X-Multi": ["a", "b"], "Set-Cookie": ["c1=1", "c2=2"]},
                   "statusCode": 202, "body": "{\"ok\":true}"})
        );
    }

    #[test]
    fn proxy_shapes_table() {
        let response = Response::new(json!({"ok": true}))
            .with_status(201)
            .with_header("Content-Type", "application/json")
            .with_header("Set-Cookie", ["a=1", "b=2"])
            .with_header("X-List", ["x", "y"])
            .with_header("X-Empty", Vec::<String>::new());
        let alb = |multi_value_headers| ResponseShape::Alb {
            multi_value_headers,
        };
        let table = [
            (
                ResponseShape::Rest,
                r#"{"headers":{"Content-Type":"application/json"},"multiValueHeaders":{"Set-Cookie":["a=1","b=2"],"X-List":["x","y"],"X-Empty":[]},"statusCode":201,"body":"{\"ok\":true}"}"#,
            ),
            (
                ResponseShape::HttpApi,
                r#"{"headers":{"Content-Type":"application/json","X-List":"x, y","X-Empty":""},"statusCode":201,"body":"{\"ok\":true}","cookies":["a=1","b=2"]}"#,
            ),
            (
                alb(true),
                r#"{"statusCode":201,"body":"{\"ok\":true}","statusDescription":"201 Created","multiValueHeaders":{"Set-Cookie":["a=1","b=2"],"X-List":["x","y"],"X-Empty":[],"Content-Type":["application/json"]}}"#,
            ),
            (
                alb(false),
                r#"{"statusCode":201,"body":"{\"ok\":true}","statusDescription":"201 Created","headers":{"Content-Type":"application/json","Set-Cookie":"b=2","X-List":"y"}}"#,
            ),
        ];
        for (shape, expected) in table {
            let proxy = response.to_proxy(shape, None).unwrap();
            assert_eq!(
                serde_json::to_string(&proxy).unwrap(),
                expected,
                "{shape:?}"
            );
            assert_eq!(proxy.to_value().to_string(), expected, "{shape:?}");
            assert_eq!(
                proxy.clone().into_value().to_string(),
                expected,
                "{shape:?}"
            );
            let moved = response.clone().into_proxy(shape, None).unwrap();
            assert_eq!(moved, proxy, "{shape:?}");
            // The JSON body was written as the string the proxy response
            // carries; the fast writer copies it.
            assert_eq!(proxy.to_json().unwrap(), expected, "{shape:?}");
            let raw = proxy.to_raw_json().unwrap();
            assert_eq!(serde_json::to_string(&raw).unwrap(), expected, "{shape:?}");
            assert_eq!(proxy.body(), r#"{"ok":true}"#);
            // The same body given as text makes an equal proxy response,
            // written the same.
            let mut as_text = response.clone();
            as_text.body = Body::Text(r#"{"ok":true}"#.to_string());
            let as_text = as_text.to_proxy(shape, None).unwrap();
            assert_eq!(as_text, proxy, "{shape:?}");
            assert_eq!(as_text.to_json().unwrap(), expected, "{shape:?}");
            assert_eq!(format!("{as_text:?}"), format!("{proxy:?}"));
            assert_eq!(proxy.shape(), shape);
            assert_eq!(proxy.status_code(), 201);
            let cookies = if shape == ResponseShape::HttpApi {
                vec!["a=1", "b=2"]
            } else {
                vec![]
            };
            assert_eq!(proxy.cookies(), cookies, "{shape:?}");
            // Every header value reaches the client in every shape but ALB
            // without multi-value headers, which keeps one value a name.
            let headers: Vec<_> = proxy.headers().collect();
            assert_eq!(
                headers,
                [
                    ("Content-Type", "application/json"),
                    ("Set-Cookie", "a=1"),
                    ("Set-Cookie", "b=2"),
                    ("X-List", "x"),
                    ("X-List", "y")
                ]
            );
        }
        // REST is Chalice's `to_dict`.
        assert_eq!(
            response.to_dict(None).unwrap(),
            response
                .to_proxy(ResponseShape::Rest, None)
                .unwrap()
                .to_value()
        );
    }

    proptest::proptest! {
        #[test]
        fn a_json_body_is_written_as_its_text_would_be(text in proptest::prelude::any::<String>()) {
            let body = json!({"text": text, "list": [text, 1.5]});
            let proxy = Response::new(body.clone()).to_proxy(ResponseShape::Rest, None).unwrap();
            proptest::prop_assert_eq!(proxy.body(), crate::json::dumps(&body));
            let json = proxy.to_json().unwrap();
            proptest::prop_assert_eq!(&json, &serde_json::to_string(&proxy).unwrap());
            let read: Value = serde_json::from_str(&json).unwrap();
            proptest::prop_assert_eq!(&read["body"], &json!(crate::json::dumps(&body)));
        }
    }

    #[test]
    fn proxy_binary_bodies_and_descriptions() {
        let png = Response::new(vec![0x89u8, b'P'])
            .with_status(299)
            .with_header("Content-Type", "image/png");
        let proxy = png
            .to_proxy(
                ResponseShape::Alb {
                    multi_value_headers: false,
                },
                Some(&default_binary_types()),
            )
            .unwrap();
        assert_eq!(
            proxy.to_value().to_string(),
            r#"{"statusCode":299,"body":"iVA=","isBase64Encoded":true,"statusDescription":"299","headers":{"Content-Type":"image/png"}}"#
        );
        assert!(proxy.is_base64_encoded());
        assert_eq!(proxy.body(), "iVA=");
        let bad = Response::new("text").with_header("Content-Type", "image/png");
        assert!(bad
            .to_proxy(ResponseShape::HttpApi, Some(&default_binary_types()))
            .is_err());
    }

    #[test]
    fn for_request_follows_the_event_kind() {
        let rest = Request::builder().build();
        let v2 = Request::from_str(
            r#"{"version": "2.0", "rawPath": "/", "requestContext": {"http": {"method": "GET"}}}"#,
        )
        .unwrap();
        let alb_multi = Request::from_str(
            r#"{"httpMethod": "GET", "path": "/", "multiValueHeaders": {},
                "requestContext": {"elb": {"targetGroupArn": "arn"}}}"#,
        )
        .unwrap();
        let alb = Request::from_str(
            r#"{"httpMethod": "GET", "path": "/", "headers": {},
                "requestContext": {"elb": {"targetGroupArn": "arn"}}}"#,
        )
        .unwrap();
        let table = [
            (rest, ResponseShape::Rest),
            (v2, ResponseShape::HttpApi),
            (
                alb_multi,
                ResponseShape::Alb {
                    multi_value_headers: true,
                },
            ),
            (
                alb,
                ResponseShape::Alb {
                    multi_value_headers: false,
                },
            ),
        ];
        let gif = Response::new(b"GIF89a".to_vec()).with_header("Content-Type", "image/gif");
        for (request, shape) in table {
            let proxy = gif.for_request(&request).unwrap();
            assert_eq!(proxy.shape(), shape);
            // Chalice's default binary types apply.
            assert_eq!(
                (proxy.body(), proxy.is_base64_encoded()),
                ("R0lGODlh", true)
            );
        }
    }
}
