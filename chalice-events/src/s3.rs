//! Amazon S3 event notifications: [`S3Event`] and its [`S3Record`]s.
//!
//! # What is refused
//!
//! An event is refused only without what Chalice reads: at least one
//! record, each with `s3.bucket.name` and `s3.object.key` as strings.
//! Everything else is accepted, kept as it came, and read by its accessor:
//!
//! | the record has | the accessor gives |
//! |---|---|
//! | no `size` or `eTag` (deletions), or `null` | [`size`](S3Record::size), [`etag`](S3Record::etag): `None` |
//! | a `size` that is not a byte count, or an `eTag` that is not a string | the same `None` |
//! | no `eventName` or `eventTime`, or not a string | [`event_name`](S3Record::event_name), [`event_time`](S3Record::event_time): `""` |
//!
//! The notification S3 sends to test a destination,
//! `{"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": ...}`, has
//! no `Records` and names no object. S3 sends it to SQS queues and SNS
//! topics only (for a Lambda destination it checks the permission and
//! invokes nothing), so it arrives as the text of an
//! [`SQSRecord`](crate::SQSRecord) body or an
//! [`SNSRecord`](crate::SNSRecord) message, both accepted; given as an
//! `S3Event` it is refused (`missing field Records`).

use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::json;

use crate::drift::Known;
use crate::raw::{self, Cx, Fields, Raw, Scanner, Stop, Text};
use crate::records::{event_record, records_event, Envelope};
use crate::wire;
use crate::LambdaContext;

/// An S3 event notification, as `on_s3_event` handlers receive it.
///
/// S3 delivers one record per notification, and Chalice reads only the first:
/// [`bucket`](S3Event::bucket) and [`key`](S3Event::key) come from it.
/// [`records`](S3Event::records) gives every record for the rare hand-made
/// batch.
///
/// ```
/// use chalice_events::{s3::S3Event, Event};
///
/// let event = S3Event::builder().bucket("photos").key("2024/a b.jpg").build();
/// assert_eq!(event.bucket(), "photos");
/// assert_eq!(event.key(), "2024/a b.jpg");
/// // The wire form holds the key as S3 writes it, URL-encoded.
/// assert_eq!(event.records()[0].raw_key(), "2024/a+b.jpg");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct S3Event {
    envelope: Envelope<S3Record>,
    context: Option<Box<LambdaContext>>,
}

/// One record of an [`S3Event`]: one object that was created, removed,
/// restored, replicated or transitioned.
#[derive(Clone)]
pub struct S3Record {
    raw: Raw,
    fields: S3Fields,
}

/// What the accessors of an [`S3Record`] read, located by the fast path.
#[derive(Debug, Clone, Default)]
pub(crate) struct S3Fields {
    event_name: Option<Text>,
    event_time: Option<Text>,
    s3: Option<S3Entity>,
}

/// The record's `s3` object.
#[derive(Debug, Clone, Default)]
struct S3Entity {
    bucket: Option<Option<Text>>,
    object: Option<S3Object>,
}

/// `s3.bucket`, of which only the name is read.
#[derive(Debug, Clone, Default)]
struct S3Bucket {
    name: Option<Text>,
}

/// `s3.object`.
#[derive(Debug, Clone, Default)]
struct S3Object {
    key: Option<Text>,
    size: Option<u64>,
    etag: Option<Text>,
}

/// The reader of an [`S3Record`].
impl Fields for S3Fields {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
    const KNOWN: Known = Known::Object(&[
        ("eventVersion", Known::Leaf),
        ("eventSource", Known::Leaf),
        ("awsRegion", Known::Leaf),
        ("eventTime", Known::Leaf),
        ("eventName", Known::Leaf),
        (
            "userIdentity",
            Known::Object(&[("principalId", Known::Leaf)]),
        ),
        (
            "requestParameters",
            Known::Object(&[("sourceIPAddress", Known::Leaf)]),
        ),
        (
            "responseElements",
            Known::Object(&[
                ("x-amz-request-id", Known::Leaf),
                ("x-amz-id-2", Known::Leaf),
            ]),
        ),
        (
            "s3",
            Known::Object(&[
                ("s3SchemaVersion", Known::Leaf),
                ("configurationId", Known::Leaf),
                (
                    "bucket",
                    Known::Object(&[
                        ("name", Known::Leaf),
                        (
                            "ownerIdentity",
                            Known::Object(&[("principalId", Known::Leaf)]),
                        ),
                        ("arn", Known::Leaf),
                    ]),
                ),
                (
                    "object",
                    Known::Object(&[
                        ("key", Known::Leaf),
                        ("size", Known::Leaf),
                        ("eTag", Known::Leaf),
                        ("versionId", Known::Leaf),
                        ("sequencer", Known::Leaf),
                    ]),
                ),
            ]),
        ),
        ("glacierEventData", Known::Leaf),
        ("intelligentTieringEventData", Known::Leaf),
        ("replicationEventData", Known::Leaf),
        ("lifecycleEventData", Known::Leaf),
    ]);

    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "eventName" => self.event_name = cx.any_str(r)?,
            "eventTime" => self.event_time = cx.any_str(r)?,
            "s3" => self.s3 = Some(cx.object(r)?),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([("s3", self.s3.is_some())])
    }
}

impl Fields for S3Entity {
    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "bucket" => self.bucket = Some(cx.object::<S3Bucket>(r)?.name),
            "object" => self.object = Some(cx.object(r)?),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([
            ("bucket", self.bucket.is_some()),
            ("object", self.object.is_some()),
        ])
    }
}

impl Fields for S3Bucket {
    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "name" => self.name = Some(cx.str(r)?),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([("name", self.name.is_some())])
    }
}

impl Fields for S3Object {
    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "key" => self.key = Some(cx.str(r)?),
            // Delete notifications carry neither size nor eTag.
            "size" => {
                self.size = match cx.any_kind(r)? {
                    raw::Got::Number(size) => size.as_u64(),
                    _ => None,
                }
            }
            "eTag" => self.etag = cx.any_str(r)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([("key", self.key.is_some())])
    }
}

impl S3Event {
    /// A builder for a fake S3 event, in the shape Chalice's test client uses.
    pub fn builder() -> S3EventBuilder {
        S3EventBuilder::default()
    }

    /// Name of the bucket of the first record, e.g. `"photos"`.
    pub fn bucket(&self) -> &str {
        self.first().map_or("", S3Record::bucket)
    }

    /// Key of the object of the first record, URL-decoded as Chalice decodes it,
    /// e.g. `"2024/a b.jpg"` for the `"2024/a+b.jpg"` that S3 sends.
    pub fn key(&self) -> Cow<'_, str> {
        self.first().map_or(Cow::Borrowed(""), S3Record::key)
    }

    fn first(&self) -> Option<&S3Record> {
        self.envelope.records.first()
    }
}

records_event!(
    S3Event,
    S3Record,
    "S3Event",
    at_least_one = "an S3 notification holds at least one record"
);

event_record!(
    S3Record,
    S3Fields,
    "S3Record",
    /// When `s3.bucket.name` or `s3.object.key` is missing or not a string
    /// (see the [module documentation](self)).
);

impl S3Record {
    /// Name of the bucket, e.g. `"photos"`.
    pub fn bucket(&self) -> &str {
        let name = self.s3().and_then(|s3| s3.bucket.as_ref());
        name.map_or("", |name| self.raw.str(name))
    }

    /// Key of the object, URL-decoded as Python's `unquote_plus` decodes it:
    /// `+` becomes a space, `%XX` escapes are read as UTF-8 and invalid
    /// sequences become U+FFFD. For `"uploads/my+report%20final.txt"` this is
    /// `"uploads/my report final.txt"`.
    ///
    /// Borrows when the key holds nothing to decode.
    pub fn key(&self) -> Cow<'_, str> {
        wire::unquote_plus(self.raw_key())
    }

    /// Key of the object exactly as S3 sends it, URL-encoded, e.g.
    /// `"uploads/my+report%20final.txt"`.
    pub fn raw_key(&self) -> &str {
        self.object().map_or("", |object| self.raw.str(&object.key))
    }

    /// What happened to the object, without the `s3:` prefix of the
    /// notification configuration, e.g. `"ObjectCreated:Put"`.
    pub fn event_name(&self) -> &str {
        self.raw.str(&self.fields.event_name)
    }

    /// Size of the object in bytes, e.g. `1024`; `None` for removals, whose
    /// notifications carry no size.
    pub fn size(&self) -> Option<u64> {
        self.object()?.size
    }

    /// Entity tag of the object, e.g. `"d41d8cd98f00b204e9800998ecf8427e"`;
    /// `None` for removals.
    pub fn etag(&self) -> Option<&str> {
        let etag = self.object()?.etag.as_ref()?;
        Some(etag.get(&self.raw))
    }

    /// When S3 finished the request, ISO 8601 in UTC, e.g.
    /// `"2018-05-22T04:41:23.823Z"`. Kept as text, as Chalice keeps times.
    pub fn event_time(&self) -> &str {
        self.raw.str(&self.fields.event_time)
    }

    fn s3(&self) -> Option<&S3Entity> {
        self.fields.s3.as_ref()
    }

    fn object(&self) -> Option<&S3Object> {
        self.s3()?.object.as_ref()
    }
}

/// What S3 leaves unescaped in the keys of its notifications: the unreserved
/// characters of RFC 3986, and `/` so that prefixes stay readable. (This is
/// also Python's `quote_plus(key, safe="/")`.)
const KEY_UNESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Encodes a key the way S3 writes it into notifications: a space becomes `+`
/// (and so a literal `+` must become `%2B`), other reserved and non-ASCII bytes
/// become `%XX`.
fn quote_plus(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for (i, piece) in key.split(' ').enumerate() {
        if i > 0 {
            out.push('+');
        }
        out.extend(utf8_percent_encode(piece, KEY_UNESCAPED));
    }
    out
}

/// Builds an [`S3Event`] in the shape Chalice's `generate_s3_event` produces:
/// one record, region `us-west-2`, event `ObjectCreated:Put`.
///
/// Unlike the Chalice generator, [`key`](S3EventBuilder::key) URL-encodes the
/// key as S3 does, so that [`S3Event::key`] gives it back unchanged; use
/// [`encoded_key`](S3EventBuilder::encoded_key) to place a key verbatim.
///
/// The bucket, key, event name, size and entity tag set here are those of
/// that record. For more records, [`record`](S3EventBuilder::record) adds
/// [`S3RecordBuilder`]s, whose unset parts take the values set here:
///
/// ```
/// use chalice_events::s3::{S3Event, S3Record};
/// use chalice_events::Event;
///
/// let event = S3Event::builder()
///     .bucket("photos")
///     .record(S3Record::builder().key("2024/a.jpg").size(1024))
///     .record(S3Record::builder().key("2024/b.jpg").event_name("ObjectRemoved:Delete"))
///     .build();
/// let records = event.records();
/// assert_eq!((records[0].bucket(), records[0].key().as_ref()), ("photos", "2024/a.jpg"));
/// assert_eq!(records[0].size(), Some(1024));
/// assert_eq!(records[1].event_name(), "ObjectRemoved:Delete");
/// ```
///
/// Each record gets ids of its own, from its position `i` (from 0), the
/// same on every build:
///
/// | field | default |
/// |---|---|
/// | `s3.object.sequencer` | 18 hex digits counting up from `005B039F73C627CE8B` (Chalice's) |
/// | `responseElements.x-amz-request-id` | 16 hex digits counting up from `C3D13FE58DE4C810` |
/// | `s3.object.eTag` | `d41d8cd98f00b204e9800998ecf8427e` (the MD5 of no bytes, as the default size is 0) |
#[derive(Debug, Clone)]
pub struct S3EventBuilder {
    bucket: String,
    encoded_key: String,
    event_name: String,
    size: u64,
    etag: String,
    records: Vec<S3RecordBuilder>,
}

impl Default for S3EventBuilder {
    fn default() -> Self {
        S3EventBuilder {
            bucket: "bucket-name".to_string(),
            encoded_key: "key-name".to_string(),
            event_name: "ObjectCreated:Put".to_string(),
            size: 0,
            etag: "d41d8cd98f00b204e9800998ecf8427e".to_string(),
            records: Vec::new(),
        }
    }
}

impl S3EventBuilder {
    /// The bucket the object is in (default `bucket-name`).
    pub fn bucket(mut self, bucket: impl Into<String>) -> Self {
        self.bucket = bucket.into();
        self
    }

    /// The key of the object, as the user sees it (default `key-name`). It is
    /// URL-encoded the way S3 encodes it: `"a b+c.txt"` is sent as `"a+b%2Bc.txt"`.
    pub fn key(mut self, key: impl AsRef<str>) -> Self {
        self.encoded_key = quote_plus(key.as_ref());
        self
    }

    /// The key exactly as it should appear in the event, already URL-encoded
    /// (this is what Chalice's generator does with its `key` argument).
    pub fn encoded_key(mut self, key: impl Into<String>) -> Self {
        self.encoded_key = key.into();
        self
    }

    /// What happened to the object (default `ObjectCreated:Put`).
    pub fn event_name(mut self, name: impl Into<String>) -> Self {
        self.event_name = name.into();
        self
    }

    /// Size of the object in bytes (default `0`, as in Chalice's generator).
    pub fn size(mut self, size: u64) -> Self {
        self.size = size;
        self
    }

    /// Entity tag of the object (default `d41d8cd98f00b204e9800998ecf8427e`).
    pub fn etag(mut self, etag: impl Into<String>) -> Self {
        self.etag = etag.into();
        self
    }

    /// Adds a record described by `record`; the event then holds the
    /// records added this way instead of the one described by the calls
    /// above, whose values fill what each record leaves unset.
    pub fn record(mut self, record: S3RecordBuilder) -> Self {
        self.records.push(record);
        self
    }

    /// The event.
    pub fn build(mut self) -> S3Event {
        let records = match std::mem::take(&mut self.records) {
            added if added.is_empty() => vec![S3RecordBuilder::default()],
            added => added,
        };
        let records = records
            .into_iter()
            .enumerate()
            .map(|(i, record)| S3Record::from_map(record.into_map(i, &self)))
            .collect();
        S3Event::from_records(records)
    }
}

/// One record of an [`S3EventBuilder`], from [`S3Record::builder`]. What it
/// does not set is taken from the event builder.
#[derive(Debug, Clone, Default)]
pub struct S3RecordBuilder {
    bucket: Option<String>,
    encoded_key: Option<String>,
    event_name: Option<String>,
    size: Option<u64>,
    etag: Option<String>,
}

impl S3Record {
    /// A builder for one record of a fake S3 event, to pass to
    /// [`S3EventBuilder::record`].
    pub fn builder() -> S3RecordBuilder {
        S3RecordBuilder::default()
    }
}

impl S3RecordBuilder {
    /// The bucket the object is in.
    pub fn bucket(mut self, bucket: impl Into<String>) -> Self {
        self.bucket = Some(bucket.into());
        self
    }

    /// The key of the object as the user sees it, URL-encoded as S3 does
    /// (see [`S3EventBuilder::key`]).
    pub fn key(mut self, key: impl AsRef<str>) -> Self {
        self.encoded_key = Some(quote_plus(key.as_ref()));
        self
    }

    /// The key exactly as it should appear in the event, already URL-encoded.
    pub fn encoded_key(mut self, key: impl Into<String>) -> Self {
        self.encoded_key = Some(key.into());
        self
    }

    /// What happened to the object, e.g. `ObjectRemoved:Delete`.
    pub fn event_name(mut self, name: impl Into<String>) -> Self {
        self.event_name = Some(name.into());
        self
    }

    /// Size of the object in bytes.
    pub fn size(mut self, size: u64) -> Self {
        self.size = Some(size);
        self
    }

    /// Entity tag of the object.
    pub fn etag(mut self, etag: impl Into<String>) -> Self {
        self.etag = Some(etag.into());
        self
    }

    /// The record at position `i`, its unset parts taken from `event`.
    fn into_map(
        self,
        i: usize,
        event: &S3EventBuilder,
    ) -> serde_json::Map<String, serde_json::Value> {
        let bucket = self.bucket.unwrap_or_else(|| event.bucket.clone());
        // S3 numbers the events of one key in increasing sequencer order;
        // counting up keeps a batch in that order.
        let sequencer = format!("{:018X}", 0x5B03_9F73_C627_CE8B_u128 + i as u128);
        let request_id = format!("{:016X}", 0xC3D1_3FE5_8DE4_C810_u64 + i as u64);
        wire::into_object(json!({
            "awsRegion": "us-west-2",
            "eventName": self.event_name.unwrap_or_else(|| event.event_name.clone()),
            "eventSource": "aws:s3",
            "eventTime": "2018-05-22T04:41:23.823Z",
            "eventVersion": "2.0",
            "requestParameters": {"sourceIPAddress": "1.1.1.1"},
            "responseElements": {"x-amz-id-2": "request-id-2", "x-amz-request-id": request_id},
            "s3": {
                "bucket": {
                    "arn": format!("arn:aws:s3:::{bucket}"),
                    "name": bucket,
                    "ownerIdentity": {"principalId": "ABCD"}
                },
                "configurationId": "config-id",
                "object": {
                    "eTag": self.etag.unwrap_or_else(|| event.etag.clone()),
                    "key": self.encoded_key.unwrap_or_else(|| event.encoded_key.clone()),
                    "sequencer": sequencer,
                    "size": self.size.unwrap_or(event.size)
                },
                "s3SchemaVersion": "1.0"
            },
            "userIdentity": {"principalId": "AWS:XYZ"}
        }))
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for S3Event {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let bucket: String = u.arbitrary()?;
        let key: String = u.arbitrary()?;
        let event_name: String = u.arbitrary()?;
        let size: u64 = u.arbitrary()?;
        Ok(S3Event::builder()
            .bucket(bucket)
            .key(key)
            .event_name(event_name)
            .size(size)
            .build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_fixtures_round_trip;
    use crate::Event;
    use serde_json::Value;

    #[test]
    fn every_fixture_parses_and_round_trips() {
        for (name, event) in assert_fixtures_round_trip::<S3Event>("s3") {
            assert!(!event.bucket().is_empty(), "{name}");
        }
    }

    const ENCODED: &str = r#"{"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3",
        "awsRegion": "us-west-2", "eventTime": "2026-11-24T10:00:00.000Z", "eventName": "ObjectCreated:Put",
        "s3": {"bucket": {"name": "refapp-bucket", "arn": "arn:aws:s3:::refapp-bucket"},
               "object": {"key": "uploads/my+report%20final.txt", "size": 1024, "eTag": "e", "extra": null}}},
        {"eventTime": "t", "eventName": "ObjectRemoved:Delete",
         "s3": {"bucket": {"name": "b2"}, "object": {"key": "uploads/%E6%97%A5%E6%9C%AC/caf%C3%A9.txt"}}}],
        "topLevelExtra": [null]}"#;

    #[test]
    fn reads_the_first_record_and_decodes_keys() {
        let event = S3Event::from_str(ENCODED).unwrap();
        assert_eq!(event.bucket(), "refapp-bucket");
        assert_eq!(event.key(), "uploads/my report final.txt");
        let second = &event.records()[1];
        assert_eq!(second.bucket(), "b2");
        assert_eq!(second.key(), "uploads/日本/café.txt");
        assert_eq!(second.event_name(), "ObjectRemoved:Delete");
        assert_eq!(second.size(), None);
        assert_eq!(second.etag(), None);
        assert_eq!(event.records()[0].size(), Some(1024));
        assert_eq!(event.records()[0].etag(), Some("e"));
        assert_eq!(event.records()[0].event_time(), "2026-11-24T10:00:00.000Z");
        let original: Value = serde_json::from_str(ENCODED).unwrap();
        assert_eq!(event.to_dict(), original);
    }

    #[test]
    fn keys_decode_like_unquote_plus() {
        let cases = [
            ("file+with+spaces", "file with spaces"),
            ("%E2%9C%93", "✓"),
            ("a%2Bb", "a+b"),
            ("plain/key.txt", "plain/key.txt"),
            // Malformed escapes stay as they are; invalid UTF-8 becomes U+FFFD.
            ("100%", "100%"),
            ("%zz%4", "%zz%4"),
            ("bad%FFbyte", "bad\u{FFFD}byte"),
            ("cut%E2%9C", "cut\u{FFFD}"),
        ];
        for (raw, decoded) in cases {
            assert_eq!(wire::unquote_plus(raw), decoded, "{raw}");
        }
        assert!(matches!(wire::unquote_plus("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn builder_encodes_keys_as_s3_does() {
        for key in ["a b.txt", "a+b c/d(1)=é✓.jpg", "", "~/._-", "100%"] {
            let event = S3Event::builder().key(key).build();
            assert_eq!(event.key(), key);
        }
        let event = S3Event::builder().key("a b+c/d(1).txt").build();
        assert_eq!(event.records()[0].raw_key(), "a+b%2Bc/d%281%29.txt");
    }

    #[test]
    fn builder_matches_chalice_generator_and_parses_back() {
        let event = S3Event::builder()
            .bucket("b")
            .encoded_key("k")
            .event_name("ObjectCreated:Put")
            .build();
        let expected = json!({"Records": [{"awsRegion": "us-west-2", "eventName": "ObjectCreated:Put",
            "eventSource": "aws:s3", "eventTime": "2018-05-22T04:41:23.823Z", "eventVersion": "2.0",
            "requestParameters": {"sourceIPAddress": "1.1.1.1"},
            "responseElements": {"x-amz-id-2": "request-id-2", "x-amz-request-id": "C3D13FE58DE4C810"},
            "s3": {"bucket": {"arn": "arn:aws:s3:::b", "name": "b", "ownerIdentity": {"principalId": "ABCD"}},
                   "configurationId": "config-id",
                   "object": {"eTag": "d41d8cd98f00b204e9800998ecf8427e", "key": "k",
                              "sequencer": "005B039F73C627CE8B", "size": 0},
                   "s3SchemaVersion": "1.0"},
            "userIdentity": {"principalId": "AWS:XYZ"}}]});
        assert_eq!(event.to_dict(), expected);
        let built = S3Event::builder().bucket("b").key("a b.txt").build();
        let again = S3Event::from_value(built.to_dict()).unwrap();
        assert_eq!(again.to_dict(), built.to_dict());
        assert_eq!(again.key(), "a b.txt");
    }

    #[test]
    fn builder_records_take_their_own_values_and_the_events_for_the_rest() {
        let event = S3Event::builder()
            .bucket("shared")
            .size(5)
            .record(S3Record::builder())
            .record(
                S3Record::builder()
                    .bucket("own")
                    .key("a b.txt")
                    .event_name("ObjectRemoved:Delete")
                    .size(7)
                    .etag("e7"),
            )
            .record(S3Record::builder().encoded_key("raw%20key"))
            .build();
        let dict = event.to_dict();
        // (record, JSON pointer in the record, value)
        let table = [
            (0, "/s3/bucket/name", json!("shared")),
            (0, "/s3/bucket/arn", json!("arn:aws:s3:::shared")),
            (0, "/s3/object/key", json!("key-name")),
            (0, "/s3/object/size", json!(5)),
            (
                0,
                "/s3/object/eTag",
                json!("d41d8cd98f00b204e9800998ecf8427e"),
            ),
            (0, "/eventName", json!("ObjectCreated:Put")),
            (0, "/s3/object/sequencer", json!("005B039F73C627CE8B")),
            (
                0,
                "/responseElements/x-amz-request-id",
                json!("C3D13FE58DE4C810"),
            ),
            (1, "/s3/bucket/name", json!("own")),
            (1, "/s3/bucket/arn", json!("arn:aws:s3:::own")),
            (1, "/s3/object/key", json!("a+b.txt")),
            (1, "/s3/object/size", json!(7)),
            (1, "/s3/object/eTag", json!("e7")),
            (1, "/eventName", json!("ObjectRemoved:Delete")),
            (1, "/s3/object/sequencer", json!("005B039F73C627CE8C")),
            (
                1,
                "/responseElements/x-amz-request-id",
                json!("C3D13FE58DE4C811"),
            ),
            (2, "/s3/object/key", json!("raw%20key")),
            (2, "/s3/object/sequencer", json!("005B039F73C627CE8D")),
        ];
        for (i, pointer, expected) in table {
            let got = dict["Records"][i].pointer(pointer);
            assert_eq!(got, Some(&expected), "{i} {pointer}");
        }
        let again = S3Event::from_value(dict.clone()).unwrap();
        assert_eq!(again.to_dict(), dict);
        assert_eq!(again.records()[1].key(), "a b.txt");
        assert_eq!(again.records()[2].key(), "raw key");
        // Without `record`, the one record the calls describe.
        let one = S3Event::builder().etag("e").build();
        assert_eq!(one.records().len(), 1);
        assert_eq!(one.records()[0].etag(), Some("e"));
    }

    #[test]
    fn errors_name_the_field() {
        let err = S3Event::from_str(
            r#"{"Records": [{"eventName": "x", "eventTime": "t", "s3": {"bucket": {"name": 5}}}]}"#,
        )
        .unwrap_err();
        insta::assert_snapshot!(err, @"S3Event: field `Records[0].s3.bucket.name` should be a string, found a number");
        let err = S3Event::from_str(
            r#"{"Records": [{"eventName": "x", "eventTime": "t", "s3": {"bucket": {"name": "b"}, "object": {}}}]}"#,
        )
        .unwrap_err();
        insta::assert_snapshot!(err, @"S3Event: missing field `Records[0].s3.object.key`");
        let err = S3Event::from_str(r#"{"Records": []}"#).unwrap_err();
        insta::assert_snapshot!(err, @"S3Event: field `Records` is invalid: an S3 notification holds at least one record");
    }

    /// Each row of the module's "What is refused" table, on raw JSON.
    #[test]
    fn lenient_cases_are_kept_and_read_by_their_accessor() {
        let cases = [
            (
                r#"{"key": "k"}"#,
                r#""eventName": "ObjectRemoved:Delete", "eventTime": "t""#,
            ),
            (
                r#"{"key": "k", "size": null, "eTag": null}"#,
                r#""eventName": null"#,
            ),
            (
                r#"{"key": "k", "size": -1, "eTag": 5}"#,
                r#""eventTime": 7"#,
            ),
            (r#"{"key": "k", "size": 1.5}"#, ""),
        ];
        for (object, extra) in cases {
            let text = format!(
                r#"{{"Records": [{{"s3": {{"bucket": {{"name": "b"}}, "object": {object}}}, "x": 1{}{extra}}}]}}"#,
                if extra.is_empty() { "" } else { ", " }
            );
            let event = S3Event::from_str(&text).unwrap();
            let record = &event.records()[0];
            assert_eq!((record.size(), record.etag()), (None, None), "{text}");
            assert_eq!(event.key(), "k");
            assert_eq!(
                event.to_dict(),
                serde_json::from_str::<serde_json::Value>(&text).unwrap()
            );
        }
        let event = S3Event::from_str(
            r#"{"Records": [{"s3": {"bucket": {"name": "b"}, "object": {"key": "k"}}}]}"#,
        )
        .unwrap();
        assert_eq!(
            (
                event.records()[0].event_name(),
                event.records()[0].event_time()
            ),
            ("", "")
        );
    }

    #[test]
    fn the_test_event_is_a_queue_or_topic_message_not_an_s3_event() {
        let test_event = r#"{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2014-10-13T15:57:02.089Z","Bucket":"bucketname","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}"#;
        let err = S3Event::from_str(test_event).unwrap_err();
        assert_eq!(err.to_string(), "S3Event: missing field `Records`");
        let body = serde_json::to_string(test_event).unwrap();
        let sqs = format!(
            r#"{{"Records": [{{"messageId": "m", "receiptHandle": "h", "body": {body}}}]}}"#
        );
        let event = crate::SQSEvent::from_str(&sqs).unwrap();
        assert_eq!(event.records()[0].body(), test_event);
        let sns = format!(
            r#"{{"Records": [{{"Sns": {{"Message": {body}, "Subject": "Amazon S3 Notification"}}}}]}}"#
        );
        let event = crate::SNSEvent::from_str(&sns).unwrap();
        let message: serde_json::Value = event.json_message().unwrap();
        assert_eq!(message["Event"], "s3:TestEvent");
        assert_eq!(
            event.to_dict(),
            serde_json::from_str::<serde_json::Value>(&sns).unwrap()
        );
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_events_round_trip() {
        let pairs =
            crate::test_support::assert_arbitrary_round_trip::<S3Event>(0x2545_f491_4f6c_dd1d);
        for (event, again) in pairs {
            assert_eq!(again.key(), event.key());
        }
    }

    #[test]
    fn mutated_fixtures_are_accepted_whole_or_refused_with_a_path() {
        crate::test_support::assert_mutations_are_judged::<S3Event>("s3");
    }
}
