//! Choosing the smoke program's argument values and request bodies from the docs.
//!
//! A value is taken from the first candidate, in the docs' order of authority, that
//! fits its schema: the parameter's (or media type's) own `example` and `examples`,
//! then the schema's `example`, `default` and first `enum` value, and last a value
//! made up from the schema's type and format ([`synthesize`]). "Fits" is [`fits`]:
//! the JSON Schema check in the way a validating server reads OpenAPI 3.0, formats
//! included, since a mock server such as Prism rejects a SailPoint id without hyphens
//! where the docs declare `format: uuid`. Candidates passed over are kept with the reason, so that
//! the smoke program can name the docs' examples that violate their own schema.

use std::fmt;

use serde_json::Value;

use crate::tools::schema::values::{given_values, Given, MAX_DEPTH};
use crate::tools::schema::{fits, synthesize};

/// Where a chosen value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `example` on the parameter or media type.
    Example,
    /// One entry of `examples` on the parameter or media type: its name.
    NamedExample(String),
    /// `example` (or an entry of a 3.1 `examples` list) on the schema.
    SchemaExample,
    /// `jsonRequestBodyExample`: the example the docs plugin built from the schema.
    GeneratedExample,
    /// The schema's `default`.
    Default,
    /// The first value of the schema's `enum`.
    Enum,
    /// Made up from the schema's type, format and bounds.
    Synthesized,
}

impl Source {
    /// Whether the value is an example written in the docs (not made up).
    pub fn is_docs_example(&self) -> bool {
        matches!(
            self,
            Source::Example
                | Source::NamedExample(_)
                | Source::SchemaExample
                | Source::GeneratedExample
        )
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Example => f.write_str("`example`"),
            Source::NamedExample(name) => write!(f, "`examples.{name}`"),
            Source::SchemaExample => f.write_str("the schema's `example`"),
            Source::GeneratedExample => f.write_str("`jsonRequestBodyExample`"),
            Source::Default => f.write_str("the schema's `default`"),
            Source::Enum => f.write_str("the first `enum` value"),
            Source::Synthesized => f.write_str("a value made from the schema"),
        }
    }
}

/// A chosen value.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The value.
    pub value: Value,
    /// Where it came from.
    pub source: Source,
    /// Docs examples passed over, each with the reason it does not fit the schema.
    pub skipped: Vec<(Source, String)>,
}

/// The value of a required parameter: its first candidate that fits the parameter's
/// schema, or a value made from the schema.
pub fn required_param(param: &Value) -> Choice {
    // A parameter without a schema is a string (and typed `String` by the generator).
    let string = serde_json::json!({"type": "string"});
    let schema = param.get("schema").unwrap_or(&string);
    let mut candidates = own_examples(param);
    candidates.extend(schema_candidates(schema));
    choose(schema, candidates, true).unwrap_or_else(|| Choice {
        value: synthesize(schema),
        source: Source::Synthesized,
        skipped: Vec::new(),
    })
}

/// The value of an optional parameter: set only when the docs give an example for
/// it that fits its schema (`None` leaves the parameter out of the request).
/// The second value lists the docs' examples that were passed over.
pub fn optional_param(param: &Value) -> (Option<Choice>, Vec<(Source, String)>) {
    // A parameter without a schema is a string (and typed `String` by the generator).
    let string = serde_json::json!({"type": "string"});
    let schema = param.get("schema").unwrap_or(&string);
    let mut candidates = own_examples(param);
    candidates.extend(schema_examples(schema));
    pick_example(schema, candidates)
}

/// The value of a part (or property) whose schema is `schema`: required ones always
/// get a value, optional ones only an example that fits.
pub fn schema_value(schema: &Value, required: bool) -> (Option<Choice>, Vec<(Source, String)>) {
    if required {
        let choice = choose(schema, schema_candidates(schema), true).unwrap_or_else(|| Choice {
            value: synthesize(schema),
            source: Source::Synthesized,
            skipped: Vec::new(),
        });
        (Some(choice), Vec::new())
    } else {
        pick_example(schema, schema_examples(schema))
    }
}

/// The request body for the media type object `media` of the operation `op` (the
/// page's `api` JSON): the first of its examples, the schema's example and
/// `jsonRequestBodyExample` (for JSON media types) that fits the schema, else a
/// value made from the schema. `None` when the docs give neither an example nor a
/// schema.
pub fn request_body(op: &Value, media_type: &str, media: &Value) -> Option<Choice> {
    let schema = media.get("schema").unwrap_or(&Value::Null);
    let mut candidates = own_examples(media);
    candidates.extend(schema_examples(schema));
    if media_type.contains("json") {
        if let Some(v) = op.get("jsonRequestBodyExample") {
            candidates.push((Source::GeneratedExample, v.clone()));
        }
    }
    if candidates.is_empty() && !schema.is_object() {
        return None;
    }
    let mut skipped = Vec::new();
    for (source, value) in candidates {
        match fits(schema, &value) {
            Ok(()) => {
                return Some(Choice {
                    value,
                    source,
                    skipped,
                })
            }
            Err(why) => skipped.push((source, why)),
        }
    }
    Some(Choice {
        value: synthesize(schema),
        source: Source::Synthesized,
        skipped,
    })
}

/// Where the docs' examples of the success responses of `op` (the page's `api`
/// JSON) violate their schema, one line each: the `example` (or first `examples`
/// entry) of each JSON media type, or where it has none, every `example` inside its
/// schema, which is what a mock server assembles its response from. The smoke
/// program uses this to tell an invalid docs example from a generator bug when a
/// response does not parse.
pub fn response_example_problems(op: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return out;
    };
    for (status, r) in responses.iter().filter(|(s, _)| s.starts_with('2')) {
        let Some(content) = r.get("content").and_then(Value::as_object) else {
            continue;
        };
        for (media_type, media) in content.iter().filter(|(m, _)| m.contains("json")) {
            let schema = media.get("schema").unwrap_or(&Value::Null);
            let first = own_examples(media).into_iter().next();
            let at = format!("response {status} ({media_type})");
            match first {
                Some((source, example)) => {
                    if let Err(why) = fits(schema, &example) {
                        out.push(format!("{at}: {source}: {why}"));
                    }
                }
                None => nested_example_problems(schema, "", &at, 0, &mut out),
            }
        }
    }
    out
}

/// The `example`s inside `schema` (at the JSON pointer `ptr`) that violate the
/// schema they are given on. A schema with an example is not looked into further:
/// its example stands for everything below it.
fn nested_example_problems(
    schema: &Value,
    ptr: &str,
    at: &str,
    depth: usize,
    out: &mut Vec<String>,
) {
    let Some(s) = schema.as_object() else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(example) = s.get("example") {
        if let Err(why) = fits(schema, example) {
            let place = if ptr.is_empty() { "the schema" } else { ptr };
            out.push(format!("{at}: the `example` of {place}: {why}"));
        }
        return;
    }
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        for (k, p) in props {
            let child = format!(
                "{ptr}/properties/{}",
                k.replace('~', "~0").replace('/', "~1")
            );
            nested_example_problems(p, &child, at, depth + 1, out);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = s.get(key) {
            nested_example_problems(child, &format!("{ptr}/{key}"), at, depth + 1, out);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = s.get(key).and_then(Value::as_array) {
            for (i, m) in list.iter().enumerate() {
                nested_example_problems(m, &format!("{ptr}/{key}/{i}"), at, depth + 1, out);
            }
        }
    }
}

/// `example` and the values of `examples` on a parameter or media type object.
fn own_examples(obj: &Value) -> Vec<(Source, Value)> {
    let mut out = Vec::new();
    if let Some(v) = obj.get("example") {
        out.push((Source::Example, v.clone()));
    }
    if let Some(map) = obj.get("examples").and_then(Value::as_object) {
        for (name, e) in map {
            if let Some(v) = e.get("value") {
                out.push((Source::NamedExample(name.clone()), v.clone()));
            }
        }
    }
    out
}

/// The first candidate that fits, with the docs' examples passed over before it; a
/// value made from the schema when `synthesize_last` and none fits.
fn choose(
    schema: &Value,
    candidates: Vec<(Source, Value)>,
    synthesize_last: bool,
) -> Option<Choice> {
    let mut skipped = Vec::new();
    for (source, value) in candidates {
        match fits(schema, &value) {
            Ok(()) => {
                return Some(Choice {
                    value,
                    source,
                    skipped,
                })
            }
            Err(why) => {
                if source.is_docs_example() {
                    skipped.push((source, why));
                }
            }
        }
    }
    synthesize_last.then(|| Choice {
        value: synthesize(schema),
        source: Source::Synthesized,
        skipped,
    })
}

fn pick_example(
    schema: &Value,
    candidates: Vec<(Source, Value)>,
) -> (Option<Choice>, Vec<(Source, String)>) {
    let mut skipped = Vec::new();
    for (source, value) in candidates {
        match fits(schema, &value) {
            Ok(()) => {
                let choice = Choice {
                    value,
                    source,
                    skipped: skipped.clone(),
                };
                return (Some(choice), skipped);
            }
            Err(why) => skipped.push((source, why)),
        }
    }
    (None, skipped)
}

/// The schema's own examples.
fn schema_examples(schema: &Value) -> Vec<(Source, Value)> {
    let examples = crate::tools::schema::values::schema_examples(schema);
    examples
        .into_iter()
        .map(|v| (Source::SchemaExample, v))
        .collect()
}

/// The schema's examples, then its `default` and first `enum` value.
fn schema_candidates(schema: &Value) -> Vec<(Source, Value)> {
    let source = |given| match given {
        Given::Example => Source::SchemaExample,
        Given::Default => Source::Default,
        Given::Enum => Source::Enum,
    };
    given_values(schema)
        .into_iter()
        .map(|(g, v)| (source(g), v))
        .collect()
}
