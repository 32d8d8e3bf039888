//! Parameters: how a value goes into a path, a query string, a header or a cookie,
//! following the `style` and `explode` of OpenAPI 3 (its "style values" table).
//!
//! A value is a scalar, a list or an object ([`QueryValue`]); with name `id`,
//! list `[3, 4, 5]` and object `{"R": 100, "G": 200}`:
//!
//! | location | style | explode | scalar | list | object |
//! | --- | --- | --- | --- | --- | --- |
//! | path | `simple` | false | `5` | `3,4,5` | `R,100,G,200` |
//! | path | `simple` | true | `5` | `3,4,5` | `R=100,G=200` |
//! | path | `label` | false | `.5` | `.3,4,5` | `.R,100,G,200` |
//! | path | `label` | true | `.5` | `.3.4.5` | `.R=100.G=200` |
//! | path | `matrix` | false | `;id=5` | `;id=3,4,5` | `;id=R,100,G,200` |
//! | path | `matrix` | true | `;id=5` | `;id=3;id=4;id=5` | `;R=100;G=200` |
//! | query | `form` | false | `id=5` | `id=3,4,5` | `id=R,100,G,200` |
//! | query | `form` | true | `id=5` | `id=3&id=4&id=5` | `R=100&G=200` |
//! | query | `spaceDelimited` | false | `id=5` | `id=3%204%205` | `id=R%20100%20G%20200` |
//! | query | `pipeDelimited` | false | `id=5` | `id=3\|4\|5` | `id=R\|100\|G\|200` |
//! | query | `deepObject` | true | `id=5` | `id=3&id=4&id=5` | `id[R]=100&id[G]=200` |
//! | header | `simple` | false | `5` | `3,4,5` | `R,100,G,200` |
//! | header | `simple` | true | `5` | `3,4,5` | `R=100,G=200` |
//! | cookie | `form` | false | `id=5` | `id=3,4,5` | `id=R,100,G,200` |
//! | cookie | `form` | true | `id=5` | `id=3; id=4; id=5` | `R=100; G=200` |
//!
//! Fallbacks, for what the table leaves undefined (the generator warns about them):
//! - A style that does not belong to the location is replaced by the location's
//!   default: `simple` for paths and headers, `form` for queries and cookies
//!   (so `deepObject` on a path is sent as `simple`).
//! - `spaceDelimited` and `pipeDelimited` with `explode: true`, and `deepObject` for
//!   a scalar or a list, are sent as exploded `form`; `deepObject` ignores `explode`.
//! - An exploded `form` cookie sends one cookie per item (`id=3; id=4`), as a
//!   `Cookie` header cannot hold the `&` of the table.
//! - An object's properties are sent in name order (a generated struct is read
//!   through `serde_json`, which may or may not keep the declared order).
//! - Inside a list or an object, a nested list or object is sent as its JSON text;
//!   a `null` property is left out, and a `None` or empty list sends no parameter
//!   at all (a path gets the empty value).
//!
//! Path, query and cookie text is percent-encoded (all but RFC 3986's unreserved
//! characters, so `/` in a path value is encoded); header values are sent as is.

use ::std::fmt;

use super::TransportError;

/// An OpenAPI parameter `style`. Which ones apply where, and what is sent when
/// one does not, is described in the [module docs](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// Comma-separated (paths and headers; their default).
    Simple,
    /// Dot-prefixed (paths).
    Label,
    /// Semicolon-prefixed `;name=value` (paths).
    Matrix,
    /// `name=value` pairs (queries and cookies; their default).
    Form,
    /// Space-separated values (queries).
    SpaceDelimited,
    /// Pipe-separated values (queries).
    PipeDelimited,
    /// `name[key]=value` for objects (queries).
    DeepObject,
}

/// A parameter's value laid out for styling.
enum Shape {
    /// No value: `None`, or an empty list.
    Absent,
    /// One value or several.
    List(Vec<::std::string::String>),
    /// `(key, value)` pairs.
    Object(Vec<(::std::string::String, ::std::string::String)>),
}

impl Shape {
    fn of(value: &dyn QueryValue) -> Self {
        if let Some(fields) = value.query_fields() {
            return Shape::Object(fields);
        }
        let values = value.query_values();
        if values.is_empty() {
            Shape::Absent
        } else {
            Shape::List(values)
        }
    }
}

/// Appends the items of `shape`, each percent-encoded when `encode`, joined by
/// `separator`; an object's keys and values are joined by `pair` (`=` exploded) or
/// by `separator`.
fn join_into(
    out: &mut ::std::string::String,
    shape: &Shape,
    separator: &str,
    pair: Option<char>,
    encode: bool,
) {
    let push = |out: &mut ::std::string::String, text: &str| {
        if encode {
            percent_encode_into(out, text);
        } else {
            out.push_str(text);
        }
    };
    match shape {
        Shape::Absent => {}
        Shape::List(values) => {
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    out.push_str(separator);
                }
                push(out, value);
            }
        }
        Shape::Object(fields) => {
            for (i, (key, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(separator);
                }
                push(out, key);
                match pair {
                    Some(c) => out.push(c),
                    None => out.push_str(separator),
                }
                push(out, value);
            }
        }
    }
}

/// One path parameter, styled and percent-encoded, to splice into the path.
/// `name` is the parameter's wire name (used by `matrix`).
pub fn path_param(
    name: &str,
    value: &dyn QueryValue,
    style: Style,
    explode: bool,
) -> ::std::string::String {
    let shape = Shape::of(value);
    let mut out = ::std::string::String::new();
    let pair = explode.then_some('=');
    match style {
        Style::Label => {
            out.push('.');
            join_into(
                &mut out,
                &shape,
                if explode { "." } else { "," },
                pair,
                true,
            );
        }
        Style::Matrix => match (&shape, explode) {
            (Shape::Object(_), true) => {
                out.push(';');
                join_into(&mut out, &shape, ";", pair, true);
            }
            (Shape::List(values), true) => {
                for value in values {
                    out.push(';');
                    percent_encode_into(&mut out, name);
                    out.push('=');
                    percent_encode_into(&mut out, value);
                }
            }
            (Shape::Absent, _) => {
                out.push(';');
                percent_encode_into(&mut out, name);
            }
            _ => {
                out.push(';');
                percent_encode_into(&mut out, name);
                out.push('=');
                join_into(&mut out, &shape, ",", None, true);
            }
        },
        _ => join_into(&mut out, &shape, ",", pair, true),
    }
    out
}

/// Appends `text` percent-encoded: every byte but RFC 3986's unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) becomes `%XX`.
pub(super) fn percent_encode_into(out: &mut ::std::string::String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
}

/// A query parameter's `name=value` pairs, percent-encoded and joined with `&`
/// (empty for an absent value).
pub(super) fn query_pairs(
    name: &str,
    value: &dyn QueryValue,
    style: Style,
    explode: bool,
) -> ::std::string::String {
    let shape = Shape::of(value);
    let mut out = ::std::string::String::new();
    let named = |out: &mut ::std::string::String| {
        percent_encode_into(out, name);
        out.push('=');
    };
    let delimiter = match (style, explode) {
        (Style::SpaceDelimited, false) => Some("%20"),
        (Style::PipeDelimited, false) => Some("|"),
        (Style::DeepObject, _) | (Style::SpaceDelimited | Style::PipeDelimited, true) => None,
        (_, false) => Some(","),
        (_, true) => None,
    };
    match (&shape, delimiter, style) {
        (Shape::Absent, _, _) => {}
        (Shape::Object(fields), _, Style::DeepObject) => {
            for (i, (key, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                percent_encode_into(&mut out, name);
                out.push('[');
                percent_encode_into(&mut out, key);
                out.push_str("]=");
                percent_encode_into(&mut out, value);
            }
        }
        (_, Some(delimiter), _) => {
            named(&mut out);
            join_into(&mut out, &shape, delimiter, None, true);
        }
        (Shape::Object(_), None, _) => join_into(&mut out, &shape, "&", Some('='), true),
        (Shape::List(values), None, _) => {
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                named(&mut out);
                percent_encode_into(&mut out, value);
            }
        }
    }
    out
}

/// A header parameter's value (`simple` style), or `None` for an absent value.
pub(super) fn header_value(value: &dyn QueryValue, explode: bool) -> Option<::std::string::String> {
    let shape = Shape::of(value);
    if matches!(shape, Shape::Absent) {
        return None;
    }
    let mut out = ::std::string::String::new();
    join_into(&mut out, &shape, ",", explode.then_some('='), false);
    Some(out)
}

/// A cookie parameter's `name=value` pairs (`form` style), percent-encoded and
/// joined with `; ` (empty for an absent value).
pub(super) fn cookie_pairs(
    name: &str,
    value: &dyn QueryValue,
    explode: bool,
) -> ::std::string::String {
    let shape = Shape::of(value);
    let mut out = ::std::string::String::new();
    match (&shape, explode) {
        (Shape::Absent, _) => {}
        (Shape::Object(_), true) => join_into(&mut out, &shape, "; ", Some('='), true),
        (Shape::List(values), true) => {
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    out.push_str("; ");
                }
                percent_encode_into(&mut out, name);
                out.push('=');
                percent_encode_into(&mut out, value);
            }
        }
        _ => {
            percent_encode_into(&mut out, name);
            out.push('=');
            join_into(&mut out, &shape, ",", None, true);
        }
    }
    out
}

/// Generated string enums implement it with their wire text; any `Display` type can
/// use [`display_value`].
pub trait QueryValue {
    /// The values as text: none for `None`, one for a scalar, one per item for a
    /// list.
    fn query_values(&self) -> Vec<::std::string::String>;

    /// For objects, the `(key, value)` pairs; `None` for everything else.
    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        None
    }
}

/// The one query value of a `Display` type, for implementing [`QueryValue`]:
/// `fn query_values(&self) -> Vec<String> { display_value(self) }`.
pub fn display_value<T: fmt::Display + ?Sized>(value: &T) -> Vec<::std::string::String> {
    vec![value.to_string()]
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn query_values(&self) -> Vec<::std::string::String> {
        (**self).query_values()
    }

    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        (**self).query_fields()
    }
}

impl<T: QueryValue + ?Sized> QueryValue for Box<T> {
    fn query_values(&self) -> Vec<::std::string::String> {
        (**self).query_values()
    }

    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        (**self).query_fields()
    }
}

impl QueryValue for str {
    fn query_values(&self) -> Vec<::std::string::String> {
        vec![self.to_owned()]
    }
}

impl QueryValue for ::std::string::String {
    fn query_values(&self) -> Vec<::std::string::String> {
        vec![self.clone()]
    }
}

impl QueryValue for bool {
    fn query_values(&self) -> Vec<::std::string::String> {
        vec![if *self { "true" } else { "false" }.to_owned()]
    }
}

macro_rules! query_value_by_display {
    ($($ty:ty),* $(,)?) => {
        $(
            impl QueryValue for $ty {
                fn query_values(&self) -> Vec<::std::string::String> {
                    vec![self.to_string()]
                }
            }
        )*
    };
}

query_value_by_display!(
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    char,
    super::DateTime,
    super::Date,
    super::Uuid,
    super::Base64,
);

impl<T: QueryValue> QueryValue for Option<T> {
    fn query_values(&self) -> Vec<::std::string::String> {
        match self {
            Some(value) => value.query_values(),
            None => Vec::new(),
        }
    }

    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        self.as_ref().and_then(QueryValue::query_fields)
    }
}

impl<T: QueryValue> QueryValue for [T] {
    fn query_values(&self) -> Vec<::std::string::String> {
        self.iter().flat_map(QueryValue::query_values).collect()
    }
}

impl<T: QueryValue, const N: usize> QueryValue for [T; N] {
    fn query_values(&self) -> Vec<::std::string::String> {
        self.as_slice().query_values()
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn query_values(&self) -> Vec<::std::string::String> {
        self.as_slice().query_values()
    }
}

/// Maps with string keys are objects: `(key, value)` fields.
macro_rules! query_value_for_map {
    ($($map:ty => [$($generics:tt)*]),* $(,)?) => {
        $(
            impl<$($generics)*> QueryValue for $map {
                fn query_values(&self) -> Vec<::std::string::String> {
                    fields_flat(self.query_fields())
                }

                fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
                    Some(
                        self.iter()
                            .map(|(k, v)| (k.clone(), v.query_values().join(",")))
                            .collect(),
                    )
                }
            }
        )*
    };
}

query_value_for_map!(
    ::std::collections::BTreeMap<::std::string::String, V> => [V: QueryValue],
    ::std::collections::HashMap<::std::string::String, V, S> => [V: QueryValue, S],
);

impl QueryValue for ::serde_json::Value {
    fn query_values(&self) -> Vec<::std::string::String> {
        match self {
            ::serde_json::Value::Array(items) => items.iter().filter_map(scalar_or_json).collect(),
            ::serde_json::Value::Object(_) => fields_flat(self.query_fields()),
            other => scalar_or_json(other).into_iter().collect(),
        }
    }

    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        match self {
            // Sorted by name, whether or not `serde_json` keeps insertion order.
            ::serde_json::Value::Object(map) => Some(
                sorted(map)
                    .filter_map(|(k, v)| {
                        let text = match v {
                            ::serde_json::Value::Array(items)
                                if items.iter().all(|i| !i.is_array() && !i.is_object()) =>
                            {
                                v.query_values().join(",")
                            }
                            other => scalar_or_json(other)?,
                        };
                        Some((k.clone(), text))
                    })
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// An object's properties in name order.
pub(super) fn sorted(
    map: &::serde_json::Map<::std::string::String, ::serde_json::Value>,
) -> ::std::vec::IntoIter<(&::std::string::String, &::serde_json::Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries.into_iter()
}

/// A value inside a list or an object: scalars as their text, `null` as nothing,
/// and a nested list or object as its JSON text (no style can express nesting).
fn scalar_or_json(value: &::serde_json::Value) -> Option<::std::string::String> {
    match value {
        ::serde_json::Value::Null => None,
        ::serde_json::Value::Bool(b) => Some(b.to_string()),
        ::serde_json::Value::Number(n) => Some(n.to_string()),
        ::serde_json::Value::String(s) => Some(s.clone()),
        nested => Some(canonical(nested).to_string()),
    }
}

/// `value` with every object's properties in name order, so that its JSON text is
/// the same whether or not `serde_json` keeps insertion order.
pub(super) fn canonical(value: &::serde_json::Value) -> ::serde_json::Value {
    match value {
        ::serde_json::Value::Object(map) => ::serde_json::Value::Object(
            sorted(map)
                .map(|(k, v)| (k.clone(), canonical(v)))
                .collect(),
        ),
        ::serde_json::Value::Array(items) => {
            ::serde_json::Value::Array(items.iter().map(canonical).collect())
        }
        other => other.clone(),
    }
}

/// A value of any serialisable type (a generated struct, a union, a nested list)
/// as JSON, to send as a parameter: objects become `(key, value)` fields that
/// every [`Style`] lays out, lists become lists.
pub fn json_param<T: ::serde::Serialize + ?Sized>(
    value: &T,
) -> Result<::serde_json::Value, TransportError> {
    ::serde_json::to_value(value).map_err(|e| TransportError::InvalidRequest(e.to_string()))
}

/// `[k1, v1, k2, v2, …]`: an object in simple or non-exploded form style.
fn fields_flat(
    fields: Option<Vec<(::std::string::String, ::std::string::String)>>,
) -> Vec<::std::string::String> {
    fields
        .unwrap_or_default()
        .into_iter()
        .flat_map(|(k, v)| [k, v])
        .collect()
}
