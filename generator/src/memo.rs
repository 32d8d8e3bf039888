//! A per-thread memo for pure functions of text, which the same docs call with the
//! same text again and again (titles, property names and descriptions repeat on
//! every page of a tree).

use std::collections::HashMap;

/// What a pure function made from each text, up to a bound: past it, the memo
/// starts again, so that its memory stays bounded whatever the docs.
pub(crate) struct Memo<V> {
    made: HashMap<Box<str>, V>,
}

/// How many texts one memo remembers.
const MAX_REMEMBERED: usize = 1 << 16;

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            made: HashMap::new(),
        }
    }
}

impl<V: Clone> Memo<V> {
    /// What `make` gives for `text`, made once. `make` must depend on `text` alone.
    pub(crate) fn get(&mut self, text: &str, make: impl FnOnce(&str) -> V) -> V {
        if let Some(v) = self.made.get(text) {
            return v.clone();
        }
        let v = make(text);
        if self.made.len() >= MAX_REMEMBERED {
            self.made.clear();
        }
        self.made.insert(text.into(), v.clone());
        v
    }
}
