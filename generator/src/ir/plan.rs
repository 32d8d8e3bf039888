//! The client plan: every Rust name of an API's client, decided once by lowering
//! (`lower::plan`) and read by every emitter and tool.
//!
//! The tag modules with their module, accessor and feature names; per operation its
//! builder, method, success and error enums with their variants, and the builder's
//! fields; and the choices those names follow from: which request body the builder
//! sends, and which responses are successes and which are documented errors.

use serde::Serialize;

use super::{Field, Ty, TypeKind, TypeSpace};

/// The client of one API: its tag modules, in the order they are emitted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClientPlan {
    /// One module per first tag of the HTTP operations, sorted by tag.
    pub tags: Vec<TagPlan>,
}

impl ClientPlan {
    /// Every operation's plan with its tag module, tag by tag.
    pub fn operations(&self) -> impl Iterator<Item = (&TagPlan, &OperationPlan)> {
        self.tags
            .iter()
            .flat_map(|t| t.operations.iter().map(move |o| (t, o)))
    }
}

/// A tag module: its names and operations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagPlan {
    /// The tag as written in the docs: the module's doc title, and the key of its
    /// docs in `Api::tags`.
    pub tag: String,
    /// Rust module (and file) name.
    pub module: String,
    /// Cargo feature that enables it.
    pub feature: String,
    /// Rust name of the tag's struct, which holds the operations' methods.
    pub struct_name: String,
    /// Rust name of the accessor method on the API's client.
    pub accessor: String,
    /// Its operations, sorted by operation id.
    pub operations: Vec<OperationPlan>,
}

/// One operation's items in its tag module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationPlan {
    /// Index of the operation in `Api::operations`.
    pub index: usize,
    /// The operation's id, for reading.
    pub operation_id: String,
    /// Rust name of the method on the tag's struct.
    pub method: String,
    /// Rust name of the request builder.
    pub builder: String,
    /// Builder fields of the parameters, one per `Operation::params`, in order.
    pub param_fields: Vec<String>,
    /// The request body the builder sends, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyPlan>,
    /// The success responses: at least one (bytes of a `200` when the docs list none).
    pub success: ResponseEnum<SuccessVariant>,
    /// The documented JSON error bodies, by status.
    pub error: ResponseEnum<ErrorVariant>,
}

impl OperationPlan {
    /// The distinct payloads of the successes, in order: with one, `send` returns it
    /// and no success enum is emitted.
    pub fn success_payloads(&self) -> Vec<&Payload> {
        let mut distinct: Vec<&Payload> = Vec::new();
        for v in &self.success.variants {
            if !distinct.contains(&&v.payload) {
                distinct.push(&v.payload);
            }
        }
        distinct
    }
}

/// The request body a builder sends: one of the media types the docs offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BodyPlan {
    /// Index of the chosen body in `Operation::request`.
    pub index: usize,
    /// How it is encoded, with its builder fields.
    pub encoding: Encoding,
}

/// How a request body is sent, and the builder fields that hold it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// A JSON body (`application/json` or a `…json…` flavour), typed.
    Json {
        /// The builder field.
        field: String,
    },
    /// `application/x-www-form-urlencoded` with a schema: the typed model.
    Form {
        /// The builder field.
        field: String,
    },
    /// Anything else: raw bytes.
    Bytes {
        /// The builder field.
        field: String,
    },
    /// `multipart/form-data` whose docs declare no parts: the caller builds the form.
    MultipartForm {
        /// The builder field.
        field: String,
    },
    /// `multipart/form-data`: one part per property of the body's struct.
    MultipartParts {
        /// The builder field of each property, in the struct's order.
        fields: Vec<String>,
    },
}

/// The properties a multipart body of type `ty` sends as parts: the fields of its
/// struct, in order; none when it is not a struct.
pub fn multipart_parts<'a>(types: &'a TypeSpace, ty: Option<&Ty>) -> &'a [Field] {
    match ty {
        Some(Ty::Named(id)) => match &types.get(*id).kind {
            TypeKind::Struct(s) => &s.fields,
            _ => &[],
        },
        _ => &[],
    }
}

/// A success or error enum of an operation and its variants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseEnum<V> {
    /// Rust name of the enum (claimed in the tag module even where a success enum
    /// is not emitted).
    pub name: String,
    /// Its variants, in status order.
    pub variants: Vec<V>,
}

/// A documented success: status, payload and media type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuccessVariant {
    /// `200`, `2XX`…
    pub status: String,
    /// Rust name of the variant.
    pub rust_name: String,
    /// What the response carries.
    pub payload: Payload,
    /// The media type it is read as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
}

/// A documented JSON error body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorVariant {
    /// `404`, `4XX`, `default`…
    pub status: String,
    /// Rust name of the variant.
    pub rust_name: String,
    /// The body's type.
    pub ty: Ty,
}

/// What a success response carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Payload {
    /// No body.
    Empty,
    /// A JSON body of this type.
    Json(Ty),
    /// Raw bytes.
    Bytes,
}
