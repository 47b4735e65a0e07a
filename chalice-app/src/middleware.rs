//! Middleware: functions that wrap handlers, as Chalice's `@app.middleware`.
//!
//! A middleware receives the event and a [`Next`]; calling `next.run(event)`
//! runs the rest of the chain and finally the handler. Middleware registered
//! first runs outermost. Not calling `next` short-circuits the handler.
//!
//! | [`EventType`] | wraps | event passed |
//! |---|---|---|
//! | `All` | every handler but built-in authorizers | as below |
//! | `Http` | routes | [`MiddlewareEvent::Http`] |
//! | `S3`, `Sns`, `Sqs` | `on_s3_event`, `on_sns_message`, `on_sqs_message` | the typed event |
//! | `CloudWatch`, `Scheduled` | `on_cw_event`, `schedule` | [`CloudWatchEvent`] |
//! | `Kinesis`, `DynamoDB` | `on_kinesis_record`, `on_dynamodb_record` | the typed event |
//! | `Websocket` | `on_ws_*` | [`WebsocketEvent`] |
//! | `PureLambda` | `lambda_function` | [`LambdaFunctionEvent`] |

use std::sync::Arc;

use chalice_events::cloudwatch::CloudWatchEvent;
use chalice_events::dynamodb::DynamoDBEvent;
use chalice_events::json::RawJson;
use chalice_events::kinesis::KinesisEvent;
use chalice_events::request::Request;
use chalice_events::response::Response;
use chalice_events::s3::S3Event;
use chalice_events::sns::SNSEvent;
use chalice_events::sqs::SQSEvent;
use chalice_events::websocket::WebsocketEvent;
use chalice_events::{Event, LambdaContext};
use serde_json::Value;

use crate::handler::BoxFuture;
use crate::{Chalice, Error};

/// Which handlers a middleware wraps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    /// Every handler except built-in authorizers.
    All,
    /// Routes.
    Http,
    /// S3 event handlers.
    S3,
    /// SNS message handlers.
    Sns,
    /// SQS message handlers.
    Sqs,
    /// CloudWatch / EventBridge event handlers.
    CloudWatch,
    /// Scheduled event handlers.
    Scheduled,
    /// Kinesis record handlers.
    Kinesis,
    /// DynamoDB stream handlers.
    DynamoDB,
    /// Websocket handlers.
    Websocket,
    /// Plain Lambda functions.
    PureLambda,
}

impl EventType {
    /// Every type, in the order declared: `as usize` indexes this list
    /// (and [`Chains`]).
    pub(crate) const EVERY: [EventType; 11] = [
        EventType::All,
        EventType::Http,
        EventType::S3,
        EventType::Sns,
        EventType::Sqs,
        EventType::CloudWatch,
        EventType::Scheduled,
        EventType::Kinesis,
        EventType::DynamoDB,
        EventType::Websocket,
        EventType::PureLambda,
    ];
}

// `EVERY` lists the types in the order declared.
const _: () = {
    let mut i = 0;
    while i < EventType::EVERY.len() {
        assert!(EventType::EVERY[i] as usize == i);
        i += 1;
    }
};

/// The middleware that wraps the handlers of each [`EventType`], in the
/// order registered: those registered for all handlers and those for the
/// type. Kept per type as registration goes, so that an invocation takes its
/// chain with one reference count instead of collecting it.
#[derive(Clone)]
pub(crate) struct Chains(Vec<Arc<[MiddlewareFn]>>);

impl Default for Chains {
    /// No middleware: an empty chain for every type.
    fn default() -> Self {
        Chains(
            EventType::EVERY
                .iter()
                .map(|_| Arc::from(Vec::new()))
                .collect(),
        )
    }
}

impl Chains {
    /// Adds `middleware`, registered for `event_type`, at the end of the
    /// chains it wraps.
    pub(crate) fn push(&mut self, event_type: EventType, middleware: &MiddlewareFn) {
        for (chain, &of) in self.0.iter_mut().zip(&EventType::EVERY) {
            if event_type == EventType::All || event_type == of {
                *chain = chain
                    .iter()
                    .cloned()
                    .chain([Arc::clone(middleware)])
                    .collect();
            }
        }
    }

    /// The chain of `event_type`.
    pub(crate) fn get(&self, event_type: EventType) -> Arc<[MiddlewareFn]> {
        match self.0.get(event_type as usize) {
            Some(chain) => Arc::clone(chain),
            None => Arc::from(Vec::new()),
        }
    }
}

/// A plain Lambda function's input: the raw payload and the context.
#[derive(Debug, Clone, PartialEq)]
pub struct LambdaFunctionEvent {
    /// The payload, untouched.
    pub event: Value,
    /// The invocation's context.
    pub context: LambdaContext,
}

impl LambdaFunctionEvent {
    /// The payload (Chalice's `to_dict()`).
    pub fn to_dict(&self) -> Value {
        self.event.clone()
    }
}

/// The event a middleware sees.
#[derive(Debug, Clone)]
pub enum MiddlewareEvent {
    /// An HTTP request to a route.
    Http(Request),
    /// An S3 notification.
    S3(S3Event),
    /// An SNS message.
    Sns(SNSEvent),
    /// A batch of SQS messages.
    Sqs(SQSEvent),
    /// A CloudWatch / EventBridge event.
    CloudWatch(CloudWatchEvent),
    /// A scheduled event.
    Scheduled(CloudWatchEvent),
    /// Kinesis records.
    Kinesis(KinesisEvent),
    /// DynamoDB stream records.
    DynamoDB(DynamoDBEvent),
    /// A websocket event.
    Websocket(WebsocketEvent),
    /// A plain Lambda invocation.
    PureLambda(LambdaFunctionEvent),
}

impl MiddlewareEvent {
    /// Which kind of handler this event is for.
    pub fn event_type(&self) -> EventType {
        match self {
            MiddlewareEvent::Http(_) => EventType::Http,
            MiddlewareEvent::S3(_) => EventType::S3,
            MiddlewareEvent::Sns(_) => EventType::Sns,
            MiddlewareEvent::Sqs(_) => EventType::Sqs,
            MiddlewareEvent::CloudWatch(_) => EventType::CloudWatch,
            MiddlewareEvent::Scheduled(_) => EventType::Scheduled,
            MiddlewareEvent::Kinesis(_) => EventType::Kinesis,
            MiddlewareEvent::DynamoDB(_) => EventType::DynamoDB,
            MiddlewareEvent::Websocket(_) => EventType::Websocket,
            MiddlewareEvent::PureLambda(_) => EventType::PureLambda,
        }
    }

    /// The raw event (for HTTP, the original event).
    pub fn to_dict(&self) -> Value {
        match self {
            MiddlewareEvent::Http(r) => r.to_original_event().clone(),
            MiddlewareEvent::S3(e) => e.to_dict(),
            MiddlewareEvent::Sns(e) => e.to_dict(),
            MiddlewareEvent::Sqs(e) => e.to_dict(),
            MiddlewareEvent::CloudWatch(e) | MiddlewareEvent::Scheduled(e) => e.to_dict(),
            MiddlewareEvent::Kinesis(e) => e.to_dict(),
            MiddlewareEvent::DynamoDB(e) => e.to_dict(),
            MiddlewareEvent::Websocket(e) => e.to_dict(),
            MiddlewareEvent::PureLambda(e) => e.to_dict(),
        }
    }
}

/// What the handler (or a middleware) produced.
///
/// An event handler's answer is a [`Value`](Outcome::Value), or, when it
/// returned a [`Json<T>`](crate::Json) of a typed value, the
/// [`Json`](Outcome::Json) text that value was written to; middleware that
/// looks into an answer of either kind reads it with
/// [`into_value`](Outcome::into_value).
///
/// ```
/// use chalice_app::{Chalice, EventType, Json, LambdaContext, LambdaFunctionEvent, Outcome};
/// use std::sync::Arc;
///
/// #[derive(serde::Serialize)]
/// struct Done { id: u32 }
///
/// let mut app = Chalice::new("tagged");
/// app.middleware(EventType::PureLambda, |event, next| async move {
///     let mut answer = next.run(event).await?.into_value()?;
///     answer["tagged"] = true.into();
///     Ok(Outcome::Value(answer))
/// });
/// app.lambda_function("done", |_: LambdaFunctionEvent| Json(Done { id: 7 }));
/// let app = Arc::new(app);
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let answer = app.invoke("done", serde_json::json!({}), LambdaContext::new("done")).await.unwrap();
/// assert_eq!(answer, serde_json::json!({"id": 7, "tagged": true}));
/// # });
/// ```
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A route's response.
    Response(Response),
    /// Any other handler's return value.
    Value(Value),
    /// An event handler's typed answer, as the JSON text it was written to
    /// (serde_json's compact text), which the Lambda front copies as it is.
    Json(RawJson),
}

impl Outcome {
    /// The answer as a `Value`: a response as its proxy response dict
    /// ([`Response::to_dict`]), JSON text read back.
    ///
    /// # Errors
    ///
    /// When a response's body cannot be written.
    pub fn into_value(self) -> Result<Value, Error> {
        match self {
            Outcome::Value(value) => Ok(value),
            Outcome::Json(raw) => Ok(raw.to_value()),
            Outcome::Response(response) => Ok(response.to_dict(None)?),
        }
    }
}

pub(crate) type MiddlewareFn =
    Arc<dyn Fn(MiddlewareEvent, Next) -> BoxFuture<Result<Outcome, Error>> + Send + Sync>;
/// What the middleware chain ends in.
#[derive(Clone)]
pub(crate) enum Terminal {
    /// The app's HTTP dispatch: the route's view, then the checks of its
    /// response. The app itself, not a closure over it, so that a request
    /// allocates nothing for the end of its chain.
    Http(Arc<Chalice>),
    /// An event handler.
    Handler(Arc<dyn Fn(MiddlewareEvent) -> BoxFuture<Result<Outcome, Error>> + Send + Sync>),
}

impl Terminal {
    fn call(&self, event: MiddlewareEvent) -> BoxFuture<Result<Outcome, Error>> {
        match self {
            Terminal::Http(app) => {
                let app = Arc::clone(app);
                Box::pin(async move {
                    match event {
                        MiddlewareEvent::Http(request) => {
                            app.main_http_handler(request).await.map(Outcome::Response)
                        }
                        _ => Err(Error::msg("HTTP middleware passed on a non-HTTP event")),
                    }
                })
            }
            Terminal::Handler(handler) => handler(event),
        }
    }
}

/// The rest of the middleware chain, then the handler.
#[derive(Clone)]
pub struct Next {
    chain: Arc<[MiddlewareFn]>,
    index: usize,
    terminal: Terminal,
}

impl std::fmt::Debug for Next {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next")
            .field("remaining", &(self.chain.len() - self.index))
            .finish()
    }
}

impl Next {
    pub(crate) fn new(chain: Arc<[MiddlewareFn]>, terminal: Terminal) -> Self {
        Next {
            chain,
            index: 0,
            terminal,
        }
    }

    /// Runs the rest of the chain with `event`.
    ///
    /// For event handlers, the event given here is what the handler receives.
    pub fn run(self, event: MiddlewareEvent) -> BoxFuture<Result<Outcome, Error>> {
        match self.chain.get(self.index).cloned() {
            Some(middleware) => {
                let next = Next {
                    index: self.index + 1,
                    ..self
                };
                middleware(event, next)
            }
            None => self.terminal.call(event),
        }
    }
}

/// The HTTP part of the chain, for [`Chalice::http_middleware`](crate::Chalice::http_middleware).
#[derive(Debug, Clone)]
pub struct HttpNext(pub(crate) Next);

impl HttpNext {
    /// Runs the rest of the chain and the view.
    ///
    /// # Errors
    ///
    /// A [`ChaliceUnhandledError`](crate::ChaliceUnhandledError) from the view,
    /// or whatever inner middleware fails with. View errors arrive here
    /// already turned into their responses.
    pub async fn run(self, request: Request) -> Result<Response, Error> {
        match self.0.run(MiddlewareEvent::Http(request)).await? {
            Outcome::Response(r) => Ok(r),
            Outcome::Value(_) | Outcome::Json(_) => Err(Error::msg(
                "HTTP middleware produced a value, not a response",
            )),
        }
    }
}
