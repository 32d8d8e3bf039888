//! Schemas read by their `type`: scalars, arrays (objects are `object.rs`'s), and
//! string enums.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::super::rewrite::{type_alias, STANDARD_TYPES};
use super::{child_hint, schema_type, At, Lowered, SchemaLowerer};
use crate::ident::{self, Namespace};
use crate::ir::{EnumValue, FloatKind, IntKind, StrFormat, StringEnum, Ty, TypeKind};

impl SchemaLowerer {
    /// The schema's type, with a format written as the type (`"type": "date-time"`)
    /// read as the type it is a format of; `Err` for a type with no plain meaning.
    /// Each quirk is reported.
    pub(super) fn declared_type(
        &mut self,
        s: &Map<String, Value>,
        ptr: &str,
    ) -> Result<Option<(&'static str, Option<StrFormat>)>, String> {
        let Some(t) = schema_type(s) else {
            return Ok(None);
        };
        if let Some(std) = STANDARD_TYPES.iter().find(|x| **x == t) {
            return Ok(Some((std, None)));
        }
        match type_alias(t) {
            Some((canonical, format)) => {
                let article = if canonical.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                let what = match format {
                    Some(f) if f != StrFormat::Plain => {
                        format!("{article} {canonical} with format {}", f.name())
                    }
                    _ => format!("{article} {canonical}"),
                };
                self.warn(
                    &format!("{ptr}/type"),
                    format!("unknown schema type {t:?}; read as {what}"),
                );
                Ok(Some((canonical, format)))
            }
            None => Err(t.to_string()),
        }
    }

    pub(super) fn plain(&mut self, s: &Map<String, Value>, at: &At<'_>) -> Lowered {
        let (declared, format) = match self.declared_type(s, at.ptr) {
            Ok(Some((t, f))) => (Some(t), f),
            Ok(None) => (None, None),
            Err(other) => {
                let msg = format!("unknown schema type {other:?}; generated as any JSON value");
                self.warn(&format!("{}/type", at.ptr), msg);
                return Lowered::any();
            }
        };
        let ty = match declared {
            Some("object") => return self.object(s, at),
            Some("array") => {
                let item_hint = child_hint(at.hint, "Item");
                let items = match s.get("items") {
                    Some(items) => {
                        let ptr = format!("{}/items", at.ptr);
                        self.lower(items, &ptr, &item_hint)
                    }
                    None => Lowered::any(),
                };
                Ty::Array(Box::new(items.or_null()))
            }
            Some("string") => Ty::String(format.unwrap_or_else(|| string_format(s))),
            Some("integer") => Ty::Int(int_kind(s)),
            Some("number") => match s.get("format").and_then(Value::as_str) {
                Some("float") => Ty::Float(FloatKind::F32),
                Some("int32") => Ty::Int(IntKind::I32),
                Some("int64") => Ty::Int(IntKind::I64),
                _ => Ty::Float(FloatKind::F64),
            },
            Some("boolean") => Ty::Bool,
            _ => Ty::Any,
        };
        Lowered {
            ty,
            nullable: false,
        }
    }

    pub(super) fn enumeration(
        &mut self,
        s: &Map<String, Value>,
        values: &[Value],
        at: &At<'_>,
    ) -> Lowered {
        let nullable = values.iter().any(Value::is_null);
        let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        let non_null = values.iter().filter(|v| !v.is_null()).count();
        let declared = match self.declared_type(s, at.ptr) {
            Ok(t) => t.map(|(t, _)| t),
            Err(other) => {
                self.warn(
                    &format!("{}/type", at.ptr),
                    format!("unknown schema type {other:?} on an enum; read by its values"),
                );
                None
            }
        };
        if strings.is_empty()
            || strings.len() != non_null
            || declared.is_some_and(|t| t != "string")
        {
            // Not a string enum: the base type carries it, the values are docs.
            let mut l = self.plain(s, at);
            l.nullable |= nullable;
            return l;
        }
        let mut seen = BTreeSet::new();
        let mut names = Namespace::new();
        let mut out = Vec::new();
        for v in strings {
            if seen.insert(v) {
                out.push(EnumValue {
                    wire_name: v.to_string(),
                    rust_name: names.claim(ident::variant_name(v)),
                });
            }
        }
        let other_name = names.claim("Other".to_string());
        let kind = TypeKind::Enum(StringEnum {
            values: out,
            other_name,
        });
        let id = self.intern(kind, s, at.ptr, at.hint);
        Lowered {
            ty: Ty::Named(id),
            nullable,
        }
    }
}

fn string_format(s: &Map<String, Value>) -> StrFormat {
    match s
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("date-time") => StrFormat::DateTime,
        Some("date") => StrFormat::Date,
        Some("uuid") => StrFormat::Uuid,
        Some("byte") => StrFormat::Byte,
        Some("binary") => StrFormat::Binary,
        _ => StrFormat::Plain,
    }
}

fn int_kind(s: &Map<String, Value>) -> IntKind {
    match s.get("format").and_then(Value::as_str) {
        Some("int8") => IntKind::I8,
        Some("int16") => IntKind::I16,
        Some("int32") => IntKind::I32,
        _ => IntKind::I64,
    }
}
