//! Which HTML elements are converted, and how.

use super::super::{normalize_url, MAX_LIST_NUMBER};
use super::{Conv, HtmlList, InlineKind, InlineOpen, Tag, MAX_HTML_LIST_DEPTH};

/// How an HTML element name is treated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TagClass {
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

pub(super) fn tag_class(name: &str) -> Option<TagClass> {
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

impl Conv<'_> {
    pub(super) fn handle_tag(&mut self, tag: &Tag) {
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
                self.skip_ws = true;
            }
            "ul" | "ol" if open => self.open_list(name == "ol", tag.attr("start")),
            "ul" | "ol" => self.close_list(),
            "li" if open => self.open_item(),
            "li" => {
                self.close_all_inline();
                if let Some(list) = self.lists.last_mut() {
                    list.in_item = false;
                }
                self.skip_ws = true;
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
                self.skip_ws = true;
            }
            "hr" => {
                self.close_all_inline();
                self.heading = false;
                self.brk(2);
                self.flush();
                self.out.push_str("---");
                self.brk(2);
                self.skip_ws = true;
            }
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
        self.skip_ws = true;
    }

    fn block_break(&mut self, n: u8) {
        self.close_all_inline();
        self.heading = false;
        self.brk(n);
        self.skip_ws = true;
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
        self.skip_ws = true;
    }

    fn close_list(&mut self) {
        self.close_all_inline();
        self.lists.pop();
        self.list_ended = self.in_item();
        self.brk(if self.lists.is_empty() { 2 } else { 1 });
        self.skip_ws = true;
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
            self.skip_ws = true;
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
        self.skip_ws = true;
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

    pub(super) fn close_all_inline(&mut self) {
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
}
