//! Parameter styles against the OpenAPI 3 style table.

use std::collections::BTreeMap;

use super::runtime::{path_param, Method, Request, Style};

fn object() -> BTreeMap<String, i32> {
    BTreeMap::from([("G".to_owned(), 200), ("R".to_owned(), 100)])
}

#[test]
fn path_styles() {
    let list = vec![3, 4, 5];
    let obj = object();
    let cases: &[(Style, bool, &str, &str, &str)] = &[
        (Style::Simple, false, "5", "3,4,5", "G,200,R,100"),
        (Style::Simple, true, "5", "3,4,5", "G=200,R=100"),
        (Style::Label, false, ".5", ".3,4,5", ".G,200,R,100"),
        (Style::Label, true, ".5", ".3.4.5", ".G=200.R=100"),
        (
            Style::Matrix,
            false,
            ";id=5",
            ";id=3,4,5",
            ";id=G,200,R,100",
        ),
        (
            Style::Matrix,
            true,
            ";id=5",
            ";id=3;id=4;id=5",
            ";G=200;R=100",
        ),
        // Fallbacks: styles of other locations are sent as `simple`.
        (Style::DeepObject, true, "5", "3,4,5", "G=200,R=100"),
        (Style::Form, false, "5", "3,4,5", "G,200,R,100"),
    ];
    for (style, explode, scalar, array, object) in cases {
        assert_eq!(
            path_param("id", &5, *style, *explode),
            *scalar,
            "{style:?} {explode}"
        );
        assert_eq!(
            path_param("id", &list, *style, *explode),
            *array,
            "{style:?} {explode}"
        );
        assert_eq!(
            path_param("id", &obj, *style, *explode),
            *object,
            "{style:?} {explode}"
        );
    }
    assert_eq!(
        path_param("id", &"a/b c", Style::Simple, false),
        "a%2Fb%20c"
    );
}

fn query(style: Style, explode: bool, value: &dyn super::runtime::QueryValue) -> String {
    let mut request = Request::new(Method::GET, "/".into());
    request.query("id", value, style, explode);
    request.query_string().to_owned()
}

#[test]
fn query_styles() {
    let list = vec![3, 4, 5];
    let obj = object();
    let cases: &[(Style, bool, &str, &str, &str)] = &[
        (Style::Form, false, "id=5", "id=3,4,5", "id=G,200,R,100"),
        (Style::Form, true, "id=5", "id=3&id=4&id=5", "G=200&R=100"),
        (
            Style::SpaceDelimited,
            false,
            "id=5",
            "id=3%204%205",
            "id=G%20200%20R%20100",
        ),
        (
            Style::PipeDelimited,
            false,
            "id=5",
            "id=3|4|5",
            "id=G|200|R|100",
        ),
        (
            Style::DeepObject,
            true,
            "id=5",
            "id=3&id=4&id=5",
            "id[G]=200&id[R]=100",
        ),
        // Fallbacks: exploded delimited styles are exploded form.
        (
            Style::PipeDelimited,
            true,
            "id=5",
            "id=3&id=4&id=5",
            "G=200&R=100",
        ),
        (Style::Matrix, true, "id=5", "id=3&id=4&id=5", "G=200&R=100"),
    ];
    for (style, explode, scalar, array, object) in cases {
        assert_eq!(query(*style, *explode, &5), *scalar, "{style:?} {explode}");
        assert_eq!(
            query(*style, *explode, &list),
            *array,
            "{style:?} {explode}"
        );
        assert_eq!(
            query(*style, *explode, &obj),
            *object,
            "{style:?} {explode}"
        );
    }
    assert_eq!(query(Style::Form, true, &Option::<i32>::None), "");
    assert_eq!(query(Style::Form, true, &Vec::<i32>::new()), "");
}

#[test]
fn nested_values_are_json_text() {
    let value = serde_json::json!({"a": {"b": 1}, "c": [1, 2], "d": null, "e": "x y"});
    assert_eq!(
        query(Style::DeepObject, true, &value),
        "id[a]=%7B%22b%22%3A1%7D&id[c]=1%2C2&id[e]=x%20y"
    );
    let list = serde_json::json!([{"k": 1}, 2]);
    assert_eq!(query(Style::Form, false, &list), "id=%7B%22k%22%3A1%7D,2");
}
