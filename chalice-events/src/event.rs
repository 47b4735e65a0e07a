//! The trait every event type implements, and the macro that implements it
//! for the event types kept as the text of one JSON object.

use serde_json::Value;

use crate::{wire, Error, LambdaContext};

/// A type read from the JSON payload Lambda delivers: every event type of
/// this crate, [`Request`](crate::Request) included. Generic code that takes
/// any event from bytes needs only this trait.
///
/// Every implementor also has these functions as inherent ones (and
/// [`FromStr`](std::str::FromStr)), so `SQSEvent::from_str(text)` needs no
/// import.
///
/// ```
/// use chalice_events::{FromJson, Request, SQSEvent};
///
/// fn parse<E: FromJson>(payload: &[u8]) -> Result<E, chalice_events::Error> {
///     E::from_slice(payload)
/// }
///
/// let sqs: SQSEvent = parse(br#"{"Records": [{"messageId": "1", "receiptHandle": "rh", "body": "hi"}]}"#)?;
/// assert_eq!(sqs.records()[0].body(), "hi");
/// let request: Request = parse(br#"{"httpMethod": "GET", "path": "/", "requestContext": {}}"#)?;
/// assert_eq!(request.method(), "GET");
/// assert_eq!(<SQSEvent as FromJson>::NAME, "SQSEvent");
/// # Ok::<(), chalice_events::Error>(())
/// ```
pub trait FromJson: Sized {
    /// The type's name in errors and logs, e.g. `"SQSEvent"`.
    const NAME: &'static str;

    /// Reads the value from parsed JSON.
    ///
    /// # Errors
    ///
    /// The only way this returns an error is when a field the type cannot do
    /// without is missing or unusable; the error names the field's JSON path.
    fn from_value(value: Value) -> Result<Self, Error>;

    /// Reads the value from JSON bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Syntax`] when the bytes are not JSON, otherwise as
    /// [`from_value`](FromJson::from_value).
    fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_value(wire::parse_value(Self::NAME, bytes)?)
    }

    /// Reads the value from JSON text.
    ///
    /// # Errors
    ///
    /// As [`from_slice`](FromJson::from_slice).
    #[allow(clippy::should_implement_trait)] // `FromStr` cannot carry the event name generically
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::from_slice(text.as_bytes())
    }
}

/// An event that Lambda delivers to a handler, kept losslessly.
///
/// The law every implementation keeps: for any JSON `v` that
/// [`from_value`](FromJson::from_value) accepts, `to_dict()` returns a value
/// equal to `v`, unknown fields and explicit `null`s included.
///
/// ```
/// use chalice_events::{Event, SQSEvent};
///
/// let raw = r#"{"Records": [{"messageId": "1", "receiptHandle": "rh", "body": "hi",
///   "attributes": {}, "messageAttributes": {}, "md5OfBody": "x", "eventSource": "aws:sqs",
///   "eventSourceARN": "arn:aws:sqs:us-west-2:1:q", "awsRegion": "us-west-2", "extra": null}]}"#;
/// let event = SQSEvent::from_str(raw)?;
/// assert_eq!(event.to_dict(), serde_json::from_str::<serde_json::Value>(raw)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # `Deserialize`
///
/// Every event type is also `Deserialize`, which is how `lambda_runtime`
/// reads `LambdaEvent<SQSEvent>`; it works with any deserializer, serde's
/// untagged enums included, because it reads through a `serde_json::Value`.
/// A `Value` holds no integer beyond 64 bits: serde_json hands such an
/// integer over as the nearest float, and nothing after that can tell it
/// from a float written in the text. So that no number is ever changed
/// silently, `Deserialize` refuses an event holding a float that could be
/// such an integer (a whole number at or past 2^64, or at or below -2^63
/// as a float, like `18446744073709551616` or `1e20`), with
/// [`Error::InvalidValue`](crate::Error::InvalidValue) naming its path.
/// [`from_slice`](FromJson::from_slice) and [`from_str`](FromJson::from_str)
/// read the text itself: they keep every float exactly, refuse only true
/// integers past 64 bits, and keep the event's text. Take the payload as
/// bytes or `Box<serde_json::value::RawValue>` to use them.
///
/// ```
/// use chalice_events::{CloudWatchEvent, Event};
///
/// let text = r#"{"detail-type": "order", "detail": {"id": 123456789012345678901}}"#;
/// let err = serde_json::from_str::<CloudWatchEvent>(text).unwrap_err();
/// assert!(err.to_string().contains("`detail.id`"), "{err}");
/// assert!(CloudWatchEvent::from_str(text).is_err()); // refused too, by the text reader
///
/// let text = r#"{"detail-type": "order", "detail": {"total": 1.5e300}}"#;
/// assert!(serde_json::from_str::<CloudWatchEvent>(text).is_err());
/// assert_eq!(CloudWatchEvent::from_str(text)?.to_json(), text); // kept exactly
/// # Ok::<(), chalice_events::Error>(())
/// ```
///
/// [`Request`](crate::Request) is read the same way ([`FromJson`]) but is not
/// an `Event`: Chalice's `Request.to_dict()` is a summary of the request,
/// and its `context` the event's `requestContext`.
pub trait Event: FromJson {
    /// The event as the JSON it was read from (or, for built events, the JSON
    /// AWS would send).
    fn to_dict(&self) -> Value;

    /// The event as JSON text. An event read from text gives that text back
    /// unchanged (numbers, escapes and key order as they came, without
    /// building a `Value`; the `Records` events write their envelope
    /// compactly around each record's own text); `Serialize` writes the
    /// event's JSON value instead, which every serializer can take.
    fn to_json(&self) -> String {
        self.to_dict().to_string()
    }

    /// The JSON paths of the fields the model does not know, e.g.
    /// `["Records[0].newField"]`: what AWS added after this crate was
    /// written, for a handler to log (see [`drift`](crate::drift)). The
    /// fields are kept all the same; [`to_dict`](Event::to_dict) has them.
    fn unknown_fields(&self) -> Vec<String>;

    /// The Lambda context the event arrived with, if the runtime attached one.
    fn context(&self) -> Option<&LambdaContext>;

    /// Attaches the Lambda context of the invocation: a [`LambdaContext`],
    /// or one already boxed, which the event keeps as it is (a context is a
    /// few hundred bytes, and each move of an event would copy it).
    fn set_context(&mut self, context: Option<impl Into<Box<LambdaContext>>>);

    /// The same event with `context` attached (see
    /// [`set_context`](Event::set_context)).
    fn with_context(mut self, context: impl Into<Box<LambdaContext>>) -> Self {
        self.set_context(Some(context));
        self
    }
}

/// The inherent `from_value`, `from_slice` and `from_str` of a [`FromJson`]
/// type, and its `FromStr`, so that reading one needs no trait import.
macro_rules! inherent_parsing {
    ($event:ident) => {
        impl $event {
            /// Reads the event from parsed JSON; see
            /// [`FromJson::from_value`](crate::FromJson::from_value).
            ///
            /// # Errors
            ///
            /// When a field the event cannot do without is missing or
            /// unusable; the error names its JSON path.
            pub fn from_value(value: ::serde_json::Value) -> Result<Self, $crate::Error> {
                <Self as $crate::FromJson>::from_value(value)
            }

            /// Reads the event from JSON bytes; see
            /// [`FromJson::from_slice`](crate::FromJson::from_slice).
            ///
            /// # Errors
            ///
            /// [`Error::Syntax`](crate::Error::Syntax) when the bytes are not
            /// JSON, otherwise as `from_value`.
            pub fn from_slice(bytes: &[u8]) -> Result<Self, $crate::Error> {
                <Self as $crate::FromJson>::from_slice(bytes)
            }

            /// Reads the event from JSON text; see
            /// [`FromJson::from_str`](crate::FromJson::from_str).
            ///
            /// # Errors
            ///
            /// As `from_slice`.
            #[allow(clippy::should_implement_trait)] // it is implemented too, below
            pub fn from_str(text: &str) -> Result<Self, $crate::Error> {
                <Self as $crate::FromJson>::from_str(text)
            }
        }

        impl ::std::str::FromStr for $event {
            type Err = $crate::Error;

            fn from_str(text: &str) -> Result<Self, $crate::Error> {
                <Self as $crate::FromJson>::from_str(text)
            }
        }
    };
}
pub(crate) use inherent_parsing;

/// [`Event::context`] and [`Event::set_context`] for an event type whose
/// field `context: Option<Box<LambdaContext>>` holds the context; expands inside
/// `impl Event for ...`.
macro_rules! context_accessors {
    () => {
        fn context(&self) -> Option<&$crate::LambdaContext> {
            self.context.as_deref()
        }

        fn set_context(&mut self, context: Option<impl Into<Box<$crate::LambdaContext>>>) {
            self.context = context.map(Into::into);
        }
    };
}
pub(crate) use context_accessors;

/// Implements, for an event kept as the text of the one JSON object it
/// arrived as (fields `raw: Raw`, `fields: $fields`, the
/// [`Fields`](crate::raw::Fields) its accessors read and which are its one
/// reader, and `context: Option<Box<LambdaContext>>`): [`Event`] named `$name`,
/// whose `from_value` writes the value as text and reads that; `Serialize`
/// (the JSON value), `to_json` (the text kept) and `Deserialize`;
/// `PartialEq` (by JSON value and context) and `Debug`; the public
/// `as_map()` and a private `from_map(map)` for builders. For example
/// `raw_event!(CloudWatchEvent, CloudWatchFields, "CloudWatchEvent");`.
macro_rules! raw_event {
    ($event:ident, $fields:ty, $name:literal) => {
        impl $event {
            /// The event's JSON object, without copying once it is built.
            pub fn as_map(&self) -> &::serde_json::Map<String, ::serde_json::Value> {
                self.raw.as_map()
            }

            /// The JSON paths of fields the model does not know (AWS adds
            /// fields over time), e.g. `["newField"]`; see
            /// [`drift`](crate::drift).
            pub fn unknown_fields(&self) -> Vec<String> {
                let known = <$fields as $crate::raw::Fields>::KNOWN;
                $crate::drift::unknown_fields(self.raw.as_map(), &known)
            }

            /// An event of an object a builder made.
            fn from_map(map: ::serde_json::Map<String, ::serde_json::Value>) -> Self {
                let (raw, fields) = $crate::raw::built($name, map);
                $event {
                    raw,
                    fields,
                    context: None,
                }
            }
        }

        impl $crate::FromJson for $event {
            const NAME: &'static str = $name;

            fn from_value(value: ::serde_json::Value) -> Result<Self, $crate::Error> {
                let (raw, fields) = $crate::raw::read_value($name, value)?;
                Ok($event {
                    raw,
                    fields,
                    context: None,
                })
            }

            fn from_slice(bytes: &[u8]) -> Result<Self, $crate::Error> {
                Self::from_str($crate::raw::utf8($name, bytes)?)
            }

            /// Text is read as it is, without checking its UTF-8 again.
            fn from_str(text: &str) -> Result<Self, $crate::Error> {
                let (raw, fields) = $crate::raw::read_text($name, text)?;
                Ok($event {
                    raw,
                    fields,
                    context: None,
                })
            }
        }

        $crate::event::inherent_parsing!($event);

        impl $crate::Event for $event {
            fn to_dict(&self) -> ::serde_json::Value {
                self.raw.to_value()
            }

            fn unknown_fields(&self) -> Vec<String> {
                $event::unknown_fields(self)
            }

            fn to_json(&self) -> String {
                self.raw.text().to_string()
            }

            $crate::event::context_accessors!();
        }

        impl PartialEq for $event {
            fn eq(&self, other: &Self) -> bool {
                self.raw == other.raw && self.context == other.context
            }
        }

        impl ::std::fmt::Debug for $event {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($event))
                    .field("raw", &self.raw)
                    .field("context", &self.context)
                    .finish()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $event {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = $crate::event::deserialize_value($name, d)?;
                <Self as $crate::FromJson>::from_value(value).map_err(::serde::de::Error::custom)
            }
        }

        impl ::serde::Serialize for $event {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.raw, s)
            }
        }
    };
}
pub(crate) use raw_event;

/// What every `Deserialize` of this crate reads first: the value as a
/// `serde_json::Value`, refused when a float in it could be an integer
/// past 64 bits that serde_json rounded (see [`Event`]'s "`Deserialize`").
pub(crate) fn deserialize_value<'de, D: serde::Deserializer<'de>>(
    event: &'static str,
    d: D,
) -> Result<Value, D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(d)?;
    match maybe_rounded_integer(&value, crate::raw::Path::Root) {
        None => Ok(value),
        Some((path, number)) => Err(serde::de::Error::custom(crate::Error::InvalidValue {
            event,
            path,
            reason: format!(
                "the number {number} may be an integer past 64 bits that was rounded on \
                 its way here; read the event with from_slice or from_str to keep it exactly"
            ),
        })),
    }
}

/// The path and value of the first float of `value` that could stand for an
/// integer a `Value` cannot hold: whole, and at or past 2^64, or at or below
/// -2^63 (an integer just below `i64::MIN` rounds to -2^63 itself, while
/// `i64::MIN` written as an integer stays one). The path is built on the
/// stack and written out only for the float found.
fn maybe_rounded_integer(value: &Value, at: crate::raw::Path<'_>) -> Option<(String, f64)> {
    use crate::raw::Path;
    // 2^64: serde_json keeps every integer below it (and down to -2^63) exact.
    const TWO_64: f64 = 18_446_744_073_709_551_616.0;
    const MINUS_TWO_63: f64 = -9_223_372_036_854_775_808.0;
    match value {
        Value::Number(n) => {
            let f = n.as_f64().filter(|_| n.is_f64())?;
            let whole = f.is_finite() && f.fract() == 0.0;
            (whole && (f >= TWO_64 || f <= MINUS_TWO_63)).then(|| (at.to_string(), f))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| maybe_rounded_integer(item, Path::Index(&at, i))),
        Value::Object(map) => map
            .iter()
            .find_map(|(key, item)| maybe_rounded_integer(item, Path::Key(&at, key))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::{
        AuthRequest, CloudWatchEvent, DynamoDBEvent, Event, FromJson, KinesisEvent, Request,
        S3Event, SNSEvent, SQSEvent, WebsocketEvent,
    };

    /// Reads `text` as `E` the three ways, generically, and checks they agree.
    fn read<E: FromJson + PartialEq + std::fmt::Debug>(text: &str) -> E {
        let from_str = E::from_str(text).unwrap();
        assert_eq!(E::from_slice(text.as_bytes()).unwrap(), from_str);
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(E::from_value(value).unwrap(), from_str);
        from_str
    }

    fn round_trip<E>(built: &E)
    where
        E: Event + PartialEq + std::fmt::Debug + std::str::FromStr<Err = crate::Error>,
    {
        let again: E = read(&built.to_json());
        assert_eq!(&again, built, "{}", E::NAME);
        // The inherent `FromStr` agrees with the trait.
        let parsed: E = built.to_json().parse().unwrap();
        assert_eq!(&parsed, built);
    }

    #[test]
    fn every_type_reads_through_one_trait() {
        round_trip(&SQSEvent::builder().body("a").build());
        round_trip(&SNSEvent::builder().message("m").build());
        round_trip(&S3Event::builder().bucket("b").key("k").build());
        round_trip(&KinesisEvent::builder().data(b"d").build());
        round_trip(&DynamoDBEvent::builder().build());
        round_trip(&CloudWatchEvent::builder().build());
        round_trip(&WebsocketEvent::builder().route_key("$default").build());
        round_trip(&AuthRequest::builder().build());
        let request: Request = read(Request::builder().path("/a").build().to_json());
        assert_eq!(request.path(), "/a");
        assert_eq!(<Request as FromJson>::NAME, "Request");
        // The errors name the type, whichever way it is reached.
        let err = <SQSEvent as FromJson>::from_str("{").unwrap_err();
        assert_eq!(
            err.to_string(),
            SQSEvent::from_str("{").unwrap_err().to_string()
        );
        assert!(err.to_string().contains("SQSEvent"), "{err}");
        // Text and bytes are refused alike, with the same error.
        fn refused_alike<E: FromJson + std::fmt::Debug>(text: &str) {
            let from_str = E::from_str(text).unwrap_err();
            let from_slice = E::from_slice(text.as_bytes()).unwrap_err();
            assert_eq!(from_str.to_string(), from_slice.to_string(), "{text}");
            assert_eq!(from_str.path(), from_slice.path(), "{text}");
        }
        for text in [
            "{",
            "[]",
            r#"{"Records": {}}"#,
            r#"{"Records": [{"messageId": 1, "receiptHandle": "r", "body": "b"}]}"#,
            r#"{"Records": [{"receiptHandle": "r", "body": "b"}]}"#,
        ] {
            refused_alike::<SQSEvent>(text);
        }
        for text in ["{", r#"{"a": 1e400}"#, r#"{"a": [18446744073709551616]}"#] {
            refused_alike::<CloudWatchEvent>(text);
            refused_alike::<WebsocketEvent>(text);
        }
    }

    /// A field AWS adds later, at the top and inside a record, is reported
    /// the same way through the trait for every event type.
    fn reports_new_fields<E: Event>(built: &E, record_path: Option<&str>) {
        let mut value = built.to_dict();
        value["newTopField"] = serde_json::json!(1);
        if record_path.is_some() {
            value["Records"][0]["newRecordField"] = serde_json::json!(true);
        }
        let event = E::from_value(value.clone()).unwrap();
        let mut expected = vec!["newTopField".to_string()];
        if let Some(path) = record_path {
            expected.push(path.to_string());
        }
        let mut found = event.unknown_fields();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{}", E::NAME);
        assert_eq!(event.to_dict(), value, "{}", E::NAME);
    }

    #[test]
    fn every_event_reports_its_unknown_fields() {
        let record = Some("Records[0].newRecordField");
        reports_new_fields(&SQSEvent::builder().body("a").build(), record);
        reports_new_fields(&SNSEvent::builder().message("m").build(), record);
        reports_new_fields(&S3Event::builder().build(), record);
        reports_new_fields(&KinesisEvent::builder().build(), record);
        reports_new_fields(&DynamoDBEvent::builder().build(), record);
        reports_new_fields(&CloudWatchEvent::builder().build(), None);
        reports_new_fields(&WebsocketEvent::builder().build(), None);
        reports_new_fields(&AuthRequest::builder().build(), None);
    }

    #[test]
    fn every_records_event_iterates() {
        let s3 = S3Event::builder().bucket("b").key("k").build();
        let mut keys = Vec::new();
        for record in &s3 {
            keys.push(record.key().into_owned());
        }
        assert_eq!(keys, ["k"]);
        let sns = SNSEvent::builder().message("m").build();
        assert_eq!(
            (&sns).into_iter().map(|r| r.message()).collect::<Vec<_>>(),
            ["m"]
        );
        assert_eq!(sns.iter().count(), sns.records().len());
        let sqs = SQSEvent::builder().body("a").body("b").build();
        assert_eq!((&sqs).into_iter().count(), 2);
        assert_eq!(KinesisEvent::builder().build().iter().count(), 1);
        assert_eq!(DynamoDBEvent::builder().build().iter().count(), 1);
    }
}

#[cfg(test)]
mod deserialize_tests {
    use serde_json::Value;

    use crate::{CloudWatchEvent, Event, Request, SQSEvent, SQSRecord};

    /// `Deserialize` refuses exactly the floats a rounded integer could have
    /// become, wherever they are, and names their path; the text readers
    /// keep the same text.
    #[test]
    fn deserialize_refuses_floats_that_may_be_rounded_integers() {
        let cases: &[(&str, Option<&str>)] = &[
            // (detail, the path refused, or None when accepted)
            (r#"{"n": 18446744073709551615}"#, None), // u64::MAX: an integer Value holds
            (r#"{"n": -9223372036854775808}"#, None), // i64::MIN
            (r#"{"n": 18446744073709551616}"#, Some("detail.n")), // 2^64
            (r#"{"n": -9223372036854775809}"#, Some("detail.n")),
            (r#"{"a": [1, {"b": 1e20}]}"#, Some("detail.a[1].b")),
            (r#"{"n": 1e19}"#, None), // whole, but below 2^64: kept exactly
            (r#"{"n": 1.5}"#, None),
            (r#"{"n": -1.31343285977251e162}"#, Some("detail.n")),
            (r#"{"n": 123456.0}"#, None),
        ];
        for (detail, refused) in cases {
            let text = format!(r#"{{"detail-type": "t", "detail": {detail}}}"#);
            let got = serde_json::from_str::<CloudWatchEvent>(&text);
            match refused {
                None => assert_eq!(
                    got.unwrap_or_else(|e| panic!("{detail}: {e}")).to_dict(),
                    serde_json::from_str::<Value>(&text).unwrap(),
                    "{detail}"
                ),
                Some(path) => {
                    let err = got.err().unwrap_or_else(|| panic!("{detail} was accepted"));
                    assert!(
                        err.to_string()
                            .starts_with(&format!("CloudWatchEvent: field `{path}`")),
                        "{detail}: {err}"
                    );
                }
            }
        }
    }

    /// Every kind of `Deserialize` goes through the same guard: records
    /// events, their records and requests.
    #[test]
    fn every_deserialize_has_the_guard() {
        let record = r#"{"messageId": "m", "body": "b", "n": 1e25}"#;
        let err = serde_json::from_str::<SQSRecord>(record).unwrap_err();
        assert!(err.to_string().starts_with("SQSRecord: field `n`"), "{err}");
        let event = format!(r#"{{"Records": [{record}]}}"#);
        let err = serde_json::from_str::<SQSEvent>(&event).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("SQSEvent: field `Records[0].n`"),
            "{err}"
        );
        let request = r#"{"requestContext": {"httpMethod": "GET"}, "path": "/", "x": 3e30}"#;
        let err = serde_json::from_str::<Request>(request).unwrap_err();
        assert!(err.to_string().starts_with("Request: field `x`"), "{err}");
        assert!(Request::from_str(request).is_ok());
    }
}
