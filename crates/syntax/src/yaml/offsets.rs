//! Character index → byte offset conversion for saphyr's markers.
//!
//! saphyr's `Marker::index` counts characters. ASCII text needs no table; otherwise the byte
//! offset of every 64th character is stored and the rest is found by walking at most 63
//! characters.

const STRIDE: usize = 64;

/// Converts character indexes of one text to byte offsets.
#[derive(Debug)]
pub(crate) struct CharOffsets<'t> {
    text: &'t str,
    /// Byte offset of every `STRIDE`-th character; empty for ASCII text.
    checkpoints: Vec<usize>,
    /// Number of characters in the text.
    n_chars: usize,
}

impl<'t> CharOffsets<'t> {
    pub(crate) fn new(text: &'t str) -> CharOffsets<'t> {
        if text.is_ascii() {
            return CharOffsets { text, checkpoints: Vec::new(), n_chars: text.len() };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut n_chars = 0;
        for (idx, (offset, _)) in text.char_indices().enumerate() {
            if idx % STRIDE == 0 {
                checkpoints.push(offset);
            }
            n_chars = idx + 1;
        }
        CharOffsets { text, checkpoints, n_chars }
    }

    /// The byte offset of character `index`; the text length at or past the end.
    pub(crate) fn byte(&self, index: usize) -> usize {
        if index >= self.n_chars {
            return self.text.len();
        }
        if self.checkpoints.is_empty() {
            return index;
        }
        let base = self.checkpoints[index / STRIDE];
        let skip = index % STRIDE;
        self.text[base..]
            .char_indices()
            .nth(skip)
            .map_or(self.text.len(), |(offset, _)| base + offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_unicode() {
        let ascii = CharOffsets::new("abc");
        assert_eq!((ascii.byte(0), ascii.byte(2), ascii.byte(3), ascii.byte(9)), (0, 2, 3, 3));
        let text = "é".repeat(200) + "x😀y";
        let offsets = CharOffsets::new(&text);
        for (idx, (offset, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.byte(idx), offset);
        }
        assert_eq!(offsets.byte(203), text.len());
    }
}
