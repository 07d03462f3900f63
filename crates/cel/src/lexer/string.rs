//! String and bytes literals: quotes, raw and triple-quoted forms, escapes.
//!
//! The contents are borrowed from the text unless they hold an escape (non-raw literals) or a
//! carriage return (every literal: `\r\n` and `\r` read as `\n`, as in cel-go).

use std::borrow::Cow;

use super::{Lexer, TokenKind, range};
use crate::error::{ParseError, ParseErrorKind};

/// Where the contents of a literal lie and what decoding they need.
struct Body {
    start: usize,
    end: usize,
    has_escape: bool,
    has_cr: bool,
}

impl<'a> Lexer<'a> {
    /// Lexes a literal whose opening quote is at `quote_pos`; the token started at `self.pos`.
    pub(super) fn string(
        &mut self,
        quote_pos: usize,
        raw: bool,
        bytes: bool,
        errors: &mut Vec<ParseError>,
    ) -> TokenKind<'a> {
        let token_start = self.pos;
        let quote = self.bytes[quote_pos];
        let triple = self.bytes.get(quote_pos + 1) == Some(&quote)
            && self.bytes.get(quote_pos + 2) == Some(&quote);
        let body_start = quote_pos + if triple { 3 } else { 1 };
        self.pos = body_start;
        let Some(body) = self.scan_body(body_start, quote, triple, raw) else {
            let what = if bytes { "bytes" } else { "string" };
            let closing = (quote as char).to_string().repeat(if triple { 3 } else { 1 });
            errors.push(
                ParseError::new(
                    ParseErrorKind::UnterminatedLiteral,
                    range(token_start, self.pos),
                    format!("unterminated {what} literal"),
                )
                .with_help(if triple {
                    format!("close it with {closing}")
                } else {
                    format!(
                        "close it with {closing} on the same line, or use a triple-quoted literal"
                    )
                }),
            );
            return TokenKind::Error;
        };
        let text = &self.text[body.start..body.end];
        let decode = !raw && body.has_escape;
        if bytes {
            if !decode && !body.has_cr {
                return TokenKind::Bytes(Cow::Borrowed(text.as_bytes()));
            }
            let mut out = Vec::with_capacity(text.len());
            decode_body(text, body.start, decode, true, &mut out, errors);
            TokenKind::Bytes(Cow::Owned(out))
        } else {
            if !decode && !body.has_cr {
                return TokenKind::String(Cow::Borrowed(text));
            }
            let mut out = Vec::with_capacity(text.len());
            decode_body(text, body.start, decode, false, &mut out, errors);
            // Only UTF-8 text and UTF-8 encoded code points went in.
            TokenKind::String(Cow::Owned(String::from_utf8(out).unwrap_or_default()))
        }
    }

    /// Finds the closing delimiter; leaves `self.pos` after it, or where scanning stopped.
    fn scan_body(&mut self, start: usize, quote: u8, triple: bool, raw: bool) -> Option<Body> {
        let mut body = Body { start, end: start, has_escape: false, has_cr: false };
        let mut pos = start;
        loop {
            let Some(&byte) = self.bytes.get(pos) else {
                self.pos = pos;
                return None;
            };
            match byte {
                b'\\' if !raw => {
                    body.has_escape = true;
                    // Skip the escaped byte so that `\'` does not close the literal; a line
                    // break is never escaped.
                    let next = self.bytes.get(pos + 1);
                    pos += if matches!(next, None | Some(b'\n' | b'\r')) { 1 } else { 2 };
                }
                b'\n' | b'\r' if !triple => {
                    self.pos = pos;
                    return None;
                }
                b'\r' => {
                    body.has_cr = true;
                    pos += 1;
                }
                _ if byte == quote => {
                    if !triple {
                        body.end = pos;
                        self.pos = pos + 1;
                        return Some(body);
                    }
                    if self.bytes.get(pos + 1) == Some(&quote)
                        && self.bytes.get(pos + 2) == Some(&quote)
                    {
                        body.end = pos;
                        self.pos = pos + 3;
                        return Some(body);
                    }
                    pos += 1;
                }
                _ => pos += 1,
            }
        }
    }
}

/// Decodes a literal body into `out`: UTF-8 text for strings, octets for bytes. With
/// `escapes` false only line breaks are normalised (raw literals).
fn decode_body(
    text: &str,
    base: usize,
    escapes: bool,
    bytes: bool,
    out: &mut Vec<u8>,
    errors: &mut Vec<ParseError>,
) {
    let input = text.as_bytes();
    let mut pos = 0;
    while pos < input.len() {
        let run = input[pos..].iter().position(|&b| b == b'\r' || (escapes && b == b'\\'));
        let run_end = run.map_or(input.len(), |offset| pos + offset);
        out.extend_from_slice(&input[pos..run_end]);
        pos = run_end;
        if pos == input.len() {
            break;
        }
        if input[pos] == b'\r' {
            out.push(b'\n');
            pos += if input.get(pos + 1) == Some(&b'\n') { 2 } else { 1 };
            continue;
        }
        match unescape(&text[pos + 1..], bytes) {
            Ok((value, len)) => {
                match value {
                    Unescaped::Byte(byte) => out.push(byte),
                    Unescaped::Char(ch) => {
                        out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                }
                pos += 1 + len;
            }
            Err(EscapeError { len, message, help }) => {
                let span = range(base + pos, base + pos + 1 + len);
                errors.push(
                    ParseError::new(ParseErrorKind::InvalidEscape, span, message).with_help(help),
                );
                pos += 1 + len;
            }
        }
    }
}

enum Unescaped {
    Char(char),
    Byte(u8),
}

struct EscapeError {
    /// Bytes after the backslash that belong to the bad escape.
    len: usize,
    message: String,
    help: &'static str,
}

const ESCAPES_HELP: &str = "CEL escapes are \\a \\b \\f \\n \\r \\t \\v \\\\ \\' \\\" \\` \\?, \\xHH, \\uHHHH, \
    \\UHHHHHHHH and octal \\000 to \\377; a raw literal (r'...') keeps backslashes as they are";

/// Decodes the escape after a backslash; `rest` starts after the backslash. Returns the value
/// and how many bytes of `rest` it used.
fn unescape(rest: &str, bytes: bool) -> Result<(Unescaped, usize), EscapeError> {
    let Some(first) = rest.chars().next() else {
        return Err(EscapeError {
            len: 0,
            message: "invalid escape sequence: '\\' at the end of the literal".to_owned(),
            help: ESCAPES_HELP,
        });
    };
    let simple = match first {
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        'f' => Some('\x0C'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\x0B'),
        '\\' | '?' | '"' | '\'' | '`' => Some(first),
        _ => None,
    };
    if let Some(ch) = simple {
        return Ok((Unescaped::Char(ch), 1));
    }
    let input = rest.as_bytes();
    let (digits, radix) = match first {
        'x' | 'X' => (2, 16),
        'u' => (4, 16),
        'U' => (8, 16),
        '0'..='3' => (3, 8),
        _ => {
            return Err(EscapeError {
                len: first.len_utf8(),
                message: format!("invalid escape sequence \\{first}"),
                help: ESCAPES_HELP,
            });
        }
    };
    let skip = usize::from(radix == 16);
    let available =
        input[skip..].iter().take(digits).take_while(|b| (**b as char).is_digit(radix)).count();
    if available < digits {
        let len = skip + available;
        let what = if radix == 16 { "hexadecimal" } else { "octal" };
        return Err(EscapeError {
            len: len.max(1),
            message: format!(
                "invalid escape sequence \\{}: expected {digits} {what} digits",
                &rest[..len.max(1)]
            ),
            help: ESCAPES_HELP,
        });
    }
    let len = skip + digits;
    let value = u32::from_str_radix(&rest[skip..len], radix).unwrap_or(0);
    if matches!(first, 'u' | 'U') && bytes {
        return Err(EscapeError {
            len,
            message: format!("invalid escape sequence \\{} in a bytes literal", &rest[..len]),
            help: "bytes literals take \\xHH and octal escapes; \\u and \\U only appear in strings",
        });
    }
    if bytes {
        // \xHH and \ooo (at most \377) are octets.
        return Ok((Unescaped::Byte(value as u8), len));
    }
    match char::from_u32(value) {
        Some(ch) => Ok((Unescaped::Char(ch), len)),
        None => Err(EscapeError {
            len,
            message: format!("invalid unicode code point \\{}", &rest[..len]),
            help: "surrogates (U+D800 to U+DFFF) and values above U+10FFFF are no code points",
        }),
    }
}
