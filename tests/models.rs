//! Behaviour of the generated models, built by this package's `build.rs` from `specs/`:
//! JSON goes through the types and comes back exactly as it was.

use mdx_codegen_specs as api;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Parses `json` as `T`, writes it back, and checks nothing changed.
fn round_trip<T: Serialize + DeserializeOwned>(json: Value) -> T {
    let parsed: T = serde_json::from_value(json.clone()).expect("parses");
    let back = serde_json::to_value(&parsed).expect("serializes");
    assert_eq!(back, json, "round trip changed the JSON");
    parsed
}

#[test]
fn absent_and_null_stay_apart() {
    use api::nullability::models::Profile;
    use api::runtime::Nullable;
    let absent: Profile = round_trip(json!({"id": "p1", "manager": null}));
    assert!(absent.phone.is_absent());
    assert_eq!(absent.manager, None);
    let null: Profile =
        round_trip(json!({"id": "p1", "manager": "m", "phone": null, "status": null}));
    assert!(null.phone.is_null());
    assert!(null.status.is_null());
    assert_eq!(null.manager.as_deref(), Some("m"));
    let set: Profile =
        round_trip(json!({"id": "p1", "manager": null, "phone": "+1 555", "extra": null}));
    assert_eq!(set.phone.as_deref(), Some("+1 555"));
    assert_eq!(set.phone, Nullable::from("+1 555".to_string()));
    // An untyped property keeps an explicit null.
    assert_eq!(set.extra, Some(Value::Null));
}

#[test]
fn a_struct_reports_the_first_property_that_does_not_read() {
    use api::all_of::models::Account;
    use api::maps::models::SettingsLabels;
    let error = |json: Value| {
        serde_json::from_value::<Account>(json)
            .unwrap_err()
            .to_string()
    };
    // An optional property that does not read comes before a missing required one:
    // its error is the one given, as the derive's would be.
    assert_eq!(
        error(json!({"id": "a", "name": 7})),
        "field `name`: invalid type: integer `7`, expected a string"
    );
    // Nothing before it fails: the missing property is named.
    assert_eq!(
        error(json!({"id": "a", "name": "n"})),
        "missing field `sourceId`"
    );
    // An error after the last required property still fails the whole value.
    let late = error(json!({"id": "a", "sourceId": "s", "status": 3}));
    assert!(late.starts_with("field `status`: "), "{late}");
    let bad_rest = serde_json::from_value::<SettingsLabels>(json!({"primary": "p", "other": 1}));
    assert!(bad_rest
        .unwrap_err()
        .to_string()
        .starts_with("field `other`: "));
    let first = serde_json::from_value::<SettingsLabels>(json!({"primary": 1, "other": 2}));
    assert!(first
        .unwrap_err()
        .to_string()
        .starts_with("field `primary`: "));
}

#[test]
fn unknown_enum_values_are_kept() {
    use api::enums::models::{CompleteErrorInProgressStatus, Operator, Task};
    assert_eq!(
        CompleteErrorInProgressStatus::from("IN PROGRESS"),
        CompleteErrorInProgressStatus::InProgress
    );
    let task: Task = round_trip(json!({"id": "t", "status": "SOMETHING_NEW", "operator": "*"}));
    assert_eq!(task.operator, Some(Operator::Star));
    assert_eq!(task.status.as_str(), "SOMETHING_NEW");
    assert!(matches!(task.status, api::enums::models::Status::Other(_)));
}

#[test]
fn undeclared_properties_survive() {
    use api::maps::models::Settings;
    let s: Settings = round_trip(json!({
        "labels": {"primary": "a", "secondary": "b"},
        "counters": {"x": 1},
        "brand_new": [1, 2, {"deep": null}]
    }));
    assert_eq!(s.additional_properties["brand_new"][2]["deep"], Value::Null);
    assert_eq!(s.labels.unwrap().additional_properties["secondary"], "b");
}

#[test]
fn tagged_unions_dispatch_on_the_tag() {
    use api::unions::models::{CreateShapeRequest, SourceConfig};
    let circle: CreateShapeRequest = round_trip(json!({"kind": "circle", "radius": 2.5}));
    assert!(matches!(circle, CreateShapeRequest::Circle(_)));
    let rect: CreateShapeRequest =
        round_trip(json!({"kind": "rectangle", "width": 1.5, "height": 2.5}));
    assert!(matches!(rect, CreateShapeRequest::Rectangle(_)));
    let unknown: CreateShapeRequest = round_trip(json!({"kind": "hexagon", "side": 1}));
    assert!(matches!(unknown, CreateShapeRequest::Other(_)));
    let jdbc: SourceConfig = round_trip(json!({"type": "JDBC", "url": "jdbc:x"}));
    assert!(matches!(jdbc, SourceConfig::JdbcConfig(_)));
}

#[test]
fn untagged_unions_pick_the_matching_variant() {
    use api::unions::models::GetValueResponse;
    assert!(matches!(
        round_trip::<GetValueResponse>(json!(42)),
        GetValueResponse::Integer(42)
    ));
    assert!(matches!(
        round_trip::<GetValueResponse>(json!("x")),
        GetValueResponse::String(_)
    ));
    assert!(matches!(
        round_trip::<GetValueResponse>(json!(["a"])),
        GetValueResponse::StringList(_)
    ));
}

/// Members without a `type` are named by what their keywords make them, and by a
/// property a nested `oneOf` requires throughout, never by their position.
#[test]
fn untyped_union_members_are_named_by_their_keywords() {
    use api::unions::models::{GetFilterResponseOperator, GetFilterResponseSpec};
    assert!(matches!(
        round_trip::<GetFilterResponseOperator>(json!("EQ")),
        GetFilterResponseOperator::Enum(_)
    ));
    assert!(matches!(
        round_trip::<GetFilterResponseSpec>(json!({"func": "count", "by": "day"})),
        GetFilterResponseSpec::Union(_)
    ));
    assert!(matches!(
        round_trip::<GetFilterResponseSpec>(
            json!({"func": "average", "by": "day", "property": "size", "averageOf": "hour"})
        ),
        GetFilterResponseSpec::Property(_)
    ));
}

#[test]
fn formats_keep_their_text() {
    use api::formats::models::Record;
    let r: Record = round_trip(json!({
        "id": "2c9180857893f12901789445619b0366",
        "name": "n",
        "created": "2024-03-06T16:17:34.123456Z",
        "birthday": "1990-01-31",
        "total": 9007199254740993_i64,
        "content": "aGVsbG8="
    }));
    // `id` is required but `readOnly`: absent from requests, so optional.
    assert_eq!(
        r.id.as_ref().map(|id| id.as_str()),
        Some("2c9180857893f12901789445619b0366")
    );
    assert_eq!(r.created.unwrap().as_str(), "2024-03-06T16:17:34.123456Z");
}

#[test]
fn recursive_types_nest() {
    use api::cycles::models::{Employee, FilterNode};
    round_trip::<FilterNode>(json!({
        "operator": "AND",
        "children": [{"operator": "EQ", "field": "a", "value": "1"}],
        "negated": {"operator": "NOT", "negated": {"operator": "EQ", "field": "b"}}
    }));
    round_trip::<Employee>(json!({
        "id": "e1",
        "manager": {"id": "m1", "reports": [{"id": "e2", "manager": {"id": "m1"}}]}
    }));
}

#[test]
fn all_of_merges_into_one_struct() {
    use api::all_of::models::Account;
    let a: Account = round_trip(json!({
        "id": "a", "created": "2024-01-01T00:00:00Z", "sourceId": "s", "status": null
    }));
    assert_eq!(a.source_id, "s");
    assert!(a.status.is_null());
}

#[test]
fn titled_all_of_bases_are_types_of_their_own() {
    use api::all_of::models::{Account, Auditable, BaseReferenceDto};
    let a: Account = round_trip(json!({
        "id": "a", "name": "n", "created": "2024-01-01T00:00:00Z", "sourceId": "s"
    }));
    let base = BaseReferenceDto::from(a.clone());
    assert_eq!((base.id.as_str(), base.name.as_deref()), ("a", Some("n")));
    let audit: Auditable = a.into();
    assert_eq!(
        audit.created.as_ref().map(|d| d.as_str()),
        Some("2024-01-01T00:00:00Z")
    );
    // Each base reads the same value on its own.
    round_trip::<BaseReferenceDto>(json!({"id": "a", "name": "n"}));
}

#[test]
fn keyword_fields_keep_their_wire_names() {
    use api::identifiers::models::IdentifierZoo;
    let z: IdentifierZoo = round_trip(json!({"type": "a", "_type": "b", "self": "c", "2fa": true}));
    assert_eq!((z.type_.as_str(), z._type.as_str()), ("a", "b"));
    assert_eq!(z.v2fa, Some(true));
}

#[test]
fn nullable_items_and_map_values_read_null() {
    use api::nullable_positions::models::Holder;
    let h: Holder = round_trip(json!({
        "tags": ["a", null],
        "scores": [1.5, null],
        "configuration": {"k": null, "j": "v"},
        "criteria": [null, {"key": "x"}]
    }));
    assert_eq!(h.tags, Some(vec![Some("a".to_string()), None]));
    assert_eq!(h.configuration.unwrap()["k"], None);
    assert!(h.criteria.unwrap()[0].is_none());
}

#[test]
fn all_of_with_a_union_is_a_union_of_merged_structs() {
    use api::all_of_unions::models::{Contact, Pet};
    let cat: Pet = round_trip(json!({"id": "p1", "name": "Tom", "petType": "cat", "indoor": true}));
    match cat {
        Pet::Cat(c) => {
            assert_eq!(c.id, "p1");
            assert_eq!(c.indoor, Some(true));
        }
        other => panic!("{other:?}"),
    }
    let dog: Pet = round_trip(json!({"id": "p2", "petType": "dog", "barks": false}));
    assert!(matches!(dog, Pet::Dog(d) if d.barks == Some(false)));
    let phone: Contact = round_trip(json!({"label": "home", "phone": "+1 555"}));
    assert!(matches!(phone, Contact::Phone(p) if p.phone == "+1 555"));
}

#[test]
fn constructors_fill_what_is_required() {
    use api::all_of_unions::models::{CatPetType, PetCat};
    let cat = PetCat::new("p1".into(), CatPetType::Cat);
    assert_eq!(
        serde_json::to_value(&cat).unwrap(),
        json!({"id": "p1", "petType": "cat"})
    );
}

#[test]
fn json_patch_helpers_write_the_operation() {
    use api::http::models::JsonPatchOperation;
    let ops = vec![
        JsonPatchOperation::replace("/name", json!("new")),
        JsonPatchOperation::add("/tags/-", json!("x")),
        JsonPatchOperation::remove("/description"),
    ];
    assert_eq!(
        serde_json::to_value(&ops).unwrap(),
        json!([
            {"op": "replace", "path": "/name", "value": "new"},
            {"op": "add", "path": "/tags/-", "value": "x"},
            {"op": "remove", "path": "/description"}
        ])
    );
}

#[test]
fn unions_convert_from_their_variants() {
    use api::nullable_positions::models::HolderChoice;
    assert_eq!(HolderChoice::from(7), HolderChoice::Integer(7));
}
