//! Dispatch benches: the same API Gateway REST events through chalice-app,
//! through lambda_http + axum (the stack users would otherwise pick), and
//! through the floor, `serde_json` alone.
//!
//! Every variant starts from the event's bytes and ends with the response's
//! bytes, as Lambda hands them over and takes them back:
//!
//! - `chalice`: bytes → the service stack `chalice_app::run` builds
//!   ([`OnLambda`]: `BodyHandover`, `lambda_runtime`'s read of the payload,
//!   the [`LambdaService`]) → bytes (the runtime writes the [`Reply`]): the
//!   path `run` takes;
//! - `axum`: bytes → `lambda_http`'s `LambdaRequest` → `http::Request` → an
//!   axum `Router` with the same routes → the API Gateway proxy response
//!   `lambda_http` writes → bytes (the path `lambda_http::run` takes);
//! - `floor`: bytes → `Value` → a small JSON response → bytes: what no
//!   framework can go below.
//!
//! Each iteration runs on a current-thread tokio runtime (`block_on` in all
//! three, so they pay the same) and checks the response's status code.
//!
//! `route_lookup/N/chalice` dispatches a REST event to one of N routes (REST
//! events name their route in `requestContext.resourcePath`, so this is a map
//! lookup); `route_lookup_by_path/N/chalice` sends an HTTP API (payload 2.0)
//! event, which is matched by path against the route trie.
//!
//! `app_build/N/<impl>` builds an app of N routes (`/r{i}/items/{id}`, each
//! answering its capture as JSON) in chalice-app and as an axum `Router`:
//! what a Lambda binary does once, before its first invocation, and so part
//! of every cold start. What is built is dropped outside the timing, as a
//! Lambda binary never drops its app.
//!
//! `typed_body/post_10kb/typed` and `typed_body/post_10kb/json_body_as`
//! dispatch the same 10 KB REST POST to two routes whose views read the body
//! into the same struct and answer the same summary of it: one takes
//! `Json<Page>` (a typed model, read before the view runs), the other calls
//! `json_body_as::<Page>()` itself. The typed route must cost no more.
//!
//! `json_body/echo_14kb/*` and `json_body/round_trip_10kb/*` do the work a
//! JSON API does, in each stack the way its users write it: the echo reads
//! a 14 KB body into a `serde_json::Value` and answers it (chalice-app:
//! `json_body()` returned as the view's `Value`; axum: `Json<Value>` in and
//! out); the round trip reads the 10 KB page into a struct, changes it and
//! answers it (chalice-app: a `Json<Page>` model and `Json(page)`; axum:
//! `Json<Page>` in and out). Their floor does the same JSON work with
//! serde_json alone: parse the event, parse the body, write the answer,
//! write the proxy response. `json_body/echo_14kb/chalice_dumped` echoes the
//! same body read as `DumpedJson` (`json_body_as::<DumpedJson>()`), the form
//! chalice-app's docs give for a body handed back unread: no `Value` at all.
//!
//! ```sh
//! cargo bench -p chalice-tests --bench dispatch -- --warm-up-time 1 --measurement-time 3
//! ```

// A bench whose fixtures are missing or whose results are wrong must stop at
// once and loudly: that is what these unwraps and expects are for.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::response::Response as AxumResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use chalice_app::{
    BadRequestError, CORSConfig, Chalice, DumpedJson, Error, LambdaService, Reply, Request, Route,
    API_HANDLER,
};
use chalice_tests::on_lambda::OnLambda;
use criterion::{BenchmarkId, Criterion};
use http::header::{HeaderName, HeaderValue};
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Context, LambdaEvent};
use serde_json::{json, Value};
use tokio::runtime::Runtime;
use tower::{Service, ServiceExt};

/// The real-event fixtures kept in the repository.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/fixtures/");

/// A real REST API proxy request (Postman through CloudFront): its headers,
/// identity and request context are kept; method, path, parameters and body
/// are set per case.
const REST: &str = "apigw_rest/aws-lambda-rust-runtime__example-apigw-request.json";

/// A real HTTP API (payload 2.0) request, for matching by path.
const HTTP_API: &str =
    "apigw_http/aws-lambda-rust-runtime__example-apigw-v2-request-no-authorizer.json";

/// The route counts of the route lookup benches.
const ROUTE_COUNTS: [usize; 4] = [10, 100, 1_000, 10_000];

fn fixture(name: &str) -> Value {
    let path = format!("{FIXTURES}{name}");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {path}: {e}"));
    serde_json::from_slice(&bytes).unwrap()
}

/// What one REST request is: method, route template, concrete path, path
/// parameters, query and body.
struct Rest<'a> {
    method: &'a str,
    resource: &'a str,
    path: &'a str,
    params: Value,
    query: &'a [(&'a str, &'a str)],
    body: Option<String>,
}

/// The REST fixture rewritten as `req`, as API Gateway would send it.
fn rest_event(req: &Rest<'_>) -> Vec<u8> {
    let mut event = fixture(REST);
    event["httpMethod"] = json!(req.method);
    event["resource"] = json!(req.resource);
    event["path"] = json!(req.path);
    event["requestContext"]["httpMethod"] = json!(req.method);
    event["requestContext"]["resourcePath"] = json!(req.resource);
    event["requestContext"]["path"] = json!(format!("/testStage{}", req.path));
    event["pathParameters"] = req.params.clone();
    if req.query.is_empty() {
        event["queryStringParameters"] = Value::Null;
        event["multiValueQueryStringParameters"] = Value::Null;
    } else {
        let single: serde_json::Map<String, Value> = req
            .query
            .iter()
            .map(|(k, v)| ((*k).to_string(), json!(v)))
            .collect();
        let multi: serde_json::Map<String, Value> = req
            .query
            .iter()
            .map(|(k, v)| ((*k).to_string(), json!([v])))
            .collect();
        event["queryStringParameters"] = Value::Object(single);
        event["multiValueQueryStringParameters"] = Value::Object(multi);
    }
    event["body"] = req.body.as_ref().map_or(Value::Null, |b| json!(b));
    serde_json::to_vec(&event).unwrap()
}

/// The HTTP API fixture rewritten as a GET of `path`.
fn http_api_event(path: &str) -> Vec<u8> {
    let mut event = fixture(HTTP_API);
    event["rawPath"] = json!(path);
    event["requestContext"]["http"]["path"] = json!(path);
    event["requestContext"]["http"]["method"] = json!("GET");
    serde_json::to_vec(&event).unwrap()
}

/// A JSON document of at least 10 KiB: a page of catalogue items.
fn ten_kb_json() -> String {
    let mut items = Vec::new();
    let mut doc = json!({});
    for i in 0.. {
        items.push(json!({
            "id": i,
            "name": format!("item number {i}"),
            "price": 10.5 + f64::from(i),
            "tags": ["catalogue", "bench", format!("tag-{}", i % 7)],
            "in_stock": i % 3 != 0,
        }));
        doc = json!({"page": 1, "items": items});
        if doc.to_string().len() >= 10 * 1024 {
            break;
        }
    }
    doc.to_string()
}

/// The CORS headers Chalice's `CORSConfig::default()` adds, which the axum
/// twin adds with a response middleware.
fn cors_headers() -> Vec<(HeaderName, HeaderValue)> {
    CORSConfig::default()
        .get_access_control_headers()
        .into_iter()
        .map(|(name, value)| {
            (
                name.parse::<HeaderName>().unwrap(),
                value.parse::<HeaderValue>().unwrap(),
            )
        })
        .collect()
}

/// The bench's API in chalice-app.
fn chalice_app() -> Arc<Chalice> {
    let mut app = Chalice::new("bench");
    app.route(
        "/items/{id}",
        Route::new().methods(["GET"]),
        |req: Request| {
            let id = req
                .uri_params()
                .and_then(|p| p.get("id"))
                .and_then(Value::as_str);
            let verbose = req.query_params().and_then(|q| q.get("verbose")) == Some("true");
            json!({"id": id, "verbose": verbose})
        },
    );
    // The view reads the body without parsing it: parsing 10 KB of JSON
    // costs the same in every stack and would hide the dispatch cost.
    app.route("/items", Route::new().methods(["POST"]), |req: Request| {
        let received = req.raw_body().map(|b| b.len()).unwrap_or(0);
        json!({"received": received})
    });
    app.route(
        "/cors",
        Route::new().cors(true),
        |_req: Request| json!({"cors": true}),
    );
    Arc::new(app)
}

/// The same API in axum.
fn axum_app() -> Router {
    let cors = Arc::new(cors_headers());
    let add_cors = move |mut response: AxumResponse| {
        let cors = Arc::clone(&cors);
        async move {
            for (name, value) in cors.iter() {
                response.headers_mut().insert(name.clone(), value.clone());
            }
            response
        }
    };
    Router::new()
        .route(
            "/items/{id}",
            get(
                |Path(id): Path<String>, Query(q): Query<HashMap<String, String>>| async move {
                    let verbose = q.get("verbose").map(String::as_str) == Some("true");
                    Json(json!({"id": id, "verbose": verbose}))
                },
            ),
        )
        .route(
            "/items",
            post(|body: Bytes| async move { Json(json!({"received": body.len()})) }),
        )
        .route(
            "/cors",
            get(|| async { Json(json!({"cors": true})) })
                .layer(axum::middleware::map_response(add_cors)),
        )
}

/// The 10 KB document of [`ten_kb_json`], as a typed model.
#[derive(serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
struct Page {
    page: u32,
    items: Vec<CatalogueItem>,
}

/// One item of [`Page`].
#[derive(serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
struct CatalogueItem {
    id: u64,
    name: String,
    price: f64,
    tags: Vec<String>,
    in_stock: bool,
}

/// What both typed-body views answer: a summary that reads every field.
fn page_summary(page: &Page) -> Value {
    let in_stock = page.items.iter().filter(|i| i.in_stock).count();
    let total: f64 = page.items.iter().map(|i| i.price).sum();
    let names: usize = page.items.iter().map(|i| i.name.len()).sum();
    let tags: usize = page.items.iter().map(|i| i.tags.len()).sum();
    let ids: u64 = page.items.iter().map(|i| i.id).sum();
    json!({"page": page.page, "items": page.items.len(), "in_stock": in_stock, "total": total, "names": names, "tags": tags, "ids": ids})
}

/// The typed-body bench's app: the same view on `/typed` (a `Json<Page>`
/// model) and on `/by-hand` (`json_body_as::<Page>()` in the view).
fn typed_body_app() -> Arc<Chalice> {
    let mut app = Chalice::new("typed");
    app.route(
        "/typed",
        Route::new().methods(["POST"]),
        |_req: Request, chalice_app::Json(page): chalice_app::Json<Page>| page_summary(&page),
    );
    app.route(
        "/by-hand",
        Route::new().methods(["POST"]),
        |req: Request| {
            let page = req
                .json_body_as::<Page>()?
                .ok_or_else(|| BadRequestError::new("a body is required"))?;
            Ok::<_, Error>(page_summary(&page))
        },
    );
    Arc::new(app)
}

/// A JSON document of about 14 KB: 220 small objects.
fn fourteen_kb_json() -> String {
    let items: Vec<Value> = (0..220)
        .map(|i| json!({"id": i, "name": format!("item {i}"), "tags": ["x", "yz"], "ok": i % 2 == 0}))
        .collect();
    json!({"items": items}).to_string()
}

/// What the round trip changes in a page before answering it.
fn turn_page(page: &mut Page) {
    page.page += 1;
    for item in &mut page.items {
        item.in_stock = !item.in_stock;
    }
}

/// The JSON-body bench's app in chalice-app.
fn json_body_app() -> Arc<Chalice> {
    let mut app = Chalice::new("json");
    app.route("/echo", Route::new().methods(["POST"]), |req: Request| {
        Ok::<_, Error>(req.json_body()?.unwrap_or_default())
    });
    app.route(
        "/echo-dumped",
        Route::new().methods(["POST"]),
        |req: Request| Ok::<_, Error>(chalice_app::Json(req.json_body_as::<DumpedJson>()?)),
    );
    app.route(
        "/round-trip",
        Route::new().methods(["POST"]),
        |_req: Request, chalice_app::Json(mut page): chalice_app::Json<Page>| {
            turn_page(&mut page);
            chalice_app::Json(page)
        },
    );
    Arc::new(app)
}

/// The same routes in axum.
fn json_body_axum() -> Router {
    Router::new()
        .route("/echo", post(|Json(v): Json<Value>| async move { Json(v) }))
        .route(
            "/round-trip",
            post(|Json(mut page): Json<Page>| async move {
                turn_page(&mut page);
                Json(page)
            }),
        )
}

/// The floor of the JSON-body cases: the event parsed, its body read as
/// `T`, changed by `change`, written, and the proxy response written.
fn json_floor<T: serde::de::DeserializeOwned + serde::Serialize>(
    bytes: &[u8],
    change: impl FnOnce(&mut T),
) -> (u16, Vec<u8>) {
    #[derive(serde::Deserialize)]
    struct Event<'a> {
        #[serde(borrow)]
        body: std::borrow::Cow<'a, str>,
    }
    let event: Event<'_> = serde_json::from_slice(bytes).unwrap();
    let mut value: T = serde_json::from_str(&event.body).unwrap();
    change(&mut value);
    let body = serde_json::to_string(&value).unwrap();
    let response = json!({
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": body,
    });
    (200, serde_json::to_vec(&response).unwrap())
}

/// The service stack `chalice_app::run` serves `app`'s HTTP API with on
/// Lambda.
fn service(app: &Arc<Chalice>) -> OnLambda {
    OnLambda::new(LambdaService::new(Arc::clone(app)).with_handler(Some(API_HANDLER)))
}

/// An app with `n` routes `/r{i}/items/{id}`.
fn chalice_app_with_routes(n: usize) -> Arc<Chalice> {
    let mut app = Chalice::new("routes");
    for i in 0..n {
        app.route(
            &format!("/r{i}/items/{{id}}"),
            Route::new().name(format!("r{i}")),
            |req: Request| json!({"id": req.uri_param("id")}),
        );
    }
    Arc::new(app)
}

/// A REST `GET` of `/r{n/2}/items/7`: the route from the middle of the
/// apps of [`chalice_app_with_routes`] and [`axum_router_with_routes`].
fn middle_route_event(n: usize) -> Vec<u8> {
    let i = n / 2;
    rest_event(&Rest {
        method: "GET",
        resource: &format!("/r{i}/items/{{id}}"),
        path: &format!("/r{i}/items/7"),
        params: json!({"id": "7"}),
        query: &[],
        body: None,
    })
}

/// The axum `Router` of [`chalice_app_with_routes`]: the same paths and
/// answers.
fn axum_router_with_routes(n: usize) -> Router {
    let mut router = Router::new();
    for i in 0..n {
        router = router.route(
            &format!("/r{i}/items/{{id}}"),
            get(|Path(id): Path<String>| async move { Json(json!({"id": id})) }),
        );
    }
    router
}

/// The three ways to turn event bytes into response bytes, each returning the
/// status code it answered with and the bytes.
struct Stacks {
    rt: Runtime,
    chalice: Arc<Chalice>,
    axum: Adapter<'static, AxumResponse, Router>,
    /// The context of every invocation, as `lambda_runtime` makes one.
    lambda_context: Context,
}

impl Stacks {
    fn new() -> Self {
        Stacks {
            rt: tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap(),
            chalice: chalice_app(),
            // What `lambda_http::run` wraps the service in: request origin,
            // `http::Request` conversion, and the proxy response it writes.
            axum: Adapter::from(axum_app()),
            lambda_context: Context::default(),
        }
    }

    fn chalice(&self, service: &mut OnLambda, bytes: &[u8]) -> (u16, Vec<u8>) {
        let reply = self
            .rt
            .block_on(service.call(bytes, self.lambda_context.clone()))
            .unwrap();
        let Reply::Proxy(proxy) = &reply else {
            panic!("an HTTP event is answered with a proxy response");
        };
        (proxy.status_code(), serde_json::to_vec(&reply).unwrap())
    }

    fn axum(&mut self, bytes: &[u8]) -> (u16, Vec<u8>) {
        let Stacks {
            rt,
            axum,
            lambda_context,
            ..
        } = self;
        Self::axum_with(rt, axum, lambda_context, bytes)
    }

    /// What [`axum`](Self::axum) does, through any router's adapter.
    fn axum_with(
        rt: &Runtime,
        service: &mut Adapter<'static, AxumResponse, Router>,
        lambda_context: &Context,
        bytes: &[u8],
    ) -> (u16, Vec<u8>) {
        let request: LambdaRequest = serde_json::from_slice(bytes).unwrap();
        let event = LambdaEvent::new(request, lambda_context.clone());
        let response = rt
            .block_on(async { service.ready().await?.call(event).await })
            .unwrap_or_else(|never| match never {});
        let out = serde_json::to_vec(&response).unwrap();
        (status_prefix(&out), out)
    }

    fn floor(&self, bytes: &[u8]) -> (u16, Vec<u8>) {
        self.rt.block_on(async {
            let event: Value = serde_json::from_slice(bytes).unwrap();
            let route = event
                .pointer("/requestContext/resourcePath")
                .and_then(Value::as_str);
            let status = match route {
                Some("/items/{id}" | "/items" | "/cors") => 200,
                _ => 404,
            };
            let response = json!({
                "statusCode": status,
                "headers": {"Content-Type": "application/json"},
                "body": "{\"ok\":true}",
            });
            (status, serde_json::to_vec(&response).unwrap())
        })
    }
}

/// The status code of a proxy response that starts with it, as the ones
/// `lambda_http` writes do (`{"statusCode":200,...`); 0 otherwise.
fn status_prefix(out: &[u8]) -> u16 {
    out.strip_prefix(br#"{"statusCode":"#)
        .map(|rest| {
            rest.iter()
                .take_while(|b| b.is_ascii_digit())
                .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'))
        })
        .unwrap_or(0)
}

/// The JSON a proxy response's `body` holds.
fn body_json(out: &[u8]) -> Value {
    let response: Value = serde_json::from_slice(out).unwrap();
    serde_json::from_str(response["body"].as_str().unwrap()).unwrap()
}

/// One dispatch case and the status each stack must answer.
struct Case {
    name: &'static str,
    event: Vec<u8>,
    chalice: u16,
    axum: u16,
    floor: u16,
}

fn cases() -> Vec<Case> {
    let get_param = rest_event(&Rest {
        method: "GET",
        resource: "/items/{id}",
        path: "/items/42",
        params: json!({"id": "42"}),
        query: &[("verbose", "true")],
        body: None,
    });
    let post = rest_event(&Rest {
        method: "POST",
        resource: "/items",
        path: "/items",
        params: Value::Null,
        query: &[],
        body: Some(ten_kb_json()),
    });
    let unknown = rest_event(&Rest {
        method: "GET",
        resource: "/nowhere",
        path: "/nowhere",
        params: Value::Null,
        query: &[],
        body: None,
    });
    let cors = rest_event(&Rest {
        method: "GET",
        resource: "/cors",
        path: "/cors",
        params: Value::Null,
        query: &[],
        body: None,
    });
    vec![
        Case {
            name: "get_param",
            event: get_param,
            chalice: 200,
            axum: 200,
            floor: 200,
        },
        Case {
            name: "post_10kb",
            event: post,
            chalice: 200,
            axum: 200,
            floor: 200,
        },
        // Chalice answers a resource path it does not know with 405 (its
        // route table is a `defaultdict`, so the path has no methods);
        // axum's router with 404.
        Case {
            name: "unknown_route",
            event: unknown,
            chalice: 405,
            axum: 404,
            floor: 404,
        },
        Case {
            name: "cors",
            event: cors,
            chalice: 200,
            axum: 200,
            floor: 200,
        },
    ]
}

fn dispatch(c: &mut Criterion) {
    let mut stacks = Stacks::new();
    let mut service = service(&stacks.chalice);
    for case in cases() {
        // Outside the timed loop: both stacks give the same answer.
        let (status, ours) = stacks.chalice(&mut service, &case.event);
        assert_eq!(status, case.chalice, "{}: chalice status", case.name);
        let (status, theirs) = stacks.axum(&case.event);
        assert_eq!(status, case.axum, "{}: axum status", case.name);
        if case.chalice == 200 {
            assert_eq!(
                body_json(&ours),
                body_json(&theirs),
                "{}: bodies differ",
                case.name
            );
        }
        if case.name == "cors" {
            let ours: Value = serde_json::from_slice(&ours).unwrap();
            let theirs: Value = serde_json::from_slice(&theirs).unwrap();
            let origin = "Access-Control-Allow-Origin";
            assert_eq!(ours["headers"][origin], "*");
            assert_eq!(
                theirs["multiValueHeaders"][origin.to_ascii_lowercase()],
                json!(["*"])
            );
        }

        let mut group = c.benchmark_group(format!("dispatch/{}", case.name));
        let event = case.event.as_slice();
        group.bench_function("chalice", |b| {
            b.iter(|| {
                let (status, out) = stacks.chalice(&mut service, black_box(event));
                assert_eq!(status, case.chalice);
                out
            })
        });
        group.bench_function("axum", |b| {
            b.iter(|| {
                let (status, out) = stacks.axum(black_box(event));
                assert_eq!(status, case.axum);
                out
            })
        });
        group.bench_function("floor", |b| {
            b.iter(|| {
                let (status, out) = stacks.floor(black_box(event));
                assert_eq!(status, case.floor);
                out
            })
        });
        group.finish();
    }
}

fn route_lookup(c: &mut Criterion) {
    let stacks = Stacks::new();
    let mut by_resource = c.benchmark_group("route_lookup");
    let mut apps = Vec::new();
    for n in ROUTE_COUNTS {
        let app = chalice_app_with_routes(n);
        let mut service = service(&app);
        // A route from the middle of the table, so no lookup gets lucky.
        let event = middle_route_event(n);
        let (status, out) = stacks.chalice(&mut service, &event);
        assert_eq!(status, 200);
        assert_eq!(body_json(&out), json!({"id": "7"}));
        by_resource.bench_with_input(
            BenchmarkId::new(n.to_string(), "chalice"),
            &event,
            |b, event| {
                b.iter(|| {
                    let (status, out) = stacks.chalice(&mut service, black_box(event));
                    assert_eq!(status, 200);
                    out
                })
            },
        );
        apps.push((n, service));
    }
    by_resource.finish();

    let mut by_path = c.benchmark_group("route_lookup_by_path");
    for (n, service) in apps.iter_mut() {
        let n = *n;
        let i = n / 2;
        let event = http_api_event(&format!("/r{i}/items/7"));
        let (status, out) = stacks.chalice(service, &event);
        assert_eq!(status, 200);
        assert_eq!(body_json(&out), json!({"id": "7"}));
        by_path.bench_with_input(
            BenchmarkId::new(n.to_string(), "chalice"),
            &event,
            |b, event| {
                b.iter(|| {
                    let (status, out) = stacks.chalice(service, black_box(event));
                    assert_eq!(status, 200);
                    out
                })
            },
        );
    }
    by_path.finish();
}

/// The route counts of the app building bench: a small app and a large one.
const BUILD_COUNTS: [usize; 2] = [10, 100];

fn app_build(c: &mut Criterion) {
    let stacks = Stacks::new();
    let mut group = c.benchmark_group("app_build");
    for n in BUILD_COUNTS {
        // Both stacks answer the middle route alike.
        let event = middle_route_event(n);
        let (status, out) = stacks.chalice(&mut service(&chalice_app_with_routes(n)), &event);
        assert_eq!((status, body_json(&out)), (200, json!({"id": "7"})));
        let mut axum = Adapter::from(axum_router_with_routes(n));
        let (status, out) =
            Stacks::axum_with(&stacks.rt, &mut axum, &stacks.lambda_context, &event);
        assert_eq!((status, body_json(&out)), (200, json!({"id": "7"})));

        group.bench_function(BenchmarkId::new(n.to_string(), "chalice"), |b| {
            b.iter_with_large_drop(|| {
                let app = chalice_app_with_routes(black_box(n));
                assert_eq!(app.handler_names().len(), n);
                app
            })
        });
        group.bench_function(BenchmarkId::new(n.to_string(), "axum"), |b| {
            b.iter_with_large_drop(|| {
                let router = axum_router_with_routes(black_box(n));
                assert!(router.has_routes());
                router
            })
        });
    }
    group.finish();
}

fn typed_body(c: &mut Criterion) {
    let stacks = Stacks::new();
    let mut service = service(&typed_body_app());
    // The fixture's `Content-Type` is `application/json`, which
    // `json_body_as` needs to read the body at all.
    let event = |resource: &str| {
        rest_event(&Rest {
            method: "POST",
            resource,
            path: resource,
            params: Value::Null,
            query: &[],
            body: Some(ten_kb_json()),
        })
    };
    let typed = event("/typed");
    let by_hand = event("/by-hand");
    // Outside the timed loop: both views read the whole page and agree.
    let (status, ours) = stacks.chalice(&mut service, &typed);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&ours));
    let (status, theirs) = stacks.chalice(&mut service, &by_hand);
    assert_eq!(status, 200);
    let summary = body_json(&ours);
    assert_eq!(summary, body_json(&theirs));
    assert!(summary["items"].as_u64().unwrap() > 50, "{summary}");

    let mut group = c.benchmark_group("typed_body/post_10kb");
    for (name, event) in [("typed", &typed), ("json_body_as", &by_hand)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let (status, out) = stacks.chalice(&mut service, black_box(event));
                assert_eq!(status, 200);
                out
            })
        });
    }
    group.finish();
}

fn json_body(c: &mut Criterion) {
    let mut stacks = Stacks::new();
    stacks.axum = Adapter::from(json_body_axum());
    let mut service = service(&json_body_app());
    let event = |resource: &str, body: String| {
        rest_event(&Rest {
            method: "POST",
            resource,
            path: resource,
            params: Value::Null,
            query: &[],
            body: Some(body),
        })
    };
    type Floor = fn(&[u8]) -> (u16, Vec<u8>);
    // Each case's event, its floor, and the same body sent to the view
    // that reads it as `DumpedJson`, where there is one.
    type JsonCase = (&'static str, Vec<u8>, Floor, Option<Vec<u8>>);
    let cases: [JsonCase; 2] = [
        (
            "echo_14kb",
            event("/echo", fourteen_kb_json()),
            |bytes| json_floor::<Value>(bytes, |_| {}),
            Some(event("/echo-dumped", fourteen_kb_json())),
        ),
        (
            "round_trip_10kb",
            event("/round-trip", ten_kb_json()),
            |bytes| json_floor::<Page>(bytes, turn_page),
            None,
        ),
    ];
    for (name, event, floor, dumped_event) in &cases {
        // Outside the timed loop: the three give the same answer.
        let (status, ours) = stacks.chalice(&mut service, event);
        assert_eq!(status, 200, "{name}: {}", String::from_utf8_lossy(&ours));
        let (status, theirs) = stacks.axum(event);
        assert_eq!(status, 200, "{name}: axum");
        let (_, floor_out) = floor(event);
        assert_eq!(body_json(&ours), body_json(&theirs), "{name}: axum differs");
        assert_eq!(
            body_json(&ours),
            body_json(&floor_out),
            "{name}: floor differs"
        );

        if let Some(dumped_event) = dumped_event {
            let (status, dumped_out) = stacks.chalice(&mut service, dumped_event);
            assert_eq!(status, 200, "{name}: DumpedJson");
            // Byte for byte: the same text, through no `Value`.
            assert_eq!(dumped_out, ours, "{name}: DumpedJson differs");
        }

        let mut group = c.benchmark_group(format!("json_body/{name}"));
        group.bench_function("chalice", |b| {
            b.iter(|| {
                let (status, out) = stacks.chalice(&mut service, black_box(event));
                assert_eq!(status, 200);
                out
            })
        });
        if let Some(dumped_event) = dumped_event {
            group.bench_function("chalice_dumped", |b| {
                b.iter(|| {
                    let (status, out) = stacks.chalice(&mut service, black_box(dumped_event));
                    assert_eq!(status, 200);
                    out
                })
            });
        }
        group.bench_function("axum", |b| {
            b.iter(|| {
                let (status, out) = stacks.axum(black_box(event));
                assert_eq!(status, 200);
                out
            })
        });
        group.bench_function("floor", |b| {
            b.iter(|| {
                let (status, out) = floor(black_box(event));
                assert_eq!(status, 200);
                out
            })
        });
        group.finish();
    }
}

// `criterion_group!` would generate an undocumented public function, which
// the workspace's `missing_docs` lint refuses; this is what it expands to.
fn main() {
    // REST events carry the stage (`testStage`); without this, lambda_http
    // prefixes it to the path and the axum routes would need to repeat it.
    // This is lambda_http's documented switch for that, set before any
    // thread starts.
    std::env::set_var("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true");
    // Short runs: the whole file takes a few minutes on a 2-core machine.
    // Command-line flags (`--measurement-time`, ...) still override these.
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    dispatch(&mut c);
    json_body(&mut c);
    typed_body(&mut c);
    route_lookup(&mut c);
    app_build(&mut c);
    c.final_summary();
}
