//! The REST API function of `src/bin/orders.rs`, written with
//! aws_lambda_events: the same behaviour, for comparison.

use aws_lambda_events::apigw::{ApiGatewayProxyRequest, ApiGatewayProxyResponse};
use aws_lambda_events::encodings::Body;
use aws_lambda_events::http::HeaderValue;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::json;

async fn handler(
    event: LambdaEvent<ApiGatewayProxyRequest>,
) -> Result<ApiGatewayProxyResponse, Error> {
    let request = event.payload;
    let mut response = ApiGatewayProxyResponse::default();
    let body = match request.path_parameters.get("id").map(String::as_str) {
        Some("7") => {
            response.status_code = 200;
            json!({"id": 7, "items": ["tea", "scone"], "total": 9.5})
        }
        id => {
            response.status_code = 404;
            json!({"message": format!("no order {}", id.unwrap_or("?"))})
        }
    };
    response.body = Some(Body::Text(body.to_string()));
    let json = HeaderValue::from_static("application/json");
    response.headers.insert("Content-Type", json);
    Ok(response)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    async fn get(id: &str) -> ApiGatewayProxyResponse {
        let mut request = ApiGatewayProxyRequest::default();
        request.resource = Some("/orders/{id}".into());
        request.path = Some(format!("/orders/{id}"));
        request.path_parameters = HashMap::from([("id".to_string(), id.to_string())]);
        handler(LambdaEvent::new(request, Default::default()))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn an_order() {
        insta::assert_json_snapshot!(get("7").await);
    }

    #[tokio::test]
    async fn a_missing_order() {
        insta::assert_json_snapshot!(get("8").await);
    }
}
