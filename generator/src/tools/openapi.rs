//! Reassembling an OpenAPI 3.0 document from the pages of one API.
//!
//! Paths come from the pages. Every schema with a `title` becomes a component
//! (`#/components/schemas/…`), and `"circular(Title)"` markers become references to
//! it, so the document is valid and cycles are explicit again. When one title has
//! several shapes, the later shapes get a numbered component name.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::error::{Error, Location, Result};
use crate::lower::ApiPages;
use crate::tools::schema::{fits, read_discriminator, sample, synthesize};

/// Builds the OpenAPI document of one API from its pages.
pub fn document(api: &ApiPages) -> Result<Value> {
    document_with(api, &Options::default()).map(|(doc, _)| doc)
}

/// How [`document_with`] builds the document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Leave out every `example` (and `examples` entry) that violates the schema it
    /// is given for, as a validating server reads it ([`fits`]). A mock server then
    /// answers with examples that fit, or with values it builds from the schema, so a
    /// response the generated client cannot parse is the client's fault.
    pub drop_invalid_examples: bool,
    /// Give each JSON media type of a success response that has no example (left)
    /// one made from its schema ([`sample`], else [`synthesize`]) when
    /// that fits the schema. A mock
    /// server's own sample of a schema can violate it (a required property the
    /// schema does not declare, an ambiguous `oneOf`); an example that fits is
    /// served as it is.
    pub fill_examples: bool,
}

/// Builds the OpenAPI document of one API from its pages; also reports the
/// examples left out and made (see [`Options`]).
pub fn document_with(api: &ApiPages, options: &Options) -> Result<(Value, Report)> {
    let mut pages: Vec<_> = api.pages.iter().collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut components = Components {
        drop_invalid_examples: options.drop_invalid_examples,
        ..Components::default()
    };
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut security_schemes = Map::new();
    let mut info = json!({"title": api.module, "version": "0.0.0"});
    let mut servers = Value::Array(Vec::new());
    let mut tags: BTreeMap<String, Value> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        let Some(op) = page.api.as_object() else {
            return Err(Error::input(
                Location::file(&page.path).at_line(page.api_line),
                "api: is not an object",
            ));
        };
        if i == 0 {
            if let Some(v) = op.get("info") {
                info = v.clone();
            }
            if let Some(v) = op.get("servers") {
                servers = v.clone();
            }
        }
        if let Some(schemes) = op.get("securitySchemes").and_then(Value::as_object) {
            for (k, v) in schemes {
                security_schemes
                    .entry(k.clone())
                    .or_insert_with(|| v.clone());
            }
        }
        let method = op.get("method").and_then(Value::as_str).unwrap_or_default();
        let path = op.get("path").and_then(Value::as_str).unwrap_or_default();
        if !is_http(method) || path.is_empty() {
            continue;
        }
        let mut out = Map::new();
        for (k, v) in op {
            match k.as_str() {
                "method"
                | "path"
                | "info"
                | "servers"
                | "securitySchemes"
                | "postman"
                | "jsonRequestBodyExample"
                | "extensions" => {}
                "parameters" | "requestBody" | "responses" | "callbacks" => {
                    components.place = format!("{} {} {k}", method.to_ascii_uppercase(), path);
                    let mut x = components.rewrite(v);
                    if k == "responses" && options.fill_examples {
                        fill_examples(v, &mut x, &components.place, &mut components.report);
                    }
                    out.insert(k.clone(), x);
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        bind_path_params(path, &mut out);
        if !out.contains_key("operationId") {
            if let Some(id) = &page.id {
                out.insert("operationId".into(), Value::String(id.clone()));
            }
        }
        if !out.contains_key("responses") {
            out.insert(
                "responses".into(),
                json!({"default": {"description": "Any response"}}),
            );
        }
        if let Some(list) = op.get("tags").and_then(Value::as_array) {
            for t in list.iter().filter_map(Value::as_str) {
                tags.entry(t.to_string())
                    .or_insert_with(|| json!({"name": t}));
            }
        }
        paths
            .entry(path.to_string())
            .or_default()
            .insert(method.to_string(), Value::Object(out));
    }
    for t in &api.tags {
        if let (Some(title), body) = (&t.title, t.body.trim()) {
            if let Some(tag) = tags.get_mut(title) {
                if !body.is_empty() {
                    tag["description"] = Value::String(body.to_string());
                }
            }
        }
    }
    for ops in paths.values_mut() {
        for op in ops.values_mut() {
            if let Some(list) = op.get_mut("security").and_then(Value::as_array_mut) {
                resolve_security(list, &security_schemes);
            }
        }
    }
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.0.3"));
    doc.insert("info".into(), info);
    doc.insert("servers".into(), servers);
    doc.insert("tags".into(), Value::Array(tags.into_values().collect()));
    doc.insert(
        "paths".into(),
        Value::Object(
            paths
                .into_iter()
                .map(|(k, v)| (k, Value::Object(v)))
                .collect(),
        ),
    );
    let mut comps = Map::new();
    comps.insert("schemas".into(), Value::Object(components.schemas));
    comps.insert("securitySchemes".into(), Value::Object(security_schemes));
    doc.insert("components".into(), Value::Object(comps));
    Ok((Value::Object(doc), components.report))
}

/// What [`document_with`] did to the docs' examples, one line per example with its
/// place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Examples left out, with why they do not fit (see [`Options::drop_invalid_examples`]).
    pub dropped: Vec<String>,
    /// Responses given an example made from the schema (see [`Options::fill_examples`]).
    pub filled: Vec<String>,
    /// Responses left without an example, as no value made from the schema fits it.
    pub not_filled: Vec<String>,
}

/// See [`Options::fill_examples`]: `raw` is the page's `responses`, `out` the
/// document's; each example made or not made is noted in `report`.
fn fill_examples(raw: &Value, out: &mut Value, place: &str, report: &mut Report) {
    let Some(responses) = out.as_object_mut() else {
        return;
    };
    for (status, r) in responses.iter_mut().filter(|(s, _)| s.starts_with('2')) {
        let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) else {
            continue;
        };
        for (media_type, media) in content.iter_mut().filter(|(m, _)| m.contains("json")) {
            let Some(media) = media.as_object_mut() else {
                continue;
            };
            if media.contains_key("example") || media.contains_key("examples") {
                continue;
            }
            let Some(schema) = raw
                .get(status)
                .and_then(|r| r.get("content"))
                .and_then(|c| c.get(media_type))
                .and_then(|m| m.get("schema"))
            else {
                continue;
            };
            let at = format!("{place} {status} ({media_type})");
            let made = [sample(schema), synthesize(schema)]
                .into_iter()
                .find(|v| fits(schema, v).is_ok());
            match made {
                Some(example) => {
                    media.insert("example".into(), example);
                    report.filled.push(at);
                }
                None => report.not_filled.push(at),
            }
        }
    }
}

/// Fills in what OpenAPI 3.0 requires or what validators cannot infer: `items` on
/// an array schema without it (any item, which is what the generator reads it as),
/// and the bounds of the `int8`/`int16` formats, which the generator maps to `i8`
/// and `i16` but which JSON Schema validators and mock servers do not know.
fn complete_schema(s: &mut Map<String, Value>) {
    if s.get("type").and_then(Value::as_str) == Some("array") && !s.contains_key("items") {
        s.insert("items".into(), json!({}));
    }
    let integer = s.get("type").and_then(Value::as_str) == Some("integer");
    let bounds = match s.get("format").and_then(Value::as_str).filter(|_| integer) {
        Some("int8") => Some((i64::from(i8::MIN), i64::from(i8::MAX))),
        Some("int16") => Some((i64::from(i16::MIN), i64::from(i16::MAX))),
        _ => None,
    };
    if let Some((lo, hi)) = bounds {
        s.entry("minimum").or_insert(json!(lo));
        s.entry("maximum").or_insert(json!(hi));
    }
}

/// Makes every security requirement name a declared scheme, as OpenAPI requires.
/// Real docs name a scheme by its type (`oauth2` where the only OAuth2 scheme is
/// `UserContextAuth`): such a name becomes the one declared scheme of that type.
/// Other unknown names are dropped from their requirement, and a requirement left
/// empty is dropped (the generated client sends its credentials either way).
fn resolve_security(list: &mut Vec<Value>, schemes: &Map<String, Value>) {
    let by_type = |t: &str| -> Option<String> {
        let mut found = schemes
            .iter()
            .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some(t));
        match (found.next(), found.next()) {
            (Some((name, _)), None) => Some(name.clone()),
            _ => None,
        }
    };
    for req in list.iter_mut() {
        let Some(map) = req.as_object_mut() else {
            continue;
        };
        let was_empty = map.is_empty();
        let renamed: Map<String, Value> = std::mem::take(map)
            .into_iter()
            .filter_map(|(name, scopes)| {
                if schemes.contains_key(&name) {
                    Some((name, scopes))
                } else {
                    by_type(&name).map(|n| (n, scopes))
                }
            })
            .collect();
        *map = renamed;
        if !was_empty && map.is_empty() {
            *req = Value::Null;
        }
    }
    list.retain(|r| !r.is_null());
}

/// Makes the path parameters match the path template, as the generated client does
/// (`lower::bind_path_params`): a parameter named unlike any `{variable}` is renamed
/// to the variable with the same letters and digits (`{requested-for}` and
/// `requestedFor`), or to the only unmatched variable when it is the only unmatched
/// parameter; unmatched ones left are dropped, and a variable without a parameter
/// gets a required string one. Real docs have both mistakes (`/campaign-filters/{id}`
/// with a parameter `filterId`), and OpenAPI requires a parameter per variable.
fn bind_path_params(path: &str, op: &mut Map<String, Value>) {
    let in_path = |p: &Value| p.get("in").and_then(Value::as_str) == Some("path");
    let mut params: Vec<Value> = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let given: Vec<&str> = params
        .iter()
        .filter(|p| in_path(p))
        .map(|p| p.get("name").and_then(Value::as_str).unwrap_or_default())
        .collect();
    let (bound, missing) = crate::lower::bind_path_vars(path, &given);
    let mut bound = bound.into_iter();
    params.retain_mut(|p| {
        if !in_path(p) {
            return true;
        }
        match bound.next().flatten() {
            Some(var) => {
                p["name"] = Value::String(var);
                true
            }
            None => false,
        }
    });
    for v in missing {
        params
            .push(json!({"name": v, "in": "path", "required": true, "schema": {"type": "string"}}));
    }
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
}

fn is_http(method: &str) -> bool {
    matches!(
        method,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

/// Titled schemas collected as components.
#[derive(Default)]
struct Components {
    schemas: Map<String, Value>,
    /// Title to the component names of its shapes, with each shape's canonical text.
    by_title: BTreeMap<String, Vec<(String, String)>>,
    /// See [`Options::drop_invalid_examples`].
    drop_invalid_examples: bool,
    /// The operation part being rewritten, for the notes on dropped examples.
    place: String,
    /// The examples left out and made.
    report: Report,
}

impl Components {
    /// Rewrites a part of an operation: schemas under `schema` keys become refs.
    fn rewrite(&mut self, v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                // A media type or parameter object: its examples are of its schema.
                let schema = m.get("schema").filter(|_| self.drop_invalid_examples);
                let mut out = Map::new();
                for (k, x) in m {
                    let x = match (k.as_str(), schema) {
                        ("schema", _) => self.schema(x),
                        ("example", Some(schema)) => {
                            if !self.keep_example(schema, x, "`example`") {
                                continue;
                            }
                            x.clone()
                        }
                        ("examples", Some(schema)) if x.is_object() => {
                            let mut kept = Map::new();
                            for (name, e) in x.as_object().into_iter().flatten() {
                                let what = format!("`examples.{name}`");
                                match e.get("value") {
                                    Some(value) if !self.keep_example(schema, value, &what) => {}
                                    _ => {
                                        kept.insert(name.clone(), e.clone());
                                    }
                                }
                            }
                            if kept.is_empty() {
                                continue;
                            }
                            Value::Object(kept)
                        }
                        _ => self.rewrite(x),
                    };
                    out.insert(k.clone(), x);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(|x| self.rewrite(x)).collect()),
            other => other.clone(),
        }
    }

    /// Rewrites a schema: nested schemas first, then a titled one becomes a component.
    fn schema(&mut self, v: &Value) -> Value {
        let m = match v {
            Value::String(s) => {
                return match s
                    .strip_prefix("circular(")
                    .and_then(|r| r.strip_suffix(')'))
                {
                    Some(title) if !title.is_empty() => json!({"$ref": self.ref_for_title(title)}),
                    _ => json!({}),
                }
            }
            Value::Object(m) => m,
            other => return other.clone(),
        };
        let restored = read_discriminator(m);
        let m = restored.as_ref().unwrap_or(m);
        let mut out = Map::new();
        for (k, x) in m {
            // A `oneOf` with two members that differ only in their annotations can
            // match no value of theirs exactly once; the generator reads such members
            // as one type, and the document says the same with `anyOf`.
            let k = match k.as_str() {
                "oneOf" if x.as_array().is_some_and(|a| has_twins(a)) => "anyOf",
                other => other,
            };
            let x = match k {
                "items" | "not" | "additionalProperties" if x.is_object() || x.is_string() => {
                    self.schema(x)
                }
                "properties" => Value::Object(
                    x.as_object()
                        .map(|p| p.iter().map(|(n, s)| (n.clone(), self.schema(s))).collect())
                        .unwrap_or_default(),
                ),
                "allOf" | "oneOf" | "anyOf" => Value::Array(
                    x.as_array()
                        .map(|a| a.iter().map(|s| self.schema(s)).collect())
                        .unwrap_or_default(),
                ),
                // Mapping values are inlined schemas in these docs: as a reference-free
                // OpenAPI document would need names, the mapping is left out. What it
                // says is kept in JSON Schema terms: each member it names is pinned to
                // its tag values ([`read_discriminator`]).
                "discriminator" => {
                    let mut d = x.clone();
                    if let Some(obj) = d.as_object_mut() {
                        obj.remove("mapping");
                    }
                    d
                }
                // A Swagger 2 habit the docs keep: `required: true` on a property.
                "required" if !x.is_array() => continue,
                "example" if self.drop_invalid_examples => {
                    let what = match m.get("title").and_then(Value::as_str) {
                        Some(t) => format!("the `example` of schema `{t}`"),
                        None => "a schema's `example`".to_string(),
                    };
                    if !self.keep_example(v, x, &what) {
                        continue;
                    }
                    x.clone()
                }
                _ => x.clone(),
            };
            out.insert(k.to_string(), x);
        }
        complete_schema(&mut out);
        let Some(title) = m.get("title").and_then(Value::as_str).map(str::to_string) else {
            return Value::Object(out);
        };
        let body = Value::Object(out);
        let canonical = body.to_string();
        let shapes = self.by_title.entry(title.clone()).or_default();
        let name = match shapes.iter().find(|(_, c)| *c == canonical) {
            Some((name, _)) => name.clone(),
            None => {
                let base = component_name(&title);
                let name = if shapes.is_empty() && !self.schemas.contains_key(&base) {
                    base
                } else {
                    (2..)
                        .map(|n| format!("{base}_{n}"))
                        .find(|n| !self.schemas.contains_key(n))
                        .unwrap_or_default()
                };
                shapes.push((name.clone(), canonical));
                self.schemas.insert(name.clone(), body);
                name
            }
        };
        json!({"$ref": format!("#/components/schemas/{name}")})
    }

    /// Whether an example fits its (page) schema; records it as dropped otherwise.
    fn keep_example(&mut self, schema: &Value, example: &Value, what: &str) -> bool {
        match fits(schema, example) {
            Ok(()) => true,
            Err(why) => {
                self.report
                    .dropped
                    .push(format!("{}: {what}: {why}", self.place));
                false
            }
        }
    }

    fn ref_for_title(&self, title: &str) -> String {
        let name = self
            .by_title
            .get(title)
            .and_then(|s| s.first())
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| component_name(title));
        format!("#/components/schemas/{name}")
    }
}

/// Component names allow `[A-Za-z0-9._-]` only.
/// Whether two of `members` are the same schema once their annotations (title,
/// description, examples) are set aside.
fn has_twins(members: &[Value]) -> bool {
    /// A schema without its annotations, at every level. Property names are kept,
    /// even `title` or `description`.
    fn bare(v: &Value) -> Value {
        let Value::Object(m) = v else {
            return v.clone();
        };
        let mut out = Map::new();
        for (k, x) in m {
            let x = match (k.as_str(), x) {
                ("title" | "description" | "example" | "examples", _) => continue,
                ("properties", Value::Object(p)) => {
                    Value::Object(p.iter().map(|(n, s)| (n.clone(), bare(s))).collect())
                }
                ("allOf" | "oneOf" | "anyOf", Value::Array(a)) => {
                    Value::Array(a.iter().map(bare).collect())
                }
                ("items" | "not" | "additionalProperties", _) => bare(x),
                _ => x.clone(),
            };
            out.insert(k.clone(), x);
        }
        Value::Object(out)
    }
    let bare: Vec<Value> = members.iter().map(bare).collect();
    bare.iter()
        .enumerate()
        .any(|(i, a)| bare[i + 1..].contains(a))
}

fn component_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "Schema".into()
    } else {
        name
    }
}
