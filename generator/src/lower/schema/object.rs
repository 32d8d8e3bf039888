//! Object schemas: a map, or a struct whose properties are collected (from the
//! object and from `allOf` members) before the ones that survive are lowered.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::super::rewrite::marker_title;
use super::{
    child_hint, docs_of, escape_pointer, hint_suffix, is_any_schema, json_kind, At, FrameTarget,
    Hint, HintParent, Lowered, SchemaLowerer, MAX_PROPERTIES,
};
use crate::ident::{self, Namespace};
use crate::ir::{Docs, Extra, Field, Struct, Ty, TypeId, TypeKind};

impl SchemaLowerer {
    pub(super) fn object(&mut self, s: &Map<String, Value>, at: &At<'_>) -> Lowered {
        let props = s.get("properties").and_then(Value::as_object);
        let extra_schema = s.get("additionalProperties");
        if props.is_none_or(|p| p.is_empty()) && extra_schema != Some(&Value::Bool(false)) {
            // A map: `additionalProperties` alone, or a free-form object.
            let value = match extra_schema {
                Some(v) if !is_any_schema(v) => {
                    let ptr = format!("{}/additionalProperties", at.ptr);
                    self.lower(v, &ptr, &child_hint(at.hint, "Value")).or_null()
                }
                _ => Ty::Any,
            };
            return Lowered {
                ty: Ty::Map(Box::new(value)),
                nullable: false,
            };
        }
        let mut parts = StructParts::default();
        let frame = self.new_frame();
        self.collect_object(s, at.ptr, frame, &mut parts);
        let id = self.finish_struct(s, at.ptr, parts, at.hint);
        self.frames[frame as usize] = FrameTarget::Type(id);
        Lowered {
            ty: Ty::Named(id),
            nullable: false,
        }
    }

    /// Adds the properties, required list and extras of an object schema to `parts`.
    /// Properties are only recorded: [`Self::finish_struct`] lowers the ones that
    /// survive, so that a property an `allOf` member overrides leaves no type, context
    /// or source behind (its context would name a type after a struct it is not in).
    pub(super) fn collect_object<'s>(
        &mut self,
        s: &'s Map<String, Value>,
        ptr: &str,
        frame: u32,
        parts: &mut StructParts<'s>,
    ) {
        if let Some(req) = s.get("required").and_then(Value::as_array) {
            parts
                .required
                .extend(req.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(props) = s.get("properties").and_then(Value::as_object) {
            if props.len() > MAX_PROPERTIES {
                self.warn(
                    &format!("{ptr}/properties"),
                    format!(
                        "the schema has {} properties; at most {MAX_PROPERTIES} are supported, so they are kept as a map of JSON values",
                        props.len()
                    ),
                );
                return;
            }
            for (wire, prop) in props {
                let field = PartField {
                    wire: wire.clone(),
                    schema: prop,
                    ptr: format!("{ptr}/properties/{}", escape_pointer(wire)),
                    frame,
                };
                // A later `allOf` member overrides an earlier property of the same name.
                if let Some(old) = parts.fields.iter_mut().find(|f| f.wire == *wire) {
                    *old = field;
                } else {
                    parts.fields.push(field);
                }
            }
        }
        match s.get("additionalProperties") {
            Some(Value::Bool(false)) => parts.deny_extra = true,
            Some(v) if !is_any_schema(v) => {
                let hint = Hint {
                    parent: HintParent::Frame(frame),
                    suffix: "Value".into(),
                };
                let aptr = format!("{ptr}/additionalProperties");
                parts.extra = Some(self.lower(v, &aptr, &hint).or_null());
            }
            _ => {}
        }
    }

    pub(super) fn finish_struct(
        &mut self,
        s: &Map<String, Value>,
        ptr: &str,
        parts: StructParts<'_>,
        hint: &Hint,
    ) -> TypeId {
        let mut names = Namespace::new();
        let mut fields = Vec::with_capacity(parts.fields.len() + parts.bases.len());
        for (title, base) in parts.bases {
            let rust_name = names.claim(ident::field_name(&format!("{title}_base")));
            fields.push(Field {
                wire_name: String::new(),
                rust_name,
                ty: base,
                required: true,
                nullable: false,
                read_only: false,
                write_only: false,
                boxed: false,
                flatten: true,
                docs: Docs::default(),
                default: None,
            });
        }
        for f in parts.fields {
            if !self.is_usable_property(f.schema, &f.ptr) {
                continue;
            }
            let hint = Hint {
                parent: HintParent::Frame(f.frame),
                suffix: hint_suffix(&f.wire),
            };
            let lowered = self.lower(f.schema, &f.ptr, &hint);
            let p = f.schema.as_object();
            let flag = |k: &str| p.and_then(|p| p.get(k)).and_then(Value::as_bool) == Some(true);
            let (read_only, write_only) = (flag("readOnly"), flag("writeOnly"));
            let rust_name = names.claim(ident::field_name(&f.wire));
            // OpenAPI: a required `readOnly` property may be absent from a request, a
            // required `writeOnly` one from a response. One type serves both ways.
            let required = parts.required.contains(&f.wire) && !read_only && !write_only;
            fields.push(Field {
                required,
                wire_name: f.wire,
                rust_name,
                ty: lowered.ty,
                nullable: lowered.nullable,
                read_only,
                write_only,
                boxed: false,
                flatten: false,
                docs: docs_of(p),
                default: p.and_then(|p| p.get("default")).cloned(),
            });
        }
        let extra = if parts.deny_extra {
            Extra::Deny
        } else {
            match parts.extra {
                Some(t) => Extra::Typed(t),
                None => Extra::Any,
            }
        };
        let extra_name = names.claim("additional_properties".to_string());
        let kind = TypeKind::Struct(Struct {
            fields,
            extra,
            extra_name,
        });
        self.intern(kind, s, ptr, hint)
    }

    /// Whether a property's value can be lowered as a schema. `false` (no value
    /// allowed) is left out quietly; a value that is no schema at all (a number, or
    /// a string that is neither a marker nor a reference) is left out with a warning.
    fn is_usable_property(&mut self, schema: &Value, ptr: &str) -> bool {
        match schema {
            Value::Object(_) | Value::Bool(true) => true,
            Value::Bool(false) => false,
            Value::String(text) if marker_title(text).is_some() => true,
            other => {
                let found = match other {
                    Value::String(text) => format!("the string {text:?}"),
                    v => json_kind(v).to_string(),
                };
                self.warn(
                    ptr,
                    format!(
                        "the property's value is {found}, not a schema; the property is left out"
                    ),
                );
                false
            }
        }
    }
}

/// A struct as collected from an object schema and the `allOf` members merged into it.
#[derive(Default)]
pub(super) struct StructParts<'s> {
    fields: Vec<PartField<'s>>,
    required: BTreeSet<String>,
    extra: Option<Ty>,
    deny_extra: bool,
    /// `circular(…)` members of an `allOf`: the title, and the type it stands for.
    pub(super) bases: Vec<(String, Ty)>,
    /// Titled object members of an `allOf`, each also a type of its own.
    pub(super) supers: Vec<(&'s Value, String)>,
}

/// A property as collected, lowered only once `allOf` members have all had their say.
struct PartField<'s> {
    wire: String,
    schema: &'s Value,
    /// Where the winning schema is.
    ptr: String,
    /// The frame of the struct it is a property of.
    frame: u32,
}
