//! Snapshots of responses and events, volatile fields redacted: the files
//! are under `tests/client/snapshots/`.

use chalice_app::Response;
use chalice_testing::snapshot::{redact_event, redact_response, HandlerSnapshot, ResponseSnapshot};
use chalice_testing::{
    assert_event_snapshot, assert_handler_snapshot, assert_response_snapshot, EventsClient,
};
use serde_json::{json, Value};

use crate::app::client;

#[test]
fn responses() {
    let client = client();
    let http = client.http();
    assert_response_snapshot!("get_user", http.get("/users/1"));
    assert_response_snapshot!("view_error", http.get("/users/0"));
    assert_response_snapshot!("unknown_path", http.get("/missing"));
    assert_response_snapshot!("preflight", http.options("/cors"));
    assert_response_snapshot!("cors_get", http.get("/cors"));
    assert_response_snapshot!("unauthorized", http.get("/secure"));
    assert_response_snapshot!(
        "forbidden",
        http.get("/secure").header("Authorization", "deny")
    );
    assert_response_snapshot!(
        "binary",
        http.post("/upload")
            .header("Content-Type", "application/octet-stream")
            .header("Accept", "application/octet-stream")
            .body(vec![0u8, 0xff, 0x10])
    );
    assert_response_snapshot!("method_not_allowed", http.post("/"));
    let response = http.get("/headers").send_blocking();
    assert_response_snapshot!("multi_value_headers", &response);
}

#[test]
fn request_context_is_redacted() {
    let response = client().http().get("/context").send_blocking();
    let redacted = redact_response(&response);
    assert_eq!(redacted["json_body"]["requestId"], "[request-id]");
    assert_eq!(redacted["json_body"]["requestTimeEpoch"], "[timestamp]");
    assert_response_snapshot!("request_context", response);
}

#[tokio::test]
async fn snapshots_work_in_async_tests() {
    let response = client().http().get("/users/2").await;
    assert_response_snapshot!(response, @r#"
    {
      "status_code": 200,
      "headers": {
        "Content-Type": "application/json"
      },
      "json_body": {
        "id": "2"
      }
    }
    "#);
    // A request is sent blocking, on a helper thread.
    assert_response_snapshot!(client().http().get("/"), @r#"
    {
      "status_code": 200,
      "headers": {
        "Content-Type": "application/json"
      },
      "json_body": {
        "hello": "world"
      }
    }
    "#);
}

#[test]
fn generated_events() {
    let events = EventsClient::new();
    assert_event_snapshot!("s3_event", events.generate_s3_event("bucket", "key", None));
    assert_event_snapshot!(
        "sns_event",
        events.generate_sns_event("message", Some("subject"), None)
    );
    assert_event_snapshot!("sqs_event", events.generate_sqs_event(["one", "two"], None));
    assert_event_snapshot!(
        "cw_event",
        events.generate_cw_event(
            "aws.ec2",
            "Instance",
            json!({"state": "running"}),
            ["arn:1"],
            None
        )
    );
    assert_event_snapshot!(
        "kinesis_event",
        events.generate_kinesis_event(["payload"], None)
    );
    assert_event_snapshot!(
        "dynamodb_event",
        events.generate_dynamodb_event(
            "Orders",
            "MODIFY",
            json!({"Id": {"N": "1"}}),
            Some(json!({"Id": {"N": "1"}, "State": {"S": "new"}})),
            Some(json!({"Id": {"N": "1"}, "State": {"S": "old"}})),
        )
    );
    assert_event_snapshot!(
        "websocket_connect",
        events.generate_websocket_event("$connect", None, None)
    );
}

#[test]
fn a_handler_result() {
    let client = client();
    let event = client
        .events()
        .generate_s3_event("uploads", "a+b.txt", None);
    let result = client
        .lambda()
        .invoke("on_upload", event)
        .send_blocking()
        .unwrap();
    assert_event_snapshot!(&result.payload, @r#"
    {
      "bucket": "uploads",
      "key": "a b.txt",
      "event_name": "ObjectCreated:Put"
    }
    "#);
    assert_eq!(redact_event(&result.payload), result.payload);
}

#[test]
fn a_response_built_in_the_test_shows_as_the_client_shows_it() {
    // The `/items` view's answer, built by hand.
    let response = Response::new(json!({"created": "pen"}))
        .with_status(201)
        .with_header("Location", "/items/2");
    assert_response_snapshot!(&response, @r#"
    {
      "status_code": 201,
      "headers": {
        "Location": "/items/2"
      },
      "json_body": {
        "created": "pen"
      }
    }
    "#);
    // Through the client, the gateway adds the `Content-Type` API Gateway
    // defaults to; the rest is the same.
    let mut sent = client()
        .http()
        .post("/items")
        .json(&json!({"name": "pen"}))
        .to_snapshot();
    let added = sent["headers"]
        .as_object_mut()
        .unwrap()
        .remove("Content-Type");
    assert_eq!(added, Some(json!("application/json")));
    assert_eq!(sent, response.to_snapshot());
}

#[test]
fn proxy_responses_of_every_http_kind() {
    // An HTTP API (payload 2.0) response: cookies are `Set-Cookie` headers.
    let http_api = json!({
        "statusCode": 200,
        "headers": {"Content-Type": "text/plain", "x-amzn-RequestId": "0f1e"},
        "cookies": ["a=1; Secure", "b=2"],
        "body": "hello",
    });
    assert_response_snapshot!(http_api, @r#"
    {
      "status_code": 200,
      "headers": {
        "Content-Type": "text/plain",
        "x-amzn-RequestId": "[request-id]",
        "Set-Cookie": [
          "a=1; Secure",
          "b=2"
        ]
      },
      "body": "hello"
    }
    "#);
    // An ALB response with multi-value headers and a base64 body.
    let alb = json!({
        "statusCode": 502,
        "statusDescription": "502 Bad Gateway",
        "multiValueHeaders": {"Content-Type": ["application/json"]},
        "isBase64Encoded": true,
        "body": "eyJlcnJvciI6ICJ1cHN0cmVhbSJ9",
    });
    assert_response_snapshot!(&alb, @r#"
    {
      "status_code": 502,
      "status_description": "502 Bad Gateway",
      "headers": {
        "Content-Type": "application/json"
      },
      "json_body": {
        "error": "upstream"
      }
    }
    "#);
}

#[test]
fn handler_results() {
    let client = client();
    let events = client.events();
    // An invocation is sent, and its `Result` shown: the report names the
    // second message, the one that failed, by its own id.
    assert_handler_snapshot!(
        client
            .lambda()
            .invoke("on_job", events.generate_sqs_event(["ok", "fail"], None)),
        @r#"
    {
      "batchItemFailures": [
        {
          "itemIdentifier": "059f36b4-87a3-44ab-83d2-661975830a7e"
        }
      ]
    }
    "#
    );
    assert_handler_snapshot!(client.lambda().invoke("boom", json!({})), @r#"
    {
      "Err": "Panic: handler panicked: boom"
    }
    "#);
    // A handler's own result, called without the client.
    let handler = |n: u64| -> Result<Value, chalice_app::Error> {
        match n {
            0 => Err(chalice_app::BadRequestError::new("n must be positive").into()),
            n => Ok(json!({"n": n, "requestId": "e5b1"})),
        }
    };
    assert_handler_snapshot!(handler(2), @r#"
    {
      "n": 2,
      "requestId": "[request-id]"
    }
    "#);
    assert_eq!(
        handler(0).to_snapshot(),
        json!({"Err": "n must be positive"})
    );
}
