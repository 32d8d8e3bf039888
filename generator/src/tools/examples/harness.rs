//! The docs' examples, round-tripped through the generated types.
//!
//! `tests/examples.json` holds every distinct example that `mdx-codegen examples`
//! found in the docs: request and response bodies, and `example` on schemas, each
//! with the generated type of its position and the verdict of an independent JSON
//! Schema check against the schema it is given for. This test parses each example
//! from its JSON text into that type, writes it back, and compares the two as JSON
//! values: the same keys, nulls, numbers and strings.
//!
//! Run with `cargo test --test examples`. Arguments not starting with `-` keep only
//! the examples whose page or place contains one of them; `--verbose` lists every
//! example. The run fails when a schema-valid example does not round-trip exactly:
//! that is a bug of the generator. Schema-invalid examples are reported apart.

use std::process::ExitCode;

use serde_json::Value;

/// Parses JSON text as one type and writes it back; on failure, the message and the
/// column the parser stopped at.
type CheckFn = fn(&str) -> Result<String, (String, usize)>;

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(
    json: &str,
) -> Result<String, (String, usize)> {
    let value: T = serde_json::from_str(json).map_err(|e| {
        let text = e.to_string();
        let message = match text.rsplit_once(" at line ") {
            Some((message, _)) => message.to_owned(),
            None => text,
        };
        (message, e.column())
    })?;
    serde_json::to_string(&value).map_err(|e| (format!("cannot be written back: {e}"), 0))
}

/// One entry of `tests/examples.json`.
#[derive(serde::Deserialize)]
struct Example {
    /// Index into `TYPES`; none for an example with no type of its own.
    #[serde(rename = "type")]
    ty: Option<usize>,
    page: String,
    place: String,
    within: String,
    pointer: String,
    copies: u64,
    valid: bool,
    why: String,
    json: String,
}

impl Example {
    fn place(&self) -> String {
        if self.within.is_empty() {
            self.place.clone()
        } else {
            format!("{}, schema at {}", self.place, self.within)
        }
    }

    fn copies(&self) -> String {
        match self.copies {
            0 | 1 => String::new(),
            2 => " (and 1 identical copy)".to_owned(),
            n => format!(" (and {} identical copies)", n - 1),
        }
    }
}

/// What the type made of an example.
enum Outcome {
    /// Written back exactly.
    Exact,
    /// Accepted, but written back differently: where, and how.
    Altered(String, String),
    /// Rejected: where, and why.
    Rejected(String, String),
}

fn run(ex: &Example, check: CheckFn) -> Outcome {
    let original: Value = match serde_json::from_str(&ex.json) {
        Ok(v) => v,
        Err(e) => return Outcome::Rejected(String::new(), format!("the example is not JSON: {e}")),
    };
    let written = match check(&ex.json) {
        Ok(text) => text,
        Err((why, column)) => return Outcome::Rejected(pointer_at(&ex.json, column), why),
    };
    let back: Value = match serde_json::from_str(&written) {
        Ok(v) => v,
        Err(e) => return Outcome::Altered(String::new(), format!("written back as invalid JSON: {e}")),
    };
    let mut at = String::new();
    match first_difference(&original, &back, &mut at) {
        None => Outcome::Exact,
        Some(why) => Outcome::Altered(at, why),
    }
}

fn brief(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The first place where `b` differs from `a`, as a JSON pointer in `at`, and how.
fn first_difference(a: &Value, b: &Value, at: &mut String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let len = at.len();
                at.push('/');
                at.push_str(&escape(k));
                match y.get(k) {
                    None => return Some(format!("{} was dropped", brief(v))),
                    Some(w) => {
                        if let Some(why) = first_difference(v, w, at) {
                            return Some(why);
                        }
                    }
                }
                at.truncate(len);
            }
            for (k, w) in y {
                if !x.contains_key(k) {
                    at.push('/');
                    at.push_str(&escape(k));
                    return Some(format!("{} was added", brief(w)));
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                if let Some(why) = first_difference(v, w, at) {
                    return Some(why);
                }
                at.truncate(len);
            }
            (x.len() != y.len())
                .then(|| format!("{} items were written back as {}", x.len(), y.len()))
        }
        _ if a == b => None,
        (Value::Number(x), Value::Number(y)) => {
            Some(format!("the number {x} was written back as {y}"))
        }
        _ => Some(format!("{} was written back as {}", brief(a), brief(b))),
    }
}

/// The JSON pointer of the value being read at byte `column` (1-based) of `text`,
/// the one line of compact JSON the parser stopped in.
fn pointer_at(text: &str, column: usize) -> String {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let bytes = text.as_bytes();
    let end = column.saturating_sub(1).min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(key)) => {
                    *key = None;
                    expect_key = true;
                }
                None => {}
            },
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if expect_key {
                    expect_key = false;
                    let raw = text.get(start..=i.min(bytes.len() - 1)).unwrap_or("\"\"");
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = serde_json::from_str(raw).ok();
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut out = String::new();
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => {
                out.push('/');
                out.push_str(&escape(k));
            }
            Frame::Object(None) => {}
            Frame::Array(n) => out.push_str(&format!("/{n}")),
        }
    }
    out
}

fn main() -> ExitCode {
    // Deeply nested types recurse deeply in debug builds: give them room.
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run_all);
    match worker.map(|w| w.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("examples: the test runner crashed");
            ExitCode::FAILURE
        }
    }
}

fn run_all() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let filters: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/examples.json");
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("examples: cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let examples: Vec<Example> = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("examples: {path} is not an example list: {e}");
            return ExitCode::FAILURE;
        }
    };
    let selected = examples.iter().filter(|ex| {
        filters.is_empty()
            || filters
                .iter()
                .any(|f| ex.page.contains(f) || ex.place.contains(f))
    });

    let (mut found, mut valid, mut exact, mut accepted) = (0usize, 0usize, 0usize, 0usize);
    let (mut untyped, mut occurrences) = (0usize, 0u64);
    let mut failures = Vec::new();
    let mut invalid = Vec::new();
    let mut without_type = Vec::new();
    for ex in selected {
        occurrences += ex.copies;
        let Some(ty) = ex.ty else {
            untyped += 1;
            let verdict = if ex.valid { "valid".to_owned() } else { format!("invalid: {}", ex.why) };
            without_type.push(format!("  {}: {}: {} ({verdict})", ex.page, ex.place(), ex.pointer));
            continue;
        };
        let Some(&(type_name, check)) = TYPES.get(ty) else {
            eprintln!("examples: {}: unknown type index {ty}", ex.pointer);
            return ExitCode::FAILURE;
        };
        found += 1;
        let outcome = run(ex, check);
        let result = match &outcome {
            Outcome::Exact => "round-trips exactly".to_owned(),
            Outcome::Altered(at, why) => format!("accepted, but changed at {}: {why}", shown(at)),
            Outcome::Rejected(at, why) => format!("rejected at {}: {why}", shown(at)),
        };
        if verbose {
            println!(
                "{} {}: {}: {} [{type_name}]: {result}",
                if ex.valid { "valid  " } else { "invalid" },
                ex.page,
                ex.place(),
                ex.pointer
            );
        }
        if ex.valid {
            valid += 1;
            if matches!(outcome, Outcome::Exact) {
                exact += 1;
            } else {
                failures.push(format!(
                    "  FAIL {}: {}: {}{}\n       as {type_name}: {result}",
                    ex.page,
                    ex.place(),
                    ex.pointer,
                    ex.copies()
                ));
            }
        } else {
            let types_say = match &outcome {
                Outcome::Rejected(..) => format!("the types reject it too: {result}"),
                _ => {
                    accepted += 1;
                    format!("the types accept it: {result}")
                }
            };
            invalid.push(format!(
                "  INVALID {}: {}: {}{}\n       schema: {}\n       as {type_name}: {types_say}",
                ex.page,
                ex.place(),
                ex.pointer,
                ex.copies(),
                ex.why
            ));
        }
    }

    if !invalid.is_empty() {
        println!("Examples that violate their own schema (not failures of the generator):");
        for line in &invalid {
            println!("{line}");
        }
        println!();
    }
    if !without_type.is_empty() {
        println!(
            "Examples with no generated type of their own, checked against their schema only \
             (allOf members merged into their parent, bodies without a schema, schemas the \
             generator ignores):"
        );
        for line in &without_type {
            println!("{line}");
        }
        println!();
    }
    if !failures.is_empty() {
        println!("Schema-valid examples that do not round-trip (generator bugs):");
        for line in &failures {
            println!("{line}");
        }
        println!();
    }
    println!(
        "examples: {found} found, {valid} schema-valid, {exact} round-trip, {accepted} invalid-but-accepted"
    );
    println!(
        "          ({untyped} more without a type of their own; {occurrences} occurrences in the docs, identical copies checked once)"
    );
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("examples: {} schema-valid examples do not round-trip", failures.len());
        ExitCode::FAILURE
    }
}

fn shown(at: &str) -> &str {
    if at.is_empty() {
        "the root"
    } else {
        at
    }
}
