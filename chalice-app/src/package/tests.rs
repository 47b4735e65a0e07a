//! Tables for `.chalice/config.json` (each key's type, where it is looked
//! up, what it writes into a template) and for every refusal of `template`.
//! The templates as a whole are checked against Chalice's own output by the
//! packaging conformance suite (`tests/tests/package.rs`).

// Test code: a failed unwrap is a failed test, with the panic naming the line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

use super::*;
use crate::{Chalice, Request, Route, S3EventConfig, SQSEventConfig, StreamConfig};

fn config(value: Value) -> Config {
    Config::from_value(value).unwrap()
}

fn config_error(value: Value) -> String {
    match Config::from_value(value) {
        Err(PackageError::Config { file, message }) => {
            assert_eq!(file, ".chalice/config.json");
            message
        }
        other => panic!("expected a config error, got {other:?}"),
    }
}

/// A project folder with `.chalice/` holding `files`, removed on drop.
struct Project(PathBuf);

impl Project {
    fn new(files: &[(&str, &str)]) -> Project {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "chalice-rs-package-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(dir.join(".chalice")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(".chalice").join(name), text).unwrap();
        }
        Project(dir)
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A small app with a route, an authorizer, an SQS and a Kinesis handler,
/// and a plain function.
fn app() -> Chalice {
    let mut app = Chalice::new("demo");
    let auth = app.authorizer(
        "auth",
        crate::AuthorizerConfig::new(),
        |_r: crate::AuthRequest| crate::AuthResponse::deny("nobody"),
    );
    app.route("/", Route::new().authorizer(&auth), |_r: Request| json!({}));
    app.on_sqs_message(
        SQSEventConfig::new("jobs").name("on_job"),
        |_e: chalice_events::sqs::SQSEvent| (),
    );
    app.on_kinesis_record(
        StreamConfig::new("clicks").name("on_click"),
        |_e: chalice_events::kinesis::KinesisEvent| (),
    );
    app.lambda_function("plain", |_e: crate::LambdaFunctionEvent| ());
    app
}

fn sam(app: &Chalice, config: &Config) -> Result<Value, PackageError> {
    template(app, config, &PackageOptions::new("demo").stage("dev"))
}

fn tf(app: &Chalice, config: &Config) -> Result<Value, PackageError> {
    template(
        app,
        config,
        &PackageOptions::new("demo")
            .stage("dev")
            .format(PackageFormat::Terraform),
    )
}

fn dev(stage: Value) -> Value {
    json!({"version": "2.0", "app_name": "demo", "stages": {"dev": stage}})
}

#[test]
fn each_key_of_the_wrong_type_is_refused_naming_its_path() {
    let table: Vec<(Value, &str)> = vec![
        (json!({"app_name": 1}), "app_name: expected a string, got 1"),
        (
            json!({"profile": true}),
            "profile: expected a string, got true",
        ),
        (
            json!({"environment_variables": {"N": 1}}),
            "environment_variables.N: expected a string, got 1",
        ),
        (
            json!({"environment_variables": []}),
            "environment_variables: expected an object of strings, got []",
        ),
        (
            json!({"tags": {"team": null}}),
            "tags.team: expected a string, got null",
        ),
        (
            json!({"lambda_memory_size": "256"}),
            r#"lambda_memory_size: expected an integer, got "256""#,
        ),
        (
            json!({"lambda_memory_size": 0}),
            "lambda_memory_size: expected an integer of at least 1, got 0",
        ),
        (
            json!({"lambda_timeout": 1.5}),
            "lambda_timeout: expected an integer, got 1.5",
        ),
        (
            json!({"reserved_concurrency": -1}),
            "reserved_concurrency: expected an integer of at least 0, got -1",
        ),
        (
            json!({"log_retention_in_days": "14"}),
            r#"log_retention_in_days: expected an integer, got "14""#,
        ),
        (
            json!({"lambda_architecture": "arm"}),
            r#"lambda_architecture: expected one of x86_64, arm64, got "arm""#,
        ),
        (
            json!({"layers": "arn"}),
            r#"layers: expected a list of strings, got "arn""#,
        ),
        (
            json!({"layers": ["a", 2]}),
            "layers[1]: expected a string, got 2",
        ),
        (
            json!({"automatic_layer": "yes"}),
            r#"automatic_layer: expected true or false, got "yes""#,
        ),
        (
            json!({"subnet_ids": "subnet-1"}),
            r#"subnet_ids: expected a list of strings, got "subnet-1""#,
        ),
        (
            json!({"security_group_ids": [1]}),
            "security_group_ids[0]: expected a string, got 1",
        ),
        (json!({"xray": 1}), "xray: expected true or false, got 1"),
        (
            json!({"api_gateway_stage": 1}),
            "api_gateway_stage: expected a string, got 1",
        ),
        (
            json!({"api_gateway_endpoint_type": "edge"}),
            r#"api_gateway_endpoint_type: expected one of EDGE, REGIONAL, PRIVATE, got "edge""#,
        ),
        (
            json!({"api_gateway_endpoint_vpce": 1}),
            "api_gateway_endpoint_vpce: expected a string or a list of strings, got 1",
        ),
        (
            json!({"api_gateway_endpoint_vpce": ["v", 1]}),
            "api_gateway_endpoint_vpce[1]: expected a string, got 1",
        ),
        (
            json!({"api_gateway_policy_file": {}}),
            "api_gateway_policy_file: expected a string, got {}",
        ),
        (
            json!({"minimum_compression_size": 10_485_761}),
            "minimum_compression_size: expected an integer from 0 to 10485760, got 10485761",
        ),
        (
            json!({"iam_policy_file": 1}),
            "iam_policy_file: expected a string, got 1",
        ),
        (
            json!({"autogen_policy": "false"}),
            r#"autogen_policy: expected true or false, got "false""#,
        ),
        (
            json!({"manage_iam_role": 0}),
            "manage_iam_role: expected true or false, got 0",
        ),
        (
            json!({"iam_role_arn": []}),
            "iam_role_arn: expected a string, got []",
        ),
        (
            json!({"api_gateway_custom_domain": "a.com"}),
            r#"api_gateway_custom_domain: expected an object, got "a.com""#,
        ),
        (
            json!({"api_gateway_custom_domain": {"certificate_arn": "arn"}}),
            "api_gateway_custom_domain.domain_name: missing",
        ),
        (
            json!({"websocket_api_custom_domain": {"domain_name": "a.com"}}),
            "websocket_api_custom_domain.certificate_arn: missing",
        ),
        (
            json!({"api_gateway_custom_domain": {"domain_name": "a.com", "certificate_arn": "arn", "tls_version": "TLS_1_3"}}),
            r#"api_gateway_custom_domain.tls_version: expected one of TLS_1_0, TLS_1_1, TLS_1_2, got "TLS_1_3""#,
        ),
        (
            json!({"api_gateway_custom_domain": {"domain_name": "a.com", "certificate_arn": "arn", "tags": {"k": 1}}}),
            "api_gateway_custom_domain.tags.k: expected a string, got 1",
        ),
        (json!({"stages": []}), "stages: expected an object, got []"),
        (
            json!({"stages": {"dev": 1}}),
            "stages.dev: expected an object, got 1",
        ),
        (
            json!({"lambda_functions": {"f": []}}),
            "lambda_functions.f: expected an object, got []",
        ),
        (
            json!({"stages": {"prod": {"lambda_functions": {"on_queue": {"lambda_timeout": "30"}}}}}),
            r#"stages.prod.lambda_functions.on_queue.lambda_timeout: expected an integer, got "30""#,
        ),
        (
            json!({"stages": {"prod": {"tags": {"a": false}}}}),
            "stages.prod.tags.a: expected a string, got false",
        ),
        (
            json!({"version": "3.0"}),
            r#"version: unknown config file version "3.0"; this chalice-rs reads versions up to 2.0"#,
        ),
        (
            json!({"version": "two"}),
            r#"version: unknown config file version "two"; this chalice-rs reads versions up to 2.0"#,
        ),
        (json!([]), "expected a JSON object, got []"),
    ];
    for (value, expected) in table {
        assert_eq!(config_error(value.clone()), expected, "{value}");
    }
}

#[test]
fn valid_values_and_unknown_keys_are_accepted() {
    let table = [
        json!({"version": "2.0"}),
        json!({"version": 2}),
        json!({"version": "1.0"}),
        // `null` counts as absent, as in Chalice.
        json!({"lambda_timeout": null, "tags": null}),
        json!({"api_gateway_endpoint_vpce": "vpce-1"}),
        // Keys Chalice does not know are ignored, as Chalice ignores them.
        json!({"lambda_ephemeral_storage": 1024, "something_else": [1]}),
        // Keys at a level Chalice does not read them from are not checked there.
        json!({"lambda_functions": {"f": {"stages": 1, "lambda_functions": 2}}}),
    ];
    for value in table {
        assert!(Config::from_value(value.clone()).is_ok(), "{value}");
    }
}

#[test]
fn not_json_and_a_missing_file_name_the_file() {
    let Err(PackageError::Config { file, message }) = Config::from_json("{") else {
        panic!()
    };
    assert_eq!(file, ".chalice/config.json");
    assert!(message.starts_with("not JSON: "), "{message}");
    let project = Project::new(&[]);
    let Err(PackageError::Config { file, message }) = Config::load(&project.0) else {
        panic!()
    };
    assert_eq!(file, ".chalice/config.json");
    assert!(message.contains("a Chalice project?"), "{message}");
}

#[test]
fn an_unknown_stage_is_refused() {
    let c = config(dev(json!({})));
    assert!(matches!(c.stage("prod"), Err(PackageError::UnknownStage(s)) if s == "prod"));
    assert_eq!(
        c.stage("prod").unwrap_err().to_string(),
        "stage `prod` is not defined in .chalice/config.json"
    );
    assert_eq!(c.stage_names().collect::<Vec<_>>(), ["dev"]);
}

/// Per-function keys: `stages.<s>.lambda_functions.<fn>`, `stages.<s>`,
/// `lambda_functions.<fn>`, top level; the first set wins.
#[test]
fn per_function_lookup_order() {
    let c = config(json!({
        "lambda_timeout": 1,
        "lambda_functions": {"f": {"lambda_timeout": 3}, "g": {"lambda_timeout": 5}},
        "stages": {
            "dev": {"lambda_timeout": 2, "lambda_functions": {"f": {"lambda_timeout": 4}, "h": {"lambda_timeout": null}}},
            "bare": {}
        }
    }));
    let dev = c.stage("dev").unwrap();
    let bare = c.stage("bare").unwrap();
    let table = [
        (
            &dev,
            "f",
            4,
            Some("stages.dev.lambda_functions.f.lambda_timeout"),
        ),
        // The stage beats the top-level entry of the function.
        (&dev, "g", 2, Some("stages.dev.lambda_timeout")),
        // `null` is skipped.
        (&dev, "h", 2, Some("stages.dev.lambda_timeout")),
        (&bare, "g", 5, Some("lambda_functions.g.lambda_timeout")),
        (&bare, "other", 1, Some("lambda_timeout")),
    ];
    for (stage, function, timeout, path) in table {
        assert_eq!(
            stage.function(function).lambda_timeout,
            timeout,
            "{function}"
        );
        assert_eq!(
            stage.key_path("lambda_timeout", Some(function)).as_deref(),
            path
        );
    }
}

#[test]
fn per_function_keys_and_their_defaults() {
    let c = config(
        json!({"stages": {"dev": {}, "set": {"lambda_functions": {"f": {
            "lambda_memory_size": 512, "lambda_timeout": 30, "reserved_concurrency": 0,
            "log_retention_in_days": 7, "layers": ["arn:l"], "subnet_ids": ["s"],
            "security_group_ids": ["g"], "xray": true, "iam_policy_file": "p.json",
            "autogen_policy": false, "manage_iam_role": false, "iam_role_arn": "arn:r"
        }}}}}),
    );
    let defaults = c.stage("dev").unwrap().function("f");
    assert_eq!(
        defaults,
        FunctionConfig {
            name: "f".into(),
            environment_variables: Default::default(),
            tags: Default::default(),
            lambda_memory_size: 128,
            lambda_timeout: 60,
            reserved_concurrency: None,
            log_retention_in_days: None,
            layers: vec![],
            subnet_ids: vec![],
            security_group_ids: vec![],
            xray: false,
            iam_policy_file: None,
            autogen_policy: true,
            manage_iam_role: true,
            iam_role_arn: None,
        }
    );
    let set = c.stage("set").unwrap().function("f");
    assert_eq!(
        set,
        FunctionConfig {
            name: "f".into(),
            environment_variables: Default::default(),
            tags: Default::default(),
            lambda_memory_size: 512,
            lambda_timeout: 30,
            reserved_concurrency: Some(0),
            log_retention_in_days: Some(7),
            layers: vec!["arn:l".into()],
            subnet_ids: vec!["s".into()],
            security_group_ids: vec!["g".into()],
            xray: true,
            iam_policy_file: Some("p.json".into()),
            autogen_policy: false,
            manage_iam_role: false,
            iam_role_arn: Some("arn:r".into()),
        }
    );
}

/// `environment_variables` and `tags` merge: top level, stage, the stage's
/// function entry; a top-level `lambda_functions` entry is not merged
/// (Chalice's `_chain_merge` skips it).
#[test]
fn environment_variables_and_tags_merge_as_chalice_merges() {
    let c = config(json!({
        "environment_variables": {"A": "top", "B": "top"},
        "tags": {"t": "top"},
        "lambda_functions": {"f": {"environment_variables": {"IGNORED": "x"}, "tags": {"ignored": "x"}}},
        "stages": {"dev": {
            "environment_variables": {"B": "stage", "C": "stage"},
            "tags": {"s": "stage"},
            "lambda_functions": {"f": {"environment_variables": {"C": "fn"}, "tags": {"t": "fn"}}}
        }}
    }));
    let dev = c.stage("dev").unwrap();
    let f = dev.function("f");
    assert_eq!(
        Value::Object(f.environment_variables),
        json!({"A": "top", "B": "stage", "C": "fn"})
    );
    assert_eq!(Value::Object(f.tags), json!({"t": "fn", "s": "stage"}));
    let g = dev.function("g");
    assert_eq!(
        Value::Object(g.environment_variables),
        json!({"A": "top", "B": "stage", "C": "stage"})
    );
}

/// Stage-wide keys: `stages.<s>`, then the top level; not per function.
#[test]
fn stage_keys_and_their_defaults() {
    let c = config(json!({
        "api_gateway_stage": "top",
        "lambda_architecture": "arm64",
        "lambda_functions": {"api_handler": {"api_gateway_stage": "not-per-function"}},
        "stages": {
            "dev": {},
            "set": {
                "api_gateway_stage": "v1", "api_gateway_endpoint_type": "PRIVATE",
                "api_gateway_endpoint_vpce": "vpce-1", "api_gateway_policy_file": "p.json",
                "minimum_compression_size": 0, "lambda_architecture": "x86_64",
                "automatic_layer": true,
                "api_gateway_custom_domain": {"domain_name": "a.com", "certificate_arn": "arn:c", "url_prefix": "/"},
                "websocket_api_custom_domain": {"domain_name": "w.com", "certificate_arn": "arn:w",
                    "tls_version": "TLS_1_1", "url_prefix": "ws", "tags": {"k": "v"}}
            },
            "empty": {"api_gateway_stage": null}
        }
    }));
    let dev = c.stage("dev").unwrap();
    assert_eq!(dev.api_gateway_stage(), "top");
    assert_eq!(dev.api_gateway_endpoint_type(), "EDGE");
    assert_eq!(dev.api_gateway_endpoint_vpce(), None);
    assert_eq!(dev.api_gateway_policy_file(), None);
    assert_eq!(dev.minimum_compression_size(), None);
    assert_eq!(dev.lambda_architecture(), "arm64");
    assert!(!dev.automatic_layer());
    assert_eq!(dev.api_gateway_custom_domain(), None);

    let set = c.stage("set").unwrap();
    assert_eq!(set.api_gateway_stage(), "v1");
    assert_eq!(set.api_gateway_endpoint_type(), "PRIVATE");
    assert_eq!(
        set.api_gateway_endpoint_vpce_ids(),
        Some(vec!["vpce-1".to_string()])
    );
    assert_eq!(set.api_gateway_policy_file(), Some("p.json"));
    assert_eq!(set.minimum_compression_size(), Some(0));
    assert_eq!(set.lambda_architecture(), "x86_64");
    assert!(set.automatic_layer());
    let api = set.api_gateway_custom_domain().unwrap();
    assert_eq!(
        (api.tls_version.as_str(), api.url_prefix.as_str()),
        ("TLS_1_2", "(none)")
    );
    let ws = set.websocket_api_custom_domain().unwrap();
    assert_eq!(
        ws,
        CustomDomain {
            domain_name: "w.com".into(),
            certificate_arn: "arn:w".into(),
            tls_version: "TLS_1_1".into(),
            url_prefix: "ws".into(),
            tags: json!({"k": "v"}).as_object().unwrap().clone(),
        }
    );

    let empty = c.stage("empty").unwrap();
    assert_eq!(empty.api_gateway_stage(), "top");
    let no_top = config(self::dev(json!({})));
    assert_eq!(no_top.stage("dev").unwrap().api_gateway_stage(), "api");
}

fn function<'t>(template: &'t Value, name: &str) -> &'t Value {
    &template["Resources"][name]["Properties"]
}

/// What each per-function key writes into the SAM and Terraform templates.
#[test]
fn function_keys_in_the_templates() {
    let c = config(dev(json!({"lambda_functions": {"on_job": {
        "lambda_memory_size": 512, "lambda_timeout": 30, "reserved_concurrency": 3,
        "layers": ["arn:aws:lambda:us-west-2:123456789012:layer:l:1"],
        "subnet_ids": ["subnet-0123456789abcdef0"], "security_group_ids": ["sg-0123456789abcdef0"],
        "xray": true, "environment_variables": {"K": "v"}, "tags": {"t": "v"}
    }}})));
    let s = sam(&app(), &c).unwrap();
    let job = function(&s, "OnJob");
    assert_eq!(job["MemorySize"], json!(512));
    assert_eq!(job["Timeout"], json!(30));
    assert_eq!(job["ReservedConcurrentExecutions"], json!(3));
    assert_eq!(
        job["Layers"],
        json!(["arn:aws:lambda:us-west-2:123456789012:layer:l:1"])
    );
    assert_eq!(
        job["VpcConfig"],
        json!({"SecurityGroupIds": ["sg-0123456789abcdef0"], "SubnetIds": ["subnet-0123456789abcdef0"]})
    );
    assert_eq!(job["Tracing"], json!("Active"));
    assert_eq!(
        job["Environment"]["Variables"],
        json!({"K": "v", "CHALICE_HANDLER": "on_job"})
    );
    assert_eq!(job["Tags"]["t"], json!("v"));
    // Other functions keep the defaults.
    let plain = function(&s, "Plain");
    assert_eq!(
        (plain["MemorySize"].clone(), plain["Timeout"].clone()),
        (json!(128), json!(60))
    );
    assert_eq!(plain["Tracing"], json!("PassThrough"));
    assert!(plain.get("VpcConfig").is_none() && plain.get("Layers").is_none());

    let t = tf(&app(), &c).unwrap();
    let job = &t["resource"]["aws_lambda_function"]["on_job"];
    assert_eq!(job["memory_size"], json!(512));
    assert_eq!(job["timeout"], json!(30));
    assert_eq!(job["reserved_concurrent_executions"], json!(3));
    assert_eq!(job["tracing_config"], json!({"mode": "Active"}));
    assert_eq!(
        job["vpc_config"],
        json!({"subnet_ids": ["subnet-0123456789abcdef0"], "security_group_ids": ["sg-0123456789abcdef0"]})
    );
    assert_eq!(job["function_name"], json!("demo-dev-on_job"));
    assert_eq!(
        t["resource"]["aws_lambda_function"]["api_handler"]["function_name"],
        json!("demo-dev")
    );
}

#[test]
fn log_retention_writes_log_groups() {
    let c = config(dev(json!({"log_retention_in_days": 14})));
    let s = sam(&app(), &c).unwrap();
    assert_eq!(
        s["Resources"]["ApiHandlerLogGroup"],
        json!({"Type": "AWS::Logs::LogGroup", "Properties": {
            "LogGroupName": {"Fn::Sub": "/aws/lambda/${APIHandler}"}, "RetentionInDays": 14}})
    );
    assert_eq!(
        s["Resources"]["OnJobLogGroup"]["Properties"]["LogGroupName"],
        json!({"Fn::Sub": "/aws/lambda/${OnJob}"})
    );
    let t = tf(&app(), &c).unwrap();
    // DIFFERENCE: Chalice names the group `on_job-log-group`, which Lambda never writes to.
    assert_eq!(
        t["resource"]["aws_cloudwatch_log_group"]["on_job-log-group"],
        json!({"name": "/aws/lambda/demo-dev-on_job", "retention_in_days": 14})
    );
    assert_eq!(
        t["resource"]["aws_cloudwatch_log_group"]["api_handler-log-group"]["name"],
        json!("/aws/lambda/demo-dev")
    );
    // 0 writes none, as in Chalice.
    let none = sam(&app(), &config(dev(json!({"log_retention_in_days": 0})))).unwrap();
    assert!(none["Resources"].get("OnJobLogGroup").is_none());
}

#[test]
fn stage_keys_in_the_templates() {
    let c = config(dev(json!({
        "api_gateway_stage": "v2", "api_gateway_endpoint_type": "REGIONAL",
        "minimum_compression_size": 0, "lambda_architecture": "arm64"
    })));
    let s = sam(&app(), &c).unwrap();
    let api = &s["Resources"]["RestAPI"]["Properties"];
    assert_eq!(api["StageName"], json!("v2"));
    assert_eq!(api["EndpointConfiguration"], json!("REGIONAL"));
    assert_eq!(api["MinimumCompressionSize"], json!(0));
    assert_eq!(
        function(&s, "APIHandler")["Architectures"],
        json!(["arm64"])
    );
    assert_eq!(
        s["Outputs"]["EndpointURL"]["Value"]["Fn::Sub"],
        json!("https://${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}/v2/")
    );
    let t = tf(&app(), &c).unwrap();
    assert_eq!(
        t["resource"]["aws_api_gateway_deployment"]["rest_api"]["stage_name"],
        json!("v2")
    );
    assert_eq!(
        t["resource"]["aws_api_gateway_rest_api"]["rest_api"]["minimum_compression_size"],
        json!(0)
    );
    // automatic_layer is read and ignored: the binary carries its dependencies.
    let layered = sam(&app(), &config(dev(json!({"automatic_layer": true})))).unwrap();
    assert_eq!(layered, sam(&app(), &config(dev(json!({})))).unwrap());
}

fn statements(template: &Value, role: &str) -> Vec<String> {
    template["Resources"][role]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Action"][0].as_str().unwrap().to_string())
        .collect()
}

/// The generated policy, statement by statement (first action of each).
#[test]
fn generated_policy_table() {
    let vpc = json!({"subnet_ids": ["subnet-0123456789abcdef0"], "security_group_ids": ["sg-0123456789abcdef0"]});
    let table: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({}),
            vec![
                "logs:CreateLogGroup",
                "sqs:ReceiveMessage",
                "kinesis:GetRecords",
            ],
        ),
        (
            json!({"xray": true}),
            vec![
                "logs:CreateLogGroup",
                "xray:PutTraceSegments",
                "sqs:ReceiveMessage",
                "kinesis:GetRecords",
            ],
        ),
        // X-Ray on one function only: that function traces, the policy
        // (generated with the stage-wide settings) has no X-Ray statement.
        (
            json!({"lambda_functions": {"on_job": {"xray": true}}}),
            vec![
                "logs:CreateLogGroup",
                "sqs:ReceiveMessage",
                "kinesis:GetRecords",
            ],
        ),
        // Chalice's quirk: the REST API's function stands for the stage.
        (
            json!({"lambda_functions": {"api_handler": {"xray": true}}}),
            vec![
                "logs:CreateLogGroup",
                "xray:PutTraceSegments",
                "sqs:ReceiveMessage",
                "kinesis:GetRecords",
            ],
        ),
        // A VPC stage-wide: once for the stage, once for the functions in it.
        (
            vpc.clone(),
            vec![
                "logs:CreateLogGroup",
                "ec2:CreateNetworkInterface",
                "ec2:CreateNetworkInterface",
                "sqs:ReceiveMessage",
                "kinesis:GetRecords",
            ],
        ),
        (
            json!({"lambda_functions": {"plain": vpc}}),
            vec![
                "logs:CreateLogGroup",
                "ec2:CreateNetworkInterface",
                "sqs:ReceiveMessage",
                "kinesis:GetRecords",
            ],
        ),
        // The SQS function has a role of its own: no SQS statement here.
        (
            json!({"lambda_functions": {"on_job": {"manage_iam_role": false, "iam_role_arn": "arn:aws:iam::1:role/r"}}}),
            vec!["logs:CreateLogGroup", "kinesis:GetRecords"],
        ),
    ];
    for (stage, expected) in table {
        let s = sam(&app(), &config(dev(stage.clone()))).unwrap();
        assert_eq!(statements(&s, "DefaultRole"), expected, "{stage}");
    }
}

#[test]
fn roles_table() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}"#;
    let project = Project::new(&[("policy-dev.json", policy), ("job.json", policy)]);
    let c = |stage: Value| config(dev(stage)).with_project_dir(&project.0);

    // autogen_policy false: a role per function, with policy-<stage>.json
    // or iam_policy_file.
    let s = sam(&app(), &c(json!({"autogen_policy": false, "lambda_functions": {"on_job": {"iam_policy_file": "job.json"}}}))).unwrap();
    for (function, role) in [
        ("APIHandler", "ApiHandlerRole"),
        ("OnJob", "OnJobRole"),
        ("Plain", "PlainRole"),
        ("Auth", "AuthRole"),
    ] {
        assert_eq!(
            function_role(&s, function),
            json!({"Fn::GetAtt": [role, "Arn"]}),
            "{function}"
        );
        assert_eq!(
            s["Resources"][role]["Properties"]["Policies"][0],
            json!({"PolicyDocument": serde_json::from_str::<Value>(policy).unwrap(), "PolicyName": format!("{role}Policy")})
        );
    }
    assert!(s["Resources"].get("DefaultRole").is_none());
    let t = tf(&app(), &c(json!({"autogen_policy": false}))).unwrap();
    assert_eq!(
        t["resource"]["aws_iam_role"]["on_job_role"]["name"],
        json!("demo-dev-on_job")
    );
    assert_eq!(
        t["resource"]["aws_lambda_function"]["on_job"]["role"],
        json!("${aws_iam_role.on_job_role.arn}")
    );

    // manage_iam_role false: the role's ARN, no role resource.
    let arn = "arn:aws:iam::123456789012:role/existing";
    let s = sam(
        &app(),
        &c(json!({"manage_iam_role": false, "iam_role_arn": arn})),
    )
    .unwrap();
    assert_eq!(function_role(&s, "APIHandler"), json!(arn));
    let roles: Vec<&String> = s["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == json!("AWS::IAM::Role"))
        .map(|(k, _)| k)
        .collect();
    assert!(roles.is_empty(), "{roles:?}");
    let t = tf(
        &app(),
        &c(json!({"manage_iam_role": false, "iam_role_arn": arn})),
    )
    .unwrap();
    assert_eq!(
        t["resource"]["aws_lambda_function"]["plain"]["role"],
        json!(arn)
    );
    assert!(t["resource"].get("aws_iam_role").is_none());
}

fn function_role(template: &Value, name: &str) -> Value {
    function(template, name)["Role"].clone()
}

#[test]
fn api_resource_policy_table() {
    let policy = r#"{"Version": "2012-10-17", "Statement": []}"#;
    let project = Project::new(&[("api.json", policy)]);
    let c = |stage: Value| config(dev(stage)).with_project_dir(&project.0);
    let s = sam(&app(), &c(json!({"api_gateway_endpoint_type": "PRIVATE", "api_gateway_endpoint_vpce": ["vpce-1", "vpce-2"]}))).unwrap();
    let body = &s["Resources"]["RestAPI"]["Properties"]["DefinitionBody"];
    assert_eq!(
        body["x-amazon-apigateway-policy"]["Statement"][0]["Condition"],
        json!({"StringEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}})
    );
    assert_eq!(
        body["x-amazon-apigateway-endpoint-configuration"],
        json!({"vpcEndpointIds": ["vpce-1", "vpce-2"]})
    );
    // A policy file applies to any endpoint type.
    let t = tf(&app(), &c(json!({"api_gateway_policy_file": "api.json"}))).unwrap();
    assert_eq!(
        t["resource"]["aws_api_gateway_rest_api"]["rest_api"]["policy"],
        json!(r#"{"Version": "2012-10-17", "Statement": []}"#)
    );
}

#[test]
fn report_batch_item_failures_on_stream_and_queue_sources() {
    let mut app = Chalice::new("demo");
    app.on_sqs_message(
        SQSEventConfig::new("q")
            .name("q")
            .report_batch_item_failures(true),
        |_e: chalice_events::sqs::SQSEvent| (),
    );
    app.on_kinesis_record(
        StreamConfig::new("k")
            .name("k")
            .report_batch_item_failures(true),
        |_e: chalice_events::kinesis::KinesisEvent| (),
    );
    app.on_dynamodb_record(
        StreamConfig::new("arn:aws:dynamodb:us-west-2:123456789012:table/t/stream/2024")
            .name("d")
            .report_batch_item_failures(true),
        |_e: chalice_events::dynamodb::DynamoDBEvent| (),
    );
    let c = config(dev(json!({})));
    let s = sam(&app, &c).unwrap();
    for (name, event) in [
        ("Q", "QSqsEventSource"),
        ("K", "KKinesisEventSource"),
        ("D", "DDynamodbEventSource"),
    ] {
        assert_eq!(
            function(&s, name)["Events"][event]["Properties"]["FunctionResponseTypes"],
            json!(["ReportBatchItemFailures"]),
            "{name}"
        );
    }
    let t = tf(&app, &c).unwrap();
    for mapping in [
        "q-sqs-event-source",
        "k-kinesis-event-source",
        "d-dynamodb-event-source",
    ] {
        assert_eq!(
            t["resource"]["aws_lambda_event_source_mapping"][mapping]["function_response_types"],
            json!(["ReportBatchItemFailures"]),
            "{mapping}"
        );
    }
    // Without the option, nothing is added.
    let plain = sam(&self::app(), &c).unwrap();
    assert!(
        function(&plain, "OnJob")["Events"]["OnJobSqsEventSource"]["Properties"]
            .get("FunctionResponseTypes")
            .is_none()
    );
}

/// Every refusal of `template`, with the error kind and its message.
#[test]
fn refusals_table() {
    let project = Project::new(&[("bad.json", "{"), ("list.json", "[]")]);
    let c = |stage: Value| config(dev(stage)).with_project_dir(&project.0);
    let mut with_s3 = app();
    with_s3.on_s3_event(
        S3EventConfig::new("bucket").name("up"),
        |_e: chalice_events::s3::S3Event| (),
    );
    let base = app();
    let mut clash = app();
    clash.lambda_function("on-job", |_e: crate::LambdaFunctionEvent| ());

    type Check = fn(&PackageError) -> bool;
    let unsupported: Check = |e| matches!(e, PackageError::Unsupported(_));
    let config_kind: Check = |e| matches!(e, PackageError::Config { .. });
    let table: Vec<(&str, &Chalice, Value, PackageFormat, Check, &str)> = vec![
        (
            "S3 handlers in SAM",
            &with_s3,
            json!({}),
            PackageFormat::CloudFormation,
            unsupported,
            "Unable to package chalice apps that @app.on_s3_event decorator.",
        ),
        (
            "a VPC endpoint without PRIVATE",
            &base,
            json!({"api_gateway_endpoint_vpce": "vpce-1"}),
            PackageFormat::Terraform,
            unsupported,
            "config.api_gateway_endpoint_vpce should only be specified for PRIVATE api_gateway_endpoint_type",
        ),
        (
            "a VPC endpoint with a policy file",
            &base,
            json!({"api_gateway_endpoint_type": "PRIVATE", "api_gateway_endpoint_vpce": "vpce-1", "api_gateway_policy_file": "p.json"}),
            PackageFormat::CloudFormation,
            unsupported,
            "Can only specify one of api_gateway_policy_file and api_gateway_endpoint_vpce",
        ),
        (
            "PRIVATE with neither",
            &base,
            json!({"api_gateway_endpoint_type": "PRIVATE"}),
            PackageFormat::CloudFormation,
            unsupported,
            "Private Endpoints require api_gateway_policy_file or api_gateway_endpoint_vpce specified",
        ),
        (
            "subnets without security groups",
            &base,
            json!({"lambda_functions": {"plain": {"subnet_ids": ["subnet-1"]}}}),
            PackageFormat::CloudFormation,
            unsupported,
            "Invalid VPC params for function 'plain'",
        ),
        (
            "two resources with one name",
            &clash,
            json!({}),
            PackageFormat::CloudFormation,
            unsupported,
            "A duplicate resource name was generated for the SAM template: OnJob",
        ),
        (
            "no role ARN without a managed role",
            &base,
            json!({"lambda_functions": {"on_job": {"manage_iam_role": false}}}),
            PackageFormat::Terraform,
            config_kind,
            ".chalice/config.json: stages.dev.lambda_functions.on_job.manage_iam_role: when 'manage_iam_role' is set to false, you must provide an 'iam_role_arn' (function on_job)",
        ),
        (
            "a missing policy file",
            &base,
            json!({"autogen_policy": false}),
            PackageFormat::CloudFormation,
            config_kind,
            ".chalice/policy-dev.json: cannot read the policy file for the role of function plain (stages.dev.autogen_policy)",
        ),
        (
            "a policy file that is not JSON",
            &base,
            json!({"lambda_functions": {"on_job": {"autogen_policy": false, "iam_policy_file": "bad.json"}}}),
            PackageFormat::CloudFormation,
            config_kind,
            ".chalice/bad.json: the policy file for the role of function on_job (stages.dev.lambda_functions.on_job.iam_policy_file) is not JSON",
        ),
        (
            "a resource policy that is not an object",
            &base,
            json!({"api_gateway_policy_file": "list.json"}),
            PackageFormat::Terraform,
            config_kind,
            ".chalice/list.json: the policy file for the REST API's resource policy (stages.dev.api_gateway_policy_file) must hold a JSON object, got a list",
        ),
    ];
    for (what, app, stage, format, kind, message) in table {
        let options = PackageOptions::new("demo").format(format);
        let err = template(app, &c(stage), &options).unwrap_err();
        assert!(kind(&err), "{what}: {err:?}");
        assert!(err.to_string().starts_with(message), "{what}: {err}");
    }
    // Terraform holds S3 handlers.
    assert!(tf(&with_s3, &c(json!({}))).is_ok());
}

#[test]
fn an_invalid_app_is_refused_before_the_config_is_read() {
    let mut app = Chalice::new("demo");
    app.route(
        "/upload",
        Route::new()
            .methods(["POST"])
            .content_types(["image/png", "application/json"]),
        |_r: Request| json!({}),
    );
    let err = sam(&app, &Config::default()).unwrap_err();
    assert!(matches!(err, PackageError::Invalid(_)), "{err:?}");
}

#[test]
fn generate_models_needs_routes() {
    assert_eq!(
        generate_models(&Chalice::new("empty"))
            .unwrap_err()
            .to_string(),
        "No REST API found to generate model from."
    );
    assert_eq!(generate_models(&app()).unwrap()["swagger"], json!("2.0"));
}

#[test]
fn package_writes_the_file_and_copies_the_zip() {
    let project = Project::new(&[]);
    std::fs::write(project.0.join("bootstrap.zip"), b"zip").unwrap();
    let c = config(dev(json!({})));
    let out = project.0.join("out");
    // SAM, built by cargo-lambda: CodeUri relative to the template.
    let path = package(
        &app(),
        &c,
        &PackageOptions::new("demo").code(CodeLocation::CargoLambda {
            project_dir: project.0.clone(),
        }),
        &out,
    )
    .unwrap();
    assert_eq!(path, out.join("sam.json"));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(function(&written, "Plain")["CodeUri"], json!(".."));
    // Terraform with a zip: copied as deployment.zip.
    let options = PackageOptions::new("demo")
        .format(PackageFormat::Terraform)
        .code(CodeLocation::Zip(project.0.join("bootstrap.zip")));
    let path = package(&app(), &c, &options, &out).unwrap();
    assert_eq!(path, out.join("chalice.tf.json"));
    assert_eq!(std::fs::read(out.join("deployment.zip")).unwrap(), b"zip");
    // Terraform without a build: refused, naming the command.
    let options = PackageOptions::new("no-such-binary-xyz")
        .format(PackageFormat::Terraform)
        .code(CodeLocation::CargoLambda {
            project_dir: project.0.clone(),
        });
    let err = package(&app(), &c, &options, &out).unwrap_err();
    assert!(matches!(err, PackageError::MissingBuild(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("cargo lambda build --release --output-format zip --bin no-such-binary-xyz"),
        "{err}"
    );
}

#[test]
fn package_formats_parse_as_chalice_names_them() {
    assert_eq!(
        "cloudformation".parse::<PackageFormat>().unwrap(),
        PackageFormat::CloudFormation
    );
    assert_eq!(
        "terraform".parse::<PackageFormat>().unwrap(),
        PackageFormat::Terraform
    );
    assert!("yaml".parse::<PackageFormat>().is_err());
    assert_eq!(PackageFormat::Terraform.file_name(), "chalice.tf.json");
    assert_eq!(PackageFormat::CloudFormation.as_str(), "cloudformation");
}

/// `--merge-template`: Chalice's deep merge, objects key by key, anything
/// else the file's value.
#[test]
fn merge_template_table() {
    let table = [
        (
            json!({"a": 1}),
            json!({"a": 2, "b": 3}),
            json!({"a": 1, "b": 3}),
        ),
        (
            json!({"o": {"x": 1}}),
            json!({"o": {"y": 2}}),
            json!({"o": {"y": 2, "x": 1}}),
        ),
        (json!({"l": [1]}), json!({"l": [2, 3]}), json!({"l": [1]})),
        (
            json!({"new": {"k": "v"}}),
            json!({}),
            json!({"new": {"k": "v"}}),
        ),
        (
            json!({"o": "text"}),
            json!({"o": {"y": 2}}),
            json!({"o": "text"}),
        ),
    ];
    for (file, chalice, expected) in table {
        assert_eq!(
            merge(file.clone(), chalice.clone()),
            expected,
            "{file} into {chalice}"
        );
    }

    let project = Project::new(&[
        (
            "extra.json",
            r#"{"Resources": {"Table": {"Type": "AWS::DynamoDB::Table"}, "APIHandler": {"Properties": {"Timeout": 5}}}}"#,
        ),
        ("extra.yaml", "Resources: {}"),
    ]);
    let extra = project.0.join(".chalice").join("extra.json");
    let c = config(dev(json!({})));
    let options = PackageOptions::new("demo").merge_template(&extra);
    let s = template(&app(), &c, &options).unwrap();
    assert_eq!(
        s["Resources"]["Table"],
        json!({"Type": "AWS::DynamoDB::Table"})
    );
    assert_eq!(function(&s, "APIHandler")["Timeout"], json!(5));
    assert_eq!(function(&s, "APIHandler")["MemorySize"], json!(128));

    let err = template(
        &app(),
        &c,
        &options.clone().format(PackageFormat::Terraform),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Terraform format does not support --merge-template"
    );
    let yaml =
        PackageOptions::new("demo").merge_template(project.0.join(".chalice").join("extra.yaml"));
    assert!(matches!(
        template(&app(), &c, &yaml),
        Err(PackageError::Unsupported(_))
    ));
    let missing = PackageOptions::new("demo").merge_template(project.0.join("nope.json"));
    assert!(matches!(
        template(&app(), &c, &missing),
        Err(PackageError::Config { .. })
    ));
}
