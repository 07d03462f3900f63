//! Operands evaluated in place: constants, and paths (`m.metrics.global.error_rate.total`,
//! `m.metadata.tier`) from a variable or a comprehension variable, walked field by field
//! without a call per step. Comparisons and paths use them, so that the common predicate
//! `m.field == 'literal'` is one node.

use std::borrow::Cow;
use std::sync::Arc;

use switchyard_plan::expr::Expr;

use super::access::project;
use super::error::{Error, ErrorKind, LinkError};
use super::frame::{Binding, Eval, Frame, Node};
use super::link::Linker;
use super::registry::VarSlot;
use crate::value::{Object, ObjectType, Str, Value};

/// Where a path starts.
pub(crate) enum Base {
    Local(usize, Binding),
    Var(VarSlot, Str),
    Node(Node),
}

/// One step of a path.
pub(crate) enum Step {
    /// A declared field: the expected type, the slot, the name (for other types and errors).
    Field { ty: Arc<ObjectType>, slot: usize, name: Str },
    /// `.key` on a map or a `dyn` value.
    Key(Str),
}

/// A value the caller evaluates in place.
pub(crate) enum Operand {
    Const(usize),
    Path(Base, Box<[Step]>),
    Node(Node),
}

impl Operand {
    #[inline]
    pub(crate) fn eval<'a>(&self, frame: &Frame<'a>) -> Eval<'a> {
        match self {
            Operand::Const(index) => constant(frame, *index),
            Operand::Path(base, steps) => {
                if let Some(value) = self.get(frame) {
                    return Ok(Cow::Borrowed(value));
                }
                let mut value = match base {
                    Base::Local(depth, binding) => frame.local(*depth, *binding)?,
                    Base::Var(slot, name) => variable(frame, *slot, name)?,
                    Base::Node(node) => node(frame)?,
                };
                for step in steps {
                    value = project(value, |value| step.apply(value))?;
                }
                Ok(value)
            }
            Operand::Node(node) => node(frame),
        }
    }

    /// The operand read in place, when every step is a stored value (`None` otherwise, and on
    /// errors: [`Operand::eval`] then gives the value or the error).
    #[inline]
    pub(crate) fn get<'a>(&self, frame: &Frame<'a>) -> Option<&'a Value> {
        match self {
            Operand::Const(index) => frame.constants.get(*index),
            Operand::Path(base, steps) => {
                let value = match base {
                    Base::Local(depth, binding) => frame.local_ref(*depth, *binding)?,
                    Base::Var(slot, _) => frame.var(*slot)?,
                    Base::Node(_) => return None,
                };
                walk(value, steps)
            }
            Operand::Node(_) => None,
        }
    }

    /// The operand as a node of its own.
    pub(crate) fn into_node(self) -> Node {
        match self {
            Operand::Node(node) => node,
            operand => Box::new(move |frame: &Frame<'_>| operand.eval(frame)),
        }
    }
}

#[inline]
fn constant<'a>(frame: &Frame<'a>, index: usize) -> Eval<'a> {
    match frame.constants.get(index) {
        Some(value) => Ok(Cow::Borrowed(value)),
        None => Err(Error::new(ErrorKind::NoSuchAttribute, "constant out of range")),
    }
}

#[inline]
pub(crate) fn variable<'a>(frame: &Frame<'a>, slot: VarSlot, name: &str) -> Eval<'a> {
    match frame.var(slot) {
        Some(value) => Ok(Cow::Borrowed(value)),
        None => Err(Error::new(ErrorKind::NoSuchAttribute, format!("no such attribute: {name}"))),
    }
}

/// The steps read in place, unrolled for short paths: each position of a path gets its own
/// call site, whose target (the object type at that position) stays the same from one
/// element to the next, so that indirect branches are predicted.
#[allow(clippy::inline_always, reason = "one call site per position is the point")]
#[inline(always)]
pub(crate) fn walk<'v>(value: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    match steps {
        [] => Some(value),
        [first] => first.get(value),
        [first, second] => second.get(first.get(value)?),
        [first, second, third] => third.get(second.get(first.get(value)?)?),
        [first, second, third, fourth] => fourth.get(third.get(second.get(first.get(value)?)?)?),
        [first, second, third, fourth, fifth] => {
            fifth.get(fourth.get(third.get(second.get(first.get(value)?)?)?)?)
        }
        _ => steps.iter().try_fold(value, |value, step| step.get(value)),
    }
}

impl Step {
    /// The step read in place: a stored field or map value.
    #[allow(clippy::inline_always, reason = "inlined into each position of `walk`")]
    #[inline(always)]
    fn get<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        match (self, value) {
            (Step::Field { ty, slot, .. }, Value::Object(object)) => object.field_of(ty, *slot),
            (Step::Field { name, .. } | Step::Key(name), Value::Map(map)) => map.get_str(name),
            _ => None,
        }
    }

    #[inline]
    fn apply<'v>(&self, value: &'v Value) -> Result<Cow<'v, Value>, Error> {
        match (self, value) {
            (Step::Field { ty, slot, name }, Value::Object(object)) => {
                let actual = object.object_type();
                if std::ptr::eq(actual, Arc::as_ptr(ty)) || actual.name() == ty.name() {
                    object.field(*slot).ok_or_else(|| Error::no_such_field(name))
                } else {
                    field_by_name(&**object, name)
                }
            }
            (Step::Field { name, .. } | Step::Key(name), Value::Map(map)) => {
                map.get_str(name).map(Cow::Borrowed).ok_or_else(|| Error::no_such_key(name))
            }
            (Step::Key(name), Value::Object(object)) => field_by_name(&**object, name),
            (Step::Field { name, .. } | Step::Key(name), _) => Err(Error::no_such_field(name)),
        }
    }
}

/// The steps applied to `value`: the value they lead to, or the error (a missing field or
/// key) that reading them raises.
pub(crate) fn read_steps<'v>(value: &'v Value, steps: &[Step]) -> Result<Cow<'v, Value>, Error> {
    let mut value = Cow::Borrowed(value);
    for step in steps {
        value = project(value, |value| step.apply(value))?;
    }
    Ok(value)
}

pub(crate) fn field_by_name<'v>(
    object: &'v dyn Object,
    name: &str,
) -> Result<Cow<'v, Value>, Error> {
    let slot = object.object_type().slot(name).ok_or_else(|| Error::no_such_field(name))?;
    object.field(slot).ok_or_else(|| Error::no_such_field(name))
}

impl Linker<'_> {
    /// Links `expr` as an operand: a constant or a path in place, anything else as a node.
    pub(crate) fn operand(&mut self, expr: &Expr) -> Result<Operand, LinkError> {
        match expr {
            Expr::Const(constant) => {
                let index = self.constants.len();
                self.constants.push(super::link::const_value(constant));
                Ok(Operand::Const(index))
            }
            Expr::Field { .. } | Expr::Key { .. } => self.path(expr),
            _ => Ok(Operand::Node(self.link(expr)?)),
        }
    }

    /// `a.b['c'].d`: the steps from the innermost operand out.
    pub(crate) fn path(&mut self, expr: &Expr) -> Result<Operand, LinkError> {
        let mut steps = Vec::new();
        let mut current = expr;
        loop {
            match current {
                Expr::Field { operand, object, field } => {
                    let ty = self
                        .registry
                        .object(object)
                        .cloned()
                        .ok_or_else(|| LinkError::UnknownObject(object.clone()))?;
                    let slot = ty.slot(field).ok_or_else(|| LinkError::UnknownField {
                        object: object.clone(),
                        field: field.clone(),
                    })?;
                    steps.push(Step::Field { ty, slot, name: field.as_str().into() });
                    current = operand;
                }
                Expr::Key { operand, key } => {
                    steps.push(Step::Key(key.as_str().into()));
                    current = operand;
                }
                _ => break,
            }
        }
        steps.reverse();
        let base = match current {
            Expr::Local(name) => {
                let (depth, binding) = self.local(name)?;
                Base::Local(depth, binding)
            }
            Expr::Var(name) => match self.var_slot(name) {
                Some(slot) => Base::Var(slot, name.as_str().into()),
                None => Base::Node(self.link(current)?),
            },
            other => Base::Node(self.link(other)?),
        };
        Ok(Operand::Path(base, steps.into_boxed_slice()))
    }
}
