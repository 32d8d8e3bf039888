//! Cycles: the `circular(Title)` markers the docs cut cycles with are resolved to
//! the types of their titles, and the references that close a cycle without
//! indirection are boxed.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Warning;
use crate::ir::{Operation, Ty, TypeId, TypeKind};

use super::schema::SchemaLowerer;

/// Replaces the type each `circular(Title)` marker stands for with the first type
/// of that title, in the drafts and in the recorded schema positions. A marker whose
/// title names no type becomes any JSON value, and each of its sites is reported.
/// An operation's own parameter or body is not a type of a title: a marker there
/// is any JSON value.
pub(super) fn resolve_circular(lw: &mut SchemaLowerer, operations: &mut [Operation]) {
    let mut by_title: BTreeMap<String, TypeId> = BTreeMap::new();
    for (i, d) in lw.drafts.iter().enumerate() {
        if let Some(t) = &d.title {
            by_title.entry(t.clone()).or_insert(TypeId(i as u32));
        }
    }
    let pending = std::mem::take(&mut lw.pending);
    // The title each marker's type stands for, and what it resolves to.
    let resolve = |ty: &Ty| match ty {
        Ty::Named(id) => pending.title(*id).map(|title| {
            (
                title,
                by_title.get(title).map_or(Ty::Any, |t| Ty::Named(*t)),
            )
        }),
        _ => None,
    };
    let mut missing: BTreeSet<String> = BTreeSet::new();
    for d in &mut lw.drafts {
        d.kind.for_each_ty_mut(&mut |t| {
            t.walk_mut(&mut |ty| {
                if let Some((title, resolved)) = resolve(ty) {
                    if resolved == Ty::Any {
                        missing.insert(title.to_string());
                    }
                    *ty = resolved;
                }
            })
        });
    }
    for (_, _, lowered) in &mut lw.schema_positions {
        lowered.ty.walk_mut(&mut |ty| {
            if let Some((_, resolved)) = resolve(ty) {
                *ty = resolved;
            }
        });
    }
    for op in operations {
        op.for_each_ty_mut(&mut |t| {
            t.walk_mut(&mut |ty| {
                if resolve(ty).is_some() {
                    *ty = Ty::Any;
                }
            })
        });
    }
    for (title, site) in std::mem::take(&mut lw.marker_sites) {
        if missing.contains(&title) {
            lw.warnings.push(Warning::new(
                site,
                format!(
                    "`circular({title})` refers to a schema titled {title:?} that no page writes out; generated as any JSON value"
                ),
            ));
        }
    }
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
pub(super) fn box_cycles(kinds: &mut [TypeKind]) {
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
