//! The input-token estimate (spec/ai-gateway.md §5.5).
//!
//! The `o200k_base` BPE of `OpenAI` (shipped inside `tiktoken-rs`, no download) over all text content of
//! `messages`, `input`, `prompt` and `system`. Text content is: a string standing for a message,
//! a prompt or a content; the `text` string of a content part (`{"type": "text", "text": …}`,
//! `input_text`, `output_text`); and, recursively, a `content` field. Other parts (images,
//! audio, files, token-id arrays) count 0, as do roles and tool definitions. Each piece is
//! encoded on its own and the counts are added.

use serde_json::{Map, Value};

/// Fields whose text is the prompt.
const PROMPT_FIELDS: &[&str] = &["messages", "input", "prompt", "system"];

/// The estimated prompt tokens of a request body.
pub(crate) fn estimate_input_tokens(body: &Map<String, Value>) -> u64 {
    let mut pieces = Vec::new();
    for field in PROMPT_FIELDS {
        if let Some(value) = body.get(*field) {
            collect_text(value, &mut pieces);
        }
    }
    if pieces.is_empty() {
        return 0;
    }
    let bpe = tiktoken_rs::o200k_base_singleton();
    pieces.iter().map(|piece| bpe.encode_ordinary(piece).len() as u64).sum()
}

fn collect_text<'a>(value: &'a Value, pieces: &mut Vec<&'a str>) {
    match value {
        Value::String(text) => pieces.push(text),
        Value::Array(items) => {
            for item in items {
                collect_text(item, pieces);
            }
        }
        Value::Object(object) => {
            if let Some(Value::String(text)) = object.get("text") {
                pieces.push(text);
            }
            if let Some(content) = object.get("content") {
                collect_text(content, pieces);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> u64 {
        estimate_input_tokens(&serde_json::from_str(text).unwrap())
    }

    #[test]
    fn text_parts_count_and_images_do_not() {
        let plain = tokens(r#"{"messages": [{"role": "user", "content": "hello world"}]}"#);
        assert_eq!(plain, 2);
        let parts = tokens(
            r#"{"system": "hello world", "messages": [{"role": "user", "content": [
                {"type": "text", "text": "hello world"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}]}"#,
        );
        assert_eq!(parts, 4);
        assert_eq!(tokens(r#"{"input": [1, 2, 3], "model": "x"}"#), 0);
        assert_eq!(tokens(r#"{"prompt": ["hello world", "hello world"]}"#), 4);
    }
}
