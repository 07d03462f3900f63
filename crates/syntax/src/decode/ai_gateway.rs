//! The `ai-gateway` configuration (spec: ai-gateway.md §1-§2).

use switchyard_diagnostics::Code;

use super::reader::{Ctx, Fields};
use super::values::Interpolation;
use crate::ast::{
    AiGateway, ApiKey, Model, OnError, ParamName, Provider, Spanned, Strategies, StringMap,
    Surface, SurfaceFormat, SurfaceKind,
};
use crate::yaml::Node;

pub(crate) const KEYS: &[&str] = &[
    "providers",
    "only_allow_configured_providers",
    "only_allow_configured_models",
    "model_selection",
    "api_key_selection",
    "on_error",
    "per_request_timeout",
    "total_timeout",
    "max_input_tokens",
    "max_output_tokens",
    "headers",
    "query_params",
    "body",
];

const PROVIDER_KEYS: &[&str] = &[
    "id",
    "id_aliases",
    "base_url",
    "api_keys",
    "models",
    "supported_api_surfaces",
    "metadata",
    "disabled",
    "display_name",
    "description",
    "website",
];

const MODEL_KEYS: &[&str] = &[
    "id",
    "id_aliases",
    "author_id",
    "display_name",
    "description",
    "disabled",
    "metadata",
    "input_modalities",
    "output_modalities",
    "max_context_window",
    "max_output_tokens",
    "supported_features",
    "unsupported_params",
];

const MAX_TOKENS: i64 = 500_000;

pub(crate) fn ai_gateway(ctx: &mut Ctx<'_>, mut fields: Fields<'_>) -> AiGateway {
    let mut config = AiGateway::default();
    if let Some(node) = fields.get("providers") {
        config.providers = ctx.at("providers", |ctx| ctx.list(node, provider)).unwrap_or_default();
    }
    config.only_allow_configured_providers = fields
        .get("only_allow_configured_providers")
        .and_then(|n| ctx.at("only_allow_configured_providers", |ctx| ctx.bool(n)));
    config.only_allow_configured_models = fields
        .get("only_allow_configured_models")
        .and_then(|n| ctx.at("only_allow_configured_models", |ctx| ctx.bool(n)));
    config.model_selection = fields
        .get("model_selection")
        .and_then(|n| ctx.at("model_selection", |ctx| strategies(ctx, n)));
    if let Some(entry) = fields.get_entry("api_key_selection") {
        ctx.report(
            Code::SY0015,
            entry.key.span,
            "`api_key_selection` is deprecated",
            "deprecated",
            Some(
                "keys are tried in `api_keys` order; keep this only if you need key strategies"
                    .to_owned(),
            ),
        );
        config.api_key_selection = ctx.at("api_key_selection", |ctx| strategies(ctx, &entry.value));
    }
    config.on_error = fields.get("on_error").and_then(|n| {
        ctx.at("on_error", |ctx| ctx.enumeration(n, &["halt", "continue"])).map(|value| {
            Spanned::new(
                value.span,
                if value.node == "halt" { OnError::Halt } else { OnError::Continue },
            )
        })
    });
    config.per_request_timeout = fields
        .get("per_request_timeout")
        .and_then(|n| ctx.at("per_request_timeout", |ctx| ctx.positive_duration(n)));
    config.total_timeout = fields
        .get("total_timeout")
        .and_then(|n| ctx.at("total_timeout", |ctx| ctx.positive_duration(n)));
    config.max_input_tokens = fields
        .get("max_input_tokens")
        .and_then(|n| ctx.at("max_input_tokens", |ctx| ctx.int(n, 1, MAX_TOKENS)));
    config.max_output_tokens = fields
        .get("max_output_tokens")
        .and_then(|n| ctx.at("max_output_tokens", |ctx| ctx.int(n, 1, MAX_TOKENS)));
    config.headers = template_map(ctx, &mut fields, "headers");
    config.query_params = template_map(ctx, &mut fields, "query_params");
    if let Some(node) = fields.get("body") {
        let body = ctx.at("body", |ctx| {
            ctx.string_map(node, |ctx, value| Some(ctx.template_value(value, Interpolation::Yes)))
        });
        config.body = StringMap(body.unwrap_or_default());
    }
    fields.finish(ctx, KEYS, &[]);
    config
}

/// A `map<string, template>` field such as `headers`.
pub(crate) fn template_map(
    ctx: &mut Ctx<'_>,
    fields: &mut Fields<'_>,
    key: &'static str,
) -> StringMap<crate::ast::Template> {
    let Some(node) = fields.get(key) else { return StringMap::default() };
    let map = ctx.at(key, |ctx| ctx.string_map(node, super::reader::Ctx::template));
    StringMap(map.unwrap_or_default())
}

fn strategies(ctx: &mut Ctx<'_>, node: &Node) -> Option<Strategies> {
    let mut fields = ctx.fields(node)?;
    let strategy = fields
        .get("strategy")
        .and_then(|n| ctx.at("strategy", |ctx| ctx.list(n, super::reader::Ctx::cel)));
    fields.finish(ctx, &["strategy"], &[("strategies", "strategy")]);
    Some(Strategies { strategy: strategy.unwrap_or_default() })
}

fn provider(ctx: &mut Ctx<'_>, node: &Node) -> Option<Provider> {
    let mut fields = ctx.fields(node)?;
    let id = fields.required(ctx, "id").and_then(|n| ctx.at("id", |ctx| provider_id(ctx, n)));
    let id_aliases = fields
        .get("id_aliases")
        .and_then(|n| ctx.at("id_aliases", |ctx| ctx.list(n, provider_id)))
        .unwrap_or_default();
    let base_url = fields.get("base_url").and_then(|n| ctx.at("base_url", |ctx| url(ctx, n)));
    let api_keys = fields
        .get("api_keys")
        .and_then(|n| ctx.at("api_keys", |ctx| ctx.list(n, api_key)))
        .unwrap_or_default();
    let models = fields
        .get("models")
        .and_then(|n| ctx.at("models", |ctx| ctx.list(n, model)))
        .unwrap_or_default();
    let supported_api_surfaces = fields
        .get("supported_api_surfaces")
        .and_then(|n| ctx.at("supported_api_surfaces", |ctx| ctx.list(n, surface)));
    let metadata = fields.get("metadata").and_then(|n| ctx.at("metadata", |ctx| metadata(ctx, n)));
    let disabled = fields.get("disabled").and_then(|n| ctx.at("disabled", |ctx| ctx.bool(n)));
    let display_name =
        fields.get("display_name").and_then(|n| ctx.at("display_name", |ctx| ctx.string(n)));
    let description =
        fields.get("description").and_then(|n| ctx.at("description", |ctx| ctx.string(n)));
    let website = fields.get("website").and_then(|n| ctx.at("website", |ctx| ctx.string(n)));
    fields.finish(
        ctx,
        PROVIDER_KEYS,
        &[("name", "id"), ("api_key", "api_keys"), ("url", "base_url"), ("aliases", "id_aliases")],
    );
    Some(Provider {
        span: node.span,
        id: id?,
        id_aliases,
        base_url,
        api_keys,
        models,
        supported_api_surfaces,
        metadata,
        disabled,
        display_name,
        description,
        website,
    })
}

/// A provider id or alias: letters, digits, `.`, `_` and `-`.
fn provider_id(ctx: &mut Ctx<'_>, node: &Node) -> Option<Spanned<String>> {
    let id = ctx.non_empty_string(node)?;
    if let Some(bad) =
        id.node.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        let message = format!("`{}` is not a valid provider id: `{}`", ctx.path(), id.node);
        let help = if bad == ':' {
            "`:` separates the provider from the model in model strings; remove it".to_owned()
        } else {
            format!("provider ids use letters, digits, `.`, `_` and `-`; remove `{bad}`")
        };
        ctx.report(Code::SY0011, node.span, message, format!("`{bad}` is not allowed"), Some(help));
        return None;
    }
    Some(id)
}

/// An `http` or `https` URL with a host.
pub(crate) fn url(ctx: &mut Ctx<'_>, node: &Node) -> Option<Spanned<String>> {
    let url = ctx.non_empty_string(node)?;
    let rest = url.node.strip_prefix("https://").or_else(|| url.node.strip_prefix("http://"));
    let host = rest.map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    if host.is_none_or(|host| host.is_empty() || host.contains(char::is_whitespace)) {
        let message = format!("`{}` is not an http(s) URL: `{}`", ctx.path(), url.node);
        let help = "write a URL such as `https://api.example.com/v1`".to_owned();
        ctx.report(Code::SY0011, node.span, message, "not a URL", Some(help));
        return None;
    }
    Some(url)
}

fn api_key(ctx: &mut Ctx<'_>, node: &Node) -> Option<ApiKey> {
    if node.as_scalar().is_some() {
        let help = "write `- value: ${secrets.get('vault', 'key')}`".to_owned();
        ctx.type_mismatch(node, "a mapping with `value`", Some(help));
        return None;
    }
    let mut fields = ctx.fields(node)?;
    let value = fields
        .required(ctx, "value")
        .and_then(|n| ctx.at("value", |ctx| ctx.non_empty_template(n)));
    fields.finish(ctx, &["value"], &[("key", "value")]);
    Some(ApiKey { value: value? })
}

fn model(ctx: &mut Ctx<'_>, node: &Node) -> Option<Model> {
    let mut fields = ctx.fields(node)?;
    let id = fields.required(ctx, "id").and_then(|n| ctx.at("id", |ctx| ctx.non_empty_string(n)));
    let strings = |ctx: &mut Ctx<'_>, fields: &mut Fields<'_>, key: &'static str| {
        fields.get(key).and_then(|n| ctx.at(key, |ctx| ctx.list(n, super::reader::Ctx::string)))
    };
    let id_aliases = strings(ctx, &mut fields, "id_aliases").unwrap_or_default();
    let author_id = fields.get("author_id").and_then(|n| ctx.at("author_id", |ctx| ctx.string(n)));
    let display_name =
        fields.get("display_name").and_then(|n| ctx.at("display_name", |ctx| ctx.string(n)));
    let description =
        fields.get("description").and_then(|n| ctx.at("description", |ctx| ctx.string(n)));
    let disabled = fields.get("disabled").and_then(|n| ctx.at("disabled", |ctx| ctx.bool(n)));
    let metadata = fields.get("metadata").and_then(|n| ctx.at("metadata", |ctx| metadata(ctx, n)));
    let input_modalities = strings(ctx, &mut fields, "input_modalities");
    let output_modalities = strings(ctx, &mut fields, "output_modalities");
    let max_context_window = fields
        .get("max_context_window")
        .and_then(|n| ctx.at("max_context_window", |ctx| ctx.int(n, 0, i64::MAX)));
    let max_output_tokens = fields
        .get("max_output_tokens")
        .and_then(|n| ctx.at("max_output_tokens", |ctx| ctx.int(n, 0, i64::MAX)));
    let supported_features = strings(ctx, &mut fields, "supported_features");
    let unsupported_params = fields
        .get("unsupported_params")
        .and_then(|n| ctx.at("unsupported_params", |ctx| ctx.list(n, param_name)));
    fields.finish(ctx, MODEL_KEYS, &[("name", "id"), ("aliases", "id_aliases")]);
    Some(Model {
        span: node.span,
        id: id?,
        id_aliases,
        author_id,
        display_name,
        description,
        disabled,
        metadata,
        input_modalities,
        output_modalities,
        max_context_window,
        max_output_tokens,
        supported_features,
        unsupported_params,
    })
}

/// `{name: temperature}`, or the deprecated bare `temperature`.
fn param_name(ctx: &mut Ctx<'_>, node: &Node) -> Option<ParamName> {
    if let Some(text) = node.as_str() {
        let help = format!("write `- name: {text}`");
        ctx.report(
            Code::SY0015,
            node.span,
            "a parameter written as a bare string is deprecated",
            "bare string",
            Some(help),
        );
        return Some(ParamName { name: Spanned::new(node.span, text.to_owned()) });
    }
    let mut fields = ctx.fields(node)?;
    let name =
        fields.required(ctx, "name").and_then(|n| ctx.at("name", |ctx| ctx.non_empty_string(n)));
    fields.finish(ctx, &["name"], &[]);
    Some(ParamName { name: name? })
}

fn surface(ctx: &mut Ctx<'_>, node: &Node) -> Option<Surface> {
    let mut fields = ctx.fields(node)?;
    let format = fields.required(ctx, "format").and_then(|n| {
        ctx.at("format", |ctx| ctx.enumeration(n, &["openai", "anthropic"])).map(|value| {
            Spanned::new(
                value.span,
                if value.node == "openai" {
                    SurfaceFormat::Openai
                } else {
                    SurfaceFormat::Anthropic
                },
            )
        })
    });
    let kinds = ["chat-completions", "responses", "messages", "completions", "embeddings"];
    let surface = fields.get("surface").and_then(|n| {
        ctx.at("surface", |ctx| ctx.enumeration(n, &kinds)).map(|value| {
            let kind = match value.node {
                "chat-completions" => SurfaceKind::ChatCompletions,
                "responses" => SurfaceKind::Responses,
                "messages" => SurfaceKind::Messages,
                "completions" => SurfaceKind::Completions,
                _ => SurfaceKind::Embeddings,
            };
            Spanned::new(value.span, kind)
        })
    });
    let mut supported_params = None;
    if let Some(entry) = fields.get_entry("supported_params") {
        if surface.is_none() && fields.entries.iter().all(|e| e.key.as_str() != Some("surface")) {
            let message = "`supported_params` needs a `surface`";
            let help = "add `surface:` (such as `chat-completions`) to say which endpoint the list applies to".to_owned();
            ctx.report(
                Code::SY0008,
                entry.key.span,
                message,
                "no `surface` in this entry",
                Some(help),
            );
        }
        supported_params = ctx.at("supported_params", |ctx| ctx.list(&entry.value, param_name));
    }
    fields.finish(ctx, &["format", "surface", "supported_params"], &[]);
    Some(Surface { format: format?, surface, supported_params })
}

/// Free-form metadata: a mapping of JSON values, not interpolated.
fn metadata(ctx: &mut Ctx<'_>, node: &Node) -> Option<Spanned<crate::ast::TemplateValue>> {
    if node.as_mapping().is_none() && !node.is_null() {
        ctx.type_mismatch(node, "a mapping", None);
        return None;
    }
    Some(ctx.template_value(node, Interpolation::No))
}
