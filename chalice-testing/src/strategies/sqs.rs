//! Amazon SQS batches.

use super::*;

#[derive(Debug, Clone)]
pub(super) struct SqsMessage {
    body: String,
    message_id: String,
    receipt_handle: String,
    receive_count: u32,
    sent: u64,
    attributes: Map<String, Value>,
    group: String,
}

pub(super) fn sqs_message_attributes() -> impl Strategy<Value = Map<String, Value>> {
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

pub(super) fn sqs_message(max_text: usize) -> BoxedStrategy<SqsMessage> {
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
