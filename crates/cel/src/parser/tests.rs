//! Limits: deep nesting is an error, never a stack overflow.

use super::{ERROR_LIMIT, NESTING_LIMIT, SIZE_LIMIT, parse};
use crate::ParseErrorKind;

/// 250 levels take under 1 MiB of stack in a debug build and about 320 KiB in a release build.
const STACK: usize = 3 << 19;

/// `open` repeated `n` times, `middle`, `close` repeated `n` times.
fn nest(open: &str, middle: &str, close: &str, n: usize) -> String {
    format!("{}{middle}{}", open.repeat(n), close.repeat(n))
}

/// Expressions nesting `n` levels deep in different ways, and macros nesting `m` deep.
fn shapes(n: usize, m: usize) -> Vec<String> {
    vec![
        nest("(", "x", ")", n),
        nest("[", "x", "]", n),
        nest("{1: ", "x", "}", n),
        nest("f(", "x", ")", n),
        nest("a.b(", "x", ")", n),
        nest("a[", "x", "]", n),
        nest("-(", "x", ")", n),
        nest("!(", "x", ")", n),
        nest("M{f: ", "x", "}", n),
        nest("l.filter(y, ", "y", ")", m),
        nest("l.sortBy(y, ", "y", ")", m),
        format!("x{}", ".f".repeat(n)),
        format!("x{}", "[0]".repeat(n)),
        format!("x{}", " + x".repeat(n)),
        format!("x{}", " ? x : x".repeat(n)),
    ]
}

/// Runs `f` on a thread with a small stack, as a stack overflow would abort the process.
fn with_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(STACK).spawn(f).unwrap().join().unwrap();
}

#[test]
fn nesting_within_the_limit_parses() {
    with_small_stack(|| {
        // A filter adds 2 levels, a sortBy 5.
        for text in shapes(NESTING_LIMIT as usize - 1, NESTING_LIMIT as usize / 5 - 1) {
            let (ast, errors) = parse(&text);
            assert!(ast.is_some(), "{text}: {errors:?}");
        }
    });
}

#[test]
fn nesting_beyond_the_limit_is_an_error() {
    with_small_stack(|| {
        for n in [NESTING_LIMIT as usize, 2_000] {
            for text in shapes(n, n) {
                let (ast, errors) = parse(&text);
                assert!(ast.is_none(), "{}", &text[..40]);
                let kinds: Vec<_> = errors.iter().map(|e| e.kind).collect();
                assert_eq!(kinds, [ParseErrorKind::LimitExceeded], "{}", &text[..40]);
                assert_eq!(errors[0].message, "expression nests more than 250 levels deep");
            }
        }
    });
}

#[test]
fn the_limit_is_exact() {
    let limit = NESTING_LIMIT as usize;
    // The root counts as a level.
    assert!(parse(&nest("(", "x", ")", limit - 1)).0.is_some());
    assert!(parse(&nest("(", "x", ")", limit)).0.is_none());
    // A chain of n operators is a tree n + 1 high.
    assert!(parse(&format!("x{}", " + x".repeat(limit - 1))).0.is_some());
    assert!(parse(&format!("x{}", " + x".repeat(limit))).0.is_none());
}

#[test]
fn size_limit() {
    let ok = format!("'{}'", "a".repeat(SIZE_LIMIT - 2));
    assert!(parse(&ok).0.is_some());
    // The limit counts code points, not bytes.
    let ok = format!("'{}'", "é".repeat(SIZE_LIMIT - 2));
    assert!(parse(&ok).0.is_some());
    let (ast, errors) = parse(&format!("'{}'", "a".repeat(SIZE_LIMIT - 1)));
    assert!(ast.is_none());
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].message,
        "expression is too long: 100001 code points, the limit is 100000"
    );
}

#[test]
fn errors_are_capped() {
    let text = format!("'{}'", r"\q".repeat(1_000));
    let (ast, errors) = parse(&text);
    assert!(ast.is_none());
    assert_eq!(errors.len(), ERROR_LIMIT);
    let text = vec!["if"; 1_000].join(" + ");
    let (_, errors) = parse(&text);
    assert_eq!(errors.len(), ERROR_LIMIT);
}
