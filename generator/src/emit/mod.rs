//! Emitting: the IR becomes the files of a crate, as strings. No I/O here.

mod cache;
pub mod cargo_toml;
mod client;
mod gating;
mod models;
mod types;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::ident::{self, Namespace};
use crate::ir::Api;

pub use cache::FormatCache;
pub(crate) use types::ty_tokens;
pub use types::Paths;

/// The runtime module shipped in every generated crate, file by file: support for
/// the models, and the HTTP machinery every operation shares.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../runtime/mod.rs")),
    ("auth.rs", include_str!("../runtime/auth.rs")),
    ("builder.rs", include_str!("../runtime/builder.rs")),
    ("client.rs", include_str!("../runtime/client.rs")),
    ("error.rs", include_str!("../runtime/error.rs")),
    ("multipart.rs", include_str!("../runtime/multipart.rs")),
    ("pagination.rs", include_str!("../runtime/pagination.rs")),
    ("params.rs", include_str!("../runtime/params.rs")),
    ("request.rs", include_str!("../runtime/request.rs")),
    ("response.rs", include_str!("../runtime/response.rs")),
    ("retry.rs", include_str!("../runtime/retry.rs")),
    ("servers.rs", include_str!("../runtime/servers.rs")),
    ("trace.rs", include_str!("../runtime/trace.rs")),
    ("nullable.rs", include_str!("../runtime/nullable.rs")),
];

/// Options for emitting a crate.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// The package name written to `Cargo.toml`.
    pub crate_name: String,
    /// The command that regenerates the output, named in every file's header.
    pub command: String,
    /// What kind of file tree to write.
    pub layout: Layout,
}

/// The kind of file tree to emit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A whole crate: `Cargo.toml` and `src/lib.rs`. Its manifest has an empty
    /// `[workspace]` table, so it builds wherever it is written, even inside
    /// another workspace.
    Crate,
    /// Like [`Layout::Crate`], without the `[workspace]` table: for a crate the
    /// user adds to the `members` of their own workspace.
    Member,
    /// Modules to `include!` from a `build.rs` output folder: an entry file
    /// `mdx_codegen.rs` whose modules point at the files by absolute path, so it
    /// can be included anywhere in the user's crate.
    Include {
        /// The absolute folder the files will be written to.
        root: PathBuf,
    },
}

/// The entry file of [`Layout::Include`].
pub const INCLUDE_ENTRY: &str = "mdx_codegen.rs";

/// The generated files, by path relative to the output root, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// Path to contents.
    pub files: BTreeMap<PathBuf, String>,
    /// The manifest behind `Cargo.toml` (none for [`Layout::Include`]).
    pub manifest: Option<cargo_toml::Manifest>,
    /// The header comment of `Cargo.toml`.
    pub manifest_header: String,
}

impl Generated {
    /// Changes the manifest and writes `Cargo.toml` anew; nothing for a layout
    /// without one.
    pub fn update_manifest(&mut self, change: impl FnOnce(&mut cargo_toml::Manifest)) {
        if let Some(m) = &mut self.manifest {
            change(m);
            let text = m.render(&self.manifest_header);
            self.files.insert("Cargo.toml".into(), text);
        }
    }
}

impl Layout {
    /// Whether the output is a whole crate with its own `Cargo.toml`.
    pub fn is_crate(&self) -> bool {
        matches!(self, Layout::Crate | Layout::Member)
    }
}

/// Emits a whole crate: `Cargo.toml`, `src/lib.rs`, the runtime and one module per API.
pub fn emit_crate(apis: &[Api], opts: &EmitOptions) -> Result<Generated> {
    emit_crate_cached(apis, opts, &mut FormatCache::new())
}

/// Like [`emit_crate`], taking each file whose tokens are unchanged from `cache`
/// instead of formatting it again, and leaving in `cache` the files of this crate.
/// The files are the same as [`emit_crate`]'s whatever the cache holds.
pub fn emit_crate_cached(
    apis: &[Api],
    opts: &EmitOptions,
    cache: &mut FormatCache,
) -> Result<Generated> {
    let mut out = Generated::default();
    let header = header(&opts.command);
    let src = match &opts.layout {
        Layout::Crate | Layout::Member => {
            let name = opts.crate_name.replace(['"', '\\', '\n', '\r'], "");
            out.manifest = Some(cargo_toml::Manifest::generated(
                &name,
                opts.layout == Layout::Crate,
            ));
            out.manifest_header = header
                .lines()
                .map(|l| match l.strip_prefix("//") {
                    Some(rest) => format!("#{rest}\n"),
                    None => format!("{l}\n"),
                })
                .collect();
            // The files are formatted by prettyplease; `cargo fmt` in a workspace that
            // holds the crate must not rewrite them, or a drift check would fail.
            out.files.insert(
                "rustfmt.toml".into(),
                "# @generated by mdx-codegen: keep rustfmt off the generated files.\ndisable_all_formatting = true\n".into(),
            );
            PathBuf::from("src")
        }
        Layout::Include { .. } => PathBuf::new(),
    };
    for (name, text) in RUNTIME {
        out.files
            .insert(src.join("runtime").join(name), format!("{header}{text}"));
    }
    let gated = opts.layout.is_crate();
    let (jobs, features) = plan_files(apis, &src, gated);
    let mut rendered = render(&header, jobs, cache)?;
    // The crate root is built here, where it can fail, and formatted with the rest.
    let (entry_path, root) = match &opts.layout {
        Layout::Crate | Layout::Member => (src.join("lib.rs"), crate_root(apis, &opts.crate_name)?),
        Layout::Include { root } => (PathBuf::from(INCLUDE_ENTRY), include_root(apis, root)?),
    };
    let key = cache::key(&header, &root);
    rendered.push(match cache.get(key) {
        Some(text) => (entry_path, text.to_string(), key, true),
        None => (
            entry_path,
            format_file(&header, "the crate root", root)?,
            key,
            false,
        ),
    });
    let mut entries = std::collections::HashMap::with_capacity(rendered.len());
    let (mut hits, mut misses) = (0, 0);
    for (path, text, key, hit) in rendered {
        if hit {
            hits += 1;
        } else {
            misses += 1;
        }
        entries.insert(key, text.clone());
        out.files.insert(path, text);
    }
    cache.replace(entries, hits, misses);
    if opts.layout.is_crate() {
        out.files
            .insert("README.md".into(), crate_readme(apis, opts, &features));
    }
    out.update_manifest(|m| {
        m.features.default = features.clone();
        m.features.others = features.iter().map(|f| (f.clone(), Vec::new())).collect();
    });
    Ok(out)
}

fn include_root(apis: &[Api], root: &std::path::Path) -> Result<TokenStream> {
    let path_of = |rel: &str| {
        root.join(rel).to_str().map(str::to_string).ok_or_else(|| {
            Error::Internal(format!("output folder {} is not UTF-8", root.display()))
        })
    };
    let runtime = path_of("runtime/mod.rs")?;
    let mut mods = Vec::new();
    // The runtime has a `tracing` feature of its own; the crate that includes it
    // may not (its `cfg` would warn as unexpected).
    for a in apis {
        let path = path_of(&format!("{}/mod.rs", a.module))?;
        let m = ident::ident(&a.module);
        mods.push(quote!(#[path = #path] pub mod #m;));
    }
    Ok(quote! {
        #[path = #runtime]
        #[allow(unexpected_cfgs)]
        pub mod runtime;
        #(#mods)*
    })
}

fn crate_root(apis: &[Api], crate_name: &str) -> Result<TokenStream> {
    let mods = apis.iter().map(|a| ident::ident(&a.module));
    let api_docs = apis.iter().map(|a| {
        let title = a.title.clone().unwrap_or_else(|| a.module.clone());
        let version = a
            .version
            .as_deref()
            .map(|v| format!(" (version {})", crate::docs::to_rustdoc(v).join(" ")))
            .unwrap_or_default();
        // The title is docs text: rendered like any description, on one line. A
        // `[name]: text` line start would read as a link definition.
        let title = crate::docs::to_rustdoc(&title).join(" ");
        format!(" - [`{}`] module: {}{version}", a.module, title.trim())
    });
    // The quick start shows the API whose example shows most (a paged list beats a
    // plain GET); the crate's library name is the package name with `-` as `_`.
    let krate = crate_name.replace('-', "_");
    let mut best: Option<(u8, &Api, Vec<String>)> = None;
    for api in apis
        .iter()
        .filter(|a| a.operations.iter().any(|o| o.is_http))
    {
        let (score, lines) = client::quick_start(api, &krate);
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, api, lines));
        }
    }
    let mut quick = Vec::new();
    if let Some((_, api, lines)) = best {
        quick.push(String::new());
        quick.push(" # Quick start".to_string());
        quick.push(String::new());
        quick.push(format!(
            " Build a client for [`{}`] with the documented authentication, then call an operation:",
            api.module
        ));
        quick.push(String::new());
        quick.extend(lines.into_iter().map(|l| format!(" {l}")));
        quick.push(String::new());
        quick.push(" Each operation builder also takes per-call options: `.with_timeout(…)`, `.with_header(…)`, `.with_retry(…)`. A [`runtime::Response`] derefs to its body. With the `tracing` feature, each request is a `tracing` span.".to_string());
    }
    let lib = quote! {
        //! Typed models and clients for the APIs documented in the docs this crate was
        //! generated from.
        //!
        //! One module per API:
        #(#![doc = #api_docs])*
        #(#![doc = #quick])*
        #![forbid(unsafe_code)]

        pub mod runtime;
        #(pub mod #mods;)*
    };
    Ok(lib)
}

/// One file of the crate: its path, what it holds (for error messages), and how to
/// build its tokens. Tokens cannot cross threads (`proc_macro2` counts references
/// without atomics), so each file is built and formatted on the thread that renders it.
struct Job<'a> {
    path: PathBuf,
    what: String,
    tokens: Box<dyn Fn() -> TokenStream + Send + Sync + 'a>,
}

impl<'a> Job<'a> {
    fn new(
        path: PathBuf,
        what: String,
        tokens: impl Fn() -> TokenStream + Send + Sync + 'a,
    ) -> Self {
        Job {
            path,
            what,
            tokens: Box::new(tokens),
        }
    }
}

/// The files of every API's module (all but the crate root and the runtime), as
/// jobs in a stable order, and the cargo features of the APIs' tags.
fn plan_files<'a>(
    apis: &'a [Api],
    src: &std::path::Path,
    gated: bool,
) -> (Vec<Job<'a>>, Vec<String>) {
    let mut jobs = Vec::new();
    let mut features = Vec::new();
    for api in apis {
        features.extend(emit_api(api, src, gated, &mut jobs));
    }
    (jobs, features)
}

/// Builds the jobs' files in parallel, formatting those whose key `cache` does not
/// hold; the result keeps the jobs' order, with each file's key and whether it came
/// from the cache.
fn render(
    header: &str,
    jobs: Vec<Job<'_>>,
    cache: &FormatCache,
) -> Result<Vec<(PathBuf, String, u128, bool)>> {
    use rayon::prelude::*;
    jobs.into_par_iter()
        .map(|job| {
            let tokens = (job.tokens)();
            let key = cache::key(header, &tokens);
            if let Some(text) = cache.get(key) {
                return Ok((job.path, text.to_string(), key, true));
            }
            let text = format_file(header, &job.what, tokens)?;
            Ok((job.path, text, key, false))
        })
        .collect()
}

/// Builds the tokens of every file [`emit_crate`] would format, without formatting
/// them, and returns how many files that is: the "emit" stage of the generation
/// bench (`benches/generate.rs`), timed apart from formatting.
#[doc(hidden)]
pub fn emit_tokens_only(apis: &[Api], opts: &EmitOptions) -> Result<usize> {
    use rayon::prelude::*;
    let src = if opts.layout.is_crate() {
        PathBuf::from("src")
    } else {
        PathBuf::new()
    };
    let (jobs, _) = plan_files(apis, &src, opts.layout.is_crate());
    Ok(jobs
        .into_par_iter()
        .map(|job| {
            std::hint::black_box((job.tokens)());
            1
        })
        .sum())
}

/// Plans one API's module: `mod.rs`, one file per tag, one per model and the models'
/// `mod.rs`. Returns the cargo features of its tags.
fn emit_api<'a>(
    api: &'a Api,
    src: &std::path::Path,
    gated: bool,
    jobs: &mut Vec<Job<'a>>,
) -> Vec<String> {
    let tags = &api.client.tags;
    let dir = src.join(&api.module);
    jobs.push(Job::new(
        dir.join("mod.rs"),
        api.module.clone(),
        move || api_mod(api, tags, gated),
    ));
    for t in tags {
        jobs.push(Job::new(
            dir.join(format!("{}.rs", t.module)),
            format!("{}::{}", api.module, t.module),
            move || client::tag_module(api, t),
        ));
    }

    let mut files = Namespace::new();
    files.reserve("mod");
    let mut order: Vec<_> = api.types.ids().collect();
    order.sort_by(|a, b| {
        api.types
            .get(*a)
            .rust_name
            .cmp(&api.types.get(*b).rust_name)
    });
    // Models are gated by the features of the tags that use them (crates only: an
    // `include!`d module has no features of its own).
    let gates = gated.then(|| gating::model_features(api, tags));
    let mut stems = Vec::new();
    for id in order {
        let def = api.types.get(id);
        if def.alias_of.is_some() {
            stems.push((id, String::new()));
            continue;
        }
        let stem = files.claim(ident::module_name(&def.rust_name));
        jobs.push(Job::new(
            dir.join("models").join(format!("{stem}.rs")),
            format!("{}::models::{}", api.module, def.rust_name),
            move || {
                let paths = Paths {
                    models: quote!(super),
                    runtime: quote!(super::runtime),
                };
                let item = models::type_item(def, &api.types, &paths);
                quote! {
                    #![allow(deprecated)]
                    #item
                }
            },
        ));
        stems.push((id, stem));
    }
    jobs.push(Job::new(
        dir.join("models").join("mod.rs"),
        format!("{}::models", api.module),
        move || models_mod(api, &stems, gates.as_deref()),
    ));
    tags.iter().map(|t| t.feature.clone()).collect()
}

/// The API's `mod.rs`: its docs, the models module, the tag modules and the client.
fn api_mod(api: &Api, tags: &[crate::ir::TagPlan], gated: bool) -> TokenStream {
    let mut doc = Vec::new();
    if let Some(title) = &api.title {
        let title = crate::docs::to_rustdoc(title).join(" ");
        doc.push(format!("# {}", title.trim()));
        doc.push(String::new());
    }
    if let Some(d) = &api.description {
        doc.extend(crate::docs::to_rustdoc(d));
    }
    let doc = doc
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") });
    let tag_mods = tags.iter().map(|t| {
        let m = ident::ident(&t.module);
        let cfg = gated.then(|| {
            let f = &t.feature;
            quote!(#[cfg(feature = #f)])
        });
        quote!(#cfg pub mod #m;)
    });
    let client = client::api_client(api, tags, gated);
    quote! {
        #(#![doc = #doc])*
        // Untagged unions hold whole structs; boxing them would make every match
        // clumsier. Types are spelled as the docs nest them (maps of maps of lists):
        // an alias per nesting would be a name nobody wrote.
        #![allow(clippy::large_enum_variant, clippy::type_complexity)]

        #[allow(unused_imports)]
        use super::runtime;

        pub mod models;
        #(#tag_mods)*

        #client
    }
}

/// The models' `mod.rs`: one private module per model file, re-exported, and the
/// type aliases of titles that share another title's shape.
/// With `gates` (a crate's layout), each model is behind the features of the tags
/// that reach it (see [`gating`]).
fn models_mod(
    api: &Api,
    stems: &[(crate::ir::TypeId, String)],
    gates: Option<&[Vec<String>]>,
) -> TokenStream {
    let mut decls = Vec::new();
    for (id, stem) in stems {
        let def = api.types.get(*id);
        let cfg = gates
            .and_then(|g| g.get(id.index()))
            .map(|f| gating::cfg(f))
            .unwrap_or_default();
        if let Some(target) = def.alias_of {
            let item = models::alias_item(def, api.types.get(target));
            decls.push(quote!(#cfg #item));
            continue;
        }
        let m = ident::ident(stem);
        let name = ident::ident(&def.rust_name);
        decls.push(quote! {
            #cfg mod #m;
            #cfg pub use #m::#name;
        });
    }
    quote! {
        //! The API's types: one per distinct shape and title in the docs.
        #![allow(deprecated)]

        #[allow(unused_imports)]
        use super::runtime;

        #(#decls)*
    }
}

/// The generated crate's `README.md`: what it is, its APIs, its features and how
/// to regenerate it. The crate docs hold the quick start.
fn crate_readme(apis: &[Api], opts: &EmitOptions, features: &[String]) -> String {
    // Docs text on one line, as plain text: no control or bidi characters, and
    // nothing markdown or HTML would read as markup.
    let plain = |t: &str| {
        let clean: String = t
            .chars()
            .filter(|c| !c.is_control() && !is_bidi_control(*c))
            .collect();
        clean.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let one_line = |t: &str| {
        plain(t)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('|', "\\|")
            .replace('`', "'")
    };
    let command = plain(&opts.command);
    let mut out = format!(
        "<!-- @generated by mdx-codegen. Do not edit by hand. Regenerate with: {} -->\n\n# {}\n\n",
        command.replace("-->", "-- >"),
        one_line(&opts.crate_name)
    );
    out.push_str("A typed async Rust client generated by mdx-codegen from the API documentation ");
    out.push_str(
        "(Docusaurus OpenAPI pages). Its crate docs (`cargo doc --open`) start with a quick ",
    );
    out.push_str("start for its API.\n\n| module | API | version | operations | types |\n| --- | --- | --- | ---: | ---: |\n");
    for api in apis {
        let ops = api.operations.iter().filter(|o| o.is_http).count();
        out.push_str(&format!(
            "| `{}` | {} | {} | {ops} | {} |\n",
            api.module,
            one_line(api.title.as_deref().unwrap_or("-")),
            one_line(api.version.as_deref().unwrap_or("-")),
            api.types.types.len()
        ));
    }
    out.push_str(&format!(
        "\n## Features\n\nEach tag of operations is a cargo feature ({} in all), every one on by \
         default; a crate that uses a few builds only those with `default-features = false` and \
         their names (for example `{}`). `tracing` adds one span per request.\n",
        features.len(),
        features.first().map(String::as_str).unwrap_or("none")
    ));
    let (place, command) = match command.strip_suffix(" (from the crate's folder)") {
        Some(c) => ("From this folder", c),
        None => ("Run", command.as_str()),
    };
    out.push_str(&format!(
        "\n## Regenerate\n\n{place}:\n\n```sh\n{command}\n```\n"
    ));
    out
}

/// Characters that reorder the text around them (Unicode's bidi controls).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first lines of every generated file.
pub fn header(command: &str) -> String {
    let command = command.replace(['\r', '\n'], " ");
    format!("// @generated by mdx-codegen. Do not edit by hand.\n// Regenerate with: {command}\n\n")
}

/// Formats tokens as a file: parse with `syn`, print with `prettyplease`.
/// A parse failure is a bug of the generator, reported with the item's name.
pub fn format_file(header: &str, what: &str, tokens: TokenStream) -> Result<String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::Internal(format!("generated code for {what} does not parse: {e}")))?;
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}
