//! The `build.rs` interface, shaped like `prost-build`.

use std::path::{Path, PathBuf};

use crate::emit::{EmitOptions, Generated, Layout, INCLUDE_ENTRY};
use crate::error::{Error, Result};
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
}

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

    /// The files [`Config::generate_to`] would write into `out_dir`, without writing.
    pub fn generate(&self, out_dir: &Path) -> Result<Generated> {
        let root = if out_dir.is_absolute() {
            out_dir.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| Error::io(out_dir, e))?
                .join(out_dir)
        };
        let apis = crate::build_ir(&self.docs, &self.read)?;
        crate::emit::emit_crate(
            &apis,
            &EmitOptions {
                crate_name: String::new(),
                command: "cargo build (mdx_codegen::Config in build.rs)".into(),
                layout: Layout::Include { root },
            },
        )
    }

    /// Generates into `out_dir` (normally `OUT_DIR`), and tells cargo to rerun when any
    /// page or docs folder changes.
    ///
    /// The new files are swapped in all at once ([`crate::write::swap_in`]): on any
    /// error `out_dir` is left as it was. Files whose bytes did not change keep their
    /// modification time, stale generated files are removed, and files that
    /// mdx-codegen did not write (another generator's, say) are kept.
    /// Include the result with `include!(concat!(env!("OUT_DIR"), "/mdx_codegen.rs"))`.
    pub fn generate_to(&self, out_dir: impl AsRef<Path>) -> Result<()> {
        let out_dir = out_dir.as_ref();
        if !self.quiet_cargo {
            let inputs = crate::load::inputs(&self.docs)?;
            for path in inputs {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        let files = self.generate(out_dir)?;
        crate::write::swap_in(&files, out_dir, crate::write::Foreign::Keep)?;
        Ok(())
    }

    /// The name of the entry file [`Config::generate_to`] writes.
    pub fn entry_file() -> &'static str {
        INCLUDE_ENTRY
    }
}
