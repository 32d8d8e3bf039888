//! The `tracing` feature: one span per request, with its method, path template,
//! status, attempts and duration, and never a secret, query value or header.
//! Run with `cargo test -p mdx-codegen-specs --features tracing --test tracing`.
#![cfg(feature = "tracing")]

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mdx_codegen_specs::{http, runtime};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Writes down every span field and event of the requests it sees.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
}

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", span.metadata().name());
        span.record(&mut Line(&mut line));
        let mut seen = self.seen.lock().unwrap();
        seen.push(line);
        Id::from_u64(seen.len() as u64)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "record".to_string();
        values.record(&mut Line(&mut line));
        self.seen.lock().unwrap().push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = "event".to_string();
        event.record(&mut Line(&mut line));
        self.seen.lock().unwrap().push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn one_span_per_request_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let client = http::Client::builder()
        .base_url(server.uri())
        .bearer_token("s3cret-token")
        .retry(runtime::RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..runtime::RetryPolicy::default()
        })
        .build()
        .expect("builds");
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    client
        .widgets()
        .list_widgets()
        .names(vec!["private-value".into()])
        .x_request_tag("private-header")
        .send()
        .await
        .expect("answered");
    let seen = recorder.seen.lock().unwrap().join("\n");
    assert!(seen.contains("span request"), "{seen}");
    assert!(seen.contains("method=GET"), "{seen}");
    assert!(seen.contains("path=\"/widgets\""), "{seen}");
    assert!(
        seen.contains("status=503") && seen.contains("status=200"),
        "{seen}"
    );
    assert!(seen.contains("attempt=2"), "{seen}");
    assert!(seen.contains("duration_ms="), "{seen}");
    assert!(seen.contains("retrying"), "{seen}");
    for secret in ["s3cret", "private-value", "private-header", "authorization"] {
        assert!(!seen.to_lowercase().contains(secret), "{secret} in {seen}");
    }
}
