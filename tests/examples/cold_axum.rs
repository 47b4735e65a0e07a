//! The peer of the cold-start bench (`scripts/cold-start.sh`): the HTTP API
//! of the `items` example (`chalice-app/examples/items.rs`) written with
//! lambda_http + axum, as a Lambda user would otherwise write it. Same
//! routes, same typed models and answers; CORS headers added by a layer, as
//! Chalice's `CORSConfig` adds them; the authorizer's check made in the view,
//! since API Gateway would call a separate function for it. The `items`
//! example's S3 and SQS handlers have no counterpart: lambda_http serves HTTP
//! events only.
//!
//! It runs on the same tokio runtime as `items` (multi-threaded, two
//! workers) and installs a `tracing` subscriber as `items` does (the one
//! `lambda_runtime`'s own `tracing` module sets up: no timestamps, which
//! CloudWatch adds), so both start the same machinery.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Serialize)]
struct Item {
    id: u64,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewItem {
    name: String,
}

#[derive(Debug, Serialize)]
struct ItemList {
    items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    limit: Option<usize>,
}

type Store = Arc<Mutex<BTreeMap<u64, Item>>>;

fn lock(store: &Store) -> MutexGuard<'_, BTreeMap<u64, Item>> {
    // As in `items`: a panicking view cannot leave the map half-written.
    store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Chalice's `NotFoundError` body, so both apps answer alike.
fn not_found(id: u64) -> Response {
    let body = json!({"Code": "NotFoundError", "Message": format!("item {id} not found")});
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

async fn list_items(State(store): State<Store>, Query(query): Query<ListQuery>) -> Json<ItemList> {
    let limit = query.limit.unwrap_or(usize::MAX);
    let items = lock(&store).values().take(limit).cloned().collect();
    Json(ItemList { items })
}

async fn create_item(State(store): State<Store>, Json(new): Json<NewItem>) -> Response {
    let mut items = lock(&store);
    let id = items.keys().next_back().copied().unwrap_or(0) + 1;
    let item = Item { id, name: new.name };
    items.insert(id, item.clone());
    let location = [(header::LOCATION, format!("/items/{id}"))];
    (StatusCode::CREATED, location, Json(item)).into_response()
}

async fn get_item(State(store): State<Store>, Path(id): Path<u64>) -> Response {
    match lock(&store).get(&id) {
        Some(item) => Json(item.clone()).into_response(),
        None => not_found(id),
    }
}

async fn put_item(
    State(store): State<Store>,
    Path(id): Path<u64>,
    Json(new): Json<NewItem>,
) -> Json<Item> {
    let item = Item { id, name: new.name };
    lock(&store).insert(id, item.clone());
    Json(item)
}

async fn delete_item(State(store): State<Store>, Path(id): Path<u64>) -> Response {
    match lock(&store).remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(id),
    }
}

async fn logo() -> impl IntoResponse {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82";
    ([(header::CONTENT_TYPE, "image/png")], PNG)
}

async fn secret(headers: HeaderMap) -> Response {
    match headers.get(header::AUTHORIZATION) {
        Some(token) if token == "allow" => Json(json!({"principal": "demo-user"})).into_response(),
        _ => (
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "Unauthorized"})),
        )
            .into_response(),
    }
}

/// The headers `CORSConfig::default().allow_origin(..).max_age(600)` adds.
async fn add_cors(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        ("access-control-allow-origin", "http://localhost:3000"),
        (
            "access-control-allow-headers",
            "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key",
        ),
        ("access-control-max-age", "600"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

fn app() -> Router {
    let store: Store = Arc::new(Mutex::new(BTreeMap::new()));
    lock(&store).insert(
        1,
        Item {
            id: 1,
            name: "first item".to_string(),
        },
    );
    let items = Router::new()
        .route("/items", get(list_items).post(create_item))
        .route(
            "/items/{id}",
            get(get_item).put(put_item).delete(delete_item),
        )
        .layer(axum::middleware::map_response(add_cors))
        .with_state(store);
    items
        .route("/logo.png", get(logo))
        .route("/secret", get(secret))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), lambda_http::Error> {
    tracing_subscriber::fmt()
        .with_ansi(false)
        .with_target(false)
        .without_time()
        .init();
    lambda_http::run(app()).await
}
