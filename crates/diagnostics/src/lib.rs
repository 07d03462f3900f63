//! Source files, byte spans, line/column positions and the one `Diagnostic` type of Switchyard.
//!
//! Every stage of the front end reports problems as [`Diagnostic`] values with a stable
//! [`Code`] from the registry in [`codes`].
//! This crate does no IO and renders nothing on its own except through the miette adapter in
//! [`render`], which only the CLI uses.
//! It is the bottom of the dependency graph: it knows nothing about YAML, CEL or plans.

mod codes;
mod diagnostic;
pub mod render;
mod source;
mod span;
pub mod suggest;

pub use codes::{Code, CodeStatus};
pub use diagnostic::{Diagnostic, Label, Severity};
pub use source::{LineCol, SourceDb, SourceFile};
pub use span::{FileId, Span, TextRange};
