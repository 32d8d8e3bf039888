//! Validation by the `jsonschema` crate, each distinct validator built once.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::Value;

use super::{convert, Reading};

/// The verdict of the schema check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The value satisfies its schema.
    Valid,
    /// The value violates its schema: the first error, with its instance path.
    Invalid(String),
}

/// The longest message of a [`Verdict::Invalid`], in characters.
const MAX_MESSAGE: usize = 200;

/// A converted schema, and whether its formats are asserted.
type SchemaKey = (String, bool);

/// Checks values against schemas, building each distinct validator once.
#[derive(Default)]
pub struct Checker {
    validators: HashMap<SchemaKey, Result<jsonschema::Validator, String>>,
    verdicts: HashMap<(SchemaKey, String), Verdict>,
}

impl Checker {
    /// A checker with no validators yet.
    pub fn new() -> Checker {
        Checker::default()
    }

    /// Checks `value` against the OpenAPI `schema` read as `reading`.
    pub fn check(&mut self, schema: &Value, reading: Reading, value: &Value) -> Verdict {
        let converted = convert(schema, reading);
        let formats = reading.checks_formats();
        let key = ((converted.to_string(), formats), value.to_string());
        if let Some(v) = self.verdicts.get(&key) {
            return v.clone();
        }
        let validator = self
            .validators
            .entry(key.0.clone())
            .or_insert_with(|| build(&converted, formats));
        let verdict = match validator {
            Ok(v) => match v.iter_errors(value).next() {
                None => Verdict::Valid,
                Some(e) => {
                    let at = e.instance_path().to_string();
                    let at = if at.is_empty() { "(root)".into() } else { at };
                    // A long value hides what is wrong with it: the message then says
                    // "value" in its place.
                    let text = e.to_string();
                    let text = if text.chars().count() > MAX_MESSAGE {
                        e.masked().to_string()
                    } else {
                        text
                    };
                    Verdict::Invalid(format!("{at}: {}", shorten(&text, MAX_MESSAGE)))
                }
            },
            Err(e) => Verdict::Invalid(format!("the schema cannot be checked: {e}")),
        };
        self.verdicts.insert(key, verdict.clone());
        verdict
    }
}

thread_local! {
    /// The checker behind [`fits`]: the smoke values and the served document check
    /// the same schemas over and over.
    static SERVER: RefCell<Checker> = RefCell::new(Checker::new());
}

/// Whether `value` fits the OpenAPI `schema` as a validating server reads it
/// ([`Reading::Server`]); the error names the failing place with a JSON pointer.
pub fn fits(schema: &Value, value: &Value) -> Result<(), String> {
    SERVER.with(
        |checker| match checker.borrow_mut().check(schema, Reading::Server, value) {
            Verdict::Valid => Ok(()),
            Verdict::Invalid(why) => Err(why),
        },
    )
}

fn build(schema: &Value, formats: bool) -> Result<jsonschema::Validator, String> {
    let options = || {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(formats)
    };
    match options().build(schema) {
        Ok(v) => Ok(v),
        // A `pattern` this engine cannot compile (they are ECMA-262 regexes): check
        // everything else rather than nothing.
        Err(first) => {
            let mut relaxed = schema.clone();
            strip_patterns(&mut relaxed);
            options().build(&relaxed).map_err(|_| first.to_string())
        }
    }
}

fn strip_patterns(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("pattern").is_some_and(Value::is_string) {
                o.remove("pattern");
            }
            o.values_mut().for_each(strip_patterns);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_patterns),
        _ => {}
    }
}

/// `text` cut to about `max` characters, on a character boundary.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::schema::Direction;
    use serde_json::json;

    fn verdict(schema: Value, direction: Direction, example: Value) -> Verdict {
        Checker::new().check(&schema, Reading::JsonSchema(direction), &example)
    }

    #[test]
    fn nullable_allows_null() {
        let s = json!({"type": "string", "nullable": true, "enum": ["A"]});
        assert_eq!(
            verdict(s.clone(), Direction::Response, json!(null)),
            Verdict::Valid
        );
        assert_eq!(verdict(s, Direction::Response, json!("A")), Verdict::Valid);
        let s = json!({"type": "string"});
        assert!(matches!(
            verdict(s, Direction::Response, json!(null)),
            Verdict::Invalid(_)
        ));
    }

    #[test]
    fn circular_markers_and_bad_types_accept() {
        let s = json!({"type": "object", "properties": {"a": "circular(X)", "n": {"type": "int"}}});
        assert_eq!(
            verdict(s.clone(), Direction::Response, json!({"a": [1], "n": 2})),
            Verdict::Valid
        );
        assert!(matches!(
            verdict(s, Direction::Response, json!({"n": 2.5})),
            Verdict::Invalid(_)
        ));
    }

    #[test]
    fn read_only_is_optional_in_requests() {
        let own = json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "readOnly": true}}});
        // Declared in an `allOf` member, as the generator reads it.
        let member = json!({"type": "object", "required": ["id"],
            "allOf": [{"properties": {"id": {"type": "string", "readOnly": true}}}]});
        for s in [own, member] {
            assert_eq!(
                verdict(s.clone(), Direction::Request, json!({})),
                Verdict::Valid,
                "{s}"
            );
            assert!(matches!(
                verdict(s, Direction::Response, json!({})),
                Verdict::Invalid(_)
            ));
        }
    }

    #[test]
    fn openapi_30_exclusive_bounds() {
        let s = json!({"type": "number", "minimum": 0, "exclusiveMinimum": true});
        assert!(matches!(
            verdict(s.clone(), Direction::Response, json!(0)),
            Verdict::Invalid(_)
        ));
        assert_eq!(verdict(s, Direction::Response, json!(0.5)), Verdict::Valid);
    }

    #[test]
    fn discriminator_mapping_picks_the_schema() {
        let s = json!({
            "oneOf": [{"title": "A"}, {"title": "B"}],
            "discriminator": {"propertyName": "kind", "mapping": {
                "a": {"type": "object", "properties": {"n": {"type": "string"}}},
                "b": {"type": "object", "properties": {"n": {"type": "integer"}}}
            }}
        });
        assert_eq!(
            verdict(
                s.clone(),
                Direction::Response,
                json!({"kind": "a", "n": "x"})
            ),
            Verdict::Valid
        );
        assert!(matches!(
            verdict(s, Direction::Response, json!({"kind": "b", "n": "x"})),
            Verdict::Invalid(_)
        ));
    }

    #[test]
    fn swagger_2_required_flag_is_ignored() {
        let s =
            json!({"type": "object", "properties": {"a": {"type": "string", "required": true}}});
        assert_eq!(verdict(s, Direction::Response, json!({})), Verdict::Valid);
    }

    /// Whether `text` fits a string schema of `format` as a validating server reads it.
    fn format_fits(format: &str, text: &str) -> bool {
        fits(&json!({"type": "string", "format": format}), &json!(text)).is_ok()
    }

    #[test]
    fn formats_are_checked_as_a_validating_server_does() {
        assert!(format_fits("uuid", "2b838de9-db9b-abcf-e646-d4f274ad4238"));
        assert!(!format_fits("uuid", "2c9180835d2e5168015d32f890ca1581"));
        assert!(format_fits("date-time", "2020-12-25T06:00:00.468Z"));
        assert!(format_fits("date-time", "2020-12-25T06:00:00+01:00"));
        assert!(!format_fits("date-time", "2020-12-25"));
        assert!(!format_fits("date-time", "2023-09-07T42:14:05.122Z"));
        assert!(!format_fits("date-time", "2023-09-07T12:61:05Z"));
        assert!(!format_fits("date-time", "2023-02-29T12:00:00Z"));
        assert!(format_fits("date-time", "2024-02-29T23:59:60Z"));
        assert!(format_fits("date", "2020-12-25"));
        assert!(format_fits("email", "smoke@example.com"));
        assert!(!format_fits("email", "not an email"));
        assert!(format_fits("uri", "https://example.com/smoke"));
        assert!(!format_fits("uri", "example.com/smoke"));
    }

    #[test]
    fn formats_are_annotations_in_the_json_schema_reading() {
        let uuid = json!({"type": "string", "format": "uuid"});
        let id = json!("2c9180835d2e5168015d32f890ca1581");
        assert_eq!(
            verdict(uuid.clone(), Direction::Request, id.clone()),
            Verdict::Valid
        );
        assert!(fits(&uuid, &id).is_err());
        // Formats a validating server does not check stay annotations; `url` is `uri`.
        assert!(format_fits("hostname", "a b"));
        assert!(!format_fits("url", "not a url"));
    }

    #[test]
    fn int32_bounds_and_null_in_an_enum() {
        let int = json!({"type": "integer", "format": "int32"});
        assert!(fits(&int, &json!(2_147_483_647)).is_ok());
        assert!(fits(&int, &json!(2_147_483_648_i64)).is_err());
        let listed = json!({"type": "string", "enum": ["A", null]});
        assert!(fits(&listed, &json!(null)).is_ok());
        assert!(fits(&listed, &json!("B")).is_err());
    }
}
