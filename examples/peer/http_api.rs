//! The HTTP API function of `src/bin/http_api.rs`, written with
//! aws_lambda_events: the same behaviour, for comparison.

use aws_lambda_events::apigw::{ApiGatewayV2httpRequest, ApiGatewayV2httpResponse};
use aws_lambda_events::encodings::Body;
use aws_lambda_events::http::HeaderValue;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::json;

/// How many times the client came before, from its `visits` cookie.
fn visits(request: &ApiGatewayV2httpRequest) -> u32 {
    let cookies = request.cookies.iter().flatten();
    let count = cookies.filter_map(|c| c.strip_prefix("visits=")).next();
    count.and_then(|n| n.parse().ok()).unwrap_or(0)
}

async fn handler(
    event: LambdaEvent<ApiGatewayV2httpRequest>,
) -> Result<ApiGatewayV2httpResponse, Error> {
    let request = event.payload;
    let name = request
        .query_string_parameters
        .first("name")
        .unwrap_or("world");
    let visits = visits(&request) + 1;
    let mut response = ApiGatewayV2httpResponse::default();
    response.status_code = 200;
    let json = HeaderValue::from_static("application/json");
    response.headers.insert("Content-Type", json);
    let body = json!({"hello": name, "visits": visits}).to_string();
    response.body = Some(Body::Text(body));
    response.cookies = vec![format!("visits={visits}"), "theme=dark".into()];
    Ok(response)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lambda_events::apigw::ApiGatewayV2httpRequestContext;
    use aws_lambda_events::query_map::QueryMap;
    use std::collections::HashMap;

    #[tokio::test]
    async fn greets_counts_visits_and_sets_cookies() {
        let mut request = ApiGatewayV2httpRequest::default();
        request.version = Some("2.0".into());
        request.raw_path = Some("/hello".into());
        request.raw_query_string = Some("name=Ann".into());
        let query = HashMap::from([("name".to_string(), "Ann".to_string())]);
        request.query_string_parameters = QueryMap::from(query);
        request.cookies = Some(vec!["visits=2".into(), "theme=light".into()]);
        let mut context = ApiGatewayV2httpRequestContext::default();
        context.http.method = aws_lambda_events::http::Method::GET;
        context.http.path = Some("/hello".into());
        request.request_context = context;
        let out = handler(LambdaEvent::new(request, Default::default()))
            .await
            .unwrap();
        assert_eq!(
            serde_json::to_value(out).unwrap(),
            json!({"statusCode": 200, "headers": {"content-type": "application/json"},
                   "multiValueHeaders": {},
                   "body": r#"{"hello":"Ann","visits":3}"#, "isBase64Encoded": false,
                   "cookies": ["visits=3", "theme=dark"]})
        );
    }
}
