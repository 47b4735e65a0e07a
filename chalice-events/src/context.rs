//! The Lambda context, as a plain value.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What Lambda tells a handler about the invocation: the counterpart of the
/// `context` object Python handlers receive.
///
/// It is a plain value so that events and handlers can carry it without
/// depending on `lambda_runtime`. With this crate's `lambda_runtime`
/// feature, `LambdaContext::from(&context)` converts the
/// `lambda_runtime::Context` a handler receives.
///
/// ```
/// use chalice_events::LambdaContext;
///
/// let ctx = LambdaContext::new("my-function").with_remaining_time_in_millis(3_000);
/// assert_eq!(&*ctx.function_name, "my-function");
/// assert!(ctx.get_remaining_time_in_millis() <= 3_000);
/// ```
///
/// The function's own name, version and log names are the same in every
/// invocation of a process, and are shared (`Arc<str>`): a context made per
/// invocation copies none of them. What belongs to the invocation (its
/// request id, ARN, deadline and trace id) is its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LambdaContext {
    /// Name of the function being invoked, e.g. `"refapp-dev-api"`.
    pub function_name: Arc<str>,
    /// Version of the function, e.g. `"$LATEST"`.
    pub function_version: Arc<str>,
    /// ARN used to invoke the function (empty under local emulation).
    pub invoked_function_arn: String,
    /// Memory configured for the function, in MB (`None` when unknown).
    pub memory_limit_in_mb: Option<u32>,
    /// The request id of this invocation, e.g. `"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"`.
    pub aws_request_id: String,
    /// CloudWatch log group of the function (empty under local emulation).
    pub log_group_name: Arc<str>,
    /// CloudWatch log stream of the function (empty under local emulation).
    pub log_stream_name: Arc<str>,
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
    pub fn new(function_name: impl Into<Arc<str>>) -> Self {
        LambdaContext {
            function_name: function_name.into(),
            function_version: "$LATEST".into(),
            invoked_function_arn: String::new(),
            memory_limit_in_mb: None,
            aws_request_id: new_request_id(),
            log_group_name: "".into(),
            log_stream_name: "".into(),
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
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let [a, b] = [0usize, 1].map(|i| {
        let mut h = state.build_hasher();
        h.write_u64(count);
        h.write_u128(nanos);
        h.write_usize(i);
        h.finish()
    });
    // Written digit by digit: this runs once per local request, and
    // `format!`'s machinery cost more than the hashing.
    let mut id = String::with_capacity(36);
    for (value, digits, separator) in [
        (a >> 32, 8, "-"),
        ((a >> 16) & 0xffff, 4, "-4"),
        (a & 0x0fff, 3, "-"),
        (0x8000 | ((b >> 48) & 0x3fff), 4, "-"),
        (b & 0xffff_ffff_ffff, 12, ""),
    ] {
        for shift in (0..digits).rev() {
            let digit = (value >> (4 * shift)) & 0xf;
            id.push(char::from(b"0123456789abcdef"[digit as usize]));
        }
        id.push_str(separator);
    }
    id
}

#[cfg(feature = "lambda_runtime")]
impl From<&lambda_runtime::Context> for LambdaContext {
    /// The same invocation's context, as a plain value: the memory size
    /// becomes `None` if it does not fit a `u32`, and the caller's identity
    /// and client context become their JSON.
    fn from(ctx: &lambda_runtime::Context) -> Self {
        from_lambda_parts(
            ctx,
            ctx.request_id.clone(),
            ctx.invoked_function_arn.clone(),
            ctx.xray_trace_id.clone(),
        )
    }
}

#[cfg(feature = "lambda_runtime")]
impl From<lambda_runtime::Context> for LambdaContext {
    /// As the conversion of a borrowed context, the strings of this
    /// invocation taken rather than copied: a Lambda front converts one per
    /// invocation.
    fn from(mut ctx: lambda_runtime::Context) -> Self {
        let request_id = std::mem::take(&mut ctx.request_id);
        let arn = std::mem::take(&mut ctx.invoked_function_arn);
        let xray_trace_id = ctx.xray_trace_id.take();
        from_lambda_parts(&ctx, request_id, arn, xray_trace_id)
    }
}

/// The context of `ctx`, given the strings of it that belong to the
/// invocation; those of the function are shared with the contexts made
/// before from the same configuration.
#[cfg(feature = "lambda_runtime")]
fn from_lambda_parts(
    ctx: &lambda_runtime::Context,
    aws_request_id: String,
    invoked_function_arn: String,
    xray_trace_id: Option<String>,
) -> LambdaContext {
    let [function_name, function_version, log_group_name, log_stream_name] =
        function_strings(&ctx.env_config);
    LambdaContext {
        function_name,
        function_version,
        invoked_function_arn,
        memory_limit_in_mb: u32::try_from(ctx.env_config.memory).ok(),
        aws_request_id,
        log_group_name,
        log_stream_name,
        deadline_ms: ctx.deadline,
        identity: ctx
            .identity
            .as_ref()
            .and_then(|i| serde_json::to_value(i).ok()),
        client_context: ctx
            .client_context
            .as_ref()
            .and_then(|c| serde_json::to_value(c).ok()),
        xray_trace_id,
    }
}

/// The function's name, version, log group and log stream in `config`, as
/// shared strings. `lambda_runtime` hands every invocation of a process the
/// same `Arc` of its configuration: the strings made for the last one a
/// thread saw are given again while it is the same `Arc`, so an invocation
/// allocates none of them.
#[cfg(feature = "lambda_runtime")]
fn function_strings(config: &Arc<lambda_runtime::Config>) -> [Arc<str>; 4] {
    use std::cell::RefCell;

    type Made = (Arc<lambda_runtime::Config>, [Arc<str>; 4]);
    thread_local! {
        static LAST: RefCell<Option<Made>> = const { RefCell::new(None) };
    }
    let made = || {
        [
            &config.function_name,
            &config.version,
            &config.log_group,
            &config.log_stream,
        ]
        .map(|s| Arc::from(s.as_str()))
    };
    // Made afresh, not kept, when the thread's slot is gone (a context made
    // while the thread's locals are torn down) or in use.
    LAST.try_with(|last| {
        let Ok(mut last) = last.try_borrow_mut() else {
            return made();
        };
        match &*last {
            Some((seen, strings)) if Arc::ptr_eq(seen, config) => strings.clone(),
            _ => {
                let strings = made();
                *last = Some((Arc::clone(config), strings.clone()));
                strings
            }
        }
    })
    .unwrap_or_else(|_| made())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_distinct_version_4_uuids() {
        let ids: Vec<String> = (0..1000).map(|_| new_request_id()).collect();
        for id in &ids {
            let groups: Vec<&str> = id.split('-').collect();
            let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
            assert_eq!(lengths, [8, 4, 4, 4, 12], "{id}");
            assert!(
                groups
                    .concat()
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
                "{id}"
            );
            assert!(groups[2].starts_with('4'), "version: {id}");
            assert!(groups[3].starts_with(['8', '9', 'a', 'b']), "variant: {id}");
        }
        let distinct: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
    }

    #[cfg(feature = "lambda_runtime")]
    #[test]
    fn converts_the_lambda_runtime_context() {
        let mut ctx = lambda_runtime::Context::default();
        ctx.request_id = "req-1".into();
        ctx.deadline = 1_700_000_000_000;
        ctx.invoked_function_arn = "arn:aws:lambda:us-east-1:1:function:f".into();
        ctx.xray_trace_id = Some("Root=1-abc".into());
        ctx.env_config = std::sync::Arc::new(lambda_runtime::Config {
            function_name: "f".into(),
            memory: 128,
            version: "7".into(),
            log_stream: "stream".into(),
            log_group: "/aws/lambda/f".into(),
        });
        let converted = LambdaContext::from(&ctx);
        assert_eq!(
            serde_json::to_value(&converted).unwrap(),
            serde_json::json!({
                "function_name": "f", "function_version": "7",
                "invoked_function_arn": "arn:aws:lambda:us-east-1:1:function:f",
                "memory_limit_in_mb": 128, "aws_request_id": "req-1",
                "log_group_name": "/aws/lambda/f", "log_stream_name": "stream",
                "deadline_ms": 1_700_000_000_000u64, "identity": null, "client_context": null,
                "xray_trace_id": "Root=1-abc"
            })
        );
        // Taken by value, the same context.
        assert_eq!(
            serde_json::to_value(LambdaContext::from(ctx.clone())).unwrap(),
            serde_json::to_value(&converted).unwrap()
        );
        // A memory size no `u32` holds is unknown, not wrapped.
        let mut odd = ctx.clone();
        odd.env_config = std::sync::Arc::new(lambda_runtime::Config {
            memory: -1,
            ..(*ctx.env_config).clone()
        });
        assert_eq!(LambdaContext::from(odd).memory_limit_in_mb, None);
    }

    #[cfg(feature = "lambda_runtime")]
    #[test]
    fn contexts_of_one_configuration_share_its_strings() {
        let config = |name: &str| {
            std::sync::Arc::new(lambda_runtime::Config {
                function_name: name.into(),
                memory: 128,
                version: "3".into(),
                log_stream: "stream".into(),
                log_group: format!("/aws/lambda/{name}"),
            })
        };
        let mut ctx = lambda_runtime::Context::default();
        ctx.env_config = config("first");
        let a = LambdaContext::from(&ctx);
        let b = LambdaContext::from(ctx.clone());
        assert!(Arc::ptr_eq(&a.function_name, &b.function_name));
        assert!(Arc::ptr_eq(&a.log_group_name, &b.log_group_name));
        // Another configuration, even with the same text, is read anew.
        ctx.env_config = config("second");
        let c = LambdaContext::from(&ctx);
        assert_eq!(
            (&*c.function_name, &*c.log_group_name, &*c.function_version),
            ("second", "/aws/lambda/second", "3")
        );
        ctx.env_config = config("first");
        let d = LambdaContext::from(&ctx);
        assert_eq!(&*d.function_name, "first");
        assert!(!Arc::ptr_eq(&a.function_name, &d.function_name));
    }

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
