//! Lints on checked CEL expressions: what type-checks but will not do what the author meant.

mod constant;
mod guards;
mod literals;
mod strategies;
mod vars;

use switchyard_cel::ast::{Ast, Expr, ExprId};
use switchyard_cel::check::CheckedAst;
use switchyard_diagnostics::Span;
use switchyard_syntax::ast::Policy;

use super::Sink;
use crate::expressions::ParsedPlace;
use crate::places::Place;

/// A parsed and checked expression with its place.
pub(crate) struct Checked<'a> {
    pub(crate) place: Place<'a>,
    pub(crate) ast: &'a Ast,
    pub(crate) typed: &'a CheckedAst,
}

impl Checked<'_> {
    /// The file span of a node.
    pub(crate) fn span(&self, sink: &Sink<'_>, id: ExprId) -> Span {
        sink.span(self.place.source.file_range(self.ast.span(id)))
    }
}

/// Runs the CEL lints on every expression that parsed and checked without error.
pub(crate) fn run(
    policy: &Policy,
    parsed: &[ParsedPlace<'_>],
    checked: &[Option<CheckedAst>],
    sink: &mut Sink<'_>,
) {
    let expressions: Vec<Checked<'_>> = parsed
        .iter()
        .zip(checked)
        .filter_map(|(parsed, checked)| {
            Some(Checked {
                place: parsed.place,
                ast: parsed.ast.as_ref()?,
                typed: checked.as_ref()?,
            })
        })
        .collect();
    strategies::check(&expressions, sink);
    literals::check(&expressions, sink);
    constant::check(&expressions, sink);
    guards::check(&expressions, sink);
    vars::check(policy, &expressions, sink);
}

/// Every node of a tree by id, for following the ids of macro calls.
pub(crate) fn nodes(ast: &Ast) -> Vec<Option<&Expr>> {
    let mut out = vec![None; ast.id_count() as usize];
    crate::visit::visit(ast.root(), &mut |expr| {
        if let Some(slot) = out.get_mut(expr.id.index()) {
            *slot = Some(expr);
        }
    });
    out
}
