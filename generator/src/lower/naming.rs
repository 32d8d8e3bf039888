//! Names for every type: the `title` first, otherwise from context.
//!
//! Names depend only on the type itself and the places it is used, never on the
//! order pages were read in or on unrelated pages, so they stay stable as docs change:
//! - a type with a title is named after it (the smallest title, if merged shapes had several);
//! - when one title has several shapes, the shape used on the most pages keeps the
//!   title, and each other shape is named from where it is used, like an anonymous type;
//! - an anonymous type that every site gives one local name, at sites of more than one
//!   owner, is named from that name alone (`Detail` for a parameter `detail` of four
//!   operations); an owner-prefixed name is for a shape one owner has;
//! - otherwise an anonymous type is named from the smallest of its contexts:
//!   `{Operation}Request`, `{Operation}Response`, `{Parent}{Field}`, `{Parent}{Field}Item`…
//!   Contexts refer to parents, so names are assigned in rounds, parents first.
//! - a name already taken gets the next context, then the title appended, then a number.

use std::collections::{BTreeMap, BTreeSet};

use crate::ident::{self, Namespace};
use crate::ir::{Ty, TypeId};

use super::schema::{FrameTarget, Hint, HintParent};

/// What the naming pass needs to know of one (merged) type.
pub struct NamingInput<'a> {
    /// Titles of the type.
    pub titles: &'a BTreeSet<String>,
    /// Contexts of the type.
    pub hints: &'a BTreeSet<Hint>,
    /// How many pages use it.
    pub pages: usize,
    /// The smallest page path using it, as a tie-breaker.
    pub first_page: String,
}

/// Assigns a unique Rust name to every type. `frame` resolves the frame of a hint
/// parent to the merged type (or the hint) it became.
pub fn assign_names(
    types: &[NamingInput<'_>],
    frame: &dyn Fn(u32) -> FrameTarget,
    taken: &mut Namespace,
) -> Vec<String> {
    let n = types.len();
    let mut names: Vec<Option<String>> = vec![None; n];

    // Round 0: titles. Per title, the most used shape keeps it.
    let mut by_title: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, t) in types.iter().enumerate() {
        if let Some(title) = t.titles.iter().map(|t| ident::type_name(t)).min() {
            by_title.entry(title).or_default().push(i);
        }
    }
    let mut secondary: BTreeMap<usize, String> = BTreeMap::new();
    for (title, mut group) in by_title {
        group.sort_by(|&a, &b| priority(&types[a], &types[b]));
        let first = group[0];
        if !taken.contains(&title) {
            taken.reserve(&title);
            names[first] = Some(title.clone());
        } else {
            secondary.insert(first, title.clone());
        }
        for &other in &group[1..] {
            secondary.insert(other, title.clone());
        }
    }

    // A local name shared by the sites of one shape names it alone only when no
    // other shape wants the same name: two shapes called `petType` stay qualified.
    let local: Vec<Option<String>> = types.iter().map(|t| shared_local_name(t.hints)).collect();
    let mut wanted: BTreeMap<&str, usize> = BTreeMap::new();
    for name in local.iter().flatten() {
        *wanted.entry(name.as_str()).or_default() += 1;
    }
    let local: Vec<Option<String>> = local
        .iter()
        .map(|l| l.clone().filter(|n| wanted[n.as_str()] == 1))
        .collect();

    // Later rounds: from context, parents first.
    loop {
        let mut ready: Vec<(usize, Vec<String>)> = Vec::new();
        for i in 0..n {
            if names[i].is_some() {
                continue;
            }
            let cands: Option<BTreeSet<String>> = types[i]
                .hints
                .iter()
                .map(|h| candidate(h, &names, frame, 0))
                .collect();
            if let Some(cands) = cands {
                // Contexts that came to nothing (pages with errors) say nothing.
                let cands: Vec<String> = cands.into_iter().filter(|c| !c.is_empty()).collect();
                ready.push((
                    i,
                    match shared_response_name(types[i].hints) {
                        Some(n) => vec![n],
                        None => local[i].clone().into_iter().chain(cands).collect(),
                    },
                ));
            }
        }
        if ready.is_empty() {
            break;
        }
        ready.sort_by(|(a, ca), (b, cb)| {
            ca.first()
                .cmp(&cb.first())
                .then(priority(&types[*a], &types[*b]))
        });
        for (i, cands) in ready {
            let title = secondary.get(&i);
            let mut options: Vec<String> = cands.clone();
            if let Some(title) = title {
                options.extend(cands.iter().map(|c| format!("{c}{title}")));
            }
            let chosen = options
                .iter()
                .find(|c| !c.is_empty() && !taken.contains(c))
                .cloned()
                .unwrap_or_else(|| {
                    let base = options
                        .first()
                        .cloned()
                        .unwrap_or_else(|| "Type".to_string());
                    taken.claim(base)
                });
            taken.reserve(&chosen);
            names[i] = Some(chosen);
        }
    }

    // Whatever is left has contexts that never resolve (should not happen): a fallback
    // from its own suffix, still unique.
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            name.unwrap_or_else(|| {
                let base = types[i]
                    .hints
                    .iter()
                    .next()
                    .map(|h| h.suffix.clone())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "Type".to_string());
                let name = taken.claim(base);
                taken.reserve(&name);
                name
            })
        })
        .collect()
}

/// An error body shared by several operations under one status (`UnauthorizedResponse`)
/// is named after the status alone: no one operation owns it.
fn shared_response_name(hints: &BTreeSet<Hint>) -> Option<String> {
    let mut ops = BTreeSet::new();
    let mut suffix = None;
    for h in hints {
        let HintParent::Operation(op) = &h.parent else {
            return None;
        };
        if suffix.is_some_and(|s: &String| *s != h.suffix) {
            return None;
        }
        suffix = Some(&h.suffix);
        ops.insert(op);
    }
    let suffix = suffix?;
    let status_specific = suffix.ends_with("Response") && suffix != "Response";
    (status_specific && ops.len() > 1).then(|| suffix.clone())
}

/// A shape every site of which gives it the same local name, at sites of more than
/// one owner (a parameter `detail` of four operations, a field `status` of three
/// types), is named from that name alone (`Detail`): no one owner has it. Names too
/// generic to stand alone are left to the owners.
fn shared_local_name(hints: &BTreeSet<Hint>) -> Option<String> {
    const GENERIC: &[&str] = &[
        "Request", "Response", "Item", "Items", "Value", "Data", "Body", "Object", "Map", "List",
        "String", "Integer", "Number", "Boolean",
    ];
    let mut suffix: Option<&String> = None;
    let mut parents = BTreeSet::new();
    for h in hints {
        if suffix.is_some_and(|s| *s != h.suffix) {
            return None;
        }
        suffix = Some(&h.suffix);
        parents.insert(&h.parent);
    }
    let suffix = suffix?;
    let generic = GENERIC.contains(&suffix.as_str())
        || suffix.ends_with("Response")
        || suffix.ends_with("Request")
        || suffix.ends_with("Item")
        || suffix.starts_with("Variant")
        || suffix.is_empty();
    // The suffix was made to follow a parent's name: alone it may be a keyword.
    (parents.len() > 1 && !generic).then(|| ident::type_name(suffix))
}

fn priority(a: &NamingInput<'_>, b: &NamingInput<'_>) -> std::cmp::Ordering {
    b.pages
        .cmp(&a.pages)
        .then_with(|| a.first_page.cmp(&b.first_page))
}

fn candidate(
    hint: &Hint,
    names: &[Option<String>],
    frame: &dyn Fn(u32) -> FrameTarget,
    depth: usize,
) -> Option<String> {
    if depth > 64 {
        return None;
    }
    let parent = match &hint.parent {
        HintParent::Operation(op) => op.clone(),
        HintParent::Frame(f) => match frame(*f) {
            FrameTarget::Type(id) => names[id.index()].clone()?,
            FrameTarget::Hint(h) => candidate(&h, names, frame, depth + 1)?,
            FrameTarget::Pending => return Some(String::new()),
        },
    };
    Some(format!("{}{}", parent.trim_end_matches('_'), hint.suffix))
}

/// Names the variants of a union from their types. `type_name` gives the name of
/// a named type; `union_name` is stripped from the front of variant names where
/// that leaves a name (`TransformVariant1` in `Transform` becomes `Variant1`).
pub fn variant_label(ty: &Ty, union_name: &str, type_name: &dyn Fn(TypeId) -> String) -> String {
    match ty {
        Ty::Named(id) => {
            let name = type_name(*id);
            match name.strip_prefix(union_name) {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => {
                    rest.to_string()
                }
                _ => name,
            }
        }
        Ty::Any | Ty::Circular(_) => "Value".into(),
        Ty::Bool => "Boolean".into(),
        Ty::Int(_) => "Integer".into(),
        Ty::Float(_) => "Number".into(),
        Ty::String(_) => "String".into(),
        Ty::Array(inner) => {
            // The items of a `List` member are named `…ListItem`: the variant is `List`.
            let item = variant_label(inner, union_name, type_name);
            let item = item.strip_suffix("Item").unwrap_or(&item);
            if item.ends_with("List") {
                item.to_string()
            } else {
                format!("{item}List")
            }
        }
        Ty::Map(inner) => format!("{}Map", variant_label(inner, union_name, type_name)),
        Ty::Nullable(inner) => variant_label(inner, union_name, type_name),
    }
}
