//! HTTP events: API Gateway REST and HTTP API, function URLs, ALB.

use super::*;

pub(super) const HEADER_NAMES: &[&str] = &[
    "Content-Type",
    "content-type",
    "Accept",
    "X-Custom",
    "x-custom",
    "User-Agent",
    "Authorization",
    "Cookie",
    "X-Forwarded-For",
    "Origin",
];

pub(super) const HEADER_VALUES: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "image/png",
    "*/*",
    "",
    "allow",
];

pub(super) fn header_name() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => select(HEADER_NAMES).prop_map(str::to_string),
        1 => re("[A-Za-z][A-Za-z0-9-]{0,15}"),
    ]
}

/// Header values as clients send them: printable ASCII, sometimes a little
/// UTF-8.
pub(super) fn header_value() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => select(HEADER_VALUES).prop_map(str::to_string),
        2 => re("[ -~]{0,24}"),
        1 => re("[ -~é✓日]{0,12}"),
    ]
}

/// A query key from a small pool, so that repeated keys are common.
pub(super) fn query_key() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => select(&["a", "b", "q", "page", "limit", "filter"][..]).prop_map(str::to_string),
        1 => text(8),
    ]
}

pub(super) fn query_value() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        1 => Just(String::new()),
        2 => word(),
        2 => text(12),
    ]
}

/// A body: none, text (or JSON), or bytes.
#[derive(Debug, Clone)]
pub(super) enum BodyPart {
    None,
    Text(String),
    Binary(Vec<u8>),
}

pub(super) fn body_part(max: usize) -> impl Strategy<Value = BodyPart> + Clone {
    prop_oneof![
        3 => Just(BodyPart::None),
        3 => body_text(max).prop_map(BodyPart::Text),
        1 => proptest::collection::vec(any::<u8>(), 0..=max).prop_map(BodyPart::Binary),
    ]
}

/// A route template: `(template, capture names)`, e.g. `("/users/{id}", ["id"])`.
pub(super) fn route_template() -> impl Strategy<Value = String> + Clone {
    proptest::collection::vec(
        prop_oneof![3 => word(), 1 => re("[a-z_]{1,8}").prop_map(|name| format!("{{{name}}}"))],
        0..4,
    )
    .prop_map(|segments| format!("/{}", segments.join("/")))
}

/// The capture names of a template, in order.
pub(super) fn captures(template: &str) -> Vec<String> {
    template
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|s| s.trim_end_matches('+').to_string())
        .collect()
}

/// A template from `templates`, or a random one when the list is empty.
pub(super) fn template_from(templates: Vec<String>) -> BoxedStrategy<String> {
    if templates.is_empty() {
        route_template().boxed()
    } else {
        select(templates).boxed()
    }
}

#[derive(Debug, Clone)]
pub(super) struct RestParts {
    method: &'static str,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    params: Vec<String>,
    body: BodyPart,
    stage_vars: Vec<(String, String)>,
    stage: String,
    request_id: String,
    source_ip: [u8; 4],
    null_empty_maps: bool,
    extras: Vec<(String, Value)>,
}

pub(super) fn rest_parts() -> impl Strategy<Value = RestParts> {
    (
        (
            select(METHODS),
            proptest::collection::vec((header_name(), header_value()), 0..6),
            proptest::collection::vec((query_key(), query_value()), 0..5),
            proptest::collection::vec(re("[^/]{0,12}"), 4),
            body_part(Sizes::default().max_text),
        ),
        (
            proptest::collection::vec((word(), word()), 0..2),
            prop_oneof![Just("api".to_string()), word()],
            uuid(),
            any::<[u8; 4]>(),
            any::<bool>(),
            extras(),
        ),
    )
        .prop_map(
            |(
                (method, headers, query, params, body),
                (stage_vars, stage, request_id, source_ip, null_empty_maps, extras),
            )| RestParts {
                method,
                headers,
                query,
                params,
                body,
                stage_vars,
                stage,
                request_id,
                source_ip,
                null_empty_maps,
                extras,
            },
        )
}

pub(super) fn rest_event(template: String, parts: RestParts) -> Value {
    let mut builder = Request::builder()
        .method(parts.method)
        .path(template.clone())
        .stage(parts.stage)
        .request_id(parts.request_id)
        .source_ip(
            parts
                .source_ip
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join("."),
        );
    for (name, value) in captures(&template).into_iter().zip(parts.params) {
        builder = builder.uri_param(name, value);
    }
    for (name, value) in &parts.headers {
        builder = builder.header(name.clone(), value.clone());
    }
    for (key, value) in parts.query {
        builder = builder.query(key, value);
    }
    for (name, value) in parts.stage_vars {
        builder = builder.stage_var(name, value);
    }
    builder = match parts.body {
        BodyPart::None => builder,
        BodyPart::Text(text) => builder.body(text),
        BodyPart::Binary(bytes) => builder.base64_body(bytes),
    };
    let mut event = builder.build().into_original_event();
    if let Some(top) = top_mut(&mut event) {
        // API Gateway sends `null`, not `{}`, for a request without headers
        // (console tests, some internal callers).
        if parts.headers.is_empty() && parts.null_empty_maps {
            top.insert("headers".into(), Value::Null);
            top.insert("multiValueHeaders".into(), Value::Null);
        }
        add_extras(top, parts.extras);
    }
    event
}

/// The JSON of an API Gateway REST proxy event (payload 1.0) for a random
/// route: any method; path parameters holding any text but `/`; no, one,
/// repeated and differently-cased headers; empty, blank and repeated query
/// parameters; `null` maps where API Gateway sends `null`; text, JSON and
/// base64 bodies.
pub fn rest_event_json() -> impl Strategy<Value = Value> {
    (route_template(), rest_parts()).prop_map(|(template, parts)| rest_event(template, parts))
}

/// [`rest_event_json`] for one of `templates`, e.g. an app's routes
/// (`app.routes().iter().map(|r| r.path.clone())`), so that the events reach
/// its views. An empty list means random routes.
pub fn rest_event_json_for<I, S>(templates: I) -> impl Strategy<Value = Value>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let templates: Vec<String> = templates.into_iter().map(Into::into).collect();
    (template_from(templates), rest_parts())
        .prop_map(|(template, parts)| rest_event(template, parts))
}

/// A [`Request`] read from [`rest_event_json`].
pub fn rest_request() -> impl Strategy<Value = Request> {
    rest_event_json().prop_map(parse_request)
}

/// A [`Request`] read from [`rest_event_json_for`].
pub fn rest_request_for<I, S>(templates: I) -> impl Strategy<Value = Request>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    rest_event_json_for(templates).prop_map(parse_request)
}

/// `(path, query pairs, headers, body, method)`, shared by the payload 2.0
/// and ALB shapes.
type HttpParts = (
    String,
    Vec<(String, String)>,
    Vec<(String, String)>,
    BodyPart,
    &'static str,
);

pub(super) fn http_parts() -> impl Strategy<Value = HttpParts> {
    (
        proptest::collection::vec(re("[A-Za-z0-9._~-]{1,10}"), 0..4)
            .prop_map(|segments| format!("/{}", segments.join("/"))),
        proptest::collection::vec((re("[a-z]{1,6}"), re("[A-Za-z0-9._~-]{0,8}")), 0..4),
        proptest::collection::vec((re("[a-z][a-z0-9-]{0,12}"), header_value()), 0..5),
        body_part(Sizes::default().max_text),
        select(METHODS),
    )
}

pub(super) fn body_fields(body: BodyPart) -> (Value, bool) {
    match body {
        BodyPart::None => (Value::Null, false),
        BodyPart::Text(text) => (Value::String(text), false),
        BodyPart::Binary(bytes) => (Value::String(base64(&bytes)), true),
    }
}

/// An HTTP API (or function URL) payload 2.0 event.
pub(super) fn v2_event(function_url: bool, parts: HttpParts, request_id: String) -> Value {
    let (path, query, headers, body, method) = parts;
    let raw_query = query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut single_query: Map<String, Value> = Map::new();
    for (k, v) in &query {
        let joined = match single_query.get(k).and_then(Value::as_str) {
            Some(before) => format!("{before},{v}"),
            None => v.clone(),
        };
        single_query.insert(k.clone(), Value::String(joined));
    }
    let header_map: Map<String, Value> = headers
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let domain = if function_url {
        "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-west-2.on.aws"
    } else {
        "id.execute-api.us-west-2.amazonaws.com"
    };
    let (body, is_base64) = body_fields(body);
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": raw_query,
        "headers": header_map,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "id",
            "domainName": domain,
            "domainPrefix": "id",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.1",
                "userAgent": "agent"
            },
            "requestId": request_id,
            "routeKey": "$default",
            "stage": "$default",
            "time": "12/Mar/2020:19:03:58 +0000",
            "timeEpoch": 1583348638390_u64
        },
        "isBase64Encoded": is_base64
    });
    if let Some(top) = top_mut(&mut event) {
        // Payload 2.0 leaves out what is empty.
        if !single_query.is_empty() {
            top.insert("queryStringParameters".into(), Value::Object(single_query));
        }
        if !body.is_null() {
            top.insert("body".into(), body);
        }
    }
    event
}

/// An ALB target event, with or without multi-value headers.
pub(super) fn alb_event(multi_value: bool, parts: HttpParts) -> Value {
    let (path, query, headers, body, method) = parts;
    let (body, is_base64) = body_fields(body);
    let mut event = json!({
        "requestContext": {
            "elb": {
                "targetGroupArn": "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/lambda-279XGJDqGZ5rsrHC2Fjr/49e9d65c45c6791a"
            }
        },
        "httpMethod": method,
        "path": path,
        "body": if body.is_null() { Value::String(String::new()) } else { body },
        "isBase64Encoded": is_base64
    });
    if let Some(top) = top_mut(&mut event) {
        if multi_value {
            let mut q: Map<String, Value> = Map::new();
            for (k, v) in query {
                push_multi(&mut q, k, v);
            }
            let mut h: Map<String, Value> = Map::new();
            for (k, v) in headers {
                push_multi(&mut h, k, v);
            }
            top.insert("multiValueQueryStringParameters".into(), Value::Object(q));
            top.insert("multiValueHeaders".into(), Value::Object(h));
        } else {
            let q: Map<String, Value> = query
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            let h: Map<String, Value> = headers
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            top.insert("queryStringParameters".into(), Value::Object(q));
            top.insert("headers".into(), Value::Object(h));
        }
    }
    event
}

pub(super) fn push_multi(map: &mut Map<String, Value>, key: String, value: String) {
    match map.get_mut(&key) {
        Some(Value::Array(values)) => values.push(Value::String(value)),
        _ => {
            map.insert(key, json!([value]));
        }
    }
}

/// The JSON of an HTTP event of any of the four shapes a [`Request`] reads:
/// REST proxy (half the cases), HTTP API 2.0, function URL, ALB (with or
/// without multi-value headers).
pub fn http_event_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => rest_event_json().boxed(),
        1 => (http_parts(), uuid()).prop_map(|(parts, id)| v2_event(false, parts, id)).boxed(),
        1 => (http_parts(), uuid()).prop_map(|(parts, id)| v2_event(true, parts, id)).boxed(),
        1 => (http_parts(), any::<bool>()).prop_map(|(parts, multi)| alb_event(multi, parts)).boxed(),
    ]
}

/// A [`Request`] read from [`http_event_json`].
pub fn http_event() -> impl Strategy<Value = Request> {
    http_event_json().prop_map(parse_request)
}
