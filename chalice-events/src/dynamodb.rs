//! Amazon DynamoDB Streams records: [`DynamoDBEvent`] and its
//! [`DynamoDBRecord`]s.
//!
//! # What is refused
//!
//! A record is refused only without what a handler cannot do without: a
//! `dynamodb` object with `SequenceNumber` (what a partial batch response
//! names) as a string and `SizeBytes` as a byte count (which
//! [`size_bytes`](DynamoDBRecord::size_bytes) gives as a number). Everything
//! else is accepted, kept as it came, and read by its accessor:
//!
//! | the record has | the accessor gives |
//! |---|---|
//! | no `ApproximateCreationDateTime` (AWS's own samples), `null`, not a number, or out of range | [`timestamp`](DynamoDBRecord::timestamp): `None` |
//! | no `Keys`, `NewImage` or `OldImage` (by the stream's view type), `null` | [`keys`](DynamoDBRecord::keys), [`new_image`](DynamoDBRecord::new_image), [`old_image`](DynamoDBRecord::old_image): `None` |
//! | `Keys`, `NewImage` or `OldImage` that is not an object | the same accessors: the value as it came |
//! | no `StreamViewType`, `awsRegion`, `eventID`, `eventName` or `eventSourceARN`, or not a string | [`stream_view_type`](DynamoDBRecord::stream_view_type), [`aws_region`](DynamoDBRecord::aws_region), [`event_id`](DynamoDBRecord::event_id), [`event_name`](DynamoDBRecord::event_name), [`event_source_arn`](DynamoDBRecord::event_source_arn): `""`, and [`table_name`](DynamoDBRecord::table_name) with it |
//!
//! A batch may hold no record at all: the last invocation of a tumbling
//! window sends `"Records": []` with the window's state.

use chrono::NaiveDateTime;
use serde_json::{json, Map, Value};

use crate::drift::Known;
use crate::kinesis::naive_utc_from_epoch_seconds;
use crate::raw::{self, Cx, Fields, Raw, Scanner, Stop, Text};
use crate::records::{event_record, records_event, Envelope};
use crate::wire;
use crate::LambdaContext;

/// A batch of DynamoDB stream records, as `on_dynamodb_record` handlers
/// receive it.
///
/// Iterating the event yields its records in order. Item images stay in
/// DynamoDB's JSON wire format (`{"S": "foo"}`), as Chalice leaves them.
/// Events of tumbling windows carry more top-level fields (`window`, `state`,
/// `shardId`, ...); they are kept and written back by
/// [`to_dict`](crate::Event::to_dict).
///
/// ```
/// use chalice_events::{dynamodb::DynamoDBEvent, Event};
///
/// let event = DynamoDBEvent::builder().table_name("Orders").build();
/// for record in &event {
///     assert_eq!(record.event_name(), "INSERT");
///     assert_eq!(record.table_name(), "Orders");
///     assert_eq!(record.new_image().unwrap()["Message"]["S"], "New item!");
/// }
/// ```
#[doc(alias = "DynamoDbEvent")]
#[derive(Debug, Clone, PartialEq)]
pub struct DynamoDBEvent {
    envelope: Envelope<DynamoDBRecord>,
    context: Option<Box<LambdaContext>>,
}

/// One record of a [`DynamoDBEvent`]: one change to one item.
#[doc(alias = "DynamoDbRecord")]
#[derive(Clone)]
pub struct DynamoDBRecord {
    raw: Raw,
    fields: DynamoDBFields,
}

/// What the accessors of a [`DynamoDBRecord`] read, located by the fast path.
#[derive(Debug, Clone, Default)]
pub(crate) struct DynamoDBFields {
    dynamodb: Option<StreamRecord>,
    aws_region: Option<Text>,
    event_id: Option<Text>,
    event_name: Option<Text>,
    event_source_arn: Option<Text>,
}

/// The record's `dynamodb` object.
#[derive(Debug, Clone, Default)]
struct StreamRecord {
    created: Option<NaiveDateTime>,
    sequence_number: Option<Text>,
    size_bytes: Option<u64>,
    stream_view_type: Option<Text>,
}

/// The reader of a [`DynamoDBRecord`].
impl Fields for DynamoDBFields {
    // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html
    const KNOWN: Known = Known::Object(&[
        ("eventID", Known::Leaf),
        ("eventName", Known::Leaf),
        ("eventVersion", Known::Leaf),
        ("eventSource", Known::Leaf),
        ("awsRegion", Known::Leaf),
        (
            "dynamodb",
            Known::Object(&[
                ("ApproximateCreationDateTime", Known::Leaf),
                ("ApproximateCreationDateTimePrecision", Known::Leaf),
                ("Keys", Known::Leaf),
                ("NewImage", Known::Leaf),
                ("OldImage", Known::Leaf),
                ("SequenceNumber", Known::Leaf),
                ("SizeBytes", Known::Leaf),
                ("StreamViewType", Known::Leaf),
            ]),
        ),
        ("eventSourceARN", Known::Leaf),
        (
            "userIdentity",
            Known::Object(&[("type", Known::Leaf), ("principalId", Known::Leaf)]),
        ),
    ]);

    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "dynamodb" => self.dynamodb = Some(cx.object(r)?),
            "awsRegion" => self.aws_region = cx.any_str(r)?,
            "eventID" => self.event_id = cx.any_str(r)?,
            "eventName" => self.event_name = cx.any_str(r)?,
            "eventSourceARN" => self.event_source_arn = cx.any_str(r)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([("dynamodb", self.dynamodb.is_some())])
    }
}

impl Fields for StreamRecord {
    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            // Chalice requires the creation time, but AWS's own samples (and
            // Powertools') leave it out, so it is optional here.
            "ApproximateCreationDateTime" => {
                self.created = match cx.any_kind(r)? {
                    raw::Got::Number(seconds) => naive_utc_from_epoch_seconds(&seconds),
                    _ => None,
                }
            }
            "SequenceNumber" => self.sequence_number = Some(cx.str(r)?),
            "SizeBytes" => {
                let size = cx.number(r)?;
                let bytes = size.as_u64();
                let bytes =
                    bytes.ok_or_else(|| cx.invalid(format!("{size} is not a byte count")))?;
                self.size_bytes = Some(bytes);
            }
            "StreamViewType" => self.stream_view_type = cx.any_str(r)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        raw::first_absent([
            ("SequenceNumber", self.sequence_number.is_some()),
            ("SizeBytes", self.size_bytes.is_some()),
        ])
    }
}

impl DynamoDBEvent {
    /// A builder for a fake DynamoDB Streams event: one `INSERT` record.
    pub fn builder() -> DynamoDBEventBuilder {
        DynamoDBEventBuilder::default()
    }
}

records_event!(DynamoDBEvent, DynamoDBRecord, "DynamoDBEvent");

event_record!(
    DynamoDBRecord,
    DynamoDBFields,
    "DynamoDBRecord",
    /// When `dynamodb`, its `SequenceNumber` or its `SizeBytes` is missing
    /// or mistyped (see the [module documentation](self)).
);

impl DynamoDBRecord {
    /// When the change was made, in UTC, to the microsecond:
    /// `1601317140.0` is `2020-09-28 18:19:00`. `None` when the record
    /// carries no `ApproximateCreationDateTime`, or not as a number of
    /// seconds that is a representable time.
    pub fn timestamp(&self) -> Option<NaiveDateTime> {
        self.fields.dynamodb.as_ref()?.created
    }

    /// Primary key of the item, in DynamoDB's wire format, e.g.
    /// `{"Id": {"N": "101"}}`; `None` when absent or `null`.
    pub fn keys(&self) -> Option<&Value> {
        self.dynamodb_value("Keys").filter(|v| !v.is_null())
    }

    /// The item after the change, in DynamoDB's wire format, e.g.
    /// `{"Id": {"N": "101"}, "Message": {"S": "New item!"}}`; `None` for
    /// removals and for streams that do not record new images.
    pub fn new_image(&self) -> Option<&Value> {
        self.dynamodb_value("NewImage").filter(|v| !v.is_null())
    }

    /// The item before the change, in DynamoDB's wire format; `None` for
    /// insertions and for streams that do not record old images.
    pub fn old_image(&self) -> Option<&Value> {
        self.dynamodb_value("OldImage").filter(|v| !v.is_null())
    }

    /// Sequence number of the change in its shard, e.g. `"111"`.
    pub fn sequence_number(&self) -> &str {
        let stream = self.fields.dynamodb.as_ref();
        stream.map_or("", |s| self.raw.str(&s.sequence_number))
    }

    /// Size of the stream record in bytes, e.g. `26`.
    pub fn size_bytes(&self) -> u64 {
        self.fields
            .dynamodb
            .as_ref()
            .and_then(|s| s.size_bytes)
            .unwrap_or(0)
    }

    /// What the stream records of each change, e.g. `"NEW_AND_OLD_IMAGES"`,
    /// `"KEYS_ONLY"`; `""` when the record does not say (as a string).
    pub fn stream_view_type(&self) -> &str {
        let stream = self.fields.dynamodb.as_ref();
        stream.map_or("", |s| self.raw.str(&s.stream_view_type))
    }

    /// Region of the table, e.g. `"us-west-2"`.
    pub fn aws_region(&self) -> &str {
        self.raw.str(&self.fields.aws_region)
    }

    /// Unique id of the record, e.g. `"c4ca4238a0b923820dcc509a6f75849b"`.
    pub fn event_id(&self) -> &str {
        self.raw.str(&self.fields.event_id)
    }

    /// The kind of change: `"INSERT"`, `"MODIFY"` or `"REMOVE"`.
    pub fn event_name(&self) -> &str {
        self.raw.str(&self.fields.event_name)
    }

    /// ARN of the stream, e.g.
    /// `"arn:aws:dynamodb:us-west-2:12345:table/MyTable/stream/2020-09-28T16:49:14.209"`.
    pub fn event_source_arn(&self) -> &str {
        self.raw.str(&self.fields.event_source_arn)
    }

    /// Name of the table, taken from the stream ARN as Chalice takes it:
    /// `"MyTable"` for the ARN above, `""` when the ARN does not have the
    /// `arn:partition:service:region:account:table/NAME/...` shape.
    pub fn table_name(&self) -> &str {
        table_name_from_arn(self.event_source_arn())
    }

    fn dynamodb_value(&self, key: &str) -> Option<&Value> {
        self.raw.as_map().get("dynamodb")?.as_object()?.get(key)
    }
}

/// Chalice's reading of a stream ARN: split on `:` at most five times, which
/// must give six parts, then take the second `/`-separated piece of the last.
fn table_name_from_arn(arn: &str) -> &str {
    let mut parts = arn.splitn(6, ':');
    let Some(resource) = parts.nth(5) else {
        return "";
    };
    resource.split('/').nth(1).unwrap_or("")
}

/// Builds a [`DynamoDBEvent`] holding one stream record, by default the
/// `INSERT` of `{"Id": {"N": "101"}, "Message": {"S": "New item!"}}` into
/// table `MyTable` in `us-west-2`, on a `NEW_AND_OLD_IMAGES` stream.
///
/// Chalice has no generator for this event; the shape is the one DynamoDB
/// Streams sends.
///
/// The change set here is that record's. For a batch of changes,
/// [`record`](DynamoDBEventBuilder::record) adds [`DynamoDBRecordBuilder`]s,
/// whose unset parts take the values set here:
///
/// ```
/// use chalice_events::dynamodb::{DynamoDBEvent, DynamoDBRecord};
/// use chalice_events::Event;
/// use serde_json::json;
///
/// let event = DynamoDBEvent::builder()
///     .table_name("Orders")
///     .record(DynamoDBRecord::builder().keys(json!({"Id": {"S": "1"}})).new_image(Some(json!({"Id": {"S": "1"}}))))
///     .record(
///         DynamoDBRecord::builder()
///             .event_name("REMOVE")
///             .keys(json!({"Id": {"S": "2"}}))
///             .new_image(None)
///             .old_image(Some(json!({"Id": {"S": "2"}}))),
///     )
///     .build();
/// let records = event.records();
/// assert_eq!(records[1].event_name(), "REMOVE");
/// assert_eq!(records[1].new_image(), None);
/// assert_ne!(records[0].sequence_number(), records[1].sequence_number());
/// ```
///
/// Each record gets ids of its own, from its position `i` (from 0), the
/// same on every build:
///
/// | field | default |
/// |---|---|
/// | `eventID` | 32 hex digits counting up from `c4ca4238a0b923820dcc509a6f75849b` |
/// | `dynamodb.SequenceNumber` | `4421584500000000017450439091 + i`, in the order a shard gives its records |
#[derive(Debug, Clone)]
pub struct DynamoDBEventBuilder {
    table_name: String,
    event_name: String,
    keys: Value,
    new_image: Option<Value>,
    old_image: Option<Value>,
    records: Vec<DynamoDBRecordBuilder>,
}

impl Default for DynamoDBEventBuilder {
    fn default() -> Self {
        DynamoDBEventBuilder {
            table_name: "MyTable".to_string(),
            event_name: "INSERT".to_string(),
            keys: json!({"Id": {"N": "101"}}),
            new_image: Some(json!({"Message": {"S": "New item!"}, "Id": {"N": "101"}})),
            old_image: None,
            records: Vec::new(),
        }
    }
}

impl DynamoDBEventBuilder {
    /// The table the stream belongs to (default `MyTable`).
    pub fn table_name(mut self, name: impl Into<String>) -> Self {
        self.table_name = name.into();
        self
    }

    /// The kind of change, `INSERT`, `MODIFY` or `REMOVE` (default `INSERT`).
    /// The images are not adjusted: set them to match.
    pub fn event_name(mut self, name: impl Into<String>) -> Self {
        self.event_name = name.into();
        self
    }

    /// Primary key of the item, in DynamoDB's wire format.
    ///
    /// # Panics
    ///
    /// When `keys` is not a JSON object, which DynamoDB never sends.
    #[track_caller]
    pub fn keys(mut self, keys: Value) -> Self {
        self.keys = expect_object("Keys", keys);
        self
    }

    /// The item after the change, in DynamoDB's wire format; `None` leaves
    /// `NewImage` out, as for a removal.
    ///
    /// # Panics
    ///
    /// When `image` is not a JSON object, which DynamoDB never sends.
    #[track_caller]
    pub fn new_image(mut self, image: Option<Value>) -> Self {
        self.new_image = image.map(|image| expect_object("NewImage", image));
        self
    }

    /// The item before the change, in DynamoDB's wire format; `None` (the
    /// default) leaves `OldImage` out, as for an insertion.
    ///
    /// # Panics
    ///
    /// When `image` is not a JSON object, which DynamoDB never sends.
    #[track_caller]
    pub fn old_image(mut self, image: Option<Value>) -> Self {
        self.old_image = image.map(|image| expect_object("OldImage", image));
        self
    }

    /// Adds a record described by `record`; the event then holds the
    /// records added this way instead of the one described by the calls
    /// above, whose values fill what each record leaves unset.
    pub fn record(mut self, record: DynamoDBRecordBuilder) -> Self {
        self.records.push(record);
        self
    }

    /// The event.
    pub fn build(mut self) -> DynamoDBEvent {
        let records = match std::mem::take(&mut self.records) {
            added if added.is_empty() => vec![DynamoDBRecordBuilder::default()],
            added => added,
        };
        let records = records
            .into_iter()
            .enumerate()
            .map(|(i, record)| DynamoDBRecord::from_map(record.into_map(i, &self)))
            .collect();
        DynamoDBEvent::from_records(records)
    }
}

/// One record of a [`DynamoDBEventBuilder`], from [`DynamoDBRecord::builder`].
/// What it does not set is taken from the event builder.
#[derive(Debug, Clone, Default)]
pub struct DynamoDBRecordBuilder {
    event_name: Option<String>,
    keys: Option<Value>,
    /// `Some(None)`: left out.
    new_image: Option<Option<Value>>,
    old_image: Option<Option<Value>>,
    sequence_number: Option<String>,
}

impl DynamoDBRecord {
    /// A builder for one record of a fake DynamoDB Streams event, to pass
    /// to [`DynamoDBEventBuilder::record`].
    pub fn builder() -> DynamoDBRecordBuilder {
        DynamoDBRecordBuilder::default()
    }
}

impl DynamoDBRecordBuilder {
    /// The kind of change, `INSERT`, `MODIFY` or `REMOVE`; the images are
    /// not adjusted.
    pub fn event_name(mut self, name: impl Into<String>) -> Self {
        self.event_name = Some(name.into());
        self
    }

    /// Primary key of the item, in DynamoDB's wire format.
    ///
    /// # Panics
    ///
    /// When `keys` is not a JSON object, which DynamoDB never sends.
    #[track_caller]
    pub fn keys(mut self, keys: Value) -> Self {
        self.keys = Some(expect_object("Keys", keys));
        self
    }

    /// The item after the change; `None` leaves `NewImage` out.
    ///
    /// # Panics
    ///
    /// When `image` is not a JSON object, which DynamoDB never sends.
    #[track_caller]
    pub fn new_image(mut self, image: Option<Value>) -> Self {
        self.new_image = Some(image.map(|image| expect_object("NewImage", image)));
        self
    }

    /// The item before the change; `None` leaves `OldImage` out.
    ///
    /// # Panics
    ///
    /// When `image` is not a JSON object, which DynamoDB never sends.
    #[track_caller]
    pub fn old_image(mut self, image: Option<Value>) -> Self {
        self.old_image = Some(image.map(|image| expect_object("OldImage", image)));
        self
    }

    /// The sequence number, what a partial batch response names (default:
    /// one of its own, see [`DynamoDBEventBuilder`]).
    pub fn sequence_number(mut self, number: impl Into<String>) -> Self {
        self.sequence_number = Some(number.into());
        self
    }

    /// The record at position `i`, its unset parts taken from `event`.
    fn into_map(self, i: usize, event: &DynamoDBEventBuilder) -> Map<String, Value> {
        let new_image = self.new_image.unwrap_or_else(|| event.new_image.clone());
        let old_image = self.old_image.unwrap_or_else(|| event.old_image.clone());
        let sequence_number = self.sequence_number.unwrap_or_else(|| {
            (4_421_584_500_000_000_017_450_439_091_u128 + i as u128).to_string()
        });
        let mut dynamodb = Map::new();
        dynamodb.insert("ApproximateCreationDateTime".into(), json!(1601317140.0));
        dynamodb.insert(
            "Keys".into(),
            self.keys.unwrap_or_else(|| event.keys.clone()),
        );
        if let Some(image) = new_image {
            dynamodb.insert("NewImage".into(), image);
        }
        if let Some(image) = old_image {
            dynamodb.insert("OldImage".into(), image);
        }
        dynamodb.insert("SequenceNumber".into(), json!(sequence_number));
        dynamodb.insert("SizeBytes".into(), json!(26));
        dynamodb.insert("StreamViewType".into(), json!("NEW_AND_OLD_IMAGES"));
        wire::into_object(json!({
            "eventID": format!("c4ca4238a0b923820dcc509a{:08x}", 0x6f75_849b_u32.wrapping_add(i as u32)),
            "eventName": self.event_name.unwrap_or_else(|| event.event_name.clone()),
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": "us-west-2",
            "dynamodb": dynamodb,
            "eventSourceARN": format!(
                "arn:aws:dynamodb:us-west-2:12345:table/{}/stream/2020-09-28T16:49:14.209",
                event.table_name
            )
        }))
    }
}

#[track_caller]
fn expect_object(field: &str, value: Value) -> Value {
    assert!(
        value.is_object(),
        "DynamoDB `{field}` must be a JSON object, not {}",
        crate::wire::type_name(&value)
    );
    value
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for DynamoDBEvent {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let table: String = u.arbitrary()?;
        let event_name = *u.choose(&["INSERT", "MODIFY", "REMOVE"])?;
        let id: String = u.arbitrary()?;
        let image = |u: &mut arbitrary::Unstructured<'a>| -> arbitrary::Result<Option<Value>> {
            let attributes: Option<Vec<(String, String)>> = u.arbitrary()?;
            Ok(attributes.map(|attributes| {
                let mut item: Map<String, Value> = attributes
                    .into_iter()
                    .map(|(k, v)| (k, json!({"S": v})))
                    .collect();
                item.insert("Id".into(), json!({"S": id.clone()}));
                Value::Object(item)
            }))
        };
        let new_image = image(u)?;
        let old_image = image(u)?;
        Ok(DynamoDBEvent::builder()
            .table_name(table)
            .event_name(event_name)
            .keys(json!({"Id": {"S": id}}))
            .new_image(new_image)
            .old_image(old_image)
            .build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_fixtures_round_trip;
    use crate::Event;
    use chrono::NaiveDate;

    #[test]
    fn every_fixture_parses_and_round_trips() {
        for (name, event) in assert_fixtures_round_trip::<DynamoDBEvent>("dynamodb") {
            assert!(event.iter().all(|r| r.keys().is_some()), "{name}");
        }
    }

    const WINDOWED: &str = r#"{"Records": [
        {"eventID": "1", "eventName": "MODIFY", "eventVersion": "1.0", "eventSource": "aws:dynamodb",
         "awsRegion": "us-west-2",
         "dynamodb": {"ApproximateCreationDateTime": 1601317140.0, "Keys": {"Id": {"N": "101"}},
                      "NewImage": {"Message": {"S": "new"}}, "OldImage": {"Message": {"S": "old"}},
                      "SequenceNumber": "222", "SizeBytes": 59, "StreamViewType": "NEW_AND_OLD_IMAGES"},
         "eventSourceARN": "arn:aws:dynamodb:us-west-2:12345:table/MyTable/stream/2020-09-28T16:49:14.209"},
        {"eventID": "2", "eventName": "REMOVE", "awsRegion": "us-east-1",
         "dynamodb": {"Keys": {"Id": {"N": "1"}}, "SequenceNumber": "333", "SizeBytes": 38,
                      "StreamViewType": "KEYS_ONLY", "NewImage": null},
         "eventSourceARN": "stream-ARN"}],
        "window": {"start": "2020-07-30T17:00:00Z", "end": "2020-07-30T17:05:00Z"},
        "state": {"1": "state1"}, "shardId": "shard123456789", "isFinalInvokeForWindow": false}"#;

    #[test]
    fn accessors_read_the_records() {
        let event = DynamoDBEvent::from_str(WINDOWED).unwrap();
        let records: Vec<_> = event.iter().collect();
        let first = records[0];
        let at = NaiveDate::from_ymd_opt(2020, 9, 28)
            .unwrap()
            .and_hms_opt(18, 19, 0)
            .unwrap();
        assert_eq!(first.timestamp(), Some(at));
        assert_eq!(first.keys(), Some(&json!({"Id": {"N": "101"}})));
        assert_eq!(first.new_image(), Some(&json!({"Message": {"S": "new"}})));
        assert_eq!(first.old_image(), Some(&json!({"Message": {"S": "old"}})));
        assert_eq!(first.sequence_number(), "222");
        assert_eq!(first.size_bytes(), 59);
        assert_eq!(first.stream_view_type(), "NEW_AND_OLD_IMAGES");
        assert_eq!(first.aws_region(), "us-west-2");
        assert_eq!(first.event_id(), "1");
        assert_eq!(first.event_name(), "MODIFY");
        assert_eq!(first.table_name(), "MyTable");
        let second = records[1];
        assert_eq!(second.timestamp(), None);
        assert_eq!(second.new_image(), None);
        assert_eq!(second.old_image(), None);
        assert_eq!(second.table_name(), "");
        assert_eq!(
            event.to_dict(),
            serde_json::from_str::<Value>(WINDOWED).unwrap()
        );
    }

    #[test]
    fn table_names_follow_chalices_split() {
        let cases = [
            (
                "arn:aws:dynamodb:us-west-2:12345:table/MyTable/stream/2020-09-28T16:49:14.209",
                "MyTable",
            ),
            // The sixth part keeps any further colons, as `split(':', 5)` does.
            (
                "arn:aws:dynamodb:us-west-2:12345:table/My:Table/stream/x",
                "My:Table",
            ),
            ("arn:aws:dynamodb:us-west-2:12345:table", ""),
            ("arn:aws:dynamodb:us-west-2:table/T/stream/x", ""),
            ("stream-ARN", ""),
            ("", ""),
            ("a:b:c:d:e:/", ""),
        ];
        for (arn, table) in cases {
            assert_eq!(table_name_from_arn(arn), table, "{arn}");
        }
    }

    #[test]
    fn builder_makes_a_realistic_insert_and_parses_back() {
        let event = DynamoDBEvent::builder().table_name("Orders").build();
        let expected = json!({"Records": [{"eventID": "c4ca4238a0b923820dcc509a6f75849b",
            "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
            "awsRegion": "us-west-2",
            "dynamodb": {"ApproximateCreationDateTime": 1601317140.0, "Keys": {"Id": {"N": "101"}},
                         "NewImage": {"Message": {"S": "New item!"}, "Id": {"N": "101"}},
                         "SequenceNumber": "4421584500000000017450439091", "SizeBytes": 26,
                         "StreamViewType": "NEW_AND_OLD_IMAGES"},
            "eventSourceARN": "arn:aws:dynamodb:us-west-2:12345:table/Orders/stream/2020-09-28T16:49:14.209"}]});
        assert_eq!(event.to_dict(), expected);
        let again = DynamoDBEvent::from_value(event.to_dict()).unwrap();
        assert_eq!(again.to_dict(), expected);
        assert_eq!(again.records()[0].table_name(), "Orders");

        let removal = DynamoDBEvent::builder()
            .event_name("REMOVE")
            .new_image(None)
            .old_image(Some(json!({"Id": {"N": "101"}})))
            .build();
        let record = &removal.records()[0];
        assert_eq!(record.new_image(), None);
        assert_eq!(record.old_image(), Some(&json!({"Id": {"N": "101"}})));
        assert_eq!(
            DynamoDBEvent::from_value(removal.to_dict())
                .unwrap()
                .to_dict(),
            removal.to_dict()
        );
    }

    #[test]
    fn builder_records_take_their_own_values_and_the_events_for_the_rest() {
        let event = DynamoDBEvent::builder()
            .table_name("Orders")
            .event_name("MODIFY")
            .old_image(Some(json!({"Id": {"N": "101"}, "State": {"S": "old"}})))
            .record(DynamoDBRecord::builder())
            .record(
                DynamoDBRecord::builder()
                    .event_name("REMOVE")
                    .keys(json!({"Id": {"S": "x"}}))
                    .new_image(None)
                    .old_image(Some(json!({"Id": {"S": "x"}})))
                    .sequence_number("900"),
            )
            .record(DynamoDBRecord::builder().old_image(None))
            .build();
        let dict = event.to_dict();
        // (record, JSON pointer in the record, value; `None`: absent)
        let table = [
            (0, "/eventName", Some(json!("MODIFY"))),
            (
                0,
                "/eventID",
                Some(json!("c4ca4238a0b923820dcc509a6f75849b")),
            ),
            (0, "/dynamodb/Keys", Some(json!({"Id": {"N": "101"}}))),
            (
                0,
                "/dynamodb/NewImage/Message",
                Some(json!({"S": "New item!"})),
            ),
            (0, "/dynamodb/OldImage/State", Some(json!({"S": "old"}))),
            (
                0,
                "/dynamodb/SequenceNumber",
                Some(json!("4421584500000000017450439091")),
            ),
            (1, "/eventName", Some(json!("REMOVE"))),
            (
                1,
                "/eventID",
                Some(json!("c4ca4238a0b923820dcc509a6f75849c")),
            ),
            (1, "/dynamodb/Keys", Some(json!({"Id": {"S": "x"}}))),
            (1, "/dynamodb/NewImage", None),
            (1, "/dynamodb/OldImage", Some(json!({"Id": {"S": "x"}}))),
            (1, "/dynamodb/SequenceNumber", Some(json!("900"))),
            (2, "/dynamodb/OldImage", None),
            (
                2,
                "/dynamodb/SequenceNumber",
                Some(json!("4421584500000000017450439093")),
            ),
            (
                2,
                "/eventSourceARN",
                Some(json!(
                    "arn:aws:dynamodb:us-west-2:12345:table/Orders/stream/2020-09-28T16:49:14.209"
                )),
            ),
        ];
        for (i, pointer, expected) in table {
            let got = dict["Records"][i].pointer(pointer);
            assert_eq!(got, expected.as_ref(), "{i} {pointer}");
        }
        assert_eq!(
            DynamoDBEvent::from_value(dict.clone()).unwrap().to_dict(),
            dict
        );
    }

    #[test]
    #[should_panic(expected = "DynamoDB `NewImage` must be a JSON object, not a string")]
    fn record_builder_refuses_images_that_are_not_an_object() {
        let _ = DynamoDBRecord::builder().new_image(Some(json!("item")));
    }

    #[test]
    #[should_panic(expected = "DynamoDB `Keys` must be a JSON object, not an array")]
    fn builder_refuses_keys_that_are_not_an_object() {
        let _ = DynamoDBEvent::builder().keys(json!([1]));
    }

    #[test]
    fn errors_name_the_field() {
        let mut v = DynamoDBEvent::builder().build().to_dict();
        v["Records"][0]["dynamodb"]["SizeBytes"] = json!("26");
        let err = DynamoDBEvent::from_value(v.clone()).unwrap_err();
        insta::assert_snapshot!(err, @"DynamoDBEvent: field `Records[0].dynamodb.SizeBytes` should be a number, found a string");
        v["Records"][0]["dynamodb"]["SizeBytes"] = json!(26);
        v["Records"][0]
            .as_object_mut()
            .unwrap()
            .shift_remove("eventSourceARN");
        v["Records"][0]["dynamodb"]
            .as_object_mut()
            .unwrap()
            .shift_remove("SequenceNumber");
        let err = DynamoDBEvent::from_value(v.clone()).unwrap_err();
        insta::assert_snapshot!(err, @"DynamoDBEvent: missing field `Records[0].dynamodb.SequenceNumber`");
        v["Records"][0]["dynamodb"]["SequenceNumber"] = json!(7);
        let err = DynamoDBEvent::from_value(v).unwrap_err();
        insta::assert_snapshot!(err, @"DynamoDBEvent: field `Records[0].dynamodb.SequenceNumber` should be a string, found a number");
    }

    /// Each row of the module's "What is refused" table, on raw JSON.
    #[test]
    fn lenient_cases_are_kept_and_read_by_their_accessor() {
        // (fields of the record, of its `dynamodb` object, timestamp(),
        // new_image(), (event_name(), aws_region(), table_name(), stream_view_type()))
        let table = [
            ("", "", None, None, ("", "", "", "")),
            (
                r#", "eventName": null, "awsRegion": 1, "eventSourceARN": ["arn"], "eventID": {}"#,
                r#", "ApproximateCreationDateTime": "1601317140", "NewImage": null, "StreamViewType": 5"#,
                None,
                None,
                ("", "", "", ""),
            ),
            (
                r#", "eventName": "MODIFY", "eventSourceARN": "arn:aws:dynamodb:us-west-2:1:table/T/stream/x""#,
                r#", "ApproximateCreationDateTime": 1e300, "NewImage": "item", "Keys": [1], "OldImage": 2"#,
                None,
                Some(json!("item")),
                ("MODIFY", "", "T", ""),
            ),
            (
                r#", "awsRegion": "us-west-2""#,
                r#", "ApproximateCreationDateTime": 1601317140, "NewImage": {"Id": {"S": "1"}}, "StreamViewType": "NEW_IMAGE""#,
                Some("2020-09-28 18:19:00"),
                Some(json!({"Id": {"S": "1"}})),
                ("", "us-west-2", "", "NEW_IMAGE"),
            ),
        ];
        for (record, stream, timestamp, new_image, strings) in table {
            let text = format!(
                r#"{{"Records": [{{"dynamodb": {{"SequenceNumber": "1", "SizeBytes": 3{stream}}}{record}}}]}}"#
            );
            let event = DynamoDBEvent::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                event.to_dict(),
                serde_json::from_str::<Value>(&text).unwrap()
            );
            let r = &event.records()[0];
            assert_eq!((r.sequence_number(), r.size_bytes()), ("1", 3));
            assert_eq!(
                r.timestamp().map(|t| t.to_string()).as_deref(),
                timestamp,
                "{text}"
            );
            assert_eq!(r.new_image(), new_image.as_ref(), "{text}");
            let got = (
                r.event_name(),
                r.aws_region(),
                r.table_name(),
                r.stream_view_type(),
            );
            assert_eq!(got, strings, "{text}");
        }
        let text = r#"{"Records": [], "window": {"start": "2020-07-30T17:00:00Z"}, "isFinalInvokeForWindow": true}"#;
        let event = DynamoDBEvent::from_str(text).unwrap();
        assert!(event.records().is_empty());
        assert_eq!(
            event.to_dict(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_events_round_trip() {
        crate::test_support::assert_arbitrary_round_trip::<DynamoDBEvent>(0xdead_beef_cafe_f00d);
    }

    #[test]
    fn mutated_fixtures_are_accepted_whole_or_refused_with_a_path() {
        crate::test_support::assert_mutations_are_judged::<DynamoDBEvent>("dynamodb");
    }
}
