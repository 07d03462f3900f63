//! Key selection per model (spec/ai-gateway.md §5.6).
//!
//! Decisions:
//! - The client's credential is read from `Authorization` (without its `Bearer ` scheme) or
//!   `x-api-key`, the header of the request's own format first.
//! - A key strategy's evaluation error or wrong result type makes the model a failed candidate
//!   with 3808, like an empty selection (errors.md: "per-candidate: yes").
//! - A key's id is the FNV-1a 64-bit hash of its value, in 16 hex digits: stable across
//!   processes and releases, safe to log, and what `m.metrics.api_keys` is keyed by.

use switchyard_plan::SurfaceFormat;

use super::errors::ErrorCode;
use super::select::{
    KeyStrategyInput, KeyView, StrategyError, StrategyEval, dedup_valid, describe,
};
use super::trace::{KeyStrategyTrace, ModelTrace};
use switchyard_plan::expr::Expression;

/// The id of a key (`AIKey.id`): a stable hash of its value.
pub fn key_id(value: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in value.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The client's own key, if it sent one.
pub(crate) fn client_key(headers: &[(String, String)], format: SurfaceFormat) -> Option<&str> {
    let header = |wanted: &str| {
        headers
            .iter()
            .find(|(name, value)| name.eq_ignore_ascii_case(wanted) && !value.trim().is_empty())
            .map(|(_, value)| value.trim())
    };
    let bearer = || {
        header("authorization").map(|value| match value.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => value,
        })
    };
    match format {
        SurfaceFormat::Openai => bearer().or_else(|| header("x-api-key")),
        SurfaceFormat::Anthropic => header("x-api-key").or_else(bearer),
    }
}

/// The credential of one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Credential {
    /// The configured key at this index of `api_keys`.
    Configured(usize),
    /// The client's own key, re-emitted in the provider's style.
    Client,
    /// No key (custom provider, client sent none).
    Anonymous,
}

/// The keys of one model, or why it cannot be attempted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum KeyChoice {
    Try(Vec<Credential>),
    Fail { code: ErrorCode, reason: String },
}

/// Chooses the credentials for `input.model` (whose provider's key values are `input.keys`).
pub(crate) fn choose_keys(
    input: &mut KeyStrategyInput<'_>,
    has_client_key: bool,
    evaluator: &mut dyn StrategyEval,
    expressions: &[Expression],
    trace: &mut ModelTrace,
) -> KeyChoice {
    if input.keys.is_empty() {
        return if has_client_key {
            KeyChoice::Try(vec![Credential::Client])
        } else if input.model.provider.custom {
            KeyChoice::Try(vec![Credential::Anonymous])
        } else {
            KeyChoice::Fail {
                code: ErrorCode::NoApiKey,
                reason: "no API key (configure api_keys for the provider, or send an \
                         Authorization or x-api-key header)"
                    .to_owned(),
            }
        };
    }
    let strategies = &input.gateway.key_strategies;
    if strategies.is_empty() {
        trace.keys_to_try = (0..input.keys.len()).collect();
        return KeyChoice::Try((0..input.keys.len()).map(Credential::Configured).collect());
    }
    let mut returned = Vec::new();
    for (position, &strategy) in strategies.iter().enumerate() {
        let (expression, _) = describe(expressions, strategy);
        returned.clear();
        let result = evaluator.eval_keys(strategy, input, &mut returned);
        let keys = dedup_valid(&returned, input.keys.len());
        let error = match result {
            Ok(()) => None,
            Err(StrategyError::Eval(message)) => Some(message),
            Err(StrategyError::WrongType(type_name)) => Some(format!(
                "Expression `{expression}` must return an AIKey or []AIKey, got `{type_name}`"
            )),
        };
        trace.api_key_selection.push(KeyStrategyTrace {
            index: position,
            expression,
            error: error.clone(),
            keys_returned: returned.clone(),
            keys_to_try: if error.is_some() { Vec::new() } else { keys.clone() },
        });
        if let Some(error) = error {
            return KeyChoice::Fail { code: ErrorCode::KeySelection, reason: error };
        }
        if !keys.is_empty() {
            trace.keys_to_try.clone_from(&keys);
            return KeyChoice::Try(keys.into_iter().map(Credential::Configured).collect());
        }
    }
    KeyChoice::Fail {
        code: ErrorCode::KeySelection,
        reason: "every key-selection strategy returned no keys".to_owned(),
    }
}

/// The `AIKey` views of evaluated key values.
pub(crate) fn views(values: &[(String, String)]) -> Vec<KeyView<'_>> {
    values.iter().enumerate().map(|(index, (id, value))| KeyView { index, id, value }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
    }

    #[test]
    fn key_ids_are_stable() {
        assert_eq!(key_id(""), "cbf29ce484222325");
        assert_eq!(key_id("sk-test"), key_id("sk-test"));
        assert_ne!(key_id("sk-test"), key_id("sk-tesu"));
    }

    #[test]
    fn client_keys() {
        let both = headers(&[("Authorization", "Bearer sk-a"), ("x-api-key", "sk-b")]);
        assert_eq!(client_key(&both, SurfaceFormat::Openai), Some("sk-a"));
        assert_eq!(client_key(&both, SurfaceFormat::Anthropic), Some("sk-b"));
        let raw = headers(&[("authorization", "sk-raw")]);
        assert_eq!(client_key(&raw, SurfaceFormat::Anthropic), Some("sk-raw"));
        assert_eq!(client_key(&headers(&[("x-api-key", " ")]), SurfaceFormat::Openai), None);
    }
}
