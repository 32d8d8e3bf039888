//! The HTTP runtime of generated clients against a local server (127.0.0.1 only):
//! retries, timeouts, broken connections, decoding, encoding, multipart, and
//! secrets kept out of debug output.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use mdx_codegen_specs::runtime::{
    self as rt, ApiKeyLocation, Client, ClientBuilder, Error, File, Method, Multipart, Request,
    RetryPolicy, Style, TransportError,
};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A retry policy with short waits, so tests stay fast.
fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        ..RetryPolicy::default()
    }
}

fn builder(base: &str) -> ClientBuilder {
    ClientBuilder::new("http://127.0.0.1:{port}", &[], None)
        .base_url(base)
        .timeout(Duration::from_secs(5))
}

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    builder(&server.uri())
        .retry(retry)
        .build()
        .expect("client builds")
}

async fn requests_to(server: &MockServer, route: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .into_iter()
        .filter(|r| r.url.path() == route)
        .collect()
}

fn get(route: &str) -> Request {
    Request::new(Method::GET, route.to_owned())
}

#[derive(Debug, Deserialize, PartialEq)]
struct Problem {
    message: String,
}

fn parse_problem(status: u16, body: &[u8]) -> Option<Result<Problem, serde_json::Error>> {
    (status == 429).then(|| serde_json::from_slice(body))
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/limited"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/limited"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"ok\":true}"))
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::default());
    let started = Instant::now();
    let raw = client.execute(get("/limited")).await.expect("answered");
    let waited = started.elapsed();
    assert_eq!(raw.status, 200);
    assert_eq!(requests_to(&server, "/limited").await.len(), 2);
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(4), "waited {waited:?}");
}

#[tokio::test]
async fn service_unavailable_twice_then_ok() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/flaky"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/flaky"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[1,2]"))
        .mount(&server)
        .await;
    let raw = client(&server, quick_retries(3))
        .execute(get("/flaky"))
        .await
        .expect("answered");
    assert_eq!(raw.status, 200);
    let typed = raw.json::<Vec<i32>>().expect("parses");
    assert_eq!(*typed, vec![1, 2]);
    assert_eq!(requests_to(&server, "/flaky").await.len(), 3);
}

#[tokio::test]
async fn exhausted_retries_return_the_last_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/busy"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-request-id", "req-42")
                .set_body_string("{\"message\":\"slow down\"}"),
        )
        .mount(&server)
        .await;
    let raw = client(&server, quick_retries(2))
        .execute(get("/busy"))
        .await
        .expect("a 429 is a response, not a transport error");
    assert_eq!(raw.status, 429);
    assert_eq!(requests_to(&server, "/busy").await.len(), 3);

    let error = raw.into_error(parse_problem);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert!(error.to_string().contains("429"), "{error}");
    let Error::Api(api) = error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.headers["x-request-id"], "req-42");
    assert_eq!(&api.body[..], b"{\"message\":\"slow down\"}");
    assert_eq!(
        api.parsed,
        Some(Problem {
            message: "slow down".into()
        })
    );
    assert!(api.parse_error.is_none());
}

#[tokio::test]
async fn undocumented_error_body_keeps_the_parse_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).set_body_string("<html>busy</html>"))
        .mount(&server)
        .await;
    let raw = client(&server, RetryPolicy::none())
        .execute(get("/html"))
        .await
        .expect("answered");
    let Error::Api(api) = raw.into_error(parse_problem) else {
        panic!("expected an API error")
    };
    assert!(api.parsed.is_none());
    assert!(api.parse_error.is_some());
    assert_eq!(&api.body[..], b"<html>busy</html>");
}

#[tokio::test]
async fn post_is_retried_only_when_configured() {
    for (retry_non_idempotent, expected) in [(false, 1), (true, 3)] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/jobs"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let policy = RetryPolicy {
            retry_non_idempotent,
            ..quick_retries(2)
        };
        let mut request = Request::new(Method::POST, "/jobs".into());
        request.body_bytes("application/json", b"{\"a\":1}".to_vec());
        let raw = client(&server, policy)
            .execute(request)
            .await
            .expect("answered");
        assert_eq!(raw.status, 503);
        let seen = requests_to(&server, "/jobs").await;
        assert_eq!(
            seen.len(),
            expected,
            "retry_non_idempotent = {retry_non_idempotent}"
        );
        assert!(seen.iter().all(|r| r.body == b"{\"a\":1}"));
    }
}

#[tokio::test]
async fn slow_responses_time_out_and_idempotent_ones_are_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .timeout(Duration::from_millis(200))
        .retry(quick_retries(2))
        .build()
        .expect("client builds");

    let started = Instant::now();
    let error = client.execute(get("/slow")).await.expect_err("times out");
    assert!(matches!(error, TransportError::Timeout), "{error:?}");
    assert!(error.is_timeout());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        requests_to(&server, "/slow").await.len(),
        3,
        "1 attempt + 2 retries"
    );

    // A POST that timed out may have reached the server: it is not repeated.
    let error = client
        .execute(Request::new(Method::POST, "/slow".into()))
        .await
        .expect_err("times out");
    assert!(matches!(error, TransportError::Timeout), "{error:?}");
    let posts = requests_to(&server, "/slow").await;
    assert_eq!(
        posts.iter().filter(|r| r.method.as_str() == "POST").count(),
        1
    );
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(path("/broken"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{\"id\": 1,", "application/json"))
        .mount(&server)
        .await;
    Mock::given(path("/nothing"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::none());

    let raw = client.execute(get("/broken")).await.expect("answered");
    let error = raw
        .json::<serde_json::Value>()
        .expect_err("the body is cut");
    assert_eq!(error.status, 200);
    assert_eq!(&error.body[..], b"{\"id\": 1,");
    assert!(error.source.is_eof());
    let error: Error<()> = error.into();
    assert!(matches!(error, Error::Decode(_)));
    assert!(error.to_string().contains("200"), "{error}");

    let raw = client.execute(get("/nothing")).await.expect("answered");
    assert_eq!(raw.status, 204);
    let unit = raw
        .clone()
        .json::<()>()
        .expect("an empty body reads as null");
    assert_eq!(unit.status(), 204);
    let none = raw.json::<Option<Vec<i32>>>().expect("null is None");
    assert_eq!(*none, None);
}

/// Serves raw HTTP responses that promise 100 bytes and send 12, counting
/// connections. Stops after `connections` connections or 10 s.
async fn truncating_server(connections: usize) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let address = listener.local_addr().expect("has an address");
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        let deadline = tokio::time::sleep(Duration::from_secs(10));
        tokio::pin!(deadline);
        for _ in 0..connections {
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                _ = &mut deadline => return,
            };
            let Ok((mut socket, _)) = accepted else {
                return;
            };
            seen.fetch_add(1, Ordering::SeqCst);
            let mut request = Vec::new();
            let mut buffer = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 64 * 1024 {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let _ = socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                      content-length: 100\r\n\r\n{\"partial\":",
                )
                .await;
            let _ = socket.flush().await;
            drop(socket);
        }
    });
    (format!("http://{address}"), count)
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error() {
    let (base, connections) = truncating_server(1).await;
    let client = builder(&base)
        .retry(RetryPolicy::none())
        .build()
        .expect("builds");
    let error = client
        .execute(get("/cut"))
        .await
        .expect_err("the body is cut");
    assert!(matches!(error, TransportError::Request(_)), "{error:?}");
    assert!(!error.to_string().is_empty());
    assert_eq!(connections.load(Ordering::SeqCst), 1);

    // A GET whose body broke is repeated like any idempotent request.
    let (base, connections) = truncating_server(3).await;
    let client = builder(&base)
        .retry(quick_retries(2))
        .build()
        .expect("builds");
    let error = client
        .execute(get("/cut"))
        .await
        .expect_err("the body is cut");
    assert!(matches!(error, TransportError::Request(_)), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 3);

    // Streamed, the headers arrive and the stream ends with an error.
    let (base, _) = truncating_server(1).await;
    let client = builder(&base)
        .retry(RetryPolicy::none())
        .build()
        .expect("builds");
    let streaming = client
        .execute_streaming(get("/cut"))
        .await
        .expect("headers arrive");
    assert_eq!(streaming.status, 200);
    let chunks: Vec<_> = rt::StreamExt::collect(streaming.into_stream()).await;
    assert!(
        matches!(chunks.last(), Some(Err(TransportError::Request(_)))),
        "{chunks:?}"
    );
}

#[tokio::test]
async fn refused_token_is_replaced_once() {
    let server = MockServer::start().await;
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(move |_: &wiremock::Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            // The first two fetches get distinct tokens; after that, always t2.
            let token = format!("t{}", n.min(2));
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": token, "expires_in": 3600}))
        })
        .mount(&server)
        .await;
    Mock::given(path("/ping"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .and(header("authorization", "Bearer t2"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"name\":\"me\"}"))
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/forbidden"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .client_credentials("id", "secret")
        .token_url(format!("{}/oauth/token", server.uri()))
        .retry(RetryPolicy::none())
        .build()
        .expect("builds");

    // t1 is fetched and cached; then the server stops accepting it.
    assert_eq!(client.execute(get("/ping")).await.expect("ok").status, 200);
    let raw = client.execute(get("/me")).await.expect("answered");
    assert_eq!(raw.status, 200);
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let me = requests_to(&server, "/me").await;
    assert_eq!(me.len(), 2);
    assert_eq!(me[0].headers["authorization"], "Bearer t1");
    assert_eq!(me[1].headers["authorization"], "Bearer t2");

    // A 401 that a new token does not cure is returned after one retry.
    let raw = client.execute(get("/forbidden")).await.expect("answered");
    assert_eq!(raw.status, 401);
    assert_eq!(requests_to(&server, "/forbidden").await.len(), 2);
    assert_eq!(issued.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn query_path_header_and_cookie_encoding() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut request = Request::new(
        Method::GET,
        format!(
            "/items/{}/tags/{}",
            rt::path_param("a", &"a/b c%é", Style::Simple, false),
            rt::path_param("n", &7u8, Style::Simple, false)
        ),
    );
    let form = Style::Form;
    request.query("ids", &vec![1, 2], form, true);
    request.query("tags", &vec!["x", "y,z"], form, false);
    request.query("flag", &true, form, true);
    request.query("off", &false, form, true);
    request.query("n", &-5i64, form, true);
    request.query("f", &1.5f64, form, true);
    request.query("name", &"a b&c=d", form, true);
    request.query("absent", &None::<i32>, form, true);
    request.query("empty", &Vec::<String>::new(), form, true);
    request.query(
        "when",
        &rt::DateTime::from("2024-01-02T03:04:05+01:00"),
        form,
        true,
    );
    request.query("pipes", &["a", "b"], Style::PipeDelimited, false);
    request.query("spaces", &vec!["a", "b"], Style::SpaceDelimited, false);
    let filter: BTreeMap<String, String> = [("status".to_owned(), "open".to_owned())].into();
    request.query("filter", &filter, Style::DeepObject, true);
    request.header("x-trace", &vec!["a", "b"], false);
    request.header("x-absent", &None::<String>, false);
    request.cookie("session", &"s 1", true);
    request.accept("application/json");

    client(&server, RetryPolicy::none())
        .execute(request)
        .await
        .expect("answered");
    let seen = server.received_requests().await.expect("recorded");
    assert_eq!(seen.len(), 1);
    let seen = &seen[0];
    assert_eq!(seen.url.path(), "/items/a%2Fb%20c%25%C3%A9/tags/7");
    assert_eq!(
        seen.url.query(),
        Some(
            "ids=1&ids=2&tags=x,y%2Cz&flag=true&off=false&n=-5&f=1.5&name=a%20b%26c%3Dd\
             &when=2024-01-02T03%3A04%3A05%2B01%3A00&pipes=a|b&spaces=a%20b&filter[status]=open"
        )
    );
    assert_eq!(seen.headers["x-trace"], "a,b");
    assert!(seen.headers.get("x-absent").is_none());
    assert_eq!(seen.headers["cookie"], "session=s%201");
    assert_eq!(seen.headers["accept"], "application/json");
    assert!(seen.headers["user-agent"]
        .to_str()
        .expect("ascii")
        .starts_with("mdx-codegen-specs/"));
}

/// The parts of a multipart body: (headers, content) by field name.
fn multipart_parts(content_type: &str, body: &[u8]) -> BTreeMap<String, (String, Vec<u8>)> {
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("a boundary")
        .trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = BTreeMap::new();
    let mut starts = Vec::new();
    let mut i = 0;
    while i + delimiter.len() <= body.len() {
        if body[i..].starts_with(&delimiter) {
            starts.push(i);
            i += delimiter.len();
        } else {
            i += 1;
        }
    }
    for pair in starts.windows(2) {
        // Between "--boundary\r\n" and "\r\n--boundary".
        let part = &body[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = part
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("headers end");
        let headers = String::from_utf8(part[..split].to_vec()).expect("utf-8 headers");
        let name = headers
            .split("name=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a field name")
            .to_owned();
        parts.insert(name, (headers, part[split + 4..].to_vec()));
    }
    assert!(body.ends_with(format!("--{boundary}--\r\n").as_bytes()));
    parts
}

#[tokio::test]
async fn multipart_arrives_intact_on_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/upload"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/upload"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let content: Vec<u8> = vec![0, 1, 2, 255, 254, b'\r', b'\n', b'-', b'-', 0x89, b'P'];
    let form = Multipart::new().text("description", "hello wörld").file(
        "file",
        File::new("pic one.png", content.clone()).with_content_type("image/png"),
    );
    let mut request = Request::new(Method::POST, "/upload".into());
    request.multipart(form);
    let policy = RetryPolicy {
        retry_non_idempotent: true,
        ..quick_retries(1)
    };
    let raw = client(&server, policy)
        .execute(request)
        .await
        .expect("answered");
    assert_eq!(raw.status, 201);

    let seen = requests_to(&server, "/upload").await;
    assert_eq!(seen.len(), 2);
    for request in &seen {
        let content_type = request.headers["content-type"].to_str().expect("ascii");
        assert!(content_type.starts_with("multipart/form-data; boundary="));
        let parts = multipart_parts(content_type, &request.body);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts["description"].1, "hello wörld".as_bytes());
        let (headers, bytes) = &parts["file"];
        assert!(headers.contains("filename=\"pic one.png\""), "{headers}");
        assert!(
            headers
                .to_ascii_lowercase()
                .contains("content-type: image/png"),
            "{headers}"
        );
        assert_eq!(bytes, &content);
    }
}

#[tokio::test]
async fn api_keys_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    for (location, check) in [
        (ApiKeyLocation::Header, "header"),
        (ApiKeyLocation::Query, "query"),
        (ApiKeyLocation::Cookie, "cookie"),
    ] {
        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&server)
            .await;
        let client = builder(&server.uri())
            .api_key("x-api-key", location, "k/1")
            .build()
            .expect("builds");
        let mut request = get("/keyed");
        request.query("q", &1, Style::Form, true);
        client.execute(request).await.expect("answered");
        let seen = requests_to(&server, "/keyed").await;
        let seen = &seen[0];
        match check {
            "header" => assert_eq!(seen.headers["x-api-key"], "k/1"),
            "query" => assert_eq!(seen.url.query(), Some("q=1&x-api-key=k%2F1")),
            _ => assert_eq!(seen.headers["cookie"], "x-api-key=k/1"),
        }
    }
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_display() {
    let secret = rt::Secret::new("hunter2-SECRET");
    assert_eq!(format!("{secret:?}"), "Secret(***)");
    assert_eq!(format!("{secret}"), "***");
    assert_eq!(secret.expose(), "hunter2-SECRET");

    let configured = [
        builder("http://127.0.0.1:9").bearer_token("hunter2-SECRET"),
        builder("http://127.0.0.1:9")
            .client_credentials("id", "hunter2-SECRET")
            .token_url("http://127.0.0.1:9/token"),
        builder("http://127.0.0.1:9").api_key("key", ApiKeyLocation::Header, "hunter2-SECRET"),
    ];
    for builder in configured {
        let shown = format!("{builder:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        let client = builder.build().expect("builds");
        let shown = format!("{client:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("127.0.0.1:9"), "{shown}");
    }

    // A connection error of a request with the key in its URL does not show it.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let client = builder(&format!("http://127.0.0.1:{port}"))
        .api_key("api_key", ApiKeyLocation::Query, "hunter2-SECRET")
        .retry(RetryPolicy::none())
        .build()
        .expect("builds");
    let error = client
        .execute(get("/x"))
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, TransportError::Connect(_)), "{error:?}");
    let error: Error<()> = error.into();
    for shown in [format!("{error}"), format!("{error:?}")] {
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}

#[test]
fn retry_after_values() {
    // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
    let date = UNIX_EPOCH + Duration::from_secs(784_111_777);
    let now = date - Duration::from_secs(10);
    assert_eq!(
        rt::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
        Some(Duration::from_secs(10))
    );
    assert_eq!(
        rt::parse_retry_after(
            "Sun, 06 Nov 1994 08:49:37 GMT",
            date + Duration::from_secs(5)
        ),
        Some(Duration::ZERO)
    );
    assert_eq!(
        rt::parse_retry_after(" 7 ", SystemTime::now()),
        Some(Duration::from_secs(7))
    );
    assert_eq!(rt::parse_retry_after("soon", SystemTime::now()), None);
    assert_eq!(
        rt::parse_retry_after("Sun, 32 Nov 1994 08:49:37 GMT", now),
        None
    );
}

#[test]
fn builder_errors_say_what_is_wrong() {
    let error = ClientBuilder::new("https://{tenant}.example.com/v3", &[], None)
        .build()
        .expect_err("tenant is unset");
    assert!(error.to_string().contains("tenant"), "{error}");
    let error = builder("not a url").build().expect_err("invalid");
    assert!(error.to_string().contains("not a url"), "{error}");
    let error = builder("http://127.0.0.1:9")
        .client_credentials("id", "secret")
        .build()
        .expect_err("no token URL");
    assert!(error.to_string().contains("token URL"), "{error}");
    let client = ClientBuilder::new(
        "https://{tenant}.example.com/v3/",
        &[("tenant", "sailpoint")],
        None,
    )
    .build()
    .expect("the default fills the template");
    assert_eq!(client.base_url(), "https://sailpoint.example.com/v3");
}

#[tokio::test]
async fn pagination_stops_on_short_pages_and_total_count() {
    let server = MockServer::start().await;
    Mock::given(path("/items"))
        .respond_with(|request: &wiremock::Request| {
            let offset: i64 = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "offset")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let items: Vec<i64> = (offset..(offset + 2).min(5)).collect();
            ResponseTemplate::new(200)
                .set_body_json(items)
                .insert_header("x-total-count", "5")
        })
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::none());
    let fetch = |client: Client| {
        move |offset: i64,
              limit: i64|
              -> rt::BoxFuture<'static, Result<rt::Response<Vec<i64>>, Error<()>>> {
            let client = client.clone();
            Box::pin(async move {
                let mut request = get("/items");
                request.query("offset", &offset, Style::Form, true);
                request.query("limit", &limit, Style::Form, true);
                let raw = client.execute(request).await?;
                Ok(raw.json()?)
            })
        }
    };
    let stream = rt::paginate(2, 0, fetch(client.clone()));
    let items: Vec<i64> = rt::TryStreamExt::try_collect(stream).await.expect("pages");
    assert_eq!(items, vec![0, 1, 2, 3, 4]);
    assert_eq!(
        requests_to(&server, "/items").await.len(),
        3,
        "the short page ends it"
    );

    // The stream is Send: it can be driven by a spawned task.
    let task = tokio::spawn(rt::TryStreamExt::try_collect::<Vec<i64>>(rt::paginate(
        2,
        2,
        fetch(client.clone()),
    )));
    assert_eq!(task.await.expect("joins").expect("pages"), vec![2, 3, 4]);

    // With full pages, X-Total-Count ends it without asking for an empty page.
    server.reset().await;
    Mock::given(path("/items"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json([1, 2])
                .insert_header("x-total-count", "4"),
        )
        .mount(&server)
        .await;
    let items: Vec<i64> = rt::TryStreamExt::try_collect(rt::paginate(2, 0, fetch(client)))
        .await
        .expect("pages");
    assert_eq!(items.len(), 4);
    assert_eq!(requests_to(&server, "/items").await.len(), 2);
}
