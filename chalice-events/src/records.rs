//! The `{"Records": [...]}` envelope that S3, SNS, SQS, Kinesis and DynamoDB
//! events share, and the macros that implement those events and their records.
//!
//! The envelope is split into its records (each keeping its JSON text, its
//! part of one copy of the `Records` array that a batch's records share, see
//! [`crate::raw`]) and everything else at the top level, so a record can be
//! handed out on its own without copying and the whole event can still be
//! written back as it came.

use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::json::Style;
use crate::raw::{self, Cx, Fields, Path, Raw, Report, Scanner, Stop};
use crate::Error;

/// A record type of an envelope: its JSON and the fields its accessors read.
pub(crate) trait Record: Sized {
    type Fields: Fields;

    fn from_parts(raw: Raw, fields: Self::Fields) -> Self;

    fn raw(&self) -> &Raw;

    fn raw_mut(&mut self) -> &mut Raw;

    fn fields_mut(&mut self) -> &mut Self::Fields;
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

    /// Reads the envelope of event `event` from its whole text, each record
    /// keeping its part of it.
    ///
    /// # Errors
    ///
    /// The first problem, with its path (`Records[3].receiptHandle`).
    pub(crate) fn read(event: &'static str, text: &str) -> Result<Self, Error>
    where
        R: Record,
    {
        let report = Report::new(event);
        let cx = Cx::new(text, Path::Root, &report);
        let mut r = Scanner::new(text, 0);
        let read = read_envelope(cx, &mut r).and_then(|envelope| r.end().map(|()| envelope));
        match read {
            Ok(envelope) => {
                raw::check_integers(&report, text)?;
                Ok(envelope)
            }
            Err(stop) => Err(report.error(text, stop)),
        }
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

    /// The drift report of the envelope: its other top-level fields, then
    /// each record's, under `Records[i]`.
    pub(crate) fn unknown_fields(&self) -> Vec<String>
    where
        R: Record,
    {
        let mut out: Vec<String> = self.rest.keys().cloned().collect();
        for (i, record) in self.records.iter().enumerate() {
            let known = <R::Fields as Fields>::KNOWN;
            for path in crate::drift::unknown_fields(record.raw().as_map(), &known) {
                out.push(format!("Records[{i}].{path}"));
            }
        }
        out
    }

    /// The envelope as compact JSON text: the other fields, then `Records`,
    /// each record's text as it was read.
    pub(crate) fn to_json(&self) -> String
    where
        R: Record,
    {
        let size: usize = self.records.iter().map(|r| r.raw().text().len() + 1).sum();
        let mut out = String::with_capacity(size + 16);
        out.push('{');
        for (key, value) in &self.rest {
            out.push_str(&crate::json::value_text(
                &Value::from(key.as_str()),
                Style::Plain,
            ));
            out.push(':');
            out.push_str(&crate::json::value_text(value, Style::Plain));
            out.push(',');
        }
        out.push_str("\"Records\":[");
        for (i, record) in self.records.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(record.raw().text());
        }
        out.push_str("]}");
        out
    }
}

/// Reads the top-level object: `Records` into records, and the other
/// fields into `rest`.
fn read_envelope<R: Record>(cx: Cx<'_>, r: &mut Scanner<'_>) -> Result<Envelope<R>, Stop> {
    if r.peek() != Some(b'{') {
        return Err(cx.wrong("an object", r.kind()?));
    }
    r.open()?;
    let mut rest = Map::new();
    let mut records = None;
    let mut first = true;
    // As in a `Value`, the last of a repeated key wins.
    while let Some(key) = r.key(&mut first)? {
        let cx = cx.at(Path::Key(cx.path(), &key));
        if key == "Records" {
            records = Some(read_records(cx, r)?);
        } else {
            let value = cx.value(r)?;
            rest.insert(key.into_owned(), value);
        }
    }
    match records {
        Some(records) => Ok(Envelope { rest, records }),
        None => Err(cx.missing("Records")),
    }
}

/// The fewest bytes of text of a record, as far as the room reserved for
/// records is concerned.
const RECORD_BYTES: usize = 400;

/// Reads `Records`, each record in the one pass: its fields as they are
/// scanned, and its text, which it keeps (to be handed out alone and
/// written back unchanged), as the span the scan went over of one copy of
/// the array's text that all the records share. A record kept alone keeps
/// that copy: for a batch of a few records, a few kilobytes.
fn read_records<R: Record>(cx: Cx<'_>, r: &mut Scanner<'_>) -> Result<Vec<R>, Stop> {
    if r.peek() != Some(b'[') {
        return Err(cx.wrong("an array", r.kind()?));
    }
    let array = r.offset();
    r.open()?;
    // Sized from the text left: a record of any event kind is hundreds of
    // bytes (an SQS message without attributes, about 700), so a batch is
    // read without the vector growing, for little more room than it needs.
    let mut records = Vec::with_capacity(r.rest_from(r.offset()).len() / RECORD_BYTES + 1);
    let mut first = true;
    while r.element(&mut first)? {
        r.peek();
        let start = r.offset();
        // Strings are located in the record's text, which begins here.
        let at = Path::Index(cx.path(), records.len());
        // Read into the record, which then moves once, into the vector:
        // each step out of the reader would move its fields again.
        let mut record = R::from_parts(Raw::pending(0..0), R::Fields::default());
        let cx = cx.at(at).based(r.rest_from(start));
        cx.object_into(r, record.fields_mut())?;
        *record.raw_mut() = Raw::pending(start - array..r.offset() - array);
        records.push(record);
    }
    // The records share one copy of the array's text: one allocation for
    // the batch rather than one per record.
    let text: Arc<str> = Arc::from(r.slice(array, r.offset())?);
    for record in &mut records {
        record.raw_mut().share(&text);
    }
    Ok(records)
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
/// `envelope: Envelope<$record>` and `context: Option<Box<LambdaContext>>`) over
/// its record type `$record` (see [`event_record!`]):
///
/// - [`Event`](crate::Event) named `$name`, read by the one reader
///   ([`Envelope::read`]) from text, or from a `Value` written as text;
/// - `Serialize` (the event's JSON, with any serializer), `to_json()` (the
///   text kept) and `Deserialize`;
/// - the public `records()`, and a private `from_records(records)` for the
///   builders (no other top-level field, no context).
///
/// Every such event gets the public `records()`, `iter()`, and
/// `IntoIterator` for `&SQSEvent` and for `SQSEvent` (the records taken). A notification that AWS
/// sends with exactly one record, and whose first record Chalice reads, is
/// declared `records_event!(S3Event, S3Record, "S3Event", at_least_one = "...")`:
/// an empty `Records` is then refused with `Error::InvalidValue` at path
/// `Records`, the given text as reason.
macro_rules! records_event {
    ($event:ident, $record:ident, $name:literal) => {
        $crate::records::records_event!(@event $event, $record, $name, "batch");
    };
    ($event:ident, $record:ident, $name:literal, at_least_one = $reason:literal) => {
        $crate::records::records_event!(
            @event $event, $record, $name, "notification (AWS sends exactly one)", $reason
        );
    };
    (@event $event:ident, $record:ident, $name:literal, $what:literal $(, $reason:literal)?) => {
        impl<'a> IntoIterator for &'a $event {
            type Item = &'a $record;
            type IntoIter = ::std::slice::Iter<'a, $record>;

            fn into_iter(self) -> Self::IntoIter {
                self.iter()
            }
        }

        #[doc = concat!("The records of the ", $what, ", taken: `for record in event`.")]
        impl IntoIterator for $event {
            type Item = $record;
            type IntoIter = ::std::vec::IntoIter<$record>;

            fn into_iter(self) -> Self::IntoIter {
                self.envelope.records.into_iter()
            }
        }

        impl $event {
            #[doc = concat!("The records of the ", $what, ", in order.")]
            pub fn records(&self) -> &[$record] {
                &self.envelope.records
            }

            #[doc = concat!("Iterates over the records of the ", $what, "; `for record in &event` does the same.")]
            pub fn iter(&self) -> ::std::slice::Iter<'_, $record> {
                self.envelope.records.iter()
            }

            /// The JSON paths of fields the model does not know (AWS adds
            /// fields over time), e.g. `["Records[0].newField"]`; see
            /// [`drift`](crate::drift).
            pub fn unknown_fields(&self) -> Vec<String> {
                self.envelope.unknown_fields()
            }

            fn from_records(records: Vec<$record>) -> Self {
                $event {
                    envelope: $crate::records::Envelope::new(records),
                    context: None,
                }
            }

            /// Reads the event from its whole text.
            fn read(text: &str) -> Result<Self, $crate::Error> {
                let envelope = $crate::records::Envelope::read($name, text)?;
                // For notifications Chalice indexes `Records[0]`; AWS never
                // sends them empty.
                $(let envelope = envelope.at_least_one($name, $reason)?;)?
                Ok($event {
                    envelope,
                    context: None,
                })
            }
        }

        impl $crate::FromJson for $event {
            const NAME: &'static str = $name;

            fn from_value(value: ::serde_json::Value) -> Result<Self, $crate::Error> {
                Self::read(&$crate::raw::value_text(&value))
            }

            fn from_slice(bytes: &[u8]) -> Result<Self, $crate::Error> {
                Self::read($crate::raw::utf8($name, bytes)?)
            }

            /// Text is read as it is, without checking its UTF-8 again.
            fn from_str(text: &str) -> Result<Self, $crate::Error> {
                Self::read(text)
            }
        }

        $crate::event::inherent_parsing!($event);

        impl $crate::Event for $event {
            fn to_dict(&self) -> ::serde_json::Value {
                self.envelope.to_value($record::to_dict)
            }

            fn unknown_fields(&self) -> Vec<String> {
                self.envelope.unknown_fields()
            }

            fn to_json(&self) -> String {
                self.envelope.to_json()
            }

            $crate::event::context_accessors!();
        }

        impl<'de> ::serde::Deserialize<'de> for $event {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = $crate::event::deserialize_value($name, d)?;
                <Self as $crate::FromJson>::from_value(value).map_err(::serde::de::Error::custom)
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
/// accessors read, which are its reader): the public `from_value`,
/// `from_slice` (errors reported against `$name`), `to_dict`, `to_json` and
/// `as_map`; [`Record`]; `Serialize` and `Deserialize` as the record's JSON;
/// `PartialEq` (by JSON value) and `Debug` (as the JSON object).
///
/// The doc comments after the name describe when reading fails:
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
                let (raw, fields) = $crate::raw::read_value($name, value)?;
                Ok($record { raw, fields })
            }

            /// Reads one record from its JSON text, keeping the text.
            ///
            /// # Errors
            ///
            /// [`Error::Syntax`](crate::Error::Syntax) when the bytes are
            /// not JSON, otherwise as `from_value`.
            pub fn from_slice(bytes: &[u8]) -> Result<Self, $crate::Error> {
                let text = $crate::raw::utf8($name, bytes)?;
                let (raw, fields) = $crate::raw::read_text($name, text)?;
                Ok($record { raw, fields })
            }

            /// The record as the JSON it was read from.
            pub fn to_dict(&self) -> ::serde_json::Value {
                self.raw.to_value()
            }

            /// The record as compact JSON text: the text it was read from,
            /// unchanged (`Serialize` writes the JSON value instead, which
            /// any serializer can take).
            pub fn to_json(&self) -> &str {
                self.raw.text()
            }

            /// The JSON paths of fields the model does not know, relative
            /// to the record; see [`drift`](crate::drift).
            pub fn unknown_fields(&self) -> Vec<String> {
                let known = <$fields as $crate::raw::Fields>::KNOWN;
                $crate::drift::unknown_fields(self.raw.as_map(), &known)
            }

            /// The record's JSON object, without copying once it is built.
            pub fn as_map(&self) -> &::serde_json::Map<String, ::serde_json::Value> {
                self.raw.as_map()
            }

            /// A record of an object a builder made.
            fn from_map(map: ::serde_json::Map<String, ::serde_json::Value>) -> Self {
                let (raw, fields) = $crate::raw::built($name, map);
                $record { raw, fields }
            }
        }

        impl $crate::records::Record for $record {
            type Fields = $fields;

            fn from_parts(raw: $crate::raw::Raw, fields: $fields) -> Self {
                $record { raw, fields }
            }

            fn raw(&self) -> &$crate::raw::Raw {
                &self.raw
            }

            fn raw_mut(&mut self) -> &mut $crate::raw::Raw {
                &mut self.raw
            }

            fn fields_mut(&mut self) -> &mut $fields {
                &mut self.fields
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
                let value = $crate::event::deserialize_value($name, d)?;
                $record::from_value(value).map_err(::serde::de::Error::custom)
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
