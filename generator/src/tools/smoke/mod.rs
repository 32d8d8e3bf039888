//! The conformance smoke test: a program that calls every operation of the client.
//!
//! [`generate`] writes the generated crate plus `examples/smoke.rs`, a program that
//! builds the client of every API against a given base URL and calls each HTTP
//! operation once, through the generated builder: required parameters as arguments,
//! optional ones through their setters, the request body as argument or `.body(…)`,
//! multipart parts as arguments or setters. Values come from the docs (see
//! [`values`]): every argument and body is embedded as JSON and deserialised into
//! its generated type when the program runs, so an example that does not fit its
//! type is a miss of the generated types, reported with serde's reason.
//!
//! Run against a mock server that validates requests, such as Prism
//! (`prism mock --errors`), the program prints three counts per API:
//!
//! ```text
//! v3: 281 operations, 281 called (100.0%), 281 accepted (100.0%), 281 parsed (100.0%)
//! ```
//!
//! - *called*: the arguments and body were built and the request was sent;
//! - *accepted*: the server answered without a request violation (no 4XX or 5XX
//!   status and no `sl-violations` header naming the request);
//! - *parsed*: the typed `send()` returned `Ok`, so the response parsed into its
//!   generated type.
//!
//! Every miss is printed with its operation and the reason, and so is every docs
//! example that was passed over because it violates its own schema. The program
//! exits with 1 unless every operation's response parsed.

pub mod values;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::emit::{self, EmitOptions, Generated, Paths};
use crate::error::{Error, Result};
use crate::ident::{self, Namespace};
use crate::ir::{
    multipart_parts, Api, Encoding, Operation, OperationPlan, Param, ParamLocation, SecurityScheme,
    StrFormat, TagPlan, Ty,
};
use crate::lower::ApiPages;
use crate::mdx::ReadOptions;

use values::{Choice, Source};

/// The smoke program, relative to the crate root.
pub const PROGRAM_FILE: &str = "examples/smoke.rs";

/// What the generator put into the smoke program.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// APIs (modules) covered.
    pub apis: usize,
    /// HTTP operations called.
    pub operations: usize,
    /// Values taken from the docs' examples.
    pub from_examples: usize,
    /// Values made up from a schema (no example fits, or there is none).
    pub synthesized: usize,
    /// Docs examples passed over because they violate their schema.
    pub passed_over: usize,
    /// Docs example responses that violate their schema.
    pub invalid_responses: usize,
}

/// Reads the docs and emits the crate with its smoke program.
pub fn generate(
    docs: &[PathBuf],
    read: &ReadOptions,
    opts: &EmitOptions,
) -> Result<(Generated, Counts)> {
    let pages = crate::load::load(docs, read)?;
    let mut apis = Vec::new();
    let mut errors = Vec::new();
    for p in &pages {
        match crate::lower::lower_api(p) {
            Ok(api) => apis.push(api),
            Err(mut e) => errors.append(&mut e),
        }
    }
    Error::collect(errors)?;
    emit_smoke(&pages, &apis, opts)
}

/// Emits the crate for `apis` (lowered from `pages`) plus the smoke program.
pub fn emit_smoke(
    pages: &[ApiPages],
    apis: &[Api],
    opts: &EmitOptions,
) -> Result<(Generated, Counts)> {
    if !opts.layout.is_crate() {
        return Err(Error::Internal(
            "the smoke program needs a whole crate (Layout::Crate)".into(),
        ));
    }
    let mut files = emit::emit_crate(apis, opts)?;
    let krate = ident::ident(&opts.crate_name.replace('-', "_"));
    let mut counts = Counts::default();
    let mut items = Vec::new();
    let mut runs = Vec::new();
    for api in apis {
        let Some(api_pages) = pages.iter().find(|p| p.module == api.module) else {
            continue;
        };
        let (tokens, run) = emit_api(api, api_pages, &krate, &mut counts);
        items.push(tokens);
        runs.push(run);
        counts.apis += 1;
    }
    let program = quote! {
        use ::#krate::runtime;

        #(#items)*

        /// Runs the APIs chosen on the command line; `false` when one missed.
        async fn run_all(options: &Options) -> bool {
            let mut ok = true;
            #(#runs)*
            ok
        }
    };
    let header = emit::header(&opts.command);
    let generated = emit::format_file("", "the smoke program", program)?;
    files.files.insert(
        PROGRAM_FILE.into(),
        format!("{header}{}\n{generated}", include_str!("harness.rs")),
    );
    // The conformance smoke program: `cargo run --example smoke -- --base-url URL`.
    files.update_manifest(|m| {
        m.dev_dependencies.insert(
            "tokio".into(),
            emit::cargo_toml::Dependency::with_features("1", true, &["rt", "macros"]),
        );
    });
    Ok((files, counts))
}

/// The operation functions and notes of one API, and its part of `run_all`.
fn emit_api(
    api: &Api,
    pages: &ApiPages,
    krate: &proc_macro2::Ident,
    counts: &mut Counts,
) -> (TokenStream, TokenStream) {
    let m = ident::ident(&api.module);
    let paths = Paths {
        models: quote!(::#krate::#m::models),
        runtime: quote!(::#krate::runtime),
    };
    let planned: HashMap<usize, (&TagPlan, &OperationPlan)> = api
        .client
        .operations()
        .map(|(t, o)| (o.index, (t, o)))
        .collect();
    let by_page: HashMap<&Path, &Value> = pages
        .pages
        .iter()
        .map(|p| (p.path.as_path(), &p.api))
        .collect();
    let mut fns = Namespace::new();
    fns.reserve("main");
    fns.reserve("run_all");
    let mut items = Vec::new();
    let mut calls = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for (index, op) in api.operations.iter().enumerate() {
        let Some(&(tag, plan)) = planned.get(&index) else {
            continue;
        };
        let page = by_page
            .get(op.page.as_path())
            .copied()
            .unwrap_or(&Value::Null);
        let name = fns.claim(format!("{}_{}", api.module, op.rust_name));
        let f = ident::ident(&name);
        let mut ctx = OpCtx {
            api,
            paths: &paths,
            counts,
            notes: &mut notes,
        };
        let body = ctx.operation(op, page, tag, plan);
        let doc = format!(
            " `{} {}` (`{}`).",
            op.method.to_ascii_uppercase(),
            op.path,
            op.operation_id
        );
        items.push(quote! {
            #[doc = #doc]
            fn #f(client: &::#krate::#m::Client) -> Call<'_> {
                ::std::boxed::Box::pin(async move {
                    #body
                })
            }
        });
        let id = &op.operation_id;
        let route = format!("{} {}", op.method.to_ascii_uppercase(), op.path);
        let problems = values::response_example_problems(page);
        for p in &problems {
            counts.invalid_responses += 1;
            notes.push(format!(
                "{} ({route}): example response violates its schema: {p}",
                op.operation_id
            ));
        }
        let problems = if problems.is_empty() {
            quote!(::std::option::Option::None)
        } else {
            let text = problems.join("; ");
            quote!(::std::option::Option::Some(#text))
        };
        calls.push(quote! {
            Operation { id: #id, route: #route, invalid_example: #problems, call: #f },
        });
        counts.operations += 1;
    }
    let module = &api.module;
    let ops_const = format_ident!("OPERATIONS_{}", name_part(&api.module).to_ascii_uppercase());
    let notes_const = format_ident!("NOTES_{}", name_part(&api.module).to_ascii_uppercase());
    let auth = auth_call(api, &paths);
    let notes_doc = format!(
        " The docs' examples of `{module}` that violate their schema: request values passed over, and response examples."
    );
    let ops_doc = format!(" Every operation of `{module}`.");
    let items = quote! {
        #[doc = #notes_doc]
        const #notes_const: &[&str] = &[#(#notes),*];

        #[doc = #ops_doc]
        const #ops_const: &[Operation<::#krate::#m::Client>] = &[
            #(#calls)*
        ];

        #(#items)*
    };
    let run = quote! {
        if options.wants(#module) {
            let builder = || {
                ::#krate::#m::Client::builder()
                    .base_url(options.base_url.as_str())
                    #auth
                    .retry(::#krate::runtime::RetryPolicy::none())
                    .timeout(::std::time::Duration::from_secs(60))
            };
            match builder().build() {
                ::std::result::Result::Ok(client) => {
                    let mut tally = Tally::new(#module);
                    run(#ops_const, &client, &mut tally).await;
                    ok &= tally.report(#notes_const);
                }
                ::std::result::Result::Err(e) => {
                    let module: &str = #module;
                    ::std::eprintln!("{module}: cannot build the client: {e}");
                    ok = false;
                }
            }
        }
    };
    (items, run)
}

/// A module name as part of a Rust identifier (`r#type` → `type`).
fn name_part(module: &str) -> String {
    module.trim_start_matches("r#").to_string()
}

/// The builder call that authenticates with `options.token`, as the API's security
/// schemes want: a bearer token for OAuth2 and HTTP schemes, else an API key.
fn auth_call(api: &Api, paths: &Paths) -> TokenStream {
    let bearer = api.security_schemes.values().any(|s| {
        matches!(
            s,
            SecurityScheme::OAuth2 { .. } | SecurityScheme::Http { .. }
        )
    });
    if bearer || api.security_schemes.is_empty() {
        return quote!(.bearer_token(options.token.as_str()));
    }
    for s in api.security_schemes.values() {
        if let SecurityScheme::ApiKey { name, location } = s {
            let rt = &paths.runtime;
            let loc = match location.as_str() {
                "query" => quote!(Query),
                "cookie" => quote!(Cookie),
                _ => quote!(Header),
            };
            return quote!(.api_key(#name, #rt::ApiKeyLocation::#loc, options.token.as_str()));
        }
    }
    quote!(.bearer_token(options.token.as_str()))
}

/// What one operation's function is built with.
struct OpCtx<'a> {
    api: &'a Api,
    paths: &'a Paths,
    counts: &'a mut Counts,
    notes: &'a mut Vec<String>,
}

/// Where a request body's values come from: the page, and its entry for the
/// body's media type.
struct Body<'a> {
    page: &'a Value,
    media: &'a str,
    media_obj: &'a Value,
}

/// The statements of one operation's function: a `let` per value, then the call.
struct Call {
    lets: Vec<TokenStream>,
    args: Vec<TokenStream>,
    setters: Vec<TokenStream>,
}

impl OpCtx<'_> {
    /// The function body of one operation: the values of its parameters and body,
    /// then the call through the builder the plan names.
    fn operation(
        &mut self,
        op: &Operation,
        page: &Value,
        tag: &TagPlan,
        plan: &OperationPlan,
    ) -> TokenStream {
        let mut call = Call {
            lets: Vec::new(),
            args: Vec::new(),
            setters: Vec::new(),
        };
        self.params(op, plan, page, &mut call);
        if let Some(chosen) = &plan.body {
            let media = op.request[chosen.index].media_type.as_str();
            let media_obj = page
                .get("requestBody")
                .and_then(|r| r.get("content"))
                .and_then(|c| c.get(media))
                .unwrap_or(&Value::Null);
            let ty = op.request[chosen.index].ty.as_ref();
            let body = Body {
                page,
                media,
                media_obj,
            };
            match &chosen.encoding {
                // A typed form body is filled in like a JSON one: a model from the example.
                Encoding::Json { field } | Encoding::Form { field } => {
                    self.json_body(op, &body, ty, field, &mut call)
                }
                Encoding::Bytes { field } => self.bytes_body(op, &body, field, &mut call),
                Encoding::MultipartForm { field } => {
                    self.multipart_form(op, &body, field, &mut call)
                }
                Encoding::MultipartParts { fields } => {
                    self.multipart_parts(op, &body, ty, fields, &mut call)
                }
            }
        }
        let accessor = ident::ident(&tag.accessor);
        let method = ident::ident(&plan.method);
        let Call {
            lets,
            args,
            setters,
        } = call;
        quote! {
            #(#lets)*
            judge(client.#accessor().#method(#(#args),*)#(#setters)*.send().await)
        }
    }

    /// The parameters' values, from the page's parameters.
    fn params(&mut self, op: &Operation, plan: &OperationPlan, page: &Value, call: &mut Call) {
        let raw_params: &[Value] = page
            .get("parameters")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (p, field) in op.params.iter().zip(&plan.param_fields) {
            let raw = raw_param(raw_params, p, &op.path);
            // A path parameter the docs forgot (the generator adds it) is a string.
            let string = serde_json::json!({"schema": {"type": "string"}});
            let raw = raw.unwrap_or(&string);
            let what = format!("parameter `{}`", p.wire_name);
            let t = emit::ty_tokens(&p.ty, &self.api.types, self.paths);
            let choice = if p.required {
                Some(values::required_param(raw))
            } else {
                let (choice, skipped) = values::optional_param(raw);
                if choice.is_none() {
                    self.note(op, &what, &skipped);
                }
                choice
            };
            if let Some(choice) = choice {
                self.value(op, call, field, &what, t, &choice, p.required);
            }
        }
    }

    /// A JSON (or typed form) body: a model from the docs' example, else an empty
    /// object when the body is required.
    fn json_body(
        &mut self,
        op: &Operation,
        body: &Body<'_>,
        ty: Option<&Ty>,
        field: &str,
        call: &mut Call,
    ) {
        let t = ty
            .map(|t| emit::ty_tokens(t, &self.api.types, self.paths))
            .unwrap_or(quote!(::serde_json::Value));
        let what = "request body";
        let required = op.request_required;
        match values::request_body(body.page, body.media, body.media_obj) {
            Some(choice) => self.value(op, call, field, what, t, &choice, required),
            None if required => {
                let choice = Choice {
                    value: Value::Object(Default::default()),
                    source: Source::Synthesized,
                    skipped: Vec::new(),
                };
                self.value(op, call, field, what, t, &choice, true)
            }
            None => {}
        }
    }

    /// A raw body: the example's text, else `smoke`.
    fn bytes_body(&mut self, op: &Operation, body: &Body<'_>, field: &str, call: &mut Call) {
        let example = values::request_body(body.page, body.media, body.media_obj);
        let bytes = match example.map(|c| c.value) {
            Some(Value::String(s)) => s.into_bytes(),
            Some(v) => v.to_string().into_bytes(),
            None => b"smoke".to_vec(),
        };
        let local = local(field);
        let lit = Literal::byte_string(&bytes);
        call.lets
            .push(quote!(let #local: ::std::vec::Vec<u8> = #lit.to_vec();));
        push_use(call, field, op.request_required);
        self.counts.synthesized += 1;
    }

    /// No declared parts: the builder takes a whole form; send the example's
    /// properties (or one placeholder) as text parts.
    fn multipart_form(&mut self, op: &Operation, body: &Body<'_>, field: &str, call: &mut Call) {
        let value = values::request_body(body.page, body.media, body.media_obj).map(|c| c.value);
        let mut parts: Vec<(String, String)> = match value {
            Some(Value::Object(map)) => map
                .into_iter()
                .map(|(k, v)| match v {
                    Value::String(s) => (k, s),
                    other => (k, other.to_string()),
                })
                .collect(),
            _ => Vec::new(),
        };
        if parts.is_empty() {
            parts.push(("smoke".into(), "smoke".into()));
        }
        let rt = &self.paths.runtime;
        let names = parts.iter().map(|(k, _)| k);
        let texts = parts.iter().map(|(_, v)| v);
        let local = local(field);
        call.lets.push(quote! {
            let #local = #rt::Multipart::new()#(.text(#names, #texts))*;
        });
        push_use(call, field, op.request_required);
        self.counts.synthesized += 1;
    }

    /// One value per multipart part (`fields` are their builder fields), from the
    /// part's schema; files are always sent.
    fn multipart_parts(
        &mut self,
        op: &Operation,
        body: &Body<'_>,
        ty: Option<&Ty>,
        fields: &[String],
        call: &mut Call,
    ) {
        let props = body
            .media_obj
            .get("schema")
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_object);
        for (part, field) in multipart_parts(&self.api.types, ty).iter().zip(fields) {
            let required = part.required && !part.nullable;
            let what = format!("multipart part `{}`", part.wire_name);
            if matches!(part.ty, Ty::String(StrFormat::Binary)) {
                // Files are always sent: a file part is what such an operation is for.
                let local = local(field);
                let name = format!("{}.txt", part.wire_name);
                let rt = &self.paths.runtime;
                call.lets.push(quote! {
                    let #local = #rt::File::new(#name, b"smoke".to_vec());
                });
                push_use(call, field, required);
                self.counts.synthesized += 1;
                continue;
            }
            let schema = props
                .and_then(|p| p.get(&part.wire_name))
                .unwrap_or(&Value::Null);
            let (choice, skipped) = values::schema_value(schema, required);
            let Some(choice) = choice else {
                self.note(op, &what, &skipped);
                continue;
            };
            let t = if matches!(part.ty, Ty::String(_)) {
                quote!(::std::string::String)
            } else {
                emit::ty_tokens(&part.ty, &self.api.types, self.paths)
            };
            self.value(op, call, field, &what, t, &choice, required);
        }
    }

    /// Declares a value as a local deserialised from its JSON, and passes it to the
    /// builder as an argument (`required`) or through its setter.
    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        op: &Operation,
        call: &mut Call,
        field: &str,
        what: &str,
        t: TokenStream,
        choice: &Choice,
        required: bool,
    ) {
        self.note(op, what, &choice.skipped);
        if choice.source.is_docs_example() {
            self.counts.from_examples += 1;
        } else {
            self.counts.synthesized += 1;
        }
        let local = local(field);
        let label = format!("{what} (from {})", choice.source);
        let json = choice.value.to_string();
        call.lets
            .push(quote!(let #local: #t = arg!(#label, #json);));
        push_use(call, field, required);
    }

    /// Records the docs' examples passed over for `what`, with the reasons.
    fn note(&mut self, op: &Operation, what: &str, skipped: &[(Source, String)]) {
        for (source, why) in skipped {
            self.counts.passed_over += 1;
            self.notes.push(format!(
                "{} ({} {}): {what}: {source} passed over: {why}",
                op.operation_id,
                op.method.to_ascii_uppercase(),
                op.path
            ));
        }
    }
}

/// The local variable holding a builder field's value.
fn local(field: &str) -> proc_macro2::Ident {
    format_ident!("v_{}", field.trim_start_matches("r#"))
}

fn push_use(call: &mut Call, field: &str, required: bool) {
    let local = local(field);
    if required {
        call.args.push(quote!(#local));
    } else {
        let f = ident::ident(field);
        call.setters.push(quote!(.#f(#local)));
    }
}

/// The page's entry for an IR parameter: same location and name, or for a path
/// parameter the generator bound to a template variable of another name, the
/// page's path parameter that names no variable.
fn raw_param<'a>(raw: &'a [Value], p: &Param, path: &str) -> Option<&'a Value> {
    let location = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let name = |v: &Value| {
        v.get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let here: Vec<&Value> = raw
        .iter()
        .filter(|v| v.get("in").and_then(Value::as_str) == Some(location))
        .collect();
    if let Some(v) = here.iter().find(|v| name(v) == p.wire_name) {
        return Some(v);
    }
    if p.location != ParamLocation::Path {
        return None;
    }
    let norm = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let loose: Vec<&Value> = here
        .into_iter()
        .filter(|v| !path.contains(&format!("{{{}}}", name(v))))
        .collect();
    loose
        .iter()
        .find(|v| norm(&name(v)) == norm(&p.wire_name))
        .or(if loose.len() == 1 {
            loose.first()
        } else {
            None
        })
        .copied()
}

/// One line for the CLI.
pub fn summary_line(counts: &Counts) -> String {
    format!(
        "{} operations in {} APIs; {} values from the docs' examples, {} made from schemas, {} request examples passed over and {} response examples invalid (they violate their schema)",
        counts.operations,
        counts.apis,
        counts.from_examples,
        counts.synthesized,
        counts.passed_over,
        counts.invalid_responses
    )
}
