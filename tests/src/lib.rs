//! chalice-tests
