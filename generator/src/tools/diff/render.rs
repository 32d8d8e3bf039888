//! The report rendered as text, markdown or JSON.

use std::fmt::Write as _;

use super::{ApiReport, Change, Counts, Format, Report};

impl Report {
    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.breaking > 0
    }

    /// Every change, with its API's module.
    pub fn changes(&self) -> impl Iterator<Item = (&str, &Change)> {
        self.apis
            .iter()
            .flat_map(|a| a.changes.iter().map(move |c| (a.module.as_str(), c)))
    }

    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.to_text(),
            Format::Markdown => self.to_markdown(),
            Format::Json => self.to_json(),
        }
    }

    fn headline(&self) -> String {
        format!(
            "{} breaking, {} non-breaking change{}",
            self.breaking,
            self.non_breaking,
            if self.non_breaking == 1 { "" } else { "s" }
        )
    }

    /// Plain text: per API, its counts, then breaking and other changes, one a line.
    pub fn to_text(&self) -> String {
        let mut s = format!("API changes: {}\n", self.headline());
        for api in &self.apis {
            let _ = write!(s, "\n{}: {}\n", api.module, counts_line(api));
            for (title, breaking) in [("breaking", true), ("non-breaking", false)] {
                let list: Vec<&Change> = api
                    .changes
                    .iter()
                    .filter(|c| c.breaking == breaking)
                    .collect();
                if list.is_empty() {
                    continue;
                }
                let _ = writeln!(s, "  {title} ({}):", list.len());
                for c in list {
                    let _ = writeln!(s, "    {}: {}", c.subject(), c.message);
                }
            }
        }
        s
    }

    /// Markdown: a heading per API, then bullet lists of breaking and other changes.
    pub fn to_markdown(&self) -> String {
        let mut s = format!("# API changes\n\n{}.\n", self.headline());
        for api in &self.apis {
            let _ = write!(s, "\n## `{}`\n\n{}.\n", api.module, counts_line(api));
            for (title, breaking) in [("Breaking", true), ("Non-breaking", false)] {
                let list: Vec<&Change> = api
                    .changes
                    .iter()
                    .filter(|c| c.breaking == breaking)
                    .collect();
                if list.is_empty() {
                    continue;
                }
                let _ = write!(s, "\n### {title} ({})\n\n", list.len());
                for c in list {
                    let _ = writeln!(s, "- {}: {}", c.subject(), markdown_escape(&c.message));
                }
            }
        }
        s
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        // The report holds only strings, numbers and booleans: it always serialises.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

fn counts_line(api: &ApiReport) -> String {
    let c = |c: &Counts| {
        format!(
            "{} added, {} removed, {} changed",
            c.added, c.removed, c.changed
        )
    };
    format!("operations {}; types {}", c(&api.operations), c(&api.types))
}

/// Keeps markdown from reading `<`, `*` or `_` outside code spans as markup.
fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for ch in text.chars() {
        if ch == '`' {
            in_code = !in_code;
        } else if !in_code && matches!(ch, '<' | '>' | '*' | '_' | '[' | ']' | '|') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}
