//! Errors: the crate's [`Error`], and Chalice's view errors as typed HTTP failures.

use std::borrow::Cow;
use std::fmt;

/// An HTTP failure a view returns on purpose: a status code and Chalice's
/// `{"Code": ..., "Message": ...}` body.
///
/// The Chalice-named constructors ([`BadRequestError`], [`NotFoundError`], ...)
/// convert into it, so a view can write `return Err(NotFoundError::new("no such item").into())`
/// or use `?`.
///
/// ```
/// use chalice_app::{ChaliceViewError, NotFoundError};
///
/// let err: ChaliceViewError = NotFoundError::new("item 7 not found").into();
/// assert_eq!(err.status_code(), 404);
/// assert_eq!(err.body(), r#"{"Code":"NotFoundError","Message":"item 7 not found"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChaliceViewError {
    status: u16,
    code: Cow<'static, str>,
    message: String,
}

impl ChaliceViewError {
    /// A plain `ChaliceViewError`: status 500, code `ChaliceViewError`.
    pub fn new(message: impl Into<String>) -> Self {
        Self::custom(500, "ChaliceViewError", message)
    }

    /// A view error of your own, the counterpart of subclassing
    /// `ChaliceViewError` with another `STATUS_CODE`: `Code` is `code`.
    pub fn custom(
        status: u16,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        ChaliceViewError {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// The HTTP status code, e.g. `404`.
    pub fn status_code(&self) -> u16 {
        self.status
    }

    /// The `Code` of the body: the Chalice class name, e.g. `"NotFoundError"`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The `Message` of the body.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The response body exactly as Chalice writes it.
    pub fn body(&self) -> String {
        let body = serde_json::json!({"Code": self.code(), "Message": self.message()});
        chalice_events::json::dumps(&body)
    }
}

impl fmt::Display for ChaliceViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.status, self.message)
    }
}

impl std::error::Error for ChaliceViewError {}

macro_rules! view_errors {
    ($($(#[$doc:meta])* $name:ident => $status:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name(pub String);

        impl $name {
            #[doc = concat!("A `", stringify!($name), "` with this message (status ", stringify!($status), ").")]
            pub fn new(message: impl Into<String>) -> Self {
                $name(message.into())
            }

            #[doc = concat!("The status code of `", stringify!($name), "`.")]
            pub const STATUS_CODE: u16 = $status;
        }

        impl From<$name> for ChaliceViewError {
            fn from(err: $name) -> Self {
                ChaliceViewError::custom($status, stringify!($name), err.0)
            }
        }

        impl From<$name> for Error {
            fn from(err: $name) -> Self {
                Error::view(err.into())
            }
        }
    )*};
}

view_errors! {
    /// 400: the request is malformed.
    BadRequestError => 400;
    /// 401: the caller is not authenticated.
    UnauthorizedError => 401;
    /// 403: the caller may not do this.
    ForbiddenError => 403;
    /// 404: no such resource.
    NotFoundError => 404;
    /// 405: the method is not allowed.
    MethodNotAllowedError => 405;
    /// 408: the request took too long.
    RequestTimeoutError => 408;
    /// 409: the request conflicts with the resource's state.
    ConflictError => 409;
    /// 422: the request is well-formed but cannot be processed.
    UnprocessableEntityError => 422;
    /// 429: too many requests.
    TooManyRequestsError => 429;
}

/// An error that Chalice does not turn into a response by itself: it reaches
/// middleware, which may handle it, and otherwise becomes the standard 500.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChaliceUnhandledError(pub String);

impl fmt::Display for ChaliceUnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ChaliceUnhandledError {}

/// Sending to a websocket connection that is gone (API Gateway answered 410).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{connection_id}")]
pub struct WebsocketDisconnectedError {
    /// The connection that is gone.
    pub connection_id: String,
}

/// The one error type of this crate: what a handler, a middleware or the app
/// itself can fail with.
///
/// Any `std::error::Error` converts into it with `?`. Where it ends up depends on
/// what is inside: a [`ChaliceViewError`] becomes its HTTP response, an
/// invalid JSON body becomes Chalice's 400 `Error Parsing JSON`, anything
/// else becomes a 500 (with the error text only in debug mode). For event
/// handlers the error is what Lambda reports.
pub struct Error {
    kind: ErrorKind,
}

enum ErrorKind {
    View(ChaliceViewError),
    Unhandled(ChaliceUnhandledError),
    Event(chalice_events::Error),
    Registration(String),
    FunctionNotFound(String),
    Panic(String),
    /// Any other error, with the name Lambda reports for it (`errorType`).
    Other {
        error: Box<dyn std::error::Error + Send + Sync>,
        type_name: &'static str,
    },
}

/// What [`Error::type_name`] says of an error made from a message alone.
const MESSAGE_TYPE_NAME: &str = "HandlerError";

/// The last path segment of a type's name, generics dropped: `MyError` for
/// `my_crate::errors::MyError`, `Wrapper` for `my_crate::Wrapper<io::Error>`.
///
/// Python's Lambda runtime reports the exception's class name, without its
/// module; this is the Rust counterpart. `std::any::type_name` promises no
/// exact format, so the result is only ever shown, never compared to decide
/// anything; a name it cannot shorten is shown whole.
fn short_type_name(full: &'static str) -> &'static str {
    let outer = full.split('<').next().unwrap_or(full);
    let last = outer.rsplit("::").next().unwrap_or(outer);
    let last = last.trim_start_matches(['&', ' ']);
    if last.is_empty() {
        full
    } else {
        last
    }
}

impl Error {
    /// A view error.
    pub fn view(err: ChaliceViewError) -> Self {
        Error {
            kind: ErrorKind::View(err),
        }
    }

    /// An error middleware may handle (see [`ChaliceUnhandledError`]).
    pub fn unhandled(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Unhandled(ChaliceUnhandledError(message.into())),
        }
    }

    /// An error from a message alone. Lambda reports it as `HandlerError`
    /// (see [`type_name`](Self::type_name)).
    pub fn msg(message: impl fmt::Display) -> Self {
        Error {
            kind: ErrorKind::Other {
                error: message.to_string().into(),
                type_name: MESSAGE_TYPE_NAME,
            },
        }
    }

    pub(crate) fn registration(message: String) -> Self {
        Error {
            kind: ErrorKind::Registration(message),
        }
    }

    pub(crate) fn function_not_found(name: &str) -> Self {
        Error {
            kind: ErrorKind::FunctionNotFound(name.to_string()),
        }
    }

    pub(crate) fn panic(message: String) -> Self {
        Error {
            kind: ErrorKind::Panic(message),
        }
    }

    /// The view error inside, if this is one. An invalid JSON request body
    /// counts as Chalice's `BadRequestError: Error Parsing JSON`.
    pub fn as_view_error(&self) -> Option<ChaliceViewError> {
        match &self.kind {
            ErrorKind::View(v) => Some(v.clone()),
            ErrorKind::Event(chalice_events::Error::JsonBody { .. }) => {
                Some(BadRequestError::new("Error Parsing JSON").into())
            }
            ErrorKind::Other { error: e, .. } => {
                if let Some(v) = e.downcast_ref::<ChaliceViewError>() {
                    Some(v.clone())
                } else if let Some(chalice_events::Error::JsonBody { .. }) =
                    e.downcast_ref::<chalice_events::Error>()
                {
                    Some(BadRequestError::new("Error Parsing JSON").into())
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Whether this is a [`ChaliceUnhandledError`].
    pub fn is_unhandled(&self) -> bool {
        match &self.kind {
            ErrorKind::Unhandled(_) => true,
            ErrorKind::Other { error, .. } => error.is::<ChaliceUnhandledError>(),
            _ => false,
        }
    }

    /// Whether this reports a mistake made while registering handlers.
    pub fn is_registration(&self) -> bool {
        matches!(self.kind, ErrorKind::Registration(_))
    }

    /// Whether this reports an invocation of a handler name the app does not have.
    pub fn is_function_not_found(&self) -> bool {
        matches!(self.kind, ErrorKind::FunctionNotFound(_))
    }

    /// Whether a handler panicked.
    pub fn is_panic(&self) -> bool {
        matches!(self.kind, ErrorKind::Panic(_))
    }

    /// Whether this is a [`WebsocketDisconnectedError`]: the websocket
    /// connection is gone (see [`as_websocket_disconnected`](Self::as_websocket_disconnected)).
    pub fn is_websocket_disconnected(&self) -> bool {
        self.as_websocket_disconnected().is_some()
    }

    /// The [`WebsocketDisconnectedError`] inside, if this is one, with the
    /// id of the connection that is gone.
    pub fn as_websocket_disconnected(&self) -> Option<&WebsocketDisconnectedError> {
        match &self.kind {
            ErrorKind::Other { error, .. } => error.downcast_ref::<WebsocketDisconnectedError>(),
            _ => None,
        }
    }

    /// The name of the error's class, as Lambda reports it (`errorType`),
    /// the way Chalice's Python runtime reports the exception's class.
    ///
    /// | the error | `type_name` |
    /// | --- | --- |
    /// | a view error | its `Code`: `BadRequestError`, `ChaliceViewError`, your own code |
    /// | any other error converted with `?` or `From` | the last path segment of its Rust type: `MyError` for `my_crate::MyError`, `Error` for `std::io::Error` |
    /// | [`Error::msg`] | `HandlerError` |
    /// | [`Error::unhandled`] | `ChaliceUnhandledError` |
    /// | an event that is not of the handler's event type | `EventError` |
    /// | a handler that panicked | `Panic` |
    ///
    /// ```
    /// use chalice_app::{BadRequestError, Error};
    ///
    /// #[derive(Debug)]
    /// struct QuotaExceeded;
    /// impl std::fmt::Display for QuotaExceeded {
    ///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    ///         f.write_str("quota exceeded")
    ///     }
    /// }
    /// impl std::error::Error for QuotaExceeded {}
    ///
    /// assert_eq!(Error::from(QuotaExceeded).type_name(), "QuotaExceeded");
    /// assert_eq!(Error::from(BadRequestError::new("no")).type_name(), "BadRequestError");
    /// ```
    pub fn type_name(&self) -> &str {
        match &self.kind {
            ErrorKind::View(v) => v.code(),
            ErrorKind::Unhandled(_) => "ChaliceUnhandledError",
            ErrorKind::Event(_) => "EventError",
            ErrorKind::Registration(_) => "RegistrationError",
            ErrorKind::FunctionNotFound(_) => "FunctionNotFoundError",
            ErrorKind::Panic(_) => "Panic",
            ErrorKind::Other { type_name, .. } => type_name,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::View(v) => f.write_str(v.message()),
            ErrorKind::Unhandled(u) => write!(f, "{u}"),
            ErrorKind::Event(e) => write!(f, "{e}"),
            ErrorKind::Registration(m) => f.write_str(m),
            ErrorKind::FunctionNotFound(name) => write!(f, "function not found: {name}"),
            ErrorKind::Panic(m) => write!(f, "handler panicked: {m}"),
            ErrorKind::Other { error: e, .. } => {
                write!(f, "{e}")?;
                let mut source = e.source();
                while let Some(s) = source {
                    write!(f, ": {s}")?;
                    source = s.source();
                }
                Ok(())
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.type_name(), self)
    }
}

impl<E> From<E> for Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    fn from(err: E) -> Self {
        // Taken here, while the concrete type is known: once boxed, only the
        // `dyn Error` is left, and Lambda would report that instead.
        let type_name = short_type_name(std::any::type_name::<E>());
        // Keep the well-known kinds typed so dispatch can tell them apart.
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
        let boxed = match boxed.downcast::<ChaliceViewError>() {
            Ok(v) => return Error::view(*v),
            Err(b) => b,
        };
        let boxed = match boxed.downcast::<chalice_events::Error>() {
            Ok(e) => {
                return Error {
                    kind: ErrorKind::Event(*e),
                }
            }
            Err(b) => b,
        };
        let boxed = match boxed.downcast::<ChaliceUnhandledError>() {
            Ok(u) => {
                return Error {
                    kind: ErrorKind::Unhandled(*u),
                }
            }
            Err(b) => b,
        };
        Error {
            kind: ErrorKind::Other {
                error: boxed,
                type_name,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_error_table() {
        let cases: Vec<(ChaliceViewError, u16, &str)> = vec![
            (BadRequestError::new("m").into(), 400, "BadRequestError"),
            (UnauthorizedError::new("m").into(), 401, "UnauthorizedError"),
            (ForbiddenError::new("m").into(), 403, "ForbiddenError"),
            (NotFoundError::new("m").into(), 404, "NotFoundError"),
            (
                MethodNotAllowedError::new("m").into(),
                405,
                "MethodNotAllowedError",
            ),
            (
                RequestTimeoutError::new("m").into(),
                408,
                "RequestTimeoutError",
            ),
            (ConflictError::new("m").into(), 409, "ConflictError"),
            (
                UnprocessableEntityError::new("m").into(),
                422,
                "UnprocessableEntityError",
            ),
            (
                TooManyRequestsError::new("m").into(),
                429,
                "TooManyRequestsError",
            ),
            (ChaliceViewError::new("m"), 500, "ChaliceViewError"),
            (ChaliceViewError::custom(418, "MyErr", ""), 418, "MyErr"),
        ];
        for (err, status, code) in cases {
            assert_eq!((err.status_code(), err.code()), (status, code));
        }
    }

    #[test]
    fn errors_keep_their_kind_through_question_mark() {
        fn view() -> Result<(), Error> {
            Err(ChaliceViewError::from(ConflictError::new("x")))?
        }
        fn json() -> Result<(), Error> {
            Err(chalice_events::Error::JsonBody {
                reason: "eof".into(),
            })?
        }
        fn io() -> Result<(), Error> {
            Err(std::io::Error::other("disk"))?
        }
        assert_eq!(
            view().unwrap_err().as_view_error().map(|v| v.status_code()),
            Some(409)
        );
        assert_eq!(
            json().unwrap_err().as_view_error().map(|v| v.body()),
            Some(r#"{"Code":"BadRequestError","Message":"Error Parsing JSON"}"#.to_string())
        );
        let other = io().unwrap_err();
        assert!(other.as_view_error().is_none());
        assert_eq!(other.to_string(), "disk");
    }

    #[test]
    fn type_name_is_the_class_name() {
        mod inner {
            #[derive(Debug, thiserror::Error)]
            #[error("typed")]
            pub(super) struct MyError;
            #[derive(Debug, thiserror::Error)]
            #[error("wrapped")]
            pub(super) struct Wrapper<E: std::fmt::Debug>(pub(super) E);
        }
        let cases: Vec<(Error, &str)> = vec![
            (inner::MyError.into(), "MyError"),
            (inner::Wrapper(inner::MyError).into(), "Wrapper"),
            (std::io::Error::other("disk").into(), "Error"),
            (BadRequestError::new("m").into(), "BadRequestError"),
            (ChaliceViewError::new("m").into(), "ChaliceViewError"),
            (
                ChaliceUnhandledError("m".into()).into(),
                "ChaliceUnhandledError",
            ),
            (
                WebsocketDisconnectedError {
                    connection_id: "c".into(),
                }
                .into(),
                "WebsocketDisconnectedError",
            ),
            (Error::msg("m"), "HandlerError"),
        ];
        for (err, name) in cases {
            assert_eq!(err.type_name(), name, "{err}");
        }
        assert_eq!(short_type_name("a::b::C<d::E<f::G>>"), "C");
        assert_eq!(short_type_name("&a::C"), "C");
        assert_eq!(short_type_name("&C"), "C");
        assert_eq!(short_type_name("C"), "C");
    }
}
