//! Parsing CEL type notation (`list(AIModel)`, `map(string, dyn)`) for the declaration tables.

use switchyard_cel::Type;

/// The type written as `text` in CEL's notation; names that are not built-in types are object
/// types.
///
/// # Panics
/// On malformed notation: the tables are static, and a test builds every environment.
pub(crate) fn parse_type(text: &str) -> Type {
    let (ty, rest) = parse(text.trim());
    assert!(rest.trim().is_empty(), "trailing text in type `{text}`");
    ty
}

fn parse(text: &str) -> (Type, &str) {
    let end = text.find(['(', ',', ')']).unwrap_or(text.len());
    let name = text[..end].trim();
    let rest = &text[end..];
    match name {
        "list" => {
            let (elem, rest) = parse(expect(rest, '('));
            (Type::list(elem), expect(rest, ')'))
        }
        "map" => {
            let (key, rest) = parse(expect(rest, '('));
            let (value, rest) = parse(expect(rest, ','));
            (Type::map(key, value), expect(rest, ')'))
        }
        "dyn" => (Type::Dyn, rest),
        "bool" => (Type::Bool, rest),
        "int" => (Type::Int, rest),
        "uint" => (Type::Uint, rest),
        "double" => (Type::Double, rest),
        "string" => (Type::String, rest),
        "bytes" => (Type::Bytes, rest),
        "timestamp" => (Type::Timestamp, rest),
        "duration" => (Type::Duration, rest),
        "null_type" => (Type::Null, rest),
        _ if name.len() == 1 && name.chars().all(|c| c.is_ascii_uppercase()) => {
            (Type::param(name), rest)
        }
        _ => (Type::object(name), rest),
    }
}

fn expect(text: &str, delimiter: char) -> &str {
    let text = text.trim_start();
    text.strip_prefix(delimiter)
        .unwrap_or_else(|| panic!("expected `{delimiter}` in type at `{text}`"))
}

#[cfg(test)]
mod tests {
    use super::parse_type;

    #[test]
    fn notation_round_trips() {
        for text in [
            "int",
            "list(string)",
            "map(string, list(Cookie))",
            "list(AIModel)",
            "map(string, dyn)",
            "list(T)",
        ] {
            assert_eq!(parse_type(text).to_string(), text);
        }
    }
}
