//! Typed models: every rejection of a request that does not fit the view's
//! declared body, path or query types answers the same 400 through every
//! front (the test client, Lambda-style invocation of REST, HTTP API v2,
//! function URL and ALB events, and the local server over a socket), with
//! the error bodies as inline snapshots.

use std::sync::Arc;
use std::time::Duration;

use chalice_app::models::{Path, Query};
use chalice_app::{
    serve_with_shutdown, CORSConfig, Chalice, Json, LambdaContext, Request, Route, ServerConfig,
};
use chalice_testing::Client;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Line {
    sku: String,
    price: f64,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct NewOrder {
    customer: String,
    items: Vec<Line>,
}

#[derive(Debug, Deserialize, JsonSchema)]
struct OrderPath {
    shop: String,
    id: u64,
}

#[derive(Debug, Deserialize, JsonSchema)]
struct Page {
    limit: u32,
    tag: Option<Vec<String>>,
}

#[derive(Debug, Serialize, JsonSchema)]
struct Receipt {
    shop: String,
    id: u64,
    customer: String,
    total: f64,
    limit: u32,
    tags: Vec<String>,
}

fn app() -> Chalice {
    let mut app = Chalice::new("orders");
    app.route(
        "/shops/{shop}/orders/{id}",
        Route::new()
            .methods(["PUT"])
            .cors(CORSConfig::default())
            .response::<Receipt>(),
        |_req: Request,
         Path(path): Path<OrderPath>,
         Query(page): Query<Page>,
         Json(order): Json<NewOrder>| {
            Json(Receipt {
                shop: path.shop,
                id: path.id,
                customer: order.customer,
                total: order.items.iter().map(|l| l.price).sum(),
                limit: page.limit,
                tags: page.tag.unwrap_or_default(),
            })
        },
    );
    app.route(
        "/count/{n}",
        Route::new(),
        |_req: Request, Path(n): Path<u8>| async move { json!({"n": n}) },
    );
    app
}

/// One request, as each front is given it.
struct Case {
    method: &'static str,
    path: &'static str,
    query: &'static str,
    body: String,
}

fn put(path: &'static str, query: &'static str, body: Value) -> Case {
    Case {
        method: "PUT",
        path,
        query,
        body: body.to_string(),
    }
}

fn good_order() -> Value {
    json!({"customer": "ada", "items": [{"sku": "a", "price": 1.5}, {"sku": "b", "price": 2.0}]})
}

/// The (status, body) every front answers; asserts they agree and that the
/// CORS headers of the route are on the answer.
fn answer(case: &Case) -> (u16, String) {
    let app = Arc::new(app());
    let target = if case.query.is_empty() {
        case.path.to_string()
    } else {
        format!("{}?{}", case.path, case.query)
    };
    let mut answers: Vec<(&str, u16, String)> = Vec::new();

    // The test client.
    let client = Client::from_arc(Arc::clone(&app));
    let response = client
        .http()
        .request(case.method, &target)
        .header("Content-Type", "application/json")
        .body(case.body.clone())
        .send_blocking();
    answers.push((
        "test client",
        response.status_code,
        String::from_utf8_lossy(&response.body).into_owned(),
    ));

    // Lambda-style invocation of each event kind, from the event's bytes.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for (kind, event) in events(case) {
        let bytes = serde_json::to_vec(&event).unwrap();
        let out = runtime.block_on(app.handle_http_bytes(&bytes, LambdaContext::new("api")));
        let status = out["statusCode"].as_u64().unwrap() as u16;
        answers.push((kind, status, out["body"].as_str().unwrap().to_string()));
        // Invoked by handler name, from the event's value.
        let out = runtime
            .block_on(app.invoke("api", event, LambdaContext::new("api")))
            .unwrap();
        answers.push((
            kind,
            out["statusCode"].as_u64().unwrap() as u16,
            out["body"].as_str().unwrap().to_string(),
        ));
    }

    // The local server, over a socket.
    let (status, body) = runtime.block_on(over_socket(Arc::clone(&app), case, &target));
    answers.push(("local server", status, body));

    let (_, status, body) = answers[0].clone();
    for (front, s, b) in &answers {
        assert_eq!((*s, b.as_str()), (status, body.as_str()), "{front} differs");
    }
    (status, body)
}

/// The event of each kind for `case`.
fn events(case: &Case) -> Vec<(&'static str, Value)> {
    let (template, params) = if case.path.starts_with("/count/") {
        ("/count/{n}", json!({"n": &case.path["/count/".len()..]}))
    } else {
        let parts: Vec<&str> = case.path.split('/').collect();
        (
            "/shops/{shop}/orders/{id}",
            json!({"shop": parts[2], "id": parts[4]}),
        )
    };
    let query: Vec<(String, String)> = url_pairs(case.query);
    let mut multi = serde_json::Map::new();
    for (k, v) in &query {
        multi
            .entry(k.clone())
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .unwrap()
            .push(json!(v));
    }
    let single: serde_json::Map<String, Value> =
        query.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let headers = json!({"Content-Type": "application/json", "Accept": "*/*"});
    let rest = json!({
        "resource": template, "path": case.path, "httpMethod": case.method,
        "headers": headers,
        "multiValueHeaders": {"Content-Type": ["application/json"], "Accept": ["*/*"]},
        "queryStringParameters": if single.is_empty() { Value::Null } else { Value::Object(single) },
        "multiValueQueryStringParameters": if multi.is_empty() { Value::Null } else { Value::Object(multi.clone()) },
        "pathParameters": params,
        "stageVariables": null,
        "requestContext": {"resourcePath": template, "httpMethod": case.method, "path": format!("/api{}", case.path), "stage": "api"},
        "body": case.body, "isBase64Encoded": false
    });
    let v2 = |domain: &str| {
        json!({
            "version": "2.0", "routeKey": "$default", "rawPath": case.path, "rawQueryString": case.query,
            "headers": {"content-type": "application/json", "accept": "*/*"},
            "requestContext": {"domainName": domain, "http": {"method": case.method, "path": case.path}, "stage": "$default"},
            "body": case.body, "isBase64Encoded": false
        })
    };
    let alb = json!({
        "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1"}},
        "httpMethod": case.method, "path": case.path,
        "multiValueQueryStringParameters": Value::Object(multi),
        "multiValueHeaders": {"content-type": ["application/json"], "accept": ["*/*"]},
        "body": case.body, "isBase64Encoded": false
    });
    vec![
        ("REST", rest),
        ("HTTP API v2", v2("abc.execute-api.us-east-1.amazonaws.com")),
        ("function URL", v2("abc.lambda-url.us-east-1.on.aws")),
        ("ALB", alb),
    ]
}

/// `a=1&b=x` as pairs; the cases' queries need no decoding.
fn url_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

async fn over_socket(app: Arc<Chalice>, case: &Case, target: &str) -> (u16, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_with_shutdown(
        app,
        listener,
        ServerConfig::default(),
        async {
            let _ = stopped.await;
        },
    ));
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
        case.method,
        case.body.len(),
        case.body
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out)).await;
    let _ = stop.send(());
    let _ = tokio::time::timeout(Duration::from_secs(10), server).await;
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

/// The body of a 400 every front agrees on.
fn rejected(case: Case) -> String {
    let (status, body) = answer(&case);
    assert_eq!(status, 400, "{body}");
    body
}

#[test]
fn a_body_that_fits_reaches_the_view_typed() {
    let (status, body) = answer(&put(
        "/shops/north/orders/7",
        "limit=5&tag=a&tag=b",
        good_order(),
    ));
    assert_eq!(status, 200);
    insta::assert_snapshot!(body, @r#"{"shop":"north","id":7,"customer":"ada","total":3.5,"limit":5,"tags":["a","b"]}"#);
}

#[test]
fn wrong_type_names_the_json_path() {
    let mut order = good_order();
    order["items"] = json!([
        {"sku": "a", "price": 1}, {"sku": "b", "price": 2}, {"sku": "c", "price": 3}, {"sku": "d", "price": "x"}
    ]);
    let body = rejected(put("/shops/north/orders/7", "limit=5", order));
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"items[3].price: invalid type: string \"x\", expected f64"}"#);
}

#[test]
fn missing_field_names_the_field() {
    let body = rejected(put(
        "/shops/north/orders/7",
        "limit=5",
        json!({"items": []}),
    ));
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"body: missing field `customer`"}"#);
    let body = rejected(put(
        "/shops/north/orders/7",
        "limit=5",
        json!({"customer": "ada", "items": [{"sku": "a"}]}),
    ));
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"items[0]: missing field `price`"}"#);
}

#[test]
fn unknown_field_is_refused_where_the_type_denies_them() {
    let mut order = good_order();
    order["colour"] = json!("red");
    let body = rejected(put("/shops/north/orders/7", "limit=5", order));
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"body: unknown field `colour`, expected `customer` or `items`"}"#);
    let mut order = good_order();
    order["items"][1]["colour"] = json!("red");
    let body = rejected(put("/shops/north/orders/7", "limit=5", order));
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"items[1]: unknown field `colour`, expected `sku` or `price`"}"#);
}

#[test]
fn a_body_that_is_not_json_is_error_parsing_json() {
    let case = Case {
        method: "PUT",
        path: "/shops/north/orders/7",
        query: "limit=5",
        body: "{\"customer\": ".to_string(),
    };
    let body = rejected(case);
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"Error Parsing JSON: EOF while parsing a value at line 1 column 13"}"#);
    let empty = Case {
        method: "PUT",
        path: "/shops/north/orders/7",
        query: "limit=5",
        body: String::new(),
    };
    let body = rejected(empty);
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"body: invalid type: null, expected struct NewOrder"}"#);
}

/// Bytes that are not UTF-8 are read as `serde_json::from_slice` reads
/// them: a string the model skips is not checked, one it reads is refused
/// as JSON, a value of the wrong type is named by its path, and text after
/// the value is refused.
#[test]
fn a_body_that_is_not_utf8_reads_as_serde_json_reads_bytes() {
    #[derive(Deserialize, JsonSchema)]
    struct Named {
        name: String,
    }
    let mut app = Chalice::new("named");
    app.route(
        "/named",
        Route::new().methods(["POST"]),
        |_req: Request, Json(named): Json<Named>| json!({"name": named.name}),
    );
    let client = Client::new(app);
    let table: [(&[u8], u16, &str); 4] = [
        (
            b"{\"name\": \"ada\", \"note\": \"\xff\"}",
            200,
            r#"{"name":"ada"}"#,
        ),
        (
            b"{\"name\": \"\xff\"}",
            400,
            r#"{"Code":"BadRequestError","Message":"Error Parsing JSON: invalid unicode code point at line 1 column 11"}"#,
        ),
        (
            b"{\"name\": 1, \"note\": \"\xff\"}",
            400,
            r#"{"Code":"BadRequestError","Message":"name: invalid type: integer `1`, expected a string"}"#,
        ),
        (
            b"{\"name\": \"ada\"} \xff",
            400,
            r#"{"Code":"BadRequestError","Message":"Error Parsing JSON: trailing characters at line 1 column 17"}"#,
        ),
    ];
    for (body, status, answer) in table {
        let response = client
            .http()
            .post("/named")
            .header("Content-Type", "application/json")
            .body(body)
            .send_blocking();
        assert_eq!(
            (
                response.status_code,
                String::from_utf8_lossy(&response.body)
            ),
            (status, answer.into()),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn bad_path_parameter_names_the_capture() {
    let body = rejected(put("/shops/north/orders/seven", "limit=5", good_order()));
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"path parameter id: invalid value: string \"seven\", expected u64"}"#);
    let body = rejected(Case {
        method: "GET",
        path: "/count/300",
        query: "",
        body: String::new(),
    });
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"path parameter n: invalid value: string \"300\", expected u8"}"#);
}

#[test]
fn bad_query_parameter_names_the_parameter() {
    let body = rejected(put("/shops/north/orders/7", "limit=many", good_order()));
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"query parameter limit: invalid value: string \"many\", expected u32"}"#);
    let body = rejected(put("/shops/north/orders/7", "", good_order()));
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"query string: missing field `limit`"}"#);
}

#[test]
fn the_first_extractor_that_refuses_answers() {
    // Path, then query, then body: the order of the view's arguments.
    let body = rejected(put("/shops/north/orders/x", "limit=y", json!({})));
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"path parameter id: invalid value: string \"x\", expected u64"}"#);
}

#[test]
fn registration_refuses_models_that_cannot_fit_the_route() {
    #[derive(Deserialize, JsonSchema)]
    struct Wrong {
        #[allow(dead_code)] // never read: registration refuses the route
        item_id: u64,
    }
    let mut app = Chalice::new("t");
    let err = app
        .try_route(
            "/items/{id}",
            Route::new(),
            |_r: Request, Path(_p): Path<Wrong>| "",
        )
        .unwrap_err();
    insta::assert_snapshot!(err, @"Route /items/{id}: Path<Wrong> has a field `item_id`, which is not a capture of the route (captures: {id})");
    let err = app
        .try_route(
            "/a/{x}/{y}",
            Route::new(),
            |_r: Request, Path(_p): Path<u8>| "",
        )
        .unwrap_err();
    insta::assert_snapshot!(err, @"Route /a/{x}/{y}: Path<uint8> reads 1 value(s) but the route has 2 capture(s) ({x}, {y}); read them into a struct with one field per capture");
    let err = app
        .try_route(
            "/b",
            ["POST"],
            |_r: Request, Json(_a): Json<NewOrder>, Json(_b): Json<Line>| "",
        )
        .unwrap_err();
    insta::assert_snapshot!(err, @"Route /b: the view reads its request body twice (Json<NewOrder> and Json<Line>); take it once");
    let err = app
        .try_route("/c", Route::new(), |_r: Request, Query(_q): Query<u8>| "")
        .unwrap_err();
    insta::assert_snapshot!(err, @"Route /c: Query<uint8> must be a struct or a map: a query string is named parameters");
    let err = app
        .try_route(
            "/d",
            Route::new().response_with_status::<Line>(99),
            |_r: Request| "",
        )
        .unwrap_err();
    insta::assert_snapshot!(err, @"Route /d: response Line declared with status 99, outside 100-599");
    assert!(app.routes().is_empty());
}

#[test]
fn registration_accepts_models_that_fit_the_route() {
    #[allow(dead_code)] // only registered, never read
    #[derive(Deserialize, JsonSchema)]
    struct Renamed {
        #[serde(rename = "orderId")]
        order_id: u64,
        shop: String,
    }
    let mut app = Chalice::new("t");
    app.try_route(
        "/shops/{shop}/orders/{orderId}",
        Route::new(),
        |_r: Request, Path(_p): Path<Renamed>| "",
    )
    .unwrap();
    app.try_route(
        "/a/{x}/{y}",
        Route::new(),
        |_r: Request, Path(_p): Path<std::collections::HashMap<String, String>>| "",
    )
    .unwrap();
    app.try_route(
        "/b/{x}/{y}",
        Route::new(),
        |_r: Request, Path(_p): Path<(u8, String)>| "",
    )
    .unwrap();
    app.try_route(
        "/c/{x}",
        Route::new(),
        |_r: Request, Path(_p): Path<Option<u64>>| "",
    )
    .unwrap();
    app.try_route(
        "/d",
        Route::new(),
        |_r: Request, Query(_q): Query<serde_json::Value>| "",
    )
    .unwrap();
    assert_eq!(app.routes().len(), 5);
    // A query string is named parameters: a list of values is not one.
    let err = app
        .try_route(
            "/e",
            Route::new(),
            |_r: Request, Query(_q): Query<Vec<String>>| "",
        )
        .unwrap_err();
    insta::assert_snapshot!(err, @"Route /e: Query<Array_of_string> must be a struct or a map: a query string is named parameters");
}

#[test]
fn registration_mistakes_panic() {
    let result = std::panic::catch_unwind(|| {
        let mut app = Chalice::new("t");
        app.route(
            "/items/{id}",
            Route::new(),
            |_r: Request, Path(_p): Path<(u8, u8)>| "",
        );
    });
    let payload = result.unwrap_err();
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    insta::assert_snapshot!(message, @"Route /items/{id}: Path<Tuple_of_uint8_and_uint8> reads 2 value(s) but the route has 1 capture(s) ({id}); read them into a struct with one field per capture");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_server_serves_the_openapi_document_at_the_chosen_path_only() {
    for (openapi_path, status) in [(Some("/openapi.json"), 200), (None, 403)] {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let config = ServerConfig {
            openapi_path: openapi_path.map(str::to_string),
            ..ServerConfig::default()
        };
        let server = tokio::spawn(serve_with_shutdown(
            Arc::new(app()),
            listener,
            config,
            async {
                let _ = stopped.await;
            },
        ));
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(
                b"GET /openapi.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            )
            .await
            .unwrap();
        let mut out = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out)).await;
        let _ = stop.send(());
        let _ = tokio::time::timeout(Duration::from_secs(10), server).await;
        let text = String::from_utf8_lossy(&out).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with(&format!("HTTP/1.1 {status}")), "{head}");
        if status == 200 {
            let served: Value = serde_json::from_str(body).unwrap();
            assert_eq!(served, chalice_app::package::openapi::generate(&app()));
            assert_eq!(
                served["paths"]["/shops/{shop}/orders/{id}"]["put"]["responses"]["200"]["content"]
                    ["application/json"]["schema"],
                json!({"$ref": "#/components/schemas/Receipt"})
            );
        }
    }
}

#[test]
fn swagger_carries_definitions_only_for_declared_models() {
    use chalice_app::package::swagger::{generate, RestApiSettings, Target};
    let doc = generate(&app(), Target::Swagger, &RestApiSettings::default());
    let definitions: Vec<&String> = doc["definitions"].as_object().unwrap().keys().collect();
    assert_eq!(definitions, ["Empty", "Receipt", "NewOrder", "Line"]);
    let put = &doc["paths"]["/shops/{shop}/orders/{id}"]["put"];
    assert_eq!(
        put["parameters"],
        json!([
            {"name": "shop", "in": "path", "required": true, "type": "string"},
            {"name": "id", "in": "path", "required": true, "type": "integer", "format": "uint64", "minimum": 0},
            {"name": "limit", "in": "query", "required": true, "type": "integer", "format": "uint32", "minimum": 0},
            {"name": "tag", "in": "query", "required": false, "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
            {"in": "body", "name": "body", "required": true, "schema": {"$ref": "#/definitions/NewOrder"}},
        ])
    );
    assert_eq!(
        put["responses"],
        json!({"200": {"description": "200 response", "schema": {"$ref": "#/definitions/Receipt"}}})
    );
    // The same app without declared models: Chalice's document exactly.
    let mut plain = Chalice::new("orders");
    plain.route(
        "/shops/{shop}/orders/{id}",
        Route::new().methods(["PUT"]).cors(CORSConfig::default()),
        |_req: Request| "",
    );
    let doc = generate(&plain, Target::Swagger, &RestApiSettings::default());
    assert_eq!(
        doc["definitions"],
        json!({"Empty": {"type": "object", "title": "Empty Schema"}})
    );
    assert_eq!(
        doc["paths"]["/shops/{shop}/orders/{id}"]["put"]["parameters"],
        json!([
            {"name": "shop", "in": "path", "required": true, "type": "string"},
            {"name": "id", "in": "path", "required": true, "type": "string"},
        ])
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Text that is often almost a `NewOrder`: JSON fragments glued at random.
    fn body() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"customer\"",
            "\"items\"",
            "\"sku\"",
            "\"price\"",
            "\"x\"",
            "1",
            "-1e400",
            "null",
            "true",
            "\"\\u0000\"",
            "\u{feff}",
            " ",
        ]);
        prop_oneof![
            prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat()),
            any::<String>(),
        ]
    }

    /// A capture or query value: digits, signs, text, escapes.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9]{0,25}",
            "-?[0-9a-z.%+]{0,8}",
            any::<String>().prop_map(|s| s.replace(['/', '?', '#', '&', '='], "")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the body, captures and query, the typed route answers
        /// 200 or the 400 of a request that does not fit: never a 500.
        #[test]
        fn typed_inputs_answer_200_or_400(body in body(), id in value(), limit in value(), tag in value()) {
            let app = Arc::new(app());
            let mut multi = serde_json::Map::new();
            multi.insert("limit".into(), json!([limit]));
            multi.insert("tag".into(), json!([tag, "x"]));
            let event = json!({
                "resource": "/shops/{shop}/orders/{id}", "path": "/shops/s/orders/x", "httpMethod": "PUT",
                "headers": {"Content-Type": "application/json"},
                "multiValueQueryStringParameters": multi,
                "pathParameters": {"shop": "s", "id": id},
                "requestContext": {"resourcePath": "/shops/{shop}/orders/{id}", "httpMethod": "PUT", "stage": "api"},
                "body": body, "isBase64Encoded": false
            });
            let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let out = runtime.block_on(app.handle_http_event(event, LambdaContext::new("api")));
            let status = out["statusCode"].as_u64().unwrap();
            prop_assert!(status == 200 || status == 400, "{out}");
            if status == 400 {
                let body: Value = serde_json::from_str(out["body"].as_str().unwrap()).unwrap();
                prop_assert_eq!(&body["Code"], "BadRequestError");
            }
        }
    }
}

/// Types whose schemas use what Swagger 2.0 lacks: tagged enums with data,
/// nullable named types, maps, tuples, unit enums.
mod rich {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Serialize, JsonSchema)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    pub(super) enum Shape {
        Circle { radius: f64 },
        Square { side: f64 },
        Point,
    }

    #[derive(Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(rename_all = "lowercase")]
    pub(super) enum Colour {
        Red,
        Green,
    }

    #[derive(Deserialize, Serialize, JsonSchema)]
    pub(super) struct Drawing {
        pub(super) shapes: Vec<Shape>,
        pub(super) background: Option<Colour>,
        pub(super) owner: Option<Line>,
        pub(super) labels: BTreeMap<String, u32>,
        pub(super) origin: (i32, i32),
        pub(super) note: Option<String>,
    }

    #[derive(Deserialize, JsonSchema)]
    pub(super) struct Filter {
        pub(super) colour: Option<Colour>,
        pub(super) min: Option<f32>,
        pub(super) exact: Option<bool>,
    }

    pub(super) fn app() -> Chalice {
        let mut app = Chalice::new("drawings");
        app.route(
            "/drawings/{colour}",
            Route::new().methods(["POST"]).response::<Drawing>(),
            |_r: Request,
             Path(c): Path<Colour>,
             Query(f): Query<Filter>,
             Json(d): Json<Drawing>| {
                let filter = format!("{c:?} {:?} {:?} {:?}", f.colour, f.min, f.exact);
                Ok::<_, chalice_app::Error>(
                    chalice_app::Response::new(serde_json::to_value(&d)?)
                        .with_header("X-Filter", filter),
                )
            },
        );
        app
    }
}

#[test]
fn rich_models_read_and_document() {
    let app = Arc::new(rich::app());
    let client = Client::from_arc(Arc::clone(&app));
    let drawing = json!({
        "shapes": [{"kind": "circle", "radius": 1.0}, {"kind": "point"}],
        "background": "red", "owner": null, "labels": {"a": 1}, "origin": [1, -2], "note": null
    });
    let response = client
        .http()
        .post("/drawings/green?colour=red&min=0.5&exact=true")
        .json(&drawing)
        .send_blocking();
    assert_eq!(response.status_code, 200, "{:?}", response.text());
    assert_eq!(response.json_body(), Some(drawing.clone()));
    assert_eq!(
        response.header("X-Filter"),
        Some("Green Some(Red) Some(0.5) Some(true)")
    );
    let mut bad = drawing;
    bad["shapes"][1] = json!({"kind": "hexagon"});
    let response = client
        .http()
        .post("/drawings/blue")
        .json(&bad)
        .send_blocking();
    insta::assert_snapshot!(response.text().unwrap_or_default(), @r#"{"Code":"BadRequestError","Message":"path parameter colour: unknown variant `blue`, expected `red` or `green`"}"#);
    let response = client
        .http()
        .post("/drawings/red")
        .json(&bad)
        .send_blocking();
    insta::assert_snapshot!(response.text().unwrap_or_default(), @r#"{"Code":"BadRequestError","Message":"shapes[1].kind: unknown variant `hexagon`, expected one of `circle`, `square`, `point`"}"#);

    let swagger = chalice_app::package::swagger::generate(
        &app,
        chalice_app::package::swagger::Target::Swagger,
        &chalice_app::package::swagger::RestApiSettings::default(),
    );
    let openapi = chalice_app::package::openapi::generate(&app);
    // What Swagger 2.0 cannot say is kept under `x-` names; a nullable
    // named type is `allOf` it, marked `x-nullable`.
    let drawing = &swagger["definitions"]["Drawing"]["properties"];
    assert_eq!(
        drawing["owner"],
        json!({"allOf": [{"$ref": "#/definitions/Line"}], "x-nullable": true})
    );
    assert_eq!(
        drawing["note"],
        json!({"type": "string", "x-nullable": true})
    );
    assert!(swagger["definitions"]["Shape"].get("x-oneOf").is_some());
    let query = &swagger["paths"]["/drawings/{colour}"]["post"]["parameters"][1];
    assert_eq!(
        query,
        &json!({"name": "colour", "in": "query", "required": false, "type": "string", "enum": ["red", "green"]})
    );
    // OpenAPI 3.1 is JSON Schema 2020-12: the schemas as schemars writes them.
    let schemas = &openapi["components"]["schemas"];
    assert!(schemas["Shape"].get("oneOf").is_some());
    assert_eq!(
        schemas["Drawing"]["properties"]["owner"],
        json!({"anyOf": [{"$ref": "#/components/schemas/Line"}, {"type": "null"}]})
    );
}

#[test]
fn a_json_body_taken_as_dumped_json_is_answered_as_python_writes_it() {
    use chalice_app::DumpedJson;

    let mut app = Chalice::new("docs");
    app.route(
        "/docs",
        Route::new().methods(["PUT"]),
        |_req: Request, Json(doc): Json<DumpedJson>| Json(json!({"kept": doc.to_value()})),
    );
    app.route(
        "/echo",
        Route::new().methods(["PUT"]),
        |_req: Request, Json(doc): Json<DumpedJson>| Json(doc),
    );
    let client = Client::new(app);
    let send = |path: &str, body: &str| {
        let response = client
            .http()
            .request("PUT", path)
            .header("Content-Type", "application/json")
            .body(body.as_bytes().to_vec())
            .send_blocking();
        (
            response.status_code,
            String::from_utf8_lossy(&response.body).into_owned(),
        )
    };
    // A key given twice keeps its first place and its last value, as in
    // the dict Python reads; non-ASCII and floats as `json.dumps` writes them.
    let (status, body) = send("/echo", r#"{"a": 1, "é": [1E2, 0.00001], "a": "x"}"#);
    assert_eq!(status, 200);
    insta::assert_snapshot!(body, @r#"{"a":"x","\u00e9":[100.0,1e-05]}"#);
    let (status, body) = send("/docs", r#"[true, null]"#);
    assert_eq!((status, body.as_str()), (200, r#"{"kept":[true,null]}"#));
    let (status, body) = send("/echo", "{");
    assert_eq!(status, 400);
    insta::assert_snapshot!(body, @r#"{"Code":"BadRequestError","Message":"Error Parsing JSON: EOF while parsing an object at line 1 column 1"}"#);
}

#[test]
fn a_dumped_json_input_is_any_value_in_the_openapi_document() {
    let mut app = Chalice::new("docs");
    app.route(
        "/docs",
        Route::new().methods(["PUT"]),
        |_req: Request, Json(doc): Json<chalice_app::DumpedJson>| Json(doc),
    );
    let openapi = chalice_app::package::openapi::generate(&app);
    let body = &openapi["paths"]["/docs"]["put"]["requestBody"]["content"]["application/json"];
    assert_eq!(body["schema"], json!(true), "{openapi}");
}
