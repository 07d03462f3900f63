//! Reading parts of values: fields by slot, map keys, list elements, `has()`, the string of a
//! string-like object. A part of a borrowed value is borrowed too.

use std::borrow::Cow;

use super::error::Error;
use super::frame::{Eval, Frame, Node};
use crate::value::{Str, Value};

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
