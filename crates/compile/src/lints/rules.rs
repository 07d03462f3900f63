//! `unreachable-after-terminal` and `too-many-rules`.

use switchyard_diagnostics::{Code, Diagnostic};
use switchyard_syntax::action_kinds::action_kind;
use switchyard_syntax::ast::{Action, ActionConfig, OnError, Policy};

use super::Sink;

const MAX_RULES: usize = 50;

pub(crate) fn check(policy: &Policy, sink: &mut Sink<'_>) {
    for phase in policy.phases() {
        if phase.rules.len() > MAX_RULES {
            let message = format!(
                "`{}` has {} rules, more than {MAX_RULES}",
                phase.kind.as_str(),
                phase.rules.len()
            );
            let diagnostic = Diagnostic::new(Code::PL0011, message)
                .with_primary(sink.span(phase.key_span), "too many rules")
                .with_help("merge rules with the same conditions, or split the policy");
            sink.push(diagnostic);
        }
        for rule in &phase.rules {
            if rule.actions.len() > MAX_RULES {
                let message =
                    format!("a rule has {} actions, more than {MAX_RULES}", rule.actions.len());
                let range = switchyard_diagnostics::TextRange::empty(rule.span.start);
                let diagnostic = Diagnostic::new(Code::PL0011, message)
                    .with_primary(sink.span(range), "too many actions")
                    .with_help("split the rule");
                sink.push(diagnostic);
            }
            if let Some(index) = rule.actions.iter().position(is_terminating)
                && let Some(next) = rule.actions.get(index + 1)
            {
                let terminal = &rule.actions[index];
                let message = format!(
                    "{} after `{}` never run",
                    if rule.actions.len() - index - 1 == 1 { "the action" } else { "the actions" },
                    terminal.kind.node
                );
                let mut diagnostic = Diagnostic::new(Code::PL0003, message)
                    .with_primary(sink.span(next.kind.span), "unreachable")
                    .with_secondary(sink.span(terminal.kind.span), "this action ends the phase");
                diagnostic.help = Some(if terminal.kind.node == "ai-gateway" {
                    "set `on_error: continue` on the `ai-gateway` if these actions handle its failure".to_owned()
                } else {
                    format!("move these actions before `{}`", terminal.kind.node)
                });
                sink.push(diagnostic);
            }
        }
    }
}

/// Whether the action always ends the phase when it runs.
fn is_terminating(action: &Action) -> bool {
    match &action.config {
        ActionConfig::AiGateway(config) => {
            config.on_error.as_ref().is_none_or(|on_error| on_error.node == OnError::Halt)
        }
        _ => action_kind(&action.kind.node).is_some_and(|kind| kind.terminating),
    }
}
