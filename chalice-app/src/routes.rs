//! Route registration options, the route table and path matching.
//!
//! # Route paths
//!
//! A path starts with `/` and is made of segments of `[A-Za-z0-9._-]`, a
//! capture `{name}` (`name` of word characters) or, as the last segment only,
//! a greedy capture `{name+}`. No trailing slash except on the root `/`, no
//! empty segments. Sibling captures at the same position must share their name
//! (API Gateway refuses `/items/{id}` next to `/items/{item_id}`).
//!
//! # Matching concrete paths
//!
//! API Gateway REST events name the matched route themselves
//! (`requestContext.resourcePath`). Everything else (the local server, the test
//! client, HTTP API v2, function URLs, ALB) is matched here, as API Gateway
//! matches: per segment, a literal beats a capture, a capture beats a greedy
//! capture, and a shorter match is tried again with the next kind when the rest
//! does not match. One trailing slash is ignored. Captured segments are
//! percent-decoded (`%20` → space, `%2F` → `/` without splitting).
//!
//! | routes | request | match |
//! |---|---|---|
//! | `/foo/bar`, `/foo/{x}` | `/foo/bar` | `/foo/bar` |
//! | `/foo/bar`, `/foo/{x}` | `/foo/baz` | `/foo/{x}`, `x = baz` |
//! | `/a/{x}/c`, `/a/b/{y}` | `/a/b/c` | `/a/b/{y}` |
//! | `/files/{path+}` | `/files/a/b.txt` | `path = a/b.txt` |
//! | `/foo` | `/foo/` | `/foo` |

use std::collections::HashMap;
use std::sync::Arc;

use chalice_events::authorizer::{CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer};
use chalice_events::cors::CORSConfig;
use chalice_events::request::Request;
use chalice_events::response::Response;
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

use crate::handler::ErasedFn;
use crate::models::{Model, RouteModels};

/// Whether a route has CORS: Chalice's `cors=` argument.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Cors {
    /// Whatever `app.api.cors` is when the route is registered (`cors=None`).
    #[default]
    AppDefault,
    /// No CORS headers (`cors=False`).
    Disabled,
    /// These CORS settings (`cors=True` is `CORSConfig::default()`).
    Enabled(CORSConfig),
}

impl From<bool> for Cors {
    fn from(on: bool) -> Self {
        if on {
            Cors::Enabled(CORSConfig::default())
        } else {
            Cors::Disabled
        }
    }
}

impl From<CORSConfig> for Cors {
    fn from(config: CORSConfig) -> Self {
        Cors::Enabled(config)
    }
}

/// The authorizer a route requires.
#[derive(Debug, Clone, PartialEq)]
pub enum Authorizer {
    /// A built-in authorizer registered with [`Chalice::authorizer`](crate::Chalice::authorizer).
    Builtin(ChaliceAuthorizer),
    /// SigV4 signed requests (`IAMAuthorizer`).
    Iam(IAMAuthorizer),
    /// A Cognito user pool.
    Cognito(CognitoUserPoolAuthorizer),
    /// A Lambda authorizer managed outside this app.
    Custom(CustomAuthorizer),
}

impl Authorizer {
    /// The name the authorizer has in the API definition.
    pub fn name(&self) -> String {
        match self {
            Authorizer::Builtin(a) => a.name.clone(),
            Authorizer::Iam(a) => a.name().to_string(),
            Authorizer::Cognito(a) => a.name().to_string(),
            Authorizer::Custom(a) => a.name().to_string(),
        }
    }

    /// The OAuth scopes a route with this authorizer requires (the route's
    /// Swagger `security` entry); always empty for [`IAMAuthorizer`].
    pub fn scopes(&self) -> &[String] {
        match self {
            Authorizer::Builtin(a) => &a.scopes,
            Authorizer::Iam(a) => a.scopes(),
            Authorizer::Cognito(a) => a.scopes(),
            Authorizer::Custom(a) => a.scopes(),
        }
    }
}

impl From<ChaliceAuthorizer> for Authorizer {
    fn from(a: ChaliceAuthorizer) -> Self {
        Authorizer::Builtin(a)
    }
}
impl From<&ChaliceAuthorizer> for Authorizer {
    fn from(a: &ChaliceAuthorizer) -> Self {
        Authorizer::Builtin(a.clone())
    }
}
impl From<IAMAuthorizer> for Authorizer {
    fn from(a: IAMAuthorizer) -> Self {
        Authorizer::Iam(a)
    }
}
impl From<CognitoUserPoolAuthorizer> for Authorizer {
    fn from(a: CognitoUserPoolAuthorizer) -> Self {
        Authorizer::Cognito(a)
    }
}
impl From<CustomAuthorizer> for Authorizer {
    fn from(a: CustomAuthorizer) -> Self {
        Authorizer::Custom(a)
    }
}

/// A handle on a built-in authorizer, returned by
/// [`Chalice::authorizer`](crate::Chalice::authorizer) and given to routes.
#[derive(Debug, Clone, PartialEq)]
pub struct ChaliceAuthorizer {
    /// The authorizer's name (its Lambda function's name).
    pub name: String,
    /// The header the token is read from (default `Authorization`).
    pub header: String,
    /// OAuth scopes the route requires.
    pub scopes: Vec<String>,
    /// How long API Gateway caches the policy, when set.
    pub ttl_seconds: Option<u32>,
    /// The role API Gateway assumes to invoke the authorizer, when set.
    pub execution_role: Option<String>,
}

impl ChaliceAuthorizer {
    /// A copy requiring these scopes.
    pub fn with_scopes<I: IntoIterator<Item = S>, S: Into<String>>(&self, scopes: I) -> Self {
        ChaliceAuthorizer {
            scopes: scopes.into_iter().map(Into::into).collect(),
            ..self.clone()
        }
    }
}

/// How a route is registered: Chalice's `@app.route` keyword arguments.
///
/// ```
/// use chalice_app::{CORSConfig, Route};
///
/// let route = Route::new()
///     .methods(["GET", "PUT"])
///     .name("item")
///     .cors(CORSConfig::default().allow_origin("https://example.com"))
///     .content_types(["application/json", "text/plain"]);
/// // An array of methods is a route too.
/// let post: Route = ["POST"].into();
/// # let _ = (route, post);
/// ```
#[derive(Debug, Clone)]
pub struct Route {
    pub(crate) methods: Vec<String>,
    pub(crate) name: Option<String>,
    pub(crate) authorizer: Option<Authorizer>,
    pub(crate) content_types: Vec<String>,
    pub(crate) api_key_required: bool,
    pub(crate) cors: Cors,
    pub(crate) docstring: Option<String>,
    pub(crate) responses: Vec<(u16, Model)>,
}

impl Default for Route {
    fn default() -> Self {
        Route {
            methods: vec!["GET".to_string()],
            name: None,
            authorizer: None,
            content_types: vec!["application/json".to_string()],
            api_key_required: false,
            cors: Cors::AppDefault,
            docstring: None,
            responses: Vec::new(),
        }
    }
}

impl Route {
    /// `GET`, accepting `application/json`, CORS as the app's default.
    pub fn new() -> Self {
        Route::default()
    }

    /// The HTTP methods (upper-case), e.g. `["GET", "POST"]`.
    pub fn methods<I: IntoIterator<Item = S>, S: Into<String>>(mut self, methods: I) -> Self {
        self.methods = methods.into_iter().map(Into::into).collect();
        self
    }

    /// The view's name (default: derived from the methods and the path).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The authorizer callers must pass.
    pub fn authorizer(mut self, authorizer: impl Into<Authorizer>) -> Self {
        self.authorizer = Some(authorizer.into());
        self
    }

    /// The request content types accepted (default `["application/json"]`);
    /// others get a 415. An empty list accepts everything.
    pub fn content_types<I: IntoIterator<Item = S>, S: Into<String>>(mut self, types: I) -> Self {
        self.content_types = types.into_iter().map(Into::into).collect();
        self
    }

    /// Whether API Gateway requires an API key.
    pub fn api_key_required(mut self, required: bool) -> Self {
        self.api_key_required = required;
        self
    }

    /// CORS for this route: `true`, `false` or a [`CORSConfig`].
    pub fn cors(mut self, cors: impl Into<Cors>) -> Self {
        self.cors = cors.into();
        self
    }

    /// The view's documentation: what a Python view's docstring is to
    /// Chalice. It goes into the API definition as Chalice puts it there: the
    /// text is dedented (Python's `inspect.cleandoc`), its first line becomes
    /// the operation's `summary` and the remaining lines, if any, its
    /// `description`.
    ///
    /// ```
    /// use chalice_app::Route;
    ///
    /// let route = Route::new().doc("One order of one user.\n\nBoth path parameters are strings.");
    /// # let _ = route;
    /// ```
    pub fn doc(mut self, docstring: impl Into<String>) -> Self {
        self.docstring = Some(docstring.into());
        self
    }

    /// The type the route answers with (status 200): its schema goes into
    /// the API documents (see [`models`](crate::models)). It documents; the
    /// view still returns what it returns (`Json(item)`, say).
    ///
    /// ```
    /// use chalice_app::{Chalice, Json, Request, Route};
    ///
    /// #[derive(serde::Serialize, schemars::JsonSchema)]
    /// struct Item {
    ///     id: u64,
    /// }
    ///
    /// let mut app = Chalice::new("app");
    /// app.route("/item", Route::new().response::<Item>(), |_r: Request| Json(Item { id: 1 }));
    /// ```
    pub fn response<T: schemars::JsonSchema + ?Sized>(self) -> Self {
        self.response_with_status::<T>(200)
    }

    /// The type the route answers with under `status` (e.g. 201 for a
    /// creation). Registration fails for a status outside 100–599.
    pub fn response_with_status<T: schemars::JsonSchema + ?Sized>(mut self, status: u16) -> Self {
        self.responses.push((status, Model::of::<T>()));
        self
    }
}

impl<const N: usize> From<[&str; N]> for Route {
    fn from(methods: [&str; N]) -> Self {
        Route::new().methods(methods)
    }
}

/// One (path, method) of the route table: Chalice's `RouteEntry`.
#[derive(Clone)]
pub struct RouteEntry {
    /// The route template, e.g. `/users/{id}`.
    pub path: String,
    /// The HTTP method.
    pub method: String,
    /// The view's name.
    pub view_name: String,
    /// The captures of the path, in order (`{proxy+}` included as `proxy`).
    pub view_args: Vec<String>,
    /// Accepted request content types (empty: any).
    pub content_types: Vec<String>,
    /// CORS settings, when the route has CORS.
    pub cors: Option<CORSConfig>,
    /// The authorizer, when the route has one.
    pub authorizer: Option<Authorizer>,
    /// Whether an API key is required.
    pub api_key_required: bool,
    /// The view's documentation as given to [`Route::doc`], not yet dedented.
    pub docstring: Option<String>,
    /// The types the view's extractors read and the route answers with.
    pub models: RouteModels,
    pub(crate) view: ErasedFn<Request, Response>,
}

impl std::fmt::Debug for RouteEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouteEntry")
            .field("path", &self.path)
            .field("method", &self.method)
            .field("view_name", &self.view_name)
            .field("view_args", &self.view_args)
            .field("content_types", &self.content_types)
            .field("cors", &self.cors)
            .field("authorizer", &self.authorizer)
            .field("api_key_required", &self.api_key_required)
            .field("docstring", &self.docstring)
            .field("models", &self.models)
            .finish_non_exhaustive()
    }
}

/// All methods registered for one path, in registration order.
#[derive(Debug, Clone, Default)]
pub struct PathRoutes {
    /// The route template.
    pub path: String,
    /// One entry per method.
    pub entries: Vec<Arc<RouteEntry>>,
}

impl PathRoutes {
    /// The entry for `method` (case-sensitive, as API Gateway sends it).
    pub fn get(&self, method: &str) -> Option<&Arc<RouteEntry>> {
        self.entries.iter().find(|e| e.method == method)
    }

    /// The registered methods joined as in Chalice's `Allow` header.
    pub fn allow_header(&self) -> String {
        self.entries
            .iter()
            .map(|e| e.method.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The route table: lookup by template (REST events) and by concrete path.
#[derive(Debug, Clone, Default)]
pub(crate) struct RouteTable {
    pub(crate) paths: Vec<PathRoutes>,
    index: Lookup<usize>,
    root: Node,
}

/// A map of the app's templates or segments: a lookup hashes a whole
/// template or segment on every request, and SipHash's resistance to
/// chosen collisions buys nothing for keys the app registered.
type Lookup<V> = HashMap<String, V, foldhash::fast::RandomState>;

#[derive(Debug, Clone, Default)]
struct Node {
    literal: Lookup<Node>,
    capture: Option<(String, Box<Node>)>,
    greedy: Option<(String, usize)>,
    terminal: Option<usize>,
}

/// A route template, split into segments borrowed from it: the route table
/// copies the few it keeps (a literal or capture new to the trie).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Segment<'p> {
    Literal(&'p str),
    Capture(&'p str),
    Greedy(&'p str),
}

/// Checks a route template and splits it into segments.
pub(crate) fn parse_template(path: &str) -> Result<Vec<Segment<'_>>, String> {
    if path.is_empty() {
        return Err("Route cannot be the empty string".to_string());
    }
    if !path.starts_with('/') {
        return Err(format!("Route must start with a slash: {path}"));
    }
    if path == "/" {
        return Ok(Vec::new());
    }
    if path.ends_with('/') {
        return Err(format!("Route cannot end with a trailing slash: {path}"));
    }
    let rest = path.get(1..).unwrap_or_default();
    let count = rest.bytes().filter(|&b| b == b'/').count() + 1;
    let mut segments = Vec::with_capacity(count);
    for (i, part) in rest.split('/').enumerate() {
        if part.is_empty() {
            return Err(format!("Route cannot have an empty segment: {path}"));
        }
        if let Some(inner) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(n) => (n, true),
                None => (inner, false),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(format!("Invalid capture `{part}` in route: {path}"));
            }
            let seen = segments
                .iter()
                .any(|s| matches!(s, Segment::Capture(n) | Segment::Greedy(n) if *n == name));
            if seen {
                return Err(format!("Capture `{name}` appears twice in route: {path}"));
            }
            if greedy {
                if i + 1 != count {
                    return Err(format!("A greedy capture must be the last segment: {path}"));
                }
                segments.push(Segment::Greedy(name));
            } else {
                segments.push(Segment::Capture(name));
            }
        } else if part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            segments.push(Segment::Literal(part));
        } else {
            return Err(format!(
                "Invalid character in route segment `{part}` (allowed: A-Z a-z 0-9 . _ - and {{captures}}): {path}"
            ));
        }
    }
    Ok(segments)
}

/// The capture names of a template, in order.
pub(crate) fn view_args(segments: &[Segment<'_>]) -> Vec<String> {
    segments
        .iter()
        .filter_map(|s| match s {
            Segment::Capture(n) | Segment::Greedy(n) => Some((*n).to_string()),
            Segment::Literal(_) => None,
        })
        .collect()
}

/// A match of a concrete path.
#[derive(Debug, Clone)]
pub(crate) struct Match<'t> {
    pub(crate) routes: &'t PathRoutes,
    pub(crate) params: Map<String, Value>,
}

impl RouteTable {
    /// The routes of a template.
    pub(crate) fn get(&self, template: &str) -> Option<&PathRoutes> {
        self.index.get(template).map(|&i| &self.paths[i])
    }

    /// Checks that the view `view_name` can join the table for `method` on
    /// `path` (split into `segments`), without changing it.
    pub(crate) fn check(
        &self,
        segments: &[Segment<'_>],
        path: &str,
        method: &str,
        view_name: &str,
    ) -> Result<(), String> {
        if let Some(existing) = self.get(path) {
            if let Some(dup) = existing.get(method) {
                return Err(format!(
                    "Duplicate method: '{method}' detected for route: '{path}'\nbetween view functions: \"{}\" and \"{view_name}\". A specific method may only be specified once for a particular path.",
                    dup.view_name
                ));
            }
        }
        // Sibling captures must agree on their names.
        let mut node = &self.root;
        for seg in segments {
            match seg {
                Segment::Literal(l) => match node.literal.get(*l) {
                    Some(n) => node = n,
                    None => return Ok(()),
                },
                Segment::Capture(name) => match &node.capture {
                    Some((other, _)) if other != name => {
                        return Err(format!(
                            "Route {path} captures `{{{name}}}` where an existing route captures `{{{other}}}`; sibling captures must share their name"
                        ))
                    }
                    Some((_, n)) => node = n,
                    None => return Ok(()),
                },
                Segment::Greedy(name) => {
                    if let Some((other, _)) = &node.greedy {
                        if other != name {
                            return Err(format!(
                                "Route {path} captures `{{{name}+}}` where an existing route captures `{{{other}+}}`"
                            ));
                        }
                    }
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Adds an entry that [`check`](Self::check) accepted, and gives it back
    /// as the table holds it.
    pub(crate) fn insert(
        &mut self,
        segments: &[Segment<'_>],
        entry: RouteEntry,
    ) -> Arc<RouteEntry> {
        let index = match self.index.get(&entry.path) {
            Some(&i) => i,
            None => {
                let i = self.paths.len();
                self.paths.push(PathRoutes {
                    path: entry.path.clone(),
                    entries: Vec::new(),
                });
                self.index.insert(entry.path.clone(), i);
                let mut node = &mut self.root;
                for seg in segments {
                    match seg {
                        Segment::Literal(l) => {
                            // A segment the trie has already is not copied again.
                            if !node.literal.contains_key(*l) {
                                node.literal.insert((*l).to_string(), Node::default());
                            }
                            let Some(next) = node.literal.get_mut(*l) else {
                                unreachable!("the segment was just inserted")
                            };
                            node = next;
                        }
                        Segment::Capture(name) => {
                            node = node
                                .capture
                                .get_or_insert_with(|| ((*name).to_string(), Box::default()))
                                .1
                                .as_mut();
                        }
                        Segment::Greedy(name) => {
                            node.greedy = Some(((*name).to_string(), i));
                        }
                    }
                }
                if !matches!(segments.last(), Some(Segment::Greedy(_))) {
                    node.terminal = Some(i);
                }
                i
            }
        };
        let entry = Arc::new(entry);
        self.paths[index].entries.push(Arc::clone(&entry));
        entry
    }

    /// Matches a concrete path (without query string).
    pub(crate) fn match_path(&self, path: &str) -> Option<Match<'_>> {
        let trimmed = path.strip_prefix('/').unwrap_or(path);
        // One trailing slash is ignored, as API Gateway and Chalice's local server do.
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
        let segments: Vec<&str> = if trimmed.is_empty() {
            Vec::new()
        } else {
            trimmed.split('/').collect()
        };
        let mut captures: Vec<(&str, String)> = Vec::new();
        let index = walk(&self.root, &segments, &mut captures)?;
        let mut params = Map::new();
        for (name, value) in captures {
            params.insert(name.to_string(), Value::String(value));
        }
        Some(Match {
            routes: &self.paths[index],
            params,
        })
    }
}

fn decode(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

fn walk<'n>(node: &'n Node, rest: &[&str], captures: &mut Vec<(&'n str, String)>) -> Option<usize> {
    let Some((first, tail)) = rest.split_first() else {
        return node.terminal;
    };
    if let Some(child) = node.literal.get(*first) {
        if let Some(found) = walk(child, tail, captures) {
            return Some(found);
        }
    }
    if let Some((name, child)) = &node.capture {
        let mark = captures.len();
        captures.push((name.as_str(), decode(first)));
        if let Some(found) = walk(child, tail, captures) {
            return Some(found);
        }
        captures.truncate(mark);
    }
    if let Some((name, index)) = &node.greedy {
        let joined = rest.iter().map(|s| decode(s)).collect::<Vec<_>>().join("/");
        captures.push((name.as_str(), joined));
        return Some(*index);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handler::erase_view;

    fn table(paths: &[&str]) -> RouteTable {
        let mut t = RouteTable::default();
        for p in paths {
            let segments = parse_template(p).unwrap();
            let entry = RouteEntry {
                path: (*p).to_string(),
                method: "GET".into(),
                view_name: (*p).to_string(),
                view_args: view_args(&segments),
                content_types: vec![],
                cors: None,
                authorizer: None,
                api_key_required: false,
                docstring: None,
                models: RouteModels::default(),
                view: erase_view(|_r: Request| Value::Null).0,
            };
            t.check(&segments, p, "GET", p).unwrap();
            t.insert(&segments, entry);
        }
        t
    }

    #[test]
    fn precedence_table() {
        type Case<'a> = (&'a [&'a str], &'a str, Option<(&'a str, Value)>);
        let cases: &[Case<'_>] = &[
            (
                &["/foo/bar", "/foo/{x}"],
                "/foo/bar",
                Some(("/foo/bar", serde_json::json!({}))),
            ),
            (
                &["/foo/bar", "/foo/{x}"],
                "/foo/baz",
                Some(("/foo/{x}", serde_json::json!({"x": "baz"}))),
            ),
            (
                &["/a/{x}/c", "/a/b/{y}"],
                "/a/b/c",
                Some(("/a/b/{y}", serde_json::json!({"y": "c"}))),
            ),
            (
                &["/a/{x}/c", "/a/b/d"],
                "/a/b/c",
                Some(("/a/{x}/c", serde_json::json!({"x": "b"}))),
            ),
            (
                &["/files/{path+}"],
                "/files/a/b.txt",
                Some(("/files/{path+}", serde_json::json!({"path": "a/b.txt"}))),
            ),
            (
                &["/files/{path+}", "/files/{id}"],
                "/files/a",
                Some(("/files/{id}", serde_json::json!({"id": "a"}))),
            ),
            (&["/files/{path+}"], "/files", None),
            (&["/foo"], "/foo/", Some(("/foo", serde_json::json!({})))),
            (&["/"], "/", Some(("/", serde_json::json!({})))),
            (&["/names/{n}"], "/names/", None),
            (&["/names/{n}"], "/names/bar/wrong", None),
            (
                &["/u/{id}"],
                "/u/a%20b%2Fc",
                Some(("/u/{id}", serde_json::json!({"id": "a b/c"}))),
            ),
            (
                &["/u/{id}"],
                "/u/%E2%9C%93",
                Some(("/u/{id}", serde_json::json!({"id": "✓"}))),
            ),
            (&["/foo"], "/Foo", None),
        ];
        for (routes, request, expected) in cases {
            let t = table(routes);
            let got = t
                .match_path(request)
                .map(|m| (m.routes.path.clone(), Value::Object(m.params)));
            let expected = expected.clone().map(|(p, v)| (p.to_string(), v));
            assert_eq!(got, expected, "routes {routes:?}, request {request}");
        }
    }

    #[test]
    fn template_validation_table() {
        let bad = [
            ("", "Route cannot be the empty string"),
            ("/foo/", "Route cannot end with a trailing slash: /foo/"),
            ("foo", "Route must start with a slash: foo"),
            ("/a//b", "Route cannot have an empty segment: /a//b"),
            ("/a b", "Invalid character"),
            ("/{x}/{x}", "appears twice"),
            ("/{a+}/b", "greedy capture must be the last"),
            ("/{}", "Invalid capture"),
        ];
        for (path, message) in bad {
            let err = parse_template(path).unwrap_err();
            assert!(err.contains(message), "{path}: {err}");
        }
        assert_eq!(
            parse_template("/foo/{bar}/baz/{qux+}").map(|s| view_args(&s)),
            Ok(vec!["bar".to_string(), "qux".to_string()])
        );
    }

    #[test]
    fn sibling_captures_must_share_names() {
        let t = table(&["/items/{id}"]);
        let path = "/items/{item_id}/x";
        let segments = parse_template(path).unwrap();
        assert!(t
            .check(&segments, path, "GET", "other")
            .unwrap_err()
            .contains("sibling captures"));
    }
}
