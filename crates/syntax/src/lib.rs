//! Traffic-policy syntax: YAML → spanned node tree → typed policy AST, with `${...}` templates
//! split out.
//!
//! Nothing here fails: every entry point returns the best result it can together with the
//! diagnostics it found.
//! This crate knows nothing about CEL types or routing plans.

pub mod yaml;
