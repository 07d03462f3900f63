//! The verbs of `string.format()` (cel-go's strings extension), and the text of a value for
//! `%s`.

use std::fmt::Write as _;

use super::convert::format_double;
use crate::eval::error::Error;
use crate::value::Value;

pub(crate) fn verb(
    out: &mut String,
    verb: char,
    precision: Option<usize>,
    value: &Value,
) -> Result<(), Error> {
    match verb {
        's' => write_text(out, value),
        'd' => match value {
            Value::Int(n) => write!(out, "{n}"),
            Value::Uint(n) => write!(out, "{n}"),
            Value::Double(d) if d.is_nan() || d.is_infinite() => out.write_str(&format_double(*d)),
            _ => return Err(bad(verb, value)),
        }
        .map_err(|_| bad(verb, value))?,
        'f' | 'e' => {
            let number = match value {
                Value::Double(d) => *d,
                #[allow(clippy::cast_precision_loss)]
                Value::Int(n) => *n as f64,
                #[allow(clippy::cast_precision_loss)]
                Value::Uint(n) => *n as f64,
                _ => return Err(bad(verb, value)),
            };
            let precision = precision.unwrap_or(6);
            if number.is_nan() || number.is_infinite() {
                out.push_str(&format_double(number));
            } else if verb == 'f' {
                let _ = write!(out, "{number:.precision$}");
            } else {
                let text = format!("{number:.precision$e}");
                let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
                let exponent: i32 = exponent.parse().unwrap_or(0);
                let sign = if exponent < 0 { '-' } else { '+' };
                let _ = write!(out, "{mantissa}e{sign}{:02}", exponent.abs());
            }
        }
        'x' | 'X' | 'o' | 'b' => {
            let text = match (value, verb) {
                (Value::Int(n), 'x') => signed(*n, |m| format!("{m:x}")),
                (Value::Int(n), 'X') => signed(*n, |m| format!("{m:X}")),
                (Value::Int(n), 'o') => signed(*n, |m| format!("{m:o}")),
                (Value::Int(n), _) => signed(*n, |m| format!("{m:b}")),
                (Value::Uint(n), 'x') => format!("{n:x}"),
                (Value::Uint(n), 'X') => format!("{n:X}"),
                (Value::Uint(n), 'o') => format!("{n:o}"),
                (Value::Uint(n), _) => format!("{n:b}"),
                (Value::String(s), 'x') => hex(s.as_bytes(), false),
                (Value::String(s), 'X') => hex(s.as_bytes(), true),
                (Value::Bytes(b), 'x') => hex(b, false),
                (Value::Bytes(b), 'X') => hex(b, true),
                _ => return Err(bad(verb, value)),
            };
            out.push_str(&text);
        }
        _ => return Err(Error::invalid(format!("format: unknown verb %{verb}"))),
    }
    Ok(())
}

fn signed(n: i64, digits: impl Fn(u64) -> String) -> String {
    if n < 0 { format!("-{}", digits(n.unsigned_abs())) } else { digits(n.unsigned_abs()) }
}

fn hex(bytes: &[u8], upper: bool) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
        let _ = if upper { write!(out, "{byte:02X}") } else { write!(out, "{byte:02x}") };
        out
    })
}

#[cold]
fn bad(verb: char, value: &Value) -> Error {
    Error::invalid(format!("format: %{verb} does not take a {}", value.type_value().name()))
}

/// The text of a value, as `string()` gives it for scalars, and lists and maps in brackets.
pub(crate) fn write_text(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Uint(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Double(d) => out.push_str(&format_double(*d)),
        Value::String(s) => out.push_str(s),
        Value::Bytes(b) => out.push_str(&String::from_utf8_lossy(b)),
        Value::Timestamp(t) => {
            let _ = write!(out, "{t}");
        }
        Value::Duration(d) => {
            let _ = write!(out, "{d}");
        }
        Value::Type(ty) => out.push_str(ty.name()),
        Value::List(list) => {
            out.push('[');
            for (position, item) in list.iter().enumerate() {
                if position > 0 {
                    out.push_str(", ");
                }
                write_text(out, item);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (position, (key, item)) in map.iter().enumerate() {
                if position > 0 {
                    out.push_str(", ");
                }
                write_text(out, &key.to_value());
                out.push_str(": ");
                write_text(out, item);
            }
            out.push('}');
        }
        Value::Object(object) => match object.text() {
            Some(text) => write_text(out, &text),
            None => out.push_str(object.object_type().name()),
        },
    }
}
