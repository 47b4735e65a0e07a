//! The one reader of HTTP events: a typed pass over the event's text, then
//! the rules of the kind it found.

use super::headers::{name_class, LINEAR};
use super::*;
use crate::raw::Got;

/// An event kept as its text, with what the reader read of it.
#[derive(Clone)]
pub(super) struct TextEvent {
    pub(super) text: Box<str>,
    pub(super) fields: Fast,
    /// The `Value`s read from the text, in a box of their own made by the
    /// first accessor that hands one out: most requests never ask, and kept
    /// inline they would more than double the size of the request's state
    /// (past what the allocator keeps at hand for reuse).
    values: OnceLock<Box<Values>>,
    /// The entries of `pathParameters`, read from its text by the first
    /// lookup (see [`path_param`](Self::path_param)).
    path_entries: OnceLock<Option<Vec<Entry>>>,
}

/// The `Value`s of a [`TextEvent`], each read on first use.
#[derive(Clone, Default)]
struct Values {
    /// The whole event, for the accessors that hand out `&Value`s the parts
    /// do not cover (`to_original_event`, `Serialize`, ...).
    whole: OnceLock<Value>,
    /// The value of each part, read from its text alone.
    parts: [OnceLock<Value>; PARTS.len()],
}

/// A name and, when it is a string, the value of an object's entry, located
/// in the object's text.
type Entry = (Text, Option<Text>);

impl TextEvent {
    /// An event of `text`, with what the reader read of it and, when known,
    /// its `Value`.
    pub(super) fn new(text: Box<str>, fields: Fast, value: Option<Value>) -> Self {
        let values = match value {
            Some(value) => OnceLock::from(Box::new(Values {
                whole: OnceLock::from(value),
                ..Values::default()
            })),
            None => OnceLock::new(),
        };
        TextEvent {
            text,
            fields,
            values,
            path_entries: OnceLock::new(),
        }
    }

    /// The string a field of the reader located.
    pub(super) fn str<'a>(&'a self, text: &'a Option<Text>) -> Option<&'a str> {
        text.as_ref().map(|t| t.get_in(&self.text))
    }

    /// The string of a field whose `null` was told from its absence.
    pub(super) fn set<'a>(&'a self, text: &'a Option<Option<Text>>) -> Option<&'a str> {
        text.as_ref().and_then(|t| self.str(t))
    }

    pub(super) fn parse(text: &str) -> Value {
        // The reader checked that the text parses; `Null` never appears.
        serde_json::from_str(text).unwrap_or(Value::Null)
    }

    fn values(&self) -> &Values {
        self.values.get_or_init(Box::default)
    }

    /// The value of the part at `index`, when an accessor read it already.
    fn part_read(&self, index: usize) -> Option<&Value> {
        self.values.get()?.parts.get(index)?.get()
    }

    pub(super) fn value(&self) -> &Value {
        self.values().whole.get_or_init(|| Self::parse(&self.text))
    }

    pub(super) fn take_value(&mut self) -> Value {
        let taken = self.values.get_mut().and_then(|values| values.whole.take());
        taken.unwrap_or_else(|| Self::parse(&self.text))
    }

    /// `Some(field)` for the top-level fields kept as parts (`None` inside
    /// when the event lacks it), `None` for the others: the field as its
    /// accessor reads it, which for the maps of strings (`pathParameters`,
    /// `stageVariables`) is without the entries that are not strings.
    pub(super) fn part(&self, key: &str) -> Option<Option<&Value>> {
        let i = PARTS.iter().position(|k| *k == key)?;
        let span = self.fields.parts.get(i)?.as_ref();
        Some(span.and_then(|span| {
            // The usual value of a part an event has no entries for, read
            // without making the box of values.
            static NULL: Value = Value::Null;
            if span.get_in(&self.text) == "null" {
                return Some(&NULL);
            }
            let value = self.values().parts.get(i)?;
            Some(value.get_or_init(|| {
                let mut value = Self::parse(span.get_in(&self.text));
                if let (true, Value::Object(map)) = (STRING_MAPS.contains(&key), &mut value) {
                    map.retain(|_, v| v.is_string());
                }
                value
            }))
        }))
    }
}

impl TextEvent {
    /// The string of `name` in `pathParameters` when it is an object, read
    /// from the part's text without building its `Value` (a map, a hashed
    /// key and two strings per entry, for one lookup): `Some(None)` when the
    /// part is absent or holds no string for `name`. `None` when the text
    /// alone cannot answer, and [`part`](Self::part) must: the part is not
    /// an object. As in the `Value`, the last entry of a repeated name is
    /// the one read.
    ///
    /// The entries are located once, on the first lookup, and kept: the
    /// dispatcher checks that every capture of the route is there before
    /// the view looks each one up again.
    pub(super) fn path_param(&self, name: &str) -> Option<Option<&str>> {
        let Some(span) = self.fields.parts.get(PATH_PARAMETERS)?.as_ref() else {
            return Some(None);
        };
        if let Some(value) = self.part_read(PATH_PARAMETERS) {
            return Some(value.get(name).and_then(Value::as_str));
        }
        let text = span.get_in(&self.text);
        let entries = self
            .path_entries
            .get_or_init(|| object_entries(text))
            .as_ref()?;
        let found = entries
            .iter()
            .rev()
            .find(|(key, _)| key.get_in(text) == name);
        Some(found.and_then(|(_, value)| Some(value.as_ref()?.get_in(text))))
    }

    /// The part at `index`, when it is an object of lists, read from its
    /// text as [`MultiDict::from_json_lists`] reads its `Value` (without
    /// decoding): each key whose value is a list, with the list's strings,
    /// in the object's order. Built without the part's `Value`, whose map,
    /// lists and strings would be copied into the dict and dropped. `None`
    /// when the text alone cannot answer and the `Value` must: the part is
    /// absent or not an object, or a key is given twice (the `Value` keeps
    /// its first place and last value).
    pub(super) fn part_dict(&self, index: usize) -> Option<MultiDict> {
        let span = self.fields.parts.get(index)?.as_ref()?;
        if self.part_read(index).is_some() {
            return None;
        }
        let text = span.get_in(&self.text);
        let mut r = object_scanner(text)?;
        // Decoded keys and values are no longer than their JSON text.
        let mut dict = MultiDict::with_capacity(text.len());
        // Keys whose value is not a list: not in the dict, but a key given
        // again after one is given twice all the same.
        let mut others: Vec<Cow<'_, str>> = Vec::new();
        let mut first = true;
        while let Some(key) = r.key(&mut first).ok()? {
            if others.len() == LINEAR || others.contains(&key) || dict.position(&key).is_some() {
                return None;
            }
            if r.peek() != Some(b'[') {
                r.skip_raw().ok()?;
                others.push(key);
                continue;
            }
            let i = dict.push_key(&key);
            r.open().ok()?;
            let mut first_value = true;
            while r.element(&mut first_value).ok()? {
                match r.peek() {
                    Some(b'"') => dict.push_value(i, &r.string().ok()?),
                    _ => {
                        r.skip_raw().ok()?;
                    }
                }
            }
        }
        Some(dict)
    }
}

/// A scanner inside the object `text` (a part of an event), before its
/// first key; `None` when the text is not an object. The reader checked the
/// part as strictly as the whole event, so a failure to scan it is not
/// expected, and reads as `None` all the same.
fn object_scanner(text: &str) -> Option<Scanner<'_>> {
    let mut r = Scanner::new(text, 1);
    if r.peek() != Some(b'{') {
        return None;
    }
    r.open().ok()?;
    Some(r)
}

/// The entries of the object `text`, located in it; `None` when it is not
/// an object (see [`object_scanner`]).
fn object_entries(text: &str) -> Option<Vec<Entry>> {
    let mut r = object_scanner(text)?;
    let mut entries = Vec::new();
    let mut first = true;
    while let Some(key) = r.key(&mut first).ok()? {
        let value = match r.peek() {
            Some(b'"') => Some(Text::new(r.string().ok()?, text)),
            _ => {
                r.skip_raw().ok()?;
                None
            }
        };
        entries.push((Text::new(key, text), value));
    }
    Some(entries)
}

/// The top-level fields kept as their text and parsed alone on first use:
/// the small ones the accessors hand out as `&Value`/`&Map`. The big ones
/// (`requestContext`, `multiValueHeaders`) are read in the one pass and not
/// kept: capturing a field's text costs a second scan of it, and their
/// `Value`s are rarely asked for ([`Request::context`], or the headers of an
/// event without `headers`), which then parse the whole event.
pub(super) const PARTS: [&str; 6] = [
    "pathParameters",
    "stageVariables",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "rawQueryString",
    "cookies",
];

// `Fast::unchecked_parts` keeps a bit per part.
const _: () = assert!(PARTS.len() <= u8::BITS as usize);

/// Where `pathParameters` is in [`PARTS`].
pub(super) const PATH_PARAMETERS: usize = 0;
/// Where `multiValueQueryStringParameters` is in [`PARTS`].
pub(super) const MULTI_VALUE_QUERY: usize = 3;
const _: () = assert!(matches!(
    PARTS[MULTI_VALUE_QUERY].as_bytes(),
    b"multiValueQueryStringParameters"
));
const _: () = assert!(matches!(
    PARTS[PATH_PARAMETERS].as_bytes(),
    b"pathParameters"
));

/// The parts whose accessors hand out their object as a map of strings:
/// entries of another type are left out of it.
const STRING_MAPS: [&str; 2] = ["pathParameters", "stageVariables"];

/// What the reader reads of the top-level object. The reader refuses only
/// what dispatch cannot do without (the method, the concrete path); every
/// other field may have any type, and its accessor reads what it can.
#[derive(Default, Clone)]
pub(super) struct Fast {
    pub(super) version: Option<Text>,
    /// `Some(None)` for `null`.
    pub(super) http_method: Option<Option<Text>>,
    pub(super) path: Option<Option<Text>>,
    pub(super) raw_path: Option<Text>,
    /// Payload 2.0's `routeKey` when it is a string.
    pub(super) route_key: Option<Text>,
    pub(super) body: Option<Text>,
    /// The kind of a `body` that is neither a string nor `null`, e.g. `"a number"`.
    pub(super) body_kind: Option<&'static str>,
    pub(super) base64: Option<bool>,
    /// The kind of an `isBase64Encoded` that is neither a boolean nor `null`.
    pub(super) base64_kind: Option<&'static str>,
    pub(super) headers: Option<HeaderList>,
    pub(super) multi_value_headers: bool,
    pub(super) context: ContextFields,
    /// The top-level fields kept as their text ([`PARTS`]); their values
    /// are in the [`TextEvent`], read when first asked for. Only the spans
    /// are here: the reader's fields are moved several times on their way
    /// to the event, and a `Value` slot per part doubled their size.
    pub(super) parts: [Option<Text>; PARTS.len()],
    /// A bit per part (by its place in [`PARTS`]) whose text the strict
    /// check of [`judge`](Self::judge) must read: one with a number, a `\u`
    /// escape or deep nesting, where the grammar alone is not the answer.
    pub(super) unchecked_parts: u8,
    /// The texts of parts given again (the last is the part), each with
    /// its place in [`PARTS`], that the strict check must still read: a
    /// `Value` of the event would refuse them even though they are replaced.
    pub(super) replaced_parts: Vec<(usize, Text)>,
}

impl Fast {
    /// The kind of event, by [`HttpEventKind::of`].
    pub(super) fn kind(&self, text: &str) -> HttpEventKind {
        fn get<'a>(t: &'a Option<Text>, text: &'a str) -> Option<&'a str> {
            t.as_ref().map(|t| t.get_in(text))
        }
        let cx = &self.context;
        HttpEventKind::of(get(&self.version, text), get(&cx.domain_name, text), cx.elb)
    }

    /// What `kind` requires beyond the types the pass checked: the method
    /// and path it reads. The parts, captured as text, are then checked as
    /// strictly as the rest of the event (numbers, escapes), whatever their
    /// type.
    pub(super) fn judge(&self, kind: HttpEventKind, text: &str) -> Result<(), Error> {
        self.judge_kind(kind).map_err(|err| {
            // The parts were checked by their grammar alone: were one not
            // JSON (a lone surrogate, a number out of range), neither is
            // the event, and that is its error, whatever else it lacks.
            if self.parts.iter().any(Option::is_some) {
                if let Err(syntax) = serde_json::from_str::<Value>(text) {
                    return Error::syntax(NAME, &syntax);
                }
            }
            err
        })?;
        for (i, span) in &self.replaced_parts {
            if let Some(key) = PARTS.get(*i) {
                check_part(key, span.get_in(text))?;
            }
        }
        for (i, (key, part)) in PARTS.iter().zip(&self.parts).enumerate() {
            match part {
                Some(span) if self.unchecked_parts & 1 << i != 0 => {
                    check_part(key, span.get_in(text))?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The method and path `kind` requires, as [`judge`](Self::judge) reads them.
    fn judge_kind(&self, kind: HttpEventKind) -> Result<(), Error> {
        let missing = |path: &str| Error::MissingField {
            event: NAME,
            path: path.to_string(),
        };
        let null = |path: &str| Error::WrongType {
            event: NAME,
            path: path.to_string(),
            expected: "a string",
            found: "null",
        };
        let cx = &self.context;
        match kind {
            HttpEventKind::Rest => {
                let method = cx.http_method.is_some() || matches!(self.http_method, Some(Some(_)));
                if !method {
                    return Err(missing("requestContext.httpMethod"));
                }
            }
            HttpEventKind::HttpApi | HttpEventKind::FunctionUrl => {
                let http = match &cx.http {
                    None => return Err(missing("requestContext.http")),
                    Some(Err(found)) => {
                        return Err(Error::WrongType {
                            event: NAME,
                            path: "requestContext.http".to_string(),
                            expected: "an object",
                            found,
                        })
                    }
                    Some(Ok(http)) => http,
                };
                match &http.method {
                    None => return Err(missing("requestContext.http.method")),
                    Some(None) => return Err(null("requestContext.http.method")),
                    Some(Some(_)) => {}
                }
                if self.raw_path.is_none() && http.path.is_none() {
                    return Err(missing("rawPath"));
                }
            }
            HttpEventKind::Alb => {
                for (field, key) in [(&self.http_method, "httpMethod"), (&self.path, "path")] {
                    match field {
                        None => return Err(missing(key)),
                        Some(None) => return Err(null(key)),
                        Some(Some(_)) => {}
                    }
                }
            }
        }
        Ok(())
    }
}

/// Reads a part's text (found one level deep) as strictly as any value.
pub(super) fn check_part(key: &str, text: &str) -> Result<(), Error> {
    let report = raw::Report::new(NAME);
    let root = raw::Path::Root;
    let at = raw::Path::Key(&root, key);
    let cx = Cx::new(text, root, &report).at(at);
    let mut r = Scanner::new(text, 1);
    match cx.any(&mut r) {
        Ok(()) => raw::check_integers(&report, text),
        Err(stop) => Err(report.error(text, stop)),
    }
}

impl Fields for Fast {
    // One shape for the four kinds, as AWS documents them:
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html,
    // http-api-develop-integrations-lambda.html, lambda/latest/dg/urls-invocation.html
    // and elasticloadbalancing/latest/application/lambda-functions.html.
    const KNOWN: Known = Known::Object(&[
        ("version", Known::Leaf),
        ("resource", Known::Leaf),
        ("routeKey", Known::Leaf),
        ("path", Known::Leaf),
        ("rawPath", Known::Leaf),
        ("httpMethod", Known::Leaf),
        ("rawQueryString", Known::Leaf),
        ("cookies", Known::Leaf),
        ("headers", STRINGS),
        ("multiValueHeaders", STRINGS),
        ("queryStringParameters", STRINGS),
        ("multiValueQueryStringParameters", STRINGS),
        ("pathParameters", STRINGS),
        ("stageVariables", STRINGS),
        ("body", Known::Leaf),
        ("isBase64Encoded", Known::Leaf),
        (
            "requestContext",
            Known::Object(&[
                ("accountId", Known::Leaf),
                ("apiId", Known::Leaf),
                ("authorizer", Known::Leaf),
                ("authentication", Known::Leaf),
                ("domainName", Known::Leaf),
                ("domainPrefix", Known::Leaf),
                ("extendedRequestId", Known::Leaf),
                ("httpMethod", Known::Leaf),
                ("identity", Known::Leaf),
                ("path", Known::Leaf),
                ("protocol", Known::Leaf),
                ("requestId", Known::Leaf),
                ("requestTime", Known::Leaf),
                ("requestTimeEpoch", Known::Leaf),
                ("resourceId", Known::Leaf),
                ("resourcePath", Known::Leaf),
                ("stage", Known::Leaf),
                ("operationName", Known::Leaf),
                ("routeKey", Known::Leaf),
                ("time", Known::Leaf),
                ("timeEpoch", Known::Leaf),
                ("elb", Known::Object(&[("targetGroupArn", Known::Leaf)])),
                (
                    "http",
                    Known::Object(&[
                        ("method", Known::Leaf),
                        ("path", Known::Leaf),
                        ("protocol", Known::Leaf),
                        ("sourceIp", Known::Leaf),
                        ("userAgent", Known::Leaf),
                    ]),
                ),
            ]),
        ),
    ]);

    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            // Only `"2.0"` matters; dotnet's samples write `"version": 2`.
            "version" => self.version = cx.any_str(r)?,
            "httpMethod" => self.http_method = Some(cx.opt_str(r)?),
            "path" => self.path = Some(cx.opt_str(r)?),
            "rawPath" => self.raw_path = cx.opt_str(r)?,
            // Read only by an accessor that answers `None` without it, so any
            // type is accepted.
            "routeKey" => self.route_key = cx.any_str(r)?,
            // A key given twice is judged by its last value, as in a `Value`.
            "body" => {
                (self.body, self.body_kind) = match cx.any_kind(r)? {
                    Got::Str(s) => (Some(cx.text(s)), None),
                    Got::Null => (None, None),
                    other => (None, Some(other.kind())),
                }
            }
            "isBase64Encoded" => {
                (self.base64, self.base64_kind) = match cx.any_kind(r)? {
                    Got::Bool(b) => (Some(b), None),
                    Got::Null => (None, None),
                    other => (None, Some(other.kind())),
                }
            }
            "headers" => self.headers = header_list(cx, r)?,
            "requestContext" => {
                // A key given twice is read afresh, as a `Value` keeps the last.
                self.context = ContextFields::default();
                cx.object_into(r, &mut self.context)?;
                self.context.seen = true;
            }
            "multiValueHeaders" => {
                self.multi_value_headers = matches!(cx.any_kind(r)?, Got::Object);
            }
            _ => {
                let Some(i) = PARTS.iter().position(|k| *k == key) else {
                    return Ok(false);
                };
                // The span is captured here, by the grammar alone as
                // `serde_json` captures a `RawValue`, and checked in full
                // once the method and path are: a missing method is the
                // error of an event whose query string is also broken.
                r.peek();
                let start = r.offset();
                let strict_may_differ = r.skip_raw()?;
                let part = r.slice(start, r.offset())?;
                // Checked again only when the grammar alone could have let
                // through what a strict read refuses.
                // A byte search first: most parts hold no backslash at all,
                // and a substring search costs more to set up than to run.
                let escapes = part.as_bytes().contains(&b'\\');
                let unchecked = strict_may_differ || (escapes && part.contains("\\u"));
                if let Some(replaced) = self.parts[i].take() {
                    if self.unchecked_parts & 1 << i != 0 {
                        self.replaced_parts.push((i, replaced));
                    }
                }
                self.unchecked_parts = match unchecked {
                    true => self.unchecked_parts | 1 << i,
                    false => self.unchecked_parts & !(1 << i),
                };
                self.parts[i] = Some(cx.text(Cow::Borrowed(part)));
            }
        }
        Ok(true)
    }

    fn missing(&self) -> Option<&'static str> {
        // Every kind requires `requestContext` to be an object.
        raw::first_absent([("requestContext", self.context.seen)])
    }
}

/// What the reader reads of `requestContext`.
#[derive(Default, Clone)]
pub(super) struct ContextFields {
    pub(super) seen: bool,
    pub(super) http_method: Option<Text>,
    pub(super) resource_path: Option<Text>,
    pub(super) path: Option<Text>,
    pub(super) domain_name: Option<Text>,
    pub(super) elb: bool,
    /// `Err` with the kind of a value that is not an object.
    pub(super) http: Option<Result<HttpFields, &'static str>>,
}

impl Fields for ContextFields {
    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            // The method of a REST event: refused when it has another type.
            "httpMethod" => self.http_method = cx.opt_str(r)?,
            // Optional: read when they are strings, as absent otherwise.
            "resourcePath" => self.resource_path = cx.any_str(r)?,
            "path" => self.path = cx.any_str(r)?,
            "domainName" => self.domain_name = cx.any_str(r)?,
            // Its presence makes the event an ALB's, whatever its value.
            "elb" => {
                cx.any(r)?;
                self.elb = true;
            }
            // Judged by the payload 2.0 kinds, which read the method in it.
            "http" => self.http = Some(cx.object_or_kind::<HttpFields>(r)?),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl ContextFields {
    /// `http` when it is an object.
    pub(super) fn http(&self) -> Option<&HttpFields> {
        self.http.as_ref().and_then(|http| http.as_ref().ok())
    }
}

/// What the reader reads of `requestContext.http`.
#[derive(Default, Clone)]
pub(super) struct HttpFields {
    /// `Some(None)` for `null`.
    pub(super) method: Option<Option<Text>>,
    pub(super) path: Option<Text>,
}

impl Fields for HttpFields {
    fn read(&mut self, key: &str, r: &mut Scanner<'_>, cx: Cx<'_>) -> Result<bool, Stop> {
        match key {
            "method" => self.method = Some(cx.opt_str(r)?),
            // `rawPath` is the path; this one is read when it is missing.
            "path" => self.path = cx.any_str(r)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// Past this many headers, names are kept unique through a hash map rather
/// than a scan of those read so far.
pub(super) const SCANNED_HEADERS: usize = 32;

/// `headers`: an object read as `(name, value)`, names unique (a repeated
/// name keeps its first place and takes the last value, as a `Value`'s map
/// does). A value that is not a string is kept as `None`: the name then has
/// no string, as in the `Value`. `None` for `null` and for any other value
/// that is not an object, which counts as no `headers`.
fn header_list(cx: Cx<'_>, r: &mut Scanner<'_>) -> Result<Option<HeaderList>, Stop> {
    if r.peek() != Some(b'{') {
        return cx.any(r).map(|()| None);
    }
    r.open()?;
    let base = cx.base();
    // API Gateway sends a dozen to twenty headers: room for twenty from the
    // start (under a kilobyte, which glibc keeps at hand for reuse), rather
    // than growing through four, eight and sixteen.
    let mut entries: Vec<(Text, Option<Text>)> = Vec::with_capacity(20);
    // A bit per class of names read so far (`name_class`): a name whose
    // class is new is a new name, with no search. Events come with every
    // name once, so most names are settled by the bit.
    let mut classes = 0u64;
    let mut index: HashMap<Cow<'_, str>, usize> = HashMap::new();
    let mut ascii_names = true;
    let mut first = true;
    while let Some(name) = r.key(&mut first)? {
        let value = cx.at(raw::Path::Key(cx.path(), &name)).any_str(r)?;
        let class = name_class(&name);
        let found = match entries.len() {
            _ if classes & class == 0 => None,
            n if n <= SCANNED_HEADERS => entries
                .iter()
                .position(|(k, _)| k.len() == name.len() && k.get_in(base) == name),
            _ => index.get(name.as_ref()).copied(),
        };
        classes |= class;
        match found {
            Some(i) => {
                if let Some(entry) = entries.get_mut(i) {
                    entry.1 = value;
                }
            }
            None => {
                if entries.len() == SCANNED_HEADERS {
                    index.extend(
                        entries
                            .iter()
                            .enumerate()
                            .map(|(i, (k, _))| (Cow::Owned(k.get_in(base).to_owned()), i)),
                    );
                }
                if entries.len() >= SCANNED_HEADERS {
                    index.insert(name.clone(), entries.len());
                }
                ascii_names &= name.is_ascii();
                entries.push((cx.text(name), value));
            }
        }
    }
    Ok(Some(HeaderList {
        entries,
        ascii_names,
        classes,
    }))
}

/// The `headers` object's entries, names unique, in the event's order; a
/// name whose value is not a string has `None`.
#[derive(Clone)]
pub(super) struct HeaderList {
    pub(super) entries: Vec<(Text, Option<Text>)>,
    /// Whether every name is ASCII: then a name has the length it has once
    /// lowercased, and a lookup passes over names of another length unread.
    pub(super) ascii_names: bool,
    /// The classes of the names ([`name_class`]): with ASCII names, a name
    /// whose class is not here is not here.
    pub(super) classes: u64,
}
