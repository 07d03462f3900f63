//! Comprehensions. The macros' expansions (`filter`, `map`, `all`, `exists`, `exists_one`) are
//! recognized and run natively with CEL's semantics; any other fold runs step by step.
//!
//! Elements are bound by reference. `filter` over a list gives a selection of it (indexes, no
//! element cloned); `map` collects into one vector instead of concatenating lists.

use std::borrow::Cow;

use switchyard_plan::expr::{Const, Expr, Fold};

use super::error::{Error, LinkError};
use super::frame::{Frame, Node};
use super::link::Linker;
use crate::value::{List, Value};

/// A recognized macro expansion, with its user expressions.
pub(crate) enum Shape<'e> {
    Filter(&'e Expr),
    Map(Option<&'e Expr>, &'e Expr),
    All(&'e Expr),
    Exists(&'e Expr),
    ExistsOne(&'e Expr),
}

impl<'e> Shape<'e> {
    pub(crate) fn of(fold: &'e Fold) -> Option<Shape<'e>> {
        if fold.iter_var2.is_some() {
            return None;
        }
        let accu = fold.accu_var.as_str();
        let is_accu = |expr: &Expr| matches!(expr, Expr::Local(name) if name == accu);
        let is_true = matches!(fold.condition, Expr::Const(Const::Bool(true)));
        let appended = |expr: &'e Expr| match expr {
            Expr::Call { function, args, .. } if function == "_+_" => match args.as_slice() {
                [left, Expr::List(items)] if is_accu(left) => match items.as_slice() {
                    [item] => Some(item),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        let shape = match (&fold.init, &fold.step) {
            (Expr::List(init), step) if init.is_empty() && is_true && is_accu(&fold.result) => {
                match step {
                    Expr::Conditional { condition, then, otherwise } if is_accu(otherwise) => {
                        let item = appended(then)?;
                        match item {
                            Expr::Local(name) if *name == fold.iter_var => Shape::Filter(condition),
                            _ => Shape::Map(Some(condition), item),
                        }
                    }
                    step => Shape::Map(None, appended(step)?),
                }
            }
            (Expr::Const(Const::Bool(true)), Expr::And(left, predicate))
                if is_accu(left)
                    && is_accu(&fold.result)
                    && not_strictly_false(&fold.condition, accu, false) =>
            {
                Shape::All(predicate)
            }
            (Expr::Const(Const::Bool(false)), Expr::Or(left, predicate))
                if is_accu(left)
                    && is_accu(&fold.result)
                    && not_strictly_false(&fold.condition, accu, true) =>
            {
                Shape::Exists(predicate)
            }
            (Expr::Const(Const::Int(0)), Expr::Conditional { condition, then, otherwise })
                if is_true
                    && is_accu(otherwise)
                    && adds_one(then, accu)
                    && equals_one(&fold.result, accu) =>
            {
                Shape::ExistsOne(condition)
            }
            _ => return None,
        };
        let user_exprs: [Option<&Expr>; 2] = match &shape {
            Shape::Filter(p) | Shape::All(p) | Shape::Exists(p) | Shape::ExistsOne(p) => {
                [Some(p), None]
            }
            Shape::Map(p, t) => [*p, Some(t)],
        };
        // The user's expressions must not read the accumulator, which fused loops do not bind.
        if user_exprs.iter().flatten().any(|expr| mentions(expr, accu)) {
            return None;
        }
        Some(shape)
    }
}

/// `target.sortBy(x, key)` as the parser expands it: `target` bound to an accumulator by a
/// fold over `[]`, whose result is `accu.@sortByAssociatedKeys(accu.map(x, key))`.
pub(crate) struct SortBy<'e> {
    pub(crate) target: &'e Expr,
    pub(crate) keys: &'e Fold,
    pub(crate) key: &'e Expr,
    pub(crate) overloads: &'e [String],
}

impl<'e> SortBy<'e> {
    pub(crate) fn of(fold: &'e Fold) -> Option<SortBy<'e>> {
        let accu = fold.accu_var.as_str();
        let is_accu = |expr: &Expr| matches!(expr, Expr::Local(name) if name == accu);
        if fold.iter_var2.is_some()
            || !matches!(&fold.range, Expr::List(items) if items.is_empty())
            || !matches!(fold.condition, Expr::Const(Const::Bool(false)))
            || !is_accu(&fold.step)
        {
            return None;
        }
        let Expr::Call { function, overloads, args } = &fold.result else { return None };
        let [receiver, Expr::Fold(keys)] = args.as_slice() else { return None };
        if function != "@sortByAssociatedKeys" || !is_accu(receiver) || !is_accu(&keys.range) {
            return None;
        }
        let Some(Shape::Map(None, key)) = Shape::of(keys) else { return None };
        if mentions(key, accu) {
            return None;
        }
        Some(SortBy { target: &fold.init, keys, key, overloads })
    }
}

/// `@not_strictly_false(accu)`, or `@not_strictly_false(!accu)` when `negated`.
fn not_strictly_false(condition: &Expr, accu: &str, negated: bool) -> bool {
    let Expr::Call { function, args, .. } = condition else { return false };
    if function != "@not_strictly_false" {
        return false;
    }
    match (args.as_slice(), negated) {
        ([Expr::Local(name)], false) => name == accu,
        ([Expr::Call { function, args, .. }], true) if function == "!_" => {
            matches!(args.as_slice(), [Expr::Local(name)] if name == accu)
        }
        _ => false,
    }
}

fn adds_one(expr: &Expr, accu: &str) -> bool {
    matches!(expr, Expr::Call { function, args, .. } if function == "_+_"
        && matches!(args.as_slice(), [Expr::Local(name), Expr::Const(Const::Int(1))] if name == accu))
}

fn equals_one(expr: &Expr, accu: &str) -> bool {
    matches!(expr, Expr::Call { function, args, .. } if function == "_==_"
        && matches!(args.as_slice(), [Expr::Local(name), Expr::Const(Const::Int(1))] if name == accu))
}

/// Whether `expr` reads the local `name` (conservatively: shadowing is ignored, and a tree too
/// deep to search counts as reading it).
fn mentions(expr: &Expr, name: &str) -> bool {
    mentions_within(expr, name, 64)
}

fn mentions_within(expr: &Expr, name: &str, depth: usize) -> bool {
    let Some(depth) = depth.checked_sub(1) else { return true };
    let mentions = |expr: &Expr, name: &str| mentions_within(expr, name, depth);
    match expr {
        Expr::Local(local) => local == name,
        Expr::Const(_) | Expr::Var(_) | Expr::Type(_) => false,
        Expr::Field { operand, .. } | Expr::Key { operand, .. } | Expr::Has { operand, .. } => {
            mentions(operand, name)
        }
        Expr::Text(operand) => mentions(operand, name),
        Expr::Call { args, .. } | Expr::List(args) => args.iter().any(|arg| mentions(arg, name)),
        Expr::And(left, right) | Expr::Or(left, right) => {
            mentions(left, name) || mentions(right, name)
        }
        Expr::Conditional { condition, then, otherwise } => {
            mentions(condition, name) || mentions(then, name) || mentions(otherwise, name)
        }
        Expr::Map(entries) => {
            entries.iter().any(|(key, value)| mentions(key, name) || mentions(value, name))
        }
        Expr::Object { fields, .. } => fields.iter().any(|(_, value)| mentions(value, name)),
        Expr::Fold(fold) => [&fold.range, &fold.init, &fold.condition, &fold.step, &fold.result]
            .into_iter()
            .any(|part| mentions(part, name)),
    }
}

/// Links a recognized macro; the caller has pushed the fold's scope.
pub(crate) fn fused(
    linker: &mut Linker<'_>,
    shape: &Shape<'_>,
    range: Node,
) -> Result<Node, LinkError> {
    Ok(match shape {
        Shape::Filter(predicate) => match linker.scan(predicate)? {
            Some(scan) => super::fused::filter_scan(range, scan),
            None => super::fused::filter(range, linker.predicate(predicate)?),
        },
        Shape::Map(predicate, transform) => {
            let predicate = predicate.map(|predicate| linker.predicate(predicate)).transpose()?;
            super::fused::map(range, predicate, linker.link(transform)?)
        }
        Shape::All(predicate) => {
            super::fused::quantifier(range, linker.predicate(predicate)?, true)
        }
        Shape::Exists(predicate) => {
            super::fused::quantifier(range, linker.predicate(predicate)?, false)
        }
        Shape::ExistsOne(predicate) => {
            super::fused::exists_one(range, linker.predicate(predicate)?)
        }
    })
}

/// Any fold, step by step, as cel-spec defines comprehensions.
pub(crate) fn generic(
    range: Node,
    init: Node,
    condition: Node,
    step: Node,
    result: Node,
    two: bool,
) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let range = range(frame)?;
        let mut accu: Result<Value, Error> = init(frame).map(Cow::into_owned);
        let run = |vars: [Option<&Value>; 2], accu: &mut Result<Value, Error>| -> bool {
            let child = Frame::child(frame, vars, Some(&*accu));
            if matches!(condition(&child).as_deref(), Ok(Value::Bool(false))) {
                return false;
            }
            let next = step(&child).map(Cow::into_owned);
            *accu = next;
            true
        };
        match &*range {
            Value::List(list) => {
                for (position, item) in list.iter().enumerate() {
                    let index = Value::Int(i64::try_from(position).unwrap_or(i64::MAX));
                    let vars = if two { [Some(&index), Some(item)] } else { [Some(item), None] };
                    if !run(vars, &mut accu) {
                        break;
                    }
                }
            }
            Value::Map(map) => {
                for (key, value) in map.iter() {
                    let key = key.to_value();
                    let vars = if two { [Some(&key), Some(value)] } else { [Some(&key), None] };
                    if !run(vars, &mut accu) {
                        break;
                    }
                }
            }
            _ => return Err(Error::no_overload("comprehension range")),
        }
        let child = Frame::child(frame, [None, None], Some(&accu));
        result(&child).map(|value| Cow::Owned(value.into_owned()))
    })
}

/// The elements of a comprehension's range: a list's elements, or a map's keys.
pub(crate) fn elements(range: &Value) -> Result<Elements<'_>, Error> {
    match range {
        Value::List(list) => Ok(Elements::List(list)),
        Value::Map(map) => Ok(Elements::Keys(map.iter().map(|(key, _)| key.to_value()).collect())),
        _ => Err(Error::no_overload("comprehension range")),
    }
}

pub(crate) enum Elements<'v> {
    List(&'v List),
    Keys(Vec<Value>),
}
