//! chalice-testing
