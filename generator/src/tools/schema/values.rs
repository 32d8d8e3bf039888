//! Values made from a schema, and the reading of a discriminated union.

use serde_json::{Map, Value};

use super::convert::type_alias;
use super::fits;

/// A value a schema gives of itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Given {
    /// `example`, or an entry of a 3.1 `examples` list.
    Example,
    /// `default`.
    Default,
    /// The first value of `enum` that is not `null`.
    Enum,
}

/// The schema's own examples: `example`, then the entries of a 3.1 `examples` list.
pub fn schema_examples(schema: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(v) = schema.get("example") {
        out.push(v.clone());
    }
    if let Some(list) = schema.get("examples").and_then(Value::as_array) {
        out.extend(list.iter().cloned());
    }
    out
}

/// The values the schema gives: its examples, then its `default` and first `enum`
/// value.
pub fn given_values(schema: &Value) -> Vec<(Given, Value)> {
    let mut out: Vec<(Given, Value)> = schema_examples(schema)
        .into_iter()
        .map(|v| (Given::Example, v))
        .collect();
    if let Some(v) = schema.get("default") {
        out.push((Given::Default, v.clone()));
    }
    if let Some(v) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.iter().find(|v| !v.is_null()))
    {
        out.push((Given::Enum, v.clone()));
    }
    out
}

/// How deep [`synthesize`] and [`declared`] follow nested schemas.
pub(crate) const MAX_DEPTH: usize = 64;

/// A discriminated union read as JSON Schema, the way OpenAPI means it. The
/// discriminator picks the member by the tag property, which JSON Schema (and so a
/// validating mock server) does not know: members that differ only by their tag
/// would each match the same value. So each member the mapping names (by its
/// `title`) must also have the tag property set to one of its mapping keys. The docs
/// also sometimes move a union's members into the mapping and leave only stubs
/// (`title` and `description`) under `oneOf`/`anyOf`: a stub is read as the
/// mapping's schema of its title (as the generator reads it). `None` when there is no
/// mapping of inline schemas to read.
pub fn read_discriminator(m: &Map<String, Value>) -> Option<Map<String, Value>> {
    let discriminator = m.get("discriminator")?;
    let tag = discriminator.get("propertyName").and_then(Value::as_str)?;
    let mapping = discriminator.get("mapping").and_then(Value::as_object)?;
    let title_of = |s: &Value| s.get("title").and_then(Value::as_str).map(str::to_string);
    let is_stub = |s: &Map<String, Value>| s.keys().all(|k| k == "title" || k == "description");
    let mut out = m.clone();
    let mut changed = false;
    for key in ["oneOf", "anyOf"] {
        let Some(list) = out.get_mut(key).and_then(Value::as_array_mut) else {
            continue;
        };
        for member in list.iter_mut() {
            let Some(title) = title_of(member) else {
                continue;
            };
            let mapped: Vec<(&String, &Value)> = mapping
                .iter()
                .filter(|(_, s)| title_of(s).as_deref() == Some(title.as_str()))
                .collect();
            let Some((_, schema)) = mapped.first() else {
                continue;
            };
            let base = match member.as_object() {
                Some(s) if is_stub(s) => (*schema).clone(),
                _ => member.clone(),
            };
            let tags: Vec<Value> = mapped
                .iter()
                .map(|(k, _)| Value::from(k.as_str()))
                .collect();
            let pin = serde_json::json!({
                "type": "object",
                "required": [tag],
                "properties": {tag: {"enum": tags}},
            });
            *member = serde_json::json!({"allOf": [base, pin]});
            changed = true;
        }
    }
    changed.then_some(out)
}

/// The declared types of a schema: `type` as a string or a 3.1 list (`int` is read
/// as `integer`, as the docs sometimes write it).
fn types_of(s: &Map<String, Value>) -> Vec<String> {
    let norm = |t: &str| type_alias(t).to_string();
    match s.get("type") {
        Some(Value::String(t)) => vec![norm(t)],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(norm).collect(),
        _ => Vec::new(),
    }
}

/// A value made from a schema alone: its example, default or first enum value when
/// they fit, else the simplest value of its type and format that meets its bounds;
/// for an object, its required properties (not the `readOnly` ones).
pub fn synthesize(schema: &Value) -> Value {
    synthesize_at(schema, 0, false)
}

/// A full sample of a schema, as a mock server builds a response from it: like
/// [`synthesize`], but an object gets every declared property (`readOnly` ones too)
/// down to 16 levels of nesting, not only the required ones.
pub fn sample(schema: &Value) -> Value {
    synthesize_at(schema, 0, true)
}

/// How deep [`sample`] fills in optional properties.
const SAMPLE_DEPTH: usize = 16;

fn synthesize_at(schema: &Value, depth: usize, full: bool) -> Value {
    let Some(s) = schema.as_object() else {
        return Value::Object(Map::new());
    };
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    let restored = read_discriminator(s);
    let s = restored.as_ref().unwrap_or(s);
    for (_, v) in given_values(schema) {
        if fits(schema, &v).is_ok() {
            return v;
        }
    }
    if let Some(c) = s.get("const") {
        return c.clone();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(list) = s.get(key).and_then(Value::as_array) {
            for member in list {
                let mut v = synthesize_at(member, depth + 1, full);
                merge_own(s, &mut v, depth, full);
                if fits(schema, &v).is_ok() {
                    return v;
                }
            }
        }
    }
    if let Some(list) = s.get("allOf").and_then(Value::as_array) {
        let mut out = Value::Null;
        for member in list {
            let v = synthesize_at(member, depth + 1, full);
            match (&mut out, v) {
                (Value::Object(o), Value::Object(m)) => o.extend(m),
                (o @ Value::Null, v) => *o = v,
                _ => {}
            }
        }
        merge_own(s, &mut out, depth, full);
        if !out.is_null() {
            return out;
        }
    }
    let types = types_of(s);
    let t = types
        .iter()
        .find(|t| *t != "null")
        .map(String::as_str)
        .unwrap_or_else(|| {
            if s.contains_key("properties") {
                "object"
            } else if s.contains_key("items") {
                "array"
            } else {
                ""
            }
        });
    match t {
        "string" => Value::String(synth_string(s)),
        "integer" => Value::from(synth_number(s).round() as i64),
        "number" => serde_json::Number::from_f64(synth_number(s))
            .map(Value::Number)
            .unwrap_or_else(|| Value::from(0)),
        "boolean" => Value::Bool(false),
        "array" => {
            let min = s
                .get("minItems")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .max(1);
            let max = s
                .get("maxItems")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            let n = min.min(max);
            let item = synthesize_at(s.get("items").unwrap_or(&Value::Null), depth + 1, full);
            Value::Array((0..n).map(|_| item.clone()).collect())
        }
        "object" => {
            let mut out = Value::Object(Map::new());
            merge_own(s, &mut out, depth, full);
            out
        }
        _ if types.iter().any(|t| t == "null") => Value::Null,
        _ => Value::Object(Map::new()),
    }
}

/// The schema of the property `name` as `s` declares it, in its own `properties`
/// or in those of its `allOf` members.
pub(crate) fn declared<'a>(
    s: &'a Map<String, Value>,
    name: &str,
    depth: usize,
) -> Option<&'a Value> {
    if let Some(p) = s
        .get("properties")
        .and_then(Value::as_object)
        .and_then(|p| p.get(name))
    {
        return Some(p);
    }
    if depth > MAX_DEPTH {
        return None;
    }
    s.get("allOf")
        .and_then(Value::as_array)?
        .iter()
        .filter_map(Value::as_object)
        .find_map(|m| declared(m, name, depth + 1))
}

/// Adds the required properties of `s` to the object `v`: their schema as `s` or its
/// `allOf` members declare them (a required property declared nowhere gets a
/// string); with `full` the other properties declared on `s` itself too.
fn merge_own(s: &Map<String, Value>, v: &mut Value, depth: usize, full: bool) {
    let props = s.get("properties").and_then(Value::as_object);
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if props.is_none() && required.is_empty() {
        return;
    }
    if v.is_null() {
        *v = Value::Object(Map::new());
    }
    let Some(out) = v.as_object_mut() else {
        return;
    };
    for name in &required {
        if out.contains_key(*name) {
            continue;
        }
        match declared(s, name, 0) {
            Some(p) if full || p.get("readOnly").and_then(Value::as_bool) != Some(true) => {
                out.insert(name.to_string(), synthesize_at(p, depth + 1, full));
            }
            Some(_) => {}
            None => {
                out.insert(name.to_string(), Value::String("smoke".into()));
            }
        }
    }
    if full && depth < SAMPLE_DEPTH {
        for (name, p) in props.into_iter().flatten() {
            // A `circular(…)` marker stands for a schema given elsewhere: left out.
            if p.is_object() && !out.contains_key(name) {
                out.insert(name.clone(), synthesize_at(p, depth + 1, full));
            }
        }
    }
}

fn synth_string(s: &Map<String, Value>) -> String {
    let format = s.get("format").and_then(Value::as_str).unwrap_or_default();
    let base = match format {
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "email" => "smoke@example.com",
        "uri" | "url" => "https://example.com/smoke",
        "byte" => "c21va2U=",
        _ => "smoke",
    };
    let mut text = base.to_string();
    let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
        text = text.chars().take(max as usize).collect();
    }
    text
}

fn synth_number(s: &Map<String, Value>) -> f64 {
    let min = s.get("minimum").and_then(Value::as_f64);
    let max = s.get("maximum").and_then(Value::as_f64);
    let excl_min = s.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true);
    match (min, max) {
        (Some(lo), _) if excl_min => lo + 1.0,
        (Some(lo), _) => lo,
        (None, Some(hi)) if hi < 1.0 => hi - 1.0,
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn synthesized_values_fit_their_schema() {
        let schemas = [
            json!({"type": "integer", "minimum": 1, "maximum": 250}),
            json!({"type": "string", "minLength": 8}),
            json!({"type": "array", "items": {"type": "string", "format": "uuid"}}),
            json!({"type": "object", "required": ["a", "b"], "properties": {
                "a": {"type": "string", "enum": ["X", "Y"]},
                "b": {"type": "string", "readOnly": true},
                "c": {"type": "integer"}}}),
        ];
        for s in &schemas {
            let v = synthesize(s);
            assert_eq!(fits(s, &v), Ok(()), "{s} -> {v}");
        }
    }
}
