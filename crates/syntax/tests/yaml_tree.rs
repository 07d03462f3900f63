//! The node tree: shape, spans and values, rendered as text.
//!
//! Each node renders as `kind span "file text" = "decoded value"`.

use std::fmt::Write;

use switchyard_diagnostics::FileId;
use switchyard_syntax::yaml::{Node, NodeKind, ScalarStyle, parse_stream};

/// Renders documents and diagnostics: one line per node with its span and the file text there.
fn render(text: &str) -> String {
    let (documents, diagnostics) = parse_stream(text, FileId(0));
    let mut out = String::new();
    for document in &documents {
        let trunc = if document.truncated { " truncated" } else { "" };
        writeln!(out, "doc {:?}{trunc}", document.span).unwrap();
        if let Some(root) = &document.root {
            node(text, root, 1, &mut out);
        }
    }
    for diagnostic in &diagnostics {
        let labels: Vec<String> = diagnostic
            .labels
            .iter()
            .map(|label| {
                format!(
                    "{:?} `{}` {}",
                    label.span.range,
                    &text[label.span.range.to_usize()],
                    label.message
                )
            })
            .collect();
        writeln!(
            out,
            "error: {} [{}] help: {}",
            diagnostic.message,
            labels.join("; "),
            diagnostic.help.as_deref().unwrap_or("")
        )
        .unwrap();
    }
    out
}

fn node(text: &str, node: &Node, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let tag = node.tag.as_deref().map(|tag| format!(" {tag}")).unwrap_or_default();
    let src = &text[node.span.to_usize()];
    match &node.kind {
        NodeKind::Scalar(scalar) => {
            let style = match scalar.style {
                ScalarStyle::Plain => "plain",
                ScalarStyle::SingleQuoted => "single",
                ScalarStyle::DoubleQuoted => "double",
                ScalarStyle::Literal => "literal",
                ScalarStyle::Folded => "folded",
            };
            writeln!(out, "{pad}{style}{tag} {:?} {:?} = {:?}", node.span, src, scalar.value)
                .unwrap();
        }
        NodeKind::Sequence(items) => {
            writeln!(out, "{pad}seq{tag} {:?} {:?}", node.span, src).unwrap();
            for item in items {
                self::node(text, item, depth + 1, out);
            }
        }
        NodeKind::Mapping(entries) => {
            writeln!(out, "{pad}map{tag} {:?} {:?}", node.span, src).unwrap();
            for entry in entries {
                self::node(text, &entry.key, depth + 1, out);
                self::node(text, &entry.value, depth + 2, out);
            }
        }
    }
}

#[track_caller]
fn check(text: &str, expected: &str) {
    let actual = render(text);
    assert_eq!(actual.trim_end(), expected.trim(), "\n{actual}");
}

#[test]
fn scalar_styles_and_spans() {
    check(
        "a: \"x\\\"y\"   # c\nb: 'it''s'\nc: plain text\n  more\n",
        r#"
doc 0..47
  map 0..47 "a: \"x\\\"y\"   # c\nb: 'it''s'\nc: plain text\n  more"
    plain 0..1 "a" = "a"
      double 3..9 "\"x\\\"y\"" = "x\"y"
    plain 16..17 "b" = "b"
      single 19..26 "'it''s'" = "it's"
    plain 27..28 "c" = "c"
      plain 30..47 "plain text\n  more" = "plain text more"
"#,
    );
}

#[test]
fn block_scalar_spans() {
    check(
        "d: |\n  line1\n  line2\n\ne: >-\n  f1\n  f2\nf: |2+\n   x\n\ng: x\n",
        r#"
doc 0..55
  map 0..55 "d: |\n  line1\n  line2\n\ne: >-\n  f1\n  f2\nf: |2+\n   x\n\ng: x"
    plain 0..1 "d" = "d"
      literal 3..20 "|\n  line1\n  line2" = "line1\nline2\n"
    plain 22..23 "e" = "e"
      folded 25..37 ">-\n  f1\n  f2" = "f1 f2"
    plain 38..39 "f" = "f"
      literal 41..49 "|2+\n   x" = " x\n\n"
    plain 51..52 "g" = "g"
      plain 54..55 "x" = "x"
"#,
    );
    check(
        "a:\n  b: |\n\n    x\n  c: y\n",
        r#"
doc 0..23
  map 0..23 "a:\n  b: |\n\n    x\n  c: y"
    plain 0..1 "a" = "a"
      map 5..23 "b: |\n\n    x\n  c: y"
        plain 5..6 "b" = "b"
          literal 8..16 "|\n\n    x" = "\nx\n"
        plain 19..20 "c" = "c"
          plain 22..23 "y" = "y"
"#,
    );
    check(
        "a: |\nb: >+\n\nc: !!str |-  # hi\n  z\n",
        r#"
doc 0..33
  map 0..33 "a: |\nb: >+\n\nc: !!str |-  # hi\n  z"
    plain 0..1 "a" = "a"
      literal 3..4 "|" = ""
    plain 5..6 "b" = "b"
      folded 8..10 ">+" = "\n"
    plain 12..13 "c" = "c"
      literal !!str 15..33 "!!str |-  # hi\n  z" = "z"
"#,
    );
    check(
        "|\n x\n",
        r#"
doc 0..4
  literal 0..4 "|\n x" = "x\n"
"#,
    );
}

#[test]
fn missing_values_are_empty() {
    check(
        "a:\nb: 1\nc:",
        r#"
doc 0..10
  map 0..10 "a:\nb: 1\nc:"
    plain 0..1 "a" = "a"
      plain 2..2 "" = ""
    plain 3..4 "b" = "b"
      plain 6..7 "1" = "1"
    plain 8..9 "c" = "c"
      plain 10..10 "" = ""
"#,
    );
}

#[test]
fn flow_collections_and_documents() {
    check(
        "\u{feff}k: \"a\\\n  b\"\n---\n- {x: 1, y: [2]}\n...\n# c\n",
        r#"
doc 3..14
  map 3..14 "k: \"a\\\n  b\""
    plain 3..4 "k" = "k"
      double 6..14 "\"a\\\n  b\"" = "ab"
doc 15..39
  seq 19..35 "- {x: 1, y: [2]}"
    map 21..35 "{x: 1, y: [2]}"
      plain 22..23 "x" = "x"
        plain 25..26 "1" = "1"
      plain 28..29 "y" = "y"
        seq 31..34 "[2]"
          plain 32..33 "2" = "2"
"#,
    );
    check(
        "[ a , [ ] ,{ } ]",
        r#"
doc 0..16
  seq 0..16 "[ a , [ ] ,{ } ]"
    plain 2..3 "a" = "a"
    seq 6..9 "[ ]"
    map 11..14 "{ }"
"#,
    );
}

#[test]
fn empty_streams() {
    check("", "");
    check("# only a comment\n\n", "");
    check("---\n", "doc 0..3");
    check("--- # c\n...\n---\n", "doc 0..11\ndoc 12..15");
}

#[test]
fn anchors_and_merge_keys() {
    check(
        "base: &b\n  x: 1\n  y: 2\nj:\n  <<: *b\n  y: 3\nk: *b\n",
        r#"
doc 0..47
  map 0..47 "base: &b\n  x: 1\n  y: 2\nj:\n  <<: *b\n  y: 3\nk: *b"
    plain 0..4 "base" = "base"
      map 6..22 "&b\n  x: 1\n  y: 2"
        plain 11..12 "x" = "x"
          plain 14..15 "1" = "1"
        plain 18..19 "y" = "y"
          plain 21..22 "2" = "2"
    plain 23..24 "j" = "j"
      map 28..41 "<<: *b\n  y: 3"
        plain 11..12 "x" = "x"
          plain 14..15 "1" = "1"
        plain 37..38 "y" = "y"
          plain 40..41 "3" = "3"
    plain 42..43 "k" = "k"
      map 45..47 "*b"
        plain 11..12 "x" = "x"
          plain 14..15 "1" = "1"
        plain 18..19 "y" = "y"
          plain 21..22 "2" = "2"
"#,
    );
    check(
        "a: &a {p: 1, q: 1}\nb: &b {q: 2, r: 2}\nc: {<<: [*a, *b], s: 3}\n",
        r#"
doc 0..61
  map 0..61 "a: &a {p: 1, q: 1}\nb: &b {q: 2, r: 2}\nc: {<<: [*a, *b], s: 3}"
    plain 0..1 "a" = "a"
      map 3..18 "&a {p: 1, q: 1}"
        plain 7..8 "p" = "p"
          plain 10..11 "1" = "1"
        plain 13..14 "q" = "q"
          plain 16..17 "1" = "1"
    plain 19..20 "b" = "b"
      map 22..37 "&b {q: 2, r: 2}"
        plain 26..27 "q" = "q"
          plain 29..30 "2" = "2"
        plain 32..33 "r" = "r"
          plain 35..36 "2" = "2"
    plain 38..39 "c" = "c"
      map 41..61 "{<<: [*a, *b], s: 3}"
        plain 7..8 "p" = "p"
          plain 10..11 "1" = "1"
        plain 13..14 "q" = "q"
          plain 16..17 "1" = "1"
        plain 32..33 "r" = "r"
          plain 35..36 "2" = "2"
        plain 56..57 "s" = "s"
          plain 59..60 "3" = "3"
"#,
    );
}

#[test]
fn keys_can_be_collections() {
    check(
        "? [a, b]\n: 1\n1: x\n\"1\": y\n",
        r#"
doc 0..24
  map 0..24 "? [a, b]\n: 1\n1: x\n\"1\": y"
    seq 2..8 "[a, b]"
      plain 3..4 "a" = "a"
      plain 6..7 "b" = "b"
      plain 11..12 "1" = "1"
    plain 13..14 "1" = "1"
      plain 16..17 "x" = "x"
    double 18..21 "\"1\"" = "1"
      plain 23..24 "y" = "y"
"#,
    );
}

#[test]
fn non_ascii_offsets_are_bytes() {
    check(
        "é: \"😀 ü\"\nü: x\n",
        r#"
doc 0..19
  map 0..19 "é: \"😀 ü\"\nü: x"
    plain 0..2 "é" = "é"
      double 4..13 "\"😀 ü\"" = "😀 ü"
    plain 14..16 "ü" = "ü"
      plain 18..19 "x" = "x"
"#,
    );
}
