//! JSON text exactly as Chalice writes response bodies.
//!
//! Chalice encodes every body that is not text or bytes with Python's
//! `json.dumps(body, separators=(',', ':'))`. That differs from serde_json's
//! output on three points, all of which a client can observe:
//!
//! | | Python (Chalice) | serde_json |
//! |---|---|---|
//! | non-ASCII text | `"\u2713"` (`ensure_ascii`) | `"✓"` |
//! | U+007F | `"\u007f"` | raw byte |
//! | floats | `1.0`, `1e-05`, `1e+16` (`repr`) | `1.0`, `1e-5`, `1e16` |
//!
//! [`dumps`] reproduces Python's text byte for byte for every `Value`; keys keep
//! the map's order (the workspace enables serde_json's `preserve_order`, so that
//! is insertion order, as in a Python dict).
//!
//! ```
//! use serde_json::json;
//!
//! let body = json!({"k": "✓", "n": 1.0, "small": 0.00001, "big": 1e16, "i": 3});
//! assert_eq!(
//!     chalice_events::json::dumps(&body),
//!     r#"{"k":"\u2713","n":1.0,"small":1e-05,"big":1e+16,"i":3}"#
//! );
//! ```
//!
//! [`json!`](crate::json::json!) builds a `Value` with `serde_json::json!`'s
//! syntax, but moves an interpolated `Value` (a parsed request body, say)
//! into place where serde_json's macro serializes it into a copy.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::ser::Formatter;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::Error;

mod dumped;
#[doc(hidden)]
pub mod macros;
pub(crate) mod write;

pub use dumped::DumpedJson;
pub(crate) use write::Style;

#[doc(inline)]
pub use crate::__json_moving as json;

/// `serde_json::from_slice`, faster on bytes that are UTF-8 (a request
/// body, almost always): those are read as text, after one check of all of
/// them, where serde_json would check each string it reads again. Any other
/// bytes go to `serde_json::from_slice`, so the value, or the error, is
/// always the one it gives.
///
/// ```
/// let page: Vec<u32> = chalice_events::json::from_slice(b"[1, 2]")?;
/// assert_eq!(page, [1, 2]);
/// let err = chalice_events::json::from_slice::<String>(b"\"\xff\"").unwrap_err();
/// assert_eq!(err.to_string(), "invalid unicode code point at line 1 column 2");
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
///
/// `serde_json::from_slice`'s, when the bytes are not JSON of the shape of `T`.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// [`from_slice`] into a `Value`. Not generic, so it is compiled once, in
/// this crate: a crate that calls `from_slice::<Value>` or
/// `serde_json::from_str::<Value>` itself gets its own copy of serde_json's
/// reader (each crate compiles the generic code it uses), about 20 KiB of
/// machine code that this function shares.
///
/// ```
/// use serde_json::json;
///
/// let value = chalice_events::json::value_from_slice(br#"{"a": [1, 2.5]}"#)?;
/// assert_eq!(value, json!({"a": [1, 2.5]}));
/// assert!(chalice_events::json::value_from_slice(b"[1,").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
///
/// `serde_json::from_slice`'s, when the bytes are not JSON.
pub fn value_from_slice(bytes: &[u8]) -> serde_json::Result<Value> {
    from_slice(bytes)
}

/// `serde_json::from_str::<Value>`, compiled once, in this crate (see
/// [`value_from_slice`]).
///
/// ```
/// let value = chalice_events::json::value_from_str("[true, null]")?;
/// assert_eq!(value, serde_json::json!([true, null]));
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
///
/// `serde_json::from_str`'s, when the text is not JSON.
pub fn value_from_str(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str(text)
}

/// Python's `json.dumps(value, separators=(',', ':'))` (with the default
/// `ensure_ascii=True`) for a JSON value.
///
/// Compact separators, keys in map order, every character outside printable
/// ASCII written as `\uXXXX` with lowercase hex (characters beyond the Basic
/// Multilingual Plane as a surrogate pair), floats as Python's `repr` writes
/// them, integers unchanged.
///
/// ```
/// use serde_json::json;
/// use chalice_events::json::dumps;
///
/// assert_eq!(dumps(&json!({"foo": "bar"})), r#"{"foo":"bar"}"#);
/// assert_eq!(dumps(&json!("😀")), r#""\ud83d\ude00""#);
/// assert_eq!(dumps(&json!([0.1, 100.0, -0.0])), "[0.1,100.0,-0.0]");
/// assert_eq!(dumps(&serde_json::Value::Null), "null");
/// ```
pub fn dumps(value: &Value) -> String {
    value_text(value, Style::Python)
}

/// `value` as JSON text in `style`, by the fast writer (serde_json writes a
/// number held as text, with its `arbitrary_precision` feature).
///
/// Not `Value`'s `Display`, which compiles a writer of its own (and a pretty
/// printer) into every binary that calls it. Writing a `Value` cannot fail:
/// there is no I/O error to meet and every map key is already a string; the
/// empty text stands in for an answer serde_json would have to refuse for
/// its own value, rather than a panic.
pub(crate) fn value_text(value: &Value, style: Style) -> String {
    written(value, style, false).unwrap_or_default()
}

/// Like [`dumps`], for any serializable value, without building a `Value` first.
///
/// Struct fields come out in declaration order, as they would from a Python
/// dict built in that order. Non-finite floats become `null` (serde_json's
/// rule; Python would write the invalid literals `NaN` and `Infinity`).
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Item { name: &'static str, price: f64 }
///
/// let text = chalice_events::json::to_string(&Item { name: "café", price: 3.0 })?;
/// assert_eq!(text, r#"{"name":"caf\u00e9","price":3.0}"#);
/// # Ok::<(), chalice_events::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] when the value's `Serialize` implementation
/// fails, or it is a map whose keys are not strings or numbers.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    to_string_in(value, Style::Python)
}

/// `value` as JSON text in `style`, by the fast writer; a value holding raw
/// JSON text (`Box<RawValue>`) through serde_json, which alone can write it.
pub(crate) fn to_string_in<T: Serialize + ?Sized>(
    value: &T,
    style: Style,
) -> Result<String, Error> {
    written(value, style, false)
}

/// `value` as JSON text in `style`, written as the JSON string that holds
/// that text (quotes included) in serde_json's style: what a proxy response
/// carries as its `body`, in one pass.
pub(crate) fn to_string_literal_in<T: Serialize + ?Sized>(
    value: &T,
    style: Style,
) -> Result<String, Error> {
    written(value, style, true)
}

/// `value` in serde_json's style, with `text` where it serializes
/// [`write::Verbatim`], into a buffer of `capacity` bytes to start with.
pub(crate) fn to_string_with_verbatim<T: Serialize + ?Sized>(
    value: &T,
    text: Option<&str>,
    capacity: usize,
) -> Result<String, Error> {
    // No fallback to serde_json here (the values written so hold no raw
    // JSON): it would build a second writer for them.
    let mut out = Vec::with_capacity(capacity);
    match write::write_with_verbatim(&mut out, value, text) {
        Ok(()) => Ok(into_text(out)),
        Err(e) => Err(refused(e.to_string())),
    }
}

/// The length of the last text [`written`] wrote.
///
/// Where the next one starts: a function answers alike from one invocation
/// to the next, and a buffer grown from a small start to the few kilobytes
/// of an answer is copied at each doubling (five times for a batch of ten
/// SQS records answered back). At most [`MOST_AHEAD`], so that one large
/// text does not make every later one take a large block.
static LAST_WRITTEN: AtomicUsize = AtomicUsize::new(0);

/// The least room [`written`] starts with.
const LEAST_AHEAD: usize = 128;

/// The most room [`written`] starts with.
const MOST_AHEAD: usize = 64 << 10;

/// The room to start writing in: the last text's length and a little more
/// (the writer asks for room ahead of what it writes).
fn room_ahead() -> usize {
    let last = LAST_WRITTEN.load(Ordering::Relaxed);
    (last + last / 8 + 64).clamp(LEAST_AHEAD, MOST_AHEAD)
}

/// Notes the length of a text written, and gives back the room it did not
/// use when that is most of it: the text may be kept long after, and a
/// short one should not hold the room of a long one before it.
fn settle(out: &mut Vec<u8>) {
    LAST_WRITTEN.store(out.len(), Ordering::Relaxed);
    if out.capacity() > 2 * out.len() + LEAST_AHEAD {
        out.shrink_to_fit();
    }
}

/// `value` as text, or (`in_string`) as the JSON string that holds it.
fn written<T: Serialize + ?Sized>(
    value: &T,
    style: Style,
    in_string: bool,
) -> Result<String, Error> {
    let mut out = Vec::with_capacity(room_ahead());
    let fast = if in_string {
        write::write_in_string(&mut out, value, style)
    } else {
        write::write(&mut out, value, style)
    };
    let failure = match fast {
        Ok(()) => None,
        Err(write::WriteError::Unsupported) => {
            let mut text = Vec::new();
            let written = match style {
                Style::Python => value.serialize(&mut serde_json::Serializer::with_formatter(
                    &mut text,
                    PythonFormatter,
                )),
                Style::Plain => value.serialize(&mut serde_json::Serializer::new(&mut text)),
            };
            out.clear();
            if in_string {
                // serde_json writes UTF-8; the lossy path is never taken.
                let text = String::from_utf8_lossy(&text);
                // A string is written without fail.
                let _ = write::write(&mut out, text.as_ref(), Style::Plain);
            } else {
                out = text;
            }
            written.err().map(|e| e.to_string())
        }
        Err(e) => Some(e.to_string()),
    };
    match failure {
        Some(reason) => Err(refused(reason)),
        None => {
            settle(&mut out);
            Ok(into_text(out))
        }
    }
}

/// Why a value was not written, as this crate's error.
fn refused(reason: String) -> Error {
    Error::InvalidArgument {
        what: "JSON body",
        reason,
    }
}

/// The bytes a writer wrote, as text.
fn into_text(out: Vec<u8>) -> String {
    // Both writers write UTF-8 (Python's style ASCII alone), so this
    // conversion cannot fail; the lossy path exists only so that no `unwrap`
    // is needed.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// JSON text written by this crate, which serde_json writes out as it is,
/// as it writes a `Box<RawValue>`, without reading the text again or
/// copying it into one. [`ProxyResponse::to_raw_json`] makes one.
///
/// Like a `RawValue`, it is meant for serde_json: serde_json's writer
/// copies the text and `serde_json::to_value` reads it; another serializer
/// sees the struct through which serde_json passes raw text to itself.
///
/// [`ProxyResponse::to_raw_json`]: crate::response::ProxyResponse::to_raw_json
///
/// ```
/// use chalice_events::response::{Response, ResponseShape};
///
/// let proxy = Response::new(serde_json::json!({"a": "b"})).to_proxy(ResponseShape::Rest, None)?;
/// let raw = proxy.to_raw_json()?;
/// assert_eq!(serde_json::to_string(&raw)?, raw.as_str());
/// assert_eq!(raw.as_str(), serde_json::to_string(&proxy)?);
/// assert_eq!(serde_json::to_value(&raw)?, proxy.to_value());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawJson(String);

impl RawJson {
    /// Text this crate wrote, which is JSON.
    pub(crate) fn new(text: String) -> RawJson {
        RawJson(text)
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The JSON text, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The JSON as a `Value`, however deep it nests: the text came from a
    /// value that was serialized at that depth, so it is read back without
    /// serde_json's limit of 128 levels for text from elsewhere.
    ///
    /// ```
    /// let raw = chalice_events::json::to_raw_json(&[[1, 2], [3, 4]])?;
    /// assert_eq!(raw.to_value(), serde_json::json!([[1, 2], [3, 4]]));
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn to_value(&self) -> Value {
        use serde::Deserialize;
        let mut reader = serde_json::Deserializer::from_str(&self.0);
        reader.disable_recursion_limit();
        // This crate wrote the text, as JSON: it reads back. Should it not,
        // the text itself is kept rather than dropped.
        Value::deserialize(&mut reader).unwrap_or_else(|_| Value::String(self.0.clone()))
    }
}

/// `value` as serde_json's compact text (`serde_json::to_string`'s, by this
/// crate's writer), held as [`RawJson`] for serde_json to copy as it is: an
/// answer written once, straight from a typed value, without a `Value`
/// between.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Done { id: &'static str, ratio: f32 }
///
/// let raw = chalice_events::json::to_raw_json(&Done { id: "é\"", ratio: 0.1 })?;
/// assert_eq!(raw.as_str(), r#"{"id":"é\"","ratio":0.1}"#);
/// assert_eq!(serde_json::to_string(&raw)?, raw.as_str());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] when the value's `Serialize` implementation
/// fails, or it is a map whose keys are not strings or numbers.
pub fn to_raw_json<T: Serialize + ?Sized>(value: &T) -> Result<RawJson, Error> {
    to_string_in(value, Style::Plain).map(RawJson)
}

impl Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_raw(&self.0, s)
    }
}

/// JSON `text`, handed to a serializer as serde_json hands it a `RawValue`.
fn serialize_raw<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    if serde_json_takes_raw_text() {
        Raw(text).serialize(s)
    } else {
        through_raw_value(text, s)
    }
}

/// `text` through a `RawValue`, which reads it to check it (it is JSON):
/// for a serde_json that would not copy [`Raw`] text.
fn through_raw_value<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    RawValue::from_string(text.to_string())
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

/// Whether serde_json's writer copies [`Raw`] text as it is, as it does its
/// own `RawValue`s: asked once, of the serde_json in the build.
fn serde_json_takes_raw_text() -> bool {
    static TAKES: OnceLock<bool> = OnceLock::new();
    *TAKES.get_or_init(|| serde_json::to_string(&Raw("[0]")).is_ok_and(|text| text == "[0]"))
}

/// JSON text, handed to a serializer as serde_json hands a `RawValue` to
/// its own.
struct Raw<'a>(&'a str);

impl Serialize for Raw<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut raw = s.serialize_struct(write::RAW_VALUE, 1)?;
        raw.serialize_field(write::RAW_VALUE, self.0)?;
        raw.end()
    }
}

/// How a JSON response body is written.
///
/// Chalice's clients see [`Python`](JsonStyle::Python) text, and the
/// conformance suite holds chalice-rs to it byte for byte. Where that
/// exactness is not needed, [`Plain`](JsonStyle::Plain) is serde_json's own
/// compact text: non-ASCII characters as UTF-8 rather than `\uXXXX`
/// escapes (shorter for most languages), and quicker to write. Both are
/// valid JSON that every client reads as the same value, floats aside
/// (`1e-05` against `0.00001`, the same number).
///
/// ```
/// use chalice_events::json::JsonStyle;
///
/// let body = serde_json::json!({"name": "Jürgen", "ratio": 1e-5});
/// assert_eq!(JsonStyle::Python.to_string(&body)?, r#"{"name":"J\u00fcrgen","ratio":1e-05}"#);
/// assert_eq!(JsonStyle::Plain.to_string(&body)?, r#"{"name":"Jürgen","ratio":0.00001}"#);
/// # Ok::<(), chalice_events::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JsonStyle {
    /// Python's `json.dumps(body, separators=(',', ':'))`, as Chalice
    /// writes bodies: see [`dumps`].
    #[default]
    Python,
    /// serde_json's compact text, `serde_json::to_string`.
    Plain,
}

impl From<JsonStyle> for Style {
    fn from(style: JsonStyle) -> Style {
        match style {
            JsonStyle::Python => Style::Python,
            JsonStyle::Plain => Style::Plain,
        }
    }
}

impl JsonStyle {
    /// `value` as JSON text in this style.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the value's `Serialize`
    /// implementation fails, or it is a map whose keys are not strings or
    /// numbers.
    pub fn to_string<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
        match self {
            JsonStyle::Python => to_string(value),
            JsonStyle::Plain => to_string_in(value, Style::Plain),
        }
    }
}

/// A [`serde_json::ser::Formatter`] that writes what Python's `json.dumps`
/// writes with `separators=(',', ':')` and `ensure_ascii=True`.
///
/// Use it with `serde_json::Serializer::with_formatter` to stream
/// Python-compatible JSON into any writer.
///
/// ```
/// use serde::Serialize;
/// use chalice_events::json::PythonFormatter;
///
/// let mut out = Vec::new();
/// let mut ser = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
/// serde_json::json!({"é": 2.5e-7}).serialize(&mut ser)?;
/// assert_eq!(out, br#"{"\u00e9":2.5e-07}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct PythonFormatter;

impl Formatter for PythonFormatter {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        if !value.is_finite() {
            return writer.write_all(non_finite(value.is_nan(), value > 0.0));
        }
        // `{:e}` gives the shortest digits that round-trip, like Python's repr.
        write_python_float(writer, value)
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        // Python has no single-precision float; the shortest digits of the
        // `f32` itself are what a user who wrote `0.1f32` expects, not the
        // widened `0.10000000149011612`.
        if !value.is_finite() {
            return writer.write_all(non_finite(value.is_nan(), value > 0.0));
        }
        write_python_float(writer, value)
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // serde_json has already escaped quotes, backslashes and C0 controls
        // (with lowercase hex, as Python does). What is left to do is
        // `ensure_ascii`: DEL and everything beyond ASCII.
        let bytes = fragment.as_bytes();
        // Most text is printable ASCII: one scan of the bytes, one write.
        if bytes.iter().all(|&b| b < 0x7f) {
            return writer.write_all(bytes);
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if (c as u32) < 0x7f {
                continue;
            }
            if start < i {
                writer.write_all(&bytes[start..i])?;
            }
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write_u_escape(writer, *unit)?;
            }
            start = i + c.len_utf8();
        }
        if start < bytes.len() {
            writer.write_all(&bytes[start..])?;
        }
        Ok(())
    }
}

fn non_finite(nan: bool, positive: bool) -> &'static [u8] {
    // What Python emits (invalid JSON, but Chalice sends it). serde_json's
    // serializer turns non-finite floats into `null` before asking the
    // formatter, so this only runs when the formatter is driven directly.
    match (nan, positive) {
        (true, _) => b"NaN",
        (false, true) => b"Infinity",
        (false, false) => b"-Infinity",
    }
}

fn write_u_escape<W: ?Sized + io::Write>(writer: &mut W, unit: u16) -> io::Result<()> {
    writer.write_all(&u_escape(unit))
}

/// `\uXXXX` for one UTF-16 unit, lowercase hex as Python writes it.
fn u_escape(unit: u16) -> [u8; 6] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let u = usize::from(unit);
    [
        b'\\',
        b'u',
        HEX[(u >> 12) & 0xf],
        HEX[(u >> 8) & 0xf],
        HEX[(u >> 4) & 0xf],
        HEX[u & 0xf],
    ]
}

/// A fixed buffer on the stack that text is formatted into: a float's
/// shortest digits are at most 17, its exponent at most 3 digits, so no
/// float needs more than a few dozen bytes, and none of them allocates.
struct StackText {
    bytes: [u8; 48],
    len: usize,
}

impl StackText {
    fn new() -> Self {
        StackText {
            bytes: [0; 48],
            len: 0,
        }
    }

    fn push(&mut self, byte: u8) {
        // Never full for a float; a longer text is cut rather than a panic.
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    fn extend(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.push(b);
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.extend(s.as_bytes());
        Ok(())
    }
}

/// Whether zmij's `text` of a float is already what Python's `repr` writes:
/// positional (no exponent, a decimal point), at least `1e-4` in magnitude
/// and fewer than 17 integer digits, the range where `repr` is positional
/// too. Both then write the same shortest digits, with `.0` for an integral
/// value. Most floats a handler writes (prices, ratios, coordinates) are in
/// that range, and skip the rewriting below.
fn is_python_positional(text: &[u8]) -> bool {
    let unsigned = text.strip_prefix(b"-").unwrap_or(text);
    let Some(point) = unsigned.iter().position(|&b| b == b'.') else {
        return false;
    };
    let (int, frac) = unsigned.split_at(point);
    if frac.iter().any(|&b| !b.is_ascii_digit() && b != b'.') {
        return false;
    }
    match int {
        // `0.000123` is below 1e-4 (written `1.23e-04`); zero itself is `0.0`.
        b"0" => {
            let zeros = frac.iter().skip(1).take_while(|&&b| b == b'0').count();
            zeros <= 3 || zeros + 1 == frac.len()
        }
        _ => int.len() <= 16,
    }
}

/// Writes a finite float as Python's `repr` does, from its shortest
/// round-trip digits: positional between `1e-4` and `1e16`, with `.0` for
/// integral values; otherwise `d.ddde±XX`.
fn write_python_float<W: ?Sized + io::Write>(
    writer: &mut W,
    value: impl zmij::Float,
) -> io::Result<()> {
    // zmij writes the shortest digits (as serde_json does), positional or
    // with an exponent.
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(value).as_bytes();
    if is_python_positional(text) {
        return writer.write_all(text);
    }
    writer.write_all(python_repr(text).as_bytes())
}

/// Python's `repr` of the float zmij wrote as `text`: only the digits and
/// the decimal point's place are kept from it.
fn python_repr(text: &[u8]) -> StackText {
    use std::fmt::Write as _;

    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let split = text
        .iter()
        .position(|&b| b == b'e' || b == b'E')
        .unwrap_or(text.len());
    let (mantissa, exp) = text.split_at(split);
    let exp = std::str::from_utf8(exp.get(1..).unwrap_or_default())
        .ok()
        .and_then(|e| e.trim_start_matches('+').parse::<i32>().ok())
        .unwrap_or(0);
    let mut int_len = mantissa
        .iter()
        .position(|&b| b == b'.')
        .unwrap_or(mantissa.len()) as i32;
    let mut all = StackText::new();
    for &b in mantissa {
        if b.is_ascii_digit() {
            all.push(b);
        }
    }
    let all = all.as_bytes();
    let leading = all.iter().take_while(|&&b| b == b'0').count();
    let digits: &[u8] = if leading == all.len() {
        // Zero: one digit, the point after it.
        int_len = 1;
        b"0"
    } else {
        int_len -= leading as i32;
        let significant = &all[leading..];
        let trailing = significant.iter().rev().take_while(|&&b| b == b'0').count();
        &significant[..significant.len() - trailing]
    };
    let n = digits.len() as i32;
    let decpt = int_len + exp;

    let mut out = StackText::new();
    if negative {
        out.push(b'-');
    }
    if -4 < decpt && decpt <= 16 {
        if decpt <= 0 {
            out.extend(b"0.");
            for _ in 0..-decpt {
                out.push(b'0');
            }
            out.extend(digits);
        } else if decpt >= n {
            out.extend(digits);
            for _ in 0..decpt - n {
                out.push(b'0');
            }
            out.extend(b".0");
        } else {
            let (int, frac) = digits.split_at(decpt as usize);
            out.extend(int);
            out.push(b'.');
            out.extend(frac);
        }
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.extend(first);
        if !rest.is_empty() {
            out.push(b'.');
            out.extend(rest);
        }
        let e = decpt - 1;
        let _ = write!(
            out,
            "e{}{:02}",
            if e < 0 { '-' } else { '+' },
            e.unsigned_abs()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;
    use serde_json::json;

    #[test]
    fn a_text_starts_with_the_room_of_the_last_and_keeps_little_more_than_it_needs() {
        let long = "x".repeat(40_000);
        let written = to_string(&long).unwrap();
        assert_eq!(written.len(), 40_002);
        // Other tests write too, in other threads: the room noted may be
        // theirs, but never past the most, and never kept past twice the
        // text.
        assert!(room_ahead() <= MOST_AHEAD);
        for text in [to_string(&1).unwrap(), to_string(&long).unwrap()] {
            assert!(
                text.capacity() <= 2 * text.len() + LEAST_AHEAD,
                "{} bytes in {}",
                text.len(),
                text.capacity()
            );
        }
    }

    #[test]
    fn raw_json_is_written_as_it_is_either_way() {
        let text = r#"{"body":"{\"a\":[1,\"\\u00e9\"]}","n":null}"#;
        // The serde_json in the build copies the raw text: the quick path.
        assert!(serde_json_takes_raw_text());
        let raw = RawJson::new(text.to_string());
        assert_eq!(serde_json::to_string(&raw).unwrap(), text);
        assert_eq!(
            serde_json::to_value(&raw).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        // The other path gives the same text and value.
        let mut out = Vec::new();
        through_raw_value(text, &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), text);
        assert_eq!(
            through_raw_value(text, serde_json::value::Serializer).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn raw_json_of_a_typed_value_is_serde_json_s_text() {
        #[derive(Serialize)]
        struct Record {
            id: &'static str,
            body: String,
            ratio: f32,
            big: f64,
            tags: Vec<Option<u64>>,
        }
        let record = Record {
            id: "caf\u{e9} \u{1f600}\u{7f}",
            body: r#"{"job": 0, "key": "a\\b"}"#.to_string(),
            ratio: 0.1,
            big: 1e16,
            tags: vec![Some(u64::MAX), None],
        };
        let raw = to_raw_json(&record).unwrap();
        assert_eq!(raw.as_str(), serde_json::to_string(&record).unwrap());
        // The float as the `f32` it is, where a `Value` of it would widen it.
        assert!(raw.as_str().contains(r#""ratio":0.1,"#), "{}", raw.as_str());
        assert_eq!(raw.to_value()["ratio"], json!(0.1));
        assert_eq!(json!(0.1f32), json!(0.10000000149011612));
        // Copied as it is by serde_json, and read back as the same JSON.
        assert_eq!(serde_json::to_string(&raw).unwrap(), raw.as_str());
        assert_eq!(
            raw.to_value(),
            serde_json::from_str::<Value>(raw.as_str()).unwrap()
        );
        // A map with keys that are not strings is refused, as serde_json
        // refuses it.
        let refused = to_raw_json(&std::collections::BTreeMap::from([((1, 2), 3)]));
        assert!(
            matches!(refused, Err(Error::InvalidArgument { .. })),
            "{refused:?}"
        );
    }

    #[test]
    fn raw_json_reads_back_deeper_than_serde_json_reads_text() {
        // Nested past serde_json's limit for text: a value serializes at
        // any depth, so its text must read back at that depth too.
        let mut deep = json!(1);
        for _ in 0..300 {
            deep = json!([deep]);
        }
        let raw = to_raw_json(&deep).unwrap();
        assert!(serde_json::from_str::<Value>(raw.as_str()).is_err());
        assert_eq!(raw.to_value(), deep);
    }

    /// Each expected text is what CPython 3.12 `json.dumps(x, separators=(',', ':'))`
    /// prints for the same value.
    #[test]
    fn from_slice_gives_what_serde_json_gives() {
        let table: &[&[u8]] = &[
            b"{\"a\": [1, 2.5, \"\\u00e9\\ud83d\\ude00\"]}",
            "\"é\"".as_bytes(),
            b"\"\xff\"",
            b"[\"\\ud800\"]",
            b"{\"a\": 1,}",
            b"",
            b"\xEF\xBB\xBF{}",
            b"[1] x",
        ];
        for bytes in table {
            let ours = from_slice::<Value>(bytes).map_err(|e| e.to_string());
            let theirs = serde_json::from_slice::<Value>(bytes).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn floats_are_written_as_python_repr() {
        let table: &[(f64, &str)] = &[
            (1.0, "1.0"),
            // Exactly 1485349399350173.25: two 17-digit forms round-trip,
            // and Python writes the even one (Rust's `{:e}` writes ...733).
            (1485349399350173.2, "1485349399350173.2"),
            (0.1, "0.1"),
            (3.5, "3.5"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (-2.0, "-2.0"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1e-05, "1e-05"),
            (0.0001, "0.0001"),
            (0.00012, "0.00012"),
            (1.5e-05, "1.5e-05"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (1e15, "1000000000000000.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (123456.789, "123456.789"),
            (1e100, "1e+100"),
            (1e-100, "1e-100"),
            (2.5e-7, "2.5e-07"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (5e-324, "5e-324"),
            (0.30000000000000004, "0.30000000000000004"),
            (1.0 / 3.0, "0.3333333333333333"),
            // The edges of the positional range.
            (9.999e-05, "9.999e-05"),
            (-0.0001, "-0.0001"),
            (1234567890123456.8, "1234567890123456.8"),
            (12345678901234568.0, "1.2345678901234568e+16"),
            (-9999999999999998.0, "-9999999999999998.0"),
        ];
        for (value, expected) in table {
            assert_eq!(dumps(&json!(value)), *expected, "{value:?}");
        }
    }

    #[test]
    fn integers_stay_integers() {
        assert_eq!(dumps(&json!(42)), "42");
        assert_eq!(dumps(&json!(-7)), "-7");
        assert_eq!(dumps(&json!(u64::MAX)), "18446744073709551615");
        assert_eq!(dumps(&json!(i64::MIN)), "-9223372036854775808");
    }

    #[test]
    fn text_is_ascii_escaped_like_python() {
        let table: &[(&str, &str)] = &[
            ("plain", r#""plain""#),
            ("✓", r#""\u2713""#),
            ("é", r#""\u00e9""#),
            ("😀", r#""\ud83d\ude00""#),
            ("\u{7f}", r#""\u007f""#),
            ("\u{80}", r#""\u0080""#),
            ("a\"b\\c/d", r#""a\"b\\c/d""#),
            ("\n\r\t\u{8}\u{c}", r#""\n\r\t\b\f""#),
            ("\u{0}\u{1f}", r#""\u0000\u001f""#),
            ("mix é and ✓ end", r#""mix \u00e9 and \u2713 end""#),
            ("\u{ffff}\u{10000}", r#""\uffff\ud800\udc00""#),
        ];
        for (text, expected) in table {
            assert_eq!(dumps(&json!(text)), *expected, "{text:?}");
        }
    }

    #[test]
    fn containers_are_compact_and_keep_insertion_order() {
        let value: Value = serde_json::from_str(
            r#"{"z": 1, "a": [1, "two", {"three": 3.5}, null, true], "é": {}}"#,
        )
        .unwrap();
        assert_eq!(
            dumps(&value),
            r#"{"z":1,"a":[1,"two",{"three":3.5},null,true],"\u00e9":{}}"#
        );
        assert_eq!(dumps(&json!([])), "[]");
        assert_eq!(dumps(&json!({})), "{}");
    }

    #[test]
    fn conformance_bodies_match_chalice_text() {
        // conformance/expected/list_get.json and item_get_found.json.
        assert_eq!(
            dumps(&json!([1, "two", {"three": 3.5}, null, true])),
            r#"[1,"two",{"three":3.5},null,true]"#
        );
        assert_eq!(
            dumps(&json!({"id": "5", "stored": {"name": "five", "tags": ["a", "b"], "n": 1.5}})),
            r#"{"id":"5","stored":{"name":"five","tags":["a","b"],"n":1.5}}"#
        );
    }

    #[test]
    fn output_parses_back_to_the_same_value() {
        let value = json!({"k": "✓😀\u{7f}", "f": [1e-05, 1e16, 0.1], "n": null});
        let text = dumps(&value);
        assert!(text.is_ascii());
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
    }

    #[test]
    fn structs_serialize_without_a_value() {
        #[derive(Serialize)]
        struct S {
            b: f32,
            a: &'static str,
        }
        assert_eq!(
            to_string(&S { b: 0.1, a: "ü" }).unwrap(),
            r#"{"b":0.1,"a":"\u00fc"}"#
        );
        assert_eq!(to_string(&f64::NAN).unwrap(), "null");
    }

    #[test]
    fn non_finite_floats_use_python_literals_when_written_directly() {
        let mut out = Vec::new();
        PythonFormatter
            .write_f64(&mut out, f64::NEG_INFINITY)
            .unwrap();
        PythonFormatter.write_f64(&mut out, f64::NAN).unwrap();
        PythonFormatter.write_f32(&mut out, f32::INFINITY).unwrap();
        assert_eq!(out, b"-InfinityNaNInfinity");
    }

    proptest::proptest! {
        /// Any finite float comes back as itself, in as few digits as Rust's
        /// `{:e}` needs. (Not always the same digits: on a tie between two
        /// shortest forms Python, like zmij, rounds half to even, where
        /// `{:e}` may round up; see the table above.)
        /// Where zmij's text is taken as it is, rewriting it would give
        /// the same text.
        #[test]
        fn positional_text_is_taken_only_where_python_writes_it_too(
            value in proptest::prop_oneof![
                proptest::num::u64::ANY.prop_map(f64::from_bits),
                // Around both edges of the positional range.
                -1e-3..1e-3f64,
                -1e18..1e18f64,
                proptest::num::f64::NORMAL,
            ]
        ) {
            proptest::prop_assume!(value.is_finite());
            let mut buffer = zmij::Buffer::new();
            let text = buffer.format_finite(value).as_bytes();
            if is_python_positional(text) {
                let rewritten = python_repr(text);
                proptest::prop_assert_eq!(rewritten.as_bytes(), text);
            }
        }

        #[test]
        fn floats_keep_their_value_and_shortest_digits(bits in proptest::num::u64::ANY) {
            let value = f64::from_bits(bits);
            proptest::prop_assume!(value.is_finite());
            let mut out = Vec::new();
            PythonFormatter.write_f64(&mut out, value).unwrap();
            let text = String::from_utf8(out).unwrap();
            proptest::prop_assert_eq!(text.parse::<f64>().unwrap().to_bits(), value.to_bits(), "{}", text);
            let digits = |s: &str| -> String {
                let mantissa = s.split(['e', 'E']).next().unwrap_or_default();
                let all: String = mantissa.chars().filter(char::is_ascii_digit).collect();
                let trimmed = all.trim_start_matches('0').trim_end_matches('0');
                if trimmed.is_empty() { "0".to_string() } else { trimmed.to_string() }
            };
            proptest::prop_assert_eq!(digits(&text).len(), digits(&format!("{value:e}")).len(), "{}", text);
        }
    }
}
