//! Choosing the smoke program's argument values and request bodies from the docs.
//!
//! A value is taken from the first candidate, in the docs' order of authority, that
//! fits its schema: the parameter's (or media type's) own `example` and `examples`,
//! then the schema's `example`, `default` and first `enum` value, and last a value
//! made up from the schema's type and format. "Fits" is [`check`]: a JSON Schema
//! check in the way a validating server reads OpenAPI 3.0, formats included, since a
//! mock server such as Prism rejects a SailPoint id without hyphens where the docs
//! declare `format: uuid`. Candidates passed over are kept with the reason, so that
//! the smoke program can name the docs' examples that violate their own schema.

use std::fmt;

use serde_json::{Map, Value};

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
        match check(schema, &value) {
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
                    if let Err(why) = check(schema, &example) {
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
        if let Err(why) = check(schema, example) {
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

/// The schema's own examples.
fn schema_examples(schema: &Value) -> Vec<(Source, Value)> {
    let mut out = Vec::new();
    if let Some(v) = schema.get("example") {
        out.push((Source::SchemaExample, v.clone()));
    }
    if let Some(list) = schema.get("examples").and_then(Value::as_array) {
        out.extend(list.iter().map(|v| (Source::SchemaExample, v.clone())));
    }
    out
}

/// The schema's examples, then its `default` and first `enum` value.
fn schema_candidates(schema: &Value) -> Vec<(Source, Value)> {
    let mut out = schema_examples(schema);
    if let Some(v) = schema.get("default") {
        out.push((Source::Default, v.clone()));
    }
    if let Some(v) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.iter().find(|v| !v.is_null()))
    {
        out.push((Source::Enum, v.clone()));
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
        match check(schema, &value) {
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
        match check(schema, &value) {
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

/// How deep [`check`] and [`synthesize`] follow nested schemas.
const MAX_DEPTH: usize = 64;

/// Checks `value` against an OpenAPI 3.0 schema as a request payload: `nullable`,
/// `type` (3.1 type lists too), `enum`, `const`, string length and the formats a
/// validating server checks (`uuid`, `date-time`, `date`, `email`, `uri`, `int32`…),
/// numeric bounds, array bounds and items, object properties, `required` (minus
/// `readOnly` properties) and `additionalProperties`, `allOf`, `anyOf`, `oneOf`
/// (exactly one) and `not`. `pattern` is not checked. The error names the failing
/// place with a JSON pointer.
pub fn check(schema: &Value, value: &Value) -> Result<(), String> {
    check_at(schema, value, "", 0)
}

fn check_at(schema: &Value, value: &Value, at: &str, depth: usize) -> Result<(), String> {
    let Some(s) = schema.as_object() else {
        // `circular(X)` markers and boolean schemas: anything goes.
        return if schema == &Value::Bool(false) {
            Err(format!("{}: no value is allowed", place(at)))
        } else {
            Ok(())
        };
    };
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let restored = read_discriminator(s);
    let s = restored.as_ref().unwrap_or(s);
    let fail = |what: String| Err(format!("{}: {what}", place(at)));
    let types = types_of(s);
    if value.is_null() {
        let nullable = s.get("nullable").and_then(Value::as_bool) == Some(true)
            || types.iter().any(|t| t == "null")
            || s.get("enum")
                .and_then(Value::as_array)
                .is_some_and(|e| e.contains(&Value::Null));
        if nullable {
            return Ok(());
        }
        if !types.is_empty() {
            return fail("null where the schema does not allow it".into());
        }
    } else if !types.is_empty() && !types.iter().any(|t| type_matches(t, value)) {
        return fail(format!(
            "{} where the schema wants {}",
            kind_of(value),
            types.join(" or ")
        ));
    }
    if let Some(list) = s.get("enum").and_then(Value::as_array) {
        if !list.contains(value) {
            return fail(format!("{} is not one of the `enum` values", short(value)));
        }
    }
    if let Some(c) = s.get("const") {
        if c != value {
            return fail(format!("{} is not the `const` value", short(value)));
        }
    }
    match value {
        Value::String(text) => check_string(s, text).or_else(fail)?,
        Value::Number(_) => check_number(s, value).or_else(fail)?,
        Value::Array(items) => {
            let n = items.len() as u64;
            if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
                if n < min {
                    return fail(format!("{n} items, fewer than `minItems` {min}"));
                }
            }
            if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
                if n > max {
                    return fail(format!("{n} items, more than `maxItems` {max}"));
                }
            }
            if let Some(item) = s.get("items") {
                for (i, v) in items.iter().enumerate() {
                    check_at(item, v, &format!("{at}/{i}"), depth + 1)?;
                }
            }
        }
        Value::Object(map) => check_object(s, map, at, depth)?,
        Value::Null | Value::Bool(_) => {}
    }
    if let Some(list) = s.get("allOf").and_then(Value::as_array) {
        for member in list {
            check_at(member, value, at, depth + 1)?;
        }
    }
    if let Some(list) = s.get("anyOf").and_then(Value::as_array) {
        let mut first = None;
        if !list
            .iter()
            .any(|m| match check_at(m, value, at, depth + 1) {
                Ok(()) => true,
                Err(e) => {
                    first.get_or_insert(e);
                    false
                }
            })
        {
            return fail(format!(
                "matches no `anyOf` member ({})",
                first.unwrap_or_default()
            ));
        }
    }
    if let Some(list) = s.get("oneOf").and_then(Value::as_array) {
        let mut first = None;
        let matching = list
            .iter()
            .filter(|m| match check_at(m, value, at, depth + 1) {
                Ok(()) => true,
                Err(e) => {
                    first.get_or_insert(e);
                    false
                }
            })
            .count();
        match matching {
            1 => {}
            0 => {
                return fail(format!(
                    "matches no `oneOf` member ({})",
                    first.unwrap_or_default()
                ))
            }
            n => return fail(format!("matches {n} `oneOf` members, not exactly one")),
        }
    }
    if let Some(not) = s.get("not") {
        if check_at(not, value, at, depth + 1).is_ok() {
            return fail("matches the `not` schema".into());
        }
    }
    Ok(())
}

fn check_object(
    s: &Map<String, Value>,
    map: &Map<String, Value>,
    at: &str,
    depth: usize,
) -> Result<(), String> {
    let props = s.get("properties").and_then(Value::as_object);
    if let Some(required) = s.get("required").and_then(Value::as_array) {
        for name in required.iter().filter_map(Value::as_str) {
            let read_only = declared(s, name, 0)
                .and_then(|p| p.get("readOnly"))
                .and_then(Value::as_bool)
                == Some(true);
            if !read_only && !map.contains_key(name) {
                return Err(format!(
                    "{}: the required property `{name}` is missing",
                    place(at)
                ));
            }
        }
    }
    for (k, v) in map {
        let child = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
        match props.and_then(|p| p.get(k)) {
            Some(p) => check_at(p, v, &child, depth + 1)?,
            None => match s.get("additionalProperties") {
                Some(Value::Bool(false)) => {
                    return Err(format!(
                        "{}: the property `{k}` is not allowed (`additionalProperties: false`)",
                        place(at)
                    ))
                }
                Some(extra @ Value::Object(_)) => check_at(extra, v, &child, depth + 1)?,
                _ => {}
            },
        }
    }
    Ok(())
}

fn check_string(s: &Map<String, Value>, text: &str) -> Result<(), String> {
    let n = text.chars().count() as u64;
    if let Some(min) = s.get("minLength").and_then(Value::as_u64) {
        if n < min {
            return Err(format!("{n} characters, fewer than `minLength` {min}"));
        }
    }
    if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
        if n > max {
            return Err(format!("{n} characters, more than `maxLength` {max}"));
        }
    }
    let format = s.get("format").and_then(Value::as_str).unwrap_or_default();
    let ok = match format {
        "uuid" => is_uuid(text),
        "date-time" => is_date_time(text),
        "date" => is_date(text),
        "email" => is_email(text),
        "uri" | "url" => is_uri(text),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{} is not a valid `{format}`",
            short(&Value::from(text))
        ))
    }
}

fn check_number(s: &Map<String, Value>, value: &Value) -> Result<(), String> {
    let Some(x) = value.as_f64() else {
        return Ok(());
    };
    let bound = |key: &str| s.get(key).and_then(Value::as_f64);
    let exclusive = |key: &str| s.get(key).and_then(Value::as_bool) == Some(true);
    if let Some(min) = bound("minimum") {
        if x < min || (exclusive("exclusiveMinimum") && x == min) {
            return Err(format!("{value} is below the `minimum` {min}"));
        }
    }
    if let Some(max) = bound("maximum") {
        if x > max || (exclusive("exclusiveMaximum") && x == max) {
            return Err(format!("{value} is above the `maximum` {max}"));
        }
    }
    if let Some(min) = bound("exclusiveMinimum") {
        if x <= min {
            return Err(format!("{value} is not above the `exclusiveMinimum` {min}"));
        }
    }
    if let Some(max) = bound("exclusiveMaximum") {
        if x >= max {
            return Err(format!("{value} is not below the `exclusiveMaximum` {max}"));
        }
    }
    let format = s.get("format").and_then(Value::as_str).unwrap_or_default();
    let integer = value
        .as_i64()
        .map(i128::from)
        .or(value.as_u64().map(i128::from));
    match integer {
        Some(i) if format == "int32" && i32::try_from(i).is_err() => {
            Err(format!("{value} is not a valid `int32`"))
        }
        _ => Ok(()),
    }
}

/// The declared types of a schema: `type` as a string or a 3.1 list (`int` is read
/// as `integer`, as the docs sometimes write it).
fn types_of(s: &Map<String, Value>) -> Vec<String> {
    let norm = |t: &str| {
        if t == "int" {
            "integer".to_string()
        } else {
            t.to_string()
        }
    };
    match s.get("type") {
        Some(Value::String(t)) => vec![norm(t)],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(norm).collect(),
        _ => Vec::new(),
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        // A type name no validator knows constrains nothing.
        _ => true,
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn place(at: &str) -> String {
    if at.is_empty() {
        "the value".into()
    } else {
        format!("`{at}`")
    }
}

/// A value shown in a message, shortened.
fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

fn all_hex(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_hexdigit())
}

/// `8-4-4-4-12` hex digits, as RFC 4122 writes a UUID.
fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && all_hex(p))
}

fn digits(text: &str, n: usize) -> bool {
    text.len() == n && text.chars().all(|c| c.is_ascii_digit())
}

/// `YYYY-MM-DD` with a month 01–12 and a day that exists in that month.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return false;
    }
    let num = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (year, month, day) = (num(y), num(m), num(d));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    (1..=days).contains(&day)
}

/// RFC 3339: a date, `T`, `hh:mm:ss`, optional fraction, and `Z` or an offset.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't']) else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    let (clock, zone) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, "")
    } else {
        match time.rfind(['+', '-']) {
            Some(i) => (&time[..i], &time[i + 1..]),
            None => return false,
        }
    };
    let num = |s: &str| s.parse::<u32>().unwrap_or(u32::MAX);
    let zone_ok = zone.is_empty()
        || {
            let z: Vec<&str> = zone.split(':').collect();
            matches!(z.as_slice(), [h, m] if digits(h, 2) && digits(m, 2) && num(h) <= 23 && num(m) <= 59)
        };
    let (hms, fraction) = match clock.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (clock, None),
    };
    let t: Vec<&str> = hms.split(':').collect();
    // Hours 00–23, minutes 00–59, seconds 00–59 or a leap second (60).
    let hms_ok = matches!(t.as_slice(), [h, m, s]
        if digits(h, 2) && digits(m, 2) && digits(s, 2)
            && num(h) <= 23 && num(m) <= 59 && num(s) <= 60);
    zone_ok
        && hms_ok
        && fraction.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}

fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn is_uri(text: &str) -> bool {
    match text.split_once(':') {
        Some((scheme, rest)) => {
            !rest.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !text.contains(char::is_whitespace)
        }
        None => false,
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
    for (_, v) in schema_candidates(schema) {
        if check(schema, &v).is_ok() {
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
                if check(schema, &v).is_ok() {
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
fn declared<'a>(s: &'a Map<String, Value>, name: &str, depth: usize) -> Option<&'a Value> {
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
    fn formats_are_checked_as_a_validating_server_does() {
        let uuid = json!({"type": "string", "format": "uuid"});
        assert!(check(&uuid, &json!("2b838de9-db9b-abcf-e646-d4f274ad4238")).is_ok());
        assert!(check(&uuid, &json!("2c9180835d2e5168015d32f890ca1581")).is_err());
        let dt = json!({"type": "string", "format": "date-time"});
        assert!(check(&dt, &json!("2020-12-25T06:00:00.468Z")).is_ok());
        assert!(check(&dt, &json!("2020-12-25T06:00:00+01:00")).is_ok());
        assert!(check(&dt, &json!("2020-12-25")).is_err());
        assert!(check(&dt, &json!("2023-09-07T42:14:05.122Z")).is_err());
        assert!(check(&dt, &json!("2023-09-07T12:61:05Z")).is_err());
        assert!(check(&dt, &json!("2023-02-29T12:00:00Z")).is_err());
        assert!(check(&dt, &json!("2024-02-29T23:59:60Z")).is_ok());
        assert!(check(
            &json!({"type": "string", "format": "date"}),
            &json!("2020-12-25")
        )
        .is_ok());
    }

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
            assert_eq!(check(s, &v), Ok(()), "{s} -> {v}");
        }
    }
}
