//! Reading Docusaurus OpenAPI pages: find the YAML front matter of a `*.api.mdx` or
//! `*.tag.mdx` page, decode its `api:` value, and read its other keys.
//!
//! The front matter is located robustly, because pages reach us in more shapes than the
//! plugin writes: web-view copies carry a few lines of page chrome before the first `---`
//! and may interleave lines holding only `|`; files may have a byte-order mark or CRLF line
//! endings. Line numbers in errors and warnings are always the real line numbers of the
//! file as delivered.
//!
//! The `api:` value is one line, either plain JSON or base64 of a zlib stream, and is
//! decoded directly ([`decode_api_value`]): a multi-megabyte line never goes through YAML.
//! Inflation is capped ([`ReadOptions::max_inflated`]) so that a hostile page cannot
//! exhaust memory. The keys other than `api` (`id`, `title`, `description`, `info_path`,
//! and any others, which are checked and ignored) are read by a YAML library, under
//! tight limits on depth, nodes and aliases. A front matter it rejects does not drop the
//! page: the keys read as absent and the problem is returned as a [`Warning`] by the
//! `*_with_warnings` readers.
//!
//! The YAML library is `serde-saphyr` (imported as `serde_yaml`; the original is archived):
//! pure safe Rust, no C or transpiled-C parser, with budgets on depth, nodes and alias
//! replay that make depth and alias bombs fail fast, and errors that carry a line.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Location, Result};

mod decode;
mod front;

pub use decode::{decode_api_value, MAX_NESTING};
use front::FrontMatter;

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

/// A problem that did not stop a page from being read, for the caller to report as a
/// warning: today, a front matter the YAML library rejects (its keys other than `api`
/// then read as absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file and line of the problem.
    pub location: Location,
    /// What is wrong, in words a docs author can act on.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Parses an operation page held in memory.
///
/// `path` is used only for [`Page::path`] and error locations. Decode errors carry the
/// file, the `api:` line and, when the front matter has an `id`, that id as the operation.
/// Warnings are dropped: [`parse_api_page_with_warnings`] returns them.
pub fn parse_api_page(path: &Path, text: &str, opts: &ReadOptions) -> Result<Page> {
    parse_api_page_with_warnings(path, text, opts).map(|(page, _)| page)
}

/// [`parse_api_page`], also returning the problems that did not stop the page from being
/// read (a front matter the YAML library rejects, while its `api:` line is sound).
pub fn parse_api_page_with_warnings(
    path: &Path,
    text: &str,
    opts: &ReadOptions,
) -> Result<(Page, Vec<Warning>)> {
    let fm = FrontMatter::scan(path, text)?;
    let entry = match fm.api.as_slice() {
        [] => {
            return Err(Error::input(
                Location::file(path).at_line(fm.open_line),
                format!(
                    "front matter (lines {}-{}) has no `api:` key",
                    fm.open_line, fm.close_line
                ),
            ))
        }
        [one] => one,
        [first, second, ..] => {
            return Err(Error::input(
                Location::file(path).at_line(second.line),
                format!(
                    "front matter has `api:` twice (lines {} and {})",
                    first.line, second.line
                ),
            ))
        }
    };
    let mut warnings = Vec::new();
    let keys = fm.keys(path, &mut warnings);
    let location = || {
        let loc = Location::file(path).at_line(entry.line);
        match &keys.id {
            Some(id) => loc.with_operation(id.clone()),
            None => loc,
        }
    };
    let value = entry.value;
    // A block scalar (`|`, `>-`, …) or an unclosed quote continues on later lines.
    let continues = match value.as_bytes().first() {
        Some(b'"') => !front::closes_double(value.get(1..).unwrap_or_default()),
        Some(b'\'') => !front::closes_single(value.get(1..).unwrap_or_default()),
        Some(b'|' | b'>') => true,
        _ => false,
    };
    if entry.continued || continues {
        return Err(Error::input(
            location(),
            "api: continues on the following line(s); the value must be on the `api:` line",
        ));
    }
    let decoded = if value.starts_with(['"', '\'']) {
        front::unquote(value).and_then(|v| decode_api_value(&v, opts.max_inflated))
    } else {
        decode_api_value(value, opts.max_inflated)
    };
    let api = decoded.map_err(|m| Error::input(location(), m))?;
    let page = Page {
        path: path.to_path_buf(),
        id: keys.id,
        info_path: keys.info_path,
        api_line: entry.line,
        api,
    };
    Ok((page, warnings))
}

/// Reads an operation page from disk and parses it with [`parse_api_page`].
///
/// A file that cannot be read is [`Error::Io`]; a file that is not UTF-8 is an
/// [`Error::Input`] naming the line of the first bad byte.
pub fn read_api_page(path: &Path, opts: &ReadOptions) -> Result<Page> {
    read_api_page_with_warnings(path, opts).map(|(page, _)| page)
}

/// [`read_api_page`] with the warnings of [`parse_api_page_with_warnings`].
pub fn read_api_page_with_warnings(
    path: &Path,
    opts: &ReadOptions,
) -> Result<(Page, Vec<Warning>)> {
    let text = read_utf8(path)?;
    parse_api_page_with_warnings(path, &text, opts)
}

/// Parses a tag page held in memory.
///
/// The front matter must be present; `id`, `title` and `description` are optional.
/// Warnings are dropped: [`parse_tag_page_with_warnings`] returns them.
pub fn parse_tag_page(path: &Path, text: &str) -> Result<TagPage> {
    parse_tag_page_with_warnings(path, text).map(|(page, _)| page)
}

/// [`parse_tag_page`], also returning the problems that did not stop the page from being
/// read (a front matter the YAML library rejects).
///
/// A tag page's front matter has no `api:`; should it have one, that line is skipped.
pub fn parse_tag_page_with_warnings(path: &Path, text: &str) -> Result<(TagPage, Vec<Warning>)> {
    let fm = FrontMatter::scan(path, text)?;
    let mut warnings = Vec::new();
    let keys = fm.keys(path, &mut warnings);
    let body = fm.rest.get(fm.body_start..).unwrap_or("");
    let page = TagPage {
        path: path.to_path_buf(),
        id: keys.id,
        title: keys.title,
        description: keys.description,
        body: clean_body(body, fm.piped),
    };
    Ok((page, warnings))
}

/// Reads a tag page from disk and parses it with [`parse_tag_page`].
///
/// Errors as for [`read_api_page`].
pub fn read_tag_page(path: &Path) -> Result<TagPage> {
    read_tag_page_with_warnings(path).map(|(page, _)| page)
}

/// [`read_tag_page`] with the warnings of [`parse_tag_page_with_warnings`].
pub fn read_tag_page_with_warnings(path: &Path) -> Result<(TagPage, Vec<Warning>)> {
    let text = read_utf8(path)?;
    parse_tag_page_with_warnings(path, &text)
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
