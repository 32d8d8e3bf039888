//! The smoke emitter: how it chooses argument values and bodies, and what it emits.

mod common;

use mdx_codegen::emit::{EmitOptions, Layout};
use mdx_codegen::mdx::ReadOptions;
use mdx_codegen::smoke::values::{self, Source};
use mdx_codegen::tools::schema;
use serde_json::json;

#[test]
fn a_parameter_example_that_fits_is_used() {
    let p = json!({"in": "path", "name": "id", "required": true, "example": "2c9180835d2e5168015d32f890ca1581",
        "schema": {"type": "string", "example": "other"}});
    let c = values::required_param(&p);
    assert_eq!(c.value, json!("2c9180835d2e5168015d32f890ca1581"));
    assert_eq!(c.source, Source::Example);
    assert!(c.skipped.is_empty());
}

#[test]
fn an_example_that_breaks_the_format_gives_way_to_the_next_candidate() {
    // SailPoint ids have no hyphens, but a validating server wants `format: uuid` ones.
    let p = json!({"in": "path", "name": "id", "required": true, "example": "ef38f94347e94562b5bb8424a56397d8",
        "schema": {"type": "string", "format": "uuid", "example": "2b838de9-db9b-abcf-e646-d4f274ad4238"}});
    let c = values::required_param(&p);
    assert_eq!(c.value, json!("2b838de9-db9b-abcf-e646-d4f274ad4238"));
    assert_eq!(c.source, Source::SchemaExample);
    assert_eq!(c.skipped.len(), 1);
    assert_eq!(c.skipped[0].0, Source::Example);
    assert!(c.skipped[0].1.contains("uuid"), "{}", c.skipped[0].1);

    // With no other candidate, a value is made from the format.
    let p = json!({"in": "path", "name": "id", "required": true, "example": "ef38f94347e94562b5bb8424a56397d8",
        "schema": {"type": "string", "format": "uuid"}});
    let c = values::required_param(&p);
    assert_eq!(c.source, Source::Synthesized);
    assert!(schema::fits(&p["schema"], &c.value).is_ok(), "{}", c.value);
}

#[test]
fn enums_defaults_and_bounds_are_respected() {
    let p = json!({"in": "query", "name": "fileFormat", "required": true, "example": "xlsx",
        "schema": {"type": "string", "enum": ["csv", "pdf"]}});
    let c = values::required_param(&p);
    assert_eq!((c.value, c.source), (json!("csv"), Source::Enum));

    let p = json!({"in": "query", "name": "limit", "required": true,
        "schema": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 250, "default": 250}});
    let c = values::required_param(&p);
    assert_eq!((c.value, c.source), (json!(250), Source::Default));

    let p = json!({"in": "query", "name": "offset", "required": true,
        "schema": {"type": "integer", "minimum": 5}});
    assert_eq!(values::required_param(&p).value, json!(5));

    // No schema: a string, as the generator types it.
    let p = json!({"in": "path", "name": "id", "required": true});
    assert!(values::required_param(&p).value.is_string());
}

#[test]
fn optional_parameters_are_set_only_from_a_fitting_example() {
    let with = json!({"in": "query", "name": "limit", "example": 50,
        "schema": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 250}});
    let (c, skipped) = values::optional_param(&with);
    assert_eq!(c.map(|c| c.value), Some(json!(50)));
    assert!(skipped.is_empty());

    let without =
        json!({"in": "query", "name": "count", "schema": {"type": "boolean", "default": false}});
    assert_eq!(values::optional_param(&without).0, None);

    let wrong = json!({"in": "query", "name": "limit", "example": 500,
        "schema": {"type": "integer", "maximum": 250}});
    let (c, skipped) = values::optional_param(&wrong);
    assert_eq!(c, None);
    assert_eq!(skipped.len(), 1);
}

#[test]
fn request_bodies_come_from_the_first_example_that_fits() {
    let schema = json!({"type": "object", "required": ["name"], "properties": {
        "id": {"type": "string", "readOnly": true},
        "name": {"type": "string"}}});
    let op = json!({"jsonRequestBodyExample": {"id": "x", "name": "generated"}});
    // The media type's example misses a required property: the plugin's one is used.
    let media = json!({"schema": schema, "examples": {"bad": {"value": {"id": "x"}}}});
    let c = values::request_body(&op, "application/json", &media).unwrap();
    assert_eq!(c.source, Source::GeneratedExample);
    assert_eq!(c.value["name"], "generated");
    assert_eq!(c.skipped.len(), 1);
    assert_eq!(c.skipped[0].0, Source::NamedExample("bad".into()));

    // A fitting media example wins over `jsonRequestBodyExample`.
    let media = json!({"schema": schema, "example": {"name": "mine"}});
    let c = values::request_body(&op, "application/json", &media).unwrap();
    assert_eq!(
        (c.value, c.source),
        (json!({"name": "mine"}), Source::Example)
    );

    // No example at all: the required properties, not the read-only ones.
    let c =
        values::request_body(&json!({}), "application/json", &json!({"schema": schema})).unwrap();
    assert_eq!(c.source, Source::Synthesized);
    assert_eq!(c.value, json!({"name": "smoke"}));
}

#[test]
fn the_program_calls_every_operation_through_the_builder() {
    let docs = vec![common::workspace().join("specs/fixtures/http")];
    let opts = EmitOptions {
        crate_name: "smoke-fixture".into(),
        command: "mdx-codegen smoke specs/fixtures/http --out x".into(),
        layout: Layout::Crate,
    };
    let (files, counts) =
        mdx_codegen::smoke::generate(&docs, &ReadOptions::default(), &opts).unwrap();
    let program = &files.files[std::path::Path::new(mdx_codegen::smoke::PROGRAM_FILE)];
    let api = mdx_codegen::build_ir(&docs, &ReadOptions::default()).unwrap();
    let http = api[0].operations.iter().filter(|o| o.is_http).count();
    assert_eq!(counts.operations, http);
    assert_eq!(
        program.matches("route: \"").count(),
        http,
        "one entry per operation"
    );
    // A required path parameter is an argument, built from its JSON.
    assert!(
        program.contains("let v_id: ::std::string::String = arg!("),
        "{program}"
    );
    assert!(program.contains(".get_widget(v_id)"), "{program}");
    // A multipart file part is a `runtime::File`.
    assert!(program.contains("runtime::File::new(\n"), "{program}");
    assert!(program.contains("\"image.txt\","), "{program}");
    let toml = &files.files[std::path::Path::new("Cargo.toml")];
    assert!(toml.contains("[dev-dependencies]"), "{toml}");
}

#[test]
fn times_and_days_out_of_range_are_invalid() {
    let dt = json!({"type": "string", "format": "date-time"});
    assert!(schema::fits(&dt, &json!("2023-09-07T12:14:05.122Z")).is_ok());
    // The docs' example: hour 42.
    assert!(schema::fits(&dt, &json!("2023-09-07T42:14:05.122Z")).is_err());
    assert!(schema::fits(&dt, &json!("2023-09-07T12:60:05Z")).is_err());
    assert!(schema::fits(&dt, &json!("2023-09-07T12:14:05+24:00")).is_err());
    let date = json!({"type": "string", "format": "date"});
    assert!(schema::fits(&date, &json!("2024-02-29")).is_ok());
    assert!(schema::fits(&date, &json!("2023-02-29")).is_err());
    assert!(schema::fits(&date, &json!("2023-04-31")).is_err());
}

#[test]
fn union_members_left_as_stubs_are_read_from_the_discriminator_mapping() {
    let a = json!({"title": "A", "type": "object", "required": ["kind", "a"],
        "properties": {"kind": {"type": "string", "enum": ["a"]}, "a": {"type": "integer"}}});
    let b = json!({"title": "B", "type": "object", "required": ["kind", "b"],
        "properties": {"kind": {"type": "string", "enum": ["b"]}, "b": {"type": "string"}}});
    let union = json!({
        "discriminator": {"propertyName": "kind", "mapping": {"a": a, "b": b}},
        "oneOf": [{"title": "A", "description": "stub"}, {"title": "B"}],
    });
    assert!(schema::fits(&union, &json!({"kind": "a", "a": 1})).is_ok());
    assert!(schema::fits(&union, &json!({"kind": "b", "b": "x"})).is_ok());
    let wrong = schema::fits(&union, &json!({"kind": "a", "a": "x"})).unwrap_err();
    assert!(wrong.contains("oneOf"), "{wrong}");
    let made = schema::synthesize(&union);
    assert_eq!(schema::fits(&union, &made), Ok(()), "{made}");
    // Members that overlap are told apart by the tag, as the discriminator says.
    let doc = |title: &str| {
        json!({"title": title, "type": "object", "required": ["kind"],
            "properties": {"kind": {"type": "string", "enum": ["a", "b", "c"]}}})
    };
    let overlapping = json!({
        "discriminator": {"propertyName": "kind", "mapping": {"a": doc("A"), "b": doc("B"), "c": doc("B")}},
        "oneOf": [doc("A"), doc("B")],
    });
    assert!(schema::fits(&overlapping, &json!({"kind": "a"})).is_ok());
    assert!(schema::fits(&overlapping, &json!({"kind": "c"})).is_ok());
    assert!(schema::fits(&overlapping, &json!({})).is_err());
    let made = schema::sample(&overlapping);
    assert_eq!(schema::fits(&overlapping, &made), Ok(()), "{made}");
    // Without a mapping, stubs stay stubs: any object matches both.
    let bare = json!({"oneOf": [{"title": "A"}, {"title": "B"}]});
    assert!(schema::fits(&bare, &json!({})).is_err());
}

#[test]
fn required_properties_are_made_where_they_are_declared() {
    // Required at the top, declared (and `readOnly`) in an `allOf` member: left out of
    // a request value, which a validating server accepts without them.
    let s = json!({"type": "object", "required": ["id", "name", "extra"],
        "allOf": [{"type": "object", "properties": {
            "id": {"type": "string", "readOnly": true},
            "name": {"type": "object", "required": ["x"], "properties": {"x": {"type": "integer"}}}}}]});
    let v = schema::synthesize(&s);
    assert_eq!(v["name"], json!({"x": 1}), "{v}");
    assert!(v.get("id").is_none(), "{v}");
    // A required property declared nowhere still gets a value.
    assert_eq!(v["extra"], json!("smoke"), "{v}");
    assert_eq!(schema::fits(&s, &v), Ok(()), "{v}");
}

#[test]
fn a_sample_has_every_declared_property_and_fits() {
    let s = json!({"type": "object", "required": ["requestId"], "properties": {
        "id": {"type": "string", "readOnly": true, "example": "x1"},
        "when": {"type": "string", "format": "date-time"},
        "value": {"oneOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "integer"}], "example": 0.92},
        "tags": {"type": "array", "items": {"type": "string", "enum": ["A", "B"]}}}});
    let v = schema::sample(&s);
    assert_eq!(
        v,
        json!({"requestId": "smoke", "id": "x1", "when": "2024-01-01T00:00:00Z", "value": 0.92, "tags": ["A"]})
    );
    assert_eq!(schema::fits(&s, &v), Ok(()));
    // `synthesize` keeps to the required properties.
    assert_eq!(schema::synthesize(&s), json!({"requestId": "smoke"}));
}

#[test]
fn the_mock_document_restores_stub_members_and_fills_missing_examples() {
    let dir = std::env::temp_dir().join(format!("mdx-codegen-smoke-doc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let doc = |title: &str, tag: &str| {
        json!({"title": title, "type": "object", "required": ["kind"],
            "properties": {"kind": {"type": "string", "enum": [tag]}}})
    };
    let api = json!({
        "method": "get", "path": "/things", "operationId": "listThings",
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "array", "items": {
                    "discriminator": {"propertyName": "kind",
                        "mapping": {"a": doc("A", "a"), "b": doc("B", "b")}},
                    "oneOf": [{"title": "A"}, {"title": "B"}]}}}}},
            "202": {"description": "later", "content": {"application/json": {
                "schema": {"type": "object", "required": ["requestId"],
                    "properties": {"at": {"type": "string", "format": "date-time"}}},
                "example": {"at": "2023-09-07T42:14:05.122Z"}}}},
        },
    });
    let page = format!("---\nid: list-things\napi: {api}\n---\n");
    std::fs::write(dir.join("list-things.api.mdx"), page).unwrap();
    let apis = mdx_codegen::load::load(std::slice::from_ref(&dir), &ReadOptions::default());
    std::fs::remove_dir_all(&dir).unwrap();
    let apis = apis.unwrap();
    let options = mdx_codegen::openapi::Options {
        drop_invalid_examples: true,
        fill_examples: true,
    };
    let (doc, report) = mdx_codegen::openapi::document_with(&apis[0], &options).unwrap();
    // The union's members are the mapping's schemas again, as components.
    let a = &doc["components"]["schemas"]["A"];
    assert_eq!(a["required"], json!(["kind"]), "{doc:#}");
    let responses = &doc["paths"]["/things"]["get"]["responses"];
    let items = &responses["200"]["content"]["application/json"]["schema"]["items"];
    let pinned = |name: &str, tag: &str| {
        json!({"allOf": [{"$ref": format!("#/components/schemas/{name}")},
            {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": [tag]}}}]})
    };
    assert_eq!(items["oneOf"], json!([pinned("A", "a"), pinned("B", "b")]));
    // No example: one made from the schema, which fits it.
    assert_eq!(
        responses["200"]["content"]["application/json"]["example"],
        json!([{"kind": "a"}])
    );
    // An invalid example (hour 42, `requestId` missing) is dropped and replaced.
    assert_eq!(report.dropped.len(), 1, "{report:?}");
    assert_eq!(
        responses["202"]["content"]["application/json"]["example"],
        json!({"requestId": "smoke", "at": "2024-01-01T00:00:00Z"})
    );
    assert_eq!(report.filled.len(), 2, "{report:?}");
    assert!(report.not_filled.is_empty(), "{report:?}");
}

#[test]
fn a_one_of_whose_members_differ_only_in_annotations_is_served_as_any_of() {
    let dir = std::env::temp_dir().join(format!("mdx-codegen-smoke-twins-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let titled = |title: &str, prop: &str| {
        json!({"title": title, "description": format!("The {title}."), "type": "object",
            "properties": {prop: {"type": "string", "description": title}}})
    };
    let body = |members: Vec<serde_json::Value>| {
        json!({"description": "ok", "content": {"application/json": {"schema": {
            "type": "array", "items": {"oneOf": members}}}}})
    };
    let api = json!({
        "method": "get", "path": "/items", "operationId": "listItems",
        "responses": {
            // Told apart by nothing but their titles and descriptions.
            "200": body(vec![titled("Account", "title"), titled("Role", "title")]),
            // A property named `title` is a difference, not an annotation.
            "201": body(vec![titled("Entitlement", "title"), titled("Group", "name")]),
        },
    });
    let page = format!("---\nid: list-items\napi: {api}\n---\n");
    std::fs::write(dir.join("list-items.api.mdx"), page).unwrap();
    let apis = mdx_codegen::load::load(std::slice::from_ref(&dir), &ReadOptions::default());
    std::fs::remove_dir_all(&dir).unwrap();
    let doc = mdx_codegen::openapi::document(&apis.unwrap()[0]).unwrap();
    let items = |status: &str| {
        doc["paths"]["/items"]["get"]["responses"][status]["content"]["application/json"]["schema"]
            ["items"]
            .clone()
    };
    let twins = items("200");
    assert!(twins.get("oneOf").is_none(), "{twins:#}");
    assert_eq!(
        twins["anyOf"].as_array().map(Vec::len),
        Some(2),
        "{twins:#}"
    );
    let distinct = items("201");
    assert!(distinct.get("anyOf").is_none(), "{distinct:#}");
    assert_eq!(
        distinct["oneOf"].as_array().map(Vec::len),
        Some(2),
        "{distinct:#}"
    );
}
