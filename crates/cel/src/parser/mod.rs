//! The CEL parser: hand-written recursive descent with precedence climbing.
//!
//! Precedence, loosest first: `?:` (right-associative), `||`, `&&`, relations (`< <= >= > == !=
//! in`), `+ -`, `* / %`, unary `! -`, then member access, calls and indexing. Binary operators
//! associate to the left. As in cel-go, `-` directly before a number literal is part of the
//! literal (so `-9223372036854775808` parses), an even run of `!` or `-` cancels out, and macros
//! are expanded while parsing (see [`macros`]).
//!
//! Errors come in two strengths. A lexical or semantic slip (a bad escape, a number out of range,
//! a reserved word, a malformed macro call) is recorded and parsing goes on, so several of them
//! are reported at once. A syntax error stops the parse ([`Stop`]): everything after it would
//! only be noise. Either way no [`Ast`] is returned once an error was recorded.

mod expr;
mod macros;
mod primary;

use switchyard_diagnostics::TextRange;

use crate::ast::{Ast, Expr, ExprId, ExprKind, MacroCall, NodeInfo};
use crate::error::{ParseError, ParseErrorKind};
use crate::lexer::{Lexer, Token, TokenKind, range, span};

/// How deeply expressions may nest: parentheses, arguments, and the height of the tree (a chain
/// of 300 `+` is 300 levels). cel-go's default recursion limit.
pub(crate) const NESTING_LIMIT: u32 = 250;
/// The longest expression accepted, in code points (cel-go's default).
pub(crate) const SIZE_LIMIT: usize = 100_000;
/// Parsing stops after this many errors.
pub(crate) const ERROR_LIMIT: usize = 100;

/// Parses one CEL expression.
///
/// Returns the tree when the text is a well-formed expression, and every error found otherwise
/// (at least one). Never panics, whatever the input.
pub fn parse(text: &str) -> (Option<Ast>, Vec<ParseError>) {
    if text.len() > SIZE_LIMIT {
        let code_points = text.chars().count();
        if code_points > SIZE_LIMIT {
            let error = ParseError::new(
                ParseErrorKind::LimitExceeded,
                range(0, text.len()),
                format!(
                    "expression is too long: {code_points} code points, the limit is {SIZE_LIMIT}"
                ),
            );
            return (None, vec![error]);
        }
    }
    let mut parser = Parser::new(text);
    let root = parser.root();
    let Parser { nodes, macro_calls, mut errors, .. } = parser;
    match root {
        Ok(root) if errors.is_empty() => (Some(Ast { root, nodes, macro_calls }), errors),
        _ => {
            errors.sort_by_key(|error| error.span.start);
            errors.truncate(ERROR_LIMIT);
            (None, errors)
        }
    }
}

/// A syntax error has been recorded; unwind.
pub(crate) struct Stop;

pub(crate) type PResult<T> = Result<T, Stop>;

pub(crate) struct Parser<'a> {
    lexer: Lexer<'a>,
    /// The current token, not yet consumed.
    tok: Token<'a>,
    /// End of the last consumed token: the end of the node being finished.
    prev_end: u32,
    errors: Vec<ParseError>,
    /// Spans and height of each node, indexed by id.
    nodes: Vec<NodeInfo>,
    macro_calls: Vec<MacroCall>,
    /// Current nesting of `expr`.
    depth: u32,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        let mut lexer = Lexer::new(text);
        let mut errors = Vec::new();
        let tok = lexer.next_token(&mut errors);
        // A typical expression has a node for every 2 to 6 bytes (macros add nodes).
        let capacity = text.len() / 2 + 8;
        Parser {
            lexer,
            tok,
            prev_end: 0,
            errors,
            nodes: Vec::with_capacity(capacity),
            macro_calls: Vec::new(),
            depth: 0,
        }
    }

    fn root(&mut self) -> PResult<Expr> {
        let expr = self.expr()?;
        match &self.tok.kind {
            TokenKind::Eof => Ok(expr),
            TokenKind::Error => Err(Stop),
            TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                let message = format!("unmatched {}", self.tok.kind.describe());
                Err(self.error(ParseErrorKind::UnexpectedToken, self.tok.span, message))
            }
            kind => {
                let message =
                    format!("expected an operator or end of input but found {}", kind.describe());
                Err(self.error(ParseErrorKind::UnexpectedToken, self.tok.span, message))
            }
        }
    }

    /// Whether the current token is of the kind of `kind` (a punctuation or keyword token).
    fn at(&self, kind: &TokenKind<'_>) -> bool {
        std::mem::discriminant(&self.tok.kind) == std::mem::discriminant(kind)
    }

    /// Consumes the current token.
    fn advance(&mut self) {
        self.prev_end = self.tok.span.end;
        self.tok = self.lexer.next_token(&mut self.errors);
    }

    /// Consumes the current token, which must be `kind`.
    fn expect(&mut self, kind: &TokenKind<'_>) -> PResult<TextRange> {
        if self.at(kind) {
            let span = self.tok.span;
            self.advance();
            return Ok(span);
        }
        Err(self.unexpected(&format!("'{}'", kind.text())))
    }

    /// Reports that `expected` should stand where the current token is; returns [`Stop`].
    #[cold]
    #[inline(never)]
    fn unexpected(&mut self, expected: &str) -> Stop {
        if self.at(&TokenKind::Error) {
            // The lexer has said what is wrong.
            return Stop;
        }
        let message = format!("expected {expected} but found {}", self.tok.kind.describe());
        self.error(ParseErrorKind::UnexpectedToken, self.tok.span, message)
    }

    /// Records an error and returns [`Stop`] for the caller to propagate if it must.
    #[cold]
    #[inline(never)]
    fn error(&mut self, kind: ParseErrorKind, span: TextRange, message: impl Into<String>) -> Stop {
        self.push_error(ParseError::new(kind, span, message));
        Stop
    }

    #[cold]
    #[inline(never)]
    fn push_error(&mut self, error: ParseError) {
        self.errors.push(error);
    }

    /// Whether parsing should stop because of too many errors.
    fn too_many_errors(&self) -> bool {
        self.errors.len() >= ERROR_LIMIT
    }

    /// Allocates a node id with its spans and height.
    fn alloc(&mut self, span: TextRange, op_span: TextRange, height: u32) -> ExprId {
        let id = ExprId(self.nodes.len() as u32);
        self.nodes.push(NodeInfo { span, op_span, height });
        id
    }

    /// Makes a node; fails when the tree grows deeper than [`NESTING_LIMIT`].
    #[inline(never)]
    fn node(&mut self, kind: ExprKind, span: TextRange, op_span: TextRange) -> PResult<Expr> {
        let height = 1 + self.child_height(&kind);
        if height > NESTING_LIMIT {
            return Err(self.nesting_error(span));
        }
        let id = self.alloc(span, op_span, height);
        Ok(Expr { id, kind })
    }

    fn height(&self, expr: &Expr) -> u32 {
        self.nodes.get(expr.id.index()).map_or(1, |node| node.height)
    }

    fn child_height(&self, kind: &ExprKind) -> u32 {
        let mut max = 0;
        let mut see = |expr: &Expr| max = max.max(self.height(expr));
        match kind {
            ExprKind::Const(_) | ExprKind::Ident(_) => {}
            ExprKind::Select(select) => see(&select.operand),
            ExprKind::Call(call) => {
                if let Some(target) = &call.target {
                    see(target);
                }
                call.args.iter().for_each(see);
            }
            ExprKind::List(elements) => elements.iter().for_each(see),
            ExprKind::Map(entries) => entries.iter().for_each(|entry| {
                see(&entry.key);
                see(&entry.value);
            }),
            ExprKind::Struct(message) => message.fields.iter().for_each(|field| see(&field.value)),
            ExprKind::Comprehension(comp) => {
                [
                    &comp.iter_range,
                    &comp.accu_init,
                    &comp.loop_condition,
                    &comp.loop_step,
                    &comp.result,
                ]
                .into_iter()
                .for_each(see);
            }
        }
        max
    }

    #[cold]
    #[inline(never)]
    fn nesting_error(&mut self, span: TextRange) -> Stop {
        let error = ParseError::new(
            ParseErrorKind::LimitExceeded,
            span,
            format!("expression nests more than {NESTING_LIMIT} levels deep"),
        )
        .with_help(
            "split it up; a long chain of `||` or `==` can often be an `in` test against a list",
        );
        self.push_error(error);
        Stop
    }

    /// Enters one level of `expr` nesting.
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > NESTING_LIMIT {
            return Err(self.nesting_error(self.tok.span));
        }
        if self.too_many_errors() {
            return Err(Stop);
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// The span from `start` to the end of the last consumed token.
    fn span_from(&self, start: u32) -> TextRange {
        span(start, self.prev_end)
    }
}

#[cfg(test)]
mod tests;
