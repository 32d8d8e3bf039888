//! Rust identifiers for generated code.
//!
//! Every identifier of the generated code is made here: `format_ident!`/[`ident`]
//! must never see raw docs text. The functions in this module turn arbitrary text
//! (schema titles, property names, enum wire values, operation ids, tags) into a
//! valid, readable Rust identifier; [`Namespace`] then keeps names distinct within
//! one scope.
//!
//! # Policy
//!
//! **Words.** Identifiers are ASCII, whatever the script of the docs: a letter
//! or digit outside ASCII is transliterated by the `deunicode` tables (`é` → `e`,
//! `straße` → `strasse`, `Ж` → `Zh`, `Ελληνικά` → `Ellenika`, and each CJK
//! character is a word of its own: `用户` → `yong`, `hu`), so a name never mixes
//! scripts and never trips `mixed_script_confusables` or `uncommon_codepoints`.
//! Every other character (spaces, punctuation, emoji, symbols…) separates words
//! and is dropped. Combining diacritical marks (U+0300–U+036F) are removed, so a
//! decomposed `e\u{301}` reads as `e`. Words are then split further on case
//! changes by [`heck`] (`listAccessProfiles` → `list`, `access`, `profiles`;
//! `getOAuthClient` → `get`, `o`, `auth`, `client`; `SCIM` → `scim`).
//!
//! **Cases** (see [`Case`]): types and variants are `UpperCamelCase`, fields,
//! methods and modules `snake_case`, consts `SHOUTY_SNAKE_CASE`. In
//! `UpperCamelCase`, two adjacent words that would glue two numbers together are
//! joined with `_` (`3.0` → `V3_0`, never `V30`). The conversions are idempotent
//! on names that already have the right case (`AccessProfile`, `access_profile`).
//!
//! **Keywords.** Every strict, reserved and edition-2018/2024 keyword (`as`,
//! `async`, `await`, `dyn`, `try`, `gen`, `Self`, … see [`is_keyword`]) gets a
//! trailing underscore: `type` → `type_`, `self` → `self_`, `crate` → `crate_`,
//! `Self` → `Self_`. Raw identifiers are never produced: `r#self`, `r#crate`,
//! `r#super` and `r#Self` do not exist, and `r#` makes bad file names. Weak
//! keywords (`union`, `macro_rules`, `raw`, `safe`) are legal identifiers and are
//! kept bare (`HashSet::union` exists in std).
//!
//! **Leading underscores** are significant for fields only: `_type` stays
//! `_type`, distinct from `type` → `type_` (at most 8 are kept). Types,
//! variants, methods, modules and consts drop them.
//!
//! **Leading digits.** A name whose first word starts with a digit (or any
//! character that cannot start an identifier) gets a `v` / `V` prefix glued to
//! it: `2fa` → field `v2fa`, type `V2fa`; `3.0` → `V3_0`, `v3_0`; `200` →
//! `V200`. A field that keeps a leading underscore needs no prefix: `_2fa`. A
//! leading sign directly before a digit is spelled out: `-1` → `Minus1`
//! (`minus_1`), `+1` → `Plus1`.
//!
//! **Symbols.** Text with no word character at all is named after its symbols,
//! so enum values are never lost: `*` → `Star`, `+` → `Plus`, `-` → `Minus`,
//! `=` → `Eq`, `!=` → `NotEq`, `<` → `Lt`, `<=` → `Le`, `>` → `Gt`, `>=` →
//! `Ge`, `/` → `Slash`, `.` → `Dot`, `$` → `Dollar`, `@` → `At`, `#` → `Hash`,
//! `_` → `Underscore` (field `underscore`), ` ` → `Space`; a character without a
//! name is written as its code point (`🎉` → `U1f389`). Text with words uses
//! symbols only as separators: `mfa:enter-code` → `MfaEnterCode`,
//! `IN PROGRESS` → `InProgress`, `zh-TW` → `ZhTw`, `application/json` →
//! `ApplicationJson`.
//!
//! **Empty input** gives `empty` / `Empty` / `EMPTY`.
//!
//! **Length.** Identifiers are cut to at most 80 characters (64 for modules),
//! at a word boundary when possible; the cut is deterministic.
//!
//! **Modules** are also file stems, so [`module_name`] returns only
//! `[a-z0-9_]`, matching `^[a-z_][a-z0-9_]{0,63}$`. Windows device names (`con`,
//! `prn`, `aux`, `nul`, `com0`–`com9`, `lpt0`–`lpt9`) and the crate-root stems
//! `lib` and `main` get a trailing underscore (`con` → `con_`), like keywords
//! (`mod` → `mod_`).
//!
//! **Collisions.** Distinct inputs may give the same name (`zh-TW`, `zh_tw`,
//! `ZhTw`; two long texts with the same first 80 characters). Functions here are
//! pure and never disambiguate; call sites claim names in a [`Namespace`], one
//! per Rust namespace of a scope: note that consts and unit or tuple structs
//! share the value namespace of a module, and that names the generated code
//! uses itself (`Client`, `Result`, `Option`…) should be
//! [reserved](Namespace::reserve).
//!
//! **Lints.** Output is clean for rustc's `non_camel_case_types`,
//! `non_snake_case` and `non_upper_case_globals` lints (letters with no mapping
//! to the required case, such as `𝔸` in a field, are dropped), and so is the
//! output of [`Namespace::claim`].
//!
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span};
use unicode_ident::{is_xid_continue, is_xid_start};

use crate::memo::Memo;

/// Maximum length, in characters, of an identifier (modules excepted).
const MAX_IDENT_CHARS: usize = 80;
/// Maximum length of a module name, which is also a file stem.
const MAX_MODULE_CHARS: usize = 64;

/// The kind of name, which decides case and keyword policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// A struct, enum or type alias: `UpperCamelCase`.
    Type,
    /// An enum variant, usually from a wire value: `UpperCamelCase`.
    Variant,
    /// A struct field: `snake_case`, leading underscores of the input kept.
    Field,
    /// A function or method, e.g. from an operation id: `snake_case`.
    Method,
    /// A module: `snake_case`, ASCII only and safe as a file stem.
    Module,
    /// A const or static: `SHOUTY_SNAKE_CASE`.
    Const,
}

impl Case {
    fn is_camel(self) -> bool {
        matches!(self, Case::Type | Case::Variant)
    }

    fn max_chars(self) -> usize {
        if self == Case::Module {
            MAX_MODULE_CHARS
        } else {
            MAX_IDENT_CHARS
        }
    }
}

/// Every word that may not be used as a bare identifier: the strict keywords,
/// the reserved keywords and the keywords of editions 2018 (`async`, `await`,
/// `dyn`, `try`) and 2024 (`gen`), plus `_`. Weak keywords (`union`,
/// `macro_rules`, `raw`, `safe`) are valid identifiers and not listed.
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `name` is a Rust keyword (strict, reserved, or of edition 2018 or
/// 2024) or `_`, i.e. cannot be used as a bare identifier. None of this module's
/// functions ever returns such a name.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Names that are valid identifiers but not safe as a module file stem:
/// Windows device names, and `lib`/`main` which are crate-root files.
fn is_reserved_stem(name: &str) -> bool {
    match name {
        "con" | "prn" | "aux" | "nul" | "lib" | "main" => true,
        _ => {
            let b = name.as_bytes();
            b.len() == 4
                && (name.starts_with("com") || name.starts_with("lpt"))
                && b[3].is_ascii_digit()
        }
    }
}

/// Turns arbitrary docs text into a valid, readable Rust identifier of the given
/// case. See the [module documentation](self) for the policy.
///
/// The result is never empty, never a keyword, contains no `r#`, and is accepted
/// by `syn::parse_str::<syn::Ident>` and by [`ident`].
pub fn rust_name(raw: &str, case: Case) -> String {
    // The same titles, property names and values come back on every page.
    thread_local! {
        static MADE: RefCell<[Memo<String>; 6]> = RefCell::default();
    }
    MADE.with(|made| made.borrow_mut()[case as usize].get(raw, |raw| make_rust_name(raw, case)))
}

fn make_rust_name(raw: &str, case: Case) -> String {
    let (underscores, body) = if case == Case::Field {
        let body = raw.trim_start_matches('_');
        // At most 8 underscores are kept, so the name always has room for words.
        let underscores = (raw.len() - body.len()).min(8);
        (&raw[..underscores], body)
    } else {
        ("", raw)
    };
    let mut words = words_of(body, true);
    let mut prefix = underscores;
    if words.is_empty() {
        // Nothing but symbols (or nothing at all): name the symbols.
        prefix = "";
        words = symbol_words(raw);
    }
    let budget = case.max_chars().saturating_sub(prefix.chars().count());
    let mut name = String::from(prefix);
    name.push_str(&assemble(&words, case, prefix.is_empty(), budget));
    let mut name = finish(name, case);
    if is_keyword(&name) || (case == Case::Module && is_reserved_stem(&name)) {
        name.push('_');
    }
    name
}

/// An `UpperCamelCase` type name: `Slim Campaign` → `SlimCampaign`,
/// `accountAttribute` → `AccountAttribute`, `Self` → `Self_`.
pub fn type_name(raw: &str) -> String {
    rust_name(raw, Case::Type)
}

/// An `UpperCamelCase` enum variant from a wire value: `IN PROGRESS` →
/// `InProgress`, `zh-TW` → `ZhTw`, `*` → `Star`, `3.0` → `V3_0`, `` → `Empty`.
pub fn variant_name(raw: &str) -> String {
    rust_name(raw, Case::Variant)
}

/// The longest type name joined from parts before middle words are dropped.
const MAX_JOINED_CHARS: usize = 64;

/// A type name made of type names: `Self_` + `WithName` → `SelfWithName`, never
/// the `Self_WithName` that rustc's `non_camel_case_types` lints. The `_` that
/// escapes a keyword is kept only where the whole name is one (`Self_`).
///
/// A name longer than 64 characters (a context of a context of a context…) keeps
/// its first two words, which say where it comes from, and as many of its last
/// words as fit, which say what it is:
/// `FetchAccountEntitlementDetailsResponseCampaignAccountEntDetailsItemUsersItem…`
/// becomes `FetchAccountEntDetailsItemUsersItemAccountsItemEntitlementsItem`.
pub fn join_type(parts: &[&str]) -> String {
    let mut name = String::new();
    for part in parts {
        name.push_str(part.trim_end_matches('_'));
    }
    let mut name = shorten_words(name, MAX_JOINED_CHARS);
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// `name` cut to at most `max` bytes at word boundaries: its first two words and as
/// many of the last as fit. Unchanged when it is short, or when even its last word
/// would not fit.
fn shorten_words(name: String, max: usize) -> String {
    if name.len() <= max {
        return name;
    }
    let words = camel_words(&name);
    let Some(head) = words.get(..2).map(|w| w.concat()) else {
        return name;
    };
    let mut start = words.len();
    let mut len = head.len();
    while start > 3 && len + words[start - 1].len() <= max {
        start -= 1;
        len += words[start].len();
    }
    if start == words.len() {
        return name;
    }
    head + &words[start..].concat()
}

/// The words of an UpperCamelCase name, each from one capital letter to the next:
/// `AccessProfileDocument` is `Access`, `Profile`, `Document`.
pub fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(w) if !c.is_ascii_uppercase() => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// The derive macros of the prelude: a type of one of these names makes a bare
/// intra-doc link ambiguous (`Default` is then a type and a derive macro).
const PRELUDE_DERIVES: &[&str] = &[
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Eq",
    "Hash",
    "Ord",
    "PartialEq",
    "PartialOrd",
];

/// An intra-doc link to the type `name`: `` [`Name`] ``, or `` [`type@Name`] ``
/// where the name is also a derive macro of the prelude, which rustdoc would
/// otherwise reject as ambiguous. Both render as `Name`.
pub fn type_link(name: &str) -> String {
    match PRELUDE_DERIVES.contains(&name) {
        true => format!("[`type@{name}`]"),
        false => format!("[`{name}`]"),
    }
}

/// A `snake_case` field name; leading underscores are kept: `type` → `type_`,
/// `_type` → `_type`, `accountId` → `account_id`, `2fa` → `v2fa`.
pub fn field_name(raw: &str) -> String {
    rust_name(raw, Case::Field)
}

/// A `snake_case` method name, e.g. from an operation id: `listAccessProfiles` →
/// `list_access_profiles`, `get-historical-identity` → `get_historical_identity`.
pub fn method_name(raw: &str) -> String {
    rust_name(raw, Case::Method)
}

/// A `snake_case` module name that is also a safe file stem on Windows, macOS and
/// Linux: `^[a-z_][a-z0-9_]{0,63}$`, not a Windows device name (`con` → `con_`),
/// not `lib`/`main`, not a keyword (`mod` → `mod_`).
pub fn module_name(raw: &str) -> String {
    rust_name(raw, Case::Module)
}

/// A `SHOUTY_SNAKE_CASE` const name: `max-page size` → `MAX_PAGE_SIZE`.
pub fn const_name(raw: &str) -> String {
    rust_name(raw, Case::Const)
}

/// Builds a [`proc_macro2::Ident`] from a name made by this module's functions.
///
/// A name of the form `r#name` becomes a raw identifier (this module never makes
/// one, but the form is accepted).
///
/// # Panics
///
/// If `name` is not a valid identifier or is a bare keyword, which means it did
/// not come from [`rust_name`] or its wrappers. Never panics for their output.
pub fn ident(name: &str) -> Ident {
    if let Some(rest) = name.strip_prefix("r#") {
        assert!(
            is_valid_ident(rest) && !matches!(rest, "_" | "self" | "Self" | "super" | "crate"),
            "`{name}` is not a valid raw identifier"
        );
        return Ident::new_raw(rest, Span::call_site());
    }
    assert!(
        is_valid_ident(name) && !is_keyword(name),
        "`{name}` is not a sanitized identifier; pass it through ident::rust_name first"
    );
    Ident::new(name, Span::call_site())
}

/// Whether `s` is lexically an identifier (keywords included).
fn is_valid_ident(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || is_xid_start(c) => {}
        _ => return false,
    }
    chars.all(is_xid_continue) && s != "_"
}

/// Combining diacritical marks, which are dropped everywhere.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Splits `text` into lowercase words; empty if it has no word character.
fn words_of(text: &str, ascii: bool) -> Vec<String> {
    let mut words = Vec::new();
    // A sign directly before a number is part of the value: `-1` is not `1`.
    let trimmed = text.trim_start();
    let mut after_sign = trimmed.chars();
    match (after_sign.next(), after_sign.next()) {
        (Some('-'), Some(d)) if d.is_ascii_digit() => words.push("minus".to_owned()),
        (Some('+'), Some(d)) if d.is_ascii_digit() => words.push("plus".to_owned()),
        _ => {}
    }

    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if is_combining_mark(c) {
            continue;
        }
        if ascii {
            if c.is_ascii_alphanumeric() {
                cleaned.push(c);
            } else if let Some(t) = c.is_alphanumeric().then(|| transliterate(c)).flatten() {
                // Keep word boundaries: a transliterated word starts a new one.
                if t.ends_with(' ') || t.starts_with(' ') {
                    cleaned.push(' ');
                    cleaned.push_str(t.trim());
                    cleaned.push(' ');
                } else {
                    cleaned.push_str(t);
                }
            } else {
                cleaned.push(' ');
            }
        } else if c.is_alphanumeric() && is_xid_continue(c) {
            cleaned.push(c);
        } else {
            cleaned.push(' ');
        }
    }
    if !cleaned.chars().any(char::is_alphanumeric) {
        return Vec::new();
    }
    for word in cleaned.to_snake_case().split('_') {
        let word: String = word
            .chars()
            .filter(|&c| {
                !is_combining_mark(c)
                    && if ascii {
                        c.is_ascii_alphanumeric()
                    } else {
                        is_xid_continue(c) && c != '_'
                    }
            })
            .collect();
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// Names the characters of a text that has no word character.
fn symbol_words(raw: &str) -> Vec<String> {
    if raw.is_empty() {
        return vec!["empty".to_owned()];
    }
    let mut words = Vec::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if is_combining_mark(c) {
            continue;
        }
        let two = match (c, chars.peek()) {
            ('<', Some('=')) => Some("le"),
            ('>', Some('=')) => Some("ge"),
            _ => None,
        };
        if let Some(w) = two {
            chars.next();
            words.push(w.to_owned());
            continue;
        }
        let word = match symbol_name(c) {
            Some(w) => w.to_owned(),
            None => format!("u{:x}", c as u32),
        };
        words.push(word);
        // Long runs of symbols are cut anyway; stop early.
        if words.len() >= 16 {
            break;
        }
    }
    if words.is_empty() {
        words.push("empty".to_owned());
    }
    words
}

/// The word for a symbol (possibly two words joined by `_`).
fn symbol_name(c: char) -> Option<&'static str> {
    Some(match c {
        '*' => "star",
        '+' => "plus",
        '-' => "minus",
        '=' => "eq",
        '!' => "not",
        '<' => "lt",
        '>' => "gt",
        '/' => "slash",
        '\\' => "backslash",
        '.' => "dot",
        ',' => "comma",
        ':' => "colon",
        ';' => "semicolon",
        '$' => "dollar",
        '@' => "at",
        '#' => "hash",
        '%' => "percent",
        '^' => "caret",
        '&' => "amp",
        '|' => "pipe",
        '~' => "tilde",
        '?' => "question",
        '\'' => "apostrophe",
        '"' => "quote",
        '`' => "backtick",
        '(' => "open_paren",
        ')' => "close_paren",
        '[' => "open_bracket",
        ']' => "close_bracket",
        '{' => "open_brace",
        '}' => "close_brace",
        '_' => "underscore",
        ' ' | '\u{a0}' => "space",
        '\t' => "tab",
        '\n' => "newline",
        '\r' => "carriage_return",
        _ => return None,
    })
}

/// Whether `c` may appear inside a word of a `case` name. Letters without a
/// mapping to the required case (e.g. `𝔸`, `𝕪`) are dropped from snake and
/// shouty names, which rustc would otherwise lint.
fn fits(c: char, case: Case) -> bool {
    if c == '_' || is_combining_mark(c) || !is_xid_continue(c) {
        return false;
    }
    match case {
        Case::Module => c.is_ascii_lowercase() || c.is_ascii_digit(),
        Case::Field | Case::Method => !c.is_uppercase(),
        Case::Const => !c.is_lowercase(),
        Case::Type | Case::Variant => true,
    }
}

/// The prefix for a name that cannot start with its first character.
fn start_prefix(case: Case) -> char {
    if case.is_camel() || case == Case::Const {
        'V'
    } else {
        'v'
    }
}

/// Joins words in the case's style, with the leading-digit prefix, cut to at most
/// `budget` characters (at a word boundary when the first word fits).
fn assemble(words: &[String], case: Case, needs_start: bool, budget: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    let mut prev_ends_digit = false;
    let cased = words.iter().flat_map(|w| w.split('_')).map(|word| {
        let mut cased = String::with_capacity(word.len());
        match case {
            Case::Type | Case::Variant => {
                let mut chars = word.chars();
                if let Some(c) = chars.next() {
                    cased.extend(c.to_uppercase());
                    cased.push_str(chars.as_str());
                }
            }
            Case::Const => cased.extend(word.chars().flat_map(char::to_uppercase)),
            Case::Field | Case::Method | Case::Module => cased.push_str(word),
        }
        cased.retain(|c| fits(c, case));
        cased
    });
    for (i, word) in cased.filter(|w| !w.is_empty()).enumerate() {
        let mut piece = String::new();
        let first = word.chars().next().unwrap_or('_');
        if i == 0 {
            if needs_start && (!is_xid_start(first) || (case.is_camel() && first.is_lowercase())) {
                piece.push(start_prefix(case));
            }
        } else if !case.is_camel() || (prev_ends_digit && first.is_ascii_digit()) {
            piece.push('_');
        }
        piece.push_str(&word);
        let piece_len = piece.chars().count();
        if len + piece_len > budget {
            if i == 0 {
                out.extend(piece.chars().take(budget));
            }
            break;
        }
        out.push_str(&piece);
        len += piece_len;
        prev_ends_digit = word.ends_with(|c: char| c.is_ascii_digit());
    }
    out
}

/// Last line of defence (a no-op for names built by [`assemble`]): drops anything
/// that is not an identifier character, guarantees a valid start and a
/// non-empty, non-`_` result.
fn finish(name: String, case: Case) -> String {
    let mut out: String = name
        .chars()
        .filter(|&c| c == '_' || fits(c, case))
        .collect();
    if out.chars().all(|c| c == '_') {
        out = match case {
            Case::Type | Case::Variant => "Empty".to_owned(),
            Case::Const => "EMPTY".to_owned(),
            _ => "empty".to_owned(),
        };
    }
    let first = out.chars().next().unwrap_or('_');
    if (first != '_' && !is_xid_start(first)) || (case.is_camel() && first.is_lowercase()) {
        out.insert(0, start_prefix(case));
    }
    let max = case.max_chars();
    if out.chars().count() > max {
        out = out.chars().take(max).collect();
    }
    out
}

/// ASCII spelling of a non-ASCII letter or digit (`é` → `e`, `ß` → `ss`, `Ж` →
/// `Zh`, `中` → `Zhong`), by the `deunicode` tables. Characters that spell a word
/// of their own (CJK) come back with a space around them, so each is a word.
fn transliterate(c: char) -> Option<&'static str> {
    deunicode::deunicode_char(c).filter(|t| t.chars().any(|c| c.is_ascii_alphanumeric()))
}

/// Hands out distinct names within one scope (the fields of one struct, the
/// variants of one enum, the types of one module, the files of one directory…).
///
/// Names are compared exactly. A taken name is disambiguated with a number,
/// starting at 2, in the name's own style, so that the result stays clean for
/// rustc's case lints and readable:
///
/// * `snake_case` and multi-word `SHOUTY_CASE`: `name_2`, `MAX_SIZE_2`
///   (`type_` → `type_2`);
/// * names that may be `UpperCamelCase` (a single all-caps word such as `A` or
///   `MAX` included): glued, `Name2`, `A2`, `MAX2`, `Self_` → `Self2`; but
///   `Name_2` after a digit or an uncased letter (`V2` → `V2_2`, never the
///   misleading `V22`; `用户` → `用户_2`).
///
/// A disambiguated name is never longer than the name given or 64 characters,
/// whichever is more (the name is shortened to make room), so claimed module
/// names remain valid file stems.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    taken: HashSet<String>,
    /// The next number to try for a name already claimed more than once.
    next: HashMap<String, u64>,
}

impl Namespace {
    /// An empty namespace.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as already taken (e.g. a name the generated code uses
    /// itself, such as `Client` or `Result`), so [`claim`](Self::claim) never
    /// hands it out.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Takes `name` if it is free, otherwise the first free disambiguated form
    /// (`name2`/`name_2`, then 3, 4…), and returns the name taken.
    ///
    /// `name` should come from [`rust_name`] or its wrappers; the result is then
    /// still a valid, non-keyword identifier.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        // Never longer than the name itself or the module limit, whichever is
        // more, so claimed module names still fit in 64 characters.
        let limit = name.chars().count().max(MAX_MODULE_CHARS);
        let mut candidate = String::new();
        let start = self.next.get(&name).copied().unwrap_or(2);
        for n in start.. {
            let mut base = name.clone();
            loop {
                candidate = with_number(&base, n);
                let excess = candidate.chars().count().saturating_sub(limit);
                if excess == 0 {
                    break;
                }
                let keep = base.chars().count().saturating_sub(excess).max(1);
                base = base.chars().take(keep).collect();
                let trimmed = base.trim_end_matches('_').len().max(1);
                base.truncate(trimmed);
            }
            if self.taken.insert(candidate.clone()) {
                self.next.insert(name, n + 1);
                break;
            }
        }
        candidate
    }

    /// Whether `name` is reserved or claimed.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// `name` followed by `n`, in the name's style (see [`Namespace`]).
fn with_number(name: &str, n: u64) -> String {
    let cased = |c: char| c.is_uppercase() || c.is_lowercase();
    let mut base = name.to_owned();
    if could_be_camel(name) {
        // `_` next to a letter is linted in UpperCamelCase (`Self_2` included).
        base.truncate(base.trim_end_matches('_').len().max(1));
        if !base.ends_with(cased) {
            base.push('_');
        }
    } else if !base.ends_with('_') {
        base.push('_');
    }
    let _ = write!(base, "{n}");
    base
}

/// Whether rustc's `non_camel_case_types` lint accepts `name`: it may be a type
/// or variant name (`Foo`, `A`, `MAX`, `V3_0`, `中a`, `Self_`), not a snake or
/// multi-word shouty one (`foo`, `_foo`, `MAX_SIZE`).
fn could_be_camel(name: &str) -> bool {
    let name = name.trim_matches('_');
    let cased = |c: char| c.is_uppercase() || c.is_lowercase();
    let chars: Vec<char> = name.chars().collect();
    !chars.first().is_some_and(|c| c.is_lowercase())
        && !name.contains("__")
        && !chars
            .windows(2)
            .any(|w| (cased(w[0]) && w[1] == '_') || (w[0] == '_' && cased(w[1])))
}

/// Checks a cargo package name: ASCII letters, digits, `-` and `_`, starting with
/// a letter, at most 64 characters (the crates.io limit), and neither a Rust
/// keyword nor the name of a crate of the standard distribution once `-` reads as
/// `_` (cargo derives the library's name that way). `Err` holds the message,
/// with a name that passes.
pub fn check_package_name(name: &str) -> Result<(), String> {
    let problem = if name.is_empty() {
        Some("it is empty".to_string())
    } else if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        Some(format!(
            "{c:?} is not allowed (only ASCII letters, digits, `-` and `_` are)"
        ))
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("it must start with a letter".to_string())
    } else if name.len() > 64 {
        Some("it is longer than 64 characters".to_string())
    } else {
        let lib = name.replace('-', "_");
        const STD: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];
        if is_keyword(&lib) || STD.contains(&lib.as_str()) {
            Some(format!("`{lib}` is reserved in Rust"))
        } else {
            None
        }
    };
    match problem {
        None => Ok(()),
        Some(why) => Err(format!(
            "invalid crate name {name:?}: {why}; try `{}`",
            suggest_package_name(name)
        )),
    }
}

/// A valid package name close to `name` (see [`check_package_name`]).
pub fn suggest_package_name(name: &str) -> String {
    let words = words_of(name, true);
    let mut out = words.join("-").to_ascii_lowercase();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out = if out.is_empty() {
            "api".to_string()
        } else {
            format!("api-{out}")
        };
    }
    out.truncate(64);
    let out = out.trim_end_matches('-').to_string();
    let lib = out.replace('-', "_");
    if is_keyword(&lib) || ["std", "core", "alloc", "proc_macro", "test"].contains(&lib.as_str()) {
        format!("{out}-api")
    } else {
        out
    }
}

#[cfg(test)]
mod tests;
