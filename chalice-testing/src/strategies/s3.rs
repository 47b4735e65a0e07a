//! Amazon S3 notifications.

use super::*;

pub(super) const S3_EVENT_NAMES: &[&str] = &[
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
pub(super) enum S3Key {
    Plain(String),
    Encoded(String),
}

pub(super) fn s3_key() -> impl Strategy<Value = S3Key> {
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
