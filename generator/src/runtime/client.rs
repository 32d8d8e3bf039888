//! The HTTP machinery shared by every operation.
