//! mdx-codegen: typed Rust models and clients from Docusaurus OpenAPI docs.
//!
//! Docs sites built with the Docusaurus OpenAPI plugin carry each whole operation,
//! with every `$ref` inlined, in the front matter of its `*.api.mdx` page. This
//! crate reads those pages, recovers named and deduplicated types, and emits a
//! Rust crate.
//!
//! The stages, each a module, data flowing one way:
//! [`read`] (find and decode `api:`, group pages into APIs) → [`lower`] (build the
//! [`ir`]) → [`emit`] (tokens, formatted) → [`write`](mod@write) (files). Only
//! [`write`](mod@write) writes to disk. [`tools`] hold what works on the IR beside
//! generation. `ARCHITECTURE.md` at the repository's root is the map.
//!
//! The API most users need is re-exported here: [`Config`] for `build.rs`,
//! [`generate`] and [`build_ir`], the errors and warnings, and the output options.

#[cfg(feature = "mimalloc")]
pub mod allocator;
pub mod config;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ident;
pub mod ir;
pub mod lower;
mod memo;
pub mod read;
pub mod tools;
pub mod write;

// The stages and tools under their short names, as the CLI, tests and benches use them.
pub use read::{load, mdx};
pub use tools::{check, diff, examples, openapi, smoke};

use std::path::PathBuf;

pub use config::Config;
pub use emit::{EmitOptions, Generated, Layout};
pub use error::{Error, Location, Result, Warning};
pub use ir::Api;
pub use read::mdx::ReadOptions;

/// The docs folder read when `generate` is given none.
pub const DEFAULT_DOCS: &str = "specs";
/// The output folder written when `generate` is given none.
pub const DEFAULT_OUT: &str = "generated";
/// The package name of the crate in [`DEFAULT_OUT`].
pub const DEFAULT_CRATE_NAME: &str = "generated";
/// The command that regenerates [`DEFAULT_OUT`] from [`DEFAULT_DOCS`].
pub const DEFAULT_COMMAND: &str = "mdx-codegen generate";

/// Reads the docs and builds the IR of every API, reporting all problems together:
/// pages that cannot be read and pages that cannot be lowered alike.
pub fn build_ir(docs: &[PathBuf], read: &mdx::ReadOptions) -> Result<Vec<ir::Api>> {
    let (apis, errors) = build_ir_partial(docs, read)?;
    Error::collect(errors)?;
    Ok(apis)
}

/// Like [`build_ir`], but keeps going: pages that cannot be read or lowered are
/// left out (and an API whose problems belong to no single page is left out whole),
/// and everything sound is built. Returns the APIs built and the problems of what
/// was left out; the APIs are only complete when there are no problems.
pub fn build_ir_partial(
    docs: &[PathBuf],
    read: &mdx::ReadOptions,
) -> Result<(Vec<ir::Api>, Vec<Error>)> {
    use rayon::prelude::*;
    let (pages, mut errors) = load::load_partial(docs, read)?;
    let lowered: Vec<(Option<ir::Api>, Vec<Error>)> = pages
        .into_par_iter()
        .map(lower_leaving_out_bad_pages)
        .collect();
    let mut apis = Vec::new();
    for (api, mut problems) in lowered {
        apis.extend(api);
        errors.append(&mut problems);
    }
    Ok((apis, errors))
}

/// Lowers one API, leaving out the pages errors point at until what is left
/// lowers cleanly. `None` when no page is left, or when a problem names no page.
fn lower_leaving_out_bad_pages(mut api: lower::ApiPages) -> (Option<ir::Api>, Vec<Error>) {
    let mut errors = Vec::new();
    while !api.pages.is_empty() {
        let problems = match lower::lower_api(&api) {
            Ok(lowered) => return (Some(lowered), errors),
            Err(problems) => problems,
        };
        let bad: std::collections::BTreeSet<PathBuf> = problems
            .iter()
            .filter_map(|e| match e {
                Error::Input { location, .. } => Some(location.file.clone()),
                _ => None,
            })
            .filter(|file| api.pages.iter().any(|p| p.path == *file))
            .collect();
        let whole_api = problems.iter().any(|e| match e {
            Error::Input { location, .. } => !bad.contains(&location.file),
            _ => true,
        });
        errors.extend(problems);
        if whole_api {
            break;
        }
        api.pages.retain(|p| !bad.contains(&p.path));
    }
    (None, errors)
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
