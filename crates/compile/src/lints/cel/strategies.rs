//! `unreachable-strategy` and `missing-catch-all`.

use switchyard_cel::ast::{Constant, Expr, ExprKind, MacroKind};
use switchyard_cel::check::Reference;
use switchyard_diagnostics::{Code, Diagnostic};

use super::{Checked, nodes};
use crate::lints::Sink;
use crate::places::PlaceKind;

pub(crate) fn check(expressions: &[Checked<'_>], sink: &mut Sink<'_>) {
    // Strategies of one list are consecutive places of the same kind and gateway.
    let mut start = 0;
    while start < expressions.len() {
        let first = &expressions[start].place;
        let is_strategy = matches!(first.kind, PlaceKind::ModelStrategy | PlaceKind::KeyStrategy);
        let mut end = start + 1;
        while end < expressions.len()
            && expressions[end].place.kind == first.kind
            && same_gateway(first.gateway, expressions[end].place.gateway)
        {
            end += 1;
        }
        if is_strategy {
            check_list(&expressions[start..end], sink);
        }
        start = end;
    }
}

fn same_gateway<T>(a: Option<&T>, b: Option<&T>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => std::ptr::eq(a, b),
        _ => false,
    }
}

fn check_list(strategies: &[Checked<'_>], sink: &mut Sink<'_>) {
    let never_empty: Vec<bool> = strategies.iter().map(is_never_empty).collect();
    if let Some(index) = never_empty.iter().position(|never_empty| *never_empty) {
        if let Some(next) = strategies.get(index + 1) {
            let catch_all = &strategies[index];
            let count = strategies.len() - index - 1;
            let message = format!(
                "{} after `{}` never {}",
                if count == 1 { "the strategy" } else { "the strategies" },
                catch_all.place.source.text.trim(),
                if count == 1 { "runs" } else { "run" }
            );
            let diagnostic = Diagnostic::new(Code::PL0013, message)
                .with_primary(catch_all_span(next, sink), "unreachable")
                .with_secondary(
                    catch_all_span(catch_all, sink),
                    "never empty when any candidate exists",
                )
                .with_help(
                    "strategies are tried in order until one is not empty: put the catch-all last",
                );
            sink.push(diagnostic);
        }
    } else if let Some(last) =
        strategies.last().filter(|last| last.place.kind == PlaceKind::ModelStrategy)
    {
        let diagnostic = Diagnostic::new(Code::PL0016, "the last model strategy may select no model")
            .with_primary(catch_all_span(last, sink), "may be empty")
            .with_help("add `- ai.models` as the last strategy, or requests that match no strategy fail with 422");
        sink.push(diagnostic);
    }
}

fn catch_all_span(strategy: &Checked<'_>, sink: &Sink<'_>) -> switchyard_diagnostics::Span {
    strategy.span(sink, strategy.ast.root().id)
}

/// Whether the strategy yields something whenever there is any candidate: `ai.models`,
/// `ai.keys`, and their `random()`, `randomize()`, sorts and `[0]`.
fn is_never_empty(strategy: &Checked<'_>) -> bool {
    let nodes = nodes(strategy.ast);
    never_empty(strategy, &nodes, strategy.ast.root())
}

fn never_empty(strategy: &Checked<'_>, nodes: &[Option<&Expr>], expr: &Expr) -> bool {
    if let Some(Reference::Variable(name)) = strategy.typed.reference(expr.id) {
        return matches!(&**name, "ai.models" | "ai.keys");
    }
    if let Some(call) = strategy.ast.macro_call(expr.id) {
        return call.kind == MacroKind::SortBy
            && call
                .target
                .and_then(|id| nodes.get(id.index()).copied().flatten())
                .is_some_and(|target| never_empty(strategy, nodes, target));
    }
    let ExprKind::Call(call) = &expr.kind else { return false };
    match (call.function.as_str(), call.target.as_deref(), call.args.as_slice()) {
        ("random" | "randomize" | "sortBy" | "sort", Some(target), _) => {
            never_empty(strategy, nodes, target)
        }
        ("_[_]", None, [list, index]) => {
            matches!(index.kind, ExprKind::Const(Constant::Int(0)))
                && never_empty(strategy, nodes, list)
        }
        _ => false,
    }
}
