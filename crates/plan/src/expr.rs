//! Lowered CEL: expression trees whose names, fields and overloads the checker resolved.
//!
//! The runtime links these trees into evaluators once, when it loads a plan: field names become
//! accessors and overload ids become functions, so that evaluation does no name lookup.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A checked expression with its source text and origin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Expression {
    /// The expression as written, for traces.
    pub source: String,
    /// Where it was written.
    pub origin: crate::Origin,
    /// The lowered tree.
    pub expr: Expr,
}

/// A node of a lowered expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    /// A literal.
    Const(Const),
    /// A global variable by its qualified name: `req`, `vars`, `ai.models`.
    Var(String),
    /// A variable bound by an enclosing [`Fold`] (a macro's element, or its accumulator).
    Local(String),
    /// A type used as a value (`int`, `AIModel`), by name.
    Type(String),
    /// A field of a declared object type.
    Field {
        /// The object.
        operand: Box<Expr>,
        /// The object type's name.
        object: String,
        /// The field.
        field: String,
    },
    /// `operand.key` on a map or on a value of type `dyn`: a lookup by key.
    Key {
        /// The map or value.
        operand: Box<Expr>,
        /// The key.
        key: String,
    },
    /// `has(operand.field)`.
    Has {
        /// The object or map.
        operand: Box<Expr>,
        /// The field or key tested.
        field: String,
    },
    /// The string form of a string-like object (`req.url` used as a string).
    Text(Box<Expr>),
    /// A function or operator call.
    Call {
        /// The function's name (`_+_`, `size`, `secrets.get`).
        function: String,
        /// The overloads the call may take, by id; one when the argument types are known statically,
        /// several when some are `dyn` and the runtime picks by the values' types.
        overloads: Vec<String>,
        /// The arguments, receiver first.
        args: Vec<Expr>,
    },
    /// `a && b`, where an error or unknown on one side is absorbed by `false` on the other.
    And(Box<Expr>, Box<Expr>),
    /// `a || b`, where an error on one side is absorbed by `true` on the other.
    Or(Box<Expr>, Box<Expr>),
    /// `condition ? then : otherwise`.
    Conditional {
        /// A `bool`.
        condition: Box<Expr>,
        /// The value when true.
        then: Box<Expr>,
        /// The value when false.
        otherwise: Box<Expr>,
    },
    /// A list literal.
    List(Vec<Expr>),
    /// A map literal, entries in order.
    Map(Vec<(Expr, Expr)>),
    /// A message construction `Name{field: value}`.
    Object {
        /// The object type's name.
        name: String,
        /// The fields set.
        fields: Vec<(String, Expr)>,
    },
    /// A fold over a list or map: what macros expand to.
    Fold(Box<Fold>),
}

/// A literal value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Const {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A signed 64-bit integer.
    Int(i64),
    /// An unsigned 64-bit integer.
    Uint(u64),
    /// A 64-bit float.
    Double(f64),
    /// A string.
    String(String),
    /// Bytes.
    Bytes(Vec<u8>),
}

/// A comprehension: for each element of `range` (bound to `iter_var`, and `iter_var2` for two-
/// variable forms) while `condition` holds on the accumulator, `accu = step`; then `result`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fold {
    /// The element variable (the key, for maps).
    pub iter_var: String,
    /// The second variable of two-variable comprehensions (index or value).
    pub iter_var2: Option<String>,
    /// The list or map iterated over.
    pub range: Expr,
    /// The accumulator variable.
    pub accu_var: String,
    /// The accumulator's initial value.
    pub init: Expr,
    /// Evaluated before each element; the loop stops when it is `false`.
    pub condition: Expr,
    /// The accumulator's next value.
    pub step: Expr,
    /// The fold's value.
    pub result: Expr,
}
