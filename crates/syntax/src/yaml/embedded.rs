//! YAML embedded in a string scalar (a wrapper's `traffic_policy: |` block, say).

use switchyard_diagnostics::{Diagnostic, FileId};

use super::node::{Document, Node, NodeKind, Scalar};

/// Parses the value of `scalar` as a YAML stream, with every span, scalar map and diagnostic
/// mapped to offsets in the file that holds `scalar`; never fails.
pub fn parse_embedded(scalar: &Scalar, file: FileId) -> (Vec<Document>, Vec<Diagnostic>) {
    let (mut documents, mut diagnostics) = super::parse_stream(&scalar.value, file);
    for document in &mut documents {
        document.span = scalar.file_range(document.span);
        if let Some(root) = &mut document.root {
            remap(root, scalar);
        }
    }
    for diagnostic in &mut diagnostics {
        for label in &mut diagnostic.labels {
            label.span.range = scalar.file_range(label.span.range);
        }
    }
    (documents, diagnostics)
}

/// Maps the spans of `node` and its children (nesting is bounded by the parser's depth limit).
fn remap(node: &mut Node, outer: &Scalar) {
    node.span = outer.file_range(node.span);
    match &mut node.kind {
        NodeKind::Scalar(scalar) => scalar.map = scalar.map.compose(&outer.map),
        NodeKind::Sequence(items) => items.iter_mut().for_each(|item| remap(item, outer)),
        NodeKind::Mapping(entries) => {
            for entry in entries {
                remap(&mut entry.key, outer);
                remap(&mut entry.value, outer);
            }
        }
    }
}
