//! The CEL lexer: bytes in, tokens out, on demand.
//!
//! It works on bytes, uses no regex and allocates nothing per token except the decoded contents
//! of string and bytes literals that contain escapes or carriage returns; every other literal and
//! identifier borrows from the text. Lexical errors (an unknown character, a bad escape, an
//! unterminated string) are pushed to the caller's error list; a token that cannot be formed at
//! all comes out as [`TokenKind::Error`].

mod number;
mod string;

use std::borrow::Cow;

use switchyard_diagnostics::TextRange;

use crate::error::{ParseError, ParseErrorKind};

/// A token and the bytes it covers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token<'a> {
    pub(crate) kind: TokenKind<'a>,
    pub(crate) span: TextRange,
}

/// The kinds of CEL tokens. Literal values are decoded; a number outside `u64` (or a double
/// outside `f64`) carries `None` and the parser reports it, knowing the sign.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind<'a> {
    /// `[_a-zA-Z][_a-zA-Z0-9]*` other than the keywords; reserved words included.
    Ident(&'a str),
    /// `` `a-b.c` ``: an escaped field name; the text between the backticks.
    QuotedIdent(&'a str),
    /// Magnitude of an int literal (the sign is the parser's business).
    Int(Option<u64>),
    Uint(Option<u64>),
    Double(Option<f64>),
    String(Cow<'a, str>),
    Bytes(Cow<'a, [u8]>),
    True,
    False,
    Null,
    In,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    Question,
    Colon,
    Comma,
    Dot,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    EqEq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    AndAnd,
    OrOr,
    /// Something that is no token; the lexer has reported why.
    Error,
    /// End of input.
    Eof,
}

impl TokenKind<'_> {
    /// How the token is named in messages: `')'`, `identifier 'foo'`, `end of input`.
    pub(crate) fn describe(&self) -> String {
        let fixed = match self {
            TokenKind::Ident(name) => return format!("identifier '{name}'"),
            TokenKind::QuotedIdent(name) => return format!("quoted identifier `{name}`"),
            TokenKind::Int(_) => "integer literal",
            TokenKind::Uint(_) => "unsigned integer literal",
            TokenKind::Double(_) => "double literal",
            TokenKind::String(_) => "string literal",
            TokenKind::Bytes(_) => "bytes literal",
            TokenKind::Error => "invalid token",
            TokenKind::Eof => "end of input",
            punct => return format!("'{}'", punct.text()),
        };
        fixed.to_owned()
    }

    /// The source text of a keyword or punctuation token.
    pub(crate) fn text(&self) -> &'static str {
        match self {
            TokenKind::True => "true",
            TokenKind::False => "false",
            TokenKind::Null => "null",
            TokenKind::In => "in",
            TokenKind::Plus => "+",
            TokenKind::Minus => "-",
            TokenKind::Star => "*",
            TokenKind::Slash => "/",
            TokenKind::Percent => "%",
            TokenKind::Bang => "!",
            TokenKind::Question => "?",
            TokenKind::Colon => ":",
            TokenKind::Comma => ",",
            TokenKind::Dot => ".",
            TokenKind::LParen => "(",
            TokenKind::RParen => ")",
            TokenKind::LBracket => "[",
            TokenKind::RBracket => "]",
            TokenKind::LBrace => "{",
            TokenKind::RBrace => "}",
            TokenKind::EqEq => "==",
            TokenKind::NotEq => "!=",
            TokenKind::Lt => "<",
            TokenKind::Le => "<=",
            TokenKind::Gt => ">",
            TokenKind::Ge => ">=",
            TokenKind::AndAnd => "&&",
            TokenKind::OrOr => "||",
            _ => "",
        }
    }
}

/// Produces the tokens of one expression text, one at a time.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str) -> Lexer<'a> {
        Lexer { text, bytes: text.as_bytes(), pos: 0 }
    }

    /// The next token; [`TokenKind::Eof`] forever once the text is consumed.
    #[inline(never)]
    pub(crate) fn next_token(&mut self, errors: &mut Vec<ParseError>) -> Token<'a> {
        self.skip_trivia();
        let start = self.pos;
        let kind = self.token_kind(errors);
        Token { kind, span: range(start, self.pos) }
    }

    fn skip_trivia(&mut self) {
        while let Some(&byte) = self.bytes.get(self.pos) {
            match byte {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' => self.pos += 1,
                b'/' if self.peek(1) == Some(b'/') => {
                    self.pos = match self.bytes[self.pos..].iter().position(|&b| b == b'\n') {
                        Some(offset) => self.pos + offset + 1,
                        None => self.bytes.len(),
                    };
                }
                _ => return,
            }
        }
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    fn token_kind(&mut self, errors: &mut Vec<ParseError>) -> TokenKind<'a> {
        let Some(&byte) = self.bytes.get(self.pos) else {
            return TokenKind::Eof;
        };
        let (kind, len) = match byte {
            b'0'..=b'9' => return self.number(errors),
            b'.' if self.peek(1).is_some_and(|b| b.is_ascii_digit()) => return self.number(errors),
            b'"' | b'\'' => return self.string(self.pos, false, false, errors),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => return self.ident_or_prefixed_string(errors),
            b'`' => return self.quoted_ident(errors),
            b'+' => (TokenKind::Plus, 1),
            b'-' => (TokenKind::Minus, 1),
            b'*' => (TokenKind::Star, 1),
            b'/' => (TokenKind::Slash, 1),
            b'%' => (TokenKind::Percent, 1),
            b'?' => (TokenKind::Question, 1),
            b':' => (TokenKind::Colon, 1),
            b',' => (TokenKind::Comma, 1),
            b'.' => (TokenKind::Dot, 1),
            b'(' => (TokenKind::LParen, 1),
            b')' => (TokenKind::RParen, 1),
            b'[' => (TokenKind::LBracket, 1),
            b']' => (TokenKind::RBracket, 1),
            b'{' => (TokenKind::LBrace, 1),
            b'}' => (TokenKind::RBrace, 1),
            b'!' if self.peek(1) == Some(b'=') => (TokenKind::NotEq, 2),
            b'!' => (TokenKind::Bang, 1),
            b'=' if self.peek(1) == Some(b'=') => (TokenKind::EqEq, 2),
            b'<' if self.peek(1) == Some(b'=') => (TokenKind::Le, 2),
            b'<' => (TokenKind::Lt, 1),
            b'>' if self.peek(1) == Some(b'=') => (TokenKind::Ge, 2),
            b'>' => (TokenKind::Gt, 1),
            b'&' if self.peek(1) == Some(b'&') => (TokenKind::AndAnd, 2),
            b'|' if self.peek(1) == Some(b'|') => (TokenKind::OrOr, 2),
            _ => return self.unexpected_character(errors),
        };
        self.pos += len;
        kind
    }

    fn unexpected_character(&mut self, errors: &mut Vec<ParseError>) -> TokenKind<'a> {
        let ch = self.text[self.pos..].chars().next().unwrap_or('\u{FFFD}');
        let start = self.pos;
        self.pos += ch.len_utf8();
        let span = range(start, self.pos);
        let error = match ch {
            '=' => ParseError::new(
                ParseErrorKind::UnexpectedCharacter,
                span,
                "unexpected character '='",
            )
            .with_help("use '==' to compare"),
            '&' | '|' => ParseError::new(
                ParseErrorKind::UnexpectedCharacter,
                span,
                format!("unexpected character '{ch}'"),
            )
            .with_help(format!("CEL's logical operator is '{ch}{ch}'")),
            _ => ParseError::new(
                ParseErrorKind::UnexpectedCharacter,
                span,
                format!("unexpected character {ch:?}"),
            ),
        };
        errors.push(error);
        TokenKind::Error
    }

    fn ident_or_prefixed_string(&mut self, errors: &mut Vec<ParseError>) -> TokenKind<'a> {
        let start = self.pos;
        // String prefixes: r, R, b, B, and b or B followed by r or R.
        let first = self.bytes[start];
        let is_quote = |b: Option<u8>| matches!(b, Some(b'"' | b'\''));
        match first {
            b'r' | b'R' if is_quote(self.peek(1)) => {
                return self.string(start + 1, true, false, errors);
            }
            b'b' | b'B' if is_quote(self.peek(1)) => {
                return self.string(start + 1, false, true, errors);
            }
            b'b' | b'B' if matches!(self.peek(1), Some(b'r' | b'R')) && is_quote(self.peek(2)) => {
                return self.string(start + 2, true, true, errors);
            }
            _ => {}
        }
        let len = self.bytes[start..]
            .iter()
            .position(|&b| !is_ident_byte(b))
            .unwrap_or(self.bytes.len() - start);
        self.pos = start + len;
        match &self.text[start..self.pos] {
            "true" => TokenKind::True,
            "false" => TokenKind::False,
            "null" => TokenKind::Null,
            "in" => TokenKind::In,
            name => TokenKind::Ident(name),
        }
    }

    fn quoted_ident(&mut self, errors: &mut Vec<ParseError>) -> TokenKind<'a> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.bytes.get(self.pos) {
                Some(b'`') => break,
                Some(b)
                    if b.is_ascii_alphanumeric()
                        || matches!(b, b'_' | b'.' | b'-' | b'/' | b' ') =>
                {
                    self.pos += 1;
                }
                Some(_) => {
                    let ch = self.text[self.pos..].chars().next().unwrap_or('\u{FFFD}');
                    let error = ParseError::new(
                        ParseErrorKind::UnexpectedCharacter,
                        range(self.pos, self.pos + ch.len_utf8()),
                        format!("unexpected character {ch:?} in quoted identifier"),
                    )
                    .with_help("a quoted identifier may hold letters, digits, '_', '.', '-', '/' and spaces");
                    errors.push(error);
                    self.pos += ch.len_utf8();
                    return TokenKind::Error;
                }
                None => {
                    errors.push(ParseError::new(
                        ParseErrorKind::UnterminatedLiteral,
                        range(start, self.pos),
                        "unterminated quoted identifier",
                    ));
                    return TokenKind::Error;
                }
            }
        }
        self.pos += 1;
        let name = &self.text[start + 1..self.pos - 1];
        if name.is_empty() {
            errors.push(ParseError::new(
                ParseErrorKind::UnexpectedToken,
                range(start, self.pos),
                "empty quoted identifier",
            ));
            return TokenKind::Error;
        }
        TokenKind::QuotedIdent(name)
    }
}

/// Whether `byte` may continue an identifier: `[_a-zA-Z0-9]`.
fn is_ident_byte(byte: u8) -> bool {
    const TABLE: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 256 {
            let b = byte as u8;
            table[byte] = b.is_ascii_alphanumeric() || b == b'_';
            byte += 1;
        }
        table
    };
    TABLE[byte as usize]
}

/// A `TextRange` from `usize` offsets; texts are at most `u32::MAX` bytes (the parser checks).
pub(crate) fn range(start: usize, end: usize) -> TextRange {
    span(start as u32, end as u32)
}

/// `TextRange::new`, inlined (it is not across crates); `end` is raised to `start` if smaller.
#[inline]
pub(crate) fn span(start: u32, end: u32) -> TextRange {
    TextRange { start, end: end.max(start) }
}

#[cfg(test)]
mod tests;
