//! Parse-and-write-back benches: `chalice-events` against `aws_lambda_events`,
//! the crate users would otherwise pick, on the same real events.
//!
//! Each bench takes the event's bytes, parses them into the crate's type and
//! writes the result back as JSON bytes: what a Lambda that reads an event
//! and logs or forwards it pays. Names are `parse/<event>/<impl>`.
//! chalice-events writes with `to_json()`, the text it kept; the peer with
//! `serde_json::to_vec`.
//!
//! Before timing, the setup checks the law `chalice-events` promises: its
//! round trip is equal, as a `serde_json::Value`, to the input. The peer's
//! round trip is compared too, and what it loses is printed once (the figures
//! and the losses are in `BENCHMARKS.md`).
//!
//! A second group, `read/<event>/<impl>`, times reading alone against the
//! least any reader that refuses malformed JSON does: `serde_json` checking
//! the text and building nothing (`IgnoredAny`). The events are those the
//! comparison with Python Chalice sends (`testdata/bench/`), so the share of
//! an invocation spent reading its event, beyond what checking it costs, can
//! be read off. Each closure checks what it read; the setup checks that both
//! accept the event.
//!
//! A third group, `write/<text>/<impl>`, times chalice-events' JSON writer
//! against serde_json's on long strings of four kinds, in serde_json's style
//! (the same text, checked once before timing).
//!
//! ```sh
//! cargo bench -p chalice-events --bench parse -- --warm-up-time 1 --measurement-time 3
//! ```

// A bench whose fixtures are missing or whose results are wrong must stop at
// once and loudly: that is what these unwraps and asserts are for.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use aws_lambda_events::apigw::ApiGatewayProxyRequest;
use aws_lambda_events::cloudwatch_events::CloudWatchEvent as PeerCloudWatchEvent;
use aws_lambda_events::s3::S3Event as PeerS3Event;
use aws_lambda_events::sns::SnsEvent as PeerSnsEvent;
use aws_lambda_events::sqs::SqsEvent as PeerSqsEvent;
use chalice_events::json::JsonStyle;
use chalice_events::{CloudWatchEvent, Event, Request, S3Event, SNSEvent, SQSEvent};
use criterion::Criterion;
use serde::de::IgnoredAny;
use serde_json::Value;

/// The real-event fixtures kept in the repository.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/fixtures/");

/// A REST API proxy request with multi-value headers and query, path and stage
/// parameters, an authorizer context and a body.
const REST: &str = "apigw_rest/aws-lambda-rust-runtime__example-apigw-request.json";
/// An S3 `ObjectCreated:Put` notification.
const S3: &str = "s3/datadog-lambda-js__s3-putobject.json";
/// An SNS notification with string and binary message attributes.
const SNS: &str = "sns/aws-sam-cli__sns-notification.json";
/// One SQS message with a message attribute; replicated to a batch of 10.
const SQS: &str = "sqs/datadog-lambda-python__sqs-string-msg-attribute.json";
/// An EventBridge (CloudWatch Events) EC2 state-change event.
const CLOUDWATCH: &str = "eventbridge/powertools-lambda-python__eventBridgeEvent.json";

/// The events of the comparison with Python Chalice, each a case file whose
/// `event` is sent as compact JSON.
const BENCH_EVENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/bench/");

/// How many records the SQS batch holds: Lambda's default batch size.
const SQS_BATCH: usize = 10;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{FIXTURES}{name}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {path}: {e}"))
}

/// The SQS fixture's record repeated [`SQS_BATCH`] times, each with its own
/// `messageId`, as SQS delivers a full batch.
fn sqs_batch() -> Vec<u8> {
    let mut event: Value = serde_json::from_slice(&fixture(SQS)).unwrap();
    let record = event["Records"][0].clone();
    let records: Vec<Value> = (0..SQS_BATCH)
        .map(|i| {
            let mut r = record.clone();
            r["messageId"] = Value::String(format!("2fcbad66-372a-4b1c-87da-26b2cea1{i:04}"));
            r
        })
        .collect();
    event["Records"] = Value::Array(records);
    serde_json::to_vec(&event).unwrap()
}

/// Every difference between `want` and `got`, one line per JSON path: what the
/// peer's round trip lost (`missing`), invented (`added`), renamed (a key
/// whose case changed) or changed.
fn diff(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let p = format!("{path}.{k}");
                if let Some(gv) = g.get(k) {
                    diff(&p, wv, gv, out);
                    continue;
                }
                let renamed = g
                    .iter()
                    .find(|(gk, _)| gk.eq_ignore_ascii_case(k) && !w.contains_key(*gk));
                match renamed {
                    Some((gk, gv)) => {
                        out.push(format!("renamed {path}: {k} -> {gk}"));
                        diff(&p, wv, gv, out);
                    }
                    None => out.push(format!("missing {p} (was {wv})")),
                }
            }
            for (k, gv) in g {
                let renamed = w
                    .keys()
                    .any(|wk| wk.eq_ignore_ascii_case(k) && !g.contains_key(wk));
                if !w.contains_key(k) && !renamed {
                    out.push(format!("added {path}.{k} = {gv}"));
                }
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff(&format!("{path}[{i}]"), wv, gv, out);
            }
        }
        _ if want == got => {}
        _ => out.push(format!("changed {path}: {want} -> {got}")),
    }
}

/// Folds the `renamed` lines of one object into one line, so a request whose
/// every header name lost its case reads as one finding.
fn fold_renames(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut renames: Vec<(String, Vec<String>)> = Vec::new();
    for line in lines {
        let Some((parent, what)) = line
            .strip_prefix("renamed ")
            .and_then(|l| l.split_once(": "))
        else {
            out.push(line);
            continue;
        };
        match renames.iter_mut().find(|(p, _)| p == parent) {
            Some((_, list)) => list.push(what.to_string()),
            None => renames.push((parent.to_string(), vec![what.to_string()])),
        }
    }
    for (parent, list) in renames {
        out.push(format!(
            "renamed {} keys of {parent} (case lost), e.g. {}",
            list.len(),
            list[0]
        ));
    }
    out
}

/// Checks both round trips once, outside the timed loop: chalice's must give
/// back the input; the peer's losses are printed.
fn check_round_trips(event: &str, input: &[u8], chalice: &[u8], peer: &[u8]) {
    let want: Value = serde_json::from_slice(input).unwrap();
    let ours: Value = serde_json::from_slice(chalice).unwrap();
    assert_eq!(
        ours, want,
        "chalice-events' round trip of {event} lost or changed something"
    );
    let theirs: Value = serde_json::from_slice(peer).unwrap();
    let mut lost = Vec::new();
    diff("$", &want, &theirs, &mut lost);
    let mut lost = fold_renames(lost);
    // Records repeat the same losses; show a batch's first record only.
    lost.retain(|l| !l.contains("Records[") || l.contains("Records[0]"));
    if lost.is_empty() {
        eprintln!("{event}: aws_lambda_events round trip is lossless");
    } else {
        eprintln!(
            "{event}: aws_lambda_events round trip has {} differences:",
            lost.len()
        );
        for line in &lost {
            eprintln!("    {line}");
        }
    }
}

/// Registers `parse/<event>/chalice` and `parse/<event>/aws_lambda_events`,
/// after checking both once. Each closure parses, checks a key field and
/// serializes back; the bench checks the output is not empty.
fn pair(
    c: &mut Criterion,
    event: &str,
    input: &[u8],
    chalice: impl Fn(&[u8]) -> Vec<u8>,
    peer: impl Fn(&[u8]) -> Vec<u8>,
) {
    check_round_trips(event, input, &chalice(input), &peer(input));
    let mut group = c.benchmark_group(format!("parse/{event}"));
    group.throughput(criterion::Throughput::Bytes(input.len() as u64));
    group.bench_function("chalice", |b| {
        b.iter(|| {
            let out = chalice(black_box(input));
            assert!(!out.is_empty());
            out
        })
    });
    group.bench_function("aws_lambda_events", |b| {
        b.iter(|| {
            let out = peer(black_box(input));
            assert!(!out.is_empty());
            out
        })
    });
    group.finish();
}

fn parse(c: &mut Criterion) {
    let rest = fixture(REST);
    pair(
        c,
        "rest_request",
        &rest,
        |bytes| {
            let req = Request::from_slice(bytes).unwrap();
            assert_eq!(req.method(), "POST");
            req.to_json().as_bytes().to_vec()
        },
        |bytes| {
            let req: ApiGatewayProxyRequest = serde_json::from_slice(bytes).unwrap();
            assert_eq!(req.http_method, "POST");
            serde_json::to_vec(&req).unwrap()
        },
    );

    let s3 = fixture(S3);
    pair(
        c,
        "s3_event",
        &s3,
        |bytes| {
            let event = S3Event::from_slice(bytes).unwrap();
            assert_eq!(event.bucket(), "my-bucket-name");
            event.to_json().into_bytes()
        },
        |bytes| {
            let event: PeerS3Event = serde_json::from_slice(bytes).unwrap();
            assert_eq!(
                event.records[0].s3.bucket.name.as_deref(),
                Some("my-bucket-name")
            );
            serde_json::to_vec(&event).unwrap()
        },
    );

    let sns = fixture(SNS);
    pair(
        c,
        "sns_event",
        &sns,
        |bytes| {
            let event = SNSEvent::from_slice(bytes).unwrap();
            assert_eq!(event.message(), "example message");
            event.to_json().into_bytes()
        },
        |bytes| {
            let event: PeerSnsEvent = serde_json::from_slice(bytes).unwrap();
            assert_eq!(event.records[0].sns.message, "example message");
            serde_json::to_vec(&event).unwrap()
        },
    );

    let sqs = sqs_batch();
    let last_id = format!("2fcbad66-372a-4b1c-87da-26b2cea1{:04}", SQS_BATCH - 1);
    pair(
        c,
        "sqs_event",
        &sqs,
        |bytes| {
            let event = SQSEvent::from_slice(bytes).unwrap();
            assert_eq!(event.records().len(), SQS_BATCH);
            assert_eq!(event.records()[SQS_BATCH - 1].message_id(), last_id);
            event.to_json().into_bytes()
        },
        |bytes| {
            let event: PeerSqsEvent = serde_json::from_slice(bytes).unwrap();
            assert_eq!(event.records.len(), SQS_BATCH);
            assert_eq!(
                event.records[SQS_BATCH - 1].message_id.as_deref(),
                Some(last_id.as_str())
            );
            serde_json::to_vec(&event).unwrap()
        },
    );

    let cloudwatch = fixture(CLOUDWATCH);
    pair(
        c,
        "cloudwatch_event",
        &cloudwatch,
        |bytes| {
            let event = CloudWatchEvent::from_slice(bytes).unwrap();
            assert_eq!(event.source(), "aws.ec2");
            event.to_json().into_bytes()
        },
        |bytes| {
            let event: PeerCloudWatchEvent = serde_json::from_slice(bytes).unwrap();
            assert_eq!(event.source.as_deref(), Some("aws.ec2"));
            serde_json::to_vec(&event).unwrap()
        },
    );
}

/// The `event` of the case file `name` in [`BENCH_EVENTS`], as the compact
/// bytes Lambda delivers.
fn bench_event(name: &str) -> Vec<u8> {
    let path = format!("{BENCH_EVENTS}{name}");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let case: Value = serde_json::from_slice(&bytes).unwrap();
    serde_json::to_vec(&case["event"]).unwrap()
}

/// Registers `read/<event>/chalice`, `read` of the event's bytes (which
/// checks what it read), and `read/<event>/serde_validation`, `serde_json`
/// checking the same bytes without building anything, after checking once
/// that both accept them.
fn read_against_validation(c: &mut Criterion, event: &str, input: &[u8], read: impl Fn(&[u8])) {
    read(input);
    serde_json::from_slice::<IgnoredAny>(input).unwrap();
    let mut group = c.benchmark_group(format!("read/{event}"));
    group.throughput(criterion::Throughput::Bytes(input.len() as u64));
    group.bench_function("chalice", |b| b.iter(|| read(black_box(input))));
    group.bench_function("serde_validation", |b| {
        b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(input)).unwrap())
    });
    group.finish();
}

fn read(c: &mut Criterion) {
    read_against_validation(c, "index_get", &bench_event("index_get.json"), |bytes| {
        let request = Request::from_slice(bytes).unwrap();
        assert_eq!(request.method(), "GET");
        black_box(request);
    });
    read_against_validation(
        c,
        "order_params",
        &bench_event("order_params.json"),
        |bytes| {
            let request = Request::from_slice(bytes).unwrap();
            assert_eq!(request.uri_param("order_id"), Some("o1001"));
            black_box(request);
        },
    );
    read_against_validation(
        c,
        "sqs_batch_10",
        &bench_event("sqs_batch_10.json"),
        |bytes| {
            let event = SQSEvent::from_slice(bytes).unwrap();
            assert_eq!(event.records().len(), 10);
            black_box(event);
        },
    );
}

/// Registers `write/<text>/chalice`, a string written as JSON by
/// chalice-events' writer in serde_json's style (`JsonStyle::Plain`), and
/// `write/<text>/serde_json`, `serde_json::to_string` of the same string,
/// after checking once that the two write the same text. Each closure
/// checks the length of what it wrote.
fn write_against_serde(c: &mut Criterion, text_name: &str, text: &str) {
    let value = Value::String(text.to_string());
    let ours = JsonStyle::Plain.to_string(&value).unwrap();
    let theirs = serde_json::to_string(text).unwrap();
    assert_eq!(ours, theirs, "{text_name}");
    let len = ours.len();
    let mut group = c.benchmark_group(format!("write/{text_name}"));
    group.throughput(criterion::Throughput::Bytes(text.len() as u64));
    group.bench_function("chalice", |b| {
        b.iter(|| {
            let written = JsonStyle::Plain.to_string(black_box(&value)).unwrap();
            assert_eq!(written.len(), len);
            written
        })
    });
    group.bench_function("serde_json", |b| {
        b.iter(|| {
            let written = serde_json::to_string(black_box(text)).unwrap();
            assert_eq!(written.len(), len);
            written
        })
    });
    group.finish();
}

/// Strings of four kinds, about 4 KB each: text without an escape, text
/// beyond ASCII (no escape in this style), text with a newline in every
/// line, and JSON carried in a string (a quote every few bytes), which is
/// what a proxy response's body is.
fn write(c: &mut Criterion) {
    let prose = "The quick brown fox jumps over the lazy dog, then rests a while. ".repeat(60);
    let accents =
        "Le café est très bon, et la crème brûlée aussi ; où est la fenêtre ? ".repeat(60);
    let lines = "a line of a log, with a few words\n".repeat(110);
    let carried =
        r#"{"id":7,"sku":"SKU-00007","qty":3,"price":9.25,"tags":["red","blue"]},"#.repeat(60);
    write_against_serde(c, "prose", &prose);
    write_against_serde(c, "accents", &accents);
    write_against_serde(c, "lines", &lines);
    write_against_serde(c, "json_in_a_string", &carried);
}

// `criterion_group!` would generate an undocumented public function, which
// the workspace's `missing_docs` lint refuses; this is what it expands to.
fn main() {
    // Short runs: the whole file takes about a minute on a 2-core machine.
    // Command-line flags (`--measurement-time`, ...) still override these.
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    parse(&mut c);
    read(&mut c);
    write(&mut c);
    c.final_summary();
}
