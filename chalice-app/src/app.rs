//! The [`Chalice`] app, its registration calls and [`Blueprint`]s.

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::sync::Arc;

use chalice_events::apigateway::APIGateway;
use chalice_events::authorizer::{AuthRequest, AuthResponse};
use chalice_events::cloudwatch::CloudWatchEvent;
use chalice_events::dynamodb::DynamoDBEvent;
use chalice_events::kinesis::KinesisEvent;
use chalice_events::request::Request;
use chalice_events::response::Response;
use chalice_events::s3::S3Event;
use chalice_events::schedule::ScheduleExpression;
use chalice_events::sns::SNSEvent;
use chalice_events::sqs::SQSEvent;
use chalice_events::websocket::WebsocketEvent;
use serde_json::Value;

use crate::handler::{
    erase_event, erase_source, erase_view, erase_websocket, event_of, terminal, BoxFuture,
    ErasedFn, EventFn, EventHandler, ViewHandler,
};
use crate::middleware::{
    Chains, EventType, HttpNext, LambdaFunctionEvent, MiddlewareEvent, MiddlewareFn, Next, Outcome,
    Terminal,
};
use crate::models::RouteModels;
use crate::routes::{
    parse_template, view_args, ChaliceAuthorizer, Cors, Route, RouteEntry, RouteTable,
};
use crate::websocket::WebsocketAPI;
use crate::Error;

/// Where an S3 handler listens: Chalice's `on_s3_event` arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct S3EventConfig {
    /// The bucket, e.g. `"uploads"`.
    pub bucket: String,
    /// The S3 event names (default `["s3:ObjectCreated:*"]`).
    pub events: Vec<String>,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Only keys ending with this.
    pub suffix: Option<String>,
    /// The handler's name (default `on_s3_event_<bucket>`).
    pub name: Option<String>,
}

impl S3EventConfig {
    /// Listens to object creation in `bucket`.
    pub fn new(bucket: impl Into<String>) -> Self {
        S3EventConfig {
            bucket: bucket.into(),
            events: vec!["s3:ObjectCreated:*".to_string()],
            prefix: None,
            suffix: None,
            name: None,
        }
    }
    /// The S3 event names to listen to.
    pub fn events<I: IntoIterator<Item = S>, S: Into<String>>(mut self, events: I) -> Self {
        self.events = events.into_iter().map(Into::into).collect();
        self
    }
    /// Only keys starting with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }
    /// Only keys ending with `suffix`.
    pub fn suffix(mut self, suffix: impl Into<String>) -> Self {
        self.suffix = Some(suffix.into());
        self
    }
    /// The handler's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl From<&str> for S3EventConfig {
    fn from(bucket: &str) -> Self {
        S3EventConfig::new(bucket)
    }
}

/// Where an SNS handler listens.
#[derive(Debug, Clone, PartialEq)]
pub struct SNSEventConfig {
    /// Topic name or ARN.
    pub topic: String,
    /// The handler's name (default `on_sns_message_<topic>`).
    pub name: Option<String>,
}

impl SNSEventConfig {
    /// Listens to `topic` (a name or an ARN).
    pub fn new(topic: impl Into<String>) -> Self {
        SNSEventConfig {
            topic: topic.into(),
            name: None,
        }
    }
    /// The handler's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl From<&str> for SNSEventConfig {
    fn from(topic: &str) -> Self {
        SNSEventConfig::new(topic)
    }
}

/// Where an SQS handler listens: Chalice's `on_sqs_message` arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct SQSEventConfig {
    /// Queue name (not a URL or ARN).
    pub queue: Option<String>,
    /// Queue ARN, instead of a name.
    pub queue_arn: Option<String>,
    /// Messages per invocation (default 1).
    pub batch_size: u32,
    /// Seconds to gather a batch (default 0).
    pub maximum_batching_window_in_seconds: u32,
    /// Cap on concurrent invocations.
    pub maximum_concurrency: Option<u32>,
    /// Whether the handler reports failed messages (`batchItemFailures`)
    /// instead of failing the whole batch.
    pub report_batch_item_failures: bool,
    /// The handler's name (default `on_sqs_message_<queue>`).
    pub name: Option<String>,
}

impl SQSEventConfig {
    /// Listens to the queue named `queue`.
    pub fn new(queue: impl Into<String>) -> Self {
        SQSEventConfig {
            queue: Some(queue.into()),
            queue_arn: None,
            batch_size: 1,
            maximum_batching_window_in_seconds: 0,
            maximum_concurrency: None,
            report_batch_item_failures: false,
            name: None,
        }
    }
    /// Listens to the queue with this ARN.
    pub fn from_arn(arn: impl Into<String>) -> Self {
        SQSEventConfig {
            queue: None,
            queue_arn: Some(arn.into()),
            ..SQSEventConfig::new("")
        }
    }
    /// Messages per invocation.
    pub fn batch_size(mut self, n: u32) -> Self {
        self.batch_size = n;
        self
    }
    /// Seconds to gather a batch.
    pub fn maximum_batching_window_in_seconds(mut self, n: u32) -> Self {
        self.maximum_batching_window_in_seconds = n;
        self
    }
    /// Cap on concurrent invocations.
    pub fn maximum_concurrency(mut self, n: u32) -> Self {
        self.maximum_concurrency = Some(n);
        self
    }
    /// Opt in to partial batch failures: the handler returns
    /// `{"batchItemFailures": [{"itemIdentifier": <messageId>}, ...]}` (see
    /// [`crate::BatchItemFailures`]).
    pub fn report_batch_item_failures(mut self, on: bool) -> Self {
        self.report_batch_item_failures = on;
        self
    }
    /// The handler's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    fn queue_name(&self) -> &str {
        match (&self.queue, &self.queue_arn) {
            (Some(q), _) if !q.is_empty() => q,
            (_, Some(arn)) => arn.rsplit(':').next().unwrap_or(arn),
            _ => "",
        }
    }
}

impl From<&str> for SQSEventConfig {
    fn from(queue: &str) -> Self {
        SQSEventConfig::new(queue)
    }
}

/// A schedule: Chalice's `schedule(expression, name, description)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleConfig {
    /// When to run.
    pub expression: ScheduleExpression,
    /// The rule's description.
    pub description: String,
    /// The handler's name (default `schedule_<n>`).
    pub name: Option<String>,
}

impl ScheduleConfig {
    /// Runs on `expression` (a `Rate`, a `Cron` or an expression string).
    pub fn new(expression: impl Into<ScheduleExpression>) -> Self {
        ScheduleConfig {
            expression: expression.into(),
            description: String::new(),
            name: None,
        }
    }
    /// The rule's description.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = d.into();
        self
    }
    /// The handler's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl<T: Into<ScheduleExpression>> From<T> for ScheduleConfig {
    fn from(expression: T) -> Self {
        ScheduleConfig::new(expression)
    }
}

/// A CloudWatch / EventBridge rule: Chalice's `on_cw_event(event_pattern)`.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudWatchEventConfig {
    /// The event pattern, e.g. `{"source": ["aws.ec2"]}`.
    pub event_pattern: Value,
    /// The handler's name (default `on_cw_event_<n>`).
    pub name: Option<String>,
}

impl CloudWatchEventConfig {
    /// Listens to events matching `event_pattern`.
    pub fn new(event_pattern: Value) -> Self {
        CloudWatchEventConfig {
            event_pattern,
            name: None,
        }
    }
    /// The handler's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl From<Value> for CloudWatchEventConfig {
    fn from(pattern: Value) -> Self {
        CloudWatchEventConfig::new(pattern)
    }
}

/// A stream source: Chalice's `on_kinesis_record` / `on_dynamodb_record`.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamConfig {
    /// Kinesis stream name, or DynamoDB stream ARN.
    pub stream: String,
    /// Records per invocation (default 100).
    pub batch_size: u32,
    /// `LATEST` (default) or `TRIM_HORIZON`.
    pub starting_position: String,
    /// Seconds to gather a batch (default 0).
    pub maximum_batching_window_in_seconds: u32,
    /// Whether the handler reports failed records (`batchItemFailures`,
    /// naming each record's sequence number) instead of failing the whole
    /// batch. Packaging writes `FunctionResponseTypes:
    /// [ReportBatchItemFailures]` on the event source when set; Chalice has
    /// no such option, so it is off by default.
    pub report_batch_item_failures: bool,
    /// The handler's name.
    pub name: Option<String>,
}

impl StreamConfig {
    /// Reads `stream` (Kinesis stream name or DynamoDB stream ARN).
    pub fn new(stream: impl Into<String>) -> Self {
        StreamConfig {
            stream: stream.into(),
            batch_size: 100,
            starting_position: "LATEST".to_string(),
            maximum_batching_window_in_seconds: 0,
            report_batch_item_failures: false,
            name: None,
        }
    }
    /// Records per invocation.
    pub fn batch_size(mut self, n: u32) -> Self {
        self.batch_size = n;
        self
    }
    /// Where to start reading.
    pub fn starting_position(mut self, p: impl Into<String>) -> Self {
        self.starting_position = p.into();
        self
    }
    /// Seconds to gather a batch.
    pub fn maximum_batching_window_in_seconds(mut self, n: u32) -> Self {
        self.maximum_batching_window_in_seconds = n;
        self
    }
    /// Opt in to partial batch failures: the handler returns
    /// `{"batchItemFailures": [{"itemIdentifier": <sequence number>}, ...]}`
    /// (see [`crate::BatchItemFailures`]) and Lambda retries from the first
    /// failed record.
    pub fn report_batch_item_failures(mut self, on: bool) -> Self {
        self.report_batch_item_failures = on;
        self
    }
    /// The handler's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl From<&str> for StreamConfig {
    fn from(stream: &str) -> Self {
        StreamConfig::new(stream)
    }
}

/// A built-in authorizer's settings: Chalice's `@app.authorizer(...)` arguments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthorizerConfig {
    /// How long API Gateway caches a policy (API Gateway's default, 300, when unset).
    pub ttl_seconds: Option<u32>,
    /// The role API Gateway assumes to invoke the authorizer.
    pub execution_role: Option<String>,
    /// The header holding the token (default `Authorization`).
    pub header: Option<String>,
}

impl AuthorizerConfig {
    /// Default settings.
    pub fn new() -> Self {
        AuthorizerConfig::default()
    }
    /// Policy cache time.
    pub fn ttl_seconds(mut self, ttl: u32) -> Self {
        self.ttl_seconds = Some(ttl);
        self
    }
    /// Invocation role.
    pub fn execution_role(mut self, arn: impl Into<String>) -> Self {
        self.execution_role = Some(arn.into());
        self
    }
    /// Token header.
    pub fn header(mut self, header: impl Into<String>) -> Self {
        self.header = Some(header.into());
        self
    }
}

/// A registered event source, as the app describes it for deployment.
#[derive(Debug, Clone, PartialEq)]
pub enum EventSource {
    /// `on_s3_event`.
    S3(S3EventConfig),
    /// `on_sns_message`.
    Sns(SNSEventConfig),
    /// `on_sqs_message`.
    Sqs(SQSEventConfig),
    /// `schedule`.
    Schedule(ScheduleConfig),
    /// `on_cw_event`.
    CloudWatch(CloudWatchEventConfig),
    /// `on_kinesis_record`.
    Kinesis(StreamConfig),
    /// `on_dynamodb_record`.
    DynamoDB(StreamConfig),
}

/// What a built-in authorizer returns: an [`AuthResponse`], or a policy
/// document as raw JSON that is passed through unchanged.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not what an authorizer can return",
    label = "not an authorizer's result",
    note = "an authorizer returns `AuthResponse`, a policy document as `serde_json::Value`, or a `Result` of one of them whose error converts into `chalice_app::Error`"
)]
pub trait IntoAuthResult {
    /// The policy document for `request`.
    ///
    /// # Errors
    ///
    /// When the authorizer failed.
    fn into_auth_result(self, request: &AuthRequest) -> Result<Value, Error>;
}

impl IntoAuthResult for AuthResponse {
    fn into_auth_result(self, request: &AuthRequest) -> Result<Value, Error> {
        Ok(self.to_dict(request))
    }
}

impl IntoAuthResult for Value {
    fn into_auth_result(self, _: &AuthRequest) -> Result<Value, Error> {
        Ok(self)
    }
}

impl<T: IntoAuthResult, E: Into<Error>> IntoAuthResult for Result<T, E> {
    fn into_auth_result(self, request: &AuthRequest) -> Result<Value, Error> {
        self.map_err(Into::into)?.into_auth_result(request)
    }
}

pub(crate) type AuthFn = ErasedFn<AuthRequest, Value>;

/// A handler of the app, by kind.
#[derive(Clone)]
pub(crate) enum HandlerFn {
    S3(EventFn<S3Event>),
    Sns(EventFn<SNSEvent>),
    Sqs(EventFn<SQSEvent>),
    CloudWatch(EventFn<CloudWatchEvent>),
    Scheduled(EventFn<CloudWatchEvent>),
    Kinesis(EventFn<KinesisEvent>),
    DynamoDB(EventFn<DynamoDBEvent>),
    Websocket(EventFn<WebsocketEvent>),
    PureLambda(Terminal),
    Authorizer(AuthFn),
    View(Arc<RouteEntry>),
}

/// One registration, applied to an app directly or replayed from a blueprint.
#[derive(Clone)]
enum Registration {
    Route {
        path: String,
        // Boxed: a route's options are most of a registration's size.
        route: Box<Route>,
        view: ErasedFn<Request, Response>,
        models: RouteModels,
    },
    Handler {
        name: String,
        source: Option<EventSource>,
        handler: HandlerFn,
    },
    Websocket {
        route_key: &'static str,
        name: String,
        handler: EventFn<WebsocketEvent>,
    },
    Authorizer {
        authorizer: ChaliceAuthorizer,
        handler: AuthFn,
    },
    Middleware {
        event_type: EventType,
        middleware: MiddlewareFn,
    },
}

/// A Chalice application: routes, event handlers, authorizers and middleware.
///
/// Registration mistakes (a malformed path, a method registered twice on a
/// path, two handlers with one name) panic at the call site, naming both
/// sides; every registration has a `try_` twin returning the error instead.
///
/// ```
/// use chalice_app::{Chalice, Json, NotFoundError, Request, Route};
/// use serde_json::json;
///
/// let mut app = Chalice::new("helloworld");
/// app.route("/", Route::new(), |_req: Request| json!({"hello": "world"}));
/// app.route("/users/{id}", ["GET"], |req: Request| async move {
///     let id = req.uri_param("id").unwrap_or_default();
///     if id == "0" {
///         return Err(NotFoundError::new("no user 0").into());
///     }
///     Ok::<_, chalice_app::Error>(Json(json!({"id": id})))
/// });
/// assert_eq!(app.routes().len(), 2);
/// ```
pub struct Chalice {
    /// The app's name.
    pub app_name: String,
    /// Debug mode: 500 responses carry the error text.
    pub debug: bool,
    /// API Gateway settings: default CORS and binary types.
    pub api: APIGateway,
    /// The websocket management API.
    pub websocket_api: Arc<WebsocketAPI>,
    /// The experimental features the app opts in to: Chalice's
    /// `app.experimental_feature_flags`. Packaging refuses an app that uses
    /// one without opting in, as `chalice package` does; today the only one
    /// is `"WEBSOCKETS"`, used by any websocket handler.
    ///
    /// ```
    /// let mut app = chalice_app::Chalice::new("chat");
    /// app.experimental_feature_flags.insert("WEBSOCKETS".to_string());
    /// ```
    pub experimental_feature_flags: BTreeSet<String>,
    pub(crate) routes: RouteTable,
    /// By name; looked up on every invocation of an event handler, and the
    /// names are the app's own, so foldhash rather than SipHash (see
    /// `routes::Lookup`).
    pub(crate) handlers: HashMap<String, HandlerFn, foldhash::fast::RandomState>,
    pub(crate) handler_order: Vec<String>,
    pub(crate) event_sources: Vec<(String, EventSource)>,
    pub(crate) websocket_handlers: HashMap<&'static str, String>,
    pub(crate) authorizers: HashMap<String, (ChaliceAuthorizer, AuthFn)>,
    /// The middleware registered, as the chain of each event type.
    pub(crate) middleware: Chains,
    counter: usize,
}

impl std::fmt::Debug for Chalice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chalice")
            .field("app_name", &self.app_name)
            .field("debug", &self.debug)
            .field(
                "routes",
                &self
                    .routes
                    .paths
                    .iter()
                    .map(|p| &p.path)
                    .collect::<Vec<_>>(),
            )
            .field("handlers", &self.handler_order)
            .finish_non_exhaustive()
    }
}

/// A group of registrations, applied to an app by
/// [`Chalice::register_blueprint`] with an optional name and URL prefix.
///
/// ```
/// use chalice_app::{Blueprint, Chalice, Request, Route};
/// use serde_json::json;
///
/// let mut bp = Blueprint::new("users");
/// bp.route("/{id}", Route::new(), |_r: Request| json!({}));
/// let mut app = Chalice::new("app");
/// app.register_blueprint(&bp, Some("users_"), Some("/users"));
/// assert!(app.routes().iter().any(|r| r.path == "/users/{id}"));
/// ```
#[derive(Clone)]
pub struct Blueprint {
    /// The blueprint's import name (used in handler strings).
    pub import_name: String,
    registrations: Vec<Registration>,
}

impl std::fmt::Debug for Blueprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blueprint")
            .field("import_name", &self.import_name)
            .field("registrations", &self.registrations.len())
            .finish()
    }
}

impl Blueprint {
    /// An empty blueprint.
    pub fn new(import_name: impl Into<String>) -> Self {
        Blueprint {
            import_name: import_name.into(),
            registrations: Vec::new(),
        }
    }

    fn add(&mut self, registration: Registration) -> Result<(), Error> {
        // Checked for real when the blueprint is registered; the path is
        // checked here too so the mistake points at the blueprint's line.
        if let Registration::Route { path, .. } = &registration {
            if path != "/" || !self.import_name.is_empty() {
                parse_template(path).map_err(Error::registration)?;
            }
        }
        self.registrations.push(registration);
        Ok(())
    }
}

impl Chalice {
    /// A new app named `app_name`, with debug off, CORS off and the default
    /// binary types.
    pub fn new(app_name: impl Into<String>) -> Self {
        Chalice {
            app_name: app_name.into(),
            debug: false,
            api: APIGateway::default(),
            websocket_api: Arc::new(WebsocketAPI::default()),
            experimental_feature_flags: BTreeSet::new(),
            routes: RouteTable::default(),
            handlers: HashMap::default(),
            handler_order: Vec::new(),
            event_sources: Vec::new(),
            websocket_handlers: HashMap::new(),
            authorizers: HashMap::new(),
            middleware: Chains::default(),
            counter: 0,
        }
    }

    /// The same app with debug mode set.
    pub fn with_debug(mut self, debug: bool) -> Self {
        self.debug = debug;
        self
    }

    /// Every route entry, path by path in registration order.
    pub fn routes(&self) -> Vec<Arc<RouteEntry>> {
        self.routes
            .paths
            .iter()
            .flat_map(|p| p.entries.iter().cloned())
            .collect()
    }

    /// The names of every handler that can be invoked, in registration order
    /// (Chalice's `handler_map` keys).
    pub fn handler_names(&self) -> &[String] {
        &self.handler_order
    }

    /// The registered event sources with their handler names.
    pub fn event_sources(&self) -> &[(String, EventSource)] {
        &self.event_sources
    }

    /// Registers everything `blueprint` holds, with `name_prefix` in front of
    /// every handler name and `url_prefix` in front of every route path.
    ///
    /// # Panics
    ///
    /// As the registrations themselves would; see [`Chalice::try_register_blueprint`].
    #[track_caller]
    pub fn register_blueprint(
        &mut self,
        blueprint: &Blueprint,
        name_prefix: Option<&str>,
        url_prefix: Option<&str>,
    ) {
        if let Err(e) = self.try_register_blueprint(blueprint, name_prefix, url_prefix) {
            panic!("{e}");
        }
    }

    /// [`Chalice::register_blueprint`], returning the first mistake instead of panicking.
    ///
    /// # Errors
    ///
    /// When a registration of the blueprint conflicts with the app.
    pub fn try_register_blueprint(
        &mut self,
        blueprint: &Blueprint,
        name_prefix: Option<&str>,
        url_prefix: Option<&str>,
    ) -> Result<(), Error> {
        let prefix = name_prefix.unwrap_or("");
        for registration in blueprint.registrations.iter().cloned() {
            let registration = match registration {
                Registration::Route {
                    path,
                    mut route,
                    view,
                    models,
                } => {
                    let path = match url_prefix {
                        // Chalice's join: prefix without its trailing slash, the
                        // path without its slashes, no trailing slash.
                        Some(p) => {
                            let joined =
                                format!("{}/{}", p.trim_end_matches('/'), path.trim_matches('/'));
                            let joined = joined.trim_end_matches('/').to_string();
                            if joined.is_empty() {
                                "/".to_string()
                            } else {
                                joined
                            }
                        }
                        None => path,
                    };
                    route.name = Some(format!(
                        "{prefix}{}",
                        route
                            .name
                            .clone()
                            .unwrap_or_else(|| default_view_name(&path, &route.methods))
                    ));
                    Registration::Route {
                        path,
                        route,
                        view,
                        models,
                    }
                }
                Registration::Handler {
                    name,
                    source,
                    handler,
                } => Registration::Handler {
                    name: format!("{prefix}{name}"),
                    source,
                    handler,
                },
                Registration::Websocket {
                    route_key,
                    name,
                    handler,
                } => Registration::Websocket {
                    route_key,
                    name: format!("{prefix}{name}"),
                    handler,
                },
                Registration::Authorizer {
                    authorizer,
                    handler,
                } => Registration::Authorizer {
                    authorizer,
                    handler,
                },
                other @ Registration::Middleware { .. } => other,
            };
            self.add(registration)?;
        }
        Ok(())
    }

    fn unique_name(&mut self, kind: &str) -> String {
        self.counter += 1;
        format!("{kind}_{}", self.counter)
    }

    fn add(&mut self, registration: Registration) -> Result<(), Error> {
        match registration {
            Registration::Route {
                path,
                route,
                view,
                models,
            } => self.add_route(path, *route, view, models),
            Registration::Handler {
                name,
                source,
                handler,
            } => {
                self.add_handler(&name, handler)?;
                if let Some(source) = source {
                    self.event_sources.push((name, source));
                }
                Ok(())
            }
            Registration::Websocket {
                route_key,
                name,
                handler,
            } => {
                if self.websocket_handlers.contains_key(route_key) {
                    let decorator = match route_key {
                        "$connect" => "on_ws_connect",
                        "$disconnect" => "on_ws_disconnect",
                        _ => "on_ws_message",
                    };
                    return Err(Error::registration(format!(
                        "Duplicate websocket handler: '{decorator}'. There can only be one handler for each websocket decorator."
                    )));
                }
                self.add_handler(&name, HandlerFn::Websocket(handler))?;
                self.websocket_handlers.insert(route_key, name);
                Ok(())
            }
            Registration::Authorizer {
                authorizer,
                handler,
            } => {
                self.add_handler(&authorizer.name, HandlerFn::Authorizer(handler.clone()))?;
                self.authorizers
                    .insert(authorizer.name.clone(), (authorizer, handler));
                Ok(())
            }
            Registration::Middleware {
                event_type,
                middleware,
            } => {
                self.middleware.push(event_type, &middleware);
                Ok(())
            }
        }
    }

    fn add_handler(&mut self, name: &str, handler: HandlerFn) -> Result<(), Error> {
        match self.handlers.get(name) {
            // Views are not Lambda functions of their own (the API handler
            // serves them), so as in Chalice their names are outside the
            // uniqueness rule; the function takes the name, and the view stays
            // reachable through the API.
            Some(HandlerFn::View(_)) => {}
            Some(_) => {
                return Err(Error::registration(format!(
                    "Duplicate function name detected: {name}\nNames must be unique across all lambda functions in your Chalice app."
                )))
            }
            None => self.handler_order.push(name.to_string()),
        }
        self.handlers.insert(name.to_string(), handler);
        Ok(())
    }

    fn add_route(
        &mut self,
        path: String,
        mut route: Route,
        view: ErasedFn<Request, Response>,
        mut models: RouteModels,
    ) -> Result<(), Error> {
        let segments = parse_template(&path).map_err(Error::registration)?;
        let args = view_args(&segments);
        models.responses.extend(route.responses.iter().copied());
        crate::models::check(&models, &path, &args).map_err(Error::registration)?;
        if route.methods.is_empty() {
            return Err(Error::registration(format!("Route {path} has no methods")));
        }
        // Taken, not copied: the route is this call's own.
        let cors = match std::mem::replace(&mut route.cors, Cors::Disabled) {
            Cors::AppDefault => self.api.cors.clone(),
            Cors::Disabled => None,
            Cors::Enabled(c) => Some(c),
        };
        if let Some(c) = &cors {
            // Browsers refuse this pair, and honouring it would let any site
            // read responses made with the user's cookies.
            if c.allow_origin == "*" && c.allow_credentials == Some(true) {
                return Err(Error::registration(format!(
                    "Route {path}: CORS with allow_origin `*` cannot allow credentials; name the allowed origin"
                )));
            }
        }
        let view_name = match route.name.take() {
            Some(name) => name,
            None => default_view_name(&path, &route.methods),
        };
        // Same view name on one path from two registrations would make them
        // indistinguishable in the API definition.
        if let Some(existing) = self.routes.get(&path) {
            if let Some(e) = existing.entries.iter().find(|e| e.view_name == view_name) {
                return Err(Error::registration(format!(
                    "Route {path}: view name \"{view_name}\" is already used by its {} method; views sharing a path need different names",
                    e.method
                )));
            }
            // CORS on one path must agree, and cannot coexist with a user OPTIONS route.
            for e in &existing.entries {
                if cors.is_some() && e.cors.is_some() && e.cors != cors {
                    return Err(Error::registration(format!(
                        "Route {path} may not have multiple differing CORS configurations"
                    )));
                }
                let options_conflict = (cors.is_some() && e.method == "OPTIONS")
                    || (e.cors.is_some() && route.methods.iter().any(|m| m == "OPTIONS"));
                if options_conflict {
                    return Err(Error::registration(format!(
                        "Route {path} cannot have both cors=True and methods=['OPTIONS', ...] configured"
                    )));
                }
            }
        }
        if cors.is_some() && route.methods.iter().any(|m| m == "OPTIONS") {
            return Err(Error::registration(format!(
                "Route {path} cannot have both cors=True and methods=['OPTIONS', ...] configured"
            )));
        }
        // Check every method before registering any, so a failed call leaves the table unchanged.
        for (i, method) in route.methods.iter().enumerate() {
            if method.is_empty() || method.chars().any(|c| !c.is_ascii_uppercase()) {
                return Err(Error::registration(format!(
                    "Route {path}: method `{method}` must be an upper-case HTTP method such as GET"
                )));
            }
            if route.methods[..i].contains(method) {
                return Err(Error::registration(format!(
                    "Route {path}: method {method} listed twice"
                )));
            }
            self.routes
                .check(&segments, &path, method, &view_name)
                .map_err(Error::registration)?;
        }
        // One entry per method, each a copy of this one but for its method;
        // the last takes the route's own values instead of copies (most
        // routes have one method). Registration runs in every cold start.
        let Route {
            methods,
            authorizer,
            content_types,
            api_key_required,
            docstring,
            ..
        } = route;
        let shared = RouteEntry {
            // A copy: the segments borrow the template until they are in the table.
            path: path.clone(),
            method: String::new(),
            view_name,
            view_args: args,
            content_types,
            cors,
            authorizer,
            api_key_required,
            docstring,
            models,
            view,
        };
        let mut methods = methods.into_iter();
        // Taken from the back so the others keep their order before it.
        let last = methods.next_back();
        for method in methods {
            let entry = RouteEntry {
                method,
                ..shared.clone()
            };
            self.routes.insert(&segments, entry);
        }
        if let Some(method) = last {
            let entry = self
                .routes
                .insert(&segments, RouteEntry { method, ..shared });
            // A view is invocable by name, as in Chalice's handler_map; the
            // last view of a name wins there too. A Lambda function of that
            // name keeps it: its deployed function (CHALICE_HANDLER) must
            // run the function, not the view.
            match self.handlers.get_mut(&entry.view_name) {
                Some(HandlerFn::View(view)) => *view = entry,
                Some(_) => {}
                None => {
                    self.handler_order.push(entry.view_name.clone());
                    self.handlers
                        .insert(entry.view_name.clone(), HandlerFn::View(entry));
                }
            }
        }
        Ok(())
    }
}

fn default_view_name(path: &str, methods: &[String]) -> String {
    let mut name: String = methods.join("_").to_ascii_lowercase();
    for c in path.chars() {
        if c.is_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    let trimmed = name.trim_end_matches('_');
    if trimmed.is_empty() {
        "index".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Generates the registration calls on both [`Chalice`] and [`Blueprint`]:
/// a blueprint records them, an app applies them.
macro_rules! registration_methods {
    ($ty:ty) => {
        impl $ty {
            /// Registers a view for `path`: Chalice's `@app.route`.
            ///
            /// The view is a sync or async function of the [`Request`]
            /// returning anything [`IntoResponse`](crate::IntoResponse),
            /// optionally taking typed extractors after the request
            /// ([`Json<T>`](crate::Json), [`Path<T>`](crate::Path),
            /// [`Query<T>`](crate::Query); see [`models`](crate::models)).
            ///
            /// # Panics
            ///
            /// On a malformed path, a method already registered for the path,
            /// a conflicting view name or CORS setting, or a declared model
            /// that cannot fit the route (the mistakes
            /// [`models`](crate::models#mistakes-caught-at-registration) lists).
            #[track_caller]
            pub fn route<M, H: ViewHandler<M>>(&mut self, path: &str, route: impl Into<Route>, view: H) {
                if let Err(e) = self.try_route(path, route, view) {
                    panic!("{e}");
                }
            }

            /// [`route`](Self::route), returning the mistake instead of panicking.
            ///
            /// # Errors
            ///
            /// As `route` panics.
            pub fn try_route<M, H: ViewHandler<M>>(
                &mut self,
                path: &str,
                route: impl Into<Route>,
                view: H,
            ) -> Result<(), Error> {
                let (view, declared) = erase_view(view);
                let models = declared.map_err(|e| Error::registration(format!("Route {path}: {e}")))?;
                self.add(Registration::Route { path: path.to_string(), route: Box::new(route.into()), view, models })
            }

            /// Registers a built-in authorizer named `name` and returns the
            /// handle routes use: Chalice's `@app.authorizer()`.
            ///
            /// # Panics
            ///
            /// When a handler named `name` exists.
            #[track_caller]
            pub fn authorizer<M, H>(&mut self, name: &str, config: AuthorizerConfig, handler: H) -> ChaliceAuthorizer
            where
                H: crate::app::AuthHandler<M>,
            {
                let authorizer = ChaliceAuthorizer {
                    name: name.to_string(),
                    header: config.header.clone().unwrap_or_else(|| "Authorization".to_string()),
                    scopes: Vec::new(),
                    ttl_seconds: config.ttl_seconds,
                    execution_role: config.execution_role.clone(),
                };
                let handler = crate::app::erase_auth(handler);
                if let Err(e) = self.add(Registration::Authorizer { authorizer: authorizer.clone(), handler }) {
                    panic!("{e}");
                }
                authorizer
            }

            /// Registers `middleware` for handlers of `event_type`: Chalice's `@app.middleware`.
            pub fn middleware<F, Fut>(&mut self, event_type: EventType, middleware: F)
            where
                F: Fn(MiddlewareEvent, Next) -> Fut + Send + Sync + 'static,
                Fut: Future<Output = Result<Outcome, Error>> + Send + 'static,
            {
                let middleware: MiddlewareFn = Arc::new(move |event, next| -> BoxFuture<Result<Outcome, Error>> {
                    Box::pin(middleware(event, next))
                });
                // Adding middleware cannot conflict with anything.
                let _ = self.add(Registration::Middleware { event_type, middleware });
            }

            /// Registers HTTP middleware working on requests and responses directly.
            ///
            /// ```
            /// # use chalice_app::{Chalice, HttpNext, Request};
            /// let mut app = Chalice::new("app");
            /// app.http_middleware(|req: Request, next: HttpNext| async move {
            ///     let mut response = next.run(req).await?;
            ///     response.headers.insert("X-Served-By", "chalice-rs");
            ///     Ok(response)
            /// });
            /// ```
            pub fn http_middleware<F, Fut>(&mut self, middleware: F)
            where
                F: Fn(Request, HttpNext) -> Fut + Send + Sync + 'static,
                Fut: Future<Output = Result<Response, Error>> + Send + 'static,
            {
                let middleware = Arc::new(middleware);
                self.middleware(EventType::Http, move |event, next| {
                    let middleware = middleware.clone();
                    async move {
                        match event {
                            MiddlewareEvent::Http(request) => {
                                middleware(request, HttpNext(next)).await.map(Outcome::Response)
                            }
                            other => next.run(other).await,
                        }
                    }
                });
            }

            /// Registers an S3 notification handler: Chalice's `@app.on_s3_event`.
            ///
            /// # Panics
            ///
            /// When a handler with the same name exists.
            #[track_caller]
            pub fn on_s3_event<M, H: EventHandler<S3Event, M>>(&mut self, config: impl Into<S3EventConfig>, handler: H) {
                let config = config.into();
                let name = config.name.clone().unwrap_or_else(|| format!("on_s3_event_{}", config.bucket));
                self.register_source(name, Some(EventSource::S3(config)), HandlerFn::S3(erase_source(handler, event_of!(S3))));
            }

            /// Registers an SNS message handler: Chalice's `@app.on_sns_message`.
            ///
            /// # Panics
            ///
            /// When a handler with the same name exists.
            #[track_caller]
            pub fn on_sns_message<M, H: EventHandler<SNSEvent, M>>(&mut self, config: impl Into<SNSEventConfig>, handler: H) {
                let config = config.into();
                let name = config.name.clone().unwrap_or_else(|| format!("on_sns_message_{}", last_part(&config.topic)));
                self.register_source(name, Some(EventSource::Sns(config)), HandlerFn::Sns(erase_source(handler, event_of!(Sns))));
            }

            /// Registers an SQS message handler: Chalice's `@app.on_sqs_message`.
            ///
            /// # Panics
            ///
            /// When neither a queue nor a queue ARN is given, the queue name
            /// is a URL or ARN, or a handler with the same name exists.
            #[track_caller]
            pub fn on_sqs_message<M, H: EventHandler<SQSEvent, M>>(&mut self, config: impl Into<SQSEventConfig>, handler: H) {
                let config = config.into();
                let queue = config.queue.clone().unwrap_or_default();
                if queue.is_empty() && config.queue_arn.as_deref().unwrap_or("").is_empty() {
                    panic!("Must provide either `queue` or `queue_arn` to the `on_sqs_message` decorator.");
                }
                if queue.starts_with("https:") || queue.starts_with("arn:") {
                    panic!("on_sqs_message: `queue` must be a queue name, not a URL or ARN: {queue}");
                }
                if let Some(arn) = &config.queue_arn {
                    if !arn.starts_with("arn:") {
                        panic!("on_sqs_message: `queue_arn` must be an ARN: {arn}");
                    }
                }
                let name = config.name.clone().unwrap_or_else(|| format!("on_sqs_message_{}", config.queue_name()));
                self.register_source(name, Some(EventSource::Sqs(config)), HandlerFn::Sqs(erase_source(handler, event_of!(Sqs))));
            }

            /// Registers a scheduled handler: Chalice's `@app.schedule`.
            ///
            /// # Panics
            ///
            /// When a handler with the same name exists.
            #[track_caller]
            pub fn schedule<M, H: EventHandler<CloudWatchEvent, M>>(&mut self, config: impl Into<ScheduleConfig>, handler: H) {
                let config = config.into();
                let name = match config.name.clone() {
                    Some(n) => n,
                    None => self.unique_name("schedule"),
                };
                self.register_source(name, Some(EventSource::Schedule(config)), HandlerFn::Scheduled(erase_source(handler, event_of!(Scheduled))));
            }

            /// Registers a CloudWatch / EventBridge handler: Chalice's `@app.on_cw_event`.
            ///
            /// # Panics
            ///
            /// When a handler with the same name exists.
            #[track_caller]
            pub fn on_cw_event<M, H: EventHandler<CloudWatchEvent, M>>(&mut self, config: impl Into<CloudWatchEventConfig>, handler: H) {
                let config = config.into();
                let name = match config.name.clone() {
                    Some(n) => n,
                    None => self.unique_name("on_cw_event"),
                };
                self.register_source(name, Some(EventSource::CloudWatch(config)), HandlerFn::CloudWatch(erase_source(handler, event_of!(CloudWatch))));
            }

            /// Registers a Kinesis handler: Chalice's `@app.on_kinesis_record`.
            ///
            /// # Panics
            ///
            /// When a handler with the same name exists.
            #[track_caller]
            pub fn on_kinesis_record<M, H: EventHandler<KinesisEvent, M>>(&mut self, config: impl Into<StreamConfig>, handler: H) {
                let config = config.into();
                let name = config.name.clone().unwrap_or_else(|| format!("on_kinesis_record_{}", last_part(&config.stream)));
                self.register_source(name, Some(EventSource::Kinesis(config)), HandlerFn::Kinesis(erase_source(handler, event_of!(Kinesis))));
            }

            /// Registers a DynamoDB stream handler: Chalice's `@app.on_dynamodb_record`.
            ///
            /// # Panics
            ///
            /// When a handler with the same name exists.
            #[track_caller]
            pub fn on_dynamodb_record<M, H: EventHandler<DynamoDBEvent, M>>(&mut self, config: impl Into<StreamConfig>, handler: H) {
                let config = config.into();
                let name = config.name.clone().unwrap_or_else(|| format!("on_dynamodb_record_{}", dynamodb_table(&config.stream)));
                self.register_source(name, Some(EventSource::DynamoDB(config)), HandlerFn::DynamoDB(erase_source(handler, event_of!(DynamoDB))));
            }

            /// Registers a plain Lambda function named `name`: Chalice's
            /// `@app.lambda_function`. It receives the raw payload and context.
            ///
            /// # Panics
            ///
            /// When a handler with the same name exists.
            #[track_caller]
            pub fn lambda_function<M, H: EventHandler<LambdaFunctionEvent, M>>(&mut self, name: &str, handler: H) {
                self.register_source(name.to_string(), None, HandlerFn::PureLambda(terminal(erase_event(handler), event_of!(PureLambda))));
            }

            /// Registers the websocket `$connect` handler.
            ///
            /// # Panics
            ///
            /// When one is registered already.
            #[track_caller]
            pub fn on_ws_connect<M, H: EventHandler<WebsocketEvent, M>>(&mut self, name: &str, handler: H) {
                self.register_ws("$connect", name, erase_websocket(handler));
            }

            /// Registers the websocket `$default` (message) handler.
            ///
            /// # Panics
            ///
            /// When one is registered already.
            #[track_caller]
            pub fn on_ws_message<M, H: EventHandler<WebsocketEvent, M>>(&mut self, name: &str, handler: H) {
                self.register_ws("$default", name, erase_websocket(handler));
            }

            /// Registers the websocket `$disconnect` handler.
            ///
            /// # Panics
            ///
            /// When one is registered already.
            #[track_caller]
            pub fn on_ws_disconnect<M, H: EventHandler<WebsocketEvent, M>>(&mut self, name: &str, handler: H) {
                self.register_ws("$disconnect", name, erase_websocket(handler));
            }

            #[track_caller]
            fn register_source(&mut self, name: String, source: Option<EventSource>, handler: HandlerFn) {
                if let Err(e) = self.add(Registration::Handler { name, source, handler }) {
                    panic!("{e}");
                }
            }

            #[track_caller]
            fn register_ws(&mut self, route_key: &'static str, name: &str, handler: EventFn<WebsocketEvent>) {
                if let Err(e) = self.add(Registration::Websocket { route_key, name: name.to_string(), handler }) {
                    panic!("{e}");
                }
            }
        }
    };
}

registration_methods!(Chalice);
registration_methods!(Blueprint);

impl Blueprint {
    fn unique_name(&mut self, kind: &str) -> String {
        format!(
            "{kind}_{}_{}",
            self.import_name,
            self.registrations.len() + 1
        )
    }
}

fn last_part(s: &str) -> &str {
    s.rsplit(':').next().unwrap_or(s)
}

fn dynamodb_table(arn: &str) -> &str {
    arn.split('/').nth(1).unwrap_or(arn)
}

/// A built-in authorizer function: a sync or async function of the
/// [`AuthRequest`] returning an [`AuthResponse`] (or a raw policy).
// As for `ViewHandler`, the compiler reports this trait, not the failing
// bound inside it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an authorizer",
    label = "not an authorizer: check its argument and its return type",
    note = "an authorizer takes one argument, the `AuthRequest`, and may be `async`",
    note = "an authorizer returns `AuthResponse`, a policy document as `serde_json::Value`, or a `Result` of one of them whose error converts into `chalice_app::Error`"
)]
pub trait AuthHandler<M>: Send + Sync + 'static {
    /// Calls the authorizer.
    fn call_auth(&self, request: AuthRequest) -> BoxFuture<Result<Value, Error>>;
}

impl<F, R> AuthHandler<(crate::handler::SyncMarker, R)> for F
where
    F: Fn(AuthRequest) -> R + Send + Sync + 'static,
    R: IntoAuthResult,
{
    fn call_auth(&self, request: AuthRequest) -> BoxFuture<Result<Value, Error>> {
        let copy = request.clone();
        let out = self(request).into_auth_result(&copy);
        Box::pin(std::future::ready(out))
    }
}

impl<F, Fut> AuthHandler<(crate::handler::AsyncMarker, Fut)> for F
where
    F: Fn(AuthRequest) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: IntoAuthResult,
{
    fn call_auth(&self, request: AuthRequest) -> BoxFuture<Result<Value, Error>> {
        let copy = request.clone();
        let fut = self(request);
        Box::pin(async move { fut.await.into_auth_result(&copy) })
    }
}

pub(crate) fn erase_auth<M, H: AuthHandler<M>>(handler: H) -> AuthFn {
    Arc::new(move |request| handler.call_auth(request))
}
