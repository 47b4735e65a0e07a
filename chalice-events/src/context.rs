//! The Lambda context, as a plain value.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What Lambda tells a handler about the invocation: the counterpart of the
/// `context` object Python handlers receive.
///
/// It is a plain value so that events and handlers can carry it without
/// depending on `lambda_runtime`; `chalice-app` converts from
/// `lambda_runtime::Context`.
///
/// ```
/// use chalice_events::LambdaContext;
///
/// let ctx = LambdaContext::new("my-function").with_remaining_time_in_millis(3_000);
/// assert_eq!(ctx.function_name, "my-function");
/// assert!(ctx.get_remaining_time_in_millis() <= 3_000);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LambdaContext {
    /// Name of the function being invoked, e.g. `"refapp-dev-api"`.
    pub function_name: String,
    /// Version of the function, e.g. `"$LATEST"`.
    pub function_version: String,
    /// ARN used to invoke the function (empty under local emulation).
    pub invoked_function_arn: String,
    /// Memory configured for the function, in MB (`None` when unknown).
    pub memory_limit_in_mb: Option<u32>,
    /// The request id of this invocation, e.g. `"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"`.
    pub aws_request_id: String,
    /// CloudWatch log group of the function (empty under local emulation).
    pub log_group_name: String,
    /// CloudWatch log stream of the function (empty under local emulation).
    pub log_stream_name: String,
    /// When the invocation times out, in milliseconds since the Unix epoch.
    pub deadline_ms: u64,
    /// Cognito identity of the caller, when invoked through the mobile SDK.
    pub identity: Option<Value>,
    /// Client context of the caller, when invoked through the mobile SDK.
    pub client_context: Option<Value>,
    /// The X-Ray trace id of the invocation, when tracing is on.
    pub xray_trace_id: Option<String>,
}

impl LambdaContext {
    /// A context for `function_name` as the local emulation makes it: version
    /// `$LATEST`, a fresh request id, empty ARN and log names, and three seconds
    /// left to run (Chalice's local default).
    pub fn new(function_name: impl Into<String>) -> Self {
        LambdaContext {
            function_name: function_name.into(),
            function_version: "$LATEST".to_string(),
            invoked_function_arn: String::new(),
            memory_limit_in_mb: None,
            aws_request_id: new_request_id(),
            log_group_name: String::new(),
            log_stream_name: String::new(),
            deadline_ms: 0,
            identity: None,
            client_context: None,
            xray_trace_id: None,
        }
        .with_remaining_time_in_millis(3_000)
    }

    /// Sets the deadline to `millis` from now.
    pub fn with_remaining_time_in_millis(mut self, millis: u64) -> Self {
        self.deadline_ms = now_ms().saturating_add(millis);
        self
    }

    /// Milliseconds left before the invocation times out (0 once it has).
    ///
    /// Named as Chalice (and the Python runtime) name it.
    pub fn get_remaining_time_in_millis(&self) -> u64 {
        self.deadline_ms.saturating_sub(now_ms())
    }

    /// The deadline as a `SystemTime`.
    pub fn deadline(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(self.deadline_ms)
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// A random-looking UUID-4-shaped id, without pulling in a RNG crate: the
/// hasher that std seeds randomly per process, fed with a counter and the time.
pub fn new_request_id() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let state = RandomState::new();
    let mut words = [0u64; 2];
    for (i, word) in words.iter_mut().enumerate() {
        let mut h = state.build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.write_usize(i);
        *word = h.finish();
    }
    let [a, b] = words;
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuid_shaped_and_distinct() {
        let a = new_request_id();
        let b = new_request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn remaining_time_counts_down_from_the_deadline() {
        let ctx = LambdaContext::new("f").with_remaining_time_in_millis(60_000);
        let left = ctx.get_remaining_time_in_millis();
        assert!(left <= 60_000 && left > 50_000);
        let expired = LambdaContext {
            deadline_ms: 1,
            ..ctx
        };
        assert_eq!(expired.get_remaining_time_in_millis(), 0);
    }
}
