//! Request bodies: the builder fields that hold one, and the statement that puts
//! it on the request (JSON, form, bytes or multipart parts).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ident;
use crate::ir::{multipart_parts, Api, Encoding, Field, Operation, OperationPlan, StrFormat, Ty};

use super::super::types::{description_attrs, ty_tokens, Paths};
use super::params::{conversion, Fields};

/// Adds the body's fields to `fields` and returns the statement that puts the body
/// on the request; nothing without a body.
pub(super) fn body(
    api: &Api,
    op: &Operation,
    plan: &OperationPlan,
    paths: &Paths,
    fields: &mut Fields,
) -> TokenStream {
    let Some(body) = &plan.body else {
        return TokenStream::new();
    };
    let chosen = &op.request[body.index];
    let media = &chosen.media_type;
    match &body.encoding {
        Encoding::Json { field } | Encoding::Form { field } => {
            let f = ident::ident(field);
            let t = chosen
                .ty
                .as_ref()
                .map(|t| ty_tokens(t, &api.types, paths))
                .unwrap_or(quote!(::serde_json::Value));
            whole_body(op, &f, t, fields);
            let put = match &body.encoding {
                Encoding::Json { .. } => quote!(request.json(#media, body);),
                _ => quote!(request.form(body);),
            };
            wrap_body(op, &f, put)
        }
        Encoding::Bytes { field } => {
            let f = ident::ident(field);
            whole_body(op, &f, quote!(::std::vec::Vec<u8>), fields);
            wrap_body(op, &f, quote!(request.body_bytes(#media, body.clone());))
        }
        Encoding::MultipartForm { field } => {
            multipart_form(&ident::ident(field), op.request_required, fields)
        }
        Encoding::MultipartParts { fields: names } => {
            let props = multipart_parts(&api.types, chosen.ty.as_ref());
            parts(api, props, names, fields)
        }
    }
}

/// The body as one field: an argument when required, else the setter `f`.
fn whole_body(op: &Operation, f: &Ident, t: TokenStream, fields: &mut Fields) {
    if op.request_required {
        fields.required(f, &t, &t, false);
    } else {
        let doc = quote! {
            /// The request body.
        };
        fields.optional(f, &t, doc, &t, quote!(value));
    }
}

fn wrap_body(op: &Operation, f: &Ident, put: TokenStream) -> TokenStream {
    if op.request_required {
        quote!({ let body = &self.#f; #put })
    } else {
        quote!(if let ::std::option::Option::Some(body) = &self.#f { #put })
    }
}

/// A multipart body whose docs declare no parts (`type: object` alone): the caller
/// builds the form.
fn multipart_form(f: &Ident, required: bool, fields: &mut Fields) -> TokenStream {
    let t = quote!(runtime::Multipart);
    if required {
        fields.required(f, &t, &t, false);
        return quote!(request.multipart(self.#f.clone()););
    }
    let doc = quote! {
        /// The multipart form to send: the docs declare no parts.
    };
    fields.optional(f, &t, doc, &t, quote!(value));
    quote!(request.multipart(self.#f.clone().unwrap_or_default());)
}

/// Multipart bodies: each property of the body schema is a part (its field in
/// `names`); binary ones are files.
fn parts(api: &Api, props: &[Field], names: &[String], fields: &mut Fields) -> TokenStream {
    let paths = Paths {
        models: quote!(models),
        runtime: quote!(runtime),
    };
    let mut parts = Vec::new();
    for (p, name) in props.iter().zip(names) {
        let f = ident::ident(name);
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
            let t = ty_tokens(&p.ty, &api.types, &paths);
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
        let arg_ty = if matches!(p.ty, Ty::String(StrFormat::Plain)) {
            quote!(impl ::std::convert::Into<::std::string::String>)
        } else {
            t.clone()
        };
        if p.required && !p.nullable {
            fields.required(&f, &t, &arg_ty, into);
            parts.push(quote!({ let value = &self.#f; #add }));
        } else {
            let doc = description_attrs(p.docs.description.as_deref());
            fields.optional(&f, &t, doc, &arg_ty, conversion(into));
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
