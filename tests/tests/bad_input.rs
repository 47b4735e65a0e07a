//! Bad-input suite (in progress).
