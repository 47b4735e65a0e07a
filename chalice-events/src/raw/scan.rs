//! The pull scanner under [`Fields`](super::Fields): JSON text read one
//! token at a time, with nothing built that the reader does not ask for.
//!
//! It accepts exactly what `serde_json::from_str::<Value>` accepts (the
//! tests below hold it to that), and says only where it stopped: the
//! wording of a syntax error is `serde_json`'s, found by reading the text
//! again as a `Value` (see [`Report::error`](super::Report::error)), so the
//! messages users see do not depend on which reader found the fault.

use std::borrow::Cow;

use super::{Path, MAX_DEPTH};
use crate::swar::{below, equal_bytes, specials};

/// Why a read stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    /// The text is not JSON here.
    Syntax,
    /// One more array or object than `serde_json` lets nest.
    Depth,
    /// The reader refused a field; the typed error is in the report.
    Field,
}

/// Where and why a read stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stop {
    /// The byte offset in the scanned text at which it stopped.
    pub(crate) at: usize,
    pub(crate) why: Why,
}

impl Stop {
    pub(crate) fn field() -> Self {
        Stop {
            at: 0,
            why: Why::Field,
        }
    }
}

/// A number as the scanner found it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Num<'t> {
    /// The literal, as written.
    pub(crate) token: &'t str,
    /// Its value when `serde_json` would hold it as a float: any literal
    /// with a fraction or an exponent, and integers past 64 bits. `None`
    /// for an integer that fits `i64` or `u64`.
    pub(crate) float: Option<f64>,
}

/// The arrays and objects open around a raw skip, innermost last: a bit
/// each (set for an object) for the first 128, which is as deep as any
/// value `serde_json` reads, and a vector past them, which a raw skip
/// allows.
#[derive(Default)]
struct Brackets {
    bits: u128,
    depth: usize,
    deeper: Vec<bool>,
}

impl Brackets {
    fn push(&mut self, object: bool) {
        if self.depth < 128 {
            self.bits = self.bits << 1 | u128::from(object);
        } else {
            self.deeper.push(object);
        }
        self.depth += 1;
    }

    fn pop(&mut self) {
        if self.depth > 128 {
            self.deeper.pop();
        } else {
            self.bits >>= 1;
        }
        self.depth = self.depth.saturating_sub(1);
    }

    /// Whether the innermost is an object; `None` when none is open.
    fn last(&self) -> Option<bool> {
        match self.depth {
            0 => None,
            1..=128 => Some(self.bits & 1 == 1),
            _ => self.deeper.last().copied(),
        }
    }
}

/// A cursor over JSON text. Every method that reads a value expects the
/// cursor before it (whitespace allowed) and leaves it just past it. A copy
/// is a saved position, to go back to.
#[derive(Debug, Clone)]
pub(crate) struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    /// How many more arrays and objects may open.
    room: usize,
}

/// Whether the only bytes of `word` that end a plain run are escaped
/// quotes, `\"`, each whole within the word: JSON carried in a string,
/// whose quotes come every few bytes. A backslash followed by anything
/// else (`\\` among them), a quote without its backslash (the string's
/// end), a control character or a backslash in the last byte leave the
/// word to the byte-wise decoding.
fn only_escaped_quotes(word: u64) -> bool {
    let backslashes = equal_bytes(word, b'\\');
    let quotes = equal_bytes(word, b'"');
    // Each backslash's flag moved to the next byte is a quote's, and the
    // other way round; a backslash in the last byte moves out of the word.
    below(word, 0x20) == 0 && backslashes << 8 == quotes && backslashes >> 56 == 0
}

/// Decodes the word of [`only_escaped_quotes`] that was just appended to
/// `out`, from `kept` on: each byte moved back over the backslashes before
/// it, which are dropped. No branch per escape: where the quotes come is
/// different in every word, and a chain of steps per escape (find it, copy
/// up to it, start again after it) waited on each.
fn drop_backslashes(out: &mut Vec<u8>, kept: usize, word: u64) {
    let Some(room) = out
        .get_mut(kept..)
        .and_then(|room| <&mut [u8; 8]>::try_from(room).ok())
    else {
        return;
    };
    let mut j = 0;
    for b in word.to_le_bytes() {
        // `j` is at most the byte's own place: below 8.
        room[j & 7] = b;
        j += usize::from(b != b'\\');
    }
    out.truncate(kept + j);
}

impl<'t> Scanner<'t> {
    /// A scanner of `text`, a value that lies `depth` arrays and objects
    /// deep in the document it came from (0 for a whole one).
    pub(crate) fn new(text: &'t str, depth: usize) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            room: MAX_DEPTH.saturating_sub(depth),
        }
    }

    /// The byte offset of the cursor.
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }

    /// The text between two offsets the cursor passed.
    pub(crate) fn slice(&self, start: usize, end: usize) -> Result<&'t str, Stop> {
        self.text.get(start..end).ok_or_else(|| self.syntax())
    }

    /// The text from `start` on.
    pub(crate) fn rest_from(&self, start: usize) -> &'t str {
        self.text.get(start..).unwrap_or("")
    }

    pub(crate) fn syntax(&self) -> Stop {
        self.syntax_at(self.pos)
    }

    fn syntax_at(&self, at: usize) -> Stop {
        Stop {
            at,
            why: Why::Syntax,
        }
    }

    fn whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The first byte of the next value, after any whitespace; `None` at
    /// the end of the text.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        self.whitespace();
        self.bytes.get(self.pos).copied()
    }

    /// The kind of the next value, as errors name it, judged by its first
    /// byte (the value itself is not checked).
    pub(crate) fn kind(&mut self) -> Result<&'static str, Stop> {
        Ok(match self.peek() {
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            Some(b'-' | b'0'..=b'9') => "a number",
            _ => return Err(self.syntax()),
        })
    }

    /// Checks that nothing but whitespace is left.
    pub(crate) fn end(&mut self) -> Result<(), Stop> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax()),
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), Stop> {
        match self.peek() {
            Some(b) if b == byte => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(self.syntax()),
        }
    }

    /// Opens the array or object at the cursor, counting it against the
    /// nesting limit.
    pub(crate) fn open(&mut self) -> Result<(), Stop> {
        match self.peek() {
            Some(b'{' | b'[') => {}
            _ => return Err(self.syntax()),
        }
        self.pos += 1;
        match self.room.checked_sub(1) {
            Some(room) => {
                self.room = room;
                Ok(())
            }
            // Where `serde_json` places the error: just past the bracket.
            None => Err(Stop {
                at: self.pos,
                why: Why::Depth,
            }),
        }
    }

    fn close(&mut self) {
        self.pos += 1;
        self.room += 1;
    }

    /// The next key of the object opened by [`open`](Self::open), the
    /// cursor left at its value; `None` once the object is closed. `first`
    /// is true before the first key is asked for.
    pub(crate) fn key(&mut self, first: &mut bool) -> Result<Option<Cow<'t, str>>, Stop> {
        match self.peek() {
            Some(b'}') => {
                self.close();
                return Ok(None);
            }
            Some(b',') if !*first => self.pos += 1,
            Some(_) if *first => *first = false,
            _ => return Err(self.syntax()),
        }
        // The first run searched inline, as a skipped string's: keys are
        // short, and the call to `run_end` would cost as much as their loop.
        if self.peek() != Some(b'"') {
            return Err(self.syntax());
        }
        let start = self.pos + 1;
        let end = self.special(start);
        let key = if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            Cow::Borrowed(self.slice(start, end)?)
        } else {
            Cow::Owned(self.escaped(start, end)?)
        };
        self.expect(b':')?;
        Ok(Some(key))
    }

    /// Whether the array opened by [`open`](Self::open) has another
    /// element, the cursor left at it; `false` once the array is closed.
    pub(crate) fn element(&mut self, first: &mut bool) -> Result<bool, Stop> {
        match (self.peek(), *first) {
            (Some(b']'), _) => {
                self.close();
                Ok(false)
            }
            (Some(b','), false) => {
                self.pos += 1;
                Ok(true)
            }
            (Some(_), true) => {
                *first = false;
                Ok(true)
            }
            _ => Err(self.syntax()),
        }
    }

    /// Reads `true`, `false` or `null`; `Some(b)` for a boolean.
    pub(crate) fn literal(&mut self) -> Result<Option<bool>, Stop> {
        self.whitespace();
        // Matched against patterns of known bytes: a comparison with a
        // word chosen at run time is a call to `memcmp`.
        let (len, value) = match self.bytes.get(self.pos..).unwrap_or_default() {
            [b't', b'r', b'u', b'e', ..] => (4, Some(true)),
            [b'f', b'a', b'l', b's', b'e', ..] => (5, Some(false)),
            [b'n', b'u', b'l', b'l', ..] => (4, None),
            _ => return Err(self.syntax()),
        };
        self.pos += len;
        Ok(value)
    }

    /// The offset of the first quote, backslash or control character at or
    /// after `from`, or the length of the text. Eight bytes at a time: most
    /// strings of an event are long runs without any. Inlined where runs
    /// are short (between escapes); see [`run_end`](Self::run_end).
    #[inline]
    fn special(&self, from: usize) -> usize {
        let bytes = self.bytes;
        let mut i = from;
        // One bound compared per word: fewer values live across the loop
        // than a chunked iterator keeps, so its masks stay in registers.
        while let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            let found = specials(u64::from_le_bytes(word));
            if found != 0 {
                // Little-endian: the lowest bit is the first byte.
                return i + (found.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        while let Some(&b) = bytes.get(i) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                return i;
            }
            i += 1;
        }
        i.min(bytes.len())
    }

    /// [`special`](Self::special) as a call of its own, for the first run
    /// of a string, usually all of it: alone, its loop keeps the masks in
    /// registers, which pays for the call on all but the shortest runs.
    #[inline(never)]
    fn run_end(&self, from: usize) -> usize {
        self.special(from)
    }

    /// Reads the string at the cursor: borrowed from the text when it holds
    /// no escape, decoded otherwise. Inlined: nearly every string of an
    /// event is a key or a short value without an escape, and the call
    /// would cost as much as reading it.
    #[inline]
    pub(crate) fn string(&mut self) -> Result<Cow<'t, str>, Stop> {
        if self.peek() != Some(b'"') {
            return Err(self.syntax());
        }
        let start = self.pos + 1;
        let end = self.run_end(start);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return self.slice(start, end).map(Cow::Borrowed);
        }
        self.escaped(start, end).map(Cow::Owned)
    }

    /// The rest of [`string`](Self::string) once its first run, from
    /// `start` to `end`, ended at something other than the closing quote.
    #[inline(never)]
    fn escaped(&mut self, start: usize, end: usize) -> Result<String, Stop> {
        if self.bytes.get(end) != Some(&b'\\') {
            return Err(self.syntax_at(end));
        }
        // Bytes, not a `String`: runs are copied whole and escapes pushed
        // as bytes, and the result checked once at the end (it cannot
        // fail: runs are cut at ASCII bytes of text that is UTF-8, and
        // escapes are pushed as whole characters). A string with an escape
        // is most often text or JSON carried in a string (a request's or a
        // message's body), whose first run is a small part of it: room for
        // a few hundred bytes more, no more than the text holds, spares the
        // first doublings of a buffer grown from the run alone.
        let room = self.bytes.len().saturating_sub(end).min(256);
        let mut out = Vec::with_capacity(end - start + room);
        out.extend_from_slice(self.bytes.get(start..end).unwrap_or_default());
        self.pos = end;
        self.decode(&mut out)?;
        String::from_utf8(out).map_err(|_| self.syntax())
    }

    /// Skips the string at the cursor, checking it as [`string`](Self::string)
    /// does (`strict`), or as `serde_json` checks a string it captures
    /// without reading (`RawValue`), which lets a lone surrogate pass.
    ///
    /// Inlined as far as the first run: most strings a skip passes over
    /// are keys and values without an escape, and a call for each would
    /// cost more than its loop (a frame, and the masks set up again).
    #[inline(always)]
    fn skip_string(&mut self, strict: bool) -> Result<(), Stop> {
        if self.peek() != Some(b'"') {
            return Err(self.syntax());
        }
        let end = self.special(self.pos + 1);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return Ok(());
        }
        self.skip_escaped(end, strict)
    }

    /// The rest of [`skip_string`](Self::skip_string) once a run ended at
    /// `end`, on something other than the closing quote.
    #[inline(never)]
    fn skip_escaped(&mut self, mut end: usize, strict: bool) -> Result<(), Stop> {
        loop {
            match self.bytes.get(end) {
                Some(b'"') => {
                    self.pos = end + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos = end + 1;
                    self.escape(strict)?;
                    end = self.special(self.pos);
                }
                _ => return Err(self.syntax_at(end)),
            }
        }
    }

    /// The rest of a string from the cursor, through its closing quote,
    /// decoded into `out`. Bytes, not `str` slices: runs are cut at ASCII
    /// bytes, so they are whole characters, and the caller checks the
    /// result once.
    ///
    /// Runs between escapes are often a few bytes (JSON written into a
    /// string has a quote every few bytes): each word of eight is copied
    /// whole, a fixed-size copy with no call to `memcpy`, and `out` is cut
    /// back to the bytes before the first special one, which the word
    /// already holds. The cursor is kept in a local and stored on leaving.
    fn decode(&mut self, out: &mut Vec<u8>) -> Result<(), Stop> {
        let bytes = self.bytes;
        let mut at = self.pos;
        loop {
            let Some(word) = bytes
                .get(at..at + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
            else {
                self.pos = at;
                return self.decode_tail(out);
            };
            let kept = out.len();
            out.extend_from_slice(&word);
            let w = u64::from_le_bytes(word);
            let found = specials(w);
            if found == 0 {
                at += 8;
                continue;
            }
            if only_escaped_quotes(w) {
                drop_backslashes(out, kept, w);
                at += 8;
                continue;
            }
            // Little-endian: the lowest flag is the first byte, and exact.
            let n = (found.trailing_zeros() / 8) as usize;
            out.truncate(kept + n);
            let end = at + n;
            let byte = match (word.get(n), bytes.get(end + 1)) {
                (Some(b'"'), _) => {
                    self.pos = end + 1;
                    return Ok(());
                }
                // The one-letter escapes here, without a call.
                (Some(b'\\'), Some(b'"')) => b'"',
                (Some(b'\\'), Some(b'\\')) => b'\\',
                (Some(b'\\'), Some(b'/')) => b'/',
                (Some(b'\\'), Some(b'n')) => b'\n',
                (Some(b'\\'), Some(b't')) => b'\t',
                (Some(b'\\'), Some(b'r')) => b'\r',
                (Some(b'\\'), Some(b'b')) => 0x08,
                (Some(b'\\'), Some(b'f')) => 0x0c,
                (Some(b'\\'), _) => {
                    self.pos = end + 1;
                    self.push_escape(out)?;
                    at = self.pos;
                    continue;
                }
                _ => return Err(self.syntax_at(end)),
            };
            out.push(byte);
            at = end + 2;
        }
    }

    /// [`decode`](Self::decode) of the last bytes of the text, fewer than
    /// eight, from the cursor.
    fn decode_tail(&mut self, out: &mut Vec<u8>) -> Result<(), Stop> {
        loop {
            let end = self.special(self.pos);
            let run = self.bytes.get(self.pos..end).ok_or_else(|| self.syntax())?;
            out.extend_from_slice(run);
            match self.bytes.get(end) {
                Some(b'"') => {
                    self.pos = end + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos = end + 1;
                    self.push_escape(out)?;
                }
                _ => return Err(self.syntax_at(end)),
            }
        }
    }

    /// Decodes the escape after a backslash, the cursor past the backslash,
    /// into `out`.
    fn push_escape(&mut self, out: &mut Vec<u8>) -> Result<(), Stop> {
        match self.escape(true)? {
            Some(c) => {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                Ok(())
            }
            // Only a read that is not strict lets a surrogate pass alone.
            None => Err(self.syntax()),
        }
    }

    /// The character of the escape after a backslash. `None` only when not
    /// `strict`, for a surrogate that is not part of a pair.
    fn escape(&mut self, strict: bool) -> Result<Option<char>, Stop> {
        let Some(&b) = self.bytes.get(self.pos) else {
            return Err(self.syntax());
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode(strict),
            _ => return Err(self.syntax_at(self.pos - 1)),
        };
        Ok(Some(c))
    }

    fn hex4(&mut self) -> Result<u32, Stop> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = self
                .bytes
                .get(self.pos)
                .and_then(|&b| char::from(b).to_digit(16))
                .ok_or_else(|| self.syntax())?;
            n = n * 16 + digit;
            self.pos += 1;
        }
        Ok(n)
    }

    /// A `\u` escape, after the `u`: a character, or a surrogate pair as
    /// the one character it encodes. `serde_json` refuses a lone surrogate
    /// in a string it reads, and so does a strict read.
    fn unicode(&mut self, strict: bool) -> Result<Option<char>, Stop> {
        let n = self.hex4()?;
        if !(0xD800..0xDC00).contains(&n) {
            return match char::from_u32(n) {
                Some(c) => Ok(Some(c)),
                None if strict => Err(self.syntax()),
                None => Ok(None),
            };
        }
        if !strict {
            return Ok(None);
        }
        if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
            return Err(self.syntax());
        }
        self.pos += 2;
        let low = self.hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err(self.syntax());
        }
        let c = char::from_u32(0x1_0000 + ((n - 0xD800) << 10) + (low - 0xDC00));
        c.map(Some).ok_or_else(|| self.syntax())
    }

    /// Skips the digits at the cursor; how many there were.
    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Scans the number at the cursor by JSON's grammar, without judging
    /// its value.
    fn number_token(&mut self) -> Result<(&'t str, bool), Stop> {
        self.whitespace();
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            // A leading zero stands alone: `01` is the number `0`, then a
            // stray `1` that the enclosing value refuses.
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.syntax()),
        }
        let mut integer = true;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            integer = false;
            if self.digits() == 0 {
                return Err(self.syntax());
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.syntax());
            }
        }
        Ok((self.slice(start, self.pos)?, integer))
    }

    /// Reads the number at the cursor as `serde_json` does: an integer
    /// literal that fits 64 bits is an integer; anything else is the
    /// nearest `f64` (`str::parse` rounds correctly, as `serde_json` does
    /// with `float_roundtrip`), refused when it is not finite.
    pub(crate) fn number(&mut self) -> Result<Num<'t>, Stop> {
        let start = self.pos;
        let (token, integer) = self.number_token()?;
        let digits = token.trim_start_matches('-').len();
        // 18 digits always fit; longer ones are tried.
        let fits = integer
            && (digits <= 18
                || match token.starts_with('-') {
                    true => token.parse::<i64>().is_ok(),
                    false => token.parse::<u64>().is_ok(),
                });
        if fits {
            return Ok(Num { token, float: None });
        }
        match token.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Num {
                token,
                float: Some(v),
            }),
            // "number out of range" to `serde_json`.
            _ => Err(self.syntax_at(start)),
        }
    }

    /// Skips any value as `serde_json` does when it captures one without
    /// reading it (a `RawValue`): the grammar only, so a lone surrogate, a
    /// number out of range or any depth passes, for a strict read of the
    /// captured text later. Without recursion, since depth is unbounded.
    ///
    /// Whether that strict read could judge the value otherwise: `false`
    /// when it holds no number and nests no deeper than a strict read may
    /// from here. The last difference, a `\u` escape, is for the caller to
    /// look for in the captured text.
    pub(crate) fn skip_raw(&mut self) -> Result<bool, Stop> {
        let mut open = Brackets::default();
        let mut strict_may_differ = false;
        loop {
            match self.peek() {
                Some(b @ (b'{' | b'[')) => {
                    // This one, empty or not, opens at `open.depth + 1`.
                    strict_may_differ |= open.depth >= self.room;
                    self.pos += 1;
                    let object = b == b'{';
                    if self.peek() == Some(if object { b'}' } else { b']' }) {
                        self.pos += 1;
                    } else {
                        open.push(object);
                        if object {
                            self.raw_key()?;
                        }
                        continue;
                    }
                }
                Some(b'"') => self.skip_string(false)?,
                Some(b'-' | b'0'..=b'9') => {
                    self.number_token()?;
                    strict_may_differ = true;
                }
                _ => {
                    self.literal()?;
                }
            }
            // After a value: close what ends here, up to the next one.
            loop {
                let Some(object) = open.last() else {
                    return Ok(strict_may_differ);
                };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if object {
                            self.raw_key()?;
                        }
                        break;
                    }
                    Some(b'}') if object => {}
                    Some(b']') if !object => {}
                    _ => return Err(self.syntax()),
                }
                self.pos += 1;
                open.pop();
            }
        }
    }

    fn raw_key(&mut self) -> Result<(), Stop> {
        if self.peek() != Some(b'"') {
            return Err(self.syntax());
        }
        self.skip_string(false)?;
        self.expect(b':')
    }

    /// Skips any value at path `at`, checking it as strictly as reading it
    /// into a `Value` would; `float` is told each float found, and where.
    ///
    /// Most skipped values hold no float (an event's numbers are integers),
    /// and then nothing needs a path: they are passed over by
    /// [`skip_plain`](Self::skip_plain), without recursion and without
    /// reading a key. A value that holds a float is skipped again from its
    /// start by [`skip_told`](Self::skip_told), which tells it.
    pub(crate) fn skip(
        &mut self,
        at: Path<'_>,
        float: &mut impl FnMut(&Path<'_>, f64),
    ) -> Result<(), Stop> {
        let start = self.clone();
        if self.skip_plain()? {
            return Ok(());
        }
        *self = start;
        self.skip_told(at, float)
    }

    /// Skips the value at the cursor as [`skip`](Self::skip) checks it, as
    /// long as it holds no float: `Ok(true)` past it; `Ok(false)`, the
    /// cursor anywhere, at the first float. An error is the one `skip` would
    /// stop at, since it comes before any float.
    fn skip_plain(&mut self) -> Result<bool, Stop> {
        // A bit per array or object still open, innermost lowest, set for
        // an object: the nesting limit keeps them within 128.
        let mut objects: u128 = 0;
        let mut open = 0u32;
        loop {
            // At a value.
            match self.peek() {
                Some(b @ (b'{' | b'[')) => {
                    self.open()?;
                    let close = if b == b'{' { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.close();
                    } else {
                        objects = objects << 1 | u128::from(b == b'{');
                        open += 1;
                        if b == b'{' {
                            self.skip_string(true)?;
                            self.expect(b':')?;
                        }
                        continue;
                    }
                }
                Some(b'"') => self.skip_string(true)?,
                Some(b'-' | b'0'..=b'9') => {
                    if self.number()?.float.is_some() {
                        return Ok(false);
                    }
                }
                _ => {
                    self.literal()?;
                }
            }
            // Past a value: close what ends here, up to the next value.
            loop {
                if open == 0 {
                    return Ok(true);
                }
                let object = objects & 1 == 1;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if object {
                            self.skip_string(true)?;
                            self.expect(b':')?;
                        }
                        break;
                    }
                    Some(b'}') if object => {}
                    Some(b']') if !object => {}
                    _ => return Err(self.syntax()),
                }
                self.close();
                objects >>= 1;
                open -= 1;
            }
        }
    }

    /// [`skip`](Self::skip) telling each float where it is: recursive, the
    /// nesting limit bounding the depth.
    fn skip_told(
        &mut self,
        at: Path<'_>,
        float: &mut impl FnMut(&Path<'_>, f64),
    ) -> Result<(), Stop> {
        match self.peek() {
            Some(b'{') => {
                self.open()?;
                let mut first = true;
                while let Some(key) = self.key(&mut first)? {
                    self.skip_told(Path::Key(&at, &key), &mut *float)?;
                }
            }
            Some(b'[') => {
                self.open()?;
                let mut first = true;
                let mut i = 0;
                while self.element(&mut first)? {
                    self.skip_told(Path::Index(&at, i), &mut *float)?;
                    i += 1;
                }
            }
            Some(b'"') => self.skip_string(true)?,
            Some(b'-' | b'0'..=b'9') => {
                if let Some(v) = self.number()?.float {
                    float(&at, v);
                }
            }
            _ => {
                self.literal()?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Whether the scanner accepts `text` as one JSON document.
    fn accepts(text: &str) -> bool {
        let mut r = Scanner::new(text, 0);
        r.skip(Path::Root, &mut |_, _| {})
            .and_then(|()| r.end())
            .is_ok()
    }

    fn agree(text: &str) {
        let json = serde_json::from_str::<Value>(text).is_ok();
        assert_eq!(accepts(text), json, "{text:?}");
    }

    fn read_string(text: &str) -> Result<Cow<'_, str>, Stop> {
        let mut r = Scanner::new(text, 0);
        let s = r.string()?;
        r.end()?;
        Ok(s)
    }

    #[test]
    fn strings_decode_as_json_defines() {
        let table = [
            (r#""""#, Some("")),
            (r#""abc""#, Some("abc")),
            (r#""a\"b\\c\/d""#, Some("a\"b\\c/d")),
            (r#""\b\f\n\r\t""#, Some("\u{8}\u{c}\n\r\t")),
            (r#""\u0041\u00e9\u20AC""#, Some("Aé€")),
            (r#""\ud83d\ude00""#, Some("😀")),
            (r#""\uD83D\uDE00x""#, Some("😀x")),
            (r#""é😀 plain""#, Some("é😀 plain")),
            // Lone or misordered surrogates.
            (r#""\ud800""#, None),
            (r#""\udc00""#, None),
            (r#""\ud800x""#, None),
            (r#""\ud800\n""#, None),
            (r#""\ud800\ud800""#, None),
            (r#""\ude00\ud83d""#, None),
            // Bad escapes and hex.
            (r#""\x""#, None),
            (r#""\u12""#, None),
            (r#""\u12g4""#, None),
            (r#""\"#, None),
            (r#""abc"#, None),
            ("\"a\u{1f}b\"", None),
            ("\"a\nb\"", None),
            ("\"a\u{7f}b\"", Some("a\u{7f}b")),
        ];
        for (text, expected) in table {
            let got = read_string(text).ok();
            assert_eq!(got.as_deref(), expected, "{text}");
            agree(text);
        }
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        assert!(matches!(
            read_string(r#""plain text""#),
            Ok(Cow::Borrowed(_))
        ));
        assert!(matches!(read_string(r#""a\nb""#), Ok(Cow::Owned(_))));
    }

    #[test]
    fn an_escape_is_found_at_every_place_in_a_word() {
        // Each special byte at each offset of the first and second word,
        // so that both the word scan and the byte tail see it.
        for len in 0..20 {
            let plain = "x".repeat(len);
            let text = format!(r#""{plain}\n{plain}""#);
            assert_eq!(read_string(&text).unwrap(), format!("{plain}\n{plain}"));
            let text = format!("\"{plain}\"");
            assert_eq!(read_string(&text).unwrap(), plain);
            let text = format!("\"{plain}\u{1}\"");
            assert!(read_string(&text).is_err(), "{text:?}");
            agree(&text);
            let text = format!("\"{plain}é\\\"\"");
            assert_eq!(read_string(&text).unwrap(), format!("{plain}é\""));
        }
        for b in 0u8..=0x7f {
            let text = format!("\"abcdefg{}hij\"", char::from(b));
            agree(&text);
        }
    }

    #[test]
    fn escaped_quotes_decode_at_every_place_in_a_word() {
        // JSON carried in a string, shifted through a word, with the
        // sequences that must leave the word to the byte-wise decoding: an
        // escaped backslash before a quote, a quote's escape cut by the
        // word's end, the string's end.
        let carried = r#"{"a":"b","c":["d\"e"],"f":1}"#;
        for len in 0..17 {
            let plain = "x".repeat(len);
            let original = format!("{plain}{carried}{plain}\\\"{plain}\\");
            let text = serde_json::to_string(&original).unwrap();
            assert_eq!(read_string(&text).unwrap(), original, "{text}");
            agree(&text);
            // A quote with no backslash ends the string there.
            let cut = format!("\"{plain}\\\"ab\"cd\\\"\"");
            assert!(read_string(&cut).is_err(), "{cut}");
            agree(&cut);
        }
    }

    #[test]
    fn numbers_follow_the_grammar_and_the_range() {
        let table = [
            ("0", true),
            ("-0", true),
            ("-0.0e-0", true),
            ("01", false),
            ("-", false),
            ("-a", false),
            ("1.", false),
            (".5", false),
            ("1e", false),
            ("1e+", false),
            ("1E+5", true),
            ("+1", false),
            ("1.5e308", true),
            ("1e400", false),
            ("-1e400", false),
            ("1e-400", true),
            ("0e99999999999999999999", true),
            ("1e99999999999999999999", false),
            ("18446744073709551616", true),
            ("18446744073709551615", true),
            ("-9223372036854775808", true),
            ("-9223372036854775809", true),
            ("-18446744073709551616", true),
            ("-1e-400", true),
            ("123456789012345678", true),
            ("-123456789012345678", true),
            (&"9".repeat(400), false),
            (&format!("0.{}1", "0".repeat(400)), true),
            (&format!("1{}e-400", "0".repeat(400)), true),
            ("NaN", false),
            ("Infinity", false),
        ];
        for (text, ok) in table {
            assert_eq!(accepts(text), ok, "{text}");
            agree(text);
            agree(&format!("[{text}]"));
        }
    }

    #[test]
    fn floats_that_may_be_long_integers_are_told() {
        let table = [
            ("18446744073709551615", None),
            ("-9223372036854775808", None),
            ("123456789012345678", None),
            ("18446744073709551616", Some(18_446_744_073_709_551_616.0)),
            ("-9223372036854775809", Some(-9_223_372_036_854_775_808.0)),
            ("1e19", Some(1e19)),
            ("1.5", Some(1.5)),
        ];
        for (text, float) in table {
            let mut r = Scanner::new(text, 0);
            assert_eq!(r.number().unwrap().float, float, "{text}");
        }
    }

    #[test]
    fn nesting_stops_where_serde_json_stops() {
        for (depth, ok) in [(126, true), (127, true), (128, false), (129, false)] {
            let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            assert_eq!(accepts(&text), ok, "{depth}");
            agree(&text);
            let text = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
            assert_eq!(accepts(&text), ok, "{depth}");
            agree(&text);
        }
        let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
        let err = Scanner::new(&deep, 0)
            .skip(Path::Root, &mut |_, _| {})
            .unwrap_err();
        assert_eq!(
            err,
            Stop {
                at: 128,
                why: Why::Depth
            }
        );
        // A value already one level deep has one level less.
        let text = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert!(Scanner::new(&text, 1)
            .skip(Path::Root, &mut |_, _| {})
            .is_err());
        assert!(Scanner::new(&text, 0)
            .skip(Path::Root, &mut |_, _| {})
            .is_ok());
    }

    #[test]
    fn structure_and_trailing_text() {
        for text in [
            "{}",
            " { \"a\" : [ 1 , true , null , { } , [ ] ] } ",
            "\t\r\n[]\n",
            "[1,]",
            "[,1]",
            "{\"a\":1,}",
            "{,}",
            "{\"a\" 1}",
            "{1:1}",
            "[1 2]",
            "[1] x",
            "[1]]",
            "{} {}",
            "[tru]",
            "[truex]",
            "nul",
            "",
            " ",
            "\u{c}[]",
            "[1}",
            "{\"a\":1]",
        ] {
            agree(text);
        }
    }

    #[test]
    fn raw_skips_check_the_grammar_only() {
        let raw = |text: &str| {
            let mut r = Scanner::new(text, 0);
            r.skip_raw().and_then(|_| r.end()).is_ok()
        };
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        for text in [r#"["\ud800", 1e400]"#, r#"{"\udc00": {}}"#, &deep] {
            assert!(raw(text), "{text}");
            assert!(!accepts(text), "{text}");
        }
        // Past 128 levels, objects and arrays in turn, closed by what
        // opened them and not by the other bracket.
        let mixed = |close: &str| {
            let open = r#"{"a":["#.repeat(100);
            format!("{open}1{}", close.repeat(100))
        };
        assert!(raw(&mixed("]}")));
        assert!(!raw(&mixed("}]")));
        assert!(!raw(&format!("{}{}", "[".repeat(200), "]".repeat(199))));
        for text in [
            "[1,]",
            "{\"a\"}",
            "[01]",
            "[\"\\x\"]",
            "[1}",
            "{} 1",
            "[\"a\u{1}\"]",
        ] {
            assert!(!raw(text), "{text}");
        }
        for text in [r#"{"a":[1,{"b":null}],"c":"d"}"#, "[]", "{}", "1", "\"s\""] {
            assert!(raw(text), "{text}");
        }
    }

    /// JSON text written from a `Value`, compact, or with whitespace
    /// wherever JSON allows it.
    fn write(value: &Value, spaces: &[u8], out: &mut String, n: &mut usize) {
        fn space(spaces: &[u8], out: &mut String, n: &mut usize) {
            if let Some(&s) = spaces.get(*n % spaces.len().max(1)) {
                for _ in 0..s % 3 {
                    out.push([' ', '\n', '\t', '\r'][usize::from(s / 3 % 4)]);
                }
            }
            *n += 1;
        }
        space(spaces, out, n);
        match value {
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, spaces, out, n);
                }
                space(spaces, out, n);
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    space(spaces, out, n);
                    out.push_str(&Value::from(k.as_str()).to_string());
                    space(spaces, out, n);
                    out.push(':');
                    write(v, spaces, out, n);
                }
                space(spaces, out, n);
                out.push('}');
            }
            other => out.push_str(&other.to_string()),
        }
        space(spaces, out, n);
    }

    fn leaf() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
            "[\"\\\\\\x00-\\x1fa-z]{0,12}".prop_map(Value::String),
        ]
    }

    fn value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        leaf().prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec(("[a-z\"\\\\]{0,4}", inner), 0..6)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    /// Bytes that make JSON text invalid, or valid in another way.
    const EDITS: &[&str] = &[
        "", "\"", "\\", ",", ":", "[", "]", "{", "}", "-", "0", "1", ".", "e", "+", "\\u",
        "\\ud800", "\\udc00", "\u{1}", "\n", " ", "n", "t", "1e400", "01", "é",
    ];

    proptest::proptest! {
        /// Any string, written as serde_json writes it and as Python does
        /// (every character beyond ASCII as `\uXXXX`), reads back as
        /// itself: escapes dense or sparse, anywhere in a word.
        #[test]
        fn strings_read_back_as_written(
            chars in proptest::collection::vec(
                proptest::sample::select(vec!['"', '\\', '/', '\n', '\u{1}', '\u{7f}', 'a', ' ', 'é', '😀']),
                0..40,
            ),
        ) {
            let original: String = chars.into_iter().collect();
            let plain = serde_json::to_string(&original).unwrap();
            proptest::prop_assert_eq!(read_string(&plain).unwrap(), original.as_str());
            let python = crate::json::to_string(&original).unwrap();
            proptest::prop_assert_eq!(read_string(&python).unwrap(), original.as_str());
        }

        /// Quotes, backslashes and letters only: the words whose only
        /// escapes are quotes decoded without a branch per escape.
        #[test]
        fn dense_escapes_read_back_as_written(
            chars in proptest::collection::vec(
                proptest::sample::select(vec!['"', '"', '\\', 'a', 'é']),
                0..64,
            ),
        ) {
            let original: String = chars.into_iter().collect();
            let plain = serde_json::to_string(&original).unwrap();
            proptest::prop_assert_eq!(read_string(&plain).unwrap(), original.as_str());
            // Written again inside a string: two levels of escapes.
            let twice = serde_json::to_string(&plain).unwrap();
            proptest::prop_assert_eq!(read_string(&twice).unwrap(), plain.as_str());
        }

        #[test]
        fn skip_accepts_exactly_what_serde_json_parses(
            value in value(),
            spaces in proptest::collection::vec(proptest::num::u8::ANY, 0..16),
            cut in proptest::num::usize::ANY,
            edit in 0..EDITS.len(),
            how in 0u8..4,
        ) {
            let mut text = String::new();
            let mut n = 0;
            write(&value, &spaces, &mut text, &mut n);
            agree(&text);
            agree(&serde_json::to_string(&value).unwrap());
            // At a character boundary near `cut`: truncate, insert, replace.
            let mut at = cut % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let (head, tail) = text.split_at(at);
            let mutated = match how {
                0 => head.to_string(),
                1 => format!("{head}{}{tail}", EDITS[edit]),
                2 => {
                    let skip = tail.chars().next().map_or(0, char::len_utf8);
                    format!("{head}{}{}", EDITS[edit], &tail[skip..])
                }
                _ => format!("{text}{}", EDITS[edit]),
            };
            agree(&mutated);
            plain_and_told_agree(&text);
            plain_and_told_agree(&mutated);
        }
    }

    /// A way to skip a value, telling its floats.
    type Skip = fn(&mut Scanner<'_>, &mut dyn FnMut(&Path<'_>, f64)) -> Result<(), Stop>;

    /// Each of `text`'s floats, with its path, as a skip tells them, and
    /// where the skip ended or stopped.
    fn told(text: &str, skip: Skip) -> (Vec<(String, u64)>, Result<usize, Stop>) {
        let mut floats = Vec::new();
        let mut r = Scanner::new(text, 0);
        let end = skip(&mut r, &mut |at, v| {
            floats.push((at.to_string(), v.to_bits()))
        });
        (floats, end.map(|()| r.offset()))
    }

    /// A skip that passes over values without floats without reading a key
    /// tells the same floats at the same paths, and stops at the same place
    /// for the same reason, as the one that reads every key.
    fn plain_and_told_agree(text: &str) {
        let fast = told(text, |r, float| {
            r.skip(Path::Root, &mut |at, v| float(at, v))
        });
        let slow = told(text, |r, float| {
            r.skip_told(Path::Root, &mut |at, v| float(at, v))
        });
        assert_eq!(fast, slow, "{text:?}");
    }

    #[test]
    fn floats_deep_in_a_skipped_value_are_told_with_their_path() {
        let text = r#"{"a": [1, {"b": [2, 1e19]}], "c": {"d": -1e400}}"#;
        let (floats, end) = told(text, |r, float| {
            r.skip(Path::Root, &mut |at, v| float(at, v))
        });
        assert_eq!(floats, [("a[1].b[1]".to_string(), 1e19f64.to_bits())]);
        assert_eq!(end.unwrap_err().why, Why::Syntax);
        plain_and_told_agree(text);
        for text in [
            "[1, 2, {\"a\": \"b\"}]",
            "{\"a\": 0.5}",
            "18446744073709551616",
            "[[[]]]",
        ] {
            plain_and_told_agree(text);
        }
    }
}
