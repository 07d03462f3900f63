//! Conversions between CEL values, JSON and text, as templates and action results need them
//! (spec/templates.md §4).
//!
//! The evaluator has the same conversions for `string()` and `json.encode`, private to it; these
//! follow the same rules: doubles as Go prints them, timestamps in RFC 3339, durations as Go
//! durations, bytes in base64 for JSON, objects as objects of their fields (string-like objects
//! as their string).

use serde_json::Value as Json;

use crate::value::{MapKey, Value};

/// A value as JSON.
pub(crate) fn to_json(value: &Value) -> Result<Json, String> {
    Ok(match value {
        Value::Null => Json::Null,
        Value::Bool(flag) => Json::Bool(*flag),
        Value::Int(number) => Json::from(*number),
        Value::Uint(number) => Json::from(*number),
        Value::Double(number) => serde_json::Number::from_f64(*number)
            .map(Json::Number)
            .ok_or_else(|| "NaN and infinities have no JSON form".to_owned())?,
        Value::String(text) => Json::String(text.to_string()),
        Value::Bytes(bytes) => Json::String(base64(bytes)),
        Value::List(list) => Json::Array(list.iter().map(to_json).collect::<Result<_, _>>()?),
        Value::Map(map) => {
            let mut object = serde_json::Map::new();
            for (key, item) in map.iter() {
                object.insert(text(&key.to_value()), to_json(item)?);
            }
            Json::Object(object)
        }
        Value::Timestamp(_) | Value::Duration(_) | Value::Type(_) => Json::String(text(value)),
        Value::Object(object) => {
            if let Some(text) = object.text() {
                return to_json(&text);
            }
            let ty = object.object_type();
            let mut fields = serde_json::Map::new();
            for (slot, field) in ty.fields().iter().enumerate() {
                if let Some(item) = object.field(slot) {
                    fields.insert(field.name().to_owned(), to_json(&item)?);
                }
            }
            Json::Object(fields)
        }
    })
}

/// JSON as a value: integers that fit `int` as `int`, other numbers as `double`.
pub(crate) fn from_json(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(flag) => Value::Bool(*flag),
        Json::Number(number) => match number.as_i64() {
            Some(number) => Value::Int(number),
            None => Value::Double(number.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(text) => Value::from(text.as_str()),
        Json::Array(items) => Value::list(items.iter().map(from_json)),
        Json::Object(fields) => Value::Map(
            fields
                .iter()
                .map(|(key, item)| (MapKey::from(key.as_str()), from_json(item)))
                .collect(),
        ),
    }
}

/// A value in a string field: strings as they are, scalars as `string()` gives them, lists and
/// maps JSON-encoded, `null` as nothing.
pub(crate) fn to_field_text(value: &Value) -> Result<String, String> {
    match value {
        Value::Null => Ok(String::new()),
        Value::List(_) | Value::Map(_) => Ok(to_json(value)?.to_string()),
        Value::Object(object) => match object.text() {
            Some(text) => to_field_text(&text),
            None => Ok(to_json(value)?.to_string()),
        },
        Value::Bytes(bytes) => Ok(base64(bytes)),
        other => Ok(text(other)),
    }
}

/// The text of a scalar, as `string()` gives it.
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Int(number) => number.to_string(),
        Value::Uint(number) => number.to_string(),
        Value::Double(number) => format_double(*number),
        Value::String(text) => text.to_string(),
        Value::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Value::Timestamp(timestamp) => timestamp.to_string(),
        Value::Duration(duration) => duration.to_string(),
        Value::Type(ty) => ty.name().to_owned(),
        Value::List(_) | Value::Map(_) | Value::Object(_) => {
            to_json(value).map(|json| json.to_string()).unwrap_or_default()
        }
    }
}

/// A double as Go's `strconv.FormatFloat(value, 'g', -1, 64)` prints it.
fn format_double(value: f64) -> String {
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

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for position in 0..4 {
            if position <= chunk.len() {
                let index = (n >> (18 - 6 * position)) & 63;
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A JSON-like plan value (a `set-vars` or `log` value) whose string leaves are rendered by
/// `render`: lone interpolations keep their type.
pub(crate) fn plan_value(
    value: &switchyard_plan::Value,
    render: &mut dyn FnMut(&switchyard_plan::Template) -> Result<Value, String>,
) -> Result<Value, String> {
    use switchyard_plan::Value as Plain;
    Ok(match value {
        Plain::Null => Value::Null,
        Plain::Bool(flag) => Value::Bool(*flag),
        Plain::Int(number) => Value::Int(*number),
        Plain::Float(number) => Value::Double(*number),
        Plain::String(template) => render(template)?,
        Plain::List(items) => Value::list(
            items.iter().map(|item| plan_value(item, render)).collect::<Result<Vec<_>, _>>()?,
        ),
        Plain::Map(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            for (key, item) in entries {
                out.push((MapKey::from(key.as_str()), plan_value(item, render)?));
            }
            Value::Map(out.into_iter().collect())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn field_text() {
        assert_eq!(to_field_text(&Value::Null).unwrap(), "");
        assert_eq!(to_field_text(&Value::Double(1.5)).unwrap(), "1.5");
        assert_eq!(to_field_text(&Value::from(vec![1_i64, 2])).unwrap(), "[1,2]");
        let json = serde_json::json!({"a": [1, "x", null]});
        assert_eq!(to_json(&from_json(&json)).unwrap(), json);
    }
}
