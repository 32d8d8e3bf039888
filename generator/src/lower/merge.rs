//! The merge pass: drafts of one title (or local name) and one structure, cycles
//! included, become one type, and every reference to a draft is renumbered.

use std::collections::{BTreeMap, HashMap};

use crate::ir::{Operation, SchemaPosition, Ty, TypeId};

use super::schema::{self, Draft, FrameTarget, SchemaLowerer, ShapeKey};

/// The merged types, and what refers to them, renumbered.
pub(super) struct Merged {
    /// One draft per type, in the order of the first draft of each.
    pub drafts: Vec<Draft>,
    /// What each frame turned out to be.
    pub frames: Vec<FrameTarget>,
    /// The types of the schemas [`SchemaLowerer::schema_positions`] recorded.
    pub schema_positions: Vec<SchemaPosition>,
    /// Schemas merged into another, while lowering and here.
    pub duplicates: usize,
}

/// Merges the drafts of `lw` that [`structural_classes`] finds identical, and
/// renumbers the types of `operations` to match.
pub(super) fn merge(lw: SchemaLowerer, operations: &mut [Operation]) -> Merged {
    let reps = structural_classes(&lw.drafts);
    let mut new_id: BTreeMap<TypeId, TypeId> = BTreeMap::new();
    let mut order: Vec<TypeId> = Vec::new();
    for (i, rep) in reps.iter().enumerate() {
        if rep.index() == i {
            new_id.insert(*rep, TypeId(order.len() as u32));
            order.push(*rep);
        }
    }
    let remap = |id: TypeId| new_id[&reps[id.index()]];
    let mut merged: Vec<Draft> = order
        .iter()
        .map(|&r| {
            let mut d = lw.drafts[r.index()].clone();
            d.supers.clear(); // filled below, renumbered
            d
        })
        .collect();
    for (i, d) in lw.drafts.iter().enumerate() {
        let target = &mut merged[remap(TypeId(i as u32)).index()];
        target.supers.extend(d.supers.iter().map(|s| remap(*s)));
        if reps[i].index() != i {
            target.hints.extend(d.hints.iter().cloned());
            target.sources.extend(d.sources.iter().cloned());
            if target.docs.description.is_none() {
                target.docs = d.docs.clone();
            }
            for ex in &d.examples {
                if target.examples.len() < schema::MAX_EXAMPLES
                    && !target.examples.iter().any(|e| e.value == ex.value)
                {
                    target.examples.push(ex.clone());
                }
            }
        }
    }
    let rename = |ty: &mut Ty| {
        if let Ty::Named(id) = ty {
            *id = remap(*id);
        }
    };
    for d in &mut merged {
        d.kind
            .for_each_ty_mut(&mut |t| t.walk_mut(&mut |t| rename(t)));
    }
    for op in operations {
        op.for_each_ty_mut(&mut |t| t.walk_mut(&mut |t| rename(t)));
    }
    let schema_positions = lw
        .schema_positions
        .into_iter()
        .map(|(page, pointer, lowered)| {
            let mut ty = lowered.ty;
            ty.walk_mut(&mut |t| rename(t));
            SchemaPosition {
                page,
                pointer,
                ty,
                nullable: lowered.nullable,
            }
        })
        .collect();
    let frames = lw
        .frames
        .iter()
        .map(|f| match f {
            FrameTarget::Type(id) => FrameTarget::Type(remap(*id)),
            other => other.clone(),
        })
        .collect();
    Merged {
        duplicates: lw.merged + (lw.drafts.len() - merged.len()),
        drafts: merged,
        frames,
        schema_positions,
    }
}

/// Finds the coarsest partition of types into classes of one title and identical
/// structure, by refinement (as in DFA minimisation), so that identical cycles merge
/// too. Returns, for each draft, the id of its class representative (the lowest id).
fn structural_classes(drafts: &[Draft]) -> Vec<TypeId> {
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

fn class_ty(t: &Ty, class: &[u32]) -> Ty {
    let mut t = t.clone();
    t.walk_mut(&mut |t| {
        if let Ty::Named(id) = t {
            *id = TypeId(class[id.index()]);
        }
    });
    t
}
