//! The check part: whether our parser and checker agree with one conformance test.

use switchyard_cel::ast::Ast;
use switchyard_cel::env::Env;
use switchyard_cel::{ParseErrorKind, check};

use super::data::{Case, Expect};
use super::env::{cel_type, for_test};
use super::report::Outcome;

/// Tests whose checking is disabled (`disable_check`) because the expression is ill-typed,
/// although it evaluates to a value when the checker is bypassed. Our checker must reject them
/// (as cel-go's does); each entry says why the expression is ill-typed.
const ILL_TYPED: &[(&str, &str)] = &[
    ("basic/variables/unbound_is_runtime_error", "`x` is not declared"),
    ("basic/functions/unbound_is_runtime_error", "`f_unknown` is not declared"),
    ("comparisons/eq_literal/not_eq_list_length", "`_==_(A, A)`: list(string) vs list(int)"),
    ("comparisons/eq_literal/eq_mixed_types", "`_==_(A, A)`: double vs int"),
    ("comparisons/eq_literal/eq_list_elem_mixed_types", "`_==_(A, A)`: list(int) vs list(double)"),
    ("comparisons/ne_literal/ne_mixed_types", "`_!=_(A, A)`: uint vs int"),
    ("logic/conditional/mixed_type", "`_?_:_(bool, A, A)`: string vs int"),
    ("logic/AND/short_circuit_type_left", "`_&&_` takes bools: int"),
    ("logic/AND/short_circuit_type_right", "`_&&_` takes bools: string"),
    ("logic/OR/short_circuit_type_left", "`_||_` takes bools: int"),
    ("logic/OR/short_circuit_type_right", "`_||_` takes bools: string"),
];

/// Receiver calls whose function names are reserved words, on an undeclared `a`: only parsing
/// is under test.
const RESERVED_RECEIVER_CALLS: &str = "parse/receiver_function_names/";

/// Parses the test's expression (the first step of both parts), or gives the verdict when it is
/// not to be parsed or does not parse.
pub(crate) fn parse(case: &Case) -> Result<Ast, Outcome> {
    if case.disable_macros {
        return Err(Outcome::Skip("disable_macros: the parser always expands macros"));
    }
    let (ast, parse_errors) = switchyard_cel::parse(&case.expr);
    if let Some(ast) = ast {
        return Ok(ast);
    }
    if case.expects_parse_error() {
        return Err(Outcome::Pass("parse error expected and found"));
    }
    Err(match parse_errors.first() {
        Some(error) if error.kind == ParseErrorKind::UnsupportedSyntax => {
            Outcome::Skip("optional syntax (`.?`, `[?`) is not supported")
        }
        Some(error) => Outcome::Fail(format!("parse error: {} at {:?}", error.message, error.span)),
        None => Outcome::Fail("parse error, none reported".to_owned()),
    })
}

pub(crate) fn judge(case: &Case, base: &Env) -> Outcome {
    let ast = match parse(case) {
        Ok(ast) => ast,
        Err(outcome) => return outcome,
    };
    if case.expects_parse_error() {
        return Outcome::Fail("parsed, but the test expects a parse error".to_owned());
    }
    let env = for_test(base, &case.container, &case.decls);
    let (checked, errors) = check(&ast, &env);
    if case.disable_check {
        return judge_unchecked(case, errors.first().map(|error| error.message.as_str()));
    }
    if let Some(error) = errors.first() {
        return Outcome::Fail(format!("false positive: {error} at {:?}", error.span));
    }
    if let Some(deduced) = &case.deduced_type {
        let expected = cel_type(deduced);
        let actual = checked.result_type();
        if *actual != expected {
            return Outcome::Fail(format!("deduced type {actual}, expected {expected}"));
        }
        return Outcome::Pass("checked, with the stated type");
    }
    Outcome::Pass("checked")
}

/// A test that disables checking: our checker must reject what fails with a type error at run
/// time (else it would be unsound), and must accept what is well-typed (else it has a false
/// positive) unless the test is known to be ill-typed.
fn judge_unchecked(case: &Case, first_error: Option<&str>) -> Outcome {
    let runtime_type_error = match &case.expects {
        Expect::Errors(messages) => messages.iter().find(|message| {
            [
                "no matching overload",
                "no such overload",
                "unbound function",
                "undeclared reference",
                "does not support field selection",
            ]
            .iter()
            .any(|pattern| message.contains(pattern))
        }),
        _ => None,
    };
    match first_error {
        None => match runtime_type_error {
            Some(message) => {
                Outcome::Fail(format!("unsound: accepted, but fails with `{message}`"))
            }
            None => Outcome::Pass("unchecked test: accepted"),
        },
        Some(_) if matches!(case.expects, Expect::Errors(_)) => {
            Outcome::Pass("unchecked test: rejected, fails at run time")
        }
        Some(_) if ILL_TYPED.iter().any(|(path, _)| *path == case.path) => {
            Outcome::Pass("unchecked test: rejected, reviewed ill-typed")
        }
        Some(_) if case.path.starts_with(RESERVED_RECEIVER_CALLS) => {
            Outcome::Pass("unchecked test: rejected, `a` undeclared (parse-only test)")
        }
        Some(message) => Outcome::Fail(format!("false positive on an unchecked test: {message}")),
    }
}
