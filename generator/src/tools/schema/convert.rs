//! An OpenAPI 3.0 schema (with 3.1 constructs allowed) as a JSON Schema (draft
//! 2020-12), read as a [`Reading`] says.
//!
//! The conversion follows OpenAPI's rules, not the generator's:
//! - `nullable: true` allows `null` (the schema applies to everything else), and so
//!   does an `enum` that lists `null`, as the generator reads it;
//! - `"circular(X)"` markers, where the docs cut a reference cycle, accept anything;
//! - `type: int` (seen in real docs) is `integer`; unknown type names are dropped;
//! - boolean `exclusiveMinimum`/`exclusiveMaximum` (OpenAPI 3.0) become numbers;
//! - `required` that is not a list (a Swagger 2 habit) is dropped;
//! - a required `readOnly` property (declared on the schema or an `allOf` member)
//!   may be absent from a request and a required `writeOnly` one from a response, as
//!   OpenAPI says;
//! - annotations that are not JSON Schema (`example`, `discriminator`, `xml`, `x-…`)
//!   are dropped.
//!
//! The readings differ in two things. [`Reading::JsonSchema`]: `format` is an
//! annotation only, as in JSON Schema; with a `discriminator`, `oneOf` is `anyOf`
//! (the tag picks the variant, so a value that also fits another variant is not
//! ambiguous), and a value whose tag is in the `mapping` must satisfy the schema it
//! maps to. [`Reading::Server`]: the formats a validating server checks are kept
//! (`url` as `uri`) and the others dropped, `int32` becomes its bounds, and a
//! discriminated union is first read by [`read_discriminator`], as the document
//! `openapi` serves spells it, with `oneOf` kept.

use serde_json::{json, Map, Value};

use super::values::{declared, read_discriminator};
use super::{Direction, Reading};

/// Converts an OpenAPI schema to a JSON Schema (draft 2020-12) read as `reading`.
pub fn convert(schema: &Value, reading: Reading) -> Value {
    match schema {
        Value::Object(o) => convert_object(o, reading),
        Value::Bool(b) => Value::Bool(*b),
        // `circular(X)` markers (and anything else that is not a schema) accept anything.
        _ => Value::Bool(true),
    }
}

const TYPES: &[&str] = &[
    "null", "boolean", "object", "array", "number", "string", "integer",
];

/// A type name as the docs write it, read: `int` is `integer`.
pub(crate) fn type_alias(t: &str) -> &str {
    if t == "int" {
        "integer"
    } else {
        t
    }
}

fn type_name(t: &str) -> Option<&'static str> {
    let t = type_alias(t);
    TYPES.iter().copied().find(|k| *k == t)
}

/// The formats [`Reading::Server`] asserts, by the name JSON Schema gives them.
fn server_format(format: &str) -> Option<&'static str> {
    match format {
        "uuid" => Some("uuid"),
        "date" => Some("date"),
        "date-time" => Some("date-time"),
        "email" => Some("email"),
        "uri" | "url" => Some("uri"),
        _ => None,
    }
}

fn convert_object(o: &Map<String, Value>, reading: Reading) -> Value {
    let restored = match reading {
        Reading::Server => read_discriminator(o),
        Reading::JsonSchema(_) => None,
    };
    let o = restored.as_ref().unwrap_or(o);
    // Under the JSON Schema reading the tag picks the variant.
    let tagged = matches!(reading, Reading::JsonSchema(_))
        && o.get("discriminator").is_some_and(Value::is_object);
    let mut out = Map::new();
    for (k, v) in o {
        let key = match k.as_str() {
            "oneOf" if tagged => "anyOf",
            "items" if v.is_array() => "prefixItems",
            other => other,
        };
        if let Some(c) = keyword(o, k, v, reading) {
            out.insert(key.to_string(), c);
        }
    }
    if tagged {
        add_mapping(o, &mut out, reading);
    }
    if reading.checks_formats() && o.get("format").and_then(Value::as_str) == Some("int32") {
        let bounds = json!({"minimum": i32::MIN, "maximum": i32::MAX});
        extend_all_of(&mut out, [bounds]);
    }
    let schema = Value::Object(out);
    let null_listed = o
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| e.contains(&Value::Null));
    if null_listed || o.get("nullable").and_then(Value::as_bool) == Some(true) {
        // `if null then anything else the schema`: unlike `anyOf: [null, schema]`,
        // a failure reports the schema's own error.
        json!({"if": {"type": "null"}, "else": schema})
    } else {
        schema
    }
}

/// The converted value of the keyword `k` of `o`, `None` to leave it out.
fn keyword(o: &Map<String, Value>, k: &str, v: &Value, reading: Reading) -> Option<Value> {
    let conv = |v: &Value| convert(v, reading);
    let conv_list = |v: &Value| -> Option<Value> {
        v.as_array()
            .map(|items| Value::Array(items.iter().map(conv).collect()))
    };
    match k {
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => v
            .as_object()
            .map(|m| Value::Object(m.iter().map(|(k, s)| (k.clone(), conv(s))).collect())),
        "items" if v.is_array() => conv_list(v),
        "items"
        | "additionalProperties"
        | "not"
        | "propertyNames"
        | "contains"
        | "if"
        | "then"
        | "else"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "additionalItems" => Some(conv(v)),
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => conv_list(v),
        "required" => required(o, v, reading.direction()),
        "type" => match v {
            Value::String(t) => type_name(t).map(|t| Value::String(t.into())),
            Value::Array(ts) => {
                let known: Vec<Value> = ts
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(type_name)
                    .map(|t| Value::String(t.into()))
                    .collect();
                (!known.is_empty()).then_some(Value::Array(known))
            }
            _ => None,
        },
        "format" if reading.checks_formats() => v
            .as_str()
            .and_then(server_format)
            .map(|f| Value::String(f.into())),
        "exclusiveMinimum" | "exclusiveMaximum" => match v {
            Value::Bool(true) => {
                let bound = if k == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                };
                o.get(bound).filter(|b| b.is_number()).cloned()
            }
            Value::Number(_) => Some(v.clone()),
            _ => None,
        },
        "minimum" | "maximum" => {
            let exclusive = if k == "minimum" {
                "exclusiveMinimum"
            } else {
                "exclusiveMaximum"
            };
            // Moved to the exclusive keyword when that is `true`.
            (o.get(exclusive) != Some(&Value::Bool(true)) && v.is_number()).then(|| v.clone())
        }
        "nullable" | "discriminator" | "example" | "examples" | "xml" | "externalDocs"
        | "deprecated" | "readOnly" | "writeOnly" | "$ref" | "$schema" | "$id" | "$anchor"
        | "$dynamicRef" | "$dynamicAnchor" | "$comment" => None,
        key if key.starts_with("x-") => None,
        _ => Some(v.clone()),
    }
}

/// Appends `items` to the `allOf` list of a converted schema.
fn extend_all_of(out: &mut Map<String, Value>, items: impl IntoIterator<Item = Value>) {
    let mut list = match out.remove("allOf") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    list.extend(items);
    // JSON Schema wants a list that is not empty.
    if !list.is_empty() {
        out.insert("allOf".into(), Value::Array(list));
    }
}

/// The tag picks the schema from the mapping: `if tag == t then mapping[t]`.
fn add_mapping(o: &Map<String, Value>, out: &mut Map<String, Value>, reading: Reading) {
    let discriminator = o.get("discriminator");
    let tag = discriminator
        .and_then(|d| d.get("propertyName"))
        .and_then(Value::as_str);
    let mapping = discriminator
        .and_then(|d| d.get("mapping"))
        .and_then(Value::as_object);
    let (Some(tag), Some(mapping)) = (tag, mapping) else {
        return;
    };
    let clauses = mapping.iter().map(|(value, schema)| {
        json!({
            "if": {"properties": {tag: {"const": value}}, "required": [tag]},
            "then": convert(schema, reading),
        })
    });
    extend_all_of(out, clauses);
}

/// `required` as a list of names, without those the direction lets be absent.
fn required(o: &Map<String, Value>, v: &Value, direction: Direction) -> Option<Value> {
    let names = v.as_array()?;
    let skip = match direction {
        Direction::Request => "readOnly",
        Direction::Response => "writeOnly",
    };
    let kept: Vec<Value> = names
        .iter()
        .filter(|n| {
            let Some(name) = n.as_str() else {
                return false;
            };
            let flagged = declared(o, name, 0)
                .and_then(|p| p.get(skip))
                .and_then(Value::as_bool)
                == Some(true);
            !flagged
        })
        .cloned()
        .collect();
    Some(Value::Array(kept))
}
