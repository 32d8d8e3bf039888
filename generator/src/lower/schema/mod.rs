//! Schema JSON to [`Ty`] and draft types, with hash-consing of identical shapes.
//!
//! [`SchemaLowerer::lower`] sends each schema to the file of its kind: `plain.rs`
//! (scalars, arrays, string enums), `object.rs` (maps and structs), `all_of.rs`,
//! `union.rs`; `intern.rs` registers what they make, one draft per shape and title.

mod all_of;
mod intern;
mod object;
mod plain;
mod union;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::rewrite::{marker_title, rewrite_31, Marker};
use crate::error::{Location, Warning};
use crate::ident;
use crate::ir::{Docs, Ty, TypeId};

pub use intern::{Draft, ShapeKey};

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
    /// The types the markers stand for until the cycles pass resolves them.
    pub pending: Pending,
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

/// The titles of `circular(Title)` markers (and of references left as text): the
/// type a marker stands for may not be lowered yet, so each title reserves an id
/// until the cycles pass resolves it. The ids count down from the top of the id
/// range, where no draft is: the `k`-th title met has `TypeId(u32::MAX - k)`.
#[derive(Default)]
pub struct Pending {
    titles: Vec<String>,
    ids: HashMap<String, TypeId>,
}

impl Pending {
    /// The id reserved for `title`.
    fn id(&mut self, title: &str) -> TypeId {
        let next = TypeId(u32::MAX - self.titles.len() as u32);
        *self.ids.entry(title.to_string()).or_insert_with(|| {
            self.titles.push(title.to_string());
            next
        })
    }

    /// The title `id` is reserved for; `None` for the id of a draft.
    pub fn title(&self, id: TypeId) -> Option<&str> {
        let k = (u32::MAX - id.0) as usize;
        self.titles.get(k).map(String::as_str)
    }
}

/// How the types and frames of a lowerer appended to another are renumbered: see
/// [`SchemaLowerer::append`].
pub struct Renumber {
    type_offset: u32,
    frame_offset: u32,
    /// The id, in the lowerer appended to, of each marker title of the appended one.
    pending: Vec<TypeId>,
}

impl Renumber {
    /// The id of an appended draft or marker in the lowerer appended to.
    pub fn id(&self, id: TypeId) -> TypeId {
        let k = (u32::MAX - id.0) as usize;
        match self.pending.get(k) {
            Some(&id) => id,
            None => TypeId(id.0 + self.type_offset),
        }
    }

    /// Renumbers every named type in `ty`.
    pub fn ty(&self, ty: &mut Ty) {
        ty.walk_mut(&mut |t| {
            if let Ty::Named(id) = t {
                *id = self.id(*id);
            }
        });
    }

    fn hint(&self, hint: Hint) -> Hint {
        match hint.parent {
            HintParent::Frame(f) => Hint {
                parent: HintParent::Frame(f + self.frame_offset),
                suffix: hint.suffix,
            },
            HintParent::Operation(_) => hint,
        }
    }
}

/// Context for one schema: where it is and what to call it if it is anonymous.
struct At<'a> {
    ptr: &'a str,
    hint: &'a Hint,
}

impl SchemaLowerer {
    /// Takes in what `other` lowered, as if this lowerer had gone on to lower the
    /// same pages: `other`'s drafts and frames are numbered after this one's, and
    /// its markers take this one's ids for their titles. A shape both lowered stays
    /// two drafts until the merge pass, which joins identical shapes anyway, so the
    /// types that come out do not depend on how the pages were split. Returns the
    /// renumbering, for what else refers to `other`'s types.
    pub fn append(&mut self, other: SchemaLowerer) -> Renumber {
        let renumber = Renumber {
            type_offset: self.drafts.len() as u32,
            frame_offset: self.frames.len() as u32,
            pending: other
                .pending
                .titles
                .iter()
                .map(|title| self.pending.id(title))
                .collect(),
        };
        for mut d in other.drafts {
            d.kind.for_each_ty_mut(&mut |t| renumber.ty(t));
            d.hints = d.hints.into_iter().map(|h| renumber.hint(h)).collect();
            d.supers = d.supers.into_iter().map(|id| renumber.id(id)).collect();
            self.drafts.push(d);
        }
        self.frames
            .extend(other.frames.into_iter().map(|f| match f {
                FrameTarget::Type(id) => FrameTarget::Type(renumber.id(id)),
                FrameTarget::Hint(h) => FrameTarget::Hint(renumber.hint(h)),
                FrameTarget::Pending => FrameTarget::Pending,
            }));
        self.merged += other.merged;
        self.warnings.extend(other.warnings);
        self.marker_sites.extend(other.marker_sites);
        self.schema_positions
            .extend(
                other
                    .schema_positions
                    .into_iter()
                    .map(|(page, ptr, mut l)| {
                        renumber.ty(&mut l.ty);
                        (page, ptr, l)
                    }),
            );
        renumber
    }

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
        let title = match marker_title(text) {
            Some(Marker::Circular(title)) => title,
            Some(Marker::Ref(title)) => {
                self.warn(
                    ptr,
                    format!(
                        "the reference {text:?} was not inlined; using the schema titled {title:?}"
                    ),
                );
                title
            }
            Some(Marker::Empty) => return Lowered::any(),
            None => {
                self.warn(
                    ptr,
                    format!(
                        "expected a schema object or a `circular(…)` marker, found the string {text:?}; generated as any JSON value"
                    ),
                );
                return Lowered::any();
            }
        };
        Lowered {
            ty: self.marker(title, ptr),
            nullable: false,
        }
    }

    /// The type a marker of `title` at `ptr` stands for, with the marker's site.
    fn marker(&mut self, title: &str, ptr: &str) -> Ty {
        let site = self.location.clone().with_pointer(self.real_pointer(ptr));
        self.marker_sites.push((title.to_string(), site));
        Ty::Named(self.pending.id(title))
    }

    fn new_frame(&mut self) -> u32 {
        self.frames.push(FrameTarget::Pending);
        (self.frames.len() - 1) as u32
    }
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

/// `true`, `{}` and schemas with nothing but docs stand for any value.
fn is_any_schema(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Object(m) => m.keys().all(|k| is_annotation(k)),
        _ => false,
    }
}

/// A schema keyword that documents a value without constraining it (`description`,
/// `example`, `readOnly`, `x-…`).
pub(crate) fn is_annotation(key: &str) -> bool {
    key.starts_with("x-")
        || matches!(
            key,
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
