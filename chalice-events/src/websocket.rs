//! API Gateway WebSocket route events: [`WebsocketEvent`], which the
//! `on_ws_connect`, `on_ws_message` and `on_ws_disconnect` handlers receive.
//!
//! # What is refused
//!
//! An event is refused only without what a handler needs to answer the
//! client: a `requestContext` object with `domainName`, `stage` and
//! `connectionId` as strings (the connection is reached through
//! `https://{domainName}/{stage}/@connections/{connectionId}`). Everything
//! else is accepted, kept as it came, and read by its accessor:
//!
//! | the event has | the accessor gives |
//! |---|---|
//! | no `body` (connections, disconnections) or `"body": null` | [`body`](WebsocketEvent::body): `None`; [`json_body`](WebsocketEvent::json_body): [`Error::JsonBody`] |
//! | a `body` that is not a string (`{"action": "say"}`) | [`body`](WebsocketEvent::body): `None`; [`json_body`](WebsocketEvent::json_body): [`Error::JsonBody`] naming its type |
//! | no `routeKey`, `eventType` or `apiId`, `null`, or not a string | [`route_key`](WebsocketEvent::route_key), [`event_type`](WebsocketEvent::event_type), [`api_id`](WebsocketEvent::api_id): `""` |
//! | `headers`, `queryStringParameters`, `identity`, `authorizer` ... of any shape | nothing reads them; [`request_context`](WebsocketEvent::request_context) and `to_dict()` give them as they came |

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use crate::drift::{Known, STRINGS};
use crate::event::raw_event;
use crate::raw::{self, Cx, Fields, Raw, Scanner, Stop, Text};
use crate::wire;
use crate::{Error, LambdaContext};

/// A WebSocket event from API Gateway: a client connecting, sending a message
/// or disconnecting.
///
/// ```
/// use chalice_events::{websocket::WebsocketEvent, Event};
///
/// let event = WebsocketEvent::builder().route_key("$default").body(r#"{"n": 1}"#).build();
/// assert_eq!(event.event_type(), "MESSAGE");
/// assert_eq!(event.json_body()?["n"], 1);
///
/// let connect = WebsocketEvent::builder().route_key("$connect").build();
/// assert_eq!(connect.body(), None);
/// # Ok::<(), chalice_events::Error>(())
/// ```
#[doc(alias = "WebSocketEvent")]
#[derive(Clone)]
pub struct WebsocketEvent {
    raw: Raw,
    fields: WebsocketFields,
    context: Option<Box<LambdaContext>>,
}

/// The reader of a [`WebsocketEvent`]: what its accessors need is checked,
/// and read from the map.
#[derive(Debug, Clone, Default)]
struct WebsocketFields {
    context: Option<WebsocketContext>,
    body: Option<Text>,
    /// The kind of a `body` that is neither a string nor `null`.
    body_kind: Option<&'static str>,
}

impl Fields for WebsocketFields {
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
    const KNOWN: Known = Known::Object(&[
        (
            "requestContext",
            Known::Object(&[
                ("routeKey", Known::Leaf),
                ("messageId", Known::Leaf),
                ("eventType", Known::Leaf),
                ("extendedRequestId", Known::Leaf),
                ("requestTime", Known::Leaf),
                ("messageDirection", Known::Leaf),
                ("stage", Known::Leaf),
                ("connectedAt", Known::Leaf),
                ("requestTimeEpoch", Known::Leaf),
                ("identity", Known::Leaf),
                ("requestId", Known::Leaf),
                ("domainName", Known::Leaf),
                ("connectionId", Known::Leaf),
                ("apiId", Known::Leaf),
                ("authorizer", Known::Leaf),
                ("disconnectStatusCode", Known::Leaf),
                ("disconnectReason", Known::Leaf),
            ]),
        ),
        ("body", Known::Leaf),
        ("isBase64Encoded", Known::Leaf),
        ("headers", STRINGS),
        ("multiValueHeaders", STRINGS),
        ("queryStringParameters", STRINGS),
        ("multiValueQueryStringParameters", STRINGS),
        ("stageVariables", STRINGS),
    ]);

    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "requestContext" => self.context = Some(cx.object(r)?),
            // CONNECT and DISCONNECT events carry no body, or an explicit null.
            "body" => {
                (self.body, self.body_kind) = match cx.any_kind(r)? {
                    raw::Got::Str(s) => (Some(cx.text(s)), None),
                    raw::Got::Null => (None, None),
                    other => (None, Some(other.kind())),
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([("requestContext", self.context.is_some())])
    }
}

/// `requestContext` of a [`WebsocketEvent`]: the fields its accessors read.
#[derive(Debug, Clone, Default)]
struct WebsocketContext {
    read: [Option<Text>; 6],
}

/// How many of [`CONTEXT_FIELDS`], from the first, are required strings.
const REQUIRED: usize = 3;

const CONTEXT_FIELDS: [&str; 6] = [
    "domainName",
    "stage",
    "connectionId",
    "routeKey",
    "eventType",
    "apiId",
];

impl Fields for WebsocketContext {
    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        let Some(i) = CONTEXT_FIELDS.iter().position(|k| *k == key) else {
            return Ok(false);
        };
        self.read[i] = match i < REQUIRED {
            true => Some(cx.str(r)?),
            false => cx.any_str(r)?,
        };
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        let absent = CONTEXT_FIELDS
            .iter()
            .zip(&self.read)
            .take(REQUIRED)
            .find(|(_, read)| read.is_none());
        absent.map(|(key, _)| *key)
    }
}

impl WebsocketEvent {
    /// A builder for a fake WebSocket event, in the shape API Gateway sends.
    pub fn builder() -> WebsocketEventBuilder {
        WebsocketEventBuilder::default()
    }

    /// Domain name of the API, e.g. `"abcd1234.execute-api.us-west-2.amazonaws.com"`
    /// (or a custom domain).
    pub fn domain_name(&self) -> &str {
        self.context_str(0)
    }

    /// Stage of the API, e.g. `"api"`.
    pub fn stage(&self) -> &str {
        self.context_str(1)
    }

    /// Id of the client's connection, what messages are sent to, e.g.
    /// `"ZtHaGc1vPHcCJLg="`.
    pub fn connection_id(&self) -> &str {
        self.context_str(2)
    }

    /// The route that matched: `"$connect"`, `"$disconnect"`, `"$default"` or
    /// a custom route key such as `"sendMessage"`; `""` when the event has
    /// none (or not as a string).
    pub fn route_key(&self) -> &str {
        self.context_str(3)
    }

    /// `"CONNECT"`, `"MESSAGE"` or `"DISCONNECT"`; `""` when the event has
    /// none (or not as a string).
    pub fn event_type(&self) -> &str {
        self.context_str(4)
    }

    /// Id of the API, e.g. `"abcd1234"`; what the management endpoint is built
    /// from. `""` when the event has none (or not as a string).
    pub fn api_id(&self) -> &str {
        self.context_str(5)
    }

    /// The message the client sent, e.g. `"{\"action\": \"say\"}"`; `None` when
    /// there is none (connections and disconnections), or when `body` is not
    /// a string.
    ///
    /// Chalice gives the text `"None"` here when there is no body; that is not
    /// reproduced.
    pub fn body(&self) -> Option<&str> {
        self.fields.body.as_ref().map(|body| body.get(&self.raw))
    }

    /// The body parsed as JSON.
    ///
    /// # Errors
    ///
    /// [`Error::JsonBody`] when there is no body, it is not a string, or it is
    /// not JSON (Chalice raises `BadRequestError('Error Parsing JSON')`).
    pub fn json_body(&self) -> Result<Value, Error> {
        self.json_body_as()
    }

    /// The body parsed as JSON into `T`.
    ///
    /// # Errors
    ///
    /// [`Error::JsonBody`] when there is no body, it is not a string, or it
    /// is not JSON of that shape.
    pub fn json_body_as<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let body = self.body().ok_or_else(|| Error::JsonBody {
            reason: match self.fields.body_kind {
                Some(kind) => format!("the body is {kind}, not text"),
                None => "the event has no body".to_string(),
            },
        })?;
        wire::parse_json_body(body)
    }

    /// The `requestContext` object, for the fields without an accessor
    /// (`requestId`, `identity`, `connectedAt`, ...).
    pub fn request_context(&self) -> &Map<String, Value> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        match self.raw.as_map().get("requestContext") {
            Some(Value::Object(map)) => map,
            _ => EMPTY.get_or_init(Map::new),
        }
    }

    /// The string of `requestContext` that the reader located, by its
    /// place in [`CONTEXT_FIELDS`].
    fn context_str(&self, i: usize) -> &str {
        let context = self.fields.context.as_ref();
        let text = context.and_then(|c| c.read.get(i)).and_then(Option::as_ref);
        text.map_or("", |t| t.get(&self.raw))
    }
}

raw_event!(WebsocketEvent, WebsocketFields, "WebsocketEvent");

/// Builds a [`WebsocketEvent`] in the shape API Gateway sends: by default a
/// `$default` message without body on API `abcd1234`, stage `api`, region
/// `us-west-2`.
///
/// The event type follows the route key: `$connect` gives `CONNECT` (with the
/// handshake headers), `$disconnect` gives `DISCONNECT` (with a close status),
/// anything else `MESSAGE`. Chalice has no generator for this event.
#[derive(Debug, Clone)]
pub struct WebsocketEventBuilder {
    route_key: String,
    body: Option<String>,
    connection_id: String,
    api_id: String,
    stage: String,
    region: String,
    domain_name: Option<String>,
}

impl Default for WebsocketEventBuilder {
    fn default() -> Self {
        WebsocketEventBuilder {
            route_key: "$default".to_string(),
            body: None,
            connection_id: "ZtHaGc1vPHcCJLg=".to_string(),
            api_id: "abcd1234".to_string(),
            stage: "api".to_string(),
            region: "us-west-2".to_string(),
            domain_name: None,
        }
    }
}

impl WebsocketEventBuilder {
    /// The route: `$connect`, `$default` (the default), `$disconnect` or a
    /// custom route key.
    pub fn route_key(mut self, route_key: impl Into<String>) -> Self {
        self.route_key = route_key.into();
        self
    }

    /// The message the client sent (default: no `body` field).
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Id of the client's connection (default `ZtHaGc1vPHcCJLg=`).
    pub fn connection_id(mut self, connection_id: impl Into<String>) -> Self {
        self.connection_id = connection_id.into();
        self
    }

    /// Id of the API (default `abcd1234`).
    pub fn api_id(mut self, api_id: impl Into<String>) -> Self {
        self.api_id = api_id.into();
        self
    }

    /// Stage of the API (default `api`).
    pub fn stage(mut self, stage: impl Into<String>) -> Self {
        self.stage = stage.into();
        self
    }

    /// Region of the API (default `us-west-2`), used in the domain name.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// A custom domain name instead of
    /// `<api_id>.execute-api.<region>.amazonaws.com`.
    pub fn domain_name(mut self, domain_name: impl Into<String>) -> Self {
        self.domain_name = Some(domain_name.into());
        self
    }

    /// The event.
    pub fn build(self) -> WebsocketEvent {
        let domain = self.domain_name.unwrap_or_else(|| {
            format!("{}.execute-api.{}.amazonaws.com", self.api_id, self.region)
        });
        let event_type = match self.route_key.as_str() {
            "$connect" => "CONNECT",
            "$disconnect" => "DISCONNECT",
            _ => "MESSAGE",
        };

        let mut context = Map::new();
        context.insert("routeKey".into(), json!(self.route_key));
        match event_type {
            "MESSAGE" => {
                context.insert("messageId".into(), json!("ZtHbZd1vPHcCJLg="));
            }
            "DISCONNECT" => {
                context.insert("disconnectStatusCode".into(), json!(1001));
                context.insert("disconnectReason".into(), json!("Going away"));
            }
            _ => {}
        }
        context.insert("eventType".into(), json!(event_type));
        context.insert("extendedRequestId".into(), json!("ZtHbZGvqvHcFvvg="));
        context.insert("requestTime".into(), json!("03/Mar/2020:20:51:34 +0000"));
        context.insert("messageDirection".into(), json!("IN"));
        context.insert("stage".into(), json!(self.stage));
        context.insert("connectedAt".into(), json!(1583268693897u64));
        context.insert("requestTimeEpoch".into(), json!(1583268694151u64));
        context.insert("identity".into(), json!({"sourceIp": "1.2.3.4"}));
        context.insert("requestId".into(), json!("ZtHbZGvqvHcFvvg="));
        context.insert("domainName".into(), json!(domain));
        context.insert("connectionId".into(), json!(self.connection_id));
        context.insert("apiId".into(), json!(self.api_id));

        let mut raw = Map::new();
        // API Gateway forwards the handshake's headers on connection, and a
        // few of its own on disconnection; messages come without headers.
        let headers = match event_type {
            "CONNECT" => Some(vec![
                ("Host", domain.clone()),
                (
                    "Sec-WebSocket-Extensions",
                    "permessage-deflate; client_max_window_bits".into(),
                ),
                ("Sec-WebSocket-Key", "cdxrfyi/jZ7kKMSRkIgBjg==".into()),
                ("Sec-WebSocket-Version", "13".into()),
                ("X-Forwarded-For", "1.2.3.4".into()),
                ("X-Forwarded-Port", "443".into()),
                ("X-Forwarded-Proto", "https".into()),
            ]),
            "DISCONNECT" => Some(vec![
                ("Host", domain.clone()),
                ("x-api-key", String::new()),
                ("X-Forwarded-For", String::new()),
                ("x-restapi", String::new()),
            ]),
            _ => None,
        };
        if let Some(headers) = headers {
            let single: Map<String, Value> = headers
                .iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect();
            let multi: Map<String, Value> = headers
                .iter()
                .map(|(k, v)| (k.to_string(), json!([v])))
                .collect();
            raw.insert("headers".into(), Value::Object(single));
            raw.insert("multiValueHeaders".into(), Value::Object(multi));
        }
        raw.insert("requestContext".into(), Value::Object(context));
        if let Some(body) = self.body {
            raw.insert("body".into(), Value::String(body));
        }
        raw.insert("isBase64Encoded".into(), Value::Bool(false));
        WebsocketEvent::from_map(raw)
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for WebsocketEvent {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let route_key = match u.int_in_range(0..=3u8)? {
            0 => "$connect".to_string(),
            1 => "$disconnect".to_string(),
            2 => "$default".to_string(),
            _ => u.arbitrary()?,
        };
        let mut builder = WebsocketEvent::builder()
            .route_key(route_key)
            .connection_id(u.arbitrary::<String>()?)
            .api_id(u.arbitrary::<String>()?)
            .stage(u.arbitrary::<String>()?);
        if let Some(body) = u.arbitrary::<Option<String>>()? {
            builder = builder.body(body);
        }
        Ok(builder.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_fixtures_round_trip;
    use crate::Event;

    #[test]
    fn every_fixture_parses_and_round_trips() {
        for (name, event) in assert_fixtures_round_trip::<WebsocketEvent>("websocket") {
            // Not checked against the route key: one published sample pairs
            // `$connect` with `MESSAGE`, and the accessors report what came.
            assert!(
                ["CONNECT", "MESSAGE", "DISCONNECT"].contains(&event.event_type()),
                "{name}"
            );
        }
    }

    const MESSAGE: &str = r#"{"requestContext": {"routeKey": "$default", "eventType": "MESSAGE",
        "stage": "api", "requestId": "ws-req-1", "domainName": "wsabcdef1234.execute-api.us-west-2.amazonaws.com",
        "connectionId": "Zxcv1234Conn=", "apiId": "wsabcdef1234", "messageId": null},
        "isBase64Encoded": false, "body": "{\"action\":\"say\",\"text\":\"hi\"}"}"#;

    #[test]
    fn accessors_read_the_request_context() {
        let event = WebsocketEvent::from_str(MESSAGE).unwrap();
        assert_eq!(
            event.domain_name(),
            "wsabcdef1234.execute-api.us-west-2.amazonaws.com"
        );
        assert_eq!(event.stage(), "api");
        assert_eq!(event.connection_id(), "Zxcv1234Conn=");
        assert_eq!(event.route_key(), "$default");
        assert_eq!(event.event_type(), "MESSAGE");
        assert_eq!(event.api_id(), "wsabcdef1234");
        assert_eq!(event.request_context()["requestId"], "ws-req-1");
        assert_eq!(event.body(), Some(r#"{"action":"say","text":"hi"}"#));
        assert_eq!(
            event.json_body().unwrap(),
            json!({"action": "say", "text": "hi"})
        );
        #[derive(serde::Deserialize)]
        struct Say {
            text: String,
        }
        assert_eq!(event.json_body_as::<Say>().unwrap().text, "hi");
        assert_eq!(
            event.to_dict(),
            serde_json::from_str::<Value>(MESSAGE).unwrap()
        );
    }

    #[test]
    fn missing_or_bad_bodies_are_json_body_errors() {
        let mut v: Value = serde_json::from_str(MESSAGE).unwrap();
        v["body"] = Value::Null;
        let event = WebsocketEvent::from_value(v.clone()).unwrap();
        assert_eq!(event.body(), None);
        let err = event.json_body().unwrap_err();
        insta::assert_snapshot!(err, @"Error Parsing JSON: the event has no body");
        assert_eq!(event.to_dict(), v);

        v.as_object_mut().unwrap().shift_remove("body");
        assert_eq!(WebsocketEvent::from_value(v.clone()).unwrap().body(), None);

        v["body"] = json!("{not json");
        let err = WebsocketEvent::from_value(v)
            .unwrap()
            .json_body()
            .unwrap_err();
        assert!(matches!(err, Error::JsonBody { .. }));
    }

    #[test]
    fn builder_makes_each_route_and_parses_back() {
        for (route, event_type) in [
            ("$connect", "CONNECT"),
            ("$default", "MESSAGE"),
            ("$disconnect", "DISCONNECT"),
            ("sendMessage", "MESSAGE"),
        ] {
            let event = WebsocketEvent::builder()
                .route_key(route)
                .connection_id("conn-1")
                .build();
            assert_eq!(event.event_type(), event_type);
            assert_eq!(event.route_key(), route);
            assert_eq!(event.connection_id(), "conn-1");
            assert_eq!(
                event.domain_name(),
                "abcd1234.execute-api.us-west-2.amazonaws.com"
            );
            assert_eq!(event.api_id(), "abcd1234");
            assert_eq!(event.stage(), "api");
            assert_eq!(event.body(), None);
            let again = WebsocketEvent::from_value(event.to_dict()).unwrap();
            assert_eq!(again.to_dict(), event.to_dict());
        }
        let connect = WebsocketEvent::builder()
            .route_key("$connect")
            .build()
            .to_dict();
        assert_eq!(connect["headers"]["Sec-WebSocket-Version"], "13");
        assert_eq!(
            connect["multiValueHeaders"]["Sec-WebSocket-Version"],
            json!(["13"])
        );
        let message = WebsocketEvent::builder()
            .body("hi")
            .api_id("xyz")
            .region("cn-north-1")
            .stage("dev")
            .build();
        assert_eq!(message.body(), Some("hi"));
        assert_eq!(
            message.domain_name(),
            "xyz.execute-api.cn-north-1.amazonaws.com"
        );
        assert_eq!(
            message.to_dict()["requestContext"]["requestId"],
            "ZtHbZGvqvHcFvvg="
        );
        let custom = WebsocketEvent::builder()
            .domain_name("ws.example.com")
            .build();
        assert_eq!(custom.domain_name(), "ws.example.com");
    }

    #[test]
    fn errors_name_the_field() {
        let err = WebsocketEvent::from_str(r#"{"body": "x"}"#).unwrap_err();
        insta::assert_snapshot!(err, @"WebsocketEvent: missing field `requestContext`");
        let mut v = WebsocketEvent::builder().build().to_dict();
        v["requestContext"]["connectionId"] = json!(null);
        let err = WebsocketEvent::from_value(v.clone()).unwrap_err();
        insta::assert_snapshot!(err, @"WebsocketEvent: field `requestContext.connectionId` should be a string, found null");
        v["requestContext"]["connectionId"] = json!("c");
        v["requestContext"]["stage"] = json!(1);
        let err = WebsocketEvent::from_value(v.clone()).unwrap_err();
        insta::assert_snapshot!(err, @"WebsocketEvent: field `requestContext.stage` should be a string, found a number");
        v["requestContext"]
            .as_object_mut()
            .unwrap()
            .shift_remove("stage");
        let err = WebsocketEvent::from_value(v).unwrap_err();
        insta::assert_snapshot!(err, @"WebsocketEvent: missing field `requestContext.stage`");
    }

    /// Each row of the module's "What is refused" table, on raw JSON.
    #[test]
    fn lenient_cases_are_kept_and_read_by_their_accessor() {
        // (fields besides the required ones, (route_key, event_type, api_id), body, json_body's error)
        let table = [
            (
                r#""routeKey": 1, "eventType": null, "apiId": []"#,
                r#""body": {"a": 1}"#,
                None,
                "Error Parsing JSON: the body is an object, not text",
            ),
            (
                "",
                r#""body": 5"#,
                None,
                "Error Parsing JSON: the body is a number, not text",
            ),
            (
                r#""routeKey": {}"#,
                r#""body": null"#,
                None,
                "Error Parsing JSON: the event has no body",
            ),
            (
                "",
                r#""headers": 5, "queryStringParameters": [1], "isBase64Encoded": "no""#,
                None,
                "Error Parsing JSON: the event has no body",
            ),
            (
                r#""identity": null, "authorizer": null, "eventType": "MESSAGE""#,
                r#""body": "{""#,
                Some("{"),
                "Error Parsing JSON: EOF while parsing an object at line 1 column 1",
            ),
        ];
        for (context, top, body, error) in table {
            let separator = if context.is_empty() { "" } else { ", " };
            let text = format!(
                r#"{{"requestContext": {{"domainName": "d", "stage": "s", "connectionId": "c"{separator}{context}}}, {top}}}"#
            );
            let event = WebsocketEvent::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                event.to_dict(),
                serde_json::from_str::<Value>(&text).unwrap()
            );
            assert_eq!(
                (event.domain_name(), event.stage(), event.connection_id()),
                ("d", "s", "c")
            );
            let event_type = if context.contains(r#""MESSAGE""#) {
                "MESSAGE"
            } else {
                ""
            };
            assert_eq!(
                (event.route_key(), event.event_type(), event.api_id()),
                ("", event_type, ""),
                "{text}"
            );
            assert_eq!(event.body(), body, "{text}");
            assert_eq!(event.json_body().unwrap_err().to_string(), error, "{text}");
        }
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_events_round_trip() {
        crate::test_support::assert_arbitrary_round_trip::<WebsocketEvent>(0x1234_5678_9abc_def1);
    }
}
