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
mod apigateway;
mod authorizer;
mod cloudwatch;
mod dynamodb;
mod kinesis;
mod s3;
mod sns;
mod sqs;
mod websocket;

pub use apigateway::*;
pub use authorizer::*;
pub use cloudwatch::*;
pub use dynamodb::*;
pub use kinesis::*;
pub use s3::*;
pub use sns::*;
pub use sqs::*;
pub use websocket::*;

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
