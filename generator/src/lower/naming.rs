//! Names for every type: the `title` first, otherwise from context.
//!
//! Names depend only on the type itself and the places it is used, never on the
//! order pages were read in or on unrelated pages, so they stay stable as docs change:
//! - a type with a title is named after it (the smallest title, if merged shapes had several);
//! - when one title has several shapes, the shape used on the most pages keeps the
//!   title, and each other shape is named by what tells it apart: a property only it
//!   has, or only the first has (`ScheduleWithHours`, `ScheduleWithoutHours`), or
//!   failing that, by where it is used (`{Context}{Title}`); never by a counter;
//! - an anonymous type that every site gives one local name, at sites of more than one
//!   owner, is named from that name alone (`Detail` for a parameter `detail` of four
//!   operations); an owner-prefixed name is for a shape one owner has;
//!   When other shapes want that name too, an enum of up to three values is
//!   qualified by them (`IdentityType` for a `type` of `[IDENTITY]`);
//! - otherwise an anonymous type is named from the smallest of its contexts:
//!   `{Operation}Request`, `{Operation}Response`, `{Parent}{Field}`, `{Parent}{Field}Item`…
//!   Contexts refer to parents, so names are assigned in rounds, parents first.
//! - a name already taken gets the next context, then the title appended, then a number.

use std::collections::{BTreeMap, BTreeSet};

use crate::ident::{self, Namespace};
use crate::ir::{Ty, TypeId, TypeKind};

use super::schema::{FrameTarget, Hint, HintParent};

/// What the naming pass needs to know of one (merged) type.
pub struct NamingInput<'a> {
    /// The type's title.
    pub title: Option<&'a str>,
    /// Its shape, to tell shapes of one title apart.
    pub kind: &'a TypeKind,
    /// Contexts of the type.
    pub hints: &'a BTreeSet<Hint>,
    /// How many pages use it.
    pub pages: usize,
    /// The smallest page path using it, as a tie-breaker.
    pub first_page: String,
}

/// Enums of at most this many values may be named from their values.
const MAX_NAMING_VALUES: usize = 3;

/// The longest name made from an enum's values.
const MAX_QUALIFIED: usize = 40;

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
        if let Some(title) = t.title.map(ident::type_name) {
            by_title.entry(title).or_default().push(i);
        }
    }
    // The other shapes of a title are told apart from the first by what
    // distinguishes them (`ScheduleWithHours`); failing that, from context below.
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
            let name = distinguisher(types[other].kind, types[first].kind)
                .map(|d| ident::join_type(&[&title, &d]))
                .filter(|n| !taken.contains(n));
            match name {
                Some(name) => {
                    taken.reserve(&name);
                    names[other] = Some(name);
                }
                None => {
                    secondary.insert(other, title.clone());
                }
            }
        }
    }

    // A local name shared by the sites of one shape names it alone only when no
    // other shape wants the same name: two shapes called `petType` stay qualified.
    let local: Vec<Option<String>> = types.iter().map(|t| shared_local_name(t.hints)).collect();
    let mut wanted: BTreeMap<&str, usize> = BTreeMap::new();
    for name in local.iter().flatten() {
        *wanted.entry(name.as_str()).or_default() += 1;
    }
    // Otherwise a small enum is qualified by its values, which are its own
    // (`IdentityType` for a `type` of `[IDENTITY]` in many types): a name that no
    // other page can change.
    let local: Vec<Option<String>> = local
        .iter()
        .zip(types)
        .map(|(l, t)| {
            let l = l.clone()?;
            if wanted[l.as_str()] == 1 {
                return Some(l);
            }
            match t.kind {
                TypeKind::Enum(e) if (1..=MAX_NAMING_VALUES).contains(&e.values.len()) => {
                    // Sorted: the docs' order of values may change between versions.
                    let values: BTreeSet<&str> =
                        e.values.iter().map(|v| v.wire_name.as_str()).collect();
                    let values: Vec<&str> = values.into_iter().collect();
                    let qualified = ident::type_name(&format!("{} {l}", values.join(" ")));
                    (qualified.len() <= MAX_QUALIFIED).then_some(qualified)
                }
                _ => None,
            }
        })
        .collect();

    // Later rounds: from context, parents first.
    loop {
        let mut ready: Vec<(usize, Vec<String>)> = Vec::new();
        for i in 0..n {
            if names[i].is_some() {
                continue;
            }
            // Contexts of the local name most sites use come first (`owner` of three
            // types before `author` of one), smallest first: a new site under
            // another name leaves the name alone.
            let common = most_common_suffix(types[i].hints);
            let cands: Option<BTreeSet<(bool, String)>> = types[i]
                .hints
                .iter()
                .map(|h| candidate(h, &names, frame, 0).map(|c| (Some(&h.suffix) != common, c)))
                .collect();
            if let Some(cands) = cands {
                // Contexts that came to nothing (pages with errors) say nothing.
                let mut cands: Vec<String> = cands
                    .into_iter()
                    .map(|(_, c)| c)
                    .filter(|c| !c.is_empty())
                    .collect();
                let mut seen = BTreeSet::new();
                cands.retain(|c| seen.insert(c.clone()));
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
            // A shape of a title that another shape holds says so: `{Context}{Title}`.
            let options: Vec<String> = match secondary.get(&i) {
                Some(title) => cands
                    .iter()
                    .map(|c| match c.ends_with(title.as_str()) {
                        true => c.clone(),
                        false => ident::join_type(&[c, title]),
                    })
                    .collect(),
                None => cands.clone(),
            };
            // Every name taken: told apart from the type that holds the first one
            // by what distinguishes them (`EntitlementSourceWithOwner`), as shapes of
            // one title are; a number only when nothing does.
            let told_apart = || {
                let first = options.first()?;
                let holder = names
                    .iter()
                    .position(|n| n.as_deref() == Some(first.as_str()))?;
                let name =
                    ident::join_type(&[first, &distinguisher(types[i].kind, types[holder].kind)?]);
                (!taken.contains(&name)).then_some(name)
            };
            let chosen = options
                .iter()
                .find(|c| !c.is_empty() && !taken.contains(c))
                .cloned()
                .or_else(told_apart)
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

/// What tells a shape from `first`, another shape of its title: a property only it
/// has (`WithHours`), or one only `first` has (`WithoutHours`); for enums, a value.
fn distinguisher(kind: &TypeKind, first: &TypeKind) -> Option<String> {
    let names = |k: &TypeKind| -> Option<BTreeSet<String>> {
        match k {
            TypeKind::Struct(s) => Some(s.fields.iter().map(|f| f.wire_name.clone()).collect()),
            TypeKind::Enum(e) => Some(e.values.iter().map(|v| v.wire_name.clone()).collect()),
            TypeKind::Union(_) => None,
        }
    };
    let (mine, theirs) = (names(kind)?, names(first)?);
    if std::mem::discriminant(kind) != std::mem::discriminant(first) {
        return None;
    }
    let word = |w: &String| {
        let w = ident::type_name(w);
        (!w.is_empty()).then_some(w)
    };
    if let Some(extra) = mine.difference(&theirs).find_map(word) {
        return Some(format!("With{extra}"));
    }
    theirs
        .difference(&mine)
        .find_map(word)
        .map(|missing| format!("Without{missing}"))
}

/// The local name most sites of a type give it (the smallest of the most used).
fn most_common_suffix(hints: &BTreeSet<Hint>) -> Option<&String> {
    let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
    for h in hints {
        *counts.entry(&h.suffix).or_default() += 1;
    }
    let most = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(s, _)| s)
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
    Some(ident::join_type(&[&parent, &hint.suffix]))
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
                ident::join_type(&[item, "List"])
            }
        }
        Ty::Map(inner) => ident::join_type(&[&variant_label(inner, union_name, type_name), "Map"]),
        Ty::Nullable(inner) => variant_label(inner, union_name, type_name),
    }
}
