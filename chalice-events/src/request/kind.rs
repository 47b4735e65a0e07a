//! Which of the four HTTP event shapes a request is: the one rule of detection.

use super::*;

/// Which kind of HTTP event a [`Request`] was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpEventKind {
    /// An API Gateway REST API proxy event (payload format 1.0, also what an
    /// HTTP API sends when configured for payload 1.0). The only kind Chalice
    /// itself understands.
    Rest,
    /// An API Gateway HTTP API event, payload format 2.0.
    HttpApi,
    /// A Lambda function URL event (payload format 2.0 on a `*.lambda-url.*` domain).
    FunctionUrl,
    /// An Application Load Balancer target event.
    Alb,
}

impl HttpEventKind {
    /// The kind of HTTP event `value` is, judged by its shape only (see the
    /// [module documentation](super) for the rules). Anything that is not
    /// recognisably a payload 2.0 or ALB event counts as [`Rest`](HttpEventKind::Rest).
    ///
    /// ```
    /// use chalice_events::request::HttpEventKind;
    /// use serde_json::json;
    ///
    /// assert_eq!(HttpEventKind::detect(&json!({"version": "2.0"})), HttpEventKind::HttpApi);
    /// assert_eq!(
    ///     HttpEventKind::detect(&json!({"requestContext": {"elb": {"targetGroupArn": "arn"}}})),
    ///     HttpEventKind::Alb
    /// );
    /// assert_eq!(HttpEventKind::detect(&json!({})), HttpEventKind::Rest);
    /// ```
    pub fn detect(value: &Value) -> HttpEventKind {
        let context = value.get("requestContext").and_then(Value::as_object);
        HttpEventKind::of(
            value.get("version").and_then(Value::as_str),
            context
                .and_then(|c| c.get("domainName"))
                .and_then(Value::as_str),
            context.is_some_and(|c| c.contains_key("elb")),
        )
    }

    /// The one rule of detection, on what it looks at: `version`,
    /// `requestContext.domainName` and whether `requestContext.elb` is there.
    pub(super) fn of(version: Option<&str>, domain: Option<&str>, elb: bool) -> HttpEventKind {
        if version == Some("2.0") {
            if domain.is_some_and(|d| d.contains(".lambda-url.")) {
                HttpEventKind::FunctionUrl
            } else {
                HttpEventKind::HttpApi
            }
        } else if elb {
            HttpEventKind::Alb
        } else {
            HttpEventKind::Rest
        }
    }

    /// A short name for logs: `"rest"`, `"http_api"`, `"function_url"` or `"alb"`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpEventKind::Rest => "rest",
            HttpEventKind::HttpApi => "http_api",
            HttpEventKind::FunctionUrl => "function_url",
            HttpEventKind::Alb => "alb",
        }
    }

    pub(super) fn is_v2(self) -> bool {
        matches!(self, HttpEventKind::HttpApi | HttpEventKind::FunctionUrl)
    }
}
