//! The docs' OpenAPI schemas as the tools read them: one validator, and the values
//! made from a schema.
//!
//! Every check of a value against its schema goes through [`Checker`]: the schema
//! is converted to a JSON Schema (draft 2020-12, [`convert()`]) and validated by the
//! `jsonschema` crate. [`Reading`] says how a schema is read: as JSON Schema reads
//! it (the examples tool, which compares the verdict with the generated types), or
//! as a validating mock server reads the document `openapi` serves (the smoke
//! program's values and the examples `openapi` keeps or drops, through [`fits`]).
//!
//! [`values`] makes values from a schema ([`synthesize`], [`sample`]) and reads a
//! discriminated union the way OpenAPI means it ([`read_discriminator`]).

pub mod convert;
mod validate;
pub mod values;

pub use convert::convert;
pub use validate::{fits, Checker, Verdict};
pub use values::{read_discriminator, sample, synthesize};

/// Which way a payload travels: decides which of `readOnly`/`writeOnly` may be absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Sent by the client: required `readOnly` properties may be absent.
    Request,
    /// Sent by the server: required `writeOnly` properties may be absent.
    Response,
}

/// How a schema is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reading {
    /// As JSON Schema reads it, for a payload travelling in the given direction:
    /// `format` is an annotation, and with a `discriminator`, `oneOf` is `anyOf` and
    /// the tag picks the schema of its `mapping`.
    JsonSchema(Direction),
    /// As a validating server (a mock server such as Prism) reads a request payload
    /// of the document `openapi` serves: the formats it checks (`uuid`, `date`,
    /// `date-time`, `email`, `uri` or `url`, the bounds of `int32`) are asserted, and
    /// a discriminated union is read by [`read_discriminator`], which is what the
    /// served document says: members pinned to their tags, `oneOf` exactly one.
    /// Response examples are read the same way, so a required `readOnly` property
    /// may be absent from them too.
    Server,
}

impl Reading {
    /// The direction the payload travels.
    pub fn direction(self) -> Direction {
        match self {
            Reading::JsonSchema(d) => d,
            Reading::Server => Direction::Request,
        }
    }

    /// Whether `format` is asserted.
    pub fn checks_formats(self) -> bool {
        self == Reading::Server
    }
}
