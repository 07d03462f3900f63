//! Upstream URLs (spec/ai-gateway.md §5.9, §5.7 step 8).
//!
//! Let `B` be `base_url` without its trailing `/` and `S` the client path from `/v1` on with
//! `/v1` removed. `B + S` when `B`'s path has a segment like `v1`, `v1beta` (`^v\d+[a-z0-9]*$`)
//! or contains `/deployments/`; otherwise (an empty path included) `B + "/v1" + S`. Then the
//! client's query string, then the config's `query_params` (percent-encoded).
//!
//! Decision: a query string already in `base_url` is kept and comes first.

/// The URL of an attempt.
pub(crate) fn upstream_url(
    base_url: &str,
    api_path: &str,
    client_query: Option<&str>,
    query_params: &[(String, String)],
) -> String {
    let (base, base_query) = match base_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (base_url, None),
    };
    let base = base.trim_end_matches('/');
    let path = path_of(base);
    let versioned =
        path.split('/').any(is_version_segment) || format!("{path}/").contains("/deployments/");
    let mut url = String::with_capacity(base.len() + api_path.len() + 16);
    url.push_str(base);
    if !versioned {
        url.push_str("/v1");
    }
    url.push_str(api_path);
    let mut query: Vec<String> = Vec::new();
    query.extend(base_query.filter(|text| !text.is_empty()).map(str::to_owned));
    query.extend(client_query.filter(|text| !text.is_empty()).map(str::to_owned));
    query.extend(
        query_params.iter().map(|(name, value)| format!("{}={}", encode(name), encode(value))),
    );
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    url
}

/// The path of an absolute URL (`""` when it has none).
fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("", |start| &after_scheme[start..])
}

/// `^v\d+[a-z0-9]*$`
fn is_version_segment(segment: &str) -> bool {
    let Some(rest) = segment.strip_prefix('v') else { return false };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && rest.bytes().skip(digits).all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
}

/// Percent-encodes all but the unreserved characters.
fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joining_table() {
        let cases = [
            (
                "https://ollama.internal",
                "/chat/completions",
                "https://ollama.internal/v1/chat/completions",
            ),
            (
                "https://ollama.internal/",
                "/chat/completions",
                "https://ollama.internal/v1/chat/completions",
            ),
            (
                "https://api.openai.com/v1/",
                "/chat/completions",
                "https://api.openai.com/v1/chat/completions",
            ),
            (
                "https://api.deepseek.com",
                "/chat/completions",
                "https://api.deepseek.com/v1/chat/completions",
            ),
            (
                "https://api.groq.com/openai/v1",
                "/chat/completions",
                "https://api.groq.com/openai/v1/chat/completions",
            ),
            (
                "https://generativelanguage.googleapis.com/v1beta/openai/",
                "/chat/completions",
                "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
            ),
            (
                "https://openrouter.ai/api/v1/",
                "/responses/r_1",
                "https://openrouter.ai/api/v1/responses/r_1",
            ),
            (
                "http://localhost:12434/engines/llama.cpp",
                "/chat/completions",
                "http://localhost:12434/engines/llama.cpp/v1/chat/completions",
            ),
            (
                "https://eu.openai.azure.com/openai/deployments/gpt-4o",
                "/chat/completions",
                "https://eu.openai.azure.com/openai/deployments/gpt-4o/chat/completions",
            ),
            ("https://api.anthropic.com/v1/", "/messages", "https://api.anthropic.com/v1/messages"),
            ("https://x.example/V1", "/messages", "https://x.example/V1/v1/messages"),
            ("https://x.example/v", "/messages", "https://x.example/v/v1/messages"),
            ("https://x.example/v2alpha", "/embeddings", "https://x.example/v2alpha/embeddings"),
        ];
        for (base, path, expected) in cases {
            assert_eq!(upstream_url(base, path, None, &[]), expected, "{base} + {path}");
        }
    }

    #[test]
    fn queries() {
        let params = vec![
            ("api-version".to_owned(), "2024-10-21".to_owned()),
            ("a b".to_owned(), "x&y".to_owned()),
        ];
        assert_eq!(
            upstream_url("https://h.example/v1", "/chat/completions", Some("trace=1"), &params),
            "https://h.example/v1/chat/completions?trace=1&api-version=2024-10-21&a%20b=x%26y"
        );
        assert_eq!(
            upstream_url("https://h.example/v1?k=1", "/messages", Some(""), &[]),
            "https://h.example/v1/messages?k=1"
        );
    }
}
