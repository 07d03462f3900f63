//! The policy checker and compiler: from a parsed policy to its diagnostics (and, later, to a
//! routing plan).
//!
//! [`check_file`] runs the whole front end on one file: YAML and structure (through
//! `switchyard-syntax`), then the policy-level rules and lints of this crate.
//! It never stops at the first error and never panics on user input.

mod catalog;
mod env;
mod expressions;
mod lints;
pub mod lower;
mod places;
mod secrets;
mod typecheck;
mod visit;

pub use secrets::SecretNames;

use switchyard_diagnostics::{Diagnostic, FileId};

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
        lints::run(&document.policy, file, options, &mut diagnostics);
    }
    diagnostics.sort_by_key(|diagnostic| {
        diagnostic.primary_span().map(|span| (span.range.start, span.range.end))
    });
    diagnostics
}
