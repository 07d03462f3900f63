//! Reading parts of values: fields by slot, map keys, list elements, `has()`, the string of a
//! string-like object. A part of a borrowed value is borrowed too.

use std::borrow::Cow;
use std::sync::Arc;

use switchyard_plan::expr::Expr;

use super::error::{Error, LinkError};
use super::frame::{Eval, Frame, Node};
use super::link::Linker;
use crate::value::{Object, ObjectType, Str, Value};

/// One step of a field path: the expected type, the field's slot and its name.
struct Step {
    ty: Arc<ObjectType>,
    slot: usize,
    name: Str,
}

/// `a.b.c` on declared object types: one node for the whole path, each field by slot.
pub(crate) fn field_path(linker: &mut Linker<'_>, expr: &Expr) -> Result<Node, LinkError> {
    let mut steps = Vec::new();
    let mut current = expr;
    while let Expr::Field { operand, object, field } = current {
        let ty = linker
            .registry
            .object(object)
            .cloned()
            .ok_or_else(|| LinkError::UnknownObject(object.clone()))?;
        let slot = ty.slot(field).ok_or_else(|| LinkError::UnknownField {
            object: object.clone(),
            field: field.clone(),
        })?;
        steps.push(Step { ty, slot, name: field.as_str().into() });
        current = operand;
    }
    steps.reverse();
    let base = linker.link(current)?;
    Ok(match <[Step; 1]>::try_from(steps) {
        Ok([step]) => {
            Box::new(move |frame: &Frame<'_>| project(base(frame)?, |value| field(value, &step)))
        }
        Err(steps) => Box::new(move |frame: &Frame<'_>| {
            let mut value = base(frame)?;
            for step in &steps {
                value = project(value, |value| field(value, step))?;
            }
            Ok(value)
        }),
    })
}

/// Applies `part` to a value, keeping the result borrowed when the value was.
#[inline]
pub(crate) fn project<'a>(
    value: Cow<'a, Value>,
    part: impl for<'v> FnOnce(&'v Value) -> Result<Cow<'v, Value>, Error>,
) -> Eval<'a> {
    match value {
        Cow::Borrowed(value) => part(value),
        Cow::Owned(value) => part(&value).map(|part| Cow::Owned(part.into_owned())),
    }
}

#[inline]
fn field<'v>(value: &'v Value, step: &Step) -> Result<Cow<'v, Value>, Error> {
    match value {
        Value::Object(object) => {
            let actual = object.object_type();
            if std::ptr::eq(actual, &*step.ty) || actual.name() == step.ty.name() {
                object.field(step.slot).ok_or_else(|| Error::no_such_field(&step.name))
            } else {
                field_by_name(&**object, &step.name)
            }
        }
        Value::Map(map) => {
            map.get_str(&step.name).map(Cow::Borrowed).ok_or_else(|| Error::no_such_key(&step.name))
        }
        _ => Err(Error::no_such_field(&step.name)),
    }
}

fn field_by_name<'v>(object: &'v dyn Object, name: &str) -> Result<Cow<'v, Value>, Error> {
    let slot = object.object_type().slot(name).ok_or_else(|| Error::no_such_field(name))?;
    object.field(slot).ok_or_else(|| Error::no_such_field(name))
}

/// `a.key` on a map or a `dyn` value: a lookup by name.
pub(crate) fn key(operand: Node, key: Str) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        project(operand(frame)?, |value| match value {
            Value::Map(map) => {
                map.get_str(&key).map(Cow::Borrowed).ok_or_else(|| Error::no_such_key(&key))
            }
            Value::Object(object) => field_by_name(&**object, &key),
            _ => Err(Error::no_such_field(&key)),
        })
    })
}

/// `has(a.field)`.
pub(crate) fn has(operand: Node, field: Str) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let present = match &*operand(frame)? {
            Value::Map(map) => map.get_str(&field).is_some(),
            Value::Object(object) => match object.object_type().slot(&field) {
                Some(slot) => object.has(slot),
                None => return Err(Error::no_such_field(&field)),
            },
            _ => return Err(Error::no_overload("has")),
        };
        Ok(Cow::Owned(Value::Bool(present)))
    })
}

/// A string-like object used as a string.
pub(crate) fn text(operand: Node) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        project(operand(frame)?, |value| match value {
            Value::Object(object) => object.text().ok_or_else(|| Error::no_overload("string")),
            Value::String(_) | Value::Null => Ok(Cow::Borrowed(value)),
            _ => Err(Error::no_overload("string")),
        })
    })
}

/// `container[key]`: a list element or a map value.
pub(crate) fn index<'v>(container: &'v Value, key: &Value) -> Result<Cow<'v, Value>, Error> {
    match container {
        Value::List(list) => {
            let position = match *key {
                Value::Int(position) => i128::from(position),
                Value::Uint(position) => i128::from(position),
                Value::Double(position) if position.fract() == 0.0 && position.abs() < 1e19 => {
                    #[allow(clippy::cast_possible_truncation)]
                    let position = position as i128;
                    position
                }
                Value::Double(_) => return Err(Error::invalid("unsupported index value")),
                _ => return Err(Error::no_overload("_[_]")),
            };
            usize::try_from(position)
                .ok()
                .and_then(|position| list.get(position))
                .map(Cow::Borrowed)
                .ok_or_else(|| {
                    Error::new(
                        super::ErrorKind::IndexOutOfRange,
                        format!("index out of range: {position}"),
                    )
                })
        }
        Value::Map(map) => match key {
            Value::Bool(_)
            | Value::Int(_)
            | Value::Uint(_)
            | Value::String(_)
            | Value::Double(_) => {
                map.get(key).map(Cow::Borrowed).ok_or_else(|| Error::no_such_key(key))
            }
            _ => Err(Error::no_overload("_[_]")),
        },
        _ => Err(Error::no_overload("_[_]")),
    }
}
