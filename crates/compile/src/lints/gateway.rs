//! `timeout-order` and `multiple-ai-gateway`.

use switchyard_diagnostics::{Code, Diagnostic};
use switchyard_syntax::ast::{AiGateway, Policy};
use switchyard_syntax::duration::format_duration;

use super::Sink;

const DEFAULT_PER_REQUEST_MS: u64 = 30_000;
const DEFAULT_TOTAL_MS: u64 = 300_000;

pub(crate) fn check(gateway: &AiGateway, sink: &mut Sink<'_>) {
    let per_request = gateway.per_request_timeout.as_ref();
    let total = gateway.total_timeout.as_ref();
    let per_request_ms = per_request.map_or(DEFAULT_PER_REQUEST_MS, |d| d.node.millis);
    let total_ms = total.map_or(DEFAULT_TOTAL_MS, |d| d.node.millis);
    if per_request_ms <= total_ms {
        return;
    }
    let message = format!(
        "`per_request_timeout` ({}) is greater than `total_timeout` ({})",
        format_duration(per_request_ms),
        format_duration(total_ms)
    );
    let (primary, secondary) = match (per_request, total) {
        (Some(per_request), Some(total)) => (per_request.span, Some(total.span)),
        (Some(per_request), None) => (per_request.span, None),
        (None, Some(total)) => (total.span, None),
        (None, None) => return,
    };
    let mut diagnostic = Diagnostic::new(Code::PL0004, message)
        .with_primary(sink.span(primary), "an attempt can never last this long")
        .with_help("make `per_request_timeout` at most `total_timeout` (defaults: 30s and 5m)");
    if let Some(secondary) = secondary {
        diagnostic =
            diagnostic.with_secondary(sink.span(secondary), "the whole action is bounded here");
    }
    sink.push(diagnostic);
}

pub(crate) fn multiple_gateways(policy: &Policy, sink: &mut Sink<'_>) {
    let mut actions = policy
        .phases()
        .flat_map(|phase| &phase.rules)
        .flat_map(|rule| &rule.actions)
        .filter(|action| action.kind.node == "ai-gateway");
    let Some(first) = actions.next() else { return };
    for other in actions {
        let diagnostic = Diagnostic::new(Code::PL0002, "the policy has more than one `ai-gateway` action")
            .with_primary(sink.span(other.kind.span), "another `ai-gateway`")
            .with_secondary(sink.span(first.kind.span), "first `ai-gateway`")
            .with_help("the first `ai-gateway` that runs answers the request: guard each with `expressions`, or merge them");
        sink.push(diagnostic);
    }
}
