//! The sample app every test module uses: routes with path and query
//! parameters, CORS, binary bodies, a built-in authorizer, and one handler
//! per event source.

use chalice_app::events::cloudwatch::CloudWatchEvent;
use chalice_app::events::dynamodb::DynamoDBEvent;
use chalice_app::events::kinesis::KinesisEvent;
use chalice_app::events::s3::S3Event;
use chalice_app::events::sns::SNSEvent;
use chalice_app::events::sqs::SQSEvent;
use chalice_app::events::websocket::WebsocketEvent;
use chalice_app::{
    AuthRequest, AuthResponse, AuthorizerConfig, BadRequestError, BatchItemFailures, Chalice,
    CloudWatchEventConfig, Error, Json, LambdaFunctionEvent, NotFoundError, Request, Response,
    Route, S3EventConfig, SNSEventConfig, SQSEventConfig, StreamConfig,
};
use chalice_testing::Client;
use serde_json::{json, Map, Value};

/// The environment variable the `/env` route and the `read_env` function
/// report.
pub(crate) const ENV_PROBE: &str = "CHALICE_TESTING_SAMPLE_PROBE";

fn token_auth(request: AuthRequest) -> AuthResponse {
    match request.token().unwrap_or("") {
        "allow" => {
            let mut context = Map::new();
            context.insert("role".into(), json!("admin"));
            AuthResponse::new(["*"], "alice").with_context(context)
        }
        "allow-other" => AuthResponse::new(["/users/*"], "bob"),
        _ => AuthResponse::deny("nobody"),
    }
}

/// Builds the sample app.
pub(crate) fn sample_app() -> Chalice {
    let mut app = Chalice::new("sample");

    app.route("/", Route::new(), |_r: Request| json!({"hello": "world"}));

    app.route(
        "/users/{id}",
        Route::new().methods(["GET", "PUT", "PATCH", "DELETE"]),
        |request: Request| -> Result<Response, Error> {
            let id = request.uri_param("id").unwrap_or_default().to_string();
            if id == "0" {
                return Err(NotFoundError::new(format!("user {id} not found")).into());
            }
            match request.method() {
                "GET" => Ok(Response::new(json!({"id": id}))),
                "DELETE" => Ok(Response::new("").with_status(204)),
                method => Ok(Response::new(
                    json!({"id": id, "method": method, "body": request.json_body()?}),
                )),
            }
        },
    );

    app.route("/search", Route::new(), |request: Request| {
        let query = request.query_params();
        json!({
            "q": query.and_then(|q| q.get("q")),
            "tags": query.map(|q| q.get_all("tag")),
            "empty": query.and_then(|q| q.get("empty")),
        })
    });

    app.route(
        "/items",
        Route::new().methods(["POST"]),
        |request: Request| -> Result<Response, Error> {
            let body = request.json_body()?;
            let Some(name) = body.as_ref().and_then(|b| b.get("name")).cloned() else {
                return Err(BadRequestError::new("name is required").into());
            };
            Ok(Response::new(json!({"created": name}))
                .with_status(201)
                .with_header("Location", "/items/2"))
        },
    );

    app.route(
        "/cors",
        Route::new().methods(["GET", "POST"]).cors(true),
        |_r: Request| json!({"cors": true}),
    );

    app.route(
        "/upload",
        Route::new()
            .methods(["POST"])
            .content_types(["application/octet-stream"]),
        |request: Request| -> Result<Response, Error> {
            Ok(Response::new(request.raw_body()?.into_owned())
                .with_header("Content-Type", "application/octet-stream"))
        },
    );

    app.route("/headers", Route::new(), |_r: Request| {
        Response::new(json!({}))
            .with_header("X-Multi", vec!["a".to_string(), "b".to_string()])
            .with_header("X-Single", "one")
    });

    app.route(
        "/env",
        Route::new(),
        |_r: Request| json!({"value": std::env::var(ENV_PROBE).ok()}),
    );

    app.route("/context", Route::new(), |request: Request| {
        request.context().clone()
    });

    let auth = app.authorizer("token_auth", AuthorizerConfig::new(), token_auth);
    app.route(
        "/secure",
        Route::new().authorizer(&auth),
        |request: Request| json!({"authorizer": request.context().get("authorizer")}),
    );

    app.on_s3_event(
        S3EventConfig::new("uploads").name("on_upload"),
        |event: S3Event| {
            let record = &event.records()[0];
            Json(json!({
                "bucket": event.bucket(),
                "key": event.key(),
                "event_name": record.event_name(),
            }))
        },
    );
    app.on_sns_message(
        SNSEventConfig::new("notes").name("on_note"),
        |event: SNSEvent| Json(json!({"message": event.message(), "subject": event.subject()})),
    );
    app.on_sqs_message(
        SQSEventConfig::new("jobs").name("on_job"),
        |event: SQSEvent| {
            let mut failures = BatchItemFailures::default();
            for record in &event {
                if record.body() == "fail" {
                    failures.fail(record.message_id());
                }
            }
            failures
        },
    );
    app.on_cw_event(
        CloudWatchEventConfig::new(json!({"source": ["aws.ec2"]})).name("on_ec2"),
        |event: CloudWatchEvent| {
            Json(json!({"source": event.source(), "detail": event.detail(), "region": event.region()}))
        },
    );
    app.on_kinesis_record(
        StreamConfig::new("clicks").name("on_click"),
        |event: KinesisEvent| {
            let payloads: Vec<String> = event
                .iter()
                .map(|r| String::from_utf8_lossy(&r.data()).into_owned())
                .collect();
            Json(payloads)
        },
    );
    app.on_dynamodb_record(
        StreamConfig::new("arn:aws:dynamodb:us-west-2:12345:table/Orders/stream/2020")
            .name("on_change"),
        |event: DynamoDBEvent| {
            let names: Vec<&str> = event.iter().map(|r| r.event_name()).collect();
            Json(json!(names))
        },
    );
    app.on_ws_message("ws_message", |event: WebsocketEvent| {
        Json(json!({"body": event.body(), "connection": event.connection_id()}))
    });
    app.lambda_function("read_env", |_e: LambdaFunctionEvent| {
        json!(std::env::var(ENV_PROBE).ok())
    });
    app.lambda_function("read_named_env", |e: LambdaFunctionEvent| {
        let name = e
            .event
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("UNSET");
        json!(std::env::var(name).ok())
    });
    app.lambda_function("whoami", |e: LambdaFunctionEvent| {
        json!({"function_name": e.context.function_name, "version": e.context.function_version})
    });
    app.lambda_function("boom", |_e: LambdaFunctionEvent| -> Value {
        panic!("boom")
    });
    app
}

/// A client for the sample app.
pub(crate) fn client() -> Client {
    Client::new(sample_app())
}

/// The sample app's route templates, for the `*_for` strategies.
pub(crate) fn templates() -> Vec<String> {
    let mut paths: Vec<String> = sample_app()
        .routes()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    paths.dedup();
    paths
}
