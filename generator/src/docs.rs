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
//! [`to_rustdoc`] runs three passes:
//!
//! 1. **Sanitizing**: `\r\n` becomes `\n`; NUL, lone `\r`, bidirectional-override and
//!    invisible format characters are removed; other control characters become spaces; tabs
//!    are expanded to four-column tab stops.
//! 2. **HTML to markdown** (outside markdown code spans and fenced blocks): `<br>` (also
//!    `</br>`, `<br/>`) is a line break and two in a row a paragraph break; `<p>`, `<div>` and
//!    other block elements are paragraph breaks; `<ul>`/`<ol>`/`<li>` become `- `/`1. ` lists
//!    (nested lists are indented); `<b>`/`<strong>` become `**`, `<i>`/`<em>` `*`,
//!    `<s>`/`<del>` `~~`; `<code>`, `<tt>`, `<kbd>`, `<samp>` become code spans (with a longer
//!    backtick fence when the code holds backticks); `<pre>` becomes a fenced ```` ```text ````
//!    block (or the block's `language-*` class when that language is not doctested);
//!    `<h1>`..`<h6>` become `#` headings; `<a href>` becomes `[text](url)` for absolute
//!    `http(s)`, `mailto` and `ftp` URLs (otherwise just the text); `<img>` becomes an image or
//!    its alt text; `<hr>` a rule; `<script>`/`<style>` are dropped with their content; any
//!    other HTML element tag is dropped, while `<tenant>`, `List<String>` and similar
//!    non-HTML "tags" are kept as text. Entities are decoded (`&lt; &gt; &amp; &quot; &#39;
//!    &nbsp;`, numeric and common named ones); a decoded character that markdown would
//!    treat as syntax is backslash-escaped.
//! 3. **Markdown normalization**: the markdown is parsed into blocks (paragraphs, ATX and
//!    setext headings, fenced and indented code, lists, block quotes, rules, tables) and
//!    printed back in a canonical form: blocks separated by blank lines, list item
//!    continuation lines indented exactly to the item's content column, every block quote
//!    line prefixed with `>`, so no line is a lazy continuation and none is over-indented.
//!    Fenced code keeps its language only when it is a well-known non-Rust language
//!    (`json`, `yaml`, `xml`, `bash`, `java`, ...); unlabelled, Rust-like (`rust`, `ignore`,
//!    `no_run`, ...) and unknown languages become `text`, and indented code becomes a
//!    ```` ```text ```` block, so nothing is a doctest. Docusaurus `mdx-code-block` fences are
//!    MDX, not code: their `import`/`export` lines and JSX component tags are dropped and the
//!    rest is rendered as markdown. In text, `[` and `]` are escaped unless they form an
//!    inline link or image to an absolute URL (links to anything else keep only their text);
//!    bare `http(s)://` URLs are wrapped in `<...>`; a `<` that could open an HTML tag becomes
//!    `&lt;`; unmatched backticks are escaped; a paragraph line that would start a block
//!    (`# `, `- `, `2. `, `>`, ```` ``` ````, `---`, `===`) is backslash-escaped.
//!
//! The output is plain text lines: each becomes one `#[doc = " line"]` attribute (what a
//! `/// line` comment desugars to) and can never end the comment or the string, whatever
//! the input holds. Deeply nested input is flattened beyond a fixed depth and every scan is
//! bounded, so any input size is handled in roughly linear time.

use std::collections::HashMap;

/// Containers (lists, block quotes, `mdx-code-block` bodies) nested deeper than this are
/// rendered as plain text.
const MAX_DEPTH: usize = 12;
/// HTML lists nested deeper than this are not indented any further.
const MAX_HTML_LIST_DEPTH: usize = 8;
/// Upper bound for look-ahead scans (link text, link destinations, tags, autolinks).
const SCAN_LIMIT: usize = 4096;
/// Largest start number of an ordered list that markdown accepts (nine digits).
const MAX_LIST_NUMBER: u64 = 999_999_999;

/// Fenced code languages that are kept as they are: rustdoc never compiles or tests a block
/// labelled with any of these. Every other label becomes `text`.
const NON_RUST_LANGS: &[&str] = &[
    "bash",
    "bat",
    "c",
    "c++",
    "cmd",
    "console",
    "cpp",
    "cs",
    "csharp",
    "css",
    "csv",
    "diff",
    "dockerfile",
    "go",
    "graphql",
    "groovy",
    "html",
    "http",
    "ini",
    "java",
    "javascript",
    "js",
    "json",
    "json5",
    "jsonc",
    "jsx",
    "kotlin",
    "makefile",
    "markdown",
    "md",
    "perl",
    "php",
    "plain",
    "plaintext",
    "powershell",
    "properties",
    "ps1",
    "py",
    "python",
    "rb",
    "regex",
    "ruby",
    "scala",
    "sh",
    "shell",
    "sql",
    "swift",
    "text",
    "toml",
    "ts",
    "tsx",
    "txt",
    "typescript",
    "xml",
    "yaml",
    "yml",
    "zsh",
];

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
    let clean = sanitize(text);
    let blocks = parse_markdown(&clean, 0);
    let mut lines = Vec::new();
    render_blocks(&blocks, false, &mut lines);
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

// ---------------------------------------------------------------------------------------
// Pass 1: sanitizing
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Shared scanning helpers
// ---------------------------------------------------------------------------------------

/// Positions of maximal backtick runs, by run length, to find code span closers quickly.
struct BacktickRuns {
    by_len: HashMap<usize, Vec<usize>>,
}

impl BacktickRuns {
    fn new(chars: &[char]) -> Self {
        let mut by_len: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i] == '`' {
                let start = i;
                while i < chars.len() && chars[i] == '`' {
                    i += 1;
                }
                by_len.entry(i - start).or_default().push(start);
            } else {
                i += 1;
            }
        }
        Self { by_len }
    }

    /// Start of the first run of exactly `len` backticks that starts at or after `from`.
    fn next(&self, len: usize, from: usize) -> Option<usize> {
        let starts = self.by_len.get(&len)?;
        let k = starts.partition_point(|&s| s < from);
        starts.get(k).copied()
    }
}

fn run_len(chars: &[char], i: usize, c: char) -> usize {
    chars[i..].iter().take_while(|&&x| x == c).count()
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

fn starts_with_ci(chars: &[char], i: usize, pat: &str) -> bool {
    let mut k = i;
    for p in pat.chars() {
        match chars.get(k) {
            Some(c) if c.eq_ignore_ascii_case(&p) => k += 1,
            _ => return false,
        }
    }
    true
}

/// A markdown code span for `text` (which must be non-empty and single-line).
fn code_span(text: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`') + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
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

/// Turns an HTML attribute URL into a markdown link destination (no spaces, brackets,
/// parentheses or backslashes), or `None` when it is not an absolute URL.
fn normalize_url(raw: &str) -> Option<String> {
    let decoded = decode_all_entities(raw);
    let url = decoded.trim();
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

// ---------------------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------------------

const NAMED_ENTITIES: &[(&str, char)] = &[
    ("lt", '<'),
    ("LT", '<'),
    ("gt", '>'),
    ("GT", '>'),
    ("amp", '&'),
    ("AMP", '&'),
    ("quot", '"'),
    ("QUOT", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ensp", ' '),
    ("emsp", ' '),
    ("thinsp", ' '),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("bull", '•'),
    ("middot", '·'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("plusmn", '±'),
    ("times", '×'),
    ("divide", '÷'),
    ("minus", '−'),
    ("para", '¶'),
    ("sect", '§'),
    ("cent", '¢'),
    ("pound", '£'),
    ("euro", '€'),
    ("yen", '¥'),
    ("larr", '←'),
    ("rarr", '→'),
    ("uarr", '↑'),
    ("darr", '↓'),
    ("harr", '↔'),
    ("rArr", '⇒'),
    ("le", '≤'),
    ("ge", '≥'),
    ("ne", '≠'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("colon", ':'),
    ("semi", ';'),
    ("comma", ','),
    ("period", '.'),
    ("excl", '!'),
    ("quest", '?'),
    ("num", '#'),
    ("ast", '*'),
    ("lowbar", '_'),
    ("grave", '`'),
    ("vert", '|'),
    ("verbar", '|'),
    ("sol", '/'),
    ("bsol", '\\'),
    ("lpar", '('),
    ("rpar", ')'),
    ("lsqb", '['),
    ("lbrack", '['),
    ("rsqb", ']'),
    ("rbrack", ']'),
    ("lcub", '{'),
    ("rcub", '}'),
    ("equals", '='),
    ("plus", '+'),
    ("dollar", '$'),
    ("percnt", '%'),
    ("commat", '@'),
    ("Hat", '^'),
    ("tilde", '˜'),
];

/// Decodes the entity starting at `chars[i] == '&'`: the character and the entity length.
fn decode_entity(chars: &[char], i: usize) -> Option<(char, usize)> {
    let mut end = i + 1;
    if chars.get(end) == Some(&'#') {
        end += 1;
    }
    while end < chars.len() && end - i <= 40 && chars[end].is_ascii_alphanumeric() {
        end += 1;
    }
    if chars.get(end) != Some(&';') {
        return None;
    }
    let name: String = chars[i + 1..end].iter().collect();
    if name.is_empty() || name == "#" {
        return None;
    }
    let len = end + 1 - i;
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.len() <= 6 => u32::from_str_radix(hex, 16).ok()?,
            Some(_) => return None,
            None if !num.is_empty() && num.len() <= 7 => num.parse::<u32>().ok()?,
            None => return None,
        };
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        return Some((c, len));
    }
    NAMED_ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, c)| (c, len))
}

/// Whether `chars[i..]` (at an `&`) looks like an entity reference, known or not.
fn looks_like_entity(chars: &[char], i: usize) -> bool {
    let mut k = i + 1;
    if chars.get(k) == Some(&'#') {
        k += 1;
    }
    let start = k;
    while k < chars.len() && k - start < 32 && chars[k].is_ascii_alphanumeric() {
        k += 1;
    }
    k > start && chars.get(k) == Some(&';')
}

/// Decodes every entity, for literal contexts (code, URLs, attribute values).
fn decode_all_entities(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '&' {
            if let Some((c, len)) = decode_entity(&chars, i) {
                push_literal_char(&mut out, c);
                i += len;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
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

// ---------------------------------------------------------------------------------------
// HTML tags
// ---------------------------------------------------------------------------------------

struct Tag {
    closing: bool,
    name: String,
    attrs: Vec<(String, String)>,
    self_closing: bool,
    /// Index just past the closing `>`.
    end: usize,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses an HTML tag at `chars[pos] == '<'`.
fn parse_tag(chars: &[char], pos: usize) -> Option<Tag> {
    let limit = (pos + SCAN_LIMIT).min(chars.len());
    let mut i = pos + 1;
    let closing = chars.get(i) == Some(&'/');
    if closing {
        i += 1;
    }
    if !chars.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let name_start = i;
    while i < limit && (chars[i].is_ascii_alphanumeric() || chars[i] == '-') {
        i += 1;
    }
    let name: String = chars[name_start..i]
        .iter()
        .collect::<String>()
        .to_ascii_lowercase();
    let skip_ws = |i: &mut usize| {
        let start = *i;
        while *i < limit && chars[*i].is_whitespace() {
            *i += 1;
        }
        *i > start
    };
    if closing {
        skip_ws(&mut i);
        return (chars.get(i) == Some(&'>') && i < limit).then(|| Tag {
            closing,
            name,
            attrs: Vec::new(),
            self_closing: false,
            end: i + 1,
        });
    }
    let mut attrs = Vec::new();
    loop {
        let had_ws = skip_ws(&mut i);
        if i >= limit {
            return None;
        }
        match chars[i] {
            '>' => {
                return Some(Tag {
                    closing,
                    name,
                    attrs,
                    self_closing: false,
                    end: i + 1,
                })
            }
            '/' if chars.get(i + 1) == Some(&'>') => {
                return Some(Tag {
                    closing,
                    name,
                    attrs,
                    self_closing: true,
                    end: i + 2,
                })
            }
            _ => {}
        }
        if !had_ws {
            return None;
        }
        let c = chars[i];
        if !(c.is_ascii_alphabetic() || c == '_' || c == ':') {
            return None;
        }
        let attr_start = i;
        while i < limit && (chars[i].is_ascii_alphanumeric() || "_.:-".contains(chars[i])) {
            i += 1;
        }
        let attr_name: String = chars[attr_start..i]
            .iter()
            .collect::<String>()
            .to_ascii_lowercase();
        let mut value = String::new();
        let mut j = i;
        skip_ws(&mut j);
        if chars.get(j) == Some(&'=') {
            j += 1;
            skip_ws(&mut j);
            match chars.get(j) {
                Some(&q) if q == '"' || q == '\'' => {
                    let v_start = j + 1;
                    let mut k = v_start;
                    while k < limit && chars[k] != q {
                        k += 1;
                    }
                    if k >= limit {
                        return None;
                    }
                    value = chars[v_start..k].iter().collect();
                    i = k + 1;
                }
                Some(_) => {
                    let v_start = j;
                    let mut k = j;
                    while k < limit && !chars[k].is_whitespace() && !"\"'=<>`".contains(chars[k]) {
                        k += 1;
                    }
                    if k == v_start {
                        return None;
                    }
                    value = chars[v_start..k].iter().collect();
                    i = k;
                }
                None => return None,
            }
        }
        attrs.push((attr_name, value));
    }
}

/// How an HTML element name is treated.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TagClass {
    /// Converted or dropped wherever it appears.
    Always,
    /// Inline formatting: treated as a tag only when a closing tag follows somewhere, so a
    /// lone `<S>` or `<b>` placeholder stays text.
    NeedsCloser,
    /// Other HTML elements: a tag only when closed later or self-closing (`<source>` and
    /// `<data>` are more often placeholders than markup in API docs).
    Other,
    /// Dropped together with everything up to its closing tag.
    DropContent,
}

fn tag_class(name: &str) -> Option<TagClass> {
    use TagClass::*;
    Some(match name {
        "br" | "wbr" | "hr" | "img" | "p" | "div" | "section" | "article" | "header" | "footer"
        | "main" | "nav" | "aside" | "blockquote" | "center" | "figure" | "figcaption"
        | "address" | "details" | "summary" | "dl" | "dt" | "dd" | "caption" | "table"
        | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th" | "ul" | "ol" | "li" | "h1" | "h2"
        | "h3" | "h4" | "h5" | "h6" | "pre" | "html" | "body" => Always,
        "a" | "b" | "strong" | "i" | "em" | "u" | "s" | "strike" | "del" | "ins" | "code"
        | "tt" | "kbd" | "samp" | "var" | "span" | "font" | "small" | "big" | "sup" | "sub"
        | "mark" | "abbr" | "cite" | "q" | "dfn" | "nobr" => NeedsCloser,
        "script" | "style" | "svg" | "template" | "head" | "iframe" | "noscript" | "canvas"
        | "video" | "audio" | "object" | "math" => DropContent,
        "title" | "meta" | "link" | "label" | "input" | "button" | "form" | "select" | "option"
        | "optgroup" | "textarea" | "source" | "data" | "time" | "param" | "output" | "picture"
        | "embed" | "track" | "map" | "area" | "col" | "colgroup" | "fieldset" | "legend"
        | "progress" | "meter" | "bdi" | "bdo" | "ruby" | "rt" | "rp" | "slot" | "dialog"
        | "menu" | "hgroup" | "search" | "base" => Other,
        _ => return None,
    })
}

/// Finds `</name>` (case-insensitive) at or after `from`: (start of the tag, index past it).
fn find_close_tag(chars: &[char], from: usize, name: &str) -> Option<(usize, usize)> {
    let mut i = from;
    while i + 1 < chars.len() {
        if chars[i] == '<' && chars[i + 1] == '/' && starts_with_ci(chars, i + 2, name) {
            if let Some(tag) = parse_tag(chars, i) {
                if tag.name == name {
                    return Some((i, tag.end));
                }
            }
        }
        i += 1;
    }
    None
}

/// The literal text of HTML content (for `<code>` and `<pre>`): tags dropped (`<br>` and
/// block tags become newlines when `keep_lines`), comments dropped, entities decoded.
fn html_text_content(chars: &[char], keep_lines: bool) -> String {
    let mut out = String::new();
    let last_comment_end = (0..chars.len())
        .rev()
        .find(|&i| chars[i..].starts_with(&['-', '-', '>']));
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            if starts_with_ci(chars, i, "<!--") && last_comment_end.is_some_and(|e| e >= i + 4) {
                if let Some(end) = find_str(chars, i + 4, "-->") {
                    i = end + 3;
                    continue;
                }
            }
            if let Some(tag) = parse_tag(chars, i) {
                if tag_class(&tag.name).is_some() {
                    let breaks = matches!(
                        tag.name.as_str(),
                        "br" | "p" | "div" | "li" | "tr" | "hr" | "pre"
                    );
                    if breaks && (tag.name == "br" || tag.closing) {
                        out.push(if keep_lines { '\n' } else { ' ' });
                    }
                    i = tag.end;
                    continue;
                }
            }
        }
        if c == '&' {
            if let Some((d, len)) = decode_entity(chars, i) {
                push_literal_char(&mut out, d);
                i += len;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn find_str(chars: &[char], from: usize, pat: &str) -> Option<usize> {
    let pat: Vec<char> = pat.chars().collect();
    (from..chars.len().saturating_sub(pat.len() - 1)).find(|&i| chars[i..].starts_with(&pat))
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
    if NON_RUST_LANGS.contains(&word) {
        word.to_string()
    } else {
        "text".to_string()
    }
}

// ---------------------------------------------------------------------------------------
// Pass 2: HTML to markdown
// ---------------------------------------------------------------------------------------

#[derive(Clone, PartialEq, Eq)]
enum InlineKind {
    Strong,
    Emph,
    Strike,
    /// `<a>`: the destination when it is kept as a link.
    Anchor(Option<String>),
}

impl InlineKind {
    fn opener(&self) -> &'static str {
        match self {
            InlineKind::Strong => "**",
            InlineKind::Emph => "*",
            InlineKind::Strike => "~~",
            InlineKind::Anchor(Some(_)) => "[",
            InlineKind::Anchor(None) => "",
        }
    }

    fn same_tag(&self, other: &InlineKind) -> bool {
        matches!(
            (self, other),
            (InlineKind::Anchor(_), InlineKind::Anchor(_))
        ) || self == other
    }
}

/// An open inline HTML element; its markdown opener is written lazily, right before the
/// first non-blank content, so that `<b> x</b>` gives ` **x**` and `<b></b>` nothing.
struct InlineOpen {
    kind: InlineKind,
    /// Where the opener was written into the output, once it was.
    pos: Option<usize>,
}

struct HtmlList {
    ordered: bool,
    next: u64,
    in_item: bool,
    /// Width of the current item's marker (its content column relative to the list).
    width: usize,
}

struct HtmlConv {
    src: Vec<char>,
    pos: usize,
    out: String,
    /// Line breaks owed before the next content: 1 = new line, 2 = blank line.
    pending: u8,
    lists: Vec<HtmlList>,
    heading: bool,
    /// A nested list just ended inside an item: text that follows (rather than the next
    /// item) must be a new paragraph, or it would continue the nested list's last item.
    list_ended: bool,
    /// A list marker was just written: the item's first block goes on the marker line.
    at_item_start: bool,
    inline: Vec<InlineOpen>,
    /// Last position of a closing tag, per element name.
    last_close: HashMap<String, usize>,
    runs: BacktickRuns,
    /// Start indices of blank lines (code spans cannot cross them).
    blanks: Vec<usize>,
    /// Index of the last `-->`, to give up early on unterminated comments.
    last_comment_end: Option<usize>,
}

fn html_to_markdown(text: &str) -> String {
    let src: Vec<char> = text.chars().collect();
    let mut last_close = HashMap::new();
    let mut blanks = Vec::new();
    let mut line_start = 0;
    let mut last_comment_end = None;
    for (i, &c) in src.iter().enumerate() {
        if c == '-' && src[i..].starts_with(&['-', '-', '>']) {
            last_comment_end = Some(i);
        }
        if c == '<' && src.get(i + 1) == Some(&'/') {
            let name: String = src[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '-')
                .collect::<String>()
                .to_ascii_lowercase();
            if !name.is_empty() {
                last_close.insert(name, i);
            }
        }
        if c == '\n' {
            if src[line_start..i].iter().all(|c| c.is_whitespace()) {
                blanks.push(line_start);
            }
            line_start = i + 1;
        }
    }
    let runs = BacktickRuns::new(&src);
    let mut conv = HtmlConv {
        src,
        pos: 0,
        out: String::with_capacity(text.len() + text.len() / 8),
        pending: 0,
        lists: Vec::new(),
        heading: false,
        list_ended: false,
        at_item_start: false,
        inline: Vec::new(),
        last_close,
        last_comment_end,
        runs,
        blanks,
    };
    conv.run();
    conv.close_all_inline();
    conv.out
}

impl HtmlConv {
    fn run(&mut self) {
        while self.pos < self.src.len() {
            let c = self.src[self.pos];
            if self.between_items() && c.is_whitespace() {
                self.pos += 1;
                continue;
            }
            if (c == '`' || c == '~')
                && self.lists.is_empty()
                && !self.heading
                && self.at_line_start()
                && self.try_fence()
            {
                continue;
            }
            match c {
                '\\' => match self.src.get(self.pos + 1) {
                    Some(&n) if n.is_ascii_punctuation() => {
                        self.emit_str(&format!("\\{n}"));
                        self.pos += 2;
                    }
                    _ => {
                        self.emit_char('\\');
                        self.pos += 1;
                    }
                },
                '`' => self.code_span(),
                '<' => {
                    if !self.try_tag() {
                        self.emit_char('<');
                        self.pos += 1;
                    }
                }
                '&' => self.entity(),
                '\n' => self.newline(),
                '[' | ']' if self.in_link() => {
                    self.emit_str(if c == '[' { "\\[" } else { "\\]" });
                    self.pos += 1;
                }
                _ => {
                    self.emit_char(c);
                    self.pos += 1;
                }
            }
        }
    }

    // --- output primitives ---

    fn in_item(&self) -> bool {
        self.lists.last().is_some_and(|l| l.in_item)
    }

    fn between_items(&self) -> bool {
        self.lists.last().is_some_and(|l| !l.in_item)
    }

    fn in_link(&self) -> bool {
        self.inline
            .iter()
            .any(|o| matches!(o.kind, InlineKind::Anchor(Some(_))))
    }

    /// Indentation of content in the innermost open list item.
    fn indent(&self) -> usize {
        self.lists
            .iter()
            .take(MAX_HTML_LIST_DEPTH)
            .filter(|l| l.in_item)
            .map(|l| l.width)
            .sum()
    }

    fn brk(&mut self, n: u8) {
        self.pending = self.pending.max(n);
    }

    /// Writes owed line breaks (and the list indentation of the new line).
    fn flush(&mut self) {
        let at_item_start = std::mem::take(&mut self.at_item_start);
        if self.pending == 0 {
            return;
        }
        if at_item_start {
            self.pending = 0;
            self.list_ended = false;
            return;
        }
        let mut n = self.pending;
        if self.list_ended {
            n = 2;
            self.list_ended = false;
        }
        self.pending = 0;
        if self.out.is_empty() {
            return;
        }
        let keep = self.out.trim_end_matches(' ').len();
        self.out.truncate(keep);
        for _ in 0..n {
            self.out.push('\n');
        }
        let indent = self.indent();
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    /// Writes the openers of inline elements that have not been written yet.
    fn materialize(&mut self) {
        for open in &mut self.inline {
            if open.pos.is_none() {
                open.pos = Some(self.out.len());
                self.out.push_str(open.kind.opener());
            }
        }
    }

    fn emit_str(&mut self, s: &str) {
        self.flush();
        self.materialize();
        self.out.push_str(s);
    }

    fn emit_char(&mut self, c: char) {
        if c.is_whitespace() {
            if self.pending == 0 {
                self.out.push(c);
            }
            return;
        }
        self.flush();
        self.materialize();
        self.out.push(c);
    }

    /// Whether the output line being written holds only whitespace so far.
    fn line_is_blank(&self) -> bool {
        if self.pending > 0 {
            return true;
        }
        self.out
            .chars()
            .rev()
            .take_while(|&c| c != '\n')
            .all(char::is_whitespace)
    }

    fn skip_ws(&mut self) {
        while self.pos < self.src.len() && self.src[self.pos].is_whitespace() {
            self.pos += 1;
        }
    }

    fn at_line_start(&self) -> bool {
        let mut i = self.pos;
        while i > 0 && self.src[i - 1] == ' ' {
            i -= 1;
        }
        i == 0 || self.src[i - 1] == '\n'
    }

    // --- markdown passed through ---

    /// Copies a markdown fenced code block verbatim.
    fn try_fence(&mut self) -> bool {
        let line_end = |from: usize| {
            self.src[from..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(self.src.len(), |p| from + p)
        };
        let first_end = line_end(self.pos);
        let line: String = self.src[self.pos..first_end].iter().collect();
        let Some(fence) = fence_open_any_indent(&line) else {
            return false;
        };
        let mut end = self.src.len();
        let mut i = first_end;
        while i < self.src.len() {
            let ls = i + 1;
            let le = line_end(ls);
            let l: String = self.src[ls..le].iter().collect();
            if fence_closes(l.trim_start_matches(' '), &fence) {
                end = le;
                break;
            }
            i = le;
        }
        self.flush();
        let block: String = self.src[self.pos..end].iter().collect();
        self.out.push_str(&block);
        self.pos = end;
        true
    }

    /// Copies a markdown code span verbatim, or escapes an unmatched backtick run.
    fn code_span(&mut self) {
        let n = run_len(&self.src, self.pos, '`');
        let k = self.blanks.partition_point(|&b| b <= self.pos);
        let limit = self.blanks.get(k).copied().unwrap_or(self.src.len());
        match self.runs.next(n, self.pos + n) {
            Some(close) if close < limit => {
                let mut span: String = self.src[self.pos..close + n].iter().collect();
                if !self.lists.is_empty() || self.heading {
                    span = span.replace('\n', " ");
                }
                self.emit_str(&span);
                self.pos = close + n;
            }
            _ => {
                self.emit_str(&"\\`".repeat(n));
                self.pos += n;
            }
        }
    }

    fn newline(&mut self) {
        if self.heading {
            self.skip_ws();
            self.emit_char(' ');
            return;
        }
        if !self.lists.is_empty() {
            let mut newlines = 0;
            while self.pos < self.src.len() && self.src[self.pos].is_whitespace() {
                if self.src[self.pos] == '\n' {
                    newlines += 1;
                }
                self.pos += 1;
            }
            if self.in_item() {
                self.brk(if newlines >= 2 { 2 } else { 1 });
            }
            return;
        }
        self.flush();
        self.out.push('\n');
        self.pos += 1;
    }

    fn entity(&mut self) {
        let Some((c, len)) = decode_entity(&self.src, self.pos) else {
            self.emit_char('&');
            self.pos += 1;
            return;
        };
        self.pos += len;
        match c {
            c if c.is_whitespace() => {
                if !self.line_is_blank() {
                    self.emit_char(' ');
                }
            }
            '>' if self.line_is_blank() => self.emit_str("&gt;"),
            '&' if looks_like_entity(&self.src, self.pos) => self.emit_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '-' | '+' | '!' | '=' => {
                self.emit_str(&format!("\\{c}"));
            }
            c if is_dropped_char(c) => {}
            c if c.is_control() => self.emit_char(' '),
            c => self.emit_char(c),
        }
    }

    // --- HTML ---

    fn try_tag(&mut self) -> bool {
        if starts_with_ci(&self.src, self.pos, "<!--") {
            let closed = self.last_comment_end.is_some_and(|e| e >= self.pos + 4);
            if let Some(end) = closed
                .then(|| find_str(&self.src, self.pos + 4, "-->"))
                .flatten()
            {
                self.pos = end + 3;
                return true;
            }
            return false;
        }
        let Some(tag) = parse_tag(&self.src, self.pos) else {
            return false;
        };
        let Some(class) = tag_class(&tag.name) else {
            return false;
        };
        let closed_later = self
            .last_close
            .get(&tag.name)
            .is_some_and(|&p| p > self.pos);
        if !tag.closing && !tag.self_closing {
            let is_tag = match class {
                TagClass::Always => true,
                TagClass::NeedsCloser | TagClass::Other | TagClass::DropContent => closed_later,
            };
            if !is_tag {
                return false;
            }
        }
        self.pos = tag.end;
        if class == TagClass::DropContent && !tag.closing && !tag.self_closing {
            if let Some((_, after)) = find_close_tag(&self.src, self.pos, &tag.name) {
                self.pos = after;
            }
            return true;
        }
        self.handle_tag(&tag);
        true
    }

    fn handle_tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        let open = !tag.closing;
        match name {
            "br" => self.line_break(),
            "p" | "div" | "section" | "article" | "header" | "footer" | "main" | "nav"
            | "aside" | "blockquote" | "center" | "figure" | "figcaption" | "address"
            | "details" | "summary" | "dl" | "dt" | "caption" | "table" | "thead" | "tbody"
            | "tfoot" | "tr" | "html" | "body" => self.block_break(2),
            "dd" => self.block_break(1),
            "td" | "th" => {
                if open && !self.line_is_blank() {
                    self.emit_str(" | ");
                }
                self.skip_ws();
            }
            "ul" | "ol" if open => self.open_list(name == "ol", tag.attr("start")),
            "ul" | "ol" => self.close_list(),
            "li" if open => self.open_item(),
            "li" => {
                self.close_all_inline();
                if let Some(list) = self.lists.last_mut() {
                    list.in_item = false;
                }
                self.skip_ws();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_all_inline();
                self.heading = false;
                self.brk(2);
                if open {
                    let level = usize::from(name.as_bytes()[1] - b'0');
                    self.flush();
                    self.out.push_str(&"#".repeat(level));
                    self.out.push(' ');
                    self.heading = true;
                }
                self.skip_ws();
            }
            "hr" => {
                self.close_all_inline();
                self.heading = false;
                self.brk(2);
                self.flush();
                self.out.push_str("---");
                self.brk(2);
                self.skip_ws();
            }
            "pre" if open => self.pre_block(tag),
            "code" | "tt" | "kbd" | "samp" if open => self.code_tag(name),
            "b" | "strong" => self.inline_tag(open, InlineKind::Strong),
            "i" | "em" | "var" | "dfn" | "cite" => self.inline_tag(open, InlineKind::Emph),
            "s" | "strike" | "del" => self.inline_tag(open, InlineKind::Strike),
            "a" => {
                let dest = if open {
                    tag.attr("href").and_then(normalize_url)
                } else {
                    None
                };
                let dest = if self.in_link() { None } else { dest };
                self.inline_tag(open, InlineKind::Anchor(dest));
            }
            "q" => self.emit_char('"'),
            "img" if open => self.image(tag),
            _ => {}
        }
    }

    fn line_break(&mut self) {
        if self.heading {
            self.emit_char(' ');
            return;
        }
        if self.pending == 0 {
            let start = self.out.rfind('\n').map_or(0, |i| i + 1);
            if self.out[start..].trim_start().starts_with('|') {
                // A markdown table row: stay on the row.
                self.emit_char(' ');
                return;
            }
        }
        self.pending = if self.pending >= 1 { 2 } else { 1 };
        if self.pending == 2 {
            self.close_all_inline();
        }
        self.skip_ws();
    }

    fn block_break(&mut self, n: u8) {
        self.close_all_inline();
        self.heading = false;
        self.brk(n);
        self.skip_ws();
    }

    fn open_list(&mut self, ordered: bool, start: Option<&str>) {
        self.close_all_inline();
        self.heading = false;
        let next = start
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|&n| n <= MAX_LIST_NUMBER / 2)
            .unwrap_or(1);
        self.brk(if self.in_item() { 1 } else { 2 });
        self.lists.push(HtmlList {
            ordered,
            next,
            in_item: false,
            width: 0,
        });
        self.skip_ws();
    }

    fn close_list(&mut self) {
        self.close_all_inline();
        self.lists.pop();
        self.list_ended = self.in_item();
        self.brk(if self.lists.is_empty() { 2 } else { 1 });
        self.skip_ws();
    }

    fn open_item(&mut self) {
        self.close_all_inline();
        self.heading = false;
        if self.lists.is_empty() {
            // A stray `<li>`: a markdown bullet.
            self.brk(1);
            self.flush();
            self.out.push_str("- ");
            self.at_item_start = true;
            self.skip_ws();
            return;
        }
        let depth = self.lists.len();
        if let Some(list) = self.lists.last_mut() {
            list.in_item = false;
        }
        self.list_ended = false;
        self.brk(1);
        self.flush();
        let Some(list) = self.lists.last_mut() else {
            return;
        };
        let marker = if list.ordered {
            let m = format!("{}. ", list.next);
            list.next = (list.next + 1).min(MAX_LIST_NUMBER);
            m
        } else {
            "- ".to_string()
        };
        list.width = if depth <= MAX_HTML_LIST_DEPTH {
            marker.len()
        } else {
            0
        };
        list.in_item = true;
        self.out.push_str(&marker);
        self.at_item_start = true;
        self.skip_ws();
    }

    fn inline_tag(&mut self, open: bool, kind: InlineKind) {
        if open {
            self.inline.push(InlineOpen { kind, pos: None });
            return;
        }
        let Some(idx) = self.inline.iter().rposition(|o| o.kind.same_tag(&kind)) else {
            return;
        };
        while self.inline.len() > idx {
            if let Some(o) = self.inline.pop() {
                self.close_inline(o);
            }
        }
    }

    fn close_all_inline(&mut self) {
        while let Some(o) = self.inline.pop() {
            self.close_inline(o);
        }
    }

    fn close_inline(&mut self, open: InlineOpen) {
        let dest = match &open.kind {
            InlineKind::Anchor(Some(d)) => Some(d.clone()),
            _ => None,
        };
        let Some(p) = open.pos else {
            // Nothing was written inside: a link shows its URL, the rest vanishes.
            if let Some(d) = dest {
                self.emit_str(&format!("<{d}>"));
            }
            return;
        };
        let opener_len = open.kind.opener().len();
        if opener_len == 0 {
            return;
        }
        if self.out[p + opener_len..].trim().is_empty() {
            self.out.truncate(p);
            if let Some(d) = dest {
                self.out.push_str(&format!("<{d}>"));
            }
            return;
        }
        let keep = self.out.trim_end().len();
        let trailing = self.out[keep..].to_string();
        self.out.truncate(keep);
        match dest {
            Some(d) => self.out.push_str(&format!("]({d})")),
            None => self.out.push_str(open.kind.opener()),
        }
        self.out.push_str(&trailing);
    }

    fn code_tag(&mut self, name: &str) {
        let Some((content_end, after)) = find_close_tag(&self.src, self.pos, name) else {
            return;
        };
        let text = html_text_content(&self.src[self.pos..content_end], false);
        self.pos = after;
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            self.emit_str(&code_span(&text));
        }
    }

    fn pre_block(&mut self, tag: &Tag) {
        let (content_end, after) =
            find_close_tag(&self.src, self.pos, "pre").unwrap_or((self.src.len(), self.src.len()));
        let content = &self.src[self.pos..content_end];
        let mut lang = tag
            .attr("class")
            .and_then(|c| c.split_whitespace().find(|w| w.starts_with("language-")))
            .map(code_lang);
        if lang.is_none() {
            let start = content.iter().take_while(|c| c.is_whitespace()).count();
            if content.get(start) == Some(&'<') {
                if let Some(inner) = parse_tag(content, start) {
                    lang = inner
                        .attr("class")
                        .and_then(|c| c.split_whitespace().find(|w| w.starts_with("language-")))
                        .map(code_lang);
                }
            }
        }
        let text = html_text_content(content, true);
        self.pos = after;
        let mut lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
        while lines.first().is_some_and(|l| l.is_empty()) {
            lines.remove(0);
        }
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        if lines.is_empty() {
            self.skip_ws();
            return;
        }
        let common = lines
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| l.len() - l.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        let fence = "`".repeat(3.max(longest_run(&text, '`') + 1));
        self.close_all_inline();
        self.heading = false;
        self.brk(2);
        self.flush();
        let indent = " ".repeat(self.indent());
        self.out.push_str(&fence);
        self.out
            .push_str(&lang.unwrap_or_else(|| "text".to_string()));
        for line in lines {
            self.out.push('\n');
            if !line.is_empty() {
                self.out.push_str(&indent);
                self.out.push_str(line.get(common..).unwrap_or(""));
            }
        }
        self.out.push('\n');
        self.out.push_str(&indent);
        self.out.push_str(&fence);
        self.brk(2);
        self.skip_ws();
    }

    fn image(&mut self, tag: &Tag) {
        let alt = decode_all_entities(tag.attr("alt").unwrap_or(""));
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let alt = escape_text(&alt);
        match tag.attr("src").and_then(normalize_url) {
            Some(src) if !self.in_link() => self.emit_str(&format!("![{alt}]({src})")),
            _ if !alt.is_empty() => self.emit_str(&alt),
            _ => {}
        }
    }
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

// ---------------------------------------------------------------------------------------
// Pass 3a: markdown blocks
// ---------------------------------------------------------------------------------------

enum Block {
    /// Lines with leading whitespace removed.
    Para(Vec<String>),
    Heading(usize, String),
    Code {
        lang: String,
        lines: Vec<String>,
    },
    List {
        ordered: bool,
        start: u64,
        loose: bool,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Rule,
    /// Rows; the second is the delimiter row.
    Table(Vec<String>),
}

fn parse_markdown(text: &str, depth: usize) -> Vec<Block> {
    let md = html_to_markdown(text);
    let lines: Vec<String> = md.split('\n').map(str::to_string).collect();
    parse_blocks(&lines, depth)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn strip_indent(line: &str, n: usize) -> &str {
    let k = indent_of(line).min(n);
    &line[k..]
}

struct Fence {
    ch: char,
    len: usize,
    indent: usize,
    info: String,
}

fn fence_open_any_indent(line: &str) -> Option<Fence> {
    let indent = indent_of(line);
    let rest = &line[indent..];
    let ch = rest.chars().next()?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let len = rest.chars().take_while(|&c| c == ch).count();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some(Fence {
        ch,
        len,
        indent,
        info: info.to_string(),
    })
}

fn fence_open(line: &str) -> Option<Fence> {
    fence_open_any_indent(line).filter(|f| f.indent <= 3)
}

/// Whether `line` (indentation already removed) closes `fence`.
fn fence_closes(line: &str, fence: &Fence) -> bool {
    let n = line.chars().take_while(|&c| c == fence.ch).count();
    n >= fence.len && line[n..].trim().is_empty()
}

fn fence_close(line: &str, fence: &Fence) -> bool {
    indent_of(line) <= 3 && fence_closes(line.trim_start_matches(' '), fence)
}

fn atx_heading(line: &str) -> Option<(usize, String)> {
    if indent_of(line) > 3 {
        return None;
    }
    let rest = line.trim_start_matches(' ');
    let level = rest.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let after = &rest[level..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let mut text = after.trim();
    let without = text.trim_end_matches('#');
    if without.is_empty() {
        text = "";
    } else if without.ends_with(' ') {
        text = without.trim_end();
    }
    Some((level, text.to_string()))
}

fn is_thematic(line: &str) -> bool {
    if indent_of(line) > 3 {
        return false;
    }
    let rest = line.trim();
    let Some(ch) = rest.chars().next() else {
        return false;
    };
    matches!(ch, '-' | '*' | '_')
        && rest.chars().all(|c| c == ch || c == ' ')
        && rest.chars().filter(|&c| c == ch).count() >= 3
}

fn setext_level(line: &str) -> Option<usize> {
    if indent_of(line) > 3 {
        return None;
    }
    let rest = line.trim();
    if !rest.is_empty() && rest.chars().all(|c| c == '=') {
        Some(1)
    } else if !rest.is_empty() && rest.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

fn is_quote_start(line: &str) -> bool {
    indent_of(line) <= 3 && line.trim_start_matches(' ').starts_with('>')
}

/// The content of a block quote line (marker and one following space removed).
fn quote_content(line: &str) -> &str {
    let rest = line.trim_start_matches(' ');
    let rest = rest.strip_prefix('>').unwrap_or(rest);
    rest.strip_prefix(' ').unwrap_or(rest)
}

#[derive(Clone, Copy)]
struct Marker {
    ordered: bool,
    /// Bullet character, or the delimiter of an ordered marker.
    ch: char,
    start: u64,
    /// Content column of the item.
    width: usize,
    content_blank: bool,
}

fn list_marker(line: &str) -> Option<Marker> {
    let indent = indent_of(line);
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let first = rest.chars().next()?;
    let (ordered, ch, start, mlen) = if matches!(first, '-' | '+' | '*') {
        (false, first, 0, 1)
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        let delim = rest[digits..].chars().next()?;
        if delim != '.' && delim != ')' {
            return None;
        }
        (true, delim, rest[..digits].parse().ok()?, digits + 1)
    };
    let after = &rest[mlen..];
    if after.trim().is_empty() {
        return Some(Marker {
            ordered,
            ch,
            start,
            width: indent + mlen + 1,
            content_blank: true,
        });
    }
    if !after.starts_with(' ') {
        return None;
    }
    let spaces = indent_of(after);
    let width = indent + mlen + if spaces > 4 { 1 } else { spaces };
    Some(Marker {
        ordered,
        ch,
        start,
        width,
        content_blank: false,
    })
}

/// Block-level HTML element names (CommonMark HTML block type 6).
const HTML_BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Whether `line` starts an HTML block that can interrupt a paragraph (CommonMark types
/// 1 to 6). Such a line only survives as raw text inside a code span that starts on an
/// earlier line; rustdoc would end the paragraph (and the code span) there.
fn html_block_start(line: &str) -> bool {
    if indent_of(line) > 3 {
        return false;
    }
    let Some(after) = line.trim_start_matches(' ').strip_prefix('<') else {
        return false;
    };
    if after.starts_with("!--") || after.starts_with('?') || after.starts_with("![CDATA[") {
        return true;
    }
    if let Some(decl) = after.strip_prefix('!') {
        return decl.starts_with(|c: char| c.is_ascii_alphabetic());
    }
    let (closing, rest) = match after.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let name_len = rest.chars().take_while(char::is_ascii_alphanumeric).count();
    let name = rest[..name_len].to_ascii_lowercase();
    let tail = &rest[name_len..];
    let ends_name = tail.is_empty()
        || tail.starts_with(|c: char| c.is_whitespace() || c == '>')
        || tail.starts_with("/>");
    if !ends_name || name.is_empty() {
        return false;
    }
    (!closing && matches!(name.as_str(), "script" | "pre" | "style" | "textarea"))
        || HTML_BLOCK_TAGS.contains(&name.as_str())
}

/// Whether `line` starts a block that ends a paragraph (so it cannot continue one).
fn interrupts(line: &str) -> bool {
    html_block_start(line)
        || fence_open(line).is_some()
        || atx_heading(line).is_some()
        || is_thematic(line)
        || is_quote_start(line)
        || list_marker(line).is_some_and(|m| !m.content_blank && (!m.ordered || m.start == 1))
}

/// Whether the innermost block a content line opens or continues is a paragraph (so the
/// next line could be a lazy continuation of it).
fn paragraph_ish(line: &str) -> bool {
    let mut s = line;
    for _ in 0..MAX_DEPTH {
        if is_quote_start(s) {
            s = quote_content(s);
        } else if let Some(m) = list_marker(s).filter(|_| !is_thematic(s)) {
            s = s.get(m.width..).unwrap_or("");
        } else {
            break;
        }
    }
    !is_blank(s)
        && indent_of(s) < 4
        && fence_open(s).is_none()
        && atx_heading(s).is_none()
        && !is_thematic(s)
}

fn table_cells(line: &str) -> usize {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t
        .strip_suffix('|')
        .filter(|s| !s.ends_with('\\'))
        .unwrap_or(t);
    let mut count = 1;
    let mut prev = ' ';
    for c in t.chars() {
        if c == '|' && prev != '\\' {
            count += 1;
        }
        prev = c;
    }
    count
}

fn is_table_delim(line: &str, header_cells: usize) -> bool {
    let t = line.trim();
    if !t.contains('-') || !t.chars().all(|c| matches!(c, '|' | ':' | '-' | ' ')) {
        return false;
    }
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    cells.len() == header_cells
        && (t.contains('|') || header_cells == 1)
        && cells.iter().all(|c| {
            let c = c.strip_prefix(':').unwrap_or(c);
            let c = c.strip_suffix(':').unwrap_or(c);
            !c.is_empty() && c.chars().all(|x| x == '-')
        })
}

fn starts_table(lines: &[String], i: usize) -> bool {
    lines[i].contains('|')
        && lines
            .get(i + 1)
            .is_some_and(|next| is_table_delim(next, table_cells(&lines[i])))
}

fn parse_blocks(lines: &[String], depth: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].as_str();
        if is_blank(line) {
            i += 1;
            continue;
        }
        if indent_of(line) >= 4 {
            let mut code = Vec::new();
            while i < lines.len() && (is_blank(&lines[i]) || indent_of(&lines[i]) >= 4) {
                code.push(strip_indent(&lines[i], 4).to_string());
                i += 1;
            }
            push_code(&mut blocks, "", code, depth);
            continue;
        }
        if let Some(fence) = fence_open(line) {
            i += 1;
            let mut code = Vec::new();
            while i < lines.len() {
                if fence_close(&lines[i], &fence) {
                    i += 1;
                    break;
                }
                code.push(strip_indent(&lines[i], fence.indent).to_string());
                i += 1;
            }
            push_code(&mut blocks, &fence.info, code, depth);
            continue;
        }
        if let Some((level, text)) = atx_heading(line) {
            blocks.push(Block::Heading(level, text));
            i += 1;
            continue;
        }
        if is_thematic(line) {
            blocks.push(Block::Rule);
            i += 1;
            continue;
        }
        if depth < MAX_DEPTH && is_quote_start(line) {
            let (inner, next) = collect_quote(lines, i);
            blocks.push(Block::Quote(parse_blocks(&inner, depth + 1)));
            i = next;
            continue;
        }
        if depth < MAX_DEPTH {
            if let Some(marker) = list_marker(line) {
                let (list, next) = parse_list(lines, i, marker, depth);
                blocks.push(list);
                i = next;
                continue;
            }
        }
        if starts_table(lines, i) {
            let mut rows = vec![line.trim().to_string(), lines[i + 1].trim().to_string()];
            i += 2;
            while i < lines.len() && !is_blank(&lines[i]) && !interrupts(&lines[i]) {
                rows.push(lines[i].trim().to_string());
                i += 1;
            }
            blocks.push(Block::Table(rows));
            continue;
        }
        let mut para = vec![line.trim().to_string()];
        i += 1;
        let mut setext = None;
        while i < lines.len() {
            let l = lines[i].as_str();
            if is_blank(l) {
                break;
            }
            if let Some(level) = setext_level(l) {
                setext = Some(level);
                i += 1;
                break;
            }
            if interrupts(l) || starts_table(lines, i) {
                break;
            }
            para.push(l.trim().to_string());
            i += 1;
        }
        match setext {
            Some(level) => blocks.push(Block::Heading(level, para.join(" "))),
            None => blocks.push(Block::Para(para)),
        }
    }
    blocks
}

fn is_mdx_noise(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("import ")
        || t.starts_with("export ")
        || (t.starts_with('<')
            && t.chars().nth(1).is_some_and(|c| c.is_ascii_uppercase())
            && t.ends_with("/>"))
}

fn push_code(blocks: &mut Vec<Block>, info: &str, mut lines: Vec<String>, depth: usize) {
    let word = info.split_whitespace().next().unwrap_or("");
    if word.eq_ignore_ascii_case("mdx-code-block") {
        // MDX (markdown + JSX) that Docusaurus renders: keep the markdown part.
        if depth < MAX_DEPTH {
            let text: Vec<&str> = lines
                .iter()
                .map(String::as_str)
                .filter(|l| !is_mdx_noise(l))
                .collect();
            blocks.extend(parse_markdown(&text.join("\n"), depth + 1));
        }
        return;
    }
    while lines.last().is_some_and(|l| is_blank(l)) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| is_blank(l)) {
        lines.remove(0);
    }
    if lines.is_empty() {
        return;
    }
    blocks.push(Block::Code {
        lang: code_lang(info),
        lines,
    });
}

fn collect_quote(lines: &[String], start: usize) -> (Vec<String>, usize) {
    let mut inner: Vec<String> = Vec::new();
    let mut i = start;
    let mut fence: Option<Fence> = None;
    let mut last_para = false;
    while i < lines.len() {
        let l = lines[i].as_str();
        if is_quote_start(l) {
            let content = quote_content(l);
            track_fence(&mut fence, content);
            last_para = fence.is_none() && paragraph_ish(content);
            inner.push(content.to_string());
        } else if !is_blank(l) && last_para && !interrupts(l) {
            inner.push(l.trim_start().to_string());
        } else {
            break;
        }
        i += 1;
    }
    (inner, i)
}

/// Follows fenced code in container content lines (to know when lazy lines are possible).
fn track_fence(fence: &mut Option<Fence>, content: &str) {
    let stripped = strip_indent(content, 3);
    match fence {
        Some(f) => {
            if fence_closes(stripped, f) {
                *fence = None;
            }
        }
        None => *fence = fence_open(content),
    }
}

fn parse_list(lines: &[String], start: usize, first: Marker, depth: usize) -> (Block, usize) {
    let mut items = Vec::new();
    let mut loose = false;
    let mut marker = first;
    let mut i = start;
    loop {
        let line = lines[i].as_str();
        let first_content = if marker.content_blank {
            String::new()
        } else {
            line.get(marker.width..).unwrap_or("").to_string()
        };
        let mut fence: Option<Fence> = None;
        track_fence(&mut fence, &first_content);
        let mut last_para = fence.is_none() && paragraph_ish(&first_content);
        let mut item = vec![first_content];
        let mut blank_run = 0;
        i += 1;
        while i < lines.len() {
            let l = lines[i].as_str();
            if is_blank(l) {
                if marker.content_blank && item.len() == 1 {
                    // An item can start with at most one blank line.
                    break;
                }
                item.push(String::new());
                blank_run += 1;
                last_para = false;
                i += 1;
                continue;
            }
            if indent_of(l) >= marker.width {
                let content = l[marker.width..].to_string();
                track_fence(&mut fence, &content);
                last_para = fence.is_none() && paragraph_ish(&content);
                item.push(content);
                blank_run = 0;
                i += 1;
                continue;
            }
            let sibling =
                list_marker(l).is_some_and(|m| m.ordered == marker.ordered && m.ch == marker.ch);
            if blank_run == 0 && last_para && !interrupts(l) && !sibling {
                item.push(l.trim_start().to_string());
                i += 1;
                continue;
            }
            break;
        }
        let mut trailing = 0;
        while item.len() > 1 && item.last().is_some_and(|l| l.is_empty()) {
            item.pop();
            trailing += 1;
        }
        if item.iter().skip(1).any(String::is_empty) {
            loose = true;
        }
        items.push(parse_blocks(&item, depth + 1));
        let next = lines.get(i).and_then(|l| list_marker(l)).filter(|m| {
            m.ordered == marker.ordered && m.ch == marker.ch && !is_thematic(&lines[i])
        });
        match next {
            Some(m) => {
                if trailing > 0 {
                    loose = true;
                }
                marker = m;
            }
            None => break,
        }
    }
    let list = Block::List {
        ordered: first.ordered,
        start: first.start,
        loose,
        items,
    };
    (list, i)
}

// ---------------------------------------------------------------------------------------
// Pass 3b: rendering
// ---------------------------------------------------------------------------------------

/// Whether two blocks inside a tight list item need a blank line between them.
fn needs_blank(prev: &Block, next: &Block) -> bool {
    match (prev, next) {
        (Block::Para(_), Block::List { ordered, start, .. }) => *ordered && *start != 1,
        (Block::Para(_), Block::Code { .. }) | (Block::Code { .. }, _) => false,
        _ => true,
    }
}

fn render_blocks(blocks: &[Block], tight: bool, out: &mut Vec<String>) {
    let mut prev: Option<&Block> = None;
    let mut prev_alt = false;
    for block in blocks {
        // Two lists in a row would merge: alternate the marker style.
        let alt = match (prev, block) {
            (Some(Block::List { ordered: a, .. }), Block::List { ordered: b, .. }) => {
                a == b && !prev_alt
            }
            _ => false,
        };
        let mut lines = Vec::new();
        render_block(block, alt, &mut lines);
        if lines.is_empty() {
            continue;
        }
        if let Some(p) = prev {
            if !tight || needs_blank(p, block) {
                out.push(String::new());
            }
        }
        out.append(&mut lines);
        prev = Some(block);
        prev_alt = alt;
    }
}

fn render_block(block: &Block, alt: bool, out: &mut Vec<String>) {
    match block {
        Block::Para(lines) => {
            // Line starts are escaped before the inline pass, so that a code span the inline
            // pass sees is one rustdoc sees too (an escaped backtick opens none).
            let lines: Vec<String> = lines.iter().map(|l| escape_line_start(l.trim())).collect();
            let text = inline(&lines.join("\n"), false);
            for line in text.split('\n') {
                let line = line.trim();
                if !line.is_empty() {
                    out.push(line.to_string());
                }
            }
        }
        Block::Heading(level, text) => {
            let text = inline(text, false).replace('\n', " ");
            let mut text = text.trim().to_string();
            if text.is_empty() {
                return;
            }
            let without = text.trim_end_matches('#');
            if without.len() < text.len() && (without.is_empty() || without.ends_with(' ')) {
                text.insert(without.len(), '\\');
            }
            out.push(format!("{} {text}", "#".repeat(*level)));
        }
        Block::Code { lang, lines } => {
            let longest = lines.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0);
            let fence = "`".repeat(3.max(longest + 1));
            out.push(format!("{fence}{lang}"));
            out.extend(lines.iter().map(|l| l.trim_end().to_string()));
            out.push(fence);
        }
        Block::List {
            ordered,
            start,
            loose,
            items,
        } => {
            let mut number = if start.saturating_add(items.len() as u64) > MAX_LIST_NUMBER {
                1
            } else {
                *start
            };
            let mut rendered = 0;
            for item in items {
                let mut inner = Vec::new();
                render_blocks(item, !loose, &mut inner);
                if inner.is_empty() {
                    continue;
                }
                let marker = match (ordered, alt) {
                    (true, false) => format!("{number}. "),
                    (true, true) => format!("{number}) "),
                    (false, false) => "- ".to_string(),
                    (false, true) => "+ ".to_string(),
                };
                number += 1;
                if *loose && rendered > 0 {
                    out.push(String::new());
                }
                rendered += 1;
                let pad = " ".repeat(marker.len());
                for (k, line) in inner.into_iter().enumerate() {
                    if k == 0 {
                        out.push(format!("{marker}{line}"));
                    } else if line.is_empty() {
                        out.push(line);
                    } else {
                        out.push(format!("{pad}{line}"));
                    }
                }
            }
        }
        Block::Quote(blocks) => {
            let mut inner = Vec::new();
            render_blocks(blocks, false, &mut inner);
            for line in inner {
                if line.is_empty() {
                    out.push(">".to_string());
                } else {
                    out.push(format!("> {line}"));
                }
            }
        }
        Block::Rule => out.push("---".to_string()),
        Block::Table(rows) => {
            for (k, row) in rows.iter().enumerate() {
                if k == 1 {
                    out.push(row.clone());
                } else {
                    let row = inline(&escape_line_start(row.trim()), false);
                    out.push(row.replace('\n', " ").trim().to_string());
                }
            }
        }
    }
}

/// Backslash-escapes the start of a paragraph line that markdown would read as the start
/// of a block (heading, list item, block quote, fence, rule, setext underline, HTML block:
/// the last only happens inside a code span that spans lines).
fn escape_line_start(line: &str) -> String {
    if list_marker(line).is_some_and(|m| m.ordered) {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    if is_quote_start(line)
        || html_block_start(line)
        || atx_heading(line).is_some()
        || list_marker(line).is_some()
        || fence_open(line).is_some()
        || is_thematic(line)
        || setext_level(line).is_some()
    {
        return format!("\\{line}");
    }
    line.to_string()
}

/// End (index of `>`) of an autolink `<scheme:...>` or `<user@host>` at `chars[i] == '<'`.
fn autolink_end(chars: &[char], i: usize) -> Option<usize> {
    let limit = (i + SCAN_LIMIT).min(chars.len());
    let mut j = i + 1;
    // URI autolink.
    if chars.get(j).is_some_and(char::is_ascii_alphabetic) {
        let s = j;
        while j < limit && (chars[j].is_ascii_alphanumeric() || "+.-".contains(chars[j])) {
            j += 1;
        }
        if (2..=32).contains(&(j - s)) && chars.get(j) == Some(&':') {
            j += 1;
            while j < limit {
                match chars[j] {
                    '>' => return Some(j),
                    '<' => return None,
                    c if c.is_whitespace() || c.is_control() => return None,
                    _ => j += 1,
                }
            }
            return None;
        }
    }
    // Email autolink.
    j = i + 1;
    let s = j;
    while j < limit
        && (chars[j].is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(chars[j]))
    {
        j += 1;
    }
    if j == s || chars.get(j) != Some(&'@') {
        return None;
    }
    j += 1;
    let d = j;
    while j < limit && (chars[j].is_ascii_alphanumeric() || chars[j] == '-' || chars[j] == '.') {
        j += 1;
    }
    let domain: String = chars[d..j].iter().collect();
    let valid = !domain.is_empty()
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
    (valid && chars.get(j) == Some(&'>')).then_some(j)
}

/// A bare `http(s)://` URL at `i`: its end and its text (backslash escapes removed).
fn bare_url(chars: &[char], i: usize) -> Option<(usize, String)> {
    let body = if starts_with_ci(chars, i, "https://") {
        i + 8
    } else if starts_with_ci(chars, i, "http://") {
        i + 7
    } else {
        return None;
    };
    let limit = (i + SCAN_LIMIT).min(chars.len());
    let mut e = body;
    while e < limit {
        let c = chars[e];
        let stops = |c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '`' | '"' | '[' | ']' | '|' | '\\')
        };
        if c == '\\' {
            // An escaped character is part of the URL unless it could not be in one.
            match chars.get(e + 1) {
                Some(&n) if n.is_ascii_punctuation() && !stops(n) => {
                    e += 2;
                    continue;
                }
                _ => break,
            }
        }
        if stops(c) {
            break;
        }
        e += 1;
    }
    loop {
        if e <= body {
            return None;
        }
        let c = chars[e - 1];
        let escaped = e >= 2 && chars[e - 2] == '\\';
        if matches!(
            c,
            '.' | ',' | ':' | ';' | '!' | '?' | '*' | '_' | '~' | '\''
        ) && !escaped
        {
            e -= 1;
            continue;
        }
        if c == ')' && !escaped {
            let opens = chars[i..e].iter().filter(|&&c| c == '(').count();
            let closes = chars[i..e].iter().filter(|&&c| c == ')').count();
            if closes > opens {
                e -= 1;
                continue;
            }
        }
        break;
    }
    let mut url = String::new();
    let mut k = i;
    while k < e {
        if chars[k] == '\\' && k + 1 < e {
            k += 1;
        }
        url.push(chars[k]);
        k += 1;
    }
    Some((e, url))
}

/// An inline link `[text](dest "title")` with `chars[i] == '['`.
struct Link {
    /// Index of the closing `]`.
    text_end: usize,
    dest: String,
    /// Index of the opening `(`.
    paren: usize,
    /// Index past the closing `)`.
    end: usize,
}

fn parse_link(chars: &[char], i: usize, runs: &BacktickRuns) -> Option<Link> {
    let limit = (i + SCAN_LIMIT).min(chars.len());
    let mut j = i + 1;
    let mut depth = 0usize;
    loop {
        if j >= limit {
            return None;
        }
        match chars[j] {
            '\\' => j += 2,
            '`' => {
                let n = run_len(chars, j, '`');
                match runs.next(n, j + n) {
                    Some(e) if e < limit => j = e + n,
                    _ => j += n,
                }
            }
            '<' => match autolink_end(chars, j) {
                Some(e) => j = e + 1,
                None => j += 1,
            },
            '[' => {
                depth += 1;
                j += 1;
            }
            ']' if depth == 0 => break,
            ']' => {
                depth -= 1;
                j += 1;
            }
            _ => j += 1,
        }
    }
    let text_end = j;
    let paren = j + 1;
    if chars.get(paren) != Some(&'(') {
        return None;
    }
    let limit = (paren + SCAN_LIMIT).min(chars.len());
    let skip_ws = |k: &mut usize| {
        let start = *k;
        let mut newlines = 0;
        while *k < limit && chars[*k].is_whitespace() {
            if chars[*k] == '\n' {
                newlines += 1;
            }
            *k += 1;
        }
        (*k > start, newlines <= 1)
    };
    let mut k = paren + 1;
    if !skip_ws(&mut k).1 {
        return None;
    }
    let dest: String;
    if chars.get(k) == Some(&'<') {
        let s = k + 1;
        let mut m = s;
        while m < limit && chars[m] != '>' {
            if chars[m] == '<' || chars[m] == '\n' {
                return None;
            }
            if chars[m] == '\\' {
                m += 1;
            }
            m += 1;
        }
        if m >= limit {
            return None;
        }
        dest = chars[s..m].iter().collect();
        k = m + 1;
    } else {
        let s = k;
        let mut parens = 0usize;
        while k < limit {
            let c = chars[k];
            if c == '\\' && chars.get(k + 1).is_some_and(|n| n.is_ascii_punctuation()) {
                k += 2;
                continue;
            }
            if c.is_whitespace() || c.is_control() {
                break;
            }
            if c == '(' {
                parens += 1;
            } else if c == ')' {
                if parens == 0 {
                    break;
                }
                parens -= 1;
            }
            k += 1;
        }
        if parens != 0 {
            return None;
        }
        dest = chars[s..k].iter().collect();
    }
    let (had_ws, ok) = skip_ws(&mut k);
    if !ok {
        return None;
    }
    if had_ws {
        if let Some(&q) = chars.get(k).filter(|c| matches!(c, '"' | '\'' | '(')) {
            let close = if q == '(' { ')' } else { q };
            k += 1;
            while k < limit && chars[k] != close {
                if chars[k] == '\\' {
                    k += 1;
                }
                k += 1;
            }
            if k >= limit {
                return None;
            }
            k += 1;
            if !skip_ws(&mut k).1 {
                return None;
            }
        }
    }
    if chars.get(k) != Some(&')') {
        return None;
    }
    Some(Link {
        text_end,
        dest,
        paren,
        end: k + 1,
    })
}

/// Escapes the inline content of a paragraph, heading or table row (see the module docs).
/// `in_link`: the text is the content of a link, which cannot hold links or autolinks.
fn inline(text: &str, in_link: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let runs = BacktickRuns::new(&chars);
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push('\\');
                match chars.get(i + 1) {
                    Some(&n) if n.is_ascii_punctuation() => {
                        out.push(n);
                        i += 2;
                    }
                    Some('h' | 'H') if !in_link && bare_url(&chars, i + 1).is_some() => {
                        // A literal backslash: doubled, or it would escape the `<` of the
                        // autolink that follows.
                        out.push('\\');
                        i += 1;
                    }
                    _ => i += 1,
                }
            }
            '`' => {
                let n = run_len(&chars, i, '`');
                match runs.next(n, i + n) {
                    Some(e) => {
                        out.extend(&chars[i..e + n]);
                        i = e + n;
                    }
                    None => {
                        out.push_str(&"\\`".repeat(n));
                        i += n;
                    }
                }
            }
            '<' => {
                if let Some(end) = autolink_end(&chars, i) {
                    if in_link {
                        let inner: String = chars[i + 1..end].iter().collect();
                        out.push_str(&escape_text(&inner));
                    } else {
                        out.extend(&chars[i..=end]);
                    }
                    i = end + 1;
                } else if chars.get(i + 1).is_some_and(|&n| {
                    // `[` too: an unlinked `[t](path)` becomes `t`.
                    n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?' | '[')
                }) {
                    out.push_str("&lt;");
                    i += 1;
                } else {
                    out.push('<');
                    i += 1;
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => match parse_link(&chars, i + 1, &runs) {
                Some(link) => {
                    let alt: String = chars[i + 2..link.text_end].iter().collect();
                    if is_absolute_url(&link.dest) {
                        let tail: String = chars[link.paren..link.end].iter().collect();
                        out.push_str(&format!("![{}]{tail}", inline(&alt, true)));
                    } else {
                        out.push_str(&inline(&alt, in_link));
                    }
                    i = link.end;
                }
                None => {
                    out.push('!');
                    i += 1;
                }
            },
            '[' => {
                let link = if in_link {
                    None
                } else {
                    parse_link(&chars, i, &runs)
                };
                match link {
                    Some(link) => {
                        let label: String = chars[i + 1..link.text_end].iter().collect();
                        let keep = is_absolute_url(&link.dest);
                        let label = inline(&label, keep);
                        if !keep {
                            out.push_str(&label);
                        } else if label.trim().is_empty() {
                            let tail: String = chars[link.paren..link.end].iter().collect();
                            out.push_str(&format!("[{}]{tail}", escape_text(link.dest.trim())));
                        } else {
                            let tail: String = chars[link.paren..link.end].iter().collect();
                            out.push_str(&format!("[{label}]{tail}"));
                        }
                        i = link.end;
                    }
                    None => {
                        out.push_str("\\[");
                        i += 1;
                    }
                }
            }
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            'h' | 'H' if !in_link => match bare_url(&chars, i) {
                Some((end, url)) => {
                    out.push('<');
                    out.push_str(&url);
                    out.push('>');
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
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
