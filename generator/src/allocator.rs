//! The allocator of the `mdx-codegen` command line (and of the generation bench).
//!
//! Generation makes and drops a great many small strings, JSON values and token
//! trees. [mimalloc](https://github.com/microsoft/mimalloc) serves them faster
//! than the system allocator, once it keeps the memory it frees for reuse: by
//! default it returns freed pages to the system 10 ms later, and faulting them
//! back in cost a generation more system time than the allocator saved. A program
//! that calls the library (a build script) keeps its own allocator; this module
//! is for binaries:
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: mdx_codegen::allocator::Allocator = mdx_codegen::allocator::Allocator;
//!
//! fn main() {
//!     mdx_codegen::allocator::tune();
//!     // …
//! }
//! ```
//!
//! Behind the `mimalloc` feature (on by default).

/// mimalloc, as a global allocator.
pub use mimalloc::MiMalloc as Allocator;

/// `mi_option_purge_delay` in `mimalloc.h` (the same in its versions 2 and 3),
/// which the Rust bindings do not name: how long freed memory is kept before it
/// is returned to the system, in milliseconds; -1 for never.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Makes [`Allocator`] keep the memory it frees for reuse until the process ends.
/// Call it first thing in `main`, before any thread starts (mimalloc's options
/// are not thread-safe to set).
pub fn tune() {
    // SAFETY: setting an option is a plain store into mimalloc's option table;
    // it is done before any other thread exists, as the docs above require.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}
