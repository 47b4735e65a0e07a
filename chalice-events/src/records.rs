//! The `{"Records": [...]}` envelope that S3, SNS, SQS, Kinesis and DynamoDB
//! events share, and the macros that implement those events and their records.
//!
//! The envelope is split into its records (each keeping its own JSON text, see
//! [`crate::raw`]) and everything else at the top level, so a record can be
//! handed out on its own without copying and the whole event can still be
//! written back as it came.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::raw::{self, Fields, Raw, Str};
use crate::wire::{into_object, Obj};
use crate::Error;

/// A record type of an envelope: its JSON and the fields its accessors read.
pub(crate) trait Record: Sized {
    type Fields: Fields;

    fn from_parts(raw: Raw, fields: Self::Fields) -> Self;
}

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

    /// The fast path of `from_slice`: reads the envelope from its bytes,
    /// keeping each record's text. `None` when the `Value` path must decide.
    pub(crate) fn read(bytes: &[u8]) -> Option<Self>
    where
        R: Record,
    {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let envelope = EnvelopeSeed(std::marker::PhantomData).deserialize(&mut de);
        de.end().ok()?;
        envelope.ok()
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

/// Reads the top-level object: `Records` into records, each checked from its
/// own text, and the other fields into `rest`. Depth is counted by the
/// deserializer for `rest`, and by [`raw::read_text`] for records, which
/// lie two levels deep (the event's object, the array).
struct EnvelopeSeed<R>(std::marker::PhantomData<R>);

impl<'de, R: Record> DeserializeSeed<'de> for EnvelopeSeed<R> {
    type Value = Envelope<R>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, R: Record> Visitor<'de> for EnvelopeSeed<R> {
    type Value = Envelope<R>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut rest = Map::new();
        let mut records = None;
        // As in a `Value`, the last of a repeated key wins.
        while let Some(key) = map.next_key::<Str<'de>>()? {
            if key.0 == "Records" {
                records = Some(map.next_value_seed(RecordsSeed(std::marker::PhantomData))?);
            } else {
                rest.insert(key.0.into_owned(), map.next_value::<Value>()?);
            }
        }
        let records = records.ok_or_else(|| de::Error::missing_field("Records"))?;
        Ok(Envelope { rest, records })
    }
}

struct RecordsSeed<R>(std::marker::PhantomData<R>);

impl<'de, R: Record> DeserializeSeed<'de> for RecordsSeed<R> {
    type Value = Vec<R>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, R: Record> Visitor<'de> for RecordsSeed<R> {
    type Value = Vec<R>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(text) = seq.next_element::<&'de RawValue>()? {
            let fields = raw::read_text(text.get(), 2)
                .ok_or_else(|| de::Error::custom("record refused by the fast path"))?;
            records.push(R::from_parts(Raw::from_text(text.to_owned()), fields));
        }
        Ok(records)
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
///   record's `check`; `from_slice` keeps each record's text when the fast
///   path accepts it;
/// - `Serialize` (each record's text written back) and `Deserialize`;
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

            /// The fast path of `from_slice`; `None` leaves the decision
            /// (and the error) to `from_value`.
            fn read_fast(bytes: &[u8]) -> Option<Self> {
                let envelope = $crate::records::Envelope::read(bytes)?;
                // An empty notification is refused by `from_value`.
                $(let _: &str = $reason; if envelope.records.is_empty() { return None; })?
                Some($event {
                    envelope,
                    context: None,
                })
            }
        }

        impl $crate::Event for $event {
            const NAME: &'static str = $name;

            fn from_value(value: ::serde_json::Value) -> Result<Self, $crate::Error> {
                let envelope = $crate::records::Envelope::parse(
                    Self::NAME,
                    value,
                    $record::check,
                    $record::from_map,
                )?;
                // For notifications Chalice indexes `Records[0]`; AWS never
                // sends them empty.
                $(let envelope = envelope.at_least_one(Self::NAME, $reason)?;)?
                Ok($event {
                    envelope,
                    context: None,
                })
            }

            fn from_slice(bytes: &[u8]) -> Result<Self, $crate::Error> {
                match Self::read_fast(bytes) {
                    Some(event) => Ok(event),
                    None => Self::from_value($crate::wire::parse_value(Self::NAME, bytes)?),
                }
            }

            fn to_dict(&self) -> ::serde_json::Value {
                self.envelope.to_value($record::to_dict)
            }

            $crate::event::context_accessors!();
        }

        impl<'de> ::serde::Deserialize<'de> for $event {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::raw::deserialize(d, Self::read_fast, <Self as $crate::Event>::from_value)
            }
        }

        impl ::serde::Serialize for $event {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.envelope, s)
            }
        }
    };
}
pub(crate) use records_event;

/// Implements, for a record type of a `{"Records": [...]}` event kept as its
/// JSON (fields `raw: Raw` and `fields: $fields`, the [`Fields`] its
/// accessors read), with its own `fn check(obj: &Obj<'_>) -> Result<(), Error>`:
/// the public `from_value` (errors reported against `$name`), `to_dict` and
/// `as_map`; [`Record`]; `Serialize` and `Deserialize` as the event's JSON;
/// `PartialEq` (by JSON value) and `Debug` (as the JSON object).
///
/// The doc comments after the name describe when `from_value` fails:
/// `event_record!(SQSRecord, SqsFields, "SQSRecord", /// When ... is missing.)`.
macro_rules! event_record {
    ($record:ident, $fields:ty, $name:literal, $(#[$errors:meta])+) => {
        impl $record {
            /// Reads one record from its JSON object.
            ///
            /// # Errors
            ///
            $(#[$errors])+
            pub fn from_value(value: ::serde_json::Value) -> Result<Self, $crate::Error> {
                Self::check(&$crate::wire::Obj::root($name, &value)?)?;
                Ok(Self::from_map($crate::wire::into_object(value)))
            }

            /// The record as the JSON it was read from.
            pub fn to_dict(&self) -> ::serde_json::Value {
                self.raw.to_value()
            }

            /// The record's JSON object, without copying.
            pub fn as_map(&self) -> &::serde_json::Map<String, ::serde_json::Value> {
                self.raw.as_map()
            }

            /// A record of an object that `check` accepted (or a builder made).
            fn from_map(map: ::serde_json::Map<String, ::serde_json::Value>) -> Self {
                // `read_map` accepts whatever `check` does; the default is
                // never used.
                let fields = $crate::raw::read_map(&map).unwrap_or_default();
                $record {
                    raw: $crate::raw::Raw::Map(map),
                    fields,
                }
            }

            fn read_fast(bytes: &[u8]) -> Option<Self> {
                let (raw, fields) = $crate::raw::read_document(bytes)?;
                Some($record { raw, fields })
            }
        }

        impl $crate::records::Record for $record {
            type Fields = $fields;

            fn from_parts(raw: $crate::raw::Raw, fields: $fields) -> Self {
                $record { raw, fields }
            }
        }

        impl PartialEq for $record {
            fn eq(&self, other: &Self) -> bool {
                self.raw == other.raw
            }
        }

        impl ::std::fmt::Debug for $record {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($record))
                    .field("raw", self.raw.as_map())
                    .finish()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $record {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::raw::deserialize(d, Self::read_fast, $record::from_value)
            }
        }

        impl ::serde::Serialize for $record {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.raw, s)
            }
        }
    };
}
pub(crate) use event_record;
