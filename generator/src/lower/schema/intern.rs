//! The draft registry: each shape is registered once per title (or local name),
//! merging identical copies of it from every page.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Map, Value};

use super::{docs_of, Hint, Lowered, SchemaLowerer, MAX_EXAMPLES};
use crate::ir::{Docs, Extra, SchemaExample, Ty, TypeId, TypeKind};
use crate::lower::naming::local_key;

/// A type as built by lowering, before naming.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The shape. Union variant names are filled in by the naming pass.
    pub kind: TypeKind,
    /// The schema's `title`: part of its identity, so that every site keeps the
    /// title its docs gave it (identical shapes under other titles become aliases).
    pub title: Option<String>,
    /// Every context it was seen in.
    pub hints: BTreeSet<Hint>,
    /// Docs of the first copy seen.
    pub docs: Docs,
    /// Pages it was seen on.
    pub sources: BTreeSet<PathBuf>,
    /// Distinct `example` values given on its schema.
    pub examples: Vec<SchemaExample>,
    /// The titled `allOf` bases it includes, which are types of their own.
    pub supers: BTreeSet<TypeId>,
}

/// The structural identity of a draft: everything but docs and names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ShapeKey {
    /// Fields sorted by wire name: (wire name, type, required, nullable, flatten).
    Struct(Vec<(String, Ty, bool, bool, bool)>, Extra),
    /// Values, sorted.
    Enum(Vec<String>),
    /// Tag and (type, tag values) per variant.
    Union(Option<String>, Vec<(Ty, Vec<String>)>),
}

impl ShapeKey {
    /// The key of a shape, with each named type replaced through `map`.
    pub fn of(kind: &TypeKind, map: &dyn Fn(&Ty) -> Ty) -> ShapeKey {
        match kind {
            TypeKind::Struct(s) => {
                let mut fields: Vec<_> = s
                    .fields
                    .iter()
                    .map(|f| {
                        (
                            f.wire_name.clone(),
                            map(&f.ty),
                            f.required,
                            f.nullable,
                            f.flatten,
                        )
                    })
                    .collect();
                fields.sort_by(|a, b| a.0.cmp(&b.0).then(a.4.cmp(&b.4)));
                let extra = match &s.extra {
                    Extra::Typed(t) => Extra::Typed(map(t)),
                    other => other.clone(),
                };
                ShapeKey::Struct(fields, extra)
            }
            TypeKind::Enum(e) => {
                let mut values: Vec<_> = e.values.iter().map(|v| v.wire_name.clone()).collect();
                values.sort();
                ShapeKey::Enum(values)
            }
            TypeKind::Union(u) => ShapeKey::Union(
                u.tag.clone(),
                u.variants
                    .iter()
                    .map(|v| (map(&v.ty), v.tag_values.clone()))
                    .collect(),
            ),
        }
    }
}

impl SchemaLowerer {
    /// A titled schema that is just another named type (`allOf: [X]` with a title of
    /// its own, a union left with one member) keeps its title: a type of that title
    /// and the same shape, which becomes an alias of it.
    pub(super) fn keep_title(
        &mut self,
        l: Lowered,
        s: &Map<String, Value>,
        ptr: &str,
        hint: &Hint,
    ) -> Lowered {
        let other = match (&l.ty, schema_title(s)) {
            // Not a marker's type, which has no draft yet (nor its title).
            (Ty::Named(id), Some(t)) => self
                .drafts
                .get(id.index())
                .filter(|d| d.title.as_deref() != Some(t))
                .map(|d| d.kind.clone()),
            _ => None,
        };
        match other {
            Some(kind) => Lowered {
                ty: Ty::Named(self.intern(kind, s, ptr, hint)),
                nullable: l.nullable,
            },
            None => l,
        }
    }

    /// Registers a shape, merging it into an identical one seen before.
    pub(super) fn intern(
        &mut self,
        kind: TypeKind,
        s: &Map<String, Value>,
        ptr: &str,
        hint: &Hint,
    ) -> TypeId {
        let title = schema_title(s).map(str::to_string);
        let local = local_key(title.as_deref(), Some(hint)).map(str::to_string);
        let key = (title, local, ShapeKey::of(&kind, &|t| t.clone()));
        let id = match self.by_key.get(&key) {
            Some(&id) => {
                self.merged += 1;
                id
            }
            None => {
                let id = TypeId(self.drafts.len() as u32);
                self.drafts.push(Draft {
                    kind,
                    title: key.0.clone(),
                    hints: BTreeSet::new(),
                    docs: docs_of(Some(s)),
                    sources: BTreeSet::new(),
                    examples: Vec::new(),
                    supers: BTreeSet::new(),
                });
                self.by_key.insert(key, id);
                id
            }
        };
        let example_pointer = format!("{}/example", self.real_pointer(ptr));
        let draft = &mut self.drafts[id.index()];
        draft.hints.insert(hint.clone());
        if draft.docs.description.is_none() {
            draft.docs = docs_of(Some(s));
        }
        draft.sources.insert(self.page.clone());
        // Examples on the schema, a few distinct ones per type, for round-trip tests.
        let examples = s.get("example").into_iter().chain(
            s.get("examples")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
        for ex in examples {
            if draft.examples.len() < MAX_EXAMPLES && !draft.examples.iter().any(|e| e.value == *ex)
            {
                draft.examples.push(SchemaExample {
                    page: self.page.clone(),
                    pointer: example_pointer.clone(),
                    value: ex.clone(),
                });
            }
        }
        id
    }
}

/// The schema's `title`, trimmed, when it has one that is not empty.
pub(super) fn schema_title(s: &Map<String, Value>) -> Option<&str> {
    s.get("title")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}
