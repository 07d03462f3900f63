//! Differential test against the `cel` crate (0.15), a CEL interpreter without a type checker:
//! every expression our checker rejects as ill-typed must also fail there when evaluated, unless
//! the difference is one of those documented in `DOCUMENTED` below.
//!
//! The expressions are generated: every binary operator over every pair of operands of
//! different types, and calls of standard functions with wrong argument types.
#![allow(clippy::print_stdout, reason = "the test prints its summary")]

use std::collections::{BTreeMap, HashMap};

use switchyard_cel::{Env, Type};

/// Operands of every type, as literals and as variables bound to values of that type.
const OPERANDS: &[&str] = &[
    "1", "2u", "1.5", "'a'", "b'a'", "true", "false", "null", "[1, 2]", "{'k': 1}", "i", "s", "d",
    "b", "l", "m",
];

const BINARY: &[&str] =
    &["+", "-", "*", "/", "%", "<", "<=", ">", ">=", "==", "!=", "&&", "||", "in"];

/// Calls of standard functions, each applied to every operand.
const CALLS: &[&str] = &[
    "size(X)",
    "X.size()",
    "X.startsWith('a')",
    "'a'.startsWith(X)",
    "X.contains('a')",
    "X.matches('a')",
    "int(X)",
    "uint(X)",
    "double(X)",
    "string(X)",
    "bool(X)",
    "bytes(X)",
    "!X",
    "-X",
    "X[0]",
    "X['k']",
    "X.exists(v, true)",
    "X ? 1 : 2",
    "X.all(v, v)",
];

/// A class of expressions that our checker rejects and the `cel` crate evaluates without error.
struct Documented {
    /// The binary operator of the class.
    operator: &'static str,
    /// Further condition on the right operand, if any.
    right: Option<fn(&str) -> bool>,
    /// Why the results differ.
    #[allow(dead_code, reason = "documentation for the reader of the test")]
    reason: &'static str,
}

/// Every class of difference, with its reason. A difference in no class fails the test, and so
/// does a class that no longer occurs.
const DOCUMENTED: &[Documented] = &[
    Documented {
        operator: "==",
        right: None,
        reason: "CEL evaluates equality across types (`'a' == 1` is false), but its checker declares                  `_==_` as (A, A) -> bool, as cel-go does: comparing values of different types is a                  type error, which catches `req.content_length == '10'` before production",
    },
    Documented { operator: "!=", right: None, reason: "as for `==`" },
    Documented {
        operator: "in",
        right: None,
        reason: "`in` is equality against each element or key: the `cel` crate answers false for an                  element of another type, the checker requires the element (or key) type",
    },
    Documented {
        operator: "||",
        right: None,
        reason: "`true || x` is true without evaluating `x` (CEL's commutative short-circuit), so a                  non-boolean operand goes unnoticed at run time; the checker requires both operands                  to be bool",
    },
    Documented { operator: "&&", right: None, reason: "as for `||`, with `false && x`" },
    Documented {
        operator: "+",
        right: Some(|right| right == "m" || right.starts_with('{')),
        reason: "a bug of the `cel` crate: it concatenates a list with the keys of a map; CEL defines                  no `list + map`",
    },
];

impl Documented {
    fn covers(&self, expr: &str) -> bool {
        let Some((_, right)) = expr.split_once(&format!(" {} ", self.operator)) else {
            return false;
        };
        self.right.is_none_or(|condition| condition(right))
    }
}

fn env() -> Env {
    let mut env = Env::standard();
    for (name, ty) in [
        ("i", Type::Int),
        ("s", Type::String),
        ("d", Type::Double),
        ("b", Type::Bool),
        ("l", Type::list(Type::Int)),
        ("m", Type::map(Type::String, Type::Int)),
    ] {
        env.declare_variable(name, ty);
    }
    env
}

fn context() -> cel::Context<'static, 'static> {
    let mut context = cel::Context::default();
    context.add_variable_from_value("i", 1i64);
    context.add_variable_from_value("s", "a");
    context.add_variable_from_value("d", 1.5f64);
    context.add_variable_from_value("b", true);
    context.add_variable_from_value("l", vec![1i64, 2]);
    context.add_variable_from_value("m", HashMap::from([("k".to_owned(), 1i64)]));
    context
}

fn corpus() -> Vec<String> {
    let mut out = Vec::new();
    for left in OPERANDS {
        for right in OPERANDS {
            for op in BINARY {
                out.push(format!("{left} {op} {right}"));
            }
        }
        for call in CALLS {
            out.push(call.replace('X', left));
        }
    }
    out
}

#[test]
fn every_rejected_expression_fails_in_the_cel_crate() {
    let env = env();
    let context = context();
    let mut rejected = 0;
    let mut differences: BTreeMap<String, String> = BTreeMap::new();
    for expr in corpus() {
        let (ast, parse_errors) = switchyard_cel::parse(&expr);
        let Some(ast) = ast.filter(|_| parse_errors.is_empty()) else { continue };
        let (_, errors) = switchyard_cel::check(&ast, &env);
        let Some(error) = errors.first() else { continue };
        rejected += 1;
        let outcome = cel::Program::compile(&expr).map(|program| program.execute(&context));
        if let Ok(Ok(value)) = outcome {
            differences.insert(expr, format!("{value:?} (we: {error})"));
        }
    }
    assert!(rejected > 1_000, "only {rejected} rejected expressions: the corpus lost its point");
    let undocumented: Vec<_> = differences
        .iter()
        .filter(|(expr, _)| !DOCUMENTED.iter().any(|class| class.covers(expr)))
        .collect();
    let stale: Vec<&str> = DOCUMENTED
        .iter()
        .filter(|class| !differences.keys().any(|expr| class.covers(expr)))
        .map(|class| class.operator)
        .collect();
    assert!(
        undocumented.is_empty() && stale.is_empty(),
        "undocumented differences: {undocumented:#?}\nstale classes: {stale:?}"
    );
    println!(
        "differential: {rejected} ill-typed expressions, {} evaluate in the cel crate, all in {} documented classes",
        differences.len(),
        DOCUMENTED.len()
    );
}
