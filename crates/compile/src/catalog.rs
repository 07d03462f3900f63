//! The built-in provider catalog (spec: ai-gateway.md §3), shipped as `catalog.json`.
//!
//! The spec fixes the providers, their aliases, base URLs and formats; the models, their aliases,
//! limits and prices are Switchyard's data (published list prices at the time of writing, USD per
//! million tokens) and may change between releases.

use std::sync::LazyLock;

use serde::Deserialize;

/// The catalog.
#[derive(Deserialize)]
pub(crate) struct Catalog {
    pub(crate) providers: Vec<BuiltinProvider>,
}

/// A built-in provider.
#[derive(Deserialize)]
pub(crate) struct BuiltinProvider {
    pub(crate) id: String,
    pub(crate) aliases: Vec<String>,
    pub(crate) display_name: String,
    pub(crate) website: String,
    pub(crate) base_url: String,
    pub(crate) surfaces: Vec<BuiltinSurface>,
    pub(crate) models: Vec<BuiltinModel>,
}

/// An API surface of a built-in provider.
#[derive(Deserialize)]
pub(crate) struct BuiltinSurface {
    pub(crate) format: String,
    #[serde(default)]
    pub(crate) surface: Option<String>,
}

/// A model of the catalog.
#[derive(Deserialize)]
pub(crate) struct BuiltinModel {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub(crate) author_id: String,
    #[serde(default)]
    pub(crate) display_name: String,
    #[serde(default)]
    pub(crate) max_context_window: u64,
    #[serde(default)]
    pub(crate) max_output_tokens: u64,
    #[serde(default)]
    pub(crate) input_modalities: Vec<String>,
    #[serde(default)]
    pub(crate) output_modalities: Vec<String>,
    #[serde(default)]
    pub(crate) supported_features: Vec<String>,
    #[serde(default)]
    pub(crate) unsupported_params: Vec<String>,
    #[serde(default)]
    pub(crate) pricing: BuiltinPricing,
}

/// Prices of a catalog model; absent means unknown (0).
#[derive(Deserialize, Default)]
pub(crate) struct BuiltinPricing {
    #[serde(default)]
    pub(crate) input: f64,
    #[serde(default)]
    pub(crate) output: f64,
    #[serde(default)]
    pub(crate) input_cache_read: f64,
}

/// The catalog, parsed once.
pub(crate) fn catalog() -> &'static Catalog {
    static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
        serde_json::from_str(include_str!("../catalog.json")).expect("catalog.json is valid")
    });
    &CATALOG
}

/// The built-in provider whose id or alias is `name` (case-insensitive).
pub(crate) fn builtin_provider(name: &str) -> Option<&'static BuiltinProvider> {
    catalog().providers.iter().find(|provider| {
        provider.id.eq_ignore_ascii_case(name)
            || provider.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(name))
    })
}

#[cfg(test)]
mod tests {
    use super::catalog;

    #[test]
    fn catalog_has_the_spec_providers_in_id_order() {
        let ids: Vec<&str> =
            catalog().providers.iter().map(|provider| provider.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "anthropic",
                "deepseek",
                "google",
                "groq",
                "hyperbolic",
                "inceptionlabs",
                "inference-net",
                "openai",
                "openrouter"
            ]
        );
        for provider in &catalog().providers {
            assert!(provider.base_url.starts_with("https://"), "{}", provider.id);
            assert!(!provider.surfaces.is_empty(), "{}", provider.id);
        }
    }
}
