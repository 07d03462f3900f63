//! Walking CEL syntax trees.

use switchyard_cel::ast::{Expr, ExprKind};

/// Calls `f` on every node of the tree, parents first.
pub(crate) fn visit<'e>(expr: &'e Expr, f: &mut impl FnMut(&'e Expr)) {
    f(expr);
    match &expr.kind {
        ExprKind::Const(_) | ExprKind::Ident(_) => {}
        ExprKind::Select(select) => visit(&select.operand, f),
        ExprKind::Call(call) => {
            if let Some(target) = &call.target {
                visit(target, f);
            }
            call.args.iter().for_each(|arg| visit(arg, f));
        }
        ExprKind::List(items) => items.iter().for_each(|item| visit(item, f)),
        ExprKind::Map(entries) => entries.iter().for_each(|entry| {
            visit(&entry.key, f);
            visit(&entry.value, f);
        }),
        ExprKind::Struct(message) => message.fields.iter().for_each(|field| visit(&field.value, f)),
        ExprKind::Comprehension(fold) => {
            for child in [
                &fold.iter_range,
                &fold.accu_init,
                &fold.loop_condition,
                &fold.loop_step,
                &fold.result,
            ] {
                visit(child, f);
            }
        }
    }
}
