//! The IAM policies of a package: the role policy Chalice generates
//! (`autogen_policy`, the default), policy files, and the REST API's resource
//! policy.
//!
//! The generated policy is what Chalice 1.34 writes into a template
//! (`AppPolicyGenerator` and the build steps of `chalice/deploy/deployer.py`),
//! statement by statement and in its order:
//!
//! 1. CloudWatch Logs (always);
//! 2. the VPC network-interface actions when the stage-wide settings (those
//!    of `api_handler`) put functions in a VPC;
//! 3. X-Ray when the stage-wide `xray` is true;
//! 4. the VPC actions again when any function on this role runs in a VPC;
//! 5. SQS, Kinesis and DynamoDB stream polling, once each, in the order the
//!    first source of each kind was registered, when that source's function
//!    uses the generated role;
//! 6. `execute-api:ManageConnections` when the app has websocket handlers and
//!    the first of them (connect, message, disconnect) uses the generated role.
//!
//! DIFFERENCE: Chalice also reads `app.py` and adds the actions of the boto3
//! calls it finds there. A Rust binary's AWS calls cannot be read that way;
//! an app that calls AWS services from its handlers sets `autogen_policy` to
//! false and writes its policy in `.chalice/policy-<stage>.json` (or
//! `iam_policy_file`), as a Chalice user does when the analysis falls short.

use std::path::Path;

use serde_json::{json, Value};

use super::config::{StageConfig, API_HANDLER_FUNCTION};
use super::model::{Application, Policy, Role};
use super::PackageError;
use crate::EventSource;

/// The policy that lets Lambda assume a function's role (Chalice's
/// `LAMBDA_TRUST_POLICY`; its service principal is `lambda.amazonaws.com` in
/// every region Chalice computes it for).
pub(crate) fn trust_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "",
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole"
        }]
    })
}

fn cloudwatch_logs() -> Value {
    json!({
        "Effect": "Allow",
        "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": "arn:*:logs:*:*:*"
    })
}

fn vpc_attach() -> Value {
    json!({
        "Effect": "Allow",
        "Action": [
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DetachNetworkInterface",
            "ec2:DeleteNetworkInterface"
        ],
        "Resource": "*"
    })
}

fn xray() -> Value {
    json!({
        "Effect": "Allow",
        "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        "Resource": "*"
    })
}

fn sqs_polling() -> Value {
    json!({
        "Effect": "Allow",
        "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
        "Resource": "*"
    })
}

fn kinesis_polling() -> Value {
    json!({
        "Effect": "Allow",
        "Action": [
            "kinesis:GetRecords",
            "kinesis:GetShardIterator",
            "kinesis:DescribeStream",
            "kinesis:ListStreams"
        ],
        "Resource": "*"
    })
}

fn dynamodb_polling() -> Value {
    json!({
        "Effect": "Allow",
        "Action": [
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams"
        ],
        "Resource": "*"
    })
}

fn websocket_connections() -> Value {
    json!({
        "Effect": "Allow",
        "Action": ["execute-api:ManageConnections"],
        "Resource": "arn:*:execute-api:*:*:*/@connections/*"
    })
}

/// The resource policy of a `PRIVATE` REST API without a policy file: invoke
/// only through the configured VPC endpoint(s), given as written in the config.
pub(crate) fn private_api_policy(vpce: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": "*",
            "Action": "execute-api:Invoke",
            "Resource": "arn:*:execute-api:*:*:*",
            "Condition": {"StringEquals": {"aws:SourceVpce": vpce}}
        }]
    })
}

/// Reads the JSON policy `file` from `<project_dir>/.chalice/`; `why` says
/// which setting asked for it.
///
/// # Errors
///
/// [`PackageError::Config`] naming the file when it cannot be read or is not
/// a JSON object.
pub(crate) fn read_policy_file(
    project_dir: &Path,
    file: &str,
    why: &str,
) -> Result<Value, PackageError> {
    let shown = format!(".chalice/{file}");
    let path = project_dir.join(".chalice").join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| PackageError::Config {
        file: shown.clone(),
        message: format!("cannot read the policy file for {why}: {e}"),
    })?;
    match serde_json::from_str::<Value>(&text) {
        Ok(document @ Value::Object(_)) => Ok(document),
        Ok(other) => Err(PackageError::Config {
            file: shown,
            message: format!(
                "the policy file for {why} must hold a JSON object, got {}",
                json_kind(&other)
            ),
        }),
        Err(e) => Err(PackageError::Config {
            file: shown,
            message: format!("the policy file for {why} is not JSON: {e}"),
        }),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Writes the generated policy into the generated role, once every function
/// is known (`vpc_needed`: some function on that role runs in a VPC).
pub(crate) fn finish(app: &mut Application, stage: &StageConfig<'_>, vpc_needed: bool) {
    // Chalice generates the policy with the stage-wide config, which it
    // scopes to the REST API's function.
    let stage_wide = stage.function(API_HANDLER_FUNCTION);
    let mut statements = vec![cloudwatch_logs()];
    if !stage_wide.subnet_ids.is_empty() && !stage_wide.security_group_ids.is_empty() {
        statements.push(vpc_attach());
    }
    if stage_wide.xray {
        statements.push(xray());
    }
    if vpc_needed {
        statements.push(vpc_attach());
    }

    let is_generated = |role: usize| {
        matches!(
            app.roles.get(role),
            Some(Role::Managed {
                policy: Policy::AutoGen { .. },
                ..
            })
        )
    };
    let (mut sqs, mut kinesis, mut dynamodb) = (false, false, false);
    for event in &app.events {
        let (done, statement) = match &event.source {
            EventSource::Sqs(_) => (&mut sqs, sqs_polling as fn() -> Value),
            EventSource::Kinesis(_) => (&mut kinesis, kinesis_polling as fn() -> Value),
            EventSource::DynamoDB(_) => (&mut dynamodb, dynamodb_polling as fn() -> Value),
            _ => continue,
        };
        // As in Chalice, a source whose function has a role of its own
        // leaves the statement for the next source of its kind.
        if !*done && is_generated(event.function.role) {
            statements.push(statement());
            *done = true;
        }
    }
    if let Some(ws) = &app.websocket {
        // Chalice looks at the first websocket function only.
        let first = [&ws.connect, &ws.message, &ws.disconnect]
            .into_iter()
            .flatten()
            .next();
        if first.is_some_and(|f| is_generated(f.role)) {
            statements.push(websocket_connections());
        }
    }

    for role in &mut app.roles {
        if let Role::Managed {
            policy: Policy::AutoGen { document },
            ..
        } = role
        {
            *document = json!({"Version": "2012-10-17", "Statement": statements.clone()});
        }
    }
}
