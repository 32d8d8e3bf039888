//! Every titled schema is typed by its own title, at every site.
//!
//! Over every tree of `../shared/corpus`: each schema that carries a `title` and
//! becomes a named type (an object, an enum or a union) is looked up in the page's
//! JSON, independently of lowering, and the type lowering recorded for that place
//! must be the type of that title: its title is the schema's and its Rust name is
//! the title's. Every such title is also the exact name of a type. Identical shapes under other titles share a definition through
//! aliases, so no site shows another title. Each tree's share is printed.

mod common;

use std::collections::BTreeMap;

use mdx_codegen::ident;
use mdx_codegen::ir::{Api, Ty, TypeId};
use mdx_codegen::lower::{lower_api, ApiPages};
use mdx_codegen::mdx::ReadOptions;

/// The named type a site's type names, through `null`-ability.
fn named(t: &Ty) -> Option<TypeId> {
    match t {
        Ty::Named(id) => Some(*id),
        Ty::Nullable(inner) => named(inner),
        _ => None,
    }
}

#[derive(Default)]
struct Tally {
    sites: usize,
    property_sites: usize,
    wrong: Vec<String>,
    wrong_sites: usize,
    wrong_properties: usize,
    /// Titles of named types for which no type has exactly the title's name.
    missing: Vec<String>,
}

fn tally(pages: &ApiPages, api: &Api, out: &mut Tally) {
    let names: std::collections::BTreeSet<&str> = api
        .types
        .types
        .iter()
        .map(|t| t.rust_name.as_str())
        .collect();
    let mut titles = std::collections::BTreeSet::new();
    let by_path: BTreeMap<_, _> = pages.pages.iter().map(|p| (p.path.as_path(), p)).collect();
    for pos in &api.schema_positions {
        let Some(page) = by_path.get(pos.page.as_path()) else {
            continue;
        };
        let Some(schema) = page.api.pointer(&pos.pointer) else {
            panic!(
                "{}: recorded pointer {} is not in the page",
                pos.page.display(),
                pos.pointer
            );
        };
        let Some(title) = schema
            .get("title")
            .and_then(|t| t.as_str())
            .map(str::trim)
            .filter(|t| !t.is_empty())
        else {
            continue;
        };
        let Some(id) = named(&pos.ty) else {
            continue;
        };
        let property = pos
            .pointer
            .rsplit('/')
            .nth(1)
            .is_some_and(|p| p == "properties");
        out.sites += 1;
        titles.insert(title.to_string());
        out.property_sites += usize::from(property);
        let def = api.types.get(id);
        let expected = ident::type_name(title);
        let own = def.wire_name.as_deref() == Some(title) && def.rust_name.contains(&expected);
        if !own {
            out.wrong_sites += 1;
            out.wrong_properties += usize::from(property);
            if out.wrong.len() < 20 {
                out.wrong.push(format!(
                    "{}#{}: titled {title:?}, typed {}",
                    pos.page.display(),
                    pos.pointer,
                    def.rust_name
                ));
            }
        }
    }
    for title in titles {
        if !names.contains(ident::type_name(&title).as_str()) {
            out.missing
                .push(format!("{}: no type named after {title:?}", api.module));
        }
    }
}

#[test]
fn every_titled_site_is_typed_by_its_own_title() {
    let shared = shared_or_return!("titles at every site over ../shared/corpus");
    let mut failures = Vec::new();
    for tree in common::api_folders(&shared.join("corpus")) {
        let loaded = mdx_codegen::load::load(std::slice::from_ref(&tree), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", tree.display()));
        let mut t = Tally::default();
        for pages in &loaded {
            let Ok(api) = lower_api(pages) else { continue };
            tally(pages, &api, &mut t);
        }
        let share = |ok: usize, all: usize| {
            if all == 0 {
                100.0
            } else {
                100.0 * ok as f64 / all as f64
            }
        };
        let wrong = t.wrong_sites;
        eprintln!(
            "{}: {} titled sites ({} properties), typed by their own title: {:.1}% of sites, {:.1}% of properties",
            tree.strip_prefix(&shared).unwrap_or(&tree).display(),
            t.sites,
            t.property_sites,
            share(t.sites - wrong, t.sites),
            share(t.property_sites - t.wrong_properties, t.property_sites),
        );
        if !t.wrong.is_empty() {
            failures.push(t.wrong.join("\n"));
        }
        if !t.missing.is_empty() {
            failures.push(t.missing.join("\n"));
        }
    }
    assert!(
        failures.is_empty(),
        "sites typed by another title:\n{}",
        failures.join("\n")
    );
}
