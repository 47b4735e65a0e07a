//! A JSON serializer that writes straight into a byte buffer, in Python's
//! style or serde_json's.
//!
//! `serde_json::Serializer` with a custom formatter can write Python's text
//! (see [`PythonFormatter`](super::PythonFormatter)), but it escapes strings
//! one byte at a time and hands every run between two escapes to the
//! formatter through `io::Write`. JSON that carries JSON (a request body
//! echoed back as text, a response body inside a proxy response) has a
//! quote every few bytes, and that per-escape cost made writing such text
//! the largest part of answering it. This serializer tests eight bytes at a
//! time for anything to escape and appends runs to the buffer directly.
//!
//! Its output is byte for byte what serde_json writes with the formatter of
//! the same style; the tests hold it to that. Raw JSON text (a
//! `Box<RawValue>`, a [`DumpedJson`](super::DumpedJson)) is copied as it is, as
//! serde_json copies it; any other value that serializes through
//! serde_json's private protocols is reported as
//! [`Unsupported`](WriteError::Unsupported), for the caller to write with
//! serde_json instead.

use std::fmt::{self, Display};

use serde::ser::{self, Impossible, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};

use super::{u_escape, write_python_float};
use crate::swar::{self, HIGH};

/// How text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Python's `json.dumps(value, separators=(',', ':'))`: every character
    /// outside printable ASCII as `\uXXXX`, floats as Python's `repr`.
    Python,
    /// serde_json's compact text: UTF-8 kept, floats as serde_json writes them.
    Plain,
}

/// Why a value could not be written.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// The value's `Serialize` failed, or it is a map whose keys are not
    /// strings or numbers: serde_json's message for the same failure.
    Message(String),
    /// The value uses one of serde_json's private protocols that this
    /// writer does not follow.
    Unsupported,
}

impl Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Message(m) => f.write_str(m),
            WriteError::Unsupported => {
                f.write_str("serde_json's private values are written by serde_json")
            }
        }
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: Display>(msg: T) -> Self {
        WriteError::Message(msg.to_string())
    }
}

/// serde_json's name for the struct that carries raw JSON text, and for
/// its one field, whose value is the text.
pub(super) const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// Whether a struct is one of serde_json's private values.
fn is_serde_json_private(name: &str) -> bool {
    name.starts_with("$serde_json::private::")
}

fn key_must_be_a_string() -> WriteError {
    WriteError::Message("key must be a string".to_string())
}

/// Writes `value` in `style` at the end of `out`.
pub(crate) fn write<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    style: Style,
) -> Result<(), WriteError> {
    value.serialize(&mut Writer {
        out,
        style,
        in_string: false,
        verbatim: None,
        raw_next: false,
    })
}

/// Writes `value` in `style` as the JSON string that holds that text,
/// quotes included: what writing the text and then writing it as a string
/// would give, in one pass. A proxy response carries a JSON body so, and
/// JSON that carries JSON has a quote every few bytes.
pub(crate) fn write_in_string<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    style: Style,
) -> Result<(), WriteError> {
    out.push(b'"');
    value.serialize(&mut Writer {
        out,
        style,
        in_string: true,
        verbatim: None,
        raw_next: false,
    })?;
    out.push(b'"');
    Ok(())
}

/// Writes `value` in serde_json's style, with `text` copied as it is where
/// `value` serializes [`Verbatim`]: a proxy response whose body is already
/// the JSON string that carries it.
pub(crate) fn write_with_verbatim<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    text: Option<&str>,
) -> Result<(), WriteError> {
    value.serialize(&mut Writer {
        out,
        style: Style::Plain,
        in_string: false,
        verbatim: text,
        raw_next: false,
    })
}

/// A placeholder for the text given to [`write_with_verbatim`]; any other
/// serializer writes it as `null`.
pub(crate) struct Verbatim;

/// The name [`Verbatim`] serializes under.
const VERBATIM: &str = "$chalice_events::json::Verbatim";

impl Serialize for Verbatim {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit_struct(VERBATIM)
    }
}

/// Writes `s` as a JSON string (quotes included) in `style`; inside a
/// string (`in_string`), with its quotes and escapes escaped once more.
pub(super) fn write_str(out: &mut Vec<u8>, s: &str, style: Style, in_string: bool) {
    if write_short(out, s.as_bytes(), style, in_string) {
        return;
    }
    push_quote(out, in_string);
    write_escaped(out, s, style, in_string);
    push_quote(out, in_string);
}

/// Writes `s` as the text between a JSON string's quotes, escaped as
/// [`write_str`] escapes it.
///
/// Eight bytes at a time. A word with nothing to escape is copied whole (a
/// fixed-size copy, no call to `memcpy`; the last bytes of the string are a
/// word padded with spaces, which need no escape). In a word whose only
/// bytes to escape are quotes and backslashes (JSON carried in a string has
/// one every few bytes) no byte waits for another: the running sums of its
/// escapes give each byte its place, moved on past its own backslashes and
/// every one before it, over backslashes written there first ([`spread`]).
/// Escaping one byte at a time, each escape found by testing the word from
/// the byte after the last one, is a chain of dependent steps. Any other
/// word is copied whole and cut back to the bytes before its first byte to
/// escape, which is escaped on its own.
///
/// A long string is written by place into room made ahead, so that the
/// output's length is set once for many words rather than at each; for a
/// short one, making the room would cost more than it saves, and each word
/// is pushed.
fn write_escaped(out: &mut Vec<u8>, s: &str, style: Style, in_string: bool) {
    // A loop of its own for each style, which each word then need not ask.
    match (style, s.len() >= BY_PLACE) {
        (Style::Plain, false) => short_escaped::<false>(out, s, in_string),
        (Style::Python, false) => short_escaped::<true>(out, s, in_string),
        (Style::Plain, true) => place_escaped::<false>(out, s, in_string),
        (Style::Python, true) => place_escaped::<true>(out, s, in_string),
    }
}

/// [`write_escaped`] of a short string in Python's style (`PYTHON`) or
/// serde_json's.
fn short_escaped<const PYTHON: bool>(out: &mut Vec<u8>, s: &str, in_string: bool) {
    let style = if PYTHON { Style::Python } else { Style::Plain };
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + bytes.len() / 8 + 4);
    let mut i = 0;
    while i < bytes.len() {
        let (word, len) = word_at(bytes, i);
        let kept = out.len();
        out.extend_from_slice(&word.to_le_bytes());
        let found = escapes_in_word(word, style);
        if found == 0 {
            out.truncate(kept + len);
            i += len;
            continue;
        }
        if len == 8 && only_quotes_and_backslashes(word, style) {
            out.truncate(kept);
            // A copy of a known size: `resize` would be a call to `memset`.
            out.extend_from_slice(&[b'\\'; STEP]);
            let Some(place) = out
                .get_mut(kept..)
                .and_then(|place| <&mut [u8; STEP]>::try_from(place).ok())
            else {
                return;
            };
            let wrote = spread(place, word, in_string);
            out.truncate(kept + wrote);
            i += 8;
            continue;
        }
        // Little-endian: the lowest flag is the first byte, and it is
        // exact (so never in the padding).
        let n = (found.trailing_zeros() / 8) as usize;
        out.truncate(kept + n);
        i += n;
        i += escape(s, i, in_string, &mut |escaped| {
            out.extend_from_slice(escaped)
        });
    }
}

/// The length from which [`write_escaped`] writes a string by place.
const BY_PLACE: usize = 64;

/// [`write_escaped`] of a long string, by place. A call of its own: the
/// loop of short strings, inlined with it, measured slower.
#[inline(never)]
fn place_escaped<const PYTHON: bool>(out: &mut Vec<u8>, s: &str, in_string: bool) {
    let style = if PYTHON { Style::Python } else { Style::Plain };
    let bytes = s.as_bytes();
    let mut j = out.len();
    let mut i = 0;
    out.reserve(bytes.len() + bytes.len() / 8 + STEP);
    while i < bytes.len() {
        // Room for the next stretch of the text with a few escapes, and
        // for the longest step past it; text with more uses it up sooner,
        // and asks for more. The room is filled (safe code cannot leave it
        // as it is), so making more than most text needs would cost a pass
        // over memory for nothing.
        let ahead = (bytes.len() - i).min(ROOM_AHEAD);
        out.resize(j + STEP + ahead + ahead / 8, 0);
        let Some(room) = out.get_mut(j..) else {
            break;
        };
        let mut r = 0;
        while i < bytes.len() {
            let Some(place) = room
                .get_mut(r..r + STEP)
                .and_then(|place| <&mut [u8; STEP]>::try_from(place).ok())
            else {
                break;
            };
            let (word, len) = word_at(bytes, i);
            let found = escapes_in_word(word, style);
            if found == 0 {
                place[..8].copy_from_slice(&word.to_le_bytes());
                r += len;
                i += len;
                continue;
            }
            if len == 8 && only_quotes_and_backslashes(word, style) {
                *place = [b'\\'; STEP];
                r += spread(place, word, in_string);
                i += 8;
                continue;
            }
            let n = (found.trailing_zeros() / 8) as usize;
            place[..8].copy_from_slice(&word.to_le_bytes());
            // At most seven bytes before the escape and fourteen of it: the
            // place holds them all.
            let mut wrote = n;
            i += n;
            i += escape(s, i, in_string, &mut |escaped| {
                if let Some(to) = place.get_mut(wrote..wrote + escaped.len()) {
                    to.copy_from_slice(escaped);
                    wrote += escaped.len();
                }
            });
            r += wrote;
        }
        j += r;
    }
    out.truncate(j);
}

/// Writes `word`, whose only bytes to escape are quotes and backslashes, at
/// the start of `place`, each of those after its backslash (inside a
/// string, after three: both escaped again); how many bytes that took.
/// `place` holds backslashes, and each byte is stored over them where it
/// goes: no byte waits for another.
fn spread(place: &mut [u8; STEP], word: u64, in_string: bool) -> usize {
    let prefix: u64 = if in_string { 3 } else { 1 };
    let escapes = (swar::equal_bytes(word, b'"') | swar::equal_bytes(word, b'\\')) >> 7;
    let shifts = swar::running_sums(escapes * prefix);
    for (k, b) in word.to_le_bytes().into_iter().enumerate() {
        // Eight bytes and at most twenty-four backslashes: the place stays
        // below 32.
        place[(k + swar::byte(shifts, k)) & (STEP - 1)] = b;
    }
    8 + swar::byte(shifts, 7)
}

/// The most [`write_escaped`] writes in one step: a word of quotes inside a
/// string, each after three backslashes. An escaped character, with the
/// bytes of its word before it, takes less.
const STEP: usize = 32;

/// How many bytes of the text the room [`write_escaped`] makes at once is
/// meant for.
const ROOM_AHEAD: usize = 1024;

/// Whether the bytes of `w` to escape in `style` are all quotes and
/// backslashes: JSON text carried in a string, where they come every few
/// bytes.
fn only_quotes_and_backslashes(w: u64, style: Style) -> bool {
    // Exact when it finds nothing: a borrow only starts at a byte that
    // matches.
    escapes_but_quotes(w, style) == 0
}

/// A quote; inside a string, escaped.
fn push_quote(out: &mut Vec<u8>, in_string: bool) {
    if in_string {
        out.extend_from_slice(br#"\""#);
    } else {
        out.push(b'"');
    }
}

/// Writes a string of at most sixteen bytes that needs no escape, quoted,
/// as one or two words: fixed-size copies, where copying a slice of any
/// length is a call to `memcpy`. Keys and most values are that short.
/// `false`, with nothing written, for any other string.
fn write_short(out: &mut Vec<u8>, bytes: &[u8], style: Style, in_string: bool) -> bool {
    let n = bytes.len();
    let (low, high) = match n {
        0..=8 => (word_at(bytes, 0).0, None),
        9..=16 => (word_at(bytes, 0).0, Some(word_at(bytes, n - 8).0)),
        _ => return false,
    };
    let escapes = escapes_in_word(low, style) | high.map_or(0, |w| escapes_in_word(w, style));
    if escapes != 0 {
        return false;
    }
    out.reserve(20);
    push_quote(out, in_string);
    let kept = out.len();
    out.extend_from_slice(&low.to_le_bytes());
    if let Some(high) = high {
        // The last eight bytes, over the end of the first eight.
        out.truncate(kept + n - 8);
        out.extend_from_slice(&high.to_le_bytes());
    } else {
        out.truncate(kept + n);
    }
    push_quote(out, in_string);
    true
}

/// The eight bytes of `bytes` from `at`, or the fewer left there as the
/// first bytes of a word padded with spaces ([`short_word`]); and how many
/// of the word's bytes are the text's.
fn word_at(bytes: &[u8], at: usize) -> (u64, usize) {
    let rest = bytes.get(at..).unwrap_or_default();
    match rest.get(..8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        Some(word) => (u64::from_le_bytes(word), 8),
        None => (short_word(rest), rest.len()),
    }
}

/// The bytes of `rest`, fewer than eight, as the first bytes of a word
/// whose other bytes are spaces. Read as at most two overlapping loads
/// (which agree where they overlap), not a byte at a time: keys and most
/// values are short, and a byte loop here was a call to `memcpy`.
fn short_word(rest: &[u8]) -> u64 {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let n = rest.len();
    let byte = |i: usize| u64::from(rest.get(i).copied().unwrap_or(b' '));
    let data = match n {
        0 => 0,
        1..=3 => byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1)),
        4..=7 => {
            let four = |at: usize| {
                rest.get(at..at + 4)
                    .and_then(|b| <[u8; 4]>::try_from(b).ok())
                    .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
            };
            four(0) | four(n - 4) << (8 * (n - 4))
        }
        // Never asked for: the first eight bytes.
        _ => {
            return rest
                .get(..8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map_or(SPACES, u64::from_le_bytes)
        }
    };
    // The spaces start at byte `n`.
    data | SPACES << (8 * n)
}

/// Gives `put` the escape of the character at byte `i` of `s`, which needs
/// one, in pieces of a known size (a copy of a known size, where a slice
/// would be a call to `memcpy`), at most fourteen bytes in all (a character
/// beyond the Basic Multilingual Plane inside a string); returns the
/// character's width in bytes.
fn escape(s: &str, i: usize, in_string: bool, put: &mut impl FnMut(&[u8])) -> usize {
    let b = s.as_bytes().get(i).copied().unwrap_or(b' ');
    let letter = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0c => b'f',
        0x00..=0x1f | 0x7f => {
            put_u_escape(put, u16::from(b), in_string);
            return 1;
        }
        // Python's style only: a character beyond ASCII, as UTF-16 units.
        _ => {
            let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
                // `i` is where a character starts: `escapes_in_word` flags
                // ASCII bytes and every byte of a multi-byte character, and
                // the first flag is the lead byte.
                return 1;
            };
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                put_u_escape(put, *unit, in_string);
            }
            return c.len_utf8();
        }
    };
    match (in_string, letter) {
        (false, _) => put(&[b'\\', letter]),
        // `\"` and `\\` as a string's text: each of the two characters
        // escaped again.
        (true, b'"' | b'\\') => put(&[b'\\', b'\\', b'\\', letter]),
        (true, _) => put(&[b'\\', b'\\', letter]),
    }
    1
}

/// A `\uXXXX` escape through `put`; inside a string, its backslash escaped.
fn put_u_escape(put: &mut impl FnMut(&[u8]), unit: u16, in_string: bool) {
    if in_string {
        put(b"\\");
    }
    put(&u_escape(unit));
}

/// Flags (the top bit of a byte) the bytes of `w` that need escaping in
/// `style`; the lowest flag is always exact, the ones above it may not be
/// (see [`swar::below`]).
fn escapes_in_word(w: u64, style: Style) -> u64 {
    swar::equal(w, b'"') | swar::equal(w, b'\\') | escapes_but_quotes(w, style)
}

/// [`escapes_in_word`]'s flags of the bytes other than quotes and
/// backslashes: control characters, and in Python's style DEL and every
/// byte of a multi-byte character (top bit set).
fn escapes_but_quotes(w: u64, style: Style) -> u64 {
    let control = swar::below(w, 0x20);
    match style {
        Style::Python => control | (w & HIGH) | swar::equal(w, 0x7f),
        Style::Plain => control,
    }
}

/// The ten integer methods of a serializer, each running `$body` with the
/// serializer as `$w` and the integer as `$v`.
macro_rules! integers {
    (|$w:ident, $v:ident| $body:expr) => {
        integers!(@each $w $v $body; serialize_i8 i8, serialize_i16 i16, serialize_i32 i32,
            serialize_i64 i64, serialize_i128 i128, serialize_u8 u8, serialize_u16 u16,
            serialize_u32 u32, serialize_u64 u64, serialize_u128 u128);
    };
    (@each $w:ident $v:ident $body:expr; $($method:ident $ty:ty),*) => {$(
        fn $method(self, $v: $ty) -> Result<(), WriteError> {
            let $w = self;
            $body
        }
    )*};
}

/// The serializer: a buffer and a style.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
    style: Style,
    /// Whether the text is written as the content of a JSON string
    /// ([`write_in_string`]).
    in_string: bool,
    /// What [`Verbatim`] stands for ([`write_with_verbatim`]).
    verbatim: Option<&'a str>,
    /// Whether the next string is raw JSON text, the field of serde_json's
    /// raw-value struct, to be copied as it is.
    raw_next: bool,
}

impl Writer<'_> {
    fn f64(&mut self, value: f64) {
        if !value.is_finite() {
            // serde_json's rule for both styles: `null`.
            self.out.extend_from_slice(b"null");
            return;
        }
        match self.style {
            // Writing into a `Vec` cannot fail.
            Style::Python => {
                let _ = write_python_float(self.out, value);
            }
            Style::Plain => {
                let _ = CompactFormatter.write_f64(self.out, value);
            }
        }
    }

    fn f32(&mut self, value: f32) {
        if !value.is_finite() {
            self.out.extend_from_slice(b"null");
            return;
        }
        match self.style {
            Style::Python => {
                let _ = write_python_float(self.out, value);
            }
            Style::Plain => {
                let _ = CompactFormatter.write_f32(self.out, value);
            }
        }
    }

    fn int(&mut self, value: impl itoa::Integer) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    fn str(&mut self, value: &str) {
        write_str(self.out, value, self.style, self.in_string);
    }

    /// Raw JSON text, as serde_json writes it in either style: as it is;
    /// inside a string, as that string's text.
    fn raw(&mut self, text: &str) {
        if self.in_string {
            write_escaped(self.out, text, Style::Plain, false);
        } else {
            self.out.extend_from_slice(text.as_bytes());
        }
    }

    /// `{"variant":` of an enum variant written as a one-key object.
    fn open_variant(&mut self, variant: &str) {
        self.out.push(b'{');
        self.str(variant);
        self.out.push(b':');
    }
}

/// An array or object being written: whether an element came before.
struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    first: bool,
    /// What closes it: `]`, `}`, or `]}`/`}}` for a variant's content.
    close: &'static [u8],
    /// Whether it is serde_json's raw-value struct, whose one field is
    /// JSON text to copy.
    raw: bool,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.w.out.push(b',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.comma();
        value.serialize(&mut *self.w)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), WriteError> {
        if self.raw {
            self.w.raw_next = true;
            value.serialize(&mut *self.w)?;
            // serde_json's raw value is text; anything else under its name
            // is for serde_json to make sense of.
            if std::mem::take(&mut self.w.raw_next) {
                return Err(WriteError::Unsupported);
            }
            return Ok(());
        }
        self.comma();
        self.w.str(key);
        self.w.out.push(b':');
        value.serialize(&mut *self.w)
    }

    fn end(self) -> Result<(), WriteError> {
        self.w.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    integers!(|w, v| {
        w.int(v);
        Ok(())
    });

    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        self.f32(v);
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        self.f64(v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        self.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        if std::mem::take(&mut self.raw_next) {
            self.raw(v);
        } else {
            self.str(v);
        }
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), WriteError> {
        // serde_json's rule: an array of numbers.
        self.out.push(b'[');
        for (i, b) in v.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.int(*b);
        }
        self.out.push(b']');
        Ok(())
    }

    fn serialize_none(self) -> Result<(), WriteError> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), WriteError> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<(), WriteError> {
        if name == VERBATIM {
            if let Some(text) = self.verbatim {
                self.out.extend_from_slice(text.as_bytes());
                return Ok(());
            }
        }
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), WriteError> {
        self.str(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, WriteError> {
        self.out.push(b'[');
        Ok(Compound {
            w: self,
            first: true,
            close: b"]",
            raw: false,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'a>, WriteError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a>, WriteError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, WriteError> {
        self.open_variant(variant);
        self.out.push(b'[');
        Ok(Compound {
            w: self,
            first: true,
            close: b"]}",
            raw: false,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, WriteError> {
        self.out.push(b'{');
        Ok(Compound {
            w: self,
            first: true,
            close: b"}",
            raw: false,
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a>, WriteError> {
        if name == RAW_VALUE {
            // Its one field is the text, copied by `Compound::field`.
            return Ok(Compound {
                w: self,
                first: true,
                close: b"",
                raw: true,
            });
        }
        if is_serde_json_private(name) {
            return Err(WriteError::Unsupported);
        }
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, WriteError> {
        self.open_variant(variant);
        self.out.push(b'{');
        Ok(Compound {
            w: self,
            first: true,
            close: b"}}",
            raw: false,
        })
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        self.str(&value.to_string());
        Ok(())
    }
}

/// The serde traits of the compounds written element by element: arrays,
/// tuples and a tuple variant's content.
macro_rules! elements {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = WriteError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
                self.element(value)
            }

            fn end(self) -> Result<(), WriteError> {
                Compound::end(self)
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        self.comma();
        key.serialize(Key(&mut *self.w))?;
        self.w.out.push(b':');
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(&mut *self.w)
    }

    fn end(self) -> Result<(), WriteError> {
        Compound::end(self)
    }
}

/// The serde traits of the compounds written field by field: structs and
/// a struct variant's content.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = WriteError;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), WriteError> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), WriteError> {
                Compound::end(self)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

/// A map key: strings as they are; numbers, booleans and characters as
/// strings (serde_json's rule); anything else refused.
struct Key<'w, 'a>(&'w mut Writer<'a>);

impl Key<'_, '_> {
    fn quoted(self, write: impl FnOnce(&mut Writer<'_>)) -> Result<(), WriteError> {
        // What is written inside the quotes (digits, a float, `true`) never
        // needs escaping.
        push_quote(self.0.out, self.0.in_string);
        write(self.0);
        push_quote(self.0.out, self.0.in_string);
        Ok(())
    }
}

impl ser::Serializer for Key<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Impossible<(), WriteError>;
    type SerializeTuple = Impossible<(), WriteError>;
    type SerializeTupleStruct = Impossible<(), WriteError>;
    type SerializeTupleVariant = Impossible<(), WriteError>;
    type SerializeMap = Impossible<(), WriteError>;
    type SerializeStruct = Impossible<(), WriteError>;
    type SerializeStructVariant = Impossible<(), WriteError>;

    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.quoted(|w| w.out.extend_from_slice(if v { b"true" } else { b"false" }))
    }

    integers!(|key, v| key.quoted(|w| w.int(v)));

    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        if !v.is_finite() {
            return Err(WriteError::Message(
                "float key must be finite (got NaN or +/-inf)".to_string(),
            ));
        }
        self.quoted(|w| w.f32(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        if !v.is_finite() {
            return Err(WriteError::Message(
                "float key must be finite (got NaN or +/-inf)".to_string(),
            ));
        }
        self.quoted(|w| w.f64(v))
    }

    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        self.0.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        self.0.str(v);
        Ok(())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), WriteError> {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result<(), WriteError> {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), WriteError> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), WriteError> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), WriteError> {
        self.0.str(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), WriteError> {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, WriteError> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, WriteError> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, WriteError> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, WriteError> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, WriteError> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, WriteError> {
        if is_serde_json_private(name) {
            return Err(WriteError::Unsupported);
        }
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, WriteError> {
        Err(key_must_be_a_string())
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        self.0.str(&value.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::json::PythonFormatter;

    /// What serde_json writes for `value` with the formatter of `style`.
    fn serde_json_text<T: Serialize + ?Sized>(value: &T, style: Style) -> Result<String, String> {
        let mut out = Vec::new();
        let written = match style {
            Style::Python => value.serialize(&mut serde_json::Serializer::with_formatter(
                &mut out,
                PythonFormatter,
            )),
            Style::Plain => value.serialize(&mut serde_json::Serializer::new(&mut out)),
        };
        written
            .map(|()| String::from_utf8(out).unwrap())
            .map_err(|e| e.to_string())
    }

    fn ours<T: Serialize + ?Sized>(value: &T, style: Style) -> Result<String, String> {
        let mut out = Vec::new();
        write(&mut out, value, style)
            .map(|()| String::from_utf8(out).unwrap())
            .map_err(|e| e.to_string())
    }

    /// Ours, written as the JSON string that holds the text.
    fn ours_in_string<T: Serialize + ?Sized>(value: &T, style: Style) -> Result<String, String> {
        let mut out = Vec::new();
        write_in_string(&mut out, value, style)
            .map(|()| String::from_utf8(out).unwrap())
            .map_err(|e| e.to_string())
    }

    /// serde_json's text, then that text as a JSON string by serde_json.
    fn serde_json_text_in_string<T: Serialize + ?Sized>(
        value: &T,
        style: Style,
    ) -> Result<String, String> {
        serde_json_text(value, style).map(|text| serde_json::to_string(&text).unwrap())
    }

    fn both_styles_match<T: Serialize + ?Sized + fmt::Debug>(value: &T) {
        for style in [Style::Python, Style::Plain] {
            assert_eq!(
                ours(value, style),
                serde_json_text(value, style),
                "{style:?}: {value:?}"
            );
            assert_eq!(
                ours_in_string(value, style),
                serde_json_text_in_string(value, style),
                "{style:?}, in a string: {value:?}"
            );
        }
    }

    #[test]
    fn text_in_a_string_escapes_its_quotes_and_escapes_again() {
        let value = json!({"q": "say \"hi\"", "b": "a\\b", "n": "1\n2", "c": "\u{1}", "é": 1});
        assert_eq!(
            ours_in_string(&value, Style::Python).unwrap(),
            r#""{\"q\":\"say \\\"hi\\\"\",\"b\":\"a\\\\b\",\"n\":\"1\\n2\",\"c\":\"\\u0001\",\"\\u00e9\":1}""#
        );
        both_styles_match(&value);
    }

    #[test]
    fn verbatim_stands_for_the_text_given() {
        let value = (1, Verbatim, "x");
        let mut out = Vec::new();
        write_with_verbatim(&mut out, &value, Some(r#""any \"text\"""#)).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"[1,"any \"text\"","x"]"#);
        // Anywhere else, and to any other serializer, it is `null`.
        assert_eq!(ours(&value, Style::Plain).unwrap(), r#"[1,null,"x"]"#);
        assert_eq!(serde_json::to_string(&value).unwrap(), r#"[1,null,"x"]"#);
    }

    #[test]
    fn strings_escape_as_serde_json_does_at_every_offset_in_a_word() {
        let specials = [
            "\"", "\\", "\n", "\u{1}", "\u{1f}", "\u{7f}", "é", "✓", "😀", "/", " ",
        ];
        for special in specials {
            for offset in 0..17 {
                let text = format!("{}{special}{}", "a".repeat(offset), "b".repeat(9));
                both_styles_match(&text);
                both_styles_match(&special.repeat(offset + 1));
                // Strings of up to seventeen bytes, written as one or two
                // words when they need no escape, with one anywhere.
                for after in 0..17 - offset {
                    both_styles_match(&format!(
                        "{}{special}{}",
                        "a".repeat(offset),
                        "b".repeat(after)
                    ));
                }
            }
        }
        both_styles_match("");
        both_styles_match("\u{0}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1b}");
    }

    #[test]
    fn long_strings_are_written_across_the_room_made_ahead_as_serde_json_writes_them() {
        // JSON carried in a string, long enough to be written by place and
        // for the room to be made several times, with another escape
        // (longer than a quote's) at places around where room runs out, at
        // every offset in a word; and strings of escapes alone.
        let carried = r#"{"id":7,"sku":"a\\b","tags":["x","y"]},"#.repeat(300);
        assert!(carried.len() > 4 * ROOM_AHEAD);
        both_styles_match(&carried);
        for other in ["\n", "é", "\u{1}", "✓", "😀"] {
            for at in [0, 1, 7, 8, 31, 32, 33, 1000, 1023, 1024, 1025, 2100, 9000] {
                let mut text = carried.clone();
                let at = (0..=at)
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                text.insert_str(at, other);
                both_styles_match(&text);
                // Escapes every few words, and nothing but them.
                both_styles_match(&text.replace(",\"y\"", &format!(",\"{other}\"")));
            }
            both_styles_match(&other.repeat(700));
        }
    }

    #[test]
    fn a_short_tail_is_read_as_a_word_padded_with_spaces() {
        let text = b"abcdefg";
        for n in 0..8 {
            let mut padded = [b' '; 8];
            padded[..n].copy_from_slice(&text[..n]);
            assert_eq!(short_word(&text[..n]).to_le_bytes(), padded, "{n} bytes");
        }
        assert_eq!(short_word(b"abcdefghij").to_le_bytes(), *b"abcdefgh");
    }

    #[test]
    fn typed_values_match_serde_json() {
        #[derive(serde::Serialize, Debug)]
        enum E {
            Unit,
            New(u8),
            Tuple(i32, &'static str),
            Struct { a: f32, b: Option<f64> },
        }
        #[derive(serde::Serialize, Debug)]
        struct Unit;
        #[derive(serde::Serialize, Debug)]
        struct New(i64);
        #[derive(serde::Serialize, Debug)]
        struct Tup(u8, bool);
        #[derive(serde::Serialize, Debug)]
        struct S {
            e: Vec<E>,
            unit: Unit,
            new: New,
            tup: Tup,
            none: Option<u8>,
            bytes: serde_bytes_like::Bytes,
            big: (i128, u128),
            c: char,
            nan: f64,
            inf: f32,
        }
        mod serde_bytes_like {
            /// Serializes through `serialize_bytes`.
            #[derive(Debug)]
            pub(crate) struct Bytes(pub(crate) &'static [u8]);
            impl serde::Serialize for Bytes {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_bytes(self.0)
                }
            }
        }
        let value = S {
            e: vec![
                E::Unit,
                E::New(7),
                E::Tuple(-1, "é"),
                E::Struct { a: 0.1, b: None },
                E::Struct {
                    a: 1e20,
                    b: Some(1e-7),
                },
            ],
            unit: Unit,
            new: New(i64::MIN),
            tup: Tup(255, true),
            none: None,
            bytes: serde_bytes_like::Bytes(b"\x00\xff"),
            big: (i128::MIN, u128::MAX),
            c: '"',
            nan: f64::NAN,
            inf: f32::INFINITY,
        };
        both_styles_match(&value);
        both_styles_match(&Vec::<u8>::new());
        both_styles_match(&());
    }

    /// A map with float keys, which no std map can hold.
    #[derive(Debug)]
    struct FloatKeys(Vec<(f64, u8)>);

    impl Serialize for FloatKeys {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }

    #[test]
    fn map_keys_follow_serde_json() {
        both_styles_match(&BTreeMap::from([(1, "a"), (-2, "b")]));
        both_styles_match(&BTreeMap::from([(true, 1)]));
        both_styles_match(&BTreeMap::from([('é', 1)]));
        both_styles_match(&BTreeMap::from([(Some("k"), 1)]));
        both_styles_match(&FloatKeys(vec![(0.5, 1), (1e16, 2), (-0.0, 3)]));
        both_styles_match(&FloatKeys(vec![(f64::NAN, 1)]));
        both_styles_match(&BTreeMap::from([((1, 2), 3)]));
        both_styles_match(&BTreeMap::from([(Vec::<u8>::new(), 3)]));
        both_styles_match(&BTreeMap::from([((), 3)]));
    }

    #[test]
    fn a_failing_serialize_gives_its_message() {
        #[derive(Debug)]
        struct Fails;
        impl Serialize for Fails {
            fn serialize<S: ser::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(ser::Error::custom("no way"))
            }
        }
        both_styles_match(&vec![Fails]);
    }

    #[test]
    fn raw_values_are_copied_as_serde_json_copies_them() {
        let raw =
            serde_json::value::RawValue::from_string(r#"[1, "é\"", {"a": 2.50}]"#.to_string())
                .unwrap();
        both_styles_match(&(json!("x"), &raw, vec![&raw]));
        assert_eq!(
            ours(&raw, Style::Python).unwrap(),
            r#"[1, "é\"", {"a": 2.50}]"#
        );
    }

    #[test]
    fn other_private_values_of_serde_json_are_left_to_it() {
        struct Number;
        impl Serialize for Number {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeStruct;
                let mut n = s.serialize_struct("$serde_json::private::Number", 1)?;
                n.serialize_field("$serde_json::private::Number", "12")?;
                n.end()
            }
        }
        assert!(matches!(
            write(&mut Vec::new(), &Number, Style::Plain),
            Err(WriteError::Unsupported)
        ));
    }

    #[test]
    fn json_carried_in_a_string_is_written_as_serde_json_writes_it() {
        let inner =
            json!({"items": [{"id": 1, "sku": "a\\b", "tags": ["x", "\"q\""]}], "ok": true});
        let text = inner.to_string();
        for carried in [
            json!(text),
            json!([text.repeat(3), "é\"✓\\"]),
            json!({"k": text}),
        ] {
            both_styles_match(&carried);
        }
    }

    proptest! {
        /// Quotes and backslashes among other bytes, the words with only
        /// them to escape written without a branch per byte.
        #[test]
        fn quotes_and_backslashes_are_written_as_serde_json_writes_them(
            s in "[a-z \"\\\\é\x01\x7f]{0,80}",
        ) {
            for style in [Style::Python, Style::Plain] {
                prop_assert_eq!(ours(&s, style), serde_json_text(&s, style));
                prop_assert_eq!(ours_in_string(&s, style), serde_json_text_in_string(&s, style));
            }
        }

        #[test]
        fn any_value_is_written_as_serde_json_writes_it(value in crate::test_support::json_values("(?s).{0,12}", 8)) {
            for style in [Style::Python, Style::Plain] {
                prop_assert_eq!(ours(&value, style), serde_json_text(&value, style));
                prop_assert_eq!(
                    ours_in_string(&value, style),
                    serde_json_text_in_string(&value, style)
                );
            }
        }
    }
}
