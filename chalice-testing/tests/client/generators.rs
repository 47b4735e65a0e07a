//! The generators against the exact shapes of SPEC §15.4 (Chalice's
//! `TestEventsClient`, `test_test.py::test_can_generate_*`).
//!
//! Values are compared as JSON values, and their text as well: the keys come
//! in Chalice's order.
//!
//! DIFFERENCE: Chalice gives every record of a batch the same ids
//! (`message-id`, `receipt-handle`, sequence number `12345`); here each record
//! has ids of its own, realistic in shape, so that a partial batch response
//! can name one. The shapes below say which.

use chalice_events::Event;
use chalice_testing::EventsClient;
use serde_json::{json, Value};

/// Compares as values and as text (key order included).
fn same(got: &Value, expected: &Value) {
    assert_eq!(got, expected);
    assert_eq!(got.to_string(), expected.to_string());
}

fn sns_shape(message: &str, subject: &str, attributes: Value) -> Value {
    json!({"Records": [{"EventSource": "aws:sns", "EventSubscriptionArn": "arn:subscription-arn", "EventVersion": "1.0",
      "Sns": {"Message": message, "MessageAttributes": attributes,
              "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e", "Signature": "signature",
              "SignatureVersion": "1", "SigningCertUrl": "https://sns.us-west-2.amazonaws.com/cert.pem",
              "Subject": subject, "Timestamp": "2018-06-26T19:41:38.695Z",
              "TopicArn": "arn:aws:sns:us-west-2:12345:TopicName", "Type": "Notification",
              "UnsubscribeUrl": "https://unsubscribe-url/"}}]})
}

#[test]
fn sns_events_have_chalice_shape() {
    let events = EventsClient::new();
    let default_attributes = json!({"AttributeKey": {"Type": "String", "Value": "AttributeValue"}});
    let table = [
        (
            events.generate_sns_event("hello", None, None).to_dict(),
            sns_shape("hello", "", default_attributes.clone()),
        ),
        (
            events
                .generate_sns_event("{\"a\": 1}", Some("subj"), None)
                .to_dict(),
            sns_shape("{\"a\": 1}", "subj", default_attributes),
        ),
        (
            events
                .generate_sns_event(
                    "m",
                    Some(""),
                    Some(json!({"K": {"Type": "Number", "Value": "1"}})),
                )
                .to_dict(),
            sns_shape("m", "", json!({"K": {"Type": "Number", "Value": "1"}})),
        ),
        (
            events
                .generate_sns_event("m", None, Some(json!({})))
                .to_dict(),
            sns_shape("m", "", json!({})),
        ),
    ];
    for (got, expected) in &table {
        same(got, expected);
    }
}

fn s3_shape(bucket: &str, key: &str, event_name: &str) -> Value {
    json!({"Records": [{"awsRegion": "us-west-2", "eventName": event_name, "eventSource": "aws:s3",
      "eventTime": "2018-05-22T04:41:23.823Z", "eventVersion": "2.0",
      "requestParameters": {"sourceIPAddress": "1.1.1.1"},
      "responseElements": {"x-amz-id-2": "request-id-2", "x-amz-request-id": "C3D13FE58DE4C810"},
      "s3": {"bucket": {"arn": format!("arn:aws:s3:::{bucket}"), "name": bucket, "ownerIdentity": {"principalId": "ABCD"}},
             "configurationId": "config-id",
             "object": {"eTag": "d41d8cd98f00b204e9800998ecf8427e", "key": key, "sequencer": "005B039F73C627CE8B", "size": 0},
             "s3SchemaVersion": "1.0"},
      "userIdentity": {"principalId": "AWS:XYZ"}}]})
}

#[test]
fn s3_events_have_chalice_shape_and_keep_the_key_verbatim() {
    let events = EventsClient::new();
    let table = [
        ("mybucket", "mykey", None, "ObjectCreated:Put", "mykey"),
        (
            "b",
            "a b+c%20d.txt",
            None,
            "ObjectCreated:Put",
            "a b c d.txt",
        ),
        (
            "b",
            "日本/ü.txt",
            Some("ObjectRemoved:Delete"),
            "ObjectRemoved:Delete",
            "日本/ü.txt",
        ),
    ];
    for (bucket, key, event_name, expected_name, decoded) in table {
        let event = events.generate_s3_event(bucket, key, event_name);
        same(&event.to_dict(), &s3_shape(bucket, key, expected_name));
        assert_eq!(event.bucket(), bucket);
        assert_eq!(event.key(), decoded, "{key}");
    }
}

/// The ids of the `i`-th message of a generated batch.
fn sqs_ids(i: usize) -> (String, String) {
    let handle = ["bWVzc2FnZSAw", "bWVzc2FnZSAx"][i];
    (
        format!("059f36b4-87a3-44ab-83d2-66197583{:04x}", 0x0a7d + i),
        format!("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a{handle}"),
    )
}

fn sqs_record(body: &str, queue: &str, i: usize) -> Value {
    let (message_id, receipt_handle) = sqs_ids(i);
    json!({"attributes": {"ApproximateFirstReceiveTimestamp": "1530576251596", "ApproximateReceiveCount": "1",
                          "SenderId": "sender-id", "SentTimestamp": "1530576251595"},
           "awsRegion": "us-west-2", "body": body, "eventSource": "aws:sqs",
           "eventSourceARN": format!("arn:aws:sqs:us-west-2:12345:{queue}"),
           "md5OfBody": "754ac2f7a12df38320e0c5eafd060145", "messageAttributes": {},
           "messageId": message_id, "receiptHandle": receipt_handle})
}

#[test]
fn sqs_events_have_chalice_shape() {
    let events = EventsClient::new();
    same(
        &events.generate_sqs_event(["body"], None).to_dict(),
        &json!({"Records": [sqs_record("body", "queue-name", 0)]}),
    );
    same(
        &events
            .generate_sqs_event(vec!["a".to_string(), "b".to_string()], Some("my-queue"))
            .to_dict(),
        &json!({"Records": [sqs_record("a", "my-queue", 0), sqs_record("b", "my-queue", 1)]}),
    );
    same(
        &events
            .generate_sqs_event(Vec::<String>::new(), None)
            .to_dict(),
        &json!({"Records": []}),
    );
}

#[test]
fn cloudwatch_events_have_chalice_shape() {
    let events = EventsClient::new();
    let table = [
        (
            events.generate_cw_event("source", "detail-type", json!({"foo": "bar"}), ["r1"], None),
            json!({"version": 0, "id": "7bf73129-1428-4cd3-a780-95db273d1602", "detail-type": "detail-type",
                   "source": "source", "account": "123456789012", "time": "2015-11-11T21:29:54Z",
                   "region": "us-west-2", "resources": ["r1"], "detail": {"foo": "bar"}}),
        ),
        (
            events.generate_cw_event(
                "aws.ec2",
                "x",
                json!({}),
                Vec::<String>::new(),
                Some("eu-west-1"),
            ),
            json!({"version": 0, "id": "7bf73129-1428-4cd3-a780-95db273d1602", "detail-type": "x",
                   "source": "aws.ec2", "account": "123456789012", "time": "2015-11-11T21:29:54Z",
                   "region": "eu-west-1", "resources": [], "detail": {}}),
        ),
    ];
    for (event, expected) in &table {
        same(&event.to_dict(), expected);
    }
}

fn kinesis_record(data: &str, stream: &str, i: usize) -> Value {
    let sequence_number = format!(
        "49590338271490256608559692538361571095921575989136{}",
        588_898 + i
    );
    json!({"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "1", "sequenceNumber": sequence_number,
                       "data": data, "approximateArrivalTimestamp": 1545084650.987},
           "eventSource": "aws:kinesis", "eventVersion": "1.0",
           "eventID": format!("shardId-000000000006:{sequence_number}"),
           "eventName": "aws:kinesis:record", "invokeIdentityArn": "arn:aws:iam::123:role/lambda-role",
           "awsRegion": "us-west-2", "eventSourceARN": format!("arn:aws:kinesis:us-east-2:123:stream/{stream}")})
}

#[test]
fn kinesis_events_have_chalice_shape() {
    let events = EventsClient::new();
    let event = events.generate_kinesis_event([&b"foo"[..], &[0xff, 0x00]], None);
    same(
        &event.to_dict(),
        &json!({"Records": [kinesis_record("Zm9v", "stream-name", 0), kinesis_record("/wA=", "stream-name", 1)]}),
    );
    assert_eq!(event.records()[1].data(), [0xff, 0x00]);
    same(
        &events
            .generate_kinesis_event(["x"], Some("clicks"))
            .to_dict(),
        &json!({"Records": [kinesis_record("eA==", "clicks", 0)]}),
    );
    same(
        &events
            .generate_kinesis_event(Vec::<Vec<u8>>::new(), None)
            .to_dict(),
        &json!({"Records": []}),
    );
}

#[test]
fn dynamodb_and_websocket_events_parse_back_with_their_arguments() {
    let events = EventsClient::new();
    let dynamodb = events.generate_dynamodb_event(
        "Orders",
        "INSERT",
        json!({"Id": {"S": "9"}}),
        Some(json!({"Id": {"S": "9"}, "Total": {"N": "12.5"}})),
        None,
    );
    let record = &dynamodb.records()[0];
    assert_eq!(record.table_name(), "Orders");
    assert_eq!(record.event_name(), "INSERT");
    assert_eq!(record.keys(), Some(&json!({"Id": {"S": "9"}})));
    assert_eq!(record.old_image(), None);
    assert_eq!(
        chalice_events::DynamoDBEvent::from_value(dynamodb.to_dict()).unwrap(),
        dynamodb
    );

    let table = [
        ("$connect", None, "CONNECT"),
        ("$disconnect", None, "DISCONNECT"),
        ("$default", Some("{\"n\": 1}"), "MESSAGE"),
        ("custom", Some("x"), "MESSAGE"),
    ];
    for (route_key, body, event_type) in table {
        let event = events.generate_websocket_event(route_key, body, Some("abc="));
        assert_eq!(event.route_key(), route_key);
        assert_eq!(event.event_type(), event_type);
        assert_eq!(event.body(), body);
        assert_eq!(event.connection_id(), "abc=");
        assert_eq!(
            chalice_events::WebsocketEvent::from_value(event.to_dict()).unwrap(),
            event
        );
    }
}

/// Whether `id` has the 8-4-4-4-12 hex digits of a UUID.
fn uuid_shaped(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The ids of each record of `event` at the JSON pointers `ids`.
fn ids_per_record(event: &Value, ids: &[&str]) -> Vec<Vec<Value>> {
    let records = event["Records"].as_array().unwrap();
    records
        .iter()
        .map(|record| {
            ids.iter()
                .map(|pointer| record.pointer(pointer).cloned().unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn batch_generators_give_each_record_ids_of_its_own() {
    let events = EventsClient::new();
    let bodies: Vec<String> = (0..20).map(|i| format!("body {i}")).collect();
    // (generator, its event, the JSON pointers of a record's ids)
    let table: [(&str, Value, &[&str]); 2] = [
        (
            "sqs",
            events.generate_sqs_event(bodies.clone(), None).to_dict(),
            &["/messageId", "/receiptHandle"],
        ),
        (
            "kinesis",
            events.generate_kinesis_event(&bodies, None).to_dict(),
            &["/eventID", "/kinesis/sequenceNumber"],
        ),
    ];
    for (name, event, pointers) in &table {
        let per_record = ids_per_record(event, pointers);
        assert_eq!(per_record.len(), 20, "{name}");
        for (column, pointer) in pointers.iter().enumerate() {
            let ids: std::collections::HashSet<&Value> =
                per_record.iter().map(|ids| &ids[column]).collect();
            assert_eq!(ids.len(), 20, "{name} {pointer}: {ids:?}");
        }
    }
    // Each message id is a UUID, as SQS writes them; Kinesis's sequence
    // numbers grow through the batch, as in a shard.
    for (i, record) in table[0].1["Records"].as_array().unwrap().iter().enumerate() {
        let id = record["messageId"].as_str().unwrap();
        assert!(uuid_shaped(id), "{i}: {id}");
    }
    let numbers: Vec<&str> = table[1].1["Records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kinesis"]["sequenceNumber"].as_str().unwrap())
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort_by_key(|n| (n.len(), *n));
    assert_eq!(numbers, sorted);
    // The same on every call, so that a test can name a record.
    assert_eq!(
        events.generate_sqs_event(bodies.clone(), None).to_dict(),
        table[0].1
    );
}

/// SNS, S3 and DynamoDB generators make one record; its ids have the shape
/// AWS gives them, and stay apart from the ids of the records the builders
/// add after it.
#[test]
fn single_record_generators_give_ids_in_aws_shape() {
    let events = EventsClient::new();
    let sns = events.generate_sns_event("m", None, None).to_dict();
    let sns_id = sns["Records"][0]["Sns"]["MessageId"].as_str().unwrap();
    assert!(uuid_shaped(sns_id), "{sns_id}");
    let s3 = events.generate_s3_event("b", "k", None).to_dict();
    let table = [
        (&s3["Records"][0]["s3"]["object"]["sequencer"], 18),
        (
            &s3["Records"][0]["responseElements"]["x-amz-request-id"],
            16,
        ),
    ];
    for (id, digits) in table {
        let id = id.as_str().unwrap();
        assert_eq!(id.len(), digits, "{id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }
    let dynamodb = events
        .generate_dynamodb_event("T", "INSERT", json!({"Id": {"N": "1"}}), None, None)
        .to_dict();
    let event_id = dynamodb["Records"][0]["eventID"].as_str().unwrap();
    assert_eq!(event_id.len(), 32);
    assert!(
        event_id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{event_id}"
    );
    assert!(dynamodb["Records"][0]["dynamodb"]["SequenceNumber"]
        .as_str()
        .unwrap()
        .bytes()
        .all(|b| b.is_ascii_digit()));

    // The builders behind them number further records on.
    let sns = chalice_events::SNSEvent::builder()
        .record(chalice_events::sns::SNSRecord::builder())
        .record(chalice_events::sns::SNSRecord::builder())
        .build();
    let s3 = chalice_events::S3Event::builder()
        .record(chalice_events::s3::S3Record::builder())
        .record(chalice_events::s3::S3Record::builder())
        .build()
        .to_dict();
    let dynamodb = chalice_events::DynamoDBEvent::builder()
        .record(chalice_events::dynamodb::DynamoDBRecord::builder())
        .record(chalice_events::dynamodb::DynamoDBRecord::builder())
        .build();
    let table = [
        (
            "sns",
            sns.records()[0].message_id().to_string(),
            sns.records()[1].message_id().to_string(),
        ),
        (
            "s3",
            s3["Records"][0]["s3"]["object"]["sequencer"].to_string(),
            s3["Records"][1]["s3"]["object"]["sequencer"].to_string(),
        ),
        (
            "dynamodb",
            dynamodb.records()[0].event_id().to_string(),
            dynamodb.records()[1].event_id().to_string(),
        ),
        (
            "dynamodb",
            dynamodb.records()[0].sequence_number().to_string(),
            dynamodb.records()[1].sequence_number().to_string(),
        ),
    ];
    for (name, first, second) in table {
        assert_ne!(first, second, "{name}");
    }
}

#[test]
#[should_panic(expected = "must be a JSON object")]
fn sns_attributes_that_sns_never_sends_are_refused() {
    let _ = EventsClient::new().generate_sns_event("m", None, Some(json!([1])));
}
