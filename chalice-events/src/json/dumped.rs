//! [`DumpedJson`]: a JSON value read straight into the text Chalice writes
//! for it, with no `Value` in between.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::write::{write_str, Style};
use super::{into_text, write_python_float};

/// A JSON value held as the text Python's `json.dumps(value,
/// separators=(',', ':'))` writes for it, read in one pass.
///
/// A view that hands a JSON body back (in an echo, a proxy, a store that
/// keeps documents whole) pays for a `Value` it never looks into: a map for
/// every object, a `String` for every key and string, and a walk over all
/// of them to write it out again. Read as `DumpedJson`
/// ([`Request::json_body_as::<DumpedJson>()`](crate::Request::json_body_as)),
/// the body is written into its Python text as serde_json reads it, and
/// serializing it copies that text. The answer is byte for byte the one a
/// `Value` gives: the same numbers, the same escapes, keys in their order,
/// and a key given twice keeping its first place and its last value, as
/// in a Python dict.
///
/// ```
/// use chalice_events::json::{self, DumpedJson};
///
/// let text: DumpedJson = r#"{"name": "café", "n": 1E2, "n": 2, "tags": []}"#.parse()?;
/// assert_eq!(text.as_str(), r#"{"name":"caf\u00e9","n":2,"tags":[]}"#);
///
/// // Inside a response body, written as it is.
/// #[derive(serde::Serialize)]
/// struct Echo {
///     ok: bool,
///     json_body: DumpedJson,
/// }
/// let out = json::to_string(&Echo { ok: true, json_body: text })?;
/// assert_eq!(out, r#"{"ok":true,"json_body":{"name":"caf\u00e9","n":2,"tags":[]}}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Any serializer gets the text as JSON: serde_json's writers copy it as
/// they copy a `Box<RawValue>` (in either [`JsonStyle`](super::JsonStyle),
/// the text stays in Python's), and `serde_json::to_value` reads it into the
/// `Value` it stands for. Reading it from a deserializer other than
/// serde_json's works too, a value at a time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DumpedJson(String);

impl DumpedJson {
    /// The JSON text, in Python's style.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The JSON text, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The value the text stands for.
    ///
    /// ```
    /// let text: chalice_events::json::DumpedJson = "[1, 2.5]".parse()?;
    /// assert_eq!(text.to_value(), serde_json::json!([1, 2.5]));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn to_value(&self) -> Value {
        // The text was written from a value serde_json read, and reads back
        // as that value (Python's float text round-trips); `Null` is never
        // reached.
        serde_json::from_str(&self.0).unwrap_or(Value::Null)
    }

    /// The text of `value`, as [`dumps`](super::dumps) writes it.
    pub fn from_value(value: &Value) -> DumpedJson {
        DumpedJson(super::dumps(value))
    }
}

impl fmt::Display for DumpedJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for DumpedJson {
    type Err = serde_json::Error;

    /// Reads JSON text (`serde_json::from_str`'s errors, for the same text).
    fn from_str(s: &str) -> Result<DumpedJson, serde_json::Error> {
        serde_json::from_str(s)
    }
}

impl Serialize for DumpedJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        super::serialize_raw(&self.0, s)
    }
}

/// Any JSON value, as for a `serde_json::Value` (with the `schemars`
/// feature, which chalice-app turns on): a typed input `Json<DumpedJson>`
/// reads the body so, and the OpenAPI document says it takes any JSON.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for DumpedJson {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AnyValue".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Value as schemars::JsonSchema>::json_schema(generator)
    }
}

impl<'de> Deserialize<'de> for DumpedJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DumpedJson, D::Error> {
        let mut out = Transcoder::default();
        Read(&mut out).deserialize(d)?;
        Ok(DumpedJson(into_text(out.text)))
    }
}

/// What a read writes into: the text so far, and the keys of the objects
/// still open, where the text has them.
#[derive(Default)]
struct Transcoder {
    text: Vec<u8>,
    /// One entry per member of each open object, innermost last.
    members: Vec<Member>,
}

/// Where an object's member is in the text: its key (quotes included),
/// then a colon, then its value up to `end`.
#[derive(Clone, Copy)]
struct Member {
    key_start: usize,
    key_end: usize,
    end: usize,
}

/// Past this many members, an object's keys are also kept in a hash set,
/// so that finding a key given twice stays linear in the object's size.
const LINEAR_KEYS: usize = 16;

impl Transcoder {
    fn int(&mut self, v: impl itoa::Integer) {
        self.text
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }

    fn key(&self, member: &Member) -> &[u8] {
        self.text
            .get(member.key_start..member.key_end)
            .unwrap_or_default()
    }

    /// Rewrites the object whose text starts at `start` and whose members
    /// are `members[first..]`, one of whose keys came twice: each key once,
    /// where it first came, with the value it last had (Python's dict).
    fn merge_repeated_keys(&mut self, start: usize, first: usize) {
        let members = self.members.get(first..).unwrap_or_default();
        // Each key's first member, and its last.
        let mut kept: Vec<(Member, Member)> = Vec::with_capacity(members.len());
        let mut index: HashMap<&[u8], usize> = HashMap::with_capacity(members.len());
        for m in members {
            match index.get(self.key(m)) {
                Some(&i) => {
                    if let Some((_, last)) = kept.get_mut(i) {
                        *last = *m;
                    }
                }
                None => {
                    index.insert(self.key(m), kept.len());
                    kept.push((*m, *m));
                }
            }
        }
        let mut object = Vec::with_capacity(self.text.len() - start);
        object.push(b'{');
        for (i, (key, value)) in kept.iter().enumerate() {
            if i > 0 {
                object.push(b',');
            }
            object.extend_from_slice(self.key(key));
            // The colon, then the value.
            object.extend_from_slice(self.text.get(value.key_end..value.end).unwrap_or_default());
        }
        object.push(b'}');
        self.text.truncate(start);
        self.text.extend_from_slice(&object);
    }
}

/// Reads one value into the text.
struct Read<'t>(&'t mut Transcoder);

impl<'de> DeserializeSeed<'de> for Read<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Read<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        let word: &[u8] = if v { b"true" } else { b"false" };
        self.0.text.extend_from_slice(word);
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.int(v);
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.int(v);
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        // What a `Value` holding it writes: `null` for what JSON cannot
        // hold (serde_json reads none), Python's `repr` for the rest.
        if v.is_finite() {
            // Writing into a `Vec` cannot fail.
            let _ = write_python_float(&mut self.0.text, v);
        } else {
            self.0.text.extend_from_slice(b"null");
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_str(&mut self.0.text, v, Style::Python, false);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.text.extend_from_slice(b"null");
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.text.push(b'[');
        let mut first = true;
        loop {
            let mark = self.0.text.len();
            if !first {
                self.0.text.push(b',');
            }
            if seq.next_element_seed(Read(&mut *self.0))?.is_none() {
                // The comma written for an element that did not come.
                self.0.text.truncate(mark);
                break;
            }
            first = false;
        }
        self.0.text.push(b']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let t = self.0;
        let start = t.text.len();
        let first = t.members.len();
        t.text.push(b'{');
        let mut repeated = false;
        let mut hashed: Option<HashSet<Vec<u8>>> = None;
        loop {
            let mark = t.text.len();
            if t.members.len() > first {
                t.text.push(b',');
            }
            let key_start = t.text.len();
            if map.next_key_seed(Key(&mut *t))?.is_none() {
                t.text.truncate(mark);
                break;
            }
            let key_end = t.text.len();
            if !repeated {
                let key = t.text.get(key_start..key_end).unwrap_or_default();
                let count = t.members.len() - first;
                repeated = match &mut hashed {
                    Some(set) => !set.insert(key.to_vec()),
                    None => {
                        let seen = t
                            .members
                            .get(first..)
                            .unwrap_or_default()
                            .iter()
                            .any(|m| t.text.get(m.key_start..m.key_end) == Some(key));
                        if !seen && count + 1 > LINEAR_KEYS {
                            let mut set: HashSet<Vec<u8>> = t
                                .members
                                .get(first..)
                                .unwrap_or_default()
                                .iter()
                                .map(|m| t.key(m).to_vec())
                                .collect();
                            set.insert(key.to_vec());
                            hashed = Some(set);
                        }
                        seen
                    }
                };
            }
            t.text.push(b':');
            map.next_value_seed(Read(&mut *t))?;
            t.members.push(Member {
                key_start,
                key_end,
                end: t.text.len(),
            });
        }
        t.text.push(b'}');
        if repeated {
            t.merge_repeated_keys(start, first);
        }
        t.members.truncate(first);
        Ok(())
    }
}

/// Reads an object's key into the text, as a string.
struct Key<'t>(&'t mut Transcoder);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_str(&mut self.0.text, v, Style::Python, false);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// What the `Value` path writes for `text`: read, then `dumps`.
    fn through_value(text: &str) -> Result<String, String> {
        serde_json::from_str::<Value>(text)
            .map(|v| super::super::dumps(&v))
            .map_err(|e| e.to_string())
    }

    fn through_text(text: &str) -> Result<String, String> {
        text.parse::<DumpedJson>()
            .map(DumpedJson::into_string)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reads_as_a_value_writes() {
        let cases = [
            "null",
            "true",
            " [ 1 , -2, 3.0, 1e2, -0, -0.0, 1E-7, 18446744073709551615, -9223372036854775808 ] ",
            r#"{"a": {"b": [{}, [], ""]}, "c": "\u00e9\ud83d\ude00\u007f\n\"\\/"}"#,
            r#""é✓😀""#,
            "123456789012345678901234567890",
            r#"{"":""}"#,
            "[[[[[]]]]]",
        ];
        for text in cases {
            assert_eq!(through_text(text), through_value(text), "{text}");
        }
    }

    #[test]
    fn a_key_given_twice_keeps_its_first_place_and_its_last_value() {
        let text = r#"{"a": 1, "b": {"x": 1, "x": [2]}, "a": 3, "c": 4, "b": 5}"#;
        assert_eq!(through_text(text).unwrap(), r#"{"a":3,"b":5,"c":4}"#);
        assert_eq!(through_text(text), through_value(text));
        // Inside an object that has no repeated key of its own.
        let text = r#"[{"k": {"x": 1, "y": 2, "x": 3}, "j": 0}]"#;
        assert_eq!(
            through_text(text).unwrap(),
            r#"[{"k":{"x":3,"y":2},"j":0}]"#
        );
        // The same key, escaped two ways.
        let text = r#"{"é": 1, "\u00e9": 2}"#;
        assert_eq!(through_text(text).unwrap(), r#"{"\u00e9":2}"#);
    }

    #[test]
    fn large_objects_find_repeated_keys_too() {
        let mut members: Vec<String> = (0..100).map(|i| format!(r#""k{i}": {i}"#)).collect();
        members.push(r#""k7": "again""#.to_string());
        members.push(r#""k99": null"#.to_string());
        let text = format!("{{{}}}", members.join(","));
        let written = through_text(&text).unwrap();
        assert_eq!(Ok(written.clone()), through_value(&text));
        assert!(written.contains(r#""k7":"again","k8":8"#), "{written}");
        assert!(written.ends_with(r#""k99":null}"#), "{written}");
    }

    #[test]
    fn bad_text_gives_serde_json_s_error() {
        for text in [
            "",
            "{",
            "[1,]",
            r#"{"a" 1}"#,
            "nul",
            "1e400",
            "[1] x",
            r#""\ud800""#,
        ] {
            assert_eq!(through_text(text), through_value(text), "{text:?}");
            assert!(through_text(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn nesting_is_limited_as_for_a_value() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(through_text(&deep), through_value(&deep));
        assert!(through_text(&deep).is_err());
    }

    #[test]
    fn serializers_get_the_json_it_holds() {
        let text: DumpedJson = r#"{"a": [1, 2.5, "✓"]}"#.parse().unwrap();
        assert_eq!(
            serde_json::to_value(&text).unwrap(),
            json!({"a": [1, 2.5, "✓"]})
        );
        assert_eq!(text.to_value(), json!({"a": [1, 2.5, "✓"]}));
        assert_eq!(serde_json::to_string(&text).unwrap(), text.as_str());
        let doc = json!({"wrapped": "x"});
        assert_eq!(DumpedJson::from_value(&doc).as_str(), r#"{"wrapped":"x"}"#);
        // Read back from a `Value` (a deserializer other than text's).
        let again: DumpedJson = serde_json::from_value(json!({"b": [true, null, -1]})).unwrap();
        assert_eq!(again.as_str(), r#"{"b":[true,null,-1]}"#);
        assert_eq!(again.to_string(), again.as_str());
    }

    #[test]
    fn inside_a_proxy_body_it_is_the_text_of_a_string() {
        let text: DumpedJson = r#"{"q": "say \"hi\"", "u": "é"}"#.parse().unwrap();
        let mut out = Vec::new();
        super::super::write::write_in_string(&mut out, &(1, &text), Style::Python).unwrap();
        let outer: String = serde_json::from_slice(&out).unwrap();
        assert_eq!(outer, format!("[1,{}]", text.as_str()));
    }

    proptest! {
        /// Text with repeated keys: the members of a generated object
        /// written one by one, some names twice, pretty or compact.
        #[test]
        fn any_text_reads_as_through_a_value(
            // Few key names, so that keys repeat.
            value in crate::test_support::json_values("[a-c]{1}|[a-zé\"]{0,3}", 24),
            repeat in proptest::collection::vec(("[a-c]", any::<i64>()), 0..4),
            pretty in any::<bool>(),
        ) {
            let mut text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            if let Some(rest) = text.strip_prefix('{').map(str::to_string) {
                let extra: Vec<String> =
                    repeat.iter().map(|(k, v)| format!(r#""{k}": {v}, "#)).collect();
                text = if rest.trim() == "}" {
                    // `{"a": 1, }` is not JSON: close after the last one.
                    format!("{{{}}}", extra.concat().trim_end_matches(", "))
                } else {
                    format!("{{{}{}", extra.concat(), rest)
                };
            }
            prop_assert_eq!(through_text(&text), through_value(&text));
        }
    }
}
