//! Bodies, responses and errors, without a server.

use super::runtime::{
    ApiError, Error, HeaderMap, Method, Request, Response, StatusCode, TransportError,
};

#[derive(serde::Serialize)]
struct Form {
    name: &'static str,
    tags: Vec<&'static str>,
    nested: serde_json::Value,
    none: Option<i32>,
}

#[test]
fn form_bodies_flatten_what_a_form_cannot_hold() {
    let mut request = Request::new(Method::POST, "/f".into());
    request.form(&Form {
        name: "a b",
        tags: vec!["x", "y"],
        nested: serde_json::json!({"k": [1]}),
        none: None,
    });
    assert!(format!("{request:?}").contains("application/x-www-form-urlencoded"));
    assert!(request.options().headers().is_empty());
    let mut bad = Request::new(Method::POST, "/f".into());
    bad.form(&[1, 2]);
    assert!(format!("{bad:?}").contains("must be an object"));
}

#[test]
fn responses_deref_to_their_body() {
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", "7".parse().unwrap());
    let mut response = Response::new(StatusCode::OK, headers, vec![1, 2]);
    assert_eq!(response.len(), 2);
    response.push(3);
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.total_count(), Some(7));
    assert_eq!(response.headers()["x-total-count"], "7");
    let (status, _, body) = response.clone().into_parts();
    assert_eq!((status, body), (StatusCode::OK, vec![1, 2, 3]));
    assert_eq!(response.into_inner(), vec![1, 2, 3]);
}

fn api_error(status: u16) -> Error<()> {
    Error::Api(Box::new(ApiError {
        status: StatusCode::from_u16(status).unwrap(),
        headers: HeaderMap::new(),
        body: bytes::Bytes::from_static(b"{}"),
        parsed: None,
        parse_error: None,
    }))
}

#[test]
fn status_helpers_cover_undocumented_statuses() {
    let cases = [
        (404, [true, false, true, false]),
        (429, [false, true, true, false]),
        (451, [false, false, true, false]),
        (500, [false, false, false, true]),
        (599, [false, false, false, true]),
    ];
    for (status, [not_found, limited, client, server]) in cases {
        let e = api_error(status);
        assert_eq!(
            [
                e.is_not_found(),
                e.is_rate_limited(),
                e.is_client_error(),
                e.is_server_error()
            ],
            [not_found, limited, client, server],
            "{status}"
        );
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
    }
    assert!(api_error(403).is_unauthorized());
    let timeout: Error<()> = TransportError::Timeout.into();
    assert!(timeout.is_timeout() && !timeout.is_server_error() && timeout.status().is_none());
}
