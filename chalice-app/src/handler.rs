//! What handlers may be: sync or async functions, returning anything that
//! turns into a response or a JSON value.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chalice_events::request::Request;
use chalice_events::response::{Body, Response};
use chalice_events::websocket::WebsocketEvent;
use chalice_events::Event;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::dispatch::{call_guarded, Payload};
use crate::middleware::{MiddlewareEvent, Outcome, Terminal};
use crate::models::{FromRequest, RouteModels};
use crate::{Chalice, Error};

/// A boxed, sendable future, as handlers are stored.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// JSON both ways: a response body from any serializable value
/// (`Ok(Json(item))`), and, as a view argument, the request body read into
/// `T` before the view runs (`|req: Request, Json(item): Json<NewItem>|`;
/// see [`models`](crate::models)).
///
/// A struct is the quickest body: it is written straight to text. A
/// `serde_json::Value` assembled in the view is best built with
/// [`json!`](crate::json!), which moves the `Value`s put into it (the
/// request's [`json_body`](Request::json_body), say) where
/// `serde_json::json!` serializes them into a copy. An event handler's
/// `Json` of a `Value`, or of a `Vec` or `Map` of them, is its answer as it
/// is, moved rather than copied; a `Json` of any other type (a struct) is
/// written straight to the JSON text Lambda answers with, once.
///
/// ```
/// use chalice_app::{json, Chalice, Error, Json, Request};
///
/// let mut app = Chalice::new("echo");
/// app.route("/echo", chalice_app::Route::new().methods(["POST"]), |req: Request| {
///     Ok::<_, Error>(Json(json!({"method": req.method(), "body": req.json_body()?})))
/// });
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

/// What a view returns, turned into a [`Response`].
///
/// A value that is not a `Response` becomes the body of a 200 response with no
/// headers, as in Chalice: text is sent as it is, JSON values are serialized
/// compactly, bytes are sent as binary.
///
/// Implemented by [`Response`], [`Json<T>`] (any `T: Serialize`),
/// `serde_json::Value`, `String`, `&'static str`, `Vec<u8>`, `()` (the body
/// `null`), and `Result<T, E>` of one of them with `E: Into<Error>` (the view
/// errors, [`ChaliceViewError`](crate::ChaliceViewError), any
/// `std::error::Error + Send + Sync`).
// The hints say what is accepted because the compiler, given a closure,
// names only the trait (`IntoResponse is not implemented for Summary`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a response a view can return",
    label = "not a response",
    note = "a view returns `Response`, `Json<T>` (any `T: Serialize`), `serde_json::Value`, `String`, `&'static str`, `Vec<u8>`, `()`, or a `Result` of one of them whose error converts into `chalice_app::Error`",
    note = "to send a value of your own type as JSON, derive `Serialize` for it and wrap it: `Json(value)`"
)]
pub trait IntoResponse {
    /// The response, or the error the view failed with.
    ///
    /// # Errors
    ///
    /// When the view failed, or its value cannot be serialized.
    fn into_response(self) -> Result<Response, Error>;
}

impl IntoResponse for Response {
    fn into_response(self) -> Result<Response, Error> {
        Ok(self)
    }
}

impl IntoResponse for Value {
    fn into_response(self) -> Result<Response, Error> {
        Ok(Response::new(Body::Json(self)))
    }
}

impl IntoResponse for String {
    fn into_response(self) -> Result<Response, Error> {
        Ok(Response::new(Body::Text(self)))
    }
}

impl IntoResponse for &'static str {
    fn into_response(self) -> Result<Response, Error> {
        Ok(Response::new(Body::Text(self.to_string())))
    }
}

impl IntoResponse for Vec<u8> {
    fn into_response(self) -> Result<Response, Error> {
        Ok(Response::new(Body::Bytes(self)))
    }
}

impl IntoResponse for () {
    /// Chalice's `None`: the body `null`.
    fn into_response(self) -> Result<Response, Error> {
        Ok(Response::new(Body::Json(Value::Null)))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    /// The value written straight to Chalice's JSON text
    /// ([`Response::json`]), without a `serde_json::Value` on the way, and
    /// escaped once: as the string the proxy response carries it in.
    fn into_response(self) -> Result<Response, Error> {
        Ok(Response::json(&self.0)?)
    }
}

impl<T: IntoResponse, E: Into<Error>> IntoResponse for Result<T, E> {
    fn into_response(self) -> Result<Response, Error> {
        self.map_err(Into::into)?.into_response()
    }
}

/// What an event handler (S3, SNS, SQS, schedules, ...) or a plain Lambda
/// function returns: any serializable value, or an error.
///
/// Implemented by [`Json<T>`] (any `T: Serialize + 'static`), `serde_json::Value`, `()`
/// (`null`), [`BatchItemFailures`](chalice_events::BatchItemFailures),
/// [`Response`] (a websocket handler's answer), and `Result<T, E>` of one of
/// them with `E: Into<Error>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a value a handler can return",
    label = "not a handler's result",
    note = "an event handler returns `Json<T>` (any `T: Serialize`), `serde_json::Value`, `()`, `BatchItemFailures`, `Response`, or a `Result` of one of them whose error converts into `chalice_app::Error`",
    note = "to return a value of your own type, derive `Serialize` for it and wrap it: `Json(value)`"
)]
pub trait IntoValue {
    /// The value Lambda returns to its caller.
    ///
    /// # Errors
    ///
    /// When the handler failed, or its value cannot be serialized.
    fn into_value(self) -> Result<Value, Error>;

    /// The answer as middleware and the Lambda front take it: the
    /// [`Value`](Outcome::Value) of [`into_value`](Self::into_value), but
    /// for a [`Json<T>`] of a typed value its JSON text
    /// ([`Outcome::Json`]), written once without a `Value` between.
    ///
    /// # Errors
    ///
    /// As [`into_value`](Self::into_value).
    fn into_outcome(self) -> Result<Outcome, Error>
    where
        Self: Sized,
    {
        self.into_value().map(Outcome::Value)
    }
}

impl IntoValue for Value {
    fn into_value(self) -> Result<Value, Error> {
        Ok(self)
    }
}

impl IntoValue for () {
    fn into_value(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
}

impl<T: Serialize + 'static> Json<T> {
    /// The `Value` itself when `T` is a `serde_json::Value` or a `Vec` or
    /// `Map` of them, moved as it is (serializing one would copy every
    /// string and rebuild every object); the `T` back otherwise.
    fn into_moved_value(self) -> Result<Value, T> {
        let mut slot = Some(self.0);
        let any: &mut dyn Any = &mut slot;
        if let Some(value) = any.downcast_mut::<Option<Value>>().and_then(Option::take) {
            return Ok(value);
        }
        if let Some(list) = any
            .downcast_mut::<Option<Vec<Value>>>()
            .and_then(Option::take)
        {
            return Ok(Value::Array(list));
        }
        if let Some(map) = any
            .downcast_mut::<Option<Map<String, Value>>>()
            .and_then(Option::take)
        {
            return Ok(Value::Object(map));
        }
        // Every downcast failed, so none took the value: `slot` holds it.
        match slot {
            Some(typed) => Err(typed),
            None => Ok(Value::Null),
        }
    }
}

impl<T: Serialize + 'static> IntoValue for Json<T> {
    /// A `serde_json::Value`, or a `Vec` or `Map` of them, is moved into the
    /// answer as it is; any other `T` is serialized into a `Value`.
    fn into_value(self) -> Result<Value, Error> {
        match self.into_moved_value() {
            Ok(value) => Ok(value),
            Err(typed) => Ok(serde_json::to_value(&typed)?),
        }
    }

    /// As [`into_value`](Self::into_value) for a `Value`; any other `T` is
    /// written straight to the JSON text of the answer
    /// ([`to_raw_json`](chalice_events::json::to_raw_json)), with no `Value`
    /// built and taken apart on the way.
    fn into_outcome(self) -> Result<Outcome, Error> {
        match self.into_moved_value() {
            Ok(value) => Ok(Outcome::Value(value)),
            Err(typed) => Ok(Outcome::Json(chalice_events::json::to_raw_json(&typed)?)),
        }
    }
}

impl<T: IntoValue, E: Into<Error>> IntoValue for Result<T, E> {
    fn into_value(self) -> Result<Value, Error> {
        self.map_err(Into::into)?.into_value()
    }

    fn into_outcome(self) -> Result<Outcome, Error> {
        self.map_err(Into::into)?.into_outcome()
    }
}

/// Marker for handlers that are plain functions returning their result.
#[derive(Debug)]
pub enum SyncMarker {}
/// Marker for handlers that are `async` functions (or return a future).
#[derive(Debug)]
pub enum AsyncMarker {}

/// A view: a function from the [`Request`] to anything [`IntoResponse`], sync
/// or async, optionally taking up to three extractors after the request
/// ([`Json<T>`], [`Path<T>`](crate::models::Path),
/// [`Query<T>`](crate::models::Query), or any [`FromRequest`]).
///
/// The extractors are read before the view runs, in the order of the
/// arguments; the first that refuses the request answers for the view (a 400
/// naming the field, for the extractors of [`models`](crate::models)).
///
/// The marker `M` only lets the signatures coexist; it is inferred.
// With two impls (sync and async) that could fit, the compiler reports this
// trait rather than the bound that failed inside one of them, so the hint
// names every part of the signature that can be wrong.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a view",
    label = "not a view: check its arguments and its return type",
    note = "a view takes a `Request`, then up to three extractors (`Json<T>`, `Path<T>`, `Query<T>` or any `FromRequest`), and may be `async`",
    note = "a view returns `Response`, `Json<T>` (any `T: Serialize`), `serde_json::Value`, `String`, `&'static str`, `Vec<u8>`, `()`, or a `Result` of one of them whose error converts into `chalice_app::Error` (`ChaliceViewError`, `NotFoundError`, ..., any `std::error::Error`)",
    note = "to send a value of your own type as JSON, derive `Serialize` for it and wrap it: `Json(value)`"
)]
pub trait ViewHandler<M>: Send + Sync + 'static {
    /// Calls the view.
    fn call(&self, request: Request) -> BoxFuture<Result<Response, Error>>;

    /// Adds what the view's extractors read to the route's models (nothing
    /// for a view of the request alone).
    ///
    /// # Errors
    ///
    /// When two extractors read the same input; registration fails with it.
    fn declare(models: &mut RouteModels) -> Result<(), String>
    where
        Self: Sized,
    {
        let _ = models;
        Ok(())
    }
}

impl<F, R> ViewHandler<(SyncMarker, R)> for F
where
    F: Fn(Request) -> R + Send + Sync + 'static,
    R: IntoResponse,
{
    fn call(&self, request: Request) -> BoxFuture<Result<Response, Error>> {
        let out = self(request).into_response();
        Box::pin(std::future::ready(out))
    }
}

impl<F, Fut> ViewHandler<(AsyncMarker, Fut)> for F
where
    F: Fn(Request) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: IntoResponse,
{
    fn call(&self, request: Request) -> BoxFuture<Result<Response, Error>> {
        let fut = self(request);
        Box::pin(async move { fut.await.into_response() })
    }
}

/// The views taking extractors after the request, sync and async.
macro_rules! views_with_extractors {
    ($(($($extractor:ident $value:ident),+))*) => {$(
        impl<F, R, $($extractor),+> ViewHandler<(SyncMarker, R, ($($extractor,)+))> for F
        where
            F: Fn(Request, $($extractor),+) -> R + Send + Sync + 'static,
            R: IntoResponse,
            $($extractor: FromRequest,)+
        {
            fn call(&self, request: Request) -> BoxFuture<Result<Response, Error>> {
                let out = match extract::<($($extractor,)+)>(&request) {
                    Ok(($($value,)+)) => self(request, $($value),+).into_response(),
                    Err(rejection) => Err(rejection),
                };
                Box::pin(std::future::ready(out))
            }

            fn declare(models: &mut RouteModels) -> Result<(), String> {
                $($extractor::declare(models)?;)+
                Ok(())
            }
        }

        impl<F, Fut, $($extractor),+> ViewHandler<(AsyncMarker, Fut, ($($extractor,)+))> for F
        where
            F: Fn(Request, $($extractor),+) -> Fut + Send + Sync + 'static,
            Fut: Future + Send + 'static,
            Fut::Output: IntoResponse,
            $($extractor: FromRequest,)+
        {
            fn call(&self, request: Request) -> BoxFuture<Result<Response, Error>> {
                match extract::<($($extractor,)+)>(&request) {
                    Ok(($($value,)+)) => {
                        let fut = self(request, $($value),+);
                        Box::pin(async move { fut.await.into_response() })
                    }
                    Err(rejection) => Box::pin(std::future::ready(Err(rejection))),
                }
            }

            fn declare(models: &mut RouteModels) -> Result<(), String> {
                $($extractor::declare(models)?;)+
                Ok(())
            }
        }

        impl<$($extractor: FromRequest),+> Extract for ($($extractor,)+) {
            fn extract(request: &Request) -> Result<Self, crate::ChaliceViewError> {
                Ok(($($extractor::from_request(request)?,)+))
            }
        }
    )*};
}

/// A tuple of extractors, read in order.
trait Extract: Sized {
    fn extract(request: &Request) -> Result<Self, crate::ChaliceViewError>;
}

fn extract<E: Extract>(request: &Request) -> Result<E, Error> {
    E::extract(request).map_err(Error::view)
}

views_with_extractors! {
    (E1 e1)
    (E1 e1, E2 e2)
    (E1 e1, E2 e2, E3 e3)
}

/// An event handler: a function from the event `A` to anything [`IntoValue`],
/// sync or async.
// As for `ViewHandler`, the compiler reports this trait, not the failing
// bound inside it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a handler of `{A}`",
    label = "not a handler of `{A}`: check its argument and its return type",
    note = "this handler takes one argument, the event `{A}`, and may be `async`",
    note = "an event handler returns `Json<T>` (any `T: Serialize`), `serde_json::Value`, `()`, `BatchItemFailures`, `Response` (websocket handlers), or a `Result` of one of them whose error converts into `chalice_app::Error`",
    note = "to return a value of your own type, derive `Serialize` for it and wrap it: `Json(value)`"
)]
pub trait EventHandler<A, M>: Send + Sync + 'static {
    /// Calls the handler.
    fn call(&self, event: A) -> BoxFuture<Result<Outcome, Error>>;
}

impl<F, A, R> EventHandler<A, (SyncMarker, R)> for F
where
    F: Fn(A) -> R + Send + Sync + 'static,
    R: IntoValue,
{
    fn call(&self, event: A) -> BoxFuture<Result<Outcome, Error>> {
        let out = self(event).into_outcome();
        Box::pin(std::future::ready(out))
    }
}

impl<F, A, Fut> EventHandler<A, (AsyncMarker, Fut)> for F
where
    F: Fn(A) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: IntoValue,
{
    fn call(&self, event: A) -> BoxFuture<Result<Outcome, Error>> {
        let fut = self(event);
        Box::pin(async move { fut.await.into_outcome() })
    }
}

/// A type-erased handler from `A` to `Result<O, Error>`.
pub(crate) type ErasedFn<A, O> = Arc<dyn Fn(A) -> BoxFuture<Result<O, Error>> + Send + Sync>;

/// Erases a view, with what its extractors declare.
pub(crate) fn erase_view<M, H: ViewHandler<M>>(
    handler: H,
) -> (ErasedFn<Request, Response>, Result<RouteModels, String>) {
    let mut models = RouteModels::default();
    let declared = H::declare(&mut models).map(|()| models);
    (Arc::new(move |request| handler.call(request)), declared)
}

/// Erases an event handler.
pub(crate) fn erase_event<A: 'static, M, H: EventHandler<A, M>>(
    handler: H,
) -> ErasedFn<A, Outcome> {
    Arc::new(move |event| handler.call(event))
}

/// Reads a handler's event from the payload it was invoked with.
pub(crate) type ReadFn<E> = fn(&Chalice, Payload<'_>) -> Result<E, Error>;

/// `|event| match event { MiddlewareEvent::$kind(e) => Some(e), _ => None }`:
/// the event of one kind, taken back out of a [`MiddlewareEvent`].
macro_rules! event_of {
    ($kind:ident) => {
        |event| match event {
            $crate::middleware::MiddlewareEvent::$kind(e) => Some(e),
            _ => None,
        }
    };
}
pub(crate) use event_of;

/// An event handler and the reader of its event, both bound where the
/// handler is registered (`on_s3_event`, `on_ws_message`, ...). Dispatch
/// calls both through pointers, never by the event's type, so a binary holds
/// the code of the event types its app handles and no others: each reader
/// is several kilobytes that a Lambda function would otherwise load and
/// never run, and the handler's place behind the middleware would be
/// compiled again for every type.
pub(crate) struct EventFn<E> {
    /// The handler as the end of the middleware chain.
    pub(crate) call: Terminal,
    pub(crate) read: ReadFn<E>,
}

// By hand: a derive would ask for `E: Clone`, and only the pointers are cloned.
impl<E> Clone for EventFn<E> {
    fn clone(&self) -> Self {
        EventFn {
            call: self.call.clone(),
            read: self.read,
        }
    }
}

/// Erases the handler of an event source, with the reader of its events;
/// `unwrap` takes the event back out of what the middleware passes on (see
/// [`event_of!`]).
pub(crate) fn erase_source<E: Event + Send + 'static, M, H: EventHandler<E, M>>(
    handler: H,
    unwrap: fn(MiddlewareEvent) -> Option<E>,
) -> EventFn<E> {
    EventFn {
        call: terminal(erase_event(handler), unwrap),
        read: |_, payload| Ok(payload.event::<E>()?),
    }
}

/// Erases a websocket handler, with the websocket reader (which also points
/// the management API at the event's API).
pub(crate) fn erase_websocket<M, H: EventHandler<WebsocketEvent, M>>(
    handler: H,
) -> EventFn<WebsocketEvent> {
    EventFn {
        call: terminal(erase_event(handler), event_of!(Websocket)),
        read: Chalice::read_websocket,
    }
}

/// The handler `f` as the end of a middleware chain: what a middleware
/// passes on goes to `f` when it is `f`'s kind of event.
pub(crate) fn terminal<E: Send + 'static>(
    f: ErasedFn<E, Outcome>,
    unwrap: fn(MiddlewareEvent) -> Option<E>,
) -> Terminal {
    Terminal::Handler(Arc::new(move |event| {
        let f = f.clone();
        Box::pin(async move {
            match unwrap(event) {
                Some(e) => call_guarded(&f, e).await,
                None => Err(Error::msg("middleware passed on an event of another kind")),
            }
        }) as BoxFuture<_>
    }))
}

impl IntoValue for Response {
    /// A websocket handler's response, as the proxy response dict.
    fn into_value(self) -> Result<Value, Error> {
        Ok(self.to_dict(None)?)
    }
}

/// A partial batch report ([`BatchItemFailures`](chalice_events::BatchItemFailures))
/// is what an SQS, Kinesis or DynamoDB handler returns when its source opted
/// in; it is written as Lambda reads it.
///
/// ```
/// use chalice_app::{BatchItemFailures, IntoValue};
///
/// let mut failures = BatchItemFailures::default();
/// failures.fail("message-id-2");
/// assert_eq!(
///     failures.into_value().unwrap(),
///     serde_json::json!({"batchItemFailures": [{"itemIdentifier": "message-id-2"}]})
/// );
/// ```
impl IntoValue for chalice_events::BatchItemFailures {
    fn into_value(self) -> Result<Value, Error> {
        Ok(serde_json::to_value(self)?)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The address of a list's elements, or of a string's bytes: the same
    /// after `into_value` when the value was moved, not copied.
    fn list_at(value: &Value) -> Option<*const Value> {
        value.as_array().map(|list| list.as_ptr())
    }

    #[test]
    fn values_returned_as_json_are_moved_and_others_serialized() {
        let value = json!([{"body": "a"}, {"body": "b"}]);
        let at = list_at(&value);
        let out = Json(value).into_value().unwrap();
        assert_eq!(list_at(&out), at);
        assert_eq!(out, json!([{"body": "a"}, {"body": "b"}]));

        let list = vec![json!({"body": "a"}), json!(2)];
        let at = list.as_ptr();
        let out = Json(list).into_value().unwrap();
        assert_eq!(list_at(&out), Some(at));
        assert_eq!(out, json!([{"body": "a"}, 2]));

        let mut map = Map::new();
        map.insert("text".into(), Value::String("kept".into()));
        let at = map.get("text").and_then(Value::as_str).map(str::as_ptr);
        let out = Json(map).into_value().unwrap();
        assert_eq!(out["text"].as_str().map(str::as_ptr), at);
        assert_eq!(out, json!({"text": "kept"}));

        // Anything else is serialized as `serde_json::to_value` does.
        #[derive(Serialize)]
        struct Record {
            id: u32,
            tags: Vec<&'static str>,
        }
        let out = Json(Record {
            id: 7,
            tags: vec!["x"],
        })
        .into_value()
        .unwrap();
        assert_eq!(out, json!({"id": 7, "tags": ["x"]}));
        assert_eq!(Json(vec![1, 2]).into_value().unwrap(), json!([1, 2]));
        assert_eq!(Json(Some(json!("s"))).into_value().unwrap(), json!("s"));
        assert_eq!(Json(None::<Value>).into_value().unwrap(), Value::Null);
    }

    #[test]
    fn values_stay_values_and_typed_answers_become_text() {
        let value = json!([{"body": "a"}]);
        let at = list_at(&value);
        match Json(value).into_outcome().unwrap() {
            Outcome::Value(out) => assert_eq!(list_at(&out), at),
            other => panic!("{other:?}"),
        }
        let table = [
            (Json(vec![Some(1.5f32), None]).into_outcome(), "[1.5,null]"),
            (Ok::<_, Error>(Json("é")).into_outcome(), r#""é""#),
        ];
        for (outcome, text) in table {
            match outcome.unwrap() {
                Outcome::Json(raw) => assert_eq!(raw.as_str(), text),
                other => panic!("{other:?}"),
            }
        }
        // The other answers keep their `Value`, and a failure stays one.
        assert!(matches!(().into_outcome(), Ok(Outcome::Value(Value::Null))));
        let failed = Err::<Json<u8>, _>(Error::msg("no")).into_outcome();
        assert_eq!(failed.unwrap_err().to_string(), "no");
    }
}
