//! The format cache: each file's formatted text, keyed by a hash of its header and
//! tokens, so that regenerating after a small docs change formats only the files
//! whose tokens changed.
//!
//! Formatting (`syn` + `prettyplease`) is a pure function of the tokens, so a file
//! whose tokens hash to a known key gets the text formatted for that key before. The
//! hash is 128-bit FNV-1a of the header and the tokens' string form, which is stable
//! across builds and Rust versions.
//!
//! A cache is only used when it was written by the same version of mdx-codegen
//! and its formatter prints a probe the same way; its contents carry a checksum.
//! Anything else (a missing, truncated, corrupt or stale cache) counts as empty:
//! the output is always what a cold run gives.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

/// 128-bit FNV-1a.
#[derive(Clone, Copy)]
pub(crate) struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;

    pub(crate) fn new() -> Self {
        Fnv128(Self::OFFSET)
    }

    fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u128::from(b)).wrapping_mul(Self::PRIME);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    /// A length-prefixed string, so that no two sequences of strings run together.
    fn str(&mut self, s: &str) {
        self.bytes(&(s.len() as u64).to_le_bytes());
        self.bytes(s.as_bytes());
    }

    pub(crate) fn finish(self) -> u128 {
        self.0
    }
}

/// The cache key of a file: its header and the string form of its tokens.
///
/// The string form keeps what formatting sees: every token, each group's
/// delimiters, and whether punctuation is joined to the next (`+=` against `+ =`).
/// It is streamed into the hash, never built.
pub(crate) fn key(header: &str, tokens: &TokenStream) -> u128 {
    use std::fmt::Write as _;
    let mut h = Fnv128::new();
    h.str(header);
    // Writing into the hash cannot fail.
    let _ = write!(h, "{tokens}");
    h.finish()
}

impl std::fmt::Write for Fnv128 {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

/// Formatted files by the key of their tokens (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormatCache {
    entries: HashMap<u128, String>,
    hits: usize,
    misses: usize,
    dirty: bool,
}

/// The first line of a cache file.
const MAGIC: &str = "mdx-codegen format cache 1";

/// A hash of how this build's formatter prints a small file: a cache written by a
/// build that formats differently is not used.
fn probe() -> u128 {
    let tokens = quote! {
        //! Probe.
        #![allow(dead_code)]
        use ::std::collections::BTreeMap;
        #[doc = " A probe."]
        #[derive(Debug, Clone, PartialEq)]
        pub struct Probe<'a> {
            #[serde(rename = "a-b", default, skip_serializing_if = "Option::is_none")]
            pub a: ::std::option::Option<::std::vec::Vec<BTreeMap<String, &'a str>>>,
        }
        pub enum Kind { A(u8), B { c: i64 } }
        impl<'a> Probe<'a> {
            pub async fn send(self, x: impl Into<String>) -> Result<Self, Box<dyn std::error::Error>> {
                let y = match self.a.as_ref() { Some(v) if !v.is_empty() => v.len() * 2 + 1, _ => 0 };
                let _ = (x.into(), y, [1, 2, 3].iter().map(|z| z + 1).collect::<Vec<_>>());
                Ok(self)
            }
        }
    };
    let text =
        super::format_file("// probe\n", "the format cache probe", tokens).unwrap_or_default();
    let mut h = Fnv128::new();
    h.str(&text);
    h.finish()
}

impl FormatCache {
    /// An empty cache.
    pub fn new() -> Self {
        FormatCache::default()
    }

    /// The cache stored as `bytes` (by [`FormatCache::to_bytes`]); an empty cache when
    /// they are not a whole cache of this build (truncated, corrupt, or written by
    /// another version or formatter).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        Self::parse(bytes).unwrap_or_default()
    }

    fn parse(bytes: &[u8]) -> Option<Self> {
        let mut rest = bytes;
        let mut line = || -> Option<&str> {
            let end = rest.iter().position(|&b| b == b'\n')?;
            let l = std::str::from_utf8(&rest[..end]).ok()?;
            rest = &rest[end + 1..];
            Some(l)
        };
        if line()? != MAGIC || line()? != env!("CARGO_PKG_VERSION") {
            return None;
        }
        let probe_line = line()?;
        let sum_line = line()?;
        if u128::from_str_radix(probe_line, 16).ok()? != probe() {
            return None;
        }
        let mut h = Fnv128::new();
        h.bytes(rest);
        if u128::from_str_radix(sum_line, 16).ok()? != h.finish() {
            return None;
        }
        let mut entries = HashMap::new();
        while !rest.is_empty() {
            let end = rest.iter().position(|&b| b == b'\n')?;
            let head = std::str::from_utf8(&rest[..end]).ok()?;
            rest = &rest[end + 1..];
            let (key, len) = head.split_once(' ')?;
            let key = u128::from_str_radix(key, 16).ok()?;
            let len: usize = len.parse().ok()?;
            if len > rest.len() {
                return None;
            }
            let text = std::str::from_utf8(&rest[..len]).ok()?;
            rest = &rest[len..];
            entries.insert(key, text.to_string());
        }
        Some(FormatCache {
            entries,
            ..FormatCache::default()
        })
    }

    /// The cache as bytes, for [`FormatCache::from_bytes`]; entries in key order, so
    /// equal caches give equal bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut keys: Vec<&u128> = self.entries.keys().collect();
        keys.sort();
        let mut body = Vec::new();
        for k in keys {
            let text = &self.entries[k];
            body.extend_from_slice(format!("{k:032x} {}\n", text.len()).as_bytes());
            body.extend_from_slice(text.as_bytes());
        }
        let mut h = Fnv128::new();
        h.bytes(&body);
        let mut out = format!(
            "{MAGIC}\n{}\n{:032x}\n{:032x}\n",
            env!("CARGO_PKG_VERSION"),
            probe(),
            h.finish()
        )
        .into_bytes();
        out.append(&mut body);
        out
    }

    /// How many files the last emit took from the cache.
    pub fn hits(&self) -> usize {
        self.hits
    }

    /// How many files the last emit had to format.
    pub fn misses(&self) -> usize {
        self.misses
    }

    /// How many formatted files the cache holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds no file.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the cache changed since it was read: only then may it need saving.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub(crate) fn get(&self, key: u128) -> Option<&str> {
        self.entries.get(&key).map(String::as_str)
    }

    /// Makes the cache hold exactly the files of the last emit (so it never grows
    /// past one output's size), with its hit and miss counts.
    pub(crate) fn replace(&mut self, entries: HashMap<u128, String>, hits: usize, misses: usize) {
        self.hits = hits;
        self.misses = misses;
        if entries != self.entries {
            self.entries = entries;
            self.dirty = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_sees_groups_spacing_and_header() {
        let a = key("h", &quote!(a + b));
        assert_eq!(a, key("h", &quote!(a + b)));
        assert_ne!(a, key("g", &quote!(a + b)));
        assert_ne!(a, key("h", &quote!((a + b))));
        assert_ne!(key("h", &quote!(a += b)), key("h", &quote!(a + = b)));
        assert_ne!(key("h", &quote!(ab)), key("h", &quote!(a b)));
        assert_ne!(key("h", &quote!("a")), key("h", &quote!(a)));
    }

    #[test]
    fn a_cache_round_trips_and_damage_empties_it() {
        let mut cache = FormatCache::new();
        let entries: HashMap<u128, String> =
            [(1, "one\n".to_string()), (u128::MAX, "two ✓\n".to_string())].into();
        cache.replace(entries.clone(), 0, 2);
        let bytes = cache.to_bytes();
        let back = FormatCache::from_bytes(&bytes);
        assert_eq!(back.entries, entries);
        assert!(!back.is_dirty());
        for cut in [1, bytes.len() / 2, bytes.len() - 1] {
            assert!(FormatCache::from_bytes(&bytes[..cut]).is_empty());
        }
        let mut flipped = bytes.clone();
        let last = flipped.len() - 2;
        flipped[last] ^= 1;
        assert!(FormatCache::from_bytes(&flipped).is_empty());
        let other =
            String::from_utf8(bytes)
                .unwrap()
                .replacen(env!("CARGO_PKG_VERSION"), "0.0.0-other", 1);
        assert!(FormatCache::from_bytes(other.as_bytes()).is_empty());
        assert!(FormatCache::from_bytes(b"").is_empty());
    }
}
