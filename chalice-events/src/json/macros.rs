//! The [`json!`](crate::json::json!) macro and what its expansion calls.
//!
//! `serde_json::json!` turns every interpolated expression into a `Value`
//! with `serde_json::to_value(&expr)`: a `Value` handed to it (the body a
//! view just parsed, say) is serialized into a deep copy, every map rebuilt
//! key by key, and the original then dropped. This macro accepts the same
//! syntax and builds the same `Value`, but an interpolated `Value` (or
//! `Option<Value>`, `String`, `Vec<Value>`, `Map<String, Value>`) is moved
//! into place instead. Which of the two happens is decided at compile time
//! by method resolution: [`Owned`] is implemented for those types by value,
//! [`Serialized`] for any `T: Serialize` behind a reference, and a call on
//! `IntoJson(expr)` finds the by-value method first when there is one.

use serde::Serialize;

/// Builds a [`serde_json::Value`] from JSON syntax, like
/// [`serde_json::json!`], moving interpolated values instead of copying them.
///
/// The syntax and the result are serde_json's: `null`, `true`, `false`,
/// arrays, objects whose keys are string expressions, and any Rust expression
/// of a `Serialize` type as a value (serialized with `serde_json::to_value`).
/// The difference is the cost: an expression that already is a `Value`, an
/// `Option<Value>`, a `Vec<Value>`, a `Map<String, Value>` or a `String` is
/// moved into the result, not serialized into a copy. In a view that answers
/// with what it read, that is the difference between one parse and a parse
/// plus a deep copy of the whole body. And each object is made with room for
/// its members, where serde_json's macro grows the map as it inserts them.
///
/// ```
/// use chalice_events::json::json;
/// use chalice_events::Request;
///
/// let request = Request::builder().json(&serde_json::json!({"items": [1, 2, 3]})).build();
/// let body = request.json_body()?; // Option<Value>, moved below, not copied
/// let answer = json!({"method": request.method(), "json_body": body, "ok": true});
/// assert_eq!(answer, serde_json::json!({
///     "method": "GET",
///     "json_body": {"items": [1, 2, 3]},
///     "ok": true,
/// }));
/// # Ok::<(), chalice_events::Error>(())
/// ```
///
/// One difference in use: like a struct literal, and unlike serde_json's
/// macro, the macro takes each interpolated expression by value, so a
/// variable of a type that is not `Copy` is moved into it. To keep using
/// one, interpolate a reference (`&tags`): a reference is serialized, as
/// serde_json does, since a borrowed `Value` cannot be moved. Forgetting it
/// is a compile-time error (`borrow of moved value`), never a silent copy.
///
/// ```
/// use chalice_events::json::json;
///
/// let tags = vec!["a", "b"];
/// let first = json!({"tags": &tags}); // borrowed: `tags` stays usable
/// let second = json!({"count": tags.len(), "tags": tags}); // moved
/// assert_eq!(first["tags"], second["tags"]);
/// ```
///
/// # Panics
///
/// As `serde_json::json!`, when an interpolated value's `Serialize`
/// implementation fails (a map whose keys are not strings, or a custom
/// implementation returning an error). Values built from JSON never fail.
#[macro_export]
#[doc(hidden)]
macro_rules! __json_moving {
    ($($json:tt)+) => {
        $crate::__json_value!($($json)+)
    };
}

/// One JSON value of the `json!` syntax.
#[macro_export]
#[doc(hidden)]
macro_rules! __json_value {
    (null) => {
        $crate::json::macros::Value::Null
    };
    (true) => {
        $crate::json::macros::Value::Bool(true)
    };
    (false) => {
        $crate::json::macros::Value::Bool(false)
    };
    ([]) => {
        $crate::json::macros::Value::Array(::std::vec::Vec::new())
    };
    ([ $($elements:tt)+ ]) => {
        $crate::json::macros::Value::Array($crate::__json_array!([] $($elements)+))
    };
    ({}) => {
        $crate::json::macros::Value::Object($crate::json::macros::Map::new())
    };
    ({ $($members:tt)+ }) => {
        $crate::json::macros::Value::Object($crate::__json_object!([] () ($($members)+)))
    };
    ($other:expr) => {
        $crate::__json_expr!($other)
    };
}

/// An interpolated expression: moved when it is JSON already, serialized
/// otherwise.
#[macro_export]
#[doc(hidden)]
macro_rules! __json_expr {
    ($value:expr) => {{
        #[allow(unused_imports)]
        use $crate::json::macros::{Owned as _, Serialized as _};
        $crate::json::macros::IntoJson($value).__into_json()
    }};
}

/// The elements of an array, each built as it is reached; the first
/// bracket holds the ones already built.
#[macro_export]
#[doc(hidden)]
macro_rules! __json_array {
    ([ $($done:expr,)* ]) => {
        ::std::vec![$($done,)*]
    };
    // Literal JSON first: `{"a": 1}` is not a Rust expression, and once
    // matched as one (`$next:expr`) tokens cannot be looked at again.
    ([ $($done:expr,)* ] null $(, $($rest:tt)*)?) => {
        $crate::__json_array!([ $($done,)* $crate::__json_value!(null), ] $($($rest)*)?)
    };
    ([ $($done:expr,)* ] true $(, $($rest:tt)*)?) => {
        $crate::__json_array!([ $($done,)* $crate::__json_value!(true), ] $($($rest)*)?)
    };
    ([ $($done:expr,)* ] false $(, $($rest:tt)*)?) => {
        $crate::__json_array!([ $($done,)* $crate::__json_value!(false), ] $($($rest)*)?)
    };
    ([ $($done:expr,)* ] [ $($array:tt)* ] $(, $($rest:tt)*)?) => {
        $crate::__json_array!([ $($done,)* $crate::__json_value!([ $($array)* ]), ] $($($rest)*)?)
    };
    ([ $($done:expr,)* ] { $($object:tt)* } $(, $($rest:tt)*)?) => {
        $crate::__json_array!([ $($done,)* $crate::__json_value!({ $($object)* }), ] $($($rest)*)?)
    };
    ([ $($done:expr,)* ] $next:expr $(, $($rest:tt)*)?) => {
        $crate::__json_array!([ $($done,)* $crate::__json_expr!($next), ] $($($rest)*)?)
    };
}

/// The members of an object, as `(key, value)` pairs in order, then the
/// map of them, built at its size: inserted one by one into an empty map,
/// its entries and its table would grow several times over. The first
/// bracket holds the pairs already built; the first parenthesis collects
/// the key's tokens up to its `:`, the second holds the tokens not read yet.
#[macro_export]
#[doc(hidden)]
macro_rules! __json_object {
    ([ $($done:expr,)* ] () ()) => {
        <$crate::json::macros::Map<::std::string::String, $crate::json::macros::Value>
            as ::std::iter::FromIterator<_>>::from_iter([ $($done,)* ])
    };
    ([ $($done:expr,)* ] ($($key:tt)+) (: null $(, $($rest:tt)*)?)) => {
        $crate::__json_object!(
            [ $($done,)* $crate::__json_object!(@pair ($($key)+) ($crate::__json_value!(null))), ]
            () ($($($rest)*)?)
        )
    };
    ([ $($done:expr,)* ] ($($key:tt)+) (: true $(, $($rest:tt)*)?)) => {
        $crate::__json_object!(
            [ $($done,)* $crate::__json_object!(@pair ($($key)+) ($crate::__json_value!(true))), ]
            () ($($($rest)*)?)
        )
    };
    ([ $($done:expr,)* ] ($($key:tt)+) (: false $(, $($rest:tt)*)?)) => {
        $crate::__json_object!(
            [ $($done,)* $crate::__json_object!(@pair ($($key)+) ($crate::__json_value!(false))), ]
            () ($($($rest)*)?)
        )
    };
    ([ $($done:expr,)* ] ($($key:tt)+) (: [ $($array:tt)* ] $(, $($rest:tt)*)?)) => {
        $crate::__json_object!(
            [ $($done,)* $crate::__json_object!(@pair ($($key)+) ($crate::__json_value!([ $($array)* ]))), ]
            () ($($($rest)*)?)
        )
    };
    ([ $($done:expr,)* ] ($($key:tt)+) (: { $($inner:tt)* } $(, $($rest:tt)*)?)) => {
        $crate::__json_object!(
            [ $($done,)* $crate::__json_object!(@pair ($($key)+) ($crate::__json_value!({ $($inner)* }))), ]
            () ($($($rest)*)?)
        )
    };
    ([ $($done:expr,)* ] ($($key:tt)+) (: $value:expr $(, $($rest:tt)*)?)) => {
        $crate::__json_object!(
            [ $($done,)* $crate::__json_object!(@pair ($($key)+) ($crate::__json_expr!($value))), ]
            () ($($($rest)*)?)
        )
    };
    (@pair ($($key:tt)+) ($value:expr)) => {
        (::std::convert::Into::<::std::string::String>::into($($key)+), $value)
    };
    // A token of the key: anything before the `:`.
    ([ $($done:expr,)* ] ($($key:tt)*) ($next:tt $($rest:tt)*)) => {
        $crate::__json_object!([ $($done,)* ] ($($key)* $next) ($($rest)*))
    };
}

#[doc(hidden)]
pub use serde_json::{Map, Value};

/// An interpolated value on its way into [`json!`](crate::json::json!).
#[doc(hidden)]
#[derive(Debug)]
pub struct IntoJson<T>(pub T);

/// Values that are JSON already: moved into the result.
#[doc(hidden)]
pub trait Owned {
    fn __into_json(self) -> Value;
}

impl Owned for IntoJson<Value> {
    fn __into_json(self) -> Value {
        self.0
    }
}

impl Owned for IntoJson<Option<Value>> {
    fn __into_json(self) -> Value {
        self.0.unwrap_or(Value::Null)
    }
}

impl Owned for IntoJson<String> {
    fn __into_json(self) -> Value {
        Value::String(self.0)
    }
}

impl Owned for IntoJson<Vec<Value>> {
    fn __into_json(self) -> Value {
        Value::Array(self.0)
    }
}

impl Owned for IntoJson<Map<String, Value>> {
    fn __into_json(self) -> Value {
        Value::Object(self.0)
    }
}

/// Any other serializable value: serialized, as `serde_json::json!` does.
#[doc(hidden)]
pub trait Serialized {
    fn __into_json(self) -> Value;
}

impl<T: Serialize> Serialized for &IntoJson<T> {
    fn __into_json(self) -> Value {
        match serde_json::to_value(&self.0) {
            Ok(value) => value,
            // The documented panic, with serde_json's own message.
            Err(e) => panic!("json!: the value cannot be serialized: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json as serde_json_json, Map, Value};

    /// The same syntax gives the same `Value` as serde_json's macro, for
    /// every form of the grammar.
    #[test]
    fn builds_what_serde_json_builds() {
        let n = 7u8;
        let name = "Ann";
        let key = String::from("dynamic");
        let tags = vec!["a", "b"];
        let cases: Vec<(Value, Value)> = vec![
            (crate::json::json!(null), serde_json_json!(null)),
            (crate::json::json!(true), serde_json_json!(true)),
            (crate::json::json!(false), serde_json_json!(false)),
            (crate::json::json!(1.5), serde_json_json!(1.5)),
            (crate::json::json!(-3), serde_json_json!(-3)),
            (crate::json::json!("text"), serde_json_json!("text")),
            (crate::json::json!([]), serde_json_json!([])),
            (crate::json::json!({}), serde_json_json!({})),
            (
                crate::json::json!([null, true, false, [], {}, [1, [2]], {"a": {"b": null}}]),
                serde_json_json!([null, true, false, [], {}, [1, [2]], {"a": {"b": null}}]),
            ),
            (
                crate::json::json!([n, n + 1, name,]),
                serde_json_json!([n, n + 1, name,]),
            ),
            (
                crate::json::json!({"n": n, "sum": n as u32 * 2, "tags": &tags, "nested": [{"x": name}],}),
                serde_json_json!({"n": n, "sum": n as u32 * 2, "tags": tags, "nested": [{"x": name}],}),
            ),
            (
                crate::json::json!({key.as_str(): 1, (format!("{name}!")): [true]}),
                serde_json_json!({key.as_str(): 1, (format!("{name}!")): [true]}),
            ),
            (
                crate::json::json!({"none": Option::<u8>::None, "some": Some("x"), "unit": ()}),
                serde_json_json!({"none": Option::<u8>::None, "some": Some("x"), "unit": ()}),
            ),
            (
                crate::json::json!({"null": null, "t": true, "f": false, "last": [null]}),
                serde_json_json!({"null": null, "t": true, "f": false, "last": [null]}),
            ),
            // A repeated key keeps its first place and takes its last value.
            (
                crate::json::json!({"a": 1, "b": {"c": 2, "c": 3}, "a": [n]}),
                serde_json_json!({"a": 1, "b": {"c": 2, "c": 3}, "a": [n]}),
            ),
        ];
        for (i, (ours, theirs)) in cases.into_iter().enumerate() {
            assert_eq!(ours, theirs, "case {i}");
            assert_eq!(ours.to_string(), theirs.to_string(), "case {i}: key order");
        }
    }

    /// A `Value` and the other JSON types are moved: the result holds the
    /// very allocation that was interpolated, not a copy of it.
    #[test]
    fn json_values_are_moved_not_copied() {
        let body = serde_json_json!({"items": [1, 2, 3], "name": "long enough to allocate"});
        let items_ptr = body["items"].as_array().map(|a| a.as_ptr());
        let text = String::from("moved text");
        let text_ptr = text.as_ptr();
        let list = vec![Value::Null, Value::Bool(true)];
        let list_ptr = list.as_ptr();
        let mut map = Map::new();
        map.insert("k".into(), Value::from("v"));
        let key_ptr = map.keys().next().map(|k| k.as_ptr());

        let out = crate::json::json!({"body": Some(body), "text": text, "list": list, "map": map});

        assert_eq!(
            out["body"]["items"].as_array().map(|a| a.as_ptr()),
            items_ptr
        );
        assert_eq!(out["text"].as_str().map(str::as_ptr), Some(text_ptr));
        assert_eq!(out["list"].as_array().map(|a| a.as_ptr()), Some(list_ptr));
        let map_key = out["map"]
            .as_object()
            .and_then(|m| m.keys().next())
            .map(|k| k.as_ptr());
        assert_eq!(map_key, key_ptr);
    }

    /// A borrowed value cannot be moved; it is serialized into a copy.
    #[test]
    fn references_are_copied() {
        let body = serde_json_json!({"items": [1, 2, 3]});
        let out = crate::json::json!({"body": &body});
        assert_eq!(out["body"], body);
        assert_ne!(
            out["body"]["items"].as_array().map(|a| a.as_ptr()),
            body["items"].as_array().map(|a| a.as_ptr())
        );
    }

    #[test]
    #[should_panic(expected = "json!: the value cannot be serialized")]
    fn unserializable_values_panic_as_serde_json_does() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1);
        let _ = crate::json::json!({"bad": map});
    }
}
