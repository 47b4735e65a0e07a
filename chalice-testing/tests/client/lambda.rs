//! `client.lambda()`: invoking handlers by name.

use chalice_app::LambdaContext;
use chalice_events::authorizer::AuthRequest;
use chalice_events::request::Request;
use chalice_testing::Error;
use serde_json::json;

use crate::app::client;

#[test]
fn an_s3_handler_gets_the_generated_event() {
    let client = client();
    let event = client.events().generate_s3_event(
        "uploads",
        "photos/a+b.jpg",
        Some("ObjectRemoved:Delete"),
    );
    let result = client
        .lambda()
        .invoke("on_upload", event)
        .send_blocking()
        .unwrap();
    // The key is placed verbatim and read URL-decoded, as in Chalice.
    assert_eq!(
        result.payload,
        json!({"bucket": "uploads", "key": "photos/a b.jpg", "event_name": "ObjectRemoved:Delete"})
    );
}

#[test]
fn an_sqs_handler_gets_the_generated_batch() {
    let client = client();
    let event = client
        .events()
        .generate_sqs_event(["ok", "fail"], Some("jobs"));
    let result = client
        .lambda()
        .invoke("on_job", &event)
        .send_blocking()
        .unwrap();
    // Each message has an id of its own, so the report names only the
    // one that failed.
    let failed = event.records()[1].message_id();
    assert_eq!(
        result.payload,
        json!({"batchItemFailures": [{"itemIdentifier": failed}]})
    );
}

#[test]
fn every_generator_feeds_its_handler() {
    let client = client();
    let events = client.events();
    let lambda = client.lambda();

    let sns = events.generate_sns_event("hello", Some("greeting"), None);
    assert_eq!(
        lambda
            .invoke("on_note", sns)
            .send_blocking()
            .unwrap()
            .payload,
        json!({"message": "hello", "subject": "greeting"})
    );

    let cw = events.generate_cw_event(
        "aws.ec2",
        "EC2 Instance State-change Notification",
        json!({"state": "running"}),
        ["arn:aws:ec2:us-east-1:123456789012:instance/i-1"],
        Some("us-east-1"),
    );
    assert_eq!(
        lambda.invoke("on_ec2", cw).send_blocking().unwrap().payload,
        json!({"source": "aws.ec2", "detail": {"state": "running"}, "region": "us-east-1"})
    );

    let kinesis = events.generate_kinesis_event([&b"one"[..], b"two"], None);
    assert_eq!(
        lambda
            .invoke("on_click", kinesis)
            .send_blocking()
            .unwrap()
            .payload,
        json!(["one", "two"])
    );

    let dynamodb = events.generate_dynamodb_event(
        "Orders",
        "REMOVE",
        json!({"Id": {"N": "1"}}),
        None,
        Some(json!({"Id": {"N": "1"}})),
    );
    assert_eq!(
        lambda
            .invoke("on_change", dynamodb)
            .send_blocking()
            .unwrap()
            .payload,
        json!(["REMOVE"])
    );

    let ws = events.generate_websocket_event("$default", Some("hi"), Some("conn-1"));
    assert_eq!(
        lambda
            .invoke("ws_message", ws)
            .send_blocking()
            .unwrap()
            .payload,
        json!({"statusCode": 200, "body": "hi", "connection": "conn-1"})
    );
}

#[test]
fn an_unknown_name_is_function_not_found() {
    let err = client()
        .lambda()
        .invoke("no_such_function", json!({}))
        .send_blocking()
        .unwrap_err();
    assert!(err.is_function_not_found());
    assert!(matches!(&err, Error::FunctionNotFound(name) if name == "no_such_function"));
    assert_eq!(err.to_string(), "FunctionNotFoundError: no_such_function");
    assert!(err.as_handler_error().is_none());
}

#[test]
fn a_payload_of_the_wrong_shape_is_a_handler_error() {
    let client = client();
    let sqs = client.events().generate_sqs_event(["x"], None);
    let err = client
        .lambda()
        .invoke("on_upload", sqs)
        .send_blocking()
        .unwrap_err();
    let inner = err.as_handler_error().unwrap();
    assert_eq!(inner.type_name(), "EventError");
    assert!(err.to_string().contains("S3Event"), "{err}");
}

#[test]
fn a_panicking_handler_is_an_error_not_a_crash() {
    let err = client()
        .lambda()
        .invoke("boom", json!({}))
        .send_blocking()
        .unwrap_err();
    assert!(err.as_handler_error().is_some_and(|e| e.is_panic()));
    assert!(err.to_string().contains("boom"));
}

#[test]
fn the_context_names_the_invoked_function_unless_given() {
    let client = client();
    let default = client
        .lambda()
        .invoke("whoami", json!({}))
        .send_blocking()
        .unwrap();
    assert_eq!(
        default.payload,
        json!({"function_name": "whoami", "version": "$LATEST"})
    );
    let mut context = LambdaContext::new("sample-dev-whoami");
    context.function_version = "7".into();
    let given = client
        .lambda()
        .invoke("whoami", json!({}))
        .context(context)
        .send_blocking()
        .unwrap();
    assert_eq!(
        given.payload,
        json!({"function_name": "sample-dev-whoami", "version": "7"})
    );
}

#[test]
fn the_api_handler_and_authorizers_are_invocable_by_name() {
    let client = client();
    let request = Request::builder()
        .path("/users/{id}")
        .uri_param("id", "3")
        .build();
    let response = client
        .lambda()
        .invoke("api", &request)
        .send_blocking()
        .unwrap();
    assert_eq!(response.payload["statusCode"], 200);
    assert_eq!(response.payload["body"], r#"{"id":"3"}"#);

    let auth = AuthRequest::new(
        "TOKEN",
        "allow",
        "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/api/GET/secure",
    );
    let policy = client
        .lambda()
        .invoke("token_auth", auth)
        .send_blocking()
        .unwrap();
    assert_eq!(policy.payload["principalId"], "alice");
    assert_eq!(
        policy.payload["policyDocument"]["Statement"][0]["Effect"],
        "Allow"
    );
}

#[tokio::test]
async fn async_tests_await_invocations() {
    let client = client();
    let event = client.events().generate_sqs_event(["ok"], None);
    let result = client.lambda().invoke("on_job", event).await.unwrap();
    assert_eq!(result.payload, json!({"batchItemFailures": []}));
    let err = client
        .lambda()
        .invoke("nope", json!(null))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_function_not_found());
}

/// A view and a Lambda function may share a name (views are served by the
/// API handler, not deployed on their own); in either registration order the
/// name invokes the function, whose deployed Lambda runs with that name.
#[test]
fn a_function_keeps_its_name_when_a_view_shares_it() {
    use chalice_app::{Chalice, Json, Request, Route, SQSEventConfig};
    use chalice_events::sqs::SQSEvent;
    use chalice_testing::Client;

    let register_view = |app: &mut Chalice| {
        app.route(
            "/jobs",
            Route::new().name("jobs"),
            |_r: Request| json!({"from": "view"}),
        );
    };
    let register_handler = |app: &mut Chalice| {
        app.on_sqs_message(SQSEventConfig::new("jobs").name("jobs"), |e: SQSEvent| {
            Json(json!({"from": "sqs", "records": e.records().len()}))
        });
    };
    for view_first in [true, false] {
        let mut app = Chalice::new("shared-name");
        if view_first {
            register_view(&mut app);
            register_handler(&mut app);
        } else {
            register_handler(&mut app);
            register_view(&mut app);
        }
        assert_eq!(
            app.handler_names().iter().filter(|n| *n == "jobs").count(),
            1
        );
        let client = Client::new(app);
        let event = client.events().generate_sqs_event(["a"], Some("jobs"));
        let result = client
            .lambda()
            .invoke("jobs", event)
            .send_blocking()
            .unwrap();
        assert_eq!(
            result.payload,
            json!({"from": "sqs", "records": 1}),
            "view first: {view_first}"
        );
        let response = client.http().get("/jobs").send_blocking();
        assert_eq!(response.json_body(), Some(json!({"from": "view"})));
    }
}
