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

use mdx_codegen::ir::{Api, Ty, TypeDef, TypeKind};
use mdx_codegen::lower::{lower_api, ApiPages};
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
        Ty::Nullable(inner) => format!("{}?", shape(api, inner)),
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
    let shared = shared_or_return!("name stability under page removal on sailpoint-2024/v3");
    let tree = shared.join("corpus").join("sailpoint-2024").join("v3");
    let started = Instant::now();
    // Pages are read and decoded once; each removal lowers the rest again.
    let mut loaded = mdx_codegen::load::load(&[tree], &ReadOptions::default())
        .unwrap_or_else(|e| panic!("reading failed:\n{e}"));
    assert_eq!(loaded.len(), 1);
    let all = loaded.remove(0);
    let mut api_pages: Vec<PathBuf> = all.pages.iter().map(|p| p.path.clone()).collect();
    api_pages.sort();
    assert!(api_pages.len() > 200, "expected the 2024 v3 tree");
    let lower = |pages: &ApiPages| {
        lower_api(pages).unwrap_or_else(|e| panic!("lowering failed: {} errors", e.len()))
    };
    let baseline = lower(&all);

    let mut rng = XorShift(0x5eed_1234_abcd_0001);
    let mut chosen = BTreeSet::new();
    let wanted = removals().min(api_pages.len());
    while chosen.len() < wanted {
        chosen.insert(api_pages[(rng.next() % api_pages.len() as u64) as usize].clone());
    }

    let mut failures = Vec::new();
    for removed in &chosen {
        let rest = ApiPages {
            pages: all
                .pages
                .iter()
                .filter(|p| p.path != *removed)
                .cloned()
                .collect(),
            ..all.clone()
        };
        let api = lower(&rest);
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

/// The root cause of the one instability the test above found: a property that an
/// `allOf` member overrides used to be lowered anyway, leaving a context that named
/// its type after a struct it is not part of (and a page in its sources). In the 2024
/// v3 tree, `SodPolicyDto.type` (`["SOD_POLICY"]`) was named `EntitlementRef2Type`
/// through an overridden `policy.allOf[0].type` on `start-predict-sod-violations`,
/// and renamed when `start-violation-check` (where that struct's title comes from)
/// was removed.
#[test]
fn an_overridden_all_of_property_leaves_nothing_behind() {
    let dir = std::env::temp_dir().join(format!("mdx-codegen-overridden-{}", std::process::id()));
    let api_dir = dir.join("shop");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&api_dir).unwrap();
    let api = serde_json::json!({
        "operationId": "getThing", "method": "get", "path": "/thing",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object",
            "properties": {"policy": {
                "allOf": [{"type": "object", "properties": {
                    "kind": {"type": "string", "enum": ["OVERRIDDEN"]},
                    "id": {"type": "string"}
                }}],
                "properties": {"kind": {"type": "string", "enum": ["KEPT"]}}
            }}
        }}}}}
    });
    std::fs::write(
        api_dir.join("get-thing.api.mdx"),
        format!("---\nid: get-thing\napi: {api}\n---\n"),
    )
    .unwrap();
    let api = build(&[api_dir]);
    let enums: Vec<(&str, Vec<&str>)> = api
        .types
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Enum(e) => Some((
                t.rust_name.as_str(),
                e.values.iter().map(|v| v.wire_name.as_str()).collect(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(enums, vec![("Kind", vec!["KEPT"])]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The names of the types of the pages `(operation id, response schema)`, by
/// their titles' or fields' wire names, in a fresh folder.
fn names_of(tag: &str, pages: &[(&str, serde_json::Value)]) -> BTreeMap<String, String> {
    let dir = std::env::temp_dir().join(format!("mdx-codegen-{tag}-{}", std::process::id()));
    let api_dir = dir.join("shop");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&api_dir).unwrap();
    for (op, schema) in pages {
        let api = serde_json::json!({
            "operationId": op, "method": "get", "path": format!("/{op}"),
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": schema
            }}}}
        });
        std::fs::write(
            api_dir.join(format!("{op}.api.mdx")),
            format!("---\nid: {op}\napi: {api}\n---\n"),
        )
        .unwrap();
    }
    let api = build(&[api_dir]);
    let _ = std::fs::remove_dir_all(&dir);
    api.types
        .types
        .iter()
        .map(|t| {
            let key = match (&t.wire_name, &t.kind) {
                (Some(title), _) => title.clone(),
                (None, TypeKind::Struct(s)) => {
                    let fields: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
                    fields.join(",")
                }
                (None, _) => String::new(),
            };
            (key, t.rust_name.clone())
        })
        .collect()
}

/// A shape of one type stays that type's when the type's own list or document form
/// (`WidgetDocuments`, `WidgetDocument`) comes to use it too; a shape that an
/// unrelated type comes to use is shared, and named from its local name.
#[test]
fn a_variant_of_the_owner_using_its_shape_renames_nothing() {
    let manager = serde_json::json!({
        "type": "object",
        "properties": {"id": {"type": "string"}, "displayName": {"type": "string"}}
    });
    let owner = |title: &str| {
        serde_json::json!({
            "title": title, "type": "object",
            "properties": {"name": {"type": "string"}, "manager": manager}
        })
    };
    let alone = names_of("family-one", &[("getWidget", owner("Widget"))]);
    assert_eq!(alone["id,displayName"], "WidgetManager");
    for variant in ["Widget Documents", "WidgetDocument", "Widgets"] {
        let names = names_of(
            "family-two",
            &[
                ("getWidget", owner("Widget")),
                ("listWidgets", owner(variant)),
            ],
        );
        assert_eq!(names["id,displayName"], "WidgetManager", "with {variant}");
    }
    let shared = names_of(
        "family-other",
        &[
            ("getWidget", owner("Widget")),
            ("getGadget", owner("Gadget")),
        ],
    );
    assert_eq!(shared["id,displayName"], "Manager");
}
