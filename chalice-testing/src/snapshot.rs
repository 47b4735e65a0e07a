//! Snapshot helpers: responses and events as pretty JSON with the values
//! that change on every run (request ids, timestamps, dates) redacted.
//!
//! The plain functions [`redact_response`] and [`redact_event`] do the work;
//! the macros [`assert_response_snapshot!`](crate::assert_response_snapshot)
//! and [`assert_event_snapshot!`](crate::assert_event_snapshot) hand their
//! result to `insta::assert_json_snapshot!`, so every insta workflow
//! (`cargo insta review`, `INSTA_UPDATE`, inline snapshots) applies.
//!
//! # What is redacted
//!
//! Any object key in [`VOLATILE_FIELDS`], at any depth, compared without
//! case, has its value replaced by a placeholder naming what was there; the
//! same goes for response headers of those names. Nothing else changes, so a
//! snapshot still shows every field that is there.

use base64::Engine as _;
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
    let mut headers: Map<String, Value> = Map::new();
    for (name, value) in &response.headers {
        let value = match placeholder(name) {
            Some(p) => Value::String(p.to_string()),
            None => Value::String(value.clone()),
        };
        match headers.get_mut(name) {
            Some(Value::Array(values)) => values.push(value),
            Some(first) => {
                let first = first.take();
                headers.insert(name.clone(), Value::Array(vec![first, value]));
            }
            None => {
                headers.insert(name.clone(), value);
            }
        }
    }
    let mut out = Map::new();
    out.insert("status_code".into(), Value::from(response.status_code));
    out.insert("headers".into(), Value::Object(headers));
    match (response.json_body(), response.text()) {
        (Some(json), _) => out.insert("json_body".into(), redact_event(&json)),
        (None, Some(text)) => out.insert("body".into(), Value::String(text.to_string())),
        (None, None) => out.insert(
            "base64_body".into(),
            Value::String(base64::engine::general_purpose::STANDARD.encode(&response.body)),
        ),
    };
    Value::Object(out)
}

/// What [`assert_response_snapshot!`](crate::assert_response_snapshot)
/// accepts: a response, or a request it sends first (blocking, so that the
/// macro works the same in sync and async tests).
pub trait ResponseSnapshot {
    /// The redacted JSON to snapshot.
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

#[cfg(feature = "client")]
impl ResponseSnapshot for chalice_app::HttpResponse {
    fn to_snapshot(self) -> Value {
        redact_response(&TestResponse::from(self))
    }
}

#[cfg(feature = "client")]
impl ResponseSnapshot for &chalice_app::HttpResponse {
    fn to_snapshot(self) -> Value {
        redact_response(&TestResponse::from(self.clone()))
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
pub trait EventSnapshot {
    /// The redacted JSON to snapshot.
    fn to_snapshot(self) -> Value;
}

impl<T: crate::IntoPayload> EventSnapshot for T {
    fn to_snapshot(self) -> Value {
        redact_event(&self.into_payload())
    }
}

/// Snapshots a response (or a request, sent first) as pretty JSON with
/// volatile fields redacted: [`redact_response`] under
/// `insta::assert_json_snapshot!`.
///
/// Takes insta's forms: `assert_response_snapshot!(response)`,
/// `assert_response_snapshot!("name", response)` and the inline
/// `assert_response_snapshot!(response, @r#"..."#)`.
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
#[macro_export]
macro_rules! assert_response_snapshot {
    ($response:expr, @$snapshot:literal $(,)?) => {
        $crate::__private::insta::assert_json_snapshot!(
            $crate::snapshot::ResponseSnapshot::to_snapshot($response),
            @$snapshot
        )
    };
    ($name:expr, $response:expr $(,)?) => {
        $crate::__private::insta::assert_json_snapshot!(
            $name,
            $crate::snapshot::ResponseSnapshot::to_snapshot($response),
            stringify!($response)
        )
    };
    ($response:expr $(,)?) => {
        $crate::__private::insta::assert_json_snapshot!(
            None::<&str>,
            $crate::snapshot::ResponseSnapshot::to_snapshot($response),
            stringify!($response)
        )
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
    ($event:expr, @$snapshot:literal $(,)?) => {
        $crate::__private::insta::assert_json_snapshot!(
            $crate::snapshot::EventSnapshot::to_snapshot($event),
            @$snapshot
        )
    };
    ($name:expr, $event:expr $(,)?) => {
        $crate::__private::insta::assert_json_snapshot!(
            $name,
            $crate::snapshot::EventSnapshot::to_snapshot($event),
            stringify!($event)
        )
    };
    ($event:expr $(,)?) => {
        $crate::__private::insta::assert_json_snapshot!(
            None::<&str>,
            $crate::snapshot::EventSnapshot::to_snapshot($event),
            stringify!($event)
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
