//! Amazon SNS notifications.

use super::*;

pub(super) fn sns_attributes() -> impl Strategy<Value = Map<String, Value>> {
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
