//! Building nodes from events: scalars, aliases, collections.

use saphyr_parser::Tag;
use switchyard_diagnostics::TextRange;

use super::{Builder, Built, Frame, FrameKind};
use crate::yaml::errors::{self, MAX_DEPTH};
use crate::yaml::mapping::MappingBuilder;
use crate::yaml::node::{Node, NodeKind, Scalar, ScalarStyle};
use crate::yaml::scalar::{ScalarSite, build_scalar};
use crate::yaml::scalar_map::ScalarMapBuilder;
use crate::yaml::source::{Properties, char_at, range, scan_properties};

impl Builder<'_> {
    /// A scalar event whose span is `start..end` in bytes, starting at character column
    /// `start_column`.
    pub(super) fn scalar(
        &mut self,
        value: String,
        style: saphyr_parser::ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        (start, end, start_column): (usize, usize, usize),
    ) {
        let props = (anchor > 0 || tag.is_some()).then(|| scan_properties(self.text, start, end));
        let site = ScalarSite { start, end, start_column, props, cursor: self.cursor };
        let (scalar, node_start, node_end) = build_scalar(self.text, value, style, site);
        let node_span = range(node_start, node_end);
        let tag = self.check_tag(tag, props, node_span, Some(&scalar));
        let node = Node { span: node_span, tag, kind: NodeKind::Scalar(scalar) };
        self.finish_node(Built { node, size: 1, height: 0 }, anchor);
    }

    /// The tag as written; reports tags outside the core schema.
    #[inline]
    pub(super) fn check_tag(
        &mut self,
        tag: Option<&Tag>,
        props: Option<Properties>,
        node_span: TextRange,
        scalar: Option<&Scalar>,
    ) -> Option<String> {
        Some(self.written_tag(tag?, props, node_span, scalar))
    }

    fn written_tag(
        &mut self,
        tag: &Tag,
        props: Option<Properties>,
        node_span: TextRange,
        scalar: Option<&Scalar>,
    ) -> String {
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
        written
    }

    pub(super) fn alias(&mut self, id: usize, alias_span: TextRange) {
        let name = self.text[alias_span.to_usize()].trim_start_matches('*').to_owned();
        let placeholder = Built { node: null_node(alias_span), size: 1, height: 0 };
        let anchored = match self.anchors.get(&id) {
            Some(Some(anchored)) => anchored,
            // The anchored node was too large to copy.
            Some(None) => {
                self.report_budget(alias_span);
                self.push(placeholder);
                return;
            }
            None => {
                let diagnostic = if self.stack.iter().any(|frame| frame.anchor == id) {
                    errors::recursive_alias(self.file, &name, alias_span)
                } else {
                    errors::unknown_alias(self.file, &name, alias_span)
                };
                self.diagnostics.push(diagnostic);
                self.push(placeholder);
                return;
            }
        };
        if self.stack.len() + anchored.height > MAX_DEPTH {
            self.diagnostics.push(errors::too_deep(self.file, alias_span));
            self.push(placeholder);
            return;
        }
        if self.expanded.saturating_add(anchored.size) > self.alias_limit {
            self.report_budget(alias_span);
            self.push(placeholder);
            return;
        }
        self.expanded += anchored.size;
        let mut built = anchored.clone();
        built.node.span = alias_span;
        self.push(built);
    }

    /// Reports, once per stream, that copying nodes for aliases went over the budget.
    fn report_budget(&mut self, span: TextRange) {
        if self.expanded <= self.alias_limit {
            self.diagnostics.push(errors::alias_limit(self.file, span, self.alias_limit));
            self.expanded = usize::MAX;
        }
    }

    pub(super) fn open(
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
            let at = char_at(self.text, start);
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
            FrameKind::Sequence(self.open_items.len())
        } else {
            FrameKind::Mapping(MappingBuilder::new(&self.open_entries))
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

    pub(super) fn close(&mut self, start: usize, end: usize) {
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

    pub(super) fn finish_frame(&mut self, frame: Frame, end: usize) {
        let kind = match frame.kind {
            FrameKind::Sequence(base) => {
                NodeKind::Sequence(self.open_items.drain(base..).collect())
            }
            FrameKind::Mapping(mapping) => NodeKind::Mapping(mapping.finish(
                &mut self.open_entries,
                self.file,
                &mut self.diagnostics,
            )),
        };
        let start = if frame.tag.is_some() || frame.anchor > 0 {
            frame.start
        } else {
            frame.content.min(frame.start)
        };
        let node = Node { span: range(start, end.max(start)), tag: frame.tag, kind };
        self.finish_node(Built { node, size: frame.size, height: frame.height }, frame.anchor);
    }

    pub(super) fn finish_node(&mut self, built: Built, anchor: usize) {
        if anchor > 0 {
            // The copy kept for aliases counts against the same budget as their expansion, so
            // nested anchors over an expanded alias cannot multiply memory either.
            let copy = if self.expanded.saturating_add(built.size) <= self.alias_limit {
                self.expanded += built.size;
                Some(built.clone())
            } else {
                None
            };
            self.anchors.insert(anchor, copy);
        }
        self.push(built);
    }

    /// Adds a finished node to the open collection, or makes it the document's root.
    pub(super) fn push(&mut self, built: Built) {
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
            FrameKind::Sequence(_) => self.open_items.push(built.node),
            FrameKind::Mapping(mapping) => {
                mapping.push(&mut self.open_entries, built.node, self.file, &mut self.diagnostics);
            }
        }
    }
}

/// An empty plain scalar standing for what could not be built.
fn null_node(span: TextRange) -> Node {
    let map = ScalarMapBuilder::new(span.start).finish();
    let scalar = Scalar { value: String::new(), style: ScalarStyle::Plain, map };
    Node { span, tag: None, kind: NodeKind::Scalar(scalar) }
}
