//! An HTTP API (payload 2.0) function on `lambda_runtime` that uses
//! chalice-events alone: it reads the query and a cookie, and answers JSON
//! with two cookies, which payload 2.0 carries in `cookies`.

use chalice_events::{ProxyResponse, Request, Response};
use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::json;

/// How many times the client came before, from its `visits` cookie.
fn visits(request: &Request) -> u32 {
    let cookies = request.headers().get("cookie").unwrap_or_default();
    let count = cookies.split("; ").find_map(|c| c.strip_prefix("visits="));
    count.and_then(|n| n.parse().ok()).unwrap_or(0)
}

async fn handler(event: LambdaEvent<Request>) -> Result<ProxyResponse, Error> {
    let request = event.payload;
    let name = request
        .query_params()
        .and_then(|q| q.get("name"))
        .unwrap_or("world");
    let visits = visits(&request) + 1;
    let response = Response::json(&json!({"hello": name, "visits": visits}))?
        .with_header("Content-Type", "application/json")
        .with_header(
            "Set-Cookie",
            vec![format!("visits={visits}"), "theme=dark".into()],
        );
    Ok(response.for_request(&request)?)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chalice_events::HttpEventKind;

    #[tokio::test]
    async fn greets_counts_visits_and_sets_cookies() {
        let request = Request::builder()
            .kind(HttpEventKind::HttpApi)
            .path("/hello")
            .query("name", "Ann")
            .header("Cookie", "visits=2; theme=light")
            .build();
        let out = handler(LambdaEvent::new(request, Default::default()))
            .await
            .unwrap();
        assert_eq!(
            serde_json::to_value(out).unwrap(),
            json!({"headers": {"Content-Type": "application/json"}, "statusCode": 200,
                   "body": r#"{"hello":"Ann","visits":3}"#,
                   "cookies": ["visits=3", "theme=dark"]})
        );
    }
}
