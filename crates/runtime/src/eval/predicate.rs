//! Predicates: nodes that give a `bool` (or an error) in registers, for conditions, `&&`,
//! `||`, comparisons and the predicates of `filter`, `all`, `exists` and `exists_one`.
//!
//! A comparison of paths and constants reads both sides by reference, so that
//! `m.provider_id == 'openai'` costs a few pointer reads and a string comparison.

use std::borrow::Cow;
use std::cmp::Ordering;

use switchyard_plan::expr::{Const, Expr};

use super::error::{Error, LinkError};
use super::frame::{Frame, Node};
use super::functions::ops::compare_with;
use super::link::Linker;
use super::operand::Operand;
use super::registry::{BuiltinKind, CompareOp, Function};
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

    /// `left op right` as a predicate: a path compared with a constant
    /// (`m.provider_id == 'openai'`, `m.pricing.input < 2.0`) is read in place and compared by a
    /// [`Comparison`]; anything else is [`compare`].
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
        Ok(match (left, constant) {
            (left @ Operand::Path(..), Some(constant)) => {
                against_constant(left, Comparison::new(op, constant))
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

/// `path op constant`, the path read in place when it can be.
fn against_constant(path: Operand, comparison: Comparison) -> Pred {
    Box::new(move |frame: &Frame<'_>| match path.get(frame) {
        Some(value) => comparison.compare(value),
        None => comparison.compare(&*path.eval(frame)?),
    })
}

/// `value op constant` with the constant known at link time: a string compared for equality,
/// or a number for order, without a call (the common selection predicates); values of other
/// kinds through [`compare_with`] (numbers across kinds, heterogeneous equality, errors).
pub(crate) struct Comparison {
    op: CompareOp,
    constant: Value,
    fast: Fast,
}

/// The comparisons done without a call.
enum Fast {
    /// `==` (or `!=`) with a string.
    StrEq(Str, bool),
    /// An ordering with a `double`.
    Double(f64),
    /// An ordering with an `int`.
    Int(i64),
    None,
}

impl Comparison {
    pub(crate) fn new(op: CompareOp, constant: Value) -> Comparison {
        let ordering = !matches!(op, CompareOp::Equal | CompareOp::NotEqual);
        let fast = match &constant {
            Value::String(text) if !ordering => {
                Fast::StrEq(text.clone(), op == CompareOp::NotEqual)
            }
            Value::Double(number) if ordering => Fast::Double(*number),
            Value::Int(number) if ordering => Fast::Int(*number),
            _ => Fast::None,
        };
        Comparison { op, constant, fast }
    }

    /// The comparison of a value of the constant's kind (`None` for other kinds).
    #[allow(clippy::inline_always, reason = "the body of the scan's loop")]
    #[inline(always)]
    pub(crate) fn fast(&self, value: &Value) -> Option<bool> {
        match (&self.fast, value) {
            (Fast::StrEq(text, negate), Value::String(value)) => {
                Some(str_eq(value, text) != *negate)
            }
            (Fast::Double(number), Value::Double(value)) => {
                Some(holds(self.op, value.partial_cmp(number)))
            }
            (Fast::Int(number), Value::Int(value)) => Some(holds(self.op, Some(value.cmp(number)))),
            _ => None,
        }
    }

    #[inline]
    pub(crate) fn compare(&self, value: &Value) -> Result<bool, Error> {
        match self.fast(value) {
            Some(holds) => Ok(holds),
            None => self.compare_values(value),
        }
    }

    /// The comparison of values of other kinds.
    #[inline(never)]
    pub(crate) fn compare_values(&self, value: &Value) -> Result<bool, Error> {
        compare_with(self.op, value, &self.constant)
    }
}

/// Whether the ordering `op` holds for `order` (`None`, unordered `NaN`: never).
#[inline]
fn holds(op: CompareOp, order: Option<Ordering>) -> bool {
    match (op, order) {
        (_, None) => false,
        (CompareOp::Less, Some(order)) => order == Ordering::Less,
        (CompareOp::LessEqual, Some(order)) => order != Ordering::Greater,
        (CompareOp::Greater, Some(order)) => order == Ordering::Greater,
        (CompareOp::GreaterEqual, Some(order)) => order != Ordering::Less,
        (CompareOp::Equal, Some(order)) => order == Ordering::Equal,
        (CompareOp::NotEqual, Some(order)) => order != Ordering::Equal,
    }
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
