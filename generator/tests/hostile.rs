//! Hand-written hostile pages: each gets a precise error (file, line, operation,
//! pointer) or a correct output, never a panic. The ignored test at the end compiles
//! the crate generated from a tree of hostile names and texts (CI runs it).

mod common;

use std::path::{Component, Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use mdx_codegen::emit::{EmitOptions, Layout};
use mdx_codegen::mdx::ReadOptions;
use mdx_codegen::Error;

fn temp_dir(tag: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("mdx-codegen-hostile-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes a page whose `api:` (plain JSON) is on line 4, with front-matter `id`.
fn write_page(dir: &Path, file: &str, id: &str, api: &Value) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(file);
    let text = format!("---\nid: {id}\nsidebar_label: page\napi: {api}\n---\n\nBody.\n");
    std::fs::write(&path, text).unwrap();
    path
}

fn op(id: Option<&str>, method: &str, path: &str, schema: Value) -> Value {
    let mut op = json!({
        "method": method,
        "path": path,
        "tags": ["Things"],
        "responses": {
            "200": {
                "description": "OK",
                "content": { "application/json": { "schema": schema } }
            }
        }
    });
    if let Some(id) = id {
        op["operationId"] = json!(id);
    }
    op
}

fn emit_options() -> EmitOptions {
    EmitOptions {
        crate_name: "hostile-client".into(),
        command: "mdx-codegen generate hostile".into(),
        layout: Layout::Crate,
    }
}

fn generate(docs: &Path) -> mdx_codegen::Result<mdx_codegen::emit::Generated> {
    mdx_codegen::generate(
        &[docs.to_path_buf()],
        &ReadOptions::default(),
        &emit_options(),
    )
}

/// The single warning of generating from `docs`, which must succeed.
fn single_warning(docs: &Path) -> mdx_codegen::Warning {
    let apis = mdx_codegen::build_ir(&[docs.to_path_buf()], &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut warnings: Vec<_> = apis.into_iter().flat_map(|a| a.warnings).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    generate(docs).unwrap_or_else(|e| panic!("{e}"));
    warnings.remove(0)
}

/// The single input error of `result`, as (location, message).
fn input_error<T>(result: mdx_codegen::Result<T>) -> (mdx_codegen::Location, String) {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(Error::Input { location, message }) => (location, message),
        Err(e) => panic!("expected one input error, got: {e}"),
    }
}

#[test]
fn missing_operation_id_and_page_id_is_named_by_method_and_path() {
    let dir = temp_dir("no-id");
    let docs = dir.join("v3");
    let schema = json!({ "type": "string" });
    // No `id:` in the front matter and no operationId: nothing to name it by.
    let path = docs.join("anon.api.mdx");
    std::fs::create_dir_all(&docs).unwrap();
    let api = op(None, "get", "/anon", schema.clone());
    std::fs::write(&path, format!("---\nsidebar_label: x\napi: {api}\n---\n")).unwrap();
    write_page(
        &docs,
        "ok.api.mdx",
        "ok",
        &op(Some("getOk"), "get", "/ok", schema),
    );
    let w = single_warning(&docs);
    assert_eq!(w.location.file, path);
    assert_eq!(w.location.line, Some(3));
    assert!(w.message.contains("operationId"), "{}", w.message);
    assert!(w.message.contains("`get_anon`"), "{}", w.message);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn missing_operation_id_is_named_after_the_page_id() {
    let dir = temp_dir("page-id");
    let docs = dir.join("v3");
    let api = op(None, "get", "/things", json!({ "type": "string" }));
    write_page(&docs, "list-things.api.mdx", "list-things", &api);
    let files = generate(&docs).unwrap_or_else(|e| panic!("{e}"));
    let all: String = files.files.values().cloned().collect();
    assert!(
        all.contains("fn list_things("),
        "no method named after the page id"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `{"type":"array","items":…}` nested `levels` times around a string.
fn nested_arrays(levels: usize) -> Value {
    // Built as text: serde_json's own recursion limit applies to parsing, and
    // dropping a deep `Value` recurses too.
    let mut text = String::new();
    for _ in 0..levels {
        text.push_str(r#"{"type":"array","items":"#);
    }
    text.push_str(r#"{"type":"string"}"#);
    text.push_str(&"}".repeat(levels));
    Value::String(text)
}

/// A page whose api JSON is written from `schema_text` (raw JSON) as the response.
fn write_raw_schema_page(dir: &Path, id: &str, schema_text: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(format!("{id}.api.mdx"));
    let api = format!(
        r#"{{"operationId":"{id}","method":"get","path":"/{id}","tags":["Deep"],"responses":{{"200":{{"description":"OK","content":{{"application/json":{{"schema":{schema_text}}}}}}}}}}}"#
    );
    std::fs::write(
        &path,
        format!("---\nid: {id}\nsidebar_label: x\napi: {api}\n---\n"),
    )
    .unwrap();
    path
}

#[test]
fn nesting_ten_thousand_levels_is_a_precise_warning() {
    let dir = temp_dir("deep");
    let docs = dir.join("v3");
    let Value::String(deep) = nested_arrays(10_000) else {
        unreachable!()
    };
    let path = write_raw_schema_page(&docs, "getDeep", &deep);
    let (location, message) = input_error(generate(&docs));
    assert_eq!(location.file, path);
    assert_eq!(location.line, Some(4));
    assert_eq!(location.operation.as_deref(), Some("getDeep"));
    // The JSON parser's own limit: the page cannot be read at all.
    assert!(message.contains("nests deeper than 128"), "{message}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn nesting_at_the_schema_depth_limit_generates_valid_code() {
    // The deepest schemas lowering accepts: arrays of arrays, and objects in objects.
    let dir = temp_dir("deep-ok");
    let docs = dir.join("v3");
    let limit = mdx_codegen::lower::schema::MAX_DEPTH;
    let Value::String(arrays) = nested_arrays(limit - 1) else {
        unreachable!()
    };
    write_raw_schema_page(&docs, "getArrays", &arrays);
    let mut objects = String::new();
    for i in 0..limit - 1 {
        objects.push_str(&format!(r#"{{"type":"object","properties":{{"p{i}":"#));
    }
    objects.push_str(r#"{"type":"string"}"#);
    objects.push_str(&"}}".repeat(limit - 1));
    write_raw_schema_page(&docs, "getObjects", &objects);
    // Run where generation runs in the CLI: a thread with the default stack.
    let files = std::thread::spawn(move || generate(&docs))
        .join()
        .expect("no stack overflow or panic")
        .unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &files.files {
        if path.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn nesting_past_the_schema_depth_limit_is_a_precise_warning() {
    let dir = temp_dir("deep-err");
    let docs = dir.join("v3");
    let limit = mdx_codegen::lower::schema::MAX_DEPTH;
    let Value::String(arrays) = nested_arrays(limit) else {
        unreachable!()
    };
    let path = write_raw_schema_page(&docs, "getArrays", &arrays);
    let w = single_warning(&docs);
    let (location, message) = (w.location, w.message);
    assert_eq!(location.file, path);
    assert_eq!(location.line, Some(4));
    assert_eq!(location.operation.as_deref(), Some("getArrays"));
    let pointer = format!(
        "/responses/200/content/application~1json/schema{}",
        "/items".repeat(limit)
    );
    assert_eq!(location.pointer.as_deref(), Some(pointer.as_str()));
    assert!(
        message.contains(&format!("deeper than {limit}")),
        "{message}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn one_hundred_thousand_properties_is_a_precise_warning() {
    let dir = temp_dir("wide");
    let docs = dir.join("v3");
    let props: serde_json::Map<String, Value> = (0..100_000)
        .map(|i| (format!("p{i}"), json!({ "type": "string" })))
        .collect();
    let schema = json!({ "type": "object", "properties": props });
    let path = write_page(
        &docs,
        "wide.api.mdx",
        "wide",
        &op(Some("getWide"), "get", "/w", schema),
    );
    let w = single_warning(&docs);
    let (location, message) = (w.location, w.message);
    assert_eq!(location.file, path);
    assert_eq!(location.line, Some(4));
    assert_eq!(location.operation.as_deref(), Some("getWide"));
    assert_eq!(
        location.pointer.as_deref(),
        Some("/responses/200/content/application~1json/schema/properties")
    );
    assert!(message.contains("100000 properties"), "{message}");
    assert!(message.contains("10000"), "{message}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn many_properties_below_the_limit_generate() {
    let dir = temp_dir("wide-ok");
    let docs = dir.join("v3");
    let props: serde_json::Map<String, Value> = (0..2_000)
        .map(|i| (format!("p{i}"), json!({ "type": "string" })))
        .collect();
    let schema = json!({ "type": "object", "title": "Wide", "properties": props });
    write_page(
        &docs,
        "wide.api.mdx",
        "wide",
        &op(Some("getWide"), "get", "/w", schema),
    );
    let files = generate(&docs).unwrap_or_else(|e| panic!("{e}"));
    let all: String = files.files.values().cloned().collect();
    assert!(all.contains("pub p1999:"), "last field missing");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Text that must not escape a doc comment, string or attribute.
const HOSTILE_TEXTS: &[&str] = &[
    "*/ fn evil() {} /*",
    "\"] #[cfg(any())]",
    "#[doc = \"x\"]",
    "\"); } fn evil() { (\"",
    "nul \u{0} byte",
    "lone \r carriage",
    "bidi \u{202e} override",
    "line\nbreak",
    "`backtick`",
    "",
];

/// Names that are keywords, unicode, emoji, empty, or path tricks.
const HOSTILE_NAMES: &[&str] = &[
    "type", "self", "Self", "crate", "async", "mod", "用户", "😀", "", "_", "../x", "/etc/x",
    "CON", "nul", "lib",
];

/// A docs tree where every name and text is hostile, in `root/v3`, beside a plain
/// API without `info` in `root/plain`.
fn hostile_tree(root: &Path) {
    let plain = op(
        Some("getPlain"),
        "get",
        "/plain",
        json!({ "type": "string" }),
    );
    write_page(&root.join("plain"), "plain.api.mdx", "plain", &plain);
    let docs = &root.join("v3");
    let long = "x".repeat(300);
    let mut names: Vec<String> = HOSTILE_NAMES.iter().map(|s| s.to_string()).collect();
    names.push(long.clone());
    let enum_values: Vec<Value> = HOSTILE_TEXTS
        .iter()
        .chain(HOSTILE_NAMES)
        .map(|s| json!(s))
        .chain([Value::Null])
        .collect();
    let properties: serde_json::Map<String, Value> = names
        .iter()
        .chain(
            HOSTILE_TEXTS
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .iter(),
        )
        .enumerate()
        .map(|(i, n)| {
            let desc = HOSTILE_TEXTS[i % HOSTILE_TEXTS.len()];
            (
                n.clone(),
                json!({ "type": "string", "description": desc, "default": desc }),
            )
        })
        .collect();
    for (i, name) in names.iter().enumerate() {
        let title = HOSTILE_TEXTS[i % HOSTILE_TEXTS.len()];
        let api = json!({
            "operationId": name,
            "method": "post",
            "path": format!("/things{i}/{{{name}}}"),
            "tags": [name],
            "description": HOSTILE_TEXTS.join("\n"),
            "info": { "title": HOSTILE_TEXTS.join(" <b>x</b> "), "version": "1.0\r*/" },
            "parameters": [
                { "name": name, "in": "path", "required": true, "schema": { "type": "string" },
                  "description": title },
                { "name": title, "in": "query", "schema": { "type": "string", "enum": enum_values } }
            ],
            "requestBody": { "content": { "application/json": { "schema": {
                "title": format!("{name} {title}"),
                "type": "object",
                "description": title,
                "properties": properties,
            } } } },
            "responses": {
                "200": { "description": title, "content": { "application/json": { "schema": {
                    "type": "string", "enum": enum_values, "title": name,
                } } } },
                "default": { "description": name }
            }
        });
        write_page(docs, &format!("op{i}.api.mdx"), &format!("op-{i}"), &api);
    }
    for (i, title) in TYPE_NAMES_THAT_CLASH.iter().enumerate() {
        let api = clashing_title_op(i, title);
        write_page(
            docs,
            &format!("named{i}.api.mdx"),
            &format!("named-{i}"),
            &api,
        );
    }
}

/// Titles that are keywords, prelude types or prelude derive macros in Rust.
const TYPE_NAMES_THAT_CLASH: &[&str] = &[
    "Self", "self", "type", "Default", "Debug", "Clone", "Option", "Result", "String", "Vec", "Box",
];

/// An operation where `title` names two shapes of its own (told apart by a property), a
/// second title of the first shape (an alias), anonymous types named from it, and
/// a union of it, its list and its map.
fn clashing_title_op(i: usize, title: &str) -> Value {
    let first = json!({
        "title": title, "type": "object",
        "properties": {
            format!("a{i}"): { "type": "string" },
            "inner": { "type": "object", "properties": { "x": { "type": "integer" } } }
        }
    });
    let mut second = first.clone();
    second["properties"]["b"] = json!({ "type": "boolean" });
    let mut twin = first.clone();
    twin["title"] = json!(format!("{title} twin"));
    json!({
        "operationId": format!("named{i}"),
        "method": "post",
        "path": format!("/named{i}"),
        "tags": ["Named"],
        "requestBody": { "content": { "application/json": { "schema": {
            "type": "object",
            "properties": { "first": first, "second": second, "twin": twin }
        } } } },
        "responses": {
            "200": { "description": "OK", "content": { "application/json": { "schema": {
                "oneOf": [
                    first,
                    { "type": "array", "items": first },
                    { "type": "object", "additionalProperties": first }
                ]
            } } } }
        }
    })
}

/// Every path is relative, inside the folder, with safe names only.
fn assert_safe_path(path: &Path) {
    for c in path.components() {
        let Component::Normal(part) = c else {
            panic!("{} leaves the output folder", path.display());
        };
        let part = part.to_str().unwrap();
        assert!(part.len() <= 80, "{part} is too long");
        assert!(
            part.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
            "unsafe file name {part:?}"
        );
        let stem = part.split('.').next().unwrap().to_ascii_lowercase();
        assert!(
            !["con", "prn", "aux", "nul"].contains(&stem.as_str()),
            "{part}"
        );
    }
}

/// Whether `ident` occurs as an identifier token (not inside a string or doc comment).
fn has_ident(tokens: proc_macro2::TokenStream, ident: &str) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == ident,
        proc_macro2::TokenTree::Group(g) => has_ident(g.stream(), ident),
        _ => false,
    })
}

#[test]
fn hostile_names_stay_inside_the_output_folder() {
    let dir = temp_dir("names");
    let docs = dir.join("docs");
    hostile_tree(&docs);
    let files = generate(&docs).unwrap_or_else(|e| panic!("{e}"));
    for path in files.files.keys() {
        assert_safe_path(path);
    }
    let out = dir.join("out");
    mdx_codegen::write::write_tree(&files, &out).unwrap();
    // Nothing was written beside the output folder.
    let mut beside: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["docs", "out"]);
    assert_eq!(common::files_below(&out).len(), files.files.len());
    for (path, text) in &files.files {
        if path.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        assert!(
            !text.contains('\r'),
            "{} holds a carriage return",
            path.display()
        );
        assert!(
            !text.contains('\u{202e}'),
            "{} holds a bidi control",
            path.display()
        );
        if path.extension().is_some_and(|e| e == "rs") {
            let tokens: proc_macro2::TokenStream = text.parse().unwrap();
            assert!(
                !has_ident(tokens, "evil"),
                "{} lets text escape",
                path.display()
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The crate generated from [`hostile_tree`] compiles, clippy-clean with warnings
/// denied, and its docs build without warnings. Slow when cold; CI runs it.
#[test]
#[ignore = "compiles a generated crate (~3 min cold); run with `--ignored`"]
fn hostile_tree_compiles_clippy_clean() {
    let dir = temp_dir("compile");
    let docs = dir.join("docs");
    hostile_tree(&docs);
    let out = dir.join("client");
    let files = generate(&docs).unwrap_or_else(|e| panic!("{e}"));
    // The tree has the shapes the clippy and rustdoc runs below are there to judge:
    // a type named like a derive macro that a doc link names, two shapes of `Self`.
    let text: String = files.files.values().map(String::as_str).collect();
    for needle in ["[`type@Default`]", "pub struct SelfWithB"] {
        assert!(text.contains(needle), "no `{needle}` in the hostile crate");
    }
    mdx_codegen::write::write_tree(&files, &out).unwrap();
    let target = std::env::temp_dir().join("mdx-codegen-hostile-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for args in [
        &["clippy", "--quiet", "--", "-D", "warnings"][..],
        &["doc", "--quiet", "--no-deps"][..],
    ] {
        let run = Command::new(&cargo)
            .args(args)
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTDOCFLAGS", "-D warnings")
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "cargo {args:?} failed:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Found by the lowering fuzz target: a tag of a lone carriage return went into a
/// `//!` line as is, and the generated file did not parse.
#[test]
fn regression_tag_of_a_lone_carriage_return() {
    let dir = temp_dir("cr-tag");
    let docs = dir.join("v3");
    for (i, tag) in ["\r", "a\rb", "\u{2028}", "x\u{202e}y"].iter().enumerate() {
        let mut api = op(
            Some(&format!("op{i}")),
            "get",
            &format!("/p{i}\r"),
            json!({ "type": "string" }),
        );
        api["tags"] = json!([tag]);
        write_page(&docs, &format!("p{i}.api.mdx"), &format!("p{i}"), &api);
    }
    let files = generate(&docs).unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &files.files {
        if path.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        assert!(
            !text.contains(['\r', '\u{2028}', '\u{202e}']),
            "{}",
            path.display()
        );
    }
    let all: String = files.files.values().cloned().collect();
    assert!(
        all.contains("Operations tagged `a\\rb`."),
        "the tag is shown escaped"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
