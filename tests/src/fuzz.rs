//! Fuzz target bodies, shared by `fuzz/` and the test suite (in progress).
