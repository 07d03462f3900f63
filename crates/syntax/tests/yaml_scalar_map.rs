//! The scalar source map: decoded offset → file offset, for every scalar style.

mod yaml_support;

use proptest::prelude::*;
use switchyard_diagnostics::{FileId, TextRange};
use switchyard_syntax::yaml::{Node, ScalarStyle, parse_stream};
use yaml_support::render::{Choices, STYLES, Style, render};

/// Parses `text` and returns the value of `key` in the root mapping (or in the first item of the
/// list under `root`).
#[track_caller]
fn find<'d>(documents: &'d [switchyard_syntax::yaml::Document], key: &str) -> &'d Node {
    let root = documents[0].root.as_ref().expect("a root");
    if let Some(list) = root.get("root") {
        return list.as_sequence().unwrap()[0].get(key).expect("the key");
    }
    root.get(key).expect("the key")
}

/// Checks that every decoded offset of the scalar under `key` maps to the character it came from.
#[track_caller]
fn check_map(text: &str, key: &str, expected: &str) {
    let (documents, diagnostics) = parse_stream(text, FileId(0));
    assert!(diagnostics.is_empty(), "{diagnostics:#?}\n{text}");
    let node = find(&documents, key);
    let scalar = node.as_scalar().unwrap();
    assert_eq!(scalar.value, expected, "{text}");
    let mut previous = None;
    for (offset, ch) in scalar.value.char_indices() {
        let at = scalar.map.file_offset(offset as u32) as usize;
        let rest = &text[at..];
        let ok = rest.starts_with(ch)
            || (scalar.style == ScalarStyle::DoubleQuoted && rest.starts_with('\\'))
            || (matches!(ch, ' ' | '\n') && rest.starts_with(['\n', '\r']));
        assert!(ok, "offset {offset} ({ch:?}) maps to {at}: {rest:?}\n{text}");
        // Kept trailing line breaks of a block scalar lie after its span.
        let block = matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded);
        let limit = if block { text.len() } else { node.span.end as usize };
        assert!(
            node.span.start as usize <= at && at < limit,
            "offset {offset} out of span\n{text}"
        );
        if let Some(previous) = previous {
            assert!(previous < at, "offset {offset} maps backwards\n{text}");
        }
        previous = Some(at);
    }
    let end = scalar.map.file_offset(scalar.value.len() as u32) as usize;
    match scalar.style {
        ScalarStyle::Plain => assert_eq!(end, node.span.end as usize),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            assert_eq!(end, node.span.end as usize - 1);
        }
        ScalarStyle::Literal | ScalarStyle::Folded => {
            assert!(end >= node.span.start as usize && end <= text.len());
        }
    }
    let whole = scalar.map.file_range(TextRange::new(0, scalar.value.len() as u32));
    assert_eq!(whole.end as usize, end, "{text}");
}

/// The decoded offset of the first `needle` and the file text there.
#[track_caller]
fn text_at<'t>(text: &'t str, key: &str, needle: &str) -> &'t str {
    let (documents, _) = parse_stream(text, FileId(0));
    let scalar = find(&documents, key).as_scalar().unwrap();
    let offset = scalar.value.find(needle).expect("needle in value") as u32;
    let range = scalar.file_range(TextRange::new(offset, offset + needle.len() as u32));
    &text[range.to_usize()]
}

#[test]
fn plain() {
    check_map("k: a b  c\n", "k", "a b  c");
    check_map("k: a b\n  c\n\n   d\nn: 1\n", "k", "a b c\nd");
    check_map("k: é😀 x\n", "k", "é😀 x");
    assert_eq!(text_at("k: size(x)\n  > 3\n", "k", "x) >"), "x)\n  >");
}

#[test]
fn single_quoted() {
    check_map("k: 'it''s'\n", "k", "it's");
    check_map("k: '  a \n   b  '\n", "k", "  a b  ");
    check_map("k: 'a\n\n  b'\n", "k", "a\nb");
    assert_eq!(text_at("k: 'a == ''b'''\n", "k", "'b'"), "''b''");
}

#[test]
fn double_quoted() {
    check_map(r#"k: "a\tb\"c\\d\x41\u00e9\U0001F600\n\/\ ""#, "k", "a\tb\"c\\dAé😀\n/ ");
    check_map("k: \"a \\\n   b\"\n", "k", "a b");
    check_map("k: \"a\\\n   b\"\n", "k", "ab");
    check_map("k: \"a\n  \n  b\"\n", "k", "a\nb");
    let cel = "k: \"ai.models.filter(m, m.provider_id == \\\"openai\\\")\"\n";
    check_map(cel, "k", "ai.models.filter(m, m.provider_id == \"openai\")");
    assert_eq!(text_at(cel, "k", "\"openai\""), "\\\"openai\\\"");
    assert_eq!(text_at(cel, "k", "provider_id"), "provider_id");
    let cel = "k: \"ai.models.filter(m, m.provider_id == 'openai')\"\n";
    assert_eq!(text_at(cel, "k", "'openai'"), "'openai'");
}

#[test]
fn literal_blocks() {
    check_map("k: |\n  a\n   b\n\n  c\nn: 1\n", "k", "a\n b\n\nc\n");
    check_map("k: |-\n  a\nn: 1\n", "k", "a");
    check_map("k: |+\n  a\n\n\nn: 1\n", "k", "a\n\n\n");
    check_map("k: |2\n    a\n  b\nn: 1\n", "k", "  a\nb\n");
    check_map("k: !!str |2-\n    a\n  b\nn: 1\n", "k", "  a\nb");
    check_map("root:\n  - item: |1\n       x\n    next: 1\n", "item", "  x\n");
    check_map("k: |  # comment\n  x\r\n  y\r\n", "k", "x\ny\n");
}

#[test]
fn folded_blocks() {
    let text = "k: >\n  ai.models.filter(m,\n    m.provider_id == 'openai')\n  .size() > 0\n";
    check_map(text, "k", "ai.models.filter(m,\n  m.provider_id == 'openai')\n.size() > 0\n");
    let text = "k: >-\n  ai.models.filter(m,\n  m.provider_id == 'openai')\n\n  .size()\n";
    check_map(text, "k", "ai.models.filter(m, m.provider_id == 'openai')\n.size()");
    assert_eq!(text_at(text, "k", "m, m.provider"), "m,\n  m.provider");
    assert_eq!(text_at(text, "k", "openai"), "openai");
    check_map("k: >+\n\n  a\n  b\n\n", "k", "\na b\n\n");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn every_offset_maps_back(
        chars in prop::collection::vec(prop::sample::select(vec![
            'a', 'b', 'z', 'A', '0', ' ', ' ', ' ', '\'', '"', '\\', '#', ':', '-', '!', '$', '{',
            '}', '[', ',', 'é', '😀', '\n', '\n', '\t', '|', '>',
        ]), 0..24),
        style in prop::sample::select(STYLES.to_vec()),
        nested in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let value: String = chars.into_iter().collect();
        let indent = if nested { 6 } else { 2 };
        let Some(scalar) = render(&value, style, indent, &mut Choices::new(seed)) else {
            return Ok(());
        };
        let block = matches!(style, Style::Literal | Style::Folded);
        let newline = if block { "" } else { "\n" };
        let text = if nested {
            format!("root:\n  - item: {scalar}{newline}    next: 1\n")
        } else {
            format!("item: {scalar}{newline}next: 1\n")
        };
        check_map(&text, "item", &value);
    }
}

#[test]
fn embedded_yaml_maps_to_the_outer_file() {
    // A policy held in a block scalar, and one held in a double-quoted string with escapes.
    for text in [
        "traffic_policy: |\n  rules:\n    - \"req.x == 'a\\tb'\"\n",
        "traffic_policy: \"rules:\\n  - \\\"req.x == 'a\\\\tb'\\\"\"\n",
    ] {
        let (documents, diagnostics) = parse_stream(text, FileId(0));
        assert!(diagnostics.is_empty());
        let outer = find(&documents, "traffic_policy").as_scalar().unwrap();
        let (inner, diagnostics) = switchyard_syntax::yaml::parse_embedded(outer, FileId(0));
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let rules = inner[0].root.as_ref().unwrap().get("rules").unwrap();
        let item = &rules.as_sequence().unwrap()[0];
        let scalar = item.as_scalar().unwrap();
        assert_eq!(scalar.value, "req.x == 'a\tb'");
        let at = |needle: &str| {
            let offset = scalar.value.find(needle).unwrap() as u32;
            &text[scalar.map.file_offset(offset) as usize..]
        };
        assert!(at("req.x").starts_with("req.x =="), "{text}");
        assert!(at("'a").starts_with("'a\\"), "{text}");
        assert!(at("\tb").starts_with('\\'), "{text}");
        assert!(text[item.span.to_usize()].ends_with('"'), "{text}");
    }
    let (documents, _) = parse_stream("p: \"a: [\"\n", FileId(0));
    let outer = find(&documents, "p").as_scalar().unwrap();
    let (_, diagnostics) = switchyard_syntax::yaml::parse_embedded(outer, FileId(0));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].primary_span().unwrap().range.start, 8);
}
