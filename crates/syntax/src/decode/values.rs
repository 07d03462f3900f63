//! Readers for durations, CEL expressions, templates and free-form values.

use switchyard_diagnostics::Code;

use super::reader::Ctx;
use crate::ast::{CelSource, Duration, Spanned, Template, TemplateValue};
use crate::duration::parse_duration;
use crate::template::{TemplatePart, split_template};
use crate::yaml::{CoreValue, Node, NodeKind, Scalar};

/// Whether string leaves of a free-form value are templates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Interpolation {
    /// `${...}` is evaluated.
    Yes,
    /// `${...}` is literal text (and warned about).
    No,
}

impl Ctx<'_> {
    /// A Go-style duration string such as `30s` or `1m30s`.
    pub(crate) fn duration(&mut self, node: &Node) -> Option<Spanned<Duration>> {
        let help = "write a number with a unit (`ms`, `s`, `m`, `h`), such as `30s` or `1m30s`";
        let text = match node.as_scalar().map(Scalar::core_value) {
            Some(CoreValue::Str(text)) => text,
            Some(CoreValue::Int(value)) => {
                let help = format!("durations need a unit: write `{value}s` for {value} seconds");
                self.type_mismatch(node, "a duration string", Some(help));
                return None;
            }
            _ => {
                self.type_mismatch(node, "a duration string", Some(help.to_owned()));
                return None;
            }
        };
        if let Some(millis) = parse_duration(text.trim()) {
            Some(Spanned::new(node.span, Duration { millis }))
        } else {
            let message = format!("`{}` is not a duration: `{text}`", self.path());
            self.report(
                Code::SY0011,
                node.span,
                message,
                "not a Go-style duration",
                Some(help.to_owned()),
            );
            None
        }
    }

    /// A positive duration.
    pub(crate) fn positive_duration(&mut self, node: &Node) -> Option<Spanned<Duration>> {
        let duration = self.duration(node)?;
        if duration.node.millis == 0 {
            let message = format!("`{}` must be greater than zero", self.path());
            self.report(Code::SY0009, node.span, message, "zero duration", None);
            return None;
        }
        Some(duration)
    }

    /// A whole CEL expression.
    pub(crate) fn cel(&mut self, node: &Node) -> Option<CelSource> {
        let scalar =
            node.as_scalar().filter(|scalar| matches!(scalar.core_value(), CoreValue::Str(_)));
        let Some(scalar) = scalar else {
            let help = node
                .as_scalar()
                .map(|scalar| format!("quote the expression: \"{}\"", scalar.value));
            self.type_mismatch(node, "a CEL expression string", help);
            return None;
        };
        if scalar.value.trim().is_empty() {
            let message = format!("`{}` is an empty expression", self.path());
            self.report(Code::SY0009, node.span, message, "empty expression", None);
            return None;
        }
        Some(CelSource {
            text: scalar.value.clone(),
            span: node.span,
            offset: 0,
            map: scalar.map.clone(),
        })
    }

    /// A template string: literal text with `${...}` interpolations.
    pub(crate) fn template(&mut self, node: &Node) -> Option<Template> {
        let Some(scalar) = node.as_scalar() else {
            self.type_mismatch(node, "a string", None);
            return None;
        };
        let CoreValue::Str(_) = scalar.core_value() else {
            let help = format!("quote it: \"{}\"", scalar.value);
            self.type_mismatch(node, "a string", Some(help));
            return None;
        };
        Some(self.split(node, scalar))
    }

    fn split(&mut self, node: &Node, scalar: &Scalar) -> Template {
        let (parts, errors) = split_template(&scalar.value);
        for error in errors {
            let range = scalar.file_range(error.range);
            self.report(Code::SY0012, range, error.message, error.label, Some(error.help));
        }
        let expressions = parts
            .iter()
            .filter_map(|part| match part {
                TemplatePart::Expr { range, .. } => Some(CelSource {
                    text: scalar.value[range.to_usize()].to_owned(),
                    span: node.span,
                    offset: range.start,
                    map: scalar.map.clone(),
                }),
                TemplatePart::Literal { .. } => None,
            })
            .collect();
        Template { raw: Spanned::new(node.span, scalar.value.clone()), parts, expressions }
    }

    /// Any JSON-like value; string leaves are templates when `interpolation` says so.
    pub(crate) fn template_value(
        &mut self,
        node: &Node,
        interpolation: Interpolation,
    ) -> Spanned<TemplateValue> {
        let value = match &node.kind {
            NodeKind::Scalar(scalar) => match scalar.core_value() {
                CoreValue::Null => TemplateValue::Null,
                CoreValue::Bool(value) => TemplateValue::Bool(value),
                CoreValue::Int(value) => TemplateValue::Int(value),
                CoreValue::Float(value) => TemplateValue::Float(value),
                CoreValue::Str(_) => match interpolation {
                    Interpolation::Yes => TemplateValue::String(self.split(node, scalar)),
                    Interpolation::No => {
                        let raw = self
                            .string(node)
                            .unwrap_or_else(|| Spanned::new(node.span, scalar.value.clone()));
                        TemplateValue::String(Template {
                            parts: Vec::new(),
                            expressions: Vec::new(),
                            raw,
                        })
                    }
                },
            },
            NodeKind::Sequence(items) => TemplateValue::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        self.at(index, |ctx| ctx.template_value(item, interpolation))
                    })
                    .collect(),
            ),
            NodeKind::Mapping(entries) => TemplateValue::Map(
                entries
                    .iter()
                    .filter_map(|entry| {
                        let key = self.map_key(&entry.key)?;
                        let value = self.at(key.node.clone(), |ctx| {
                            ctx.template_value(&entry.value, interpolation)
                        });
                        Some((key, value))
                    })
                    .collect(),
            ),
        };
        Spanned::new(node.span, value)
    }

    /// A template whose literal text must be non-empty when it has no interpolation.
    pub(crate) fn non_empty_template(&mut self, node: &Node) -> Option<Template> {
        let template = self.template(node)?;
        if template.is_literal() && template.raw.node.trim().is_empty() {
            let message = format!("`{}` must not be empty", self.path());
            self.report(Code::SY0009, node.span, message, "empty string", None);
        }
        Some(template)
    }
}
