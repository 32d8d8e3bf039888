//! Writing generated files to disk: the only stage with side effects.

use std::path::{Path, PathBuf};

use crate::emit::Generated;
use crate::error::{Error, Result};

/// Top-level entries of an output folder that are neither generated nor removed:
/// what cargo creates when the generated crate is built on its own.
pub const KEPT: &[&str] = &["target", "Cargo.lock"];

/// How the files below an output folder differ from the generated ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Generated files missing on disk.
    pub added: Vec<PathBuf>,
    /// Generated files whose bytes on disk differ.
    pub changed: Vec<PathBuf>,
    /// Files on disk that are not generated (except [`KEPT`] entries).
    pub removed: Vec<PathBuf>,
    /// How many generated files are already identical on disk.
    pub unchanged: usize,
}

impl Plan {
    /// Whether the folder already holds exactly the generated files.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compares `files` with the folder `out` (which may not exist), reading only.
pub fn plan(files: &Generated, out: &Path) -> Result<Plan> {
    let mut plan = Plan::default();
    for (rel, contents) in &files.files {
        let path = out.join(rel);
        match std::fs::read(&path) {
            Ok(old) if old == contents.as_bytes() => plan.unchanged += 1,
            Ok(_) => plan.changed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => plan.added.push(rel.clone()),
            // A folder where a file belongs, or an unreadable file: it gets replaced.
            Err(_) => plan.changed.push(rel.clone()),
        }
    }
    plan.removed = files_on_disk(out)?
        .into_iter()
        .filter(|rel| !files.files.contains_key(rel))
        .collect();
    Ok(plan)
}

/// Every file below `out`, relative to it and sorted, leaving out [`KEPT`] entries;
/// none when `out` does not exist.
pub fn files_on_disk(out: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if !out.exists() {
        return Ok(found);
    }
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = out.join(&rel);
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name();
            if rel.as_os_str().is_empty() && KEPT.iter().any(|k| name == *k) {
                continue;
            }
            let kind = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
            if kind.is_dir() {
                stack.push(rel.join(&name));
            } else {
                found.push(rel.join(&name));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Makes `out` hold exactly `files` (plus any [`KEPT`] entries), touching only what
/// differs, so unchanged files keep their modification time and nothing downstream
/// rebuilds. Returns what was done.
///
/// Changed and new files are first written to a staging folder beside `out`: a
/// failure there (a full disk, say) leaves `out` as it was. Then stale files are
/// removed and each staged file is renamed into place, which replaces it atomically;
/// only a failing rename in that last step, on the same file system, can leave a
/// mix of old and new files, and running again repairs it.
///
/// Files to remove that mdx-codegen did not write (no generated-file header) are
/// never deleted: the call is refused, naming them, and `out` is left untouched.
/// [`write_tree_forced`] removes them too.
pub fn write_tree(files: &Generated, out: &Path) -> Result<Plan> {
    let plan = plan(files, out)?;
    let foreign = foreign_files(&plan, out);
    if !foreign.is_empty() {
        let shown: Vec<String> = foreign
            .iter()
            .take(5)
            .map(|p| p.display().to_string())
            .collect();
        let more = foreign.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        return Err(Error::input(
            crate::error::Location::file(out),
            format!(
                "the output folder holds {} file(s) mdx-codegen did not write ({}{more}); \
                 refusing to delete them. Move them away, choose another --out, or pass --force",
                foreign.len(),
                shown.join(", ")
            ),
        ));
    }
    write_tree_forced(files, out)
}

/// Files `plan` would remove that do not start with a generated-file header.
pub fn foreign_files(plan: &Plan, out: &Path) -> Vec<PathBuf> {
    plan.removed
        .iter()
        .filter(|rel| {
            let head = std::fs::read(out.join(rel))
                .map(|b| b.into_iter().take(64).collect::<Vec<u8>>())
                .unwrap_or_default();
            let head = String::from_utf8_lossy(&head);
            !(head.starts_with("// @generated by mdx-codegen")
                || head.starts_with("# @generated by mdx-codegen"))
        })
        .cloned()
        .collect()
}

/// Like [`write_tree`], but also deletes files mdx-codegen did not write.
pub fn write_tree_forced(files: &Generated, out: &Path) -> Result<Plan> {
    let plan = plan(files, out)?;
    if plan.is_empty() {
        return Ok(plan);
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let staging = parent.join(format!(".{name}.mdx-codegen-new"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    let staged = stage(files, &plan, &staging);
    if let Err(e) = staged {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    for rel in &plan.removed {
        let path = out.join(rel);
        std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        // Remove folders the removal emptied, up to `out`.
        let mut dir = rel.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if std::fs::remove_dir(out.join(d)).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    for rel in plan.added.iter().chain(&plan.changed) {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        if path.is_dir() {
            std::fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        }
        std::fs::rename(staging.join(rel), &path).map_err(|e| Error::io(&path, e))?;
    }
    std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    Ok(plan)
}

/// Writes the added and changed files of `plan` below `staging`.
fn stage(files: &Generated, plan: &Plan, staging: &Path) -> Result<()> {
    for rel in plan.added.iter().chain(&plan.changed) {
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let contents = files.files.get(rel).map(String::as_str).unwrap_or_default();
        std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// Writes each file of `files` below `out` only if its bytes differ from what is
/// there, so unchanged files keep their modification time and nothing rebuilds.
/// Returns how many files were written.
pub fn write_changed(files: &Generated, out: &Path) -> Result<usize> {
    let mut written = 0;
    for (rel, contents) in &files.files {
        let path = out.join(rel);
        if std::fs::read(&path).is_ok_and(|old| old == contents.as_bytes()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))?;
        written += 1;
    }
    Ok(written)
}
