//! [`CORSConfig`]: the CORS headers a route adds to its responses.
//!
//! # The headers, as a spec
//!
//! [`CORSConfig::get_access_control_headers`] returns, in this order:
//!
//! | header | value | when |
//! |---|---|---|
//! | `Access-Control-Allow-Origin` | `allow_origin` | always |
//! | `Access-Control-Allow-Headers` | the five required headers and `allow_headers`, de-duplicated, sorted by code point, joined by `,` | always |
//! | `Access-Control-Expose-Headers` | `expose_headers` in the given order, duplicates kept, joined by `,` | when non-empty |
//! | `Access-Control-Max-Age` | `max_age` in decimal (`0` included) | when set |
//! | `Access-Control-Allow-Credentials` | `true` | when `allow_credentials` is `Some(true)` |
//!
//! The five required headers are `Authorization`, `Content-Type`,
//! `X-Amz-Date`, `X-Amz-Security-Token` and `X-Api-Key`. Sorting is by code
//! point, so upper-case names sort before lower-case ones.
//!
//! ```
//! use chalice_events::cors::CORSConfig;
//!
//! let cors = CORSConfig::new()
//!     .allow_origin("https://foo.example.com")
//!     .allow_headers(["X-Special-Header"])
//!     .max_age(600)
//!     .expose_headers(["X-Special-Header"])
//!     .allow_credentials(true);
//! assert_eq!(
//!     cors.get_access_control_headers(),
//!     [
//!         ("Access-Control-Allow-Origin", "https://foo.example.com".to_string()),
//!         (
//!             "Access-Control-Allow-Headers",
//!             "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Special-Header"
//!                 .to_string()
//!         ),
//!         ("Access-Control-Expose-Headers", "X-Special-Header".to_string()),
//!         ("Access-Control-Max-Age", "600".to_string()),
//!         ("Access-Control-Allow-Credentials", "true".to_string()),
//!     ]
//! );
//! ```

/// The headers every CORS configuration allows, whatever the user adds.
pub const REQUIRED_ALLOW_HEADERS: [&str; 5] = [
    "Content-Type",
    "X-Amz-Date",
    "Authorization",
    "X-Api-Key",
    "X-Amz-Security-Token",
];

/// Chalice's `CORSConfig`: which origin, headers and credentials a route's
/// responses allow.
///
/// `CORSConfig::default()` is what Chalice's `cors=True` means: origin `*`,
/// only the required headers, nothing else.
///
/// Two configurations are equal when they produce the same headers (so
/// `allow_credentials(false)` equals leaving it unset, and the order of
/// `allow_headers` does not matter), as in Chalice.
///
/// ```
/// use chalice_events::cors::CORSConfig;
///
/// assert_eq!(
///     CORSConfig::default().allow_headers_value(),
///     "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key"
/// );
/// assert_eq!(CORSConfig::new().allow_credentials(false), CORSConfig::default());
/// assert_ne!(CORSConfig::new().max_age(0), CORSConfig::default());
/// ```
#[doc(alias = "CorsConfig")]
#[derive(Debug, Clone)]
pub struct CORSConfig {
    /// The value of `Access-Control-Allow-Origin`, e.g. `"*"` or `"https://example.com"`.
    pub allow_origin: String,
    /// Headers allowed on top of the five required ones, e.g. `["X-Special-Header"]`.
    pub allow_headers: Vec<String>,
    /// Headers the browser may expose to scripts, e.g. `["X-Request-Id"]`; sent
    /// in this order, duplicates included.
    pub expose_headers: Vec<String>,
    /// How long, in seconds, a preflight answer may be cached, e.g. `Some(600)`.
    pub max_age: Option<u64>,
    /// Whether credentialed requests are allowed; only `Some(true)` sends a header.
    pub allow_credentials: Option<bool>,
}

impl Default for CORSConfig {
    fn default() -> Self {
        CORSConfig {
            allow_origin: "*".to_string(),
            allow_headers: Vec::new(),
            expose_headers: Vec::new(),
            max_age: None,
            allow_credentials: None,
        }
    }
}

impl CORSConfig {
    /// The default configuration (origin `*`), to adjust with the setters below.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the allowed origin, e.g. `"https://example.com"`.
    pub fn allow_origin(mut self, origin: impl Into<String>) -> Self {
        self.allow_origin = origin.into();
        self
    }

    /// Sets the extra allowed headers, e.g. `["X-Special-Header"]`.
    pub fn allow_headers<I, S>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allow_headers = headers.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the headers exposed to scripts, e.g. `["X-Request-Id"]`.
    pub fn expose_headers<I, S>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.expose_headers = headers.into_iter().map(Into::into).collect();
        self
    }

    /// Sets how long, in seconds, browsers may cache the preflight answer.
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Sets whether credentialed requests are allowed.
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.allow_credentials = Some(allow);
        self
    }

    /// The value of `Access-Control-Allow-Headers`: the required headers and
    /// [`allow_headers`](CORSConfig::allow_headers), de-duplicated, sorted by
    /// code point and joined by `,` (Chalice's `allow_headers` property).
    ///
    /// ```
    /// use chalice_events::cors::CORSConfig;
    ///
    /// let cors = CORSConfig::new().allow_headers(["Header-B", "Header-A", "Content-Type"]);
    /// assert_eq!(
    ///     cors.allow_headers_value(),
    ///     "Authorization,Content-Type,Header-A,Header-B,X-Amz-Date,X-Amz-Security-Token,X-Api-Key"
    /// );
    /// ```
    pub fn allow_headers_value(&self) -> String {
        let mut all: Vec<&str> = REQUIRED_ALLOW_HEADERS.to_vec();
        all.extend(self.allow_headers.iter().map(String::as_str));
        // Byte order of UTF-8 is code-point order, which is how Python sorts str.
        all.sort_unstable();
        all.dedup();
        all.join(",")
    }

    /// The CORS headers to add to a response, in Chalice's order (see the
    /// [module documentation](self) for the table).
    pub fn get_access_control_headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = vec![
            ("Access-Control-Allow-Origin", self.allow_origin.clone()),
            ("Access-Control-Allow-Headers", self.allow_headers_value()),
        ];
        if !self.expose_headers.is_empty() {
            headers.push((
                "Access-Control-Expose-Headers",
                self.expose_headers.join(","),
            ));
        }
        if let Some(age) = self.max_age {
            headers.push(("Access-Control-Max-Age", age.to_string()));
        }
        if self.allow_credentials == Some(true) {
            headers.push(("Access-Control-Allow-Credentials", "true".to_string()));
        }
        headers
    }
}

impl PartialEq for CORSConfig {
    fn eq(&self, other: &Self) -> bool {
        // Chalice compares the header dicts, not the constructor arguments.
        // Equal arguments give equal headers, so the headers are only built
        // for configurations that differ (`allow_credentials(false)` against
        // none, allowed headers in another order): registering routes that
        // share a path compares their configurations, and most are copies.
        // Destructured, so that a field added later cannot be left out.
        let CORSConfig {
            allow_origin,
            allow_headers,
            expose_headers,
            max_age,
            allow_credentials,
        } = self;
        let same_arguments = *allow_origin == other.allow_origin
            && *allow_headers == other.allow_headers
            && *expose_headers == other.expose_headers
            && *max_age == other.max_age
            && *allow_credentials == other.allow_credentials;
        same_arguments || self.get_access_control_headers() == other.get_access_control_headers()
    }
}

impl Eq for CORSConfig {}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(cors: &CORSConfig) -> Vec<(&str, String)> {
        cors.get_access_control_headers()
    }

    #[test]
    fn header_table() {
        const DEFAULT: &str =
            "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key";
        let table: Vec<(CORSConfig, Vec<(&str, &str)>)> = vec![
            (
                CORSConfig::default(),
                vec![("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", DEFAULT)],
            ),
            // test_local.py::test_will_respond_with_custom_cors_enabled
            (
                CORSConfig::new()
                    .allow_origin("https://foo.bar")
                    .allow_headers(["Header-A", "Header-B"])
                    .expose_headers(["Header-A", "Header-B"])
                    .max_age(600)
                    .allow_credentials(true),
                vec![
                    ("Access-Control-Allow-Origin", "https://foo.bar"),
                    (
                        "Access-Control-Allow-Headers",
                        "Authorization,Content-Type,Header-A,Header-B,X-Amz-Date,X-Amz-Security-Token,X-Api-Key",
                    ),
                    ("Access-Control-Expose-Headers", "Header-A,Header-B"),
                    ("Access-Control-Max-Age", "600"),
                    ("Access-Control-Allow-Credentials", "true"),
                ],
            ),
            // Max age 0 is still sent; credentials false is not.
            (
                CORSConfig::new().max_age(0).allow_credentials(false),
                vec![
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Headers", DEFAULT),
                    ("Access-Control-Max-Age", "0"),
                ],
            ),
            // Expose-Headers keeps order and duplicates; Allow-Headers sorts
            // by code point (lower-case after upper-case) and de-duplicates.
            (
                CORSConfig::new()
                    .allow_headers(["x-lower", "X-Api-Key", "Accept", "x-lower"])
                    .expose_headers(["B", "A", "B"]),
                vec![
                    ("Access-Control-Allow-Origin", "*"),
                    (
                        "Access-Control-Allow-Headers",
                        "Accept,Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,x-lower",
                    ),
                    ("Access-Control-Expose-Headers", "B,A,B"),
                ],
            ),
        ];
        for (cors, expected) in table {
            let expected: Vec<(&str, String)> = expected
                .into_iter()
                .map(|(k, v)| (k, v.to_string()))
                .collect();
            assert_eq!(headers(&cors), expected, "{cors:?}");
        }
    }

    #[test]
    fn equality_compares_the_headers() {
        // test_app.py::TestCORSConfig
        let a = CORSConfig::new().allow_headers(["B", "A"]).max_age(5);
        let b = CORSConfig::new().allow_headers(["A", "B", "A"]).max_age(5);
        assert_eq!(a, b);
        assert_ne!(a, CORSConfig::new().allow_headers(["A", "B"]));
        assert_ne!(
            CORSConfig::new().expose_headers(["A", "B"]),
            CORSConfig::new().expose_headers(["B", "A"])
        );
        assert_eq!(
            CORSConfig::new().allow_credentials(false),
            CORSConfig::new()
        );
        assert_ne!(CORSConfig::new().allow_credentials(true), CORSConfig::new());
    }

    #[test]
    fn configurations_that_differ_in_any_header_are_unequal() {
        let base = CORSConfig::new()
            .allow_origin("https://a.example")
            .allow_headers(["X-A"])
            .expose_headers(["X-B"])
            .max_age(5)
            .allow_credentials(true);
        assert_eq!(base, base.clone());
        let changed = [
            base.clone().allow_origin("https://b.example"),
            base.clone().allow_headers(["X-C"]),
            base.clone().expose_headers(["X-C"]),
            base.clone().max_age(6),
            base.clone().allow_credentials(false),
        ];
        for other in changed {
            assert_ne!(base, other, "{other:?}");
            assert_ne!(other, base, "{other:?}");
        }
    }
}
