//! What a type's `Deserialize` asks for, learnt without any input: enough to
//! check a `Path<T>` or `Query<T>` against its route when the route is
//! registered.
//!
//! serde's derive tells a deserializer the shape it wants before it reads
//! anything: `deserialize_struct` with the field names, `deserialize_map`,
//! `deserialize_tuple` with a length, `deserialize_u64`, and so on. The
//! [`Probe`] deserializer records that first request and refuses it, so the
//! shape costs one call and no allocation, and the check needs no JSON
//! Schema (which only the API documents need).

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// The shape of a type as its `Deserialize` asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A struct, with the names of its fields as they are read (renames and
    /// aliases included, as serde lists them).
    Struct(&'static [&'static str]),
    /// A map, or a struct serde reads as one (one with a flattened field).
    Map,
    /// A tuple or tuple struct of this many values.
    Tuple(usize),
    /// A sequence of any length (`Vec<T>`).
    Seq,
    /// One value: a string, a number, a boolean, an enum.
    Single,
    /// A type that looks at the input before it chooses (`deserialize_any`,
    /// as `serde_json::Value` and untagged enums do): nothing to check.
    Any,
}

impl Shape {
    /// The shape of `T`. An `Option<T>` and a newtype struct have the shape
    /// of what they hold.
    pub(crate) fn of<'de, T: Deserialize<'de>>() -> Shape {
        let mut shape = Shape::Any;
        // The probe always refuses (it has no input to give), so the result
        // carries nothing; the shape it recorded is the answer.
        let _ = T::deserialize(Probe { shape: &mut shape });
        shape
    }
}

/// A deserializer that records the first thing asked of it and refuses it.
struct Probe<'a> {
    shape: &'a mut Shape,
}

impl Probe<'_> {
    fn answer<T>(self, shape: Shape) -> Result<T, de::value::Error> {
        *self.shape = shape;
        Err(de::Error::custom("a shape probe has no input"))
    }
}

/// `deserialize_*` methods that ask for one value.
macro_rules! single {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
            self.answer(Shape::Single)
        }
    )*};
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = de::value::Error;

    single! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        self.answer(Shape::Any)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.answer(Shape::Single)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        self.answer(Shape::Seq)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.answer(Shape::Tuple(len))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.answer(Shape::Tuple(len))
    }

    fn deserialize_map<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        self.answer(Shape::Map)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.answer(Shape::Struct(fields))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.answer(Shape::Single)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use serde::Deserialize;

    use super::Shape;

    #[allow(dead_code)] // read by nothing: only their shapes are looked at
    #[derive(Deserialize)]
    struct Ids {
        shop: String,
        #[serde(rename = "orderId")]
        order_id: u64,
        #[serde(skip)]
        ignored: u8,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Flattened {
        #[serde(flatten)]
        ids: Ids,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Wrapped(Ids);

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Pair(u8, String);

    #[allow(dead_code)]
    #[derive(Deserialize)]
    enum Colour {
        Red,
        Blue,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Number(u64),
        Text(String),
    }

    #[test]
    fn each_kind_of_type_has_its_shape() {
        let table = [
            (
                "struct",
                Shape::of::<Ids>(),
                Shape::Struct(&["shop", "orderId"]),
            ),
            (
                "optional struct",
                Shape::of::<Option<Ids>>(),
                Shape::Struct(&["shop", "orderId"]),
            ),
            (
                "newtype of a struct",
                Shape::of::<Wrapped>(),
                Shape::Struct(&["shop", "orderId"]),
            ),
            ("flattened struct", Shape::of::<Flattened>(), Shape::Map),
            (
                "HashMap",
                Shape::of::<HashMap<String, String>>(),
                Shape::Map,
            ),
            ("BTreeMap", Shape::of::<BTreeMap<String, u8>>(), Shape::Map),
            ("tuple", Shape::of::<(u8, u8, String)>(), Shape::Tuple(3)),
            ("tuple struct", Shape::of::<Pair>(), Shape::Tuple(2)),
            ("Vec", Shape::of::<Vec<String>>(), Shape::Seq),
            ("u64", Shape::of::<u64>(), Shape::Single),
            ("String", Shape::of::<String>(), Shape::Single),
            ("bool", Shape::of::<bool>(), Shape::Single),
            ("unit enum", Shape::of::<Colour>(), Shape::Single),
            ("untagged enum", Shape::of::<Either>(), Shape::Any),
            ("Value", Shape::of::<serde_json::Value>(), Shape::Any),
        ];
        for (what, found, expected) in table {
            assert_eq!(found, expected, "{what}");
        }
    }
}
