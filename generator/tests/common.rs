//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use mdx_codegen::emit::{EmitOptions, Generated, Layout};
use mdx_codegen::mdx::ReadOptions;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared` beside the workspace.
pub fn shared() -> PathBuf {
    workspace().join("..").join("shared")
}

/// The environment variable that makes a missing `../shared` a failure (CI sets it).
pub const REQUIRE_SHARED: &str = "MDX_CODEGEN_REQUIRE_SHARED";

/// `../shared`, or `None` when a fresh clone has none: the caller then skips,
/// and one line on stderr says what was skipped and why. With
/// [`REQUIRE_SHARED`] set, a missing folder fails the test instead.
pub fn shared_or_skip(what: &str) -> Option<PathBuf> {
    let dir = shared();
    if dir.join("corpus").is_dir() {
        return Some(dir);
    }
    if std::env::var_os(REQUIRE_SHARED).is_some() {
        panic!(
            "{REQUIRE_SHARED} is set, but {} has no corpus/ ({what})",
            dir.display()
        );
    }
    eprintln!(
        "skipped: {what}: no {} beside the checkout (the shared corpus is not part of a clone)",
        dir.display()
    );
    None
}

/// `let Some(shared) = require_shared!("what") else { return };` in a test.
#[macro_export]
macro_rules! shared_or_return {
    ($what:expr) => {
        match common::shared_or_skip($what) {
            Some(dir) => dir,
            None => return,
        }
    };
}

/// Options that reproduce `mdx-codegen generate` with no arguments.
pub fn default_emit() -> EmitOptions {
    EmitOptions {
        crate_name: mdx_codegen::DEFAULT_CRATE_NAME.into(),
        command: mdx_codegen::DEFAULT_COMMAND.into(),
        layout: Layout::Member,
    }
}

/// Generates from `docs` as the CLI would with default options.
pub fn generate(docs: &[PathBuf]) -> Generated {
    mdx_codegen::generate(docs, &ReadOptions::default(), &default_emit())
        .unwrap_or_else(|e| panic!("generation failed:\n{e}"))
}

/// Every folder below `root` that directly holds `*.api.mdx` pages, sorted.
pub fn api_folders(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut has_pages = false;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(".api.mdx") {
                has_pages = true;
            }
        }
        if has_pages {
            out.push(dir);
        }
    }
    out.sort();
    out
}

/// Every file below `root`, relative to it, sorted.
pub fn files_below(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}
