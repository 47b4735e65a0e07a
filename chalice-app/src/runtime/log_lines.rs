//! The lines `init_logging` writes: tracing-subscriber's text format, or the
//! JSON lines of Lambda's advanced logging controls
//! (`AWS_LAMBDA_LOG_FORMAT=JSON`), written by chalice-events' JSON writer.
//!
//! The three kinds of line (JSON; text with timestamps and colours; text
//! without, inside Lambda) are the variants of one event format and one field
//! format, so the subscriber has one type: each type of `fmt` layer brings its
//! own copy of tracing-subscriber's machinery into the binary.
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
//! with its `name` and fields. That is the layout of tracing-subscriber's
//! flattened JSON format; writing it here leaves serde's serializers for
//! tracing out of every Lambda binary (most of a hundred kilobytes).
//!
//! Strings are escaped as serde_json escapes them. A float that JSON cannot
//! hold (`NaN`, infinities) and a value given by `Debug` or `Display` are
//! written as strings. A span field recorded a second time is written a
//! second time (JSON allows repeated names; readers keep the last).

use std::fmt::{self, Write as _};

use chalice_events::json::JsonStyle;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::{DefaultFields, Format, Full, Writer};
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// The event format.
pub(crate) enum Lines {
    /// One JSON object a line.
    Json,
    /// tracing-subscriber's full text format, without targets.
    Text(Format<Full, SystemTime>),
    /// The same without timestamps, for CloudWatch, which stamps each line.
    TextUntimed(Format<Full, ()>),
}

impl Lines {
    /// The format and the field format it needs: JSON lines, or text with
    /// or without timestamps.
    pub(crate) fn new(json: bool, timestamps: bool) -> (Lines, Fields) {
        if json {
            return (Lines::Json, Fields::Json);
        }
        let text = tracing_subscriber::fmt::format().with_target(false);
        let lines = if timestamps {
            Lines::Text(text)
        } else {
            Lines::TextUntimed(text.without_time())
        };
        (lines, Fields::Text(DefaultFields::new()))
    }
}

/// The field format: for JSON, `"name":value` members, comma-separated, no
/// braces, so that a span's fields can be spliced into the object that
/// names it; for text, tracing-subscriber's `name=value`.
pub(crate) enum Fields {
    Json,
    Text(DefaultFields),
}

impl<'writer> FormatFields<'writer> for Fields {
    fn format_fields<R: RecordFields>(
        &self,
        mut writer: Writer<'writer>,
        fields: R,
    ) -> fmt::Result {
        match self {
            Fields::Json => {
                let mut members = String::new();
                fields.record(&mut Members::new(&mut members));
                writer.write_str(&members)
            }
            Fields::Text(text) => text.format_fields(writer, fields),
        }
    }

    fn add_fields(
        &self,
        current: &'writer mut FormattedFields<Self>,
        fields: &tracing::span::Record<'_>,
    ) -> fmt::Result {
        match self {
            Fields::Json => {
                // JSON members are joined with commas.
                fields.record(&mut Members::new(&mut current.fields));
                Ok(())
            }
            Fields::Text(_) => {
                // tracing-subscriber's own rule: a space between.
                if !current.fields.is_empty() {
                    current.fields.push(' ');
                }
                self.format_fields(current.as_writer(), fields)
            }
        }
    }
}

impl<S> FormatEvent<S, Fields> for Lines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, Fields>,
        writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        match self {
            Lines::Json => json_line(ctx, writer, event),
            Lines::Text(text) => text.format_event(ctx, writer, event),
            Lines::TextUntimed(text) => text.format_event(ctx, writer, event),
        }
    }
}

/// One JSON line for `event`, as the [module docs](self) describe it.
fn json_line<S>(
    ctx: &FmtContext<'_, S, Fields>,
    mut writer: Writer<'_>,
    event: &Event<'_>,
) -> fmt::Result
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    let mut line = String::with_capacity(256);
    line.push_str("{\"timestamp\":\"");
    SystemTime.format_time(&mut Writer::new(&mut line))?;
    line.push_str("\",\"level\":\"");
    line.push_str(event.metadata().level().as_str());
    line.push('"');
    event.record(&mut Members::new(&mut line));
    if let Some(scope) = ctx.event_scope() {
        let mut spans = String::new();
        let mut innermost = String::new();
        for span in scope.from_root() {
            innermost.clear();
            innermost.push_str("{\"name\":");
            push_str_literal(&mut innermost, span.name());
            let extensions = span.extensions();
            if let Some(fields) = extensions.get::<FormattedFields<Fields>>() {
                if !fields.fields.is_empty() {
                    innermost.push(',');
                    innermost.push_str(&fields.fields);
                }
            }
            innermost.push('}');
            spans.push(if spans.is_empty() { '[' } else { ',' });
            spans.push_str(&innermost);
        }
        if !spans.is_empty() {
            line.push_str(",\"span\":");
            line.push_str(&innermost);
            line.push_str(",\"spans\":");
            line.push_str(&spans);
            line.push(']');
        }
    }
    line.push_str("}\n");
    writer.write_str(&line)
}

/// Writes each field it visits as a `"name":value` member of a JSON object,
/// after what `out` holds: a comma goes before each member unless `out` is
/// empty (the first member of a span's fields). An event's members follow
/// the line's `level`, so they all get one.
struct Members<'a> {
    out: &'a mut String,
}

impl<'a> Members<'a> {
    fn new(out: &'a mut String) -> Self {
        Members { out }
    }

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
    use std::io;
    use std::sync::{Arc, Mutex};

    use serde_json::Value;
    use tracing_subscriber::fmt::MakeWriter;
    use tracing_subscriber::layer::SubscriberExt;

    use super::Lines;

    /// What a subscriber wrote.
    #[derive(Clone, Default)]
    struct Written(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Written {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Written {
        type Writer = Written;

        fn make_writer(&'a self) -> Written {
            self.clone()
        }
    }

    fn logged(json: bool, timestamps: bool, body: impl FnOnce()) -> Vec<String> {
        let written = Written::default();
        let (lines, fields) = Lines::new(json, timestamps);
        let subscriber = tracing_subscriber::registry().with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .fmt_fields(fields)
                .event_format(lines)
                .with_writer(written.clone()),
        );
        tracing::subscriber::with_default(subscriber, body);
        let text = String::from_utf8(written.0.lock().unwrap().clone()).unwrap();
        text.lines().map(str::to_string).collect()
    }

    fn keys(line: &Value) -> Vec<&str> {
        line.as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn an_event_in_spans_is_one_json_object_with_its_fields_and_spans() {
        let lines = logged(true, true, || {
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
    fn text_lines_are_tracing_subscribers_with_or_without_timestamps() {
        let event = || {
            let span = tracing::info_span!("view", path = tracing::field::Empty, n = 1);
            span.record("path", "/items");
            let _entered = span.enter();
            tracing::info!(answer = 42, "hello");
        };
        let untimed = logged(false, false, event);
        assert_eq!(
            untimed,
            [r#" INFO view{n=1 path="/items"}: hello answer=42"#]
        );
        let timed = logged(false, true, event);
        assert_eq!(timed.len(), 1, "{timed:?}");
        let (timestamp, rest) = timed[0].split_once(' ').unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(timestamp).is_ok(),
            "{timestamp}"
        );
        assert_eq!(rest, untimed[0]);
    }
}
