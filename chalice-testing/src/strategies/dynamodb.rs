//! DynamoDB Streams batches.

use super::*;

/// One attribute value in DynamoDB's wire format, e.g. `{"S": "x"}`.
pub(super) fn dynamodb_attribute() -> BoxedStrategy<Value> {
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
pub(super) struct DynamoChange {
    event_name: &'static str,
    key: Value,
    new_item: Map<String, Value>,
    old_item: Map<String, Value>,
    created: Option<Value>,
    size: u64,
    sequence_number: String,
    event_id: String,
}

pub(super) fn dynamodb_change() -> BoxedStrategy<DynamoChange> {
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
