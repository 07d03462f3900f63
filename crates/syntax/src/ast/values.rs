//! Leaf values of the AST: spanned values, CEL sources, templates and durations.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use switchyard_diagnostics::TextRange;

use crate::template::TemplatePart;
use crate::yaml::ScalarMap;

/// A value with the byte range of its YAML node.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// Where the value was written.
    pub span: TextRange,
    /// The value.
    pub node: T,
}

impl<T> Spanned<T> {
    /// `node` at `span`.
    pub fn new(span: TextRange, node: T) -> Spanned<T> {
        Spanned { span, node }
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// The text of one CEL expression and where each of its bytes is in the file.
///
/// The expression is either a whole scalar (a rule expression, a strategy) or the inside of one
/// `${...}` interpolation of a template scalar.
#[derive(Clone, Debug, PartialEq)]
pub struct CelSource {
    /// The expression text, decoded from YAML.
    pub text: String,
    /// The span of the YAML scalar that holds it.
    pub span: TextRange,
    /// Where the expression starts in the scalar's decoded value.
    pub offset: u32,
    /// The scalar's source map.
    pub map: ScalarMap,
}

impl CelSource {
    /// The file range of a byte range of [`CelSource::text`].
    pub fn file_range(&self, range: TextRange) -> TextRange {
        self.map.file_range(range.shifted(self.offset))
    }

    /// The file range of the whole expression.
    pub fn full_range(&self) -> TextRange {
        self.file_range(TextRange::new(0, self.text.len() as u32))
    }
}

impl JsonSchema for CelSource {
    fn schema_name() -> Cow<'static, str> {
        "CelExpression".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "A CEL expression (https://cel.dev)."
        })
    }
}

/// A string field with `${...}` interpolations.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// The decoded string as written.
    pub raw: Spanned<String>,
    /// Literal text and interpolations in order.
    pub parts: Vec<TemplatePart>,
    /// The expressions of the interpolations, in order.
    pub expressions: Vec<CelSource>,
}

impl Template {
    /// Whether the template has no interpolation.
    pub fn is_literal(&self) -> bool {
        self.expressions.is_empty()
    }
}

impl JsonSchema for Template {
    fn schema_name() -> Cow<'static, str> {
        "Template".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A string with optional `${ CEL }` interpolations; `$${` is a literal `${`."
        })
    }
}

/// A JSON-like value whose string leaves are templates (`set-vars`, `log.metadata`, `body`).
#[derive(Clone, Debug, PartialEq)]
pub enum TemplateValue {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string, interpolated.
    String(Template),
    /// A list.
    List(Vec<Spanned<TemplateValue>>),
    /// A mapping with string keys, in order.
    Map(Vec<(Spanned<String>, Spanned<TemplateValue>)>),
}

impl JsonSchema for TemplateValue {
    fn schema_name() -> Cow<'static, str> {
        "TemplateValue".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Any JSON value; strings may contain `${ CEL }` interpolations."
        })
    }
}

/// A Go-style duration such as `30s`, `1m30s` or `250ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Duration {
    /// The duration in milliseconds.
    pub millis: u64,
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$",
            "description": "A Go-style duration: a sequence of numbers with units ms, s, m or h, such as `30s` or `1m30s`."
        })
    }
}

/// A mapping with string keys, in document order.
#[derive(Clone, Debug, PartialEq)]
pub struct StringMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for StringMap<V> {
    fn default() -> StringMap<V> {
        StringMap(Vec::new())
    }
}

impl<V> StringMap<V> {
    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<String>, &V)> {
        self.0.iter().map(|(key, value)| (key, value))
    }
}

impl<V: JsonSchema> JsonSchema for StringMap<V> {
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>()
        })
    }
}
