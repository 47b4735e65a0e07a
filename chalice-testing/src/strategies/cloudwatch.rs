//! EventBridge (CloudWatch Events) events: scheduled ticks and service or custom events.

use super::*;

pub(super) const EVENT_SOURCES: &[(&str, &str)] = &[
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
