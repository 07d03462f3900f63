//! The policy checker and compiler: from a parsed policy to its diagnostics (and, later, to a
//! routing plan).
//!
//! [`check_file`] runs the whole front end on one file: YAML and structure (through
//! `switchyard-syntax`), then the policy-level rules and lints of this crate.
//! It never stops at the first error and never panics on user input.

mod catalog;
mod compiler;
pub mod env;
mod expressions;
mod lints;
pub mod lower;
mod places;
mod secrets;
mod typecheck;
mod visit;

pub use secrets::SecretNames;

use switchyard_diagnostics::{Code, Diagnostic, FileId, Severity, SourceFile};
use switchyard_plan::Plan;

/// What a check run knows beyond the policy itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckOptions<'a> {
    /// The names defined by a secrets file (`policy check --secrets FILE`); references to
    /// other names are reported.
    pub secrets: Option<&'a SecretNames>,
}

/// Checks one policy file and returns every diagnostic, sorted by position.
pub fn check_file(text: &str, file: FileId, options: &CheckOptions<'_>) -> Vec<Diagnostic> {
    let (documents, mut diagnostics) = switchyard_syntax::parse_policy_file(text, file);
    for document in &documents {
        lints::run(&document.policy, file, *options, &mut diagnostics);
    }
    sort(&mut diagnostics);
    diagnostics
}

/// Checks one policy file and compiles it to a routing plan.
///
/// The plan is `None` when the file has errors, holds no policy, or holds several (a file of
/// several documents or endpoints: each is its own plan; compile them from separate files).
/// `file` names the source in the plan's origins.
pub fn compile_file(
    file: &SourceFile,
    id: FileId,
    options: &CheckOptions<'_>,
) -> (Option<Plan>, Vec<Diagnostic>) {
    let (documents, mut diagnostics) = switchyard_syntax::parse_policy_file(file.text(), id);
    let analyses: Vec<_> = documents
        .iter()
        .map(|document| lints::run(&document.policy, id, *options, &mut diagnostics))
        .collect();
    sort(&mut diagnostics);
    if diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error) {
        return (None, diagnostics);
    }
    let ([policy_document], [expressions]) = (documents.as_slice(), analyses.as_slice()) else {
        let found =
            documents.iter().map(|document| format!("`{}`", document.location)).collect::<Vec<_>>();
        let message = if found.is_empty() {
            "the file holds no policy to compile".to_owned()
        } else {
            format!(
                "the file holds {} policies ({}); compile one policy per file",
                found.len(),
                found.join(", ")
            )
        };
        diagnostics.push(Diagnostic::new(Code::PL0020, message).with_primary(
            switchyard_diagnostics::Span::new(id, switchyard_diagnostics::TextRange::empty(0)),
            "here",
        ));
        return (None, diagnostics);
    };
    let checked = expressions
        .parsed
        .iter()
        .zip(&expressions.checked)
        .filter_map(|(parsed, checked)| {
            Some((
                std::ptr::from_ref(parsed.place.source),
                (parsed.ast.as_ref()?, checked.as_ref()?),
            ))
        })
        .collect();
    let plan = compiler::Compiler::new(file, checked).compile(&policy_document.policy);
    (Some(plan), diagnostics)
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|diagnostic| {
        diagnostic.primary_span().map(|span| (span.range.start, span.range.end))
    });
}
