//! The S3 function of `src/bin/thumbnails.rs`, written with
//! aws_lambda_events: the same behaviour, for comparison. The peer has no
//! event generators, so the test writes its own.

use aws_lambda_events::s3::S3Event;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use percent_encoding::percent_decode_str;

/// A key as S3 writes it in events (`+` for a space, `%XX` escapes), decoded.
fn decode_key(key: &str) -> String {
    percent_decode_str(&key.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// Where the thumbnail of each newly created object goes.
fn thumbnail_keys(event: &S3Event) -> Vec<String> {
    let created = event.records.iter().filter(|r| {
        r.event_name
            .as_deref()
            .unwrap_or_default()
            .starts_with("ObjectCreated:")
    });
    let keys = created.map(|r| decode_key(r.s3.object.key.as_deref().unwrap_or_default()));
    keys.map(|key| format!("thumbnails/{key}")).collect()
}

async fn handler(event: LambdaEvent<S3Event>) -> Result<Vec<String>, Error> {
    Ok(thumbnail_keys(&event.payload))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lambda_events::s3::S3EventRecord;
    use proptest::prelude::*;

    prop_compose! {
        fn record()(
            name in prop::sample::select(vec![
                "ObjectCreated:Put", "ObjectCreated:Copy", "ObjectRemoved:Delete",
            ]),
            key in "[a-zA-Z0-9/+%. _-]{1,40}",
            bucket in "[a-z0-9.-]{3,20}",
            size in any::<u32>(),
        ) -> S3EventRecord {
            let mut record = S3EventRecord::default();
            record.event_source = Some("aws:s3".into());
            record.event_name = Some(name.to_string());
            record.s3.bucket.name = Some(bucket);
            record.s3.object.key = Some(key);
            record.s3.object.size = Some(size.into());
            record
        }
    }

    prop_compose! {
        fn s3_event()(records in prop::collection::vec(record(), 1..4)) -> S3Event {
            let mut event = S3Event::default();
            event.records = records;
            event
        }
    }

    proptest! {
        #[test]
        fn one_thumbnail_per_created_object(event in s3_event()) {
            let keys = thumbnail_keys(&event);
            let created = event.records.iter().filter(|r| {
                r.event_name.as_deref().unwrap_or_default().starts_with("ObjectCreated:")
            });
            prop_assert_eq!(keys.len(), created.clone().count());
            for (key, record) in keys.iter().zip(created) {
                let decoded = decode_key(record.s3.object.key.as_deref().unwrap_or_default());
                prop_assert_eq!(key.strip_prefix("thumbnails/"), Some(decoded.as_str()));
            }
        }
    }
}
