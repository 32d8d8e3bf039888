//! Finding and reading the pages of docs trees, grouped into APIs.
//!
//! An API is a folder that directly holds `*.api.mdx` pages; its module is named
//! after the folder (`v3`, `beta`). When two folders share a name (`2022/v3` and
//! `2024/v3`), parent folder names are prepended until the names differ.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Location, Result, Warning};
use crate::ident::{self, Namespace};
use crate::lower::ApiPages;
use crate::mdx::{self, ReadOptions};

/// The page files of one API folder.
#[derive(Debug, Clone, Default)]
struct Folder {
    api: Vec<PathBuf>,
    tags: Vec<PathBuf>,
}

/// Every page file below the given folders (or the given page files themselves), by folder.
fn discover(docs: &[PathBuf]) -> Result<BTreeMap<PathBuf, Folder>> {
    let mut folders: BTreeMap<PathBuf, Folder> = BTreeMap::new();
    for root in docs {
        let meta = std::fs::metadata(root).map_err(|e| Error::io(root, e))?;
        if meta.is_file() {
            add_file(root, &mut folders);
        } else {
            walk(root, &mut folders)?;
        }
    }
    Ok(folders)
}

fn walk(dir: &Path, folders: &mut BTreeMap<PathBuf, Folder>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| Error::io(dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() {
            walk(&path, folders)?;
        } else if kind.is_file() {
            add_file(&path, folders);
        }
    }
    Ok(())
}

fn add_file(path: &Path, folders: &mut BTreeMap<PathBuf, Folder>) {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if name.ends_with(".api.mdx") {
        folders.entry(dir).or_default().api.push(path.to_path_buf());
    } else if name.ends_with(".tag.mdx") {
        folders
            .entry(dir)
            .or_default()
            .tags
            .push(path.to_path_buf());
    }
}

/// Module names for API folders: the folder name, made unique with parent names.
fn module_names(dirs: &[PathBuf]) -> Vec<String> {
    let parts: Vec<Vec<String>> = dirs
        .iter()
        .map(|d| {
            d.components()
                .rev()
                .filter_map(|c| match c {
                    std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let name_at = |i: usize, depth: usize| -> String {
        let mut segs: Vec<&str> = parts[i].iter().take(depth).map(String::as_str).collect();
        segs.reverse();
        ident::module_name(&segs.join("_"))
    };
    let mut depth = vec![1usize; dirs.len()];
    for _ in 0..16 {
        let names: Vec<String> = (0..dirs.len()).map(|i| name_at(i, depth[i])).collect();
        let mut clash = false;
        for i in 0..dirs.len() {
            if names.iter().filter(|n| **n == names[i]).count() > 1 && depth[i] < parts[i].len() {
                depth[i] += 1;
                clash = true;
            }
        }
        if !clash {
            break;
        }
    }
    let mut ns = Namespace::new();
    for reserved in ["runtime", "client"] {
        ns.reserve(reserved);
    }
    (0..dirs.len())
        .map(|i| ns.claim(name_at(i, depth[i])))
        .collect()
}

/// Reads every page below `docs`, grouped by API. All unreadable pages are
/// reported together.
pub fn load(docs: &[PathBuf], opts: &ReadOptions) -> Result<Vec<ApiPages>> {
    let (apis, errors) = load_partial(docs, opts)?;
    Error::collect(errors)?;
    Ok(apis)
}

/// Reads every page below `docs`, grouped by API, keeping going past pages that
/// cannot be read: returns the pages that could be read and the problems of the
/// others. Only a docs folder that cannot be listed (or holds no pages) is an error.
pub fn load_partial(docs: &[PathBuf], opts: &ReadOptions) -> Result<(Vec<ApiPages>, Vec<Error>)> {
    let folders = discover(docs)?;
    let folders: Vec<(PathBuf, Folder)> = folders
        .into_iter()
        .filter(|(_, f)| !f.api.is_empty())
        .collect();
    if folders.is_empty() {
        let shown: Vec<String> = docs.iter().map(|d| d.display().to_string()).collect();
        return Err(Error::input(
            Location::file(shown.join(", ")),
            "no *.api.mdx pages found",
        ));
    }
    let dirs: Vec<PathBuf> = folders.iter().map(|(d, _)| d.clone()).collect();
    let names = module_names(&dirs);
    let mut errors = Vec::new();
    let mut apis = Vec::new();
    for ((dir, folder), module) in folders.into_iter().zip(names) {
        // Reading, inflating and parsing pages is most of the I/O floor: in parallel,
        // keeping the order of the files.
        let read: Vec<Result<(mdx::Page, Vec<Warning>)>> = folder
            .api
            .par_iter()
            .map(|path| mdx::read_api_page_with_warnings(path, opts))
            .collect();
        let mut pages = Vec::with_capacity(read.len());
        let mut warnings = Vec::new();
        for page in read {
            match page {
                Ok((p, mut w)) => {
                    pages.push(p);
                    warnings.append(&mut w);
                }
                Err(e) => errors.push(e),
            }
        }
        let mut tags = Vec::new();
        for path in &folder.tags {
            match mdx::read_tag_page_with_warnings(path) {
                Ok((t, mut w)) => {
                    tags.push(t);
                    warnings.append(&mut w);
                }
                Err(e) => errors.push(e),
            }
        }
        apis.push(ApiPages {
            module,
            dir,
            pages,
            tags,
            warnings,
        });
    }
    Ok((apis, errors))
}

/// Every docs folder and page file below `docs`: what a build script must watch,
/// so that edited, added and removed pages are all noticed.
pub fn inputs(docs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for root in docs {
        collect_inputs(root, &mut out)?;
    }
    Ok(out)
}

fn collect_inputs(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    out.push(path.to_path_buf());
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()
            .map_err(|e| Error::io(path, e))?;
        entries.sort();
        for e in entries {
            let name = e.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if e.is_dir() || name.ends_with(".api.mdx") || name.ends_with(".tag.mdx") {
                collect_inputs(&e, out)?;
            }
        }
    }
    Ok(())
}
