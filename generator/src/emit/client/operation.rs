//! One operation: the tag struct's method that starts a request, and the builder
//! with its setters, `request`, `send` and, for paged lists, `stream`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ident;
use crate::ir::{Api, Operation, OperationPlan, Param};

use super::super::types::{doc_lines, Paths};
use super::params::Fields;
use super::{bodies, pagination, params, responses};

/// The tag struct's method and the builder, error and success items of one operation.
pub(super) fn operation(
    api: &Api,
    op: &Operation,
    plan: &OperationPlan,
    paths: &Paths,
) -> (TokenStream, TokenStream) {
    let builder = ident::ident(&plan.builder);
    let error = ident::ident(&plan.error.name);
    let method_name = ident::ident(&plan.method);
    let http = format_ident!("{}", op.method.to_ascii_uppercase());

    // Fields: required params become arguments, optional ones setters.
    let mut fields = Fields::default();
    let (apply, path_params) = params::params(api, op, plan, paths, &mut fields);
    let path_parts = params::path(&op.path, &path_params);
    let body_apply = bodies::body(api, op, plan, paths, &mut fields);
    let accept_apply = responses::accept(op, plan);
    let (send, success_item) = responses::send(api, plan, paths, &error);
    let error_item = responses::error_enum(api, op, plan, paths);
    let payloads = plan.success_payloads();
    let stream = pagination::pagination(op, api, &payloads, &plan.param_fields, &error);

    let op_docs = doc_lines(&operation_docs(op));
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
    let Fields {
        struct_fields,
        args,
        inits,
        setters,
    } = fields;
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

            #send

            #stream
        }

        #success_item
        #error_item
    };
    (method, item)
}

/// The method's doc text: summary, description, route, scopes and the required
/// arguments.
fn operation_docs(op: &Operation) -> Vec<String> {
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
    doc_text
}
