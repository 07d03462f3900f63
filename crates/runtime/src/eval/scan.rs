//! Filters a comparison at a time.
//!
//! Most selection strategies filter with a chain of comparisons between paths of the element and
//! constants: `m.provider_id == 'openai' && m.metrics.global.error_rate.total < 0.01`. Such a
//! filter runs as a [`Scan`]: each comparison over the elements still in, with no frame and no
//! closure call per element, the path read in place and the constant's kind matched once per
//! comparison.
//!
//! The result and errors are the element-by-element filter's: an element is kept when every
//! comparison is true; `false` in one comparison wins over an error in another; otherwise the
//! element's first error (in comparison order) is the filter's error (the first such element's),
//! or, over lenient items (models, keys), is recorded in the activation and the element dropped.

use std::cmp::Ordering;

use switchyard_plan::expr::Expr;

use super::error::{Error, LinkError};
use super::frame::{Activation, Binding};
use super::functions::ops::compare_with;
use super::link::{Linker, const_value};
use super::operand::{Base, Operand, Step, read_steps, walk};
use super::registry::CompareOp;
use crate::value::{Str, Value, str_eq};

/// A filter predicate that is a chain of `&&` over comparisons of the element with constants.
pub(crate) struct Scan {
    tests: Box<[Test]>,
}

/// `element.path op constant`.
struct Test {
    steps: Box<[Step]>,
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

impl Linker<'_> {
    /// `predicate` as a [`Scan`], when it is a chain of comparisons of paths of the innermost
    /// comprehension's element with constants (`None` otherwise).
    pub(crate) fn scan(&mut self, predicate: &Expr) -> Result<Option<Scan>, LinkError> {
        let mut terms = Vec::new();
        super::predicate::conjuncts(predicate, &mut terms);
        let mut shapes = Vec::with_capacity(terms.len());
        for term in terms {
            let Some((op, left, right)) = self.as_comparison(term) else { return Ok(None) };
            let shape = match (left, right) {
                (path, Expr::Const(constant)) if self.is_element_path(path) => (op, path, constant),
                (Expr::Const(constant), path)
                    if matches!(op, CompareOp::Equal | CompareOp::NotEqual)
                        && self.is_element_path(path) =>
                {
                    (op, path, constant)
                }
                _ => return Ok(None),
            };
            shapes.push(shape);
        }
        let mut tests = Vec::with_capacity(shapes.len());
        for (op, path, constant) in shapes {
            let Operand::Path(Base::Local(0, Binding::Iter), steps) = self.path(path)? else {
                return Ok(None);
            };
            let constant = const_value(constant);
            let ordering = !matches!(op, CompareOp::Equal | CompareOp::NotEqual);
            let fast = match &constant {
                Value::String(text) if !ordering => {
                    Fast::StrEq(text.clone(), op == CompareOp::NotEqual)
                }
                Value::Double(number) if ordering => Fast::Double(*number),
                Value::Int(number) if ordering => Fast::Int(*number),
                _ => Fast::None,
            };
            tests.push(Test { steps, op, constant, fast });
        }
        Ok(Some(Scan { tests: tests.into_boxed_slice() }))
    }

    /// Whether `expr` is the innermost comprehension's element or a path from it.
    fn is_element_path(&self, expr: &Expr) -> bool {
        let mut current = expr;
        loop {
            match current {
                Expr::Field { operand, .. } | Expr::Key { operand, .. } => current = operand,
                Expr::Local(name) => return matches!(self.local(name), Ok((0, Binding::Iter))),
                _ => return false,
            }
        }
    }
}

impl Scan {
    /// The positions of the elements kept, of `len` elements read by `element`.
    pub(crate) fn run<'v>(
        &self,
        len: usize,
        element: impl Fn(u32) -> Option<&'v Value>,
        activation: &Activation<'_>,
    ) -> Result<Vec<u32>, Error> {
        let len = u32::try_from(len).unwrap_or(u32::MAX);
        let mut kept: Vec<u32> = (0..len).collect();
        // The first error of each element still in, by position (errors are rare).
        let mut errors: Vec<(u32, Error)> = Vec::new();
        for test in &self.tests {
            kept.retain(|&position| {
                let Some(item) = element(position) else { return false };
                match test.outcome(item) {
                    Ok(true) => true,
                    Ok(false) => {
                        errors.retain(|(failed, _)| *failed != position);
                        false
                    }
                    Err(error) => {
                        if !errors.iter().any(|(failed, _)| *failed == position) {
                            errors.push((position, error));
                        }
                        true
                    }
                }
            });
            if kept.is_empty() {
                break;
            }
        }
        if errors.is_empty() {
            return Ok(kept);
        }
        errors.sort_by_key(|(position, _)| *position);
        for (position, error) in errors {
            let lenient = matches!(element(position),
                Some(Value::Object(object)) if object.object_type().is_lenient());
            if !lenient {
                return Err(error);
            }
            activation.absorb(error);
            kept.retain(|&kept| kept != position);
        }
        Ok(kept)
    }
}

impl Test {
    #[inline]
    fn outcome(&self, item: &Value) -> Result<bool, Error> {
        match walk(item, &self.steps) {
            Some(value) => self.compare(value),
            None => self.compare(&*read_steps(item, &self.steps)?),
        }
    }

    #[inline]
    fn compare(&self, value: &Value) -> Result<bool, Error> {
        match (&self.fast, value) {
            (Fast::StrEq(text, negate), Value::String(value)) => Ok(str_eq(value, text) != *negate),
            (Fast::Double(number), Value::Double(value)) => {
                Ok(holds(self.op, value.partial_cmp(number)))
            }
            (Fast::Int(number), Value::Int(value)) => Ok(holds(self.op, Some(value.cmp(number)))),
            _ => compare_with(self.op, value, &self.constant),
        }
    }
}

/// Whether the ordering `op` holds for `order` (`None`, unordered `NaN`: never).
#[inline]
pub(crate) fn holds(op: CompareOp, order: Option<Ordering>) -> bool {
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
