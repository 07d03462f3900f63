//! Resolution of plain scalars under the YAML 1.2 core schema.

use super::node::CoreValue;

/// The core-schema value of a plain scalar.
pub(crate) fn resolve_plain(text: &str) -> CoreValue<'_> {
    // Everything but a string starts with one of these: keys and most values are words.
    let special = |first: &u8| {
        matches!(first, b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'.' | b'+' | b'-')
            || first.is_ascii_digit()
    };
    if text.as_bytes().first().is_some_and(|first| !special(first)) {
        return CoreValue::Str(text);
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return CoreValue::Null,
        "true" | "True" | "TRUE" => return CoreValue::Bool(true),
        "false" | "False" | "FALSE" => return CoreValue::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return CoreValue::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return CoreValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return CoreValue::Float(f64::NAN),
        _ => {}
    }
    if !matches!(text.as_bytes().first(), Some(b'0'..=b'9' | b'+' | b'-' | b'.')) {
        return CoreValue::Str(text);
    }
    if let Some(int) = resolve_int(text) {
        return CoreValue::Int(int);
    }
    // An integer too large for `i64` stays a string rather than silently becoming a float.
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let integer_like = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    if !integer_like
        && is_core_float(text)
        && let Ok(float) = text.parse::<f64>()
    {
        return CoreValue::Float(float);
    }
    CoreValue::Str(text)
}

fn resolve_int(text: &str) -> Option<i64> {
    if let Some(octal) = text.strip_prefix("0o") {
        return (!octal.is_empty() && octal.bytes().all(|b| (b'0'..=b'7').contains(&b)))
            .then(|| i64::from_str_radix(octal, 8).ok())
            .flatten();
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| i64::from_str_radix(hex, 16).ok())
            .flatten();
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_core_float(text: &str) -> bool {
    let bytes = text.strip_prefix(['-', '+']).unwrap_or(text).as_bytes();
    let mut i = 0;
    let int_digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp_digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain("~"), CoreValue::Null);
        assert_eq!(resolve_plain(""), CoreValue::Null);
        assert_eq!(resolve_plain("True"), CoreValue::Bool(true));
        assert_eq!(resolve_plain("yes"), CoreValue::Str("yes"));
        assert_eq!(resolve_plain("42"), CoreValue::Int(42));
        assert_eq!(resolve_plain("-7"), CoreValue::Int(-7));
        assert_eq!(resolve_plain("0x1F"), CoreValue::Int(31));
        assert_eq!(resolve_plain("0o17"), CoreValue::Int(15));
        assert_eq!(resolve_plain("1.5"), CoreValue::Float(1.5));
        assert_eq!(resolve_plain("1e3"), CoreValue::Float(1000.0));
        assert_eq!(resolve_plain("30s"), CoreValue::Str("30s"));
        assert_eq!(resolve_plain("1m30s"), CoreValue::Str("1m30s"));
        assert_eq!(resolve_plain("4k"), CoreValue::Str("4k"));
        assert_eq!(resolve_plain("99999999999999999999"), CoreValue::Str("99999999999999999999"));
        assert_eq!(resolve_plain("."), CoreValue::Str("."));
        assert_eq!(resolve_plain("nulls"), CoreValue::Str("nulls"));
        assert_eq!(resolve_plain("e3"), CoreValue::Str("e3"));
        assert_eq!(resolve_plain("+.5"), CoreValue::Float(0.5));
        assert_eq!(resolve_plain("-0x1"), CoreValue::Str("-0x1"));
    }
}
