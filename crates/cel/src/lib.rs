//! The CEL front end of Switchyard: lexer, parser and macro expansion for the Common Expression
//! Language as traffic policies embed it (`spec/cel.md`, cel-spec's `langdef.md`).
//!
//! [`parse`] turns one expression text into an [`ast::Ast`]: a tree whose every node has an
//! [`ast::ExprId`], with side tables of byte spans (in the expression text, not the policy file)
//! and of the macro calls that were expanded. It never panics and reports every syntax problem
//! as a [`ParseError`] with the exact offending bytes.
//!
//! What this crate is not: it does not evaluate expressions (the runtime does, on lowered and
//! checked plans), it knows nothing about YAML or where an expression sits in a policy (the
//! caller maps spans back to the file), and it does no IO.
//!
//! ```
//! let (ast, errors) = switchyard_cel::parse("ai.models.filter(m, m.provider_id == 'openai')");
//! assert!(errors.is_empty());
//! let ast = ast.unwrap();
//! let call = ast.macro_calls().first().unwrap();
//! assert_eq!(call.kind.name(), "filter");
//! assert_eq!(ast.op_span(call.expansion).to_usize(), 10..16);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ast;
mod error;
mod lexer;
mod parser;

pub use error::{ParseError, ParseErrorKind};
pub use parser::parse;
