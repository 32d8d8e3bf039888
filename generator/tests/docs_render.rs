//! Tests of `mdx_codegen::docs`: converting docs text (HTML mixed with markdown) into
//! rustdoc-safe doc comment lines.

use mdx_codegen::docs::{to_rustdoc, to_rustdoc_string};

/// The converted doc comment as one string, lines joined with `\n`.
fn md(input: &str) -> String {
    to_rustdoc(input).join("\n")
}

/// Runs `(input, expected)` cases, reporting every mismatch at once.
fn check(cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let got = md(input);
        if got != *expected {
            failures.push(format!(
                "input:    {input:?}\nexpected: {expected:?}\ngot:      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn empty_and_blank_input_give_no_lines() {
    for input in [
        "",
        "   ",
        "\n\n",
        " \n \t \n",
        "<br>",
        "</br> <br/>",
        "<p></p>",
        "\u{0}",
    ] {
        assert!(
            to_rustdoc(input).is_empty(),
            "{input:?}: {:?}",
            to_rustdoc(input)
        );
        assert_eq!(to_rustdoc_string(input), "", "{input:?}");
    }
}

#[test]
fn plain_text_is_kept() {
    check(&[
        ("Hello world.", "Hello world."),
        ("  Leading and trailing  \n\n", "Leading and trailing"),
        ("Two\nlines", "Two\nlines"),
        ("a\n\n\n\nb", "a\n\nb"),
        (
            "x <= y and a < b and 1<2 and <3",
            "x <= y and a < b and 1<2 and <3",
        ),
    ]);
}

#[test]
fn html_code_becomes_code_spans() {
    check(&[
        ("Use <code>owner-id</code> here", "Use `owner-id` here"),
        ("<code>a`b</code>", "``a`b``"),
        ("<code>`x`</code>", "`` `x` ``"),
        ("<CODE>List&lt;String&gt;</CODE>", "`List<String>`"),
        ("<code>a\n  b</code>", "`a b`"),
        ("<code></code>gone", "gone"),
        (
            "<tt>tt</tt> <kbd>Ctrl</kbd> <samp>out</samp>",
            "`tt` `Ctrl` `out`",
        ),
    ]);
}

#[test]
fn html_breaks_and_paragraphs() {
    check(&[
        (
            "Line one<br>line two<br/>line three</br>four",
            "Line one\nline two\nline three\nfour",
        ),
        ("first. </br> </br> second", "first.\n\nsecond"),
        ("<p>Para one</p><p>Para two</p>", "Para one\n\nPara two"),
        ("<div>one</div><div>two</div>", "one\n\ntwo"),
        ("a<BR>b", "a\nb"),
    ]);
}

#[test]
fn html_lists_become_markdown_lists() {
    check(&[
        (
            "Rights: <ul>\n  <li>idn:a:read</li>\n  <li>idn:b:read</li>\n</ul>",
            "Rights:\n\n- idn:a:read\n- idn:b:read",
        ),
        ("<ol><li>one</li><li>two</li></ol>", "1. one\n2. two"),
        (
            "<ol start=\"3\"><li>three</li><li>four</li></ol>",
            "3. three\n4. four",
        ),
        (
            "<ul><li>outer<ul><li>inner</li></ul></li><li>next</li></ul>",
            "- outer\n  - inner\n- next",
        ),
        ("<ul><li>a<li>b</ul>after", "- a\n- b\n\nafter"),
        ("<ul><li>a<br>b</li></ul>", "- a\n  b"),
        (
            "<ul><li><p>para</p><pre>code</pre></li></ul>",
            "- para\n\n  ```text\n  code\n  ```",
        ),
        // Text after a nested list stays in the outer item, as its own paragraph.
        (
            "<ul><li>outer<ul><li>inner</li></ul>tail</li></ul>",
            "- outer\n\n  - inner\n\n  tail",
        ),
    ]);
}

#[test]
fn html_emphasis_and_strikethrough() {
    check(&[
        ("<b>bold</b> <strong>strong</strong>", "**bold** **strong**"),
        ("<i>it</i> <em>em</em>", "*it* *em*"),
        ("<s>gone</s> <del>del</del>", "~~gone~~ ~~del~~"),
        ("a <b> spaced </b> b", "a  **spaced**  b"),
        ("<b></b>empty", "empty"),
        ("<b><i>both</i></b>", "***both***"),
        // Without a closing tag these are not markup.
        ("unclosed <b>bold", "unclosed &lt;b>bold"),
        ("Vec<S> of S", "Vec&lt;S> of S"),
    ]);
}

#[test]
fn html_links_and_images() {
    check(&[
        (
            "See <a href=\"https://example.com/a_b?x=1&amp;y=2\">the docs</a>.",
            "See [the docs](https://example.com/a_b?x=1&y=2).",
        ),
        ("<a href='/relative/path'>relative</a>", "relative"),
        ("<a href=\"https://x.com\"></a>", "<https://x.com>"),
        (
            "<a href=\"https://x.com/a b\">sp</a>",
            "[sp](https://x.com/a%20b)",
        ),
        ("<a>no href</a>", "no href"),
        (
            "<a href=\"https://x.com\">with [brackets] and `code`</a>",
            "[with \\[brackets\\] and `code`](https://x.com)",
        ),
        (
            "<img src=\"https://example.com/i.png\" alt=\"pic\">",
            "![pic](https://example.com/i.png)",
        ),
        ("<img src=\"local.png\" alt=\"alt text\">", "alt text"),
    ]);
}

#[test]
fn html_pre_becomes_text_fence() {
    check(&[
        (
            "<pre>\n  fn main() {\n      println!(\"hi\");\n  }\n</pre>",
            "```text\nfn main() {\n    println!(\"hi\");\n}\n```",
        ),
        (
            "<pre><code class=\"language-json\">{\"a\": [1, 2]}</code></pre>",
            "```json\n{\"a\": [1, 2]}\n```",
        ),
        (
            "<pre class=\"language-rust\">let x = 1;</pre>",
            "```text\nlet x = 1;\n```",
        ),
        ("<pre>a &lt;b&gt; ```</pre>", "````text\na <b> ```\n````"),
        (
            "Before<pre>x</pre>after",
            "Before\n\n```text\nx\n```\n\nafter",
        ),
    ]);
}

#[test]
fn html_headings_rules_and_tables() {
    check(&[
        ("<h1>Title</h1>Text", "# Title\n\nText"),
        ("<h3>Sub <i>x</i></h3>", "### Sub *x*"),
        ("<h2>a<br>b</h2>", "## a b"),
        ("<hr>after", "---\n\nafter"),
        (
            "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>",
            "A | B\n\n1 | 2",
        ),
        ("<script>alert(1)</script>shown<style>.x{}</style>", "shown"),
        ("<!-- comment -->after", "after"),
        ("<span class=\"x\">span</span> <u>u</u>", "span u"),
        (
            "<details><summary>More</summary>hidden</details>",
            "More\n\nhidden",
        ),
    ]);
}

#[test]
fn entities_are_decoded() {
    check(&[
        (
            "&lt; &gt; &amp; &quot; &#39; &copy; &#x41;&#65;",
            "< > & \" ' © AA",
        ),
        ("a&nbsp;b", "a b"),
        ("&lt;tenant&gt;", "&lt;tenant>"),
        // A decoded `&` that would read as an entity stays escaped.
        ("&amp;lt;", "&amp;lt;"),
        // Decoded markdown syntax is escaped.
        ("&#42;not emphasis&#42;", "\\*not emphasis\\*"),
        ("&#35; not a heading", "\\# not a heading"),
        ("&gt; not a quote", "&gt; not a quote"),
        ("&unknown; stays", "&unknown; stays"),
        ("&#0; &#xD800;", "\u{FFFD} \u{FFFD}"),
    ]);
}

#[test]
fn non_html_angle_brackets_are_escaped() {
    check(&[
        ("List<String>", "List&lt;String>"),
        ("Map<String, Object>", "Map&lt;String, Object>"),
        ("/v3/<tenant>/<id>", "/v3/&lt;tenant>/&lt;id>"),
        ("</id> and <!doctype>", "&lt;/id> and &lt;!doctype>"),
        ("<SourceName>", "&lt;SourceName>"),
        ("`<SourceName>` in code", "`<SourceName>` in code"),
        ("<source>", "&lt;source>"),
        (
            "<https://already.example.com>",
            "<https://already.example.com>",
        ),
        ("mail <foo@example.com>", "mail <foo@example.com>"),
    ]);
}

#[test]
fn code_fences_never_become_doctests() {
    check(&[
        ("```\nfn main() {}\n```", "```text\nfn main() {}\n```"),
        ("```rust\nlet x = 1;\n```", "```text\nlet x = 1;\n```"),
        ("```rust,ignore\nx\n```", "```text\nx\n```"),
        ("```should_panic\nx\n```", "```text\nx\n```"),
        ("```json\n{\"a\": 1}\n```", "```json\n{\"a\": 1}\n```"),
        ("```JSON\n{}\n```", "```json\n{}\n```"),
        ("```yaml\na: 1\n```", "```yaml\na: 1\n```"),
        ("```java\nclass A {}\n```", "```java\nclass A {}\n```"),
        ("```json,rust\n{}\n```", "```json\n{}\n```"),
        ("```foo-lang\nx\n```", "```text\nx\n```"),
        ("~~~\ntilde\n~~~", "```text\ntilde\n```"),
        ("~~~\n```\ninner\n```\n~~~", "````text\n```\ninner\n```\n````"),
        ("```\nunclosed", "```text\nunclosed\n```"),
        ("```\n\n```", ""),
        // Indented code is fenced as text.
        (
            "Example:\n\n    let x = 5;\n    assert!(false);\n",
            "Example:\n\n```text\nlet x = 5;\nassert!(false);\n```",
        ),
        // Docusaurus MDX blocks: imports and components dropped, markdown kept.
        (
            "```mdx-code-block\nimport DocCardList from '@theme/DocCardList';\n\n<DocCardList items={x}/>\n```",
            "",
        ),
        ("```mdx-code-block\nSome **markdown**\n```", "Some **markdown**"),
        // A backtick run with a backtick in its info string is inline code, not a fence.
        (
            "```owner.id eq \"x\"``` -- returns searches",
            "```owner.id eq \"x\"``` -- returns searches",
        ),
    ]);
}

#[test]
fn square_brackets_are_escaped_unless_links() {
    check(&[
        ("Values [1] and [foo]", "Values \\[1\\] and \\[foo\\]"),
        ("[ACTIVE, INACTIVE]", "\\[ACTIVE, INACTIVE\\]"),
        ("empty [] list", "empty \\[\\] list"),
        ("[link](https://example.com)", "[link](https://example.com)"),
        (
            "[t](https://example.com \"title\")",
            "[t](https://example.com \"title\")",
        ),
        ("[rel](foo) and [path](/docs/x)", "rel and path"),
        ("[x][y] and [^1]", "\\[x\\]\\[y\\] and \\[^1\\]"),
        (
            "[foo]: https://example.com/foo",
            "\\[foo\\]: <https://example.com/foo>",
        ),
        ("already \\[escaped\\]", "already \\[escaped\\]"),
        ("`[in code]`", "`[in code]`"),
        (
            "[a [nested] b](https://x.com)",
            "[a \\[nested\\] b](https://x.com)",
        ),
        ("[](https://x.com)", "[https://x.com](https://x.com)"),
        (
            "[![img](https://x.com/i.png)](https://x.com)",
            "[![img](https://x.com/i.png)](https://x.com)",
        ),
        ("![alt](relative.png)", "alt"),
        (
            "SOD fields [\"id\",\"name\"]",
            "SOD fields \\[\"id\",\"name\"\\]",
        ),
        ("byte[] bytes", "byte\\[\\] bytes"),
    ]);
}

#[test]
fn bare_urls_are_wrapped() {
    check(&[
        (
            "See https://example.com/a_b.",
            "See <https://example.com/a_b>.",
        ),
        ("(http://example.com/x)", "(<http://example.com/x>)"),
        (
            "https://en.wikipedia.org/wiki/Foo_(bar), ok",
            "<https://en.wikipedia.org/wiki/Foo_(bar)>, ok",
        ),
        (
            "https://{tenant}.api.identitynow.com/v3",
            "<https://{tenant}.api.identitynow.com/v3>",
        ),
        ("**https://x.com/y**", "**<https://x.com/y>**"),
        ("HTTPS://X.COM/Y", "<HTTPS://X.COM/Y>"),
        ("http:// alone", "http:// alone"),
        ("`https://in.code`", "`https://in.code`"),
        (
            "[https://x.com](https://x.com)",
            "[https://x.com](https://x.com)",
        ),
        ("a\\https://x.com", "a\\\\<https://x.com>"),
        ("https://x.com/a\\_b", "<https://x.com/a_b>"),
        ("https://x.com/&lt;id&gt;", "<https://x.com/>&lt;id>"),
    ]);
}

#[test]
fn lists_are_normalized_for_clippy() {
    check(&[
        // doc_lazy_continuation: the continuation line is indented.
        ("- item\ncontinued", "- item\n  continued"),
        // doc_overindented_list_items: extra indentation is removed.
        ("- item\n        over", "- item\n  over"),
        // A paragraph after a list gets a blank line (it was part of the item before,
        // lazily; rendered inside the item now).
        ("- a\n- b\n\nAfter", "- a\n- b\n\nAfter"),
        ("Intro:\n- a\n- b", "Intro:\n\n- a\n- b"),
        ("* star\n+ plus", "- star\n\n+ plus"),
        (
            "1. one\n2. two\n10. ten\n    more",
            "1. one\n2. two\n3. ten\n   more",
        ),
        ("3) three\n4) four", "3. three\n4. four"),
        (
            "- a\n\n  para in a\n- b\n  - nested\n  back in b",
            "- a\n\n  para in a\n\n- b\n\n  - nested\n    back in b",
        ),
        (
            "- a\n  - nested\n\n  after nested",
            "- a\n\n  - nested\n\n  after nested",
        ),
        (
            "- a\n\n      code in item",
            "- a\n\n  ```text\n  code in item\n  ```",
        ),
        ("Para\n2. not a list", "Para\n2\\. not a list"),
        ("- \n- second", "- second"),
        ("-\tTab item", "- Tab item"),
    ]);
}

#[test]
fn block_quotes_headings_rules_tables() {
    check(&[
        ("> quote\nlazy", "> quote\n> lazy"),
        ("> - in quote\nlazy", "> - in quote\n>   lazy"),
        (
            "Heading\n=======\n\nSub\n---\nText",
            "# Heading\n\n## Sub\n\nText",
        ),
        ("# Title #\n\n#hashtag", "# Title\n\n#hashtag"),
        ("Text\n***\n___", "Text\n\n---\n\n---"),
        (
            "| a | b |\n|---|---|\n| [1] | https://x.com |",
            "| a | b |\n|---|---|\n| \\[1\\] | <https://x.com> |",
        ),
        (
            "Cells<br>\n| a | b |\n|---|---|\n| x<br>y | z |",
            "Cells\n\n| a | b |\n|---|---|\n| x y | z |",
        ),
    ]);
}

#[test]
fn emphasis_characters_in_text_are_kept() {
    check(&[
        ("idn:*:read", "idn:*:read"),
        ("snake_case_names and 2*3*4", "snake_case_names and 2*3*4"),
        ("*emphasis*\n**strong**", "*emphasis*\n**strong**"),
        ("__Example__", "__Example__"),
    ]);
}

#[test]
fn unmatched_backticks_are_escaped() {
    check(&[
        ("a ` b", "a \\` b"),
        ("``double`` and `single", "``double`` and \\`single"),
        ("`ok` `open", "`ok` \\`open"),
    ]);
}

#[test]
fn hostile_text_stays_text() {
    check(&[
        ("Ends */ a comment", "Ends */ a comment"),
        ("quote \"] bracket", "quote \"\\] bracket"),
        ("attr #[ start", "attr #\\[ start"),
        ("\"); } fn evil() {", "\"); } fn evil() {"),
        ("nul\u{0}byte", "nulbyte"),
        ("lone\rcr", "lonecr"),
        ("crlf\r\nline", "crlf\nline"),
        ("bell\u{7}esc\u{1b}", "bell esc"),
        ("bidi\u{202e}zw\u{200b}bom\u{feff}", "bidizwbom"),
        ("tab\there", "tab here"),
        ("    \tx", "```text\n    x\n```"),
        ("/// not a comment", "/// not a comment"),
        ("r#\"raw\"#", "r#\"raw\"#"),
    ]);
    for input in ["*/", "\"]", "#[", "\"); }", "\u{0}", "\r", "\\", "\"", "'"] {
        for line in to_rustdoc(input) {
            assert!(
                !line.contains(['\0', '\r', '\t']),
                "{input:?} gave {line:?}"
            );
        }
    }
}

/// Hard inputs for the whole-output invariants and the `syn` round trip.
const HARD_CASES: &[&str] = &[
    "This creates a token. </br> </br> Rights: <ul>\n  <li>idn:my:create</li>\n</ul>",
    "List<String> and <tenant> and <id> and Vec<S>",
    "Values [1], [foo], [ACTIVE, INACTIVE], [] and [x](foo)",
    "Bare https://example.com/path_(x) and (http://example.com/a.)",
    "```\nfn main() { assert!(false); }\n```",
    "Example:\n\n    let x = 5;\n",
    "- item\ncontinuation\n- item two\n\n      code\nafter",
    "> quote\nlazy\n> - list\nlazy",
    "Hostile */ and \"] and #[ and \"); } and \u{0} and lone\rcr and \ttab",
    "<pre>a */ b \"] c</pre>",
    "<a href=\"https://x.com/\\\"quoted\">t</a>",
    "**bold**\n**bold**\n**bold**",
    "a\n*b*\n* c",
    "- a\n  *b*\n  *c*",
    "\u{202e}\u{2066}bidi\u{2069}",
    "unicode: é → ✓ 日本",
    "```mdx-code-block\nimport X from 'y';\n<X/>\n\nText *after*\n```",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>",
    "<img src=\"https://x.com/i.png\" alt=\"a&#7;b\"> [t](https://x.com \"ti&#7;&#x202e;tle\")",
    "`code\nspan` in <code>a&#7;b</code> and &#7;&#x202e;",
];

#[test]
fn output_invariants_hold() {
    for input in HARD_CASES {
        let lines = to_rustdoc(input);
        assert!(!lines.is_empty(), "{input:?}");
        assert!(!lines[0].is_empty(), "{input:?}: leading blank line");
        assert!(
            !lines.last().is_some_and(String::is_empty),
            "{input:?}: trailing blank line"
        );
        for pair in lines.windows(2) {
            assert!(
                !(pair[0].is_empty() && pair[1].is_empty()),
                "{input:?}: two blank lines"
            );
        }
        for line in &lines {
            assert_eq!(line.trim_end(), line, "{input:?}: trailing whitespace");
            assert!(
                !line.chars().any(|c| c.is_control()
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
                "{input:?}: control character in {line:?}"
            );
        }
        // Everything at the top level starts in column 0, so rustdoc's removal of common
        // indentation can never change the meaning.
        assert!(
            lines.iter().any(|l| !l.is_empty() && !l.starts_with(' ')),
            "{input:?}"
        );
    }
}

#[test]
fn string_form_prefixes_lines_with_a_space() {
    assert_eq!(to_rustdoc_string("a\n\nb"), " a\n\n b");
    assert_eq!(to_rustdoc_string("<ul><li>x</li></ul>"), " - x");
    for input in HARD_CASES {
        let lines = to_rustdoc(input);
        let joined = to_rustdoc_string(input);
        let expected: Vec<String> = lines
            .iter()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!(" {l}")
                }
            })
            .collect();
        // Either the plain join, or (see below) all lines joined into one.
        if joined.contains('\n') || lines.len() == 1 {
            assert_eq!(joined, expected.join("\n"), "{input:?}");
        } else {
            let single = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
            assert_eq!(joined, format!(" {single}"), "{input:?}");
        }
    }
}

#[test]
fn string_form_survives_block_comment_star_stripping() {
    // prettyplease prints a multi-line doc attribute as `/** ... */`, and rustdoc strips a
    // common column of `*` from such comments. A paragraph whose lines all start with `*`
    // is therefore joined into one line (the same paragraph).
    assert_eq!(to_rustdoc_string("**a**\n**b**"), " **a** **b**");
    assert_eq!(to_rustdoc_string("a\n**b**"), " a **b**");
    assert_eq!(to_rustdoc_string("- a\n  *b*"), " - a *b*");
    // Not when some line breaks the column (a blank line, or another first character).
    assert_eq!(to_rustdoc_string("**a**\n\n**b**"), " **a**\n\n **b**");
    assert_eq!(to_rustdoc_string("**a**\nb"), " **a**\n b");
}

#[test]
fn docs_parse_as_rust_attributes() {
    let mut src = String::from("//! Hard cases.\n");
    let mut expected_docs = Vec::new();
    for (n, input) in HARD_CASES.iter().enumerate() {
        let lines = to_rustdoc(input);
        for line in &lines {
            let lit = proc_macro2::Literal::string(&format!(" {line}"));
            src.push_str(&format!("#[doc = {lit}]\n"));
        }
        src.push_str(&format!("pub struct Case{n};\n"));
        let one = proc_macro2::Literal::string(&to_rustdoc_string(input));
        src.push_str(&format!("#[doc = {one}]\npub struct Joined{n};\n"));
        expected_docs.push(lines);
    }
    // Hostile text is also safe as plain `///` comments: one line each, no line breaks.
    for (n, input) in HARD_CASES.iter().enumerate() {
        for line in to_rustdoc(input) {
            assert!(!line.contains('\n'));
            src.push_str(&format!("/// {line}\n"));
        }
        src.push_str(&format!("pub struct Sugared{n};\n"));
    }
    let file = syn::parse_file(&src).unwrap_or_else(|e| panic!("{e}\n{src}"));
    assert_eq!(file.items.len(), HARD_CASES.len() * 3);

    // The attributes hold exactly the converted lines.
    let docs_of = |item: &syn::Item| -> Vec<String> {
        let syn::Item::Struct(s) = item else {
            panic!("not a struct")
        };
        s.attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => s.value(),
                    _ => panic!("doc value is not a string literal"),
                },
                _ => panic!("doc attribute is not `doc = ...`"),
            })
            .collect()
    };
    for (n, lines) in expected_docs.iter().enumerate() {
        let with_space: Vec<String> = lines.iter().map(|l| format!(" {l}")).collect();
        assert_eq!(docs_of(&file.items[2 * n]), with_space, "case {n}");
        assert_eq!(
            docs_of(&file.items[2 * n + 1]),
            vec![to_rustdoc_string(HARD_CASES[n])],
            "case {n}"
        );
        assert_eq!(
            docs_of(&file.items[2 * HARD_CASES.len() + n]),
            with_space,
            "sugared case {n}"
        );
    }
}

#[test]
fn huge_and_deeply_nested_input_is_handled() {
    let deep_quote = ">".repeat(5000) + " x";
    let lines = to_rustdoc(&deep_quote);
    assert!(!lines.is_empty());
    let deep_list: String = (0..1000)
        .map(|i| format!("{}- x\n", " ".repeat(2 * i)))
        .collect();
    assert!(!to_rustdoc(&deep_list).is_empty());
    let deep_html = "<ul><li>a".repeat(2000) + "x" + &"</li></ul>".repeat(2000);
    let lines = to_rustdoc(&deep_html);
    let max_indent = lines.iter().map(|l| l.len() - l.trim_start().len()).max();
    assert!(
        max_indent < Some(100),
        "indentation is capped: {max_indent:?}"
    );
    let brackets = "[".repeat(20_000);
    assert_eq!(to_rustdoc(&brackets), vec!["\\[".repeat(20_000)]);
    let big = "Some <b>text</b> with [1] and https://x.com/y and `code`.\n".repeat(20_000);
    let start = std::time::Instant::now();
    let lines = to_rustdoc(&big);
    assert_eq!(lines.len(), 20_000);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn markdown_that_rustdoc_reads_differently_is_made_safe() {
    check(&[
        // Every definition of a label is shown, none becomes a link.
        (
            "[a]: https://x.com/1\n[a]: https://x.com/2\n\n[a]",
            "\\[a\\]: <https://x.com/1>\n\\[a\\]: <https://x.com/2>\n\n\\[a\\]",
        ),
        // Footnotes (which rustdoc enables) stay text.
        ("[^1]: note\n\nref[^1]", "\\[^1\\]: note\n\nref\\[^1\\]"),
        // Brackets and backticks inside raw HTML that is kept as text.
        (
            "<tenant attr=\"[x]\"> and <Foo bar='`'>",
            "&lt;tenant attr=\"\\[x\\]\"> and &lt;Foo bar='\\`'>",
        ),
        // A dropped link keeps its emphasis characters apart from the ones outside.
        ("*a [b*](foo)", "*a b\\*"),
        // A decoded `<` before a decoded letter does not open a tag.
        ("&lt;&#97;&gt;", "&lt;a>"),
        ("- [ ] task\n- [x] done", "- [ ] task\n- [x] done"),
        (
            "| a | b |\n|:--|--:|\n| `x\\|y` | &#124; |",
            "| a | b |\n|:---|---:|\n| `x\\|y` | \\| |",
        ),
        (
            "<https://x.com/a_b> and <mailto:foo@x.com>",
            "<https://x.com/a_b> and <mailto:foo@x.com>",
        ),
        (
            "Text with a <!-- unclosed comment",
            "Text with a &lt;!-- unclosed comment",
        ),
        ("<p>Para with `<b>` code</p>", "Para with `<b>` code"),
    ]);
}

#[test]
fn adversarial_input_stays_linear() {
    let cases = [
        "&amp;".repeat(20_000),
        "&nbsp;".repeat(20_000) + "x",
        "\\".repeat(50_000) + "`",
        (0..5000)
            .map(|i| format!("[a{i}]: https://x.com/{i}\n"))
            .collect(),
        "<code>".repeat(5000) + "x",
        "<pre>".repeat(5000) + "x",
        "<b>".repeat(5000) + "x" + &"</b>".repeat(5000),
        "` a ".repeat(5000),
        "https://x.com/".to_string() + &"&lt;".repeat(5000),
        "<a href=\"https://x.com\">".repeat(3000),
        "*a [b](c) ".repeat(5000),
        "https\u{e9}h\u{65e5}\u{672c}".repeat(5000),
    ];
    for input in &cases {
        let start = std::time::Instant::now();
        let lines = to_rustdoc(input);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{:?}...: took {:?}",
            input.chars().take(40).collect::<String>(),
            start.elapsed()
        );
        for line in &lines {
            assert_eq!(line.trim_end(), line);
        }
    }
}
