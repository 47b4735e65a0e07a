//! Sending to websocket clients: Chalice's `app.websocket_api`.
//!
//! The app configures the endpoint from the first websocket event it handles
//! (`https://<apiId>.execute-api.<region>.amazonaws.com/<stage>`, the first
//! configuration wins). Sending goes through a [`WebsocketClient`]:
//!
//! - with the `websocket-aws` feature of chalice-app, the AWS SDK's API Gateway
//!   Management API client is the default: it is created on first use, with
//!   the region and credentials Lambda puts in the environment, so
//!   `app.websocket_api.send(...)` works in a handler without any setup (the
//!   counterpart of Chalice's `app.websocket_api.session = boto3.session.Session()`);
//! - without it, or to send some other way, plug in a client with
//!   [`WebsocketAPI::set_client`].

use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use serde_json::Value;

use crate::handler::BoxFuture;
use crate::{Error, WebsocketDisconnectedError};

/// How a [`WebsocketClient`] call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebsocketClientError {
    /// The connection is gone (API Gateway's 410 `GoneException`).
    Gone,
    /// Anything else, with the service's message.
    Other(String),
}

/// The API Gateway Management API, as the websocket API needs it.
pub trait WebsocketClient: Send + Sync + 'static {
    /// `PostToConnection`.
    fn post_to_connection(
        &self,
        endpoint: &str,
        connection_id: &str,
        data: Vec<u8>,
    ) -> BoxFuture<Result<(), WebsocketClientError>>;
    /// `DeleteConnection`.
    fn delete_connection(
        &self,
        endpoint: &str,
        connection_id: &str,
    ) -> BoxFuture<Result<(), WebsocketClientError>>;
    /// `GetConnection`.
    fn get_connection(
        &self,
        endpoint: &str,
        connection_id: &str,
    ) -> BoxFuture<Result<Value, WebsocketClientError>>;
}

/// Sends messages to, closes and describes websocket connections.
#[derive(Default)]
pub struct WebsocketAPI {
    endpoint: OnceLock<String>,
    client: RwLock<Option<Arc<dyn WebsocketClient>>>,
}

impl std::fmt::Debug for WebsocketAPI {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebsocketAPI")
            .field("endpoint", &self.endpoint.get())
            .finish_non_exhaustive()
    }
}

/// The region Lambda runs in: `AWS_REGION`, else `AWS_DEFAULT_REGION`.
pub(crate) fn region_from_env() -> Option<String> {
    ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|region| !region.is_empty())
}

/// The management API endpoint of the websocket API `api_id` in `region`.
fn endpoint_for(api_id: &str, stage: &str, region: &str) -> String {
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://{api_id}.execute-api.{region}.{suffix}/{stage}")
}

#[cfg(not(feature = "websocket-aws"))]
const NO_CLIENT: &str = "WebsocketAPI has no client: enable the `websocket-aws` feature of chalice-app \
     (`chalice-app = { version = \"0.1\", features = [\"websocket-aws\"] }`) to send through the AWS SDK, \
     or plug in your own WebsocketClient with `app.websocket_api.set_client(...)`";

impl WebsocketAPI {
    /// Sets the endpoint to `https://<domain_name>/<stage>`, unless one is set.
    pub fn configure(&self, domain_name: &str, stage: &str) {
        self.configure_endpoint(&format!("https://{domain_name}/{stage}"));
    }

    /// Sets the endpoint to this full URL, unless one is set: for a custom
    /// domain with a base path, or a local stand-in such as
    /// `http://127.0.0.1:3001/api`.
    pub fn configure_endpoint(&self, url: &str) {
        let _ = self.endpoint.set(url.to_string());
    }

    /// Sets the endpoint from the API id and the region in `AWS_REGION` (or
    /// `AWS_DEFAULT_REGION`), unless one is set:
    /// `https://<api_id>.execute-api.<region>.amazonaws.com/<stage>`
    /// (`amazonaws.com.cn` in the `cn-` regions). Without a region nothing is
    /// configured and sending reports why.
    pub fn configure_from_api_id(&self, api_id: &str, stage: &str) {
        if self.endpoint.get().is_some() || api_id.is_empty() {
            return;
        }
        if let Some(region) = region_from_env() {
            self.configure_endpoint(&endpoint_for(api_id, stage, &region));
        }
    }

    /// The configured endpoint.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.get().map(String::as_str)
    }

    /// The client calls go through, in place of any other.
    pub fn set_client(&self, client: Arc<dyn WebsocketClient>) {
        *self.client.write().unwrap_or_else(PoisonError::into_inner) = Some(client);
    }

    /// Sends through a new [`AwsWebsocketClient`](crate::AwsWebsocketClient)
    /// with the region and credentials of the environment. This is what the
    /// API does by itself when it has no client; call it to go back to that
    /// after [`set_client`](Self::set_client).
    #[cfg(feature = "websocket-aws")]
    pub fn use_aws_client(&self) {
        self.set_client(Arc::new(crate::AwsWebsocketClient::new()));
    }

    /// The client: the one set, else the AWS one where the feature provides it.
    fn client(&self) -> Result<Arc<dyn WebsocketClient>, Error> {
        if let Some(client) = self
            .client
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Ok(client);
        }
        #[cfg(feature = "websocket-aws")]
        {
            let mut slot = self.client.write().unwrap_or_else(PoisonError::into_inner);
            Ok(slot
                .get_or_insert_with(|| Arc::new(crate::AwsWebsocketClient::new()))
                .clone())
        }
        #[cfg(not(feature = "websocket-aws"))]
        Err(Error::msg(NO_CLIENT))
    }

    fn parts(&self) -> Result<(String, Arc<dyn WebsocketClient>), Error> {
        let client = self.client()?;
        let endpoint = self.endpoint.get().cloned().ok_or_else(|| {
            Error::msg("WebsocketAPI.configure must be called before using the WebsocketAPI (set AWS_REGION so the app can configure it from the event)")
        })?;
        Ok((endpoint, client))
    }

    fn map_err(connection_id: &str, err: WebsocketClientError) -> Error {
        match err {
            WebsocketClientError::Gone => WebsocketDisconnectedError {
                connection_id: connection_id.to_string(),
            }
            .into(),
            WebsocketClientError::Other(m) => Error::msg(m),
        }
    }

    /// Sends `message` to the connection.
    ///
    /// # Errors
    ///
    /// [`WebsocketDisconnectedError`] when the connection is gone; otherwise the client's error.
    pub async fn send(
        &self,
        connection_id: &str,
        message: impl Into<Vec<u8>>,
    ) -> Result<(), Error> {
        let (endpoint, client) = self.parts()?;
        client
            .post_to_connection(&endpoint, connection_id, message.into())
            .await
            .map_err(|e| Self::map_err(connection_id, e))
    }

    /// Closes the connection.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub async fn close(&self, connection_id: &str) -> Result<(), Error> {
        let (endpoint, client) = self.parts()?;
        client
            .delete_connection(&endpoint, connection_id)
            .await
            .map_err(|e| Self::map_err(connection_id, e))
    }

    /// Describes the connection.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub async fn info(&self, connection_id: &str) -> Result<Value, Error> {
        let (endpoint, client) = self.parts()?;
        client
            .get_connection(&endpoint, connection_id)
            .await
            .map_err(|e| Self::map_err(connection_id, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<(String, Arc<dyn WebsocketClient>), Error>) -> String {
        match result {
            Ok(_) => String::from("no error"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn endpoints_are_built_from_the_api_id_and_region() {
        assert_eq!(
            endpoint_for("abcd1234", "api", "us-west-2"),
            "https://abcd1234.execute-api.us-west-2.amazonaws.com/api"
        );
        assert_eq!(
            endpoint_for("abcd1234", "api", "cn-north-1"),
            "https://abcd1234.execute-api.cn-north-1.amazonaws.com.cn/api"
        );
        assert_eq!(
            endpoint_for("abcd1234", "dev", "us-gov-west-1"),
            "https://abcd1234.execute-api.us-gov-west-1.amazonaws.com/dev"
        );
    }

    #[test]
    fn the_first_configuration_wins() {
        let api = WebsocketAPI::default();
        assert_eq!(api.endpoint(), None);
        api.configure("abcd1234.execute-api.us-west-2.amazonaws.com", "api");
        api.configure("other.example.com", "prod");
        api.configure_endpoint("http://127.0.0.1:1/x");
        // Configured already, so the environment is not even read.
        api.configure_from_api_id("zzzz9999", "prod");
        assert_eq!(
            api.endpoint(),
            Some("https://abcd1234.execute-api.us-west-2.amazonaws.com/api")
        );

        let api = WebsocketAPI::default();
        api.configure_endpoint("http://127.0.0.1:3001/api");
        api.configure("abcd1234.execute-api.us-west-2.amazonaws.com", "api");
        assert_eq!(api.endpoint(), Some("http://127.0.0.1:3001/api"));
    }

    #[test]
    fn an_empty_api_id_configures_nothing() {
        let api = WebsocketAPI::default();
        api.configure_from_api_id("", "api");
        assert_eq!(api.endpoint(), None);
    }

    #[cfg(not(feature = "websocket-aws"))]
    #[test]
    fn without_the_feature_the_error_says_how_to_get_a_client() {
        let api = WebsocketAPI::default();
        api.configure("abcd1234.execute-api.us-west-2.amazonaws.com", "api");
        let err = message(api.parts());
        assert!(err.starts_with("WebsocketAPI has no client"), "{err}");
        assert!(
            err.contains("`websocket-aws` feature of chalice-app"),
            "{err}"
        );
        assert!(err.contains("app.websocket_api.set_client(...)"), "{err}");
    }

    #[cfg(feature = "websocket-aws")]
    #[test]
    fn with_the_feature_the_aws_client_is_the_default() {
        let api = WebsocketAPI::default();
        api.configure("abcd1234.execute-api.us-west-2.amazonaws.com", "api");
        assert_eq!(message(api.parts()), "no error");
    }

    #[test]
    fn the_client_is_checked_before_the_endpoint() {
        struct Nothing;
        impl WebsocketClient for Nothing {
            fn post_to_connection(
                &self,
                _: &str,
                _: &str,
                _: Vec<u8>,
            ) -> BoxFuture<Result<(), WebsocketClientError>> {
                Box::pin(std::future::ready(Ok(())))
            }
            fn delete_connection(
                &self,
                _: &str,
                _: &str,
            ) -> BoxFuture<Result<(), WebsocketClientError>> {
                Box::pin(std::future::ready(Ok(())))
            }
            fn get_connection(
                &self,
                _: &str,
                _: &str,
            ) -> BoxFuture<Result<Value, WebsocketClientError>> {
                Box::pin(std::future::ready(Ok(Value::Null)))
            }
        }
        let api = WebsocketAPI::default();
        #[cfg(not(feature = "websocket-aws"))]
        assert!(message(api.parts()).starts_with("WebsocketAPI has no client"));
        api.set_client(Arc::new(Nothing));
        assert!(message(api.parts())
            .starts_with("WebsocketAPI.configure must be called before using the WebsocketAPI"));
        api.configure("abcd1234.execute-api.us-west-2.amazonaws.com", "api");
        assert_eq!(message(api.parts()), "no error");
    }

    #[test]
    fn gone_becomes_websocket_disconnected_error() {
        let err = WebsocketAPI::map_err("abc=", WebsocketClientError::Gone);
        assert!(err.is_websocket_disconnected());
        assert_eq!(err.to_string(), "abc=");
        let err = WebsocketAPI::map_err("abc=", WebsocketClientError::Other("boom".into()));
        assert!(!err.is_websocket_disconnected());
        assert_eq!(err.to_string(), "boom");
    }
}
