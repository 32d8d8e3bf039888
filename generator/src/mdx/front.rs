//! Locating the front matter of a page as delivered, splitting off its `api:` line, and
//! reading the other keys with the YAML library.
//!
//! The scan is line-based and touches each byte of the (possibly multi-megabyte) `api:`
//! line only to find its end. It keeps, for the YAML library, the front matter without the
//! `api:` entry and without web-view `|` lines, and the file line of each line it keeps, so
//! that YAML errors name lines of the file as delivered.

use std::path::Path;

use serde::Deserialize;

use super::Warning;
use crate::error::{Error, Location, Result};

/// The located front matter of a page.
pub(super) struct FrontMatter<'a> {
    /// The text after any byte-order mark.
    pub rest: &'a str,
    pub open_line: usize,
    pub close_line: usize,
    /// Every top-level `api:` line, in order (more than one is an error).
    pub api: Vec<ApiLine<'a>>,
    /// The front matter without `api:` and `|` lines, for the YAML library.
    yaml: String,
    /// The file line of each line of `yaml`.
    yaml_lines: Vec<usize>,
    /// Byte offset in `rest` of the line after the closing `---`.
    pub body_start: usize,
    /// Whether lines holding only `|` (web-view chrome) were seen.
    pub piped: bool,
}

/// One top-level `api:` line.
pub(super) struct ApiLine<'a> {
    /// 1-based line in the file.
    pub line: usize,
    /// The value after `api:`, trimmed.
    pub value: &'a str,
    /// Whether indented lines follow it (the value would continue on them).
    pub continued: bool,
}

/// The front-matter keys the generator reads; the rest are checked as YAML and ignored.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Keys {
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub info_path: Option<String>,
}

/// What a line being scanned belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cont {
    None,
    /// Lines after `api:`: any indented one is a continuation.
    Api,
    /// Inside a top-level double- or single-quoted value that spans lines.
    Double,
    Single,
}

impl<'a> FrontMatter<'a> {
    /// Finds the front matter in `text`.
    ///
    /// A top-level key whose quoted value spans lines hides key-looking lines inside it.
    /// When a quote hides every `api:` line (as a quote that is never closed does), the
    /// scan is repeated without quote tracking: the YAML library then reports the broken
    /// quote as a warning while the page is still read (degrade, don't drop).
    pub fn scan(path: &Path, text: &'a str) -> Result<Self> {
        let fm = Self::scan_with(path, text, true)?;
        if fm.front.api.is_empty() && fm.hidden_api {
            return Self::scan_with(path, text, false).map(|f| f.front);
        }
        Ok(fm.front)
    }

    fn scan_with(path: &Path, text: &'a str, track_quotes: bool) -> Result<Scanned<'a>> {
        let rest = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut offset = 0usize;
        let mut line_no = 0usize;
        let mut open_line = None;
        let mut piped = false;
        let mut api: Vec<ApiLine<'a>> = Vec::new();
        let mut yaml = String::new();
        let mut yaml_lines = Vec::new();
        let mut cont = Cont::None;
        let mut hidden_api = false;
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
                return Ok(Scanned {
                    front: FrontMatter {
                        rest,
                        open_line: open,
                        close_line: line_no,
                        api,
                        yaml,
                        yaml_lines,
                        body_start: offset,
                        piped,
                    },
                    hidden_api,
                });
            }
            match cont {
                Cont::Double | Cont::Single => {
                    hidden_api |= api_value(line).is_some();
                    let closed = if cont == Cont::Double {
                        closes_double(line)
                    } else {
                        closes_single(line)
                    };
                    if closed {
                        cont = Cont::None;
                    }
                    push_yaml(&mut yaml, &mut yaml_lines, line, line_no);
                    continue;
                }
                Cont::Api if trimmed.is_empty() || line.starts_with([' ', '\t']) => {
                    if let Some(last) = api.last_mut() {
                        last.continued |= !trimmed.is_empty();
                    }
                    continue;
                }
                Cont::Api | Cont::None => cont = Cont::None,
            }
            if let Some(value) = api_value(line) {
                api.push(ApiLine {
                    line: line_no,
                    value,
                    continued: false,
                });
                cont = Cont::Api;
                continue;
            }
            if track_quotes {
                cont = opens_quote(line);
            }
            push_yaml(&mut yaml, &mut yaml_lines, line, line_no);
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

    /// The keys other than `api`, read by the YAML library. A front matter it rejects
    /// yields no keys and one warning naming the line.
    pub fn keys(&self, path: &Path, warnings: &mut Vec<Warning>) -> Keys {
        if self.yaml.trim().is_empty() {
            return Keys::default();
        }
        match serde_yaml::from_str_with_options::<Option<Keys>>(&self.yaml, yaml_options()) {
            Ok(keys) => keys.unwrap_or_default(),
            Err(e) => {
                let line = e
                    .location()
                    .and_then(|l| usize::try_from(l.line()).ok())
                    .and_then(|l| l.checked_sub(1))
                    .and_then(|i| self.yaml_lines.get(i).copied())
                    .unwrap_or(self.open_line);
                warnings.push(Warning {
                    location: Location::file(path).at_line(line),
                    message: format!(
                        "front matter (lines {}-{}) is not valid YAML: {}; its keys other \
                         than `api:` (id, title, info_path, …) are read as absent",
                        self.open_line,
                        self.close_line,
                        yaml_message(&e)
                    ),
                });
                Keys::default()
            }
        }
    }
}

struct Scanned<'a> {
    front: FrontMatter<'a>,
    /// Whether a line inside a quoted value looked like a top-level `api:` line.
    hidden_api: bool,
}

/// The trimmed value of a top-level `api:` line.
fn api_value(line: &str) -> Option<&str> {
    let value = line.strip_prefix("api:")?;
    (value.is_empty() || value.starts_with([' ', '\t'])).then(|| value.trim())
}

fn push_yaml(yaml: &mut String, lines: &mut Vec<usize>, line: &str, line_no: usize) {
    // YAML reads a lone carriage return as a line break; the file's lines are counted
    // by `\n`. A stray `\r` is read as a space, so the two counts agree.
    if line.contains('\r') {
        yaml.push_str(&line.replace('\r', " "));
    } else {
        yaml.push_str(line);
    }
    yaml.push('\n');
    lines.push(line_no);
}

/// Front matter is a flat mapping of a few short keys: limits far below the library's
/// defaults, so that nesting and alias bombs fail fast.
fn yaml_options() -> serde_yaml::Options {
    serde_yaml::options! {
        budget: serde_yaml::budget! {
            max_depth: 32,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_nodes: 100_000,
            max_events: 200_000,
            max_documents: 1,
        },
        alias_limits: serde_yaml::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
        },
    }
}

/// The library's message without its snippet or location: lines in those would count
/// within the extracted YAML, not the file. Control characters are shown escaped.
fn yaml_message(e: &serde_yaml::Error) -> String {
    use serde_yaml::MessageFormatter as _;
    let message = serde_yaml::DefaultMessageFormatter.format_message(e.without_snippet());
    let message = message
        .strip_suffix(", set DuplicateKeyPolicy in Options if acceptable")
        .unwrap_or(&message);
    let mut out = String::with_capacity(message.len());
    for c in message.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// Parses a quoted `api:` value (`"…"` or `'…'` on one line) with the YAML library.
/// The plugin writes the value unquoted: this is for hand-edited pages only.
pub(super) fn unquote(value: &str) -> std::result::Result<String, String> {
    serde_yaml::from_str_with_options::<String>(value, yaml_options())
        .map_err(|e| format!("api: quoted value is not valid YAML: {}", yaml_message(&e)))
}

/// Whether a top-level `key: "…` or `key: '…` line leaves its quote open.
fn opens_quote(line: &str) -> Cont {
    let Some(value) = top_level_value(line) else {
        return Cont::None;
    };
    let after = value.get(1..).unwrap_or_default();
    match value.as_bytes().first() {
        Some(b'"') if !closes_double(after) => Cont::Double,
        Some(b'\'') if !closes_single(after) => Cont::Single,
        _ => Cont::None,
    }
}

/// The value of a top-level `key: value` line (key at column 0), trimmed.
fn top_level_value(line: &str) -> Option<&str> {
    let (key, after) = line.split_once(':')?;
    let mut chars = key.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let key_ok =
        starts_well && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let sep_ok = after.is_empty() || after.starts_with([' ', '\t']);
    (key_ok && sep_ok).then(|| after.trim())
}

/// Whether a double-quoted scalar closes on this line (`s` is after the opening quote, or
/// a continuation line).
pub(super) fn closes_double(s: &str) -> bool {
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
pub(super) fn closes_single(s: &str) -> bool {
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
