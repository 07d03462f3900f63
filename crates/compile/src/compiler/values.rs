//! Templates and free-form values.

use switchyard_plan::{Template, TemplatePart, Value};
use switchyard_syntax::ast::{self, StringMap, TemplateValue};
use switchyard_syntax::template::TemplatePart as SyntaxPart;

use super::Compiler;

impl Compiler<'_> {
    /// A template: literal text and lowered interpolations.
    pub(crate) fn template(&mut self, template: &ast::Template, path: &str) -> Template {
        let mut expressions = template.expressions.iter();
        let mut parts = Vec::with_capacity(template.parts.len());
        for part in &template.parts {
            match part {
                SyntaxPart::Literal { text, .. } => parts.push(TemplatePart::Text(text.clone())),
                SyntaxPart::Expr { .. } => {
                    if let Some(source) = expressions.next() {
                        parts.push(TemplatePart::Expr(self.expression(source, path)));
                    }
                }
            }
        }
        if template.parts.is_empty() && !template.raw.node.is_empty() {
            parts.push(TemplatePart::Text(template.raw.node.clone()));
        }
        Template { parts }
    }

    /// A map of templates, names as written.
    pub(crate) fn templates(
        &mut self,
        map: &StringMap<ast::Template>,
        path: &str,
        lowercase: bool,
    ) -> Vec<(String, Template)> {
        map.iter()
            .map(|(name, template)| {
                let key =
                    if lowercase { name.node.to_ascii_lowercase() } else { name.node.clone() };
                let template = self.template(template, &format!("{path}.{}", name.node));
                (key, template)
            })
            .collect()
    }

    /// A free-form value whose strings are templates.
    pub(crate) fn value(&mut self, value: &TemplateValue, path: &str) -> Value {
        match value {
            TemplateValue::Null => Value::Null,
            TemplateValue::Bool(value) => Value::Bool(*value),
            TemplateValue::Int(value) => Value::Int(*value),
            TemplateValue::Float(value) => Value::Float(*value),
            TemplateValue::String(template) => Value::String(self.template(template, path)),
            TemplateValue::List(items) => Value::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| self.value(&item.node, &format!("{path}[{index}]")))
                    .collect(),
            ),
            TemplateValue::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(key, value)| {
                        (key.node.clone(), self.value(&value.node, &format!("{path}.{}", key.node)))
                    })
                    .collect(),
            ),
        }
    }
}

/// A value without interpolation (metadata) as JSON.
pub(crate) fn json(value: &TemplateValue) -> serde_json::Value {
    match value {
        TemplateValue::Null => serde_json::Value::Null,
        TemplateValue::Bool(value) => (*value).into(),
        TemplateValue::Int(value) => (*value).into(),
        TemplateValue::Float(value) => {
            serde_json::Number::from_f64(*value).map_or(serde_json::Value::Null, Into::into)
        }
        TemplateValue::String(template) => template.raw.node.clone().into(),
        TemplateValue::List(items) => items.iter().map(|item| json(&item.node)).collect(),
        TemplateValue::Map(entries) => entries
            .iter()
            .map(|(key, value)| (key.node.clone(), json(&value.node)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}
