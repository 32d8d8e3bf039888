//! OAuth2 client credentials in the HTTP runtime of generated clients, against a
//! local server (127.0.0.1 only): fetching, caching, refreshing, sharing, failing.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use mdx_codegen_specs::runtime::{
    token_refresh_margin, BuildError, Client, ClientBuilder, Method, Request, RetryPolicy,
    TransportError,
};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "s3cr3t/+=SECRET";

fn get(route: &str) -> Request {
    Request::new(Method::GET, route.to_owned())
}

fn client(server: &MockServer) -> Client {
    ClientBuilder::new("http://127.0.0.1:{port}", &[], None)
        .base_url(server.uri())
        .client_credentials("my-id", SECRET)
        .token_url(format!("{}/oauth/token", server.uri()))
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

async fn count(server: &MockServer, route: &str) -> usize {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .iter()
        .filter(|r| r.url.path() == route)
        .count()
}

/// A token endpoint that hands out `tok-1`, `tok-2`, … valid for `expires_in`.
async fn numbered_tokens(
    server: &MockServer,
    expires_in: u64,
    delay: Duration,
) -> Arc<AtomicUsize> {
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(move |_: &wiremock::Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({
                    "access_token": format!("tok-{n}"),
                    "token_type": "bearer",
                    "expires_in": expires_in,
                }))
                .set_delay(delay)
        })
        .mount(server)
        .await;
    issued
}

#[tokio::test]
async fn token_is_fetched_once_and_cached() {
    let server = MockServer::start().await;
    let issued = numbered_tokens(&server, 3600, Duration::ZERO).await;
    Mock::given(path("/data"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = ClientBuilder::new("http://127.0.0.1:{port}", &[], None)
        .base_url(server.uri())
        .client_credentials("my-id", SECRET)
        .token_url(format!("{}/oauth/token", server.uri()))
        .scopes(["sp:read", "sp:write"])
        .build()
        .expect("builds");
    for _ in 0..10 {
        let raw = client
            .clone()
            .execute(get("/data"))
            .await
            .expect("answered");
        assert_eq!(raw.status, 200);
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    assert_eq!(count(&server, "/data").await, 10);

    let requests = server.received_requests().await.expect("recorded");
    let token_request = requests
        .iter()
        .find(|r| r.url.path() == "/oauth/token")
        .expect("a token request");
    assert_eq!(
        token_request.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8_lossy(&token_request.body),
        "grant_type=client_credentials&client_id=my-id\
         &client_secret=s3cr3t%2F%2B%3DSECRET&scope=sp%3Aread%20sp%3Awrite"
    );
}

#[test]
fn refresh_margin_is_a_minute_or_a_tenth() {
    assert_eq!(
        token_refresh_margin(Duration::from_secs(3600)),
        Duration::from_secs(60)
    );
    assert_eq!(
        token_refresh_margin(Duration::from_secs(100)),
        Duration::from_secs(10)
    );
    assert_eq!(
        token_refresh_margin(Duration::from_secs(1)),
        Duration::from_millis(100)
    );
    assert_eq!(token_refresh_margin(Duration::ZERO), Duration::ZERO);
}

#[tokio::test]
async fn token_is_refreshed_when_it_expires() {
    let server = MockServer::start().await;
    let issued = numbered_tokens(&server, 1, Duration::ZERO).await;
    Mock::given(path("/data"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(&server);
    client.execute(get("/data")).await.expect("answered");
    client.execute(get("/data")).await.expect("answered");
    assert_eq!(issued.load(Ordering::SeqCst), 1, "still fresh");
    // A 1 s token is refreshed 100 ms before it expires.
    tokio::time::sleep(Duration::from_millis(950)).await;
    client.execute(get("/data")).await.expect("answered");
    assert_eq!(issued.load(Ordering::SeqCst), 2, "refreshed");

    let requests = server.received_requests().await.expect("recorded");
    let auth: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == "/data")
        .map(|r| {
            r.headers["authorization"]
                .to_str()
                .expect("ascii")
                .to_owned()
        })
        .collect();
    assert_eq!(auth, ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);
}

#[tokio::test]
async fn concurrent_callers_share_one_fetch() {
    let server = MockServer::start().await;
    let issued = numbered_tokens(&server, 3600, Duration::from_millis(300)).await;
    Mock::given(path("/data"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(&server);
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.execute(get("/data")).await })
        })
        .collect();
    for task in tasks {
        let raw = task.await.expect("joins").expect("answered");
        assert_eq!(raw.status, 200);
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    assert_eq!(count(&server, "/data").await, 16);
}

#[tokio::test]
async fn failed_token_request_is_a_clear_auth_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": format!("Bad client credentials (got {SECRET})"),
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    let error = client.execute(get("/data")).await.expect_err("no token");
    let TransportError::Auth(auth) = &error else {
        panic!("expected an auth error, got {error:?}")
    };
    assert_eq!(auth.status().map(|s| s.as_u16()), Some(401));
    assert!(auth.body().contains("invalid_client"));
    let shown = error.to_string();
    assert!(
        shown.contains(&format!("{}/oauth/token", server.uri())),
        "{shown}"
    );
    assert!(shown.contains("401"), "{shown}");
    assert!(shown.contains("invalid_client"), "{shown}");
    for shown in [shown, format!("{error:?}"), auth.body().to_owned()] {
        assert!(!shown.contains("SECRET"), "{shown}");
    }
    assert_eq!(count(&server, "/oauth/token").await, 1);
    assert_eq!(
        count(&server, "/data").await,
        0,
        "no API call without a token"
    );
}

#[tokio::test]
async fn token_response_without_a_token_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"token_type\":\"bearer\"}"))
        .mount(&server)
        .await;
    let error = client(&server)
        .execute(get("/data"))
        .await
        .expect_err("no token");
    assert!(matches!(error, TransportError::Auth(_)), "{error:?}");
    assert!(error.to_string().contains("access_token"), "{error}");
}

#[tokio::test]
async fn server_variables_fill_the_token_url() {
    let server = MockServer::start().await;
    let issued = numbered_tokens(&server, 3600, Duration::ZERO).await;
    Mock::given(path("/tenant-a/api/data"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let port = server.address().port().to_string();
    let client = ClientBuilder::new(
        "http://{host}:{port}/{tenant}/api",
        &[
            ("host", "127.0.0.1"),
            ("port", "1"),
            ("tenant", "sailpoint"),
        ],
        Some("http://{host}:{port}/oauth/token"),
    )
    .server_variable("host", "127.0.0.1")
    .server_variable("port", port.clone())
    .server_variable("tenant", "tenant-a")
    .client_credentials("my-id", SECRET)
    .build()
    .expect("builds");
    assert_eq!(
        client.base_url(),
        format!("http://127.0.0.1:{port}/tenant-a/api")
    );
    let raw = client.execute(get("/data")).await.expect("answered");
    assert_eq!(raw.status, 200);
    assert_eq!(issued.load(Ordering::SeqCst), 1);

    // With the base URL overridden, a token URL variable without a value is an error.
    let error = ClientBuilder::new(
        "https://{tenant}.api.example.com/v3",
        &[],
        Some("https://{tenant}.api.example.com/oauth/token"),
    )
    .base_url("http://127.0.0.1:9/v3")
    .client_credentials("my-id", SECRET)
    .build()
    .expect_err("tenant is unset");
    assert!(
        matches!(error, BuildError::UnfilledServerVariable { ref name, .. } if name == "tenant")
    );
    assert!(
        error.to_string().contains("server_variable(\"tenant\""),
        "{error}"
    );
    assert!(!format!("{error:?}").contains("SECRET"));
}

/// The docs of the 2026 v3 API: a server template and a token URL on one
/// tenant's placeholder host.
fn identitynow() -> ClientBuilder {
    ClientBuilder::new(
        "https://{tenant}.api.identitynow.com/v3",
        &[("tenant", "sailpoint")],
        Some("https://example-tenant.api.identitynow.com/oauth/token"),
    )
}

#[test]
fn placeholder_token_host_is_templated_like_the_server() {
    let client = identitynow()
        .server_variable("tenant", "acme")
        .client_credentials("my-id", SECRET)
        .build()
        .expect("builds");
    assert_eq!(client.base_url(), "https://acme.api.identitynow.com/v3");
    assert_eq!(
        client.token_url(),
        Some("https://acme.api.identitynow.com/oauth/token")
    );
    // The tenant shown by a base URL counts as chosen.
    let client = identitynow()
        .base_url("https://beta.api.identitynow.com/v3")
        .client_credentials("my-id", SECRET)
        .build()
        .expect("builds");
    assert_eq!(
        client.token_url(),
        Some("https://beta.api.identitynow.com/oauth/token")
    );
    // A base URL of another shape says nothing of the tenant: the docs' default
    // is not used for credentials.
    let error = identitynow()
        .base_url("http://127.0.0.1:9/v3")
        .client_credentials("my-id", SECRET)
        .build()
        .expect_err("the tenant is unknown");
    assert!(
        matches!(error, BuildError::UnfilledServerVariable { ref name, .. } if name == "tenant"),
        "{error:?}"
    );
    // Nor without a base URL: the placeholder default must be confirmed.
    let error = identitynow()
        .client_credentials("my-id", SECRET)
        .build()
        .expect_err("the tenant is a placeholder");
    assert!(
        matches!(error, BuildError::UnconfirmedServerVariable { ref name, ref default } if name == "tenant" && default.as_deref() == Some("sailpoint")),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("server_variable(\"tenant\""),
        "{error}"
    );
    // Without credentials the default is fine: nothing secret is sent.
    let client = identitynow().build().expect("builds");
    assert_eq!(
        client.base_url(),
        "https://sailpoint.api.identitynow.com/v3"
    );
}

#[test]
fn token_url_on_another_host_needs_confirming() {
    let documented = || {
        ClientBuilder::new(
            "https://api.example.com/v1",
            &[],
            Some("https://auth.example-idp.com/oauth/token"),
        )
        .client_credentials("my-id", SECRET)
    };
    let error = documented().build().expect_err("another host");
    assert!(
        matches!(error, BuildError::UntrustedTokenUrl { ref url, .. } if url == "https://auth.example-idp.com/oauth/token"),
        "{error:?}"
    );
    let shown = error.to_string();
    assert!(shown.contains(".token_url("), "{shown}");
    assert!(shown.contains("api.example.com"), "{shown}");
    assert!(!shown.contains("SECRET") && !format!("{error:?}").contains("SECRET"));
    // Confirmed by the user: used as given.
    let client = documented()
        .token_url("https://auth.example-idp.com/oauth/token")
        .build()
        .expect("confirmed");
    assert_eq!(
        client.token_url(),
        Some("https://auth.example-idp.com/oauth/token")
    );
    // The documented token URL on the API's own host needs nothing.
    let client = ClientBuilder::new(
        "https://api.example.com/v1",
        &[],
        Some("https://api.example.com/oauth/token"),
    )
    .client_credentials("my-id", SECRET)
    .build()
    .expect("same host");
    assert_eq!(
        client.token_url(),
        Some("https://api.example.com/oauth/token")
    );
}

#[tokio::test]
async fn templated_token_url_reaches_the_configured_host_with_the_user_agent() {
    let server = MockServer::start().await;
    let issued = numbered_tokens(&server, 3600, Duration::ZERO).await;
    Mock::given(path("/v3/data"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let port = server.address().port().to_string();
    // The docs' token URL names a placeholder port; the server's port is a variable.
    let client = ClientBuilder::new(
        "http://127.0.0.1:{port}/v3",
        &[("port", "1")],
        Some("http://127.0.0.1:9/oauth/token"),
    )
    .server_variable("port", port.clone())
    .client_credentials("my-id", SECRET)
    .user_agent("acme-sync/2.0")
    .build()
    .expect("builds");
    assert_eq!(
        client.token_url(),
        Some(format!("http://127.0.0.1:{port}/oauth/token").as_str())
    );
    let raw = client.execute(get("/data")).await.expect("answered");
    assert_eq!(raw.status, 200);
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    let requests = server.received_requests().await.expect("recorded");
    for request in &requests {
        assert_eq!(
            request.headers["user-agent"], "acme-sync/2.0",
            "{}",
            request.url
        );
    }
}
