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

/// Builds the OpenAPI document of one API from its pages.
pub fn document(api: &ApiPages) -> Result<Value> {
    let mut pages: Vec<_> = api.pages.iter().collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut components = Components::default();
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
                    out.insert(k.clone(), components.rewrite(v));
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
    Ok(Value::Object(doc))
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
    let vars: Vec<String> = path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(v, _)| v.to_string()))
        .collect();
    let norm = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let in_path = |p: &Value| p.get("in").and_then(Value::as_str) == Some("path");
    let name_of = |p: &Value| {
        p.get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let mut params: Vec<Value> = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut unbound: Vec<String> = vars
        .iter()
        .filter(|v| !params.iter().any(|p| in_path(p) && name_of(p) == **v))
        .cloned()
        .collect();
    let is_loose = |p: &Value| in_path(p) && !vars.contains(&name_of(p));
    for p in params.iter_mut() {
        if !is_loose(p) {
            continue;
        }
        if let Some(i) = unbound.iter().position(|v| norm(v) == norm(&name_of(p))) {
            p["name"] = Value::String(unbound.remove(i));
        }
    }
    let loose: Vec<usize> = (0..params.len())
        .filter(|&i| is_loose(&params[i]))
        .collect();
    if let ([i], [v]) = (loose.as_slice(), unbound.as_slice()) {
        params[*i]["name"] = Value::String(v.clone());
        unbound.clear();
    }
    params.retain(|p| !is_loose(p));
    for v in unbound {
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
}

impl Components {
    /// Rewrites a part of an operation: schemas under `schema` keys become refs.
    fn rewrite(&mut self, v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, x)| {
                        let x = if k == "schema" {
                            self.schema(x)
                        } else {
                            self.rewrite(x)
                        };
                        (k.clone(), x)
                    })
                    .collect(),
            ),
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
        let mut out = Map::new();
        for (k, x) in m {
            let x = match k.as_str() {
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
                // OpenAPI document would need names, the mapping is left out.
                "discriminator" => {
                    let mut d = x.clone();
                    if let Some(obj) = d.as_object_mut() {
                        obj.remove("mapping");
                    }
                    d
                }
                // A Swagger 2 habit the docs keep: `required: true` on a property.
                "required" if !x.is_array() => continue,
                _ => x.clone(),
            };
            out.insert(k.clone(), x);
        }
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
