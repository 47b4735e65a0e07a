//! The Lambda runtime inside this process, as users run it: `run`,
//! `lambda_runtime::run_concurrent(app.into_service())` and `init_logging`,
//! against the fake Runtime API, with the Lambda variables set on the
//! process (hence this binary).

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use chalice_app::{Chalice, Error, LambdaFunctionEvent};
use chalice_tests::fake_runtime::FakeRuntimeApi;
use serde_json::{json, Value};
use tokio::sync::Barrier;

/// What the subscriber this binary installs has written.
static CAPTURED: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURED.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs this binary's own subscriber, once, before any test can reach
/// `run`: the user's subscriber that `run` must keep.
fn install_user_subscriber() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing_subscriber::fmt()
            .with_writer(|| Capture)
            .with_ansi(false)
            .init();
    });
}

fn captured() -> String {
    String::from_utf8_lossy(&CAPTURED.lock().unwrap()).into_owned()
}

/// Sets the variables Lambda sets, pointing at `api`.
fn set_lambda_env(api: &FakeRuntimeApi, max_concurrency: Option<usize>) {
    std::env::set_var("AWS_LAMBDA_RUNTIME_API", api.addr().to_string());
    std::env::set_var("AWS_LAMBDA_FUNCTION_NAME", "concurrent-dev");
    std::env::set_var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128");
    std::env::set_var("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    std::env::remove_var("CHALICE_HANDLER");
    match max_concurrency {
        Some(n) => std::env::set_var("AWS_LAMBDA_MAX_CONCURRENCY", n.to_string()),
        None => std::env::remove_var("AWS_LAMBDA_MAX_CONCURRENCY"),
    }
}

/// An app whose `rendezvous` handler waits until `count` invocations are
/// inside it at once: run one at a time, the first one waits in vain and
/// fails.
fn rendezvous_app(count: usize) -> Chalice {
    let barrier = Arc::new(Barrier::new(count));
    let mut app = Chalice::new("concurrent");
    app.lambda_function("rendezvous", move |e: LambdaFunctionEvent| {
        let barrier = Arc::clone(&barrier);
        async move {
            tokio::time::timeout(Duration::from_secs(10), barrier.wait())
                .await
                .map_err(|_| Error::msg(format!("{count} invocations never ran at once")))?;
            tracing::info!(id = %e.context.aws_request_id, "met");
            Ok::<_, Error>(json!({"met": e.event}))
        }
    });
    app
}

fn invocations(count: usize) -> Vec<(String, Value)> {
    (0..count).map(|i| (format!("inv-{i}"), json!(i))).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_concurrent_serves_the_app_several_invocations_at_once() {
    let _process = crate::PROCESS.lock().await;
    install_user_subscriber();
    let api = FakeRuntimeApi::start(invocations(4)).await.unwrap();
    set_lambda_env(&api, Some(4));
    let service = rendezvous_app(4)
        .into_service()
        .with_handler(Some("rendezvous"));
    let runtime = tokio::spawn(lambda_runtime::run_concurrent(service));
    let outcome = api.wait_for(4, Duration::from_secs(30)).await;
    runtime.abort();
    let outcome = outcome.unwrap();
    assert!(outcome.errors.is_empty(), "{outcome:?}");
    for i in 0..4 {
        assert_eq!(
            outcome.response(&format!("inv-{i}")),
            Some(&json!({"met": i}))
        );
    }
    assert_eq!(outcome.peak_in_flight, 4, "{outcome:?}");
}

/// `run` serves the same service with `run_concurrent` (chalice-app's
/// `concurrency` feature, which this crate turns on): Lambda Managed
/// Instances get concurrent invocations from it too. Without the feature,
/// `run` serves one at a time (the lean items example of the cold-start
/// bench, which CI runs once).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_honours_aws_lambda_max_concurrency() {
    let _process = crate::PROCESS.lock().await;
    install_user_subscriber();
    let api = FakeRuntimeApi::start(invocations(3)).await.unwrap();
    set_lambda_env(&api, Some(3));
    std::env::set_var("CHALICE_HANDLER", "rendezvous");
    let runtime = tokio::spawn(chalice_app::run(rendezvous_app(3)));
    let outcome = api.wait_for(3, Duration::from_secs(30)).await;
    runtime.abort();
    std::env::remove_var("CHALICE_HANDLER");
    let outcome = outcome.unwrap();
    assert!(outcome.errors.is_empty(), "{outcome:?}");
    assert_eq!(outcome.responses.len(), 3, "{outcome:?}");
    assert_eq!(outcome.peak_in_flight, 3, "{outcome:?}");
}

/// Without `AWS_LAMBDA_MAX_CONCURRENCY`, invocations run one at a time, as
/// on classic Lambda.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_serves_one_invocation_at_a_time_by_default() {
    let _process = crate::PROCESS.lock().await;
    install_user_subscriber();
    let api = FakeRuntimeApi::start(invocations(3)).await.unwrap();
    set_lambda_env(&api, None);
    let mut app = Chalice::new("sequential");
    app.lambda_function("echo", |e: LambdaFunctionEvent| e.event);
    let service = app.into_service().with_handler(Some("echo"));
    let runtime = tokio::spawn(lambda_runtime::run_concurrent(service));
    let outcome = api.wait_for(3, Duration::from_secs(30)).await;
    runtime.abort();
    let outcome = outcome.unwrap();
    assert_eq!(outcome.responses.len(), 3, "{outcome:?}");
    assert_eq!(outcome.peak_in_flight, 1, "{outcome:?}");
}

/// `run` installs its logging with `try_init`: a subscriber the user
/// installed first stays, and sees the handlers' lines.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_keeps_a_subscriber_installed_first() {
    let _process = crate::PROCESS.lock().await;
    install_user_subscriber();
    assert!(!chalice_app::init_logging());
    let api = FakeRuntimeApi::start([("inv-kept".to_string(), json!({}))])
        .await
        .unwrap();
    set_lambda_env(&api, None);
    let mut app = Chalice::new("kept");
    app.lambda_function("logs", |_e: LambdaFunctionEvent| {
        tracing::info!("a line for the user's subscriber");
        json!(null)
    });
    std::env::set_var("CHALICE_HANDLER", "logs");
    let runtime = tokio::spawn(chalice_app::run(app));
    let outcome = api.wait_for(1, Duration::from_secs(30)).await;
    runtime.abort();
    std::env::remove_var("CHALICE_HANDLER");
    assert_eq!(outcome.unwrap().response("inv-kept"), Some(&Value::Null));
    let captured = captured();
    assert!(
        captured.contains("a line for the user's subscriber"),
        "{captured}"
    );
}

/// `lambda_runtime` panics when a variable Lambda always sets is missing;
/// `run` says so as an error instead.
#[tokio::test(flavor = "current_thread")]
async fn run_without_the_lambda_variables_is_an_error() {
    let _process = crate::PROCESS.lock().await;
    install_user_subscriber();
    let api = FakeRuntimeApi::start([]).await.unwrap();
    set_lambda_env(&api, None);
    std::env::remove_var("AWS_LAMBDA_FUNCTION_NAME");
    let err = chalice_app::run(Chalice::new("incomplete"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "AWS_LAMBDA_RUNTIME_API is set but AWS_LAMBDA_FUNCTION_NAME is not: the Lambda runtime cannot start"
    );
    std::env::set_var("AWS_LAMBDA_FUNCTION_NAME", "concurrent-dev");
    std::env::set_var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots");
    let err = chalice_app::run(Chalice::new("incomplete"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"AWS_LAMBDA_FUNCTION_MEMORY_SIZE is not a number of megabytes: "lots""#
    );
}
