//! Type expressions and doc attributes as tokens.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs;
use crate::ident;
use crate::ir::{Docs, IntKind, StrFormat, Ty, TypeSpace};

/// Where the emitted code finds the API's models and the runtime module.
#[derive(Clone)]
pub struct Paths {
    /// Path to the models module, e.g. `super` from inside a model file.
    pub models: TokenStream,
    /// Path to the runtime module.
    pub runtime: TokenStream,
}

/// The Rust type for a type expression.
pub fn ty_tokens(ty: &Ty, space: &TypeSpace, paths: &Paths) -> TokenStream {
    match ty {
        Ty::Any => quote!(::serde_json::Value),
        Ty::Bool => quote!(bool),
        Ty::Int(IntKind::I8) => quote!(i8),
        Ty::Int(IntKind::I16) => quote!(i16),
        Ty::Int(IntKind::I32) => quote!(i32),
        Ty::Int(IntKind::I64) => quote!(i64),
        // Any `number`: an `f64` would write `5` back as `5.0`.
        Ty::Float(_) => {
            let rt = &paths.runtime;
            quote!(#rt::Number)
        }
        Ty::String(format) => {
            let rt = &paths.runtime;
            match format {
                StrFormat::Plain | StrFormat::Binary => quote!(::std::string::String),
                StrFormat::DateTime => quote!(#rt::DateTime),
                StrFormat::Date => quote!(#rt::Date),
                StrFormat::Uuid => quote!(#rt::Uuid),
                StrFormat::Byte => quote!(#rt::Base64),
            }
        }
        Ty::Array(inner) => {
            let inner = ty_tokens(inner, space, paths);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(inner, space, paths);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        Ty::Nullable(inner) => {
            let inner = ty_tokens(inner, space, paths);
            quote!(::std::option::Option<#inner>)
        }
        Ty::Named(id) => {
            let models = &paths.models;
            let name = ident::ident(&space.get(*id).rust_name);
            quote!(#models::#name)
        }
    }
}

/// `#[doc = "…"]` attributes for a description, plus `#[deprecated]`.
pub fn doc_attrs(d: &Docs) -> TokenStream {
    let mut out = description_attrs(d.description.as_deref());
    if d.deprecated {
        out.extend(quote!(#[deprecated]));
    }
    out
}

/// `#[doc = "…"]` attributes for a text; nothing for none.
pub fn description_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    doc_lines(&docs::to_rustdoc(text))
}

/// `#[doc = "…"]` attributes for ready-made markdown lines.
pub fn doc_lines(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#(#[doc = #lines])*)
}
