//! `Value`s built from JSON text by the scanner.
//!
//! `serde_json::from_str::<Value>` grows each object's map and each array
//! from empty as it reads them: a map of five keys is allocated three times
//! and rehashed twice on the way. Here the entries of every open object and
//! the items of every open array wait on one stack each, shared by the whole
//! document, and each map or array is made once, at its final size, when it
//! closes. The `Value` is the one `serde_json` builds: the same strings, the
//! same numbers (the scanner reads them as `serde_json` does), the same keys
//! in the same order, the last value of a repeated key kept at the place of
//! its first (tested against `serde_json` on arbitrary documents in
//! [`scan`](super::scan)'s tests).

use serde_json::{Map, Number, Value};

use super::scan::{Num, Scanner, Stop};

/// The whole of `text` as a `Value`, or where the scanner stopped: the
/// caller asks `serde_json` for the wording of the error (see
/// [`crate::json::value_from_slice`]).
pub(crate) fn document(text: &str) -> Result<Value, Stop> {
    let mut r = Scanner::new(text, 0);
    let value = Stacks::default().value(&mut r)?;
    r.end()?;
    Ok(value)
}

/// The entries and items of the objects and arrays still open, innermost
/// last.
#[derive(Default)]
struct Stacks {
    entries: Vec<(String, Value)>,
    items: Vec<Value>,
}

impl Stacks {
    /// The value at the cursor. Recursive: [`Scanner::open`] bounds the
    /// depth as `serde_json` does.
    fn value(&mut self, r: &mut Scanner<'_>) -> Result<Value, Stop> {
        Ok(match r.peek() {
            Some(b'{') => {
                r.open()?;
                let start = self.entries.len();
                let mut first = true;
                while let Some(key) = r.key(&mut first)? {
                    let key = key.into_owned();
                    let value = self.value(r)?;
                    self.entries.push((key, value));
                }
                // `Map`'s `FromIterator` sizes the map from the exact length
                // of the drain, then inserts in order: a repeated key keeps
                // its first place and its last value, as `serde_json`'s own
                // visitor leaves it.
                Value::Object(self.entries.drain(start..).collect::<Map<_, _>>())
            }
            Some(b'[') => {
                r.open()?;
                let start = self.items.len();
                let mut first = true;
                while r.element(&mut first)? {
                    let item = self.value(r)?;
                    self.items.push(item);
                }
                Value::Array(self.items.drain(start..).collect())
            }
            Some(b'"') => Value::String(r.string()?.into_owned()),
            Some(b'-' | b'0'..=b'9') => Value::Number(number(r.number()?, r)?),
            _ => match r.literal()? {
                Some(b) => Value::Bool(b),
                None => Value::Null,
            },
        })
    }
}

/// The `Number` `serde_json` makes of `n`: an integer literal that fits 64
/// bits as that integer (`-0` excepted: a float to `serde_json`), anything
/// else as the float the scanner read.
fn number(n: Num<'_>, r: &Scanner<'_>) -> Result<Number, Stop> {
    let number = match n.float {
        Some(v) => Number::from_f64(v),
        None if n.token == "-0" => Number::from_f64(-0.0),
        None if n.token.starts_with('-') => n.token.parse::<i64>().ok().map(Number::from),
        None => n.token.parse::<u64>().ok().map(Number::from),
    };
    // Not reached: the scanner only gives a float that is finite, and an
    // integer that fits.
    number.ok_or_else(|| r.syntax())
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// The builder's `Value` and `serde_json`'s, as written (key order and
    /// number kinds count), or both refusals.
    fn same(text: &str) {
        let built = super::document(text).map(|v| v.to_string()).ok();
        let json = serde_json::from_str::<Value>(text)
            .map(|v| v.to_string())
            .ok();
        assert_eq!(built, json, "{text}");
    }

    #[test]
    fn repeated_keys_keep_the_first_place_and_the_last_value() {
        for text in [
            r#"{"a":1,"b":2,"a":3}"#,
            r#"{"a":{"x":1},"b":[{"a":1,"a":[2]}],"a":{"y":2,"x":3}}"#,
            r#"[{"k":1,"k":2},{"k":3}]"#,
            r#"{"":1,"":2,"\u0061":3,"a":4}"#,
        ] {
            same(text);
        }
        let value = super::document(r#"{"a":1,"b":2,"a":3}"#).unwrap();
        assert_eq!(value.to_string(), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn containers_of_every_size_and_depth() {
        let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let wide = |n: usize| {
            let entries: Vec<String> = (0..n).map(|i| format!("\"k{i}\":[{i},\"v\"]")).collect();
            format!("{{{}}}", entries.join(","))
        };
        for text in [
            "[]".to_string(),
            "{}".to_string(),
            "[[],{},[[]],{\"a\":{}}]".to_string(),
            deep(127),
            deep(128),
            wide(1),
            wide(40),
            " \n[ 1 , \"a\\nb\" , true , null , { \"x\" : -0 } ] \t".to_string(),
            "[1,]".to_string(),
            "{\"a\":1,}".to_string(),
            "[1] x".to_string(),
        ] {
            same(&text);
        }
    }
}
