//! The one reader of the events kept as text, and the text they keep.
//!
//! Building a `serde_json::Value` of a whole event (an `IndexMap` per object,
//! an allocated `String` per key) costs more than everything else this crate
//! does with it. So every event and record keeps the JSON text it arrived as
//! ([`Raw`]), and one typed pass over that text ([`Fields`], driven by
//! [`read_document`]) is the judge of validity: it reads the fields the
//! accessors need, notes where in the text lie the strings they return
//! ([`Text`]), checks everything else as strictly as parsing a `Value`
//! would, and reports the first problem as a typed [`Error`] naming the
//! field's JSON path. The `Map` is built only when an accessor hands out part
//! of it, and kept from then on.
//!
//! An event given as a `Value` (`from_value`, the builders) is written as
//! compact text and read by the same pass: there is one representation and
//! one reader, so the two inputs cannot disagree.
//!
//! Numbers: `serde_json` holds integers of 64 bits exactly and anything
//! larger as the nearest `f64`. An integer literal past 64 bits in the text
//! would come back rounded from `to_dict()`, so the reader refuses it with
//! [`Error::InvalidValue`] at its path rather than change it silently.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};
use serde_json::{Map, Number, Value};

use crate::drift::Known;
use crate::Error;

/// How many arrays and objects `serde_json` lets nest in one document.
const MAX_DEPTH: usize = 127;

/// The JSON object of an event or record: its compact text, and the object
/// once something asked for it.
#[derive(Clone)]
pub(crate) struct Raw {
    text: Box<str>,
    map: OnceLock<Map<String, Value>>,
}

impl Raw {
    /// Text that [`read_document`] (or a record read) accepted.
    pub(crate) fn new(text: Box<str>) -> Self {
        Raw {
            text,
            map: OnceLock::new(),
        }
    }

    /// Text written from `map`, which is kept so it need not be parsed again.
    pub(crate) fn with_map(text: Box<str>, map: Map<String, Value>) -> Self {
        Raw {
            text,
            map: OnceLock::from(map),
        }
    }

    /// The text the object was read from.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The object, built from the text on first use; empty when the text
    /// is a JSON value of another kind (only [`Fields::ANY_ROOT`] readers
    /// accept one).
    pub(crate) fn as_map(&self) -> &Map<String, Value> {
        self.map
            .get_or_init(|| serde_json::from_str(&self.text).unwrap_or_default())
    }

    /// Whether the text is a JSON object.
    fn is_object(&self) -> bool {
        self.text.trim_start().starts_with('{')
    }

    /// The object as a `Value`, without keeping a map built for the purpose.
    pub(crate) fn to_value(&self) -> Value {
        match self.map.get() {
            Some(map) if self.is_object() => Value::Object(map.clone()),
            _ => serde_json::from_str(&self.text).unwrap_or_else(|_| Value::Object(Map::new())),
        }
    }

    /// The string a field of the reader located, `""` when absent.
    pub(crate) fn str<'a>(&'a self, text: &'a Option<Text>) -> &'a str {
        text.as_ref().map_or("", |t| t.get(self))
    }
}

/// Equal when the JSON is, however it is formatted.
impl PartialEq for Raw {
    fn eq(&self, other: &Self) -> bool {
        if self.text == other.text {
            return true;
        }
        match (self.is_object(), other.is_object()) {
            (true, true) => self.as_map() == other.as_map(),
            (false, false) => self.to_value() == other.to_value(),
            _ => false,
        }
    }
}

/// As the value: the JSON, not its formatting.
impl fmt::Debug for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.is_object() {
            true => self.as_map().fmt(f),
            false => self.to_value().fmt(f),
        }
    }
}

/// As the JSON value, which any serializer can write; `to_json()` on the
/// event types copies the kept text instead.
impl Serialize for Raw {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.is_object() {
            true => self.as_map().serialize(s),
            false => self.to_value().serialize(s),
        }
    }
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
    fn new(s: Cow<'_, str>, base: &str) -> Self {
        if let Cow::Borrowed(s) = &s {
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
        self.get_in(raw.text())
    }

    /// The string, when the text it was read from is `text`.
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
    /// `cx` is already at the field's path.
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        cx: Cx<'_>,
    ) -> Result<bool, A::Error>;

    /// The first field the type requires that was absent, if any.
    fn missing(&self) -> Option<&'static str> {
        None
    }

    /// What AWS documents of the object these fields are read from, for
    /// `unknown_fields()` (only the top-level reader of an event or record
    /// needs to say).
    const KNOWN: Known = Known::Leaf;

    /// Whether a document read by these fields may be any JSON value rather
    /// than an object: one that is not is kept, and read as an object
    /// without fields.
    const ANY_ROOT: bool = false;
}

/// The name of the first of the `required` fields that was not read, for
/// [`Fields::missing`]: `(name, read)` pairs in the order they are reported.
pub(crate) fn first_absent<const N: usize>(
    required: [(&'static str, bool); N],
) -> Option<&'static str> {
    required
        .into_iter()
        .find(|(_, read)| !read)
        .map(|(name, _)| name)
}

/// Where a value lies in its document, for error messages. Built on the
/// stack as the reader descends; turned into text only for an error.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'b> {
    Root,
    Key(&'b Path<'b>, &'b str),
    Index(&'b Path<'b>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("$"),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// What one read reports besides its value: the typed error that stopped
/// it, and the paths of floats that may be rounded integers (see
/// [`check_integers`]).
pub(crate) struct Report {
    event: &'static str,
    error: Cell<Option<Error>>,
    big: RefCell<Vec<(String, f64)>>,
}

impl Report {
    pub(crate) fn new(event: &'static str) -> Self {
        Report {
            event,
            error: Cell::new(None),
            big: RefCell::new(Vec::new()),
        }
    }

    /// The error of a failed read of `text`: a syntax error when the text is
    /// not JSON at all (the reader stops at the first field of a wrong type,
    /// which for broken text says less), else the reader's typed error, else
    /// `serde_json`'s.
    pub(crate) fn error(&self, text: &str, err: &serde_json::Error) -> Error {
        // Read as a `Value`, not skipped: skipping does not refuse a number
        // out of range (`[1e400]`), which is not JSON to `serde_json`.
        if let Err(syntax) = serde_json::from_str::<Value>(text) {
            return Error::syntax(self.event, &syntax);
        }
        self.error
            .take()
            .unwrap_or_else(|| Error::syntax(self.event, err))
    }
}

/// What reading a value needs to know: the text it comes from, how many more
/// arrays and objects may nest in it, where it is, and where to report.
#[derive(Clone, Copy)]
pub(crate) struct Cx<'b> {
    base: &'b str,
    depth: usize,
    at: Path<'b>,
    report: &'b Report,
}

impl<'b> Cx<'b> {
    /// The context of the document `base`, whose object lies `depth` arrays
    /// and objects deep in the document it came from (0 for a whole one).
    pub(crate) fn new(base: &'b str, depth: usize, at: Path<'b>, report: &'b Report) -> Self {
        Cx {
            base,
            depth: MAX_DEPTH.saturating_sub(depth),
            at,
            report,
        }
    }

    /// Into one more array or object: `serde_json` refuses to parse a
    /// document nested deeper than [`MAX_DEPTH`], and a record's text is
    /// parsed on its own, so the record's own depth must be counted here.
    pub(crate) fn enter<E: de::Error>(self) -> Result<Self, E> {
        match self.depth {
            0 => Err(E::custom("recursion limit exceeded")),
            n => Ok(Cx {
                depth: n - 1,
                ..self
            }),
        }
    }

    /// The context of a value whose own text, `base`, lies `depth` arrays and
    /// objects deep in the document being read, at this context's path.
    pub(crate) fn within<'c>(self, base: &'c str, depth: usize) -> Cx<'c>
    where
        'b: 'c,
    {
        Cx {
            base,
            depth: MAX_DEPTH.saturating_sub(depth),
            ..self
        }
    }

    /// The same context at `at`.
    pub(crate) fn at<'c>(self, at: Path<'c>) -> Cx<'c>
    where
        'b: 'c,
    {
        Cx { at, ..self }
    }

    /// The text this context reads.
    pub(crate) fn base(&self) -> &'b str {
        self.base
    }

    /// The path of this value.
    pub(crate) fn path(&self) -> &Path<'b> {
        &self.at
    }

    /// Stops the read with `error`.
    pub(crate) fn fail<E: de::Error>(self, error: Error) -> E {
        let message = error.to_string();
        self.report.error.set(Some(error));
        E::custom(message)
    }

    /// The value has the wrong JSON type.
    pub(crate) fn wrong<E: de::Error>(self, expected: &'static str, found: &'static str) -> E {
        self.fail(Error::WrongType {
            event: self.report.event,
            path: self.at.to_string(),
            expected,
            found,
        })
    }

    /// The value has the right type and content the event cannot have.
    pub(crate) fn invalid<E: de::Error>(self, reason: String) -> E {
        self.fail(Error::InvalidValue {
            event: self.report.event,
            path: self.at.to_string(),
            reason,
        })
    }

    /// The value is not the base64 it must be.
    pub(crate) fn not_base64<E: de::Error>(self, reason: String) -> E {
        self.fail(Error::InvalidBase64 {
            event: self.report.event,
            path: self.at.to_string(),
            reason,
        })
    }

    /// Field `key` of this object, which the type requires, is absent.
    pub(crate) fn missing<E: de::Error>(self, key: &str) -> E {
        let path = match self.at {
            Path::Root => key.to_string(),
            at => format!("{at}.{key}"),
        };
        self.fail(Error::MissingField {
            event: self.report.event,
            path,
        })
    }

    /// Notes a float that may be an integer past 64 bits, rounded.
    pub(crate) fn skip_f64(self, v: f64) {
        // Integer literals that fit arrive as `i64`/`u64`; every float at
        // least this large is integral, and may have been one that did not.
        if v >= 18_446_744_073_709_551_616.0 || v <= -9_223_372_036_854_775_808.0 {
            self.report.big.borrow_mut().push((self.at.to_string(), v));
        }
    }

    /// A string read from the text this context reads.
    pub(crate) fn text(self, s: Cow<'_, str>) -> Text {
        Text::new(s, self.base)
    }

    fn scalar<'de, A: MapAccess<'de>>(self, map: &mut A, want: Want) -> Result<Got<'de>, A::Error> {
        map.next_value_seed(Scalar { cx: self, want })
    }

    /// A field that must be a string.
    pub(crate) fn str<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<Text, A::Error> {
        match self.scalar(map, Want::Str)? {
            Got::Str(s) => Ok(self.text(s)),
            _ => Err(self.wrong("a string", "null")),
        }
    }

    /// A field that may be `null`, and otherwise must be a string.
    pub(crate) fn opt_str<'de, A: MapAccess<'de>>(
        self,
        map: &mut A,
    ) -> Result<Option<Text>, A::Error> {
        match self.scalar(map, Want::OptStr)? {
            Got::Str(s) => Ok(Some(self.text(s))),
            _ => Ok(None),
        }
    }

    /// A field of any type, kept when it is a string.
    pub(crate) fn any_str<'de, A: MapAccess<'de>>(
        self,
        map: &mut A,
    ) -> Result<Option<Text>, A::Error> {
        match self.scalar(map, Want::Any)? {
            Got::Str(s) => Ok(Some(self.text(s))),
            _ => Ok(None),
        }
    }

    /// A field of any type, as its JSON kind.
    pub(crate) fn any_kind<'de, A: MapAccess<'de>>(
        self,
        map: &mut A,
    ) -> Result<Got<'de>, A::Error> {
        self.scalar(map, Want::Any)
    }

    /// A field of any type.
    pub(crate) fn any<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<(), A::Error> {
        map.next_value_seed(Skip(self))
    }

    /// A field read as `F` when it is an object; any other value is skipped
    /// (as strictly as any value) and its kind returned, e.g.
    /// `Err("a number")`, for the caller to judge.
    pub(crate) fn object_or_kind<'de, F: Fields, A: MapAccess<'de>>(
        self,
        map: &mut A,
    ) -> Result<Result<F, &'static str>, A::Error> {
        map.next_value_seed(ObjectOrKind(Object::<F>::new(self)))
    }

    /// A field that must be an object, read as `F`.
    pub(crate) fn object<'de, F: Fields, A: MapAccess<'de>>(
        self,
        map: &mut A,
    ) -> Result<F, A::Error> {
        map.next_value_seed(Object::<F>::new(self))
    }

    /// A field that must be a number.
    pub(crate) fn number<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<Number, A::Error> {
        match self.scalar(map, Want::Number)? {
            Got::Number(n) => Ok(n),
            _ => Err(self.wrong("a number", "null")),
        }
    }

    /// A field of any type, kept as a `Value` (for the few top-level fields
    /// an envelope keeps beside its records).
    pub(crate) fn value<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<Value, A::Error> {
        map.next_value_seed(ValueSeed(self))
    }
}

/// Reads the whole document `text`, one object of fields `F` for the event
/// `event`, in one pass, and checks that nothing but whitespace follows and
/// that no integer in it is past 64 bits.
///
/// # Errors
///
/// The reader's typed error, or [`Error::Syntax`] when the text is not JSON.
pub(crate) fn read_document<F: Fields>(event: &'static str, text: &str) -> Result<F, Error> {
    let report = Report::new(event);
    let cx = Cx::new(text, 0, Path::Root, &report);
    let mut de = serde_json::Deserializer::from_str(text);
    let object = Object::<F>::new(cx);
    let read = match F::ANY_ROOT {
        true => ObjectOrKind(object)
            .deserialize(&mut de)
            .map(Result::unwrap_or_default),
        false => object.deserialize(&mut de),
    }
    .and_then(|fields| de.end().map(|()| fields));
    match read {
        Ok(fields) => {
            check_integers(&report, text)?;
            Ok(fields)
        }
        Err(err) => Err(report.error(text, &err)),
    }
}

/// Reads one object of fields `F` from its whole text, keeping the text.
///
/// # Errors
///
/// As [`read_document`].
pub(crate) fn read_text<F: Fields>(event: &'static str, text: &str) -> Result<(Raw, F), Error> {
    let fields = read_document(event, text)?;
    Ok((Raw::new(text.into()), fields))
}

/// Reads one object of fields `F` given as a `Value`: written as compact
/// text and read as any text is, the map kept so it is not parsed again.
///
/// # Errors
///
/// As [`read_document`] (never a syntax error: the text is `serde_json`'s).
pub(crate) fn read_value<F: Fields>(event: &'static str, value: Value) -> Result<(Raw, F), Error> {
    let text = value_text(&value);
    let fields = read_document(event, &text)?;
    let raw = match value {
        Value::Object(map) => Raw::with_map(text, map),
        _ => Raw::new(text),
    };
    Ok((raw, fields))
}

/// An object a builder made, read as [`read_value`] reads it. Builders make
/// only what the reader accepts (each module's tests read their output
/// back); were one not to, its fields would read as absent, not panic.
pub(crate) fn built<F: Fields>(event: &'static str, map: Map<String, Value>) -> (Raw, F) {
    // Writing a map of `Value`s cannot fail: its keys are strings.
    let text: Box<str> = serde_json::to_string(&map).unwrap_or_default().into();
    let fields = read_document(event, &text).unwrap_or_default();
    (Raw::with_map(text, map), fields)
}

/// `bytes` as text, or the syntax error `serde_json` would give for them.
pub(crate) fn utf8<'a>(event: &'static str, bytes: &'a [u8]) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|_| {
        // Let serde_json find and word the invalid byte, as it always has.
        match serde_json::from_slice::<de::IgnoredAny>(bytes) {
            Err(err) => Error::syntax(event, &err),
            Ok(_) => Error::Syntax {
                event,
                message: "invalid UTF-8".to_string(),
                line: 1,
                column: 1,
            },
        }
    })
}

/// What `serde_json` reported, without the position it appends (the
/// position is in a record's own text, not the document's).
pub(crate) fn without_position(err: &serde_json::Error) -> String {
    let full = err.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

/// A `Value` given to `from_value` (or made by a builder) as compact text.
pub(crate) fn value_text(value: &Value) -> Box<str> {
    // Straight into a buffer rather than through `Display` and a formatter.
    // Writing a `Value` cannot fail: its keys are strings.
    serde_json::to_string(value)
        .unwrap_or_default()
        .into_boxed_str()
}

/// Refuses an integer literal of `text` that a `Value` could not hold
/// exactly, when the read noted a float that may be one. Only runs then:
/// scanning every event would cost as much as reading it.
pub(crate) fn check_integers(report: &Report, text: &str) -> Result<(), Error> {
    let big = report.big.take();
    if big.is_empty() {
        return Ok(());
    }
    let Some(literal) = long_integers(text).find(|l| !fits_64_bits(l)) else {
        return Ok(());
    };
    let value: f64 = literal.parse().unwrap_or(f64::NAN);
    let path = big
        .iter()
        .find(|(_, v)| *v == value)
        .or(big.first())
        .map_or_else(|| "$".to_string(), |(path, _)| path.clone());
    Err(Error::InvalidValue {
        event: report.event,
        path,
        reason: format!(
            "the integer {literal} does not fit in 64 bits and would be rounded; \
             give it as a string"
        ),
    })
}

/// The integer literals (no fraction, no exponent) of 19 digits or more in
/// the JSON `text`, outside strings.
fn long_integers(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                b'-' | b'0'..=b'9' => {
                    let start = i;
                    while i < bytes.len()
                        && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                    {
                        i += 1;
                    }
                    let token = text.get(start..i).unwrap_or("");
                    let digits = token.trim_start_matches('-');
                    if digits.len() >= 19 && digits.bytes().all(|b| b.is_ascii_digit()) {
                        return Some(token);
                    }
                }
                _ => i += 1,
            }
        }
        None
    })
}

fn fits_64_bits(literal: &str) -> bool {
    literal.parse::<i64>().is_ok() || literal.parse::<u64>().is_ok()
}

/// What a field read by [`Cx::scalar`] may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Str,
    OptStr,
    Number,
    /// Anything; strings are kept.
    Any,
}

impl Want {
    fn expected(self) -> &'static str {
        match self {
            Want::Str | Want::OptStr => "a string",
            Want::Number => "a number",
            Want::Any => "any JSON value",
        }
    }

    fn accepts_null(self) -> bool {
        !matches!(self, Want::Str | Want::Number)
    }
}

/// A value read by [`Cx::scalar`]: its JSON kind, and its content when it is
/// a string, a number or a boolean.
#[derive(Debug)]
pub(crate) enum Got<'de> {
    Null,
    Bool(bool),
    Number(Number),
    Str(Cow<'de, str>),
    Array,
    Object,
}

impl Got<'_> {
    /// The JSON kind, as errors name it: `"null"`, `"a number"`, ...
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Got::Null => "null",
            Got::Bool(_) => "a boolean",
            Got::Number(_) => "a number",
            Got::Str(_) => "a string",
            Got::Array => "an array",
            Got::Object => "an object",
        }
    }
}

struct Scalar<'b> {
    cx: Cx<'b>,
    want: Want,
}

impl Scalar<'_> {
    fn check<'de, E: de::Error>(
        &self,
        ok: bool,
        got: Got<'de>,
        found: &'static str,
    ) -> Result<Got<'de>, E> {
        if ok || self.want == Want::Any {
            Ok(got)
        } else {
            Err(self.cx.wrong(self.want.expected(), found))
        }
    }

    fn number<'de, E: de::Error>(&self, n: Number) -> Result<Got<'de>, E> {
        let ok = self.want == Want::Number;
        self.check(ok, Got::Number(n), "a number")
    }
}

impl<'de> DeserializeSeed<'de> for Scalar<'_> {
    type Value = Got<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scalar<'_> {
    type Value = Got<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.want.expected())
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        let ok = matches!(self.want, Want::Str | Want::OptStr);
        self.check(ok, Got::Str(Cow::Borrowed(v)), "a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let ok = matches!(self.want, Want::Str | Want::OptStr);
        self.check(ok, Got::Str(Cow::Owned(v.to_owned())), "a string")
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        let ok = matches!(self.want, Want::Str | Want::OptStr);
        self.check(ok, Got::Str(Cow::Owned(v)), "a string")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.check(false, Got::Bool(v), "a boolean")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.number(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.number(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.cx.skip_f64(v);
        match Number::from_f64(v) {
            Some(n) => self.number(n),
            None => Err(E::custom("number out of range")),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.check(self.want.accepts_null(), Got::Null, "null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let got = self.check(false, Got::Array, "an array")?;
        Skip(self.cx).visit_seq(seq)?;
        Ok(got)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let got = self.check(false, Got::Object, "an object")?;
        Skip(self.cx).visit_map(map)?;
        Ok(got)
    }
}

/// Skips any value, still parsing it in full (strings, numbers, nesting) as
/// strictly as parsing a `Value` would: what the reader accepts, `to_dict()`
/// must be able to parse later.
pub(crate) struct Skip<'b>(pub(crate) Cx<'b>);

impl<'de> DeserializeSeed<'de> for Skip<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
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

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.0.skip_f64(v);
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
        // Paths are kept for the report of a number too large; building one
        // is a few words on the stack.
        let mut i = 0;
        while seq
            .next_element_seed(Skip(cx.at(Path::Index(&cx.at, i))))?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let cx = self.0.enter()?;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            map.next_value_seed(Skip(cx.at(Path::Key(&cx.at, &key.0))))?;
        }
        Ok(())
    }
}

/// Reads an object (never an array, which a derived struct would take) into
/// fields `F`, skipping the fields `F` does not read, and refuses it when a
/// required field is missing or it is not an object.
pub(crate) struct Object<'b, F> {
    cx: Cx<'b>,
    fields: PhantomData<F>,
}

impl<'b, F> Object<'b, F> {
    pub(crate) fn new(cx: Cx<'b>) -> Self {
        Object {
            cx,
            fields: PhantomData,
        }
    }
}

impl<'de, F: Fields> DeserializeSeed<'de> for Object<'_, F> {
    type Value = F;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<F, D::Error> {
        let cx = self.cx;
        ObjectOrKind(self)
            .deserialize(d)?
            .map_err(|found| cx.wrong("an object", found))
    }
}

impl<F: Fields> Object<'_, F> {
    fn read_map<'de, A: MapAccess<'de>>(self, mut map: A) -> Result<F, A::Error> {
        let cx = self.cx.enter()?;
        // A key given twice is read twice: the last one wins, as in a `Value`.
        let mut fields = F::default();
        while let Some(key) = map.next_key::<Str<'de>>()? {
            let at = Path::Key(&cx.at, &key.0);
            if !fields.read(&key.0, &mut map, cx.at(at))? {
                map.next_value_seed(Skip(cx.at(at)))?;
            }
        }
        match fields.missing() {
            Some(key) => Err(self.cx.missing(key)),
            None => Ok(fields),
        }
    }
}

/// An object read as `F`, or the kind of any other value, skipped. What
/// [`Object`] reads through, turning the kind into its error.
struct ObjectOrKind<'b, F>(Object<'b, F>);

impl<'de, F: Fields> DeserializeSeed<'de> for ObjectOrKind<'_, F> {
    type Value = Result<F, &'static str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, F: Fields> Visitor<'de> for ObjectOrKind<'_, F> {
    type Value = Result<F, &'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.read_map(map).map(Ok)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.cx.skip_f64(v);
        Ok(Err("a number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err("a string"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Skip(self.0.cx).visit_seq(seq)?;
        Ok(Err("an array"))
    }
}

/// Any value, built as a `Value` with the same checks as [`Skip`].
struct ValueSeed<'b>(Cx<'b>);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.0.skip_f64(v);
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let cx = self.0.enter()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(ValueSeed(cx))? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let cx = self.0.enter()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed(cx))?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A JSON string, borrowed from the input when it holds no escape.
pub(crate) struct Str<'de>(pub(crate) Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Str<'de> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Debug)]
    struct Probe {
        name: Option<Text>,
        inner: Option<Inner>,
        /// `other`: an object, or the kind of what it is instead.
        other: Option<Result<Inner, &'static str>>,
    }

    #[derive(Default, Debug)]
    struct Inner {
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
                "inner" => self.inner = Some(cx.object(map)?),
                "other" => self.other = Some(cx.object_or_kind(map)?),
                _ => return Ok(false),
            }
            Ok(true)
        }

        fn missing(&self) -> Option<&'static str> {
            self.name.is_none().then_some("name")
        }
    }

    impl Fields for Inner {
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
    }

    fn read(text: &str) -> Result<Probe, Error> {
        read_document::<Probe>("Probe", text)
    }

    #[test]
    fn strings_without_escapes_are_located_not_copied() {
        let text = r#" {"x": [1], "name": "abc"} "#;
        let probe = read(text).unwrap();
        assert!(matches!(probe.name, Some(Text::Span { .. })));
        assert_eq!(probe.name.unwrap().get_in(text), "abc");
        let text = r#"{"name": "a\"b"}"#;
        let probe = read(text).unwrap();
        assert!(matches!(probe.name, Some(Text::Owned(_))));
        assert_eq!(probe.name.unwrap().get_in(text), "a\"b");
    }

    #[test]
    fn errors_are_typed_and_name_the_path() {
        let table = [
            (
                r#"{"name": 1}"#,
                "Probe: field `name` should be a string, found a number",
            ),
            (r#"{"x": "name"}"#, "Probe: missing field `name`"),
            (
                r#"["n"]"#,
                "Probe: field `$` should be an object, found an array",
            ),
            (
                r#"{"name": "n", "inner": {"name": null}}"#,
                "Probe: field `inner.name` should be a string, found null",
            ),
            (
                r#"{"name": "n", "other": {"name": [1]}}"#,
                "Probe: field `other.name` should be a string, found an array",
            ),
            (
                r#"{"name": "n", "inner": []}"#,
                "Probe: field `inner` should be an object, found an array",
            ),
        ];
        for (text, message) in table {
            assert_eq!(read(text).unwrap_err().to_string(), message, "{text}");
        }
        let err = read(r#"{"name": "n"} x"#).unwrap_err();
        assert_eq!(err.classify(), crate::Category::Syntax);
    }

    #[test]
    fn object_or_kind_reads_an_object_and_names_anything_else() {
        let table = [
            (r#"{"name": "n", "other": {"name": "o"}}"#, Ok(Some("o"))),
            (r#"{"name": "n", "other": {}}"#, Ok(None)),
            (r#"{"name": "n", "other": null}"#, Err("null")),
            (r#"{"name": "n", "other": [{"name": 1}]}"#, Err("an array")),
            (r#"{"name": "n", "other": 1.5}"#, Err("a number")),
            (r#"{"name": "n", "other": "{}"}"#, Err("a string")),
            (r#"{"name": "n", "other": false}"#, Err("a boolean")),
        ];
        for (text, expected) in table {
            let probe = read(text).unwrap();
            let got = match probe.other.unwrap() {
                Ok(inner) => Ok(inner.name.map(|n| n.get_in(text).to_string())),
                Err(kind) => Err(kind),
            };
            assert_eq!(got, expected.map(|n| n.map(str::to_string)), "{text}");
        }
        // What is skipped is still checked.
        let err = read(r#"{"name": "n", "other": [18446744073709551617]}"#).unwrap_err();
        assert_eq!(err.path(), Some("other[0]"));
    }

    #[test]
    fn the_reader_refuses_what_a_value_would_not_parse() {
        let deep = format!("{}{}", "[".repeat(126), "]".repeat(126));
        let ok = format!(r#"{{"name": "n", "x": {deep}}}"#);
        assert!(serde_json::from_str::<Value>(&ok).is_ok());
        assert!(read(&ok).is_ok());
        let too_deep = format!(r#"{{"name": "n", "x": [{deep}]}}"#);
        assert!(serde_json::from_str::<Value>(&too_deep).is_err());
        assert!(read(&too_deep).is_err());
        for bad in [
            r#"{"name": "n", "x": 1e400}"#,
            r#"{"name": "n", "x": "\udc00"}"#,
            r#"{"name": "n", "\ud800": 1}"#,
        ] {
            assert!(serde_json::from_str::<Value>(bad).is_err(), "{bad}");
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_past_64_bits_are_refused_not_rounded() {
        let err = read(r#"{"name": "n", "x": {"y": [18446744073709551617]}}"#).unwrap_err();
        assert_eq!(err.path(), Some("x.y[0]"));
        insta::assert_snapshot!(err, @"Probe: field `x.y[0]` is invalid: the integer 18446744073709551617 does not fit in 64 bits and would be rounded; give it as a string");
        let err = read(r#"{"name": "n", "x": -9223372036854775809}"#).unwrap_err();
        assert_eq!(err.path(), Some("x"));
        // What fits is kept; so are floats, which a `Value` holds as read.
        for ok in [
            r#"{"name": "n", "x": 18446744073709551615, "y": -9223372036854775808}"#,
            r#"{"name": "n", "x": 1e19, "y": 18446744073709551617.0, "z": "18446744073709551617"}"#,
        ] {
            assert!(read(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn raw_serializes_as_its_object_with_any_serializer() {
        let text = "{\"a\": [1,  2]}";
        let raw = Raw::new(text.into());
        assert_eq!(
            serde_json::to_value(&raw).unwrap(),
            serde_json::json!({"a": [1, 2]})
        );
        assert_eq!(serde_json::to_string(&raw).unwrap(), r#"{"a":[1,2]}"#);
        assert_eq!(raw.text(), text);
        assert_eq!(raw, Raw::new(r#"{"a":[1,2]}"#.into()));
    }
}
