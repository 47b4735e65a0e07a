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
//! The same dispatcher serves every front: [`run`] on Lambda,
//! [`LocalGateway`] for the test client, and [`serve_local`].
//!
//! The rules users need to know are written as specs in the module docs:
//! [`dispatch`] (what each failure answers, CORS and binary bodies),
//! [`routes`] (route paths and precedence), [`gateway`] (the local API
//! Gateway emulation: preflight, authorizers, binary requests) and
//! [`middleware`] (chains and what each event type wraps).
//!
//! # Features
//!
//! | feature | default | what it adds |
//! | --- | --- | --- |
//! | `websocket-aws` | no | `AwsWebsocketClient`: [`WebsocketAPI`] (`app.websocket_api`) sends, closes and describes connections through the official API Gateway Management API client (`aws-sdk-apigatewaymanagement`), by default and with the region and credentials Lambda provides. Off by default because the AWS SDK adds about 60 crates; without it, plug a [`WebsocketClient`] of your own into `app.websocket_api.set_client`. |

mod app;
pub mod dispatch;
mod error;
pub mod gateway;
mod handler;
pub mod middleware;
pub mod package;
pub mod routes;
mod runtime;
pub mod server;
pub mod websocket;
#[cfg(feature = "websocket-aws")]
mod websocket_aws;

pub use app::{
    AuthHandler, AuthorizerConfig, Blueprint, Chalice, CloudWatchEventConfig, EventSource,
    IntoAuthResult, S3EventConfig, SNSEventConfig, SQSEventConfig, ScheduleConfig, StreamConfig,
};
pub use dispatch::API_HANDLER;
pub use error::{
    BadRequestError, ChaliceUnhandledError, ChaliceViewError, ConflictError, Error, ForbiddenError,
    MethodNotAllowedError, NotFoundError, RequestTimeoutError, TooManyRequestsError,
    UnauthorizedError, UnprocessableEntityError, WebsocketDisconnectedError,
};
pub use gateway::{proxy_to_http, HttpRequest, HttpResponse, LocalGateway};
pub use handler::{
    AsyncMarker, BatchItemFailures, BoxFuture, EventHandler, IntoResponse, IntoValue, Json,
    SyncMarker, ViewHandler,
};
pub use middleware::{EventType, HttpNext, LambdaFunctionEvent, MiddlewareEvent, Next, Outcome};
pub use routes::{Authorizer, ChaliceAuthorizer, Cors, PathRoutes, Route, RouteEntry};
pub use runtime::{context_from_lambda, run, HANDLER_ENV};
pub use server::{serve_local, serve_with_shutdown, ServerConfig};
pub use websocket::{WebsocketAPI, WebsocketClient, WebsocketClientError};
#[cfg(feature = "websocket-aws")]
pub use websocket_aws::AwsWebsocketClient;

pub use chalice_events::apigateway::APIGateway;
pub use chalice_events::authorizer::{
    AuthRequest, AuthResponse, AuthRoute, CognitoUserPoolAuthorizer, CustomAuthorizer,
    IAMAuthorizer,
};
pub use chalice_events::cors::CORSConfig;
pub use chalice_events::request::Request;
pub use chalice_events::response::{Body, HeaderValue, Response};
pub use chalice_events::schedule::{Cron, Rate};
pub use chalice_events::{Event, LambdaContext};

/// The event types, re-exported for handler signatures.
pub mod events {
    pub use chalice_events::*;
}

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
