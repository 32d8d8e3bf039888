//! Docs rendering benchmark: every description, summary and title of a docs tree through
//! `docs::to_rustdoc`.
//!
//! ```sh
//! cargo bench -p mdx-codegen --bench docs                     # the 2026 v2026 corpus, 15 runs
//! cargo bench -p mdx-codegen --bench docs -- --runs 5 DOCS...
//! cargo bench -p mdx-codegen --bench docs -- --dump out.txt  # every rendering, to compare
//! ```
//!
//! The texts are collected once from the `api:` values of the `*.api.mdx` pages and the
//! front matter of the `*.tag.mdx` pages, then rendered in one thread per run. Prints
//! the median, minimum and maximum wall time, and the median CPU time (steadier on a
//! busy machine). Not run in CI: timings depend on the machine.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mdx_codegen::docs;
use mdx_codegen::mdx::{self, ReadOptions};
use serde_json::Value;

fn main() {
    let mut runs = 15usize;
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut dump: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--dump" => dump = args.next().map(PathBuf::from),
            "--bench" => {}
            other => dirs.push(other.into()),
        }
    }
    if dirs.is_empty() {
        dirs.push("/work/shared/corpus/sailpoint-2026/v2026".into());
    }
    let texts = collect(&dirs);
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "{} texts, {:.1} MB, {runs} runs after one warm-up",
        texts.len(),
        bytes as f64 / 1e6
    );
    if let Some(path) = dump {
        let mut text = String::new();
        for t in &texts {
            text.push_str(&format!("==== {t:?}\n{}\n", docs::to_rustdoc(t).join("\n")));
        }
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{}: {e}", path.display());
        }
    }
    let render = || {
        texts
            .iter()
            .map(|t| docs::to_rustdoc(t).len())
            .sum::<usize>()
    };
    let lines = render();
    let (mut samples, mut cpu): (Vec<Duration>, Vec<Duration>) = (0..runs)
        .map(|_| {
            let (start, cpu_start) = (Instant::now(), cpu_time());
            std::hint::black_box(render());
            (start.elapsed(), cpu_time().saturating_sub(cpu_start))
        })
        .unzip();
    samples.sort();
    cpu.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "render: median {:.1} ms, min {:.1} ms, max {:.1} ms, cpu median {:.0} ms ({lines} lines)",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        ms(cpu[cpu.len() / 2])
    );
}

/// CPU time of this process so far (user and system, 10 ms ticks), from `/proc`.
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // The fields after the command name, which is in parentheses and may hold spaces;
    // utime and stime are the 12th and 13th of them.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum())
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Every docs text below `dirs`, in a stable order.
fn collect(dirs: &[PathBuf]) -> Vec<String> {
    let mut pages = Vec::new();
    for d in dirs {
        walk(d, &mut pages);
    }
    pages.sort();
    let mut texts = Vec::new();
    for page in &pages {
        let name = page.to_string_lossy();
        if name.ends_with(".api.mdx") {
            if let Ok(p) = mdx::read_api_page(page, &ReadOptions::default()) {
                strings(&p.api, &mut texts);
            }
        } else if name.ends_with(".tag.mdx") {
            if let Ok(t) = mdx::read_tag_page(page) {
                texts.extend(t.description);
                texts.push(t.body);
            }
        }
    }
    texts
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "mdx") {
            out.push(p);
        }
    }
}

/// The values of every `description`, `summary` and `title` key in `v`.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("description" | "summary" | "title", Value::String(s)) => out.push(s.clone()),
                    _ => strings(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        _ => {}
    }
}
