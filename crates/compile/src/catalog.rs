//! The built-in providers (spec: ai-gateway.md §3).

/// A built-in provider: its id and aliases.
pub(crate) struct BuiltinProvider {
    pub(crate) id: &'static str,
    pub(crate) aliases: &'static [&'static str],
}

pub(crate) const BUILTIN_PROVIDERS: &[BuiltinProvider] = &[
    BuiltinProvider { id: "anthropic", aliases: &["Anthropic"] },
    BuiltinProvider { id: "deepseek", aliases: &["DeepSeek", "deep-seek"] },
    BuiltinProvider { id: "google", aliases: &["Google", "gemini"] },
    BuiltinProvider { id: "groq", aliases: &["groqcloud"] },
    BuiltinProvider { id: "hyperbolic", aliases: &[] },
    BuiltinProvider { id: "inceptionlabs", aliases: &["inception-labs", "inception"] },
    BuiltinProvider { id: "inference-net", aliases: &["inference.net", "inference_net"] },
    BuiltinProvider { id: "openai", aliases: &["openAI", "open-ai", "open-AI"] },
    BuiltinProvider { id: "openrouter", aliases: &["open-router"] },
];

/// The built-in provider whose id or alias is `name` (case-insensitive).
pub(crate) fn builtin_provider(name: &str) -> Option<&'static BuiltinProvider> {
    BUILTIN_PROVIDERS.iter().find(|provider| {
        provider.id.eq_ignore_ascii_case(name)
            || provider.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(name))
    })
}
