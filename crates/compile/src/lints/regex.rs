//! `bad-regex`: literal find/replace patterns must compile.

use switchyard_diagnostics::{Code, Diagnostic};
use switchyard_syntax::ast::{ActionConfig, Policy, Template};

use super::Sink;

pub(crate) fn check(policy: &Policy, sink: &mut Sink<'_>) {
    for action in policy.phases().flat_map(|phase| &phase.rules).flat_map(|rule| &rule.actions) {
        let patterns: Vec<&Template> = match &action.config {
            ActionConfig::RequestBodyFindReplace(config)
            | ActionConfig::ResponseBodyFindReplace(config) => {
                config.replacements.iter().map(|replacement| &replacement.from).collect()
            }
            ActionConfig::SseFindReplace(config) => {
                config.replacements.iter().map(|replacement| &replacement.from).collect()
            }
            _ => continue,
        };
        for pattern in patterns.into_iter().filter(|pattern| pattern.is_literal()) {
            if let Err(error) = ::regex::Regex::new(&pattern.raw.node) {
                let detail = error.to_string();
                let reason = detail
                    .lines()
                    .last()
                    .unwrap_or("invalid pattern")
                    .trim()
                    .trim_start_matches("error: ");
                let message =
                    format!("`{}` is not a valid regular expression: {reason}", pattern.raw.node);
                let diagnostic = Diagnostic::new(Code::PL0010, message)
                    .with_primary(sink.span(pattern.raw.span), reason.to_owned())
                    .with_help("escape literal `(`, `[`, `{`, `*`, `+`, `?` and `.` with `\\`");
                sink.push(diagnostic);
            }
        }
    }
}
