//! The Chalice programming model for AWS Lambda, in Rust.
//!
//! Register routes and event handlers on a [`Chalice`] app the way a Chalice
//! user decorates functions, then hand the app to [`run`]: inside Lambda it
//! serves the handler the configuration names; on a workstation it serves the
//! API on `http://127.0.0.1:8000` as API Gateway would.
//!
//! ```no_run
//! use chalice_app::{Chalice, Request, Route};
//! use serde_json::json;
//!
//! #[tokio::main]
//! async fn main() -> Result<(), chalice_app::Error> {
//!     let mut app = Chalice::new("helloworld");
//!     app.route("/", Route::new(), |_req: Request| json!({"hello": "world"}));
//!     chalice_app::run(app).await
//! }
//! ```
//!
//! Handlers are sync or async functions. Views take the [`Request`] and
//! return anything [`IntoResponse`]: a [`Response`], a `serde_json::Value`, a
//! `String`, [`Json`] of any serializable value, or a `Result` of those whose
//! error converts into [`Error`] (view errors such as [`NotFoundError`] become
//! their HTTP responses).
//!
//! A view can also take typed inputs after the request, read before it
//! runs: the body as [`Json<T>`](Json), the captures as [`Path<T>`], the
//! query string as [`Query<T>`]. A request that does not fit answers
//! Chalice's 400 naming the field (`items[3].price: invalid type: string
//! "x", expected f64`), and the types (`schemars::JsonSchema`) are the
//! schemas of the app's OpenAPI 3.1 document ([`package::openapi`]); see
//! [`models`].
//!
//! The same dispatcher serves every front: [`run`] on Lambda,
//! [`LocalGateway`] for the test client, and [`serve_local`].
//!
//! To run the app on `lambda_runtime` yourself (with `tower` layers of your
//! own, or `lambda_runtime::run_concurrent`), hand it over as a service:
//! [`Chalice::into_service`] gives the [`LambdaService`] that [`run`] serves
//! (under its [`BodyHandover`] layer, which spares each invocation
//! `lambda_runtime`'s own read of the body).
//!
//! ```no_run
//! # use chalice_app::{Chalice, Request, Route};
//! #[tokio::main]
//! async fn main() -> Result<(), lambda_runtime::Error> {
//!     let mut app = Chalice::new("helloworld");
//!     app.route("/", Route::new(), |_req: Request| serde_json::json!({"hello": "world"}));
//!     chalice_app::init_logging();
//!     lambda_runtime::run(app.into_service()).await
//! }
//! ```
//!
//! The rules users need to know are written as specs in the module docs:
//! [`dispatch`] (what each failure answers, CORS and binary bodies),
//! [`routes`] (route paths and precedence), [`models`] (what a request
//! that does not fit a typed input answers), [`gateway`] (the local API
//! Gateway emulation: preflight, authorizers, binary requests) and
//! [`middleware`] (chains and what each event type wraps).
//!
//! # Features
//!
//! | feature | default | what it adds |
//! | --- | --- | --- |
//! | `runtime` | yes | Serving invocations inside Lambda: [`LambdaService`] ([`Chalice::into_service`]), the `tower::Service` `lambda_runtime::run` and `run_concurrent` take, and the [`BodyHandover`] layer over it, with failures reported by their Chalice class name; [`context_from_lambda`]; the Lambda half of [`run`], one invocation at a time. Brings `lambda_runtime` and its HTTP client. Without it, the app can still be tested through [`LocalGateway`] and chalice-testing. |
//! | `concurrency` | yes | [`run`] on Lambda Managed Instances: as many invocations at once as `AWS_LAMBDA_MAX_CONCURRENCY` allows (`lambda_runtime::run_concurrent`, lambda_runtime's `concurrency-tokio` feature). Adds no crate; turns on `runtime`. A function on ordinary Lambda gets one invocation at a time and can leave it out (about 30 KB of code); without it `run` serves one at a time everywhere and logs a warning when `AWS_LAMBDA_MAX_CONCURRENCY` is set. |
//! | `local-server` | yes | The local development server: [`serve_local`], `Chalice::serve_local`, the non-Lambda half of [`run`]. Brings hyper's HTTP/1 server on tokio's TCP listener; an app deployed only to Lambda can leave it out. |
//! | `cli` | yes | The command line of [`run`] outside Lambda: `package` and `generate-models` ([`package`][package-cli]). Adds no crate; turns on `package`. A binary built without it for Lambda leaves out the template and document writers the command line reaches (about half a megabyte of code). |
//! | `package` | yes | The [`package`][package-mod] module: deployment templates (SAM, Terraform), the Swagger 2.0 and OpenAPI 3.1 documents, and [`Model::schema`], the JSON Schemas of declared models. Adds no crate. Without it a Lambda binary holds none of schemars' schema generator; typed inputs are read and checked at registration all the same. `cli` and `local-server` turn it on. |
//! | `websocket-aws` | no | `AwsWebsocketClient`: [`WebsocketAPI`] (`app.websocket_api`) sends, closes and describes connections through the official API Gateway Management API client (`aws-sdk-apigatewaymanagement`), by default and with the region and credentials Lambda provides. Off by default because the AWS SDK adds about 60 crates; without it, plug a [`WebsocketClient`] of your own into `app.websocket_api.set_client`. |
//!
//! [`run`] and [`init_logging`] exist with either of `runtime` and
//! `local-server`; `run` serves on Lambda only with `runtime`, and elsewhere
//! only with `local-server`, and otherwise returns an error naming the
//! missing feature; without `cli`, `run` given arguments outside Lambda
//! returns an error instead of serving.
//!
//! A lean Lambda binary turns the defaults off in the app's own crate and
//! keeps them for development, for example:
//!
//! ```toml
//! [dependencies]
//! chalice-app = { version = "0.1", default-features = false, features = ["runtime"] }
//!
//! [features]
//! default = ["dev"]
//! dev = ["chalice-app/local-server", "chalice-app/cli"]
//! ```
//!
//! `cargo run` then serves locally and packages as before, and
//! `cargo lambda build --release --no-default-features` builds the function
//! without the local server and the command line. A function deployed to
//! Lambda Managed Instances lists `"concurrency"` beside `"runtime"`.
//!
// Items a feature leaves out are linked to the feature table instead, so the
// docs of every feature set have no broken links.
#![cfg_attr(
    not(feature = "runtime"),
    doc = "[`LambdaService`]: index.html#features\n[`Chalice::into_service`]: index.html#features\n[`context_from_lambda`]: index.html#features\n[`BodyHandover`]: index.html#features"
)]
#![cfg_attr(
    not(feature = "local-server"),
    doc = "[`serve_local`]: index.html#features"
)]
#![cfg_attr(
    feature = "package",
    doc = "[package-mod]: mod@package\n[package-cli]: mod@package#the-command-line"
)]
#![cfg_attr(
    not(feature = "package"),
    doc = "[`package::openapi`]: index.html#features\n[`Model::schema`]: index.html#features\n[package-mod]: index.html#features\n[package-cli]: index.html#features"
)]
#![cfg_attr(
    not(any(feature = "runtime", feature = "local-server")),
    doc = "[`run`]: index.html#features\n[`init_logging`]: index.html#features"
)]

mod app;
pub mod dispatch;
mod error;
pub mod gateway;
mod handler;
pub mod middleware;
pub mod models;
#[cfg(feature = "package")]
pub mod package;
pub mod routes;
mod runtime;
#[cfg(feature = "local-server")]
pub mod server;
pub mod websocket;
#[cfg(feature = "websocket-aws")]
mod websocket_aws;

pub use app::{
    AuthHandler, AuthorizerConfig, Blueprint, Chalice, CloudWatchEventConfig, EventSource,
    IntoAuthResult, S3EventConfig, SNSEventConfig, SQSEventConfig, ScheduleConfig, StreamConfig,
};
pub use dispatch::{Reply, API_HANDLER};
pub use error::{
    BadRequestError, ChaliceUnhandledError, ChaliceViewError, ConflictError, Error, ForbiddenError,
    MethodNotAllowedError, NotFoundError, RequestTimeoutError, TooManyRequestsError,
    UnauthorizedError, UnprocessableEntityError, WebsocketDisconnectedError,
};
pub use gateway::{proxy_to_http, HttpRequest, HttpResponse, LocalGateway};
pub use handler::{
    AsyncMarker, BoxFuture, EventHandler, IntoResponse, IntoValue, Json, SyncMarker, ViewHandler,
};
pub use middleware::{EventType, HttpNext, LambdaFunctionEvent, MiddlewareEvent, Next, Outcome};
pub use models::{FromRequest, Model, Path, Query, RouteModels};
pub use routes::{Authorizer, ChaliceAuthorizer, Cors, PathRoutes, Route, RouteEntry};
#[cfg(feature = "runtime")]
pub use runtime::{context_from_lambda, BodyHandover, BodyHandoverService, LambdaService};
#[cfg(any(feature = "runtime", feature = "local-server"))]
pub use runtime::{init_logging, run};
pub use runtime::{retain_heap, HANDLER_ENV};
#[cfg(feature = "local-server")]
pub use server::{serve_connection, serve_local, serve_with_shutdown, ServerConfig};
pub use websocket::{WebsocketAPI, WebsocketClient, WebsocketClientError};
#[cfg(feature = "websocket-aws")]
pub use websocket_aws::AwsWebsocketClient;

pub use chalice_events::apigateway::APIGateway;
pub use chalice_events::authorizer::{
    AuthRequest, AuthResponse, AuthRoute, CognitoUserPoolAuthorizer, CustomAuthorizer,
    IAMAuthorizer,
};
pub use chalice_events::batch::{BatchItemFailure, BatchItemFailures};
pub use chalice_events::cors::CORSConfig;
#[doc(inline)]
pub use chalice_events::json::json;
pub use chalice_events::json::DumpedJson;
pub use chalice_events::request::Request;
pub use chalice_events::response::{Body, HeaderValue, ProxyResponse, Response, ResponseShape};
pub use chalice_events::schedule::{Cron, Rate};
pub use chalice_events::{
    CloudWatchEvent, DynamoDBEvent, DynamoDBRecord, KinesisEvent, KinesisRecord, S3Event, S3Record,
    SNSEvent, SNSRecord, SQSEvent, SQSRecord, WebsocketEvent,
};
pub use chalice_events::{Event, FromJson, LambdaContext};

// `LambdaService` shares the app between invocations on several tasks, and
// Lambda Managed Instances run them on several threads at once: an app that
// stopped being `Send + Sync` would break that, so it fails to build here.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Chalice>();
};

/// The schemars crate whose `JsonSchema` the typed inputs and responses
/// require, re-exported so an app can name the same version. Its derive
/// macro writes paths to `schemars`: an app that does not depend on
/// schemars itself adds `#[schemars(crate = "chalice_app::schemars")]`
/// beside `#[derive(JsonSchema)]`.
pub use schemars;

/// Everything chalice-events has, under one name; the event types that
/// handler signatures name are also at the crate root (`chalice_app::SQSEvent`).
pub mod events {
    pub use chalice_events::*;
}

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
