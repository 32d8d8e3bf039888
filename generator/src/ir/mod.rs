//! The intermediate representation: plain owned data, no tokens.
//!
//! One [`Api`] per docs folder. Its [`TypeSpace`] holds every distinct shape once,
//! addressed by [`TypeId`]; type expressions ([`Ty`]) point into it. Every named
//! thing keeps both its Rust name and its wire name. Whatever walks the type
//! expressions walks them one way: [`Ty::walk`], [`TypeKind::for_each_ty`],
//! [`Operation::for_each_ty`] and [`reachable`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

mod plan;
mod visit;
pub use plan::*;
pub use visit::{reachable, Follow};

/// Index of a type in its API's [`TypeSpace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TypeId(pub u32);

impl TypeId {
    /// The index into [`TypeSpace::types`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IntKind {
    /// `int8`
    I8,
    /// `int16`
    I16,
    /// `int32`
    I32,
    /// `int64`, or an integer without a format
    I64,
}

/// Floating-point widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FloatKind {
    /// `float`
    F32,
    /// `double`, or a number without a format
    F64,
}

/// String formats that get a representation of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StrFormat {
    /// Any other string.
    Plain,
    /// `date-time`
    DateTime,
    /// `date`
    Date,
    /// `uuid` (SailPoint ids: 32 hex digits, often without hyphens)
    Uuid,
    /// `byte`: base64 text
    Byte,
    /// `binary`: raw bytes (in JSON, a string)
    Binary,
}

/// A type expression: where a value of some type is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Ty {
    /// No type given: any JSON value.
    Any,
    /// `boolean`
    Bool,
    /// `integer`
    Int(IntKind),
    /// `number`
    Float(FloatKind),
    /// `string`, with its format.
    String(StrFormat),
    /// `array`
    Array(Box<Ty>),
    /// An object used only as a map: `additionalProperties` without properties.
    Map(Box<Ty>),
    /// A named type of the registry.
    Named(TypeId),
    /// A value that may also be `null`, where no flag of a field or body can say
    /// so: nullable array items and map values. Never wraps [`Ty::Any`].
    Nullable(Box<Ty>),
}

impl Ty {
    /// Whether a value of this type needs no heap indirection to embed
    /// a reference to `id` (arrays and maps already are indirect).
    pub fn direct_named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::Nullable(inner) => inner.direct_named(),
            _ => None,
        }
    }
}

/// Shared documentation of a named item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Docs {
    /// The description as written in the docs (HTML and markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `deprecated: true`
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// A property of a struct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust field name (unique within the struct).
    pub rust_name: String,
    /// The value's type (without optionality).
    pub ty: Ty,
    /// Listed in `required`, and neither `readOnly` nor `writeOnly`: OpenAPI lets a
    /// required read-only property be absent from a request, and a required
    /// write-only one from a response, and one type serves both.
    pub required: bool,
    /// `nullable`, a `null` enum member, or a `null` type.
    pub nullable: bool,
    /// `readOnly`
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// `writeOnly`
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub write_only: bool,
    /// Set by the cycle pass: the field refers back to its own type directly.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
    /// An `allOf` member that could not be merged (a `circular(…)` base):
    /// its properties are flattened in from the named type.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub flatten: bool,
    /// Docs of the property.
    pub docs: Docs,
    /// The documented default, for the docs only: it never changes the wire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
}

/// What a struct does with properties it does not declare.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Extra {
    /// `additionalProperties: false`: none are kept.
    Deny,
    /// Unspecified, `true` or `{}`: kept as JSON values, so nothing is lost.
    Any,
    /// A schema: kept with that type.
    Typed(Ty),
}

/// An object with declared properties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Struct {
    /// Declared properties, in the docs' order.
    pub fields: Vec<Field>,
    /// Undeclared properties.
    pub extra: Extra,
    /// Rust name of the field holding undeclared properties (unique in the struct).
    pub extra_name: String,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire_name: String,
    /// The Rust variant name (unique in the enum).
    pub rust_name: String,
}

/// A string enum. Forward compatible: unknown values are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StringEnum {
    /// Known values, in the docs' order.
    pub values: Vec<EnumValue>,
    /// Rust name of the variant that keeps unknown values.
    pub other_name: String,
}

/// One variant of a `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variant {
    /// Rust variant name (unique in the enum).
    pub rust_name: String,
    /// The variant's type.
    pub ty: Ty,
    /// For tagged unions, the tag values that select this variant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_values: Vec<String>,
    /// Set by the cycle pass.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
}

/// A `oneOf`/`anyOf` (or a discriminator mapping).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Union {
    /// The property whose value tells the variants apart, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Variants, most specific first for untagged unions.
    pub variants: Vec<Variant>,
    /// Rust name of the variant that keeps values with an unknown tag (tagged unions).
    pub other_name: String,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// A struct.
    Struct(Struct),
    /// A string enum.
    Enum(StringEnum),
    /// A sum type.
    Union(Union),
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// The Rust name, unique in the API.
    pub rust_name: String,
    /// The schema `title` it came from, if any: its name in the docs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wire_name: Option<String>,
    /// The type whose definition this one shares, when another title (or none)
    /// has the same shape: emitted as a type alias of it. Its `kind` is its own
    /// copy of that shape, with its own docs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias_of: Option<TypeId>,
    /// For a struct merged from an `allOf`, its titled bases, which are types of
    /// their own: each gets a `From` of this struct where every one of its fields is
    /// one of this struct's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supers: Vec<TypeId>,
    /// Docs of the type.
    pub docs: Docs,
    /// The shape.
    #[serde(flatten)]
    pub kind: TypeKind,
    /// Pages whose schemas produced this type.
    pub sources: BTreeSet<PathBuf>,
    /// Set by the finalize pass: `Default` can be derived.
    pub derive_default: bool,
    /// `example` values given on the type's schema in the docs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<SchemaExample>,
}

/// An `example` given on a schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemaExample {
    /// The page it is on.
    pub page: PathBuf,
    /// JSON pointer of the example inside the page's `api`.
    pub pointer: String,
    /// The example.
    pub value: serde_json::Value,
}

/// The type registry of one API.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeSpace {
    /// All types, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
}

impl TypeSpace {
    /// The type with id `id`.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    /// Ids of all types, in registry order.
    pub fn ids(&self) -> impl Iterator<Item = TypeId> {
        (0..self.types.len()).map(|i| TypeId(i as u32))
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust argument name (unique in the operation).
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: Ty,
    /// Whether it must be given.
    pub required: bool,
    /// `style`, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    /// `explode`, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
    /// Docs.
    pub docs: Docs,
}

/// A request or response body in one media type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// The media type, e.g. `application/json`.
    pub media_type: String,
    /// The body's type; `None` when it has no schema.
    pub ty: Option<Ty>,
    /// `nullable` on the body's schema.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
}

/// A response for one status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// `200`, `4XX`, `default`…
    pub status: String,
    /// The response description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// One entry per media type.
    pub content: Vec<Body>,
    /// Names of documented response headers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
}

/// One operation page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// `operationId`, or the page id when it is missing.
    pub operation_id: String,
    /// Rust method name.
    pub rust_name: String,
    /// HTTP method in lower case (or e.g. `event` for webhook pages).
    pub method: String,
    /// Whether `method` is an HTTP verb: only those get a client method.
    pub is_http: bool,
    /// The path template.
    pub path: String,
    /// Tags, in the docs' order.
    pub tags: Vec<String>,
    /// Summary line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Docs of the operation.
    pub docs: Docs,
    /// Parameters.
    pub params: Vec<Param>,
    /// Request body per media type.
    pub request: Vec<Body>,
    /// Whether the request body is required.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub request_required: bool,
    /// Responses, in status order.
    pub responses: Vec<Response>,
    /// Security requirements: scheme name and the scopes (rights) it needs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<(String, Vec<String>)>,
    /// The page it came from.
    pub page: PathBuf,
}

/// Module docs for a tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// The tag's name as used in operations.
    pub name: String,
    /// The tag page body (markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Counters for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Operation pages read.
    pub pages: usize,
    /// Operations (all pages, HTTP or not).
    pub operations: usize,
    /// Types named from a `title`.
    pub named_types: usize,
    /// Types named from context.
    pub anonymous_types: usize,
    /// Schemas found identical to an existing type and merged into it.
    pub duplicates_merged: usize,
}

/// One API: a docs folder of operation pages.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// Rust module name, unique in the crate.
    pub module: String,
    /// The docs folder.
    pub dir: PathBuf,
    /// `info.title`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `info.version`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `info.description`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Server URL templates with their variables' defaults.
    pub servers: Vec<Server>,
    /// Tags by name, with their tag-page docs.
    pub tags: BTreeMap<String, Tag>,
    /// Security schemes by name.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
    /// The types.
    pub types: TypeSpace,
    /// The operations, sorted by operation id.
    pub operations: Vec<Operation>,
    /// The client's names: tag modules, builders, response enums, builder fields.
    pub client: ClientPlan,
    /// The type of every schema that carries a `title`, `example` or `examples`: for
    /// checking the examples against the generated types (see [`crate::examples`]),
    /// and that every titled schema is typed by its title.
    #[serde(skip)]
    pub schema_positions: Vec<SchemaPosition>,
    /// Counters.
    pub stats: Stats,
    /// Quirks of the docs that generation worked around, one per place.
    #[serde(skip)]
    pub warnings: Vec<crate::error::Warning>,
}

impl Api {
    /// The Rust type of a type expression as the generated code spells it, with
    /// short paths (`Vec<AccessProfile>`, `BTreeMap<String, Number>`): the one
    /// printer every report uses.
    pub fn rust_type(&self, ty: &Ty) -> String {
        match ty {
            Ty::Any => "Value".into(),
            Ty::Bool => "bool".into(),
            Ty::Int(IntKind::I8) => "i8".into(),
            Ty::Int(IntKind::I16) => "i16".into(),
            Ty::Int(IntKind::I32) => "i32".into(),
            Ty::Int(IntKind::I64) => "i64".into(),
            Ty::Float(_) => "Number".into(),
            Ty::String(StrFormat::Plain | StrFormat::Binary) => "String".into(),
            Ty::String(StrFormat::DateTime) => "DateTime".into(),
            Ty::String(StrFormat::Date) => "Date".into(),
            Ty::String(StrFormat::Uuid) => "Uuid".into(),
            Ty::String(StrFormat::Byte) => "Base64".into(),
            Ty::Array(inner) => format!("Vec<{}>", self.rust_type(inner)),
            Ty::Map(inner) => format!("BTreeMap<String, {}>", self.rust_type(inner)),
            Ty::Nullable(inner) => format!("Option<{}>", self.rust_type(inner)),
            Ty::Named(id) => self
                .types
                .types
                .get(id.index())
                .map(|t| t.rust_name.clone())
                .unwrap_or_else(|| "Value".into()),
        }
    }
}

/// The type generated for a schema at one place in one page.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaPosition {
    /// The page.
    pub page: PathBuf,
    /// JSON pointer of the schema inside the page's `api`.
    pub pointer: String,
    /// The type of a value of the schema.
    pub ty: Ty,
    /// Whether the schema allows `null`.
    pub nullable: bool,
}

/// A server entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Server {
    /// URL template, e.g. `https://{tenant}.api.identitynow.com/v3`.
    pub url: String,
    /// Variables and their defaults.
    pub variables: BTreeMap<String, String>,
}

/// A security scheme, as far as a client needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecurityScheme {
    /// OAuth2; `token_url` of the client-credentials flow, if it has one, with a
    /// host label that names a server variable written as `{variable}`.
    OAuth2 {
        /// Token URL template.
        token_url: Option<String>,
    },
    /// HTTP bearer (or other HTTP) authentication.
    Http {
        /// `bearer`, `basic`…
        scheme: String,
    },
    /// An API key.
    ApiKey {
        /// Header, query parameter or cookie name.
        name: String,
        /// `header`, `query` or `cookie`.
        location: String,
    },
    /// Anything else (OpenID Connect…).
    Other,
}
