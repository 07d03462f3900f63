//! The front end never panics, never loses its place, and reports inside the file, whatever the
//! input.

use std::fmt::Write;

use proptest::prelude::*;
use switchyard_compile::{CheckOptions, check_file};
use switchyard_diagnostics::FileId;

/// Checks `text` and asserts that every label points inside it.
fn check_in_bounds(text: &str) {
    for diagnostic in check_file(text, FileId(0), &CheckOptions::default()) {
        for label in &diagnostic.labels {
            let range = label.span.range;
            assert!(
                range.start <= range.end && range.end as usize <= text.len(),
                "{diagnostic:?} in {text:?}"
            );
            assert!(
                text.is_char_boundary(range.start as usize)
                    && text.is_char_boundary(range.end as usize)
            );
        }
    }
}

/// Keys a policy uses, so that random trees reach deep into the decoders.
const KEYS: &[&str] = &[
    "on_http_request",
    "on_http_response",
    "on_tcp_connect",
    "on_event_stream_message",
    "name",
    "expressions",
    "actions",
    "type",
    "config",
    "providers",
    "id",
    "id_aliases",
    "base_url",
    "api_keys",
    "value",
    "models",
    "model_selection",
    "strategy",
    "api_key_selection",
    "on_error",
    "per_request_timeout",
    "total_timeout",
    "max_input_tokens",
    "headers",
    "body",
    "metadata",
    "supported_api_surfaces",
    "format",
    "surface",
    "supported_params",
    "unsupported_params",
    "vars",
    "replacements",
    "from",
    "to",
    "bucket_key",
    "rate",
    "capacity",
    "algorithm",
    "allow",
    "deny",
    "status_code",
    "endpoints",
    "traffic_policy",
    "kind",
    "spec",
    "x-defaults",
    "<<",
];

const SCALARS: &[&str] = &[
    "ai-gateway",
    "deny",
    "custom-response",
    "rate-limit",
    "set-vars",
    "log",
    "add-headers",
    "sse-find-replace",
    "jwt-validation",
    "openai",
    "halt",
    "continue",
    "30s",
    "1m30s",
    "0s",
    "100/min",
    "42",
    "-1",
    "600000",
    "true",
    "~",
    "''",
    "\"${\"",
    "\"${}\"",
    "\"${req.id}\"",
    "\"${secrets.get('v', 'k')}\"",
    "ai.models",
    "\"(\"",
    "\"a: b\"",
    "http://x.example.com",
    "10.0.0.0/8",
    "*anchor",
    "&anchor x",
    "!tag x",
    "\"\\u00e9\\n\"",
    "|\n  block",
    ">-\n  folded\n  text",
];

fn yaml_tree(depth: u32) -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(SCALARS).prop_map(str::to_owned);
    leaf.prop_recursive(depth, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec((prop::sample::select(KEYS), inner.clone()), 0..6).prop_map(
                |entries| {
                    let body: Vec<String> = entries
                        .iter()
                        .map(|(key, value)| format!("{key}: {}", indent(value)))
                        .collect();
                    if body.is_empty() { "{}".to_owned() } else { format!("\n{}", body.join("\n")) }
                }
            ),
            prop::collection::vec(inner, 0..5).prop_map(|items| {
                let body: Vec<String> =
                    items.iter().map(|item| format!("- {}", indent(item))).collect();
                if body.is_empty() { "[]".to_owned() } else { format!("\n{}", body.join("\n")) }
            }),
        ]
    })
}

/// Indents a nested block by two spaces.
fn indent(value: &str) -> String {
    value.replace('\n', "\n  ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        check_in_bounds(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_in_bounds(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_policy_shaped_yaml_never_panics(tree in yaml_tree(6)) {
        check_in_bounds(tree.trim_start());
    }
}

#[test]
fn deep_nesting_is_reported_not_overflowed() {
    let text = format!("on_http_request: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let diagnostics = check_file(&text, FileId(0), &CheckOptions::default());
    assert!(
        diagnostics.iter().any(|d| d.code.as_str() == "SY0001" && d.message.contains("nesting")),
        "{diagnostics:?}"
    );
}

#[test]
fn alias_bombs_are_reported() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = i - 1;
        let _ = writeln!(
            text,
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]"
        );
    }
    text.push_str("on_http_request: *a11\n");
    let diagnostics = check_file(&text, FileId(0), &CheckOptions::default());
    assert!(diagnostics.iter().any(|d| d.message.contains("alias expansion")), "{diagnostics:?}");
}

#[test]
fn a_large_policy_checks_clean() {
    let mut text =
        String::from("on_http_request:\n  - type: ai-gateway\n    config:\n      providers:\n");
    for i in 0..5_000 {
        let _ = write!(
            text,
            "        - id: provider-{i}\n          base_url: https://llm-{i}.example.com\n"
        );
    }
    let diagnostics = check_file(&text, FileId(0), &CheckOptions::default());
    assert!(diagnostics.is_empty(), "{:?}", &diagnostics[..diagnostics.len().min(3)]);
}
