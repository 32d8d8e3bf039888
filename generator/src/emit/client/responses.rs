//! Responses: the `Accept` header, what `send` returns on success (one payload, or
//! the success enum), and the error enum that parses documented error bodies.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ident;
use crate::ir::{Api, Operation, OperationPlan, Payload};

use super::super::types::{ty_tokens, Paths};

/// `request.accept(…)` with the media types of the successes and of every JSON
/// response; nothing when there are none.
pub(super) fn accept(op: &Operation, plan: &OperationPlan) -> TokenStream {
    let mut accept: Vec<&str> = plan
        .success
        .variants
        .iter()
        .filter_map(|v| v.media.as_deref())
        .collect();
    accept.extend(
        op.responses
            .iter()
            .flat_map(|r| r.content.iter().map(|b| b.media_type.as_str()))
            .filter(|m| m.contains("json")),
    );
    accept.sort();
    accept.dedup();
    if accept.is_empty() {
        TokenStream::new()
    } else {
        let joined = accept.join(", ");
        quote!(request.accept(#joined);)
    }
}

/// The builder's `send` method, and the success enum when the payloads differ (else
/// nothing).
///
/// One payload is read by the runtime's `send_json`, `send_empty` or `send_bytes`,
/// and `send` is a plain function returning that future: an `async fn` for every
/// operation costs `cargo check` of a large crate a seventh of its time. Several
/// payloads are told apart by status in an `async fn` of their own.
pub(super) fn send(
    api: &Api,
    plan: &OperationPlan,
    paths: &Paths,
    error: &Ident,
) -> (TokenStream, TokenStream) {
    let payload_ty = |p: &Payload| match p {
        Payload::Empty => quote!(()),
        Payload::Bytes => quote!(runtime::Bytes),
        Payload::Json(t) => ty_tokens(t, &api.types, paths),
    };
    let result = |ok: &TokenStream| quote!(::std::result::Result<runtime::Response<#ok>, runtime::Error<#error>>);
    if let [one] = plan.success_payloads()[..] {
        let ok = payload_ty(one);
        let result = result(&ok);
        let sender = match one {
            Payload::Empty => quote!(send_empty),
            Payload::Bytes => quote!(send_bytes),
            Payload::Json(_) => quote!(send_json),
        };
        let method = quote! {
            /// Sends the request.
            pub fn send(self) -> impl ::std::future::Future<Output = #result> + 'a {
                self.client.#sender(self.request(), self.options, #error::parse)
            }
        };
        return (method, TokenStream::new());
    }
    let success_name = ident::ident(&plan.success.name);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for s in &plan.success.variants {
        let v = ident::ident(&s.rust_name);
        let t = payload_ty(&s.payload);
        let doc = format!(" Status `{}`.", s.status);
        variants.push(quote!(#[doc = #doc] #v(#t),));
        // The body type is named: `map` could be the body's own (through `Deref`).
        let c = match &s.payload {
            Payload::Empty => quote!(raw.empty()),
            Payload::Bytes => quote!(raw.bytes()),
            Payload::Json(_) => quote!(raw.json::<#t>()?),
        };
        if let Some(pat) = status_pattern(&s.status) {
            arms.push(quote!(#pat => ::std::result::Result::Ok(#c.map(#success_name::#v)),));
        }
    }
    let doc = format!(
        " The success responses of {}.",
        ident::type_link(&plan.builder)
    );
    let item = quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #success_name {
            #(#variants)*
        }
    };
    let result = result(&quote!(#success_name));
    let method = quote! {
        /// Sends the request.
        pub async fn send(self) -> #result {
            let request = self.request()?.with_options(self.options);
            let raw = self.client.execute(request).await?;
            match raw.status.as_u16() {
                #(#arms)*
                _ => ::std::result::Result::Err(raw.into_error(#error::parse)),
            }
        }
    };
    (method, item)
}

/// The error enum: one variant per documented error body, and its parser.
pub(super) fn error_enum(
    api: &Api,
    op: &Operation,
    plan: &OperationPlan,
    paths: &Paths,
) -> TokenStream {
    let error = ident::ident(&plan.error.name);
    let mut evariants = Vec::new();
    let mut earms = Vec::new();
    let mut fallback = quote!(_ => ::std::option::Option::None,);
    let mut fallback_parse = None;
    for e in &plan.error.variants {
        let status = &e.status;
        let v = ident::ident(&e.rust_name);
        let tt = ty_tokens(&e.ty, &api.types, paths);
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
        " Documented error bodies of {}, by status.",
        ident::type_link(&plan.builder)
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
    quote! {
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
    }
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
