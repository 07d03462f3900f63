//! Operators: arithmetic with overflow checks, equality and ordering across numbers,
//! `!`, `in`, `size`.

use std::cmp::Ordering;

use crate::eval::error::{Error, ErrorKind};
use crate::eval::registry::CompareOp;
use crate::value::{Value, compare, equal};

type Result = std::result::Result<Value, Error>;

pub(crate) fn add(args: &[&Value]) -> Result {
    Ok(match args {
        [Value::Int(a), Value::Int(b)] => {
            Value::Int(a.checked_add(*b).ok_or_else(|| Error::overflow("addition"))?)
        }
        [Value::Uint(a), Value::Uint(b)] => {
            Value::Uint(a.checked_add(*b).ok_or_else(|| Error::overflow("addition"))?)
        }
        [Value::Double(a), Value::Double(b)] => Value::Double(a + b),
        [Value::String(a), Value::String(b)] => Value::from(format!("{a}{b}")),
        [Value::Bytes(a), Value::Bytes(b)] => Value::Bytes([&a[..], &b[..]].concat().into()),
        [Value::List(a), Value::List(b)] => Value::List(a.concat(b)),
        [Value::Duration(a), Value::Duration(b)] => {
            Value::Duration(a.checked_add(*b).ok_or_else(time_overflow)?)
        }
        [Value::Timestamp(a), Value::Duration(b)] | [Value::Duration(b), Value::Timestamp(a)] => {
            Value::Timestamp(a.checked_add(*b).ok_or_else(time_overflow)?)
        }
        _ => return Err(Error::mismatch()),
    })
}

pub(crate) fn subtract(args: &[&Value]) -> Result {
    Ok(match args {
        [Value::Int(a), Value::Int(b)] => {
            Value::Int(a.checked_sub(*b).ok_or_else(|| Error::overflow("subtraction"))?)
        }
        [Value::Uint(a), Value::Uint(b)] => {
            Value::Uint(a.checked_sub(*b).ok_or_else(|| Error::overflow("subtraction"))?)
        }
        [Value::Double(a), Value::Double(b)] => Value::Double(a - b),
        [Value::Duration(a), Value::Duration(b)] => {
            Value::Duration(a.checked_sub(*b).ok_or_else(time_overflow)?)
        }
        [Value::Timestamp(a), Value::Duration(b)] => {
            Value::Timestamp(a.checked_sub(*b).ok_or_else(time_overflow)?)
        }
        [Value::Timestamp(a), Value::Timestamp(b)] => {
            Value::Duration(a.since(*b).ok_or_else(time_overflow)?)
        }
        _ => return Err(Error::mismatch()),
    })
}

pub(crate) fn multiply(args: &[&Value]) -> Result {
    Ok(match args {
        [Value::Int(a), Value::Int(b)] => {
            Value::Int(a.checked_mul(*b).ok_or_else(|| Error::overflow("multiplication"))?)
        }
        [Value::Uint(a), Value::Uint(b)] => {
            Value::Uint(a.checked_mul(*b).ok_or_else(|| Error::overflow("multiplication"))?)
        }
        [Value::Double(a), Value::Double(b)] => Value::Double(a * b),
        _ => return Err(Error::mismatch()),
    })
}

pub(crate) fn divide(args: &[&Value]) -> Result {
    Ok(match args {
        [Value::Int(_), Value::Int(0)] | [Value::Uint(_), Value::Uint(0)] => {
            return Err(Error::new(ErrorKind::DivisionByZero, "division by zero"));
        }
        [Value::Int(a), Value::Int(b)] => {
            Value::Int(a.checked_div(*b).ok_or_else(|| Error::overflow("division"))?)
        }
        [Value::Uint(a), Value::Uint(b)] => Value::Uint(a / b),
        [Value::Double(a), Value::Double(b)] => Value::Double(a / b),
        _ => return Err(Error::mismatch()),
    })
}

pub(crate) fn modulo(args: &[&Value]) -> Result {
    Ok(match args {
        [Value::Int(_), Value::Int(0)] | [Value::Uint(_), Value::Uint(0)] => {
            return Err(Error::new(ErrorKind::ModulusByZero, "modulus by zero"));
        }
        [Value::Int(a), Value::Int(b)] => {
            Value::Int(a.checked_rem(*b).ok_or_else(|| Error::overflow("modulus"))?)
        }
        [Value::Uint(a), Value::Uint(b)] => Value::Uint(a % b),
        _ => return Err(Error::mismatch()),
    })
}

pub(crate) fn negate(args: &[&Value]) -> Result {
    Ok(match args {
        [Value::Int(a)] => Value::Int(a.checked_neg().ok_or_else(|| Error::overflow("negation"))?),
        [Value::Double(a)] => Value::Double(-a),
        [Value::Duration(a)] => Value::Duration(a.negate()),
        _ => return Err(Error::mismatch()),
    })
}

pub(crate) fn not(args: &[&Value]) -> Result {
    match args {
        [Value::Bool(value)] => Ok(Value::Bool(!value)),
        _ => Err(Error::mismatch()),
    }
}

/// `==`, `!=` and the orderings; numbers compare across kinds, `NaN` is unordered.
#[inline]
pub(crate) fn compare_with(
    op: CompareOp,
    left: &Value,
    right: &Value,
) -> std::result::Result<bool, Error> {
    let order = match op {
        CompareOp::Equal => {
            return Ok(match (left, right) {
                (Value::String(a), Value::String(b)) => crate::value::str_eq(a, b),
                _ => equal(left, right),
            });
        }
        CompareOp::NotEqual => return Ok(!equal(left, right)),
        _ => match (left, right) {
            (Value::Double(a), Value::Double(b)) => a.partial_cmp(b),
            (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
            _ => compare(left, right),
        },
    };
    match order {
        Some(order) => Ok(match op {
            CompareOp::Less => order == Ordering::Less,
            CompareOp::LessEqual => order != Ordering::Greater,
            CompareOp::Greater => order == Ordering::Greater,
            _ => order != Ordering::Less,
        }),
        None if crate::value::both_numbers(left, right) => Ok(false),
        None => Err(Error::no_overload(match op {
            CompareOp::Less => "_<_",
            CompareOp::LessEqual => "_<=_",
            CompareOp::Greater => "_>_",
            _ => "_>=_",
        })),
    }
}

pub(crate) fn in_list(args: &[&Value]) -> Result {
    match args {
        [item, Value::List(list)] => {
            Ok(Value::Bool(list.iter().any(|element| equal(element, item))))
        }
        [key, Value::Map(map)] => Ok(Value::Bool(map.contains_key(key))),
        _ => Err(Error::mismatch()),
    }
}

pub(crate) fn size(args: &[&Value]) -> Result {
    let size = match args {
        [Value::String(text)] => text.chars().count(),
        [Value::Bytes(bytes)] => bytes.len(),
        [Value::List(list)] => list.len(),
        [Value::Map(map)] => map.len(),
        _ => return Err(Error::mismatch()),
    };
    Ok(Value::Int(i64::try_from(size).unwrap_or(i64::MAX)))
}

#[cold]
pub(crate) fn time_overflow() -> Error {
    Error::new(ErrorKind::Overflow, "timestamp or duration out of range")
}
