//! Table and property tests for `mdx_codegen::ident`.

use mdx_codegen::ident::{
    const_name, field_name, ident, method_name, module_name, rust_name, type_name, variant_name,
    Case, Namespace,
};

/// Every Rust keyword: strict, reserved, 2018+ edition, weak. Kept independent of
/// the module's own list on purpose.
const ALL_KEYWORDS: &[&str] = &[
    // strict
    "as",
    "break",
    "const",
    "continue",
    "crate",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "Self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while", // 2018
    "async",
    "await",
    "dyn", // reserved
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try", // 2024
    "gen", // weak
    "union",
    "macro_rules",
    "raw",
    "safe",
    "static",
];

/// The words that must never come out bare (weak keywords are legal identifiers).
const FORBIDDEN: &[&str] = &[
    "_", "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final",
    "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

const CASES: &[Case] = &[
    Case::Type,
    Case::Variant,
    Case::Field,
    Case::Method,
    Case::Module,
    Case::Const,
];

/// Asserts everything a name of `case` made from `raw` must satisfy.
fn check(raw: &str, case: Case, name: &str) {
    let ctx = format!("{case:?} {raw:?} -> {name:?}");
    assert!(!name.is_empty(), "{ctx}: empty");
    assert!(!name.starts_with("r#"), "{ctx}: raw ident");
    assert!(!FORBIDDEN.contains(&name), "{ctx}: keyword");
    assert!(
        syn::parse_str::<syn::Ident>(name).is_ok(),
        "{ctx}: not accepted by syn"
    );
    let id = ident(name);
    assert_eq!(id.to_string(), name, "{ctx}: ident() changed the name");
    let limit = if case == Case::Module { 64 } else { 80 };
    assert!(name.chars().count() <= limit, "{ctx}: too long");
    match case {
        Case::Module => {
            assert!(is_module_stem(name), "{ctx}: bad file stem");
            assert!(is_snake_case(name), "{ctx}: not snake case");
        }
        Case::Field | Case::Method => assert!(is_snake_case(name), "{ctx}: not snake case"),
        Case::Const => assert!(!name.chars().any(char::is_lowercase), "{ctx}: lowercase"),
        Case::Type | Case::Variant => {
            assert!(!name.starts_with('_'), "{ctx}: leading underscore");
            assert!(is_camel_case(name), "{ctx}: not camel case");
        }
    }
}

/// rustc's `non_snake_case` rule.
fn is_snake_case(name: &str) -> bool {
    let name = name.trim_matches('_');
    !name.contains("__") && !name.chars().any(char::is_uppercase)
}

/// rustc's `non_camel_case_types` rule.
fn is_camel_case(name: &str) -> bool {
    let name = name.trim_matches('_');
    let has_case = |c: char| c.is_lowercase() || c.is_uppercase();
    let chars: Vec<char> = name.chars().collect();
    !chars.first().is_some_and(|c| c.is_lowercase())
        && !name.contains("__")
        && !chars
            .windows(2)
            .any(|w| (has_case(w[0]) && w[1] == '_') || (has_case(w[1]) && w[0] == '_'))
}

/// `^[a-z_][a-z0-9_]{0,63}$`, not a Windows device name, not `.`/`..`.
fn is_module_stem(name: &str) -> bool {
    let b = name.as_bytes();
    let head_ok = matches!(b.first(), Some(b'a'..=b'z' | b'_'));
    let rest_ok = b[1..]
        .iter()
        .all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'_'));
    head_ok && rest_ok && b.len() <= 64 && !is_windows_device(name)
}

fn is_windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.as_bytes()[3].is_ascii_digit())
}

#[test]
fn every_keyword_through_every_case() {
    for &kw in ALL_KEYWORDS {
        for &case in CASES {
            check(kw, case, &rust_name(kw, case));
        }
        check(kw, Case::Field, &field_name(kw));
        check(kw, Case::Method, &method_name(kw));
        check(kw, Case::Module, &module_name(kw));
        check(kw, Case::Type, &type_name(kw));
        check(kw, Case::Variant, &variant_name(kw));
        check(kw, Case::Const, &const_name(kw));
    }
}

#[test]
fn keywords_get_a_trailing_underscore() {
    let table = [
        ("type", "type_"),
        ("self", "self_"),
        ("crate", "crate_"),
        ("super", "super_"),
        ("match", "match_"),
        ("async", "async_"),
        ("gen", "gen_"),
        ("try", "try_"),
        ("fn", "fn_"),
        ("Self", "self_"),
        ("type_", "type_"),
        // Weak keywords are legal identifiers.
        ("union", "union"),
        ("macro_rules", "macro_rules"),
        ("raw", "raw"),
    ];
    for (raw, want) in table {
        assert_eq!(field_name(raw), want, "field {raw:?}");
        assert_eq!(method_name(raw), want, "method {raw:?}");
        assert_eq!(module_name(raw), want, "module {raw:?}");
    }
    assert_eq!(type_name("Self"), "Self_");
    assert_eq!(type_name("self"), "Self_");
    assert_eq!(variant_name("Self"), "Self_");
    assert_eq!(type_name("Self_"), "Self_");
    assert_eq!(type_name("type"), "Type");
    assert_eq!(type_name("crate"), "Crate");
    assert_eq!(variant_name("match"), "Match");
    assert_eq!(const_name("type"), "TYPE");
}

#[test]
fn type_names() {
    let table = [
        ("Slim Campaign", "SlimCampaign"),
        ("accountAttribute", "AccountAttribute"),
        ("AccessProfile", "AccessProfile"),
        ("access_profile", "AccessProfile"),
        ("SCIM", "Scim"),
        ("IDN_AUTH", "IdnAuth"),
        ("OAuthClient", "OAuthClient"),
        ("_Private", "Private"),
        ("3.0", "V3_0"),
        ("2fa", "V2fa"),
        ("v2Beta", "V2Beta"),
        ("Version 2", "Version2"),
        ("Benutzer-Übersicht", "BenutzerUbersicht"),
        ("用户", "YongHu"),
        ("Ελληνικά", "Ellenika"),
        ("Отчёт о доступе", "OtchiotODostupe"),
        ("", "Empty"),
        ("🎉 Party 🎉", "Party"),
    ];
    for (raw, want) in table {
        assert_eq!(type_name(raw), want, "{raw:?}");
        check(raw, Case::Type, &type_name(raw));
    }
}

#[test]
fn variant_names() {
    let table = [
        ("*", "Star"),
        ("+", "Plus"),
        ("-", "Minus"),
        ("=", "Eq"),
        ("==", "EqEq"),
        ("!=", "NotEq"),
        ("<", "Lt"),
        ("<=", "Le"),
        (">", "Gt"),
        (">=", "Ge"),
        ("/", "Slash"),
        (".", "Dot"),
        ("$", "Dollar"),
        ("@", "At"),
        ("#", "Hash"),
        ("%", "Percent"),
        ("&", "Amp"),
        ("|", "Pipe"),
        ("~", "Tilde"),
        ("?", "Question"),
        ("_", "Underscore"),
        ("(", "OpenParen"),
        (" ", "Space"),
        ("**", "StarStar"),
        ("🎉", "U1f389"),
        ("", "Empty"),
        ("mfa:enter-code", "MfaEnterCode"),
        ("IN PROGRESS", "InProgress"),
        ("IN_PROGRESS", "InProgress"),
        ("zh-TW", "ZhTw"),
        ("zh_tw", "ZhTw"),
        ("application/json", "ApplicationJson"),
        ("text/plain; charset=utf-8", "TextPlainCharsetUtf8"),
        ("200", "V200"),
        ("1.0", "V1_0"),
        ("-1", "Minus1"),
        ("+1", "Plus1"),
        ("-1.5", "Minus1_5"),
        ("ACTIVE", "Active"),
        ("Self", "Self_"),
    ];
    for (raw, want) in table {
        assert_eq!(variant_name(raw), want, "{raw:?}");
        check(raw, Case::Variant, &variant_name(raw));
    }
}

#[test]
fn field_and_method_names() {
    let fields = [
        ("accountId", "account_id"),
        ("account_id", "account_id"),
        ("Account ID", "account_id"),
        ("type", "type_"),
        ("_type", "_type"),
        ("__v", "__v"),
        ("_", "underscore"),
        ("__", "underscore_underscore"),
        ("", "empty"),
        ("2fa", "v2fa"),
        ("_2fa", "_2fa"),
        ("3.0", "v3_0"),
        ("-1", "minus_1"),
        ("$ref", "ref_"),
        ("@odata.type", "odata_type"),
        ("*", "star"),
        ("ünïcödé", "unicode"),
        ("Größe", "grosse"),
    ];
    for (raw, want) in fields {
        assert_eq!(field_name(raw), want, "field {raw:?}");
        check(raw, Case::Field, &field_name(raw));
    }
    let methods = [
        ("listAccessProfiles", "list_access_profiles"),
        ("get-historical-identity", "get_historical_identity"),
        ("getOAuthClient", "get_o_auth_client"),
        ("list_access_profiles", "list_access_profiles"),
        ("_private", "private"),
        ("2step", "v2step"),
        ("Self", "self_"),
    ];
    for (raw, want) in methods {
        assert_eq!(method_name(raw), want, "method {raw:?}");
        check(raw, Case::Method, &method_name(raw));
    }
    assert_eq!(const_name("max-page size"), "MAX_PAGE_SIZE");
    assert_eq!(const_name("3.0"), "V3_0");
}

#[test]
fn type_and_underscore_type_are_distinct() {
    let a = field_name("type");
    let b = field_name("_type");
    assert_eq!((a.as_str(), b.as_str()), ("type_", "_type"));
    let mut ns = Namespace::new();
    assert_eq!(ns.claim(a), "type_");
    assert_eq!(ns.claim(b), "_type");
}

#[test]
fn idempotent_on_good_names() {
    for name in [
        "AccessProfile",
        "SlimCampaign",
        "V3_0",
        "Self_",
        "InProgress",
        "Star",
    ] {
        assert_eq!(type_name(name), name);
        assert_eq!(variant_name(name), name);
    }
    for name in [
        "access_profile",
        "type_",
        "_type",
        "v2fa",
        "v3_0",
        "get_o_auth_client",
        "minus_1",
    ] {
        assert_eq!(field_name(name), name);
    }
    for name in ["access_profile", "type_", "v2fa", "get_o_auth_client"] {
        assert_eq!(method_name(name), name);
        assert_eq!(module_name(name), name);
    }
    for name in ["con_", "mod_", "lib_", "sources"] {
        assert_eq!(module_name(name), name);
    }
    assert_eq!(const_name("MAX_PAGE_SIZE"), "MAX_PAGE_SIZE");
}

#[test]
fn module_names_are_file_stems() {
    let table = [
        ("Access Profiles", "access_profiles"),
        ("Übersicht", "ubersicht"),
        ("Straße", "strasse"),
        ("Café Crème", "cafe_creme"),
        ("用户", "yong_hu"),
        ("用户 Users", "yong_hu_users"),
        ("🎉", "u1f389"),
        ("..", "dot_dot"),
        (".", "dot"),
        ("a/b\\c", "a_b_c"),
        ("v1.2", "v1_2"),
        ("2024 Reports", "v2024_reports"),
        ("", "empty"),
        ("mod", "mod_"),
        ("lib", "lib_"),
        ("main", "main_"),
        ("mod.rs", "mod_rs"),
    ];
    for (raw, want) in table {
        assert_eq!(module_name(raw), want, "{raw:?}");
        check(raw, Case::Module, &module_name(raw));
    }
}

#[test]
fn windows_reserved_names() {
    let mut names = vec!["con", "prn", "aux", "nul", "CON", "Nul", "AUX"];
    let numbered: Vec<String> = (0..=9)
        .flat_map(|d| [format!("com{d}"), format!("LPT{d}"), format!("Lpt{d}")])
        .collect();
    names.extend(numbered.iter().map(String::as_str));
    for raw in names {
        let name = module_name(raw);
        assert!(!is_windows_device(&name), "{raw:?} -> {name:?}");
        assert!(name.ends_with('_'), "{raw:?} -> {name:?}");
        check(raw, Case::Module, &name);
    }
    assert_eq!(module_name("con"), "con_");
    assert_eq!(module_name("COM1"), "com1_");
    assert_eq!(module_name("lpt9"), "lpt9_");
    // Not reserved: longer names containing them.
    assert_eq!(module_name("console"), "console");
    assert_eq!(module_name("com10"), "com10");
    assert_eq!(module_name("auxiliary"), "auxiliary");
    assert_eq!(module_name("Com 1"), "com_1");
}

#[test]
fn long_inputs_are_cut() {
    let words = "segment ".repeat(50);
    let t = type_name(&words);
    assert!(t.len() <= 80 && t.starts_with("SegmentSegment") && t.ends_with("Segment"));
    let m = module_name(&words);
    assert!(m.len() <= 64 && m.ends_with("segment"), "{m}");
    let one = "a".repeat(300);
    assert_eq!(field_name(&one).len(), 80);
    assert_eq!(module_name(&one).len(), 64);
    // Deterministic.
    assert_eq!(type_name(&words), t);
}

#[test]
fn namespace_collisions() {
    let mut ns = Namespace::default();
    assert!(!ns.contains("ZhTw"));
    assert_eq!(ns.claim(variant_name("zh-TW")), "ZhTw");
    assert_eq!(ns.claim(variant_name("zh_tw")), "ZhTw2");
    assert_eq!(ns.claim(variant_name("ZH TW")), "ZhTw3");
    assert!(ns.contains("ZhTw") && ns.contains("ZhTw2") && ns.contains("ZhTw3"));

    // Names ending in a digit are disambiguated with `_`.
    assert_eq!(ns.claim("V2".to_owned()), "V2");
    assert_eq!(ns.claim("V2".to_owned()), "V2_2");
    assert_eq!(ns.claim("V2".to_owned()), "V2_3");

    let mut fields = Namespace::new();
    fields.reserve("client");
    assert!(fields.contains("client"));
    assert_eq!(fields.claim("client".to_owned()), "client_2");
    assert_eq!(fields.claim(field_name("accountId")), "account_id");
    assert_eq!(fields.claim(field_name("account_id")), "account_id_2");
    assert_eq!(fields.claim(field_name("AccountID")), "account_id_3");
    assert_eq!(fields.claim(field_name("type")), "type_");
    assert_eq!(fields.claim(field_name("type")), "type_2");
    // A genuine `account_id_2` arriving later still gets a distinct name.
    assert_eq!(fields.claim("account_id_2".to_owned()), "account_id_2_2");

    let mut consts = Namespace::new();
    assert_eq!(consts.claim("MAX".to_owned()), "MAX");
    assert_eq!(consts.claim("MAX".to_owned()), "MAX2");
    assert_eq!(consts.claim(const_name("max-page")), "MAX_PAGE");
    assert_eq!(consts.claim(const_name("max page")), "MAX_PAGE_2");
    assert_eq!(consts.claim(const_name("1")), "V1");
    assert_eq!(consts.claim(const_name("1")), "V1_2");

    let mut types = Namespace::new();
    types.reserve("Result");
    assert_eq!(types.claim(type_name("result")), "Result2");
    assert_eq!(types.claim(type_name("Self")), "Self_");
    assert_eq!(types.claim(type_name("Self")), "Self2");
    assert_eq!(types.claim(type_name("a")), "A");
    assert_eq!(types.claim(type_name("a")), "A2");

    // Every claimed name is still a valid identifier.
    for name in ["ZhTw2", "V2_2", "client_2", "type_2", "MAX2", "Self2", "A2"] {
        assert!(syn::parse_str::<syn::Ident>(name).is_ok(), "{name}");
    }
}

#[test]
#[should_panic(expected = "not a sanitized identifier")]
fn ident_rejects_bare_keywords() {
    let _ = ident("type");
}

#[test]
fn ident_accepts_raw_form() {
    assert_eq!(ident("r#type").to_string(), "r#type");
    assert_eq!(ident("type_").to_string(), "type_");
}

/// xorshift64*: small, deterministic, good enough to shuffle test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces the generator glues together: ASCII, digits, punctuation, keywords,
/// case changes, unicode letters and marks, emoji, odd code points.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "get",
    "List",
    "OAuth",
    "ID",
    "http",
    "URL",
    "v2",
    "3",
    "0",
    "42",
    "1.0",
    "_",
    "__",
    "-",
    "+",
    ".",
    "/",
    "\\",
    ":",
    "*",
    "<=",
    "!=",
    "$",
    "@",
    "#",
    " ",
    "\t",
    "\n",
    "\"",
    "'",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "gen",
    "r#",
    "con",
    "nul",
    "com1",
    "lpt9",
    "lib",
    "mod",
    "é",
    "É",
    "ß",
    "ẞ",
    "ø",
    "中",
    "文",
    "Ж",
    "ж",
    "Ω",
    "İ",
    "ı",
    "ǅ",
    "ŉ",
    "ﬁ",
    "Ⅻ",
    "²",
    "½",
    "٣",
    "\u{301}",
    "\u{94d}",
    "\u{200d}",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "\u{a0}",
    "🎉",
    "👩‍💻",
    "🇫🇷",
    "😀",
    "€",
    "°",
    "™",
    "\u{0}",
    "\u{7f}",
    "\u{10ffff}",
    "\u{e000}",
    "ǂ",
    "ʼ",
    "ー",
    "々",
    "〇",
    "ا",
    "ह",
    "ि",
    "\u{ff3f}",
];

fn random_input(rng: &mut Rng) -> String {
    let mut s = String::new();
    match rng.below(10) {
        0 => {}
        1 => {
            // Long: about 300 characters.
            while s.chars().count() < 300 {
                s.push_str(PIECES[rng.below(PIECES.len())]);
            }
        }
        2 => {
            // Random code points, any plane.
            for _ in 0..rng.below(12) {
                let c = loop {
                    if let Some(c) = char::from_u32((rng.next() % 0x11_0000) as u32) {
                        break c;
                    }
                };
                s.push(c);
            }
        }
        _ => {
            for _ in 0..=rng.below(8) {
                s.push_str(PIECES[rng.below(PIECES.len())]);
            }
        }
    }
    s
}

#[test]
fn property_every_output_is_a_valid_identifier() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..6_000 {
        let raw = random_input(&mut rng);
        for &case in CASES {
            let name = rust_name(&raw, case);
            check(&raw, case, &name);
            // Applying the function again is stable after one round trip (the
            // snake cases are idempotent right away).
            let again = rust_name(&name, case);
            check(&name, case, &again);
            if matches!(
                case,
                Case::Field | Case::Method | Case::Module | Case::Const
            ) {
                assert_eq!(again, name, "{case:?} not idempotent on {raw:?}");
            } else {
                assert_eq!(
                    rust_name(&again, case),
                    again,
                    "{case:?} unstable on {raw:?}"
                );
            }
        }
        assert_eq!(type_name(&raw), rust_name(&raw, Case::Type));
        assert_eq!(variant_name(&raw), rust_name(&raw, Case::Variant));
        assert_eq!(field_name(&raw), rust_name(&raw, Case::Field));
        assert_eq!(method_name(&raw), rust_name(&raw, Case::Method));
        assert_eq!(module_name(&raw), rust_name(&raw, Case::Module));
    }
}

#[test]
fn property_namespace_hands_out_distinct_valid_names() {
    const LONG: &str =
        "a_very_long_name_that_fills_the_whole_module_name_limit_of_64_chars_and_more";
    let mut rng = Rng(42);
    for &case in CASES {
        let mut ns = Namespace::new();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..3_000 {
            // Small alphabet, so collisions are frequent.
            let raw: String = (0..rng.below(3))
                .map(|_| ["a", "A", "-", "1", "type", "_", "中", "Self", LONG][rng.below(9)])
                .collect();
            let name = ns.claim(rust_name(&raw, case));
            assert!(
                seen.insert(name.clone()),
                "{case:?}: {name} handed out twice"
            );
            assert!(ns.contains(&name));
            check(&raw, case, &name);
        }
    }
}
