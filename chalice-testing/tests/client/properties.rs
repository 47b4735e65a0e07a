//! The laws, as properties over the strategies: every generated event
//! round-trips through `to_dict()` unchanged, and every generated HTTP
//! request yields a well-formed response without panicking.

use std::sync::Arc;

use base64::Engine as _;
use chalice_app::LambdaContext;
use chalice_events::request::{HttpEventKind, Request};
use chalice_events::{
    AuthRequest, CloudWatchEvent, DynamoDBEvent, Event, KinesisEvent, S3Event, SNSEvent, SQSEvent,
    WebsocketEvent,
};
use chalice_testing::strategies::{self, any_event, Sizes};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::Value;

use crate::app::{client, sample_app, templates};

/// `from_value(json).to_dict() == json`, through serde as well, and the
/// typed event reads back equal from its own dict.
fn round_trips<E: Event + PartialEq + std::fmt::Debug + serde::Serialize>(
    raw: &Value,
) -> Result<(), TestCaseError> {
    let event = E::from_value(raw.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&event.to_dict(), raw);
    prop_assert_eq!(&serde_json::to_value(&event).unwrap(), raw);
    prop_assert_eq!(E::from_value(event.to_dict()).unwrap(), event);
    Ok(())
}

proptest! {
    #[test]
    fn s3_events_round_trip(raw in strategies::s3_event_json()) {
        round_trips::<S3Event>(&raw)?;
    }

    #[test]
    fn sns_events_round_trip(raw in strategies::sns_event_json()) {
        round_trips::<SNSEvent>(&raw)?;
    }

    #[test]
    fn sqs_events_round_trip(raw in strategies::sqs_event_json()) {
        round_trips::<SQSEvent>(&raw)?;
    }

    #[test]
    fn cloudwatch_events_round_trip(raw in strategies::cloudwatch_event_json()) {
        round_trips::<CloudWatchEvent>(&raw)?;
    }

    #[test]
    fn kinesis_events_round_trip(raw in strategies::kinesis_event_json()) {
        round_trips::<KinesisEvent>(&raw)?;
    }

    #[test]
    fn dynamodb_events_round_trip(raw in strategies::dynamodb_event_json()) {
        round_trips::<DynamoDBEvent>(&raw)?;
    }

    #[test]
    fn websocket_events_round_trip(raw in strategies::websocket_event_json()) {
        round_trips::<WebsocketEvent>(&raw)?;
    }

    #[test]
    fn auth_requests_round_trip(raw in strategies::auth_request_json()) {
        round_trips::<AuthRequest>(&raw)?;
    }

    #[test]
    fn http_events_round_trip(raw in strategies::http_event_json()) {
        let request = Request::from_value(raw.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(request.to_original_event(), &raw);
        prop_assert_eq!(&serde_json::to_value(&request).unwrap(), &raw);
        // Every accessor answers, and a generated body is always readable.
        prop_assert!(request.raw_body().is_ok());
        let _ = (request.headers().len(), request.query_params(), request.to_dict());
    }

    #[test]
    fn typed_strategies_agree_with_their_json(
        s3 in any_event::<S3Event>(),
        sqs in any_event::<SQSEvent>(),
        request in any_event::<Request>(),
    ) {
        prop_assert_eq!(S3Event::from_value(s3.to_dict()).unwrap(), s3);
        prop_assert!(!sqs.records().is_empty());
        prop_assert!(!request.method().is_empty());
    }

    #[test]
    fn s3_keys_decode_to_what_the_builder_encoded(key in "\\PC{1,24}") {
        let event = S3Event::builder().key(&key).build();
        prop_assert_eq!(event.key(), key);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn large_batches_round_trip(
        raw in strategies::sqs_event_json_with(Sizes { typical_records: 100, max_records: 300, max_text: 8 }),
    ) {
        let event = SQSEvent::from_value(raw.clone()).unwrap();
        prop_assert!((1..=300).contains(&event.records().len()));
        prop_assert_eq!(event.to_dict(), raw);
    }
}

/// A proxy response as API Gateway requires it for `kind`.
fn well_formed(dict: &Value, kind: HttpEventKind) -> Result<(), TestCaseError> {
    let status = dict["statusCode"].as_u64();
    prop_assert!(
        status.is_some_and(|s| (100..600).contains(&s)),
        "statusCode in {}",
        dict
    );
    let header_maps: &[&str] = match kind {
        HttpEventKind::Rest => &["headers", "multiValueHeaders"],
        HttpEventKind::HttpApi | HttpEventKind::FunctionUrl => &["headers"],
        HttpEventKind::Alb => &[],
    };
    for key in header_maps {
        prop_assert!(dict[*key].is_object(), "{} in {}", key, dict);
    }
    if let Some(headers) = dict.get("headers").and_then(Value::as_object) {
        prop_assert!(
            headers.values().all(Value::is_string),
            "headers in {}",
            dict
        );
    }
    if let Some(multi) = dict.get("multiValueHeaders").and_then(Value::as_object) {
        for values in multi.values() {
            let list = values.as_array();
            prop_assert!(
                list.is_some_and(|l| l.iter().all(Value::is_string)),
                "{}",
                dict
            );
        }
    }
    prop_assert!(
        dict["body"].is_string() || dict["body"].is_null(),
        "body in {}",
        dict
    );
    if dict["isBase64Encoded"] == Value::Bool(true) {
        let body = dict["body"].as_str().unwrap_or("");
        prop_assert!(base64::engine::general_purpose::STANDARD
            .decode(body)
            .is_ok());
    }
    Ok(())
}

proptest! {
    // Each case runs the app: fewer cases, as for any dispatch property.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn rest_requests_to_the_app_get_well_formed_responses(
        raw in strategies::rest_event_json_for(templates()),
    ) {
        let app = Arc::new(sample_app());
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let dict = runtime.block_on(app.handle_http_event(raw, LambdaContext::new("api_handler")));
        well_formed(&dict, HttpEventKind::Rest)?;
    }

    #[test]
    fn http_events_of_every_kind_get_well_formed_responses(raw in strategies::http_event_json()) {
        let kind = HttpEventKind::detect(&raw);
        let app = Arc::new(sample_app());
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let dict = runtime.block_on(app.handle_http_event(raw, LambdaContext::new("api_handler")));
        well_formed(&dict, kind)?;
    }

    #[test]
    fn gateway_requests_get_well_formed_responses(request in strategies::http_request_for(templates())) {
        let known_path = request.path.split('?').next().unwrap_or("").to_string();
        let response = client().http().send_request(request).send_blocking();
        prop_assert!((100..600).contains(&response.status_code), "{:?}", response);
        prop_assert!(response.header("content-type").is_some(), "{:?}", response);
        if response.status_code == 403 {
            prop_assert!(response.header("x-amzn-ErrorType").is_some(), "{} {:?}", known_path, response);
        }
    }

    #[test]
    fn random_paths_never_break_the_gateway(request in strategies::http_request()) {
        let response = client().http().send_request(request).send_blocking();
        prop_assert!((100..600).contains(&response.status_code));
    }

    #[test]
    fn generated_events_are_handled(
        s3 in strategies::s3_event(),
        sqs in strategies::sqs_event(),
        kinesis in strategies::kinesis_event(),
        dynamodb in strategies::dynamodb_event(),
        websocket in strategies::websocket_event(),
    ) {
        let client = client();
        let lambda = client.lambda();
        let records = sqs.records().len();
        prop_assert!(lambda.invoke("on_upload", s3).send_blocking().is_ok());
        let failures = lambda.invoke("on_job", sqs).send_blocking().unwrap().payload;
        prop_assert!(failures["batchItemFailures"].as_array().is_some_and(|f| f.len() <= records));
        prop_assert!(lambda.invoke("on_click", kinesis).send_blocking().is_ok());
        prop_assert!(lambda.invoke("on_change", dynamodb).send_blocking().is_ok());
        prop_assert!(lambda.invoke("ws_message", websocket).send_blocking().is_ok());
    }
}
