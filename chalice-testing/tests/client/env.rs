//! Environment variables applied around each call.
//!
//! Each test uses its own variable names: the environment is process-global
//! and the other tests of this binary run at the same time.

use serde_json::json;

use crate::app::{sample_app, ENV_PROBE};
use chalice_testing::Client;

fn read(client: &Client, name: &str) -> serde_json::Value {
    client
        .lambda()
        .invoke("read_named_env", json!({"name": name}))
        .send_blocking()
        .unwrap()
        .payload
}

#[test]
fn variables_are_visible_during_the_call_and_gone_after() {
    let name = "CHALICE_TESTING_ENV_VISIBLE";
    assert!(std::env::var_os(name).is_none());
    let client = Client::new(sample_app()).with_env(name, "during");
    assert_eq!(read(&client, name), json!("during"));
    assert!(std::env::var_os(name).is_none());
}

#[test]
fn a_previous_value_is_restored() {
    let name = "CHALICE_TESTING_ENV_PREVIOUS";
    std::env::set_var(name, "outer");
    let client = Client::new(sample_app()).with_env(name, "inner");
    assert_eq!(read(&client, name), json!("inner"));
    assert_eq!(std::env::var(name).as_deref(), Ok("outer"));
    let removing = Client::new(sample_app()).without_env(name);
    assert_eq!(read(&removing, name), json!(null));
    assert_eq!(std::env::var(name).as_deref(), Ok("outer"));
    std::env::remove_var(name);
}

#[test]
fn http_requests_see_the_variables_too() {
    // `ENV_PROBE` is set only by this test.
    let client = Client::new(sample_app()).with_env(ENV_PROBE, "from-http");
    let response = client.http().get("/env").send_blocking();
    assert_eq!(response.json_body(), Some(json!({"value": "from-http"})));
    let invoked = client
        .lambda()
        .invoke("read_env", json!({}))
        .send_blocking()
        .unwrap();
    assert_eq!(invoked.payload, json!("from-http"));
    assert!(std::env::var_os(ENV_PROBE).is_none());
}

#[test]
fn function_variables_override_for_that_function_only() {
    let name = "CHALICE_TESTING_ENV_SCOPED";
    let client = Client::new(sample_app())
        .with_env(name, "TOP LEVEL")
        .with_function_env("read_named_env", name, "OVERRIDE")
        .with_function_env(
            chalice_testing::API_HANDLER_FUNCTION,
            "CHALICE_TESTING_ENV_API",
            "api",
        );
    assert_eq!(read(&client, name), json!("OVERRIDE"));
    assert_eq!(read(&client, "CHALICE_TESTING_ENV_API"), json!(null));
    let whoami = client.lambda().invoke("whoami", json!({})).send_blocking();
    assert!(whoami.is_ok());
    assert!(std::env::var_os(name).is_none());
}

#[test]
fn parallel_clients_never_see_each_others_values() {
    let name = "CHALICE_TESTING_ENV_PARALLEL";
    let app = std::sync::Arc::new(sample_app());
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let client = Client::from_arc(app.clone()).with_env(name, &format!("value-{i}"));
            std::thread::spawn(move || {
                (0..10)
                    .map(|_| read(&client, name))
                    .all(|seen| seen == json!(format!("value-{i}")))
            })
        })
        .collect();
    for handle in handles {
        assert!(handle.join().unwrap());
    }
    assert!(std::env::var_os(name).is_none());
}

#[tokio::test]
async fn async_calls_apply_and_restore_too() {
    let name = "CHALICE_TESTING_ENV_ASYNC";
    let client = Client::new(sample_app()).with_env(name, "async");
    let result = client
        .lambda()
        .invoke("read_named_env", json!({"name": name}))
        .await
        .unwrap();
    assert_eq!(result.payload, json!("async"));
    assert!(std::env::var_os(name).is_none());
}

#[test]
#[should_panic(expected = "must be non-empty")]
fn names_the_os_cannot_hold_are_refused_when_set() {
    let _ = Client::new(sample_app()).with_env("", "x");
}
