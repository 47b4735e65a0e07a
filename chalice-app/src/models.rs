//! Typed models: request bodies, path and query parameters read into Rust
//! types before the view runs, and the types a route answers with.
//!
//! A view declares what it reads by taking extractors after the
//! [`Request`]: [`Json<T>`](crate::Json) for the body, [`Path<T>`] for the
//! captures of the route and [`Query<T>`] for the query string. Each is read
//! before the view runs; the view gets the typed value and the request, and
//! nothing is parsed a second time. [`Route::response`](crate::Route::response)
//! names the type a route answers with. The declared types (they implement
//! [`schemars::JsonSchema`]) are the schemas of the app's
//! [OpenAPI 3.1 document][openapi] and of its Swagger 2.0 `definitions`
//! (with the default feature `package`).
//!
//! ```
//! use chalice_app::models::{Path, Query};
//! use chalice_app::{Chalice, Json, Request, Route};
//! use schemars::JsonSchema;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Deserialize, Serialize, JsonSchema)]
//! #[serde(deny_unknown_fields)]
//! struct NewItem {
//!     name: String,
//!     price: f64,
//! }
//!
//! #[derive(Deserialize, JsonSchema)]
//! struct ItemPath {
//!     id: u64,
//! }
//!
//! #[derive(Deserialize, JsonSchema)]
//! struct Listing {
//!     limit: Option<usize>,
//! }
//!
//! let mut app = Chalice::new("shop");
//! app.route(
//!     "/items/{id}",
//!     Route::new().methods(["PUT"]).response::<NewItem>(),
//!     |_req: Request, Path(path): Path<ItemPath>, Json(item): Json<NewItem>| {
//!         Json(NewItem { name: format!("{} #{}", item.name, path.id), price: item.price })
//!     },
//! );
//! app.route("/items", Route::new(), |_req: Request, Query(q): Query<Listing>| {
//!     serde_json::json!({"limit": q.limit})
//! });
//! ```
//!
//! # What a request that does not fit answers
//!
//! The first extractor that refuses the request (in the order of the view's
//! arguments) answers 400 with Chalice's error body, code `BadRequestError`,
//! the message naming where the problem is and what it is; the view does not
//! run. The messages, as a spec:
//!
//! | input | message |
//! |---|---|
//! | a body field of the wrong type | `items[3].price: invalid type: string "x", expected f64` |
//! | a body without a required field | `body: missing field `name`` (nested: `owner: missing field `name``) |
//! | a body field the type denies (`deny_unknown_fields`) | `body: unknown field `colour`, expected `name` or `price`` (nested: `items[0]: unknown field ...`) |
//! | a body that is not JSON | `Error Parsing JSON: expected value at line 1 column 1` |
//! | no body | read as JSON `null`: `body: invalid type: null, expected struct NewItem` (an `Option<T>` body is `None`) |
//! | a path capture that does not parse | `path parameter id: invalid value: string "x", expected u64` |
//! | a query parameter that does not parse | `query parameter limit: invalid value: string "x", expected usize` |
//! | a query string without a required parameter | `query string: missing field `limit`` |
//!
//! The body is read as JSON whatever its `Content-Type`: the route's
//! [`content_types`](crate::Route::content_types) decide which requests reach
//! the view (others get a 415 first). A base64-encoded body is decoded first;
//! a UTF-8 byte-order mark is skipped, as [`Request::json_body`] skips it.
//!
//! Query parameters are read as [`Request::query_params`] holds them: a
//! field of a sequence type gets every value of its key, any other field the
//! last one. Captures and query values are text; numbers, booleans (`true`,
//! `false`) and unit enum variants are parsed from it.
//!
//! # Mistakes caught at registration
//!
//! [`Chalice::route`](crate::Chalice::route) panics (and `try_route` returns
//! the error) when a view reads two bodies, two `Path`s or two `Query`s, when
//! a field of a `Path<T>` struct is not a capture of the route (or `T` is a
//! single value and the route does not have exactly one capture), when
//! `Query<T>` is not a struct or map, or when a declared response's status
//! is outside 100–599.
//!
//! These checks read a type's shape from its `Deserialize` (what serde's
//! derive asks a deserializer for), not from its JSON Schema, so they cost
//! nothing at start-up beyond one call per type. A struct's field names are
//! the ones serde reads, aliases included: each must be a capture. A struct
//! with a flattened field, a map, and a type that looks at its input before
//! choosing (`serde_json::Value`, an untagged enum) are not checked.
//!
#![cfg_attr(feature = "package", doc = "\n[openapi]: crate::package::openapi")]
#![cfg_attr(not(feature = "package"), doc = "\n[openapi]: crate#features")]

use std::borrow::Cow;
use std::fmt;

use chalice_events::request::{self, MultiDict, Request};
use schemars::JsonSchema;
#[cfg(feature = "package")]
use schemars::{Schema, SchemaGenerator};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde_json::Map;
#[cfg(feature = "package")]
use serde_json::Value;

use crate::error::{BadRequestError, ChaliceViewError};
use crate::handler::Json;

mod shape;

use shape::Shape;

/// A type as the API documents describe it: its schema name and how to make
/// its JSON Schema. Made by [`Model::of`].
#[derive(Clone, Copy)]
pub struct Model {
    name: fn() -> Cow<'static, str>,
    // Only the `package` module reads schemas; without it, nothing of
    // schemars' generator is in the binary.
    #[cfg(feature = "package")]
    schema: fn(&mut SchemaGenerator) -> Schema,
    // The shape of a `Path<T>` or `Query<T>`, for the registration checks.
    shape: Option<Shape>,
}

impl Model {
    /// The model of `T`.
    pub fn of<T: JsonSchema + ?Sized>() -> Model {
        #[cfg(feature = "package")]
        fn schema_of<T: JsonSchema + ?Sized>(generator: &mut SchemaGenerator) -> Schema {
            generator.subschema_for::<T>()
        }
        Model {
            name: T::schema_name,
            #[cfg(feature = "package")]
            schema: schema_of::<T>,
            shape: None,
        }
    }

    /// The model of an input read from named parameters, with its shape.
    fn parameters<T: DeserializeOwned + JsonSchema>() -> Model {
        Model {
            shape: Some(Shape::of::<T>()),
            ..Model::of::<T>()
        }
    }

    /// The type's schema name, e.g. `"NewItem"` (schemars' `schema_name`).
    pub fn name(&self) -> Cow<'static, str> {
        (self.name)()
    }

    /// The type's schema from `generator`: a `$ref` into the generator's
    /// definitions for a named type, the schema itself for an inlined one.
    #[cfg(feature = "package")]
    pub fn schema(&self, generator: &mut SchemaGenerator) -> Schema {
        (self.schema)(generator)
    }
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Model").field(&self.name()).finish()
    }
}

/// What a route declares about its inputs and outputs: the models of its
/// body, path and query extractors and of its responses.
#[derive(Debug, Clone, Default)]
pub struct RouteModels {
    /// The request body's type ([`Json<T>`](crate::Json)).
    pub body: Option<Model>,
    /// The captures' type ([`Path<T>`]).
    pub path: Option<Model>,
    /// The query string's type ([`Query<T>`]).
    pub query: Option<Model>,
    /// The response types by status code ([`Route::response`](crate::Route::response)),
    /// in the order declared.
    pub responses: Vec<(u16, Model)>,
}

impl RouteModels {
    /// Whether the route declares anything at all.
    pub fn is_empty(&self) -> bool {
        self.body.is_none()
            && self.path.is_none()
            && self.query.is_none()
            && self.responses.is_empty()
    }

    /// Whether any input is read by an extractor, which makes a 400 possible.
    pub fn has_inputs(&self) -> bool {
        self.body.is_some() || self.path.is_some() || self.query.is_some()
    }
}

/// A value a view reads from the request before it runs.
///
/// Implemented by [`Json<T>`](crate::Json), [`Path<T>`] and [`Query<T>`];
/// implement it for an input of your own. A view takes up to three of them
/// after the [`Request`].
pub trait FromRequest: Sized + Send + 'static {
    /// Reads the value.
    ///
    /// # Errors
    ///
    /// The response the request gets instead of the view's: for the
    /// extractors of this module, a 400 `BadRequestError` naming the field.
    fn from_request(request: &Request) -> Result<Self, ChaliceViewError>;

    /// Adds what this extractor reads to the route's models (nothing, by
    /// default).
    ///
    /// # Errors
    ///
    /// When the route already declares that input (the message says what
    /// was declared twice); registration fails with it.
    fn declare(models: &mut RouteModels) -> Result<(), String> {
        let _ = models;
        Ok(())
    }
}

fn bad_request(message: String) -> ChaliceViewError {
    BadRequestError::new(message).into()
}

/// Where a body problem is, as the messages say it: the JSON path of the
/// field (`items[3].price`), or `body` for the body itself.
///
/// serde_path_to_error puts a field the type denies into the path itself
/// (`colour: unknown field `colour``); the problem is the object holding
/// it, so its path is the answer then (`body: unknown field `colour``).
fn body_position(path: &serde_path_to_error::Path, problem: &str) -> String {
    let mut segments: Vec<&serde_path_to_error::Segment> = path.iter().collect();
    if let Some(serde_path_to_error::Segment::Map { key }) = segments.last() {
        if problem.starts_with(&format!("unknown field `{key}`")) {
            segments.pop();
        }
    }
    if segments.is_empty() {
        return "body".to_string();
    }
    // As serde_path_to_error writes a path: `.` between names, indexes
    // glued to what they index.
    let mut text = String::new();
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 && !matches!(segment, serde_path_to_error::Segment::Seq { .. }) {
            text.push('.');
        }
        text.push_str(&segment.to_string());
    }
    text
}

/// Reads the body as `T`. The common case, a body that fits, is one
/// `serde_json` pass, as `json_body_as` is; only a refused body is read a
/// second time, with the path tracked, to say where it went wrong (tracking
/// the path of every field costs on every request that fits).
fn read_body<T: DeserializeOwned>(request: &Request) -> Result<T, ChaliceViewError> {
    let raw = request
        .raw_body()
        .map_err(|e| bad_request(format!("Error Parsing JSON: {e}")))?;
    // Python's `json.loads` on bytes accepts a UTF-8 BOM; so does `json_body`.
    let bytes = raw.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&raw);
    // An absent body is JSON `null`: an `Option<T>` body reads as `None`,
    // any other type names what it expected.
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        bytes
    };
    // Text is read once, untracked; bytes that are not UTF-8 go straight to
    // the tracked reading, which is `serde_json::from_slice`'s for them
    // (strings `T` skips are not checked), so that `T`'s reader is compiled
    // for two readers rather than three.
    let first = match std::str::from_utf8(bytes) {
        Ok(text) => match serde_json::from_str::<T>(text) {
            Ok(value) => return Ok(value),
            Err(e) if e.is_syntax() || e.is_eof() => return Err(syntax_error(&e)),
            Err(e) => Some(e),
        },
        Err(_) => None,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let message = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) if e.inner().is_syntax() || e.inner().is_eof() => {
            return Err(syntax_error(e.inner()))
        }
        Err(e) => {
            let problem = without_position(e.inner());
            format!("{}: {problem}", body_position(e.path(), &problem))
        }
        Ok(value) => match (deserializer.end(), first) {
            (Err(e), _) => return Err(syntax_error(&e)),
            (Ok(()), None) => return Ok(value),
            // Cannot happen (the same text, the same type); the first error
            // is still the answer.
            (Ok(()), Some(first)) => format!("body: {}", without_position(&first)),
        },
    };
    Err(bad_request(message))
}

fn syntax_error(e: &serde_json::Error) -> ChaliceViewError {
    bad_request(format!("Error Parsing JSON: {e}"))
}

/// A data error's text without serde_json's ` at line L column C`, which
/// says nothing the JSON path does not say better.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&suffix) {
        Some(stripped) => stripped.to_string(),
        None => text,
    }
}

/// The request body, read as JSON into `T`; see the [module docs](self) for
/// what a body that does not fit answers.
impl<T> FromRequest for Json<T>
where
    T: DeserializeOwned + JsonSchema + Send + 'static,
{
    fn from_request(request: &Request) -> Result<Self, ChaliceViewError> {
        read_body(request).map(Json)
    }

    fn declare(models: &mut RouteModels) -> Result<(), String> {
        declare_once(&mut models.body, Model::of::<T>(), "request body", "Json")
    }
}

fn declare_once(
    slot: &mut Option<Model>,
    model: Model,
    what: &str,
    extractor: &str,
) -> Result<(), String> {
    if let Some(existing) = slot {
        return Err(format!(
            "the view reads its {what} twice ({extractor}<{}> and {extractor}<{}>); take it once",
            existing.name(),
            model.name()
        ));
    }
    *slot = Some(model);
    Ok(())
}

/// The route's captures read into `T`: a struct (or map) with one field per
/// capture, or a single value when the route has exactly one capture.
///
/// ```
/// use chalice_app::models::Path;
/// use chalice_app::{Chalice, Request, Route};
///
/// let mut app = Chalice::new("app");
/// app.route("/items/{id}", Route::new(), |_r: Request, Path(id): Path<u64>| {
///     serde_json::json!({"id": id})
/// });
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Path<T>(pub T);

impl<T> FromRequest for Path<T>
where
    T: DeserializeOwned + JsonSchema + Send + 'static,
{
    fn from_request(request: &Request) -> Result<Self, ChaliceViewError> {
        let empty = Map::new();
        let params = request.uri_params().unwrap_or(&empty);
        let entries: Vec<(&str, Param<'_>)> = params
            .iter()
            .map(|(name, value)| (name.as_str(), Param::One(value.as_str().unwrap_or(""))))
            .collect();
        read_params(&entries, "path parameter", "path parameters").map(Path)
    }

    fn declare(models: &mut RouteModels) -> Result<(), String> {
        declare_once(
            &mut models.path,
            Model::parameters::<T>(),
            "path parameters",
            "Path",
        )
    }
}

/// The query string read into `T`, a struct or a map: a field of a sequence
/// type gets every value of its key, any other field the last value.
///
/// ```
/// use chalice_app::models::Query;
/// use chalice_app::{Chalice, Request, Route};
/// use schemars::JsonSchema;
///
/// #[derive(serde::Deserialize, JsonSchema)]
/// struct Search {
///     q: String,
///     tag: Vec<String>,
///     limit: Option<u32>,
/// }
///
/// let mut app = Chalice::new("app");
/// app.route("/search", Route::new(), |_r: Request, Query(s): Query<Search>| {
///     serde_json::json!({"q": s.q, "tags": s.tag, "limit": s.limit})
/// });
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Query<T>(pub T);

impl<T> FromRequest for Query<T>
where
    T: DeserializeOwned + JsonSchema + Send + 'static,
{
    fn from_request(request: &Request) -> Result<Self, ChaliceViewError> {
        let empty = MultiDict::new();
        let query = request.query_params().unwrap_or(&empty);
        let entries: Vec<(&str, Param<'_>)> = query
            .iter()
            .map(|(name, values)| (name, Param::Many(values)))
            .collect();
        read_params(&entries, "query parameter", "query string").map(Query)
    }

    fn declare(models: &mut RouteModels) -> Result<(), String> {
        declare_once(
            &mut models.query,
            Model::parameters::<T>(),
            "query string",
            "Query",
        )
    }
}

/// Reads named text parameters into `T`, the message naming the parameter
/// (`path parameter id: ...`) or, for a problem of the whole (a missing
/// field), the whole (`query string: ...`).
fn read_params<T: DeserializeOwned>(
    entries: &[(&str, Param<'_>)],
    one: &str,
    whole: &str,
) -> Result<T, ChaliceViewError> {
    let deserializer = ParamsDeserializer { entries };
    serde_path_to_error::deserialize::<_, T>(deserializer).map_err(|e| {
        let position = e.path().to_string();
        let problem = e.inner().to_string();
        // A single-value `Path<T>` reads the one capture without a field
        // name; its error names the capture itself.
        let named = match (position.as_str(), entries) {
            (".", [(name, _)]) if e.inner().single => format!("{one} {name}: {problem}"),
            (".", _) => format!("{whole}: {problem}"),
            (field, _) => format!("{one} {field}: {problem}"),
        };
        bad_request(named)
    })
}

/// The values of one parameter.
#[derive(Clone)]
enum Param<'a> {
    One(&'a str),
    Many(request::Values<'a>),
}

impl<'a> Param<'a> {
    /// The value a single-valued field reads: the last, as Chalice's
    /// `query_params[...]` gives it.
    fn last(self) -> &'a str {
        match self {
            Param::One(v) => v,
            Param::Many(values) => values.last().unwrap_or(""),
        }
    }
}

/// The error of reading parameters: serde's message, and whether it came
/// from reading one parameter as the whole value.
#[derive(Debug)]
struct ParamError {
    message: String,
    single: bool,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParamError {}

impl de::Error for ParamError {
    fn custom<M: fmt::Display>(message: M) -> Self {
        ParamError {
            message: message.to_string(),
            single: false,
        }
    }
}

/// Named text parameters as a serde map; a single one as a value, several
/// as a tuple in order.
struct ParamsDeserializer<'a, 'e> {
    entries: &'e [(&'a str, Param<'a>)],
}

impl<'a, 'e> ParamsDeserializer<'a, 'e> {
    fn single(&self) -> Result<ValueDeserializer<'a>, ParamError> {
        match self.entries {
            [(_, values)] => Ok(ValueDeserializer {
                values: values.clone(),
            }),
            _ => Err(ParamError {
                message: format!(
                    "{} parameters cannot be read as one value; read them into a struct",
                    self.entries.len()
                ),
                single: false,
            }),
        }
    }
}

/// The error of a single parameter read as the whole value, marked so that
/// its message names the parameter.
fn mark_single<T>(result: Result<T, ParamError>) -> Result<T, ParamError> {
    result.map_err(|mut e| {
        e.single = true;
        e
    })
}

macro_rules! single_value {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
            let value = self.single()?;
            mark_single(value.$method(visitor))
        }
    )*};
}

impl<'de, 'a, 'e> de::Deserializer<'de> for ParamsDeserializer<'a, 'e> {
    type Error = ParamError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        visitor.visit_map(ParamsAccess {
            entries: self.entries.iter(),
            value: None,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        let values = self.entries.iter().map(|(_, values)| ValueDeserializer {
            values: values.clone(),
        });
        visitor.visit_seq(de::value::SeqDeserializer::new(values))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        visitor.visit_newtype_struct(self)
    }

    single_value! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_option
        deserialize_unit deserialize_seq deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        let value = self.single()?;
        mark_single(value.deserialize_unit_struct(name, visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        let value = self.single()?;
        mark_single(value.deserialize_enum(name, variants, visitor))
    }
}

struct ParamsAccess<'a, 'e> {
    entries: std::slice::Iter<'e, (&'a str, Param<'a>)>,
    value: Option<Param<'a>>,
}

impl<'de, 'a> de::MapAccess<'de> for ParamsAccess<'a, '_> {
    type Error = ParamError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ParamError> {
        match self.entries.next() {
            Some((name, values)) => {
                self.value = Some(values.clone());
                seed.deserialize((*name).into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ParamError> {
        let values = self.value.take().unwrap_or(Param::One(""));
        seed.deserialize(ValueDeserializer { values })
    }
}

/// One parameter's text, parsed into whatever the field asks for.
struct ValueDeserializer<'a> {
    values: Param<'a>,
}

macro_rules! parse_value {
    ($($method:ident => $visit:ident: $ty:ty,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
            let text = self.values.last();
            match text.parse::<$ty>() {
                Ok(value) => visitor.$visit(value),
                Err(_) => Err(de::Error::invalid_value(de::Unexpected::Str(text), &visitor)),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'_> {
    type Error = ParamError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        visitor.visit_str(self.values.last())
    }

    parse_value! {
        deserialize_bool => visit_bool: bool,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
        deserialize_char => visit_char: char,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        // A parameter that is there has a value; an absent one never gets here.
        visitor.visit_some(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        let one = |v| ValueDeserializer {
            values: Param::One(v),
        };
        match self.values {
            Param::Many(values) => {
                visitor.visit_seq(de::value::SeqDeserializer::new(values.map(one)))
            }
            Param::One(value) => {
                visitor.visit_seq(de::value::SeqDeserializer::new(std::iter::once(one(value))))
            }
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        // Unit variants by name, as serde_json reads `"red"` into `Colour::Red`.
        visitor.visit_enum(self.values.last().into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        str string bytes byte_buf unit unit_struct tuple tuple_struct map struct
        identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, ParamError> for ValueDeserializer<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> IntoDeserializer<'de, ParamError> for ParamsDeserializer<'_, '_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// Checks the declared models against the route's captures: the mistakes
/// the [module docs](self#mistakes-caught-at-registration) list.
pub(crate) fn check(models: &RouteModels, path: &str, captures: &[String]) -> Result<(), String> {
    if let Some(model) = &models.path {
        let expected = match model.shape {
            Some(Shape::Struct(fields)) => {
                if let Some(name) = fields.iter().find(|f| !captures.iter().any(|c| c == *f)) {
                    return Err(format!(
                        "Route {path}: Path<{}> has a field `{name}`, which is not a capture of the route (captures: {})",
                        model.name(),
                        list(captures)
                    ));
                }
                None
            }
            Some(Shape::Tuple(len)) => Some(len),
            Some(Shape::Single | Shape::Seq) => Some(1),
            Some(Shape::Map | Shape::Any) | None => None,
        };
        if let Some(expected) = expected.filter(|n| *n != captures.len()) {
            return Err(format!(
                "Route {path}: Path<{}> reads {expected} value(s) but the route has {} capture(s) ({}); read them into a struct with one field per capture",
                model.name(),
                captures.len(),
                list(captures)
            ));
        }
    }
    if let Some(model) = &models.query {
        if matches!(
            model.shape,
            Some(Shape::Tuple(_) | Shape::Seq | Shape::Single)
        ) {
            return Err(format!(
                "Route {path}: Query<{}> must be a struct or a map: a query string is named parameters",
                model.name()
            ));
        }
    }
    for (status, model) in &models.responses {
        if !(100..=599).contains(status) {
            return Err(format!(
                "Route {path}: response {} declared with status {status}, outside 100-599",
                model.name()
            ));
        }
    }
    Ok(())
}

fn list(captures: &[String]) -> String {
    if captures.is_empty() {
        "none".to_string()
    } else {
        captures
            .iter()
            .map(|c| format!("{{{c}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The `properties` of an object schema (of every `allOf` part too, as a
/// flattened struct's schema has them).
#[cfg(feature = "package")]
pub(crate) fn object_properties(schema: &Value) -> Option<Map<String, Value>> {
    let mut found: Option<Map<String, Value>> = None;
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        found
            .get_or_insert_with(Map::new)
            .extend(properties.clone());
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(properties) = object_properties(part) {
            found.get_or_insert_with(Map::new).extend(properties);
        }
    }
    found
}

/// The names an object schema requires (of every `allOf` part too).
#[cfg(feature = "package")]
pub(crate) fn required_names(schema: &Value) -> Vec<String> {
    let mut names: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        names.extend(required_names(part));
    }
    names
}
