//! Types compared: fields, enum values and union variants.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    describe, field_type, kind_name, rust_type, sent_types, yes, Change, ChangeKind, Counts, Item,
    Sink,
};
use crate::ir::{Api, Field, StringEnum, Struct, Ty, TypeDef, TypeId, TypeKind, Union};

/// Compares the types of two versions of an API, by Rust name, adding the changes
/// to `changes`.
pub(super) fn compare_types(old: &Api, new: &Api, changes: &mut Vec<Change>) -> Counts {
    let mut types = Counts::default();
    let sent = sent_types(new);
    let old_types: BTreeMap<&str, &TypeDef> = old
        .types
        .types
        .iter()
        .map(|t| (t.rust_name.as_str(), t))
        .collect();
    let new_types: BTreeMap<&str, (TypeId, &TypeDef)> = new
        .types
        .ids()
        .map(|id| {
            (
                new.types.get(id).rust_name.as_str(),
                (id, new.types.get(id)),
            )
        })
        .collect();
    let names: BTreeSet<&str> = old_types.keys().chain(new_types.keys()).copied().collect();
    for name in names {
        let mut sink = Sink {
            item: Item::Type,
            name,
            changes: Vec::new(),
        };
        match (old_types.get(name), new_types.get(name)) {
            (Some(o), Some((id, n))) => {
                compare_type(old, o, new, n, sent.contains(id), &mut sink);
                if !sink.changes.is_empty() {
                    types.changed += 1;
                }
            }
            (Some(o), None) => {
                types.removed += 1;
                sink.push(
                    true,
                    ChangeKind::TypeRemoved,
                    None,
                    Some(kind_name(&o.kind).into()),
                    None,
                    format!("removed ({})", describe(o)),
                );
            }
            (None, Some((_, n))) => {
                types.added += 1;
                sink.push(
                    false,
                    ChangeKind::TypeAdded,
                    None,
                    None,
                    Some(kind_name(&n.kind).into()),
                    format!("added ({})", describe(n)),
                );
            }
            (None, None) => {}
        }
        changes.append(&mut sink.changes);
    }
    types
}

fn compare_type(oa: &Api, o: &TypeDef, na: &Api, n: &TypeDef, sent: bool, sink: &mut Sink<'_>) {
    match (&o.kind, &n.kind) {
        (TypeKind::Struct(os), TypeKind::Struct(ns)) => compare_struct(oa, os, na, ns, sent, sink),
        (TypeKind::Enum(oe), TypeKind::Enum(ne)) => compare_enum(oe, ne, sink),
        (TypeKind::Union(ou), TypeKind::Union(nu)) => compare_union(oa, ou, na, nu, sink),
        (ok, nk) => sink.push(
            true,
            ChangeKind::TypeKindChanged,
            None,
            Some(kind_name(ok).into()),
            Some(kind_name(nk).into()),
            format!("changed from a {} to a {}", kind_name(ok), kind_name(nk)),
        ),
    }
}

/// Fields, by wire name.
fn compare_struct(oa: &Api, os: &Struct, na: &Api, ns: &Struct, sent: bool, sink: &mut Sink<'_>) {
    let old_fields: BTreeMap<&str, &Field> = os
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f))
        .collect();
    let new_fields: BTreeMap<&str, &Field> = ns
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f))
        .collect();
    for f in &os.fields {
        if !new_fields.contains_key(f.wire_name.as_str()) {
            sink.push(
                true,
                ChangeKind::FieldRemoved,
                Some(&f.wire_name),
                Some(field_type(oa, f)),
                None,
                format!("field `{}` removed", f.wire_name),
            );
        }
    }
    for f in &ns.fields {
        let Some(of) = old_fields.get(f.wire_name.as_str()) else {
            // A required nullable field can be left `None` (sent as `null`).
            let required = f.required && !f.nullable;
            let note = match (f.required, f.nullable, sent) {
                (true, false, true) => " in a type sent in requests",
                (true, true, true) => " (nullable) in a type sent in requests",
                (true, _, false) => " in a type only received",
                _ => "",
            };
            sink.push(
                required && sent,
                ChangeKind::FieldAdded,
                Some(&f.wire_name),
                None,
                Some(field_type(na, f)),
                format!(
                    "{} field `{}` added{note}",
                    yes(f.required, "required", "optional"),
                    f.wire_name
                ),
            );
            continue;
        };
        compare_field(oa, of, na, f, sink);
    }
}

/// Values, by wire value.
fn compare_enum(oe: &StringEnum, ne: &StringEnum, sink: &mut Sink<'_>) {
    let old_values: BTreeSet<&str> = oe.values.iter().map(|v| v.wire_name.as_str()).collect();
    let new_values: BTreeSet<&str> = ne.values.iter().map(|v| v.wire_name.as_str()).collect();
    for v in old_values.difference(&new_values) {
        sink.push(
            true,
            ChangeKind::EnumValueRemoved,
            Some(v),
            Some(v.to_string()),
            None,
            format!("value `{v}` removed"),
        );
    }
    for v in new_values.difference(&old_values) {
        sink.push(
            false,
            ChangeKind::EnumValueAdded,
            Some(v),
            None,
            Some(v.to_string()),
            format!("value `{v}` added"),
        );
    }
}

/// The tag, and variants by type.
fn compare_union(oa: &Api, ou: &Union, na: &Api, nu: &Union, sink: &mut Sink<'_>) {
    if ou.tag != nu.tag {
        let show = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".into());
        sink.push(
            true,
            ChangeKind::UnionTagChanged,
            None,
            Some(show(&ou.tag)),
            Some(show(&nu.tag)),
            format!(
                "tag property changed from `{}` to `{}`",
                show(&ou.tag),
                show(&nu.tag)
            ),
        );
    }
    let old_v: BTreeSet<String> = ou.variants.iter().map(|v| rust_type(oa, &v.ty)).collect();
    let new_v: BTreeSet<String> = nu.variants.iter().map(|v| rust_type(na, &v.ty)).collect();
    for v in old_v.difference(&new_v) {
        sink.push(
            true,
            ChangeKind::VariantRemoved,
            Some(v),
            Some(v.clone()),
            None,
            format!("variant `{v}` removed"),
        );
    }
    for v in new_v.difference(&old_v) {
        sink.push(
            nu.tag.is_none(),
            ChangeKind::VariantAdded,
            Some(v),
            None,
            Some(v.clone()),
            format!(
                "variant `{v}` added{}",
                if nu.tag.is_none() {
                    " (an untagged union has no catch-all variant)"
                } else {
                    ""
                }
            ),
        );
    }
}

fn compare_field(oa: &Api, o: &Field, na: &Api, n: &Field, sink: &mut Sink<'_>) {
    let name = n.wire_name.as_str();
    let (ot, nt) = (rust_type(oa, &o.ty), rust_type(na, &n.ty));
    if ot != nt {
        sink.push(
            true,
            ChangeKind::FieldRetyped,
            Some(name),
            Some(ot.clone()),
            Some(nt.clone()),
            format!(
                "field `{name}` changed type from `{ot}` to `{nt}`{}",
                shape_note(oa, &o.ty, na, &n.ty)
            ),
        );
    }
    let (of, nf) = (field_type(oa, o), field_type(na, n));
    // Shown on the new base type, so that a retype is not reported twice.
    let with_new_base = |f: &Field| {
        field_type(
            na,
            &Field {
                ty: n.ty.clone(),
                ..f.clone()
            },
        )
    };
    if o.required != n.required {
        let before = with_new_base(o);
        let after = with_new_base(&Field {
            nullable: o.nullable,
            ..n.clone()
        });
        sink.push(
            true,
            ChangeKind::FieldRequiredChanged,
            Some(name),
            Some(of.clone()),
            Some(nf.clone()),
            format!(
                "field `{name}` became {}: `{before}` is now `{after}`",
                yes(n.required, "required", "optional")
            ),
        );
    }
    if o.nullable != n.nullable {
        let before = with_new_base(&Field {
            required: n.required,
            ..o.clone()
        });
        sink.push(
            true,
            ChangeKind::FieldNullableChanged,
            Some(name),
            Some(of.clone()),
            Some(nf.clone()),
            format!(
                "field `{name}` became {}: `{before}` is now `{}`",
                yes(n.nullable, "nullable", "not nullable"),
                with_new_base(n)
            ),
        );
    }
    if o.docs.deprecated != n.docs.deprecated {
        sink.push(
            false,
            ChangeKind::FieldDeprecated,
            Some(name),
            Some(o.docs.deprecated.to_string()),
            Some(n.docs.deprecated.to_string()),
            format!(
                "field `{name}` {}",
                yes(n.docs.deprecated, "deprecated", "no longer deprecated")
            ),
        );
    }
}

/// For a retype between two named types of the same kind, how their contents
/// compare: ` (same fields: a rename)`, or the fields or values that differ.
/// Empty when there is nothing useful to say.
pub(super) fn shape_note(oa: &Api, ot: &Ty, na: &Api, nt: &Ty) -> String {
    let (ot, nt) = match (ot, nt) {
        (Ty::Array(o), Ty::Array(n)) | (Ty::Map(o), Ty::Map(n)) => return shape_note(oa, o, na, n),
        (Ty::Named(o), Ty::Named(n)) => (o, n),
        _ => return String::new(),
    };
    let (Some(od), Some(nd)) = (
        oa.types.types.get(ot.index()),
        na.types.types.get(nt.index()),
    ) else {
        return String::new();
    };
    let list = |items: Vec<&str>| {
        let shown: Vec<String> = items.iter().take(6).map(|i| format!("`{i}`")).collect();
        let more = if items.len() > 6 { ", …" } else { "" };
        format!("{}{more}", shown.join(", "))
    };
    let (what, old, new): (&str, BTreeMap<&str, String>, BTreeMap<&str, String>) =
        match (&od.kind, &nd.kind) {
            (TypeKind::Struct(o), TypeKind::Struct(n)) => {
                // Fields by wire name, with their optionality and type skeleton.
                let skeleton = |api: &Api, f: &Field| {
                    format!("{}{}{}", f.required, f.nullable, skeleton(api, &f.ty))
                };
                (
                    "fields",
                    o.fields
                        .iter()
                        .map(|f| (f.wire_name.as_str(), skeleton(oa, f)))
                        .collect(),
                    n.fields
                        .iter()
                        .map(|f| (f.wire_name.as_str(), skeleton(na, f)))
                        .collect(),
                )
            }
            (TypeKind::Enum(o), TypeKind::Enum(n)) => (
                "values",
                o.values
                    .iter()
                    .map(|v| (v.wire_name.as_str(), String::new()))
                    .collect(),
                n.values
                    .iter()
                    .map(|v| (v.wire_name.as_str(), String::new()))
                    .collect(),
            ),
            _ => return String::new(),
        };
    if old == new {
        return format!(" (same {what}: a rename)");
    }
    let added: Vec<&str> = new
        .keys()
        .filter(|k| !old.contains_key(*k))
        .copied()
        .collect();
    let removed: Vec<&str> = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .copied()
        .collect();
    let changed: Vec<&str> = new
        .iter()
        .filter(|(k, v)| old.get(*k).is_some_and(|o| o != *v))
        .map(|(k, _)| *k)
        .collect();
    let mut parts = Vec::new();
    for (items, verb) in [(added, "added"), (removed, "removed"), (changed, "changed")] {
        if !items.is_empty() {
            parts.push(format!("{what} {verb}: {}", list(items)));
        }
    }
    format!(" ({})", parts.join("; "))
}

/// A type expression with named types reduced to their kind: what a rename keeps.
fn skeleton(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Array(inner) => format!("Vec<{}>", skeleton(api, inner)),
        Ty::Map(inner) => format!("Map<{}>", skeleton(api, inner)),
        Ty::Named(id) => api
            .types
            .types
            .get(id.index())
            .map(|d| kind_name(&d.kind).to_string())
            .unwrap_or_default(),
        other => rust_type(api, other),
    }
}
