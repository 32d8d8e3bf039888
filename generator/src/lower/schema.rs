//! Schema JSON to [`Ty`] and draft types, with hash-consing of identical shapes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::rewrite::{
    deep_title, distribute_unions, is_enum_member, marker_title, rewrite_31, type_alias, Marker,
    MAX_DISTRIBUTED, STANDARD_TYPES,
};
use crate::error::{Location, Warning};
use crate::ident::{self, Namespace};
use crate::ir::{
    Docs, EnumValue, Extra, Field, FloatKind, IntKind, SchemaExample, StrFormat, StringEnum,
    Struct, Ty, TypeId, TypeKind, Union, Variant,
};

/// How many distinct schema examples are kept per type.
pub const MAX_EXAMPLES: usize = 4;

/// How deep schemas may nest (properties, items, members) before the docs are refused.
/// Real docs stay far below (the SailPoint trees nest at most 12 levels); the types of
/// deeper schemas nest so deeply that formatting and compiling them needs more stack
/// than a default thread has.
pub const MAX_DEPTH: usize = 32;

/// How many properties one object schema may have. Real docs have at most a few
/// hundred; a struct far wider would take the compiler minutes and is refused.
pub const MAX_PROPERTIES: usize = 10_000;

/// Where an anonymous type was found, to name it from context.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hint {
    /// Whose part it is.
    pub parent: HintParent,
    /// What it is of the parent, already in UpperCamelCase: `Owner`, `Item`, `Request`.
    pub suffix: String,
}

/// The owner of a [`Hint`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HintParent {
    /// An operation, by its Rust type-style name (`ListAccessProfiles`).
    Operation(String),
    /// A type under construction, by frame number; see [`SchemaLowerer::frames`].
    Frame(u32),
}

/// What a frame (a struct or union under construction) turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameTarget {
    /// Not finished (only while lowering, or after an error).
    Pending,
    /// A named type.
    Type(TypeId),
    /// Nothing of its own: a union of one variant. Parts are named from this hint.
    Hint(Hint),
}

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

/// A lowered schema: its type and whether `null` is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Lowered {
    /// The type.
    pub ty: Ty,
    /// Whether `null` is a valid value.
    pub nullable: bool,
}

impl Lowered {
    fn any() -> Lowered {
        Lowered {
            ty: Ty::Any,
            nullable: false,
        }
    }

    /// The type where no flag can say "nullable" (array items, map values): the
    /// type itself wrapped in [`Ty::Nullable`] when `null` is allowed.
    pub fn or_null(self) -> Ty {
        if self.nullable && self.ty != Ty::Any {
            Ty::Nullable(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

/// Turns the schemas of one API into draft types.
#[derive(Default)]
pub struct SchemaLowerer {
    /// Drafts, indexed by [`TypeId`].
    pub drafts: Vec<Draft>,
    by_key: HashMap<(Option<String>, Option<String>, ShapeKey), TypeId>,
    /// What each frame turned out to be.
    pub frames: Vec<FrameTarget>,
    /// Schemas merged into an existing draft.
    pub merged: usize,
    /// Quirks worked around, with their location.
    pub warnings: Vec<Warning>,
    /// Where each `circular(Title)` marker (or reference left as text) was met, so
    /// that one whose title no page writes out is reported where it is.
    pub marker_sites: Vec<(String, Location)>,
    /// While schemas made from others are lowered, one group per such schema
    /// (innermost last): (pointer in it, pointer in the docs).
    places: Vec<Vec<(String, String)>>,
    /// The type of every schema that carries `example` or `examples`, by page and
    /// pointer, so that the examples can be checked against the generated types.
    pub schema_positions: Vec<(PathBuf, String, Lowered)>,
    page: PathBuf,
    location: Location,
    depth: usize,
}

/// Context for one schema: where it is and what to call it if it is anonymous.
struct At<'a> {
    ptr: &'a str,
    hint: &'a Hint,
}

impl SchemaLowerer {
    /// Sets the page that schemas now come from, for sources and errors.
    pub fn set_page(&mut self, page: &Path, location: Location) {
        self.page = page.to_path_buf();
        self.location = location;
    }

    /// Records a quirk at `ptr` of the current page.
    pub fn warn(&mut self, ptr: &str, message: impl Into<String>) {
        let location = self.location.clone().with_pointer(self.real_pointer(ptr));
        self.warnings.push(Warning::new(location, message));
    }

    /// Where a pointer into a schema made from others (see [`Rewritten`]) is in the docs.
    fn real_pointer(&self, ptr: &str) -> String {
        let mut ptr = ptr.to_string();
        for group in self.places.iter().rev() {
            let best = group
                .iter()
                .filter(|(made, _)| {
                    ptr.strip_prefix(made.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                })
                .max_by_key(|(made, _)| made.len());
            if let Some((made, real)) = best {
                ptr = format!("{real}{}", &ptr[made.len()..]);
            }
        }
        ptr
    }

    /// Lowers the schema at `ptr`, naming it from `hint` if it needs a name and has no title.
    pub fn lower(&mut self, schema: &Value, ptr: &str, hint: &Hint) -> Lowered {
        if self.depth >= MAX_DEPTH {
            self.warn(
                ptr,
                format!(
                    "schema nests deeper than {MAX_DEPTH} levels; what is below is generated as any JSON value"
                ),
            );
            return Lowered::any();
        }
        self.depth += 1;
        let out = self.lower_inner(schema, At { ptr, hint });
        let has_example = |v: &Value| {
            v.as_object()
                .is_some_and(|s| s.contains_key("example") || s.contains_key("examples"))
        };
        // An `allOf` member that only annotates may carry the example of the whole.
        let member_example = || {
            schema
                .get("allOf")
                .and_then(Value::as_array)
                .is_some_and(|m| m.iter().any(has_example))
        };
        let titled = schema.get("title").is_some_and(Value::is_string);
        if titled || has_example(schema) || member_example() {
            self.schema_positions
                .push((self.page.clone(), self.real_pointer(ptr), out.clone()));
        }
        self.depth -= 1;
        out
    }

    fn lower_inner(&mut self, schema: &Value, at: At<'_>) -> Lowered {
        let s = match schema {
            Value::Object(s) => s,
            Value::String(text) => return self.circular(text, at.ptr),
            Value::Bool(true) => return Lowered::any(),
            other => {
                self.warn(
                    at.ptr,
                    format!(
                        "expected a schema object, found {}; generated as any JSON value",
                        json_kind(other)
                    ),
                );
                return Lowered::any();
            }
        };
        // OpenAPI 3.1 spellings that have a 3.0 equivalent: lowered as that.
        if let Some(rewritten) = rewrite_31(s) {
            return self.lower_inner(&Value::Object(rewritten), at);
        }
        let nullable = is_nullable(s);
        let mut lowered = if let Some(all) = s.get("allOf") {
            self.all_of(s, all, &at)
        } else if s.get("oneOf").is_some()
            || s.get("anyOf").is_some()
            || s.get("discriminator")
                .and_then(|d| d.get("mapping"))
                .is_some()
        {
            self.union(s, &at)
        } else if let Some(Value::Array(values)) = s.get("enum") {
            self.enumeration(s, values, &at)
        } else {
            self.plain(s, &at)
        };
        lowered.nullable |= nullable;
        lowered
    }

    /// A string where a schema should be: a `circular(Title)` marker, a `$ref` the
    /// plugin left as text (resolved like a marker, by the title its name gives), or
    /// a mistake (any JSON value, with a warning).
    fn circular(&mut self, text: &str, ptr: &str) -> Lowered {
        if let Some(Marker::Circular(title) | Marker::Ref(title)) = marker_title(text) {
            let site = self.location.clone().with_pointer(self.real_pointer(ptr));
            self.marker_sites.push((title.to_string(), site));
        }
        match marker_title(text) {
            Some(Marker::Circular(title)) => Lowered {
                ty: Ty::Circular(title.to_string()),
                nullable: false,
            },
            Some(Marker::Ref(title)) => {
                self.warn(
                    ptr,
                    format!(
                        "the reference {text:?} was not inlined; using the schema titled {title:?}"
                    ),
                );
                Lowered {
                    ty: Ty::Circular(title.to_string()),
                    nullable: false,
                }
            }
            Some(Marker::Empty) => Lowered::any(),
            None => {
                self.warn(
                    ptr,
                    format!(
                        "expected a schema object or a `circular(…)` marker, found the string {text:?}; generated as any JSON value"
                    ),
                );
                Lowered::any()
            }
        }
    }

    /// The schema's type, with a format written as the type (`"type": "date-time"`)
    /// read as the type it is a format of; `Err` for a type with no plain meaning.
    /// Each quirk is reported.
    fn declared_type(
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

    fn plain(&mut self, s: &Map<String, Value>, at: &At<'_>) -> Lowered {
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

    fn object(&mut self, s: &Map<String, Value>, at: &At<'_>) -> Lowered {
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

    fn new_frame(&mut self) -> u32 {
        self.frames.push(FrameTarget::Pending);
        (self.frames.len() - 1) as u32
    }

    /// Adds the properties, required list and extras of an object schema to `parts`.
    /// Properties are only recorded: [`Self::finish_struct`] lowers the ones that
    /// survive, so that a property an `allOf` member overrides leaves no type, context
    /// or source behind (its context would name a type after a struct it is not in).
    fn collect_object<'s>(
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

    fn finish_struct(
        &mut self,
        s: &Map<String, Value>,
        ptr: &str,
        parts: StructParts<'_>,
        hint: &Hint,
    ) -> TypeId {
        let mut names = Namespace::new();
        let mut fields = Vec::with_capacity(parts.fields.len() + parts.bases.len());
        for base in parts.bases {
            let rust_name = names.claim(ident::field_name(&format!("{base}_base")));
            fields.push(Field {
                wire_name: String::new(),
                rust_name,
                ty: Ty::Circular(base),
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

    fn all_of(&mut self, s: &Map<String, Value>, all: &Value, at: &At<'_>) -> Lowered {
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
                if base != id {
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
                    let titled = m
                        .get("title")
                        .and_then(Value::as_str)
                        .is_some_and(|t| !t.trim().is_empty());
                    if titled && m.contains_key("properties") {
                        parts.supers.push((member, ptr.to_string()));
                    }
                    self.collect_object(m, ptr, frame, parts);
                }
                is_nullable(m)
            }
            Value::String(text) => {
                match marker_title(text) {
                    Some(Marker::Circular(title) | Marker::Ref(title)) => {
                        let site = self.location.clone().with_pointer(self.real_pointer(ptr));
                        self.marker_sites.push((title.to_string(), site));
                        parts.bases.push(title.to_string())
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

    fn union(&mut self, s: &Map<String, Value>, at: &At<'_>) -> Lowered {
        let key = if s.contains_key("oneOf") {
            "oneOf"
        } else {
            "anyOf"
        };
        let frame = self.new_frame();
        let mut nullable = false;
        let mut variants: Vec<(Ty, Vec<String>)> = Vec::new();
        let discriminator = s.get("discriminator").and_then(Value::as_object);
        let tag_prop = discriminator
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mapping = discriminator
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object);
        let mut member_schemas: Vec<&Value> = Vec::new();
        match s.get(key) {
            Some(Value::Array(members)) => {
                // Variants pinned by a tag value are named after it (`…Rectangle`), others by position.
                let refs: Vec<&Value> = members.iter().collect();
                let mut pinned: Vec<Option<String>> = match &tag_prop {
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
                        nullable = true;
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
                    nullable |= l.nullable;
                    if !variants.iter().any(|(t, _)| *t == l.ty) {
                        variants.push((l.ty, Vec::new()));
                        member_schemas.push(m);
                    }
                }
            }
            Some(_) => self.warn(
                &format!("{}/{key}", at.ptr),
                format!("`{key}` is not an array"),
            ),
            None => {}
        }
        if let Some(mapping) = mapping {
            for (tag, m) in mapping {
                // A mapping to a reference the plugin did not inline names a member
                // by its title.
                if let Some(Marker::Ref(title) | Marker::Circular(title)) =
                    m.as_str().and_then(marker_title)
                {
                    let member = member_schemas
                        .iter()
                        .position(|s| deep_title(s).is_some_and(|t| t == title));
                    if let Some(i) = member {
                        variants[i].1.push(tag.clone());
                        continue;
                    }
                }
                let hint = Hint {
                    parent: HintParent::Frame(frame),
                    suffix: hint_suffix(tag),
                };
                let ptr = format!("{}/discriminator/mapping/{}", at.ptr, escape_pointer(tag));
                let l = self.lower(m, &ptr, &hint);
                match variants.iter_mut().find(|(t, _)| *t == l.ty) {
                    Some((_, tags)) => tags.push(tag.clone()),
                    None => {
                        variants.push((l.ty, vec![tag.clone()]));
                        member_schemas.push(m);
                    }
                }
            }
        }
        // A union of one is that one.
        if variants.len() <= 1 && mapping.is_none() {
            self.frames[frame as usize] = FrameTarget::Hint(at.hint.clone());
            let ty = variants.pop().map_or(Ty::Any, |v| v.0);
            return self.keep_title(Lowered { ty, nullable }, s, at.ptr, at.hint);
        }
        let mut tag = tag_prop;
        if let Some(prop) = &tag {
            // Discriminator without mapping: the tag values are the variants' titles,
            // or the single value their tag property allows.
            for (i, (_, tags)) in variants.iter_mut().enumerate() {
                if tags.is_empty() {
                    let schema = member_schemas[i];
                    if let Some(v) = const_property(schema, prop) {
                        tags.push(v);
                    } else if let Some(t) = schema.get("title").and_then(Value::as_str) {
                        tags.push(t.to_string());
                    }
                }
            }
            if variants.iter().any(|(_, t)| t.is_empty()) {
                tag = None;
                for (_, t) in variants.iter_mut() {
                    t.clear();
                }
            }
        } else if let Some((prop, values)) = common_const_property(&member_schemas) {
            tag = Some(prop);
            for ((_, tags), v) in variants.iter_mut().zip(values) {
                tags.push(v);
            }
        }
        if tag.is_none() {
            variants.sort_by_key(|(ty, _)| std::cmp::Reverse(self.specificity(ty)));
        }
        let kind = TypeKind::Union(Union {
            tag,
            variants: variants
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

    /// Orders untagged variants: try the pickiest first, so a permissive variant
    /// never shadows a stricter one that matches.
    fn specificity(&self, ty: &Ty) -> (u8, usize, usize) {
        match ty {
            Ty::Named(id) => match &self.drafts[id.index()].kind {
                TypeKind::Struct(s) => {
                    let required = s.fields.iter().filter(|f| f.required).count();
                    let deny = u8::from(s.extra == Extra::Deny);
                    (6 + deny, required, s.fields.len())
                }
                TypeKind::Enum(e) => (5, e.values.len(), 0),
                TypeKind::Union(_) => (4, 0, 0),
            },
            Ty::Array(_) => (4, 0, 0),
            Ty::Int(_) => (3, 2, 0),
            Ty::Float(_) => (3, 1, 0),
            Ty::Bool => (3, 0, 0),
            Ty::String(StrFormat::Plain) => (2, 0, 0),
            Ty::String(_) => (2, 1, 0),
            Ty::Map(_) => (1, 0, 0),
            Ty::Circular(_) => (4, 0, 0),
            Ty::Nullable(inner) => self.specificity(inner),
            Ty::Any => (0, 0, 0),
        }
    }

    fn enumeration(&mut self, s: &Map<String, Value>, values: &[Value], at: &At<'_>) -> Lowered {
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

    /// A titled schema that is just another named type (`allOf: [X]` with a title of
    /// its own, a union left with one member) keeps its title: a type of that title
    /// and the same shape, which becomes an alias of it.
    fn keep_title(
        &mut self,
        l: Lowered,
        s: &Map<String, Value>,
        ptr: &str,
        hint: &Hint,
    ) -> Lowered {
        let title = s
            .get("title")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty());
        match (&l.ty, title) {
            (Ty::Named(id), Some(t)) if self.drafts[id.index()].title.as_deref() != Some(t) => {
                let kind = self.drafts[id.index()].kind.clone();
                Lowered {
                    ty: Ty::Named(self.intern(kind, s, ptr, hint)),
                    nullable: l.nullable,
                }
            }
            _ => l,
        }
    }

    /// Registers a shape, merging it into an identical one seen before.
    fn intern(&mut self, kind: TypeKind, s: &Map<String, Value>, ptr: &str, hint: &Hint) -> TypeId {
        let title = s
            .get("title")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        let local = super::naming::local_key(title.as_deref(), Some(hint)).map(str::to_string);
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

#[derive(Default)]
struct StructParts<'s> {
    fields: Vec<PartField<'s>>,
    required: BTreeSet<String>,
    extra: Option<Ty>,
    deny_extra: bool,
    bases: Vec<String>,
    /// Titled object members of an `allOf`, each also a type of its own.
    supers: Vec<(&'s Value, String)>,
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

/// A docs name as the tail of a type name: UpperCamelCase, with no keyword
/// escape, since it is appended to the parent's name.
pub fn hint_suffix(raw: &str) -> String {
    ident::type_name(raw).trim_end_matches('_').to_string()
}

/// The hint for a part of whatever `hint` names: `{Parent}{Suffix}{part}`.
pub fn child_hint(hint: &Hint, part: &str) -> Hint {
    Hint {
        parent: hint.parent.clone(),
        suffix: format!("{}{part}", hint.suffix),
    }
}

/// The docs of a schema or parameter object.
pub fn docs_of(s: Option<&Map<String, Value>>) -> Docs {
    let Some(s) = s else {
        return Docs::default();
    };
    Docs {
        description: s
            .get("description")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        deprecated: s.get("deprecated").and_then(Value::as_bool) == Some(true),
    }
}

/// Whether a schema allows `null`: `nullable`, a `null` type, or a `null` enum member.
pub fn is_nullable(s: &Map<String, Value>) -> bool {
    s.get("nullable").and_then(Value::as_bool) == Some(true)
        || match s.get("type") {
            Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
            Some(Value::String(t)) => t == "null",
            _ => false,
        }
        || s.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.iter().any(Value::is_null))
}

/// The schema's one non-null type, inferred from its keys when not given.
fn schema_type(s: &Map<String, Value>) -> Option<&str> {
    match s.get("type") {
        Some(Value::String(t)) => Some(t.as_str()),
        Some(Value::Array(types)) => {
            let mut non_null = types
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null");
            match (non_null.next(), non_null.next()) {
                (Some(t), None) => Some(t),
                _ => None,
            }
        }
        _ => {
            if s.contains_key("properties") || s.contains_key("additionalProperties") {
                Some("object")
            } else if s.contains_key("items") {
                Some("array")
            } else {
                None
            }
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

/// `true`, `{}` and schemas with nothing but docs stand for any value.
fn is_any_schema(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Object(m) => m.keys().all(|k| {
            k.starts_with("x-")
                || matches!(
                    k.as_str(),
                    "description"
                        | "example"
                        | "examples"
                        | "title"
                        | "default"
                        | "nullable"
                        | "readOnly"
                        | "writeOnly"
                        | "deprecated"
                        | "externalDocs"
                )
        }),
        _ => false,
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

/// A name for an untitled union member from what sets it apart from its siblings,
/// as a person would name it: a property only it requires (`Email` beside `Phone`),
/// else a property only it has, else its kind (`String`, `Integer`, `StringList`,
/// `Map`, `Object`).
fn member_label(member: &Value, members: &[&Value]) -> Option<String> {
    let (required, props) = shape_keys(member);
    let (others_required, others_props): (Vec<Vec<String>>, Vec<Vec<String>>) = members
        .iter()
        .filter(|o| !std::ptr::eq(**o, member))
        .map(|o| shape_keys(o))
        .unzip();
    let only_here =
        |name: &String, others: &[Vec<String>]| others.iter().all(|o| !o.contains(name));
    let label = required
        .iter()
        .find(|r| only_here(r, &others_required))
        .or_else(|| props.iter().find(|p| only_here(p, &others_props)))
        .map(|name| hint_suffix(name))
        .filter(|l| !l.is_empty());
    label.or_else(|| kind_label(member))
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

/// Escapes a key for a JSON pointer (RFC 6901).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A word for the kind of a JSON value, for messages.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
