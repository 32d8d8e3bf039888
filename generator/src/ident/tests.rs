//! Unit tests of identifiers: case, keywords, transliteration, length, uniqueness.
use super::*;

#[test]
fn joined_type_names_stay_upper_camel_case() {
    assert_eq!(join_type(&["Self_", "WithName"]), "SelfWithName");
    assert_eq!(join_type(&["Parent", "Self_"]), "ParentSelf");
    assert_eq!(join_type(&["Self_", ""]), "Self_");
    assert_eq!(join_type(&["", "Item"]), "Item");
    assert_eq!(join_type(&["", ""]), "");
}

#[test]
fn links_to_types_named_like_derive_macros_say_they_are_types() {
    assert_eq!(type_link("Default"), "[`type@Default`]");
    assert_eq!(type_link("Account"), "[`Account`]");
}

#[test]
fn words_split_on_symbols_and_case() {
    assert_eq!(words_of("mfa:enter-code", false), ["mfa", "enter", "code"]);
    assert_eq!(
        words_of("listAccessProfiles", false),
        ["list", "access", "profiles"]
    );
    assert_eq!(words_of("🎉", false), Vec::<String>::new());
    assert_eq!(words_of("-1", false), ["minus", "1"]);
    assert_eq!(words_of("Übersicht", true), ["ubersicht"]);
    assert_eq!(words_of("cafe\u{301}", false), ["cafe"]);
}

#[test]
fn symbols_are_named() {
    assert_eq!(symbol_words("<="), ["le"]);
    assert_eq!(symbol_words("!="), ["not", "eq"]);
    assert_eq!(symbol_words(""), ["empty"]);
    assert_eq!(symbol_words("🎉"), ["u1f389"]);
}

#[test]
fn reserved_stems() {
    for s in [
        "con", "prn", "aux", "nul", "com0", "com9", "lpt1", "lib", "main",
    ] {
        assert!(is_reserved_stem(s), "{s}");
    }
    for s in ["com", "comx", "com10", "console", "lpt", "library"] {
        assert!(!is_reserved_stem(s), "{s}");
    }
}

#[test]
fn digits_are_never_glued_in_camel_case() {
    assert_eq!(type_name("1.0"), "V1_0");
    assert_eq!(type_name("10"), "V10");
    assert_eq!(type_name("version 2"), "Version2");
}

#[test]
fn truncation_keeps_whole_words() {
    let raw = "word ".repeat(40);
    let name = field_name(&raw);
    assert!(name.len() <= MAX_IDENT_CHARS);
    assert!(name.ends_with("word"));
    let long = "x".repeat(200);
    assert_eq!(field_name(&long).len(), MAX_IDENT_CHARS);
    assert_eq!(module_name(&long).len(), MAX_MODULE_CHARS);
}

#[test]
fn long_joined_names_keep_their_first_and_last_words() {
    let long = join_type(&[
        "FetchAccountEntitlementDetailsResponse",
        "CampaignAccountEntDetailsItem",
        "UsersItem",
        "AccountsItem",
        "EntitlementsItem",
    ]);
    assert_eq!(
        long,
        "FetchAccountEntDetailsItemUsersItemAccountsItemEntitlementsItem"
    );
    assert!(long.len() <= MAX_JOINED_CHARS);
    // Short names, and names whose last word alone is too long, are left alone.
    assert_eq!(join_type(&["Self_", "WithB"]), "SelfWithB");
    let word = format!("A{}", "b".repeat(70));
    assert_eq!(join_type(&["Xy", &word]), format!("Xy{word}"));
}
