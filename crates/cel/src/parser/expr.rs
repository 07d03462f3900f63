//! Conditional, binary, unary and member expressions.

use switchyard_diagnostics::TextRange;

use super::{PResult, Parser};
use crate::ast::{Call, Expr, ExprKind, Name, Select, operators};
use crate::error::ParseErrorKind;
use crate::lexer::{TokenKind, span};

/// The function name and precedence of a binary operator token.
fn binary_operator(kind: &TokenKind<'_>) -> Option<(&'static str, u8)> {
    let operator = match kind {
        TokenKind::OrOr => (operators::LOGICAL_OR, 1),
        TokenKind::AndAnd => (operators::LOGICAL_AND, 2),
        TokenKind::EqEq => (operators::EQUALS, 3),
        TokenKind::NotEq => (operators::NOT_EQUALS, 3),
        TokenKind::Lt => (operators::LESS, 3),
        TokenKind::Le => (operators::LESS_EQUALS, 3),
        TokenKind::Gt => (operators::GREATER, 3),
        TokenKind::Ge => (operators::GREATER_EQUALS, 3),
        TokenKind::In => (operators::IN, 3),
        TokenKind::Plus => (operators::ADD, 4),
        TokenKind::Minus => (operators::SUBTRACT, 4),
        TokenKind::Star => (operators::MULTIPLY, 5),
        TokenKind::Slash => (operators::DIVIDE, 5),
        TokenKind::Percent => (operators::MODULO, 5),
        _ => return None,
    };
    Some(operator)
}

impl<'a> Parser<'a> {
    /// `Expr = ConditionalOr ["?" ConditionalOr ":" Expr]`.
    ///
    /// The functions on the recursion path (`expr`, `binary`, `unary`, `member`, `primary`) keep
    /// their frames small, so that the nesting limit bounds the stack to a few hundred bytes a
    /// level: the work is done in helpers that are off the path or never inlined.
    pub(super) fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let condition = self.binary(1)?;
        if self.at(&TokenKind::Question) {
            return self.conditional(condition);
        }
        self.leave();
        Ok(condition)
    }

    /// The rest of `condition ? a : b`; the current token is the `?`.
    #[inline(never)]
    fn conditional(&mut self, condition: Expr) -> PResult<Expr> {
        let op_span = self.tok.span;
        self.advance();
        let if_true = self.binary(1)?;
        if !self.at(&TokenKind::Colon) {
            return Err(self.unexpected("':'"));
        }
        self.advance();
        let if_false = self.expr()?;
        self.leave();
        self.operator_call(operators::CONDITIONAL, vec![condition, if_true, if_false], op_span)
    }

    /// The binary operators at precedence `min_prec` and above, by precedence climbing.
    fn binary(&mut self, min_prec: u8) -> PResult<Expr> {
        let mut lhs = self.unary()?;
        while let Some((function, prec)) = binary_operator(&self.tok.kind) {
            if prec < min_prec {
                break;
            }
            lhs = self.binary_rhs(lhs, function, prec)?;
        }
        Ok(lhs)
    }

    /// `lhs op rhs`; the current token is the operator.
    #[inline(never)]
    fn binary_rhs(&mut self, lhs: Expr, function: &'static str, prec: u8) -> PResult<Expr> {
        let op_span = self.tok.span;
        self.advance();
        let rhs = self.binary(prec + 1)?;
        self.operator_call(function, vec![lhs, rhs], op_span)
    }

    /// A call to an operator; its span runs from the first to the last operand.
    #[inline(never)]
    pub(super) fn operator_call(
        &mut self,
        function: &'static str,
        args: Vec<Expr>,
        op_span: TextRange,
    ) -> PResult<Expr> {
        let start = args.first().map_or(op_span.start, |arg| self.nodes[arg.id.index()].span.start);
        let start = start.min(op_span.start);
        let end = args.last().map_or(op_span.end, |arg| self.nodes[arg.id.index()].span.end);
        let call = Call { target: None, function: Name::new_static(function), args };
        self.node(ExprKind::Call(call), span(start, end), op_span)
    }

    /// `Unary = Member | "!" {"!"} Member | "-" {"-"} Member`.
    fn unary(&mut self) -> PResult<Expr> {
        match self.tok.kind {
            TokenKind::Bang | TokenKind::Minus => self.unary_operators(),
            _ => self.member(),
        }
    }

    #[inline(never)]
    fn unary_operators(&mut self) -> PResult<Expr> {
        let (function, token) = match self.tok.kind {
            TokenKind::Minus => (operators::NEGATE, TokenKind::Minus),
            _ => (operators::LOGICAL_NOT, TokenKind::Bang),
        };
        let op_span = self.tok.span;
        let mut count = 0;
        while self.at(&token) {
            count += 1;
            self.advance();
        }
        if token == TokenKind::Minus
            && count == 1
            && matches!(self.tok.kind, TokenKind::Int(_) | TokenKind::Double(_))
        {
            // `-1` is a literal (and `-1.abs()` calls `abs` on it), as in cel-go.
            let literal = self.number_literal(Some(op_span))?;
            return self.postfix(literal, false);
        }
        let operand = self.member()?;
        if count % 2 == 0 {
            return Ok(operand);
        }
        self.operator_call(function, vec![operand], op_span)
    }

    /// `Member = Primary | Member "." SELECTOR ["(" [ExprList] ")"] | Member "[" Expr "]"`,
    /// and message construction after a qualified name.
    pub(super) fn member(&mut self) -> PResult<Expr> {
        let (primary, is_name) = self.primary()?;
        self.postfix(primary, is_name)
    }

    /// The selections, calls, indexes and message constructions after `expr`. `is_name` says
    /// whether `expr` is a qualified name (`a`, `.a.b`), which may name a message type.
    pub(super) fn postfix(&mut self, mut expr: Expr, mut is_name: bool) -> PResult<Expr> {
        let start = self.nodes[expr.id.index()].span.start;
        loop {
            expr = match self.tok.kind {
                TokenKind::Dot => self.dot_suffix(expr, start, &mut is_name)?,
                TokenKind::LBracket => {
                    is_name = false;
                    self.index_suffix(expr, start)?
                }
                TokenKind::LBrace if is_name => {
                    is_name = false;
                    self.message(&expr)?
                }
                _ => return Ok(expr),
            };
        }
    }

    /// `expr.field` or `expr.method(args)`; the current token is the `.`.
    #[inline(never)]
    fn dot_suffix(&mut self, expr: Expr, start: u32, is_name: &mut bool) -> PResult<Expr> {
        self.advance();
        if self.at(&TokenKind::Question) {
            return Err(self.unsupported_optional(".?"));
        }
        let (field, field_span, quoted) = self.selector("a field name after '.'")?;
        if !quoted && self.at(&TokenKind::LParen) {
            self.advance();
            *is_name = false;
            let args = self.call_args()?;
            return self.receiver_call_or_macro(expr, field, field_span, args, start);
        }
        *is_name &= !quoted;
        let select = Select { operand: Box::new(expr), field: Name::new(field), test_only: false };
        self.node(ExprKind::Select(select), self.span_from(start), field_span)
    }

    /// `expr[index]`; the current token is the `[`.
    #[inline(never)]
    fn index_suffix(&mut self, expr: Expr, start: u32) -> PResult<Expr> {
        let op_span = self.tok.span;
        self.advance();
        if self.at(&TokenKind::Question) {
            return Err(self.unsupported_optional("[?"));
        }
        let index = self.expr()?;
        self.expect_closing(&TokenKind::RBracket, "']'")?;
        let call = Call {
            target: None,
            function: Name::new_static(operators::INDEX),
            args: vec![expr, index],
        };
        self.node(ExprKind::Call(call), self.span_from(start), op_span)
    }

    /// A field or function name after `.`: an identifier (reserved words allowed) or a quoted
    /// identifier. Returns the name, its span and whether it was quoted.
    #[inline(never)]
    pub(super) fn selector(&mut self, expected: &str) -> PResult<(&'a str, TextRange, bool)> {
        let span = self.tok.span;
        let (name, quoted) = match self.tok.kind {
            TokenKind::Ident(name) => (name, false),
            TokenKind::QuotedIdent(name) => (name, true),
            TokenKind::True | TokenKind::False | TokenKind::Null | TokenKind::In => {
                let keyword = self.tok.kind.text();
                let message = format!("expected {expected} but found keyword '{keyword}'");
                let error =
                    crate::error::ParseError::new(ParseErrorKind::UnexpectedToken, span, message)
                        .with_help(format!(
                            "quote a field named like a keyword: `{keyword}` in backticks"
                        ));
                self.push_error(error);
                return Err(super::Stop);
            }
            _ => return Err(self.unexpected(expected)),
        };
        self.advance();
        Ok((name, span, quoted))
    }

    /// Consumes a closing bracket, or reports what else was found.
    pub(super) fn expect_closing(
        &mut self,
        kind: &TokenKind<'_>,
        what: &str,
    ) -> PResult<TextRange> {
        if self.at(kind) {
            return self.expect(kind);
        }
        Err(self.unexpected(what))
    }

    /// The arguments of a call, after its `(`, through its `)`.
    #[inline(never)]
    pub(super) fn call_args(&mut self) -> PResult<Vec<Expr>> {
        let mut args = Vec::new();
        if self.at(&TokenKind::RParen) {
            self.advance();
            return Ok(args);
        }
        loop {
            args.push(self.expr()?);
            match self.tok.kind {
                TokenKind::Comma => self.advance(),
                TokenKind::RParen => {
                    self.advance();
                    return Ok(args);
                }
                _ => return Err(self.unexpected("',' or ')'")),
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn unsupported_optional(&mut self, syntax: &str) -> super::Stop {
        let span = span(self.prev_end - 1, self.tok.span.end);
        let error = crate::error::ParseError::new(
            ParseErrorKind::UnsupportedSyntax,
            span,
            format!(
                "unsupported syntax '{syntax}': optional values are not part of Switchyard's CEL"
            ),
        )
        .with_help("test for presence with `has(a.b)` or `'key' in map` instead");
        self.push_error(error);
        super::Stop
    }
}
