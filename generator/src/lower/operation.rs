//! The collect pass: every page lowered to an [`Operation`], its schemas to drafts
//! in the [`SchemaLowerer`]. An operation id or route given twice is reported here.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::error::{Error, Location, Warning};
use crate::ident;
use crate::ir::{Body, Operation, Response};
use crate::mdx::Page;

use super::params::lower_params;
use super::schema::{self, docs_of, escape_pointer, json_kind, Hint, HintParent, SchemaLowerer};
use super::security::security;

const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Lowers every page, in the order given, in parallel: each task lowers a run of
/// `pages_per_task` pages with a lowerer of its own, and the lowerers are appended
/// in page order.
/// An operation id used before is given a new one (`{id}_2`), with a warning; so is
/// a route documented twice. Returns every page's error, not just the first.
pub(super) fn lower_operations(
    pages: &[&Page],
    pages_per_task: usize,
    lw: &mut SchemaLowerer,
) -> Result<Vec<Operation>, Vec<Error>> {
    type Lowered = (Result<Operation, Error>, Vec<Warning>);
    let tasks: Vec<(SchemaLowerer, Vec<Lowered>)> = pages
        .par_chunks(pages_per_task.max(1))
        .map(|run| {
            let mut lw = SchemaLowerer::default();
            let lowered = run
                .iter()
                .map(|page| {
                    let op = lower_operation(page, &mut lw);
                    (op, std::mem::take(&mut lw.warnings))
                })
                .collect();
            (lw, lowered)
        })
        .collect();
    let mut errors = Vec::new();
    let mut operations = Vec::new();
    let mut seen_ids: HashMap<String, PathBuf> = HashMap::new();
    let mut seen_routes: HashMap<(String, String), PathBuf> = HashMap::new();
    let mut lowered = Vec::with_capacity(pages.len());
    for (task, ops) in tasks {
        let renumber = lw.append(task);
        lowered.extend(ops.into_iter().map(|(op, warnings)| {
            let op = op.map(|mut op| {
                op.for_each_ty_mut(&mut |t| renumber.ty(t));
                op
            });
            (op, warnings)
        }));
    }
    for (page, (op, mut warnings)) in pages.iter().zip(lowered) {
        lw.warnings.append(&mut warnings);
        let mut op = match op {
            Ok(op) => op,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let loc = |id: &str| {
            Location::file(&page.path)
                .at_line(page.api_line)
                .with_operation(id)
        };
        if let Some(first) = seen_ids.get(&op.operation_id) {
            // Both are generated; the later one (in file order) under a new id.
            let mut n = 2;
            let renamed = loop {
                let id = format!("{}_{n}", op.operation_id);
                if !seen_ids.contains_key(&id) {
                    break id;
                }
                n += 1;
            };
            lw.warnings.push(Warning::new(
                loc(&op.operation_id).with_pointer("/operationId"),
                format!(
                    "operation id `{}` is also used by {}; this one is generated as `{renamed}`",
                    op.operation_id,
                    first.display()
                ),
            ));
            op.operation_id = renamed;
        }
        seen_ids.insert(op.operation_id.clone(), page.path.clone());
        if op.is_http {
            let route = (op.method.clone(), op.path.clone());
            if let Some(first) = seen_routes.insert(route, page.path.clone()) {
                lw.warnings.push(Warning::new(
                    loc(&op.operation_id),
                    format!(
                        "{} {} is also documented by {}; both are generated",
                        op.method.to_uppercase(),
                        op.path,
                        first.display()
                    ),
                ));
            }
        }
        operations.push(op);
    }
    if errors.is_empty() {
        Ok(operations)
    } else {
        Err(errors)
    }
}

/// What names an operation: method, path and operation id.
struct Route {
    method: String,
    path: String,
    operation_id: String,
}

fn lower_operation(page: &Page, lw: &mut SchemaLowerer) -> Result<Operation, Error> {
    let api = page.api.as_object().ok_or_else(|| {
        Error::input(
            Location::file(&page.path).at_line(page.api_line),
            format!("api: is {}, not an object", json_kind(&page.api)),
        )
    })?;
    let Route {
        method,
        path,
        operation_id,
    } = route(page, api, lw)?;
    lw.set_page(
        &page.path,
        Location::file(&page.path)
            .at_line(page.api_line)
            .with_operation(&operation_id),
    );

    // Anonymous schemas are named from the operation: `{Operation}Request`…
    let op_name = schema::hint_suffix(&operation_id);
    let hint = |suffix: String| Hint {
        parent: HintParent::Operation(op_name.clone()),
        suffix,
    };
    let params = lower_params(api, &path, &hint, lw);
    let request = api.get("requestBody").and_then(Value::as_object);
    let request_required = request
        .and_then(|rb| rb.get("required"))
        .and_then(Value::as_bool)
        == Some(true);
    let request = match request {
        Some(rb) => bodies(
            rb.get("content"),
            "/requestBody/content",
            &hint("Request".into()),
            lw,
        ),
        None => Vec::new(),
    };
    let responses = responses(api, &hint, lw);

    Ok(Operation {
        rust_name: String::new(),
        is_http: HTTP_METHODS.contains(&method.as_str()),
        method,
        path,
        tags: api
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        summary: api
            .get("summary")
            .and_then(Value::as_str)
            .map(str::to_string),
        docs: docs_of(Some(api)),
        params,
        request,
        request_required,
        responses,
        security: security(api.get("security")),
        page: page.path.clone(),
        operation_id,
    })
}

/// The operation's method, path and id: `operationId`, else the page id, else made
/// from method and path (with a warning). A page without method or path is an error.
fn route(page: &Page, api: &Map<String, Value>, lw: &mut SchemaLowerer) -> Result<Route, Error> {
    let nonempty = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_string)
    };
    let given_id = nonempty(api.get("operationId").and_then(Value::as_str));
    let page_id = nonempty(page.id.as_deref());
    let page_location = Location::file(&page.path).at_line(page.api_line);
    let shown_id = given_id.or(page_id);
    let with_op = |l: Location| match &shown_id {
        Some(id) => l.with_operation(id),
        None => l,
    };
    let required_str = |key: &str| -> Result<String, Error> {
        nonempty(api.get(key).and_then(Value::as_str)).ok_or_else(|| {
            Error::input(
                with_op(page_location.clone()).with_pointer(format!("/{key}")),
                format!("`{key}` is missing or not a string; the page cannot be used"),
            )
        })
    };
    let method = required_str("method")?.to_ascii_lowercase();
    let path = required_str("path")?;
    let operation_id = match shown_id {
        Some(id) => id,
        None => {
            // Neither an operationId nor a page id: named by method and path.
            let id = ident::field_name(&format!("{method} {path}"));
            lw.warnings.push(Warning::new(
                page_location.with_pointer("/operationId"),
                format!("the operation has no operationId and the page no id; generated as `{id}`"),
            ));
            id
        }
    };
    Ok(Route {
        method,
        path,
        operation_id,
    })
}

/// The responses by status, each body named `{Operation}Response` when it is the
/// one success, else after its status (`{Operation}NotFoundResponse`).
fn responses(
    api: &Map<String, Value>,
    hint: &dyn Fn(String) -> Hint,
    lw: &mut SchemaLowerer,
) -> Vec<Response> {
    let Some(rs) = api.get("responses").and_then(Value::as_object) else {
        return Vec::new();
    };
    let success: Vec<&String> = rs.keys().filter(|k| k.starts_with('2')).collect();
    let mut responses = Vec::new();
    for (status, r) in rs {
        let suffix = if success.len() == 1 && status.starts_with('2') {
            "Response".to_string()
        } else {
            format!("{}Response", status_name(status))
        };
        let ptr = format!("/responses/{}/content", escape_pointer(status));
        let content = bodies(r.get("content"), &ptr, &hint(suffix), lw);
        let headers = r
            .get("headers")
            .and_then(Value::as_object)
            .map(|h| h.keys().cloned().collect())
            .unwrap_or_default();
        responses.push(Response {
            status: status.clone(),
            description: r
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            content,
            headers,
        });
    }
    responses
}

/// A request or response body per media type, named from `hint`.
fn bodies(content: Option<&Value>, ptr: &str, hint: &Hint, lw: &mut SchemaLowerer) -> Vec<Body> {
    let Some(content) = content.and_then(Value::as_object) else {
        return Vec::new();
    };
    content
        .iter()
        .map(|(media, c)| {
            let lowered = c.get("schema").map(|s| {
                let p = format!("{ptr}/{}/schema", escape_pointer(media));
                lw.lower(s, &p, hint)
            });
            Body {
                media_type: media.clone(),
                nullable: lowered.as_ref().is_some_and(|l| l.nullable),
                ty: lowered.map(|l| l.ty),
            }
        })
        .collect()
}

/// A readable name for an HTTP status: `404` is `NotFound`, `4XX` is `Status4xx`.
pub fn status_name(status: &str) -> String {
    let name = match status {
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritativeInformation",
        "204" => "NoContent",
        "206" => "PartialContent",
        "207" => "MultiStatus",
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "NotFound",
        "405" => "MethodNotAllowed",
        "406" => "NotAcceptable",
        "409" => "Conflict",
        "410" => "Gone",
        "412" => "PreconditionFailed",
        "413" => "PayloadTooLarge",
        "415" => "UnsupportedMediaType",
        "422" => "UnprocessableEntity",
        "429" => "TooManyRequests",
        "500" => "InternalServerError",
        "501" => "NotImplemented",
        "502" => "BadGateway",
        "503" => "ServiceUnavailable",
        "504" => "GatewayTimeout",
        "default" => "Other",
        s if s.ends_with("XX") || s.ends_with("xx") => return format!("Status{}xx", &s[..1]),
        s => return format!("Status{}", ident::type_name(s)),
    };
    name.to_string()
}
