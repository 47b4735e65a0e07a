//! [`RequestBuilder`]: realistic fake HTTP events of the four kinds.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use super::*;

// The account, region, ids and time every fake event shares, so that built
// events are reproducible.
const ACCOUNT_ID: &str = "123456789012";
const API_ID: &str = "abcdef1234";
const API_DOMAIN: &str = "abcdef1234.execute-api.us-west-2.amazonaws.com";
/// A function URL's id: 32 lower-case letters and digits, as Lambda makes them.
const URL_ID: &str = "a2bmtjdnq6k7ofyvhgwsa4zxsm0ijvxp";
const URL_DOMAIN: &str = "a2bmtjdnq6k7ofyvhgwsa4zxsm0ijvxp.lambda-url.us-west-2.on.aws";
const TARGET_GROUP_ARN: &str =
    "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/chalice-app/6d0ecf831eec9f09";
const REQUEST_TIME: &str = "09/Apr/2015:12:34:56 +0000";
const REQUEST_EPOCH_MS: u64 = 1428582896000;
/// REST APIs and function URLs name a request by a UUID, HTTP APIs by a
/// shorter base64 id.
const UUID_REQUEST_ID: &str = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
const HTTP_API_REQUEST_ID: &str = "JKJaXmPLvHcESHA=";

/// What a client leaves unescaped in a query string, as the builder writes
/// it: RFC 3986's unreserved characters (a space becomes `%20`, so `+` can
/// stay a literal plus once escaped as `%2B`).
const QUERY_UNESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Builds a [`Request`] from a realistic HTTP event of any of the four kinds
/// of [`HttpEventKind`]: the JSON AWS sends for that kind, with fixed ids and
/// times so that built events are reproducible.
///
/// [`Request::builder`] starts an API Gateway REST proxy event (payload 1.0,
/// what Chalice deploys); [`kind`](RequestBuilder::kind) picks another shape.
/// The same calls describe the request whatever the kind, so one test can
/// run over all four; the event carries them where AWS does:
///
/// | call | REST | HTTP API | function URL | ALB |
/// |---|---|---|---|---|
/// | [`method`](RequestBuilder::method) | `httpMethod`, `requestContext.httpMethod` | `requestContext.http.method`, `routeKey` | `requestContext.http.method` | `httpMethod` |
/// | [`path`](RequestBuilder::path) (the template) | `resource`, `requestContext.resourcePath` | `routeKey`: `"GET /items/{id}"` (or [`route_key`](RequestBuilder::route_key)) | not sent (`routeKey` is `$default`) | not sent |
/// | [`raw_path`](RequestBuilder::raw_path) | `path` | `rawPath`, `requestContext.http.path`, after `/{stage}` unless the stage is `$default` | `rawPath`, `requestContext.http.path` | `path` |
/// | [`header`](RequestBuilder::header) | `headers` (last value) and `multiValueHeaders`, names as given | `headers`, names lower-cased, a repeated header's values joined by `,`; a `Cookie` header is split into `cookies` and left out of `headers` | as HTTP API, but `cookie` also stays in `headers` | names lower-cased; `headers` (last value), or `multiValueHeaders` with [`multi_value_headers(true)`](RequestBuilder::multi_value_headers) |
/// | [`query`](RequestBuilder::query) (decoded) | `queryStringParameters` (last value) and `multiValueQueryStringParameters` | `rawQueryString` (percent-encoded), `queryStringParameters` (values joined by `,`) | as HTTP API | percent-encoded, as the client sent them: `queryStringParameters` (last value), or `multiValueQueryStringParameters` with `multi_value_headers(true)` |
/// | [`uri_param`](RequestBuilder::uri_param) | `pathParameters` | `pathParameters` | not sent | not sent |
/// | [`stage_var`](RequestBuilder::stage_var) | `stageVariables` | `stageVariables` | not sent | not sent |
/// | [`stage`](RequestBuilder::stage) | `requestContext.stage` (default `api`), `requestContext.path` | `requestContext.stage` (default `$default`) | always `$default` | not sent |
/// | [`body`](RequestBuilder::body), [`base64_body`](RequestBuilder::base64_body), [`json`](RequestBuilder::json) | `body`, `isBase64Encoded` | the same | the same | the same |
/// | [`source_ip`](RequestBuilder::source_ip) | `requestContext.identity.sourceIp` | `requestContext.http.sourceIp` | the same | not sent |
/// | [`request_id`](RequestBuilder::request_id) | `requestContext.requestId` | the same | the same | not sent |
///
/// What is not given is written the way each kind writes it: REST sends
/// `null` (no query, no body), payload 2.0 leaves the field out, an ALB sends
/// `{}` for no query and `""` for no body.
///
/// ```
/// use chalice_events::request::{HttpEventKind, Request};
///
/// let req = Request::builder().method("GET").path("/items/{id}").uri_param("id", "9").build();
/// let event = req.to_original_event();
/// assert_eq!(event["path"], "/items/9");
/// assert_eq!(event["requestContext"]["resourcePath"], "/items/{id}");
/// assert_eq!(event["multiValueQueryStringParameters"], serde_json::Value::Null);
///
/// let req = Request::builder()
///     .kind(HttpEventKind::HttpApi)
///     .method("POST")
///     .path("/items/{id}")
///     .uri_param("id", "9")
///     .query("q", "red shoes")
///     .header("Cookie", "theme=dark; lang=en")
///     .build();
/// let event = req.to_original_event();
/// assert_eq!(event["routeKey"], "POST /items/{id}");
/// assert_eq!(event["rawPath"], "/items/9");
/// assert_eq!(event["rawQueryString"], "q=red%20shoes");
/// assert_eq!(event["cookies"], serde_json::json!(["theme=dark", "lang=en"]));
/// assert_eq!(req.kind(), HttpEventKind::HttpApi);
/// assert_eq!(req.header("cookie"), Some("theme=dark; lang=en"));
/// ```
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    kind: HttpEventKind,
    method: String,
    path: String,
    raw_path: Option<String>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    uri_params: Vec<(String, String)>,
    stage_vars: Vec<(String, String)>,
    body: Option<String>,
    base64: bool,
    /// `None`: the kind's default stage.
    stage: Option<String>,
    /// `None`: the kind's default id.
    request_id: Option<String>,
    source_ip: String,
    route_key: Option<String>,
    multi_value_headers: bool,
}

impl Default for RequestBuilder {
    fn default() -> Self {
        RequestBuilder {
            kind: HttpEventKind::Rest,
            method: "GET".to_string(),
            path: "/".to_string(),
            raw_path: None,
            headers: Vec::new(),
            query: Vec::new(),
            uri_params: Vec::new(),
            stage_vars: Vec::new(),
            body: None,
            base64: false,
            stage: None,
            request_id: None,
            source_ip: "203.0.113.7".to_string(),
            route_key: None,
            multi_value_headers: false,
        }
    }
}

impl RequestBuilder {
    /// Which of the four HTTP event shapes to build (default
    /// [`Rest`](HttpEventKind::Rest)); see the table on [`RequestBuilder`]
    /// for where each call lands in each shape.
    ///
    /// ```
    /// use chalice_events::request::{HttpEventKind, Request};
    ///
    /// for kind in [HttpEventKind::Rest, HttpEventKind::HttpApi, HttpEventKind::FunctionUrl, HttpEventKind::Alb] {
    ///     let req = Request::builder().kind(kind).method("PUT").raw_path("/a").build();
    ///     assert_eq!((req.kind(), req.method(), req.raw_path()), (kind, "PUT", "/a"));
    /// }
    /// ```
    pub fn kind(mut self, kind: HttpEventKind) -> Self {
        self.kind = kind;
        self
    }

    /// The HTTP method (default `GET`).
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.method = method.into();
        self
    }

    /// The route template, e.g. `/users/{id}` (default `/`); becomes
    /// `resource` and `requestContext.resourcePath` of a REST event and the
    /// path part of an HTTP API's `routeKey`.
    pub fn path(mut self, template: impl Into<String>) -> Self {
        self.path = template.into();
        self
    }

    /// The concrete path, e.g. `/users/7`. By default it is the template with
    /// each `{name}` replaced by the [`uri_param`](RequestBuilder::uri_param) of that name.
    ///
    /// It is written as given: API Gateway REST sends the path decoded, HTTP
    /// APIs, function URLs and ALBs as the client sent it, so give those
    /// kinds an encoded path (`/a%20b`) to fake what a client sends.
    pub fn raw_path(mut self, path: impl Into<String>) -> Self {
        self.raw_path = Some(path.into());
        self
    }

    /// Adds a header. A repeated name adds a value: REST keeps each in
    /// `multiValueHeaders` and the last in `headers`, payload 2.0 joins them
    /// with commas, an ALB keeps the last (or each, with
    /// [`multi_value_headers`](RequestBuilder::multi_value_headers)).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a query string parameter, decoded (`"red shoes"`); the builder
    /// encodes it where the kind carries it encoded.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Adds a path parameter, e.g. `("id", "7")`: REST and HTTP API events
    /// carry it in `pathParameters`; function URL and ALB events have none.
    pub fn uri_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.uri_params.push((name.into(), value.into()));
        self
    }

    /// Adds a stage variable (REST and HTTP API events only).
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

    /// Sets a JSON body: `value` serialized, and a `Content-Type:
    /// application/json` header in place of any `Content-Type` added before.
    ///
    /// The header matters: [`Request::json_body`] reads the body only when
    /// `Content-Type` starts with `application/json`, so a JSON text given
    /// with [`body`](RequestBuilder::body) and no such header silently gives
    /// `Ok(None)`, as in Chalice. A `Content-Type` added after this call
    /// replaces it in `headers` (REST keeps both in `multiValueHeaders`).
    ///
    /// ```
    /// use chalice_events::request::Request;
    /// use serde_json::json;
    ///
    /// let req = Request::builder().method("POST").json(&json!({"name": "Ann"})).build();
    /// assert_eq!(req.header("content-type"), Some("application/json"));
    /// assert_eq!(req.json_body()?, Some(json!({"name": "Ann"})));
    ///
    /// let forgot = Request::builder().method("POST").body(r#"{"name": "Ann"}"#).build();
    /// assert_eq!(forgot.json_body()?, None);
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    ///
    /// # Panics
    ///
    /// When `value` cannot be written as JSON (a map with keys that are not
    /// strings, a `Serialize` implementation that fails): a mistake in the
    /// calling test.
    #[track_caller]
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        let text = match serde_json::to_string(value) {
            Ok(text) => text,
            Err(err) => panic!("the request body cannot be written as JSON: {err}"),
        };
        self.headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
        self.headers
            .push(("Content-Type".to_string(), "application/json".to_string()));
        self.body(text)
    }

    /// The stage name: REST events default to `api` (Chalice's default
    /// stage), HTTP API events to `$default`. An HTTP API stage other than
    /// `$default` is part of the URL, so it prefixes `rawPath` as AWS does
    /// (`/beta/items/9`). Function URLs have only `$default`; ALBs no stage.
    pub fn stage(mut self, stage: impl Into<String>) -> Self {
        self.stage = Some(stage.into());
        self
    }

    /// The request id in `requestContext.requestId` (default
    /// `c6af9ac6-7b61-11e6-9a41-93e8deadbeef`, or `JKJaXmPLvHcESHA=` for an
    /// HTTP API, whose ids have that shape). ALB events carry none.
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// The caller's address (default `203.0.113.7`), in
    /// `requestContext.identity.sourceIp` (REST) or
    /// `requestContext.http.sourceIp` (payload 2.0). ALB events carry none.
    pub fn source_ip(mut self, ip: impl Into<String>) -> Self {
        self.source_ip = ip.into();
        self
    }

    /// The `routeKey` of an HTTP API event, e.g. `"$default"` or
    /// `"ANY /{proxy+}"`, for a route other than `"METHOD template"` (the
    /// default). Other kinds ignore it: a function URL's is always
    /// `$default`.
    pub fn route_key(mut self, key: impl Into<String>) -> Self {
        self.route_key = Some(key.into());
        self
    }

    /// Whether the ALB target group has multi-value headers on (default
    /// `false`): on, the event carries `multiValueHeaders` and
    /// `multiValueQueryStringParameters` with every value; off, `headers`
    /// and `queryStringParameters` with the last value of each name. A
    /// target group sends one pair or the other, never both. Other kinds
    /// ignore it.
    pub fn multi_value_headers(mut self, enabled: bool) -> Self {
        self.multi_value_headers = enabled;
        self
    }

    /// The request.
    pub fn build(self) -> Request {
        let raw_path = match &self.raw_path {
            Some(p) => p.clone(),
            None => fill_template(&self.path, &self.uri_params),
        };
        let event = self.event(&raw_path);
        let text = raw::value_text(&event);
        // Every string a builder takes is valid where it puts it, so the
        // reader accepts the event (the tests read builders' events back);
        // the fallback keeps `build` free of a panic path, with the event
        // (made again, rather than copied for a case that does not happen)
        // kept and its fields read as absent.
        Request::read(text, Some(event)).unwrap_or_else(|_| {
            let event = self.event(&raw_path);
            let event = TextEvent::new(raw::value_text(&event), Fast::default(), Some(event));
            Request::new(event, self.kind)
        })
    }

    /// The event of the builder's kind.
    fn event(&self, raw_path: &str) -> Value {
        match self.kind {
            HttpEventKind::Rest => self.rest_event(raw_path),
            HttpEventKind::HttpApi | HttpEventKind::FunctionUrl => self.v2_event(raw_path),
            HttpEventKind::Alb => self.alb_event(raw_path),
        }
    }

    /// An API Gateway REST proxy event (payload 1.0).
    fn rest_event(&self, raw_path: &str) -> Value {
        let stage = self.stage.as_deref().unwrap_or("api");
        let (headers, multi_headers) = single_and_multi(&self.headers);
        let (query, multi_query) = if self.query.is_empty() {
            (Value::Null, Value::Null)
        } else {
            let (single, multi) = single_and_multi(&self.query);
            (Value::Object(single), Value::Object(multi))
        };
        let user_agent = self
            .headers
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
            .map_or(Value::Null, |(_, v)| Value::String(v.clone()));
        json!({
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
                "requestTime": REQUEST_TIME,
                "path": format!("/{stage}{raw_path}"),
                "accountId": ACCOUNT_ID,
                "protocol": "HTTP/1.1",
                "stage": stage,
                "domainPrefix": API_ID,
                "requestTimeEpoch": REQUEST_EPOCH_MS,
                "requestId": self.request_id.as_deref().unwrap_or(UUID_REQUEST_ID),
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
                "domainName": API_DOMAIN,
                "apiId": API_ID
            },
            "body": self.body,
            "isBase64Encoded": self.base64
        })
    }

    /// An HTTP API or function URL event (payload 2.0), keys in the order of
    /// AWS's samples (http-api-develop-integrations-lambda.html, urls-invocation.html).
    fn v2_event(&self, raw_path: &str) -> Value {
        let url = self.kind == HttpEventKind::FunctionUrl;
        let stage = match &self.stage {
            Some(stage) if !url => stage.as_str(),
            _ => "$default",
        };
        let route_key = match &self.route_key {
            _ if url => "$default".to_string(),
            Some(key) => key.clone(),
            None => format!("{} {}", self.method, self.path),
        };
        // A named stage is the first segment of the URL the client asked
        // for, and HTTP APIs pass that URL on (see the `*-with-stage`
        // fixtures); `$default` is served at the root.
        let path = if stage == "$default" {
            raw_path.to_string()
        } else {
            format!("/{stage}{raw_path}")
        };
        // Function URLs keep the `Cookie` header beside the `cookies` list
        // (the aws-lambda-go fixture `function-url-request-with-headers-and-
        // cookies-and-text-body` is a captured request); HTTP APIs move it.
        let (headers, cookies) = v2_headers(&self.headers, url);
        let user_agent = headers
            .get("user-agent")
            .cloned()
            .unwrap_or_else(|| Value::String(String::new()));
        let (api_id, domain) = if url {
            (URL_ID, URL_DOMAIN)
        } else {
            (API_ID, API_DOMAIN)
        };
        let default_id = if url {
            UUID_REQUEST_ID
        } else {
            HTTP_API_REQUEST_ID
        };
        let mut event = Map::new();
        let mut put = |key: &str, value: Value| {
            event.insert(key.to_string(), value);
        };
        put("version", json!("2.0"));
        put("routeKey", json!(route_key));
        put("rawPath", json!(path));
        put("rawQueryString", json!(query_string(&self.query)));
        if !cookies.is_empty() {
            put("cookies", Value::Array(cookies));
        }
        put("headers", Value::Object(headers));
        if !self.query.is_empty() {
            put(
                "queryStringParameters",
                Value::Object(comma_joined(&self.query)),
            );
        }
        put(
            "requestContext",
            json!({
                "accountId": ACCOUNT_ID,
                "apiId": api_id,
                "domainName": domain,
                "domainPrefix": api_id,
                "http": {
                    "method": self.method,
                    "path": path,
                    "protocol": "HTTP/1.1",
                    "sourceIp": self.source_ip,
                    "userAgent": user_agent
                },
                "requestId": self.request_id.as_deref().unwrap_or(default_id),
                "routeKey": route_key,
                "stage": stage,
                "time": REQUEST_TIME,
                "timeEpoch": REQUEST_EPOCH_MS
            }),
        );
        if let Some(body) = &self.body {
            put("body", json!(body));
        }
        if !url && !self.uri_params.is_empty() {
            put("pathParameters", string_map(&self.uri_params));
        }
        put("isBase64Encoded", json!(self.base64));
        if !url && !self.stage_vars.is_empty() {
            put("stageVariables", string_map(&self.stage_vars));
        }
        Value::Object(event)
    }

    /// An ALB target event, in the one header mode of the target group.
    fn alb_event(&self, raw_path: &str) -> Value {
        let headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
            .collect();
        // The load balancer passes the query as the client sent it,
        // encoded; the reader decodes it.
        let query: Vec<(String, String)> = self
            .query
            .iter()
            .map(|(key, value)| (encode_query_part(key), encode_query_part(value)))
            .collect();
        let (single_headers, multi_headers) = single_and_multi(&headers);
        let (single_query, multi_query) = single_and_multi(&query);
        let (query_key, query, headers_key, headers) = if self.multi_value_headers {
            (
                "multiValueQueryStringParameters",
                multi_query,
                "multiValueHeaders",
                multi_headers,
            )
        } else {
            (
                "queryStringParameters",
                single_query,
                "headers",
                single_headers,
            )
        };
        let mut event = Map::new();
        event.insert(
            "requestContext".to_string(),
            json!({"elb": {"targetGroupArn": TARGET_GROUP_ARN}}),
        );
        event.insert("httpMethod".to_string(), json!(self.method));
        event.insert("path".to_string(), json!(raw_path));
        event.insert(query_key.to_string(), Value::Object(query));
        event.insert(headers_key.to_string(), Value::Object(headers));
        // An ALB sends `""`, not `null`, for a request without a body.
        event.insert(
            "body".to_string(),
            json!(self.body.as_deref().unwrap_or("")),
        );
        event.insert("isBase64Encoded".to_string(), json!(self.base64));
        Value::Object(event)
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

/// `{"k": "v1,v2"}` from ordered pairs: payload 2.0's single map, where a
/// repeated key's values are joined by commas.
fn comma_joined(pairs: &[(String, String)]) -> Map<String, Value> {
    let mut joined = Map::new();
    for (key, value) in pairs {
        match joined.get_mut(key) {
            Some(Value::String(text)) => {
                text.push(',');
                text.push_str(value);
            }
            _ => {
                joined.insert(key.clone(), Value::String(value.clone()));
            }
        }
    }
    joined
}

/// Payload 2.0 headers (names lower-cased, a repeated header's values joined
/// by commas) and the `cookies` list split from the `Cookie` headers; the
/// `cookie` header itself is kept when `keep_cookie_header`.
fn v2_headers(
    pairs: &[(String, String)],
    keep_cookie_header: bool,
) -> (Map<String, Value>, Vec<Value>) {
    let mut cookies = Vec::new();
    let mut kept = Vec::new();
    for (name, value) in pairs {
        let name = name.to_ascii_lowercase();
        if name == "cookie" {
            let each = value.split(';').map(str::trim).filter(|c| !c.is_empty());
            cookies.extend(each.map(|c| Value::String(c.to_string())));
            if !keep_cookie_header {
                continue;
            }
        }
        kept.push((name, value.clone()));
    }
    let mut headers = comma_joined(&kept);
    // Two `Cookie` headers joined by a comma would read as one cookie
    // whose value holds the comma; `; ` keeps them apart, as RFC 6265 §5.4
    // joins cookies.
    if let Some(Value::String(cookie)) = headers.get_mut("cookie") {
        let parts: Vec<&str> = kept
            .iter()
            .filter(|(name, _)| name == "cookie")
            .map(|(_, value)| value.as_str())
            .collect();
        *cookie = parts.join("; ");
    }
    (headers, cookies)
}

/// `a=1&b=x%20y` from ordered decoded pairs.
fn query_string(pairs: &[(String, String)]) -> String {
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{}={}", encode_query_part(key), encode_query_part(value)))
        .collect();
    encoded.join("&")
}

fn encode_query_part(text: &str) -> String {
    utf8_percent_encode(text, QUERY_UNESCAPED).to_string()
}

/// `{"k": "v"}` from ordered pairs (a repeated name keeps its last value), or
/// `null` when there are none, as REST events write their parameter maps.
fn string_map(pairs: &[(String, String)]) -> Value {
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

    const KINDS: [HttpEventKind; 4] = [
        HttpEventKind::Rest,
        HttpEventKind::HttpApi,
        HttpEventKind::FunctionUrl,
        HttpEventKind::Alb,
    ];

    /// One request described the same way for every kind.
    fn sample(kind: HttpEventKind) -> RequestBuilder {
        Request::builder()
            .kind(kind)
            .method("POST")
            .path("/items/{id}")
            .uri_param("id", "9")
            .header("X-Trace", "t1")
            .header("Accept", "text/plain")
            .query("a", "1")
            .query("a", "2")
            .query("q", "red shoes & 100% + more")
            .body("hello")
    }

    #[test]
    fn every_kind_reads_back_what_it_was_given() {
        // (kind, ALB multi-value mode, every value of `a` the reader sees,
        // the route the event names: template, `uri_param("id")`, route key)
        type Route = (
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
        );
        let named: Route = (Some("/items/{id}"), Some("9"), None);
        let table: [(HttpEventKind, bool, &[&str], Route); 5] = [
            (HttpEventKind::Rest, false, &["1", "2"], named),
            (
                HttpEventKind::HttpApi,
                false,
                &["1", "2"],
                (named.0, named.1, Some("POST /items/{id}")),
            ),
            // Function URLs and ALBs name no route: the app matches the path.
            (
                HttpEventKind::FunctionUrl,
                false,
                &["1", "2"],
                (None, None, Some("$default")),
            ),
            // A target group without multi-value headers passes the last value.
            (HttpEventKind::Alb, false, &["2"], (None, None, None)),
            (HttpEventKind::Alb, true, &["1", "2"], (None, None, None)),
        ];
        for (kind, multi, all_a, (template, id, route_key)) in table {
            let built = sample(kind).multi_value_headers(multi).build();
            let text = built.to_json().to_string();
            for request in [
                Request::from_value(built.to_original_event().clone()).unwrap(),
                Request::from_str(&text).unwrap(),
            ] {
                let case = format!("{kind:?} multi={multi}");
                assert_eq!(request.kind(), kind, "{case}");
                assert_eq!(request.method(), "POST", "{case}");
                assert_eq!(request.raw_path(), "/items/9", "{case}");
                assert_eq!(request.resource_path(), template, "{case}");
                assert_eq!(request.uri_param("id"), id, "{case}");
                assert_eq!(request.route_key(), route_key, "{case}");
                assert_eq!(request.header("x-trace"), Some("t1"), "{case}");
                assert_eq!(
                    request.headers().get("ACCEPT"),
                    Some("text/plain"),
                    "{case}"
                );
                let query = request.query_params().unwrap();
                assert_eq!(query.get_all("a"), all_a, "{case}");
                assert_eq!(query.get("q"), Some("red shoes & 100% + more"), "{case}");
                assert_eq!(request.body(), Some("hello"), "{case}");
                assert_eq!(request.raw_body().unwrap().as_ref(), b"hello", "{case}");
                assert_eq!(request, built, "{case}");
            }
        }
    }

    /// Where each kind puts what it was given, field by field on the raw
    /// JSON; `None` means the field must be absent.
    #[test]
    fn each_kind_writes_the_fields_aws_sends() {
        use HttpEventKind::{Alb, FunctionUrl, HttpApi, Rest};
        let url_domain = "a2bmtjdnq6k7ofyvhgwsa4zxsm0ijvxp.lambda-url.us-west-2.on.aws";
        let table: &[(HttpEventKind, &str, Option<Value>)] = &[
            (Rest, "/resource", Some(json!("/items/{id}"))),
            (Rest, "/path", Some(json!("/items/9"))),
            (Rest, "/httpMethod", Some(json!("POST"))),
            (Rest, "/requestContext/stage", Some(json!("api"))),
            (Rest, "/requestContext/path", Some(json!("/api/items/9"))),
            (Rest, "/pathParameters", Some(json!({"id": "9"}))),
            (Rest, "/version", None),
            (HttpApi, "/version", Some(json!("2.0"))),
            (HttpApi, "/routeKey", Some(json!("POST /items/{id}"))),
            (HttpApi, "/rawPath", Some(json!("/items/9"))),
            (
                HttpApi,
                "/rawQueryString",
                Some(json!("a=1&a=2&q=red%20shoes%20%26%20100%25%20%2B%20more")),
            ),
            (
                HttpApi,
                "/queryStringParameters",
                Some(json!({"a": "1,2", "q": "red shoes & 100% + more"})),
            ),
            (
                HttpApi,
                "/headers",
                Some(json!({"x-trace": "t1", "accept": "text/plain"})),
            ),
            (HttpApi, "/pathParameters", Some(json!({"id": "9"}))),
            (HttpApi, "/body", Some(json!("hello"))),
            (HttpApi, "/isBase64Encoded", Some(json!(false))),
            (HttpApi, "/cookies", None),
            (HttpApi, "/stageVariables", None),
            (HttpApi, "/requestContext/http/method", Some(json!("POST"))),
            (
                HttpApi,
                "/requestContext/http/path",
                Some(json!("/items/9")),
            ),
            (
                HttpApi,
                "/requestContext/http/protocol",
                Some(json!("HTTP/1.1")),
            ),
            (
                HttpApi,
                "/requestContext/http/sourceIp",
                Some(json!("203.0.113.7")),
            ),
            (HttpApi, "/requestContext/http/userAgent", Some(json!(""))),
            (
                HttpApi,
                "/requestContext/domainName",
                Some(json!("abcdef1234.execute-api.us-west-2.amazonaws.com")),
            ),
            (HttpApi, "/requestContext/apiId", Some(json!("abcdef1234"))),
            (
                HttpApi,
                "/requestContext/accountId",
                Some(json!("123456789012")),
            ),
            (
                HttpApi,
                "/requestContext/requestId",
                Some(json!("JKJaXmPLvHcESHA=")),
            ),
            (
                HttpApi,
                "/requestContext/routeKey",
                Some(json!("POST /items/{id}")),
            ),
            (HttpApi, "/requestContext/stage", Some(json!("$default"))),
            (
                HttpApi,
                "/requestContext/time",
                Some(json!("09/Apr/2015:12:34:56 +0000")),
            ),
            (
                HttpApi,
                "/requestContext/timeEpoch",
                Some(json!(1428582896000_u64)),
            ),
            (FunctionUrl, "/version", Some(json!("2.0"))),
            (FunctionUrl, "/routeKey", Some(json!("$default"))),
            (FunctionUrl, "/rawPath", Some(json!("/items/9"))),
            (FunctionUrl, "/pathParameters", None),
            (
                FunctionUrl,
                "/requestContext/domainName",
                Some(json!(url_domain)),
            ),
            (
                FunctionUrl,
                "/requestContext/domainPrefix",
                Some(json!("a2bmtjdnq6k7ofyvhgwsa4zxsm0ijvxp")),
            ),
            (
                FunctionUrl,
                "/requestContext/routeKey",
                Some(json!("$default")),
            ),
            (
                FunctionUrl,
                "/requestContext/stage",
                Some(json!("$default")),
            ),
            (
                FunctionUrl,
                "/requestContext/requestId",
                Some(json!("c6af9ac6-7b61-11e6-9a41-93e8deadbeef")),
            ),
            (
                FunctionUrl,
                "/requestContext/http/method",
                Some(json!("POST")),
            ),
            (
                Alb,
                "/requestContext",
                Some(json!({"elb": {"targetGroupArn":
                "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/chalice-app/6d0ecf831eec9f09"}})),
            ),
            (Alb, "/httpMethod", Some(json!("POST"))),
            (Alb, "/path", Some(json!("/items/9"))),
            (
                Alb,
                "/headers",
                Some(json!({"x-trace": "t1", "accept": "text/plain"})),
            ),
            (
                Alb,
                "/queryStringParameters",
                Some(json!({"a": "2", "q": "red%20shoes%20%26%20100%25%20%2B%20more"})),
            ),
            (Alb, "/multiValueHeaders", None),
            (Alb, "/multiValueQueryStringParameters", None),
            (Alb, "/pathParameters", None),
            (Alb, "/body", Some(json!("hello"))),
            (Alb, "/isBase64Encoded", Some(json!(false))),
        ];
        for (kind, pointer, expected) in table {
            let event = sample(*kind).build().into_original_event();
            assert_eq!(
                event.pointer(pointer),
                expected.as_ref(),
                "{kind:?} {pointer}"
            );
        }
    }

    #[test]
    fn alb_multi_value_mode_sends_only_the_multi_value_maps() {
        let event = sample(HttpEventKind::Alb)
            .header("X-Trace", "t2")
            .multi_value_headers(true)
            .build()
            .into_original_event();
        let keys: Vec<&str> = event
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "requestContext",
                "httpMethod",
                "path",
                "multiValueQueryStringParameters",
                "multiValueHeaders",
                "body",
                "isBase64Encoded"
            ]
        );
        assert_eq!(
            event["multiValueHeaders"],
            json!({"x-trace": ["t1", "t2"], "accept": ["text/plain"]})
        );
        assert_eq!(
            event["multiValueQueryStringParameters"],
            json!({"a": ["1", "2"], "q": ["red%20shoes%20%26%20100%25%20%2B%20more"]})
        );
    }

    /// What is not given, per kind: REST writes `null`, payload 2.0 leaves
    /// the field out, an ALB sends `{}` and `""`.
    #[test]
    fn absent_parts_are_written_as_each_kind_writes_them() {
        let table: [(HttpEventKind, Value); 4] = [
            (
                HttpEventKind::Rest,
                json!([{}, "missing", null, null, null, null, null]),
            ),
            (
                HttpEventKind::HttpApi,
                json!([
                    "missing", "missing", "missing", "missing", "missing", "missing", "missing"
                ]),
            ),
            (
                HttpEventKind::FunctionUrl,
                json!([
                    "missing", "missing", "missing", "missing", "missing", "missing", "missing"
                ]),
            ),
            (
                HttpEventKind::Alb,
                json!([
                    "missing",
                    "missing",
                    {},
                    "missing",
                    "missing",
                    "missing",
                    ""
                ]),
            ),
        ];
        let fields = [
            "multiValueHeaders",
            "cookies",
            "queryStringParameters",
            "multiValueQueryStringParameters",
            "pathParameters",
            "stageVariables",
            "body",
        ];
        for (kind, expected) in table {
            let event = Request::builder().kind(kind).build().into_original_event();
            let got: Vec<Value> = fields
                .iter()
                .map(|f| event.get(*f).cloned().unwrap_or(json!("missing")))
                .collect();
            assert_eq!(Value::Array(got), expected, "{kind:?}");
        }
        let v2 = Request::builder().kind(HttpEventKind::HttpApi).build();
        assert_eq!(v2.to_original_event()["rawQueryString"], "");
        assert_eq!(v2.to_original_event()["headers"], json!({}));
        assert_eq!(v2.query_params(), None);
    }

    /// The header rules of payload 2.0 and ALBs, on raw JSON.
    #[test]
    fn headers_follow_each_kinds_rules() {
        let given = [
            ("Accept", "a/b"),
            ("X-Multi", "one"),
            ("Cookie", "theme=dark; lang=en"),
            ("x-multi", "two"),
            ("cookie", "id=7"),
        ];
        let table: [(HttpEventKind, Value, Value); 4] = [
            (
                HttpEventKind::Rest,
                json!({"Accept": "a/b", "X-Multi": "one", "Cookie": "theme=dark; lang=en",
                       "x-multi": "two", "cookie": "id=7"}),
                json!("missing"),
            ),
            (
                HttpEventKind::HttpApi,
                json!({"accept": "a/b", "x-multi": "one,two"}),
                json!(["theme=dark", "lang=en", "id=7"]),
            ),
            (
                HttpEventKind::FunctionUrl,
                json!({"accept": "a/b", "x-multi": "one,two", "cookie": "theme=dark; lang=en; id=7"}),
                json!(["theme=dark", "lang=en", "id=7"]),
            ),
            (
                HttpEventKind::Alb,
                json!({"accept": "a/b", "x-multi": "two", "cookie": "id=7"}),
                json!("missing"),
            ),
        ];
        for (kind, headers, cookies) in table {
            let mut builder = Request::builder().kind(kind);
            for (name, value) in given {
                builder = builder.header(name, value);
            }
            let request = builder.build();
            let event = request.to_original_event();
            assert_eq!(event["headers"], headers, "{kind:?}");
            assert_eq!(
                event.get("cookies").cloned().unwrap_or(json!("missing")),
                cookies,
                "{kind:?}"
            );
            if kind.is_v2() {
                assert_eq!(
                    request.header("cookie"),
                    Some("theme=dark; lang=en; id=7"),
                    "{kind:?}"
                );
            }
        }
    }

    #[test]
    fn payload_2_takes_the_user_agent_from_its_header() {
        let request = Request::builder()
            .kind(HttpEventKind::HttpApi)
            .header("User-Agent", "curl/8.5.0")
            .source_ip("198.51.100.4")
            .request_id("abc=")
            .build();
        let http = &request.to_original_event()["requestContext"]["http"];
        assert_eq!(http["userAgent"], "curl/8.5.0");
        assert_eq!(http["sourceIp"], "198.51.100.4");
        assert_eq!(request.context()["requestId"], "abc=");
    }

    #[test]
    fn an_http_api_stage_and_route_key_are_written_as_aws_writes_them() {
        let table = [
            (None, None, "GET /items/{id}", "$default", "/items/9"),
            (
                Some("$default"),
                Some("$default"),
                "$default",
                "$default",
                "/items/9",
            ),
            (
                Some("beta"),
                Some("ANY /{proxy+}"),
                "ANY /{proxy+}",
                "beta",
                "/beta/items/9",
            ),
        ];
        for (stage, route_key, want_key, want_stage, want_path) in table {
            let mut builder = Request::builder()
                .kind(HttpEventKind::HttpApi)
                .path("/items/{id}")
                .uri_param("id", "9");
            if let Some(stage) = stage {
                builder = builder.stage(stage);
            }
            if let Some(key) = route_key {
                builder = builder.route_key(key);
            }
            let request = builder.build();
            let event = request.to_original_event();
            assert_eq!(event["routeKey"], want_key);
            assert_eq!(event["requestContext"]["routeKey"], want_key);
            assert_eq!(event["requestContext"]["stage"], want_stage);
            assert_eq!(event["rawPath"], want_path);
            assert_eq!(event["requestContext"]["http"]["path"], want_path);
            assert_eq!(request.raw_path(), want_path);
            assert_eq!(request.route_key(), Some(want_key));
        }
        // A function URL has one route and one stage, whatever is asked.
        let url = Request::builder()
            .kind(HttpEventKind::FunctionUrl)
            .stage("beta")
            .route_key("GET /x")
            .stage_var("table", "t")
            .build();
        let event = url.to_original_event();
        assert_eq!(
            (
                &event["routeKey"],
                &event["requestContext"]["stage"],
                &event["rawPath"]
            ),
            (&json!("$default"), &json!("$default"), &json!("/"))
        );
        assert_eq!(event.get("stageVariables"), None);
        let api = Request::builder()
            .kind(HttpEventKind::HttpApi)
            .stage_var("table", "t")
            .build();
        assert_eq!(api.stage_vars().map(Map::len), Some(1));
    }

    #[test]
    fn binary_bodies_are_base64_in_every_kind() {
        for kind in KINDS {
            let request = Request::builder()
                .kind(kind)
                .base64_body([0_u8, 0xff, 0x10])
                .build();
            let event = request.to_original_event();
            assert_eq!(event["body"], "AP8Q", "{kind:?}");
            assert_eq!(event["isBase64Encoded"], true, "{kind:?}");
            assert_eq!(
                request.raw_body().unwrap().as_ref(),
                [0_u8, 0xff, 0x10],
                "{kind:?}"
            );
        }
    }

    #[test]
    fn json_sets_the_body_and_the_content_type_in_every_kind() {
        #[derive(Serialize)]
        struct Order {
            id: u32,
            items: Vec<&'static str>,
        }
        let order = Order {
            id: 7,
            items: vec!["tea"],
        };
        for kind in KINDS {
            let request = Request::builder()
                .kind(kind)
                .header("Content-Type", "text/plain")
                .header("Accept", "application/json")
                .json(&order)
                .build();
            let event = request.to_original_event();
            assert_eq!(event["body"], r#"{"id":7,"items":["tea"]}"#, "{kind:?}");
            assert_eq!(event["isBase64Encoded"], false, "{kind:?}");
            let content_types: Vec<&str> = event["headers"]
                .as_object()
                .unwrap()
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case("content-type"))
                .filter_map(|(_, value)| value.as_str())
                .collect();
            // The `text/plain` given before is replaced, not kept beside it.
            assert_eq!(content_types, ["application/json"], "{kind:?}");
            assert_eq!(
                request.json_body().unwrap(),
                Some(json!({"id": 7, "items": ["tea"]})),
                "{kind:?}"
            );
        }
        // Without the header, the same text is not read as JSON.
        let forgot = Request::builder().body(r#"{"id":7}"#).build();
        assert_eq!(forgot.json_body().unwrap(), None);
    }

    #[test]
    #[should_panic(expected = "the request body cannot be written as JSON")]
    fn json_refuses_what_cannot_be_json() {
        let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        let _ = Request::builder().json(&map);
    }
}
