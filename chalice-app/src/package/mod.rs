//! Deployment: the app describes itself for AWS as `chalice package` and
//! `chalice generate-models` describe a Python Chalice app.
//!
//! - [`swagger`]: the Swagger 2.0 document of the REST API.
//! - [`openapi`]: the OpenAPI 3.1 document of the API, with the schemas of
//!   the declared [models](crate::models).
//! - [`config`]: `.chalice/config.json`, read as Chalice reads it.
//! - [`package`] and [`template`]: the SAM / CloudFormation template
//!   (`sam.json`) or the Terraform configuration (`chalice.tf.json`) for a
//!   stage, with the resources, names and properties `chalice package` writes.
//! - [`generate_models`]: the Swagger document `chalice generate-models` prints.
//!
//! Before anything is written the app is validated as Chalice validates it at
//! deploy time; every problem is reported at once ([`PackageError::Invalid`]).
//!
//! # One binary, many functions
//!
//! Chalice deploys one Lambda function per handler, all from one package.
//! So does chalice-rs: every function runs the same binary ([`RUNTIME`]
//! `provided.al2023`, [`HANDLER`] `bootstrap`), and its `CHALICE_HANDLER`
//! variable ([`crate::HANDLER_ENV`]) names the handler it serves: `api` for
//! the REST API, otherwise the handler's name. Where the code comes from is a
//! [`CodeLocation`]: by default `sam build` builds it with cargo-lambda
//! (`Metadata: {BuildMethod: rust-cargolambda}`); Terraform, which has no
//! build step, takes the zip `cargo lambda build --release --output-format
//! zip` makes and copies it beside the configuration as `deployment.zip`.
//!
//! # The command line
//!
//! An app served with `chalice_app::run` (which needs the `runtime` or
//! `local-server` [feature](crate#features), and the default feature `cli`
//! for this) has Chalice's two commands, outside Lambda:
//!
//! ```text
//! cargo run -- package [--stage S] [--pkg-format cloudformation|terraform]
//!                      [--project-dir DIR] [--bin NAME] [--zip FILE]
//!                      [--merge-template FILE] OUT_DIR
//! cargo run -- generate-models [--stage S] [--openapi]
//! cargo run                # no command: the local server
//! ```
//!
//! # From code
//!
//! ```
//! use chalice_app::package::{self, Config, PackageFormat, PackageOptions};
//! use chalice_app::{Chalice, Request, Route};
//! use serde_json::json;
//!
//! let mut app = Chalice::new("helloworld");
//! app.route("/", Route::new(), |_req: Request| json!({"hello": "world"}));
//! let config = Config::from_json(r#"{"version": "2.0", "app_name": "helloworld",
//!     "stages": {"dev": {"api_gateway_stage": "api"}}}"#)?;
//! let options = PackageOptions::new("helloworld").format(PackageFormat::CloudFormation);
//! let template = package::template(&app, &config, &options)?;
//! assert_eq!(template["Resources"]["APIHandler"]["Properties"]["Runtime"], "provided.al2023");
//! # Ok::<(), package::PackageError>(())
//! ```

// Only `run` reads the command line, and `run` needs `runtime` or `local-server`.
#[cfg(all(feature = "cli", any(feature = "runtime", feature = "local-server")))]
pub(crate) mod cli;
pub mod config;
mod model;
pub mod openapi;
mod policy;
mod sam;
pub mod swagger;
mod terraform;
pub mod validate;

pub use config::{Config, CustomDomain, FunctionConfig, StageConfig};
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
    /// Terraform (or `CodeLocation::Zip`) needs the deployment zip, and it
    /// is not there: the message says which `cargo lambda build` makes it.
    #[error("{0}")]
    MissingBuild(String),
    /// Writing the output failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// The runtime of every function: Lambda's OS-only runtime, which runs the
/// `bootstrap` executable cargo-lambda builds.
pub const RUNTIME: &str = "provided.al2023";

/// The handler of every function: the OS-only runtime ignores it, and
/// `bootstrap` is the conventional value. The handler a function serves is
/// named by its `CHALICE_HANDLER` variable ([`crate::HANDLER_ENV`]).
pub const HANDLER: &str = "bootstrap";

/// What `chalice package` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PackageFormat {
    /// A SAM template, `sam.json` (`--pkg-format cloudformation`, the default).
    #[default]
    CloudFormation,
    /// A Terraform configuration, `chalice.tf.json` (`--pkg-format terraform`).
    Terraform,
}

impl PackageFormat {
    /// The name of the file written into the output folder.
    pub fn file_name(self) -> &'static str {
        match self {
            PackageFormat::CloudFormation => "sam.json",
            PackageFormat::Terraform => "chalice.tf.json",
        }
    }

    /// The format's name on Chalice's command line (`cloudformation`, `terraform`).
    pub fn as_str(self) -> &'static str {
        match self {
            PackageFormat::CloudFormation => "cloudformation",
            PackageFormat::Terraform => "terraform",
        }
    }
}

impl std::str::FromStr for PackageFormat {
    type Err = PackageError;

    /// `cloudformation` or `terraform`, as `chalice package --pkg-format` takes them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "cloudformation" => Ok(PackageFormat::CloudFormation),
            "terraform" => Ok(PackageFormat::Terraform),
            other => Err(PackageError::Unsupported(format!(
                "unknown package format `{other}`: expected cloudformation or terraform"
            ))),
        }
    }
}

/// Where the functions' code comes from. Every function runs the same
/// binary; what differs between them is the `CHALICE_HANDLER` variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeLocation {
    /// `sam build` builds the binary with cargo-lambda: each function's
    /// `CodeUri` is this Cargo package folder and its `Metadata` says
    /// `BuildMethod: rust-cargolambda` with the binary's name. [`package`]
    /// writes the folder relative to the template (SAM reads it so);
    /// [`template`] writes it as given.
    ///
    /// Terraform has no build step: [`package`] copies the zip that
    /// `cargo lambda build --release --output-format zip --bin <binary>`
    /// leaves in `target/lambda/<binary>/bootstrap.zip` (under this folder or
    /// one above it, as in a workspace, or under `CARGO_TARGET_DIR`).
    CargoLambda {
        /// The folder holding the binary's `Cargo.toml`.
        project_dir: std::path::PathBuf,
    },
    /// A zip built beforehand (its `bootstrap` at the top), copied next to
    /// the template as `deployment.zip`, Chalice's name for the package.
    Zip(std::path::PathBuf),
}

/// What to package, and how.
///
/// ```
/// use chalice_app::package::{PackageFormat, PackageOptions};
///
/// let options = PackageOptions::new("items")
///     .stage("prod")
///     .format(PackageFormat::Terraform);
/// assert_eq!(options.stage, "prod");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageOptions {
    /// The Chalice stage, a key of the config's `stages` (default `dev`).
    pub stage: String,
    /// SAM or Terraform.
    pub format: PackageFormat,
    /// The Cargo binary that serves the app (`--bin` of cargo-lambda).
    pub binary: String,
    /// Where the code comes from (default: cargo-lambda in the current folder).
    pub code: CodeLocation,
    /// A JSON template merged into the SAM template (`--merge-template`):
    /// where both hold an object under one key the two are merged key by
    /// key, anywhere else this file's value wins, as Chalice merges.
    pub merge_template: Option<std::path::PathBuf>,
}

impl PackageOptions {
    /// Packages the binary `binary` for stage `dev` as a SAM template built
    /// by cargo-lambda in the current folder.
    pub fn new(binary: impl Into<String>) -> Self {
        PackageOptions {
            stage: "dev".to_string(),
            format: PackageFormat::CloudFormation,
            binary: binary.into(),
            code: CodeLocation::CargoLambda {
                project_dir: std::path::PathBuf::from("."),
            },
            merge_template: None,
        }
    }

    /// The same options for `stage`.
    #[must_use]
    pub fn stage(mut self, stage: impl Into<String>) -> Self {
        self.stage = stage.into();
        self
    }

    /// The same options for `format`.
    #[must_use]
    pub fn format(mut self, format: PackageFormat) -> Self {
        self.format = format;
        self
    }

    /// The same options with the code from `code`.
    #[must_use]
    pub fn code(mut self, code: CodeLocation) -> Self {
        self.code = code;
        self
    }

    /// The same options with the JSON template at `path` merged into the
    /// SAM template.
    #[must_use]
    pub fn merge_template(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.merge_template = Some(path.into());
        self
    }
}

/// The template `chalice package` would write for `app` with `config`: the
/// SAM template (`sam.json`) or the Terraform configuration
/// (`chalice.tf.json`), as a JSON value. Nothing is written; policy files the
/// config names are read.
///
/// The resources, their names and properties are those of Chalice 1.34's
/// `chalice package` for the same app and config, except for what a Rust
/// binary needs ([`RUNTIME`], [`HANDLER`], the code location, `CHALICE_HANDLER`
/// on each function, and `ReportBatchItemFailures` on event sources that opt
/// in); see [Formats](#formats).
///
/// # Formats
///
/// SAM: one `AWS::Serverless::Function` per handler (`APIHandler` for the
/// REST API, `DefaultRole` for the generated role), the `RestAPI` with the
/// Swagger document inline, the websocket API with its routes. Terraform: the
/// same resources under Chalice's resource keys, with `${path.module}/deployment.zip`
/// as the code.
///
/// # Errors
///
/// [`PackageError::Invalid`] when the app breaks Chalice's deploy-time rules
/// ([`validate()`]); [`PackageError::UnknownStage`]; [`PackageError::Config`]
/// for a role without its ARN, or a policy file that is missing or not JSON;
/// [`PackageError::Unsupported`] where Chalice refuses: S3 handlers in a SAM
/// template, `api_gateway_endpoint_vpce` without a `PRIVATE` endpoint or
/// together with `api_gateway_policy_file`, a `PRIVATE` endpoint with
/// neither, VPC settings with only one of subnets and security groups, two
/// SAM resources with one name.
pub fn template(
    app: &crate::Chalice,
    config: &Config,
    options: &PackageOptions,
) -> Result<serde_json::Value, PackageError> {
    validate(app)?;
    let stage = config.stage(&options.stage)?;
    check_resource_policy(&stage)?;
    let model = model::build(app, &stage)?;
    match options.format {
        PackageFormat::CloudFormation => {
            let code = match &options.code {
                CodeLocation::CargoLambda { project_dir } => sam::Code {
                    code_uri: path_text(project_dir),
                    metadata: Some(serde_json::json!({
                        "BuildMethod": "rust-cargolambda",
                        "BuildProperties": {"Binary": options.binary},
                    })),
                },
                CodeLocation::Zip(_) => sam::Code {
                    code_uri: "./deployment.zip".to_string(),
                    metadata: None,
                },
            };
            let template = sam::template(app, &model, &code)?;
            match &options.merge_template {
                Some(path) => Ok(merge(read_merge_template(path)?, template)),
                None => Ok(template),
            }
        }
        PackageFormat::Terraform => {
            if options.merge_template.is_some() {
                return Err(PackageError::Unsupported(
                    "Terraform format does not support --merge-template".to_string(),
                ));
            }
            terraform::template(app, &model)
        }
    }
}

fn read_merge_template(path: &std::path::Path) -> Result<serde_json::Value, PackageError> {
    let shown = path.display().to_string();
    let yaml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if yaml {
        return Err(PackageError::Unsupported(format!(
            "{shown}: only JSON templates can be merged; chalice-rs writes no YAML"
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| PackageError::Config {
        file: shown.clone(),
        message: format!("cannot read the template to merge: {e}"),
    })?;
    serde_json::from_str(&text).map_err(|e| PackageError::Config {
        file: shown,
        message: format!("Expected a valid JSON template: {e}"),
    })
}

/// Chalice's `TemplateDeepMerger`: objects on both sides merge key by key;
/// anything else is the file's value.
fn merge(file: serde_json::Value, chalice: serde_json::Value) -> serde_json::Value {
    match (file, chalice) {
        (serde_json::Value::Object(file), serde_json::Value::Object(mut merged)) => {
            for (key, value) in file {
                // Taken in place, so a key of both keeps its position.
                let ours = merged
                    .get_mut(&key)
                    .map(serde_json::Value::take)
                    .unwrap_or_default();
                merged.insert(key, merge(value, ours));
            }
            serde_json::Value::Object(merged)
        }
        (file, _) => file,
    }
}

/// `chalice package`: writes the template of `app` into `out_dir` (created
/// if needed) as `sam.json` or `chalice.tf.json`, with `deployment.zip`
/// beside it when the format or [`CodeLocation::Zip`] asks for it, and
/// returns the template's path.
///
/// # Errors
///
/// As [`template`]; [`PackageError::MissingBuild`] when the zip is needed and
/// not found; [`PackageError::Io`] when the folder or a file cannot be written.
pub fn package(
    app: &crate::Chalice,
    config: &Config,
    options: &PackageOptions,
    out_dir: &std::path::Path,
) -> Result<std::path::PathBuf, PackageError> {
    let io = |path: &std::path::Path| {
        let path = path.display().to_string();
        move |source| PackageError::Io { path, source }
    };
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let mut options = options.clone();
    let zip = match (&options.code, options.format) {
        (CodeLocation::Zip(zip), _) => Some(zip.clone()),
        (CodeLocation::CargoLambda { project_dir }, PackageFormat::CloudFormation) => {
            // SAM resolves `CodeUri` against the template's folder.
            let relative = relative_path(out_dir, project_dir).map_err(io(project_dir))?;
            options.code = CodeLocation::CargoLambda {
                project_dir: relative,
            };
            None
        }
        (CodeLocation::CargoLambda { project_dir }, PackageFormat::Terraform) => {
            Some(find_cargo_lambda_zip(project_dir, &options.binary)?)
        }
    };
    let template = template(app, config, &options)?;
    if let Some(zip) = zip {
        if !zip.is_file() {
            return Err(PackageError::MissingBuild(format!(
                "the deployment zip {} does not exist; build it with `cargo lambda build --release --output-format zip --bin {}`",
                zip.display(),
                options.binary
            )));
        }
        let target = out_dir.join("deployment.zip");
        std::fs::copy(&zip, &target).map_err(io(&target))?;
    }
    let path = out_dir.join(options.format.file_name());
    // Chalice writes templates indented by two spaces with a final newline.
    let mut text = serde_json::to_string_pretty(&template).unwrap_or_else(|_| template.to_string());
    text.push('\n');
    std::fs::write(&path, text).map_err(io(&path))?;
    Ok(path)
}

/// `chalice generate-models`: the Swagger 2.0 document of `app`'s REST API
/// ([`Target::Swagger`]).
///
/// # Errors
///
/// [`PackageError::Invalid`] when the app uses experimental features without
/// opting in (Chalice checks them when it loads the app);
/// [`PackageError::Unsupported`] when the app has no routes (Chalice: "No
/// REST API found to generate model from.").
pub fn generate_models(app: &crate::Chalice) -> Result<serde_json::Value, PackageError> {
    validate::validate_feature_flags(app)?;
    if app.routes.paths.is_empty() {
        return Err(PackageError::Unsupported(
            "No REST API found to generate model from.".to_string(),
        ));
    }
    Ok(swagger::generate(
        app,
        Target::Swagger,
        &swagger::RestApiSettings::default(),
    ))
}

/// `generate-models --openapi`: the OpenAPI 3.1 document of `app`'s API
/// ([`openapi::generate`]).
///
/// # Errors
///
/// As [`generate_models`]: [`PackageError::Invalid`] when the app uses
/// experimental features without opting in, [`PackageError::Unsupported`]
/// when it has no routes.
pub fn generate_openapi(app: &crate::Chalice) -> Result<serde_json::Value, PackageError> {
    validate::validate_feature_flags(app)?;
    if app.routes.paths.is_empty() {
        return Err(PackageError::Unsupported(
            "No REST API found to generate model from.".to_string(),
        ));
    }
    Ok(openapi::generate(app))
}

/// Chalice's `validate_resource_policy`, which `chalice package` runs first.
fn check_resource_policy(stage: &StageConfig<'_>) -> Result<(), PackageError> {
    let private = stage.api_gateway_endpoint_type() == "PRIVATE";
    let vpce = stage.api_gateway_endpoint_vpce().is_some();
    let policy_file = stage.api_gateway_policy_file().is_some();
    let refuse = |message: &str| Err(PackageError::Unsupported(message.to_string()));
    if !private && vpce {
        return refuse("config.api_gateway_endpoint_vpce should only be specified for PRIVATE api_gateway_endpoint_type");
    }
    if private && policy_file && vpce {
        return refuse(
            "Can only specify one of api_gateway_policy_file and api_gateway_endpoint_vpce",
        );
    }
    if private && !policy_file && !vpce {
        return refuse("Private Endpoints require api_gateway_policy_file or api_gateway_endpoint_vpce specified");
    }
    Ok(())
}

/// A path as a template writes it: `/` between components on every system.
fn path_text(path: &std::path::Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [] => ".".to_string(),
        [root, rest @ ..] if root == "/" => format!("/{}", rest.join("/")),
        _ => parts.join("/"),
    }
}

/// `to` relative to `from` (both made absolute first), e.g. `..` for a
/// project folder that holds the output folder.
fn relative_path(
    from: &std::path::Path,
    to: &std::path::Path,
) -> std::io::Result<std::path::PathBuf> {
    use std::path::{Component, PathBuf};
    let from = from.canonicalize()?;
    let to = to.canonicalize()?;
    let from_parts: Vec<Component<'_>> = from.components().collect();
    let to_parts: Vec<Component<'_>> = to.components().collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        // Different roots (another drive on Windows): only the absolute path works.
        return Ok(to);
    }
    let mut out = PathBuf::new();
    for _ in common..from_parts.len() {
        out.push("..");
    }
    for part in &to_parts[common..] {
        out.push(part.as_os_str());
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    Ok(out)
}

/// Where `cargo lambda build --output-format zip` leaves the zip of
/// `binary`: `target/lambda/<binary>/bootstrap.zip` in the project folder or
/// the nearest folder above it that has one (a workspace's target folder),
/// or under `CARGO_TARGET_DIR`.
fn find_cargo_lambda_zip(
    project_dir: &std::path::Path,
    binary: &str,
) -> Result<std::path::PathBuf, PackageError> {
    let tail = std::path::Path::new("lambda")
        .join(binary)
        .join("bootstrap.zip");
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        candidates.push(std::path::PathBuf::from(dir).join(&tail));
    }
    let start = project_dir
        .canonicalize()
        .unwrap_or_else(|_| project_dir.to_path_buf());
    candidates.extend(start.ancestors().map(|dir| dir.join("target").join(&tail)));
    if let Some(found) = candidates.iter().find(|c| c.is_file()) {
        return Ok(found.clone());
    }
    Err(PackageError::MissingBuild(format!(
        "no deployment zip for `{binary}`: Terraform needs the built code. Run `cargo lambda build --release --output-format zip --bin {binary}` \
         (it writes target/lambda/{binary}/bootstrap.zip), or give the zip with --zip"
    )))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod path_tests {
    use super::*;

    #[test]
    fn paths_are_written_with_slashes() {
        assert_eq!(path_text(std::path::Path::new("")), ".");
        assert_eq!(path_text(std::path::Path::new("..")), "..");
        assert_eq!(path_text(std::path::Path::new("../app/x")), "../app/x");
        assert_eq!(path_text(std::path::Path::new("/srv/app")), "/srv/app");
    }
}
