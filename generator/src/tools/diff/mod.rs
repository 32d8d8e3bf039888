//! API change reports: what changed between two versions of the docs, judged from
//! the point of view of code that uses the generated Rust client.
//!
//! [`compare`] takes the IR of the old and the new docs and lists every change to
//! operations (path, method, parameters, request body, responses), types, fields,
//! enum values and union variants, each marked breaking or not. It is pure: data
//! in, a [`Report`] out, which renders as text, markdown or JSON.
//!
//! # How things are matched
//! APIs by module name, operations by operation id, types by Rust name, fields by
//! wire name, parameters by location and wire name, responses by status, enum
//! values by wire value and union variants by type. A rename therefore shows as a
//! removal and an addition, and a type that was renamed shows as a retype wherever
//! it is used.
//!
//! # What counts as breaking
//! A change is breaking when code written against the old generated client may no
//! longer compile, or may now send requests the server rejects:
//! - anything removed: an API, operation, type, field, parameter, enum value,
//!   union variant, request body, or a response whose body had a type;
//! - any change of a Rust type a user reads or writes: a field, parameter, request
//!   or response body retyped, a type turned from a struct into an enum, a field
//!   moving between required, optional and nullable (the generated field changes
//!   between `T`, `Option<T>` and `Nullable<T>`), a parameter or request body
//!   moving between a method argument (required) and a builder setter (optional);
//! - a new required parameter (a new method argument) or a new required request
//!   body, and a new required field in a type sent in requests (a parameter or
//!   request body, directly or nested): the caller must now provide it;
//! - a new success response whose body type differs from the others: the method
//!   then returns an enum of the bodies instead of one type.
//!
//! Not breaking: new APIs, operations and types; new optional fields and
//! parameters (a new builder setter; structs are built with
//! `..Default::default()` where they derive it); new required fields in types only
//! received; new error responses; a changed path or method (the method keeps its
//! name and arguments, and the regenerated client sends to the new route); media
//! type changes that keep the body's type; deprecations.
//!
//! **New enum values are not breaking.** Generated string enums, and unions chosen
//! by a tag, end in an `Other` variant that keeps any value the docs did not list
//! when the code was generated: the old client already receives the new value
//! (as `Other("NEW_VALUE")`) without failing, and a `match` must already handle
//! `Other`. The one thing to revisit is code that looked for the value inside
//! `Other`, which now finds it in its own variant (and an exhaustive `match` that
//! names every variant without a wildcard needs one more arm). A new variant of an
//! untagged union has no such catch-all, and is reported as breaking.

mod operation;
mod render;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ir::{
    reachable, Api, Field, Follow, Operation, Param, ParamLocation, Ty, TypeDef, TypeId, TypeKind,
};

/// What kind of thing a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// A whole API (docs folder, crate module).
    Api,
    /// An operation, by operation id.
    Operation,
    /// A named type, by Rust name.
    Type,
}

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // The names say it all; see the module docs for the rules.
pub enum ChangeKind {
    ApiAdded,
    ApiRemoved,
    OperationAdded,
    OperationRemoved,
    MethodChanged,
    PathChanged,
    OperationDeprecated,
    ParameterAdded,
    ParameterRemoved,
    ParameterRetyped,
    ParameterRequiredChanged,
    RequestBodyAdded,
    RequestBodyRemoved,
    RequestBodyRetyped,
    RequestBodyRequiredChanged,
    RequestMediaChanged,
    ResponseAdded,
    ResponseRemoved,
    ResponseRetyped,
    ResponseMediaChanged,
    TypeAdded,
    TypeRemoved,
    TypeKindChanged,
    FieldAdded,
    FieldRemoved,
    FieldRetyped,
    FieldRequiredChanged,
    FieldNullableChanged,
    FieldDeprecated,
    EnumValueAdded,
    EnumValueRemoved,
    VariantAdded,
    VariantRemoved,
    UnionTagChanged,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whether code using the old generated client may break (see the module docs).
    pub breaking: bool,
    /// What changed.
    pub kind: ChangeKind,
    /// What it is about.
    pub item: Item,
    /// The module, operation id or Rust type name.
    pub name: String,
    /// The part of the item: a field or parameter name, a status, an enum value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The old value (a Rust type, a path…), when something changed rather than came or went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The new value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// The change in words, without the item: ``field `name` removed``.
    pub message: String,
}

impl Change {
    /// The item in words: ``operation `listAccounts` ``, ``type `Account` ``.
    pub fn subject(&self) -> String {
        let what = match self.item {
            Item::Api => "API",
            Item::Operation => "operation",
            Item::Type => "type",
        };
        format!("{what} `{}`", self.name)
    }
}

/// How many items of one kind were added, removed or changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Only in the new docs.
    pub added: usize,
    /// Only in the old docs.
    pub removed: usize,
    /// In both, with at least one change.
    pub changed: usize,
}

/// The changes of one API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiReport {
    /// The module name the APIs were matched by.
    pub module: String,
    /// Operations added, removed, changed.
    pub operations: Counts,
    /// Types added, removed, changed.
    pub types: Counts,
    /// Breaking changes in this API.
    pub breaking: usize,
    /// Every change, operations first, then types, each sorted by name.
    pub changes: Vec<Change>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Breaking changes in all APIs.
    pub breaking: usize,
    /// Other changes in all APIs.
    pub non_breaking: usize,
    /// One entry per API found on either side, by module name.
    pub apis: Vec<ApiReport>,
}

/// Output formats of [`Report::render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown, for a pull request or a changelog.
    Markdown,
    /// JSON, the [`Report`] as data.
    Json,
}

/// Compares two versions of the docs, each as built by [`crate::build_ir`].
pub fn compare(old: &[Api], new: &[Api]) -> Report {
    let old_by: BTreeMap<&str, &Api> = old.iter().map(|a| (a.module.as_str(), a)).collect();
    let new_by: BTreeMap<&str, &Api> = new.iter().map(|a| (a.module.as_str(), a)).collect();
    let modules: BTreeSet<&str> = old_by.keys().chain(new_by.keys()).copied().collect();
    let mut apis = Vec::new();
    for module in modules {
        let report = match (old_by.get(module), new_by.get(module)) {
            (Some(o), Some(n)) => compare_api(o, n),
            (Some(o), None) => whole_api(o, false),
            (None, Some(n)) => whole_api(n, true),
            (None, None) => continue,
        };
        apis.push(report);
    }
    let breaking = apis.iter().map(|a| a.breaking).sum();
    let total: usize = apis.iter().map(|a| a.changes.len()).sum();
    Report {
        breaking,
        non_breaking: total - breaking,
        apis,
    }
}

fn whole_api(api: &Api, added: bool) -> ApiReport {
    let ops = api.operations.len();
    let types = api.types.types.len();
    let (kind, verb) = if added {
        (ChangeKind::ApiAdded, "added")
    } else {
        (ChangeKind::ApiRemoved, "removed")
    };
    let counts = |n: usize| Counts {
        added: if added { n } else { 0 },
        removed: if added { 0 } else { n },
        changed: 0,
    };
    ApiReport {
        module: api.module.clone(),
        operations: counts(ops),
        types: counts(types),
        breaking: usize::from(!added),
        changes: vec![Change {
            breaking: !added,
            kind,
            item: Item::Api,
            name: api.module.clone(),
            member: None,
            old: None,
            new: None,
            message: format!("{verb} ({ops} operations, {types} types)"),
        }],
    }
}

/// Collects the changes of one item.
struct Sink<'a> {
    item: Item,
    name: &'a str,
    changes: Vec<Change>,
}

impl Sink<'_> {
    fn push(
        &mut self,
        breaking: bool,
        kind: ChangeKind,
        member: Option<&str>,
        old: Option<String>,
        new: Option<String>,
        message: String,
    ) {
        self.changes.push(Change {
            breaking,
            kind,
            item: self.item,
            name: self.name.to_string(),
            member: member.map(str::to_string),
            old,
            new,
            message,
        });
    }
}

fn compare_api(old: &Api, new: &Api) -> ApiReport {
    let mut changes = Vec::new();
    let operations = operation::compare_operations(old, new, &mut changes);
    let types = types::compare_types(old, new, &mut changes);
    ApiReport {
        module: new.module.clone(),
        operations,
        types,
        breaking: changes.iter().filter(|c| c.breaking).count(),
        changes,
    }
}

fn route(op: &Operation) -> String {
    format!("{} {}", op.method.to_ascii_uppercase(), op.path)
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "string enum",
        TypeKind::Union(u) if u.tag.is_some() => "tagged union",
        TypeKind::Union(_) => "untagged union",
    }
}

fn describe(t: &TypeDef) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match &t.kind {
        TypeKind::Struct(s) => format!("struct, {}", plural(s.fields.len(), "field")),
        TypeKind::Enum(e) => format!("string enum, {}", plural(e.values.len(), "value")),
        TypeKind::Union(u) => format!(
            "{}, {}",
            kind_name(&t.kind),
            plural(u.variants.len(), "variant")
        ),
    }
}

/// The Rust type of a type expression, as the generated code spells it.
pub fn rust_type(api: &Api, ty: &Ty) -> String {
    api.rust_type(ty)
}

/// The Rust type of a field: `T`, `Option<T>` or `Nullable<T>`.
fn field_type(api: &Api, f: &Field) -> String {
    let t = rust_type(api, &f.ty);
    match (f.required, f.nullable) {
        (true, false) => t,
        (false, true) => format!("Nullable<{t}>"),
        _ => format!("Option<{t}>"),
    }
}

/// Types reachable from parameters and request bodies: the ones callers build.
fn sent_types(api: &Api) -> BTreeSet<TypeId> {
    let mut roots: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        op.for_each_request_ty(&mut |t| t.named(&mut roots));
    }
    reachable(&api.types, roots, Follow::Values)
}

fn param_label(p: &Param) -> String {
    let place = match p.location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    format!("{place} `{}`", p.wire_name)
}

fn yes(b: bool, yes: &str, no: &str) -> String {
    if b { yes } else { no }.to_string()
}
