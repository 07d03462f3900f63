//! YAML → spanned node tree.
//!
//! [`parse_stream`] reads a YAML stream into [`Document`]s of [`Node`]s, each with the byte range
//! it covers in the file; every scalar carries a [`ScalarMap`] from offsets in its decoded value
//! back to the file.
//! Every problem is a `SY0001` diagnostic; parsing never fails and never panics.

mod build;
mod core;
mod embedded;
mod errors;
mod key_index;
mod mapping;
mod node;
mod offsets;
mod rescan_block;
mod rescan_flow;
mod scalar;
mod scalar_map;
mod scan_error;
mod source;

pub use embedded::parse_embedded;
pub use node::{CoreValue, Document, Entry, Node, NodeKind, Scalar, ScalarStyle};
pub use scalar_map::ScalarMap;

use switchyard_diagnostics::{Diagnostic, FileId};

/// Parses a YAML stream into documents of spanned nodes; never fails.
///
/// A leading byte order mark is skipped; spans stay offsets into `text`.
/// A parse error ends the stream: the documents before it are returned, followed by the failing
/// document as far as it was read (marked [`Document::truncated`]).
/// An empty stream, or one with only comments, has no documents.
pub fn parse_stream(text: &str, file: FileId) -> (Vec<Document>, Vec<Diagnostic>) {
    build::parse_stream(text, file)
}

/// The file's bytes as text, or a `SY0001` diagnostic at the first byte that is not UTF-8.
///
/// A leading UTF-8 byte order mark is kept, so offsets into the text are file offsets;
/// [`parse_stream`] skips it.
pub fn decode_source(bytes: &[u8], file: FileId) -> Result<&str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|error| errors::not_utf8(file, bytes, &error))
}
