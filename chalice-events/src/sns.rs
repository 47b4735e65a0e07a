//! Amazon SNS notifications: [`SNSEvent`] and its [`SNSRecord`]s.
//!
//! # What is refused
//!
//! A record is refused only without what Chalice reads: an `Sns` object
//! whose `Message` is a string. Everything else is accepted, kept as it
//! came, and read by its accessor:
//!
//! | the record has | the accessor gives |
//! |---|---|
//! | `"Subject": null` (no subject was set), no `Subject`, or not a string | [`subject`](SNSRecord::subject): `None` |
//! | no `MessageAttributes` (CloudWatch alarms, some deliveries), `null`, or another shape | [`message_attributes`](SNSRecord::message_attributes): `None` |
//! | no `TopicArn`, `MessageId` or `Timestamp`, or not a string | [`topic_arn`](SNSRecord::topic_arn), [`message_id`](SNSRecord::message_id), [`timestamp`](SNSRecord::timestamp): `""` |

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use crate::drift::Known;
use crate::raw::{self, Cx, Fields, Raw, Scanner, Stop, Text};
use crate::records::{event_record, records_event, Envelope};
use crate::wire;
use crate::{Error, LambdaContext};

/// An SNS notification, as `on_sns_message` handlers receive it.
///
/// SNS delivers one record per invocation, and Chalice reads only the first:
/// the accessors of the event read that record's `Sns` object.
///
/// ```
/// use chalice_events::{sns::SNSEvent, Event};
///
/// let event = SNSEvent::builder().message(r#"{"order": 7}"#).subject("Order placed").build();
/// assert_eq!(event.subject(), Some("Order placed"));
/// let order: serde_json::Value = event.json_message()?;
/// assert_eq!(order["order"], 7);
/// # Ok::<(), chalice_events::Error>(())
/// ```
#[doc(alias = "SnsEvent")]
#[derive(Debug, Clone, PartialEq)]
pub struct SNSEvent {
    envelope: Envelope<SNSRecord>,
    context: Option<Box<LambdaContext>>,
}

/// One record of an [`SNSEvent`]: one message published to a topic.
#[doc(alias = "SnsRecord")]
#[derive(Clone)]
pub struct SNSRecord {
    raw: Raw,
    fields: SnsFields,
}

/// What the accessors of an [`SNSRecord`] read, located by the fast path.
#[derive(Debug, Clone, Default)]
pub(crate) struct SnsFields {
    sns: Option<SnsMessage>,
}

/// The record's `Sns` object.
#[derive(Debug, Clone, Default)]
struct SnsMessage {
    message: Option<Text>,
    subject: Option<Text>,
    topic_arn: Option<Text>,
    message_id: Option<Text>,
    timestamp: Option<Text>,
    // Not checked: read when they are strings, in either spelling.
    signing_cert_url: Option<Text>,
    signing_cert_url_upper: Option<Text>,
    unsubscribe_url: Option<Text>,
    unsubscribe_url_upper: Option<Text>,
}

/// The reader of an [`SNSRecord`].
impl Fields for SnsFields {
    // https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
    const KNOWN: Known = Known::Object(&[
        ("EventSource", Known::Leaf),
        ("EventVersion", Known::Leaf),
        ("EventSubscriptionArn", Known::Leaf),
        (
            "Sns",
            Known::Object(&[
                ("Type", Known::Leaf),
                ("MessageId", Known::Leaf),
                ("TopicArn", Known::Leaf),
                ("Subject", Known::Leaf),
                ("Message", Known::Leaf),
                ("Timestamp", Known::Leaf),
                ("SignatureVersion", Known::Leaf),
                ("Signature", Known::Leaf),
                ("SigningCertUrl", Known::Leaf),
                ("SigningCertURL", Known::Leaf),
                ("UnsubscribeUrl", Known::Leaf),
                ("UnsubscribeURL", Known::Leaf),
                (
                    "MessageAttributes",
                    Known::Map(&Known::Object(&[
                        ("Type", Known::Leaf),
                        ("Value", Known::Leaf),
                    ])),
                ),
            ]),
        ),
    ]);

    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "Sns" => self.sns = Some(cx.object(r)?),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([("Sns", self.sns.is_some())])
    }
}

impl Fields for SnsMessage {
    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "Message" => self.message = Some(cx.str(r)?),
            "Subject" => self.subject = cx.any_str(r)?,
            "TopicArn" => self.topic_arn = cx.any_str(r)?,
            "MessageId" => self.message_id = cx.any_str(r)?,
            "Timestamp" => self.timestamp = cx.any_str(r)?,
            "SigningCertUrl" => self.signing_cert_url = cx.any_str(r)?,
            "SigningCertURL" => self.signing_cert_url_upper = cx.any_str(r)?,
            "UnsubscribeUrl" => self.unsubscribe_url = cx.any_str(r)?,
            "UnsubscribeURL" => self.unsubscribe_url_upper = cx.any_str(r)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([("Message", self.message.is_some())])
    }
}

impl SNSEvent {
    /// A builder for a fake SNS event, in the shape Chalice's test client uses.
    pub fn builder() -> SNSEventBuilder {
        SNSEventBuilder::default()
    }

    /// The message, e.g. `"{\"order\": 7}"`.
    pub fn message(&self) -> &str {
        self.first().map_or("", SNSRecord::message)
    }

    /// The message parsed as JSON into `T`.
    ///
    /// # Errors
    ///
    /// [`Error::JsonBody`] when the message is not JSON of that shape.
    pub fn json_message<T: DeserializeOwned>(&self) -> Result<T, Error> {
        wire::parse_json_body(self.message())
    }

    /// The subject given at publication, e.g. `"Order placed"`; `None` when
    /// the publisher gave none.
    pub fn subject(&self) -> Option<&str> {
        self.first().and_then(SNSRecord::subject)
    }

    /// The message attributes, each `{"Type": "String", "Value": "..."}`;
    /// `None` when SNS left the field out.
    pub fn message_attributes(&self) -> Option<&Map<String, Value>> {
        self.first().and_then(SNSRecord::message_attributes)
    }

    /// ARN of the topic, e.g. `"arn:aws:sns:us-west-2:123456789012:orders"`.
    pub fn topic_arn(&self) -> &str {
        self.first().map_or("", SNSRecord::topic_arn)
    }

    /// Id SNS gave the message, e.g. `"95df01b4-ee98-5cb9-9903-4c221d41eb5e"`.
    pub fn message_id(&self) -> &str {
        self.first().map_or("", SNSRecord::message_id)
    }

    /// When the message was published, ISO 8601 in UTC, e.g.
    /// `"2019-01-02T12:45:07.000Z"`.
    pub fn timestamp(&self) -> &str {
        self.first().map_or("", SNSRecord::timestamp)
    }

    fn first(&self) -> Option<&SNSRecord> {
        self.envelope.records.first()
    }
}

records_event!(
    SNSEvent,
    SNSRecord,
    "SNSEvent",
    at_least_one = "an SNS notification holds at least one record"
);

event_record!(
    SNSRecord,
    SnsFields,
    "SNSRecord",
    /// When `Sns` is missing or not an object, or its `Message` is missing
    /// or not a string (see the [module documentation](self)).
);

impl SNSRecord {
    /// The message, e.g. `"{\"order\": 7}"`.
    pub fn message(&self) -> &str {
        self.sns_str(|sns| &sns.message).unwrap_or("")
    }

    /// The message parsed as JSON into `T`.
    ///
    /// # Errors
    ///
    /// [`Error::JsonBody`] when the message is not JSON of that shape.
    pub fn json_message<T: DeserializeOwned>(&self) -> Result<T, Error> {
        wire::parse_json_body(self.message())
    }

    /// The subject given at publication, e.g. `"Order placed"`; `None` when
    /// the publisher gave none.
    pub fn subject(&self) -> Option<&str> {
        self.sns_str(|sns| &sns.subject)
    }

    /// The message attributes, each `{"Type": "String", "Value": "..."}`;
    /// `None` when SNS left the field out.
    pub fn message_attributes(&self) -> Option<&Map<String, Value>> {
        self.raw
            .as_map()
            .get("Sns")?
            .get("MessageAttributes")
            .and_then(Value::as_object)
    }

    /// ARN of the topic, e.g. `"arn:aws:sns:us-west-2:123456789012:orders"`.
    pub fn topic_arn(&self) -> &str {
        self.sns_str(|sns| &sns.topic_arn).unwrap_or("")
    }

    /// Id SNS gave the message, e.g. `"95df01b4-ee98-5cb9-9903-4c221d41eb5e"`.
    pub fn message_id(&self) -> &str {
        self.sns_str(|sns| &sns.message_id).unwrap_or("")
    }

    /// When the message was published, ISO 8601 in UTC, e.g.
    /// `"2019-01-02T12:45:07.000Z"`.
    pub fn timestamp(&self) -> &str {
        self.sns_str(|sns| &sns.timestamp).unwrap_or("")
    }

    /// URL of the certificate that signed the message, e.g.
    /// `"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000.pem"`.
    ///
    /// Lambda spells the field `SigningCertUrl`, SNS's HTTP deliveries (and
    /// samples copied from them) `SigningCertURL`; either is read.
    pub fn signing_cert_url(&self) -> Option<&str> {
        self.sns_str(|sns| &sns.signing_cert_url)
            .or_else(|| self.sns_str(|sns| &sns.signing_cert_url_upper))
    }

    /// URL that unsubscribes the endpoint from the topic, e.g.
    /// `"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&..."`; spelled
    /// `UnsubscribeUrl` or `UnsubscribeURL` like [`signing_cert_url`](Self::signing_cert_url).
    pub fn unsubscribe_url(&self) -> Option<&str> {
        self.sns_str(|sns| &sns.unsubscribe_url)
            .or_else(|| self.sns_str(|sns| &sns.unsubscribe_url_upper))
    }

    fn sns_str(&self, field: impl Fn(&SnsMessage) -> &Option<Text>) -> Option<&str> {
        let text = field(self.fields.sns.as_ref()?).as_ref()?;
        Some(text.get(&self.raw))
    }
}

/// Builds an [`SNSEvent`] in the shape Chalice's `generate_sns_event`
/// produces: one record from topic `arn:aws:sns:us-west-2:12345:TopicName`.
///
/// The message, subject and attributes set here are those of that record.
/// SNS delivers one record per invocation; a test of a handler that reads
/// every record can add more with [`record`](SNSEventBuilder::record), each
/// an [`SNSRecordBuilder`] whose unset parts take the values set here:
///
/// ```
/// use chalice_events::sns::{SNSEvent, SNSRecord};
/// use chalice_events::Event;
///
/// let event = SNSEvent::builder()
///     .subject("Order placed")
///     .record(SNSRecord::builder().message("order 1").message_id("m-1"))
///     .record(SNSRecord::builder().message("order 2").message_attribute("tenant", "acme"))
///     .build();
/// let records = event.records();
/// assert_eq!(records[0].message_id(), "m-1");
/// assert_eq!(records[1].subject(), Some("Order placed"));
/// assert_eq!(records[1].message_attributes().unwrap()["tenant"]["Value"], "acme");
/// ```
///
/// Each record's `MessageId`, unless set, is a UUID counting up from
/// `95df01b4-ee98-5cb9-9903-4c221d41eb5e` in its last group with the
/// record's position (from 0), the same on every build.
#[derive(Debug, Clone)]
pub struct SNSEventBuilder {
    message: String,
    subject: String,
    message_attributes: Value,
    records: Vec<SNSRecordBuilder>,
}

impl Default for SNSEventBuilder {
    fn default() -> Self {
        SNSEventBuilder {
            message: String::new(),
            subject: String::new(),
            message_attributes: json!({
                "AttributeKey": {"Type": "String", "Value": "AttributeValue"}
            }),
            records: Vec::new(),
        }
    }
}

impl SNSEventBuilder {
    /// The message (default empty).
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// The subject (default empty, as in Chalice's generator).
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = subject.into();
        self
    }

    /// The message attributes (default
    /// `{"AttributeKey": {"Type": "String", "Value": "AttributeValue"}}`).
    ///
    /// # Panics
    ///
    /// When `attributes` is neither an object nor `null`: SNS never sends
    /// anything else, so this is a mistake in the calling test.
    #[track_caller]
    pub fn message_attributes(mut self, attributes: Value) -> Self {
        self.message_attributes = expect_attributes(attributes);
        self
    }

    /// Adds a record described by `record`; the event then holds the
    /// records added this way instead of the one described by the calls
    /// above, whose values fill what each record leaves unset.
    pub fn record(mut self, record: SNSRecordBuilder) -> Self {
        self.records.push(record);
        self
    }

    /// The event.
    pub fn build(mut self) -> SNSEvent {
        let records = match std::mem::take(&mut self.records) {
            added if added.is_empty() => vec![SNSRecordBuilder::default()],
            added => added,
        };
        let records = records
            .into_iter()
            .enumerate()
            .map(|(i, record)| SNSRecord::from_map(record.into_map(i, &self)))
            .collect();
        SNSEvent::from_records(records)
    }
}

/// One record of an [`SNSEventBuilder`], from [`SNSRecord::builder`]. What
/// it does not set is taken from the event builder.
#[derive(Debug, Clone, Default)]
pub struct SNSRecordBuilder {
    message: Option<String>,
    subject: Option<String>,
    message_attributes: Option<Value>,
    message_id: Option<String>,
}

impl SNSRecord {
    /// A builder for one record of a fake SNS event, to pass to
    /// [`SNSEventBuilder::record`].
    pub fn builder() -> SNSRecordBuilder {
        SNSRecordBuilder::default()
    }
}

impl SNSRecordBuilder {
    /// The message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The subject.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The id SNS gave the message (default: one of its own, see
    /// [`SNSEventBuilder`]).
    pub fn message_id(mut self, id: impl Into<String>) -> Self {
        self.message_id = Some(id.into());
        self
    }

    /// Adds a `String` attribute, `{"Type": "String", "Value": value}`. The
    /// record's attributes are then its own: the event builder's are not
    /// added to them.
    pub fn message_attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let attribute = json!({"Type": "String", "Value": value.into()});
        match &mut self.message_attributes {
            Some(Value::Object(map)) => {
                map.insert(name.into(), attribute);
            }
            _ => {
                let mut map = Map::new();
                map.insert(name.into(), attribute);
                self.message_attributes = Some(Value::Object(map));
            }
        }
        self
    }

    /// Replaces the record's message attributes, each
    /// `{"Type": "String" | "Number" | "Binary" | "String.Array", "Value": ...}`;
    /// `null` as SNS writes no attributes.
    ///
    /// # Panics
    ///
    /// When `attributes` is neither an object nor `null`, which SNS never sends.
    #[track_caller]
    pub fn message_attributes(mut self, attributes: Value) -> Self {
        self.message_attributes = Some(expect_attributes(attributes));
        self
    }

    /// The record at position `i`, its unset parts taken from `event`.
    fn into_map(self, i: usize, event: &SNSEventBuilder) -> Map<String, Value> {
        let message_id = self.message_id.unwrap_or_else(|| {
            format!(
                "95df01b4-ee98-5cb9-9903-{:012x}",
                0x4c22_1d41_eb5e_u64 + i as u64
            )
        });
        wire::into_object(json!({
            "EventSource": "aws:sns",
            "EventSubscriptionArn": "arn:subscription-arn",
            "EventVersion": "1.0",
            "Sns": {
                "Message": self.message.unwrap_or_else(|| event.message.clone()),
                "MessageAttributes": self
                    .message_attributes
                    .unwrap_or_else(|| event.message_attributes.clone()),
                "MessageId": message_id,
                "Signature": "signature",
                "SignatureVersion": "1",
                "SigningCertUrl": "https://sns.us-west-2.amazonaws.com/cert.pem",
                "Subject": self.subject.unwrap_or_else(|| event.subject.clone()),
                "Timestamp": "2018-06-26T19:41:38.695Z",
                "TopicArn": "arn:aws:sns:us-west-2:12345:TopicName",
                "Type": "Notification",
                "UnsubscribeUrl": "https://unsubscribe-url/"
            }
        }))
    }
}

#[track_caller]
fn expect_attributes(attributes: Value) -> Value {
    assert!(
        attributes.is_object() || attributes.is_null(),
        "SNS message attributes must be a JSON object, not {}",
        crate::wire::type_name(&attributes)
    );
    attributes
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for SNSEvent {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let message: String = u.arbitrary()?;
        let subject: String = u.arbitrary()?;
        let attributes: Vec<(String, String)> = u.arbitrary()?;
        let attributes: Map<String, Value> = attributes
            .into_iter()
            .map(|(name, value)| (name, json!({"Type": "String", "Value": value})))
            .collect();
        Ok(SNSEvent::builder()
            .message(message)
            .subject(subject)
            .message_attributes(Value::Object(attributes))
            .build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_fixtures_round_trip;
    use crate::Event;

    #[test]
    fn every_fixture_parses_and_round_trips() {
        for (name, event) in assert_fixtures_round_trip::<SNSEvent>("sns") {
            assert!(event.records()[0].signing_cert_url().is_some(), "{name}");
        }
    }

    #[test]
    fn tolerates_null_subject_and_absent_attributes() {
        let raw = r#"{"Records": [{"EventSource": "aws:sns", "Sns": {"Message": "m", "Subject": null,
            "TopicArn": "arn:aws:sns:us-east-1:1:t", "MessageId": "id", "Timestamp": "2019-01-02T12:45:07.000Z",
            "SigningCertURL": "https://cert", "UnsubscribeURL": "https://unsub"}}]}"#;
        let event = SNSEvent::from_str(raw).unwrap();
        assert_eq!(event.subject(), None);
        assert_eq!(event.message_attributes(), None);
        assert_eq!(event.message(), "m");
        assert_eq!(event.topic_arn(), "arn:aws:sns:us-east-1:1:t");
        assert_eq!(event.message_id(), "id");
        assert_eq!(event.timestamp(), "2019-01-02T12:45:07.000Z");
        assert_eq!(event.records()[0].signing_cert_url(), Some("https://cert"));
        assert_eq!(event.records()[0].unsubscribe_url(), Some("https://unsub"));
        assert_eq!(event.to_dict(), serde_json::from_str::<Value>(raw).unwrap());
        let err = event.json_message::<Value>().unwrap_err();
        assert!(matches!(err, Error::JsonBody { .. }));
    }

    #[test]
    fn builder_matches_chalice_generator_and_parses_back() {
        let event = SNSEvent::builder().message("hello").build();
        let expected = json!({"Records": [{"EventSource": "aws:sns",
            "EventSubscriptionArn": "arn:subscription-arn", "EventVersion": "1.0",
            "Sns": {"Message": "hello",
                    "MessageAttributes": {"AttributeKey": {"Type": "String", "Value": "AttributeValue"}},
                    "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e", "Signature": "signature",
                    "SignatureVersion": "1", "SigningCertUrl": "https://sns.us-west-2.amazonaws.com/cert.pem",
                    "Subject": "", "Timestamp": "2018-06-26T19:41:38.695Z",
                    "TopicArn": "arn:aws:sns:us-west-2:12345:TopicName", "Type": "Notification",
                    "UnsubscribeUrl": "https://unsubscribe-url/"}}]});
        assert_eq!(event.to_dict(), expected);

        let event = SNSEvent::builder()
            .message("m")
            .subject("s")
            .message_attributes(json!({"k": {"Type": "String", "Value": "v"}}))
            .build();
        let again = SNSEvent::from_value(event.to_dict()).unwrap();
        assert_eq!(again.to_dict(), event.to_dict());
        assert_eq!(again.subject(), Some("s"));
        assert_eq!(again.message_attributes().map(Map::len), Some(1));
    }

    #[test]
    fn builder_records_take_their_own_values_and_the_events_for_the_rest() {
        let event = SNSEvent::builder()
            .message("shared")
            .subject("s")
            .record(SNSRecord::builder())
            .record(SNSRecord::builder().message("own").message_id("m-1"))
            .record(
                SNSRecord::builder()
                    .subject("own subject")
                    .message_attribute("k", "v"),
            )
            .record(SNSRecord::builder().message_attributes(Value::Null))
            .build();
        let dict = event.to_dict();
        // (record, field of `Sns`, value)
        let table = [
            (0, "Message", json!("shared")),
            (0, "Subject", json!("s")),
            (
                0,
                "MessageId",
                json!("95df01b4-ee98-5cb9-9903-4c221d41eb5e"),
            ),
            (
                0,
                "MessageAttributes",
                json!({"AttributeKey": {"Type": "String", "Value": "AttributeValue"}}),
            ),
            (1, "Message", json!("own")),
            (1, "MessageId", json!("m-1")),
            (2, "Subject", json!("own subject")),
            (
                2,
                "MessageId",
                json!("95df01b4-ee98-5cb9-9903-4c221d41eb60"),
            ),
            (
                2,
                "MessageAttributes",
                json!({"k": {"Type": "String", "Value": "v"}}),
            ),
            (3, "MessageAttributes", Value::Null),
            (
                3,
                "MessageId",
                json!("95df01b4-ee98-5cb9-9903-4c221d41eb61"),
            ),
        ];
        for (i, field, expected) in table {
            assert_eq!(dict["Records"][i]["Sns"][field], expected, "{i} {field}");
        }
        assert_eq!(SNSEvent::from_value(dict.clone()).unwrap().to_dict(), dict);
        // Without `record`, the one record the calls describe.
        let one = SNSEvent::builder().message("m").build();
        assert_eq!(one.records().len(), 1);
        assert_eq!(one.message_id(), "95df01b4-ee98-5cb9-9903-4c221d41eb5e");
    }

    #[test]
    #[should_panic(expected = "SNS message attributes must be a JSON object, not a number")]
    fn record_builder_refuses_attributes_that_are_not_an_object() {
        let _ = SNSRecord::builder().message_attributes(json!(1));
    }

    #[test]
    #[should_panic(expected = "SNS message attributes must be a JSON object, not a string")]
    fn builder_refuses_attributes_that_are_not_an_object() {
        let _ = SNSEvent::builder().message_attributes(json!("nope"));
    }

    #[test]
    fn errors_name_the_field() {
        let err = SNSEvent::from_str(r#"{"Records": [{"Sns": {"Subject": "s"}}]}"#).unwrap_err();
        insta::assert_snapshot!(err, @"SNSEvent: missing field `Records[0].Sns.Message`");
        let err = SNSEvent::from_str(r#"{"Records": [{"Sns": {"Message": 1}}]}"#).unwrap_err();
        insta::assert_snapshot!(err, @"SNSEvent: field `Records[0].Sns.Message` should be a string, found a number");
        let err = SNSEvent::from_str(r#"{"Records": []}"#).unwrap_err();
        assert_eq!(err.path(), Some("Records"));
    }

    /// Each row of the module's "What is refused" table, on raw JSON.
    #[test]
    fn lenient_cases_are_kept_and_read_by_their_accessor() {
        for sns in [
            r#"{"Message": "m", "Subject": 1, "MessageAttributes": [], "TopicArn": 2, "MessageId": null}"#,
            r#"{"Message": "m", "MessageAttributes": null}"#,
            r#"{"Message": "m", "Subject": null, "MessageAttributes": "none"}"#,
        ] {
            let text = format!(r#"{{"Records": [{{"Sns": {sns}}}]}}"#);
            let event = SNSEvent::from_str(&text).unwrap();
            assert_eq!(event.message(), "m");
            assert_eq!(event.subject(), None, "{sns}");
            assert_eq!(event.message_attributes(), None, "{sns}");
            assert_eq!(
                (event.topic_arn(), event.message_id(), event.timestamp()),
                ("", "", "")
            );
            assert_eq!(
                event.to_dict(),
                serde_json::from_str::<Value>(&text).unwrap()
            );
        }
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_events_round_trip() {
        crate::test_support::assert_arbitrary_round_trip::<SNSEvent>(0x9e37_79b9_7f4a_7c15);
    }

    #[test]
    fn mutated_fixtures_are_accepted_whole_or_refused_with_a_path() {
        crate::test_support::assert_mutations_are_judged::<SNSEvent>("sns");
    }
}
