//! `.stream()` for list operations paged with `limit` and `offset`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ident;
use crate::ir::{Api, IntKind, Operation, Param, ParamLocation, Payload, Ty};

use super::super::types::{ty_tokens, Paths};

/// The `limit` and `offset` parameters (by index in `Operation::params`) and the
/// item type of a list operation that gets a `.stream()`: optional integer query
/// parameters, one JSON array payload.
pub(super) fn paged<'p>(
    op: &Operation,
    payloads: &[&'p Payload],
) -> Option<(usize, usize, &'p Ty)> {
    let find = |name: &str| {
        op.params.iter().position(|p| {
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

/// `.stream()` for SailPoint-style `limit`/`offset` list operations; `fields` are
/// the builder fields of the parameters.
pub(super) fn pagination(
    op: &Operation,
    api: &Api,
    payloads: &[&Payload],
    fields: &[String],
    error: &Ident,
) -> TokenStream {
    let Some((limit, offset, item)) = paged(op, payloads) else {
        return TokenStream::new();
    };
    let paths = Paths {
        models: quote!(models),
        runtime: quote!(runtime),
    };
    let item = ty_tokens(item, &api.types, &paths);
    let lf = ident::ident(&fields[limit]);
    let of = ident::ident(&fields[offset]);
    let (limit, offset) = (&op.params[limit], &op.params[offset]);
    let conv = |v: TokenStream, p: &Param| match p.ty {
        Ty::Int(IntKind::I64) => v,
        _ => quote!(::std::convert::TryFrom::try_from(#v).unwrap_or_default()),
    };
    let set_limit = conv(quote!(limit), limit);
    let set_offset = conv(quote!(offset), offset);
    let widen = |f: &Ident, p: &Param| match p.ty {
        Ty::Int(IntKind::I64) => quote!(self.#f),
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
