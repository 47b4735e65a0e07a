//! [`AuthRequest`]: the event a Lambda authorizer receives, and its builder.

use super::*;

/// The event a Lambda authorizer receives, kept losslessly.
///
/// Chalice's `AuthRequest(auth_type, token, method_arn)` models only TOKEN
/// events; this type reads every authorizer payload API Gateway sends and keeps
/// all of it:
///
/// - REST API TOKEN events: `type`, `authorizationToken`, `methodArn`;
/// - REST API and WebSocket REQUEST events: `type`, `methodArn`, `headers`,
///   `queryStringParameters`, `requestContext`, ...;
/// - HTTP API payload 2.0 events: `version`, `routeArn` (in place of
///   `methodArn`), `identitySource`, `headers`, `requestContext`, ....
///
/// The only fields required are `methodArn` (or `routeArn`) and, unless the
/// event carries a `routeArn`, `type`.
///
/// ```
/// use chalice_events::Event;
/// use chalice_events::authorizer::AuthRequest;
///
/// let raw = r#"{"type": "TOKEN", "authorizationToken": "allow",
///               "methodArn": "arn:aws:execute-api:us-west-2:123:api/dev/GET/"}"#;
/// let request = AuthRequest::from_str(raw)?;
/// assert_eq!(request.auth_type(), "TOKEN");
/// assert_eq!(request.token(), Some("allow"));
/// assert_eq!(request.method_arn(), "arn:aws:execute-api:us-west-2:123:api/dev/GET/");
/// assert_eq!(request.to_dict(), serde_json::from_str::<serde_json::Value>(raw)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct AuthRequest {
    pub(super) raw: Raw,
    pub(super) fields: AuthFields,
    pub(super) context: Option<Box<LambdaContext>>,
}

/// The reader of an [`AuthRequest`]: what its accessors need is checked,
/// and read from the map.
#[derive(Debug, Clone, Default)]
pub(super) struct AuthFields {
    pub(super) method_arn: bool,
    pub(super) route_arn: bool,
    pub(super) auth_type: bool,
}

impl Fields for AuthFields {
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
    // and, for HTTP APIs, http-api-lambda-authorizer.html.
    const KNOWN: Known = Known::Object(&[
        ("type", Known::Leaf),
        ("methodArn", Known::Leaf),
        ("routeArn", Known::Leaf),
        ("authorizationToken", Known::Leaf),
        ("identitySource", Known::Leaf),
        ("version", Known::Leaf),
        ("routeKey", Known::Leaf),
        ("resource", Known::Leaf),
        ("path", Known::Leaf),
        ("rawPath", Known::Leaf),
        ("rawQueryString", Known::Leaf),
        ("httpMethod", Known::Leaf),
        ("cookies", Known::Leaf),
        ("headers", STRINGS),
        ("multiValueHeaders", STRINGS),
        ("queryStringParameters", STRINGS),
        ("multiValueQueryStringParameters", STRINGS),
        ("pathParameters", STRINGS),
        ("stageVariables", STRINGS),
        ("requestContext", Known::Leaf),
    ]);

    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "methodArn" => self.method_arn = cx.opt_str(r)?.is_some(),
            "routeArn" => self.route_arn = cx.opt_str(r)?.is_some(),
            "type" => self.auth_type = cx.opt_str(r)?.is_some(),
            // Everything else may have any type: each accessor reads what
            // it can (see the module documentation).
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        // REST authorizers name the method, HTTP API 2.0 ones the route;
        // the REST field is named, as Chalice (and most payloads) use it.
        // Only HTTP API 2.0 payloads, which have no `methodArn`, may omit
        // `type`.
        raw::first_absent([
            ("methodArn", self.method_arn || self.route_arn),
            ("type", self.auth_type || !self.method_arn),
        ])
    }
}

impl AuthRequest {
    /// A TOKEN-style event with these three fields, as Chalice's
    /// `AuthRequest(auth_type, token, method_arn)` holds them.
    ///
    /// ```
    /// use chalice_events::Event;
    /// use chalice_events::authorizer::AuthRequest;
    ///
    /// let request = AuthRequest::new("TOKEN", "secret", "arn:aws:execute-api:us-west-2:1:id/api/GET/");
    /// assert_eq!(
    ///     serde_json::to_string(&request.to_dict())?,
    ///     r#"{"type":"TOKEN","authorizationToken":"secret","methodArn":"arn:aws:execute-api:us-west-2:1:id/api/GET/"}"#
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(
        auth_type: impl Into<String>,
        token: impl Into<String>,
        method_arn: impl Into<String>,
    ) -> Self {
        AuthRequest::builder()
            .auth_type(auth_type)
            .token(token)
            .method_arn(method_arn)
            .build()
    }

    /// A builder for a fake authorizer event: a TOKEN event with token
    /// `allow` for `GET /` of the API `ymy8tbxw7b`, stage `api`, in `us-west-2`.
    ///
    /// ```
    /// use chalice_events::authorizer::AuthRequest;
    ///
    /// let request = AuthRequest::builder().token("deny").build();
    /// assert_eq!(request.method_arn(), "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/api/GET/");
    /// assert_eq!(request.token(), Some("deny"));
    /// ```
    pub fn builder() -> AuthRequestBuilder {
        AuthRequestBuilder::default()
    }

    /// The authorizer type: `"TOKEN"` or `"REQUEST"` (HTTP API 2.0 events
    /// without a `type` are REQUEST authorizers, so `"REQUEST"` then).
    pub fn auth_type(&self) -> &str {
        self.str("type").unwrap_or("REQUEST")
    }

    /// The token of a TOKEN event (`authorizationToken`), e.g. `"Bearer abc"`;
    /// REQUEST events usually have none. `None` too when it is not a string.
    pub fn token(&self) -> Option<&str> {
        self.str("authorizationToken")
    }

    /// The ARN of the method being called, e.g.
    /// `"arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/api/GET/items"`:
    /// `methodArn`, or `routeArn` for HTTP API 2.0 events.
    pub fn method_arn(&self) -> &str {
        let key = if self.fields.method_arn {
            "methodArn"
        } else {
            "routeArn"
        };
        self.str(key).unwrap_or("")
    }

    /// The payload version: `"1.0"` or `"2.0"` for HTTP APIs; REST API events
    /// have none. `None` too when it is not a string.
    pub fn version(&self) -> Option<&str> {
        self.str("version")
    }

    /// The request headers of a REQUEST event, in the case the client sent,
    /// as the event holds them: `None` when `headers` is absent or not an
    /// object; values that are not strings are there as they came.
    pub fn headers(&self) -> Option<&Map<String, Value>> {
        self.raw.as_map().get("headers").and_then(Value::as_object)
    }

    /// One request header, looked up ignoring case; `None` when absent or
    /// not a string.
    ///
    /// ```
    /// use chalice_events::authorizer::AuthRequest;
    ///
    /// let request = AuthRequest::builder().auth_type("REQUEST").header("X-Api-Key", "k").build();
    /// assert_eq!(request.header("x-api-key"), Some("k"));
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers()?
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .and_then(|(_, value)| value.as_str())
    }

    /// The query string parameters of a REQUEST event (last value of each
    /// name), as the event holds them; `None` when absent or not an object.
    pub fn query_string_parameters(&self) -> Option<&Map<String, Value>> {
        self.raw
            .as_map()
            .get("queryStringParameters")
            .and_then(Value::as_object)
    }

    /// The path parameters of a REQUEST event, as the event holds them;
    /// `None` when absent or not an object.
    pub fn path_parameters(&self) -> Option<&Map<String, Value>> {
        self.raw
            .as_map()
            .get("pathParameters")
            .and_then(Value::as_object)
    }

    /// The stage variables of a REQUEST event, as the event holds them;
    /// `None` when absent or not an object.
    pub fn stage_variables(&self) -> Option<&Map<String, Value>> {
        self.raw
            .as_map()
            .get("stageVariables")
            .and_then(Value::as_object)
    }

    /// The `requestContext` object of a REQUEST event (`accountId`, `apiId`,
    /// `stage`, `identity`, ...); `None` when absent or not an object.
    pub fn request_context(&self) -> Option<&Value> {
        self.raw
            .as_map()
            .get("requestContext")
            .filter(|v| v.is_object())
    }

    pub(super) fn str(&self, key: &str) -> Option<&str> {
        self.raw.as_map().get(key).and_then(Value::as_str)
    }
}

raw_event!(AuthRequest, AuthFields, "AuthRequest");

/// Builds a fake [`AuthRequest`]. Defaults: `type` `TOKEN`, token `allow`,
/// method ARN `arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/api/GET/`
/// (the account, API id and stage Chalice's local mode uses).
///
/// ```
/// use chalice_events::Event;
/// use chalice_events::authorizer::AuthRequest;
///
/// let request = AuthRequest::builder()
///     .auth_type("REQUEST")
///     .without_token()
///     .method_arn("arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/api/POST/items")
///     .header("Authorization", "Bearer abc")
///     .query_param("verbose", "1")
///     .build();
/// assert_eq!(request.token(), None);
/// assert_eq!(request.to_dict()["queryStringParameters"]["verbose"], "1");
/// ```
#[derive(Debug, Clone)]
pub struct AuthRequestBuilder {
    pub(super) auth_type: String,
    pub(super) token: Option<String>,
    pub(super) method_arn: String,
    pub(super) headers: Map<String, Value>,
    pub(super) query: Map<String, Value>,
}

impl Default for AuthRequestBuilder {
    fn default() -> Self {
        AuthRequestBuilder {
            auth_type: "TOKEN".to_string(),
            token: Some("allow".to_string()),
            method_arn: "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/api/GET/"
                .to_string(),
            headers: Map::new(),
            query: Map::new(),
        }
    }
}

impl AuthRequestBuilder {
    /// The authorizer type, `TOKEN` (default) or `REQUEST`.
    pub fn auth_type(mut self, auth_type: impl Into<String>) -> Self {
        self.auth_type = auth_type.into();
        self
    }

    /// The `authorizationToken` (default `allow`).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Leaves `authorizationToken` out, as in REQUEST events.
    pub fn without_token(mut self) -> Self {
        self.token = None;
        self
    }

    /// The `methodArn`.
    pub fn method_arn(mut self, method_arn: impl Into<String>) -> Self {
        self.method_arn = method_arn.into();
        self
    }

    /// Adds a header (the event then has a `headers` object).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .insert(name.into(), Value::String(value.into()));
        self
    }

    /// Adds a query string parameter (the event then has a
    /// `queryStringParameters` object).
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.insert(name.into(), Value::String(value.into()));
        self
    }

    /// The event.
    pub fn build(self) -> AuthRequest {
        let mut raw = Map::new();
        raw.insert("type".into(), Value::String(self.auth_type));
        if let Some(token) = self.token {
            raw.insert("authorizationToken".into(), Value::String(token));
        }
        raw.insert("methodArn".into(), Value::String(self.method_arn));
        if !self.headers.is_empty() {
            raw.insert("headers".into(), Value::Object(self.headers));
        }
        if !self.query.is_empty() {
            raw.insert("queryStringParameters".into(), Value::Object(self.query));
        }
        AuthRequest::from_map(raw)
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for AuthRequest {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let auth_type = *u.choose(&["TOKEN", "REQUEST"])?;
        let region: String = u.arbitrary()?;
        let api: String = u.arbitrary()?;
        let stage: String = u.arbitrary()?;
        let method = *u.choose(&["GET", "POST", "PUT", "DELETE", "*"])?;
        let path: String = u.arbitrary()?;
        let mut builder = AuthRequest::builder()
            .auth_type(auth_type)
            .method_arn(format!(
                "arn:aws:execute-api:{region}:123456789012:{api}/{stage}/{method}/{path}"
            ));
        builder = if u.arbitrary()? {
            builder.token(u.arbitrary::<String>()?)
        } else {
            builder.without_token()
        };
        let headers: Vec<(String, String)> = u.arbitrary()?;
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        Ok(builder.build())
    }
}
