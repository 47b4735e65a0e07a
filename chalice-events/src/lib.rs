//! Typed, lossless models of the AWS Lambda events and values of the Chalice
//! programming model.
//!
//! Every event keeps the JSON it arrived as: [`Event::to_dict`] gives back a
//! value equal to the input, unknown fields and explicit `null`s included,
//! while typed accessors (`bucket()`, `receipt_handle()`, `json_body()`) give
//! the view Chalice's classes give. Builders make realistic fake events.
//!
//! This crate runs no code of its own: no async runtime, no Lambda runtime.
//! Use its types directly in an existing Lambda:
//!
//! ```
//! use chalice_events::{Event, S3Event};
//!
//! let event = S3Event::builder().bucket("photos").key("2024/a b.jpg").build();
//! // What arrives over the wire is URL-encoded; `key()` decodes it as Chalice does.
//! assert_eq!(event.to_dict()["Records"][0]["s3"]["object"]["key"], "2024/a+b.jpg");
//! assert_eq!(event.key(), "2024/a b.jpg");
//! let again = S3Event::from_value(event.to_dict())?;
//! assert_eq!(again.bucket(), "photos");
//! # Ok::<(), chalice_events::Error>(())
//! ```
//!
//! An event is refused only when a field its model cannot do without is
//! unusable (a REST request without a method, an SQS record without a
//! body); the error is a typed [`Error`] naming the field's JSON path. Any
//! other part may be absent, `null` or of another shape than AWS documents:
//! it is kept, and the accessor that needs it reports it (`None`, `""`, or a
//! typed error of its own). Each module's "What is refused" section lists
//! its cases.
//!
//! Every type is read the same way, [`Request`] included: inherent
//! `from_str`/`from_slice`/`from_value`, or the [`FromJson`] trait for
//! generic code. Every HTTP kind is answered from one [`Response`]:
//! [`Response::for_request`] gives the [`ProxyResponse`] (REST, HTTP API
//! with `cookies`, function URL, ALB with `statusDescription`) a handler
//! returns, and [`BatchItemFailures`] is the partial batch response of SQS,
//! Kinesis and DynamoDB streams.
//!
//! # On `lambda_runtime`
//!
//! The event types are `Deserialize` and the answers `Serialize`, so they
//! are a `service_fn`'s input and output as they are. An SQS consumer that
//! reports partial batch failures (Lambda deletes the messages that worked
//! and returns the others to the queue):
//!
//! ```no_run
//! use chalice_events::{BatchItemFailures, SQSEvent};
//! use lambda_runtime::{service_fn, Error, LambdaEvent};
//!
//! async fn handler(event: LambdaEvent<SQSEvent>) -> Result<BatchItemFailures, Error> {
//!     Ok(event
//!         .payload
//!         .iter()
//!         .filter(|record| record.body().parse::<i64>().is_err())
//!         .map(|record| record.message_id())
//!         .collect())
//! }
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), Error> {
//!     lambda_runtime::run(service_fn(handler)).await
//! }
//! ```
//!
//! An HTTP API function answering with cookies: [`Response::for_request`]
//! lays the answer out for the event's kind, so the same handler also
//! serves REST APIs, function URLs and ALBs.
//!
//! ```no_run
//! use chalice_events::{ProxyResponse, Request, Response};
//! use lambda_runtime::{service_fn, Error, LambdaEvent};
//!
//! async fn handler(event: LambdaEvent<Request>) -> Result<ProxyResponse, Error> {
//!     let request = event.payload;
//!     let name = request.query_params().and_then(|q| q.get("name")).unwrap_or("world");
//!     let response = Response::json(&serde_json::json!({"hello": name}))?
//!         .with_header("Set-Cookie", ["seen=1", "theme=dark"]);
//!     Ok(response.for_request(&request)?)
//! }
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), Error> {
//!     lambda_runtime::run(service_fn(handler)).await
//! }
//! ```
//!
//! The repository's `examples/` crate has both with their tests, beside the same
//! behaviour written with `aws_lambda_events`.
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `arbitrary` | no | [`Arbitrary`](https://docs.rs/arbitrary/1/arbitrary/trait.Arbitrary.html) for every event type, for fuzzing; the crate is re-exported as `chalice_events::arbitrary` |
//! | `lambda_runtime` | no | `From<lambda_runtime::Context>` (its strings taken) and `From<&lambda_runtime::Context>` (copied) for [`LambdaContext`]; brings `lambda_runtime` (and tokio) into the build |
//! | `schemars` | no | `schemars::JsonSchema` for [`json::DumpedJson`] (any JSON value), so that chalice-app's typed input `Json<DumpedJson>` takes it; chalice-app turns it on |
//!
//! # JSON
//!
//! This crate turns on three serde_json features, and Cargo turns features
//! on for the whole build, so every crate of a program that uses this one
//! gets them too:
//!
//! | serde_json feature | why | what changes for other code |
//! |---|---|---|
//! | `preserve_order` | events come back with their keys in the order AWS sent them, and JSON bodies keep a view's key order, as a Python dict does | `serde_json::Map` keeps insertion order (it becomes an `IndexMap`) instead of sorting keys; `Map::remove` moves the last entry into the removed one's place (`shift_remove` keeps the order) |
//! | `raw_value` | a Lambda payload taken as `Box<RawValue>` reaches the event readers as the text it arrived as, with no `Value` in between | `serde_json::value::RawValue` is available |
//! | `float_roundtrip` | a float read from an event is written back unchanged | float parsing is exact, and slightly slower |
//!
//! Response bodies are written as Chalice writes them, Python's
//! `json.dumps` ([`json::dumps`]: `"J\u00fcrgen"`, `1e-05`), so that
//! clients see the same bytes as from Python Chalice. Where that is not
//! needed, [`json::JsonStyle::Plain`] and [`Response::json_with_style`]
//! write serde_json's own text.

mod context;
pub mod drift;
mod error;
mod event;
mod raw;
mod records;
mod swar;
#[cfg(test)]
pub(crate) mod test_support;
mod wire;

pub mod apigateway;
pub mod authorizer;
pub mod batch;
pub mod cloudwatch;
pub mod cors;
pub mod dynamodb;
pub mod json;
pub mod kinesis;
pub mod request;
pub mod response;
pub mod s3;
pub mod schedule;
pub mod sns;
pub mod sqs;
pub mod websocket;

pub use apigateway::{matches_content_type, APIGateway, DEFAULT_BINARY_TYPES};
pub use authorizer::{
    AuthRequest, AuthResponse, AuthRoute, CognitoUserPoolAuthorizer, CustomAuthorizer,
    IAMAuthorizer,
};
pub use batch::{BatchItemFailure, BatchItemFailures};
pub use cloudwatch::CloudWatchEvent;
pub use context::{new_request_id, LambdaContext};
pub use cors::CORSConfig;
pub use dynamodb::{DynamoDBEvent, DynamoDBRecord};
pub use error::{Category, Error};
pub use event::{Event, FromJson};
pub use kinesis::{KinesisEvent, KinesisRecord};
pub use request::{HttpEventKind, Request};
pub use response::{Body, HeaderValue, ProxyResponse, Response, ResponseShape};
pub use s3::{S3Event, S3Record};
pub use schedule::{Cron, Rate, RateUnit, ScheduleExpression};
pub use sns::{SNSEvent, SNSRecord};
pub use sqs::{SQSEvent, SQSRecord};
pub use websocket::WebsocketEvent;
pub use wire::unquote_plus;

/// The `arbitrary` crate this crate's `Arbitrary` implementations are for,
/// so that a fuzz target or property test names the same version without
/// adding the dependency itself:
/// `chalice_events::arbitrary::Unstructured::new(data)`.
#[cfg(feature = "arbitrary")]
pub use arbitrary;
