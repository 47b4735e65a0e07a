//! [`BatchItemFailures`]: the partial batch response of SQS, Kinesis and
//! DynamoDB Streams handlers.
//!
//! A handler whose event source mapping has `ReportBatchItemFailures` in its
//! `FunctionResponseTypes` answers with the items that failed; Lambda retries
//! (or sends to the dead-letter queue) only those and deletes the rest. The
//! identifier is the SQS record's `messageId`, or the stream record's
//! sequence number for Kinesis and DynamoDB. An empty list reports the whole
//! batch as done. Without `ReportBatchItemFailures` on the source, Lambda
//! ignores this answer, so the mapping must opt in (chalice-app's packaging
//! writes it for sources configured with `report_batch_item_failures`).

use serde::{Deserialize, Serialize};

/// The partial batch response of an SQS, Kinesis or DynamoDB Streams handler:
/// `{"batchItemFailures": [{"itemIdentifier": "..."}]}`.
///
/// It is `Serialize`, so it can be returned from a `lambda_runtime`
/// `service_fn` as it is:
///
/// ```
/// use chalice_events::{BatchItemFailures, SQSEvent, Event};
///
/// let event = SQSEvent::from_str(r#"{"Records": [
///     {"messageId": "m-1", "receiptHandle": "r-1", "body": "ok", "attributes": {},
///      "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
///      "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:jobs", "awsRegion": "us-east-1"},
///     {"messageId": "m-2", "receiptHandle": "r-2", "body": "fail", "attributes": {},
///      "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
///      "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:jobs", "awsRegion": "us-east-1"}
/// ]}"#)?;
/// let failures: BatchItemFailures = event
///     .iter()
///     .filter(|record| record.body() == "fail")
///     .map(|record| record.message_id())
///     .collect();
/// assert_eq!(
///     serde_json::to_value(&failures)?,
///     serde_json::json!({"batchItemFailures": [{"itemIdentifier": "m-2"}]})
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchItemFailures {
    /// The failed items, in the order reported.
    #[serde(rename = "batchItemFailures")]
    pub batch_item_failures: Vec<BatchItemFailure>,
}

/// One failed item of a [`BatchItemFailures`] report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BatchItemFailure {
    /// The SQS `messageId`, or the Kinesis / DynamoDB sequence number, e.g.
    /// `"059f36b4-87a3-44ab-83d2-661975830a7d"`.
    #[serde(rename = "itemIdentifier")]
    pub item_identifier: String,
}

impl BatchItemFailures {
    /// A report of no failure: the whole batch succeeded.
    pub fn new() -> Self {
        BatchItemFailures::default()
    }

    /// Marks one item as failed, by its `messageId` or sequence number.
    pub fn fail(&mut self, item_identifier: impl Into<String>) {
        self.batch_item_failures.push(BatchItemFailure {
            item_identifier: item_identifier.into(),
        });
    }

    /// Whether no item failed.
    pub fn is_empty(&self) -> bool {
        self.batch_item_failures.is_empty()
    }

    /// The identifiers of the failed items, in order.
    pub fn item_identifiers(&self) -> impl Iterator<Item = &str> {
        self.batch_item_failures
            .iter()
            .map(|f| f.item_identifier.as_str())
    }
}

impl<S: Into<String>> FromIterator<S> for BatchItemFailures {
    /// A report failing each identifier, in order.
    fn from_iter<I: IntoIterator<Item = S>>(ids: I) -> Self {
        let mut failures = BatchItemFailures::new();
        for id in ids {
            failures.fail(id);
        }
        failures
    }
}

impl<S: Into<String>> Extend<S> for BatchItemFailures {
    fn extend<I: IntoIterator<Item = S>>(&mut self, ids: I) {
        for id in ids {
            self.fail(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_and_reads_the_shape_lambda_expects() {
        let cases = [
            (BatchItemFailures::new(), json!({"batchItemFailures": []})),
            (
                ["a", "b"].into_iter().collect(),
                json!({"batchItemFailures": [{"itemIdentifier": "a"}, {"itemIdentifier": "b"}]}),
            ),
        ];
        for (failures, wire) in cases {
            assert_eq!(serde_json::to_value(&failures).unwrap(), wire);
            let back: BatchItemFailures = serde_json::from_value(wire).unwrap();
            assert_eq!(back, failures);
        }
    }

    #[test]
    fn fail_and_extend_keep_the_order() {
        let mut failures = BatchItemFailures::new();
        assert!(failures.is_empty());
        failures.fail("1");
        failures.extend(["2", "3"]);
        assert_eq!(
            failures.item_identifiers().collect::<Vec<_>>(),
            ["1", "2", "3"]
        );
    }
}
