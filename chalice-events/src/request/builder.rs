//! [`RequestBuilder`]: realistic fake REST proxy events.

use super::*;

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
