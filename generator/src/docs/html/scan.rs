//! Finding the markdown code the HTML pass must not touch.
//!
//! Markdown inside HTML blocks is not parsed by CommonMark, so `pulldown-cmark` cannot
//! tell where code is there; Docusaurus (MDX) reads it as markdown all the same. These
//! scans follow the CommonMark rules for fences and code spans on the raw text.

use std::collections::HashMap;
use std::ops::Range;

/// Fenced code blocks (a fence line at any indentation, to its closing fence or the end)
/// and code spans (matching backtick runs, not across a blank line), sorted.
pub(super) fn protected(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut starts = Vec::new();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |k| line_start + k);
        starts.push(line_start);
        if let Some((ch, len)) = fence_open(&text[line_start..line_end]) {
            let mut end = text.len();
            let mut l = line_end;
            while l < text.len() {
                let s = l + 1;
                let e = text[s..].find('\n').map_or(text.len(), |k| s + k);
                if fence_closes(text[s..e].trim_start_matches(' '), ch, len) {
                    end = e;
                    break;
                }
                l = e;
            }
            ranges.push(line_start..end);
            line_start = end + 1;
            continue;
        }
        line_start = line_end + 1;
    }
    let mut spans = code_spans(bytes, &ranges);
    ranges.append(&mut spans);
    ranges.sort_by_key(|r| r.start);
    ranges
}

fn fence_open(line: &str) -> Option<(u8, usize)> {
    let rest = line.trim_start_matches(' ');
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&c| c == ch).count();
    if len < 3 || (ch == b'`' && rest[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

/// Whether `line` (indentation already removed) closes a fence of `len` `ch`.
fn fence_closes(line: &str, ch: u8, len: usize) -> bool {
    let n = line.bytes().take_while(|&c| c == ch).count();
    n >= len && line[n..].trim().is_empty()
}

/// Code spans outside `fences` (sorted).
fn code_spans(bytes: &[u8], fences: &[Range<usize>]) -> Vec<Range<usize>> {
    // Maximal backtick runs by length, and the blank lines code spans cannot cross.
    let mut runs: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut blanks = Vec::new();
    let mut line_blank = true;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => {
                let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                runs.entry(n).or_default().push(i);
                line_blank = false;
                i += n;
                continue;
            }
            b'\n' => {
                if line_blank {
                    blanks.push(i);
                }
                line_blank = true;
            }
            b if !b.is_ascii_whitespace() => line_blank = false,
            _ => {}
        }
        i += 1;
    }
    let barrier = |at: usize| {
        let b = blanks.partition_point(|&p| p <= at);
        let f = fences.partition_point(|r| r.start <= at);
        let next_blank = blanks.get(b).copied().unwrap_or(bytes.len());
        let next_fence = fences.get(f).map_or(bytes.len(), |r| r.start);
        next_blank.min(next_fence)
    };
    let in_fence = |at: usize| {
        let f = fences.partition_point(|r| r.end <= at);
        fences.get(f).is_some_and(|r| r.start <= at)
    };
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' || in_fence(i) {
            i += 1;
            continue;
        }
        let escaped = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1;
        let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        if escaped {
            i += n;
            continue;
        }
        let same = runs.get(&n).map(Vec::as_slice).unwrap_or(&[]);
        let k = same.partition_point(|&s| s < i + n);
        match same.get(k) {
            Some(&close) if close < barrier(i) => {
                spans.push(i..close + n);
                i = close + n;
            }
            _ => i += n,
        }
    }
    spans
}

/// `text` with the protected ranges and every backslash-escaped character replaced by
/// `_` byte for byte (so that spans stay valid), for the tokenizer.
pub(super) fn mask(text: &str, protected: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for r in protected {
        bytes[r.clone()].fill(b'_');
    }
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' && bytes[i + 1].is_ascii_punctuation() {
            bytes[i + 1] = b'_';
            i += 2;
        } else {
            i += 1;
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}
