//! Traffic-policy syntax: YAML → spanned node tree → typed policy AST, with `${...}` templates
//! split out.
//!
//! Nothing here fails: [`parse_policy_file`] returns the best AST it can together with every
//! problem it found, each a located [`switchyard_diagnostics::Diagnostic`].
//! This crate knows nothing about CEL types or routing plans: CEL expressions are collected
//! with their source maps ([`ast::CelSource`]) for the checker to parse.

pub mod action_kinds;
pub mod ast;
mod decode;
pub mod duration;
pub mod template;
pub mod yaml;

pub use decode::parse_policy_file;
