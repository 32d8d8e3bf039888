//! mdx-codegen: typed Rust models and clients from Docusaurus OpenAPI docs.
//!
//! Docs sites built with the Docusaurus OpenAPI plugin carry each whole operation,
//! with every `$ref` inlined, in the front matter of its `*.api.mdx` page. This
//! crate reads those pages, recovers named and deduplicated types, and emits a
//! Rust crate.
//!
//! The stages, each a module, data flowing one way:
//! [`mdx`] (find and decode `api:`) → [`load`] (group pages into APIs) →
//! [`lower`] (build the [`ir`]) → [`emit`] (tokens, formatted) → [`write`](mod@write) (files).
//! Only [`write`](mod@write) touches the disk.

pub mod check;
pub mod config;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod examples;
pub mod ident;
pub mod ir;
pub mod load;
pub mod lower;
pub mod mdx;
pub mod openapi;
pub mod smoke;
pub mod write;

use std::path::PathBuf;

pub use config::Config;
pub use error::{Error, Location, Result};

/// The docs folder read when `generate` is given none.
pub const DEFAULT_DOCS: &str = "specs";
/// The output folder written when `generate` is given none.
pub const DEFAULT_OUT: &str = "generated";
/// The package name of the crate in [`DEFAULT_OUT`].
pub const DEFAULT_CRATE_NAME: &str = "generated";
/// The command that regenerates [`DEFAULT_OUT`] from [`DEFAULT_DOCS`].
pub const DEFAULT_COMMAND: &str = "mdx-codegen generate";

/// Reads the docs and builds the IR of every API, reporting all problems together.
pub fn build_ir(docs: &[PathBuf], read: &mdx::ReadOptions) -> Result<Vec<ir::Api>> {
    let pages = load::load(docs, read)?;
    lower_apis(&pages)
}

/// Lowers every API (in parallel, one task per API), keeping their order and
/// reporting all problems together.
pub fn lower_apis(pages: &[lower::ApiPages]) -> Result<Vec<ir::Api>> {
    use rayon::prelude::*;
    let lowered: Vec<_> = pages.par_iter().map(lower::lower_api).collect();
    let mut apis = Vec::new();
    let mut errors = Vec::new();
    for result in lowered {
        match result {
            Ok(api) => apis.push(api),
            Err(mut e) => errors.append(&mut e),
        }
    }
    Error::collect(errors)?;
    Ok(apis)
}

/// Reads the docs and emits the files of the generated crate, without writing them.
pub fn generate(
    docs: &[PathBuf],
    read: &mdx::ReadOptions,
    emit: &emit::EmitOptions,
) -> Result<emit::Generated> {
    let apis = build_ir(docs, read)?;
    emit::emit_crate(&apis, emit)
}
