//! The `mdx-codegen` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use mdx_codegen::emit::{EmitOptions, Layout};
use mdx_codegen::mdx::ReadOptions;
use mdx_codegen::Error;

/// Generate a typed Rust crate from Docusaurus OpenAPI docs (`*.api.mdx`).
///
/// Example:
///   mdx-codegen generate docs/api --out sailpoint-client --crate-name sailpoint-client
#[derive(Parser)]
#[command(name = "mdx-codegen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a complete crate (Cargo.toml and src/) generated from the docs.
    ///
    /// With no arguments, reads `specs/` and writes `generated/`.
    Generate {
        /// Docs folders (searched recursively) or page files.
        docs: Vec<PathBuf>,
        /// Output folder of the crate.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Package name of the generated crate.
        #[arg(long)]
        crate_name: Option<String>,
        /// Cap on the inflated size of one page's `api:` value, in bytes.
        #[arg(long, default_value_t = mdx_codegen::mdx::DEFAULT_MAX_INFLATED)]
        max_inflated: usize,
        /// Also print a summary line per API.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Print the IR: every type and operation.
    Inspect {
        /// Docs folders (searched recursively) or page files.
        docs: Vec<PathBuf>,
        /// Print JSON (the only format for now).
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn docs_or_default(docs: Vec<PathBuf>) -> Vec<PathBuf> {
    if docs.is_empty() {
        vec![PathBuf::from(mdx_codegen::DEFAULT_DOCS)]
    } else {
        docs
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Generate {
            docs,
            out,
            crate_name,
            max_inflated,
            verbose,
        } => {
            let explicit = !docs.is_empty() || out.is_some();
            let docs = docs_or_default(docs);
            let out = out.unwrap_or_else(|| PathBuf::from(mdx_codegen::DEFAULT_OUT));
            let crate_name = crate_name.unwrap_or_else(|| {
                if explicit {
                    default_crate_name(&out)
                } else {
                    mdx_codegen::DEFAULT_CRATE_NAME.to_string()
                }
            });
            let command = if explicit {
                let mut parts = vec!["mdx-codegen generate".to_string()];
                parts.extend(docs.iter().map(|d| d.display().to_string()));
                parts.push(format!("--out {}", out.display()));
                parts.push(format!("--crate-name {crate_name}"));
                parts.join(" ")
            } else {
                mdx_codegen::DEFAULT_COMMAND.to_string()
            };
            let read = ReadOptions { max_inflated };
            let apis = mdx_codegen::build_ir(&docs, &read)?;
            let files = mdx_codegen::emit::emit_crate(
                &apis,
                &EmitOptions {
                    crate_name,
                    command,
                    layout: Layout::Crate,
                },
            )?;
            mdx_codegen::write::write_tree(&files, &out)?;
            if verbose {
                for api in &apis {
                    eprintln!("{}: {}", api.dir.display(), summary(&[api.stats]));
                }
            }
            let stats: Vec<_> = apis.iter().map(|a| a.stats).collect();
            let shown: Vec<String> = docs.iter().map(|d| d.display().to_string()).collect();
            println!(
                "{}: {} -> {} ({} files)",
                shown.join(" "),
                summary(&stats),
                out.display(),
                files.files.len()
            );
            Ok(())
        }
        Command::Inspect { docs, json: _ } => {
            let apis = mdx_codegen::build_ir(&docs_or_default(docs), &ReadOptions::default())?;
            let text = serde_json::to_string_pretty(&apis)
                .map_err(|e| Error::Internal(format!("cannot print the IR: {e}")))?;
            println!("{text}");
            Ok(())
        }
    }
}

fn default_crate_name(out: &std::path::Path) -> String {
    let stem = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}")
    } else {
        name
    }
}

fn summary(stats: &[mdx_codegen::ir::Stats]) -> String {
    let sum = |f: fn(&mdx_codegen::ir::Stats) -> usize| stats.iter().map(f).sum::<usize>();
    format!(
        "{} pages, {} operations, {} named types, {} anonymous types, {} duplicates merged",
        sum(|s| s.pages),
        sum(|s| s.operations),
        sum(|s| s.named_types),
        sum(|s| s.anonymous_types),
        sum(|s| s.duplicates_merged)
    )
}
