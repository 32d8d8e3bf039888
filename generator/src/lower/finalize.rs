//! The finalize pass: the finished types, boxed where a cycle needs it and with
//! their derives decided, and the API's tags with the docs of their tag pages.

use std::collections::BTreeMap;

use crate::ident;
use crate::ir::{Operation, Tag, Ty, TypeDef, TypeId, TypeKind};
use crate::mdx::TagPage;

use super::cycles::box_cycles;
use super::schema::Draft;

/// The types, from the merged drafts, their finished shapes, names and aliases.
pub(super) fn type_defs(
    drafts: Vec<Draft>,
    mut kinds: Vec<TypeKind>,
    names: &[String],
    alias_of: &[Option<TypeId>],
) -> Vec<TypeDef> {
    box_cycles(&mut kinds);
    let defaults = default_derivable(&kinds);
    drafts
        .into_iter()
        .zip(kinds)
        .enumerate()
        .map(|(i, (d, kind))| TypeDef {
            rust_name: names[i].clone(),
            wire_name: d.title,
            alias_of: alias_of[i],
            supers: d
                .supers
                .iter()
                .copied()
                // Not itself, under its own or another title.
                .filter(|s| s.index() != i && alias_of[s.index()] != Some(TypeId(i as u32)))
                .collect(),
            docs: d.docs,
            kind,
            sources: d.sources,
            derive_default: defaults[i],
            examples: d.examples,
        })
        .collect()
}

/// Which types can derive `Default`: structs whose required fields all have defaults.
fn default_derivable(kinds: &[TypeKind]) -> Vec<bool> {
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
        _ => true,
    }
}

/// The tags of `operations`, each with the body of its tag page as its docs.
pub(super) fn tags(operations: &[Operation], pages: &[TagPage]) -> BTreeMap<String, Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for op in operations {
        for t in &op.tags {
            tags.entry(t.clone()).or_insert_with(|| Tag {
                name: t.clone(),
                description: None,
            });
        }
    }
    for tp in pages {
        let matches = |name: &str| {
            tp.title.as_deref() == Some(name)
                || tp
                    .id
                    .as_deref()
                    .is_some_and(|id| ident::module_name(id) == ident::module_name(name))
        };
        if let Some(tag) = tags.values_mut().find(|t| matches(&t.name)) {
            let body = tp.body.trim();
            if !body.is_empty() {
                tag.description = Some(body.to_string());
            }
        }
    }
    tags
}
