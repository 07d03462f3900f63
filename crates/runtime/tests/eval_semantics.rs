//! CEL semantics through the whole chain: parse, check, lower, link, evaluate.

mod eval_support;

use eval_support::{ENVS, eval_in};
use switchyard_runtime::eval::{Activation, ErrorKind};
use switchyard_runtime::value::Value;

#[track_caller]
fn value(source: &str) -> Value {
    eval_in(source, ENVS.model, &Activation::new())
        .unwrap_or_else(|error| panic!("{source}: {error}"))
}

#[track_caller]
fn error(source: &str) -> ErrorKind {
    match eval_in(source, ENVS.model, &Activation::new()) {
        Ok(value) => panic!("{source}: expected an error, got {value:?}"),
        Err(error) => error.kind(),
    }
}

#[test]
fn arithmetic_checks_overflow_and_division() {
    assert_eq!(value("1 + 2 * 3"), Value::Int(7));
    assert_eq!(error("9223372036854775807 + 1"), ErrorKind::Overflow);
    assert_eq!(error("-9223372036854775808 - 1"), ErrorKind::Overflow);
    assert_eq!(error("1 / 0"), ErrorKind::DivisionByZero);
    assert_eq!(error("1 % 0"), ErrorKind::ModulusByZero);
    assert_eq!(error("0u - 1u"), ErrorKind::Overflow);
    assert_eq!(value("1.0 / 0.0"), Value::Double(f64::INFINITY));
}

#[test]
fn logic_absorbs_errors_commutatively() {
    assert_eq!(value("1 / 0 == 1 && false"), Value::Bool(false));
    assert_eq!(value("false && 1 / 0 == 1"), Value::Bool(false));
    assert_eq!(value("1 / 0 == 1 || true"), Value::Bool(true));
    assert_eq!(error("1 / 0 == 1 || false"), ErrorKind::DivisionByZero);
    assert_eq!(value("[1, 0].exists(x, 1 / x == 1)"), Value::Bool(true));
    assert_eq!(value("[0, 1].all(x, x > 0 && 1 / x == 1)"), Value::Bool(false));
    assert_eq!(error("[0, 1].all(x, 1 / x == 1)"), ErrorKind::DivisionByZero);
}

#[test]
fn filters_over_comparisons_keep_the_semantics_of_their_expansion() {
    // Run a comparison at a time (eval/scan.rs); the results and errors must be the
    // element-by-element ones: `false` wins over an error, else the first element's error.
    assert_eq!(error("[{'a': 1}, {'b': 2}].filter(x, x.a == 1)"), ErrorKind::NoSuchKey);
    assert_eq!(
        value("[dyn({'b': 2}), dyn({'a': 1, 'b': 3})].filter(x, x.a == 1 && x.b == 3).map(x, x.b)"),
        Value::from(vec![3_i64])
    );
    assert_eq!(error("[{'b': 3}].filter(x, x.a == 1 && x.b == 3)"), ErrorKind::NoSuchKey);
    assert_eq!(
        error("[dyn({'a': 1, 'b': 1}), dyn({'a': 1})].filter(x, x.b == 1 && x.a < 'z')"),
        ErrorKind::NoMatchingOverload
    );
    assert_eq!(value("[1, 2, 3].filter(x, 2 == x)"), Value::from(vec![2_i64]));
    assert_eq!(value("[1, 2, 3].filter(x, x != 2 && x <= 3)"), Value::from(vec![1_i64, 3]));
    assert_eq!(value("[1.0, 0.0 / 0.0, 2.0].filter(x, x < 1.5)"), Value::from(vec![1.0]));
    assert_eq!(value("['a', 'b'].filter(x, x == 'b')"), Value::from(vec!["b"]));
    assert_eq!(value("[dyn(1), dyn('b')].filter(x, x == 'b')"), Value::from(vec!["b"]));
    assert_eq!(value("{'a': 1, 'b': 2}.filter(k, k == 'b')"), Value::from(vec!["b"]));
    // A selection (the first filter's result) scanned through its base list's projection,
    // whose second element has no `a`.
    assert_eq!(
        value("[{'a': 1}, {'b': 2}, {'a': 3}].filter(x, 'a' in x).filter(x, x.a > 1).map(x, x.a)"),
        Value::from(vec![3_i64])
    );
    assert_eq!(
        value("[{'a': 2}, {'a': 1}].sortBy(x, x.a).map(x, x.a)"),
        Value::from(vec![1_i64, 2])
    );
    assert_eq!(error("[{'a': 2}, {'b': 1}].sortBy(x, x.a)"), ErrorKind::NoSuchKey);
}

#[test]
fn macros_and_collections() {
    assert_eq!(value("[1, 2, 3].filter(x, x > 1)"), Value::from(vec![2_i64, 3]));
    assert_eq!(value("[1, 2, 3].map(x, x * 2)"), Value::from(vec![2_i64, 4, 6]));
    assert_eq!(value("[1, 2, 3].map(x, x > 1, x * 2)"), Value::from(vec![4_i64, 6]));
    assert_eq!(value("[1, 2, 3].exists_one(x, x > 2)"), Value::Bool(true));
    assert_eq!(value("{'a': 1, 'b': 2}.filter(k, k != 'a')"), Value::from(vec!["b"]));
    assert_eq!(value("[3, 1, 2].sortBy(x, x)"), Value::from(vec![1_i64, 2, 3]));
    assert_eq!(
        value("[[1], [2, 3]].map(l, l.map(x, x + 1))"),
        Value::from(vec![vec![2_i64], vec![3, 4]])
    );
    assert_eq!(value("dyn(1u) in [1, 2]"), Value::Bool(true));
    assert_eq!(value("dyn({1: 'a'})[1u]"), Value::from("a"));
    assert_eq!(value("dyn({1: 'a'})[1.0]"), Value::from("a"));
    assert_eq!(error("{1: 'a'}[2]"), ErrorKind::NoSuchKey);
    assert_eq!(error("[1][1]"), ErrorKind::IndexOutOfRange);
    assert_eq!(value("[1, 2] == [1.0, 2u]"), Value::Bool(true));
}

#[test]
fn strings_conversions_and_time() {
    assert_eq!(value("size('héllo')"), Value::Int(5));
    assert_eq!(value("'hello'.matches('^h.*o$')"), Value::Bool(true));
    assert_eq!(value("int('42') + int(2.9) + int(-2.9)"), Value::Int(42));
    assert_eq!(error("int(1e19)"), ErrorKind::Overflow);
    assert_eq!(value("string(1.5) + string(2u) + string(true)"), Value::from("1.52true"));
    assert_eq!(value("timestamp('2024-01-02T03:04:05Z').getFullYear()"), Value::Int(2024));
    assert_eq!(
        value("timestamp('2024-01-02T03:04:05Z').getHours('America/New_York')"),
        Value::Int(22)
    );
    assert_eq!(value("duration('1h30m').getMinutes()"), Value::Int(90));
    assert_eq!(
        value(
            "timestamp('2024-01-01T00:00:00Z') + duration('36h') == timestamp('2024-01-02T12:00:00Z')"
        ),
        Value::Bool(true)
    );
    assert_eq!(value("type(1) == int && type('a') == string"), Value::Bool(true));
    assert_eq!(value("'a,b,c'.split(',').join('-')"), Value::from("a-b-c"));
    assert_eq!(value("'%s is %d'.format(['x', 3])"), Value::from("x is 3"));
}
