//! Running an app: on Lambda through `lambda_runtime`, elsewhere on the local server.

use std::net::SocketAddr;
use std::sync::Arc;

use chalice_events::LambdaContext;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::server::{serve_local, ServerConfig};
use crate::{Chalice, Error};

/// The environment variable naming the handler a Lambda function serves
/// (`api` for the HTTP API, otherwise a handler's name). Unset: the handler
/// is chosen by the shape of each event.
pub const HANDLER_ENV: &str = "CHALICE_HANDLER";

/// Converts `lambda_runtime`'s context into the plain [`LambdaContext`].
pub fn context_from_lambda(ctx: &lambda_runtime::Context) -> LambdaContext {
    LambdaContext {
        function_name: ctx.env_config.function_name.clone(),
        function_version: ctx.env_config.version.clone(),
        invoked_function_arn: ctx.invoked_function_arn.clone(),
        memory_limit_in_mb: u32::try_from(ctx.env_config.memory).ok(),
        aws_request_id: ctx.request_id.clone(),
        log_group_name: ctx.env_config.log_group.clone(),
        log_stream_name: ctx.env_config.log_stream.clone(),
        deadline_ms: ctx.deadline,
        identity: ctx
            .identity
            .as_ref()
            .and_then(|i| serde_json::to_value(i).ok()),
        client_context: ctx
            .client_context
            .as_ref()
            .and_then(|c| serde_json::to_value(c).ok()),
        xray_trace_id: ctx.xray_trace_id.clone(),
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // A second app in the same process keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

/// Runs the app: inside Lambda (when `AWS_LAMBDA_RUNTIME_API` is set) it serves
/// invocations through `lambda_runtime`, dispatching each to the handler named
/// by `CHALICE_HANDLER` or picked by the event's shape; anywhere else it serves
/// the HTTP API locally on `CHALICE_LOCAL_ADDR` (default `127.0.0.1:8000`).
///
/// Events arrive as their JSON text. With `CHALICE_HANDLER` set, the text
/// goes to [`Chalice::invoke_bytes`], which reads it without building a
/// `Value` when the event type's fast path takes it; without, the event is
/// parsed into a `Value` to pick the handler by its shape, and that `Value`
/// is dispatched ([`Chalice::dispatch`]) rather than the text read a second
/// time.
///
/// # Errors
///
/// When the runtime or the server cannot start.
pub async fn run(app: Chalice) -> Result<(), Error> {
    init_logging();
    let app = Arc::new(app);
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        let handler = std::env::var(HANDLER_ENV).ok().filter(|h| !h.is_empty());
        let service =
            lambda_runtime::service_fn(move |event: lambda_runtime::LambdaEvent<Box<RawValue>>| {
                let app = Arc::clone(&app);
                let handler = handler.clone();
                async move {
                    let context = context_from_lambda(&event.context);
                    let text = event.payload.get();
                    let result = match handler.as_deref() {
                        Some(name) => app.invoke_bytes(name, text.as_bytes(), context).await,
                        None => match serde_json::from_str::<Value>(text) {
                            Ok(payload) => app.dispatch(None, payload, context).await,
                            // The runtime has parsed the text already; not reached.
                            Err(e) => Err(Error::msg(format!("the event is not JSON: {e}"))),
                        },
                    };
                    result.map_err(|e| -> lambda_runtime::Error { format!("{e:?}").into() })
                }
            });
        lambda_runtime::run(service)
            .await
            .map_err(|e| Error::msg(format!("Lambda runtime failed: {e}")))
    } else {
        // `package` and `generate-models` on the command line; none: serve.
        if let Some(status) = crate::package::cli::command(&app, std::env::args_os()) {
            return crate::package::cli::finish(status);
        }
        let addr: SocketAddr = std::env::var("CHALICE_LOCAL_ADDR")
            .ok()
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8000)));
        serve_local(
            app,
            ServerConfig {
                addr,
                ..ServerConfig::default()
            },
        )
        .await
    }
}
