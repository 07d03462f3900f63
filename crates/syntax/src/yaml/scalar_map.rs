//! The scalar source map: decoded offset → file offset.

use switchyard_diagnostics::TextRange;

/// Maps byte offsets in a scalar's decoded value to byte offsets in the file.
///
/// Placeholder: maps every offset to the start of the scalar until the real map lands.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ScalarMap {
    start: u32,
}

impl ScalarMap {
    /// The file offset of decoded offset `offset`.
    pub fn file_offset(&self, offset: u32) -> u32 {
        let _ = offset;
        self.start
    }

    /// The file range of a decoded range.
    pub fn file_range(&self, range: TextRange) -> TextRange {
        TextRange::new(self.file_offset(range.start), self.file_offset(range.end))
    }
}
