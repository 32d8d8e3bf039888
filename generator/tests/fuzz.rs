//! Property-based fuzzing of the three stages that take untrusted text:
//! (a) front matter extraction and `api:` decoding, (b) schema lowering and emission
//! from arbitrary operation JSON, (c) identifier and file-name sanitising.
//!
//! `cargo test` runs a fixed-seed, fast pass of every target. The long mode runs each
//! target with fresh random seeds for `FUZZ_SECONDS` seconds (default 60):
//!
//! ```text
//! FUZZ_SECONDS=600 cargo test --release -p mdx-codegen --test fuzz -- --ignored --test-threads 1
//! ```
//!
//! A failure prints the shrunk input; each one found is kept as a named regression
//! test in `hostile.rs`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Map, Value};

use mdx_codegen::emit::{EmitOptions, Layout};
use mdx_codegen::ident::{self, Namespace};
use mdx_codegen::lower::ApiPages;
use mdx_codegen::mdx::{self, Page, ReadOptions};
use mdx_codegen::Error;

// ---------------------------------------------------------------------------------------
// Running

/// Runs `test` over `strategy`: `fast_cases` cases from a fixed seed, or, in long
/// mode, fresh seeds until the time budget is spent. Panics with the shrunk input on
/// the first failure.
fn run<S: Strategy>(
    name: &str,
    strategy: S,
    long: bool,
    fast_cases: u32,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let config = |cases| Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2048,
        ..Config::default()
    };
    if !long {
        let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
        let mut runner = TestRunner::new_with_rng(config(fast_cases), rng);
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("{name}: {e}");
        }
        return;
    }
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut total = 0u64;
    while Instant::now() < deadline {
        let mut runner = TestRunner::new(config(256));
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("{name}: after {total} cases: {e}");
        }
        total += 256;
    }
    let mut err = std::io::stderr();
    let _ = writeln!(err, "{name}: {total} cases in {seconds} s, no failure");
}

fn long_mode_budget_note() {
    // Printed so a long run's log says which mode it was.
    let seconds = std::env::var("FUZZ_SECONDS").unwrap_or_else(|_| "60".into());
    eprintln!("fuzzing for {seconds} s per target");
}

// ---------------------------------------------------------------------------------------
// Hostile text

/// Strings that have broken generators before: keywords, device names, path tricks,
/// comment and attribute closers, control characters, unicode.
const NASTY: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "r#type",
    "async",
    "gen",
    "union",
    "CON",
    "con",
    "nul",
    "COM1",
    "lpt9",
    "lib",
    "main",
    "mod",
    "..",
    "../x",
    "/etc/x",
    "a/b",
    "a\\b",
    "C:",
    "*/",
    "/*",
    "\"]",
    "#[",
    "\"); }",
    "}",
    "\u{0}",
    "\r",
    "\r\n",
    "\u{feff}",
    "\u{202e}",
    "\u{200d}",
    "😀",
    "👩‍👩‍👧",
    "用户",
    "Ünïcödé",
    "ǅ",
    "ß",
    "İ",
    "0",
    "123abc",
    "1.5",
    "-",
    "a-b",
    "IN PROGRESS",
    "zh-TW",
    "mfa:enter-code",
    "*",
    "$ref",
    "circular(X)",
    "<script>",
    "```",
    "\\",
    "'",
    "\"",
    "`",
];

fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(NASTY).prop_map(str::to_owned),
        2 => "[a-zA-Z_][a-zA-Z0-9_ -]{0,12}",
        2 => any::<String>().prop_map(|s| s.chars().take(24).collect()),
        1 => proptest::collection::vec(proptest::sample::select(NASTY), 1..4)
            .prop_map(|v| v.concat()),
        1 => (1usize..400).prop_map(|n| "abcXYZ_".repeat(n / 7 + 1)),
    ]
}

// ---------------------------------------------------------------------------------------
// (a) Front matter and `api:` decoding

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("in-memory write");
    enc.finish().expect("in-memory write")
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A small JSON value, objects most likely.
fn small_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        nasty_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(nasty_text(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// How the `api:` value is written.
#[derive(Debug, Clone)]
enum ApiValue {
    Json(Value),
    Compressed(Value),
    /// Compressed, then cut, bit-flipped or padded.
    Damaged {
        json: Value,
        cut: usize,
        flip: Option<(usize, u8)>,
    },
    /// Base64 of arbitrary bytes.
    RawBytes(Vec<u8>),
    /// Base64 of zlib of arbitrary bytes.
    ZlibOfBytes(Vec<u8>),
    Text(String),
}

fn api_value() -> impl Strategy<Value = ApiValue> {
    prop_oneof![
        3 => small_json().prop_map(ApiValue::Json),
        3 => small_json().prop_map(ApiValue::Compressed),
        2 => (small_json(), any::<usize>(), proptest::option::of((any::<usize>(), 1u8..=255)))
            .prop_map(|(json, cut, flip)| ApiValue::Damaged { json, cut, flip }),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(ApiValue::RawBytes),
        1 => proptest::collection::vec(any::<u8>(), 0..256).prop_map(ApiValue::ZlibOfBytes),
        1 => nasty_text().prop_map(ApiValue::Text),
    ]
}

fn render_api(v: &ApiValue) -> String {
    match v {
        ApiValue::Json(j) => j.to_string(),
        ApiValue::Compressed(j) => b64(&zlib(j.to_string().as_bytes())),
        ApiValue::Damaged { json, cut, flip } => {
            let mut bytes = zlib(json.to_string().as_bytes());
            if let Some((at, mask)) = flip {
                let i = at % bytes.len();
                bytes[i] ^= mask;
            }
            let text = b64(&bytes);
            text[..cut % (text.len() + 1)].to_owned()
        }
        ApiValue::RawBytes(b) => b64(b),
        ApiValue::ZlibOfBytes(b) => b64(&zlib(b)),
        ApiValue::Text(t) => t.clone(),
    }
}

/// A page: chrome before the front matter, a few keys, the `api:` line in some
/// quoting, a body; then line-ending tricks and random edits.
#[derive(Debug, Clone)]
struct PageSpec {
    chrome: Vec<String>,
    id: Option<(String, u8)>,
    api: Option<(ApiValue, u8)>,
    extra: Vec<(String, String)>,
    close: bool,
    piped: bool,
    crlf: u8,
    bom: bool,
    body: String,
    edits: Vec<(usize, u8, char)>,
}

fn page_spec() -> impl Strategy<Value = PageSpec> {
    (
        proptest::collection::vec(nasty_text(), 0..3),
        proptest::option::of((nasty_text(), 0u8..4)),
        proptest::option::weighted(0.9, (api_value(), 0u8..5)),
        proptest::collection::vec((nasty_text(), nasty_text()), 0..3),
        proptest::bool::weighted(0.9),
        any::<bool>(),
        0u8..4,
        any::<bool>(),
        nasty_text(),
        proptest::collection::vec((any::<usize>(), 0u8..3, any::<char>()), 0..4),
    )
        .prop_map(
            |(chrome, id, api, extra, close, piped, crlf, bom, body, edits)| PageSpec {
                chrome,
                id,
                api,
                extra,
                close,
                piped,
                crlf,
                bom,
                body,
                edits,
            },
        )
}

fn quoted(value: &str, style: u8) -> String {
    match style {
        0 => value.to_owned(),
        1 => format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")),
        2 => format!("'{}'", value.replace('\'', "''")),
        3 => format!("|\n  {value}"),
        _ => format!("\"{value}"),
    }
}

fn render_page(spec: &PageSpec) -> String {
    let mut lines: Vec<String> = spec.chrome.clone();
    lines.push("---".into());
    if let Some((id, style)) = &spec.id {
        lines.push(format!("id: {}", quoted(id, *style)));
    }
    for (k, v) in &spec.extra {
        lines.push(format!("{k}: {v}"));
    }
    if let Some((api, style)) = &spec.api {
        lines.push(format!("api: {}", quoted(&render_api(api), *style)));
    }
    if spec.close {
        lines.push("---".into());
    }
    lines.push(spec.body.clone());
    if spec.piped {
        lines = lines
            .into_iter()
            .flat_map(|l| [l, "|".to_owned()])
            .collect();
    }
    let eol = ["\n", "\r\n", "\r", "\n\r"][spec.crlf as usize % 4];
    let mut text = lines.join(eol);
    if spec.bom {
        text.insert(0, '\u{feff}');
    }
    for (at, op, c) in &spec.edits {
        let mut chars: Vec<char> = text.chars().collect();
        let i = at % (chars.len() + 1);
        match op {
            0 => chars.insert(i, *c),
            1 if i < chars.len() => {
                chars.remove(i);
            }
            _ if i < chars.len() => chars[i] = *c,
            _ => {}
        }
        text = chars.into_iter().collect();
    }
    text
}

/// Checks what every decode error must carry: this file, and a line in it.
fn check_page_error(e: &Error, path: &Path, text: &str) -> Result<(), TestCaseError> {
    match e {
        Error::Input { location, message } => {
            prop_assert_eq!(&location.file, path);
            prop_assert!(!message.trim().is_empty(), "empty message");
            let line = location.line;
            prop_assert!(line.is_some(), "no line in {}", e);
            let lines = text.split(['\n', '\r']).count().max(1);
            prop_assert!(
                line.unwrap() >= 1 && line.unwrap() <= lines + 1,
                "line {:?} outside the file's {} lines: {}",
                line,
                lines,
                e
            );
            Ok(())
        }
        other => Err(TestCaseError::fail(format!(
            "not an input error: {other:?}"
        ))),
    }
}

fn page_property(spec: PageSpec) -> Result<(), TestCaseError> {
    let text = render_page(&spec);
    let path = Path::new("fuzz/v3/page.api.mdx");
    let opts = ReadOptions { max_inflated: 4096 };
    let first = mdx::parse_api_page(path, &text, &opts);
    let again = mdx::parse_api_page(path, &text, &opts);
    prop_assert_eq!(
        format!("{first:?}"),
        format!("{again:?}"),
        "not deterministic"
    );
    match first {
        Ok(page) => {
            prop_assert!(page.api.is_object());
            prop_assert!(page.api_line >= 1);
        }
        Err(e) => check_page_error(&e, path, &text)?,
    }
    // The tag-page reader shares the front matter scanner.
    if let Err(e) = mdx::parse_tag_page(path, &text) {
        check_page_error(&e, path, &text)?;
    }
    Ok(())
}

fn decode_property(value: ApiValue) -> Result<(), TestCaseError> {
    let text = render_api(&value);
    match mdx::decode_api_value(&text, 4096) {
        Ok(v) => prop_assert!(v.is_object()),
        Err(m) => prop_assert!(!m.trim().is_empty()),
    }
    Ok(())
}

#[test]
fn fuzz_front_matter() {
    run("front matter", page_spec(), false, 400, page_property);
    run("api: decoding", api_value(), false, 400, decode_property);
}

#[test]
#[ignore = "long fuzz run: FUZZ_SECONDS=600 cargo test --release --test fuzz -- --ignored"]
fn fuzz_front_matter_long() {
    long_mode_budget_note();
    run("front matter", page_spec(), true, 0, page_property);
}

// ---------------------------------------------------------------------------------------
// (b) Schema lowering and emission

/// An arbitrary JSON schema, shaped like the inlined schemas of real pages and worse.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        12 => proptest::sample::select(&["string", "integer", "number", "boolean", "object", "array"][..])
            .prop_map(|t| json!({ "type": t })),
        1 => proptest::sample::select(&["null", "int", "file", ""][..])
            .prop_map(|t| json!({ "type": t })),
        4 => (proptest::sample::select(&["date-time", "uuid", "UUID", "int64", "int32",
            "binary", "byte", "float", "comma-separated", ""][..]),
            proptest::sample::select(&["string", "integer", "number"][..]))
            .prop_map(|(f, t)| json!({ "type": t, "format": f })),
        6 => proptest::collection::vec(
            prop_oneof![8 => nasty_text().prop_map(Value::String), 1 => Just(Value::Null),
                1 => any::<i32>().prop_map(|n| json!(n)), 1 => any::<bool>().prop_map(Value::Bool)],
            0..6,
        )
        .prop_map(|values| json!({ "type": "string", "enum": values, "nullable": true })),
        2 => Just(json!({})),
        1 => prop_oneof![
            nasty_text().prop_map(|t| Value::String(format!("circular({t})"))),
            Just(json!("circular()")),
            Just(json!(true)),
            small_json(),
        ],
        2 => Just(json!({ "type": ["string", "null"] })),
        2 => nasty_text().prop_map(|c| json!({ "const": c })),
    ];
    leaf.prop_recursive(6, 48, 6, |inner| {
        let props = proptest::collection::vec((nasty_text(), inner.clone()), 0..6);
        prop_oneof![
            3 => (
                props,
                proptest::option::of(nasty_text()),
                proptest::option::of(nasty_text()),
                proptest::collection::vec(nasty_text(), 0..3),
                any::<bool>(),
                prop_oneof![Just(None), Just(Some(json!(true))), Just(Some(json!(false))),
                    inner.clone().prop_map(Some)],
            )
                .prop_map(|(props, title, description, required, nullable, extra)| {
                    let mut s = Map::new();
                    s.insert("type".into(), json!("object"));
                    let props: Map<String, Value> = props.into_iter().collect();
                    s.insert("properties".into(), Value::Object(props));
                    if let Some(t) = title {
                        s.insert("title".into(), json!(t));
                    }
                    if let Some(d) = description {
                        s.insert("description".into(), json!(d));
                    }
                    s.insert("required".into(), json!(required));
                    if nullable {
                        s.insert("nullable".into(), json!(true));
                    }
                    if let Some(extra) = extra {
                        s.insert("additionalProperties".into(), extra);
                    }
                    Value::Object(s)
                }),
            2 => (inner.clone(), proptest::option::of(nasty_text()))
                .prop_map(|(items, title)| {
                    let mut s = json!({ "type": "array", "items": items });
                    if let Some(t) = title {
                        s["title"] = json!(t);
                    }
                    s
                }),
            2 => (
                proptest::sample::select(&["allOf", "oneOf", "anyOf"][..]),
                proptest::collection::vec(inner.clone(), 0..4),
                proptest::option::of(nasty_text()),
                proptest::option::of(nasty_text()),
            )
                .prop_map(|(kw, members, title, discriminator)| {
                    // allOf merges objects: wrap other members in one, mostly.
                    let members: Vec<Value> = if kw == "allOf" {
                        members
                            .into_iter()
                            .enumerate()
                            .map(|(i, m)| {
                                if m.get("properties").is_some() || i == 3 {
                                    m
                                } else {
                                    json!({ "type": "object", "properties": { format!("m{i}"): m } })
                                }
                            })
                            .collect()
                    } else {
                        members
                    };
                    let mut s = Map::new();
                    if let Some(t) = title {
                        s.insert("title".into(), json!(t));
                    }
                    if let Some(d) = discriminator {
                        let mapping: Map<String, Value> = members
                            .iter()
                            .enumerate()
                            .map(|(i, m)| (format!("{d}{i}"), m.clone()))
                            .collect();
                        s.insert(
                            "discriminator".into(),
                            json!({ "propertyName": d, "mapping": mapping }),
                        );
                    }
                    s.insert(kw.into(), Value::Array(members));
                    Value::Object(s)
                }),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| {
                json!({ "allOf": [a, { "oneOf": [b] }], "properties": { "x": { "type": "string" } } })
            }),
            1 => (inner, small_json()).prop_map(|(s, junk)| {
                let mut s = s;
                if let (Value::Object(map), Value::Object(junk)) = (&mut s, junk) {
                    for (k, v) in junk {
                        map.insert(k, v);
                    }
                }
                s
            }),
        ]
    })
}

/// One operation page around arbitrary schemas.
fn operation() -> impl Strategy<Value = Value> {
    (
        proptest::option::weighted(0.97, nasty_text()),
        prop_oneof![
            20 => proptest::sample::select(&["get", "post", "put", "delete", "patch"][..]),
            1 => proptest::sample::select(&["event", "GET", ""][..]),
        ],
        prop_oneof![
            Just("/items/{id}".to_owned()),
            nasty_text().prop_map(|t| format!("/{t}")),
            nasty_text(),
        ],
        proptest::collection::vec(nasty_text(), 0..3),
        proptest::collection::vec(
            (
                nasty_text(),
                prop_oneof![
                    20 => proptest::sample::select(&["path", "query", "header", "cookie"][..]),
                    1 => proptest::sample::select(&["body", ""][..]),
                ],
                schema(),
            ),
            0..4,
        ),
        proptest::option::of(schema()),
        proptest::collection::vec(
            (
                proptest::sample::select(&["200", "201", "204", "4XX", "default", "404", "x"][..]),
                proptest::sample::select(
                    &["application/json", "*/*", "text/csv", "application/octet-stream"][..],
                ),
                schema(),
            ),
            0..3,
        ),
        proptest::option::of(nasty_text()),
    )
        .prop_map(
            |(id, method, path, tags, params, body, responses, description)| {
                let mut op = Map::new();
                if let Some(id) = id {
                    op.insert("operationId".into(), json!(id));
                }
                op.insert("method".into(), json!(method));
                if let Some(d) = &description {
                    op.insert("info".into(), json!({ "title": d, "version": d }));
                }
                op.insert("path".into(), json!(path));
                op.insert("tags".into(), json!(tags));
                if let Some(d) = description {
                    op.insert("description".into(), json!(d));
                }
                let params: Vec<Value> = params
                    .into_iter()
                    .map(|(name, loc, schema)| {
                        json!({ "name": name, "in": loc, "required": loc == "path", "schema": schema })
                    })
                    .collect();
                op.insert("parameters".into(), Value::Array(params));
                if let Some(body) = body {
                    op.insert(
                        "requestBody".into(),
                        json!({ "content": { "application/json": { "schema": body } } }),
                    );
                }
                let mut rs = Map::new();
                for (status, media, schema) in responses {
                    rs.insert(
                        status.into(),
                        json!({ "description": "r", "content": { media: { "schema": schema } } }),
                    );
                }
                op.insert("responses".into(), Value::Object(rs));
                Value::Object(op)
            },
        )
}

fn api_pages(ops: &[(Option<String>, Value)]) -> ApiPages {
    let dir = PathBuf::from("fuzz/v3");
    let pages = ops
        .iter()
        .enumerate()
        .map(|(i, (id, api))| Page {
            path: dir.join(format!("p{i}.api.mdx")),
            id: id.clone(),
            info_path: None,
            api_line: 3,
            api: api.clone(),
        })
        .collect();
    ApiPages {
        module: "v3".into(),
        dir,
        pages,
        tags: Vec::new(),
        warnings: Vec::new(),
    }
}

/// A generated path stays inside the output folder and is safe on every OS.
fn check_path(path: &Path) -> Result<(), TestCaseError> {
    prop_assert!(path.is_relative(), "absolute path {}", path.display());
    for c in path.components() {
        let Component::Normal(part) = c else {
            return Err(TestCaseError::fail(format!(
                "path {} leaves the folder",
                path.display()
            )));
        };
        let part = part.to_str().expect("generated names are UTF-8");
        prop_assert!(part.len() <= 80, "component too long: {}", part);
        prop_assert!(
            part.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-'),
            "unsafe file name {:?}",
            part
        );
        let stem = part
            .split('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let device = ["con", "prn", "aux", "nul"].contains(&stem.as_str())
            || ((stem.starts_with("com") || stem.starts_with("lpt"))
                && stem.len() == 4
                && stem.as_bytes()[3].is_ascii_digit());
        prop_assert!(!device, "Windows device name {:?}", part);
    }
    Ok(())
}

/// How many fuzzed operation sets lowered and emitted, against all tried: a
/// generator that only ever produces rejected input would test little.
static EMITTED: AtomicUsize = AtomicUsize::new(0);
static TRIED: AtomicUsize = AtomicUsize::new(0);

fn lower_property(ops: Vec<(Option<String>, Value)>) -> Result<(), TestCaseError> {
    TRIED.fetch_add(1, Ordering::Relaxed);
    keep_going_property(&ops)?;
    let input = api_pages(&ops);
    let paths: Vec<PathBuf> = input.pages.iter().map(|p| p.path.clone()).collect();
    let lowered = mdx_codegen::lower::lower_api(&input);
    let apis = match lowered {
        Ok(api) => vec![api],
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            if std::env::var_os("FUZZ_SHOW").is_some() {
                eprintln!("REJECT {}", errors[0]);
            }
            for e in &errors {
                let Error::Input { location, message } = e else {
                    return Err(TestCaseError::fail(format!("not an input error: {e:?}")));
                };
                prop_assert!(!message.trim().is_empty());
                prop_assert!(
                    paths.contains(&location.file) || location.file == input.dir,
                    "error names no page: {}",
                    e
                );
                if location.file != input.dir {
                    prop_assert!(location.line.is_some(), "no line: {}", e);
                }
            }
            return Ok(());
        }
    };
    let opts = EmitOptions {
        crate_name: "fuzz-client".into(),
        command: "mdx-codegen generate fuzz".into(),
        layout: Layout::Crate,
    };
    let generated = match mdx_codegen::emit::emit_crate(&apis, &opts) {
        Ok(g) => g,
        Err(e) => return Err(TestCaseError::fail(format!("emit failed: {e}"))),
    };
    for (path, text) in &generated.files {
        check_path(path)?;
        // rustc denies bidirectional controls in comments; a bare CR ends a doc comment.
        let bad = text
            .chars()
            .find(|c| matches!(c, '\r' | '\0' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'));
        prop_assert!(bad.is_none(), "{} holds {:?}", path.display(), bad);
        if path.extension().is_some_and(|e| e == "rs") {
            if let Err(e) = syn::parse_file(text) {
                return Err(TestCaseError::fail(format!(
                    "{} does not parse: {e}\n{text}",
                    path.display()
                )));
            }
        }
    }
    // Deterministic: the same input gives the same files.
    let again = mdx_codegen::lower::lower_api(&input)
        .map_err(|_| TestCaseError::fail("second lowering failed"))?;
    let again = mdx_codegen::emit::emit_crate(&[again], &opts)
        .map_err(|e| TestCaseError::fail(format!("second emit failed: {e}")))?;
    prop_assert!(again.files == generated.files, "not deterministic");
    EMITTED.fetch_add(1, Ordering::Relaxed);
    Ok(())
}

/// The same operations as pages on disk, through the keep-going reader: no panic,
/// every problem located at one of the pages (or their folder), and something built
/// when nothing is reported.
fn keep_going_property(ops: &[(Option<String>, Value)]) -> Result<(), TestCaseError> {
    let dir = std::env::temp_dir().join(format!(
        "mdx-codegen-fuzz-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let docs = dir.join("v3");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&docs).expect("temp folder");
    let mut paths = Vec::new();
    for (i, (id, api)) in ops.iter().enumerate() {
        let path = docs.join(format!("p{i}.api.mdx"));
        let id = id
            .as_ref()
            .map(|id| format!("id: {}\n", serde_json::to_string(id).expect("string")))
            .unwrap_or_default();
        std::fs::write(&path, format!("---\n{id}api: {api}\n---\n")).expect("temp page");
        paths.push(path);
    }
    let result =
        mdx_codegen::build_ir_partial(std::slice::from_ref(&docs), &ReadOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    let (apis, problems) = result.map_err(|e| TestCaseError::fail(format!("failed: {e}")))?;
    for e in &problems {
        let Error::Input { location, .. } = e else {
            return Err(TestCaseError::fail(format!("not an input error: {e:?}")));
        };
        prop_assert!(
            paths.contains(&location.file) || location.file == docs,
            "error names no page: {}",
            e
        );
    }
    prop_assert!(apis.len() <= 1);
    if problems.is_empty() {
        prop_assert_eq!(apis.len(), 1, "nothing built and nothing reported");
    }
    Ok(())
}

fn operations() -> impl Strategy<Value = Vec<(Option<String>, Value)>> {
    proptest::collection::vec(
        (proptest::option::weighted(0.9, nasty_text()), operation()),
        1..4,
    )
}

#[test]
fn fuzz_lowering() {
    run("lowering", operations(), false, 96, lower_property);
    let (emitted, tried) = (
        EMITTED.load(Ordering::Relaxed),
        TRIED.load(Ordering::Relaxed),
    );
    eprintln!("lowering: {emitted} of {tried} cases lowered and emitted");
    assert!(
        emitted * 5 >= tried,
        "too few cases get past lowering: {emitted} of {tried}"
    );
}

#[test]
#[ignore = "long fuzz run: FUZZ_SECONDS=600 cargo test --release --test fuzz -- --ignored"]
fn fuzz_lowering_long() {
    long_mode_budget_note();
    run("lowering", operations(), true, 0, lower_property);
    let (emitted, tried) = (
        EMITTED.load(Ordering::Relaxed),
        TRIED.load(Ordering::Relaxed),
    );
    let _ = writeln!(
        std::io::stderr(),
        "lowering: {emitted} of {tried} cases lowered and emitted"
    );
}

// ---------------------------------------------------------------------------------------
// (c) Identifiers and file names

fn check_ident(name: &str, what: &str, raw: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        syn::parse_str::<syn::Ident>(name).is_ok(),
        "{} of {:?} is not an identifier: {:?}",
        what,
        raw,
        name
    );
    prop_assert!(
        !name.starts_with("r#"),
        "{} of {:?} is raw: {:?}",
        what,
        raw,
        name
    );
    prop_assert!(
        !ident::is_keyword(name),
        "{} of {:?} is a keyword",
        what,
        raw
    );
    // `ident` accepts everything the module hands out.
    let made = std::panic::catch_unwind(|| ident::ident(name).to_string());
    prop_assert!(made.is_ok(), "ident() panicked on {:?}", name);
    Ok(())
}

/// One of the `ident` naming functions.
type Namer = fn(&str) -> String;

fn ident_property(raws: Vec<String>) -> Result<(), TestCaseError> {
    let cases: [(&str, Namer); 6] = [
        ("type_name", ident::type_name),
        ("variant_name", ident::variant_name),
        ("field_name", ident::field_name),
        ("method_name", ident::method_name),
        ("module_name", ident::module_name),
        ("const_name", ident::const_name),
    ];
    let mut spaces: BTreeMap<&str, (Namespace, Vec<String>)> = BTreeMap::new();
    for raw in &raws {
        for (what, f) in cases {
            let name = f(raw);
            check_ident(&name, what, raw)?;
            prop_assert_eq!(&name, &f(raw), "{} not deterministic", what);
            let (ns, claimed) = spaces.entry(what).or_default();
            let got = ns.claim(name);
            check_ident(&got, what, raw)?;
            prop_assert!(
                !claimed.contains(&got),
                "{} handed out {:?} twice",
                what,
                got
            );
            if what == "module_name" {
                check_path(Path::new(&format!("{got}.rs")))?;
                prop_assert!(got.chars().count() <= 64, "module name too long: {:?}", got);
                let first = got.chars().next().unwrap_or('0');
                prop_assert!(first.is_ascii_lowercase() || first == '_');
                prop_assert!(
                    got.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "module name {:?}",
                    got
                );
            }
            claimed.push(got);
        }
    }
    Ok(())
}

fn raw_names() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        prop_oneof![
            3 => nasty_text(),
            1 => any::<String>(),
            1 => Just("x".repeat(300)),
        ],
        1..12,
    )
}

#[test]
fn fuzz_identifiers() {
    run("identifiers", raw_names(), false, 600, ident_property);
}

#[test]
#[ignore = "long fuzz run: FUZZ_SECONDS=600 cargo test --release --test fuzz -- --ignored"]
fn fuzz_identifiers_long() {
    long_mode_budget_note();
    run("identifiers", raw_names(), true, 0, ident_property);
}
