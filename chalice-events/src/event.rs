//! The trait every event type implements, and the macro that implements it
//! for the event types kept as the text of one JSON object.

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

    /// The event as compact JSON text. An event read from text gives that
    /// text back unchanged (numbers, escapes and key order as they came,
    /// without building a `Value`); `Serialize` writes the event's JSON
    /// value instead, which every serializer can take.
    fn to_json(&self) -> String {
        self.to_dict().to_string()
    }

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

/// Implements, for an event kept as the text of the one JSON object it
/// arrived as (fields `raw: Raw`, `fields: $fields`, the
/// [`Fields`](crate::raw::Fields) its accessors read and which are its one
/// reader, and `context: Option<LambdaContext>`): [`Event`] named `$name`,
/// whose `from_value` writes the value as text and reads that; `Serialize`
/// (the JSON value), `to_json` (the text kept) and `Deserialize`;
/// `PartialEq` (by JSON value and context) and `Debug`; the public
/// `as_map()` and a private `from_map(map)` for builders. For example
/// `raw_event!(CloudWatchEvent, CloudWatchFields, "CloudWatchEvent");`.
macro_rules! raw_event {
    ($event:ident, $fields:ty, $name:literal) => {
        impl $event {
            /// The event's JSON object, without copying once it is built.
            pub fn as_map(&self) -> &::serde_json::Map<String, ::serde_json::Value> {
                self.raw.as_map()
            }

            /// The JSON paths of fields the model does not know (AWS adds
            /// fields over time), e.g. `["newField"]`; see
            /// [`drift`](crate::drift).
            pub fn unknown_fields(&self) -> Vec<String> {
                let known = <$fields as $crate::raw::Fields>::KNOWN;
                $crate::drift::unknown_fields(self.raw.as_map(), &known)
            }

            /// An event of an object a builder made.
            fn from_map(map: ::serde_json::Map<String, ::serde_json::Value>) -> Self {
                let (raw, fields) = $crate::raw::built($name, map);
                $event {
                    raw,
                    fields,
                    context: None,
                }
            }
        }

        impl $crate::Event for $event {
            const NAME: &'static str = $name;

            fn from_value(value: ::serde_json::Value) -> Result<Self, $crate::Error> {
                let (raw, fields) = $crate::raw::read_value($name, value)?;
                Ok($event {
                    raw,
                    fields,
                    context: None,
                })
            }

            fn from_slice(bytes: &[u8]) -> Result<Self, $crate::Error> {
                let text = $crate::raw::utf8($name, bytes)?;
                let (raw, fields) = $crate::raw::read_text($name, text)?;
                Ok($event {
                    raw,
                    fields,
                    context: None,
                })
            }

            fn to_dict(&self) -> ::serde_json::Value {
                self.raw.to_value()
            }

            fn to_json(&self) -> String {
                self.raw.text().to_string()
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
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                <Self as $crate::Event>::from_value(value).map_err(::serde::de::Error::custom)
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
