//! Reading docs trees: [`mdx`] reads one page (front matter, the `api:` value),
//! [`load`] finds the pages of a tree and groups them into APIs.

pub mod load;
pub mod mdx;
