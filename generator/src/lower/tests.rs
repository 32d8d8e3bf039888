//! The collect pass lowers runs of pages in parallel: the IR must not depend on
//! where the runs are cut.

use std::path::{Path, PathBuf};

use super::{lower_api_in_runs, ApiPages};
use crate::mdx::ReadOptions;

fn apis(docs: &Path) -> Vec<ApiPages> {
    crate::load::load(&[docs.to_path_buf()], &ReadOptions::default()).expect("docs load")
}

fn assert_split_does_not_matter(docs: &Path, runs: &[usize]) {
    for api in apis(docs) {
        let whole = lower_api_in_runs(&api, usize::MAX).expect("lowers");
        let whole = serde_json::to_value(&whole).expect("serializes");
        for &per_task in runs {
            let split = lower_api_in_runs(&api, per_task).expect("lowers");
            assert!(
                serde_json::to_value(&split).expect("serializes") == whole,
                "{}: the IR lowered in runs of {per_task} pages differs from one run",
                api.dir.display()
            );
        }
    }
}

#[test]
fn the_fixture_pages_lower_alike_however_they_are_split() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    assert_split_does_not_matter(&specs, &[1, 2, 3, 7]);
}

#[test]
fn a_real_tree_lowers_alike_however_it_is_split() {
    let tree: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/sailpoint-2024/v3");
    if !tree.is_dir() {
        assert!(
            std::env::var_os("MDX_CODEGEN_REQUIRE_SHARED").is_none(),
            "MDX_CODEGEN_REQUIRE_SHARED is set, but {} is missing",
            tree.display()
        );
        eprintln!(
            "skipped: lowering split: no {} (the shared corpus is not part of a clone)",
            tree.display()
        );
        return;
    }
    assert_split_does_not_matter(&tree, &[1, 5, 48]);
}
