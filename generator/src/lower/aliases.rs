//! Aliases: types of one shape under several titles (or local names) share one
//! definition, and a union member that is another member under another title goes.

use std::collections::HashMap;

use crate::ir::{Ty, TypeId, TypeKind};

use super::schema::{Draft, ShapeKey};

/// Types of one shape under several titles (or none) share one definition: for each
/// type, the type whose definition it shares, or `None` for the one that holds it.
/// The definition is held by the titled type of the smallest name (the untitled one
/// of the smallest name when no title has that shape), so that which one holds it
/// depends only on the names of that shape; the others are aliases, and each site
/// still names the title, or the local name, its own docs gave it.
pub(super) fn alias_targets(types: &[Draft], names: &[String]) -> Vec<Option<TypeId>> {
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
pub(super) fn drop_alias_twins(kinds: &mut [TypeKind], alias_of: &[Option<TypeId>]) {
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
