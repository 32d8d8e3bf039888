//! Which tag features compile each model.
//!
//! In a generated crate ([`super::Layout::Crate`]) each tag module is behind its own
//! cargo feature. A model is compiled when a feature of a tag whose operations reach
//! it is on, so a crate built for one tag compiles only that tag's models: a model is
//! reached by an operation that names it in a parameter, request body or response
//! (success or error), and by every model that reaches it through a field, a union
//! variant or a map of undeclared properties. An alias reaches the type it names.
//!
//! Models that no HTTP operation reaches (the payloads of webhook pages, whose method
//! is `event`) have no tag module to follow; they are always compiled, and so is
//! every model they reach.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Extra, Operation, TagPlan, Ty, TypeId, TypeKind};

/// For each type of `api` (by index), the features of the tags that reach it, in
/// the tags' order; empty when no tag does.
pub fn model_features(api: &Api, tags: &[TagPlan]) -> Vec<Vec<String>> {
    let mut features: Vec<Vec<String>> = vec![Vec::new(); api.types.types.len()];
    for tag in tags {
        let mut seen: BTreeSet<TypeId> = BTreeSet::new();
        let mut stack: Vec<TypeId> = Vec::new();
        for op in &tag.operations {
            roots(&api.operations[op.index], &mut stack);
        }
        while let Some(id) = stack.pop() {
            if id.index() >= features.len() || !seen.insert(id) {
                continue;
            }
            features[id.index()].push(tag.feature.clone());
            children(api, id, &mut stack);
        }
    }
    // A model no tag reaches is always compiled, and so is everything it mentions,
    // even where a tag reaches that too.
    let mut always = vec![false; features.len()];
    let mut stack: Vec<TypeId> = api
        .types
        .ids()
        .filter(|id| features[id.index()].is_empty())
        .collect();
    while let Some(id) = stack.pop() {
        if id.index() >= always.len() || always[id.index()] {
            continue;
        }
        always[id.index()] = true;
        features[id.index()].clear();
        children(api, id, &mut stack);
    }
    features
}

/// `#[cfg(...)]` for a model compiled with any of `features`; nothing when it is
/// always compiled.
pub fn cfg(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The named types an operation's own code mentions.
fn roots(op: &Operation, out: &mut Vec<TypeId>) {
    for p in &op.params {
        p.ty.named(out);
    }
    for b in &op.request {
        if let Some(t) = &b.ty {
            t.named(out);
        }
    }
    for r in &op.responses {
        for b in &r.content {
            if let Some(t) = &b.ty {
                t.named(out);
            }
        }
    }
}

/// The named types a type's definition mentions.
fn children(api: &Api, id: TypeId, out: &mut Vec<TypeId>) {
    let named = |t: &Ty, out: &mut Vec<TypeId>| t.named(out);
    let def = api.types.get(id);
    out.extend(def.alias_of);
    out.extend(def.supers.iter().copied());
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                named(&f.ty, out);
            }
            if let Extra::Typed(t) = &s.extra {
                named(t, out);
            }
        }
        TypeKind::Enum(_) => {}
        TypeKind::Union(u) => {
            for v in &u.variants {
                named(&v.ty, out);
            }
        }
    }
}
