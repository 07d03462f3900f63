//! Errors of the `ai-gateway` action and the responses they become (spec/errors.md §1, §2).
//!
//! Decisions the spec leaves open:
//! - A body larger than 32 MiB is refused with 413 and `ERR_NGROK_3811` (input too large); the
//!   spec gives the limit but no code.
//! - An interpolation error in the gateway's own config (headers, query parameters, body, key
//!   values) is 500 `ERR_SWITCHYARD_EXPR` (spec/cel.md §6), subject to `on_error`.
//! - 3804 whose rejections all say the provider or the model is not allowed uses the documented
//!   restriction types `provider_not_allowed` / `model_not_allowed`.
//! - `details` is only part of the `OpenAI` envelope, as errors.md §1 shows it.

use serde::Serialize;
use serde_json::json;

use super::LocalResponse;
use switchyard_plan::SurfaceFormat;

/// An error code the gateway answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `ERR_NGROK_3800`: no attempt got an HTTP response.
    Unreachable,
    /// `ERR_NGROK_3801`: the body is not JSON, or `model`/`models` have the wrong type.
    InvalidBody,
    /// `ERR_NGROK_3802`: no configured key and no client key.
    NoApiKey,
    /// `ERR_NGROK_3803`: a model-selection strategy failed to evaluate.
    SelectionFailed,
    /// `ERR_NGROK_3804`: no client model resolved, and there are no strategies.
    NoMatchingModels,
    /// `ERR_NGROK_3805`: every strategy gave an empty usable set.
    NoSelection,
    /// `ERR_NGROK_3806`: a strategy returned something other than models.
    StrategyType,
    /// `ERR_NGROK_3807`: every candidate failed.
    AllFailed,
    /// `ERR_NGROK_3808`: key selection failed.
    KeySelection,
    /// `ERR_NGROK_3810`: `total_timeout` elapsed.
    Timeout,
    /// `ERR_NGROK_3811`: the input is too large.
    InputTooLarge,
    /// `ERR_NGROK_3812`: the attempt budget is spent.
    AttemptBudget,
    /// `ERR_NGROK_3813`: nothing speaks the request's format.
    NoCompatibleFormat,
    /// `ERR_NGROK_3814`: the path is not an AI surface.
    UnsupportedPath,
    /// `ERR_SWITCHYARD_EXPR`: a template of the gateway's config failed to evaluate.
    Expression,
}

impl ErrorCode {
    /// The code as clients see it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unreachable => "ERR_NGROK_3800",
            ErrorCode::InvalidBody => "ERR_NGROK_3801",
            ErrorCode::NoApiKey => "ERR_NGROK_3802",
            ErrorCode::SelectionFailed => "ERR_NGROK_3803",
            ErrorCode::NoMatchingModels => "ERR_NGROK_3804",
            ErrorCode::NoSelection => "ERR_NGROK_3805",
            ErrorCode::StrategyType => "ERR_NGROK_3806",
            ErrorCode::AllFailed => "ERR_NGROK_3807",
            ErrorCode::KeySelection => "ERR_NGROK_3808",
            ErrorCode::Timeout => "ERR_NGROK_3810",
            ErrorCode::InputTooLarge => "ERR_NGROK_3811",
            ErrorCode::AttemptBudget => "ERR_NGROK_3812",
            ErrorCode::NoCompatibleFormat => "ERR_NGROK_3813",
            ErrorCode::UnsupportedPath => "ERR_NGROK_3814",
            ErrorCode::Expression => "ERR_SWITCHYARD_EXPR",
        }
    }

    /// The HTTP status of the code (errors.md §2).
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Unreachable => 502,
            ErrorCode::InvalidBody | ErrorCode::NoApiKey => 400,
            ErrorCode::SelectionFailed
            | ErrorCode::NoMatchingModels
            | ErrorCode::NoSelection
            | ErrorCode::StrategyType
            | ErrorCode::KeySelection
            | ErrorCode::NoCompatibleFormat => 422,
            ErrorCode::AllFailed | ErrorCode::AttemptBudget => 503,
            ErrorCode::Timeout => 504,
            ErrorCode::InputTooLarge => 413,
            ErrorCode::UnsupportedPath => 404,
            ErrorCode::Expression => 500,
        }
    }
}

/// A failed upstream attempt or candidate, as listed in `details`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttemptDetail {
    /// The provider's id.
    pub provider: String,
    /// The model id.
    pub model: String,
    /// The key's id (hash), `client` for the client's key, or `None` without a key.
    pub key_id: Option<String>,
    /// The upstream status; 0 when there was no response.
    pub status_code: u16,
    /// What went wrong.
    pub error: String,
}

/// An error of the action: what the client receives with `on_error: halt`, or what
/// `actions.ngrok.ai_gateway.error` holds with `on_error: continue`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayError {
    /// The code.
    pub code: ErrorCode,
    /// The HTTP status (normally `code.status()`).
    pub status: u16,
    /// The message, starting with the code.
    pub message: String,
    /// The error type of the envelope (`invalid_request_error`, `api_error`, …).
    pub kind: &'static str,
    /// Failed attempts, for the errors that end failover.
    pub details: Vec<AttemptDetail>,
}

impl GatewayError {
    /// An error with `code`'s status and type; `text` follows the code in the message.
    pub(crate) fn new(code: ErrorCode, text: &str) -> GatewayError {
        let status = code.status();
        GatewayError {
            code,
            status,
            message: format!("{}: {text}", code.as_str()),
            kind: kind_of_status(status),
            details: Vec::new(),
        }
    }

    pub(crate) fn with_kind(mut self, kind: &'static str) -> GatewayError {
        self.kind = kind;
        self
    }

    pub(crate) fn with_details(mut self, details: Vec<AttemptDetail>) -> GatewayError {
        self.details = details;
        self
    }

    /// The response the client receives, in the envelope of the request's API format.
    pub fn to_response(&self, format: SurfaceFormat) -> LocalResponse {
        let body = match format {
            SurfaceFormat::Anthropic => json!({
                "type": "error",
                "error": {"type": self.kind, "message": self.message, "code": self.code.as_str()},
            }),
            SurfaceFormat::Openai => {
                let mut error = json!({
                    "message": self.message,
                    "type": self.kind,
                    "code": self.code.as_str(),
                });
                if !self.details.is_empty()
                    && let Some(object) = error.as_object_mut()
                {
                    object.insert("details".to_owned(), json!(self.details));
                }
                json!({ "error": error })
            }
        };
        LocalResponse {
            status: self.status,
            headers: vec![
                ("content-type".to_owned(), "application/json".to_owned()),
                ("ngrok-error-code".to_owned(), self.code.as_str().to_owned()),
            ],
            body: body.to_string().into_bytes(),
        }
    }
}

impl std::fmt::Display for GatewayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for GatewayError {}

/// The envelope type of a status (errors.md §1).
pub(crate) fn kind_of_status(status: u16) -> &'static str {
    match status {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        504 => "timeout_error",
        500..=599 => "api_error",
        _ => "invalid_request_error",
    }
}

/// A duration as Go prints it (`30s`, `1m30s`, `250ms`), for messages.
pub(crate) fn go_duration(ms: u64) -> String {
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (hours, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (minutes, rest) = (rest / 60_000, rest % 60_000);
    let (seconds, millis) = (rest / 1000, rest % 1000);
    let mut text = String::new();
    if hours > 0 {
        text = format!("{hours}h");
    }
    if hours > 0 || minutes > 0 {
        text = format!("{text}{minutes}m");
    }
    if millis == 0 { format!("{text}{seconds}s") } else { format!("{text}{seconds}.{millis:03}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(go_duration(250), "250ms");
        assert_eq!(go_duration(30_000), "30s");
        assert_eq!(go_duration(300_000), "5m0s");
        assert_eq!(go_duration(90_500), "1m30.500s");
        assert_eq!(go_duration(3_600_000), "1h0m0s");
    }

    #[test]
    fn envelopes() {
        let error = GatewayError::new(ErrorCode::AllFailed, "All providers failed: x")
            .with_details(vec![AttemptDetail {
                provider: "openai".to_owned(),
                model: "gpt-4o".to_owned(),
                key_id: None,
                status_code: 429,
                error: "429".to_owned(),
            }]);
        let openai = error.to_response(SurfaceFormat::Openai);
        assert_eq!(openai.status, 503);
        let body: serde_json::Value = serde_json::from_slice(&openai.body).unwrap();
        assert_eq!(body["error"]["code"], "ERR_NGROK_3807");
        assert_eq!(body["error"]["type"], "api_error");
        assert_eq!(body["error"]["details"][0]["status_code"], 429);
        assert!(
            openai.headers.contains(&("ngrok-error-code".to_owned(), "ERR_NGROK_3807".to_owned()))
        );
        let anthropic = error.to_response(SurfaceFormat::Anthropic);
        let body: serde_json::Value = serde_json::from_slice(&anthropic.body).unwrap();
        assert_eq!(body["type"], "error");
        assert_eq!(body["error"]["message"], "ERR_NGROK_3807: All providers failed: x");
        assert!(body["error"].get("details").is_none());
    }
}
