//! The workspace-level integration suite: one binary, one module per layer.

mod conformance;
mod fixtures;
