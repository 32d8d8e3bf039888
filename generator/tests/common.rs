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

/// Options that reproduce `mdx-codegen generate` with no arguments.
pub fn default_emit() -> EmitOptions {
    EmitOptions {
        crate_name: mdx_codegen::DEFAULT_CRATE_NAME.into(),
        command: mdx_codegen::DEFAULT_COMMAND.into(),
        layout: Layout::Crate,
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
