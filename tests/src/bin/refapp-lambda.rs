//! The reference app as a Lambda binary: `chalice_app::run` on the twin of
//! Chalice's reference app, for the end-to-end runtime tests, plus the few
//! handlers those tests need that Chalice's reference app does not have.

use chalice_app::{BadRequestError, Chalice, LambdaFunctionEvent};
use serde_json::{json, Value};

/// A handler's own error type: Lambda must report it as `MyError`.
#[derive(Debug)]
struct MyError;

impl std::fmt::Display for MyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the handler's own error")
    }
}

impl std::error::Error for MyError {}

fn app() -> Chalice {
    let mut app = chalice_tests::refapp::refapp();
    app.lambda_function(
        "fails_with_my_error",
        |_e: LambdaFunctionEvent| -> Result<Value, MyError> { Err(MyError) },
    );
    app.lambda_function(
        "fails_with_bad_request",
        |_e: LambdaFunctionEvent| -> Result<Value, BadRequestError> {
            Err(BadRequestError::new("no such widget"))
        },
    );
    app.lambda_function("logs", |e: LambdaFunctionEvent| {
        tracing::info!(answer = 42, "hello from the handler");
        tracing::debug!("a debug line");
        json!({"logged": e.event})
    });
    app
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), chalice_app::Error> {
    chalice_app::run(app()).await
}
