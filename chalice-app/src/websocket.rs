//! Sending to websocket clients: Chalice's `app.websocket_api`.
//!
//! The app configures the endpoint from the first websocket event it handles
//! (`https://<apiId>.execute-api.<region>.amazonaws.com/<stage>`, the first
//! configuration wins). Sending needs a [`WebsocketClient`]: plug in your own
//! (for example one built on `aws-sdk-apigatewaymanagement`) with
//! [`WebsocketAPI::set_client`].

use std::sync::{Arc, OnceLock, RwLock};

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

impl WebsocketAPI {
    /// Sets the endpoint to `https://<domain_name>/<stage>`, unless one is set.
    pub fn configure(&self, domain_name: &str, stage: &str) {
        let _ = self.endpoint.set(format!("https://{domain_name}/{stage}"));
    }

    /// Sets the endpoint from the API id and the region in `AWS_REGION` (or
    /// `AWS_DEFAULT_REGION`), unless one is set. Without a region nothing is
    /// configured and sending reports why.
    pub fn configure_from_api_id(&self, api_id: &str, stage: &str) {
        if self.endpoint.get().is_some() || api_id.is_empty() {
            return;
        }
        let region = std::env::var("AWS_REGION").or_else(|_| std::env::var("AWS_DEFAULT_REGION"));
        if let Ok(region) = region {
            let suffix = if region.starts_with("cn-") {
                "amazonaws.com.cn"
            } else {
                "amazonaws.com"
            };
            self.configure(&format!("{api_id}.execute-api.{region}.{suffix}"), stage);
        }
    }

    /// The configured endpoint.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.get().map(String::as_str)
    }

    /// The client calls go through.
    pub fn set_client(&self, client: Arc<dyn WebsocketClient>) {
        if let Ok(mut slot) = self.client.write() {
            *slot = Some(client);
        }
    }

    fn parts(&self) -> Result<(String, Arc<dyn WebsocketClient>), Error> {
        let client = self.client.read().ok().and_then(|c| c.clone()).ok_or_else(|| {
            Error::msg("WebsocketAPI has no client: give it one with `app.websocket_api.set_client(...)`")
        })?;
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
