//! One item per named type: structs, string enums and unions.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::ir::{Extra, Field, StringEnum, Struct, Ty, TypeDef, TypeKind, TypeSpace, Union};

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
        TypeKind::Struct(s) => struct_item(&name, docs, s, def.derive_default, space, paths),
        TypeKind::Enum(e) => enum_item(&name, docs, e, &paths.runtime),
        TypeKind::Union(u) => union_item(&name, docs, u, space, paths),
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
            Some(quote! {
                /// Properties not declared in the docs, kept so that nothing is lost on a round trip.
                #[serde(flatten)]
                pub #extra_name: ::std::collections::BTreeMap<::std::string::String, #value>,
            })
        }
    };
    let default = derive_default.then(|| quote!(Default,));
    let (derive_de, de_impl) = if shared {
        (None, Some(deserialize_impl(name, s, paths)))
    } else {
        (Some(quote!(::serde::Deserialize,)), None)
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, #derive_de)]
        pub struct #name {
            #(#fields)*
            #extra
        }

        #de_impl
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
            let take = match (f.required, f.nullable, matches!(f.ty, Ty::Any)) {
                (true, false, _) | (true, true, true) => quote!(required),
                (true, true, false) | (false, false, false) => quote!(option),
                (false, _, true) | (false, true, false) => quote!(some),
            };
            quote!(#field: object.#take(#wire)?,)
        })
        .collect();
    let rest = match &s.extra {
        Extra::Deny => None,
        Extra::Any => Some(quote!(object.rest_values())),
        Extra::Typed(_) => Some(quote!(object.rest()?)),
    };
    let rest = rest.map(|r| {
        let extra_name = ident::ident(&s.extra_name);
        quote!(#extra_name: #r,)
    });
    let object = match (inits.is_empty(), rest.is_some()) {
        (false, _) => quote!(let mut object),
        (true, true) => quote!(let object),
        (true, false) => quote!(let _),
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #object = #rt::Object::read(deserializer)?;
                ::std::result::Result::Ok(Self {
                    #(#inits)*
                    #rest
                })
            }
        }
    }
}

/// A struct field. With `shared`, the struct's `Deserialize` is [`deserialize_impl`]'s
/// and the field carries only the attributes `Serialize` needs.
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
    let mut inner = ty_tokens(&f.ty, space, paths);
    if f.boxed {
        inner = quote!(::std::boxed::Box<#inner>);
    }
    if f.flatten {
        return quote! {
            #attrs
            #[serde(flatten)]
            pub #name: #inner,
        };
    }
    if f.wire_name != f.rust_name {
        let wire = &f.wire_name;
        attrs.extend(quote!(#[serde(rename = #wire)]));
    }
    let rt = &paths.runtime;
    let some = format!("{rt}::deserialize_some").replace(' ', "");
    let any = matches!(f.ty, Ty::Any);
    let skip = quote!(skip_serializing_if = "::std::option::Option::is_none");
    let ty = match (f.required, f.nullable, any) {
        (true, false, _) | (true, true, true) => inner,
        // Required but nullable: `null` is written back as `null`.
        (true, true, false) => quote!(::std::option::Option<#inner>),
        // Optional JSON value: a `null` is kept as `Some(Value::Null)`, absent stays absent.
        (false, _, true) => {
            attrs.extend(if shared {
                quote!(#[serde(#skip)])
            } else {
                quote!(#[serde(default, #skip, deserialize_with = #some)])
            });
            quote!(::std::option::Option<#inner>)
        }
        (false, false, false) => {
            attrs.extend(if shared {
                quote!(#[serde(#skip)])
            } else {
                quote!(#[serde(default, #skip)])
            });
            quote!(::std::option::Option<#inner>)
        }
        // Optional and nullable: absent is `None`, `null` is `Some(None)`.
        (false, true, false) => {
            attrs.extend(if shared {
                quote!(#[serde(#skip)])
            } else {
                quote!(#[serde(default, #skip, deserialize_with = #some)])
            });
            quote!(::std::option::Option<::std::option::Option<#inner>>)
        }
    };
    quote! {
        #attrs
        pub #name: #ty,
    }
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
