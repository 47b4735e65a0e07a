//! The bodies of the fuzz targets, shared by `fuzz/` (cargo-fuzz, libFuzzer)
//! and the suite's replay tests, so that CI checks every law on stable without
//! a fuzzer.
//!
//! Each target is a function of the fuzzer's bytes that checks one law with
//! `assert!`: a violated law is a panic, and a panic is what libFuzzer reports
//! as a crash. Nothing here returns an error; inputs that cannot be used (too
//! few bytes for a structured value) are simply skipped.
//!
//! | target | input | law |
//! |---|---|---|
//! | `parse_<type>` (nine) | raw bytes | parsing (for requests, of the bytes lent and of the text handed over alike) either fails with the typed error of its category (`Syntax` exactly when the bytes are not JSON, otherwise an error naming the event and a field path) or succeeds with `to_dict()` equal to the parsed JSON, and re-parsing `to_dict()` gives an equal event with the same accessor values; `parse_request`'s bytes read as a `DumpedJson` give `json::dumps` of their `Value`, or serde_json's error |
//! | `arbitrary_events` | structured | every `Arbitrary` event serializes to JSON that parses back to an equal event; builders give back what they were given (S3 keys, SQS bodies, Kinesis data, SNS messages, websocket bodies) |
//! | `request` | structured | a REST request built from arbitrary parts answers `method`, `path`, `headers`, `query_params`, `uri_params`, `raw_body` and `json_body` as SPEC §2 says (and `json_body_as::<DumpedJson>()` the text `json::dumps` writes for `json_body`, or its error), and round-trips through JSON |
//! | `response_to_dict` | structured | `Response::to_dict` gives the proxy response of SPEC §3.2 (keys, partition of headers, body encoding, base64 rule) or the one typed error; header validation refuses exactly the names and values with CR or LF; `json::dumps` output parses back to the same value |
//! | `schedule` | text and structured | `Rate`/`Cron`/`ScheduleExpression` parsing accepts only canonical text (display gives the input back) and fails with `Error::Schedule` naming the input; every value displays to text that parses back to it |
//! | `auth_response` | structured | `AuthResponse::to_dict` is exactly Chalice's policy document; every resource ARN is the incoming API and stage with the granted method and path, and holds no wildcard the route did not ask for |
//! | `schedule_expr` | text, or pieces of expressions | `ScheduleExpression::parse` fails with `Error::Schedule` naming the text, or parse → to_string → parse gives the same expression and text, and `chalice-conformance parse schedule_expr` answers that text |
//! | `local_server` | raw HTTP bytes, or one generated request | the local server (over an in-memory connection) answers whole responses, no more than the input has request heads, nothing after `Connection: close`; a well-formed request gets exactly the answer `LocalGateway::handle` gives |
//! | `package` | structured | packaging arbitrary route tables, schedules and configs as SAM or Terraform (or their models; the input picks) never panics, fails with a typed error, or writes a JSON object that round-trips |
//! | `dispatch` | JSON bytes or structured | any event given to the reference app's `handle_http_event` (and, as its text, the input's own bytes when they are JSON, to `handle_http_bytes`, which must answer the same unless the text holds an integer past 64 bits, which it refuses), any bytes given to `handle_http_bytes`, and any HTTP request given to its `LocalGateway`, gives a well-formed proxy response: an integer `statusCode` in 100..=599, string `body`, header maps of strings without CR/LF, valid base64 when flagged, and no handler panic |
//!
//! The replay tests call [`replay`] for each target: the committed corpus
//! (`fuzz/corpus/<target>/`), the real events of `testdata/fixtures/`, and a
//! few thousand inputs made by a fixed xorshift stream (mutated fixtures for
//! the parsers, random bytes for the structured targets).

use std::cell::RefCell;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use chalice_app::events::authorizer::{AuthRequest, AuthResponse, AuthRoute, AuthRouteSpec};
use chalice_app::events::cloudwatch::CloudWatchEvent;
use chalice_app::events::dynamodb::DynamoDBEvent;
use chalice_app::events::json::{DumpedJson, JsonStyle};
use chalice_app::events::kinesis::KinesisEvent;
use chalice_app::events::request::HttpEventKind;
use chalice_app::events::response::{Body, HeaderValue, JsonText, Response, ResponseShape};
use chalice_app::events::s3::S3Event;
use chalice_app::events::schedule::{Cron, Rate, RateUnit, ScheduleExpression};
use chalice_app::events::sns::SNSEvent;
use chalice_app::events::sqs::SQSEvent;
use chalice_app::events::websocket::WebsocketEvent;
use chalice_app::events::{apigateway, json, Category, Error};
use chalice_app::{Chalice, Event, HttpRequest, LambdaContext, LocalGateway, Request};
use serde_json::{json, Map, Value};

/// One fuzz target: its name (also its `fuzz/fuzz_targets/<name>.rs` and
/// `fuzz/corpus/<name>/`), its body, and the fixture folders that seed it.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The target's name, e.g. `"parse_s3"`.
    pub name: &'static str,
    /// The target's body.
    pub run: fn(&[u8]),
    /// Folders of `testdata/fixtures/` whose files are seeds of this target.
    pub fixtures: &'static [&'static str],
    /// Whether the input is JSON (replays mutate the seeds) rather than bytes
    /// for `arbitrary` (replays use random bytes).
    pub json_input: bool,
}

/// Every target, in the order `FUZZING.md` lists them.
pub const TARGETS: [Target; 18] = [
    Target {
        name: "parse_request",
        run: parse_request,
        fixtures: &["apigw_rest", "apigw_http", "alb", "function_url"],
        json_input: true,
    },
    Target {
        name: "parse_auth_request",
        run: parse_auth_request,
        fixtures: &["authorizer"],
        json_input: true,
    },
    Target {
        name: "parse_websocket",
        run: parse_websocket,
        fixtures: &["websocket"],
        json_input: true,
    },
    Target {
        name: "parse_s3",
        run: parse_s3,
        fixtures: &["s3"],
        json_input: true,
    },
    Target {
        name: "parse_sns",
        run: parse_sns,
        fixtures: &["sns"],
        json_input: true,
    },
    Target {
        name: "parse_sqs",
        run: parse_sqs,
        fixtures: &["sqs"],
        json_input: true,
    },
    Target {
        name: "parse_cloudwatch",
        run: parse_cloudwatch,
        fixtures: &["cloudwatch_scheduled", "eventbridge"],
        json_input: true,
    },
    Target {
        name: "parse_kinesis",
        run: parse_kinesis,
        fixtures: &["kinesis"],
        json_input: true,
    },
    Target {
        name: "parse_dynamodb",
        run: parse_dynamodb,
        fixtures: &["dynamodb"],
        json_input: true,
    },
    Target {
        name: "arbitrary_events",
        run: arbitrary_events,
        fixtures: &[],
        json_input: false,
    },
    Target {
        name: "request",
        run: request,
        fixtures: &[],
        json_input: false,
    },
    Target {
        name: "response_to_dict",
        run: response_to_dict,
        fixtures: &[],
        json_input: false,
    },
    Target {
        name: "schedule",
        run: schedule,
        fixtures: &[],
        json_input: false,
    },
    Target {
        name: "auth_response",
        run: auth_response,
        fixtures: &[],
        json_input: false,
    },
    Target {
        name: "dispatch",
        run: dispatch,
        fixtures: &[],
        json_input: true,
    },
    Target {
        name: "schedule_expr",
        run: schedule_expr,
        fixtures: &[],
        json_input: false,
    },
    Target {
        name: "local_server",
        run: local_server,
        fixtures: &[],
        json_input: false,
    },
    Target {
        name: "package",
        run: package,
        fixtures: &[],
        json_input: false,
    },
];

/// Corpus files that reproduce a finding not fixed yet (see `FUZZING.md`,
/// "Findings"): [`replay`] leaves them out, and each has its own ignored test
/// that names the finding. Remove a prefix here when its finding is fixed.
pub const OPEN_FINDINGS: &[&str] = &[];

// ---------------------------------------------------------------------------
// Parsing each event kind from raw bytes
// ---------------------------------------------------------------------------

/// `parse_event(kind, data)` for `kind` = `"request"`, `"auth_request"`,
/// `"websocket"`, `"s3"`, `"sns"`, `"sqs"`, `"cloudwatch"`, `"kinesis"` or
/// `"dynamodb"`: the lossless law on raw bytes (see the module table).
///
/// # Panics
///
/// When the law does not hold, or `kind` is none of those.
pub fn parse_event(kind: &str, data: &[u8]) {
    match kind {
        "request" => request_law(data),
        "auth_request" => event_law::<AuthRequest>(data, "authorizer"),
        "websocket" => event_law::<WebsocketEvent>(data, "websocket"),
        "s3" => event_law::<S3Event>(data, "s3"),
        "sns" => event_law::<SNSEvent>(data, "sns"),
        "sqs" => event_law::<SQSEvent>(data, "sqs"),
        "cloudwatch" => event_law::<CloudWatchEvent>(data, "eventbridge"),
        "kinesis" => event_law::<KinesisEvent>(data, "kinesis"),
        "dynamodb" => event_law::<DynamoDBEvent>(data, "dynamodb"),
        other => panic!("no parse target for kind `{other}`"),
    }
}

/// [`parse_event`] for HTTP events (REST, HTTP API, function URL, ALB).
pub fn parse_request(data: &[u8]) {
    parse_event("request", data);
}

/// [`parse_event`] for authorizer events.
pub fn parse_auth_request(data: &[u8]) {
    parse_event("auth_request", data);
}

/// [`parse_event`] for websocket events.
pub fn parse_websocket(data: &[u8]) {
    parse_event("websocket", data);
}

/// [`parse_event`] for S3 notifications.
pub fn parse_s3(data: &[u8]) {
    parse_event("s3", data);
}

/// [`parse_event`] for SNS notifications.
pub fn parse_sns(data: &[u8]) {
    parse_event("sns", data);
}

/// [`parse_event`] for SQS messages; an event that reads is also answered
/// by the reference app's `on_queue` in both its forms
/// (`typed_answer_law`).
pub fn parse_sqs(data: &[u8]) {
    parse_event("sqs", data);
    typed_answer_law(data);
}

/// The reference app's `on_queue` answers the same text whether it returns
/// a `Value` (which serde_json writes) or a list of structs (written once,
/// straight to the text of [`Reply::Json`](chalice_app::Reply::Json)), and
/// refuses alike what it refuses.
fn typed_answer_law(data: &[u8]) {
    use chalice_app::Reply;
    if SQSEvent::from_slice(data).is_err() {
        return;
    }
    let answer = |app: &Arc<Chalice>| {
        block_on(app.invoke_reply("on_queue", data, LambdaContext::new("on_queue")))
    };
    match (answer(fuzz_app()), answer(fuzz_typed_app())) {
        (Ok(value), Ok(typed)) => {
            assert!(matches!(value, Reply::Value(_)), "{value:?}");
            assert!(matches!(typed, Reply::Json(_)), "{typed:?}");
            let text = |reply: &Reply| {
                serde_json::to_string(reply).unwrap_or_else(|e| panic!("unwritable: {e}"))
            };
            assert_eq!(
                text(&typed),
                text(&value),
                "on_queue answers differently when typed: {}",
                String::from_utf8_lossy(data)
            );
            assert_eq!(typed.into_value(), value.into_value());
        }
        (Err(value), Err(typed)) => assert_eq!(typed.to_string(), value.to_string()),
        (value, typed) => panic!("on_queue: {value:?} as a Value, {typed:?} typed"),
    }
}

/// [`parse_event`] for CloudWatch / EventBridge events.
pub fn parse_cloudwatch(data: &[u8]) {
    parse_event("cloudwatch", data);
}

/// [`parse_event`] for Kinesis records.
pub fn parse_kinesis(data: &[u8]) {
    parse_event("kinesis", data);
}

/// [`parse_event`] for DynamoDB stream records.
pub fn parse_dynamodb(data: &[u8]) {
    parse_event("dynamodb", data);
}

/// The error of a failed parse must be the one its input deserves: `Syntax`
/// exactly when the bytes are not JSON, and otherwise an error about a named
/// field of the event.
fn check_parse_error(name: &str, err: &Error, is_json: bool) {
    assert_eq!(
        err.event(),
        Some(name),
        "the error names another event: {err}"
    );
    assert!(!err.to_string().is_empty());
    if is_json {
        assert!(
            matches!(err.classify(), Category::Data | Category::Encoding),
            "valid JSON refused with a {} error: {err}",
            err.classify()
        );
        assert!(
            err.path().is_some(),
            "a data error without a field path: {err}"
        );
    } else {
        assert!(
            matches!(err, Error::Syntax { .. }),
            "bytes that are not JSON refused with: {err}"
        );
    }
}

fn event_law<E: Event + PartialEq + Debug + serde::Serialize>(data: &[u8], fixture_kind: &str) {
    let parsed: Result<Value, _> = serde_json::from_slice(data);
    let event = match E::from_slice(data) {
        Ok(event) => event,
        Err(err) => {
            check_parse_error(E::NAME, &err, parsed.is_ok());
            return;
        }
    };
    let Ok(original) = parsed else {
        panic!("{} accepted bytes that are not JSON", E::NAME);
    };
    let dict = event.to_dict();
    assert_eq!(
        dict,
        original,
        "{}: to_dict differs from the input",
        E::NAME
    );
    assert_eq!(
        to_value(&event),
        dict,
        "{}: Serialize differs from to_dict",
        E::NAME
    );
    let text = to_text(&dict);
    let again = E::from_slice(text.as_bytes())
        .unwrap_or_else(|e| panic!("{}: to_dict does not parse again: {e}", E::NAME));
    assert_same_after_round_trip(&again.to_dict(), &dict);
    assert_eq!(again, event, "{}: re-parsed event differs", E::NAME);
    // The accessors Chalice exposes give the same answers on both.
    let views = crate::parse_kind(fixture_kind, data).map(|v| v["view"].clone());
    let again_views = crate::parse_kind(fixture_kind, text.as_bytes()).map(|v| v["view"].clone());
    assert_eq!(
        again_views,
        views,
        "{}: accessors differ after re-parsing",
        E::NAME
    );
    assert!(views.is_ok(), "{}: accessors failed: {views:?}", E::NAME);
}

fn request_law(data: &[u8]) {
    check_dumped(data);
    let parsed: Result<Value, _> = serde_json::from_slice(data);
    let lent = Request::from_slice(data);
    // Text handed over (the Lambda front's way) reads as the same bytes
    // lent, and comes back whole with the same error when refused.
    if let Ok(text) = std::str::from_utf8(data) {
        match (Request::from_string_or_back(text.to_string()), &lent) {
            (Ok(owned), Ok(lent)) => {
                assert_eq!(&owned, lent, "Request: owned text read differently")
            }
            (Err((owned, back)), Err(lent)) => {
                assert_eq!(owned.to_string(), lent.to_string());
                assert_eq!(back, text, "Request: the text did not come back whole");
            }
            (owned, lent) => panic!("Request: owned text {owned:?}, lent bytes {lent:?}"),
        }
    }
    let request = match lent {
        Ok(r) => r,
        Err(err) => {
            check_parse_error("Request", &err, parsed.is_ok());
            return;
        }
    };
    let Ok(original) = parsed else {
        panic!("Request accepted bytes that are not JSON");
    };
    assert_eq!(
        request.to_original_event(),
        &original,
        "Request: the event changed"
    );
    assert_eq!(
        to_value(&request),
        original,
        "Request: Serialize differs from the event"
    );
    check_request_accessors(&request);
    check_text_accessors(data, &request, &original);
    let text = to_text(&original);
    let again =
        Request::from_str(&text).unwrap_or_else(|e| panic!("Request: re-parse failed: {e}"));
    assert_same_after_round_trip(again.to_original_event(), &original);
    assert_eq!(again, request);
    let views = crate::parse_kind("apigw_rest", data).map(|v| v["view"].clone());
    let again_views = crate::parse_kind("apigw_rest", text.as_bytes()).map(|v| v["view"].clone());
    assert_eq!(
        again_views, views,
        "Request: accessors differ after re-parsing"
    );
}

/// The accessors that read a part of the event from its text agree with
/// the `Value` of the event: `uri_param` on a fresh request with the map of
/// `uri_params`, and a REST request's query lists with
/// `multiValueQueryStringParameters`.
fn check_text_accessors(data: &[u8], request: &Request, original: &Value) {
    let fresh =
        Request::from_slice(data).unwrap_or_else(|e| panic!("Request: re-read failed: {e}"));
    for (name, value) in request.uri_params().into_iter().flatten() {
        assert_eq!(fresh.uri_param(name), value.as_str(), "uri_param({name:?})");
    }
    if request.kind() != HttpEventKind::Rest {
        return;
    }
    if let Some(Value::Object(map)) = original.get("multiValueQueryStringParameters") {
        let expected: Vec<(&str, Vec<&str>)> = map
            .iter()
            .filter_map(|(k, v)| {
                let strings = v.as_array()?.iter().filter_map(Value::as_str);
                Some((k.as_str(), strings.collect()))
            })
            .collect();
        let read: Vec<(&str, Vec<&str>)> = fresh
            .query_params()
            .map(|q| q.iter().map(|(k, values)| (k, values.collect())).collect())
            .unwrap_or_default();
        assert_eq!(read, expected, "the query lists");
    }
}

/// The accessor laws every request keeps, whatever it was built from.
fn check_request_accessors(request: &Request) {
    // Chalice's to_dict: JSON with the seven keys in order, lowercased headers.
    let dict = request.to_dict();
    let keys: Vec<&str> = dict
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "query_params",
            "headers",
            "uri_params",
            "method",
            "context",
            "stage_vars",
            "path"
        ]
    );
    // No text round trip of `dict` here: it is a `Value` made of values read
    // from JSON, and that round trip is serde_json's own law.
    for (name, value) in request.headers().iter() {
        assert_eq!(name, name.to_lowercase(), "header names are lowercased");
        assert_eq!(request.headers().get(name), Some(value));
        if name.is_ascii() {
            assert_eq!(
                request.headers().get(&name.to_ascii_uppercase()),
                Some(value),
                "lookups ignore case"
            );
        }
    }
    if let Some(query) = request.query_params() {
        for (key, values) in query.iter() {
            assert_eq!(
                query.get(key),
                values.last(),
                "a key's value is its last one"
            );
        }
    }
    check_bodies(request);
}

/// SPEC §2.2 and §2.3: `raw_body` and `json_body` from the body, the base64
/// flag and the content type. A body that is not a string, or a flag that is
/// not a boolean beside a body, is accepted and refused by `raw_body` with
/// the typed error at its field.
fn check_bodies(request: &Request) {
    let raw = request.raw_body();
    let event = request.to_original_event();
    let is_unreadable = |key: &str, ok: fn(&Value) -> bool| event.get(key).is_some_and(|v| !ok(v));
    let body_unreadable = is_unreadable("body", |v| v.is_string() || v.is_null());
    let flag_unreadable = is_unreadable("isBase64Encoded", |v| v.is_boolean() || v.is_null());
    match (request.body(), request.is_base64_encoded(), &raw) {
        (None, _, Err(Error::WrongType { path, .. })) if path == "body" => {
            assert!(body_unreadable, "a body refused that is a string or null");
        }
        (Some(_), false, Err(Error::WrongType { path, .. })) if path == "isBase64Encoded" => {
            assert!(flag_unreadable, "a boolean or null isBase64Encoded refused");
        }
        (None, _, Ok(bytes)) => {
            assert!(bytes.is_empty(), "no body gives no bytes");
            assert!(!body_unreadable, "a body that is not a string read as none");
        }
        (Some(_), _, Ok(_)) if flag_unreadable => {
            panic!("a body read with an isBase64Encoded that is not a boolean")
        }
        (Some(text), false, Ok(bytes)) => assert_eq!(bytes.as_ref(), text.as_bytes()),
        (Some(text), true, Ok(bytes)) => {
            // Whatever was accepted is the canonical encoding of the bytes.
            let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            let expected = base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes);
            assert_eq!(
                compact.trim_end_matches('='),
                expected,
                "base64 body decoded leniently"
            );
        }
        (Some(_), true, Err(Error::InvalidBase64 { path, .. })) => assert_eq!(path, "body"),
        (body, base64, Err(e)) => panic!("raw_body failed on {body:?} (base64: {base64}): {e}"),
    }
    let is_json = request
        .headers()
        .get("content-type")
        .is_some_and(|ct| ct.starts_with("application/json"));
    match request.json_body() {
        Ok(None) => assert!(!is_json, "a JSON content type without json_body"),
        Ok(Some(value)) => {
            assert!(is_json, "json_body without a JSON content type");
            let bytes =
                raw.unwrap_or_else(|e| panic!("json_body parsed a body raw_body refuses: {e}"));
            let bytes = bytes
                .strip_prefix(b"\xEF\xBB\xBF".as_slice())
                .unwrap_or(&bytes);
            let parsed = serde_json::from_slice::<Value>(bytes).ok();
            // As written: key order and number kinds count.
            assert_eq!(
                parsed.map(|v| v.to_string()),
                Some(value.to_string()),
                "json_body differs from serde_json"
            );
        }
        Err(Error::JsonBody { .. }) => {
            assert!(is_json, "json_body failed without a JSON content type");
            if let Ok(bytes) = raw {
                let bytes = bytes
                    .strip_prefix(b"\xEF\xBB\xBF".as_slice())
                    .unwrap_or(&bytes);
                assert!(
                    serde_json::from_slice::<Value>(bytes).is_err(),
                    "json_body refused valid JSON"
                );
            }
        }
        Err(other) => panic!("json_body failed with another error than JsonBody: {other}"),
    }
    // Read as the text `json::dumps` writes, the body is what the `Value`
    // gives, or refused with the same error.
    match (request.json_body(), request.json_body_as::<DumpedJson>()) {
        (Ok(value), Ok(dumped)) => assert_eq!(
            dumped.map(DumpedJson::into_string),
            value.map(|v| json::dumps(&v)),
            "DumpedJson differs from json::dumps of json_body"
        ),
        (Err(by_value), Err(dumped)) => assert_eq!(
            dumped.to_string(),
            by_value.to_string(),
            "DumpedJson refused the body otherwise"
        ),
        (by_value, dumped) => panic!("json_body {by_value:?} but DumpedJson {dumped:?}"),
    }
}

/// Any bytes read as a [`DumpedJson`] give the text `json::dumps` writes
/// for the `Value` serde_json reads from them, or serde_json's error.
fn check_dumped(data: &[u8]) {
    match (
        serde_json::from_slice::<Value>(data),
        serde_json::from_slice::<DumpedJson>(data),
    ) {
        (Ok(value), Ok(dumped)) => assert_eq!(
            dumped.as_str(),
            json::dumps(&value),
            "DumpedJson differs from json::dumps"
        ),
        (Err(by_value), Err(dumped)) => assert_eq!(dumped.to_string(), by_value.to_string()),
        (by_value, dumped) => panic!("as a Value {by_value:?}, as DumpedJson {dumped:?}"),
    }
}

// ---------------------------------------------------------------------------
// Structure-aware round trips
// ---------------------------------------------------------------------------

/// Longest input the derived `Arbitrary` events are built from. `arbitrary`
/// lets one string or list take all the bytes left, and a list item can cost
/// as little as two bytes: events built from a kilobyte held up to hundreds
/// of records or attributes, each written, read and compared several times,
/// which cost the fuzzer over a millisecond an input without reaching code
/// that a few dozen records do not.
const MAX_DERIVED_INPUT: usize = 256;

/// Longest string the generators of this module make.
const MAX_STRING: usize = 48;

/// Most items of a generated list (headers, parameters, records).
const MAX_ITEMS: usize = 8;

/// A string of at most [`MAX_STRING`] bytes of the input, taken as UTF-8
/// where it is (so any character can appear) and replaced where it is not.
fn short_string(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let len = u.int_in_range(0..=MAX_STRING)?;
    let bytes = u.bytes(len.min(u.len()))?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// At most [`MAX_STRING`] bytes of the input.
fn short_bytes(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<u8>> {
    let len = u.int_in_range(0..=MAX_STRING)?;
    Ok(u.bytes(len.min(u.len()))?.to_vec())
}

/// At most [`MAX_ITEMS`] items made by `item`.
fn short_list<T>(
    u: &mut Unstructured<'_>,
    mut item: impl FnMut(&mut Unstructured<'_>) -> arbitrary::Result<T>,
) -> arbitrary::Result<Vec<T>> {
    let n = u.int_in_range(0..=MAX_ITEMS)?;
    (0..n).map(|_| item(u)).collect()
}

/// At most [`MAX_ITEMS`] pairs of short strings.
fn short_pairs(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<(String, String)>> {
    short_list(u, |u| Ok((short_string(u)?, short_string(u)?)))
}

/// Every `Arbitrary` event serializes to JSON that parses back to an equal
/// event, and builders give back what they were given.
pub fn arbitrary_events(data: &[u8]) {
    let mut u = Unstructured::new(&data[..data.len().min(MAX_DERIVED_INPUT)]);
    let Ok(which) = u.int_in_range(0..=9u8) else {
        return;
    };
    let _ = match which {
        0 => round_trip::<S3Event>(&mut u),
        1 => round_trip::<SNSEvent>(&mut u),
        2 => round_trip::<SQSEvent>(&mut u),
        3 => round_trip::<CloudWatchEvent>(&mut u),
        4 => round_trip::<KinesisEvent>(&mut u),
        5 => round_trip::<DynamoDBEvent>(&mut u),
        6 => round_trip::<WebsocketEvent>(&mut u),
        7 => round_trip::<AuthRequest>(&mut u),
        8 => request_round_trip(&mut u),
        _ => builders_give_back_their_input(&mut u),
    };
}

fn round_trip<'a, E>(u: &mut Unstructured<'a>) -> arbitrary::Result<()>
where
    E: Event + Arbitrary<'a> + PartialEq + Debug + serde::Serialize,
{
    let event = E::arbitrary(u)?;
    let text = serde_json::to_string(&event)
        .unwrap_or_else(|e| panic!("{}: Serialize failed: {e}", E::NAME));
    let again = E::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: generated event refused: {e}\n{text}", E::NAME));
    // What the reader gives back is the JSON it read, and an event equal to
    // the one written; the original's own `to_dict` is then that JSON too
    // (equal events have equal JSON), so it is not built a third time.
    assert_eq!(again.to_dict(), from_text(&text));
    assert_eq!(
        again,
        event,
        "{}: generated event changed through JSON",
        E::NAME
    );
    Ok(())
}

fn request_round_trip(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let request = Request::arbitrary(u)?;
    let text = request.to_json();
    let again = Request::from_str(text)
        .unwrap_or_else(|e| panic!("generated request refused: {e}\n{text}"));
    assert_eq!(again, request);
    check_request_accessors(&again);
    Ok(())
}

fn builders_give_back_their_input(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let key = short_string(u)?;
    let s3 = S3Event::builder().key(&key).build();
    assert_eq!(
        s3.key(),
        key.as_str(),
        "S3 key does not survive its URL encoding"
    );
    let s3 = reparse(&s3);
    assert_eq!(s3.key(), key.as_str(), "S3 key does not survive JSON");

    // Both builders make one empty message when given none.
    let bodies = short_list(u, short_string)?;
    let sqs = reparse(&SQSEvent::builder().bodies(bodies.clone()).build());
    let got: Vec<String> = sqs.iter().map(|r| r.body().into_owned()).collect();
    let expected = if bodies.is_empty() {
        vec![String::new()]
    } else {
        bodies
    };
    assert_eq!(got, expected, "SQS bodies");

    let payloads = short_list(u, short_bytes)?;
    let kinesis = reparse(&KinesisEvent::builder().data_items(payloads.clone()).build());
    let got: Vec<Vec<u8>> = kinesis.iter().map(|r| r.data()).collect();
    let expected = if payloads.is_empty() {
        vec![Vec::new()]
    } else {
        payloads
    };
    assert_eq!(got, expected, "Kinesis data");

    let (message, subject) = (short_string(u)?, short_string(u)?);
    let sns = reparse(
        &SNSEvent::builder()
            .message(message.clone())
            .subject(subject.clone())
            .build(),
    );
    assert_eq!(sns.message(), message);
    assert_eq!(sns.subject(), Some(subject.as_str()));

    let body = short_string(u)?;
    let ws = reparse(&WebsocketEvent::builder().body(body.clone()).build());
    assert_eq!(ws.body(), Some(body.as_str()));
    assert_eq!(
        ws.json_body().ok(),
        serde_json::from_str::<Value>(&body).ok()
    );
    Ok(())
}

fn reparse<E: Event + PartialEq + Debug>(event: &E) -> E {
    let again = E::from_str(&to_text(&event.to_dict()))
        .unwrap_or_else(|e| panic!("{}: built event refused: {e}", E::NAME));
    assert_eq!(&again, event);
    again
}

// ---------------------------------------------------------------------------
// Request construction, raw_body and json_body
// ---------------------------------------------------------------------------

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

const CONTENT_TYPES: [&str; 12] = [
    "application/json",
    "application/json; charset=utf-8",
    "application/json;charset=UTF-8",
    "Application/JSON",
    "APPLICATION/JSON",
    "application/json-patch+json",
    "application/notjson",
    "text/plain",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "",
    " application/json",
];

const CONTENT_TYPE_NAMES: [&str; 4] = [
    "Content-Type",
    "content-type",
    "CONTENT-TYPE",
    "cOnTeNt-TyPe",
];

/// A REST request built from arbitrary parts (method, template, parameters,
/// headers, content type, query, and a text, JSON, base64 or broken base64
/// body) answers every accessor as SPEC §2 says.
pub fn request(data: &[u8]) {
    let _ = request_inner(&mut Unstructured::new(data));
}

fn request_inner(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let method = if u.ratio(1, 8)? {
        short_string(u)?
    } else {
        (*u.choose(&METHODS)?).to_string()
    };
    let template = match u.int_in_range(0..=3u8)? {
        0 => "/".to_string(),
        1 => "/items/{id}".to_string(),
        2 => "/a/{b}/c/{d+}".to_string(),
        _ => format!("/{}", short_string(u)?),
    };
    let uri_params = short_pairs(u)?;
    let mut headers = short_pairs(u)?;
    if u.ratio(3, 4)? {
        let name = (*u.choose(&CONTENT_TYPE_NAMES)?).to_string();
        let value = if u.ratio(1, 6)? {
            short_string(u)?
        } else {
            (*u.choose(&CONTENT_TYPES)?).to_string()
        };
        let at = u.choose_index(headers.len() + 1)?;
        headers.insert(at, (name, value));
    }
    let query = short_pairs(u)?;
    let mut builder = Request::builder()
        .method(method.clone())
        .path(template.clone());
    for (k, v) in &uri_params {
        builder = builder.uri_param(k, v);
    }
    for (k, v) in &headers {
        builder = builder.header(k, v);
    }
    for (k, v) in &query {
        builder = builder.query(k, v);
    }
    let mut raw_expected: Option<Vec<u8>> = None;
    let mut broken_base64 = None;
    builder = match u.int_in_range(0..=4u8)? {
        0 => {
            raw_expected = Some(Vec::new());
            builder
        }
        1 => {
            let text = short_string(u)?;
            raw_expected = Some(text.clone().into_bytes());
            builder.body(text)
        }
        2 => {
            let text = json::dumps(&arbitrary_value(u, 3)?);
            raw_expected = Some(text.clone().into_bytes());
            builder.body(text)
        }
        3 => {
            let bytes = short_bytes(u)?;
            raw_expected = Some(bytes.clone());
            builder.base64_body(bytes)
        }
        _ => {
            broken_base64 = Some(short_string(u)?);
            builder
        }
    };
    let mut request = builder.build();
    if let Some(text) = broken_base64 {
        let mut event = request.to_original_event().clone();
        event["body"] = Value::String(text);
        event["isBase64Encoded"] = Value::Bool(true);
        request =
            Request::from_value(event).unwrap_or_else(|e| panic!("a built event refused: {e}"));
    }

    assert_eq!(request.method(), method);
    assert_eq!(request.path(), template);
    if let Some(expected) = raw_expected {
        let raw = request
            .raw_body()
            .unwrap_or_else(|e| panic!("raw_body of a built request: {e}"));
        assert_eq!(raw.as_ref(), expected.as_slice(), "raw_body");
    }
    // Headers: a name given once (ignoring case) has its value.
    let lowered: Vec<String> = headers.iter().map(|(n, _)| n.to_lowercase()).collect();
    for ((name, value), lower) in headers.iter().zip(&lowered) {
        let same: Vec<&String> = headers
            .iter()
            .zip(&lowered)
            .filter(|(_, l)| *l == lower)
            .map(|((_, v), _)| v)
            .collect();
        let got = request.headers().get(name);
        if same.len() == 1 {
            assert_eq!(got, Some(value.as_str()), "header {name:?}");
        } else {
            assert!(
                got.is_some_and(|g| same.iter().any(|v| v.as_str() == g)),
                "header {name:?}: {got:?}"
            );
        }
    }
    // Query: every value of a key, in order; the last one wins a lookup.
    match request.query_params() {
        None => assert!(query.is_empty(), "query parameters lost"),
        Some(q) => {
            for (key, _) in &query {
                let values: Vec<&str> = query
                    .iter()
                    .filter(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str())
                    .collect();
                assert_eq!(q.get_all(key), values.as_slice(), "query key {key:?}");
                assert_eq!(q.get(key), values.last().copied());
            }
        }
    }
    // Path parameters: the last value given for a name.
    match request.uri_params() {
        None => assert!(uri_params.is_empty()),
        Some(params) => {
            for (name, _) in &uri_params {
                let last = uri_params
                    .iter()
                    .rev()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str());
                assert_eq!(params.get(name).and_then(Value::as_str), last);
            }
        }
    }
    check_request_accessors(&request);
    // Its JSON text (as the builder wrote it) reads back as an equal request:
    // equality compares the events, so floats to the bit (finding 2).
    let again = Request::from_str(request.to_json())
        .unwrap_or_else(|e| panic!("a built request does not parse: {e}"));
    assert_eq!(again, request, "changed through JSON");
    Ok(())
}

// ---------------------------------------------------------------------------
// Response::to_dict
// ---------------------------------------------------------------------------

const HEADER_NAMES: [&str; 8] = [
    "Content-Type",
    "content-type",
    "CONTENT-TYPE",
    "Set-Cookie",
    "X-A",
    "Location",
    "X-Bad\r\nName",
    "Accept",
];

const RESPONSE_TYPES: [&str; 10] = [
    "application/json",
    "application/json; charset=utf-8",
    "application/octet-stream",
    "image/png",
    "IMAGE/PNG; q=1",
    "text/plain",
    "*/*",
    "",
    "text/html\r\nX-Injected: 1",
    "application/x-custom",
];

/// `Response::to_dict` with arbitrary headers, bodies, status codes and binary
/// types gives the proxy response of SPEC §3.2 or its one typed error.
pub fn response_to_dict(data: &[u8]) {
    let _ = response_inner(&mut Unstructured::new(data));
}

fn response_inner(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let body = match u.int_in_range(0..=3u8)? {
        0 => Body::Text(u.arbitrary()?),
        1 => Body::Bytes(u.arbitrary()?),
        2 => Body::Json(arbitrary_value(u, 4)?),
        _ => {
            let style = *u.choose(&[JsonStyle::Python, JsonStyle::Plain])?;
            let text = JsonText::with_style(&arbitrary_value(u, 4)?, style)
                .unwrap_or_else(|e| panic!("a Value is always written: {e}"));
            Body::JsonText(text)
        }
    };
    let status: u16 = u.arbitrary()?;
    let mut response = Response::new(body.clone()).with_status(status);
    let count = u.int_in_range(0..=6u8)?;
    for _ in 0..count {
        let name = if u.ratio(1, 4)? {
            u.arbitrary::<String>()?
        } else {
            (*u.choose(&HEADER_NAMES)?).to_string()
        };
        let value = if u.ratio(1, 4)? {
            HeaderValue::Multi(u.arbitrary()?)
        } else if u.ratio(1, 3)? {
            HeaderValue::Single(u.arbitrary()?)
        } else {
            HeaderValue::Single((*u.choose(&RESPONSE_TYPES)?).to_string())
        };
        response.headers.insert(name, value);
    }
    let binary_types: Option<Vec<String>> = match u.int_in_range(0..=3u8)? {
        0 => None,
        1 => Some(apigateway::default_binary_types()),
        2 => Some(vec!["*/*".to_string()]),
        _ => Some(u.arbitrary()?),
    };

    // Header validation refuses exactly the names and values with CR or LF.
    let breaks = |s: &str| s.contains(['\r', '\n']);
    let has_break = response
        .headers
        .iter()
        .any(|(n, v)| breaks(n) || v.values().iter().any(|x| breaks(x)));
    assert_eq!(
        response.header_values_valid().is_err(),
        has_break,
        "header validation"
    );

    let ct = response.headers.get("content-type").unwrap_or("");
    let binary = binary_types
        .as_ref()
        .is_some_and(|t| apigateway::matches_content_type(ct, t));
    let textual_ok = ct.is_empty() || apigateway::matches_content_type(ct, &["application/json"]);
    let dict = match response.to_dict(binary_types.as_deref()) {
        Ok(dict) => dict,
        Err(Error::InvalidArgument {
            what: "Response", ..
        }) => {
            assert!(
                binary && !textual_ok && !matches!(body, Body::Bytes(_)),
                "to_dict refused a response it must write"
            );
            return Ok(());
        }
        Err(other) => panic!("to_dict failed with an unexpected error: {other}"),
    };
    assert!(
        !(binary && !textual_ok && !matches!(body, Body::Bytes(_))),
        "a text body with a binary type was written"
    );

    let Some(map) = dict.as_object() else {
        panic!("to_dict is not an object")
    };
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    let base64 = map.get("isBase64Encoded").is_some();
    if base64 {
        assert_eq!(
            keys,
            [
                "headers",
                "multiValueHeaders",
                "statusCode",
                "body",
                "isBase64Encoded"
            ]
        );
        assert_eq!(map["isBase64Encoded"], Value::Bool(true));
    } else {
        assert_eq!(keys, ["headers", "multiValueHeaders", "statusCode", "body"]);
    }
    assert_eq!(map["statusCode"], json!(status));
    let mut single = Map::new();
    let mut multi = Map::new();
    for (name, value) in response.headers.iter() {
        match value {
            HeaderValue::Single(s) => single.insert(name.to_string(), json!(s)),
            HeaderValue::Multi(v) => multi.insert(name.to_string(), json!(v)),
        };
    }
    assert_eq!(map["headers"], Value::Object(single));
    assert_eq!(map["multiValueHeaders"], Value::Object(multi));
    let Some(text) = map["body"].as_str() else {
        panic!("the body is not a string")
    };
    let as_bytes: Vec<u8> = match &body {
        Body::Text(t) => t.clone().into_bytes(),
        Body::Bytes(b) => b.clone(),
        Body::Json(v) => json::dumps(v).into_bytes(),
        Body::JsonText(t) => t.as_str().as_bytes().to_vec(),
    };
    let non_utf8_bytes = matches!(&body, Body::Bytes(b) if std::str::from_utf8(b).is_err());
    assert_eq!(base64, binary || non_utf8_bytes, "isBase64Encoded");
    if base64 {
        let decoded = base64::engine::general_purpose::STANDARD.decode(text);
        assert_eq!(
            decoded.ok(),
            Some(as_bytes),
            "the base64 body is not the body"
        );
    } else {
        assert_eq!(text.as_bytes(), as_bytes.as_slice(), "the body text");
    }
    assert_same_after_round_trip(&from_text(&to_text(&dict)), &dict);
    // The fast writer writes what serde_json writes, a JSON body copied
    // or not; Lambda is sent that text.
    if let Ok(proxy) = response.to_proxy(ResponseShape::Rest, binary_types.as_deref()) {
        let fast = proxy
            .to_json()
            .unwrap_or_else(|e| panic!("to_json failed: {e}"));
        assert_eq!(
            Some(&fast),
            serde_json::to_string(&proxy).ok().as_ref(),
            "to_json"
        );
        let raw = proxy
            .to_raw_json()
            .unwrap_or_else(|e| panic!("to_raw_json failed: {e}"));
        assert_eq!(serde_json::to_string(&raw).ok(), Some(fast), "to_raw_json");
    }
    // Chalice's JSON encoding is JSON that reads back as the same value.
    if let Body::Json(v) = &body {
        assert_same_after_round_trip(&from_text(&json::dumps(v)), v);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Rate and Cron
// ---------------------------------------------------------------------------

/// `Rate`/`Cron` parsing accepts only canonical text and displays it back;
/// every value displays to text that parses back to it.
pub fn schedule(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        schedule_text(text);
    }
    let _ = schedule_values(&mut Unstructured::new(data));
}

fn schedule_error_names(err: &Error, text: &str) {
    match err {
        Error::Schedule { expression, reason } => {
            assert_eq!(expression, text, "the error names another expression");
            assert!(!reason.is_empty());
        }
        other => panic!("schedule parsing failed with another error: {other}"),
    }
}

fn schedule_text(text: &str) {
    match text.parse::<Rate>() {
        Ok(rate) => {
            assert_eq!(rate.to_string(), text, "Rate parsed non-canonical text");
            assert!(rate.value() >= 1);
        }
        Err(e) => schedule_error_names(&e, text),
    }
    match text.parse::<Cron>() {
        Ok(cron) => assert_eq!(cron.to_string(), text, "Cron parsed non-canonical text"),
        Err(e) => schedule_error_names(&e, text),
    }
    match ScheduleExpression::parse(text) {
        Ok(expression) => {
            assert_eq!(expression.to_string(), text);
            assert!(ScheduleExpression::from(text).validate().is_ok());
        }
        Err(e) => {
            schedule_error_names(&e, text);
            assert!(ScheduleExpression::from(text).validate().is_err());
            assert_eq!(
                ScheduleExpression::from(text).to_string(),
                text,
                "raw text is kept verbatim"
            );
        }
    }
}

fn schedule_values(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let rate = Rate::arbitrary(u)?;
    let text = rate.to_string();
    assert_eq!(text.parse::<Rate>().ok(), Some(rate), "{text}");
    assert_eq!(
        serde_json::to_string(&rate).ok(),
        Some(format!("\"{text}\""))
    );
    assert_eq!(
        serde_json::from_str::<Rate>(&format!("\"{text}\"")).ok(),
        Some(rate)
    );

    let cron = Cron::arbitrary(u)?;
    let text = cron.to_string();
    assert_eq!(text.parse::<Cron>().ok(), Some(cron.clone()), "{text}");
    assert_eq!(
        ScheduleExpression::parse(&text).ok(),
        Some(ScheduleExpression::Cron(cron))
    );

    let value: u32 = u.arbitrary()?;
    let unit = RateUnit::arbitrary(u)?;
    match Rate::new(value, unit) {
        Ok(rate) => {
            assert!(value >= 1);
            assert_eq!((rate.value(), rate.unit()), (value, unit));
            let word = if value == 1 {
                unit.singular()
            } else {
                unit.plural()
            };
            assert_eq!(rate.to_string(), format!("rate({value} {word})"));
        }
        Err(e) => {
            assert_eq!(value, 0, "Rate::new refused {value}: {e}");
            assert!(matches!(e, Error::Schedule { .. }));
        }
    }

    let mut fields: [String; 6] = Default::default();
    for field in &mut fields {
        *field = if u.ratio(1, 2)? {
            (*u.choose(&[
                "*",
                "?",
                "0",
                "1",
                "L",
                "5W",
                "MON-FRI",
                "0/15",
                "1#3",
                "JAN,JUL",
                "2002-2005",
                "60",
            ])?)
            .to_string()
        } else {
            u.arbitrary()?
        };
    }
    let [a, b, c, d, e, f] = &fields;
    match Cron::new(a, b, c, d, e, f) {
        Ok(cron) => {
            let got = [
                cron.minutes(),
                cron.hours(),
                cron.day_of_month(),
                cron.month(),
                cron.day_of_week(),
                cron.year(),
            ];
            assert_eq!(
                got,
                fields.each_ref().map(String::as_str),
                "Cron fields changed"
            );
            assert_eq!(cron.to_string().parse::<Cron>().ok(), Some(cron));
        }
        Err(err) => schedule_error_names(&err, &format!("cron({a} {b} {c} {d} {e} {f})")),
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// AuthResponse policies
// ---------------------------------------------------------------------------

const AUTH_PATHS: [&str; 8] = [
    "*",
    "/",
    "/items/*",
    "/items/{id}",
    "/items/7",
    "/a/b/c",
    "/foo/a:b:c",
    "foo",
];
const AUTH_METHODS: [&str; 5] = ["GET", "POST", "*", "DELETE", "PUT"];

/// `AuthResponse::to_dict` is Chalice's policy document, and every resource is
/// the incoming API and stage with exactly the granted method and path.
pub fn auth_response(data: &[u8]) {
    let _ = auth_response_inner(&mut Unstructured::new(data));
}

fn auth_response_inner(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let pick_path = |u: &mut Unstructured<'_>| -> arbitrary::Result<String> {
        if u.ratio(1, 3)? {
            u.arbitrary()
        } else {
            Ok((*u.choose(&AUTH_PATHS)?).to_string())
        }
    };
    let count = u.int_in_range(0..=5u8)?;
    let mut routes: Vec<AuthRouteSpec> = Vec::new();
    for _ in 0..count {
        if u.arbitrary()? {
            routes.push(AuthRouteSpec::Path(pick_path(u)?));
        } else {
            let path = pick_path(u)?;
            let n = u.int_in_range(0..=3u8)?;
            let mut methods = Vec::new();
            for _ in 0..n {
                methods.push(if u.ratio(1, 4)? {
                    u.arbitrary()?
                } else {
                    (*u.choose(&AUTH_METHODS)?).to_string()
                });
            }
            routes.push(AuthRoute::new(path, methods).into());
        }
    }
    let principal: String = u.arbitrary()?;
    let mut context = Map::new();
    for _ in 0..u.int_in_range(0..=3u8)? {
        context.insert(u.arbitrary()?, arbitrary_value(u, 2)?);
    }
    let response =
        AuthResponse::new(routes.clone(), principal.clone()).with_context(context.clone());

    // A well-formed ARN, whose parts hold no separator, or any text at all.
    let clean = |s: String| s.replace([':', '/'], "");
    let parts: Option<[String; 4]> = if u.ratio(3, 4)? {
        Some([
            clean(u.arbitrary()?),
            clean(u.arbitrary()?),
            clean(u.arbitrary()?),
            clean(u.arbitrary()?),
        ])
    } else {
        None
    };
    let arn = match &parts {
        Some([region, account, api, stage]) => {
            let method = *u.choose(&METHODS)?;
            let path: String = u.arbitrary()?;
            format!("arn:aws:execute-api:{region}:{account}:{api}/{stage}/{method}/{path}")
        }
        None => u.arbitrary()?,
    };

    let resources = response.resources(&arn);
    let expected_count: usize = routes
        .iter()
        .map(|r| match r {
            AuthRouteSpec::Path(_) => 1,
            AuthRouteSpec::Route(route) => route.methods.len(),
        })
        .sum();
    assert_eq!(
        resources.len(),
        expected_count,
        "one resource per path and per route method"
    );
    let dict = response.to_dict_for_arn(&arn);
    let expected = json!({
        "context": context,
        "principalId": principal,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": resources}],
        },
    });
    assert_eq!(dict, expected, "the policy document");
    let keys: Vec<&str> = dict
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys, ["context", "principalId", "policyDocument"]);
    assert_eq!(
        response.to_dict(&AuthRequest::new("TOKEN", "t", arn.clone())),
        dict
    );

    // Each resource grants exactly its route: no wildcard is added.
    let granted = routes.iter().flat_map(|r| match r {
        AuthRouteSpec::Path(p) => vec![("*".to_string(), p.clone())],
        AuthRouteSpec::Route(route) => route
            .methods
            .iter()
            .map(|m| (m.clone(), route.path.clone()))
            .collect(),
    });
    for ((method, path), resource) in granted.zip(&resources) {
        let rest: String = path.chars().skip(1).collect();
        let star = if path == "*" { "*" } else { "" };
        let tail = format!("/{method}/{rest}{star}");
        assert!(
            resource.ends_with(&tail),
            "{resource} does not end with {tail}"
        );
        if let Some([region, account, api, stage]) = &parts {
            // Exactly the API, stage, method and path: no wildcard is added.
            assert_eq!(
                resource,
                &format!("arn:aws:execute-api:{region}:{account}:{api}/{stage}{tail}")
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Dispatch into the reference app
// ---------------------------------------------------------------------------

/// The reference app in debug mode (so that a 500 tells a panic from an
/// error), built once per process.
pub fn fuzz_app() -> &'static Arc<Chalice> {
    static APP: OnceLock<Arc<Chalice>> = OnceLock::new();
    APP.get_or_init(|| Arc::new(crate::refapp::refapp().with_debug(true)))
}

/// [`fuzz_app`] in its typed forms ([`RefappOptions::typed`](crate::refapp::RefappOptions::typed)).
fn fuzz_typed_app() -> &'static Arc<Chalice> {
    static APP: OnceLock<Arc<Chalice>> = OnceLock::new();
    APP.get_or_init(|| {
        let options = crate::refapp::RefappOptions {
            typed: true,
            ..Default::default()
        };
        Arc::new(crate::refapp::refapp_with(options).with_debug(true))
    })
}

/// The local API Gateway in front of [`fuzz_app`], built once per process.
fn fuzz_gateway() -> &'static Arc<LocalGateway> {
    static GATEWAY: OnceLock<Arc<LocalGateway>> = OnceLock::new();
    GATEWAY.get_or_init(|| Arc::new(LocalGateway::new(Arc::clone(fuzz_app()))))
}

/// The routes of [`fuzz_app`], listed once per process.
fn fuzz_routes() -> &'static [Arc<chalice_app::RouteEntry>] {
    static ROUTES: OnceLock<Vec<Arc<chalice_app::RouteEntry>>> = OnceLock::new();
    ROUTES.get_or_init(|| fuzz_app().routes())
}

thread_local! {
    // One small runtime per thread: fuzzers call the target millions of times.
    static RUNTIME: RefCell<Option<tokio::runtime::Runtime>> = const { RefCell::new(None) };
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    RUNTIME.with(|cell| {
        let mut slot = cell.borrow_mut();
        let runtime = slot.get_or_insert_with(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap_or_else(|e| panic!("cannot build a tokio runtime: {e}"))
        });
        runtime.block_on(future)
    })
}

/// The Lambda front answers an invocation's body handed over by
/// `BodyHandover` (as `run` serves it) as it answers the text
/// `lambda_runtime` reads into the service's payload without the layer.
fn lambda_front_law(app: &Arc<Chalice>, text: &[u8]) {
    use chalice_app::{LambdaService, Reply, API_HANDLER};
    use lambda_runtime::{LambdaEvent, Service};

    // Text `lambda_runtime` would refuse never reaches the service.
    let Ok(payload) = serde_json::from_slice::<Box<serde_json::value::RawValue>>(text) else {
        return;
    };
    let service = || LambdaService::new(Arc::clone(app)).with_handler(Some(API_HANDLER));
    let answer = |reply: Result<Reply, chalice_app::Error>| {
        reply
            .map(|r| serde_json::to_string(&r).unwrap_or_else(|e| format!("unwritable: {e}")))
            .map_err(|e| format!("{}: {e}", e.type_name()))
    };
    let event = LambdaEvent::new(payload, lambda_runtime::Context::default());
    let read = answer(block_on(service().call(event)));
    let handed = answer(block_on(
        crate::on_lambda::OnLambda::new(service()).call(text, lambda_runtime::Context::default()),
    ));
    assert_eq!(
        handed,
        read,
        "the body handed over is answered differently: {}",
        String::from_utf8_lossy(text)
    );
}

/// Any event given to the reference app's `handle_http_event`, and any HTTP
/// request given to its `LocalGateway`, yields a well-formed proxy response;
/// the Lambda front answers an event alike with its body handed over or read
/// by `lambda_runtime`.
///
/// Bytes that are JSON are the event itself, and given as they are to
/// `handle_http_bytes` they must answer as the event does; other bytes drive
/// a generator of REST, HTTP API, function URL and ALB events (with missing,
/// `null` and wrongly typed fields) and of local HTTP requests.
pub fn dispatch(data: &[u8]) {
    let app = fuzz_app();
    // The event, and text that must answer alike: the bytes entry point reads
    // the same dispatcher. Two dispatches an input, not three: bytes that are
    // JSON are their own text, so they are not also dispatched as mere bytes.
    let handle = |event: Value, text: &[u8]| {
        let response = block_on(app.handle_http_event(event, LambdaContext::new("api_handler")));
        check_proxy_response(&response);
        let from_bytes = block_on(app.handle_http_bytes(text, LambdaContext::new("api_handler")));
        // Except for an integer past 64 bits, which only text can hold
        // exactly and the bytes entry refuses rather than round.
        if from_bytes != response {
            let refused = Request::from_slice(text).err();
            assert!(
                matches!(&refused, Some(Error::InvalidValue { reason, .. })
                    if reason.contains("does not fit in 64 bits")),
                "handle_http_bytes differs for {}: {from_bytes} against {response}",
                String::from_utf8_lossy(text)
            );
            check_proxy_response(&from_bytes);
        }
        lambda_front_law(app, text);
        // The app is in debug mode: a 500 caused by a panic says so.
        let body = response["body"].as_str().unwrap_or_default();
        assert!(
            !(response["statusCode"] == 500 && body.starts_with("Panic:")),
            "a handler panicked: {body}"
        );
    };
    if let Ok(event) = serde_json::from_slice::<Value>(data) {
        handle(event, data);
        return;
    }
    // Whatever the bytes are, the bytes entry point answers well-formed.
    check_proxy_response(&block_on(
        app.handle_http_bytes(data, LambdaContext::new("api_handler")),
    ));
    let mut u = Unstructured::new(data);
    let Ok(local) = u.ratio(1, 4) else { return };
    if local {
        if let Ok(request) = arbitrary_http_request(&mut u) {
            let response = block_on(fuzz_gateway().handle(request));
            check_http_response(&response);
        }
    } else if let Ok(event) = arbitrary_http_event(&mut u) {
        let text = to_text(&event);
        handle(event, text.as_bytes());
    }
}

/// The checks of [`dispatch`] on one proxy response: an integer `statusCode`
/// in 100..=599, a string `body` (base64 when flagged), header maps of
/// strings without CR or LF.
///
/// # Panics
///
/// When the response is not well-formed.
pub fn check_proxy_response(result: &Value) {
    let Some(map) = result.as_object() else {
        panic!("the response is not an object: {result}")
    };
    let status = map.get("statusCode").and_then(Value::as_u64);
    let Some(body) = map.get("body").and_then(Value::as_str) else {
        panic!("the body is not a string: {result}")
    };
    assert!(
        status.is_some_and(|s| (100..=599).contains(&s)),
        "statusCode {:?} in {result}",
        map.get("statusCode")
    );
    match map.get("isBase64Encoded") {
        None | Some(Value::Bool(false)) => {}
        Some(Value::Bool(true)) => assert!(
            base64::engine::general_purpose::STANDARD
                .decode(body)
                .is_ok(),
            "isBase64Encoded with a body that is not base64: {result}"
        ),
        Some(other) => panic!("isBase64Encoded is {other}"),
    }
    let headers = map.get("headers");
    let multi = map.get("multiValueHeaders");
    assert!(
        headers.is_some_and(Value::is_object) || multi.is_some_and(Value::is_object),
        "no header map in {result}"
    );
    let clean = |s: &str| !s.contains(['\r', '\n']);
    if let Some(headers) = headers {
        let Some(headers) = headers.as_object() else {
            panic!("headers is not an object: {result}")
        };
        for (name, value) in headers {
            let Some(value) = value.as_str() else {
                panic!("header {name} is not a string: {result}")
            };
            assert!(
                clean(name) && clean(value),
                "CR/LF in header {name:?}: {value:?}"
            );
        }
    }
    if let Some(multi) = multi {
        let Some(multi) = multi.as_object() else {
            panic!("multiValueHeaders is not an object: {result}")
        };
        for (name, values) in multi {
            let Some(values) = values.as_array() else {
                panic!("header {name} is not a list: {result}")
            };
            for value in values {
                let Some(value) = value.as_str() else {
                    panic!("header {name} has a non-string: {result}")
                };
                assert!(
                    clean(name) && clean(value),
                    "CR/LF in header {name:?}: {value:?}"
                );
            }
        }
    }
    if let Some(Value::Array(cookies)) = map.get("cookies") {
        assert!(
            cookies.iter().all(|c| c.as_str().is_some_and(clean)),
            "bad cookies in {result}"
        );
    }
}

fn check_http_response(response: &chalice_app::HttpResponse) {
    assert!(
        (100..=599).contains(&response.status_code),
        "status {}",
        response.status_code
    );
    for (name, value) in &response.headers {
        assert!(
            !name.contains(['\r', '\n']) && !value.contains(['\r', '\n']),
            "CR/LF in header {name:?}: {value:?}"
        );
    }
    let panicked = response.status_code == 500 && response.body.starts_with(b"Panic:");
    assert!(
        !panicked,
        "a handler panicked: {}",
        String::from_utf8_lossy(&response.body)
    );
}

const PARAM_VALUES: [&str; 12] = [
    "1",
    "2",
    "0",
    "600",
    "not-found",
    "a%2Fb",
    "..",
    ".",
    "✓",
    "a b",
    "a+b",
    "",
];

fn param_value(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    if u.ratio(1, 2)? {
        u.arbitrary()
    } else {
        Ok((*u.choose(&PARAM_VALUES)?).to_string())
    }
}

fn fill(template: &str, params: &Map<String, Value>) -> String {
    let mut path = template.to_string();
    for (name, value) in params {
        let value = value.as_str().unwrap_or_default();
        path = path
            .replace(&format!("{{{name}}}"), value)
            .replace(&format!("{{{name}+}}"), value);
    }
    path
}

fn arbitrary_http_event(u: &mut Unstructured<'_>) -> arbitrary::Result<Value> {
    let routes = fuzz_routes();
    let entry = u.choose(routes)?;
    let method = match u.int_in_range(0..=9u8)? {
        0 => u.arbitrary::<String>()?,
        1 => (*u.choose(&METHODS)?).to_string(),
        _ => entry.method.clone(),
    };
    let mut params = Map::new();
    for name in &entry.view_args {
        params.insert(name.clone(), Value::String(param_value(u)?));
    }
    let path = fill(&entry.path, &params);
    let mut headers = Map::new();
    if u.ratio(3, 4)? {
        let name = *u.choose(&CONTENT_TYPE_NAMES)?;
        let value = if u.ratio(1, 5)? {
            u.arbitrary::<String>()?
        } else {
            (*u.choose(&CONTENT_TYPES)?).to_string()
        };
        headers.insert(name.to_string(), Value::String(value));
    }
    if u.ratio(1, 3)? {
        let accept = *u.choose(&[
            "*/*",
            "image/png",
            "application/octet-stream",
            "text/html",
            "",
        ])?;
        headers.insert("Accept".to_string(), json!(accept));
    }
    for _ in 0..u.int_in_range(0..=2u8)? {
        headers.insert(u.arbitrary()?, Value::String(u.arbitrary()?));
    }
    let (body, base64) = match u.int_in_range(0..=4u8)? {
        0 => (Value::Null, false),
        1 => (Value::String(u.arbitrary()?), false),
        2 => (Value::String(json::dumps(&arbitrary_value(u, 3)?)), false),
        3 => (
            Value::String(
                base64::engine::general_purpose::STANDARD.encode(u.arbitrary::<Vec<u8>>()?),
            ),
            true,
        ),
        _ => (Value::String(u.arbitrary()?), true),
    };
    let query: Vec<(String, String)> = u.arbitrary()?;
    let mut event = match u.int_in_range(0..=5u8)? {
        0 => {
            let raw_query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let domain = if u.arbitrary()? {
                "abc.lambda-url.us-east-1.on.aws"
            } else {
                "id.execute-api.us-east-1.amazonaws.com"
            };
            json!({
                "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": raw_query.join("&"),
                "headers": headers, "cookies": ["a=1"],
                "requestContext": {"domainName": domain, "http": {"method": method, "path": path}, "stage": "$default"},
                "body": body, "isBase64Encoded": base64,
            })
        }
        1 => {
            let mut multi_query = Map::new();
            for (k, v) in &query {
                if let Some(list) = multi_query
                    .entry(k.clone())
                    .or_insert_with(|| json!([]))
                    .as_array_mut()
                {
                    list.push(json!(v));
                }
            }
            let multi = u.arbitrary::<bool>()?;
            let mut event = json!({
                "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1"}},
                "httpMethod": method, "path": path, "body": body, "isBase64Encoded": base64,
            });
            if multi {
                let multi_headers: Map<String, Value> = headers
                    .iter()
                    .map(|(k, v)| (k.clone(), json!([v])))
                    .collect();
                event["multiValueHeaders"] = Value::Object(multi_headers);
                event["multiValueQueryStringParameters"] = Value::Object(multi_query);
            } else {
                event["headers"] = Value::Object(headers);
                event["queryStringParameters"] =
                    Value::Object(query.into_iter().map(|(k, v)| (k, json!(v))).collect());
            }
            event
        }
        _ => {
            let mut builder = Request::builder()
                .method(method)
                .path(entry.path.clone())
                .raw_path(path);
            for (name, value) in &params {
                builder = builder.uri_param(name, value.as_str().unwrap_or_default());
            }
            for (name, value) in &headers {
                builder = builder.header(name, value.as_str().unwrap_or_default());
            }
            for (k, v) in query {
                builder = builder.query(k, v);
            }
            let mut event = builder.build().into_original_event();
            event["body"] = body;
            event["isBase64Encoded"] = Value::Bool(base64);
            event
        }
    };
    // Break the event: remove, null out or retype some fields.
    for _ in 0..u.int_in_range(0..=3u8)? {
        mutate_value(&mut event, &mut |n| {
            u.int_in_range(0..=n.max(1) - 1).unwrap_or(0)
        })?;
    }
    Ok(event)
}

fn arbitrary_http_request(u: &mut Unstructured<'_>) -> arbitrary::Result<HttpRequest> {
    let entry = u.choose(fuzz_routes())?;
    let method = match u.int_in_range(0..=5u8)? {
        0 => u.arbitrary::<String>()?,
        1 => (*u.choose(&METHODS)?).to_string(),
        _ => entry.method.clone(),
    };
    let mut params = Map::new();
    for name in &entry.view_args {
        params.insert(name.clone(), Value::String(param_value(u)?));
    }
    let mut path = if u.ratio(1, 6)? {
        u.arbitrary::<String>()?
    } else {
        fill(&entry.path, &params)
    };
    if u.ratio(1, 3)? {
        path.push('?');
        path.push_str(&u.arbitrary::<String>()?);
    }
    let mut request = HttpRequest::new(method, path);
    if u.ratio(3, 4)? {
        let value = if u.ratio(1, 5)? {
            u.arbitrary::<String>()?
        } else {
            (*u.choose(&CONTENT_TYPES)?).to_string()
        };
        request = request.header(*u.choose(&CONTENT_TYPE_NAMES)?, value);
    }
    if u.ratio(1, 2)? {
        let token = *u.choose(&["allow-all", "allow-items", "allow-root", "deny", ""])?;
        request = request.header(*u.choose(&["Authorization", "authorization"])?, token);
    }
    if u.ratio(1, 3)? {
        request = request.header("Origin", u.arbitrary::<String>()?);
    }
    for _ in 0..u.int_in_range(0..=2u8)? {
        request = request.header(u.arbitrary::<String>()?, u.arbitrary::<String>()?);
    }
    Ok(request.body(u.arbitrary::<Vec<u8>>()?))
}

// ---------------------------------------------------------------------------
// Helpers: values, mutations, the xorshift stream and the replay driver
// ---------------------------------------------------------------------------

/// An arbitrary JSON value at most `depth` levels deep.
///
/// # Errors
///
/// When `u` runs out of bytes in a way `arbitrary` reports.
pub fn arbitrary_value(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Value> {
    let top = if depth == 0 { 3 } else { 5 };
    Ok(match u.int_in_range(0..=top)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => match u.int_in_range(0..=2u8)? {
            0 => json!(u.arbitrary::<i64>()?),
            1 => json!(u.arbitrary::<u64>()?),
            _ => serde_json::Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
        },
        3 => Value::String(u.arbitrary()?),
        4 => {
            let n = u.int_in_range(0..=4u8)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(arbitrary_value(u, depth - 1)?);
            }
            Value::Array(items)
        }
        _ => {
            let n = u.int_in_range(0..=4u8)?;
            let mut map = Map::new();
            for _ in 0..n {
                map.insert(u.arbitrary()?, arbitrary_value(u, depth - 1)?);
            }
            Value::Object(map)
        }
    })
}

/// Replaces, removes or retypes one node of `value`, chosen with `pick(n)`
/// (which returns a number below `n`).
fn mutate_value(value: &mut Value, pick: &mut dyn FnMut(usize) -> usize) -> arbitrary::Result<()> {
    let count = descendants(value);
    if count == 0 {
        return Ok(());
    }
    let mut nth = pick(count);
    let replacement = match pick(12) {
        0 => None,
        1 => Some(Value::Null),
        2 => Some(json!(true)),
        3 => Some(json!(-1)),
        4 => Some(json!(1.5e300)),
        5 => Some(json!("")),
        6 => Some(json!("!!not base64!!")),
        7 => Some(json!([])),
        8 => Some(json!({})),
        9 => Some(json!(["x", 1, null])),
        10 => Some(json!(u64::MAX)),
        _ => Some(json!("\u{0}\r\n✓")),
    };
    replace_nth(value, &mut nth, &mut Some(replacement));
    Ok(())
}

/// How many values lie below `value`: its members and items, and theirs.
fn descendants(value: &Value) -> usize {
    match value {
        Value::Object(map) => map.values().map(|v| 1 + descendants(v)).sum(),
        Value::Array(items) => items.iter().map(|v| 1 + descendants(v)).sum(),
        _ => 0,
    }
}

/// Replaces the `nth` value below `node`, counted in pre-order (a member or
/// item before what lies below it), with `replacement` (`None` removes it).
/// Counts `nth` down on the way, without collecting every path: generators
/// call this on each event they break. True once the value was reached.
fn replace_nth(node: &mut Value, nth: &mut usize, replacement: &mut Option<Option<Value>>) -> bool {
    match node {
        Value::Object(map) => {
            let mut hit = None;
            for (key, child) in map.iter_mut() {
                if *nth == 0 {
                    hit = Some(key.clone());
                    break;
                }
                *nth -= 1;
                if replace_nth(child, nth, replacement) {
                    return true;
                }
            }
            let Some(key) = hit else { return false };
            match replacement.take().flatten() {
                None => {
                    map.shift_remove(&key);
                }
                Some(v) => {
                    map.insert(key, v);
                }
            }
            true
        }
        Value::Array(items) => {
            let mut hit = None;
            for (i, child) in items.iter_mut().enumerate() {
                if *nth == 0 {
                    hit = Some(i);
                    break;
                }
                *nth -= 1;
                if replace_nth(child, nth, replacement) {
                    return true;
                }
            }
            let Some(i) = hit else { return false };
            match replacement.take().flatten() {
                None => {
                    items.remove(i);
                }
                Some(v) => items[i] = v,
            }
            true
        }
        _ => false,
    }
}

/// A fixed xorshift64 stream: the replay tests' source of "random" inputs,
/// the same on every run so that a failure replays.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A stream from `seed` (0 is replaced, as xorshift cannot leave it).
    pub fn new(seed: u64) -> Self {
        XorShift(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            // The modulo bias is irrelevant for test input.
            (self.next_u64() % n as u64) as usize
        }
    }

    /// `len` bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64().to_le_bytes()[3]).collect()
    }
}

/// A mutation of a JSON seed: truncated, a byte flipped or inserted, or one to
/// three of its fields removed, nulled or retyped.
pub fn mutate(seed: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    match rng.below(8) {
        0 => bytes.truncate(rng.below(seed.len() + 1)),
        1 if !bytes.is_empty() => {
            let at = rng.below(bytes.len());
            bytes[at] ^= 1 << rng.below(8);
        }
        2 => {
            let at = rng.below(bytes.len() + 1);
            let extra = [b'"', b'{', b'}', b'[', b']', b',', b':', b'\\', 0xff, b'0'];
            bytes.insert(at, extra[rng.below(extra.len())]);
        }
        _ => {
            if let Ok(mut value) = serde_json::from_slice::<Value>(seed) {
                for _ in 0..=rng.below(3) {
                    let _ = mutate_value(&mut value, &mut |n| rng.below(n));
                }
                bytes = to_text(&value).into_bytes();
            }
        }
    }
    bytes
}

/// The repository root (`tests/..`).
pub fn repo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn sorted_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n != "README.md" && n != ".gitkeep")
        })
        .filter_map(|p| std::fs::read(&p).ok().map(|bytes| (p, bytes)))
        .collect()
}

/// The committed corpus of `target` (`fuzz/corpus/<target>/`), without the
/// inputs of open findings.
pub fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    sorted_files(&repo_dir().join("fuzz/corpus").join(target))
        .into_iter()
        .filter(|(p, _)| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            !OPEN_FINDINGS.iter().any(|prefix| name.starts_with(prefix))
        })
        .collect()
}

/// The seeds of `target`: its committed corpus and its fixture folders (a
/// fixture already copied into the corpus counts once).
pub fn seeds(target: &Target) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all = corpus(target.name);
    let mut seen: std::collections::HashSet<Vec<u8>> = all.iter().map(|(_, b)| b.clone()).collect();
    for kind in target.fixtures {
        for (path, bytes) in sorted_files(&crate::testdata_dir().join("fixtures").join(kind)) {
            if seen.insert(bytes.clone()) {
                all.push((path, bytes));
            }
        }
    }
    all
}

/// The target named `name`.
///
/// # Panics
///
/// When there is no such target.
pub fn target(name: &str) -> Target {
    match TARGETS.iter().find(|t| t.name == name) {
        Some(t) => *t,
        None => panic!("no fuzz target `{name}`"),
    }
}

/// Replays `name` as a plain test: every seed, then `generated` inputs from a
/// fixed xorshift stream (mutated seeds for JSON targets, random bytes for the
/// others). Returns how many inputs ran.
///
/// # Panics
///
/// As the target does, with the input that broke the law named first.
pub fn replay(name: &str, generated: usize) -> usize {
    let target = target(name);
    let seeds = seeds(&target);
    let mut count = 0;
    for (path, bytes) in &seeds {
        run_named(&target, &path.display().to_string(), bytes);
        count += 1;
    }
    let mut rng = XorShift::new(name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }));
    for i in 0..generated {
        let input = if target.json_input && !seeds.is_empty() && rng.below(4) != 0 {
            let (_, seed) = &seeds[rng.below(seeds.len())];
            mutate(seed, &mut rng)
        } else {
            let len = rng.below(2048);
            rng.bytes(len)
        };
        run_named(&target, &format!("generated input {i}"), &input);
        count += 1;
    }
    count
}

fn run_named(target: &Target, label: &str, input: &[u8]) {
    let outcome = std::panic::catch_unwind(|| (target.run)(input));
    if let Err(payload) = outcome {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
            .unwrap_or_default();
        let shown = String::from_utf8_lossy(&input[..input.len().min(2000)]).into_owned();
        panic!(
            "{}: {label} breaks the law: {message}\ninput ({} bytes): {shown}",
            target.name,
            input.len()
        );
    }
}

/// Runs one corpus file of `target` (for the tests of open findings).
///
/// # Panics
///
/// As the target does, or when the file cannot be read.
pub fn replay_file(target_name: &str, file: &str) {
    let path = repo_dir().join("fuzz/corpus").join(target_name).join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    run_named(&target(target_name), &path.display().to_string(), &bytes);
}

/// Asserts that `again` (a value after a trip through JSON text) is
/// `original`, floats included to the bit (FUZZING.md, finding 2).
///
/// # Panics
///
/// When the values differ.
fn assert_same_after_round_trip(again: &Value, original: &Value) {
    assert_eq!(again, original, "changed through JSON");
}

fn to_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| panic!("JSON serialization failed: {e}"))
}

fn to_value(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| panic!("JSON serialization failed: {e}"))
}

fn from_text(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

// ---------------------------------------------------------------------------
// Schedule expressions from text
// ---------------------------------------------------------------------------

/// Pieces of schedule expressions, for the generated half of
/// [`schedule_expr`]: libFuzzer's byte mutations rarely assemble a valid
/// cron field by themselves.
const SCHEDULE_PIECES: [&str; 40] = [
    "rate(", "cron(", ")", " ", "  ", "\t", "\n", "0", "1", "5", "05", "15", "59", "60", "23",
    "24", "31", "32", "12", "13", "1970", "2199", "2200", "*", "?", "-", ",", "/", "L", "W", "#",
    "LW", "MON", "FRI", "JAN", "DEC", "minute", "minutes", "hours", "days",
];

/// `ScheduleExpression::parse` on any text, as `chalice-conformance parse
/// schedule_expr FILE` reads it: it fails with `Error::Schedule` naming the
/// text, or the expression writes back to text that parses to the same
/// expression and writes back the same again (parse → to_string → re-parse),
/// and the conformance reading answers that text as its `to_dict`.
///
/// The first byte picks the input: odd, the rest is the text; even, the rest
/// picks pieces of expressions (numbers, names, field separators) to join.
pub fn schedule_expr(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 1 {
        schedule_expr_law(rest);
    } else {
        let text: String = rest
            .iter()
            .map(|b| SCHEDULE_PIECES[usize::from(*b) % SCHEDULE_PIECES.len()])
            .collect();
        schedule_expr_law(text.as_bytes());
    }
}

fn schedule_expr_law(bytes: &[u8]) {
    let conformance = crate::parse_kind("schedule_expr", bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        assert!(conformance.is_err(), "text that is not UTF-8 was read");
        return;
    };
    match ScheduleExpression::parse(text) {
        Ok(expression) => {
            let written = expression.to_string();
            let again = ScheduleExpression::parse(&written)
                .unwrap_or_else(|e| panic!("{text:?} writes back as {written:?}, refused: {e}"));
            assert_eq!(again, expression, "{text:?} → {written:?}");
            assert_eq!(again.to_string(), written);
            assert!(expression.validate().is_ok());
            let out = conformance.unwrap_or_else(|e| panic!("conformance refused {text:?}: {e}"));
            assert_eq!(out["to_dict"], Value::String(written));
            assert!(out["view"].is_object());
        }
        Err(e) => {
            schedule_error_names(&e, text);
            assert!(conformance.is_err(), "conformance read {text:?}");
        }
    }
}

// ---------------------------------------------------------------------------
// The local server from raw HTTP bytes
// ---------------------------------------------------------------------------

/// Limits of the server the fuzzer talks to: small, so that inputs of a few
/// kilobytes reach every refusal.
fn fuzz_server_config() -> chalice_app::ServerConfig {
    chalice_app::ServerConfig {
        max_body_bytes: 2048,
        max_uri_bytes: 512,
        max_header_bytes: 1024,
        ..chalice_app::ServerConfig::default()
    }
}

/// The statuses the server answers with itself, before a request reaches the
/// gateway (see `chalice_app::server`), and hyper's own 505.
const SERVER_REFUSALS: [u16; 7] = [400, 408, 413, 414, 431, 501, 505];

/// One response read back from the server.
#[derive(Debug)]
struct WireResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Sends `input` to the reference app's local server over an in-memory
/// connection, shuts the sending side, and returns every byte it answered.
fn over_the_wire(input: &[u8]) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let gateway = Arc::clone(fuzz_gateway());
    block_on(async move {
        let (mut client, server) = tokio::io::duplex(64 * 1024);
        let peer = std::net::SocketAddr::from(([127, 0, 0, 1], 40000));
        let served = tokio::spawn(chalice_app::serve_connection(
            gateway,
            server,
            peer,
            fuzz_server_config(),
        ));
        let input = input.to_vec();
        let (mut reader, mut writer) = tokio::io::split(&mut client);
        let write = async move {
            // The server may close before reading everything: not an error.
            let _ = writer.write_all(&input).await;
            let _ = writer.shutdown().await;
        };
        let mut out = Vec::new();
        let read = reader.read_to_end(&mut out);
        let (_, read) = tokio::join!(write, read);
        let _ = read;
        let _ = served.await;
        out
    })
}

/// Splits the server's answer into responses (HTTP/1.1, or HTTP/1.0 for a
/// request of that version), or panics on bytes that are not a response. A response to `HEAD` declares a length and sends no body: a
/// body that starts with a status line is taken for that case.
fn wire_responses(mut bytes: &[u8]) -> Vec<WireResponse> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let Some(split) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
            panic!("a partial response: {:?}", String::from_utf8_lossy(bytes));
        };
        let head = std::str::from_utf8(&bytes[..split])
            .unwrap_or_else(|e| panic!("a response head that is not text: {e}"));
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status: u16 = status_line
            .strip_prefix("HTTP/1.1 ")
            .or_else(|| status_line.strip_prefix("HTTP/1.0 "))
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("not a status line: {status_line:?}"));
        let headers: Vec<(String, String)> = lines
            .map(|l| {
                let (k, v) = l
                    .split_once(':')
                    .unwrap_or_else(|| panic!("not a header line: {l:?}"));
                (k.trim().to_ascii_lowercase(), v.trim().to_string())
            })
            .collect();
        let declared: usize =
            headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .map_or(0, |(_, v)| {
                    v.parse()
                        .unwrap_or_else(|_| panic!("a bad Content-Length: {v:?}"))
                });
        assert!(
            !headers.iter().any(|(k, _)| k == "transfer-encoding"),
            "the server sent a chunked response"
        );
        let rest = &bytes[split + 4..];
        let length = if rest.starts_with(b"HTTP/1.") || rest.is_empty() {
            0
        } else {
            declared
        };
        assert!(
            rest.len() >= length,
            "a body shorter than its Content-Length"
        );
        out.push(WireResponse {
            status,
            headers,
            body: rest[..length].to_vec(),
        });
        bytes = &rest[length..];
    }
    out
}

/// How many request heads `input` can hold at most: each ends with an empty
/// line.
fn heads_at_most(input: &[u8]) -> usize {
    input.windows(2).filter(|w| w == b"\n\n").count()
        + input.windows(3).filter(|w| w == b"\n\r\n").count()
}

/// Raw HTTP bytes given to the local server: request line, headers and body
/// through hyper, the server's framing checks and limits, the gateway
/// emulation and the reference app, back to bytes on the wire.
///
/// The first byte picks the input. Odd: the rest is the bytes on the wire,
/// and the answer must be whole HTTP/1.1 responses, no more than the input
/// has request heads (plus one refusal of bytes that are no request), statuses in 100..=599, nothing after a response that
/// closes the connection, and no server refusal the module docs do not list.
/// Even: the rest builds one well-formed request (a route of the app, any
/// method, headers, query and body within the limits) and the answer must be
/// exactly the gateway's answer to that request, as `LocalGateway::handle`
/// gives it: the bytes reached the proxy event unchanged.
pub fn local_server(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 1 {
        raw_http_law(rest);
    } else {
        let _ = wire_equals_gateway(&mut Unstructured::new(rest));
    }
}

fn raw_http_law(input: &[u8]) {
    let answer = over_the_wire(input);
    let responses = wire_responses(&answer);
    let finals: Vec<&WireResponse> = responses.iter().filter(|r| r.status >= 200).collect();
    // One answer per request head, and one refusal more for bytes that do
    // not make a request (hyper answers those with 400 or 431 and closes).
    let heads = heads_at_most(input);
    assert!(
        finals.len() <= heads + 1,
        "{} responses to at most {heads} requests",
        finals.len()
    );
    if finals.len() == heads + 1 {
        let last = finals[heads];
        assert!(
            SERVER_REFUSALS.contains(&last.status),
            "{} responses to at most {heads} requests, the last {last:?}",
            finals.len()
        );
    }
    for (i, response) in responses.iter().enumerate() {
        assert!((100..=599).contains(&response.status), "{response:?}");
        if response.status < 200 {
            assert_eq!(
                response.status, 100,
                "an informational answer: {response:?}"
            );
            continue;
        }
        let closes = response
            .headers
            .iter()
            .any(|(k, v)| k == "connection" && v.eq_ignore_ascii_case("close"));
        if closes {
            assert_eq!(
                i + 1,
                responses.len(),
                "an answer after `Connection: close`"
            );
        }
        if SERVER_REFUSALS.contains(&response.status) && response.status != 400 {
            // Every refusal but a gateway's own 400s closes the connection.
            let from_gateway = response
                .headers
                .iter()
                .any(|(k, _)| k == "x-amzn-requestid");
            assert!(
                closes || from_gateway || i + 1 == responses.len(),
                "a refusal that keeps the connection: {response:?}"
            );
        }
    }
}

/// Characters of header values and query strings: any visible ASCII but the
/// few the generator would have to escape.
fn token_text(u: &mut Unstructured<'_>, max: usize) -> arbitrary::Result<String> {
    let len = u.int_in_range(0..=max)?;
    (0..len)
        .map(|_| {
            let b = u.int_in_range(0x21u8..=0x7e)?;
            Ok(if matches!(b, b'#' | b'%' | b'?' | b'&' | b'=' | b'/') {
                'x'
            } else {
                char::from(b)
            })
        })
        .collect()
}

/// Characters of path parameters and query strings: the unreserved ones of
/// RFC 3986, which every URI parser takes as they are.
fn uri_text(u: &mut Unstructured<'_>, max: usize) -> arbitrary::Result<String> {
    const UNRESERVED: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    let len = u.int_in_range(0..=max)?;
    (0..len)
        .map(|_| Ok(char::from(*u.choose(UNRESERVED)?)))
        .collect()
}

fn wire_equals_gateway(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let entry = u.choose(fuzz_routes())?;
    let method = if u.ratio(1, 4)? {
        (*u.choose(&METHODS)?).to_string()
    } else {
        entry.method.clone()
    };
    let mut params = Map::new();
    for name in &entry.view_args {
        let value = uri_text(u, 12)?;
        params.insert(name.clone(), Value::String(value));
    }
    let mut path = fill(&entry.path, &params);
    if u.ratio(1, 3)? {
        path.push('?');
        for _ in 0..u.int_in_range(1..=3u8)? {
            path.push_str(&format!("{}={}&", uri_text(u, 6)?, uri_text(u, 6)?));
        }
    }
    let mut request = HttpRequest::new(method.clone(), path.clone());
    if u.ratio(3, 4)? {
        request = request.header("content-type", *u.choose(&CONTENT_TYPES[..10])?);
    }
    if u.ratio(1, 2)? {
        let token = *u.choose(&["allow-all", "allow-items", "allow-root", "deny"])?;
        request = request.header("authorization", token);
    }
    for _ in 0..u.int_in_range(0..=3u8)? {
        // Lower-case, as hyper hands names over: two names that differ in
        // case only are one header on the wire and two for the emulation.
        let name = format!("x-{}", uri_text(u, 8)?.to_ascii_lowercase());
        request = request.header(name, token_text(u, 24)?);
    }
    let body: Vec<u8> = if method == "GET" || method == "HEAD" {
        Vec::new()
    } else {
        let len = u.int_in_range(0..=256usize)?;
        u.bytes(len)?.to_vec()
    };
    request = request.body(body.clone());
    // Names are lower-case on both sides: hyper hands them over so.
    let mut wire = format!("{method} {path} HTTP/1.1\r\nhost: localhost\r\n");
    for (name, value) in &request.headers {
        wire.push_str(&format!("{name}: {value}\r\n"));
    }
    wire.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let mut bytes = wire.into_bytes();
    bytes.extend_from_slice(&body);

    let mut expected_request = request.clone();
    expected_request
        .headers
        .insert(0, ("host".to_string(), "localhost".to_string()));
    expected_request
        .headers
        .push(("content-length".to_string(), body.len().to_string()));
    expected_request.source_ip = Some("127.0.0.1".to_string());
    let expected = block_on(fuzz_gateway().handle(expected_request));

    let responses = wire_responses(&over_the_wire(&bytes));
    assert_eq!(responses.len(), 1, "{responses:?}");
    let got = &responses[0];
    assert_eq!(got.status, expected.status_code, "{method} {path}: {got:?}");
    if method != "HEAD" {
        // Request ids and dates differ between two runs; the rest may not.
        let volatile = |body: &[u8]| -> Value {
            let mut value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
            strip_volatile(&mut value);
            value
        };
        if serde_json::from_slice::<Value>(&got.body).is_ok() {
            assert_eq!(
                volatile(&got.body),
                volatile(&expected.body),
                "{method} {path}"
            );
        } else {
            assert_eq!(got.body, expected.body, "{method} {path}");
        }
    }
    Ok(())
}

/// Removes what differs between two answers to one request: request ids and
/// times, wherever the reference app echoes them.
fn strip_volatile(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in [
                "requestId",
                "requestTime",
                "requestTimeEpoch",
                "extendedRequestId",
            ] {
                map.shift_remove(key);
            }
            map.values_mut().for_each(strip_volatile);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_volatile),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Packaging
// ---------------------------------------------------------------------------

const ROUTE_SEGMENTS: [&str; 14] = [
    "items", "{id}", "{proxy+}", "a", "b-c", "{x}", "{x}", "", "v1.0", "é", "{}", "{a b}", "*",
    "{id}{x}",
];

const CONFIG_KEYS: [&str; 24] = [
    "app_name",
    "api_gateway_stage",
    "api_gateway_endpoint_type",
    "api_gateway_endpoint_vpce",
    "api_gateway_policy_file",
    "minimum_compression_size",
    "lambda_architecture",
    "lambda_memory_size",
    "lambda_timeout",
    "environment_variables",
    "tags",
    "manage_iam_role",
    "iam_role_arn",
    "autogen_policy",
    "iam_policy_file",
    "reserved_concurrency",
    "subnet_ids",
    "security_group_ids",
    "layers",
    "log_retention_in_days",
    "xray",
    "automatic_layer",
    "api_gateway_custom_domain",
    "version",
];

const CONFIG_VALUES: [&str; 16] = [
    "\"dev\"",
    "\"EDGE\"",
    "\"PRIVATE\"",
    "\"REGIONAL\"",
    "\"arm64\"",
    "\"x86_64\"",
    "128",
    "0",
    "-1",
    "true",
    "false",
    "null",
    "{\"A\": \"b\"}",
    "[\"subnet-1\"]",
    "\"missing-policy.json\"",
    "{\"domain_name\": \"api.example.com\", \"certificate_arn\": \"arn:aws:acm:x\"}",
];

/// An app built from an arbitrary route table (paths from pieces that
/// include malformed parameters, any methods, CORS, authorizers, API keys,
/// content types), schedules with arbitrary expressions and Lambda functions
/// with arbitrary names, packaged with an arbitrary `config.json` (known keys
/// with well- and ill-typed values, per stage and per function) as SAM or as
/// Terraform, or given to `generate_models` (the input picks which):
/// packaging never panics, refuses with a typed error whose text is not
/// empty, and every template it writes is a JSON object that writes to text
/// and parses back to itself. `generate_models` likewise.
pub fn package(data: &[u8]) {
    let _ = package_inner(&mut Unstructured::new(data));
}

/// [`CONFIG_VALUES`] read as JSON, once per process.
fn config_values() -> &'static [Value] {
    static VALUES: OnceLock<Vec<Value>> = OnceLock::new();
    VALUES.get_or_init(|| CONFIG_VALUES.iter().map(|text| from_text(text)).collect())
}

/// Known config keys with values of every type: a top level, a stage or a
/// function of `config.json`.
fn config_settings(u: &mut Unstructured<'_>) -> arbitrary::Result<Map<String, Value>> {
    let mut map = Map::new();
    for _ in 0..u.int_in_range(0..=4u8)? {
        let key = (*u.choose(&CONFIG_KEYS)?).to_string();
        let value = if u.ratio(1, 6)? {
            arbitrary_value(u, 2)?
        } else {
            u.choose(config_values())?.clone()
        };
        map.insert(key, value);
    }
    Ok(map)
}

fn package_inner(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    use chalice_app::package::{self, CodeLocation, Config, PackageFormat, PackageOptions};
    use chalice_app::{AuthorizerConfig, Route};

    let mut app = Chalice::new(if u.ratio(1, 8)? { "" } else { "fuzzed" });
    let auth = if u.ratio(1, 2)? {
        Some(app.authorizer(
            "fuzz_auth",
            AuthorizerConfig::default(),
            |_r: AuthRequest| AuthResponse::new(["*"], "user"),
        ))
    } else {
        None
    };
    for i in 0..u.int_in_range(0..=6u8)? {
        let mut path = String::new();
        for _ in 0..u.int_in_range(0..=3u8)? {
            path.push('/');
            path.push_str(u.choose(&ROUTE_SEGMENTS)?);
        }
        if path.is_empty() || u.ratio(1, 10)? {
            path = if u.ratio(1, 2)? {
                "/".to_string()
            } else {
                token_text(u, 10)?
            };
        }
        let mut methods = vec![(*u.choose(&METHODS)?).to_string()];
        if u.ratio(1, 4)? {
            methods.push(if u.ratio(1, 4)? {
                token_text(u, 5)?
            } else {
                (*u.choose(&METHODS)?).to_string()
            });
        }
        let mut route = Route::new().methods(methods);
        if u.ratio(1, 3)? {
            route = route.name(if u.ratio(1, 2)? {
                format!("route_{i}")
            } else {
                token_text(u, 6)?
            });
        }
        if u.ratio(1, 4)? {
            route = route.cors(true);
        }
        if u.ratio(1, 4)? {
            route = route.api_key_required(true);
        }
        if u.ratio(1, 4)? {
            route = route.content_types([*u.choose(&CONTENT_TYPES)?]);
        }
        if let Some(auth) = &auth {
            if u.ratio(1, 3)? {
                route = route.authorizer(auth);
            }
        }
        let _ = app.try_route(&path, route, |_r: Request| json!({}));
    }
    for i in 0..u.int_in_range(0..=2u8)? {
        let expression = if u.ratio(1, 2)? {
            (*u.choose(&["rate(5 minutes)", "cron(0 12 * * ? *)", "rate(1 minute)"])?).to_string()
        } else {
            let pieces: Vec<u8> = u.arbitrary()?;
            pieces
                .iter()
                .take(16)
                .map(|b| SCHEDULE_PIECES[usize::from(*b) % SCHEDULE_PIECES.len()])
                .collect()
        };
        app.schedule(
            chalice_app::ScheduleConfig::new(expression.as_str()).name(format!("every_{i}")),
            |_e: CloudWatchEvent| json!({}),
        );
    }
    if u.ratio(1, 3)? {
        let name = token_text(u, 70)?;
        if app.handler_names().iter().all(|h| h != &name) {
            app.lambda_function(&name, |_e: chalice_app::LambdaFunctionEvent| json!({}));
        }
    }

    // The config: known keys with values of every type, at the top level,
    // in a stage and for a function.
    let mut config = config_settings(u)?;
    let mut stage = config_settings(u)?;
    if u.ratio(1, 2)? {
        let function = config_settings(u)?;
        stage.insert(
            "lambda_functions".to_string(),
            json!({ "api_handler": function }),
        );
    }
    config.insert("version".to_string(), json!("2.0"));
    config.insert("stages".to_string(), json!({ "dev": stage }));
    let config = match Config::from_value(Value::Object(config)) {
        Ok(config) => config.with_project_dir("/nonexistent-fuzz-project"),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return Ok(());
        }
    };
    let stage_name = if u.ratio(1, 8)? { "prod" } else { "dev" };
    // One output an input: the SAM template, the Terraform one or the models
    // (each from the same app and config), as the input picks.
    let format = match u.int_in_range(0..=2u8)? {
        0 => PackageFormat::CloudFormation,
        1 => PackageFormat::Terraform,
        _ => {
            match package::generate_models(&app) {
                Ok(models) => assert_same_after_round_trip(&from_text(&to_text(&models)), &models),
                Err(e) => assert!(!e.to_string().is_empty()),
            }
            return Ok(());
        }
    };
    let options = PackageOptions::new("fuzzed-binary")
        .stage(stage_name)
        .format(format)
        .code(CodeLocation::CargoLambda {
            project_dir: ".".into(),
        });
    match package::template(&app, &config, &options) {
        Ok(template) => {
            assert!(template.is_object(), "a template that is not an object");
            let text = to_text(&template);
            assert_same_after_round_trip(&from_text(&text), &template);
        }
        Err(e) => assert!(!e.to_string().is_empty(), "an empty packaging error"),
    }
    Ok(())
}
