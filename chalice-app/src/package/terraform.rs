//! terraform
