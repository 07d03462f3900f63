//! The spanned YAML node tree.

use switchyard_diagnostics::TextRange;

use super::scalar_map::ScalarMap;

/// How a scalar was written in the file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScalarStyle {
    /// `value`
    Plain,
    /// `'value'`
    SingleQuoted,
    /// `"value"`
    DoubleQuoted,
    /// `|` block scalar.
    Literal,
    /// `>` block scalar.
    Folded,
}

/// The value of a plain scalar under the YAML 1.2 core schema; quoted and block scalars are
/// always strings.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum CoreValue<'a> {
    /// `~`, `null`, `Null`, `NULL` or an empty plain scalar.
    Null,
    /// `true`/`false` in any of the core schema's spellings.
    Bool(bool),
    /// A decimal, `0o` octal or `0x` hexadecimal integer that fits in `i64`.
    Int(i64),
    /// A float, including `.inf`, `-.inf` and `.nan`.
    Float(f64),
    /// Anything else.
    Str(&'a str),
}

/// A scalar: its decoded value, its style and the map from decoded offsets to file offsets.
#[derive(Clone, PartialEq, Debug)]
pub struct Scalar {
    /// The decoded value (escapes processed, lines folded, block indentation removed).
    pub value: String,
    /// How it was written.
    pub style: ScalarStyle,
    /// Decoded offset → file offset.
    pub map: ScalarMap,
}

impl Scalar {
    /// The value under the YAML 1.2 core schema.
    pub fn core_value(&self) -> CoreValue<'_> {
        if self.style == ScalarStyle::Plain {
            super::core::resolve_plain(&self.value)
        } else {
            CoreValue::Str(&self.value)
        }
    }

    /// The file range of the decoded byte range `range` of the value.
    pub fn file_range(&self, range: TextRange) -> TextRange {
        self.map.file_range(range)
    }
}

/// One entry of a mapping.
#[derive(Clone, PartialEq, Debug)]
pub struct Entry {
    /// The key node (usually a scalar).
    pub key: Node,
    /// The value node.
    pub value: Node,
}

/// The content of a node.
#[derive(Clone, PartialEq, Debug)]
pub enum NodeKind {
    /// A scalar of any style.
    Scalar(Scalar),
    /// A sequence (block `- a` or flow `[a]`).
    Sequence(Vec<Node>),
    /// A mapping, entries in document order (duplicate keys already reported and dropped).
    Mapping(Vec<Entry>),
}

/// A YAML node with the byte range it covers in the file.
///
/// The range starts at the node's properties (`&anchor`, `!tag`) when it has any.
/// For quoted scalars the range includes the quotes; for block scalars it starts at the `|` or
/// `>` indicator and ends with the last content line. An empty plain scalar (a missing value)
/// has an empty range. An alias node carries the span of the alias (`*name`), while its content
/// is a copy of the anchored node with that node's spans.
#[derive(Clone, PartialEq, Debug)]
pub struct Node {
    /// Where the node is in the file.
    pub span: TextRange,
    /// The node's tag as written (`!foo`), if any.
    pub tag: Option<String>,
    /// The content.
    pub kind: NodeKind,
}

impl Node {
    /// The scalar, if this node is one.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The entries, if this node is a mapping.
    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, if this node is a sequence.
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The string value if this is a scalar whose core value is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self.as_scalar()?.core_value() {
            CoreValue::Str(text) => Some(text),
            _ => None,
        }
    }

    /// Whether this is a null scalar (`~`, `null` or empty).
    pub fn is_null(&self) -> bool {
        self.as_scalar().is_some_and(|scalar| scalar.core_value() == CoreValue::Null)
    }

    /// The value of the entry whose key is the string `key`, in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?
            .iter()
            .find(|entry| entry.key.as_str() == Some(key))
            .map(|entry| &entry.value)
    }

    /// A short name of the node's kind for messages: `string`, `integer`, `mapping`, ...
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Sequence(_) => "list",
            NodeKind::Mapping(_) => "mapping",
            NodeKind::Scalar(scalar) => match scalar.core_value() {
                CoreValue::Null => "null",
                CoreValue::Bool(_) => "boolean",
                CoreValue::Int(_) => "integer",
                CoreValue::Float(_) => "number",
                CoreValue::Str(_) => "string",
            },
        }
    }
}

/// One document of a YAML stream.
#[derive(Clone, PartialEq, Debug)]
pub struct Document {
    /// The root node, or `None` for an empty document.
    pub root: Option<Node>,
    /// The byte range of the document in the file.
    pub span: TextRange,
    /// A parse error ended the document early: `root` holds what was read before the error
    /// (already reported), so checkers should not report content missing after it.
    pub truncated: bool,
}
