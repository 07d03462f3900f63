//! Re-scanning of flow scalars (plain, single- and double-quoted) to build their source maps.
//!
//! The rules follow YAML 1.2 §7.3 and the saphyr scanner: inside a scalar, a single line break
//! and the whitespace around it fold into one space, each further empty line gives a `\n`,
//! whitespace inside a line is kept, and a double-quoted `\` before a line break joins the lines
//! without a space.

use super::scalar_map::ScalarMap;
use super::scalar_map::ScalarMapBuilder;

/// A value decoded from the raw text, with its map and the end of the scalar in the file.
#[derive(Debug)]
pub(crate) struct Rescanned {
    pub(crate) value: String,
    pub(crate) map: ScalarMap,
    /// One past the last byte of the scalar as written (after the closing quote, if any).
    pub(crate) end: usize,
}

/// Decodes the plain scalar written at `start..end` (first to last non-blank character).
pub(crate) fn rescan_plain(text: &str, start: usize, end: usize) -> Rescanned {
    let mut scan = FlowScan::new(text, start);
    while scan.pos < end {
        let byte = scan.bytes[scan.pos];
        match byte {
            b' ' | b'\t' => scan.blank(),
            b'\n' | b'\r' => scan.fold(),
            _ => scan.literal_run(end),
        }
    }
    scan.finish(end)
}

/// Decodes the quoted scalar whose opening quote is at `open`; `None` if it is not closed or
/// holds an invalid escape.
pub(crate) fn rescan_quoted(text: &str, open: usize, double: bool) -> Option<Rescanned> {
    let quote = if double { b'"' } else { b'\'' };
    let mut scan = FlowScan::new(text, open + 1);
    loop {
        let byte = *scan.bytes.get(scan.pos)?;
        match byte {
            b'\'' if !double && scan.bytes.get(scan.pos + 1) == Some(&b'\'') => {
                scan.commit_blanks();
                scan.push_atomic("'", 2);
            }
            _ if byte == quote => {
                scan.commit_blanks();
                let end = scan.pos + 1;
                return Some(scan.finish(end));
            }
            b'\\' if double => scan.escape()?,
            b' ' | b'\t' => scan.blank(),
            b'\n' | b'\r' => scan.fold(),
            _ => scan.literal_run(text.len()),
        }
    }
}

/// The length of the escape sequence at `pos` (a backslash) and its decoded character; `None`
/// for an unknown escape or bad hex digits. An escaped line break is not handled here.
pub(crate) fn decode_escape(text: &str, pos: usize) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    let code_len = match *bytes.get(pos + 1)? {
        b'0' => return Some(('\0', 2)),
        b'a' => return Some(('\x07', 2)),
        b'b' => return Some(('\x08', 2)),
        b't' | b'\t' => return Some(('\t', 2)),
        b'n' => return Some(('\n', 2)),
        b'v' => return Some(('\x0b', 2)),
        b'f' => return Some(('\x0c', 2)),
        b'r' => return Some(('\r', 2)),
        b'e' => return Some(('\x1b', 2)),
        b' ' => return Some((' ', 2)),
        b'"' => return Some(('"', 2)),
        b'/' => return Some(('/', 2)),
        b'\\' => return Some(('\\', 2)),
        b'N' => return Some(('\u{85}', 2)),
        b'_' => return Some(('\u{a0}', 2)),
        b'L' => return Some(('\u{2028}', 2)),
        b'P' => return Some(('\u{2029}', 2)),
        b'x' => 2,
        b'u' => 4,
        b'U' => 8,
        _ => return None,
    };
    let digits = text.get(pos + 2..pos + 2 + code_len)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let code = u32::from_str_radix(digits, 16).ok()?;
    Some((char::from_u32(code)?, 2 + code_len))
}

/// Whether `byte` starts a line break.
pub(crate) fn is_break(byte: u8) -> bool {
    byte == b'\n' || byte == b'\r'
}

/// The length of the line break at `pos` (`\r\n` counts as one break).
pub(crate) fn break_len(bytes: &[u8], pos: usize) -> usize {
    if bytes[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n') { 2 } else { 1 }
}

struct FlowScan<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    value: String,
    map: ScalarMapBuilder,
    /// Start of blanks seen inside the current line and not yet committed.
    blanks: Option<usize>,
}

impl<'t> FlowScan<'t> {
    fn new(text: &'t str, start: usize) -> FlowScan<'t> {
        FlowScan {
            text,
            bytes: text.as_bytes(),
            pos: start,
            value: String::new(),
            map: ScalarMapBuilder::new(start as u32),
            blanks: None,
        }
    }

    fn blank(&mut self) {
        self.blanks.get_or_insert(self.pos);
        self.pos += 1;
    }

    /// Keeps the blanks inside a line once content follows them.
    fn commit_blanks(&mut self) {
        if let Some(start) = self.blanks.take() {
            self.value.push_str(&self.text[start..self.pos]);
            self.map.literal((self.pos - start) as u32, start as u32);
        }
    }

    /// Copies the run of ordinary characters at `pos`, stopping before `limit` or a blank, a
    /// break, a quote or a backslash (all ASCII, so the run ends on a character boundary).
    fn literal_run(&mut self, limit: usize) {
        self.commit_blanks();
        let start = self.pos;
        let mut end = start + 1;
        while end < limit
            && !matches!(self.bytes[end], b' ' | b'\t' | b'\n' | b'\r' | b'\'' | b'"' | b'\\')
        {
            end += 1;
        }
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        self.value.push_str(&self.text[start..end]);
        self.map.literal((end - start) as u32, start as u32);
        self.pos = end;
    }

    fn push_atomic(&mut self, decoded: &str, file_len: usize) {
        self.value.push_str(decoded);
        self.map.atomic(decoded.len() as u32, self.pos as u32, file_len as u32);
        self.pos += file_len;
    }

    /// A backslash escape in a double-quoted scalar, including an escaped line break.
    fn escape(&mut self) -> Option<()> {
        self.commit_blanks();
        if self.bytes.get(self.pos + 1).copied().is_some_and(is_break) {
            self.pos += 1 + break_len(self.bytes, self.pos + 1);
            self.empty_lines(None);
            return Some(());
        }
        let (ch, len) = decode_escape(self.text, self.pos)?;
        self.push_atomic(ch.encode_utf8(&mut [0; 4]), len);
        Some(())
    }

    /// A line break: blanks before it are dropped, and it folds with the following empty lines.
    fn fold(&mut self) {
        self.blanks = None;
        let leading = self.pos;
        self.pos += break_len(self.bytes, self.pos);
        self.empty_lines(Some(leading));
    }

    /// Skips the indentation and empty lines after a line break; `leading` is the folded break,
    /// or `None` after an escaped line break (which adds nothing).
    fn empty_lines(&mut self, leading: Option<usize>) {
        let mut breaks = Vec::new();
        loop {
            while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t')) {
                self.pos += 1;
            }
            match self.bytes.get(self.pos) {
                Some(&byte) if is_break(byte) => {
                    breaks.push(self.pos);
                    self.pos += break_len(self.bytes, self.pos);
                }
                _ => break,
            }
        }
        if breaks.is_empty()
            && let Some(leading) = leading
        {
            self.value.push(' ');
            self.map.atomic(1, leading as u32, (self.pos - leading) as u32);
        }
        for at in breaks {
            self.value.push('\n');
            self.map.atomic(1, at as u32, break_len(self.bytes, at) as u32);
        }
    }

    fn finish(self, end: usize) -> Rescanned {
        Rescanned { value: self.value, map: self.map.finish(), end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(res: &Rescanned) -> Vec<u32> {
        (0..=res.value.len() as u32).map(|offset| res.map.file_offset(offset)).collect()
    }

    #[test]
    fn plain_folds_lines() {
        let text = "k: a  b\n   c\n\n  d\n";
        let res = rescan_plain(text, 3, 17);
        assert_eq!(res.value, "a  b c\nd");
        assert_eq!(offsets(&res), [3, 4, 5, 6, 7, 11, 13, 16, 17]);
    }

    #[test]
    fn single_quoted_escapes_quote() {
        let text = "'it''s'";
        let res = rescan_quoted(text, 0, false).unwrap();
        assert_eq!(res.value, "it's");
        assert_eq!(res.end, 7);
        assert_eq!(offsets(&res), [1, 2, 3, 5, 6]);
    }

    #[test]
    fn double_quoted_escapes() {
        let text = r#""a\tb\u00e9\
   c \
  d""#;
        let res = rescan_quoted(text, 0, true).unwrap();
        assert_eq!(res.value, "a\tbéc d");
        assert_eq!(res.end, text.len());
        assert_eq!(&text[res.map.file_offset(1) as usize..][..2], "\\t");
        assert_eq!(res.map.file_offset(3), 5);
        assert_eq!(res.map.file_offset(4), 5);
        assert_eq!(&text[res.map.file_offset(5) as usize..][..1], "c");
        assert_eq!(&text[res.map.file_offset(7) as usize..][..1], "d");
    }

    #[test]
    fn unclosed_and_bad_escapes() {
        assert!(rescan_quoted("'abc", 0, false).is_none());
        assert!(rescan_quoted(r#""a\q""#, 0, true).is_none());
        assert!(rescan_quoted(r#""\x4""#, 0, true).is_none());
        assert!(rescan_quoted(r#""\uD800""#, 0, true).is_none());
    }
}
