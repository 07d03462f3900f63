//! `SY0001` diagnostics of the YAML layer: message, place, labels and help.

use std::fmt::Write;

use switchyard_diagnostics::{Code, FileId};
use switchyard_syntax::yaml::{decode_source, parse_stream};

/// Renders each diagnostic as `message`, then one line per label (`primary`/`secondary`, the
/// file text under it, the label message) and the help.
fn render(text: &str) -> String {
    let (_, diagnostics) = parse_stream(text, FileId(0));
    let mut out = String::new();
    for diagnostic in &diagnostics {
        assert_eq!(diagnostic.code, Code::SY0001);
        writeln!(out, "{}", diagnostic.message).unwrap();
        for label in &diagnostic.labels {
            let kind = if label.primary { "primary" } else { "secondary" };
            let range = label.span.range;
            writeln!(out, "  {kind} {range:?} {:?}: {}", &text[range.to_usize()], label.message)
                .unwrap();
        }
        if let Some(help) = &diagnostic.help {
            writeln!(out, "  help: {help}").unwrap();
        }
    }
    out
}

#[track_caller]
fn check(text: &str, expected: &str) {
    let actual = render(text);
    assert_eq!(actual.trim(), expected.trim(), "\n{actual}");
}

#[test]
fn bang_expressions_read_as_tags() {
    check(
        "expressions:\n  - !has(req.x)\n  - !req.url.path.startsWith('/a')\n",
        r#"
unexpected tag `!has(req.x)`
  primary 17..28 "!has(req.x)": YAML reads this as a tag, not as text
  help: an expression starting with `!` must be quoted: write "!has(req.x)"
unexpected tag `!req.url.path.startsWith('/a')`
  primary 33..63 "!req.url.path.startsWith('/a')": YAML reads this as a tag, not as text
  help: an expression starting with `!` must be quoted: write "!req.url.path.startsWith('/a')"
"#,
    );
    check(
        "- !req.a == \"x\"\n",
        r#"
unexpected tag `!req.a`
  primary 2..8 "!req.a": YAML reads this as a tag, not as text
  help: an expression starting with `!` must be quoted: write '!req.a == "x"'
"#,
    );
    // `|` after a tag starts a block scalar, which then fails.
    check(
        "- !a || b\n",
        r#"
unquoted expression starting with `!`
  primary 2..9 "!a || b": YAML reads `!` as the start of a tag
  help: an expression starting with `!` must be quoted: write "!a || b"
"#,
    );
}

#[test]
fn tags() {
    check("a: !!str 1\nb: !!int 2\nc: !!map {}\nd: !!seq []\ne: !!null\n", "");
    check(
        "a: !!binary aGk=\nb: !custom {x: 1}\n",
        r#"
unexpected tag `!!binary`
  primary 3..11 "!!binary": unsupported tag
  help: only the YAML core tags `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and `!!seq` are supported: remove the tag
unexpected tag `!custom`
  primary 20..27 "!custom": YAML reads this as a tag, not as text
  help: an expression starting with `!` must be quoted: write "!…"; other tags are not supported
"#,
    );
}

#[test]
fn duplicate_keys() {
    check(
        "a: 1\nb: 2\n'a': 3\n",
        r#"
duplicate key `a`
  primary 10..13 "'a'": defined again here
  secondary 0..1 "a": first defined here
  help: write each key once per mapping; remove or rename one of the entries
"#,
    );
    check("1: a\n'1': b\n", "");
    check("base: &b {a: 1}\nm:\n  <<: *b\n  a: 2\n", "");
}

#[test]
fn tabs() {
    check(
        "a:\n\tb: 1\n",
        r#"
tabs are not allowed in indentation
  primary 3..4 "\t": tab
  help: indent with spaces
"#,
    );
    check(
        "a:\n  b: 1\n\tc: 2\n",
        r#"
tabs are not allowed in indentation
  primary 10..11 "\t": tab
  help: indent with spaces
"#,
    );
}

#[test]
fn quotes_and_escapes() {
    check(
        "a: 'abc\n",
        r#"
unclosed single quote
  primary 3..4 "'": this quote is never closed
  help: add the closing `'` at the end of the value
"#,
    );
    check(
        "a: \"abc\nb: 1\n",
        r#"
unclosed double quote
  primary 3..4 "\"": this quote is never closed
  help: add the closing `"` at the end of the value
"#,
    );
    check(
        "a: \"req.x.matches('\\d+')\"\n",
        r#"
invalid escape sequence `\d`
  primary 19..21 "\\d": unknown escape
  help: inside double quotes `\` starts an escape: write `\\d` for a literal `\d`, or use single quotes or a block scalar
"#,
    );
    check(
        "a: \"\\x4g\"\n",
        r#"
invalid escape sequence `\x4`
  primary 4..7 "\\x4": too few hex digits
  help: `\x` takes 2 hex digits, `\u` 4 and `\U` 8
"#,
    );
    check(
        "a: \"x\" y\n",
        r#"
unexpected text after a quoted string
  primary 7..8 "y": after the closing quote
  help: quote the whole value, or move this text inside the quotes
"#,
    );
}

#[test]
fn indentation() {
    check(
        "a:\n  b: 1\n c: 2\n",
        r#"
bad indentation
  primary 11..12 "c": expected a key aligned with the keys above
  help: indent this line like the other keys of its mapping, or deeper under a key
"#,
    );
    check(
        "a:\n  - b\n  c: 2\n",
        r#"
bad indentation
  primary 11..12 "c": expected a `- ` list item
  help: start every item of the list with `- ` at the same indentation
"#,
    );
    check(
        "a: b: c\n",
        r#"
unexpected `:` in a value
  primary 4..5 ":": `: ` here starts a mapping value
  help: quote the value if it contains `: ` (write "..."), or put the nested mapping on its own, more indented line
"#,
    );
}

#[test]
fn flow_collections() {
    check(
        "a: [1, 2\nb: 3\n",
        r#"
unexpected `:`
  primary 10..11 ":": a `:` cannot start here
  secondary 3..4 "[": inside the `[` opened here
  help: quote the value if it contains `:`
"#,
    );
    check(
        "a: [1, 2\n",
        r#"
expected `,` or `]`
  primary 9..9 "": the list is not closed before this
  secondary 3..4 "[": `[` opened here
  help: separate the entries with `,` and close the list with `]`
"#,
    );
    check(
        "a: {x: 1\n",
        r#"
expected `,` or `}`
  primary 9..9 "": the mapping is not closed before this
  secondary 3..4 "{": `{` opened here
  help: separate the entries with `,` and close the mapping with `}`
"#,
    );
}

#[test]
fn aliases() {
    check(
        "a: *nope\n",
        r#"
unknown alias `*nope`
  primary 3..8 "*nope": no anchor with this name
  help: define the anchor with `&nope` on a node earlier in the same document
"#,
    );
    check(
        "a: &x 1\n---\nb: *x\n",
        r#"
unknown alias `*x`
  primary 15..17 "*x": no anchor with this name
  help: define the anchor with `&x` on a node earlier in the same document
"#,
    );
    check(
        "a: &x [1, *x]\n",
        r#"
alias `*x` refers to a node that contains it
  primary 10..12 "*x": recursive alias
  help: an alias cannot refer to the node that contains it: move `*x` out
"#,
    );
    check(
        "a: &x 1\nm:\n  <<: *x\n",
        r#"
merge key `<<` needs a mapping or a list of mappings
  primary 17..19 "*x": not a mapping
  help: write `<<: *anchor` or `<<: [*a, *b]` where each anchor names a mapping
"#,
    );
}

#[test]
fn alias_bombs_are_capped() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let prev = level - 1;
        let items = vec![format!("*a{prev}"); 10].join(", ");
        writeln!(text, "a{level}: &a{level} [{items}]").unwrap();
    }
    let (documents, diagnostics) = parse_stream(&text, FileId(0));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].message, "too many nodes after alias expansion");
    assert_eq!(documents.len(), 1);
}

#[test]
fn deep_nesting_is_reported_not_overflowed() {
    for text in ["[".repeat(100_000), "{a: ".repeat(100_000), "- ".repeat(100_000)] {
        let (_, diagnostics) = parse_stream(&text, FileId(0));
        assert!(
            diagnostics.iter().any(|d| d.message == "nesting deeper than 200 levels"),
            "{diagnostics:#?}"
        );
    }
    let mut text = String::new();
    for depth in 0..300 {
        writeln!(text, "{}k{depth}:", "  ".repeat(depth)).unwrap();
    }
    let (documents, diagnostics) = parse_stream(&text, FileId(0));
    assert_eq!(documents.len(), 1);
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["nesting deeper than 200 levels"]);
    let text = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(parse_stream(&text, FileId(0)).1, []);
}

#[test]
fn partial_documents_are_kept() {
    let (documents, diagnostics) = parse_stream("a: 1\n---\nb: 2\nc: [\n", FileId(0));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(documents.len(), 2);
    assert!(!documents[0].truncated);
    assert!(documents[1].truncated);
    let root = documents[1].root.as_ref().unwrap();
    let value = root.get("b").and_then(|node| node.as_scalar()).map(|scalar| scalar.value.as_str());
    assert_eq!(value, Some("2"));
    // The unclosed list is kept as far as it was read.
    assert_eq!(root.get("c").and_then(|node| node.as_sequence()), Some(&[][..]));
}

#[test]
fn not_utf8() {
    let bytes = b"a: 1\nb: \xff\xfe\n";
    let diagnostic = decode_source(bytes, FileId(3)).unwrap_err();
    assert_eq!(diagnostic.message, "file is not valid UTF-8");
    let span = diagnostic.primary_span().unwrap();
    assert_eq!((span.file, span.range.start, span.range.end), (FileId(3), 8, 9));
    assert_eq!(diagnostic.help.as_deref(), Some("save the file as UTF-8"));
    let diagnostic = decode_source(b"\xff\xfea\x00", FileId(0)).unwrap_err();
    assert_eq!(diagnostic.message, "file is UTF-16 encoded");
    let text = decode_source(b"\xef\xbb\xbfa: 1\n", FileId(0)).unwrap();
    let (documents, diagnostics) = parse_stream(text, FileId(0));
    assert!(diagnostics.is_empty());
    let key = &documents[0].root.as_ref().unwrap().as_mapping().unwrap()[0].key;
    assert_eq!(key.span.start, 3);
}

#[test]
fn nested_anchors_over_an_alias_bomb_are_capped() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..4 {
        let prev = level - 1;
        let items = vec![format!("*a{prev}"); 10].join(", ");
        writeln!(text, "a{level}: &a{level} [{items}]").unwrap();
    }
    // Each level below is anchored, so each would keep a copy of the expanded tree.
    text.push_str("b: ");
    for level in 0..150 {
        write!(text, "&n{level} [").unwrap();
    }
    text.push_str("*a3");
    text.push_str(&"]".repeat(150));
    text.push_str("\nc: *n140\n");
    let start = std::time::Instant::now();
    let (_, diagnostics) = parse_stream(&text, FileId(0));
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["too many nodes after alias expansion"]);
    assert!(start.elapsed().as_secs() < 10);
}
