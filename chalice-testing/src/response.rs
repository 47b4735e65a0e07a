//! [`TestResponse`]: an HTTP response as a test sees it.

use serde_json::Value;

/// The response to a test request: Chalice's `HTTPResponse`.
///
/// The test client's requests answer with it; it can also be built by hand
/// (or from any status, headers and body) to use the [snapshot](crate::snapshot)
/// helpers without the test client.
///
/// Base64 bodies are already decoded; headers of a multi-value header appear
/// once per value, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestResponse {
    /// The status code, e.g. `200`.
    pub status_code: u16,
    /// The headers as sent, e.g. `("Content-Type", "application/json")`.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl TestResponse {
    /// The first value of the header `name`, compared without case, e.g.
    /// `header("content-type") == Some("application/json")`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of the header `name`, compared without case, in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body parsed as JSON; `None` when it is not JSON (binary bodies and
    /// plain text included), as Chalice's `json_body` gives `None`.
    pub fn json_body(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as text; `None` when it is not UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }
}
