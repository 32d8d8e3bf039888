//! Rendering API documentation text (HTML mixed with markdown) as rustdoc markdown.
//!
//! The descriptions and summaries in the docs are written for a Docusaurus site: markdown
//! with embedded HTML (`<br>`, `<ul><li>`, `<code>`, `<a href>`, entities, ...), bare URLs,
//! square brackets in prose, unlabelled fenced code and so on. Pasted verbatim into a doc
//! comment, much of that makes `cargo doc -D warnings` (`rustdoc::invalid_html_tags`,
//! `rustdoc::broken_intra_doc_links`, `rustdoc::bare_urls`, `rustdoc::invalid_rust_codeblocks`),
//! `cargo clippy -D warnings` (`doc_lazy_continuation`, `doc_overindented_list_items`,
//! `tabs_in_doc_comments`, `doc_nested_refdefs`, `doc_suspicious_footnotes`, ...) or
//! `cargo test` (unlabelled code blocks are doctests) fail.
//!
//! Crates: markdown is read with `pulldown-cmark`, the parser rustdoc and clippy read doc
//! comments with, so what this module sees is what they see. HTML tags are found with
//! `html5gum`, a WHATWG-conformant, fuzzed, dependency-free tokenizer that reports byte
//! spans, so everything that is not a tag it converts is copied from the input unchanged.
//!
//! [`to_rustdoc`] runs three passes:
//!
//! 1. **Sanitizing**: `\r\n` becomes `\n`; NUL, lone `\r`, bidirectional-override and
//!    invisible format characters are removed; other control characters become spaces; tabs
//!    are expanded to four-column tab stops.
//! 2. **HTML to markdown** (`html`; outside markdown code spans and fenced blocks): `<br>`
//!    (also `</br>`, `<br/>`) is a line break and two in a row a paragraph break; `<p>`,
//!    `<div>` and other block elements are paragraph breaks; `<ul>`/`<ol>`/`<li>` become
//!    `- `/`1. ` lists (nested lists are indented); `<b>`/`<strong>` become `**`,
//!    `<i>`/`<em>` `*`, `<s>`/`<del>` `~~`; `<code>`, `<tt>`, `<kbd>`, `<samp>` become code
//!    spans (with a longer backtick fence when the code holds backticks); `<pre>` becomes a
//!    fenced ```` ```text ```` block (or the block's `language-*` class when that language is
//!    not doctested); `<h1>`..`<h6>` become `#` headings; `<a href>` becomes `[text](url)`
//!    for absolute `http(s)`, `mailto` and `ftp` URLs (otherwise just the text); `<img>`
//!    becomes an image or its alt text; `<hr>` a rule; `<script>`/`<style>` are dropped with
//!    their content; any other HTML element tag is dropped, while `<tenant>`,
//!    `List<String>` and similar non-HTML "tags", and tags that markdown would not read
//!    as HTML (`<a href=\"x\">`), are kept as text. Entities are left as written.
//! 3. **Markdown normalization** (`markdown`, `render`): the markdown is parsed with
//!    `pulldown-cmark` (tables, strikethrough and task lists on, as in rustdoc) into blocks
//!    (paragraphs, headings, code, lists, block quotes, rules, tables) and printed back in a
//!    canonical form: blocks separated by blank lines, list item continuation lines indented
//!    exactly to the item's content column, every block quote line prefixed with `>`, so no
//!    line is a lazy continuation and none is over-indented; tables get a plain delimiter
//!    row (`|---|`, with `:` for alignment). Fenced code keeps its language
//!    only when it is a well-known non-Rust language (`json`, `yaml`, `xml`, `bash`, `java`,
//!    ...); unlabelled, Rust-like (`rust`, `ignore`, `no_run`, ...) and unknown languages
//!    become `text`, and indented code becomes a ```` ```text ```` block, so nothing is a
//!    doctest. Docusaurus `mdx-code-block` fences are MDX, not code: their `import`/`export`
//!    lines and JSX component tags are dropped and the rest is rendered as markdown. Inline
//!    text (`inline`) is copied as written, with these changes: `[` and `]` are escaped
//!    unless they form an inline link or image to an absolute URL (links to anything else
//!    keep only their text, with `*`, `_` and `~` in it escaped; link reference
//!    definitions and footnotes are escaped, so no reference link or footnote exists);
//!    bare `http(s)://` URLs are wrapped in `<...>`; raw HTML that is left (anything
//!    `pulldown-cmark` reads as a tag, which rustdoc would check) starts with `&lt;`
//!    instead, and so does a `<` before a letter; unmatched backticks are escaped; a code
//!    span over several lines is joined into one (as rustdoc shows it); entities are
//!    decoded, a decoded character that markdown would treat as syntax backslash-escaped,
//!    a decoded control or invisible character dropped; a paragraph line that would
//!    start a block when read alone (`# `, `- `, `2. `, `>`, ```` ``` ````, `---`, `===`)
//!    is backslash-escaped.
//!
//! The output is plain text lines: each becomes one `#[doc = " line"]` attribute (what a
//! `/// line` comment desugars to) and can never end the comment or the string, whatever
//! the input holds. Containers nested deeper than a fixed depth are flattened and every
//! scan is bounded, so any input size is handled in roughly linear time.

mod html;
mod inline;
mod markdown;
mod render;

/// Containers (lists, block quotes, `mdx-code-block` bodies) nested deeper than this are
/// flattened into their parent.
const MAX_DEPTH: usize = 12;
/// Largest start number of an ordered list that markdown accepts (nine digits).
const MAX_LIST_NUMBER: u64 = 999_999_999;

/// Fenced code languages that are kept as they are: rustdoc never compiles or tests a block
/// labelled with any of these (separated by whitespace). Every other label becomes `text`.
const NON_RUST_LANGS: &str = "\
    bash bat c c++ cmd console cpp cs csharp css csv diff dockerfile go graphql groovy \
    html http ini java javascript js json json5 jsonc jsx kotlin makefile markdown md \
    perl php plain plaintext powershell properties ps1 py python rb regex ruby scala sh \
    shell sql swift text toml ts tsx txt typescript xml yaml yml zsh";

/// Converts a docs description (HTML mixed with markdown) into markdown that rustdoc renders
/// without warnings and that clippy's default doc lints accept.
///
/// Returns the lines of the doc comment without the leading `///` and without the single
/// space that conventionally follows it: emit each line `l` as `#[doc = " l"]` (prefix one
/// space). Lines carry no trailing whitespace; there are no leading or trailing blank lines,
/// and no two blank lines in a row. Empty or whitespace-only input (or input that renders to
/// nothing, such as a lone `<br>`) gives an empty vector: emit no `#[doc]` attribute at all
/// then, as `#[doc = ""]` alone trips `clippy::empty_docs`. See the module docs for the rules.
pub fn to_rustdoc(text: &str) -> Vec<String> {
    // The same descriptions come back on many operations and types.
    thread_local! {
        static MADE: std::cell::RefCell<crate::memo::Memo<Vec<String>>> = Default::default();
    }
    MADE.with(|made| made.borrow_mut().get(text, render_rustdoc))
}

fn render_rustdoc(text: &str) -> Vec<String> {
    let clean = sanitize(text);
    let blocks = markdown::blocks(&clean, 0);
    let mut lines = Vec::new();
    render::blocks(&blocks, false, &mut lines);
    finish(lines)
}

/// Same as [`to_rustdoc`], but as the value of one `#[doc = "..."]` attribute: the lines
/// joined with `'\n'`, each non-empty line prefixed with one space (as `///` comments
/// desugar to; rustdoc strips the common indentation), blank lines left empty.
///
/// Returns an empty string when [`to_rustdoc`] returns no lines; emit no attribute then.
///
/// prettyplease prints a multi-line `#[doc]` attribute as a `/** ... */` block comment,
/// and rustdoc strips a common column of `*` from block comments. When every line would
/// lose its leading `*` that way (a paragraph whose continuation lines all start with
/// emphasis), the lines are joined into one, which renders identically.
pub fn to_rustdoc_string(text: &str) -> String {
    let mut lines = to_rustdoc(text);
    if block_comment_strips_stars(&lines) {
        // Every line is a continuation line of one paragraph starting with `*`: as a single
        // line it renders the same and cannot be mangled.
        let joined = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        lines = vec![joined];
    }
    lines
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether rustdoc would strip a column of `*` (and the whitespace before it) from this
/// text if it were written as a `/** ... */` block comment, which is how prettyplease
/// prints a multi-line `#[doc = "..."]` attribute. This mirrors `get_horizontal_trim` in
/// rustc's `beautify_doc_string`: from the second line on (from the first if it starts
/// with `*`), without leading and trailing blank lines, every line's first non-blank
/// character is a `*` in the same column, and no line in between is blank.
fn block_comment_strips_stars(lines: &[String]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let full: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    let mut start = usize::from(!full[0].trim_start().starts_with('*'));
    let mut end = full.len();
    while start < end && full[start].trim().is_empty() {
        start += 1;
    }
    while end > start && full[end - 1].trim().is_empty() {
        end -= 1;
    }
    let mut column: Option<usize> = None;
    for line in &full[start..end] {
        let Some(k) = line.chars().position(|c| c != ' ' && c != '\t') else {
            return false;
        };
        if !line[k..].starts_with('*') || column.is_some_and(|c| c != k) {
            return false;
        }
        column = Some(k);
    }
    column.is_some()
}

// Sanitizing and shared helpers

/// Characters removed outright: NUL, bidirectional controls (rustc denies them in comments),
/// and invisible format characters (clippy's `invisible_characters`).
fn is_dropped_char(c: char) -> bool {
    matches!(
        c,
        '\0' | '\u{00AD}'
            | '\u{061C}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Renders a name from the docs (a tag, a path, a wire name, a value) as one inline code
/// span for a doc comment line: backticks become `'`, line breaks and other control
/// characters are shown escaped (`\r`), and characters rustc or clippy reject in comments
/// (bidirectional controls, NUL, invisible format characters) are removed.
pub fn name_span(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('`');
    for c in text.chars() {
        match c {
            '`' => out.push('\''),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.extend(c.escape_default());
            }
            c if is_dropped_char(c) => {}
            c => out.push(c),
        }
    }
    out.push('`');
    out
}

fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut col = 0usize;
    for c in text.chars() {
        match c {
            '\n' | '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                col = 0;
            }
            '\t' => {
                let n = 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            // `\r\n` keeps its `\n`; a lone `\r` is dropped.
            '\r' => {}
            c if is_dropped_char(c) => {}
            c if c.is_control() => {
                out.push(' ');
                col += 1;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

/// A markdown code span for `text` (which must be non-empty and single-line).
fn code_span(text: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`') + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty());
    if pad {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

fn longest_run(text: &str, c: char) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for x in text.chars() {
        if x == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// Whether a link destination is kept as a link: absolute URLs only. Anything else (a bare
/// word or path) could be taken by rustdoc as an intra-doc link, or is relative to a site
/// the generated crate's docs do not live on.
fn is_absolute_url(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://"]
        .iter()
        .any(|scheme| lower.len() > scheme.len() && lower.starts_with(scheme))
}

/// Turns a (decoded) URL into a markdown link destination (no spaces, brackets,
/// parentheses or backslashes), or `None` when it is not an absolute URL.
fn normalize_url(raw: &str) -> Option<String> {
    let url = raw.trim();
    if !is_absolute_url(url) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            c if c.is_whitespace() => out.push_str("%20"),
            c if c.is_control() || is_dropped_char(c) => {}
            '<' | '>' | '(' | ')' | '\\' | '`' | '"' | '\'' | '[' | ']' | '|' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// Escapes characters that markdown would read as syntax in literal text.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Pushes a decoded character into literal text, keeping the sanitizer's guarantees.
fn push_literal_char(out: &mut String, c: char) {
    if is_dropped_char(c) {
        return;
    }
    if c == '\n' {
        out.push('\n');
    } else if c.is_control() || c.is_whitespace() {
        out.push(' ');
    } else {
        out.push(c);
    }
}

/// The language of a fenced block, as it is printed: `NON_RUST_LANGS` are kept, the rest
/// (no label, `rust`, doctest attributes, unknown labels) becomes `text`.
fn code_lang(info: &str) -> String {
    let word: String = info
        .trim()
        .trim_start_matches(['.', '{'])
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '{' | '}' | '`'))
        .collect::<String>()
        .to_ascii_lowercase();
    let word = word.strip_prefix("language-").unwrap_or(&word);
    if NON_RUST_LANGS.split_whitespace().any(|l| l == word) {
        word.to_string()
    } else {
        "text".to_string()
    }
}

fn finish(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let line = line.trim_end().to_string();
        if line.is_empty() && out.last().is_none_or(String::is_empty) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}
