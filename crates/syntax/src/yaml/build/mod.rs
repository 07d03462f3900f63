//! YAML events → spanned node tree.
//!
//! The tree is built iteratively from saphyr's event stream with an explicit stack of open
//! collections, so no input can overflow the call stack. Collections nested deeper than
//! `MAX_DEPTH` (200) are reported and replaced by a null scalar.
//! Aliases are expanded by cloning the anchored node; the number of nodes copied for anchors
//! and aliases is capped (`alias_limit`), which defuses "billion laughs" documents.
//! A parse error ends the stream: the documents before it are kept, and the failing document is
//! kept as far as it was read, marked [`Document::truncated`].
//! The items and entries of the open collections live on shared stacks, the innermost on top,
//! and frames are always finished innermost first, so each finished collection is copied out
//! in one allocation of its exact size.

mod nodes;

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScanError, Span as EventSpan};
use switchyard_diagnostics::{Diagnostic, FileId};

use super::mapping::{MappingBuilder, OpenEntries};
use super::node::{Document, Node, ScalarStyle};
use super::offsets::CharOffsets;
use super::scan_error::{ErrorContext, scan_error};
use super::source::range;

/// Parses a YAML stream; see [`super::parse_stream`].
pub(crate) fn parse_stream(text: &str, file: FileId) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut builder = Builder::new(text, file);
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => builder.event(event, span),
            Err(error) => {
                builder.error(&error);
                break;
            }
        }
    }
    builder.finish()
}

/// A finished node with its size, for anchors and limits.
#[derive(Clone, Debug)]
struct Built {
    node: Node,
    /// Number of nodes in the tree.
    size: usize,
    /// Levels of collections (0 for a scalar).
    height: usize,
}

#[derive(Debug)]
struct Frame {
    start: usize,
    /// Content start (the `[` or `{` of a flow collection).
    content: usize,
    end: usize,
    tag: Option<String>,
    anchor: usize,
    flow: bool,
    size: usize,
    height: usize,
    kind: FrameKind,
}

#[derive(Debug)]
enum FrameKind {
    /// A sequence whose items start at this index of `Builder::open_items`.
    Sequence(usize),
    Mapping(MappingBuilder),
}

#[derive(Debug)]
struct OpenDocument {
    /// The `---` marker, if written.
    marker: Option<(usize, usize)>,
    root: Option<Built>,
}

struct Builder<'t> {
    text: &'t str,
    file: FileId,
    offsets: CharOffsets<'t>,
    diagnostics: Vec<Diagnostic>,
    documents: Vec<Document>,
    doc: Option<OpenDocument>,
    stack: Vec<Frame>,
    /// The items of the open sequences, outermost first: a finished sequence is copied out at
    /// its exact size.
    open_items: Vec<Node>,
    /// The entries of the open mappings.
    open_entries: OpenEntries,
    /// Copies of anchored nodes; `None` when the copy would have gone over the budget.
    anchors: HashMap<usize, Option<Built>>,
    /// End of the last token, where a block scalar indicator search starts.
    cursor: usize,
    /// While skipping a too-deep collection: its start and the open levels inside it.
    skip: Option<(usize, usize)>,
    /// Nodes copied for anchors and aliases so far, and the cap.
    expanded: usize,
    alias_limit: usize,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str, file: FileId) -> Builder<'t> {
        Builder {
            text,
            file,
            offsets: CharOffsets::new(text),
            diagnostics: Vec::new(),
            documents: Vec::new(),
            doc: None,
            stack: Vec::new(),
            open_items: Vec::new(),
            open_entries: OpenEntries::default(),
            anchors: HashMap::new(),
            cursor: 0,
            skip: None,
            expanded: 0,
            alias_limit: text.len().saturating_mul(10).clamp(100_000, 1_000_000),
        }
    }

    fn event(&mut self, event: Event<'_>, span: EventSpan) {
        let start = self.offsets.byte(span.start.index());
        let end = self.offsets.byte(span.end.index());
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(explicit) => {
                self.anchors.clear();
                self.doc =
                    Some(OpenDocument { marker: explicit.then_some((start, end)), root: None });
                if explicit {
                    self.cursor = end;
                }
            }
            Event::DocumentEnd => {
                let explicit_end = self.text[start.min(self.text.len())..].starts_with("...");
                if explicit_end {
                    self.cursor = end;
                }
                self.close_document(explicit_end.then_some(end), false);
            }
            Event::Scalar(value, style, anchor, tag) => {
                if self.skip.is_none() {
                    let at = (start, end, span.start.col());
                    self.scalar(value.into_owned(), style, anchor, tag.as_deref(), at);
                }
                self.cursor = self.cursor.max(end);
            }
            Event::Alias(id) => {
                if self.skip.is_none() {
                    self.alias(id, range(start, end));
                }
                self.cursor = self.cursor.max(end);
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(true, anchor, tag.as_deref(), start, end);
            }
            Event::MappingStart(anchor, tag) => {
                self.open(false, anchor, tag.as_deref(), start, end);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.close(start, end);
                self.cursor = self.cursor.max(end);
            }
        }
    }

    fn close_document(&mut self, explicit_end: Option<usize>, truncated: bool) {
        let Some(doc) = self.doc.take() else { return };
        let root = doc.root.map(|built| built.node).filter(|node| !is_empty_document(node));
        let root_span = root.as_ref().map(|node| node.span);
        let start = match (doc.marker, root_span) {
            (Some((start, _)), _) => start,
            (None, Some(span)) => span.start as usize,
            (None, None) => explicit_end.unwrap_or(self.cursor),
        };
        let end = explicit_end
            .or(root_span.map(|span| span.end as usize))
            .or(doc.marker.map(|(_, end)| end))
            .unwrap_or(start);
        self.documents.push(Document { root, span: range(start, end.max(start)), truncated });
    }

    /// A parse error: reports it and closes what is open.
    fn error(&mut self, error: &ScanError) {
        let pos = self.offsets.byte(error.marker().index());
        let open_flow = self
            .stack
            .iter()
            .rev()
            .find(|frame| frame.flow)
            .map(|frame| range(frame.content, frame.content + 1));
        let already_too_deep = error.info() == "recursion limit exceeded" && self.skip.is_some();
        if !already_too_deep {
            let ctx = ErrorContext { open_flow };
            self.diagnostics.push(scan_error(self.text, self.file, error, pos, ctx));
        }
        self.skip = None;
        while let Some(frame) = self.stack.pop() {
            let end = frame.end;
            self.finish_frame(frame, end);
        }
        if self.doc.is_some() {
            self.close_document(None, true);
        }
    }

    fn finish(self) -> (Vec<Document>, Vec<Diagnostic>) {
        (self.documents, self.diagnostics)
    }
}

/// A document without content (`---` alone) has an empty plain scalar as its root.
fn is_empty_document(node: &Node) -> bool {
    node.tag.is_none()
        && node.span.is_empty()
        && node
            .as_scalar()
            .is_some_and(|scalar| scalar.style == ScalarStyle::Plain && scalar.value.is_empty())
}
