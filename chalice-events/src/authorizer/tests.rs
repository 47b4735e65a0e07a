//! Tests of the module, on the texts users write.

use super::policy::resource_arn;
use super::*;
use crate::test_support::assert_fixtures_round_trip;
use crate::Event;
use std::path::Path;

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every real payload in testdata/fixtures/authorizer parses and round-trips.
#[test]
fn parses_every_fixture_losslessly() {
    let requests = assert_fixtures_round_trip::<AuthRequest>("authorizer");
    for (name, request) in &requests {
        assert!(
            request.method_arn().starts_with("arn:aws:execute-api:"),
            "{name}"
        );
        assert!(
            ["TOKEN", "REQUEST"].contains(&request.auth_type()),
            "{name}"
        );
        let again: AuthRequest = serde_json::from_value(request.to_dict()).unwrap();
        assert_eq!(again.to_dict(), request.to_dict(), "{name}");
    }
    let seen = requests.len();
    assert!(
        seen >= 13,
        "only {seen} fixtures found in testdata/fixtures/authorizer"
    );
}

#[test]
fn accessors_read_each_payload_kind() {
    let token = AuthRequest::from_str(
        r#"{"type":"TOKEN","authorizationToken":"incoming-client-token",
            "methodArn":"arn:aws:execute-api:us-east-1:123456789012:example/prod/POST/{proxy+}"}"#,
    )
    .unwrap();
    assert_eq!(token.auth_type(), "TOKEN");
    assert_eq!(token.token(), Some("incoming-client-token"));
    assert_eq!(token.headers(), None);
    assert_eq!(token.request_context(), None);

    let v2 = AuthRequest::from_value(json!({
        "version": "2.0",
        "routeArn": "arn:aws:execute-api:eu-west-1:123:api/$default/POST/lambda",
        "identitySource": ["Bearer foo"],
        "headers": {"Authorization": "Bearer foo"},
        "queryStringParameters": {"a": "1"},
        "requestContext": {"apiId": "api", "http": {"method": "POST"}},
    }))
    .unwrap();
    assert_eq!(v2.auth_type(), "REQUEST");
    assert_eq!(v2.version(), Some("2.0"));
    assert_eq!(v2.token(), None);
    assert_eq!(
        v2.method_arn(),
        "arn:aws:execute-api:eu-west-1:123:api/$default/POST/lambda"
    );
    assert_eq!(v2.header("authorization"), Some("Bearer foo"));
    assert_eq!(v2.query_string_parameters().unwrap()["a"], "1");
    assert_eq!(v2.request_context().unwrap()["apiId"], "api");
}

#[test]
fn errors_name_the_field() {
    let err = AuthRequest::from_str(r#"{"type": "TOKEN", "authorizationToken": "x"}"#).unwrap_err();
    insta::assert_snapshot!(err, @"AuthRequest: missing field `methodArn`");
    let err = AuthRequest::from_str(r#"{"methodArn": "arn"}"#).unwrap_err();
    insta::assert_snapshot!(err, @"AuthRequest: missing field `type`");
    let err = AuthRequest::from_str(r#"{"type": "TOKEN", "methodArn": 5}"#).unwrap_err();
    insta::assert_snapshot!(err, @"AuthRequest: field `methodArn` should be a string, found a number");
    let err = AuthRequest::from_str(r#"{"routeArn": "a", "type": 1}"#).unwrap_err();
    insta::assert_snapshot!(err, @"AuthRequest: field `type` should be a string, found a number");
    let err = AuthRequest::from_str("[]").unwrap_err();
    insta::assert_snapshot!(err, @"AuthRequest: field `$` should be an object, found an array");
}

/// Each row of the module's "What is refused" table, on raw JSON.
#[test]
fn lenient_cases_are_kept_and_read_by_their_accessor() {
    // (fields besides `type` and `methodArn`, token, header("h"), whether
    // headers(), query_string_parameters(), path_parameters(),
    // stage_variables(), request_context() are there)
    let table = [
        (
            r#""authorizationToken": null, "version": 2"#,
            None,
            None,
            [false; 5],
        ),
        (
            r#""authorizationToken": ["t"], "headers": {"h": 1}"#,
            None,
            None,
            [true, false, false, false, false],
        ),
        (
            r#""headers": {"H": "v"}, "queryStringParameters": {"q": 1}, "pathParameters": {"p": null}"#,
            None,
            Some("v"),
            [true, true, true, false, false],
        ),
        (
            r#""headers": "h: v", "queryStringParameters": [], "pathParameters": 5, "stageVariables": null, "requestContext": null"#,
            None,
            None,
            [false; 5],
        ),
        (
            r#""authorizationToken": "t", "stageVariables": {"s": 1}, "requestContext": {"identity": null}, "multiValueHeaders": {"h": [null]}, "identitySource": null"#,
            Some("t"),
            None,
            [false, false, false, true, true],
        ),
    ];
    for (fields, token, header, present) in table {
        let text = format!(r#"{{"type": "REQUEST", "methodArn": "arn:m", {fields}}}"#);
        let request = AuthRequest::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            request.to_dict(),
            serde_json::from_str::<Value>(&text).unwrap()
        );
        assert_eq!(
            (request.auth_type(), request.method_arn()),
            ("REQUEST", "arn:m")
        );
        assert_eq!(
            (request.token(), request.version()),
            (token, None),
            "{text}"
        );
        assert_eq!(request.header("h"), header, "{text}");
        let got = [
            request.headers().is_some(),
            request.query_string_parameters().is_some(),
            request.path_parameters().is_some(),
            request.stage_variables().is_some(),
            request.request_context().is_some(),
        ];
        assert_eq!(got, present, "{text}");
    }
}

#[test]
fn new_and_builder_make_token_events() {
    let request = AuthRequest::new("TOKEN", "t", "arn:x");
    assert_eq!(
        request.to_dict(),
        json!({"type": "TOKEN", "authorizationToken": "t", "methodArn": "arn:x"})
    );
    let built = AuthRequest::builder().build();
    assert_eq!(
        built.to_dict(),
        json!({"type": "TOKEN", "authorizationToken": "allow",
               "methodArn": "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/api/GET/"})
    );
    assert_eq!(AuthRequest::from_value(built.to_dict()).unwrap(), built);
}

const ARN: &str = "arn:aws:execute-api:us-west-2:123:rest-api-id/dev/GET/needs/auth";
const DEV: &str = "arn:aws:execute-api:us-west-2:123:rest-api-id/dev";

fn route(path: &str, methods: &[&str]) -> AuthRouteSpec {
    AuthRoute::new(path, methods.iter().copied()).into()
}

/// SPEC §9.3, each example with the Chalice test that pins it.
#[test]
fn resource_arn_table() {
    let root_arn = format!("{DEV}/GET/");
    let table: Vec<(&str, Vec<AuthRouteSpec>, &str, Vec<String>)> = vec![
        (
            "test_auth_response_serialization",
            vec!["/needs/auth".into()],
            ARN,
            vec![format!("{DEV}/*/needs/auth")],
        ),
        (
            "test_can_use_auth_routes_instead_of_strings",
            vec![route("/a", &["GET"]), route("/a/b", &["GET", "POST"])],
            ARN,
            vec![
                format!("{DEV}/GET/a"),
                format!("{DEV}/GET/a/b"),
                format!("{DEV}/POST/a/b"),
            ],
        ),
        (
            "test_can_mix_auth_routes_and_strings",
            vec!["/a".into(), route("/a/b", &["GET"])],
            ARN,
            vec![format!("{DEV}/*/a"), format!("{DEV}/GET/a/b")],
        ),
        (
            "test_auth_response_wildcard_string",
            vec!["*".into()],
            ARN,
            vec![format!("{DEV}/*/*")],
        ),
        (
            "test_auth_response_wildcard",
            vec![route("*", &["*"])],
            ARN,
            vec![format!("{DEV}/*/*")],
        ),
        (
            "verified: AuthRoute('*', ['GET'])",
            vec![route("*", &["GET"])],
            ARN,
            vec![format!("{DEV}/GET/*")],
        ),
        (
            "test_root_resource",
            vec![route("/", &["GET"])],
            &root_arn,
            vec![format!("{DEV}/GET/")],
        ),
        (
            "root as a string",
            vec!["/".into()],
            ARN,
            vec![format!("{DEV}/*/")],
        ),
        (
            "test_auth_response_with_colon_chars",
            vec!["/foo/*".into()],
            "arn:aws:execute-api:us-west-2:1:id/api/GET/foo/a:b:c:d",
            vec!["arn:aws:execute-api:us-west-2:1:id/api/*/foo/*".to_string()],
        ),
        (
            "verified: params kept",
            vec!["/x/{id}".into()],
            ARN,
            vec![format!("{DEV}/*/x/{{id}}")],
        ),
        (
            "blind first-character strip",
            vec!["foo".into()],
            ARN,
            vec![format!("{DEV}/*/oo")],
        ),
        (
            "empty path",
            vec!["".into()],
            ARN,
            vec![format!("{DEV}/*/")],
        ),
        (
            "multi-byte first character",
            vec!["éa/b".into()],
            ARN,
            vec![format!("{DEV}/*/a/b")],
        ),
        ("no routes", vec![], ARN, vec![]),
        (
            "methods as given",
            vec![route("/a", &["get", "*"])],
            ARN,
            vec![format!("{DEV}/get/a"), format!("{DEV}/*/a")],
        ),
    ];
    for (name, routes, method_arn, expected) in table {
        let response = AuthResponse::new(routes, "p");
        assert_eq!(response.resources(method_arn), expected, "{name}");
        let request = AuthRequest::new("TOKEN", "t", method_arn);
        let dict = response.to_dict(&request);
        assert_eq!(
            dict["policyDocument"]["Statement"][0]["Resource"],
            json!(expected),
            "{name}"
        );
    }
}

/// Malformed method ARNs never panic; they behave as Chalice's `str.split` does.
#[test]
fn malformed_method_arns_keep_what_is_there() {
    let table = [
        ("", "/a", "/*/a"),
        ("", "*", "/*/*"),
        ("garbage", "/a", "garbage/*/a"),
        ("arn:aws:execute-api", "/a", "arn:aws:execute-api/*/a"),
        (
            "arn:aws:execute-api:us-west-2:123:api-id",
            "/a",
            "arn:aws:execute-api:us-west-2:123:api-id/*/a",
        ),
        (
            "arn:aws:execute-api:us-west-2:123:",
            "/a",
            "arn:aws:execute-api:us-west-2:123:/*/a",
        ),
        ("a:b:c:d:e:f:g/h/i/j", "/a", "a:b:c:d:e:f:g/h/*/a"),
        (
            "arn:aws:execute-api:r:1:id/stage",
            "/",
            "arn:aws:execute-api:r:1:id/stage/*/",
        ),
    ];
    for (method_arn, path, expected) in table {
        assert_eq!(
            resource_arn(method_arn, "*", path),
            expected,
            "{method_arn:?} {path:?}"
        );
    }
}

proptest::proptest! {
    #[test]
    fn resources_never_panic(method_arn in ".*", path in ".*", method in "[A-Z*]{0,7}") {
        let response = AuthResponse::new([AuthRouteSpec::Path(path.clone())], "p")
            .route(AuthRoute::new(path, [method]));
        let resources = response.resources(&method_arn);
        proptest::prop_assert_eq!(resources.len(), 2);
    }
}

#[test]
fn policy_document_has_chalice_key_order() {
    let mut context = Map::new();
    context.insert("b".into(), json!(1));
    context.insert("a".into(), json!("x"));
    let response = AuthResponse::new(["/needs/auth"], "foo").with_context(context);
    let text = serde_json::to_string(&response.to_dict_for_arn(ARN)).unwrap();
    insta::assert_snapshot!(text, @r#"{"context":{"b":1,"a":"x"},"principalId":"foo","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":["arn:aws:execute-api:us-west-2:123:rest-api-id/dev/*/needs/auth"]}]}}"#);
}

/// The refapp's `demo_auth` (testdata/conformance/refapp.py), ported.
fn demo_auth(request: &AuthRequest) -> AuthResponse {
    match request.token() {
        Some("allow-all") => AuthResponse::new(["*"], "all-user"),
        Some("allow-items") => {
            let mut context = Map::new();
            context.insert("role".into(), json!("reader"));
            context.insert("level".into(), json!("2"));
            AuthResponse::new(["/items/*"], "items-user")
                .route(AuthRoute::new("/secure", ["GET", "POST"]))
                .with_context(context)
        }
        Some("allow-root") => AuthResponse::new(["/"], "root-user"),
        _ => AuthResponse::deny("nobody"),
    }
}

/// conformance/cases/auth_*.json against conformance/expected/auth_*.json.
#[test]
fn matches_chalice_conformance_outputs() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/conformance");
    for name in [
        "auth_allow_all",
        "auth_allow_items",
        "auth_allow_root",
        "auth_deny",
    ] {
        let case = read_json(&Path::new(root).join("cases").join(format!("{name}.json")));
        let expected = read_json(
            &Path::new(root)
                .join("expected")
                .join(format!("{name}.json")),
        );
        let request = AuthRequest::from_value(case["event"].clone()).unwrap();
        let ours = demo_auth(&request).to_dict(&request);
        assert_eq!(ours, expected["result"], "{name}");
        // Same key order too, not only the same value.
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&expected["result"]).unwrap(),
            "{name}"
        );
    }
}

/// test_app.py::test_can_serialize_iam_auth, test_can_serialize_cognito_auth,
/// test_can_serialize_custom_authorizer; test_swagger.py role/scopes tests.
#[test]
fn swagger_definitions() {
    let iam = IAMAuthorizer::new();
    assert_eq!(
        serde_json::to_string(&iam.to_swagger()).unwrap(),
        r#"{"in":"header","type":"apiKey","name":"Authorization","x-amazon-apigateway-authtype":"awsSigv4"}"#
    );
    assert!(iam.scopes().is_empty());

    let cognito = CognitoUserPoolAuthorizer::new("auth_name", vec!["arn:aws:cog".to_string()])
        .unwrap()
        .header("CustomHeader");
    assert_eq!(
        serde_json::to_string(&cognito.to_swagger()).unwrap(),
        concat!(
            r#"{"in":"header","type":"apiKey","name":"CustomHeader","x-amazon-apigateway-authtype":"cognito_user_pools","#,
            r#""x-amazon-apigateway-authorizer":{"type":"cognito_user_pools","providerARNs":["arn:aws:cog"]}}"#
        )
    );
    let scoped = cognito.with_scopes(vec!["s1".into(), "s2".into()]);
    assert_eq!(scoped.scopes(), ["s1", "s2"]);
    assert!(cognito.scopes().is_empty());
    assert_eq!(
        scoped.to_swagger(),
        cognito.to_swagger(),
        "scopes are not part of to_swagger"
    );
    assert_eq!(scoped.name(), "auth_name");
    assert_eq!(scoped.header_name(), "CustomHeader");

    let custom = CustomAuthorizer::new("auth_name", "auth_uri")
        .header("CustomHeader")
        .ttl_seconds(10);
    assert_eq!(
        serde_json::to_string(&custom.to_swagger()).unwrap(),
        concat!(
            r#"{"in":"header","type":"apiKey","name":"CustomHeader","x-amazon-apigateway-authtype":"custom","#,
            r#""x-amazon-apigateway-authorizer":{"type":"token","authorizerUri":"auth_uri","authorizerResultTtlInSeconds":10}}"#
        )
    );
    let with_role = custom.invoke_role_arn("role-arn");
    assert_eq!(
        serde_json::to_string(&with_role.to_swagger()["x-amazon-apigateway-authorizer"]).unwrap(),
        r#"{"type":"token","authorizerUri":"auth_uri","authorizerResultTtlInSeconds":10,"authorizerCredentials":"role-arn"}"#
    );
    assert_eq!(with_role.invoke_role(), Some("role-arn"));
    assert_eq!(
        with_role.with_scopes(vec!["x".into()]).to_swagger(),
        with_role.to_swagger()
    );
    assert_eq!(CustomAuthorizer::new("a", "b").ttl(), 300);
    assert_eq!(
        CustomAuthorizer::new("a", "b").header_name(),
        "Authorization"
    );
}

#[test]
fn cognito_needs_provider_arns() {
    let err = CognitoUserPoolAuthorizer::new("pool", vec![]).unwrap_err();
    insta::assert_snapshot!(err, @"invalid CognitoUserPoolAuthorizer: provider_arns should be a non-empty list of user pool ARNs");
    assert_eq!(err.classify(), crate::Category::Argument);
}

#[cfg(feature = "arbitrary")]
#[test]
fn arbitrary_requests_round_trip() {
    use arbitrary::{Arbitrary, Unstructured};
    for seed in 0..200u32 {
        let bytes: Vec<u8> = (0..512u32)
            .map(|i| (i.wrapping_mul(2654435761).wrapping_add(seed * 131) >> 9) as u8)
            .collect();
        let request = AuthRequest::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
        let dict = request.to_dict();
        assert_eq!(
            AuthRequest::from_value(dict.clone()).unwrap().to_dict(),
            dict
        );
    }
}
