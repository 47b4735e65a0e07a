//! A small but real API: items with CRUD routes, a query parameter, CORS, a
//! binary route, a built-in authorizer, and S3 and SQS handlers.
//!
//! ```sh
//! cargo run --example items          # serves on http://127.0.0.1:8000
//! curl -s localhost:8000/items
//! ```
//!
//! Deployed to Lambda, the same binary serves the handler named by
//! `CHALICE_HANDLER` (`api`, `on_upload`, `on_job`), or picks it by the
//! event's shape.
//!
//! The binary also describes itself for deployment, as `chalice package` and
//! `chalice generate-models` do (see `chalice_app::package`):
//!
//! ```sh
//! cargo run --example items -- generate-models      # the Swagger document
//! cargo lambda build --release --output-format zip --example items
//! cargo run --example items -- package --pkg-format terraform --zip <the zip> out/
//! ```
//!
//! A SAM template cannot hold the S3 handler (CloudFormation cannot configure
//! an existing bucket), so for this app `package` refuses the SAM format, as
//! `chalice package` does; without `on_upload` it writes one.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chalice_app::events::s3::S3Event;
use chalice_app::events::sqs::SQSEvent;
use chalice_app::{
    AuthRequest, AuthResponse, AuthorizerConfig, BadRequestError, BatchItemFailures, CORSConfig,
    Chalice, Error, Json, NotFoundError, Request, Response, Route, S3EventConfig, SQSEventConfig,
};
use serde_json::{json, Value};

type Store = Arc<Mutex<BTreeMap<u64, Value>>>;

fn item_id(request: &Request) -> Result<u64, Error> {
    let raw = request.uri_param("id").unwrap_or_default();
    raw.parse()
        .map_err(|_| BadRequestError::new(format!("item id must be a number, got {raw:?}")).into())
}

fn lock(store: &Store) -> std::sync::MutexGuard<'_, BTreeMap<u64, Value>> {
    // A panicking handler cannot leave the map half-written, so a poisoned lock is still usable.
    store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) fn build_app() -> Chalice {
    let mut app = build_app_without_uploads();
    add_upload_handler(&mut app);
    app
}

/// The app without its S3 handler: what a SAM template can hold (`chalice
/// package` refuses S3 handlers there, since CloudFormation cannot configure
/// an existing bucket; the Terraform configuration holds the whole app).
pub(crate) fn build_app_without_uploads() -> Chalice {
    let mut app = Chalice::new("items");
    let store: Store = Arc::new(Mutex::new(BTreeMap::new()));
    lock(&store).insert(1, json!({"id": 1, "name": "first item"}));

    let cors = CORSConfig::default()
        .allow_origin("http://localhost:3000")
        .max_age(600);

    // GET /items?limit=N: the first N items.
    let s = store.clone();
    app.route(
        "/items",
        Route::new().name("list_items").cors(cors.clone()),
        move |request: Request| {
            let limit = match request.query_params().and_then(|q| q.get("limit")) {
                Some(raw) => raw
                    .parse::<usize>()
                    .map_err(|_| BadRequestError::new("limit must be a number"))?,
                None => usize::MAX,
            };
            let items: Vec<Value> = lock(&s).values().take(limit).cloned().collect();
            Ok::<_, Error>(Json(json!({"items": items})))
        },
    );

    // POST /items {"name": ...}: creates an item.
    let s = store.clone();
    app.route(
        "/items",
        Route::new()
            .name("create_item")
            .methods(["POST"])
            .cors(cors.clone()),
        move |request: Request| {
            let body = request.json_body()?.unwrap_or(Value::Null);
            let Some(name) = body.get("name").and_then(Value::as_str) else {
                return Err(BadRequestError::new("name is required").into());
            };
            let mut items = lock(&s);
            let id = items.keys().next_back().copied().unwrap_or(0) + 1;
            let item = json!({"id": id, "name": name});
            items.insert(id, item.clone());
            Ok::<_, Error>(
                Response::new(item)
                    .with_status(201)
                    .with_header("Location", format!("/items/{id}")),
            )
        },
    );

    // GET, PUT, DELETE /items/{id}.
    let s = store.clone();
    app.route(
        "/items/{id}",
        Route::new()
            .name("item")
            .methods(["GET", "PUT", "DELETE"])
            .cors(cors),
        move |request: Request| {
            let id = item_id(&request)?;
            let mut items = lock(&s);
            let response = match request.method() {
                "GET" => match items.get(&id) {
                    Some(item) => Response::new(item.clone()),
                    None => return Err(NotFoundError::new(format!("item {id} not found")).into()),
                },
                "PUT" => {
                    let body = request.json_body()?.unwrap_or(Value::Null);
                    let name = body
                        .get("name")
                        .and_then(Value::as_str)
                        .ok_or(BadRequestError::new("name is required"))?;
                    let item = json!({"id": id, "name": name});
                    items.insert(id, item.clone());
                    Response::new(item)
                }
                _ => match items.remove(&id) {
                    Some(_) => Response::new("").with_status(204),
                    None => return Err(NotFoundError::new(format!("item {id} not found")).into()),
                },
            };
            Ok::<_, Error>(response)
        },
    );

    // A binary route: a 1x1 PNG, sent base64-encoded through API Gateway.
    app.route("/logo.png", Route::new().name("logo"), |_r: Request| {
        const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82";
        Response::new(PNG.to_vec()).with_header("Content-Type", "image/png")
    });

    // A built-in authorizer: the token `allow` may read items and the secret.
    let auth = app.authorizer(
        "token_auth",
        AuthorizerConfig::new().ttl_seconds(60),
        |request: AuthRequest| match request.token() {
            Some("allow") => AuthResponse::new(["/secret", "/items/*"], "demo-user"),
            _ => AuthResponse::deny("anonymous"),
        },
    );
    app.route("/secret", Route::new().name("secret").authorizer(&auth), |request: Request| {
        json!({"principal": request.context().pointer("/authorizer/principalId")})
    });

    // An SQS queue with partial batch failures.
    app.on_sqs_message(
        SQSEventConfig::new("items-jobs")
            .batch_size(10)
            .report_batch_item_failures(true)
            .name("on_job"),
        |event: SQSEvent| {
            let mut failures = BatchItemFailures::default();
            for record in &event {
                if record.json_body::<Value>().is_err() {
                    failures.fail(record.message_id());
                }
            }
            failures
        },
    );
    app
}

/// An S3 handler: a new upload in the `items-uploads` bucket.
fn add_upload_handler(app: &mut Chalice) {
    app.on_s3_event(
        S3EventConfig::new("items-uploads")
            .suffix(".json")
            .name("on_upload"),
        |event: S3Event| {
            tracing::info!(bucket = event.bucket(), key = %event.key(), "new upload");
            Json(json!({"bucket": event.bucket(), "key": event.key()}))
        },
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Error> {
    chalice_app::run(build_app()).await
}
