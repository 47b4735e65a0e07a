//! chalice-app
