//! The scalar source map: decoded offset → file offset.
//!
//! A scalar's decoded value differs from its text in the file: quotes are dropped, escapes
//! (`\n`, `\u00e9`, `''`) are replaced, line breaks are folded into spaces, block indentation is
//! removed.
//! A [`ScalarMap`] brings any byte offset of the decoded value back to the file, so that a
//! diagnostic about a CEL expression inside a scalar points at the exact character.
//!
//! # Design
//!
//! The decoded value is cut into consecutive *runs*, each the decoded image of one stretch of the
//! file.
//! A run is either *literal* (the bytes were copied unchanged, so decoded offset `d` in the run
//! maps to `file_start + d`) or *atomic* (an escape sequence, a folded line break or an escaped
//! quote: every offset inside it maps to the start of what was written).
//! Consecutive literal runs that are contiguous in both texts are merged, so a scalar written on
//! one line without escapes is a single run.
//! Such a scalar, by far the most common, is stored as its length alone, so its map is built,
//! cloned and dropped without allocating.
//! Lookup is a binary search for the last run starting at or before the offset.
//! The offset equal to the value's length maps to the end of the last run: just after the last
//! content character, before any closing quote.
//!
//! The runs are built by re-scanning the raw text under the scalar (see `rescan_flow` and
//! `rescan_block`); the parser's decoded value is only used to check that re-scan.
//! A one-line scalar whose value is exactly the text written (after the opening quote) needs no
//! re-scan: its map is that single copied run.

use switchyard_diagnostics::TextRange;

/// Maps byte offsets in a scalar's decoded value to byte offsets in the file.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ScalarMap {
    /// Where the content starts in the file; the image of every offset when there are no runs.
    start: u32,
    /// Runs in decoded order, contiguous in decoded offsets, starting at decoded offset 0.
    runs: Runs,
}

/// The runs of a map.
///
/// Most scalars are copied from the file unchanged: their single run is kept as its length, so
/// that building, cloning and dropping their map never allocates and a node stays small.
/// The representation is canonical, so the derived equality compares the runs.
#[derive(Clone, PartialEq, Eq, Debug)]
enum Runs {
    /// No run (length 0), or one literal run of this length from the map's start.
    Copied(u32),
    /// Any other runs.
    Other(Box<[Run]>),
}

impl Default for Runs {
    fn default() -> Runs {
        Runs::Copied(0)
    }
}

/// The decoded image of one stretch of the file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Run {
    /// First decoded byte.
    decoded: u32,
    /// Number of decoded bytes.
    decoded_len: u32,
    /// First file byte.
    file: u32,
    /// Number of file bytes.
    file_len: u32,
    /// Copied unchanged (offsets map one to one) rather than atomic.
    literal: bool,
}

impl Run {
    fn decoded_end(self) -> u32 {
        self.decoded + self.decoded_len
    }

    fn file_end(self) -> u32 {
        self.file + self.file_len
    }
}

impl ScalarMap {
    /// A map of a value copied unchanged from the file starting at `file_start`.
    pub fn literal(file_start: u32, len: u32) -> ScalarMap {
        ScalarMap { start: file_start, runs: Runs::Copied(len) }
    }

    /// The file offset of decoded offset `offset`.
    ///
    /// Offsets inside an escape sequence or a folded line break map to its start; offsets at or
    /// past the end of the value map to just after the last content character.
    pub fn file_offset(&self, offset: u32) -> u32 {
        let Some(run) = self.run_at(offset) else { return self.start };
        if offset >= run.decoded_end() {
            run.file_end()
        } else if run.literal {
            run.file + (offset - run.decoded)
        } else {
            run.file
        }
    }

    /// The file range of a decoded range.
    ///
    /// The end is the end of the last decoded byte's source, so a range ending with an escape
    /// covers the whole escape sequence.
    pub fn file_range(&self, range: TextRange) -> TextRange {
        let start = self.file_offset(range.start);
        if range.is_empty() {
            return TextRange::empty(start);
        }
        let last = range.end - 1;
        let end = match self.run_at(last) {
            Some(run) if last < run.decoded_end() && run.literal => {
                run.file + (range.end - run.decoded)
            }
            Some(run) => run.file_end(),
            None => start,
        };
        TextRange::new(start, end)
    }

    /// This map seen through `outer`: for a value decoded from text that is itself the decoded
    /// value of a scalar mapped by `outer` (YAML embedded in a YAML string).
    pub(crate) fn compose(&self, outer: &ScalarMap) -> ScalarMap {
        let mut builder = ScalarMapBuilder::new(outer.file_offset(self.start));
        for run in self.runs() {
            if !run.literal {
                let range = outer.file_range(TextRange::new(run.file, run.file_end()));
                builder.atomic(run.decoded_len, range.start, range.len());
                continue;
            }
            // A literal run is copied from the outer value: split it where the outer runs change.
            let mut offset = 0;
            while offset < run.decoded_len {
                let outer_offset = run.file + offset;
                let Some(outer_run) = outer.run_at(outer_offset) else { break };
                let piece = if outer_offset < outer_run.decoded_end() {
                    (outer_run.decoded_end() - outer_offset).min(run.decoded_len - offset)
                } else {
                    run.decoded_len - offset
                };
                let file = outer.file_offset(outer_offset);
                if outer_run.literal && outer_offset < outer_run.decoded_end() {
                    builder.literal(piece, file);
                } else {
                    let end =
                        outer.file_range(TextRange::new(outer_offset, outer_offset + piece)).end;
                    builder.atomic(piece, file, end - file);
                }
                offset += piece;
            }
        }
        builder.finish()
    }

    /// The last run starting at or before `offset`.
    fn run_at(&self, offset: u32) -> Option<Run> {
        match &self.runs {
            Runs::Copied(len) => self.copied_run(*len),
            Runs::Other(runs) => {
                let idx = runs.partition_point(|run| run.decoded <= offset);
                runs.get(idx.checked_sub(1)?).copied()
            }
        }
    }

    /// The runs in decoded order.
    fn runs(&self) -> impl Iterator<Item = Run> + '_ {
        let (copied, others) = match &self.runs {
            Runs::Copied(len) => (self.copied_run(*len), &[][..]),
            Runs::Other(runs) => (None, &runs[..]),
        };
        copied.into_iter().chain(others.iter().copied())
    }

    /// The run of a value of `len` bytes copied from the start.
    fn copied_run(&self, len: u32) -> Option<Run> {
        let run =
            Run { decoded: 0, decoded_len: len, file: self.start, file_len: len, literal: true };
        (len > 0).then_some(run)
    }
}

/// Builds a [`ScalarMap`] run by run, in decoded order.
#[derive(Debug)]
pub(crate) struct ScalarMapBuilder {
    start: u32,
    /// The first run, kept out of `rest` so that a single run does not allocate.
    first: Option<Run>,
    rest: Vec<Run>,
    decoded: u32,
}

impl ScalarMapBuilder {
    /// A builder for a scalar whose content starts at `file_start`.
    pub(crate) fn new(file_start: u32) -> ScalarMapBuilder {
        ScalarMapBuilder { start: file_start, first: None, rest: Vec::new(), decoded: 0 }
    }

    /// `len` bytes copied unchanged from `file_start`.
    pub(crate) fn literal(&mut self, len: u32, file_start: u32) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.rest.last_mut().or(self.first.as_mut())
            && last.literal
            && last.file_end() == file_start
        {
            last.decoded_len += len;
            last.file_len += len;
            self.decoded += len;
            return;
        }
        self.push(Run {
            decoded: self.decoded,
            decoded_len: len,
            file: file_start,
            file_len: len,
            literal: true,
        });
    }

    /// `decoded_len` bytes decoded from the `file_len` bytes at `file_start` as a unit.
    pub(crate) fn atomic(&mut self, decoded_len: u32, file_start: u32, file_len: u32) {
        if decoded_len == 0 {
            return;
        }
        self.push(Run {
            decoded: self.decoded,
            decoded_len,
            file: file_start,
            file_len,
            literal: false,
        });
    }

    pub(crate) fn finish(self) -> ScalarMap {
        let runs = match self.first {
            None => Runs::Copied(0),
            Some(run) if self.rest.is_empty() => {
                let copied = ScalarMap::literal(self.start, run.decoded_len);
                if copied.copied_run(run.decoded_len) == Some(run) {
                    return copied;
                }
                Runs::Other(Box::new([run]))
            }
            Some(run) => {
                let mut runs = self.rest;
                runs.insert(0, run);
                Runs::Other(runs.into_boxed_slice())
            }
        };
        ScalarMap { start: self.start, runs }
    }

    fn push(&mut self, run: Run) {
        self.decoded += run.decoded_len;
        if self.first.is_none() {
            self.first = Some(run);
        } else {
            self.rest.push(run);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_and_atomic_runs() {
        // File `"a\tb"` at offset 10: `a` at 11, `\t` at 12..14, `b` at 14.
        let mut builder = ScalarMapBuilder::new(11);
        builder.literal(1, 11);
        builder.atomic(1, 12, 2);
        builder.literal(1, 14);
        let map = builder.finish();
        assert_eq!(map.file_offset(0), 11);
        assert_eq!(map.file_offset(1), 12);
        assert_eq!(map.file_offset(2), 14);
        assert_eq!(map.file_offset(3), 15);
        assert_eq!(map.file_offset(99), 15);
        assert_eq!(map.file_range(TextRange::new(0, 2)), TextRange::new(11, 14));
        assert_eq!(map.file_range(TextRange::new(1, 1)), TextRange::new(12, 12));
    }

    #[test]
    fn contiguous_literals_merge() {
        let mut builder = ScalarMapBuilder::new(0);
        builder.literal(3, 0);
        builder.literal(2, 3);
        let map = builder.finish();
        assert_eq!(map.runs().count(), 1);
        assert_eq!(map, ScalarMap::literal(0, 5));
    }

    #[test]
    fn empty_map_points_at_start() {
        let map = ScalarMapBuilder::new(7).finish();
        assert_eq!(map.file_offset(0), 7);
        assert_eq!(map.file_range(TextRange::new(0, 0)), TextRange::empty(7));
    }

    #[test]
    fn multi_byte_escape_maps_to_its_start() {
        // `\u00e9` decodes to two bytes.
        let mut builder = ScalarMapBuilder::new(1);
        builder.atomic(2, 1, 6);
        let map = builder.finish();
        assert_eq!(map.file_offset(0), 1);
        assert_eq!(map.file_offset(1), 1);
        assert_eq!(map.file_offset(2), 7);
    }
}
