//! Shared wire encodings: base64 bodies, Python's `unquote_plus`, JSON bodies.

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::Error;

/// Name of a JSON value's type, for error messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Python's `unquote_plus`: `+` is a space, then percent-escapes are decoded,
/// invalid UTF-8 replaced by U+FFFD. How Chalice reads S3 keys, and how query
/// strings are form-decoded. Borrows when there is nothing to decode.
///
/// ```
/// assert_eq!(chalice_events::unquote_plus("a+b%2Fc%E2%9C%93"), "a b/c✓");
/// ```
pub fn unquote_plus(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['+', '%']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let spaced = s.replace('+', " ");
    let decoded = percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy();
    std::borrow::Cow::Owned(decoded.into_owned())
}

/// Standard base64, padded or not, with ASCII whitespace ignored (AWS wraps
/// nothing, but hand-written test events sometimes do).
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    use base64::engine::{
        general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig,
    };
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    if text.bytes().any(|b| b.is_ascii_whitespace()) {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        LENIENT.decode(compact).map_err(|e| e.to_string())
    } else {
        LENIENT.decode(text).map_err(|e| e.to_string())
    }
}

/// Standard padded base64, as AWS writes it.
pub(crate) fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The map of a JSON object, or an empty map for any other value. Used once
/// validation has proven `value` to be an object, so the fallback never runs.
pub(crate) fn into_object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Parses a message or body as JSON into `T`. A failure is
/// [`Error::JsonBody`], which Chalice answers with `400 Error Parsing JSON`.
pub(crate) fn parse_json_body<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| Error::JsonBody {
        reason: e.to_string(),
    })
}

/// Parses bytes into a `Value`, reporting syntax errors against `event`.
pub(crate) fn parse_value(event: &'static str, bytes: &[u8]) -> Result<Value, Error> {
    crate::json::from_slice(bytes).map_err(|e| Error::syntax(event, &e))
}

/// Builds a JSON object from `(key, value)` pairs, keeping their order.
pub(crate) fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut map = Map::with_capacity(N);
    for (k, v) in pairs {
        map.insert(k.to_string(), v);
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_lenient_about_padding_and_whitespace_only() {
        assert_eq!(decode_base64("Zm9vYmFy").unwrap(), b"foobar");
        assert_eq!(decode_base64("Zm9vYg").unwrap(), b"foob");
        assert_eq!(decode_base64("Zm9v\nYmFy").unwrap(), b"foobar");
        assert!(decode_base64("Zm9v!").is_err());
    }
}
