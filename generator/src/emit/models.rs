//! One item per named type: structs, string enums and unions.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::ir::{
    Extra, Field, FloatKind, StrFormat, StringEnum, Struct, Ty, TypeDef, TypeKind, TypeSpace, Union,
};

use super::types::{doc_attrs, doc_lines, ty_tokens, Paths};

/// The item (or items) for one named type.
pub fn type_item(def: &TypeDef, space: &TypeSpace, paths: &Paths) -> TokenStream {
    let mut docs = doc_attrs(&def.docs);
    if let Some(title) = &def.wire_name {
        if docs.is_empty() {
            docs = doc_lines(&[format!("{} in the docs.", crate::docs::name_span(title))]);
        }
    }
    let name = ident::ident(&def.rust_name);
    match &def.kind {
        TypeKind::Struct(s) => {
            let item = struct_item(&name, docs, s, def.derive_default, space, paths);
            let supers = super_froms(&name, def, s, space);
            quote!(#item #supers)
        }
        TypeKind::Enum(e) => enum_item(&name, docs, e, &paths.runtime),
        TypeKind::Union(u) => union_item(&name, docs, u, space, paths),
    }
}

/// `From<Self>` for each titled `allOf` base every field of which is one of this
/// struct's, with the same type: the struct is a superset of it.
fn super_froms(
    name: &proc_macro2::Ident,
    def: &TypeDef,
    s: &Struct,
    space: &TypeSpace,
) -> TokenStream {
    if s.fields.iter().any(|f| f.flatten) {
        return TokenStream::new();
    }
    let mut done = std::collections::BTreeSet::new();
    let mut out = TokenStream::new();
    for &base_id in &def.supers {
        let target = space.get(base_id).alias_of.unwrap_or(base_id);
        if !done.insert(target) {
            continue;
        }
        let base = space.get(target);
        let TypeKind::Struct(b) = &base.kind else {
            continue;
        };
        let mut moves = Vec::new();
        let all = b.fields.iter().all(|bf| {
            let Some(cf) = s.fields.iter().find(|cf| cf.wire_name == bf.wire_name) else {
                return false;
            };
            let same = cf.ty == bf.ty
                && cf.required == bf.required
                && cf.nullable == bf.nullable
                && cf.boxed == bf.boxed
                && !bf.flatten;
            let (to, from) = (ident::ident(&bf.rust_name), ident::ident(&cf.rust_name));
            moves.push(quote!(#to: value.#from));
            same
        });
        let extra_ok = match (&b.extra, &s.extra) {
            (Extra::Deny, _) => true,
            (Extra::Any, Extra::Any) => true,
            (Extra::Typed(a), Extra::Typed(c)) => a == c,
            _ => false,
        };
        if !all || !extra_ok {
            continue;
        }
        if !matches!(b.extra, Extra::Deny) {
            let (to, from) = (ident::ident(&b.extra_name), ident::ident(&s.extra_name));
            moves.push(quote!(#to: value.#from));
        }
        let base_name = ident::ident(&space.get(base_id).rust_name);
        let base_path = quote!(#base_name);
        let value = if moves.is_empty() {
            quote!(_value)
        } else {
            quote!(value)
        };
        let base_doc = &space.get(base_id).rust_name;
        let doc = format!(
            " {} to its `allOf` base [`{base_doc}`](super::{base_doc}), keeping the base's fields.",
            ident::type_link(&def.rust_name)
        );
        out.extend(quote! {
            #[doc = #doc]
            impl ::std::convert::From<#name> for super::#base_path {
                fn from(#value: #name) -> Self {
                    Self { #(#moves),* }
                }
            }
        });
    }
    out
}

/// A type alias: a title (or a site) whose shape another title's type defines.
pub fn alias_item(def: &TypeDef, target: &TypeDef) -> TokenStream {
    let mut docs = doc_attrs(&def.docs);
    let name = ident::ident(&def.rust_name);
    let target_name = ident::ident(&target.rust_name);
    let note = match &def.wire_name {
        Some(title) => format!(
            "{} in the docs, which give it the same shape as {}.",
            crate::docs::name_span(title),
            ident::type_link(&target.rust_name)
        ),
        None => format!("The same shape as {}.", ident::type_link(&target.rust_name)),
    };
    if docs.is_empty() {
        docs = doc_lines(&[note]);
    } else {
        docs.extend(doc_lines(&[String::new(), note]));
    }
    quote! {
        #docs
        pub type #name = #target_name;
    }
}

fn struct_item(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    s: &Struct,
    derive_default: bool,
    space: &TypeSpace,
    paths: &Paths,
) -> TokenStream {
    // A struct without a flattened base reads through `runtime::Object`: a few lines
    // instead of serde's derived visitor, which dominates the crate's compile time.
    let shared = !s.fields.iter().any(|f| f.flatten);
    let fields = s
        .fields
        .iter()
        .map(|f| field_tokens(f, space, paths, shared));
    let extra = match &s.extra {
        Extra::Deny => None,
        Extra::Any | Extra::Typed(_) => {
            let value = match &s.extra {
                Extra::Typed(t) => ty_tokens(t, space, paths),
                _ => quote!(::serde_json::Value),
            };
            let extra_name = ident::ident(&s.extra_name);
            let flatten = (!shared).then(|| quote!(#[serde(flatten)]));
            Some(quote! {
                /// Properties not declared in the docs, kept so that nothing is lost on a round trip.
                #flatten
                pub #extra_name: ::std::collections::BTreeMap<::std::string::String, #value>,
            })
        }
    };
    let default = derive_default.then(|| quote!(Default,));
    let (derive_serde, serde_impls) = if shared {
        let ser = serialize_impl(name, s, paths);
        let de = deserialize_impl(name, s, paths);
        (None, Some(quote!(#ser #de)))
    } else {
        (
            Some(quote!(::serde::Serialize, ::serde::Deserialize,)),
            None,
        )
    };
    let new = constructor(name, s, space, paths);
    let patch = json_patch_helpers(name, s, space, paths);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default #derive_serde)]
        pub struct #name {
            #(#fields)*
            #extra
        }

        #new
        #patch
        #serde_impls
    }
}

/// `Serialize` for a struct through `runtime::ObjectWriter`, with the rules of the
/// attributes [`field_tokens`] gives a struct whose impls are shared: optional
/// fields are left out when absent, a required one is written even when `null`.
fn serialize_impl(name: &proc_macro2::Ident, s: &Struct, paths: &Paths) -> TokenStream {
    let rt = &paths.runtime;
    let writes = s.fields.iter().map(|f| {
        let field = ident::ident(&f.rust_name);
        let wire = &f.wire_name;
        let put = match (f.required, f.nullable, matches!(f.ty, Ty::Any)) {
            (true, _, _) => quote!(required),
            (false, true, false) => quote!(nullable),
            (false, _, _) => quote!(option),
        };
        quote!(.#put(#wire, &self.#field))
    });
    let rest = (!matches!(s.extra, Extra::Deny)).then(|| {
        let extra_name = ident::ident(&s.extra_name);
        quote!(.rest(&self.#extra_name))
    });
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #rt::ObjectWriter::start(serializer)
                    #(#writes)*
                    #rest
                    .end()
            }
        }
    }
}

/// `Deserialize` for a struct through `runtime::Object`, with the rules of the
/// derive's attributes that [`field_tokens`] leaves out: absent optional fields are
/// `None`, and `null` stays apart from absent where the type says so.
fn deserialize_impl(name: &proc_macro2::Ident, s: &Struct, paths: &Paths) -> TokenStream {
    let rt = &paths.runtime;
    let inits: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let field = ident::ident(&f.rust_name);
            let wire = &f.wire_name;
            // Only a required property's read can fail here; the others keep their
            // error for `end` (see `runtime::Object`).
            match (f.required, f.nullable, matches!(f.ty, Ty::Any)) {
                (true, false, _) | (true, true, true) => quote!(#field: object.required(#wire)?,),
                (true, true, false) | (false, false, false) => {
                    quote!(#field: object.option(#wire),)
                }
                (false, _, true) => quote!(#field: object.some(#wire),),
                (false, true, false) => quote!(#field: object.nullable(#wire),),
            }
        })
        .collect();
    let rest = match &s.extra {
        Extra::Deny => None,
        Extra::Any => Some(quote!(object.rest_values())),
        Extra::Typed(_) => Some(quote!(object.rest())),
    };
    let rest = rest.map(|r| {
        let extra_name = ident::ident(&s.extra_name);
        quote!(#extra_name: #r,)
    });
    let body = if inits.is_empty() && rest.is_none() {
        quote! {
            let _ = #rt::Object::read(deserializer)?;
            ::std::result::Result::Ok(Self {})
        }
    } else {
        quote! {
            let mut object = #rt::Object::read(deserializer)?;
            let value = Self {
                #(#inits)*
                #rest
            };
            object.end(value)
        }
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #body
            }
        }
    }
}

/// A struct field. With `shared`, the struct's `Serialize` and `Deserialize` are
/// [`serialize_impl`]'s and [`deserialize_impl`]'s, and the field carries no serde
/// attributes; without, it carries those of the derives.
fn field_tokens(f: &Field, space: &TypeSpace, paths: &Paths, shared: bool) -> TokenStream {
    let name = ident::ident(&f.rust_name);
    let mut attrs = doc_attrs(&f.docs);
    if let Some(default) = &f.default {
        let line = format!(
            " Default: {}.",
            crate::docs::name_span(&default.to_string())
        );
        let lead = if attrs.is_empty() {
            None
        } else {
            Some(quote!(#[doc = ""]))
        };
        attrs.extend(quote!(#lead #[doc = #line]));
    }
    let ty = field_ty(f, space, paths);
    if !shared {
        attrs.extend(derive_attrs(f, paths));
    }
    quote! {
        #attrs
        pub #name: #ty,
    }
}

/// The serde attributes of a field of a struct whose impls are derived.
fn derive_attrs(f: &Field, paths: &Paths) -> TokenStream {
    if f.flatten {
        return quote!(#[serde(flatten)]);
    }
    let rename = (f.wire_name != f.rust_name).then(|| {
        let wire = &f.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let rt = &paths.runtime;
    let skip = quote!(skip_serializing_if = "::std::option::Option::is_none");
    let rest = match (f.required, f.nullable, matches!(f.ty, Ty::Any)) {
        // Required; if nullable, `null` is written back as `null`.
        (true, _, _) => None,
        // Optional JSON value: a `null` is kept as `Some(Value::Null)`, absent stays absent.
        (false, _, true) => {
            let some = format!("{rt}::deserialize_some").replace(' ', "");
            Some(quote!(#[serde(default, #skip, deserialize_with = #some)]))
        }
        (false, false, false) => Some(quote!(#[serde(default, #skip)])),
        // Optional and nullable: absent, `null` and a value stay apart.
        (false, true, false) => {
            let absent = format!("{rt}::Nullable::is_absent").replace(' ', "");
            Some(quote!(#[serde(default, skip_serializing_if = #absent)]))
        }
    };
    quote!(#rename #rest)
}

/// The value's own type: boxed where the cycle pass said so.
fn inner_ty(f: &Field, space: &TypeSpace, paths: &Paths) -> TokenStream {
    let inner = ty_tokens(&f.ty, space, paths);
    if f.boxed {
        quote!(::std::boxed::Box<#inner>)
    } else {
        inner
    }
}

/// The field's type: the value's own type, in an `Option` when absent or `null`
/// may stand for it, or a `Nullable` when both may.
fn field_ty(f: &Field, space: &TypeSpace, paths: &Paths) -> TokenStream {
    let inner = inner_ty(f, space, paths);
    if f.flatten {
        return inner;
    }
    let rt = &paths.runtime;
    match (f.required, f.nullable, matches!(f.ty, Ty::Any)) {
        (true, false, _) | (true, true, true) => inner,
        (true, true, false) | (false, false, _) | (false, true, true) => {
            quote!(::std::option::Option<#inner>)
        }
        (false, true, false) => quote!(#rt::Nullable<#inner>),
    }
}

/// `new(required…)`: every required field an argument (a boxed one given
/// unboxed), every other one absent. Only for structs with a required field;
/// the others derive or lack `Default` as their fields allow.
fn constructor(
    name: &proc_macro2::Ident,
    s: &Struct,
    space: &TypeSpace,
    paths: &Paths,
) -> Option<TokenStream> {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    if required.is_empty() {
        return None;
    }
    // A boxed field is given unboxed; a required nullable one as an `Option`.
    let optional = |f: &Field| f.nullable && !matches!(f.ty, Ty::Any) && !f.flatten;
    let args = required.iter().map(|f| {
        let arg = ident::ident(&f.rust_name);
        let ty = match (f.boxed, optional(f)) {
            (false, _) => field_ty(f, space, paths),
            (true, false) => ty_tokens(&f.ty, space, paths),
            (true, true) => {
                let inner = ty_tokens(&f.ty, space, paths);
                quote!(::std::option::Option<#inner>)
            }
        };
        quote!(#arg: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident::ident(&f.rust_name);
        match (f.required, f.boxed, optional(f)) {
            (true, true, false) => quote!(#field: ::std::boxed::Box::new(#field),),
            (true, true, true) => quote!(#field: #field.map(::std::boxed::Box::new),),
            (true, false, _) => quote!(#field,),
            (false, _, _) => quote!(#field: ::std::default::Default::default(),),
        }
    });
    let extra = (s.extra != Extra::Deny).then(|| {
        let extra_name = ident::ident(&s.extra_name);
        quote!(#extra_name: ::std::collections::BTreeMap::new(),)
    });
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        impl #name {
            /// A value with the required properties given and every other one absent.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits)*
                    #extra
                }
            }
        }
    })
}

/// For a JSON Patch operation (`op` an enum with `add`, `remove` and `replace`, a
/// string `path`, an optional `value`, nothing else required): `add(path, value)`,
/// `replace(path, value)` and `remove(path)`.
fn json_patch_helpers(
    name: &proc_macro2::Ident,
    s: &Struct,
    space: &TypeSpace,
    paths: &Paths,
) -> Option<TokenStream> {
    let field = |wire: &str| s.fields.iter().find(|f| f.wire_name == wire);
    let (op, path, value) = (field("op")?, field("path")?, field("value")?);
    let others_required = s
        .fields
        .iter()
        .any(|f| f.required && !["op", "path"].contains(&f.wire_name.as_str()));
    if !op.required || !path.required || value.required || others_required || value.flatten {
        return None;
    }
    if !matches!(path.ty, Ty::String(StrFormat::Plain)) || path.nullable {
        return None;
    }
    let Ty::Named(op_id) = op.ty else {
        return None;
    };
    let op_def = space.get(op_id);
    let TypeKind::Enum(e) = &op_def.kind else {
        return None;
    };
    let variant = |wire: &str| {
        e.values
            .iter()
            .find(|v| v.wire_name == wire)
            .map(|v| ident::ident(&v.rust_name))
    };
    let (add, remove, replace) = (variant("add")?, variant("remove")?, variant("replace")?);
    let op_ty = ty_tokens(&op.ty, space, paths);
    let value_ty = inner_ty(value, space, paths);
    let (op_f, path_f, value_f) = (
        ident::ident(&op.rust_name),
        ident::ident(&path.rust_name),
        ident::ident(&value.rust_name),
    );
    let rt = &paths.runtime;
    let present = if value.nullable && !matches!(value.ty, Ty::Any) {
        quote!(#rt::Nullable::Value(value.into()))
    } else {
        quote!(::std::option::Option::Some(value.into()))
    };
    let rest: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| !["op", "path", "value"].contains(&f.wire_name.as_str()))
        .map(|f| {
            let f = ident::ident(&f.rust_name);
            quote!(#f: ::std::default::Default::default(),)
        })
        .collect();
    let extra = (s.extra != Extra::Deny).then(|| {
        let extra_name = ident::ident(&s.extra_name);
        quote!(#extra_name: ::std::collections::BTreeMap::new(),)
    });
    Some(quote! {
        impl #name {
            /// `{"op": "add", "path": path, "value": value}`
            pub fn add(path: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<#value_ty>) -> Self {
                Self { #op_f: #op_ty::#add, #path_f: path.into(), #value_f: #present, #(#rest)* #extra }
            }

            /// `{"op": "replace", "path": path, "value": value}`
            pub fn replace(path: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<#value_ty>) -> Self {
                Self { #op_f: #op_ty::#replace, #path_f: path.into(), #value_f: #present, #(#rest)* #extra }
            }

            /// `{"op": "remove", "path": path}`
            pub fn remove(path: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { #op_f: #op_ty::#remove, #path_f: path.into(), #value_f: ::std::default::Default::default(), #(#rest)* #extra }
            }
        }
    })
}

fn enum_item(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    e: &StringEnum,
    rt: &TokenStream,
) -> TokenStream {
    let variants: Vec<_> = e
        .values
        .iter()
        .map(|v| ident::ident(&v.rust_name))
        .collect();
    let wires: Vec<_> = e.values.iter().map(|v| v.wire_name.as_str()).collect();
    let wire_docs = wires
        .iter()
        .map(|w| format!(" {}", crate::docs::name_span(w)));
    let other = ident::ident(&e.other_name);
    quote! {
        #docs
        ///
        /// Values this version does not know are kept in the last variant and written back unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#[doc = #wire_docs] #variants,)*
            /// A value not documented when this code was generated.
            #other(::std::string::String),
        }

        impl #name {
            /// The value as on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#other(value) => value,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#variants,)*
                    _ => Self::#other(value),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl #rt::QueryValue for #name {
            fn query_values(&self) -> ::std::vec::Vec<::std::string::String> {
                ::std::vec![self.as_str().to_owned()]
            }
        }
    }
}

/// `From<variant type>` for each variant whose Rust type no other variant shares,
/// so that `value.into()` builds the union.
fn variant_froms(
    name: &proc_macro2::Ident,
    u: &Union,
    space: &TypeSpace,
    paths: &Paths,
) -> TokenStream {
    // Types that are the same Rust type: `binary` strings are `String`, every
    // `number` is `Number`, and an alias is the type it names.
    fn rust_type(t: &Ty, space: &TypeSpace) -> Ty {
        let mut t = t.clone();
        t.walk_mut(&mut |t| match t {
            Ty::String(StrFormat::Binary) => *t = Ty::String(StrFormat::Plain),
            Ty::Float(_) => *t = Ty::Float(FloatKind::F64),
            Ty::Named(id) => *id = space.get(*id).alias_of.unwrap_or(*id),
            _ => {}
        });
        t
    }
    let kinds: Vec<Ty> = u.variants.iter().map(|v| rust_type(&v.ty, space)).collect();
    let mut out = TokenStream::new();
    for (v, kind) in u.variants.iter().zip(&kinds) {
        if kinds.iter().filter(|k| *k == kind).count() > 1 {
            continue;
        }
        let var = ident::ident(&v.rust_name);
        let t = ty_tokens(&v.ty, space, paths);
        let wrap = if v.boxed {
            quote!(Self::#var(::std::boxed::Box::new(value)))
        } else {
            quote!(Self::#var(value))
        };
        out.extend(quote! {
            impl ::std::convert::From<#t> for #name {
                fn from(value: #t) -> Self {
                    #wrap
                }
            }
        });
    }
    out
}

fn union_item(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    u: &Union,
    space: &TypeSpace,
    paths: &Paths,
) -> TokenStream {
    let variants: Vec<_> = u
        .variants
        .iter()
        .map(|v| ident::ident(&v.rust_name))
        .collect();
    let types: Vec<_> = u
        .variants
        .iter()
        .map(|v| {
            let t = ty_tokens(&v.ty, space, paths);
            if v.boxed {
                quote!(::std::boxed::Box<#t>)
            } else {
                t
            }
        })
        .collect();
    let froms = variant_froms(name, u, space, paths);
    let Some(tag) = &u.tag else {
        // A lenient variant can accept a value meant for a later one and change it
        // (an optional field reads `null` as absent): the first variant that writes
        // the value back unchanged wins, the first that accepts it otherwise.
        let rt = &paths.runtime;
        let no_match = format!("data did not match any variant of untagged enum {name}");
        return quote! {
            #docs
            ///
            /// Variants are tried in order; the first that reads the value and writes it
            /// back unchanged is taken, or else the first that reads it.
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants(#types),)*
            }

            #froms

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let mut accepted = ::std::option::Option::None;
                    #(
                        if let ::std::result::Result::Ok(v) = ::serde_json::from_value::<#types>(value.clone()) {
                            let v = Self::#variants(v);
                            if #rt::writes_back(&v, &value) {
                                return ::std::result::Result::Ok(v);
                            }
                            accepted.get_or_insert(v);
                        }
                    )*
                    accepted.ok_or_else(|| <D::Error as ::serde::de::Error>::custom(#no_match))
                }
            }
        };
    };
    let other = ident::ident(&u.other_name);
    let arms = u.variants.iter().zip(&variants).map(|(v, var)| {
        let tags = &v.tag_values;
        let conv = if v.boxed {
            quote!(|v| Self::#var(::std::boxed::Box::new(v)))
        } else {
            quote!(Self::#var)
        };
        quote!(#(::std::option::Option::Some(#tags))|* => ::serde_json::from_value(value).map(#conv),)
    });
    let tag_doc = format!(
        " The property {} tells the variants apart.",
        crate::docs::name_span(tag)
    );
    quote! {
        #docs
        ///
        #[doc = #tag_doc]
        /// A value with a tag this version does not know is kept whole in the last variant.
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants(#types),)*
            /// A value whose tag was not documented when this code was generated.
            #other(::serde_json::Value),
        }

        #froms

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#tag).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                let parsed = match tag.as_deref() {
                    #(#arms)*
                    _ => return ::std::result::Result::Ok(Self::#other(value)),
                };
                parsed.map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}
