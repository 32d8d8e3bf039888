//! Turning the HTML in docs text into markdown.
//!
//! Tags are found with `html5gum` over the text with markdown code spans and fenced
//! blocks masked out (and escaped characters, so `\<b>` is no tag). Everything between
//! the tags that are converted is copied from the input as it is; entities are left for
//! the markdown pass to decode.

use std::collections::HashMap;
use std::ops::Range;

use html5gum::{DefaultEmitter, Token, Tokenizer};
use pulldown_cmark::{Event, Parser};

use super::{code_lang, code_span, escape_text, longest_run, normalize_url, push_literal_char};

mod scan;
mod tags;

use tags::{tag_class, TagClass};

/// HTML lists nested deeper than this are not indented any further.
const MAX_HTML_LIST_DEPTH: usize = 8;

/// An HTML tag or comment, with its byte range in the input.
pub(super) struct Tag {
    pub(super) closing: bool,
    pub(super) name: String,
    attrs: Vec<(String, String)>,
    pub(super) self_closing: bool,
    pub(super) span: Range<usize>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

enum Item {
    Tag(Tag),
    /// A comment, and whether it is closed (`-->`).
    Comment(Range<usize>, bool),
    /// Decoded text (only collected for element content).
    Text(String),
}

/// The tags, comments and (when `with_text`) decoded text of `text`, in order.
fn tokenize(text: &str, with_text: bool) -> Vec<Item> {
    let emitter = DefaultEmitter::<usize>::new_with_span();
    let mut items = Vec::new();
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(t) => items.push(Item::Tag(Tag {
                closing: false,
                name: String::from_utf8_lossy(&t.name).into_owned(),
                attrs: t
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        let k = String::from_utf8_lossy(k).into_owned();
                        (k, String::from_utf8_lossy(&v.value).into_owned())
                    })
                    .collect(),
                self_closing: t.self_closing,
                span: t.span.start..t.span.end,
            })),
            Token::EndTag(t) => items.push(Item::Tag(Tag {
                closing: true,
                name: String::from_utf8_lossy(&t.name).into_owned(),
                attrs: Vec::new(),
                self_closing: false,
                span: t.span.start..t.span.end,
            })),
            Token::Comment(c) => {
                let span = c.span.start..c.span.end;
                let closed = text[span.clone()].ends_with("-->");
                items.push(Item::Comment(span, closed));
            }
            Token::String(s) if with_text => {
                items.push(Item::Text(String::from_utf8_lossy(&s.value).into_owned()));
            }
            _ => {}
        }
    }
    items
}

/// The literal text of HTML content (for `<code>` and `<pre>`): tags of known elements
/// dropped (`<br>` and block ends become newlines when `keep_lines`), others kept as
/// written, comments dropped, entities decoded.
fn text_content(html: &str, keep_lines: bool) -> String {
    let mut out = String::new();
    for item in tokenize(html, true) {
        match item {
            Item::Text(t) => t.chars().for_each(|c| push_literal_char(&mut out, c)),
            Item::Tag(tag) if tag_class(&tag.name).is_none() => {
                out.push_str(&html[tag.span]);
            }
            Item::Tag(tag) => {
                let breaks = matches!(
                    tag.name.as_str(),
                    "br" | "p" | "div" | "li" | "tr" | "hr" | "pre"
                );
                if breaks && (tag.name == "br" || tag.closing) {
                    out.push(if keep_lines { '\n' } else { ' ' });
                }
            }
            Item::Comment(..) => {}
        }
    }
    out
}

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

/// Converts the HTML in `text` into markdown (see the module docs of [`super`]).
pub(super) fn to_markdown(text: &str) -> String {
    if !text.contains('<') {
        return text.to_string();
    }
    let protected = scan::protected(text);
    let masked = scan::mask(text, &protected);
    let items = tokenize(&masked, false);
    let mut last_close = HashMap::new();
    for item in &items {
        if let Item::Tag(t) = item {
            if t.closing {
                last_close.insert(t.name.clone(), t.span.start);
            }
        }
    }
    let mut conv = Conv {
        src: text,
        protected,
        out: String::with_capacity(text.len() + text.len() / 8),
        pending: 0,
        lists: Vec::new(),
        heading: false,
        list_ended: false,
        at_item_start: false,
        skip_ws: false,
        inline: Vec::new(),
        last_close,
    };
    conv.run(&items);
    conv.close_all_inline();
    conv.out
}

struct Conv<'a> {
    src: &'a str,
    /// Markdown code spans and fenced blocks, sorted: copied as they are.
    protected: Vec<Range<usize>>,
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
    /// Whitespace that follows is dropped (after a block tag).
    skip_ws: bool,
    inline: Vec<InlineOpen>,
    /// Start of the last closing tag, per element name.
    last_close: HashMap<String, usize>,
}

impl Conv<'_> {
    fn run(&mut self, items: &[Item]) {
        let mut pos = 0;
        let mut k = 0;
        while k < items.len() {
            let (span, converted) = match &items[k] {
                // A closed comment is dropped; an unclosed one stays text.
                Item::Comment(span, closed) => (span.clone(), *closed),
                Item::Tag(tag) => (tag.span.clone(), self.is_tag(tag)),
                Item::Text(_) => (pos..pos, false),
            };
            k += 1;
            if !converted || span.start < pos {
                continue;
            }
            self.text(pos, span.start);
            pos = span.end;
            let Item::Tag(tag) = &items[k - 1] else {
                continue;
            };
            // Elements whose content is taken whole: skip to past their closing tag.
            let consumes = !tag.closing
                && !tag.self_closing
                && (matches!(tag.name.as_str(), "code" | "tt" | "kbd" | "samp" | "pre")
                    || tag_class(&tag.name) == Some(TagClass::DropContent));
            let close = if consumes {
                items[k..]
                    .iter()
                    .position(|i| matches!(i, Item::Tag(t) if t.closing && t.name == tag.name))
            } else {
                None
            };
            let content_end = match close {
                Some(j) => {
                    let Item::Tag(end) = &items[k + j] else {
                        unreachable!("position matched a tag")
                    };
                    k += j + 1;
                    let content_end = end.span.start;
                    pos = end.span.end;
                    content_end
                }
                None if tag.name == "pre" && consumes => {
                    k = items.len();
                    pos = self.src.len();
                    self.src.len()
                }
                None => span.end,
            };
            let content = &self.src[span.end..content_end];
            self.skip_ws = false;
            match tag.name.as_str() {
                _ if tag_class(&tag.name) == Some(TagClass::DropContent) => {}
                "pre" if !tag.closing => self.pre_block(tag, content),
                "code" | "tt" | "kbd" | "samp" if !tag.closing => {
                    if close.is_some() {
                        self.code_tag(content);
                    }
                }
                _ => self.handle_tag(tag),
            }
        }
        self.text(pos, self.src.len());
    }

    /// Whether `tag` is converted (or dropped) rather than kept as text. It must be a
    /// tag by markdown's grammar too, as `pulldown-cmark` reads it: `<A HREF=\"URL\">`,
    /// with escaped quotes, is none and stays text.
    fn is_tag(&self, tag: &Tag) -> bool {
        let Some(class) = tag_class(&tag.name) else {
            return false;
        };
        let starts_html = matches!(
            Parser::new(&self.src[tag.span.clone()]).next(),
            Some(Event::Start(pulldown_cmark::Tag::HtmlBlock))
        );
        if !starts_html {
            return false;
        }
        if tag.closing || tag.self_closing || class == TagClass::Always {
            return true;
        }
        self.last_close
            .get(&tag.name)
            .is_some_and(|&p| p > tag.span.start)
    }

    // --- text ---

    /// Copies the input from `start` to `end`, following list and heading layout.
    fn text(&mut self, start: usize, end: usize) {
        let src = self.src;
        let mut i = start;
        while i < end {
            let Some(c) = src[i..].chars().next() else {
                break;
            };
            if (self.skip_ws || self.between_items()) && c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            self.skip_ws = false;
            if let Some(r) = self.protected_at(i) {
                let r_end = r.end.min(end);
                self.protected_text(&src[i..r_end]);
                i = r_end;
                continue;
            }
            match c {
                '\\' if src
                    .as_bytes()
                    .get(i + 1)
                    .is_some_and(u8::is_ascii_punctuation) =>
                {
                    self.emit_str(&src[i..i + 2]);
                    i += 2;
                    continue;
                }
                '\n' => {
                    i = self.newline(i, end);
                    continue;
                }
                '[' | ']' if self.in_link() => {
                    self.emit_str(if c == '[' { "\\[" } else { "\\]" });
                }
                c => self.emit_char(c),
            }
            i += c.len_utf8();
        }
    }

    fn protected_at(&self, i: usize) -> Option<Range<usize>> {
        let k = self.protected.partition_point(|r| r.end <= i);
        self.protected.get(k).filter(|r| r.start == i).cloned()
    }

    /// A markdown code span or fenced block, copied as it is (a code span on one line
    /// inside lists and headings, which this pass lays out itself).
    fn protected_text(&mut self, text: &str) {
        if text.starts_with(['`', '~']) && text.contains('\n') && text.len() >= 3 {
            let fence = text.starts_with("```") || text.starts_with("~~~");
            if fence && self.lists.is_empty() && !self.heading {
                self.flush();
                self.out.push_str(text);
                return;
            }
        }
        if !self.lists.is_empty() || self.heading {
            self.emit_str(&text.replace('\n', " "));
        } else {
            self.emit_str(text);
        }
    }

    /// A line break at `i`; returns where the text goes on.
    fn newline(&mut self, i: usize, end: usize) -> usize {
        let src = self.src.as_bytes();
        let ws_end = |from: usize| {
            (from..end)
                .find(|&j| !src[j].is_ascii_whitespace())
                .unwrap_or(end)
        };
        if self.heading {
            self.emit_char(' ');
            return ws_end(i);
        }
        if !self.lists.is_empty() {
            let j = ws_end(i);
            let newlines = src[i..j].iter().filter(|&&b| b == b'\n').count();
            if self.in_item() {
                self.brk(if newlines >= 2 { 2 } else { 1 });
            }
            return j;
        }
        self.flush();
        self.out.push('\n');
        i + 1
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
        super::inline::line_is_blank(&self.out)
    }

    // --- elements ---

    fn code_tag(&mut self, content: &str) {
        let text = text_content(content, false);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            self.emit_str(&code_span(&text));
        }
        self.skip_ws = false;
    }

    fn pre_block(&mut self, tag: &Tag, content: &str) {
        let language = |t: &Tag| {
            t.attr("class")
                .and_then(|c| c.split_whitespace().find(|w| w.starts_with("language-")))
                .map(code_lang)
        };
        let mut lang = language(tag);
        if lang.is_none() && content.trim_start().starts_with('<') {
            if let Some(Item::Tag(inner)) = tokenize(content.trim_start(), false).first() {
                lang = language(inner);
            }
        }
        let text = text_content(content, true);
        let mut lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        let first = lines.iter().take_while(|l| l.is_empty()).count();
        let lines = &lines[first..];
        if lines.is_empty() {
            self.skip_ws = true;
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
        self.skip_ws = true;
    }

    fn image(&mut self, tag: &Tag) {
        let mut alt = String::new();
        let raw = tag.attr("alt").unwrap_or("");
        raw.chars().for_each(|c| push_literal_char(&mut alt, c));
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let alt = escape_text(&alt);
        match tag.attr("src").and_then(normalize_url) {
            Some(src) if !self.in_link() => self.emit_str(&format!("![{alt}]({src})")),
            _ if !alt.is_empty() => self.emit_str(&alt),
            _ => {}
        }
    }
}
