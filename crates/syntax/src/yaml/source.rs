//! Small scanners over the raw text: node properties, block scalar indicators, tokens.
//!
//! saphyr's event spans start at a node's properties (anchor, tag) and, for block scalars, at
//! the first content line; these scanners find what the spans leave out.

use switchyard_diagnostics::TextRange;

/// The properties written before a node's content.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Properties {
    pub(crate) tag: Option<TextRange>,
    /// Where the content starts (after the properties and the whitespace behind them).
    pub(crate) content: usize,
}

/// Scans the anchor and tag starting at `start`, stopping at `limit`.
pub(crate) fn scan_properties(text: &str, start: usize, limit: usize) -> Properties {
    let bytes = text.as_bytes();
    let limit = limit.min(bytes.len());
    let mut props = Properties { tag: None, content: start };
    let mut pos = start;
    for _ in 0..2 {
        match bytes.get(pos) {
            Some(b'&') if pos < limit => pos = token_end(bytes, pos),
            Some(b'!') if pos < limit => {
                let end = tag_end(bytes, pos);
                props.tag = Some(range(pos, end));
                pos = end;
            }
            _ => break,
        }
        pos = skip_separation(bytes, pos, limit);
        props.content = pos;
    }
    props
}

/// The end of the anchor, alias or tag token at `pos`.
fn token_end(bytes: &[u8], pos: usize) -> usize {
    let len = bytes[pos + 1..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || matches!(b, b',' | b'[' | b']' | b'{' | b'}'))
        .unwrap_or(bytes.len() - pos - 1);
    pos + 1 + len
}

fn tag_end(bytes: &[u8], pos: usize) -> usize {
    if bytes.get(pos + 1) == Some(&b'<')
        && let Some(len) = bytes[pos..].iter().position(|&b| b == b'>')
    {
        return pos + len + 1;
    }
    token_end(bytes, pos)
}

/// Skips blanks, line breaks and comments, up to `limit`.
pub(crate) fn skip_separation(bytes: &[u8], mut pos: usize, limit: usize) -> usize {
    while pos < limit {
        match bytes[pos] {
            b' ' | b'\t' | b'\n' | b'\r' => pos += 1,
            b'#' => {
                while pos < limit && !matches!(bytes[pos], b'\n' | b'\r') {
                    pos += 1;
                }
            }
            _ => break,
        }
    }
    pos
}

/// Finds the `|` or `>` of a block scalar between `from` (the end of the previous token) and
/// `limit` (where saphyr says the content starts).
pub(crate) fn find_block_indicator(text: &str, from: usize, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let limit = limit.min(bytes.len());
    let mut pos = from;
    loop {
        pos = skip_separation(bytes, pos, limit);
        if text[pos..].starts_with('\u{feff}') {
            pos += 3;
            continue;
        }
        let marker = bytes.get(pos..pos + 3);
        if (marker == Some(b"---") || marker == Some(b"...")) && pos + 3 <= limit {
            pos += 3;
            continue;
        }
        match bytes.get(pos) {
            Some(b'|' | b'>') if pos <= limit => return Some(pos),
            Some(b'-' | b'?' | b':') if pos < limit => pos += 1,
            _ => return None,
        }
    }
}

/// The range of the character at `pos` (empty at the end of the text).
pub(crate) fn char_at(text: &str, pos: usize) -> TextRange {
    let len = text.get(pos..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
    range(pos, pos + len)
}

/// The start of the line containing `pos`.
pub(crate) fn line_start(text: &str, pos: usize) -> usize {
    text.as_bytes()[..pos.min(text.len())]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |at| at + 1)
}

/// The end of the line containing `pos` (before its break).
pub(crate) fn line_end(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    text.as_bytes()[pos..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |len| pos + len)
}

pub(crate) fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(start as u32, end as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties() {
        let text = "- &a !!str x";
        let props = scan_properties(text, 2, text.len());
        assert_eq!(props.tag, Some(range(5, 10)));
        assert_eq!(props.content, 11);
        let text = "- !has(req.x)";
        let props = scan_properties(text, 2, text.len());
        assert_eq!(props.tag, Some(range(2, 13)));
        assert_eq!(props.content, 13);
        let text = "[!<tag:yaml.org,2002:str> a]";
        assert_eq!(scan_properties(text, 1, text.len()).tag, Some(range(1, 25)));
    }

    #[test]
    fn block_indicators() {
        assert_eq!(find_block_indicator("k: |\n  x", 1, 7), Some(3));
        assert_eq!(find_block_indicator("- # c |\n  >-\n   x", 0, 16), Some(10));
        assert_eq!(find_block_indicator("k: x |", 1, 6), None);
    }

    #[test]
    fn lines() {
        assert_eq!((line_start("a\nbc\n", 3), line_end("a\nbc\n", 3)), (2, 4));
    }
}
