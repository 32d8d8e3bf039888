//! All-or-nothing output and complete error reports: a tree with ten pages broken
//! in ten ways (each unusable: undecodable, not an object, no method or path) is
//! reported in one list and leaves the previous output untouched; quirks inside
//! usable pages are warnings, and `--deny-warnings` makes them errors;
//! `--keep-going` writes what is sound; an interrupted swap is repaired;
//! `Config::generate_to` swaps too, keeping files it did not write.

mod common;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use serde_json::{json, Value};

use common::files_below;

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mdx-codegen-atomic-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Bytes and modification time of every file below `root`.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    files_below(root)
        .into_iter()
        .map(|rel| {
            let path = root.join(&rel);
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            (rel, (std::fs::read(&path).unwrap(), modified))
        })
        .collect()
}

fn tick() {
    std::thread::sleep(Duration::from_millis(1100));
}

fn operation(id: &str, path: &str) -> Value {
    json!({
        "operationId": id,
        "method": "get",
        "path": path,
        "tags": ["Things"],
        "responses": { "200": { "description": "OK", "content": { "application/json": {
            "schema": { "title": "Thing", "type": "object",
                        "properties": { "name": { "type": "string" } } }
        } } } }
    })
}

/// Writes `NAME.api.mdx` with front matter `id` (when given) and `api:` on line 4.
fn page(dir: &Path, name: &str, id: Option<&str>, api: &str) -> PathBuf {
    let path = dir.join(format!("{name}.api.mdx"));
    let id = id
        .map(|i| format!("id: {i}\n"))
        .unwrap_or_else(|| "title: x\n".into());
    let text = format!("---\n{id}sidebar_label: x\napi: {api}\n---\n\nBody.\n");
    std::fs::write(&path, text).unwrap();
    path
}

fn good_pages(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for (i, name) in ["alpha", "beta", "gamma"].iter().enumerate() {
        page(
            dir,
            name,
            Some(name),
            &operation(&format!("get{i}"), &format!("/{name}")).to_string(),
        );
    }
}

fn zlib_base64(text: &str) -> String {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    base64::engine::general_purpose::STANDARD.encode(enc.finish().unwrap())
}

/// Ten pages, each broken in its own way: (file stem, what the report must say).
fn bad_pages(dir: &Path) -> Vec<(&'static str, &'static str)> {
    let ok = operation("getBroken", "/broken").to_string();
    let compressed = zlib_base64(&ok);
    // Drop one symbol so that a single one dangles: truncated base64.
    let truncated = &compressed[..compressed.len() - compressed.len() % 4 - 3];
    page(dir, "b01", Some("b01"), truncated);
    // A zlib stream with its body damaged.
    let mut bytes = base64::engine::general_purpose::STANDARD
        .decode(&compressed)
        .unwrap();
    for b in &mut bytes[4..20] {
        *b ^= 0xa5;
    }
    page(
        dir,
        "b02",
        Some("b02"),
        &base64::engine::general_purpose::STANDARD.encode(&bytes),
    );
    page(
        dir,
        "b03",
        Some("b03"),
        r#"{"operationId": "b03", "method": "get","#,
    );
    std::fs::write(
        dir.join("b04.api.mdx"),
        "---\nid: b04\nsidebar_label: x\n---\n\nNo api.\n",
    )
    .unwrap();
    page(dir, "b05", Some("b05"), "[1, 2, 3]");
    let mut no_method = operation("getB06", "/b06");
    no_method.as_object_mut().unwrap().remove("method");
    page(dir, "b06", Some("b06"), &no_method.to_string());
    let mut no_path = operation("getB07", "/b07");
    no_path.as_object_mut().unwrap().remove("path");
    page(dir, "b07", Some("b07"), &no_path.to_string());
    let mut numeric_method = operation("getB08", "/b08");
    numeric_method["method"] = json!(8);
    page(dir, "b08", Some("b08"), &numeric_method.to_string());
    page(
        dir,
        "b09",
        Some("b09"),
        &operation("getB09", "  ").to_string(),
    );
    page(
        dir,
        "b10",
        Some("b10"),
        r#"{"operationId": "getB10", "method": "get", "path": 10}"#,
    );
    vec![
        ("b01", ":4 (operation `b01`): api: base64 is truncated"),
        ("b02", ":4 (operation `b02`): api: zlib stream is corrupt"),
        ("b03", ":4 (operation `b03`): api: is not valid JSON"),
        ("b04", ":1: front matter (lines 1-4) has no `api:` key"),
        (
            "b05",
            ":4 (operation `b05`): api: is not an object (found array)",
        ),
        (
            "b06",
            ":4 (operation `getB06`) at api/method: `method` is missing",
        ),
        (
            "b07",
            ":4 (operation `getB07`) at api/path: `path` is missing",
        ),
        (
            "b08",
            ":4 (operation `getB08`) at api/method: `method` is missing or not a string",
        ),
        (
            "b09",
            ":4 (operation `getB09`) at api/path: `path` is missing or not a string",
        ),
        (
            "b10",
            ":4 (operation `getB10`) at api/path: `path` is missing or not a string",
        ),
    ]
}

fn cli(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let run = Command::new(env!("CARGO_BIN_EXE_mdx-codegen"))
        .args(args)
        .output()
        .unwrap();
    (
        run.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&run.stdout).into_owned(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

fn generate(docs: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "generate".as_ref(),
        docs.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    cli(&args)
}

/// Each bad page is listed once, with its file, line, operation and pointer.
fn assert_report(stderr: &str, docs: &Path, expected: &[(&str, &str)]) {
    assert!(stderr.contains("10 error(s):"), "{stderr}");
    for (stem, said) in expected {
        let file = docs.join(format!("{stem}.api.mdx"));
        let wanted = format!("{}{said}", file.display());
        assert!(stderr.contains(&wanted), "missing `{wanted}` in:\n{stderr}");
        let lines = stderr
            .lines()
            .filter(|l| l.contains(&*file.to_string_lossy()))
            .count();
        assert_eq!(lines, 1, "{stem} reported {lines} times:\n{stderr}");
    }
}

#[test]
fn ten_broken_pages_are_reported_together_and_the_output_is_untouched() {
    let dir = temp_dir("ten");
    let docs = dir.join("docs").join("v3");
    good_pages(&docs);
    let out = dir.join("client");
    let (code, stdout, stderr) = generate(&docs, &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let before = snapshot(&out);
    assert!(!before.is_empty());

    let expected = bad_pages(&docs);
    tick();
    let (code, _, stderr) = generate(&docs, &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_report(&stderr, &docs, &expected);
    assert_eq!(snapshot(&out), before, "a failed run changed the output");
    let beside: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside.len(), 2, "leftovers beside the output: {beside:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Pages that are usable although something in them is not: each is generated,
/// with a warning naming the file, line, operation and pointer.
fn quirky_pages(dir: &Path) -> Vec<(&'static str, &'static str)> {
    let mut no_id = operation("x", "/q01");
    no_id.as_object_mut().unwrap().remove("operationId");
    page(dir, "q01", None, &no_id.to_string());
    let mut location = operation("getQ02", "/q02");
    location["parameters"] = json!([{ "name": "q", "in": "body", "schema": { "type": "string" } }]);
    page(dir, "q02", Some("q02"), &location.to_string());
    let mut number = operation("getQ03", "/q03");
    number["responses"]["200"]["content"]["application/json"]["schema"] = json!(42);
    page(dir, "q03", Some("q03"), &number.to_string());
    // Sorts after alpha.api.mdx, which has the same operation id.
    page(
        dir,
        "q04",
        Some("q04"),
        &operation("get0", "/q04").to_string(),
    );
    let mut deep = json!({ "type": "string" });
    for _ in 0..mdx_codegen::lower::schema::MAX_DEPTH {
        deep = json!({ "type": "array", "items": deep });
    }
    let mut too_deep = operation("getQ05", "/q05");
    too_deep["responses"]["200"]["content"]["application/json"]["schema"] = deep;
    page(dir, "q05", Some("q05"), &too_deep.to_string());
    vec![
        ("q01", ":4 at api/operationId: the operation has no operationId and the page no id; generated as `get_q01`"),
        ("q02", ":4 (operation `getQ02`) at api/parameters/0/in: unknown parameter location \"body\""),
        ("q03", ":4 (operation `getQ03`) at api/responses/200/content/application~1json/schema: expected a schema object, found a number"),
        ("q04", ":4 (operation `get0`) at api/operationId: operation id `get0` is also used by"),
        ("q05", ":4 (operation `getQ05`) at api/responses/200/content/application~1json/schema/items"),
    ]
}

#[test]
fn quirks_are_warnings_and_deny_warnings_makes_them_errors() {
    let dir = temp_dir("quirks");
    let docs = dir.join("docs").join("v3");
    good_pages(&docs);
    let expected = quirky_pages(&docs);
    let out = dir.join("client");
    let (code, stdout, stderr) = generate(&docs, &out, &["--deny-warnings"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(!out.exists(), "--deny-warnings wrote output");
    let (code, stdout, stderr) = generate(&docs, &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("8 operations"), "{stdout}");
    assert!(stdout.contains("5 warning(s)"), "{stdout}");
    for (stem, said) in expected {
        let wanted = format!(
            "warning: {}{said}",
            docs.join(format!("{stem}.api.mdx")).display()
        );
        assert!(stderr.contains(&wanted), "missing `{wanted}` in:\n{stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn keep_going_writes_what_is_sound_and_exits_1() {
    let dir = temp_dir("keep-going");
    let docs = dir.join("docs").join("v3");
    good_pages(&docs);
    let out = dir.join("client");
    assert_eq!(generate(&docs, &out, &[]).0, 0);
    let before = snapshot(&out);
    let expected = bad_pages(&docs);
    tick();
    let (code, stdout, stderr) = generate(&docs, &out, &["--keep-going"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_report(&stderr, &docs, &expected);
    assert!(stderr.contains("left out 10 page(s)"), "{stderr}");
    // The good pages alone give the same crate, so nothing was rewritten.
    assert!(stdout.contains("3 operations"), "{stdout}");
    assert_eq!(snapshot(&out), before, "unchanged files were rewritten");

    // With nothing sound at all, nothing is written.
    let only_bad = dir.join("bad").join("v3");
    std::fs::create_dir_all(&only_bad).unwrap();
    page(&only_bad, "b03", Some("b03"), "{");
    let (code, _, stderr) = generate(&only_bad, &dir.join("nothing"), &["--keep-going"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!dir.join("nothing").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_interrupted_swap_is_repaired_by_the_next_run() {
    let dir = temp_dir("interrupted");
    let docs = dir.join("docs").join("v3");
    good_pages(&docs);
    let out = dir.join("client");
    assert_eq!(generate(&docs, &out, &[]).0, 0);
    let before = snapshot(&out);
    // As if a run stopped between its two renames: the old tree is the backup and
    // the staging folder is half written.
    let backup = dir.join(".client.mdx-codegen-old");
    let staging = dir.join(".client.mdx-codegen-new");
    std::fs::rename(&out, &backup).unwrap();
    std::fs::create_dir_all(staging.join("src")).unwrap();
    std::fs::write(staging.join("src").join("lib.rs"), "half").unwrap();
    tick();
    let (code, stdout, stderr) = generate(&docs, &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("0 written, 0 removed"), "{stdout}");
    assert_eq!(snapshot(&out), before);
    assert!(!backup.exists() && !staging.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_changed_page_swaps_in_a_new_tree_keeping_cargo_files_and_mtimes() {
    let dir = temp_dir("swap");
    let docs = dir.join("docs").join("v3");
    good_pages(&docs);
    let out = dir.join("client");
    assert_eq!(generate(&docs, &out, &[]).0, 0);
    std::fs::create_dir_all(out.join("target").join("debug")).unwrap();
    std::fs::write(out.join("target").join("debug").join("artifact"), "x").unwrap();
    std::fs::write(out.join("Cargo.lock"), "# lock\n").unwrap();
    let before = snapshot(&out);
    tick();
    page(
        &docs,
        "delta",
        Some("delta"),
        &operation("get3", "/delta").to_string(),
    );
    let (code, stdout, stderr) = generate(&docs, &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let after = snapshot(&out);
    let mut changed = 0;
    for (rel, old) in &before {
        let new = after
            .get(rel)
            .unwrap_or_else(|| panic!("{} lost", rel.display()));
        if new.0 == old.0 {
            assert_eq!(new.1, old.1, "{} unchanged but rewritten", rel.display());
        } else {
            changed += 1;
        }
    }
    assert!(changed > 0, "the new operation changed no file");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn config_generate_to_swaps_and_keeps_files_it_did_not_write() {
    let dir = temp_dir("config");
    let docs = dir.join("docs").join("v3");
    good_pages(&docs);
    let out = dir.join("out");
    let config = mdx_codegen::Config::new().docs(&docs).no_cargo_directives();
    config.generate_to(&out).unwrap();
    std::fs::write(out.join("other_generator.rs"), "// not ours\n").unwrap();
    // A stale generated file from an earlier run is removed.
    let stale = out.join("v3").join("stale.rs");
    std::fs::write(
        &stale,
        "// @generated by mdx-codegen. Do not edit by hand.\n",
    )
    .unwrap();
    tick();
    config.generate_to(&out).unwrap();
    assert!(out.join("other_generator.rs").exists());
    assert!(!stale.exists());
    let before = snapshot(&out);

    // A broken page: an error, and OUT_DIR as it was.
    page(&docs, "broken", Some("broken"), "{");
    tick();
    let err = config.generate_to(&out).unwrap_err().to_string();
    assert!(err.contains("broken.api.mdx:4"), "{err}");
    assert_eq!(snapshot(&out), before);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn foreign_files_are_refused_with_the_reason_unless_forced() {
    let dir = temp_dir("foreign");
    let docs = dir.join("docs").join("v3");
    good_pages(&docs);
    let out = dir.join("client");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let (code, _, stderr) = generate(&docs, &out, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("1 file(s) mdx-codegen did not write (notes.txt)"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
    let (code, _, stderr) = generate(&docs, &out, &["--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.join("notes.txt").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_repaired_swap_still_refuses_foreign_files() {
    let dir = temp_dir("repaired-foreign");
    let docs = dir.join("docs").join("v3");
    good_pages(&docs);
    let out = dir.join("client");
    assert_eq!(generate(&docs, &out, &[]).0, 0);
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::rename(&out, dir.join(".client.mdx-codegen-old")).unwrap();
    let (code, _, stderr) = generate(&docs, &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
    std::fs::remove_dir_all(&dir).unwrap();
}
