//! The maps a request hands out: [`MultiDict`] of query parameters and
//! case-insensitive [`Headers`].

use super::*;

pub(super) use crate::apigateway::lowercase;

/// Past this many entries, a map's lookups go through a hash index; below
/// it a scan beats hashing, and most requests have a dozen headers and a
/// few parameters.
pub(super) const LINEAR: usize = 16;

/// The query string parameters of a [`Request`]: each key with every value it
/// was given, in order. Chalice's `MultiDict`.
///
/// Looking a key up gives its **last** value, as in Chalice;
/// [`get_all`](MultiDict::get_all) gives them all.
///
/// ```
/// use chalice_events::request::MultiDict;
///
/// let query: MultiDict = [("a", "b"), ("c", "d"), ("a", "c")].into_iter().collect();
/// assert_eq!(query.get("a"), Some("c"));
/// assert_eq!(query.get_all("a"), ["b", "c"]);
/// assert_eq!(query.get("missing"), None);
/// assert_eq!(serde_json::to_string(&query)?, r#"{"a":"c","c":"d"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct MultiDict {
    // Every key and value back to back in one buffer, with where each lies:
    // a query's keys and values cost three allocations, not one each and
    // one more per key for its list.
    text: String,
    keys: Vec<KeySpan>,
    // A key's values are linked from its first to its last, so that a value
    // added to any key is pushed at the end.
    values: Vec<ValueSpan>,
    // Key → position, filled only past `LINEAR` keys.
    index: HashMap<Box<str>, usize>,
}

/// Where one key of a [`MultiDict`] lies, and its values.
#[derive(Clone, Copy)]
struct KeySpan {
    text: (usize, usize),
    first: usize,
    last: usize,
    len: usize,
}

/// Where one value of a [`MultiDict`] lies, and the next value of its key.
#[derive(Clone, Copy)]
struct ValueSpan {
    text: (usize, usize),
    next: usize,
}

/// No value: the end of a key's values.
const NONE: usize = usize::MAX;

impl PartialEq for MultiDict {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .zip(other.iter())
                .all(|((k, v), (l, w))| k == l && v.eq(w))
    }
}

impl Eq for MultiDict {}

impl std::fmt::Debug for MultiDict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl MultiDict {
    /// An empty `MultiDict`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The last value of `key`, e.g. `Some("2")` for `?a=1&a=2`; `None` when
    /// the key is absent or has no values.
    pub fn get(&self, key: &str) -> Option<&str> {
        let span = self.keys.get(self.find(key)?)?;
        let last = self.values.get(span.last)?;
        Some(self.slice(last.text))
    }

    /// Every value of `key`, in order; none when the key is absent.
    ///
    /// ```
    /// # use chalice_events::request::MultiDict;
    /// let query: MultiDict = [("a", "1"), ("b", "2"), ("a", "3")].into_iter().collect();
    /// let values: Vec<&str> = query.get_all("a").collect();
    /// assert_eq!(values, ["1", "3"]);
    /// assert_eq!(query.get_all("missing").len(), 0);
    /// ```
    pub fn get_all(&self, key: &str) -> Values<'_> {
        match self.find(key).and_then(|i| self.keys.get(i)) {
            Some(span) => self.values_of(span),
            None => Values {
                dict: self,
                next: NONE,
                left: 0,
            },
        }
    }

    /// Chalice's name for [`get_all`](MultiDict::get_all).
    pub fn getlist(&self, key: &str) -> Values<'_> {
        self.get_all(key)
    }

    /// Whether `key` has at least one value (a key with an empty list counts
    /// as absent, as in Chalice).
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The number of keys, those with no values included.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys with all their values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Values<'_>)> + '_ {
        self.keys
            .iter()
            .map(|span| (self.slice(span.text), self.values_of(span)))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.keys.iter().map(|span| self.slice(span.text))
    }

    /// Appends `value` to the values of `key` (adding the key at the end when new).
    pub fn push(&mut self, key: impl AsRef<str>, value: impl AsRef<str>) {
        let key = key.as_ref();
        let i = match self.position(key) {
            Some(i) => i,
            None => self.push_key(key),
        };
        self.push_value(i, value.as_ref());
    }

    /// Makes `value` the only value of `key` (Chalice's `md[key] = value`),
    /// keeping the key's position when it exists.
    pub fn insert(&mut self, key: impl AsRef<str>, value: impl AsRef<str>) {
        let key = key.as_ref();
        let i = match self.position(key) {
            Some(i) => {
                // The old values stay in the buffer, unused.
                if let Some(span) = self.keys.get_mut(i) {
                    *span = KeySpan {
                        first: NONE,
                        last: NONE,
                        len: 0,
                        ..*span
                    };
                }
                i
            }
            None => self.push_key(key),
        };
        self.push_value(i, value.as_ref());
    }

    /// Removes `key`, returning its values.
    pub fn remove(&mut self, key: &str) -> Option<Vec<String>> {
        let i = self.position(key)?;
        let span = self.keys.remove(i);
        self.index.clear();
        Some(self.values_of(&span).map(str::to_string).collect())
    }

    /// The plain dict Chalice makes of it (`dict(md)`, JSON encoding): each
    /// key with its last value. Keys without values are left out (Chalice
    /// would raise `KeyError`).
    pub fn to_dict(&self) -> Map<String, Value> {
        self.last_values()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect()
    }

    /// Each key that has values, with its last.
    fn last_values(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.keys.iter().filter_map(|span| {
            let last = self.values.get(span.last)?;
            Some((self.slice(span.text), self.slice(last.text)))
        })
    }

    fn values_of(&self, span: &KeySpan) -> Values<'_> {
        Values {
            dict: self,
            next: span.first,
            left: span.len,
        }
    }

    fn slice(&self, (start, end): (usize, usize)) -> &str {
        // Spans are only ever made from what was pushed onto `text`.
        self.text.get(start..end).unwrap_or_default()
    }

    fn push_text(&mut self, s: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(s);
        (start, self.text.len())
    }

    /// The position of `key`, with or without values; no indexing.
    fn find(&self, key: &str) -> Option<usize> {
        if self.keys.len() > LINEAR && self.index.len() == self.keys.len() {
            return self.index.get(key).copied();
        }
        self.keys
            .iter()
            .position(|span| self.slice(span.text) == key)
    }

    /// The position of `key`, with or without values, indexing the keys
    /// once there are many.
    pub(super) fn position(&mut self, key: &str) -> Option<usize> {
        if self.keys.len() <= LINEAR {
            return self.find(key);
        }
        for i in self.index.len()..self.keys.len() {
            if let Some(span) = self.keys.get(i) {
                let name = self.text.get(span.text.0..span.text.1).unwrap_or_default();
                self.index.insert(name.into(), i);
            }
        }
        self.index.get(key).copied()
    }

    pub(super) fn push_key(&mut self, key: &str) -> usize {
        let text = self.push_text(key);
        self.keys.push(KeySpan {
            text,
            first: NONE,
            last: NONE,
            len: 0,
        });
        self.keys.len() - 1
    }

    /// Appends `value` to the values of the key at `i`.
    pub(super) fn push_value(&mut self, i: usize, value: &str) {
        let at = self.values.len();
        let text = self.push_text(value);
        self.values.push(ValueSpan { text, next: NONE });
        let Some(span) = self.keys.get_mut(i) else {
            return;
        };
        match self.values.get_mut(span.last) {
            Some(last) => last.next = at,
            None => span.first = at,
        }
        span.last = at;
        span.len += 1;
    }

    /// An empty dict with room for `bytes` bytes of keys and values.
    pub(super) fn with_capacity(bytes: usize) -> MultiDict {
        MultiDict {
            text: String::with_capacity(bytes),
            ..MultiDict::default()
        }
    }

    /// Adds `key`, which is not there yet, with `values`.
    pub(super) fn push_new<'v>(&mut self, key: &str, values: impl IntoIterator<Item = &'v str>) {
        let i = self.push_key(key);
        for value in values {
            self.push_value(i, value);
        }
    }

    pub(super) fn from_json_lists(map: &Map<String, Value>, decode: bool) -> MultiDict {
        let mut dict = MultiDict::new();
        for (key, values) in map {
            // Only lists hold values; elements that are not strings are skipped.
            let Some(values) = values.as_array() else {
                continue;
            };
            let values = values.iter().filter_map(Value::as_str);
            if decode {
                for value in values {
                    dict.push(wire::unquote_plus(key), wire::unquote_plus(value));
                }
                // Keep a key sent with an empty list, as Chalice does.
                dict.touch(&wire::unquote_plus(key));
            } else {
                // JSON object keys are unique: no lookup needed.
                dict.push_new(key, values);
            }
        }
        dict
    }

    pub(super) fn from_json_singles(map: &Map<String, Value>, decode: bool) -> MultiDict {
        let mut dict = MultiDict::new();
        for (key, value) in map {
            let Some(value) = value.as_str() else {
                continue;
            };
            if decode {
                dict.push(wire::unquote_plus(key), wire::unquote_plus(value));
            } else {
                dict.push_new(key, [value]);
            }
        }
        dict
    }

    /// Parses `a=1&b=&a=2` as Python's `parse_qs(keep_blank_values=True)`:
    /// empty pieces skipped, a piece without `=` has a blank value.
    pub(super) fn parse_query_string(raw: &str) -> MultiDict {
        let mut dict = MultiDict::with_capacity(raw.len());
        for piece in raw.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            dict.push(wire::unquote_plus(key), wire::unquote_plus(value));
        }
        dict
    }

    pub(super) fn touch(&mut self, key: &str) {
        if self.position(key).is_none() {
            self.push_key(key);
        }
    }
}

/// The values of one key of a [`MultiDict`], in order: what
/// [`get_all`](MultiDict::get_all) and [`iter`](MultiDict::iter) give.
/// Serializes as a JSON list.
#[derive(Clone)]
pub struct Values<'a> {
    dict: &'a MultiDict,
    next: usize,
    left: usize,
}

impl<'a> Iterator for Values<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let value = self.dict.values.get(self.next)?;
        self.next = value.next;
        self.left = self.left.saturating_sub(1);
        Some(self.dict.slice(value.text))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Values<'_> {}

impl std::iter::FusedIterator for Values<'_> {}

impl std::fmt::Debug for Values<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Compared as the list of its values: `query.get_all("a") == ["1", "2"]`.
impl<S: AsRef<str>> PartialEq<[S]> for Values<'_> {
    fn eq(&self, other: &[S]) -> bool {
        self.clone().eq(other.iter().map(AsRef::as_ref))
    }
}

impl<S: AsRef<str>> PartialEq<&[S]> for Values<'_> {
    fn eq(&self, other: &&[S]) -> bool {
        *self == **other
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for Values<'_> {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Values<'_> {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == other[..]
    }
}

impl serde::Serialize for Values<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.clone())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for MultiDict {
    /// Collects `(key, value)` pairs, appending repeated keys' values.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut dict = MultiDict::new();
        for (k, v) in iter {
            dict.push(k, v);
        }
        dict
    }
}

impl serde::Serialize for MultiDict {
    /// Serializes as Chalice's JSON encoder does: a dict of last values.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (key, last) in self.last_values() {
            map.serialize_entry(key, last)?;
        }
        map.end()
    }
}

/// The headers of a [`Request`]: Chalice's read-only `CaseInsensitiveMapping`.
///
/// Names are lowercased when the map is built and lookups ignore case. When
/// two names differ only by case, the later value wins, at the first one's
/// position (as a Python dict comprehension does).
///
/// ```
/// use chalice_events::request::Headers;
///
/// let headers: Headers = [("Content-Type", "text/plain"), ("X-Foo", "a"), ("x-foo", "b")]
///     .into_iter()
///     .collect();
/// assert_eq!(headers.get("CONTENT-TYPE"), Some("text/plain"));
/// assert_eq!(headers.get("X-Foo"), Some("b"));
/// let names: Vec<_> = headers.iter().map(|(k, _)| k).collect();
/// assert_eq!(names, ["content-type", "x-foo"]);
/// ```
#[derive(Clone, Default)]
pub struct Headers {
    // Every lowercased name and value back to back in one buffer, with
    // where each lies: a request's dozen or two headers cost two
    // allocations rather than two each.
    text: String,
    spans: Vec<HeaderSpan>,
    // Name → position, filled only past `LINEAR` headers.
    index: HashMap<Box<str>, usize>,
    // A bit per class of the names held ([`name_class`]): a name whose
    // class is not there is not there, and is added without a search.
    classes: u64,
}

/// Where one header's name and value lie in [`Headers`]' buffer.
#[derive(Clone, Copy)]
struct HeaderSpan {
    name: (usize, usize),
    value: (usize, usize),
}

impl PartialEq for Headers {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Headers {}

impl std::fmt::Debug for Headers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Headers {
    /// The value of the header `name`, whatever its case, e.g.
    /// `get("content-type")` → `Some("application/json")`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let name = lowercase(name);
        // A name of a class no header has is answered without a search.
        if self.classes & name_class(&name) == 0 {
            return None;
        }
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Whether the header `name` is present, whatever its case.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The headers as `(lowercased name, value)`, in the event's order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.spans
            .iter()
            .map(|span| (self.slice(span.name), self.slice(span.value)))
    }

    /// The number of headers.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The headers as a plain JSON object with lowercased names (Chalice's
    /// `dict(request.headers)`).
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect()
    }

    fn slice(&self, (start, end): (usize, usize)) -> &str {
        // Spans are only ever made from what was pushed onto `text`.
        self.text.get(start..end).unwrap_or_default()
    }

    /// Room for `headers` more headers of `bytes` bytes of names and values.
    pub(super) fn reserve(&mut self, headers: usize, bytes: usize) {
        self.spans.reserve(headers);
        self.text.reserve(bytes);
    }

    fn push_text(&mut self, s: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(s);
        (start, self.text.len())
    }

    /// The header whose name is the text at `name` in the buffer, other
    /// than the one just pushed there.
    fn position(&mut self, (start, end): (usize, usize)) -> Option<usize> {
        let text = &self.text;
        let name = text.get(start..end).unwrap_or_default();
        let of = |span: &HeaderSpan| text.get(span.name.0..span.name.1).unwrap_or_default();
        if self.spans.len() <= LINEAR {
            return self.spans.iter().position(|span| of(span) == name);
        }
        for (i, span) in self.spans.iter().enumerate().skip(self.index.len()) {
            self.index.insert(of(span).into(), i);
        }
        self.index.get(name).copied()
    }

    /// Sets header `name` (lowercased) to `value`: a name already there
    /// keeps its place and takes the new value.
    pub(super) fn insert(&mut self, name: &str, value: &str) {
        // The lowercased name goes straight into the buffer, and is taken
        // back out when the header is already there.
        let start = self.text.len();
        match name.is_ascii() {
            true => {
                self.text.push_str(name);
                if let Some(pushed) = self.text.get_mut(start..) {
                    pushed.make_ascii_lowercase();
                }
            }
            false => self.text.push_str(&name.to_lowercase()),
        }
        let name = (start, self.text.len());
        let class = name_class(self.text.get(start..).unwrap_or_default());
        // A name of a class no header has is new, and needs no search.
        let found = match self.classes & class {
            0 => None,
            _ => self.position(name),
        };
        match found {
            Some(i) => {
                // The old value's bytes stay in the buffer, unused: repeated
                // names are rare.
                self.text.truncate(start);
                self.spans[i].value = self.push_text(value);
            }
            None => {
                let value = self.push_text(value);
                self.spans.push(HeaderSpan { name, value });
                self.classes |= class;
            }
        }
    }
}

/// The bit of a header name's class, one of 64 by its length and its first
/// and last bytes, ASCII letters in either case alike: names of different
/// classes differ, even ignoring ASCII case. A request's headers have
/// different names, and mostly different classes, so most are added with
/// no search for an earlier one, and most names a request lacks are told
/// absent with no search.
pub(super) fn name_class(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let ends = |b: Option<&u8>| usize::from(b.copied().unwrap_or(0) | 0x20);
    let class =
        bytes.len().wrapping_mul(5) ^ ends(bytes.first()) ^ ends(bytes.last()).rotate_left(3);
    1 << (class % 64)
}

impl<K: AsRef<str>, V: Into<String>> FromIterator<(K, V)> for Headers {
    /// Collects `(name, value)` pairs, lowercasing names; later duplicates win.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut headers = Headers::default();
        for (k, v) in iter {
            headers.insert(k.as_ref(), &v.into());
        }
        headers
    }
}

impl serde::Serialize for Headers {
    /// Serializes as a JSON object with lowercased names.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
