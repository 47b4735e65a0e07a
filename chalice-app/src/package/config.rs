//! `.chalice/config.json`, read as Chalice documents it.
//!
//! An existing Chalice project's config works unchanged. Values are looked up
//! the way Chalice 1.34's `chalice/config.py` looks them up:
//!
//! | kind of key | searched, first found wins |
//! | --- | --- |
//! | per function (`lambda_timeout`, `lambda_memory_size`, `reserved_concurrency`, `log_retention_in_days`, `layers`, `subnet_ids`, `security_group_ids`, `xray`, `iam_policy_file`, `autogen_policy`, `manage_iam_role`, `iam_role_arn`) | `stages.<stage>.lambda_functions.<fn>`, `stages.<stage>`, `lambda_functions.<fn>`, top level |
//! | per stage (`api_gateway_stage`, `api_gateway_endpoint_type`, `api_gateway_endpoint_vpce`, `api_gateway_policy_file`, `minimum_compression_size`, `lambda_architecture`, `automatic_layer`, `api_gateway_custom_domain`, `websocket_api_custom_domain`) | `stages.<stage>`, top level |
//! | merged (`environment_variables`, `tags`) | top level, then `stages.<stage>`, then `stages.<stage>.lambda_functions.<fn>`, each overriding the previous key by key |
//!
//! A `null` value counts as absent, as in Chalice. Note the Chalice quirk kept
//! here: a top-level `lambda_functions.<fn>` entry is *not* merged into
//! `environment_variables` and `tags` (Chalice's `_chain_merge` skips it).
//!
//! The `<fn>` names are Chalice's function names: a handler's name, or
//! `api_handler` for the REST API, `websocket_connect`, `websocket_message`
//! and `websocket_disconnect` for the websocket handlers.
//!
//! Defaults are Chalice's: `api_gateway_stage` `api`, `api_gateway_endpoint_type`
//! `EDGE`, `lambda_architecture` `x86_64`, `autogen_policy` and
//! `manage_iam_role` true, `lambda_timeout` 60, `lambda_memory_size` 128.
//!
//! The whole file is checked when it is read: a known key of the wrong type
//! anywhere is an error naming the key path
//! (`stages.prod.lambda_functions.on_queue.lambda_timeout: expected an
//! integer, got "30"`). Keys Chalice does not know are ignored, as Chalice
//! ignores them (`lambda_ephemeral_storage` is one: Chalice 1.34 has no such
//! setting). `automatic_layer` is read and ignored: it moves a Python app's
//! dependencies into a Lambda layer, and a Rust binary carries its
//! dependencies inside it.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::PackageError;

/// Where Chalice keeps the config, relative to the project folder.
pub const CONFIG_FILE: &str = ".chalice/config.json";

/// The highest `version` of the file format Chalice reads.
const MAX_VERSION: f64 = 2.0;

/// Chalice's defaults (`chalice/constants.py`).
const DEFAULT_API_GATEWAY_STAGE: &str = "api";
const DEFAULT_ENDPOINT_TYPE: &str = "EDGE";
const DEFAULT_ARCHITECTURE: &str = "x86_64";
const DEFAULT_LAMBDA_TIMEOUT: u64 = 60;
const DEFAULT_LAMBDA_MEMORY_SIZE: u64 = 128;
/// API Gateway's bounds for `minimum_compression_size` (Chalice's
/// `MIN_COMPRESSION_SIZE` / `MAX_COMPRESSION_SIZE`).
const MAX_COMPRESSION_SIZE: i64 = 10_485_760;

/// The name Chalice scopes stage-wide lookups to (`DEFAULT_HANDLER_NAME`):
/// a stage-wide value such as the generated policy's X-Ray statement is read
/// as if for the REST API's function, `stages.<stage>.lambda_functions.api_handler` included.
pub(crate) const API_HANDLER_FUNCTION: &str = "api_handler";

/// What a known key must hold.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Str,
    Bool,
    /// An integer in `min..=max`.
    Int {
        min: i64,
        max: i64,
    },
    StrList,
    StrOrStrList,
    StrMap,
    OneOf(&'static [&'static str]),
    Domain,
}

/// Every key Chalice 1.34 reads from the file, with its type.
const KEYS: &[(&str, Expect)] = &[
    ("app_name", Expect::Str),
    ("profile", Expect::Str),
    ("environment_variables", Expect::StrMap),
    ("tags", Expect::StrMap),
    (
        "lambda_memory_size",
        Expect::Int {
            min: 1,
            max: i64::MAX,
        },
    ),
    (
        "lambda_timeout",
        Expect::Int {
            min: 1,
            max: i64::MAX,
        },
    ),
    (
        "reserved_concurrency",
        Expect::Int {
            min: 0,
            max: i64::MAX,
        },
    ),
    (
        "log_retention_in_days",
        Expect::Int {
            min: 0,
            max: i64::MAX,
        },
    ),
    ("lambda_architecture", Expect::OneOf(&["x86_64", "arm64"])),
    ("layers", Expect::StrList),
    ("automatic_layer", Expect::Bool),
    ("subnet_ids", Expect::StrList),
    ("security_group_ids", Expect::StrList),
    ("xray", Expect::Bool),
    ("api_gateway_stage", Expect::Str),
    (
        "api_gateway_endpoint_type",
        Expect::OneOf(&["EDGE", "REGIONAL", "PRIVATE"]),
    ),
    ("api_gateway_endpoint_vpce", Expect::StrOrStrList),
    ("api_gateway_policy_file", Expect::Str),
    (
        "minimum_compression_size",
        Expect::Int {
            min: 0,
            max: MAX_COMPRESSION_SIZE,
        },
    ),
    ("iam_policy_file", Expect::Str),
    ("autogen_policy", Expect::Bool),
    ("manage_iam_role", Expect::Bool),
    ("iam_role_arn", Expect::Str),
    ("api_gateway_custom_domain", Expect::Domain),
    ("websocket_api_custom_domain", Expect::Domain),
];

/// The keys of a custom domain object.
const DOMAIN_KEYS: &[(&str, Expect)] = &[
    ("domain_name", Expect::Str),
    ("certificate_arn", Expect::Str),
    (
        "tls_version",
        Expect::OneOf(&["TLS_1_0", "TLS_1_1", "TLS_1_2"]),
    ),
    ("url_prefix", Expect::Str),
    ("tags", Expect::StrMap),
];

/// A project's `.chalice/config.json`, checked and ready for lookups.
///
/// ```
/// use chalice_app::package::Config;
///
/// let config = Config::from_json(r#"{
///     "version": "2.0",
///     "app_name": "items",
///     "lambda_timeout": 30,
///     "stages": {"prod": {"lambda_functions": {"on_job": {"lambda_timeout": 120}}}}
/// }"#)?;
/// let prod = config.stage("prod")?;
/// assert_eq!(prod.function("on_job").lambda_timeout, 120);
/// assert_eq!(prod.function("api_handler").lambda_timeout, 30);
/// # Ok::<(), chalice_app::package::PackageError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Config {
    root: Map<String, Value>,
    project_dir: PathBuf,
}

impl Config {
    /// Reads `<project_dir>/.chalice/config.json`; files the config names
    /// (policy files) are read from `<project_dir>/.chalice/` when a template
    /// is made.
    ///
    /// # Errors
    ///
    /// [`PackageError::Config`] when the file is missing, unreadable, not
    /// JSON, of a newer format version, or has a known key of the wrong type.
    pub fn load(project_dir: impl AsRef<Path>) -> Result<Config, PackageError> {
        let project_dir = project_dir.as_ref();
        let path = project_dir.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| PackageError::Config {
            file: CONFIG_FILE.to_string(),
            message: format!(
                "cannot read {}: {e} (is {} a Chalice project?)",
                path.display(),
                project_dir.display()
            ),
        })?;
        Ok(Config::from_json(&text)?.with_project_dir(project_dir))
    }

    /// The config in `text`, for a project in the current folder.
    ///
    /// # Errors
    ///
    /// As [`Config::load`], apart from reading the file.
    pub fn from_json(text: &str) -> Result<Config, PackageError> {
        let value: Value = serde_json::from_str(text).map_err(|e| PackageError::Config {
            file: CONFIG_FILE.to_string(),
            message: format!("not JSON: {e}"),
        })?;
        Config::from_value(value)
    }

    /// The config in `value`, for a project in the current folder.
    ///
    /// # Errors
    ///
    /// As [`Config::from_json`].
    pub fn from_value(value: Value) -> Result<Config, PackageError> {
        let Value::Object(root) = value else {
            return Err(config_error(format!(
                "expected a JSON object, got {}",
                shown(&value)
            )));
        };
        check_root(&root)?;
        Ok(Config {
            root,
            project_dir: PathBuf::from("."),
        })
    }

    /// The same config for a project in `project_dir` (where `.chalice/` is).
    pub fn with_project_dir(mut self, project_dir: impl Into<PathBuf>) -> Self {
        self.project_dir = project_dir.into();
        self
    }

    /// The project folder.
    pub fn project_dir(&self) -> &Path {
        &self.project_dir
    }

    /// `app_name`, when the file sets it.
    pub fn app_name(&self) -> Option<&str> {
        self.root.get("app_name").and_then(Value::as_str)
    }

    /// The stage names under `stages`, in file order.
    pub fn stage_names(&self) -> impl Iterator<Item = &str> {
        self.root
            .get("stages")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|stages| stages.keys().map(String::as_str))
    }

    /// The settings of `stage`.
    ///
    /// # Errors
    ///
    /// [`PackageError::UnknownStage`] when `stages` has no such stage.
    /// (Chalice falls back to the top-level settings for a stage it does
    /// not know; a typo in `--stage` would then package the wrong settings
    /// without a word, so chalice-rs refuses instead.)
    pub fn stage(&self, stage: &str) -> Result<StageConfig<'_>, PackageError> {
        let known = self
            .root
            .get("stages")
            .and_then(Value::as_object)
            .and_then(|stages| stages.get(stage))
            .is_some();
        if !known {
            return Err(PackageError::UnknownStage(stage.to_string()));
        }
        Ok(StageConfig {
            config: self,
            stage: stage.to_string(),
        })
    }

    fn stage_dict(&self, stage: &str) -> Option<&Map<String, Value>> {
        self.root
            .get("stages")?
            .as_object()?
            .get(stage)?
            .as_object()
    }
}

/// A custom domain: `api_gateway_custom_domain` or `websocket_api_custom_domain`.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomDomain {
    /// `domain_name`, e.g. `api.example.com`.
    pub domain_name: String,
    /// `certificate_arn`: the ACM certificate for the domain.
    pub certificate_arn: String,
    /// `tls_version` (`TLS_1_0`, `TLS_1_1`, `TLS_1_2`; Chalice's default `TLS_1_2`).
    pub tls_version: String,
    /// `url_prefix`: the base path the API is mounted at (`(none)` for the
    /// root, as Chalice writes it).
    pub url_prefix: String,
    /// `tags` of the domain, in file order.
    pub tags: Map<String, Value>,
}

/// One stage's settings: stage-wide values, and each function's values
/// through [`StageConfig::function`].
#[derive(Debug, Clone)]
pub struct StageConfig<'a> {
    config: &'a Config,
    stage: String,
}

impl<'a> StageConfig<'a> {
    /// The stage's name, e.g. `dev`.
    pub fn name(&self) -> &str {
        &self.stage
    }

    /// The config this stage belongs to.
    pub fn config(&self) -> &'a Config {
        self.config
    }

    /// `app_name`, or `fallback` (the app's own name) when the file has none.
    pub fn app_name<'s>(&'s self, fallback: &'s str) -> &'s str {
        self.config.app_name().unwrap_or(fallback)
    }

    /// `api_gateway_stage` (default `api`).
    pub fn api_gateway_stage(&self) -> &'a str {
        self.stage_str("api_gateway_stage")
            .unwrap_or(DEFAULT_API_GATEWAY_STAGE)
    }

    /// `api_gateway_endpoint_type`: `EDGE` (default), `REGIONAL` or `PRIVATE`.
    pub fn api_gateway_endpoint_type(&self) -> &'a str {
        self.stage_str("api_gateway_endpoint_type")
            .unwrap_or(DEFAULT_ENDPOINT_TYPE)
    }

    /// `api_gateway_endpoint_vpce` as written: a string or a list of strings.
    pub fn api_gateway_endpoint_vpce(&self) -> Option<&'a Value> {
        self.lookup("api_gateway_endpoint_vpce", None)
    }

    /// `api_gateway_endpoint_vpce` as a list of VPC endpoint ids.
    pub fn api_gateway_endpoint_vpce_ids(&self) -> Option<Vec<String>> {
        match self.api_gateway_endpoint_vpce()? {
            Value::String(s) => Some(vec![s.clone()]),
            Value::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// `api_gateway_policy_file`: the REST API's resource policy, in `.chalice/`.
    pub fn api_gateway_policy_file(&self) -> Option<&'a str> {
        self.stage_str("api_gateway_policy_file")
    }

    /// `minimum_compression_size` in bytes.
    pub fn minimum_compression_size(&self) -> Option<u64> {
        self.lookup("minimum_compression_size", None)
            .and_then(Value::as_u64)
    }

    /// `lambda_architecture`: `x86_64` (default) or `arm64`. Chalice reads it
    /// per stage, not per function.
    pub fn lambda_architecture(&self) -> &'a str {
        self.stage_str("lambda_architecture")
            .unwrap_or(DEFAULT_ARCHITECTURE)
    }

    /// `automatic_layer` (read, and ignored by packaging: see the module docs).
    pub fn automatic_layer(&self) -> bool {
        self.lookup("automatic_layer", None)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// `api_gateway_custom_domain`.
    pub fn api_gateway_custom_domain(&self) -> Option<CustomDomain> {
        self.domain("api_gateway_custom_domain")
    }

    /// `websocket_api_custom_domain`.
    pub fn websocket_api_custom_domain(&self) -> Option<CustomDomain> {
        self.domain("websocket_api_custom_domain")
    }

    /// The settings of the function Chalice calls `name` (a handler's name,
    /// or `api_handler`, `websocket_connect`, ...), resolved as Chalice
    /// resolves them.
    pub fn function(&self, name: &str) -> FunctionConfig {
        let u64_of = |key: &str| self.lookup(key, Some(name)).and_then(Value::as_u64);
        let bool_of = |key: &str| self.lookup(key, Some(name)).and_then(Value::as_bool);
        let str_of = |key: &str| {
            self.lookup(key, Some(name))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let list_of = |key: &str| {
            self.lookup(key, Some(name))
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        FunctionConfig {
            name: name.to_string(),
            environment_variables: self.merge("environment_variables", name),
            tags: self.merge("tags", name),
            lambda_memory_size: u64_of("lambda_memory_size").unwrap_or(DEFAULT_LAMBDA_MEMORY_SIZE),
            lambda_timeout: u64_of("lambda_timeout").unwrap_or(DEFAULT_LAMBDA_TIMEOUT),
            reserved_concurrency: u64_of("reserved_concurrency"),
            log_retention_in_days: u64_of("log_retention_in_days"),
            layers: list_of("layers"),
            subnet_ids: list_of("subnet_ids"),
            security_group_ids: list_of("security_group_ids"),
            xray: bool_of("xray").unwrap_or(false),
            iam_policy_file: str_of("iam_policy_file"),
            autogen_policy: bool_of("autogen_policy").unwrap_or(true),
            manage_iam_role: bool_of("manage_iam_role").unwrap_or(true),
            iam_role_arn: str_of("iam_role_arn"),
        }
    }

    /// Where `key` is set for function `function` (or stage-wide when
    /// `None`), as a key path such as `stages.prod.lambda_functions.on_queue.lambda_timeout`.
    pub fn key_path(&self, key: &str, function: Option<&str>) -> Option<String> {
        self.search(key, function).map(|(path, _)| path)
    }

    fn stage_str(&self, key: &str) -> Option<&'a str> {
        self.lookup(key, None).and_then(Value::as_str)
    }

    fn lookup(&self, key: &str, function: Option<&str>) -> Option<&'a Value> {
        self.search(key, function).map(|(_, v)| v)
    }

    /// Chalice's `_chain_lookup`: the first non-null value in search order.
    fn search(&self, key: &str, function: Option<&str>) -> Option<(String, &'a Value)> {
        let root = &self.config.root;
        let stage = self.config.stage_dict(&self.stage);
        let stage_path = format!("stages.{}", self.stage);
        let mut dicts: Vec<(String, Option<&'a Map<String, Value>>)> = Vec::new();
        if let Some(f) = function {
            dicts.push((
                format!("{stage_path}.lambda_functions.{f}"),
                stage.and_then(|s| function_dict(s, f)),
            ));
        }
        dicts.push((stage_path, stage));
        if let Some(f) = function {
            dicts.push((format!("lambda_functions.{f}"), function_dict(root, f)));
        }
        dicts.push((String::new(), Some(root)));
        dicts.into_iter().find_map(|(path, dict)| {
            let value = dict?.get(key).filter(|v| !v.is_null())?;
            Some((join_path(&path, key), value))
        })
    }

    /// Chalice's `_chain_merge`: top level, stage, then the stage's entry
    /// for the function, each updating the previous (top-level
    /// `lambda_functions` is not part of it).
    fn merge(&self, key: &str, function: &str) -> Map<String, Value> {
        let root = &self.config.root;
        let stage = self.config.stage_dict(&self.stage);
        let mut out = Map::new();
        for dict in [
            Some(root),
            stage,
            stage.and_then(|s| function_dict(s, function)),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(Value::Object(values)) = dict.get(key) {
                for (k, v) in values {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        out
    }

    fn domain(&self, key: &str) -> Option<CustomDomain> {
        let data = self.lookup(key, None)?.as_object()?;
        let text = |k: &str| data.get(k).and_then(Value::as_str).map(str::to_string);
        let url_prefix = match text("url_prefix") {
            // Chalice mounts `/` and a missing prefix at the root, `(none)`.
            Some(p) if p != "/" => p,
            _ => "(none)".to_string(),
        };
        Some(CustomDomain {
            domain_name: text("domain_name")?,
            certificate_arn: text("certificate_arn")?,
            tls_version: text("tls_version").unwrap_or_else(|| "TLS_1_2".to_string()),
            url_prefix,
            tags: data
                .get("tags")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        })
    }
}

/// One function's settings for a stage, resolved as Chalice resolves them.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionConfig {
    /// The function's Chalice name, e.g. `on_queue` or `api_handler`.
    pub name: String,
    /// `environment_variables`, merged, in file order; every value is a string.
    pub environment_variables: Map<String, Value>,
    /// `tags`, merged, in file order (without Chalice's `aws-chalice` tag).
    pub tags: Map<String, Value>,
    /// `lambda_memory_size` in MB (default 128).
    pub lambda_memory_size: u64,
    /// `lambda_timeout` in seconds (default 60).
    pub lambda_timeout: u64,
    /// `reserved_concurrency`.
    pub reserved_concurrency: Option<u64>,
    /// `log_retention_in_days`: a log group with this retention is part of
    /// the package when set and not 0.
    pub log_retention_in_days: Option<u64>,
    /// `layers`: ARNs of Lambda layers.
    pub layers: Vec<String>,
    /// `subnet_ids` (with `security_group_ids`, the function runs in a VPC).
    pub subnet_ids: Vec<String>,
    /// `security_group_ids`.
    pub security_group_ids: Vec<String>,
    /// `xray`: active X-Ray tracing.
    pub xray: bool,
    /// `iam_policy_file`: the role's policy in `.chalice/` when
    /// `autogen_policy` is false (default `policy-<stage>.json`).
    pub iam_policy_file: Option<String>,
    /// `autogen_policy` (default true).
    pub autogen_policy: bool,
    /// `manage_iam_role` (default true); when false, `iam_role_arn` is used.
    pub manage_iam_role: bool,
    /// `iam_role_arn`: the existing role used when `manage_iam_role` is false.
    pub iam_role_arn: Option<String>,
}

fn function_dict<'a>(
    dict: &'a Map<String, Value>,
    function: &str,
) -> Option<&'a Map<String, Value>> {
    dict.get("lambda_functions")?
        .as_object()?
        .get(function)?
        .as_object()
}

fn join_path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn config_error(message: String) -> PackageError {
    PackageError::Config {
        file: CONFIG_FILE.to_string(),
        message,
    }
}

/// A value as the error messages show it: its JSON text, cut short.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn check_root(root: &Map<String, Value>) -> Result<(), PackageError> {
    if let Some(version) = root.get("version").filter(|v| !v.is_null()) {
        // Chalice reads the version with Python's float(): "2.0", "2" and 2 all pass.
        let number = match version {
            Value::String(s) => s.trim().parse::<f64>().ok(),
            Value::Number(n) => n.as_f64(),
            _ => None,
        };
        match number {
            Some(v) if v <= MAX_VERSION => {}
            _ => {
                return Err(config_error(format!(
                "version: unknown config file version {}; this chalice-rs reads versions up to 2.0",
                shown(version)
            )))
            }
        }
    }
    for (key, value) in root {
        match key.as_str() {
            "stages" => {
                for (name, stage) in object_of(value, "stages")? {
                    let path = format!("stages.{name}");
                    let stage = object_of(stage, &path)?;
                    check_level(stage, &path, true)?;
                }
            }
            _ => check_key(key, value, "", true)?,
        }
    }
    Ok(())
}

/// Checks the keys of one level: the top level, a stage or a function entry.
fn check_level(dict: &Map<String, Value>, path: &str, functions: bool) -> Result<(), PackageError> {
    for (key, value) in dict {
        check_key(key, value, path, functions)?;
    }
    Ok(())
}

fn check_key(key: &str, value: &Value, prefix: &str, functions: bool) -> Result<(), PackageError> {
    let path = join_path(prefix, key);
    if value.is_null() {
        return Ok(());
    }
    if key == "lambda_functions" && functions {
        for (name, entry) in object_of(value, &path)? {
            let entry_path = format!("{path}.{name}");
            let entry = object_of(entry, &entry_path)?;
            check_level(entry, &entry_path, false)?;
        }
        return Ok(());
    }
    match KEYS.iter().find(|(k, _)| *k == key) {
        Some((_, expect)) => check_value(value, *expect, &path),
        None => Ok(()),
    }
}

fn object_of<'v>(value: &'v Value, path: &str) -> Result<&'v Map<String, Value>, PackageError> {
    value
        .as_object()
        .ok_or_else(|| config_error(format!("{path}: expected an object, got {}", shown(value))))
}

fn check_value(value: &Value, expect: Expect, path: &str) -> Result<(), PackageError> {
    let wrong = |what: &str| config_error(format!("{path}: expected {what}, got {}", shown(value)));
    match expect {
        Expect::Str => value.as_str().map(|_| ()).ok_or_else(|| wrong("a string")),
        Expect::Bool => value
            .as_bool()
            .map(|_| ())
            .ok_or_else(|| wrong("true or false")),
        Expect::Int { min, max } => {
            let n = value.as_i64().ok_or_else(|| wrong("an integer"))?;
            if n < min || n > max {
                let range = if max == i64::MAX {
                    format!("an integer of at least {min}")
                } else {
                    format!("an integer from {min} to {max}")
                };
                return Err(wrong(&range));
            }
            Ok(())
        }
        Expect::StrList => {
            let items = value.as_array().ok_or_else(|| wrong("a list of strings"))?;
            for (i, item) in items.iter().enumerate() {
                if !item.is_string() {
                    return Err(config_error(format!(
                        "{path}[{i}]: expected a string, got {}",
                        shown(item)
                    )));
                }
            }
            Ok(())
        }
        Expect::StrOrStrList => match value {
            Value::String(_) => Ok(()),
            Value::Array(_) => check_value(value, Expect::StrList, path),
            _ => Err(wrong("a string or a list of strings")),
        },
        Expect::StrMap => {
            let map = value
                .as_object()
                .ok_or_else(|| wrong("an object of strings"))?;
            for (k, v) in map {
                if !v.is_string() {
                    return Err(config_error(format!(
                        "{path}.{k}: expected a string, got {}",
                        shown(v)
                    )));
                }
            }
            Ok(())
        }
        Expect::OneOf(allowed) => match value.as_str() {
            Some(s) if allowed.contains(&s) => Ok(()),
            _ => Err(wrong(&format!("one of {}", allowed.join(", ")))),
        },
        Expect::Domain => {
            let map = value.as_object().ok_or_else(|| wrong("an object"))?;
            for required in ["domain_name", "certificate_arn"] {
                if map.get(required).is_none_or(Value::is_null) {
                    return Err(config_error(format!("{path}.{required}: missing")));
                }
            }
            for (k, v) in map {
                if v.is_null() {
                    continue;
                }
                if let Some((_, expect)) = DOMAIN_KEYS.iter().find(|(name, _)| name == k) {
                    check_value(v, *expect, &format!("{path}.{k}"))?;
                }
            }
            Ok(())
        }
    }
}
