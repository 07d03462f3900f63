//! YAML events → spanned node tree.
//!
//! The tree is built iteratively from saphyr's event stream with an explicit stack of open
//! collections, so no input can overflow the call stack. Collections nested deeper than
//! [`MAX_DEPTH`] are reported and replaced by a null scalar.
//! Aliases are expanded by cloning the anchored node; the number of nodes produced by expansion
//! is capped (`alias_limit`), which defuses "billion laughs" documents.
//! A parse error ends the stream: the documents before it are kept, and the failing document is
//! kept as far as it was read, marked [`Document::truncated`].

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScanError, Span as EventSpan, Tag};
use switchyard_diagnostics::{Diagnostic, FileId, TextRange};

use super::errors::{self, MAX_DEPTH};
use super::mapping::MappingBuilder;
use super::node::{Document, Node, NodeKind, Scalar, ScalarStyle};
use super::offsets::CharOffsets;
use super::scalar::{ScalarSite, build_scalar};
use super::scalar_map::ScalarMapBuilder;
use super::scan_error::{ErrorContext, scan_error};
use super::source::{Properties, range, scan_properties};

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
    Sequence(Vec<Node>),
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
    anchors: HashMap<usize, Built>,
    /// End of the last token, where a block scalar indicator search starts.
    cursor: usize,
    /// While skipping a too-deep collection: its start and the open levels inside it.
    skip: Option<(usize, usize)>,
    /// Nodes produced by alias expansion so far, and the cap.
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
                    self.scalar(value.into_owned(), style, anchor, tag.as_deref(), span);
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

    fn scalar(
        &mut self,
        value: String,
        style: saphyr_parser::ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: EventSpan,
    ) {
        let start = self.offsets.byte(span.start.index());
        let end = self.offsets.byte(span.end.index());
        let props = (anchor > 0 || tag.is_some()).then(|| scan_properties(self.text, start, end));
        let site =
            ScalarSite { start, end, start_column: span.start.col(), props, cursor: self.cursor };
        let (scalar, node_start, node_end) = build_scalar(self.text, value, style, site);
        let node_span = range(node_start, node_end);
        let tag = self.check_tag(tag, props, node_span, Some(&scalar));
        let node = Node { span: node_span, tag, kind: NodeKind::Scalar(scalar) };
        self.finish_node(Built { node, size: 1, height: 0 }, anchor);
    }

    /// The tag as written; reports tags outside the core schema.
    fn check_tag(
        &mut self,
        tag: Option<&Tag>,
        props: Option<Properties>,
        node_span: TextRange,
        scalar: Option<&Scalar>,
    ) -> Option<String> {
        let tag = tag?;
        let tag_range = props.and_then(|props| props.tag);
        let written = tag_range
            .map_or_else(|| tag.to_string(), |range| self.text[range.to_usize()].to_owned());
        if !errors::is_core_tag(tag) {
            let node_text = &self.text[node_span.to_usize()];
            let one_line = scalar.is_some_and(|scalar| scalar.style == ScalarStyle::Plain)
                && !node_text.contains(['\n', '\r']);
            let range = tag_range.unwrap_or(node_span);
            let diagnostic =
                errors::unexpected_tag(self.file, &written, range, one_line.then_some(node_text));
            self.diagnostics.push(diagnostic);
        }
        Some(written)
    }

    fn alias(&mut self, id: usize, alias_span: TextRange) {
        let name = self.text[alias_span.to_usize()].trim_start_matches('*').to_owned();
        let placeholder = |span| Built { node: null_node(span), size: 1, height: 0 };
        let Some(anchored) = self.anchors.get(&id) else {
            let diagnostic = if self.stack.iter().any(|frame| frame.anchor == id) {
                errors::recursive_alias(self.file, &name, alias_span)
            } else {
                errors::unknown_alias(self.file, &name, alias_span)
            };
            self.diagnostics.push(diagnostic);
            self.push(placeholder(alias_span));
            return;
        };
        if self.stack.len() + anchored.height > MAX_DEPTH {
            self.diagnostics.push(errors::too_deep(self.file, alias_span));
            self.push(placeholder(alias_span));
            return;
        }
        if self.expanded.saturating_add(anchored.size) > self.alias_limit {
            if self.expanded <= self.alias_limit {
                self.diagnostics.push(errors::alias_limit(self.file, alias_span, self.alias_limit));
                self.expanded = usize::MAX;
            }
            self.push(placeholder(alias_span));
            return;
        }
        self.expanded += anchored.size;
        let mut built = anchored.clone();
        built.node.span = alias_span;
        self.push(built);
    }

    fn open(
        &mut self,
        is_sequence: bool,
        anchor: usize,
        tag: Option<&Tag>,
        start: usize,
        end: usize,
    ) {
        if let Some((_, levels)) = &mut self.skip {
            *levels += 1;
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            let at = super::source::char_at(self.text, start);
            self.diagnostics.push(errors::too_deep(self.file, at));
            self.skip = Some((start, 1));
            return;
        }
        let props = (anchor > 0 || tag.is_some())
            .then(|| scan_properties(self.text, start, end.max(start)));
        let content = props.map_or(start, |props| props.content);
        let flow = matches!(self.text.as_bytes().get(content), Some(b'[' | b'{'));
        let tag = self.check_tag(tag, props, range(start, end), None);
        if flow {
            self.cursor = self.cursor.max(content + 1);
        }
        let kind = if is_sequence {
            FrameKind::Sequence(Vec::new())
        } else {
            FrameKind::Mapping(MappingBuilder::default())
        };
        let frame_end = if flow { content + 1 } else { content };
        self.stack.push(Frame {
            start,
            content,
            end: frame_end,
            tag,
            anchor,
            flow,
            size: 1,
            height: 1,
            kind,
        });
    }

    fn close(&mut self, start: usize, end: usize) {
        if let Some((skip_start, levels)) = &mut self.skip {
            *levels -= 1;
            if *levels == 0 {
                let span = range(*skip_start, end.max(*skip_start));
                self.skip = None;
                self.push(Built { node: null_node(span), size: 1, height: 0 });
            }
            return;
        }
        let Some(frame) = self.stack.pop() else { return };
        let closer = matches!(self.text.as_bytes().get(start), Some(b']' | b'}'));
        let node_end = if frame.flow && closer { start + 1 } else { frame.end };
        self.finish_frame(frame, node_end);
    }

    fn finish_frame(&mut self, frame: Frame, end: usize) {
        let kind = match frame.kind {
            FrameKind::Sequence(items) => NodeKind::Sequence(items),
            FrameKind::Mapping(mapping) => {
                NodeKind::Mapping(mapping.finish(self.file, &mut self.diagnostics))
            }
        };
        let start = if frame.tag.is_some() || frame.anchor > 0 {
            frame.start
        } else {
            frame.content.min(frame.start)
        };
        let node = Node { span: range(start, end.max(start)), tag: frame.tag, kind };
        self.finish_node(Built { node, size: frame.size, height: frame.height }, frame.anchor);
    }

    fn finish_node(&mut self, built: Built, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, built.clone());
        }
        self.push(built);
    }

    /// Adds a finished node to the open collection, or makes it the document's root.
    fn push(&mut self, built: Built) {
        let Some(frame) = self.stack.last_mut() else {
            if let Some(doc) = &mut self.doc {
                doc.root = Some(built);
            }
            return;
        };
        frame.end = frame.end.max(built.node.span.end as usize);
        frame.size = frame.size.saturating_add(built.size);
        frame.height = frame.height.max(built.height + 1);
        match &mut frame.kind {
            FrameKind::Sequence(items) => items.push(built.node),
            FrameKind::Mapping(mapping) => {
                mapping.push(built.node, self.file, &mut self.diagnostics);
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

/// An empty plain scalar standing for what could not be built.
fn null_node(span: TextRange) -> Node {
    let map = ScalarMapBuilder::new(span.start).finish();
    let scalar = Scalar { value: String::new(), style: ScalarStyle::Plain, map };
    Node { span, tag: None, kind: NodeKind::Scalar(scalar) }
}

/// A document without content (`---` alone) has an empty plain scalar as its root.
fn is_empty_document(node: &Node) -> bool {
    node.tag.is_none()
        && node.span.is_empty()
        && node
            .as_scalar()
            .is_some_and(|scalar| scalar.style == ScalarStyle::Plain && scalar.value.is_empty())
}
