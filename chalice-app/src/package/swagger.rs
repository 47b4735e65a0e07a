//! The Swagger 2.0 document of the app's REST API, as Chalice's
//! `SwaggerGenerator` writes it.
//!
//! # The document, as a spec
//!
//! Top-level keys, in this order: `swagger` (`"2.0"`), `info`
//! (`{"version": "1.0", "title": <app_name>}`), `schemes` (`["https"]`),
//! `paths`, `definitions` (the `Empty` schema, then the declared models, if
//! any),
//! `x-amazon-apigateway-binary-media-types` (`app.api.binary_types`), then,
//! only when used, `securityDefinitions`, `x-amazon-apigateway-policy` and
//! `x-amazon-apigateway-endpoint-configuration`.
//!
//! `paths` holds the route paths in registration order, and under each path
//! its methods (lower-cased) in registration order. Every method has:
//!
//! - `consumes` (the route's content types), `produces` (`["application/json"]`),
//!   a `200` response with the `Empty` schema, and an `aws_proxy` integration
//!   invoking the API handler function;
//! - `summary` and `description` from the view's [`Route::doc`](crate::Route::doc):
//!   the text is dedented as Python's `inspect.cleandoc` dedents a docstring,
//!   the first line is the summary and the other lines, joined and stripped
//!   of surrounding newlines, the description (present only when there are
//!   other lines);
//! - `security`: `{"api_key": []}` first when an API key is required, then
//!   `{<authorizer name>: <scopes>}`;
//! - `parameters`: one required string path parameter per capture, in order
//!   (a greedy `{proxy+}` is declared as `proxy`, as API Gateway exports it).
//!
//! A path where any method has CORS also gets an `options` method answered by
//! API Gateway itself (a `mock` integration) with `Access-Control-Allow-Methods`
//! (the CORS methods and `OPTIONS`, joined by `,`) and the CORS headers of the
//! route. When the path has captures, the `options` method declares them as
//! `parameters` too, which Chalice leaves out although Swagger requires it.
//!
//! `securityDefinitions` has one entry per authorizer name (a later route's
//! authorizer of the same name replaces the definition) and `api_key` when a
//! route requires a key. A built-in authorizer is a `custom` `token`
//! authorizer whose `authorizerUri` invokes its function, with
//! `authorizerCredentials` and `authorizerResultTtlInSeconds` only when its
//! execution role or TTL is set.
//!
//! The [`Target`]s differ only in how the Lambda functions are named in the
//! invocation URIs.
//!
//! # Declared models
//!
//! An app that declares no [models](crate::models) gets exactly the document
//! above, as Chalice writes it. A route that declares some adds, to its
//! operation only:
//!
//! - for [`Json<T>`](crate::Json), a `body` parameter (after the path
//!   parameters) whose schema refers to `#/definitions/<T>`;
//! - for [`Path<T>`](crate::models::Path), the `type` (and `format`) of each
//!   path parameter from `T`;
//! - for [`Query<T>`](crate::models::Query), one `query` parameter per field
//!   (`required` as `T` requires it; a sequence is an `array` with
//!   `collectionFormat: multi`);
//! - for [`Route::response`](crate::Route::response), its status's response
//!   with the type's schema, instead of the `200` with `Empty` when any
//!   declared status is a 2xx.
//!
//! The named types go into `definitions` after `Empty`. Swagger 2.0 knows
//! only part of JSON Schema, so the schemas are written in that part: a
//! nullable type is its type with `x-nullable: true`, `const` is a
//! one-value `enum`, and keywords Swagger 2.0 lacks (`oneOf`, `anyOf`,
//! `patternProperties`, ...) keep their content under an `x-` name.

use schemars::generate::SchemaSettings;
use schemars::SchemaGenerator;
use serde_json::{json, Map, Value};

use crate::models::{object_properties, required_names, Model};
use crate::routes::{Authorizer, ChaliceAuthorizer, RouteEntry};
use crate::{CORSConfig, Chalice};

/// Which document the Swagger is embedded in; only the expressions that name
/// the Lambda functions API Gateway invokes differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `generate-models`: placeholders such as `{api_handler_lambda_arn}`.
    Swagger,
    /// SAM / CloudFormation: `Fn::Sub` with `${APIHandler.Arn}`.
    CloudFormation,
    /// Terraform: `${aws_lambda_function.api_handler.invoke_arn}`.
    Terraform,
}

/// What the stage's configuration adds to the REST API definition.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RestApiSettings {
    /// The resource policy (`x-amazon-apigateway-policy`): the stage's
    /// `api_gateway_policy_file`, or the policy Chalice writes for VPC endpoints.
    pub resource_policy: Option<Value>,
    /// `api_gateway_endpoint_vpce` (`x-amazon-apigateway-endpoint-configuration`).
    pub vpce_ids: Option<Vec<String>>,
}

/// The CloudFormation resource name of the API handler function. Chalice
/// renames it after the fact: the name derived from `api_handler` would be
/// `ApiHandler`.
pub(crate) const API_HANDLER_CFN_NAME: &str = "APIHandler";

/// The Terraform resource name of the API handler function.
pub(crate) const API_HANDLER_TERRAFORM_NAME: &str = "api_handler";

/// The path of a Lambda function's invocation in an API Gateway integration URI.
const INVOCATIONS: &str = "lambda:path/2015-03-31/functions";

/// The Swagger document of `app`'s REST API for `target`.
///
/// It never fails: every route the app holds was checked when it was
/// registered. What API Gateway would still refuse is reported by
/// [`validate`](super::validate::validate), which packaging runs first.
///
/// ```
/// use chalice_app::package::swagger::{generate, RestApiSettings, Target};
/// use chalice_app::{Chalice, Request, Route};
/// use serde_json::json;
///
/// let mut app = Chalice::new("hello");
/// app.route("/", Route::new().doc("Says hello."), |_r: Request| json!({}));
/// let swagger = generate(&app, Target::Terraform, &RestApiSettings::default());
/// assert_eq!(swagger["paths"]["/"]["get"]["summary"], "Says hello.");
/// assert_eq!(
///     swagger["paths"]["/"]["get"]["x-amazon-apigateway-integration"]["uri"],
///     "${aws_lambda_function.api_handler.invoke_arn}"
/// );
/// ```
pub fn generate(app: &Chalice, target: Target, settings: &RestApiSettings) -> Value {
    let mut generators = Generators::new();
    let mut paths = Map::new();
    let mut security_definitions = Map::new();
    for path_routes in &app.routes.paths {
        let mut swagger_for_path = Map::new();
        let mut cors_config: Option<&CORSConfig> = None;
        let mut methods_with_cors: Vec<&str> = Vec::new();
        for entry in &path_routes.entries {
            let current = route_method(entry, target, &mut generators);
            if let Some(Value::Array(security)) = current.get("security") {
                add_security_definitions(&mut security_definitions, security, entry, target);
            }
            swagger_for_path.insert(entry.method.to_lowercase(), Value::Object(current));
            if let Some(cors) = &entry.cors {
                // Chalice keeps the last one; validation makes them all equal.
                cors_config = Some(cors);
                methods_with_cors.push(&entry.method);
            }
        }
        if let Some(cors) = cors_config {
            let mut options = preflight(cors, &methods_with_cors);
            // Chalice declares no parameters on the preflight, which makes the
            // document invalid Swagger for a path with captures (every
            // operation must declare its path's parameters; API Gateway's
            // importer and openapi-spec-validator both check it). Paths
            // without captures come out exactly as Chalice writes them.
            if let (Some(first), Value::Object(options)) =
                (path_routes.entries.first(), &mut options)
            {
                if !first.view_args.is_empty() {
                    options.insert("parameters".into(), path_parameters(&first.view_args));
                }
            }
            swagger_for_path.insert("options".into(), options);
        }
        paths.insert(path_routes.path.clone(), Value::Object(swagger_for_path));
    }

    let mut api = Map::new();
    api.insert("swagger".into(), json!("2.0"));
    api.insert(
        "info".into(),
        json!({"version": "1.0", "title": app.app_name}),
    );
    api.insert("schemes".into(), json!(["https"]));
    api.insert("paths".into(), Value::Object(paths));
    let mut definitions = Map::new();
    definitions.insert(
        "Empty".into(),
        json!({"type": "object", "title": "Empty Schema"}),
    );
    for (name, mut schema) in generators.schemas.take_definitions(true) {
        to_swagger_schema(&mut schema);
        definitions.insert(name, schema);
    }
    api.insert("definitions".into(), Value::Object(definitions));
    api.insert(
        "x-amazon-apigateway-binary-media-types".into(),
        json!(app.api.binary_types),
    );
    if !security_definitions.is_empty() {
        api.insert(
            "securityDefinitions".into(),
            Value::Object(security_definitions),
        );
    }
    if let Some(policy) = &settings.resource_policy {
        api.insert("x-amazon-apigateway-policy".into(), policy.clone());
    }
    // Chalice tests the list's truth: an empty list adds nothing.
    if let Some(ids) = settings.vpce_ids.as_ref().filter(|ids| !ids.is_empty()) {
        api.insert(
            "x-amazon-apigateway-endpoint-configuration".into(),
            json!({"vpcEndpointIds": ids}),
        );
    }
    Value::Object(api)
}

/// Chalice's `to_cfn_resource_name`: the CloudFormation resource name of a
/// Lambda function (or any resource) named `name`. Each word between `-` or
/// `_` gets its first letter upper-cased and the words are joined, then
/// everything but ASCII letters and digits is dropped: `demo_auth` →
/// `DemoAuth`, `bp_bp_fn` → `BpBpFn`, `on-ec2.x` → `OnEc2x`.
///
/// Distinct names can give one resource name (`a_b`, `a-b`); Chalice leaves
/// that to its callers too. An empty name gives an empty string (Chalice
/// raises `ValueError`).
pub(crate) fn cfn_resource_name(name: &str) -> String {
    let mut name = name.to_string();
    for separator in ['-', '_'] {
        name = name
            .split(separator)
            .filter(|word| !word.is_empty())
            .map(|word| {
                let mut chars = word.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                    None => String::new(),
                }
            })
            .collect();
    }
    name.retain(|c| c.is_ascii_alphanumeric());
    name
}

/// The Terraform resource name of a Lambda function named `name`: Chalice
/// uses the function's name as it is (`demo_auth` →
/// `aws_lambda_function.demo_auth`).
pub(crate) fn terraform_resource_name(name: &str) -> &str {
    name
}

/// The integration URI that invokes the API handler function.
pub(crate) fn api_handler_uri(target: Target) -> Value {
    match target {
        Target::Swagger => Value::String(format!(
            "arn:{{partition}}:apigateway:{{region_name}}:{INVOCATIONS}/{{api_handler_lambda_arn}}/invocations"
        )),
        Target::CloudFormation => cfn_invoke_uri(API_HANDLER_CFN_NAME),
        Target::Terraform => terraform_invoke_uri(API_HANDLER_TERRAFORM_NAME),
    }
}

/// The URI that invokes the Lambda function named `function_name` (a
/// built-in authorizer) from API Gateway.
pub(crate) fn function_invoke_uri(target: Target, function_name: &str) -> Value {
    match target {
        Target::Swagger => Value::String(format!(
            "arn:{{partition}}:apigateway:{{region_name}}:{INVOCATIONS}/{{{function_name}_lambda_arn}}/invocations"
        )),
        Target::CloudFormation => cfn_invoke_uri(&cfn_resource_name(function_name)),
        Target::Terraform => terraform_invoke_uri(terraform_resource_name(function_name)),
    }
}

fn cfn_invoke_uri(resource: &str) -> Value {
    json!({
        "Fn::Sub": format!(
            "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:{INVOCATIONS}/${{{resource}.Arn}}/invocations"
        )
    })
}

fn terraform_invoke_uri(resource: &str) -> Value {
    Value::String(format!("${{aws_lambda_function.{resource}.invoke_arn}}"))
}

/// The schema generators of the document's models.
struct Generators {
    /// Named types into `definitions`, referenced elsewhere.
    schemas: SchemaGenerator,
    /// Parameters are typed field by field, so their schemas are inlined.
    inline: SchemaGenerator,
}

impl Generators {
    fn new() -> Self {
        // Draft 7 is the nearest JSON Schema to Swagger 2.0's subset;
        // `to_swagger_schema` does the rest.
        let settings = SchemaSettings::draft07().with(|s| s.meta_schema = None);
        Generators {
            schemas: settings.clone().into_generator(),
            inline: settings
                .with(|s| s.inline_subschemas = true)
                .into_generator(),
        }
    }

    fn schema(&mut self, model: &Model) -> Value {
        let mut schema = model.schema(&mut self.schemas).to_value();
        to_swagger_schema(&mut schema);
        schema
    }

    fn inline(&mut self, model: &Model) -> Value {
        let mut schema = model.schema(&mut self.inline).to_value();
        to_swagger_schema(&mut schema);
        schema
    }
}

/// The operation of one route entry.
fn route_method(
    entry: &RouteEntry,
    target: Target,
    generators: &mut Generators,
) -> Map<String, Value> {
    let models = &entry.models;
    let mut current = Map::new();
    current.insert("consumes".into(), json!(entry.content_types));
    current.insert("produces".into(), json!(["application/json"]));
    let mut responses = Map::new();
    for (status, model) in &models.responses {
        responses.insert(
            status.to_string(),
            json!({"description": format!("{status} response"), "schema": generators.schema(model)}),
        );
    }
    if !responses.keys().any(|status| status.starts_with('2')) {
        responses.insert(
            "200".into(),
            json!({"description": "200 response", "schema": {"$ref": "#/definitions/Empty"}}),
        );
    }
    current.insert("responses".into(), Value::Object(responses));
    current.insert(
        "x-amazon-apigateway-integration".into(),
        json!({
            "responses": {"default": {"statusCode": "200"}},
            "uri": api_handler_uri(target),
            "passthroughBehavior": "when_no_match",
            "httpMethod": "POST",
            "contentHandling": "CONVERT_TO_TEXT",
            "type": "aws_proxy",
        }),
    );
    if let Some((summary, description)) = entry.docstring.as_deref().and_then(split_docstring) {
        current.insert("summary".into(), Value::String(summary));
        if let Some(description) = description {
            current.insert("description".into(), Value::String(description));
        }
    }
    let mut security = Vec::new();
    if entry.api_key_required {
        security.push(json!({"api_key": []}));
    }
    if let Some(authorizer) = &entry.authorizer {
        let mut requirement = Map::new();
        requirement.insert(authorizer.name(), json!(authorizer.scopes()));
        security.push(Value::Object(requirement));
    }
    if !security.is_empty() {
        current.insert("security".into(), Value::Array(security));
    }
    let mut parameters = match &models.path {
        Some(model) => typed_path_parameters(&entry.view_args, &generators.inline(model)),
        None => match path_parameters(&entry.view_args) {
            Value::Array(parameters) => parameters,
            _ => Vec::new(),
        },
    };
    if let Some(model) = &models.query {
        parameters.extend(query_parameters(&generators.inline(model)));
    }
    if let Some(model) = &models.body {
        parameters.push(json!({"in": "body", "name": "body", "required": true, "schema": generators.schema(model)}));
    }
    if !parameters.is_empty() {
        current.insert("parameters".into(), Value::Array(parameters));
    }
    current
}

/// Path parameters typed by a `Path<T>` schema (a string where it says nothing).
fn typed_path_parameters(captures: &[String], schema: &Value) -> Vec<Value> {
    let properties = object_properties(schema);
    captures
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let typed = match &properties {
                Some(properties) => properties.get(name),
                None => match schema.get("items") {
                    Some(Value::Array(items)) => items.get(i),
                    _ if captures.len() == 1 => Some(schema),
                    _ => None,
                },
            };
            let mut parameter = Map::new();
            parameter.insert("name".into(), json!(name));
            parameter.insert("in".into(), json!("path"));
            parameter.insert("required".into(), json!(true));
            simple_type(&mut parameter, typed, false);
            Value::Object(parameter)
        })
        .collect()
}

/// One query parameter per field of a `Query<T>` schema; a map is no
/// parameter Swagger 2.0 can name, so it adds none.
fn query_parameters(schema: &Value) -> Vec<Value> {
    let Some(properties) = object_properties(schema) else {
        return Vec::new();
    };
    let required = required_names(schema);
    properties
        .iter()
        .map(|(name, property)| {
            let mut parameter = Map::new();
            parameter.insert("name".into(), json!(name));
            parameter.insert("in".into(), json!("query"));
            parameter.insert("required".into(), json!(required.contains(name)));
            simple_type(&mut parameter, Some(property), true);
            Value::Object(parameter)
        })
        .collect()
}

/// The `type` (with `format`, `enum`, `items`) of a non-body parameter:
/// Swagger 2.0 allows only the simple types there; anything else is a string.
fn simple_type(parameter: &mut Map<String, Value>, schema: Option<&Value>, query: bool) {
    let schema = schema.cloned().unwrap_or(Value::Null);
    let kind = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("string");
    match kind {
        "integer" | "number" | "boolean" | "string" => {
            parameter.insert("type".into(), json!(kind));
            for key in ["format", "minimum", "maximum"] {
                if let Some(value) = schema.get(key) {
                    parameter.insert(key.into(), value.clone());
                }
            }
            // An optional enum lists `null` among its values; a parameter
            // that is there always has one of the others.
            if let Some(Value::Array(values)) = schema.get("enum") {
                let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
                parameter.insert("enum".into(), json!(values));
            }
        }
        "array" if query => {
            let item = schema
                .get("items")
                .and_then(|i| i.get("type"))
                .and_then(Value::as_str)
                .filter(|t| matches!(*t, "integer" | "number" | "boolean" | "string"))
                .unwrap_or("string");
            parameter.insert("type".into(), json!("array"));
            parameter.insert("items".into(), json!({"type": item}));
            parameter.insert("collectionFormat".into(), json!("multi"));
        }
        _ => {
            parameter.insert("type".into(), json!("string"));
        }
    }
}

/// The keywords of Swagger 2.0's Schema Object.
const SWAGGER_SCHEMA_KEYWORDS: &[&str] = &[
    "$ref",
    "format",
    "title",
    "description",
    "default",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "items",
    "allOf",
    "properties",
    "additionalProperties",
    "discriminator",
    "readOnly",
    "xml",
    "externalDocs",
    "example",
];

/// Rewrites a JSON Schema (draft 7, as schemars writes it) into Swagger
/// 2.0's subset of it, keeping what that subset cannot say under `x-` names
/// (see the [module docs](self#declared-models)).
pub(crate) fn to_swagger_schema(schema: &mut Value) {
    let fields = match schema {
        Value::Object(fields) => fields,
        // `true` (anything) as a schema object; `false` stays where a
        // boolean is allowed (`additionalProperties`), handled by the caller.
        Value::Bool(true) => {
            *schema = json!({});
            return;
        }
        _ => return,
    };
    for key in ["$schema", "$id", "$comment"] {
        fields.remove(key);
    }
    // `type: [T, "null"]`: T, nullable.
    if let Some(Value::Array(types)) = fields.get("type").cloned() {
        let others: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        if others.len() < types.len() {
            fields.insert("x-nullable".into(), json!(true));
        }
        match others.as_slice() {
            [one] => {
                fields.insert("type".into(), one.clone());
            }
            _ => {
                fields.remove("type");
                fields.insert("x-type".into(), Value::Array(types));
            }
        }
    }
    if let Some(value) = fields.remove("const") {
        fields.insert("enum".into(), json!([value]));
    }
    if let Some(Value::Array(examples)) = fields.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            fields.insert("example".into(), first);
        }
    }
    // Draft 6+ writes an exclusive bound as the bound itself; Swagger 2.0
    // (draft 4) as a flag beside `minimum` / `maximum`.
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(value) = fields.get(exclusive).filter(|v| v.is_number()).cloned() {
            fields.insert(bound.into(), value);
            fields.insert(exclusive.into(), json!(true));
        }
    }
    // `Option<T>` of a named type: `anyOf: [{$ref}, {type: null}]`.
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = fields.get(key).cloned() else {
            continue;
        };
        let is_null = |b: &Value| b.get("type").and_then(Value::as_str) == Some("null");
        let others: Vec<&Value> = branches.iter().filter(|b| !is_null(b)).collect();
        if let ([one], true) = (others.as_slice(), others.len() < branches.len()) {
            fields.remove(key);
            fields.insert("allOf".into(), json!([one]));
            fields.insert("x-nullable".into(), json!(true));
        }
    }
    let unknown: Vec<String> = fields
        .keys()
        .filter(|k| !k.starts_with("x-") && !SWAGGER_SCHEMA_KEYWORDS.contains(&k.as_str()))
        .cloned()
        .collect();
    for key in unknown {
        if let Some(value) = fields.remove(&key) {
            fields.insert(format!("x-{key}"), value);
        }
    }
    if let Some(Value::Array(items)) = fields.get("items").cloned() {
        // A tuple: Swagger 2.0's `items` is one schema.
        fields.insert("items".into(), json!({}));
        fields.insert("x-items".into(), Value::Array(items));
    }
    if let Some(Value::Object(properties)) = fields.get_mut("properties") {
        properties.values_mut().for_each(to_swagger_schema);
    }
    if let Some(additional) = fields.get_mut("additionalProperties") {
        if additional.is_object() {
            to_swagger_schema(additional);
        }
    }
    if let Some(items) = fields.get_mut("items") {
        to_swagger_schema(items);
    }
    if let Some(Value::Array(parts)) = fields.get_mut("allOf") {
        parts.iter_mut().for_each(to_swagger_schema);
    }
}

/// One required string path parameter per capture, in order.
fn path_parameters(view_args: &[String]) -> Value {
    view_args
        .iter()
        .map(|name| json!({"name": name, "in": "path", "required": true, "type": "string"}))
        .collect()
}

/// Adds the definitions a route's `security` refers to.
fn add_security_definitions(
    definitions: &mut Map<String, Value>,
    security: &[Value],
    entry: &RouteEntry,
    target: Target,
) {
    if let Some(authorizer) = &entry.authorizer {
        definitions.insert(authorizer.name(), security_definition(authorizer, target));
    }
    // Chalice walks the requirements and defines `api_key` wherever it is
    // named, so an authorizer named `api_key` loses its definition to it
    // (validation reports that name).
    for requirement in security {
        if requirement.get("api_key").is_some() {
            definitions.insert(
                "api_key".into(),
                json!({"type": "apiKey", "name": "x-api-key", "in": "header"}),
            );
        }
    }
}

/// The security definition of an authorizer.
pub(crate) fn security_definition(authorizer: &Authorizer, target: Target) -> Value {
    match authorizer {
        Authorizer::Builtin(builtin) => builtin_definition(builtin, target),
        Authorizer::Iam(iam) => iam.to_swagger(),
        Authorizer::Cognito(cognito) => cognito.to_swagger(),
        Authorizer::Custom(custom) => custom.to_swagger(),
    }
}

fn builtin_definition(authorizer: &ChaliceAuthorizer, target: Target) -> Value {
    let mut api_gateway_authorizer = Map::new();
    api_gateway_authorizer.insert("type".into(), json!("token"));
    api_gateway_authorizer.insert(
        "authorizerUri".into(),
        function_invoke_uri(target, &authorizer.name),
    );
    if let Some(role) = &authorizer.execution_role {
        api_gateway_authorizer.insert("authorizerCredentials".into(), json!(role));
    }
    if let Some(ttl) = authorizer.ttl_seconds {
        api_gateway_authorizer.insert("authorizerResultTtlInSeconds".into(), json!(ttl));
    }
    json!({
        "in": "header",
        "type": "apiKey",
        "name": authorizer.header,
        "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": api_gateway_authorizer,
    })
}

/// The `options` operation API Gateway answers itself for a CORS path.
fn preflight(cors: &CORSConfig, methods_with_cors: &[&str]) -> Value {
    let mut allowed: Vec<&str> = methods_with_cors.to_vec();
    allowed.push("OPTIONS");
    let mut response_params: Vec<(&str, String)> =
        vec![("Access-Control-Allow-Methods", allowed.join(","))];
    response_params.extend(cors.get_access_control_headers());

    let mut headers = Map::new();
    let mut parameters = Map::new();
    for (name, value) in &response_params {
        headers.insert((*name).to_string(), json!({"type": "string"}));
        parameters.insert(
            format!("method.response.header.{name}"),
            Value::String(format!("'{value}'")),
        );
    }
    json!({
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "responses": {
            "200": {
                "description": "200 response",
                "schema": {"$ref": "#/definitions/Empty"},
                "headers": headers,
            }
        },
        "x-amazon-apigateway-integration": {
            "responses": {
                "default": {
                    "statusCode": "200",
                    "responseParameters": parameters,
                }
            },
            "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
            "passthroughBehavior": "when_no_match",
            "type": "mock",
            "contentHandling": "CONVERT_TO_TEXT",
        }
    })
}

/// A view's documentation as Chalice reads a docstring: dedented with
/// `inspect.cleandoc`, then split into the summary (the first line) and the
/// description (the other lines joined, without surrounding newlines;
/// `None` when there is only one line). `None` when the text is blank.
pub(crate) fn split_docstring(docstring: &str) -> Option<(String, Option<String>)> {
    let cleaned = cleandoc(docstring);
    if cleaned.is_empty() {
        return None;
    }
    let lines = python_splitlines(&cleaned);
    let (summary, rest) = match lines.split_first() {
        Some((first, rest)) => ((*first).to_string(), rest),
        // Only line breaks left: Python's `doc_lines[0]` would raise here,
        // but `cleandoc` never leaves that (its first line is stripped).
        None => return None,
    };
    let description = if rest.is_empty() {
        None
    } else {
        Some(rest.join("\n").trim_matches('\n').to_string())
    };
    Some((summary, description))
}

/// Python's `inspect.cleandoc`: tabs expanded, the first line stripped of
/// leading whitespace, the smallest indentation of the other non-blank lines
/// removed from all of them, then leading and trailing empty lines dropped.
fn cleandoc(doc: &str) -> String {
    let expanded = expand_tabs(doc);
    let mut lines: Vec<String> = expanded.split('\n').map(str::to_string).collect();
    let margin = lines
        .iter()
        .skip(1)
        .filter_map(|line| {
            let content = python_lstrip(line).chars().count();
            (content > 0).then(|| line.chars().count() - content)
        })
        .min();
    if let Some(first) = lines.first_mut() {
        *first = python_lstrip(first).to_string();
    }
    if let Some(margin) = margin {
        for line in lines.iter_mut().skip(1) {
            *line = line.chars().skip(margin).collect();
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let start = lines
        .iter()
        .position(|line| !line.is_empty())
        .unwrap_or(lines.len());
    lines[start..].join("\n")
}

/// Python's `str.expandtabs()`: each tab becomes the spaces up to the next
/// multiple of 8 columns; `\n` and `\r` restart the column count.
fn expand_tabs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut column = 0usize;
    for c in s.chars() {
        match c {
            '\t' => {
                let spaces = 8 - column % 8;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// Python's `str.isspace()` for one character: Unicode white space plus the
/// four information separators U+001C..U+001F.
fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn python_lstrip(s: &str) -> &str {
    s.trim_start_matches(is_python_whitespace)
}

/// Python's `str.splitlines()`: splits at `\n`, `\r`, `\r\n`, `\v`, `\f`,
/// U+001C..U+001E, U+0085, U+2028 and U+2029; a final line break does not
/// start an empty line.
fn python_splitlines(s: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !is_break {
            continue;
        }
        lines.push(&s[start..i]);
        let mut end = i + c.len_utf8();
        if c == '\r' {
            if let Some(&(j, '\n')) = chars.peek() {
                chars.next();
                end = j + 1;
            }
        }
        start = end;
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        AuthorizerConfig, CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer, Request,
        Route,
    };
    use chalice_events::authorizer::AuthResponse;

    fn view(_r: Request) -> Value {
        json!({})
    }

    fn app_with(register: impl FnOnce(&mut Chalice)) -> Chalice {
        let mut app = Chalice::new("app");
        register(&mut app);
        app
    }

    fn swagger(app: &Chalice) -> Value {
        generate(app, Target::Swagger, &RestApiSettings::default())
    }

    #[test]
    fn top_level_keys_in_chalice_order() {
        let doc = swagger(&Chalice::new("myapp"));
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "swagger",
                "info",
                "schemes",
                "paths",
                "definitions",
                "x-amazon-apigateway-binary-media-types"
            ]
        );
        assert_eq!(doc["info"], json!({"version": "1.0", "title": "myapp"}));
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(
            doc["x-amazon-apigateway-binary-media-types"],
            json!(chalice_events::apigateway::DEFAULT_BINARY_TYPES)
        );
    }

    #[test]
    fn docstring_splitting_table() {
        type Case<'a> = (&'a str, Option<(&'a str, Option<&'a str>)>);
        let cases: &[Case<'_>] = &[
            // test_can_produce_doc_for_single_docstring
            ("Single line docstring.", Some(("Single line docstring.", None))),
            // test_can_produce_doc_for_multi_docstring
            (
                "\n    Multi-line string.\n\n    With a longer description.\n    ",
                Some(("Multi-line string.", Some("With a longer description."))),
            ),
            // refapp's `order`, as Python stores it
            (
                "One order of one user.\n\n    Both path parameters are returned as given, as strings.\n    ",
                Some((
                    "One order of one user.",
                    Some("Both path parameters are returned as given, as strings."),
                )),
            ),
            // the same, written without indentation
            (
                "One order of one user.\n\nBoth path parameters are returned as given, as strings.",
                Some((
                    "One order of one user.",
                    Some("Both path parameters are returned as given, as strings."),
                )),
            ),
            // the smallest indentation of the later lines is removed
            ("Title\n    a\n      b\n", Some(("Title", Some("a\n  b")))),
            // tabs are 8 columns
            ("Title\n\ta\n        b", Some(("Title", Some("a\nb")))),
            // whitespace-only lines do not count for the indentation
            ("Title\n  \n    a", Some(("Title", Some("a")))),
            // the first line's own indentation does not count
            ("   Title\n  a", Some(("Title", Some("a")))),
            // \r\n splits like \n once dedented
            ("Title\r\nmore", Some(("Title", Some("more")))),
            // only surrounding newlines leave the description
            ("Title\n\n\nbody\n\n", Some(("Title", Some("body")))),
            // no docstring: no summary
            ("", None),
            // blank lines that are not empty survive cleandoc, as in Python
            ("   \n\t\n  ", Some(("        ", Some("  ")))),
        ];
        for (doc, expected) in cases {
            let expected = expected.map(|(s, d)| (s.to_string(), d.map(str::to_string)));
            assert_eq!(split_docstring(doc), expected, "{doc:?}");
        }
    }

    #[test]
    fn docstring_goes_into_summary_and_description() {
        let app = app_with(|app| {
            app.route("/a", Route::new().doc("Only a summary."), view);
            app.route(
                "/b",
                Route::new().doc("Summary.\n\n  Details\n  here.\n"),
                view,
            );
            app.route("/c", Route::new(), view);
        });
        let doc = swagger(&app);
        assert_eq!(doc["paths"]["/a"]["get"]["summary"], "Only a summary.");
        assert!(doc["paths"]["/a"]["get"].get("description").is_none());
        assert_eq!(doc["paths"]["/b"]["get"]["summary"], "Summary.");
        assert_eq!(doc["paths"]["/b"]["get"]["description"], "Details\nhere.");
        assert!(doc["paths"]["/c"]["get"].get("summary").is_none());
    }

    #[test]
    fn method_object_and_integration() {
        // test_can_produce_swagger_for_route, test_apigateway_integration_generation
        let app = app_with(|app| {
            app.route("/users/{id}/{file+}", ["PUT", "GET"], view);
        });
        let doc = swagger(&app);
        let put = &doc["paths"]["/users/{id}/{file+}"]["put"];
        assert_eq!(
            put,
            &json!({
                "consumes": ["application/json"],
                "produces": ["application/json"],
                "responses": {"200": {"description": "200 response", "schema": {"$ref": "#/definitions/Empty"}}},
                "x-amazon-apigateway-integration": {
                    "responses": {"default": {"statusCode": "200"}},
                    "uri": "arn:{partition}:apigateway:{region_name}:lambda:path/2015-03-31/functions/{api_handler_lambda_arn}/invocations",
                    "passthroughBehavior": "when_no_match",
                    "httpMethod": "POST",
                    "contentHandling": "CONVERT_TO_TEXT",
                    "type": "aws_proxy",
                },
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "type": "string"},
                    {"name": "file", "in": "path", "required": true, "type": "string"},
                ],
            })
        );
        // Methods in registration order, lower-cased.
        let methods: Vec<&String> = doc["paths"]["/users/{id}/{file+}"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(methods, ["put", "get"]);
    }

    #[test]
    fn paths_in_registration_order() {
        let app = app_with(|app| {
            app.route("/z", Route::new(), view);
            app.route("/a", Route::new(), view);
            app.route("/z", ["POST"], view);
            app.route("/m/{x}", Route::new(), view);
        });
        let doc = swagger(&app);
        let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, ["/z", "/a", "/m/{x}"]);
        let z: Vec<&String> = doc["paths"]["/z"].as_object().unwrap().keys().collect();
        assert_eq!(z, ["get", "post"]);
    }

    #[test]
    fn content_types_are_consumes() {
        let app = app_with(|app| {
            app.route(
                "/up",
                Route::new()
                    .methods(["POST"])
                    .content_types(["application/octet-stream", "image/png"]),
                view,
            );
        });
        assert_eq!(
            swagger(&app)["paths"]["/up"]["post"]["consumes"],
            json!(["application/octet-stream", "image/png"])
        );
    }

    #[test]
    fn security_order_table() {
        let pool = CognitoUserPoolAuthorizer::new("pool", vec!["arn:pool".to_string()]).unwrap();
        type Case = (bool, Option<Authorizer>, Value);
        let cases: Vec<Case> = vec![
            // test_can_add_api_key
            (true, None, json!([{"api_key": []}])),
            // test_can_use_api_key_and_authorizers: api_key first
            (
                true,
                Some(IAMAuthorizer::new().into()),
                json!([{"api_key": []}, {"sigv4": []}]),
            ),
            // ..._with_scopes
            (
                true,
                Some(
                    pool.with_scopes(vec!["a/read".into(), "a/write".into()])
                        .into(),
                ),
                json!([{"api_key": []}, {"pool": ["a/read", "a/write"]}]),
            ),
            (false, Some(pool.clone().into()), json!([{"pool": []}])),
            (false, None, Value::Null),
        ];
        for (api_key, authorizer, expected) in cases {
            let app = app_with(|app| {
                let mut route = Route::new().api_key_required(api_key);
                if let Some(a) = authorizer.clone() {
                    route = route.authorizer(a);
                }
                app.route("/", route, view);
            });
            let doc = swagger(&app);
            let got = doc["paths"]["/"]["get"]
                .get("security")
                .cloned()
                .unwrap_or(Value::Null);
            assert_eq!(got, expected, "api_key {api_key}, {authorizer:?}");
            if api_key {
                assert_eq!(
                    doc["securityDefinitions"]["api_key"],
                    json!({"type": "apiKey", "name": "x-api-key", "in": "header"})
                );
            }
            if expected.is_null() {
                assert!(doc.get("securityDefinitions").is_none());
            }
        }
    }

    #[test]
    fn external_authorizer_definitions_table() {
        let cognito = CognitoUserPoolAuthorizer::new("pool", vec!["arn:pool".to_string()])
            .unwrap()
            .header("X-Token");
        let custom = CustomAuthorizer::new("custom", "arn:auth-uri")
            .ttl_seconds(10)
            .invoke_role_arn("arn:role");
        let cases: Vec<(Authorizer, &str, Value)> = vec![
            // test_can_use_iam_authorizer_object
            (
                IAMAuthorizer::new().into(),
                "sigv4",
                json!({"in": "header", "type": "apiKey", "name": "Authorization",
                       "x-amazon-apigateway-authtype": "awsSigv4"}),
            ),
            // test_can_use_cognito_auth_object
            (
                cognito.into(),
                "pool",
                json!({"in": "header", "type": "apiKey", "name": "X-Token",
                       "x-amazon-apigateway-authtype": "cognito_user_pools",
                       "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn:pool"]}}),
            ),
            // test_can_use_authorizer_object
            (
                custom.into(),
                "custom",
                json!({"in": "header", "type": "apiKey", "name": "Authorization",
                       "x-amazon-apigateway-authtype": "custom",
                       "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": "arn:auth-uri",
                           "authorizerResultTtlInSeconds": 10, "authorizerCredentials": "arn:role"}}),
            ),
        ];
        for (authorizer, name, expected) in cases {
            let app = app_with(|app| {
                app.route("/", Route::new().authorizer(authorizer.clone()), view);
            });
            for target in [Target::Swagger, Target::CloudFormation, Target::Terraform] {
                let doc = generate(&app, target, &RestApiSettings::default());
                assert_eq!(
                    doc["securityDefinitions"],
                    json!({ name: expected.clone() }),
                    "{target:?}"
                );
            }
        }
    }

    fn builtin_app(config: AuthorizerConfig, name: &str) -> Chalice {
        app_with(|app| {
            let auth = app.authorizer(
                name,
                config,
                |_r: chalice_events::authorizer::AuthRequest| AuthResponse::new(["*"], "user"),
            );
            app.route("/", Route::new().authorizer(&auth), view);
            app.route(
                "/scoped",
                Route::new().authorizer(auth.with_scopes(["s/read"])),
                view,
            );
        })
    }

    #[test]
    fn builtin_authorizer_table() {
        let sub = |resource: &str| json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{resource}.Arn}}/invocations")});
        let cases: Vec<(AuthorizerConfig, &str, Target, Value)> = vec![
            // test_builtin_auth: no ttl, no role
            (
                AuthorizerConfig::new(),
                "myauth",
                Target::Swagger,
                json!({"in": "header", "type": "apiKey", "name": "Authorization",
                       "x-amazon-apigateway-authtype": "custom",
                       "x-amazon-apigateway-authorizer": {"type": "token",
                           "authorizerUri": "arn:{partition}:apigateway:{region_name}:lambda:path/2015-03-31/functions/{myauth_lambda_arn}/invocations"}}),
            ),
            // test_builtin_auth_with_custom_header, ttl and role
            (
                AuthorizerConfig::new()
                    .header("X-Auth")
                    .ttl_seconds(0)
                    .execution_role("arn:role"),
                "demo_auth",
                Target::CloudFormation,
                json!({"in": "header", "type": "apiKey", "name": "X-Auth",
                       "x-amazon-apigateway-authtype": "custom",
                       "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": sub("DemoAuth"),
                           "authorizerCredentials": "arn:role", "authorizerResultTtlInSeconds": 0}}),
            ),
            (
                AuthorizerConfig::new().ttl_seconds(60),
                "demo_auth",
                Target::Terraform,
                json!({"in": "header", "type": "apiKey", "name": "Authorization",
                       "x-amazon-apigateway-authtype": "custom",
                       "x-amazon-apigateway-authorizer": {"type": "token",
                           "authorizerUri": "${aws_lambda_function.demo_auth.invoke_arn}",
                           "authorizerResultTtlInSeconds": 60}}),
            ),
        ];
        for (config, name, target, expected) in cases {
            let app = builtin_app(config, name);
            let doc = generate(&app, target, &RestApiSettings::default());
            // One definition for both routes (test_auth_defined_for_multiple_methods).
            assert_eq!(
                doc["securityDefinitions"],
                json!({ name: expected }),
                "{target:?}"
            );
            // test_builtin_auth_with_scopes
            assert_eq!(doc["paths"]["/"]["get"]["security"], json!([{ name: [] }]));
            assert_eq!(
                doc["paths"]["/scoped"]["get"]["security"],
                json!([{ name: ["s/read"] }])
            );
        }
    }

    #[test]
    fn integration_uri_per_target() {
        let app = app_with(|app| {
            app.route("/", Route::new(), view);
        });
        let cases = [
            (
                Target::Swagger,
                json!("arn:{partition}:apigateway:{region_name}:lambda:path/2015-03-31/functions/{api_handler_lambda_arn}/invocations"),
            ),
            (
                Target::CloudFormation,
                json!({"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${APIHandler.Arn}/invocations"}),
            ),
            (
                Target::Terraform,
                json!("${aws_lambda_function.api_handler.invoke_arn}"),
            ),
        ];
        for (target, expected) in cases {
            let doc = generate(&app, target, &RestApiSettings::default());
            assert_eq!(
                doc["paths"]["/"]["get"]["x-amazon-apigateway-integration"]["uri"],
                expected
            );
        }
    }

    /// DIFFERENCE: the preflight of a path with captures declares them, as
    /// Swagger requires of every operation on that path.
    #[test]
    fn preflight_of_a_path_with_captures_declares_its_parameters() {
        let app = app_with(|app| {
            app.route("/items/{id}", Route::new().cors(true), view);
            app.route("/items", Route::new().cors(true), view);
        });
        let doc = swagger(&app);
        assert_eq!(
            doc["paths"]["/items/{id}"]["options"]["parameters"],
            json!([{"name": "id", "in": "path", "required": true, "type": "string"}])
        );
        assert_eq!(
            doc["paths"]["/items/{id}"]["options"]["parameters"],
            doc["paths"]["/items/{id}"]["get"]["parameters"]
        );
        assert!(doc["paths"]["/items"]["options"]
            .get("parameters")
            .is_none());
    }

    #[test]
    fn preflight_table() {
        let custom = CORSConfig::new()
            .allow_origin("https://foo.example.com")
            .allow_headers(["X-Special-Header"])
            .max_age(600)
            .expose_headers(["X-Exposed", "X-Special"])
            .allow_credentials(true);
        type Case<'a> = (&'a [(&'a [&'a str], bool)], Option<CORSConfig>, Value);
        let cases: Vec<Case<'_>> = vec![
            // test_can_add_preflight_cors
            (
                &[(&["GET", "POST"], true)],
                None,
                json!({
                    "Access-Control-Allow-Methods": "'GET,POST,OPTIONS'",
                    "Access-Control-Allow-Origin": "'*'",
                    "Access-Control-Allow-Headers": "'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key'",
                }),
            ),
            // test_can_add_preflight_custom_cors
            (
                &[(&["GET", "POST"], true)],
                Some(custom.clone()),
                json!({
                    "Access-Control-Allow-Methods": "'GET,POST,OPTIONS'",
                    "Access-Control-Allow-Origin": "'https://foo.example.com'",
                    "Access-Control-Allow-Headers": "'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Special-Header'",
                    "Access-Control-Expose-Headers": "'X-Exposed,X-Special'",
                    "Access-Control-Max-Age": "'600'",
                    "Access-Control-Allow-Credentials": "'true'",
                }),
            ),
            // test_can_add_preflight_cors_for_shared_routes: the PUT without CORS is left out
            (
                &[(&["GET"], true), (&["PUT"], false)],
                None,
                json!({
                    "Access-Control-Allow-Methods": "'GET,OPTIONS'",
                    "Access-Control-Allow-Origin": "'*'",
                    "Access-Control-Allow-Headers": "'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key'",
                }),
            ),
            // no CORS, no preflight
            (&[(&["GET"], false)], None, Value::Null),
        ];
        for (registrations, config, expected) in cases {
            let app = app_with(|app| {
                for (i, (methods, cors)) in registrations.iter().enumerate() {
                    let route = Route::new()
                        .methods(methods.iter().copied())
                        .name(format!("v{i}"));
                    let route = match (&config, cors) {
                        (Some(c), true) => route.cors(c.clone()),
                        (None, true) => route.cors(true),
                        (_, false) => route.cors(false),
                    };
                    app.route("/cors", route, view);
                }
            });
            let doc = swagger(&app);
            let Some(options) = doc["paths"]["/cors"].get("options") else {
                assert!(expected.is_null(), "no preflight for {registrations:?}");
                continue;
            };
            let parameters: Map<String, Value> = expected
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (format!("method.response.header.{k}"), v.clone()))
                .collect();
            let headers: Map<String, Value> = expected
                .as_object()
                .unwrap()
                .keys()
                .map(|k| (k.clone(), json!({"type": "string"})))
                .collect();
            assert_eq!(
                options,
                &json!({
                    "consumes": ["application/json"],
                    "produces": ["application/json"],
                    "responses": {"200": {"description": "200 response",
                        "schema": {"$ref": "#/definitions/Empty"}, "headers": headers}},
                    "x-amazon-apigateway-integration": {
                        "responses": {"default": {"statusCode": "200", "responseParameters": parameters}},
                        "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
                        "passthroughBehavior": "when_no_match",
                        "type": "mock",
                        "contentHandling": "CONVERT_TO_TEXT",
                    }
                }),
                "{registrations:?}"
            );
            // The headers keep Chalice's order.
            let order: Vec<&String> = options["x-amazon-apigateway-integration"]["responses"]
                ["default"]["responseParameters"]
                .as_object()
                .unwrap()
                .keys()
                .collect();
            let expected_order: Vec<&String> = parameters.keys().collect();
            assert_eq!(order, expected_order);
        }
    }

    #[test]
    fn binary_types_table() {
        let cases: Vec<(Vec<String>, Value)> = vec![
            (
                chalice_events::apigateway::default_binary_types(),
                json!(chalice_events::apigateway::DEFAULT_BINARY_TYPES),
            ),
            // test_can_add_binary_media_types
            (
                vec!["application/x-custom".to_string(), "image/png".to_string()],
                json!(["application/x-custom", "image/png"]),
            ),
            (Vec::new(), json!([])),
        ];
        for (types, expected) in cases {
            let mut app = Chalice::new("app");
            app.api.binary_types = types;
            assert_eq!(
                swagger(&app)["x-amazon-apigateway-binary-media-types"],
                expected
            );
        }
    }

    #[test]
    fn resource_policy_and_vpce_table() {
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": "*", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:*:*"}]});
        let cases: Vec<(RestApiSettings, Option<Value>, Option<Value>)> = vec![
            (RestApiSettings::default(), None, None),
            // test_can_custom_resource_policy
            (
                RestApiSettings {
                    resource_policy: Some(policy.clone()),
                    vpce_ids: None,
                },
                Some(policy.clone()),
                None,
            ),
            // test_can_vpce
            (
                RestApiSettings {
                    resource_policy: Some(policy.clone()),
                    vpce_ids: Some(vec!["vpce-abc".into(), "vpce-def".into()]),
                },
                Some(policy.clone()),
                Some(json!({"vpcEndpointIds": ["vpce-abc", "vpce-def"]})),
            ),
            // An empty list is nothing, as in Chalice.
            (
                RestApiSettings {
                    resource_policy: None,
                    vpce_ids: Some(Vec::new()),
                },
                None,
                None,
            ),
        ];
        for (settings, policy, vpce) in cases {
            for target in [Target::Swagger, Target::CloudFormation, Target::Terraform] {
                let doc = generate(&Chalice::new("app"), target, &settings);
                assert_eq!(doc.get("x-amazon-apigateway-policy"), policy.as_ref());
                assert_eq!(
                    doc.get("x-amazon-apigateway-endpoint-configuration"),
                    vpce.as_ref()
                );
            }
        }
        // Both come last, the policy first.
        let doc = generate(
            &Chalice::new("app"),
            Target::Swagger,
            &RestApiSettings {
                resource_policy: Some(policy),
                vpce_ids: Some(vec!["vpce-abc".into()]),
            },
        );
        let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
        assert_eq!(
            &keys[keys.len() - 2..],
            [
                "x-amazon-apigateway-policy",
                "x-amazon-apigateway-endpoint-configuration"
            ]
        );
    }

    #[test]
    fn cfn_resource_name_table() {
        let cases = [
            ("demo_auth", "DemoAuth"),
            ("bp_bp_fn", "BpBpFn"),
            ("plain_fn", "PlainFn"),
            ("on-ec2", "OnEc2"),
            ("a__b--c", "ABC"),
            ("already", "Already"),
            ("with.dot_x", "WithdotX"),
            ("_lead", "Lead"),
            ("ümlaut_fn", "mlautFn"),
            ("", ""),
        ];
        for (name, expected) in cases {
            assert_eq!(cfn_resource_name(name), expected, "{name}");
        }
        assert_eq!(terraform_resource_name("demo_auth"), "demo_auth");
    }

    #[test]
    fn python_splitlines_table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("a", &["a"]),
            ("a\n", &["a"]),
            ("a\n\nb", &["a", "", "b"]),
            ("a\r\nb\rc\u{2028}d\u{0c}e", &["a", "b", "c", "d", "e"]),
            ("a\r\n", &["a"]),
            ("\n", &[""]),
        ];
        for (s, expected) in cases {
            assert_eq!(python_splitlines(s), *expected, "{s:?}");
        }
    }
}
