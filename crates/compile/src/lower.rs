//! Lowering checked CEL to the plan's expression trees (`switchyard_plan::expr`).
//!
//! Every name, field and call is already resolved by the checker; lowering only records the
//! resolution: variables by qualified name, fields with their object type, calls with their
//! candidate overloads and the receiver as first argument, `&&`/`||`/`?:` as special forms,
//! macros as folds, and string-like objects used as strings wrapped in `Text`.

use switchyard_cel::ast::{Ast, Constant, Expr, ExprKind};
use switchyard_cel::check::{CheckedAst, Reference};
use switchyard_plan::expr::{Const, Expr as PlanExpr, Fold};

/// Lowers a checked expression.
///
/// # Panics
/// If `checked` is not the result of checking `ast` without errors.
pub fn lower(ast: &Ast, checked: &CheckedAst) -> PlanExpr {
    lower_expr(ast.root(), checked)
}

fn lower_expr(expr: &Expr, checked: &CheckedAst) -> PlanExpr {
    let lowered = lower_node(expr, checked);
    if checked.is_implicit_string(expr.id) { PlanExpr::Text(Box::new(lowered)) } else { lowered }
}

fn boxed(expr: &Expr, checked: &CheckedAst) -> Box<PlanExpr> {
    Box::new(lower_expr(expr, checked))
}

fn lower_node(expr: &Expr, checked: &CheckedAst) -> PlanExpr {
    let reference = checked.reference(expr.id);
    match &expr.kind {
        ExprKind::Const(constant) => PlanExpr::Const(lower_const(constant)),
        ExprKind::Ident(name) => match reference {
            Some(Reference::Variable(qualified)) => PlanExpr::Var(qualified.to_string()),
            Some(Reference::Type(type_name)) => PlanExpr::Type(type_name.to_string()),
            _ => PlanExpr::Local(name.to_string()),
        },
        ExprKind::Select(select) => match reference {
            Some(Reference::Variable(qualified)) => PlanExpr::Var(qualified.to_string()),
            Some(Reference::Type(type_name)) => PlanExpr::Type(type_name.to_string()),
            Some(Reference::Field { object, field }) if !select.test_only => PlanExpr::Field {
                operand: boxed(&select.operand, checked),
                object: object.to_string(),
                field: field.to_string(),
            },
            _ if select.test_only => PlanExpr::Has {
                operand: boxed(&select.operand, checked),
                field: select.field.to_string(),
            },
            _ => PlanExpr::Key {
                operand: boxed(&select.operand, checked),
                key: select.field.to_string(),
            },
        },
        ExprKind::Call(call) => {
            let Some(Reference::Function { name, overloads, namespaced }) = reference else {
                panic!("call `{}` was not resolved by the checker", call.function);
            };
            let mut args: Vec<PlanExpr> = Vec::with_capacity(call.args.len() + 1);
            if let Some(target) = call.target.as_deref().filter(|_| !namespaced) {
                args.push(lower_expr(target, checked));
            }
            args.extend(call.args.iter().map(|arg| lower_expr(arg, checked)));
            match (&**name, <[PlanExpr; 2]>::try_from(args)) {
                ("_&&_", Ok([left, right])) => PlanExpr::And(Box::new(left), Box::new(right)),
                ("_||_", Ok([left, right])) => PlanExpr::Or(Box::new(left), Box::new(right)),
                (_, Ok(args)) => call_node(name, overloads, args.into()),
                (_, Err(args)) => conditional(name, overloads, args),
            }
        }
        ExprKind::List(items) => {
            PlanExpr::List(items.iter().map(|item| lower_expr(item, checked)).collect())
        }
        ExprKind::Map(entries) => PlanExpr::Map(
            entries
                .iter()
                .map(|entry| (lower_expr(&entry.key, checked), lower_expr(&entry.value, checked)))
                .collect(),
        ),
        ExprKind::Struct(message) => PlanExpr::Object {
            name: match reference {
                Some(Reference::Object(name)) => name.to_string(),
                _ => message.name.to_string(),
            },
            fields: message
                .fields
                .iter()
                .map(|field| (field.name.to_string(), lower_expr(&field.value, checked)))
                .collect(),
        },
        ExprKind::Comprehension(fold) => PlanExpr::Fold(Box::new(Fold {
            iter_var: fold.iter_var.to_string(),
            iter_var2: fold.iter_var2.as_ref().map(ToString::to_string),
            range: lower_expr(&fold.iter_range, checked),
            accu_var: fold.accu_var.to_string(),
            init: lower_expr(&fold.accu_init, checked),
            condition: lower_expr(&fold.loop_condition, checked),
            step: lower_expr(&fold.loop_step, checked),
            result: lower_expr(&fold.result, checked),
        })),
    }
}

fn call_node(name: &str, overloads: &[std::sync::Arc<str>], args: Vec<PlanExpr>) -> PlanExpr {
    PlanExpr::Call {
        function: name.to_owned(),
        overloads: overloads.iter().map(ToString::to_string).collect(),
        args,
    }
}

fn conditional(name: &str, overloads: &[std::sync::Arc<str>], args: Vec<PlanExpr>) -> PlanExpr {
    match (name, <[PlanExpr; 3]>::try_from(args)) {
        ("_?_:_", Ok([condition, then, otherwise])) => PlanExpr::Conditional {
            condition: Box::new(condition),
            then: Box::new(then),
            otherwise: Box::new(otherwise),
        },
        (_, Ok(args)) => call_node(name, overloads, args.into()),
        (_, Err(args)) => call_node(name, overloads, args),
    }
}

fn lower_const(constant: &Constant) -> Const {
    match constant {
        Constant::Null => Const::Null,
        Constant::Bool(value) => Const::Bool(*value),
        Constant::Int(value) => Const::Int(*value),
        Constant::Uint(value) => Const::Uint(*value),
        Constant::Double(value) => Const::Double(*value),
        Constant::String(value) => Const::String(value.clone()),
        Constant::Bytes(value) => Const::Bytes(value.clone()),
    }
}
