//! The `tracing` subscriber `init_logging` installs: its filter, its span
//! store and the lines it writes, text or the JSON lines of Lambda's
//! advanced logging controls (`AWS_LAMBDA_LOG_FORMAT=JSON`).
//!
//! A subscriber of its own rather than tracing-subscriber's registry and
//! `fmt` layer: the registry sizes its span store for 4,096 threads when it
//! is built, and with the `fmt` machinery that was a thirteenth of the
//! instructions a Lambda binary ran before asking for its first event
//! (`BENCHMARKS.md`). A Lambda function has a few threads and a span or two
//! open at a time (`lambda_runtime`'s, around each invocation); a vector of
//! spans behind a mutex serves that.
//!
//! A text line is the level, the spans the event is in (outermost first,
//! each with its fields in braces) and the event's fields, its message first
//! as written:
//!
//! ```text
//!  INFO Lambda runtime invoke{requestId="8f50..." xrayTraceId="Root=1-..."}: saved id=7
//! ```
//!
//! with a timestamp before it outside Lambda (CloudWatch stamps each line
//! itself), and colours when standard output may show them (outside Lambda,
//! unless `NO_COLOR` is set).
//!
//! A JSON line is one object:
//!
//! ```text
//! {"timestamp":"2026-12-02T18:20:00.123456Z","level":"INFO","message":"saved","id":7,
//!  "span":{"name":"Lambda runtime invoke","requestId":"8f50..."},"spans":[{...}]}
//! ```
//!
//! `timestamp` (RFC 3339, UTC), `level`, then the event's fields in the order
//! they were given (`message` among them), then the innermost span the event
//! is in as `span` and every span from the outermost in as `spans`, each
//! with its `name` and fields: the layout of tracing-subscriber's flattened
//! JSON format.
//!
//! Strings are escaped as serde_json escapes them. A float that JSON cannot
//! hold (`NaN`, infinities) and a value given by `Debug` or `Display` are
//! written as strings. A span field recorded a second time is written a
//! second time (JSON allows repeated names; readers keep the last).

use std::cell::RefCell;
use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use chalice_events::json::JsonStyle;
use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_core::span::Current;

/// How lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// One JSON object a line.
    Json,
    /// Text, with a timestamp first or not, in colours or not.
    Text { timestamps: bool, colours: bool },
}

/// Which events and spans are enabled: a level for the targets that start
/// with a name, the longest such name deciding, and a level for the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    /// Longest name first.
    targets: Vec<(String, LevelFilter)>,
    default: LevelFilter,
}

impl Filter {
    /// One level for every target.
    pub(crate) fn level(level: LevelFilter) -> Filter {
        Filter {
            targets: Vec::new(),
            default: level,
        }
    }

    /// Reads comma-separated directives: `level` (`trace` to `error`, or
    /// `off`) for every target no other directive names, `target=level`, and
    /// `target` alone for every level of it. `None` when a level does not
    /// read or a directive has more than one `=`. Without a directive that
    /// sets the level of the rest, the rest is off.
    pub(crate) fn parse(directives: &str) -> Option<Filter> {
        let mut filter = Filter::level(LevelFilter::OFF);
        for directive in directives.split(',').map(str::trim) {
            if directive.is_empty() {
                continue;
            }
            let mut parts = directive.split('=');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(target), Some(level), None) => {
                    let level = level.trim().parse::<LevelFilter>().ok()?;
                    filter.set(target.trim(), level);
                }
                (Some(alone), None, _) => match alone.parse::<LevelFilter>() {
                    Ok(level) => filter.default = level,
                    Err(_) => filter.set(alone, LevelFilter::TRACE),
                },
                _ => return None,
            }
        }
        filter
            .targets
            .sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        Some(filter)
    }

    /// The level of `name`: a later directive for a name replaces an
    /// earlier one.
    fn set(&mut self, name: &str, level: LevelFilter) {
        match self.targets.iter_mut().find(|(known, _)| known == name) {
            Some(known) => known.1 = level,
            None => self.targets.push((name.to_string(), level)),
        }
    }

    /// The level of the longest name `target` starts with, the first found
    /// (names are kept longest first), or of the rest.
    fn level_of(&self, target: &str) -> LevelFilter {
        self.targets
            .iter()
            .find(|(name, _)| target.starts_with(name.as_str()))
            .map_or(self.default, |(_, level)| *level)
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= self.level_of(metadata.target())
    }

    fn max_level(&self) -> LevelFilter {
        self.targets
            .iter()
            .map(|(_, level)| *level)
            .fold(self.default, LevelFilter::max)
    }
}

/// Where lines go.
#[derive(Debug)]
enum Out {
    Stdout,
    #[cfg(test)]
    Captured(std::sync::Arc<Mutex<Vec<u8>>>),
}

/// The subscriber.
#[derive(Debug)]
pub(crate) struct Lines {
    filter: Filter,
    style: Style,
    spans: Mutex<Spans>,
    /// Tells this subscriber's entries on a thread's stack of entered spans
    /// from another's (a test may install several in turn).
    me: u64,
    out: Out,
}

/// The open spans: slot `i` holds the span whose id is `i + 1`.
#[derive(Debug, Default)]
struct Spans {
    slots: Vec<Slot>,
    free: Vec<usize>,
}

#[derive(Debug)]
struct Slot {
    /// The handles to the span, and the spans whose parent it is; `0` once
    /// closed.
    refs: usize,
    metadata: &'static Metadata<'static>,
    parent: Option<Id>,
    /// Written in the subscriber's style: JSON members, or text.
    fields: String,
}

thread_local! {
    /// The spans this thread has entered and not left, innermost last, with
    /// the subscriber each belongs to.
    static ENTERED: RefCell<Vec<(u64, u64)>> = const { RefCell::new(Vec::new()) };
}

impl Lines {
    /// A subscriber writing to standard output.
    pub(crate) fn new(filter: Filter, style: Style) -> Lines {
        Lines::with_out(filter, style, Out::Stdout)
    }

    fn with_out(filter: Filter, style: Style, out: Out) -> Lines {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Lines {
            filter,
            style,
            spans: Mutex::new(Spans::default()),
            me: NEXT.fetch_add(1, Ordering::Relaxed),
            out,
        }
    }

    fn spans(&self) -> MutexGuard<'_, Spans> {
        // A panic while the lock was held left the store whole: every change
        // to it is a push, a pop or a field set.
        self.spans
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The innermost span of this subscriber the thread is in.
    fn current(&self) -> Option<Id> {
        // `try_with`: a span may be used while the thread's locals are
        // being dropped, when the list is gone.
        ENTERED
            .try_with(|entered| {
                entered
                    .borrow()
                    .iter()
                    .rev()
                    .find(|(owner, _)| *owner == self.me)
                    .map(|&(_, id)| Id::from_u64(id))
            })
            .ok()
            .flatten()
    }

    /// The span a new span or an event belongs to: none at the root, the
    /// one named, or else the innermost one the thread is in.
    fn parent(&self, root: bool, named: Option<&Id>) -> Option<Id> {
        match (root, named) {
            (true, _) => None,
            (false, Some(named)) => Some(named.clone()),
            (false, None) => self.current(),
        }
    }

    /// The fields `record` hands a visitor, written in this subscriber's
    /// style after `out`.
    fn write_fields(&self, out: &mut String, record: impl FnOnce(&mut dyn Visit)) {
        match self.style {
            Style::Json => record(&mut Members { out }),
            Style::Text { colours, .. } => record(&mut Text::new(out, colours)),
        }
    }

    /// The spans from `innermost` out, outermost first, as the style writes
    /// a scope: for text, `name{fields}:` each; for JSON, the `span` and
    /// `spans` members.
    fn scope(&self, innermost: Option<Id>) -> String {
        let mut scope = String::new();
        let Some(innermost) = innermost else {
            return scope;
        };
        let spans = self.spans();
        let mut chain = Vec::new();
        let mut next = Some(innermost);
        while let Some(slot) = next.and_then(|id| spans.get(&id)) {
            chain.push(slot);
            next = slot.parent.clone();
        }
        match self.style {
            Style::Json => {
                let mut list = String::new();
                let mut last = String::new();
                for slot in chain.iter().rev() {
                    last.clear();
                    last.push_str("{\"name\":");
                    push_str_literal(&mut last, slot.metadata.name());
                    if !slot.fields.is_empty() {
                        last.push(',');
                        last.push_str(&slot.fields);
                    }
                    last.push('}');
                    list.push(if list.is_empty() { '[' } else { ',' });
                    list.push_str(&last);
                }
                if !list.is_empty() {
                    scope.push_str(",\"span\":");
                    scope.push_str(&last);
                    scope.push_str(",\"spans\":");
                    scope.push_str(&list);
                    scope.push(']');
                }
            }
            Style::Text { colours, .. } => {
                for slot in chain.iter().rev() {
                    paint(&mut scope, colours.then_some(BOLD), slot.metadata.name());
                    if !slot.fields.is_empty() {
                        paint(&mut scope, colours.then_some(BOLD), "{");
                        scope.push_str(&slot.fields);
                        paint(&mut scope, colours.then_some(BOLD), "}");
                    }
                    paint(&mut scope, colours.then_some(DIM), ":");
                }
                if !chain.is_empty() {
                    scope.push(' ');
                }
            }
        }
        scope
    }

    /// Drops one handle to the span `id`, and the span with the last: then
    /// its parent loses the handle the span held on it, and so on out.
    fn release(&self, id: &Id) -> bool {
        let mut spans = self.spans();
        let mut next = Some(id.clone());
        let mut closed = false;
        while let Some(id) = next.take() {
            let Some(slot) = spans.get_mut(&id) else {
                break;
            };
            slot.refs -= 1;
            if slot.refs > 0 {
                break;
            }
            next = slot.parent.take();
            slot.fields = String::new();
            spans.free_slot(&id);
            closed = true;
        }
        // Whether `id` itself closed: the loop goes on past it only then.
        closed
    }

    fn write_line(&self, line: &str) {
        match &self.out {
            // A line that cannot be written is lost: logging must not fail
            // the invocation.
            Out::Stdout => {
                let _ = std::io::stdout().lock().write_all(line.as_bytes());
            }
            #[cfg(test)]
            Out::Captured(captured) => captured
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .extend_from_slice(line.as_bytes()),
        }
    }
}

impl Spans {
    /// The slot of an open span.
    fn get(&self, id: &Id) -> Option<&Slot> {
        let slot = self.slots.get(Spans::index(id)?)?;
        (slot.refs > 0).then_some(slot)
    }

    fn get_mut(&mut self, id: &Id) -> Option<&mut Slot> {
        let slot = self.slots.get_mut(Spans::index(id)?)?;
        (slot.refs > 0).then_some(slot)
    }

    fn index(id: &Id) -> Option<usize> {
        usize::try_from(id.into_u64().checked_sub(1)?).ok()
    }

    fn insert(&mut self, slot: Slot) -> Id {
        let index = match self.free.pop() {
            Some(index) => {
                if let Some(place) = self.slots.get_mut(index) {
                    *place = slot;
                }
                index
            }
            None => {
                self.slots.push(slot);
                self.slots.len() - 1
            }
        };
        // `index + 1` is never 0, as an `Id` must not be.
        Id::from_u64(index as u64 + 1)
    }

    fn free_slot(&mut self, id: &Id) {
        if let Some(index) = Spans::index(id) {
            self.free.push(index);
        }
    }
}

impl Subscriber for Lines {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if self.filter.enabled(metadata) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        self.filter.enabled(metadata)
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(self.filter.max_level())
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let parent = self.parent(attributes.is_root(), attributes.parent());
        // Written before the lock is taken: a field's `Debug` may log.
        let mut fields = String::new();
        self.write_fields(&mut fields, |visitor| attributes.record(visitor));
        let mut spans = self.spans();
        // The span holds its parent open until it closes itself.
        let parent = parent.filter(|parent| match spans.get_mut(parent) {
            Some(slot) => {
                slot.refs += 1;
                true
            }
            None => false,
        });
        spans.insert(Slot {
            refs: 1,
            metadata: attributes.metadata(),
            parent,
            fields,
        })
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut more = String::new();
        self.write_fields(&mut more, |visitor| values.record(visitor));
        if more.is_empty() {
            return;
        }
        if let Some(slot) = self.spans().get_mut(span) {
            match self.style {
                Style::Json if !slot.fields.is_empty() => slot.fields.push(','),
                Style::Text { .. } if !slot.fields.is_empty() => slot.fields.push(' '),
                _ => {}
            }
            slot.fields.push_str(&more);
        }
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let innermost = self.parent(event.is_root(), event.parent());
        let scope = self.scope(innermost);
        let level = *event.metadata().level();
        let mut line = String::with_capacity(256);
        match self.style {
            Style::Json => {
                line.push_str("{\"timestamp\":\"");
                push_timestamp(&mut line);
                line.push_str("\",\"level\":\"");
                line.push_str(level.as_str());
                line.push('"');
                event.record(&mut Members { out: &mut line });
                line.push_str(&scope);
                line.push('}');
            }
            Style::Text {
                timestamps,
                colours,
            } => {
                if timestamps {
                    let mut stamp = String::with_capacity(32);
                    push_timestamp(&mut stamp);
                    paint(&mut line, colours.then_some(DIM), &stamp);
                    line.push(' ');
                }
                paint(&mut line, colours.then(|| colour_of(level)), padded(level));
                line.push(' ');
                line.push_str(&scope);
                event.record(&mut Text::new(&mut line, colours));
            }
        }
        line.push('\n');
        self.write_line(&line);
    }

    fn enter(&self, span: &Id) {
        let _ = ENTERED.try_with(|entered| entered.borrow_mut().push((self.me, span.into_u64())));
    }

    fn exit(&self, span: &Id) {
        let _ = ENTERED.try_with(|entered| {
            let mut entered = entered.borrow_mut();
            // Spans may be left in another order than they were entered.
            let place = entered
                .iter()
                .rposition(|&entry| entry == (self.me, span.into_u64()));
            if let Some(place) = place {
                entered.remove(place);
            }
        });
    }

    fn clone_span(&self, span: &Id) -> Id {
        if let Some(slot) = self.spans().get_mut(span) {
            slot.refs += 1;
        }
        span.clone()
    }

    fn try_close(&self, span: Id) -> bool {
        self.release(&span)
    }

    fn current_span(&self) -> Current {
        let Some(id) = self.current() else {
            return Current::none();
        };
        match self.spans().get(&id) {
            Some(slot) => Current::new(id, slot.metadata),
            None => Current::none(),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS.ffffffZ`, now.
fn push_timestamp(out: &mut String) {
    use chrono::{Datelike as _, Timelike as _};
    let now = chrono::Utc::now();
    // Writing into a String does not fail.
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        now.year(),
        now.month(),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        // A leap second's nanoseconds run past a billion.
        (now.nanosecond() / 1_000).min(999_999)
    );
}

/// The level, five characters wide.
fn padded(level: Level) -> &'static str {
    match level {
        Level::TRACE => "TRACE",
        Level::DEBUG => "DEBUG",
        Level::INFO => " INFO",
        Level::WARN => " WARN",
        _ => "ERROR",
    }
}

/// Select Graphic Rendition codes.
const BOLD: &str = "1";
const DIM: &str = "2";
const ITALIC: &str = "3";

fn colour_of(level: Level) -> &'static str {
    match level {
        Level::TRACE => "35",
        Level::DEBUG => "34",
        Level::INFO => "32",
        Level::WARN => "33",
        _ => "31",
    }
}

/// `text`, in the rendition `code` when there is one.
fn paint(out: &mut String, code: Option<&str>, text: &str) {
    match code {
        Some(code) => {
            out.push_str("\x1b[");
            out.push_str(code);
            out.push('m');
            out.push_str(text);
            out.push_str("\x1b[0m");
        }
        None => out.push_str(text),
    }
}

/// Writes fields as text: `name=value`, a space between, the message as it
/// reads (no name), strings as Rust writes them in `Debug` (quoted).
struct Text<'a> {
    out: &'a mut String,
    colours: bool,
    /// Before the first field.
    first: bool,
}

impl<'a> Text<'a> {
    fn new(out: &'a mut String, colours: bool) -> Self {
        Text {
            out,
            colours,
            first: true,
        }
    }

    fn named(&mut self, field: &Field, value: fmt::Arguments<'_>) {
        if !std::mem::take(&mut self.first) {
            self.out.push(' ');
        }
        if field.name() == "message" {
            let _ = self.out.write_fmt(value);
            return;
        }
        paint(self.out, self.colours.then_some(ITALIC), field.name());
        paint(self.out, self.colours.then_some(DIM), "=");
        // Writing into a String does not fail; a `Debug` that reports an
        // error leaves what it wrote.
        let _ = self.out.write_fmt(value);
    }
}

impl Visit for Text<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.named(field, format_args!("{value}"));
        } else {
            self.named(field, format_args!("{value:?}"));
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.named(field, format_args!("{value}"));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.named(field, format_args!("{value:?}"));
    }
}

/// Writes each field it visits as a `"name":value` member of a JSON object,
/// after what `out` holds: a comma goes before each member unless `out` is
/// empty (the first member of a span's fields). An event's members follow
/// the line's `level`, so they all get one.
struct Members<'a> {
    out: &'a mut String,
}

impl Members<'_> {
    fn key(&mut self, field: &Field) {
        if !self.out.is_empty() {
            self.out.push(',');
        }
        push_str_literal(self.out, field.name());
        self.out.push(':');
    }
}

/// `Visit` methods that write an integer as a JSON number.
macro_rules! integers {
    ($($method:ident: $type:ty,)*) => {$(
        fn $method(&mut self, field: &Field, value: $type) {
            self.key(field);
            self.out.push_str(itoa::Buffer::new().format(value));
        }
    )*};
}

impl Visit for Members<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.key(field);
        push_str_literal(self.out, value);
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.key(field);
        self.out.push_str(if value { "true" } else { "false" });
    }

    integers! {
        record_i64: i64,
        record_u64: u64,
        record_i128: i128,
        record_u128: u128,
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        self.key(field);
        let number = if value.is_finite() {
            JsonStyle::Plain.to_string(&value).ok()
        } else {
            None
        };
        match number {
            Some(text) => self.out.push_str(&text),
            None => push_str_literal(self.out, &value.to_string()),
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.key(field);
        push_str_literal(self.out, &value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.key(field);
        let mut text = String::new();
        // Writing into a String does not fail; a `Debug` that reports an
        // error leaves what it wrote.
        let _ = write!(text, "{value:?}");
        push_str_literal(self.out, &text);
    }
}

/// `text` as a JSON string, quotes included.
fn push_str_literal(out: &mut String, text: &str) {
    match JsonStyle::Plain.to_string(text) {
        Ok(literal) => out.push_str(&literal),
        // A `str` always serializes; should the writer ever refuse one, the
        // line stays JSON.
        Err(_) => out.push_str("null"),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use serde_json::Value;
    use tracing::level_filters::LevelFilter;

    use super::{Filter, Lines, Out, Style};

    fn logged_with(filter: Filter, style: Style, body: impl FnOnce()) -> Vec<String> {
        let captured = Arc::new(Mutex::new(Vec::new()));
        let lines = Lines::with_out(filter, style, Out::Captured(Arc::clone(&captured)));
        tracing::subscriber::with_default(lines, body);
        let text = String::from_utf8(captured.lock().unwrap().clone()).unwrap();
        text.lines().map(str::to_string).collect()
    }

    fn logged(style: Style, body: impl FnOnce()) -> Vec<String> {
        logged_with(Filter::level(LevelFilter::TRACE), style, body)
    }

    const UNTIMED: Style = Style::Text {
        timestamps: false,
        colours: false,
    };

    fn keys(line: &Value) -> Vec<&str> {
        line.as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn an_event_in_spans_is_one_json_object_with_its_fields_and_spans() {
        let lines = logged(Style::Json, || {
            let outer = tracing::info_span!("Lambda runtime invoke", requestId = "r-1");
            let _outer = outer.enter();
            // A field declared empty is written once it is recorded.
            let inner = tracing::info_span!("view", path = tracing::field::Empty);
            inner.record("path", "/items/{id}");
            let _inner = inner.enter();
            tracing::warn!(
                id = 7,
                big = u64::MAX,
                low = -3_i128,
                ok = true,
                ratio = 0.5,
                nan = f64::NAN,
                "saved \"it\"\n\u{1}é"
            );
        });
        assert_eq!(lines.len(), 1, "{lines:?}");
        let line: Value = serde_json::from_str(&lines[0]).unwrap();
        assert_eq!(
            keys(&line),
            [
                "timestamp",
                "level",
                "message",
                "id",
                "big",
                "low",
                "ok",
                "ratio",
                "nan",
                "span",
                "spans"
            ]
        );
        let timestamp = line["timestamp"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(timestamp).is_ok(),
            "{timestamp}"
        );
        assert_eq!(line["level"], "WARN");
        assert_eq!(line["message"], "saved \"it\"\n\u{1}é");
        assert_eq!(line["id"], 7);
        assert_eq!(line["big"], u64::MAX);
        assert_eq!(line["low"], -3);
        assert_eq!(line["nan"], "NaN");
        assert_eq!(line["ok"], true);
        assert_eq!(line["ratio"], 0.5);
        assert_eq!(
            line["span"],
            serde_json::json!({"name": "view", "path": "/items/{id}"})
        );
        assert_eq!(
            line["spans"],
            serde_json::json!([
                {"name": "Lambda runtime invoke", "requestId": "r-1"},
                {"name": "view", "path": "/items/{id}"},
            ])
        );
    }

    #[test]
    fn a_json_line_outside_every_span_has_no_span_members() {
        let lines = logged(Style::Json, || tracing::error!(n = 1, "alone"));
        let line: Value = serde_json::from_str(&lines[0]).unwrap();
        assert_eq!(keys(&line), ["timestamp", "level", "message", "n"]);
    }

    #[test]
    fn text_lines_name_the_level_the_spans_and_the_fields() {
        let event = || {
            let span = tracing::info_span!("view", path = tracing::field::Empty, n = 1);
            span.record("path", "/items");
            let _entered = span.enter();
            tracing::info!(answer = 42, "hello");
        };
        let untimed = logged(UNTIMED, event);
        assert_eq!(
            untimed,
            [r#" INFO view{n=1 path="/items"}: hello answer=42"#]
        );
        let timed = logged(
            Style::Text {
                timestamps: true,
                colours: false,
            },
            event,
        );
        assert_eq!(timed.len(), 1, "{timed:?}");
        let (timestamp, rest) = timed[0].split_once(' ').unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(timestamp).is_ok(),
            "{timestamp}"
        );
        assert_eq!(rest, untimed[0]);
        let coloured = logged(
            Style::Text {
                timestamps: false,
                colours: true,
            },
            event,
        );
        let name = |n: &str| format!("\x1b[3m{n}\x1b[0m\x1b[2m=\x1b[0m");
        assert_eq!(
            coloured,
            [format!(
                "\x1b[32m INFO\x1b[0m \x1b[1mview\x1b[0m\x1b[1m{{\x1b[0m{}1 {}\"/items\"\x1b[1m}}\x1b[0m\x1b[2m:\x1b[0m hello {}42",
                name("n"),
                name("path"),
                name("answer")
            )]
        );
    }

    #[test]
    fn an_event_belongs_to_the_spans_it_was_logged_in_and_their_parents() {
        let lines = logged(UNTIMED, || {
            let outer = tracing::info_span!("outer");
            let inner = outer.in_scope(|| tracing::info_span!("inner", k = "v"));
            // Entered alone, `inner` still sits in `outer`, where it began.
            inner.in_scope(|| tracing::info!("in inner"));
            tracing::info!(parent: &outer, "to outer");
            tracing::info!(parent: None, "at the root");
            let unrelated = tracing::info_span!(parent: None, "unrelated");
            let _u = unrelated.enter();
            let _o = outer.enter();
            // Left out of order: `unrelated` goes, `outer` stays.
            drop(_u);
            tracing::info!("after");
        });
        assert_eq!(
            lines,
            [
                r#" INFO outer:inner{k="v"}: in inner"#,
                " INFO outer: to outer",
                " INFO at the root",
                " INFO outer: after",
            ]
        );
    }

    #[test]
    fn a_closed_span_frees_its_slot_and_its_parents_hold() {
        let captured = Arc::new(Mutex::new(Vec::new()));
        let lines = Lines::with_out(
            Filter::level(LevelFilter::TRACE),
            Style::Json,
            Out::Captured(captured),
        );
        let dispatch = tracing::Dispatch::new(lines);
        tracing::dispatcher::with_default(&dispatch, || {
            let outer = tracing::info_span!("outer");
            let inner = outer.in_scope(|| tracing::info_span!("inner"));
            drop(outer);
            // `inner` keeps `outer` open: two slots taken.
            let lines = dispatch.downcast_ref::<Lines>().unwrap();
            assert_eq!(lines.spans().free.len(), 0);
            drop(inner);
            assert_eq!(lines.spans().free.len(), 2);
            // A new span takes a freed slot.
            let again = tracing::info_span!("again");
            assert_eq!(lines.spans().free.len(), 1);
            drop(again);
            assert_eq!(lines.spans().slots.len(), 2);
        });
    }

    #[test]
    fn directives_set_levels_by_target_the_longest_name_deciding() {
        let table: [(&str, &str, LevelFilter); 9] = [
            ("warn", "app", LevelFilter::WARN),
            ("warn,app=debug", "app::views", LevelFilter::DEBUG),
            ("warn,app=debug", "other", LevelFilter::WARN),
            (
                "app=debug,app::views=error",
                "app::views::x",
                LevelFilter::ERROR,
            ),
            (
                "app=debug,app::views=error",
                "app::model",
                LevelFilter::DEBUG,
            ),
            // A target alone: every level of it; the rest off.
            ("app", "app", LevelFilter::TRACE),
            ("app", "other", LevelFilter::OFF),
            // Span and field filters are not read: a target of that name.
            ("info,[request]=debug", "app", LevelFilter::INFO),
            (" info , app = trace ", "app", LevelFilter::TRACE),
        ];
        for (directives, target, level) in table {
            let filter = Filter::parse(directives).unwrap();
            assert_eq!(filter.level_of(target), level, "{directives} for {target}");
        }
        for bad in ["app=loud", "a=b=c", "=nope"] {
            assert_eq!(Filter::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Filter::parse("warn,app=debug").unwrap().max_level(),
            LevelFilter::DEBUG
        );
    }

    #[test]
    fn events_below_the_filter_are_not_written() {
        let lines = logged_with(Filter::parse("info").unwrap(), UNTIMED, || {
            tracing::debug!("hidden");
            tracing::info!("shown");
        });
        assert_eq!(lines, [" INFO shown"]);
    }
}
