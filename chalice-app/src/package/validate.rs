//! Deploy-time validation: what Chalice checks before it deploys or packages
//! an app (`chalice/deploy/validate.py`), reported all at once.
//!
//! # Rules
//!
//! | rule | message names |
//! |---|---|
//! | a route is not empty and, unless it is `/`, does not end with `/` | the route |
//! | a path with CORS has no `OPTIONS` method of its own | the path |
//! | the CORS methods of a path share one configuration | the path |
//! | a route's content types are all binary (`app.api.binary_types`) or all not | the view and both lists |
//! | built-in authorizers, event handlers and `lambda_function`s have unique names | the name |
//! | an SQS `queue` is a name (not `https:…` or `arn:…`); a `queue_arn` starts with `arn:` | the value |
//! | the experimental features used (`WEBSOCKETS`) are in `app.experimental_feature_flags` | the features |
//! | two different authorizers do not share one name, and none is named `api_key` | the name |
//! | environment variable values are strings ([`validate_environment_variables`]) | the key and where |
//!
//! Registration already refuses most of these (a malformed path, CORS
//! conflicts, bad queue names), so an app built through the registration calls
//! can only break the content-type, feature-flag and authorizer-name rules; the
//! others are checked again because they are what API Gateway and Lambda
//! refuse.
//!
//! Chalice stops at the first problem; here every problem is listed. The
//! authorizer-name rule is not Chalice's: Chalice writes one security
//! definition per name, so a route would silently be guarded by the other
//! authorizer.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::swagger::{security_definition, Target};
use super::PackageError;
use crate::app::HandlerFn;
use crate::routes::Authorizer;
use crate::{Chalice, EventSource};

/// The experimental feature websocket handlers use.
const WEBSOCKETS: &str = "WEBSOCKETS";

/// Checks `app` against Chalice's deploy-time rules (see the [module
/// documentation](self)).
///
/// # Errors
///
/// The only way this returns an error is [`PackageError::Invalid`], with one
/// message per problem, in the order of the rules.
///
/// ```
/// use chalice_app::package::{validate, PackageError};
/// use chalice_app::{Chalice, Request, Route};
/// use serde_json::json;
///
/// let mut app = Chalice::new("app");
/// app.route(
///     "/upload",
///     Route::new().methods(["POST"]).content_types(["image/png", "application/json"]),
///     |_r: Request| json!({}),
/// );
/// let Err(PackageError::Invalid(problems)) = validate(&app) else { panic!() };
/// assert!(problems[0].contains("All content_types must be consistent in their binary support."));
/// ```
pub fn validate(app: &Chalice) -> Result<(), PackageError> {
    let problems = problems(app);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(PackageError::Invalid(problems))
    }
}

/// Every problem [`validate`] reports for `app`, in the order of the rules;
/// empty when the app can be deployed. For callers that add problems of their
/// own (the configuration's) before reporting them together.
pub fn problems(app: &Chalice) -> Vec<String> {
    let mut problems = Vec::new();
    route_problems(app, &mut problems);
    content_type_problems(app, &mut problems);
    function_name_problems(app, &mut problems);
    sqs_problems(app, &mut problems);
    feature_flag_problems(app, &mut problems);
    authorizer_name_problems(app, &mut problems);
    // One message per problem, however many entries share it (a view with
    // three methods and mixed content types is one mistake).
    let mut seen = BTreeSet::new();
    problems.retain(|p| seen.insert(p.clone()));
    problems
}

/// The problems of one set of environment variables: every value must be a
/// string, as Lambda requires. `location` says where they come from and ends
/// each message, e.g. `stages.prod.environment_variables`.
///
/// The configuration holds them, so the configuration's reader calls this for
/// each set it merges (top level, stage, per function), as Chalice does.
///
/// ```
/// use chalice_app::package::validate::validate_environment_variables;
/// use serde_json::json;
///
/// let vars = json!({"TABLE": "items", "PORT": 8080});
/// assert_eq!(
///     validate_environment_variables(vars.as_object().unwrap(), "environment_variables"),
///     ["Environment variable values must be strings, got 'type' int for key 'PORT' in environment_variables"]
/// );
/// ```
pub fn validate_environment_variables(
    variables: &Map<String, Value>,
    location: &str,
) -> Vec<String> {
    variables
        .iter()
        .filter(|(_, value)| !value.is_string())
        .map(|(key, value)| {
            format!(
                "Environment variable values must be strings, got 'type' {} for key '{key}' in {location}",
                python_type_name(value)
            )
        })
        .collect()
}

/// The Python type a JSON value loads as, for Chalice's message.
fn python_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// `validate_routes`: empty routes, trailing slashes and CORS conflicts.
fn route_problems(app: &Chalice, problems: &mut Vec<String>) {
    for path_routes in &app.routes.paths {
        let path = &path_routes.path;
        if path.is_empty() {
            problems.push("Route cannot be the empty string".to_string());
        } else if path != "/" && path.ends_with('/') {
            problems.push(format!("Route cannot end with a trailing slash: {path}"));
        }
        let with_cors: Vec<_> = path_routes
            .entries
            .iter()
            .filter_map(|e| e.cors.as_ref())
            .collect();
        let Some(first) = with_cors.first() else {
            continue;
        };
        if path_routes.get("OPTIONS").is_some() {
            problems.push(format!(
                "Route entry cannot have both cors=True and methods=['OPTIONS', ...] configured.  \
                 When CORS is enabled, an OPTIONS method is automatically added for you.  \
                 Please remove 'OPTIONS' from the list of configured HTTP methods for: {path}"
            ));
        }
        if with_cors.iter().any(|c| c != first) {
            problems.push(format!(
                "Route may not have multiple differing CORS configurations. \
                 Please ensure all views for \"{path}\" that have CORS configured \
                 have the same CORS configuration."
            ));
        }
    }
}

/// `validate_route_content_types`.
fn content_type_problems(app: &Chalice, problems: &mut Vec<String>) {
    let binary_types = &app.api.binary_types;
    for entry in app.routes.paths.iter().flat_map(|p| &p.entries) {
        // Exact membership, as Chalice tests `content_type in binary_types`.
        let (binary, non_binary): (Vec<&String>, Vec<&String>) = entry
            .content_types
            .iter()
            .partition(|t| binary_types.contains(t));
        if !binary.is_empty() && !non_binary.is_empty() {
            problems.push(format!(
                "In view function \"{}\", the content_types {} support binary and {} do not. \
                 All content_types must be consistent in their binary support.",
                entry.view_name,
                python_list(&binary),
                python_list(&non_binary)
            ));
        }
    }
}

/// `validate_unique_function_names`: built-in authorizers, event handlers
/// and pure Lambda functions become Lambda functions named after them.
fn function_name_problems(app: &Chalice, problems: &mut Vec<String>) {
    let authorizers = app.handler_order.iter().filter(|name| {
        matches!(
            app.handlers.get(name.as_str()),
            Some(HandlerFn::Authorizer(_))
        )
    });
    let sources = app.event_sources.iter().map(|(name, _)| name);
    let pure = app.handler_order.iter().filter(|name| {
        matches!(
            app.handlers.get(name.as_str()),
            Some(HandlerFn::PureLambda(_))
        )
    });
    let mut names = BTreeSet::new();
    for name in authorizers.chain(sources).chain(pure) {
        if !names.insert(name.as_str()) {
            problems.push(format!(
                "Duplicate function name detected: {name}\n\
                 Names must be unique across all lambda functions in your Chalice app."
            ));
        }
    }
}

/// `validate_sqs_configuration`.
fn sqs_problems(app: &Chalice, problems: &mut Vec<String>) {
    for (_, source) in &app.event_sources {
        let EventSource::Sqs(config) = source else {
            continue;
        };
        if let Some(queue) = &config.queue {
            if queue.starts_with("https:") || queue.starts_with("arn:") {
                problems.push(format!(
                    "The 'queue' parameter for the '@app.on_sqs_message()' handler must be the \
                     name of the queue, not the queue URL or the queue ARN.  Invalid value: {queue}"
                ));
            }
        }
        if let Some(arn) = &config.queue_arn {
            // Chalice reports this case with the message above and the
            // (absent) queue name; the ARN is what is wrong.
            if !arn.starts_with("arn:") {
                problems.push(format!(
                    "The 'queue_arn' parameter for the '@app.on_sqs_message()' handler must be \
                     the ARN of the queue.  Invalid value: {arn}"
                ));
            }
        }
    }
}

/// Chalice's `validate_feature_flags`, alone: what loading the app checks
/// before `generate-models` (which runs no other validation).
///
/// # Errors
///
/// [`PackageError::Invalid`] naming the experimental features used without
/// opting in.
pub fn validate_feature_flags(app: &Chalice) -> Result<(), PackageError> {
    let mut problems = Vec::new();
    feature_flag_problems(app, &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(PackageError::Invalid(problems))
    }
}

/// `validate_feature_flags`.
fn feature_flag_problems(app: &Chalice, problems: &mut Vec<String>) {
    let mut used = Vec::new();
    if !app.websocket_handlers.is_empty() {
        used.push(WEBSOCKETS);
    }
    let missing: Vec<&str> = used
        .into_iter()
        .filter(|f| !app.experimental_feature_flags.contains(*f))
        .collect();
    if missing.is_empty() {
        return;
    }
    let opt_in: String = missing
        .iter()
        .map(|f| format!("    app.experimental_feature_flags.insert(\"{f}\".to_string());\n"))
        .collect();
    problems.push(format!(
        "You are using experimental features without explicitly opting in ({}).\n\
         Experimental features do not guarantee backwards compatibility and may be \
         removed in the future.  If you'd still like to use these experimental features, \
         you can opt in by adding this to your app:\n\n{opt_in}\n\
         See https://aws.github.io/chalice/topics/experimental.html for more details.",
        missing.join(", ")
    ));
}

/// Authorizers sharing a name share one security definition; refuse two
/// different ones under one name, and the name `api_key`, which is the API
/// key's definition.
fn authorizer_name_problems(app: &Chalice, problems: &mut Vec<String>) {
    let mut seen: Vec<(String, Value)> = Vec::new();
    let mut reported = BTreeSet::new();
    for entry in app.routes.paths.iter().flat_map(|p| &p.entries) {
        let Some(authorizer) = &entry.authorizer else {
            continue;
        };
        let name = authorizer.name();
        if name == "api_key" {
            if reported.insert(name.clone()) {
                problems.push(format!(
                    "Authorizer name 'api_key' (route {} {}) is reserved for the API key's security definition; rename the authorizer.",
                    entry.method, entry.path
                ));
            }
            continue;
        }
        let definition = definition_without_scopes(authorizer);
        match seen.iter().find(|(n, _)| *n == name) {
            Some((_, other)) if *other != definition => {
                if reported.insert(name.clone()) {
                    problems.push(format!(
                        "Two different authorizers are named '{name}' (one of them on route {} {}); \
                         authorizer names must be unique, API Gateway keeps only one definition per name.",
                        entry.method, entry.path
                    ));
                }
            }
            Some(_) => {}
            None => seen.push((name, definition)),
        }
    }
}

/// What identifies an authorizer in the API definition: its security
/// definition (scopes belong to the route, not to the authorizer).
fn definition_without_scopes(authorizer: &Authorizer) -> Value {
    security_definition(authorizer, Target::Swagger)
}

/// A Python `repr` of a list of strings, as Chalice's messages print them:
/// `['image/png', 'text/plain']`.
fn python_list(items: &[&String]) -> String {
    let reprs: Vec<String> = items.iter().map(|s| python_str_repr(s)).collect();
    format!("[{}]", reprs.join(", "))
}

/// Python's `repr(str)`: single quotes unless the text has a single quote and
/// no double quote; backslashes, the quote, and control characters escaped.
fn python_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::RouteEntry;
    use crate::{
        AuthorizerConfig, CORSConfig, CognitoUserPoolAuthorizer, CustomAuthorizer,
        LambdaFunctionEvent, Request, Route, SQSEventConfig,
    };
    use chalice_events::authorizer::{AuthRequest, AuthResponse};
    use chalice_events::sqs::SQSEvent;
    use chalice_events::websocket::WebsocketEvent;
    use serde_json::json;
    use std::sync::Arc;

    fn view(_r: Request) -> Value {
        json!({})
    }

    fn auth(_r: AuthRequest) -> AuthResponse {
        AuthResponse::new(["*"], "user")
    }

    fn problems_of(register: impl FnOnce(&mut Chalice)) -> Vec<String> {
        let mut app = Chalice::new("app");
        register(&mut app);
        problems(&app)
    }

    /// Replaces the entries of `path` with copies changed by `change`: the
    /// registration calls refuse these states, which validation must still
    /// catch.
    fn tamper(app: &mut Chalice, path: &str, change: impl Fn(&mut RouteEntry)) {
        for p in &mut app.routes.paths {
            if p.path == path {
                for entry in &mut p.entries {
                    let mut copy = entry.as_ref().clone();
                    change(&mut copy);
                    *entry = Arc::new(copy);
                }
            }
        }
    }

    #[test]
    fn valid_app_has_no_problems() {
        let problems = problems_of(|app| {
            app.route("/", Route::new(), view);
            app.route("/cors", Route::new().cors(true), view);
            app.route("/cors", Route::new().methods(["PUT"]).cors(false), view);
            app.route(
                "/bin",
                Route::new()
                    .methods(["POST"])
                    .content_types(["image/png", "image/gif"]),
                view,
            );
            let a = app.authorizer("auth", AuthorizerConfig::new(), auth);
            app.route("/a", Route::new().authorizer(&a), view);
            app.route("/b", Route::new().authorizer(a.with_scopes(["x"])), view);
        });
        assert_eq!(problems, Vec::<String>::new());
        assert!(validate(&Chalice::new("empty")).is_ok());
    }

    #[test]
    fn route_rules_table() {
        let options_message = "Route entry cannot have both cors=True and methods=['OPTIONS', ...] configured.  When CORS is enabled, an OPTIONS method is automatically added for you.  Please remove 'OPTIONS' from the list of configured HTTP methods for: /c";
        let differing = "Route may not have multiple differing CORS configurations. Please ensure all views for \"/c\" that have CORS configured have the same CORS configuration.";
        type Change = fn(&mut Chalice);
        let cases: Vec<(&str, Change, Vec<&str>)> = vec![
            // test_trailing_slash_routes_result_in_error
            (
                "trailing slash",
                |app| {
                    app.route("/a", Route::new(), view);
                    app.routes.paths[0].path = "/a/".into();
                },
                vec!["Route cannot end with a trailing slash: /a/"],
            ),
            // test_empty_route_results_in_error
            (
                "empty",
                |app| {
                    app.route("/a", Route::new(), view);
                    app.routes.paths[0].path = String::new();
                },
                vec!["Route cannot be the empty string"],
            ),
            // TestValidateCORS::test_cant_have_options_with_cors
            (
                "options with cors",
                |app| {
                    app.route("/c", Route::new(), view);
                    app.route("/c", Route::new().methods(["OPTIONS"]).name("o"), view);
                    tamper(app, "/c", |e| {
                        if e.method == "GET" {
                            e.cors = Some(CORSConfig::default());
                        }
                    });
                },
                vec![options_message],
            ),
            // TestValidateCORS::test_cant_have_differing_cors_configurations
            (
                "differing cors",
                |app| {
                    app.route("/c", Route::new().cors(true), view);
                    app.route("/c", Route::new().methods(["PUT"]).cors(false), view);
                    tamper(app, "/c", |e| {
                        if e.method == "PUT" {
                            e.cors = Some(CORSConfig::new().allow_origin("https://x"));
                        }
                    });
                },
                vec![differing],
            ),
            // test_can_have_same_cors_configurations / some with, some without
            (
                "same cors",
                |app| {
                    app.route("/c", Route::new().cors(CORSConfig::new().max_age(5)), view);
                    app.route(
                        "/c",
                        Route::new()
                            .methods(["PUT"])
                            .cors(CORSConfig::new().max_age(5)),
                        view,
                    );
                    app.route("/c", Route::new().methods(["POST"]).cors(false), view);
                },
                vec![],
            ),
            (
                "root is fine",
                |app| {
                    app.route("/", Route::new(), view);
                },
                vec![],
            ),
        ];
        for (name, register, expected) in cases {
            assert_eq!(problems_of(register), expected, "{name}");
        }
    }

    #[test]
    fn content_type_rules_table() {
        type Case<'a> = (&'a [&'a str], Option<&'a [&'a str]>, Option<&'a str>);
        let cases: &[Case<'_>] = &[
            (&["application/json"], None, None),
            (&["image/png", "image/gif"], None, None),
            (&[], None, None),
            // test_cant_have_mixed_content_types
            (
                &["application/octet-stream", "application/json"],
                None,
                Some("In view function \"upload\", the content_types ['application/octet-stream'] support binary and ['application/json'] do not. All content_types must be consistent in their binary support."),
            ),
            // test_can_validate_updated_custom_binary_types
            (&["application/json", "text/plain"], Some(&["text/plain"]), Some(
                "In view function \"upload\", the content_types ['text/plain'] support binary and ['application/json'] do not. All content_types must be consistent in their binary support.",
            )),
            (&["application/json", "text/plain"], Some(&["application/json", "text/plain"]), None),
            // Membership is exact, as in Chalice.
            (&["IMAGE/PNG", "image/png"], None, Some(
                "In view function \"upload\", the content_types ['image/png'] support binary and ['IMAGE/PNG'] do not. All content_types must be consistent in their binary support.",
            )),
        ];
        for (types, binary_types, expected) in cases {
            let problems = problems_of(|app| {
                if let Some(b) = binary_types {
                    app.api.binary_types = b.iter().map(|s| s.to_string()).collect();
                }
                app.route(
                    "/up",
                    Route::new()
                        .name("upload")
                        .methods(["POST", "PUT"])
                        .content_types(types.iter().copied()),
                    view,
                );
            });
            let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            // One message although both methods break the rule.
            assert_eq!(problems, expected, "{types:?} with {binary_types:?}");
        }
    }

    #[test]
    fn function_names_must_be_unique() {
        // Registration refuses duplicates; a tampered list shows the message.
        let mut app = Chalice::new("app");
        app.on_sqs_message(SQSEventConfig::new("q").name("same"), |_e: SQSEvent| ());
        app.lambda_function("other", |_e: LambdaFunctionEvent| ());
        let (_, source) = app.event_sources[0].clone();
        app.event_sources.push(("same".into(), source.clone()));
        app.event_sources.push(("other".into(), source));
        assert_eq!(
            problems(&app),
            [
                "Duplicate function name detected: same\nNames must be unique across all lambda functions in your Chalice app.",
                "Duplicate function name detected: other\nNames must be unique across all lambda functions in your Chalice app.",
            ]
        );
        // Route views and websocket handlers are not Lambda functions of their own.
        let problems = problems_of(|app| {
            app.experimental_feature_flags.insert("WEBSOCKETS".into());
            app.route("/", Route::new().name("index"), view);
            app.on_ws_message("ws", |_e: WebsocketEvent| ());
            app.lambda_function("fn", |_e: LambdaFunctionEvent| ());
            app.authorizer("auth", AuthorizerConfig::new(), auth);
        });
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn sqs_rules_table() {
        let cases: Vec<(SQSEventConfig, Option<&str>)> = vec![
            (SQSEventConfig::new("queue"), None),
            (SQSEventConfig::from_arn("arn:aws:sqs:us-west-2:1:queue"), None),
            // test_validate_sqs_queue_name
            (
                SQSEventConfig::new("https://sqs.us-west-2.amazonaws.com/1/queue"),
                Some("The 'queue' parameter for the '@app.on_sqs_message()' handler must be the name of the queue, not the queue URL or the queue ARN.  Invalid value: https://sqs.us-west-2.amazonaws.com/1/queue"),
            ),
            (
                SQSEventConfig::new("arn:aws:sqs:us-west-2:1:queue"),
                Some("The 'queue' parameter for the '@app.on_sqs_message()' handler must be the name of the queue, not the queue URL or the queue ARN.  Invalid value: arn:aws:sqs:us-west-2:1:queue"),
            ),
            // test_queue_arn_must_be_arn
            (
                SQSEventConfig::from_arn("queue"),
                Some("The 'queue_arn' parameter for the '@app.on_sqs_message()' handler must be the ARN of the queue.  Invalid value: queue"),
            ),
        ];
        for (config, expected) in cases {
            // Registration refuses the bad ones, so they are put in directly.
            let mut app = Chalice::new("app");
            app.event_sources
                .push(("handler".into(), EventSource::Sqs(config.clone())));
            let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            assert_eq!(problems(&app), expected, "{config:?}");
        }
    }

    #[test]
    fn feature_flags_table() {
        let message = "You are using experimental features without explicitly opting in (WEBSOCKETS).\n\
            Experimental features do not guarantee backwards compatibility and may be removed in the future.  \
            If you'd still like to use these experimental features, you can opt in by adding this to your app:\n\n    \
            app.experimental_feature_flags.insert(\"WEBSOCKETS\".to_string());\n\n\
            See https://aws.github.io/chalice/topics/experimental.html for more details.";
        type Change = fn(&mut Chalice);
        let cases: Vec<(Change, bool, Option<&str>)> = vec![
            // test_can_validate_feature_flags
            (
                |app| app.on_ws_connect("c", |_e: WebsocketEvent| ()),
                false,
                Some(message),
            ),
            (
                |app| app.on_ws_disconnect("d", |_e: WebsocketEvent| ()),
                true,
                None,
            ),
            (|_app| {}, false, None),
        ];
        for (register, opt_in, expected) in cases {
            let problems = problems_of(|app| {
                register(app);
                if opt_in {
                    app.experimental_feature_flags.insert("WEBSOCKETS".into());
                }
            });
            let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            assert_eq!(problems, expected);
        }
    }

    /// `chalice generate-models` loads the app with its feature flags checked.
    #[test]
    fn generate_models_checks_the_feature_flags() {
        let mut app = Chalice::new("app");
        app.route("/", crate::Route::new(), |_r: crate::Request| {
            serde_json::json!({})
        });
        app.on_ws_message("m", |_e: WebsocketEvent| ());
        let err = crate::package::generate_models(&app).unwrap_err();
        assert!(
            matches!(&err, PackageError::Invalid(p) if p.len() == 1 && p[0].contains("(WEBSOCKETS)")),
            "{err}"
        );
        app.experimental_feature_flags.insert("WEBSOCKETS".into());
        assert!(crate::package::generate_models(&app).is_ok());
    }

    #[test]
    fn authorizer_names_table() {
        let pool =
            |arn: &str| CognitoUserPoolAuthorizer::new("pool", vec![arn.to_string()]).unwrap();
        type Case = (Vec<Authorizer>, Option<&'static str>);
        let cases: Vec<Case> = vec![
            // one authorizer, scoped differently per route: fine
            (
                vec![
                    pool("arn:a").into(),
                    pool("arn:a").with_scopes(vec!["s".into()]).into(),
                ],
                None,
            ),
            (
                vec![pool("arn:a").into(), pool("arn:b").into()],
                Some("Two different authorizers are named 'pool' (one of them on route GET /r1); authorizer names must be unique, API Gateway keeps only one definition per name."),
            ),
            (
                vec![
                    CustomAuthorizer::new("pool", "uri").into(),
                    pool("arn:a").into(),
                ],
                Some("Two different authorizers are named 'pool' (one of them on route GET /r1); authorizer names must be unique, API Gateway keeps only one definition per name."),
            ),
            (
                vec![CustomAuthorizer::new("api_key", "uri").into()],
                Some("Authorizer name 'api_key' (route GET /r0) is reserved for the API key's security definition; rename the authorizer."),
            ),
        ];
        for (authorizers, expected) in cases {
            let problems = problems_of(|app| {
                for (i, a) in authorizers.iter().enumerate() {
                    app.route(&format!("/r{i}"), Route::new().authorizer(a.clone()), view);
                }
            });
            let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            assert_eq!(problems, expected, "{authorizers:?}");
        }
    }

    #[test]
    fn environment_variables_table() {
        let vars = json!({
            "S": "text", "I": 1, "F": 1.5, "B": true, "N": null, "L": ["a"], "D": {"a": "b"},
        });
        let problems = validate_environment_variables(
            vars.as_object().unwrap(),
            "stages.dev.environment_variables",
        );
        let types: Vec<&str> = vec!["int", "float", "bool", "NoneType", "list", "dict"];
        let keys = ["I", "F", "B", "N", "L", "D"];
        let expected: Vec<String> = keys
            .iter()
            .zip(types)
            .map(|(k, t)| format!("Environment variable values must be strings, got 'type' {t} for key '{k}' in stages.dev.environment_variables"))
            .collect();
        assert_eq!(problems, expected);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut app = Chalice::new("app");
        app.route(
            "/up",
            Route::new()
                .name("up")
                .methods(["POST"])
                .content_types(["image/png", "text/plain"]),
            view,
        );
        app.on_ws_message("ws", |_e: WebsocketEvent| ());
        app.event_sources.push((
            "q".into(),
            EventSource::Sqs(SQSEventConfig::new("arn:aws:sqs:x")),
        ));
        let Err(PackageError::Invalid(problems)) = validate(&app) else {
            panic!("expected problems");
        };
        assert_eq!(problems.len(), 3, "{problems:#?}");
        let error = PackageError::Invalid(problems).to_string();
        assert!(
            error.starts_with("the app cannot be deployed:\nIn view function \"up\""),
            "{error}"
        );
    }

    #[test]
    fn python_repr_table() {
        let cases = [
            ("image/png", "'image/png'"),
            ("it's", "\"it's\""),
            ("both'\"", "'both\\'\"'"),
            ("a\\b\n", "'a\\\\b\\n'"),
            ("\u{1}", "'\\x01'"),
            ("✓", "'✓'"),
        ];
        for (s, expected) in cases {
            assert_eq!(python_str_repr(s), expected);
        }
        let a = "a".to_string();
        let b = "b".to_string();
        assert_eq!(python_list(&[&a, &b]), "['a', 'b']");
    }
}
