//! Type errors.

use switchyard_diagnostics::TextRange;

/// What kind of problem a [`TypeError`] is; the `TY` diagnostic code follows from it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum TypeErrorKind {
    /// A name that no variable, type or function in scope has (`undeclared reference to 'x'`).
    UndeclaredReference,
    /// A field that the object type does not have.
    NoSuchField,
    /// A call whose argument types match none of the function's overloads.
    NoMatchingOverload,
    /// A call with a number of arguments that no overload of the function takes.
    WrongArity,
    /// A value of the wrong type where one type is required: an operand of `&&`, `||` or the
    /// condition of `?:`, a field of a message construction.
    TypeMismatch,
    /// A field selection on a value that has no fields (`1.a`, `'s'.size`).
    UnsupportedFieldSelection,
    /// A macro over a value that is neither a list nor a map.
    NotIterable,
    /// A message construction `Name{...}` whose name is no object type.
    NotAnObjectType,
    /// A key of a map literal of a type that maps do not take (keys are `int`, `uint`, `bool` or
    /// `string`).
    InvalidMapKey,
    /// `sortBy(x, key)` with a key of a type that has no order.
    UnorderableSortKey,
}

impl TypeErrorKind {
    /// A kebab-case name, stable within this crate, for tests and for mapping to codes.
    pub fn name(self) -> &'static str {
        match self {
            TypeErrorKind::UndeclaredReference => "undeclared-reference",
            TypeErrorKind::NoSuchField => "no-such-field",
            TypeErrorKind::NoMatchingOverload => "no-matching-overload",
            TypeErrorKind::WrongArity => "wrong-arity",
            TypeErrorKind::TypeMismatch => "type-mismatch",
            TypeErrorKind::UnsupportedFieldSelection => "unsupported-field-selection",
            TypeErrorKind::NotIterable => "not-iterable",
            TypeErrorKind::NotAnObjectType => "not-an-object-type",
            TypeErrorKind::InvalidMapKey => "invalid-map-key",
            TypeErrorKind::UnorderableSortKey => "unorderable-sort-key",
        }
    }
}

/// One type error in a CEL expression.
///
/// `span` is a byte range in the expression text: the name of an undeclared reference, the field
/// name of a bad selection, the operator or function name of a call that matches no overload,
/// the offending operand of a type mismatch.
/// The policy compiler (`switchyard_compile::typecheck`) turns it into a `TY` diagnostic located
/// in the policy file.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{message}")]
pub struct TypeError {
    /// What kind of problem this is.
    pub kind: TypeErrorKind,
    /// Where, in the expression text.
    pub span: TextRange,
    /// Terse, lower-case, without a trailing period, as cel-go words it where it has the error:
    /// `found no matching overload for '_+_' applied to '(int, string)'`.
    pub message: String,
    /// How to fix it, when known: a did-you-mean, or the signatures a call could take.
    pub help: Option<String>,
}

impl TypeError {
    pub(crate) fn new(kind: TypeErrorKind, span: TextRange, message: String) -> TypeError {
        TypeError { kind, span, message, help: None }
    }

    #[must_use]
    pub(crate) fn with_help(mut self, help: Option<String>) -> TypeError {
        self.help = help;
        self
    }
}
