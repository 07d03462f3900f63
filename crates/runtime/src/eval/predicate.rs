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
use crate::value::Value;

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
                            linked.push((op, self.operand(left)?, self.operand(right)?));
                        }
                        Ok(all_compare(linked))
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
                    Some(op) => Ok(compare(op, self.operand(&args[0])?, self.operand(&args[1])?)),
                    None => Ok(from_node(self.link(expr)?)),
                }
            }
            _ => Ok(from_node(self.link(expr)?)),
        }
    }

    /// `a op b` if `expr` is a comparison.
    fn as_comparison<'e>(&self, expr: &'e Expr) -> Option<(CompareOp, &'e Expr, &'e Expr)> {
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
fn conjuncts<'e>(expr: &'e Expr, terms: &mut Vec<&'e Expr>) {
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

/// `c1 && c2 && ...` over comparisons, in one node: `false` if any is false, else the first
/// error, else `true` (the result of the chain of `&&`, whose comparisons have no effects).
pub(crate) fn all_compare(comparisons: Vec<(CompareOp, Operand, Operand)>) -> Pred {
    Box::new(move |frame: &Frame<'_>| {
        let mut failure = None;
        for (op, left, right) in &comparisons {
            let result = match (left.get(frame), right.get(frame)) {
                (Some(left), Some(right)) => compare_with(*op, left, right),
                _ => match (left.eval(frame), right.eval(frame)) {
                    (Ok(left), Ok(right)) => compare_with(*op, &left, &right),
                    (Err(error), _) | (_, Err(error)) => Err(error),
                },
            };
            match result {
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
