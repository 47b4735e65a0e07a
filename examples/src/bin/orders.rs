//! A REST API function on `lambda_runtime` that uses chalice-events alone,
//! with snapshot tests of its answers.

use chalice_events::{ProxyResponse, Request, Response};
use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::json;

async fn handler(event: LambdaEvent<Request>) -> Result<ProxyResponse, Error> {
    let request = event.payload;
    let response = match request.uri_param("id") {
        Some("7") => Response::json(&json!({"id": 7, "items": ["tea", "scone"], "total": 9.5}))?,
        id => Response::json(&json!({"message": format!("no order {}", id.unwrap_or("?"))}))?
            .with_status(404),
    };
    let response = response.with_header("Content-Type", "application/json");
    Ok(response.for_request(&request)?)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chalice_testing::assert_response_snapshot;

    async fn get(id: &str) -> ProxyResponse {
        let request = Request::builder()
            .path("/orders/{id}")
            .uri_param("id", id)
            .build();
        handler(LambdaEvent::new(request, Default::default()))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn an_order() {
        assert_response_snapshot!(get("7").await);
    }

    #[tokio::test]
    async fn a_missing_order() {
        assert_response_snapshot!(get("8").await);
    }
}
