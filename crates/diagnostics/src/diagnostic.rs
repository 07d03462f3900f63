//! The `Diagnostic` type shared by every stage.

use std::fmt;

use crate::{Code, Span};

/// How serious a diagnostic is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Severity {
    /// Informational; never fails a check.
    Info,
    /// Accepted, but probably wrong; fails a check only with `--deny-warnings`.
    Warning,
    /// The policy is rejected.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A span with a short message; the primary label is where the problem is.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there (may be empty).
    pub message: String,
    /// Whether this is the primary label (exactly one per located diagnostic).
    pub primary: bool,
}

impl Label {
    /// The primary label: the exact place of the problem.
    pub fn primary(span: Span, message: impl Into<String>) -> Label {
        Label { span, message: message.into(), primary: true }
    }

    /// A secondary label: related context, such as the first of two duplicate keys.
    pub fn secondary(span: Span, message: impl Into<String>) -> Label {
        Label { span, message: message.into(), primary: false }
    }
}

/// One problem found in a policy, with a stable code, a place and a way to fix it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Diagnostic {
    /// Stable code from the registry.
    pub code: Code,
    /// Severity; defaults to the code's own.
    pub severity: Severity,
    /// Terse, lower-case message without a trailing period.
    pub message: String,
    /// Primary label first, then secondary labels.
    pub labels: Vec<Label>,
    /// How to fix it, when known.
    pub help: Option<String>,
    /// Further notes.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and no labels.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// Adds the primary label.
    #[must_use]
    pub fn with_primary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.insert(0, Label::primary(span, message));
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label::secondary(span, message));
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Overrides the severity.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// The span of the primary label, if any.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.iter().find(|label| label.primary).map(|label| label.span)
    }
}
