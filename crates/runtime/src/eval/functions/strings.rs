//! String functions: the standard ones and the traffic-policy library's (cel-go's strings
//! extension semantics: indexes count code points).

use crate::eval::error::{Error, ErrorKind};
use crate::value::{List, Value};

type Result = std::result::Result<Value, Error>;

pub(crate) fn contains(args: &[&Value]) -> Result {
    match args {
        [Value::String(text), Value::String(part)] => Ok(Value::Bool(text.contains(&**part))),
        _ => Err(Error::mismatch()),
    }
}

pub(crate) fn starts_with(args: &[&Value]) -> Result {
    match args {
        [Value::String(text), Value::String(part)] => Ok(Value::Bool(text.starts_with(&**part))),
        _ => Err(Error::mismatch()),
    }
}

pub(crate) fn ends_with(args: &[&Value]) -> Result {
    match args {
        [Value::String(text), Value::String(part)] => Ok(Value::Bool(text.ends_with(&**part))),
        _ => Err(Error::mismatch()),
    }
}

/// `matches` with a pattern known only at run time (constant patterns are compiled at link).
pub(crate) fn matches(args: &[&Value]) -> Result {
    match args {
        [Value::String(text), Value::String(pattern)] => regex::Regex::new(pattern)
            .map(|regex| Value::Bool(regex.is_match(text)))
            .map_err(|error| Error::invalid(format!("invalid regular expression: {error}"))),
        _ => Err(Error::mismatch()),
    }
}

fn text<'v>(args: &[&'v Value]) -> std::result::Result<&'v str, Error> {
    match args.first() {
        Some(Value::String(text)) => Ok(text),
        _ => Err(Error::mismatch()),
    }
}

fn int_arg(args: &[&Value], position: usize) -> std::result::Result<i64, Error> {
    match args.get(position) {
        Some(Value::Int(value)) => Ok(*value),
        _ => Err(Error::mismatch()),
    }
}

fn str_arg<'v>(args: &[&'v Value], position: usize) -> std::result::Result<&'v str, Error> {
    match args.get(position) {
        Some(Value::String(value)) => Ok(value),
        _ => Err(Error::mismatch()),
    }
}

pub(crate) fn lower(args: &[&Value]) -> Result {
    Ok(Value::from(text(args)?.to_lowercase()))
}

pub(crate) fn upper(args: &[&Value]) -> Result {
    Ok(Value::from(text(args)?.to_uppercase()))
}

pub(crate) fn lower_ascii(args: &[&Value]) -> Result {
    Ok(Value::from(text(args)?.to_ascii_lowercase()))
}

pub(crate) fn upper_ascii(args: &[&Value]) -> Result {
    Ok(Value::from(text(args)?.to_ascii_uppercase()))
}

pub(crate) fn trim(args: &[&Value]) -> Result {
    Ok(Value::from(text(args)?.trim()))
}

pub(crate) fn reverse(args: &[&Value]) -> Result {
    Ok(Value::from(text(args)?.chars().rev().collect::<String>()))
}

/// The byte offset of code point `index` (the length for `index == count`), or an error.
fn offset(text: &str, index: i64) -> std::result::Result<usize, Error> {
    let bad = || Error::new(ErrorKind::IndexOutOfRange, format!("index out of range: {index}"));
    let index = usize::try_from(index).map_err(|_| bad())?;
    text.char_indices().map(|(offset, _)| offset).chain([text.len()]).nth(index).ok_or_else(bad)
}

pub(crate) fn substring(args: &[&Value]) -> Result {
    let text = text(args)?;
    let start = offset(text, int_arg(args, 1)?)?;
    let end = if args.len() > 2 { offset(text, int_arg(args, 2)?)? } else { text.len() };
    if start > end {
        return Err(Error::new(ErrorKind::IndexOutOfRange, "substring: start after end"));
    }
    Ok(Value::from(&text[start..end]))
}

pub(crate) fn char_at(args: &[&Value]) -> Result {
    let text = text(args)?;
    let start = offset(text, int_arg(args, 1)?)?;
    Ok(Value::from(text[start..].chars().next().map(String::from).unwrap_or_default()))
}

fn code_points(text: &str, byte_offset: usize) -> i64 {
    i64::try_from(text[..byte_offset].chars().count()).unwrap_or(i64::MAX)
}

pub(crate) fn index_of(args: &[&Value]) -> Result {
    let text = text(args)?;
    let part = str_arg(args, 1)?;
    let start = if args.len() > 2 { offset(text, int_arg(args, 2)?)? } else { 0 };
    Ok(Value::Int(match text[start..].find(part) {
        Some(found) => code_points(text, start + found),
        None => -1,
    }))
}

pub(crate) fn last_index_of(args: &[&Value]) -> Result {
    let text = text(args)?;
    let part = str_arg(args, 1)?;
    let end = if args.len() > 2 {
        let start = offset(text, int_arg(args, 2)?)?;
        // The match may start at `start` and run past it.
        (start + part.len()).min(text.len())
    } else {
        text.len()
    };
    let haystack = text.get(..end).unwrap_or(text);
    Ok(Value::Int(match haystack.rfind(part) {
        Some(found) => code_points(text, found),
        None => -1,
    }))
}

pub(crate) fn replace(args: &[&Value]) -> Result {
    let text = text(args)?;
    let (from, to) = (str_arg(args, 1)?, str_arg(args, 2)?);
    let limit = if args.len() > 3 { int_arg(args, 3)? } else { -1 };
    Ok(Value::from(match usize::try_from(limit) {
        Ok(limit) => text.replacen(from, to, limit),
        Err(_) => text.replace(from, to),
    }))
}

pub(crate) fn split(args: &[&Value]) -> Result {
    let text = text(args)?;
    let separator = str_arg(args, 1)?;
    let limit = if args.len() > 2 { int_arg(args, 2)? } else { -1 };
    if limit == 0 {
        return Ok(Value::List(List::default()));
    }
    let parts: Vec<Value> = if separator.is_empty() {
        let chars: Vec<char> = text.chars().collect();
        match usize::try_from(limit) {
            Ok(limit) if limit < chars.len() => {
                let mut parts: Vec<Value> =
                    chars[..limit - 1].iter().map(|c| Value::from(c.to_string())).collect();
                parts.push(Value::from(chars[limit - 1..].iter().collect::<String>()));
                parts
            }
            _ => chars.iter().map(|c| Value::from(c.to_string())).collect(),
        }
    } else {
        match usize::try_from(limit) {
            Ok(limit) => text.splitn(limit, separator).map(Value::from).collect(),
            Err(_) => text.split(separator).map(Value::from).collect(),
        }
    };
    Ok(Value::list(parts))
}

/// `strings.quote`: a double-quoted CEL string literal.
pub(crate) fn quote(args: &[&Value]) -> Result {
    let text = text(args)?;
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '\u{7}' => quoted.push_str("\\a"),
            '\u{8}' => quoted.push_str("\\b"),
            '\u{c}' => quoted.push_str("\\f"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '\u{b}' => quoted.push_str("\\v"),
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    Ok(Value::from(quoted))
}

/// `"...".format([args])`: `%s`, `%d`, `%f` (with `.N`), `%e`, `%x`, `%X`, `%o`, `%b`, `%%`.
pub(crate) fn format(args: &[&Value]) -> Result {
    let template = text(args)?;
    let Some(Value::List(values)) = args.get(1) else { return Err(Error::mismatch()) };
    let mut out = String::with_capacity(template.len());
    let mut values = values.iter();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut digits = String::new();
            while let Some(digit) = chars.peek().filter(|c| c.is_ascii_digit()) {
                digits.push(*digit);
                chars.next();
            }
            precision = Some(digits.parse::<usize>().unwrap_or(0));
        }
        let verb = chars.next().ok_or_else(|| Error::invalid("format: unterminated verb"))?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let value = values.next().ok_or_else(|| Error::invalid("format: not enough arguments"))?;
        super::format::verb(&mut out, verb, precision, value)?;
    }
    Ok(Value::from(out))
}

/// Splits a list of strings out of a value (`join`, `inCidrRanges`, ...).
pub(crate) fn strings(list: &List) -> std::result::Result<Vec<&str>, Error> {
    list.iter().map(|item| item.as_str().ok_or_else(Error::mismatch)).collect()
}
