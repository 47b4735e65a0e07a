//! proptest strategies for every event type of chalice-events, valid by
//! construction, with the variety AWS produces.
//!
//! Each event comes two ways: `*_json()` gives the raw JSON (a
//! `serde_json::Value`, what Lambda delivers), the plain function gives the
//! typed event read from it. Testing on the raw JSON is what shows that
//! nothing is lost: `to_dict(from_value(json)) == json`.
//!
//! | strategy | makes |
//! |---|---|
//! | [`s3_event`] | one record; plain, unicode and percent-encoded keys; deletions without `size`/`eTag`; optional `versionId` |
//! | [`sns_event`] | text and JSON messages; `Subject` `null` as AWS sends it when none was set; typed attributes, or none |
//! | [`sqs_event`] | batches of 1 to 4 messages, one in eight up to 100; FIFO queues; typed message attributes |
//! | [`cloudwatch_event`] | scheduled ticks (`"version": "0"`) and service/custom events (also Chalice's integer `0`) |
//! | [`kinesis_event`] | batches of binary, text and JSON payloads; float and integer arrival times |
//! | [`dynamodb_event`] | `INSERT`/`MODIFY`/`REMOVE` batches; images matching the stream view type; every attribute type |
//! | [`websocket_event`] | `$connect`, `$disconnect`, `$default` and custom route keys, with and without body |
//! | [`auth_request`] | TOKEN and REQUEST authorizer events |
//! | [`rest_request`] | REST proxy events: path parameters, empty and multi-valued headers and query strings, `null` maps, text, JSON and base64 bodies |
//! | [`http_event`] | any of the four HTTP shapes: REST, HTTP API 2.0, function URL, ALB |
//! | `http_request` (feature `client`) | an `HttpRequest` for the local gateway: percent-encoded paths, query strings, binary bodies |
//!
//! Every event may also carry unknown fields (named `extra…`, holding any
//! JSON including `null`), at the top level and in its records, as AWS adds
//! fields over time. [`adversarial`] has the invalid counterparts.
//!
//! Strategies are composed with `prop_map` and `prop_compose!`, never
//! filtered, so no case is ever rejected; a strategy that produced an event
//! its type rejects would panic naming the error, which would be a bug in
//! this crate. Sizes are modest so that the default 256 cases run quickly;
//! [`Sizes`] changes them for the batch events.
//!
//! proptest's `Arbitrary` cannot be implemented here for the event types (both
//! are foreign to this crate); [`any_event`] is the equivalent:
//! `any_event::<SQSEvent>()`.
//!
//! ```
//! use chalice_events::{Event, SQSEvent};
//! use chalice_testing::strategies;
//! use proptest::prelude::*;
//!
//! proptest!(ProptestConfig::with_cases(16), |(raw in strategies::sqs_event_json())| {
//!     let event = SQSEvent::from_value(raw.clone()).unwrap();
//!     prop_assert_eq!(event.to_dict(), raw);
//!     prop_assert!(!event.records().is_empty());
//! });
//! ```

pub mod adversarial;

use std::fmt;

use base64::Engine as _;
use chalice_events::authorizer::AuthRequest;
use chalice_events::cloudwatch::CloudWatchEvent;
use chalice_events::dynamodb::DynamoDBEvent;
use chalice_events::kinesis::KinesisEvent;
use chalice_events::request::Request;
use chalice_events::s3::S3Event;
use chalice_events::sns::SNSEvent;
use chalice_events::sqs::SQSEvent;
use chalice_events::websocket::WebsocketEvent;
use chalice_events::Event;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};

/// Sizes of generated batches and texts.
///
/// ```
/// use chalice_testing::strategies::{sqs_event_with, Sizes};
///
/// // Always large batches, short bodies.
/// let strategy = sqs_event_with(Sizes { typical_records: 50, max_records: 200, max_text: 8 });
/// # let _ = strategy;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Seven batches in eight hold 1 to this many records (default 4).
    pub typical_records: usize,
    /// One batch in eight holds from `typical_records` up to this many
    /// records (default 100), to exercise large batches.
    pub max_records: usize,
    /// The longest generated body or message, in characters (default 48).
    pub max_text: usize,
}

impl Default for Sizes {
    fn default() -> Self {
        Sizes {
            typical_records: 4,
            max_records: 100,
            max_text: 48,
        }
    }
}

// ---------------------------------------------------------------------------
// Building blocks

/// Characters that break naive code: non-ASCII, zero-width, byte-order mark,
/// NUL, escapes and URL delimiters.
const UNUSUAL_CHARS: &[char] = &[
    'é', 'ß', '✓', '日', '本', '😀', '\u{200b}', '\u{feff}', '\0', '\t', '\n', '"', '\\', '+', '%',
    '/', '&', '=', '?', '#', ' ',
];

/// Text of up to `max` characters: mostly printable ASCII, with unusual and
/// arbitrary characters mixed in.
pub(crate) fn text(max: usize) -> impl Strategy<Value = String> + Clone {
    let ch = prop_oneof![
        8 => proptest::char::range(' ', '~'),
        2 => select(UNUSUAL_CHARS),
        1 => any::<char>(),
    ];
    proptest::collection::vec(ch, 0..=max).prop_map(String::from_iter)
}

/// Text that is not empty.
fn nonempty_text(max: usize) -> impl Strategy<Value = String> + Clone {
    (proptest::char::range('a', 'z'), text(max.saturating_sub(1)))
        .prop_map(|(first, rest)| format!("{first}{rest}"))
}

/// A lowercase identifier, e.g. `orders-2`.
fn word() -> impl Strategy<Value = String> + Clone {
    re("[a-z][a-z0-9-]{0,11}")
}

fn uuid() -> impl Strategy<Value = String> + Clone {
    re("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
}

fn region() -> impl Strategy<Value = String> + Clone {
    select(
        &[
            "us-east-1",
            "us-west-2",
            "eu-west-1",
            "eu-central-1",
            "ap-southeast-2",
            "sa-east-1",
        ][..],
    )
    .prop_map(str::to_string)
}

fn account() -> impl Strategy<Value = String> + Clone {
    re("[0-9]{12}")
}

/// An ISO 8601 UTC time as EventBridge writes it, e.g. `2021-03-04T05:06:07Z`.
fn iso_time() -> impl Strategy<Value = String> + Clone {
    re("20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z")
}

/// A regex strategy, compiled once (a `&str` strategy compiles its regex
/// for every value it generates).
fn re(pattern: &'static str) -> BoxedStrategy<String> {
    match proptest::string::string_regex(pattern) {
        Ok(strategy) => strategy.boxed(),
        Err(e) => panic!("chalice-testing: bad regex {pattern:?}: {e}"),
    }
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Any JSON value, nested at most three deep.
pub(crate) fn json_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1.0e15f64..1.0e15).prop_map(Value::from),
        text(12).prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((text(8), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A JSON object of up to four entries.
fn json_object() -> impl Strategy<Value = Map<String, Value>> + Clone {
    proptest::collection::vec((word(), json_value()), 0..4)
        .prop_map(|entries| entries.into_iter().collect())
}

/// A body or message: free text, JSON text, or empty.
fn body_text(max: usize) -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => text(max),
        2 => json_value().prop_map(|v| v.to_string()),
        1 => Just(String::new()),
    ]
}

/// Unknown fields, mostly none: what AWS adds to its events over time.
fn extras() -> impl Strategy<Value = Vec<(String, Value)>> + Clone {
    prop_oneof![
        3 => Just(Vec::new()),
        1 => proptest::collection::vec((re("extra[A-Za-z]{1,6}"), json_value()), 1..=2),
    ]
}

fn add_extras(map: &mut Map<String, Value>, extras: Vec<(String, Value)>) {
    for (k, v) in extras {
        map.insert(k, v);
    }
}

/// A batch of records: mostly a few, sometimes many.
fn batch<T: fmt::Debug + 'static>(record: BoxedStrategy<T>, sizes: Sizes) -> BoxedStrategy<Vec<T>> {
    let typical = sizes.typical_records.max(1);
    let max = sizes.max_records.max(typical);
    prop_oneof![
        7 => proptest::collection::vec(record.clone(), 1..=typical),
        1 => proptest::collection::vec(record, typical..=max),
    ]
    .boxed()
}

fn records_mut(value: &mut Value) -> Vec<&mut Map<String, Value>> {
    match value.get_mut("Records") {
        Some(Value::Array(items)) => items.iter_mut().filter_map(Value::as_object_mut).collect(),
        _ => Vec::new(),
    }
}

fn top_mut(value: &mut Value) -> Option<&mut Map<String, Value>> {
    value.as_object_mut()
}

/// Reads a generated event. The JSON is valid by construction; a failure
/// here is a bug in this module, reported loudly.
fn parse<E: Event>(value: Value) -> E {
    E::from_value(value)
        .unwrap_or_else(|e| panic!("chalice-testing generated an invalid {}: {e}", E::NAME))
}

fn parse_request(value: Value) -> Request {
    Request::from_value(value)
        .unwrap_or_else(|e| panic!("chalice-testing generated an invalid Request: {e}"))
}

// ---------------------------------------------------------------------------
// S3

const S3_EVENT_NAMES: &[&str] = &[
    "ObjectCreated:Put",
    "ObjectCreated:Post",
    "ObjectCreated:Copy",
    "ObjectCreated:CompleteMultipartUpload",
    "ObjectRemoved:Delete",
    "ObjectRemoved:DeleteMarkerCreated",
    "ObjectRestore:Post",
    "ObjectRestore:Completed",
    "ObjectTagging:Put",
    "LifecycleExpiration:Delete",
    "Replication:OperationFailedReplication",
    "ReducedRedundancyLostObject",
];

/// A key as the user sees it (encoded by the builder as S3 does) or as it
/// should appear in the event.
#[derive(Debug, Clone)]
enum S3Key {
    Plain(String),
    Encoded(String),
}

fn s3_key() -> impl Strategy<Value = S3Key> {
    prop_oneof![
        3 => re("[a-zA-Z0-9!_.*'()-]{1,12}(/[a-zA-Z0-9!_.*'()-]{1,12}){0,3}").prop_map(S3Key::Plain),
        2 => nonempty_text(24).prop_map(S3Key::Plain),
        2 => re("([a-z0-9]{1,6}(%[0-9A-F]{2}|\\+)){1,4}[a-z0-9]{0,6}").prop_map(S3Key::Encoded),
    ]
}

prop_compose! {
    /// The JSON of an S3 notification: one record of a varied event type,
    /// with a plain, unicode (encoded as S3 encodes it) or percent-encoded
    /// key; deletions carry neither `size` nor `eTag`, as S3 sends them.
    pub fn s3_event_json()(
        bucket in re("[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]"),
        key in s3_key(),
        event_name in select(S3_EVENT_NAMES),
        size in prop_oneof![Just(0u64), 1u64..1024, 1024u64..5_000_000_000_000],
        region in region(),
        version_id in proptest::option::of(re("[A-Za-z0-9._]{32}")),
        record_extras in extras(),
        top_extras in extras(),
    ) -> Value {
        let builder = S3Event::builder().bucket(bucket).event_name(event_name).size(size);
        let builder = match key {
            S3Key::Plain(key) => builder.key(key),
            S3Key::Encoded(key) => builder.encoded_key(key),
        };
        let mut event = builder.build().to_dict();
        for record in records_mut(&mut event) {
            record.insert("awsRegion".into(), Value::String(region.clone()));
            if let Some(object) = record
                .get_mut("s3")
                .and_then(|s3| s3.get_mut("object"))
                .and_then(Value::as_object_mut)
            {
                if event_name.starts_with("ObjectRemoved") {
                    object.shift_remove("size");
                    object.shift_remove("eTag");
                }
                if let Some(version_id) = &version_id {
                    object.insert("versionId".into(), Value::String(version_id.clone()));
                }
            }
            add_extras(record, record_extras.clone());
        }
        if let Some(top) = top_mut(&mut event) {
            add_extras(top, top_extras);
        }
        event
    }
}

/// An [`S3Event`] read from [`s3_event_json`].
pub fn s3_event() -> impl Strategy<Value = S3Event> {
    s3_event_json().prop_map(parse::<S3Event>)
}

// ---------------------------------------------------------------------------
// SNS

fn sns_attributes() -> impl Strategy<Value = Map<String, Value>> {
    let attribute = prop_oneof![
        text(16).prop_map(|v| json!({"Type": "String", "Value": v})),
        any::<i32>().prop_map(|n| json!({"Type": "Number", "Value": n.to_string()})),
        proptest::collection::vec(any::<u8>(), 0..16)
            .prop_map(|b| json!({"Type": "Binary", "Value": base64(&b)})),
        proptest::collection::vec(re("[a-z]{1,5}"), 0..3).prop_map(|items| {
            json!({"Type": "String.Array", "Value": Value::from(items).to_string()})
        }),
    ];
    proptest::collection::vec((re("[A-Za-z][A-Za-z0-9_.-]{0,10}"), attribute), 0..4)
        .prop_map(|entries| entries.into_iter().collect())
}

prop_compose! {
    /// The JSON of an SNS notification: text or JSON message, a subject or
    /// the `null` AWS sends when none was set, typed message attributes (or
    /// none at all, as some AWS services deliver).
    pub fn sns_event_json()(
        message in body_text(Sizes::default().max_text),
        subject in prop_oneof![1 => Just(None), 2 => text(24).prop_map(Some)],
        attributes in prop_oneof![1 => Just(None), 3 => sns_attributes().prop_map(Some)],
        topic in re("[A-Za-z0-9_-]{1,20}"),
        region in region(),
        account in account(),
        message_id in uuid(),
        subscription in uuid(),
        record_extras in extras(),
    ) -> Value {
        let mut builder = SNSEvent::builder()
            .message(message)
            .subject(subject.clone().unwrap_or_default());
        if let Some(attributes) = &attributes {
            builder = builder.message_attributes(Value::Object(attributes.clone()));
        }
        let mut event = builder.build().to_dict();
        let topic_arn = format!("arn:aws:sns:{region}:{account}:{topic}");
        for record in records_mut(&mut event) {
            record.insert(
                "EventSubscriptionArn".into(),
                Value::String(format!("{topic_arn}:{subscription}")),
            );
            if let Some(sns) = record.get_mut("Sns").and_then(Value::as_object_mut) {
                sns.insert("TopicArn".into(), Value::String(topic_arn.clone()));
                sns.insert("MessageId".into(), Value::String(message_id.clone()));
                sns.insert(
                    "SigningCertUrl".into(),
                    Value::String(format!("https://sns.{region}.amazonaws.com/cert.pem")),
                );
                if subject.is_none() {
                    sns.insert("Subject".into(), Value::Null);
                }
                if attributes.is_none() {
                    sns.shift_remove("MessageAttributes");
                }
            }
            add_extras(record, record_extras.clone());
        }
        event
    }
}

/// An [`SNSEvent`] read from [`sns_event_json`].
pub fn sns_event() -> impl Strategy<Value = SNSEvent> {
    sns_event_json().prop_map(parse::<SNSEvent>)
}

// ---------------------------------------------------------------------------
// SQS

#[derive(Debug, Clone)]
struct SqsMessage {
    body: String,
    message_id: String,
    receipt_handle: String,
    receive_count: u32,
    sent: u64,
    attributes: Map<String, Value>,
    group: String,
}

fn sqs_message_attributes() -> impl Strategy<Value = Map<String, Value>> {
    let attribute = prop_oneof![
        text(16).prop_map(|v| json!({
            "stringValue": v, "stringListValues": [], "binaryListValues": [], "dataType": "String"
        })),
        any::<i64>().prop_map(|n| json!({
            "stringValue": n.to_string(), "stringListValues": [], "binaryListValues": [], "dataType": "Number"
        })),
        proptest::collection::vec(any::<u8>(), 0..16).prop_map(|b| json!({
            "binaryValue": base64(&b), "stringListValues": [], "binaryListValues": [], "dataType": "Binary"
        })),
    ];
    proptest::collection::vec((re("[A-Za-z][A-Za-z0-9_.-]{0,10}"), attribute), 0..3)
        .prop_map(|entries| entries.into_iter().collect())
}

fn sqs_message(max_text: usize) -> BoxedStrategy<SqsMessage> {
    (
        body_text(max_text),
        uuid(),
        re("[A-Za-z0-9+/]{20,60}={0,2}"),
        1u32..20,
        1_500_000_000_000u64..2_000_000_000_000,
        sqs_message_attributes(),
        re("[a-z0-9]{1,8}"),
    )
        .prop_map(
            |(body, message_id, receipt_handle, receive_count, sent, attributes, group)| {
                SqsMessage {
                    body,
                    message_id,
                    receipt_handle,
                    receive_count,
                    sent,
                    attributes,
                    group,
                }
            },
        )
        .boxed()
}

/// [`sqs_event_json`] with other sizes.
pub fn sqs_event_json_with(sizes: Sizes) -> impl Strategy<Value = Value> {
    (
        re("[A-Za-z0-9_-]{1,20}(\\.fifo)?"),
        region(),
        account(),
        batch(sqs_message(sizes.max_text), sizes),
        extras(),
    )
        .prop_map(|(queue, region, account, messages, record_extras)| {
            let fifo = queue.ends_with(".fifo");
            let mut event = SQSEvent::builder()
                .queue_name(queue.clone())
                .bodies(messages.iter().map(|m| m.body.clone()))
                .build()
                .to_dict();
            for (i, (record, message)) in records_mut(&mut event)
                .into_iter()
                .zip(&messages)
                .enumerate()
            {
                record.insert(
                    "messageId".into(),
                    Value::String(message.message_id.clone()),
                );
                record.insert(
                    "receiptHandle".into(),
                    Value::String(message.receipt_handle.clone()),
                );
                record.insert("awsRegion".into(), Value::String(region.clone()));
                record.insert(
                    "eventSourceARN".into(),
                    Value::String(format!("arn:aws:sqs:{region}:{account}:{queue}")),
                );
                record.insert(
                    "messageAttributes".into(),
                    Value::Object(message.attributes.clone()),
                );
                if let Some(attributes) =
                    record.get_mut("attributes").and_then(Value::as_object_mut)
                {
                    attributes.insert(
                        "ApproximateReceiveCount".into(),
                        Value::String(message.receive_count.to_string()),
                    );
                    attributes.insert(
                        "SentTimestamp".into(),
                        Value::String(message.sent.to_string()),
                    );
                    attributes.insert(
                        "ApproximateFirstReceiveTimestamp".into(),
                        Value::String((message.sent + 1).to_string()),
                    );
                    if fifo {
                        attributes.insert(
                            "SequenceNumber".into(),
                            Value::String(format!("1882{:016}", i)),
                        );
                        attributes.insert(
                            "MessageGroupId".into(),
                            Value::String(message.group.clone()),
                        );
                        attributes.insert(
                            "MessageDeduplicationId".into(),
                            Value::String(message.message_id.clone()),
                        );
                    }
                }
                add_extras(record, record_extras.clone());
            }
            event
        })
}

/// The JSON of an SQS batch: 1 to 4 messages, one batch in eight up to 100;
/// text, JSON and empty bodies; typed message attributes; FIFO queues with
/// their sequence numbers and group ids.
pub fn sqs_event_json() -> impl Strategy<Value = Value> {
    sqs_event_json_with(Sizes::default())
}

/// An [`SQSEvent`] read from [`sqs_event_json`].
pub fn sqs_event() -> impl Strategy<Value = SQSEvent> {
    sqs_event_json().prop_map(parse::<SQSEvent>)
}

/// [`sqs_event`] with other sizes.
pub fn sqs_event_with(sizes: Sizes) -> impl Strategy<Value = SQSEvent> {
    sqs_event_json_with(sizes).prop_map(parse::<SQSEvent>)
}

// ---------------------------------------------------------------------------
// CloudWatch / EventBridge

const EVENT_SOURCES: &[(&str, &str)] = &[
    ("aws.ec2", "EC2 Instance State-change Notification"),
    ("aws.s3", "Object Created"),
    (
        "aws.codepipeline",
        "CodePipeline Pipeline Execution State Change",
    ),
    ("aws.health", "AWS Health Event"),
    ("aws.autoscaling", "EC2 Instance Launch Successful"),
];

prop_compose! {
    /// The JSON of an EventBridge event: a scheduled rule's tick (string
    /// version `"0"`, empty detail, the rule as resource) or an event from an
    /// AWS service or a custom source, with the string version AWS sends or
    /// the integer Chalice's generator writes.
    pub fn cloudwatch_event_json()(
        scheduled in any::<bool>(),
        service in select(EVENT_SOURCES),
        custom in proptest::option::of((re("com\\.example\\.[a-z]{1,8}"), nonempty_text(24))),
        detail in json_object(),
        resources in proptest::collection::vec(
            (re("[a-z0-9]{2,10}"), re("[a-z0-9/-]{1,20}")).prop_map(|(service, id)| {
                format!("arn:aws:{service}:us-west-2:123456789012:{id}")
            }),
            0..3,
        ),
        (region, account, id, time) in (region(), account(), uuid(), iso_time()),
        integer_version in any::<bool>(),
        extras in extras(),
    ) -> Value {
        let builder = if scheduled {
            CloudWatchEvent::scheduled().region(region.clone())
        } else {
            let (source, detail_type) = match custom {
                Some((source, detail_type)) => (source, detail_type),
                None => (service.0.to_string(), service.1.to_string()),
            };
            CloudWatchEvent::builder()
                .source(source)
                .detail_type(detail_type)
                .detail(Value::Object(detail))
                .resources(resources)
                .region(region.clone())
        };
        let mut event = builder.build().to_dict();
        if let Some(top) = top_mut(&mut event) {
            top.insert("account".into(), Value::String(account.clone()));
            top.insert("id".into(), Value::String(id));
            top.insert("time".into(), Value::String(time));
            let version = if integer_version && !scheduled { json!(0) } else { json!("0") };
            top.insert("version".into(), version);
            if scheduled {
                top.insert(
                    "resources".into(),
                    json!([format!("arn:aws:events:{region}:{account}:rule/rule-name")]),
                );
            }
            add_extras(top, extras);
        }
        event
    }
}

/// A [`CloudWatchEvent`] read from [`cloudwatch_event_json`].
pub fn cloudwatch_event() -> impl Strategy<Value = CloudWatchEvent> {
    cloudwatch_event_json().prop_map(parse::<CloudWatchEvent>)
}

// ---------------------------------------------------------------------------
// Kinesis

#[derive(Debug, Clone)]
struct KinesisPart {
    payload: Vec<u8>,
    partition_key: String,
    sequence_number: String,
    arrival: Value,
}

fn kinesis_part(max_text: usize) -> BoxedStrategy<KinesisPart> {
    (
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..=max_text),
            body_text(max_text).prop_map(String::into_bytes),
        ],
        re("[A-Za-z0-9-]{1,16}"),
        re("[1-9][0-9]{19,55}"),
        prop_oneof![
            3 => (1_400_000_000_000u64..2_000_000_000_000)
                .prop_map(|millis| Value::from(millis as f64 / 1000.0)),
            1 => (1_400_000_000u64..2_000_000_000).prop_map(Value::from),
        ],
    )
        .prop_map(
            |(payload, partition_key, sequence_number, arrival)| KinesisPart {
                payload,
                partition_key,
                sequence_number,
                arrival,
            },
        )
        .boxed()
}

/// [`kinesis_event_json`] with other sizes.
pub fn kinesis_event_json_with(sizes: Sizes) -> impl Strategy<Value = Value> {
    (
        re("[A-Za-z0-9_.-]{1,20}"),
        region(),
        account(),
        0u32..4,
        batch(kinesis_part(sizes.max_text), sizes),
        extras(),
    )
        .prop_map(|(stream, region, account, shard, parts, record_extras)| {
            let mut event = KinesisEvent::builder()
                .stream_name(stream.clone())
                .data_items(parts.iter().map(|p| p.payload.clone()))
                .build()
                .to_dict();
            for (record, part) in records_mut(&mut event).into_iter().zip(&parts) {
                if let Some(kinesis) = record.get_mut("kinesis").and_then(Value::as_object_mut) {
                    kinesis.insert(
                        "partitionKey".into(),
                        Value::String(part.partition_key.clone()),
                    );
                    kinesis.insert(
                        "sequenceNumber".into(),
                        Value::String(part.sequence_number.clone()),
                    );
                    kinesis.insert("approximateArrivalTimestamp".into(), part.arrival.clone());
                }
                record.insert(
                    "eventID".into(),
                    Value::String(format!("shardId-{shard:012}:{}", part.sequence_number)),
                );
                record.insert("awsRegion".into(), Value::String(region.clone()));
                record.insert(
                    "eventSourceARN".into(),
                    Value::String(format!(
                        "arn:aws:kinesis:{region}:{account}:stream/{stream}"
                    )),
                );
                add_extras(record, record_extras.clone());
            }
            event
        })
}

/// The JSON of a Kinesis batch: binary, text and JSON payloads, float and
/// integer arrival times, batches sized as for [`sqs_event_json`].
pub fn kinesis_event_json() -> impl Strategy<Value = Value> {
    kinesis_event_json_with(Sizes::default())
}

/// A [`KinesisEvent`] read from [`kinesis_event_json`].
pub fn kinesis_event() -> impl Strategy<Value = KinesisEvent> {
    kinesis_event_json().prop_map(parse::<KinesisEvent>)
}

/// [`kinesis_event`] with other sizes.
pub fn kinesis_event_with(sizes: Sizes) -> impl Strategy<Value = KinesisEvent> {
    kinesis_event_json_with(sizes).prop_map(parse::<KinesisEvent>)
}

// ---------------------------------------------------------------------------
// DynamoDB

/// One attribute value in DynamoDB's wire format, e.g. `{"S": "x"}`.
fn dynamodb_attribute() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        text(16).prop_map(|s| json!({"S": s})),
        any::<i64>().prop_map(|n| json!({"N": n.to_string()})),
        (-1.0e9f64..1.0e9).prop_map(|f| json!({"N": f.to_string()})),
        proptest::collection::vec(any::<u8>(), 0..16).prop_map(|b| json!({"B": base64(&b)})),
        any::<bool>().prop_map(|b| json!({"BOOL": b})),
        Just(json!({"NULL": true})),
        proptest::collection::vec(text(8), 1..4).prop_map(|set| json!({"SS": set})),
        proptest::collection::vec(any::<i32>(), 1..4)
            .prop_map(|set| json!({"NS": set.iter().map(i32::to_string).collect::<Vec<_>>()})),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(|list| json!({"L": list})),
            proptest::collection::vec((re("[A-Za-z][A-Za-z0-9_]{0,7}"), inner), 0..3)
                .prop_map(|m| { json!({"M": Value::Object(m.into_iter().collect())}) }),
        ]
    })
    .boxed()
}

#[derive(Debug, Clone)]
struct DynamoChange {
    event_name: &'static str,
    key: Value,
    new_item: Map<String, Value>,
    old_item: Map<String, Value>,
    created: Option<Value>,
    size: u64,
    sequence_number: String,
    event_id: String,
}

fn dynamodb_change() -> BoxedStrategy<DynamoChange> {
    let item = proptest::collection::vec(
        (re("[A-Za-z][A-Za-z0-9_]{0,10}"), dynamodb_attribute()),
        0..4,
    )
    .prop_map(|entries| entries.into_iter().collect::<Map<String, Value>>());
    (
        select(&["INSERT", "MODIFY", "REMOVE"][..]),
        prop_oneof![
            "[a-z0-9-]{1,12}".prop_map(|s| json!({"S": s})),
            any::<u32>().prop_map(|n| json!({"N": n.to_string()})),
        ],
        item.clone(),
        item,
        prop_oneof![
            1 => Just(None),
            2 => (1_500_000_000u64..2_000_000_000).prop_map(|s| Some(json!(s as f64))),
            1 => (1_500_000_000u64..2_000_000_000).prop_map(|s| Some(json!(s))),
        ],
        1u64..4000,
        re("[1-9][0-9]{20,38}"),
        re("[0-9a-f]{32}"),
    )
        .prop_map(
            |(event_name, key, new_item, old_item, created, size, sequence_number, event_id)| {
                DynamoChange {
                    event_name,
                    key,
                    new_item,
                    old_item,
                    created,
                    size,
                    sequence_number,
                    event_id,
                }
            },
        )
        .boxed()
}

/// [`dynamodb_event_json`] with other sizes.
pub fn dynamodb_event_json_with(sizes: Sizes) -> impl Strategy<Value = Value> {
    (
        re("[A-Za-z0-9_.-]{3,20}"),
        region(),
        select(&["NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY"][..]),
        batch(dynamodb_change(), sizes),
        extras(),
    )
        .prop_map(|(table, region, view, changes, record_extras)| {
            let mut records = Vec::new();
            for change in changes {
                let keys = json!({"Id": change.key});
                let with_key = |mut item: Map<String, Value>| {
                    item.insert("Id".into(), change.key.clone());
                    Some(Value::Object(item))
                };
                let wants_new = matches!(view, "NEW_AND_OLD_IMAGES" | "NEW_IMAGE");
                let wants_old = matches!(view, "NEW_AND_OLD_IMAGES" | "OLD_IMAGE");
                let new_image = if wants_new && change.event_name != "REMOVE" {
                    with_key(change.new_item.clone())
                } else {
                    None
                };
                let old_image = if wants_old && change.event_name != "INSERT" {
                    with_key(change.old_item.clone())
                } else {
                    None
                };
                let mut single = DynamoDBEvent::builder()
                    .table_name(table.clone())
                    .event_name(change.event_name)
                    .keys(keys)
                    .new_image(new_image)
                    .old_image(old_image)
                    .build()
                    .to_dict();
                for record in records_mut(&mut single) {
                    record.insert("eventID".into(), Value::String(change.event_id.clone()));
                    record.insert("awsRegion".into(), Value::String(region.clone()));
                    record.insert(
                        "eventSourceARN".into(),
                        Value::String(format!(
                            "arn:aws:dynamodb:{region}:123456789012:table/{table}/stream/2020-09-28T16:49:14.209"
                        )),
                    );
                    if let Some(dynamodb) = record.get_mut("dynamodb").and_then(Value::as_object_mut) {
                        dynamodb.insert("StreamViewType".into(), Value::String(view.to_string()));
                        dynamodb.insert("SizeBytes".into(), Value::from(change.size));
                        dynamodb.insert(
                            "SequenceNumber".into(),
                            Value::String(change.sequence_number.clone()),
                        );
                        match &change.created {
                            Some(created) => {
                                dynamodb.insert("ApproximateCreationDateTime".into(), created.clone());
                            }
                            None => {
                                dynamodb.shift_remove("ApproximateCreationDateTime");
                            }
                        }
                    }
                    add_extras(record, record_extras.clone());
                    records.push(Value::Object(record.clone()));
                }
            }
            json!({"Records": records})
        })
}

/// The JSON of a DynamoDB Streams batch: `INSERT`, `MODIFY` and `REMOVE`
/// records whose images match the stream view type, items holding every
/// attribute type, with or without a creation time.
pub fn dynamodb_event_json() -> impl Strategy<Value = Value> {
    dynamodb_event_json_with(Sizes::default())
}

/// A [`DynamoDBEvent`] read from [`dynamodb_event_json`].
pub fn dynamodb_event() -> impl Strategy<Value = DynamoDBEvent> {
    dynamodb_event_json().prop_map(parse::<DynamoDBEvent>)
}

/// [`dynamodb_event`] with other sizes.
pub fn dynamodb_event_with(sizes: Sizes) -> impl Strategy<Value = DynamoDBEvent> {
    dynamodb_event_json_with(sizes).prop_map(parse::<DynamoDBEvent>)
}

// ---------------------------------------------------------------------------
// Websocket

prop_compose! {
    /// The JSON of a websocket event: `$connect` (with the handshake's
    /// headers), `$disconnect`, `$default` or a custom route key, messages
    /// with or without a text or JSON body.
    pub fn websocket_event_json()(
        route_key in prop_oneof![
            Just("$connect".to_string()),
            Just("$disconnect".to_string()),
            Just("$default".to_string()),
            re("[a-z][A-Za-z]{0,10}"),
        ],
        body in proptest::option::of(body_text(Sizes::default().max_text)),
        connection_id in re("[A-Za-z0-9]{14}="),
        api_id in re("[a-z0-9]{10}"),
        stage in word(),
        region in region(),
        extras in extras(),
    ) -> Value {
        let mut builder = WebsocketEvent::builder()
            .route_key(route_key.clone())
            .connection_id(connection_id)
            .api_id(api_id)
            .stage(stage)
            .region(region);
        let message = route_key != "$connect" && route_key != "$disconnect";
        if let (true, Some(body)) = (message, body) {
            builder = builder.body(body);
        }
        let mut event = builder.build().to_dict();
        if let Some(top) = top_mut(&mut event) {
            add_extras(top, extras);
        }
        event
    }
}

/// A [`WebsocketEvent`] read from [`websocket_event_json`].
pub fn websocket_event() -> impl Strategy<Value = WebsocketEvent> {
    websocket_event_json().prop_map(parse::<WebsocketEvent>)
}

// ---------------------------------------------------------------------------
// Authorizers

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

prop_compose! {
    /// The JSON of a built-in authorizer's event: TOKEN events with a bearer
    /// token, a word or any text; REQUEST events with headers and query
    /// parameters instead.
    pub fn auth_request_json()(
        token_event in any::<bool>(),
        token in prop_oneof![
            re("Bearer [A-Za-z0-9._-]{8,40}"),
            re("allow|deny|unauthorized|allow-all"),
            text(24),
        ],
        (region, account, api_id) in (region(), account(), re("[a-z0-9]{10}")),
        stage in word(),
        method in select(METHODS),
        path in proptest::collection::vec(word(), 0..3),
        headers in proptest::collection::vec((header_name(), header_value()), 0..3),
        query in proptest::collection::vec((word(), text(12)), 0..3),
    ) -> Value {
        let arn = format!(
            "arn:aws:execute-api:{region}:{account}:{api_id}/{stage}/{method}/{}",
            path.join("/")
        );
        let builder = AuthRequest::builder().method_arn(arn);
        let builder = if token_event {
            builder.token(token)
        } else {
            let mut builder = builder.auth_type("REQUEST").without_token();
            for (name, value) in headers {
                builder = builder.header(name, value);
            }
            for (name, value) in query {
                builder = builder.query_param(name, value);
            }
            builder
        };
        builder.build().to_dict()
    }
}

/// An [`AuthRequest`] read from [`auth_request_json`].
pub fn auth_request() -> impl Strategy<Value = AuthRequest> {
    auth_request_json().prop_map(parse::<AuthRequest>)
}

// ---------------------------------------------------------------------------
// HTTP

const HEADER_NAMES: &[&str] = &[
    "Content-Type",
    "content-type",
    "Accept",
    "X-Custom",
    "x-custom",
    "User-Agent",
    "Authorization",
    "Cookie",
    "X-Forwarded-For",
    "Origin",
];

const HEADER_VALUES: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "image/png",
    "*/*",
    "",
    "allow",
];

fn header_name() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => select(HEADER_NAMES).prop_map(str::to_string),
        1 => re("[A-Za-z][A-Za-z0-9-]{0,15}"),
    ]
}

/// Header values as clients send them: printable ASCII, sometimes a little
/// UTF-8.
fn header_value() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => select(HEADER_VALUES).prop_map(str::to_string),
        2 => re("[ -~]{0,24}"),
        1 => re("[ -~é✓日]{0,12}"),
    ]
}

/// A query key from a small pool, so that repeated keys are common.
fn query_key() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => select(&["a", "b", "q", "page", "limit", "filter"][..]).prop_map(str::to_string),
        1 => text(8),
    ]
}

fn query_value() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        1 => Just(String::new()),
        2 => word(),
        2 => text(12),
    ]
}

/// A body: none, text (or JSON), or bytes.
#[derive(Debug, Clone)]
enum BodyPart {
    None,
    Text(String),
    Binary(Vec<u8>),
}

fn body_part(max: usize) -> impl Strategy<Value = BodyPart> + Clone {
    prop_oneof![
        3 => Just(BodyPart::None),
        3 => body_text(max).prop_map(BodyPart::Text),
        1 => proptest::collection::vec(any::<u8>(), 0..=max).prop_map(BodyPart::Binary),
    ]
}

/// A route template: `(template, capture names)`, e.g. `("/users/{id}", ["id"])`.
fn route_template() -> impl Strategy<Value = String> + Clone {
    proptest::collection::vec(
        prop_oneof![3 => word(), 1 => re("[a-z_]{1,8}").prop_map(|name| format!("{{{name}}}"))],
        0..4,
    )
    .prop_map(|segments| format!("/{}", segments.join("/")))
}

/// The capture names of a template, in order.
fn captures(template: &str) -> Vec<String> {
    template
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|s| s.trim_end_matches('+').to_string())
        .collect()
}

/// A template from `templates`, or a random one when the list is empty.
fn template_from(templates: Vec<String>) -> BoxedStrategy<String> {
    if templates.is_empty() {
        route_template().boxed()
    } else {
        select(templates).boxed()
    }
}

#[derive(Debug, Clone)]
struct RestParts {
    method: &'static str,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    params: Vec<String>,
    body: BodyPart,
    stage_vars: Vec<(String, String)>,
    stage: String,
    request_id: String,
    source_ip: [u8; 4],
    null_empty_maps: bool,
    extras: Vec<(String, Value)>,
}

fn rest_parts() -> impl Strategy<Value = RestParts> {
    (
        (
            select(METHODS),
            proptest::collection::vec((header_name(), header_value()), 0..6),
            proptest::collection::vec((query_key(), query_value()), 0..5),
            proptest::collection::vec(re("[^/]{0,12}"), 4),
            body_part(Sizes::default().max_text),
        ),
        (
            proptest::collection::vec((word(), word()), 0..2),
            prop_oneof![Just("api".to_string()), word()],
            uuid(),
            any::<[u8; 4]>(),
            any::<bool>(),
            extras(),
        ),
    )
        .prop_map(
            |(
                (method, headers, query, params, body),
                (stage_vars, stage, request_id, source_ip, null_empty_maps, extras),
            )| RestParts {
                method,
                headers,
                query,
                params,
                body,
                stage_vars,
                stage,
                request_id,
                source_ip,
                null_empty_maps,
                extras,
            },
        )
}

fn rest_event(template: String, parts: RestParts) -> Value {
    let mut builder = Request::builder()
        .method(parts.method)
        .path(template.clone())
        .stage(parts.stage)
        .request_id(parts.request_id)
        .source_ip(
            parts
                .source_ip
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join("."),
        );
    for (name, value) in captures(&template).into_iter().zip(parts.params) {
        builder = builder.uri_param(name, value);
    }
    for (name, value) in &parts.headers {
        builder = builder.header(name.clone(), value.clone());
    }
    for (key, value) in parts.query {
        builder = builder.query(key, value);
    }
    for (name, value) in parts.stage_vars {
        builder = builder.stage_var(name, value);
    }
    builder = match parts.body {
        BodyPart::None => builder,
        BodyPart::Text(text) => builder.body(text),
        BodyPart::Binary(bytes) => builder.base64_body(bytes),
    };
    let mut event = builder.build().into_original_event();
    if let Some(top) = top_mut(&mut event) {
        // API Gateway sends `null`, not `{}`, for a request without headers
        // (console tests, some internal callers).
        if parts.headers.is_empty() && parts.null_empty_maps {
            top.insert("headers".into(), Value::Null);
            top.insert("multiValueHeaders".into(), Value::Null);
        }
        add_extras(top, parts.extras);
    }
    event
}

/// The JSON of an API Gateway REST proxy event (payload 1.0) for a random
/// route: any method; path parameters holding any text but `/`; no, one,
/// repeated and differently-cased headers; empty, blank and repeated query
/// parameters; `null` maps where API Gateway sends `null`; text, JSON and
/// base64 bodies.
pub fn rest_event_json() -> impl Strategy<Value = Value> {
    (route_template(), rest_parts()).prop_map(|(template, parts)| rest_event(template, parts))
}

/// [`rest_event_json`] for one of `templates`, e.g. an app's routes
/// (`app.routes().iter().map(|r| r.path.clone())`), so that the events reach
/// its views. An empty list means random routes.
pub fn rest_event_json_for<I, S>(templates: I) -> impl Strategy<Value = Value>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let templates: Vec<String> = templates.into_iter().map(Into::into).collect();
    (template_from(templates), rest_parts())
        .prop_map(|(template, parts)| rest_event(template, parts))
}

/// A [`Request`] read from [`rest_event_json`].
pub fn rest_request() -> impl Strategy<Value = Request> {
    rest_event_json().prop_map(parse_request)
}

/// A [`Request`] read from [`rest_event_json_for`].
pub fn rest_request_for<I, S>(templates: I) -> impl Strategy<Value = Request>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    rest_event_json_for(templates).prop_map(parse_request)
}

/// `(path, query pairs, headers, body, method)`, shared by the payload 2.0
/// and ALB shapes.
type HttpParts = (
    String,
    Vec<(String, String)>,
    Vec<(String, String)>,
    BodyPart,
    &'static str,
);

fn http_parts() -> impl Strategy<Value = HttpParts> {
    (
        proptest::collection::vec(re("[A-Za-z0-9._~-]{1,10}"), 0..4)
            .prop_map(|segments| format!("/{}", segments.join("/"))),
        proptest::collection::vec((re("[a-z]{1,6}"), re("[A-Za-z0-9._~-]{0,8}")), 0..4),
        proptest::collection::vec((re("[a-z][a-z0-9-]{0,12}"), header_value()), 0..5),
        body_part(Sizes::default().max_text),
        select(METHODS),
    )
}

fn body_fields(body: BodyPart) -> (Value, bool) {
    match body {
        BodyPart::None => (Value::Null, false),
        BodyPart::Text(text) => (Value::String(text), false),
        BodyPart::Binary(bytes) => (Value::String(base64(&bytes)), true),
    }
}

/// An HTTP API (or function URL) payload 2.0 event.
fn v2_event(function_url: bool, parts: HttpParts, request_id: String) -> Value {
    let (path, query, headers, body, method) = parts;
    let raw_query = query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut single_query: Map<String, Value> = Map::new();
    for (k, v) in &query {
        let joined = match single_query.get(k).and_then(Value::as_str) {
            Some(before) => format!("{before},{v}"),
            None => v.clone(),
        };
        single_query.insert(k.clone(), Value::String(joined));
    }
    let header_map: Map<String, Value> = headers
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let domain = if function_url {
        "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-west-2.on.aws"
    } else {
        "id.execute-api.us-west-2.amazonaws.com"
    };
    let (body, is_base64) = body_fields(body);
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": raw_query,
        "headers": header_map,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "id",
            "domainName": domain,
            "domainPrefix": "id",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.1",
                "userAgent": "agent"
            },
            "requestId": request_id,
            "routeKey": "$default",
            "stage": "$default",
            "time": "12/Mar/2020:19:03:58 +0000",
            "timeEpoch": 1583348638390_u64
        },
        "isBase64Encoded": is_base64
    });
    if let Some(top) = top_mut(&mut event) {
        // Payload 2.0 leaves out what is empty.
        if !single_query.is_empty() {
            top.insert("queryStringParameters".into(), Value::Object(single_query));
        }
        if !body.is_null() {
            top.insert("body".into(), body);
        }
    }
    event
}

/// An ALB target event, with or without multi-value headers.
fn alb_event(multi_value: bool, parts: HttpParts) -> Value {
    let (path, query, headers, body, method) = parts;
    let (body, is_base64) = body_fields(body);
    let mut event = json!({
        "requestContext": {
            "elb": {
                "targetGroupArn": "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/lambda-279XGJDqGZ5rsrHC2Fjr/49e9d65c45c6791a"
            }
        },
        "httpMethod": method,
        "path": path,
        "body": if body.is_null() { Value::String(String::new()) } else { body },
        "isBase64Encoded": is_base64
    });
    if let Some(top) = top_mut(&mut event) {
        if multi_value {
            let mut q: Map<String, Value> = Map::new();
            for (k, v) in query {
                push_multi(&mut q, k, v);
            }
            let mut h: Map<String, Value> = Map::new();
            for (k, v) in headers {
                push_multi(&mut h, k, v);
            }
            top.insert("multiValueQueryStringParameters".into(), Value::Object(q));
            top.insert("multiValueHeaders".into(), Value::Object(h));
        } else {
            let q: Map<String, Value> = query
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            let h: Map<String, Value> = headers
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            top.insert("queryStringParameters".into(), Value::Object(q));
            top.insert("headers".into(), Value::Object(h));
        }
    }
    event
}

fn push_multi(map: &mut Map<String, Value>, key: String, value: String) {
    match map.get_mut(&key) {
        Some(Value::Array(values)) => values.push(Value::String(value)),
        _ => {
            map.insert(key, json!([value]));
        }
    }
}

/// The JSON of an HTTP event of any of the four shapes a [`Request`] reads:
/// REST proxy (half the cases), HTTP API 2.0, function URL, ALB (with or
/// without multi-value headers).
pub fn http_event_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => rest_event_json().boxed(),
        1 => (http_parts(), uuid()).prop_map(|(parts, id)| v2_event(false, parts, id)).boxed(),
        1 => (http_parts(), uuid()).prop_map(|(parts, id)| v2_event(true, parts, id)).boxed(),
        1 => (http_parts(), any::<bool>()).prop_map(|(parts, multi)| alb_event(multi, parts)).boxed(),
    ]
}

/// A [`Request`] read from [`http_event_json`].
pub fn http_event() -> impl Strategy<Value = Request> {
    http_event_json().prop_map(parse_request)
}

#[cfg(feature = "client")]
mod http;
#[cfg(feature = "client")]
pub use http::{http_request, http_request_for};

// ---------------------------------------------------------------------------
// `any_event::<T>()`

/// Event types with a strategy: this crate's stand-in for proptest's
/// `Arbitrary`, which cannot be implemented here for types of chalice-events.
pub trait ArbitraryEvent: Sized + fmt::Debug {
    /// The strategy for this type, e.g. [`sqs_event`] for [`SQSEvent`].
    fn arbitrary_event() -> BoxedStrategy<Self>;
}

/// The strategy for any event type, as `proptest::arbitrary::any` is for
/// types implementing `Arbitrary`:
///
/// ```
/// use chalice_events::S3Event;
/// use chalice_testing::strategies::any_event;
/// use proptest::prelude::*;
///
/// proptest!(ProptestConfig::with_cases(8), |(event in any_event::<S3Event>())| {
///     prop_assert_eq!(event.records().len(), 1);
/// });
/// ```
pub fn any_event<T: ArbitraryEvent>() -> BoxedStrategy<T> {
    T::arbitrary_event()
}

macro_rules! arbitrary_event {
    ($($ty:ty => $strategy:expr),* $(,)?) => {
        $(
            impl ArbitraryEvent for $ty {
                fn arbitrary_event() -> BoxedStrategy<Self> {
                    $strategy.boxed()
                }
            }
        )*
    };
}

arbitrary_event!(
    S3Event => s3_event(),
    SNSEvent => sns_event(),
    SQSEvent => sqs_event(),
    CloudWatchEvent => cloudwatch_event(),
    KinesisEvent => kinesis_event(),
    DynamoDBEvent => dynamodb_event(),
    WebsocketEvent => websocket_event(),
    AuthRequest => auth_request(),
    Request => http_event(),
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_are_read_from_templates() {
        assert_eq!(captures("/users/{id}/orders/{order}"), ["id", "order"]);
        assert_eq!(captures("/{proxy+}"), ["proxy"]);
        assert!(captures("/").is_empty());
    }
}
