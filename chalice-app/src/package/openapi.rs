//! The OpenAPI 3.1 document of the app's API: what a client needs to call
//! it, with the schemas of the declared [models](crate::models).
//!
//! # The document, as a spec
//!
//! Top-level keys, in this order: `openapi` (`"3.1.0"`), `info`
//! (`{"title": <app_name>, "version": "1.0"}`), `paths`, then, only when not
//! empty, `components` (`schemas`, `securitySchemes`), and last
//! `x-amazon-apigateway-binary-media-types` (`app.api.binary_types`).
//!
//! `paths` holds the route paths in registration order, each method
//! (lower-cased) in registration order, as in the Swagger document
//! ([`swagger`](super::swagger)). Every operation has:
//!
//! - `operationId`: the view's name, or `<view name>_<method>` when the view
//!   serves several methods (or the name is used by another route);
//! - `summary` and `description` from [`Route::doc`](crate::Route::doc),
//!   split as the Swagger document splits them;
//! - `parameters`: each capture of the path, required, typed by the view's
//!   [`Path<T>`](crate::models::Path) (a string otherwise; a greedy
//!   `{proxy+}` is declared as `proxy`), then each field of its
//!   [`Query<T>`](crate::models::Query), required when the type requires it
//!   (a map is one free-form `form` parameter);
//! - `requestBody` when the view reads [`Json<T>`](crate::Json): required,
//!   the schema of `T` under each content type of the route; otherwise, when
//!   the route accepts binary media types (those of `app.api.binary_types`),
//!   those types, each a string of bytes (`contentMediaType`);
//! - `responses`: each type declared with
//!   [`Route::response`](crate::Route::response) under its status
//!   (`application/json`), or a bare `200` when none is; a view that reads
//!   any typed input also documents the `400` it answers, with the
//!   `ChaliceError` schema (`{"Code", "Message"}`);
//! - `security`: `{"api_key": []}` first when an API key is required, then
//!   `{<authorizer name>: <scopes>}`.
//!
//! A path where any method has CORS gets an `options` operation (API
//! Gateway's preflight) whose `200` response names the CORS headers.
//!
//! `components/schemas` holds every named type the routes declare (JSON
//! Schema 2020-12, OpenAPI 3.1's dialect, as schemars writes it for
//! deserializing), referenced as `#/components/schemas/<name>`.
//! `components/securitySchemes` has `api_key` (the `x-api-key` header) when
//! a route requires a key and one scheme per authorizer name: built-in and
//! custom Lambda authorizers, Cognito user pools and IAM, each an `apiKey`
//! scheme on its header with the `x-amazon-apigateway-authtype` and
//! `x-amazon-apigateway-authorizer` extensions API Gateway reads when it
//! imports the document (the built-in authorizer's function is the
//! placeholder `{<name>_lambda_arn}`, as in `generate-models`).

use chalice_events::apigateway::matches_content_type;
use schemars::generate::SchemaSettings;
use schemars::SchemaGenerator;
use serde_json::{json, Map, Value};

use super::swagger::{security_definition, split_docstring, Target};
use crate::models::{object_properties, required_names, Model, RouteModels};
use crate::routes::RouteEntry;
use crate::{CORSConfig, Chalice};

/// The schema of Chalice's error body, documented for the 400 answered to a
/// request that does not fit.
const ERROR_SCHEMA: &str = "ChaliceError";

/// The OpenAPI 3.1 document of `app`'s API.
///
/// ```
/// use chalice_app::package::openapi::generate;
/// use chalice_app::{Chalice, Json, Request, Route};
///
/// #[derive(serde::Deserialize, schemars::JsonSchema)]
/// struct NewItem {
///     name: String,
/// }
///
/// let mut app = Chalice::new("shop");
/// app.route("/items", ["POST"], |_r: Request, Json(item): Json<NewItem>| item.name);
/// let doc = generate(&app);
/// assert_eq!(doc["openapi"], "3.1.0");
/// assert_eq!(
///     doc["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"]["schema"],
///     serde_json::json!({"$ref": "#/components/schemas/NewItem"})
/// );
/// assert_eq!(doc["components"]["schemas"]["NewItem"]["required"], serde_json::json!(["name"]));
/// ```
pub fn generate(app: &Chalice) -> Value {
    let mut schemas = generator().into_generator();
    // Parameters list each field on its own, so their types are written out
    // in place rather than referenced.
    let mut inline = generator()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let operation_ids = operation_ids(app);
    let mut paths = Map::new();
    let mut security_schemes = Map::new();
    let mut uses_error_schema = false;
    for path_routes in &app.routes.paths {
        let mut item = Map::new();
        let mut cors: Option<&CORSConfig> = None;
        let mut cors_methods: Vec<&str> = Vec::new();
        for entry in &path_routes.entries {
            let operation_id = operation_ids
                .iter()
                .find(|(p, m, _)| *p == entry.path && *m == entry.method)
                .map(|(_, _, id)| id.clone())
                .unwrap_or_else(|| entry.view_name.clone());
            let operation = operation(
                entry,
                &app.api.binary_types,
                operation_id,
                &mut schemas,
                &mut inline,
            );
            uses_error_schema |= entry.models.has_inputs();
            add_security_schemes(&mut security_schemes, entry);
            item.insert(entry.method.to_lowercase(), Value::Object(operation));
            if let Some(c) = &entry.cors {
                cors = Some(c);
                cors_methods.push(&entry.method);
            }
        }
        if let (Some(cors), Some(first)) = (cors, path_routes.entries.first()) {
            item.insert("options".into(), preflight(cors, &cors_methods, first));
        }
        paths.insert(path_routes.path.clone(), Value::Object(item));
    }

    let mut components = Map::new();
    let mut definitions = schemas.take_definitions(true);
    if uses_error_schema {
        definitions.insert(
            ERROR_SCHEMA.into(),
            json!({
                "description": "Chalice's error body, e.g. {\"Code\": \"BadRequestError\", \"Message\": \"items[3].price: invalid type: string \\\"x\\\", expected f64\"}",
                "type": "object",
                "properties": {"Code": {"type": "string"}, "Message": {"type": "string"}},
                "required": ["Code", "Message"],
            }),
        );
    }
    if !definitions.is_empty() {
        components.insert("schemas".into(), Value::Object(definitions));
    }
    if !security_schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(security_schemes));
    }

    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.1.0"));
    doc.insert(
        "info".into(),
        json!({"title": app.app_name, "version": "1.0"}),
    );
    doc.insert("paths".into(), Value::Object(paths));
    if !components.is_empty() {
        doc.insert("components".into(), Value::Object(components));
    }
    doc.insert(
        "x-amazon-apigateway-binary-media-types".into(),
        json!(app.api.binary_types),
    );
    Value::Object(doc)
}

/// The schema generator of the document: JSON Schema 2020-12 (OpenAPI
/// 3.1's dialect) with the definitions in `components/schemas`.
fn generator() -> SchemaSettings {
    SchemaSettings::draft2020_12().with(|s| {
        s.definitions_path = "/components/schemas".into();
        s.meta_schema = None;
    })
}

/// `operationId`s, unique across the document: the view name where it is
/// used once, `<view name>_<method>` otherwise, numbered in the unlikely
/// case that is taken too.
fn operation_ids(app: &Chalice) -> Vec<(String, String, String)> {
    let entries = app.routes();
    let mut ids: Vec<(String, String, String)> = Vec::with_capacity(entries.len());
    for entry in &entries {
        let shared = entries
            .iter()
            .filter(|e| e.view_name == entry.view_name)
            .count()
            > 1;
        let mut id = if shared {
            format!("{}_{}", entry.view_name, entry.method.to_lowercase())
        } else {
            entry.view_name.clone()
        };
        let base = id.clone();
        let mut n = 2;
        while ids.iter().any(|(_, _, taken)| *taken == id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        ids.push((entry.path.clone(), entry.method.clone(), id));
    }
    ids
}

fn operation(
    entry: &RouteEntry,
    binary_types: &[String],
    operation_id: String,
    schemas: &mut SchemaGenerator,
    inline: &mut SchemaGenerator,
) -> Map<String, Value> {
    let models = &entry.models;
    let mut op = Map::new();
    op.insert("operationId".into(), Value::String(operation_id));
    if let Some((summary, description)) = entry.docstring.as_deref().and_then(split_docstring) {
        op.insert("summary".into(), Value::String(summary));
        if let Some(description) = description {
            op.insert("description".into(), Value::String(description));
        }
    }
    let mut parameters = path_parameters(&entry.view_args, models.path.as_ref(), inline);
    if let Some(query) = &models.query {
        parameters.extend(query_parameters(query, inline));
    }
    if !parameters.is_empty() {
        op.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = &models.body {
        let schema = body.schema(schemas).to_value();
        let types: Vec<&str> = if entry.content_types.is_empty() {
            vec!["application/json"]
        } else {
            entry.content_types.iter().map(String::as_str).collect()
        };
        let content: Map<String, Value> = types
            .into_iter()
            .map(|t| (t.to_string(), json!({"schema": schema})))
            .collect();
        op.insert(
            "requestBody".into(),
            json!({"required": true, "content": content}),
        );
    } else {
        // A route that takes binary bodies (a type of the app's binary
        // media types) says so, though it declares no model: the body is
        // bytes of that type.
        let binary: Map<String, Value> = entry
            .content_types
            .iter()
            .filter(|t| matches_content_type(t, binary_types))
            .map(|t| {
                (
                    t.clone(),
                    json!({"schema": {"type": "string", "contentMediaType": t}}),
                )
            })
            .collect();
        if !binary.is_empty() {
            op.insert("requestBody".into(), json!({"content": binary}));
        }
    }
    op.insert(
        "responses".into(),
        Value::Object(responses(models, schemas)),
    );
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
        op.insert("security".into(), Value::Array(security));
    }
    op
}

/// One required parameter per capture, typed by the view's `Path<T>`.
pub(crate) fn path_parameters(
    captures: &[String],
    model: Option<&Model>,
    inline: &mut SchemaGenerator,
) -> Vec<Value> {
    let schema = model.map(|m| m.schema(inline).to_value());
    let properties = schema.as_ref().and_then(object_properties);
    captures
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let typed = match (&schema, &properties) {
                (_, Some(properties)) => properties.get(name).cloned(),
                (Some(schema), None) => match schema.get("prefixItems") {
                    Some(items) => items.get(i).cloned(),
                    None if captures.len() == 1 => Some(schema.clone()),
                    None => None,
                },
                (None, None) => None,
            };
            let typed = typed.unwrap_or_else(|| json!({"type": "string"}));
            json!({"name": name, "in": "path", "required": true, "schema": typed})
        })
        .collect()
}

/// One parameter per field of the view's `Query<T>`.
fn query_parameters(model: &Model, inline: &mut SchemaGenerator) -> Vec<Value> {
    let schema = model.schema(inline).to_value();
    let Some(properties) = object_properties(&schema) else {
        // A map: any parameters, described as one free-form object.
        return vec![json!({
            "name": "parameters",
            "in": "query",
            "style": "form",
            "explode": true,
            "schema": schema,
        })];
    };
    let required = required_names(&schema);
    properties
        .into_iter()
        .map(|(name, property)| {
            let is_required = required.contains(&name);
            json!({"name": name, "in": "query", "required": is_required, "schema": property})
        })
        .collect()
}

fn responses(models: &RouteModels, schemas: &mut SchemaGenerator) -> Map<String, Value> {
    let mut responses = Map::new();
    for (status, model) in &models.responses {
        responses.insert(
            status.to_string(),
            json!({
                "description": format!("{status} response"),
                "content": {"application/json": {"schema": model.schema(schemas).to_value()}},
            }),
        );
    }
    if !responses.keys().any(|s| s.starts_with('2')) {
        responses.insert("200".into(), json!({"description": "200 response"}));
    }
    if models.has_inputs() && !responses.contains_key("400") {
        responses.insert(
            "400".into(),
            json!({
                "description": "The request does not fit the declared types (BadRequestError)",
                "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{ERROR_SCHEMA}")}}},
            }),
        );
    }
    responses
}

fn add_security_schemes(schemes: &mut Map<String, Value>, entry: &RouteEntry) {
    if entry.api_key_required {
        schemes.insert(
            "api_key".into(),
            json!({"type": "apiKey", "name": "x-api-key", "in": "header", "description": "API Gateway API key"}),
        );
    }
    if let Some(authorizer) = &entry.authorizer {
        let mut scheme = security_definition(authorizer, Target::Swagger);
        if let Value::Object(fields) = &mut scheme {
            let kind = match authorizer {
                crate::Authorizer::Builtin(_) => "Lambda token authorizer of this app",
                crate::Authorizer::Iam(_) => "IAM: SigV4-signed requests",
                crate::Authorizer::Cognito(_) => "Amazon Cognito user pool",
                crate::Authorizer::Custom(_) => "Lambda authorizer",
            };
            fields.insert("description".into(), json!(kind));
        }
        schemes.insert(authorizer.name(), scheme);
    }
}

/// The `options` operation API Gateway answers for a CORS path.
fn preflight(cors: &CORSConfig, methods: &[&str], first: &RouteEntry) -> Value {
    let mut allowed: Vec<&str> = methods.to_vec();
    allowed.push("OPTIONS");
    let mut headers = Map::new();
    headers.insert(
        "Access-Control-Allow-Methods".into(),
        json!({"schema": {"type": "string", "const": allowed.join(",")}}),
    );
    for (name, value) in cors.get_access_control_headers() {
        headers.insert(
            name.to_string(),
            json!({"schema": {"type": "string", "const": value}}),
        );
    }
    let mut op = Map::new();
    op.insert("summary".into(), json!("CORS preflight"));
    let parameters: Vec<Value> = first
        .view_args
        .iter()
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    if !parameters.is_empty() {
        op.insert("parameters".into(), Value::Array(parameters));
    }
    op.insert(
        "responses".into(),
        json!({"200": {"description": "200 response", "headers": headers}}),
    );
    Value::Object(op)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{Path, Query};
    use crate::{IAMAuthorizer, Json, Request, Route};
    use schemars::JsonSchema;
    use serde::Deserialize;

    #[derive(Deserialize, JsonSchema)]
    #[allow(dead_code)] // read by serde only
    struct Ids {
        user: u64,
        order: String,
    }

    #[derive(Deserialize, JsonSchema)]
    #[allow(dead_code)] // read by serde only
    struct Listing {
        limit: Option<u32>,
        tag: Vec<String>,
    }

    #[derive(Deserialize, JsonSchema)]
    #[allow(dead_code)] // read by serde only
    struct Order {
        qty: u32,
    }

    fn app() -> Chalice {
        let mut app = Chalice::new("shop");
        app.route(
            "/users/{user}/orders/{order}",
            Route::new()
                .methods(["PUT"])
                .doc("One order.\n\nReplaced whole.")
                .response::<String>()
                .cors(true)
                .authorizer(IAMAuthorizer::new())
                .api_key_required(true),
            |_r: Request,
             Path(_ids): Path<Ids>,
             Query(_q): Query<Listing>,
             Json(o): Json<Order>| { o.qty.to_string() },
        );
        app.route("/plain/{x+}", Route::new(), |_r: Request| "plain");
        app
    }

    #[test]
    fn operations_carry_typed_parameters_bodies_and_security() {
        let doc = generate(&app());
        let op = &doc["paths"]["/users/{user}/orders/{order}"]["put"];
        assert_eq!(op["operationId"], "put_users_user_orders_order");
        assert_eq!(op["summary"], "One order.");
        assert_eq!(op["description"], "Replaced whole.");
        assert_eq!(
            op["parameters"],
            json!([
                {"name": "user", "in": "path", "required": true, "schema": {"type": "integer", "format": "uint64", "minimum": 0}},
                {"name": "order", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "required": false, "schema": {"type": ["integer", "null"], "format": "uint32", "minimum": 0}},
                {"name": "tag", "in": "query", "required": true, "schema": {"type": "array", "items": {"type": "string"}}},
            ])
        );
        assert_eq!(
            op["requestBody"],
            json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}})
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"type": "string"})
        );
        assert_eq!(
            op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ChaliceError"
        );
        assert_eq!(op["security"], json!([{"api_key": []}, {"sigv4": []}]));
        assert_eq!(
            doc["components"]["securitySchemes"]["sigv4"]["x-amazon-apigateway-authtype"],
            "awsSigv4"
        );
        let preflight = &doc["paths"]["/users/{user}/orders/{order}"]["options"];
        assert_eq!(
            preflight["responses"]["200"]["headers"]["Access-Control-Allow-Methods"]["schema"]
                ["const"],
            "PUT,OPTIONS"
        );
        let plain = &doc["paths"]["/plain/{x+}"]["get"];
        assert_eq!(
            plain["responses"],
            json!({"200": {"description": "200 response"}})
        );
        assert_eq!(plain["parameters"][0]["name"], "x");
        let keys: Vec<&String> = doc
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "openapi",
                "info",
                "paths",
                "components",
                "x-amazon-apigateway-binary-media-types"
            ]
        );
    }

    #[test]
    fn every_authorizer_kind_and_api_keys_are_security_schemes() {
        use crate::{AuthorizerConfig, CognitoUserPoolAuthorizer, CustomAuthorizer};
        use chalice_events::authorizer::{AuthRequest, AuthResponse};
        let mut app = Chalice::new("secure");
        let builtin = app.authorizer(
            "token_auth",
            AuthorizerConfig::new().header("X-Token"),
            |_r: AuthRequest| AuthResponse::deny("nobody"),
        );
        let pool = CognitoUserPoolAuthorizer::new("pool", vec!["arn:pool".to_string()])
            .unwrap_or_else(|e| panic!("{e}"));
        let custom =
            CustomAuthorizer::new("external", "arn:aws:apigateway:us-west-2:lambda:path/auth");
        app.route(
            "/a",
            Route::new().authorizer(&builtin).api_key_required(true),
            |_r: Request| "",
        );
        app.route(
            "/b",
            Route::new().authorizer(pool.with_scopes(vec!["read".to_string()])),
            |_r: Request| "",
        );
        app.route("/c", Route::new().authorizer(custom), |_r: Request| "");
        app.route(
            "/d",
            Route::new().authorizer(IAMAuthorizer::new()),
            |_r: Request| "",
        );
        app.route(
            "/e",
            Route::new().methods(["POST"]).content_types(["image/png"]),
            |_r: Request| "",
        );
        let doc = generate(&app);
        let schemes = &doc["components"]["securitySchemes"];
        let kinds: Vec<(&str, &Value)> = ["api_key", "token_auth", "pool", "external", "sigv4"]
            .into_iter()
            .map(|name| (name, &schemes[name]["type"]))
            .collect();
        assert!(kinds.iter().all(|(_, t)| *t == "apiKey"), "{kinds:?}");
        assert_eq!(schemes["token_auth"]["name"], "X-Token");
        assert_eq!(
            schemes["token_auth"]["x-amazon-apigateway-authorizer"]["authorizerUri"],
            "arn:{partition}:apigateway:{region_name}:lambda:path/2015-03-31/functions/{token_auth_lambda_arn}/invocations"
        );
        assert_eq!(
            schemes["pool"]["x-amazon-apigateway-authtype"],
            "cognito_user_pools"
        );
        assert_eq!(
            schemes["external"]["x-amazon-apigateway-authtype"],
            "custom"
        );
        assert_eq!(schemes["sigv4"]["x-amazon-apigateway-authtype"], "awsSigv4");
        assert_eq!(schemes["api_key"]["name"], "x-api-key");
        assert_eq!(
            doc["paths"]["/a"]["get"]["security"],
            json!([{"api_key": []}, {"token_auth": []}])
        );
        assert_eq!(
            doc["paths"]["/b"]["get"]["security"],
            json!([{"pool": ["read"]}])
        );
        assert_eq!(
            doc["paths"]["/e"]["post"]["requestBody"],
            json!({"content": {"image/png": {"schema": {"type": "string", "contentMediaType": "image/png"}}}})
        );
        assert!(doc
            .get("components")
            .and_then(|c| c.get("schemas"))
            .is_none());
    }

    #[test]
    fn shared_view_names_get_the_method() {
        let mut app = Chalice::new("a");
        app.route(
            "/x",
            Route::new().methods(["GET", "PUT"]).name("x"),
            |_r: Request| "",
        );
        app.route("/y", Route::new().name("x_get"), |_r: Request| "");
        let doc = generate(&app);
        assert_eq!(doc["paths"]["/x"]["get"]["operationId"], "x_get");
        assert_eq!(doc["paths"]["/x"]["put"]["operationId"], "x_put");
        assert_eq!(doc["paths"]["/y"]["get"]["operationId"], "x_get_2");
    }
}
