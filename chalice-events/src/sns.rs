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

use serde::de::{DeserializeOwned, MapAccess};
use serde_json::{json, Map, Value};

use crate::drift::Known;
use crate::raw::{self, Cx, Fields, Raw, Text};
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
    context: Option<LambdaContext>,
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

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        cx: Cx<'_>,
    ) -> Result<bool, A::Error> {
        match key {
            "Sns" => self.sns = Some(cx.object(map)?),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([("Sns", self.sns.is_some())])
    }
}

impl Fields for SnsMessage {
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        cx: Cx<'_>,
    ) -> Result<bool, A::Error> {
        match key {
            "Message" => self.message = Some(cx.str(map)?),
            "Subject" => self.subject = cx.any_str(map)?,
            "TopicArn" => self.topic_arn = cx.any_str(map)?,
            "MessageId" => self.message_id = cx.any_str(map)?,
            "Timestamp" => self.timestamp = cx.any_str(map)?,
            "SigningCertUrl" => self.signing_cert_url = cx.any_str(map)?,
            "SigningCertURL" => self.signing_cert_url_upper = cx.any_str(map)?,
            "UnsubscribeUrl" => self.unsubscribe_url = cx.any_str(map)?,
            "UnsubscribeURL" => self.unsubscribe_url_upper = cx.any_str(map)?,
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
    /// When `Sns` or its `Message`, `TopicArn`, `MessageId` or `Timestamp` is
    /// missing or not a string, or `Subject` or `MessageAttributes` has the
    /// wrong type.
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
#[derive(Debug, Clone)]
pub struct SNSEventBuilder {
    message: String,
    subject: String,
    message_attributes: Value,
}

impl Default for SNSEventBuilder {
    fn default() -> Self {
        SNSEventBuilder {
            message: String::new(),
            subject: String::new(),
            message_attributes: json!({
                "AttributeKey": {"Type": "String", "Value": "AttributeValue"}
            }),
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
        assert!(
            attributes.is_object() || attributes.is_null(),
            "SNS message attributes must be a JSON object, not {}",
            crate::wire::type_name(&attributes)
        );
        self.message_attributes = attributes;
        self
    }

    /// The event.
    pub fn build(self) -> SNSEvent {
        let raw = json!({
            "EventSource": "aws:sns",
            "EventSubscriptionArn": "arn:subscription-arn",
            "EventVersion": "1.0",
            "Sns": {
                "Message": self.message,
                "MessageAttributes": self.message_attributes,
                "MessageId": "abcdefgh-51e4-5ae2-9964-b296c8d65d1a",
                "Signature": "signature",
                "SignatureVersion": "1",
                "SigningCertUrl": "https://sns.us-west-2.amazonaws.com/cert.pem",
                "Subject": self.subject,
                "Timestamp": "2018-06-26T19:41:38.695Z",
                "TopicArn": "arn:aws:sns:us-west-2:12345:TopicName",
                "Type": "Notification",
                "UnsubscribeUrl": "https://unsubscribe-url/"
            }
        });
        SNSEvent::from_records(vec![SNSRecord::from_map(wire::into_object(raw))])
    }
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
                    "MessageId": "abcdefgh-51e4-5ae2-9964-b296c8d65d1a", "Signature": "signature",
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
