//! The `{"Records": [...]}` envelope that S3, SNS, SQS, Kinesis and DynamoDB
//! events share.
//!
//! The envelope is split into its records (each keeping its own JSON object)
//! and everything else at the top level, so a record can be handed out on its
//! own without copying and the whole event can still be written back as it came.

use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::wire::Obj;
use crate::Error;

/// The top-level fields of an envelope other than `Records`, plus the records.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Envelope<R> {
    pub(crate) rest: Map<String, Value>,
    pub(crate) records: Vec<R>,
}

impl<R> Envelope<R> {
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
        let Value::Object(mut rest) = value else {
            // `Obj::root` has already proven this is an object.
            return Ok(Envelope {
                rest: Map::new(),
                records: Vec::new(),
            });
        };
        let records = match rest.shift_remove("Records") {
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|item| match item {
                    Value::Object(map) => wrap(map),
                    _ => wrap(Map::new()),
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Envelope { rest, records })
    }

    /// Writes the envelope back: the other fields, then `Records`.
    pub(crate) fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>
    where
        R: serde::Serialize,
    {
        let mut map = s.serialize_map(Some(self.rest.len() + 1))?;
        for (k, v) in &self.rest {
            map.serialize_entry(k, v)?;
        }
        map.serialize_entry("Records", &self.records)?;
        map.end()
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
