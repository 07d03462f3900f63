//! Character index → byte offset conversion for saphyr's markers.
//!
//! saphyr's `Marker::index` counts characters. ASCII text needs no table. Otherwise the number
//! of characters before each 64-byte block is stored, and a conversion walks forward from the
//! last conversion (markers mostly come in order, a few characters apart) or, when that is
//! behind or far, from the start of the block holding the character: at most 64 bytes, and ASCII
//! stretches in one step.

/// Bytes per block of the table.
const BLOCK: usize = 64;

/// Converts character indexes of one text to byte offsets.
#[derive(Debug)]
pub(crate) struct CharOffsets<'t> {
    text: &'t str,
    /// For non-ASCII text, the number of characters before each `BLOCK`-byte block; empty for
    /// ASCII text.
    block_chars: Vec<u32>,
    /// Number of characters in the text.
    n_chars: usize,
    /// The last conversion of non-ASCII text: character index and byte offset.
    cursor: (usize, usize),
}

impl<'t> CharOffsets<'t> {
    pub(crate) fn new(text: &'t str) -> CharOffsets<'t> {
        let mut block_chars = Vec::new();
        let mut n_chars = text.len();
        if !text.is_ascii() {
            block_chars.reserve(text.len() / BLOCK + 1);
            n_chars = 0;
            for block in text.as_bytes().chunks(BLOCK) {
                block_chars.push(n_chars as u32);
                n_chars += block.len() - count_continuations(block);
            }
        }
        CharOffsets { text, block_chars, n_chars, cursor: (0, 0) }
    }

    /// The byte offset of character `index`; the text length at or past the end.
    #[inline]
    pub(crate) fn byte(&mut self, index: usize) -> usize {
        if self.block_chars.is_empty() {
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
        let (mut chars, mut pos) = self.cursor;
        if chars > index || index - chars > BLOCK {
            let block = self.block_chars.partition_point(|&before| before as usize <= index) - 1;
            (chars, pos) = (self.block_chars[block] as usize, block * BLOCK);
        }
        let bytes = self.text.as_bytes();
        // `pos` is at or before the start of character `chars`.
        loop {
            while pos < bytes.len() && is_continuation(bytes[pos]) {
                pos += 1;
            }
            let ahead = index - chars;
            if ahead == 0 || pos >= bytes.len() {
                break;
            }
            if bytes.get(pos..pos + ahead).is_some_and(|run| run.iter().all(u8::is_ascii)) {
                pos += ahead;
                break;
            }
            chars += 1;
            pos += 1;
        }
        self.cursor = (index, pos);
        pos
    }
}

/// The number of bytes of `bytes` that continue a UTF-8 sequence, counted eight at a time.
fn count_continuations(bytes: &[u8]) -> usize {
    // A continuation byte is `10xxxxxx`: its high bit is set and the next one is clear.
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        count += (word & !(word << 1) & HIGHS).count_ones() as usize;
    }
    count + chunks.remainder().iter().filter(|&&byte| is_continuation(byte)).count()
}

/// Whether `byte` continues a UTF-8 sequence rather than starting a character.
fn is_continuation(byte: u8) -> bool {
    byte & 0xc0 == 0x80
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

    #[test]
    fn mixed_text_in_any_order() {
        let text = "k: café\n".repeat(40) + &"x".repeat(300) + "😀 ✓ é" + &"y".repeat(90);
        let expected: Vec<usize> = text.char_indices().map(|(offset, _)| offset).collect();
        let n = expected.len();
        let mut offsets = CharOffsets::new(&text);
        let orders =
            [(0..n).collect::<Vec<_>>(), (0..n).rev().collect(), (0..n).step_by(37).collect()];
        for order in orders {
            for idx in order {
                assert_eq!(offsets.byte(idx), expected[idx], "{idx}");
            }
        }
        for idx in (0..n).map(|idx| idx * 7919 % n) {
            assert_eq!(offsets.byte(idx), expected[idx], "{idx}");
        }
        assert_eq!(offsets.byte(n), text.len());
    }
}
