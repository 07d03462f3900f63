//! The CEL abstract syntax tree, as in cel-spec's `syntax.proto`.
//!
//! Every node carries an [`ExprId`]; the [`Ast`] keeps side tables indexed by id:
//!
//! - [`Ast::span`]: the bytes of the whole node in the expression text (`a + b` for a sum;
//!   parentheses around a node belong to its span, `(a + b)`);
//! - [`Ast::op_span`]: the token that names the operation, which is where a diagnostic about the
//!   operation points: the operator of a unary, binary or ternary call (`+`, `?`), the `[` of an
//!   index, the function name of a call (`startsWith` in `s.startsWith(p)`), the field of a
//!   selection (`b` in `a.b`), the type name of a message construction, the opening bracket of a
//!   list or map, the field name of a message field, the `:` of a map entry, and the macro name
//!   (`filter`) of a macro expansion. For literals and identifiers it is the token itself.
//!   Nodes that a macro makes up (the accumulator, the step's `_&&_`, ...) span the whole macro
//!   call and have the macro name as op span.
//!
//! This follows cel-go, whose node positions are those of the operator tokens, while keeping the
//! whole extent too: a diagnostic underlines `a + b` and points at `+`.
//! - [`Ast::macro_call`]: for each node that a macro expanded to, which macro it was.
//!
//! Operators are calls with cel-go's function names (see [`operators`]).

mod debug;
mod name;
pub mod operators;
mod unparse;

pub use debug::{DebugOptions, debug_string};
pub use name::Name;
pub use unparse::unparse;

use switchyard_diagnostics::TextRange;

/// Identifies one node of an [`Ast`]; ids are dense, from 0, and index its side tables.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct ExprId(pub u32);

impl ExprId {
    /// The id as an index into a side table.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One node.
#[derive(Clone, PartialEq, Debug)]
pub struct Expr {
    /// The node's id in its [`Ast`].
    pub id: ExprId,
    /// What the node is.
    pub kind: ExprKind,
}

/// The kinds of nodes.
#[derive(Clone, PartialEq, Debug)]
pub enum ExprKind {
    /// A literal.
    Const(Constant),
    /// A name: a variable, or the first part of a qualified name. A leading dot (`.a`, which
    /// resolves in the root scope only) is kept in the name.
    Ident(Name),
    /// Field selection `a.b`, or the presence test `has(a.b)`.
    Select(Select),
    /// A function call, an operator, or a receiver-style call `a.f(x)`.
    Call(Call),
    /// A list literal `[a, b]`.
    List(Vec<Expr>),
    /// A map literal `{k: v}`.
    Map(Vec<MapEntry>),
    /// A message construction `a.b.Msg{f: v}`.
    Struct(Struct),
    /// A fold; only macros produce these.
    Comprehension(Box<Comprehension>),
}

/// A literal value.
#[derive(Clone, PartialEq, Debug)]
pub enum Constant {
    /// `null`.
    Null,
    /// `true`, `false`.
    Bool(bool),
    /// `42`, `-7`, `0x1F`.
    Int(i64),
    /// `42u`.
    Uint(u64),
    /// `1.5`, `1e3`, `.5`.
    Double(f64),
    /// A string literal, decoded.
    String(String),
    /// A bytes literal, decoded.
    Bytes(Vec<u8>),
}

/// Field selection or presence test.
#[derive(Clone, PartialEq, Debug)]
pub struct Select {
    /// The expression whose field is selected.
    pub operand: Box<Expr>,
    /// The field name (a quoted field `` a.`b-c` `` is stored without backticks).
    pub field: Name,
    /// Whether this is `has(operand.field)`.
    pub test_only: bool,
}

/// A call.
#[derive(Clone, PartialEq, Debug)]
pub struct Call {
    /// The receiver of `target.function(args)`; `None` for a global call or an operator.
    pub target: Option<Box<Expr>>,
    /// The function name: `size`, `_+_`, `.f` (root-scoped global call).
    pub function: Name,
    /// The arguments, receiver excluded.
    pub args: Vec<Expr>,
}

/// One `key: value` of a map literal.
#[derive(Clone, PartialEq, Debug)]
pub struct MapEntry {
    /// The entry's own id (its span covers `key: value`, its op span the `:`).
    pub id: ExprId,
    /// The key.
    pub key: Expr,
    /// The value.
    pub value: Expr,
}

/// A message construction.
#[derive(Clone, PartialEq, Debug)]
pub struct Struct {
    /// The type name as written, dots included (`.a.b.Msg` keeps its leading dot).
    pub name: Name,
    /// The field initializers, in source order.
    pub fields: Vec<StructField>,
}

/// One `field: value` of a message construction.
#[derive(Clone, PartialEq, Debug)]
pub struct StructField {
    /// The field's own id (its span covers `field: value`, its op span the field name).
    pub id: ExprId,
    /// The field name.
    pub name: Name,
    /// The value.
    pub value: Expr,
}

/// A fold over a list or map, as in `syntax.proto` (with cel-go's two-variable form):
///
/// ```text
/// accu_var = accu_init
/// for iter_var in iter_range:
///     if !loop_condition: break
///     accu_var = loop_step
/// return result
/// ```
#[derive(Clone, PartialEq, Debug)]
pub struct Comprehension {
    /// The element (for a map, the key) variable; in a two-variable comprehension, the index of
    /// a list element or the key of a map entry.
    pub iter_var: Name,
    /// The second variable of a two-variable comprehension (`l.all(i, v, p)`,
    /// `m.transformMap(k, v, t)`): the list element or the map value.
    pub iter_var2: Option<Name>,
    /// The list or map iterated over.
    pub iter_range: Expr,
    /// The accumulator variable; `@result` for the standard macros, which no source can name.
    pub accu_var: Name,
    /// The accumulator's initial value.
    pub accu_init: Expr,
    /// Evaluated before each step; the fold stops when it is false.
    pub loop_condition: Expr,
    /// The accumulator's next value.
    pub loop_step: Expr,
    /// The value of the whole fold, computed from the accumulator.
    pub result: Expr,
}

/// The macros that the parser expands.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum MacroKind {
    /// `has(a.b)` → a test-only [`Select`].
    Has,
    /// `e.all(x, p)`.
    All,
    /// `e.exists(x, p)`.
    Exists,
    /// `e.exists_one(x, p)`.
    ExistsOne,
    /// `e.map(x, t)` and `e.map(x, p, t)`.
    Map,
    /// `e.filter(x, p)`.
    Filter,
    /// `e.transformList(i, v, t)` and `e.transformList(i, v, p, t)` (cel-go's two-variable
    /// comprehensions, as are `all`, `exists` and `exists_one`/`existsOne` with three arguments).
    TransformList,
    /// `e.transformMap(k, v, t)` and `e.transformMap(k, v, p, t)`.
    TransformMap,
    /// `e.transformMapEntry(k, v, t)` and `e.transformMapEntry(k, v, p, t)`.
    TransformMapEntry,
    /// `e.sortBy(x, key)` (Switchyard, spec/cel.md §3): a binding of the list, then
    /// `@sortByAssociatedKeys` applied to it and to the list of keys made by a `map` fold.
    /// `e.sortBy('price')`, with one argument, is an ordinary call and no macro.
    SortBy,
}

impl MacroKind {
    /// The macro's name as written in source.
    pub fn name(self) -> &'static str {
        match self {
            MacroKind::Has => "has",
            MacroKind::All => "all",
            MacroKind::Exists => "exists",
            MacroKind::ExistsOne => "exists_one",
            MacroKind::Map => "map",
            MacroKind::Filter => "filter",
            MacroKind::TransformList => "transformList",
            MacroKind::TransformMap => "transformMap",
            MacroKind::TransformMapEntry => "transformMapEntry",
            MacroKind::SortBy => "sortBy",
        }
    }
}

/// Which macro call a node was expanded from (cel-go's `macro_calls`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MacroCall {
    /// The node the call expanded to (a comprehension, or a test-only select for `has`).
    pub expansion: ExprId,
    /// The macro.
    pub kind: MacroKind,
    /// The receiver (`e` in `e.filter(x, p)`), as a node inside the expansion.
    pub target: Option<ExprId>,
    /// The arguments as written. The iteration variable's node is not part of the tree (the
    /// comprehension holds the name), but its id still has a span.
    pub args: Vec<ExprId>,
}

/// The name of the accumulator variable of the standard macros (as in cel-go).
pub const ACCUMULATOR: &str = "@result";
/// The bound list of `sortBy` (as in cel-go's lists extension).
pub const SORT_BY_INPUT: &str = "@__sortBy_input__";
/// The iteration variable of the binding fold of `sortBy`, which iterates over nothing.
pub const UNUSED_ITER_VAR: &str = "#unused";

/// What the side table holds for one node.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct NodeInfo {
    pub(crate) span: TextRange,
    pub(crate) op_span: TextRange,
    /// Height of the node's subtree (a leaf is 1), which bounds the recursion of tree walks.
    pub(crate) height: u32,
}

/// A parsed expression: its root node and the side tables indexed by [`ExprId`].
#[derive(Clone, PartialEq, Debug)]
pub struct Ast {
    pub(crate) root: Expr,
    /// Indexed by id.
    pub(crate) nodes: Vec<NodeInfo>,
    /// Sorted by `expansion`.
    pub(crate) macro_calls: Vec<MacroCall>,
}

impl Ast {
    /// The root node.
    pub fn root(&self) -> &Expr {
        &self.root
    }

    /// The root node, dropping the side tables.
    pub fn into_root(self) -> Expr {
        self.root
    }

    /// One more than the largest id: the length a side table indexed by [`ExprId`] needs.
    pub fn id_count(&self) -> u32 {
        self.nodes.len() as u32
    }

    /// The bytes of the whole node, in the expression text.
    pub fn span(&self, id: ExprId) -> TextRange {
        self.nodes.get(id.index()).map(|node| node.span).unwrap_or_default()
    }

    /// The token that names the node's operation (see the module documentation).
    pub fn op_span(&self, id: ExprId) -> TextRange {
        self.nodes.get(id.index()).map(|node| node.op_span).unwrap_or_default()
    }

    /// The macro call that `id` was expanded from, if any.
    pub fn macro_call(&self, id: ExprId) -> Option<&MacroCall> {
        let index = self.macro_calls.binary_search_by_key(&id, |call| call.expansion).ok()?;
        Some(&self.macro_calls[index])
    }

    /// Every macro call, in id order.
    pub fn macro_calls(&self) -> &[MacroCall] {
        &self.macro_calls
    }
}
