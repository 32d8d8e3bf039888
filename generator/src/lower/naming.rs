//! Names for every type: the `title` first, otherwise from the local name at its sites.
//!
//! Names depend only on the type itself and the places it is used, never on the
//! order pages were read in or on unrelated pages, so they stay stable as docs change:
//! - a type with a title is named after it (the smallest title, if merged shapes had several);
//! - when one title has several shapes, the shape used on the most pages keeps the
//!   title, and each other shape is named by what tells it apart: a property only it
//!   has, or only the first has (`ScheduleWithHours`, `ScheduleWithoutHours`), or one
//!   whose kind of type differs (`WithStringType`), or an enum property with a value
//!   only it has (`WithInvalidSwapError`), or its kind (`Union`), or failing that, by where it is
//!   used (`{Context}{Title}`);
//! - an untitled shape has one local name: identical shapes of other local names are
//!   types of their own (see [`local_key`]), sharing one definition through aliases;
//! - an untitled enum, and an untitled struct whose sites have more than one owner
//!   (a titled type and its variants, `Foo` and `FooDocuments`, count as one),
//!   is named from its local name alone (`Detail` for a parameter `detail`); a name
//!   other shapes want too, or a title holds, is qualified by what is the shape's own:
//!   a small enum's values (`IdentityType`), the words every owner begins with
//!   (`SodViolationOwner`), a property the others lack (`OwnerWithEmail`; the one
//!   shape with nothing of its own keeps `Owner`). An enum's name so depends on its
//!   values and its local name, not on how many pages use it;
//! - otherwise an anonymous type is named from the smallest of its contexts:
//!   `{Operation}Request`, `{Operation}Response`, `{Parent}{Field}`, `{Parent}{Field}Item`…
//!   Contexts refer to parents, so names are assigned in rounds, parents first.
//! - a name already taken gets the next context, then what tells it from the holder,
//!   then a number (the last resort, for shapes nothing tells apart).

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

/// The local name that keeps an untitled shape apart from identical shapes of other
/// local names (`None` for a titled one): sites that call a shape `identity` and
/// sites that call it `owner` get types of their own, which share one definition.
pub fn local_key<'a>(title: Option<&str>, hint: Option<&'a Hint>) -> Option<&'a str> {
    match title {
        Some(_) => None,
        None => hint.map(|h| h.suffix.as_str()),
    }
}

/// Whose part a site is: an operation, or the type (or hint) a frame became.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Operation(String),
    Type(TypeId),
    Hint(Hint),
    Frame(u32),
}

fn owner_of(hint: &Hint, frame: &dyn Fn(u32) -> FrameTarget) -> Owner {
    match &hint.parent {
        HintParent::Operation(op) => Owner::Operation(op.clone()),
        HintParent::Frame(f) => match frame(*f) {
            FrameTarget::Type(id) => Owner::Type(id),
            FrameTarget::Hint(h) => Owner::Hint(h),
            FrameTarget::Pending => Owner::Frame(*f),
        },
    }
}

/// How many owners a shape has when a titled type and its variants count as one: a
/// title whose words begin with another owner's, a plural aside (`IdentityDocuments`
/// and `IdentityDocument`, `EntitlementDocument` and `Entitlement`). A shape that a
/// type shares with its own list or document form is still that type's, and keeps
/// its `{Parent}{Field}` name when such a variant comes to use it.
fn owner_families(owners: &BTreeSet<Owner>, types: &[NamingInput<'_>]) -> usize {
    let mut titled: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut others = 0;
    for owner in owners {
        let title = match owner {
            Owner::Type(id) => types.get(id.index()).and_then(|t| t.title),
            _ => None,
        };
        match title {
            Some(title) => {
                let words = ident::camel_words(&ident::type_name(title))
                    .into_iter()
                    .map(|w| match w.strip_suffix('s') {
                        Some(stem) if stem.len() > 2 && !stem.ends_with('s') => stem.to_string(),
                        _ => w,
                    })
                    .collect();
                titled.insert(words);
            }
            None => others += 1,
        }
    }
    let roots = titled
        .iter()
        .filter(|w| {
            !titled
                .iter()
                .any(|root| root.len() < w.len() && w.starts_with(root))
        })
        .count();
    roots + others
}

/// Whether every site of a shape gives it one local name, in more than one owner of
/// one family (see [`owner_families`]).
fn one_family(
    t: &NamingInput<'_>,
    types: &[NamingInput<'_>],
    frame: &dyn Fn(u32) -> FrameTarget,
) -> bool {
    let suffixes: BTreeSet<&String> = t.hints.iter().map(|h| &h.suffix).collect();
    let owners: BTreeSet<Owner> = t.hints.iter().map(|h| owner_of(h, frame)).collect();
    suffixes.len() == 1 && owners.len() > 1 && owner_families(&owners, types) == 1
}

/// How an untitled shape is named from its one local name at sites of several owners.
#[derive(Default, Clone)]
struct Local {
    /// The local name, as a type name (`Owner`).
    name: String,
    /// The name alone, when no other shape or title wants it.
    bare: Option<String>,
    /// A small enum's values and the name (`IdentityType`).
    values: Option<String>,
    /// A property that tells the shape from the others that want the name
    /// (`OwnerWithEmail`); the bare name for the one shape that has none.
    property: Option<String>,
}

impl Local {
    /// The names before any context: the intrinsic ones, then `prefixed`.
    fn options(&self, prefixed: Option<String>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in [&self.bare, &self.values]
            .into_iter()
            .flatten()
            .cloned()
            .chain(prefixed)
            .chain(self.property.clone())
        {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }
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
    let secondary = name_titles(types, &mut names, taken);
    let local = local_names(types, frame, &names, taken);

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
            let Some(cands) = cands else { continue };
            // Contexts that came to nothing (pages with errors) say nothing.
            let mut cands: Vec<String> = cands
                .into_iter()
                .map(|(_, c)| c)
                .filter(|c| !c.is_empty())
                .collect();
            let mut seen = BTreeSet::new();
            cands.retain(|c| seen.insert(c.clone()));
            // A shape of one type and its variants is the type's: its context first
            // (`EntitlementSource` before `EntitlementDocumentSource`).
            if one_family(&types[i], types, frame) {
                cands.sort_by_key(String::len);
            }
            let options = match (shared_response_name(types[i].hints), &local[i]) {
                (Some(name), _) => vec![name],
                (None, Some(l)) => {
                    let prefixed = owner_prefixed(&l.name, types[i].hints, &names, frame);
                    l.options(prefixed).into_iter().chain(cands).collect()
                }
                (None, None) => cands,
            };
            ready.push((i, options));
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
            let chosen = choose(i, &cands, secondary.get(&i), types, &names, taken);
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

/// Round 0: titles. Per title, the most used shape keeps it; the others are told
/// apart from it by what distinguishes them (`ScheduleWithHours`). Returns the
/// shapes left to be named from context, with their title.
fn name_titles(
    types: &[NamingInput<'_>],
    names: &mut [Option<String>],
    taken: &mut Namespace,
) -> BTreeMap<usize, String> {
    let mut by_title: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, t) in types.iter().enumerate() {
        if let Some(title) = t.title.map(ident::type_name) {
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
            let name = distinguisher(types[other].kind, types[first].kind, types)
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
    secondary
}

/// The local names of shapes named from their one local name (see [`Local`]). A name
/// that other shapes want too, or a title holds, is qualified by what is the shape's
/// own: its values, or a property the others lack; never by the other pages.
fn local_names(
    types: &[NamingInput<'_>],
    frame: &dyn Fn(u32) -> FrameTarget,
    names: &[Option<String>],
    taken: &Namespace,
) -> Vec<Option<Local>> {
    // Titled types are named by their titles, save the other shapes of a title.
    let mut local: Vec<Option<Local>> = types
        .iter()
        .zip(names)
        .map(|(t, named)| {
            if named.is_some() {
                return None;
            }
            let owners: BTreeSet<Owner> = t.hints.iter().map(|h| owner_of(h, frame)).collect();
            let name = shared_local_name(t.hints, owner_families(&owners, types), t.kind)?;
            Some(Local {
                name,
                ..Local::default()
            })
        })
        .collect();
    let mut wanted: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, l) in local.iter().enumerate() {
        if let Some(l) = l {
            wanted.entry(l.name.clone()).or_default().push(i);
        }
    }
    // A name another shape has from its values (`ClusterType` for a `type` of
    // `[CLUSTER]`) is its own, and no other shape's local name alone.
    let by_values: BTreeMap<String, usize> = local
        .iter()
        .enumerate()
        .filter_map(|(i, l)| Some((enum_values_name(types[i].kind, &l.as_ref()?.name)?, i)))
        .collect();
    for (name, group) in wanted {
        let holder = names
            .iter()
            .position(|n| n.as_deref() == Some(name.as_str()));
        let valued = by_values.get(&name).is_some_and(|i| !group.contains(i));
        let free = !taken.contains(&name) && !valued;
        if group.len() == 1 && free {
            if let Some(l) = &mut local[group[0]] {
                l.bare = Some(name);
            }
            continue;
        }
        // The shapes the name must tell apart: the others of the group, and a
        // titled type that holds it.
        let rivals = |i: usize| -> Vec<&TypeKind> {
            group
                .iter()
                .copied()
                .chain(holder)
                .filter(|&j| j != i)
                .map(|j| types[j].kind)
                .collect()
        };
        let mut plain = Vec::new();
        for &i in &group {
            let property = own_property(types[i].kind, &rivals(i), types);
            let values = enum_values_name(types[i].kind, &name);
            if let Some(l) = &mut local[i] {
                if property.is_none() && values.is_none() {
                    plain.push(i);
                }
                l.values = values;
                l.property = property.map(|p| ident::join_type(&[&name, &p]));
            }
        }
        // The one shape with nothing of its own keeps the name alone.
        if let ([only], true) = (plain.as_slice(), free) {
            if let Some(l) = &mut local[*only] {
                l.property = Some(name.clone());
            }
        }
    }
    local
}

/// A small enum qualified by its values, which are its own (`IdentityType` for a
/// `type` of `[IDENTITY]`): a name that no other page can change.
fn enum_values_name(kind: &TypeKind, name: &str) -> Option<String> {
    let TypeKind::Enum(e) = kind else { return None };
    if !(1..=MAX_NAMING_VALUES).contains(&e.values.len()) {
        return None;
    }
    // Sorted: the docs' order of values may change between versions.
    let values: BTreeSet<&str> = e.values.iter().map(|v| v.wire_name.as_str()).collect();
    let values: Vec<&str> = values.into_iter().collect();
    let qualified = ident::type_name(&format!("{} {name}", values.join(" ")));
    (qualified.len() <= MAX_QUALIFIED).then_some(qualified)
}

/// A local name qualified by the words every owner's name begins with
/// (`SodViolationOwner` for an `owner` of `SodViolationClosedPayload` and
/// `SodViolationCreatedPayload`).
/// Only types qualify: operations share verbs, not subjects.
fn owner_prefixed(
    name: &str,
    hints: &BTreeSet<Hint>,
    names: &[Option<String>],
    frame: &dyn Fn(u32) -> FrameTarget,
) -> Option<String> {
    let mut common: Option<Vec<String>> = None;
    for h in hints {
        let HintParent::Frame(_) = h.parent else {
            return None;
        };
        let full = candidate(h, names, frame, 0)?;
        let owner = full.strip_suffix(h.suffix.as_str())?;
        let words = ident::camel_words(owner);
        common = Some(match common {
            None => words,
            Some(c) => c
                .into_iter()
                .zip(words)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    let prefix = common?.concat();
    (!prefix.is_empty() && !name.starts_with(&prefix)).then(|| ident::join_type(&[&prefix, name]))
}

/// The first name that is free: a shape of a title that another shape holds says so
/// (`{Context}{Title}`); every name taken, it is told apart from the type that holds
/// the first one by what distinguishes them (`EntitlementSourceWithStringType`), as
/// shapes of one title are; a number only when nothing does.
fn choose(
    i: usize,
    cands: &[String],
    title: Option<&String>,
    types: &[NamingInput<'_>],
    names: &[Option<String>],
    taken: &mut Namespace,
) -> String {
    let options: Vec<String> = match title {
        Some(title) => cands
            .iter()
            .map(|c| match c.ends_with(title.as_str()) {
                true => c.clone(),
                false => ident::join_type(&[c, title]),
            })
            .collect(),
        None => cands.to_vec(),
    };
    let told_apart = || {
        let first = options.first()?;
        let holder = names
            .iter()
            .position(|n| n.as_deref() == Some(first.as_str()))?;
        let name = ident::join_type(&[
            first,
            &distinguisher(types[i].kind, types[holder].kind, types)?,
        ]);
        (!taken.contains(&name)).then_some(name)
    };
    options
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
        })
}

/// What tells a shape from `first`, another shape of its title: its kind, when one
/// is a union or an enum and the other not (`Union`); a property only it has
/// (`WithHours`), or one only `first` has (`WithoutHours`), or one whose type
/// differs (`WithStringType`), or an enum property with a value only it has or
/// only `first` has (`WithInvalidSwapError`); for enums, a value.
fn distinguisher(kind: &TypeKind, first: &TypeKind, types: &[NamingInput<'_>]) -> Option<String> {
    if std::mem::discriminant(kind) != std::mem::discriminant(first) {
        return Some(
            match kind {
                TypeKind::Struct(_) => "Object",
                TypeKind::Enum(_) => "Enum",
                TypeKind::Union(_) => "Union",
            }
            .to_string(),
        );
    }
    let (mine, theirs) = (property_names(kind)?, property_names(first)?);
    if let Some(extra) = mine.difference(&theirs).find_map(|w| word(w)) {
        return Some(format!("With{extra}"));
    }
    if let Some(missing) = theirs.difference(&mine).find_map(|w| word(w)) {
        return Some(format!("Without{missing}"));
    }
    retyped_property(kind, &[first], types).or_else(|| revalued_property(kind, first, types))
}

/// A struct field typed by an enum in both shapes, with a value only one of them
/// has: `WithInvalidSwapError` (the field `error` has `InvalidSwap`), or
/// `WithoutInvalidSwapError`.
fn revalued_property(
    kind: &TypeKind,
    first: &TypeKind,
    types: &[NamingInput<'_>],
) -> Option<String> {
    let (TypeKind::Struct(mine), TypeKind::Struct(theirs)) = (kind, first) else {
        return None;
    };
    let values = |ty: &Ty| -> Option<BTreeSet<String>> {
        let Ty::Named(id) = ty else { return None };
        property_names(types.get(id.index())?.kind).filter(|_| {
            matches!(
                types.get(id.index()).map(|t| t.kind),
                Some(TypeKind::Enum(_))
            )
        })
    };
    let mut fields: Vec<_> = mine.fields.iter().collect();
    fields.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
    fields.into_iter().find_map(|f| {
        let g = theirs.fields.iter().find(|g| g.wire_name == f.wire_name)?;
        let (a, b) = (values(&f.ty)?, values(&g.ty)?);
        let field = word(&f.wire_name)?;
        if let Some(extra) = a.difference(&b).find_map(|v| word(v)) {
            return Some(format!("With{extra}{field}"));
        }
        let missing = b.difference(&a).find_map(|v| word(v))?;
        Some(format!("Without{missing}{field}"))
    })
}

/// A property of `kind` that none of `rivals` has (`WithEmail`), or failing that, one
/// whose type tells it from every rival that has it (`WithStringType`).
fn own_property(
    kind: &TypeKind,
    rivals: &[&TypeKind],
    types: &[NamingInput<'_>],
) -> Option<String> {
    let TypeKind::Struct(_) = kind else {
        return None;
    };
    let mine = property_names(kind)?;
    let mut theirs = BTreeSet::new();
    for r in rivals {
        theirs.extend(property_names(r).unwrap_or_default());
    }
    if let Some(extra) = mine.difference(&theirs).find_map(|w| word(w)) {
        return Some(format!("With{extra}"));
    }
    retyped_property(kind, rivals, types)
}

/// The wire names of a struct's fields or an enum's values.
fn property_names(kind: &TypeKind) -> Option<BTreeSet<String>> {
    match kind {
        TypeKind::Struct(s) => Some(s.fields.iter().map(|f| f.wire_name.clone()).collect()),
        TypeKind::Enum(e) => Some(e.values.iter().map(|v| v.wire_name.clone()).collect()),
        TypeKind::Union(_) => None,
    }
}

fn word(w: &str) -> Option<String> {
    let w = ident::type_name(w);
    (!w.is_empty()).then_some(w)
}

/// A struct field whose kind of type (`String`, `Enum`, `Object`, `List`…) differs
/// from that of the same field in every rival that has it: `WithStringType`.
fn retyped_property(
    kind: &TypeKind,
    rivals: &[&TypeKind],
    types: &[NamingInput<'_>],
) -> Option<String> {
    let TypeKind::Struct(mine) = kind else {
        return None;
    };
    let mut fields: Vec<_> = mine.fields.iter().collect();
    fields.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
    fields.into_iter().find_map(|f| {
        let mut others = rivals.iter().filter_map(|r| match r {
            TypeKind::Struct(s) => s.fields.iter().find(|g| g.wire_name == f.wire_name),
            _ => None,
        });
        let own = kind_word(&f.ty, types);
        let differs = others.all(|g| kind_word(&g.ty, types) != own);
        let name = word(&f.wire_name)?;
        differs.then(|| format!("With{own}{name}"))
    })
}

/// What kind of value a type holds, in a word.
fn kind_word(ty: &Ty, types: &[NamingInput<'_>]) -> &'static str {
    match ty {
        Ty::Named(id) => match types.get(id.index()).map(|t| t.kind) {
            Some(TypeKind::Enum(_)) => "Enum",
            Some(TypeKind::Union(_)) => "Union",
            _ => "Object",
        },
        Ty::Any => "Value",
        Ty::Bool => "Boolean",
        Ty::Int(_) => "Integer",
        Ty::Float(_) => "Number",
        Ty::String(_) => "String",
        Ty::Array(_) => "List",
        Ty::Map(_) => "Map",
        Ty::Nullable(inner) => kind_word(inner, types),
    }
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

/// A shape every site of which gives it the same local name is named from that name
/// alone (`Detail`) when it is an enum (a parameter `detail`, a field `status`), or a
/// struct at sites of more than one owner family (see [`owner_families`]): no one
/// owner has it. The items
/// of a list are named from the list (`SelectedFormatsItem`). Names too generic to
/// stand alone are left to the owners.
fn shared_local_name(hints: &BTreeSet<Hint>, families: usize, kind: &TypeKind) -> Option<String> {
    const GENERIC: &[&str] = &[
        "Request", "Response", "Item", "Items", "Value", "Data", "Body", "Object", "Map", "List",
        "String", "Integer", "Number", "Boolean", "Enum", "Union",
    ];
    let mut suffix: Option<&String> = None;
    for h in hints {
        if suffix.is_some_and(|s| *s != h.suffix) {
            return None;
        }
        suffix = Some(&h.suffix);
    }
    let suffix = suffix?;
    let stem = suffix.strip_suffix("Item").unwrap_or(suffix);
    let generic = GENERIC.contains(&stem)
        || stem.ends_with("Response")
        || stem.ends_with("Request")
        || stem.ends_with("Item")
        || stem.starts_with("Variant")
        || stem.is_empty();
    // The suffix was made to follow a parent's name: alone it may be a keyword.
    ((families > 1 || matches!(kind, TypeKind::Enum(_))) && !generic)
        .then(|| ident::type_name(suffix))
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
        Ty::Any => "Value".into(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::StringEnum;

    fn families(titles: &[Option<&str>]) -> usize {
        let kind = TypeKind::Enum(StringEnum {
            values: Vec::new(),
            other_name: String::new(),
        });
        let hints = BTreeSet::new();
        let types: Vec<NamingInput<'_>> = titles
            .iter()
            .map(|title| NamingInput {
                title: *title,
                kind: &kind,
                hints: &hints,
                pages: 1,
                first_page: String::new(),
            })
            .collect();
        let owners = (0..titles.len() as u32)
            .map(|i| Owner::Type(TypeId(i)))
            .collect();
        owner_families(&owners, &types)
    }

    #[test]
    fn a_type_and_its_variants_are_one_owner() {
        assert_eq!(
            families(&[Some("IdentityDocument"), Some("IdentityDocuments")]),
            1
        );
        assert_eq!(
            families(&[Some("Entitlement"), Some("Entitlement Document")]),
            1
        );
        assert_eq!(
            families(&[
                Some("SodPolicy"),
                Some("SodPolicyRead"),
                Some("SodPolicyRequest")
            ]),
            1
        );
        assert_eq!(families(&[Some("Status"), Some("StatusDto")]), 1);
    }

    #[test]
    fn unrelated_or_untitled_owners_are_owners_of_their_own() {
        assert_eq!(families(&[Some("Account"), Some("Source")]), 2);
        // Sharing words is not being one: neither title begins the other.
        assert_eq!(
            families(&[
                Some("SodViolationClosedPayload"),
                Some("SodViolationCreatedPayload")
            ]),
            2
        );
        // Words match whole: `Roleset` is not a variant of `Role`, `RolesDocument` is.
        assert_eq!(
            families(&[Some("Role"), Some("Roles Document"), Some("Roleset")]),
            2
        );
        assert_eq!(families(&[None, None]), 2);
        assert_eq!(families(&[Some("Widget"), None]), 2);
    }
}
