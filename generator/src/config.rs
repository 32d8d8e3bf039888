//! The `build.rs` interface, shaped like `prost-build`.

use std::path::{Path, PathBuf};

use crate::emit::{EmitOptions, FormatCache, Generated, Layout, INCLUDE_ENTRY};
use crate::error::{Error, Result, Warning};
use crate::mdx::ReadOptions;

/// Generates Rust code from docs folders in a build script.
///
/// A complete `build.rs`:
///
/// ```no_run
/// // build.rs
/// # fn main() {
/// let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
/// if let Err(e) = mdx_codegen::Config::new().docs("docs/api").generate_to(&out_dir) {
///     // The error names the file, line and operation at fault.
///     eprintln!("{e}");
///     std::process::exit(1);
/// }
/// # }
/// ```
///
/// and in `src/lib.rs`:
///
/// ```ignore
/// include!(concat!(env!("OUT_DIR"), "/mdx_codegen.rs"));
/// ```
///
/// The generated modules use `serde` (with `derive`) and `serde_json`: add them to
/// the crate's `[dependencies]`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    docs: Vec<PathBuf>,
    read: ReadOptions,
    quiet_cargo: bool,
    deny_warnings: bool,
}

/// How many warnings [`Config::generate_to`] shows as `cargo:warning=` lines;
/// the rest are counted in one more line.
pub const MAX_CARGO_WARNINGS: usize = 20;

impl Config {
    /// A configuration with no docs yet.
    pub fn new() -> Self {
        Config::default()
    }

    /// Adds a docs folder (searched recursively) or a single page.
    pub fn docs(mut self, path: impl Into<PathBuf>) -> Self {
        self.docs.push(path.into());
        self
    }

    /// Caps the inflated size of one page's `api:` value.
    pub fn max_inflated(mut self, bytes: usize) -> Self {
        self.read.max_inflated = bytes;
        self
    }

    /// Does not print `cargo:rerun-if-changed` lines (for use outside build scripts).
    pub fn no_cargo_directives(mut self) -> Self {
        self.quiet_cargo = true;
        self
    }

    /// Treats warnings (quirks of the docs that were worked around) as errors: the
    /// build fails listing them all, and nothing is written.
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.deny_warnings = deny;
        self
    }

    /// The files [`Config::generate_to`] would write into `out_dir`, without writing.
    pub fn generate(&self, out_dir: &Path) -> Result<Generated> {
        self.generate_with_warnings(out_dir).map(|(files, _)| files)
    }

    /// Like [`Config::generate`], also returning the warnings (grouped, see
    /// [`Warning::group`]). With [`Config::deny_warnings`], warnings are an error.
    pub fn generate_with_warnings(&self, out_dir: &Path) -> Result<(Generated, Vec<Warning>)> {
        self.generate_cached(out_dir, &mut FormatCache::new())
    }

    /// Like [`Config::generate_with_warnings`], with files whose tokens did not change
    /// taken from `cache` rather than formatted again (see [`FormatCache`]).
    fn generate_cached(
        &self,
        out_dir: &Path,
        cache: &mut FormatCache,
    ) -> Result<(Generated, Vec<Warning>)> {
        let root = if out_dir.is_absolute() {
            out_dir.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| Error::io(out_dir, e))?
                .join(out_dir)
        };
        let apis = crate::build_ir(&self.docs, &self.read)?;
        let warnings = Warning::group(apis.iter().flat_map(|a| a.warnings.clone()));
        if self.deny_warnings && !warnings.is_empty() {
            return Err(Error::Many(
                warnings
                    .iter()
                    .map(|w| {
                        Error::input(
                            w.location.clone(),
                            format!("(denied warning) {}", w.message),
                        )
                    })
                    .collect(),
            ));
        }
        let files = crate::emit::emit_crate_cached(
            &apis,
            &EmitOptions {
                crate_name: String::new(),
                command: "cargo build (mdx_codegen::Config in build.rs)".into(),
                layout: Layout::Include { root },
            },
            cache,
        )?;
        Ok((files, warnings))
    }

    /// Generates into `out_dir` (normally `OUT_DIR`), and tells cargo to rerun when any
    /// page or docs folder changes.
    ///
    /// The new files are swapped in all at once ([`crate::write::swap_in`]): on any
    /// error `out_dir` is left as it was. Files whose bytes did not change keep their
    /// modification time, stale generated files are removed, and files that
    /// mdx-codegen did not write (another generator's, say) are kept.
    /// The formatted text of each file is cached in `out_dir` (see
    /// [`crate::write::FORMAT_CACHE`]), so a rebuild after a small docs change only
    /// formats the files that changed; the files are the same with or without it.
    /// Include the result with `include!(concat!(env!("OUT_DIR"), "/mdx_codegen.rs"))`.
    pub fn generate_to(&self, out_dir: impl AsRef<Path>) -> Result<()> {
        let out_dir = out_dir.as_ref();
        if !self.quiet_cargo {
            let inputs = crate::load::inputs(&self.docs)?;
            for path in inputs {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        let mut cache = crate::write::load_format_cache(out_dir);
        let (files, warnings) = self.generate_cached(out_dir, &mut cache)?;
        crate::write::swap_in(&files, out_dir, crate::write::Foreign::Keep)?;
        crate::write::save_format_cache(out_dir, &cache)?;
        if !self.quiet_cargo {
            for w in warnings.iter().take(MAX_CARGO_WARNINGS) {
                println!("cargo:warning={}", w.to_string().replace(['\r', '\n'], " "));
            }
            if warnings.len() > MAX_CARGO_WARNINGS {
                println!(
                    "cargo:warning=… and {} more warning(s) from mdx-codegen",
                    warnings.len() - MAX_CARGO_WARNINGS
                );
            }
        }
        Ok(())
    }

    /// The name of the entry file [`Config::generate_to`] writes.
    pub fn entry_file() -> &'static str {
        INCLUDE_ENTRY
    }
}
