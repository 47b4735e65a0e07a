//! Fake events in the exact shapes Chalice's `TestEventsClient` generates,
//! built on the chalice-events builders, and [`IntoPayload`] for handing any
//! event to the test client's `LambdaClient::invoke`.

use chalice_events::authorizer::AuthRequest;
use chalice_events::cloudwatch::CloudWatchEvent;
use chalice_events::dynamodb::DynamoDBEvent;
use chalice_events::kinesis::KinesisEvent;
use chalice_events::request::Request;
use chalice_events::s3::S3Event;
use chalice_events::sns::SNSEvent;
use chalice_events::sqs::SQSEvent;
use chalice_events::websocket::WebsocketEvent;
use chalice_events::Event;
use serde_json::{json, Value};

/// The event generators: Chalice's `TestEventsClient`.
///
/// Each `generate_*` takes Chalice's arguments in Chalice's order; an
/// argument Chalice gives a default is an `Option` here, `None` meaning that
/// default. The events are typed, and [`to_dict`](Event::to_dict) gives the
/// JSON Chalice's generator returns, key for key (the crate's tests compare
/// every generator with the shapes of SPEC §15.4).
///
/// One deliberate difference: Chalice gives every record of a batch the same
/// ids (`"messageId": "message-id"`, `"sequenceNumber": "12345"`), so a test
/// of a partial batch response cannot tell its records apart. Here each
/// record has ids of its own, realistic in shape and the same on every call
/// (the builders' tables say how they are made, e.g.
/// [`SQSEventBuilder`](chalice_events::sqs::SQSEventBuilder)); read them from
/// the event, or set them with the builders' per-record calls
/// ([`SQSRecord::builder`](chalice_events::sqs::SQSRecord::builder), ...).
///
/// For events Chalice has no generator for (DynamoDB, websocket), the shapes
/// are the ones AWS sends, from the chalice-events builders.
///
/// ```
/// use chalice_testing::EventsClient;
/// use chalice_events::Event;
///
/// let events = EventsClient::new();
/// let event = events.generate_sqs_event(["first", "second"], Some("jobs"));
/// let dict = event.to_dict();
/// assert_eq!(dict["Records"][1]["body"], "second");
/// assert_eq!(dict["Records"][0]["eventSourceARN"], "arn:aws:sqs:us-west-2:12345:jobs");
/// assert_ne!(dict["Records"][0]["messageId"], dict["Records"][1]["messageId"]);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventsClient {
    _private: (),
}

impl EventsClient {
    /// The generators; also what the test client's `Client::events` gives.
    pub fn new() -> Self {
        EventsClient { _private: () }
    }

    /// An S3 notification for `key` in `bucket`: Chalice's
    /// `generate_s3_event(bucket, key, event_name='ObjectCreated:Put')`.
    ///
    /// As in Chalice, the key is placed in the event verbatim, not
    /// URL-encoded, and [`S3Event::key`] URL-decodes it: a key holding `+`
    /// comes back with a space. To fake what S3 itself sends for a key, use
    /// `S3Event::builder().key(..)`, which encodes it.
    pub fn generate_s3_event(&self, bucket: &str, key: &str, event_name: Option<&str>) -> S3Event {
        S3Event::builder()
            .bucket(bucket)
            .encoded_key(key)
            .event_name(event_name.unwrap_or("ObjectCreated:Put"))
            .build()
    }

    /// An SNS notification: Chalice's `generate_sns_event(message,
    /// subject='', message_attributes=None)`; `None` attributes are
    /// `{"AttributeKey": {"Type": "String", "Value": "AttributeValue"}}`.
    ///
    /// # Panics
    ///
    /// When `message_attributes` is neither a JSON object nor `null`, which
    /// SNS never sends.
    #[track_caller]
    pub fn generate_sns_event(
        &self,
        message: &str,
        subject: Option<&str>,
        message_attributes: Option<Value>,
    ) -> SNSEvent {
        let builder = SNSEvent::builder()
            .message(message)
            .subject(subject.unwrap_or(""));
        match message_attributes {
            Some(attributes) => builder.message_attributes(attributes).build(),
            None => builder.build(),
        }
    }

    /// An SQS batch with one message per body (alike but for `body` and the
    /// ids of each message, `messageId` and `receiptHandle`): Chalice's
    /// `generate_sqs_event(message_bodies, queue_name='queue-name')`. No
    /// bodies give an empty batch, as in Chalice.
    pub fn generate_sqs_event<I, B>(&self, message_bodies: I, queue_name: Option<&str>) -> SQSEvent
    where
        I: IntoIterator<Item = B>,
        B: Into<String>,
    {
        let bodies: Vec<String> = message_bodies.into_iter().map(Into::into).collect();
        if bodies.is_empty() {
            // The builder fills in one empty message; Chalice's generator
            // writes an empty list.
            if let Ok(event) = SQSEvent::from_value(json!({"Records": []})) {
                return event;
            }
        }
        SQSEvent::builder()
            .queue_name(queue_name.unwrap_or("queue-name"))
            .bodies(bodies)
            .build()
    }

    /// An EventBridge (CloudWatch Events) event: Chalice's
    /// `generate_cw_event(source, detail_type, detail, resources,
    /// region='us-west-2')`, with the integer `version` 0 Chalice writes.
    pub fn generate_cw_event<I, R>(
        &self,
        source: &str,
        detail_type: &str,
        detail: Value,
        resources: I,
        region: Option<&str>,
    ) -> CloudWatchEvent
    where
        I: IntoIterator<Item = R>,
        R: Into<String>,
    {
        CloudWatchEvent::builder()
            .source(source)
            .detail_type(detail_type)
            .detail(detail)
            .resources(resources)
            .region(region.unwrap_or("us-west-2"))
            .build()
    }

    /// A Kinesis batch with one record per payload, base64-encoded, each
    /// with a sequence number (and so an `eventID`) of its own: Chalice's
    /// `generate_kinesis_event(message_bodies, stream_name='stream-name')`.
    /// No payloads give an empty batch, as in Chalice.
    pub fn generate_kinesis_event<I, P>(
        &self,
        message_bodies: I,
        stream_name: Option<&str>,
    ) -> KinesisEvent
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let payloads: Vec<P> = message_bodies.into_iter().collect();
        if payloads.is_empty() {
            if let Ok(event) = KinesisEvent::from_value(json!({"Records": []})) {
                return event;
            }
        }
        KinesisEvent::builder()
            .stream_name(stream_name.unwrap_or("stream-name"))
            .data_items(payloads)
            .build()
    }

    /// A DynamoDB Streams batch of one record: the change `event_name`
    /// (`INSERT`, `MODIFY` or `REMOVE`) of the item with primary key `keys`
    /// in `table_name`, with its images in DynamoDB's wire format (`None`
    /// leaves an image out, as DynamoDB does for the image that does not
    /// exist). Chalice has no such generator.
    ///
    /// ```
    /// use chalice_testing::EventsClient;
    /// use serde_json::json;
    ///
    /// let event = EventsClient::new().generate_dynamodb_event(
    ///     "Orders",
    ///     "MODIFY",
    ///     json!({"Id": {"S": "7"}}),
    ///     Some(json!({"Id": {"S": "7"}, "State": {"S": "shipped"}})),
    ///     Some(json!({"Id": {"S": "7"}, "State": {"S": "paid"}})),
    /// );
    /// let record = &event.records()[0];
    /// assert_eq!(record.table_name(), "Orders");
    /// assert_eq!(record.old_image().unwrap()["State"]["S"], "paid");
    /// ```
    ///
    /// # Panics
    ///
    /// When `keys` or an image is not a JSON object, which DynamoDB never sends.
    #[track_caller]
    pub fn generate_dynamodb_event(
        &self,
        table_name: &str,
        event_name: &str,
        keys: Value,
        new_image: Option<Value>,
        old_image: Option<Value>,
    ) -> DynamoDBEvent {
        DynamoDBEvent::builder()
            .table_name(table_name)
            .event_name(event_name)
            .keys(keys)
            .new_image(new_image)
            .old_image(old_image)
            .build()
    }

    /// A websocket event for `route_key` (`$connect`, `$disconnect`,
    /// `$default` or a custom key) on the connection `connection_id`
    /// (`None`: `ZtHaGc1vPHcCJLg=`), carrying `body` if given. Chalice has no
    /// such generator; the shape is API Gateway's.
    pub fn generate_websocket_event(
        &self,
        route_key: &str,
        body: Option<&str>,
        connection_id: Option<&str>,
    ) -> WebsocketEvent {
        let mut builder = WebsocketEvent::builder().route_key(route_key);
        if let Some(body) = body {
            builder = builder.body(body);
        }
        if let Some(connection_id) = connection_id {
            builder = builder.connection_id(connection_id);
        }
        builder.build()
    }
}

/// What can be handed to a handler as its payload: JSON, or any event.
///
/// Implemented for `serde_json::Value` and every event type of chalice-events
/// (through [`Event::to_dict`]; a [`Request`] gives its original event).
pub trait IntoPayload {
    /// The JSON Lambda would deliver.
    fn into_payload(self) -> Value;
}

impl IntoPayload for Value {
    fn into_payload(self) -> Value {
        self
    }
}

impl IntoPayload for &Value {
    fn into_payload(self) -> Value {
        self.clone()
    }
}

impl IntoPayload for Request {
    fn into_payload(self) -> Value {
        self.into_original_event()
    }
}

impl IntoPayload for &Request {
    fn into_payload(self) -> Value {
        self.to_original_event().clone()
    }
}

/// A blanket impl over `Event` would overlap with the one for `Value` (the
/// compiler must assume chalice-events could make `Value` an `Event`), so
/// each type is listed.
macro_rules! event_payload {
    ($($ty:ty),* $(,)?) => {
        $(
            impl IntoPayload for $ty {
                fn into_payload(self) -> Value {
                    self.to_dict()
                }
            }

            impl IntoPayload for &$ty {
                fn into_payload(self) -> Value {
                    self.to_dict()
                }
            }
        )*
    };
}

event_payload!(
    S3Event,
    SNSEvent,
    SQSEvent,
    CloudWatchEvent,
    KinesisEvent,
    DynamoDBEvent,
    WebsocketEvent,
    AuthRequest,
);
