//! The `mdx-codegen` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use mdx_codegen::emit::{EmitOptions, Layout};
use mdx_codegen::mdx::ReadOptions;
use mdx_codegen::Error;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mdx_codegen::allocator::Allocator = mdx_codegen::allocator::Allocator;

/// Generate a typed Rust crate from Docusaurus OpenAPI docs (`*.api.mdx`).
///
/// Example:
///   mdx-codegen generate docs/api --out sailpoint-client --crate-name sailpoint-client
#[derive(Parser)]
#[command(name = "mdx-codegen", version, about, long_about = None, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Shown below the command list of `--help`.
const AFTER_HELP: &str = "\
Examples:
  mdx-codegen generate docs/api --out sailpoint-client --crate-name sailpoint-client
  mdx-codegen check docs/api --out sailpoint-client --crate-name sailpoint-client
  mdx-codegen diff old-docs/v3 new-docs/v3 --format markdown --fail-on-breaking

Exit codes:
  0  success; `check` found the folder up to date; `diff` found nothing breaking
     (or was not given --fail-on-breaking)
  1  `check` found differences; `diff --fail-on-breaking` found a breaking change;
     `generate --keep-going` wrote the crate but left out pages it reports
  2  bad input: unreadable docs or folders, pages that cannot be used
     (nothing is written)
  3  internal error (a bug in mdx-codegen)";

/// The `--format` of `diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    /// Plain text.
    Text,
    /// Markdown, for a pull request or changelog.
    Markdown,
    /// JSON.
    Json,
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
        /// Leave the empty `[workspace]` table out of `Cargo.toml`, for a crate you
        /// add to the `members` of your own workspace.
        #[arg(long)]
        workspace_member: bool,
        /// Cap on the inflated size of one page's `api:` value, in bytes.
        #[arg(long, default_value_t = mdx_codegen::mdx::DEFAULT_MAX_INFLATED)]
        max_inflated: usize,
        /// Also print a summary line per API.
        #[arg(long, short)]
        verbose: bool,
        /// Delete files in --out that mdx-codegen did not write (refused otherwise).
        #[arg(long)]
        force: bool,
        /// Generate everything that is sound, leaving out pages that cannot be used;
        /// they are all reported, and the exit code is then 1.
        #[arg(long)]
        keep_going: bool,
        /// Treat warnings (quirks of the docs that were worked around) as errors:
        /// report them all, write nothing and exit 2.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Check that a folder holds exactly what `generate` would write, like `rustfmt --check`.
    ///
    /// Takes the same arguments and defaults as `generate` (no arguments: `specs/`
    /// against `generated/`) and writes nothing. Exits 0 when the folder is up to
    /// date; otherwise prints a unified diff of each differing file and the files
    /// `generate` would add or remove, and exits 1. `target/` and `Cargo.lock` at the
    /// top of the folder are ignored.
    Check {
        /// Docs folders (searched recursively) or page files.
        docs: Vec<PathBuf>,
        /// Output folder of the crate.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Package name of the generated crate.
        #[arg(long)]
        crate_name: Option<String>,
        /// As for `generate`.
        #[arg(long)]
        workspace_member: bool,
        /// Cap on the inflated size of one page's `api:` value, in bytes.
        #[arg(long, default_value_t = mdx_codegen::mdx::DEFAULT_MAX_INFLATED)]
        max_inflated: usize,
    },
    /// Report how the API changed between two versions of the docs.
    ///
    /// Lists operations, types, fields, parameters, responses and enum values added,
    /// removed or changed, each marked breaking or not for code using the generated
    /// client. APIs are matched by module name (the folder name), operations by
    /// operation id and types by Rust name, so a rename shows as a removal and an
    /// addition.
    Diff {
        /// The old docs: a folder (searched recursively) or a page file.
        old: PathBuf,
        /// The new docs.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
        /// Exit with 1 when any change is breaking.
        #[arg(long)]
        fail_on_breaking: bool,
    },
    /// Reassemble an OpenAPI 3.0 document per API from the pages.
    ///
    /// With one API and no --out, prints it; otherwise writes `<module>.json` files into --out.
    Openapi {
        /// Docs folders (searched recursively) or page files.
        docs: Vec<PathBuf>,
        /// Folder to write one document per API into.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Leave out the examples that violate their own schema (each is listed on
        /// stderr), so that a mock server serving the document sends valid responses.
        #[arg(long)]
        drop_invalid_examples: bool,
        /// Give each JSON success response without an example one made from its
        /// schema, where that fits the schema (stderr gets the count and each
        /// response that could not be given one): a mock server's own sample of a
        /// schema can violate it.
        #[arg(long)]
        fill_examples: bool,
    },
    /// Write the crate plus a test target that round-trips every example in the docs.
    ///
    /// Besides what `generate` writes, DIR gets `tests/examples.rs` and its data
    /// `tests/examples.json`: every example (request and response bodies, `example`
    /// on schemas) with the generated type of its position and the verdict of a JSON
    /// Schema check. Run the report with `cd DIR && cargo test --test examples`.
    Examples {
        /// Docs folders (searched recursively) or page files.
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// Output folder of the crate.
        #[arg(long)]
        out: PathBuf,
        /// Package name of the generated crate.
        #[arg(long)]
        crate_name: Option<String>,
        /// Cap on the inflated size of one page's `api:` value, in bytes.
        #[arg(long, default_value_t = mdx_codegen::mdx::DEFAULT_MAX_INFLATED)]
        max_inflated: usize,
    },
    /// Write the crate plus a program that calls every operation against a server.
    ///
    /// Besides what `generate` writes, DIR gets `examples/smoke.rs`: it calls each
    /// operation of every API once with arguments and bodies from the docs' examples
    /// and prints, per API, the operations called, the requests the server accepted
    /// and the responses that parsed, listing every miss with its reason. Run it with
    /// `cd DIR && cargo run --example smoke -- --base-url URL`, against e.g. a Prism
    /// mock of the document `mdx-codegen openapi` writes.
    Smoke {
        /// Docs folders (searched recursively) or page files.
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// Output folder of the crate.
        #[arg(long)]
        out: PathBuf,
        /// Package name of the generated crate.
        #[arg(long)]
        crate_name: Option<String>,
        /// Cap on the inflated size of one page's `api:` value, in bytes.
        #[arg(long, default_value_t = mdx_codegen::mdx::DEFAULT_MAX_INFLATED)]
        max_inflated: usize,
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
    #[cfg(feature = "mimalloc")]
    mdx_codegen::allocator::tune();
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// `check` and `diff` report through their exit code; the other commands succeed or fail.
fn dispatch(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Check {
            docs,
            out,
            crate_name,
            workspace_member,
            max_inflated,
        } => check(
            Target::resolve(docs, out, crate_name, workspace_member)?,
            max_inflated,
        ),
        Command::Diff {
            old,
            new,
            format,
            fail_on_breaking,
        } => diff(&old, &new, format, fail_on_breaking),
        Command::Generate {
            docs,
            out,
            crate_name,
            workspace_member,
            max_inflated,
            verbose,
            force,
            keep_going,
            deny_warnings,
        } => generate(
            Target::resolve(docs, out, crate_name, workspace_member)?,
            ReadOptions { max_inflated },
            GenerateFlags {
                verbose,
                force,
                keep_going,
                deny_warnings,
            },
        ),
        command => run(Cli { command }).map(|()| ExitCode::SUCCESS),
    }
}

/// What `generate` and `check` work on, with the defaults filled in.
struct Target {
    docs: Vec<PathBuf>,
    out: PathBuf,
    crate_name: String,
    /// The command named in every generated file's header: always the `generate`
    /// command, so that a fresh `generate` passes `check`.
    command: String,
    /// A standalone crate, or a workspace member.
    layout: Layout,
}

impl Target {
    fn resolve(
        docs: Vec<PathBuf>,
        out: Option<PathBuf>,
        crate_name: Option<String>,
        workspace_member: bool,
    ) -> Result<Self, Error> {
        let explicit = !docs.is_empty() || out.is_some();
        let docs = docs_or_default(docs);
        let out = out.unwrap_or_else(|| PathBuf::from(mdx_codegen::DEFAULT_OUT));
        let crate_name = match crate_name {
            Some(name) => checked_crate_name(name)?,
            None if explicit => default_crate_name(&out),
            None => mdx_codegen::DEFAULT_CRATE_NAME.to_string(),
        };
        let command = if explicit {
            regenerate_command("generate", &docs, &out, &crate_name)
        } else {
            mdx_codegen::DEFAULT_COMMAND.to_string()
        };
        Ok(Target {
            // `generated/` is a member of this repository's workspace.
            layout: if workspace_member || !explicit {
                Layout::Member
            } else {
                Layout::Crate
            },
            docs,
            out,
            crate_name,
            command,
        })
    }
}

/// The switches of `generate`.
struct GenerateFlags {
    verbose: bool,
    force: bool,
    keep_going: bool,
    deny_warnings: bool,
}

/// `generate`: all or nothing, unless `--keep-going`, which writes what is sound,
/// reports the rest and exits 1. The output folder is swapped in whole, so an error
/// leaves it as it was.
fn generate(target: Target, read: ReadOptions, flags: GenerateFlags) -> Result<ExitCode, Error> {
    let Target {
        docs,
        out,
        crate_name,
        command,
        layout,
    } = target;
    let (apis, problems) = mdx_codegen::build_ir_partial(&docs, &read)?;
    let problems = if !flags.keep_going || apis.is_empty() {
        Error::collect(problems)?;
        Vec::new()
    } else {
        problems
    };
    let warnings = mdx_codegen::Warning::group(apis.iter().flat_map(|a| a.warnings.clone()));
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if flags.deny_warnings && !warnings.is_empty() {
        eprintln!(
            "error: {} warning(s) denied by --deny-warnings; nothing was written",
            warnings.len()
        );
        return Ok(ExitCode::from(2));
    }
    let mut cache = mdx_codegen::write::load_format_cache(&out);
    let files = mdx_codegen::emit::emit_crate_cached(
        &apis,
        &EmitOptions {
            crate_name,
            command,
            layout,
        },
        &mut cache,
    )?;
    let plan = if flags.force {
        mdx_codegen::write::write_tree_forced(&files, &out)?
    } else {
        mdx_codegen::write::write_tree(&files, &out)?
    };
    mdx_codegen::write::save_format_cache(&out, &cache)?;
    if flags.verbose {
        for api in &apis {
            eprintln!("{}: {}", api.dir.display(), summary(&[api.stats]));
        }
    }
    let stats: Vec<_> = apis.iter().map(|a| a.stats).collect();
    let shown: Vec<String> = docs.iter().map(|d| d.display().to_string()).collect();
    println!(
        "{}: {}, {} warning(s) -> {} ({} files, {} written, {} removed)",
        shown.join(" "),
        summary(&stats),
        warnings.len(),
        out.display(),
        files.files.len(),
        plan.added.len() + plan.changed.len(),
        plan.removed.len()
    );
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let pages: std::collections::BTreeSet<_> = problems
        .iter()
        .filter_map(|e| match e {
            Error::Input { location, .. } => Some(location.file.clone()),
            _ => None,
        })
        .collect();
    let report = Error::Many(problems);
    eprintln!("error: {report}");
    eprintln!(
        "--keep-going: left out {} page(s) or folder(s) with problems; the rest was generated",
        pages.len()
    );
    Ok(if report.exit_code() == 3 {
        ExitCode::from(3)
    } else {
        ExitCode::from(1)
    })
}

fn check(target: Target, max_inflated: usize) -> Result<ExitCode, Error> {
    use std::io::{IsTerminal, Write};
    let read = ReadOptions { max_inflated };
    let files = mdx_codegen::generate(
        &target.docs,
        &read,
        &EmitOptions {
            crate_name: target.crate_name,
            command: target.command.clone(),
            layout: target.layout.clone(),
        },
    )?;
    let report = mdx_codegen::check::check(&files, &target.out)?;
    if report.is_clean() {
        eprintln!("{}", report.summary());
        return Ok(ExitCode::SUCCESS);
    }
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut lock = stdout.lock();
    // A closed pipe (`check | head`) is no reason to fail differently.
    let _ = lock.write_all(report.render(color).as_bytes());
    let _ = lock.flush();
    eprintln!(
        "{}; run `{}` to update it",
        report.summary(),
        target.command
    );
    Ok(ExitCode::from(1))
}

fn diff(
    old: &std::path::Path,
    new: &std::path::Path,
    format: DiffFormat,
    fail_on_breaking: bool,
) -> Result<ExitCode, Error> {
    use std::io::Write;
    let read = ReadOptions::default();
    let old_apis = mdx_codegen::build_ir(&[old.to_path_buf()], &read)?;
    let new_apis = mdx_codegen::build_ir(&[new.to_path_buf()], &read)?;
    let report = mdx_codegen::diff::compare(&old_apis, &new_apis);
    let format = match format {
        DiffFormat::Text => mdx_codegen::diff::Format::Text,
        DiffFormat::Markdown => mdx_codegen::diff::Format::Markdown,
        DiffFormat::Json => mdx_codegen::diff::Format::Json,
    };
    let _ = std::io::stdout().write_all(report.render(format).as_bytes());
    Ok(if fail_on_breaking && report.has_breaking() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
        Command::Openapi {
            docs,
            out,
            drop_invalid_examples,
            fill_examples,
        } => {
            let apis = mdx_codegen::load::load(&docs_or_default(docs), &ReadOptions::default())?;
            let options = mdx_codegen::openapi::Options {
                drop_invalid_examples,
                fill_examples,
            };
            let mut docs = Vec::new();
            for api in &apis {
                let (doc, report) = mdx_codegen::openapi::document_with(api, &options)?;
                let m = &api.module;
                for line in &report.dropped {
                    eprintln!("dropped: {m} {line}");
                }
                for line in &report.not_filled {
                    eprintln!("not filled: {m} {line}: no value made from the schema fits it");
                }
                if drop_invalid_examples {
                    eprintln!(
                        "{m}: {} examples that violate their schema left out",
                        report.dropped.len()
                    );
                }
                if fill_examples {
                    eprintln!(
                        "{m}: {} responses given an example made from the schema, {} could not be",
                        report.filled.len(),
                        report.not_filled.len()
                    );
                }
                docs.push((api.module.clone(), doc));
            }
            let text = |v: &serde_json::Value| {
                serde_json::to_string_pretty(v)
                    .map_err(|e| Error::Internal(format!("cannot print the document: {e}")))
            };
            match (out, docs.as_slice()) {
                (None, [(_, doc)]) => println!("{}", text(doc)?),
                (None, _) => {
                    return Err(Error::input(
                        mdx_codegen::Location::default(),
                        "the docs hold several APIs: pass --out DIR to write one document each",
                    ))
                }
                (Some(dir), _) => {
                    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
                    for (module, doc) in &docs {
                        let path = dir.join(format!("{module}.json"));
                        std::fs::write(&path, text(doc)?).map_err(|e| Error::io(&path, e))?;
                    }
                }
            }
            Ok(())
        }
        Command::Examples {
            docs,
            out,
            crate_name,
            max_inflated,
        } => write_extended_crate(
            "examples",
            ExtendedTarget::new(docs, out, crate_name, max_inflated)?,
            |docs, read, opts| {
                let (files, counts) = mdx_codegen::examples::generate(docs, read, opts)?;
                Ok((files, mdx_codegen::examples::summary_line(&counts)))
            },
            "cargo test --test examples",
        ),
        Command::Smoke {
            docs,
            out,
            crate_name,
            max_inflated,
        } => write_extended_crate(
            "smoke",
            ExtendedTarget::new(docs, out, crate_name, max_inflated)?,
            |docs, read, opts| {
                let (files, counts) = mdx_codegen::smoke::generate(docs, read, opts)?;
                Ok((files, mdx_codegen::smoke::summary_line(&counts)))
            },
            "cargo run --example smoke -- --base-url URL",
        ),
        Command::Check { .. } | Command::Diff { .. } | Command::Generate { .. } => Err(
            Error::Internal("`check`, `diff` and `generate` are handled by `dispatch`".into()),
        ),
        Command::Inspect { docs, json: _ } => {
            let apis = mdx_codegen::build_ir(&docs_or_default(docs), &ReadOptions::default())?;
            let mut value = serde_json::to_value(&apis)
                .map_err(|e| Error::Internal(format!("cannot print the IR: {e}")))?;
            if let Some(list) = value.as_array_mut() {
                for (api, json) in apis.iter().zip(list) {
                    name_references(json, api);
                }
            }
            let text = serde_json::to_string_pretty(&value)
                .map_err(|e| Error::Internal(format!("cannot print the IR: {e}")))?;
            println!("{text}");
            Ok(())
        }
    }
}

/// Adds the Rust name beside every type reference (`{"kind": "named", "of": 3}`)
/// and an `id` to every type, so the printed IR reads without counting.
fn name_references(json: &mut serde_json::Value, api: &mdx_codegen::ir::Api) {
    use serde_json::Value;
    match json {
        Value::Object(map) => {
            let named = map.get("kind").and_then(Value::as_str) == Some("named");
            if let (true, Some(id)) = (named, map.get("of").and_then(Value::as_u64)) {
                if let Some(def) = api.types.types.get(id as usize) {
                    map.insert("name".into(), Value::String(def.rust_name.clone()));
                }
            }
            for v in map.values_mut() {
                name_references(v, api);
            }
        }
        Value::Array(items) => {
            for v in items {
                name_references(v, api);
            }
        }
        _ => {}
    }
}

/// The docs, output folder, crate name and read options of `examples` and `smoke`.
struct ExtendedTarget {
    docs: Vec<PathBuf>,
    out: PathBuf,
    crate_name: String,
    read: ReadOptions,
}

impl ExtendedTarget {
    fn new(
        docs: Vec<PathBuf>,
        out: PathBuf,
        crate_name: Option<String>,
        max_inflated: usize,
    ) -> Result<Self, Error> {
        let crate_name = match crate_name {
            Some(name) => checked_crate_name(name)?,
            None => default_crate_name(&out),
        };
        Ok(Self {
            docs,
            out,
            crate_name,
            read: ReadOptions { max_inflated },
        })
    }
}

/// `examples` and `smoke`: writes the crate that `build` makes (the generated crate
/// plus a test or example target) and says what to run in it.
fn write_extended_crate(
    command: &str,
    target: ExtendedTarget,
    build: impl FnOnce(
        &[PathBuf],
        &ReadOptions,
        &EmitOptions,
    ) -> Result<(mdx_codegen::emit::Generated, String), Error>,
    then_run: &str,
) -> Result<(), Error> {
    let ExtendedTarget {
        docs,
        out,
        crate_name,
        read,
    } = target;
    let opts = EmitOptions {
        command: regenerate_command(command, &docs, &out, &crate_name),
        crate_name,
        layout: Layout::Crate,
    };
    let (files, summary) = build(&docs, &read, &opts)?;
    mdx_codegen::write::write_tree(&files, &out)?;
    let shown: Vec<String> = docs.iter().map(|d| d.display().to_string()).collect();
    println!(
        "{}: {summary} -> {}; run `{then_run}` there",
        shown.join(" "),
        out.display()
    );
    Ok(())
}

/// The command a generated file's header names: paths relative to the output
/// folder, to be run from there, so the header is the same however the paths were
/// typed and holds no path of the machine it was generated on.
fn regenerate_command(
    verb: &str,
    docs: &[PathBuf],
    out: &std::path::Path,
    crate_name: &str,
) -> String {
    let mut parts = vec![format!("mdx-codegen {verb}")];
    for d in docs {
        parts.push(
            mdx_codegen::write::relative_path(d, out)
                .display()
                .to_string(),
        );
    }
    parts.push("--out .".to_string());
    parts.push(format!("--crate-name {crate_name}"));
    format!("{} (from the crate's folder)", parts.join(" "))
}

/// A `--crate-name` that cargo accepts, or an input error with a suggestion.
fn checked_crate_name(name: String) -> Result<String, Error> {
    mdx_codegen::ident::check_package_name(&name)
        .map_err(|m| Error::input(mdx_codegen::Location::file("--crate-name"), m))?;
    Ok(name)
}

fn default_crate_name(out: &std::path::Path) -> String {
    let stem = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    mdx_codegen::ident::suggest_package_name(&stem)
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
