//! `allOf`: one member with nothing of its own is that member; scalars of one type
//! are the most specific; unions among the members are distributed; otherwise the
//! members' properties are merged into one struct, whose titled bases are types of
//! their own.

use serde_json::{Map, Value};

use super::super::rewrite::{
    distribute_unions, is_enum_member, marker_title, Marker, MAX_DISTRIBUTED,
};
use super::intern::schema_title;
use super::object::StructParts;
use super::{
    is_any_schema, is_nullable, json_kind, At, FrameTarget, Hint, HintParent, Lowered,
    SchemaLowerer,
};
use crate::ir::Ty;

impl SchemaLowerer {
    pub(super) fn all_of(&mut self, s: &Map<String, Value>, all: &Value, at: &At<'_>) -> Lowered {
        let Some(members) = all.as_array() else {
            self.warn(&format!("{}/allOf", at.ptr), "`allOf` is not an array");
            return Lowered::any();
        };
        let own_props = s
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        // Members that only annotate (`{"nullable": true}`) add no structure.
        let mut annotated_null = false;
        let mut structural: Vec<(usize, &Value)> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            match m {
                Value::Object(o) if is_any_schema(m) => annotated_null |= is_nullable(o),
                _ => structural.push((i, m)),
            }
        }
        // `allOf` of scalars of one type (`[{type: string, title: X}, {type: string}]`)
        // has no object to merge them into: it is the most specific of them.
        if structural.len() > 1 && !own_props {
            if let Some(pick) = scalar_intersection(&structural) {
                structural = vec![pick];
            }
        }
        // `allOf: [X]` with nothing of its own is X itself, with the outer docs.
        if structural.len() <= 1 && !own_props {
            let Some(&(i, member)) = structural.first() else {
                return Lowered {
                    ty: Ty::Any,
                    nullable: annotated_null,
                };
            };
            let ptr = format!("{}/allOf/{i}", at.ptr);
            let hint = at.hint.clone();
            let mut inner = match (member, s.get("title")) {
                // A title on the wrapper names the inner shape when the inner has none.
                (Value::Object(m), Some(title)) if !m.contains_key("title") => {
                    let mut m = m.clone();
                    m.insert("title".into(), title.clone());
                    self.lower(&Value::Object(m), &ptr, &hint)
                }
                (m, _) => self.lower(m, &ptr, &hint),
            };
            inner.nullable |= annotated_null;
            return self.keep_title(inner, s, at.ptr, at.hint);
        }
        if let Some((union, places)) = distribute_unions(s, &structural) {
            for (i, m) in &structural {
                if is_enum_member(m) {
                    self.warn(
                        &format!("{}/allOf/{i}", at.ptr),
                        "an `allOf` member that is an enum cannot be merged with objects; it is left out",
                    );
                }
            }
            self.places.push(
                places
                    .into_iter()
                    .map(|(made, real)| (format!("{}{made}", at.ptr), format!("{}{real}", at.ptr)))
                    .collect(),
            );
            let out = self.lower_inner(
                &Value::Object(union),
                At {
                    ptr: at.ptr,
                    hint: at.hint,
                },
            );
            self.places.pop();
            return out;
        }
        let frame = self.new_frame();
        let mut parts = StructParts::default();
        let mut nullable = false;
        for (i, member) in structural {
            let ptr = format!("{}/allOf/{i}", at.ptr);
            nullable |= self.merge_member(member, &ptr, frame, &mut parts);
        }
        self.collect_object(s, at.ptr, frame, &mut parts);
        let _ = nullable; // an allOf member's nullability does not make the merged object nullable
        let supers = std::mem::take(&mut parts.supers);
        let id = self.finish_struct(s, at.ptr, parts, at.hint);
        self.frames[frame as usize] = FrameTarget::Type(id);
        // A titled base is a type of its own too, as users of the spec expect of
        // `allOf: [Base, {...}]`; the merged struct converts into it.
        for (member, ptr) in supers {
            let hint = Hint {
                parent: HintParent::Frame(frame),
                suffix: "Base".to_string(),
            };
            if let Ty::Named(base) = self.lower(member, &ptr, &hint).ty {
                if base != id && self.pending.title(base).is_none() {
                    self.drafts[id.index()].supers.insert(base);
                }
            }
        }
        Lowered {
            ty: Ty::Named(id),
            nullable: false,
        }
    }

    /// Merges one `allOf` member into `parts`; returns whether it was nullable.
    fn merge_member<'s>(
        &mut self,
        member: &'s Value,
        ptr: &str,
        frame: u32,
        parts: &mut StructParts<'s>,
    ) -> bool {
        match member {
            Value::Object(m) => {
                if let Some(inner) = m.get("allOf").and_then(Value::as_array) {
                    for (i, x) in inner.iter().enumerate() {
                        self.merge_member(x, &format!("{ptr}/allOf/{i}"), frame, parts);
                    }
                    self.collect_object(m, ptr, frame, parts);
                } else if m.contains_key("oneOf") || m.contains_key("anyOf") {
                    // Only reached past the cap of `distribute_unions`.
                    self.warn(
                        ptr,
                        format!("too many `oneOf`/`anyOf` members in one `allOf` (more than {MAX_DISTRIBUTED} combinations); this one is merged as a plain object"),
                    );
                    self.collect_object(m, ptr, frame, parts);
                } else if m.contains_key("enum") && !m.contains_key("properties") {
                    self.warn(
                        ptr,
                        "an `allOf` member that is an enum cannot be merged with objects; it is left out",
                    );
                } else {
                    if schema_title(m).is_some() && m.contains_key("properties") {
                        parts.supers.push((member, ptr.to_string()));
                    }
                    self.collect_object(m, ptr, frame, parts);
                }
                is_nullable(m)
            }
            Value::String(text) => {
                match marker_title(text) {
                    Some(Marker::Circular(title) | Marker::Ref(title)) => {
                        let base = self.marker(title, ptr);
                        parts.bases.push((title.to_string(), base));
                    }
                    Some(Marker::Empty) => {}
                    None => self.warn(
                        ptr,
                        format!("unusable `allOf` member {text:?}; it is left out"),
                    ),
                }
                false
            }
            other => {
                self.warn(
                    ptr,
                    format!(
                        "expected a schema object, found {}; the `allOf` member is left out",
                        json_kind(other)
                    ),
                );
                false
            }
        }
    }
}

/// For `allOf` members that are all scalars of one type, the most specific one
/// (with an `enum`, then a `format`, then a `title`; the first on ties).
fn scalar_intersection<'v>(members: &[(usize, &'v Value)]) -> Option<(usize, &'v Value)> {
    let scalar_type = |m: &Value| -> Option<String> {
        let o = m.as_object()?;
        let structural = [
            "properties",
            "additionalProperties",
            "items",
            "allOf",
            "oneOf",
            "anyOf",
            "not",
        ];
        if structural.iter().any(|k| o.contains_key(*k)) {
            return None;
        }
        let t = o.get("type")?.as_str()?;
        matches!(t, "string" | "integer" | "int" | "number" | "boolean").then(|| t.to_string())
    };
    let first = scalar_type(members.first()?.1)?;
    if !members
        .iter()
        .all(|(_, m)| scalar_type(m).as_deref() == Some(first.as_str()))
    {
        return None;
    }
    members
        .iter()
        .rev()
        .max_by_key(|(_, m)| {
            (
                m.get("enum").is_some(),
                m.get("format").is_some(),
                m.get("title").is_some(),
            )
        })
        .copied()
}
