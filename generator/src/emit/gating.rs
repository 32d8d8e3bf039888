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

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{reachable, Api, Follow, TagPlan, TypeId};

/// For each type of `api` (by index), the features of the tags that reach it, in
/// the tags' order; empty when no tag does.
pub fn model_features(api: &Api, tags: &[TagPlan]) -> Vec<Vec<String>> {
    let mut features: Vec<Vec<String>> = vec![Vec::new(); api.types.types.len()];
    for tag in tags {
        let mut roots: Vec<TypeId> = Vec::new();
        for op in &tag.operations {
            api.operations[op.index].for_each_ty(&mut |t| t.named(&mut roots));
        }
        for id in reachable(&api.types, roots, Follow::Definitions) {
            features[id.index()].push(tag.feature.clone());
        }
    }
    // A model no tag reaches is always compiled, and so is everything it mentions,
    // even where a tag reaches that too.
    let unreached: Vec<TypeId> = api
        .types
        .ids()
        .filter(|id| features[id.index()].is_empty())
        .collect();
    for id in reachable(&api.types, unreached, Follow::Definitions) {
        features[id.index()].clear();
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
