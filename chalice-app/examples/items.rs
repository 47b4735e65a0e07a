//! A small but real API: items with CRUD routes whose bodies, path and query
//! parameters are typed models (`Item`, `NewItem`), CORS, a binary route, a
//! built-in authorizer, and S3 and SQS handlers.
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
//! cargo run --example items -- generate-models --openapi   # the OpenAPI 3.1 document
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
use chalice_app::models::{Path, Query};
use chalice_app::{
    json, AuthRequest, AuthResponse, AuthorizerConfig, BatchItemFailures, CORSConfig, Chalice,
    Error, Json, NotFoundError, Request, Response, Route, S3EventConfig, SQSEventConfig,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An item as the API answers with it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct Item {
    /// The item's number, given by the API.
    id: u64,
    /// What the item is called.
    name: String,
}

/// What creating or replacing an item takes. Unknown fields are refused,
/// so a misspelt field is a 400 rather than silently dropped.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewItem {
    /// What the item is called.
    name: String,
}

/// A page of items.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ItemList {
    items: Vec<Item>,
}

/// `GET /items`'s query string.
#[derive(Debug, Deserialize, JsonSchema)]
pub(crate) struct ListQuery {
    /// At most this many items (default: all).
    limit: Option<usize>,
}

type Store = Arc<Mutex<BTreeMap<u64, Item>>>;

fn lock(store: &Store) -> std::sync::MutexGuard<'_, BTreeMap<u64, Item>> {
    // A panicking handler cannot leave the map half-written, so a poisoned lock is still usable.
    store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn not_found(id: u64) -> Error {
    NotFoundError::new(format!("item {id} not found")).into()
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
    lock(&store).insert(
        1,
        Item {
            id: 1,
            name: "first item".to_string(),
        },
    );

    let cors = CORSConfig::default()
        .allow_origin("http://localhost:3000")
        .max_age(600);

    // GET /items?limit=N: the first N items. `?limit=x` answers 400.
    let s = store.clone();
    app.route(
        "/items",
        Route::new()
            .name("list_items")
            .cors(cors.clone())
            .response::<ItemList>()
            .doc("The items, in the order of their ids."),
        move |_request: Request, Query(query): Query<ListQuery>| {
            let limit = query.limit.unwrap_or(usize::MAX);
            let items = lock(&s).values().take(limit).cloned().collect();
            Json(ItemList { items })
        },
    );

    // POST /items {"name": ...}: creates an item. A body that is not a
    // `NewItem` answers 400 naming the field, before this runs.
    let s = store.clone();
    app.route(
        "/items",
        Route::new()
            .name("create_item")
            .methods(["POST"])
            .cors(cors.clone())
            .response_with_status::<Item>(201)
            .doc("Creates an item."),
        move |_request: Request, Json(new): Json<NewItem>| {
            let mut items = lock(&s);
            let id = items.keys().next_back().copied().unwrap_or(0) + 1;
            let item = Item { id, name: new.name };
            items.insert(id, item.clone());
            Ok::<_, Error>(
                Response::new(serde_json::to_value(&item)?)
                    .with_status(201)
                    .with_header("Location", format!("/items/{id}")),
            )
        },
    );

    // GET /items/{id}. An id that is not a number answers 400.
    let s = store.clone();
    app.route(
        "/items/{id}",
        Route::new()
            .name("get_item")
            .cors(cors.clone())
            .response::<Item>(),
        move |_request: Request, Path(id): Path<u64>| match lock(&s).get(&id) {
            Some(item) => Ok(Json(item.clone())),
            None => Err(not_found(id)),
        },
    );

    // PUT /items/{id} {"name": ...}: replaces (or creates) an item.
    let s = store.clone();
    app.route(
        "/items/{id}",
        Route::new()
            .name("put_item")
            .methods(["PUT"])
            .cors(cors.clone())
            .response::<Item>(),
        move |_request: Request, Path(id): Path<u64>, Json(new): Json<NewItem>| {
            let item = Item { id, name: new.name };
            lock(&s).insert(id, item.clone());
            Json(item)
        },
    );

    // DELETE /items/{id}.
    let s = store.clone();
    app.route(
        "/items/{id}",
        Route::new()
            .name("delete_item")
            .methods(["DELETE"])
            .cors(cors),
        move |_request: Request, Path(id): Path<u64>| match lock(&s).remove(&id) {
            Some(_) => Ok(Response::new("").with_status(204)),
            None => Err(not_found(id)),
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
