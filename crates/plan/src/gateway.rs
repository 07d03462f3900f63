//! The `ai-gateway` action: providers and models resolved against the built-in catalog.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ExprId, Template, Value};

/// A compiled `ai-gateway` configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Gateway {
    /// The providers that may serve requests, built-in ones merged with their configuration, in
    /// universe order (configured providers in policy order, then the other built-ins by id);
    /// disabled providers and models and those the `only_allow_configured_*` flags exclude are
    /// already gone.
    pub providers: Vec<Provider>,
    /// Whether models outside the configuration are refused (no pass-through models).
    pub only_allow_configured_models: bool,
    /// Model-selection strategies, in order.
    pub model_strategies: Vec<ExprId>,
    /// Key-selection strategies, in order.
    pub key_strategies: Vec<ExprId>,
    /// What a failure does.
    pub on_error: OnError,
    /// Limit of one upstream attempt, in milliseconds.
    pub per_request_timeout_ms: u64,
    /// Limit of the whole action, in milliseconds.
    pub total_timeout_ms: u64,
    /// Estimated prompt tokens above this are refused.
    pub max_input_tokens: Option<u32>,
    /// Upper bound on completion tokens.
    pub max_output_tokens: Option<u32>,
    /// Headers set on every upstream request; lower-cased names.
    pub headers: Vec<(String, Template)>,
    /// Query parameters appended to every upstream URL.
    pub query_params: Vec<(String, Template)>,
    /// Top-level fields merged into the request body.
    pub body: Vec<(String, Value)>,
}

/// `on_error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OnError {
    /// Answer with the error.
    Halt,
    /// Record the error and go on with the next action.
    Continue,
}

/// A provider of the universe.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Provider {
    /// The id.
    pub id: String,
    /// Other names, usable as `alias:model`.
    pub aliases: Vec<String>,
    /// The upstream base URL.
    pub base_url: String,
    /// How configured keys are sent.
    pub auth: AuthStyle,
    /// Configured keys, tried in order; empty means the client's own key is forwarded.
    pub api_keys: Vec<ApiKey>,
    /// The API surfaces the provider accepts.
    pub surfaces: Vec<Surface>,
    /// Whether the provider is listed in the policy's `providers`.
    pub configured: bool,
    /// Whether the provider is not a built-in one.
    pub custom: bool,
    /// The provider's metadata (a JSON object).
    pub metadata: serde_json::Value,
    /// Informational.
    pub display_name: String,
    /// Informational.
    pub description: String,
    /// Informational.
    pub website: String,
    /// The provider's models, configured ones first.
    pub models: Vec<Model>,
}

/// How a configured key is sent upstream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AuthStyle {
    /// By the request's format: `Authorization: Bearer <key>` for `OpenAI`, `x-api-key: <key>` (and
    /// a default `anthropic-version`) for Anthropic.
    ByFormat,
    /// `api-key: <key>` (Azure `OpenAI`: a `base_url` on `*.openai.azure.com` or
    /// `*.cognitiveservices.azure.com`).
    AzureApiKey,
}

/// A configured key: a template (usually one `secrets.get`), never a resolved value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ApiKey {
    /// The key's value, evaluated per request.
    pub value: Template,
    /// How traces name the key: its `secrets.get(...)` reference, or `literal key N` for a key
    /// written in the policy (whose value is never shown).
    pub label: String,
}

/// An API surface a provider accepts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Surface {
    /// The wire format.
    pub format: SurfaceFormat,
    /// One endpoint of the format, or all of them.
    pub surface: Option<SurfaceKind>,
    /// When non-empty, the only top-level body keys forwarded.
    pub supported_params: Vec<String>,
}

/// A wire format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SurfaceFormat {
    /// `OpenAI`'s API.
    Openai,
    /// Anthropic's API.
    Anthropic,
}

/// An endpoint of a wire format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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

/// A model of a provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Model {
    /// The id sent upstream.
    pub id: String,
    /// Other names clients may use.
    pub aliases: Vec<String>,
    /// The author's id, or empty.
    pub author_id: String,
    /// Informational.
    pub display_name: String,
    /// Informational.
    pub description: String,
    /// Provider metadata overlaid by the model's (a JSON object).
    pub metadata: serde_json::Value,
    /// Input modalities.
    pub input_modalities: Vec<String>,
    /// Output modalities.
    pub output_modalities: Vec<String>,
    /// Features such as `tool-calling`.
    pub supported_features: Vec<String>,
    /// Context window in tokens; 0 when unknown.
    pub max_context_window: u64,
    /// Output cap in tokens; 0 when unknown.
    pub max_output_tokens: u64,
    /// Top-level body keys removed before forwarding.
    pub unsupported_params: Vec<String>,
    /// Prices; 0 when unknown.
    pub pricing: Pricing,
    /// Whether the policy defines the model.
    pub custom: bool,
}

/// Prices in USD per million tokens (text) or per unit (tools); 0 when unknown.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Pricing {
    /// Input text.
    pub input: f64,
    /// Output text.
    pub output: f64,
    /// Writing to the prompt cache.
    pub input_cache_write: f64,
    /// Reading from the prompt cache.
    pub input_cache_read: f64,
    /// Batch input.
    pub input_batch: f64,
    /// Batch output.
    pub output_batch: f64,
}
