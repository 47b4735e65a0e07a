//! The tests that change process-global state: environment variables (the
//! Lambda variables `lambda_runtime` reads, `AWS_DEFAULT_REGION`) and the
//! global `tracing` subscriber.
//!
//! A binary of its own, separate from `suite`, because that state is shared
//! by every test in a process: set here, it would change under the suite's
//! tests as they run in parallel. Inside this binary, each test holds
//! [`PROCESS`] for its whole run, so they take turns.

// Test code: a failed unwrap is a failed test, with the panic naming the line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod conformance;
mod lambda_env;

/// Held by every test of this binary while it runs: the environment and the
/// global subscriber are theirs alone meanwhile.
static PROCESS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
