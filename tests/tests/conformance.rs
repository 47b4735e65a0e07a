//! Python Chalice 1.34's outcomes for `testdata/conformance/cases/`, checked
//! against the Rust twin app under the rule of `compare.py`. Deliberate
//! differences are marked `DIFFERENCE:` and listed in `tests/CONFORMANCE.md`.

use std::sync::Arc;

use chalice_tests::refapp::{refapp, refapp_with, RefappOptions};
use chalice_tests::{compare, run_case, testdata_dir};
use serde_json::Value;

fn read(path: &std::path::Path) -> Value {
    serde_json::from_slice(
        &std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test(flavor = "current_thread")]
async fn every_case_matches_python_chalice() {
    // The reference run sets a default region, which the websocket handlers
    // read; setting it here is why this test lives in `process_env`.
    let _process = crate::PROCESS.lock().await;
    std::env::set_var("AWS_DEFAULT_REGION", "us-west-2");
    // The twin as it is, and in its typed forms (`index` and `order`
    // answering structs, `echo` reading the JSON body as a `DumpedJson`,
    // `on_queue` answering structs): both must answer every case as Python
    // does.
    let forms = [
        ("", Arc::new(refapp())),
        (
            " (typed forms)",
            Arc::new(refapp_with(RefappOptions {
                typed: true,
                ..RefappOptions::default()
            })),
        ),
    ];
    let dir = testdata_dir().join("conformance");
    let mut names: Vec<_> = std::fs::read_dir(dir.join("cases"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 70, "only {} cases", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let case = read(&dir.join("cases").join(name));
        let expected = read(&dir.join("expected").join(name));
        for (form, app) in &forms {
            let actual = run_case(app, &case).await;
            let problems = compare(&expected, &actual);
            if !problems.is_empty() {
                failures.push(format!(
                    "{name}{form}:\n  {}\n  actual: {actual}",
                    problems.join("\n  ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

#[test]
fn schedule_expressions_render_as_chalice_renders_them() {
    use chalice_app::events::schedule::RateUnit;
    use chalice_app::{Cron, Rate};
    let expected = read(&testdata_dir().join("conformance/expected/_schedule_strings.json"));
    let actual = [
        (
            "rate_5_minutes",
            Rate::new(5, RateUnit::Minutes).unwrap().to_string(),
        ),
        (
            "rate_1_minute",
            Rate::new(1, RateUnit::Minutes).unwrap().to_string(),
        ),
        (
            "rate_1_hour",
            Rate::new(1, RateUnit::Hours).unwrap().to_string(),
        ),
        (
            "rate_2_days",
            Rate::new(2, RateUnit::Days).unwrap().to_string(),
        ),
        (
            "cron_example",
            Cron::new(15, 10, "?", "*", "6L", "2002-2005")
                .unwrap()
                .to_string(),
        ),
        (
            "cron_every_15",
            Cron::new("0/15", "*", "*", "*", "?", "*")
                .unwrap()
                .to_string(),
        ),
        (
            "cron_weekdays",
            Cron::new("0/5", "8-17", "?", "*", "MON-FRI", "*")
                .unwrap()
                .to_string(),
        ),
    ];
    for (key, rendered) in actual {
        assert_eq!(expected[key], rendered, "{key}");
    }
}

#[test]
fn the_comparison_rule_is_compare_py() {
    use serde_json::json;
    // Bodies compare as JSON when both parse; numbers by value; maps ignore order.
    assert!(compare(
        &json!({"result": {"body": "{\"a\":\"\\u00e9\"}"}}),
        &json!({"result": {"body": "{\"a\": \"é\"}"}})
    )
    .is_empty());
    assert!(compare(&json!({"a": 1000.0}), &json!({"a": 1000})).is_empty());
    assert!(!compare(&json!({"a": true}), &json!({"a": 1})).is_empty());
    assert!(!compare(
        &json!({"result": {"body": "x"}}),
        &json!({"result": {"body": "y"}})
    )
    .is_empty());
    assert_eq!(
        compare(&json!({"a": 1}), &json!({})),
        vec!["$.a: missing".to_string()]
    );
}

async fn api(app: &Arc<chalice_app::Chalice>, event: Value) -> Value {
    app.invoke(
        "api",
        event,
        chalice_app::LambdaContext::new("refapp-dev-api"),
    )
    .await
    .unwrap()
}

/// DIFFERENCE: Chalice lets the `KeyError` of a REST event without
/// `requestContext` escape the handler (SPEC §2.1, §4.3); a Rust handler
/// answers 500 and keeps running. A method that is not a string is such an
/// event: the request cannot be dispatched without it.
#[tokio::test(flavor = "current_thread")]
async fn a_malformed_rest_event_is_a_500_not_a_crash() {
    let app = Arc::new(refapp());
    let case = read(&testdata_dir().join("conformance/cases/index_get.json"));
    let mut event = case["event"].clone();
    event["requestContext"]["httpMethod"] = Value::from(5);
    let out = api(&app, event).await;
    assert_eq!(out["statusCode"], 500);
    assert_eq!(
        out["body"],
        r#"{"Code":"InternalServerError","Message":"An internal server error occurred."}"#
    );
}

/// DIFFERENCE: Chalice answers HTTP API v2 events with 500 `Unknown
/// request.`; chalice-rs matches them by path and answers in the v2 shape.
#[tokio::test(flavor = "current_thread")]
async fn http_api_events_reach_their_route() {
    let app = Arc::new(refapp());
    let event = serde_json::json!({
        "version": "2.0", "routeKey": "$default", "rawPath": "/users/7/orders/9", "rawQueryString": "",
        "headers": {"accept": "application/json"},
        "requestContext": {"http": {"method": "GET", "path": "/users/7/orders/9"}, "stage": "$default"},
        "isBase64Encoded": false
    });
    let out = api(&app, event).await;
    assert_eq!(out["statusCode"], 200);
    assert_eq!(out["body"], r#"{"user":"7","order":"9"}"#);
    assert_eq!(out["headers"]["X-Refapp-Middleware"], "http");
}

/// DIFFERENCE: Chalice puts `str(None)`, the text `"None"`, in a websocket
/// event's body when there is none; chalice-rs has no body.
#[test]
fn a_websocket_event_without_body_has_none() {
    use chalice_app::events::websocket::WebsocketEvent;
    let case = read(&testdata_dir().join("conformance/cases/ws_connect.json"));
    let mut event = case["event"].clone();
    if let Some(map) = event.as_object_mut() {
        map.remove("body");
    }
    let parsed = WebsocketEvent::from_value(event).unwrap();
    assert_eq!(parsed.body(), None);
}
