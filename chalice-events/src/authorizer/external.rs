//! Authorizers a route names and API Gateway runs: [`IAMAuthorizer`], [`CognitoUserPoolAuthorizer`], [`CustomAuthorizer`].

use super::*;

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
    pub(super) name: String,
    pub(super) provider_arns: Vec<String>,
    pub(super) header: String,
    pub(super) scopes: Vec<String>,
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
    pub(super) name: String,
    pub(super) authorizer_uri: String,
    pub(super) ttl_seconds: u32,
    pub(super) header: String,
    pub(super) invoke_role_arn: Option<String>,
    pub(super) scopes: Vec<String>,
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
