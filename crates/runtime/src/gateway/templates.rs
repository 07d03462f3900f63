//! Interpolated config values and the [`TemplateEval`] seam (spec/templates.md §4, §5).
//!
//! For `ai-gateway`, `headers`, `query_params` and `body` are evaluated once per request, just
//! before the first attempt (so a request refused before any attempt evaluates nothing); each
//! provider's `api_keys[].value` once per request, when the provider is first attempted.
//! Templates made of literal text only are read without calling the seam.

use serde_json::{Map, Number, Value as Json};
use switchyard_plan::{Gateway, Template, TemplatePart, Value};

/// A template that failed to evaluate (a missing secret, an evaluation error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError(pub String);

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TemplateError {}

/// Evaluates `${…}` templates: the seam between the request flow and the CEL evaluator (whose
/// `secrets.get` reads the [`crate::secrets::SecretStore`]).
pub trait TemplateEval {
    /// A template in a string field (header and query values, key values): literal text and
    /// each interpolation's value converted to a string, concatenated.
    fn eval_string(&mut self, template: &Template) -> Result<String, TemplateError>;

    /// A string leaf of `body` (a `dyn` field): a template that is exactly one interpolation
    /// keeps its value's type (as JSON); any other is [`TemplateEval::eval_string`].
    fn eval_value(&mut self, template: &Template) -> Result<Json, TemplateError> {
        self.eval_string(template).map(Json::String)
    }
}

/// A [`TemplateEval`] for plans whose templates are all literal: any interpolation is an error.
#[derive(Clone, Copy, Debug, Default)]
pub struct LiteralTemplates;

impl TemplateEval for LiteralTemplates {
    fn eval_string(&mut self, template: &Template) -> Result<String, TemplateError> {
        literal(template).ok_or_else(|| TemplateError("no evaluator is bound for templates".into()))
    }
}

/// The text of a template without interpolations.
pub(crate) fn literal(template: &Template) -> Option<String> {
    let mut text = String::new();
    for part in &template.parts {
        match part {
            TemplatePart::Text(part) => text.push_str(part),
            TemplatePart::Expr(_) => return None,
        }
    }
    Some(text)
}

pub(crate) fn render(
    eval: &mut dyn TemplateEval,
    template: &Template,
) -> Result<String, TemplateError> {
    match literal(template) {
        Some(text) => Ok(text),
        None => eval.eval_string(template),
    }
}

fn render_value(eval: &mut dyn TemplateEval, value: &Value) -> Result<Json, TemplateError> {
    Ok(match value {
        Value::Null => Json::Null,
        Value::Bool(flag) => Json::Bool(*flag),
        Value::Int(number) => Json::Number((*number).into()),
        Value::Float(number) => Number::from_f64(*number).map_or(Json::Null, Json::Number),
        Value::String(template) => match literal(template) {
            Some(text) => Json::String(text),
            None => eval.eval_value(template)?,
        },
        Value::List(items) => Json::Array(
            items.iter().map(|item| render_value(eval, item)).collect::<Result<_, _>>()?,
        ),
        Value::Map(entries) => {
            let mut object = Map::new();
            for (key, item) in entries {
                object.insert(key.clone(), render_value(eval, item)?);
            }
            Json::Object(object)
        }
    })
}

/// The gateway's `headers`, `query_params` and `body`, evaluated.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ConfigValues {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query_params: Vec<(String, String)>,
    pub(crate) body: Vec<(String, Json)>,
}

pub(crate) fn config_values(
    gateway: &Gateway,
    eval: &mut dyn TemplateEval,
) -> Result<ConfigValues, TemplateError> {
    let mut values = ConfigValues::default();
    for (name, template) in &gateway.headers {
        values.headers.push((name.to_ascii_lowercase(), render(eval, template)?));
    }
    for (name, template) in &gateway.query_params {
        values.query_params.push((name.clone(), render(eval, template)?));
    }
    for (key, value) in &gateway.body {
        values.body.push((key.clone(), render_value(eval, value)?));
    }
    Ok(values)
}
