//! Shared reading of raw JSON: validation with precise error paths, and the
//! infallible lookups that accessors use once a value has been validated.
//!
//! Every event keeps the JSON it was parsed from and answers its accessors by
//! looking into it. Validation at construction guarantees that the lookups an
//! accessor makes succeed; the lookups still fall back to an empty value rather
//! than panic, so a bug here can never crash a handler.

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

/// A validated view of one JSON object inside an event, with the path that
/// leads to it (used only when something is wrong).
#[derive(Debug, Clone)]
pub(crate) struct Obj<'a> {
    pub(crate) event: &'static str,
    pub(crate) path: String,
    pub(crate) map: &'a Map<String, Value>,
}

impl<'a> Obj<'a> {
    /// The top-level object of an event.
    pub(crate) fn root(event: &'static str, value: &'a Value) -> Result<Self, Error> {
        match value {
            Value::Object(map) => Ok(Obj {
                event,
                path: String::new(),
                map,
            }),
            other => Err(Error::WrongType {
                event,
                path: "$".to_string(),
                expected: "an object",
                found: type_name(other),
            }),
        }
    }

    pub(crate) fn field_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{}", self.path, key)
        }
    }

    fn missing(&self, key: &str) -> Error {
        Error::MissingField {
            event: self.event,
            path: self.field_path(key),
        }
    }

    pub(crate) fn wrong(&self, key: &str, expected: &'static str, found: &Value) -> Error {
        Error::WrongType {
            event: self.event,
            path: self.field_path(key),
            expected,
            found: type_name(found),
        }
    }

    /// The raw value of a field that must be present (any type, `null` included).
    pub(crate) fn any(&self, key: &str) -> Result<&'a Value, Error> {
        self.map.get(key).ok_or_else(|| self.missing(key))
    }

    /// A field that must be a string.
    pub(crate) fn str(&self, key: &str) -> Result<&'a str, Error> {
        match self.any(key)? {
            Value::String(s) => Ok(s),
            other => Err(self.wrong(key, "a string", other)),
        }
    }

    /// A field that may be absent or `null`, and otherwise must be a string.
    pub(crate) fn opt_str(&self, key: &str) -> Result<Option<&'a str>, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong(key, "a string", other)),
        }
    }

    /// A field that must be a number.
    pub(crate) fn number(&self, key: &str) -> Result<&'a serde_json::Number, Error> {
        match self.any(key)? {
            Value::Number(n) => Ok(n),
            other => Err(self.wrong(key, "a number", other)),
        }
    }

    /// A field that may be absent or `null`, and otherwise must be a number.
    pub(crate) fn opt_number(&self, key: &str) -> Result<Option<&'a serde_json::Number>, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(n)),
            Some(other) => Err(self.wrong(key, "a number", other)),
        }
    }

    /// A field that may be absent or `null`, and otherwise must be a boolean.
    pub(crate) fn opt_bool(&self, key: &str) -> Result<Option<bool>, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong(key, "a boolean", other)),
        }
    }

    /// A field that must be an object.
    pub(crate) fn obj(&self, key: &str) -> Result<Obj<'a>, Error> {
        match self.any(key)? {
            Value::Object(map) => Ok(Obj {
                event: self.event,
                path: self.field_path(key),
                map,
            }),
            other => Err(self.wrong(key, "an object", other)),
        }
    }

    /// A field that may be absent or `null`, and otherwise must be an object.
    pub(crate) fn opt_obj(&self, key: &str) -> Result<Option<Obj<'a>>, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Obj {
                event: self.event,
                path: self.field_path(key),
                map,
            })),
            Some(other) => Err(self.wrong(key, "an object", other)),
        }
    }

    /// A field that must be an array.
    pub(crate) fn array(&self, key: &str) -> Result<&'a [Value], Error> {
        match self.any(key)? {
            Value::Array(items) => Ok(items),
            other => Err(self.wrong(key, "an array", other)),
        }
    }

    /// Element `index` of an array field, which must be an object.
    pub(crate) fn item(&self, key: &str, index: usize, value: &'a Value) -> Result<Obj<'a>, Error> {
        let path = format!("{}[{}]", self.field_path(key), index);
        match value {
            Value::Object(map) => Ok(Obj {
                event: self.event,
                path,
                map,
            }),
            other => Err(Error::WrongType {
                event: self.event,
                path,
                expected: "an object",
                found: type_name(other),
            }),
        }
    }

    /// A field that may be absent or `null`, and otherwise must be an object
    /// whose values are all strings (headers, path parameters, ...).
    pub(crate) fn opt_str_map(&self, key: &str) -> Result<Option<&'a Map<String, Value>>, Error> {
        let Some(obj) = self.opt_obj(key)? else {
            return Ok(None);
        };
        for (k, v) in obj.map {
            if !v.is_string() {
                return Err(obj.wrong(k, "a string", v));
            }
        }
        Ok(Some(obj.map))
    }

    /// A field that may be absent or `null`, and otherwise must be an object
    /// whose values are arrays of strings (multi-value headers and queries).
    pub(crate) fn opt_str_list_map(
        &self,
        key: &str,
    ) -> Result<Option<&'a Map<String, Value>>, Error> {
        let Some(obj) = self.opt_obj(key)? else {
            return Ok(None);
        };
        for (k, v) in obj.map {
            let Value::Array(items) = v else {
                return Err(obj.wrong(k, "an array of strings", v));
            };
            for (i, item) in items.iter().enumerate() {
                if !item.is_string() {
                    return Err(Error::WrongType {
                        event: self.event,
                        path: format!("{}[{}]", obj.field_path(k), i),
                        expected: "a string",
                        found: type_name(item),
                    });
                }
            }
        }
        Ok(Some(obj.map))
    }

    /// A base64 string field, decoded (used to validate bodies and record data).
    pub(crate) fn base64(&self, key: &str, text: &str) -> Result<Vec<u8>, Error> {
        decode_base64(text).map_err(|reason| Error::InvalidBase64 {
            event: self.event,
            path: self.field_path(key),
            reason,
        })
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

/// Follows `keys` through nested objects. `None` when any step is missing.
pub(crate) fn lookup<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().try_fold(value, |v, k| v.as_object()?.get(*k))
}

/// The string at `keys`, or `""` when it is absent or not a string. Only used
/// for fields that validation has already proven to be strings.
pub(crate) fn str_at<'a>(value: &'a Value, keys: &[&str]) -> &'a str {
    lookup(value, keys).and_then(Value::as_str).unwrap_or("")
}

/// The string at `keys`, or `None` when it is absent, `null` or not a string.
pub(crate) fn opt_str_at<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a str> {
    lookup(value, keys).and_then(Value::as_str)
}

/// The value at `keys`, or JSON `null` when absent.
pub(crate) fn value_at<'a>(value: &'a Value, keys: &[&str]) -> &'a Value {
    const NULL: Value = Value::Null;
    lookup(value, keys).unwrap_or(&NULL)
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
    serde_json::from_slice(bytes).map_err(|e| Error::syntax(event, &e))
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
    use serde_json::json;

    #[test]
    fn errors_name_the_full_path() {
        let v = json!({"Records": [{"s3": {"bucket": {"name": 5}}}]});
        let root = Obj::root("S3Event", &v).unwrap();
        let records = root.array("Records").unwrap();
        let rec = root.item("Records", 0, &records[0]).unwrap();
        let err = rec
            .obj("s3")
            .unwrap()
            .obj("bucket")
            .unwrap()
            .str("name")
            .unwrap_err();
        assert_eq!(err.path(), Some("Records[0].s3.bucket.name"));
        assert_eq!(
            err.to_string(),
            "S3Event: field `Records[0].s3.bucket.name` should be a string, found a number"
        );
    }

    #[test]
    fn optional_fields_accept_null_and_absence_only() {
        let v = json!({"a": null, "b": "x", "c": 1});
        let root = Obj::root("E", &v).unwrap();
        assert_eq!(root.opt_str("a").unwrap(), None);
        assert_eq!(root.opt_str("missing").unwrap(), None);
        assert_eq!(root.opt_str("b").unwrap(), Some("x"));
        assert!(root.opt_str("c").is_err());
    }

    #[test]
    fn base64_is_lenient_about_padding_and_whitespace_only() {
        assert_eq!(decode_base64("Zm9vYmFy").unwrap(), b"foobar");
        assert_eq!(decode_base64("Zm9vYg").unwrap(), b"foob");
        assert_eq!(decode_base64("Zm9v\nYmFy").unwrap(), b"foobar");
        assert!(decode_base64("Zm9v!").is_err());
    }

    #[test]
    fn lookups_never_panic_on_wrong_shapes() {
        let v = json!({"a": [1, 2], "b": {"c": "d"}});
        assert_eq!(str_at(&v, &["a", "c"]), "");
        assert_eq!(str_at(&v, &["b", "c"]), "d");
        assert_eq!(value_at(&v, &["zzz"]), &Value::Null);
    }
}
