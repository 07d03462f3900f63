//! Primary expressions: literals, identifiers, global calls, parentheses, list, map and message
//! literals.

use switchyard_diagnostics::TextRange;

use super::{PResult, Parser, Stop};
use crate::ast::{Constant, Expr, ExprKind, MapEntry, Name, Struct, StructField};
use crate::error::{ParseError, ParseErrorKind};
use crate::lexer::{TokenKind, span};

/// Words that may not name a variable or a global function (they may name fields and methods).
fn is_reserved(name: &str) -> bool {
    matches!(
        name,
        "as" | "break"
            | "const"
            | "continue"
            | "else"
            | "for"
            | "function"
            | "if"
            | "import"
            | "let"
            | "loop"
            | "namespace"
            | "package"
            | "return"
            | "var"
            | "void"
            | "while"
    )
}

impl Parser<'_> {
    /// A primary expression, and whether it is a name that may start a message type name.
    pub(super) fn primary(&mut self) -> PResult<(Expr, bool)> {
        // One call site through a function pointer keeps this frame small (see `expr`).
        let parse: fn(&mut Self) -> PResult<(Expr, bool)> = match &self.tok.kind {
            TokenKind::Int(_) | TokenKind::Uint(_) | TokenKind::Double(_) => {
                |p| Ok((p.number_literal(None)?, false))
            }
            // Only `!-1` gets here: a sign directly before a number.
            TokenKind::Minus => |p| Ok((p.signed_literal()?, false)),
            TokenKind::Ident(_) => |p| p.ident_or_global_call(None),
            TokenKind::Dot => Self::root_scoped,
            TokenKind::LParen => |p| Ok((p.parenthesized()?, false)),
            TokenKind::LBracket => |p| Ok((p.list()?, false)),
            TokenKind::LBrace => |p| Ok((p.map()?, false)),
            TokenKind::String(_)
            | TokenKind::Bytes(_)
            | TokenKind::True
            | TokenKind::False
            | TokenKind::Null => |p| Ok((p.literal()?, false)),
            TokenKind::Error => |_| Err(Stop),
            _ => |p| Err(p.unexpected("an expression")),
        };
        parse(self)
    }

    /// `.a` or `.f(x)`; the current token is the `.`.
    #[inline(never)]
    fn root_scoped(&mut self) -> PResult<(Expr, bool)> {
        let dot = self.tok.span;
        self.advance();
        if !matches!(self.tok.kind, TokenKind::Ident(_)) {
            return Err(self.unexpected("an identifier after the leading '.'"));
        }
        self.ident_or_global_call(Some(dot))
    }

    /// A string, bytes, bool or null literal.
    #[inline(never)]
    fn literal(&mut self) -> PResult<Expr> {
        let span = self.tok.span;
        let constant = match std::mem::replace(&mut self.tok.kind, TokenKind::Eof) {
            TokenKind::String(value) => Constant::String(value.into_owned()),
            TokenKind::Bytes(value) => Constant::Bytes(value.into_owned()),
            TokenKind::True => Constant::Bool(true),
            TokenKind::False => Constant::Bool(false),
            _ => Constant::Null,
        };
        self.advance();
        self.node(ExprKind::Const(constant), span, span)
    }

    #[cold]
    #[inline(never)]
    fn signed_literal(&mut self) -> PResult<Expr> {
        let sign = self.tok.span;
        self.advance();
        if matches!(self.tok.kind, TokenKind::Int(_) | TokenKind::Double(_)) {
            return self.number_literal(Some(sign));
        }
        let error = ParseError::new(
            ParseErrorKind::UnexpectedToken,
            sign,
            "expected an expression but found '-'",
        )
        .with_help("put the negation in parentheses: `!(-a)`");
        self.push_error(error);
        Err(Stop)
    }

    /// `"(" Expr ")"`: no node of its own.
    #[inline(never)]
    fn parenthesized(&mut self) -> PResult<Expr> {
        let open = self.tok.span;
        self.advance();
        let expr = self.expr()?;
        let close = self.expect_closing(&TokenKind::RParen, "')'")?;
        // The parentheses belong to the span (so `(a + b) * c` covers all of it), not to the
        // op span.
        self.nodes[expr.id.index()].span = open.cover(close);
        Ok(expr)
    }

    /// An int or double literal at the current token; `sign` is the span of a `-` before it.
    #[inline(never)]
    pub(super) fn number_literal(&mut self, sign: Option<TextRange>) -> PResult<Expr> {
        let token = self.tok.span;
        let span = sign.map_or(token, |sign| sign.cover(token));
        let negative = sign.is_some();
        let constant = match self.tok.kind {
            TokenKind::Int(magnitude) => {
                let value = magnitude.and_then(|m| {
                    if negative { 0i64.checked_sub_unsigned(m) } else { i64::try_from(m).ok() }
                });
                if value.is_none() {
                    let error = ParseError::new(
                        ParseErrorKind::NumberOutOfRange,
                        span,
                        "integer literal out of range",
                    )
                    .with_help(
                        "int is 64-bit, from -9223372036854775808 to 9223372036854775807; \
                             use a uint (`1u`) or a double (`1.0`) for larger values",
                    );
                    self.push_error(error);
                }
                Constant::Int(value.unwrap_or_default())
            }
            TokenKind::Uint(value) => {
                if value.is_none() {
                    let error = ParseError::new(
                        ParseErrorKind::NumberOutOfRange,
                        span,
                        "unsigned integer literal out of range",
                    )
                    .with_help("uint is 64-bit, from 0 to 18446744073709551615");
                    self.push_error(error);
                }
                Constant::Uint(value.unwrap_or_default())
            }
            TokenKind::Double(value) => {
                if value.is_none() {
                    self.push_error(ParseError::new(
                        ParseErrorKind::NumberOutOfRange,
                        span,
                        "double literal out of range",
                    ));
                }
                let value = value.unwrap_or_default();
                Constant::Double(if negative { -value } else { value })
            }
            _ => return Err(self.unexpected("a number")),
        };
        self.advance();
        self.node(ExprKind::Const(constant), span, span)
    }

    /// An identifier or a global call; the current token is the identifier. `leading_dot` is
    /// the span of a `.` before it (`.a`, `.f(x)`: resolved in the root scope).
    #[inline(never)]
    fn ident_or_global_call(&mut self, leading_dot: Option<TextRange>) -> PResult<(Expr, bool)> {
        let TokenKind::Ident(name) = self.tok.kind else {
            return Err(self.unexpected("an identifier"));
        };
        let name_span = self.tok.span;
        let start = leading_dot.unwrap_or(name_span).start;
        if is_reserved(name) {
            let error = ParseError::new(
                ParseErrorKind::ReservedIdentifier,
                name_span,
                format!("reserved identifier '{name}'"),
            )
            .with_help("reserved words may name fields and methods (`a.if`, `a.if()`) but not variables or functions");
            self.push_error(error);
        }
        let name = match leading_dot {
            Some(_) => Name::from(format!(".{name}")),
            None => Name::new(name),
        };
        self.advance();
        if self.at(&TokenKind::LParen) {
            self.advance();
            let args = self.call_args()?;
            let op_span = span(start, name_span.end);
            return Ok((self.global_call_or_macro(name, op_span, args, start)?, false));
        }
        let span = span(start, name_span.end);
        Ok((self.node(ExprKind::Ident(name), span, span)?, true))
    }

    /// `"[" [ExprList] [","] "]"`.
    #[inline(never)]
    fn list(&mut self) -> PResult<Expr> {
        let open = self.tok.span;
        self.advance();
        let mut elements = Vec::new();
        while !self.at(&TokenKind::RBracket) {
            if self.at(&TokenKind::Question) {
                return Err(self.unsupported_optional_entry());
            }
            elements.push(self.expr()?);
            match self.tok.kind {
                TokenKind::Comma => self.advance(),
                TokenKind::RBracket => break,
                _ => return Err(self.unexpected("',' or ']'")),
            }
        }
        self.advance();
        self.node(ExprKind::List(elements), self.span_from(open.start), open)
    }

    /// `"{" [MapInits] [","] "}"`.
    #[inline(never)]
    fn map(&mut self) -> PResult<Expr> {
        let open = self.tok.span;
        self.advance();
        let mut entries = Vec::new();
        while !self.at(&TokenKind::RBrace) {
            if self.at(&TokenKind::Question) {
                return Err(self.unsupported_optional_entry());
            }
            let key = self.expr()?;
            let colon = self.expect_closing(&TokenKind::Colon, "':'")?;
            let value = self.expr()?;
            let span = span(self.nodes[key.id.index()].span.start, self.prev_end);
            let height = self.height(&key).max(self.height(&value));
            let id = self.alloc(span, colon, height);
            entries.push(MapEntry { id, key, value });
            match self.tok.kind {
                TokenKind::Comma => self.advance(),
                TokenKind::RBrace => break,
                _ => return Err(self.unexpected("',' or '}'")),
            }
        }
        self.advance();
        self.node(ExprKind::Map(entries), self.span_from(open.start), open)
    }

    /// `["."] SELECTOR {"." SELECTOR} "{" [FieldInits] [","] "}"`; `name` is the parsed name.
    #[inline(never)]
    pub(super) fn message(&mut self, name: &Expr) -> PResult<Expr> {
        let name_span = self.nodes[name.id.index()].span;
        let type_name = qualified_name(name);
        self.advance();
        let mut fields = Vec::new();
        while !self.at(&TokenKind::RBrace) {
            if self.at(&TokenKind::Question) {
                return Err(self.unsupported_optional_entry());
            }
            let (field, field_span, _) = self.selector("a field name")?;
            self.expect_closing(&TokenKind::Colon, "':'")?;
            let value = self.expr()?;
            let height = self.height(&value);
            let id = self.alloc(self.span_from(field_span.start), field_span, height);
            fields.push(StructField { id, name: Name::new(field), value });
            match self.tok.kind {
                TokenKind::Comma => self.advance(),
                TokenKind::RBrace => break,
                _ => return Err(self.unexpected("',' or '}'")),
            }
        }
        self.advance();
        let message = Struct { name: Name::from(type_name), fields };
        self.node(ExprKind::Struct(message), self.span_from(name_span.start), name_span)
    }

    #[cold]
    #[inline(never)]
    fn unsupported_optional_entry(&mut self) -> Stop {
        let error = ParseError::new(
            ParseErrorKind::UnsupportedSyntax,
            self.tok.span,
            "unsupported syntax '?': optional entries are not part of Switchyard's CEL",
        );
        self.push_error(error);
        Stop
    }
}

/// `a.b.c` of an identifier and plain selections.
fn qualified_name(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Ident(name) => name.to_string(),
        ExprKind::Select(select) => {
            let mut name = qualified_name(&select.operand);
            name.push('.');
            name.push_str(&select.field);
            name
        }
        _ => String::new(),
    }
}
