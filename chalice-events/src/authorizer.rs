//! Authorizers: the event a Lambda authorizer receives ([`AuthRequest`]), the
//! policy a built-in authorizer returns ([`AuthResponse`], [`AuthRoute`]), and
//! the externally managed authorizers a route can name ([`IAMAuthorizer`],
//! [`CognitoUserPoolAuthorizer`], [`CustomAuthorizer`]).
//!
//! ```
//! use chalice_events::authorizer::{AuthRequest, AuthResponse, AuthRoute};
//!
//! let request = AuthRequest::new(
//!     "TOKEN",
//!     "allow",
//!     "arn:aws:execute-api:us-west-2:123:api-id/dev/GET/items/1",
//! );
//! let response = AuthResponse::new(["/items/*"], "user-1")
//!     .route(AuthRoute::new("/secure", ["GET", "POST"]));
//! let policy = response.to_dict(&request);
//! assert_eq!(
//!     policy["policyDocument"]["Statement"][0]["Resource"],
//!     serde_json::json!([
//!         "arn:aws:execute-api:us-west-2:123:api-id/dev/*/items/*",
//!         "arn:aws:execute-api:us-west-2:123:api-id/dev/GET/secure",
//!         "arn:aws:execute-api:us-west-2:123:api-id/dev/POST/secure",
//!     ])
//! );
//! ```

use serde_json::{json, Map, Value};

use serde::de::MapAccess;

use crate::event::raw_event;
use crate::raw::{self, AnyFields, Cx, Fields, Raw, StrListValues, StrValues};
use crate::{Error, LambdaContext};

// ---------------------------------------------------------------------------
// Externally managed authorizers
// ---------------------------------------------------------------------------

/// Requests signed with AWS Signature Version 4, checked by API Gateway against
/// the caller's IAM permissions (Chalice's `IAMAuthorizer()`).
///
/// ```
/// use chalice_events::authorizer::IAMAuthorizer;
///
/// let auth = IAMAuthorizer::new();
/// assert_eq!(auth.name(), "sigv4");
/// assert_eq!(auth.to_swagger()["x-amazon-apigateway-authtype"], "awsSigv4");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct IAMAuthorizer;

impl IAMAuthorizer {
    /// The IAM authorizer (it has no settings).
    pub fn new() -> Self {
        IAMAuthorizer
    }

    /// The name of its security definition: always `"sigv4"`.
    pub fn name(&self) -> &str {
        "sigv4"
    }

    /// The OAuth scopes a route requires: always none (Chalice's
    /// `IAMAuthorizer.with_scopes` raises, so there is no `with_scopes` here).
    pub fn scopes(&self) -> &[String] {
        &[]
    }

    /// The Swagger security definition, exactly as Chalice writes it.
    ///
    /// ```
    /// use chalice_events::authorizer::IAMAuthorizer;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&IAMAuthorizer::new().to_swagger())?,
    ///     r#"{"in":"header","type":"apiKey","name":"Authorization","x-amazon-apigateway-authtype":"awsSigv4"}"#
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn to_swagger(&self) -> Value {
        json!({
            "in": "header",
            "type": "apiKey",
            "name": "Authorization",
            "x-amazon-apigateway-authtype": "awsSigv4",
        })
    }
}

/// Tokens issued by Amazon Cognito user pools, checked by API Gateway (Chalice's
/// `CognitoUserPoolAuthorizer(name, provider_arns, header='Authorization', scopes=None)`).
///
/// ```
/// use chalice_events::authorizer::CognitoUserPoolAuthorizer;
///
/// let auth = CognitoUserPoolAuthorizer::new(
///     "MyPool",
///     vec!["arn:aws:cognito-idp:us-west-2:123:userpool/us-west-2_abc".to_string()],
/// )?
/// .header("X-Token");
/// let scoped = auth.with_scopes(vec!["read".to_string()]);
/// assert_eq!(scoped.scopes(), ["read"]);
/// assert!(auth.scopes().is_empty());
/// assert_eq!(auth.to_swagger()["name"], "X-Token");
/// # Ok::<(), chalice_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CognitoUserPoolAuthorizer {
    name: String,
    provider_arns: Vec<String>,
    header: String,
    scopes: Vec<String>,
}

impl CognitoUserPoolAuthorizer {
    /// An authorizer named `name` (the key of its security definition) that
    /// accepts tokens of the user pools `provider_arns`, read from the
    /// `Authorization` header.
    ///
    /// # Errors
    ///
    /// The only way this returns an error is an empty `provider_arns`
    /// ([`Error::InvalidArgument`]): API Gateway refuses such an authorizer at
    /// deploy time.
    ///
    /// ```
    /// use chalice_events::authorizer::CognitoUserPoolAuthorizer;
    ///
    /// let err = CognitoUserPoolAuthorizer::new("MyPool", vec![]).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid CognitoUserPoolAuthorizer: provider_arns should be a non-empty list of user pool ARNs"
    /// );
    /// ```
    pub fn new(name: impl Into<String>, provider_arns: Vec<String>) -> Result<Self, Error> {
        if provider_arns.is_empty() {
            return Err(Error::InvalidArgument {
                what: "CognitoUserPoolAuthorizer",
                reason: "provider_arns should be a non-empty list of user pool ARNs".to_string(),
            });
        }
        Ok(CognitoUserPoolAuthorizer {
            name: name.into(),
            provider_arns,
            header: "Authorization".to_string(),
            scopes: Vec::new(),
        })
    }

    /// The same authorizer reading the token from `header` instead of `Authorization`.
    pub fn header(mut self, header: impl Into<String>) -> Self {
        self.header = header.into();
        self
    }

    /// A copy of this authorizer requiring `scopes`; `self` is unchanged
    /// (Chalice returns a deep copy too).
    pub fn with_scopes(&self, scopes: Vec<String>) -> Self {
        CognitoUserPoolAuthorizer {
            scopes,
            ..self.clone()
        }
    }

    /// The name of its security definition, e.g. `"MyPool"`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The user pool ARNs (never empty).
    pub fn provider_arns(&self) -> &[String] {
        &self.provider_arns
    }

    /// The header the token is read from, `"Authorization"` by default.
    pub fn header_name(&self) -> &str {
        &self.header
    }

    /// The OAuth scopes a route requires (they go into the route's `security`,
    /// not into [`to_swagger`](Self::to_swagger)).
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The Swagger security definition, exactly as Chalice writes it.
    ///
    /// ```
    /// use chalice_events::authorizer::CognitoUserPoolAuthorizer;
    ///
    /// let auth = CognitoUserPoolAuthorizer::new("auth", vec!["arn:pool".to_string()])?;
    /// assert_eq!(
    ///     serde_json::to_string(&auth.to_swagger())?,
    ///     concat!(
    ///         r#"{"in":"header","type":"apiKey","name":"Authorization","#,
    ///         r#""x-amazon-apigateway-authtype":"cognito_user_pools","#,
    ///         r#""x-amazon-apigateway-authorizer":{"type":"cognito_user_pools","providerARNs":["arn:pool"]}}"#
    ///     )
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_swagger(&self) -> Value {
        json!({
            "in": "header",
            "type": "apiKey",
            "name": self.header,
            "x-amazon-apigateway-authtype": "cognito_user_pools",
            "x-amazon-apigateway-authorizer": {
                "type": "cognito_user_pools",
                "providerARNs": self.provider_arns,
            },
        })
    }
}

/// A Lambda authorizer managed outside the app (Chalice's
/// `CustomAuthorizer(name, authorizer_uri, ttl_seconds=300, header='Authorization', invoke_role_arn=None, scopes=None)`).
///
/// ```
/// use chalice_events::authorizer::CustomAuthorizer;
///
/// let auth = CustomAuthorizer::new("MyAuth", "arn:aws:apigateway:us-west-2:lambda:path/auth")
///     .ttl_seconds(60)
///     .invoke_role_arn("arn:aws:iam::123:role/invoke");
/// let swagger = auth.to_swagger();
/// assert_eq!(swagger["x-amazon-apigateway-authorizer"]["authorizerResultTtlInSeconds"], 60);
/// assert_eq!(
///     swagger["x-amazon-apigateway-authorizer"]["authorizerCredentials"],
///     "arn:aws:iam::123:role/invoke"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CustomAuthorizer {
    name: String,
    authorizer_uri: String,
    ttl_seconds: u32,
    header: String,
    invoke_role_arn: Option<String>,
    scopes: Vec<String>,
}

impl CustomAuthorizer {
    /// An authorizer named `name` that invokes the function at
    /// `authorizer_uri`, caching results for 300 seconds and reading the token
    /// from `Authorization`.
    pub fn new(name: impl Into<String>, authorizer_uri: impl Into<String>) -> Self {
        CustomAuthorizer {
            name: name.into(),
            authorizer_uri: authorizer_uri.into(),
            ttl_seconds: 300,
            header: "Authorization".to_string(),
            invoke_role_arn: None,
            scopes: Vec::new(),
        }
    }

    /// The same authorizer caching results for `ttl` seconds (default 300).
    pub fn ttl_seconds(mut self, ttl: u32) -> Self {
        self.ttl_seconds = ttl;
        self
    }

    /// The same authorizer reading the token from `header` (default `Authorization`).
    pub fn header(mut self, header: impl Into<String>) -> Self {
        self.header = header.into();
        self
    }

    /// The same authorizer invoked with the IAM role `arn` (written as
    /// `authorizerCredentials`).
    pub fn invoke_role_arn(mut self, arn: impl Into<String>) -> Self {
        self.invoke_role_arn = Some(arn.into());
        self
    }

    /// A copy of this authorizer requiring `scopes`; `self` is unchanged.
    ///
    /// ```
    /// use chalice_events::authorizer::CustomAuthorizer;
    ///
    /// let auth = CustomAuthorizer::new("a", "uri");
    /// let scoped = auth.with_scopes(vec!["write".to_string()]);
    /// assert_eq!(scoped.scopes(), ["write"]);
    /// assert!(auth.scopes().is_empty());
    /// ```
    pub fn with_scopes(&self, scopes: Vec<String>) -> Self {
        CustomAuthorizer {
            scopes,
            ..self.clone()
        }
    }

    /// The name of its security definition, e.g. `"MyAuth"`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The invocation URI of the authorizer function.
    pub fn authorizer_uri(&self) -> &str {
        &self.authorizer_uri
    }

    /// How long API Gateway caches a result, in seconds (default 300).
    pub fn ttl(&self) -> u32 {
        self.ttl_seconds
    }

    /// The header the token is read from, `"Authorization"` by default.
    pub fn header_name(&self) -> &str {
        &self.header
    }

    /// The IAM role API Gateway invokes the authorizer with, if set.
    pub fn invoke_role(&self) -> Option<&str> {
        self.invoke_role_arn.as_deref()
    }

    /// The OAuth scopes a route requires.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The Swagger security definition, exactly as Chalice writes it;
    /// `authorizerCredentials` is present only when a role is set.
    ///
    /// ```
    /// use chalice_events::authorizer::CustomAuthorizer;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&CustomAuthorizer::new("a", "uri").to_swagger())?,
    ///     concat!(
    ///         r#"{"in":"header","type":"apiKey","name":"Authorization","#,
    ///         r#""x-amazon-apigateway-authtype":"custom","#,
    ///         r#""x-amazon-apigateway-authorizer":{"type":"token","authorizerUri":"uri","authorizerResultTtlInSeconds":300}}"#
    ///     )
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn to_swagger(&self) -> Value {
        let mut inner = Map::new();
        inner.insert("type".into(), "token".into());
        inner.insert("authorizerUri".into(), self.authorizer_uri.clone().into());
        inner.insert(
            "authorizerResultTtlInSeconds".into(),
            self.ttl_seconds.into(),
        );
        if let Some(role) = &self.invoke_role_arn {
            inner.insert("authorizerCredentials".into(), role.clone().into());
        }
        json!({
            "in": "header",
            "type": "apiKey",
            "name": self.header,
            "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": inner,
        })
    }
}

// ---------------------------------------------------------------------------
// AuthRequest
// ---------------------------------------------------------------------------

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
    raw: Raw,
    fields: AuthFields,
    context: Option<LambdaContext>,
}

/// The reader of an [`AuthRequest`]: what its accessors need is checked,
/// and read from the map.
#[derive(Debug, Clone, Default)]
struct AuthFields {
    method_arn: bool,
    route_arn: bool,
    auth_type: bool,
}

impl Fields for AuthFields {
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        cx: Cx<'_>,
    ) -> Result<bool, A::Error> {
        match key {
            "methodArn" => self.method_arn = cx.opt_str(map)?.is_some(),
            "routeArn" => self.route_arn = cx.opt_str(map)?.is_some(),
            "type" => self.auth_type = cx.opt_str(map)?.is_some(),
            "authorizationToken" | "version" => {
                cx.opt_str(map)?;
            }
            "headers" | "queryStringParameters" | "pathParameters" | "stageVariables" => {
                cx.opt_object::<StrValues, _>(map)?;
            }
            "multiValueHeaders" | "multiValueQueryStringParameters" => {
                cx.opt_object::<StrListValues, _>(map)?;
            }
            "requestContext" => {
                cx.opt_object::<AnyFields, _>(map)?;
            }
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
    /// REQUEST events usually have none.
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
    /// have none.
    pub fn version(&self) -> Option<&str> {
        self.str("version")
    }

    /// The request headers of a REQUEST event, each value a string, in the case
    /// the client sent.
    pub fn headers(&self) -> Option<&Map<String, Value>> {
        self.raw.as_map().get("headers").and_then(Value::as_object)
    }

    /// One request header, looked up ignoring case.
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

    /// The query string parameters of a REQUEST event (last value of each name).
    pub fn query_string_parameters(&self) -> Option<&Map<String, Value>> {
        self.raw
            .as_map()
            .get("queryStringParameters")
            .and_then(Value::as_object)
    }

    /// The path parameters of a REQUEST event.
    pub fn path_parameters(&self) -> Option<&Map<String, Value>> {
        self.raw
            .as_map()
            .get("pathParameters")
            .and_then(Value::as_object)
    }

    /// The stage variables of a REQUEST event.
    pub fn stage_variables(&self) -> Option<&Map<String, Value>> {
        self.raw
            .as_map()
            .get("stageVariables")
            .and_then(Value::as_object)
    }

    /// The `requestContext` object of a REQUEST event (`accountId`, `apiId`,
    /// `stage`, `identity`, ...).
    pub fn request_context(&self) -> Option<&Value> {
        self.raw
            .as_map()
            .get("requestContext")
            .filter(|v| v.is_object())
    }

    fn str(&self, key: &str) -> Option<&str> {
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
    auth_type: String,
    token: Option<String>,
    method_arn: String,
    headers: Map<String, Value>,
    query: Map<String, Value>,
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

// ---------------------------------------------------------------------------
// AuthResponse
// ---------------------------------------------------------------------------

/// A path and the HTTP methods allowed on it, for an [`AuthResponse`]
/// (Chalice's `AuthRoute(path, methods)`).
///
/// ```
/// use chalice_events::authorizer::AuthRoute;
///
/// let route = AuthRoute::new("/items/{id}", ["GET", "PUT"]);
/// assert_eq!(route.methods, ["GET", "PUT"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AuthRoute {
    /// The route path, e.g. `"/items/*"`; `{params}` are kept literally.
    pub path: String,
    /// The allowed methods, e.g. `["GET", "POST"]`, or `["*"]` for all.
    pub methods: Vec<String>,
}

impl AuthRoute {
    /// `methods` allowed on `path`.
    pub fn new(
        path: impl Into<String>,
        methods: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        AuthRoute {
            path: path.into(),
            methods: methods.into_iter().map(Into::into).collect(),
        }
    }
}

/// One entry of an [`AuthResponse`]'s routes: a path (all methods) or an
/// [`AuthRoute`].
///
/// ```
/// use chalice_events::authorizer::{AuthRoute, AuthRouteSpec};
///
/// assert_eq!(AuthRouteSpec::from("/a"), AuthRouteSpec::Path("/a".to_string()));
/// let route = AuthRouteSpec::from(AuthRoute::new("/a", ["GET"]));
/// assert!(matches!(route, AuthRouteSpec::Route(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthRouteSpec {
    /// Every method on this path; `"*"` means every path too.
    Path(String),
    /// The route's methods on its path.
    Route(AuthRoute),
}

impl From<&str> for AuthRouteSpec {
    fn from(path: &str) -> Self {
        AuthRouteSpec::Path(path.to_string())
    }
}

impl From<&String> for AuthRouteSpec {
    fn from(path: &String) -> Self {
        AuthRouteSpec::Path(path.clone())
    }
}

impl From<String> for AuthRouteSpec {
    fn from(path: String) -> Self {
        AuthRouteSpec::Path(path)
    }
}

impl From<AuthRoute> for AuthRouteSpec {
    fn from(route: AuthRoute) -> Self {
        AuthRouteSpec::Route(route)
    }
}

/// What a built-in authorizer returns: the routes a caller may invoke, who the
/// caller is, and context for the view (Chalice's
/// `AuthResponse(routes, principal_id, context=None)`).
///
/// [`to_dict`](AuthResponse::to_dict) writes the IAM policy API Gateway
/// expects, exactly as Chalice writes it.
///
/// # Resources
///
/// Each route entry yields resource ARNs, in order: a [`Path`](AuthRouteSpec::Path)
/// one ARN with method `*` (the path `"*"` means every path), a
/// [`Route`](AuthRouteSpec::Route) one ARN per method. An ARN is built from the
/// incoming method ARN `arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<method>/<path>`:
///
/// 1. split it on `:` at most 5 times; split the last part on `/` and keep its
///    first two segments (`<api-id>`, `<stage>`);
/// 2. append the method and the route path **with its first character removed**
///    (blindly, as Chalice does: `"foo"` gives `oo`); join with `/`, and when the
///    path is `"*"` append one more `*`;
/// 3. put that back as the last part and join with `:`.
///
/// Path parameters are not translated (`/x/{id}` stays `{id}`), and colons
/// inside the path part of the incoming ARN are kept.
///
/// A malformed method ARN never makes this fail or panic; it behaves exactly
/// like Chalice's `str.split`: with fewer than six `:`-separated parts the last
/// one present is taken as the resource part, and with fewer than two
/// `/`-separated segments in it the segments present are kept. So `"garbage"`
/// with route `/a` gives `garbage/*/a`, and an empty ARN gives `/*/a`.
///
/// ```
/// use chalice_events::authorizer::{AuthResponse, AuthRoute};
///
/// let arn = "arn:aws:execute-api:us-west-2:123:rest-api-id/dev/GET/needs/auth";
/// let response = AuthResponse::new(["/needs/auth"], "foo");
/// assert_eq!(
///     serde_json::to_string(&response.to_dict_for_arn(arn))?,
///     concat!(
///         r#"{"context":{},"principalId":"foo","policyDocument":{"Version":"2012-10-17","#,
///         r#""Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","#,
///         r#""Resource":["arn:aws:execute-api:us-west-2:123:rest-api-id/dev/*/needs/auth"]}]}}"#
///     )
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AuthResponse {
    /// The allowed routes, in the order their ARNs are written.
    pub routes: Vec<AuthRouteSpec>,
    /// Who the caller is, e.g. `"user-1"`; API Gateway passes it to the view.
    pub principal_id: String,
    /// Values passed to the view in `context["authorizer"]` (API Gateway
    /// turns them into strings).
    pub context: Map<String, Value>,
}

impl AuthResponse {
    /// Chalice's `AuthResponse.ALL_HTTP_METHODS`, in its order (Chalice itself
    /// never uses it; a route that should allow every method can use `["*"]`).
    pub const ALL_HTTP_METHODS: [&'static str; 7] =
        ["DELETE", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "GET"];

    /// Allows `routes` to the caller `principal_id`, with an empty context.
    ///
    /// ```
    /// use chalice_events::authorizer::{AuthResponse, AuthRoute, AuthRouteSpec};
    ///
    /// // Mixing paths and routes needs one item type:
    /// let response = AuthResponse::new(
    ///     [AuthRouteSpec::from("/a"), AuthRoute::new("/a/b", ["GET"]).into()],
    ///     "user",
    /// );
    /// assert_eq!(response.routes.len(), 2);
    /// ```
    pub fn new(
        routes: impl IntoIterator<Item = impl Into<AuthRouteSpec>>,
        principal_id: impl Into<String>,
    ) -> Self {
        AuthResponse {
            routes: routes.into_iter().map(Into::into).collect(),
            principal_id: principal_id.into(),
            context: Map::new(),
        }
    }

    /// No routes at all (Chalice's `AuthResponse(routes=[], ...)`): the policy
    /// is an `Allow` statement with an empty `Resource` list, which API Gateway
    /// answers with 403.
    ///
    /// ```
    /// use chalice_events::authorizer::AuthResponse;
    ///
    /// let policy = AuthResponse::deny("nobody").to_dict_for_arn("arn:aws:execute-api:r:1:id/api/GET/");
    /// assert_eq!(policy["policyDocument"]["Statement"][0]["Resource"], serde_json::json!([]));
    /// ```
    pub fn deny(principal_id: impl Into<String>) -> Self {
        AuthResponse::new(Vec::<AuthRouteSpec>::new(), principal_id)
    }

    /// The same response with one more route.
    pub fn route(mut self, route: impl Into<AuthRouteSpec>) -> Self {
        self.routes.push(route.into());
        self
    }

    /// The same response with `context` for the view.
    ///
    /// ```
    /// use chalice_events::authorizer::AuthResponse;
    /// use serde_json::json;
    ///
    /// let mut context = serde_json::Map::new();
    /// context.insert("role".into(), json!("reader"));
    /// let response = AuthResponse::new(["*"], "u").with_context(context);
    /// assert_eq!(response.to_dict_for_arn("arn:aws:execute-api:r:1:id/api/GET/")["context"], json!({"role": "reader"}));
    /// ```
    pub fn with_context(mut self, context: Map<String, Value>) -> Self {
        self.context = context;
        self
    }

    /// The policy for `request`: [`to_dict_for_arn`](Self::to_dict_for_arn)
    /// with its [`method_arn`](AuthRequest::method_arn).
    pub fn to_dict(&self, request: &AuthRequest) -> Value {
        self.to_dict_for_arn(request.method_arn())
    }

    /// The policy document, keys in Chalice's order: `context`, `principalId`,
    /// `policyDocument` (`Version`, then one `Allow` statement for
    /// `execute-api:Invoke` on [`resources`](Self::resources)).
    pub fn to_dict_for_arn(&self, method_arn: &str) -> Value {
        json!({
            "context": self.context,
            "principalId": self.principal_id,
            "policyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Action": "execute-api:Invoke",
                        "Effect": "Allow",
                        "Resource": self.resources(method_arn),
                    }
                ],
            },
        })
    }

    /// The resource ARNs the policy allows, built as the
    /// [type documentation](Self#resources) says.
    ///
    /// ```
    /// use chalice_events::authorizer::{AuthResponse, AuthRoute};
    ///
    /// let response = AuthResponse::new([AuthRoute::new("*", ["GET"])], "u");
    /// assert_eq!(
    ///     response.resources("arn:aws:execute-api:us-west-2:1:id/api/POST/x"),
    ///     ["arn:aws:execute-api:us-west-2:1:id/api/GET/*"]
    /// );
    /// ```
    pub fn resources(&self, method_arn: &str) -> Vec<String> {
        let mut resources = Vec::new();
        for route in &self.routes {
            match route {
                AuthRouteSpec::Route(AuthRoute { path, methods }) => {
                    resources.extend(methods.iter().map(|m| resource_arn(method_arn, m, path)));
                }
                AuthRouteSpec::Path(path) => resources.push(resource_arn(method_arn, "*", path)),
            }
        }
        resources
    }
}

/// Chalice's `AuthResponse._generate_arn`, step for step (see [`AuthResponse`]).
fn resource_arn(method_arn: &str, method: &str, path: &str) -> String {
    let mut parts: Vec<&str> = method_arn.splitn(6, ':').collect();
    // `splitn` always yields at least one part (the whole string).
    let last = parts.pop().unwrap_or_default();
    let api_and_stage: Vec<&str> = last.split('/').take(2).collect();
    // Python's `route[1:]`: drop the first character, whatever it is.
    let rest_of_path = path.char_indices().nth(1).map_or("", |(i, _)| &path[i..]);
    let mut segment = format!("{}/{method}/{rest_of_path}", api_and_stage.join("/"));
    if path == "*" {
        segment.push('*');
    }
    parts.push(&segment);
    parts.join(":")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_fixtures_round_trip;
    use crate::Event;
    use std::path::Path;

    fn read_json(path: &Path) -> Value {
        let text = std::fs::read_to_string(path).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// Every real payload in testdata/fixtures/authorizer parses and round-trips.
    #[test]
    fn parses_every_fixture_losslessly() {
        let requests = assert_fixtures_round_trip::<AuthRequest>("authorizer");
        for (name, request) in &requests {
            assert!(
                request.method_arn().starts_with("arn:aws:execute-api:"),
                "{name}"
            );
            assert!(
                ["TOKEN", "REQUEST"].contains(&request.auth_type()),
                "{name}"
            );
            let again: AuthRequest = serde_json::from_value(request.to_dict()).unwrap();
            assert_eq!(again.to_dict(), request.to_dict(), "{name}");
        }
        let seen = requests.len();
        assert!(
            seen >= 13,
            "only {seen} fixtures found in testdata/fixtures/authorizer"
        );
    }

    #[test]
    fn accessors_read_each_payload_kind() {
        let token = AuthRequest::from_str(
            r#"{"type":"TOKEN","authorizationToken":"incoming-client-token",
                "methodArn":"arn:aws:execute-api:us-east-1:123456789012:example/prod/POST/{proxy+}"}"#,
        )
        .unwrap();
        assert_eq!(token.auth_type(), "TOKEN");
        assert_eq!(token.token(), Some("incoming-client-token"));
        assert_eq!(token.headers(), None);
        assert_eq!(token.request_context(), None);

        let v2 = AuthRequest::from_value(json!({
            "version": "2.0",
            "routeArn": "arn:aws:execute-api:eu-west-1:123:api/$default/POST/lambda",
            "identitySource": ["Bearer foo"],
            "headers": {"Authorization": "Bearer foo"},
            "queryStringParameters": {"a": "1"},
            "requestContext": {"apiId": "api", "http": {"method": "POST"}},
        }))
        .unwrap();
        assert_eq!(v2.auth_type(), "REQUEST");
        assert_eq!(v2.version(), Some("2.0"));
        assert_eq!(v2.token(), None);
        assert_eq!(
            v2.method_arn(),
            "arn:aws:execute-api:eu-west-1:123:api/$default/POST/lambda"
        );
        assert_eq!(v2.header("authorization"), Some("Bearer foo"));
        assert_eq!(v2.query_string_parameters().unwrap()["a"], "1");
        assert_eq!(v2.request_context().unwrap()["apiId"], "api");
    }

    #[test]
    fn errors_name_the_field() {
        let err =
            AuthRequest::from_str(r#"{"type": "TOKEN", "authorizationToken": "x"}"#).unwrap_err();
        insta::assert_snapshot!(err, @"AuthRequest: missing field `methodArn`");
        let err = AuthRequest::from_str(r#"{"methodArn": "arn"}"#).unwrap_err();
        insta::assert_snapshot!(err, @"AuthRequest: missing field `type`");
        let err = AuthRequest::from_str(r#"{"type": "TOKEN", "methodArn": 5}"#).unwrap_err();
        insta::assert_snapshot!(err, @"AuthRequest: field `methodArn` should be a string, found a number");
        let err =
            AuthRequest::from_str(r#"{"type": "REQUEST", "methodArn": "a", "headers": {"h": 1}}"#)
                .unwrap_err();
        insta::assert_snapshot!(err, @"AuthRequest: field `headers.h` should be a string, found a number");
        let err = AuthRequest::from_str(r#"{"routeArn": "a", "type": 1}"#).unwrap_err();
        insta::assert_snapshot!(err, @"AuthRequest: field `type` should be a string, found a number");
        let err = AuthRequest::from_str("[]").unwrap_err();
        insta::assert_snapshot!(err, @"AuthRequest: field `$` should be an object, found an array");
    }

    #[test]
    fn new_and_builder_make_token_events() {
        let request = AuthRequest::new("TOKEN", "t", "arn:x");
        assert_eq!(
            request.to_dict(),
            json!({"type": "TOKEN", "authorizationToken": "t", "methodArn": "arn:x"})
        );
        let built = AuthRequest::builder().build();
        assert_eq!(
            built.to_dict(),
            json!({"type": "TOKEN", "authorizationToken": "allow",
                   "methodArn": "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/api/GET/"})
        );
        assert_eq!(AuthRequest::from_value(built.to_dict()).unwrap(), built);
    }

    const ARN: &str = "arn:aws:execute-api:us-west-2:123:rest-api-id/dev/GET/needs/auth";
    const DEV: &str = "arn:aws:execute-api:us-west-2:123:rest-api-id/dev";

    fn route(path: &str, methods: &[&str]) -> AuthRouteSpec {
        AuthRoute::new(path, methods.iter().copied()).into()
    }

    /// SPEC §9.3, each example with the Chalice test that pins it.
    #[test]
    fn resource_arn_table() {
        let root_arn = format!("{DEV}/GET/");
        let table: Vec<(&str, Vec<AuthRouteSpec>, &str, Vec<String>)> = vec![
            (
                "test_auth_response_serialization",
                vec!["/needs/auth".into()],
                ARN,
                vec![format!("{DEV}/*/needs/auth")],
            ),
            (
                "test_can_use_auth_routes_instead_of_strings",
                vec![route("/a", &["GET"]), route("/a/b", &["GET", "POST"])],
                ARN,
                vec![
                    format!("{DEV}/GET/a"),
                    format!("{DEV}/GET/a/b"),
                    format!("{DEV}/POST/a/b"),
                ],
            ),
            (
                "test_can_mix_auth_routes_and_strings",
                vec!["/a".into(), route("/a/b", &["GET"])],
                ARN,
                vec![format!("{DEV}/*/a"), format!("{DEV}/GET/a/b")],
            ),
            (
                "test_auth_response_wildcard_string",
                vec!["*".into()],
                ARN,
                vec![format!("{DEV}/*/*")],
            ),
            (
                "test_auth_response_wildcard",
                vec![route("*", &["*"])],
                ARN,
                vec![format!("{DEV}/*/*")],
            ),
            (
                "verified: AuthRoute('*', ['GET'])",
                vec![route("*", &["GET"])],
                ARN,
                vec![format!("{DEV}/GET/*")],
            ),
            (
                "test_root_resource",
                vec![route("/", &["GET"])],
                &root_arn,
                vec![format!("{DEV}/GET/")],
            ),
            (
                "root as a string",
                vec!["/".into()],
                ARN,
                vec![format!("{DEV}/*/")],
            ),
            (
                "test_auth_response_with_colon_chars",
                vec!["/foo/*".into()],
                "arn:aws:execute-api:us-west-2:1:id/api/GET/foo/a:b:c:d",
                vec!["arn:aws:execute-api:us-west-2:1:id/api/*/foo/*".to_string()],
            ),
            (
                "verified: params kept",
                vec!["/x/{id}".into()],
                ARN,
                vec![format!("{DEV}/*/x/{{id}}")],
            ),
            (
                "blind first-character strip",
                vec!["foo".into()],
                ARN,
                vec![format!("{DEV}/*/oo")],
            ),
            (
                "empty path",
                vec!["".into()],
                ARN,
                vec![format!("{DEV}/*/")],
            ),
            (
                "multi-byte first character",
                vec!["éa/b".into()],
                ARN,
                vec![format!("{DEV}/*/a/b")],
            ),
            ("no routes", vec![], ARN, vec![]),
            (
                "methods as given",
                vec![route("/a", &["get", "*"])],
                ARN,
                vec![format!("{DEV}/get/a"), format!("{DEV}/*/a")],
            ),
        ];
        for (name, routes, method_arn, expected) in table {
            let response = AuthResponse::new(routes, "p");
            assert_eq!(response.resources(method_arn), expected, "{name}");
            let request = AuthRequest::new("TOKEN", "t", method_arn);
            let dict = response.to_dict(&request);
            assert_eq!(
                dict["policyDocument"]["Statement"][0]["Resource"],
                json!(expected),
                "{name}"
            );
        }
    }

    /// Malformed method ARNs never panic; they behave as Chalice's `str.split` does.
    #[test]
    fn malformed_method_arns_keep_what_is_there() {
        let table = [
            ("", "/a", "/*/a"),
            ("", "*", "/*/*"),
            ("garbage", "/a", "garbage/*/a"),
            ("arn:aws:execute-api", "/a", "arn:aws:execute-api/*/a"),
            (
                "arn:aws:execute-api:us-west-2:123:api-id",
                "/a",
                "arn:aws:execute-api:us-west-2:123:api-id/*/a",
            ),
            (
                "arn:aws:execute-api:us-west-2:123:",
                "/a",
                "arn:aws:execute-api:us-west-2:123:/*/a",
            ),
            ("a:b:c:d:e:f:g/h/i/j", "/a", "a:b:c:d:e:f:g/h/*/a"),
            (
                "arn:aws:execute-api:r:1:id/stage",
                "/",
                "arn:aws:execute-api:r:1:id/stage/*/",
            ),
        ];
        for (method_arn, path, expected) in table {
            assert_eq!(
                resource_arn(method_arn, "*", path),
                expected,
                "{method_arn:?} {path:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn resources_never_panic(method_arn in ".*", path in ".*", method in "[A-Z*]{0,7}") {
            let response = AuthResponse::new([AuthRouteSpec::Path(path.clone())], "p")
                .route(AuthRoute::new(path, [method]));
            let resources = response.resources(&method_arn);
            proptest::prop_assert_eq!(resources.len(), 2);
        }
    }

    #[test]
    fn policy_document_has_chalice_key_order() {
        let mut context = Map::new();
        context.insert("b".into(), json!(1));
        context.insert("a".into(), json!("x"));
        let response = AuthResponse::new(["/needs/auth"], "foo").with_context(context);
        let text = serde_json::to_string(&response.to_dict_for_arn(ARN)).unwrap();
        insta::assert_snapshot!(text, @r#"{"context":{"b":1,"a":"x"},"principalId":"foo","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":["arn:aws:execute-api:us-west-2:123:rest-api-id/dev/*/needs/auth"]}]}}"#);
    }

    /// The refapp's `demo_auth` (testdata/conformance/refapp.py), ported.
    fn demo_auth(request: &AuthRequest) -> AuthResponse {
        match request.token() {
            Some("allow-all") => AuthResponse::new(["*"], "all-user"),
            Some("allow-items") => {
                let mut context = Map::new();
                context.insert("role".into(), json!("reader"));
                context.insert("level".into(), json!("2"));
                AuthResponse::new(["/items/*"], "items-user")
                    .route(AuthRoute::new("/secure", ["GET", "POST"]))
                    .with_context(context)
            }
            Some("allow-root") => AuthResponse::new(["/"], "root-user"),
            _ => AuthResponse::deny("nobody"),
        }
    }

    /// conformance/cases/auth_*.json against conformance/expected/auth_*.json.
    #[test]
    fn matches_chalice_conformance_outputs() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/conformance");
        for name in [
            "auth_allow_all",
            "auth_allow_items",
            "auth_allow_root",
            "auth_deny",
        ] {
            let case = read_json(&Path::new(root).join("cases").join(format!("{name}.json")));
            let expected = read_json(
                &Path::new(root)
                    .join("expected")
                    .join(format!("{name}.json")),
            );
            let request = AuthRequest::from_value(case["event"].clone()).unwrap();
            let ours = demo_auth(&request).to_dict(&request);
            assert_eq!(ours, expected["result"], "{name}");
            // Same key order too, not only the same value.
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&expected["result"]).unwrap(),
                "{name}"
            );
        }
    }

    /// test_app.py::test_can_serialize_iam_auth, test_can_serialize_cognito_auth,
    /// test_can_serialize_custom_authorizer; test_swagger.py role/scopes tests.
    #[test]
    fn swagger_definitions() {
        let iam = IAMAuthorizer::new();
        assert_eq!(
            serde_json::to_string(&iam.to_swagger()).unwrap(),
            r#"{"in":"header","type":"apiKey","name":"Authorization","x-amazon-apigateway-authtype":"awsSigv4"}"#
        );
        assert!(iam.scopes().is_empty());

        let cognito = CognitoUserPoolAuthorizer::new("auth_name", vec!["arn:aws:cog".to_string()])
            .unwrap()
            .header("CustomHeader");
        assert_eq!(
            serde_json::to_string(&cognito.to_swagger()).unwrap(),
            concat!(
                r#"{"in":"header","type":"apiKey","name":"CustomHeader","x-amazon-apigateway-authtype":"cognito_user_pools","#,
                r#""x-amazon-apigateway-authorizer":{"type":"cognito_user_pools","providerARNs":["arn:aws:cog"]}}"#
            )
        );
        let scoped = cognito.with_scopes(vec!["s1".into(), "s2".into()]);
        assert_eq!(scoped.scopes(), ["s1", "s2"]);
        assert!(cognito.scopes().is_empty());
        assert_eq!(
            scoped.to_swagger(),
            cognito.to_swagger(),
            "scopes are not part of to_swagger"
        );
        assert_eq!(scoped.name(), "auth_name");
        assert_eq!(scoped.header_name(), "CustomHeader");

        let custom = CustomAuthorizer::new("auth_name", "auth_uri")
            .header("CustomHeader")
            .ttl_seconds(10);
        assert_eq!(
            serde_json::to_string(&custom.to_swagger()).unwrap(),
            concat!(
                r#"{"in":"header","type":"apiKey","name":"CustomHeader","x-amazon-apigateway-authtype":"custom","#,
                r#""x-amazon-apigateway-authorizer":{"type":"token","authorizerUri":"auth_uri","authorizerResultTtlInSeconds":10}}"#
            )
        );
        let with_role = custom.invoke_role_arn("role-arn");
        assert_eq!(
            serde_json::to_string(&with_role.to_swagger()["x-amazon-apigateway-authorizer"])
                .unwrap(),
            r#"{"type":"token","authorizerUri":"auth_uri","authorizerResultTtlInSeconds":10,"authorizerCredentials":"role-arn"}"#
        );
        assert_eq!(with_role.invoke_role(), Some("role-arn"));
        assert_eq!(
            with_role.with_scopes(vec!["x".into()]).to_swagger(),
            with_role.to_swagger()
        );
        assert_eq!(CustomAuthorizer::new("a", "b").ttl(), 300);
        assert_eq!(
            CustomAuthorizer::new("a", "b").header_name(),
            "Authorization"
        );
    }

    #[test]
    fn cognito_needs_provider_arns() {
        let err = CognitoUserPoolAuthorizer::new("pool", vec![]).unwrap_err();
        insta::assert_snapshot!(err, @"invalid CognitoUserPoolAuthorizer: provider_arns should be a non-empty list of user pool ARNs");
        assert_eq!(err.classify(), crate::Category::Argument);
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_requests_round_trip() {
        use arbitrary::{Arbitrary, Unstructured};
        for seed in 0..200u32 {
            let bytes: Vec<u8> = (0..512u32)
                .map(|i| (i.wrapping_mul(2654435761).wrapping_add(seed * 131) >> 9) as u8)
                .collect();
            let request = AuthRequest::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
            let dict = request.to_dict();
            assert_eq!(
                AuthRequest::from_value(dict.clone()).unwrap().to_dict(),
                dict
            );
        }
    }
}
