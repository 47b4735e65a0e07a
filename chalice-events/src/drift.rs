//! The drift report: the JSON paths of an event that its model does not know.
//!
//! AWS adds fields to its events over time. Every event keeps them (they
//! come back from `to_dict()` and `to_json()`), and `unknown_fields()` lists
//! where they are, so that a handler can log them instead of losing them:
//!
//! ```
//! use chalice_events::{Event, SQSEvent};
//!
//! let event = SQSEvent::from_str(r#"{"Records": [{"messageId": "1", "receiptHandle": "h",
//!     "body": "hi", "attributes": {"ApproximateReceiveCount": "1", "NewAttribute": "x"},
//!     "shiny": true}], "batchInfo": {}}"#)?;
//! assert_eq!(
//!     event.unknown_fields(),
//!     ["batchInfo", "Records[0].attributes.NewAttribute", "Records[0].shiny"]
//! );
//! # Ok::<(), chalice_events::Error>(())
//! ```
//!
//! What is known is what AWS documents for the event (and what the model
//! reads), field by field; the contents of values that are data, such as a
//! `detail` or a DynamoDB image, are never reported. A path names an object
//! field as `a.b`, and an array element as `a[3]`.

use serde_json::{Map, Value};

use crate::raw::Path;

/// What the model knows of a value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Known {
    /// Known, whatever it holds: a scalar, or data whose content is the
    /// user's or the service's (`detail`, `Keys`, a body).
    Leaf,
    /// An object with these fields.
    Object(&'static [(&'static str, Known)]),
    /// An array whose elements are all of this shape.
    Array(&'static Known),
    /// An object whose keys are data (header or attribute names), each
    /// value of this shape.
    Map(&'static Known),
}

/// The paths of `value` (an object) that `known` does not list, in the
/// object's order.
pub(crate) fn unknown_fields(value: &Map<String, Value>, known: &Known) -> Vec<String> {
    let mut out = Vec::new();
    if let Known::Object(fields) = known {
        object(value, fields, &Path::Root, &mut out);
    }
    out
}

fn object(
    map: &Map<String, Value>,
    fields: &[(&str, Known)],
    at: &Path<'_>,
    out: &mut Vec<String>,
) {
    for (key, value) in map {
        let here = Path::Key(at, key);
        match fields.iter().find(|(name, _)| name == key) {
            Some((_, known)) => walk(value, known, &here, out),
            None => out.push(here.to_string()),
        }
    }
}

fn walk(value: &Value, known: &Known, at: &Path<'_>, out: &mut Vec<String>) {
    match (known, value) {
        (Known::Object(fields), Value::Object(map)) => object(map, fields, at, out),
        (Known::Array(element), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, element, &Path::Index(at, i), out);
            }
        }
        (Known::Map(entry), Value::Object(map)) => {
            for (key, value) in map {
                walk(value, entry, &Path::Key(at, key), out);
            }
        }
        // A known field of another shape than documented is not drift: the
        // accessor that reads it says what it makes of it.
        _ => {}
    }
}

/// `{"name": value}` maps of strings (headers, parameters).
pub(crate) const STRINGS: Known = Known::Map(&Known::Leaf);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SHAPE: Known = Known::Object(&[
        ("a", Known::Leaf),
        ("list", Known::Array(&Known::Object(&[("x", Known::Leaf)]))),
        ("map", Known::Map(&Known::Object(&[("v", Known::Leaf)]))),
    ]);

    #[test]
    fn unknown_paths_are_listed_in_order() {
        let value = json!({"a": {"deep": 1}, "b": null, "list": [{"x": 1}, {"x": 2, "y": 3}],
            "map": {"k1": {"v": 1, "w": 2}}, "c": []});
        let found = unknown_fields(value.as_object().unwrap(), &SHAPE);
        assert_eq!(found, ["b", "list[1].y", "map.k1.w", "c"]);
    }

    /// What the real events kept in `testdata/fixtures` hold that the models
    /// do not know: samples written by other projects, some by hand.
    #[test]
    fn the_fixtures_drift_is_listed() {
        use crate::test_support::fixtures;
        use crate::{CloudWatchEvent, Request, S3Event, SNSEvent, SQSEvent};
        let mut found = Vec::new();
        let mut note = |kind: &str, name: &str, paths: Vec<String>| {
            let file = name.rsplit('/').next().unwrap_or(name).to_string();
            for path in paths {
                found.push(format!("{kind} {file}: {path}"));
            }
        };
        for (name, bytes) in fixtures("sqs") {
            note(
                "sqs",
                &name,
                SQSEvent::from_slice(&bytes).unwrap().unknown_fields(),
            );
        }
        for (name, bytes) in fixtures("sns") {
            note(
                "sns",
                &name,
                SNSEvent::from_slice(&bytes).unwrap().unknown_fields(),
            );
        }
        for (name, bytes) in fixtures("s3") {
            note(
                "s3",
                &name,
                S3Event::from_slice(&bytes).unwrap().unknown_fields(),
            );
        }
        for kind in ["eventbridge", "cloudwatch_scheduled"] {
            for (name, bytes) in fixtures(kind) {
                let event = CloudWatchEvent::from_slice(&bytes).unwrap();
                note(kind, &name, event.unknown_fields());
            }
        }
        for kind in ["apigw_rest", "apigw_http", "function_url", "alb"] {
            for (name, bytes) in fixtures(kind) {
                note(
                    kind,
                    &name,
                    Request::from_slice(&bytes).unwrap().unknown_fields(),
                );
            }
        }
        // `urlDecodedKey` is a field another runtime's samples add; the
        // others are fields AWS sends that its reference pages omit.
        insta::assert_snapshot!(found.join("\n"), @r"
        s3 aws-lambda-go__s3-intelligenttier-event.json: Records[0].s3.object.urlDecodedKey
        s3 aws-lambda-go__s3-replication-event.json: Records[0].s3.object.urlDecodedKey
        s3 aws-lambda-go__s3-restore-event.json: Records[0].s3.object.urlDecodedKey
        s3 aws-lambda-go__s3-restore-event.json: Records[0].restoreEventData
        s3 aws-lambda-java-libs__s3_event.json: Records[0].s3.object.urlDecodedKey
        apigw_rest powertools-lambda-typescript__apigw-rest-iam-auth.json: requestContext.deploymentId
        apigw_rest powertools-lambda-typescript__apigw-rest-jwt-authorizer-auth.json: requestContext.deploymentId
        apigw_rest powertools-lambda-typescript__apigw-rest-lambda-authorizer-auth.json: requestContext.deploymentId
        apigw_rest powertools-lambda-typescript__apigw-rest-no-auth.json: requestContext.deploymentId
        ");
    }

    #[test]
    fn known_fields_of_another_shape_are_not_drift() {
        let value = json!({"a": 1, "list": {"x": 1}, "map": "None"});
        assert!(unknown_fields(value.as_object().unwrap(), &SHAPE).is_empty());
    }
}
