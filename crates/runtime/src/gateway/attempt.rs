//! Building one upstream attempt (spec/ai-gateway.md §5.7).
//!
//! Decisions:
//! - Config `body` replaces client fields, except `model` and `models`, which the gateway owns
//!   (step 2 sets `model` to the candidate's id).
//! - `max_output_tokens` is applied after the body merge, so the configured bound also holds
//!   over a `body` entry; a token field that is not a number at most the limit is set to it. The
//!   bound applies to generation endpoints only (`/chat/completions`, `/responses`, `/messages`,
//!   `/completions`), not to sub-paths such as `/messages/count_tokens`.
//! - Auth follows the request's wire format (spec §3): `Authorization: Bearer` for `OpenAI`,
//!   `x-api-key` for Anthropic; a provider whose auth style is Azure's always gets `api-key`. The
//!   client's credential headers (`authorization`, `x-api-key`, `api-key`) are removed whenever
//!   the gateway sends a key, configured or the client's own re-emitted.
//! - `anthropic-version: 2023-06-01` is added to every Anthropic-format request that lacks one.
//! - Body keys come out in lexicographic order (JSON objects are maps; key order carries no
//!   meaning in these APIs).

use serde_json::{Map, Value as Json};
use switchyard_plan::{AuthStyle, Provider, SurfaceFormat, SurfaceKind};

use super::keys::Credential;
use super::surface::{RequestSurface, matching_entry};
use super::templates::ConfigValues;
use super::universe::Candidate;
use super::url::upstream_url;
use crate::transport::{AttemptTarget, CREDENTIAL_HEADERS, UpstreamRequest};

/// Hop-by-hop headers (RFC 9110 §7.6.1), never forwarded.
pub(crate) const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "trailers",
    "transfer-encoding",
    "upgrade",
];

const ANTHROPIC_VERSION: &str = "2023-06-01";

/// What every attempt of a request starts from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RequestBase<'a> {
    pub(crate) method: &'a str,
    pub(crate) surface: RequestSurface,
    pub(crate) api_path: &'a str,
    pub(crate) client_query: Option<&'a str>,
    pub(crate) client_headers: &'a [(String, String)],
    pub(crate) body: &'a Map<String, Json>,
    pub(crate) max_output_tokens: Option<u32>,
}

/// The upstream request for `candidate` with `credential` (`key` is its value, if any).
pub(crate) fn build_request(
    base: &RequestBase<'_>,
    config: &ConfigValues,
    candidate: &Candidate<'_>,
    credential: Credential,
    key: Option<&str>,
) -> UpstreamRequest {
    let body = build_body(base, config, candidate);
    UpstreamRequest {
        method: base.method.to_owned(),
        url: upstream_url(
            &candidate.provider.base_url,
            base.api_path,
            base.client_query,
            &config.query_params,
        ),
        headers: build_headers(base, config, candidate.provider, key),
        body: serde_json::to_vec(&Json::Object(body)).unwrap_or_default(),
        target: AttemptTarget {
            provider: candidate.provider.id.clone(),
            model: candidate.model_id().to_owned(),
            key_index: match credential {
                Credential::Configured(index) => Some(index),
                Credential::Client | Credential::Anonymous => None,
            },
        },
    }
}

/// Steps 2 and 4–6: model, `models`, body merge, token bound, parameter stripping.
pub(crate) fn build_body(
    base: &RequestBase<'_>,
    config: &ConfigValues,
    candidate: &Candidate<'_>,
) -> Map<String, Json> {
    let mut body = base.body.clone();
    body.remove("models");
    body.insert("model".to_owned(), Json::String(candidate.model_id().to_owned()));
    for (key, value) in &config.body {
        if key != "model" && key != "models" {
            body.insert(key.clone(), value.clone());
        }
    }
    if let Some(limit) = base.max_output_tokens
        && let Some(field) = token_field(base.surface.kind, base.api_path, &body)
    {
        let within = body.get(field).and_then(Json::as_f64).is_some_and(|n| n <= f64::from(limit));
        if !within {
            body.insert(field.to_owned(), Json::from(limit));
        }
    }
    if let Some(entry) = matching_entry(candidate.provider, base.surface)
        && !entry.supported_params.is_empty()
    {
        body.retain(|key, _| key == "model" || entry.supported_params.iter().any(|p| p == key));
    }
    if let Some(model) = candidate.known_model() {
        for param in &model.unsupported_params {
            if param != "model" {
                body.remove(param);
            }
        }
    }
    body
}

/// The completion-token field of a generation endpoint.
fn token_field(
    kind: SurfaceKind,
    api_path: &str,
    body: &Map<String, Json>,
) -> Option<&'static str> {
    match (kind, api_path) {
        (SurfaceKind::ChatCompletions, "/chat/completions") => {
            Some(if body.contains_key("max_completion_tokens") {
                "max_completion_tokens"
            } else {
                "max_tokens"
            })
        }
        (SurfaceKind::Responses, "/responses") => Some("max_output_tokens"),
        (SurfaceKind::Messages, "/messages") | (SurfaceKind::Completions, "/completions") => {
            Some("max_tokens")
        }
        _ => None,
    }
}

/// Step 7: client headers without hop-by-hop ones, `host` and `content-length`; auth; config
/// headers.
pub(crate) fn build_headers(
    base: &RequestBase<'_>,
    config: &ConfigValues,
    provider: &Provider,
    key: Option<&str>,
) -> Vec<(String, String)> {
    let named_by_connection: Vec<String> = base
        .client_headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("connection"))
        .flat_map(|(_, value)| value.split(',').map(|token| token.trim().to_ascii_lowercase()))
        .collect();
    let mut headers: Vec<(String, String)> = base
        .client_headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
        .filter(|(name, _)| {
            !HOP_BY_HOP.contains(&name.as_str())
                && !named_by_connection.contains(name)
                && name != "host"
                && name != "content-length"
                && !(key.is_some() && CREDENTIAL_HEADERS.contains(&name.as_str()))
        })
        .collect();
    if let Some(key) = key {
        let header = match (provider.auth, base.surface.format) {
            (AuthStyle::AzureApiKey, _) => ("api-key".to_owned(), key.to_owned()),
            (_, SurfaceFormat::Openai) => ("authorization".to_owned(), format!("Bearer {key}")),
            (_, SurfaceFormat::Anthropic) => ("x-api-key".to_owned(), key.to_owned()),
        };
        headers.push(header);
    }
    if base.surface.format == SurfaceFormat::Anthropic
        && !headers.iter().any(|(name, _)| name == "anthropic-version")
    {
        headers.push(("anthropic-version".to_owned(), ANTHROPIC_VERSION.to_owned()));
    }
    for (name, value) in &config.headers {
        headers.retain(|(existing, _)| existing != name);
        headers.push((name.clone(), value.clone()));
    }
    headers
}
