//! Writing generated files to disk: the only stage with side effects.

use std::path::Path;

use crate::emit::Generated;
use crate::error::{Error, Result};

/// Writes `files` below `out`, replacing what was there: the new tree is written
/// beside `out` first and swapped in, so a failure leaves the old tree intact.
pub fn write_tree(files: &Generated, out: &Path) -> Result<()> {
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
    let old = parent.join(format!(".{name}.mdx-codegen-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| Error::io(leftover, e))?;
        }
    }
    for (rel, contents) in &files.files {
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))?;
    }
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the old tree back before reporting.
        let _ = std::fs::rename(&old, out);
        return Err(Error::io(out, e));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
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
