//! Reliability under invalid input: nothing panics, what is rejected is
//! rejected with the right kind of error, and what is accepted still
//! round-trips.

use std::sync::Arc;

use chalice_app::LambdaContext;
use chalice_events::request::Request;
use chalice_events::{
    AuthRequest, Category, CloudWatchEvent, DynamoDBEvent, Event, KinesisEvent, S3Event, SNSEvent,
    SQSEvent, WebsocketEvent,
};
use chalice_testing::strategies::{self, adversarial};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};

use crate::app::{client, sample_app};

/// Damaged input is either rejected or, when the damage hit a field the type
/// does not check, accepted and kept exactly.
fn survives<E: Event>(raw: Value) -> Result<(), TestCaseError> {
    if let Ok(event) = E::from_value(raw.clone()) {
        prop_assert_eq!(event.to_dict(), raw);
    }
    Ok(())
}

proptest! {
    #[test]
    fn wrong_types_never_panic(
        s3 in adversarial::wrong_types(strategies::s3_event_json()),
        sns in adversarial::wrong_types(strategies::sns_event_json()),
        sqs in adversarial::wrong_types(strategies::sqs_event_json()),
        cw in adversarial::wrong_types(strategies::cloudwatch_event_json()),
        kinesis in adversarial::wrong_types(strategies::kinesis_event_json()),
        dynamodb in adversarial::wrong_types(strategies::dynamodb_event_json()),
        ws in adversarial::wrong_types(strategies::websocket_event_json()),
        auth in adversarial::wrong_types(strategies::auth_request_json()),
    ) {
        survives::<S3Event>(s3)?;
        survives::<SNSEvent>(sns)?;
        survives::<SQSEvent>(sqs)?;
        survives::<CloudWatchEvent>(cw)?;
        survives::<KinesisEvent>(kinesis)?;
        survives::<DynamoDBEvent>(dynamodb)?;
        survives::<WebsocketEvent>(ws)?;
        survives::<AuthRequest>(auth)?;
    }

    #[test]
    fn missing_fields_never_panic(
        s3 in adversarial::missing_fields(strategies::s3_event_json()),
        sns in adversarial::missing_fields(strategies::sns_event_json()),
        sqs in adversarial::missing_fields(strategies::sqs_event_json()),
        cw in adversarial::missing_fields(strategies::cloudwatch_event_json()),
        kinesis in adversarial::missing_fields(strategies::kinesis_event_json()),
        dynamodb in adversarial::missing_fields(strategies::dynamodb_event_json()),
        ws in adversarial::missing_fields(strategies::websocket_event_json()),
        auth in adversarial::missing_fields(strategies::auth_request_json()),
    ) {
        survives::<S3Event>(s3)?;
        survives::<SNSEvent>(sns)?;
        survives::<SQSEvent>(sqs)?;
        survives::<CloudWatchEvent>(cw)?;
        survives::<KinesisEvent>(kinesis)?;
        survives::<DynamoDBEvent>(dynamodb)?;
        survives::<WebsocketEvent>(ws)?;
        survives::<AuthRequest>(auth)?;
    }

    #[test]
    fn damaged_http_events_are_kept_or_rejected(
        wrong in adversarial::wrong_types(strategies::http_event_json()),
        missing in adversarial::missing_fields(strategies::http_event_json()),
    ) {
        for raw in [wrong, missing] {
            if let Ok(request) = Request::from_value(raw.clone()) {
                prop_assert_eq!(request.to_original_event(), &raw);
                let _ = (request.headers().len(), request.query_params(), request.raw_body(), request.to_dict());
            }
        }
    }

    #[test]
    fn malformed_json_is_a_syntax_error_for_every_type(bytes in adversarial::malformed_json()) {
        let categories = [
            S3Event::from_slice(&bytes).map(drop).map_err(|e| e.classify()),
            SNSEvent::from_slice(&bytes).map(drop).map_err(|e| e.classify()),
            SQSEvent::from_slice(&bytes).map(drop).map_err(|e| e.classify()),
            CloudWatchEvent::from_slice(&bytes).map(drop).map_err(|e| e.classify()),
            KinesisEvent::from_slice(&bytes).map(drop).map_err(|e| e.classify()),
            DynamoDBEvent::from_slice(&bytes).map(drop).map_err(|e| e.classify()),
            WebsocketEvent::from_slice(&bytes).map(drop).map_err(|e| e.classify()),
            AuthRequest::from_slice(&bytes).map(drop).map_err(|e| e.classify()),
            Request::from_slice(&bytes).map(drop).map_err(|e| e.classify()),
        ];
        for category in categories {
            prop_assert_eq!(category, Err(Category::Syntax));
        }
    }

    #[test]
    fn invalid_base64_kinesis_data_is_an_encoding_error(raw in adversarial::kinesis_event_with_invalid_base64()) {
        let err = KinesisEvent::from_value(raw).unwrap_err();
        prop_assert_eq!(err.classify(), Category::Encoding);
    }

    #[test]
    fn invalid_base64_bodies_are_reported_by_raw_body(raw in adversarial::rest_event_with_invalid_base64_body()) {
        let request = Request::from_value(raw).unwrap();
        let err = request.raw_body().unwrap_err();
        prop_assert_eq!(err.classify(), Category::Encoding);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn malformed_json_bodies_are_a_400(body in adversarial::malformed_json_text()) {
        let response = client()
            .http()
            .post("/items")
            .header("Content-Type", "application/json")
            .body(body)
            .send_blocking();
        prop_assert_eq!(response.status_code, 400);
        prop_assert_eq!(
            response.json_body(),
            Some(json!({"Code": "BadRequestError", "Message": "Error Parsing JSON"}))
        );
    }

    #[test]
    fn damaged_rest_events_still_get_a_response(
        raw in prop_oneof![
            adversarial::wrong_types(strategies::rest_event_json()).boxed(),
            adversarial::missing_fields(strategies::rest_event_json()).boxed(),
            adversarial::rest_event_with_malformed_json_body().boxed(),
            adversarial::rest_event_with_invalid_base64_body().boxed(),
        ],
    ) {
        let app = Arc::new(sample_app());
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let dict = runtime.block_on(app.handle_http_event(raw, LambdaContext::new("api_handler")));
        let status = dict["statusCode"].as_u64().unwrap_or(0);
        prop_assert!((100..600).contains(&status), "{}", dict);
        prop_assert!(dict["body"].is_string() || dict["body"].is_null());
    }

    #[test]
    fn handlers_given_damaged_events_fail_cleanly(
        sqs in adversarial::wrong_types(strategies::sqs_event_json()),
        s3 in adversarial::missing_fields(strategies::s3_event_json()),
        anything in prop_oneof![Just(Value::Null), Just(json!([])), Just(json!("x")), Just(json!({}))],
    ) {
        let client = client();
        let lambda = client.lambda();
        for (name, payload) in [("on_job", sqs), ("on_upload", s3), ("on_note", anything.clone()), ("on_ec2", anything)] {
            match lambda.invoke(name, payload).send_blocking() {
                Ok(_) => {}
                Err(e) => prop_assert!(!e.is_function_not_found() && !e.as_handler_error().is_some_and(|h| h.is_panic()), "{}", e),
            }
        }
    }
}
