//! Deployment: the app describes itself for AWS as `chalice package` and
//! `chalice generate-models` describe a Python Chalice app.
//!
//! - [`swagger`]: the Swagger 2.0 document of the REST API.
//! - [`config`]: `.chalice/config.json`, read as Chalice reads it.
//! - [`package`]: the SAM / CloudFormation template (`sam.json`) or the
//!   Terraform configuration (`chalice.tf.json`) for a stage.
//!
//! Before anything is written the app is validated as Chalice validates it at
//! deploy time; every problem is reported at once ([`PackageError::Invalid`]).

pub mod config;
mod policy;
mod sam;
pub mod swagger;
mod terraform;
pub mod validate;

pub use config::Config;
pub use swagger::Target;
pub use validate::validate;

/// Why an app cannot be packaged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    /// The app breaks Chalice's deploy-time rules; one line per problem.
    #[error("the app cannot be deployed:\n{}", .0.join("\n"))]
    Invalid(Vec<String>),
    /// `.chalice/config.json` (or a file it names) is missing, unreadable,
    /// not JSON, or has a key of the wrong type.
    #[error("{file}: {message}")]
    Config {
        /// The file, e.g. `.chalice/config.json`.
        file: String,
        /// What is wrong, naming the key (`stages.prod.lambda_timeout: expected an integer, got "30"`).
        message: String,
    },
    /// The stage is not in the config's `stages`.
    #[error("stage `{0}` is not defined in .chalice/config.json")]
    UnknownStage(String),
    /// Chalice refuses this combination for this format (S3 handlers in a SAM
    /// template, a VPC endpoint together with a policy file, ...).
    #[error("{0}")]
    Unsupported(String),
    /// Writing the output failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}
