//! Errors of the CEL front end.

use switchyard_diagnostics::TextRange;

/// What kind of problem a [`ParseError`] is; the future `CE` diagnostic code follows from it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A character that starts no token (`#`, `;`, a lone `&`).
    UnexpectedCharacter,
    /// A token the grammar does not allow here (`expected ')' but found ','`).
    UnexpectedToken,
    /// A string, bytes literal or quoted identifier without its closing delimiter.
    UnterminatedLiteral,
    /// A backslash escape that CEL does not define, or one that names an invalid code point.
    InvalidEscape,
    /// A malformed number (`1e`, `0x`, `1abc`).
    InvalidNumber,
    /// An integer, unsigned or double literal outside the range of its type.
    NumberOutOfRange,
    /// A reserved word (`if`, `let`, ...) used as an identifier or function name.
    ReservedIdentifier,
    /// A macro (`all`, `exists`, `filter`, `map`, `has`, `sortBy`) with malformed arguments.
    InvalidMacroCall,
    /// Syntax of a CEL extension that Switchyard does not support (optional `.?`, `[?`).
    UnsupportedSyntax,
    /// The expression nests too deeply or is too long.
    LimitExceeded,
}

impl ParseErrorKind {
    /// A kebab-case name, stable within this crate, for tests and for mapping to codes.
    pub fn name(self) -> &'static str {
        match self {
            ParseErrorKind::UnexpectedCharacter => "unexpected-character",
            ParseErrorKind::UnexpectedToken => "unexpected-token",
            ParseErrorKind::UnterminatedLiteral => "unterminated-literal",
            ParseErrorKind::InvalidEscape => "invalid-escape",
            ParseErrorKind::InvalidNumber => "invalid-number",
            ParseErrorKind::NumberOutOfRange => "number-out-of-range",
            ParseErrorKind::ReservedIdentifier => "reserved-identifier",
            ParseErrorKind::InvalidMacroCall => "invalid-macro-call",
            ParseErrorKind::UnsupportedSyntax => "unsupported-syntax",
            ParseErrorKind::LimitExceeded => "limit-exceeded",
        }
    }
}

/// One syntax error in a CEL expression.
///
/// `span` is a byte range in the expression text (not in the policy file): the caller maps it
/// through the scalar's source map.
/// The policy compiler (`switchyard_compile::expressions`) turns it into a `CE` diagnostic located
/// in the policy file.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// What kind of problem this is.
    pub kind: ParseErrorKind,
    /// The exact offending text: a character, a token or an escape sequence.
    pub span: TextRange,
    /// Terse, lower-case, without a trailing period: `expected ')' but found ','`.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
}

impl ParseError {
    pub(crate) fn new(
        kind: ParseErrorKind,
        span: TextRange,
        message: impl Into<String>,
    ) -> ParseError {
        ParseError { kind, span, message: message.into(), help: None }
    }

    #[must_use]
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> ParseError {
        self.help = Some(help.into());
        self
    }
}
