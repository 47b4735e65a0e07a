//! [`AuthResponse`] and [`AuthRoute`]: the policy a built-in authorizer returns.

use super::*;

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
pub(super) fn resource_arn(method_arn: &str, method: &str, path: &str) -> String {
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
