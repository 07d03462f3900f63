//! Building a scalar node from a saphyr scalar event: its exact span and its source map.
//!
//! saphyr's scalar spans start at the node's properties and are fixed up here:
//! - a quoted scalar's span runs past the closing quote over trailing blanks and comments: it is
//!   cut after the closing quote;
//! - a block scalar's span starts at its first content character (or, without content, at the
//!   next token) and ends after the trailing empty lines and the next line's indentation: it is
//!   moved to start at the `|` or `>` indicator and to end with the last content line;
//! - an empty plain scalar (a missing value) gets the span of the `:` or token next to it: it is
//!   made empty.

use super::node::{Scalar, ScalarStyle};
use super::rescan_block::{parse_header, rescan_block};
use super::rescan_flow::{Rescanned, rescan_plain, rescan_quoted};
use super::scalar_map::{ScalarMap, ScalarMapBuilder};
use super::source::{Properties, find_block_indicator};

/// Where a scalar event was written.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScalarSite {
    /// Byte range of saphyr's span.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Column (in characters) of saphyr's span start.
    pub(crate) start_column: usize,
    /// The node's properties, if it has any.
    pub(crate) props: Option<Properties>,
    /// End of the token before this scalar.
    pub(crate) cursor: usize,
}

/// The scalar and the byte range the node covers.
pub(crate) fn build_scalar(
    text: &str,
    value: String,
    style: saphyr_parser::ScalarStyle,
    site: ScalarSite,
) -> (Scalar, usize, usize) {
    let content = site.props.map_or(site.start, |props| props.content);
    let (style, rescanned, span_start) = match style {
        saphyr_parser::ScalarStyle::Plain => {
            if value.is_empty() {
                // A missing value gets the span of the `:` before it, or of the next token.
                let at = if site.props.is_some() {
                    site.end
                } else if text.as_bytes().get(site.start) == Some(&b':') {
                    site.start + 1
                } else {
                    site.start
                };
                let map = ScalarMapBuilder::new(at as u32).finish();
                let start = if site.props.is_some() { site.start } else { at };
                return (Scalar { value, style: ScalarStyle::Plain, map }, start, at);
            }
            if let Some(map) = copied_plain(text, content, site.end, &value) {
                return (Scalar { value, style: ScalarStyle::Plain, map }, site.start, site.end);
            }
            (ScalarStyle::Plain, Some(rescan_plain(text, content, site.end)), site.start)
        }
        saphyr_parser::ScalarStyle::SingleQuoted | saphyr_parser::ScalarStyle::DoubleQuoted => {
            let double = style == saphyr_parser::ScalarStyle::DoubleQuoted;
            let style = if double { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
            if let Some((map, end)) = copied_quoted(text, content, double, &value) {
                return (Scalar { value, style, map }, site.start, end);
            }
            (style, rescan_quoted(text, content, double), site.start)
        }
        saphyr_parser::ScalarStyle::Literal | saphyr_parser::ScalarStyle::Folded => {
            let style = if style == saphyr_parser::ScalarStyle::Literal {
                ScalarStyle::Literal
            } else {
                ScalarStyle::Folded
            };
            let (from, limit) = match site.props {
                Some(props) => (props.content, site.end),
                None => (site.cursor, site.start),
            };
            let indicator = find_block_indicator(text, from, limit);
            let rescanned = indicator.and_then(|at| rescan_block_matching(text, at, &value, &site));
            let start =
                if site.props.is_some() { site.start } else { indicator.unwrap_or(site.start) };
            (style, rescanned, start)
        }
    };
    match rescanned {
        Some(res) if res.value == value => {
            (Scalar { value, style, map: res.map }, span_start, res.end)
        }
        _ => {
            // The re-scan disagrees with the parser: keep every offset inside the node.
            let mut builder = ScalarMapBuilder::new(content as u32);
            builder.atomic(value.len() as u32, content as u32, 0);
            let map: ScalarMap = builder.finish();
            (Scalar { value, style, map }, span_start, site.end.max(span_start))
        }
    }
}

/// The map of a plain scalar written on one line at `start..end` exactly as its value: the
/// value copied from `start`, which is what `rescan_plain` finds there, without re-scanning.
fn copied_plain(text: &str, start: usize, end: usize, value: &str) -> Option<ScalarMap> {
    let written = text.get(start..end)?;
    let copied = !written.ends_with([' ', '\t'])
        && written == value
        && !contains_any(value.as_bytes(), [b'\n', b'\r', b'\n', b'\r']);
    copied.then(|| ScalarMap::literal(start as u32, value.len() as u32))
}

/// The map and end of a quoted scalar opened at `open` and written on one line without escapes,
/// exactly as its value: the value copied from after the quote, which is what `rescan_quoted`
/// finds there, without re-scanning.
fn copied_quoted(text: &str, open: usize, double: bool, value: &str) -> Option<(ScalarMap, usize)> {
    let quote = if double { b'"' } else { b'\'' };
    let start = open + 1;
    let close = start + value.len();
    let bytes = text.as_bytes();
    let closed = bytes.get(close) == Some(&quote)
        && (double || bytes.get(close + 1) != Some(&b'\''))
        && text.get(start..close) == Some(value);
    let special = [quote, b'\n', b'\r', if double { b'\\' } else { quote }];
    (closed && !contains_any(value.as_bytes(), special))
        .then(|| (ScalarMap::literal(start as u32, value.len() as u32), close + 1))
}

/// Whether `bytes` holds one of the `needles`, tested eight bytes at a time.
fn contains_any(bytes: &[u8], needles: [u8; 4]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Exactly the words with a zero byte have a high bit set here.
    let has_zero_byte = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        if needles.iter().any(|&needle| has_zero_byte(word ^ (ONES * u64::from(needle)))) {
            return true;
        }
    }
    chunks.remainder().iter().any(|byte| needles.contains(byte))
}

/// Re-scans the block scalar at `indicator`, finding the indentation that gives saphyr's value.
fn rescan_block_matching(
    text: &str,
    indicator: usize,
    value: &str,
    site: &ScalarSite,
) -> Option<Rescanned> {
    let header = parse_header(text, indicator)?;
    if value.bytes().all(|b| b == b'\n') {
        return Some(rescan_block(text, &header, None));
    }
    // Without properties saphyr's span starts on the first content line, at the indentation.
    let mut candidates = Vec::new();
    if site.props.is_none() {
        candidates.push(site.start_column);
    }
    let first_line = text[header.body_start.min(text.len())..]
        .split('\n')
        .find(|line| !line.trim_start_matches(' ').trim_end_matches('\r').is_empty());
    let detected = first_line.map_or(0, |line| line.len() - line.trim_start_matches(' ').len());
    candidates.extend((detected.saturating_sub(12)..=detected).rev());
    let mut last = None;
    for indent in candidates {
        let res = rescan_block(text, &header, Some(indent));
        if res.value == value {
            return Some(res);
        }
        last = Some(res);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_special_bytes_anywhere() {
        let needles = [b'\n', b'\r', b'"', b'\\'];
        let text = "abcdefghijklmnopqrstuvwxyz0123456789";
        assert!(!contains_any(text.as_bytes(), needles));
        for at in 0..text.len() {
            for needle in needles {
                let mut bytes = text.as_bytes().to_vec();
                bytes[at] = needle;
                assert!(contains_any(&bytes, needles), "{at} {needle}");
            }
        }
        // Bytes next to the needles are not mistaken for them.
        assert!(!contains_any("\x0b\x0c\x0e\t !#[]\u{e9}\u{a0a}".as_bytes(), needles));
        assert!(!contains_any(b"", needles));
    }
}
