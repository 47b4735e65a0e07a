//! The floor of the cold-start bench (`scripts/cold-start.sh`): a bare
//! `lambda_runtime` function that answers every event with a small JSON
//! value. Nothing a Lambda written in Rust does at start can cost less, so
//! the bench states the other apps' figures as ratios to this one.
//!
//! It runs on the same tokio runtime as the `items` example (multi-threaded,
//! two workers), so the differences the bench reports are the libraries',
//! not the runtime's configuration.

use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::{json, Value};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| async move {
        // Reads the event, so the payload's deserialization is not skipped.
        let path = event.payload.get("path").cloned().unwrap_or(Value::Null);
        Ok::<_, Error>(json!({"hello": "world", "path": path}))
    }))
    .await
}
