//! Snapshot assertions: responses, events and handler results as pretty JSON
//! with the values that change on every run (request ids, timestamps, dates)
//! redacted.
//!
//! | macro | takes | shows |
//! |---|---|---|
//! | [`assert_response_snapshot!`](crate::assert_response_snapshot) | anything [`ResponseSnapshot`]: a test client response or request, a [`Response`](chalice_events::Response), a [`ProxyResponse`](chalice_events::ProxyResponse) or a proxy response as JSON | [`redact_response`] |
//! | [`assert_event_snapshot!`](crate::assert_event_snapshot) | anything [`EventSnapshot`]: every event type, JSON | [`redact_event`] |
//! | [`assert_handler_snapshot!`](crate::assert_handler_snapshot) | anything [`HandlerSnapshot`]: what an event handler or Lambda function returns, `Result`s included | [`redact_event`] of the value, or the error's message |
//!
//! The plain functions and the traits do the work; each macro hands their
//! result to `insta::assert_json_snapshot!`, so every insta workflow applies,
//! and takes insta's three forms: `assert_response_snapshot!(value)`,
//! `assert_response_snapshot!("name", value)` and the inline
//! `assert_response_snapshot!(value, @r#"..."#)`. The `expression` a
//! snapshot records (the `expression:` line of a `.snap` file, the
//! `Expression:` line insta prints on a mismatch) is the expression written
//! in the test, e.g. `client.http().get("/")`.
//!
//! # What is redacted
//!
//! Any object key in [`VOLATILE_FIELDS`], at any depth, compared without
//! case, has its value replaced by a placeholder naming what was there; the
//! same goes for response headers of those names. Nothing else changes, so a
//! snapshot still shows every field that is there.
//!
//! # Accepting snapshots
//!
//! A new or changed snapshot fails its test; what happens to the new value
//! depends on the environment variable `INSTA_UPDATE` (default `auto`) and on
//! whether the tests run on CI (insta reads the `CI` variable).
//!
//! With [cargo-insta](https://insta.rs/docs/cli/) (`cargo install cargo-insta`),
//! which is needed to accept inline snapshots:
//!
//! | command | what it does |
//! |---|---|
//! | `cargo insta test --review` | runs the tests, then shows each new snapshot to accept or reject |
//! | `cargo insta review` | the same review, of what an earlier `cargo test` stored |
//! | `cargo insta accept` | accepts every stored snapshot without showing them |
//! | `cargo insta reject` | deletes them |
//!
//! `cargo test` (with `INSTA_UPDATE=auto`) stores a changed file snapshot
//! beside the old one as `<name>.snap.new`, and a changed inline snapshot in
//! `.<test file>.pending-snap` beside the test file; cargo-insta reviews
//! those.
//!
//! Without cargo-insta:
//!
//! - `INSTA_UPDATE=always cargo test` writes every new or changed file
//!   snapshot in place (`<name>.snap`), and those tests pass. Read the diff of
//!   the `.snap` files before committing them.
//! - Inline snapshots cannot be written that way: under `INSTA_UPDATE=always`
//!   a changed inline snapshot still goes to `.<test file>.pending-snap`, and
//!   its test still fails. Paste the new value (insta prints it in the
//!   failure's diff) into the `@r#"..."#` literal by hand, or accept it with
//!   cargo-insta. Doctests never store inline snapshots at all.
//! - `INSTA_FORCE_PASS=1` makes mismatching snapshots pass while still
//!   storing the new values as above: a way to collect every change of a run
//!   at once, never a setting to leave on.
//! - `INSTA_UPDATE=no` stores nothing; the tests fail with the diff only.
//!
//! On CI (`CI` set to anything but `false`, `0` or empty), `INSTA_UPDATE=auto`
//! stores nothing: a snapshot that is missing from the repository fails
//! there, every time. Commit the `.snap` files (and the accepted inline
//! literals) with the tests that use them, and never the `.snap.new` or
//! `.pending-snap` files.
//!
//! ```sh
//! cargo insta test --review -p my-app        # run, then accept or reject each change
//! INSTA_UPDATE=always cargo test -p my-app   # accept every file snapshot of the run
//! git diff -- '*.snap'                       # read what was accepted
//! ```

use std::fmt::Display;

use base64::Engine as _;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::TestResponse;

/// The keys whose values change on every run, with their placeholders.
pub const VOLATILE_FIELDS: [(&str, &str); 12] = [
    ("requestId", "[request-id]"),
    ("extendedRequestId", "[request-id]"),
    ("x-amzn-RequestId", "[request-id]"),
    ("x-amz-apigw-id", "[request-id]"),
    ("aws_request_id", "[request-id]"),
    ("awsRequestId", "[request-id]"),
    ("x-amzn-Trace-Id", "[trace-id]"),
    ("requestTime", "[timestamp]"),
    ("requestTimeEpoch", "[timestamp]"),
    ("deadline_ms", "[timestamp]"),
    ("Date", "[date]"),
    ("connectedAt", "[timestamp]"),
];

fn placeholder(key: &str) -> Option<&'static str> {
    VOLATILE_FIELDS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map(|(_, placeholder)| *placeholder)
}

/// `value` with every [volatile field](VOLATILE_FIELDS), at any depth,
/// replaced by its placeholder.
///
/// ```
/// use chalice_testing::snapshot::redact_event;
/// use serde_json::json;
///
/// let event = json!({"requestContext": {"requestId": "c6af9ac6", "stage": "api"}});
/// assert_eq!(
///     redact_event(&event),
///     json!({"requestContext": {"requestId": "[request-id]", "stage": "api"}})
/// );
/// ```
pub fn redact_event(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match placeholder(k) {
                        Some(p) if !v.is_null() => Value::String(p.to_string()),
                        _ => redact_event(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact_event).collect()),
        other => other.clone(),
    }
}

/// A response as JSON for a snapshot, volatile headers and body fields
/// redacted:
///
/// - `status_code`;
/// - `headers`: an object in the order sent, a repeated header as a list;
/// - the body as exactly one of `json_body` (it parses as JSON, and is
///   redacted with [`redact_event`]), `body` (other UTF-8 text, possibly
///   empty) or `base64_body` (bytes that are not UTF-8).
///
/// Every response a snapshot takes is shown this way
/// ([`redact_proxy_response`] adds `status_description` for an ALB
/// response, which has one).
///
/// ```
/// use chalice_testing::{snapshot::redact_response, TestResponse};
/// use serde_json::json;
///
/// let response = TestResponse {
///     status_code: 403,
///     headers: vec![
///         ("x-amzn-RequestId".into(), "8a3e...".into()),
///         ("x-amzn-ErrorType".into(), "UnauthorizedException".into()),
///     ],
///     body: br#"{"message": "Missing Authentication Token"}"#.to_vec(),
/// };
/// assert_eq!(redact_response(&response), json!({
///     "status_code": 403,
///     "headers": {"x-amzn-RequestId": "[request-id]", "x-amzn-ErrorType": "UnauthorizedException"},
///     "json_body": {"message": "Missing Authentication Token"},
/// }));
/// ```
pub fn redact_response(response: &TestResponse) -> Value {
    present(
        response.status_code,
        None,
        &response.headers,
        &response.body,
    )
}

/// A proxy response (what a Lambda behind API Gateway or an ALB returns) as
/// JSON for a snapshot, shown as [`redact_response`] shows the test client's
/// responses:
///
/// - `statusCode` becomes `status_code`; an ALB's `statusDescription`
///   becomes `status_description`;
/// - `headers`, then every value of `multiValueHeaders`, then each of an
///   HTTP API's `cookies` as a `Set-Cookie` header, in that order;
/// - `body`, base64-decoded when `isBase64Encoded` is `true`, then shown as
///   `json_body`, `body` or `base64_body`. An absent or `null` body is empty.
///
/// Nothing is added: API Gateway answers a response without `Content-Type`
/// with `application/json`, so the test client's response to the same
/// handler shows that header and this does not.
///
/// ```
/// use chalice_testing::snapshot::redact_proxy_response;
/// use serde_json::json;
///
/// // An HTTP API (payload 2.0) response with cookies.
/// let dict = json!({
///     "statusCode": 201,
///     "headers": {"Location": "/items/7", "Date": "Tue, 01 Jan 2030 00:00:00 GMT"},
///     "cookies": ["sid=abc; HttpOnly"],
///     "body": "{\"id\": 7}",
/// });
/// assert_eq!(redact_proxy_response(&dict), json!({
///     "status_code": 201,
///     "headers": {"Location": "/items/7", "Date": "[date]", "Set-Cookie": "sid=abc; HttpOnly"},
///     "json_body": {"id": 7},
/// }));
///
/// // An ALB response, its body in base64.
/// let dict = json!({
///     "statusCode": 200,
///     "statusDescription": "200 OK",
///     "isBase64Encoded": true,
///     "headers": {"Content-Type": "text/plain"},
///     "body": "aGVsbG8=",
/// });
/// assert_eq!(redact_proxy_response(&dict), json!({
///     "status_code": 200,
///     "status_description": "200 OK",
///     "headers": {"Content-Type": "text/plain"},
///     "body": "hello",
/// }));
/// ```
///
/// # Panics
///
/// When `dict` is not a proxy response: not an object, no `statusCode` in
/// `0..=65535`, a `body` that is not text, or `isBase64Encoded` with a body
/// that is not base64. API Gateway answers each of these with an error of
/// its own; in a test, they are a mistake to see at once. (A handler's
/// result that is not a response is for
/// [`assert_handler_snapshot!`](crate::assert_handler_snapshot).)
#[track_caller]
pub fn redact_proxy_response(dict: &Value) -> Value {
    match ProxyParts::read(dict) {
        Ok(parts) => present(
            parts.status_code,
            parts.status_description,
            &parts.headers,
            &parts.body,
        ),
        Err(why) => panic!("not a proxy response ({why}): {dict}"),
    }
}

/// A proxy response, read leniently where API Gateway is (header values of
/// any JSON type are sent as their text) and strictly where it fails.
struct ProxyParts<'a> {
    status_code: u16,
    status_description: Option<&'a str>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl<'a> ProxyParts<'a> {
    fn read(dict: &'a Value) -> Result<Self, String> {
        let Value::Object(dict) = dict else {
            return Err("not a JSON object".into());
        };
        let status_code = dict
            .get("statusCode")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .ok_or("no `statusCode` in 0..=65535")?;
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut headers = Vec::new();
        if let Some(Value::Object(single)) = dict.get("headers") {
            headers.extend(single.iter().map(|(k, v)| (k.clone(), text(v))));
        }
        if let Some(Value::Object(multi)) = dict.get("multiValueHeaders") {
            for (name, values) in multi {
                for value in values.as_array().into_iter().flatten() {
                    headers.push((name.clone(), text(value)));
                }
            }
        }
        if let Some(Value::Array(cookies)) = dict.get("cookies") {
            headers.extend(cookies.iter().map(|c| ("Set-Cookie".to_string(), text(c))));
        }
        let body = match dict.get("body") {
            None | Some(Value::Null) => "",
            Some(Value::String(body)) => body,
            Some(_) => return Err("`body` is not a string".into()),
        };
        let body = if dict.get("isBase64Encoded") == Some(&Value::Bool(true)) {
            base64::engine::general_purpose::STANDARD
                .decode(body)
                .map_err(|e| format!("`isBase64Encoded` but the body is not base64: {e}"))?
        } else {
            body.as_bytes().to_vec()
        };
        Ok(ProxyParts {
            status_code,
            status_description: dict.get("statusDescription").and_then(Value::as_str),
            headers,
            body,
        })
    }
}

/// The one presentation of a response, whatever it was read from.
fn present(
    status_code: u16,
    status_description: Option<&str>,
    headers: &[(String, String)],
    body: &[u8],
) -> Value {
    let mut grouped: Map<String, Value> = Map::new();
    for (name, value) in headers {
        let value = match placeholder(name) {
            Some(p) => Value::String(p.to_string()),
            None => Value::String(value.clone()),
        };
        match grouped.get_mut(name) {
            Some(Value::Array(values)) => values.push(value),
            Some(first) => {
                let first = first.take();
                grouped.insert(name.clone(), Value::Array(vec![first, value]));
            }
            None => {
                grouped.insert(name.clone(), value);
            }
        }
    }
    let mut out = Map::new();
    out.insert("status_code".into(), Value::from(status_code));
    if let Some(description) = status_description {
        out.insert("status_description".into(), Value::from(description));
    }
    out.insert("headers".into(), Value::Object(grouped));
    match serde_json::from_slice::<Value>(body) {
        Ok(json) => out.insert("json_body".into(), redact_event(&json)),
        Err(_) => match std::str::from_utf8(body) {
            Ok(text) => out.insert("body".into(), Value::String(text.to_string())),
            Err(_) => out.insert(
                "base64_body".into(),
                Value::String(base64::engine::general_purpose::STANDARD.encode(body)),
            ),
        },
    };
    Value::Object(out)
}

/// What [`assert_response_snapshot!`](crate::assert_response_snapshot)
/// accepts: a response of any kind, or a request it sends first (blocking,
/// so that the macro works the same in sync and async tests).
///
/// | type | shown with |
/// |---|---|
/// | [`TestResponse`] (and, with feature `client`, `chalice_app::HttpResponse`) | [`redact_response`] |
/// | a `TestRequest` (feature `client`) | sent with `send_blocking`, then [`redact_response`] |
/// | [`chalice_events::Response`] (`chalice_app::Response` is the same type) | its REST proxy response, `to_dict` with the default binary types, then [`redact_proxy_response`] |
/// | [`chalice_events::ProxyResponse`], in any [`ResponseShape`](chalice_events::ResponseShape) | its JSON (`to_value`), then [`redact_proxy_response`] |
/// | a proxy response as [`Value`] (REST, HTTP API with `cookies`, ALB with `statusDescription`) | [`redact_proxy_response`] |
///
/// A serializable proxy response type of your own goes through
/// `serde_json::to_value` first.
///
/// ```
/// use chalice_events::Response;
/// use chalice_testing::snapshot::ResponseSnapshot;
/// use serde_json::json;
///
/// let response = Response::new(json!({"ok": true})).with_status(201);
/// assert_eq!(response.to_snapshot(), json!({
///     "status_code": 201,
///     "headers": {},
///     "json_body": {"ok": true},
/// }));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a response `assert_response_snapshot!` can show",
    label = "not a response",
    note = "it takes a `TestResponse`, a `TestRequest` (sent first), a `chalice_events::Response` or `ProxyResponse`, or a proxy response as `serde_json::Value` (a value of your own: `serde_json::to_value(&value)?`)",
    note = "a handler's result that is not a response is for `assert_handler_snapshot!`"
)]
pub trait ResponseSnapshot {
    /// The redacted JSON to snapshot.
    ///
    /// # Panics
    ///
    /// When the value is not a response that can be sent (see each type's
    /// row above).
    fn to_snapshot(self) -> Value;
}

impl ResponseSnapshot for TestResponse {
    fn to_snapshot(self) -> Value {
        redact_response(&self)
    }
}

impl ResponseSnapshot for &TestResponse {
    fn to_snapshot(self) -> Value {
        redact_response(self)
    }
}

impl ResponseSnapshot for chalice_events::Response {
    #[track_caller]
    fn to_snapshot(self) -> Value {
        (&self).to_snapshot()
    }
}

impl ResponseSnapshot for &chalice_events::Response {
    /// The REST proxy response with the default binary types, as an app
    /// that does not change `binary_types` sends it.
    ///
    /// # Panics
    ///
    /// When the response cannot be sent: a text body with a binary
    /// `Content-Type` (an app answers 500 instead).
    #[track_caller]
    fn to_snapshot(self) -> Value {
        let binary_types = chalice_events::apigateway::default_binary_types();
        match self.to_dict(Some(&binary_types)) {
            Ok(dict) => redact_proxy_response(&dict),
            Err(e) => panic!("the response cannot be sent: {e}"),
        }
    }
}

impl ResponseSnapshot for chalice_events::ProxyResponse {
    fn to_snapshot(self) -> Value {
        redact_proxy_response(&self.to_value())
    }
}

impl ResponseSnapshot for &chalice_events::ProxyResponse {
    fn to_snapshot(self) -> Value {
        redact_proxy_response(&self.to_value())
    }
}

impl ResponseSnapshot for Value {
    #[track_caller]
    fn to_snapshot(self) -> Value {
        redact_proxy_response(&self)
    }
}

impl ResponseSnapshot for &Value {
    #[track_caller]
    fn to_snapshot(self) -> Value {
        redact_proxy_response(self)
    }
}

#[cfg(feature = "client")]
impl ResponseSnapshot for chalice_app::HttpResponse {
    fn to_snapshot(self) -> Value {
        redact_response(&TestResponse::from(self))
    }
}

#[cfg(feature = "client")]
impl ResponseSnapshot for &chalice_app::HttpResponse {
    fn to_snapshot(self) -> Value {
        present(self.status_code, None, &self.headers, &self.body)
    }
}

#[cfg(feature = "client")]
impl ResponseSnapshot for crate::TestRequest<'_> {
    /// Sends the request with [`send_blocking`](crate::TestRequest::send_blocking).
    fn to_snapshot(self) -> Value {
        redact_response(&self.send_blocking())
    }
}

/// What [`assert_event_snapshot!`](crate::assert_event_snapshot) accepts: JSON,
/// or anything [`IntoPayload`](crate::IntoPayload) (every event type).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an event `assert_event_snapshot!` can show",
    label = "not an event",
    note = "it takes the event types, their generated events, and `serde_json::Value`",
    note = "a handler's result is for `assert_handler_snapshot!`, a response for `assert_response_snapshot!`"
)]
pub trait EventSnapshot {
    /// The redacted JSON to snapshot.
    fn to_snapshot(self) -> Value;
}

impl<T: crate::IntoPayload> EventSnapshot for T {
    fn to_snapshot(self) -> Value {
        redact_event(&self.into_payload())
    }
}

/// What [`assert_handler_snapshot!`](crate::assert_handler_snapshot)
/// accepts: what an event handler, a plain Lambda function or an invocation
/// of one returns.
///
/// | type | shown as |
/// |---|---|
/// | `&T` for any `T: Serialize` | the value as JSON, [redacted](redact_event) |
/// | [`Value`], `()` (`null`), [`BatchItemFailures`](chalice_events::BatchItemFailures), `chalice_app::Json<T>` (feature `client`) | the same |
/// | the client's `InvokeResponse` (feature `client`) | its `payload`, the same |
/// | an `Invocation` (feature `client`) | sent with `send_blocking`, then as its `Result` |
/// | `Result<T, E>`, `T` one of these and `E: Display` | `Ok`: the value as above; `Err`: `{"Err": "<the error's message>"}` |
///
/// An owned serializable value of your own is taken by reference (`&value`);
/// a `Result` holding one, with `.as_ref()`. (Taking every `T: Serialize`
/// by value would overlap with `Result<T, E>`, which is `Serialize` when
/// both sides are, and would leave out errors that are not.)
///
/// ```
/// use chalice_testing::snapshot::HandlerSnapshot;
/// use serde_json::json;
///
/// #[derive(serde::Serialize)]
/// struct Summary {
///     count: usize,
/// }
///
/// let ok: Result<Summary, std::fmt::Error> = Ok(Summary { count: 2 });
/// assert_eq!(ok.as_ref().to_snapshot(), json!({"count": 2}));
/// let failed: Result<Summary, String> = Err("queue is empty".to_string());
/// assert_eq!(failed.as_ref().to_snapshot(), json!({"Err": "queue is empty"}));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a handler result `assert_handler_snapshot!` can show",
    label = "not a handler result",
    note = "pass a serializable value by reference (`&value`), or a `serde_json::Value`, `Json<T>`, `()`, `BatchItemFailures`, an `InvokeResponse` or `Invocation` of the test client, or a `Result` of one of them (`result.as_ref()` for a `Result<T, E>` of your own)",
    note = "an HTTP response is for `assert_response_snapshot!`"
)]
pub trait HandlerSnapshot {
    /// The redacted JSON to snapshot.
    fn to_snapshot(self) -> Value;
}

impl<T: Serialize + ?Sized> HandlerSnapshot for &T {
    /// # Panics
    ///
    /// When the value cannot be written as JSON (a map with non-string
    /// keys, say), which a Lambda could not return either.
    #[track_caller]
    fn to_snapshot(self) -> Value {
        match serde_json::to_value(self) {
            Ok(value) => redact_event(&value),
            Err(e) => panic!("the handler's result cannot be written as JSON: {e}"),
        }
    }
}

impl HandlerSnapshot for Value {
    fn to_snapshot(self) -> Value {
        redact_event(&self)
    }
}

impl HandlerSnapshot for () {
    /// `null`, as Lambda returns a handler's `None`.
    fn to_snapshot(self) -> Value {
        Value::Null
    }
}

impl HandlerSnapshot for chalice_events::BatchItemFailures {
    #[track_caller]
    fn to_snapshot(self) -> Value {
        (&self).to_snapshot()
    }
}

impl<T: HandlerSnapshot, E: Display> HandlerSnapshot for Result<T, E> {
    fn to_snapshot(self) -> Value {
        match self {
            Ok(value) => value.to_snapshot(),
            // Tagged, so that an error never reads as a result that happens
            // to be a string.
            Err(e) => {
                let mut out = Map::new();
                out.insert("Err".into(), Value::String(e.to_string()));
                Value::Object(out)
            }
        }
    }
}

#[cfg(feature = "client")]
impl<T: Serialize> HandlerSnapshot for chalice_app::Json<T> {
    #[track_caller]
    fn to_snapshot(self) -> Value {
        (&self.0).to_snapshot()
    }
}

#[cfg(feature = "client")]
impl HandlerSnapshot for crate::InvokeResponse {
    fn to_snapshot(self) -> Value {
        redact_event(&self.payload)
    }
}

#[cfg(feature = "client")]
impl HandlerSnapshot for &crate::InvokeResponse {
    fn to_snapshot(self) -> Value {
        redact_event(&self.payload)
    }
}

#[cfg(feature = "client")]
impl HandlerSnapshot for crate::Invocation<'_> {
    /// Sends the invocation with [`send_blocking`](crate::Invocation::send_blocking).
    fn to_snapshot(self) -> Value {
        self.send_blocking().to_snapshot()
    }
}

/// The shared body of the snapshot macros: `$to_snapshot` turns the value
/// into JSON, and the user's expression is passed to insta as the snapshot's
/// `expression` (insta would otherwise record the call to `$to_snapshot`).
#[doc(hidden)]
#[macro_export]
macro_rules! __assert_snapshot {
    ($to_snapshot:path; $value:expr, @$snapshot:literal $(,)?) => {
        $crate::__private::insta::assert_json_snapshot!(
            $to_snapshot($value),
            stringify!($value),
            @$snapshot
        )
    };
    ($to_snapshot:path; $name:expr, $value:expr $(,)?) => {
        $crate::__private::insta::assert_json_snapshot!(
            $name,
            $to_snapshot($value),
            stringify!($value)
        )
    };
    ($to_snapshot:path; $value:expr $(,)?) => {
        $crate::__private::insta::assert_json_snapshot!(
            None::<&str>,
            $to_snapshot($value),
            stringify!($value)
        )
    };
}

/// Snapshots a response (or a request, sent first) as pretty JSON with
/// volatile fields redacted: [`ResponseSnapshot`] under
/// `insta::assert_json_snapshot!`.
///
/// Takes insta's forms: `assert_response_snapshot!(response)`,
/// `assert_response_snapshot!("name", response)` and the inline
/// `assert_response_snapshot!(response, @r#"..."#)`. The snapshot's
/// expression is `response` as written.
///
/// ```
/// use chalice_app::{Chalice, Request, Route};
/// use chalice_testing::{assert_response_snapshot, Client};
/// use serde_json::json;
///
/// let mut app = Chalice::new("demo");
/// app.route("/users/{id}", Route::new(), |req: Request| {
///     json!({"id": req.uri_param("id")})
/// });
/// let client = Client::new(app);
/// assert_response_snapshot!(client.http().get("/users/1"), @r#"
/// {
///   "status_code": 200,
///   "headers": {
///     "Content-Type": "application/json"
///   },
///   "json_body": {
///     "id": "1"
///   }
/// }
/// "#);
/// ```
///
/// A view's [`Response`](chalice_events::Response), called without the
/// client, is shown as its proxy response (no `Content-Type` is added):
///
/// ```
/// use chalice_events::Response;
/// use chalice_testing::assert_response_snapshot;
///
/// let response = Response::new("created").with_status(201).with_header("Location", "/items/7");
/// assert_response_snapshot!(response, @r#"
/// {
///   "status_code": 201,
///   "headers": {
///     "Location": "/items/7"
///   },
///   "body": "created"
/// }
/// "#);
/// ```
#[macro_export]
macro_rules! assert_response_snapshot {
    ($($arg:tt)*) => {
        $crate::__assert_snapshot!($crate::snapshot::ResponseSnapshot::to_snapshot; $($arg)*)
    };
}

/// Snapshots an event (or any JSON) as pretty JSON with volatile fields
/// redacted: [`redact_event`] under `insta::assert_json_snapshot!`.
///
/// Takes the same forms as
/// [`assert_response_snapshot!`](crate::assert_response_snapshot).
///
/// ```
/// use chalice_testing::{assert_event_snapshot, EventsClient};
///
/// let event = EventsClient::new().generate_websocket_event("$default", Some("hi"), None);
/// assert_event_snapshot!(event, @r#"
/// {
///   "requestContext": {
///     "routeKey": "$default",
///     "messageId": "ZtHbZd1vPHcCJLg=",
///     "eventType": "MESSAGE",
///     "extendedRequestId": "[request-id]",
///     "requestTime": "[timestamp]",
///     "messageDirection": "IN",
///     "stage": "api",
///     "connectedAt": "[timestamp]",
///     "requestTimeEpoch": "[timestamp]",
///     "identity": {
///       "sourceIp": "1.2.3.4"
///     },
///     "requestId": "[request-id]",
///     "domainName": "abcd1234.execute-api.us-west-2.amazonaws.com",
///     "connectionId": "ZtHaGc1vPHcCJLg=",
///     "apiId": "abcd1234"
///   },
///   "body": "hi",
///   "isBase64Encoded": false
/// }
/// "#);
/// ```
#[macro_export]
macro_rules! assert_event_snapshot {
    ($($arg:tt)*) => {
        $crate::__assert_snapshot!($crate::snapshot::EventSnapshot::to_snapshot; $($arg)*)
    };
}

/// Snapshots what a handler returned as pretty JSON with volatile fields
/// redacted: [`HandlerSnapshot`] under `insta::assert_json_snapshot!`. For
/// event handlers, plain Lambda functions and the test client's
/// invocations; an HTTP view's response is for
/// [`assert_response_snapshot!`](crate::assert_response_snapshot).
///
/// Takes the same forms as
/// [`assert_response_snapshot!`](crate::assert_response_snapshot). A
/// `Result` shows its `Ok` value, or `{"Err": "<message>"}`.
///
/// ```
/// use chalice_app::events::sqs::SQSEvent;
/// use chalice_app::{Chalice, Json, SQSEventConfig};
/// use chalice_testing::{assert_handler_snapshot, Client};
/// use serde_json::json;
///
/// let mut app = Chalice::new("orders");
/// app.on_sqs_message(SQSEventConfig::new("orders").name("count_orders"), |event: SQSEvent| {
///     Json(json!({"count": event.records().len()}))
/// });
/// let client = Client::new(app);
/// let event = client.events().generate_sqs_event(["a", "b"], None);
///
/// // The invocation is sent first; its `Result` is shown.
/// assert_handler_snapshot!(client.lambda().invoke("count_orders", &event), @r#"
/// {
///   "count": 2
/// }
/// "#);
/// assert_handler_snapshot!(client.lambda().invoke("no_such_function", &event), @r#"
/// {
///   "Err": "FunctionNotFoundError: no_such_function"
/// }
/// "#);
/// ```
#[macro_export]
macro_rules! assert_handler_snapshot {
    ($($arg:tt)*) => {
        $crate::__assert_snapshot!($crate::snapshot::HandlerSnapshot::to_snapshot; $($arg)*)
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use chalice_events::Response;
    use serde_json::json;

    #[test]
    fn redacts_at_any_depth_without_case_and_keeps_nulls() {
        let event = json!({
            "a": [{"RequestId": "x", "n": 1}],
            "requestContext": {"requestTimeEpoch": 1, "requestTime": null, "stage": "api"}
        });
        assert_eq!(
            redact_event(&event),
            json!({
                "a": [{"RequestId": "[request-id]", "n": 1}],
                "requestContext": {"requestTimeEpoch": "[timestamp]", "requestTime": null, "stage": "api"}
            })
        );
    }

    #[test]
    fn responses_group_repeated_headers_and_pick_a_body_form() {
        let response = TestResponse {
            status_code: 200,
            headers: vec![
                ("Set-Cookie".into(), "a=1".into()),
                ("Date".into(), "Tue, 01 Jan 2030 00:00:00 GMT".into()),
                ("Set-Cookie".into(), "b=2".into()),
                ("Set-Cookie".into(), "c=3".into()),
            ],
            body: b"plain".to_vec(),
        };
        assert_eq!(
            redact_response(&response),
            json!({
                "status_code": 200,
                "headers": {"Set-Cookie": ["a=1", "b=2", "c=3"], "Date": "[date]"},
                "body": "plain"
            })
        );
        let binary = TestResponse {
            body: vec![0xff, 0x00],
            ..TestResponse::default()
        };
        assert_eq!(redact_response(&binary)["base64_body"], "/wA=");
        let empty = TestResponse::default();
        assert_eq!(redact_response(&empty)["body"], "");
    }

    #[test]
    fn a_proxy_response_shows_as_the_test_response_it_becomes() {
        let dict = json!({
            "statusCode": 200,
            "headers": {"X-Single": "one", "x-amzn-RequestId": "abc"},
            "multiValueHeaders": {"X-Multi": ["a", "b"]},
            "cookies": ["c=1"],
            "body": "{\"requestId\": \"abc\"}",
        });
        let response = TestResponse {
            status_code: 200,
            headers: vec![
                ("X-Single".into(), "one".into()),
                ("x-amzn-RequestId".into(), "abc".into()),
                ("X-Multi".into(), "a".into()),
                ("X-Multi".into(), "b".into()),
                ("Set-Cookie".into(), "c=1".into()),
            ],
            body: br#"{"requestId": "abc"}"#.to_vec(),
        };
        assert_eq!(redact_proxy_response(&dict), redact_response(&response));
        assert_eq!(
            redact_proxy_response(&dict)["json_body"],
            json!({"requestId": "[request-id]"})
        );
    }

    #[test]
    fn proxy_bodies_are_decoded_and_may_be_absent() {
        let binary = json!({"statusCode": 200, "isBase64Encoded": true, "body": "/wA="});
        assert_eq!(redact_proxy_response(&binary)["base64_body"], "/wA=");
        let text = json!({"statusCode": 200, "isBase64Encoded": true, "body": "aGk="});
        assert_eq!(redact_proxy_response(&text)["body"], "hi");
        let absent = json!({"statusCode": 204});
        assert_eq!(
            redact_proxy_response(&absent),
            json!({"status_code": 204, "headers": {}, "body": ""})
        );
        let null = json!({"statusCode": 204, "body": null, "headers": null});
        assert_eq!(redact_proxy_response(&null), redact_proxy_response(&absent));
        // Header values that are not strings are sent as their text.
        let number = json!({"statusCode": 200, "headers": {"Content-Length": 2}, "body": "ok"});
        assert_eq!(
            redact_proxy_response(&number)["headers"]["Content-Length"],
            "2"
        );
    }

    #[test]
    fn only_alb_responses_show_a_status_description() {
        let alb = json!({"statusCode": 404, "statusDescription": "404 Not Found", "body": ""});
        assert_eq!(
            redact_proxy_response(&alb)["status_description"],
            "404 Not Found"
        );
        let rest = json!({"statusCode": 404, "body": ""});
        assert!(redact_proxy_response(&rest)
            .get("status_description")
            .is_none());
    }

    #[test]
    #[should_panic(expected = "no `statusCode`")]
    fn a_value_without_status_code_is_not_a_proxy_response() {
        redact_proxy_response(&json!({"count": 2}));
    }

    #[test]
    #[should_panic(expected = "not base64")]
    fn a_base64_flag_on_text_is_not_a_proxy_response() {
        redact_proxy_response(&json!({"statusCode": 200, "isBase64Encoded": true, "body": "é"}));
    }

    #[test]
    #[should_panic(expected = "`body` is not a string")]
    fn an_object_body_is_not_a_proxy_response() {
        redact_proxy_response(&json!({"statusCode": 200, "body": {"a": 1}}));
    }

    #[test]
    fn a_response_shows_as_its_rest_proxy_response() {
        let response = Response::new(json!({"id": 1}))
            .with_status(201)
            .with_header("Set-Cookie", ["a=1", "b=2"])
            .with_header("Location", "/items/1");
        assert_eq!(
            response.to_snapshot(),
            json!({
                "status_code": 201,
                "headers": {"Location": "/items/1", "Set-Cookie": ["a=1", "b=2"]},
                "json_body": {"id": 1},
            })
        );
        // A binary type is sent as base64, and shown decoded.
        let png =
            Response::new(vec![0x89u8, b'P', b'N', b'G']).with_header("Content-Type", "image/png");
        assert_eq!(png.to_snapshot()["base64_body"], "iVBORw==");
    }

    #[test]
    fn a_response_shows_alike_in_every_proxy_shape() {
        use chalice_events::ResponseShape;

        let response = Response::new(json!({"id": 1}))
            .with_status(404)
            .with_header("X-Single", "one")
            .with_header("Set-Cookie", ["a=1", "b=2"]);
        let shown = |shape| response.to_proxy(shape, None).unwrap().to_snapshot();
        let rest = shown(ResponseShape::Rest);
        assert_eq!(rest, (&response).to_snapshot());
        assert_eq!(
            rest,
            json!({
                "status_code": 404,
                "headers": {"X-Single": "one", "Set-Cookie": ["a=1", "b=2"]},
                "json_body": {"id": 1},
            })
        );
        // Payload 2.0 sends the cookies apart, and they come back as headers.
        assert_eq!(shown(ResponseShape::HttpApi), rest);
        // An ALB adds its status line; its multi-value headers keep every
        // value (in another order, which an object's equality ignores).
        let alb = shown(ResponseShape::Alb {
            multi_value_headers: true,
        });
        assert_eq!(alb["status_description"], "404 Not Found");
        assert_eq!(alb["headers"], rest["headers"]);
        assert_eq!(alb["json_body"], rest["json_body"]);
    }

    #[test]
    #[should_panic(expected = "the response cannot be sent")]
    fn a_response_that_cannot_be_sent_is_reported() {
        Response::new("text")
            .with_header("Content-Type", "image/png")
            .to_snapshot();
    }

    #[test]
    fn handler_results_show_the_ok_value_or_the_error_message() {
        #[derive(Serialize)]
        struct Summary {
            count: usize,
            #[serde(rename = "awsRequestId")]
            request: &'static str,
        }
        let summary = Summary {
            count: 2,
            request: "1-2-3",
        };
        let redacted = json!({"count": 2, "awsRequestId": "[request-id]"});
        assert_eq!((&summary).to_snapshot(), redacted);
        let ok: Result<Summary, String> = Ok(summary);
        assert_eq!(ok.as_ref().to_snapshot(), redacted);
        let err: Result<Value, &str> = Err("boom");
        assert_eq!(err.to_snapshot(), json!({"Err": "boom"}));
        // An error never reads as a value that is a string.
        let text: Result<Value, &str> = Ok(json!("boom"));
        assert_ne!(text.to_snapshot(), json!({"Err": "boom"}));
        assert_eq!(().to_snapshot(), Value::Null);
        let mut failures = chalice_events::BatchItemFailures::default();
        failures.fail("m-2");
        assert_eq!(
            failures.to_snapshot(),
            json!({"batchItemFailures": [{"itemIdentifier": "m-2"}]})
        );
    }
}
