//! `sam.json`: the SAM / CloudFormation template Chalice's
//! `SAMTemplateGenerator` (`chalice/package.py`) writes, for the one Rust
//! binary that serves every handler.
//!
//! Resource names are Chalice's: the CamelCase of each resource name
//! (`on_queue` → `OnQueue`, `on_queue-sqs-event-source` →
//! `OnQueueSqsEventSource`), `APIHandler` and `RestAPI` for the REST API,
//! `Websocket*` for the websocket API. Two resources that come out with the
//! same name are refused, as Chalice refuses them.
//!
//! What differs from Chalice, because the code is a Rust binary: each
//! function's `Runtime` (`provided.al2023`), `Handler` (`bootstrap`),
//! `CodeUri` and build `Metadata`, the `CHALICE_HANDLER` variable naming the
//! handler the function serves, and `FunctionResponseTypes:
//! [ReportBatchItemFailures]` on SQS, Kinesis and DynamoDB sources that opt in.
//!
//! Where Chalice's template is invalid it is corrected: the log group of the
//! REST API's function names `${APIHandler}`, the function that exists
//! (Chalice writes `${ApiHandler}`, which `cfn-lint` reports as E3030).

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use super::model::{Application, Domain, Event, Function, Role};
use super::swagger::{self, cfn_resource_name as cfn_name, Target};
use super::PackageError;
use crate::{Chalice, EventSource};

/// How the functions' code is given in the template.
#[derive(Debug, Clone)]
pub(crate) struct Code {
    /// `CodeUri` of every function.
    pub code_uri: String,
    /// The resource `Metadata` telling `sam build` how to build it, if it builds it.
    pub metadata: Option<Value>,
}

/// Chalice's refusal of S3 handlers in a SAM template; its last sentence,
/// which sends the user to `chalice deploy`, points at Terraform instead.
pub(crate) const S3_REFUSAL: &str =
    "Unable to package chalice apps that @app.on_s3_event decorator. \
     CloudFormation does not support modifying the event notifications of existing buckets. \
     You can package this app as Terraform instead (--pkg-format terraform).";

struct Sam<'a> {
    resources: Map<String, Value>,
    outputs: Map<String, Value>,
    /// Names given out so far (Chalice's `_seen_names`).
    seen: HashSet<String>,
    code: &'a Code,
    app: &'a Application,
}

/// The SAM template of `app`.
///
/// # Errors
///
/// [`PackageError::Unsupported`] for S3 handlers (CloudFormation cannot
/// configure an existing bucket) and for two resources with one name.
pub(crate) fn template(
    chalice: &Chalice,
    app: &Application,
    code: &Code,
) -> Result<Value, PackageError> {
    if app
        .events
        .iter()
        .any(|e| matches!(e.source, EventSource::S3(_)))
    {
        return Err(PackageError::Unsupported(S3_REFUSAL.to_string()));
    }
    let mut sam = Sam {
        resources: Map::new(),
        outputs: Map::new(),
        seen: HashSet::new(),
        code,
        app,
    };
    for role in &app.roles {
        sam.role(role)?;
    }
    for function in &app.pure_functions {
        sam.function(function)?;
    }
    for event in &app.events {
        sam.function(&event.function)?;
        sam.event(event)?;
    }
    if let Some(api) = &app.rest_api {
        sam.function(&api.handler)?;
        for authorizer in &api.authorizers {
            sam.function(authorizer)?;
        }
        sam.rest_api(chalice, api)?;
    }
    if let Some(ws) = &app.websocket {
        for function in [&ws.connect, &ws.message, &ws.disconnect]
            .into_iter()
            .flatten()
        {
            sam.function(function)?;
        }
        sam.websocket(ws)?;
    }
    Ok(json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Outputs": sam.outputs,
        "Resources": sam.resources,
    }))
}

impl Sam<'_> {
    /// Chalice's `_register_cfn_resource_name`.
    fn register(&mut self, resource_name: &str) -> Result<String, PackageError> {
        let name = cfn_name(resource_name);
        if !self.seen.insert(name.clone()) {
            return Err(duplicate(&name));
        }
        Ok(name)
    }

    fn insert(&mut self, name: String, resource: Value) -> Result<(), PackageError> {
        // Chalice would silently replace the first resource; a template
        // missing one of the two is never what was meant.
        if self.resources.contains_key(&name) {
            return Err(duplicate(&name));
        }
        self.resources.insert(name, resource);
        Ok(())
    }

    fn role(&mut self, role: &Role) -> Result<(), PackageError> {
        let Role::Managed {
            resource_name,
            policy,
            ..
        } = role
        else {
            return Ok(());
        };
        let name = self.register(resource_name)?;
        let resource = json!({
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": super::policy::trust_policy(),
                "Policies": [{
                    "PolicyDocument": policy.document(),
                    "PolicyName": format!("{name}Policy"),
                }],
            }
        });
        self.insert(name, resource)
    }

    /// The logical name of a function's resource.
    fn function_ref(&self, function: &Function) -> String {
        if self.is_api_handler(function) {
            "APIHandler".to_string()
        } else {
            cfn_name(&function.resource_name)
        }
    }

    fn is_api_handler(&self, function: &Function) -> bool {
        self.app
            .rest_api
            .as_ref()
            .is_some_and(|api| std::ptr::eq(&api.handler, function))
    }

    fn function(&mut self, function: &Function) -> Result<(), PackageError> {
        let registered = self.register(&function.resource_name)?;
        // Chalice registers the API handler as `ApiHandler` and renames it.
        let name = if self.is_api_handler(function) {
            "APIHandler".to_string()
        } else {
            registered
        };
        let config = &function.config;
        let mut variables = config.environment_variables.clone();
        variables.insert(crate::HANDLER_ENV.to_string(), json!(function.handler));
        let mut props = Map::new();
        props.insert("Runtime".into(), json!(super::RUNTIME));
        props.insert("Handler".into(), json!(super::HANDLER));
        props.insert("CodeUri".into(), json!(self.code.code_uri));
        props.insert("Tags".into(), Value::Object(function.tags.clone()));
        props.insert(
            "Tracing".into(),
            json!(if config.xray { "Active" } else { "PassThrough" }),
        );
        props.insert("Timeout".into(), json!(config.lambda_timeout));
        props.insert("MemorySize".into(), json!(config.lambda_memory_size));
        props.insert("Architectures".into(), json!([function.architecture]));
        props.insert("Environment".into(), json!({"Variables": variables}));
        if !config.security_group_ids.is_empty() && !config.subnet_ids.is_empty() {
            props.insert(
                "VpcConfig".into(),
                json!({"SecurityGroupIds": config.security_group_ids, "SubnetIds": config.subnet_ids}),
            );
        }
        if let Some(n) = config.reserved_concurrency {
            props.insert("ReservedConcurrentExecutions".into(), json!(n));
        }
        if !config.layers.is_empty() {
            props.insert("Layers".into(), json!(config.layers));
        }
        props.insert("Role".into(), self.role_ref(function));
        if let Some(days) = config.log_retention_in_days.filter(|d| *d > 0) {
            let log_name = self.register(&format!("{}-log-group", function.resource_name))?;
            let log_group = json!({
                "Type": "AWS::Logs::LogGroup",
                "Properties": {
                    "LogGroupName": {"Fn::Sub": format!("/aws/lambda/${{{name}}}")},
                    "RetentionInDays": days,
                }
            });
            self.insert(log_name, log_group)?;
        }
        let mut resource = Map::new();
        resource.insert("Type".into(), json!("AWS::Serverless::Function"));
        if let Some(metadata) = &self.code.metadata {
            resource.insert("Metadata".into(), metadata.clone());
        }
        resource.insert("Properties".into(), Value::Object(props));
        self.insert(name, Value::Object(resource))
    }

    fn role_ref(&self, function: &Function) -> Value {
        match self.app.roles.get(function.role) {
            Some(Role::Managed { resource_name, .. }) => {
                json!({"Fn::GetAtt": [cfn_name(resource_name), "Arn"]})
            }
            Some(Role::PreCreated(arn)) => json!(arn),
            None => Value::Null,
        }
    }

    fn event(&mut self, event: &Event) -> Result<(), PackageError> {
        let f = &event.function.resource_name;
        let batch_types = json!(["ReportBatchItemFailures"]);
        let (suffix, definition) = match &event.source {
            EventSource::S3(_) => return Err(PackageError::Unsupported(S3_REFUSAL.to_string())),
            EventSource::Schedule(c) => (
                "event",
                json!({"Type": "Schedule", "Properties": {"Schedule": c.expression.to_string()}}),
            ),
            EventSource::CloudWatch(c) => (
                "event",
                json!({"Type": "CloudWatchEvent", "Properties": {"Pattern": c.event_pattern}}),
            ),
            EventSource::Sns(c) => {
                let topic = if is_sns_arn(&c.topic) {
                    json!(c.topic)
                } else {
                    json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:sns:${{AWS::Region}}:${{AWS::AccountId}}:{}", c.topic)})
                };
                (
                    "sns-subscription",
                    json!({"Type": "SNS", "Properties": {"Topic": topic}}),
                )
            }
            EventSource::Sqs(c) => {
                let queue = match &c.queue_arn {
                    Some(arn) => json!(arn),
                    None => json!({"Fn::Sub": format!(
                        "arn:${{AWS::Partition}}:sqs:${{AWS::Region}}:${{AWS::AccountId}}:{}",
                        c.queue.as_deref().unwrap_or_default()
                    )}),
                };
                let mut props = Map::new();
                props.insert("Queue".into(), queue);
                props.insert("BatchSize".into(), json!(c.batch_size));
                props.insert(
                    "MaximumBatchingWindowInSeconds".into(),
                    json!(c.maximum_batching_window_in_seconds),
                );
                if let Some(n) = c.maximum_concurrency.filter(|n| *n > 0) {
                    props.insert("ScalingConfig".into(), json!({"MaximumConcurrency": n}));
                }
                if c.report_batch_item_failures {
                    props.insert("FunctionResponseTypes".into(), batch_types);
                }
                (
                    "sqs-event-source",
                    json!({"Type": "SQS", "Properties": props}),
                )
            }
            EventSource::Kinesis(c) | EventSource::DynamoDB(c) => {
                let kinesis = matches!(event.source, EventSource::Kinesis(_));
                let stream = if kinesis {
                    json!({"Fn::Sub": format!(
                        "arn:${{AWS::Partition}}:kinesis:${{AWS::Region}}:${{AWS::AccountId}}:stream/{}",
                        c.stream
                    )})
                } else {
                    json!(c.stream)
                };
                let mut props = Map::new();
                props.insert("Stream".into(), stream);
                props.insert("BatchSize".into(), json!(c.batch_size));
                props.insert("StartingPosition".into(), json!(c.starting_position));
                props.insert(
                    "MaximumBatchingWindowInSeconds".into(),
                    json!(c.maximum_batching_window_in_seconds),
                );
                if c.report_batch_item_failures {
                    props.insert("FunctionResponseTypes".into(), batch_types);
                }
                if kinesis {
                    (
                        "kinesis-event-source",
                        json!({"Type": "Kinesis", "Properties": props}),
                    )
                } else {
                    (
                        "dynamodb-event-source",
                        json!({"Type": "DynamoDB", "Properties": props}),
                    )
                }
            }
        };
        let event_name = self.register(&format!("{f}-{suffix}"))?;
        let function_name = self.function_ref(&event.function);
        if let Some(Value::Object(props)) = self
            .resources
            .get_mut(&function_name)
            .and_then(|r| r.get_mut("Properties"))
        {
            // One source per function: Chalice sets `Events` to this one.
            props.insert("Events".into(), json!({ event_name: definition }));
        }
        Ok(())
    }

    fn rest_api(
        &mut self,
        chalice: &Chalice,
        api: &super::model::RestApi,
    ) -> Result<(), PackageError> {
        let mut props = Map::new();
        props.insert("EndpointConfiguration".into(), json!(api.endpoint_type));
        props.insert("StageName".into(), json!(api.stage));
        props.insert(
            "DefinitionBody".into(),
            swagger::generate(chalice, Target::CloudFormation, &api.settings),
        );
        if let Some(size) = api.minimum_compression {
            props.insert("MinimumCompressionSize".into(), json!(size));
        }
        self.insert(
            "RestAPI".into(),
            json!({"Type": "AWS::Serverless::Api", "Properties": props}),
        )?;
        let source_arn = json!({"Fn::Sub": [
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RestAPIId}/*",
            {"RestAPIId": {"Ref": "RestAPI"}},
        ]});
        self.insert(
            "APIHandlerInvokePermission".into(),
            json!({
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "FunctionName": {"Ref": "APIHandler"},
                    "Action": "lambda:InvokeFunction",
                    "Principal": "apigateway.amazonaws.com",
                    "SourceArn": source_arn,
                }
            }),
        )?;
        for authorizer in &api.authorizers {
            let name = cfn_name(&authorizer.resource_name);
            self.insert(
                format!("{name}InvokePermission"),
                json!({
                    "Type": "AWS::Lambda::Permission",
                    "Properties": {
                        "FunctionName": {"Fn::GetAtt": [name, "Arn"]},
                        "Action": "lambda:InvokeFunction",
                        "Principal": "apigateway.amazonaws.com",
                        "SourceArn": source_arn,
                    }
                }),
            )?;
        }
        if let Some(domain) = &api.domain {
            self.rest_domain(domain, api)?;
        }
        self.outputs
            .insert("RestAPIId".into(), json!({"Value": {"Ref": "RestAPI"}}));
        self.outputs.insert(
            "APIHandlerName".into(),
            json!({"Value": {"Ref": "APIHandler"}}),
        );
        self.outputs.insert(
            "APIHandlerArn".into(),
            json!({"Value": {"Fn::GetAtt": ["APIHandler", "Arn"]}}),
        );
        self.outputs.insert(
            "EndpointURL".into(),
            json!({"Value": {"Fn::Sub": format!(
                "https://${{RestAPI}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{}/",
                api.stage
            )}}),
        );
        Ok(())
    }

    fn rest_domain(
        &mut self,
        domain: &Domain,
        api: &super::model::RestApi,
    ) -> Result<(), PackageError> {
        let d = &domain.domain;
        let name = cfn_name(domain.resource_name);
        let mut props = Map::new();
        props.insert("DomainName".into(), json!(d.domain_name));
        props.insert(
            "EndpointConfiguration".into(),
            json!({"Types": [api.endpoint_type]}),
        );
        let certificate = if api.endpoint_type == "EDGE" {
            "CertificateArn"
        } else {
            "RegionalCertificateArn"
        };
        props.insert(certificate.into(), json!(d.certificate_arn));
        props.insert("SecurityPolicy".into(), json!(d.tls_version));
        if !d.tags.is_empty() {
            let mut tags: Vec<(&String, &Value)> = d.tags.iter().collect();
            tags.sort_by(|a, b| a.0.cmp(b.0));
            let tags: Vec<Value> = tags
                .into_iter()
                .map(|(k, v)| json!({"Key": k, "Value": v}))
                .collect();
            props.insert("Tags".into(), json!(tags));
        }
        self.insert(
            name.clone(),
            json!({"Type": "AWS::ApiGateway::DomainName", "Properties": props}),
        )?;
        self.insert(
            format!("{name}Mapping"),
            json!({
                "Type": "AWS::ApiGateway::BasePathMapping",
                "Properties": {
                    "DomainName": {"Ref": name},
                    "RestApiId": {"Ref": "RestAPI"},
                    "BasePath": d.url_prefix,
                    "Stage": api.stage,
                }
            }),
        )
    }

    fn websocket(&mut self, ws: &super::model::WebsocketApi) -> Result<(), PackageError> {
        let api_ref = json!({"Ref": "WebsocketAPI"});
        self.insert(
            "WebsocketAPI".into(),
            json!({
                "Type": "AWS::ApiGatewayV2::Api",
                "Properties": {
                    "Name": ws.name,
                    "RouteSelectionExpression": "$request.body.action",
                    "ProtocolType": "WEBSOCKET",
                }
            }),
        )?;
        let present: Vec<&str> = [
            (&ws.connect, "WebsocketConnect"),
            (&ws.message, "WebsocketMessage"),
            (&ws.disconnect, "WebsocketDisconnect"),
        ]
        .into_iter()
        .filter(|(f, _)| f.is_some())
        .map(|(_, name)| name)
        .collect();
        for handler in &present {
            self.insert(
                format!("{handler}APIIntegration"),
                json!({
                    "Type": "AWS::ApiGatewayV2::Integration",
                    "Properties": {
                        "ApiId": api_ref,
                        "ConnectionType": "INTERNET",
                        "ContentHandlingStrategy": "CONVERT_TO_TEXT",
                        "IntegrationType": "AWS_PROXY",
                        "IntegrationUri": {"Fn::Sub": [
                            "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${WebsocketHandler}/invocations",
                            {"WebsocketHandler": {"Ref": handler}},
                        ]},
                    }
                }),
            )?;
            self.insert(
                format!("{handler}InvokePermission"),
                json!({
                    "Type": "AWS::Lambda::Permission",
                    "Properties": {
                        "FunctionName": {"Ref": handler},
                        "Action": "lambda:InvokeFunction",
                        "Principal": "apigateway.amazonaws.com",
                        "SourceArn": {"Fn::Sub": [
                            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebsocketAPIId}/*",
                            {"WebsocketAPIId": api_ref},
                        ]},
                    }
                }),
            )?;
        }
        let mut route_names = Vec::new();
        for route_key in &ws.routes {
            let (route_name, integration) = match route_key.as_str() {
                "$connect" => ("WebsocketConnectRoute", "WebsocketConnectAPIIntegration"),
                "$disconnect" => (
                    "WebsocketDisconnectRoute",
                    "WebsocketDisconnectAPIIntegration",
                ),
                _ => ("WebsocketMessageRoute", "WebsocketMessageAPIIntegration"),
            };
            route_names.push(route_name);
            self.insert(
                route_name.into(),
                json!({
                    "Type": "AWS::ApiGatewayV2::Route",
                    "Properties": {
                        "ApiId": api_ref,
                        "RouteKey": route_key,
                        "Target": {"Fn::Join": ["/", ["integrations", {"Ref": integration}]]},
                    }
                }),
            )?;
        }
        self.insert(
            "WebsocketAPIDeployment".into(),
            json!({
                "Type": "AWS::ApiGatewayV2::Deployment",
                "DependsOn": route_names,
                "Properties": {"ApiId": api_ref},
            }),
        )?;
        self.insert(
            "WebsocketAPIStage".into(),
            json!({
                "Type": "AWS::ApiGatewayV2::Stage",
                "Properties": {
                    "ApiId": api_ref,
                    "DeploymentId": {"Ref": "WebsocketAPIDeployment"},
                    "StageName": ws.stage,
                }
            }),
        )?;
        if let Some(domain) = &ws.domain {
            let d = &domain.domain;
            let name = cfn_name(domain.resource_name);
            let mut props = Map::new();
            props.insert("DomainName".into(), json!(d.domain_name));
            props.insert(
                "DomainNameConfigurations".into(),
                json!([{"CertificateArn": d.certificate_arn, "EndpointType": "REGIONAL"}]),
            );
            if !d.tags.is_empty() {
                props.insert("Tags".into(), Value::Object(d.tags.clone()));
            }
            self.insert(
                name.clone(),
                json!({"Type": "AWS::ApiGatewayV2::DomainName", "Properties": props}),
            )?;
            self.insert(
                format!("{name}Mapping"),
                json!({
                    "Type": "AWS::ApiGatewayV2::ApiMapping",
                    "Properties": {
                        "DomainName": {"Ref": name},
                        "ApiId": {"Ref": "WebsocketAPI"},
                        "ApiMappingKey": d.url_prefix,
                        "Stage": {"Ref": "WebsocketAPIStage"},
                    }
                }),
            )?;
        }
        self.outputs.insert(
            "WebsocketAPIId".into(),
            json!({"Value": {"Ref": "WebsocketAPI"}}),
        );
        for handler in &present {
            self.outputs.insert(
                format!("{handler}HandlerArn"),
                json!({"Value": {"Fn::GetAtt": [handler, "Arn"]}}),
            );
            self.outputs.insert(
                format!("{handler}HandlerName"),
                json!({"Value": {"Ref": handler}}),
            );
        }
        self.outputs.insert(
            "WebsocketConnectEndpointURL".into(),
            json!({"Value": {"Fn::Sub": format!(
                "wss://${{WebsocketAPI}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{}/",
                ws.stage
            )}}),
        );
        Ok(())
    }
}

/// Chalice's test for a topic given as an ARN in a SAM template
/// (`^arn:aws[a-z\-]*:sns:`).
fn is_sns_arn(topic: &str) -> bool {
    let Some(rest) = topic.strip_prefix("arn:aws") else {
        return false;
    };
    let partition_end = rest
        .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
        .unwrap_or(rest.len());
    rest[partition_end..].starts_with(":sns:")
}

fn duplicate(name: &str) -> PackageError {
    PackageError::Unsupported(format!(
        "A duplicate resource name was generated for the SAM template: {name}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cfn_names_follow_chalice() {
        let cases = [
            ("api_handler", "ApiHandler"),
            ("on_queue-sqs-event-source", "OnQueueSqsEventSource"),
            ("bp_bp_fn", "BpBpFn"),
            ("default-role", "DefaultRole"),
            ("api_handler-log-group", "ApiHandlerLogGroup"),
            ("__x__y", "XY"),
            ("on.dots", "Ondots"),
        ];
        for (name, expected) in cases {
            assert_eq!(cfn_name(name), expected, "{name}");
        }
    }

    #[test]
    fn sns_arns() {
        assert!(is_sns_arn("arn:aws:sns:us-west-2:1:t"));
        assert!(is_sns_arn("arn:aws-cn:sns:cn-north-1:1:t"));
        assert!(!is_sns_arn("arn:aws:sqs:us-west-2:1:t"));
        assert!(!is_sns_arn("topic"));
    }
}
