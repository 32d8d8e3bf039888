//! The client plan ([`ClientPlan`]): the last pass of lowering names the client's
//! tag modules, features, builders, response enums and builder fields, so that the
//! emitters and tools read every name from the IR.

use std::collections::BTreeMap;

use crate::ident::{self, Namespace};
use crate::ir::{
    multipart_parts, Api, BodyPlan, ClientPlan, Encoding, ErrorVariant, Operation, OperationPlan,
    Payload, ResponseEnum, SuccessVariant, TagPlan, Ty,
};

/// Names every operation builder has already: its fields and methods of the
/// runtime's per-call options (`runtime::request_options!`), and `send`/`stream`.
/// A parameter of one of these names gets another name.
const BUILDER_RESERVED: &[&str] = &[
    "client",
    "options",
    "with_timeout",
    "with_header",
    "with_retry",
    "with_options",
    "send",
    "stream",
    "request",
];

/// The client plan of `api`: its HTTP operations grouped by their first tag.
pub(super) fn client_plan(api: &Api) -> ClientPlan {
    let mut by_tag: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, op) in api.operations.iter().enumerate().filter(|(_, o)| o.is_http) {
        let tag = op
            .tags
            .first()
            .cloned()
            .unwrap_or_else(|| "default".to_string());
        by_tag.entry(tag).or_default().push(index);
    }
    let mut modules = Namespace::new();
    for reserved in ["models", "runtime", "client", "mod", api.module.as_str()] {
        modules.reserve(reserved);
    }
    let mut accessors = Namespace::new();
    for reserved in ["builder", "runtime", "new", "from_runtime", "clone"] {
        accessors.reserve(reserved);
    }
    let tags = by_tag
        .into_iter()
        .map(|(tag, indices)| {
            let module = modules.claim(ident::module_name(&tag));
            let struct_name = ident::type_name(&tag);
            // The operations' items share the tag module with its struct.
            let mut names = Namespace::new();
            names.reserve(&struct_name);
            let operations = indices
                .into_iter()
                .map(|i| operation_plan(api, i, &mut names))
                .collect();
            TagPlan {
                feature: format!("{}-{}", api.module, module).replace('_', "-"),
                accessor: accessors.claim(module.clone()),
                struct_name,
                module,
                tag,
                operations,
            }
        })
        .collect();
    ClientPlan { tags }
}

/// The names of the operation at `index`, its items claimed in `names` (the tag
/// module's namespace).
fn operation_plan(api: &Api, index: usize, names: &mut Namespace) -> OperationPlan {
    let op = &api.operations[index];
    let base = ident::type_name(&op.operation_id);
    let builder = names.claim(base.clone());
    let error = names.claim(format!("{}Error", base.trim_end_matches('_')));
    let success = names.claim(format!("{}Success", base.trim_end_matches('_')));

    // Fields: the parameters, then the body (`body` is claimed for every operation,
    // so a parameter never takes it), then multipart parts.
    let mut fields = Namespace::new();
    for name in BUILDER_RESERVED {
        fields.reserve(name);
    }
    let param_fields = op
        .params
        .iter()
        .map(|p| fields.claim(p.rust_name.clone()))
        .collect();
    let body_field = fields.claim("body".into());
    let body = body_plan(api, op, body_field, &mut fields);

    let (successes, errors) = responses(op);
    let mut variants = Namespace::new();
    let success_variants = successes
        .into_iter()
        .map(|(status, payload, media)| SuccessVariant {
            rust_name: variants.claim(super::status_name(&status)),
            status,
            payload,
            media,
        })
        .collect();
    let mut variants = Namespace::new();
    let error_variants = errors
        .into_iter()
        .map(|(status, ty)| ErrorVariant {
            rust_name: variants.claim(super::status_name(&status)),
            status,
            ty,
        })
        .collect();
    OperationPlan {
        index,
        operation_id: op.operation_id.clone(),
        method: op.rust_name.clone(),
        builder,
        param_fields,
        body,
        success: ResponseEnum {
            name: success,
            variants: success_variants,
        },
        error: ResponseEnum {
            name: error,
            variants: error_variants,
        },
    }
}

/// The request body the builder sends, out of those the docs offer: JSON first
/// (`application/json`, then any `…json…` flavour), then multipart, then a form
/// with a schema, else the first as bytes. `body` is its field; multipart parts
/// claim theirs in `fields`.
fn body_plan(api: &Api, op: &Operation, body: String, fields: &mut Namespace) -> Option<BodyPlan> {
    let find = |pred: &dyn Fn(&str) -> bool| op.request.iter().position(|b| pred(&b.media_type));
    if let Some(index) =
        find(&|m| m == "application/json").or_else(|| find(&|m| m.contains("json")))
    {
        let encoding = Encoding::Json { field: body };
        return Some(BodyPlan { index, encoding });
    }
    if let Some(index) = find(&|m| m == "multipart/form-data") {
        let parts = multipart_parts(&api.types, op.request[index].ty.as_ref());
        let encoding = if parts.is_empty() {
            Encoding::MultipartForm {
                field: fields.claim("form".into()),
            }
        } else {
            Encoding::MultipartParts {
                fields: parts
                    .iter()
                    .map(|p| fields.claim(p.rust_name.clone()))
                    .collect(),
            }
        };
        return Some(BodyPlan { index, encoding });
    }
    let form = op
        .request
        .iter()
        .position(|b| b.media_type == "application/x-www-form-urlencoded" && b.ty.is_some());
    let (index, encoding) = match form {
        Some(index) => (index, Encoding::Form { field: body }),
        None if !op.request.is_empty() => (0, Encoding::Bytes { field: body }),
        None => return None,
    };
    Some(BodyPlan { index, encoding })
}

/// A documented success: status, payload and media type.
type Success = (String, Payload, Option<String>);

/// The operation's successes (at least one: bytes of a `200` when the docs list
/// none) and its documented JSON error bodies, by status.
fn responses(op: &Operation) -> (Vec<Success>, Vec<(String, Ty)>) {
    let mut success = Vec::new();
    let mut errors = Vec::new();
    for r in &op.responses {
        // HTTP forbids a body on 204 and 205, whatever content the docs declare.
        let (payload, media) = if matches!(r.status.as_str(), "204" | "205") {
            (Payload::Empty, None)
        } else if let Some(b) = r.content.iter().find(|b| b.media_type.contains("json")) {
            (
                Payload::Json(b.ty.clone().unwrap_or(Ty::Any)),
                Some(b.media_type.clone()),
            )
        } else {
            match r.content.first() {
                Some(b) => (Payload::Bytes, Some(b.media_type.clone())),
                None => (Payload::Empty, None),
            }
        };
        if r.status.starts_with('2') {
            success.push((r.status.clone(), payload, media));
        } else if let Payload::Json(t) = payload {
            errors.push((r.status.clone(), t));
        }
    }
    if success.is_empty() {
        success.push(("200".to_string(), Payload::Bytes, None));
    }
    (success, errors)
}
