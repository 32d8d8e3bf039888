//! Writing generated files to disk: the only stage with side effects.

use std::path::{Path, PathBuf};

use crate::emit::{FormatCache, Generated};
use crate::error::{Error, Result};

/// Top-level entries of an output folder that are neither generated nor removed:
/// what cargo creates when the generated crate is built on its own, and the
/// [`FORMAT_CACHE`] inside it.
pub const KEPT: &[&str] = &["target", "Cargo.lock"];

/// The folder of the format cache, relative to an output folder: inside a [`KEPT`]
/// entry, so the drift check, [`plan`] and [`foreign_files`] never see it and a swap
/// carries it over. It holds a `.gitignore` that keeps it out of version control.
pub const FORMAT_CACHE: &str = "target/mdx-codegen";

/// The cache file inside [`FORMAT_CACHE`].
const FORMAT_CACHE_FILE: &str = "format-cache";

/// The format cache of the output folder `out` (see [`FormatCache`]); an empty one
/// when there is none or it cannot be used.
pub fn load_format_cache(out: &Path) -> FormatCache {
    std::fs::read(out.join(FORMAT_CACHE).join(FORMAT_CACHE_FILE))
        .map(|bytes| FormatCache::from_bytes(&bytes))
        .unwrap_or_default()
}

/// Stores `cache` in the output folder `out` when its bytes differ from the stored
/// ones (so an unchanged cache keeps its modification time): a new file renamed over
/// the old one, so a reader never sees half a cache.
pub fn save_format_cache(out: &Path, cache: &FormatCache) -> Result<()> {
    if !cache.is_dirty() {
        return Ok(());
    }
    let dir = out.join(FORMAT_CACHE);
    let path = dir.join(FORMAT_CACHE_FILE);
    let bytes = cache.to_bytes();
    if std::fs::read(&path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(
            &ignore,
            "# The format cache of mdx-codegen: never committed.\n*\n",
        )
        .map_err(|e| Error::io(&ignore, e))?;
    }
    let new = dir.join(format!("{FORMAT_CACHE_FILE}.new"));
    std::fs::write(&new, bytes).map_err(|e| Error::io(&new, e))?;
    std::fs::rename(&new, &path).map_err(|e| Error::io(&path, e))
}

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
    use rayon::prelude::*;
    #[derive(Clone, Copy)]
    enum State {
        Same,
        Changed,
        Added,
    }
    let files_list: Vec<(&PathBuf, &String)> = files.files.iter().collect();
    // Reading is most of the cost over an unchanged tree: in parallel, in order.
    let states: Vec<State> = files_list
        .par_iter()
        .map(|(rel, contents)| match std::fs::read(out.join(rel)) {
            Ok(old) if old == contents.as_bytes() => State::Same,
            Ok(_) => State::Changed,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => State::Added,
            // A folder where a file belongs, or an unreadable file: it gets replaced.
            Err(_) => State::Changed,
        })
        .collect();
    let mut plan = Plan::default();
    for ((rel, _), state) in files_list.iter().zip(states) {
        match state {
            State::Same => plan.unchanged += 1,
            State::Changed => plan.changed.push((*rel).clone()),
            State::Added => plan.added.push((*rel).clone()),
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
/// The new tree is built beside `out` and swapped in whole (see [`swap_in`]): on
/// any error `out` keeps its previous contents and modification times.
///
/// Files to remove that mdx-codegen did not write (no generated-file header) are
/// never deleted: the call is refused, naming them, and `out` is left untouched.
/// [`write_tree_forced`] removes them too.
pub fn write_tree(files: &Generated, out: &Path) -> Result<Plan> {
    // An interrupted earlier swap is repaired first, so the check sees the real folder.
    let (abs, staging, backup) = siblings(out)?;
    recover(&abs, &staging, &backup)?;
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
                || head.starts_with("# @generated by mdx-codegen")
                || head.starts_with("<!-- @generated by mdx-codegen"))
        })
        .cloned()
        .collect()
}

/// Like [`write_tree`], but also deletes files mdx-codegen did not write.
pub fn write_tree_forced(files: &Generated, out: &Path) -> Result<Plan> {
    swap_in(files, out, Foreign::Delete)
}

/// What a swap does with files below the output folder that mdx-codegen did not
/// write (no generated-file header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// They are not carried into the new tree.
    Delete,
    /// They are carried into the new tree unchanged (a build script's `OUT_DIR` may
    /// hold other generators' files).
    Keep,
}

/// The staging and backup folders of `out`: siblings, so renames stay on one file system.
fn siblings(out: &Path) -> Result<(PathBuf, PathBuf, PathBuf)> {
    let out = if out.exists() {
        std::fs::canonicalize(out).map_err(|e| Error::io(out, e))?
    } else if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(out, e))?
            .join(out)
    };
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Err(Error::input(
            crate::error::Location::file(&out),
            "the output folder cannot be a file system root",
        ));
    };
    let name = name.to_string_lossy();
    let staging = parent.join(format!(".{name}.mdx-codegen-new"));
    let backup = parent.join(format!(".{name}.mdx-codegen-old"));
    Ok((out, staging, backup))
}

/// Puts back a previous output folder that an interrupted swap left as its backup,
/// and removes leftovers of interrupted runs.
fn recover(out: &Path, staging: &Path, backup: &Path) -> Result<()> {
    if backup.exists() {
        if out.exists() {
            // The swap finished; only removing the backup did not.
            std::fs::remove_dir_all(backup).map_err(|e| Error::io(backup, e))?;
        } else {
            std::fs::rename(backup, out).map_err(|e| Error::io(out, e))?;
        }
    }
    if staging.exists() {
        std::fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e))?;
    }
    Ok(())
}

/// Makes `out` hold exactly `files` (plus [`KEPT`] entries and, with
/// [`Foreign::Keep`], files mdx-codegen did not write), all at once.
///
/// The new tree is built in a staging folder beside `out`: unchanged files are
/// hard-linked (or copied with their modification time) from `out`, changed and new
/// ones written. Then `out` is renamed to a backup, the staging folder to `out`, the
/// [`KEPT`] entries moved over and the backup removed. Any failure before the second
/// rename leaves `out` exactly as it was; a failing second rename puts the backup
/// back; a run interrupted between the two renames is repaired by the next run.
pub fn swap_in(files: &Generated, out: &Path, foreign: Foreign) -> Result<Plan> {
    let (out, staging, backup) = siblings(out)?;
    recover(&out, &staging, &backup)?;
    let mut plan = plan(files, &out)?;
    let carried: Vec<PathBuf> = match foreign {
        Foreign::Delete => Vec::new(),
        Foreign::Keep => foreign_files(&plan, &out),
    };
    plan.removed.retain(|rel| !carried.contains(rel));
    if plan.is_empty() {
        return Ok(plan);
    }
    if let Err(e) = stage(files, &plan, &carried, &out, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if !out.exists() {
        std::fs::rename(&staging, &out).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            Error::io(&out, e)
        })?;
        return Ok(plan);
    }
    if let Err(e) = std::fs::rename(&out, &backup) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::io(&out, e));
    }
    if let Err(e) = std::fs::rename(&staging, &out) {
        let _ = std::fs::rename(&backup, &out);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::io(&out, e));
    }
    // The new tree is in place. Cargo's build folder and lock file come along.
    for kept in KEPT {
        let old = backup.join(kept);
        if old.symlink_metadata().is_ok() {
            let new = out.join(kept);
            std::fs::rename(&old, &new).map_err(|e| Error::io(&new, e))?;
        }
    }
    std::fs::remove_dir_all(&backup).map_err(|e| Error::io(&backup, e))?;
    Ok(plan)
}

/// Builds the complete new tree below `staging`: the generated files (unchanged
/// ones linked from `out`, so they keep their modification time) and the `carried`
/// files from `out`.
fn stage(
    files: &Generated,
    plan: &Plan,
    carried: &[PathBuf],
    out: &Path,
    staging: &Path,
) -> Result<()> {
    use rayon::prelude::*;
    std::fs::create_dir_all(staging).map_err(|e| Error::io(staging, e))?;
    let fresh: std::collections::BTreeSet<&PathBuf> =
        plan.added.iter().chain(&plan.changed).collect();
    // Folders first, once each; then the files, in parallel.
    let dirs: std::collections::BTreeSet<PathBuf> = files
        .files
        .keys()
        .filter_map(|rel| staging.join(rel).parent().map(Path::to_path_buf))
        .collect();
    for dir in &dirs {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let files: Vec<(&PathBuf, &String)> = files.files.iter().collect();
    files.par_iter().try_for_each(|(rel, contents)| {
        let path = staging.join(rel);
        if fresh.contains(rel) {
            std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))
        } else {
            carry(&out.join(rel), &path)
        }
    })?;
    for rel in carried {
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        carry(&out.join(rel), &path)?;
    }
    Ok(())
}

/// Puts the file `from` at `to` unchanged, modification time included: a hard link,
/// or a copy where links are not possible.
fn carry(from: &Path, to: &Path) -> Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to).map_err(|e| Error::io(to, e))?;
    let modified = std::fs::metadata(from)
        .and_then(|m| m.modified())
        .map_err(|e| Error::io(from, e))?;
    std::fs::File::options()
        .write(true)
        .open(to)
        .and_then(|f| f.set_modified(modified))
        .map_err(|e| Error::io(to, e))
}

/// `path` as seen from the folder `base`, both taken absolute and with links
/// resolved as far as they exist (`base` need not exist yet): `docs/v3` seen from
/// `out/crate` is `../../docs/v3`. Paths on different roots stay absolute.
pub fn relative_path(path: &Path, base: &Path) -> PathBuf {
    let path = absolute(path);
    let base = absolute(base);
    let (p, b): (Vec<_>, Vec<_>) = (path.components().collect(), base.components().collect());
    if p.first() != b.first() {
        return path;
    }
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// `path` made absolute, with its longest existing ancestor canonicalised.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut missing = Vec::new();
    let mut existing = path.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in missing.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
}
