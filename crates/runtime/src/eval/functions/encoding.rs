//! Encodings: base64, JSON (through `serde_json`), URL escaping and parsing, query strings.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

use super::format::write_text;
use crate::eval::error::Error;
use crate::value::{Map, MapKey, Value};

type Result = std::result::Result<Value, Error>;

fn text<'v>(args: &[&'v Value]) -> std::result::Result<&'v str, Error> {
    match args.first() {
        Some(Value::String(text)) => Ok(text),
        _ => Err(Error::mismatch()),
    }
}

pub(crate) fn base64_encode(args: &[&Value]) -> Result {
    match args {
        [Value::String(text)] => Ok(Value::from(STANDARD.encode(text.as_bytes()))),
        [Value::Bytes(bytes)] => Ok(Value::from(STANDARD.encode(bytes))),
        _ => Err(Error::mismatch()),
    }
}

fn decode(text: &str) -> std::result::Result<Vec<u8>, Error> {
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(text).ok())
        .ok_or_else(|| Error::invalid("invalid base64"))
}

/// `base64.decode(string) -> bytes`.
pub(crate) fn base64_decode(args: &[&Value]) -> Result {
    Ok(Value::from(decode(text(args)?)?))
}

/// `string.decodeBase64() -> string`.
pub(crate) fn base64_decode_string(args: &[&Value]) -> Result {
    let bytes = decode(text(args)?)?;
    String::from_utf8(bytes)
        .map(Value::from)
        .map_err(|_| Error::invalid("decoded base64 is not UTF-8"))
}

pub(crate) fn basic_auth(args: &[&Value]) -> Result {
    let [Value::String(user), Value::String(password)] = args else {
        return Err(Error::mismatch());
    };
    Ok(Value::from(STANDARD.encode(format!("{user}:{password}"))))
}

pub(crate) fn json_encode(args: &[&Value]) -> Result {
    let [value] = args else { return Err(Error::mismatch()) };
    let json = to_json(value)?;
    serde_json::to_string(&json)
        .map(Value::from)
        .map_err(|error| Error::invalid(format!("json: {error}")))
}

pub(crate) fn json_decode(args: &[&Value]) -> Result {
    let json: serde_json::Value = serde_json::from_str(text(args)?)
        .map_err(|error| Error::invalid(format!("invalid JSON: {error}")))?;
    Ok(from_json(&json))
}

pub(crate) fn is_json(args: &[&Value]) -> Result {
    Ok(Value::Bool(serde_json::from_str::<serde::de::IgnoredAny>(text(args)?).is_ok()))
}

/// A value as JSON: bytes in base64, timestamps and durations as their strings, objects as
/// objects of their fields.
pub(crate) fn to_json(value: &Value) -> std::result::Result<serde_json::Value, Error> {
    use serde_json::Value as Json;
    Ok(match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(n) => Json::from(*n),
        Value::Uint(n) => Json::from(*n),
        Value::Double(d) => serde_json::Number::from_f64(*d)
            .map(Json::Number)
            .ok_or_else(|| Error::invalid("json: NaN and infinities have no JSON form"))?,
        Value::String(s) => Json::String(s.to_string()),
        Value::Bytes(b) => Json::String(STANDARD.encode(b)),
        Value::List(list) => {
            Json::Array(list.iter().map(to_json).collect::<std::result::Result<_, _>>()?)
        }
        Value::Map(map) => {
            let mut object = serde_json::Map::new();
            for (key, item) in map.iter() {
                let mut name = String::new();
                write_text(&mut name, &key.to_value());
                object.insert(name, to_json(item)?);
            }
            Json::Object(object)
        }
        Value::Timestamp(_) | Value::Duration(_) | Value::Type(_) => {
            let mut text = String::new();
            write_text(&mut text, value);
            Json::String(text)
        }
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
pub(crate) fn from_json(json: &serde_json::Value) -> Value {
    use serde_json::Value as Json;
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(n) => Value::Int(n),
            None => Value::Double(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => Value::list(items.iter().map(from_json)),
        Json::Object(fields) => Value::Map(
            fields
                .iter()
                .map(|(key, item)| (MapKey::from(key.as_str()), from_json(item)))
                .collect(),
        ),
    }
}

pub(crate) fn encode_json(args: &[&Value]) -> Result {
    json_encode(args)
}

/// Go's `url.QueryEscape`.
pub(crate) fn escape(args: &[&Value]) -> Result {
    Ok(Value::from(query_escape(text(args)?)))
}

pub(crate) fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char);
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// Go's `url.QueryUnescape`.
pub(crate) fn unescape(args: &[&Value]) -> Result {
    query_unescape(text(args)?).map(Value::from).ok_or_else(|| Error::invalid("invalid URL escape"))
}

pub(crate) fn query_unescape(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.bytes();
    while let Some(byte) = rest.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = (rest.next()? as char).to_digit(16)?;
                let low = (rest.next()? as char).to_digit(16)?;
                bytes.push((high * 16 + low) as u8);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).ok()
}

/// A query string as a map from names to their values, in order.
pub(crate) fn parse_query(query: &str) -> Option<Map> {
    let mut entries: Vec<(String, Vec<Value>)> = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (query_unescape(name)?, query_unescape(value)?);
        match entries.iter_mut().find(|(existing, _)| *existing == name) {
            Some((_, values)) => values.push(Value::from(value)),
            None => entries.push((name, vec![Value::from(value)])),
        }
    }
    Some(
        entries
            .into_iter()
            .map(|(name, values)| (MapKey::from(name.as_str()), Value::list(values)))
            .collect(),
    )
}

pub(crate) fn decode_query_string(args: &[&Value]) -> Result {
    let query = text(args)?;
    let query = query.strip_prefix('?').unwrap_or(query);
    parse_query(query).map(Value::Map).ok_or_else(|| Error::invalid("invalid query string"))
}

pub(crate) fn is_query_string(args: &[&Value]) -> Result {
    let query = text(args)?;
    Ok(Value::Bool(parse_query(query.strip_prefix('?').unwrap_or(query)).is_some()))
}
