//! Reading markdown into [`Block`]s with `pulldown-cmark`, rustdoc's own parser.

use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::inline::{escape_line_start, Inline};
use super::render::Block;
use super::{code_lang, html, MAX_DEPTH};

/// The extensions rustdoc turns on that change the structure of a doc comment (footnotes
/// stay off: a footnote is printed as escaped text, so none can dangle).
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Parses sanitized docs text (HTML mixed with markdown) into blocks; `depth`: the
/// container depth it sits at.
pub(super) fn blocks(text: &str, depth: usize) -> Vec<Block> {
    let md = escape_refdefs(html::to_markdown(text));
    let mut builder = Builder {
        src: &md,
        frames: vec![Frame {
            kind: Kind::Root,
            blocks: Vec::new(),
        }],
        depth,
        inline: None,
        code: None,
        html: None,
        table: None,
    };
    for (event, range) in Parser::new_ext(&md, options()).into_offset_iter() {
        builder.event(event, range);
    }
    builder.close_inline();
    builder.frames.swap_remove(0).blocks
}

/// Escapes the `[` of every link reference definition, so that it stays visible as text
/// and no reference link is left (the input is parsed again each time: defining a label
/// twice hides the second definition behind the first).
fn escape_refdefs(mut md: String) -> String {
    for _ in 0..4 {
        let mut starts: Vec<usize> = Parser::new_ext(&md, options())
            .reference_definitions()
            .iter()
            .filter_map(|(_, def)| md[def.span.clone()].find('[').map(|k| def.span.start + k))
            .collect();
        if starts.is_empty() {
            break;
        }
        starts.sort_unstable();
        let mut escaped = String::with_capacity(md.len() + starts.len());
        let mut from = 0;
        for start in starts {
            escaped.push_str(&md[from..start]);
            escaped.push('\\');
            from = start;
        }
        escaped.push_str(&md[from..]);
        md = escaped;
    }
    md
}

enum Kind {
    Root,
    Quote,
    List {
        ordered: bool,
        start: u64,
        loose: bool,
        items: Vec<Vec<Block>>,
    },
    Item,
    /// A container nested too deep: its content goes to the enclosing one.
    Flat,
}

struct Frame {
    kind: Kind,
    blocks: Vec<Block>,
}

/// What an open inline container becomes.
enum InlineKind {
    Para,
    Heading(usize),
    Cell,
}

struct Table {
    aligns: Vec<Alignment>,
    rows: Vec<String>,
    cells: Vec<String>,
}

struct Builder<'a> {
    src: &'a str,
    frames: Vec<Frame>,
    depth: usize,
    inline: Option<(InlineKind, Inline<'a>)>,
    code: Option<(String, String)>,
    html: Option<String>,
    table: Option<Table>,
}

impl<'a> Builder<'a> {
    fn push(&mut self, block: Block) {
        if let Some(frame) = self
            .frames
            .iter_mut()
            .rev()
            .find(|f| !matches!(f.kind, Kind::Flat | Kind::List { .. }))
        {
            frame.blocks.push(block);
        }
    }

    fn open(&mut self, kind: Kind) {
        let deep = self.depth >= MAX_DEPTH
            || matches!(self.frames.last().map(|f| &f.kind), Some(Kind::Flat));
        let kind = match kind {
            Kind::Item
                if !matches!(self.frames.last().map(|f| &f.kind), Some(Kind::List { .. })) =>
            {
                Kind::Flat
            }
            Kind::Quote | Kind::List { .. } if deep => Kind::Flat,
            kind => kind,
        };
        if matches!(kind, Kind::Quote | Kind::List { .. }) {
            self.depth += 1;
        }
        self.frames.push(Frame {
            kind,
            blocks: Vec::new(),
        });
    }

    fn close(&mut self) {
        self.close_inline();
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame.kind {
            Kind::Quote => {
                self.depth -= 1;
                if !frame.blocks.is_empty() {
                    self.push(Block::Quote(frame.blocks));
                }
            }
            Kind::List {
                ordered,
                start,
                loose,
                items,
            } => {
                self.depth -= 1;
                self.push(Block::List {
                    ordered,
                    start,
                    loose,
                    items,
                });
            }
            Kind::Item => {
                if let Some(Frame {
                    kind: Kind::List { items, .. },
                    ..
                }) = self.frames.last_mut()
                {
                    items.push(frame.blocks);
                }
            }
            Kind::Root | Kind::Flat => {}
        }
    }

    /// Ends the open paragraph, heading or cell.
    fn close_inline(&mut self) {
        let Some((kind, inline)) = self.inline.take() else {
            return;
        };
        let text = inline.finish();
        match kind {
            InlineKind::Para => self.para(&text),
            InlineKind::Heading(level) => {
                let mut text = text.replace('\n', " ").trim().to_string();
                if text.is_empty() {
                    return;
                }
                let without = text.trim_end_matches('#');
                if without.len() < text.len() && (without.is_empty() || without.ends_with(' ')) {
                    text.insert(without.len(), '\\');
                }
                self.push(Block::Heading(level, text));
            }
            InlineKind::Cell => {
                if let Some(t) = self.table.as_mut() {
                    t.cells.push(text.replace('\n', " ").trim().to_string());
                }
            }
        }
    }

    /// Pushes a paragraph of rendered inline text.
    fn para(&mut self, text: &str) {
        let lines: Vec<String> = text
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(escape_line_start)
            .collect();
        if !lines.is_empty() {
            self.push(Block::Para(lines));
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some((_, code)) = self.code.as_mut() {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        if let Some(html) = self.html.as_mut() {
            match event {
                Event::Html(t) | Event::Text(t) => html.push_str(&t),
                Event::End(TagEnd::HtmlBlock) => self.end_html(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::Rule => {
                self.close_inline();
                self.push(Block::Rule);
            }
            event => {
                let src = self.src;
                let (_, inline) = self
                    .inline
                    .get_or_insert_with(|| (InlineKind::Para, Inline::new(src)));
                inline.event(event, range);
            }
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        let src = self.src;
        match tag {
            Tag::Paragraph => {
                self.close_inline();
                let n = self.frames.len();
                if n >= 2 && matches!(self.frames[n - 1].kind, Kind::Item) {
                    if let Kind::List { loose, .. } = &mut self.frames[n - 2].kind {
                        *loose = true;
                    }
                }
                self.inline = Some((InlineKind::Para, Inline::new(src)));
            }
            Tag::Heading { level, .. } => {
                self.close_inline();
                self.inline = Some((InlineKind::Heading(level as usize), Inline::new(src)));
            }
            Tag::BlockQuote(_) => {
                self.close_inline();
                self.open(Kind::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.close_inline();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Tag::HtmlBlock => {
                self.close_inline();
                self.html = Some(String::new());
            }
            Tag::List(start) => {
                self.close_inline();
                self.open(Kind::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    loose: false,
                    items: Vec::new(),
                });
            }
            Tag::Item => {
                self.close_inline();
                self.open(Kind::Item);
            }
            Tag::Table(aligns) => {
                self.close_inline();
                self.table = Some(Table {
                    aligns,
                    rows: Vec::new(),
                    cells: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow => {}
            Tag::TableCell => {
                self.inline = Some((InlineKind::Cell, Inline::new(src)));
            }
            tag => {
                let (_, inline) = self
                    .inline
                    .get_or_insert_with(|| (InlineKind::Para, Inline::new(src)));
                inline.event(Event::Start(tag), range);
            }
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => self.close_inline(),
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item => self.close(),
            TagEnd::TableHead | TagEnd::TableRow => {
                let head = matches!(end, TagEnd::TableHead);
                if let Some(t) = self.table.as_mut() {
                    let cells = std::mem::take(&mut t.cells);
                    t.rows.push(format!("| {} |", cells.join(" | ")));
                    if head {
                        let delims: Vec<&str> = t
                            .aligns
                            .iter()
                            .map(|a| match a {
                                Alignment::None => "---",
                                Alignment::Left => ":---",
                                Alignment::Center => ":---:",
                                Alignment::Right => "---:",
                            })
                            .collect();
                        t.rows.push(format!("|{}|", delims.join("|")));
                    }
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push(Block::Table(t.rows));
                }
            }
            end => {
                if let Some((_, inline)) = self.inline.as_mut() {
                    inline.event(Event::End(end), 0..0);
                }
            }
        }
    }

    fn end_code(&mut self) {
        let Some((info, text)) = self.code.take() else {
            return;
        };
        let mut lines: Vec<&str> = text.split('\n').collect();
        let word = info.split_whitespace().next().unwrap_or("");
        if word.eq_ignore_ascii_case("mdx-code-block") {
            // MDX (markdown + JSX) that Docusaurus renders: keep the markdown part.
            if self.depth < MAX_DEPTH {
                let text: Vec<&str> = lines.into_iter().filter(|l| !is_mdx_noise(l)).collect();
                for block in blocks(&text.join("\n"), self.depth + 1) {
                    self.push(block);
                }
            }
            return;
        }
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        let first = lines.iter().take_while(|l| l.trim().is_empty()).count();
        if first == lines.len() {
            return;
        }
        self.push(Block::Code {
            lang: code_lang(&info),
            lines: lines[first..].iter().map(|l| l.to_string()).collect(),
        });
    }

    /// Raw HTML left after the HTML pass (unknown tags, unclosed comments): text.
    fn end_html(&mut self) {
        let Some(html) = self.html.take() else {
            return;
        };
        for para in html.split("\n\n") {
            let mut inline = Inline::new(para);
            for (n, line) in para.split('\n').enumerate() {
                if n > 0 {
                    inline.event(Event::SoftBreak, 0..0);
                }
                let start = line.as_ptr() as usize - para.as_ptr() as usize;
                let range = start..start + line.len();
                match line.trim_start().strip_prefix('<') {
                    Some(_) => inline.event(Event::InlineHtml(line.trim_start().into()), range),
                    None => inline.event(Event::Text(line.into()), range),
                }
            }
            self.para(&inline.finish());
        }
    }
}

fn is_mdx_noise(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("import ")
        || t.starts_with("export ")
        || (t.starts_with('<')
            && t.chars().nth(1).is_some_and(|c| c.is_ascii_uppercase())
            && t.ends_with("/>"))
}
