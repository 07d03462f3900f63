//! The `ai-gateway` configuration, with its universe of providers and models (spec:
//! ai-gateway.md §5.3) resolved against the built-in catalog.

use switchyard_cel::ast::{Constant, ExprKind};
use switchyard_plan::{
    ApiKey, AuthStyle, Gateway, Model, OnError, Pricing, Provider, Surface, SurfaceFormat,
    SurfaceKind,
};
use switchyard_syntax::ast::{self, TemplateValue};

use super::Compiler;
use super::values::json;
use crate::catalog::{BuiltinModel, BuiltinProvider, catalog};

const DEFAULT_PER_REQUEST_MS: u64 = 30_000;
const DEFAULT_TOTAL_MS: u64 = 300_000;

impl Compiler<'_> {
    pub(crate) fn gateway(&mut self, config: &ast::AiGateway, path: &str) -> Gateway {
        let only_configured_providers = flag(config.only_allow_configured_providers.as_ref());
        let only_configured_models = flag(config.only_allow_configured_models.as_ref());
        let mut providers = Vec::new();
        let mut used_builtins = Vec::new();
        for (index, configured) in config.providers.iter().enumerate() {
            let builtin = crate::catalog::builtin_provider(&configured.id.node);
            if let Some(builtin) = builtin {
                used_builtins.push(builtin.id.as_str());
            }
            let provider = self.provider(
                configured,
                builtin,
                only_configured_models,
                &format!("{path}.providers[{index}]"),
            );
            if !flag(configured.disabled.as_ref()) {
                providers.push(provider);
            }
        }
        if !only_configured_providers {
            for builtin in &catalog().providers {
                if !used_builtins.contains(&builtin.id.as_str()) {
                    providers.push(builtin_only(builtin, only_configured_models));
                }
            }
        }
        let strategies = |compiler: &mut Self, strategies: Option<&ast::Strategies>, key: &str| {
            strategies.map_or_else(Vec::new, |strategies| {
                strategies
                    .strategy
                    .iter()
                    .enumerate()
                    .map(|(index, source)| {
                        compiler.expression(source, &format!("{path}.{key}.strategy[{index}]"))
                    })
                    .collect()
            })
        };
        let model_strategies = strategies(self, config.model_selection.as_ref(), "model_selection");
        let key_strategies =
            strategies(self, config.api_key_selection.as_ref(), "api_key_selection");
        Gateway {
            providers,
            only_allow_configured_models: only_configured_models,
            model_strategies,
            key_strategies,
            on_error: match config.on_error.as_ref().map(|on_error| on_error.node) {
                Some(ast::OnError::Continue) => OnError::Continue,
                _ => OnError::Halt,
            },
            per_request_timeout_ms: config
                .per_request_timeout
                .as_ref()
                .map_or(DEFAULT_PER_REQUEST_MS, |d| d.node.millis),
            total_timeout_ms: config
                .total_timeout
                .as_ref()
                .map_or(DEFAULT_TOTAL_MS, |d| d.node.millis),
            max_input_tokens: config
                .max_input_tokens
                .as_ref()
                .and_then(|limit| u32::try_from(limit.node).ok()),
            max_output_tokens: config
                .max_output_tokens
                .as_ref()
                .and_then(|limit| u32::try_from(limit.node).ok()),
            headers: self.templates(&config.headers, &format!("{path}.headers"), true),
            query_params: self.templates(
                &config.query_params,
                &format!("{path}.query_params"),
                false,
            ),
            body: config
                .body
                .iter()
                .map(|(key, value)| {
                    (
                        key.node.clone(),
                        self.value(&value.node, &format!("{path}.body.{}", key.node)),
                    )
                })
                .collect(),
        }
    }

    fn provider(
        &mut self,
        configured: &ast::Provider,
        builtin: Option<&BuiltinProvider>,
        only_configured_models: bool,
        path: &str,
    ) -> Provider {
        let metadata = configured
            .metadata
            .as_ref()
            .map_or_else(|| serde_json::json!({}), |metadata| json(&metadata.node));
        let mut models: Vec<Model> = configured
            .models
            .iter()
            .filter(|model| !flag(model.disabled.as_ref()))
            .map(|model| {
                let catalog_model = builtin.and_then(|builtin| {
                    builtin
                        .models
                        .iter()
                        .find(|candidate| candidate.id.eq_ignore_ascii_case(&model.id.node))
                });
                configured_model(model, catalog_model, &metadata)
            })
            .collect();
        if !only_configured_models {
            for catalog_model in builtin.map_or(&[][..], |builtin| &builtin.models) {
                if !models.iter().any(|model| model.id.eq_ignore_ascii_case(&catalog_model.id)) {
                    models.push(catalog_model_of(catalog_model, &metadata));
                }
            }
        }
        let base_url = configured
            .base_url
            .as_ref()
            .map(|url| url.node.clone())
            .or_else(|| builtin.map(|builtin| builtin.base_url.clone()))
            .unwrap_or_default();
        let mut aliases: Vec<String> =
            builtin.map_or_else(Vec::new, |builtin| builtin.aliases.clone());
        aliases.extend(configured.id_aliases.iter().map(|alias| alias.node.clone()));
        let api_keys = configured
            .api_keys
            .iter()
            .enumerate()
            .map(|(index, key)| ApiKey {
                label: self.key_label(&key.value, index),
                value: self.template(&key.value, &format!("{path}.api_keys[{index}].value")),
            })
            .collect();
        let surfaces = match &configured.supported_api_surfaces {
            Some(surfaces) => surfaces.iter().map(surface).collect(),
            None => builtin.map_or_else(
                || {
                    vec![Surface {
                        format: SurfaceFormat::Openai,
                        surface: None,
                        supported_params: Vec::new(),
                    }]
                },
                builtin_surfaces,
            ),
        };
        let text = |value: Option<&ast::Spanned<String>>, fallback: Option<&String>| {
            value.map(|value| value.node.clone()).or_else(|| fallback.cloned()).unwrap_or_default()
        };
        Provider {
            id: builtin.map_or_else(|| configured.id.node.clone(), |builtin| builtin.id.clone()),
            aliases,
            auth: auth_style(&base_url),
            base_url,
            api_keys,
            surfaces,
            configured: true,
            custom: builtin.is_none(),
            metadata,
            display_name: text(
                configured.display_name.as_ref(),
                builtin.map(|builtin| &builtin.display_name),
            ),
            description: text(configured.description.as_ref(), None),
            website: text(configured.website.as_ref(), builtin.map(|builtin| &builtin.website)),
            models,
        }
    }

    /// How traces name a key: its `secrets.get(...)` call, never a value.
    fn key_label(&self, value: &ast::Template, index: usize) -> String {
        if let [source] = value.expressions.as_slice() {
            if let Some((ast, _)) = self.checked.get(&std::ptr::from_ref(source))
                && let ExprKind::Call(call) = &ast.root().kind
            {
                let literals: Option<Vec<String>> = call
                    .args
                    .iter()
                    .map(|arg| match &arg.kind {
                        ExprKind::Const(Constant::String(text)) => Some(format!("'{text}'")),
                        _ => None,
                    })
                    .collect();
                if call.function == "get"
                    && value.parts.len() == 1
                    && let Some(literals) = literals
                {
                    return format!("secrets.get({})", literals.join(", "));
                }
            }
            return format!("key {index} (expression)");
        }
        if value.is_literal() {
            format!("literal key {index}")
        } else {
            format!("key {index} (template)")
        }
    }
}

fn flag(value: Option<&ast::Spanned<bool>>) -> bool {
    value.is_some_and(|value| value.node)
}

/// Azure `OpenAI` takes configured keys as `api-key` (spec: ai-gateway.md §7.6).
fn auth_style(base_url: &str) -> AuthStyle {
    let host = base_url
        .split("://")
        .nth(1)
        .unwrap_or_default()
        .split(['/', ':', '?'])
        .next()
        .unwrap_or_default();
    let host = host.to_ascii_lowercase();
    if host.ends_with(".openai.azure.com") || host.ends_with(".cognitiveservices.azure.com") {
        AuthStyle::AzureApiKey
    } else {
        AuthStyle::ByFormat
    }
}

fn builtin_only(builtin: &BuiltinProvider, only_configured_models: bool) -> Provider {
    let metadata = serde_json::json!({});
    Provider {
        id: builtin.id.clone(),
        aliases: builtin.aliases.clone(),
        base_url: builtin.base_url.clone(),
        auth: AuthStyle::ByFormat,
        api_keys: Vec::new(),
        surfaces: builtin_surfaces(builtin),
        configured: false,
        custom: false,
        display_name: builtin.display_name.clone(),
        description: String::new(),
        website: builtin.website.clone(),
        models: if only_configured_models {
            Vec::new()
        } else {
            builtin.models.iter().map(|model| catalog_model_of(model, &metadata)).collect()
        },
        metadata,
    }
}

fn builtin_surfaces(builtin: &BuiltinProvider) -> Vec<Surface> {
    builtin
        .surfaces
        .iter()
        .map(|surface| Surface {
            format: if surface.format == "anthropic" {
                SurfaceFormat::Anthropic
            } else {
                SurfaceFormat::Openai
            },
            surface: surface.surface.as_deref().map(surface_kind_of_name),
            supported_params: Vec::new(),
        })
        .collect()
}

fn surface_kind_of_name(name: &str) -> SurfaceKind {
    match name {
        "responses" => SurfaceKind::Responses,
        "messages" => SurfaceKind::Messages,
        "completions" => SurfaceKind::Completions,
        "embeddings" => SurfaceKind::Embeddings,
        _ => SurfaceKind::ChatCompletions,
    }
}

fn surface(surface: &ast::Surface) -> Surface {
    Surface {
        format: match surface.format.node {
            ast::SurfaceFormat::Openai => SurfaceFormat::Openai,
            ast::SurfaceFormat::Anthropic => SurfaceFormat::Anthropic,
        },
        surface: surface.surface.as_ref().map(|kind| match kind.node {
            ast::SurfaceKind::ChatCompletions => SurfaceKind::ChatCompletions,
            ast::SurfaceKind::Responses => SurfaceKind::Responses,
            ast::SurfaceKind::Messages => SurfaceKind::Messages,
            ast::SurfaceKind::Completions => SurfaceKind::Completions,
            ast::SurfaceKind::Embeddings => SurfaceKind::Embeddings,
        }),
        supported_params: surface
            .supported_params
            .iter()
            .flatten()
            .map(|param| param.name.node.clone())
            .collect(),
    }
}

/// Provider metadata overlaid by model metadata (spec: ai-gateway.md §7.3).
fn overlay(provider: &serde_json::Value, model: Option<&TemplateValue>) -> serde_json::Value {
    let mut merged = provider.as_object().cloned().unwrap_or_default();
    if let Some(serde_json::Value::Object(own)) = model.map(json) {
        merged.extend(own);
    }
    merged.into()
}

fn catalog_model_of(model: &BuiltinModel, provider_metadata: &serde_json::Value) -> Model {
    Model {
        id: model.id.clone(),
        aliases: model.aliases.clone(),
        author_id: model.author_id.clone(),
        display_name: model.display_name.clone(),
        description: String::new(),
        metadata: overlay(provider_metadata, None),
        input_modalities: or_text(model.input_modalities.clone()),
        output_modalities: or_text(model.output_modalities.clone()),
        supported_features: model.supported_features.clone(),
        max_context_window: model.max_context_window,
        max_output_tokens: model.max_output_tokens,
        unsupported_params: model.unsupported_params.clone(),
        pricing: Pricing {
            input: model.pricing.input,
            output: model.pricing.output,
            input_cache_read: model.pricing.input_cache_read,
            ..Pricing::default()
        },
        custom: false,
    }
}

fn or_text(modalities: Vec<String>) -> Vec<String> {
    if modalities.is_empty() { vec!["text".to_owned()] } else { modalities }
}

/// A configured model, over its catalog entry when the provider's catalog has one.
fn configured_model(
    model: &ast::Model,
    catalog_model: Option<&BuiltinModel>,
    provider_metadata: &serde_json::Value,
) -> Model {
    let base =
        catalog_model.map(|catalog_model| catalog_model_of(catalog_model, provider_metadata));
    let strings = |list: &Option<Vec<ast::Spanned<String>>>| {
        list.as_ref().map(|list| list.iter().map(|s| s.node.clone()).collect::<Vec<_>>())
    };
    let text =
        |value: &Option<ast::Spanned<String>>| value.as_ref().map(|value| value.node.clone());
    let mut aliases: Vec<String> =
        model.id_aliases.iter().map(|alias| alias.node.clone()).collect();
    if let Some(base) = &base {
        aliases.extend(
            base.aliases
                .iter()
                .filter(|alias| !aliases.contains(alias))
                .cloned()
                .collect::<Vec<_>>(),
        );
    }
    let count = |value: &Option<ast::Spanned<i64>>, fallback: u64| {
        value.as_ref().map_or(fallback, |value| u64::try_from(value.node).unwrap_or(0))
    };
    Model {
        id: model.id.node.clone(),
        aliases,
        author_id: text(&model.author_id)
            .or_else(|| base.as_ref().map(|base| base.author_id.clone()))
            .unwrap_or_default(),
        display_name: text(&model.display_name)
            .or_else(|| base.as_ref().map(|base| base.display_name.clone()))
            .unwrap_or_default(),
        description: text(&model.description).unwrap_or_default(),
        metadata: overlay(
            provider_metadata,
            model.metadata.as_ref().map(|metadata| &metadata.node),
        ),
        input_modalities: strings(&model.input_modalities)
            .or_else(|| base.as_ref().map(|base| base.input_modalities.clone()))
            .unwrap_or_else(|| vec!["text".to_owned()]),
        output_modalities: strings(&model.output_modalities)
            .or_else(|| base.as_ref().map(|base| base.output_modalities.clone()))
            .unwrap_or_else(|| vec!["text".to_owned()]),
        supported_features: strings(&model.supported_features)
            .or_else(|| base.as_ref().map(|base| base.supported_features.clone()))
            .unwrap_or_default(),
        max_context_window: count(
            &model.max_context_window,
            base.as_ref().map_or(0, |base| base.max_context_window),
        ),
        max_output_tokens: count(
            &model.max_output_tokens,
            base.as_ref().map_or(0, |base| base.max_output_tokens),
        ),
        unsupported_params: model
            .unsupported_params
            .as_ref()
            .map(|params| params.iter().map(|param| param.name.node.clone()).collect())
            .or_else(|| base.as_ref().map(|base| base.unsupported_params.clone()))
            .unwrap_or_default(),
        pricing: base.as_ref().map(|base| base.pricing.clone()).unwrap_or_default(),
        custom: true,
    }
}
