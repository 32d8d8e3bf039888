//! Schemas the docs write in a form lowering reads as another: OpenAPI 3.1
//! spellings with a 3.0 equivalent, formats and other languages' names written as
//! the `type`, strings standing where a schema should be, and `allOf`s whose members
//! include unions.

use serde_json::{Map, Value};

use crate::ir::StrFormat;

use super::schema::escape_pointer;

/// The JSON Schema type names.
pub(super) const STANDARD_TYPES: &[&str] = &[
    "object", "array", "string", "integer", "number", "boolean", "null",
];

/// The type a non-standard `type` value plainly means, with the string format
/// it implies: formats written as the type, other languages' type names, and
/// standard names in another case.
pub(super) fn type_alias(t: &str) -> Option<(&'static str, Option<StrFormat>)> {
    let lower = t.trim().to_ascii_lowercase();
    if let Some(std) = STANDARD_TYPES.iter().find(|x| **x == lower) {
        return Some((std, None));
    }
    Some(match lower.as_str() {
        "date-time" | "datetime" | "date_time" | "timestamp" => {
            ("string", Some(StrFormat::DateTime))
        }
        "date" => ("string", Some(StrFormat::Date)),
        "uuid" | "guid" => ("string", Some(StrFormat::Uuid)),
        "byte" | "base64" => ("string", Some(StrFormat::Byte)),
        "binary" | "file" => ("string", Some(StrFormat::Binary)),
        "enum" | "text" | "str" | "char" | "email" | "uri" | "url" | "password" | "time"
        | "hostname" | "ipv4" | "ipv6" | "duration" | "html" | "markdown" => {
            ("string", Some(StrFormat::Plain))
        }
        "int" | "int8" | "int16" | "int32" | "int64" | "long" | "short" | "bigint" => {
            ("integer", None)
        }
        "float" | "double" | "decimal" | "num" | "numeric" | "real" => ("number", None),
        "bool" => ("boolean", None),
        "dict" | "map" | "hash" | "hashmap" => ("object", None),
        "list" => ("array", None),
        _ => return None,
    })
}

impl StrFormat {
    /// The `format` this stands for.
    pub(super) fn name(self) -> &'static str {
        match self {
            StrFormat::Plain => "none",
            StrFormat::DateTime => "date-time",
            StrFormat::Date => "date",
            StrFormat::Uuid => "uuid",
            StrFormat::Byte => "byte",
            StrFormat::Binary => "binary",
        }
    }
}

/// What a string in place of a schema stands for.
pub(super) enum Marker<'t> {
    /// `circular(Title)`: a cycle the plugin cut.
    Circular(&'t str),
    /// `circular()`: a cut cycle with no title.
    Empty,
    /// A `$ref` left as text (`#/components/schemas/X`, `./schemas.yaml#/X`): the
    /// schema whose title is the reference's last segment.
    Ref(&'t str),
}

pub(super) fn marker_title(text: &str) -> Option<Marker<'_>> {
    if let Some(inner) = text
        .strip_prefix("circular(")
        .and_then(|r| r.strip_suffix(')'))
    {
        return Some(if inner.trim().is_empty() {
            Marker::Empty
        } else {
            Marker::Circular(inner)
        });
    }
    let (_, fragment) = text.split_once('#')?;
    let last = fragment.rsplit('/').next()?.trim();
    (!last.is_empty() && !last.contains(char::is_whitespace)).then_some(Marker::Ref(last))
}

/// The title of a schema, or of the last titled member of its `allOf`.
pub(super) fn deep_title(schema: &Value) -> Option<&str> {
    if let Some(t) = schema.get("title").and_then(Value::as_str) {
        return Some(t);
    }
    schema
        .get("allOf")
        .and_then(Value::as_array)?
        .iter()
        .rev()
        .find_map(deep_title)
}

/// How many variants distributing the unions of one `allOf` may make.
pub(super) const MAX_DISTRIBUTED: usize = 64;

/// A schema made from other schemas, with where each of its parts really is:
/// (pointer suffix in the made schema, pointer suffix in the docs), both relative
/// to the schema being lowered.
pub(super) type Rewritten = (Map<String, Value>, Vec<(String, String)>);

/// An `allOf` whose members include a `oneOf`/`anyOf`, as the union of the merged
/// objects: `allOf: [A, oneOf: [B, C]]` is `oneOf: [allOf: [A, B], allOf: [A, C]]`.
/// Each variant is then a struct with every property it has on the wire, and a
/// discriminator keeps working (its mapping is distributed the same way). Nested
/// unions are distributed by lowering the result. `None` when no member is a union,
/// or when the combinations would pass [`MAX_DISTRIBUTED`]. Enum members (which
/// cannot be merged with objects) are left out; the caller reports them.
pub(super) fn distribute_unions(
    s: &Map<String, Value>,
    structural: &[(usize, &Value)],
) -> Option<Rewritten> {
    let key_of = |m: &Value| -> Option<&'static str> {
        let o = m.as_object()?;
        ["oneOf", "anyOf"]
            .into_iter()
            .find(|k| o.get(*k).is_some_and(Value::is_array))
    };
    let (pos, key) = structural
        .iter()
        .enumerate()
        .find_map(|(i, (_, m))| key_of(m).map(|k| (i, k)))?;
    let combinations: usize = structural
        .iter()
        .filter_map(|(_, m)| {
            key_of(m)
                .and_then(|k| m.get(k))
                .and_then(Value::as_array)
                .map(Vec::len)
        })
        .try_fold(1usize, |acc, n| acc.checked_mul(n.max(1)))?;
    if combinations > MAX_DISTRIBUTED {
        return None;
    }
    let (union_index, union) = (structural[pos].0, structural[pos].1.as_object()?);
    // Every variant gets these members first: (schema, its pointer in the docs).
    let mut rest: Vec<(Value, String)> = structural
        .iter()
        .enumerate()
        .filter(|(i, (_, m))| *i != pos && !is_enum_member(m))
        .map(|(_, (at, m))| ((*m).clone(), format!("/allOf/{at}")))
        .collect();
    // The outer schema's own properties are one more member of every variant.
    let mut own = s.clone();
    for k in [
        "allOf",
        "title",
        "description",
        "nullable",
        "discriminator",
        "example",
        "examples",
    ] {
        own.remove(k);
    }
    if own.contains_key("properties") || own.contains_key("required") {
        rest.push((Value::Object(own), String::new()));
    }
    // The union member's own properties (beside its `oneOf`) belong to every variant too.
    let mut union_own = union.clone();
    for k in [
        "oneOf",
        "anyOf",
        "discriminator",
        "title",
        "description",
        "nullable",
    ] {
        union_own.remove(k);
    }
    if union_own.contains_key("properties") || union_own.contains_key("required") {
        rest.push((Value::Object(union_own), format!("/allOf/{union_index}")));
    }
    let mut places = Vec::new();
    let mut merged = |variant: &Value, made: String, real: String| -> Value {
        let mut members: Vec<Value> = Vec::with_capacity(rest.len() + 1);
        for (j, (m, at)) in rest.iter().enumerate() {
            places.push((format!("{made}/allOf/{j}"), at.clone()));
            members.push(m.clone());
        }
        places.push((format!("{made}/allOf/{}", rest.len()), real));
        members.push(variant.clone());
        let mut out = Map::new();
        out.insert("allOf".into(), Value::Array(members));
        Value::Object(out)
    };
    let variants = union.get(key)?.as_array()?;
    let mut out = Map::new();
    for k in [
        "title",
        "description",
        "nullable",
        "deprecated",
        "example",
        "examples",
    ] {
        if let Some(v) = s.get(k) {
            out.insert(k.into(), v.clone());
        }
    }
    if union.get("nullable") == Some(&Value::Bool(true)) {
        out.insert("nullable".into(), Value::Bool(true));
    }
    let union_at = format!("/allOf/{union_index}/{key}");
    let members: Vec<Value> = variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if v.is_object() {
                merged(v, format!("/{key}/{i}"), format!("{union_at}/{i}"))
            } else {
                v.clone()
            }
        })
        .collect();
    out.insert(key.into(), Value::Array(members));
    let (discriminator, at) = match union.get("discriminator") {
        Some(d) => (Some(d), format!("/allOf/{union_index}/discriminator")),
        None => (s.get("discriminator"), "/discriminator".to_string()),
    };
    if let Some(Value::Object(d)) = discriminator {
        let mut d = d.clone();
        if let Some(Value::Object(mapping)) = d.get_mut("mapping") {
            for (tag, v) in mapping.iter_mut() {
                if v.is_object() {
                    let tag = escape_pointer(tag);
                    *v = merged(
                        v,
                        format!("/discriminator/mapping/{tag}"),
                        format!("{at}/mapping/{tag}"),
                    );
                }
            }
        }
        out.insert("discriminator".into(), Value::Object(d));
    }
    places.push((format!("/{key}"), union_at));
    Some((out, places))
}

/// An `allOf` member that is a plain enum: nothing an object can be merged with.
pub(super) fn is_enum_member(m: &Value) -> bool {
    m.get("enum").is_some() && m.get("properties").is_none()
}

/// OpenAPI 3.1 forms with a 3.0 equivalent: a `type` list of several non-null
/// types is a `oneOf` of one schema per type, and `const` is a one-value `enum`.
pub(super) fn rewrite_31(s: &Map<String, Value>) -> Option<Map<String, Value>> {
    if let Some(Value::Array(types)) = s.get("type") {
        let non_null: Vec<&Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .collect();
        if non_null.len() > 1
            && !["oneOf", "anyOf", "allOf"]
                .iter()
                .any(|k| s.contains_key(*k))
        {
            let mut out = Map::new();
            for k in [
                "title",
                "description",
                "deprecated",
                "example",
                "examples",
                "default",
            ] {
                if let Some(v) = s.get(k) {
                    out.insert(k.into(), v.clone());
                }
            }
            if non_null.len() < types.len() {
                out.insert("nullable".into(), Value::Bool(true));
            }
            let members = non_null
                .iter()
                .map(|t| {
                    let mut m = s.clone();
                    for k in [
                        "title",
                        "description",
                        "example",
                        "examples",
                        "default",
                        "nullable",
                    ] {
                        m.remove(k);
                    }
                    m.insert("type".into(), (*t).clone());
                    Value::Object(m)
                })
                .collect();
            out.insert("oneOf".into(), Value::Array(members));
            return Some(out);
        }
    }
    if let Some(c) = s.get("const") {
        if !s.contains_key("enum") {
            let mut out = s.clone();
            out.remove("const");
            out.insert("enum".into(), Value::Array(vec![c.clone()]));
            if !out.contains_key("type") {
                let t = match c {
                    Value::String(_) => Some("string"),
                    Value::Bool(_) => Some("boolean"),
                    Value::Number(n) if n.is_f64() => Some("number"),
                    Value::Number(_) => Some("integer"),
                    _ => None,
                };
                if let Some(t) = t {
                    out.insert("type".into(), Value::String(t.into()));
                }
            }
            return Some(out);
        }
    }
    None
}
