//! Predicates: nodes that give a `bool` (or an error) in registers, for conditions, `&&`,
//! `||`, comparisons and the predicates of `filter`, `all`, `exists` and `exists_one`.
//!
//! A comparison of paths and constants reads both sides by reference, so that
//! `m.provider_id == 'openai'` costs a few pointer reads and a string comparison.

use std::borrow::Cow;

use switchyard_plan::expr::{Const, Expr};

use super::error::{Error, LinkError};
use super::frame::{Frame, Node};
use super::functions::ops::compare_with;
use super::link::Linker;
use super::operand::Operand;
use super::registry::{BuiltinKind, CompareOp, Function};
use super::scan::holds;
use crate::value::{Str, Value, str_eq};

/// A linked boolean expression.
pub(crate) type Pred = Box<dyn for<'a> Fn(&Frame<'a>) -> Result<bool, Error> + Send + Sync>;

impl Linker<'_> {
    /// Links a boolean expression as a predicate: a non-`bool` value is an error.
    pub(crate) fn predicate(&mut self, expr: &Expr) -> Result<Pred, LinkError> {
        match expr {
            Expr::Const(Const::Bool(value)) => {
                let value = *value;
                Ok(Box::new(move |_: &Frame<'_>| Ok(value)))
            }
            Expr::And(..) => {
                let mut terms = Vec::new();
                conjuncts(expr, &mut terms);
                let comparisons: Option<Vec<(CompareOp, &Expr, &Expr)>> =
                    terms.iter().map(|term| self.as_comparison(term)).collect();
                match comparisons {
                    Some(comparisons) if comparisons.len() > 1 => {
                        let mut linked = Vec::with_capacity(comparisons.len());
                        for (op, left, right) in comparisons {
                            linked.push(self.comparison_pred(op, left, right)?);
                        }
                        Ok(all_of(linked))
                    }
                    _ => {
                        let Expr::And(left, right) = expr else { unreachable!() };
                        Ok(and(self.predicate(left)?, self.predicate(right)?))
                    }
                }
            }
            Expr::Or(left, right) => Ok(or(self.predicate(left)?, self.predicate(right)?)),
            Expr::Call { overloads, args, .. } if args.len() == 2 => {
                match self.comparison(overloads) {
                    Some(op) => self.comparison_pred(op, &args[0], &args[1]),
                    None => Ok(from_node(self.link(expr)?)),
                }
            }
            _ => Ok(from_node(self.link(expr)?)),
        }
    }

    /// `left op right` as a predicate, specialized on the operands' shapes: a path compared
    /// with a string (`m.provider_id == 'openai'`) or a number (`m.pricing.input < 2.0`) is
    /// read in place and compared natively, falling back to [`compare_with`] on values of
    /// other kinds (heterogeneous equality, errors); anything else is [`compare`].
    pub(crate) fn comparison_pred(
        &mut self,
        op: CompareOp,
        left: &Expr,
        right: &Expr,
    ) -> Result<Pred, LinkError> {
        let left = self.operand(left)?;
        let right = self.operand(right)?;
        let constant = match &right {
            Operand::Const(index) => self.constants.get(*index).cloned(),
            _ => None,
        };
        let ordering = !matches!(op, CompareOp::Equal | CompareOp::NotEqual);
        Ok(match (left, constant) {
            (left @ Operand::Path(..), Some(Value::String(text))) if !ordering => {
                string_equality(left, text, op == CompareOp::NotEqual)
            }
            (left @ Operand::Path(..), Some(Value::Double(number))) if ordering => {
                double_ordering(op, left, number)
            }
            (left @ Operand::Path(..), Some(Value::Int(number))) if ordering => {
                int_ordering(op, left, number)
            }
            (left, _) => compare(op, left, right),
        })
    }

    /// `a op b` if `expr` is a comparison.
    pub(crate) fn as_comparison<'e>(
        &self,
        expr: &'e Expr,
    ) -> Option<(CompareOp, &'e Expr, &'e Expr)> {
        match expr {
            Expr::Call { overloads, args, .. } => match args.as_slice() {
                [left, right] => Some((self.comparison(overloads)?, left, right)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The comparison that all `overloads` are, if they are one.
    pub(crate) fn comparison(&self, overloads: &[String]) -> Option<CompareOp> {
        let mut found = None;
        for id in overloads {
            match self.registry.overload(id)?.function {
                Function::Builtin(builtin) => match builtin.0 {
                    BuiltinKind::Compare(op) if found.is_none_or(|found| found == op) => {
                        found = Some(op);
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
        found
    }
}

/// The operands of nested `&&`s, left to right.
pub(crate) fn conjuncts<'e>(expr: &'e Expr, terms: &mut Vec<&'e Expr>) {
    match expr {
        Expr::And(left, right) => {
            conjuncts(left, terms);
            conjuncts(right, terms);
        }
        other => terms.push(other),
    }
}

fn from_node(node: Node) -> Pred {
    Box::new(move |frame: &Frame<'_>| match *node(frame)? {
        Value::Bool(value) => Ok(value),
        _ => Err(Error::no_overload("bool")),
    })
}

/// The predicate as a value node.
pub(crate) fn into_node(pred: Pred) -> Node {
    Box::new(move |frame: &Frame<'_>| pred(frame).map(|value| Cow::Owned(Value::Bool(value))))
}

/// `a && b`: `false` on either side wins over an error on the other.
pub(crate) fn and(left: Pred, right: Pred) -> Pred {
    Box::new(move |frame: &Frame<'_>| match left(frame) {
        Ok(false) => Ok(false),
        Ok(true) => right(frame),
        Err(error) => match right(frame) {
            Ok(false) => Ok(false),
            _ => Err(error),
        },
    })
}

/// `a || b`: `true` on either side wins over an error on the other.
pub(crate) fn or(left: Pred, right: Pred) -> Pred {
    Box::new(move |frame: &Frame<'_>| match left(frame) {
        Ok(true) => Ok(true),
        Ok(false) => right(frame),
        Err(error) => match right(frame) {
            Ok(true) => Ok(true),
            _ => Err(error),
        },
    })
}

/// A comparison, by reference when both sides can be read in place.
pub(crate) fn compare(op: CompareOp, left: Operand, right: Operand) -> Pred {
    Box::new(move |frame: &Frame<'_>| {
        if let (Some(left), Some(right)) = (left.get(frame), right.get(frame)) {
            return compare_with(op, left, right);
        }
        let left = left.eval(frame)?;
        let right = right.eval(frame)?;
        compare_with(op, &left, &right)
    })
}

/// `path == 'text'` (or `!=` when `negate`): a string compared without a call.
fn string_equality(path: Operand, text: Str, negate: bool) -> Pred {
    let op = if negate { CompareOp::NotEqual } else { CompareOp::Equal };
    let constant = Value::String(text.clone());
    Box::new(move |frame: &Frame<'_>| match path.get(frame) {
        Some(Value::String(value)) => Ok(str_eq(value, &text) != negate),
        Some(value) => compare_with(op, value, &constant),
        None => compare_with(op, &*path.eval(frame)?, &constant),
    })
}

/// `path < 0.5` and the other orderings against a `double`.
fn double_ordering(op: CompareOp, path: Operand, number: f64) -> Pred {
    Box::new(move |frame: &Frame<'_>| match path.get(frame) {
        Some(Value::Double(value)) => Ok(holds(op, value.partial_cmp(&number))),
        Some(value) => compare_with(op, value, &Value::Double(number)),
        None => compare_with(op, &*path.eval(frame)?, &Value::Double(number)),
    })
}

/// `path > 10` and the other orderings against an `int`.
fn int_ordering(op: CompareOp, path: Operand, number: i64) -> Pred {
    Box::new(move |frame: &Frame<'_>| match path.get(frame) {
        Some(Value::Int(value)) => Ok(holds(op, Some(value.cmp(&number)))),
        Some(value) => compare_with(op, value, &Value::Int(number)),
        None => compare_with(op, &*path.eval(frame)?, &Value::Int(number)),
    })
}

/// `p1 && p2 && ...` over predicates without effects (comparisons), in one node: `false` if
/// any is false, else the first error, else `true` (the result of the chain of `&&`).
pub(crate) fn all_of(predicates: Vec<Pred>) -> Pred {
    Box::new(move |frame: &Frame<'_>| {
        let mut failure = None;
        for predicate in &predicates {
            match predicate(frame) {
                Ok(true) => {}
                Ok(false) => return Ok(false),
                Err(error) => {
                    failure.get_or_insert(error);
                }
            }
        }
        failure.map_or(Ok(true), Err)
    })
}
