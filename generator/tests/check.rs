//! The drift check (`mdx-codegen check`): passes on fresh output, fails with a diff
//! on stale output, and never writes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// A fresh, empty folder under the system temp folder.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mdx-codegen-check-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn enums_docs() -> PathBuf {
    workspace().join("specs").join("fixtures").join("enums")
}

/// Every file below `root` with its bytes and modification time.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    files_below(root)
        .into_iter()
        .map(|rel| {
            let path = root.join(&rel);
            let meta = std::fs::metadata(&path).unwrap();
            (
                rel,
                (std::fs::read(&path).unwrap(), meta.modified().unwrap()),
            )
        })
        .collect()
}

/// Makes `out` stale in three ways: one file edited, one stray file, one missing.
fn make_stale(out: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let edited = PathBuf::from("src/lib.rs");
    let text = std::fs::read_to_string(out.join(&edited)).unwrap();
    std::fs::write(
        out.join(&edited),
        text.replacen("pub mod", "pub mod stale;\npub mod", 1),
    )
    .unwrap();
    let stray = PathBuf::from("src/stray.rs");
    std::fs::write(out.join(&stray), "// not generated\n").unwrap();
    let deleted = files_below(&out.join("src").join("enums"))
        .into_iter()
        .map(|p| PathBuf::from("src/enums").join(p))
        .find(|p| p.extension().is_some_and(|e| e == "rs") && !p.ends_with("mod.rs"))
        .expect("a model file to delete");
    std::fs::remove_file(out.join(&deleted)).unwrap();
    (edited, stray, deleted)
}

#[test]
fn library_check_passes_fresh_output_and_reports_stale_output() {
    let dir = temp_dir("lib");
    let out = dir.join("crate");
    let files = generate(&[enums_docs()]);
    mdx_codegen::write::write_tree(&files, &out).unwrap();

    let report = mdx_codegen::check::check(&files, &out).unwrap();
    assert!(report.is_clean(), "{}", report.render(false));
    assert_eq!(report.unchanged, files.files.len());
    assert_eq!(report.render(false), "");

    // Build artefacts of the crate are not drift.
    std::fs::create_dir_all(out.join("target").join("debug")).unwrap();
    std::fs::write(out.join("target").join("debug").join("x"), "x").unwrap();
    std::fs::write(out.join("Cargo.lock"), "# lock\n").unwrap();
    assert!(mdx_codegen::check::check(&files, &out).unwrap().is_clean());

    let (edited, stray, deleted) = make_stale(&out);
    let before = snapshot(&out);
    let report = mdx_codegen::check::check(&files, &out).unwrap();
    assert_eq!(snapshot(&out), before, "check wrote to the folder");
    assert!(!report.is_clean());
    assert_eq!(
        report
            .changed
            .iter()
            .map(|f| f.path.clone())
            .collect::<Vec<_>>(),
        vec![edited.clone()]
    );
    assert_eq!(report.removed, vec![stray.clone()]);
    assert_eq!(report.added, vec![deleted.clone()]);
    let diff = &report.changed[0].diff;
    let label = out.join(&edited).display().to_string();
    assert!(
        diff.starts_with(&format!(
            "--- {label}\t(on disk)\n+++ {label}\t(generated)\n@@ -"
        )),
        "{diff}"
    );
    assert!(diff.contains("\n-pub mod stale;\n"), "{diff}");

    let plain = report.render(false);
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(
        plain.contains(&format!("- {}\n", out.join(&stray).display())),
        "{plain}"
    );
    assert!(
        plain.contains(&format!("+ {}\n", out.join(&deleted).display())),
        "{plain}"
    );
    let colored = report.render(true);
    assert!(
        colored.contains("\x1b[31m-pub mod stale;\x1b[0m"),
        "{colored}"
    );
    assert_eq!(
        report.summary(),
        format!(
            "{} is stale: 1 file to update, 1 to add, 1 to remove",
            out.display()
        )
    );

    // Regenerating refuses to delete the stray file it did not write...
    let refused = mdx_codegen::write::write_tree(&files, &out)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("did not write"), "{refused}");
    assert!(refused.contains("--force"), "{refused}");
    // ...and with force makes it clean again, keeping the build artefacts.
    mdx_codegen::write::write_tree_forced(&files, &out).unwrap();
    assert!(mdx_codegen::check::check(&files, &out).unwrap().is_clean());
    assert!(out.join("target").join("debug").join("x").exists());
    assert!(out.join("Cargo.lock").exists());

    // A missing folder: everything is to be added.
    let missing = mdx_codegen::check::check(&files, &dir.join("none")).unwrap();
    assert_eq!(missing.added.len(), files.files.len());
    let _ = std::fs::remove_dir_all(&dir);
}

fn run(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mdx-codegen"))
        .current_dir(cwd)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn binary_check_exit_codes() {
    let dir = temp_dir("bin");
    let docs = enums_docs();
    let docs = docs.to_str().unwrap();
    let out = dir.join("client");
    let out_s = out.to_str().unwrap();
    let args = |cmd: &'static str| vec![cmd, docs, "--out", out_s, "--crate-name", "enums-client"];

    // Nothing there yet: every file is missing.
    let (code, stdout, stderr) = run(&dir, &args("check"));
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("Files to add"), "{stdout}");
    assert!(!out.exists(), "check must not write");

    let (code, _, stderr) = run(&dir, &args("generate"));
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run(&dir, &args("check"));
    assert_eq!(
        code, 0,
        "a fresh generate must pass check: {stdout}{stderr}"
    );
    assert_eq!(stdout, "");
    assert!(stderr.contains("is up to date"), "{stderr}");

    // Another crate name means other file contents.
    let (code, stdout, _) = run(
        &dir,
        &["check", docs, "--out", out_s, "--crate-name", "other-name"],
    );
    assert_eq!(code, 1);
    assert!(stdout.contains("+name = \"other-name\""), "{stdout}");

    let (edited, stray, deleted) = make_stale(&out);
    let before = snapshot(&out);
    let (code, stdout, stderr) = run(&dir, &args("check"));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(snapshot(&out), before, "check wrote to the folder");
    assert!(
        !stdout.contains('\x1b'),
        "no colour when not on a terminal: {stdout}"
    );
    assert!(
        stdout.contains(&format!("--- {}", out.join(&edited).display())),
        "{stdout}"
    );
    assert!(stdout.contains("\n-pub mod stale;\n"), "{stdout}");
    assert!(
        stdout.contains(&out.join(&stray).display().to_string()),
        "{stdout}"
    );
    assert!(
        stdout.contains(&out.join(&deleted).display().to_string()),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 file to update, 1 to add, 1 to remove; run `mdx-codegen generate "),
        "{stderr}"
    );

    // `generate` will not delete the stray file it did not write, unless forced.
    let (code, _, stderr) = run(&dir, &args("generate"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("did not write"), "{stderr}");
    let mut forced = args("generate");
    forced.push("--force");
    let (code, _, stderr) = run(&dir, &forced);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, _) = run(&dir, &args("check"));
    assert_eq!(code, 0);

    // Bad input is 2, not 1.
    let (code, _, stderr) = run(&dir, &["check", "no-such-docs", "--out", out_s]);
    assert_eq!(code, 2, "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// With no arguments `check` compares `specs/` with `generated/` in the current
/// folder, exactly as `generate` with no arguments writes it.
#[test]
fn binary_check_defaults_match_generate() {
    let dir = temp_dir("defaults");
    let specs = dir.join("specs").join("enums");
    std::fs::create_dir_all(&specs).unwrap();
    for f in std::fs::read_dir(enums_docs()).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, specs.join(f.file_name().unwrap())).unwrap();
    }
    let (code, _, stderr) = run(&dir, &["check"]);
    assert_eq!(code, 1, "{stderr}");
    let (code, _, stderr) = run(&dir, &["generate"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.join("generated").join("Cargo.toml").exists());
    let (code, stdout, stderr) = run(&dir, &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("generated is up to date"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `check` answers the same however the paths are typed, and no generated file
/// holds a path of the machine it was generated on.
#[test]
fn check_does_not_depend_on_how_paths_are_typed() {
    let dir = temp_dir("paths");
    let docs = dir.join("docs").join("enums");
    std::fs::create_dir_all(&docs).unwrap();
    for entry in std::fs::read_dir(enums_docs()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, docs.join(path.file_name().unwrap())).unwrap();
    }
    let abs_docs = docs.to_str().unwrap().to_string();
    let abs_out = dir.join("client");
    let abs_out = abs_out.to_str().unwrap();
    let (code, _, stderr) = run(
        &dir,
        &[
            "generate",
            "docs/enums",
            "--out",
            "client",
            "--crate-name",
            "enums-client",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    for (docs, out) in [
        ("docs/enums", "client"),
        ("./docs/enums/", "./client/"),
        (abs_docs.as_str(), abs_out),
        ("docs/../docs/enums", abs_out),
    ] {
        let (code, stdout, stderr) = run(
            &dir,
            &["check", docs, "--out", out, "--crate-name", "enums-client"],
        );
        assert_eq!(code, 0, "check {docs} --out {out}: {stdout}{stderr}");
    }
    // From another folder, too.
    let (code, stdout, stderr) = run(
        &dir.join("docs"),
        &[
            "check",
            "enums",
            "--out",
            "../client",
            "--crate-name",
            "enums-client",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let root = dir.to_str().unwrap();
    for rel in files_below(&dir.join("client")) {
        let text = std::fs::read_to_string(dir.join("client").join(&rel)).unwrap();
        assert!(!text.contains(root), "{} names {root}", rel.display());
        if rel.extension().is_some_and(|e| e == "rs") {
            assert!(
                text.contains("Regenerate with: mdx-codegen generate ../docs/enums --out . --crate-name enums-client (from the crate's folder)"),
                "{}: {}",
                rel.display(),
                text.lines().nth(1).unwrap_or_default()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A crate generated inside another cargo workspace builds there: its own empty
/// `[workspace]` table keeps the outer workspace out of it. Ignored by default (it
/// builds the crate's dependencies); `.ci/run` runs it.
#[test]
#[ignore = "builds a generated crate: cargo test --test check -- --ignored"]
fn a_crate_generated_inside_another_workspace_builds_there() {
    let dir = temp_dir("nested");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = []\nresolver = \"2\"\n",
    )
    .unwrap();
    let docs = enums_docs();
    let (code, _, stderr) = run(
        &dir,
        &[
            "generate",
            docs.to_str().unwrap(),
            "--out",
            "my-api",
            "--crate-name",
            "my-api",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let target = workspace().join("target").join("nested-workspace");
    let build = Command::new(env!("CARGO"))
        .current_dir(dir.join("my-api"))
        .args(["build", "--quiet"])
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    // As a member of the outer workspace instead: `--workspace-member`.
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"member\"]\nresolver = \"2\"\n",
    )
    .unwrap();
    let (code, _, stderr) = run(
        &dir,
        &[
            "generate",
            docs.to_str().unwrap(),
            "--out",
            "member",
            "--crate-name",
            "member",
            "--workspace-member",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let metadata = Command::new(env!("CARGO"))
        .current_dir(&dir)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .unwrap();
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&target);
}
