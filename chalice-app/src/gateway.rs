//! Local API Gateway emulation: turns an HTTP request into the REST proxy
//! event API Gateway would send, runs the app, and turns the proxy response
//! back into HTTP. The local server and the test client both go through
//! [`LocalGateway::handle`].
//!
//! # What is emulated
//!
//! - **Routing**: a path no route matches gets 403
//!   `{"message": "Missing Authentication Token"}` (with
//!   `x-amzn-ErrorType: UnauthorizedException`), as API Gateway answers.
//! - **CORS preflight**: `OPTIONS` on a path without its own `OPTIONS` route is
//!   answered here, with the CORS headers of the path's first CORS route and
//!   `Access-Control-Allow-Methods` listing its CORS methods and `OPTIONS`.
//! - **Built-in authorizers**: the token is read from the authorizer's header;
//!   none → 401 `{"message":"Unauthorized"}`; the authorizer's policy must
//!   allow the request's ARN
//!   (`arn:aws:execute-api:mars-west-1:123456789012:ymy8tbxw7b/api/<METHOD>/<path>`),
//!   else 403. An explicit `Deny` wins over an `Allow`. In resource patterns
//!   `?` is one character and `*` any run of characters within one path
//!   segment, except a final `*`, which also spans the rest of the path.
//!   IAM, Cognito and custom authorizers are not run locally: requests pass,
//!   with a warning.
//! - **Binary bodies**: a request whose `Content-Type` is a binary type (or
//!   whose body is not UTF-8) is sent base64-encoded; base64 responses are
//!   decoded.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use base64::Engine as _;
use chalice_events::apigateway::matches_content_type;
use chalice_events::authorizer::AuthRequest;
use chalice_events::json::JsonStyle;
use chalice_events::response::{ProxyResponse, ResponseShape};
use chalice_events::{new_request_id, unquote_plus, Event, LambdaContext};
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};

use crate::app::Chalice;
use crate::dispatch::Reply;
use crate::routes::Authorizer;

/// An HTTP request as it arrives at the local gateway.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HttpRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path with its query string, e.g. `/items?limit=2`.
    pub path: String,
    /// Headers in arrival order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body (empty for none).
    pub body: Vec<u8>,
    /// The client's address.
    pub source_ip: Option<String>,
}

impl HttpRequest {
    /// A request without headers or body.
    pub fn new(method: impl Into<String>, path: impl Into<String>) -> Self {
        HttpRequest {
            method: method.into().to_ascii_uppercase(),
            path: path.into(),
            ..Default::default()
        }
    }

    /// The same request with a header added.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The same request with a body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
}

/// An HTTP response from the local gateway.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HttpResponse {
    /// The status code.
    pub status_code: u16,
    /// Headers in order; a multi-value header appears once per value.
    pub headers: Vec<(String, String)>,
    /// The body bytes (base64 already decoded).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, `None` when it is not JSON.
    pub fn json_body(&self) -> Option<Value> {
        chalice_events::json::value_from_slice(&self.body).ok()
    }

    fn gateway_error(status: u16, error_type: &str, request_id: &str, body: &str) -> Self {
        HttpResponse {
            status_code: status,
            headers: vec![
                ("x-amzn-RequestId".to_string(), request_id.to_string()),
                ("x-amzn-ErrorType".to_string(), error_type.to_string()),
                ("Content-Type".to_string(), "application/json".to_string()),
            ],
            body: body.as_bytes().to_vec(),
        }
    }
}

/// The emulation of API Gateway in front of one app.
#[derive(Debug, Clone)]
pub struct LocalGateway {
    app: Arc<Chalice>,
    /// The function name the API handler's context gets.
    pub function_name: String,
    /// The stage name in events (default `api`).
    pub stage: String,
}

const ACCOUNT_ID: &str = "123456789012";
const API_ID: &str = "ymy8tbxw7b";

impl LocalGateway {
    /// A gateway in front of `app`.
    pub fn new(app: Arc<Chalice>) -> Self {
        LocalGateway {
            app,
            function_name: "api_handler".to_string(),
            stage: "api".to_string(),
        }
    }

    /// The app behind the gateway.
    pub fn app(&self) -> &Arc<Chalice> {
        &self.app
    }

    /// Handles one request end to end. Never fails: every problem is an HTTP response.
    pub async fn handle(&self, mut request: HttpRequest) -> HttpResponse {
        // Methods are matched upper-case, as routes register them.
        request.method.make_ascii_uppercase();
        let request_id = new_request_id();
        let (path, query) = match request.path.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (request.path.clone(), None),
        };
        let path = if path.is_empty() {
            "/".to_string()
        } else {
            path
        };
        let Some(matched) = self.app.routes.match_path(&path) else {
            let auth = request
                .headers
                .iter()
                .find(|(k, _)| k == "authorization" || k == "Authorization");
            let body = match auth {
                Some((_, value)) => format!(
                    "{{\"message\": \"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={value}\"}}"
                ),
                None => r#"{"message": "Missing Authentication Token"}"#.to_string(),
            };
            return HttpResponse::gateway_error(403, "UnauthorizedException", &request_id, &body);
        };
        let routes = matched.routes.clone();
        let params = matched.params.clone();
        if request.method == "OPTIONS" && routes.get("OPTIONS").is_none() {
            return preflight(&routes);
        }
        let mut authorizer_context = None;
        if let Some(entry) = routes.get(&request.method) {
            if let Some(authorizer) = &entry.authorizer {
                match self
                    .authorize(authorizer, &request, &path, &request_id)
                    .await
                {
                    Ok(context) => authorizer_context = context,
                    Err(response) => return response,
                }
            }
        }
        let event = self.lambda_event_text(
            &request,
            &routes.path,
            &path,
            query.as_deref(),
            &params,
            &request_id,
            authorizer_context,
        );
        let context = Box::new(LambdaContext {
            aws_request_id: request_id.clone(),
            ..LambdaContext::new(self.function_name.clone()).with_remaining_time_in_millis(900_000)
        });
        match self.app.answer_http_text(event, context).await {
            // The events made here are REST events, answered in that shape.
            Reply::Proxy(proxy) if proxy.shape() == ResponseShape::Rest => {
                rest_proxy_to_http(&proxy)
            }
            reply => proxy_to_http(&reply.into_value()),
        }
    }

    /// The REST proxy event API Gateway would send for `request`, matched to
    /// the route `template` with `params` captured, as a `Value`.
    pub fn create_lambda_event(
        &self,
        request: &HttpRequest,
        template: &str,
        path: &str,
        query: Option<&str>,
        params: Map<String, Value>,
        request_id: &str,
    ) -> Value {
        let text =
            self.lambda_event_text(request, template, path, query, &params, request_id, None);
        // The text is JSON this module wrote: it reads back.
        chalice_events::json::value_from_str(&text).unwrap_or_default()
    }

    /// [`create_lambda_event`](Self::create_lambda_event)'s event as JSON
    /// text, with `requestContext.authorizer` when an authorizer ran. The
    /// gateway hands this text to the app's reader: building a `Value` only
    /// to write it out again would cost an allocation per key.
    #[allow(clippy::too_many_arguments)] // the parts of one event, each named
    fn lambda_event_text(
        &self,
        request: &HttpRequest,
        template: &str,
        path: &str,
        query: Option<&str>,
        params: &Map<String, Value>,
        request_id: &str,
        authorizer: Option<Value>,
    ) -> String {
        let headers = Grouped::collect(
            request
                .headers
                .iter()
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str()))),
        );
        let query = Grouped::collect(
            query
                .into_iter()
                .flat_map(|q| q.split('&'))
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (unquote_plus(k), unquote_plus(v))
                }),
        );
        let content_type = request
            .headers
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.as_str());
        let binary =
            content_type.is_some_and(|ct| matches_content_type(ct, &self.app.api.binary_types));
        let base64 = || base64::engine::general_purpose::STANDARD.encode(&request.body);
        let (body, is_base64_encoded) = if request.body.is_empty() {
            (None, false)
        } else if binary {
            (Some(Cow::Owned(base64())), true)
        } else {
            match std::str::from_utf8(&request.body) {
                Ok(text) => (Some(Cow::Borrowed(text)), false),
                // Not text: pass it on intact rather than mangle it.
                Err(_) => (Some(Cow::Owned(base64())), true),
            }
        };
        let now = chrono::Utc::now();
        let user_agent = request
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
            .map(|(_, v)| v.as_str());
        let event = RestEvent {
            resource: template,
            path,
            http_method: &request.method,
            headers: headers.as_ref().map(Last),
            multi_value_headers: headers.as_ref().map(All),
            query_string_parameters: query.as_ref().map(Last),
            multi_value_query_string_parameters: query.as_ref().map(All),
            path_parameters: (!params.is_empty()).then_some(params),
            stage_variables: (),
            request_context: RequestContext {
                resource_id: "local",
                resource_path: template,
                http_method: &request.method,
                extended_request_id: request_id,
                request_time: request_time(&now),
                path: format!("/{}{}", self.stage, path),
                account_id: ACCOUNT_ID,
                protocol: "HTTP/1.1",
                stage: &self.stage,
                domain_prefix: "localhost",
                request_time_epoch: now.timestamp_millis(),
                request_id,
                identity: Identity {
                    cognito_identity_pool_id: (),
                    account_id: (),
                    cognito_identity_id: (),
                    caller: (),
                    source_ip: request.source_ip.as_deref().unwrap_or("127.0.0.1"),
                    principal_org_id: (),
                    access_key: (),
                    cognito_authentication_type: (),
                    cognito_authentication_provider: (),
                    user_arn: (),
                    user_agent,
                    user: (),
                },
                domain_name: "localhost",
                api_id: API_ID,
                authorizer,
            },
            body,
            is_base64_encoded,
        };
        // Every key is a string and every value plain data: writing cannot
        // fail, and an empty text would be refused by the reader, not panic.
        JsonStyle::Plain.to_string(&event).unwrap_or_default()
    }

    /// Runs the route's authorizer. `Ok(Some(context))` adds
    /// `requestContext.authorizer`; `Err` is the gateway's refusal.
    async fn authorize(
        &self,
        authorizer: &Authorizer,
        request: &HttpRequest,
        path: &str,
        request_id: &str,
    ) -> Result<Option<Value>, HttpResponse> {
        let header_value = |name: &str| {
            request
                .headers
                .iter()
                .rev()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let builtin = match authorizer {
            Authorizer::Builtin(b) => b,
            Authorizer::Cognito(_) => {
                tracing::warn!("CognitoUserPoolAuthorizer is not a supported in local mode. All requests made against a route will be authorized to allow local testing.");
                let claims = header_value("authorization").and_then(|t| jwt_claims(&t));
                return Ok(claims.and_then(|claims| {
                    let user = claims.get("cognito:username").cloned()?;
                    Some(json!({"claims": claims, "principalId": user}))
                }));
            }
            Authorizer::Iam(_) | Authorizer::Custom(_) => {
                tracing::warn!("{} is not a supported in local mode. All requests made against a route will be authorized to allow local testing.", authorizer.name());
                return Ok(None);
            }
        };
        let Some(token) = header_value(&builtin.header) else {
            return Err(HttpResponse::gateway_error(
                401,
                "UnauthorizedException",
                request_id,
                r#"{"message":"Unauthorized"}"#,
            ));
        };
        let arn = format!(
            "arn:aws:execute-api:mars-west-1:{ACCOUNT_ID}:{API_ID}/api/{}/{}",
            request.method,
            path.strip_prefix('/').unwrap_or(path)
        );
        let Some((_, handler)) = self.app.authorizers.get(&builtin.name) else {
            return Err(HttpResponse::gateway_error(
                500,
                "AuthorizerConfigurationException",
                request_id,
                r#"{"message":null}"#,
            ));
        };
        let auth_request = AuthRequest::new("TOKEN", token, arn.clone());
        let context = LambdaContext::new(builtin.name.clone());
        let policy = match crate::dispatch::call_guarded(
            handler,
            auth_request.with_context(context),
        )
        .await
        {
            Ok(Value::Null) | Err(_) => {
                return Err(HttpResponse::gateway_error(
                    500,
                    "AuthorizerConfigurationException",
                    request_id,
                    r#"{"message":null}"#,
                ));
            }
            Ok(policy) => policy,
        };
        if !policy_allows(&policy, &arn) {
            return Err(HttpResponse::gateway_error(
                403,
                "AccessDeniedException",
                request_id,
                r#"{"Message": "User is not authorized to access this resource"}"#,
            ));
        }
        // API Gateway hands the context to the backend with every value as a string.
        let mut context = Map::new();
        if let Some(Value::Object(c)) = policy.get("context") {
            for (k, v) in c {
                let s = match v {
                    Value::String(s) => Value::String(s.clone()),
                    other => Value::String(other.to_string()),
                };
                context.insert(k.clone(), s);
            }
        }
        context.insert(
            "principalId".to_string(),
            policy.get("principalId").cloned().unwrap_or(Value::Null),
        );
        Ok(Some(Value::Object(context)))
    }
}

/// The REST proxy event the gateway writes, keys in API Gateway's order.
/// `()` fields are the `null`s API Gateway sends for what a local request
/// does not have.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RestEvent<'a> {
    resource: &'a str,
    path: &'a str,
    http_method: &'a str,
    headers: Option<Last<'a>>,
    multi_value_headers: Option<All<'a>>,
    query_string_parameters: Option<Last<'a>>,
    multi_value_query_string_parameters: Option<All<'a>>,
    path_parameters: Option<&'a Map<String, Value>>,
    stage_variables: (),
    request_context: RequestContext<'a>,
    body: Option<Cow<'a, str>>,
    is_base64_encoded: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestContext<'a> {
    resource_id: &'a str,
    resource_path: &'a str,
    http_method: &'a str,
    extended_request_id: &'a str,
    request_time: String,
    path: String,
    account_id: &'a str,
    protocol: &'a str,
    stage: &'a str,
    domain_prefix: &'a str,
    request_time_epoch: i64,
    request_id: &'a str,
    identity: Identity<'a>,
    domain_name: &'a str,
    api_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    authorizer: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Identity<'a> {
    cognito_identity_pool_id: (),
    account_id: (),
    cognito_identity_id: (),
    caller: (),
    source_ip: &'a str,
    principal_org_id: (),
    access_key: (),
    cognito_authentication_type: (),
    cognito_authentication_provider: (),
    user_arn: (),
    user_agent: Option<&'a str>,
    user: (),
}

/// Name/value pairs grouped by name (exactly as written), each name where it
/// first appears, its values in arrival order: what a JSON object keyed by
/// name holds, and the single- and multi-valued maps API Gateway derives.
struct Grouped<'a>(Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)>);

impl<'a> Grouped<'a> {
    /// `None` for no pairs: API Gateway sends `null`, not `{}`.
    fn collect(pairs: impl Iterator<Item = (Cow<'a, str>, Cow<'a, str>)>) -> Option<Self> {
        // Usually a handful of names, where a scan beats hashing each one;
        // past `SCAN` names (a request can carry a thousand) an index keeps
        // the work linear.
        const SCAN: usize = 16;
        let mut groups: Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)> = Vec::new();
        let mut index: Option<HashMap<Cow<'a, str>, usize>> = None;
        for (name, value) in pairs {
            let at = match &index {
                Some(index) => index.get(&name).copied(),
                None => groups.iter().position(|(n, _)| *n == name),
            };
            if let Some(i) = at {
                groups[i].1.push(value);
                continue;
            }
            match &mut index {
                Some(index) => {
                    index.insert(name.clone(), groups.len());
                }
                None if groups.len() == SCAN => {
                    let mut built: HashMap<Cow<'a, str>, usize> = groups
                        .iter()
                        .enumerate()
                        .map(|(i, (n, _))| (n.clone(), i))
                        .collect();
                    built.insert(name.clone(), groups.len());
                    index = Some(built);
                }
                None => {}
            }
            groups.push((name, vec![value]));
        }
        (!groups.is_empty()).then_some(Grouped(groups))
    }
}

/// Each name with its last value (`headers`, `queryStringParameters`).
struct Last<'a>(&'a Grouped<'a>);

impl Serialize for Last<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.0
                 .0
                .iter()
                .filter_map(|(name, values)| Some((name, values.last()?))),
        )
    }
}

/// Each name with all its values (`multiValueHeaders`, ...).
struct All<'a>(&'a Grouped<'a>);

impl Serialize for All<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0 .0.iter().map(|(name, values)| (name, values)))
    }
}

/// `requestContext.requestTime`, API Gateway's `%d/%b/%Y:%H:%M:%S +0000`,
/// written directly: chrono's `format` reads its pattern again on every call.
fn request_time(now: &chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike as _, Timelike as _};
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let two = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
    let mut out = String::with_capacity(26);
    out.extend(two(now.day()).map(char::from));
    out.push('/');
    out.push_str(MONTHS[now.month0() as usize % 12]);
    out.push('/');
    out.push_str(itoa::Buffer::new().format(now.year()));
    for n in [now.hour(), now.minute(), now.second()] {
        out.push(':');
        out.extend(two(n).map(char::from));
    }
    out.push_str(" +0000");
    out
}

fn jwt_claims(token: &str) -> Option<Map<String, Value>> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    match chalice_events::json::value_from_slice(&bytes).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

/// The preflight answer for a path (see the module docs).
fn preflight(routes: &crate::routes::PathRoutes) -> HttpResponse {
    let cors_entries: Vec<_> = routes.entries.iter().filter(|e| e.cors.is_some()).collect();
    let mut headers = Vec::new();
    if let Some(first) = cors_entries.first().and_then(|e| e.cors.as_ref()) {
        for (k, v) in first.get_access_control_headers() {
            headers.push((k.to_string(), v));
        }
    }
    let mut methods: Vec<&str> = cors_entries.iter().map(|e| e.method.as_str()).collect();
    methods.push("OPTIONS");
    headers.push((
        "Access-Control-Allow-Methods".to_string(),
        methods.join(","),
    ));
    headers.push(("Content-Type".to_string(), "application/json".to_string()));
    HttpResponse {
        status_code: 200,
        headers,
        body: Vec::new(),
    }
}

/// Whether `policy` (an IAM policy document as authorizers return it) lets
/// the caller invoke `arn`.
pub(crate) fn policy_allows(policy: &Value, arn: &str) -> bool {
    let Some(statements) = policy.pointer("/policyDocument/Statement") else {
        return false;
    };
    let statements: Vec<&Value> = match statements {
        Value::Array(list) => list.iter().collect(),
        one => vec![one],
    };
    let mut allowed = false;
    for statement in statements {
        let invokes = match statement.get("Action") {
            Some(Value::String(a)) => a == "execute-api:Invoke" || a == "*" || a == "execute-api:*",
            Some(Value::Array(list)) => list.iter().any(|a| {
                matches!(
                    a.as_str(),
                    Some("execute-api:Invoke" | "*" | "execute-api:*")
                )
            }),
            _ => false,
        };
        if !invokes {
            continue;
        }
        let resources: Vec<&str> = match statement.get("Resource") {
            Some(Value::String(r)) => vec![r.as_str()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let hit = resources.iter().any(|pattern| arn_glob(pattern, arn));
        match statement.get("Effect").and_then(Value::as_str) {
            Some("Deny") if hit => return false,
            Some("Allow") if hit => allowed = true,
            _ => {}
        }
    }
    allowed
}

/// Glob match: `?` one character, `*` a run within one `/`-segment, and a
/// final `*` the whole rest.
pub(crate) fn arn_glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[u8], t: &[u8]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some((b'*', [])) => true,
            Some((b'*', rest)) => {
                let mut i = 0;
                loop {
                    if go(rest, &t[i..]) {
                        return true;
                    }
                    if i >= t.len() || t[i] == b'/' {
                        return false;
                    }
                    i += 1;
                }
            }
            Some((b'?', rest)) => !t.is_empty() && go(rest, &t[1..]),
            Some((c, rest)) => t.first() == Some(c) && go(rest, &t[1..]),
        }
    }
    go(pattern.as_bytes(), text.as_bytes())
}

/// [`proxy_to_http`] for a REST proxy response still typed: the same
/// answer, without writing the response into a `Value` to read it back.
fn rest_proxy_to_http(proxy: &ProxyResponse) -> HttpResponse {
    let headers = proxy
        .headers()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    http_response(
        proxy.status_code(),
        headers,
        proxy.body(),
        proxy.is_base64_encoded(),
    )
}

/// The HTTP response of a proxy response's parts: `Content-Type` defaulting
/// to `application/json`, a base64 body decoded (kept as it is when it is
/// not base64).
///
/// A status HTTP cannot give as a final answer (an informational `1xx`, or
/// one past 599) is a proxy response API Gateway cannot use: it answers
/// `502` with its body for a malformed Lambda proxy response, as it does for
/// any other. A `204` or `304` answer carries no body, whatever the proxy
/// response held.
fn http_response(
    status_code: u16,
    mut headers: Vec<(String, String)>,
    text: &str,
    base64: bool,
) -> HttpResponse {
    if !(200..=599).contains(&status_code) {
        return HttpResponse {
            status_code: 502,
            headers: vec![("Content-Type".to_string(), "application/json".to_string())],
            // API Gateway's body, spacing included.
            body: br#"{"message": "Internal server error"}"#.to_vec(),
        };
    }
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
    }
    let body = if matches!(status_code, 204 | 304) {
        // HTTP gives these answers no content (RFC 9110, 15.3.5 and
        // 15.4.5), so no HTTP front sends a body a view gave one: the test
        // client sees what a client of API Gateway gets.
        Vec::new()
    } else if base64 {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .unwrap_or_else(|_| text.as_bytes().to_vec())
    } else {
        text.as_bytes().to_vec()
    };
    HttpResponse {
        status_code,
        headers,
        body,
    }
}

/// Turns a proxy response into an HTTP response: base64 decoded, headers and
/// multi-value headers flattened, `Content-Type` defaulting to
/// `application/json` as API Gateway does.
pub fn proxy_to_http(dict: &Value) -> HttpResponse {
    let status_code = dict
        .get("statusCode")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(502);
    let mut headers = Vec::new();
    if let Some(Value::Object(h)) = dict.get("headers") {
        for (k, v) in h {
            let value = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            headers.push((k.clone(), value));
        }
    }
    if let Some(Value::Object(m)) = dict.get("multiValueHeaders") {
        for (k, values) in m {
            for v in values.as_array().into_iter().flatten() {
                headers.push((
                    k.clone(),
                    v.as_str()
                        .map(String::from)
                        .unwrap_or_else(|| v.to_string()),
                ));
            }
        }
    }
    if let Some(Value::Array(cookies)) = dict.get("cookies") {
        for c in cookies.iter().filter_map(Value::as_str) {
            headers.push(("Set-Cookie".to_string(), c.to_string()));
        }
    }
    let text = dict.get("body").and_then(Value::as_str).unwrap_or("");
    let base64 = dict.get("isBase64Encoded").and_then(Value::as_bool) == Some(true);
    http_response(status_code, headers, text, base64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_names_group_as_few_do() {
        // Past the scanned few, through the index: the same groups, in the
        // order names first appear, values in arrival order.
        for count in [3usize, 16, 17, 40] {
            let pairs: Vec<(String, String)> = (0..count * 3)
                .map(|i| (format!("k{}", (i * 7) % count), i.to_string()))
                .collect();
            let grouped = Grouped::collect(
                pairs
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str()))),
            )
            .unwrap();
            let mut expected: Vec<(&str, Vec<&str>)> = Vec::new();
            for (k, v) in &pairs {
                match expected.iter_mut().find(|(n, _)| n == k) {
                    Some((_, values)) => values.push(v),
                    None => expected.push((k, vec![v])),
                }
            }
            let got: Vec<(&str, Vec<&str>)> = grouped
                .0
                .iter()
                .map(|(n, vs)| (n.as_ref(), vs.iter().map(AsRef::as_ref).collect()))
                .collect();
            assert_eq!(got, expected, "{count} names");
        }
    }

    #[test]
    fn statuses_http_cannot_send_as_an_answer_are_api_gateways_502_and_204_has_no_body() {
        for (status, expected) in [
            (100, 502),
            (150, 502),
            (199, 502),
            (200, 200),
            (204, 204),
            (304, 304),
            (599, 599),
            (600, 502),
            (999, 502),
        ] {
            let dict = serde_json::json!({"statusCode": status, "body": "{}"});
            let response = proxy_to_http(&dict);
            assert_eq!(response.status_code, expected, "{status}");
            if expected == 502 {
                assert_eq!(response.body, br#"{"message": "Internal server error"}"#);
            } else if matches!(expected, 204 | 304) {
                // HTTP gives these no content.
                assert_eq!(response.body, b"", "{status}");
            } else {
                assert_eq!(response.body, b"{}");
            }
        }
    }

    #[test]
    fn request_time_is_api_gateways_format() {
        use chrono::TimeZone as _;
        for (stamp, expected) in [
            ((2024, 3, 9, 7, 5, 1), "09/Mar/2024:07:05:01 +0000"),
            ((1999, 12, 31, 23, 59, 59), "31/Dec/1999:23:59:59 +0000"),
            ((2026, 1, 1, 0, 0, 0), "01/Jan/2026:00:00:00 +0000"),
        ] {
            let (y, mo, d, h, mi, s) = stamp;
            let now = chrono::Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap();
            assert_eq!(request_time(&now), expected);
            assert_eq!(now.format("%d/%b/%Y:%H:%M:%S +0000").to_string(), expected);
        }
    }

    #[test]
    fn glob_table() {
        let base = "arn:aws:execute-api:mars-west-1:123456789012:ymy8tbxw7b/api";
        let cases = [
            ("/*/*", "/GET/items/1", true),
            ("/*/items/*", "/GET/items/1", true),
            ("/*/items/*", "/GET/items/1/sub", true),
            ("/GET/items/*", "/POST/items/1", false),
            ("/*/", "/GET/", true),
            ("/*/", "/GET/foo/", false),
            ("/*/items/{id}", "/GET/items/7", false),
            ("/GET/item?", "/GET/items", true),
            ("/GET/secure", "/GET/secure", true),
            ("/GET/secure", "/GET/secure/x", false),
        ];
        for (pattern, arn, expected) in cases {
            assert_eq!(
                arn_glob(&format!("{base}{pattern}"), &format!("{base}{arn}")),
                expected,
                "{pattern} vs {arn}"
            );
        }
    }

    #[test]
    fn deny_wins_and_nothing_is_allowed_by_default() {
        let arn = "arn:x/api/GET/a";
        let allow = json!({"policyDocument": {"Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": ["arn:x/api/*/a"]}]}});
        let both = json!({"policyDocument": {"Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": ["arn:x/api/*/a"]},
            {"Action": ["execute-api:Invoke"], "Effect": "Deny", "Resource": "arn:x/api/GET/a"}]}});
        assert!(policy_allows(&allow, arn));
        assert!(!policy_allows(&both, arn));
        assert!(!policy_allows(&json!({}), arn));
        assert!(!policy_allows(
            &json!({"policyDocument": {"Statement": []}}),
            arn
        ));
    }
}
