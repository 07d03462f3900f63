//! `unguarded-index`: reading a header or key that may be absent without testing for it in the
//! same expression (spec: cel.md §6).

use switchyard_cel::ast::{Constant, Expr, ExprKind};
use switchyard_cel::check::Reference;
use switchyard_diagnostics::{Code, Diagnostic};

use super::Checked;
use crate::lints::Sink;

/// A read that fails when its key is absent.
struct Read<'e> {
    /// The indexing node.
    index: &'e Expr,
    /// The source text of the map (`req.headers`) or of the header function (`getReqHeader`).
    map: String,
    /// The key: a string literal's value, or the source text of a key expression.
    key: Key,
    /// The guard to suggest.
    guard: String,
}

#[derive(PartialEq)]
enum Key {
    Literal(String),
    Expression(String),
}

pub(crate) fn check(expressions: &[Checked<'_>], sink: &mut Sink<'_>) {
    for expression in expressions {
        let mut reads = Vec::new();
        let mut guards = Vec::new();
        crate::visit::visit(expression.ast.root(), &mut |expr| {
            if let Some(read) = read(expression, expr) {
                reads.push(read);
            }
            if let Some(guard) = guard(expression, expr) {
                guards.push(guard);
            }
        });
        for read in reads {
            let guarded = guards.iter().any(|(map, key)| {
                *key == read.key && (map == &read.map || header_function_pair(map, &read.map))
            });
            if guarded {
                continue;
            }
            let what = match &read.key {
                Key::Literal(key) => format!("'{key}'"),
                Key::Expression(text) => format!("`{text}`"),
            };
            let message = format!("`{}` fails when {what} is absent", text(expression, read.index));
            let diagnostic = Diagnostic::new(Code::PL0019, message)
                .with_primary(expression.span(sink, read.index.id), "may be absent")
                .with_help(format!("guard it in the same expression: `{} && ...`", read.guard));
            sink.push(diagnostic);
        }
    }
}

fn text<'a>(expression: &'a Checked<'_>, expr: &Expr) -> &'a str {
    &expression.place.source.text[expression.ast.span(expr.id).to_usize()]
}

fn literal(expr: &Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::Const(Constant::String(value)) => Some(value),
        _ => None,
    }
}

/// An index into `req.headers`-like maps, `m.metrics.api_keys`, or the first value of
/// `getReqHeader('x')`.
fn read<'e>(expression: &Checked<'_>, expr: &'e Expr) -> Option<Read<'e>> {
    let ExprKind::Call(call) = &expr.kind else { return None };
    let ("_[_]", [target, key]) = (call.function.as_str(), call.args.as_slice()) else {
        return None;
    };
    match &target.kind {
        ExprKind::Call(getter)
            if matches!(
                getter.function.as_str(),
                "getReqHeader" | "getResHeader" | "getQueryParam"
            ) =>
        {
            let name = literal(getter.args.first()?)?;
            let has = getter.function.replacen("get", "has", 1);
            Some(Read {
                index: expr,
                map: getter.function.to_string(),
                key: Key::Literal(name.to_ascii_lowercase()),
                guard: format!("{has}('{name}')"),
            })
        }
        _ => {
            let Some(Reference::Field { object, field }) = expression.typed.reference(target.id)
            else {
                return None;
            };
            let map_like = matches!(
                (&**object, field.as_str()),
                ("Request" | "Response", "headers" | "trailers" | "cookies")
                    | ("Url", "query_params")
                    | ("Metrics", "api_keys")
            );
            if !map_like {
                return None;
            }
            let map = text(expression, target).to_owned();
            let key = match literal(key) {
                Some(value) => Key::Literal(value.to_ascii_lowercase()),
                None => Key::Expression(text(expression, key).to_owned()),
            };
            let guard = match &key {
                Key::Literal(_) => format!("{} in {map}", text(expression, call.args.get(1)?)),
                Key::Expression(text) => format!("{text} in {map}"),
            };
            Some(Read { index: expr, map, key, guard })
        }
    }
}

/// A test that a key is present: `'k' in map`, `has(map.k)`, `hasReqHeader('k')`.
fn guard(expression: &Checked<'_>, expr: &Expr) -> Option<(String, Key)> {
    match &expr.kind {
        ExprKind::Call(call) => match (call.function.as_str(), call.args.as_slice()) {
            ("@in", [key, map]) => {
                let key = match literal(key) {
                    Some(value) => Key::Literal(value.to_ascii_lowercase()),
                    None => Key::Expression(text(expression, key).to_owned()),
                };
                Some((text(expression, map).to_owned(), key))
            }
            ("hasReqHeader" | "hasResHeader" | "hasQueryParam", [name]) => Some((
                call.function.replacen("has", "get", 1),
                Key::Literal(literal(name)?.to_ascii_lowercase()),
            )),
            _ => None,
        },
        ExprKind::Select(select) if select.test_only => Some((
            text(expression, &select.operand).to_owned(),
            Key::Literal(select.field.to_ascii_lowercase()),
        )),
        _ => None,
    }
}

/// `hasReqHeader('x')` guards `req.headers['x']` and `'x' in req.headers` guards
/// `getReqHeader('x')`.
fn header_function_pair(a: &str, b: &str) -> bool {
    let pair = |a: &str, b: &str| {
        (a == "getReqHeader" && b == "req.headers")
            || (a == "getResHeader" && b == "res.headers")
            || (a == "getQueryParam" && b == "req.url.query_params")
    };
    pair(a, b) || pair(b, a)
}
