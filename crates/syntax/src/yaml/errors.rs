//! The `SY0001` diagnostics of the YAML layer, other than parser errors (see `scan_error`).

use switchyard_diagnostics::{Code, Diagnostic, FileId, Span, TextRange};

/// The deepest nesting of collections accepted.
pub(crate) const MAX_DEPTH: usize = 200;

/// The core-schema tags accepted on nodes.
const CORE_TAGS: [&str; 7] = ["str", "int", "bool", "null", "float", "map", "seq"];

/// A `SY0001` diagnostic with its primary label and help.
pub(crate) fn yaml_error(
    file: FileId,
    range: TextRange,
    message: impl Into<String>,
    label: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(Code::SY0001, message)
        .with_primary(Span::new(file, range), label)
        .with_help(help)
}

/// Whether a resolved saphyr tag is one of the YAML core tags.
pub(crate) fn is_core_tag(tag: &saphyr_parser::Tag) -> bool {
    tag.is_yaml_core_schema() && CORE_TAGS.contains(&tag.suffix.as_str())
}

/// A tag that is not a core tag. `written` is the node as written when it is a one-line scalar:
/// most such tags are CEL expressions starting with `!` that YAML read as a tag.
pub(crate) fn unexpected_tag(
    file: FileId,
    tag: &str,
    range: TextRange,
    written: Option<&str>,
) -> Diagnostic {
    let message = format!("unexpected tag `{tag}`");
    if tag.starts_with("!!") {
        let help = "only the YAML core tags `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, \
                    `!!map` and `!!seq` are supported: remove the tag";
        return yaml_error(file, range, message, "unsupported tag", help);
    }
    let help = match written {
        Some(text) => format!(
            "an expression starting with `!` must be quoted: write {}",
            quote_suggestion(text)
        ),
        None => "an expression starting with `!` must be quoted: write \"!…\"; \
                 other tags are not supported"
            .to_owned(),
    };
    yaml_error(file, range, message, "YAML reads this as a tag, not as text", help)
}

/// `text` as a YAML quoted scalar: double quotes unless it holds `"` or `\` and no `'`.
pub(crate) fn quote_suggestion(text: &str) -> String {
    if !text.contains(['"', '\\']) {
        format!("\"{text}\"")
    } else if !text.contains('\'') {
        format!("'{text}'")
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

pub(crate) fn duplicate_key(
    file: FileId,
    name: Option<&str>,
    second: TextRange,
    first: TextRange,
) -> Diagnostic {
    let message = match name {
        Some(name) => format!("duplicate key `{name}`"),
        None => "duplicate mapping key".to_owned(),
    };
    let help = "write each key once per mapping; remove or rename one of the entries";
    yaml_error(file, second, message, "defined again here", help)
        .with_secondary(Span::new(file, first), "first defined here")
        .with_note("only the first entry is used")
}

pub(crate) fn unknown_alias(file: FileId, name: &str, range: TextRange) -> Diagnostic {
    let help = format!("define the anchor with `&{name}` on a node earlier in the same document");
    yaml_error(file, range, format!("unknown alias `*{name}`"), "no anchor with this name", help)
}

pub(crate) fn recursive_alias(file: FileId, name: &str, range: TextRange) -> Diagnostic {
    let help = format!("an alias cannot refer to the node that contains it: move `*{name}` out");
    let message = format!("alias `*{name}` refers to a node that contains it");
    yaml_error(file, range, message, "recursive alias", help)
}

pub(crate) fn alias_limit(file: FileId, range: TextRange, limit: usize) -> Diagnostic {
    let help = "reduce the use of aliases: aliases of nodes that contain aliases multiply the \
                size of the document";
    let label = format!("expanding this alias exceeds {limit} nodes");
    yaml_error(file, range, "too many nodes after alias expansion", label, help)
}

pub(crate) fn too_deep(file: FileId, range: TextRange) -> Diagnostic {
    let message = format!("nesting deeper than {MAX_DEPTH} levels");
    let help = "flatten the structure; policies never need this much nesting";
    yaml_error(file, range, message, "too deeply nested", help)
}

pub(crate) fn bad_merge(file: FileId, range: TextRange) -> Diagnostic {
    let help = "write `<<: *anchor` or `<<: [*a, *b]` where each anchor names a mapping";
    yaml_error(
        file,
        range,
        "merge key `<<` needs a mapping or a list of mappings",
        "not a mapping",
        help,
    )
}

/// The diagnostic for bytes that are not UTF-8, at the first invalid byte.
pub(crate) fn not_utf8(file: FileId, bytes: &[u8], error: &std::str::Utf8Error) -> Diagnostic {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        let range = TextRange::new(0, 2);
        return yaml_error(
            file,
            range,
            "file is UTF-16 encoded",
            "UTF-16 byte order mark",
            "save the file as UTF-8",
        );
    }
    let start = error.valid_up_to();
    let len = error.error_len().unwrap_or(bytes.len() - start).max(1);
    let range = TextRange::new(start as u32, (start + len).min(bytes.len()) as u32);
    let shown: Vec<String> =
        bytes[range.to_usize()].iter().map(|b| format!("\\x{b:02x}")).collect();
    let label = format!("invalid byte `{}`", shown.concat());
    yaml_error(file, range, "file is not valid UTF-8", label, "save the file as UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote_suggestion("!has(req.x)"), "\"!has(req.x)\"");
        assert_eq!(quote_suggestion("!a.startsWith(\"/\")"), "'!a.startsWith(\"/\")'");
        assert_eq!(quote_suggestion("!a(\"'\")"), "\"!a(\\\"'\\\")\"");
    }
}
