//! The generated client against a local mock server: requests carry what the docs
//! describe, and responses come back typed.

use futures_util::StreamExt;
use mdx_codegen_specs::{http, runtime};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn client(server: &MockServer) -> http::Client {
    http::Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .retry(runtime::RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn widget(i: usize) -> serde_json::Value {
    json!({"id": format!("w{i}"), "name": format!("widget {i}")})
}

#[tokio::test]
async fn get_sends_path_auth_and_parses_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/widgets/a%2Fb%20c"))
        .and(header("authorization", "Bearer test-token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "a/b c", "name": "n", "extra": 1})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let w = client
        .widgets()
        .get_widget("a/b c")
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(w.id, "a/b c");
    assert_eq!(w.additional_properties["extra"], 1);
}

#[tokio::test]
async fn documented_errors_are_typed_and_keep_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-trace", "t1")
                .set_body_json(json!({"detailCode": "404 Not found", "trackingId": "abc"})),
        )
        .mount(&server)
        .await;
    let client = client(&server).await;
    let err = client.widgets().get_widget("x").send().await.unwrap_err();
    let runtime::Error::Api(api) = err else {
        panic!("expected an API error, got {err}")
    };
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.headers["x-trace"], "t1");
    let Some(http::widgets::GetWidgetError::NotFound(body)) = &api.parsed else {
        panic!("expected a parsed 404 body, got {:?}", api.parsed)
    };
    assert_eq!(body.tracking_id.as_deref(), Some("abc"));
}

#[tokio::test]
async fn undocumented_error_bodies_are_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>oops</html>"))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let err = client.widgets().get_widget("x").send().await.unwrap_err();
    let runtime::Error::Api(api) = err else {
        panic!("expected an API error")
    };
    assert_eq!(api.status.as_u16(), 500);
    assert!(api.parsed.is_none());
    assert_eq!(&api.body[..], b"<html>oops</html>");
}

#[tokio::test]
async fn query_styles_and_headers_follow_the_docs() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/widgets"))
        .and(query_param("sizes", "1,2"))
        .and(query_param("count", "true"))
        .and(header("x-request-tag", "t"))
        .and(header("accept", "application/json"))
        .respond_with(move |req: &Request| {
            // form + explode: names=a&names=b
            let names: Vec<_> = req
                .url
                .query_pairs()
                .filter(|(k, _)| k == "names")
                .collect();
            assert_eq!(names.len(), 2, "{}", req.url);
            ResponseTemplate::new(200)
                .insert_header("X-Total-Count", "7")
                .set_body_json(json!([widget(1)]))
        })
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let page = client
        .widgets()
        .list_widgets()
        .sizes(vec![1, 2])
        .names(vec!["a".into(), "b".into()])
        .count(true)
        .x_request_tag("t")
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count(), Some(7));
    assert_eq!(page.len(), 1);
}

#[tokio::test]
async fn stream_walks_every_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/widgets"))
        .respond_with(|req: &Request| {
            let get = |k: &str| {
                req.url
                    .query_pairs()
                    .find(|(n, _)| n == k)
                    .and_then(|(_, v)| v.parse::<usize>().ok())
                    .unwrap_or(0)
            };
            let (limit, offset) = (get("limit"), get("offset"));
            let items: Vec<_> = (offset..(offset + limit).min(23)).map(widget).collect();
            ResponseTemplate::new(200).set_body_json(items)
        })
        .mount(&server)
        .await;
    let client = client(&server).await;
    let all: Vec<_> = client
        .widgets()
        .list_widgets()
        .limit(10)
        .stream()
        .collect()
        .await;
    let ids: Vec<String> = all.into_iter().map(|w| w.unwrap().id).collect();
    assert_eq!(ids.len(), 23);
    assert_eq!(ids[22], "w22");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn json_patch_no_content_and_binary() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/widgets/w1"))
        .and(header("content-type", "application/json-patch+json"))
        .and(body_json(
            json!([{"op": "replace", "path": "/name", "value": "new"}]),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(widget(1)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/widgets/w1/image"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![0x89, b'P', b'N', b'G'], "image/png"),
        )
        .mount(&server)
        .await;
    let client = client(&server).await;
    let op = http::models::JsonPatchOperation {
        op: http::models::Op::Replace,
        path: "/name".into(),
        value: Some(json!("new")),
        additional_properties: Default::default(),
    };
    client
        .widgets()
        .patch_widget("w1", vec![op])
        .send()
        .await
        .unwrap();
    let gone = client.widgets().delete_widget("w1").send().await.unwrap();
    assert_eq!(gone.status().as_u16(), 204);
    let png = client
        .widgets()
        .get_widget_image("w1")
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(&png[..], &[0x89, b'P', b'N', b'G']);
}

#[tokio::test]
async fn multipart_and_several_success_types() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/widgets/w1/image"))
        .respond_with(|req: &Request| {
            let body = String::from_utf8_lossy(&req.body).into_owned();
            let ct = req
                .headers
                .get("content-type")
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            assert!(ct.starts_with("multipart/form-data"), "{ct}");
            assert!(
                body.contains("name=\"image\"; filename=\"a.png\""),
                "{body}"
            );
            assert!(
                body.contains("name=\"caption\"") && body.contains("hello"),
                "{body}"
            );
            assert!(
                body.contains("name=\"order\"") && body.contains("\r\n\r\n3\r\n"),
                "{body}"
            );
            ResponseTemplate::new(202).set_body_json(json!({"taskId": "t1"}))
        })
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/widgets/import"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"taskId": "t2"})))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let file = runtime::File::new("a.png", vec![1u8, 2, 3]).with_content_type("image/png");
    let task = client
        .widgets()
        .upload_widget_image("w1", file)
        .caption("hello")
        .order(3)
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(task.task_id.as_deref(), Some("t1"));
    let imported = client
        .widgets()
        .import_widgets(vec![])
        .send()
        .await
        .unwrap()
        .into_body();
    assert!(
        matches!(imported, http::widgets::ImportWidgetsSuccess::Accepted(t) if t.task_id.as_deref() == Some("t2"))
    );
}

#[test]
fn server_variables_fill_the_documented_server() {
    // The docs' server is https://{tenant}.api.example.com/v3.
    let client = http::Client::builder()
        .server_variable("tenant", "acme")
        .build()
        .unwrap();
    assert_eq!(
        client.runtime().base_url(),
        "https://acme.api.example.com/v3"
    );
    assert!(!format!("{client:?}").contains("secret-value"));
    // With credentials, the host's variable must be chosen: the docs' default
    // may be a vendor's placeholder tenant.
    let error = http::Client::builder()
        .client_credentials("id", "secret-value")
        .build()
        .unwrap_err();
    assert!(
        matches!(error, runtime::BuildError::UnconfirmedServerVariable { ref name, .. } if name == "tenant"),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(".server_variable(\"tenant\""),
        "{error}"
    );
    let with_secret = http::Client::builder()
        .server_variable("tenant", "acme")
        .client_credentials("id", "secret-value")
        .build()
        .unwrap();
    assert!(!format!("{with_secret:?}").contains("secret-value"));
}

#[test]
fn misspelt_server_variables_fail_the_build() {
    let error = http::Client::builder()
        .server_variable("tennant", "acme")
        .build()
        .unwrap_err();
    assert!(
        matches!(error, runtime::BuildError::UnknownServerVariable { ref name, .. } if name == "tennant"),
        "{error:?}"
    );
    assert!(error.to_string().contains("`tenant`"), "{error}");
}
