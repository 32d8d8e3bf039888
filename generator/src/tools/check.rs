//! The drift check behind `mdx-codegen check`: does a folder hold exactly what
//! `generate` would write? Like `rustfmt --check`, it reports a unified diff of
//! every file that differs, the files that would be added and the files that would
//! be removed, and never writes anything.
//!
//! The line diff is Myers' O(ND) algorithm, so a small drift in a large generated
//! file costs little; past [`MAX_EDIT_DISTANCE`] differing lines it gives up on a
//! minimal diff and shows the differing middle of the file as replaced.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::emit::Generated;
use crate::error::{Error, Result};

/// Lines of context around each change in a diff, as `diff -u` uses.
pub const CONTEXT: usize = 3;

/// Beyond this many inserted plus deleted lines (after the common start and end are
/// set aside), a diff is no longer minimal: the middle is shown as replaced whole.
pub const MAX_EDIT_DISTANCE: usize = 2000;

/// One generated file whose bytes differ from the file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDiff {
    /// Path relative to the checked folder.
    pub path: PathBuf,
    /// A unified diff from the file on disk to the generated file, without colour.
    pub diff: String,
}

/// How a folder differs from what `generate` would write into it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// The checked folder.
    pub out: PathBuf,
    /// Files on disk whose contents differ, with their diffs.
    pub changed: Vec<FileDiff>,
    /// Generated files missing from the folder: `generate` would add them.
    pub added: Vec<PathBuf>,
    /// Files in the folder that are not generated: `generate` would remove them.
    /// `target/` and `Cargo.lock` at the top are never counted (see [`crate::write::KEPT`]).
    pub removed: Vec<PathBuf>,
    /// How many generated files are already identical on disk.
    pub unchanged: usize,
}

/// Compares `files` with what is below `out`, reading only. A missing `out` is a
/// folder where every file is to be added.
pub fn check(files: &Generated, out: &Path) -> Result<CheckReport> {
    let plan = crate::write::plan(files, out)?;
    let mut changed = Vec::new();
    for rel in &plan.changed {
        let path = out.join(rel);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let old = String::from_utf8_lossy(&bytes);
        let new = files.files.get(rel).map(String::as_str).unwrap_or_default();
        let label = out.join(rel).display().to_string();
        changed.push(FileDiff {
            path: rel.clone(),
            diff: unified_diff(
                &old,
                new,
                &format!("{label}\t(on disk)"),
                &format!("{label}\t(generated)"),
                CONTEXT,
            ),
        });
    }
    Ok(CheckReport {
        out: out.to_path_buf(),
        changed,
        added: plan.added,
        removed: plan.removed,
        unchanged: plan.unchanged,
    })
}

impl CheckReport {
    /// Whether the folder is exactly what `generate` would write.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }

    /// One line: what differs, e.g. `generated/ is stale: 1 file differs, 2 to add, 1 to remove`.
    pub fn summary(&self) -> String {
        let out = self.out.display();
        if self.is_clean() {
            return format!("{out} is up to date ({} files)", self.unchanged);
        }
        let mut parts = Vec::new();
        if !self.changed.is_empty() {
            let n = self.changed.len();
            parts.push(format!(
                "{n} file{} to update",
                if n == 1 { "" } else { "s" }
            ));
        }
        if !self.added.is_empty() {
            parts.push(format!("{} to add", self.added.len()));
        }
        if !self.removed.is_empty() {
            parts.push(format!("{} to remove", self.removed.len()));
        }
        format!("{out} is stale: {}", parts.join(", "))
    }

    /// The diffs, then the files to add and to remove; ANSI colours when `color`.
    /// Empty when the folder is clean.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, line: &str| {
            if color {
                format!("\x1b[{code}m{line}\x1b[0m\n")
            } else {
                format!("{line}\n")
            }
        };
        let mut s = String::new();
        for f in &self.changed {
            for line in f.diff.lines() {
                let code = if line.starts_with("+++") || line.starts_with("---") {
                    "1"
                } else if line.starts_with("@@") {
                    "36"
                } else if line.starts_with('+') {
                    "32"
                } else if line.starts_with('-') {
                    "31"
                } else {
                    ""
                };
                if code.is_empty() {
                    let _ = writeln!(s, "{line}");
                } else {
                    s.push_str(&paint(code, line));
                }
            }
        }
        let list = |s: &mut String, title: &str, code: &str, sign: char, paths: &[PathBuf]| {
            if paths.is_empty() {
                return;
            }
            s.push_str(&paint("1", title));
            for p in paths {
                s.push_str(&paint(
                    code,
                    &format!("{sign} {}", self.out.join(p).display()),
                ));
            }
        };
        list(
            &mut s,
            "Files to add (generated, missing on disk):",
            "32",
            '+',
            &self.added,
        );
        list(
            &mut s,
            "Files to remove (on disk, not generated):",
            "31",
            '-',
            &self.removed,
        );
        s
    }
}

/// One step of an edit script between two line lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    /// Line `old` equals line `new`.
    Keep(usize, usize),
    /// Line `old` is deleted.
    Delete(usize),
    /// Line `new` is inserted.
    Insert(usize),
}

/// A unified diff (`diff -u` format) from `old` to `new`, with `context` lines
/// around changes; empty when the texts are equal. A last line without a newline
/// is marked `\ No newline at end of file`.
pub fn unified_diff(
    old: &str,
    new: &str,
    old_label: &str,
    new_label: &str,
    context: usize,
) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let script = edit_script(&a, &b);
    let mut out = format!("--- {old_label}\n+++ {new_label}\n");
    // Hunks: runs of changes closer than 2 * context lines are joined.
    let changes: Vec<usize> = script
        .iter()
        .enumerate()
        .filter(|(_, e)| !matches!(e, Edit::Keep(..)))
        .map(|(i, _)| i)
        .collect();
    // Old and new lines consumed before each step, for the hunk headers.
    let mut before = Vec::with_capacity(script.len() + 1);
    let (mut o, mut n) = (0, 0);
    for e in &script {
        before.push((o, n));
        match e {
            Edit::Keep(..) => (o, n) = (o + 1, n + 1),
            Edit::Delete(_) => o += 1,
            Edit::Insert(_) => n += 1,
        }
    }
    let mut i = 0;
    while i < changes.len() {
        let mut j = i;
        while j + 1 < changes.len() && changes[j + 1] - changes[j] <= 2 * context + 1 {
            j += 1;
        }
        let start = changes[i].saturating_sub(context);
        let end = (changes[j] + context + 1).min(script.len());
        hunk(&script[start..end], before[start], &a, &b, &mut out);
        i = j + 1;
    }
    out
}

/// Writes one hunk: its header, then its lines. `(old, new)` are the lines before it.
fn hunk(edits: &[Edit], (old, new): (usize, usize), a: &[&str], b: &[&str], out: &mut String) {
    let old_count = edits
        .iter()
        .filter(|e| !matches!(e, Edit::Insert(_)))
        .count();
    let new_count = edits
        .iter()
        .filter(|e| !matches!(e, Edit::Delete(_)))
        .count();
    // An empty side names the line before it (0 at the start), as `diff -u` does.
    let first = |before: usize, count: usize| if count == 0 { before } else { before + 1 };
    let _ = writeln!(
        out,
        "@@ -{} +{} @@",
        range(first(old, old_count), old_count),
        range(first(new, new_count), new_count)
    );
    for e in edits {
        let (sign, line) = match e {
            Edit::Keep(o, _) => (' ', a[*o]),
            Edit::Delete(o) => ('-', a[*o]),
            Edit::Insert(n) => ('+', b[*n]),
        };
        out.push(sign);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

fn range(start: usize, count: usize) -> String {
    if count == 1 {
        start.to_string()
    } else {
        format!("{start},{count}")
    }
}

/// The edit script from `a` to `b`: common start and end kept, the middle by Myers.
fn edit_script(a: &[&str], b: &[&str]) -> Vec<Edit> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut script: Vec<Edit> = (0..prefix).map(|i| Edit::Keep(i, i)).collect();
    let middle = myers(am, bm).unwrap_or_else(|| {
        (0..am.len())
            .map(Edit::Delete)
            .chain((0..bm.len()).map(Edit::Insert))
            .collect()
    });
    script.extend(middle.into_iter().map(|e| match e {
        Edit::Keep(o, n) => Edit::Keep(o + prefix, n + prefix),
        Edit::Delete(o) => Edit::Delete(o + prefix),
        Edit::Insert(n) => Edit::Insert(n + prefix),
    }));
    let (ao, bo) = (a.len() - suffix, b.len() - suffix);
    script.extend((0..suffix).map(|i| Edit::Keep(ao + i, bo + i)));
    script
}

/// Myers' greedy shortest edit script, or `None` past [`MAX_EDIT_DISTANCE`].
/// Keeps the furthest-reaching diagonals each round started from (O(D²) memory,
/// a few megabytes at most) to trace the path back.
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Edit>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (a.len() + b.len()).min(MAX_EDIT_DISTANCE) as isize;
    // v[k + offset] is the furthest x on diagonal k = x - y.
    let offset = max + 1;
    let mut v = vec![0isize; 2 * offset as usize + 1];
    // trace[d] holds v[-d-1 ..= d+1] as round d found it: all that round d reads.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = None;
    'outer: for d in 0..=max {
        trace.push(v[(offset - d - 1) as usize..=(offset + d + 1) as usize].to_vec());
        let mut k = -d;
        while k <= d {
            let idx = (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
                v[idx + 1]
            } else {
                v[idx - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'outer;
            }
            k += 2;
        }
    }
    let d_end = found?;
    // Walk back from (n, m) through the saved rounds: each round is one insertion
    // or deletion followed by a run of equal lines (a snake).
    let mut edits = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=d_end).rev() {
        let saved = &trace[d as usize];
        let v = |k: isize| saved[(k + d + 1) as usize];
        let k = x - y;
        let down = k == -d || (k != d && v(k - 1) < v(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = v(prev_k);
        let prev_y = prev_x - prev_k;
        // Where the insertion or deletion lands; equal lines follow up to (x, y).
        let (mid_x, mid_y) = if down {
            (prev_x, prev_y + 1)
        } else {
            (prev_x + 1, prev_y)
        };
        while x > mid_x && y > mid_y {
            x -= 1;
            y -= 1;
            edits.push(Edit::Keep(x as usize, y as usize));
        }
        edits.push(if down {
            Edit::Insert(prev_y as usize)
        } else {
            Edit::Delete(prev_x as usize)
        });
        (x, y) = (prev_x, prev_y);
    }
    // Round 0: equal lines from the start.
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        edits.push(Edit::Keep(x as usize, y as usize));
    }
    edits.reverse();
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies a script and checks it rebuilds both sides, returning its edit count.
    fn verify(a: &[&str], b: &[&str]) -> usize {
        let script = edit_script(a, b);
        let old: Vec<&str> = script
            .iter()
            .filter_map(|e| match e {
                Edit::Keep(o, _) | Edit::Delete(o) => Some(a[*o]),
                Edit::Insert(_) => None,
            })
            .collect();
        let new: Vec<&str> = script
            .iter()
            .filter_map(|e| match e {
                Edit::Keep(_, n) => Some(b[*n]),
                Edit::Insert(n) => Some(b[*n]),
                Edit::Delete(_) => None,
            })
            .collect();
        assert_eq!(old, a, "old side not rebuilt");
        assert_eq!(new, b, "new side not rebuilt");
        for e in &script {
            if let Edit::Keep(o, n) = e {
                assert_eq!(a[*o], b[*n]);
            }
        }
        script
            .iter()
            .filter(|e| !matches!(e, Edit::Keep(..)))
            .count()
    }

    /// The true edit distance (insertions plus deletions), by dynamic programming.
    fn lcs_distance(a: &[&str], b: &[&str]) -> usize {
        let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                t[i][j] = if a[i] == b[j] {
                    t[i + 1][j + 1] + 1
                } else {
                    t[i + 1][j].max(t[i][j + 1])
                };
            }
        }
        a.len() + b.len() - 2 * t[0][0]
    }

    #[test]
    fn scripts_are_minimal_and_rebuild_both_sides() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let words = ["a", "b", "c", "d"];
        for _ in 0..2000 {
            let la = (next() % 9) as usize;
            let lb = (next() % 9) as usize;
            let a: Vec<&str> = (0..la).map(|_| words[(next() % 4) as usize]).collect();
            let b: Vec<&str> = (0..lb).map(|_| words[(next() % 4) as usize]).collect();
            assert_eq!(verify(&a, &b), lcs_distance(&a, &b), "{a:?} -> {b:?}");
        }
    }

    #[test]
    fn unified_diff_looks_like_diff_u() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n";
        let d = unified_diff(old, new, "old", "new", 3);
        assert_eq!(
            d,
            "--- old\n+++ new\n@@ -2,9 +2,10 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n i\n j\n+k\n"
        );
        assert_eq!(unified_diff(old, old, "old", "new", 3), "");
        let d = unified_diff("x\n", "x", "o", "n", 3);
        assert_eq!(
            d,
            "--- o\n+++ n\n@@ -1 +1 @@\n-x\n+x\n\\ No newline at end of file\n"
        );
        // Insertion at the very start, and into an empty file.
        let d = unified_diff("a\n", "z\na\n", "o", "n", 0);
        assert_eq!(d, "--- o\n+++ n\n@@ -0,0 +1 @@\n+z\n");
        let d = unified_diff("", "z\n", "o", "n", 3);
        assert_eq!(d, "--- o\n+++ n\n@@ -0,0 +1 @@\n+z\n");
        let d = unified_diff("a\nb\n", "a\n", "o", "n", 0);
        assert_eq!(d, "--- o\n+++ n\n@@ -2 +1,0 @@\n-b\n");
    }

    #[test]
    fn far_apart_changes_make_two_hunks() {
        let old: String = (0..30).map(|i| format!("{i}\n")).collect();
        let new: String = (0..30)
            .map(|i| match i {
                3 => "three\n".to_string(),
                25 => "twenty-five\n".to_string(),
                i => format!("{i}\n"),
            })
            .collect();
        let d = unified_diff(&old, &new, "o", "n", 3);
        assert_eq!(d.matches("\n@@ ").count(), 2, "{d}");
        assert!(d.contains("@@ -1,7 +1,7 @@"), "{d}");
        assert!(d.contains("@@ -23,7 +23,7 @@"), "{d}");
    }

    #[test]
    fn huge_differences_fall_back_to_a_replacement() {
        let old: String = (0..3000).map(|i| format!("old {i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("new {i}\n")).collect();
        let d = unified_diff(&old, &new, "o", "n", 3);
        assert!(d.starts_with("--- o\n+++ n\n@@ -1,3000 +1,3000 @@\n"));
        assert_eq!(d.lines().filter(|l| l.starts_with('-')).count(), 3001);
    }
}
