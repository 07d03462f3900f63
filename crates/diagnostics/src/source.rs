//! Source files and the conversion of byte offsets to line and column.

use crate::span::{FileId, TextRange};

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct LineCol {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column, starting at 1, in Unicode scalar values (not bytes).
    pub column: u32,
}

/// One source file: its display name, its text and a line index.
#[derive(Clone, Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// A file named `name` (as shown in diagnostics) with `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes().enumerate().filter(|&(_, byte)| byte == b'\n').map(|(i, _)| i as u32 + 1),
        );
        SourceFile { name: name.into(), text, line_starts }
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The line and column of a byte offset; offsets past the end map to the end, offsets
    /// inside a multi-byte character map to that character.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(self.text.len() as u32);
        let line_idx = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_idx] as usize;
        let mut end = offset as usize;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[line_start..end].chars().count() as u32 + 1;
        LineCol { line: line_idx as u32 + 1, column }
    }

    /// The text of a range, clamped to the file and to character boundaries.
    pub fn slice(&self, range: TextRange) -> &str {
        let mut start = (range.start as usize).min(self.text.len());
        let mut end = (range.end as usize).min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        &self.text[start..end]
    }
}

/// All files of one run, addressed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    /// The file with `id`.
    ///
    /// # Panics
    /// If `id` was not returned by [`SourceDb::add`] on this database.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file with its id, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, file)| (FileId(i as u32), file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_unicode_scalars() {
        let file = SourceFile::new("f.yaml", "a: 1\nb: \"é€x\"\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(5), LineCol { line: 2, column: 1 });
        let x = file.text().find('x').unwrap() as u32;
        assert_eq!(file.line_col(x), LineCol { line: 2, column: 7 });
        assert_eq!(file.line_col(10_000), LineCol { line: 3, column: 1 });
    }
}
