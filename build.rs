//! Generates the client for `specs/` at build time, as a downstream crate would.

fn main() {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let specs = std::path::Path::new(&manifest).join("specs");
    if let Err(e) = mdx_codegen::Config::new().docs(specs).generate_to(&out_dir) {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
