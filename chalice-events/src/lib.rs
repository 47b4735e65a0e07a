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
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `arbitrary` | no | [`Arbitrary`](https://docs.rs/arbitrary/1/arbitrary/trait.Arbitrary.html) for every event type, for fuzzing |

mod context;
pub mod drift;
mod error;
mod event;
mod raw;
mod records;
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
pub use event::Event;
pub use kinesis::{KinesisEvent, KinesisRecord};
pub use request::{HttpEventKind, Request};
pub use response::{Body, HeaderValue, Response};
pub use s3::S3Event;
pub use schedule::{Cron, Rate, RateUnit, ScheduleExpression};
pub use sns::SNSEvent;
pub use sqs::{SQSEvent, SQSRecord};
pub use websocket::WebsocketEvent;
pub use wire::unquote_plus;
