//! The workspace-level integration suite: one binary, one module per layer.

mod bad_input;
mod conformance;
mod fixtures;
