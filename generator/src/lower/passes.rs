//! Post-passes over the drafts: resolve `circular(…)` markers, merge shapes that
//! are identical once cycles are resolved, break direct cycles with `Box`, and
//! decide which types can derive `Default`.

use std::collections::{BTreeMap, HashMap};

use crate::ir::{Ty, TypeId, TypeKind};

use super::schema::{Draft, ShapeKey};

/// Replaces `Ty::Circular(title)` with the type of that title. Returns the titles
/// that name no type (their markers become `Any`).
pub fn resolve_circular(drafts: &mut [Draft]) -> Vec<String> {
    let mut by_title: BTreeMap<String, TypeId> = BTreeMap::new();
    for (i, d) in drafts.iter().enumerate() {
        if let Some(t) = &d.title {
            by_title.entry(t.clone()).or_insert(TypeId(i as u32));
        }
    }
    let mut missing = Vec::new();
    for d in drafts.iter_mut() {
        d.kind.for_each_ty_mut(&mut |t| {
            t.walk_mut(&mut |ty| {
                if let Ty::Circular(title) = ty {
                    *ty = match by_title.get(title.as_str()) {
                        Some(id) => Ty::Named(*id),
                        None => {
                            missing.push(title.clone());
                            Ty::Any
                        }
                    };
                }
            })
        });
    }
    missing.sort();
    missing.dedup();
    missing
}

/// Finds the coarsest partition of types into classes of one title and identical
/// structure, by refinement (as in DFA minimisation), so that identical cycles merge
/// too. Returns, for each draft, the id of its class representative (the lowest id).
pub fn structural_classes(drafts: &[Draft]) -> Vec<TypeId> {
    let n = drafts.len();
    let mut by_title: HashMap<(Option<&str>, Option<&str>), u32> = HashMap::new();
    let mut class: Vec<u32> = drafts
        .iter()
        .map(|d| {
            let len = by_title.len() as u32;
            let local = super::naming::local_key(d.title.as_deref(), d.hints.first());
            *by_title.entry((d.title.as_deref(), local)).or_insert(len)
        })
        .collect();
    let mut count = by_title.len();
    loop {
        let mut sigs: HashMap<(u32, ShapeKey), u32> = HashMap::new();
        let mut next = vec![0u32; n];
        for (i, d) in drafts.iter().enumerate() {
            let key = ShapeKey::of(&d.kind, &|t| class_ty(t, &class));
            let len = sigs.len() as u32;
            next[i] = *sigs.entry((class[i], key)).or_insert(len);
        }
        let new_count = sigs.len();
        class = next;
        if new_count == count {
            break;
        }
        count = new_count;
    }
    let mut rep: HashMap<u32, TypeId> = HashMap::new();
    (0..n)
        .map(|i| *rep.entry(class[i]).or_insert(TypeId(i as u32)))
        .collect()
}

/// Types of one shape under several titles (or none) share one definition: for each
/// type, the type whose definition it shares, or `None` for the one that holds it.
/// The definition is held by the titled type of the smallest name (the untitled one
/// of the smallest name when no title has that shape), so that which one holds it
/// depends only on the names of that shape; the others are aliases, and each site
/// still names the title, or the local name, its own docs gave it.
pub fn alias_targets(types: &[Draft], names: &[String]) -> Vec<Option<TypeId>> {
    let mut groups: HashMap<ShapeKey, Vec<usize>> = HashMap::new();
    for (i, d) in types.iter().enumerate() {
        groups
            .entry(ShapeKey::of(&d.kind, &|t| t.clone()))
            .or_default()
            .push(i);
    }
    let mut out = vec![None; types.len()];
    for group in groups.into_values().filter(|g| g.len() > 1) {
        // Untitled shapes of several local names share the smallest one's definition.
        let Some(&def) = group
            .iter()
            .min_by_key(|&&i| (types[i].title.is_none(), &names[i]))
        else {
            continue;
        };
        for i in group {
            if i != def {
                out[i] = Some(TypeId(def as u32));
            }
        }
    }
    out
}

/// In an untagged union, a member that is an alias of an earlier member's type (two
/// titles of one shape) could never be chosen: it is left out.
pub fn drop_alias_twins(kinds: &mut [TypeKind], alias_of: &[Option<TypeId>]) {
    let resolve = |t: &Ty| match t {
        Ty::Named(id) => Ty::Named(alias_of[id.index()].unwrap_or(*id)),
        other => other.clone(),
    };
    for kind in kinds {
        let TypeKind::Union(u) = kind else { continue };
        if u.tag.is_some() {
            continue;
        }
        let mut seen: Vec<Ty> = Vec::new();
        u.variants.retain(|v| {
            let t = resolve(&v.ty);
            let fresh = !seen.contains(&t);
            seen.push(t);
            fresh
        });
    }
}

fn class_ty(t: &Ty, class: &[u32]) -> Ty {
    let mut t = t.clone();
    t.walk_mut(&mut |t| {
        if let Ty::Named(id) = t {
            *id = TypeId(class[id.index()]);
        }
    });
    t
}

/// Direct (non-indirected) references from each type: fields and union variants
/// whose type is a named type, not inside a `Vec` or map.
fn direct_edges(kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| f.ty.direct_named())
            .collect(),
        TypeKind::Enum(_) => Vec::new(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| v.ty.direct_named())
            .collect(),
    }
}

/// Marks fields and variants that refer back to their own type through direct
/// references only, which Rust needs boxed to have a finite size.
pub fn box_cycles(kinds: &mut [TypeKind]) {
    let edges: Vec<Vec<TypeId>> = kinds.iter().map(direct_edges).collect();
    let reaches = |from: TypeId, to: TypeId| -> bool {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(x) = stack.pop() {
            if x == to {
                return true;
            }
            if std::mem::replace(&mut seen[x.index()], true) {
                continue;
            }
            stack.extend(edges[x.index()].iter().copied());
        }
        false
    };
    for (i, kind) in kinds.iter_mut().enumerate() {
        let me = TypeId(i as u32);
        match kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    if let Some(target) = f.ty.direct_named() {
                        f.boxed = reaches(target, me);
                    }
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    if let Some(target) = v.ty.direct_named() {
                        v.boxed = reaches(target, me);
                    }
                }
            }
            TypeKind::Enum(_) => {}
        }
    }
}

/// Which types can derive `Default`: structs whose required fields all have defaults.
pub fn default_derivable(kinds: &[TypeKind]) -> Vec<bool> {
    let mut ok: Vec<bool> = kinds
        .iter()
        .map(|k| matches!(k, TypeKind::Struct(_)))
        .collect();
    loop {
        let mut changed = false;
        for (i, k) in kinds.iter().enumerate() {
            if !ok[i] {
                continue;
            }
            let TypeKind::Struct(s) = k else { continue };
            let all = s.fields.iter().all(|f| {
                let optional = !f.required || f.nullable;
                optional || ty_default(&f.ty, &ok)
            });
            if !all {
                ok[i] = false;
                changed = true;
            }
        }
        if !changed {
            return ok;
        }
    }
}

fn ty_default(t: &Ty, ok: &[bool]) -> bool {
    match t {
        Ty::Named(id) => ok[id.index()],
        Ty::Circular(_) => false,
        _ => true,
    }
}
