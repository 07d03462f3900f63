//! Re-scanning of block scalars (`|` literal and `>` folded) to build their source maps.
//!
//! The rules follow YAML 1.2 §8.1 as the saphyr scanner implements them: the header holds the
//! indicator, an optional chomping indicator (`-` strip, `+` keep) and an optional indentation
//! indicator; content lines lose their indentation; a folded scalar joins two adjacent lines that
//! do not start with whitespace with a space (or with the empty lines between them); chomping
//! decides what happens to the final line break and trailing empty lines.

use super::rescan_flow::{Rescanned, break_len, is_break};
use super::scalar_map::ScalarMapBuilder;

/// What to do with the final line break and trailing empty lines.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Chomping {
    Strip,
    Clip,
    Keep,
}

/// The header line of a block scalar.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BlockHeader {
    pub(crate) literal: bool,
    pub(crate) chomping: Chomping,
    /// Whether an indentation indicator was written.
    pub(crate) explicit_indent: bool,
    /// One past the last indicator character.
    pub(crate) header_end: usize,
    /// The first byte after the header's line break (the text length if there is none).
    pub(crate) body_start: usize,
}

/// Parses the header whose indicator (`|` or `>`) is at `indicator`.
pub(crate) fn parse_header(text: &str, indicator: usize) -> Option<BlockHeader> {
    let bytes = text.as_bytes();
    let literal = match bytes.get(indicator)? {
        b'|' => true,
        b'>' => false,
        _ => return None,
    };
    let mut pos = indicator + 1;
    let mut chomping = Chomping::Clip;
    let mut explicit_indent = false;
    for _ in 0..2 {
        match bytes.get(pos) {
            Some(b'-') if chomping == Chomping::Clip => chomping = Chomping::Strip,
            Some(b'+') if chomping == Chomping::Clip => chomping = Chomping::Keep,
            Some(b'1'..=b'9') if !explicit_indent => explicit_indent = true,
            _ => break,
        }
        pos += 1;
    }
    let header_end = pos;
    while matches!(bytes.get(pos), Some(b' ' | b'\t')) {
        pos += 1;
    }
    if bytes.get(pos) == Some(&b'#') {
        while bytes.get(pos).is_some_and(|&b| !is_break(b)) {
            pos += 1;
        }
    }
    let body_start = match bytes.get(pos) {
        None => pos,
        Some(&b) if is_break(b) => pos + break_len(bytes, pos),
        Some(_) => return None,
    };
    Some(BlockHeader { literal, chomping, explicit_indent, header_end, body_start })
}

/// Decodes the block scalar with `header` whose content lines are indented by `indent` spaces
/// (`None` when the value has no content line). `Rescanned::end` is the end of the last content
/// line, or of the header.
pub(crate) fn rescan_block(text: &str, header: &BlockHeader, indent: Option<usize>) -> Rescanned {
    let mut scan = BlockScan {
        text,
        bytes: text.as_bytes(),
        pos: header.body_start,
        value: String::new(),
        map: ScalarMapBuilder::new(header.body_start as u32),
        leading_break: None,
        leading_blank: false,
        trailing: Vec::new(),
        line_end: header.header_end,
    };
    let indent = indent.unwrap_or(usize::MAX);
    let mut end = header.header_end;
    let mut first = !header.explicit_indent;
    let mut line_start;
    loop {
        line_start = scan.pos;
        // In the first lines of an auto-detected scalar, whitespace-only lines are empty whatever
        // their length; afterwards at most `indent` spaces are indentation.
        let limit = if first { usize::MAX } else { indent };
        let spaces = scan.bytes[scan.pos..].iter().take(limit).take_while(|&&b| b == b' ').count();
        scan.pos += spaces;
        match scan.bytes.get(scan.pos) {
            Some(&b) if is_break(b) => {
                scan.trailing.push(scan.pos);
                scan.pos += break_len(scan.bytes, scan.pos);
                continue;
            }
            Some(_)
                if spaces == indent
                    && !text[scan.pos..].starts_with(['\u{feff}', '\0'])
                    && !(indent == 0 && is_document_marker(scan.bytes, scan.pos)) => {}
            _ => break,
        }
        first = false;
        let has_break = scan.content_line(!header.literal);
        end = scan.line_end;
        if !has_break {
            break;
        }
    }
    let at_eof = scan.bytes.get(scan.pos).is_none_or(|&b| b == 0);
    let column = text[line_start.min(text.len())..scan.pos.min(text.len())].chars().count();
    if header.chomping != Chomping::Strip {
        if let Some(at) = scan.leading_break.take() {
            scan.push_break(at);
        }
        if at_eof && column >= indent.max(1) && indent != usize::MAX {
            scan.push_eof_break();
        }
    }
    if header.chomping == Chomping::Keep {
        let body_has_lines = header.body_start > header.header_end && scan.trailing.is_empty();
        if indent == usize::MAX && at_eof && column > 0 && body_has_lines {
            scan.push_eof_break();
        }
        for at in std::mem::take(&mut scan.trailing) {
            scan.push_break(at);
        }
    }
    Rescanned { value: scan.value, map: scan.map.finish(), end }
}

/// `---` or `...` followed by a blank, a break or the end.
fn is_document_marker(bytes: &[u8], pos: usize) -> bool {
    let marker = bytes.get(pos..pos + 3);
    (marker == Some(b"---") || marker == Some(b"..."))
        && bytes.get(pos + 3).is_none_or(u8::is_ascii_whitespace)
}

struct BlockScan<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    value: String,
    map: ScalarMapBuilder,
    /// The break that ended the previous content line.
    leading_break: Option<usize>,
    /// Whether the previous content line started with a blank.
    leading_blank: bool,
    /// Breaks of the empty lines since the previous content line.
    trailing: Vec<usize>,
    /// End of the text of the last content line.
    line_end: usize,
}

impl BlockScan<'_> {
    /// Reads the content line at `pos` and its break; false at the end of the text.
    fn content_line(&mut self, folded: bool) -> bool {
        let trailing_blank = matches!(self.bytes[self.pos], b' ' | b'\t');
        let trailing = std::mem::take(&mut self.trailing);
        match self.leading_break.take() {
            Some(at) if folded && !self.leading_blank && !trailing_blank && trailing.is_empty() => {
                self.value.push(' ');
                self.map.atomic(1, at as u32, (self.pos - at) as u32);
            }
            Some(_) if folded && !self.leading_blank && !trailing_blank => {}
            Some(at) => self.push_break(at),
            None => {}
        }
        for at in trailing {
            self.push_break(at);
        }
        self.leading_blank = trailing_blank;
        // saphyr ends a content line at a line break, a byte order mark or a NUL.
        let line_end = self.text[self.pos..]
            .find(['\n', '\r', '\u{feff}', '\0'])
            .map_or(self.bytes.len(), |len| self.pos + len);
        self.value.push_str(&self.text[self.pos..line_end]);
        self.map.literal((line_end - self.pos) as u32, self.pos as u32);
        self.pos = line_end;
        self.line_end = line_end;
        if line_end == self.bytes.len() || !is_break(self.bytes[line_end]) {
            return false;
        }
        self.leading_break = Some(line_end);
        self.pos += break_len(self.bytes, line_end);
        true
    }

    /// The line break saphyr adds at the end of a text that ends inside the scalar.
    fn push_eof_break(&mut self) {
        self.value.push('\n');
        self.map.atomic(1, self.bytes.len() as u32, 0);
    }

    fn push_break(&mut self, at: usize) {
        self.value.push('\n');
        self.map.atomic(1, at as u32, break_len(self.bytes, at) as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str, indent: Option<usize>) -> (String, Vec<u32>, usize) {
        let indicator = text.find(['|', '>']).unwrap();
        let header = parse_header(text, indicator).unwrap();
        let res = rescan_block(text, &header, indent);
        let offsets =
            (0..=res.value.len() as u32).map(|offset| res.map.file_offset(offset)).collect();
        (res.value, offsets, res.end)
    }

    #[test]
    fn literal_clip() {
        let (value, offsets, end) = decode("k: |\n  ab\n  c\n\nn: 1\n", Some(2));
        assert_eq!(value, "ab\nc\n");
        assert_eq!(offsets, [7, 8, 9, 12, 13, 14]);
        assert_eq!(end, 13);
    }

    #[test]
    fn folded_keep() {
        let (value, offsets, _) = decode("k: >+\n  a\n  b\n\n  c\n\n", Some(2));
        assert_eq!(value, "a b\nc\n\n");
        assert_eq!(offsets, [8, 9, 12, 14, 17, 18, 19, 20]);
    }

    #[test]
    fn folded_strip_more_indented() {
        let (value, _, _) = decode("k: >-\n  a\n    b\n  c\n", Some(2));
        assert_eq!(value, "a\n  b\nc");
    }

    #[test]
    fn empty_scalars() {
        assert_eq!(decode("k: |\nn: 1\n", None).0, "");
        assert_eq!(decode("k: |+\n\n\nn: 1\n", None).0, "\n\n");
        assert_eq!(decode("k: >-", None).0, "");
    }

    #[test]
    fn headers() {
        let header = parse_header("|2- # c\n", 0).unwrap();
        assert_eq!(
            (header.chomping, header.explicit_indent, header.header_end, header.body_start),
            (Chomping::Strip, true, 3, 8)
        );
        assert!(parse_header("| x\n", 0).is_none());
    }
}
