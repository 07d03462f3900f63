//! Translation of saphyr's parse errors into `SY0001` diagnostics.
//!
//! saphyr reports errors as a marker and a message in libyaml's words ("while parsing a block
//! mapping, did not find expected key").
//! Known messages are turned into terse messages with a precise label and a help; the place is
//! corrected where saphyr points at the start of a scalar rather than at the problem.

use saphyr_parser::ScanError;
use switchyard_diagnostics::{Diagnostic, FileId, Span, TextRange};

use super::errors::{quote_suggestion, yaml_error};
use super::rescan_flow::{decode_escape, is_break, rescan_quoted};
use super::source::{char_at, line_end, line_start, range};

/// What the parser was inside when the error happened.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ErrorContext {
    /// The innermost open flow collection: its `[` or `{`.
    pub(crate) open_flow: Option<TextRange>,
}

/// The diagnostic for a saphyr error at byte offset `pos`.
pub(crate) fn scan_error(
    text: &str,
    file: FileId,
    error: &ScanError,
    pos: usize,
    ctx: ErrorContext,
) -> Diagnostic {
    let info = error.info();
    if let Some(diagnostic) = bang_expression(text, file, pos) {
        return diagnostic;
    }
    let at = char_at(text, pos);
    if info.contains("tab") {
        let help = "indent with spaces";
        return yaml_error(
            file,
            find_tab(text, pos),
            "tabs are not allowed in indentation",
            "tab",
            help,
        );
    }
    if info.starts_with("while parsing a quoted scalar") {
        return escape_error(text, file, pos);
    }
    if info.starts_with("while scanning a quoted scalar")
        || info == "invalid indentation in quoted scalar"
    {
        return quote_error(text, file, pos, info);
    }
    let at_end = text[pos.min(text.len())..].trim().is_empty();
    if let Some(open) = ctx.open_flow.filter(|_| at_end) {
        let close = if &text[open.to_usize()] == "[" { ']' } else { '}' };
        return unclosed_flow(file, at, ctx, close);
    }
    let token = word_at(text, pos);
    let diagnostic = match info {
        "while parsing a block mapping, did not find expected key" => yaml_error(
            file,
            token,
            "bad indentation",
            "expected a key aligned with the keys above",
            "indent this line like the other keys of its mapping, or deeper under a key",
        ),
        "while parsing a block collection, did not find expected '-' indicator" => yaml_error(
            file,
            token,
            "bad indentation",
            "expected a `- ` list item",
            "start every item of the list with `- ` at the same indentation",
        ),
        "mapping values are not allowed in this context" => yaml_error(
            file,
            at,
            "unexpected `:` in a value",
            "`: ` here starts a mapping value",
            "quote the value if it contains `: ` (write \"...\"), or put the nested mapping on \
             its own, more indented line",
        ),
        "while parsing a flow sequence, expected ',' or ']'" => unclosed_flow(file, at, ctx, ']'),
        "while parsing a flow mapping, did not find expected ',' or '}'" => {
            unclosed_flow(file, at, ctx, '}')
        }
        "while parsing node, found unknown anchor" => {
            let name = text[token.to_usize()].trim_start_matches('*');
            super::errors::unknown_alias(file, name, token)
        }
        "recursion limit exceeded" => super::errors::too_deep(file, at),
        "invalid trailing content after double-quoted scalar" => yaml_error(
            file,
            TextRange::new(at.start, line_end(text, pos) as u32),
            "unexpected text after a quoted string",
            "after the closing quote",
            "quote the whole value, or move this text inside the quotes",
        ),
        "while scanning a block scalar, did not find expected comment or line break" => yaml_error(
            file,
            at,
            "unexpected text after a block scalar indicator",
            "`|` or `>` starts a block scalar",
            "start the text on the next line, or quote the value",
        ),
        _ if info.starts_with("unexpected character") => {
            let ch = &text[at.to_usize()];
            let help = format!("quote the value: write \"{ch}…\"");
            yaml_error(
                file,
                at,
                format!("a value cannot start with `{ch}`"),
                "reserved character",
                help,
            )
        }
        "illegal placement of ':' indicator" => yaml_error(
            file,
            at,
            "unexpected `:`",
            "a `:` cannot start here",
            "quote the value if it contains `:`",
        ),
        _ => {
            let message = info
                .rsplit(", ")
                .next()
                .unwrap_or(info)
                .replace("did not find expected", "expected");
            yaml_error(file, at, message, "here", "check the YAML syntax at this position")
        }
    };
    match ctx.open_flow {
        Some(open) if !diagnostic.labels.iter().any(|label| !label.primary) => {
            let bracket = &text[open.to_usize()];
            let help = format!("inside the `{bracket}` opened here");
            diagnostic.with_secondary(Span::new(file, open), help)
        }
        _ => diagnostic,
    }
}

/// The word at `pos`: up to a blank, a flow indicator or a `:` that ends a key.
fn word_at(text: &str, pos: usize) -> TextRange {
    let bytes = text.as_bytes();
    let mut end = pos;
    while end < bytes.len() {
        match bytes[end] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}' => break,
            b':' if end > pos && bytes.get(end + 1).is_none_or(u8::is_ascii_whitespace) => break,
            _ => end += 1,
        }
    }
    if end == pos { char_at(text, pos) } else { range(pos, end) }
}

/// An unquoted `!` expression on the error's line: YAML read it as a tag and failed on the rest.
fn bang_expression(text: &str, file: FileId, pos: usize) -> Option<Diagnostic> {
    let start = line_start(text, pos);
    let end = line_end(text, pos);
    let line = &text[start..end];
    let mut prev = b' ';
    let mut prev_nonblank = None;
    for (idx, byte) in line.bytes().enumerate() {
        if byte == b'!' && prev == b' ' && matches!(prev_nonblank, None | Some(b'-' | b':' | b'?'))
        {
            if start + idx > pos {
                return None;
            }
            let written = line[idx..].trim_end();
            let help = format!(
                "an expression starting with `!` must be quoted: write {}",
                quote_suggestion(written)
            );
            let span = range(start + idx, start + idx + written.len());
            let label = "YAML reads `!` as the start of a tag";
            return Some(yaml_error(
                file,
                span,
                "unquoted expression starting with `!`",
                label,
                help,
            ));
        }
        if byte == b'"' || byte == b'\'' || byte == b'#' {
            return None;
        }
        if byte != b' ' {
            prev_nonblank = Some(byte);
        }
        prev = byte;
    }
    None
}

/// The first tab used as indentation on the line of `pos` or after it.
fn find_tab(text: &str, pos: usize) -> TextRange {
    let mut start = line_start(text, pos);
    while start < text.len() {
        let end = line_end(text, start);
        let indent = &text[start..end];
        let blanks = indent.len() - indent.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = indent[..blanks].find('\t') {
            let tabs = indent[tab..blanks].trim_end_matches(' ').len();
            return range(start + tab, start + tab + tabs);
        }
        start = end + usize::from(end < text.len());
    }
    char_at(text, pos)
}

/// An unclosed quote or a badly indented continuation line; `pos` is the opening quote.
fn quote_error(text: &str, file: FileId, pos: usize, info: &str) -> Diagnostic {
    let quote = &text[char_at(text, pos).to_usize()];
    let double = quote == "\"";
    let closed = rescan_quoted(text, pos, double).map(|res| res.end);
    let at = char_at(text, pos);
    let kind = if double { "double" } else { "single" };
    match closed {
        Some(_) if info.contains("indentation") => yaml_error(
            file,
            at,
            "quoted string continues on a line that is not indented enough",
            "string starts here",
            "indent the continuation lines more than the key, or close the quote on this line",
        ),
        Some(end) if !info.contains("document indicator") || end <= line_end(text, pos) => {
            yaml_error(
                file,
                at,
                format!("invalid {kind}-quoted string"),
                "string starts here",
                "check the quoting",
            )
        }
        _ => yaml_error(
            file,
            at,
            format!("unclosed {kind} quote"),
            "this quote is never closed",
            format!("add the closing `{quote}` at the end of the value"),
        ),
    }
}

/// The first invalid escape in the double-quoted scalar opening at `pos`.
fn escape_error(text: &str, file: FileId, pos: usize) -> Diagnostic {
    let bytes = text.as_bytes();
    let mut idx = pos + 1;
    while idx < bytes.len() && bytes[idx] != b'"' {
        if bytes[idx] != b'\\' {
            idx += 1;
            continue;
        }
        if bytes.get(idx + 1).copied().is_some_and(is_break) {
            idx += 2;
            continue;
        }
        if let Some((_, len)) = decode_escape(text, idx) {
            idx += len;
            continue;
        }
        let next = char_at(text, idx + 1);
        let digits = match &text[next.to_usize()] {
            "x" => 2,
            "u" => 4,
            "U" => 8,
            _ => 0,
        };
        let hex = text[next.end as usize..]
            .bytes()
            .take(digits)
            .take_while(u8::is_ascii_hexdigit)
            .count();
        let span = TextRange::new(idx as u32, next.end + hex as u32);
        let written = &text[span.to_usize()];
        let (label, help) = if digits == 0 {
            (
                "unknown escape",
                format!(
                    "inside double quotes `\\` starts an escape: write `\\{written}` for a literal \
                     `{written}`, or use single quotes or a block scalar"
                ),
            )
        } else if hex < digits {
            ("too few hex digits", "`\\x` takes 2 hex digits, `\\u` 4 and `\\U` 8".to_owned())
        } else {
            (
                "not a Unicode scalar value",
                "escape a code point outside the surrogate range".to_owned(),
            )
        };
        return yaml_error(file, span, format!("invalid escape sequence `{written}`"), label, help);
    }
    yaml_error(
        file,
        char_at(text, pos),
        "invalid escape sequence",
        "in this string",
        "check the escapes",
    )
}

fn unclosed_flow(file: FileId, at: TextRange, ctx: ErrorContext, close: char) -> Diagnostic {
    let (kind, open) = if close == ']' { ("list", '[') } else { ("mapping", '{') };
    let help = format!("separate the entries with `,` and close the {kind} with `{close}`");
    let diagnostic = yaml_error(
        file,
        at,
        format!("expected `,` or `{close}`"),
        format!("the {kind} is not closed before this"),
        help,
    );
    match ctx.open_flow {
        Some(range) => {
            diagnostic.with_secondary(Span::new(file, range), format!("`{open}` opened here"))
        }
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_are_found_on_later_lines() {
        assert_eq!(find_tab("a:\n  b: 1\n\tc: 2\n", 8), range(10, 11));
        assert_eq!(find_tab("a:\n \t\tb: 1\n", 3), range(4, 6));
    }

    #[test]
    fn bang_expressions() {
        let text = "- !a || b\n";
        let diagnostic = bang_expression(text, FileId(0), 5).unwrap();
        assert_eq!(
            diagnostic.help.as_deref(),
            Some("an expression starting with `!` must be quoted: write \"!a || b\"")
        );
        assert!(bang_expression("- 'x !a'\n", FileId(0), 5).is_none());
        assert!(bang_expression("- a !b\n", FileId(0), 5).is_none());
    }
}
