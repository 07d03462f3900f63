//! `undefined-var`: `vars.X` read before any `set-vars` sets `X` (spec: cel.md §2.4).

use std::collections::{HashMap, HashSet};

use switchyard_cel::ast::{Constant, Expr, ExprKind};
use switchyard_cel::check::Reference;
use switchyard_diagnostics::suggest::did_you_mean;
use switchyard_diagnostics::{Code, Diagnostic};
use switchyard_syntax::ast::{ActionConfig, CelSource, Policy};

use super::Checked;
use crate::lints::Sink;
use crate::places::{action_places, value_places};

/// Walks the policy in execution order (phases in order, rules and actions in document order),
/// defining each `set-vars` name after its value is read.
pub(crate) fn check(policy: &Policy, expressions: &[Checked<'_>], sink: &mut Sink<'_>) {
    let by_source: HashMap<*const CelSource, &Checked<'_>> = expressions
        .iter()
        .map(|expression| (std::ptr::from_ref(expression.place.source), expression))
        .collect();
    let mut defined: HashSet<&str> = HashSet::new();
    let read = |source: &CelSource, defined: &HashSet<&str>, sink: &mut Sink<'_>| {
        if let Some(expression) = by_source.get(&std::ptr::from_ref(source)) {
            check_reads(expression, defined, sink);
        }
    };
    for phase in policy.phases() {
        for rule in &phase.rules {
            for source in &rule.expressions {
                read(source, &defined, sink);
            }
            for action in &rule.actions {
                if let ActionConfig::SetVars(config) = &action.config {
                    for (name, value) in &config.vars {
                        value_places(&value.node, &mut |source, _| read(source, &defined, sink));
                        defined.insert(&name.node);
                    }
                } else {
                    action_places(&action.config, &mut |source, _| read(source, &defined, sink));
                }
            }
        }
    }
}

fn check_reads(expression: &Checked<'_>, defined: &HashSet<&str>, sink: &mut Sink<'_>) {
    let mut reads: Vec<(&Expr, &str)> = Vec::new();
    let mut guarded: HashSet<&str> = HashSet::new();
    crate::visit::visit(expression.ast.root(), &mut |expr| match &expr.kind {
        ExprKind::Select(select) if is_vars(expression, &select.operand) => {
            if select.test_only {
                guarded.insert(select.field.as_str());
            } else {
                reads.push((expr, select.field.as_str()));
            }
        }
        ExprKind::Call(call) => match (call.function.as_str(), call.args.as_slice()) {
            ("_[_]", [map, key]) if is_vars(expression, map) => {
                if let ExprKind::Const(Constant::String(name)) = &key.kind {
                    reads.push((expr, name));
                }
            }
            ("@in", [key, map]) if is_vars(expression, map) => {
                if let ExprKind::Const(Constant::String(name)) = &key.kind {
                    guarded.insert(name);
                }
            }
            _ => {}
        },
        _ => {}
    });
    for (expr, name) in reads {
        if defined.contains(name) || guarded.contains(name) {
            continue;
        }
        let help = did_you_mean(name, defined.iter().copied()).map_or_else(
            || {
                format!(
                    "set it earlier with `set-vars`, or guard the read: `has(vars.{name}) && ...`"
                )
            },
            |close| format!("did you mean `vars.{close}`?"),
        );
        let diagnostic = Diagnostic::new(
            Code::PL0018,
            format!("`vars.{name}` is read before any `set-vars` sets it"),
        )
        .with_primary(expression.span(sink, expr.id), "not set yet")
        .with_help(help);
        sink.push(diagnostic);
    }
}

fn is_vars(expression: &Checked<'_>, expr: &Expr) -> bool {
    matches!(expression.typed.reference(expr.id), Some(Reference::Variable(name)) if &**name == "vars")
}
