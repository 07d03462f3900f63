//! Evaluation errors (values, as CEL treats them) and link errors (a plan the runtime cannot run).

use std::fmt;
use std::sync::Arc;

/// An evaluation error: what CEL calls an error value. Cheap to clone.
///
/// Errors travel as values: `&&` and `||` absorb them when the other side decides the result,
/// comprehensions carry them in their accumulator, and every other operation passes them on.
#[derive(Clone)]
pub struct Error(Arc<Inner>);

struct Inner {
    kind: ErrorKind,
    message: Box<str>,
}

/// What kind of evaluation error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// No overload of the function takes values of these types.
    NoMatchingOverload,
    /// Integer division by zero.
    DivisionByZero,
    /// Integer modulus by zero.
    ModulusByZero,
    /// An integer result, conversion or time value out of range.
    Overflow,
    /// A list index out of range.
    IndexOutOfRange,
    /// A map key that is absent.
    NoSuchKey,
    /// A field that the object type does not have.
    NoSuchField,
    /// A variable that the activation does not bind.
    NoSuchAttribute,
    /// An argument of the right type with a bad value (a malformed regex, timestamp, ...).
    InvalidArgument,
    /// Something looked up by the function that does not exist (a model, a secret).
    NotFound,
    /// A capability the activation does not provide (no secret store, no random source).
    Unavailable,
}

impl Error {
    /// An error of `kind` with `message` (lower-case, no final period).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error(Arc::new(Inner { kind, message: message.into().into_boxed_str() }))
    }

    /// The error's kind.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// No overload of `function` for the argument kinds.
    #[cold]
    pub fn no_overload(function: &str) -> Error {
        Error::new(ErrorKind::NoMatchingOverload, format!("no matching overload for '{function}'"))
    }

    /// Arguments of kinds the function does not take; the call names the function.
    #[cold]
    pub fn mismatch() -> Error {
        Error::new(ErrorKind::NoMatchingOverload, "")
    }

    /// The error, with the function's name if it is an unnamed [`Error::mismatch`].
    #[cold]
    pub(crate) fn named(self, function: &str) -> Error {
        if self.0.kind == ErrorKind::NoMatchingOverload && self.0.message.is_empty() {
            Error::no_overload(function)
        } else {
            self
        }
    }

    /// An integer overflow in `operation`.
    #[cold]
    pub fn overflow(operation: &str) -> Error {
        Error::new(ErrorKind::Overflow, format!("{operation}: integer overflow"))
    }

    /// A bad argument.
    #[cold]
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    /// An absent map key.
    #[cold]
    pub fn no_such_key(key: &dyn fmt::Debug) -> Error {
        Error::new(ErrorKind::NoSuchKey, format!("no such key: {key:?}"))
    }

    /// An absent field.
    #[cold]
    pub fn no_such_field(field: &str) -> Error {
        Error::new(ErrorKind::NoSuchField, format!("no such field: {field}"))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?}, {:?})", self.0.kind, self.0.message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

impl PartialEq for Error {
    fn eq(&self, other: &Error) -> bool {
        self.0.kind == other.0.kind && self.0.message == other.0.message
    }
}

/// Why an expression of a plan cannot be linked: the plan does not fit this runtime (an
/// overload, object type, field or variable it does not know), or is malformed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkError {
    /// An overload id the registry does not have.
    UnknownOverload {
        /// The function called.
        function: String,
        /// The overload id.
        id: String,
    },
    /// A call whose overloads take another number of arguments.
    Arity {
        /// The overload id.
        id: String,
        /// The number of arguments in the call.
        found: usize,
    },
    /// A call without candidate overloads.
    NoOverload {
        /// The function called.
        function: String,
    },
    /// An object type the registry does not have.
    UnknownObject(String),
    /// A field that the object type does not have.
    UnknownField {
        /// The object type.
        object: String,
        /// The field.
        field: String,
    },
    /// A global variable the registry does not declare.
    UnknownVariable(String),
    /// A comprehension variable used outside its comprehension.
    UnboundLocal(String),
    /// An expression nested deeper than the runtime evaluates.
    TooDeep,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::UnknownOverload { function, id } => {
                write!(f, "unknown overload `{id}` of `{function}`")
            }
            LinkError::Arity { id, found } => {
                write!(f, "overload `{id}` does not take {found} arguments")
            }
            LinkError::NoOverload { function } => {
                write!(f, "a call of `{function}` has no overload")
            }
            LinkError::UnknownObject(name) => write!(f, "unknown object type `{name}`"),
            LinkError::UnknownField { object, field } => {
                write!(f, "object type `{object}` has no field `{field}`")
            }
            LinkError::UnknownVariable(name) => write!(f, "unknown variable `{name}`"),
            LinkError::UnboundLocal(name) => {
                write!(f, "comprehension variable `{name}` used outside its comprehension")
            }
            LinkError::TooDeep => f.write_str("expression nested too deeply"),
        }
    }
}

impl std::error::Error for LinkError {}
