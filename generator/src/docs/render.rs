//! Printing parsed blocks back as canonical markdown lines.
//!
//! Inline content is already rendered ([`super::inline`]) when a block is built; this
//! module only lays blocks out: separators, list markers and continuation indentation,
//! block quote prefixes and code fences.

use super::{longest_run, MAX_LIST_NUMBER};

/// A markdown block, its inline content already rendered.
pub(super) enum Block {
    /// Rendered lines of one paragraph, none blank.
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
    /// Rendered rows; the second is the delimiter row.
    Table(Vec<String>),
}

/// Whether two blocks inside a tight list item need a blank line between them.
fn needs_blank(prev: &Block, next: &Block) -> bool {
    match (prev, next) {
        (Block::Para(_), Block::List { ordered, start, .. }) => *ordered && *start != 1,
        (Block::Para(_), Block::Code { .. }) | (Block::Code { .. }, _) => false,
        _ => true,
    }
}

/// Prints `blocks` into `out`; `tight`: the content of a tight list item.
pub(super) fn blocks(blocks: &[Block], tight: bool, out: &mut Vec<String>) {
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
        Block::Para(lines) => out.extend(lines.iter().cloned()),
        Block::Heading(level, text) => out.push(format!("{} {text}", "#".repeat(*level))),
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
        } => list(*ordered, *start, *loose, items, alt, out),
        Block::Quote(inner_blocks) => {
            let mut inner = Vec::new();
            blocks(inner_blocks, false, &mut inner);
            for line in inner {
                if line.is_empty() {
                    out.push(">".to_string());
                } else {
                    out.push(format!("> {line}"));
                }
            }
        }
        Block::Rule => out.push("---".to_string()),
        Block::Table(rows) => out.extend(rows.iter().cloned()),
    }
}

fn list(
    ordered: bool,
    start: u64,
    loose: bool,
    items: &[Vec<Block>],
    alt: bool,
    out: &mut Vec<String>,
) {
    let mut number = if start.saturating_add(items.len() as u64) > MAX_LIST_NUMBER {
        1
    } else {
        start
    };
    let mut rendered = 0;
    for item in items {
        let mut inner = Vec::new();
        blocks(item, !loose, &mut inner);
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
        if loose && rendered > 0 {
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
