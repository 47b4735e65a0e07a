//! The one error type of this crate.

use std::fmt;

/// Everything that can go wrong while reading an event or a value of this crate.
///
/// Every variant that comes from an event names the event (`"SQSEvent"`) and the
/// JSON path of the offending field (`Records[3].receiptHandle`), so a log line
/// is enough to find the problem in the payload.
///
/// ```
/// use chalice_events::{Event, SQSEvent};
///
/// let err = SQSEvent::from_slice(br#"{"Records": [{"body": "hi"}]}"#).unwrap_err();
/// assert_eq!(err.path(), Some("Records[0].messageId"));
/// assert_eq!(err.to_string(), "SQSEvent: missing field `Records[0].messageId`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not JSON at all (or not the JSON the event needs at the top level).
    #[error("{event}: invalid JSON at line {line} column {column}: {message}")]
    Syntax {
        /// The event being read.
        event: &'static str,
        /// What the JSON parser reported.
        message: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// A field AWS always sends is absent.
    #[error("{event}: missing field `{path}`")]
    MissingField {
        /// The event being read.
        event: &'static str,
        /// JSON path of the missing field.
        path: String,
    },
    /// A field has the wrong JSON type.
    #[error("{event}: field `{path}` should be {expected}, found {found}")]
    WrongType {
        /// The event being read.
        event: &'static str,
        /// JSON path of the field.
        path: String,
        /// The JSON type the field must have.
        expected: &'static str,
        /// The JSON type it has.
        found: &'static str,
    },
    /// A field that must hold base64 does not.
    #[error("{event}: field `{path}` is not valid base64: {reason}")]
    InvalidBase64 {
        /// The event being read.
        event: &'static str,
        /// JSON path of the field.
        path: String,
        /// What the decoder reported.
        reason: String,
    },
    /// Bytes that must be UTF-8 text are not.
    #[error("{event}: field `{path}` is not valid UTF-8")]
    InvalidUtf8 {
        /// The event being read.
        event: &'static str,
        /// JSON path of the field.
        path: String,
    },
    /// A field has the right type but a value the event cannot have.
    #[error("{event}: field `{path}` is invalid: {reason}")]
    InvalidValue {
        /// The event being read.
        event: &'static str,
        /// JSON path of the field.
        path: String,
        /// Why the value is refused.
        reason: String,
    },
    /// A request or message body that was asked for as JSON does not parse.
    ///
    /// Chalice turns this into `400 {"Code":"BadRequestError","Message":"Error Parsing JSON"}`.
    #[error("Error Parsing JSON: {reason}")]
    JsonBody {
        /// What the JSON parser (or base64 decoder) reported.
        reason: String,
    },
    /// A `rate(...)` or `cron(...)` expression is malformed.
    #[error("invalid schedule expression `{expression}`: {reason}")]
    Schedule {
        /// The expression as given.
        expression: String,
        /// Why it is refused.
        reason: String,
    },
    /// A value given to a constructor breaks a rule of the type (for example an
    /// authorizer without provider ARNs).
    #[error("invalid {what}: {reason}")]
    InvalidArgument {
        /// What was being built.
        what: &'static str,
        /// Why it is refused.
        reason: String,
    },
}

/// The broad kind of an [`Error`], for callers that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// The input is not (valid) JSON.
    Syntax,
    /// The JSON is valid but does not have the shape of the event.
    Data,
    /// A field's content is not in the encoding it must have (base64, UTF-8).
    Encoding,
    /// A value built in code breaks a rule of its type.
    Argument,
}

impl Error {
    /// The event (or value) this error is about, such as `"SQSEvent"`.
    pub fn event(&self) -> Option<&'static str> {
        match self {
            Error::Syntax { event, .. }
            | Error::MissingField { event, .. }
            | Error::WrongType { event, .. }
            | Error::InvalidBase64 { event, .. }
            | Error::InvalidUtf8 { event, .. }
            | Error::InvalidValue { event, .. } => Some(event),
            Error::JsonBody { .. } => None,
            Error::Schedule { .. } => Some("schedule expression"),
            Error::InvalidArgument { what, .. } => Some(what),
        }
    }

    /// The JSON path of the field at fault (`Records[0].s3.bucket.name`), when
    /// the error is about one field.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::MissingField { path, .. }
            | Error::WrongType { path, .. }
            | Error::InvalidBase64 { path, .. }
            | Error::InvalidUtf8 { path, .. }
            | Error::InvalidValue { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Which broad kind of failure this is.
    pub fn classify(&self) -> Category {
        match self {
            Error::Syntax { .. } | Error::JsonBody { .. } => Category::Syntax,
            Error::MissingField { .. } | Error::WrongType { .. } | Error::InvalidValue { .. } => {
                Category::Data
            }
            Error::InvalidBase64 { .. } | Error::InvalidUtf8 { .. } => Category::Encoding,
            Error::Schedule { .. } | Error::InvalidArgument { .. } => Category::Argument,
        }
    }

    pub(crate) fn syntax(event: &'static str, err: &serde_json::Error) -> Self {
        // serde_json prefixes its own position; keep only the reason.
        let full = err.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full,
        };
        Error::Syntax {
            event,
            message,
            line: err.line(),
            column: err.column(),
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Category::Syntax => "syntax",
            Category::Data => "data",
            Category::Encoding => "encoding",
            Category::Argument => "argument",
        })
    }
}
