//! The object types of the policy environments (spec: cel.md §2, §4, §5), as data.
//!
//! Field types are written in CEL's notation and parsed when the environment is built.

/// An object type: its name and its fields.
pub(crate) struct ObjectDecl {
    pub(crate) name: &'static str,
    /// Whether a bare value of this type is used as a `string` (`req.url`, `req.user_agent`).
    pub(crate) string_like: bool,
    pub(crate) fields: &'static [(&'static str, &'static str)],
}

const fn object(name: &'static str, fields: &'static [(&'static str, &'static str)]) -> ObjectDecl {
    ObjectDecl { name, string_like: false, fields }
}

const fn string_like(
    name: &'static str,
    fields: &'static [(&'static str, &'static str)],
) -> ObjectDecl {
    ObjectDecl { name, string_like: true, fields }
}

const HEADERS: &str = "map(string, list(string))";

/// Every object type, in dependency order.
pub(crate) const OBJECTS: &[ObjectDecl] = &[
    // Request, response and connection (cel.md §2).
    object("Cookie", &[("name", "string"), ("value", "string")]),
    object(
        "ResCookie",
        &[
            ("name", "string"),
            ("value", "string"),
            ("domain", "string"),
            ("path", "string"),
            ("same_site", "string"),
            ("expires", "timestamp"),
            ("max_age", "duration"),
            ("http_only", "bool"),
            ("secure", "bool"),
            ("unparsed_attributes", "map(string, string)"),
        ],
    ),
    string_like("ContentType", &[("raw", "string"), ("parameters", "map(string, string)")]),
    string_like(
        "UserAgent",
        &[
            ("name", "string"),
            ("version", "string"),
            ("os", "string"),
            ("os_version", "string"),
            ("device", "string"),
            ("url", "string"),
            ("is_mobile", "bool"),
            ("is_tablet", "bool"),
            ("is_desktop", "bool"),
            ("is_bot", "bool"),
        ],
    ),
    string_like(
        "Url",
        &[
            ("scheme", "string"),
            ("host", "string"),
            ("authority", "string"),
            ("path", "string"),
            ("raw_path", "string"),
            ("query", "string"),
            ("raw", "string"),
            ("uri", "string"),
            ("user_password", "string"),
            ("port", "int"),
            ("query_params", HEADERS),
        ],
    ),
    object(
        "RequestTimestamps",
        &[("header_received", "timestamp"), ("body_received", "timestamp")],
    ),
    object(
        "Request",
        &[
            ("method", "string"),
            ("version", "string"),
            ("host", "string"),
            ("headers", HEADERS),
            ("trailers", HEADERS),
            ("cookies", "map(string, list(Cookie))"),
            ("content_type", "ContentType"),
            ("content_encoding", "list(string)"),
            ("content_length", "int"),
            ("location", "string"),
            ("user_agent", "UserAgent"),
            ("url", "Url"),
            ("ts", "RequestTimestamps"),
            ("id", "string"),
        ],
    ),
    object(
        "Response",
        &[
            ("status_code", "int"),
            ("headers", HEADERS),
            ("trailers", HEADERS),
            ("cookies", "map(string, list(ResCookie))"),
            ("content_type", "ContentType"),
            ("content_encoding", "list(string)"),
            ("content_length", "int"),
            ("location", "string"),
        ],
    ),
    object(
        "Geo",
        &[
            ("city", "string"),
            ("country", "string"),
            ("country_code", "string"),
            ("latitude", "string"),
            ("longitude", "string"),
            ("subdivision", "string"),
            ("postal_code", "string"),
        ],
    ),
    object("ConnectionTimestamps", &[("start", "timestamp")]),
    object(
        "Connection",
        &[
            ("client_ip", "string"),
            ("server_ip", "string"),
            ("server_region", "string"),
            ("client_port", "int"),
            ("server_port", "int"),
            ("bytes_in", "int"),
            ("bytes_out", "int"),
            ("ts", "ConnectionTimestamps"),
            ("geo", "Geo"),
            ("tls", "dyn"),
        ],
    ),
    object(
        "Endpoint",
        &[
            ("id", "string"),
            ("url", "string"),
            ("host", "string"),
            ("addr", "string"),
            ("protocol", "string"),
            ("port", "int"),
        ],
    ),
    object("Time", &[("now", "string")]),
    object("Actions", &[("ngrok", "map(string, dyn)")]),
    // Model selection (cel.md §4).
    object(
        "TextPricing",
        &[
            ("input", "double"),
            ("output", "double"),
            ("input_cache_write", "double"),
            ("input_cache_read", "double"),
            ("input_batch", "double"),
            ("output_batch", "double"),
        ],
    ),
    object("WebSearchPricing", &[("per_search_call", "double")]),
    object("CodeInterpreterPricing", &[("per_execution_call", "double")]),
    object("FileSearchPricing", &[("per_storage_gb", "double")]),
    object("ImageGenerationPricing", &[("per_image_generation", "double")]),
    object(
        "ToolPricing",
        &[
            ("web_search", "WebSearchPricing"),
            ("code_interpreter", "CodeInterpreterPricing"),
            ("file_search", "FileSearchPricing"),
            ("image_generation", "ImageGenerationPricing"),
        ],
    ),
    object(
        "Pricing",
        &[
            ("input", "double"),
            ("output", "double"),
            ("text", "TextPricing"),
            ("tools", "ToolPricing"),
        ],
    ),
    object("Datacenter", &[("country_code", "string"), ("region", "string")]),
    object(
        "Latency",
        &[
            ("gateway_ms_avg", "int"),
            ("gateway_ms_p95", "int"),
            ("upstream_ms_avg", "int"),
            ("upstream_ms_p95", "int"),
            ("time_to_first_token_ms_avg", "dyn"),
            ("time_to_first_token_ms_p95", "dyn"),
            ("time_per_output_token_ms_avg", "dyn"),
            ("time_per_output_token_ms_p95", "dyn"),
        ],
    ),
    object(
        "ErrorRate",
        &[
            ("total", "double"),
            ("timeout", "double"),
            ("rate_limit", "double"),
            ("client", "double"),
            ("server", "double"),
        ],
    ),
    object(
        "TokenCounts",
        &[
            ("provider_input", "int"),
            ("provider_output", "int"),
            ("estimated_input", "int"),
            ("estimated_output", "int"),
        ],
    ),
    object(
        "Quota",
        &[
            ("remaining_requests", "dyn"),
            ("remaining_tokens", "dyn"),
            ("limit_requests", "dyn"),
            ("limit_tokens", "dyn"),
        ],
    ),
    object(
        "MetricScope",
        &[
            ("provider", "string"),
            ("model", "string"),
            ("request_count", "int"),
            ("start_time", "int"),
            ("end_time", "int"),
            ("latency", "Latency"),
            ("error_rate", "ErrorRate"),
            ("token", "TokenCounts"),
            ("quota", "Quota"),
        ],
    ),
    object(
        "Metrics",
        &[
            ("global", "MetricScope"),
            ("region", "MetricScope"),
            ("account", "MetricScope"),
            ("endpoint", "MetricScope"),
            ("api_keys", "map(string, MetricScope)"),
        ],
    ),
    object(
        "AIModel",
        &[
            ("id", "string"),
            ("id_aliases", "list(string)"),
            ("provider_id", "string"),
            ("provider_id_aliases", "list(string)"),
            ("author_id", "string"),
            ("author_id_aliases", "list(string)"),
            ("display_name", "string"),
            ("description", "string"),
            ("known", "bool"),
            ("custom", "bool"),
            ("metadata", "map(string, dyn)"),
            ("input_modalities", "list(string)"),
            ("output_modalities", "list(string)"),
            ("supported_features", "list(string)"),
            ("max_context_window", "int"),
            ("max_output_tokens", "int"),
            ("parameter_count", "int"),
            ("data_retention_days", "int"),
            ("quantization", "string"),
            ("data_training_policy", "string"),
            ("data_retention_policy", "string"),
            ("pricing", "Pricing"),
            ("datacenters", "list(Datacenter)"),
            ("metrics", "Metrics"),
        ],
    ),
    object(
        "AIProvider",
        &[
            ("id", "string"),
            ("id_aliases", "list(string)"),
            ("display_name", "string"),
            ("description", "string"),
            ("website", "string"),
            ("base_url", "string"),
            ("custom", "bool"),
            ("metadata", "map(string, dyn)"),
            ("models", "list(AIModel)"),
        ],
    ),
    object(
        "AIAuthor",
        &[("id", "string"), ("id_aliases", "list(string)"), ("display_name", "string")],
    ),
    // Key selection (cel.md §5).
    object(
        "AIKey",
        &[("id", "string"), ("value", "string"), ("quota", "Quota"), ("error_rate", "ErrorRate")],
    ),
];
