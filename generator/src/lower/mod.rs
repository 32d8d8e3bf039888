//! Lowering: decoded pages of one API into an [`Api`], pass by pass, each pass in a
//! file of its own: collect (`operation.rs`: every page, with its schemas as drafts),
//! resolve cycles (`cycles.rs`), merge (`merge.rs`), name (`naming.rs`, and
//! `aliases.rs` for the titles of one shape), finalize (`finalize.rs`: boxes,
//! derives, tags) and plan the client (`plan.rs`).

mod aliases;
mod cycles;
mod finalize;
mod merge;
mod naming;
mod operation;
mod params;
mod plan;
mod rewrite;
pub mod schema;
mod security;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use serde_json::Value;

use crate::error::{Error, Warning};
use crate::ident::{self, Namespace};
use crate::ir::{Api, Operation, Stats, TypeKind, TypeSpace};
use crate::mdx::{Page, TagPage};

use merge::Merged;
use schema::{FrameTarget, SchemaLowerer};

pub use operation::status_name;
pub(crate) use params::bind_path_vars;

/// The pages of one API, as read from its folder.
#[derive(Debug, Clone)]
pub struct ApiPages {
    /// Rust module name for the API.
    pub module: String,
    /// The folder.
    pub dir: PathBuf,
    /// Operation pages.
    pub pages: Vec<Page>,
    /// Tag pages.
    pub tags: Vec<TagPage>,
    /// What reading the pages worked around (front matter the YAML library rejects).
    pub warnings: Vec<Warning>,
}

/// How many pages one task of the collect pass lowers. Fixed, so that the split is
/// the same on every machine (the result does not depend on it: see the tests).
const PAGES_PER_TASK: usize = 48;

/// Lowers one API. Every problem found is returned, not just the first.
pub fn lower_api(input: &ApiPages) -> Result<Api, Vec<Error>> {
    lower_api_in_runs(input, PAGES_PER_TASK)
}

fn lower_api_in_runs(input: &ApiPages, pages_per_task: usize) -> Result<Api, Vec<Error>> {
    let mut pages: Vec<&Page> = input.pages.iter().collect();
    // Sorted, so that the result does not depend on the order pages were found in.
    pages.sort_by(|a, b| a.path.cmp(&b.path));

    // Collect: every page's operation, with its schemas as drafts.
    let mut lw = SchemaLowerer::default();
    let mut operations = operation::lower_operations(&pages, pages_per_task, &mut lw)?;
    // Resolve cycles: the types `circular(…)` markers stand for.
    cycles::resolve_circular(&mut lw, &mut operations);
    let mut warnings = input.warnings.clone();
    warnings.append(&mut lw.warnings);
    // Merge what is identical once cycles are resolved.
    let merged = merge::merge(lw, &mut operations);

    // Name: the types, which of them share a definition, the union variants, methods.
    let names = type_names(&merged);
    let alias_of = aliases::alias_targets(&merged.drafts, &names);
    let mut kinds: Vec<TypeKind> = merged.drafts.iter().map(|d| d.kind.clone()).collect();
    aliases::drop_alias_twins(&mut kinds, &alias_of);
    name_variants(&mut kinds, &names);
    name_methods(&mut operations);

    // Finalize, then plan the client.
    let Merged {
        drafts,
        schema_positions,
        duplicates,
        ..
    } = merged;
    let types = finalize::type_defs(drafts, kinds, &names, &alias_of);
    let anonymous_types = types.iter().filter(|t| t.wire_name.is_none()).count();
    let stats = Stats {
        pages: pages.len(),
        operations: operations.len(),
        named_types: types.len() - anonymous_types,
        anonymous_types,
        duplicates_merged: duplicates,
    };
    let first = pages.first().map(|p| &p.api);
    let servers = first.map(security::servers).unwrap_or_default();
    let info = |k: &str| {
        first
            .and_then(|a| a.get("info"))
            .and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut api = Api {
        module: input.module.clone(),
        dir: input.dir.clone(),
        title: info("title"),
        version: info("version"),
        description: info("description"),
        security_schemes: security::security_schemes(&pages, &servers),
        servers,
        tags: finalize::tags(&operations, &input.tags),
        types: TypeSpace { types },
        operations,
        client: Default::default(),
        schema_positions,
        stats,
        warnings,
    };
    api.client = plan::client_plan(&api);
    Ok(api)
}

/// Names every type (see [`naming`]), parts after the types or the contexts their
/// frames became.
fn type_names(merged: &Merged) -> Vec<String> {
    let inputs: Vec<naming::NamingInput<'_>> = merged
        .drafts
        .iter()
        .map(|d| naming::NamingInput {
            title: d.title.as_deref(),
            kind: &d.kind,
            hints: &d.hints,
            pages: d.sources.len(),
            first_page: d
                .sources
                .iter()
                .next()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        })
        .collect();
    let frame = |f: u32| {
        merged
            .frames
            .get(f as usize)
            .cloned()
            .unwrap_or(FrameTarget::Pending)
    };
    naming::assign_names(&inputs, &frame, &mut Namespace::new())
}

/// Names the variants of every union from their types, and the variant that keeps
/// what none of them matches.
fn name_variants(kinds: &mut [TypeKind], names: &[String]) {
    for (i, kind) in kinds.iter_mut().enumerate() {
        if let TypeKind::Union(u) = kind {
            let mut ns = Namespace::new();
            for v in &mut u.variants {
                let label =
                    naming::variant_label(&v.ty, &names[i], &|id| names[id.index()].clone());
                v.rust_name = ns.claim(ident::variant_name(&label));
            }
            u.other_name = ns.claim("Other".to_string());
        }
    }
}

/// Sorts the operations by id and names their client methods.
fn name_methods(operations: &mut [Operation]) {
    operations.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
    let mut names = Namespace::new();
    for op in operations {
        op.rust_name = names.claim(ident::method_name(&op.operation_id));
    }
}
