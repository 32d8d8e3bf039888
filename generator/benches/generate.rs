//! Generation benchmark: how close `mdx-codegen generate` runs to the I/O floor.
//!
//! ```sh
//! cargo bench -p mdx-codegen --bench generate                 # the 2024 corpus, 10 runs
//! cargo bench -p mdx-codegen --bench generate -- --runs 5 DOCS...
//! cargo bench -p mdx-codegen --bench generate -- --scale 5000 # a 5,000-page copy of it
//! ```
//!
//! Prints the median, minimum and maximum wall time of:
//! - **floor**: list every `*.api.mdx` page, then, in parallel, read it, find `api:`,
//!   inflate and parse it with serde_json (`mdx::read_api_page`). Nothing faster can
//!   produce the operations.
//! - each stage of a generation: **decode** (`load::load`: the floor plus tag pages,
//!   keeping the decoded pages), **normalize** (`lower::lower_api`, the IR), **emit**
//!   (every file's tokens, without formatting), **format** (`emit::emit_crate`, which
//!   builds and formats every file, minus emit), **write** (`write::write_tree` into an
//!   empty folder) and **rewrite** (`write::write_tree` again over unchanged files: it
//!   writes nothing);
//! - **total**: one whole generation, docs to files on disk in an empty folder, timed
//!   end to end, with its ratio to the floor: cold, with no format cache;
//! - **warm**: the same generation again over its own output (the format cache beside
//!   it, nothing changed), and **warm-1**: again after one page's description changed
//!   (one file differs), each with its ratio to the floor;
//! - the peak RSS of one whole generation, measured in a child process (this binary
//!   run again with `--once`), so the bench's own data does not count.
//!
//! The whole generations (total, warm, warm-1) read a copy of the docs in a temporary
//! folder, so that one page can be changed. `--scale N` first builds a tree of N pages
//! there by copying the pages of the docs under new operation ids, ids and paths (each
//! copy re-encoded as the original was), and benches that.
//!
//! Output folders are removed only at the end: on an ext4 file system without a
//! journal, creating files soon after deleting many costs the kernel a scan past
//! every recently deleted inode (`recently_deleted` in `find_inode_bit`), which would
//! time the bench's own clean-up rather than the generator.
//!
//! Not run in CI: timings depend on the machine. Never assert on them in tests.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use base64::Engine as _;
use rayon::prelude::*;

use mdx_codegen::emit::{self, EmitOptions, Layout};
use mdx_codegen::mdx::{self, ReadOptions};

struct Args {
    runs: usize,
    scale: Option<usize>,
    docs: Vec<PathBuf>,
    once: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        runs: 0,
        scale: None,
        docs: Vec::new(),
        once: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            // `cargo bench` passes `--bench`; libtest options are not ours.
            "--bench" => {}
            "--runs" => {
                args.runs = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--runs takes a number")?;
            }
            "--scale" => {
                args.scale = Some(
                    it.next()
                        .and_then(|n| n.parse().ok())
                        .ok_or("--scale takes a number of pages")?,
                );
            }
            "--once" => args.once = Some(it.next().ok_or("--once takes an output folder")?.into()),
            "-h" | "--help" => {
                return Err(
                    "usage: generate [--runs N] [--scale PAGES] [DOCS...]  (default DOCS: ../shared/corpus/sailpoint-2024)"
                        .into(),
                )
            }
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            other => args.docs.push(other.into()),
        }
    }
    // `cargo bench` runs the bench in the package's folder: a relative path that is
    // not there is taken from the workspace's root, as the other commands take it.
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for d in &mut args.docs {
        if d.is_relative() && !d.exists() && workspace.join(&*d).exists() {
            *d = workspace.join(&*d);
        }
    }
    if args.docs.is_empty() {
        args.docs
            .push(workspace.join("../shared/corpus/sailpoint-2024"));
    }
    Ok(args)
}

// The command line's allocator, so that the figures are the command line's.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mdx_codegen::allocator::Allocator = mdx_codegen::allocator::Allocator;

fn main() {
    #[cfg(feature = "mimalloc")]
    mdx_codegen::allocator::tune();
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Some(out) = &args.once {
        // The child of the RSS measurement: one generation, then the peak RSS.
        if let Err(e) = generate_once(&args.docs, out) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        println!("{}", peak_rss_kb().unwrap_or(0));
        return;
    }
    let scratch = std::env::temp_dir().join(format!("mdx-codegen-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    if let Err(e) = std::fs::create_dir_all(&scratch) {
        eprintln!("cannot create {}: {e}", scratch.display());
        std::process::exit(1);
    }
    let result = run(&args, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

type AnyResult<T> = Result<T, Box<dyn std::error::Error>>;

fn run(args: &Args, scratch: &Path) -> AnyResult<()> {
    let tree = scratch.join("docs");
    match args.scale {
        Some(n) => {
            let t = Instant::now();
            scale_tree(&args.docs, &tree, n)?;
            eprintln!(
                "built a {n}-page tree in {} in {:.1} s",
                tree.display(),
                t.elapsed().as_secs_f64()
            );
        }
        None => copy_tree(&args.docs, &tree)?,
    }
    // The stages read the docs given (or the scaled tree); whole generations its copy.
    let docs = match args.scale {
        Some(_) => vec![tree.clone()],
        None => args.docs.clone(),
    };
    let copy = vec![tree.clone()];
    let runs = match (args.runs, args.scale) {
        (0, Some(_)) => 3,
        (0, None) => 10,
        (n, _) => n,
    };
    let pages = api_pages(&docs)?;
    let bytes: u64 = pages
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    let shown: Vec<String> = args.docs.iter().map(|d| d.display().to_string()).collect();
    println!(
        "docs: {} ({} pages, {:.1} MB); {runs} runs after one warm-up; {} threads; {}; load average {}",
        shown.join(" "),
        pages.len(),
        bytes as f64 / 1e6,
        rayon::current_num_threads(),
        machine(),
        load_average()
    );
    // The page that warm-1 changes (the first of an HTTP operation), and its two
    // versions, swapped in turn.
    let mut edit = None;
    for page in api_pages(&copy)? {
        let original = std::fs::read_to_string(&page)?;
        if let Some(changed) = edit_page(&original)? {
            edit = Some((page, original, changed));
            break;
        }
    }
    let (edited, original, changed) = edit.ok_or("no page of an HTTP operation to change")?;

    let read = ReadOptions::default();
    let opts = EmitOptions {
        crate_name: "bench".into(),
        command: "mdx-codegen generate (bench)".into(),
        layout: Layout::Crate,
    };
    let names = [
        "floor",
        "decode",
        "normalize",
        "emit",
        "format",
        "write",
        "rewrite",
        "total",
        "warm",
        "warm-1",
    ];
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    let mut cpu_samples: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    let mut formatted = (0, 0);
    for run in 0..=runs {
        let mut t = [Duration::ZERO; 10];
        let mut c = [Duration::ZERO; 10];
        // The floor.
        let cpu = cpu_time();
        let start = Instant::now();
        let pages = api_pages(&docs)?;
        let read_ok: usize = pages
            .par_iter()
            .map(|p| usize::from(mdx::read_api_page(p, &read).is_ok()))
            .sum();
        t[0] = start.elapsed();
        c[0] = cpu_time().saturating_sub(cpu);
        if read_ok != pages.len() {
            return Err(format!(
                "{} of {} pages failed to read",
                pages.len() - read_ok,
                pages.len()
            )
            .into());
        }
        // The stages, one after the other.
        let cpu = cpu_time();
        let start = Instant::now();
        let loaded = mdx_codegen::load::load(&docs, &read)?;
        c[1] = cpu_time().saturating_sub(cpu);
        t[1] = start.elapsed();
        let cpu = cpu_time();
        let start = Instant::now();
        let apis = mdx_codegen::lower_apis(&loaded)?;
        c[2] = cpu_time().saturating_sub(cpu);
        t[2] = start.elapsed();
        drop(loaded);
        let cpu = cpu_time();
        let start = Instant::now();
        let tokens = emit::emit_tokens_only(&apis, &opts)?;
        c[3] = cpu_time().saturating_sub(cpu);
        t[3] = start.elapsed();
        let cpu = cpu_time();
        let start = Instant::now();
        let files = emit::emit_crate(&apis, &opts)?;
        c[4] = cpu_time().saturating_sub(cpu);
        t[4] = start.elapsed().saturating_sub(t[3]);
        c[4] = c[4].saturating_sub(c[3]);
        let out = scratch.join(format!("out-{run}"));
        let cpu = cpu_time();
        let start = Instant::now();
        mdx_codegen::write::write_tree(&files, &out)?;
        c[5] = cpu_time().saturating_sub(cpu);
        t[5] = start.elapsed();
        let cpu = cpu_time();
        let start = Instant::now();
        let plan = mdx_codegen::write::write_tree(&files, &out)?;
        c[6] = cpu_time().saturating_sub(cpu);
        t[6] = start.elapsed();
        if !plan.is_empty() {
            return Err("regenerating over unchanged files wrote something".into());
        }
        drop((apis, files));
        // Whole generations, end to end: cold into an empty folder, then warm over
        // its own output, unchanged and with one page changed.
        let out = scratch.join(format!("total-{run}"));
        let mut count = 0;
        for (i, edit) in [(7, None), (8, None), (9, Some(run % 2 == 0))] {
            if let Some(change) = edit {
                std::fs::write(&edited, if change { &changed } else { &original })?;
            }
            let cpu = cpu_time();
            let start = Instant::now();
            let (n, hits, misses) = generate_once(&copy, &out)?;
            c[i] = cpu_time().saturating_sub(cpu);
            t[i] = start.elapsed();
            count = n;
            match i {
                7 if hits != 0 => return Err("a cold generation used a format cache".into()),
                8 if misses != 0 => {
                    return Err(
                        format!("an unchanged generation formatted {misses} file(s)").into(),
                    )
                }
                9 => formatted = (misses, hits + misses),
                _ => {}
            }
        }
        if run == 0 {
            eprintln!("warm-up done: {count} files, {tokens} token trees");
            continue;
        }
        for (s, d) in samples.iter_mut().zip(t) {
            s.push(d);
        }
        for (s, d) in cpu_samples.iter_mut().zip(c) {
            s.push(d);
        }
        eprint!(".");
        let _ = std::io::stderr().flush();
    }
    std::fs::write(&edited, &original)?;
    eprintln!();

    let medians: Vec<Duration> = samples.iter().map(|s| median(s)).collect();
    let cpu_medians: Vec<Duration> = cpu_samples.iter().map(|s| median(s)).collect();
    let ratio = |i: usize| {
        format!(
            "{:.2}x the floor ({:.2}x in CPU time)",
            medians[i].as_secs_f64() / medians[0].as_secs_f64(),
            cpu_medians[i].as_secs_f64() / cpu_medians[0].as_secs_f64().max(1e-9)
        )
    };
    println!(
        "{:<10} {:>10} {:>10} {:>10} {:>10}",
        "stage", "median", "min", "max", "cpu"
    );
    for (i, name) in names.iter().enumerate() {
        let s = &samples[i];
        let min = s.iter().min().copied().unwrap_or_default();
        let max = s.iter().max().copied().unwrap_or_default();
        let note = match *name {
            "floor" => "  read + find api: + inflate + parse, every page, in parallel".to_string(),
            "total" => format!("  cold: {}", ratio(i)),
            "warm" => format!("  nothing changed: {}", ratio(i)),
            "warm-1" => format!(
                "  one page changed, {} of {} files formatted: {}",
                formatted.0,
                formatted.1,
                ratio(i)
            ),
            "rewrite" => "  (write_tree over unchanged files: writes nothing)".to_string(),
            _ => String::new(),
        };
        println!(
            "{:<10} {:>10} {:>10} {:>10} {:>10}{note}",
            name,
            ms(medians[i]),
            ms(min),
            ms(max),
            ms(cpu_medians[i])
        );
    }
    let staged: Duration = medians[1..6].iter().sum();
    println!(
        "{:<10} {:>10}  (decode + normalize + emit + format + write)",
        "stages",
        ms(staged)
    );

    // Peak RSS of one generation in a child process.
    let out = scratch.join("rss");
    let exe = std::env::current_exe()?;
    let child = Command::new(exe)
        .arg("--once")
        .arg(&out)
        .args(&copy)
        .output()?;
    if !child.status.success() {
        return Err(format!(
            "the RSS child failed: {}",
            String::from_utf8_lossy(&child.stderr)
        )
        .into());
    }
    let kb: u64 = String::from_utf8_lossy(&child.stdout).trim().parse()?;
    println!(
        "peak RSS   {:>7.1} MB  (one whole generation in a child process; {:.1} KB a page)",
        kb as f64 / 1024.0,
        kb as f64 / pages.len().max(1) as f64
    );
    Ok(())
}

/// One whole generation, docs to files in `out`, as `mdx-codegen generate` does it
/// (the format cache in `out` read and saved); returns the number of files, and how
/// many were taken from the cache and how many formatted.
fn generate_once(docs: &[PathBuf], out: &Path) -> AnyResult<(usize, usize, usize)> {
    let apis = mdx_codegen::build_ir(docs, &ReadOptions::default())?;
    let mut cache = mdx_codegen::write::load_format_cache(out);
    let files = emit::emit_crate_cached(
        &apis,
        &EmitOptions {
            crate_name: "bench".into(),
            command: "mdx-codegen generate (bench)".into(),
            layout: Layout::Crate,
        },
        &mut cache,
    )?;
    mdx_codegen::write::write_tree(&files, out)?;
    mdx_codegen::write::save_format_cache(out, &cache)?;
    Ok((files.files.len(), cache.hits(), cache.misses()))
}

fn median(samples: &[Duration]) -> Duration {
    let mut s = samples.to_vec();
    s.sort();
    match s.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// The CPU time (user + system, every thread) this process has used so far, from
/// `/proc/self/stat` (Linux; in clock ticks, usually 10 ms): on a shared machine it
/// varies less with the load than wall time.
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are the 14th and 15th fields of the line, 12th and 13th here.
    let ticks: u64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum())
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// The peak resident set size of this process, in KiB (Linux: `VmHWM`).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The load average over the last 1, 5 and 15 minutes (`/proc/loadavg`): another
/// process's load shows in wall times.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

/// The CPU model and core count, for the record.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    format!("{cpu}, {cores} cores")
}

/// Every `*.api.mdx` page below `docs`, sorted.
fn api_pages(docs: &[PathBuf]) -> AnyResult<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            let p = e.path();
            if e.file_type()?.is_dir() {
                walk(&p, out)?;
            } else if p.to_string_lossy().ends_with(".api.mdx") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for d in docs {
        if d.is_file() {
            out.push(d.clone());
        } else {
            walk(d, &mut out)?;
        }
    }
    out.sort();
    Ok(out)
}

/// Copies every file below the docs folders (or the single pages) into `to`, each
/// folder under its path below its docs folder, as [`scale_tree`] places pages.
fn copy_tree(from: &[PathBuf], to: &Path) -> AnyResult<()> {
    fn walk(dir: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(to)?;
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            let target = to.join(e.file_name());
            if e.file_type()?.is_dir() {
                walk(&e.path(), &target)?;
            } else {
                std::fs::copy(e.path(), target)?;
            }
        }
        Ok(())
    }
    for d in from {
        if d.is_file() {
            std::fs::create_dir_all(to)?;
            if let Some(name) = d.file_name() {
                std::fs::copy(d, to.join(name))?;
            }
        } else {
            walk(d, to)?;
        }
    }
    Ok(())
}

/// The page text with its operation's description changed, re-encoded as it was:
/// a change to one page that changes one generated file. `None` for a page that is
/// not an HTTP operation (a webhook's description is not emitted).
fn edit_page(text: &str) -> AnyResult<Option<String>> {
    const HTTP: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_front = 0;
    let mut http = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" {
            in_front += 1;
        }
        if let (1, Some(value)) = (in_front, bare.strip_prefix("api: ")) {
            let edited = edit_api(value, |api| {
                let method = api.get("method").and_then(|m| m.as_str()).unwrap_or("");
                http = HTTP.contains(&method.to_ascii_lowercase().as_str());
                let old = api
                    .get("description")
                    .and_then(|d| d.as_str())
                    .unwrap_or("")
                    .to_string();
                api.insert(
                    "description".into(),
                    format!("{old}\n\nChanged for the bench.").into(),
                );
            })?;
            out.push_str(&format!("api: {edited}\n"));
            continue;
        }
        out.push_str(line);
    }
    Ok(http.then_some(out))
}

/// Fills `to` with `total` pages: every page of `from` (folder by folder, with its tag
/// pages), then copies of them under new operation ids, page ids and paths, round
/// robin, each re-encoded as its original was (plain JSON or base64 of zlib).
fn scale_tree(from: &[PathBuf], to: &Path, total: usize) -> AnyResult<()> {
    let pages = api_pages(from)?;
    if pages.is_empty() {
        return Err("no pages to copy".into());
    }
    // Each page keeps its folder's name (below the docs root) so APIs stay apart.
    let target_of = |page: &Path| -> PathBuf {
        let dir = page.parent().unwrap_or(Path::new(""));
        let root = from.iter().find(|r| dir.starts_with(r));
        let rel = root
            .and_then(|r| dir.strip_prefix(r).ok())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        to.join(rel)
    };
    let mut dirs: Vec<PathBuf> = pages
        .iter()
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    dirs.dedup();
    for dir in &dirs {
        let target = target_of(&dir.join("x"));
        std::fs::create_dir_all(&target)?;
        for e in std::fs::read_dir(dir)? {
            let p = e?.path();
            if p.to_string_lossy().ends_with(".tag.mdx") {
                if let Some(name) = p.file_name() {
                    std::fs::copy(&p, target.join(name))?;
                }
            }
        }
    }
    let jobs: Vec<(usize, &PathBuf)> = (0..total)
        .map(|i| (i / pages.len(), &pages[i % pages.len()]))
        .collect();
    jobs.par_iter()
        .try_for_each(|(copy, page)| -> Result<(), String> {
            let text =
                std::fs::read_to_string(page).map_err(|e| format!("{}: {e}", page.display()))?;
            let name = page
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or("page name is not UTF-8")?;
            let target = target_of(page);
            if *copy == 0 {
                std::fs::write(target.join(name), text).map_err(|e| e.to_string())?;
                return Ok(());
            }
            let stem = name.trim_end_matches(".api.mdx");
            let copied = copy_page(&text, *copy).map_err(|e| format!("{}: {e}", page.display()))?;
            let path = target.join(format!("{stem}-copy-{copy}.api.mdx"));
            std::fs::write(path, copied).map_err(|e| e.to_string())
        })?;
    Ok(())
}

/// The page text with its `id`, `operationId` and path made unique for copy `n`.
fn copy_page(text: &str, n: usize) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_front = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" {
            in_front += 1;
        }
        if in_front == 1 {
            if let Some(id) = bare.strip_prefix("id: ") {
                out.push_str(&format!("id: {id}-copy-{n}\n"));
                continue;
            }
            if let Some(value) = bare.strip_prefix("api: ") {
                out.push_str("api: ");
                out.push_str(&copy_api(value, n)?);
                out.push('\n');
                continue;
            }
        }
        out.push_str(line);
    }
    Ok(out)
}

fn copy_api(value: &str, n: usize) -> Result<String, String> {
    edit_api(value, |obj| {
        if let Some(serde_json::Value::String(id)) = obj.get_mut("operationId") {
            id.push_str(&format!("Copy{n}"));
        }
        if let Some(serde_json::Value::String(path)) = obj.get_mut("path") {
            path.push_str(&format!("/copy-{n}"));
        }
    })
}

/// The `api:` value with `edit` applied to its object, re-encoded as it was (plain
/// JSON, or base64 of zlib).
fn edit_api(
    value: &str,
    edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
) -> Result<String, String> {
    use std::io::Read as _;
    let compressed = !value.starts_with('{');
    let json = if compressed {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .map_err(|e| e.to_string())?;
        let mut text = String::new();
        flate2::read::ZlibDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
        text
    } else {
        value.to_string()
    };
    let mut api: serde_json::Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    edit(api.as_object_mut().ok_or("api: is not an object")?);
    let json = serde_json::to_string(&api).map_err(|e| e.to_string())?;
    if !compressed {
        return Ok(json);
    }
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(json.as_bytes()).map_err(|e| e.to_string())?;
    let bytes = enc.finish().map_err(|e| e.to_string())?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}
