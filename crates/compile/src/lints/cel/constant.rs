//! `constant-predicate`: comparisons that the range of their value decides.

use switchyard_cel::ast::{Constant, Expr, ExprKind};
use switchyard_cel::check::Reference;
use switchyard_diagnostics::{Code, Diagnostic};

use super::Checked;
use crate::lints::Sink;

/// The declared range of a field, if it has one narrower than its type's.
fn range(object: &str, field: &str) -> Option<(f64, f64, &'static str)> {
    const FRACTION: (f64, f64, &str) = (0.0, 1.0, "a fraction from 0 to 1");
    const COUNT: (f64, f64, &str) = (0.0, f64::INFINITY, "never negative");
    match (object, field) {
        ("ErrorRate", _) => Some(FRACTION),
        ("MetricScope", "request_count" | "start_time" | "end_time")
        | (
            "Latency",
            "gateway_ms_avg" | "gateway_ms_p95" | "upstream_ms_avg" | "upstream_ms_p95",
        )
        | ("TokenCounts" | "Pricing" | "TextPricing", _)
        | (
            "AIModel",
            "max_context_window" | "max_output_tokens" | "parameter_count" | "data_retention_days",
        )
        | ("Request" | "Response", "content_length") => Some(COUNT),
        ("Response", "status_code") => Some((100.0, 599.0, "an HTTP status from 100 to 599")),
        _ => None,
    }
}

pub(crate) fn check(expressions: &[Checked<'_>], sink: &mut Sink<'_>) {
    for expression in expressions {
        crate::visit::visit(expression.ast.root(), &mut |expr| {
            if let Some((always, what)) = constant(expression, expr) {
                let diagnostic =
                    Diagnostic::new(Code::PL0017, format!("this comparison is always {always}"))
                        .with_primary(expression.span(sink, expr.id), format!("always {always}"))
                        .with_help(if what.contains("fraction") {
                            format!("the value is {what}: write 0.05 for 5%")
                        } else {
                            format!("the value is {what}")
                        });
                sink.push(diagnostic);
            }
        });
    }
}

/// Whether `expr` is a comparison of a ranged field with a literal that is always true or false.
fn constant(expression: &Checked<'_>, expr: &Expr) -> Option<(bool, &'static str)> {
    let ExprKind::Call(call) = &expr.kind else { return None };
    let [left, right] = call.args.as_slice() else { return None };
    let ranged = |operand: &Expr| match expression.typed.reference(operand.id) {
        Some(Reference::Field { object, field }) => range(object, field),
        _ => None,
    };
    let (op, (low, high, what), value) =
        match (ranged(left), number(right), ranged(right), number(left)) {
            (Some(range), Some(value), _, _) => (call.function.as_str(), range, value),
            (_, _, Some(range), Some(value)) => (mirror(call.function.as_str())?, range, value),
            _ => return None,
        };
    let always = match op {
        "_<_" if high < value => true,
        "_<_" if low >= value => false,
        "_<=_" if high <= value => true,
        "_<=_" if low > value => false,
        "_>_" if low > value => true,
        "_>_" if high <= value => false,
        "_>=_" if low >= value => true,
        "_>=_" if high < value => false,
        "_==_" if value < low || value > high => false,
        "_!=_" if value < low || value > high => true,
        _ => return None,
    };
    Some((always, what))
}

/// The operator with its operands swapped (`1 < x` is `x > 1`).
fn mirror(op: &str) -> Option<&'static str> {
    Some(match op {
        "_<_" => "_>_",
        "_<=_" => "_>=_",
        "_>_" => "_<_",
        "_>=_" => "_<=_",
        "_==_" => "_==_",
        "_!=_" => "_!=_",
        _ => return None,
    })
}

#[allow(clippy::cast_precision_loss)]
fn number(expr: &Expr) -> Option<f64> {
    match &expr.kind {
        ExprKind::Const(Constant::Int(value)) => Some(*value as f64),
        ExprKind::Const(Constant::Uint(value)) => Some(*value as f64),
        ExprKind::Const(Constant::Double(value)) => Some(*value),
        _ => None,
    }
}
