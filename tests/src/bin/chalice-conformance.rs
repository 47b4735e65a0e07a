//! `chalice-conformance parse KIND FILE` prints `{"to_dict": ..., "view": {...}}`
//! for a real event; `chalice-conformance invoke CASE_FILE` runs a conformance
//! case against the Rust twin of the reference app and prints its outcome;
//! `chalice-conformance swagger [swagger|cloudformation|terraform]` prints the
//! twin's Swagger document for that target (for `openapi-spec-validator`);
//! `chalice-conformance openapi` prints the twin's OpenAPI 3.1 document;
//! `chalice-conformance package CASE_FILE` packages the twin for a packaging
//! case (`testdata/conformance/package/cases/`) and prints `{"template": ...}`
//! or `{"error": ...}`, as `make_expected.py` records `chalice package`;
//! `chalice-conformance bench [--as-lambda] [--typed] [--iterations N] [--warmup N] CASE_FILE...`
//! times the twin on each case's event (`scripts/bench-vs-python.sh` runs it
//! beside Python Chalice) and prints, per case, the median time and the
//! outcome; `chalice-conformance floor [--iterations N] [--warmup N]
//! CASE_FILE...` times serde_json's least work on each JSON body among the
//! cases' events (the floor beside them).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{json, Value};

const USAGE: &str = "usage: chalice-conformance parse KIND FILE | chalice-conformance invoke CASE_FILE | chalice-conformance package CASE_FILE | chalice-conformance swagger [swagger|cloudformation|terraform] | chalice-conformance openapi | chalice-conformance bench [--as-lambda] [--typed] [--iterations N] [--warmup N] CASE_FILE... | chalice-conformance floor [--iterations N] [--warmup N] CASE_FILE...";

#[allow(clippy::print_stdout)] // printing the outcome is this binary's job
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["parse", kind, file] => std::fs::read(file)
            .map_err(|e| format!("cannot read {file}: {e}"))
            .and_then(|bytes| chalice_tests::parse_kind(kind, &bytes)),
        ["invoke", file] => invoke(file),
        ["package", file] => package(file),
        ["swagger"] => swagger("swagger"),
        ["swagger", target] => swagger(target),
        ["openapi"] => Ok(chalice_app::package::openapi::generate(
            &chalice_tests::refapp::refapp(),
        )),
        ["bench", rest @ ..] => bench(rest),
        ["floor", rest @ ..] => floor(rest),
        _ => Err(USAGE.to_string()),
    };
    match outcome {
        Ok(value) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn invoke(file: &str) -> Result<Value, String> {
    let case = read_case(file)?;
    // The reference run sets a default region; so does the twin.
    if std::env::var_os("AWS_DEFAULT_REGION").is_none() {
        std::env::set_var("AWS_DEFAULT_REGION", "us-west-2");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    let app = Arc::new(chalice_tests::refapp::refapp());
    Ok(runtime.block_on(chalice_tests::run_case(&app, &case)))
}

fn swagger(target: &str) -> Result<Value, String> {
    use chalice_app::package::swagger::{generate, RestApiSettings, Target};
    let target = match target {
        "swagger" => Target::Swagger,
        "cloudformation" => Target::CloudFormation,
        "terraform" => Target::Terraform,
        other => return Err(format!("unknown target `{other}`\n{USAGE}")),
    };
    let app = chalice_tests::refapp::refapp();
    Ok(generate(&app, target, &RestApiSettings::default()))
}

fn package(file: &str) -> Result<Value, String> {
    chalice_tests::package::run_case(&read_case(file)?)
}

/// `bench [--iterations N] [--warmup N] CASE_FILE...`: for each case, the
/// event's bytes through `invoke_reply` and the reply through
/// `serde_json::to_vec`, as the Lambda front and its runtime do, timed one
/// iteration at a time (the future polled in place, as a running task polls
/// it: see [`answer`]), in a process that keeps its heap as `run` has it
/// kept on Lambda ([`chalice_app::retain_heap`]); prints
/// `[{"case", "handler", "event_bytes", "iterations", "median_ns", "outcome"}]`.
/// Each iteration's output must equal the first's byte for byte, so a run that
/// answers differently (or fails) half-way is an error, not a fast figure.
///
/// With `--as-lambda`, each iteration takes the whole path of an invocation
/// on Lambda short of the Runtime API's HTTP, through the service stack
/// `run` builds ([`OnLambda`](chalice_tests::on_lambda::OnLambda)): the
/// body handed over by `BodyHandover`, `lambda_runtime`'s read of what it
/// leaves into the payload type, the context converted, and the
/// [`LambdaService`](chalice_app::LambdaService) that `run` serves.
///
/// With `--typed`, the twin takes its typed forms ([`RefappOptions::typed`]:
/// `index` and `order` answer structs, `echo` reads the JSON body as a
/// `DumpedJson` and answers a struct, `on_queue` answers structs), and only
/// the cases those forms answer (a request for `/`, an order or `/echo`,
/// an SQS batch) are timed.
///
/// [`RefappOptions::typed`]: chalice_tests::refapp::RefappOptions::typed
fn bench(args: &[&str]) -> Result<Value, String> {
    let mut args = args;
    let (mut as_lambda, mut typed) = (false, false);
    loop {
        match args.first() {
            Some(&"--as-lambda") => as_lambda = true,
            Some(&"--typed") => typed = true,
            _ => break,
        }
        args = &args[1..];
    }
    let (iterations, warmup, files) = timing_args(args)?;
    // What `run` does before serving Lambda invocations.
    chalice_app::retain_heap();
    // As for `invoke`: the reference run sets a default region.
    if std::env::var_os("AWS_DEFAULT_REGION").is_none() {
        std::env::set_var("AWS_DEFAULT_REGION", "us-west-2");
    }
    // One thread, as a Lambda sandbox serves one invocation at a time, and
    // as the Python side runs.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    let app = Arc::new(chalice_tests::refapp::refapp_with(
        chalice_tests::refapp::RefappOptions {
            typed,
            ..Default::default()
        },
    ));
    let mut out = Vec::new();
    for file in files {
        let case = read_case(file)?;
        let handler = case.get("handler").and_then(Value::as_str).unwrap_or("api");
        if typed && !answered_when_typed(&case, handler) {
            continue;
        }
        let context = chalice_tests::case_context(case.get("context").unwrap_or(&Value::Null));
        // Compact, keys in the file's order (`preserve_order`): the bytes the
        // Python side builds with `separators=(',', ':')`, as Lambda sends them.
        let event = serde_json::to_vec(case.get("event").unwrap_or(&Value::Null))
            .map_err(|e| format!("{file}: {e}"))?;
        // The context is cloned inside the timed span: a Lambda runtime builds
        // one per invocation.
        let mut service = chalice_tests::on_lambda::OnLambda::new(
            chalice_app::LambdaService::new(Arc::clone(&app)).with_handler(Some(handler)),
        );
        let lambda_context = lambda_context(&context);
        let once = || -> Result<Vec<u8>, String> {
            let failed =
                |e: chalice_app::Error| format!("{file}: the twin failed: {} {e}", e.type_name());
            let reply = if as_lambda {
                answer(&runtime, service.call(&event, lambda_context.clone()))
            } else {
                answer(&runtime, app.invoke_reply(handler, &event, context.clone()))
            }
            .map_err(failed)?;
            serde_json::to_vec(&reply).map_err(|e| format!("{file}: {e}"))
        };
        let (first, median_ns) = timed(file, iterations, warmup, once)?;
        let result: Value = serde_json::from_slice(&first).map_err(|e| format!("{file}: {e}"))?;
        out.push(json!({
            "case": case_name(file),
            "handler": handler,
            "event_bytes": event.len(),
            "iterations": iterations,
            "median_ns": median_ns,
            "outcome": {"result": result},
        }));
    }
    Ok(Value::Array(out))
}

/// Drives `future` to its output as the task of `lambda_runtime`'s loop
/// drives a service's future: polled where it is, inside the runtime's
/// context, and handed to `block_on` only when it waits on something. Each
/// `block_on` enters and leaves the runtime (about 120 ns on the machine of
/// BENCHMARKS.md), which an invocation on Lambda does not pay, its future
/// being polled by a task that is already running, and which the Python side,
/// a plain call of the handler, has nothing like.
fn answer<F: std::future::Future>(runtime: &tokio::runtime::Runtime, future: F) -> F::Output {
    let _entered = runtime.enter();
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(output) => output,
        // Entering sets the runtime's handle only, so `block_on` may still
        // run here.
        std::task::Poll::Pending => runtime.block_on(future),
    }
}

/// `lambda_runtime`'s context of an invocation with the fields of `context`,
/// as it builds one from the Runtime API's headers and the environment.
fn lambda_context(context: &chalice_app::LambdaContext) -> lambda_runtime::Context {
    let config = lambda_runtime::Config {
        function_name: context.function_name.to_string(),
        version: context.function_version.to_string(),
        memory: context
            .memory_limit_in_mb
            .map_or(0, |m| i32::try_from(m).unwrap_or(i32::MAX)),
        log_group: context.log_group_name.to_string(),
        log_stream: context.log_stream_name.to_string(),
    };
    let mut lambda = lambda_runtime::Context::default();
    lambda.request_id.clone_from(&context.aws_request_id);
    lambda
        .invoked_function_arn
        .clone_from(&context.invoked_function_arn);
    lambda.deadline = context.deadline_ms;
    lambda.env_config = Arc::new(config);
    lambda
}

/// `floor [--iterations N] [--warmup N] CASE_FILE...`: for each case whose
/// event has a JSON body, the least work of any stack whose view reads that
/// body as a `serde_json::Value` and answers it as JSON, timed one iteration
/// at a time: serde_json parses the body into a `Value`, writes the value as
/// text and writes that text as the string a proxy response carries it in.
/// Nothing else of the event is read and no view runs, so a stack on
/// serde_json that hands its views a `Value` cannot answer such an event in
/// less time: against Python Chalice, this bounds the speed-up. Run in a
/// process of its own, as `bench` is, so that neither inherits the other's
/// heap, and with the heap kept as `bench` keeps it. Prints
/// `[{"case", "iterations", "median_ns"}]`; cases without a JSON body are
/// left out. Each iteration must write as many bytes as the first.
fn floor(args: &[&str]) -> Result<Value, String> {
    let (iterations, warmup, files) = timing_args(args)?;
    // As `bench`: any stack can keep its heap so.
    chalice_app::retain_heap();
    let mut out = Vec::new();
    for file in files {
        let case = read_case(file)?;
        let Some(body) = json_body(&case) else {
            continue;
        };
        let floor = || -> Result<usize, String> {
            let value: Value = serde_json::from_str(body).map_err(|e| format!("{file}: {e}"))?;
            let text = serde_json::to_string(&value).map_err(|e| format!("{file}: {e}"))?;
            Ok(serde_json::to_vec(&text)
                .map_err(|e| format!("{file}: {e}"))?
                .len())
        };
        let (_, median_ns) = timed(file, iterations, warmup, floor)?;
        out.push(
            json!({"case": case_name(file), "iterations": iterations, "median_ns": median_ns}),
        );
    }
    Ok(Value::Array(out))
}

/// Runs `once` `warmup + iterations` times after a first call, timing each
/// run; `once`'s first answer and the median time of the runs after the
/// warm-up. Every answer must equal the first, so a run that answers
/// differently (or fails) half-way is an error, not a fast figure.
fn timed<T: PartialEq>(
    file: &str,
    iterations: usize,
    warmup: usize,
    mut once: impl FnMut() -> Result<T, String>,
) -> Result<(T, f64), String> {
    let first = once()?;
    let mut times = Vec::with_capacity(iterations);
    for i in 0..warmup + iterations {
        let started = Instant::now();
        let answer = std::hint::black_box(once()?);
        let elapsed = started.elapsed();
        if answer != first {
            return Err(format!(
                "{file}: iteration {i} answered differently from the first"
            ));
        }
        if i >= warmup {
            times.push(elapsed.as_nanos());
        }
    }
    times.sort_unstable();
    Ok((first, median(&times)))
}

/// Whether the twin's typed forms answer the case: a request for `/`,
/// `/echo` or an order (by its resource, or for `/echo` its path), or
/// `on_queue`.
fn answered_when_typed(case: &Value, handler: &str) -> bool {
    let field = |field: &str| case.pointer(field).and_then(Value::as_str);
    let typed_resource = matches!(
        field("/event/resource"),
        Some("/" | "/echo" | "/users/{user_id}/orders/{order_id}")
    );
    handler == "on_queue"
        || (handler == "api" && (typed_resource || field("/event/rawPath") == Some("/echo")))
}

/// The body of a case's event, when it is JSON.
fn json_body(case: &Value) -> Option<&str> {
    case.pointer("/event/body")
        .and_then(Value::as_str)
        .filter(|body| serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok())
}

/// A case file's JSON.
fn read_case(file: &str) -> Result<Value, String> {
    let text = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    serde_json::from_slice(&text).map_err(|e| format!("{file} is not JSON: {e}"))
}

/// A case's name: its file's name without the extension.
fn case_name(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `[--iterations N] [--warmup N] CASE_FILE...` of `bench` and `floor`: the
/// counts (1000 and 100 unless given) and the files.
fn timing_args<'a>(args: &[&'a str]) -> Result<(usize, usize, Vec<&'a str>), String> {
    let mut iterations = 1000usize;
    let mut warmup = 100usize;
    let mut files = Vec::new();
    let mut args = args.iter();
    while let Some(&arg) = args.next() {
        let mut count = |name: &str| {
            args.next()
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| format!("{name} takes a number\n{USAGE}"))
        };
        match arg {
            "--iterations" => iterations = count(arg)?.max(1),
            "--warmup" => warmup = count(arg)?,
            file => files.push(file),
        }
    }
    if files.is_empty() {
        return Err(USAGE.to_string());
    }
    Ok((iterations, warmup, files))
}

/// The middle of sorted `times`, the mean of the two middle ones for an even
/// count (as Python's `statistics.median`, which the other side uses).
fn median(times: &[u128]) -> f64 {
    let n = times.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => times[n / 2] as f64,
        _ => (times[n / 2 - 1] + times[n / 2]) as f64 / 2.0,
    }
}
