//! An S3 function on `lambda_runtime` that uses chalice-events alone, with
//! property tests over every S3 event chalice-testing can generate.

use chalice_events::S3Event;
use lambda_runtime::{service_fn, Error, LambdaEvent};

/// Where the thumbnail of each newly created object goes, its key decoded
/// as S3 encodes keys in events (`+` for a space, `%XX` escapes).
fn thumbnail_keys(event: &S3Event) -> Vec<String> {
    let created = event
        .iter()
        .filter(|r| r.event_name().starts_with("ObjectCreated:"));
    created.map(|r| format!("thumbnails/{}", r.key())).collect()
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
    use chalice_testing::strategies::s3_event;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn one_thumbnail_per_created_object(event in s3_event()) {
            let keys = thumbnail_keys(&event);
            let created = event.iter().filter(|r| r.event_name().starts_with("ObjectCreated:"));
            prop_assert_eq!(keys.len(), created.clone().count());
            for (key, record) in keys.iter().zip(created) {
                prop_assert_eq!(key.strip_prefix("thumbnails/"), Some(&*record.key()));
            }
        }
    }
}
