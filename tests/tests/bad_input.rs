//! Bad inputs: nothing that arrives in an event can crash a handler.
//!
//! Each case feeds one malformed, hostile or merely unusual input to the layer
//! that first sees it (event parsing, the dispatcher, or the local API Gateway)
//! and asserts the exact outcome: the typed error with its message, or the
//! HTTP status and body. No case may panic. The `fuzz_replay` section runs
//! every fuzz target of `src/fuzz.rs` on its seeds and generated inputs.

use std::sync::Arc;

use chalice_app::events::authorizer::AuthRouteSpec;
use chalice_app::events::cloudwatch::CloudWatchEvent;
use chalice_app::events::kinesis::KinesisEvent;
use chalice_app::events::s3::S3Event;
use chalice_app::events::sns::SNSEvent;
use chalice_app::events::sqs::SQSEvent;
use chalice_app::events::websocket::WebsocketEvent;
use chalice_app::events::{Error as EventError, Event};
use chalice_app::{
    AuthRequest, AuthResponse, AuthRoute, AuthorizerConfig, CORSConfig, Chalice, Error,
    HeaderValue, HttpNext, HttpRequest, HttpResponse, Json, LambdaContext, LocalGateway,
    NotFoundError, Request, Response, Route, S3EventConfig,
};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// The proxy response of `app` for `event`.
fn handle(app: &Arc<Chalice>, event: Value) -> Value {
    let response = block_on(app.handle_http_event(event, LambdaContext::new("api_handler")));
    chalice_tests::fuzz::check_proxy_response(&response);
    response
}

/// The HTTP response of the local API Gateway in front of `app`.
fn gateway(app: &Arc<Chalice>, request: HttpRequest) -> HttpResponse {
    block_on(LocalGateway::new(Arc::clone(app)).handle(request))
}

/// The minimal REST event of Chalice's unit tests (SPEC, appendix A).
fn rest_event(method: &str, template: &str, content_type: Option<&str>, body: Value) -> Value {
    let headers = match content_type {
        Some(ct) => json!({"Content-Type": ct}),
        None => Value::Null,
    };
    json!({
        "requestContext": {"httpMethod": method, "resourcePath": template},
        "headers": headers,
        "pathParameters": null,
        "multiValueQueryStringParameters": null,
        "body": body,
        "stageVariables": {},
    })
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

const GENERIC_500: &str =
    r#"{"Code":"InternalServerError","Message":"An internal server error occurred."}"#;
const PARSING_400: &str = r#"{"Code":"BadRequestError","Message":"Error Parsing JSON"}"#;

/// A small app with one route per way a view can meet a bad input.
fn app(debug: bool) -> Arc<Chalice> {
    let mut app = Chalice::new("bad-input").with_debug(debug);
    app.route(
        "/json",
        Route::new().methods(["POST"]),
        |request: Request| -> Result<Json<Value>, Error> {
            Ok(Json(json!({"json": request.json_body()?})))
        },
    );
    app.route(
        "/count",
        Route::new().methods(["POST"]),
        |request: Request| -> Result<Json<Value>, Error> {
            let body = request.json_body()?.unwrap_or(Value::Null);
            Ok(Json(json!({"items": body.as_array().map_or(0, Vec::len)})))
        },
    );
    app.route(
        "/raw",
        Route::new()
            .methods(["POST"])
            .content_types(Vec::<String>::new()),
        |request: Request| -> Result<Json<Value>, Error> {
            Ok(Json(json!({"len": request.raw_body()?.len()})))
        },
    );
    app.route(
        "/text",
        Route::new()
            .methods(["POST"])
            .content_types(Vec::<String>::new()),
        |request: Request| -> Result<String, Error> {
            Ok(String::from_utf8(request.raw_body()?.into_owned())?)
        },
    );
    app.route(
        "/items/{id}",
        Route::new(),
        |request: Request| json!({"id": request.uri_param("id").unwrap_or_default().to_string()}),
    );
    app.route("/echo/{id}", Route::new(), |request: Request| {
        let query: serde_json::Map<String, Value> = request
            .query_params()
            .map(|q| q.iter().map(|(k, v)| (k.to_string(), json!(v))).collect())
            .unwrap_or_default();
        json!({
            "headers": request.headers().to_map(),
            "count": request.header("x-count"),
            "id": request.uri_param("id"),
            "query": query,
            "stage": request.stage_vars().cloned().unwrap_or_default(),
        })
    });
    app.route("/query", Route::new(), |request: Request| {
        let lists: serde_json::Map<String, Value> = request
            .query_params()
            .map(|q| q.iter().map(|(k, v)| (k.to_string(), json!(v))).collect())
            .unwrap_or_default();
        Value::Object(lists)
    });
    app.route("/panic", Route::new(), |_r: Request| -> Value {
        panic!("secret-panic-detail")
    });
    app.route("/async-panic", Route::new(), |_r: Request| async move {
        if std::hint::black_box(true) {
            panic!("secret-async-detail");
        }
        json!({})
    });
    app.route(
        "/error",
        Route::new(),
        |_r: Request| -> Result<Value, Error> { Err(Error::msg("secret database password")) },
    );
    app.route(
        "/not-found",
        Route::new(),
        |_r: Request| -> Result<Value, Error> { Err(NotFoundError::new("no such thing").into()) },
    );
    app.route("/header/{kind}", Route::new(), |request: Request| {
        let response = Response::new(json!({"ok": true}));
        match request
            .uri_param("kind")
            .unwrap_or_default()
            .to_string()
            .as_str()
        {
            "crlf" => response.with_header("X-Bad", "a\r\nInjected: yes"),
            "lf" => response.with_header("X-Bad", "a\nInjected: yes"),
            "cr" => response.with_header("X-Bad", "a\rInjected: yes"),
            "multi" => response.with_header("X-Bad", ["fine", "b\r\nInjected: yes"]),
            "name" => response.with_header("X-Bad\r\nInjected", "yes"),
            _ => response.with_header("X-Good", "fine"),
        }
    });
    app.route(
        "/cors-bad-header",
        Route::new().cors(true),
        |_r: Request| Response::new("").with_header("X-Bad", "a\r\nInjected: yes"),
    );
    app.route(
        "/cors",
        Route::new().methods(["GET", "POST"]).cors(true),
        |_r: Request| json!({"cors": true}),
    );
    app.route(
        "/cors-custom",
        Route::new().cors(
            CORSConfig::new()
                .allow_origin("https://app.example.com")
                .allow_credentials(true),
        ),
        |_r: Request| json!({"cors": "custom"}),
    );
    app.route(
        "/cors-not-found",
        Route::new().cors(true),
        |_r: Request| -> Result<Value, Error> { Err(NotFoundError::new("gone").into()) },
    );
    Arc::new(app)
}

/// A GET of `/header/{kind}`, whose view returns a header of that kind.
fn header_event(kind: &str) -> Value {
    let mut event = rest_event("GET", "/header/{kind}", None, Value::Null);
    event["pathParameters"] = json!({ "kind": kind });
    event
}

fn body_of(response: &Value) -> &str {
    response["body"].as_str().unwrap()
}

// ---------------------------------------------------------------------------
// Malformed and truncated JSON events
// ---------------------------------------------------------------------------

#[test]
fn truncated_sqs_event_is_a_syntax_error_with_its_position() {
    let err = SQSEvent::from_slice(br#"{"Records": [{"messageId": "1""#).unwrap_err();
    insta::assert_snapshot!(err, @"SQSEvent: invalid JSON at line 1 column 30: EOF while parsing an object");
    assert!(matches!(
        err,
        EventError::Syntax {
            line: 1,
            column: 30,
            ..
        }
    ));
}

#[test]
fn empty_input_is_a_syntax_error() {
    let err = Request::from_slice(b"").unwrap_err();
    insta::assert_snapshot!(err, @"Request: invalid JSON at line 1 column 0: EOF while parsing a value");
}

#[test]
fn real_rest_event_cut_in_half_is_a_syntax_error() {
    let path = chalice_tests::testdata_dir()
        .join("fixtures/apigw_rest/aws-lambda-java-libs__apigw_rest_event.json");
    let bytes = std::fs::read(path).unwrap();
    let err = Request::from_slice(&bytes[..bytes.len() / 2]).unwrap_err();
    assert!(matches!(err, EventError::Syntax { .. }), "{err}");
    insta::assert_snapshot!(err, @"Request: invalid JSON at line 44 column 7: EOF while parsing a string");
}

#[test]
fn trailing_garbage_after_an_event_is_a_syntax_error() {
    let err = S3Event::from_slice(br#"{"Records": []} x"#).unwrap_err();
    insta::assert_snapshot!(err, @"S3Event: invalid JSON at line 1 column 17: trailing characters");
}

#[test]
fn an_array_is_not_an_event() {
    let err = S3Event::from_slice(b"[]").unwrap_err();
    insta::assert_snapshot!(err, @"S3Event: field `$` should be an object, found an array");
    assert_eq!(err.path(), Some("$"));
}

#[test]
fn json_null_is_not_an_event() {
    let err = Request::from_slice(b"null").unwrap_err();
    insta::assert_snapshot!(err, @"Request: field `$` should be an object, found null");
}

#[test]
fn deeply_nested_event_is_a_syntax_error_not_a_stack_overflow() {
    let depth = 10_000;
    let event = format!(
        r#"{{"Records": [], "extra": {}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = SQSEvent::from_slice(event.as_bytes()).unwrap_err();
    insta::assert_snapshot!(err, @"SQSEvent: invalid JSON at line 1 column 152: recursion limit exceeded");
}

#[test]
fn broken_path_parameters_make_a_syntax_error_even_without_a_method() {
    // The kept top-level parts are checked in full only once the method is
    // found; a number out of range or a lone surrogate in one still makes
    // the text no JSON, which is the error (seed
    // `fuzz/corpus/parse_request/part-not-json-no-method.json`).
    for event in [
        r#"{"requestContext": {}, "pathParameters": {"id": 1e400}}"#,
        r#"{"requestContext": {}, "stageVariables": {"v": "\udc00"}}"#,
    ] {
        let err = Request::from_slice(event.as_bytes()).unwrap_err();
        assert!(matches!(err, EventError::Syntax { .. }), "{event}: {err}");
    }
}

// ---------------------------------------------------------------------------
// Missing or wrongly typed required fields
// ---------------------------------------------------------------------------

#[test]
fn sqs_record_without_receipt_handle_names_the_record() {
    let err = SQSEvent::from_str(r#"{"Records": [{"messageId": "1", "receiptHandle": "h", "body": ""}, {"messageId": "2", "body": ""}]}"#)
        .unwrap_err();
    insta::assert_snapshot!(err, @"SQSEvent: missing field `Records[1].receiptHandle`");
}

#[test]
fn s3_key_that_is_a_number_is_wrongly_typed() {
    let mut event = S3Event::builder().build().to_dict();
    event["Records"][0]["s3"]["object"]["key"] = json!(42);
    let err = S3Event::from_value(event).unwrap_err();
    insta::assert_snapshot!(err, @"S3Event: field `Records[0].s3.object.key` should be a string, found a number");
}

#[test]
fn s3_event_without_records_is_refused() {
    let err = S3Event::from_str(r#"{"Records": []}"#).unwrap_err();
    insta::assert_snapshot!(err, @"S3Event: field `Records` is invalid: an S3 notification holds at least one record");
}

#[test]
fn sns_message_that_is_an_object_is_wrongly_typed() {
    let mut event = SNSEvent::builder().build().to_dict();
    event["Records"][0]["Sns"]["Message"] = json!({"already": "parsed"});
    let err = SNSEvent::from_value(event).unwrap_err();
    insta::assert_snapshot!(err, @"SNSEvent: field `Records[0].Sns.Message` should be a string, found an object");
}

#[test]
fn cloudwatch_resource_that_is_not_a_string_is_kept_and_left_out() {
    // EventBridge rules may deliver any object (constant input, input
    // transformers): a field of another shape is kept, not refused.
    let mut event = CloudWatchEvent::builder().build().to_dict();
    event["resources"] = json!(["arn:a", null]);
    let read = CloudWatchEvent::from_value(event.clone()).unwrap();
    assert_eq!(read.resources(), ["arn:a"]);
    assert_eq!(read.to_dict(), event);
}

#[test]
fn scheduled_rule_input_of_any_json_reaches_the_handler() {
    // A rule's constant input or input transformer replaces the envelope
    // with whatever JSON it was given.
    let mut app = Chalice::new("schedules");
    app.schedule(
        chalice_app::ScheduleConfig::new(chalice_app::Rate::hours(1).unwrap()).name("tick"),
        |event: CloudWatchEvent| Json(json!({"input": event.to_dict(), "source": event.source()})),
    );
    let app = Arc::new(app);
    for input in [
        json!({"action": "cleanup"}),
        json!("i-1234 is in state running"),
        json!([1, 2]),
        Value::Null,
    ] {
        let out = block_on(app.invoke("tick", input.clone(), LambdaContext::new("tick"))).unwrap();
        assert_eq!(out, json!({"input": input, "source": ""}));
    }
}

#[test]
fn kinesis_data_that_is_not_base64_is_an_encoding_error() {
    let mut event = KinesisEvent::builder().data(b"hi").build().to_dict();
    event["Records"][0]["kinesis"]["data"] = json!("not base64!");
    let err = KinesisEvent::from_value(event).unwrap_err();
    assert_eq!(err.classify(), chalice_app::events::Category::Encoding);
    // The space is skipped as whitespace; `!` is the 10th character.
    insta::assert_snapshot!(err, @"KinesisEvent: field `Records[0].kinesis.data` is not valid base64: Invalid symbol 33, offset 9.");
}

#[test]
fn authorizer_event_without_method_arn_is_refused() {
    let err = AuthRequest::from_str(r#"{"type": "TOKEN", "authorizationToken": "t"}"#).unwrap_err();
    insta::assert_snapshot!(err, @"AuthRequest: missing field `methodArn`");
}

#[test]
fn request_without_request_context_is_refused() {
    let err = Request::from_str(r#"{"httpMethod": "GET", "path": "/"}"#).unwrap_err();
    insta::assert_snapshot!(err, @"Request: missing field `requestContext`");
}

#[test]
fn request_method_that_is_a_number_is_wrongly_typed() {
    let mut event = rest_event("GET", "/", None, Value::Null);
    event["requestContext"]["httpMethod"] = json!(3);
    let err = Request::from_value(event).unwrap_err();
    insta::assert_snapshot!(err, @"Request: field `requestContext.httpMethod` should be a string, found a number");
}

#[test]
fn request_header_that_is_a_number_is_kept_and_not_a_header() {
    // What Chalice cannot read as a string is no header; the event is kept.
    let mut event = rest_event("GET", "/", None, Value::Null);
    event["headers"] = json!({"X-Count": 3, "X-Name": "n", "X-Null": null});
    let request = Request::from_value(event.clone()).unwrap();
    assert_eq!(request.to_original_event(), &event);
    assert_eq!(request.headers().get("x-count"), None);
    assert_eq!(request.header("X-Count"), None);
    assert_eq!(request.headers().get("x-name"), Some("n"));
    assert_eq!(request.headers().len(), 1);
}

#[test]
fn request_parameters_that_are_not_strings_are_kept_and_left_out() {
    let mut event = rest_event("GET", "/items/{id}", None, Value::Null);
    event["pathParameters"] = json!({"id": 7, "other": "o"});
    event["multiValueQueryStringParameters"] = json!({"a": ["1", null, 2], "b": "x"});
    event["stageVariables"] = json!(["not", "a", "map"]);
    let request = Request::from_value(event.clone()).unwrap();
    assert_eq!(request.to_original_event(), &event);
    assert_eq!(request.uri_param("id"), None);
    assert_eq!(
        request.uri_params(),
        Some(&json!({"other": "o"}).as_object().unwrap().clone())
    );
    let query = request.query_params().unwrap();
    assert_eq!(query.get_all("a"), ["1"]);
    assert_eq!(query.get("b"), None);
    assert_eq!(request.stage_vars(), None);
}

#[test]
fn is_base64_encoded_as_a_string_is_kept_and_refused_by_raw_body() {
    let mut event = rest_event("GET", "/", None, json!("eyJ9"));
    event["isBase64Encoded"] = json!("true");
    let request = Request::from_value(event.clone()).unwrap();
    assert_eq!(request.to_original_event(), &event);
    assert!(!request.is_base64_encoded());
    let err = request.raw_body().unwrap_err();
    insta::assert_snapshot!(err, @"Request: field `isBase64Encoded` should be a boolean, found a string");
}

#[test]
fn wrongly_typed_rest_event_is_a_500_without_detail_unless_debug() {
    let mut event = rest_event("GET", "/items/{id}", None, Value::Null);
    event["pathParameters"] = json!({"id": "1"});
    event["requestContext"]["httpMethod"] = json!(["GET"]);
    let response = handle(&app(false), event.clone());
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(500), GENERIC_500)
    );
    let response = handle(&app(true), event);
    assert_eq!(response["statusCode"], 500);
    insta::assert_snapshot!(body_of(&response), @"Request: field `requestContext.httpMethod` should be a string, found an array");
}

/// The proxy response of `app` for the event given as its JSON text, as
/// Lambda hands it over.
fn handle_bytes(app: &Arc<Chalice>, event: &Value) -> Value {
    let text = serde_json::to_string(event).unwrap();
    let response =
        block_on(app.handle_http_bytes(text.as_bytes(), LambdaContext::new("api_handler")));
    chalice_tests::fuzz::check_proxy_response(&response);
    response
}

#[test]
fn headers_and_parameters_that_are_not_strings_are_absent_to_the_view() {
    let mut event = rest_event("GET", "/echo/{id}", None, Value::Null);
    event["headers"] = json!({"X-Count": 3, "X-Name": "n", "Content-Type": 1});
    event["pathParameters"] = json!({"id": "1"});
    event["multiValueQueryStringParameters"] = json!({"q": ["a", 2], "r": null});
    event["stageVariables"] = json!({"s": 1});
    let app = app(false);
    for response in [handle_bytes(&app, &event), handle(&app, event.clone())] {
        assert_eq!(response["statusCode"], 200);
        let body: Value = serde_json::from_str(body_of(&response)).unwrap();
        assert_eq!(
            body,
            json!({"headers": {"x-name": "n"}, "count": null, "id": "1", "query": {"q": ["a"]}, "stage": {}})
        );
    }
    // A path parameter that is not a string is missing, as an absent one
    // is (`missing_path_parameter_is_a_500_without_detail`).
    event["pathParameters"] = json!({"id": 1});
    let response = handle_bytes(&app, &event);
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(500), GENERIC_500)
    );
}

#[test]
fn body_that_is_not_a_string_is_400_for_json_views_and_500_for_raw_views() {
    let event = rest_event("POST", "/json", Some("application/json"), json!({"a": 1}));
    let response = handle_bytes(&app(false), &event);
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(400), PARSING_400)
    );
    let event = rest_event("POST", "/raw", Some("text/plain"), json!(5));
    let response = handle_bytes(&app(false), &event);
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(500), GENERIC_500)
    );
    let response = handle_bytes(&app(true), &event);
    assert_eq!(response["statusCode"], 500);
    assert!(
        body_of(&response).contains("Request: field `body` should be a string, found a number"),
        "{}",
        body_of(&response)
    );
}

#[test]
fn events_that_are_not_objects_are_unknown_requests() {
    let app = app(false);
    for event in [json!([]), Value::Null, json!("GET /"), json!(7), json!({})] {
        let response = handle(&app, event.clone());
        assert_eq!(response["statusCode"], 500, "{event}");
        assert_eq!(
            body_of(&response),
            r#"{"Code":"InternalServerError","Message":"Unknown request."}"#,
            "{event}"
        );
    }
}

#[test]
fn event_handler_given_another_kind_of_event_fails_with_the_typed_error() {
    let mut app = Chalice::new("events");
    app.on_s3_event(
        S3EventConfig::new("bucket").name("on_upload"),
        |event: S3Event| Json(json!({"key": event.key()})),
    );
    let app = Arc::new(app);
    let sqs = SQSEvent::builder().body("hi").build().to_dict();
    let err = block_on(app.invoke("on_upload", sqs, LambdaContext::new("on_upload"))).unwrap_err();
    assert_eq!(err.type_name(), "EventError");
    insta::assert_snapshot!(err, @"S3Event: missing field `Records[0].s3`");
    let err =
        block_on(app.invoke("no_such_handler", json!({}), LambdaContext::new("x"))).unwrap_err();
    assert!(err.is_function_not_found());
    insta::assert_snapshot!(err, @"function not found: no_such_handler");
}

// ---------------------------------------------------------------------------
// Explicit nulls where AWS sends nulls
// ---------------------------------------------------------------------------

#[test]
fn rest_event_with_every_optional_field_null_reads_as_absent() {
    let event = json!({
        "requestContext": {"httpMethod": "GET", "resourcePath": "/"},
        "headers": null, "multiValueHeaders": null, "queryStringParameters": null,
        "multiValueQueryStringParameters": null, "pathParameters": null, "stageVariables": null,
        "body": null, "isBase64Encoded": null,
    });
    let request = Request::from_value(event.clone()).unwrap();
    assert_eq!(request.query_params(), None);
    assert!(request.headers().is_empty());
    assert_eq!(request.uri_params(), None);
    assert_eq!(request.stage_vars(), None);
    assert_eq!(request.raw_body().unwrap().as_ref(), b"");
    assert_eq!(request.json_body().unwrap(), None);
    assert_eq!(request.to_original_event(), &event);
    insta::assert_snapshot!(
        request.to_dict().to_string(),
        @r#"{"query_params":null,"headers":{},"uri_params":null,"method":"GET","context":{"httpMethod":"GET","resourcePath":"/"},"stage_vars":null,"path":"/"}"#
    );
}

#[test]
fn empty_multi_value_query_is_an_empty_multidict_not_none() {
    let mut event = rest_event("GET", "/", None, Value::Null);
    event["multiValueQueryStringParameters"] = json!({});
    let request = Request::from_value(event).unwrap();
    assert_eq!(request.query_params().map(|q| q.len()), Some(0));
}

#[test]
fn websocket_connect_with_null_body_has_no_json_body() {
    let mut event = WebsocketEvent::builder()
        .route_key("$connect")
        .build()
        .to_dict();
    event["body"] = Value::Null;
    let ws = WebsocketEvent::from_value(event).unwrap();
    assert_eq!(ws.body(), None);
    insta::assert_snapshot!(ws.json_body().unwrap_err(), @"Error Parsing JSON: the event has no body");
}

#[test]
fn sns_subject_null_is_no_subject() {
    let mut event = SNSEvent::builder().message("m").build().to_dict();
    event["Records"][0]["Sns"]["Subject"] = Value::Null;
    let sns = SNSEvent::from_value(event.clone()).unwrap();
    assert_eq!(sns.subject(), None);
    assert_eq!(sns.to_dict(), event);
}

// ---------------------------------------------------------------------------
// Invalid base64 and invalid UTF-8 bodies
// ---------------------------------------------------------------------------

fn base64_event(template: &str, content_type: Option<&str>, body: &str) -> Value {
    let mut event = rest_event("POST", template, content_type, json!(body));
    event["isBase64Encoded"] = json!(true);
    event
}

#[test]
fn invalid_base64_body_is_a_typed_error_of_raw_body() {
    let request = Request::from_value(base64_event("/raw", None, "not*base64")).unwrap();
    let err = request.raw_body().unwrap_err();
    assert_eq!(err.path(), Some("body"));
    insta::assert_snapshot!(err, @"Request: field `body` is not valid base64: Invalid symbol 42, offset 3.");
}

#[test]
fn invalid_base64_body_is_400_error_parsing_json_for_json_views() {
    let response = handle(
        &app(false),
        base64_event("/json", Some("application/json"), "e30=!"),
    );
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(400), PARSING_400)
    );
}

#[test]
fn invalid_base64_body_is_a_generic_500_for_raw_views() {
    let response = handle(&app(false), base64_event("/raw", Some("text/plain"), "%%%"));
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(500), GENERIC_500)
    );
}

#[test]
fn invalid_utf8_json_body_is_400() {
    let body = base64(b"{\"a\": \"\xff\xfe\"}");
    let response = handle(
        &app(false),
        base64_event("/json", Some("application/json"), &body),
    );
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(400), PARSING_400)
    );
}

#[test]
fn invalid_utf8_body_read_as_text_is_500_with_detail_only_in_debug() {
    let body = base64(b"caf\xe9");
    let response = handle(
        &app(false),
        base64_event("/text", Some("text/plain"), &body),
    );
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(500), GENERIC_500)
    );
    let response = handle(&app(true), base64_event("/text", Some("text/plain"), &body));
    assert_eq!(response["headers"], json!({"Content-Type": "text/plain"}));
    insta::assert_snapshot!(body_of(&response), @"FromUtf8Error: incomplete utf-8 byte sequence from index 3");
}

#[test]
fn non_utf8_body_through_the_gateway_arrives_intact() {
    let request = HttpRequest::new("POST", "/raw")
        .header("Content-Type", "text/plain")
        .body(vec![0xff, 0xfe, 0, 0x80]);
    let response = gateway(&app(false), request);
    assert_eq!(response.status_code, 200);
    assert_eq!(response.json_body(), Some(json!({"len": 4})));
}

// ---------------------------------------------------------------------------
// Deeply nested and very large bodies
// ---------------------------------------------------------------------------

#[test]
fn deeply_nested_json_body_is_a_typed_error_not_a_stack_overflow() {
    let body = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let request = Request::builder()
        .method("POST")
        .header("Content-Type", "application/json")
        .body(body.clone())
        .build();
    insta::assert_snapshot!(request.json_body().unwrap_err(), @"Error Parsing JSON: recursion limit exceeded at line 1 column 128");
    let response = handle(
        &app(false),
        rest_event("POST", "/json", Some("application/json"), json!(body)),
    );
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(400), PARSING_400)
    );
}

#[test]
fn six_megabyte_event_is_handled() {
    let body = "x".repeat(6 * 1024 * 1024);
    let event = rest_event("POST", "/raw", Some("text/plain"), json!(body));
    assert!(serde_json::to_vec(&event).unwrap().len() > 6 * 1024 * 1024);
    let response = handle(&app(false), event);
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(200), r#"{"len":6291456}"#)
    );
}

#[test]
fn six_megabyte_json_array_body_is_parsed() {
    let items = 6 * 1024 * 1024 / 4 + 1;
    let body = format!("[{}1]", "1,\n ".repeat(items - 1));
    assert!(body.len() >= 6 * 1024 * 1024);
    let response = handle(
        &app(false),
        rest_event("POST", "/count", Some("application/json"), json!(body)),
    );
    assert_eq!(body_of(&response), format!(r#"{{"items":{items}}}"#));
}

// ---------------------------------------------------------------------------
// Content types
// ---------------------------------------------------------------------------

#[test]
fn unknown_content_type_is_415() {
    let response = handle(
        &app(false),
        rest_event("POST", "/json", Some("application/x-unknown"), json!("{}")),
    );
    assert_eq!(response["statusCode"], 415);
    insta::assert_snapshot!(body_of(&response), @r#"{"Code":"UnsupportedMediaType","Message":"Unsupported media type: application/x-unknown"}"#);
}

#[test]
fn mixed_case_json_content_type_passes_the_415_check_but_is_not_parsed() {
    let response = handle(
        &app(false),
        rest_event(
            "POST",
            "/json",
            Some("Application/JSON"),
            json!("{\"a\": 1}"),
        ),
    );
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(200), r#"{"json":null}"#)
    );
}

#[test]
fn json_content_type_with_parameters_is_parsed() {
    let ct = Some("application/json; charset=utf-8");
    let response = handle(
        &app(false),
        rest_event("POST", "/json", ct, json!("{\"a\": 1}")),
    );
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(200), r#"{"json":{"a":1}}"#)
    );
}

#[test]
fn json_suffix_content_type_is_415() {
    let response = handle(
        &app(false),
        rest_event(
            "POST",
            "/json",
            Some("application/json-patch+json"),
            json!("[]"),
        ),
    );
    assert_eq!(response["statusCode"], 415);
    insta::assert_snapshot!(body_of(&response), @r#"{"Code":"UnsupportedMediaType","Message":"Unsupported media type: application/json-patch+json"}"#);
}

#[test]
fn missing_content_type_passes_the_415_check_but_is_not_parsed() {
    let response = handle(
        &app(false),
        rest_event("POST", "/json", None, json!("{\"a\": 1}")),
    );
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(200), r#"{"json":null}"#)
    );
}

#[test]
fn content_type_header_name_in_upper_case_is_found() {
    let mut event = rest_event("POST", "/json", None, json!("{\"a\": 1}"));
    event["headers"] = json!({"CONTENT-TYPE": "application/json"});
    let response = handle(&app(false), event);
    assert_eq!(body_of(&response), r#"{"json":{"a":1}}"#);
}

#[test]
fn empty_body_with_json_content_type_is_400() {
    let response = handle(
        &app(false),
        rest_event("POST", "/json", Some("application/json"), json!("")),
    );
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(400), PARSING_400)
    );
}

// ---------------------------------------------------------------------------
// Duplicate headers and query keys
// ---------------------------------------------------------------------------

#[test]
fn headers_differing_only_in_case_keep_the_last_value() {
    let mut event = rest_event("GET", "/", None, Value::Null);
    event["headers"] = json!({"X-Dup": "first", "x-dup": "second", "X-DUP": "third"});
    let request = Request::from_value(event).unwrap();
    assert_eq!(request.headers().get("x-Dup"), Some("third"));
    assert_eq!(
        request.headers().to_map(),
        json!({"x-dup": "third"}).as_object().unwrap().clone()
    );
}

#[test]
fn repeated_query_keys_keep_every_value_and_the_last_wins() {
    let mut event = rest_event("GET", "/", None, Value::Null);
    event["multiValueQueryStringParameters"] = json!({"a": ["1", "2"], "b": []});
    let request = Request::from_value(event).unwrap();
    let query = request.query_params().unwrap();
    assert_eq!(query.get("a"), Some("2"));
    assert_eq!(query.get_all("a"), ["1", "2"]);
    assert_eq!((query.get("b"), query.contains_key("b")), (None, false));
    assert_eq!(request.to_dict()["query_params"], json!({"a": "2"}));
}

#[test]
fn repeated_query_keys_in_an_http_api_raw_query_string() {
    let event = json!({
        "version": "2.0", "rawPath": "/", "rawQueryString": "a=1&a=2&a&&b=%2F+x",
        "requestContext": {"http": {"method": "GET", "path": "/"}},
    });
    let request = Request::from_value(event).unwrap();
    let query = request.query_params().unwrap();
    assert_eq!(query.get_all("a"), ["1", "2", ""]);
    assert_eq!(query.get("b"), Some("/ x"));
}

#[test]
fn repeated_query_keys_through_the_gateway() {
    let response = gateway(
        &app(false),
        HttpRequest::new("GET", "/query?a=1&a=2&b=x+y&c=%E2%9C%93"),
    );
    assert_eq!(
        response.json_body(),
        Some(json!({"a": ["1", "2"], "b": ["x y"], "c": ["✓"]}))
    );
}

#[test]
fn duplicate_keys_in_a_json_body_keep_the_last() {
    let response = handle(
        &app(false),
        rest_event(
            "POST",
            "/json",
            Some("application/json"),
            json!(r#"{"a": 1, "a": 2}"#),
        ),
    );
    assert_eq!(body_of(&response), r#"{"json":{"a":2}}"#);
}

#[test]
fn a_key_given_twice_is_judged_by_its_last_value_as_python_reads_it() {
    // Python's `json.loads` keeps a repeated key's last value, and so does
    // a `Value`: a first occurrence of the wrong type does not refuse the
    // event when a later one is right, and the other way round.
    let rest = |context: &str| {
        format!(
            r#"{{"resource": "/", "path": "/", "httpMethod": "GET", {context}, "headers": null, "body": null}}"#
        )
    };
    let request_cases = [
        (
            rest(r#""requestContext": null, "requestContext": {"resourcePath": "/"}"#),
            Ok("/"),
        ),
        (
            rest(r#""requestContext": {"httpMethod": 1, "httpMethod": "GET"}"#),
            Ok("/"),
        ),
        (
            rest(r#""requestContext": {}, "requestContext": 7"#),
            Err("Request: field `requestContext` should be an object, found a number"),
        ),
        // Both refused: the last value's error, at the key's first place;
        // `httpMethod` (given first in `rest`) comes before it.
        (
            rest(r#""requestContext": null, "requestContext": []"#),
            Err("Request: field `requestContext` should be an object, found an array"),
        ),
        (
            rest(r#""requestContext": null, "httpMethod": 2, "requestContext": []"#),
            Err("Request: field `httpMethod` should be a string, found a number"),
        ),
    ];
    for (text, expected) in request_cases {
        let read = |request: Result<Request, EventError>| {
            request
                .map(|r| r.path().to_string())
                .map_err(|e| e.to_string())
        };
        let from_text = read(Request::from_str(&text));
        let expected = expected.map(str::to_string).map_err(str::to_string);
        assert_eq!(from_text, expected, "{text}");
        let from_value = read(Request::from_value(serde_json::from_str(&text).unwrap()));
        assert_eq!(from_value, expected, "{text}");
    }
    // Within a record of a batch.
    let sqs = |record: &str| format!(r#"{{"Records": [{{"messageId": "m", {record}}}]}}"#);
    let record = sqs(r#""receiptHandle": 1, "body": "text", "receiptHandle": "r""#);
    let event = SQSEvent::from_str(&record).unwrap();
    assert_eq!(event.records()[0].receipt_handle(), "r");
    let record = sqs(r#""receiptHandle": "r", "body": "text", "receiptHandle": 1"#);
    let refused = SQSEvent::from_str(&record).unwrap_err().to_string();
    assert_eq!(
        refused,
        "SQSEvent: field `Records[0].receiptHandle` should be a string, found a number"
    );
    let from_value = SQSEvent::from_value(serde_json::from_str(&record).unwrap());
    assert_eq!(from_value.unwrap_err().to_string(), refused);
}

// ---------------------------------------------------------------------------
// Encoded slashes, dot segments, unicode and `+` in paths and S3 keys
// ---------------------------------------------------------------------------

#[test]
fn percent_encoded_slash_in_a_path_parameter_stays_in_the_parameter() {
    let response = gateway(&app(false), HttpRequest::new("GET", "/items/a%2Fb"));
    assert_eq!(
        (response.status_code, response.json_body()),
        (200, Some(json!({"id": "a/b"})))
    );
}

#[test]
fn dot_segments_are_not_resolved() {
    let app = app(false);
    let response = gateway(&app, HttpRequest::new("GET", "/items/.."));
    assert_eq!(response.json_body(), Some(json!({"id": ".."})));
    let response = gateway(&app, HttpRequest::new("GET", "/items/../panic"));
    assert_eq!(response.status_code, 403);
    assert_eq!(
        response.body,
        br#"{"message": "Missing Authentication Token"}"#
    );
}

#[test]
fn unicode_path_parameters_encoded_or_raw() {
    let app = app(false);
    for path in ["/items/%E2%9C%93", "/items/✓"] {
        let response = gateway(&app, HttpRequest::new("GET", path));
        assert_eq!(response.json_body(), Some(json!({"id": "✓"})), "{path}");
    }
    let response = gateway(&app, HttpRequest::new("GET", "/items/%FF"));
    assert_eq!(response.json_body(), Some(json!({"id": "\u{fffd}"})));
}

#[test]
fn plus_in_a_path_parameter_is_not_a_space() {
    let response = gateway(&app(false), HttpRequest::new("GET", "/items/a+b"));
    assert_eq!(response.json_body(), Some(json!({"id": "a+b"})));
}

#[test]
fn s3_key_plus_is_a_space_and_escapes_are_decoded() {
    let event = S3Event::builder()
        .encoded_key("reports/my+report%2B1%20final%C3%A9.txt")
        .build();
    assert_eq!(event.key(), "reports/my report+1 finalé.txt");
    assert_eq!(
        event.records()[0].raw_key(),
        "reports/my+report%2B1%20final%C3%A9.txt"
    );
}

#[test]
fn s3_key_with_broken_escapes_is_decoded_leniently() {
    let event = S3Event::builder().encoded_key("a%zz%ff%2").build();
    assert_eq!(event.key(), "a%zz\u{fffd}%2");
}

// ---------------------------------------------------------------------------
// CORS requests from arbitrary origins
// ---------------------------------------------------------------------------

fn with_origin(mut event: Value, origin: &str) -> Value {
    event["headers"] = json!({"Origin": origin});
    event
}

#[test]
fn cors_star_never_reflects_the_origin_nor_allows_credentials() {
    let event = with_origin(
        rest_event("GET", "/cors", None, Value::Null),
        "https://evil.example",
    );
    let response = handle(&app(false), event);
    let headers = response["headers"].as_object().unwrap();
    assert_eq!(headers["Access-Control-Allow-Origin"], "*");
    assert!(!headers.contains_key("Access-Control-Allow-Credentials"));
    assert!(!response.to_string().contains("evil.example"));
}

#[test]
fn cors_configured_origin_is_sent_whatever_the_request_origin() {
    let event = with_origin(
        rest_event("GET", "/cors-custom", None, Value::Null),
        "https://evil.example",
    );
    let response = handle(&app(false), event);
    let headers = response["headers"].as_object().unwrap();
    assert_eq!(
        headers["Access-Control-Allow-Origin"],
        "https://app.example.com"
    );
    assert_eq!(headers["Access-Control-Allow-Credentials"], "true");
    assert!(!response.to_string().contains("evil.example"));
}

#[test]
fn cors_preflight_from_an_arbitrary_origin_does_not_reflect_it() {
    let request = HttpRequest::new("OPTIONS", "/cors")
        .header("Origin", "null")
        .header("Access-Control-Request-Method", "DELETE");
    let response = gateway(&app(false), request);
    assert_eq!(response.status_code, 200);
    assert_eq!(response.header("Access-Control-Allow-Origin"), Some("*"));
    assert_eq!(
        response.header("Access-Control-Allow-Methods"),
        Some("GET,POST,OPTIONS")
    );
    assert_eq!(response.header("Access-Control-Allow-Credentials"), None);
}

#[test]
fn cors_headers_on_view_errors_but_not_on_405() {
    let app = app(false);
    let response = handle(
        &app,
        rest_event("GET", "/cors-not-found", None, Value::Null),
    );
    assert_eq!(response["statusCode"], 404);
    assert_eq!(response["headers"]["Access-Control-Allow-Origin"], "*");
    let response = handle(&app, rest_event("DELETE", "/cors", None, Value::Null));
    assert_eq!(response["statusCode"], 405);
    assert_eq!(response["headers"], json!({"Allow": "GET, POST"}));
}

/// DIFFERENCE: Chalice emits `Access-Control-Allow-Origin: *` together with
/// `Access-Control-Allow-Credentials: true`; chalice-rs refuses the pair at
/// registration (FUZZING.md, finding 3).
#[test]
fn cors_star_with_credentials_is_refused() {
    let mut app = Chalice::new("cors");
    let star_with_credentials = CORSConfig::new().allow_credentials(true);
    let err = app
        .try_route(
            "/x",
            Route::new().cors(star_with_credentials),
            |_r: Request| json!({}),
        )
        .unwrap_err();
    assert!(err.is_registration());
    insta::assert_snapshot!(err, @"Route /x: CORS with allow_origin `*` cannot allow credentials; name the allowed origin");
    // The same settings as the app's default are refused when a route takes them.
    app.api.cors = Some(CORSConfig::new().allow_credentials(true));
    assert!(app
        .try_route("/y", Route::new(), |_r: Request| json!({}))
        .is_err());
    // A named origin may allow credentials.
    let named = CORSConfig::new()
        .allow_origin("https://app.example.com")
        .allow_credentials(true);
    assert!(app
        .try_route("/z", Route::new().cors(named), |_r: Request| json!({}))
        .is_ok());
}

// ---------------------------------------------------------------------------
// Authorizers: routes with path parameters, deny by default
// ---------------------------------------------------------------------------

/// An app whose built-in authorizer answers with the policy its token names.
fn auth_app() -> Arc<Chalice> {
    let mut app = Chalice::new("auth");
    let auth = app.authorizer("policy", AuthorizerConfig::new(), |request: AuthRequest| -> Value {
        let allow = |routes: Vec<AuthRouteSpec>| AuthResponse::new(routes, "user").to_dict(&request);
        match request.token().unwrap_or("") {
            "item-7" => allow(vec!["/items/7".into()]),
            "items" => allow(vec!["/items/*".into()]),
            "detail" => allow(vec!["/items/*/detail".into()]),
            "literal" => allow(vec![AuthRoute::new("/items/{id}", ["GET"]).into()]),
            "get-7" => allow(vec![AuthRoute::new("/items/7", ["GET"]).into()]),
            "deny" => AuthResponse::deny("nobody").to_dict(&request),
            "null" => Value::Null,
            "panic" => panic!("authorizer bug"),
            "garbage" => json!("allow"),
            "allow-then-deny" => json!({
                "principalId": "user",
                "context": {},
                "policyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": ["arn:aws:execute-api:*"]},
                    {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": [request.method_arn()]},
                ]},
            }),
            _ => AuthResponse::deny("nobody").to_dict(&request),
        }
    });
    let view = |request: Request| json!({"id": request.uri_param("id").unwrap_or_default().to_string(), "principal": request.context()["authorizer"]["principalId"]});
    app.route(
        "/items/{id}",
        Route::new().methods(["GET", "POST"]).authorizer(&auth),
        view,
    );
    app.route("/items/{id}/detail", Route::new().authorizer(&auth), view);
    app.route("/admin/{id}", Route::new().authorizer(&auth), view);
    Arc::new(app)
}

fn authorized(app: &Arc<Chalice>, method: &str, path: &str, token: &str) -> (u16, String) {
    let response = gateway(
        app,
        HttpRequest::new(method, path).header("Authorization", token),
    );
    (
        response.status_code,
        String::from_utf8(response.body).unwrap(),
    )
}

const FORBIDDEN: &str = r#"{"Message": "User is not authorized to access this resource"}"#;

#[test]
fn policy_for_one_item_allows_only_that_item() {
    let app = auth_app();
    assert_eq!(
        authorized(&app, "GET", "/items/7", "item-7"),
        (200, r#"{"id":"7","principal":"user"}"#.to_string())
    );
    assert_eq!(
        authorized(&app, "GET", "/items/8", "item-7"),
        (403, FORBIDDEN.to_string())
    );
    assert_eq!(
        authorized(&app, "GET", "/items/7/detail", "item-7"),
        (403, FORBIDDEN.to_string())
    );
}

#[test]
fn path_parameter_template_in_a_policy_grants_nothing() {
    let app = auth_app();
    assert_eq!(
        authorized(&app, "GET", "/items/7", "literal"),
        (403, FORBIDDEN.to_string())
    );
    assert_eq!(
        authorized(&app, "GET", "/items/%7Bid%7D", "literal"),
        (403, FORBIDDEN.to_string())
    );
    // Only the literal path the policy names passes.
    assert_eq!(authorized(&app, "GET", "/items/{id}", "literal").0, 200);
}

#[test]
fn wildcard_policy_grants_its_prefix_and_nothing_beside_it() {
    let app = auth_app();
    assert_eq!(authorized(&app, "GET", "/items/7", "items").0, 200);
    assert_eq!(authorized(&app, "GET", "/items/7/detail", "items").0, 200);
    assert_eq!(
        authorized(&app, "GET", "/admin/7", "items"),
        (403, FORBIDDEN.to_string())
    );
}

#[test]
fn inner_wildcard_matches_one_segment_only() {
    let app = auth_app();
    assert_eq!(authorized(&app, "GET", "/items/7/detail", "detail").0, 200);
    assert_eq!(
        authorized(&app, "GET", "/items/7", "detail"),
        (403, FORBIDDEN.to_string())
    );
    // An encoded slash is part of one segment: item `7/8` has its detail.
    assert_eq!(
        authorized(&app, "GET", "/items/7%2F8/detail", "detail").0,
        200
    );
    // No route has four segments: API Gateway's answer to an unknown path
    // with an `Authorization` header, before any authorizer runs.
    let (status, body) = authorized(&app, "GET", "/items/7/8/detail", "detail");
    assert_eq!(status, 403);
    insta::assert_snapshot!(body, @r#"{"message": "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=detail"}"#);
}

#[test]
fn method_restricted_policy_refuses_other_methods() {
    let app = auth_app();
    assert_eq!(authorized(&app, "GET", "/items/7", "get-7").0, 200);
    assert_eq!(
        authorized(&app, "POST", "/items/7", "get-7"),
        (403, FORBIDDEN.to_string())
    );
}

#[test]
fn empty_and_unknown_policies_deny() {
    let app = auth_app();
    assert_eq!(
        authorized(&app, "GET", "/items/7", "deny"),
        (403, FORBIDDEN.to_string())
    );
    assert_eq!(
        authorized(&app, "GET", "/items/7", "who-knows"),
        (403, FORBIDDEN.to_string())
    );
    assert_eq!(
        authorized(&app, "GET", "/items/7", "garbage"),
        (403, FORBIDDEN.to_string())
    );
}

#[test]
fn explicit_deny_wins_over_allow() {
    assert_eq!(
        authorized(&auth_app(), "GET", "/items/7", "allow-then-deny"),
        (403, FORBIDDEN.to_string())
    );
}

#[test]
fn missing_token_is_401() {
    let response = gateway(&auth_app(), HttpRequest::new("GET", "/items/7"));
    assert_eq!(
        (response.status_code, response.body.as_slice()),
        (401, br#"{"message":"Unauthorized"}"#.as_slice())
    );
    assert_eq!(
        response.header("x-amzn-ErrorType"),
        Some("UnauthorizedException")
    );
}

#[test]
fn authorizer_returning_null_or_panicking_is_500() {
    let app = auth_app();
    for token in ["null", "panic"] {
        let response = gateway(
            &app,
            HttpRequest::new("GET", "/items/7").header("Authorization", token),
        );
        assert_eq!(
            (response.status_code, response.body.as_slice()),
            (500, br#"{"message":null}"#.as_slice()),
            "{token}"
        );
        assert_eq!(
            response.header("x-amzn-ErrorType"),
            Some("AuthorizerConfigurationException")
        );
    }
}

#[test]
fn method_not_allowed_is_answered_without_running_the_authorizer() {
    let response = gateway(&auth_app(), HttpRequest::new("DELETE", "/items/7"));
    assert_eq!(response.status_code, 405);
    assert_eq!(response.header("Allow"), Some("GET, POST"));
}

// ---------------------------------------------------------------------------
// Handler errors and panics, in debug and non-debug mode
// ---------------------------------------------------------------------------

#[test]
fn view_panic_is_a_generic_500_without_debug() {
    for path in ["/panic", "/async-panic"] {
        let response = handle(&app(false), rest_event("GET", path, None, Value::Null));
        assert_eq!(response["statusCode"], 500);
        assert_eq!(response["headers"], json!({}));
        assert_eq!(body_of(&response), GENERIC_500);
    }
}

#[test]
fn view_panic_message_is_shown_only_in_debug() {
    let response = handle(&app(true), rest_event("GET", "/panic", None, Value::Null));
    assert_eq!(response["statusCode"], 500);
    assert_eq!(response["headers"], json!({"Content-Type": "text/plain"}));
    insta::assert_snapshot!(body_of(&response), @"Panic: handler panicked: secret-panic-detail");
}

#[test]
fn view_error_is_a_generic_500_without_debug() {
    let response = handle(&app(false), rest_event("GET", "/error", None, Value::Null));
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(500), GENERIC_500)
    );
}

#[test]
fn view_error_text_is_shown_only_in_debug() {
    let response = handle(&app(true), rest_event("GET", "/error", None, Value::Null));
    assert_eq!(response["statusCode"], 500);
    insta::assert_snapshot!(body_of(&response), @"HandlerError: secret database password");
}

#[test]
fn view_errors_answer_the_same_in_both_modes() {
    for debug in [false, true] {
        let response = handle(
            &app(debug),
            rest_event("GET", "/not-found", None, Value::Null),
        );
        assert_eq!(response["statusCode"], 404);
        assert_eq!(
            body_of(&response),
            r#"{"Code":"NotFoundError","Message":"no such thing"}"#
        );
    }
}

#[test]
fn middleware_panic_is_a_500_without_cors() {
    let mut app = Chalice::new("mw");
    app.route("/cors", Route::new().cors(true), |_r: Request| json!({}));
    app.http_middleware(|request: Request, next: HttpNext| async move {
        if request.headers().get("x-explode").is_some() {
            panic!("middleware bug");
        }
        next.run(request).await
    });
    let app = Arc::new(app);
    let mut event = rest_event("GET", "/cors", None, Value::Null);
    event["headers"] = json!({"X-Explode": "1"});
    let response = handle(&app, event);
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(500), GENERIC_500)
    );
    assert_eq!(response["headers"], json!({}));
}

// ---------------------------------------------------------------------------
// CR/LF in header values a handler returns
// ---------------------------------------------------------------------------

#[test]
fn header_values_with_cr_or_lf_are_refused_with_a_500() {
    let app = app(false);
    for kind in ["crlf", "lf", "cr", "multi", "name"] {
        let response = handle(&app, header_event(kind));
        assert_eq!(response["statusCode"], 500, "{kind}");
        assert_eq!(body_of(&response), GENERIC_500, "{kind}");
        assert_eq!(response["headers"], json!({}), "{kind}");
        assert_eq!(response["multiValueHeaders"], json!({}), "{kind}");
    }
    let response = handle(&app, header_event("ok"));
    assert_eq!(response["headers"], json!({"X-Good": "fine"}));
}

#[test]
fn refused_header_keeps_the_routes_cors_headers() {
    let response = handle(
        &app(false),
        rest_event("GET", "/cors-bad-header", None, Value::Null),
    );
    assert_eq!(response["statusCode"], 500);
    assert_eq!(response["headers"]["Access-Control-Allow-Origin"], "*");
    assert!(response["headers"].get("X-Bad").is_none());
}

#[test]
fn header_with_crlf_never_reaches_the_wire() {
    let app = app(false);
    for kind in ["crlf", "lf", "cr", "multi", "name"] {
        let response = gateway(&app, HttpRequest::new("GET", format!("/header/{kind}")));
        assert_eq!(response.status_code, 500, "{kind}");
        let names: Vec<&str> = response.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["Content-Type"], "{kind}");
        assert!(!response
            .headers
            .iter()
            .any(|(k, v)| k.contains(['\r', '\n']) || v.contains(['\r', '\n'])));
    }
}

#[test]
fn header_refusal_in_debug_names_the_header() {
    let response = handle(&app(true), header_event("crlf"));
    assert_eq!(response["statusCode"], 500);
    insta::assert_snapshot!(body_of(&response), @r#"Bad value for header 'X-Bad': "a\r\nInjected: yes""#);
}

#[test]
fn response_header_validation_is_a_typed_result() {
    let response = Response::new("")
        .with_header("X-Ok", HeaderValue::Single("fine".into()))
        .with_header("X-Bad", "a\nb");
    assert_eq!(
        response.header_values_valid(),
        Err(("X-Bad".to_string(), "a\nb".to_string()))
    );
}

// ---------------------------------------------------------------------------
// Unknown routes and methods
// ---------------------------------------------------------------------------

#[test]
fn rest_event_without_resource_path_for_an_unknown_path_is_unknown_request() {
    let event = json!({"requestContext": {"httpMethod": "GET"}, "path": "/nowhere", "headers": null, "body": null});
    let response = handle(&app(false), event);
    assert_eq!(
        body_of(&response),
        r#"{"Code":"InternalServerError","Message":"Unknown request."}"#
    );
}

#[test]
fn unregistered_resource_path_is_405_with_an_empty_allow() {
    let response = handle(
        &app(false),
        rest_event("GET", "/not/registered", None, Value::Null),
    );
    assert_eq!(response["statusCode"], 405);
    assert_eq!(response["headers"], json!({"Allow": ""}));
    assert_eq!(
        body_of(&response),
        r#"{"Code":"MethodNotAllowedError","Message":"Unsupported method: GET"}"#
    );
}

#[test]
fn lower_case_method_is_405() {
    let response = handle(
        &app(false),
        rest_event("get", "/items/{id}", None, Value::Null),
    );
    assert_eq!(response["statusCode"], 405);
    assert_eq!(response["headers"], json!({"Allow": "GET"}));
    assert_eq!(
        body_of(&response),
        r#"{"Code":"MethodNotAllowedError","Message":"Unsupported method: get"}"#
    );
}

#[test]
fn http_api_event_for_an_unknown_path_is_403() {
    let event = json!({"version": "2.0", "rawPath": "/nowhere", "requestContext": {"http": {"method": "GET", "path": "/nowhere"}}});
    let response = handle(&app(false), event);
    assert_eq!(response["statusCode"], 403);
    assert_eq!(
        body_of(&response),
        r#"{"message":"Missing Authentication Token"}"#
    );
}

#[test]
fn missing_path_parameter_is_a_500_without_detail() {
    let response = handle(
        &app(false),
        rest_event("GET", "/items/{id}", None, Value::Null),
    );
    assert_eq!(
        (response["statusCode"].as_u64(), body_of(&response)),
        (Some(500), GENERIC_500)
    );
}

#[test]
fn view_status_code_outside_the_http_range_is_a_500() {
    let mut app = Chalice::new("status");
    app.route(
        "/status/{code}",
        Route::new(),
        |request: Request| -> Result<Response, Error> {
            Ok(Response::new("").with_status(
                request
                    .uri_param("code")
                    .unwrap_or_default()
                    .to_string()
                    .parse()?,
            ))
        },
    );
    let app = Arc::new(app);
    for code in ["0", "99", "600", "65535"] {
        let mut event = rest_event("GET", "/status/{code}", None, Value::Null);
        event["pathParameters"] = json!({"code": code});
        let response = block_on(app.handle_http_event(event, LambdaContext::new("api_handler")));
        assert_eq!(response["statusCode"], 500, "status {code}");
    }
    chalice_tests::fuzz::replay_file("dispatch", "finding-1-status-600.json");
}

#[test]
fn floats_survive_a_json_round_trip() {
    let text = r#"{"Records": [], "f": -1.31343285977251e162}"#;
    let event = SQSEvent::from_str(text).unwrap();
    let again = SQSEvent::from_str(&serde_json::to_string(&event.to_dict()).unwrap()).unwrap();
    assert_eq!(again, event);
    assert_eq!(event.to_dict()["f"].as_f64(), Some(-1.31343285977251e162));
}

#[test]
fn a_float_out_of_range_in_a_root_that_is_no_object_is_a_syntax_error() {
    // serde_json refuses the number, so the bytes are not JSON (finding 4).
    for text in ["[0.71e521]", "[1e400, 2]", "\"x\" 1e400"] {
        assert!(serde_json::from_str::<Value>(text).is_err());
        let err = SQSEvent::from_str(text).unwrap_err();
        assert!(matches!(err, EventError::Syntax { .. }), "{text}: {err}");
        let err = Request::from_str(text).unwrap_err();
        assert!(matches!(err, EventError::Syntax { .. }), "{text}: {err}");
    }
}

mod fuzz_replay {
    //! Every fuzz target of `src/fuzz.rs` as a plain test on stable: its seed
    //! corpus, the real events, and a few thousand generated inputs.

    use chalice_tests::fuzz::replay;

    const GENERATED: usize = 3000;

    #[test]
    fn parse_request() {
        assert!(replay("parse_request", GENERATED) > GENERATED);
    }

    #[test]
    fn parse_auth_request() {
        assert!(replay("parse_auth_request", GENERATED) > GENERATED);
    }

    #[test]
    fn parse_websocket() {
        assert!(replay("parse_websocket", GENERATED) > GENERATED);
    }

    #[test]
    fn parse_s3() {
        assert!(replay("parse_s3", GENERATED) > GENERATED);
    }

    #[test]
    fn parse_sns() {
        assert!(replay("parse_sns", GENERATED) > GENERATED);
    }

    #[test]
    fn parse_sqs() {
        assert!(replay("parse_sqs", GENERATED) > GENERATED);
    }

    #[test]
    fn parse_cloudwatch() {
        assert!(replay("parse_cloudwatch", GENERATED) > GENERATED);
    }

    #[test]
    fn parse_kinesis() {
        assert!(replay("parse_kinesis", GENERATED) > GENERATED);
    }

    #[test]
    fn parse_dynamodb() {
        assert!(replay("parse_dynamodb", GENERATED) > GENERATED);
    }

    #[test]
    fn arbitrary_events() {
        assert!(replay("arbitrary_events", GENERATED) >= GENERATED);
    }

    #[test]
    fn request() {
        assert!(replay("request", GENERATED) >= GENERATED);
    }

    #[test]
    fn response_to_dict() {
        assert!(replay("response_to_dict", GENERATED) >= GENERATED);
    }

    #[test]
    fn schedule() {
        assert!(replay("schedule", GENERATED) >= GENERATED);
    }

    #[test]
    fn auth_response() {
        assert!(replay("auth_response", GENERATED) >= GENERATED);
    }

    #[test]
    fn dispatch() {
        assert!(replay("dispatch", GENERATED) >= GENERATED);
    }

    #[test]
    fn schedule_expr() {
        assert!(replay("schedule_expr", GENERATED) >= GENERATED);
    }

    #[test]
    fn local_server() {
        assert!(replay("local_server", GENERATED) >= GENERATED);
    }

    #[test]
    fn package() {
        assert!(replay("package", GENERATED) >= GENERATED);
    }
}
