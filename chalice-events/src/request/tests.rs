//! What a request reads from the four HTTP event shapes, on raw JSON.

use super::*;

#[test]
fn one_header_lookup_agrees_with_the_map() {
    let names = [
        "content-type",
        "Accept",
        "COOKIE",
        "host",
        "x-forwarded-for",
        "missing",
    ];
    for kind in ["apigw_rest", "apigw_http", "alb", "function_url"] {
        for (path, bytes) in crate::test_support::fixtures(kind) {
            let request = Request::from_slice(&bytes).unwrap();
            for name in names {
                let fresh = Request::from_slice(&bytes).unwrap();
                assert_eq!(
                    fresh.header(name),
                    request.headers().get(name),
                    "{path}: {name}"
                );
            }
        }
    }
}

fn testdata(rel: &str) -> String {
    format!("{}/../testdata/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn case_event(name: &str) -> Value {
    let text =
        std::fs::read_to_string(testdata(&format!("conformance/cases/{name}.json"))).unwrap();
    let case: Value = serde_json::from_str(&text).unwrap();
    case["event"].clone()
}

fn fixtures(folder: &str) -> Vec<(String, Value)> {
    crate::test_support::fixtures(folder)
        .into_iter()
        .map(|(path, bytes)| (path, serde_json::from_slice(&bytes).unwrap()))
        .collect()
}

fn view(r: &Request) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?} h={:?} q={:?} b={:?} b64={} mvh={} u={:?} s={:?}",
        r.kind(),
        r.method(),
        r.path(),
        r.resource_path(),
        r.raw_path(),
        r.headers().iter().collect::<Vec<_>>(),
        r.query_params().map(|q| q
            .iter()
            .map(|(k, v)| (k.to_string(), v.map(str::to_string).collect::<Vec<_>>()))
            .collect::<Vec<_>>()),
        r.body(),
        r.is_base64_encoded(),
        r.has_multi_value_headers(),
        r.uri_params(),
        r.stage_vars()
    )
}

/// Odd and broken events, each with what reading it gives: the view of
/// the request, or the error. The table was made with the reader this
/// one replaced; a line whose outcome changed on purpose says why.
#[test]
fn odd_events_read_as_the_table_says() {
    let table = std::fs::read_to_string(testdata("request/odd_events.jsonl")).unwrap();
    for line in table.lines() {
        // `[event, outcome]`, or `[event, outcome, why it changed]`.
        let entry: Vec<String> = serde_json::from_str(line).unwrap();
        let (text, expected) = (&entry[0], &entry[1]);
        let got = match Request::from_slice(text.as_bytes()) {
            Ok(r) => view(&r),
            Err(e) => format!("ERR {e}"),
        };
        assert_eq!(&got, expected, "{text}");
        // The same answer from a `Value` (when the text is JSON) and
        // through `Deserialize`.
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            let given = match Request::from_value(value) {
                Ok(r) => view(&r),
                Err(e) => format!("ERR {e}"),
            };
            if !expected.starts_with("ERR Request: invalid JSON") {
                assert_eq!(&given, expected, "{text}");
            }
        }
        let via_serde = serde_json::from_str::<Request>(text).map(|r| view(&r));
        assert_eq!(via_serde.is_ok(), !expected.starts_with("ERR"), "{text}");
    }
}

#[test]
fn every_fixture_parses_and_round_trips() {
    let table = [
        ("apigw_rest", HttpEventKind::Rest),
        ("apigw_http", HttpEventKind::HttpApi),
        ("function_url", HttpEventKind::FunctionUrl),
        ("alb", HttpEventKind::Alb),
    ];
    for (folder, kind) in table {
        for (path, original) in fixtures(folder) {
            let req =
                Request::from_value(original.clone()).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(req.kind(), kind, "{path}");
            assert_eq!(req.to_original_event(), &original, "{path}");
            assert_eq!(serde_json::to_value(&req).unwrap(), original, "{path}");
            // Every accessor answers without panicking, and the summary is JSON.
            assert!(!req.method().is_empty(), "{path}");
            assert!(req.raw_path().starts_with('/'), "{path}");
            let _ = (
                req.path(),
                req.query_params(),
                req.headers().len(),
                req.uri_params(),
            );
            let _ = (
                req.stage_vars(),
                req.context(),
                req.raw_body(),
                req.json_body(),
            );
            let dict = req.to_dict();
            assert_eq!(
                serde_json::from_str::<Value>(&dict.to_string()).unwrap(),
                dict
            );
            let via_serde: Request = serde_json::from_value(original.clone()).unwrap();
            assert_eq!(via_serde, req, "{path}");
        }
    }
}

#[test]
fn to_dict_matches_chalice_on_the_conformance_case() {
    // conformance/cases/request_dict.json; expected/request_dict.json holds
    // Chalice's `json.dumps(app.current_request.to_dict())`.
    let req = Request::from_value(case_event("request_dict")).unwrap();
    let expected = r#"{"query_params":{"q":"x"},"headers":{"accept":"application/json","host":"abcdef1234.execute-api.us-west-2.amazonaws.com","user-agent":"conformance/1.0"},"uri_params":null,"method":"GET","context":{"resourceId":"res123","resourcePath":"/request-dict","httpMethod":"GET","extendedRequestId":"ext-GET-/request-dict","requestTime":"24/Nov/2026:10:00:00 +0000","path":"/api/request-dict","accountId":"123456789012","protocol":"HTTP/1.1","stage":"api","domainPrefix":"abcdef1234","requestTimeEpoch":1795514400000,"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","identity":{"cognitoIdentityPoolId":null,"accountId":null,"cognitoIdentityId":null,"caller":null,"sourceIp":"203.0.113.7","principalOrgId":null,"accessKey":null,"cognitoAuthenticationType":null,"cognitoAuthenticationProvider":null,"userArn":null,"userAgent":"conformance/1.0","user":null},"domainName":"abcdef1234.execute-api.us-west-2.amazonaws.com","apiId":"abcdef1234"},"stage_vars":null,"path":"/request-dict"}"#;
    // Same text, key order included.
    assert_eq!(crate::json::dumps(&req.to_dict()), expected);
}

#[test]
fn echo_view_matches_chalice_on_conformance_cases() {
    // Reproduces refapp.py's `/echo` view with our accessors for every
    // conformance/cases/echo_*.json that Chalice answered with a 200, and
    // compares with conformance/expected/<case>.json, text included.
    let dir = testdata("conformance/cases");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.starts_with("echo_") && n.ends_with(".json"))
        .map(|n| n.trim_end_matches(".json").to_string())
        .collect();
    names.sort();
    let mut compared = 0;
    for name in names {
        let text = std::fs::read_to_string(testdata(&format!("conformance/expected/{name}.json")))
            .unwrap();
        let expected: Value = serde_json::from_str(&text).unwrap();
        let result = &expected["result"];
        if result["statusCode"] != 200 {
            continue;
        }
        let req = Request::from_value(case_event(&name)).unwrap();
        let query = req.query_params();
        let query_lists = query.map(|q| {
            q.iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect::<Map<String, Value>>()
        });
        let body = json!({
            "method": req.method(),
            "path": req.path(),
            "query": query.map(MultiDict::to_dict),
            "query_lists": query_lists,
            "uri_params": req.uri_params(),
            "stage_vars": req.stage_vars(),
            "content_type": req.headers().get("content-type"),
            "x_custom": req.headers().get("X-Custom"),
            "raw_body": String::from_utf8(req.raw_body().unwrap().into_owned()).unwrap(),
            "json_body": req.json_body().unwrap(),
        });
        assert_eq!(
            crate::json::dumps(&body),
            result["body"].as_str().unwrap(),
            "{name}"
        );
        compared += 1;
    }
    assert!(compared >= 6, "only {compared} echo cases compared");
}

#[test]
fn fixture_accessors() {
    let load = |rel: &str| {
        let text = std::fs::read_to_string(testdata(&format!("fixtures/{rel}"))).unwrap();
        Request::from_str(&text).unwrap()
    };
    let v2 = load("apigw_http/aws-lambda-rust-runtime__apigw_v2_proxy_request.json");
    assert_eq!(v2.method(), "POST");
    assert_eq!(v2.raw_path(), "/my/path");
    let q = v2.query_params().unwrap();
    assert_eq!(q.get_all("parameter1"), ["value1", "value2"]);
    assert_eq!(q.get("parameter2"), Some("value"));
    assert_eq!(
        v2.headers().get("cookie"),
        Some("cookie1=value1; cookie2=value2")
    );
    assert_eq!(v2.stage_vars().map(Map::len), Some(2));
    assert_eq!(v2.raw_body().unwrap().as_ref(), b"Hello from Lambda");

    let alb =
        load("alb/aws-lambda-rust-runtime__alb_multi_value_request_encoded_query_parameters.json");
    assert_eq!(alb.kind(), HttpEventKind::Alb);
    assert_eq!(
        alb.query_params().unwrap().get_all("myKey"),
        ["?showAll=true", "?showAll=false"]
    );

    let url = load("function_url/aws-lambda-go__function-url-domain-only-request-with-base64-encoded-body.json");
    assert!(url.is_base64_encoded());
    assert!(url.raw_body().is_ok());

    // SAM CLI's local gateway wrote Python's `str(None)` for absent maps.
    let sam =
        load("apigw_rest/powertools-lambda-python__combining_powertools_utilities_event.json");
    assert_eq!(sam.query_params(), None);
    assert_eq!(sam.uri_params(), None);
    assert_eq!(sam.stage_vars(), None);
    assert_eq!(sam.to_dict()["stage_vars"], Value::Null);
    // Any other string is no map either, and is kept as it came.
    let event = json!({"requestContext": {"httpMethod": "GET"}, "pathParameters": "none"});
    let other = Request::from_value(event.clone()).unwrap();
    assert_eq!(other.uri_params(), None);
    assert_eq!(other.to_original_event(), &event);
}

#[cfg(feature = "arbitrary")]
#[test]
fn arbitrary_requests_round_trip_through_json() {
    use arbitrary::{Arbitrary, Unstructured};
    // A fixed xorshift stream, so failures replay.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    for _ in 0..300 {
        let bytes = crate::test_support::xorshift_bytes(&mut state, 512);
        let req = Request::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
        let text = serde_json::to_string(&req).unwrap();
        let again = Request::from_str(&text).unwrap();
        assert_eq!(again, req);
        assert_eq!(again.to_original_event(), req.to_original_event());
        let _ = (
            again.headers(),
            again.query_params(),
            again.raw_body().unwrap(),
            again.to_dict(),
        );
    }
}

#[test]
fn to_dict_matches_the_spec_example() {
    // SPEC §2.4: route /todict, query a=1&a=2, header X-Foo: Bar.
    let event = json!({
        "requestContext": {"httpMethod": "GET", "resourcePath": "/todict"},
        "headers": {"X-Foo": "Bar"}, "pathParameters": null,
        "multiValueQueryStringParameters": {"a": ["1", "2"]}, "body": "", "stageVariables": {}
    });
    let req = Request::from_value(event).unwrap();
    assert_eq!(
        crate::json::dumps(&req.to_dict()),
        r#"{"query_params":{"a":"2"},"headers":{"x-foo":"Bar"},"uri_params":null,"method":"GET","context":{"httpMethod":"GET","resourcePath":"/todict"},"stage_vars":{},"path":"/todict"}"#
    );
}

#[test]
fn accessors_on_the_multi_query_case() {
    // conformance/cases/echo_query_multi.json: the view echoes
    // {"method":"GET","path":"/echo","query":{"a":"3","b":"two","empty":""},
    //  "query_lists":{"a":["1","3"],...},"uri_params":null,"stage_vars":null,...}
    let req = Request::from_value(case_event("echo_query_multi")).unwrap();
    assert_eq!(req.method(), "GET");
    assert_eq!(req.path(), "/echo");
    assert_eq!(req.raw_path(), "/echo");
    let query = req.query_params().unwrap();
    assert_eq!(
        serde_json::to_value(query).unwrap(),
        json!({"a": "3", "b": "two", "empty": ""})
    );
    assert_eq!(query.get_all("a"), ["1", "3"]);
    assert_eq!(query.getlist("empty"), [""]);
    assert_eq!(query.len(), 3);
    assert_eq!(req.uri_params(), None);
    assert_eq!(req.stage_vars(), None);
    assert_eq!(req.headers().get("content-type"), None);
    assert_eq!(req.headers().get("USER-AGENT"), Some("conformance/1.0"));
    assert_eq!(req.raw_body().unwrap().as_ref(), b"");
    assert_eq!(req.json_body().unwrap(), None);
    assert_eq!(req.context()["stage"], "api");
}

#[test]
fn base64_json_body_case() {
    // conformance/cases/echo_b64_json.json: raw_body `{"b64":"yes"}`, json_body parsed.
    let req = Request::from_value(case_event("echo_b64_json")).unwrap();
    assert!(req.is_base64_encoded());
    assert_eq!(req.raw_body().unwrap().as_ref(), br#"{"b64":"yes"}"#);
    assert_eq!(req.json_body().unwrap(), Some(json!({"b64": "yes"})));
    assert_eq!(req.query_params(), None);
}

#[test]
fn json_body_rules() {
    // test_app.py json_body tests and SPEC §2.3.
    let with = |ct: Option<&str>, body: &str| {
        let mut b = Request::builder().method("POST").body(body);
        if let Some(ct) = ct {
            b = b.header("Content-Type", ct);
        }
        b.build().json_body()
    };
    assert_eq!(
        with(Some("application/json"), r#"{"a":1}"#).unwrap(),
        Some(json!({"a": 1}))
    );
    assert_eq!(
        with(Some("application/json;charset=UTF-8"), "[1]").unwrap(),
        Some(json!([1]))
    );
    assert_eq!(
        with(Some("application/json-patch+json"), "[]").unwrap(),
        Some(json!([]))
    );
    assert_eq!(with(Some("application/notjson"), "{}").unwrap(), None);
    assert_eq!(with(Some("application/xml"), "{}").unwrap(), None);
    assert_eq!(with(Some("Application/JSON"), "{}").unwrap(), None);
    assert_eq!(with(None, "{}").unwrap(), None);
    assert_eq!(
        with(Some("application/json"), "\u{feff}{\"bom\":true}").unwrap(),
        Some(json!({"bom": true}))
    );
    assert_eq!(
        with(Some("application/json"), "null").unwrap(),
        Some(Value::Null)
    );
    for bad in ["", "{", "{'a': 1}"] {
        let err = with(Some("application/json"), bad).unwrap_err();
        assert!(matches!(err, Error::JsonBody { .. }), "{bad:?}: {err}");
        // serde_json's wording, as its own parse of the body gives it.
        let serde = serde_json::from_str::<Value>(bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            Error::JsonBody {
                reason: serde.to_string()
            }
            .to_string()
        );
    }
    // A base64 body is read from its bytes, a BOM skipped there too; bytes
    // that are not UTF-8 are refused with serde_json's error.
    let base64 = |bytes: &[u8]| {
        Request::builder()
            .method("POST")
            .header("Content-Type", "application/json")
            .base64_body(bytes)
            .build()
    };
    assert_eq!(
        base64(b"\xEF\xBB\xBF{\"b\": [1, 2.5]}")
            .json_body()
            .unwrap(),
        Some(json!({"b": [1, 2.5]}))
    );
    let err = base64(b"[\"\xff\"]").json_body().unwrap_err();
    let serde = serde_json::from_slice::<Value>(b"[\"\xff\"]").unwrap_err();
    assert_eq!(
        err.to_string(),
        Error::JsonBody {
            reason: serde.to_string()
        }
        .to_string()
    );
    // Lowercase header key works too.
    let req = Request::from_value(json!({
        "requestContext": {"httpMethod": "POST", "resourcePath": "/"},
        "headers": {"content-type": "application/json"}, "body": "{\"x\": 1}"
    }))
    .unwrap();
    #[derive(serde::Deserialize, PartialEq, Debug)]
    struct X {
        x: u8,
    }
    assert_eq!(req.json_body_as::<X>().unwrap(), Some(X { x: 1 }));
    assert!(req.json_body_as::<Vec<u8>>().is_err());
}

#[test]
fn bad_base64_is_reported_lazily() {
    let req = Request::from_value(json!({
        "requestContext": {"httpMethod": "POST", "resourcePath": "/"},
        "headers": {"Content-Type": "application/json"}, "body": "not base64!", "isBase64Encoded": true
    }))
    .unwrap();
    let err = req.raw_body().unwrap_err();
    assert_eq!(err.path(), Some("body"));
    assert!(matches!(
        err,
        Error::InvalidBase64 {
            event: "Request",
            ..
        }
    ));
    assert!(matches!(req.json_body(), Err(Error::JsonBody { .. })));
}

#[test]
fn raw_body_cases() {
    let req = Request::builder().base64_body([0u8, 255, 1]).build();
    assert_eq!(req.raw_body().unwrap().as_ref(), [0u8, 255, 1]);
    assert_eq!(req.body(), Some("AP8B"));
    let req = Request::builder().body("héllo").build();
    assert!(matches!(req.raw_body().unwrap(), Cow::Borrowed(b) if b == "héllo".as_bytes()));
    assert_eq!(Request::builder().build().raw_body().unwrap().as_ref(), b"");
}

#[test]
fn query_params_rest_null_empty_and_absent() {
    let base = json!({"requestContext": {"httpMethod": "GET", "resourcePath": "/"}, "headers": null, "body": null});
    let with = |extra: Value| {
        let mut event = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            event[k] = v.clone();
        }
        Request::from_value(event).unwrap()
    };
    assert_eq!(
        with(json!({"multiValueQueryStringParameters": null})).query_params(),
        None
    );
    let empty = with(json!({"multiValueQueryStringParameters": {}}));
    assert_eq!(empty.query_params().map(MultiDict::len), Some(0));
    assert_eq!(with(json!({})).query_params(), None);
    // Without the multi-value map, the single-value map is used.
    let single = with(json!({"queryStringParameters": {"a": "1"}}));
    assert_eq!(single.query_params().and_then(|q| q.get("a")), Some("1"));
    // An empty list is iterated but not "in" the dict (Chalice's MultiDict).
    let md = with(json!({"multiValueQueryStringParameters": {"k": []}}));
    let q = md.query_params().unwrap();
    assert!(!q.contains_key("k"));
    assert_eq!(q.get("k"), None);
    assert_eq!(q.keys().collect::<Vec<_>>(), ["k"]);
    assert!(q.to_dict().is_empty());
    // headers: null → empty mapping (test_empty_headers_have_basic_validation).
    assert!(md.headers().is_empty());
}

#[test]
fn http_api_query_cookies_and_route() {
    let text = r#"{"version": "2.0", "routeKey": "$default", "rawPath": "/my/a%20b",
        "rawQueryString": "a=1&a=2&b=x+y&c=%E2%9C%93&e=&f&&=z",
        "cookies": ["c1=v1", "c2=v2"], "headers": {"Header1": "value1"},
        "queryStringParameters": {"a": "1,2"},
        "requestContext": {"domainName": "id.execute-api.us-east-1.amazonaws.com",
            "http": {"method": "POST", "path": "/my/a b"}, "stage": "$default"},
        "pathParameters": {"proxy": "x"}, "isBase64Encoded": false}"#;
    let mut req = Request::from_str(text).unwrap();
    assert_eq!(req.kind(), HttpEventKind::HttpApi);
    assert_eq!(req.method(), "POST");
    assert_eq!(req.raw_path(), "/my/a%20b");
    assert_eq!(req.path(), "/my/a%20b");
    // `$default` names no template; the event's path parameters still count.
    assert_eq!(req.route_key(), Some("$default"));
    assert_eq!(req.resource_path(), None);
    assert_eq!(req.uri_param("proxy"), Some("x"));
    let q = req.query_params().unwrap();
    let pairs: Vec<_> = q
        .iter()
        .map(|(k, v)| (k.to_string(), v.map(str::to_string).collect::<Vec<_>>()))
        .collect();
    let expected: Vec<(String, Vec<String>)> = [
        ("a", vec!["1", "2"]),
        ("b", vec!["x y"]),
        ("c", vec!["✓"]),
        ("e", vec![""]),
        ("f", vec![""]),
        ("", vec!["z"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(pairs, expected);
    assert_eq!(req.headers().get("cookie"), Some("c1=v1; c2=v2"));
    assert_eq!(req.headers().get("header1"), Some("value1"));
    assert_eq!(req.body(), None);

    let mut params = Map::new();
    params.insert("name".into(), json!("a b"));
    req.set_route("/my/{name}", params.clone());
    assert_eq!(req.path(), "/my/{name}");
    assert_eq!(req.resource_path(), Some("/my/{name}"));
    assert_eq!(req.uri_params(), Some(&params));
    assert_eq!(req.to_dict()["path"], "/my/{name}");
    // The event itself is untouched.
    assert_eq!(
        req.to_original_event(),
        &serde_json::from_str::<Value>(text).unwrap()
    );
}

#[test]
fn http_api_without_query_and_existing_cookie_header() {
    let req = Request::from_value(json!({
        "version": "2.0", "rawPath": "/", "rawQueryString": "",
        "cookies": ["a=b"], "headers": {"cookie": "a=b"},
        "requestContext": {"domainName": "x.lambda-url.us-west-2.on.aws", "http": {"method": "GET"}}
    }))
    .unwrap();
    assert_eq!(req.kind(), HttpEventKind::FunctionUrl);
    assert_eq!(req.query_params(), None);
    assert_eq!(req.headers().get("cookie"), Some("a=b"));
    assert_eq!(req.headers().len(), 1);
}

#[test]
fn alb_query_is_decoded_and_headers_fall_back_to_multi_value() {
    let req = Request::from_value(json!({
        "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:..."}},
        "httpMethod": "GET", "path": "/lambda",
        "multiValueQueryStringParameters": {"myKey": ["%3FshowAll%3Dtrue", "a+b"]},
        "multiValueHeaders": {"Accept": ["text/html", "image/png"], "X-Empty": []},
        "body": "", "isBase64Encoded": false
    }))
    .unwrap();
    assert_eq!(req.kind(), HttpEventKind::Alb);
    assert_eq!(
        req.query_params().unwrap().get_all("myKey"),
        ["?showAll=true", "a b"]
    );
    assert_eq!(req.headers().get("accept"), Some("image/png"));
    assert_eq!(req.headers().len(), 1);
    assert_eq!(req.stage_vars(), None);

    let no_query = Request::from_value(json!({
        "requestContext": {"elb": {}}, "httpMethod": "GET", "path": "/",
        "queryStringParameters": {}, "headers": {}
    }))
    .unwrap();
    assert_eq!(no_query.query_params(), None);
}

#[test]
fn rest_method_and_path_sources() {
    // Chalice reads requestContext.httpMethod, not the top-level one.
    let req = Request::from_value(json!({
        "httpMethod": "GET", "path": "/x/1", "resource": "/x/{id}",
        "requestContext": {"httpMethod": "POST", "resourcePath": "/x/{id}"},
        "headers": {}, "pathParameters": {"id": "1"}, "body": null
    }))
    .unwrap();
    assert_eq!(req.method(), "POST");
    assert_eq!(req.path(), "/x/{id}");
    assert_eq!(req.raw_path(), "/x/1");
    assert_eq!(
        req.uri_params().and_then(|p| p.get("id")),
        Some(&json!("1"))
    );
    // Chalice's local server writes the concrete path only in requestContext.
    let local = Request::from_value(json!({
        "requestContext": {"httpMethod": "GET", "resourcePath": "/a/{b}", "path": "/a/c"},
        "headers": {}, "pathParameters": {}, "body": null
    }))
    .unwrap();
    assert_eq!(local.raw_path(), "/a/c");
    assert_eq!(local.uri_params(), Some(&Map::new()));
    // Top-level httpMethod is the fallback when the context has none.
    let fallback =
        Request::from_value(json!({"httpMethod": "PUT", "requestContext": {}, "headers": null}))
            .unwrap();
    assert_eq!(fallback.method(), "PUT");
    assert_eq!(fallback.resource_path(), None);
}

#[test]
fn headers_are_case_insensitive_and_later_wins() {
    let req = Request::from_value(json!({
        "requestContext": {"httpMethod": "GET"},
        "headers": {"X-Foo": "1", "Accept": "a", "x-foo": "2", "ÄB": "u"},
        "multiValueHeaders": {"X-Foo": ["ignored"]}
    }))
    .unwrap();
    // One header looked up before the map is built: the same answers, names
    // beyond ASCII lowercased by Unicode's rules as Python lowercases them.
    assert_eq!(req.header("X-FOO"), Some("2"));
    assert_eq!(req.header("äB"), Some("u"));
    assert_eq!(req.header("x-fo"), None);
    let kelvin = Request::from_value(json!({
        "requestContext": {"httpMethod": "GET"},
        "headers": {"\u{212a}ey": "kelvin", "Accept": "a"}
    }))
    .unwrap();
    assert_eq!(kelvin.header("KEY"), Some("kelvin"));
    assert_eq!(kelvin.headers().get("KEY"), Some("kelvin"));
    let h = req.headers();
    let pairs: Vec<_> = h.iter().collect();
    assert_eq!(pairs, [("x-foo", "2"), ("accept", "a"), ("äb", "u")]);
    assert_eq!(h.get("X-FOO"), Some("2"));
    assert_eq!(h.get("äB"), Some("u"));
    assert!(h.contains_key("ACCEPT"));
    assert_eq!(
        serde_json::to_value(h).unwrap(),
        json!({"x-foo": "2", "accept": "a", "äb": "u"})
    );
}

proptest::proptest! {
    /// The headers read from an event's text agree with the `Value` of the
    /// same text, one header at a time, from the map, and as a map: repeated names (first
    /// place, last value), values that are not strings, names alike once
    /// lowercased (the Kelvin sign is a `k`), and more names than are
    /// scanned for repeats.
    #[test]
    fn headers_read_from_text_agree_with_the_value(
        entries in proptest::collection::vec(
            (0..48usize, proptest::option::of("[a-c]{0,3}")),
            0..70,
        )
    ) {
        let mut text = String::from(r#"{"requestContext":{"httpMethod":"GET"},"headers":{"#);
        for (n, (name, value)) in entries.iter().enumerate() {
            let value = value.as_deref().map_or(json!(7), Value::from);
            let sep = if n == 0 { "" } else { "," };
            text.push_str(&format!("{sep}{}:{value}", Value::from(pool_name(*name))));
        }
        text.push_str("}}");
        let event: Value = serde_json::from_str(&text).unwrap();
        let mut model: Vec<(String, String)> = Vec::new();
        for (name, value) in event["headers"].as_object().into_iter().flatten() {
            let (name, Some(value)) = (name.to_lowercase(), value.as_str()) else {
                continue;
            };
            match model.iter_mut().find(|(k, _)| *k == name) {
                Some(entry) => entry.1 = value.to_string(),
                None => model.push((name, value.to_string())),
            }
        }
        for i in 0..48 {
            let name = pool_name(i);
            // A fresh request for each: the lookup before any map is built.
            let request = Request::from_str(&text).unwrap();
            let lowered = name.to_lowercase();
            let expected = model.iter().find(|(k, _)| *k == lowered).map(|(_, v)| v.as_str());
            proptest::prop_assert_eq!(request.header(&name), expected, "{}", name);
            proptest::prop_assert_eq!(request.headers().get(&name), expected, "{}", name);
        }
        let request = Request::from_str(&text).unwrap();
        let pairs: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        proptest::prop_assert_eq!(pairs, model);
    }
}

proptest::proptest! {
    /// One path parameter read from the event's text agrees with the map of
    /// them built from the same text, on a fresh request, on one asked every
    /// name in turn, and after the map was built: repeated names (the last
    /// wins), values that are not strings (left out of the map), strings and
    /// names with escapes, and a `pathParameters` that is not an object.
    #[test]
    fn a_path_parameter_read_from_text_agrees_with_the_map(
        entries in proptest::collection::vec((0..6usize, 0..7usize), 0..8),
        not_an_object in proptest::option::of(proptest::sample::select(vec!["null", "[\"a\"]", "\"a\"", "3"])),
        http_api in proptest::bool::ANY,
    ) {
        const NAMES: [&str; 6] = [r#""id""#, r#""order_id""#, r#""\u0069d""#, r#""i\"d""#, r#""""#, r#""x""#];
        const VALUES: [&str; 7] = [r#""7""#, r#""a b""#, r#""\u00e9t\u00e9""#, r#""q\"""#, "7", "null", r#"{"id":"n"}"#];
        let params = match not_an_object {
            Some(text) => text.to_string(),
            None => {
                let fields: Vec<String> = entries
                    .iter()
                    .map(|&(k, v)| format!("{}:{}", NAMES[k], VALUES[v]))
                    .collect();
                format!("{{{}}}", fields.join(","))
            }
        };
        let text = if http_api {
            format!(r#"{{"version":"2.0","rawPath":"/","requestContext":{{"http":{{"method":"GET"}}}},"pathParameters":{params}}}"#)
        } else {
            format!(r#"{{"requestContext":{{"httpMethod":"GET"}},"path":"/","pathParameters":{params}}}"#)
        };
        // One request asked every name: the entries it located for the
        // first lookup answer the others.
        let asked = Request::from_str(&text).unwrap();
        for name in ["id", "order_id", "i\"d", "", "x", "y"] {
            let fresh = Request::from_str(&text).unwrap();
            let built = Request::from_str(&text).unwrap();
            let expected = built.uri_params().and_then(|m| m.get(name)).and_then(Value::as_str);
            proptest::prop_assert_eq!(fresh.uri_param(name), expected, "{} in {}", name, text);
            proptest::prop_assert_eq!(asked.uri_param(name), expected, "{} in {}", name, text);
            proptest::prop_assert_eq!(built.uri_param(name), expected, "{} in {}", name, text);
        }
    }
}

proptest::proptest! {
    /// The query of a REST event read from `multiValueQueryStringParameters`'
    /// text agrees with the `Value` of the same text: each key whose value
    /// is a list, with the list's strings, in the object's order; repeated
    /// keys (first place, last value), escapes in keys and values, values
    /// that are not lists, elements that are not strings, more keys than are
    /// compared, and a field that is not an object.
    #[test]
    fn a_query_read_from_text_agrees_with_the_value(
        entries in proptest::collection::vec((0..24usize, 0..6usize), 0..20),
        not_an_object in proptest::option::of(proptest::sample::select(vec!["null", "[]", "\"a\"", "{}"])),
    ) {
        const VALUES: [&str; 6] = [r#"["1"]"#, r#"["a b","\u00e9",""]"#, r#"["x",2,null,["y"]]"#, "[]", r#""s""#, r#"{"k":["v"]}"#];
        let key = |k: usize| match k {
            0 => r#""t\u0061g""#.to_string(),
            1 => r#""tag""#.to_string(),
            2 => r#""q\"""#.to_string(),
            k => format!(r#""k{k}""#),
        };
        let query = match not_an_object {
            Some(text) => text.to_string(),
            None => {
                let fields: Vec<String> =
                    entries.iter().map(|&(k, v)| format!("{}:{}", key(k), VALUES[v])).collect();
                format!("{{{}}}", fields.join(","))
            }
        };
        let text = format!(
            r#"{{"requestContext":{{"httpMethod":"GET"}},"path":"/","multiValueQueryStringParameters":{query},"queryStringParameters":{{"single":"1"}}}}"#
        );
        let event: Value = serde_json::from_str(&text).unwrap();
        let expected: Option<Vec<(String, Vec<String>)>> = match &event["multiValueQueryStringParameters"] {
            Value::Object(map) => Some(
                map.iter()
                    .filter_map(|(k, v)| {
                        let strings = v.as_array()?.iter().filter_map(Value::as_str).map(str::to_string);
                        Some((k.clone(), strings.collect()))
                    })
                    .collect(),
            ),
            _ => None,
        };
        let request = Request::from_str(&text).unwrap();
        let read = request.query_params().map(|q| {
            q.iter()
                .map(|(k, values)| (k.to_string(), values.map(str::to_string).collect::<Vec<_>>()))
                .collect::<Vec<_>>()
        });
        proptest::prop_assert_eq!(read, expected, "{}", text);
    }
}

/// Header names for [`headers_read_from_text_agree_with_the_value`]: a few
/// that are alike once lowercased, then plain ones.
fn pool_name(i: usize) -> String {
    match i {
        0 => "X-Foo".into(),
        1 => "x-foo".into(),
        2 => "\u{212a}".into(),
        3 => "k".into(),
        4 => "K".into(),
        5 => "Ä".into(),
        6 => "ä".into(),
        i => format!("h{i}"),
    }
}

#[test]
fn many_headers_and_keys_stay_consistent() {
    // Past the linear-scan limit the index takes over; results must not change.
    let pairs: Vec<(String, String)> = (0..100)
        .map(|i| (format!("K{}", i % 40), i.to_string()))
        .collect();
    let headers: Headers = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(headers.len(), 40);
    assert_eq!(headers.get("k3"), Some("83"));
    assert_eq!(headers.iter().next(), Some(("k0", "80")));
    let query: MultiDict = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(query.len(), 40);
    assert_eq!(query.get_all("K3"), ["3", "43", "83"]);
    let mut query = query;
    assert_eq!(
        query.remove("K0"),
        Some(vec!["0".into(), "40".into(), "80".into()])
    );
    query.push("K1", "x");
    assert_eq!(query.get("K1"), Some("x"));
    query.insert("K1", "only");
    assert_eq!(query.get_all("K1"), ["only"]);
    assert_eq!(query.len(), 39);
}

#[test]
fn a_query_of_many_keys_reads_as_its_value_does() {
    // Past the linear-scan limit, and with a key given again after it: the
    // `Value` keeps the key's first place and its last list.
    let keys: Vec<String> = (0..40).map(|i| format!(r#""k{i}":["{i}"]"#)).collect();
    let text = |extra: &str| {
        format!(
            r#"{{"requestContext":{{"httpMethod":"GET"}},"path":"/","multiValueQueryStringParameters":{{{}{extra}}}}}"#,
            keys.join(",")
        )
    };
    let plain = Request::from_str(&text("")).unwrap();
    let query = plain.query_params().unwrap();
    assert_eq!(query.len(), 40);
    assert_eq!(query.keys().nth(17), Some("k17"));
    assert_eq!(query.get_all("k39"), ["39"]);
    let again = Request::from_str(&text(r#","k3":["x","y"]"#)).unwrap();
    let query = again.query_params().unwrap();
    assert_eq!(query.len(), 40);
    assert_eq!(query.keys().nth(3), Some("k3"));
    assert_eq!(query.get_all("k3"), ["x", "y"]);
}

#[test]
fn a_multidict_hands_out_each_key_s_values_as_a_list() {
    let mut query: MultiDict = [("a", "1"), ("b", "2"), ("a", "3")].into_iter().collect();
    let values = query.get_all("a");
    assert_eq!(values.len(), 2);
    assert_eq!(format!("{values:?}"), r#"["1", "3"]"#);
    assert_eq!(serde_json::to_value(&values).unwrap(), json!(["1", "3"]));
    assert_eq!(query.get_all("none").len(), 0);
    assert_eq!(format!("{query:?}"), r#"{"a": ["1", "3"], "b": ["2"]}"#);
    // `insert` keeps the key's place and drops its other values.
    query.insert("a", "4");
    assert_eq!(
        serde_json::to_value(&query).unwrap(),
        json!({"a": "4", "b": "2"})
    );
    assert_eq!(query.getlist("a"), vec!["4".to_string()]);
    // A key removed and pushed again goes last; the values left behind in
    // the buffer do not count for equality.
    assert_eq!(query.remove("a"), Some(vec!["4".to_string()]));
    query.push("a", "5");
    let fresh: MultiDict = [("b", "2"), ("a", "5")].into_iter().collect();
    assert_eq!(query, fresh);
    assert_ne!(query, [("a", "5"), ("b", "2")].into_iter().collect());
}

#[test]
fn authorizer_context_is_written_into_the_event() {
    let mut req = Request::builder().build();
    req.set_authorizer_context(json!({"principalId": "user"}));
    assert_eq!(req.context()["authorizer"]["principalId"], "user");
    assert_eq!(
        req.to_original_event()["requestContext"]["authorizer"]["principalId"],
        "user"
    );
    assert_eq!(req.into_original_event()["requestContext"]["stage"], "api");
}

#[test]
fn lambda_context_is_kept_beside_the_event() {
    let mut req = Request::builder().build();
    assert!(req.lambda_context().is_none());
    req.set_lambda_context(Some(LambdaContext::new("fn")));
    assert_eq!(req.lambda_context().map(|c| &*c.function_name), Some("fn"));
    assert!(!req.to_original_event().to_string().contains("\"fn\""));
}

#[test]
fn builder_makes_a_realistic_event_that_parses_back() {
    let req = Request::builder()
        .method("POST")
        .path("/users/{id}")
        .uri_param("id", "7")
        .header("Content-Type", "application/json")
        .header("X-Multi", "a")
        .header("X-Multi", "b")
        .header("User-Agent", "tests/1.0")
        .query("a", "1")
        .query("a", "2")
        .stage_var("table", "users")
        .body(r#"{"n": 1}"#)
        .build();
    let event = req.to_original_event().clone();
    assert_eq!(event["path"], "/users/7");
    assert_eq!(event["resource"], "/users/{id}");
    assert_eq!(event["headers"]["X-Multi"], "b");
    assert_eq!(event["multiValueHeaders"]["X-Multi"], json!(["a", "b"]));
    assert_eq!(event["queryStringParameters"], json!({"a": "2"}));
    assert_eq!(
        event["multiValueQueryStringParameters"],
        json!({"a": ["1", "2"]})
    );
    assert_eq!(event["pathParameters"], json!({"id": "7"}));
    assert_eq!(event["stageVariables"], json!({"table": "users"}));
    assert_eq!(event["requestContext"]["path"], "/api/users/7");
    assert_eq!(
        event["requestContext"]["identity"]["userAgent"],
        "tests/1.0"
    );
    assert_eq!(event["isBase64Encoded"], false);

    let parsed = Request::from_value(event.clone()).unwrap();
    assert_eq!(parsed, req);
    assert_eq!(parsed.to_original_event(), &event);
    assert_eq!(parsed.json_body().unwrap(), Some(json!({"n": 1})));
    assert_eq!(
        parsed.stage_vars().and_then(|s| s.get("table")),
        Some(&json!("users"))
    );

    let bare = Request::builder().build();
    let event = bare.to_original_event();
    for key in [
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "pathParameters",
        "stageVariables",
        "body",
    ] {
        assert_eq!(event[key], Value::Null, "{key}");
    }
    assert_eq!(Request::from_value(event.clone()).unwrap(), bare);
}

#[test]
fn errors_name_the_field() {
    // (event, the error): only the method, the routed path and
    // `requestContext` are refused.
    let table = [
        (
            r#"{"random": "event"}"#,
            "Request: missing field `requestContext`",
        ),
        (
            r#"{"requestContext": {"resourcePath": "/"}}"#,
            "Request: missing field `requestContext.httpMethod`",
        ),
        (
            r#"{"requestContext": {"httpMethod": 5}}"#,
            "Request: field `requestContext.httpMethod` should be a string, found a number",
        ),
        (
            r#"{"requestContext": {"httpMethod": "GET"}, "path": ["/"]}"#,
            "Request: field `path` should be a string, found an array",
        ),
        (
            r#"{"version": "2.0", "requestContext": {"http": {}}}"#,
            "Request: missing field `requestContext.http.method`",
        ),
        (
            r#"{"version": "2.0", "requestContext": {"http": "GET /"}}"#,
            "Request: field `requestContext.http` should be an object, found a string",
        ),
        (
            r#"{"version": "2.0", "requestContext": {"http": {"method": "GET"}}, "rawPath": 5}"#,
            "Request: field `rawPath` should be a string, found a number",
        ),
        (
            r#"{"version": "2.0", "requestContext": {"http": {"method": "GET", "path": 5}}}"#,
            "Request: missing field `rawPath`",
        ),
        (
            r#"{"requestContext": {"elb": {}}, "path": "/"}"#,
            "Request: missing field `httpMethod`",
        ),
        (
            r#"{"requestContext": {"elb": {}}, "httpMethod": "GET", "path": null}"#,
            "Request: field `path` should be a string, found null",
        ),
        (
            "[]",
            "Request: field `$` should be an object, found an array",
        ),
    ];
    for (text, message) in table {
        let err = Request::from_str(text).unwrap_err();
        assert_eq!(err.to_string(), message, "{text}");
        assert!(err.path().is_some(), "{text}");
    }
    let err = Request::from_str("{").unwrap_err();
    assert_eq!(err.classify(), crate::Category::Syntax);
    let err = serde_json::from_str::<Request>("{}").unwrap_err();
    assert!(err.to_string().contains("requestContext"));
}

#[test]
fn parts_are_checked_on_their_own_text_and_broken_ones_make_a_syntax_error() {
    // A part's grammar is checked in the one pass, its strings and numbers
    // once the method is found; when one is not JSON, neither is the event,
    // and that is its error even when it also lacks a method.
    for part in [r#"{"a": "\ud800"}"#, r#"{"a": 1e400}"#] {
        for context in [r#"{}"#, r#"{"httpMethod": "GET"}"#] {
            let text = format!(
                r#"{{"requestContext": {context}, "path": "/", "pathParameters": {part}}}"#
            );
            let err = Request::from_str(&text).unwrap_err();
            assert_eq!(err.classify(), crate::Category::Syntax, "{text}: {err}");
        }
    }
    // Nested to the document's limit, a part is refused as `serde_json`
    // refuses what a visitor refuses: the position is in the part's own
    // text, just past the bracket and what closes it.
    let rest =
        r#"{"httpMethod":"GET","path":"/","requestContext":{"httpMethod":"GET"},"pathParameters":"#;
    for (inner, column) in [("", 128), ("1", 127)] {
        let text = format!("{rest}{}{inner}{}}}", "[".repeat(127), "]".repeat(127));
        let err = Request::from_str(&text).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("Request: invalid JSON at line 1 column {column}: recursion limit exceeded"),
            "{inner}"
        );
    }
}

/// What `accessor` gives for `request`, as JSON, for the table below.
fn accessor(request: &Request, accessor: &str) -> Value {
    match accessor {
        "headers" => Value::Object(request.headers().to_map()),
        "header x-count" => json!(request.header("x-count")),
        "query" => json!(request.query_params().map(|q| q
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect::<Map<String, Value>>())),
        "uri_params" => json!(request.uri_params()),
        "uri_param id" => json!(request.uri_param("id")),
        "stage_vars" => json!(request.stage_vars()),
        "body" => json!(request.body()),
        "raw_body" => match request.raw_body() {
            Ok(bytes) => json!(String::from_utf8_lossy(&bytes)),
            Err(e) => json!(format!("ERR {e}")),
        },
        "json_body" => match request.json_body() {
            Ok(body) => json!(body),
            Err(e) => json!(format!("ERR {e}")),
        },
        "is_base64_encoded" => json!(request.is_base64_encoded()),
        "has_multi_value_headers" => json!(request.has_multi_value_headers()),
        "resource_path" => json!(request.resource_path()),
        "raw_path" => json!(request.raw_path()),
        "kind" => json!(request.kind().as_str()),
        "context" => request.context().clone(),
        other => panic!("no accessor {other} in the table"),
    }
}

/// Each row of the module's "What is refused" table, on raw JSON: the event
/// is accepted, kept as its text, and the accessor answers as documented.
#[test]
fn lenient_cases_are_kept_and_read_by_their_accessor() {
    const REST: &str = r#""httpMethod": "GET", "path": "/a/1", "requestContext": {"httpMethod": "GET", "resourcePath": "/a/{id}"}"#;
    const V2: &str = r#""version": "2.0", "routeKey": "GET /a/{id}", "rawPath": "/a/1", "requestContext": {"http": {"method": "GET", "path": "/a/1"}}"#;
    const ALB: &str = r#""httpMethod": "GET", "path": "/a/1", "requestContext": {"elb": {"targetGroupArn": "arn"}}"#;
    // (fields of the event, accessor, what it gives)
    let table = [
        // Header values that are not strings are not headers.
        (
            format!(r#"{REST}, "headers": {{"Accept": "a", "X-Count": 3, "X-Null": null, "X-List": ["b"]}}"#),
            "headers",
            json!({"accept": "a"}),
        ),
        (
            format!(r#"{REST}, "headers": {{"X-Count": 3}}, "multiValueHeaders": {{"X-Count": ["3"]}}"#),
            "header x-count",
            Value::Null,
        ),
        (
            format!(r#"{REST}, "headers": {{"X-Count": "1", "X-Count": 2}}"#),
            "header x-count",
            Value::Null,
        ),
        // `headers` that is not an object counts as absent.
        (
            format!(r#"{REST}, "headers": 7, "multiValueHeaders": {{"Accept": ["a", "b", null]}}"#),
            "headers",
            json!({"accept": "b"}),
        ),
        (
            format!(r#"{REST}, "headers": [1], "multiValueHeaders": {{"A": "x", "B": [null], "C": ["c", 1]}}"#),
            "headers",
            json!({"c": "c"}),
        ),
        (
            format!(r#"{REST}, "multiValueHeaders": "None""#),
            "has_multi_value_headers",
            json!(false),
        ),
        (
            format!(r#"{REST}, "multiValueHeaders": {{"A": 1}}"#),
            "has_multi_value_headers",
            json!(true),
        ),
        // Query values that are not strings are left out.
        (
            format!(r#"{REST}, "multiValueQueryStringParameters": {{"a": ["1", null, 2, "3"], "b": "x", "c": []}}"#),
            "query",
            json!({"a": ["1", "3"], "c": []}),
        ),
        (
            format!(r#"{REST}, "multiValueQueryStringParameters": 5, "queryStringParameters": {{"a": "1"}}"#),
            "query",
            Value::Null,
        ),
        (
            format!(r#"{REST}, "queryStringParameters": {{"a": "1", "b": 2, "c": null}}"#),
            "query",
            json!({"a": ["1"]}),
        ),
        (
            format!(r#"{REST}, "queryStringParameters": [1]"#),
            "query",
            Value::Null,
        ),
        // Path parameters and stage variables: strings only.
        (
            format!(r#"{REST}, "pathParameters": {{"id": 7, "name": "n", "x": null}}"#),
            "uri_params",
            json!({"name": "n"}),
        ),
        (
            format!(r#"{REST}, "pathParameters": {{"id": 7}}"#),
            "uri_param id",
            Value::Null,
        ),
        (
            format!(r#"{REST}, "pathParameters": [1]"#),
            "uri_params",
            Value::Null,
        ),
        (
            format!(r#"{REST}, "stageVariables": {{"t": "x", "n": 1}}"#),
            "stage_vars",
            json!({"t": "x"}),
        ),
        (
            format!(r#"{REST}, "stageVariables": true"#),
            "stage_vars",
            Value::Null,
        ),
        // A body that cannot be read is reported by `raw_body`.
        (format!(r#"{REST}, "body": {{"a": 1}}"#), "body", Value::Null),
        (
            format!(r#"{REST}, "body": 5"#),
            "raw_body",
            json!("ERR Request: field `body` should be a string, found a number"),
        ),
        (
            format!(r#"{REST}, "body": [], "headers": {{"Content-Type": "application/json"}}"#),
            "json_body",
            json!("ERR Error Parsing JSON: Request: field `body` should be a string, found an array"),
        ),
        (
            format!(r#"{REST}, "body": "eyJ9", "isBase64Encoded": "true""#),
            "raw_body",
            json!("ERR Request: field `isBase64Encoded` should be a boolean, found a string"),
        ),
        (
            format!(r#"{REST}, "body": null, "isBase64Encoded": "true""#),
            "raw_body",
            json!(""),
        ),
        (
            format!(r#"{REST}, "isBase64Encoded": 1"#),
            "is_base64_encoded",
            json!(false),
        ),
        // Optional parts of `requestContext`.
        (
            r#""httpMethod": "GET", "path": "/a/1", "requestContext": {"httpMethod": "GET", "resourcePath": 5, "path": [], "domainName": 1}"#.to_string(),
            "resource_path",
            Value::Null,
        ),
        (
            r#""path": "/a/1", "requestContext": {"httpMethod": "GET", "http": 5}"#.to_string(),
            "kind",
            json!("rest"),
        ),
        (
            r#""requestContext": {"httpMethod": "GET", "identity": {"sourceIp": "1.2.3.4", "user": null, "cognitoIdentityId": null, "userAgent": null}, "authorizer": null}"#.to_string(),
            "context",
            json!({"httpMethod": "GET", "identity": {"sourceIp": "1.2.3.4", "user": null, "cognitoIdentityId": null, "userAgent": null}, "authorizer": null}),
        ),
        (
            r#""requestContext": {"httpMethod": "GET", "identity": null}"#.to_string(),
            "context",
            json!({"httpMethod": "GET", "identity": null}),
        ),
        // ALB, with and without multi-value headers.
        (
            r#""httpMethod": "GET", "path": "/a", "requestContext": {"elb": null}"#.to_string(),
            "kind",
            json!("alb"),
        ),
        (
            format!(r#"{ALB}, "multiValueHeaders": {{"Accept": ["a", "b"]}}, "multiValueQueryStringParameters": {{"q": ["a%20b", 1]}}"#),
            "query",
            json!({"q": ["a b"]}),
        ),
        (
            format!(r#"{ALB}, "multiValueHeaders": {{"Accept": ["a", "b"]}}"#),
            "headers",
            json!({"accept": "b"}),
        ),
        (
            format!(r#"{ALB}, "headers": {{"accept": "a", "n": 1}}, "queryStringParameters": {{"q": "1", "n": 2}}"#),
            "query",
            json!({"q": ["1"]}),
        ),
        (
            format!(r#"{ALB}, "headers": {{"accept": "a", "n": 1}}"#),
            "headers",
            json!({"accept": "a"}),
        ),
        // Payload 2.0: cookies, raw query string, headers, authorizers.
        (
            format!(r#"{V2}, "cookies": ["a=1", null, 2, "b=2"]"#),
            "headers",
            json!({"cookie": "a=1; b=2"}),
        ),
        (format!(r#"{V2}, "cookies": "a=1""#), "headers", json!({})),
        (
            format!(r#"{V2}, "rawQueryString": 5, "queryStringParameters": {{"a": "1", "b": 2}}"#),
            "query",
            json!({"a": ["1"]}),
        ),
        (
            format!(r#"{V2}, "headers": {{"x": 1, "y": "2"}}"#),
            "headers",
            json!({"y": "2"}),
        ),
        (
            r#""version": "2.0", "rawPath": "/a", "requestContext": {"http": {"method": "GET", "path": 5}}"#.to_string(),
            "raw_path",
            json!("/a"),
        ),
        (
            r#""version": "2.0", "rawPath": "/a", "requestContext": {"http": {"method": "GET"}, "authorizer": {"jwt": {"claims": {"sub": "u"}, "scopes": null}}}"#.to_string(),
            "kind",
            json!("http_api"),
        ),
        (
            r#""version": "2.0", "rawPath": "/a", "requestContext": {"http": {"method": "GET"}, "authorizer": null}"#.to_string(),
            "context",
            json!({"http": {"method": "GET"}, "authorizer": null}),
        ),
    ];
    for (fields, name, expected) in table {
        let text = format!("{{{fields}}}");
        let request = Request::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(request.to_json(), text);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(request.to_original_event(), &value, "{text}");
        assert_eq!(accessor(&request, name), expected, "{name} of {text}");
        // The same from the event given as a `Value`.
        let given = Request::from_value(value).unwrap();
        assert_eq!(accessor(&given, name), expected, "{name} of {text}");
    }
}

#[test]
fn route_key_table() {
    // (version, routeKey as JSON, route_key(), resource_path(), uri_param("id"))
    type Row<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let table: [Row<'_>; 8] = [
        (
            "2.0",
            r#""GET /users/{id}""#,
            Some("GET /users/{id}"),
            Some("/users/{id}"),
            Some("42"),
        ),
        (
            "2.0",
            r#""ANY /{proxy+}""#,
            Some("ANY /{proxy+}"),
            Some("/{proxy+}"),
            Some("42"),
        ),
        ("2.0", r#""$default""#, Some("$default"), None, Some("42")),
        // Not a route key AWS writes: no template is made of it.
        ("2.0", r#""GET users""#, Some("GET users"), None, Some("42")),
        // Of another type, or absent: nothing to report, and no refusal.
        ("2.0", "7", None, None, Some("42")),
        ("2.0", "null", None, None, Some("42")),
        ("2.0", r#"{"a": 1}"#, None, None, Some("42")),
        // REST payload 1.0 with a `routeKey`: REST reads `resourcePath`.
        (
            "1.0",
            r#""GET /users/{id}""#,
            Some("GET /users/{id}"),
            None,
            Some("42"),
        ),
    ];
    for (version, route_key, key, template, id) in table {
        let text = format!(
            r#"{{"version": "{version}", "routeKey": {route_key}, "rawPath": "/users/42",
               "httpMethod": "GET", "path": "/users/42", "pathParameters": {{"id": "42"}},
               "requestContext": {{"httpMethod": "GET", "http": {{"method": "GET", "path": "/users/42"}}}}}}"#
        );
        let req = Request::from_str(&text).unwrap();
        assert_eq!(req.route_key(), key, "{route_key}");
        assert_eq!(req.resource_path(), template, "{route_key}");
        assert_eq!(req.uri_param("id"), id, "{route_key}");
        assert_eq!(
            req.to_original_event(),
            &serde_json::from_str::<Value>(&text).unwrap()
        );
    }
}

#[test]
fn function_url_and_alb_carry_no_route() {
    let url = r#"{"version": "2.0", "routeKey": "$default", "rawPath": "/a",
        "pathParameters": {"id": "1"},
        "requestContext": {"domainName": "abc.lambda-url.us-east-1.on.aws",
            "http": {"method": "GET", "path": "/a"}}}"#;
    let req = Request::from_str(url).unwrap();
    assert_eq!(req.kind(), HttpEventKind::FunctionUrl);
    assert_eq!(req.route_key(), Some("$default"));
    assert_eq!((req.resource_path(), req.uri_params()), (None, None));
    let alb = r#"{"httpMethod": "GET", "path": "/a", "pathParameters": {"id": "1"},
        "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:x"}}}"#;
    let req = Request::from_str(alb).unwrap();
    assert_eq!(req.kind(), HttpEventKind::Alb);
    assert_eq!((req.route_key(), req.resource_path()), (None, None));
    assert_eq!(req.uri_params(), None);
}

/// A request's state is allocated once per request: kept within the sizes
/// glibc's allocator serves from its per-thread cache (chunks of up to
/// 1,032 bytes), it is not searched for in the heap's bins each time. The
/// `Value`s read on demand and the Lambda context live in boxes of their
/// own for this.
#[cfg(target_pointer_width = "64")]
#[test]
fn a_request_state_stays_within_the_allocator_s_cached_sizes() {
    assert!(
        std::mem::size_of::<State>() <= 1032,
        "{} bytes",
        std::mem::size_of::<State>()
    );
}

#[test]
fn a_part_given_twice_is_checked_in_each_of_its_texts() {
    // A `Value` of the event would refuse the first text even though the
    // second replaces it: the reader refuses it as it would alone.
    let rest = r#""httpMethod": "GET", "path": "/", "requestContext": {"httpMethod": "GET"}"#;
    for first in [
        r#"{"a": "\ud800"}"#,
        r#"{"a": 1e400}"#,
        r#"{"a": 18446744073709551616}"#,
    ] {
        let alone = format!(r#"{{{rest}, "pathParameters": {first}}}"#);
        let alone = Request::from_str(&alone).unwrap_err().to_string();
        for second in [r#"{"a": "b"}"#, "null", r#"{"a": 1}"#, first] {
            let text =
                format!(r#"{{{rest}, "pathParameters": {first}, "pathParameters": {second}}}"#);
            let err = Request::from_str(&text).unwrap_err();
            assert_eq!(err.to_string(), alone, "{text}");
        }
    }
    // Text a strict read accepts, given twice: the second is the part.
    let text =
        format!(r#"{{{rest}, "pathParameters": {{"a": 1}}, "pathParameters": {{"a": "b"}}}}"#);
    assert_eq!(Request::from_str(&text).unwrap().uri_param("a"), Some("b"));
    // A part nested as deep as the document allows, empty arrays innermost,
    // and one level deeper.
    for (depth, ok) in [(126, true), (127, false)] {
        let part = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let text = format!(r#"{{{rest}, "pathParameters": {part}}}"#);
        assert_eq!(Request::from_str(&text).is_ok(), ok, "{depth}");
    }
}
