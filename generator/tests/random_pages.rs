//! Compile-cleanliness as a property: random but valid operation pages (every schema,
//! parameter, body, response and security construct real docs use; see
//! `random/mod.rs`) generate without errors, and the crate generated from many of
//! them at once is clippy-clean and documents without warnings.
//!
//! `cargo test` runs the fast property: 64 small docs trees, fixed seed, generation
//! only (each `.rs` file must also parse). The compile test is ignored by default (a
//! cold build of the generated crate's dependencies takes minutes); CI runs it:
//!
//! ```text
//! cargo test -p mdx-codegen --test random_pages -- --ignored
//! ```
//!
//! It generates one docs folder of `MDX_RANDOM_PAGES` pages (default 200) from the
//! seed `MDX_RANDOM_SEED` (default fixed; a comma-separated list runs one crate per
//! seed), reports every page that does not generate, then runs
//! `cargo clippy -- -D warnings` (default features and none) and
//! `cargo doc --no-deps` with `RUSTDOCFLAGS=-D warnings` on the crate. The generated
//! crates share the target folder `$TMPDIR/mdx-codegen-random-target` (or
//! `MDX_RANDOM_TARGET`), so dependencies build once. The long run:
//!
//! ```text
//! MDX_RANDOM_PAGES=2000 MDX_RANDOM_SEED=1,2,3 \
//!   cargo test --release -p mdx-codegen --test random_pages -- --ignored --nocapture
//! ```
//!
//! `MDX_RANDOM_KEEP=DIR` keeps each docs folder and crate in `DIR/seed-S/`;
//! `MDX_RANDOM_ALL=1` turns on the construct families `random::EXCLUDED` holds back.
//! `MDX_RANDOM_CASES=N` sets the fast property's case count;
//! `MDX_RANDOM_GENERATE_ONLY=1` makes the compile test stop after generation.

mod common;
mod random;

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use mdx_codegen::emit::{EmitOptions, Layout};
use mdx_codegen::mdx::ReadOptions;

/// The seed of CI's compile run.
const DEFAULT_SEED: u64 = 20_261_201;

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

fn rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&(seed.wrapping_add(i as u64)).to_le_bytes());
    }
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mdx-codegen-random-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn emit_options(name: &str) -> EmitOptions {
    EmitOptions {
        crate_name: name.into(),
        command: "mdx-codegen generate random".into(),
        layout: Layout::Crate,
    }
}

/// Every `.rs` file of `files` parses.
fn parse_all(files: &mdx_codegen::emit::Generated) -> Result<(), String> {
    for (path, text) in &files.files {
        if path.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Fast: generation only

#[test]
fn random_docs_trees_generate_without_errors() {
    let cases = env_number("MDX_RANDOM_CASES", 64) as u32;
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let dir = temp_dir("fast");
    let docs = dir.join("random");
    let result = runner.run(&random::tree(1..7), |tree| {
        random::write_tree(&tree, &docs);
        let files = mdx_codegen::generate(
            std::slice::from_ref(&docs),
            &ReadOptions::default(),
            &emit_options("random-client"),
        )
        .map_err(|e| TestCaseError::fail(format!("generation failed:\n{e}")))?;
        parse_all(&files).map_err(TestCaseError::fail)?;
        Ok(())
    });
    if let Err(e) = result {
        // The shrunk tree stays on disk for a look.
        panic!("{e}\nthe last tree tried is in {}", docs.display());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------------------------------
// Slow: one large crate per seed, compiled

/// Runs `cargo ARGS` in `dir`; the error output when it fails.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = Command::new(&cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if run.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&run.stderr)
        ))
    }
}

/// Generates, writes and checks the crate of one seed; the problems found.
fn check_seed(seed: u64, pages: usize, root: &Path, target: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut runner = TestRunner::new_with_rng(Config::default(), rng(seed));
    let tree = random::tree(pages..pages + 1)
        .new_tree(&mut runner)
        .expect("a tree")
        .current();
    let docs = root.join("random");
    random::write_tree(&tree, &docs);
    // Keep going past pages that fail, so one run lists all of them.
    let (apis, errors) =
        mdx_codegen::build_ir_partial(std::slice::from_ref(&docs), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("seed {seed}: reading the docs failed: {e}"));
    for e in &errors {
        problems.push(format!("seed {seed}: generation: {e}"));
    }
    // Valid pages should need no workaround: warnings are listed (not failed on).
    let mut warnings: Vec<String> = apis
        .iter()
        .flat_map(|a| &a.warnings)
        .map(|w| w.message.clone())
        .collect();
    let total_warnings = warnings.len();
    warnings.sort();
    warnings.dedup();
    for w in &warnings {
        eprintln!("seed {seed}: warning: {w}");
    }
    let name = format!("random-client-{seed}");
    let files = match mdx_codegen::emit::emit_crate(&apis, &emit_options(&name)) {
        Ok(files) => files,
        Err(e) => {
            problems.push(format!("seed {seed}: emission: {e}"));
            return problems;
        }
    };
    if let Err(e) = parse_all(&files) {
        problems.push(format!("seed {seed}: output does not parse: {e}"));
        return problems;
    }
    let out = root.join("client");
    let _ = std::fs::remove_dir_all(&out);
    mdx_codegen::write::write_tree(&files, &out).unwrap();
    if std::env::var_os("MDX_RANDOM_GENERATE_ONLY").is_some() {
        eprintln!(
            "seed {seed}: {pages} pages, {} generation errors, {total_warnings} warnings",
            errors.len()
        );
        return problems;
    }
    for args in [
        &["clippy", "--quiet", "--", "-D", "warnings"][..],
        &[
            "clippy",
            "--quiet",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ][..],
        &["doc", "--quiet", "--no-deps"][..],
    ] {
        if let Err(e) = cargo(&out, target, args) {
            problems.push(format!("seed {seed}: {e}"));
        }
    }
    eprintln!(
        "seed {seed}: {pages} pages, {} generation errors, {total_warnings} warnings, crate in {}",
        errors.len(),
        out.display()
    );
    problems
}

#[test]
#[ignore = "compiles a generated crate of 200 random pages (minutes cold); run with `--ignored`"]
fn random_pages_compile_clippy_clean() {
    let pages = env_number("MDX_RANDOM_PAGES", 200) as usize;
    let seeds: Vec<u64> = match std::env::var("MDX_RANDOM_SEED") {
        Ok(list) => list
            .split(',')
            .map(|s| {
                s.trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("MDX_RANDOM_SEED: {s:?} is not a number"))
            })
            .collect(),
        Err(_) => vec![DEFAULT_SEED],
    };
    let target = std::env::var_os("MDX_RANDOM_TARGET")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("mdx-codegen-random-target"));
    let keep = std::env::var_os("MDX_RANDOM_KEEP").map(PathBuf::from);
    let scratch = temp_dir("compile");
    let mut problems = Vec::new();
    for &seed in &seeds {
        let root = match &keep {
            Some(dir) => dir.join(format!("seed-{seed}")),
            None => scratch.join(format!("seed-{seed}")),
        };
        std::fs::create_dir_all(&root).unwrap();
        let found = check_seed(seed, pages, &root, &target);
        // A failing seed's docs and crate stay for a look.
        if keep.is_none() && found.is_empty() {
            let _ = std::fs::remove_dir_all(&root);
        }
        problems.extend(found);
    }
    if problems.is_empty() {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
