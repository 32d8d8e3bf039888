//! The API described by `specs/`, generated at build time by `mdx_codegen::Config`
//! in this package's `build.rs`, exactly as a downstream crate would use it.

include!(concat!(env!("OUT_DIR"), "/mdx_codegen.rs"));
