//! What handlers may be: sync or async functions, returning anything that
//! turns into a response or a JSON value.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chalice_events::request::Request;
use chalice_events::response::{Body, Response};
use serde::Serialize;
use serde_json::Value;

use crate::Error;

/// A boxed, sendable future, as handlers are stored.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A JSON body from any serializable value: `Ok(Json(item))`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

/// What a view returns, turned into a [`Response`].
///
/// A value that is not a `Response` becomes the body of a 200 response with no
/// headers, as in Chalice: text is sent as it is, JSON values are serialized
/// compactly, bytes are sent as binary.
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
    fn into_response(self) -> Result<Response, Error> {
        Ok(Response::new(Body::Json(serde_json::to_value(&self.0)?)))
    }
}

impl<T: IntoResponse, E: Into<Error>> IntoResponse for Result<T, E> {
    fn into_response(self) -> Result<Response, Error> {
        self.map_err(Into::into)?.into_response()
    }
}

/// What an event handler (S3, SNS, SQS, schedules, ...) or a plain Lambda
/// function returns: any serializable value, or an error.
pub trait IntoValue {
    /// The value Lambda returns to its caller.
    ///
    /// # Errors
    ///
    /// When the handler failed, or its value cannot be serialized.
    fn into_value(self) -> Result<Value, Error>;
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

impl<T: Serialize> IntoValue for Json<T> {
    fn into_value(self) -> Result<Value, Error> {
        Ok(serde_json::to_value(&self.0)?)
    }
}

impl<T: IntoValue, E: Into<Error>> IntoValue for Result<T, E> {
    fn into_value(self) -> Result<Value, Error> {
        self.map_err(Into::into)?.into_value()
    }
}

/// Marker for handlers that are plain functions returning their result.
#[derive(Debug)]
pub enum SyncMarker {}
/// Marker for handlers that are `async` functions (or return a future).
#[derive(Debug)]
pub enum AsyncMarker {}

/// A view: a function from the [`Request`] to anything [`IntoResponse`], sync
/// or async.
///
/// The marker `M` only lets sync and async functions coexist; it is inferred.
pub trait ViewHandler<M>: Send + Sync + 'static {
    /// Calls the view.
    fn call(&self, request: Request) -> BoxFuture<Result<Response, Error>>;
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

/// An event handler: a function from the event `A` to anything [`IntoValue`],
/// sync or async.
pub trait EventHandler<A, M>: Send + Sync + 'static {
    /// Calls the handler.
    fn call(&self, event: A) -> BoxFuture<Result<Value, Error>>;
}

impl<F, A, R> EventHandler<A, (SyncMarker, R)> for F
where
    F: Fn(A) -> R + Send + Sync + 'static,
    R: IntoValue,
{
    fn call(&self, event: A) -> BoxFuture<Result<Value, Error>> {
        let out = self(event).into_value();
        Box::pin(std::future::ready(out))
    }
}

impl<F, A, Fut> EventHandler<A, (AsyncMarker, Fut)> for F
where
    F: Fn(A) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: IntoValue,
{
    fn call(&self, event: A) -> BoxFuture<Result<Value, Error>> {
        let fut = self(event);
        Box::pin(async move { fut.await.into_value() })
    }
}

/// A type-erased handler from `A` to `Result<O, Error>`.
pub(crate) type ErasedFn<A, O> = Arc<dyn Fn(A) -> BoxFuture<Result<O, Error>> + Send + Sync>;

/// Erases a view.
pub(crate) fn erase_view<M, H: ViewHandler<M>>(handler: H) -> ErasedFn<Request, Response> {
    Arc::new(move |request| handler.call(request))
}

/// Erases an event handler.
pub(crate) fn erase_event<A: 'static, M, H: EventHandler<A, M>>(handler: H) -> ErasedFn<A, Value> {
    Arc::new(move |event| handler.call(event))
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
