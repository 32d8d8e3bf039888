//! Snapshot tests: the committed `generated/` crate is the expected output.
//!
//! - Each API folder under `specs/` (the seeds and one fixture folder per construct)
//!   is generated on its own and its module is compared with `generated/src/<module>/`.
//!   A new fixture folder is a new case, with no test code to write.
//! - The whole `specs/` tree is compared with the whole of `generated/`, so a stale
//!   file fails too. `generated/` is a workspace member, so CI compiles every
//!   snapshot with clippy's warnings denied.
//!
//! To accept new output, run `mdx-codegen generate` (or set `UPDATE_GENERATED=1`).

mod common;

use std::path::{Path, PathBuf};

use common::*;

const FIX: &str = "run `cargo run -p mdx-codegen -- generate` (or UPDATE_GENERATED=1 cargo test) and review the diff";

fn update() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some()
}

fn module_of(folder: &Path) -> String {
    mdx_codegen::ident::module_name(&folder.file_name().unwrap().to_string_lossy())
}

#[test]
fn each_api_folder_matches_its_snapshot() {
    let specs = workspace().join("specs");
    let folders = api_folders(&specs);
    assert!(
        folders.len() >= 10,
        "expected the seeds and fixture folders, found {folders:?}"
    );
    let generated = workspace().join("generated");
    let mut failures = Vec::new();
    for folder in folders {
        let module = module_of(&folder);
        let out = generate(std::slice::from_ref(&folder));
        let prefix = PathBuf::from("src").join(&module);
        let mine: Vec<&PathBuf> = out
            .files
            .keys()
            .filter(|p| p.starts_with(&prefix))
            .collect();
        assert!(
            !mine.is_empty(),
            "{}: no module {module} emitted",
            folder.display()
        );
        for rel in &mine {
            let expected = std::fs::read_to_string(generated.join(rel)).unwrap_or_default();
            if expected != out.files[*rel] {
                failures.push(format!("{} (from {})", rel.display(), folder.display()));
            }
        }
        let on_disk = files_below(&generated.join(&prefix));
        for rel in on_disk {
            let rel = prefix.join(rel);
            if !out.files.contains_key(&rel) {
                failures.push(format!("{} is stale: no longer generated", rel.display()));
            }
        }
    }
    if !update() {
        assert!(
            failures.is_empty(),
            "snapshots differ:\n  {}\n{FIX}",
            failures.join("\n  ")
        );
    }
}

#[test]
fn generated_crate_is_fresh() {
    let specs = workspace().join(mdx_codegen::DEFAULT_DOCS);
    let out = generate(&[specs]);
    let generated = workspace().join(mdx_codegen::DEFAULT_OUT);
    if update() {
        mdx_codegen::write::write_tree(&out, &generated).unwrap();
        return;
    }
    let mut stale = Vec::new();
    for (rel, contents) in &out.files {
        if std::fs::read_to_string(generated.join(rel)).ok().as_deref() != Some(contents.as_str()) {
            stale.push(rel.display().to_string());
        }
    }
    for rel in files_below(&generated) {
        if !out.files.contains_key(&rel) && !rel.starts_with("target") {
            stale.push(format!("{} (not generated any more)", rel.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "generated/ is stale:\n  {}\n{FIX}",
        stale.join("\n  ")
    );
}
