//! Type conversions: `int()`, `uint()`, `double()`, `string()`, `bytes()`, `bool()`,
//! `timestamp()`, `duration()`, `type()`, with range checks.

use crate::eval::error::{Error, ErrorKind};
use crate::value::{Duration, Timestamp, Value};

type Result = std::result::Result<Value, Error>;

/// 2^63 as a double: the first double above `i64::MAX`.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
/// 2^64 as a double.
const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;

#[cold]
fn range(target: &str) -> Error {
    Error::new(ErrorKind::Overflow, format!("{target} conversion: value out of range"))
}

pub(crate) fn type_of(args: &[&Value]) -> Result {
    match args {
        [value] => Ok(Value::Type(value.type_value())),
        _ => Err(Error::mismatch()),
    }
}

pub(crate) fn to_int(args: &[&Value]) -> Result {
    Ok(Value::Int(match args {
        [Value::Int(value)] => *value,
        [Value::Uint(value)] => i64::try_from(*value).map_err(|_| range("int"))?,
        [Value::Double(value)] => {
            if value.is_nan() || *value >= TWO_POW_63 || *value <= -TWO_POW_63 {
                return Err(range("int"));
            }
            #[allow(clippy::cast_possible_truncation)]
            let truncated = *value as i64;
            truncated
        }
        [Value::String(text)] => {
            text.parse().map_err(|_| Error::invalid(format!("cannot convert {text:?} to int")))?
        }
        [Value::Timestamp(value)] => value.seconds(),
        [Value::Duration(value)] => i64::try_from(value.as_nanos()).map_err(|_| range("int"))?,
        _ => return Err(Error::mismatch()),
    }))
}

pub(crate) fn to_uint(args: &[&Value]) -> Result {
    Ok(Value::Uint(match args {
        [Value::Uint(value)] => *value,
        [Value::Int(value)] => u64::try_from(*value).map_err(|_| range("uint"))?,
        [Value::Double(value)] => {
            if value.is_nan() || *value >= TWO_POW_64 || *value <= -1.0 {
                return Err(range("uint"));
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let truncated = *value as u64;
            truncated
        }
        [Value::String(text)] => {
            text.parse().map_err(|_| Error::invalid(format!("cannot convert {text:?} to uint")))?
        }
        _ => return Err(Error::mismatch()),
    }))
}

#[allow(clippy::cast_precision_loss)]
pub(crate) fn to_double(args: &[&Value]) -> Result {
    Ok(Value::Double(match args {
        [Value::Double(value)] => *value,
        [Value::Int(value)] => *value as f64,
        [Value::Uint(value)] => *value as f64,
        [Value::String(text)] => parse_double(text)
            .ok_or_else(|| Error::invalid(format!("cannot convert {text:?} to double")))?,
        _ => return Err(Error::mismatch()),
    }))
}

/// Go's `strconv.ParseFloat`: decimal and exponent forms, `NaN`, `Inf`, `+Inf`, `-Infinity`.
fn parse_double(text: &str) -> Option<f64> {
    let unsigned = text.trim_start_matches(['+', '-']);
    if matches!(unsigned.to_ascii_lowercase().as_str(), "inf" | "infinity" | "nan") {
        return text.parse().ok();
    }
    if unsigned.is_empty()
        || !unsigned.bytes().all(|byte| byte.is_ascii_digit() || b".eE+-_".contains(&byte))
    {
        return None;
    }
    text.parse().ok()
}

pub(crate) fn to_string(args: &[&Value]) -> Result {
    Ok(match args {
        [Value::String(_)] => args[0].clone(),
        [Value::Int(value)] => Value::from(value.to_string()),
        [Value::Uint(value)] => Value::from(value.to_string()),
        [Value::Double(value)] => Value::from(format_double(*value)),
        [Value::Bool(value)] => Value::from(value.to_string()),
        [Value::Bytes(bytes)] => Value::from(
            std::str::from_utf8(bytes)
                .map_err(|_| Error::invalid("invalid UTF-8 in bytes, cannot convert to string"))?,
        ),
        [Value::Timestamp(value)] => Value::from(value.to_string()),
        [Value::Duration(value)] => Value::from(value.to_string()),
        _ => return Err(Error::mismatch()),
    })
}

/// A double as Go's `strconv.FormatFloat(value, 'g', -1, 64)` prints it (cel-go's
/// `string(double)`): shortest digits, exponent notation below 1e-4 and from 1e6 on.
pub(crate) fn format_double(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "+Inf".to_owned() } else { "-Inf".to_owned() };
    }
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..6).contains(&exponent) {
        return format!("{value}");
    }
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.abs())
}

pub(crate) fn to_bytes(args: &[&Value]) -> Result {
    match args {
        [Value::Bytes(_)] => Ok(args[0].clone()),
        [Value::String(text)] => Ok(Value::Bytes(text.as_bytes().into())),
        _ => Err(Error::mismatch()),
    }
}

pub(crate) fn to_bool(args: &[&Value]) -> Result {
    match args {
        [Value::Bool(value)] => Ok(Value::Bool(*value)),
        [Value::String(text)] => match &**text {
            "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(Value::Bool(true)),
            "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(Value::Bool(false)),
            _ => Err(Error::invalid(format!("cannot convert {text:?} to bool"))),
        },
        _ => Err(Error::mismatch()),
    }
}

pub(crate) fn to_timestamp(args: &[&Value]) -> Result {
    match args {
        [Value::Timestamp(value)] => Ok(Value::Timestamp(*value)),
        [Value::Int(seconds)] => {
            Timestamp::new(*seconds, 0).map(Value::Timestamp).ok_or_else(|| range("timestamp"))
        }
        [Value::String(text)] => Timestamp::parse(text)
            .map(Value::Timestamp)
            .ok_or_else(|| Error::invalid(format!("cannot parse {text:?} as a timestamp"))),
        _ => Err(Error::mismatch()),
    }
}

pub(crate) fn to_duration(args: &[&Value]) -> Result {
    match args {
        [Value::Duration(value)] => Ok(Value::Duration(*value)),
        [Value::String(text)] => Duration::parse(text)
            .map(Value::Duration)
            .ok_or_else(|| Error::invalid(format!("cannot parse {text:?} as a duration"))),
        _ => Err(Error::mismatch()),
    }
}

#[cfg(test)]
mod tests {
    use super::format_double;

    #[test]
    fn doubles_print_as_go_does() {
        for (value, text) in [
            (123.456, "123.456"),
            (-4.5e-3, "-0.0045"),
            (1.0, "1"),
            (1e21, "1e+21"),
            (123_456.0, "123456"),
            (1_234_567.0, "1.234567e+06"),
            (1.5e-7, "1.5e-07"),
            (-0.0, "-0"),
        ] {
            assert_eq!(format_double(value), text);
        }
    }
}
