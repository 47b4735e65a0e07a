//! Kinesis Data Streams batches.

use super::*;

#[derive(Debug, Clone)]
pub(super) struct KinesisPart {
    payload: Vec<u8>,
    partition_key: String,
    sequence_number: String,
    arrival: Value,
}

pub(super) fn kinesis_part(max_text: usize) -> BoxedStrategy<KinesisPart> {
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
