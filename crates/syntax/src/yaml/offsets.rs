//! Character index → byte offset conversion for saphyr's markers.
//!
//! saphyr's `Marker::index` counts characters. ASCII text needs no table; otherwise the byte
//! offset of every 64th character is stored, and the rest is found by walking forward from that
//! checkpoint or, when it is nearer, from the last conversion (markers mostly come in order), so
//! a conversion walks at most 63 characters and usually only the few since the previous one.

const STRIDE: usize = 64;

/// Converts character indexes of one text to byte offsets.
#[derive(Debug)]
pub(crate) struct CharOffsets<'t> {
    text: &'t str,
    /// Byte offset of every `STRIDE`-th character; empty for ASCII text.
    checkpoints: Vec<usize>,
    /// Number of characters in the text.
    n_chars: usize,
    /// The last conversion of non-ASCII text: character index and byte offset.
    cursor: (usize, usize),
}

impl<'t> CharOffsets<'t> {
    pub(crate) fn new(text: &'t str) -> CharOffsets<'t> {
        if text.is_ascii() {
            return CharOffsets {
                text,
                checkpoints: Vec::new(),
                n_chars: text.len(),
                cursor: (0, 0),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut n_chars = 0;
        for (idx, (offset, _)) in text.char_indices().enumerate() {
            if idx % STRIDE == 0 {
                checkpoints.push(offset);
            }
            n_chars = idx + 1;
        }
        CharOffsets { text, checkpoints, n_chars, cursor: (0, 0) }
    }

    /// The byte offset of character `index`; the text length at or past the end.
    #[inline]
    pub(crate) fn byte(&mut self, index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return index.min(self.text.len());
        }
        self.walk_to(index)
    }

    /// The byte offset of character `index` in non-ASCII text.
    #[inline(never)]
    fn walk_to(&mut self, index: usize) -> usize {
        if index >= self.n_chars {
            return self.text.len();
        }
        let checkpoint = index / STRIDE;
        let (mut from_index, mut from_byte) = (checkpoint * STRIDE, self.checkpoints[checkpoint]);
        if (from_index..=index).contains(&self.cursor.0) {
            (from_index, from_byte) = self.cursor;
        }
        let byte = self.text[from_byte..]
            .char_indices()
            .nth(index - from_index)
            .map_or(self.text.len(), |(offset, _)| from_byte + offset);
        self.cursor = (index, byte);
        byte
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_unicode() {
        let mut ascii = CharOffsets::new("abc");
        assert_eq!((ascii.byte(0), ascii.byte(2), ascii.byte(3), ascii.byte(9)), (0, 2, 3, 3));
        let text = "é".repeat(200) + "x😀y";
        let mut offsets = CharOffsets::new(&text);
        let expected: Vec<usize> = text.char_indices().map(|(offset, _)| offset).collect();
        for (idx, &offset) in expected.iter().enumerate() {
            assert_eq!(offsets.byte(idx), offset);
        }
        // Out of order, as after a look back.
        for idx in [150, 10, 10, 140, 139, 70, 202, 0, 64, 63, 65] {
            assert_eq!(offsets.byte(idx), expected[idx]);
        }
        assert_eq!(offsets.byte(203), text.len());
    }
}
