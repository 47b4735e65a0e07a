//! The integration suite of chalice-testing: one binary, one module per part.
//!
//! Every module uses the sample app of `app.rs`. Tests that set environment
//! variables use names no other test uses, because the environment is
//! process-global and tests run in parallel.

// clippy's `allow-unwrap-in-tests` covers `#[test]` functions only, not the
// helpers they share; in a test binary a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod adversarial;
mod app;
mod env;
mod generators;
mod http;
mod lambda;
mod properties;
mod snapshots;
