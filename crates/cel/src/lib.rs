//! The CEL front end of Switchyard: lexer, parser, macro expansion, type system and type checker
//! for the Common Expression Language as traffic policies embed it (`spec/cel.md`, cel-spec's
//! `langdef.md`).
//!
//! [`parse`] turns one expression text into an [`ast::Ast`]: a tree whose every node has an
//! [`ast::ExprId`], with side tables of byte spans (in the expression text, not the policy file)
//! and of the macro calls that were expanded. It never panics and reports every syntax problem
//! as a [`ParseError`] with the exact offending bytes.
//!
//! [`check`] types a parsed expression in an [`Env`] (declared variables, object types and
//! functions, on top of CEL's standard library), after cel-go's checker: a [`Type`] per node,
//! what every name, field and call resolves to ([`check::CheckedAst`]), and every
//! [`check::TypeError`]. It never fails either: an ill-typed node gets the `error` type, which
//! checking carries on with, so one mistake is one error.
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
//!
//! let mut env = switchyard_cel::Env::standard();
//! env.declare_object(switchyard_cel::env::ObjectType::new("AIModel").field("provider_id", switchyard_cel::Type::String));
//! env.declare_variable("ai.models", switchyard_cel::Type::list(switchyard_cel::Type::object("AIModel")));
//! let (checked, errors) = switchyard_cel::check(&ast, &env);
//! assert!(errors.is_empty());
//! assert_eq!(checked.result_type().to_string(), "list(AIModel)");
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ast;
pub mod check;
pub mod env;
mod error;
mod lexer;
mod parser;
pub mod types;

pub use check::check;
pub use env::Env;
pub use error::{ParseError, ParseErrorKind};
pub use parser::parse;
pub use types::Type;
