//! Parameters: builder fields and setters, how each value is styled onto the
//! request, and the path with its parameters percent-encoded.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::ident;
use crate::ir::{Api, Operation, OperationPlan, Param, ParamLocation, Ty, TypeKind};

use super::super::types::{description_attrs, ty_tokens, Paths};

/// The pieces of a builder, added field by field: its struct fields, the method's
/// arguments (required fields), their initialisers and the setters (optional ones).
#[derive(Default)]
pub(super) struct Fields {
    pub(super) struct_fields: Vec<TokenStream>,
    pub(super) args: Vec<TokenStream>,
    pub(super) inits: Vec<TokenStream>,
    pub(super) setters: Vec<TokenStream>,
}

impl Fields {
    /// A required field: an argument of type `arg_ty`, stored as `t` (converted with
    /// `into()` when `into`).
    pub(super) fn required(
        &mut self,
        f: &Ident,
        t: &TokenStream,
        arg_ty: &TokenStream,
        into: bool,
    ) {
        self.struct_fields.push(quote!(#f: #t,));
        self.args.push(quote!(#f: #arg_ty));
        self.inits.push(if into {
            quote!(#f: #f.into(),)
        } else {
            quote!(#f,)
        });
    }

    /// An optional field: `None` until its setter (with `attrs` and an argument of
    /// type `arg_ty`) stores `conv` of the `value`.
    pub(super) fn optional(
        &mut self,
        f: &Ident,
        t: &TokenStream,
        attrs: TokenStream,
        arg_ty: &TokenStream,
        conv: TokenStream,
    ) {
        self.struct_fields
            .push(quote!(#f: ::std::option::Option<#t>,));
        self.inits.push(quote!(#f: ::std::option::Option::None,));
        self.setters.push(quote! {
            #attrs
            pub fn #f(mut self, value: #arg_ty) -> Self {
                self.#f = ::std::option::Option::Some(#conv);
                self
            }
        });
    }
}

/// The conversion of a setter's `value`: `value.into()` or the value itself.
pub(super) fn conversion(into: bool) -> TokenStream {
    if into {
        quote!(value.into())
    } else {
        quote!(value)
    }
}

/// Adds the parameters' fields to `fields`, and returns the statements that put the
/// query, header and cookie parameters on the request, and the styled value of
/// each path parameter by wire name.
pub(super) fn params<'o>(
    api: &Api,
    op: &'o Operation,
    plan: &OperationPlan,
    paths: &Paths,
    fields: &mut Fields,
) -> (Vec<TokenStream>, BTreeMap<&'o str, TokenStream>) {
    let mut apply = Vec::new();
    let mut path_params: BTreeMap<&str, TokenStream> = BTreeMap::new();
    for (p, name) in op.params.iter().zip(&plan.param_fields) {
        let f = ident::ident(name);
        let t = ty_tokens(&p.ty, &api.types, paths);
        let (arg_ty, into) = param_arg(p, api, paths);
        if p.required {
            fields.required(&f, &t, &arg_ty, into);
        } else {
            let doc = description_attrs(p.docs.description.as_deref());
            let deprecated = p.docs.deprecated.then(|| quote!(#[deprecated]));
            fields.optional(&f, &t, quote!(#doc #deprecated), &arg_ty, conversion(into));
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
                let value = if direct {
                    quote!(&self.#f)
                } else {
                    quote!(&runtime::json_param(&self.#f)?)
                };
                path_params.insert(
                    wire.as_str(),
                    quote!(runtime::path_param(#wire, #value, #style, #explode)),
                );
                continue;
            }
            ParamLocation::Query => quote!(request.query(#wire, #value, #style, #explode);),
            ParamLocation::Header => quote!(request.header(#wire, #value, #explode);),
            ParamLocation::Cookie => quote!(request.cookie(#wire, #value, #explode);),
        };
        apply.push(if inline {
            put
        } else {
            quote!(if let ::std::option::Option::Some(value) = &self.#f { #put })
        });
    }
    (apply, path_params)
}

/// The statements that build the path of `template`, percent-encoding each
/// parameter (`styled`, by wire name); a variable without a parameter stays as
/// written.
pub(super) fn path(template: &str, styled: &BTreeMap<&str, TokenStream>) -> Vec<TokenStream> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let literal = &rest[..open];
        parts.extend(push_literal(literal));
        let name = &rest[open + 1..close];
        match styled.get(name) {
            Some(styled) => parts.push(quote!(path.push_str(&#styled);)),
            None => {
                let raw = &rest[open..=close];
                parts.push(quote!(path.push_str(#raw);));
            }
        }
        rest = &rest[close + 1..];
    }
    parts.extend(push_literal(rest));
    parts
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
        Ty::Nullable(_) => false,
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
