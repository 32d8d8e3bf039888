//! The README's client example is the code CI compiles against a real client
//! (`tests/corpus/readme_client.rs`), so the README cannot drift from it.

mod common;

use common::workspace;

#[test]
fn readme_client_example_is_the_compiled_one() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let compiled =
        std::fs::read_to_string(workspace().join("tests/corpus/readme_client.rs")).unwrap();
    let code: String = compiled
        .lines()
        .skip_while(|l| l.starts_with("//!") || l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let start = readme
        .find("Using the client (")
        .expect("the README introduces its client example");
    let block = &readme[start..];
    let open = block.find("```rust\n").expect("a rust block") + "```rust\n".len();
    let close = block[open..].find("```\n").expect("the block ends") + open;
    assert_eq!(
        &block[open..close],
        code,
        "README.md's client example differs from tests/corpus/readme_client.rs"
    );
}
