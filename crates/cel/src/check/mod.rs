//! The type checker, after cel-go's `checker` package.
//!
//! [`check`] infers a [`Type`] for every node of a parsed expression in an [`Env`], resolves
//! every name (a variable, possibly qualified: `ai.models`; a comprehension variable; a type
//! name), every field selection and every call (to the overloads it may take at run time), and
//! reports every type error it finds. It never fails: an ill-typed node gets [`Type::Error`],
//! which is assignable to and from every type, so checking goes on and one mistake yields one
//! error.
//!
//! Typing is gradual: `dyn` is assignable both ways and checked at run time. Generic overloads
//! (`size(list(A))`, `_==_(A, A)`) are instantiated with fresh type variables and unified; list and
//! map literals of mixed element types are `list(dyn)` and `map(K, dyn)` as in cel-go.
//!
//! ```
//! use switchyard_cel::{Env, check, parse};
//! let (ast, _) = parse("1 + 'a'");
//! let (checked, errors) = check(&ast.unwrap(), &Env::standard());
//! assert_eq!(errors[0].message, "found no matching overload for '_+_' applied to '(int, string)'");
//! assert_eq!(errors[0].span.to_usize(), 2..3);
//! assert!(checked.result_type().is_error());
//! ```

mod call;
mod checker;
mod error;
mod literals;
mod names;

use std::sync::Arc;

pub use error::{TypeError, TypeErrorKind};

use crate::ast::{Ast, ExprId, Name};
use crate::env::Env;
use crate::types::Type;

/// Checks `ast` in `env`: the type of every node, what every name and call resolves to, and
/// every type error (sorted by position). Never fails and never panics.
pub fn check(ast: &Ast, env: &Env) -> (CheckedAst, Vec<TypeError>) {
    checker::Checker::run(ast, env)
}

/// What a name, a selection or a call resolved to (cel-go's `reference_map`).
#[derive(Clone, PartialEq, Debug)]
#[non_exhaustive]
pub enum Reference {
    /// A global variable, by its fully qualified name (`ai.models`). On a selection, the whole
    /// chain `ai.models` names the variable, and its operand was not checked as an expression.
    Variable(Arc<str>),
    /// A comprehension variable or accumulator (`m` in `ai.models.filter(m, ...)`).
    Local(Name),
    /// An object type named as a value (`AIModel`, of type `type(AIModel)`), by its fully
    /// qualified name.
    Type(Arc<str>),
    /// A field of an object type: a selection `m.id`, a presence test `has(m.id)`, or a field
    /// of a message construction.
    Field {
        /// The object type's name.
        object: Arc<str>,
        /// The field.
        field: Name,
    },
    /// A call.
    Function {
        /// The function's fully qualified name (`size`, `_+_`, `secrets.get`).
        name: Arc<str>,
        /// The ids of the overloads that the call may take at run time, in declaration order:
        /// one when the argument types are known, several when some are `dyn`.
        overloads: Vec<Arc<str>>,
        /// Whether the receiver as written is part of the function's name (`secrets.get(x)`
        /// calls `secrets.get` with one argument) rather than its first argument.
        namespaced: bool,
    },
    /// A message construction `Name{...}`: the object type's fully qualified name.
    Object(Arc<str>),
}

/// The result of [`check`]: side tables indexed by the [`ExprId`]s of the checked [`Ast`].
#[derive(Clone, PartialEq, Debug)]
pub struct CheckedAst {
    root: ExprId,
    /// Indexed by id; `None` for ids that are no node of the tree (a macro's iteration variable,
    /// the operands of a qualified variable name).
    types: Vec<Option<Type>>,
    /// Sorted by id.
    references: Vec<(ExprId, Reference)>,
    /// Sorted.
    implicit_strings: Vec<ExprId>,
}

impl CheckedAst {
    /// The type of the whole expression.
    ///
    /// To test it against what a place requires, use [`Type::is_assignable_from`]: a strategy
    /// that must return `AIModel` or `list(AIModel)` accepts `dyn` but not `bool`.
    pub fn result_type(&self) -> &Type {
        self.type_of(self.root).unwrap_or(&Type::Error)
    }

    /// The type of a node, with every type parameter resolved (an unconstrained one is `dyn`).
    pub fn type_of(&self, id: ExprId) -> Option<&Type> {
        self.types.get(id.index()).and_then(Option::as_ref)
    }

    /// What the node resolved to, for identifiers, selections, calls and constructions.
    pub fn reference(&self, id: ExprId) -> Option<&Reference> {
        let index = self.references.binary_search_by_key(&id, |(node, _)| *node).ok()?;
        Some(&self.references[index].1)
    }

    /// Every resolved reference, in id order.
    pub fn references(&self) -> impl Iterator<Item = (ExprId, &Reference)> {
        self.references.iter().map(|(id, reference)| (*id, reference))
    }

    /// The fully qualified names of the global variables the expression reads, sorted and
    /// without duplicates.
    pub fn variables(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .references
            .iter()
            .filter_map(|(_, reference)| match reference {
                Reference::Variable(name) => Some(&**name),
                _ => None,
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Whether the node has a string-like object type ([`crate::env::ObjectType::string_like`])
    /// and is used as a string: its type is recorded as `string`.
    pub fn is_implicit_string(&self, id: ExprId) -> bool {
        self.implicit_strings.binary_search(&id).is_ok()
    }
}
