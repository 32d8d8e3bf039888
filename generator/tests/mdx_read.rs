//! Reading `*.api.mdx` / `*.tag.mdx` pages: the real corpora, the web-view seeds, and every
//! error the reader reports.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use flate2::write::ZlibEncoder;
use flate2::{Compress, Compression, FlushCompress};
use mdx_codegen::error::{Error, Location};
use mdx_codegen::mdx::{
    decode_api_value, parse_api_page, parse_api_page_with_warnings, parse_tag_page,
    parse_tag_page_with_warnings, read_api_page, read_api_page_with_warnings, read_tag_page,
    read_tag_page_with_warnings, ReadOptions, DEFAULT_MAX_INFLATED,
};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared");
const MIB: usize = 1024 * 1024;

fn shared(rel: &str) -> PathBuf {
    Path::new(SHARED).join(rel)
}

fn collect(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            collect(&path, suffix, out);
        } else if path.to_string_lossy().ends_with(suffix) {
            out.push(path);
        }
    }
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).expect("compress");
    enc.finish().expect("compress")
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A zlib stream inflating to `mib` MiB of zeros, built in milliseconds: compress one MiB,
/// then a second MiB with a sync flush (byte-aligned, only back-references into zeros), and
/// repeat that second chunk. The Adler-32 of `n` zeros is `(n mod 65521) << 16 | 1`.
fn zeros_zlib(mib: usize) -> Vec<u8> {
    assert!(mib >= 1);
    let chunk = vec![0u8; MIB];
    let mut c = Compress::new(Compression::best(), false);
    let sync_chunk = |c: &mut Compress| {
        let mut out = Vec::with_capacity(MIB);
        let before = c.total_in();
        c.compress_vec(&chunk, &mut out, FlushCompress::Sync)
            .expect("compress");
        assert_eq!(c.total_in() - before, MIB as u64, "whole chunk consumed");
        out
    };
    let first = sync_chunk(&mut c);
    let next = sync_chunk(&mut c);
    let mut out = vec![0x78, 0xda];
    out.extend_from_slice(&first);
    for _ in 1..mib {
        out.extend_from_slice(&next);
    }
    // Final empty stored block, then the Adler-32 trailer.
    out.extend_from_slice(&[0x01, 0x00, 0x00, 0xff, 0xff]);
    let adler = (((mib * MIB) % 65521) as u32) << 16 | 1;
    out.extend_from_slice(&adler.to_be_bytes());
    out
}

/// A page with two chrome lines, so the `api:` line is line 6.
fn page(api_value: &str) -> String {
    format!(
        "chrome\n\n---\nid: op-x\nsidebar_label: X\napi: {api_value}\nhide_title: true\n---\n\nbody\n"
    )
}
const API_LINE: usize = 6;

fn input_error(result: mdx_codegen::Result<impl std::fmt::Debug>) -> (Location, String) {
    match result {
        Err(Error::Input { location, message }) => (location, message),
        other => panic!("expected an input error, got {other:?}"),
    }
}

/// Parses `page(api_value)` and returns the error message, checking its location.
fn api_error(api_value: &str, opts: &ReadOptions) -> String {
    let path = Path::new("mem/op-x.api.mdx");
    let (location, message) = input_error(parse_api_page(path, &page(api_value), opts));
    assert_eq!(location.file, path, "{message}");
    assert_eq!(location.line, Some(API_LINE), "{message}");
    assert_eq!(location.operation.as_deref(), Some("op-x"), "{message}");
    message
}

fn assert_contains(message: &str, needle: &str) {
    assert!(
        message.contains(needle),
        "message {message:?} lacks {needle:?}"
    );
}

// --- corpora -------------------------------------------------------------------------------

#[test]
fn every_corpus_page_decodes_to_an_operation() {
    shared_or_return!("decoding every page of the shared corpus");
    let mut pages = Vec::new();
    collect(&shared("corpus"), ".api.mdx", &mut pages);
    pages.sort();
    assert_eq!(pages.len(), 4294, "pages in ../shared/corpus");
    let opts = ReadOptions::default();
    let mut failures = Vec::new();
    let (mut json, mut compressed) = (0, 0);
    for path in &pages {
        match read_api_page_with_warnings(path, &opts) {
            Ok((page, warnings)) => {
                // Real front matter is valid YAML: the library reads every key.
                failures.extend(warnings.iter().map(ToString::to_string));
                let ok = page.api.get("method").is_some_and(|m| m.is_string())
                    && page.id.is_some()
                    && page.info_path.is_some()
                    && page.api_line > 1
                    && page.path == *path;
                if !ok {
                    failures.push(format!("{}: incomplete page", path.display()));
                }
                if path.to_string_lossy().contains("sailpoint-2022") {
                    json += 1;
                } else {
                    compressed += 1;
                }
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!((json, compressed), (525, 3769));
}

#[test]
fn seeds_parse_despite_web_view_chrome() {
    shared_or_return!("reading the seeds as delivered");
    let expected = [
        (
            "000_2fa9a45eefc58fa7.txt",
            "list-personal-access-tokens",
            "listPersonalAccessTokens",
            14,
        ),
        (
            "001_0a3d361564d21182.txt",
            "create-personal-access-token",
            "createPersonalAccessToken",
            25,
        ),
        (
            "002_e2f7d63325201a7e.txt",
            "get-historical-identity",
            "getHistoricalIdentity",
            14,
        ),
        (
            "003_4d95bbfd7085a150.txt",
            "create-access-request",
            "createAccessRequest",
            14,
        ),
        (
            "004_9b9e9aabbf71dba8.txt",
            "generate-identity-preview",
            "generateIdentityPreview",
            14,
        ),
    ];
    let mut seeds = Vec::new();
    collect(&shared("seeds"), ".txt", &mut seeds);
    assert_eq!(seeds.len(), expected.len());
    for (file, id, operation_id, api_line) in expected {
        let path = shared(&format!("seeds/{file}"));
        let page =
            read_api_page(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(page.id.as_deref(), Some(id), "{file}");
        assert_eq!(page.api_line, api_line, "{file}");
        assert_eq!(page.api["operationId"], operation_id, "{file}");
        assert!(page.api["method"].is_string(), "{file}");
        assert!(page.info_path.is_some(), "{file}");
    }
}

#[test]
fn tag_pages_from_both_corpora() {
    shared_or_return!("reading the corpus tag pages");
    let path = shared("corpus/sailpoint-2024/v3/access-profiles.tag.mdx");
    let tag = read_tag_page(&path).expect("tag page");
    assert_eq!(tag.id.as_deref(), Some("access-profiles"));
    assert_eq!(tag.title.as_deref(), Some("Access Profiles"));
    assert_eq!(tag.description.as_deref(), Some("Access Profiles"));
    assert!(tag.body.starts_with("Use this API"), "{:?}", &tag.body);
    assert!(!tag.body.ends_with(char::is_whitespace));

    // 2022 trees write titles unquoted.
    let path = shared("corpus/sailpoint-2022/v3/access-request-approvals.tag.mdx");
    let text = std::fs::read_to_string(&path).expect("read");
    let tag = parse_tag_page(&path, &text).expect("tag page");
    assert_eq!(tag.title.as_deref(), Some("Access Request Approvals"));
    assert!(tag.body.starts_with("Use this API"), "{:?}", &tag.body);

    let mut tags = Vec::new();
    collect(&shared("corpus"), ".tag.mdx", &mut tags);
    assert!(tags.len() > 100);
    for path in tags {
        let tag = read_tag_page(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(tag.title.is_some_and(|t| !t.is_empty() && !t.contains('"')));
    }
}

// --- robustness ------------------------------------------------------------------------------

#[test]
fn bom_crlf_pipes_and_quoted_scalars() {
    let json = r#"{"method":"get","path":"/x"}"#;
    let text = format!(
        "\u{feff}chrome line\r\n|\r\n---\r\n|\r\n  |  \r\nid: \"q\\\"id\"\r\n|\r\n\
         info_path: 'it''s'\r\n|\r\napi: {}\r\n  |  \r\n---\r\n|\r\nbody\r\n",
        b64(&zlib(json.as_bytes()))
    );
    let page =
        parse_api_page(Path::new("p.api.mdx"), &text, &ReadOptions::default()).expect("page");
    assert_eq!(page.id.as_deref(), Some("q\"id"));
    assert_eq!(page.info_path.as_deref(), Some("it's"));
    assert_eq!(page.api_line, 10);
    assert_eq!(page.api["path"], "/x");
}

#[test]
fn multi_line_quoted_value_does_not_hide_later_keys() {
    // As in sailpoint-2024/v3/put-saved-search.api.mdx: a quoted URL runs onto the next line.
    let text =
        "---\nid: a\ncustom_edit_url: \"https://x/?title=Bug\n' (a)\"\napi: {\"method\":\"put\"}\n\
                ---\n";
    let page = parse_api_page(Path::new("p"), text, &ReadOptions::default()).expect("page");
    assert_eq!(page.api_line, 5);

    let text = "---\ntitle: \"first\n\n  second \\\n  third\"\ndescription: >-\n  one\n  two\n\n  three\n---\n\nBody\n";
    let tag = parse_tag_page(Path::new("t"), text).expect("tag");
    assert_eq!(tag.title.as_deref(), Some("first\nsecond third"));
    assert_eq!(tag.description.as_deref(), Some("one two\nthree"));
    assert_eq!(tag.body, "Body");
}

#[test]
fn tag_page_with_web_view_pipes_drops_them_from_the_body() {
    let text = "x\n---\n|\ntitle: T # comment\n|\n---\n|\n\n|\nLine one\n|\nLine two\r\n|\n";
    let tag = parse_tag_page(Path::new("t"), text).expect("tag");
    assert_eq!(tag.title.as_deref(), Some("T"));
    assert_eq!(tag.body, "Line one\nLine two");
}

#[test]
fn decode_tolerates_missing_padding_and_whitespace() {
    let json = br#"{"method":"post"}"#;
    let mut encoded = b64(&zlib(json));
    assert!(
        encoded.ends_with('='),
        "test needs a padded value: {encoded}"
    );
    while encoded.ends_with('=') {
        encoded.pop();
    }
    let value = decode_api_value(&format!("  {encoded}\t"), MIB).expect("decode");
    assert_eq!(value["method"], "post");
    let value = decode_api_value(r#" {"method":"get"} "#, MIB).expect("decode");
    assert_eq!(value["method"], "get");
}

// --- errors ------------------------------------------------------------------------------------

#[test]
fn no_front_matter() {
    let path = Path::new("mem/none.api.mdx");
    let (loc, msg) = input_error(parse_api_page(
        path,
        "just text\nno delimiters here\n",
        &ReadOptions::default(),
    ));
    assert_eq!((loc.file.as_path(), loc.line), (path, Some(1)));
    assert_eq!(
        msg,
        "no front matter: the file has no `---` line to open it"
    );

    let (loc, msg) = input_error(parse_tag_page(path, ""));
    assert_eq!(
        (loc.line, msg.as_str()),
        (Some(1), "no front matter: the file is empty")
    );
}

#[test]
fn unclosed_front_matter() {
    let (loc, msg) = input_error(parse_api_page(
        Path::new("p"),
        "chrome\n|\n---\nid: a\napi: {}\n",
        &ReadOptions::default(),
    ));
    assert_eq!(loc.line, Some(3));
    assert_eq!(
        msg,
        "front matter opened by `---` at line 3 is never closed: there is no second `---` line"
    );
}

#[test]
fn front_matter_without_api() {
    let (loc, msg) = input_error(parse_api_page(
        Path::new("p"),
        "Files\n\n---\nid: a\ntitle: b\n---\napi: {}\n",
        &ReadOptions::default(),
    ));
    assert_eq!(loc.line, Some(3));
    assert_eq!(msg, "front matter (lines 3-6) has no `api:` key");
}

#[test]
fn duplicate_and_multi_line_api() {
    let text = "---\nid: a\napi: {}\napi: {}\n---\n";
    let (loc, msg) = input_error(parse_api_page(
        Path::new("p"),
        text,
        &ReadOptions::default(),
    ));
    assert_eq!(loc.line, Some(4));
    assert_eq!(msg, "front matter has `api:` twice (lines 3 and 4)");

    let text = "---\nid: a\napi: eJzz\n  SM3J\n---\n";
    let (loc, msg) = input_error(parse_api_page(
        Path::new("p"),
        text,
        &ReadOptions::default(),
    ));
    assert_eq!(loc.line, Some(3));
    assert_contains(&msg, "continues on the following line(s)");

    let text = "---\nid: a\napi: |\n---\n";
    let (loc, msg) = input_error(parse_api_page(
        Path::new("p"),
        text,
        &ReadOptions::default(),
    ));
    assert_eq!(loc.line, Some(3));
    assert_contains(&msg, "the value must be on the `api:` line");
}

#[test]
fn empty_api() {
    assert_eq!(api_error("", &ReadOptions::default()), "api: is empty");
}

#[test]
fn truncated_base64() {
    let encoded = b64(&zlib(br#"{"method":"get","path":"/a/b/c"}"#));
    // Cut to a length of 4n + 1: one dangling symbol.
    let cut = (encoded.len() - 2) / 4 * 4 + 1;
    let msg = api_error(&encoded[..cut], &ReadOptions::default());
    assert_contains(&msg, "api: base64 is truncated");
}

#[test]
fn invalid_base64_symbol() {
    let msg = api_error("eJzz*SM3J", &ReadOptions::default());
    assert_eq!(
        msg,
        "api: base64 is invalid: `*` at offset 4 is not in the standard base64 alphabet"
    );
}

#[test]
fn corrupt_zlib() {
    // A valid zlib header, then a deflate block of the reserved type 3.
    let msg = api_error(
        &b64(&[0x78, 0x9c, 0xff, 0xff, 0xff, 0xff]),
        &ReadOptions::default(),
    );
    assert_contains(&msg, "api: zlib stream is corrupt");

    // A flipped byte inside a real stream: either bad deflate data or a bad checksum.
    let mut stream = zlib(br#"{"method":"get","path":"/a/b/c","tags":["x"]}"#);
    let last = stream.len() - 1;
    stream[last] ^= 0x55;
    let msg = api_error(&b64(&stream), &ReadOptions::default());
    assert_contains(&msg, "api: zlib stream is corrupt");

    // Base64 of something that is not zlib at all (here: JSON).
    let msg = api_error(&b64(br#"{"a":1}"#), &ReadOptions::default());
    assert_eq!(
        msg,
        "api: base64 does not hold a zlib stream (it starts with bytes 0x7b 0x22; \
         a compressed api: value starts with `eJ`)"
    );
}

#[test]
fn truncated_zlib_stream() {
    let stream = zlib(br#"{"method":"get","path":"/a/b/c","tags":["x","y","z"]}"#);
    let msg = api_error(&b64(&stream[..stream.len() - 6]), &ReadOptions::default());
    assert_eq!(
        msg,
        "api: zlib stream is truncated: the data ends before the compressed stream does"
    );
}

#[test]
fn trailing_data_after_zlib_stream() {
    let mut stream = zlib(br#"{"method":"get"}"#);
    stream.extend_from_slice(b"xyz");
    let msg = api_error(&b64(&stream), &ReadOptions::default());
    assert_eq!(
        msg,
        "api: zlib stream is followed by 3 byte(s) of trailing data"
    );
}

#[test]
fn zeros_helper_builds_a_valid_stream() {
    let mut out = Vec::new();
    let stream = zeros_zlib(3);
    let mut dec = flate2::read::ZlibDecoder::new(&stream[..]);
    std::io::Read::read_to_end(&mut dec, &mut out).expect("valid stream");
    assert_eq!(out.len(), 3 * MIB);
    assert!(out.iter().all(|&b| b == 0));
}

#[test]
fn zlib_bomb_is_refused_at_a_small_cap() {
    let bomb = zeros_zlib(200);
    assert!(bomb.len() < 2 * MIB, "bomb is {} bytes", bomb.len());
    let opts = ReadOptions { max_inflated: MIB };
    let msg = api_error(&b64(&bomb), &opts);
    assert_eq!(msg, "inflated api: exceeds the 1 MiB cap");
}

#[test]
fn default_cap_refuses_just_over_64_mib() {
    assert_eq!(ReadOptions::default().max_inflated, DEFAULT_MAX_INFLATED);
    assert_eq!(DEFAULT_MAX_INFLATED, 64 * MIB);
    let msg = api_error(&b64(&zeros_zlib(65)), &ReadOptions::default());
    assert_eq!(msg, "inflated api: exceeds the 64 MiB cap");
}

#[test]
fn cap_is_inclusive() {
    let json = br#"{"method":"get","path":"/exactly"}"#;
    let encoded = b64(&zlib(json));
    let at = ReadOptions {
        max_inflated: json.len(),
    };
    parse_api_page(Path::new("p"), &page(&encoded), &at).expect("exactly at the cap");
    let below = ReadOptions {
        max_inflated: json.len() - 1,
    };
    let msg = api_error(&encoded, &below);
    assert_eq!(
        msg,
        format!("inflated api: exceeds the {} bytes cap", json.len() - 1)
    );
}

#[test]
fn invalid_json() {
    let msg = api_error(r#"{"method":"get",}"#, &ReadOptions::default());
    assert_eq!(
        msg,
        "api: is not valid JSON: trailing comma at line 1 column 17"
    );

    let msg = api_error(&b64(&zlib(br#"{"method": get}"#)), &ReadOptions::default());
    assert_eq!(
        msg,
        "inflated api: is not valid JSON: expected value at line 1 column 12"
    );
}

#[test]
fn inflated_bytes_not_utf8() {
    let msg = api_error(
        &b64(&zlib(b"{\"method\":\"\xff\"}")),
        &ReadOptions::default(),
    );
    assert_eq!(
        msg,
        "inflated api: is not valid UTF-8: invalid utf-8 sequence of 1 bytes from index 11"
    );
}

#[test]
fn api_that_is_not_an_object() {
    let opts = ReadOptions::default();
    assert_eq!(
        api_error("[1,2]", &opts),
        "api: is not an object (found array)"
    );
    assert_eq!(
        api_error("null", &opts),
        "api: is not an object (found null)"
    );
    assert_eq!(
        api_error("42", &opts),
        "api: is not an object (found number)"
    );
    assert_eq!(
        api_error(&b64(&zlib(b"\"text\"")), &opts),
        "api: is not an object (found string)"
    );
    assert_eq!(
        decode_api_value("true", MIB).unwrap_err(),
        "api: is not an object (found boolean)"
    );
}

// --- front matter through the YAML library ------------------------------------------------

/// Parses an api page that must yield, returning it with its warnings.
fn degraded(text: &str) -> (mdx_codegen::mdx::Page, Vec<mdx_codegen::mdx::Warning>) {
    parse_api_page_with_warnings(Path::new("mem/p.api.mdx"), text, &ReadOptions::default())
        .unwrap_or_else(|e| panic!("page should still be read: {e}"))
}

#[test]
fn unterminated_quoted_id_degrades_to_a_warning() {
    // The quote hides the `api:` line; the reader looks again without quote tracking,
    // finds the sound `api:` line, and reports the broken quote as a warning.
    let text = "---\nid: \"never closed\napi: {\"method\":\"get\"}\n---\n";
    let (page, warnings) = degraded(text);
    assert_eq!((page.id, page.api_line), (None, 3));
    assert_eq!(page.api["method"], "get");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!(w.location.file, Path::new("mem/p.api.mdx"));
    assert!(matches!(w.location.line, Some(2..=4)), "{w}");
    assert_contains(&w.message, "front matter (lines 1-4) is not valid YAML: ");
    assert_contains(
        &w.message,
        "its keys other than `api:` (id, title, info_path, …)",
    );
    // The plain reader drops the warning and keeps the page.
    let page = parse_api_page(Path::new("p"), text, &ReadOptions::default()).expect("page");
    assert_eq!(page.id, None);
}

#[test]
fn invalid_yaml_warning_names_the_file_line_through_chrome_and_pipes() {
    // Chrome before `---`, `|` lines after every line: the YAML library sees neither,
    // yet the warning names the line of the bad key in the file as delivered.
    let text = "chrome\n|\n---\n|\nid: op-x\n|\nsidebar_label: [unclosed\n|\n\
                api: {\"method\":\"get\"}\n|\n---\n|\nbody\n";
    let (page, warnings) = degraded(text);
    assert_eq!(page.api_line, 9);
    assert_eq!(page.id, None, "a rejected front matter yields no keys");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let line = warnings[0].location.line.expect("line");
    assert!((7..=11).contains(&line), "{}", warnings[0]);
    assert!(
        !warnings[0].message.contains('\n'),
        "one-line message: {:?}",
        warnings[0].message
    );
}

#[test]
fn duplicate_key_other_than_api_is_a_warning() {
    let text = "---\nid: a\nid: b\napi: {\"method\":\"get\"}\n---\n";
    let (page, warnings) = degraded(text);
    assert_eq!(page.id, None);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].location.line, Some(3), "{}", warnings[0]);
}

#[test]
fn yaml_scalars_read_as_text() {
    let text = "---\nid: 42\ninfo_path: 'docs/api/v3'\ndescription: ~\ntitle: true\n\
                hide_title: true\napi: {\"method\":\"get\"}\n---\n";
    let (page, warnings) = degraded(text);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(page.id.as_deref(), Some("42"));
    assert_eq!(page.info_path.as_deref(), Some("docs/api/v3"));
    let (tag, warnings) = parse_tag_page_with_warnings(Path::new("t"), text).expect("tag");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(tag.title.as_deref(), Some("true"));
    assert_eq!(tag.description, None);
}

#[test]
fn quoted_api_value_is_unquoted() {
    let json = r#"{"method":"get","path":"/q"}"#;
    let quoted = format!("\"{}\"", json.replace('"', "\\\""));
    let read = parse_api_page(Path::new("p"), &page(&quoted), &ReadOptions::default())
        .expect("double-quoted");
    assert_eq!(read.api["path"], "/q");
    let single = format!("'{}'", b64(&zlib(json.as_bytes())));
    let read = parse_api_page(Path::new("p"), &page(&single), &ReadOptions::default())
        .expect("single-quoted");
    assert_eq!(read.api["path"], "/q");
    let msg = api_error("\"never closed", &ReadOptions::default());
    assert_contains(&msg, "the value must be on the `api:` line");
}

#[test]
fn alias_bomb_in_front_matter_is_refused_fast() {
    // Billion laughs: ten levels of ten aliases each.
    let mut text =
        String::from("---\nid: op-x\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("api: {\"method\":\"get\"}\n---\n");
    let start = std::time::Instant::now();
    let (page, warnings) = degraded(&text);
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    assert_eq!(page.api["method"], "get");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        matches!(warnings[0].location.line, Some(1..=14)),
        "{}",
        warnings[0]
    );
}

#[test]
fn deep_nesting_in_front_matter_is_refused() {
    for (open, close) in [("[", "]"), ("{a: ", "}")] {
        let deep = format!("x: {}1{}", open.repeat(100_000), close.repeat(100_000));
        let text = format!("---\n{deep}\ntitle: T\napi: {{\"method\":\"get\"}}\n---\n");
        let (_, warnings) = degraded(&text);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].location.line, Some(2), "{}", warnings[0]);
    }
    let mut block = String::from("---\n");
    for depth in 0..200 {
        block.push_str(&format!("{}k{depth}:\n", "  ".repeat(depth)));
    }
    block.push_str("api: {\"method\":\"get\"}\n---\n");
    let (_, warnings) = degraded(&block);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}

#[test]
fn tag_page_with_invalid_yaml_keeps_its_body() {
    let path = Path::new("mem/t.tag.mdx");
    let text = "---\ntitle: \"Open\nid: x: y\n---\n\nBody text\n";
    let (tag, warnings) = parse_tag_page_with_warnings(path, text).expect("tag");
    assert_eq!(tag.title, None);
    assert_eq!(tag.body, "Body text");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].location.file, path);
    let shown = warnings[0].to_string();
    assert!(shown.starts_with("mem/t.tag.mdx:"), "{shown}");
}

#[test]
fn seeds_and_tag_pages_read_without_warnings() {
    shared_or_return!("reading the seeds and tag pages without warnings");
    let mut files = Vec::new();
    collect(&shared("seeds"), ".txt", &mut files);
    for path in &files {
        let (_, warnings) = read_api_page_with_warnings(path, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(warnings.is_empty(), "{warnings:?}");
    }
    let mut tags = Vec::new();
    collect(&shared("corpus"), ".tag.mdx", &mut tags);
    for path in &tags {
        let (_, warnings) = read_tag_page_with_warnings(path).unwrap_or_else(|e| panic!("{e}"));
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}

#[test]
fn non_utf8_file() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mdx_read");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let path = dir.join("latin1.api.mdx");
    std::fs::write(&path, b"---\nid: a\ntitle: caf\xe9\napi: {}\n---\n").expect("write");
    let (loc, msg) = input_error(read_api_page(&path, &ReadOptions::default()));
    assert_eq!((loc.file.as_path(), loc.line), (path.as_path(), Some(3)));
    assert_eq!(msg, "file is not valid UTF-8: byte 0xe9 at byte offset 20");

    let path = dir.join("utf16.tag.mdx");
    std::fs::write(&path, b"\xff\xfe-\0-\0-\0").expect("write");
    let (_, msg) = input_error(read_tag_page(&path));
    assert_contains(&msg, "UTF-16");
}

#[test]
fn missing_file_is_an_io_error() {
    let path = shared("corpus/no-such-page.api.mdx");
    match read_api_page(&path, &ReadOptions::default()) {
        Err(Error::Io { path: p, source }) => {
            assert_eq!(p, path);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
}
