//! The API change report (`mdx-codegen diff`): classification rules on small
//! hand-written pages, then real history (SailPoint v3, 2022 against 2024), where
//! each asserted change was checked by hand against the decoded pages.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use mdx_codegen::diff::{compare, Change, ChangeKind, Format, Item, Report};
use mdx_codegen::mdx::ReadOptions;
use serde_json::{json, Value};

fn report(old: &Path, new: &Path) -> Report {
    let read = ReadOptions::default();
    let old = mdx_codegen::build_ir(&[old.to_path_buf()], &read)
        .unwrap_or_else(|e| panic!("old docs: {e}"));
    let new = mdx_codegen::build_ir(&[new.to_path_buf()], &read)
        .unwrap_or_else(|e| panic!("new docs: {e}"));
    compare(&old, &new)
}

/// The one change of `kind` on `name` (and `member`), or a panic listing what there is.
fn find<'a>(
    r: &'a Report,
    item: Item,
    name: &str,
    kind: ChangeKind,
    member: Option<&str>,
) -> &'a Change {
    let hits: Vec<&Change> = r
        .changes()
        .map(|(_, c)| c)
        .filter(|c| {
            c.item == item && c.name == name && c.kind == kind && c.member.as_deref() == member
        })
        .collect();
    match hits.as_slice() {
        [one] => one,
        _ => {
            let about: Vec<String> = r
                .changes()
                .filter(|(_, c)| c.name == name)
                .map(|(_, c)| format!("{:?} {:?}: {}", c.kind, c.member, c.message))
                .collect();
            panic!(
                "expected one {kind:?} on {name} {member:?}, found {}; changes of {name}:\n  {}",
                hits.len(),
                about.join("\n  ")
            )
        }
    }
}

/// A fresh, empty folder under the system temp folder.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mdx-codegen-diff-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes one operation page with `api` in plain JSON front matter.
fn page(dir: &Path, id: &str, api: Value) {
    let text = format!("---\nid: {id}\napi: {api}\n---\n\n# {id}\n");
    std::fs::write(dir.join(format!("{id}.api.mdx")), text).unwrap();
}

fn color(values: &[&str]) -> Value {
    json!({"title": "Color", "type": "string", "enum": values})
}

/// Two small versions of one API, `old/shop` and `new/shop`, differing on purpose.
fn shop(root: &Path) -> (PathBuf, PathBuf) {
    let old = root.join("old").join("shop");
    let new = root.join("new").join("shop");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::create_dir_all(&new).unwrap();
    let widget = |new: bool| {
        let mut props = json!({
            "id": {"type": "string"},
            "name": {"type": "string", "nullable": new},
            "size": {"type": "integer", "format": "int32"},
            "color": color(if new { &["RED", "BLUE"] } else { &["RED", "GREEN"] }),
        });
        let mut required = vec!["id", "name"];
        if new {
            props["created"] = json!({"type": "string", "format": "date-time"});
            required.extend(["size", "created"]);
        }
        json!({"title": "Widget", "type": "object", "required": required, "properties": props})
    };
    let input = |new: bool| {
        let mut props = json!({
            "name": {"type": "string"},
            "color": color(if new { &["RED", "BLUE"] } else { &["RED", "GREEN"] }),
        });
        let mut required = vec!["name"];
        if new {
            props["owner"] = json!({"type": "string"});
            props["note"] = json!({"type": "string"});
            required.push("owner");
        }
        json!({"title": "WidgetInput", "type": "object", "required": required, "properties": props})
    };
    for (dir, is_new) in [(&old, false), (&new, true)] {
        page(
            dir,
            "create-widget",
            json!({
                "operationId": "createWidget", "method": "post", "path": "/widgets",
                "requestBody": {"required": true, "content": {"application/json": {"schema": input(is_new)}}},
                "responses": {"201": {"description": "made", "content": {"application/json": {"schema": widget(is_new)}}}}
            }),
        );
        let mut params = vec![json!({"name": "filter", "in": "query",
            "schema": if is_new { json!({"type": "integer"}) } else { json!({"type": "string"}) }})];
        let mut responses = json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": widget(is_new)}}}}});
        if is_new {
            params.push(json!({"name": "tenant", "in": "query", "required": true, "schema": {"type": "string"}}));
            params.push(json!({"name": "limit", "in": "query", "schema": {"type": "integer"}}));
            responses["404"] = json!({"description": "none", "content": {"application/json": {"schema": {"title": "Problem", "type": "object", "properties": {"detail": {"type": "string"}}}}}});
        }
        page(
            dir,
            "list-widgets",
            json!({"operationId": "listWidgets", "method": "get", "path": "/widgets",
                   "parameters": params, "responses": responses}),
        );
    }
    page(
        &old,
        "delete-widget",
        json!({"operationId": "deleteWidget", "method": "delete", "path": "/widgets/{id}",
               "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
               "responses": {"204": {"description": "gone"}}}),
    );
    page(
        &new,
        "remove-widget",
        json!({"operationId": "removeWidget", "method": "delete", "path": "/widgets/{id}",
               "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
               "responses": {"204": {"description": "gone"}}}),
    );
    (old, new)
}

#[test]
fn changes_are_classified_from_a_client_users_point_of_view() {
    let root = temp_dir("rules");
    let (old, new) = shop(&root);
    let r = report(&old, &new);
    let op = Item::Operation;
    let ty = Item::Type;
    // (item, name, kind, member, breaking)
    let expected: &[(Item, &str, ChangeKind, Option<&str>, bool)] = &[
        (op, "deleteWidget", ChangeKind::OperationRemoved, None, true),
        (op, "removeWidget", ChangeKind::OperationAdded, None, false),
        // A new required parameter is a new method argument; an optional one a setter.
        (
            op,
            "listWidgets",
            ChangeKind::ParameterAdded,
            Some("tenant"),
            true,
        ),
        (
            op,
            "listWidgets",
            ChangeKind::ParameterAdded,
            Some("limit"),
            false,
        ),
        (
            op,
            "listWidgets",
            ChangeKind::ParameterRetyped,
            Some("filter"),
            true,
        ),
        (
            op,
            "listWidgets",
            ChangeKind::ResponseAdded,
            Some("404"),
            false,
        ),
        (ty, "Problem", ChangeKind::TypeAdded, None, false),
        // Enum values: removing one breaks, adding one does not (`Other` kept it).
        (
            ty,
            "Color",
            ChangeKind::EnumValueRemoved,
            Some("GREEN"),
            true,
        ),
        (ty, "Color", ChangeKind::EnumValueAdded, Some("BLUE"), false),
        // A new required field breaks a type callers build, not one they only receive.
        (
            ty,
            "WidgetInput",
            ChangeKind::FieldAdded,
            Some("owner"),
            true,
        ),
        (
            ty,
            "WidgetInput",
            ChangeKind::FieldAdded,
            Some("note"),
            false,
        ),
        (ty, "Widget", ChangeKind::FieldAdded, Some("created"), false),
        // Optionality changes the Rust type of the field.
        (
            ty,
            "Widget",
            ChangeKind::FieldRequiredChanged,
            Some("size"),
            true,
        ),
        (
            ty,
            "Widget",
            ChangeKind::FieldNullableChanged,
            Some("name"),
            true,
        ),
    ];
    for (item, name, kind, member, breaking) in expected {
        let c = find(&r, *item, name, *kind, *member);
        assert_eq!(c.breaking, *breaking, "{}: {}", c.subject(), c.message);
    }
    let renamed = find(&r, op, "deleteWidget", ChangeKind::OperationRemoved, None);
    assert!(
        renamed.message.contains("now operation `removeWidget`"),
        "{}",
        renamed.message
    );
    let size = find(
        &r,
        ty,
        "Widget",
        ChangeKind::FieldRequiredChanged,
        Some("size"),
    );
    assert_eq!(size.old.as_deref(), Some("Option<i32>"));
    assert_eq!(size.new.as_deref(), Some("i32"));
    assert_eq!(
        r.breaking + r.non_breaking,
        expected.len(),
        "unexpected extra changes:\n{}",
        r.to_text()
    );

    // The same docs on both sides: nothing to report.
    let same = report(&old, &old);
    assert_eq!(
        (same.breaking, same.non_breaking),
        (0, 0),
        "{}",
        same.to_text()
    );
    let _ = std::fs::remove_dir_all(&root);
}

fn v3(year: &str) -> PathBuf {
    shared()
        .join("corpus")
        .join(format!("sailpoint-{year}"))
        .join("v3")
}

/// Real history. Each change below was checked by decoding the pages with
/// `json.loads(zlib.decompress(base64.b64decode(api)))` (2024) or reading the
/// plain JSON (2022).
#[test]
fn sailpoint_v3_from_2022_to_2024() {
    shared_or_return!("the diff of sailpoint v3 from 2022 to 2024");
    let r = report(&v3("2022"), &v3("2024"));
    assert_eq!(r.apis.len(), 1);
    let api = &r.apis[0];
    assert_eq!(api.module, "v3");
    // 160 operation ids in 2022, 281 in 2024; 86 in both.
    assert_eq!(api.operations.removed, 74);
    assert_eq!(api.operations.added, 195);
    assert!(r.has_breaking());

    let op = Item::Operation;
    let ty = Item::Type;

    // non-employee-record-creation.api.mdx (2022) is create-non-employee-record.api.mdx
    // (2024): the same `POST /non-employee-records` under a new operation id.
    let c = find(
        &r,
        op,
        "nonEmployeeRecordCreation",
        ChangeKind::OperationRemoved,
        None,
    );
    assert!(c.breaking);
    assert_eq!(c.old.as_deref(), Some("POST /non-employee-records"));
    assert!(
        c.message
            .contains("now operation `createNonEmployeeRecord`"),
        "{}",
        c.message
    );
    let c = find(
        &r,
        op,
        "createNonEmployeeRecord",
        ChangeKind::OperationAdded,
        None,
    );
    assert!(!c.breaking);

    // list-account-activities: the optional query parameter `type` is gone in 2024.
    let c = find(
        &r,
        op,
        "listAccountActivities",
        ChangeKind::ParameterRemoved,
        Some("type"),
    );
    assert!(c.breaking);

    // list-access-request-status gained optional `assigned-to`, `filters`, `sorters`.
    for p in ["assigned-to", "filters", "sorters"] {
        let c = find(
            &r,
            op,
            "listAccessRequestStatus",
            ChangeKind::ParameterAdded,
            Some(p),
        );
        assert!(!c.breaking, "{}", c.message);
    }

    // list-requestable-objects: the items of `types` were [ACCESS_PROFILE, ROLE]
    // (untitled) and are `RequestableObjectType` [ACCESS_PROFILE, ROLE, ENTITLEMENT].
    let c = find(
        &r,
        op,
        "listRequestableObjects",
        ChangeKind::ParameterRetyped,
        Some("types"),
    );
    assert!(c.breaking);
    assert_eq!(c.new.as_deref(), Some("Vec<RequestableObjectType>"));
    assert!(
        c.message.contains("values added: `ENTITLEMENT`"),
        "{}",
        c.message
    );

    // delete-transform: 204 had `{"type": "object"}` as JSON content in 2022, no content in 2024.
    let c = find(
        &r,
        op,
        "deleteTransform",
        ChangeKind::ResponseRetyped,
        Some("204"),
    );
    assert!(c.breaking);
    assert_eq!(c.old.as_deref(), Some("BTreeMap<String, Value>"));
    assert_eq!(c.new.as_deref(), Some("no body"));

    // create-transform: `accountAttribute`'s `accountSortDescending` was a string in
    // 2022 and is a boolean in 2024.
    let c = find(
        &r,
        ty,
        "AccountAttribute",
        ChangeKind::FieldRetyped,
        Some("accountSortDescending"),
    );
    assert!(c.breaking);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("String"), Some("bool"))
    );

    // create-personal-access-token: the 200 body gained `scope` (required, nullable)
    // and the request body an optional `scope`.
    let c = find(
        &r,
        ty,
        "CreatePersonalAccessTokenResponse",
        ChangeKind::FieldAdded,
        Some("scope"),
    );
    assert!(!c.breaking, "a response-only type: {}", c.message);
    assert_eq!(c.new.as_deref(), Some("Option<Vec<String>>"));
    let c = find(
        &r,
        ty,
        "CreatePersonalAccessTokenRequest",
        ChangeKind::FieldAdded,
        Some("scope"),
    );
    assert!(!c.breaking, "{}", c.message);
}

#[test]
fn renders_text_markdown_and_json() {
    let root = temp_dir("render");
    let (old, new) = shop(&root);
    let r = report(&old, &new);
    let text = r.render(Format::Text);
    assert!(
        text.starts_with("API changes: 7 breaking, 7 non-breaking changes\n"),
        "{text}"
    );
    assert!(text.contains("\nshop: operations 1 added, 1 removed, 1 changed; types 1 added, 0 removed, 3 changed\n"), "{text}");
    assert!(
        text.contains("    type `Color`: value `GREEN` removed\n"),
        "{text}"
    );

    let md = r.render(Format::Markdown);
    assert!(md.starts_with("# API changes\n"), "{md}");
    assert!(md.contains("\n## `shop`\n"), "{md}");
    assert!(md.contains("\n### Breaking (7)\n"), "{md}");
    assert!(md.contains("- type `Color`: value `BLUE` added\n"), "{md}");

    let json: Value = serde_json::from_str(&r.render(Format::Json)).unwrap();
    assert_eq!(json["breaking"], 7);
    assert_eq!(json["non_breaking"], 7);
    let changes = json["apis"][0]["changes"].as_array().unwrap();
    assert!(changes.iter().any(|c| c["kind"] == "enum_value_added"
        && c["item"] == "type"
        && c["name"] == "Color"
        && c["member"] == "BLUE"
        && c["breaking"] == false));
    let _ = std::fs::remove_dir_all(&root);
}

fn cli(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mdx-codegen"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_exit_codes() {
    let root = temp_dir("cli");
    let (old, new) = shop(&root);
    let (o, n) = (old.as_os_str(), new.as_os_str());
    let fail = std::ffi::OsStr::new("--fail-on-breaking");

    let (code, out, _) = cli(&["diff".as_ref(), o, n]);
    assert_eq!(
        code, 0,
        "breaking changes only fail with --fail-on-breaking"
    );
    assert!(out.starts_with("API changes: 7 breaking"), "{out}");

    let (code, _, _) = cli(&["diff".as_ref(), o, n, fail]);
    assert_eq!(code, 1);

    let (code, out, _) = cli(&["diff".as_ref(), o, o, fail]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("API changes: 0 breaking, 0 non-breaking"),
        "{out}"
    );

    let (code, out, _) = cli(&["diff".as_ref(), o, n, "--format".as_ref(), "json".as_ref()]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["breaking"], 7);

    let missing = root.join("no-such-docs");
    let (code, _, err) = cli(&["diff".as_ref(), missing.as_os_str(), n]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no-such-docs"), "{err}");
    let _ = std::fs::remove_dir_all(&root);
}

/// The innermost type name of a printed Rust type: `Vec<Option<Owner>>` → `Owner`.
fn innermost(rust: &str) -> &str {
    rust.rsplit(['<', ' ', ','])
        .next()
        .unwrap_or(rust)
        .trim_end_matches('>')
}

/// A docs upgrade renames a type only where the docs did. Between the 2024 and the
/// 2026 v3 docs, every retype to a type of the same shape (the report's "a rename")
/// is judged by the titles of the two types: a changed title is the docs' rename,
/// a title dropped or added is the docs' change too, as is a title that has a second
/// shape in one version only, or a name a title frees or claims; the same title (or
/// none on either side) is a rename made by naming alone, and there is none.
#[test]
fn sailpoint_v3_from_2024_to_2026_renames_only_what_the_docs_renamed() {
    shared_or_return!("the diff of sailpoint v3 from 2024 to 2026");
    let read = ReadOptions::default();
    let old = mdx_codegen::build_ir(&[v3("2024")], &read).unwrap();
    let new = mdx_codegen::build_ir(&[v3("2026")], &read).unwrap();
    let r = compare(&old, &new);
    let title = |apis: &[mdx_codegen::Api], name: &str| -> Option<String> {
        apis[0]
            .types
            .types
            .iter()
            .find(|t| t.rust_name == name)
            .and_then(|t| t.wire_name.clone())
    };
    let (mut docs, mut ours, mut titled) = (Vec::new(), Vec::new(), Vec::<String>::new());
    for (_, c) in r.changes() {
        if !c.message.contains("a rename") {
            continue;
        }
        let (Some(o), Some(n)) = (&c.old, &c.new) else {
            continue;
        };
        let (o, n) = (innermost(o), innermost(n));
        let (ot, nt) = (title(&old, o), title(&new, n));
        let line = format!("{} {}: {o} ({ot:?}) -> {n} ({nt:?})", c.name, c.message);
        // With one title on two shapes, the shape on fewer pages is named by what
        // tells it apart; a version where the title has one shape names it by the
        // title alone. That rename follows the docs too.
        let held = |t: &Option<String>, name: &str| {
            t.as_deref()
                .is_some_and(|t| mdx_codegen::ident::type_name(t) == name)
        };
        // An untitled type takes the name a title of the old version held and the
        // new version dropped (`EntitlementSource`): the docs freed it.
        let freed = ot.is_none() && title(&old, n).is_some() && title(&new, n).is_none();
        // And the other way: a title the new version added claims the name an
        // untitled type had (`Result`), and titles keep their names.
        let claimed = ot.is_none() && title(&old, o).is_none() && title(&new, o).is_some();
        if ot != nt || held(&ot, o) != held(&nt, n) || freed || claimed {
            docs.push(line);
        } else if ot.is_some() {
            titled.push(line);
        } else {
            ours.push(line);
        }
    }
    // A titled type keeps its title's name whatever else changed.
    assert!(
        titled.is_empty(),
        "titled renames:\n  {}",
        titled.join("\n  ")
    );
    eprintln!(
        "2024 -> 2026 v3: {} renames, {} made by the docs (a title changed, dropped or added, a second shape of a title, or a name a title freed or claimed), {} made by naming alone:",
        docs.len() + ours.len(),
        docs.len(),
        ours.len()
    );
    for line in docs.iter().chain(&ours) {
        eprintln!("  {line}");
    }
    // A struct of one owner that its own document form comes to use stays the
    // owner's (`IdentityDocumentManager`); none is renamed by naming alone.
    assert!(
        ours.is_empty(),
        "{} renames made by naming:\n  {}",
        ours.len(),
        ours.join("\n  ")
    );
}
