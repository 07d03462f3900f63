//! YAML → spanned node tree.

mod core;
mod node;
mod scalar_map;

pub use node::{CoreValue, Document, Entry, Node, NodeKind, Scalar, ScalarStyle};
pub use scalar_map::ScalarMap;

use switchyard_diagnostics::{Diagnostic, FileId};

/// Parses a YAML stream into documents of spanned nodes; never fails.
pub fn parse_stream(text: &str, file: FileId) -> (Vec<Document>, Vec<Diagnostic>) {
    let _ = (text, file);
    (Vec::new(), Vec::new())
}
