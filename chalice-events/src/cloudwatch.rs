//! Amazon EventBridge (CloudWatch Events) events: [`CloudWatchEvent`], which
//! both `on_cw_event` and `schedule` handlers receive.
//!
//! # What is refused
//!
//! Only input that is not JSON. A rule can deliver more than the envelope
//! AWS documents: a scheduled rule with a constant input delivers that input
//! instead (`{"action": "cleanup"}`, or any JSON text, `"cleanup"` or
//! `[1, 2]`), an input path part of the event (`$.detail`), an input
//! transformer whatever it builds (`"i-1234 is in state running"`), and
//! services add fields over time. So the event may be any JSON value, every
//! field is optional and may have any type; the event keeps the value as it
//! came ([`to_dict`](crate::Event::to_dict)), and each accessor reads what
//! it can:
//!
//! | the event has | the accessor gives |
//! |---|---|
//! | no `id`, `detail-type`, `source`, `account`, `time` or `region`, or not a string | [`event_id`](CloudWatchEvent::event_id), [`detail_type`](CloudWatchEvent::detail_type), ...: `""` |
//! | no `resources`, or not an array | [`resources`](CloudWatchEvent::resources): empty; elements that are not strings are left out |
//! | no `detail`, `"detail": null`, or any other value | [`detail`](CloudWatchEvent::detail): the value as it came, `null` when absent |
//! | `version` `"0"`, the integer `0` (Chalice's generator) or none | [`version`](CloudWatchEvent::version): the value as it came, `null` when absent |
//! | a value that is not an object (`"cleanup"`, `[1, 2]`, `7`) | every accessor as for an object without fields; [`as_map`](CloudWatchEvent::as_map): empty; [`to_dict`](crate::Event::to_dict): the value |

use serde_json::{json, Value};

use crate::drift::Known;
use crate::event::raw_event;
use crate::raw::{Cx, Fields, Raw, Scanner, Stop, Text};
use crate::wire;
use crate::LambdaContext;

/// An EventBridge event: a state change from an AWS service, a custom event,
/// or the tick of a scheduled rule.
///
/// ```
/// use chalice_events::{cloudwatch::CloudWatchEvent, Event};
///
/// let tick = CloudWatchEvent::scheduled().build();
/// assert_eq!(tick.detail_type(), "Scheduled Event");
/// assert_eq!(tick.version(), "0");
///
/// let change = CloudWatchEvent::builder()
///     .source("aws.ec2")
///     .detail_type("EC2 Instance State-change Notification")
///     .detail(serde_json::json!({"state": "pending"}))
///     .build();
/// assert_eq!(change.detail()["state"], "pending");
/// ```
#[derive(Clone)]
pub struct CloudWatchEvent {
    raw: Raw,
    fields: CloudWatchFields,
    context: Option<Box<LambdaContext>>,
}

/// What the accessors of a [`CloudWatchEvent`] read, located by the fast path.
#[derive(Debug, Clone, Default)]
struct CloudWatchFields {
    id: Option<Text>,
    detail_type: Option<Text>,
    source: Option<Text>,
    account: Option<Text>,
    time: Option<Text>,
    region: Option<Text>,
}

/// The reader of a [`CloudWatchEvent`].
impl Fields for CloudWatchFields {
    // https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
    const KNOWN: Known = Known::Object(&[
        ("version", Known::Leaf),
        ("id", Known::Leaf),
        ("detail-type", Known::Leaf),
        ("source", Known::Leaf),
        ("account", Known::Leaf),
        ("time", Known::Leaf),
        ("region", Known::Leaf),
        ("resources", Known::Array(&Known::Leaf)),
        ("detail", Known::Leaf),
        ("replay-name", Known::Leaf),
    ]);

    // A rule's constant input or input transformer may deliver any JSON.
    const ANY_ROOT: bool = true;

    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "id" => self.id = cx.any_str(r)?,
            "detail-type" => self.detail_type = cx.any_str(r)?,
            "source" => self.source = cx.any_str(r)?,
            "account" => self.account = cx.any_str(r)?,
            "time" => self.time = cx.any_str(r)?,
            "region" => self.region = cx.any_str(r)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl CloudWatchEvent {
    /// A builder for a fake event, in the shape Chalice's `generate_cw_event`
    /// produces (integer `version` 0).
    pub fn builder() -> CloudWatchEventBuilder {
        CloudWatchEventBuilder::default()
    }

    /// A builder for the event of a scheduled rule, as EventBridge sends it:
    /// `"detail-type": "Scheduled Event"`, `"source": "aws.events"`,
    /// `"version": "0"`, an empty `detail` and the rule's ARN as resource.
    pub fn scheduled() -> CloudWatchEventBuilder {
        CloudWatchEventBuilder::default().scheduled()
    }

    /// Version of the event format: the string `"0"` from AWS, but the integer
    /// `0` from Chalice's test generator, so it is given as it came (JSON
    /// `null` when absent, as in some hand-written samples).
    pub fn version(&self) -> &Value {
        self.value("version")
    }

    /// Account that the event comes from, e.g. `"123456789012"`.
    pub fn account(&self) -> &str {
        self.raw.str(&self.fields.account)
    }

    /// Region of the event, e.g. `"us-east-1"`.
    pub fn region(&self) -> &str {
        self.raw.str(&self.fields.region)
    }

    /// The service- or application-specific payload, e.g.
    /// `{"instance-id": "i-abcd1111", "state": "pending"}` (`{}` for scheduled
    /// events).
    pub fn detail(&self) -> &Value {
        self.value("detail")
    }

    /// What kind of event this is (the `detail-type` field), e.g.
    /// `"EC2 Instance State-change Notification"` or `"Scheduled Event"`.
    pub fn detail_type(&self) -> &str {
        self.raw.str(&self.fields.detail_type)
    }

    /// The service or application the event comes from, e.g. `"aws.ec2"`,
    /// `"aws.events"` for schedules.
    pub fn source(&self) -> &str {
        self.raw.str(&self.fields.source)
    }

    /// When the event happened, ISO 8601 in UTC, e.g. `"2015-10-08T16:53:06Z"`.
    /// Kept as text, as Chalice keeps it.
    pub fn time(&self) -> &str {
        self.raw.str(&self.fields.time)
    }

    /// Unique id of the event (the `id` field), e.g.
    /// `"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa"`.
    pub fn event_id(&self) -> &str {
        self.raw.str(&self.fields.id)
    }

    /// ARNs of the resources involved, e.g.
    /// `["arn:aws:events:us-east-1:123456789012:rule/my-schedule"]`.
    pub fn resources(&self) -> Vec<&str> {
        match self.value("resources") {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    fn value(&self, key: &str) -> &Value {
        const NULL: Value = Value::Null;
        self.raw.as_map().get(key).unwrap_or(&NULL)
    }
}

raw_event!(CloudWatchEvent, CloudWatchFields, "CloudWatchEvent");

/// Builds a [`CloudWatchEvent`] in the shape Chalice's `generate_cw_event`
/// produces: account `123456789012`, region `us-west-2`, integer `version` 0.
/// [`scheduled`](CloudWatchEventBuilder::scheduled) switches to the shape of a
/// scheduled rule's event.
#[derive(Debug, Clone)]
pub struct CloudWatchEventBuilder {
    version: Value,
    source: String,
    detail_type: String,
    detail: Value,
    resources: Option<Vec<String>>,
    region: String,
    scheduled: bool,
}

impl Default for CloudWatchEventBuilder {
    fn default() -> Self {
        CloudWatchEventBuilder {
            version: json!(0),
            source: "custom.source".to_string(),
            detail_type: "Custom Event".to_string(),
            detail: json!({}),
            resources: None,
            region: "us-west-2".to_string(),
            scheduled: false,
        }
    }
}

impl CloudWatchEventBuilder {
    /// The service or application the event comes from (default `custom.source`).
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = source.into();
        self
    }

    /// The `detail-type` of the event (default `Custom Event`).
    pub fn detail_type(mut self, detail_type: impl Into<String>) -> Self {
        self.detail_type = detail_type.into();
        self
    }

    /// The payload of the event (default `{}`).
    pub fn detail(mut self, detail: Value) -> Self {
        self.detail = detail;
        self
    }

    /// ARNs of the resources involved (default none; for a scheduled event,
    /// the ARN of a rule named `rule-name`).
    pub fn resources<I, R>(mut self, resources: I) -> Self
    where
        I: IntoIterator<Item = R>,
        R: Into<String>,
    {
        self.resources = Some(resources.into_iter().map(Into::into).collect());
        self
    }

    /// Region of the event (default `us-west-2`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Makes the event of a scheduled rule, as EventBridge sends it:
    /// `"detail-type": "Scheduled Event"`, `"source": "aws.events"`, and the
    /// string `"0"` as version (Chalice's generator writes the integer `0`,
    /// AWS never does). Later calls may still change any of these.
    pub fn scheduled(mut self) -> Self {
        self.version = json!("0");
        self.source = "aws.events".to_string();
        self.detail_type = "Scheduled Event".to_string();
        self.detail = json!({});
        self.scheduled = true;
        self
    }

    /// The event.
    pub fn build(self) -> CloudWatchEvent {
        let resources = match self.resources {
            Some(resources) => resources,
            None if self.scheduled => {
                vec![format!(
                    "arn:aws:events:{}:123456789012:rule/rule-name",
                    self.region
                )]
            }
            None => Vec::new(),
        };
        let raw = json!({
            "version": self.version,
            "id": "7bf73129-1428-4cd3-a780-95db273d1602",
            "detail-type": self.detail_type,
            "source": self.source,
            "account": "123456789012",
            "time": "2015-11-11T21:29:54Z",
            "region": self.region,
            "resources": resources,
            "detail": self.detail
        });
        CloudWatchEvent::from_map(wire::into_object(raw))
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for CloudWatchEvent {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut builder = if u.arbitrary()? {
            CloudWatchEvent::scheduled()
        } else {
            CloudWatchEvent::builder()
        };
        if u.arbitrary()? {
            let source: String = u.arbitrary()?;
            let detail_type: String = u.arbitrary()?;
            let detail: Vec<(String, String)> = u.arbitrary()?;
            let detail: serde_json::Map<String, Value> = detail
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            builder = builder
                .source(source)
                .detail_type(detail_type)
                .detail(Value::Object(detail));
        }
        let resources: Vec<String> = u.arbitrary()?;
        let region: String = u.arbitrary()?;
        Ok(builder.resources(resources).region(region).build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_fixtures_round_trip;
    use crate::Event;

    #[test]
    fn every_fixture_parses_and_round_trips() {
        assert_fixtures_round_trip::<CloudWatchEvent>("eventbridge");
        for (name, event) in assert_fixtures_round_trip::<CloudWatchEvent>("cloudwatch_scheduled") {
            assert_eq!(event.detail_type(), "Scheduled Event", "{name}");
        }
    }

    #[test]
    fn accessors_read_the_event() {
        let raw = r#"{"version": "0", "id": "53dc4d37", "detail-type": "EC2 Instance State-change Notification",
            "source": "aws.ec2", "account": "123456789012", "time": "2026-11-24T10:00:00Z",
            "region": "us-west-2", "resources": ["arn:aws:ec2:us-west-2:123456789012:instance/i-1"],
            "detail": {"state": "pending"}, "replay-name": null}"#;
        let event = CloudWatchEvent::from_str(raw).unwrap();
        assert_eq!(event.version(), "0");
        assert_eq!(event.event_id(), "53dc4d37");
        assert_eq!(
            event.detail_type(),
            "EC2 Instance State-change Notification"
        );
        assert_eq!(event.source(), "aws.ec2");
        assert_eq!(event.account(), "123456789012");
        assert_eq!(event.time(), "2026-11-24T10:00:00Z");
        assert_eq!(event.region(), "us-west-2");
        assert_eq!(
            event.resources(),
            ["arn:aws:ec2:us-west-2:123456789012:instance/i-1"]
        );
        assert_eq!(event.detail(), &json!({"state": "pending"}));
        assert_eq!(event.to_dict(), serde_json::from_str::<Value>(raw).unwrap());

        let mut without_version = event.to_dict();
        without_version
            .as_object_mut()
            .unwrap()
            .shift_remove("version");
        let event = CloudWatchEvent::from_value(without_version.clone()).unwrap();
        assert_eq!(event.version(), &Value::Null);
        assert_eq!(event.to_dict(), without_version);
    }

    #[test]
    fn builder_matches_chalice_generator_and_parses_back() {
        let event = CloudWatchEvent::builder()
            .source("source")
            .detail_type("detail-type")
            .detail(json!({"foo": "bar"}))
            .resources(["r1"])
            .build();
        let expected = json!({"version": 0, "id": "7bf73129-1428-4cd3-a780-95db273d1602",
            "detail-type": "detail-type", "source": "source", "account": "123456789012",
            "time": "2015-11-11T21:29:54Z", "region": "us-west-2", "resources": ["r1"],
            "detail": {"foo": "bar"}});
        assert_eq!(event.to_dict(), expected);
        assert_eq!(event.version(), 0);
        assert_eq!(
            CloudWatchEvent::from_value(expected.clone())
                .unwrap()
                .to_dict(),
            expected
        );

        let tick = CloudWatchEvent::scheduled().region("eu-west-1").build();
        let dict = tick.to_dict();
        assert_eq!(dict["version"], "0");
        assert_eq!(dict["source"], "aws.events");
        assert_eq!(dict["detail-type"], "Scheduled Event");
        assert_eq!(
            tick.resources(),
            ["arn:aws:events:eu-west-1:123456789012:rule/rule-name"]
        );
        assert_eq!(
            CloudWatchEvent::from_value(dict.clone()).unwrap().to_dict(),
            dict
        );
    }

    /// Each row of the module's "What is refused" table, on raw JSON.
    #[test]
    fn lenient_cases_are_kept_and_read_by_their_accessor() {
        // A scheduled rule with a constant input delivers only that input.
        let event = CloudWatchEvent::from_str(r#"{"action": "cleanup", "days": 7}"#).unwrap();
        assert_eq!(
            (event.detail_type(), event.source(), event.event_id()),
            ("", "", "")
        );
        assert!(event.resources().is_empty());
        assert_eq!(
            (event.detail(), event.version()),
            (&Value::Null, &Value::Null)
        );
        assert_eq!(event.as_map()["action"], "cleanup");
        let mut v = CloudWatchEvent::builder().build().to_dict();
        v["resources"] = json!(["ok", 7]);
        v["detail"] = Value::Null;
        v["source"] = json!(["aws.ec2"]);
        let event = CloudWatchEvent::from_value(v.clone()).unwrap();
        assert_eq!(event.resources(), ["ok"]);
        assert_eq!(event.detail(), &Value::Null);
        assert_eq!(event.source(), "");
        assert_eq!(event.to_dict(), v);
    }

    /// A rule's input that is not an object, as constant input or an input
    /// transformer delivers it: kept, and read as an event without fields.
    #[test]
    fn input_that_is_not_an_object_is_kept() {
        for text in [
            r#""i-1234 is in state running""#,
            "[1, 2]",
            "7",
            "null",
            " true ",
            r#"[{"detail-type": "x"}]"#,
        ] {
            let event = CloudWatchEvent::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(event.to_dict(), value, "{text}");
            assert_eq!(serde_json::to_value(&event).unwrap(), value, "{text}");
            assert_eq!(crate::Event::to_json(&event), text);
            assert_eq!((event.detail_type(), event.source()), ("", ""), "{text}");
            assert_eq!(event.detail(), &Value::Null);
            assert!(event.as_map().is_empty() && event.unknown_fields().is_empty());
            assert_eq!(CloudWatchEvent::from_value(value).unwrap(), event, "{text}");
        }
        // Different values are different events, though neither is an object.
        assert_ne!(
            CloudWatchEvent::from_str(r#""a""#).unwrap(),
            CloudWatchEvent::from_str(r#""b""#).unwrap()
        );
        assert_ne!(
            CloudWatchEvent::from_str("[]").unwrap(),
            CloudWatchEvent::from_str("{}").unwrap()
        );
    }

    #[test]
    fn errors_name_the_field() {
        let err = CloudWatchEvent::from_str("[1").unwrap_err();
        assert_eq!(err.classify(), crate::Category::Syntax);
        let err = CloudWatchEvent::from_str("[18446744073709551617]").unwrap_err();
        insta::assert_snapshot!(err, @"CloudWatchEvent: field `$[0]` is invalid: the integer 18446744073709551617 does not fit in 64 bits and would be rounded; give it as a string");
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_events_round_trip() {
        crate::test_support::assert_arbitrary_round_trip::<CloudWatchEvent>(0x51af_d7ed_558c_cd01);
    }

    #[test]
    fn mutated_fixtures_are_accepted_whole_or_refused_with_a_path() {
        crate::test_support::assert_mutations_are_judged::<CloudWatchEvent>("eventbridge");
        crate::test_support::assert_mutations_are_judged::<CloudWatchEvent>("cloudwatch_scheduled");
    }
}
