//! Tools over the IR, beside generation: the drift [`check`], the API change
//! report ([`diff`]), the reassembled OpenAPI document ([`openapi`]), the round trips
//! of the docs' examples ([`examples`]) and the conformance program ([`smoke`]).

pub mod check;
pub mod diff;
pub mod examples;
pub mod openapi;
pub mod smoke;
