//! Lowering: decoded pages of one API into an [`Api`].

mod naming;
mod passes;
mod plan;
mod rewrite;
pub mod schema;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::error::{Error, Location, Warning};
use crate::ident::{self, Namespace};
use crate::ir::{
    Api, Body, Operation, Param, ParamLocation, Response, SchemaPosition, SecurityScheme, Server,
    Stats, Tag, Ty, TypeDef, TypeId, TypeKind, TypeSpace,
};
use crate::mdx::{Page, TagPage};

use schema::{docs_of, escape_pointer, json_kind, FrameTarget, Hint, HintParent, SchemaLowerer};

/// The pages of one API, as read from its folder.
#[derive(Debug, Clone)]
pub struct ApiPages {
    /// Rust module name for the API.
    pub module: String,
    /// The folder.
    pub dir: PathBuf,
    /// Operation pages.
    pub pages: Vec<Page>,
    /// Tag pages.
    pub tags: Vec<TagPage>,
    /// What reading the pages worked around (front matter the YAML library rejects).
    pub warnings: Vec<Warning>,
}

const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Lowers one API. Every problem found is returned, not just the first.
pub fn lower_api(input: &ApiPages) -> Result<Api, Vec<Error>> {
    let mut pages: Vec<&Page> = input.pages.iter().collect();
    // Sorted, so that the result does not depend on the order pages were found in.
    pages.sort_by(|a, b| a.path.cmp(&b.path));

    let mut lw = SchemaLowerer::default();
    let mut errors = Vec::new();
    let mut operations = Vec::new();
    let mut seen_ids: HashMap<String, PathBuf> = HashMap::new();
    let mut seen_routes: HashMap<(String, String), PathBuf> = HashMap::new();
    for page in &pages {
        match lower_operation(page, &mut lw) {
            Ok(mut op) => {
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
            Err(e) => errors.push(e),
        }
    }

    let missing: BTreeSet<String> = passes::resolve_circular(&mut lw.drafts)
        .into_iter()
        .collect();
    for (title, site) in std::mem::take(&mut lw.marker_sites) {
        if missing.contains(&title) {
            lw.warnings.push(Warning::new(
                site,
                format!(
                    "`circular({title})` refers to a schema titled {title:?} that no page writes out; generated as any JSON value"
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut warnings = input.warnings.clone();
    warnings.append(&mut lw.warnings);

    // Merge shapes that are identical once cycles are resolved.
    let reps = passes::structural_classes(&lw.drafts);
    let mut new_id: BTreeMap<TypeId, TypeId> = BTreeMap::new();
    let mut order: Vec<TypeId> = Vec::new();
    for (i, rep) in reps.iter().enumerate() {
        if rep.index() == i {
            new_id.insert(*rep, TypeId(order.len() as u32));
            order.push(*rep);
        }
    }
    let remap = |id: TypeId| new_id[&reps[id.index()]];
    let mut merged: Vec<schema::Draft> = order
        .iter()
        .map(|&r| {
            let mut d = lw.drafts[r.index()].clone();
            d.supers.clear(); // filled below, renumbered
            d
        })
        .collect();
    for (i, d) in lw.drafts.iter().enumerate() {
        let target = &mut merged[remap(TypeId(i as u32)).index()];
        target.supers.extend(d.supers.iter().map(|s| remap(*s)));
        if reps[i].index() != i {
            target.hints.extend(d.hints.iter().cloned());
            target.sources.extend(d.sources.iter().cloned());
            if target.docs.description.is_none() {
                target.docs = d.docs.clone();
            }
            for ex in &d.examples {
                if target.examples.len() < schema::MAX_EXAMPLES
                    && !target.examples.iter().any(|e| e.value == ex.value)
                {
                    target.examples.push(ex.clone());
                }
            }
        }
    }
    let rename = |ty: &mut Ty| {
        if let Ty::Named(id) = ty {
            *id = remap(*id);
        }
    };
    for d in &mut merged {
        d.kind
            .for_each_ty_mut(&mut |t| t.walk_mut(&mut |t| rename(t)));
    }
    for op in &mut operations {
        op.for_each_ty_mut(&mut |t| t.walk_mut(&mut |t| rename(t)));
    }
    let schema_positions = schema_positions(&mut lw, &rename);
    let frames: Vec<FrameTarget> = lw
        .frames
        .iter()
        .map(|f| match f {
            FrameTarget::Type(id) => FrameTarget::Type(remap(*id)),
            other => other.clone(),
        })
        .collect();

    // Names.
    let inputs: Vec<naming::NamingInput<'_>> = merged
        .iter()
        .map(|d| naming::NamingInput {
            title: d.title.as_deref(),
            kind: &d.kind,
            hints: &d.hints,
            pages: d.sources.len(),
            first_page: d
                .sources
                .iter()
                .next()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        })
        .collect();
    let mut taken = Namespace::new();
    let names = naming::assign_names(
        &inputs,
        &|f| {
            frames
                .get(f as usize)
                .cloned()
                .unwrap_or(FrameTarget::Pending)
        },
        &mut taken,
    );

    let alias_of = passes::alias_targets(&merged, &names);
    let mut kinds: Vec<TypeKind> = merged.iter().map(|d| d.kind.clone()).collect();
    passes::drop_alias_twins(&mut kinds, &alias_of);
    for (i, kind) in kinds.iter_mut().enumerate() {
        if let TypeKind::Union(u) = kind {
            let mut ns = Namespace::new();
            for v in &mut u.variants {
                let label =
                    naming::variant_label(&v.ty, &names[i], &|id| names[id.index()].clone());
                v.rust_name = ns.claim(ident::variant_name(&label));
            }
            u.other_name = ns.claim("Other".to_string());
        }
    }
    passes::box_cycles(&mut kinds);
    let defaults = passes::default_derivable(&kinds);

    let mut types = Vec::with_capacity(merged.len());
    let mut stats = Stats {
        pages: pages.len(),
        operations: operations.len(),
        duplicates_merged: lw.merged + (lw.drafts.len() - merged.len()),
        ..Stats::default()
    };
    for (i, (d, kind)) in merged.into_iter().zip(kinds).enumerate() {
        if d.title.is_none() {
            stats.anonymous_types += 1;
        } else {
            stats.named_types += 1;
        }
        types.push(TypeDef {
            rust_name: names[i].clone(),
            wire_name: d.title,
            alias_of: alias_of[i],
            supers: d
                .supers
                .iter()
                .copied()
                // Not itself, under its own or another title.
                .filter(|s| s.index() != i && alias_of[s.index()] != Some(TypeId(i as u32)))
                .collect(),
            docs: d.docs,
            kind,
            sources: d.sources,
            derive_default: defaults[i],
            examples: d.examples,
        });
    }

    operations.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
    let mut method_names = Namespace::new();
    for op in &mut operations {
        op.rust_name = method_names.claim(ident::method_name(&op.operation_id));
    }

    let first = pages.first().map(|p| &p.api);
    let servers_of_first = first.map(servers).unwrap_or_default();
    let info = first.and_then(|a| a.get("info"));
    let text = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for op in &operations {
        for t in &op.tags {
            tags.entry(t.clone()).or_insert_with(|| Tag {
                name: t.clone(),
                description: None,
            });
        }
    }
    for tp in &input.tags {
        let matches = |name: &str| {
            tp.title.as_deref() == Some(name)
                || tp
                    .id
                    .as_deref()
                    .is_some_and(|id| ident::module_name(id) == ident::module_name(name))
        };
        if let Some(tag) = tags.values_mut().find(|t| matches(&t.name)) {
            let body = tp.body.trim();
            if !body.is_empty() {
                tag.description = Some(body.to_string());
            }
        }
    }

    let mut api = Api {
        module: input.module.clone(),
        dir: input.dir.clone(),
        title: text(info, "title"),
        version: text(info, "version"),
        description: text(info, "description"),
        security_schemes: security_schemes(&pages, &servers_of_first),
        servers: servers_of_first,
        tags,
        types: TypeSpace { types },
        operations,
        client: Default::default(),
        schema_positions,
        stats,
        warnings,
    };
    api.client = plan::client_plan(&api);
    Ok(api)
}

/// The recorded types of schemas with examples, with `circular(…)` markers resolved
/// as in the drafts and ids renumbered by `rename`.
fn schema_positions(lw: &mut SchemaLowerer, rename: &dyn Fn(&mut Ty)) -> Vec<SchemaPosition> {
    let mut by_title: BTreeMap<&str, TypeId> = BTreeMap::new();
    for (i, d) in lw.drafts.iter().enumerate() {
        if let Some(t) = &d.title {
            by_title.entry(t.as_str()).or_insert(TypeId(i as u32));
        }
    }
    std::mem::take(&mut lw.schema_positions)
        .into_iter()
        .map(|(page, pointer, lowered)| {
            let mut ty = lowered.ty;
            ty.walk_mut(&mut |t| {
                if let Ty::Circular(title) = t {
                    *t = by_title
                        .get(title.as_str())
                        .map_or(Ty::Any, |id| Ty::Named(*id));
                }
                rename(t);
            });
            SchemaPosition {
                page,
                pointer,
                ty,
                nullable: lowered.nullable,
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

/// Makes the path parameters match the `{variables}` of the path template. The docs
/// sometimes name one thing twice (`{sourceId}` in the path, a parameter `id`;
/// `{access-type}` and `accessType`): a parameter binds to the variable of the same
/// name, else of the same name ignoring case and punctuation, else the one variable
/// left to the one parameter left. A variable with no parameter gets a string
/// parameter of its own; a path parameter with no variable cannot be sent and is dropped.
fn bind_path_params(path: &str, params: &mut Vec<Param>, names: &mut Namespace) {
    let given: Vec<&str> = params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| p.wire_name.as_str())
        .collect();
    let (bound, missing) = bind_path_vars(path, &given);
    let mut bound = bound.into_iter();
    params.retain_mut(|p| {
        if p.location != ParamLocation::Path {
            return true;
        }
        match bound.next().flatten() {
            Some(var) => {
                p.wire_name = var;
                true
            }
            None => false,
        }
    });
    for v in missing {
        params.push(Param {
            rust_name: names.claim(ident::field_name(&v)),
            wire_name: v,
            location: ParamLocation::Path,
            ty: Ty::String(crate::ir::StrFormat::Plain),
            required: true,
            style: None,
            explode: None,
            docs: crate::ir::Docs::default(),
        });
    }
}

/// Binds the names of an operation's path parameters (`given`, in order) to the
/// variables of `path`, by the rule of [`bind_path_params`]. Returns, per given name,
/// the variable it binds to (`None`: it binds to none and is dropped), and the
/// variables that no parameter binds to.
pub(crate) fn bind_path_vars(path: &str, given: &[&str]) -> (Vec<Option<String>>, Vec<String>) {
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
    let mut bound: Vec<Option<String>> = given
        .iter()
        .map(|n| vars.iter().any(|v| v == n).then(|| n.to_string()))
        .collect();
    let mut unbound: Vec<String> = vars
        .iter()
        .filter(|v| !given.contains(&v.as_str()))
        .cloned()
        .collect();
    for (slot, name) in bound.iter_mut().zip(given) {
        if slot.is_none() {
            if let Some(i) = unbound.iter().position(|v| norm(v) == norm(name)) {
                *slot = Some(unbound.remove(i));
            }
        }
    }
    let loose: Vec<usize> = (0..bound.len()).filter(|&i| bound[i].is_none()).collect();
    if let ([i], [_]) = (loose.as_slice(), unbound.as_slice()) {
        bound[*i] = unbound.pop();
    }
    (bound, unbound)
}

fn security(v: Option<&Value>) -> Vec<(String, Vec<String>)> {
    let Some(list) = v.and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for req in list.iter().filter_map(Value::as_object) {
        for (name, scopes) in req {
            let scopes = scopes
                .as_array()
                .map(|s| {
                    s.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            out.push((name.clone(), scopes));
        }
    }
    out
}

/// The security schemes of all pages (the first definition of a name wins).
fn security_schemes(pages: &[&Page], servers: &[Server]) -> BTreeMap<String, SecurityScheme> {
    let variables: BTreeSet<&str> = servers
        .iter()
        .flat_map(|s| s.variables.keys().map(String::as_str))
        .collect();
    let mut out = BTreeMap::new();
    for page in pages {
        let Some(schemes) = page.api.get("securitySchemes").and_then(Value::as_object) else {
            continue;
        };
        for (name, s) in schemes {
            if out.contains_key(name) {
                continue;
            }
            let text = |k: &str| {
                s.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let scheme = match text("type").as_str() {
                "oauth2" => SecurityScheme::OAuth2 {
                    token_url: s
                        .pointer("/flows/clientCredentials/tokenUrl")
                        .and_then(Value::as_str)
                        .map(|u| templated_host(u, &variables)),
                },
                "http" => SecurityScheme::Http {
                    scheme: text("scheme").to_ascii_lowercase(),
                },
                "apiKey" => SecurityScheme::ApiKey {
                    name: text("name"),
                    location: text("in"),
                },
                _ => SecurityScheme::Other,
            };
            out.insert(name.clone(), scheme);
        }
    }
    out
}

/// `https://tenant.api.example.com/…` becomes `https://{tenant}.api.example.com/…`
/// when `tenant` is a server variable: the docs write the token URL for one tenant.
fn templated_host(url: &str, variables: &BTreeSet<&str>) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let label_end = rest.find(['.', '/', ':']).unwrap_or(rest.len());
    let label = &rest[..label_end];
    if variables.contains(label) {
        format!("{scheme}://{{{label}}}{}", &rest[label_end..])
    } else {
        url.to_string()
    }
}

fn servers(api: &Value) -> Vec<Server> {
    let Some(list) = api.get("servers").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|s| {
            let url = s.get("url")?.as_str()?.to_string();
            let variables = s
                .get("variables")
                .and_then(Value::as_object)
                .map(|vars| {
                    vars.iter()
                        .map(|(k, v)| {
                            let default =
                                v.get("default").and_then(Value::as_str).unwrap_or_default();
                            (k.clone(), default.to_string())
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(Server { url, variables })
        })
        .collect()
}

fn lower_operation(page: &Page, lw: &mut SchemaLowerer) -> Result<Operation, Error> {
    let api = page.api.as_object().ok_or_else(|| {
        Error::input(
            Location::file(&page.path).at_line(page.api_line),
            format!("api: is {}, not an object", json_kind(&page.api)),
        )
    })?;
    let given_id = api
        .get("operationId")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string);
    let page_id = page
        .id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string);
    let page_location = Location::file(&page.path).at_line(page.api_line);
    let shown_id = given_id.clone().or_else(|| page_id.clone());
    let with_op = |l: Location| match &shown_id {
        Some(id) => l.with_operation(id),
        None => l,
    };
    let required_str = |key: &str| -> Result<String, Error> {
        api.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .ok_or_else(|| {
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
                page_location.clone().with_pointer("/operationId"),
                format!("the operation has no operationId and the page no id; generated as `{id}`"),
            ));
            id
        }
    };
    let location = page_location.with_operation(&operation_id);
    lw.set_page(&page.path, location.clone());

    let op_name = schema::hint_suffix(&operation_id);
    let hint = |suffix: String| Hint {
        parent: HintParent::Operation(op_name.clone()),
        suffix,
    };

    let mut params = Vec::new();
    let mut param_names = Namespace::new();
    if let Some(list) = api.get("parameters").and_then(Value::as_array) {
        for (i, p) in list.iter().enumerate() {
            let ptr = format!("/parameters/{i}");
            let Some(p) = p.as_object() else {
                lw.warn(&ptr, "a parameter is not an object; it is left out");
                continue;
            };
            let (Some(name), Some(place)) = (
                p.get("name").and_then(Value::as_str),
                p.get("in").and_then(Value::as_str),
            ) else {
                lw.warn(&ptr, "a parameter needs `name` and `in`; it is left out");
                continue;
            };
            let location_kind = match place {
                "path" => ParamLocation::Path,
                "query" => ParamLocation::Query,
                "header" => ParamLocation::Header,
                "cookie" => ParamLocation::Cookie,
                other => {
                    lw.warn(
                        &format!("{ptr}/in"),
                        format!("unknown parameter location {other:?}; the parameter is left out"),
                    );
                    continue;
                }
            };
            let ty = match p.get("schema") {
                Some(s) => {
                    lw.lower(
                        s,
                        &format!("{ptr}/schema"),
                        &hint(schema::hint_suffix(name)),
                    )
                    .ty
                }
                None => Ty::String(crate::ir::StrFormat::Plain),
            };
            let style = param_style(p, location_kind, &ty, &ptr, lw);
            params.push(Param {
                wire_name: name.to_string(),
                rust_name: param_names.claim(ident::field_name(name)),
                location: location_kind,
                ty,
                required: location_kind == ParamLocation::Path
                    || p.get("required").and_then(Value::as_bool) == Some(true),
                style,
                explode: p.get("explode").and_then(Value::as_bool),
                docs: docs_of(Some(p)),
            });
        }
    }

    bind_path_params(&path, &mut params, &mut param_names);

    let mut request = Vec::new();
    let mut request_required = false;
    if let Some(rb) = api.get("requestBody").and_then(Value::as_object) {
        request_required = rb.get("required").and_then(Value::as_bool) == Some(true);
        request = bodies(
            rb.get("content"),
            "/requestBody/content",
            &hint("Request".into()),
            lw,
        );
    }

    let mut responses = Vec::new();
    if let Some(rs) = api.get("responses").and_then(Value::as_object) {
        let success: Vec<&String> = rs.keys().filter(|k| k.starts_with('2')).collect();
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
    }

    let obj: &Map<String, Value> = api;
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
        docs: docs_of(Some(obj)),
        params,
        request,
        request_required,
        responses,
        security: security(api.get("security")),
        page: page.path.clone(),
        operation_id,
    })
}

/// The parameter's `style`, when it is one OpenAPI defines for its location. A
/// style that makes no sense there (`deepObject` in a path, `matrix` in a query)
/// is reported and replaced by the location's default, which is what is sent.
fn param_style(
    p: &Map<String, Value>,
    location: ParamLocation,
    ty: &Ty,
    ptr: &str,
    lw: &mut SchemaLowerer,
) -> Option<String> {
    let style = p.get("style")?;
    let Some(style) = style.as_str() else {
        lw.warn(
            &format!("{ptr}/style"),
            "`style` is not a string; the location's default style is used",
        );
        return None;
    };
    let allowed: &[&str] = match location {
        ParamLocation::Path => &["simple", "label", "matrix"],
        ParamLocation::Query => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        ParamLocation::Header => &["simple"],
        ParamLocation::Cookie => &["form"],
    };
    let default = allowed[0];
    let where_ = match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    if !allowed.contains(&style) {
        lw.warn(
            &format!("{ptr}/style"),
            format!("style {style:?} is not defined for {where_} parameters; sent as {default:?}"),
        );
        return None;
    }
    let is_object = matches!(ty, Ty::Map(_) | Ty::Named(_) | Ty::Any);
    if style == "deepObject" && !is_object {
        lw.warn(
            &format!("{ptr}/style"),
            "style \"deepObject\" is only defined for objects; sent as \"form\"",
        );
        return None;
    }
    Some(style.to_string())
}

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
