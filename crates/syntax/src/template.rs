//! Splitting template strings into literal text and `${...}` interpolations
//! (spec/templates.md §1).
//!
//! The scanner works on the decoded string value; every range it returns is a byte range of that
//! value, which the caller maps back to the file with the scalar's
//! [`crate::yaml::ScalarMap`].
//! An interpolation extends to the `}` that balances its `${`: braces inside CEL string literals
//! (quoted, raw, triple-quoted, bytes) do not count, and nested `{...}` map literals are balanced.
//! `$${` is a literal `${`; a `$` not followed by `{` is literal.

use switchyard_diagnostics::TextRange;

/// One piece of a template string.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum TemplatePart {
    /// Literal text (with `$${` already turned into `${`).
    Literal {
        /// The text.
        text: String,
        /// The decoded range it was read from (including both `$` of a `$${`).
        range: TextRange,
    },
    /// An interpolation `${ expr }`.
    Expr {
        /// The expression's source: the text between `${` and `}`.
        source: String,
        /// The decoded range of the expression text, between `${` and `}`.
        range: TextRange,
        /// The decoded range of the whole interpolation, `${` and `}` included.
        whole: TextRange,
    },
}

/// A malformed interpolation.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TemplateError {
    /// The decoded range of the problem.
    pub range: TextRange,
    /// Terse, lower-case message.
    pub message: String,
    /// Label for the range.
    pub label: String,
    /// How to fix it.
    pub help: String,
}

/// Splits a decoded template string into literal text and interpolations; never fails.
///
/// An unterminated `${` is reported from `${` to the end of the text, which is then kept as
/// literal text; an empty or blank `${ }` is reported and dropped.
pub fn split_template(text: &str) -> (Vec<TemplatePart>, Vec<TemplateError>) {
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    let mut literal = String::new();
    let mut literal_start = 0;
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        if bytes[pos] != b'$' {
            let len = text[pos..].chars().next().map_or(1, char::len_utf8);
            literal.push_str(&text[pos..pos + len]);
            pos += len;
            continue;
        }
        if text[pos..].starts_with("$${") {
            literal.push_str("${");
            pos += 3;
            continue;
        }
        if !text[pos..].starts_with("${") {
            literal.push('$');
            pos += 1;
            continue;
        }
        let Some(close) = find_close(text, pos + 2) else {
            errors.push(TemplateError {
                range: range(pos, text.len()),
                message: "unterminated `${`".to_owned(),
                label: "this interpolation is never closed".to_owned(),
                help: "close the interpolation with `}`, or write `$${` for a literal `${`"
                    .to_owned(),
            });
            literal.push_str(&text[pos..]);
            pos = text.len();
            continue;
        };
        flush(&mut parts, &mut literal, literal_start, pos);
        let source = &text[pos + 2..close];
        if source.trim().is_empty() {
            errors.push(TemplateError {
                range: range(pos, close + 1),
                message: "empty interpolation".to_owned(),
                label: "no expression between `${` and `}`".to_owned(),
                help: "write an expression inside `${...}`, or `$${` for a literal `${`".to_owned(),
            });
        } else {
            parts.push(TemplatePart::Expr {
                source: source.to_owned(),
                range: range(pos + 2, close),
                whole: range(pos, close + 1),
            });
        }
        pos = close + 1;
        literal_start = pos;
    }
    flush(&mut parts, &mut literal, literal_start, text.len());
    (parts, errors)
}

fn flush(parts: &mut Vec<TemplatePart>, literal: &mut String, start: usize, end: usize) {
    if start < end {
        parts.push(TemplatePart::Literal {
            text: std::mem::take(literal),
            range: range(start, end),
        });
    }
}

fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(start as u32, end as u32)
}

/// The offset of the `}` closing an interpolation whose expression starts at `start`.
fn find_close(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut pos = start;
    while pos < bytes.len() {
        match bytes[pos] {
            b'{' => depth += 1,
            b'}' if depth == 0 => return Some(pos),
            b'}' => depth -= 1,
            b'\'' | b'"' => {
                pos = string_end(bytes, pos, string_prefix(bytes, start, pos))?;
                continue;
            }
            _ => {}
        }
        pos += 1;
    }
    None
}

/// Whether the string literal whose quote is at `quote` is raw (`r'..'`, `br'..'`, `Rb'..'`).
fn string_prefix(bytes: &[u8], start: usize, quote: usize) -> bool {
    let prefix_start = bytes[start..quote]
        .iter()
        .rposition(|b| !b.is_ascii_alphanumeric() && *b != b'_')
        .map_or(start, |idx| start + idx + 1);
    let prefix = &bytes[prefix_start..quote];
    prefix.len() <= 2
        && prefix.iter().any(|b| matches!(b, b'r' | b'R'))
        && prefix.iter().all(|b| matches!(b, b'r' | b'R' | b'b' | b'B'))
}

/// The offset just after the CEL string literal whose opening quote is at `quote`; `None` if it
/// is not closed.
fn string_end(bytes: &[u8], quote: usize, raw: bool) -> Option<usize> {
    let delim = bytes[quote];
    let triple = bytes.get(quote..quote + 3) == Some(&[delim; 3][..]);
    let (mut pos, close_len) = if triple { (quote + 3, 3) } else { (quote + 1, 1) };
    while pos < bytes.len() {
        let byte = bytes[pos];
        if byte == b'\\' && !raw {
            pos += 2;
            continue;
        }
        if byte == delim && (!triple || bytes.get(pos..pos + 3) == Some(&[delim; 3][..])) {
            return Some(pos + close_len);
        }
        if !triple && (byte == b'\n' || byte == b'\r') {
            return None;
        }
        pos += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;

    /// Renders parts as `[literal]` and `{expr}`, errors as `!message@start..end`.
    #[track_caller]
    fn check(text: &str, expected: &str) {
        let (parts, errors) = split_template(text);
        let mut out = String::new();
        for part in &parts {
            match part {
                TemplatePart::Literal { text: literal, range } => {
                    assert!(range.end as usize <= text.len());
                    write!(out, "[{literal}]").unwrap();
                }
                TemplatePart::Expr { source, range, whole } => {
                    assert_eq!(&text[range.to_usize()], source);
                    assert!(text[whole.to_usize()].starts_with("${"));
                    assert!(text[whole.to_usize()].ends_with('}'));
                    write!(out, "{{{source}}}").unwrap();
                }
            }
        }
        for error in &errors {
            write!(out, " !{}@{:?}", error.message, error.range).unwrap();
        }
        assert_eq!(out, expected);
    }

    #[test]
    fn literals_and_expressions() {
        check("prefix ${a} mid ${b} end", "[prefix ]{a}[ mid ]{b}[ end]");
        check("${a}", "{a}");
        check("${a}${b}", "{a}{b}");
        check("", "");
        check("plain", "[plain]");
        check("é ${'😀'} ü", "[é ]{'😀'}[ ü]");
    }

    #[test]
    fn dollars() {
        check("$${x}", "[${x}]");
        // Read left to right: `$` then `$${`.
        check("a $$${x}", "[a $${x}]");
        check("a $ ${x}", "[a $ ]{x}");
        check("$1 and $ and $", "[$1 and $ and $]");
        check("cost: $5", "[cost: $5]");
    }

    #[test]
    fn braces_in_strings_and_maps() {
        check("${ {'a': 1}['a'] }", "{ {'a': 1}['a'] }");
        check("${'}'}", "{'}'}");
        check("${\"}\"}", "{\"}\"}");
        check(r"${'\'}'}", r"{'\'}'}");
        check(r#"${"a\"}"}"#, r#"{"a\"}"}"#);
        check("${r'\\'}", "{r'\\'}");
        check("${R\"\\\"}", "{R\"\\\"}");
        check("${b'}'} x", "{b'}'}[ x]");
        check("${br'\\'}", "{br'\\'}");
        check("${'''a'}'b'''}", "{'''a'}'b'''}");
        check("${\"\"\"}\n\"\"\"}", "{\"\"\"}\n\"\"\"}");
        check("${{'a': {'b': '}'}}}", "{{'a': {'b': '}'}}}");
        check("${ m.filter(x, x.id == 'a}') }", "{ m.filter(x, x.id == 'a}') }");
    }

    #[test]
    fn errors() {
        check("${}", " !empty interpolation@0..3");
        check("a ${  } b", "[a ][ b] !empty interpolation@2..7");
        check("x ${a", "[x ${a] !unterminated `${`@2..5");
        check("${'}", "[${'}] !unterminated `${`@0..4");
        check("${\"}\"", "[${\"}\"] !unterminated `${`@0..5");
        check("${ {'a': 1 }", "[${ {'a': 1 }] !unterminated `${`@0..12");
        check("${a} ${", "{a}[ ${] !unterminated `${`@5..7");
    }

    #[test]
    fn ranges() {
        let (parts, _) = split_template("ab ${ x } $${c}");
        assert_eq!(
            parts,
            [
                TemplatePart::Literal { text: "ab ".into(), range: TextRange::new(0, 3) },
                TemplatePart::Expr {
                    source: " x ".into(),
                    range: TextRange::new(5, 8),
                    whole: TextRange::new(3, 9),
                },
                TemplatePart::Literal { text: " ${c}".into(), range: TextRange::new(9, 15) },
            ]
        );
    }
}
