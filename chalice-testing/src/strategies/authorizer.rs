//! API Gateway authorizer events.

use super::*;

pub(super) const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

prop_compose! {
    /// The JSON of a built-in authorizer's event: TOKEN events with a bearer
    /// token, a word or any text; REQUEST events with headers and query
    /// parameters instead.
    pub fn auth_request_json()(
        token_event in any::<bool>(),
        token in prop_oneof![
            re("Bearer [A-Za-z0-9._-]{8,40}"),
            re("allow|deny|unauthorized|allow-all"),
            text(24),
        ],
        (region, account, api_id) in (region(), account(), re("[a-z0-9]{10}")),
        stage in word(),
        method in select(METHODS),
        path in proptest::collection::vec(word(), 0..3),
        headers in proptest::collection::vec((header_name(), header_value()), 0..3),
        query in proptest::collection::vec((word(), text(12)), 0..3),
    ) -> Value {
        let arn = format!(
            "arn:aws:execute-api:{region}:{account}:{api_id}/{stage}/{method}/{}",
            path.join("/")
        );
        let builder = AuthRequest::builder().method_arn(arn);
        let builder = if token_event {
            builder.token(token)
        } else {
            let mut builder = builder.auth_type("REQUEST").without_token();
            for (name, value) in headers {
                builder = builder.header(name, value);
            }
            for (name, value) in query {
                builder = builder.query_param(name, value);
            }
            builder
        };
        builder.build().to_dict()
    }
}

/// An [`AuthRequest`] read from [`auth_request_json`].
pub fn auth_request() -> impl Strategy<Value = AuthRequest> {
    auth_request_json().prop_map(parse::<AuthRequest>)
}
