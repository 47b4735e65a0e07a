//! `LambdaService` on its own: what it answers with a handler named, with
//! the handler picked by the event's shape, and against `invoke_reply` on
//! the same bytes.

use std::sync::Arc;

use chalice_events::request::{HttpEventKind, Request};
use chalice_events::sqs::SQSEvent;
use chalice_events::Event;
use lambda_runtime::{LambdaEvent, Service};
use serde_json::value::RawValue;

use super::LambdaService;
use crate::{json, Chalice, Json, LambdaFunctionEvent, Route, SQSEventConfig};

fn app() -> Arc<Chalice> {
    let mut app = Chalice::new("shapes");
    app.route(
        "/items/{id}",
        Route::new(),
        |request: Request| json!({"id": request.uri_param("id").unwrap_or_default().to_string()}),
    );
    app.on_sqs_message(
        SQSEventConfig::new("jobs").name("on_job"),
        |event: SQSEvent| {
            Json(
                event
                    .iter()
                    .map(|r| r.body().to_string())
                    .collect::<Vec<_>>(),
            )
        },
    );
    app.lambda_function("plain", |event: LambdaFunctionEvent| Json(event.event));
    Arc::new(app)
}

/// The service's answer to `text` as JSON text, or its error's class and
/// message.
async fn answer(service: &mut LambdaService, text: &str) -> Result<String, String> {
    let payload = RawValue::from_string(text.to_string()).unwrap();
    match service
        .call(LambdaEvent::new(
            payload,
            lambda_runtime::Context::default(),
        ))
        .await
    {
        Ok(reply) => Ok(serde_json::to_string(&reply).unwrap()),
        Err(e) => Err(format!("{}: {e}", e.type_name())),
    }
}

#[tokio::test]
async fn an_event_gets_the_same_answer_named_picked_or_lent() {
    let rest = Request::builder()
        .path("/items/{id}")
        .uri_param("id", "7")
        .build();
    let rest = rest.to_json().to_string();
    let http_api = Request::builder()
        .kind(HttpEventKind::HttpApi)
        .path("/items/{id}")
        .uri_param("id", "8")
        .build();
    let http_api = http_api.to_json().to_string();
    // An integer past 64 bits: the event cannot be read without rounding it.
    let big = rest.replacen("{", r#"{"big":18446744073709551616,"#, 1);
    let sqs = SQSEvent::builder().queue_name("jobs").body("work").build();
    let sqs = sqs.to_json();
    let unreadable = r#"{"httpMethod":7,"requestContext":{}}"#;
    let cases = [
        (rest.as_str(), "api", r#""statusCode":200"#),
        // Unreadable, without a resource path: Chalice's "Unknown request.".
        (unreadable, "api", "Unknown request."),
        (http_api.as_str(), "api", r#""body":"{\"id\":\"8\"}""#),
        // Refused as an event that cannot be read, as with a handler named;
        // the shape's `Value` would have rounded it.
        (big.as_str(), "api", r#""statusCode":500"#),
        (sqs.as_str(), "on_job", r#"["work"]"#),
    ];
    for (text, name, expected) in cases {
        let named = answer(
            &mut LambdaService::new(app()).with_handler(Some(name)),
            text,
        )
        .await;
        let picked = answer(&mut LambdaService::new(app()).with_handler(None), text).await;
        assert_eq!(picked, named, "{text}");
        // The text handed over is answered as the same bytes lent.
        let context = super::context_from_lambda(&lambda_runtime::Context::default());
        let lent = app()
            .invoke_reply(name, text.as_bytes(), context)
            .await
            .map(|reply| serde_json::to_string(&reply).unwrap())
            .map_err(|e| format!("{}: {e}", e.type_name()));
        assert_eq!(named, lent, "{text}");
        let reply = named.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(reply.contains(expected), "{reply}");
    }
    // What no handler takes is an error naming the variable to set.
    let err = answer(
        &mut LambdaService::new(app()).with_handler(None),
        r#"{"x":1}"#,
    )
    .await
    .unwrap_err();
    assert!(err.contains("name one with CHALICE_HANDLER"), "{err}");
    assert_eq!(
        answer(
            &mut LambdaService::new(app()).with_handler(Some("plain")),
            r#"{"x":1}"#
        )
        .await,
        Ok(json!({"x": 1}).to_string())
    );
}
