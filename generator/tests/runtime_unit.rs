//! The runtime shipped in every generated crate, tested on its own: its sources
//! are compiled here as a module, with the dependencies a generated crate has.

#[allow(dead_code, unexpected_cfgs)]
#[path = "../src/runtime/mod.rs"]
pub mod runtime;

#[path = "runtime_unit/params.rs"]
mod params;

#[path = "runtime_unit/servers.rs"]
mod servers;

#[path = "runtime_unit/values.rs"]
mod values;
