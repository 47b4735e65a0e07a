//! An SQS consumer on `lambda_runtime` that uses chalice-events alone and
//! reports partial batch failures: Lambda deletes the messages that worked
//! and returns the others to the queue.

use chalice_events::{BatchItemFailures, SQSEvent};
use lambda_runtime::{service_fn, Error, LambdaEvent};

/// The work a message asks for: here, adding up the numbers in its body.
fn process(body: &str) -> Result<i64, std::num::ParseIntError> {
    body.split(',').map(|n| n.trim().parse::<i64>()).sum()
}

async fn handler(event: LambdaEvent<SQSEvent>) -> Result<BatchItemFailures, Error> {
    Ok(event
        .payload
        .iter()
        .filter(|record| process(&record.body()).is_err())
        .map(|record| record.message_id())
        .collect())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reports_only_the_messages_that_failed() {
        let event = SQSEvent::builder()
            .body("1, 2")
            .body("3, x")
            .body("4")
            .build();
        let failed = event.records()[1].message_id().to_string();
        let out = handler(LambdaEvent::new(event, Default::default()))
            .await
            .unwrap();
        assert_eq!(
            serde_json::to_value(out).unwrap(),
            serde_json::json!({"batchItemFailures": [{"itemIdentifier": failed}]})
        );
    }
}
