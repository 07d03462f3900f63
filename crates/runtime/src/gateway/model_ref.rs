//! Model strings and the client preference list (spec/ai-gateway.md §4).
//!
//! Decisions: `"model": null` and `"models": null` count as absent; a qualified string with an
//! empty model name (`openai:`) is rejected (`empty model name`) rather than read as bare.

use serde_json::{Map, Value};

/// The models a client asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ClientModels {
    /// `model`, as sent.
    pub(crate) model: Option<String>,
    /// `models`, as sent.
    pub(crate) models: Vec<String>,
    /// `C`: `model` then `models`, without empty strings, `ngrok/auto` and duplicates.
    pub(crate) preference: Vec<String>,
}

/// Reads `model` and `models` from a request body; the error explains a 3801.
pub(crate) fn client_models(body: &Map<String, Value>) -> Result<ClientModels, String> {
    let model = match body.get("model") {
        None | Some(Value::Null) => None,
        Some(Value::String(model)) => Some(model.clone()),
        Some(other) => return Err(format!("`model` must be a string, got {}", json_type(other))),
    };
    let models = match body.get("models") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| match item {
                Value::String(text) => Ok(text.clone()),
                other => {
                    Err(format!("`models[{index}]` must be a string, got {}", json_type(other)))
                }
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(other) => {
            return Err(format!("`models` must be a list of strings, got {}", json_type(other)));
        }
    };
    let mut preference: Vec<String> = Vec::new();
    for entry in model.iter().chain(&models) {
        if entry.is_empty()
            || entry.eq_ignore_ascii_case("ngrok/auto")
            || preference.iter().any(|seen| seen == entry)
        {
            continue;
        }
        preference.push(entry.clone());
    }
    Ok(ClientModels { model, models, preference })
}

pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A parsed model string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ModelRef<'s> {
    /// `provider:model`, where `provider` names a known provider.
    Qualified { provider: &'s str, model: &'s str },
    /// A model name only.
    Bare(&'s str),
}

/// Splits `text` at its first `:` when the left part names a provider (`is_provider`, which
/// compares case-insensitively); otherwise the whole string is a bare model name.
pub(crate) fn parse_model_ref(text: &str, is_provider: impl Fn(&str) -> bool) -> ModelRef<'_> {
    match text.split_once(':') {
        Some((provider, model)) if is_provider_ref(provider) && is_provider(provider) => {
            ModelRef::Qualified { provider, model }
        }
        _ => ModelRef::Bare(text),
    }
}

/// `provider-ref = 1*( ALPHA / DIGIT / "-" / "_" / "." )`
fn is_provider_ref(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Map<String, Value> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn preference_list() {
        let client = client_models(&body(
            r#"{"model": "gpt-4o", "models": ["", "NGROK/auto", "gpt-4o", "anthropic:claude", "x"]}"#,
        ))
        .unwrap();
        assert_eq!(client.preference, ["gpt-4o", "anthropic:claude", "x"]);
        assert_eq!(client.models.len(), 5);
        let auto = client_models(&body(r#"{"model": "ngrok/auto", "models": null}"#)).unwrap();
        assert!(auto.preference.is_empty());
    }

    #[test]
    fn wrong_types_are_3801() {
        for text in [r#"{"model": 4}"#, r#"{"models": "gpt-4o"}"#, r#"{"models": ["a", 1]}"#] {
            assert!(client_models(&body(text)).is_err(), "{text}");
        }
    }

    #[test]
    fn split_at_the_first_colon_for_known_providers() {
        let known =
            |name: &str| ["ollama", "openrouter"].iter().any(|p| p.eq_ignore_ascii_case(name));
        assert_eq!(
            parse_model_ref("ollama:llama3.2:1b", known),
            ModelRef::Qualified { provider: "ollama", model: "llama3.2:1b" }
        );
        assert_eq!(parse_model_ref("llama3.2:1b", known), ModelRef::Bare("llama3.2:1b"));
        assert_eq!(
            parse_model_ref("OpenRouter:anthropic/claude-3.5-sonnet", known),
            ModelRef::Qualified { provider: "OpenRouter", model: "anthropic/claude-3.5-sonnet" }
        );
        assert_eq!(
            parse_model_ref("anthropic/claude-3.5-sonnet", known),
            ModelRef::Bare("anthropic/claude-3.5-sonnet")
        );
        assert_eq!(parse_model_ref(":x", known), ModelRef::Bare(":x"));
    }
}
