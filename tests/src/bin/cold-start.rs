//! `cold-start [--runs N] --event FILE --app NAME=BIN... --floor NAME=BIN --peer NAME=BIN`:
//! what a Lambda user pays first, for release binaries (see
//! `scripts/cold-start.sh`). Each run starts a binary against a fake Lambda
//! Runtime API (`chalice_tests::fake_runtime`) holding two invocations of the
//! same event, and measures:
//!
//! - spawn → first `GET /next`: the runtime's init, as Lambda's "Init
//!   Duration" counts it;
//! - spawn → first response `POST`: init plus the first invocation, what the
//!   first caller waits for;
//! - the first and the second invocation's latency (event handed out →
//!   response read): work deferred into the first invocation shows as a gap
//!   between the two;
//! - the child's peak resident memory (`VmHWM` of `/proc/PID/status`, read
//!   after both answers, before the child is stopped), and what its resident
//!   memory is made of then: pages of files (`RssFile`: the binary's code
//!   and the libraries') and anonymous memory (`RssAnon`: heap and stacks);
//! - the binary's size, and that of a stripped copy (`strip`); none for
//!   a binary that `strip` cannot read, such as a script that starts the
//!   real one under a profiler.
//!
//! Runs go round the binaries in turn, so a change of load reaches all alike;
//! the tables give medians. Before each start the binary is written out,
//! dropped from the page cache and read back (see `settle`), so that every
//! start meets its binary as read from storage, whatever wrote the file.
//! Each `--app` is a subject (the same app built with different features,
//! say), `--floor` the least any Lambda can do (a bare `lambda_runtime`
//! function), `--peer` the stack users would otherwise pick; each subject gets its own table of ratios against the targets of
//! BENCHMARKS.md.
//! Every HTTP answer must be a 200 with the same JSON body across the binaries
//! that give one, and each binary must answer both invocations of every start
//! as it answered the first.

use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::time::{Duration, Instant};

use chalice_tests::fake_runtime::FakeRuntimeApi;
use serde_json::Value;

const USAGE: &str =
    "usage: cold-start [--runs N] --event FILE --app NAME=BIN... --floor NAME=BIN --peer NAME=BIN";

/// The subject's init may be at most this much slower than the floor's.
const INIT_OVER_FLOOR: f64 = 1.10;

#[derive(Debug)]
struct Binary {
    name: String,
    path: PathBuf,
    runs: Vec<Run>,
}

/// One cold start; times in nanoseconds.
#[derive(Debug, Clone, Copy)]
struct Run {
    init: u128,
    first_response: u128,
    first_invocation: u128,
    second_invocation: u128,
    peak_rss_kib: u64,
    rss_file_kib: u64,
    rss_anon_kib: u64,
}

#[allow(clippy::print_stdout)] // printing the tables is this binary's job
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))
        .and_then(|runtime| runtime.block_on(measure(&args)));
    match outcome {
        Ok(tables) => {
            println!("{tables}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn measure(args: &[String]) -> Result<String, String> {
    let mut runs = 20usize;
    let mut event_file = None;
    let mut apps: Vec<(String, PathBuf)> = Vec::new();
    let mut roles: [Option<(String, PathBuf)>; 2] = [None, None];
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{arg} takes a value\n{USAGE}"))
        };
        let role = match arg.as_str() {
            "--runs" => {
                runs = value()?
                    .parse::<usize>()
                    .map_err(|e| format!("--runs: {e}"))?
                    .max(1);
                continue;
            }
            "--event" => {
                event_file = Some(value()?.clone());
                continue;
            }
            "--app" => None,
            "--floor" => Some(0),
            "--peer" => Some(1),
            _ => return Err(USAGE.to_string()),
        };
        let (name, path) = value()?
            .split_once('=')
            .ok_or_else(|| format!("{arg} takes NAME=BIN\n{USAGE}"))?;
        let binary = (name.to_string(), PathBuf::from(path));
        match role.and_then(|i| roles.get_mut(i)) {
            Some(slot) => *slot = Some(binary),
            None => apps.push(binary),
        }
    }
    if apps.is_empty() {
        return Err(USAGE.to_string());
    }
    let event_file = event_file.ok_or_else(|| USAGE.to_string())?;
    let text = std::fs::read(&event_file).map_err(|e| format!("cannot read {event_file}: {e}"))?;
    let case: Value =
        serde_json::from_slice(&text).map_err(|e| format!("{event_file} is not JSON: {e}"))?;
    // A conformance-style case file (`testdata/bench/`) or a bare event.
    let event = case.get("event").cloned().unwrap_or(case);

    let mut binaries = Vec::new();
    let [floor, peer] = roles;
    let (floor, peer) = (
        floor.ok_or_else(|| USAGE.to_string())?,
        peer.ok_or_else(|| USAGE.to_string())?,
    );
    for (name, path) in apps.into_iter().chain([floor, peer]) {
        binaries.push(Binary {
            name,
            path,
            runs: Vec::new(),
        });
    }
    // Each binary's first answer; every later start must answer the same.
    let mut answers: Vec<(String, Value)> = Vec::new();
    for round in 0..runs {
        for (i, binary) in binaries.iter_mut().enumerate() {
            settle(&binary.path)?;
            let (run, answer) = cold_start(&binary.path, &event, round)
                .await
                .map_err(|e| format!("{}, run {}: {e}", binary.name, round + 1))?;
            match answers.get(i) {
                None => answers.push((binary.name.clone(), answer)),
                Some((_, first)) if *first != answer => {
                    return Err(format!(
                        "{}, run {}: answered {answer}, where run 1 answered {first}",
                        binary.name,
                        round + 1
                    ))
                }
                Some(_) => {}
            }
            binary.runs.push(run);
        }
    }
    check_answers(&answers)?;
    let sizes: Vec<_> = binaries.iter().map(|b| sizes_kib(&b.path)).collect();
    Ok(tables(&binaries, &sizes, runs))
}

/// One cold start of `binary`; returns its figures and its first answer.
async fn cold_start(binary: &Path, event: &Value, round: usize) -> Result<(Run, Value), String> {
    let ids = [format!("cold-{round}-1"), format!("cold-{round}-2")];
    let api = FakeRuntimeApi::start(ids.iter().map(|id| (id.clone(), event.clone())))
        .await
        .map_err(|e| format!("cannot start the fake Runtime API: {e}"))?;
    let mut command = tokio::process::Command::new(binary);
    // Only what Lambda sets, whatever the environment running the bench sets.
    command
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", api.addr().to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "cold-start")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "stream")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/cold-start")
        .env("AWS_REGION", "us-west-2")
        .env("AWS_DEFAULT_REGION", "us-west-2")
        .env("CHALICE_HANDLER", "api")
        // lambda_http would otherwise put the stage in front of the path
        // (`/api/items/1`); Chalice routes by `resourcePath`.
        .env("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    let spawned = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let outcome = api.wait_for(2, Duration::from_secs(30)).await;
    // Read before the child is stopped; a child that exited reads as absent.
    let memory = child.id().and_then(memory_kib);
    let _ = child.kill().await;
    let outcome = outcome.map_err(|o| format!("no answer to both invocations in 30 s: {o:?}"))?;
    if !outcome.errors.is_empty() {
        return Err(format!("an invocation failed: {:?}", outcome.errors));
    }
    let answer = |id: &str| {
        outcome
            .response(id)
            .cloned()
            .ok_or_else(|| format!("no response to {id}"))
    };
    let (first, second) = (answer(&ids[0])?, answer(&ids[1])?);
    if first != second {
        return Err(format!(
            "the two invocations were answered differently: {first} and {second}"
        ));
    }
    let since = |from: Instant, to: Instant| to.saturating_duration_since(from).as_nanos();
    let init_done = *outcome.next_at.first().ok_or("no GET /next arrived")?;
    let first_answered = at(&outcome.answered_at, &ids[0])?;
    let memory = memory.ok_or("the child exited before its memory was read")?;
    let run = Run {
        init: since(spawned, init_done),
        first_response: since(spawned, first_answered),
        first_invocation: since(at(&outcome.handed_out_at, &ids[0])?, first_answered),
        second_invocation: since(
            at(&outcome.handed_out_at, &ids[1])?,
            at(&outcome.answered_at, &ids[1])?,
        ),
        peak_rss_kib: memory.peak,
        rss_file_kib: memory.file,
        rss_anon_kib: memory.anon,
    };
    Ok((run, first))
}

/// Puts `binary` in the page cache as a binary read from storage is: its
/// pages written out (`sync`), dropped (`dd iflag=nocache`, GNU coreutils)
/// and read back. How a file came into the page cache decides how the cache
/// holds it, and a process gets its binary's pages mapped a block of the
/// cache at a time: a binary just written by the linker, one copied and one
/// read back differ in peak RSS and init. Done before every start, so that
/// each start meets a layout of its own and the medians span them, rather
/// than every start of a run meeting the one layout the run began with.
fn settle(binary: &Path) -> Result<(), String> {
    run(std::process::Command::new("sync").arg(binary))?;
    run(std::process::Command::new("dd")
        .arg(format!("if={}", binary.display()))
        .args(["iflag=nocache", "count=0", "status=none"]))?;
    std::fs::read(binary)
        .map(drop)
        .map_err(|e| format!("cannot read {}: {e}", binary.display()))
}

/// Runs a tool to its end; an error unless it succeeded.
fn run(command: &mut std::process::Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    match status.success() {
        true => Ok(()),
        false => Err(format!("{command:?} failed: {status}")),
    }
}

fn at(times: &[(String, Instant)], id: &str) -> Result<Instant, String> {
    times
        .iter()
        .find(|(i, _)| i == id)
        .map(|(_, t)| *t)
        .ok_or_else(|| format!("no time recorded for {id}"))
}

/// A running process's resident memory, in KiB.
struct Memory {
    /// `VmHWM`: the peak.
    peak: u64,
    /// `RssFile`: pages of mapped files, now.
    file: u64,
    /// `RssAnon`: anonymous pages, now.
    anon: u64,
}

/// The [`Memory`] of a running process, from `/proc/PID/status`.
fn memory_kib(pid: u32) -> Option<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some(Memory {
        peak: field("VmHWM:")?,
        file: field("RssFile:")?,
        anon: field("RssAnon:")?,
    })
}

/// The binary's size and that of a stripped copy, in KiB; `None`, said on
/// stderr, when `strip` cannot read it (a script that starts the real binary
/// under a profiler, say), so that the times are still reported.
fn sizes_kib(binary: &Path) -> Option<(u64, u64)> {
    let measured = || -> Result<(u64, u64), String> {
        let size = |path: &Path| {
            std::fs::metadata(path)
                .map(|m| m.len() / 1024)
                .map_err(|e| format!("{}: {e}", path.display()))
        };
        let dir =
            tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        let stripped = dir.path().join("stripped");
        run(std::process::Command::new("strip")
            .arg("-o")
            .arg(&stripped)
            .arg(binary)
            .stderr(Stdio::null()))?;
        Ok((size(binary)?, size(&stripped)?))
    };
    measured()
        .inspect_err(|e| eprintln!("no size for {}: {e}", binary.display()))
        .ok()
}

/// HTTP answers (those with a `statusCode`) must all be 200 with the same
/// JSON body; other answers (the floor's) are not compared.
fn check_answers(answers: &[(String, Value)]) -> Result<(), String> {
    let mut http = answers
        .iter()
        .filter_map(|(name, answer)| Some((name, answer.get("statusCode")?, answer)));
    let Some((first_name, _, first)) = http.clone().next() else {
        return Ok(());
    };
    let body = |answer: &Value| -> Value {
        let text = answer.get("body").and_then(Value::as_str).unwrap_or("");
        serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
    };
    for (name, status, answer) in &mut http {
        if status.as_u64() != Some(200) {
            return Err(format!("{name} answered {status}, not 200: {answer}"));
        }
        if body(answer) != body(first) {
            return Err(format!(
                "{name} and {first_name} answered different bodies: {answer} and {first}"
            ));
        }
    }
    Ok(())
}

fn median<T: Copy + Ord + Default>(values: impl Iterator<Item = T>) -> T {
    let mut values: Vec<T> = values.collect();
    values.sort_unstable();
    // The lower middle for an even count: a value that was measured.
    values
        .get(values.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or_default()
}

fn tables(binaries: &[Binary], sizes: &[Option<(u64, u64)>], runs: usize) -> String {
    let ms = |ns: u128| ns as f64 / 1e6;
    let us = |ns: u128| ns as f64 / 1e3;
    let medians: Vec<Run> = binaries
        .iter()
        .map(|b| Run {
            init: median(b.runs.iter().map(|r| r.init)),
            first_response: median(b.runs.iter().map(|r| r.first_response)),
            first_invocation: median(b.runs.iter().map(|r| r.first_invocation)),
            second_invocation: median(b.runs.iter().map(|r| r.second_invocation)),
            peak_rss_kib: median(b.runs.iter().map(|r| r.peak_rss_kib)),
            rss_file_kib: median(b.runs.iter().map(|r| r.rss_file_kib)),
            rss_anon_kib: median(b.runs.iter().map(|r| r.rss_anon_kib)),
        })
        .collect();
    let mut out = format!(
        "Medians of {runs} cold starts each.\n\n\
         | binary | spawn → first `/next` (ms) | spawn → first response (ms) | 1st invocation (µs) | 2nd invocation (µs) | peak RSS (KiB) | of files / anonymous (KiB) | size (KiB) | stripped (KiB) |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    );
    for ((binary, m), sizes) in binaries.iter().zip(&medians).zip(sizes) {
        let (size, stripped) = match sizes {
            Some((size, stripped)) => (size.to_string(), stripped.to_string()),
            None => ("–".to_string(), "–".to_string()),
        };
        out.push_str(&format!(
            "| `{}` | {:.2} | {:.2} | {:.0} | {:.0} | {} | {} / {} | {} | {} |\n",
            binary.name,
            ms(m.init),
            ms(m.first_response),
            us(m.first_invocation),
            us(m.second_invocation),
            m.peak_rss_kib,
            m.rss_file_kib,
            m.rss_anon_kib,
            size,
            stripped
        ));
    }
    // The floor and the peer come last; every binary before them is a subject.
    let subjects = binaries.len().saturating_sub(2);
    let (Some(floor), Some(peer)) = (medians.get(subjects), medians.get(subjects + 1)) else {
        return out;
    };
    let sizes_of = |i: usize| sizes.get(i).copied().flatten().map(|s| s.1);
    for (i, (binary, app)) in binaries.iter().zip(&medians).take(subjects).enumerate() {
        let names = (
            &binary.name,
            &binaries[subjects].name,
            &binaries[subjects + 1].name,
        );
        let stripped = (sizes_of(i), sizes_of(subjects), sizes_of(subjects + 1));
        out.push_str(&ratio_table(names, app, floor, peer, stripped));
    }
    out.push_str("\nFirst / second invocation latency (about 1: nothing deferred into the first):");
    for (binary, m) in binaries.iter().zip(&medians) {
        out.push_str(&format!(
            " `{}` {:.2};",
            binary.name,
            ratio(m.first_invocation as f64, m.second_invocation as f64)
        ));
    }
    out.pop();
    out.push('\n');
    out
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

/// One subject's ratios to the floor and the peer, with the targets'
/// verdicts; `stripped` holds the three stripped sizes in that order.
fn ratio_table(
    names: (&String, &String, &String),
    app: &Run,
    floor: &Run,
    peer: &Run,
    stripped: (Option<u64>, Option<u64>, Option<u64>),
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "\n| measure | `{0}` / `{1}` | `{0}` / `{2}` | target | verdict |\n|---|---:|---:|---|---|\n",
        names.0, names.1, names.2
    ));
    let verdict = |met: bool| if met { "met" } else { "missed" };
    let (floor_name, peer_name) = (names.1, names.2);
    let init_row = |label: &str, a: u128, f: u128, p: u128| {
        let (over_floor, over_peer) = (ratio(a as f64, f as f64), ratio(a as f64, p as f64));
        let met = over_floor <= INIT_OVER_FLOOR && over_peer < 1.0;
        format!(
            "| {label} | {over_floor:.2} | {over_peer:.2} | ≤ {INIT_OVER_FLOOR:.2} × `{floor_name}`, < `{peer_name}` | {} |\n",
            verdict(met),
        )
    };
    out.push_str(&init_row(
        "spawn → first `/next`",
        app.init,
        floor.init,
        peer.init,
    ));
    out.push_str(&init_row(
        "spawn → first response",
        app.first_response,
        floor.first_response,
        peer.first_response,
    ));
    let size_row = |label: &str, a: u64, f: u64, p: u64| {
        format!(
            "| {label} | {:.2} | {:.2} | ≤ `{peer_name}` | {} |\n",
            ratio(a as f64, f as f64),
            ratio(a as f64, p as f64),
            verdict(a <= p),
        )
    };
    out.push_str(&size_row(
        "peak RSS",
        app.peak_rss_kib,
        floor.peak_rss_kib,
        peer.peak_rss_kib,
    ));
    if let (Some(a), Some(f), Some(p)) = stripped {
        out.push_str(&size_row("stripped binary", a, f, p));
    }
    out
}
