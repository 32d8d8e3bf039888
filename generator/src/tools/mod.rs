//! Tools over the IR, beside generation: the drift [`check`], the API change
//! report ([`diff`]), the reassembled OpenAPI document ([`openapi`]), the round trips
//! of the docs' examples ([`examples`]) and the conformance program ([`smoke`]), with
//! the schema validator and the values made from schemas that they share
//! ([`schema`]).

pub mod check;
pub mod diff;
pub mod examples;
pub mod openapi;
pub mod schema;
pub mod smoke;
