//! `LambdaService` on its own: what it answers with a handler named, with
//! the handler picked by the event's shape, and against `invoke_reply` on
//! the same bytes; and with its body handed over by `BodyHandover`.

use std::sync::Arc;

use chalice_events::request::{HttpEventKind, Request};
use chalice_events::sqs::SQSEvent;
use chalice_events::Event;
use lambda_runtime::tower::Layer;
use lambda_runtime::{LambdaEvent, LambdaInvocation, Service};
use serde_json::value::RawValue;

use super::{BodyHandover, LambdaService, HANDED_OVER};
use crate::handler::BoxFuture;
use crate::{json, Chalice, Error, Json, LambdaFunctionEvent, Reply, Route, SQSEventConfig};

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

/// An answer as JSON text, or its error's class and message.
fn written(answer: Result<Reply, Error>) -> Result<String, String> {
    answer
        .map(|reply| serde_json::to_string(&reply).unwrap())
        .map_err(|e| format!("{}: {e}", e.type_name()))
}

/// The service's answer to `text`, [`written`].
async fn answer(service: &mut LambdaService, text: &str) -> Result<String, String> {
    let payload = RawValue::from_string(text.to_string()).unwrap();
    let event = LambdaEvent::new(payload, lambda_runtime::Context::default());
    written(service.call(event).await)
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
        // The bytes handed over, as `run` serves an invocation.
        for handler in [Some(name), None] {
            let service = LambdaService::new(app()).with_handler(handler);
            let handed = handed_over(
                Runtime {
                    service,
                    later: false,
                },
                text,
            )
            .await;
            assert_eq!(handed, named, "{text} handed over to {handler:?}");
        }
        // The text handed over is answered as the same bytes lent.
        let context = super::context_from_lambda(&lambda_runtime::Context::default());
        let lent = written(app().invoke_reply(name, text.as_bytes(), context).await);
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

/// What `lambda_runtime` does between `BodyHandover` and the service: the
/// body read into the payload, the service called inside its own `call`;
/// or, `later`, only once the future it returns runs.
#[derive(Clone)]
struct Runtime {
    service: LambdaService,
    later: bool,
}

impl Service<LambdaInvocation> for Runtime {
    type Response = Reply;
    type Error = Error;
    type Future = BoxFuture<Result<Reply, Error>>;

    fn poll_ready(
        &mut self,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, invocation: LambdaInvocation) -> Self::Future {
        let payload: Box<RawValue> = serde_json::from_slice(&invocation.body).unwrap();
        let event = LambdaEvent::new(payload, invocation.context);
        if !self.later {
            return self.service.call(event);
        }
        let mut service = self.service.clone();
        Box::pin(async move { service.call(event).await })
    }
}

fn invocation(text: &str) -> LambdaInvocation {
    LambdaInvocation {
        parts: http::Response::new(()).into_parts().0,
        body: bytes::Bytes::copy_from_slice(text.as_bytes()),
        context: lambda_runtime::Context::default(),
    }
}

/// The answer to `text` through `BodyHandover` over `inner`, [`written`].
async fn handed_over<S>(inner: S, text: &str) -> Result<String, String>
where
    S: Service<LambdaInvocation, Response = Reply, Error = Error>,
{
    let mut service = BodyHandover.layer(inner);
    let future = service.call(invocation(text));
    // Nothing is left behind for the next invocation on this thread.
    let left = HANDED_OVER.take();
    assert!(left.is_none(), "a body was left behind: {left:?}");
    written(future.await)
}

#[tokio::test]
async fn a_body_handed_over_reaches_the_service_once_or_fails_the_invocation() {
    let text = SQSEvent::builder()
        .queue_name("jobs")
        .body("work")
        .build()
        .to_json();
    let service = LambdaService::new(app()).with_handler(Some("on_job"));
    assert_eq!(
        handed_over(
            Runtime {
                service: service.clone(),
                later: false
            },
            &text
        )
        .await,
        Ok(r#"["work"]"#.to_string())
    );
    // Called after the layer's `call` has returned, the service finds the
    // placeholder and no body: an error, not an answer to the placeholder.
    let later = Runtime {
        service: service.clone(),
        later: true,
    };
    let err = handed_over(later, &text).await.unwrap_err();
    assert!(err.contains("BodyHandover"), "{err}");
    // Two layers hand the body over once.
    let mut twice = BodyHandover.layer(BodyHandover.layer(Runtime {
        service: service.clone(),
        later: false,
    }));
    assert_eq!(
        written(twice.call(invocation(&text)).await),
        Ok(r#"["work"]"#.to_string())
    );
    // Without the layer, the payload is the event, as before.
    assert_eq!(
        answer(&mut service.clone(), &text).await,
        Ok(r#"["work"]"#.to_string())
    );
}

#[tokio::test]
async fn the_invocations_context_reaches_the_handler() {
    let mut app = Chalice::new("context");
    app.lambda_function("who", |event: LambdaFunctionEvent| {
        let c = event.context;
        json!([
            c.aws_request_id,
            c.invoked_function_arn,
            c.xray_trace_id,
            c.function_name,
            c.function_version,
            c.log_group_name,
            c.log_stream_name,
            c.memory_limit_in_mb,
            c.deadline_ms
        ])
    });
    let mut ctx = lambda_runtime::Context::default();
    ctx.request_id = "req-9".into();
    ctx.invoked_function_arn = "arn:aws:lambda:us-west-2:1:function:who".into();
    ctx.xray_trace_id = Some("Root=1-9".into());
    ctx.deadline = 1_700_000_000_000;
    ctx.env_config = Arc::new(lambda_runtime::Config {
        function_name: "who".into(),
        memory: 256,
        version: "3".into(),
        log_stream: "stream".into(),
        log_group: "/aws/lambda/who".into(),
    });
    let mut service = LambdaService::new(Arc::new(app)).with_handler(Some("who"));
    let payload = RawValue::from_string("{}".to_string()).unwrap();
    let answer = written(service.call(LambdaEvent::new(payload, ctx)).await);
    assert_eq!(
        answer.as_deref(),
        Ok(
            r#"["req-9","arn:aws:lambda:us-west-2:1:function:who","Root=1-9","who","3","/aws/lambda/who","stream",256,1700000000000]"#
        )
    );
}
