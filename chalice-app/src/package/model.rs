//! What a package holds, before it is written as SAM or Terraform: the
//! resources Chalice's `ApplicationGraphBuilder` (`chalice/deploy/appgraph.py`)
//! makes for an app and a stage, in its order.
//!
//! The order matters where a template lists things: the generated policy's
//! statements, the websocket deployment's `DependsOn`, an S3 bucket's
//! notifications in Terraform. Chalice's order is: plain Lambda functions,
//! then event sources (each in registration order), then the REST API (its
//! handler, then the built-in authorizers), then the websocket API.

use serde_json::{Map, Value};

use super::config::{CustomDomain, FunctionConfig, StageConfig};
use super::policy;
use super::swagger::RestApiSettings;
use super::PackageError;
use crate::app::HandlerFn;
use crate::{Chalice, EventSource, API_HANDLER};

/// The version written into the `aws-chalice` tag.
const TAG_VERSION: &str = concat!("chalice-rs-", env!("CARGO_PKG_VERSION"));

/// A Lambda function of the package.
#[derive(Debug, Clone)]
pub(crate) struct Function {
    /// Chalice's resource name: the handler's name, `api_handler`,
    /// `websocket_connect`, ...; Terraform's resource key.
    pub resource_name: String,
    /// The deployed function's name: `<app>-<stage>-<resource_name>`, or
    /// `<app>-<stage>` for the REST API's handler.
    pub function_name: String,
    /// The handler the binary serves (`CHALICE_HANDLER`).
    pub handler: String,
    pub config: FunctionConfig,
    /// Tags with Chalice's `aws-chalice` tag last.
    pub tags: Map<String, Value>,
    pub architecture: String,
    /// Index into [`Application::roles`].
    pub role: usize,
}

/// The role a function runs with.
#[derive(Debug, Clone)]
pub(crate) enum Role {
    /// A role in the package: `default-role` with the generated policy, or
    /// `<fn>_role` with the policy of a file.
    Managed {
        resource_name: String,
        role_name: String,
        policy: Policy,
    },
    /// `manage_iam_role: false`: an existing role, by ARN.
    PreCreated(String),
}

/// A managed role's policy.
#[derive(Debug, Clone)]
pub(crate) enum Policy {
    /// Generated from what the app registers (`autogen_policy`, the default).
    AutoGen { document: Value },
    /// Read from a file in `.chalice/`.
    File { document: Value },
}

impl Policy {
    pub(crate) fn document(&self) -> &Value {
        match self {
            Policy::AutoGen { document } | Policy::File { document } => document,
        }
    }
}

/// An event source with the function it invokes.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub function: Function,
    pub source: EventSource,
}

/// The REST API.
#[derive(Debug, Clone)]
pub(crate) struct RestApi {
    pub handler: Function,
    pub authorizers: Vec<Function>,
    pub stage: String,
    pub endpoint_type: String,
    pub minimum_compression: Option<u64>,
    pub settings: RestApiSettings,
    pub domain: Option<Domain>,
}

/// The websocket API.
#[derive(Debug, Clone)]
pub(crate) struct WebsocketApi {
    /// `<app>-<stage>-websocket-api`.
    pub name: String,
    pub stage: String,
    /// The route keys, in registration order.
    pub routes: Vec<String>,
    pub connect: Option<Function>,
    pub message: Option<Function>,
    pub disconnect: Option<Function>,
    pub domain: Option<Domain>,
}

/// A custom domain and where the API is mounted on it.
#[derive(Debug, Clone)]
pub(crate) struct Domain {
    /// `api_gateway_custom_domain` or `websocket_api_custom_domain`.
    pub resource_name: &'static str,
    pub domain: CustomDomain,
}

/// Everything a package holds.
#[derive(Debug, Clone)]
pub(crate) struct Application {
    pub app_name: String,
    pub stage: String,
    /// Roles in the order they are first used.
    pub roles: Vec<Role>,
    pub pure_functions: Vec<Function>,
    pub events: Vec<Event>,
    pub rest_api: Option<RestApi>,
    pub websocket: Option<WebsocketApi>,
}

/// Chalice's resource names of the websocket handlers, by route key.
pub(crate) const WEBSOCKET_FUNCTIONS: [(&str, &str); 3] = [
    ("$connect", "websocket_connect"),
    ("$default", "websocket_message"),
    ("$disconnect", "websocket_disconnect"),
];

struct Builder<'a> {
    stage: &'a StageConfig<'a>,
    app_name: String,
    roles: Vec<Role>,
    /// For each role in `roles`, what identifies it (Chalice's
    /// `_known_roles`): the resource name, or the ARN of an existing role.
    role_ids: Vec<String>,
    /// Whether any function on the generated policy's role runs in a VPC
    /// (Chalice's `RoleTraits.VPC_NEEDED`).
    vpc_needed: bool,
}

/// The application graph of `app` for `stage`.
///
/// # Errors
///
/// When a function's role or VPC settings are incomplete, or a policy file
/// cannot be read.
pub(crate) fn build(app: &Chalice, stage: &StageConfig<'_>) -> Result<Application, PackageError> {
    let mut b = Builder {
        stage,
        app_name: stage.app_name(&app.app_name).to_string(),
        roles: Vec::new(),
        role_ids: Vec::new(),
        vpc_needed: false,
    };
    let pure_functions = app
        .handler_names()
        .iter()
        .filter(|name| {
            matches!(
                app.handlers.get(name.as_str()),
                Some(HandlerFn::PureLambda(_))
            )
        })
        .map(|name| b.function(name, name))
        .collect::<Result<Vec<_>, _>>()?;
    let events = app
        .event_sources()
        .iter()
        .map(|(name, source)| {
            Ok(Event {
                function: b.function(name, name)?,
                source: source.clone(),
            })
        })
        .collect::<Result<Vec<_>, PackageError>>()?;
    let rest_api = if app.routes.paths.is_empty() {
        None
    } else {
        Some(b.rest_api(app)?)
    };
    let websocket = if app.websocket_handlers.is_empty() {
        None
    } else {
        Some(b.websocket(app)?)
    };
    let mut application = Application {
        app_name: b.app_name.clone(),
        stage: stage.name().to_string(),
        roles: b.roles,
        pure_functions,
        events,
        rest_api,
        websocket,
    };
    policy::finish(&mut application, stage, b.vpc_needed);
    Ok(application)
}

impl Builder<'_> {
    fn function(&mut self, resource_name: &str, handler: &str) -> Result<Function, PackageError> {
        let config = self.stage.function(resource_name);
        let vpc = match (config.security_group_ids.is_empty(), config.subnet_ids.is_empty()) {
            (true, true) => false,
            (false, false) => true,
            _ => {
                return Err(PackageError::Unsupported(format!(
                    "Invalid VPC params for function '{resource_name}', in order to configure VPC for a Lambda function, \
                     you must provide the subnet_ids as well as the security_group_ids, got subnet_ids: {:?}, security_group_ids: {:?}",
                    config.subnet_ids, config.security_group_ids
                )))
            }
        };
        let role = self.role(&config)?;
        if vpc
            && matches!(
                &self.roles[role],
                Role::Managed {
                    policy: Policy::AutoGen { .. },
                    ..
                }
            )
        {
            self.vpc_needed = true;
        }
        let mut tags = config.tags.clone();
        tags.insert(
            "aws-chalice".to_string(),
            Value::String(format!(
                "version={TAG_VERSION}:stage={}:app={}",
                self.stage.name(),
                self.app_name
            )),
        );
        Ok(Function {
            resource_name: resource_name.to_string(),
            function_name: format!("{}-{}-{resource_name}", self.app_name, self.stage.name()),
            handler: handler.to_string(),
            architecture: self.stage.lambda_architecture().to_string(),
            tags,
            config,
            role,
        })
    }

    /// Chalice's `_get_role_reference`: one role per identifier (the ARN of
    /// an existing role, or the resource name), shared by every function
    /// that resolves to it.
    fn role(&mut self, config: &FunctionConfig) -> Result<usize, PackageError> {
        let stage = self.stage.name();
        let key_path = |key: &str| {
            self.stage
                .key_path(key, Some(&config.name))
                .unwrap_or_else(|| key.to_string())
        };
        let id = if !config.manage_iam_role {
            match config.iam_role_arn.as_deref() {
                Some(arn) if !arn.is_empty() => arn.to_string(),
                _ => {
                    return Err(PackageError::Config {
                        file: super::config::CONFIG_FILE.to_string(),
                        message: format!(
                            "{}: when 'manage_iam_role' is set to false, you must provide an 'iam_role_arn' (function {})",
                            key_path("manage_iam_role"),
                            config.name
                        ),
                    })
                }
            }
        } else if !config.autogen_policy {
            format!("{}_role", config.name)
        } else {
            "default-role".to_string()
        };
        if let Some(i) = self.role_ids.iter().position(|known| *known == id) {
            return Ok(i);
        }
        let role = if !config.manage_iam_role {
            Role::PreCreated(id.clone())
        } else if !config.autogen_policy {
            let (file, key) = match &config.iam_policy_file {
                Some(file) => (file.clone(), key_path("iam_policy_file")),
                None => (format!("policy-{stage}.json"), key_path("autogen_policy")),
            };
            let document = policy::read_policy_file(
                self.stage.config().project_dir(),
                &file,
                &format!("the role of function {} ({key})", config.name),
            )?;
            Role::Managed {
                resource_name: id.clone(),
                role_name: format!("{}-{stage}-{}", self.app_name, config.name),
                policy: Policy::File { document },
            }
        } else {
            Role::Managed {
                resource_name: id.clone(),
                role_name: format!("{}-{stage}", self.app_name),
                // Filled in by `policy::finish` once every function is known.
                policy: Policy::AutoGen {
                    document: Value::Null,
                },
            }
        };
        self.roles.push(role);
        self.role_ids.push(id);
        Ok(self.roles.len() - 1)
    }

    fn rest_api(&mut self, app: &Chalice) -> Result<RestApi, PackageError> {
        let mut handler = self.function(super::config::API_HANDLER_FUNCTION, API_HANDLER)?;
        // Chalice names the API's function `<app>-<stage>`, as its first
        // deployer did.
        handler.function_name = format!("{}-{}", self.app_name, self.stage.name());
        let authorizers = app
            .handler_names()
            .iter()
            .filter(|name| app.authorizers.contains_key(name.as_str()))
            .map(|name| self.function(name, name))
            .collect::<Result<Vec<_>, _>>()?;
        let endpoint_type = self.stage.api_gateway_endpoint_type().to_string();
        let policy_file = self.stage.api_gateway_policy_file();
        let resource_policy = match policy_file {
            Some(file) => Some(policy::read_policy_file(
                self.stage.config().project_dir(),
                file,
                &format!(
                    "the REST API's resource policy ({})",
                    self.stage
                        .key_path("api_gateway_policy_file", None)
                        .unwrap_or_else(|| "api_gateway_policy_file".to_string())
                ),
            )?),
            None if endpoint_type == "PRIVATE" => Some(policy::private_api_policy(
                self.stage
                    .api_gateway_endpoint_vpce()
                    .cloned()
                    .unwrap_or(Value::Null),
            )),
            None => None,
        };
        Ok(RestApi {
            handler,
            authorizers,
            stage: self.stage.api_gateway_stage().to_string(),
            endpoint_type,
            minimum_compression: self.stage.minimum_compression_size(),
            settings: RestApiSettings {
                resource_policy,
                vpce_ids: self.stage.api_gateway_endpoint_vpce_ids(),
            },
            domain: self.stage.api_gateway_custom_domain().map(|domain| Domain {
                resource_name: "api_gateway_custom_domain",
                domain,
            }),
        })
    }

    fn websocket(&mut self, app: &Chalice) -> Result<WebsocketApi, PackageError> {
        // Registration order of the route keys: the order of their handlers.
        let position = |name: &str| app.handler_names().iter().position(|n| n == name);
        let mut routes: Vec<(&str, &String)> = app
            .websocket_handlers
            .iter()
            .map(|(key, name)| (*key, name))
            .collect();
        routes.sort_by_key(|(_, name)| position(name));
        let mut slots: [Option<Function>; 3] = [None, None, None];
        for (i, (route_key, resource_name)) in WEBSOCKET_FUNCTIONS.iter().enumerate() {
            if let Some(handler) = app.websocket_handlers.get(route_key) {
                slots[i] = Some(self.function(resource_name, handler)?);
            }
        }
        let [connect, message, disconnect] = slots;
        Ok(WebsocketApi {
            name: format!("{}-{}-websocket-api", self.app_name, self.stage.name()),
            stage: self.stage.api_gateway_stage().to_string(),
            routes: routes.into_iter().map(|(key, _)| key.to_string()).collect(),
            connect,
            message,
            disconnect,
            domain: self
                .stage
                .websocket_api_custom_domain()
                .map(|domain| Domain {
                    resource_name: "websocket_api_custom_domain",
                    domain,
                }),
        })
    }
}
