//! Conversions between CEL values, JSON and text, as templates and action results need them
//! (spec/templates.md §4).
//!
//! JSON conversion and the formatting of doubles are the evaluator's (`json.encode`,
//! `string()`): doubles as Go prints them, timestamps in RFC 3339, durations as Go durations,
//! bytes in base64 for JSON, objects as objects of their fields (string-like objects as their
//! string).

use serde_json::Value as Json;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::eval::functions::convert::format_double;
use crate::eval::functions::encoding;
use crate::value::{MapKey, Value};

/// A value as JSON (the evaluator's conversion, as `json.encode` does it).
pub(crate) fn to_json(value: &Value) -> Result<Json, String> {
    encoding::to_json(value).map_err(|error| error.to_string())
}

/// JSON as a value: integers that fit `int` as `int`, other numbers as `double`.
pub(crate) fn from_json(json: &Json) -> Value {
    encoding::from_json(json)
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
        Value::Bytes(bytes) => Ok(STANDARD.encode(bytes)),
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
    fn bytes_are_padded_base64() {
        let text = |bytes: &[u8]| to_field_text(&Value::from(bytes.to_vec())).unwrap();
        assert_eq!(text(b""), "");
        assert_eq!(text(b"f"), "Zg==");
        assert_eq!(text(b"fo"), "Zm8=");
        assert_eq!(text(b"foo"), "Zm9v");
        assert_eq!(text(b"foobar"), "Zm9vYmFy");
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
