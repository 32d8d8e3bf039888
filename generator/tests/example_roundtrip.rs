//! The docs' examples: found with their place and type, checked against their schema,
//! and (in the slow test) round-tripped through the types of a generated crate.
//!
//! The fixture `tests/example_fixture/shop` holds a schema-invalid example the types
//! reject (`count: "seven"`), one they accept (`tags: null`), and small versions of
//! the generator bugs the corpora exposed: a `number` example `5`, a request without
//! a required `readOnly` property, a `oneOf` whose example fits only the less
//! specific variant, and an `allOf` of two strings.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use mdx_codegen::examples::{self, Example, Place, Verdict};
use mdx_codegen::ir::Ty;
use mdx_codegen::mdx::ReadOptions;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/example_fixture")
}

fn suite() -> examples::Suite {
    examples::collect_docs(&[fixture()], &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn find<'s>(suite: &'s examples::Suite, pointer_end: &str) -> &'s Example {
    suite
        .examples
        .iter()
        .find(|e| e.pointer.ends_with(pointer_end))
        .unwrap_or_else(|| panic!("no example at …{pointer_end}"))
}

#[test]
fn every_kind_of_example_is_found_with_its_place() {
    let suite = suite();
    let request = find(&suite, "/jsonRequestBodyExample");
    assert!(request.page.ends_with("create-item.api.mdx"));
    assert_eq!(
        request.place,
        Place::Request {
            media_type: "application/json".into()
        }
    );
    let typical = find(&suite, "/examples/typical/value");
    assert_eq!(typical.place.to_string(), "response 201");
    let price = find(
        &suite,
        "/requestBody/content/application~1json/schema/properties/price/example",
    );
    assert_eq!(price.within, "/properties/price");
    assert!(matches!(
        price.target.as_ref().map(|t| &t.ty),
        Some(Ty::Float(_))
    ));
    // Response schemas are walked too: the same example under the 201 response.
    assert!(suite
        .examples
        .iter()
        .any(|e| e.pointer
            == "/responses/201/content/application~1json/schema/properties/price/example"));
    // A titled `allOf` member with properties is merged into its parent and is a
    // type of its own (`BaseFilter`), which checks the member's example.
    let member = find(&suite, "/properties/filters/allOf/0/example");
    assert!(matches!(
        member.target.as_ref().map(|t| &t.ty),
        Some(Ty::Named(_))
    ));
    // An `allOf` of two strings is a string, with the member's example.
    let version = find(&suite, "/properties/queryVersion/allOf/0/example");
    assert!(matches!(
        version.target.as_ref().map(|t| &t.ty),
        Some(Ty::String(_))
    ));
}

#[test]
fn examples_that_violate_their_schema_are_told_apart() {
    let suite = suite();
    let count = find(&suite, "/properties/count/example");
    assert!(
        matches!(&count.verdict, Verdict::Invalid(why) if why.contains("integer")),
        "{:?}",
        count.verdict
    );
    let null_tags = find(&suite, "/examples/nullTags/value");
    assert!(
        matches!(&null_tags.verdict, Verdict::Invalid(why) if why.starts_with("/tags")),
        "{:?}",
        null_tags.verdict
    );
    // Valid by OpenAPI's rules: a request may leave out a required `readOnly` property,
    // `nullable` allows null, and a `oneOf` example must fit exactly one variant.
    for end in [
        "/jsonRequestBodyExample",
        "/properties/note/example",
        "/responses/200/content/application~1json/example",
        "/examples/typical/value",
    ] {
        assert_eq!(find(&suite, end).verdict, Verdict::Valid, "{end}");
    }
}

#[test]
fn the_suite_is_a_test_target_of_the_crate() {
    let opts = mdx_codegen::emit::EmitOptions {
        crate_name: "shop-examples".into(),
        command: "mdx-codegen examples".into(),
        layout: mdx_codegen::emit::Layout::Crate,
    };
    let (files, counts) = examples::emit_suite(&suite(), &opts, &[fixture()]).unwrap();
    let toml = &files.files[Path::new("Cargo.toml")];
    assert!(toml.contains(
        "[[test]]\nname = \"examples\"\npath = \"tests/examples.rs\"\nharness = false\n"
    ));
    let test = &files.files[Path::new(examples::TEST_FILE)];
    assert!(
        test.contains("check::<::shop_examples::shop::models::Item>"),
        "{test}"
    );
    let data: serde_json::Value =
        serde_json::from_str(&files.files[Path::new(examples::DATA_FILE)]).unwrap();
    let entries = data.as_array().unwrap();
    assert_eq!(entries.len(), counts.checks);
    // Copies of one example at one type are checked once.
    assert!(counts.occurrences > counts.checks);
    // Every example has a type to be checked at (the `allOf` member's is its own).
    assert_eq!(counts.untyped, 0);
    assert!(entries.iter().all(|e| e["page"]
        .as_str()
        .unwrap()
        .starts_with("example_fixture/shop/")));
}

/// Generates the fixture's crate with its example test, checks it with clippy, runs
/// it with cargo, and reads the report: every schema-valid example round-trips, the
/// known-bad ones are told apart, and the types accept one of them.
///
/// Ignored by default: the first build compiles the generated crate's dependencies
/// (reqwest, tokio…). CI runs it with `--ignored`; the target folder is kept.
#[test]
#[ignore = "slow when cold (a few minutes); run with `--ignored`"]
fn fixture_examples_round_trip_in_the_generated_crate() {
    let dir = std::env::temp_dir().join(format!("mdx-codegen-examples-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("shop-examples");
    let run = Command::new(env!("CARGO_BIN_EXE_mdx-codegen"))
        .arg("examples")
        .arg(fixture())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let cargo = |args: &[&str]| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Command::new(cargo)
            .current_dir(&out)
            .args(args)
            .env(
                "CARGO_TARGET_DIR",
                workspace().join("target").join("example-fixture"),
            )
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .unwrap()
    };
    // The test target is as warning-free as the rest of the generated code.
    let clippy = cargo(&["clippy", "--tests", "--", "-D", "warnings"]);
    assert!(
        clippy.status.success(),
        "{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    let test = cargo(&["test", "--test", "examples"]);
    let stdout = String::from_utf8_lossy(&test.stdout);
    let report = format!("{stdout}{}", String::from_utf8_lossy(&test.stderr));
    assert!(test.status.success(), "{report}");
    assert!(
        stdout
            .contains("examples: 14 found, 12 schema-valid, 12 round-trip, 1 invalid-but-accepted"),
        "{report}"
    );
    // The invalid examples are listed with page, place, pointer and why.
    assert!(stdout.contains(
        "INVALID example_fixture/shop/create-item.api.mdx: request body, schema at /properties/count: \
         /requestBody/content/application~1json/schema/properties/count/example"
    ), "{report}");
    assert!(
        stdout.contains("the types accept it: accepted, but changed at /tags: null was dropped"),
        "{report}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
