//! Amazon SQS messages: [`SQSEvent`] and its [`SQSRecord`]s.
//!
//! # What is refused
//!
//! A record is refused only without what a handler cannot do without:
//! `messageId` (what a partial batch response names), `receiptHandle` and
//! `body`, or with `messageId` or `receiptHandle` not a string. Everything
//! else is accepted, kept as it came, and read by its accessor:
//!
//! | the record has | the accessor gives |
//! |---|---|
//! | a `body` that is not a string (hand-made samples put an object there) | [`body`](SQSRecord::body): the value as JSON text |
//! | no `attributes` or `messageAttributes`, `null`, or another shape | [`attributes`](SQSRecord::attributes), [`message_attributes`](SQSRecord::message_attributes): `None` |
//! | no `eventSourceARN` or `awsRegion`, or not a string | [`event_source_arn`](SQSRecord::event_source_arn), [`aws_region`](SQSRecord::aws_region): `""` |

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use crate::drift::Known;
use crate::raw::{self, Cx, Fields, Raw, Scanner, Stop, Text};
use crate::records::{event_record, records_event, Envelope};
use crate::wire;
use crate::{Error, LambdaContext};

/// A batch of SQS messages, as `on_sqs_message` handlers receive it.
///
/// Iterating the event yields its records in order.
///
/// ```
/// use chalice_events::{Event, SQSEvent};
///
/// let event = SQSEvent::builder().queue_name("jobs").body("one").body("two").build();
/// let bodies: Vec<_> = event.iter().map(|r| r.body().into_owned()).collect();
/// assert_eq!(bodies, ["one", "two"]);
/// assert_eq!(event.to_dict()["Records"][0]["eventSourceARN"], "arn:aws:sqs:us-west-2:12345:jobs");
/// ```
#[doc(alias = "SqsEvent")]
#[derive(Debug, Clone, PartialEq)]
pub struct SQSEvent {
    envelope: Envelope<SQSRecord>,
    context: Option<Box<LambdaContext>>,
}

/// One SQS message of an [`SQSEvent`].
#[doc(alias = "SqsRecord")]
#[derive(Clone)]
pub struct SQSRecord {
    raw: Raw,
    fields: SqsFields,
}

/// What the accessors of an [`SQSRecord`] read, located by the fast path.
#[derive(Debug, Clone, Default)]
pub(crate) struct SqsFields {
    message_id: Option<Text>,
    receipt_handle: Option<Text>,
    /// `Some(None)` when the body is not a string.
    body: Option<Option<Text>>,
    event_source_arn: Option<Text>,
    aws_region: Option<Text>,
}

/// The reader of an [`SQSRecord`].
impl Fields for SqsFields {
    // https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
    const KNOWN: Known = Known::Object(&[
        ("messageId", Known::Leaf),
        ("receiptHandle", Known::Leaf),
        ("body", Known::Leaf),
        (
            "attributes",
            Known::Object(&[
                ("ApproximateReceiveCount", Known::Leaf),
                ("ApproximateFirstReceiveTimestamp", Known::Leaf),
                ("SentTimestamp", Known::Leaf),
                ("SenderId", Known::Leaf),
                ("SequenceNumber", Known::Leaf),
                ("MessageGroupId", Known::Leaf),
                ("MessageDeduplicationId", Known::Leaf),
                ("AWSTraceHeader", Known::Leaf),
                ("DeadLetterQueueSourceArn", Known::Leaf),
            ]),
        ),
        (
            "messageAttributes",
            Known::Map(&Known::Object(&[
                ("stringValue", Known::Leaf),
                ("binaryValue", Known::Leaf),
                ("stringListValues", Known::Leaf),
                ("binaryListValues", Known::Leaf),
                ("dataType", Known::Leaf),
            ])),
        ),
        ("md5OfBody", Known::Leaf),
        ("md5OfMessageAttributes", Known::Leaf),
        ("eventSource", Known::Leaf),
        ("eventSourceARN", Known::Leaf),
        ("awsRegion", Known::Leaf),
    ]);

    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "messageId" => self.message_id = Some(cx.str(r)?),
            "receiptHandle" => self.receipt_handle = Some(cx.str(r)?),
            "body" => self.body = Some(cx.any_str(r)?),
            "eventSourceARN" => self.event_source_arn = cx.any_str(r)?,
            "awsRegion" => self.aws_region = cx.any_str(r)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([
            ("messageId", self.message_id.is_some()),
            ("receiptHandle", self.receipt_handle.is_some()),
            ("body", self.body.is_some()),
        ])
    }
}

impl SQSEvent {
    /// A builder for a fake SQS event, with the values Chalice's test client uses.
    pub fn builder() -> SQSEventBuilder {
        SQSEventBuilder::default()
    }
}

records_event!(SQSEvent, SQSRecord, "SQSEvent");

event_record!(
    SQSRecord,
    SqsFields,
    "SQSRecord",
    /// When `messageId`, `receiptHandle` or `body` is missing, or
    /// `messageId` or `receiptHandle` is not a string (see the
    /// [module documentation](self)).
);

impl SQSRecord {
    /// The message body, e.g. `"hello"`.
    pub fn body(&self) -> Cow<'_, str> {
        match &self.fields.body {
            Some(Some(text)) => Cow::Borrowed(text.get(&self.raw)),
            Some(None) => Cow::Owned(
                self.raw
                    .as_map()
                    .get("body")
                    .map(|body| crate::json::value_text(body, crate::json::Style::Plain))
                    .unwrap_or_default(),
            ),
            None => Cow::Borrowed(""),
        }
    }

    /// The message body, taken with the record: for a body that held
    /// escapes (JSON sent as a message, say), the string the reader decoded
    /// it into, without a copy; [`body`](Self::body) copied otherwise.
    ///
    /// ```
    /// use chalice_events::SQSEvent;
    ///
    /// let event = SQSEvent::builder().bodies([r#"{"job": 1}"#, "plain"]).build();
    /// let bodies: Vec<String> = event.into_iter().map(|record| record.into_body()).collect();
    /// assert_eq!(bodies, [r#"{"job": 1}"#, "plain"]);
    /// ```
    pub fn into_body(self) -> String {
        match self.fields.body {
            Some(Some(text)) => text.into_string(&self.raw),
            Some(None) => self.body().into_owned(),
            None => String::new(),
        }
    }

    /// The body parsed as JSON into `T`.
    ///
    /// # Errors
    ///
    /// [`Error::JsonBody`] when the body is not JSON of that shape.
    pub fn json_body<T: DeserializeOwned>(&self) -> Result<T, Error> {
        wire::parse_json_body(&self.body())
    }

    /// The handle to delete or change the visibility of the message, e.g. `"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a..."`.
    pub fn receipt_handle(&self) -> &str {
        self.raw.str(&self.fields.receipt_handle)
    }

    /// The message id, e.g. `"059f36b4-87a3-44ab-83d2-661975830a7d"`; what
    /// `batchItemFailures` refers to.
    pub fn message_id(&self) -> &str {
        self.raw.str(&self.fields.message_id)
    }

    /// System attributes such as `ApproximateReceiveCount` and `SentTimestamp`.
    pub fn attributes(&self) -> Option<&Map<String, Value>> {
        self.raw
            .as_map()
            .get("attributes")
            .and_then(Value::as_object)
    }

    /// User message attributes, each `{"stringValue": ..., "dataType": ...}`.
    pub fn message_attributes(&self) -> Option<&Map<String, Value>> {
        self.raw
            .as_map()
            .get("messageAttributes")
            .and_then(Value::as_object)
    }

    /// ARN of the queue, e.g. `"arn:aws:sqs:us-east-1:123456789012:my-queue"`.
    pub fn event_source_arn(&self) -> &str {
        self.raw.str(&self.fields.event_source_arn)
    }

    /// Region of the queue, e.g. `"us-east-1"`.
    pub fn aws_region(&self) -> &str {
        self.raw.str(&self.fields.aws_region)
    }
}

/// Builds an [`SQSEvent`] in the shape Chalice's `generate_sqs_event` produces:
/// one record per message, region `us-west-2`, account `12345`.
///
/// Messages are added with [`body`](SQSEventBuilder::body) (a message with
/// that body and nothing else set) or [`record`](SQSEventBuilder::record),
/// which takes an [`SQSRecordBuilder`] for per-message ids and attributes:
///
/// ```
/// use chalice_events::sqs::{SQSEvent, SQSRecord};
/// use chalice_events::Event;
///
/// let event = SQSEvent::builder()
///     .queue_name("orders.fifo")
///     .record(SQSRecord::builder().body("a").message_id("m-1").message_group_id("tenant-1"))
///     .record(SQSRecord::builder().body("b").receive_count(3))
///     .build();
/// let records = event.records();
/// assert_eq!(records[0].message_id(), "m-1");
/// assert_eq!(records[0].attributes().unwrap()["MessageGroupId"], "tenant-1");
/// assert_eq!(records[1].attributes().unwrap()["ApproximateReceiveCount"], "3");
/// assert_ne!(records[1].message_id(), records[0].message_id());
/// assert_eq!(records[1].event_source_arn(), "arn:aws:sqs:us-west-2:12345:orders.fifo");
/// ```
///
/// Every message gets ids of its own, so that a partial batch response can
/// name one. What a message does not set comes from its position `i` in the
/// batch (from 0), the same on every build:
///
/// | field | default |
/// |---|---|
/// | `messageId` | a UUID counting up from `059f36b4-87a3-44ab-83d2-661975830a7d` in its last group: `…-661975830a7e` for `i = 1` |
/// | `receiptHandle` | `AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a` followed by the base64 of `message {i}` |
/// | `attributes` | `ApproximateFirstReceiveTimestamp`, `ApproximateReceiveCount` (`"1"`), `SenderId`, `SentTimestamp`, as Chalice writes them |
/// | `attributes` of a FIFO queue (a name ending in `.fifo`) | also `MessageDeduplicationId` (64 hex digits ending in `i` in hex), `MessageGroupId` (`group-1`) and `SequenceNumber` (`18849496460467696128 + i`) |
/// | `messageAttributes` | `{}` |
#[derive(Debug, Clone)]
pub struct SQSEventBuilder {
    queue_name: String,
    records: Vec<SQSRecordBuilder>,
}

impl Default for SQSEventBuilder {
    fn default() -> Self {
        SQSEventBuilder {
            queue_name: "queue-name".to_string(),
            records: Vec::new(),
        }
    }
}

impl SQSEventBuilder {
    /// The queue the messages come from (default `queue-name`). A name
    /// ending in `.fifo` makes it a FIFO queue, whose messages carry a
    /// group id, a deduplication id and a sequence number.
    pub fn queue_name(mut self, name: impl Into<String>) -> Self {
        self.queue_name = name.into();
        self
    }

    /// Adds one message with this body.
    pub fn body(self, body: impl Into<String>) -> Self {
        self.record(SQSRecord::builder().body(body))
    }

    /// Adds one message per body.
    pub fn bodies<I, B>(mut self, bodies: I) -> Self
    where
        I: IntoIterator<Item = B>,
        B: Into<String>,
    {
        self.records
            .extend(bodies.into_iter().map(|b| SQSRecord::builder().body(b)));
        self
    }

    /// Adds one message described by `record`.
    pub fn record(mut self, record: SQSRecordBuilder) -> Self {
        self.records.push(record);
        self
    }

    /// The event. With no message added it holds one message with an empty body.
    pub fn build(self) -> SQSEvent {
        let records = if self.records.is_empty() {
            vec![SQSRecordBuilder::default()]
        } else {
            self.records
        };
        let fifo = self.queue_name.ends_with(".fifo");
        let arn = format!("arn:aws:sqs:us-west-2:12345:{}", self.queue_name);
        let records = records
            .into_iter()
            .enumerate()
            .map(|(i, record)| SQSRecord::from_map(record.into_map(i, fifo, &arn)))
            .collect();
        SQSEvent::from_records(records)
    }
}

/// One message of an [`SQSEventBuilder`], from [`SQSRecord::builder`]: a
/// body, and the ids and attributes a test needs to tell messages apart.
/// What is not set takes the defaults in the table on [`SQSEventBuilder`].
///
/// ```
/// use chalice_events::sqs::{SQSEvent, SQSRecord};
///
/// let event = SQSEvent::builder()
///     .record(
///         SQSRecord::builder()
///             .body("{\"order\": 7}")
///             .receipt_handle("handle-7")
///             .message_attribute("tenant", "acme")
///             .attribute("AWSTraceHeader", "Root=1-5e1b4151-5ac6c58f5b5daa6532e4f2e8"),
///     )
///     .build();
/// let record = &event.records()[0];
/// assert_eq!(record.receipt_handle(), "handle-7");
/// assert_eq!(record.message_attributes().unwrap()["tenant"]["stringValue"], "acme");
/// assert_eq!(record.attributes().unwrap()["ApproximateReceiveCount"], "1");
/// ```
#[derive(Debug, Clone, Default)]
pub struct SQSRecordBuilder {
    body: String,
    message_id: Option<String>,
    receipt_handle: Option<String>,
    /// Set over the defaults, in order.
    attributes: Vec<(String, String)>,
    message_attributes: Map<String, Value>,
}

impl SQSRecord {
    /// A builder for one message of a fake SQS event, to pass to
    /// [`SQSEventBuilder::record`].
    pub fn builder() -> SQSRecordBuilder {
        SQSRecordBuilder::default()
    }
}

impl SQSRecordBuilder {
    /// The message body (default empty).
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = body.into();
        self
    }

    /// The message id, what a partial batch response names (default: one
    /// of its own, see [`SQSEventBuilder`]).
    pub fn message_id(mut self, id: impl Into<String>) -> Self {
        self.message_id = Some(id.into());
        self
    }

    /// The receipt handle (default: one of its own, see [`SQSEventBuilder`]).
    pub fn receipt_handle(mut self, handle: impl Into<String>) -> Self {
        self.receipt_handle = Some(handle.into());
        self
    }

    /// Sets a system attribute, e.g. `("AWSTraceHeader", "Root=1-...")` or
    /// `("SentTimestamp", "1545082649183")`, over its default.
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.attributes.retain(|(n, _)| *n != name);
        self.attributes.push((name, value.into()));
        self
    }

    /// How many times the message has been received, in
    /// `attributes.ApproximateReceiveCount` (default 1): more than 1 fakes
    /// a message that came back after a failure.
    pub fn receive_count(self, count: u32) -> Self {
        self.attribute("ApproximateReceiveCount", count.to_string())
    }

    /// The message group, in `attributes.MessageGroupId` (default `group-1`
    /// on a FIFO queue, absent on a standard one).
    pub fn message_group_id(self, id: impl Into<String>) -> Self {
        self.attribute("MessageGroupId", id)
    }

    /// The deduplication id, in `attributes.MessageDeduplicationId`
    /// (default on a FIFO queue: one of its own, see [`SQSEventBuilder`]).
    pub fn deduplication_id(self, id: impl Into<String>) -> Self {
        self.attribute("MessageDeduplicationId", id)
    }

    /// Adds a `String` message attribute, written as Lambda delivers it:
    /// `{"stringValue": value, "stringListValues": [], "binaryListValues": [], "dataType": "String"}`.
    pub fn message_attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let value: String = value.into();
        self.message_attributes.insert(
            name.into(),
            json!({
                "stringValue": value,
                "stringListValues": [],
                "binaryListValues": [],
                "dataType": "String"
            }),
        );
        self
    }

    /// Replaces the message attributes with `attributes`, each in Lambda's
    /// shape (`{"stringValue": ..., "dataType": "Number", ...}` or
    /// `{"binaryValue": <base64>, "dataType": "Binary", ...}`).
    ///
    /// # Panics
    ///
    /// When `attributes` is not a JSON object, which SQS never sends.
    #[track_caller]
    pub fn message_attributes(mut self, attributes: Value) -> Self {
        match attributes {
            Value::Object(map) => self.message_attributes = map,
            other => panic!(
                "SQS message attributes must be a JSON object, not {}",
                wire::type_name(&other)
            ),
        }
        self
    }

    /// The record at position `i` of a batch from the queue `arn`.
    fn into_map(self, i: usize, fifo: bool, arn: &str) -> Map<String, Value> {
        let mut attributes = Map::new();
        let mut put = |name: &str, value: String| {
            attributes.insert(name.to_string(), Value::String(value));
        };
        put("ApproximateFirstReceiveTimestamp", "1530576251596".into());
        put("ApproximateReceiveCount", "1".into());
        put("SenderId", "sender-id".into());
        put("SentTimestamp", "1530576251595".into());
        // A FIFO queue's messages always carry the three; the sequence
        // number grows through the batch, as within a message group.
        if fifo {
            put(
                "MessageDeduplicationId",
                format!("4e0a0f61eed277a4b9e4c01d5722b07b0725e42fe782102a{i:016x}"),
            );
            put("MessageGroupId", "group-1".into());
            put(
                "SequenceNumber",
                (18_849_496_460_467_696_128_u128 + i as u128).to_string(),
            );
        }
        for (name, value) in self.attributes {
            put(&name, value);
        }
        let message_id = self.message_id.unwrap_or_else(|| {
            format!(
                "059f36b4-87a3-44ab-83d2-{:012x}",
                0x6619_7583_0a7d_u64 + i as u64
            )
        });
        let receipt_handle = self.receipt_handle.unwrap_or_else(|| {
            let tail = wire::encode_base64(format!("message {i}").as_bytes());
            format!("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a{tail}")
        });
        wire::into_object(json!({
            "attributes": attributes,
            "awsRegion": "us-west-2",
            "body": self.body,
            "eventSource": "aws:sqs",
            "eventSourceARN": arn,
            "md5OfBody": "754ac2f7a12df38320e0c5eafd060145",
            "messageAttributes": self.message_attributes,
            "messageId": message_id,
            "receiptHandle": receipt_handle
        }))
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for SQSEvent {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let queue: String = u.arbitrary()?;
        let bodies: Vec<String> = u.arbitrary()?;
        // No body still makes one message, as the builder does.
        let records = match bodies.is_empty() {
            true => vec![SQSRecord::builder()],
            false => bodies
                .into_iter()
                .map(|b| SQSRecord::builder().body(b))
                .collect(),
        };
        let mut builder = SQSEvent::builder().queue_name(queue);
        for record in records {
            let id: String = u.arbitrary()?;
            let handle: String = u.arbitrary()?;
            builder = builder.record(record.message_id(id).receipt_handle(handle));
        }
        Ok(builder.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_fixtures_round_trip;
    use crate::Event;

    const TWO: &str = r#"{"Records": [
        {"messageId": "m1", "receiptHandle": "h1", "body": "{\"n\": 1}", "attributes": {"ApproximateReceiveCount": "1"},
         "messageAttributes": {}, "md5OfBody": "x", "eventSource": "aws:sqs",
         "eventSourceARN": "arn:aws:sqs:us-east-1:1:q", "awsRegion": "us-east-1", "unknown": [1, null]},
        {"messageId": "m2", "receiptHandle": "h2", "body": {"embedded": true}}
    ], "topLevelExtra": null}"#;

    #[test]
    fn a_body_taken_is_the_body_read() {
        let text = r#"{"Records": [
            {"messageId": "a", "receiptHandle": "h", "body": "{\"k\": \"v\u00e9\"}"},
            {"messageId": "b", "receiptHandle": "h", "body": "plain"},
            {"messageId": "c", "receiptHandle": "h", "body": 12.5},
            {"messageId": "d", "receiptHandle": "h", "body": null}]}"#;
        let event = SQSEvent::from_str(text).unwrap();
        let read: Vec<String> = event.iter().map(|r| r.body().into_owned()).collect();
        let taken: Vec<String> = event.into_iter().map(SQSRecord::into_body).collect();
        assert_eq!(taken, read);
        assert_eq!(taken[0], "{\"k\": \"v\u{e9}\"}");
        assert_eq!(taken[1], "plain");
    }

    #[test]
    fn every_fixture_parses_and_round_trips() {
        for (name, event) in assert_fixtures_round_trip::<SQSEvent>("sqs") {
            assert!(event.iter().all(|r| !r.message_id().is_empty()), "{name}");
        }
    }

    #[test]
    fn each_record_of_a_batch_is_its_own_text_and_outlives_the_batch() {
        let event = SQSEvent::from_str(TWO).unwrap();
        let second = r#"{"messageId": "m2", "receiptHandle": "h2", "body": {"embedded": true}}"#;
        let records: Vec<SQSRecord> = event.iter().cloned().collect();
        assert!(records[0].to_json().starts_with(r#"{"messageId": "m1""#));
        assert!(records[0].to_json().ends_with(r#""unknown": [1, null]}"#));
        assert_eq!(records[1].to_json(), second);
        // Kept alone, past the event and its other records.
        drop(event);
        let kept = records.into_iter().nth(1).unwrap();
        assert_eq!(kept.to_json(), second);
        assert_eq!(kept.receipt_handle(), "h2");
        assert_eq!(kept.body(), r#"{"embedded":true}"#);
    }

    #[test]
    fn round_trips_unknown_fields_and_nulls() {
        let event = SQSEvent::from_str(TWO).unwrap();
        let original: Value = serde_json::from_str(TWO).unwrap();
        assert_eq!(event.to_dict(), original);
        assert_eq!(serde_json::to_value(&event).unwrap(), original);
        // The text: the envelope's other fields, compact, then each record as read.
        let text = event.to_json();
        assert!(
            text.starts_with(r#"{"topLevelExtra":null,"Records":[{"messageId": "m1""#),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), original);
    }

    #[test]
    fn accessors_read_the_records() {
        let event = SQSEvent::from_str(TWO).unwrap();
        let r: Vec<_> = event.iter().collect();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].receipt_handle(), "h1");
        assert_eq!(r[0].message_id(), "m1");
        assert_eq!(r[0].json_body::<Value>().unwrap(), json!({"n": 1}));
        assert_eq!(r[1].body(), r#"{"embedded":true}"#);
        assert_eq!(r[0].aws_region(), "us-east-1");
    }

    #[test]
    fn missing_fields_name_the_record() {
        let err = SQSEvent::from_str(r#"{"Records": [{"messageId": "a", "receiptHandle": "b", "body": ""}, {"messageId": "a", "body": ""}]}"#)
            .unwrap_err();
        insta::assert_snapshot!(err, @"SQSEvent: missing field `Records[1].receiptHandle`");
        let err = SQSEvent::from_str(r#"{"Records": {}}"#).unwrap_err();
        insta::assert_snapshot!(err, @"SQSEvent: field `Records` should be an array, found an object");
        let err = SQSEvent::from_str("[1,").unwrap_err();
        assert_eq!(err.classify(), crate::Category::Syntax);
    }

    #[test]
    fn builder_matches_chalice_generator_and_parses_back() {
        let event = SQSEvent::builder().body("a").body("b").build();
        let dict = event.to_dict();
        assert_eq!(dict["Records"].as_array().map(Vec::len), Some(2));
        assert_eq!(dict["Records"][1]["body"], "b");
        assert_eq!(
            dict["Records"][0]["eventSourceARN"],
            "arn:aws:sqs:us-west-2:12345:queue-name"
        );
        assert_eq!(SQSEvent::from_value(dict.clone()).unwrap().to_dict(), dict);
    }

    /// Whether `id` has the 8-4-4-4-12 hex digits of a UUID.
    pub(crate) fn uuid_shaped(id: &str) -> bool {
        let groups: Vec<&str> = id.split('-').collect();
        groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
            && groups
                .iter()
                .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    #[test]
    fn builder_gives_each_message_ids_of_its_own() {
        let event = SQSEvent::builder().bodies(["a", "b", "c"]).build();
        let dict = event.to_dict();
        let ids: Vec<&Value> = (0..3).map(|i| &dict["Records"][i]["messageId"]).collect();
        assert_eq!(
            ids,
            [
                "059f36b4-87a3-44ab-83d2-661975830a7d",
                "059f36b4-87a3-44ab-83d2-661975830a7e",
                "059f36b4-87a3-44ab-83d2-661975830a7f"
            ]
        );
        let handles: Vec<&Value> = (0..3)
            .map(|i| &dict["Records"][i]["receiptHandle"])
            .collect();
        assert_eq!(
            handles,
            [
                "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0abWVzc2FnZSAw",
                "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0abWVzc2FnZSAx",
                "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0abWVzc2FnZSAy"
            ]
        );
        for record in event.iter() {
            assert!(uuid_shaped(record.message_id()), "{}", record.message_id());
        }
        // The same on every build, so that tests can name them.
        assert_eq!(SQSEvent::builder().bodies(["a", "b", "c"]).build(), event);
    }

    /// Each record builder call, and where it lands in the raw JSON.
    #[test]
    fn record_builder_calls_land_in_their_fields() {
        let attribute = |value: &str| json!({"stringValue": value, "stringListValues": [], "binaryListValues": [], "dataType": "String"});
        let table: Vec<(SQSRecordBuilder, &str, Value)> = vec![
            (SQSRecord::builder().body("b"), "/body", json!("b")),
            (
                SQSRecord::builder().message_id("m-9"),
                "/messageId",
                json!("m-9"),
            ),
            (
                SQSRecord::builder().receipt_handle("h-9"),
                "/receiptHandle",
                json!("h-9"),
            ),
            (
                SQSRecord::builder().receive_count(4),
                "/attributes/ApproximateReceiveCount",
                json!("4"),
            ),
            (
                SQSRecord::builder().attribute("AWSTraceHeader", "Root=1-a"),
                "/attributes/AWSTraceHeader",
                json!("Root=1-a"),
            ),
            (
                SQSRecord::builder()
                    .attribute("SentTimestamp", "1")
                    .attribute("SentTimestamp", "2"),
                "/attributes/SentTimestamp",
                json!("2"),
            ),
            (
                SQSRecord::builder().message_group_id("g"),
                "/attributes/MessageGroupId",
                json!("g"),
            ),
            (
                SQSRecord::builder().deduplication_id("d"),
                "/attributes/MessageDeduplicationId",
                json!("d"),
            ),
            (
                SQSRecord::builder()
                    .message_attribute("k", "v")
                    .message_attribute("n", "1"),
                "/messageAttributes",
                json!({"k": attribute("v"), "n": attribute("1")}),
            ),
            (
                SQSRecord::builder()
                    .message_attribute("dropped", "x")
                    .message_attributes(json!({"n": {"stringValue": "1", "dataType": "Number"}})),
                "/messageAttributes",
                json!({"n": {"stringValue": "1", "dataType": "Number"}}),
            ),
        ];
        for (record, pointer, expected) in table {
            let event = SQSEvent::builder().record(record).build();
            let dict = event.to_dict();
            let got = dict["Records"][0].pointer(pointer);
            assert_eq!(got, Some(&expected), "{pointer}");
            assert_eq!(SQSEvent::from_value(dict.clone()).unwrap().to_dict(), dict);
        }
    }

    #[test]
    fn a_fifo_queue_gives_its_messages_group_dedup_and_sequence() {
        // (queue, record, attribute names, MessageGroupId)
        let table = [
            ("jobs", SQSRecord::builder(), vec![], None),
            (
                "jobs",
                SQSRecord::builder().message_group_id("fair"),
                vec!["MessageGroupId"],
                Some("fair"),
            ),
            (
                "jobs.fifo",
                SQSRecord::builder(),
                vec!["MessageDeduplicationId", "MessageGroupId", "SequenceNumber"],
                Some("group-1"),
            ),
            (
                "jobs.fifo",
                SQSRecord::builder().message_group_id("tenant-2"),
                vec!["MessageDeduplicationId", "MessageGroupId", "SequenceNumber"],
                Some("tenant-2"),
            ),
        ];
        let chalice = [
            "ApproximateFirstReceiveTimestamp",
            "ApproximateReceiveCount",
            "SenderId",
            "SentTimestamp",
        ];
        for (queue, record, extra, group) in table {
            let event = SQSEvent::builder()
                .queue_name(queue)
                .record(record)
                .body("second")
                .build();
            let dict = event.to_dict();
            let attributes = dict["Records"][0]["attributes"].as_object().unwrap();
            let names: Vec<&str> = attributes.keys().map(String::as_str).collect();
            let expected: Vec<&str> = chalice.iter().copied().chain(extra).collect();
            assert_eq!(names, expected, "{queue}");
            assert_eq!(
                attributes.get("MessageGroupId").and_then(Value::as_str),
                group
            );
            assert_eq!(
                dict["Records"][0]["eventSourceARN"],
                format!("arn:aws:sqs:us-west-2:12345:{queue}")
            );
        }
        let fifo = SQSEvent::builder()
            .queue_name("jobs.fifo")
            .bodies(["a", "b"])
            .build()
            .to_dict();
        let second = &fifo["Records"][1]["attributes"];
        assert_eq!(second["SequenceNumber"], "18849496460467696129");
        assert_eq!(
            second["MessageDeduplicationId"],
            "4e0a0f61eed277a4b9e4c01d5722b07b0725e42fe782102a0000000000000001"
        );
        assert_ne!(
            fifo["Records"][0]["attributes"]["MessageDeduplicationId"],
            second["MessageDeduplicationId"]
        );
    }

    #[test]
    #[should_panic(expected = "SQS message attributes must be a JSON object, not an array")]
    fn record_builder_refuses_attributes_that_are_not_an_object() {
        let _ = SQSRecord::builder().message_attributes(json!([]));
    }

    /// Each row of the module's "What is refused" table, on raw JSON.
    #[test]
    fn lenient_cases_are_kept_and_read_by_their_accessor() {
        for extra in [
            r#""attributes": null, "messageAttributes": [1]"#,
            r#""attributes": "x", "eventSourceARN": 5, "awsRegion": null"#,
            r#""messageAttributes": null, "eventSourceARN": {}"#,
        ] {
            let text = format!(
                r#"{{"Records": [{{"messageId": "m", "receiptHandle": "h", "body": "b", {extra}}}]}}"#
            );
            let event = SQSEvent::from_str(&text).unwrap();
            let record = &event.records()[0];
            assert_eq!(record.attributes(), None, "{extra}");
            assert_eq!(record.message_attributes(), None, "{extra}");
            assert_eq!((record.event_source_arn(), record.aws_region()), ("", ""));
            assert_eq!(
                event.to_dict(),
                serde_json::from_str::<Value>(&text).unwrap()
            );
        }
    }

    #[test]
    fn unknown_fields_are_reported_with_their_paths() {
        let event = SQSEvent::from_str(TWO).unwrap();
        assert_eq!(
            event.unknown_fields(),
            ["topLevelExtra", "Records[0].unknown"]
        );
        assert_eq!(event.records()[0].unknown_fields(), ["unknown"]);
        assert!(SQSEvent::builder()
            .body("x")
            .build()
            .unknown_fields()
            .is_empty());
    }

    #[test]
    fn mutated_fixtures_are_accepted_whole_or_refused_with_a_path() {
        crate::test_support::assert_mutations_are_judged::<SQSEvent>("sqs");
    }

    #[test]
    fn deserialize_reports_what_the_value_path_reported() {
        // As `LambdaEvent<SQSEvent>` reads it: `serde_json` on the bytes.
        let event: SQSEvent = serde_json::from_str(TWO).unwrap();
        assert_eq!(event, SQSEvent::from_str(TWO).unwrap());
        assert_eq!(serde_json::to_value(&event).unwrap(), event.to_dict());
        let missing = r#"{"Records": [{"messageId": "a", "receiptHandle": "b", "body": ""}, {"messageId": "a", "body": ""}]}"#;
        let err = serde_json::from_str::<SQSEvent>(missing).unwrap_err();
        insta::assert_snapshot!(err, @"SQSEvent: missing field `Records[1].receiptHandle`");
        for bad in [
            r#"{"Records": [{"x": 1e999}]}"#,
            r#"{"Records": [{"x": tru}]}"#,
            "[1]",
        ] {
            let err = serde_json::from_str::<SQSEvent>(bad).unwrap_err();
            let old = match serde_json::from_str::<Value>(bad) {
                Ok(value) => SQSEvent::from_value(value).unwrap_err().to_string(),
                Err(err) => err.to_string(),
            };
            assert_eq!(err.to_string(), old, "{bad}");
        }
        // From a `Value`, and through serde's buffer (an untagged enum).
        let value: Value = serde_json::from_str(TWO).unwrap();
        assert_eq!(
            serde_json::from_value::<SQSEvent>(value.clone()).unwrap(),
            event
        );
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(u8),
            Sqs(Box<SQSEvent>),
        }
        match serde_json::from_value::<Either>(value).unwrap() {
            Either::Sqs(again) => assert_eq!(*again, event),
            Either::Number(n) => panic!("read as the number {n}"),
        }
        let record: SQSRecord =
            serde_json::from_value(event.to_dict()["Records"][0].clone()).unwrap();
        assert_eq!(&record, &event.records()[0]);
    }
}
