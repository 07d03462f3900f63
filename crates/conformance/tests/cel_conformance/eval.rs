//! The eval part: whether the evaluator agrees with one conformance test.

use switchyard_cel::check;
use switchyard_runtime::eval::{Activation, Program, Registry};
use switchyard_runtime::value::Value;

use super::check::parse;
use super::data::{Case, Expect, message};
use super::env::for_test;
use super::proto::{expected, same};
use super::report::Outcome;
use super::unchecked;

pub(crate) fn judge(case: &Case, base: &switchyard_cel::Env, registry: &Registry) -> Outcome {
    if matches!(case.expects, Expect::Unknown) {
        return Outcome::Skip("unknown values (partial evaluation) are not supported");
    }
    let ast = match parse(case) {
        Ok(ast) => ast,
        Err(outcome) => return outcome,
    };
    let env = for_test(base, &case.container, &case.decls);
    let (checked, errors) = check(&ast, &env);
    let expr = if errors.is_empty() {
        if case.check_only {
            return Outcome::Pass("check only: checked");
        }
        switchyard_compile::lower::lower(&ast, &checked)
    } else if case.disable_check {
        if matches!(case.expects, Expect::Errors(_)) {
            return Outcome::Pass("unchecked test: rejected by the checker, fails at run time");
        }
        unchecked::lower(ast.root(), &env)
    } else {
        return Outcome::Fail(format!("check error: {}", errors[0]));
    };
    let mut registry = registry.clone();
    for decl in &case.decls {
        if decl.has_field_by_name("ident") {
            registry.add_variable(&super::data::string(decl, "name"));
        }
    }
    if case.disable_check {
        // Unchecked, unknown names fail at run time (cel-go's "undeclared reference" and
        // "unbound function"): declare them without binding them.
        for name in unchecked::unknown_variables(&expr, &registry) {
            registry.add_variable(&name);
        }
    }
    let program = match Program::link(&expr, &registry) {
        Ok(program) => program,
        Err(error) if matches!(case.expects, Expect::Errors(_)) && case.disable_check => {
            let _ = error;
            return Outcome::Pass("unchecked test: refused at link, fails at run time");
        }
        Err(error) => return Outcome::Fail(format!("link error: {error}")),
    };
    let mut activation = Activation::new();
    for (name, binding) in &case.bindings {
        // A binding of an undeclared variable is ignored, as cel-go ignores it.
        let slot = registry.add_variable(name);
        if !binding.has_field_by_name("value") {
            return Outcome::Skip("bindings to errors or unknowns are not supported");
        }
        activation.set(slot, expected(&message(binding, "value")));
    }
    let result = program.eval(&activation);
    match (&case.expects, result) {
        (Expect::Value(want), Ok(got)) => {
            let want = want.as_ref().map_or(Value::Bool(true), expected);
            if same(&want, &got) {
                Outcome::Pass("evaluated to the expected value")
            } else {
                Outcome::Fail(format!("got {got:?}, expected {want:?}"))
            }
        }
        (Expect::Value(_), Err(error)) => Outcome::Fail(format!("error: {error}")),
        (Expect::Errors(_), Err(_)) => Outcome::Pass("failed as expected"),
        (Expect::Errors(messages), Ok(got)) => {
            Outcome::Fail(format!("got {got:?}, expected an error: {messages:?}"))
        }
        (Expect::Unknown, _) => Outcome::Skip("unknown values are not supported"),
    }
}
