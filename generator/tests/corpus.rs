//! Every real docs tree is read without error and yields deduplicated types: one
//! definition per shape, other titles of it as aliases.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use common::*;
use mdx_codegen::ir::{Api, Extra, Ty, TypeKind};
use mdx_codegen::mdx::ReadOptions;

fn ty_name(api: &Api, t: &Ty) -> String {
    match t {
        Ty::Named(id) => api.types.get(*id).rust_name.clone(),
        Ty::Array(inner) => format!("[{}]", ty_name(api, inner)),
        Ty::Map(inner) => format!("{{{}}}", ty_name(api, inner)),
        other => format!("{other:?}"),
    }
}

/// A structural fingerprint of a type, with named types by their Rust names.
fn fingerprint(api: &Api, kind: &TypeKind) -> String {
    let ty = |t: &Ty| ty_name(api, t);
    match kind {
        TypeKind::Struct(s) => {
            let mut fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}:{}",
                        f.wire_name,
                        ty(&f.ty),
                        f.required,
                        f.nullable
                    )
                })
                .collect();
            fields.sort();
            let extra = match &s.extra {
                Extra::Typed(t) => ty(t),
                other => format!("{other:?}"),
            };
            format!("struct {fields:?} {extra}")
        }
        TypeKind::Enum(e) => {
            let mut v: Vec<_> = e.values.iter().map(|v| v.wire_name.clone()).collect();
            v.sort();
            format!("enum {v:?}")
        }
        TypeKind::Union(u) => format!(
            "union {:?} {:?}",
            u.tag,
            u.variants
                .iter()
                .map(|v| (ty(&v.ty), v.tag_values.clone()))
                .collect::<Vec<_>>()
        ),
    }
}

fn check_tree(name: &str, expect_pages: usize) {
    let shared = shared_or_return!(&format!("reading and deduplicating {name}"));
    let tree = shared.join("corpus").join(name);
    let apis = mdx_codegen::build_ir(std::slice::from_ref(&tree), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let pages: usize = apis.iter().map(|a| a.stats.pages).sum();
    assert_eq!(pages, expect_pages, "{name}: pages read");
    for api in &apis {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for def in &api.types.types {
            let fp = fingerprint(api, &def.kind);
            // Another title of a shape names it through an alias of one definition.
            if let Some(target) = def.alias_of {
                let target = api.types.get(target);
                assert_eq!(
                    fp,
                    fingerprint(api, &target.kind),
                    "{name}/{}: {} is an alias of {}, of another shape",
                    api.module,
                    def.rust_name,
                    target.rust_name
                );
                assert!(
                    target.alias_of.is_none(),
                    "{}: an alias of an alias",
                    def.rust_name
                );
                continue;
            }
            if let Some(other) = seen.insert(fp, &def.rust_name) {
                panic!(
                    "{name}/{}: {} and {} are structurally identical",
                    api.module, other, def.rust_name
                );
            }
        }
        let mut names: Vec<&str> = api
            .types
            .types
            .iter()
            .map(|t| t.rust_name.as_str())
            .collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(
            before,
            names.len(),
            "{name}/{}: duplicate type names",
            api.module
        );
        assert!(
            api.stats.duplicates_merged > 0,
            "{name}/{}: nothing merged",
            api.module
        );
    }
}

#[test]
fn sailpoint_2024_reads_and_dedupes() {
    check_tree("sailpoint-2024", 741);
}

#[test]
fn sailpoint_2022_reads_and_dedupes() {
    check_tree("sailpoint-2022", 525);
}

#[test]
fn seeds_are_read_as_delivered() {
    let specs = workspace().join("specs").join("sailpoint");
    let apis = mdx_codegen::build_ir(&[specs], &ReadOptions::default()).unwrap();
    let modules: Vec<&str> = apis.iter().map(|a| a.module.as_str()).collect();
    assert_eq!(modules, ["beta", "v3"]);
    let ops: usize = apis.iter().map(|a| a.operations.len()).sum();
    assert_eq!(ops, 5);
    // Each seed is byte-identical to the page it was copied from.
    let shared = shared_or_return!("comparing specs/sailpoint with the seeds");
    for entry in std::fs::read_dir(shared.join("seeds")).unwrap() {
        let seed = std::fs::read(entry.unwrap().path()).unwrap();
        let found = api_folders(&workspace().join("specs").join("sailpoint"))
            .iter()
            .flat_map(|d| std::fs::read_dir(d).unwrap())
            .any(|e| std::fs::read(e.unwrap().path()).unwrap() == seed);
        assert!(
            found,
            "a seed is not in specs/sailpoint exactly as delivered"
        );
    }
}

/// Every docs tree of the shared corpus (each `*/*` folder) is usable: it reads
/// and lowers with no error, whatever its quirks (those are warnings, counted).
#[test]
fn every_corpus_tree_generates_without_errors() {
    let shared = shared_or_return!("generating every tree of the shared corpus");
    let corpus = shared.join("corpus");
    let mut trees: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .flat_map(|vendor| std::fs::read_dir(vendor.unwrap().path()).unwrap())
        .map(|tree| tree.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    trees.sort();
    assert!(trees.len() >= 14, "{trees:?}");
    let mut failures = Vec::new();
    for tree in &trees {
        match mdx_codegen::build_ir(std::slice::from_ref(tree), &ReadOptions::default()) {
            Ok(apis) => {
                let warnings =
                    mdx_codegen::Warning::group(apis.iter().flat_map(|a| a.warnings.clone()));
                let ops: usize = apis.iter().map(|a| a.operations.len()).sum();
                eprintln!(
                    "{}: {ops} operations, {} warning(s)",
                    tree.strip_prefix(&corpus).unwrap().display(),
                    warnings.len()
                );
                assert!(ops > 0, "{}: no operations", tree.display());
            }
            Err(e) => failures.push(format!("{}: {e}", tree.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
