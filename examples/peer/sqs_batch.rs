//! The SQS consumer of `src/bin/sqs_batch.rs`, written with
//! aws_lambda_events: the same behaviour, for comparison.

use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use lambda_runtime::{service_fn, Error, LambdaEvent};

/// The work a message asks for: here, adding up the numbers in its body.
fn process(body: &str) -> Result<i64, std::num::ParseIntError> {
    body.split(',').map(|n| n.trim().parse::<i64>()).sum()
}

async fn handler(event: LambdaEvent<SqsEvent>) -> Result<SqsBatchResponse, Error> {
    let mut response = SqsBatchResponse::default();
    for record in event.payload.records {
        if process(record.body.as_deref().unwrap_or_default()).is_err() {
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = record.message_id.unwrap_or_default();
            response.batch_item_failures.push(failure);
        }
    }
    Ok(response)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lambda_events::event::sqs::SqsMessage;

    fn message(id: &str, body: &str) -> SqsMessage {
        let mut message = SqsMessage::default();
        message.message_id = Some(id.to_string());
        message.body = Some(body.to_string());
        message
    }

    #[tokio::test]
    async fn reports_only_the_messages_that_failed() {
        let mut event = SqsEvent::default();
        event.records = vec![
            message("m1", "1, 2"),
            message("m2", "3, x"),
            message("m3", "4"),
        ];
        let out = handler(LambdaEvent::new(event, Default::default()))
            .await
            .unwrap();
        assert_eq!(
            serde_json::to_value(out).unwrap(),
            serde_json::json!({"batchItemFailures": [{"itemIdentifier": "m2"}]})
        );
    }
}
