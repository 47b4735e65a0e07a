//! `chalice.tf.json`: the Terraform configuration Chalice's
//! `TerraformGenerator` (`chalice/package.py`) writes, for the one Rust
//! binary that serves every handler.
//!
//! Resource keys are Chalice's resource names (`api_handler`, `default-role`,
//! `on_queue-sqs-event-source`, ...). Policies, the Swagger document and
//! CloudWatch event patterns are JSON text inside the configuration, written
//! as Python's `json.dumps` writes them so that the text is Chalice's too.
//!
//! What differs from Chalice, because the code is a Rust binary: each
//! function's `runtime` (`provided.al2023`) and `handler` (`bootstrap`), the
//! `CHALICE_HANDLER` variable naming the handler the function serves, and
//! `function_response_types = ["ReportBatchItemFailures"]` on SQS, Kinesis and
//! DynamoDB sources that opt in. The code is `deployment.zip` beside the
//! configuration, as with Chalice: the zip `cargo lambda build --release
//! --output-format zip` makes.
//!
//! DIFFERENCE: with `log_retention_in_days`, Chalice names the log group
//! after its resource key (`on_queue-log-group`), a group Lambda never
//! writes to; chalice-rs names it `/aws/lambda/<function name>`, the group
//! the function logs to.

use std::io;

use chalice_events::json::PythonFormatter;
use serde::Serialize;
use serde_json::ser::Formatter;
use serde_json::{json, Map, Value};

use super::model::{Application, Event, Function, RestApi, Role, WebsocketApi};
use super::swagger::{self, Target};
use super::PackageError;
use crate::{Chalice, EventSource};

const PARTITION: &str = "${data.aws_partition.chalice.partition}";
const REGION: &str = "${data.aws_region.chalice.name}";
const ACCOUNT: &str = "${data.aws_caller_identity.chalice.account_id}";

/// Where the code is, relative to the configuration (Chalice's `deployment.zip`).
pub(crate) const CODE: &str = "${path.module}/deployment.zip";

struct Tf<'a> {
    resource: Map<String, Value>,
    locals: Map<String, Value>,
    output: Map<String, Value>,
    app: &'a Application,
}

/// The Terraform configuration of `app`.
///
/// # Errors
///
/// None today; the `Result` keeps the signature of the SAM writer.
pub(crate) fn template(chalice: &Chalice, app: &Application) -> Result<Value, PackageError> {
    let mut tf = Tf {
        resource: Map::new(),
        locals: Map::new(),
        output: Map::new(),
        app,
    };
    for role in &app.roles {
        tf.role(role);
    }
    for function in &app.pure_functions {
        tf.function(function);
    }
    for event in &app.events {
        tf.function(&event.function);
        tf.event(event);
    }
    if let Some(api) = &app.rest_api {
        tf.function(&api.handler);
        for authorizer in &api.authorizers {
            tf.function(authorizer);
        }
        tf.rest_api(chalice, api);
    }
    if let Some(ws) = &app.websocket {
        for function in [&ws.connect, &ws.message, &ws.disconnect]
            .into_iter()
            .flatten()
        {
            tf.function(function);
        }
        tf.websocket(ws);
    }
    let mut out = Map::new();
    out.insert("resource".into(), Value::Object(tf.resource));
    out.insert("locals".into(), Value::Object(tf.locals));
    out.insert(
        "terraform".into(),
        json!({
            "required_version": ">= 0.12.26, < 1.4.0",
            "required_providers": {
                "aws": {"version": ">= 3.61.0, < 5"},
                "null": {"version": ">= 2, < 4"}
            }
        }),
    );
    out.insert(
        "data".into(),
        json!({
            "aws_caller_identity": {"chalice": {}},
            "aws_partition": {"chalice": {}},
            "aws_region": {"chalice": {}},
            "null_data_source": {"chalice": {"inputs": {"app": app.app_name, "stage": app.stage}}}
        }),
    );
    if !tf.output.is_empty() {
        out.insert("output".into(), Value::Object(tf.output));
    }
    Ok(Value::Object(out))
}

/// `${aws_lambda_function.<name>.<attr>}`.
fn fref(function: &Function, attr: &str) -> String {
    format!("${{aws_lambda_function.{}.{attr}}}", function.resource_name)
}

impl Tf<'_> {
    /// The resources of one kind, e.g. `aws_lambda_function`.
    fn kind(&mut self, kind: &str) -> Option<&mut Map<String, Value>> {
        self.resource
            .entry(kind.to_string())
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
    }

    fn add(&mut self, kind: &str, name: impl Into<String>, value: Value) {
        if let Some(resources) = self.kind(kind) {
            resources.insert(name.into(), value);
        }
    }

    fn role(&mut self, role: &Role) {
        let Role::Managed {
            resource_name,
            role_name,
            policy,
        } = role
        else {
            return;
        };
        self.add(
            "aws_iam_role",
            resource_name,
            json!({"name": role_name, "assume_role_policy": py_dumps(&super::policy::trust_policy())}),
        );
        self.add(
            "aws_iam_role_policy",
            resource_name,
            json!({
                "name": format!("{resource_name}Policy"),
                "policy": py_dumps(policy.document()),
                "role": format!("${{aws_iam_role.{resource_name}.id}}"),
            }),
        );
    }

    fn function(&mut self, function: &Function) {
        let config = &function.config;
        let mut def = Map::new();
        def.insert("function_name".into(), json!(function.function_name));
        def.insert("runtime".into(), json!(super::RUNTIME));
        def.insert("handler".into(), json!(super::HANDLER));
        def.insert("memory_size".into(), json!(config.lambda_memory_size));
        def.insert("architectures".into(), json!([function.architecture]));
        def.insert("tags".into(), Value::Object(function.tags.clone()));
        def.insert("timeout".into(), json!(config.lambda_timeout));
        def.insert(
            "source_code_hash".into(),
            json!(format!("${{filebase64sha256(\"{CODE}\")}}")),
        );
        def.insert("filename".into(), json!(CODE));
        if !config.security_group_ids.is_empty() && !config.subnet_ids.is_empty() {
            def.insert(
                "vpc_config".into(),
                json!({"subnet_ids": config.subnet_ids, "security_group_ids": config.security_group_ids}),
            );
        }
        if let Some(n) = config.reserved_concurrency {
            def.insert("reserved_concurrent_executions".into(), json!(n));
        }
        let mut variables = config.environment_variables.clone();
        variables.insert(crate::HANDLER_ENV.to_string(), json!(function.handler));
        def.insert("environment".into(), json!({"variables": variables}));
        if config.xray {
            def.insert("tracing_config".into(), json!({"mode": "Active"}));
        }
        if !config.layers.is_empty() {
            def.insert("layers".into(), json!(config.layers));
        }
        let role = match self.app.roles.get(function.role) {
            Some(Role::Managed { resource_name, .. }) => {
                json!(format!("${{aws_iam_role.{resource_name}.arn}}"))
            }
            Some(Role::PreCreated(arn)) => json!(arn),
            None => Value::Null,
        };
        def.insert("role".into(), role);
        if let Some(days) = config.log_retention_in_days.filter(|d| *d > 0) {
            self.add(
                "aws_cloudwatch_log_group",
                format!("{}-log-group", function.resource_name),
                json!({
                    "name": format!("/aws/lambda/{}", function.function_name),
                    "retention_in_days": days,
                }),
            );
        }
        self.add(
            "aws_lambda_function",
            &function.resource_name,
            Value::Object(def),
        );
    }

    fn event(&mut self, event: &Event) {
        let f = &event.function;
        let name = &f.resource_name;
        match &event.source {
            EventSource::S3(c) => {
                let resource_name = format!("{name}-s3event");
                let mut notify = Map::new();
                notify.insert("events".into(), json!(c.events));
                notify.insert("lambda_function_arn".into(), json!(fref(f, "arn")));
                if let Some(prefix) = c.prefix.as_deref().filter(|p| !p.is_empty()) {
                    notify.insert("filter_prefix".into(), json!(prefix));
                }
                if let Some(suffix) = c.suffix.as_deref().filter(|s| !s.is_empty()) {
                    notify.insert("filter_suffix".into(), json!(suffix));
                }
                // One notification resource per bucket gathers every handler
                // of that bucket. A bucket given as a Terraform reference
                // (`${aws_s3_bucket.<name>.id}`) is keyed by the resource's name.
                let bucket_key = if c.bucket.contains("{aws_s3_bucket.") {
                    c.bucket.split('.').nth(1).unwrap_or(&c.bucket).to_string()
                } else {
                    c.bucket.clone()
                };
                let list = self
                    .kind("aws_s3_bucket_notification")
                    .and_then(|notifications| {
                        notifications
                            .entry(format!("{bucket_key}_notify"))
                            .or_insert_with(|| json!({"bucket": c.bucket}))
                            .as_object_mut()
                    })
                    .and_then(|entry| {
                        entry
                            .entry("lambda_function")
                            .or_insert_with(|| Value::Array(Vec::new()))
                            .as_array_mut()
                    });
                if let Some(list) = list {
                    list.push(Value::Object(notify));
                }
                self.add(
                    "aws_lambda_permission",
                    &resource_name,
                    json!({
                        "statement_id": resource_name,
                        "action": "lambda:InvokeFunction",
                        "function_name": fref(f, "arn"),
                        "principal": "s3.amazonaws.com",
                        "source_account": ACCOUNT,
                        "source_arn": format!("arn:{PARTITION}:s3:::{}", c.bucket),
                    }),
                );
            }
            EventSource::Sns(c) => {
                let resource_name = format!("{name}-sns-subscription");
                let topic_arn = if c.topic.starts_with("arn:aws") {
                    c.topic.clone()
                } else {
                    format!("arn:{PARTITION}:sns:{REGION}:{ACCOUNT}:{}", c.topic)
                };
                self.add(
                    "aws_sns_topic_subscription",
                    &resource_name,
                    json!({"topic_arn": topic_arn, "protocol": "lambda", "endpoint": fref(f, "arn")}),
                );
                self.add(
                    "aws_lambda_permission",
                    &resource_name,
                    json!({
                        "function_name": fref(f, "arn"),
                        "action": "lambda:InvokeFunction",
                        "principal": "sns.amazonaws.com",
                        "source_arn": topic_arn,
                    }),
                );
            }
            EventSource::Sqs(c) => {
                let arn = match &c.queue_arn {
                    Some(arn) => arn.clone(),
                    None => format!(
                        "arn:{PARTITION}:sqs:{REGION}:{ACCOUNT}:{}",
                        c.queue.as_deref().unwrap_or_default()
                    ),
                };
                let mut mapping = Map::new();
                mapping.insert("event_source_arn".into(), json!(arn));
                mapping.insert("batch_size".into(), json!(c.batch_size));
                mapping.insert(
                    "maximum_batching_window_in_seconds".into(),
                    json!(c.maximum_batching_window_in_seconds),
                );
                mapping.insert("function_name".into(), json!(fref(f, "arn")));
                if let Some(n) = c.maximum_concurrency.filter(|n| *n > 0) {
                    mapping.insert("scaling_config".into(), json!({"maximum_concurrency": n}));
                }
                if c.report_batch_item_failures {
                    mapping.insert(
                        "function_response_types".into(),
                        json!(["ReportBatchItemFailures"]),
                    );
                }
                self.add(
                    "aws_lambda_event_source_mapping",
                    format!("{name}-sqs-event-source"),
                    Value::Object(mapping),
                );
            }
            EventSource::Kinesis(c) | EventSource::DynamoDB(c) => {
                let kinesis = matches!(event.source, EventSource::Kinesis(_));
                let (arn, suffix) = if kinesis {
                    (
                        format!(
                            "arn:{PARTITION}:kinesis:{REGION}:{ACCOUNT}:stream/{}",
                            c.stream
                        ),
                        "kinesis-event-source",
                    )
                } else {
                    (c.stream.clone(), "dynamodb-event-source")
                };
                let mut mapping = Map::new();
                mapping.insert("event_source_arn".into(), json!(arn));
                mapping.insert("batch_size".into(), json!(c.batch_size));
                mapping.insert("starting_position".into(), json!(c.starting_position));
                mapping.insert(
                    "maximum_batching_window_in_seconds".into(),
                    json!(c.maximum_batching_window_in_seconds),
                );
                mapping.insert("function_name".into(), json!(fref(f, "arn")));
                if c.report_batch_item_failures {
                    mapping.insert(
                        "function_response_types".into(),
                        json!(["ReportBatchItemFailures"]),
                    );
                }
                self.add(
                    "aws_lambda_event_source_mapping",
                    format!("{name}-{suffix}"),
                    Value::Object(mapping),
                );
            }
            EventSource::CloudWatch(c) => {
                let resource_name = format!("{name}-event");
                self.add(
                    "aws_cloudwatch_event_rule",
                    &resource_name,
                    json!({"name": resource_name, "event_pattern": py_dumps(&c.event_pattern)}),
                );
                self.rule_target(f, &resource_name);
            }
            EventSource::Schedule(c) => {
                let resource_name = format!("{name}-event");
                self.add(
                    "aws_cloudwatch_event_rule",
                    &resource_name,
                    json!({
                        "name": resource_name,
                        "schedule_expression": c.expression.to_string(),
                        "description": c.description,
                    }),
                );
                self.rule_target(f, &resource_name);
            }
        }
    }

    fn rule_target(&mut self, f: &Function, resource_name: &str) {
        self.add(
            "aws_cloudwatch_event_target",
            resource_name,
            json!({
                "rule": format!("${{aws_cloudwatch_event_rule.{resource_name}.name}}"),
                "target_id": resource_name,
                "arn": fref(f, "arn"),
            }),
        );
        self.add(
            "aws_lambda_permission",
            resource_name,
            json!({
                "function_name": fref(f, "arn"),
                "action": "lambda:InvokeFunction",
                "principal": "events.amazonaws.com",
                "source_arn": format!("${{aws_cloudwatch_event_rule.{resource_name}.arn}}"),
            }),
        );
    }

    fn rest_api(&mut self, chalice: &Chalice, api: &RestApi) {
        let doc = swagger::generate(chalice, Target::Terraform, &api.settings);
        self.locals
            .insert("chalice_api_swagger".into(), json!(py_dumps(&doc)));
        let mut rest = Map::new();
        rest.insert("body".into(), json!("${local.chalice_api_swagger}"));
        // Attributes the Swagger document also sets are repeated: Terraform
        // would otherwise reset them to empty on the next apply.
        rest.insert(
            "name".into(),
            doc.pointer("/info/title")
                .cloned()
                .unwrap_or_else(|| json!(chalice.app_name)),
        );
        rest.insert(
            "binary_media_types".into(),
            doc.get("x-amazon-apigateway-binary-media-types")
                .cloned()
                .unwrap_or_else(|| json!(chalice.api.binary_types)),
        );
        rest.insert(
            "endpoint_configuration".into(),
            json!({"types": [api.endpoint_type]}),
        );
        if let Some(policy) = doc.get("x-amazon-apigateway-policy") {
            rest.insert("policy".into(), json!(py_dumps(policy)));
        }
        if let Some(size) = api.minimum_compression {
            rest.insert("minimum_compression_size".into(), json!(size));
        }
        self.add("aws_api_gateway_rest_api", "rest_api", Value::Object(rest));
        self.add(
            "aws_api_gateway_deployment",
            "rest_api",
            json!({
                "stage_name": api.stage,
                // A new checksum in the description redeploys the stage
                // whenever the API definition changes.
                "stage_description": "${md5(local.chalice_api_swagger)}",
                "rest_api_id": "${aws_api_gateway_rest_api.rest_api.id}",
                "lifecycle": {"create_before_destroy": true},
            }),
        );
        let execution_arn = "${aws_api_gateway_rest_api.rest_api.execution_arn}/*";
        self.add(
            "aws_lambda_permission",
            "rest_api_invoke",
            json!({
                "function_name": fref(&api.handler, "arn"),
                "action": "lambda:InvokeFunction",
                "principal": "apigateway.amazonaws.com",
                "source_arn": execution_arn,
            }),
        );
        self.output.insert(
            "EndpointURL".into(),
            json!({"value": "${aws_api_gateway_deployment.rest_api.invoke_url}"}),
        );
        self.output.insert(
            "RestAPIId".into(),
            json!({"value": "${aws_api_gateway_rest_api.rest_api.id}"}),
        );
        for authorizer in &api.authorizers {
            self.add(
                "aws_lambda_permission",
                format!("{}_invoke", authorizer.resource_name),
                json!({
                    "function_name": fref(authorizer, "arn"),
                    "action": "lambda:InvokeFunction",
                    "principal": "apigateway.amazonaws.com",
                    "source_arn": execution_arn,
                }),
            );
        }
        if let Some(domain) = &api.domain {
            let d = &domain.domain;
            let mut props = Map::new();
            props.insert("domain_name".into(), json!(d.domain_name));
            props.insert(
                "endpoint_configuration".into(),
                json!({"types": [api.endpoint_type]}),
            );
            let (certificate, alias, zone) = if api.endpoint_type == "EDGE" {
                (
                    "certificate_arn",
                    "cloudfront_domain_name",
                    "cloudfront_zone_id",
                )
            } else {
                (
                    "regional_certificate_arn",
                    "regional_domain_name",
                    "regional_zone_id",
                )
            };
            props.insert(certificate.into(), json!(d.certificate_arn));
            props.insert("security_policy".into(), json!(d.tls_version));
            if !d.tags.is_empty() {
                props.insert("tags".into(), Value::Object(d.tags.clone()));
            }
            let name = domain.resource_name;
            self.resource
                .insert("aws_api_gateway_domain_name".into(), json!({ name: props }));
            self.resource.insert(
                "aws_api_gateway_base_path_mapping".into(),
                json!({
                    format!("{name}_mapping"): {
                        "stage_name": api.stage,
                        "domain_name": d.domain_name,
                        "api_id": "${aws_api_gateway_rest_api.rest_api.id}",
                    }
                }),
            );
            let base = format!("aws_api_gateway_domain_name.{name}");
            self.output.insert(
                "AliasDomainName".into(),
                json!({"value": format!("${{{base}.{alias}}}")}),
            );
            self.output.insert(
                "HostedZoneId".into(),
                json!({"value": format!("${{{base}.{zone}}}")}),
            );
        }
    }

    fn websocket(&mut self, ws: &WebsocketApi) {
        let api_id = "${aws_apigatewayv2_api.websocket_api.id}";
        self.add(
            "aws_apigatewayv2_api",
            "websocket_api",
            json!({
                "name": ws.name,
                "route_selection_expression": "$request.body.action",
                "protocol_type": "WEBSOCKET",
            }),
        );
        let present: Vec<&str> = [
            (&ws.connect, "websocket_connect"),
            (&ws.message, "websocket_message"),
            (&ws.disconnect, "websocket_disconnect"),
        ]
        .into_iter()
        .filter(|(f, _)| f.is_some())
        .map(|(_, name)| name)
        .collect();
        for handler in &present {
            let function_name = format!("${{aws_lambda_function.{handler}.function_name}}");
            self.add(
                "aws_apigatewayv2_integration",
                format!("{handler}_api_integration"),
                json!({
                    "api_id": api_id,
                    "connection_type": "INTERNET",
                    "content_handling_strategy": "CONVERT_TO_TEXT",
                    "integration_type": "AWS_PROXY",
                    "integration_uri": format!(
                        "arn:{PARTITION}:apigateway:{REGION}:lambda:path/2015-03-31/functions/arn:{PARTITION}:lambda:{REGION}:{ACCOUNT}:function:{function_name}/invocations"
                    ),
                }),
            );
            self.add(
                "aws_lambda_permission",
                format!("{handler}_invoke_permission"),
                json!({
                    "function_name": function_name,
                    "action": "lambda:InvokeFunction",
                    "principal": "apigateway.amazonaws.com",
                    "source_arn": format!("arn:{PARTITION}:execute-api:{REGION}:{ACCOUNT}:{api_id}/*"),
                }),
            );
        }
        let mut depends_on = Vec::new();
        for route_key in &ws.routes {
            let (route_name, integration) = match route_key.as_str() {
                "$connect" => (
                    "websocket_connect_route",
                    "websocket_connect_api_integration",
                ),
                "$disconnect" => (
                    "websocket_disconnect_route",
                    "websocket_disconnect_api_integration",
                ),
                _ => (
                    "websocket_message_route",
                    "websocket_message_api_integration",
                ),
            };
            self.add(
                "aws_apigatewayv2_route",
                route_name,
                json!({
                    "api_id": api_id,
                    "route_key": route_key,
                    "target": format!("integrations/${{aws_apigatewayv2_integration.{integration}.id}}"),
                }),
            );
            depends_on.push(format!("aws_apigatewayv2_route.{route_name}"));
        }
        self.add(
            "aws_apigatewayv2_deployment",
            "websocket_api_deployment",
            json!({"api_id": api_id, "depends_on": depends_on}),
        );
        self.add(
            "aws_apigatewayv2_stage",
            "websocket_api_stage",
            json!({
                "api_id": api_id,
                "deployment_id": "${aws_apigatewayv2_deployment.websocket_api_deployment.id}",
                "name": ws.stage,
            }),
        );
        if let Some(domain) = &ws.domain {
            let d = &domain.domain;
            let name = domain.resource_name;
            let mut def = Map::new();
            def.insert("domain_name".into(), json!(d.domain_name));
            def.insert(
                "domain_name_configuration".into(),
                json!({"certificate_arn": d.certificate_arn, "endpoint_type": "REGIONAL"}),
            );
            if !d.tags.is_empty() {
                def.insert("tags".into(), Value::Object(d.tags.clone()));
            }
            self.add("aws_apigatewayv2_domain_name", name, Value::Object(def));
            self.add(
                "aws_apigatewayv2_api_mapping",
                format!("{name}_mapping"),
                json!({
                    "api_id": api_id,
                    "domain_name": format!("${{aws_apigatewayv2_domain_name.{name}.id}}"),
                    "stage": "${aws_apigatewayv2_stage.websocket_api_stage.id}",
                }),
            );
        }
        self.output
            .insert("WebsocketAPIId".into(), json!({"value": api_id}));
        for handler in &present {
            let output = match *handler {
                "websocket_connect" => "WebsocketConnect",
                "websocket_message" => "WebsocketMessage",
                _ => "WebsocketDisconnect",
            };
            self.output.insert(
                format!("{output}HandlerArn"),
                json!({"value": format!("${{aws_lambda_function.{handler}.arn}}")}),
            );
            self.output.insert(
                format!("{output}HandlerName"),
                json!({"value": format!("${{aws_lambda_function.{handler}.function_name}}")}),
            );
        }
        self.output.insert(
            "WebsocketConnectEndpointURL".into(),
            json!({"value": format!(
                "wss://{api_id}.execute-api.{REGION}.amazonaws.com/{}/",
                ws.stage
            )}),
        );
    }
}

/// Python's `json.dumps(value)` with its default separators (`", "` and
/// `": "`) and `ensure_ascii`, which is how Chalice writes the JSON text
/// inside a Terraform configuration.
pub(crate) fn py_dumps(value: &Value) -> String {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SpacedPython);
    // Writing a `Value` into a `Vec` cannot fail (no I/O, string keys only);
    // should serde_json ever disagree, its own text is a better answer than a panic.
    if value.serialize(&mut ser).is_err() {
        return value.to_string();
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`PythonFormatter`] with Python's default separators.
struct SpacedPython;

impl Formatter for SpacedPython {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        PythonFormatter.write_f64(writer, value)
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        PythonFormatter.write_f32(writer, value)
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        PythonFormatter.write_string_fragment(writer, fragment)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn py_dumps_writes_python_default_separators() {
        let value = json!({"Version": "2012-10-17", "Statement": [{"Sid": "", "n": 1.0, "k": "✓"}], "e": [], "o": {}});
        assert_eq!(
            py_dumps(&value),
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "", "n": 1.0, "k": "\u2713"}], "e": [], "o": {}}"#
        );
    }
}
