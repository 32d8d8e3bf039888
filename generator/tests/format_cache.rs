//! The format cache never changes the output: a warm run (every file from the
//! cache), a run after a change, and runs over a stale or damaged cache all give
//! the bytes of a cold run; and the cache beside an output folder leaves the drift
//! check clean.

mod common;

use std::path::PathBuf;

use common::*;
use mdx_codegen::emit::{self, FormatCache, Generated};
use mdx_codegen::mdx::ReadOptions;

fn apis(docs: &[PathBuf]) -> Vec<mdx_codegen::Api> {
    mdx_codegen::build_ir(docs, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn cold(apis: &[mdx_codegen::Api]) -> Generated {
    emit::emit_crate(apis, &default_emit()).unwrap()
}

fn cached(apis: &[mdx_codegen::Api], cache: &mut FormatCache) -> Generated {
    emit::emit_crate_cached(apis, &default_emit(), cache).unwrap()
}

/// A cache as it comes back from disk.
fn reloaded(cache: &FormatCache) -> FormatCache {
    FormatCache::from_bytes(&cache.to_bytes())
}

#[test]
fn warm_and_changed_runs_give_the_bytes_of_a_cold_run() {
    let specs = workspace().join("specs");
    let mut apis = apis(&[specs]);
    let expected = cold(&apis);

    let mut cache = FormatCache::new();
    assert_eq!(cached(&apis, &mut cache), expected, "first run");
    let formatted = cache.misses();
    assert!(formatted > 10 && cache.hits() == 0, "{formatted} formatted");
    assert!(cache.is_dirty());

    let mut warm = reloaded(&cache);
    assert!(!warm.is_dirty() && warm.len() == cache.len());
    assert_eq!(cached(&apis, &mut warm), expected, "warm run");
    assert_eq!((warm.hits(), warm.misses()), (formatted, 0));
    assert!(!warm.is_dirty(), "an unchanged run changes the cache");

    // One API's docs change: only its module's root is formatted again.
    apis[0].title = Some("A changed title".into());
    let changed = cold(&apis);
    assert_ne!(changed, expected);
    let mut after = reloaded(&warm);
    assert_eq!(cached(&apis, &mut after), changed, "run after a change");
    assert!(
        after.misses() >= 1 && after.misses() <= 3 && after.hits() + after.misses() == formatted,
        "{} hits, {} misses",
        after.hits(),
        after.misses()
    );
    assert!(after.is_dirty());
}

#[test]
fn a_stale_or_damaged_cache_gives_the_bytes_of_a_cold_run() {
    let specs = workspace().join("specs");
    let folders = api_folders(&specs);
    let (one, other) = (apis(&folders[..1]), apis(&folders[1..2]));
    let expected = cold(&one);

    // Filled by other docs: nothing matches, everything is formatted.
    let mut stale = FormatCache::new();
    cached(&other, &mut stale);
    let mut stale = reloaded(&stale);
    assert_eq!(cached(&one, &mut stale), expected, "stale cache");

    let mut full = FormatCache::new();
    cached(&one, &mut full);
    let bytes = full.to_bytes();
    let mut damaged: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"not a cache".to_vec(),
        bytes[..bytes.len() / 2].to_vec(),
        bytes[..bytes.len() - 1].to_vec(),
    ];
    for at in [0, bytes.len() / 3, bytes.len() - 10] {
        let mut b = bytes.clone();
        b[at] ^= 0x20;
        damaged.push(b);
    }
    for (i, b) in damaged.iter().enumerate() {
        let mut cache = FormatCache::from_bytes(b);
        assert!(cache.is_empty(), "damaged cache {i} was used");
        assert_eq!(cached(&one, &mut cache), expected, "damaged cache {i}");
        assert_eq!(cache.hits(), 0);
    }
}

#[test]
fn the_cache_beside_an_output_folder_leaves_the_drift_check_clean() {
    let dir = std::env::temp_dir().join(format!("mdx-codegen-format-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("crate");
    let docs = [workspace().join("specs").join("fixtures").join("enums")];
    let apis = apis(&docs);
    let expected = cold(&apis);

    let mut cache = mdx_codegen::write::load_format_cache(&out);
    assert!(cache.is_empty());
    let files = cached(&apis, &mut cache);
    mdx_codegen::write::write_tree(&files, &out).unwrap();
    mdx_codegen::write::save_format_cache(&out, &cache).unwrap();
    let file = out
        .join(mdx_codegen::write::FORMAT_CACHE)
        .join("format-cache");
    assert!(file.is_file());
    assert!(mdx_codegen::check::check(&expected, &out)
        .unwrap()
        .is_clean());
    // Regenerating over it uses it, writes nothing and is still clean.
    let mut warm = mdx_codegen::write::load_format_cache(&out);
    assert_eq!(warm.len(), cache.len());
    let files = cached(&apis, &mut warm);
    assert_eq!(files, expected);
    assert_eq!(warm.misses(), 0);
    let plan = mdx_codegen::write::write_tree(&files, &out).unwrap();
    assert!(plan.is_empty(), "{plan:?}");
    assert!(file.is_file(), "the swap lost the cache");

    // A damaged file on disk is not used.
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(&file, bytes).unwrap();
    let mut damaged = mdx_codegen::write::load_format_cache(&out);
    assert!(damaged.is_empty());
    assert_eq!(cached(&apis, &mut damaged), expected);
    mdx_codegen::write::save_format_cache(&out, &damaged).unwrap();
    assert_eq!(
        mdx_codegen::write::load_format_cache(&out).len(),
        cache.len()
    );
    assert!(mdx_codegen::check::check(&expected, &out)
        .unwrap()
        .is_clean());
    let _ = std::fs::remove_dir_all(&dir);
}
