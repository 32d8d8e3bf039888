//! Names are stable as docs change: removing one page renames only types that come
//! from that page.
//!
//! For pages of the 2024 v3 tree picked at random (fixed seed), the IR is rebuilt
//! without the page and every type whose `sources` do not include it must keep its
//! Rust name. Types are matched across the two runs by a key that holds no Rust
//! names: their pages, title and shape (field wire names, enum values, variants).
//!
//! `NAME_STABILITY_REMOVALS=281` checks every page (about 2.5 minutes in release).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use common::*;
use mdx_codegen::ir::{Api, Ty, TypeDef, TypeKind};
use mdx_codegen::mdx::ReadOptions;

/// How many pages are removed, one at a time; `NAME_STABILITY_REMOVALS=N` asks for
/// more (any number at or above the page count checks every page).
const REMOVALS: usize = 30;

fn removals() -> usize {
    std::env::var("NAME_STABILITY_REMOVALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(REMOVALS)
}

/// A tiny xorshift generator, so the test needs no extra crates.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// A type expression without names: named types by their kind only, since their
/// titles may come from the removed page.
fn shape(api: &Api, t: &Ty) -> String {
    match t {
        Ty::Named(id) => match &api.types.get(*id).kind {
            TypeKind::Struct(_) => "<struct>".into(),
            TypeKind::Enum(_) => "<enum>".into(),
            TypeKind::Union(_) => "<union>".into(),
        },
        Ty::Array(inner) => format!("[{}]", shape(api, inner)),
        Ty::Map(inner) => format!("{{{}}}", shape(api, inner)),
        other => format!("{other:?}"),
    }
}

/// Identifies a type across runs without looking at any Rust name.
fn key(api: &Api, d: &TypeDef) -> String {
    let body = match &d.kind {
        TypeKind::Struct(s) => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}:{}",
                        f.wire_name,
                        shape(api, &f.ty),
                        f.required,
                        f.nullable
                    )
                })
                .collect();
            format!("struct {fields:?}")
        }
        TypeKind::Enum(e) => {
            let v: Vec<&str> = e.values.iter().map(|v| v.wire_name.as_str()).collect();
            format!("enum {v:?}")
        }
        TypeKind::Union(u) => {
            let v: Vec<String> = u.variants.iter().map(|v| shape(api, &v.ty)).collect();
            format!("union {:?} {v:?}", u.tag)
        }
    };
    format!("{:?} {:?} {body}", d.sources, d.wire_name)
}

/// Rust names of the types, grouped by key.
fn names_by_key(api: &Api, skip: Option<&Path>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for d in &api.types.types {
        if skip.is_some_and(|p| d.sources.contains(p)) {
            continue;
        }
        out.entry(key(api, d))
            .or_default()
            .insert(d.rust_name.clone());
    }
    out
}

fn build(pages: &[PathBuf]) -> Api {
    let mut apis = mdx_codegen::build_ir(pages, &ReadOptions::default())
        .unwrap_or_else(|e| panic!("lowering failed:\n{e}"));
    assert_eq!(apis.len(), 1);
    apis.remove(0)
}

#[test]
fn removing_a_page_renames_only_its_own_types() {
    let tree = shared().join("corpus").join("sailpoint-2024").join("v3");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&tree)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".api.mdx") || n.ends_with(".tag.mdx")
        })
        .collect();
    pages.sort();
    let api_pages: Vec<PathBuf> = pages
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".api.mdx"))
        .cloned()
        .collect();
    assert!(api_pages.len() > 200, "expected the 2024 v3 tree");

    let started = Instant::now();
    let baseline = build(&pages);

    let mut rng = XorShift(0x5eed_1234_abcd_0001);
    let mut chosen = BTreeSet::new();
    let wanted = removals().min(api_pages.len());
    while chosen.len() < wanted {
        chosen.insert(api_pages[(rng.next() % api_pages.len() as u64) as usize].clone());
    }

    let mut failures = Vec::new();
    for removed in &chosen {
        let rest: Vec<PathBuf> = pages.iter().filter(|p| *p != removed).cloned().collect();
        let api = build(&rest);
        let before = names_by_key(&baseline, Some(removed));
        let after = names_by_key(&api, None);
        for (k, names) in &before {
            let now = after.get(k).cloned().unwrap_or_default();
            if !names.is_subset(&now) {
                failures.push(format!(
                    "without {}: {names:?} became {now:?} ({k})",
                    removed.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    eprintln!(
        "{} removals checked in {:.1?}",
        chosen.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} types unrelated to the removed page changed name:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}
