//! The client: one module per tag, one request builder per operation.
//!
//! Each operation becomes a thin builder that fills a `runtime::Request` and maps
//! the `runtime::RawResponse`. Everything else (auth, retries, timeouts, encoding)
//! lives once in the runtime, so the per-operation code stays small.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ident::{self, Namespace};
use crate::ir::{
    Api, Body, Operation, Param, ParamLocation, SecurityScheme, StrFormat, Ty, TypeKind,
};
use crate::lower::status_name;

use super::types::{description_attrs, doc_lines, ty_tokens, Paths};

/// A tag module: its name, feature and operations.
pub struct TagModule<'a> {
    /// The tag as written in the docs.
    pub tag: String,
    /// Rust module (and file) name.
    pub module: String,
    /// Cargo feature that enables it.
    pub feature: String,
    /// Rust name of the tag's accessor struct.
    pub struct_name: String,
    /// Rust name of the accessor method on the API's client.
    pub accessor: String,
    /// Its operations (HTTP ones only), sorted by id.
    pub operations: Vec<&'a Operation>,
}

/// Groups the API's HTTP operations by their first tag.
pub fn tag_modules(api: &Api) -> Vec<TagModule<'_>> {
    let mut by_tag: BTreeMap<String, Vec<&Operation>> = BTreeMap::new();
    for op in api.operations.iter().filter(|o| o.is_http) {
        let tag = op
            .tags
            .first()
            .cloned()
            .unwrap_or_else(|| "default".to_string());
        by_tag.entry(tag).or_default().push(op);
    }
    let mut modules = Namespace::new();
    for reserved in ["models", "runtime", "client", "mod", api.module.as_str()] {
        modules.reserve(reserved);
    }
    let mut accessors = Namespace::new();
    for reserved in ["builder", "runtime", "new", "from_runtime", "clone"] {
        accessors.reserve(reserved);
    }
    by_tag
        .into_iter()
        .map(|(tag, operations)| {
            let module = modules.claim(ident::module_name(&tag));
            TagModule {
                feature: format!("{}-{}", api.module, module).replace('_', "-"),
                struct_name: ident::type_name(&tag),
                accessor: accessors.claim(module.clone()),
                module,
                tag,
                operations,
            }
        })
        .collect()
}

/// The API's `Client` and its tag accessors, for the API's `mod.rs`.
pub fn api_client(api: &Api, tags: &[TagModule<'_>], gated: bool) -> TokenStream {
    let server = api.servers.first();
    let template = server.map(|s| s.url.clone()).unwrap_or_default();
    let defaults = server
        .map(|s| {
            s.variables
                .iter()
                .map(|(k, v)| quote!((#k, #v)))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let token_url = api.security_schemes.values().find_map(|s| match s {
        SecurityScheme::OAuth2 { token_url } => token_url.clone(),
        _ => None,
    });
    let token = match &token_url {
        Some(u) => quote!(::std::option::Option::Some(#u)),
        None => quote!(::std::option::Option::None),
    };
    let mut server_doc = vec![format!(" The default server is `{template}`.")];
    if let Some(server) = server.filter(|s| !s.variables.is_empty()) {
        let authority = template
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
            .unwrap_or_default();
        server_doc.push(String::new());
        server_doc.push(
            " Its variables, set with `server_variable` (any other name fails `build`):".into(),
        );
        server_doc.push(String::new());
        for (name, default) in &server.variables {
            let host = authority.contains(&format!("{{{name}}}"));
            let span = crate::docs::name_span(default);
            server_doc.push(if host {
                format!(
                    " - `{name}`, part of the host: the docs' default {span} is likely a placeholder, so set it. \
                     With credentials configured, `build` requires it (or a `base_url`) so that they only go to a host you chose."
                )
            } else {
                format!(" - `{name}` (default {span}).")
            });
        }
    }
    let token_doc: Vec<String> = token_url
        .as_ref()
        .map(|u| {
            vec![
                String::new(),
                format!(
                    " OAuth2 client credentials use the documented token URL `{u}`, on the host of the \
                     configured server (its variables filled the same way), unless set with `token_url`. A documented \
                     token URL on another host is refused until `token_url` confirms it."
                ),
            ]
        })
        .unwrap_or_default();
    let accessors = tags.iter().map(|t| {
        let m = ident::ident(&t.module);
        let s = ident::ident(&t.struct_name);
        let f = ident::ident(&t.accessor);
        let cfg = feature_cfg(gated, &t.feature);
        let doc = format!(" Operations tagged {}.", crate::docs::name_span(&t.tag));
        quote! {
            #cfg
            #[doc = #doc]
            pub fn #f(&self) -> #m::#s<'_> {
                #m::#s::new(&self.inner)
            }
        }
    });
    quote! {
        /// A client for this API: one accessor per tag, one method per operation.
        ///
        #(#[doc = #server_doc])*
        #(#[doc = #token_doc])*
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: runtime::Client,
        }

        impl Client {
            /// The server URL template from the docs.
            pub const SERVER: &'static str = #template;

            /// A builder preset with this API's server and token URL; `build` returns this `Client`.
            pub fn builder() -> runtime::ClientBuilder<Self> {
                runtime::ClientBuilder::new(Self::SERVER, &[#(#defaults),*], #token).with_target()
            }

            /// Wraps a configured runtime client.
            pub fn from_runtime(inner: runtime::Client) -> Self {
                Self { inner }
            }

            /// The runtime client underneath.
            pub fn runtime(&self) -> &runtime::Client {
                &self.inner
            }

            #(#accessors)*
        }

        impl ::std::convert::From<runtime::Client> for Client {
            fn from(inner: runtime::Client) -> Self {
                Self { inner }
            }
        }
    }
}

fn feature_cfg(gated: bool, feature: &str) -> TokenStream {
    if gated {
        quote!(#[cfg(feature = #feature)])
    } else {
        TokenStream::new()
    }
}

/// The contents of one tag module.
pub fn tag_module(api: &Api, tag: &TagModule<'_>) -> TokenStream {
    let paths = Paths {
        models: quote!(models),
        runtime: quote!(runtime),
    };
    let docs = api
        .tags
        .get(&tag.tag)
        .and_then(|t| t.description.clone())
        .map(|d| crate::docs::to_rustdoc(&d))
        .unwrap_or_else(|| {
            vec![format!(
                "Operations tagged {}.",
                crate::docs::name_span(&tag.tag)
            )]
        });
    let docs = docs
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") });
    let s = ident::ident(&tag.struct_name);
    let mut names = Namespace::new();
    names.reserve(&tag.struct_name);
    let mut methods = Vec::new();
    let mut items = Vec::new();
    for op in &tag.operations {
        let o = OpNames::new(op, &mut names);
        let (method, item) = operation(api, op, &o, &paths);
        methods.push(method);
        items.push(item);
    }
    quote! {
        #(#![doc = #docs])*
        #![allow(deprecated)]

        #[allow(unused_imports)]
        use super::{models, runtime};

        #[doc = " Operations of this tag; get one from the API's `Client`."]
        #[derive(Debug, Clone, Copy)]
        pub struct #s<'a> {
            client: &'a runtime::Client,
        }

        impl<'a> #s<'a> {
            pub(super) fn new(client: &'a runtime::Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#items)*
    }
}

/// Rust names of one operation's items in its tag module.
struct OpNames {
    builder: String,
    error: String,
    success: String,
}

impl OpNames {
    fn new(op: &Operation, names: &mut Namespace) -> Self {
        let base = ident::type_name(&op.operation_id);
        OpNames {
            builder: names.claim(base.clone()),
            error: names.claim(format!("{}Error", base.trim_end_matches('_'))),
            success: names.claim(format!("{}Success", base.trim_end_matches('_'))),
        }
    }
}

/// How the request body is sent: the media type the builder uses out of those the
/// docs offer, and the body's type. Shared with the smoke tests, which fill in the
/// same builder.
pub(crate) enum RequestKind<'a> {
    /// No body.
    None,
    /// A JSON body (`application/json` or a `…json…` flavour), typed.
    Json { media: &'a str, ty: Option<&'a Ty> },
    /// `multipart/form-data`: one field per part.
    Multipart { media: &'a str, ty: Option<&'a Ty> },
    /// `application/x-www-form-urlencoded` with a schema (always `Some`): the
    /// typed model.
    Form { media: &'a str, ty: Option<&'a Ty> },
    /// Anything else: raw bytes.
    Bytes { media: &'a str },
}

/// The request body's [`RequestKind`].
pub(crate) fn request_kind(op: &Operation) -> RequestKind<'_> {
    let find = |pred: &dyn Fn(&str) -> bool| op.request.iter().find(|b| pred(&b.media_type));
    if let Some(b) = find(&|m| m == "application/json") {
        return RequestKind::Json {
            media: &b.media_type,
            ty: b.ty.as_ref(),
        };
    }
    if let Some(b) = find(&|m| m.contains("json")) {
        return RequestKind::Json {
            media: &b.media_type,
            ty: b.ty.as_ref(),
        };
    }
    if let Some(b) = find(&|m| m == "multipart/form-data") {
        return RequestKind::Multipart {
            media: &b.media_type,
            ty: b.ty.as_ref(),
        };
    }
    if let Some((b, ty)) = op.request.iter().find_map(|b| {
        let form = b.media_type == "application/x-www-form-urlencoded";
        b.ty.as_ref().filter(|_| form).map(|ty| (b, ty))
    }) {
        return RequestKind::Form {
            media: &b.media_type,
            ty: Some(ty),
        };
    }
    match op.request.first() {
        Some(b) => RequestKind::Bytes {
            media: &b.media_type,
        },
        None => RequestKind::None,
    }
}

/// What a success response carries.
#[derive(Clone, PartialEq)]
enum Payload {
    Empty,
    Json(Ty),
    Bytes,
}

fn payload_of(content: &[Body]) -> (Payload, Option<&str>) {
    if let Some(b) = content.iter().find(|b| b.media_type.contains("json")) {
        return (
            Payload::Json(b.ty.clone().unwrap_or(Ty::Any)),
            Some(&b.media_type),
        );
    }
    match content.first() {
        Some(b) => (Payload::Bytes, Some(&b.media_type)),
        None => (Payload::Empty, None),
    }
}

/// A documented success: status, payload and media type.
type Success<'a> = (&'a str, Payload, Option<&'a str>);

/// The operation's successes (at least one: bytes of a `200` when the docs list
/// none) and its documented JSON error bodies, by status.
fn responses(op: &Operation) -> (Vec<Success<'_>>, Vec<(&str, Ty)>) {
    let mut success: Vec<Success<'_>> = Vec::new();
    let mut errors: Vec<(&str, Ty)> = Vec::new();
    for r in &op.responses {
        // HTTP forbids a body on 204 and 205, whatever content the docs declare.
        let (payload, media) = if matches!(r.status.as_str(), "204" | "205") {
            (Payload::Empty, None)
        } else {
            payload_of(&r.content)
        };
        if r.status.starts_with('2') {
            success.push((&r.status, payload, media));
        } else if let Payload::Json(t) = payload {
            errors.push((&r.status, t));
        }
    }
    if success.is_empty() {
        success.push(("200", Payload::Bytes, None));
    }
    (success, errors)
}

/// The distinct payloads of the successes, in order.
fn distinct_payloads<'s>(success: &'s [Success<'_>]) -> Vec<&'s Payload> {
    let mut d: Vec<&Payload> = Vec::new();
    for (_, p, _) in success {
        if !d.contains(&p) {
            d.push(p);
        }
    }
    d
}

/// The match pattern for a documented status (`404`, `4XX`, `default`).
fn status_pattern(status: &str) -> Option<TokenStream> {
    if let Ok(code) = status.parse::<u16>() {
        return Some(quote!(#code));
    }
    let class = status
        .strip_suffix("XX")
        .or_else(|| status.strip_suffix("xx"))?;
    let hundreds: u16 = class.parse().ok()?;
    let (lo, hi) = (hundreds * 100, hundreds * 100 + 99);
    Some(quote!(#lo..=#hi))
}

/// A parameter as an argument or setter: its Rust type and how a value converts.
/// The argument type of a parameter, and whether the value is converted with
/// `into()` (strings and enums take anything that converts).
fn param_arg(p: &Param, api: &Api, paths: &Paths) -> (TokenStream, bool) {
    let t = ty_tokens(&p.ty, &api.types, paths);
    let into = match &p.ty {
        Ty::String(_) => true,
        Ty::Named(id) => matches!(api.types.get(*id).kind, TypeKind::Enum(_)),
        _ => false,
    };
    if into {
        (quote!(impl ::std::convert::Into<#t>), true)
    } else {
        (t, false)
    }
}

/// Whether the runtime can style values of `ty` directly (`runtime::QueryValue`):
/// scalars, enums, `Any`, and lists and maps of those. Anything else (structs,
/// unions) goes through `runtime::json_param`.
fn param_direct(ty: &Ty, api: &Api) -> bool {
    match ty {
        Ty::Any | Ty::Bool | Ty::Int(_) | Ty::Float(_) | Ty::String(_) => true,
        Ty::Array(inner) | Ty::Map(inner) => param_direct(inner, api),
        Ty::Named(id) => matches!(api.types.get(*id).kind, TypeKind::Enum(_)),
        Ty::Circular(_) | Ty::Nullable(_) => false,
    }
}

/// The `runtime::Style` and `explode` of a parameter, with OpenAPI's defaults:
/// `simple` for paths and headers, `form` for queries and cookies, and `explode`
/// only for `form`. A style the location cannot use is passed on as written: the
/// runtime documents its fallback.
fn param_style(p: &Param) -> (TokenStream, bool) {
    let style = match p.style.as_deref() {
        Some("simple") => "Simple",
        Some("label") => "Label",
        Some("matrix") => "Matrix",
        Some("form") => "Form",
        Some("spaceDelimited") => "SpaceDelimited",
        Some("pipeDelimited") => "PipeDelimited",
        Some("deepObject") => "DeepObject",
        _ => match p.location {
            ParamLocation::Path | ParamLocation::Header => "Simple",
            ParamLocation::Query | ParamLocation::Cookie => "Form",
        },
    };
    let explode = p.explode.unwrap_or(style == "Form");
    let style = format_ident!("{style}");
    (quote!(runtime::Style::#style), explode)
}

/// Names every operation builder has already: its fields and methods of the
/// runtime's per-call options (`runtime::request_options!`), and `send`/`stream`.
/// A parameter of one of these names gets another name.
pub(crate) const BUILDER_RESERVED: &[&str] = &[
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

/// The tag struct's method and the builder, error and success items of one operation.
fn operation(
    api: &Api,
    op: &Operation,
    names: &OpNames,
    paths: &Paths,
) -> (TokenStream, TokenStream) {
    let builder = ident::ident(&names.builder);
    let error = ident::ident(&names.error);
    let method_name = ident::ident(&op.rust_name);
    let http = format_ident!("{}", op.method.to_ascii_uppercase());

    // Fields: required params become arguments, optional ones setters.
    let mut fields = Namespace::new();
    for name in BUILDER_RESERVED {
        fields.reserve(name);
    }
    let mut struct_fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut apply = Vec::new();
    let mut path_param_names: BTreeMap<&str, TokenStream> = BTreeMap::new();
    for p in &op.params {
        let f = ident::ident(&fields.claim(p.rust_name.clone()));
        let t = ty_tokens(&p.ty, &api.types, paths);
        let (arg_ty, into) = param_arg(p, api, paths);
        let conv = if into {
            quote!(value.into())
        } else {
            quote!(value)
        };
        let doc = description_attrs(p.docs.description.as_deref());
        if p.required {
            struct_fields.push(quote!(#f: #t,));
            args.push(quote!(#f: #arg_ty));
            inits.push(if into {
                quote!(#f: #f.into(),)
            } else {
                quote!(#f,)
            });
        } else {
            struct_fields.push(quote!(#f: ::std::option::Option<#t>,));
            inits.push(quote!(#f: ::std::option::Option::None,));
            let deprecated = p.docs.deprecated.then(|| quote!(#[deprecated]));
            setters.push(quote! {
                #doc
                #deprecated
                pub fn #f(mut self, value: #arg_ty) -> Self {
                    self.#f = ::std::option::Option::Some(#conv);
                    self
                }
            });
        }
        let wire = &p.wire_name;
        // An optional parameter the runtime styles directly is passed as its
        // `Option`, in one line: an unset one has no values, so adds nothing.
        let direct = param_direct(&p.ty, api);
        let inline = p.required || direct;
        let field = if inline {
            quote!(&self.#f)
        } else {
            quote!(value)
        };
        let value = if direct {
            field
        } else {
            quote!(&runtime::json_param(#field)?)
        };
        let (style, explode) = param_style(p);
        let put = match p.location {
            ParamLocation::Path => {
                // Always the field itself: a path parameter the docs call optional
                // is an `Option`, which styles as the empty value when unset.
                let value = if param_direct(&p.ty, api) {
                    quote!(&self.#f)
                } else {
                    quote!(&runtime::json_param(&self.#f)?)
                };
                path_param_names.insert(
                    wire.as_str(),
                    quote!(runtime::path_param(#wire, #value, #style, #explode)),
                );
                None
            }
            ParamLocation::Query => Some(quote!(request.query(#wire, #value, #style, #explode);)),
            ParamLocation::Header => Some(quote!(request.header(#wire, #value, #explode);)),
            ParamLocation::Cookie => Some(quote!(request.cookie(#wire, #value, #explode);)),
        };
        if let Some(put) = put {
            apply.push(if inline {
                put
            } else {
                quote!(if let ::std::option::Option::Some(value) = &self.#f { #put })
            });
        }
    }

    // The path, percent-encoding each parameter.
    let mut path_parts = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let literal = &rest[..open];
        path_parts.extend(push_literal(literal));
        let name = &rest[open + 1..close];
        match path_param_names.get(name) {
            Some(styled) => path_parts.push(quote!(path.push_str(&#styled);)),
            None => {
                let raw = &rest[open..=close];
                path_parts.push(quote!(path.push_str(#raw);));
            }
        }
        rest = &rest[close + 1..];
    }
    path_parts.extend(push_literal(rest));

    // The body.
    let body_field = ident::ident(&fields.claim("body".into()));
    let body_apply = match request_kind(op) {
        RequestKind::None => TokenStream::new(),
        RequestKind::Json { ty, .. } | RequestKind::Form { ty, .. } => {
            let t = ty
                .map(|t| ty_tokens(t, &api.types, paths))
                .unwrap_or(quote!(::serde_json::Value));
            body_param(
                op,
                &body_field,
                t,
                &mut struct_fields,
                &mut args,
                &mut inits,
                &mut setters,
            );
            let put = match request_kind(op) {
                RequestKind::Json { media, .. } => quote!(request.json(#media, body);),
                _ => quote!(request.form(body);),
            };
            wrap_body(op, &body_field, put)
        }
        RequestKind::Bytes { media } => {
            body_param(
                op,
                &body_field,
                quote!(::std::vec::Vec<u8>),
                &mut struct_fields,
                &mut args,
                &mut inits,
                &mut setters,
            );
            wrap_body(
                op,
                &body_field,
                quote!(request.body_bytes(#media, body.clone());),
            )
        }
        RequestKind::Multipart { ty, .. } => multipart(
            api,
            ty,
            op.request_required,
            &mut fields,
            &mut struct_fields,
            &mut args,
            &mut inits,
            &mut setters,
        ),
    };

    // Responses.
    let (success, errors) = responses(op);
    let accept: Vec<&str> = {
        let mut a: Vec<&str> = success.iter().filter_map(|(_, _, m)| *m).collect();
        a.extend(
            op.responses
                .iter()
                .flat_map(|r| r.content.iter().map(|b| b.media_type.as_str()))
                .filter(|m| m.contains("json")),
        );
        a.sort();
        a.dedup();
        a
    };
    let accept_apply = if accept.is_empty() {
        TokenStream::new()
    } else {
        let joined = accept.join(", ");
        quote!(request.accept(#joined);)
    };

    let distinct = distinct_payloads(&success);
    let payload_ty = |p: &Payload| match p {
        Payload::Empty => quote!(()),
        Payload::Bytes => quote!(runtime::Bytes),
        Payload::Json(t) => ty_tokens(t, &api.types, paths),
    };
    let convert = |p: &Payload| match p {
        Payload::Empty => quote!(raw.empty()),
        Payload::Bytes => quote!(raw.bytes()),
        Payload::Json(_) => quote!(raw.json()?),
    };
    let mut success_item = TokenStream::new();
    let (ok_ty, arms) = if distinct.len() == 1 {
        let t = payload_ty(distinct[0]);
        let c = convert(distinct[0]);
        (
            t,
            quote!(s if (200..300).contains(&s) => ::std::result::Result::Ok(#c),),
        )
    } else {
        let success_name = ident::ident(&names.success);
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        let mut vnames = Namespace::new();
        for (status, p, _) in &success {
            let v = ident::ident(&vnames.claim(status_name(status)));
            let t = payload_ty(p);
            let doc = format!(" Status `{status}`.");
            variants.push(quote!(#[doc = #doc] #v(#t),));
            // The body type is named: `map` could be the body's own (through `Deref`).
            let c = match p {
                Payload::Json(_) => quote!(raw.json::<#t>()?),
                _ => convert(p),
            };
            if let Some(pat) = status_pattern(status) {
                arms.push(quote!(#pat => ::std::result::Result::Ok(#c.map(#success_name::#v)),));
            }
        }
        let doc = format!(" The success responses of [`{}`].", names.builder);
        success_item = quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #success_name {
                #(#variants)*
            }
        };
        (quote!(#success_name), quote!(#(#arms)*))
    };

    // The error enum: one variant per documented error body.
    let mut evariants = Vec::new();
    let mut earms = Vec::new();
    let mut fallback = quote!(_ => ::std::option::Option::None,);
    let mut fallback_parse = None;
    let mut enames = Namespace::new();
    for (status, t) in &errors {
        let v = ident::ident(&enames.claim(status_name(status)));
        let tt = ty_tokens(t, &api.types, paths);
        let doc = op
            .responses
            .iter()
            .find(|r| r.status == *status)
            .and_then(|r| r.description.clone())
            .map(|d| {
                format!(
                    " Status `{status}`: {}",
                    d.lines().next().unwrap_or_default()
                )
            })
            .unwrap_or_else(|| format!(" Status `{status}`."));
        let doc = doc.replace(['[', ']', '<', '>', '`'], "");
        evariants.push(quote!(#[doc = #doc] #v(#tt),));
        // Inline rather than through a shared generic helper: a helper makes each arm
        // one line, but type-checking it costs `cargo check` more than the lines do.
        let parse =
            quote!(::std::option::Option::Some(::serde_json::from_slice(body).map(Self::#v)));
        match status_pattern(status) {
            Some(pat) => earms.push(quote!(#pat => #parse,)),
            None => {
                fallback = quote!(_ => #parse,);
                fallback_parse = Some(parse);
            }
        }
    }
    let error_doc = format!(
        " Documented error bodies of [`{}`], by status.",
        names.builder
    );
    // The parser: nothing to parse, one body whatever the status (a lone
    // `default`, which needs no `match`), or a match on the status.
    let (status_param, body_param_name, matcher) = match (&fallback_parse, earms.is_empty()) {
        _ if evariants.is_empty() => (
            quote!(_status),
            quote!(_body),
            quote!(::std::option::Option::None),
        ),
        (Some(parse), true) => (quote!(_status), quote!(body), parse.clone()),
        _ => (
            quote!(status),
            quote!(body),
            quote!(match status { #(#earms)* #fallback }),
        ),
    };
    let error_item = quote! {
        #[doc = #error_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #error {
            #(#evariants)*
        }

        impl #error {
            fn parse(#status_param: u16, #body_param_name: &[u8]) -> ::std::option::Option<::std::result::Result<Self, ::serde_json::Error>> {
                #matcher
            }
        }
    };

    // Pagination.
    let stream = pagination(op, api, &distinct, &error);

    // Docs of the operation.
    let mut doc_text: Vec<String> = Vec::new();
    if let Some(s) = &op.summary {
        doc_text.extend(crate::docs::to_rustdoc(s));
    }
    if let Some(d) = &op.docs.description {
        if !doc_text.is_empty() {
            doc_text.push(String::new());
        }
        doc_text.extend(crate::docs::to_rustdoc(d));
    }
    if !doc_text.is_empty() {
        doc_text.push(String::new());
    }
    doc_text.push(crate::docs::name_span(&format!(
        "{} {}",
        op.method.to_ascii_uppercase(),
        op.path
    )));
    let mut scopes: Vec<String> = Vec::new();
    for scope in op.security.iter().flat_map(|(_, s)| s.iter()) {
        if !scopes.contains(scope) {
            scopes.push(scope.clone());
        }
    }
    if !scopes.is_empty() {
        doc_text.push(String::new());
        let list: Vec<String> = scopes.iter().map(|s| crate::docs::name_span(s)).collect();
        doc_text.push(format!("Rights or scopes: {}.", list.join(", ")));
    }
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    if !required.is_empty() {
        doc_text.push(String::new());
        doc_text.push("Arguments:".into());
        for p in required {
            let first = p
                .docs
                .description
                .as_deref()
                .map(crate::docs::to_rustdoc)
                .and_then(|l| l.into_iter().next())
                .unwrap_or_default();
            doc_text.push(format!("- `{}`: {}", p.rust_name, first));
        }
    }
    let op_docs = doc_lines(&doc_text);
    let deprecated = op.docs.deprecated.then(|| quote!(#[deprecated]));
    let builder_doc = format!(
        " The {} request: set optional parameters, then `.send().await`.",
        crate::docs::name_span(&op.operation_id)
    );

    // `request` is only mutable when something is added to it: an API without
    // parameters, body or documented media types would trip `unused_mut`.
    let request_binding = if apply.is_empty() && body_apply.is_empty() && accept_apply.is_empty() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    let template = &op.path;
    let method = quote! {
        #op_docs
        #deprecated
        pub fn #method_name(&self, #(#args),*) -> #builder<'a> {
            #builder {
                client: self.client,
                options: ::std::default::Default::default(),
                #(#inits)*
            }
        }
    };
    let item = quote! {
        #[doc = #builder_doc]
        #deprecated
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #builder<'a> {
            client: &'a runtime::Client,
            options: runtime::RequestOptions,
            #(#struct_fields)*
        }

        runtime::request_options!(#builder);

        impl<'a> #builder<'a> {
            #(#setters)*

            fn request(&self) -> ::std::result::Result<runtime::Request, runtime::TransportError> {
                let mut path = ::std::string::String::new();
                #(#path_parts)*
                let #request_binding = runtime::Request::operation(runtime::Method::#http, #template, path);
                #(#apply)*
                #body_apply
                #accept_apply
                ::std::result::Result::Ok(request)
            }

            /// Sends the request.
            pub async fn send(self) -> ::std::result::Result<runtime::Response<#ok_ty>, runtime::Error<#error>> {
                let request = self.request()?.with_options(self.options);
                let raw = self.client.execute(request).await?;
                match raw.status.as_u16() {
                    #arms
                    _ => ::std::result::Result::Err(raw.into_error(#error::parse)),
                }
            }

            #stream
        }

        #success_item
        #error_item
    };
    (method, item)
}

/// Appends literal path text: one character with `push`, more with `push_str`.
fn push_literal(text: &str) -> Option<TokenStream> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (None, _) => None,
        (Some(c), None) => Some(quote!(path.push(#c);)),
        _ => Some(quote!(path.push_str(#text);)),
    }
}

fn body_param(
    op: &Operation,
    f: &proc_macro2::Ident,
    t: TokenStream,
    struct_fields: &mut Vec<TokenStream>,
    args: &mut Vec<TokenStream>,
    inits: &mut Vec<TokenStream>,
    setters: &mut Vec<TokenStream>,
) {
    if op.request_required {
        struct_fields.push(quote!(#f: #t,));
        args.push(quote!(#f: #t));
        inits.push(quote!(#f,));
    } else {
        struct_fields.push(quote!(#f: ::std::option::Option<#t>,));
        inits.push(quote!(#f: ::std::option::Option::None,));
        setters.push(quote! {
            /// The request body.
            pub fn #f(mut self, value: #t) -> Self {
                self.#f = ::std::option::Option::Some(value);
                self
            }
        });
    }
}

fn wrap_body(op: &Operation, f: &proc_macro2::Ident, put: TokenStream) -> TokenStream {
    if op.request_required {
        quote!({ let body = &self.#f; #put })
    } else {
        quote!(if let ::std::option::Option::Some(body) = &self.#f { #put })
    }
}

/// Multipart bodies: each property of the body schema is a part; binary ones are files.
#[allow(clippy::too_many_arguments)]
fn multipart(
    api: &Api,
    ty: Option<&Ty>,
    required: bool,
    fields: &mut Namespace,
    struct_fields: &mut Vec<TokenStream>,
    args: &mut Vec<TokenStream>,
    inits: &mut Vec<TokenStream>,
    setters: &mut Vec<TokenStream>,
) -> TokenStream {
    let props = match ty {
        Some(Ty::Named(id)) => match &api.types.get(*id).kind {
            TypeKind::Struct(s) => s.fields.iter().collect::<Vec<_>>(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    if props.is_empty() {
        // The docs declare no parts (`type: object` alone): the caller builds the form.
        let f = ident::ident(&fields.claim("form".into()));
        if required {
            struct_fields.push(quote!(#f: runtime::Multipart,));
            args.push(quote!(#f: runtime::Multipart));
            inits.push(quote!(#f,));
            return quote!(request.multipart(self.#f.clone()););
        }
        struct_fields.push(quote!(#f: ::std::option::Option<runtime::Multipart>,));
        inits.push(quote!(#f: ::std::option::Option::None,));
        setters.push(quote! {
            /// The multipart form to send: the docs declare no parts.
            pub fn #f(mut self, value: runtime::Multipart) -> Self {
                self.#f = ::std::option::Option::Some(value);
                self
            }
        });
        return quote!(request.multipart(self.#f.clone().unwrap_or_default()););
    }
    let mut parts = Vec::new();
    for p in props {
        let f = ident::ident(&fields.claim(p.rust_name.clone()));
        let wire = &p.wire_name;
        let is_file = matches!(p.ty, Ty::String(StrFormat::Binary));
        let (t, into, add) = if is_file {
            (
                quote!(runtime::File),
                false,
                quote!(form = form.file(#wire, value.clone());),
            )
        } else if matches!(p.ty, Ty::String(_)) {
            (
                quote!(::std::string::String),
                true,
                quote!(form = form.text(#wire, value.clone());),
            )
        } else {
            let t = ty_tokens(
                &p.ty,
                &api.types,
                &Paths {
                    models: quote!(models),
                    runtime: quote!(runtime),
                },
            );
            let add = quote! {
                let text = match ::serde_json::to_value(value) {
                    ::std::result::Result::Ok(::serde_json::Value::String(s)) => s,
                    ::std::result::Result::Ok(other) => other.to_string(),
                    ::std::result::Result::Err(e) => return ::std::result::Result::Err(runtime::TransportError::InvalidRequest(e.to_string())),
                };
                form = form.text(#wire, text);
            };
            (t, false, add)
        };
        let conv = if into {
            quote!(value.into())
        } else {
            quote!(value)
        };
        let arg_ty = if matches!(p.ty, Ty::String(StrFormat::Plain)) {
            quote!(impl ::std::convert::Into<::std::string::String>)
        } else {
            t.clone()
        };
        let doc = description_attrs(p.docs.description.as_deref());
        if p.required && !p.nullable {
            struct_fields.push(quote!(#f: #t,));
            args.push(quote!(#f: #arg_ty));
            inits.push(if into {
                quote!(#f: #f.into(),)
            } else {
                quote!(#f,)
            });
            parts.push(quote!({ let value = &self.#f; #add }));
        } else {
            struct_fields.push(quote!(#f: ::std::option::Option<#t>,));
            inits.push(quote!(#f: ::std::option::Option::None,));
            setters.push(quote! {
                #doc
                pub fn #f(mut self, value: #arg_ty) -> Self {
                    self.#f = ::std::option::Option::Some(#conv);
                    self
                }
            });
            parts.push(quote!(if let ::std::option::Option::Some(value) = &self.#f { #add }));
        }
    }
    quote! {
        #[allow(unused_mut)]
        let mut form = runtime::Multipart::new();
        #(#parts)*
        request.multipart(form);
    }
}

/// The `limit` and `offset` parameters and the item type of a list operation that
/// gets a `.stream()`: optional integer query parameters, one JSON array payload.
fn paged<'o>(
    op: &'o Operation,
    payloads: &[&'o Payload],
) -> Option<(&'o Param, &'o Param, &'o Ty)> {
    let find = |name: &str| {
        op.params.iter().find(|p| {
            p.wire_name == name
                && p.location == ParamLocation::Query
                && !p.required
                && matches!(p.ty, Ty::Int(_))
        })
    };
    let (Some(limit), Some(offset)) = (find("limit"), find("offset")) else {
        return None;
    };
    let [Payload::Json(Ty::Array(item))] = payloads else {
        return None;
    };
    Some((limit, offset, item))
}

/// `.stream()` for SailPoint-style `limit`/`offset` list operations.
fn pagination<'o>(
    op: &'o Operation,
    api: &Api,
    payloads: &[&'o Payload],
    error: &proc_macro2::Ident,
) -> TokenStream {
    let Some((limit, offset, item)) = paged(op, payloads) else {
        return TokenStream::new();
    };
    let paths = Paths {
        models: quote!(models),
        runtime: quote!(runtime),
    };
    let item = ty_tokens(item, &api.types, &paths);
    let lf = ident::ident(&limit.rust_name);
    let of = ident::ident(&offset.rust_name);
    let conv = |v: TokenStream, p: &Param| match p.ty {
        Ty::Int(crate::ir::IntKind::I64) => v,
        _ => quote!(::std::convert::TryFrom::try_from(#v).unwrap_or_default()),
    };
    let set_limit = conv(quote!(limit), limit);
    let set_offset = conv(quote!(offset), offset);
    let widen = |f: &proc_macro2::Ident, p: &Param| match p.ty {
        Ty::Int(crate::ir::IntKind::I64) => quote!(self.#f),
        _ => quote!(self.#f.map(::std::primitive::i64::from)),
    };
    let get_limit = widen(&lf, limit);
    let get_offset = widen(&of, offset);
    quote! {
        /// Every item across all pages, fetching page after page with `limit`/`offset`
        /// (starting from the offset set on this request, 250 items a page unless a
        /// limit is set), until a short page or `X-Total-Count` says all were read.
        pub fn stream(self) -> runtime::BoxStream<'a, ::std::result::Result<#item, runtime::Error<#error>>> {
            let limit = #get_limit.unwrap_or(250);
            let start = #get_offset.unwrap_or(0);
            runtime::paginate(limit, start, move |offset, limit| {
                let mut page = self.clone();
                page.#of = ::std::option::Option::Some(#set_offset);
                page.#lf = ::std::option::Option::Some(#set_limit);
                ::std::boxed::Box::pin(page.send())
            })
        }
    }
}

/// Doc lines of the crate root's quick start for `api` (module `api.module` of the
/// crate `krate`): a `no_run` example that builds the client with the documented
/// authentication, calls a list operation (through its pages when it has them)
/// and tells a missing resource from other errors. It compiles as a doc test.
/// Also returns how much it shows: 0 without a call, 1 to 3 for a GET, a list,
/// a paged list.
pub fn quick_start(api: &Api, krate: &str) -> (u8, Vec<String>) {
    let tags = tag_modules(api);
    let mut lines = vec![
        "```no_run".to_string(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
    ];
    let m = &api.module;
    let paging = tags
        .iter()
        .flat_map(|t| t.operations.iter().map(move |o| (t, *o)));
    // A call without required arguments: a paged list, else a GET list, else a GET.
    let callable: Vec<_> = paging
        .filter(|(_, o)| o.method == "get" && !o.params.iter().any(|p| p.required))
        .filter(|(_, o)| o.request.is_empty() || !o.request_required)
        .collect();
    let (success_of, pick) = {
        let mut best: Option<(u8, usize)> = None;
        for (i, (_, o)) in callable.iter().enumerate() {
            let (success, _) = responses(o);
            let distinct = distinct_payloads(&success);
            let rank = if paged(o, &distinct).is_some() {
                2
            } else if matches!(distinct[..], [Payload::Json(Ty::Array(_))]) {
                1
            } else {
                0
            };
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, i));
            }
        }
        (best.map(|(r, _)| r), best.map(|(_, i)| callable[i]))
    };
    if success_of == Some(2) {
        lines.push(format!("use {krate}::runtime::StreamExt;"));
        lines.push(String::new());
    }
    lines.push(format!("let client = {krate}::{m}::Client::builder()"));
    if let Some(server) = api.servers.first() {
        let template = &server.url;
        let authority = template
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
            .unwrap_or_default();
        for name in server.variables.keys() {
            if authority.contains(&format!("{{{name}}}")) {
                lines.push(format!("    .server_variable({name:?}, \"your-{name}\")"));
            }
        }
    }
    lines.extend(auth_lines(api, krate));
    lines.push("    .build()?;".into());
    if let (Some((tag, op)), Some(rank)) = (pick, success_of) {
        let call = format!("client.{}().{}()", tag.accessor, op.rust_name);
        if rank == 2 {
            lines.push("// Every item, page after page.".into());
            lines.push(format!("let mut items = {call}.stream();"));
            lines.push("while let Some(item) = items.next().await {".into());
            lines.push("    let _item = item?;".into());
            lines.push("}".into());
        }
        lines.push("// One call, telling a missing resource from other errors.".into());
        lines.push(format!("match {call}.send().await {{"));
        lines.push("    Ok(response) => println!(\"{}\", response.status()),".into());
        lines.push("    Err(e) if e.is_not_found() => println!(\"not found\"),".into());
        lines.push("    Err(e) if e.is_rate_limited() => println!(\"slow down\"),".into());
        lines.push("    Err(e) => return Err(e.into()),".into());
        lines.push("}".into());
    }
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    (success_of.map_or(0, |rank| rank + 1), lines)
}

/// The builder calls of the quick start that authenticate as the docs say.
fn auth_lines(api: &Api, krate: &str) -> Vec<String> {
    let server_templated = api.servers.first().is_some_and(|s| {
        s.url
            .split_once("://")
            .is_some_and(|(_, r)| r.starts_with('{'))
    });
    // The host, less a first label that is a variable (`{tenant}.api.example.com`
    // stands for every tenant's host; the runtime templates such token URLs).
    let loose = |url: &str| {
        let host = url.split_once("://")?.1.split('/').next()?.to_string();
        Some(match host.split_once('.') {
            Some((first, rest)) if first.starts_with('{') || server_templated => rest.to_string(),
            _ => host,
        })
    };
    let server_host = api.servers.first().and_then(|s| loose(&s.url));
    for scheme in api.security_schemes.values() {
        match scheme {
            SecurityScheme::OAuth2 {
                token_url: Some(url),
            } => {
                let mut lines =
                    vec!["    .client_credentials(\"client-id\", \"client-secret\")".to_string()];
                let host = loose(url);
                if host.is_some() && host != server_host && !url.contains('{') {
                    // The runtime refuses a token URL on another host unless confirmed.
                    lines.push(format!("    .token_url({url:?})"));
                }
                return lines;
            }
            SecurityScheme::OAuth2 { token_url: None } | SecurityScheme::Http { .. } => {
                return vec!["    .bearer_token(\"token\")".into()];
            }
            SecurityScheme::ApiKey { name, location } => {
                let loc = match location.as_str() {
                    "query" => "Query",
                    "cookie" => "Cookie",
                    _ => "Header",
                };
                return vec![format!(
                    "    .api_key({name:?}, {krate}::runtime::ApiKeyLocation::{loc}, \"key\")"
                )];
            }
            SecurityScheme::Other => {}
        }
    }
    Vec::new()
}
