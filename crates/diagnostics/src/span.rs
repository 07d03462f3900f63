//! Byte offsets and ranges into source files.

use std::fmt;

/// Identifies one file of a [`crate::SourceDb`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct FileId(pub u32);

/// A half-open range of byte offsets `[start, end)` inside one text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextRange {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl TextRange {
    /// The range `[start, end)`; `end` is raised to `start` if smaller.
    pub fn new(start: u32, end: u32) -> TextRange {
        TextRange { start, end: end.max(start) }
    }

    /// An empty range at `offset`.
    pub fn empty(offset: u32) -> TextRange {
        TextRange { start: offset, end: offset }
    }

    /// Number of bytes covered.
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the range covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range (the end is exclusive).
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The smallest range covering both.
    #[must_use]
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The range shifted right by `offset` bytes.
    #[must_use]
    pub fn shifted(self, offset: u32) -> TextRange {
        TextRange { start: self.start + offset, end: self.end + offset }
    }

    /// The range as a `usize` range, for slicing.
    pub fn to_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<std::ops::Range<u32>> for TextRange {
    fn from(range: std::ops::Range<u32>) -> TextRange {
        TextRange::new(range.start, range.end)
    }
}

/// A range inside a particular file.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// The byte range inside the file.
    pub range: TextRange,
}

impl Span {
    /// A span of `range` in `file`.
    pub fn new(file: FileId, range: TextRange) -> Span {
        Span { file, range }
    }
}
