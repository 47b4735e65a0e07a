//! Requests for the local gateway, sent with the test client.

use chalice_app::HttpRequest;
use proptest::prelude::*;

use proptest::sample::select;

use super::{
    body_part, header_name, header_value, re, route_template, template_from, BodyPart, Sizes,
    METHODS,
};

/// A path segment as a client writes it in a URL: unreserved characters and
/// percent-escapes.
fn url_segment() -> impl Strategy<Value = String> + Clone {
    re("([A-Za-z0-9._~-]|%[0-9A-F]{2}){1,12}")
}

fn url_query_part() -> impl Strategy<Value = String> + Clone {
    re("([A-Za-z0-9._~-]|%[0-9A-F]{2}|\\+){0,8}")
}

#[derive(Debug, Clone)]
struct UrlParts {
    method: &'static str,
    values: Vec<String>,
    trailing_slash: bool,
    query: Vec<(String, Option<String>)>,
    headers: Vec<(String, String)>,
    body: BodyPart,
}

fn url_parts() -> impl Strategy<Value = UrlParts> {
    (
        select(METHODS),
        proptest::collection::vec(url_segment(), 4),
        proptest::bool::weighted(0.1),
        proptest::collection::vec(
            (
                url_query_part(),
                proptest::option::weighted(0.9, url_query_part()),
            ),
            0..4,
        ),
        proptest::collection::vec((header_name(), header_value()), 0..5),
        body_part(Sizes::default().max_text),
    )
        .prop_map(
            |(method, values, trailing_slash, query, headers, body)| UrlParts {
                method,
                values,
                trailing_slash,
                query,
                headers,
                body,
            },
        )
}

fn http_request_from(template: &str, parts: UrlParts) -> HttpRequest {
    let mut values = parts.values.into_iter();
    let segments: Vec<String> = template
        .split('/')
        .skip(1)
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                values.next().unwrap_or_default()
            } else {
                segment.to_string()
            }
        })
        .collect();
    let mut path = format!("/{}", segments.join("/"));
    if parts.trailing_slash && path != "/" {
        path.push('/');
    }
    if !parts.query.is_empty() {
        let query: Vec<String> = parts
            .query
            .into_iter()
            .map(|(k, v)| match v {
                Some(v) => format!("{k}={v}"),
                None => k,
            })
            .collect();
        path = format!("{path}?{}", query.join("&"));
    }
    let mut request = HttpRequest::new(parts.method, path);
    for (name, value) in parts.headers {
        request = request.header(name, value);
    }
    request.body = match parts.body {
        BodyPart::None => Vec::new(),
        BodyPart::Text(text) => text.into_bytes(),
        BodyPart::Binary(bytes) => bytes,
    };
    request
}

/// An [`HttpRequest`] for the local gateway (send it with
/// [`HttpClient::send_request`](crate::HttpClient::send_request)) to a random
/// path: percent-encoded segments, sometimes a trailing slash, query strings
/// with repeated, blank (`k=`) and bare (`k`) keys, headers as for
/// [`rest_event_json`](super::rest_event_json), text, JSON and binary bodies.
pub fn http_request() -> impl Strategy<Value = HttpRequest> {
    (route_template(), url_parts())
        .prop_map(|(template, parts)| http_request_from(&template, parts))
}

/// [`http_request`] to one of `templates` (an app's routes), with each
/// capture filled by a URL segment. An empty list means random paths.
pub fn http_request_for<I, S>(templates: I) -> impl Strategy<Value = HttpRequest>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let templates: Vec<String> = templates.into_iter().map(Into::into).collect();
    (template_from(templates), url_parts())
        .prop_map(|(template, parts)| http_request_from(&template, parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_fill_captures_and_append_the_query() {
        let parts = UrlParts {
            method: "GET",
            values: vec!["a%20b".into(), "c".into()],
            trailing_slash: true,
            query: vec![("k".into(), Some("v".into())), ("bare".into(), None)],
            headers: vec![("X-A".into(), "1".into())],
            body: BodyPart::Binary(vec![0xff]),
        };
        let request = http_request_from("/items/{id}/sub/{other}", parts);
        assert_eq!(request.path, "/items/a%20b/sub/c/?k=v&bare");
        assert_eq!(request.headers, [("X-A".to_string(), "1".to_string())]);
        assert_eq!(request.body, [0xff]);
    }
}
