//! The API surface of a client request, from its path (spec/ai-gateway.md §2.2).
//!
//! The path is matched on its suffix, so a leading prefix (`/team-a/v1/chat/completions`) is
//! ignored. Decisions: `/v1/models` is only answered for `GET` (other methods are an unsupported
//! path); the match is exact (a trailing `/` is an unsupported path).

use switchyard_plan::{Provider, Surface, SurfaceFormat, SurfaceKind};

/// The wire format and endpoint a request uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestSurface {
    /// The wire format.
    pub format: SurfaceFormat,
    /// The endpoint.
    pub kind: SurfaceKind,
}

impl RequestSurface {
    /// `openai/chat-completions`, for traces and messages.
    pub fn name(self) -> String {
        format!("{}/{}", format_name(self.format), kind_name(self.kind))
    }
}

pub(crate) fn format_name(format: SurfaceFormat) -> &'static str {
    match format {
        SurfaceFormat::Openai => "openai",
        SurfaceFormat::Anthropic => "anthropic",
    }
}

pub(crate) fn kind_name(kind: SurfaceKind) -> &'static str {
    match kind {
        SurfaceKind::ChatCompletions => "chat-completions",
        SurfaceKind::Responses => "responses",
        SurfaceKind::Messages => "messages",
        SurfaceKind::Completions => "completions",
        SurfaceKind::Embeddings => "embeddings",
    }
}

/// What a request path asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route<'p> {
    /// An AI endpoint; `api_path` is the path from `/v1` on, without `/v1` (`/chat/completions`).
    Api { surface: RequestSurface, api_path: &'p str },
    /// `GET /v1/models`, answered locally.
    ListModels,
    /// Anything else.
    Unsupported,
}

/// Exact suffixes and their surfaces.
const SUFFIXES: &[(&str, SurfaceFormat, SurfaceKind)] = &[
    ("/v1/chat/completions", SurfaceFormat::Openai, SurfaceKind::ChatCompletions),
    ("/v1/completions", SurfaceFormat::Openai, SurfaceKind::Completions),
    ("/v1/embeddings", SurfaceFormat::Openai, SurfaceKind::Embeddings),
    ("/v1/messages", SurfaceFormat::Anthropic, SurfaceKind::Messages),
    ("/v1/messages/count_tokens", SurfaceFormat::Anthropic, SurfaceKind::Messages),
];

/// The route of `path` (without its query string).
pub(crate) fn route<'p>(method: &str, path: &'p str) -> Route<'p> {
    for (suffix, format, kind) in SUFFIXES {
        if path.ends_with(suffix) {
            let start = path.len() - suffix.len();
            return Route::Api {
                surface: RequestSurface { format: *format, kind: *kind },
                api_path: &path[start + 3..],
            };
        }
    }
    // `/v1/responses` and its sub-paths.
    for (start, _) in path.match_indices("/v1/responses") {
        let rest = &path[start + "/v1/responses".len()..];
        if rest.is_empty() || rest.starts_with('/') {
            return Route::Api {
                surface: RequestSurface {
                    format: SurfaceFormat::Openai,
                    kind: SurfaceKind::Responses,
                },
                api_path: &path[start + 3..],
            };
        }
    }
    if path.ends_with("/v1/models") && method.eq_ignore_ascii_case("GET") {
        return Route::ListModels;
    }
    Route::Unsupported
}

/// The provider's surface entry that accepts `surface`: one naming the endpoint if there is one,
/// else one covering the whole format. Its `supported_params` drive stripping (§5.7 step 6).
pub(crate) fn matching_entry(provider: &Provider, surface: RequestSurface) -> Option<&Surface> {
    let exact = provider
        .surfaces
        .iter()
        .find(|entry| entry.format == surface.format && entry.surface == Some(surface.kind));
    exact.or_else(|| {
        provider
            .surfaces
            .iter()
            .find(|entry| entry.format == surface.format && entry.surface.is_none())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(path: &str) -> Option<(String, &str)> {
        match route("POST", path) {
            Route::Api { surface, api_path } => Some((surface.name(), api_path)),
            _ => None,
        }
    }

    #[test]
    fn routes() {
        assert_eq!(
            api("/v1/chat/completions"),
            Some(("openai/chat-completions".into(), "/chat/completions"))
        );
        assert_eq!(
            api("/team/v1/completions"),
            Some(("openai/completions".into(), "/completions"))
        );
        assert_eq!(api("/v1/embeddings"), Some(("openai/embeddings".into(), "/embeddings")));
        assert_eq!(api("/v1/messages"), Some(("anthropic/messages".into(), "/messages")));
        assert_eq!(
            api("/v1/messages/count_tokens"),
            Some(("anthropic/messages".into(), "/messages/count_tokens"))
        );
        assert_eq!(api("/v1/responses"), Some(("openai/responses".into(), "/responses")));
        assert_eq!(
            api("/x/v1/responses/resp_1/cancel"),
            Some(("openai/responses".into(), "/responses/resp_1/cancel"))
        );
        assert_eq!(api("/v1/responsesx"), None);
        assert_eq!(api("/v1/chat/completions/"), None);
        assert_eq!(route("GET", "/v1/models"), Route::ListModels);
        assert_eq!(route("POST", "/v1/models"), Route::Unsupported);
        assert_eq!(route("GET", "/healthz"), Route::Unsupported);
        assert_eq!(route("GET", ""), Route::Unsupported);
    }
}
