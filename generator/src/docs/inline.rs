//! Rendering the inline events of one paragraph, heading or table cell.
//!
//! Text is copied from the source as written, backslash escapes included, so that it
//! reads back the same; only what rustdoc or clippy would warn about is changed (see the
//! module docs of [`super`]). Consecutive text events are merged first, so that a bare
//! URL split by an escape or an emphasis-like `*` is seen whole.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::{code_span, escape_text, is_dropped_char, normalize_url, push_literal_char};

/// Upper bound for look-ahead scans (bare URLs).
const SCAN_LIMIT: usize = 4096;

/// An open link or image.
enum Open {
    /// Printed as a link: where its text starts in the output, and its destination.
    Kept {
        mark: usize,
        dest: String,
        title: String,
        image: bool,
    },
    /// Printed as its text only.
    Dropped,
    /// An autolink, printed from the source: its inner events are skipped.
    Auto,
}

/// Consecutive text events: their source range and the decoded entities in it.
struct Run {
    range: Range<usize>,
    /// (source range, decoded text) of every entity reference in the run.
    entities: Vec<(Range<usize>, String)>,
}

/// The renderer of one inline container.
pub(super) struct Inline<'a> {
    src: &'a str,
    out: String,
    run: Option<Run>,
    open: Vec<Open>,
    delims: Vec<String>,
}

impl<'a> Inline<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Inline {
            src,
            out: String::new(),
            run: None,
            open: Vec::new(),
            delims: Vec::new(),
        }
    }

    /// The rendered markdown; soft breaks are `\n`.
    pub(super) fn finish(mut self) -> String {
        self.flush();
        self.out
    }

    fn in_link(&self) -> bool {
        self.open
            .iter()
            .any(|o| matches!(o, Open::Kept { image: false, .. }))
    }

    pub(super) fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if matches!(self.open.last(), Some(Open::Auto)) && !matches!(event, Event::End(_)) {
            return;
        }
        if let Event::Text(text) = &event {
            self.text(text, range);
            return;
        }
        self.flush();
        let src = self.src;
        match event {
            Event::Code(code) => {
                let raw = &src[range];
                if raw.starts_with('`') && !raw.contains('\n') {
                    self.out.push_str(raw);
                } else if !code.is_empty() {
                    self.out.push_str(&code_span(&code));
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                // Raw HTML rustdoc would check as a tag: shown as text.
                self.out.push_str("&lt;");
                self.literal(&html[1..], &[], src[range.end..].chars().next());
            }
            Event::SoftBreak => self.out.push('\n'),
            Event::HardBreak => {
                if src[range].starts_with('\\') {
                    self.out.push('\\');
                }
                self.out.push('\n');
            }
            Event::TaskListMarker(done) => self.out.push_str(if done { "[x] " } else { "[ ] " }),
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let src = self.src;
        match tag {
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                let first = src[range.start..].chars().next().unwrap_or('*');
                let n = match tag {
                    Tag::Emphasis => 1,
                    Tag::Strong => 2,
                    _ => src[range]
                        .bytes()
                        .take_while(|&b| b == b'~')
                        .count()
                        .clamp(1, 2),
                };
                let first = if matches!(first, '*' | '_' | '~') {
                    first
                } else {
                    '*'
                };
                let d = first.to_string().repeat(n);
                self.out.push_str(&d);
                self.delims.push(d);
            }
            Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            } => {
                self.out.push_str(&src[range]);
                self.open.push(Open::Auto);
            }
            Tag::Link {
                dest_url, title, ..
            } => match normalize_url(&dest_url).filter(|_| !self.in_link()) {
                Some(dest) => {
                    self.out.push('[');
                    let mark = self.out.len();
                    self.open.push(Open::Kept {
                        mark,
                        dest,
                        title: title.to_string(),
                        image: false,
                    });
                }
                None => self.open.push(Open::Dropped),
            },
            Tag::Image {
                dest_url, title, ..
            } => match normalize_url(&dest_url) {
                Some(dest) => {
                    self.out.push_str("![");
                    let mark = self.out.len();
                    self.open.push(Open::Kept {
                        mark,
                        dest,
                        title: title.to_string(),
                        image: true,
                    });
                }
                None => self.open.push(Open::Dropped),
            },
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                if let Some(d) = self.delims.pop() {
                    self.out.push_str(&d);
                }
            }
            TagEnd::Link | TagEnd::Image => match self.open.pop() {
                Some(Open::Kept {
                    mark,
                    dest,
                    title,
                    image,
                }) => {
                    if !image && self.out[mark..].trim().is_empty() {
                        self.out.truncate(mark);
                        self.out.push_str(&escape_text(&dest));
                    }
                    self.out.push_str("](");
                    self.out.push_str(&dest);
                    let mut clean = String::new();
                    title.chars().for_each(|c| push_literal_char(&mut clean, c));
                    let title = clean.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !title.is_empty() {
                        self.out.push_str(" \"");
                        self.out
                            .push_str(&title.replace('\\', "\\\\").replace('"', "\\\""));
                        self.out.push('"');
                    }
                    self.out.push(')');
                }
                Some(Open::Dropped | Open::Auto) | None => {}
            },
            _ => {}
        }
    }

    /// Adds a text event to the current run (a backslash escape may sit between two).
    fn text(&mut self, text: &str, range: Range<usize>) {
        let src = self.src.as_bytes();
        let joins = self.run.as_ref().is_some_and(|r| {
            range.start == r.range.end
                || (range.start == r.range.end + 1 && src[r.range.end] == b'\\')
        });
        if !joins {
            self.flush();
            let mut start = range.start;
            // A run that starts with an escaped character: take its backslash too.
            if start > 0 && src[start - 1] == b'\\' && src[start].is_ascii_punctuation() {
                let slashes = src[..start]
                    .iter()
                    .rev()
                    .take(SCAN_LIMIT)
                    .take_while(|&&b| b == b'\\')
                    .count();
                if slashes % 2 == 1 {
                    start -= 1;
                }
            }
            self.run = Some(Run {
                range: start..start,
                entities: Vec::new(),
            });
        }
        let Some(run) = self.run.as_mut() else {
            return;
        };
        let raw = &self.src[range.clone()];
        if raw.starts_with('&') && raw != text {
            run.entities.push((range.clone(), text.to_string()));
        }
        run.range.end = range.end;
    }

    fn flush(&mut self) {
        let Some(run) = self.run.take() else {
            return;
        };
        let src = self.src;
        let entities: Vec<(Range<usize>, String)> = run
            .entities
            .into_iter()
            .map(|(r, t)| (r.start - run.range.start..r.end - run.range.start, t))
            .collect();
        let after = src[run.range.end..].chars().next();
        self.literal(&src[run.range], &entities, after);
    }

    /// Prints source text that markdown reads as literal text. `entities`: the decoded
    /// entity references in it (ranges relative to `raw`); `after`: the next source char.
    fn literal(&mut self, raw: &str, entities: &[(Range<usize>, String)], after: Option<char>) {
        let in_link = self.in_link();
        // The text of a dropped link: emphasis characters in it could pair with ones
        // outside, which the link kept apart.
        let dropped = self.open.iter().any(|o| matches!(o, Open::Dropped));
        let bytes = raw.as_bytes();
        let mut ents = entities.iter().peekable();
        let mut i = 0;
        while i < raw.len() {
            if let Some((r, decoded)) = ents.peek().filter(|(r, _)| r.start == i) {
                let next = raw[r.end..].chars().next().or(after);
                self.entity(decoded, next);
                i = r.end;
                ents.next();
                continue;
            }
            let Some(c) = raw[i..].chars().next() else {
                break;
            };
            let next = raw[i + c.len_utf8()..].chars().next().or(after);
            match c {
                '\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                    self.out.push_str(&raw[i..i + 2]);
                    i += 2;
                    continue;
                }
                '\\' if !in_link && bare_url(raw, i + 1, entities).is_some() => {
                    // A literal backslash: doubled, or it would escape the `<` of the
                    // autolink that follows.
                    self.out.push_str("\\\\");
                }
                '*' | '_' | '~' if dropped => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                '[' | ']' | '`' => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                '<' if next.is_some_and(opens_tag) => self.out.push_str("&lt;"),
                'h' | 'H' if !in_link => {
                    if let Some((end, url)) = bare_url(raw, i, entities) {
                        self.out.push('<');
                        self.out.push_str(&url);
                        self.out.push('>');
                        i = end;
                        continue;
                    }
                    self.out.push(c);
                }
                c => self.out.push(c),
            }
            i += c.len_utf8();
        }
    }

    /// Prints a decoded entity reference: markdown syntax escaped, whitespace and control
    /// characters as spaces, invisible and bidirectional characters dropped.
    fn entity(&mut self, decoded: &str, next: Option<char>) {
        for c in decoded.chars() {
            let line_blank = line_is_blank(&self.out);
            match c {
                c if c.is_whitespace() => {
                    if !line_blank {
                        self.out.push(' ');
                    }
                }
                '>' if line_blank => self.out.push_str("&gt;"),
                '<' if next.is_some_and(opens_tag) => self.out.push_str("&lt;"),
                '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => {
                    self.out.push_str("&amp;");
                }
                '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '-' | '+' | '!' | '=' => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                c if is_dropped_char(c) => {}
                c if c.is_control() => self.out.push(' '),
                c => self.out.push(c),
            }
        }
    }
}

/// Whether the last line of `out` holds only whitespace (scanning back to its last
/// non-blank character only).
pub(super) fn line_is_blank(out: &str) -> bool {
    out.chars()
        .rev()
        .take_while(|&c| c != '\n')
        .all(char::is_whitespace)
}

/// Whether a `<` followed by `c` could open an HTML tag, comment or declaration (`[`
/// too: a dropped link `[t](path)` after it leaves `<t`; `&` too: an entity after it is
/// printed decoded).
fn opens_tag(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?' | '[' | '&')
}

/// A bare `http(s)://` URL at byte `i` of `raw`: its end and its text (backslash escapes
/// removed). It ends before whitespace, characters that cannot be in a URL, an entity
/// reference, and trailing punctuation.
fn bare_url(raw: &str, i: usize, entities: &[(Range<usize>, String)]) -> Option<(usize, String)> {
    let rest = raw.as_bytes().get(i..)?;
    let scheme = |s: &str| {
        rest.get(..s.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(s.as_bytes()))
    };
    let body = if scheme("https://") {
        i + 8
    } else if scheme("http://") {
        i + 7
    } else {
        return None;
    };
    let stops = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '`' | '"' | '[' | ']' | '|' | '\\')
    };
    let bytes = raw.as_bytes();
    let limit = (i + SCAN_LIMIT).min(raw.len());
    let next_entity = entities
        .get(entities.partition_point(|(r, _)| r.start < body))
        .map_or(raw.len(), |(r, _)| r.start);
    let limit = limit.min(next_entity);
    let mut e = body;
    while e < limit {
        let Some(c) = raw[e..].chars().next() else {
            break;
        };
        if c == '\\' {
            // An escaped character is part of the URL unless it could not be in one.
            match bytes.get(e + 1) {
                Some(&n) if n.is_ascii_punctuation() && !stops(char::from(n)) => {
                    e += 2;
                    continue;
                }
                _ => break,
            }
        }
        if stops(c) {
            break;
        }
        e += c.len_utf8();
    }
    loop {
        if e <= body {
            return None;
        }
        let c = bytes[e - 1];
        let escaped = e >= 2 && bytes[e - 2] == b'\\';
        if b".,:;!?*_~'".contains(&c) && !escaped {
            e -= 1;
            continue;
        }
        if c == b')' && !escaped {
            let span = &bytes[i..e];
            let opens = span.iter().filter(|&&c| c == b'(').count();
            let closes = span.iter().filter(|&&c| c == b')').count();
            if closes > opens {
                e -= 1;
                continue;
            }
        }
        break;
    }
    let mut url = String::with_capacity(e - i);
    let mut chars = raw[i..e].chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => url.extend(chars.next()),
            c => url.push(c),
        }
    }
    Some((e, url))
}

/// Backslash-escapes the start of a rendered paragraph line that markdown would read as
/// the start of a block (heading, list item, block quote, fence, rule, setext underline),
/// as decided by parsing the line alone.
pub(super) fn escape_line_start(line: &str) -> String {
    let Some(first) = line.bytes().next() else {
        return String::new();
    };
    if !b"#>-+*=_~`0123456789".contains(&first) {
        return line.to_string();
    }
    let setext = line.bytes().all(|b| b == b'=');
    let starts_block = setext
        || !matches!(
            Parser::new_ext(line, super::markdown::options()).next(),
            Some(Event::Start(Tag::Paragraph)) | None
        );
    if !starts_block {
        return line.to_string();
    }
    if first.is_ascii_digit() {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    format!("\\{line}")
}
