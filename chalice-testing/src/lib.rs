//! Test toolkit for chalice-rs apps: a test client that sends HTTP requests
//! through the same local API Gateway emulation the local server runs and
//! invokes any handler by name, fake events in the shapes Chalice's test
//! client generates, proptest strategies for every event type, and insta
//! snapshot helpers. It is the counterpart of Chalice's `chalice.test`.
//!
//! # A test file, step by step
//!
//! Build a fake event, invoke a handler, assert on the result, snapshot a
//! response, and property-test the handler:
//!
//! ```
//! use chalice_app::events::sqs::SQSEvent;
//! use chalice_app::{Chalice, Json, NotFoundError, Request, Route, SQSEventConfig};
//! use chalice_testing::{assert_response_snapshot, strategies, Client};
//! use proptest::prelude::*;
//! use serde_json::{json, Value};
//!
//! // The app under test; in a real project, `my_app::app()`.
//! fn app() -> Chalice {
//!     let mut app = Chalice::new("orders");
//!     app.route("/orders/{id}", Route::new(), |req: Request| {
//!         let id = req.uri_param("id");
//!         match id {
//!             Some("7") => Ok(Json(json!({"id": "7", "state": "shipped"}))),
//!             _ => Err(chalice_app::Error::from(NotFoundError::new("no such order"))),
//!         }
//!     });
//!     app.on_sqs_message(SQSEventConfig::new("orders").name("count_orders"), |event: SQSEvent| {
//!         Json(json!({"count": event.records().len()}))
//!     });
//!     app
//! }
//!
//! let client = Client::new(app());
//!
//! // 1. A fake event, exactly as Chalice's `generate_sqs_event` makes it.
//! let event = client.events().generate_sqs_event(["order 1", "order 2"], Some("orders"));
//!
//! // 2. Invoke the handler by name, 3. assert on what it returned.
//! let result = client.lambda().invoke("count_orders", event).send_blocking()?;
//! assert_eq!(result.payload, json!({"count": 2}));
//!
//! // HTTP requests go through the local API Gateway emulation.
//! let missing = client.http().get("/orders/8").send_blocking();
//! assert_eq!(missing.status_code, 404);
//! assert_eq!(missing.json_body(), Some(json!({"Code": "NotFoundError", "Message": "no such order"})));
//!
//! // 4. Snapshot a response: request ids and dates are redacted.
//! assert_response_snapshot!(client.http().get("/orders/7"), @r#"
//! {
//!   "status_code": 200,
//!   "headers": {
//!     "Content-Type": "application/json"
//!   },
//!   "json_body": {
//!     "id": "7",
//!     "state": "shipped"
//!   }
//! }
//! "#);
//!
//! // 5. Property-test the handler with generated batches (in a test file,
//! //    the `proptest!` block form with `#[test]` functions reads better).
//! proptest!(ProptestConfig::with_cases(16), |(event in strategies::sqs_event())| {
//!     let expected = event.records().len();
//!     let result = client.lambda().invoke("count_orders", &event).send_blocking().unwrap();
//!     prop_assert_eq!(&result.payload["count"], &json!(expected));
//! });
//! # Ok::<(), chalice_testing::Error>(())
//! ```
//!
//! # Functions on `lambda_runtime`, without chalice-app
//!
//! The snapshots and strategies take chalice-events' types as they are, so
//! a function written on `lambda_runtime` with the event types alone is
//! tested the same way (with `default-features = false`, this crate has no
//! chalice-app in its tree). The handler's body is what a `service_fn`
//! calls with `event.payload`:
//!
//! ```
//! use chalice_events::{BatchItemFailures, ProxyResponse, Request, Response, SQSEvent};
//! use chalice_testing::{assert_response_snapshot, strategies};
//! use proptest::prelude::*;
//!
//! fn order(request: Request) -> Result<ProxyResponse, chalice_events::Error> {
//!     let id = request.uri_param("id").unwrap_or_default();
//!     Response::json(&serde_json::json!({"id": id}))?.for_request(&request)
//! }
//!
//! fn failures(event: &SQSEvent) -> BatchItemFailures {
//!     let failed = event.iter().filter(|r| r.body().parse::<u32>().is_err());
//!     failed.map(|r| r.message_id()).collect()
//! }
//!
//! // A snapshot of the proxy response, its JSON body parsed.
//! let request = Request::builder().path("/orders/{id}").uri_param("id", "7").build();
//! assert_response_snapshot!(order(request)?, @r#"
//! {
//!   "status_code": 200,
//!   "headers": {},
//!   "json_body": {
//!     "id": "7"
//!   }
//! }
//! "#);
//!
//! // A fake batch whose records each have an id of their own.
//! let batch = SQSEvent::builder().body("1").body("two").build();
//! let failed = batch.records()[1].message_id().to_string();
//! assert_eq!(failures(&batch).item_identifiers().collect::<Vec<_>>(), [failed]);
//!
//! // A property over every batch the strategy makes: only the records
//! // whose body is not a number are reported.
//! proptest!(ProptestConfig::with_cases(16), |(event in strategies::sqs_event())| {
//!     let reported: Vec<String> = failures(&event).item_identifiers().map(String::from).collect();
//!     let expected: Vec<String> = event.iter()
//!         .filter(|r| r.body().parse::<u32>().is_err())
//!         .map(|r| r.message_id().to_string())
//!         .collect();
//!     prop_assert_eq!(reported, expected);
//! });
//! # Ok::<(), chalice_events::Error>(())
//! ```
//!
//! The repository's `examples/` crate has these stories as whole Lambda
//! functions, each beside the same written with `aws_lambda_events`.
//!
//! # Sync and async tests
//!
//! Calls are futures: in an async test, `.await` the request or invocation
//! itself (or its `send()`). In a sync test, call `send_blocking()`, which
//! runs the call on a private current-thread tokio runtime.
//!
//! `send_blocking()` also works inside a runtime (a `#[tokio::test]`, even a
//! current-thread one, where blocking on the runtime's own thread would
//! deadlock): there the call runs on a helper thread with its own runtime
//! while the test's thread waits. A handler that waits for something only
//! the test's runtime drives would then stall, so prefer `.await` in async
//! tests.
//!
//! ```
//! use chalice_app::{Chalice, Request, Route};
//! use chalice_testing::Client;
//! use serde_json::{json, Value};
//!
//! let mut app = Chalice::new("items");
//! app.route("/items", ["POST"], |req: Request| -> Result<Value, chalice_app::Error> {
//!     Ok(json!({"created": req.json_body()?}))
//! });
//! let client = Client::new(app);
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! // Inside `#[tokio::test] async fn creates_items()`:
//! let response = client.http().post("/items").json(&json!({"name": "x"})).await;
//! assert_eq!(response.json_body(), Some(json!({"created": {"name": "x"}})));
//! # });
//! ```
//!
//! # Environment variables
//!
//! [`Client::with_env`][client-with-env] sets variables for the duration of each call (HTTP
//! requests and invocations), restoring the previous values afterwards;
//! [`Client::with_function_env`][client-with-function-env] does so for one function only, as a
//! stage's `lambda_functions` settings do in Chalice's config.
//!
//! The environment is process-global and tests run in parallel threads.
//! Calls that apply variables therefore hold one process-wide lock for their
//! whole duration, so two of them never interleave their changes. Calls of a
//! client without variables take no lock and may see another test's
//! variables while that test's call runs: give variables of tests that run
//! concurrently distinct names, or check for absence only with names no
//! other test sets. (A handler that itself calls through a client *with*
//! variables would wait for that lock forever; nest clients without them.)
//!
//! ```
//! use chalice_app::{Chalice, LambdaFunctionEvent};
//! use chalice_testing::Client;
//! use serde_json::{json, Value};
//!
//! let mut app = Chalice::new("env");
//! app.lambda_function("read_table", |_e: LambdaFunctionEvent| {
//!     json!(std::env::var("DOCS_TABLE_NAME").ok())
//! });
//! let client = Client::new(app).with_env("DOCS_TABLE_NAME", "orders-test");
//! let result = client.lambda().invoke("read_table", json!({})).send_blocking()?;
//! assert_eq!(result.payload, json!("orders-test"));
//! assert!(std::env::var("DOCS_TABLE_NAME").is_err());
//! # Ok::<(), chalice_testing::Error>(())
//! ```
//!
//! # Snapshots
//!
//! [`assert_response_snapshot!`] takes any response a test has: the
//! client's, a request (sent first), a [`Response`](chalice_events::Response)
//! a view returned, or a proxy response ([`ProxyResponse`](chalice_events::ProxyResponse)
//! or JSON; REST, HTTP API, ALB).
//! [`assert_handler_snapshot!`] takes what an event handler or Lambda
//! function returned, a `Result`'s error included, and
//! [`assert_event_snapshot!`] an event. All three show pretty JSON with
//! request ids, timestamps and dates redacted, and record the expression
//! written in the test as the snapshot's `expression`.
//!
//! ```
//! use chalice_app::{Json, Response};
//! use chalice_testing::{assert_handler_snapshot, assert_response_snapshot};
//! use serde_json::json;
//!
//! // What a view and an event handler return, called directly.
//! let view = |id: &str| Response::new(json!({"id": id})).with_header("Cache-Control", "no-store");
//! let handler = |count: usize| Json(json!({"count": count}));
//!
//! assert_response_snapshot!(view("7"), @r#"
//! {
//!   "status_code": 200,
//!   "headers": {
//!     "Cache-Control": "no-store"
//!   },
//!   "json_body": {
//!     "id": "7"
//!   }
//! }
//! "#);
//! assert_handler_snapshot!(handler(2), @r#"
//! {
//!   "count": 2
//! }
//! "#);
//! ```
//!
//! A new or changed snapshot fails its test until it is accepted:
//!
//! - with [cargo-insta](https://insta.rs/docs/cli/): `cargo insta test --review`
//!   (run, then accept or reject each change), `cargo insta review` (after a
//!   `cargo test`), or `cargo insta accept` (all at once). Inline snapshots
//!   (`@r#"..."#`) are accepted only this way, or by pasting the new value
//!   into the literal by hand.
//! - without it: `INSTA_UPDATE=always cargo test` writes file snapshots in
//!   place and those tests pass; a changed inline snapshot still fails and
//!   goes to a `.pending-snap` file. `INSTA_FORCE_PASS=1` lets a run with
//!   mismatches pass while storing every new value.
//!
//! On CI (`CI=true`), insta stores nothing unless told to, so a snapshot
//! missing from the repository fails there: commit the `.snap` files, never
//! the `.snap.new` or `.pending-snap` ones. The [`snapshot`] module says
//! more.
//!
//! # Modules
//!
//! | item | what it is |
//! |---|---|
//! | [`Client`][client] | the test client: [`http`][client-http], [`lambda`][client-lambda], [`events`][client-events] |
//! | [`EventsClient`] | `generate_s3_event`, `generate_sns_event`, `generate_sqs_event`, `generate_cw_event`, `generate_kinesis_event`, DynamoDB and websocket events |
//! | [`strategies`] | a proptest strategy for every event type, and [`strategies::adversarial`] input |
//! | [`snapshot`] | redaction of volatile fields; [`assert_response_snapshot!`], [`assert_handler_snapshot!`], [`assert_event_snapshot!`] |
//!
//! # Features
//!
//! | feature | default | what it adds |
//! | --- | --- | --- |
//! | `client` | yes | [`Client`][client] (HTTP requests through the local API Gateway emulation, invocations by handler name), the [`strategies::http_request`][http-request] strategies, and snapshots of the client's requests. Needs `chalice-app` and tokio. |
//!
//! Without `client`, the crate depends on `chalice-events` alone: the event
//! generators ([`EventsClient`]), the event strategies and the snapshot
//! helpers work for a Lambda that uses only the event types:
//!
//! ```toml
//! [dev-dependencies]
//! chalice-testing = { version = "0.1", default-features = false }
//! ```
//!
//! The crate depends on proptest and insta because they are part of its API,
//! and re-exports [`proptest`] so that tests need not list it.
//!

// The crate docs name the client; with the feature off its links point to
// the published documentation instead of items that are not compiled.
#![cfg_attr(feature = "client", doc = "[client]: crate::Client")]
#![cfg_attr(
    not(feature = "client"),
    doc = "[client]: https://docs.rs/chalice-testing/latest/chalice_testing/struct.Client.html"
)]
#![cfg_attr(feature = "client", doc = "[client-with-env]: crate::Client::with_env")]
#![cfg_attr(
    not(feature = "client"),
    doc = "[client-with-env]: https://docs.rs/chalice-testing/latest/chalice_testing/struct.Client.html#method.with_env"
)]
#![cfg_attr(
    feature = "client",
    doc = "[client-with-function-env]: crate::Client::with_function_env"
)]
#![cfg_attr(
    not(feature = "client"),
    doc = "[client-with-function-env]: https://docs.rs/chalice-testing/latest/chalice_testing/struct.Client.html#method.with_function_env"
)]
#![cfg_attr(feature = "client", doc = "[client-http]: crate::Client::http")]
#![cfg_attr(
    not(feature = "client"),
    doc = "[client-http]: https://docs.rs/chalice-testing/latest/chalice_testing/struct.Client.html#method.http"
)]
#![cfg_attr(feature = "client", doc = "[client-lambda]: crate::Client::lambda")]
#![cfg_attr(
    not(feature = "client"),
    doc = "[client-lambda]: https://docs.rs/chalice-testing/latest/chalice_testing/struct.Client.html#method.lambda"
)]
#![cfg_attr(feature = "client", doc = "[client-events]: crate::Client::events")]
#![cfg_attr(
    not(feature = "client"),
    doc = "[client-events]: https://docs.rs/chalice-testing/latest/chalice_testing/struct.Client.html#method.events"
)]
#![cfg_attr(
    feature = "client",
    doc = "[http-request]: crate::strategies::http_request"
)]
#![cfg_attr(
    not(feature = "client"),
    doc = "[http-request]: https://docs.rs/chalice-testing/latest/chalice_testing/strategies/fn.http_request.html"
)]

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod env;
mod events;
mod response;
#[cfg(feature = "client")]
mod runtime;
pub mod snapshot;
pub mod strategies;

#[cfg(feature = "client")]
pub use client::{
    BoxFuture, Client, Error, HttpClient, Invocation, InvokeResponse, LambdaClient, TestRequest,
    API_HANDLER_FUNCTION,
};
pub use events::{EventsClient, IntoPayload};
pub use response::TestResponse;

/// The proptest version the [`strategies`] are built with.
pub use proptest;

/// What the snapshot macros expand to; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use insta;
}
