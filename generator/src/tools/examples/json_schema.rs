//! The independent check: is an example valid against the schema it is given for?
//!
//! The page's OpenAPI 3.0 schema (with 3.1 constructs allowed) is turned into a JSON
//! Schema (draft 2020-12) and the example is validated with the `jsonschema` crate.
//! Nothing here looks at the generated types.
//!
//! The conversion follows OpenAPI's rules, not the generator's:
//! - `nullable: true` allows `null` (the schema applies to everything else);
//! - `"circular(X)"` markers, where the docs cut a reference cycle, accept anything;
//! - `type: int` (seen in real docs) is `integer`; unknown type names are dropped;
//! - boolean `exclusiveMinimum`/`exclusiveMaximum` (OpenAPI 3.0) become numbers;
//! - `required` that is not a list (a Swagger 2 habit) is dropped;
//! - a required `readOnly` property may be absent from a request and a required
//!   `writeOnly` one from a response, as OpenAPI says;
//! - with a `discriminator`, `oneOf` is `anyOf`: the tag picks the variant, so a value
//!   that also fits another variant is not ambiguous; and a value whose tag is in the
//!   `mapping` must satisfy the schema it maps to;
//! - annotations that are not JSON Schema (`example`, `discriminator`, `xml`, `x-…`)
//!   are dropped, and `format` is an annotation only, as in JSON Schema.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// Which way a payload travels: decides which of `readOnly`/`writeOnly` may be absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Sent by the client: required `readOnly` properties may be absent.
    Request,
    /// Sent by the server: required `writeOnly` properties may be absent.
    Response,
}

/// The verdict of the schema check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The example satisfies its schema.
    Valid,
    /// The example violates its schema: the first error, with its instance path.
    Invalid(String),
}

/// Converts an OpenAPI schema to a JSON Schema (draft 2020-12) for `direction`.
pub fn convert(schema: &Value, direction: Direction) -> Value {
    match schema {
        Value::Object(o) => convert_object(o, direction),
        Value::Bool(b) => Value::Bool(*b),
        // `circular(X)` markers (and anything else that is not a schema) accept anything.
        _ => Value::Bool(true),
    }
}

const TYPES: &[&str] = &[
    "null", "boolean", "object", "array", "number", "string", "integer",
];

fn type_name(t: &str) -> Option<&'static str> {
    let t = if t == "int" { "integer" } else { t };
    TYPES.iter().copied().find(|k| *k == t)
}

fn convert_object(o: &Map<String, Value>, direction: Direction) -> Value {
    let mut out = Map::new();
    let conv = |v: &Value| convert(v, direction);
    let conv_list = |v: &Value| -> Option<Value> {
        v.as_array()
            .map(|items| Value::Array(items.iter().map(conv).collect()))
    };
    let conv_map = |v: &Value| -> Option<Value> {
        v.as_object().map(|m| {
            Value::Object(
                m.iter()
                    .map(|(k, s)| (k.clone(), conv(s)))
                    .collect::<Map<String, Value>>(),
            )
        })
    };
    let has_discriminator = o.get("discriminator").is_some_and(Value::is_object);
    for (k, v) in o {
        let converted = match k.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                conv_map(v)
            }
            "items" => match v {
                Value::Array(_) => {
                    if let Some(list) = conv_list(v) {
                        out.insert("prefixItems".into(), list);
                    }
                    None
                }
                _ => Some(conv(v)),
            },
            "additionalProperties"
            | "not"
            | "propertyNames"
            | "contains"
            | "if"
            | "then"
            | "else"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "additionalItems" => Some(conv(v)),
            "allOf" | "anyOf" | "prefixItems" => conv_list(v),
            "oneOf" => {
                let list = conv_list(v);
                if has_discriminator {
                    if let Some(list) = list {
                        out.insert("anyOf".into(), list);
                    }
                    None
                } else {
                    list
                }
            }
            "required" => required(o, v, direction),
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
        };
        if let Some(c) = converted {
            out.insert(k.clone(), c);
        }
    }
    // The tag picks the schema from the mapping: `if tag == t then mapping[t]`.
    let discriminator = o.get("discriminator");
    let tag = discriminator
        .and_then(|d| d.get("propertyName"))
        .and_then(Value::as_str);
    let mapping = discriminator
        .and_then(|d| d.get("mapping"))
        .and_then(Value::as_object);
    if let (Some(tag), Some(mapping)) = (tag, mapping) {
        let clauses = mapping.iter().map(|(value, schema)| {
            serde_json::json!({
                "if": {"properties": {tag: {"const": value}}, "required": [tag]},
                "then": conv(schema),
            })
        });
        match out.get_mut("allOf") {
            Some(Value::Array(all)) => all.extend(clauses),
            _ => {
                out.insert("allOf".into(), Value::Array(clauses.collect()));
            }
        }
    }
    let schema = Value::Object(out);
    if o.get("nullable").and_then(Value::as_bool) == Some(true) {
        // `if null then anything else the schema`: unlike `anyOf: [null, schema]`,
        // a failure reports the schema's own error.
        serde_json::json!({"if": {"type": "null"}, "else": schema})
    } else {
        schema
    }
}

/// `required` as a list of names, without those the direction lets be absent.
fn required(o: &Map<String, Value>, v: &Value, direction: Direction) -> Option<Value> {
    let names = v.as_array()?;
    let skip = match direction {
        Direction::Request => "readOnly",
        Direction::Response => "writeOnly",
    };
    let props = o.get("properties").and_then(Value::as_object);
    let kept: Vec<Value> = names
        .iter()
        .filter(|n| {
            let Some(name) = n.as_str() else {
                return false;
            };
            let flagged = props
                .and_then(|p| p.get(name))
                .and_then(|p| p.get(skip))
                .and_then(Value::as_bool)
                == Some(true);
            !flagged
        })
        .cloned()
        .collect();
    Some(Value::Array(kept))
}

/// Checks examples against schemas, building each distinct validator once.
#[derive(Default)]
pub struct Checker {
    validators: HashMap<String, Result<jsonschema::Validator, String>>,
    verdicts: HashMap<(String, String), Verdict>,
}

impl Checker {
    /// A checker with no validators yet.
    pub fn new() -> Checker {
        Checker::default()
    }

    /// Checks `example` against the OpenAPI `schema` for `direction`.
    pub fn check(&mut self, schema: &Value, direction: Direction, example: &Value) -> Verdict {
        let converted = convert(schema, direction);
        let schema_key = converted.to_string();
        let key = (schema_key, example.to_string());
        if let Some(v) = self.verdicts.get(&key) {
            return v.clone();
        }
        let validator = self
            .validators
            .entry(key.0.clone())
            .or_insert_with(|| build(&converted));
        let verdict = match validator {
            Ok(v) => match v.iter_errors(example).next() {
                None => Verdict::Valid,
                Some(e) => {
                    let at = e.instance_path().to_string();
                    let at = if at.is_empty() { "(root)".into() } else { at };
                    Verdict::Invalid(format!("{at}: {}", shorten(&e.to_string(), 200)))
                }
            },
            Err(e) => Verdict::Invalid(format!("the schema cannot be checked: {e}")),
        };
        self.verdicts.insert(key, verdict.clone());
        verdict
    }
}

fn build(schema: &Value) -> Result<jsonschema::Validator, String> {
    let options = || {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(false)
    };
    match options().build(schema) {
        Ok(v) => Ok(v),
        // A `pattern` this engine cannot compile (they are ECMA-262 regexes): check
        // everything else rather than nothing.
        Err(first) => {
            let mut relaxed = schema.clone();
            strip_patterns(&mut relaxed);
            options().build(&relaxed).map_err(|_| first.to_string())
        }
    }
}

fn strip_patterns(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("pattern").is_some_and(Value::is_string) {
                o.remove("pattern");
            }
            o.values_mut().for_each(strip_patterns);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_patterns),
        _ => {}
    }
}

/// `text` cut to about `max` characters, on a character boundary.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn verdict(schema: Value, direction: Direction, example: Value) -> Verdict {
        Checker::new().check(&schema, direction, &example)
    }

    #[test]
    fn nullable_allows_null() {
        let s = json!({"type": "string", "nullable": true, "enum": ["A"]});
        assert_eq!(
            verdict(s.clone(), Direction::Response, json!(null)),
            Verdict::Valid
        );
        assert_eq!(verdict(s, Direction::Response, json!("A")), Verdict::Valid);
        let s = json!({"type": "string"});
        assert!(matches!(
            verdict(s, Direction::Response, json!(null)),
            Verdict::Invalid(_)
        ));
    }

    #[test]
    fn circular_markers_and_bad_types_accept() {
        let s = json!({"type": "object", "properties": {"a": "circular(X)", "n": {"type": "int"}}});
        assert_eq!(
            verdict(s.clone(), Direction::Response, json!({"a": [1], "n": 2})),
            Verdict::Valid
        );
        assert!(matches!(
            verdict(s, Direction::Response, json!({"n": 2.5})),
            Verdict::Invalid(_)
        ));
    }

    #[test]
    fn read_only_is_optional_in_requests() {
        let s = json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "readOnly": true}}});
        assert_eq!(
            verdict(s.clone(), Direction::Request, json!({})),
            Verdict::Valid
        );
        assert!(matches!(
            verdict(s, Direction::Response, json!({})),
            Verdict::Invalid(_)
        ));
    }

    #[test]
    fn openapi_30_exclusive_bounds() {
        let s = json!({"type": "number", "minimum": 0, "exclusiveMinimum": true});
        assert!(matches!(
            verdict(s.clone(), Direction::Response, json!(0)),
            Verdict::Invalid(_)
        ));
        assert_eq!(verdict(s, Direction::Response, json!(0.5)), Verdict::Valid);
    }

    #[test]
    fn discriminator_mapping_picks_the_schema() {
        let s = json!({
            "oneOf": [{"title": "A"}, {"title": "B"}],
            "discriminator": {"propertyName": "kind", "mapping": {
                "a": {"type": "object", "properties": {"n": {"type": "string"}}},
                "b": {"type": "object", "properties": {"n": {"type": "integer"}}}
            }}
        });
        assert_eq!(
            verdict(
                s.clone(),
                Direction::Response,
                json!({"kind": "a", "n": "x"})
            ),
            Verdict::Valid
        );
        assert!(matches!(
            verdict(s, Direction::Response, json!({"kind": "b", "n": "x"})),
            Verdict::Invalid(_)
        ));
    }

    #[test]
    fn swagger_2_required_flag_is_ignored() {
        let s =
            json!({"type": "object", "properties": {"a": {"type": "string", "required": true}}});
        assert_eq!(verdict(s, Direction::Response, json!({})), Verdict::Valid);
    }
}
