//! The error that ends failover (spec/ai-gateway.md §5.8, spec/errors.md §2).
//!
//! Decisions: the final error is 3802 when every candidate lacked a key and none was attempted,
//! 3808 when every candidate failed key selection, 3800 when at least one attempt was made and
//! every attempt failed without an HTTP response (connection refused or reset; a timeout is not
//! connection-level), else 3807. Messages list every failure as
//! `provider:model key=<key id | client | none> → <status or error>`, or
//! `provider:model → <reason>` for a candidate given up without an attempt; `details` holds the
//! same list as data.

use super::errors::{AttemptDetail, ErrorCode, GatewayError, go_duration};
use super::templates::TemplateError;

/// A failed attempt or candidate.
#[derive(Clone, Debug)]
pub(crate) struct Failure {
    pub(crate) label: String,
    pub(crate) detail: AttemptDetail,
    /// The candidate's error code when it failed without an attempt (3802, 3808).
    pub(crate) code: Option<ErrorCode>,
    pub(crate) attempted: bool,
    pub(crate) connection_level: bool,
}

impl Failure {
    fn summary(&self) -> String {
        if self.attempted {
            let key = self.detail.key_id.as_deref().unwrap_or("none");
            format!("{} key={key} → {}", self.label, self.detail.error)
        } else {
            format!("{} → {}", self.label, self.detail.error)
        }
    }
}

fn summaries(failures: &[Failure]) -> String {
    failures.iter().map(Failure::summary).collect::<Vec<_>>().join("; ")
}

fn details(failures: &[Failure]) -> Vec<AttemptDetail> {
    failures.iter().map(|failure| failure.detail.clone()).collect()
}

/// 500 `ERR_SWITCHYARD_EXPR`: a config template failed.
pub(crate) fn template_error(error: &TemplateError) -> GatewayError {
    GatewayError::new(ErrorCode::Expression, &format!("Template evaluation failed: {error}"))
}

/// 504 3810: `total_timeout` elapsed.
pub(crate) fn timeout_error(total_timeout_ms: u64, failures: &[Failure]) -> GatewayError {
    let mut text =
        format!("Request timed out after {} (total_timeout)", go_duration(total_timeout_ms));
    if !failures.is_empty() {
        text = format!("{text}. Errors: {}", summaries(failures));
    }
    GatewayError::new(ErrorCode::Timeout, &text).with_details(details(failures))
}

/// 503 3812: the attempt budget is spent.
pub(crate) fn budget_error(max_attempts: usize, failures: &[Failure]) -> GatewayError {
    let text = format!(
        "Too many failed attempts to upstream providers ({max_attempts}). Errors: {}",
        summaries(failures)
    );
    GatewayError::new(ErrorCode::AttemptBudget, &text).with_details(details(failures))
}

/// The error once every candidate failed.
pub(crate) fn final_error(failures: &[Failure]) -> GatewayError {
    let attempts: Vec<&Failure> = failures.iter().filter(|failure| failure.attempted).collect();
    let all_code = |code: ErrorCode| {
        attempts.is_empty()
            && !failures.is_empty()
            && failures.iter().all(|failure| failure.code == Some(code))
    };
    let (code, title) = if all_code(ErrorCode::NoApiKey) {
        (ErrorCode::NoApiKey, "No API key found")
    } else if all_code(ErrorCode::KeySelection) {
        (ErrorCode::KeySelection, "API key selection failed")
    } else if !attempts.is_empty() && attempts.iter().all(|failure| failure.connection_level) {
        (ErrorCode::Unreachable, "Could not reach the AI provider")
    } else {
        (ErrorCode::AllFailed, "All providers failed")
    };
    let text = if failures.is_empty() {
        format!("{title}: no candidate to try")
    } else {
        format!("{title}: {}", summaries(failures))
    };
    GatewayError::new(code, &text).with_details(details(failures))
}
