//! Amazon Kinesis Data Streams records: [`KinesisEvent`] and its
//! [`KinesisRecord`]s.
//!
//! # What is refused
//!
//! A record is refused only without what a handler cannot do without: a
//! `kinesis` object with `data` as base64 text (the payload, decoded once
//! when read, so that [`data`](KinesisRecord::data) cannot fail later),
//! `sequenceNumber` as a string (what a partial batch response names), and
//! `approximateArrivalTimestamp` as a number of seconds that is a
//! representable time (which [`timestamp`](KinesisRecord::timestamp) gives
//! as a time). Everything else is accepted, kept as it came, and read by its
//! accessor:
//!
//! | the record has | the accessor gives |
//! |---|---|
//! | no `partitionKey` or `kinesisSchemaVersion`, `null`, or not a string | [`partition_key`](KinesisRecord::partition_key), [`schema_version`](KinesisRecord::schema_version): `""` |
//! | no `eventID`, `eventSourceARN` or `awsRegion`, `null`, or not a string | [`event_id`](KinesisRecord::event_id), [`event_source_arn`](KinesisRecord::event_source_arn), [`aws_region`](KinesisRecord::aws_region): `""` |
//! | `encryptionType`, `eventName`, `invokeIdentityArn` ... of any shape | nothing reads them; `to_dict()` keeps them |
//!
//! A batch may hold no record at all: the last invocation of a tumbling
//! window sends `"Records": []` with the window's state.

use chrono::{DateTime, NaiveDateTime};
use serde_json::{json, Number};

use crate::drift::Known;
use crate::raw::{self, Cx, Fields, Raw, Scanner, Stop, Text};
use crate::records::{event_record, records_event, Envelope};
use crate::wire;
#[cfg(test)]
use crate::Error;
use crate::LambdaContext;

/// A batch of Kinesis records, as `on_kinesis_record` handlers receive it.
///
/// Iterating the event yields its records in order.
///
/// ```
/// use chalice_events::{kinesis::KinesisEvent, Event};
///
/// let event = KinesisEvent::builder().stream_name("clicks").data(b"one").data(b"two").build();
/// let payloads: Vec<Vec<u8>> = event.iter().map(|r| r.data()).collect();
/// assert_eq!(payloads, [b"one".to_vec(), b"two".to_vec()]);
/// assert_eq!(event.records()[0].timestamp().to_string(), "2018-12-17 22:10:50.987");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct KinesisEvent {
    envelope: Envelope<KinesisRecord>,
    context: Option<Box<LambdaContext>>,
}

/// One record of a [`KinesisEvent`].
#[derive(Clone)]
pub struct KinesisRecord {
    raw: Raw,
    fields: KinesisFields,
}

/// What the accessors of a [`KinesisRecord`] read, located by the fast path.
#[derive(Debug, Clone, Default)]
pub(crate) struct KinesisFields {
    kinesis: Option<KinesisData>,
    event_id: Option<Text>,
    event_source_arn: Option<Text>,
    aws_region: Option<Text>,
}

/// The record's `kinesis` object.
#[derive(Debug, Clone, Default)]
struct KinesisData {
    data: Option<Text>,
    sequence_number: Option<Text>,
    partition_key: Option<Text>,
    schema_version: Option<Text>,
    timestamp: Option<NaiveDateTime>,
}

/// The reader of a [`KinesisRecord`].
impl Fields for KinesisFields {
    // https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
    const KNOWN: Known = Known::Object(&[
        (
            "kinesis",
            Known::Object(&[
                ("kinesisSchemaVersion", Known::Leaf),
                ("partitionKey", Known::Leaf),
                ("sequenceNumber", Known::Leaf),
                ("data", Known::Leaf),
                ("approximateArrivalTimestamp", Known::Leaf),
                ("encryptionType", Known::Leaf),
            ]),
        ),
        ("eventSource", Known::Leaf),
        ("eventVersion", Known::Leaf),
        ("eventID", Known::Leaf),
        ("eventName", Known::Leaf),
        ("invokeIdentityArn", Known::Leaf),
        ("awsRegion", Known::Leaf),
        ("eventSourceARN", Known::Leaf),
    ]);

    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "kinesis" => self.kinesis = Some(cx.object(r)?),
            "eventID" => self.event_id = cx.any_str(r)?,
            "eventSourceARN" => self.event_source_arn = cx.any_str(r)?,
            "awsRegion" => self.aws_region = cx.any_str(r)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([("kinesis", self.kinesis.is_some())])
    }
}

impl Fields for KinesisData {
    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "data" => {
                let data = cx.str(r)?;
                // Decoded once here so that `data()` cannot fail later; the
                // bytes are not kept, to hold each payload in memory once.
                if let Err(reason) = wire::decode_base64(data.get_in(cx.base())) {
                    return Err(cx.not_base64(reason));
                }
                self.data = Some(data);
            }
            "sequenceNumber" => self.sequence_number = Some(cx.str(r)?),
            "partitionKey" => self.partition_key = cx.any_str(r)?,
            "kinesisSchemaVersion" => self.schema_version = cx.any_str(r)?,
            "approximateArrivalTimestamp" => {
                let seconds = cx.number(r)?;
                self.timestamp = Some(epoch_seconds(cx, &seconds)?);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([
            ("data", self.data.is_some()),
            ("sequenceNumber", self.sequence_number.is_some()),
            ("approximateArrivalTimestamp", self.timestamp.is_some()),
        ])
    }
}

impl KinesisEvent {
    /// A builder for a fake Kinesis event, in the shape Chalice's test client uses.
    pub fn builder() -> KinesisEventBuilder {
        KinesisEventBuilder::default()
    }
}

records_event!(KinesisEvent, KinesisRecord, "KinesisEvent");

event_record!(
    KinesisRecord,
    KinesisFields,
    "KinesisRecord",
    /// When `kinesis`, its `data`, `sequenceNumber` or
    /// `approximateArrivalTimestamp` is missing or mistyped, `kinesis.data`
    /// is not base64 ([`Error::InvalidBase64`](crate::Error::InvalidBase64)),
    /// or the arrival timestamp is out of range.
);

impl KinesisRecord {
    /// The payload, base64-decoded, e.g. `b"Hello, this is a test."`.
    ///
    /// Decodes on every call (the event keeps only the base64 text); keep the
    /// result rather than calling it twice.
    pub fn data(&self) -> Vec<u8> {
        wire::decode_base64(self.raw_data()).unwrap_or_default()
    }

    /// The payload as Kinesis sends it, base64, e.g. `"SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg=="`.
    pub fn raw_data(&self) -> &str {
        self.kinesis_str(|k| &k.data)
    }

    /// Sequence number of the record in its shard, e.g.
    /// `"49590338271490256608559692538361571095921575989136588898"`.
    pub fn sequence_number(&self) -> &str {
        self.kinesis_str(|k| &k.sequence_number)
    }

    /// Partition key the producer gave, e.g. `"1"`; `""` when the record has
    /// none (as a string).
    pub fn partition_key(&self) -> &str {
        self.kinesis_str(|k| &k.partition_key)
    }

    /// Version of the record format, e.g. `"1.0"`; `""` when the record has
    /// none (as a string).
    pub fn schema_version(&self) -> &str {
        self.kinesis_str(|k| &k.schema_version)
    }

    /// When the stream received the record, in UTC, to the microsecond:
    /// `1545084650.987` is `2018-12-17 22:10:50.987`.
    pub fn timestamp(&self) -> NaiveDateTime {
        self.kinesis().and_then(|k| k.timestamp).unwrap_or_default()
    }

    /// Id of the record, shard and sequence number, e.g.
    /// `"shardId-000000000006:49590338271490256608559692538361571095921575989136588898"`.
    pub fn event_id(&self) -> &str {
        self.raw.str(&self.fields.event_id)
    }

    /// ARN of the stream, e.g. `"arn:aws:kinesis:us-east-1:123456789012:stream/clicks"`.
    pub fn event_source_arn(&self) -> &str {
        self.raw.str(&self.fields.event_source_arn)
    }

    /// Region of the stream, e.g. `"us-east-1"`.
    pub fn aws_region(&self) -> &str {
        self.raw.str(&self.fields.aws_region)
    }

    fn kinesis(&self) -> Option<&KinesisData> {
        self.fields.kinesis.as_ref()
    }

    fn kinesis_str(&self, field: impl Fn(&KinesisData) -> &Option<Text>) -> &str {
        self.kinesis().map_or("", |k| self.raw.str(field(k)))
    }
}

/// Seconds since the Unix epoch, integer or float, as a naive UTC time
/// rounded to the microsecond the way Python's `utcfromtimestamp` rounds
/// (half to even), which is what Chalice uses. `None` when out of range.
///
/// Shared with DynamoDB Streams, whose `ApproximateCreationDateTime` is the
/// same encoding.
pub(crate) fn naive_utc_from_epoch_seconds(seconds: &Number) -> Option<NaiveDateTime> {
    if let Some(whole) = seconds.as_i64() {
        return DateTime::from_timestamp(whole, 0).map(|t| t.naive_utc());
    }
    let seconds = seconds.as_f64()?;
    if !seconds.is_finite() {
        return None;
    }
    let mut whole = seconds.trunc();
    let mut micros = ((seconds - whole) * 1e6).round_ties_even();
    if micros >= 1e6 {
        whole += 1.0;
        micros -= 1e6;
    } else if micros < 0.0 {
        whole -= 1.0;
        micros += 1e6;
    }
    // Out-of-range floats would saturate in the cast; refuse them instead.
    if !(i64::MIN as f64..i64::MAX as f64).contains(&whole) {
        return None;
    }
    DateTime::from_timestamp(whole as i64, micros as u32 * 1_000).map(|t| t.naive_utc())
}

/// An epoch-seconds number read at `cx`, as a time; an error at `cx` when
/// it is out of range.
pub(crate) fn epoch_seconds(cx: Cx<'_>, seconds: &Number) -> Result<NaiveDateTime, Stop> {
    naive_utc_from_epoch_seconds(seconds).ok_or_else(|| {
        cx.invalid(format!(
            "{seconds} seconds since the Unix epoch is not a representable time"
        ))
    })
}

/// Builds a [`KinesisEvent`] in the shape Chalice's `generate_kinesis_event`
/// produces: one record per payload.
///
/// As in Chalice's generator, `awsRegion` is `us-west-2` while the stream ARN
/// says `us-east-2`.
///
/// Records are added with [`data`](KinesisEventBuilder::data) (a record with
/// that payload and nothing else set) or [`record`](KinesisEventBuilder::record),
/// which takes a [`KinesisRecordBuilder`] for a partition key or sequence
/// number of its own:
///
/// ```
/// use chalice_events::kinesis::{KinesisEvent, KinesisRecord};
/// use chalice_events::Event;
///
/// let event = KinesisEvent::builder()
///     .record(KinesisRecord::builder().data(b"a").partition_key("user-1"))
///     .record(KinesisRecord::builder().data(b"b").sequence_number("42"))
///     .build();
/// let records = event.records();
/// assert_eq!(records[0].partition_key(), "user-1");
/// assert_eq!(records[1].sequence_number(), "42");
/// assert_eq!(records[1].event_id(), "shardId-000000000006:42");
/// ```
///
/// What a record does not set comes from its position `i` in the batch
/// (from 0), the same on every build:
///
/// | field | default |
/// |---|---|
/// | `kinesis.sequenceNumber` | 56 digits counting up from `49590338271490256608559692538361571095921575989136588898`, in the order Kinesis gives a shard's records |
/// | `eventID` | `shardId-000000000006:` followed by the sequence number |
/// | `kinesis.partitionKey` | `1`, as in Chalice's generator |
/// | `kinesis.data` | empty |
#[derive(Debug, Clone)]
pub struct KinesisEventBuilder {
    stream_name: String,
    records: Vec<KinesisRecordBuilder>,
}

impl Default for KinesisEventBuilder {
    fn default() -> Self {
        KinesisEventBuilder {
            stream_name: "stream-name".to_string(),
            records: Vec::new(),
        }
    }
}

impl KinesisEventBuilder {
    /// The stream the records come from (default `stream-name`).
    pub fn stream_name(mut self, name: impl Into<String>) -> Self {
        self.stream_name = name.into();
        self
    }

    /// Adds one record with this payload.
    pub fn data(self, payload: impl AsRef<[u8]>) -> Self {
        self.record(KinesisRecord::builder().data(payload))
    }

    /// Adds one record per payload.
    pub fn data_items<I, P>(mut self, payloads: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        self.records.extend(
            payloads
                .into_iter()
                .map(|p| KinesisRecord::builder().data(p)),
        );
        self
    }

    /// Adds one record described by `record`.
    pub fn record(mut self, record: KinesisRecordBuilder) -> Self {
        self.records.push(record);
        self
    }

    /// The event. With no record added it holds one record with empty data.
    pub fn build(self) -> KinesisEvent {
        let records = if self.records.is_empty() {
            vec![KinesisRecordBuilder::default()]
        } else {
            self.records
        };
        let arn = format!("arn:aws:kinesis:us-east-2:123:stream/{}", self.stream_name);
        let records = records
            .into_iter()
            .enumerate()
            .map(|(i, record)| KinesisRecord::from_map(record.into_map(i, &arn)))
            .collect();
        KinesisEvent::from_records(records)
    }
}

/// One record of a [`KinesisEventBuilder`], from [`KinesisRecord::builder`].
/// What is not set takes the defaults in the table on [`KinesisEventBuilder`].
#[derive(Debug, Clone, Default)]
pub struct KinesisRecordBuilder {
    data: Vec<u8>,
    partition_key: Option<String>,
    sequence_number: Option<String>,
}

impl KinesisRecord {
    /// A builder for one record of a fake Kinesis event, to pass to
    /// [`KinesisEventBuilder::record`].
    pub fn builder() -> KinesisRecordBuilder {
        KinesisRecordBuilder::default()
    }
}

impl KinesisRecordBuilder {
    /// The payload, sent base64-encoded (default empty).
    pub fn data(mut self, payload: impl AsRef<[u8]>) -> Self {
        self.data = payload.as_ref().to_vec();
        self
    }

    /// The partition key the producer gave (default `1`).
    pub fn partition_key(mut self, key: impl Into<String>) -> Self {
        self.partition_key = Some(key.into());
        self
    }

    /// The sequence number, also the end of `eventID`, which is what a
    /// partial batch response names (default: one of its own, see
    /// [`KinesisEventBuilder`]).
    pub fn sequence_number(mut self, number: impl Into<String>) -> Self {
        self.sequence_number = Some(number.into());
        self
    }

    /// The record at position `i` of a batch from the stream `arn`.
    fn into_map(self, i: usize, arn: &str) -> serde_json::Map<String, serde_json::Value> {
        let sequence_number = self.sequence_number.unwrap_or_else(|| {
            // Too long for an integer type: the last six digits count.
            format!(
                "49590338271490256608559692538361571095921575989136{:06}",
                588_898 + i
            )
        });
        wire::into_object(json!({
            "kinesis": {
                "kinesisSchemaVersion": "1.0",
                "partitionKey": self.partition_key.as_deref().unwrap_or("1"),
                "sequenceNumber": sequence_number,
                "data": wire::encode_base64(&self.data),
                "approximateArrivalTimestamp": 1545084650.987
            },
            "eventSource": "aws:kinesis",
            "eventVersion": "1.0",
            "eventID": format!("shardId-000000000006:{sequence_number}"),
            "eventName": "aws:kinesis:record",
            "invokeIdentityArn": "arn:aws:iam::123:role/lambda-role",
            "awsRegion": "us-west-2",
            "eventSourceARN": arn
        }))
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for KinesisEvent {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let stream: String = u.arbitrary()?;
        let payloads: Vec<Vec<u8>> = u.arbitrary()?;
        let mut event = KinesisEvent::builder()
            .stream_name(stream)
            .data_items(payloads)
            .build();
        for record in &mut event.envelope.records {
            let mut raw = record.raw.as_map().clone();
            if let Some(serde_json::Value::Object(kinesis)) = raw.get_mut("kinesis") {
                let partition_key: String = u.arbitrary()?;
                kinesis.insert("partitionKey".into(), partition_key.into());
                let sequence_number: String = u.arbitrary()?;
                kinesis.insert("sequenceNumber".into(), sequence_number.into());
                // Whole seconds up to the year 9999, to stay in chrono's range.
                let seconds = u.int_in_range(0..=253_402_300_799u64)?;
                kinesis.insert("approximateArrivalTimestamp".into(), seconds.into());
            }
            *record = KinesisRecord::from_map(raw);
        }
        Ok(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_fixtures_round_trip;
    use crate::Event;
    use chrono::NaiveDate;
    use serde_json::Value;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_micro_opt(h, mi, s, micro)
            .unwrap()
    }

    #[test]
    fn every_fixture_parses_and_round_trips() {
        for (name, event) in assert_fixtures_round_trip::<KinesisEvent>("kinesis") {
            for record in &event {
                assert!(record.timestamp() > at(2000, 1, 1, 0, 0, 0, 0), "{name}");
            }
        }
    }

    #[test]
    fn accessors_read_the_records() {
        let raw = r#"{"Records": [{"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "pk",
            "sequenceNumber": "49590338271490256608559692538361571095921575989136588898",
            "data": "SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==", "approximateArrivalTimestamp": 1545084650.987,
            "encryptionType": null},
            "eventID": "shardId-000000000006:4959", "eventSourceARN": "arn:aws:kinesis:us-east-1:1:stream/s",
            "awsRegion": "us-east-1", "unknown": [null]},
            {"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "2", "sequenceNumber": "2",
            "data": "", "approximateArrivalTimestamp": 1428537600}}], "extra": 1}"#;
        let event = KinesisEvent::from_str(raw).unwrap();
        let records: Vec<_> = event.iter().collect();
        assert_eq!(records[0].data(), b"Hello, this is a test.");
        assert_eq!(records[0].partition_key(), "pk");
        assert_eq!(
            records[0].sequence_number(),
            "49590338271490256608559692538361571095921575989136588898"
        );
        assert_eq!(records[0].schema_version(), "1.0");
        assert_eq!(
            records[0].timestamp(),
            at(2018, 12, 17, 22, 10, 50, 987_000)
        );
        assert_eq!(records[0].event_id(), "shardId-000000000006:4959");
        assert_eq!(
            records[0].event_source_arn(),
            "arn:aws:kinesis:us-east-1:1:stream/s"
        );
        assert_eq!(records[0].aws_region(), "us-east-1");
        assert_eq!(records[1].data(), b"");
        assert_eq!(records[1].timestamp(), at(2015, 4, 9, 0, 0, 0, 0));
        assert_eq!(records[1].aws_region(), "");
        assert_eq!(event.to_dict(), serde_json::from_str::<Value>(raw).unwrap());
    }

    #[test]
    fn timestamps_round_like_python() {
        let cases = [
            (json!(1545084650.987), at(2018, 12, 17, 22, 10, 50, 987_000)),
            (json!(0.0000005), at(1970, 1, 1, 0, 0, 0, 0)),
            (json!(0.0000015), at(1970, 1, 1, 0, 0, 0, 2)),
            (json!(1.9999999), at(1970, 1, 1, 0, 0, 2, 0)),
            (json!(-1.5), at(1969, 12, 31, 23, 59, 58, 500_000)),
            (json!(1601317140), at(2020, 9, 28, 18, 19, 0, 0)),
        ];
        for (seconds, expected) in cases {
            let n = seconds.as_number().unwrap();
            assert_eq!(naive_utc_from_epoch_seconds(n), Some(expected), "{seconds}");
        }
        assert_eq!(
            naive_utc_from_epoch_seconds(json!(1e300).as_number().unwrap()),
            None
        );
        assert_eq!(
            naive_utc_from_epoch_seconds(json!(u64::MAX).as_number().unwrap()),
            None
        );
    }

    #[test]
    fn builder_matches_chalice_generator_and_parses_back() {
        let event = KinesisEvent::builder().data(b"foo").build();
        let expected = json!({"Records": [{"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "1",
            "sequenceNumber": "49590338271490256608559692538361571095921575989136588898", "data": "Zm9v",
            "approximateArrivalTimestamp": 1545084650.987},
            "eventSource": "aws:kinesis", "eventVersion": "1.0",
            "eventID": "shardId-000000000006:49590338271490256608559692538361571095921575989136588898",
            "eventName": "aws:kinesis:record", "invokeIdentityArn": "arn:aws:iam::123:role/lambda-role",
            "awsRegion": "us-west-2", "eventSourceARN": "arn:aws:kinesis:us-east-2:123:stream/stream-name"}]});
        assert_eq!(event.to_dict(), expected);

        let event = KinesisEvent::builder()
            .stream_name("s")
            .data_items([&b"a"[..], b"\xff\x00"])
            .build();
        let again = KinesisEvent::from_value(event.to_dict()).unwrap();
        assert_eq!(again.to_dict(), event.to_dict());
        let payloads: Vec<_> = again.iter().map(KinesisRecord::data).collect();
        assert_eq!(payloads, [b"a".to_vec(), b"\xff\x00".to_vec()]);
    }

    #[test]
    fn builder_gives_each_record_its_own_ids_and_what_it_was_given() {
        let event = KinesisEvent::builder()
            .stream_name("clicks")
            .data(b"a")
            .record(
                KinesisRecord::builder()
                    .data(b"b")
                    .partition_key("user-7")
                    .sequence_number("42"),
            )
            .record(KinesisRecord::builder().partition_key("user-8"))
            .build();
        let dict = event.to_dict();
        let seq = |tail: &str| format!("49590338271490256608559692538361571095921575989136{tail}");
        // (record, JSON pointer in the record, value)
        let table = [
            (0, "/kinesis/data", json!("YQ==")),
            (0, "/kinesis/partitionKey", json!("1")),
            (0, "/kinesis/sequenceNumber", json!(seq("588898"))),
            (
                0,
                "/eventID",
                json!(format!("shardId-000000000006:{}", seq("588898"))),
            ),
            (1, "/kinesis/data", json!("Yg==")),
            (1, "/kinesis/partitionKey", json!("user-7")),
            (1, "/kinesis/sequenceNumber", json!("42")),
            (1, "/eventID", json!("shardId-000000000006:42")),
            (2, "/kinesis/data", json!("")),
            (2, "/kinesis/partitionKey", json!("user-8")),
            (2, "/kinesis/sequenceNumber", json!(seq("588900"))),
            (
                2,
                "/eventSourceARN",
                json!("arn:aws:kinesis:us-east-2:123:stream/clicks"),
            ),
        ];
        for (i, pointer, expected) in table {
            let got = dict["Records"][i].pointer(pointer);
            assert_eq!(got, Some(&expected), "{i} {pointer}");
        }
        assert_eq!(
            KinesisEvent::from_value(dict.clone()).unwrap().to_dict(),
            dict
        );
        let many = KinesisEvent::builder().data_items([b"x"; 5]).build();
        let ids: std::collections::HashSet<&str> =
            many.iter().map(KinesisRecord::event_id).collect();
        assert_eq!(ids.len(), 5);
    }

    #[test]
    fn errors_name_the_field() {
        let mut v = KinesisEvent::builder()
            .data(b"x")
            .data(b"y")
            .build()
            .to_dict();
        v["Records"][1]["kinesis"]["data"] = json!("not base64!");
        let err = KinesisEvent::from_value(v.clone()).unwrap_err();
        assert!(matches!(err, Error::InvalidBase64 { .. }));
        insta::assert_snapshot!(err, @"KinesisEvent: field `Records[1].kinesis.data` is not valid base64: Invalid symbol 33, offset 9.");
        v["Records"][1]["kinesis"]["data"] = json!("eA==");
        v["Records"][0]["kinesis"]["approximateArrivalTimestamp"] = json!("1545084650.987");
        let err = KinesisEvent::from_value(v.clone()).unwrap_err();
        insta::assert_snapshot!(err, @"KinesisEvent: field `Records[0].kinesis.approximateArrivalTimestamp` should be a number, found a string");
        v["Records"][0]["kinesis"]["approximateArrivalTimestamp"] = json!(1e300);
        let err = KinesisEvent::from_value(v).unwrap_err();
        insta::assert_snapshot!(err, @"KinesisEvent: field `Records[0].kinesis.approximateArrivalTimestamp` is invalid: 1e+300 seconds since the Unix epoch is not a representable time");
        let err = KinesisRecord::from_value(json!({"kinesis": {}})).unwrap_err();
        assert_eq!(err.path(), Some("kinesis.data"));
        let err = KinesisRecord::from_value(json!({"kinesis": {"data": "", "sequenceNumber": 1}}))
            .unwrap_err();
        insta::assert_snapshot!(err, @"KinesisRecord: field `kinesis.sequenceNumber` should be a string, found a number");
    }

    /// Each row of the module's "What is refused" table, on raw JSON.
    #[test]
    fn lenient_cases_are_kept_and_read_by_their_accessor() {
        // (fields of the record, of its `kinesis` object, (partition_key(),
        // schema_version(), event_id(), event_source_arn(), aws_region()))
        let table = [
            ("", "", ("", "", "", "", "")),
            (
                r#", "eventID": null, "eventSourceARN": 5, "awsRegion": [], "eventName": 1"#,
                r#", "partitionKey": null, "kinesisSchemaVersion": 1.0, "encryptionType": null"#,
                ("", "", "", "", ""),
            ),
            (
                r#", "eventID": "e", "awsRegion": "us-east-1""#,
                r#", "partitionKey": "p", "kinesisSchemaVersion": {}"#,
                ("p", "", "e", "", "us-east-1"),
            ),
        ];
        for (record, kinesis, strings) in table {
            let text = format!(
                r#"{{"Records": [{{"kinesis": {{"data": "aGk=", "sequenceNumber": "1", "approximateArrivalTimestamp": 1545084650.987{kinesis}}}{record}}}]}}"#
            );
            let event = KinesisEvent::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                event.to_dict(),
                serde_json::from_str::<serde_json::Value>(&text).unwrap()
            );
            let r = &event.records()[0];
            assert_eq!((r.data(), r.sequence_number()), (b"hi".to_vec(), "1"));
            assert_eq!(r.timestamp().to_string(), "2018-12-17 22:10:50.987");
            let got = (
                r.partition_key(),
                r.schema_version(),
                r.event_id(),
                r.event_source_arn(),
                r.aws_region(),
            );
            assert_eq!(got, strings, "{text}");
        }
        let text = r#"{"Records": [], "window": {"start": "2020-07-30T17:00:00Z"}, "isFinalInvokeForWindow": true}"#;
        let event = KinesisEvent::from_str(text).unwrap();
        assert!(event.records().is_empty());
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_events_round_trip() {
        crate::test_support::assert_arbitrary_round_trip::<KinesisEvent>(0x0123_4567_89ab_cdef);
    }

    #[test]
    fn mutated_fixtures_are_accepted_whole_or_refused_with_a_path() {
        crate::test_support::assert_mutations_are_judged::<KinesisEvent>("kinesis");
    }
}
