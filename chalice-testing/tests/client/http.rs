//! `client.http()`: requests through the local API Gateway emulation.

use chalice_testing::{Client, TestResponse};
use serde_json::json;

use crate::app::{client, sample_app};

const MISSING_TOKEN: &str = r#"{"message": "Missing Authentication Token"}"#;

#[test]
fn get_with_a_path_parameter() {
    let response = client().http().get("/users/42").send_blocking();
    assert_eq!(response.status_code, 200);
    assert_eq!(response.json_body(), Some(json!({"id": "42"})));
    assert_eq!(response.body, br#"{"id":"42"}"#);
    assert_eq!(response.header("content-type"), Some("application/json"));
}

#[test]
fn a_view_error_is_chalice_error_body() {
    let response = client().http().get("/users/0").send_blocking();
    assert_eq!(response.status_code, 404);
    assert_eq!(
        response.json_body(),
        Some(json!({"Code": "NotFoundError", "Message": "user 0 not found"}))
    );
}

#[test]
fn an_unknown_path_is_missing_authentication_token() {
    let client = client();
    for path in ["/nope", "/users", "/users/1/extra", "/users/1/extra?x=1"] {
        let response = client.http().get(path).send_blocking();
        assert_eq!(response.status_code, 403, "{path}");
        assert_eq!(response.text(), Some(MISSING_TOKEN), "{path}");
        assert_eq!(
            response.header("x-amzn-ErrorType"),
            Some("UnauthorizedException")
        );
        assert!(response
            .header("x-amzn-RequestId")
            .is_some_and(|id| !id.is_empty()));
    }
}

#[test]
fn an_unknown_path_with_an_authorization_header_names_the_signature_parts() {
    let response = client()
        .http()
        .get("/nope")
        .header("Authorization", "Bearer abc")
        .send_blocking();
    assert_eq!(response.status_code, 403);
    let message = response.json_body().unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.starts_with("Authorization header requires 'Credential' parameter."));
    assert!(message.ends_with("Authorization=Bearer abc"));
}

#[test]
fn a_built_in_authorizer_allows_denies_and_requires_its_header() {
    let client = client();
    let allowed = client
        .http()
        .get("/secure")
        .header("Authorization", "allow")
        .send_blocking();
    assert_eq!(allowed.status_code, 200);
    assert_eq!(
        allowed.json_body(),
        Some(json!({"authorizer": {"role": "admin", "principalId": "alice"}}))
    );

    let denied = client
        .http()
        .get("/secure")
        .header("Authorization", "deny")
        .send_blocking();
    assert_eq!(denied.status_code, 403);
    assert_eq!(
        denied.text(),
        Some(r#"{"Message": "User is not authorized to access this resource"}"#)
    );
    assert_eq!(
        denied.header("x-amzn-ErrorType"),
        Some("AccessDeniedException")
    );

    // A policy for other routes does not cover this one.
    let elsewhere = client
        .http()
        .get("/secure")
        .header("Authorization", "allow-other")
        .send_blocking();
    assert_eq!(elsewhere.status_code, 403);

    let missing = client.http().get("/secure").send_blocking();
    assert_eq!(missing.status_code, 401);
    assert_eq!(missing.text(), Some(r#"{"message":"Unauthorized"}"#));
    assert_eq!(
        missing.header("x-amzn-ErrorType"),
        Some("UnauthorizedException")
    );
}

#[test]
fn cors_preflight_is_answered_by_the_gateway() {
    let client = client();
    let preflight = client.http().options("/cors").send_blocking();
    assert_eq!(preflight.status_code, 200);
    assert_eq!(preflight.header("Access-Control-Allow-Origin"), Some("*"));
    assert_eq!(
        preflight.header("Access-Control-Allow-Methods"),
        Some("GET,POST,OPTIONS")
    );
    assert_eq!(
        preflight.header("Access-Control-Allow-Headers"),
        Some("Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key")
    );
    assert!(preflight.body.is_empty());

    // Without CORS routes, a preflight still succeeds, allowing only OPTIONS.
    let plain = client.http().options("/users/1").send_blocking();
    assert_eq!(plain.status_code, 200);
    assert_eq!(
        plain.header("Access-Control-Allow-Methods"),
        Some("OPTIONS")
    );
    assert_eq!(plain.header("Access-Control-Allow-Origin"), None);

    // The route's own responses carry the CORS headers too.
    let get = client.http().get("/cors").send_blocking();
    assert_eq!(get.header("Access-Control-Allow-Origin"), Some("*"));
}

#[test]
fn binary_bodies_round_trip_when_accepted() {
    let bytes: Vec<u8> = vec![0x89, b'P', b'N', b'G', 0x00, 0xff, 0xfe, b'\n'];
    let client = client();
    let response = client
        .http()
        .post("/upload")
        .header("Content-Type", "application/octet-stream")
        .header("Accept", "application/octet-stream")
        .body(bytes.clone())
        .send_blocking();
    assert_eq!(response.status_code, 200);
    assert_eq!(response.body, bytes);
    assert_eq!(
        response.header("Content-Type"),
        Some("application/octet-stream")
    );
    assert_eq!(response.json_body(), None);

    // A binary response to a request that does not accept it is refused.
    let refused = client
        .http()
        .post("/upload")
        .header("Content-Type", "application/octet-stream")
        .body(bytes)
        .send_blocking();
    assert_eq!(refused.status_code, 400);
    assert_eq!(refused.json_body().unwrap()["Code"], "BadRequest");

    // A content type the route does not take.
    let wrong_type = client
        .http()
        .post("/upload")
        .header("Content-Type", "text/plain")
        .body("hello")
        .send_blocking();
    assert_eq!(wrong_type.status_code, 415);
}

#[test]
fn query_strings_are_decoded_and_multi_valued() {
    let response = client()
        .http()
        .get("/search?q=a+b%21&tag=x&tag=y&empty=")
        .send_blocking();
    assert_eq!(
        response.json_body(),
        Some(json!({"q": "a b!", "tags": ["x", "y"], "empty": ""}))
    );
    let none = client().http().get("/search").send_blocking();
    assert_eq!(
        none.json_body(),
        Some(json!({"q": null, "tags": null, "empty": null}))
    );
}

#[test]
fn every_method_reaches_its_view() {
    let client = client();
    let http = client.http();
    let put = http.put("/users/7").json(&json!({"a": 1})).send_blocking();
    assert_eq!(
        put.json_body(),
        Some(json!({"id": "7", "method": "PUT", "body": {"a": 1}}))
    );
    let patch = http.patch("/users/7").send_blocking();
    assert_eq!(patch.json_body().unwrap()["method"], "PATCH");
    let delete = http.delete("/users/7").send_blocking();
    assert_eq!(delete.status_code, 204);
    // Methods are upper-cased, as Chalice's client does.
    let lower = http.request("get", "/users/7").send_blocking();
    assert_eq!(lower.status_code, 200);
    let head = http.head("/").send_blocking();
    assert_eq!(head.status_code, 405);
    assert_eq!(head.header("Allow"), Some("GET"));
    let post = http.post("/users/7").send_blocking();
    assert_eq!(post.status_code, 405);
    assert_eq!(
        post.json_body(),
        Some(json!({"Code": "MethodNotAllowedError", "Message": "Unsupported method: POST"}))
    );
}

#[test]
fn json_sets_the_content_type_and_bad_json_is_a_400() {
    let client = client();
    let created = client
        .http()
        .post("/items")
        .json(&json!({"name": "x"}))
        .send_blocking();
    assert_eq!(created.status_code, 201);
    assert_eq!(created.header("Location"), Some("/items/2"));
    assert_eq!(created.json_body(), Some(json!({"created": "x"})));

    let invalid = client
        .http()
        .post("/items")
        .header("Content-Type", "application/json")
        .body("{not json")
        .send_blocking();
    assert_eq!(invalid.status_code, 400);
    assert_eq!(
        invalid.json_body(),
        Some(json!({"Code": "BadRequestError", "Message": "Error Parsing JSON"}))
    );

    let missing = client
        .http()
        .post("/items")
        .json(&json!({}))
        .send_blocking();
    assert_eq!(missing.status_code, 400);
    assert_eq!(missing.json_body().unwrap()["Message"], "name is required");
}

#[test]
fn multi_value_headers_are_listed_once_per_value() {
    let response = client().http().get("/headers").send_blocking();
    assert_eq!(response.header_values("x-multi"), ["a", "b"]);
    assert_eq!(response.header("X-Single"), Some("one"));
}

#[test]
fn the_event_is_the_one_api_gateway_sends() {
    let response = client()
        .http()
        .get("/context")
        .source_ip("10.1.2.3")
        .send_blocking();
    let context = response.json_body().unwrap();
    assert_eq!(context["resourcePath"], "/context");
    assert_eq!(context["httpMethod"], "GET");
    assert_eq!(context["identity"]["sourceIp"], "10.1.2.3");
    assert_eq!(context["requestId"], context["extendedRequestId"]);
}

#[tokio::test]
async fn async_tests_await_requests() {
    let client = client();
    let response = client.http().get("/users/5").await;
    assert_eq!(response.json_body(), Some(json!({"id": "5"})));
    let sent = client
        .http()
        .post("/items")
        .json(&json!({"name": "y"}))
        .send()
        .await;
    assert_eq!(sent.status_code, 201);
}

#[tokio::test]
async fn blocking_inside_a_current_thread_runtime_does_not_deadlock() {
    let response = client().http().get("/").send_blocking();
    assert_eq!(response.json_body(), Some(json!({"hello": "world"})));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_run_concurrently_on_a_multi_thread_runtime() {
    let client = std::sync::Arc::new(client());
    let mut tasks = Vec::new();
    for id in 0..8 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            client.http().get(&format!("/users/{}", id + 1)).await
        }));
    }
    for (id, task) in tasks.into_iter().enumerate() {
        let response: TestResponse = task.await.unwrap();
        assert_eq!(
            response.json_body(),
            Some(json!({"id": (id + 1).to_string()}))
        );
    }
}

#[test]
fn clients_share_the_app() {
    let app = std::sync::Arc::new(sample_app());
    let a = Client::from_arc(app.clone());
    let b = Client::from(app.clone());
    assert!(std::sync::Arc::ptr_eq(a.app(), b.app()));
    assert_eq!(
        a.http().get("/").send_blocking(),
        b.http().get("/").send_blocking()
    );
}
