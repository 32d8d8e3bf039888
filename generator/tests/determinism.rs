//! The output is byte-identical across runs and across the order pages are given in.

mod common;

use std::path::PathBuf;

use common::*;

/// A small deterministic shuffle (xorshift), so the test needs no extra crates.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

fn pages_of(folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut pages = Vec::new();
    for f in folders {
        for e in std::fs::read_dir(f).unwrap() {
            let p = e.unwrap().path();
            let name = p.to_string_lossy();
            if name.ends_with(".api.mdx") || name.ends_with(".tag.mdx") {
                pages.push(p);
            }
        }
    }
    pages
}

#[test]
fn repeated_and_shuffled_runs_are_identical() {
    let specs = workspace().join("specs");
    let first = generate(std::slice::from_ref(&specs));
    let again = generate(std::slice::from_ref(&specs));
    assert_eq!(first, again, "two runs differ");

    let folders = api_folders(&specs);
    for seed in [1u64, 7, 42] {
        let mut pages = pages_of(&folders);
        shuffle(&mut pages, seed);
        let shuffled = generate(&pages);
        assert_eq!(
            first.files.keys().collect::<Vec<_>>(),
            shuffled.files.keys().collect::<Vec<_>>(),
            "file set differs for seed {seed}"
        );
        for (path, contents) in &first.files {
            assert_eq!(
                contents,
                &shuffled.files[path],
                "{} differs for seed {seed}",
                path.display()
            );
        }
    }
}

#[test]
fn corpus_output_does_not_depend_on_page_order() {
    let shared = shared_or_return!("page-order determinism on sailpoint-2024/v3");
    let tree = shared.join("corpus").join("sailpoint-2024").join("v3");
    let first = generate(std::slice::from_ref(&tree));
    let mut pages = pages_of(std::slice::from_ref(&tree));
    shuffle(&mut pages, 99);
    let shuffled = generate(&pages);
    assert!(first == shuffled, "2024 v3 output depends on page order");
}
