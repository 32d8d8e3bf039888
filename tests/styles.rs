//! The generated client of `specs/fixtures/styles` against a local mock server:
//! every parameter style on the wire, typed form bodies, operations without a
//! response body, per-call options, and error status helpers.

use std::time::{Duration, Instant};

use mdx_codegen_specs::{runtime, styles};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> styles::Client {
    // No security in the docs: no credentials, and no host to confirm.
    styles::Client::builder()
        .base_url(server.uri())
        .retry(runtime::RetryPolicy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

fn color(r: i64, g: i64) -> styles::models::Color {
    styles::models::Color {
        r: Some(r),
        g: Some(g),
        ..Default::default()
    }
}

#[tokio::test]
async fn every_style_reaches_the_wire_as_the_table_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t1"})))
        .mount(&server)
        .await;
    let client = client(&server);
    let thing = client
        .styles_2()
        .get_thing(vec![1, 2], color(1, 2), color(3, 4))
        .tags(vec!["a".into(), "b c".into()])
        .where_(color(5, 6))
        .shade(color(7, 8))
        .x_ids(vec![9, 10])
        .prefs(color(11, 12))
        .send()
        .await
        .expect("answered");
    // `Response` derefs to the body.
    assert_eq!(thing.id.as_deref(), Some("t1"));
    assert_eq!(thing.status(), 200);

    let seen = &server.received_requests().await.expect("recorded")[0];
    // simple (not exploded), label (exploded), matrix (exploded).
    // An object's properties go in name order.
    assert_eq!(seen.url.path(), "/things/1,2/.g=2.r=1;g=4;r=3");
    assert_eq!(
        seen.url.query(),
        Some("tags=a|b%20c&where[g]=6&where[r]=5&shade=g,8,r,7")
    );
    assert_eq!(seen.headers["x-ids"], "9,10");
    assert_eq!(seen.headers["cookie"], "prefs=g,12,r,11");
}

#[tokio::test]
async fn a_lone_default_error_is_typed_for_any_status() {
    let server = MockServer::start().await;
    for (status, route) in [(404, "/things/1/.r=1;r=1"), (418, "/things/2/.r=1;r=1")] {
        Mock::given(path(route))
            .respond_with(ResponseTemplate::new(status).set_body_json(json!({"message": "nope"})))
            .mount(&server)
            .await;
    }
    Mock::given(path("/things/3/.r=1;r=1"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    let client = client(&server);
    let one = |id: i64| {
        let only_r = styles::models::Color {
            r: Some(1),
            ..Default::default()
        };
        client
            .styles_2()
            .get_thing(vec![id], only_r.clone(), only_r)
            .send()
    };

    let error = one(1).await.expect_err("404");
    assert!(error.is_not_found() && error.is_client_error() && !error.is_server_error());
    assert!(matches!(
        error.parsed(),
        Some(styles::styles_2::GetThingError::Other(p)) if p.message.as_deref() == Some("nope")
    ));

    // 418 is in no table of the docs: still a client error, still the default body.
    let error = one(2).await.expect_err("418");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(418));
    assert!(error.is_client_error() && !error.is_not_found() && !error.is_rate_limited());
    assert!(error.parsed().is_some());

    let error = one(3).await.expect_err("502");
    assert!(error.is_server_error() && !error.is_client_error());
    assert!(error.parsed().is_none(), "HTML is not the documented body");
    assert_eq!(error.body(), Some(&b"<html>bad gateway</html>"[..]));
}

#[tokio::test]
async fn typed_form_bodies_are_url_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/forms"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = styles::models::FormInput {
        name: "a b&c".into(),
        tags: Some(vec!["x".into(), "y".into()]),
        meta: Some(color(1, 2)),
        count: Some(3),
        ..Default::default()
    };
    let done = client(&server)
        .styles_2()
        .submit_form(body)
        .send()
        .await
        .expect("accepted");
    assert_eq!(done.status(), 204);
    let seen = &server.received_requests().await.expect("recorded")[0];
    // In name order; lists repeat their key; a nested object is its JSON text.
    assert_eq!(
        String::from_utf8_lossy(&seen.body),
        "count=3&meta=%7B%22g%22%3A2%2C%22r%22%3A1%7D&name=a+b%26c&tags=x&tags=y"
    );
}

#[tokio::test]
async fn per_call_options_apply_to_that_call_only() {
    let server = MockServer::start().await;
    Mock::given(path("/ping"))
        .and(header("x-extra", "1"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(600)))
        .mount(&server)
        .await;
    Mock::given(path("/ping"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(path("/ping"))
        .respond_with(ResponseTemplate::new(200).set_body_string("pong"))
        .mount(&server)
        .await;
    let client = client(&server);

    // The extra header picks the slow answer; this call's timeout is short.
    let started = Instant::now();
    let error = client
        .styles_2()
        .ping()
        .with_header("x-extra", "1")
        .with_timeout(Duration::from_millis(100))
        .send()
        .await
        .expect_err("times out");
    assert!(error.is_timeout(), "{error}");
    assert!(started.elapsed() < Duration::from_millis(550));

    // The client does not retry; this call does.
    let error = client.styles_2().ping().send().await.expect_err("503");
    assert!(error.is_server_error());
    let pong = client
        .styles_2()
        .ping()
        .with_retry(runtime::RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
            ..runtime::RetryPolicy::default()
        })
        .send()
        .await
        .expect("retried to success");
    // No documented body: the bytes as sent.
    assert_eq!(&pong[..], b"pong");

    // An invalid extra header fails the call before anything is sent.
    let before = server.received_requests().await.expect("recorded").len();
    let error = client
        .styles_2()
        .ping()
        .with_header("bad header", "1")
        .send()
        .await
        .expect_err("invalid");
    assert!(error.to_string().contains("bad header"), "{error}");
    assert_eq!(
        server.received_requests().await.expect("recorded").len(),
        before
    );
}
