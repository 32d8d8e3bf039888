//! `oneOf`, `anyOf` and discriminator mappings: the variants, their tags (given or
//! implied by a property each variant pins), and their order.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::super::rewrite::{deep_title, marker_title, Marker};
use super::{
    escape_pointer, hint_suffix, schema_type, At, FrameTarget, Hint, HintParent, Lowered,
    SchemaLowerer,
};
use crate::ir::{Extra, StrFormat, Ty, TypeKind, Union, Variant};

/// The variants of a union as they are collected: each one's type and tag values,
/// with the schema it came from.
#[derive(Default)]
struct Variants<'s> {
    list: Vec<(Ty, Vec<String>)>,
    schemas: Vec<&'s Value>,
    /// Whether a member allows `null`.
    nullable: bool,
}

impl<'s> Variants<'s> {
    /// Adds a variant of type `ty` (from `schema`) with the tags `tags`, or adds the
    /// tags to the variant of that type there already is.
    fn add(&mut self, ty: Ty, tags: Vec<String>, schema: &'s Value) {
        match self.list.iter_mut().find(|(t, _)| *t == ty) {
            Some((_, known)) => known.extend(tags),
            None => {
                self.list.push((ty, tags));
                self.schemas.push(schema);
            }
        }
    }
}

impl SchemaLowerer {
    pub(super) fn union(&mut self, s: &Map<String, Value>, at: &At<'_>) -> Lowered {
        let frame = self.new_frame();
        let discriminator = s.get("discriminator").and_then(Value::as_object);
        let tag_prop = discriminator
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mapping = discriminator
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object);
        let mut variants = Variants::default();
        self.union_members(s, at, frame, tag_prop.as_deref(), mapping, &mut variants);
        if let Some(mapping) = mapping {
            self.mapping_variants(mapping, at, frame, &mut variants);
        }
        let nullable = variants.nullable;
        // A union of one is that one.
        if variants.list.len() <= 1 && mapping.is_none() {
            self.frames[frame as usize] = FrameTarget::Hint(at.hint.clone());
            let ty = variants.list.pop().map_or(Ty::Any, |v| v.0);
            return self.keep_title(Lowered { ty, nullable }, s, at.ptr, at.hint);
        }
        let tag = tag_values(tag_prop, &mut variants);
        let mut list = variants.list;
        if tag.is_none() {
            list.sort_by_key(|(ty, _)| std::cmp::Reverse(self.specificity(ty)));
        }
        let kind = TypeKind::Union(Union {
            tag,
            variants: list
                .into_iter()
                .map(|(ty, tag_values)| Variant {
                    rust_name: String::new(),
                    ty,
                    tag_values,
                    boxed: false,
                })
                .collect(),
            other_name: String::new(),
        });
        let id = self.intern(kind, s, at.ptr, at.hint);
        self.frames[frame as usize] = FrameTarget::Type(id);
        Lowered {
            ty: Ty::Named(id),
            nullable,
        }
    }

    /// Lowers the members of the `oneOf` (else `anyOf`) into `variants`, one per
    /// distinct type; a `null` member only makes the union nullable. A member is
    /// named after the tag value that pins it (`…Rectangle`), else after what sets
    /// it apart from the others, else by its position.
    fn union_members<'s>(
        &mut self,
        s: &'s Map<String, Value>,
        at: &At<'_>,
        frame: u32,
        tag_prop: Option<&str>,
        mapping: Option<&'s Map<String, Value>>,
        variants: &mut Variants<'s>,
    ) {
        let key = if s.contains_key("oneOf") {
            "oneOf"
        } else {
            "anyOf"
        };
        let members = match s.get(key) {
            Some(Value::Array(members)) => members,
            Some(_) => {
                self.warn(
                    &format!("{}/{key}", at.ptr),
                    format!("`{key}` is not an array"),
                );
                return;
            }
            None => return,
        };
        let refs: Vec<&Value> = members.iter().collect();
        let mut pinned: Vec<Option<String>> = match tag_prop {
            Some(prop) => refs.iter().map(|m| const_property(m, prop)).collect(),
            None => match common_const_property(&refs) {
                Some((_, values)) => values.into_iter().map(Some).collect(),
                None => vec![None; refs.len()],
            },
        };
        // A member the mapping names is pinned to its tag there.
        if let Some(mapping) = mapping {
            for (m, pin) in refs.iter().zip(pinned.iter_mut()) {
                if pin.is_none() {
                    *pin = mapping
                        .iter()
                        .find(|(_, v)| *v == *m)
                        .map(|(tag, _)| tag.clone());
                }
            }
        }
        for (i, m) in members.iter().enumerate() {
            if m.get("type").and_then(Value::as_str) == Some("null") {
                variants.nullable = true;
                continue;
            }
            let suffix = match pinned.get(i).cloned().flatten().map(|v| hint_suffix(&v)) {
                Some(v) if !v.is_empty() => v,
                _ => member_label(m, &refs).unwrap_or_else(|| format!("Variant{}", i + 1)),
            };
            let hint = Hint {
                parent: HintParent::Frame(frame),
                suffix,
            };
            let ptr = format!("{}/{key}/{i}", at.ptr);
            let l = self.lower(m, &ptr, &hint);
            variants.nullable |= l.nullable;
            variants.add(l.ty, Vec::new(), m);
        }
    }

    /// Adds the discriminator mapping's tags to `variants`: to the variant of the
    /// schema a tag maps to, or to a variant of its own.
    fn mapping_variants<'s>(
        &mut self,
        mapping: &'s Map<String, Value>,
        at: &At<'_>,
        frame: u32,
        variants: &mut Variants<'s>,
    ) {
        for (tag, m) in mapping {
            // A mapping to a reference the plugin did not inline names a member
            // by its title.
            if let Some(Marker::Ref(title) | Marker::Circular(title)) =
                m.as_str().and_then(marker_title)
            {
                let member = variants
                    .schemas
                    .iter()
                    .position(|s| deep_title(s).is_some_and(|t| t == title));
                if let Some(i) = member {
                    variants.list[i].1.push(tag.clone());
                    continue;
                }
            }
            let hint = Hint {
                parent: HintParent::Frame(frame),
                suffix: hint_suffix(tag),
            };
            let ptr = format!("{}/discriminator/mapping/{}", at.ptr, escape_pointer(tag));
            let l = self.lower(m, &ptr, &hint);
            variants.add(l.ty, vec![tag.clone()], m);
        }
    }

    /// Orders untagged variants: try the pickiest first, so a permissive variant
    /// never shadows a stricter one that matches.
    fn specificity(&self, ty: &Ty) -> (u8, usize, usize) {
        match ty {
            Ty::Named(id) => match self.drafts.get(id.index()).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => {
                    let required = s.fields.iter().filter(|f| f.required).count();
                    let deny = u8::from(s.extra == Extra::Deny);
                    (6 + deny, required, s.fields.len())
                }
                Some(TypeKind::Enum(e)) => (5, e.values.len(), 0),
                // A marker's type is not known yet: ranked with unions.
                Some(TypeKind::Union(_)) | None => (4, 0, 0),
            },
            Ty::Array(_) => (4, 0, 0),
            Ty::Int(_) => (3, 2, 0),
            Ty::Float(_) => (3, 1, 0),
            Ty::Bool => (3, 0, 0),
            Ty::String(StrFormat::Plain) => (2, 0, 0),
            Ty::String(_) => (2, 1, 0),
            Ty::Map(_) => (1, 0, 0),
            Ty::Nullable(inner) => self.specificity(inner),
            Ty::Any => (0, 0, 0),
        }
    }
}

/// The union's tag, and each variant's tag values. With a discriminator, a variant
/// the mapping gives no value is tagged by the one value its tag property allows,
/// else by its title; if one is left untagged, so is the union. Without one, a
/// property every variant pins to a distinct value is the tag.
fn tag_values(tag_prop: Option<String>, variants: &mut Variants<'_>) -> Option<String> {
    let Some(prop) = tag_prop else {
        let (prop, values) = common_const_property(&variants.schemas)?;
        for ((_, tags), v) in variants.list.iter_mut().zip(values) {
            tags.push(v);
        }
        return Some(prop);
    };
    for (i, (_, tags)) in variants.list.iter_mut().enumerate() {
        if tags.is_empty() {
            let schema = variants.schemas[i];
            if let Some(v) = const_property(schema, &prop) {
                tags.push(v);
            } else if let Some(t) = schema.get("title").and_then(Value::as_str) {
                tags.push(t.to_string());
            }
        }
    }
    if variants.list.iter().any(|(_, t)| t.is_empty()) {
        for (_, t) in variants.list.iter_mut() {
            t.clear();
        }
        return None;
    }
    Some(prop)
}

/// A name for an untitled union member from what sets it apart from its siblings,
/// as a person would name it: a property only it requires (`Email` beside `Phone`),
/// else a property only it has, else its kind (`String`, `Integer`, `StringList`,
/// `Map`, `Object`), or for a member without a `type`, what its keywords make it
/// (`Union`, `Enum`, `String`).
fn member_label(member: &Value, members: &[&Value]) -> Option<String> {
    let (required, props) = member_keys(member);
    let (others_required, others_props): (Vec<Vec<String>>, Vec<Vec<String>>) = members
        .iter()
        .filter(|o| !std::ptr::eq(**o, member))
        .map(|o| member_keys(o))
        .unzip();
    let only_here =
        |name: &String, others: &[Vec<String>]| others.iter().all(|o| !o.contains(name));
    let label = required
        .iter()
        .find(|r| only_here(r, &others_required))
        .or_else(|| props.iter().find(|p| only_here(p, &others_props)))
        .map(|name| hint_suffix(name))
        .filter(|l| !l.is_empty());
    label
        .or_else(|| kind_label(member))
        .or_else(|| untyped_label(member))
}

/// The required and declared properties of a member ([`shape_keys`]), and of a
/// member that is a `oneOf` or `anyOf` itself: a property every one of its members
/// requires is required, one any of them declares is declared.
fn member_keys(member: &Value) -> (Vec<String>, Vec<String>) {
    let (mut required, mut props) = shape_keys(member);
    for key in ["oneOf", "anyOf"] {
        let Some(nested) = member.get(key).and_then(Value::as_array) else {
            continue;
        };
        let keys: Vec<(Vec<String>, Vec<String>)> = nested.iter().map(member_keys).collect();
        if let Some(((first, _), rest)) = keys.split_first() {
            required.extend(
                first
                    .iter()
                    .filter(|r| rest.iter().all(|(req, _)| req.contains(r)))
                    .cloned(),
            );
        }
        for name in keys.into_iter().flat_map(|(_, p)| p) {
            if !props.contains(&name) {
                props.push(name);
            }
        }
    }
    (required, props)
}

/// A member without a `type`, named by what its keywords make it: a nested
/// `oneOf` or `anyOf` is a `Union`, an `enum` an `Enum`, and a `pattern`, a
/// `format` or a length a `String`.
fn untyped_label(member: &Value) -> Option<String> {
    let s = member.as_object()?;
    if schema_type(s).is_some() {
        return None;
    }
    let has = |keys: &[&str]| keys.iter().any(|k| s.contains_key(*k));
    let label = if has(&["oneOf", "anyOf"]) {
        "Union"
    } else if has(&["enum"]) {
        "Enum"
    } else if has(&["pattern", "format", "minLength", "maxLength"]) {
        "String"
    } else {
        return None;
    };
    Some(label.to_string())
}

/// The required and declared properties of a schema, through its `allOf` members.
fn shape_keys(schema: &Value) -> (Vec<String>, Vec<String>) {
    let mut required = Vec::new();
    let mut props = Vec::new();
    let mut stack = vec![schema];
    while let Some(s) = stack.pop() {
        if let Some(r) = s.get("required").and_then(Value::as_array) {
            required.extend(r.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(p) = s.get("properties").and_then(Value::as_object) {
            props.extend(p.keys().cloned());
        }
        if let Some(all) = s.get("allOf").and_then(Value::as_array) {
            stack.extend(all.iter().rev());
        }
    }
    (required, props)
}

/// A member's kind as a name: `String`, `Integer`, `Number`, `Boolean`,
/// `{Item}List`, `Map` (an object with no properties) or `Object`.
fn kind_label(schema: &Value) -> Option<String> {
    let s = schema.as_object()?;
    Some(match schema_type(s)? {
        "string" => "String".into(),
        "integer" => "Integer".into(),
        "number" => "Number".into(),
        "boolean" => "Boolean".into(),
        "array" => {
            let item = s.get("items").and_then(kind_label).unwrap_or_default();
            format!("{item}List")
        }
        "object" if shape_keys(schema).1.is_empty() => "Map".into(),
        "object" => "Object".into(),
        _ => return None,
    })
}

/// The one value that `prop` may take in `schema`, if its schema pins it with
/// a single-member enum or `const`.
fn const_property(schema: &Value, prop: &str) -> Option<String> {
    let p = find_property(schema, prop)?;
    if let Some(c) = p.get("const").and_then(Value::as_str) {
        return Some(c.to_string());
    }
    match p.get("enum").and_then(Value::as_array).map(Vec::as_slice) {
        Some([Value::String(v)]) => Some(v.clone()),
        _ => None,
    }
}

fn find_property<'v>(schema: &'v Value, prop: &str) -> Option<&'v Value> {
    if let Some(p) = schema.get("properties").and_then(|p| p.get(prop)) {
        return Some(p);
    }
    schema
        .get("allOf")
        .and_then(Value::as_array)?
        .iter()
        .find_map(|m| find_property(m, prop))
}

/// A property that every variant pins to a distinct constant: the implicit tag.
fn common_const_property(schemas: &[&Value]) -> Option<(String, Vec<String>)> {
    let first = schemas.first()?;
    let mut candidates: BTreeMap<String, ()> = BTreeMap::new();
    if let Some(props) = first.get("properties").and_then(Value::as_object) {
        for k in props.keys() {
            candidates.insert(k.clone(), ());
        }
    }
    for prop in candidates.keys() {
        let values: Option<Vec<String>> = schemas.iter().map(|s| const_property(s, prop)).collect();
        if let Some(values) = values {
            let distinct: BTreeSet<_> = values.iter().collect();
            if distinct.len() == values.len() && schemas.len() > 1 {
                return Some((prop.clone(), values));
            }
        }
    }
    None
}
