//! Operations compared: route, parameters, request body and responses.

use std::collections::{BTreeMap, BTreeSet};

use super::types::shape_note;
use super::{param_label, route, rust_type, yes, ChangeKind, Counts, Item, Sink};
use crate::ir::{Api, Body, Operation, Param, Response, Ty};

/// Compares the operations of two versions of an API, by operation id, adding the
/// changes to `changes`.
pub(super) fn compare_operations(old: &Api, new: &Api, changes: &mut Vec<super::Change>) -> Counts {
    let mut operations = Counts::default();
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
    operations
}

fn compare_operation(oa: &Api, o: &Operation, na: &Api, n: &Operation, sink: &mut Sink<'_>) {
    compare_route(o, n, sink);
    compare_params(oa, o, na, n, sink);
    compare_request(oa, o, na, n, sink);
    compare_responses(oa, o, na, n, sink);
}

/// Method, path and deprecation.
fn compare_route(o: &Operation, n: &Operation, sink: &mut Sink<'_>) {
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
}

/// Parameters, by location and wire name.
fn compare_params(oa: &Api, o: &Operation, na: &Api, n: &Operation, sink: &mut Sink<'_>) {
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
}

/// The request body, as the client sends it.
fn compare_request(oa: &Api, o: &Operation, na: &Api, n: &Operation, sink: &mut Sink<'_>) {
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
}

/// Responses, by status.
fn compare_responses(oa: &Api, o: &Operation, na: &Api, n: &Operation, sink: &mut Sink<'_>) {
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
    let old_rs: BTreeMap<&str, &Response> =
        o.responses.iter().map(|r| (r.status.as_str(), r)).collect();
    let new_rs: BTreeMap<&str, &Response> =
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
