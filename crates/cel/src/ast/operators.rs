//! Function names of the operators, as cel-go spells them.

/// `a ? b : c`.
pub const CONDITIONAL: &str = "_?_:_";
/// `a || b`.
pub const LOGICAL_OR: &str = "_||_";
/// `a && b`.
pub const LOGICAL_AND: &str = "_&&_";
/// `!a`.
pub const LOGICAL_NOT: &str = "!_";
/// `-a`.
pub const NEGATE: &str = "-_";
/// `a == b`.
pub const EQUALS: &str = "_==_";
/// `a != b`.
pub const NOT_EQUALS: &str = "_!=_";
/// `a < b`.
pub const LESS: &str = "_<_";
/// `a <= b`.
pub const LESS_EQUALS: &str = "_<=_";
/// `a > b`.
pub const GREATER: &str = "_>_";
/// `a >= b`.
pub const GREATER_EQUALS: &str = "_>=_";
/// `a in b`.
pub const IN: &str = "@in";
/// `a + b`.
pub const ADD: &str = "_+_";
/// `a - b`.
pub const SUBTRACT: &str = "_-_";
/// `a * b`.
pub const MULTIPLY: &str = "_*_";
/// `a / b`.
pub const DIVIDE: &str = "_/_";
/// `a % b`.
pub const MODULO: &str = "_%_";
/// `a[b]`.
pub const INDEX: &str = "_[_]";
/// Internal: the loop condition of `all` and `exists` (true unless its argument is `false`).
pub const NOT_STRICTLY_FALSE: &str = "@not_strictly_false";
/// Internal: a map with one more entry (`transformMap`), or with the entries of another map
/// (`transformMapEntry`); cel-go's name.
pub const MAP_INSERT: &str = "cel.@mapInsert";
/// Internal: `sortBy`'s sort of a list by a list of keys of the same length.
pub const SORT_BY_ASSOCIATED_KEYS: &str = "@sortByAssociatedKeys";

/// The binary operators with their source text and precedence (higher binds tighter).
pub(crate) const BINARY: &[(&str, &str, u8)] = &[
    (LOGICAL_OR, "||", 1),
    (LOGICAL_AND, "&&", 2),
    (EQUALS, "==", 3),
    (NOT_EQUALS, "!=", 3),
    (LESS, "<", 3),
    (LESS_EQUALS, "<=", 3),
    (GREATER, ">", 3),
    (GREATER_EQUALS, ">=", 3),
    (IN, "in", 3),
    (ADD, "+", 4),
    (SUBTRACT, "-", 4),
    (MULTIPLY, "*", 5),
    (DIVIDE, "/", 5),
    (MODULO, "%", 5),
];

/// The source text and precedence of a binary operator's function name.
pub(crate) fn binary(function: &str) -> Option<(&'static str, u8)> {
    BINARY.iter().find(|(name, _, _)| *name == function).map(|&(_, text, prec)| (text, prec))
}
