//! Number literals, as the CEL grammar has them:
//!
//! ```text
//! INT_LIT   ::= DIGIT+ | 0x HEXDIGIT+            (the sign is a separate token)
//! UINT_LIT  ::= INT_LIT [uU]
//! FLOAT_LIT ::= DIGIT* . DIGIT+ EXPONENT? | DIGIT+ EXPONENT
//! EXPONENT  ::= [eE] [+-]? DIGIT+
//! ```
//!
//! So `1.` and `1.e3` are no doubles: they lex as `1` followed by `.` (a field selection).

use super::{Lexer, TokenKind, range};
use crate::error::{ParseError, ParseErrorKind};

impl<'a> Lexer<'a> {
    /// Lexes a number starting at `self.pos` (a digit, or a `.` followed by a digit).
    pub(super) fn number(&mut self, errors: &mut Vec<ParseError>) -> TokenKind<'a> {
        let start = self.pos;
        let kind = if self.bytes[start] == b'0' && matches!(self.peek(1), Some(b'x' | b'X')) {
            self.hex_number(errors)
        } else {
            self.decimal_number()
        };
        if kind == TokenKind::Error {
            return kind;
        }
        self.reject_suffix(kind, errors)
    }

    fn hex_number(&mut self, errors: &mut Vec<ParseError>) -> TokenKind<'a> {
        let start = self.pos;
        self.pos += 2;
        let digits_start = self.pos;
        let mut value: Option<u64> = Some(0);
        while let Some(digit) = self.peek(0).and_then(|b| (b as char).to_digit(16)) {
            value =
                value.and_then(|v| v.checked_mul(16)).and_then(|v| v.checked_add(u64::from(digit)));
            self.pos += 1;
        }
        if self.pos == digits_start {
            errors.push(
                ParseError::new(
                    ParseErrorKind::InvalidNumber,
                    range(start, self.pos),
                    "expected hexadecimal digits after '0x'",
                )
                .with_help("write hexadecimal integers as `0x1F`"),
            );
            return TokenKind::Error;
        }
        if matches!(self.peek(0), Some(b'u' | b'U')) {
            self.pos += 1;
            return TokenKind::Uint(value);
        }
        TokenKind::Int(value)
    }

    fn decimal_number(&mut self) -> TokenKind<'a> {
        let start = self.pos;
        self.skip_digits();
        let mut is_double = false;
        if self.peek(0) == Some(b'.') && self.peek(1).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
            self.skip_digits();
            is_double = true;
        }
        if matches!(self.peek(0), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(self.peek(1), Some(b'+' | b'-')));
            if self.peek(1 + sign).is_some_and(|b| b.is_ascii_digit()) {
                self.pos += 1 + sign;
                self.skip_digits();
                is_double = true;
            }
        }
        let text = &self.text[start..self.pos];
        if is_double {
            // Rust's float grammar accepts every CEL FLOAT_LIT; an overflow gives infinity.
            let value = text.parse::<f64>().ok().filter(|v| v.is_finite());
            return TokenKind::Double(value);
        }
        let value = text.bytes().try_fold(0u64, |acc, b| {
            acc.checked_mul(10).and_then(|acc| acc.checked_add(u64::from(b - b'0')))
        });
        if matches!(self.peek(0), Some(b'u' | b'U')) {
            self.pos += 1;
            return TokenKind::Uint(value);
        }
        TokenKind::Int(value)
    }

    fn skip_digits(&mut self) {
        while self.peek(0).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// A number glued to letters (`1abc`, `1e`, `2uu`) is an error, not two tokens.
    fn reject_suffix(
        &mut self,
        kind: TokenKind<'a>,
        errors: &mut Vec<ParseError>,
    ) -> TokenKind<'a> {
        let suffix_start = self.pos;
        while self.peek(0).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        if self.pos == suffix_start {
            return kind;
        }
        let suffix = &self.text[suffix_start..self.pos];
        let mut error = ParseError::new(
            ParseErrorKind::InvalidNumber,
            range(suffix_start, self.pos),
            format!("invalid suffix '{suffix}' on number literal"),
        );
        if suffix.starts_with(['e', 'E']) {
            error = error.with_help("an exponent needs digits: `1e3`, `2.5e-4`");
        } else if suffix.starts_with(['u', 'U']) {
            error = error.with_help("only integer literals take the `u` suffix: `1u`, `0xFFu`");
        }
        errors.push(error);
        TokenKind::Error
    }
}
