//! The `{"Records": [...]}` envelope that S3, SNS, SQS, Kinesis and DynamoDB
//! events share, and the macros that implement those events and their records.
//!
//! The envelope is split into its records (each keeping its own JSON object)
//! and everything else at the top level, so a record can be handed out on its
//! own without copying and the whole event can still be written back as it came.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::wire::{into_object, Obj};
use crate::Error;

/// The top-level fields of an envelope other than `Records`, plus the records.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Envelope<R> {
    pub(crate) rest: Map<String, Value>,
    pub(crate) records: Vec<R>,
}

impl<R> Envelope<R> {
    /// An envelope of these records and no other field, as the builders make.
    pub(crate) fn new(records: Vec<R>) -> Self {
        Envelope {
            rest: Map::new(),
            records,
        }
    }

    /// Validates every record with `check` (which sees the record's object and
    /// its path, `Records[i]`) and wraps each with `wrap`.
    pub(crate) fn parse(
        event: &'static str,
        value: Value,
        mut check: impl FnMut(&Obj<'_>) -> Result<(), Error>,
        wrap: impl Fn(Map<String, Value>) -> R,
    ) -> Result<Self, Error> {
        {
            let root = Obj::root(event, &value)?;
            let items = root.array("Records")?;
            for (i, item) in items.iter().enumerate() {
                check(&root.item("Records", i, item)?)?;
            }
        }
        // `Obj::root` and `root.item` have proven these to be objects.
        let mut rest = into_object(value);
        let records = match rest.shift_remove("Records") {
            Some(Value::Array(items)) => items.into_iter().map(into_object).map(wrap).collect(),
            _ => Vec::new(),
        };
        Ok(Envelope { rest, records })
    }

    /// Refuses an envelope without records, for the notifications whose first
    /// record Chalice reads: [`Error::InvalidValue`] at `Records`, with `reason`.
    pub(crate) fn at_least_one(self, event: &'static str, reason: &str) -> Result<Self, Error> {
        if self.records.is_empty() {
            return Err(Error::InvalidValue {
                event,
                path: "Records".to_string(),
                reason: reason.to_string(),
            });
        }
        Ok(self)
    }

    /// The envelope as a `Value`.
    pub(crate) fn to_value(&self, record: impl Fn(&R) -> Value) -> Value {
        let mut map = self.rest.clone();
        map.insert(
            "Records".to_string(),
            Value::Array(self.records.iter().map(record).collect()),
        );
        Value::Object(map)
    }
}

/// Writes the envelope back: the other fields, then `Records`.
impl<R: Serialize> Serialize for Envelope<R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.rest.len() + 1))?;
        for (k, v) in &self.rest {
            map.serialize_entry(k, v)?;
        }
        map.serialize_entry("Records", &self.records)?;
        map.end()
    }
}

/// Implements a `{"Records": [...]}` event type `$event` (fields
/// `envelope: Envelope<$record>` and `context: Option<LambdaContext>`) over
/// its record type `$record` (see [`event_record!`]):
///
/// - [`Event`](crate::Event) named `$name`, each record validated by the
///   record's `check`;
/// - `Serialize` and `Deserialize` through the event's JSON;
/// - the public `records()`, and a private `from_records(records)` for the
///   builders (no other top-level field, no context).
///
/// A batch, `records_event!(SQSEvent, SQSRecord, "SQSEvent")`, also gets the
/// public `iter()` and `IntoIterator for &SQSEvent`. A notification that AWS
/// sends with exactly one record, and whose first record Chalice reads, is
/// declared `records_event!(S3Event, S3Record, "S3Event", at_least_one = "...")`:
/// an empty `Records` is then refused with `Error::InvalidValue` at path
/// `Records`, the given text as reason.
macro_rules! records_event {
    ($event:ident, $record:ident, $name:literal) => {
        $crate::records::records_event!(@event $event, $record, $name, "batch");

        impl $event {
            /// Iterates over the records of the batch.
            pub fn iter(&self) -> ::std::slice::Iter<'_, $record> {
                self.envelope.records.iter()
            }
        }

        impl<'a> IntoIterator for &'a $event {
            type Item = &'a $record;
            type IntoIter = ::std::slice::Iter<'a, $record>;

            fn into_iter(self) -> Self::IntoIter {
                self.iter()
            }
        }
    };
    ($event:ident, $record:ident, $name:literal, at_least_one = $reason:literal) => {
        $crate::records::records_event!(
            @event $event, $record, $name, "notification (AWS sends exactly one)", $reason
        );
    };
    (@event $event:ident, $record:ident, $name:literal, $what:literal $(, $reason:literal)?) => {
        impl $event {
            #[doc = concat!("The records of the ", $what, ", in order.")]
            pub fn records(&self) -> &[$record] {
                &self.envelope.records
            }

            fn from_records(records: Vec<$record>) -> Self {
                $event {
                    envelope: $crate::records::Envelope::new(records),
                    context: None,
                }
            }
        }

        impl $crate::Event for $event {
            const NAME: &'static str = $name;

            fn from_value(value: ::serde_json::Value) -> Result<Self, $crate::Error> {
                let envelope = $crate::records::Envelope::parse(
                    Self::NAME,
                    value,
                    $record::check,
                    |raw| $record { raw },
                )?;
                // For notifications Chalice indexes `Records[0]`; AWS never
                // sends them empty.
                $(let envelope = envelope.at_least_one(Self::NAME, $reason)?;)?
                Ok($event {
                    envelope,
                    context: None,
                })
            }

            fn to_dict(&self) -> ::serde_json::Value {
                self.envelope.to_value($record::to_dict)
            }

            $crate::event::context_accessors!();
        }

        $crate::event::json_serde!($event, envelope, <$event as $crate::Event>::from_value);
    };
}
pub(crate) use records_event;

/// Implements, for a record type of a `{"Records": [...]}` event kept as its
/// JSON object (field `raw: Map<String, Value>`), with its own
/// `fn check(obj: &Obj<'_>) -> Result<(), Error>`: the public `from_value`
/// (errors reported against `$name`), `to_dict` and `as_map`, and `Serialize`
/// and `Deserialize` through the object.
///
/// The doc comments after the name describe when `from_value` fails:
/// `event_record!(SQSRecord, "SQSRecord", /// When ... is missing.)`.
macro_rules! event_record {
    ($record:ident, $name:literal, $(#[$errors:meta])+) => {
        impl $record {
            /// Reads one record from its JSON object.
            ///
            /// # Errors
            ///
            $(#[$errors])+
            pub fn from_value(value: ::serde_json::Value) -> Result<Self, $crate::Error> {
                Self::check(&$crate::wire::Obj::root($name, &value)?)?;
                Ok($record {
                    raw: $crate::wire::into_object(value),
                })
            }

            /// The record as the JSON it was read from.
            pub fn to_dict(&self) -> ::serde_json::Value {
                ::serde_json::Value::Object(self.raw.clone())
            }

            /// The record's JSON object, without copying.
            pub fn as_map(&self) -> &::serde_json::Map<String, ::serde_json::Value> {
                &self.raw
            }
        }

        $crate::event::json_serde!($record, raw, $record::from_value);
    };
}
pub(crate) use event_record;
