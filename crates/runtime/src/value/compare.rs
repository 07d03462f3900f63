//! Equality and ordering, with CEL's heterogeneous numbers: `1 == 1.0`, `1u < 2`, `-1 < 1u`.

use std::cmp::Ordering;

use super::Value;

/// CEL equality; values of different kinds (other than numbers) are unequal.
pub(crate) fn equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::String(a), Value::String(b)) => str_eq(a, b),
        (Value::Bytes(a), Value::Bytes(b)) => a == b,
        (Value::Timestamp(a), Value::Timestamp(b)) => a == b,
        (Value::Duration(a), Value::Duration(b)) => a == b,
        (Value::Type(a), Value::Type(b)) => a == b,
        (Value::List(a), Value::List(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| equal(a, b))
        }
        (Value::Map(a), Value::Map(b)) => {
            a.len() == b.len()
                && a.iter().all(|(key, value)| {
                    b.get(&key.to_value()).is_some_and(|other| equal(value, other))
                })
        }
        (Value::Object(a), Value::Object(b)) => a.equals(&**b),
        _ => compare_numbers(left, right) == Some(Ordering::Equal),
    }
}

/// CEL ordering: `None` when the values are not comparable (different kinds, or `NaN`).
pub(crate) fn compare(left: &Value, right: &Value) -> Option<Ordering> {
    match (left, right) {
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Bytes(a), Value::Bytes(b)) => Some(a.cmp(b)),
        (Value::Timestamp(a), Value::Timestamp(b)) => Some(a.cmp(b)),
        (Value::Duration(a), Value::Duration(b)) => Some(a.cmp(b)),
        _ => compare_numbers(left, right),
    }
}

/// String equality without a library call for short strings (ids, tiers, providers): two
/// overlapping word loads per side, whatever the length up to 16 bytes.
#[inline]
pub(crate) fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let len = a.len();
    if len != b.len() {
        return false;
    }
    match len {
        0 => true,
        1..=3 => a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1],
        4..=7 => word4(a, 0) == word4(b, 0) && word4(a, len - 4) == word4(b, len - 4),
        8..=16 => word8(a, 0) == word8(b, 0) && word8(a, len - 8) == word8(b, len - 8),
        _ => a == b,
    }
}

#[inline]
fn word4(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_ne_bytes(word)
}

#[inline]
fn word8(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_ne_bytes(word)
}

/// Whether both values are numbers (so that a failed comparison means `NaN`, not a type error).
pub(crate) fn both_numbers(left: &Value, right: &Value) -> bool {
    let number = |value: &Value| matches!(value, Value::Int(_) | Value::Uint(_) | Value::Double(_));
    number(left) && number(right)
}

fn compare_numbers(left: &Value, right: &Value) -> Option<Ordering> {
    match (left, right) {
        (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
        (Value::Uint(a), Value::Uint(b)) => Some(a.cmp(b)),
        (Value::Double(a), Value::Double(b)) => a.partial_cmp(b),
        (Value::Int(a), Value::Uint(b)) => Some(i128::from(*a).cmp(&i128::from(*b))),
        (Value::Uint(a), Value::Int(b)) => Some(i128::from(*a).cmp(&i128::from(*b))),
        (Value::Int(a), Value::Double(b)) => compare_integer_double(i128::from(*a), *b),
        (Value::Uint(a), Value::Double(b)) => compare_integer_double(i128::from(*a), *b),
        (Value::Double(a), Value::Int(b)) => {
            compare_integer_double(i128::from(*b), *a).map(Ordering::reverse)
        }
        (Value::Double(a), Value::Uint(b)) => {
            compare_integer_double(i128::from(*b), *a).map(Ordering::reverse)
        }
        _ => None,
    }
}

/// Compares an integer with a double as cel-go does: out of the integer type's range the
/// double is above or below every integer; within it, both compare as doubles (so
/// `9223372036854775807 == 9223372036854775808.0`, as the conformance suite expects).
#[allow(clippy::cast_precision_loss)]
fn compare_integer_double(integer: i128, double: f64) -> Option<Ordering> {
    if double.is_nan() {
        return None;
    }
    if double < -9_223_372_036_854_775_808.0 {
        return Some(Ordering::Greater);
    }
    if double > 18_446_744_073_709_551_616.0 {
        return Some(Ordering::Less);
    }
    (integer as f64).partial_cmp(&double)
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::{compare, equal, str_eq};
    use crate::value::Value;

    #[test]
    fn string_equality_sees_every_byte_at_every_length() {
        for len in 0..40 {
            let text: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(str_eq(&text, &text.clone()), "{len}");
            assert!(!str_eq(&text, &format!("{text}x")), "{len}");
            for at in 0..len {
                let mut other = text.clone().into_bytes();
                other[at] = b'#';
                let other = String::from_utf8(other).unwrap();
                assert!(!str_eq(&text, &other), "{len} {at}");
            }
        }
    }

    #[test]
    fn numbers_compare_across_kinds_exactly() {
        assert!(equal(&Value::Int(1), &Value::Double(1.0)));
        assert!(equal(&Value::Uint(1), &Value::Int(1)));
        assert!(!equal(&Value::Int(-1), &Value::Uint(u64::MAX)));
        assert!(!equal(&Value::Double(f64::NAN), &Value::Double(f64::NAN)));
        assert_eq!(compare(&Value::Int(-1), &Value::Uint(0)), Some(Ordering::Less));
        assert_eq!(
            compare(&Value::Int(i64::MAX), &Value::Double(9_223_372_036_854_775_808.0)),
            Some(Ordering::Equal)
        );
        assert_eq!(compare(&Value::Uint(u64::MAX), &Value::Double(1e30)), Some(Ordering::Less));
        assert_eq!(compare(&Value::Int(1), &Value::Double(1.5)), Some(Ordering::Less));
        assert_eq!(compare(&Value::Int(-1), &Value::Double(-1.5)), Some(Ordering::Greater));
        assert_eq!(compare(&Value::Int(1), &Value::from("1")), None);
        assert!(!equal(&Value::Int(1), &Value::from("1")));
    }
}
