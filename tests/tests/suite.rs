//! The workspace-level integration suite: one binary, one module per layer.

// Test code: a failed unwrap is a failed test, with the panic naming the line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bad_input;
// `conformance` sets environment variables: it runs in `process_env`.
mod fixtures;
mod models;
mod package;
mod package_swagger;
mod runtime;
mod server;
mod server_hardening;
