//! The maps a request hands out: [`MultiDict`] of query parameters and
//! case-insensitive [`Headers`].

use super::*;

pub(super) use crate::apigateway::lowercase;

/// Ordered `(key, value)` entries with unique keys, and a lookup that stays
/// fast when an event carries thousands of them.
#[derive(Debug, Clone, Default)]
pub(super) struct Entries<V> {
    pub(super) items: Vec<(String, V)>,
    // Filled only past `LINEAR` entries: below that a scan beats hashing,
    // and most requests have a dozen headers and a few parameters.
    pub(super) index: HashMap<String, usize>,
}

pub(super) const LINEAR: usize = 16;

impl<V> Entries<V> {
    pub(super) fn position(&mut self, key: &str) -> Option<usize> {
        if self.items.len() <= LINEAR {
            return self.items.iter().position(|(k, _)| k == key);
        }
        for (i, (k, _)) in self.items.iter().enumerate().skip(self.index.len()) {
            self.index.insert(k.clone(), i);
        }
        self.index.get(key).copied()
    }
}

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
#[derive(Debug, Clone, Default)]
pub struct MultiDict {
    entries: Entries<Vec<String>>,
}

impl PartialEq for MultiDict {
    fn eq(&self, other: &Self) -> bool {
        self.entries.items == other.entries.items
    }
}

impl Eq for MultiDict {}

impl MultiDict {
    /// An empty `MultiDict`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The last value of `key`, e.g. `Some("2")` for `?a=1&a=2`; `None` when
    /// the key is absent or has no values.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.get_all(key).last().map(String::as_str)
    }

    /// Every value of `key`, in order; empty when the key is absent.
    pub fn get_all(&self, key: &str) -> &[String] {
        self.entries
            .items
            .iter()
            .find(|(k, _)| k == key)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// Chalice's name for [`get_all`](MultiDict::get_all).
    pub fn getlist(&self, key: &str) -> &[String] {
        self.get_all(key)
    }

    /// Whether `key` has at least one value (a key with an empty list counts
    /// as absent, as in Chalice).
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The number of keys, those with no values included.
    pub fn len(&self) -> usize {
        self.entries.items.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.items.is_empty()
    }

    /// The keys with all their values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> + '_ {
        self.entries
            .items
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.items.iter().map(|(k, _)| k.as_str())
    }

    /// Appends `value` to the values of `key` (adding the key at the end when new).
    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let key = key.into();
        match self.entries.position(&key) {
            Some(i) => self.entries.items[i].1.push(value.into()),
            None => self.entries.items.push((key, vec![value.into()])),
        }
    }

    /// Makes `value` the only value of `key` (Chalice's `md[key] = value`),
    /// keeping the key's position when it exists.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let key = key.into();
        match self.entries.position(&key) {
            Some(i) => self.entries.items[i].1 = vec![value.into()],
            None => self.entries.items.push((key, vec![value.into()])),
        }
    }

    /// Removes `key`, returning its values.
    pub fn remove(&mut self, key: &str) -> Option<Vec<String>> {
        let i = self.entries.items.iter().position(|(k, _)| k == key)?;
        self.entries.index.clear();
        Some(self.entries.items.remove(i).1)
    }

    /// The plain dict Chalice makes of it (`dict(md)`, JSON encoding): each
    /// key with its last value. Keys without values are left out (Chalice
    /// would raise `KeyError`).
    pub fn to_dict(&self) -> Map<String, Value> {
        self.entries
            .items
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), Value::String(v.last()?.clone()))))
            .collect()
    }

    /// A dict of `lists`, whose keys are unique.
    pub(super) fn from_unique_lists(lists: Vec<(String, Vec<String>)>) -> MultiDict {
        MultiDict {
            entries: Entries {
                items: lists,
                index: HashMap::new(),
            },
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
                    dict.push(
                        wire::unquote_plus(key).into_owned(),
                        wire::unquote_plus(value).into_owned(),
                    );
                }
                // Keep a key sent with an empty list, as Chalice does.
                dict.touch(wire::unquote_plus(key).into_owned());
            } else {
                // JSON object keys are unique: no lookup needed.
                dict.entries
                    .items
                    .push((key.clone(), values.map(str::to_string).collect()));
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
                dict.push(
                    wire::unquote_plus(key).into_owned(),
                    wire::unquote_plus(value).into_owned(),
                );
            } else {
                dict.entries
                    .items
                    .push((key.clone(), vec![value.to_string()]));
            }
        }
        dict
    }

    /// Parses `a=1&b=&a=2` as Python's `parse_qs(keep_blank_values=True)`:
    /// empty pieces skipped, a piece without `=` has a blank value.
    pub(super) fn parse_query_string(raw: &str) -> MultiDict {
        let mut dict = MultiDict::new();
        for piece in raw.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            dict.push(
                wire::unquote_plus(key).into_owned(),
                wire::unquote_plus(value).into_owned(),
            );
        }
        dict
    }

    pub(super) fn touch(&mut self, key: String) {
        if self.entries.position(&key).is_none() {
            self.entries.items.push((key, Vec::new()));
        }
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for MultiDict {
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
        for (key, values) in &self.entries.items {
            if let Some(last) = values.last() {
                map.serialize_entry(key, last)?;
            }
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
    // Name → position, filled only past `LINEAR` headers, as `Entries`.
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
