//! Events kept as the JSON text they arrived as.
//!
//! Building a `serde_json::Value` of a whole event (an `IndexMap` per object,
//! an allocated `String` per key) costs more than everything else this crate
//! does with it. So the events read most (the `Records` envelopes and
//! `CloudWatchEvent`) keep their text instead ([`Raw`]), check it with a
//! typed pass that allocates nothing for the fields it skips ([`Fields`]),
//! note where in the text lie the strings their accessors return ([`Text`]),
//! and write the text back unchanged: lossless by construction. The `Map` is
//! built only when an accessor hands out part of it (`as_map()`,
//! `attributes()`, `detail()`), and kept from then on.
//!
//! The typed pass is a fast path, never the judge: it accepts only what
//! parsing a `Value` and the type's `check` accept, and when it refuses, the
//! caller takes the `Value` path, whose error (message, path, position) is
//! the one users have always seen.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};

use crate::Error;

/// How many arrays and objects `serde_json` lets nest in one document.
const MAX_DEPTH: usize = 127;

/// The JSON object of an event or record.
#[derive(Clone)]
pub(crate) enum Raw {
    /// Read from text: the text, and its object once something asked for it.
    Text {
        text: Box<RawValue>,
        map: OnceLock<Map<String, Value>>,
    },
    /// Given as a `Value` (`from_value`) or made by a builder.
    Map(Map<String, Value>),
}

impl Raw {
    pub(crate) fn from_text(text: Box<RawValue>) -> Self {
        Raw::Text {
            text,
            map: OnceLock::new(),
        }
    }

    /// The text the object was read from, if it was.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Raw::Text { text, .. } => Some(text.get()),
            Raw::Map(_) => None,
        }
    }

    /// The object, built from the text on first use.
    pub(crate) fn as_map(&self) -> &Map<String, Value> {
        match self {
            // The text was checked to be an object that parses; the fallback
            // never runs.
            Raw::Text { text, map } => {
                map.get_or_init(|| serde_json::from_str(text.get()).unwrap_or_default())
            }
            Raw::Map(map) => map,
        }
    }

    /// The object as a `Value`, without keeping a map built for the purpose.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Raw::Text { text, map } => match map.get() {
                Some(map) => Value::Object(map.clone()),
                None => {
                    serde_json::from_str(text.get()).unwrap_or_else(|_| Value::Object(Map::new()))
                }
            },
            Raw::Map(map) => Value::Object(map.clone()),
        }
    }

    /// The string a field of the fast pass located, `""` when absent.
    pub(crate) fn str<'a>(&'a self, text: &'a Option<Text>) -> &'a str {
        text.as_ref().map_or("", |t| t.get(self))
    }
}

/// Equal when the JSON is, however it is formatted.
impl PartialEq for Raw {
    fn eq(&self, other: &Self) -> bool {
        if let (Some(a), Some(b)) = (self.text(), other.text()) {
            if a == b {
                return true;
            }
        }
        self.as_map() == other.as_map()
    }
}

/// As the map, which is what the event types showed before they kept text.
impl fmt::Debug for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_map().fmt(f)
    }
}

impl Serialize for Raw {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Raw::Text { text, .. } if writes_compact_json::<S>() => text.serialize(s),
            _ => self.as_map().serialize(s),
        }
    }
}

/// Whether `S` is `serde_json`'s compact writer (`to_vec`, `to_string`,
/// `to_writer`), the one serializer that copies a `RawValue`'s text as it is.
///
/// Any other serializer gets the map: a `RawValue` reaches it as a struct
/// named `$serde_json::private::RawValue` (insta's and YAML's serializers
/// would write that), and pretty JSON would hold the original formatting
/// inside its own. The name is only a hint: if a compiler ever spells it
/// otherwise, the map is written, equal and slower.
fn writes_compact_json<S>() -> bool {
    // `&mut serde_json::ser::Serializer<W>`, the formatter left out when it
    // is the default (`CompactFormatter`).
    let name = std::any::type_name::<S>();
    name.starts_with("&mut serde_json::ser::Serializer<")
        && (name.ends_with(", serde_json::ser::CompactFormatter>") || !name.contains("Formatter"))
}

/// A string that an accessor returns: where it lies in the text of its
/// [`Raw`] when it holds no escape, a copy otherwise.
#[derive(Debug, Clone)]
pub(crate) enum Text {
    Span { start: usize, end: usize },
    Owned(Box<str>),
}

impl Text {
    /// Locates `s` in `base` when it was borrowed from it, or copies it.
    fn new(s: Cow<'_, str>, base: Option<&str>) -> Self {
        if let (Cow::Borrowed(s), Some(base)) = (&s, base) {
            let start = (s.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
            if start <= base.len() && base.len() - start >= s.len() {
                return Text::Span {
                    start,
                    end: start + s.len(),
                };
            }
        }
        Text::Owned(s.into_owned().into_boxed_str())
    }

    pub(crate) fn get<'a>(&'a self, raw: &'a Raw) -> &'a str {
        match raw.text() {
            Some(text) => self.get_in(text),
            None => self.get_in(""),
        }
    }

    /// The string, when the text it was read from is `text` (for types that
    /// keep their text without a [`Raw`]).
    pub(crate) fn get_in<'a>(&'a self, text: &'a str) -> &'a str {
        match self {
            Text::Span { start, end } => text.get(*start..*end).unwrap_or(""),
            Text::Owned(s) => s,
        }
    }
}

/// The fields one object type keeps for its accessors, read by [`Object`].
pub(crate) trait Fields: Default {
    /// Reads the value of `key` when it is a field this type checks or keeps
    /// (`Ok(true)`); `Ok(false)` for the others, which [`Object`] skips.
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        cx: Cx<'_>,
    ) -> Result<bool, A::Error>;

    /// Whether every field the type requires was there.
    fn complete(&self) -> bool;
}

/// What reading a value needs to know: the text it comes from (`None` when
/// it comes from a `Value`), and how many more arrays and objects may nest
/// in it (`None` for a `Value`, which needs no such check).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cx<'b> {
    base: Option<&'b str>,
    depth: Option<usize>,
}

impl<'b> Cx<'b> {
    /// Into one more array or object: `serde_json` refuses to parse a
    /// document nested deeper than [`MAX_DEPTH`], and a record's text is
    /// parsed on its own, so the record's own depth must be counted here.
    fn enter<E: de::Error>(self) -> Result<Self, E> {
        match self.depth {
            None => Ok(self),
            Some(0) => Err(E::custom("recursion limit exceeded")),
            Some(n) => Ok(Cx {
                depth: Some(n - 1),
                ..self
            }),
        }
    }

    /// A string read from the text this context reads.
    pub(crate) fn text(self, s: Cow<'_, str>) -> Text {
        Text::new(s, self.base)
    }

    /// A field that must be a string.
    pub(crate) fn str<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<Text, A::Error> {
        Ok(Text::new(map.next_value::<Str<'de>>()?.0, self.base))
    }

    /// A field that may be `null`, and otherwise must be a string.
    pub(crate) fn opt_str<'de, A: MapAccess<'de>>(
        self,
        map: &mut A,
    ) -> Result<Option<Text>, A::Error> {
        Ok(map
            .next_value::<Option<Str<'de>>>()?
            .map(|s| Text::new(s.0, self.base)))
    }

    /// A field of any type, kept when it is a string.
    pub(crate) fn any_str<'de, A: MapAccess<'de>>(
        self,
        map: &mut A,
    ) -> Result<Option<Text>, A::Error> {
        let s = map.next_value_seed(AnyStr(self))?;
        Ok(s.map(|s| Text::new(s, self.base)))
    }

    /// A field of any type.
    pub(crate) fn any<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<(), A::Error> {
        map.next_value_seed(Skip(self))
    }

    /// A field that must be an object, read as `F`.
    pub(crate) fn object<'de, F: Fields, A: MapAccess<'de>>(
        self,
        map: &mut A,
    ) -> Result<F, A::Error> {
        map.next_value_seed(Object::<F>::new(self))
    }

    /// A field that may be `null`, and otherwise must be an object.
    pub(crate) fn opt_object<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<(), A::Error> {
        map.next_value_seed(OptObject(self))
    }

    /// A field that must be an array of strings.
    pub(crate) fn str_list<'de, A: MapAccess<'de>>(
        self,
        map: &mut A,
    ) -> Result<Vec<Text>, A::Error> {
        map.next_value_seed(StrList(self))
    }

    /// A field that must be a number.
    pub(crate) fn number<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<Number, A::Error> {
        map.next_value()
    }

    /// A field that may be `null`, and otherwise must be a number.
    pub(crate) fn opt_number<'de, A: MapAccess<'de>>(
        self,
        map: &mut A,
    ) -> Result<Option<Number>, A::Error> {
        map.next_value()
    }
}

/// Reads the fields `F` of the object whose text is `text`, found `depth`
/// arrays and objects deep in its document (0 for a whole document). `None`
/// when the text is not an object of that type, or would not parse as a
/// `Value` where it is.
pub(crate) fn read_text<F: Fields>(text: &str, depth: usize) -> Option<F> {
    let cx = Cx {
        base: Some(text),
        depth: Some(MAX_DEPTH.checked_sub(depth)?),
    };
    Object::<F>::new(cx)
        .deserialize(&mut serde_json::Deserializer::from_str(text))
        .ok()
}

/// Reads a whole document, `text`, that is one object of fields `F`, in
/// one pass (no `RawValue` pass first to find where it ends: the typed pass
/// checks the text as strictly, and then that nothing but whitespace follows).
pub(crate) fn read_whole<F: Fields>(text: &str) -> Option<F> {
    let cx = Cx {
        base: Some(text),
        depth: Some(MAX_DEPTH),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let fields = Object::<F>::new(cx).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(fields)
}

/// Reads the fields `F` of an object given as a map. `None` when it is not
/// an object of that type.
pub(crate) fn read_map<F: Fields>(map: &Map<String, Value>) -> Option<F> {
    let cx = Cx {
        base: None,
        depth: None,
    };
    Object::<F>::new(cx).deserialize(map).ok()
}

/// Reads a whole document that is one object of fields `F`: its text and
/// fields, or `None` when the fast path does not accept it.
pub(crate) fn read_document<F: Fields>(bytes: &[u8]) -> Option<(Raw, F)> {
    let text: &RawValue = serde_json::from_slice(bytes).ok()?;
    let fields = read_text(text.get(), 0)?;
    Some((Raw::from_text(text.to_owned()), fields))
}

/// `Deserialize` for a type kept as text: `fast` reads the text when the
/// deserializer can give it; otherwise, or when `fast` refuses, the `Value`
/// goes to `slow`, and its error (or `serde_json`'s) is the one reported,
/// exactly as when these types were read through a `Value`.
pub(crate) fn deserialize<'de, D, T>(
    d: D,
    fast: impl FnOnce(&[u8]) -> Option<T>,
    slow: impl FnOnce(Value) -> Result<T, Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = match Captured::deserialize(d)? {
        Captured::Text(text) => text,
        Captured::Value(value) => return slow(value).map_err(de::Error::custom),
    };
    if let Some(found) = fast(text.as_bytes()) {
        return Ok(found);
    }
    let value: Value = serde_json::from_str(&text).map_err(de::Error::custom)?;
    slow(value).map_err(de::Error::custom)
}

/// The name under which `serde_json`'s deserializers hand out a value's
/// text (`serde_json::value::RawValue` asks for it the same way). Were it to
/// change, `Captured` would get the `Value` instead: slower, still right.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A value as text when the deserializer is `serde_json`'s, otherwise as a
/// `Value` (for instance inside an untagged enum, through serde's buffer).
enum Captured<'de> {
    Text(Cow<'de, str>),
    Value(Value),
}

impl<'de> Deserialize<'de> for Captured<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(RAW_VALUE_TOKEN, CapturedVisitor)
    }
}

struct CapturedVisitor;

impl<'de> Visitor<'de> for CapturedVisitor {
    type Value = Captured<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Value::deserialize(d).map(Captured::Value)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some(first) = map.next_key::<Str<'de>>()? else {
            return Ok(Captured::Value(Value::Object(Map::new())));
        };
        if first.0 == RAW_VALUE_TOKEN {
            return Ok(Captured::Text(map.next_value::<Str<'de>>()?.0));
        }
        // A deserializer that answers a newtype struct with its content.
        let mut out = Map::new();
        out.insert(first.0.into_owned(), map.next_value()?);
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            out.insert(k, v);
        }
        Ok(Captured::Value(Value::Object(out)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Captured::Value)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Captured::Value(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Captured::Value(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Captured::Value(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Captured::Value(
            Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Captured::Value(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Captured::Value(Value::String(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Captured::Value(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Captured::Value(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Value::deserialize(d).map(Captured::Value)
    }
}

/// A JSON string, borrowed from the input when it holds no escape.
pub(crate) struct Str<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor)
    }
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Str<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Str(Cow::Owned(v)))
    }
}

/// Skips any value. From text it is still parsed in full (strings, numbers,
/// nesting), as strictly as parsing a `Value` would, since a text the fast
/// path accepts must parse later; a `Value` needs no such check.
struct Skip<'b>(Cx<'b>);

impl<'de> DeserializeSeed<'de> for Skip<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.0.depth {
            None => d.deserialize_ignored_any(IgnoredAny).map(|_| ()),
            Some(_) => d.deserialize_any(self),
        }
    }
}

impl<'de> Visitor<'de> for Skip<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let cx = self.0.enter()?;
        while seq.next_element_seed(Skip(cx))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let cx = self.0.enter()?;
        while map.next_key_seed(Skip(cx))?.is_some() {
            map.next_value_seed(Skip(cx))?;
        }
        Ok(())
    }
}

/// Reads an object (never an array, which a derived struct would take) into
/// fields `F`, skipping the fields `F` does not read, and refuses it when a
/// required field is missing.
pub(crate) struct Object<'b, F>(Cx<'b>, PhantomData<F>);

impl<'b, F> Object<'b, F> {
    fn new(cx: Cx<'b>) -> Self {
        Object(cx, PhantomData)
    }
}

impl<'de, F: Fields> DeserializeSeed<'de> for Object<'_, F> {
    type Value = F;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<F, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: Fields> Visitor<'de> for Object<'_, F> {
    type Value = F;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F, A::Error> {
        let cx = self.0.enter()?;
        // A key given twice is read twice: the last one wins, as in a `Value`.
        let mut fields = F::default();
        while let Some(key) = map.next_key::<Str<'de>>()? {
            if !fields.read(&key.0, &mut map, cx)? {
                map.next_value_seed(Skip(cx))?;
            }
        }
        if !fields.complete() {
            return Err(de::Error::custom("missing field"));
        }
        Ok(fields)
    }
}

/// Nothing to keep: an object whose fields are only skipped.
#[derive(Default)]
struct AnyFields;

impl Fields for AnyFields {
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        _: &str,
        _: &mut A,
        _: Cx<'_>,
    ) -> Result<bool, A::Error> {
        Ok(false)
    }

    fn complete(&self) -> bool {
        true
    }
}

/// `null` or an object.
struct OptObject<'b>(Cx<'b>);

impl<'de> DeserializeSeed<'de> for OptObject<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptObject<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        Object::<AnyFields>::new(self.0).deserialize(d).map(|_| ())
    }
}

/// Any value, kept when it is a string.
struct AnyStr<'b>(Cx<'b>);

impl<'de> DeserializeSeed<'de> for AnyStr<'_> {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyStr<'_> {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Skip(self.0).visit_seq(seq).map(|()| None)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Skip(self.0).visit_map(map).map(|()| None)
    }
}

/// An array of strings.
struct StrList<'b>(Cx<'b>);

impl<'de> DeserializeSeed<'de> for StrList<'_> {
    type Value = Vec<Text>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Text>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for StrList<'_> {
    type Value = Vec<Text>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of strings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Text>, A::Error> {
        let cx = self.0.enter()?;
        let mut out = Vec::new();
        while let Some(s) = seq.next_element::<Str<'de>>()? {
            out.push(Text::new(s.0, cx.base));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Default, Debug)]
    struct Probe {
        name: Option<Text>,
    }

    impl Fields for Probe {
        fn read<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
            cx: Cx<'_>,
        ) -> Result<bool, A::Error> {
            match key {
                "name" => self.name = Some(cx.str(map)?),
                _ => return Ok(false),
            }
            Ok(true)
        }

        fn complete(&self) -> bool {
            self.name.is_some()
        }
    }

    #[test]
    fn strings_without_escapes_are_located_not_copied() {
        let (raw, probe) = read_document::<Probe>(br#" {"x": [1], "name": "abc"} "#).unwrap();
        assert!(matches!(probe.name, Some(Text::Span { .. })));
        assert_eq!(raw.str(&probe.name), "abc");
        let (raw, probe) = read_document::<Probe>(br#"{"name": "a\"b"}"#).unwrap();
        assert!(matches!(probe.name, Some(Text::Owned(_))));
        assert_eq!(raw.str(&probe.name), "a\"b");
    }

    #[test]
    fn the_fast_path_refuses_what_a_value_would_not_parse() {
        // `serde_json` skips these without a look when it only captures text.
        let deep = format!("{}{}", "[".repeat(126), "]".repeat(126));
        let ok = format!(r#"{{"name": "n", "x": {deep}}}"#);
        assert!(serde_json::from_str::<Value>(&ok).is_ok());
        assert!(read_document::<Probe>(ok.as_bytes()).is_some());
        let too_deep = format!(r#"{{"name": "n", "x": [{deep}]}}"#);
        assert!(serde_json::from_str::<Value>(&too_deep).is_err());
        assert!(read_document::<Probe>(too_deep.as_bytes()).is_none());
        for bad in [
            r#"{"name": "n", "x": 1e400}"#,
            r#"{"name": "n", "x": "\udc00"}"#,
            r#"{"name": "n", "\ud800": 1}"#,
            r#"{"name": "n"} x"#,
            r#"{"name": 1}"#,
            r#"{"x": "name"}"#,
            r#"["n"]"#,
        ] {
            assert!(read_document::<Probe>(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn maps_are_read_without_text() {
        let map = json!({"name": "abc", "other": {"deep": [1]}});
        let probe = read_map::<Probe>(map.as_object().unwrap()).unwrap();
        let raw = Raw::Map(map.as_object().unwrap().clone());
        assert_eq!(raw.str(&probe.name), "abc");
        assert!(read_map::<Probe>(json!({"name": null}).as_object().unwrap()).is_none());
    }

    #[test]
    fn only_compact_serde_json_gets_the_text() {
        let text = "{\"a\": [1,  2]}";
        let raw = Raw::from_text(RawValue::from_string(text.to_string()).unwrap());
        assert_eq!(serde_json::to_string(&raw).unwrap(), text);
        assert_eq!(serde_json::to_value(&raw).unwrap(), json!({"a": [1, 2]}));
        assert_eq!(
            serde_json::to_string_pretty(&raw).unwrap(),
            "{\n  \"a\": [\n    1,\n    2\n  ]\n}"
        );
        assert_eq!(
            raw,
            Raw::Map(json!({"a": [1, 2]}).as_object().unwrap().clone())
        );
    }

    #[test]
    fn deserializers_without_text_give_the_value() {
        #[derive(Debug, PartialEq)]
        struct Doc(Value);
        impl<'de> Deserialize<'de> for Doc {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize(
                    d,
                    |bytes| serde_json::from_slice(bytes).ok().map(Doc),
                    |v| Ok(Doc(v)),
                )
            }
        }
        #[derive(Debug, PartialEq, Deserialize)]
        #[serde(untagged)]
        enum Either {
            Num(u8),
            Doc(Doc),
        }
        let v = json!({"a": [1, {"b": null}]});
        assert_eq!(
            serde_json::from_str::<Either>(&v.to_string()).unwrap(),
            Either::Doc(Doc(v.clone()))
        );
        assert_eq!(
            serde_json::from_value::<Doc>(v.clone()).unwrap(),
            Doc(v.clone())
        );
        assert_eq!(serde_json::from_str::<Doc>(&v.to_string()).unwrap(), Doc(v));
    }
}
