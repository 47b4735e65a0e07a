//! Invalid input, for reliability tests: what a parser or an app must
//! survive without panicking.
//!
//! Each strategy is invalid by construction, in one stated way:
//!
//! | strategy | makes |
//! |---|---|
//! | [`wrong_types`] | a valid event with one value, at any depth, replaced by a value of another JSON type |
//! | [`missing_fields`] | a valid event with one object key, at any depth, removed |
//! | [`malformed_json`] | bytes that are not JSON: a cut-off event, trailing garbage, a stray invalid UTF-8 byte, classic near-misses |
//! | [`malformed_json_text`] | the same, always valid UTF-8 (for bodies) |
//! | [`invalid_base64`] | text no base64 decoder accepts: a foreign character, or a length no encoding has |
//! | [`rest_event_with_malformed_json_body`] | a valid REST event declaring a JSON body that is not JSON |
//! | [`rest_event_with_invalid_base64_body`] | a valid REST event declaring a base64 body that is not base64 |
//! | [`kinesis_event_with_invalid_base64`] | a Kinesis batch with one record's `data` not base64 |
//!
//! [`wrong_types`] and [`missing_fields`] take the valid events to damage, so
//! they work for every event type:
//!
//! ```
//! use chalice_events::{Event, SQSEvent};
//! use chalice_testing::strategies::{adversarial, sqs_event_json};
//! use proptest::prelude::*;
//!
//! proptest!(ProptestConfig::with_cases(32), |(raw in adversarial::wrong_types(sqs_event_json()))| {
//!     // May be accepted (the damaged field can be optional) but never panics.
//!     let _ = SQSEvent::from_value(raw);
//! });
//! ```
//!
//! A damaged field may be one the type does not check, so these inputs are
//! not all *rejected*; what they test is that nothing panics, and that what
//! is accepted still round-trips.

use base64::Engine as _;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Value};

use super::{kinesis_event_json, rest_event_json};

/// One step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Item(usize),
}

/// Every path into `value` except the root, parents before children.
fn paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    prefix.push(Step::Key(k.clone()));
                    out.push(prefix.clone());
                    walk(v, prefix, out);
                    prefix.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    prefix.push(Step::Item(i));
                    out.push(prefix.clone());
                    walk(v, prefix, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn at_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.as_object_mut()?.get_mut(k),
        Step::Item(i) => v.as_array_mut()?.get_mut(*i),
    })
}

/// JSON's six types, by name.
fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Replacement values, at least one of each type.
fn replacements() -> [Value; 11] {
    [
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(""),
        json!("x"),
        json!([]),
        json!([1, "two"]),
        json!({}),
        json!({"a": null}),
    ]
}

fn replace_with_wrong_type(mut value: Value, at: Index, with: Index) -> Value {
    let all = paths(&value);
    let target = if all.is_empty() {
        Some(&mut value)
    } else {
        let path = at.get(&all).clone();
        at_mut(&mut value, &path)
    };
    if let Some(target) = target {
        let current = type_of(target);
        let candidates: Vec<Value> = replacements()
            .into_iter()
            .filter(|v| type_of(v) != current)
            .collect();
        *target = with.get(&candidates).clone();
    }
    value
}

/// `valid` with one value (anywhere: a field, a record, an element) replaced
/// by a value of another JSON type, e.g. `"body": 0` or `"Records": {}`.
pub fn wrong_types<S>(valid: S) -> impl Strategy<Value = Value>
where
    S: Strategy<Value = Value>,
{
    (valid, any::<Index>(), any::<Index>())
        .prop_map(|(value, at, with)| replace_with_wrong_type(value, at, with))
}

fn remove_field(mut value: Value, at: Index) -> Value {
    let keyed: Vec<Vec<Step>> = paths(&value)
        .into_iter()
        .filter(|p| matches!(p.last(), Some(Step::Key(_))))
        .collect();
    if keyed.is_empty() {
        return value;
    }
    let mut path = at.get(&keyed).clone();
    if let Some(Step::Key(key)) = path.pop() {
        if let Some(Value::Object(parent)) = at_mut(&mut value, &path) {
            parent.shift_remove(&key);
        }
    }
    value
}

/// `valid` with one object key (anywhere) removed, e.g. a record without
/// `receiptHandle`, or an event without `Records`.
pub fn missing_fields<S>(valid: S) -> impl Strategy<Value = Value>
where
    S: Strategy<Value = Value>,
{
    (valid, any::<Index>()).prop_map(|(value, at)| remove_field(value, at))
}

/// Well-known ways to almost write JSON.
const NEAR_MISSES: &[&str] = &[
    "",
    " ",
    "{",
    "}",
    "[1, 2",
    "{\"a\": 1,}",
    "[1, 2,]",
    "{'a': 1}",
    "{\"a\" 1}",
    "{a: 1}",
    "NaN",
    "Infinity",
    "nul",
    "tru",
    "\"unterminated",
    "\"bad escape \\x\"",
    "01",
    "1.",
    "{\"a\": 1}}",
    "{\"a\": \"\u{0}\"}",
];

/// Text that is not JSON, always valid UTF-8: a proper prefix of a REST
/// event's JSON, the JSON with trailing garbage or a trailing comma, or a
/// classic near-miss (`{'a': 1}`, `NaN`, `[1, 2,]`, ...).
///
/// A byte-order mark is not among them: Chalice (and chalice-events) skip
/// one before a JSON request body.
pub fn malformed_json_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => (rest_event_json(), any::<Index>()).prop_map(|(event, cut)| {
            // Events are objects: every proper prefix leaves a brace open.
            let text = event.to_string();
            let boundaries: Vec<usize> =
                (0..text.len()).filter(|i| text.is_char_boundary(*i)).collect();
            let end = boundaries.get(cut.index(boundaries.len())).copied().unwrap_or(0);
            text[..end].to_string()
        }),
        1 => (rest_event_json(), select(&[",", "}", "]", "x", "{", "\"", "[]"][..]))
            .prop_map(|(event, garbage)| format!("{event}{garbage}")),
        1 => rest_event_json().prop_map(|event| {
            let text = event.to_string();
            match text.strip_suffix('}') {
                Some(open) => format!("{open},}}"),
                None => format!("{text},"),
            }
        }),
        2 => select(NEAR_MISSES).prop_map(str::to_string),
    ]
}

/// Bytes that are not JSON: anything from [`malformed_json_text`], or a
/// valid event with a byte that can never appear in UTF-8 (`0xFF`) put in at
/// any position.
pub fn malformed_json() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => malformed_json_text().prop_map(String::into_bytes),
        1 => (rest_event_json(), any::<Index>()).prop_map(|(event, at)| {
            let mut bytes = event.to_string().into_bytes();
            let at = at.index(bytes.len() + 1);
            bytes.insert(at, 0xff);
            bytes
        }),
    ]
}

/// Text no base64 decoder accepts (neither strict nor lenient about padding
/// and whitespace): valid base64 with a character outside the alphabet put
/// in (`-` and `_` included, from the URL-safe alphabet), or with one
/// character too many for any byte count.
pub fn invalid_base64() -> impl Strategy<Value = String> {
    let foreign = select(&['!', '*', '-', '_', '.', '@', '#', '$', 'é', '\u{0}'][..]);
    prop_oneof![
        (
            proptest::collection::vec(any::<u8>(), 0..32),
            foreign,
            any::<Index>()
        )
            .prop_map(|(bytes, ch, at)| {
                let mut text = base64::engine::general_purpose::STANDARD.encode(bytes);
                // ASCII only so far, so every index is a char boundary.
                let at = at.index(text.len() + 1);
                text.insert(at, ch);
                text
            }),
        (
            proptest::collection::vec(any::<u8>(), 0..10),
            select(&['A', 'Q', 'z', '0', '+', '/'][..])
        )
            .prop_map(|(bytes, extra)| {
                // Whole groups of three bytes encode without padding to a
                // multiple of four characters; one more is a length that no
                // byte count has.
                let whole = bytes.len() / 3 * 3;
                let mut text = base64::engine::general_purpose::STANDARD.encode(&bytes[..whole]);
                text.push(extra);
                text
            }),
    ]
}

/// A valid REST event whose `Content-Type` is `application/json` and whose
/// body is not JSON: Chalice answers `json_body` with 400 `Error Parsing JSON`.
pub fn rest_event_with_malformed_json_body() -> impl Strategy<Value = Value> {
    (rest_event_json(), malformed_json_text()).prop_map(|(mut event, body)| {
        set_header(&mut event, "Content-Type", "application/json");
        if let Some(top) = event.as_object_mut() {
            top.insert("body".into(), Value::String(body));
            top.insert("isBase64Encoded".into(), Value::Bool(false));
        }
        event
    })
}

/// A valid REST event with `isBase64Encoded: true` and a body that is not
/// base64: `raw_body()` reports it instead of guessing.
pub fn rest_event_with_invalid_base64_body() -> impl Strategy<Value = Value> {
    (rest_event_json(), invalid_base64()).prop_map(|(mut event, body)| {
        if let Some(top) = event.as_object_mut() {
            top.insert("body".into(), Value::String(body));
            top.insert("isBase64Encoded".into(), Value::Bool(true));
        }
        event
    })
}

/// A Kinesis batch in which one record's `kinesis.data` is not base64;
/// `KinesisEvent::from_value` rejects it naming the record.
pub fn kinesis_event_with_invalid_base64() -> impl Strategy<Value = Value> {
    (kinesis_event_json(), invalid_base64(), any::<Index>()).prop_map(|(mut event, data, at)| {
        if let Some(Value::Array(records)) = event.get_mut("Records") {
            let len = records.len();
            if len > 0 {
                if let Some(kinesis) = records[at.index(len)]
                    .get_mut("kinesis")
                    .and_then(Value::as_object_mut)
                {
                    kinesis.insert("data".into(), Value::String(data));
                }
            }
        }
        event
    })
}

/// Sets a header in both `headers` and `multiValueHeaders`, replacing every
/// spelling of its name.
fn set_header(event: &mut Value, name: &str, value: &str) {
    let Some(top) = event.as_object_mut() else {
        return;
    };
    for (key, wrapped) in [
        ("headers", Value::String(value.to_string())),
        ("multiValueHeaders", json!([value])),
    ] {
        let slot = top.entry(key).or_insert(Value::Null);
        if !slot.is_object() {
            *slot = json!({});
        }
        if let Some(map) = slot.as_object_mut() {
            map.retain(|k, _| !k.eq_ignore_ascii_case(name));
            map.insert(name.to_string(), wrapped);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    #[test]
    fn paths_cover_every_value_below_the_root() {
        let value = json!({"a": [1, {"b": null}], "c": 2});
        assert_eq!(paths(&value).len(), 5);
    }

    #[test]
    fn a_wrong_type_always_changes_the_type() {
        let mut runner = TestRunner::deterministic();
        let index = any::<Index>();
        for value in [
            json!({"a": "s"}),
            json!({"a": null}),
            json!({"a": {"b": 1}}),
        ] {
            for _ in 0..20 {
                let with = index.new_tree(&mut runner).unwrap().current();
                let at = index.new_tree(&mut runner).unwrap().current();
                let before = type_of(&value["a"]);
                let damaged = replace_with_wrong_type(value.clone(), at, with);
                // Either `a` itself or a value inside it changed type.
                assert_ne!(damaged, value);
                if !value["a"].is_object() {
                    assert_ne!(type_of(&damaged["a"]), before);
                }
            }
        }
        // A scalar root is replaced itself.
        let at = index.new_tree(&mut runner).unwrap().current();
        let with = index.new_tree(&mut runner).unwrap().current();
        assert_ne!(
            type_of(&replace_with_wrong_type(json!(1), at, with)),
            "number"
        );
    }

    #[test]
    fn invalid_base64_is_rejected_by_lenient_and_strict_decoders() {
        use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
        let mut runner = TestRunner::deterministic();
        for _ in 0..500 {
            let text = invalid_base64().new_tree(&mut runner).unwrap().current();
            let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            assert!(STANDARD.decode(&compact).is_err(), "{text:?}");
            assert!(STANDARD_NO_PAD.decode(&compact).is_err(), "{text:?}");
        }
    }

    #[test]
    fn malformed_json_never_parses() {
        let mut runner = TestRunner::deterministic();
        for _ in 0..300 {
            let bytes = malformed_json().new_tree(&mut runner).unwrap().current();
            assert!(
                serde_json::from_slice::<Value>(&bytes).is_err(),
                "{:?}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
}
