//! The trait every event type implements, and the macros that implement it
//! for the event types kept as one JSON object.

use serde_json::Value;

use crate::{wire, Error, LambdaContext};

/// An event that Lambda delivers to a handler, kept losslessly.
///
/// The law every implementation keeps: for any JSON `v` that
/// [`from_value`](Event::from_value) accepts, `to_dict()` returns a value equal
/// to `v`, unknown fields and explicit `null`s included.
///
/// ```
/// use chalice_events::{Event, SQSEvent};
///
/// let raw = r#"{"Records": [{"messageId": "1", "receiptHandle": "rh", "body": "hi",
///   "attributes": {}, "messageAttributes": {}, "md5OfBody": "x", "eventSource": "aws:sqs",
///   "eventSourceARN": "arn:aws:sqs:us-west-2:1:q", "awsRegion": "us-west-2", "extra": null}]}"#;
/// let event = SQSEvent::from_str(raw)?;
/// assert_eq!(event.to_dict(), serde_json::from_str::<serde_json::Value>(raw)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Event: Sized {
    /// The type's name in errors and logs, e.g. `"SQSEvent"`.
    const NAME: &'static str;

    /// Reads the event from parsed JSON.
    ///
    /// # Errors
    ///
    /// The only way this returns an error is when a field AWS always sends is
    /// missing, or a field has a type or content the event cannot have; the
    /// error names the field's JSON path.
    fn from_value(value: Value) -> Result<Self, Error>;

    /// The event as the JSON it was read from (or, for built events, the JSON
    /// AWS would send).
    fn to_dict(&self) -> Value;

    /// The Lambda context the event arrived with, if the runtime attached one.
    fn context(&self) -> Option<&LambdaContext>;

    /// Attaches the Lambda context of the invocation.
    fn set_context(&mut self, context: Option<LambdaContext>);

    /// Reads the event from JSON bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Syntax`] when the bytes are not JSON, otherwise as
    /// [`from_value`](Event::from_value).
    fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_value(wire::parse_value(Self::NAME, bytes)?)
    }

    /// Reads the event from JSON text.
    ///
    /// # Errors
    ///
    /// As [`from_slice`](Event::from_slice).
    #[allow(clippy::should_implement_trait)] // `FromStr` cannot carry the event name generically
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::from_slice(text.as_bytes())
    }

    /// The same event with `context` attached.
    fn with_context(mut self, context: LambdaContext) -> Self {
        self.set_context(Some(context));
        self
    }
}

/// Implements `Serialize` (as the JSON held in field `$field`) and
/// `Deserialize` (through `$from_value`, which reads a `Value`) for an event or
/// record type, so that it can be used directly as
/// `lambda_runtime::LambdaEvent<T>`'s payload and inside other serde types.
macro_rules! json_serde {
    ($ty:ty, $field:ident, $from_value:expr) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                $from_value(value).map_err(::serde::de::Error::custom)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.$field, s)
            }
        }
    };
}
pub(crate) use json_serde;

/// [`Event::context`] and [`Event::set_context`] for an event type whose
/// field `context: Option<LambdaContext>` holds the context; expands inside
/// `impl Event for ...`.
macro_rules! context_accessors {
    () => {
        fn context(&self) -> Option<&$crate::LambdaContext> {
            self.context.as_ref()
        }

        fn set_context(&mut self, context: Option<$crate::LambdaContext>) {
            self.context = context;
        }
    };
}
pub(crate) use context_accessors;

/// Implements, for an event kept as the one JSON object it arrived as (fields
/// `raw: Map<String, Value>` and `context: Option<LambdaContext>`): [`Event`]
/// named `$name`, whose `from_value` validates the object with the type's own
/// `fn check(obj: &Obj<'_>) -> Result<(), Error>`; `Serialize` and
/// `Deserialize` through the object; and the public `as_map()`. For example
/// `map_event!(CloudWatchEvent, "CloudWatchEvent");`.
macro_rules! map_event {
    ($event:ident, $name:literal) => {
        impl $event {
            /// The event's JSON object, without copying.
            pub fn as_map(&self) -> &::serde_json::Map<String, ::serde_json::Value> {
                &self.raw
            }
        }

        impl $crate::Event for $event {
            const NAME: &'static str = $name;

            fn from_value(value: ::serde_json::Value) -> Result<Self, $crate::Error> {
                Self::check(&$crate::wire::Obj::root(Self::NAME, &value)?)?;
                Ok($event {
                    raw: $crate::wire::into_object(value),
                    context: None,
                })
            }

            fn to_dict(&self) -> ::serde_json::Value {
                ::serde_json::Value::Object(self.raw.clone())
            }

            $crate::event::context_accessors!();
        }

        $crate::event::json_serde!($event, raw, <$event as $crate::Event>::from_value);
    };
}
pub(crate) use map_event;

/// Implements, for an event kept as the text of the one JSON object it
/// arrived as (fields `raw: Raw`, `fields: $fields`, the
/// [`Fields`](crate::raw::Fields) its accessors read, and
/// `context: Option<LambdaContext>`): [`Event`] named `$name`, whose
/// `from_value` validates the object with the type's own
/// `fn check(obj: &Obj<'_>) -> Result<(), Error>` and whose `from_slice` keeps
/// the text when the fast path accepts it; `Serialize` (the text written
/// back) and `Deserialize`; `PartialEq` (by JSON value and context) and
/// `Debug`; the public `as_map()` and a private `from_map(map)` for builders.
/// For example `raw_event!(CloudWatchEvent, CloudWatchFields, "CloudWatchEvent");`.
macro_rules! raw_event {
    ($event:ident, $fields:ty, $name:literal) => {
        impl $event {
            /// The event's JSON object, without copying.
            pub fn as_map(&self) -> &::serde_json::Map<String, ::serde_json::Value> {
                self.raw.as_map()
            }

            /// An event of an object that `check` accepted (or a builder made).
            fn from_map(map: ::serde_json::Map<String, ::serde_json::Value>) -> Self {
                // `read_map` accepts whatever `check` does; the default is
                // never used.
                let fields: $fields = $crate::raw::read_map(&map).unwrap_or_default();
                $event {
                    raw: $crate::raw::Raw::Map(map),
                    fields,
                    context: None,
                }
            }

            /// The fast path of `from_slice`; `None` leaves the decision
            /// (and the error) to `from_value`.
            fn read_fast(bytes: &[u8]) -> Option<Self> {
                let (raw, fields) = $crate::raw::read_document(bytes)?;
                Some($event {
                    raw,
                    fields,
                    context: None,
                })
            }
        }

        impl $crate::Event for $event {
            const NAME: &'static str = $name;

            fn from_value(value: ::serde_json::Value) -> Result<Self, $crate::Error> {
                Self::check(&$crate::wire::Obj::root(Self::NAME, &value)?)?;
                Ok(Self::from_map($crate::wire::into_object(value)))
            }

            fn from_slice(bytes: &[u8]) -> Result<Self, $crate::Error> {
                match Self::read_fast(bytes) {
                    Some(event) => Ok(event),
                    None => Self::from_value($crate::wire::parse_value(Self::NAME, bytes)?),
                }
            }

            fn to_dict(&self) -> ::serde_json::Value {
                self.raw.to_value()
            }

            $crate::event::context_accessors!();
        }

        impl PartialEq for $event {
            fn eq(&self, other: &Self) -> bool {
                self.raw == other.raw && self.context == other.context
            }
        }

        impl ::std::fmt::Debug for $event {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($event))
                    .field("raw", self.raw.as_map())
                    .field("context", &self.context)
                    .finish()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $event {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::raw::deserialize(d, Self::read_fast, <Self as $crate::Event>::from_value)
            }
        }

        impl ::serde::Serialize for $event {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.raw, s)
            }
        }
    };
}
pub(crate) use raw_event;
