//! The JSON lines of Lambda's advanced logging controls
//! (`AWS_LAMBDA_LOG_FORMAT=JSON`), written by chalice-events' JSON writer.
//!
//! One object a line:
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
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// The event format: one JSON object a line.
pub(crate) struct JsonLines;

/// The field format: `"name":value` members, comma-separated, no braces, so
/// that a span's fields can be spliced into the object that names it.
pub(crate) struct JsonFields;

impl<'writer> FormatFields<'writer> for JsonFields {
    fn format_fields<R: RecordFields>(
        &self,
        mut writer: Writer<'writer>,
        fields: R,
    ) -> fmt::Result {
        let mut members = String::new();
        fields.record(&mut Members::new(&mut members));
        writer.write_str(&members)
    }

    fn add_fields(
        &self,
        current: &'writer mut FormattedFields<Self>,
        fields: &tracing::span::Record<'_>,
    ) -> fmt::Result {
        // The default joins with a space, which is not JSON.
        let mut members = Members::new(&mut current.fields);
        members.first = members.out.is_empty();
        fields.record(&mut members);
        Ok(())
    }
}

impl<S> FormatEvent<S, JsonFields> for JsonLines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, JsonFields>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut line = String::with_capacity(256);
        line.push_str("{\"timestamp\":\"");
        SystemTime.format_time(&mut Writer::new(&mut line))?;
        line.push_str("\",\"level\":\"");
        line.push_str(event.metadata().level().as_str());
        line.push('"');
        let mut members = Members::new(&mut line);
        members.first = false;
        event.record(&mut members);
        if let Some(scope) = ctx.event_scope() {
            let mut spans = String::new();
            let mut innermost = String::new();
            for span in scope.from_root() {
                innermost.clear();
                innermost.push_str("{\"name\":");
                push_str_literal(&mut innermost, span.name());
                let extensions = span.extensions();
                if let Some(fields) = extensions.get::<FormattedFields<JsonFields>>() {
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
}

/// Writes each field it visits as a `"name":value` member of a JSON object.
struct Members<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Members<'a> {
    fn new(out: &'a mut String) -> Self {
        Members { out, first: true }
    }

    fn key(&mut self, field: &Field) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        push_str_literal(self.out, field.name());
        self.out.push(':');
    }
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

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.key(field);
        self.out.push_str(itoa::Buffer::new().format(value));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.key(field);
        self.out.push_str(itoa::Buffer::new().format(value));
    }

    fn record_i128(&mut self, field: &Field, value: i128) {
        self.key(field);
        self.out.push_str(itoa::Buffer::new().format(value));
    }

    fn record_u128(&mut self, field: &Field, value: u128) {
        self.key(field);
        self.out.push_str(itoa::Buffer::new().format(value));
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        self.key(field);
        match JsonStyle::Plain.to_string(&value) {
            Ok(text) if value.is_finite() => self.out.push_str(&text),
            _ => push_str_literal(self.out, &value.to_string()),
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

    use super::{JsonFields, JsonLines};

    /// The lines a subscriber wrote.
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Lines {
        type Writer = Lines;

        fn make_writer(&'a self) -> Lines {
            self.clone()
        }
    }

    fn logged(body: impl FnOnce()) -> Vec<String> {
        let lines = Lines::default();
        let subscriber = tracing_subscriber::registry().with(
            tracing_subscriber::fmt::layer()
                .fmt_fields(JsonFields)
                .event_format(JsonLines)
                .with_writer(lines.clone()),
        );
        tracing::subscriber::with_default(subscriber, body);
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
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
        let lines = logged(|| {
            let outer = tracing::info_span!("Lambda runtime invoke", requestId = "r-1");
            let _outer = outer.enter();
            // A field declared empty is written once it is recorded.
            let inner = tracing::info_span!("view", path = tracing::field::Empty);
            inner.record("path", "/items/{id}");
            let _inner = inner.enter();
            tracing::warn!(id = 7, ok = true, ratio = 0.5, "saved \"it\"\n\u{1}é");
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
                "ok",
                "ratio",
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
}
