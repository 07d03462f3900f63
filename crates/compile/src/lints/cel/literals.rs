//! `unknown-provider-literal` and `unknown-model-literal`: names in expressions that match no
//! provider or model.

use switchyard_cel::ast::{Constant, Expr, ExprKind};
use switchyard_cel::check::Reference;
use switchyard_diagnostics::suggest::did_you_mean;
use switchyard_diagnostics::{Code, Diagnostic};
use switchyard_syntax::ast::AiGateway;

use super::Checked;
use crate::catalog::catalog;
use crate::lints::Sink;

/// What a literal names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Names {
    Provider,
    Model,
}

pub(crate) fn check(expressions: &[Checked<'_>], sink: &mut Sink<'_>) {
    for expression in expressions {
        let Some(gateway) = expression.place.gateway else { continue };
        let mut found = Vec::new();
        crate::visit::visit(expression.ast.root(), &mut |expr| {
            literals(expression, expr, &mut found);
        });
        for (names, literal) in found {
            report(expression, gateway, names, literal, sink);
        }
    }
}

/// The string literals in `expr` that name providers or models.
fn literals<'e>(expression: &Checked<'_>, expr: &'e Expr, out: &mut Vec<(Names, &'e Expr)>) {
    let ExprKind::Call(call) = &expr.kind else { return };
    let field = |operand: &Expr| match expression.typed.reference(operand.id) {
        Some(Reference::Field { object, field }) => match (&**object, field.as_str()) {
            ("AIModel", "provider_id") | ("AIProvider", "id") => Some(Names::Provider),
            ("AIModel", "id") => Some(Names::Model),
            _ => None,
        },
        _ => None,
    };
    let strings = |list: &'e Expr| -> Vec<&'e Expr> {
        match &list.kind {
            ExprKind::List(items) => items.iter().filter(|item| is_string(item)).collect(),
            _ => Vec::new(),
        }
    };
    match (call.function.as_str(), call.args.as_slice()) {
        ("_==_" | "_!=_", [left, right]) => {
            if let (Some(names), true) = (field(left), is_string(right)) {
                out.push((names, right));
            } else if let (Some(names), true) = (field(right), is_string(left)) {
                out.push((names, left));
            }
        }
        ("@in", [left, list]) => {
            if let Some(names) = field(left) {
                out.extend(strings(list).into_iter().map(|item| (names, item)));
            }
        }
        (_, [list]) => {
            let Some(Reference::Function { overloads, .. }) = expression.typed.reference(expr.id)
            else {
                return;
            };
            let names = overloads.iter().find_map(|id| match &**id {
                "list_ai_model_only_providers"
                | "list_ai_model_ignore_providers"
                | "list_ai_provider_only"
                | "list_ai_provider_ignore" => Some(Names::Provider),
                "list_ai_model_only" | "list_ai_model_ignore" => Some(Names::Model),
                _ => None,
            });
            if let Some(names) = names {
                out.extend(strings(list).into_iter().map(|item| (names, item)));
            }
        }
        _ => {}
    }
}

fn is_string(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::Const(Constant::String(_)))
}

fn report(
    expression: &Checked<'_>,
    gateway: &AiGateway,
    names: Names,
    literal: &Expr,
    sink: &mut Sink<'_>,
) {
    let ExprKind::Const(Constant::String(value)) = &literal.kind else { return };
    let configured_only = match names {
        Names::Provider => {
            gateway.only_allow_configured_providers.as_ref().is_some_and(|flag| flag.node)
        }
        Names::Model => gateway.only_allow_configured_models.as_ref().is_some_and(|flag| flag.node),
    };
    // Models outside the configuration are unknown only when the configuration is the whole list.
    if names == Names::Model && !configured_only {
        return;
    }
    let mut known: Vec<&str> = Vec::new();
    for provider in &gateway.providers {
        match names {
            Names::Provider => {
                known.push(&provider.id.node);
                known.extend(provider.id_aliases.iter().map(|alias| alias.node.as_str()));
            }
            Names::Model => {
                for model in &provider.models {
                    known.push(&model.id.node);
                    known.extend(model.id_aliases.iter().map(|alias| alias.node.as_str()));
                }
            }
        }
    }
    if names == Names::Provider && !configured_only {
        for provider in &catalog().providers {
            known.push(&provider.id);
            known.extend(provider.aliases.iter().map(String::as_str));
        }
    }
    if known.iter().any(|name| name.eq_ignore_ascii_case(value)) {
        return;
    }
    let (code, what, scope) = match (names, configured_only) {
        (Names::Provider, true) => (Code::PL0014, "provider", "no configured provider"),
        (Names::Provider, false) => {
            (Code::PL0014, "provider", "no configured or built-in provider")
        }
        (Names::Model, _) => (Code::PL0015, "model", "no configured model"),
    };
    let help = did_you_mean(value, known.iter().copied()).map_or_else(
        || format!("the comparison is always false; check the {what} name"),
        |close| format!("did you mean '{close}'?"),
    );
    let message = format!("'{value}' matches {scope}");
    let diagnostic = Diagnostic::new(code, message)
        .with_primary(expression.span(sink, literal.id), format!("unknown {what}"))
        .with_help(help);
    sink.push(diagnostic);
}
