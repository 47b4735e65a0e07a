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

use serde::de::{DeserializeOwned, MapAccess};
use serde_json::{json, Map, Value};

use crate::drift::Known;
use crate::raw::{self, Cx, Fields, Raw, Text};
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
    context: Option<LambdaContext>,
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

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        cx: Cx<'_>,
    ) -> Result<bool, A::Error> {
        match key {
            "messageId" => self.message_id = Some(cx.str(map)?),
            "receiptHandle" => self.receipt_handle = Some(cx.str(map)?),
            "body" => self.body = Some(cx.any_str(map)?),
            "eventSourceARN" => self.event_source_arn = cx.any_str(map)?,
            "awsRegion" => self.aws_region = cx.any_str(map)?,
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
    /// When `messageId`, `receiptHandle` or `body` is missing or mistyped.
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
                    .map(Value::to_string)
                    .unwrap_or_default(),
            ),
            None => Cow::Borrowed(""),
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
/// one record per body, region `us-west-2`, account `12345`.
#[derive(Debug, Clone)]
pub struct SQSEventBuilder {
    queue_name: String,
    bodies: Vec<String>,
}

impl Default for SQSEventBuilder {
    fn default() -> Self {
        SQSEventBuilder {
            queue_name: "queue-name".to_string(),
            bodies: Vec::new(),
        }
    }
}

impl SQSEventBuilder {
    /// The queue the messages come from (default `queue-name`).
    pub fn queue_name(mut self, name: impl Into<String>) -> Self {
        self.queue_name = name.into();
        self
    }

    /// Adds one message with this body.
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.bodies.push(body.into());
        self
    }

    /// Adds one message per body.
    pub fn bodies<I, B>(mut self, bodies: I) -> Self
    where
        I: IntoIterator<Item = B>,
        B: Into<String>,
    {
        self.bodies.extend(bodies.into_iter().map(Into::into));
        self
    }

    /// The event. With no bodies added it holds one message with an empty body.
    pub fn build(self) -> SQSEvent {
        let bodies = if self.bodies.is_empty() {
            vec![String::new()]
        } else {
            self.bodies
        };
        let records = bodies
            .into_iter()
            .map(|body| {
                let raw = json!({
                    "attributes": {
                        "ApproximateFirstReceiveTimestamp": "1530576251596",
                        "ApproximateReceiveCount": "1",
                        "SenderId": "sender-id",
                        "SentTimestamp": "1530576251595"
                    },
                    "awsRegion": "us-west-2",
                    "body": body,
                    "eventSource": "aws:sqs",
                    "eventSourceARN": format!("arn:aws:sqs:us-west-2:12345:{}", self.queue_name),
                    "md5OfBody": "754ac2f7a12df38320e0c5eafd060145",
                    "messageAttributes": {},
                    "messageId": "message-id",
                    "receiptHandle": "receipt-handle"
                });
                SQSRecord::from_map(wire::into_object(raw))
            })
            .collect();
        SQSEvent::from_records(records)
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for SQSEvent {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let queue: String = u.arbitrary()?;
        let bodies: Vec<String> = u.arbitrary()?;
        let mut event = SQSEvent::builder().queue_name(queue).bodies(bodies).build();
        for record in &mut event.envelope.records {
            let mut raw = record.raw.as_map().clone();
            raw.insert("messageId".into(), Value::String(u.arbitrary()?));
            raw.insert("receiptHandle".into(), Value::String(u.arbitrary()?));
            *record = SQSRecord::from_map(raw);
        }
        Ok(event)
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
    fn every_fixture_parses_and_round_trips() {
        for (name, event) in assert_fixtures_round_trip::<SQSEvent>("sqs") {
            assert!(event.iter().all(|r| !r.message_id().is_empty()), "{name}");
        }
    }

    #[test]
    fn round_trips_unknown_fields_and_nulls() {
        let event = SQSEvent::from_str(TWO).unwrap();
        let original: Value = serde_json::from_str(TWO).unwrap();
        assert_eq!(event.to_dict(), original);
        assert_eq!(serde_json::to_value(&event).unwrap(), original);
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
