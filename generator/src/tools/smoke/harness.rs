//! Conformance smoke test: calls every operation of this crate's clients once.
//!
//! Arguments and request bodies come from the docs' examples (or, where the docs
//! give none that fits, from the schema), deserialised into their generated types.
//! Run it against a server that validates requests, such as a Prism mock of the
//! API's OpenAPI document (`prism mock --errors DOC`):
//!
//! ```text
//! cargo run --example smoke -- --base-url http://127.0.0.1:4010 [--api NAME]... [--token TOKEN]
//! ```
//!
//! For each API it prints every miss with its operation and reason, then
//! `API: N operations, N called, N accepted, N parsed`: *called* when the
//! arguments were built and the request sent, *accepted* when the server answered
//! without a request violation (no 4XX/5XX, no `sl-violations` header naming the
//! request), *parsed* when the typed response parsed. It exits with 1 unless every
//! response parsed.
#![allow(deprecated)]

use std::fmt::Debug;
use std::process::ExitCode;

/// What became of one operation.
enum Outcome {
    /// Not called: a value from the docs does not fit its generated type.
    NotCalled(String),
    /// Called, but the server rejected the request.
    Rejected(String),
    /// Accepted, but the response did not parse into its generated type.
    Unparsed(String),
    /// Accepted, and the response parsed.
    Parsed,
}

/// Deserialises a value of the docs into its generated type.
fn arg<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, Outcome> {
    serde_json::from_str(json)
        .map_err(|e| Outcome::NotCalled(format!("{what} does not fit its type: {e}: {}", snippet(json))))
}

/// `arg` in an operation's function: a value that does not fit ends the function.
macro_rules! arg {
    ($what:expr, $json:expr) => {
        match arg($what, $json) {
            Ok(value) => value,
            Err(outcome) => return outcome,
        }
    };
}

/// The request violations a mock server reported in `sl-violations` (Prism), if any.
fn violations(headers: &runtime::HeaderMap) -> Option<String> {
    let raw = headers.get("sl-violations")?.to_str().unwrap_or("(unreadable)");
    let Ok(serde_json::Value::Array(list)) = serde_json::from_str(raw) else {
        return Some(raw.to_string());
    };
    let found: Vec<String> = list
        .iter()
        .filter(|v| v["location"][0] == "request")
        .map(|v| {
            let at: Vec<&str> = v["location"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .collect();
            format!("{}: {}", at.join("."), v["message"].as_str().unwrap_or_default())
        })
        .collect();
    (!found.is_empty()).then(|| found.join("; "))
}

/// The violations of a Prism `--errors` answer that blames only the response: the
/// request was valid, but the example Prism would have sent violates the spec.
fn response_violations(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    if !v["type"].as_str()?.ends_with("#VIOLATIONS") {
        return None;
    }
    let list = v["validation"].as_array()?;
    if list.is_empty() || list.iter().any(|x| x["location"][0] != "response") {
        return None;
    }
    let found: Vec<String> = list
        .iter()
        .map(|x| {
            let at: Vec<&str> = x["location"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .collect();
            format!("{}: {}", at.join("."), x["message"].as_str().unwrap_or_default())
        })
        .collect();
    Some(found.join("; "))
}

/// The future of one operation's call.
type Call<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Outcome> + 'a>>;

/// One operation: its id and route, why the docs' example response violates its
/// schema (`None` when it fits), and the call, given a client of its API.
struct Operation<C: 'static> {
    id: &'static str,
    route: &'static str,
    invalid_example: Option<&'static str>,
    call: for<'a> fn(&'a C) -> Call<'a>,
}

/// Calls each operation in turn and records the outcome. A response that does not
/// parse is told apart when the docs' own example response is invalid: serve the
/// document from `mdx-codegen openapi --drop-invalid-examples --fill-examples` so
/// that the mock sends valid responses.
async fn run<C>(operations: &[Operation<C>], client: &C, tally: &mut Tally) {
    for op in operations {
        let outcome = match ((op.call)(client).await, op.invalid_example) {
            (Outcome::Unparsed(why), Some(invalid)) => Outcome::Unparsed(format!(
                "{why}; the docs' example response is invalid: {invalid}"
            )),
            (outcome, _) => outcome,
        };
        tally.record(op.id, op.route, outcome);
    }
}

/// Judges the result of `send()`.
fn judge<T, E: Debug>(result: Result<runtime::Response<T>, runtime::Error<E>>) -> Outcome {
    match result {
        Ok(response) => match violations(response.headers()) {
            Some(v) => Outcome::Rejected(format!("{}: {v}", response.status())),
            None => Outcome::Parsed,
        },
        Err(runtime::Error::Decode(e)) => match violations(&e.headers) {
            Some(v) => Outcome::Rejected(format!("{}: {v}", e.status)),
            None => Outcome::Unparsed(e.to_string()),
        },
        Err(runtime::Error::Api(e)) => {
            if let Some(why) = response_violations(&e.body) {
                return Outcome::Unparsed(format!("the mock says its response violates the spec: {why}"));
            }
            Outcome::Rejected(match violations(&e.headers) {
                Some(v) => format!("{}: {v}", e.status),
                None => format!("{}: {}", e.status, snippet(&String::from_utf8_lossy(&e.body))),
            })
        }
        Err(runtime::Error::Transport(e)) => Outcome::Rejected(format!("no response: {e}")),
    }
}

/// At most 300 characters of `text`.
fn snippet(text: &str) -> String {
    match text.char_indices().nth(300) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// The counts of one API.
struct Tally {
    api: &'static str,
    operations: usize,
    called: usize,
    accepted: usize,
    parsed: usize,
    misses: Vec<String>,
}

impl Tally {
    fn new(api: &'static str) -> Self {
        Tally {
            api,
            operations: 0,
            called: 0,
            accepted: 0,
            parsed: 0,
            misses: Vec::new(),
        }
    }

    fn record(&mut self, operation: &str, route: &str, outcome: Outcome) {
        self.operations += 1;
        let miss = match outcome {
            Outcome::NotCalled(why) => format!("not called: {why}"),
            Outcome::Rejected(why) => {
                self.called += 1;
                format!("not accepted: {why}")
            }
            Outcome::Unparsed(why) => {
                self.called += 1;
                self.accepted += 1;
                format!("response not parsed: {why}")
            }
            Outcome::Parsed => {
                self.called += 1;
                self.accepted += 1;
                self.parsed += 1;
                return;
            }
        };
        self.misses.push(format!("{operation} ({route}): {miss}"));
    }

    /// Prints the notes, the misses and the counts; `true` when nothing missed.
    fn report(&self, notes: &[&str]) -> bool {
        for note in notes {
            println!("note: {} {note}", self.api);
        }
        for miss in &self.misses {
            println!("miss: {} {miss}", self.api);
        }
        let pct = |n: usize| {
            if self.operations == 0 {
                100.0
            } else {
                n as f64 * 100.0 / self.operations as f64
            }
        };
        println!(
            "{}: {} operations, {} called ({:.1}%), {} accepted ({:.1}%), {} parsed ({:.1}%); {} notes on docs examples that violate their schema",
            self.api,
            self.operations,
            self.called,
            pct(self.called),
            self.accepted,
            pct(self.accepted),
            self.parsed,
            pct(self.parsed),
            notes.len()
        );
        self.parsed == self.operations
    }
}

/// The command line.
struct Options {
    base_url: String,
    token: String,
    apis: Vec<String>,
}

const USAGE: &str = "usage: smoke --base-url URL [--api NAME]... [--token TOKEN]

Calls every operation of the generated clients once against URL (all APIs, or
those named with --api) and prints the misses and the counts.";

impl Options {
    fn parse() -> Result<Options, String> {
        let mut options = Options { base_url: String::new(), token: "smoke".into(), apis: Vec::new() };
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            let (key, inline) = match a.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (a.clone(), None),
            };
            if key == "--help" || key == "-h" {
                return Err(String::new());
            }
            let value = match inline.or_else(|| args.next()) {
                Some(v) => v,
                None => return Err(format!("{key} needs a value")),
            };
            match key.as_str() {
                "--base-url" => options.base_url = value,
                "--token" => options.token = value,
                "--api" => options.apis.push(value),
                other => return Err(format!("unknown option {other}")),
            }
        }
        if options.base_url.is_empty() {
            return Err("--base-url is required".into());
        }
        Ok(options)
    }

    fn wants(&self, api: &str) -> bool {
        self.apis.is_empty() || self.apis.iter().any(|a| a == api)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let options = match Options::parse() {
        Ok(options) => options,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if run_all(&options).await {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
