//! Model and key selection objects (spec/cel.md §4, §5): models, providers, authors, keys,
//! pricing and metrics.
//!
//! `AIModel` and `AIKey` are lenient: in `filter`, `all`, `exists` and `exists_one` over them, a
//! predicate that fails to evaluate (a null quota, a missing key) counts as "not matching".

use std::sync::{Arc, LazyLock};

use super::native_objects;
use crate::value::{ObjectType, Value};

pub(crate) fn types() -> Vec<Arc<ObjectType>> {
    vec![
        TextPricing::object_type().clone(),
        WebSearchPricing::object_type().clone(),
        CodeInterpreterPricing::object_type().clone(),
        FileSearchPricing::object_type().clone(),
        ImageGenerationPricing::object_type().clone(),
        ToolPricing::object_type().clone(),
        Pricing::object_type().clone(),
        Datacenter::object_type().clone(),
        Latency::object_type().clone(),
        ErrorRate::object_type().clone(),
        TokenCounts::object_type().clone(),
        Quota::object_type().clone(),
        MetricScope::object_type().clone(),
        Metrics::object_type().clone(),
        AiModel::object_type().clone(),
        AiProvider::object_type().clone(),
        AiAuthor::object_type().clone(),
        AiKey::object_type().clone(),
    ]
}

native_objects! {
    /// Text prices, USD per million tokens; 0.0 when unknown (`TextPricing`).
    struct TextPricing("TextPricing") {
        /// `input`.
        input: f64,
        /// `output`.
        output: f64,
        /// `input_cache_write`.
        input_cache_write: f64,
        /// `input_cache_read`.
        input_cache_read: f64,
        /// `input_batch`.
        input_batch: f64,
        /// `output_batch`.
        output_batch: f64,
    }

    /// `WebSearchPricing`.
    struct WebSearchPricing("WebSearchPricing") {
        /// `per_search_call`.
        per_search_call: f64,
    }

    /// `CodeInterpreterPricing`.
    struct CodeInterpreterPricing("CodeInterpreterPricing") {
        /// `per_execution_call`.
        per_execution_call: f64,
    }

    /// `FileSearchPricing`.
    struct FileSearchPricing("FileSearchPricing") {
        /// `per_storage_gb`.
        per_storage_gb: f64,
    }

    /// `ImageGenerationPricing`.
    struct ImageGenerationPricing("ImageGenerationPricing") {
        /// `per_image_generation`.
        per_image_generation: f64,
    }

    /// Tool prices, USD per unit (`ToolPricing`).
    struct ToolPricing("ToolPricing") {
        /// `web_search` (a [`WebSearchPricing`]).
        web_search: obj(WebSearchPricing),
        /// `code_interpreter` (a [`CodeInterpreterPricing`]).
        code_interpreter: obj(CodeInterpreterPricing),
        /// `file_search` (a [`FileSearchPricing`]).
        file_search: obj(FileSearchPricing),
        /// `image_generation` (an [`ImageGenerationPricing`]).
        image_generation: obj(ImageGenerationPricing),
    }

    /// A model's prices (`Pricing`); `input` and `output` repeat `text.input` and `text.output`.
    struct Pricing("Pricing") {
        /// `input` (= `text.input`).
        input: f64,
        /// `output` (= `text.output`).
        output: f64,
        /// `text` (a [`TextPricing`]).
        text: obj(TextPricing),
        /// `tools` (a [`ToolPricing`]).
        tools: obj(ToolPricing),
    }

    /// Where a model is served (`Datacenter`).
    struct Datacenter("Datacenter") {
        /// `country_code` (string, ISO 3166-1 alpha-2).
        country_code: str,
        /// `region` (string).
        region: str,
    }

    /// Latencies in milliseconds (`Latency`); the streaming ones are null without streaming.
    struct Latency("Latency") {
        /// `gateway_ms_avg`.
        gateway_ms_avg: i64,
        /// `gateway_ms_p95`.
        gateway_ms_p95: i64,
        /// `upstream_ms_avg`.
        upstream_ms_avg: i64,
        /// `upstream_ms_p95`.
        upstream_ms_p95: i64,
        /// `time_to_first_token_ms_avg` (int or null).
        time_to_first_token_ms_avg: dyn,
        /// `time_to_first_token_ms_p95` (int or null).
        time_to_first_token_ms_p95: dyn,
        /// `time_per_output_token_ms_avg` (int or null).
        time_per_output_token_ms_avg: dyn,
        /// `time_per_output_token_ms_p95` (int or null).
        time_per_output_token_ms_p95: dyn,
    }

    /// Error rates, fractions from 0 to 1 (`ErrorRate`).
    struct ErrorRate("ErrorRate") {
        /// `total`: any non-2xx/3xx.
        total: f64,
        /// `timeout`.
        timeout: f64,
        /// `rate_limit`: 429.
        rate_limit: f64,
        /// `client`: 4xx except 429.
        client: f64,
        /// `server`: 5xx.
        server: f64,
    }

    /// Token counts (`TokenCounts`).
    struct TokenCounts("TokenCounts") {
        /// `provider_input`.
        provider_input: i64,
        /// `provider_output`.
        provider_output: i64,
        /// `estimated_input`.
        estimated_input: i64,
        /// `estimated_output`.
        estimated_output: i64,
    }

    /// Rate-limit quotas learned from response headers (`Quota`): int or null each.
    struct Quota("Quota") {
        /// `remaining_requests`.
        remaining_requests: dyn,
        /// `remaining_tokens`.
        remaining_tokens: dyn,
        /// `limit_requests`.
        limit_requests: dyn,
        /// `limit_tokens`.
        limit_tokens: dyn,
    }

    /// Metrics over one scope (`MetricScope`).
    struct MetricScope("MetricScope") {
        /// `provider` (string).
        provider: str,
        /// `model` (string).
        model: str,
        /// `request_count`.
        request_count: i64,
        /// `start_time`: Unix seconds.
        start_time: i64,
        /// `end_time`: Unix seconds.
        end_time: i64,
        /// `latency` (a [`Latency`]).
        latency: obj(Latency),
        /// `error_rate` (an [`ErrorRate`]).
        error_rate: obj(ErrorRate),
        /// `token` (a [`TokenCounts`]).
        token: obj(TokenCounts),
        /// `quota` (a [`Quota`]).
        quota: obj(Quota),
    }

    /// A model's metrics (`Metrics`).
    struct Metrics("Metrics") {
        /// `global` (a [`MetricScope`]).
        global: obj(MetricScope),
        /// `region` (a [`MetricScope`]).
        region: obj(MetricScope),
        /// `account` (a [`MetricScope`]).
        account: obj(MetricScope),
        /// `endpoint` (a [`MetricScope`]).
        endpoint: obj(MetricScope),
        /// `api_keys` (`map(string, MetricScope)`), by key id.
        api_keys: map,
    }

    /// A model of the universe (`AIModel`).
    struct AiModel("AIModel", lenient) {
        /// `id` (string).
        id: str,
        /// `id_aliases` (list(string)).
        id_aliases: list,
        /// `provider_id` (string).
        provider_id: str,
        /// `provider_id_aliases` (list(string)).
        provider_id_aliases: list,
        /// `author_id` (string, empty when unknown).
        author_id: str,
        /// `author_id_aliases` (list(string)).
        author_id_aliases: list,
        /// `display_name` (string).
        display_name: str,
        /// `description` (string).
        description: str,
        /// `known`: in the catalog or configured.
        known: bool,
        /// `custom`: defined in the policy.
        custom: bool,
        /// `metadata` (map(string, dyn)).
        metadata: map,
        /// `input_modalities` (list(string)).
        input_modalities: list,
        /// `output_modalities` (list(string)).
        output_modalities: list,
        /// `supported_features` (list(string)).
        supported_features: list,
        /// `max_context_window` (0 when unknown).
        max_context_window: i64,
        /// `max_output_tokens` (0 when unknown).
        max_output_tokens: i64,
        /// `parameter_count` (0 when unknown).
        parameter_count: i64,
        /// `data_retention_days` (0 when unknown).
        data_retention_days: i64,
        /// `quantization` (string).
        quantization: str,
        /// `data_training_policy` (string).
        data_training_policy: str,
        /// `data_retention_policy` (string).
        data_retention_policy: str,
        /// `pricing` (a [`Pricing`]).
        pricing: obj(Pricing),
        /// `datacenters` (list(Datacenter)).
        datacenters: list,
        /// `metrics` (a [`Metrics`]).
        metrics: obj(Metrics),
    }
    extra {
        /// The model's position in the universe, for the caller (not a CEL field).
        position: usize = 0,
    }

    /// A provider (`AIProvider`).
    struct AiProvider("AIProvider") {
        /// `id` (string).
        id: str,
        /// `id_aliases` (list(string)).
        id_aliases: list,
        /// `display_name` (string).
        display_name: str,
        /// `description` (string).
        description: str,
        /// `website` (string).
        website: str,
        /// `base_url` (string).
        base_url: str,
        /// `custom`.
        custom: bool,
        /// `metadata` (map(string, dyn)).
        metadata: map,
        /// `models` (list(AIModel)).
        models: list,
    }

    /// A model author (`AIAuthor`).
    struct AiAuthor("AIAuthor") {
        /// `id` (string).
        id: str,
        /// `id_aliases` (list(string)).
        id_aliases: list,
        /// `display_name` (string).
        display_name: str,
    }

    /// An API key of the provider being attempted (`AIKey`).
    struct AiKey("AIKey", lenient, secret) {
        /// `id` (string): a stable hash of the key, safe to log.
        id: str,
        /// `value` (string): the key itself.
        value: str,
        /// `quota` (a [`Quota`]).
        quota: obj(Quota),
        /// `error_rate` (an [`ErrorRate`]).
        error_rate: obj(ErrorRate),
    }
    extra {
        /// The key's position in the provider's `api_keys`, for the caller (not a CEL field).
        position: usize = 0,
    }
}
