//! Every example in the docs, checked against the generated types.
//!
//! The docs hold thousands of examples of real payloads: `jsonRequestBodyExample`,
//! `example`/`examples` under request and response media types, and `example` on
//! schemas. [`collect`] finds each one with its place (request body, response for a
//! status, or a schema inside one), the type generated for that place, and the
//! verdict of an independent JSON Schema check ([`crate::tools::schema`]) against the schema
//! it is given for. [`emit_suite`] adds a test target to the generated crate,
//! `tests/examples.rs` with its data `tests/examples.json`: run with
//! `cargo test --test examples`, it parses every example into its type, writes it
//! back and compares the two as JSON values, then prints every failure and the
//! summary line
//!
//! ```text
//! examples: N found, N schema-valid, N round-trip, N invalid-but-accepted
//! ```
//!
//! The counts come from running the round trips, never from the generator. A
//! schema-valid example that does not round-trip is a generator bug and fails the
//! test; a schema-invalid one is reported separately.
//!
//! Identical examples at identical types are checked once: the docs inline the same
//! schema, with its examples, on every page that uses it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

use crate::emit::{self, EmitOptions, Generated, Paths};
use crate::error::{Error, Result};
use crate::ident;
use crate::ir::{Api, SchemaPosition, Ty};
use crate::lower::schema::{escape_pointer, is_annotation};
use crate::lower::ApiPages;
use crate::mdx::ReadOptions;

pub use crate::tools::schema::{Checker, Direction, Reading, Verdict};

/// The file of the test target, relative to the crate root.
pub const TEST_FILE: &str = "tests/examples.rs";
/// The data of the test target, relative to the crate root.
pub const DATA_FILE: &str = "tests/examples.json";

/// Which payload an example is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The request body in one media type.
    Request {
        /// The media type.
        media_type: String,
    },
    /// The response body for one status, in one media type.
    Response {
        /// `200`, `4XX`, `default`…
        status: String,
        /// The media type.
        media_type: String,
    },
    /// A parameter's schema.
    Parameter {
        /// The parameter's name.
        name: String,
    },
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let media = |m: &str| {
            if m == "application/json" {
                String::new()
            } else {
                format!(" ({m})")
            }
        };
        match self {
            Place::Request { media_type } => write!(f, "request body{}", media(media_type)),
            Place::Response { status, media_type } => {
                write!(f, "response {status}{}", media(media_type))
            }
            Place::Parameter { name } => write!(f, "parameter `{name}`"),
        }
    }
}

/// The type an example is checked with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The type.
    pub ty: Ty,
    /// Whether `null` is allowed: the Rust type is then `Option<T>`.
    pub nullable: bool,
}

/// One example found in the docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The module of its API.
    pub module: String,
    /// Its page.
    pub page: PathBuf,
    /// The payload it is for.
    pub place: Place,
    /// JSON pointer of its schema inside the payload's schema (empty: the payload itself).
    pub within: String,
    /// JSON pointer of the example itself inside the page's `api`.
    pub pointer: String,
    /// The generated type for its position; `None` where there is none: a member of
    /// an `allOf` (merged into its parent), a body without a schema, or a schema the
    /// generator ignores (`items` beside `type: object`).
    pub target: Option<Target>,
    /// The example.
    pub value: Value,
    /// The independent JSON Schema check.
    pub verdict: Verdict,
}

/// Finds every example of one API, with its type and the schema check.
pub fn collect(pages: &ApiPages, api: &Api, checker: &mut Checker) -> Vec<Example> {
    let positions: HashMap<(&Path, &str), &SchemaPosition> = api
        .schema_positions
        .iter()
        .map(|p| ((p.page.as_path(), p.pointer.as_str()), p))
        .collect();
    let mut merged: HashMap<(&Path, String), &SchemaPosition> = HashMap::new();
    for p in &api.schema_positions {
        merged
            .entry((p.page.as_path(), merged_path(&p.pointer)))
            .or_insert(p);
    }
    let mut sorted: Vec<_> = pages.pages.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = Vec::new();
    for page in sorted {
        let Some(op) = api.operations.iter().find(|o| o.page == page.path) else {
            continue;
        };
        let mut c = PageCollector {
            module: &api.module,
            page: &page.path,
            api: &page.api,
            positions: &positions,
            merged: &merged,
            checker,
            out: &mut out,
        };
        let target_of = |body: Option<&crate::ir::Body>| {
            body.and_then(|b| {
                b.ty.clone().map(|ty| Target {
                    ty,
                    nullable: b.nullable,
                })
            })
        };

        // Request bodies.
        let request = page.api.get("requestBody").and_then(|r| r.get("content"));
        if let Some(content) = request.and_then(Value::as_object) {
            if let Some(example) = page.api.get("jsonRequestBodyExample") {
                let media = content
                    .keys()
                    .find(|m| *m == "application/json")
                    .or_else(|| content.keys().find(|m| m.contains("json")))
                    .or_else(|| content.keys().next());
                if let Some(media) = media {
                    let body = op.request.iter().find(|b| b.media_type == *media);
                    let schema_ptr =
                        format!("/requestBody/content/{}/schema", escape_pointer(media));
                    c.add(
                        Place::Request {
                            media_type: media.clone(),
                        },
                        "/jsonRequestBodyExample".into(),
                        &schema_ptr,
                        "",
                        target_of(body),
                        example,
                    );
                }
            }
            for (media, m) in content {
                let body = op.request.iter().find(|b| b.media_type == *media);
                let base = format!("/requestBody/content/{}", escape_pointer(media));
                let place = Place::Request {
                    media_type: media.clone(),
                };
                c.media(m, &place, &base, target_of(body));
            }
        }

        // Responses.
        if let Some(responses) = page.api.get("responses").and_then(Value::as_object) {
            for (status, r) in responses {
                let Some(content) = r.get("content").and_then(Value::as_object) else {
                    continue;
                };
                let response = op.responses.iter().find(|x| x.status == *status);
                for (media, m) in content {
                    let body =
                        response.and_then(|r| r.content.iter().find(|b| b.media_type == *media));
                    let base = format!(
                        "/responses/{}/content/{}",
                        escape_pointer(status),
                        escape_pointer(media)
                    );
                    let place = Place::Response {
                        status: status.clone(),
                        media_type: media.clone(),
                    };
                    c.media(m, &place, &base, target_of(body));
                }
            }
        }

        // Parameters' schemas.
        if let Some(params) = page.api.get("parameters").and_then(Value::as_array) {
            for (i, p) in params.iter().enumerate() {
                let (Some(name), Some(schema)) =
                    (p.get("name").and_then(Value::as_str), p.get("schema"))
                else {
                    continue;
                };
                let place = Place::Parameter {
                    name: name.to_string(),
                };
                let base = format!("/parameters/{i}/schema");
                c.walk(schema, &place, &base, &base);
            }
        }
    }
    out
}

struct PageCollector<'a> {
    module: &'a str,
    page: &'a Path,
    api: &'a Value,
    positions: &'a HashMap<(&'a Path, &'a str), &'a SchemaPosition>,
    /// The same, by [`merged_path`].
    merged: &'a HashMap<(&'a Path, String), &'a SchemaPosition>,
    checker: &'a mut Checker,
    out: &'a mut Vec<Example>,
}

impl PageCollector<'_> {
    /// Adds one example whose schema is at `schema_ptr` and whose type is `target`.
    fn add(
        &mut self,
        place: Place,
        pointer: String,
        schema_ptr: &str,
        within: &str,
        target: Option<Target>,
        value: &Value,
    ) {
        let direction = match place {
            Place::Response { .. } => Direction::Response,
            Place::Request { .. } | Place::Parameter { .. } => Direction::Request,
        };
        let verdict = match self.api.pointer(schema_ptr) {
            Some(schema) => self
                .checker
                .check(schema, Reading::JsonSchema(direction), value),
            // No schema: any value is valid.
            None => Verdict::Valid,
        };
        self.out.push(Example {
            module: self.module.to_string(),
            page: self.page.to_path_buf(),
            place,
            within: within.to_string(),
            pointer,
            target,
            value: value.clone(),
            verdict,
        });
    }

    /// The examples of a media type object at `base`, and those on its schema.
    fn media(&mut self, m: &Value, place: &Place, base: &str, target: Option<Target>) {
        let schema_ptr = format!("{base}/schema");
        if let Some(example) = m.get("example") {
            self.add(
                place.clone(),
                format!("{base}/example"),
                &schema_ptr,
                "",
                target.clone(),
                example,
            );
        }
        if let Some(examples) = m.get("examples").and_then(Value::as_object) {
            for (name, e) in examples {
                // An Example Object; one with only `externalValue` has nothing to check.
                if let Some(value) = e.get("value") {
                    self.add(
                        place.clone(),
                        format!("{base}/examples/{}/value", escape_pointer(name)),
                        &schema_ptr,
                        "",
                        target.clone(),
                        value,
                    );
                }
            }
        }
        if let Some(schema) = m.get("schema") {
            self.walk(schema, place, &schema_ptr, &schema_ptr);
        }
    }

    /// Every `example`/`examples` on the schema at `ptr` and the schemas inside it.
    fn walk(&mut self, schema: &Value, place: &Place, root: &str, ptr: &str) {
        let Some(s) = schema.as_object() else {
            return;
        };
        let examples: Vec<(String, &Value)> = s
            .get("example")
            .map(|e| (format!("{ptr}/example"), e))
            .into_iter()
            .chain(
                s.get("examples")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, e)| (format!("{ptr}/examples/{i}"), e)),
            )
            .collect();
        if !examples.is_empty() {
            let (schema_ptr, target) = self.position(ptr);
            let within = ptr.strip_prefix(root).unwrap_or(ptr).to_string();
            for (pointer, value) in examples {
                self.add(
                    place.clone(),
                    pointer,
                    &schema_ptr,
                    &within,
                    target.clone(),
                    value,
                );
            }
        }
        if let Some(props) = s.get("properties").and_then(Value::as_object) {
            for (k, p) in props {
                let child = format!("{ptr}/properties/{}", escape_pointer(k));
                self.walk(p, place, root, &child);
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(child) = s.get(key) {
                self.walk(child, place, root, &format!("{ptr}/{key}"));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = s.get(key).and_then(Value::as_array) {
                for (i, m) in list.iter().enumerate() {
                    self.walk(m, place, root, &format!("{ptr}/{key}/{i}"));
                }
            }
        }
        if let Some(mapping) = s
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
        {
            for (k, m) in mapping {
                let child = format!("{ptr}/discriminator/mapping/{}", escape_pointer(k));
                self.walk(m, place, root, &child);
            }
        }
    }

    /// The schema an example at the schema `ptr` is checked against, and its type.
    ///
    /// A schema the generator lowered has its type recorded. An `allOf` member that
    /// adds no structure (an `example` or `nullable`, maybe a `type`, beside the real
    /// member) stands for its parent: its example is checked against the parent's
    /// schema and type.
    fn position(&self, ptr: &str) -> (String, Option<Target>) {
        let target = |p: &str| {
            self.positions.get(&(self.page, p)).map(|pos| Target {
                ty: pos.ty.clone(),
                nullable: pos.nullable,
            })
        };
        if let Some(t) = target(ptr) {
            return (ptr.to_string(), Some(t));
        }
        if let Some((parent, _)) = ptr.rsplit_once("/allOf/") {
            let annotation = self
                .api
                .pointer(ptr)
                .and_then(Value::as_object)
                .is_some_and(|m| m.keys().all(|k| k == "type" || is_annotation(k)));
            if annotation {
                let parent_target = self.parent_target(parent);
                if parent_target.is_some() {
                    return (parent.to_string(), parent_target);
                }
            }
        }
        // A property that a later `allOf` member redefines is not lowered: the field
        // has the type of the definition that wins.
        if let Some(pos) = self.merged.get(&(self.page, merged_path(ptr))) {
            let target = Target {
                ty: pos.ty.clone(),
                nullable: pos.nullable,
            };
            return (ptr.to_string(), Some(target));
        }
        (ptr.to_string(), None)
    }

    /// The type of the schema at `ptr`, which may itself carry no example.
    fn parent_target(&self, ptr: &str) -> Option<Target> {
        if let Some(pos) = self.positions.get(&(self.page, ptr)) {
            return Some(Target {
                ty: pos.ty.clone(),
                nullable: pos.nullable,
            });
        }
        None
    }
}

/// A schema pointer with the `allOf` members leading to each property left out
/// (`…/allOf/0/properties/id` is `…/properties/id`): the path of the field in the
/// merged struct, the same for every member that defines the property.
fn merged_path(ptr: &str) -> String {
    let segments: Vec<&str> = ptr.split('/').collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    let mut i = 0;
    while i < segments.len() {
        // Skip a run of `allOf/N` pairs that ends at `properties`.
        let mut j = i;
        while segments.get(j) == Some(&"allOf")
            && segments
                .get(j + 1)
                .is_some_and(|n| n.parse::<usize>().is_ok())
        {
            j += 2;
        }
        if j > i && segments.get(j) == Some(&"properties") {
            i = j;
            continue;
        }
        out.push(segments[i]);
        i += 1;
    }
    out.join("/")
}

/// The checked examples of some docs, with the IR they were checked against.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The APIs.
    pub apis: Vec<Api>,
    /// Every example found, in page order.
    pub examples: Vec<Example>,
}

/// Reads the docs, builds the IR, and collects and checks every example.
pub fn collect_docs(docs: &[PathBuf], read: &ReadOptions) -> Result<Suite> {
    let pages = crate::load::load(docs, read)?;
    let mut apis = Vec::new();
    let mut errors = Vec::new();
    let mut examples = Vec::new();
    let mut checker = Checker::new();
    for p in &pages {
        match crate::lower::lower_api(p) {
            Ok(api) => {
                examples.extend(collect(p, &api, &mut checker));
                apis.push(api);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    Error::collect(errors)?;
    Ok(Suite { apis, examples })
}

/// Counts of a suite, as the generator sees it (before anything is run).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Examples in the docs, copies included.
    pub occurrences: usize,
    /// Distinct checks written to the data file.
    pub checks: usize,
    /// Of those, valid against their schema.
    pub schema_valid: usize,
    /// Distinct examples with no type of their own (see [`Example::target`]).
    pub untyped: usize,
}

/// Emits the crate for the docs of `suite` plus its example test target.
///
/// `roots` are the docs folders given, used to shorten page paths in the report.
pub fn emit_suite(
    suite: &Suite,
    opts: &EmitOptions,
    roots: &[PathBuf],
) -> Result<(Generated, Counts)> {
    if !opts.layout.is_crate() {
        return Err(Error::Internal(
            "example tests need a whole crate (Layout::Crate)".into(),
        ));
    }
    let mut files = emit::emit_crate(&suite.apis, opts)?;
    let krate = ident::ident(&opts.crate_name.replace('-', "_"));
    let by_module: HashMap<&str, &Api> =
        suite.apis.iter().map(|a| (a.module.as_str(), a)).collect();

    // Distinct Rust types, and distinct (type, verdict, value) checks.
    let mut types: Vec<(String, TokenStream)> = Vec::new();
    let mut type_index: HashMap<String, usize> = HashMap::new();
    let mut checks: Vec<Check> = Vec::new();
    let mut check_index: HashMap<(Option<usize>, bool, String), usize> = HashMap::new();
    let mut counts = Counts {
        occurrences: suite.examples.len(),
        ..Counts::default()
    };
    for ex in &suite.examples {
        let Some(api) = by_module.get(ex.module.as_str()) else {
            continue;
        };
        let ty = ex.target.as_ref().map(|t| {
            let m = ident::ident(&api.module);
            let paths = Paths {
                models: quote!(::#krate::#m::models),
                runtime: quote!(::#krate::runtime),
            };
            let mut tokens = emit::ty_tokens(&t.ty, &api.types, &paths);
            let mut shown = display(&t.ty, api);
            if t.nullable && t.ty != Ty::Any {
                tokens = quote!(::std::option::Option<#tokens>);
                shown = format!("Option<{shown}>");
            }
            let key = tokens.to_string();
            *type_index.entry(key).or_insert_with(|| {
                types.push((shown, tokens));
                types.len() - 1
            })
        });
        let json = ex.value.to_string();
        let valid = ex.verdict == Verdict::Valid;
        let key = (ty, valid, json);
        if let Some(&i) = check_index.get(&key) {
            checks[i].copies += 1;
            continue;
        }
        check_index.insert(key.clone(), checks.len());
        let why = match &ex.verdict {
            Verdict::Valid => String::new(),
            Verdict::Invalid(why) => why.clone(),
        };
        checks.push(Check {
            ty,
            page: shown_page(&ex.page, roots),
            place: ex.place.to_string(),
            within: ex.within.clone(),
            pointer: ex.pointer.clone(),
            copies: 1,
            valid,
            why,
            json: key.2,
        });
    }
    counts.checks = checks.len();
    counts.schema_valid = checks.iter().filter(|c| c.valid && c.ty.is_some()).count();
    counts.untyped = checks.iter().filter(|c| c.ty.is_none()).count();

    let mut data = String::from("[\n");
    for (i, c) in checks.iter().enumerate() {
        let mut o = Map::new();
        o.insert("type".into(), c.ty.map_or(Value::Null, Value::from));
        o.insert("page".into(), c.page.clone().into());
        o.insert("place".into(), c.place.clone().into());
        o.insert("within".into(), c.within.clone().into());
        o.insert("pointer".into(), c.pointer.clone().into());
        o.insert("copies".into(), c.copies.into());
        o.insert("valid".into(), c.valid.into());
        o.insert("why".into(), c.why.clone().into());
        o.insert("json".into(), c.json.clone().into());
        data.push_str(&Value::Object(o).to_string());
        data.push_str(if i + 1 < checks.len() { ",\n" } else { "\n" });
    }
    data.push_str("]\n");
    files.files.insert(DATA_FILE.into(), data);

    let names = types.iter().map(|(shown, _)| shown);
    let tys = types.iter().map(|(_, t)| t);
    let table = quote! {
        /// The generated type of each position, indexed by `type` in `tests/examples.json`.
        static TYPES: &[(&str, CheckFn)] = &[
            #((#names, check::<#tys>),)*
        ];
    };
    let header = emit::header(&opts.command);
    let table = emit::format_file("", "the example test's type table", table)?;
    let harness = include_str!("harness.rs");
    files
        .files
        .insert(TEST_FILE.into(), format!("{header}{harness}\n{table}"));
    // The docs' examples, round-tripped through the types: `cargo test --test examples`.
    files.update_manifest(|m| {
        m.tests.push(emit::cargo_toml::Target {
            name: "examples".into(),
            path: TEST_FILE.into(),
            harness: Some(false),
        })
    });
    Ok((files, counts))
}

/// One distinct check in the data file.
struct Check {
    ty: Option<usize>,
    page: String,
    place: String,
    within: String,
    pointer: String,
    copies: usize,
    valid: bool,
    why: String,
    json: String,
}

/// A page path relative to the docs folder it was found in, led by that folder's name.
fn shown_page(page: &Path, roots: &[PathBuf]) -> String {
    for root in roots {
        if let Ok(rel) = page.strip_prefix(root) {
            let name = root
                .file_name()
                .map(|n| Path::new(n).join(rel))
                .unwrap_or_else(|| rel.to_path_buf());
            return name.display().to_string();
        }
    }
    page.display().to_string()
}

/// The name of a type for the report: the module, then the Rust type.
fn display(ty: &Ty, api: &Api) -> String {
    format!("{}::{}", api.module, api.rust_type(ty))
}

/// Totals over a suite's examples, by the generator's own count (for the CLI).
pub fn summary_line(counts: &Counts) -> String {
    format!(
        "{} examples ({} distinct checks: {} schema-valid, {} schema-invalid, {} without a type of their own)",
        counts.occurrences,
        counts.checks,
        counts.schema_valid,
        counts.checks - counts.schema_valid - counts.untyped,
        counts.untyped
    )
}

/// Collects the examples of `docs` and emits the crate with its example test target.
pub fn generate(
    docs: &[PathBuf],
    read: &ReadOptions,
    opts: &EmitOptions,
) -> Result<(Generated, Counts)> {
    let suite = collect_docs(docs, read)?;
    emit_suite(&suite, opts, docs)
}

#[cfg(test)]
mod tests {
    use super::merged_path;

    #[test]
    fn merged_paths_leave_out_all_of_members_before_properties() {
        assert_eq!(merged_path("/a/allOf/0/properties/id"), "/a/properties/id");
        assert_eq!(
            merged_path("/a/allOf/1/allOf/0/properties/x/items/allOf/2/properties/y"),
            "/a/properties/x/items/properties/y"
        );
        assert_eq!(merged_path("/a/allOf/0/example"), "/a/allOf/0/example");
        assert_eq!(
            merged_path("/a/properties/allOf/allOf/0"),
            "/a/properties/allOf/allOf/0"
        );
    }
}
