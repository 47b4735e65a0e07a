//! Snapshots of responses and events, volatile fields redacted: the files
//! are under `tests/client/snapshots/`.

use chalice_testing::snapshot::{redact_event, redact_response};
use chalice_testing::{assert_event_snapshot, assert_response_snapshot, EventsClient};
use serde_json::json;

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
