//! No input makes the YAML layer panic, and every span it returns is inside the text.

use proptest::prelude::*;
use switchyard_diagnostics::{FileId, TextRange};
use switchyard_syntax::template::split_template;
use switchyard_syntax::yaml::{Node, NodeKind, parse_embedded, parse_stream};

const TOKENS: &[&str] = &[
    "a",
    "key",
    "b: ",
    ": ",
    "- ",
    "? ",
    "  ",
    "    ",
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\t",
    ":",
    "'",
    "''",
    "\"",
    "\\",
    "\\n",
    "\\x4",
    "\\u00e9",
    "\\\n",
    "|",
    ">",
    "|2-",
    ">+",
    "|-\n",
    "&a ",
    "*a",
    "*b",
    "&b",
    "!x ",
    "!!str ",
    "!has(a.b)",
    "!<tag:yaml.org,2002:str> ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "#",
    " # c",
    "---\n",
    "...\n",
    "--- ",
    "<<: ",
    "é",
    "😀",
    "%YAML 1.2\n",
    "%TAG !e! tag:e.com:\n",
    "\u{feff}",
    "\0",
    "~",
    "1",
    "-1.5e3",
    "${a}",
    "@",
    "`",
];

fn check_range(text: &str, range: TextRange) {
    assert!(range.start <= range.end && range.end as usize <= text.len(), "{range:?} in {text:?}");
    assert!(
        text.is_char_boundary(range.start as usize) && text.is_char_boundary(range.end as usize)
    );
}

fn check_node(text: &str, node: &Node) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        check_range(text, node.span);
        match &node.kind {
            NodeKind::Scalar(scalar) => {
                for offset in 0..=scalar.value.len() as u32 + 1 {
                    assert!(scalar.map.file_offset(offset) as usize <= text.len());
                }
                // Each character maps to itself, its escape, or the line break it was folded from.
                for (offset, ch) in scalar.value.char_indices() {
                    let rest = &text[scalar.map.file_offset(offset as u32) as usize..];
                    let ok = rest.starts_with(ch)
                        || rest.starts_with('\\')
                        || (matches!(ch, ' ' | '\n')
                            && (rest.is_empty() || rest.starts_with(['\n', '\r'])));
                    assert!(ok, "{offset} {ch:?} -> {rest:?} in {text:?}");
                }
                let whole = TextRange::new(0, scalar.value.len() as u32);
                assert!(scalar.file_range(whole).end as usize <= text.len());
                let (parts, errors) = split_template(&scalar.value);
                assert!(parts.len() + errors.len() <= scalar.value.len() + 1);
            }
            NodeKind::Sequence(items) => stack.extend(items),
            NodeKind::Mapping(entries) => {
                stack.extend(entries.iter().flat_map(|entry| [&entry.key, &entry.value]));
            }
        }
    }
}

fn check_text(text: &str) {
    let (documents, diagnostics) = parse_stream(text, FileId(0));
    for document in &documents {
        check_range(text, document.span);
        if let Some(root) = &document.root {
            check_node(text, root);
            if let Some(scalar) = root.as_scalar() {
                let (inner, diagnostics) = parse_embedded(scalar, FileId(0));
                for label in diagnostics.iter().flat_map(|d| &d.labels) {
                    assert!(label.span.range.end as usize <= text.len());
                }
                for document in &inner {
                    assert!(document.span.end as usize <= text.len());
                }
            }
        }
    }
    for diagnostic in &diagnostics {
        assert!(!diagnostic.message.is_empty() && diagnostic.help.is_some());
        assert!(diagnostic.labels.iter().filter(|label| label.primary).count() == 1);
        for label in &diagnostic.labels {
            check_range(text, label.span.range);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        check_text(&text);
        let (parts, errors) = split_template(&text);
        prop_assert!(parts.len() + errors.len() <= text.len() + 1);
    }

    #[test]
    fn token_soups(tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..40)) {
        check_text(&tokens.concat());
    }

    #[test]
    fn templates(text in "[a${}'\"\\\\r b$]{0,30}") {
        let (parts, errors) = split_template(&text);
        for error in &errors {
            prop_assert!(error.range.end as usize <= text.len());
        }
        let mut end = 0;
        for part in &parts {
            let range = match part {
                switchyard_syntax::template::TemplatePart::Literal { range, .. } => *range,
                switchyard_syntax::template::TemplatePart::Expr { whole, .. } => *whole,
            };
            prop_assert!(range.start as usize >= end && range.end as usize <= text.len());
            end = range.end as usize;
        }
    }
}

#[test]
fn known_hard_inputs() {
    for text in [
        "- !a || b",
        "&a [*a]",
        "? |\n  x\n: >\n  y\n",
        "--- |\n  x\n--- >-\n  y\n...\n",
        "\u{feff}--- |2\n   x\n",
        "a: |0\n",
        "a: |\n\t x\n",
        "[\"a\\\n b\", 'c\n\n d']",
        "a: 'x\n---\n'",
        "a:\n- b\n-\n- |\n c\n",
        "{a: 1, a: 2, <<: {b: 3}, <<: [{c: 4}, 5]}",
        "%YAML 1.2\n%YAML 1.2\n---\n",
        "*",
        "&",
        "!",
        "\r",
        "a: |+\n  ",
        "a: >\n  x\n  ",
        "k: \"\\U0010FFFF\\U00110000\"",
        "...\n|-\n|2-\n",
        "|-\n|2-\u{feff}",
        "|-\n|2-\n\u{feff}",
        "a: |\n x\0y\n",
    ] {
        check_text(text);
    }
}
