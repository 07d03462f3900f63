//! Policy-level rules and lints: what needs more than one field to decide.

mod cel;
mod gateway;
mod providers;
mod regex;
mod rules;

use switchyard_diagnostics::{Diagnostic, FileId, Span};
use switchyard_syntax::ast::{ActionConfig, AiGateway, Policy};

use crate::CheckOptions;

/// Where lints report.
pub(crate) struct Sink<'a> {
    pub(crate) file: FileId,
    pub(crate) diagnostics: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    pub(crate) fn span(&self, range: switchyard_diagnostics::TextRange) -> Span {
        Span::new(self.file, range)
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// The expressions of a policy, parsed and checked.
pub(crate) struct Analysis<'a> {
    pub(crate) parsed: Vec<crate::expressions::ParsedPlace<'a>>,
    pub(crate) checked: Vec<Option<switchyard_cel::check::CheckedAst>>,
}

/// Checks the expressions of one policy and runs every lint on it.
pub(crate) fn run<'a>(
    policy: &'a Policy,
    file: FileId,
    options: CheckOptions<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Analysis<'a> {
    let mut sink = Sink { file, diagnostics };
    rules::check(policy, &mut sink);
    gateway::multiple_gateways(policy, &mut sink);
    for gateway in ai_gateways(policy) {
        gateway::check(gateway, &mut sink);
        providers::check(gateway, &mut sink);
    }
    regex::check(policy, &mut sink);
    let parsed = crate::expressions::parse_all(policy, file, sink.diagnostics);
    let checked = crate::typecheck::check_all(&parsed, file, sink.diagnostics);
    cel::run(policy, &parsed, &checked, &mut sink);
    crate::secrets::check(&parsed, options.secrets, &mut sink);
    Analysis { parsed, checked }
}

/// Every `ai-gateway` configuration of the policy, in document order.
pub(crate) fn ai_gateways(policy: &Policy) -> impl Iterator<Item = &AiGateway> {
    policy.phases().flat_map(|phase| &phase.rules).flat_map(|rule| &rule.actions).filter_map(
        |action| match &action.config {
            ActionConfig::AiGateway(config) => Some(&**config),
            _ => None,
        },
    )
}
