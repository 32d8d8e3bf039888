//! The client: one module per tag, one request builder per operation.
//!
//! Each operation becomes a thin builder that fills a `runtime::Request` and maps
//! the `runtime::RawResponse`. Everything else (auth, retries, timeouts, encoding)
//! lives once in the runtime, so the per-operation code stays small. Every name
//! comes from the API's client plan (`Api::client`), decided by lowering.

mod bodies;
mod operation;
mod pagination;
mod params;
mod quick_start;
mod responses;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::ir::{Api, SecurityScheme, TagPlan};

use super::types::Paths;

pub(crate) use quick_start::quick_start;

/// The API's `Client` and its tag accessors, for the API's `mod.rs`.
pub fn api_client(api: &Api, tags: &[TagPlan], gated: bool) -> TokenStream {
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
pub fn tag_module(api: &Api, tag: &TagPlan) -> TokenStream {
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
    let mut methods = Vec::new();
    let mut items = Vec::new();
    for plan in &tag.operations {
        let op = &api.operations[plan.index];
        let (method, item) = operation::operation(api, op, plan, &paths);
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
