//! `.chalice/config.json`, read as Chalice documents it.

/// A project's `.chalice/config.json`.
#[derive(Debug, Clone, Default)]
pub struct Config {}
