//! The Rust twin of `testdata/conformance/refapp.py`, handler for handler.
//!
//! Each handler cites its Python original by name; the conformance suite feeds
//! both the same cases and compares the outcomes.

use chalice_app::events::cloudwatch::CloudWatchEvent;
use chalice_app::events::request::MultiDict;
use chalice_app::events::s3::S3Event;
use chalice_app::events::sns::SNSEvent;
use chalice_app::events::sqs::SQSEvent;
use chalice_app::events::websocket::WebsocketEvent;
use chalice_app::json;
use chalice_app::{
    AuthRequest, AuthResponse, AuthRoute, AuthorizerConfig, BadRequestError, Blueprint, CORSConfig,
    Chalice, ChaliceViewError, CloudWatchEventConfig, CognitoUserPoolAuthorizer, ConflictError,
    Cron, CustomAuthorizer, DumpedJson, Error, EventType, ForbiddenError, HttpNext, IAMAuthorizer,
    Json, LambdaFunctionEvent, MethodNotAllowedError, NotFoundError, Rate, Request,
    RequestTimeoutError, Response, Route, S3EventConfig, SNSEventConfig, SQSEventConfig,
    ScheduleConfig, TooManyRequestsError, UnauthorizedError, UnprocessableEntityError,
};
use serde_json::{Map, Value};
use std::borrow::Cow;

fn raw_text(request: &Request) -> Result<String, Error> {
    Ok(raw_str(request)?.into_owned())
}

/// `{k: query.getlist(k) for k in query}` of `echo`.
fn query_lists(query: Option<&MultiDict>) -> Option<Value> {
    query.map(|q| {
        let mut lists = Map::new();
        for (k, values) in q.iter() {
            lists.insert(k.to_string(), json!(values));
        }
        Value::Object(lists)
    })
}

/// `query_lists` of `echo`, written from the query as it is: each key with
/// all its values.
struct QueryLists<'a>(&'a MultiDict);

impl serde::Serialize for QueryLists<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter())
    }
}

/// `echo`'s answer, field for field, with the JSON body as `json::dumps` writes it.
#[derive(serde::Serialize)]
struct Echo<'a> {
    method: &'a str,
    path: &'a str,
    query: Option<&'a MultiDict>,
    query_lists: Option<QueryLists<'a>>,
    uri_params: Option<&'a Map<String, Value>>,
    stage_vars: Option<&'a Map<String, Value>>,
    content_type: Option<&'a str>,
    x_custom: Option<&'a str>,
    raw_body: Cow<'a, str>,
    json_body: Option<DumpedJson>,
}

/// `echo`, its JSON body read as a `DumpedJson` ([`RefappOptions::typed`]).
fn echo_dumped(request: Request) -> Result<Response, Error> {
    let query = request.query_params();
    let echo = Echo {
        method: request.method(),
        path: request.path(),
        query,
        query_lists: query.map(QueryLists),
        uri_params: request.uri_params(),
        stage_vars: request.stage_vars(),
        // Two lookups: `header` answers each without building the map.
        content_type: request.header("content-type"),
        x_custom: request.header("X-Custom"),
        raw_body: raw_str(&request)?,
        json_body: request.json_body_as::<DumpedJson>()?,
    };
    // Written while the request it borrows from is here.
    Ok(Response::json(&echo)?)
}

/// `index`'s answer ([`RefappOptions::typed`]).
#[derive(serde::Serialize)]
struct Hello {
    hello: &'static str,
}

/// `order`'s answer: the two captures, borrowed from the request.
#[derive(serde::Serialize)]
struct Order<'a> {
    user: &'a str,
    order: &'a str,
}

/// `order` answering a struct ([`RefappOptions::typed`]), written while
/// the request its captures borrow from is here.
fn order_typed(request: Request) -> Result<Response, Error> {
    let order = Order {
        user: request.uri_param("user_id").unwrap_or_default(),
        order: request.uri_param("order_id").unwrap_or_default(),
    };
    Ok(Response::json(&order)?)
}

/// A record as `on_queue` answers it.
#[derive(serde::Serialize)]
struct Queued {
    body: String,
    receipt_handle: String,
}

/// `on_queue` answering a list of structs ([`RefappOptions::typed`]), the
/// records taken: each body moves into the answer.
fn on_queue_typed(event: SQSEvent) -> Json<Vec<Queued>> {
    Json(
        event
            .into_iter()
            .map(|r| Queued {
                receipt_handle: r.receipt_handle().to_string(),
                body: r.into_body(),
            })
            .collect(),
    )
}

/// `raw_text`, borrowed from the event when it is the event's own text
/// (not base64): a `str` already, neither copied nor checked again.
fn raw_str(request: &Request) -> Result<Cow<'_, str>, Error> {
    Ok(match request.raw_body()? {
        Cow::Borrowed(_) => Cow::Borrowed(request.body().unwrap_or_default()),
        Cow::Owned(bytes) => Cow::Owned(String::from_utf8(bytes)?),
    })
}

/// `ERRORS[kind]('%s happened' % kind)`.
fn named_error(kind: &str) -> Option<ChaliceViewError> {
    let message = format!("{kind} happened");
    Some(match kind {
        "bad-request" => BadRequestError::new(message).into(),
        "unauthorized" => UnauthorizedError::new(message).into(),
        "forbidden" => ForbiddenError::new(message).into(),
        "not-found" => NotFoundError::new(message).into(),
        "method-not-allowed" => MethodNotAllowedError::new(message).into(),
        "request-timeout" => RequestTimeoutError::new(message).into(),
        "conflict" => ConflictError::new(message).into(),
        "unprocessable" => UnprocessableEntityError::new(message).into(),
        "too-many" => TooManyRequestsError::new(message).into(),
        "view-error" => ChaliceViewError::new(message),
        _ => return None,
    })
}

/// The docstring of `order`, as Python stores it.
const ORDER_DOC: &str = "One order of one user.

    Both path parameters are returned as given, as strings.
    ";

/// `demo_auth`.
fn demo_auth(auth_request: AuthRequest) -> AuthResponse {
    match auth_request.token().unwrap_or("") {
        "allow-all" => AuthResponse::new(["*"], "all-user"),
        "allow-items" => {
            let mut context = Map::new();
            context.insert("role".into(), json!("reader"));
            context.insert("level".into(), json!("2"));
            AuthResponse::new(
                vec![
                    chalice_app::events::authorizer::AuthRouteSpec::from("/items/*"),
                    AuthRoute::new("/secure", ["GET", "POST"]).into(),
                ],
                "items-user",
            )
            .with_context(context)
        }
        "allow-root" => AuthResponse::new(["/"], "root-user"),
        _ => AuthResponse::deny("nobody"),
    }
}

/// What varies between the reference app's runs: `refapp.py` reads
/// `REFAPP_NO_S3` from the environment, the twin takes it as an option.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RefappOptions {
    /// Leave out the S3 handler `on_upload` (`REFAPP_NO_S3=1`): `chalice
    /// package` refuses S3 handlers in SAM templates.
    pub without_s3: bool,
    /// The typed forms chalice-app's docs give for speed, with no
    /// `serde_json::Value` in between: `index` and `order` answer structs
    /// (`order`'s borrowing its captures from the request), `echo` reads the JSON body as a
    /// `DumpedJson` (a body handed back unread), reads its two headers with
    /// `Request::header` (no header map built) and answers a struct, and
    /// `on_queue` answers a list of structs, which Lambda's answer is
    /// written from once. The same answers; the side-by-side bench
    /// against Python Chalice times both forms.
    pub typed: bool,
}

/// Builds the twin app, S3 handler included.
pub fn refapp() -> Chalice {
    refapp_with(RefappOptions::default())
}

/// Builds the twin app with `options`.
pub fn refapp_with(options: RefappOptions) -> Chalice {
    let mut app = Chalice::new("refapp");
    // Websocket handlers are an opt-in feature of Chalice's packaging.
    app.experimental_feature_flags
        .insert("WEBSOCKETS".to_string());
    app.api
        .binary_types
        .push("application/x-refapp-bin".to_string());

    // --- plain routes ---
    let index = Route::new().name("index").doc("Says hello.");
    if options.typed {
        app.route("/", index, |_r: Request| Json(Hello { hello: "world" }));
    } else {
        app.route("/", index, |_r: Request| json!({"hello": "world"}));
    }
    app.route("/text", Route::new().name("text"), |_r: Request| {
        Response::new("plain text").with_header("Content-Type", "text/plain")
    });
    app.route("/string", Route::new().name("string"), |_r: Request| {
        "a bare string"
    });
    app.route(
        "/list",
        Route::new().name("a_list"),
        |_r: Request| json!([1, "two", {"three": 3.5}, null, true]),
    );
    app.route("/number", Route::new().name("number"), |_r: Request| {
        json!(42)
    });
    app.route("/none", Route::new().name("none"), |_r: Request| ());
    app.route(
        "/unicode",
        Route::new().name("unicode"),
        |_r: Request| json!({"greeting": "héllo ✓ 日本", "emoji": "😀"}),
    );

    app.route(
        "/items/{item_id}",
        Route::new().name("item").methods(["GET", "PUT", "DELETE"]),
        |request: Request| {
            let item_id = request.uri_param("item_id").unwrap_or_default().to_string();
            let result: Result<Response, Error> = (|| match request.method() {
                "GET" => {
                    if item_id != "1" {
                        return Err(NotFoundError::new(format!("item {item_id} not found")).into());
                    }
                    Ok(Response::new(json!({"id": "1", "name": "first"})))
                }
                "PUT" => {
                    let stored = request.json_body()?.unwrap_or(Value::Null);
                    Ok(Response::new(json!({"id": item_id, "stored": stored})))
                }
                _ => Ok(Response::new("").with_status(204)),
            })();
            result
        },
    );

    app.route(
        "/items",
        Route::new().name("create_item").methods(["POST"]),
        |request: Request| {
            let body = request.json_body()?;
            let name = match body
                .as_ref()
                .and_then(Value::as_object)
                .and_then(|o| o.get("name"))
            {
                Some(name) => name.clone(),
                None => return Err(BadRequestError::new("name is required").into()),
            };
            Ok::<_, Error>(
                Response::new(json!({"created": name}))
                    .with_status(201)
                    .with_header("Location", "/items/2"),
            )
        },
    );

    let order = Route::new().name("order").doc(ORDER_DOC);
    if options.typed {
        app.route("/users/{user_id}/orders/{order_id}", order, order_typed);
    } else {
        app.route("/users/{user_id}/orders/{order_id}", order, |request: Request| {
            json!({"user": request.uri_param("user_id").unwrap_or_default().to_string(), "order": request.uri_param("order_id").unwrap_or_default().to_string()})
        });
    }

    let echo = Route::new()
        .name("echo")
        .methods(["GET", "POST", "PUT", "PATCH", "DELETE"]);
    if options.typed {
        app.route("/echo", echo, echo_dumped);
    } else {
        app.route(
            "/echo",
            echo,
            |request: Request| -> Result<Json<Value>, Error> {
                let query = request.query_params();
                Ok(Json(json!({
                    "method": request.method(),
                    "path": request.path(),
                    "query": query.map(|q| Value::Object(q.to_dict())),
                    "query_lists": query_lists(query),
                    "uri_params": request.uri_params(),
                    "stage_vars": request.stage_vars(),
                    "content_type": request.headers().get("content-type"),
                    "x_custom": request.headers().get("X-Custom"),
                    "raw_body": raw_text(&request)?,
                    "json_body": request.json_body()?,
                })))
            },
        );
    }

    app.route(
        "/request-dict",
        Route::new().name("request_dict"),
        |request: Request| request.to_dict(),
    );

    app.route(
        "/form",
        Route::new()
            .name("form")
            .methods(["POST"])
            .content_types(["application/x-www-form-urlencoded"]),
        |request: Request| -> Result<Json<Value>, Error> {
            Ok(Json(json!({"raw": raw_text(&request)?})))
        },
    );

    app.route(
        "/any-content",
        Route::new()
            .name("any_content")
            .methods(["POST"])
            .content_types(["application/json", "text/plain"]),
        |request: Request| -> Result<Json<Value>, Error> {
            Ok(Json(json!({"len": request.raw_body()?.len()})))
        },
    );

    app.route(
        "/errors/{kind}",
        Route::new().name("errors"),
        |request: Request| -> Result<Value, Error> {
            let kind = request.uri_param("kind").unwrap_or_default().to_string();
            if let Some(err) = named_error(&kind) {
                return Err(err.into());
            }
            if kind == "empty" {
                return Err(BadRequestError::new("").into());
            }
            Err(Error::msg(format!("unexpected {kind}")))
        },
    );

    app.route("/headers", Route::new().name("headers"), |_r: Request| {
        Response::new(json!({"ok": true}))
            .with_header("X-Single", "one")
            .with_header("X-Multi", vec!["a".to_string(), "b".to_string()])
            .with_header("Set-Cookie", vec!["c1=1".to_string(), "c2=2".to_string()])
            .with_status(202)
    });

    app.route(
        "/status/{code}",
        Route::new().name("status"),
        |request: Request| -> Result<Response, Error> {
            let code: u16 = request
                .uri_param("code")
                .unwrap_or_default()
                .to_string()
                .parse()?;
            Ok(Response::new(json!({"code": code})).with_status(code))
        },
    );

    // --- CORS ---
    app.route(
        "/cors-default",
        Route::new()
            .name("cors_default")
            .methods(["GET", "POST"])
            .cors(true),
        |_r: Request| json!({"cors": "default"}),
    );
    app.route(
        "/cors-custom",
        Route::new()
            .name("cors_custom")
            .methods(["GET", "PUT"])
            .cors(
                CORSConfig::default()
                    .allow_origin("https://example.com")
                    .allow_headers(["X-Special-Header", "X-Another"])
                    .max_age(600)
                    .expose_headers(["X-Exposed", "X-Exposed-Two"])
                    .allow_credentials(true),
            ),
        |_r: Request| json!({"cors": "custom"}),
    );
    app.route(
        "/cors-error",
        Route::new().name("cors_error").cors(true),
        |_r: Request| -> Result<Value, Error> {
            Err(ConflictError::new("conflict with cors").into())
        },
    );

    // --- binary ---
    app.route(
        "/binary-echo",
        Route::new()
            .name("binary_echo")
            .methods(["POST"])
            .content_types(["application/octet-stream"]),
        |request: Request| -> Result<Response, Error> {
            Ok(Response::new(request.raw_body()?.into_owned())
                .with_header("Content-Type", "application/octet-stream"))
        },
    );
    app.route("/png", Route::new().name("png"), |_r: Request| {
        Response::new(b"\x89PNG\r\n\x1a\n\x00\x01\xff".to_vec())
            .with_header("Content-Type", "image/png")
    });
    app.route(
        "/custom-binary",
        Route::new().name("custom_binary"),
        |_r: Request| {
            Response::new(b"\x00\x01\x02refapp".to_vec())
                .with_header("Content-Type", "application/x-refapp-bin")
        },
    );

    // --- authorizers ---
    let auth = app.authorizer(
        "demo_auth",
        AuthorizerConfig::new().ttl_seconds(60),
        demo_auth,
    );
    app.route(
        "/secure",
        Route::new()
            .name("secure")
            .methods(["GET", "POST"])
            .authorizer(&auth),
        |request: Request| json!({"context": request.context().get("authorizer")}),
    );

    // API Gateway enforces these; Chalice only declares them (in the Swagger document).
    let iam_auth = IAMAuthorizer::new();
    let cognito_auth = CognitoUserPoolAuthorizer::new(
        "refapp-pool",
        vec!["arn:aws:cognito-idp:us-west-2:123456789012:userpool/us-west-2_refapp".to_string()],
    )
    .unwrap_or_else(|e| panic!("refapp cognito authorizer: {e}"))
    .header("Authorization")
    .with_scopes(vec!["refapp/read".to_string()]);
    let custom_auth = CustomAuthorizer::new(
        "refapp-custom",
        concat!(
            "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/",
            "arn:aws:lambda:us-west-2:123456789012:function:refapp-auth/invocations"
        ),
    )
    .header("X-Refapp-Token")
    .ttl_seconds(120);
    app.route(
        "/iam",
        Route::new().name("iam_only").authorizer(iam_auth),
        |_r: Request| json!({"auth": "iam"}),
    );
    app.route(
        "/cognito",
        Route::new()
            .name("cognito_only")
            .methods(["GET", "POST"])
            .authorizer(cognito_auth.with_scopes(vec!["refapp/write".to_string()])),
        |_r: Request| json!({"auth": "cognito"}),
    );
    app.route(
        "/custom-auth",
        Route::new().name("custom_only").authorizer(custom_auth),
        |_r: Request| json!({"auth": "custom"}),
    );
    app.route(
        "/api-key",
        Route::new().name("api_key_only").api_key_required(true),
        |_r: Request| json!({"auth": "api-key"}),
    );

    // --- middleware ---
    app.http_middleware(|request: Request, next: HttpNext| async move {
        let mut response = next.run(request).await?;
        response.headers.insert("X-Refapp-Middleware", "http");
        Ok(response)
    });
    app.middleware(EventType::All, |event, next| next.run(event));

    // --- blueprint ---
    let mut bp = Blueprint::new("refapp");
    bp.route(
        "/hello/{name}",
        Route::new().name("bp_hello"),
        |request: Request| json!({"hello": request.uri_param("name").unwrap_or_default().to_string(), "path": request.path()}),
    );
    bp.route(
        "/",
        Route::new().name("bp_root").methods(["POST"]),
        |request: Request| -> Result<Json<Value>, Error> {
            Ok(Json(json!({"bp": "root", "body": request.json_body()?})))
        },
    );
    bp.lambda_function("bp_fn", |event: LambdaFunctionEvent| {
        Json(json!({"bp_function": event.event}))
    });
    app.register_blueprint(&bp, Some("bp_"), Some("/bp"));

    // --- event sources ---
    // CloudFormation cannot configure an existing bucket, so `chalice package`
    // refuses S3 handlers in SAM templates; `without_s3` leaves this one out.
    if !options.without_s3 {
        app.on_s3_event(
            S3EventConfig::new("refapp-bucket")
                .events(["s3:ObjectCreated:*"])
                .prefix("uploads/")
                .suffix(".txt")
                .name("on_upload"),
            |event: S3Event| {
                Json(json!({"bucket": event.bucket(), "key": event.key(), "same_dict": true}))
            },
        );
    }
    app.on_sns_message(
        SNSEventConfig::new("refapp-topic").name("on_message"),
        |event: SNSEvent| Json(json!({"subject": event.subject(), "message": event.message()})),
    );
    let on_queue = SQSEventConfig::new("refapp-queue")
        .batch_size(10)
        .name("on_queue");
    if options.typed {
        app.on_sqs_message(on_queue, on_queue_typed);
    } else {
        app.on_sqs_message(on_queue, |event: SQSEvent| {
            let records: Vec<Value> = event
                .iter()
                .map(|r| json!({"body": r.body(), "receipt_handle": r.receipt_handle()}))
                .collect();
            Json(records)
        });
    }
    let five = Rate::minutes(5).unwrap_or_else(|e| panic!("refapp rate: {e}"));
    app.schedule(ScheduleConfig::new(five).name("every_five_minutes"), |event: CloudWatchEvent| {
        Json(json!({
            "source": event.source(), "detail_type": event.detail_type(), "resources": event.resources(),
            "region": event.region(), "account": event.account(), "time": event.time(),
            "event_id": event.event_id(), "version": event.version(), "detail": event.detail(),
        }))
    });
    let cron = Cron::new(15, 10, "?", "*", "6L", "2002-2005")
        .unwrap_or_else(|e| panic!("refapp cron: {e}"));
    app.schedule(
        ScheduleConfig::new(cron).name("cron_job"),
        |event: CloudWatchEvent| Json(json!({"detail_type": event.detail_type()})),
    );
    app.on_cw_event(
        CloudWatchEventConfig::new(json!({"source": ["aws.ec2"]})).name("on_ec2"),
        |event: CloudWatchEvent| Json(json!({"source": event.source(), "detail": event.detail()})),
    );
    app.lambda_function("plain_fn", |event: LambdaFunctionEvent| {
        Json(json!({"echo": event.event, "function_name": event.context.function_name}))
    });
    app.on_ws_connect("ws_connect", |_e: WebsocketEvent| ());
    app.on_ws_message("ws_message", |_e: WebsocketEvent| ());
    app.on_ws_disconnect("ws_disconnect", |_e: WebsocketEvent| ());
    app
}
