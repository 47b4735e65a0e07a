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
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::de;
use serde::{Serialize, Serializer};
use serde_json::{Map, Number, Value};

use crate::drift::Known;
use crate::Error;

mod scan;

use scan::Num;
pub(crate) use scan::{Scanner, Stop, Why};

/// How many arrays and objects `serde_json` lets nest in one document.
const MAX_DEPTH: usize = 127;

/// The JSON object of an event or record: its compact text, and the object
/// once something asked for it.
#[derive(Clone)]
pub(crate) struct Raw {
    text: RawText,
    map: OnceLock<Map<String, Value>>,
}

/// A [`Raw`]'s text: its own, or its part of a text that the records of one
/// batch share (one copy of the batch for all of them, not one per record).
#[derive(Clone)]
enum RawText {
    Own(Box<str>),
    Part(Arc<str>, Range<usize>),
    /// The place of a record in a batch still being read, until the batch's
    /// text is [shared](Raw::share). Read as the empty text.
    Pending(Range<usize>),
}

impl Raw {
    /// Text that [`read_document`] (or a record read) accepted.
    pub(crate) fn new(text: Box<str>) -> Self {
        Raw {
            text: RawText::Own(text),
            map: OnceLock::new(),
        }
    }

    /// A record whose text is the part `range` of its batch's, which is
    /// not yet copied: [`share`](Self::share) gives it.
    pub(crate) fn pending(range: Range<usize>) -> Self {
        Raw {
            text: RawText::Pending(range),
            map: OnceLock::new(),
        }
    }

    /// Gives a [`pending`](Self::pending) record its part of `text`, the
    /// batch's. A range that is not one of `text` reads as the empty text
    /// ([`text`](Self::text) checks it).
    pub(crate) fn share(&mut self, text: &Arc<str>) {
        if let RawText::Pending(range) = &self.text {
            self.text = RawText::Part(Arc::clone(text), range.clone());
        }
    }

    /// Text written from `map`, which is kept so it need not be parsed again.
    pub(crate) fn with_map(text: Box<str>, map: Map<String, Value>) -> Self {
        Raw {
            text: RawText::Own(text),
            map: OnceLock::from(map),
        }
    }

    /// The text the object was read from.
    pub(crate) fn text(&self) -> &str {
        match &self.text {
            RawText::Own(text) => text,
            RawText::Part(text, range) => text.get(range.clone()).unwrap_or_default(),
            RawText::Pending(_) => "",
        }
    }

    /// The bytes `start..end` of the text, `""` when they are not a part of
    /// it: of a record in a shared text, sliced once, from the shared text.
    fn span(&self, start: usize, end: usize) -> &str {
        let found = match &self.text {
            RawText::Own(text) => text.get(start..end),
            RawText::Part(text, range) if end <= range.len() => {
                text.get(range.start + start..range.start + end)
            }
            RawText::Part(..) | RawText::Pending(_) => None,
        };
        found.unwrap_or_default()
    }

    /// The object, built from the text on first use; empty when the text
    /// is a JSON value of another kind (only [`Fields::ANY_ROOT`] readers
    /// accept one).
    pub(crate) fn as_map(&self) -> &Map<String, Value> {
        self.map
            .get_or_init(|| serde_json::from_str(self.text()).unwrap_or_default())
    }

    /// Whether the text is a JSON object.
    fn is_object(&self) -> bool {
        self.text().trim_start().starts_with('{')
    }

    /// The object as a `Value`, without keeping a map built for the purpose.
    pub(crate) fn to_value(&self) -> Value {
        match self.map.get() {
            Some(map) if self.is_object() => Value::Object(map.clone()),
            _ => serde_json::from_str(self.text()).unwrap_or_else(|_| Value::Object(Map::new())),
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
        if self.text() == other.text() {
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
/// [`Raw`] when it holds no escape, a copy otherwise. The copy is the
/// decoded string as the scanner made it, kept at the capacity it was made
/// with: shrinking it to a `Box<str>` would copy it again, for a few hundred
/// bytes at most (see [`Scanner::string`]).
#[derive(Debug, Clone)]
pub(crate) enum Text {
    Span { start: usize, end: usize },
    Owned(String),
}

impl Text {
    /// Locates `s` in `base` when it was borrowed from it, or copies it.
    pub(crate) fn new(s: Cow<'_, str>, base: &str) -> Self {
        if let Cow::Borrowed(s) = &s {
            let start = (s.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
            if start <= base.len() && base.len() - start >= s.len() {
                return Text::Span {
                    start,
                    end: start + s.len(),
                };
            }
        }
        Text::Owned(s.into_owned())
    }

    pub(crate) fn get<'a>(&'a self, raw: &'a Raw) -> &'a str {
        match self {
            Text::Span { start, end } => raw.span(*start, *end),
            Text::Owned(s) => s,
        }
    }

    /// The string's length in bytes, known without the text.
    pub(crate) fn len(&self) -> usize {
        match self {
            Text::Span { start, end } => end.saturating_sub(*start),
            Text::Owned(s) => s.len(),
        }
    }

    /// The string, taken: an owned one (decoded from escapes) moved out,
    /// a located one copied from `raw`.
    pub(crate) fn into_string(self, raw: &Raw) -> String {
        match self {
            Text::Span { start, end } => raw.span(start, end).to_string(),
            Text::Owned(s) => s,
        }
    }

    /// The string, when the text it was read from is `text`.
    pub(crate) fn get_in<'a>(&'a self, text: &'a str) -> &'a str {
        match self {
            Text::Span { start, end } => text.get(*start..*end).unwrap_or(""),
            Text::Owned(s) => s,
        }
    }
}

/// The fields one object type keeps for its accessors, read by [`Cx::object`].
pub(crate) trait Fields: Default {
    /// Reads the value of `key` when it is a field this type checks or keeps
    /// (`Ok(true)`); `Ok(false)` for the others, which the reader skips.
    /// `cx` is already at the field's path.
    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop>;

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

    /// The error of a read of `text` that stopped at `stop`: a syntax error
    /// when the text is not JSON at all (the reader stops at the first
    /// field of a wrong type, which for broken text says less), else the
    /// reader's typed error.
    pub(crate) fn error(&self, text: &str, stop: Stop) -> Error {
        // Read as a `Value`, so that the wording and the position are
        // `serde_json`'s, whichever of its rules the text breaks.
        if let Err(syntax) = serde_json::from_str::<Value>(text) {
            return Error::syntax(self.event, &syntax);
        }
        if let Some(error) = self.error.take() {
            return error;
        }
        // The text is JSON, yet the reader stopped: a part of a document
        // read on its own text, nested as deep as the document allows
        // (`serde_json` counts its depth only within the part). Worded and
        // placed as `serde_json` words and places the limit a visitor hits.
        // Any other stop here would be the scanner refusing JSON, a bug:
        // still a syntax error, never a panic.
        let at = match stop.why {
            Why::Depth => depth_error_offset(text, stop.at),
            Why::Syntax | Why::Field => stop.at,
        };
        let before = text.get(..at).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Error::Syntax {
            event: self.event,
            message: match stop.why {
                Why::Depth => "recursion limit exceeded",
                Why::Syntax | Why::Field => "not read as JSON",
            }
            .to_string(),
            line: 1 + before.matches('\n').count(),
            column: before.len() - line_start,
        }
    }
}

/// Where `serde_json` places the error of a visitor that refuses the array
/// or object opened just before `at`: having returned from the visitor, it
/// looks for the closing bracket before it fills in the position, consuming
/// whitespace, the bracket when it is there, and after an array a comma
/// with the whitespace after it.
fn depth_error_offset(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let space = |mut i: usize| {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = bytes.get(i) {
            i += 1;
        }
        i
    };
    let opened = at.checked_sub(1).and_then(|i| bytes.get(i));
    let i = space(at);
    match (opened, bytes.get(i)) {
        (Some(b'['), Some(b']')) | (Some(b'{'), Some(b'}')) => i + 1,
        (Some(b'['), Some(b',')) => space(i + 1),
        _ => i,
    }
}

/// What reading a value needs to know besides the [`Scanner`]: the text
/// its strings are located in, where it is, and where to report.
#[derive(Clone, Copy)]
pub(crate) struct Cx<'b> {
    base: &'b str,
    at: Path<'b>,
    report: &'b Report,
}

impl<'b> Cx<'b> {
    /// The context of the document `base` (or of the value of it being
    /// read), at `at`.
    pub(crate) fn new(base: &'b str, at: Path<'b>, report: &'b Report) -> Self {
        Cx { base, at, report }
    }

    /// The same context at `at`.
    pub(crate) fn at<'c>(self, at: Path<'c>) -> Cx<'c>
    where
        'b: 'c,
    {
        Cx { at, ..self }
    }

    /// The same context for a value whose own text begins at `base` (a
    /// record, which keeps its text): strings are located from there.
    pub(crate) fn based<'c>(self, base: &'c str) -> Cx<'c>
    where
        'b: 'c,
    {
        Cx { base, ..self }
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
    pub(crate) fn fail(self, error: Error) -> Stop {
        self.report.error.set(Some(error));
        Stop::field()
    }

    /// The value has the wrong JSON type.
    pub(crate) fn wrong(self, expected: &'static str, found: &'static str) -> Stop {
        self.fail(Error::WrongType {
            event: self.report.event,
            path: self.at.to_string(),
            expected,
            found,
        })
    }

    /// The value has the right type and content the event cannot have.
    pub(crate) fn invalid(self, reason: String) -> Stop {
        self.fail(Error::InvalidValue {
            event: self.report.event,
            path: self.at.to_string(),
            reason,
        })
    }

    /// The value is not the base64 it must be.
    pub(crate) fn not_base64(self, reason: String) -> Stop {
        self.fail(Error::InvalidBase64 {
            event: self.report.event,
            path: self.at.to_string(),
            reason,
        })
    }

    /// Field `key` of this object, which the type requires, is absent.
    pub(crate) fn missing(self, key: &str) -> Stop {
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

    /// The number at the cursor, its float noted.
    fn scan_number<'t>(self, r: &mut Scanner<'t>) -> Result<Num<'t>, Stop> {
        let n = r.number()?;
        if let Some(v) = n.float {
            self.skip_f64(v);
        }
        Ok(n)
    }

    /// The `Number` a `Value` would hold for `n`, as `serde_json` makes it
    /// (`-0` is a float to it, for one), read from the literal: only the
    /// few fields that keep a number pay for it.
    fn number_of(n: Num<'_>, r: &Scanner<'_>) -> Result<Number, Stop> {
        serde_json::from_str(n.token).map_err(|_| r.syntax())
    }

    /// A field that must be a string.
    pub(crate) fn str(self, r: &mut Scanner<'_>) -> Result<Text, Stop> {
        match r.peek() {
            Some(b'"') => Ok(self.text(r.string()?)),
            _ => Err(self.wrong("a string", r.kind()?)),
        }
    }

    /// A field that may be `null`, and otherwise must be a string.
    pub(crate) fn opt_str(self, r: &mut Scanner<'_>) -> Result<Option<Text>, Stop> {
        match r.peek() {
            Some(b'"') => Ok(Some(self.text(r.string()?))),
            Some(b'n') => r.literal().map(|_| None),
            _ => Err(self.wrong("a string", r.kind()?)),
        }
    }

    /// A field of any type, kept when it is a string.
    pub(crate) fn any_str(self, r: &mut Scanner<'_>) -> Result<Option<Text>, Stop> {
        match r.peek() {
            Some(b'"') => Ok(Some(self.text(r.string()?))),
            _ => self.any(r).map(|()| None),
        }
    }

    /// A field of any type, as its JSON kind.
    pub(crate) fn any_kind<'t>(self, r: &mut Scanner<'t>) -> Result<Got<'t>, Stop> {
        Ok(match r.peek() {
            Some(b'"') => Got::Str(r.string()?),
            Some(b'-' | b'0'..=b'9') => {
                let n = self.scan_number(r)?;
                Got::Number(Self::number_of(n, r)?)
            }
            Some(b'{') => {
                self.any(r)?;
                Got::Object
            }
            Some(b'[') => {
                self.any(r)?;
                Got::Array
            }
            _ => match r.literal()? {
                Some(b) => Got::Bool(b),
                None => Got::Null,
            },
        })
    }

    /// A field of any type, checked as strictly as a `Value` would be.
    pub(crate) fn any(self, r: &mut Scanner<'_>) -> Result<(), Stop> {
        r.skip(self.at, &mut |at, v| self.at(*at).skip_f64(v))
    }

    /// A field read as `F` when it is an object; any other value is skipped
    /// (as strictly as any value) and its kind returned, e.g.
    /// `Err("a number")`, for the caller to judge.
    pub(crate) fn object_or_kind<F: Fields>(
        self,
        r: &mut Scanner<'_>,
    ) -> Result<Result<F, &'static str>, Stop> {
        if r.peek() == Some(b'{') {
            return self.fields(r).map(Ok);
        }
        let kind = r.kind()?;
        self.any(r)?;
        Ok(Err(kind))
    }

    /// A field that must be an object, read as `F`.
    pub(crate) fn object<F: Fields>(self, r: &mut Scanner<'_>) -> Result<F, Stop> {
        let mut fields = F::default();
        self.object_into(r, &mut fields).map(|()| fields)
    }

    /// [`object`](Self::object) read into `fields`, which hold their
    /// defaults: for fields of a few hundred bytes, read where they are
    /// kept rather than moved there through each caller's result.
    pub(crate) fn object_into<F: Fields>(
        self,
        r: &mut Scanner<'_>,
        fields: &mut F,
    ) -> Result<(), Stop> {
        if r.peek() == Some(b'{') {
            return self.fill(r, fields);
        }
        let found = r.kind()?;
        self.any(r)?;
        Err(self.wrong("an object", found))
    }

    /// The object at the cursor read into fields `F`, the fields `F` does
    /// not read skipped; refused when a required field is missing.
    fn fields<F: Fields>(self, r: &mut Scanner<'_>) -> Result<F, Stop> {
        let mut fields = F::default();
        self.fill(r, &mut fields).map(|()| fields)
    }

    /// [`fields`](Self::fields) read into `fields`, which hold their
    /// defaults.
    fn fill<F: Fields>(self, r: &mut Scanner<'_>, fields: &mut F) -> Result<(), Stop> {
        let object = r.clone();
        r.open()?;
        // A key given twice is read twice: the last one wins, as in a `Value`.
        // So a refused field does not end the read at once: a later
        // occurrence of its key may replace it. Its error waits, placed
        // where the key first appears (where a `Value` keeps the key), and
        // the first one by place still waiting at the end is the answer.
        let mut waiting = Waiting::default();
        let mut first = true;
        while let Some(key) = r.key(&mut first)? {
            let cx = self.at(Path::Key(&self.at, &key));
            let before = r.clone();
            let refused = match fields.read(&key, r, cx) {
                Ok(true) => None,
                Ok(false) => {
                    cx.any(r)?;
                    None
                }
                Err(stop) if stop.why == Why::Field => Some(self.report.error.take()),
                Err(stop) => return Err(stop),
            };
            if refused.is_none() && waiting.refusals.is_empty() {
                continue;
            }
            waiting.note(
                &key,
                refused,
                Retry {
                    object: &object,
                    before,
                    cx,
                },
                r,
            )?;
        }
        if !waiting.refusals.is_empty() {
            return Err(waiting.answer(self));
        }
        match fields.missing() {
            Some(key) => Err(self.missing(key)),
            None => Ok(()),
        }
    }

    /// A field that must be a number.
    pub(crate) fn number(self, r: &mut Scanner<'_>) -> Result<Number, Stop> {
        match r.peek() {
            Some(b'-' | b'0'..=b'9') => {
                let n = self.scan_number(r)?;
                Self::number_of(n, r)
            }
            _ => Err(self.wrong("a number", r.kind()?)),
        }
    }

    /// A field of any type, kept as a `Value` (for the few top-level fields
    /// an envelope keeps beside its records).
    pub(crate) fn value(self, r: &mut Scanner<'_>) -> Result<Value, Stop> {
        r.peek();
        let start = r.offset();
        self.any(r)?;
        // Checked already, at its depth in the document; parsed alone.
        serde_json::from_str(r.slice(start, r.offset())?).map_err(|_| r.syntax())
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
    let mut fields = F::default();
    read_document_into(event, text, &mut fields).map(|()| fields)
}

/// [`read_document`] into `fields`, which hold their defaults (see
/// [`Cx::object_into`]).
///
/// # Errors
///
/// As [`read_document`]; `fields` then hold what was read before the stop.
pub(crate) fn read_document_into<F: Fields>(
    event: &'static str,
    text: &str,
    fields: &mut F,
) -> Result<(), Error> {
    let report = Report::new(event);
    let cx = Cx::new(text, Path::Root, &report);
    let mut r = Scanner::new(text, 0);
    let read = match (F::ANY_ROOT, r.peek()) {
        // Any other value is kept, and read as an object without fields.
        (true, Some(b'{')) | (false, _) => cx.object_into(&mut r, fields),
        (true, _) => r.kind().and_then(|_| cx.any(&mut r)),
    }
    .and_then(|()| r.end());
    match read {
        Ok(()) => check_integers(&report, text),
        Err(stop) => Err(report.error(text, stop)),
    }
}

/// The refused fields of an object still waiting for a later occurrence of
/// their key (see [`Cx::fields`]): each key, where it first appears, and
/// its error (`None` when it was reported already).
///
/// Apart from the generic reading of the object, so that its code is
/// compiled once rather than for every kind of object an event holds; the
/// reading of an object comes here only once a field is refused.
#[derive(Default)]
struct Waiting {
    refusals: Vec<(Box<str>, usize, Option<Error>)>,
}

/// What a refused value needs to be skipped again: the object it is in, the
/// cursor before the value, and the value's place.
struct Retry<'o, 't, 'b> {
    object: &'o Scanner<'t>,
    before: Scanner<'t>,
    cx: Cx<'b>,
}

impl Waiting {
    /// Notes the value just read for `key`: `refused` (its error, taken from
    /// the report) or accepted, which lifts an earlier refusal of the key.
    #[inline(never)]
    fn note<'t>(
        &mut self,
        key: &str,
        refused: Option<Option<Error>>,
        retry: Retry<'_, 't, '_>,
        r: &mut Scanner<'t>,
    ) -> Result<(), Stop> {
        let at = self.refusals.iter().position(|(k, ..)| **k == *key);
        match (refused, at) {
            (None, None) => {}
            (None, Some(i)) => {
                self.refusals.remove(i);
            }
            (Some(error), at) => {
                // Past the refused value, wherever the refusal left the
                // cursor, checking its grammar as any value's.
                *r = retry.before;
                retry.cx.any(r)?;
                match at {
                    Some(i) => {
                        if let Some(slot) = self.refusals.get_mut(i) {
                            slot.2 = error;
                        }
                    }
                    None => {
                        let place = first_place(retry.object.clone(), key);
                        self.refusals.push((key.into(), place, error));
                    }
                }
            }
        }
        Ok(())
    }

    /// The object's answer once its last key is read, when a refusal is
    /// still waiting: the one first by place.
    #[inline(never)]
    fn answer(self, cx: Cx<'_>) -> Stop {
        match self.refusals.into_iter().min_by_key(|(_, place, _)| *place) {
            Some((.., Some(error))) => cx.fail(error),
            // Reported already (or, were none waiting, nothing to add).
            _ => Stop::field(),
        }
    }
}

/// Where `key` first appears in the object at `object` (a cursor before
/// it), as a byte offset: the order of these places is the order of the
/// keys in a `Value` read from the text. Only asked on a refusal.
fn first_place(mut object: Scanner<'_>, key: &str) -> usize {
    let mut first = true;
    if object.open().is_ok() {
        while let Ok(Some(k)) = object.key(&mut first) {
            if *k == *key {
                return object.offset();
            }
            if object.skip_raw().is_err() {
                break;
            }
        }
    }
    usize::MAX
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

/// A `Value` given to `from_value` (or made by a builder) as compact text.
pub(crate) fn value_text(value: &Value) -> Box<str> {
    // By the crate's own writer, serde_json's text byte for byte. Writing a
    // `Value` cannot fail: its keys are strings.
    crate::json::to_string_in(value, crate::json::Style::Plain)
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

/// A value read by [`Cx::any_kind`]: its JSON kind, and its content when it is
/// a string, a number or a boolean.
#[derive(Debug)]
pub(crate) enum Got<'t> {
    Null,
    Bool(bool),
    Number(Number),
    Str(Cow<'t, str>),
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
        fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
            match key {
                "name" => self.name = Some(cx.str(r)?),
                "inner" => self.inner = Some(cx.object(r)?),
                "other" => self.other = Some(cx.object_or_kind(r)?),
                _ => return Ok(false),
            }
            Ok(true)
        }

        fn missing(&self) -> Option<&'static str> {
            self.name.is_none().then_some("name")
        }
    }

    impl Fields for Inner {
        fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
            match key {
                "name" => self.name = Some(cx.str(r)?),
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
    fn a_key_given_twice_is_judged_by_its_last_value() {
        // As in a `Value`: the last value of a key wins, so a refusal waits
        // for a later occurrence of its key; of the refusals still waiting
        // at the end, the one whose key appears first is the answer, with
        // its last error.
        let probe = read(r#"{"name": 1, "name": "n"}"#).unwrap();
        assert_eq!(
            probe.name.unwrap().get_in(r#"{"name": 1, "name": "n"}"#),
            "n"
        );
        let table = [
            (
                r#"{"name": "n", "name": 1}"#,
                "Probe: field `name` should be a string, found a number",
            ),
            (
                r#"{"inner": {"name": 1}, "name": 2, "inner": {"name": "i"}}"#,
                "Probe: field `name` should be a string, found a number",
            ),
            (
                r#"{"other": {"name": 1}, "inner": {"name": 2}, "name": "n", "other": {"name": [3]}}"#,
                "Probe: field `other.name` should be a string, found an array",
            ),
            (
                r#"{"inner": {"name": 2}, "other": {"name": 1}, "name": "n"}"#,
                "Probe: field `inner.name` should be a string, found a number",
            ),
            (
                r#"{"inner": 1, "name": "n", "inner": {"name": "i"}, "inner": null}"#,
                "Probe: field `inner` should be an object, found null",
            ),
        ];
        for (text, message) in table {
            assert_eq!(read(text).unwrap_err().to_string(), message, "{text}");
        }
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
