//! The AWS implementation of [`WebsocketClient`]: the official API Gateway
//! Management API client of the AWS SDK (`aws-sdk-apigatewaymanagement`).
//! Only with the `websocket-aws` feature.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use aws_sdk_apigatewaymanagement::config::{
    BehaviorVersion, Credentials, ProvideCredentials, Region, SharedCredentialsProvider,
    SharedHttpClient,
};
use aws_sdk_apigatewaymanagement::error::{DisplayErrorContext, SdkError};
use aws_sdk_apigatewaymanagement::operation::get_connection::GetConnectionOutput;
use aws_sdk_apigatewaymanagement::primitives::{Blob, DateTime, DateTimeFormat};
use aws_sdk_apigatewaymanagement::{Client, Config};
use aws_smithy_http_client::tls;
use serde_json::{Map, Value};

use crate::handler::BoxFuture;
use crate::websocket::{region_from_env, WebsocketClient, WebsocketClientError};

/// Sends to websocket connections with the AWS SDK's API Gateway Management
/// API client: `PostToConnection`, `DeleteConnection` and `GetConnection`
/// against the endpoint [`WebsocketAPI`](crate::WebsocketAPI) was configured with.
///
/// With the `websocket-aws` feature it is what `app.websocket_api` uses when
/// no other client was set, so in Lambda nothing needs configuring: the
/// region comes from `AWS_REGION` (or `AWS_DEFAULT_REGION`) and the
/// credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
/// `AWS_SESSION_TOKEN`, all of which Lambda sets from the function's role.
/// The environment is read when the SDK client for an endpoint is created,
/// on first use; SDK clients are kept, one per endpoint URL.
///
/// Requests go over HTTPS (rustls, with the system's root certificates), or
/// plain HTTP to an `http://` endpoint such as a local stand-in.
///
/// A connection that is gone (`GoneException`, HTTP 410) is reported as
/// [`WebsocketClientError::Gone`], which `WebsocketAPI` turns into
/// [`WebsocketDisconnectedError`](crate::WebsocketDisconnectedError).
///
/// ```no_run
/// use std::sync::Arc;
/// use chalice_app::{AwsWebsocketClient, Chalice};
///
/// let app = Chalice::new("chat");
/// // Not needed in Lambda; e.g. for a script with explicit settings:
/// app.websocket_api.set_client(Arc::new(
///     AwsWebsocketClient::new()
///         .with_region("eu-west-1")
///         .with_credentials("AKID", "SECRET", None),
/// ));
/// ```
pub struct AwsWebsocketClient {
    region: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    http_client: SharedHttpClient,
    clients: Mutex<HashMap<String, Client>>,
}

impl fmt::Debug for AwsWebsocketClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let endpoints: Vec<String> = self
            .clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .keys()
            .cloned()
            .collect();
        f.debug_struct("AwsWebsocketClient")
            .field("region", &self.region)
            .field("credentials", &self.credentials.as_ref().map(|_| "set"))
            .field("endpoints", &endpoints)
            .finish_non_exhaustive()
    }
}

impl Default for AwsWebsocketClient {
    fn default() -> Self {
        Self::new()
    }
}

impl AwsWebsocketClient {
    /// A client that takes its region and credentials from the environment.
    pub fn new() -> Self {
        let http_client = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        AwsWebsocketClient {
            region: None,
            credentials: None,
            http_client,
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// Uses this region (for signing) instead of the environment's.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Uses these credentials instead of the environment's.
    pub fn with_credentials(
        self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        self.with_credentials_provider(Credentials::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "chalice-app",
        ))
    }

    /// Gets credentials from this provider instead of the environment: for
    /// example one from the `aws-config` crate, for profiles or SSO.
    pub fn with_credentials_provider(
        mut self,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        self.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// The SDK client for `endpoint`, created on first use.
    fn client(&self, endpoint: &str) -> Result<Client, WebsocketClientError> {
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(client) = clients.get(endpoint) {
            return Ok(client.clone());
        }
        let region = match &self.region {
            Some(region) => region.clone(),
            None => region_from_env().ok_or_else(|| {
                WebsocketClientError::Other(
                    "Unable to retrieve the region name for the websocket client: set the \
                     'AWS_REGION' environment variable or use AwsWebsocketClient::with_region"
                        .to_string(),
                )
            })?,
        };
        let credentials = match &self.credentials {
            Some(provider) => provider.clone(),
            None => {
                SharedCredentialsProvider::new(credentials_from(|name| std::env::var(name).ok())?)
            }
        };
        let config = Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region))
            .credentials_provider(credentials)
            .http_client(self.http_client.clone())
            .endpoint_url(endpoint)
            .build();
        let client = Client::from_conf(config);
        clients.insert(endpoint.to_string(), client.clone());
        Ok(client)
    }
}

/// Credentials from the standard environment variables, read with `var`.
fn credentials_from(
    var: impl Fn(&str) -> Option<String>,
) -> Result<Credentials, WebsocketClientError> {
    let var = |name: &str| var(name).filter(|value| !value.is_empty());
    match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
        (Some(access_key_id), Some(secret_access_key)) => Ok(Credentials::new(
            access_key_id,
            secret_access_key,
            var("AWS_SESSION_TOKEN"),
            None,
            "environment",
        )),
        _ => Err(WebsocketClientError::Other(
            "No AWS credentials for the websocket client: set AWS_ACCESS_KEY_ID and \
             AWS_SECRET_ACCESS_KEY (Lambda sets them from the function's role) or use \
             AwsWebsocketClient::with_credentials_provider"
                .to_string(),
        )),
    }
}

/// `Gone` for a `GoneException` (or any 410), `Other` with the SDK's whole
/// error chain for anything else.
fn client_error<E>(
    operation: &str,
    err: SdkError<E>,
    is_gone: impl Fn(&E) -> bool,
) -> WebsocketClientError
where
    E: std::error::Error + Send + Sync + 'static,
{
    let gone = err.as_service_error().is_some_and(is_gone)
        || err
            .raw_response()
            .is_some_and(|response| response.status().as_u16() == 410);
    if gone {
        WebsocketClientError::Gone
    } else {
        WebsocketClientError::Other(format!("{operation}: {}", DisplayErrorContext(&err)))
    }
}

/// The `GetConnection` result as the API's JSON has it: `connectedAt`,
/// `identity` (`sourceIp`, `userAgent`) and `lastActiveAt`, timestamps in
/// RFC 3339.
fn connection_info(output: &GetConnectionOutput) -> Value {
    fn timestamp(time: &DateTime) -> Value {
        time.fmt(DateTimeFormat::DateTime)
            .map_or(Value::Null, Value::String)
    }
    let mut info = Map::new();
    if let Some(time) = output.connected_at() {
        info.insert("connectedAt".into(), timestamp(time));
    }
    if let Some(identity) = output.identity() {
        let mut fields = Map::new();
        if let Some(ip) = identity.source_ip() {
            fields.insert("sourceIp".into(), Value::from(ip));
        }
        if let Some(agent) = identity.user_agent() {
            fields.insert("userAgent".into(), Value::from(agent));
        }
        info.insert("identity".into(), Value::Object(fields));
    }
    if let Some(time) = output.last_active_at() {
        info.insert("lastActiveAt".into(), timestamp(time));
    }
    Value::Object(info)
}

impl WebsocketClient for AwsWebsocketClient {
    fn post_to_connection(
        &self,
        endpoint: &str,
        connection_id: &str,
        data: Vec<u8>,
    ) -> BoxFuture<Result<(), WebsocketClientError>> {
        let client = self.client(endpoint);
        let connection_id = connection_id.to_string();
        Box::pin(async move {
            client?
                .post_to_connection()
                .connection_id(connection_id)
                .data(Blob::new(data))
                .send()
                .await
                .map(|_| ())
                .map_err(|e| client_error("PostToConnection", e, |e| e.is_gone_exception()))
        })
    }

    fn delete_connection(
        &self,
        endpoint: &str,
        connection_id: &str,
    ) -> BoxFuture<Result<(), WebsocketClientError>> {
        let client = self.client(endpoint);
        let connection_id = connection_id.to_string();
        Box::pin(async move {
            client?
                .delete_connection()
                .connection_id(connection_id)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| client_error("DeleteConnection", e, |e| e.is_gone_exception()))
        })
    }

    fn get_connection(
        &self,
        endpoint: &str,
        connection_id: &str,
    ) -> BoxFuture<Result<Value, WebsocketClientError>> {
        let client = self.client(endpoint);
        let connection_id = connection_id.to_string();
        Box::pin(async move {
            client?
                .get_connection()
                .connection_id(connection_id)
                .send()
                .await
                .map(|output| connection_info(&output))
                .map_err(|e| client_error("GetConnection", e, |e| e.is_gone_exception()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_come_from_the_standard_variables() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let creds = credentials_from(env(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
        ]));
        let creds = creds.ok();
        assert_eq!(creds.as_ref().map(Credentials::access_key_id), Some("AKID"));
        assert_eq!(
            creds.as_ref().map(Credentials::secret_access_key),
            Some("SECRET")
        );
        assert_eq!(
            creds.as_ref().and_then(Credentials::session_token),
            Some("TOKEN")
        );

        let creds = credentials_from(env(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", ""),
        ]));
        assert_eq!(
            creds.ok().and_then(|c| c.session_token().map(String::from)),
            None
        );

        match credentials_from(env(&[("AWS_ACCESS_KEY_ID", "AKID")])) {
            Err(WebsocketClientError::Other(m)) => assert!(m.contains("AWS_SECRET_ACCESS_KEY")),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn connection_info_uses_the_api_names() {
        let output = GetConnectionOutput::builder()
            .connected_at(DateTime::from_secs(1_700_000_000))
            .identity(
                aws_sdk_apigatewaymanagement::types::Identity::builder()
                    .source_ip("192.0.2.1")
                    .user_agent("test-agent")
                    .build(),
            )
            .last_active_at(DateTime::from_secs(1_700_000_060))
            .build();
        assert_eq!(
            connection_info(&output),
            serde_json::json!({
                "connectedAt": "2023-11-14T22:13:20Z",
                "identity": {"sourceIp": "192.0.2.1", "userAgent": "test-agent"},
                "lastActiveAt": "2023-11-14T22:14:20Z",
            })
        );
        assert_eq!(
            connection_info(&GetConnectionOutput::builder().build()),
            serde_json::json!({})
        );
    }

    #[test]
    fn clients_are_kept_per_endpoint() {
        let client = AwsWebsocketClient::new()
            .with_region("us-west-2")
            .with_credentials("AKID", "SECRET", None);
        assert!(client.client("https://a.example.com/api").is_ok());
        assert!(client.client("https://a.example.com/api").is_ok());
        assert!(client.client("https://b.example.com/api").is_ok());
        let debug = format!("{client:?}");
        assert!(debug.contains("us-west-2"), "{debug}");
        assert_eq!(
            client
                .clients
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .len(),
            2
        );
    }
}
