//! Reading Docusaurus OpenAPI pages: find the YAML front matter of a `*.api.mdx` or
//! `*.tag.mdx` page and decode its `api:` value.
//!
//! The front matter is located robustly, because pages reach us in more shapes than the
//! plugin writes: web-view copies carry a few lines of page chrome before the first `---`
//! and may interleave lines holding only `|`; files may have a byte-order mark or CRLF line
//! endings. Line numbers in errors are always the real line numbers of the file as delivered.
//!
//! Only the handful of YAML keys the generator needs is interpreted (`id`, `title`,
//! `description`, `info_path`, `api`); there is no YAML dependency. Scalars may be plain,
//! `"double-quoted"` (with escapes), `'single-quoted'`, or `|`/`>` block scalars, and may span
//! several lines.
//!
//! The `api:` value is one line, either plain JSON or base64 of a zlib stream. Inflation is
//! capped ([`ReadOptions::max_inflated`]) so that a hostile page cannot exhaust memory.

use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::Value;

use crate::error::{Error, Location, Result};

/// Default cap on inflated `api:` size.
///
/// The largest operation in the SailPoint corpora inflates to about 130 KB; 64 MiB leaves
/// ample room for any real page while refusing zlib bombs.
pub const DEFAULT_MAX_INFLATED: usize = 64 * 1024 * 1024;

/// Options for reading `*.api.mdx` pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The largest number of bytes a compressed `api:` value may inflate to; one byte more is
    /// an error. Defaults to [`DEFAULT_MAX_INFLATED`].
    pub max_inflated: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_inflated: DEFAULT_MAX_INFLATED,
        }
    }
}

/// One operation page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The page's path, as given to the reader.
    pub path: PathBuf,
    /// The front-matter `id` (the page slug, e.g. `list-personal-access-tokens`).
    pub id: Option<String>,
    /// The front-matter `info_path`, naming the API's introduction page.
    pub info_path: Option<String>,
    /// 1-based line number of the `api:` line in the file as delivered.
    pub api_line: usize,
    /// The decoded operation JSON; always a JSON object.
    pub api: Value,
}

/// A tag page (`*.tag.mdx`): front-matter id/title/description and the markdown body after
/// the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPage {
    /// The page's path, as given to the reader.
    pub path: PathBuf,
    /// The front-matter `id`.
    pub id: Option<String>,
    /// The front-matter `title` (the tag's name).
    pub title: Option<String>,
    /// The front-matter `description`.
    pub description: Option<String>,
    /// The markdown after the front matter: line endings normalised to `\n`, leading blank
    /// lines and trailing whitespace removed, and, when the page carries the web-view `|`
    /// chrome lines, those lines removed too.
    pub body: String,
}

/// Parses an operation page held in memory.
///
/// `path` is used only for [`Page::path`] and error locations. Decode errors carry the
/// file, the `api:` line and, when the front matter has an `id`, that id as the operation.
pub fn parse_api_page(path: &Path, text: &str, opts: &ReadOptions) -> Result<Page> {
    let fm = FrontMatter::scan(path, text)?;
    let id = fm.string(path, "id")?;
    let info_path = fm.string(path, "info_path")?;
    let Some(entry) = fm.entry(path, "api")? else {
        return Err(Error::input(
            Location::file(path).at_line(fm.open_line),
            format!(
                "front matter (lines {}-{}) has no `api:` key",
                fm.open_line, fm.close_line
            ),
        ));
    };
    let location = || {
        let loc = Location::file(path).at_line(entry.line);
        match &id {
            Some(id) => loc.with_operation(id.clone()),
            None => loc,
        }
    };
    if entry.style() == Style::Block || entry.more.iter().any(|l| !l.trim().is_empty()) {
        return Err(Error::input(
            location(),
            "api: continues on the following line(s); the value must be on the `api:` line",
        ));
    }
    let decoded = match entry.style() {
        Style::Double | Style::Single => {
            let value = entry.resolve().map_err(|m| Error::input(location(), m))?;
            decode_api_value(&value, opts.max_inflated)
        }
        Style::Plain | Style::Block => decode_api_value(entry.first, opts.max_inflated),
    };
    let api = decoded.map_err(|m| Error::input(location(), m))?;
    Ok(Page {
        path: path.to_path_buf(),
        id,
        info_path,
        api_line: entry.line,
        api,
    })
}

/// Reads an operation page from disk and parses it with [`parse_api_page`].
///
/// A file that cannot be read is [`Error::Io`]; a file that is not UTF-8 is an
/// [`Error::Input`] naming the line of the first bad byte.
pub fn read_api_page(path: &Path, opts: &ReadOptions) -> Result<Page> {
    let text = read_utf8(path)?;
    parse_api_page(path, &text, opts)
}

/// Parses a tag page held in memory.
///
/// The front matter must be present; `id`, `title` and `description` are optional.
pub fn parse_tag_page(path: &Path, text: &str) -> Result<TagPage> {
    let fm = FrontMatter::scan(path, text)?;
    let body = fm.rest.get(fm.body_start..).unwrap_or("");
    Ok(TagPage {
        path: path.to_path_buf(),
        id: fm.string(path, "id")?,
        title: fm.string(path, "title")?,
        description: fm.string(path, "description")?,
        body: clean_body(body, fm.piped),
    })
}

/// Reads a tag page from disk and parses it with [`parse_tag_page`].
///
/// Errors as for [`read_api_page`].
pub fn read_tag_page(path: &Path) -> Result<TagPage> {
    let text = read_utf8(path)?;
    parse_tag_page(path, &text)
}

/// Decodes an `api:` value (plain JSON or base64-of-zlib) with an inflate cap.
///
/// A value starting with `{` (or `[`) is JSON; otherwise it is base64 (standard alphabet,
/// padding optional, surrounding whitespace ignored) of a zlib stream, inflated to at most
/// `max_inflated` bytes. The result must be a JSON object. Every failure has its own message:
/// truncated or invalid base64, a stream that is not zlib, a corrupt or truncated zlib
/// stream, output over the cap, invalid UTF-8, invalid JSON (with serde_json's line and
/// column, counted within the JSON text), or JSON that is not an object.
pub fn decode_api_value(value: &str, max_inflated: usize) -> std::result::Result<Value, String> {
    let value = value.trim();
    let first = value.as_bytes().first().copied();
    let json = match first {
        None => return Err("api: is empty".to_owned()),
        Some(b'{' | b'[') => parse_json(value, "api:")?,
        Some(c) => {
            // A YAML scalar such as `null`, `42` or `"text"`: report its kind rather than a
            // baffling base64 error. Base64 (`eJ…`) fails this parse at its first bytes.
            if c == b'"' || c == b'-' || c.is_ascii_digit() || matches!(c, b't' | b'f' | b'n') {
                if let Ok(scalar) = serde_json::from_str::<Value>(value) {
                    return Err(not_an_object(&scalar));
                }
            }
            let compressed = decode_base64(value)?;
            let inflated = inflate(&compressed, max_inflated)?;
            let text = std::str::from_utf8(&inflated)
                .map_err(|e| format!("inflated api: is not valid UTF-8: {e}"))?;
            parse_json(text, "inflated api:")?
        }
    };
    if json.is_object() {
        Ok(json)
    } else {
        Err(not_an_object(&json))
    }
}

// ---------------------------------------------------------------------------------------
// Decoding

/// How deeply `api:` JSON may nest (objects and arrays): serde_json's own limit,
/// kept on purpose. Real pages nest about 30 levels; the stages after reading
/// recurse over the value, and this bound keeps their stack use small on any thread.
pub const MAX_NESTING: usize = 128;

fn parse_json(text: &str, what: &str) -> std::result::Result<Value, String> {
    serde_json::from_str(text).map_err(|e| {
        if e.to_string().starts_with("recursion limit exceeded") {
            format!(
                "{what} nests deeper than {MAX_NESTING} levels of objects and arrays \
                 (at line {} column {} of the JSON); deeper input is not supported",
                e.line(),
                e.column()
            )
        } else {
            format!("{what} is not valid JSON: {e}")
        }
    })
}

fn not_an_object(value: &Value) -> String {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    format!("api: is not an object (found {kind})")
}

fn decode_base64(value: &str) -> std::result::Result<Vec<u8>, String> {
    use base64::DecodeError;
    base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT
        .decode(value)
        .map_err(|e| match e {
            DecodeError::InvalidLength(symbols) => format!(
                "api: base64 is truncated: its {symbols} symbols leave one dangling symbol at the end"
            ),
            DecodeError::InvalidLastSymbol { offset, .. } => format!(
                "api: base64 is truncated or corrupt: its last symbol (offset {offset}) has leftover bits"
            ),
            DecodeError::InvalidByte(offset, b'=') => {
                format!("api: base64 is invalid: padding `=` in the middle, at offset {offset}")
            }
            DecodeError::InvalidByte(offset, byte) => format!(
                "api: base64 is invalid: {} at offset {offset} is not in the standard base64 alphabet",
                describe_byte(byte)
            ),
            DecodeError::InvalidPadding => "api: base64 is invalid: bad padding".to_owned(),
        })
}

fn describe_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("`{}`", char::from(byte))
    } else {
        format!("byte {byte:#04x}")
    }
}

fn inflate(compressed: &[u8], max_inflated: usize) -> std::result::Result<Vec<u8>, String> {
    match compressed {
        [cmf, flg, _, ..] => {
            let header = u16::from(*cmf) << 8 | u16::from(*flg);
            if cmf & 0x0f != 8 || cmf >> 4 > 7 || header % 31 != 0 {
                return Err(format!(
                    "api: base64 does not hold a zlib stream (it starts with bytes {cmf:#04x} \
                     {flg:#04x}; a compressed api: value starts with `eJ`)"
                ));
            }
            if flg & 0x20 != 0 {
                return Err(
                    "api: zlib stream needs a preset dictionary, which is not supported".to_owned(),
                );
            }
        }
        _ => {
            return Err(format!(
                "api: zlib stream is truncated: only {} byte(s) after base64 decoding",
                compressed.len()
            ))
        }
    }
    // Read at most one byte past the cap: that byte proves the cap was exceeded without
    // inflating the rest of a bomb. `bufread` reads the slice in place (no second buffer).
    let limit = u64::try_from(max_inflated)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut out = Vec::with_capacity(
        compressed
            .len()
            .saturating_mul(8)
            .min(max_inflated.saturating_add(1)),
    );
    let mut reader = flate2::bufread::ZlibDecoder::new(compressed).take(limit);
    if let Err(e) = reader.read_to_end(&mut out) {
        return Err(match e.kind() {
            std::io::ErrorKind::UnexpectedEof => {
                "api: zlib stream is truncated: the data ends before the compressed stream does"
                    .to_owned()
            }
            std::io::ErrorKind::InvalidInput => format!("api: zlib stream is corrupt ({e})"),
            _ => format!("api: zlib stream cannot be inflated: {e}"),
        });
    }
    if out.len() > max_inflated {
        return Err(format!(
            "inflated api: exceeds the {} cap",
            human_size(max_inflated)
        ));
    }
    let consumed = reader.get_ref().total_in();
    let trailing = (compressed.len() as u64).saturating_sub(consumed);
    if trailing > 0 {
        return Err(format!(
            "api: zlib stream is followed by {trailing} byte(s) of trailing data"
        ));
    }
    Ok(out)
}

fn human_size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes > 0 && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes > 0 && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else if bytes == 1 {
        "1 byte".to_owned()
    } else {
        format!("{bytes} bytes")
    }
}

// ---------------------------------------------------------------------------------------
// Files

fn read_utf8(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let bad = e.utf8_error().valid_up_to();
        if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            return Error::input(
                Location::file(path).at_line(1),
                "file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8",
            );
        }
        let before = bytes.get(..bad).unwrap_or_default();
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let byte = bytes.get(bad).copied().unwrap_or_default();
        Error::input(
            Location::file(path).at_line(line),
            format!("file is not valid UTF-8: byte {byte:#04x} at byte offset {bad}"),
        )
    })
}

fn clean_body(body: &str, piped: bool) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if piped && line.trim() == "|" {
            continue;
        }
        if out.is_empty() && line.trim().is_empty() {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

// ---------------------------------------------------------------------------------------
// Front matter

/// How a front-matter value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Double,
    Single,
    Block,
}

/// One top-level `key: value` of the front matter, borrowed from the text.
#[derive(Debug)]
struct Entry<'a> {
    key: &'a str,
    line: usize,
    /// The value on the key's line, trimmed.
    first: &'a str,
    /// Continuation lines (multi-line quoted, plain or block scalars), untrimmed.
    more: Vec<&'a str>,
}

impl Entry<'_> {
    fn style(&self) -> Style {
        style_of(self.first)
    }

    /// The YAML scalar's value.
    fn resolve(&self) -> std::result::Result<String, String> {
        let key = self.key;
        match self.style() {
            Style::Plain => Ok(resolve_plain(self.first, &self.more)),
            Style::Block => Ok(resolve_block(self.first, &self.more)),
            Style::Double => {
                let first = self.first.get(1..).unwrap_or_default();
                unquote_double(first, &self.more).ok_or_else(|| {
                    format!("front matter `{key}:` has an unterminated double-quoted value")
                })
            }
            Style::Single => {
                let first = self.first.get(1..).unwrap_or_default();
                unquote_single(first, &self.more).ok_or_else(|| {
                    format!("front matter `{key}:` has an unterminated single-quoted value")
                })
            }
        }
    }
}

fn style_of(value: &str) -> Style {
    match value.as_bytes().first() {
        Some(b'"') => Style::Double,
        Some(b'\'') => Style::Single,
        Some(b'|' | b'>') if is_block_header(value) => Style::Block,
        _ => Style::Plain,
    }
}

/// `|`, `>-`, `|+2 # comment`, …
fn is_block_header(value: &str) -> bool {
    let rest = value.get(1..).unwrap_or_default();
    let rest = rest.split_once(" #").map_or(rest, |(head, _)| head);
    rest.trim_end()
        .chars()
        .all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
}

/// The located front matter of a page.
struct FrontMatter<'a> {
    /// The text after any byte-order mark.
    rest: &'a str,
    open_line: usize,
    close_line: usize,
    entries: Vec<Entry<'a>>,
    /// Byte offset in `rest` of the line after the closing `---`.
    body_start: usize,
    /// Whether lines holding only `|` (web-view chrome) were seen.
    piped: bool,
}

/// What the line being scanned continues.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cont {
    None,
    Plain,
    Block,
    Double,
    Single,
}

impl<'a> FrontMatter<'a> {
    /// Scans `text` once, up to the closing `---`.
    fn scan(path: &Path, text: &'a str) -> Result<Self> {
        let rest = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut offset = 0usize;
        let mut line_no = 0usize;
        let mut open_line = None;
        let mut piped = false;
        let mut entries: Vec<Entry<'a>> = Vec::new();
        let mut cont = Cont::None;
        for raw in rest.split_inclusive('\n') {
            line_no += 1;
            offset += raw.len();
            let line = raw.strip_suffix('\n').unwrap_or(raw);
            let line = line.strip_suffix('\r').unwrap_or(line);
            let trimmed = line.trim();
            if trimmed == "|" {
                piped = true;
                continue;
            }
            let Some(open) = open_line else {
                if trimmed == "---" {
                    open_line = Some(line_no);
                }
                continue;
            };
            if trimmed == "---" {
                return Ok(FrontMatter {
                    rest,
                    open_line: open,
                    close_line: line_no,
                    entries,
                    body_start: offset,
                    piped,
                });
            }
            match cont {
                Cont::Double | Cont::Single => {
                    if let Some(entry) = entries.last_mut() {
                        entry.more.push(line);
                    }
                    let closed = if cont == Cont::Double {
                        closes_double(line)
                    } else {
                        closes_single(line)
                    };
                    if closed {
                        cont = Cont::None;
                    }
                    continue;
                }
                Cont::Plain | Cont::Block
                    if trimmed.is_empty() || line.starts_with([' ', '\t']) =>
                {
                    if let Some(entry) = entries.last_mut() {
                        entry.more.push(line);
                    }
                    continue;
                }
                _ => {}
            }
            if trimmed.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = split_key(line) else {
                cont = Cont::None;
                continue;
            };
            cont = match style_of(value) {
                Style::Plain => Cont::Plain,
                Style::Block => Cont::Block,
                Style::Double if closes_double(value.get(1..).unwrap_or_default()) => Cont::None,
                Style::Double => Cont::Double,
                Style::Single if closes_single(value.get(1..).unwrap_or_default()) => Cont::None,
                Style::Single => Cont::Single,
            };
            entries.push(Entry {
                key,
                line: line_no,
                first: value,
                more: Vec::new(),
            });
        }
        Err(match open_line {
            None if rest.trim().is_empty() => Error::input(
                Location::file(path).at_line(1),
                "no front matter: the file is empty",
            ),
            None => Error::input(
                Location::file(path).at_line(1),
                "no front matter: the file has no `---` line to open it",
            ),
            Some(open) => Error::input(
                Location::file(path).at_line(open),
                format!(
                    "front matter opened by `---` at line {open} is never closed: \
                     there is no second `---` line"
                ),
            ),
        })
    }

    /// The entry for `key`, if any; a key given twice is an error.
    fn entry(&self, path: &Path, key: &str) -> Result<Option<&Entry<'a>>> {
        let mut found: Option<&Entry<'a>> = None;
        for entry in self.entries.iter().filter(|e| e.key == key) {
            if let Some(earlier) = found {
                return Err(Error::input(
                    Location::file(path).at_line(entry.line),
                    format!(
                        "front matter has `{key}:` twice (lines {} and {})",
                        earlier.line, entry.line
                    ),
                ));
            }
            found = Some(entry);
        }
        Ok(found)
    }

    /// The string value of `key`, unquoted.
    fn string(&self, path: &Path, key: &str) -> Result<Option<String>> {
        match self.entry(path, key)? {
            None => Ok(None),
            Some(entry) => entry
                .resolve()
                .map(Some)
                .map_err(|m| Error::input(Location::file(path).at_line(entry.line), m)),
        }
    }
}

/// Splits a top-level `key: value` line (key at column 0).
fn split_key(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = line.get(..colon)?;
    let after = line.get(colon + 1..)?;
    let mut chars = key.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let key_ok =
        starts_well && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let sep_ok = after.is_empty() || after.starts_with([' ', '\t']);
    (key_ok && sep_ok).then(|| (key, after.trim()))
}

/// Whether a double-quoted scalar closes on this line (`s` is after the opening quote, or a
/// continuation line).
fn closes_double(s: &str) -> bool {
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'\\' => {
                bytes.next();
            }
            b'"' => return true,
            _ => {}
        }
    }
    false
}

/// Whether a single-quoted scalar closes on this line (`''` is an escaped quote).
fn closes_single(s: &str) -> bool {
    let mut bytes = s.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\'' {
            if bytes.peek() == Some(&b'\'') {
                bytes.next();
            } else {
                return true;
            }
        }
    }
    false
}

/// Line folding between flow-scalar lines: one break is a space, `n + 1` breaks are `n`
/// newlines, an escaped break (`\` at line end, double quotes only) is nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fold {
    Start,
    Space,
    Breaks(usize),
    Escaped,
}

impl Fold {
    fn emit(self, out: &mut String) {
        match self {
            Fold::Space => out.push(' '),
            Fold::Breaks(n) => out.extend(std::iter::repeat_n('\n', n)),
            Fold::Start | Fold::Escaped => {}
        }
    }

    fn blank_line(self) -> Fold {
        match self {
            Fold::Space => Fold::Breaks(1),
            Fold::Breaks(n) => Fold::Breaks(n + 1),
            other => other,
        }
    }
}

fn trim_trailing_blanks(out: &mut String) {
    out.truncate(out.trim_end_matches([' ', '\t']).len());
}

/// Unescapes a double-quoted scalar; `None` when it is not terminated.
fn unquote_double(first: &str, more: &[&str]) -> Option<String> {
    let mut out = String::with_capacity(first.len());
    let mut fold = Fold::Start;
    for (i, line) in std::iter::once(&first).chain(more).enumerate() {
        let line = if i == 0 { *line } else { line.trim_start() };
        if i > 0 {
            if line.trim().is_empty() {
                fold = fold.blank_line();
                continue;
            }
            fold.emit(&mut out);
        }
        fold = Fold::Space;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some(out),
                '\\' => match chars.next() {
                    None => fold = Fold::Escaped,
                    Some(e) => unescape(e, &mut chars, &mut out),
                },
                c => out.push(c),
            }
        }
        if fold != Fold::Escaped {
            trim_trailing_blanks(&mut out);
        }
    }
    None
}

/// Appends the character an escape `\e` stands for; unknown escapes are kept as written.
fn unescape(e: char, chars: &mut std::str::Chars<'_>, out: &mut String) {
    let simple = match e {
        '0' => Some('\0'),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        't' | '\t' => Some('\t'),
        'n' => Some('\n'),
        'v' => Some('\u{b}'),
        'f' => Some('\u{c}'),
        'r' => Some('\r'),
        'e' => Some('\u{1b}'),
        ' ' => Some(' '),
        '"' => Some('"'),
        '/' => Some('/'),
        '\\' => Some('\\'),
        'N' => Some('\u{85}'),
        '_' => Some('\u{a0}'),
        'L' => Some('\u{2028}'),
        'P' => Some('\u{2029}'),
        _ => None,
    };
    if let Some(c) = simple {
        out.push(c);
        return;
    }
    let digits = match e {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => 0,
    };
    let hex: String = chars.clone().take(digits).collect();
    let decoded = (digits > 0 && hex.len() == digits)
        .then(|| u32::from_str_radix(&hex, 16).ok())
        .flatten()
        .and_then(char::from_u32);
    match decoded {
        Some(c) => {
            out.push(c);
            for _ in 0..digits {
                chars.next();
            }
        }
        None => {
            out.push('\\');
            out.push(e);
        }
    }
}

/// Unquotes a single-quoted scalar; `None` when it is not terminated.
fn unquote_single(first: &str, more: &[&str]) -> Option<String> {
    let mut out = String::with_capacity(first.len());
    let mut fold = Fold::Start;
    for (i, line) in std::iter::once(&first).chain(more).enumerate() {
        let line = if i == 0 { *line } else { line.trim_start() };
        if i > 0 {
            if line.trim().is_empty() {
                fold = fold.blank_line();
                continue;
            }
            fold.emit(&mut out);
        }
        fold = Fold::Space;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                } else {
                    return Some(out);
                }
            } else {
                out.push(c);
            }
        }
        trim_trailing_blanks(&mut out);
    }
    None
}

/// A plain scalar: comments (` #…`) dropped, lines folded.
fn resolve_plain(first: &str, more: &[&str]) -> String {
    let strip_comment = |s: &'_ str| -> String {
        let cut = s
            .find(" #")
            .into_iter()
            .chain(s.find("\t#"))
            .min()
            .unwrap_or(s.len());
        s.get(..cut).unwrap_or(s).trim().to_owned()
    };
    let mut out = strip_comment(first);
    let mut fold = if out.is_empty() {
        Fold::Start
    } else {
        Fold::Space
    };
    for line in more {
        let line = strip_comment(line);
        if line.is_empty() {
            fold = fold.blank_line();
            continue;
        }
        fold.emit(&mut out);
        out.push_str(&line);
        fold = Fold::Space;
    }
    out
}

/// A `|` (literal) or `>` (folded) block scalar, with `-`/`+` chomping.
fn resolve_block(header: &str, more: &[&str]) -> String {
    let folded = header.starts_with('>');
    let chomp = if header.contains('-') {
        '-'
    } else if header.contains('+') {
        '+'
    } else {
        ' '
    };
    let indent = more
        .iter()
        .find(|l| !l.trim().is_empty())
        .map_or(0, |l| l.len() - l.trim_start_matches([' ', '\t']).len());
    let mut out = String::new();
    let mut prev_blank = true;
    for line in more {
        let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
        let content = line.get(lead.min(indent)..).unwrap_or(line);
        if line.trim().is_empty() {
            // Folding: the break ending the previous text line stands for this empty line.
            if !folded || prev_blank {
                out.push('\n');
            }
            prev_blank = true;
            continue;
        }
        if folded && !prev_blank && out.ends_with('\n') {
            out.pop();
            out.push(' ');
        }
        out.push_str(content);
        out.push('\n');
        prev_blank = false;
    }
    match chomp {
        '-' => out.truncate(out.trim_end_matches('\n').len()),
        '+' => {}
        _ => {
            out.truncate(out.trim_end_matches('\n').len());
            if !out.is_empty() {
                out.push('\n');
            }
        }
    }
    out
}
