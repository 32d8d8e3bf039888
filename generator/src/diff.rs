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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::ir::{
    Api, Body, Field, IntKind, Operation, Param, ParamLocation, StrFormat, Ty, TypeDef, TypeId,
    TypeKind,
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
    let mut operations = Counts::default();
    let mut types = Counts::default();

    let old_ops: BTreeMap<&str, &Operation> = old
        .operations
        .iter()
        .map(|o| (o.operation_id.as_str(), o))
        .collect();
    let new_ops: BTreeMap<&str, &Operation> = new
        .operations
        .iter()
        .map(|o| (o.operation_id.as_str(), o))
        .collect();
    let ids: BTreeSet<&str> = old_ops.keys().chain(new_ops.keys()).copied().collect();
    // Operations whose id changed but whose route did not, to point from one to the other.
    let old_routes: BTreeMap<String, &str> = old_ops
        .iter()
        .filter(|(id, _)| !new_ops.contains_key(*id))
        .map(|(id, o)| (route(o), *id))
        .collect();
    let new_routes: BTreeMap<String, &str> = new_ops
        .iter()
        .filter(|(id, _)| !old_ops.contains_key(*id))
        .map(|(id, o)| (route(o), *id))
        .collect();
    for id in ids {
        let mut sink = Sink {
            item: Item::Operation,
            name: id,
            changes: Vec::new(),
        };
        match (old_ops.get(id), new_ops.get(id)) {
            (Some(o), Some(n)) => {
                compare_operation(old, o, new, n, &mut sink);
                if !sink.changes.is_empty() {
                    operations.changed += 1;
                }
            }
            (Some(o), None) => {
                operations.removed += 1;
                let moved = new_routes
                    .get(&route(o))
                    .map(|n| format!("; the route is now operation `{n}`"))
                    .unwrap_or_default();
                sink.push(
                    true,
                    ChangeKind::OperationRemoved,
                    None,
                    Some(route(o)),
                    None,
                    format!("removed (`{}`{moved})", route(o)),
                );
            }
            (None, Some(n)) => {
                operations.added += 1;
                let moved = old_routes
                    .get(&route(n))
                    .map(|o| format!("; the route was operation `{o}`"))
                    .unwrap_or_default();
                sink.push(
                    false,
                    ChangeKind::OperationAdded,
                    None,
                    None,
                    Some(route(n)),
                    format!("added (`{}`{moved})", route(n)),
                );
            }
            (None, None) => {}
        }
        changes.append(&mut sink.changes);
    }

    let sent = sent_types(new);
    let old_types: BTreeMap<&str, &TypeDef> = old
        .types
        .types
        .iter()
        .map(|t| (t.rust_name.as_str(), t))
        .collect();
    let new_types: BTreeMap<&str, (TypeId, &TypeDef)> = new
        .types
        .ids()
        .map(|id| {
            (
                new.types.get(id).rust_name.as_str(),
                (id, new.types.get(id)),
            )
        })
        .collect();
    let names: BTreeSet<&str> = old_types.keys().chain(new_types.keys()).copied().collect();
    for name in names {
        let mut sink = Sink {
            item: Item::Type,
            name,
            changes: Vec::new(),
        };
        match (old_types.get(name), new_types.get(name)) {
            (Some(o), Some((id, n))) => {
                compare_type(old, o, new, n, sent.contains(id), &mut sink);
                if !sink.changes.is_empty() {
                    types.changed += 1;
                }
            }
            (Some(o), None) => {
                types.removed += 1;
                sink.push(
                    true,
                    ChangeKind::TypeRemoved,
                    None,
                    Some(kind_name(&o.kind).into()),
                    None,
                    format!("removed ({})", describe(o)),
                );
            }
            (None, Some((_, n))) => {
                types.added += 1;
                sink.push(
                    false,
                    ChangeKind::TypeAdded,
                    None,
                    None,
                    Some(kind_name(&n.kind).into()),
                    format!("added ({})", describe(n)),
                );
            }
            (None, None) => {}
        }
        changes.append(&mut sink.changes);
    }
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

/// The Rust type of a type expression, as the generated code spells it (short paths).
pub fn rust_type(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Any | Ty::Circular(_) => "Value".into(),
        Ty::Bool => "bool".into(),
        Ty::Int(IntKind::I8) => "i8".into(),
        Ty::Int(IntKind::I16) => "i16".into(),
        Ty::Int(IntKind::I32) => "i32".into(),
        Ty::Int(IntKind::I64) => "i64".into(),
        Ty::Float(_) => "Number".into(),
        Ty::String(StrFormat::Plain | StrFormat::Binary) => "String".into(),
        Ty::String(StrFormat::DateTime) => "DateTime".into(),
        Ty::String(StrFormat::Date) => "Date".into(),
        Ty::String(StrFormat::Uuid) => "Uuid".into(),
        Ty::String(StrFormat::Byte) => "Base64".into(),
        Ty::Array(inner) => format!("Vec<{}>", rust_type(api, inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", rust_type(api, inner)),
        Ty::Nullable(inner) => format!("Option<{}>", rust_type(api, inner)),
        Ty::Named(id) => api
            .types
            .types
            .get(id.index())
            .map(|t| t.rust_name.clone())
            .unwrap_or_else(|| "Value".into()),
    }
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
    let mut stack: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        for p in &op.params {
            p.ty.named(&mut stack);
        }
        for b in &op.request {
            if let Some(t) = &b.ty {
                t.named(&mut stack);
            }
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        let Some(def) = api.types.types.get(id.index()) else {
            continue;
        };
        if !seen.insert(id) {
            continue;
        }
        match &def.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    f.ty.named(&mut stack);
                }
                if let crate::ir::Extra::Typed(t) = &s.extra {
                    t.named(&mut stack);
                }
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    v.ty.named(&mut stack);
                }
            }
            TypeKind::Enum(_) => {}
        }
    }
    seen
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

fn compare_operation(oa: &Api, o: &Operation, na: &Api, n: &Operation, sink: &mut Sink<'_>) {
    if o.method != n.method {
        let (old, new) = (o.method.to_ascii_uppercase(), n.method.to_ascii_uppercase());
        sink.push(
            false,
            ChangeKind::MethodChanged,
            None,
            Some(old.clone()),
            Some(new.clone()),
            format!("method changed from `{old}` to `{new}`"),
        );
    }
    if o.path != n.path {
        sink.push(
            false,
            ChangeKind::PathChanged,
            None,
            Some(o.path.clone()),
            Some(n.path.clone()),
            format!("path changed from `{}` to `{}`", o.path, n.path),
        );
    }
    if o.docs.deprecated != n.docs.deprecated {
        sink.push(
            false,
            ChangeKind::OperationDeprecated,
            None,
            Some(o.docs.deprecated.to_string()),
            Some(n.docs.deprecated.to_string()),
            yes(n.docs.deprecated, "deprecated", "no longer deprecated"),
        );
    }

    // Parameters, by location and wire name.
    let key = |p: &Param| (p.location, p.wire_name.clone());
    let old_params: BTreeMap<_, &Param> = o.params.iter().map(|p| (key(p), p)).collect();
    let new_params: BTreeMap<_, &Param> = n.params.iter().map(|p| (key(p), p)).collect();
    for p in &o.params {
        if !new_params.contains_key(&key(p)) {
            sink.push(
                true,
                ChangeKind::ParameterRemoved,
                Some(&p.wire_name),
                Some(rust_type(oa, &p.ty)),
                None,
                format!("{} removed", param_label(p)),
            );
        }
    }
    for p in &n.params {
        let label = param_label(p);
        let Some(op) = old_params.get(&key(p)) else {
            sink.push(
                p.required,
                ChangeKind::ParameterAdded,
                Some(&p.wire_name),
                None,
                Some(rust_type(na, &p.ty)),
                format!("{} {label} added", yes(p.required, "required", "optional")),
            );
            continue;
        };
        let (ot, nt) = (rust_type(oa, &op.ty), rust_type(na, &p.ty));
        if ot != nt {
            sink.push(
                true,
                ChangeKind::ParameterRetyped,
                Some(&p.wire_name),
                Some(ot.clone()),
                Some(nt.clone()),
                format!(
                    "{label} changed type from `{ot}` to `{nt}`{}",
                    shape_note(oa, &op.ty, na, &p.ty)
                ),
            );
        }
        if op.required != p.required {
            sink.push(
                true,
                ChangeKind::ParameterRequiredChanged,
                Some(&p.wire_name),
                Some(yes(op.required, "required", "optional")),
                Some(yes(p.required, "required", "optional")),
                format!(
                    "{label} became {}",
                    yes(
                        p.required,
                        "required (a method argument, no longer a setter)",
                        "optional (a setter, no longer a method argument)"
                    )
                ),
            );
        }
    }

    // The request body, as the client sends it.
    match (request_payload(oa, o), request_payload(na, n)) {
        (None, None) => {}
        (None, Some(np)) => sink.push(
            n.request_required,
            ChangeKind::RequestBodyAdded,
            None,
            None,
            Some(np.clone()),
            format!(
                "{} request body added (`{np}`)",
                yes(n.request_required, "required", "optional")
            ),
        ),
        (Some(op), None) => sink.push(
            true,
            ChangeKind::RequestBodyRemoved,
            None,
            Some(op.clone()),
            None,
            format!("request body removed (was `{op}`)"),
        ),
        (Some(op), Some(np)) => {
            if op != np {
                let note = match (json_ty(&o.request), json_ty(&n.request)) {
                    (Some(ot), Some(nt)) => shape_note(oa, ot, na, nt),
                    _ => String::new(),
                };
                sink.push(
                    true,
                    ChangeKind::RequestBodyRetyped,
                    None,
                    Some(op.clone()),
                    Some(np.clone()),
                    format!("request body changed from `{op}` to `{np}`{note}"),
                );
            } else if media(&o.request) != media(&n.request) {
                sink.push(
                    false,
                    ChangeKind::RequestMediaChanged,
                    None,
                    Some(media(&o.request)),
                    Some(media(&n.request)),
                    format!(
                        "request media types changed from `{}` to `{}`",
                        media(&o.request),
                        media(&n.request)
                    ),
                );
            }
            if o.request_required != n.request_required {
                sink.push(
                    true,
                    ChangeKind::RequestBodyRequiredChanged,
                    None,
                    Some(yes(o.request_required, "required", "optional")),
                    Some(yes(n.request_required, "required", "optional")),
                    format!(
                        "request body became {}",
                        yes(n.request_required, "required", "optional")
                    ),
                );
            }
        }
    }

    // Responses, by status.
    let success = |api: &Api, op: &Operation| -> BTreeSet<String> {
        let set: BTreeSet<String> = op
            .responses
            .iter()
            .filter(|r| r.status.starts_with('2'))
            .map(|r| response_payload(api, &r.content))
            .collect();
        if set.is_empty() {
            BTreeSet::from(["bytes".to_string()])
        } else {
            set
        }
    };
    let return_changed = success(oa, o) != success(na, n);
    let old_rs: BTreeMap<&str, &crate::ir::Response> =
        o.responses.iter().map(|r| (r.status.as_str(), r)).collect();
    let new_rs: BTreeMap<&str, &crate::ir::Response> =
        n.responses.iter().map(|r| (r.status.as_str(), r)).collect();
    let statuses: BTreeSet<&str> = old_rs.keys().chain(new_rs.keys()).copied().collect();
    for status in statuses {
        let is_success = status.starts_with('2');
        match (old_rs.get(status), new_rs.get(status)) {
            (Some(r), None) => {
                let payload = response_payload(oa, &r.content);
                let breaking = if is_success {
                    return_changed
                } else {
                    // Only error bodies with JSON have a variant in the error enum.
                    r.content.iter().any(|b| b.media_type.contains("json"))
                };
                sink.push(
                    breaking,
                    ChangeKind::ResponseRemoved,
                    Some(status),
                    Some(payload.clone()),
                    None,
                    format!("response `{status}` removed (was `{payload}`)"),
                );
            }
            (None, Some(r)) => {
                let payload = response_payload(na, &r.content);
                sink.push(
                    is_success && return_changed,
                    ChangeKind::ResponseAdded,
                    Some(status),
                    None,
                    Some(payload.clone()),
                    format!("response `{status}` added (`{payload}`)"),
                );
            }
            (Some(or), Some(nr)) => {
                let (op, np) = (
                    response_payload(oa, &or.content),
                    response_payload(na, &nr.content),
                );
                if op != np {
                    let note = match (json_ty(&or.content), json_ty(&nr.content)) {
                        (Some(ot), Some(nt)) => shape_note(oa, ot, na, nt),
                        _ => String::new(),
                    };
                    sink.push(
                        true,
                        ChangeKind::ResponseRetyped,
                        Some(status),
                        Some(op.clone()),
                        Some(np.clone()),
                        format!("response `{status}` changed from `{op}` to `{np}`{note}"),
                    );
                } else if media(&or.content) != media(&nr.content) {
                    sink.push(
                        false,
                        ChangeKind::ResponseMediaChanged,
                        Some(status),
                        Some(media(&or.content)),
                        Some(media(&nr.content)),
                        format!(
                            "response `{status}` media types changed from `{}` to `{}`",
                            media(&or.content),
                            media(&nr.content)
                        ),
                    );
                }
            }
            (None, None) => {}
        }
    }
}

fn media(bodies: &[Body]) -> String {
    let list: Vec<&str> = bodies.iter().map(|b| b.media_type.as_str()).collect();
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

/// What the client sends as the request body, as the client emitter picks it:
/// JSON first, then a multipart form, then raw bytes.
fn request_payload(api: &Api, op: &Operation) -> Option<String> {
    let find = |pred: &dyn Fn(&str) -> bool| op.request.iter().find(|b| pred(&b.media_type));
    let ty = |b: &Body| {
        b.ty.as_ref()
            .map(|t| rust_type(api, t))
            .unwrap_or_else(|| "Value".into())
    };
    if let Some(b) = find(&|m| m == "application/json").or_else(|| find(&|m| m.contains("json"))) {
        return Some(ty(b));
    }
    if let Some(b) = find(&|m| m == "multipart/form-data") {
        return Some(format!("multipart form {}", ty(b)));
    }
    op.request.first().map(|_| "bytes".to_string())
}

/// What the client returns for a response: its JSON type, `bytes` or `no body`.
fn response_payload(api: &Api, content: &[Body]) -> String {
    if let Some(b) = content.iter().find(|b| b.media_type.contains("json")) {
        return b
            .ty
            .as_ref()
            .map(|t| rust_type(api, t))
            .unwrap_or_else(|| "Value".into());
    }
    if content.is_empty() {
        "no body".into()
    } else {
        "bytes".into()
    }
}

/// The type of the JSON body among `bodies`, if there is one with a schema.
fn json_ty(bodies: &[Body]) -> Option<&Ty> {
    bodies
        .iter()
        .find(|b| b.media_type == "application/json")
        .or_else(|| bodies.iter().find(|b| b.media_type.contains("json")))
        .and_then(|b| b.ty.as_ref())
}

/// For a retype between two named types of the same kind, how their contents
/// compare: ` (same fields: a rename)`, or the fields or values that differ.
/// Empty when there is nothing useful to say.
fn shape_note(oa: &Api, ot: &Ty, na: &Api, nt: &Ty) -> String {
    let (ot, nt) = match (ot, nt) {
        (Ty::Array(o), Ty::Array(n)) | (Ty::Map(o), Ty::Map(n)) => return shape_note(oa, o, na, n),
        (Ty::Named(o), Ty::Named(n)) => (o, n),
        _ => return String::new(),
    };
    let (Some(od), Some(nd)) = (
        oa.types.types.get(ot.index()),
        na.types.types.get(nt.index()),
    ) else {
        return String::new();
    };
    let list = |items: Vec<&str>| {
        let shown: Vec<String> = items.iter().take(6).map(|i| format!("`{i}`")).collect();
        let more = if items.len() > 6 { ", …" } else { "" };
        format!("{}{more}", shown.join(", "))
    };
    let (what, old, new): (&str, BTreeMap<&str, String>, BTreeMap<&str, String>) =
        match (&od.kind, &nd.kind) {
            (TypeKind::Struct(o), TypeKind::Struct(n)) => {
                // Fields by wire name, with their optionality and type skeleton.
                let skeleton = |api: &Api, f: &Field| {
                    format!("{}{}{}", f.required, f.nullable, skeleton(api, &f.ty))
                };
                (
                    "fields",
                    o.fields
                        .iter()
                        .map(|f| (f.wire_name.as_str(), skeleton(oa, f)))
                        .collect(),
                    n.fields
                        .iter()
                        .map(|f| (f.wire_name.as_str(), skeleton(na, f)))
                        .collect(),
                )
            }
            (TypeKind::Enum(o), TypeKind::Enum(n)) => (
                "values",
                o.values
                    .iter()
                    .map(|v| (v.wire_name.as_str(), String::new()))
                    .collect(),
                n.values
                    .iter()
                    .map(|v| (v.wire_name.as_str(), String::new()))
                    .collect(),
            ),
            _ => return String::new(),
        };
    if old == new {
        return format!(" (same {what}: a rename)");
    }
    let added: Vec<&str> = new
        .keys()
        .filter(|k| !old.contains_key(*k))
        .copied()
        .collect();
    let removed: Vec<&str> = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .copied()
        .collect();
    let changed: Vec<&str> = new
        .iter()
        .filter(|(k, v)| old.get(*k).is_some_and(|o| o != *v))
        .map(|(k, _)| *k)
        .collect();
    let mut parts = Vec::new();
    for (items, verb) in [(added, "added"), (removed, "removed"), (changed, "changed")] {
        if !items.is_empty() {
            parts.push(format!("{what} {verb}: {}", list(items)));
        }
    }
    format!(" ({})", parts.join("; "))
}

/// A type expression with named types reduced to their kind: what a rename keeps.
fn skeleton(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Array(inner) => format!("Vec<{}>", skeleton(api, inner)),
        Ty::Map(inner) => format!("Map<{}>", skeleton(api, inner)),
        Ty::Named(id) => api
            .types
            .types
            .get(id.index())
            .map(|d| kind_name(&d.kind).to_string())
            .unwrap_or_default(),
        other => rust_type(api, other),
    }
}

fn compare_type(oa: &Api, o: &TypeDef, na: &Api, n: &TypeDef, sent: bool, sink: &mut Sink<'_>) {
    match (&o.kind, &n.kind) {
        (TypeKind::Struct(os), TypeKind::Struct(ns)) => {
            let old_fields: BTreeMap<&str, &Field> = os
                .fields
                .iter()
                .map(|f| (f.wire_name.as_str(), f))
                .collect();
            let new_fields: BTreeMap<&str, &Field> = ns
                .fields
                .iter()
                .map(|f| (f.wire_name.as_str(), f))
                .collect();
            for f in &os.fields {
                if !new_fields.contains_key(f.wire_name.as_str()) {
                    sink.push(
                        true,
                        ChangeKind::FieldRemoved,
                        Some(&f.wire_name),
                        Some(field_type(oa, f)),
                        None,
                        format!("field `{}` removed", f.wire_name),
                    );
                }
            }
            for f in &ns.fields {
                let Some(of) = old_fields.get(f.wire_name.as_str()) else {
                    // A required nullable field can be left `None` (sent as `null`).
                    let required = f.required && !f.nullable;
                    let note = match (f.required, f.nullable, sent) {
                        (true, false, true) => " in a type sent in requests",
                        (true, true, true) => " (nullable) in a type sent in requests",
                        (true, _, false) => " in a type only received",
                        _ => "",
                    };
                    sink.push(
                        required && sent,
                        ChangeKind::FieldAdded,
                        Some(&f.wire_name),
                        None,
                        Some(field_type(na, f)),
                        format!(
                            "{} field `{}` added{note}",
                            yes(f.required, "required", "optional"),
                            f.wire_name
                        ),
                    );
                    continue;
                };
                compare_field(oa, of, na, f, sink);
            }
        }
        (TypeKind::Enum(oe), TypeKind::Enum(ne)) => {
            let old_values: BTreeSet<&str> =
                oe.values.iter().map(|v| v.wire_name.as_str()).collect();
            let new_values: BTreeSet<&str> =
                ne.values.iter().map(|v| v.wire_name.as_str()).collect();
            for v in old_values.difference(&new_values) {
                sink.push(
                    true,
                    ChangeKind::EnumValueRemoved,
                    Some(v),
                    Some(v.to_string()),
                    None,
                    format!("value `{v}` removed"),
                );
            }
            for v in new_values.difference(&old_values) {
                sink.push(
                    false,
                    ChangeKind::EnumValueAdded,
                    Some(v),
                    None,
                    Some(v.to_string()),
                    format!("value `{v}` added"),
                );
            }
        }
        (TypeKind::Union(ou), TypeKind::Union(nu)) => {
            if ou.tag != nu.tag {
                let show = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".into());
                sink.push(
                    true,
                    ChangeKind::UnionTagChanged,
                    None,
                    Some(show(&ou.tag)),
                    Some(show(&nu.tag)),
                    format!(
                        "tag property changed from `{}` to `{}`",
                        show(&ou.tag),
                        show(&nu.tag)
                    ),
                );
            }
            let old_v: BTreeSet<String> =
                ou.variants.iter().map(|v| rust_type(oa, &v.ty)).collect();
            let new_v: BTreeSet<String> =
                nu.variants.iter().map(|v| rust_type(na, &v.ty)).collect();
            for v in old_v.difference(&new_v) {
                sink.push(
                    true,
                    ChangeKind::VariantRemoved,
                    Some(v),
                    Some(v.clone()),
                    None,
                    format!("variant `{v}` removed"),
                );
            }
            for v in new_v.difference(&old_v) {
                sink.push(
                    nu.tag.is_none(),
                    ChangeKind::VariantAdded,
                    Some(v),
                    None,
                    Some(v.clone()),
                    format!(
                        "variant `{v}` added{}",
                        if nu.tag.is_none() {
                            " (an untagged union has no catch-all variant)"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
        (ok, nk) => sink.push(
            true,
            ChangeKind::TypeKindChanged,
            None,
            Some(kind_name(ok).into()),
            Some(kind_name(nk).into()),
            format!("changed from a {} to a {}", kind_name(ok), kind_name(nk)),
        ),
    }
}

fn compare_field(oa: &Api, o: &Field, na: &Api, n: &Field, sink: &mut Sink<'_>) {
    let name = n.wire_name.as_str();
    let (ot, nt) = (rust_type(oa, &o.ty), rust_type(na, &n.ty));
    if ot != nt {
        sink.push(
            true,
            ChangeKind::FieldRetyped,
            Some(name),
            Some(ot.clone()),
            Some(nt.clone()),
            format!(
                "field `{name}` changed type from `{ot}` to `{nt}`{}",
                shape_note(oa, &o.ty, na, &n.ty)
            ),
        );
    }
    let (of, nf) = (field_type(oa, o), field_type(na, n));
    // Shown on the new base type, so that a retype is not reported twice.
    let with_new_base = |f: &Field| {
        field_type(
            na,
            &Field {
                ty: n.ty.clone(),
                ..f.clone()
            },
        )
    };
    if o.required != n.required {
        let before = with_new_base(o);
        let after = with_new_base(&Field {
            nullable: o.nullable,
            ..n.clone()
        });
        sink.push(
            true,
            ChangeKind::FieldRequiredChanged,
            Some(name),
            Some(of.clone()),
            Some(nf.clone()),
            format!(
                "field `{name}` became {}: `{before}` is now `{after}`",
                yes(n.required, "required", "optional")
            ),
        );
    }
    if o.nullable != n.nullable {
        let before = with_new_base(&Field {
            required: n.required,
            ..o.clone()
        });
        sink.push(
            true,
            ChangeKind::FieldNullableChanged,
            Some(name),
            Some(of.clone()),
            Some(nf.clone()),
            format!(
                "field `{name}` became {}: `{before}` is now `{}`",
                yes(n.nullable, "nullable", "not nullable"),
                with_new_base(n)
            ),
        );
    }
    if o.docs.deprecated != n.docs.deprecated {
        sink.push(
            false,
            ChangeKind::FieldDeprecated,
            Some(name),
            Some(o.docs.deprecated.to_string()),
            Some(n.docs.deprecated.to_string()),
            format!(
                "field `{name}` {}",
                yes(n.docs.deprecated, "deprecated", "no longer deprecated")
            ),
        );
    }
}

impl Report {
    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.breaking > 0
    }

    /// Every change, with its API's module.
    pub fn changes(&self) -> impl Iterator<Item = (&str, &Change)> {
        self.apis
            .iter()
            .flat_map(|a| a.changes.iter().map(move |c| (a.module.as_str(), c)))
    }

    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.to_text(),
            Format::Markdown => self.to_markdown(),
            Format::Json => self.to_json(),
        }
    }

    fn headline(&self) -> String {
        format!(
            "{} breaking, {} non-breaking change{}",
            self.breaking,
            self.non_breaking,
            if self.non_breaking == 1 { "" } else { "s" }
        )
    }

    /// Plain text: per API, its counts, then breaking and other changes, one a line.
    pub fn to_text(&self) -> String {
        let mut s = format!("API changes: {}\n", self.headline());
        for api in &self.apis {
            let _ = write!(s, "\n{}: {}\n", api.module, counts_line(api));
            for (title, breaking) in [("breaking", true), ("non-breaking", false)] {
                let list: Vec<&Change> = api
                    .changes
                    .iter()
                    .filter(|c| c.breaking == breaking)
                    .collect();
                if list.is_empty() {
                    continue;
                }
                let _ = writeln!(s, "  {title} ({}):", list.len());
                for c in list {
                    let _ = writeln!(s, "    {}: {}", c.subject(), c.message);
                }
            }
        }
        s
    }

    /// Markdown: a heading per API, then bullet lists of breaking and other changes.
    pub fn to_markdown(&self) -> String {
        let mut s = format!("# API changes\n\n{}.\n", self.headline());
        for api in &self.apis {
            let _ = write!(s, "\n## `{}`\n\n{}.\n", api.module, counts_line(api));
            for (title, breaking) in [("Breaking", true), ("Non-breaking", false)] {
                let list: Vec<&Change> = api
                    .changes
                    .iter()
                    .filter(|c| c.breaking == breaking)
                    .collect();
                if list.is_empty() {
                    continue;
                }
                let _ = write!(s, "\n### {title} ({})\n\n", list.len());
                for c in list {
                    let _ = writeln!(s, "- {}: {}", c.subject(), markdown_escape(&c.message));
                }
            }
        }
        s
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        // The report holds only strings, numbers and booleans: it always serialises.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

fn counts_line(api: &ApiReport) -> String {
    let c = |c: &Counts| {
        format!(
            "{} added, {} removed, {} changed",
            c.added, c.removed, c.changed
        )
    };
    format!("operations {}; types {}", c(&api.operations), c(&api.types))
}

/// Keeps markdown from reading `<`, `*` or `_` outside code spans as markup.
fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for ch in text.chars() {
        if ch == '`' {
            in_code = !in_code;
        } else if !in_code && matches!(ch, '<' | '>' | '*' | '_' | '[' | ']' | '|') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}
