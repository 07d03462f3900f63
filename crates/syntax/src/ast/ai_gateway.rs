//! The configuration of the `ai-gateway` action (spec: ai-gateway.md §1-§2).

use schemars::JsonSchema;

use super::{CelSource, Duration, Spanned, StringMap, Template, TemplateValue};

/// Configuration of the `ai-gateway` action. An empty configuration is passthrough mode: every
/// built-in provider, with the client's own key.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AiGateway {
    /// Provider definitions and overrides of built-in providers.
    #[serde(default)]
    pub providers: Vec<Provider>,
    /// Only providers listed in `providers` are eligible.
    #[serde(default)]
    pub only_allow_configured_providers: Option<Spanned<bool>>,
    /// Only models listed under some `providers[].models` are eligible.
    #[serde(default)]
    pub only_allow_configured_models: Option<Spanned<bool>>,
    /// Ordered model-selection strategies; the first that yields a usable model wins.
    pub model_selection: Option<Strategies>,
    /// Ordered key-selection strategies (deprecated by ngrok; supported).
    pub api_key_selection: Option<Strategies>,
    /// What to do when the action fails.
    #[serde(default)]
    pub on_error: Option<Spanned<OnError>>,
    /// Limit for one upstream attempt (default `30s`).
    pub per_request_timeout: Option<Spanned<Duration>>,
    /// Limit for the whole action, all attempts included (default `5m`).
    pub total_timeout: Option<Spanned<Duration>>,
    /// Estimated prompt tokens above this are refused with 413.
    #[schemars(range(min = 1, max = 500_000))]
    pub max_input_tokens: Option<Spanned<i64>>,
    /// Upper bound on completion tokens.
    #[schemars(range(min = 1, max = 500_000))]
    pub max_output_tokens: Option<Spanned<i64>>,
    /// Headers set on every upstream request; values are templates.
    #[serde(default)]
    pub headers: StringMap<Template>,
    /// Query parameters appended to every upstream URL; values are templates.
    #[serde(default)]
    pub query_params: StringMap<Template>,
    /// Top-level JSON fields merged into the request body; string leaves are templates.
    #[serde(default)]
    pub body: StringMap<Spanned<TemplateValue>>,
}

/// `model_selection` / `api_key_selection`: an ordered list of CEL strategies.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Strategies {
    /// CEL expressions, tried in order.
    #[serde(default)]
    pub strategy: Vec<CelSource>,
}

/// `on_error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OnError {
    /// Return the error response.
    Halt,
    /// Record the error in `actions.ngrok.ai_gateway` and go on with the next action.
    Continue,
}

/// A provider: a built-in one to override, or a custom one.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Provider {
    /// The span of the provider mapping.
    #[schemars(skip)]
    pub span: switchyard_diagnostics::TextRange,
    /// Built-in id to override, or a new id (letters, digits, `.`, `_`, `-`).
    #[schemars(regex(pattern = r"^[A-Za-z0-9._-]+$"))]
    pub id: Spanned<String>,
    /// Extra names usable as `alias:model`.
    #[serde(default)]
    pub id_aliases: Vec<Spanned<String>>,
    /// Upstream base URL (`https://...` or `http://...`); required for custom providers.
    pub base_url: Option<Spanned<String>>,
    /// Keys tried in order; empty means the client's own key is forwarded.
    #[serde(default)]
    pub api_keys: Vec<ApiKey>,
    /// Model definitions.
    #[serde(default)]
    pub models: Vec<Model>,
    /// API formats the provider accepts.
    pub supported_api_surfaces: Option<Vec<Surface>>,
    /// Free-form metadata visible to strategies; never sent upstream.
    #[serde(default)]
    pub metadata: Option<Spanned<TemplateValue>>,
    /// Removes the provider and its models from the candidates.
    #[serde(default)]
    pub disabled: Option<Spanned<bool>>,
    /// Informational.
    pub display_name: Option<Spanned<String>>,
    /// Informational.
    pub description: Option<Spanned<String>>,
    /// Informational.
    pub website: Option<Spanned<String>>,
}

/// One configured API key.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ApiKey {
    /// The key, usually `${secrets.get('vault', 'name')}`.
    pub value: Template,
}

/// A model of a provider.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Model {
    /// The span of the model mapping.
    #[schemars(skip)]
    pub span: switchyard_diagnostics::TextRange,
    /// Model id sent upstream; may contain `/` and `:`.
    pub id: Spanned<String>,
    /// Extra names clients may use.
    #[serde(default)]
    pub id_aliases: Vec<Spanned<String>>,
    /// The model's author, such as `meta`.
    pub author_id: Option<Spanned<String>>,
    /// Informational.
    pub display_name: Option<Spanned<String>>,
    /// Informational.
    pub description: Option<Spanned<String>>,
    /// Removes the model from the candidates.
    pub disabled: Option<Spanned<bool>>,
    /// Free-form metadata visible to strategies.
    pub metadata: Option<Spanned<TemplateValue>>,
    /// Input modalities such as `text`, `image`.
    pub input_modalities: Option<Vec<Spanned<String>>>,
    /// Output modalities.
    pub output_modalities: Option<Vec<Spanned<String>>>,
    /// Context window in tokens.
    #[schemars(range(min = 0))]
    pub max_context_window: Option<Spanned<i64>>,
    /// The model's own output cap in tokens.
    #[schemars(range(min = 0))]
    pub max_output_tokens: Option<Spanned<i64>>,
    /// Features such as `tool-calling`.
    pub supported_features: Option<Vec<Spanned<String>>>,
    /// Top-level body keys stripped before forwarding to this model.
    pub unsupported_params: Option<Vec<ParamName>>,
}

/// A body parameter name: `{name: temperature}` (a bare string is deprecated).
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ParamName {
    /// The top-level body key.
    pub name: Spanned<String>,
}

/// An API surface a provider accepts.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Surface {
    /// Wire format.
    pub format: Spanned<SurfaceFormat>,
    /// Narrows the entry to one endpoint; absent means every endpoint of the format.
    pub surface: Option<Spanned<SurfaceKind>>,
    /// Allowlist of top-level body keys (only with `surface`).
    pub supported_params: Option<Vec<ParamName>>,
}

/// A wire format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SurfaceFormat {
    /// `OpenAI`'s API.
    Openai,
    /// Anthropic's API.
    Anthropic,
}

/// An endpoint of a wire format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SurfaceKind {
    /// `/v1/chat/completions`
    ChatCompletions,
    /// `/v1/responses`
    Responses,
    /// `/v1/messages`
    Messages,
    /// `/v1/completions`
    Completions,
    /// `/v1/embeddings`
    Embeddings,
}
