//! The Swagger 2.0 document of the app's REST API, as Chalice's
//! `SwaggerGenerator` writes it.

use serde_json::Value;

use crate::Chalice;

/// Which document the Swagger is embedded in; only the expressions that name
/// the Lambda functions API Gateway invokes differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `generate-models`: placeholders such as `{api_handler_lambda_arn}`.
    Swagger,
    /// SAM / CloudFormation: `Fn::Sub` with `${APIHandler.Arn}`.
    CloudFormation,
    /// Terraform: `${aws_lambda_function.api_handler.invoke_arn}`.
    Terraform,
}

/// What the stage's configuration adds to the REST API definition.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RestApiSettings {
    /// The resource policy (`x-amazon-apigateway-policy`): the stage's
    /// `api_gateway_policy_file`, or the policy Chalice writes for VPC endpoints.
    pub resource_policy: Option<Value>,
    /// `api_gateway_endpoint_vpce` (`x-amazon-apigateway-endpoint-configuration`).
    pub vpce_ids: Option<Vec<String>>,
}

/// The Swagger document of `app`'s REST API for `target`.
pub fn generate(app: &Chalice, target: Target, settings: &RestApiSettings) -> Value {
    let _ = (app, target, settings);
    Value::Null
}
