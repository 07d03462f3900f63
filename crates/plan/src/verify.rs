//! Checks a plan read from outside before the runtime uses it.

use crate::expr::{Expr, Fold};
use crate::{ActionKind, ExprId, FORMAT_VERSION, Plan, Template, TemplatePart, Value};

/// A problem with a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The bytes are not a plan.
    Malformed(String),
    /// The plan is of another format version.
    FormatVersion {
        /// The plan's version.
        found: u32,
    },
    /// A reference to an expression that does not exist.
    DanglingExpression {
        /// The bad id.
        id: u32,
        /// Where it was found.
        at: String,
    },
    /// A call without candidate overloads.
    NoOverload {
        /// The function.
        function: String,
    },
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifyError::Malformed(error) => write!(f, "not a routing plan: {error}"),
            VerifyError::FormatVersion { found } => {
                write!(
                    f,
                    "plan format version {found}, this runtime reads version {FORMAT_VERSION}; recompile the policy"
                )
            }
            VerifyError::DanglingExpression { id, at } => {
                write!(f, "{at} refers to expression {id}, which does not exist")
            }
            VerifyError::NoOverload { function } => {
                write!(f, "a call of `{function}` has no overload")
            }
        }
    }
}

impl std::error::Error for VerifyError {}

/// Every problem of `plan`; empty when the runtime may execute it.
pub fn verify(plan: &Plan) -> Vec<VerifyError> {
    let mut errors = Vec::new();
    if plan.format_version != FORMAT_VERSION {
        errors.push(VerifyError::FormatVersion { found: plan.format_version });
        return errors;
    }
    let count = plan.expressions.len();
    let check_id = |id: ExprId, at: &str, errors: &mut Vec<VerifyError>| {
        if id.0 as usize >= count {
            errors.push(VerifyError::DanglingExpression { id: id.0, at: at.to_owned() });
        }
    };
    for phase in &plan.phases {
        for rule in &phase.rules {
            let at = &rule.origin.path;
            for id in &rule.conditions {
                check_id(*id, at, &mut errors);
            }
            for action in &rule.actions {
                for id in action_ids(&action.kind) {
                    check_id(id, &action.origin.path, &mut errors);
                }
            }
        }
    }
    for expression in &plan.expressions {
        calls(&expression.expr, &mut errors);
    }
    errors
}

fn template_ids(template: &Template, out: &mut Vec<ExprId>) {
    out.extend(template.parts.iter().filter_map(|part| match part {
        TemplatePart::Expr(id) => Some(*id),
        TemplatePart::Text(_) => None,
    }));
}

fn value_ids(value: &Value, out: &mut Vec<ExprId>) {
    match value {
        Value::String(template) => template_ids(template, out),
        Value::List(items) => items.iter().for_each(|item| value_ids(item, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, value)| value_ids(value, out)),
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {}
    }
}

/// Every expression id an action refers to.
fn action_ids(kind: &ActionKind) -> Vec<ExprId> {
    let mut out = Vec::new();
    match kind {
        ActionKind::AiGateway(gateway) => {
            out.extend(&gateway.model_strategies);
            out.extend(&gateway.key_strategies);
            for (_, template) in gateway.headers.iter().chain(&gateway.query_params) {
                template_ids(template, &mut out);
            }
            gateway.body.iter().for_each(|(_, value)| value_ids(value, &mut out));
            for provider in &gateway.providers {
                provider.api_keys.iter().for_each(|key| template_ids(&key.value, &mut out));
            }
        }
        ActionKind::CustomResponse(response) => {
            template_ids(&response.body, &mut out);
            response.headers.iter().for_each(|(_, template)| template_ids(template, &mut out));
        }
        ActionKind::RateLimit(limit) => out.extend(&limit.bucket_key),
        ActionKind::RestrictIps(restrict) => {
            restrict
                .allow
                .iter()
                .chain(&restrict.deny)
                .for_each(|template| template_ids(template, &mut out));
        }
        ActionKind::SetVars { vars: entries } | ActionKind::Log { metadata: entries } => {
            for (_, value) in entries {
                value_ids(value, &mut out);
            }
        }
        ActionKind::AddHeaders { headers } => {
            for (_, template) in headers {
                template_ids(template, &mut out);
            }
        }
        ActionKind::RequestBodyFindReplace { replacements }
        | ActionKind::ResponseBodyFindReplace { replacements } => {
            for replacement in replacements {
                template_ids(&replacement.from, &mut out);
                template_ids(&replacement.to, &mut out);
            }
        }
        ActionKind::SseFindReplace { replacements } => {
            for replacement in replacements {
                for template in [&replacement.field, &replacement.from, &replacement.to] {
                    template_ids(template, &mut out);
                }
            }
        }
        ActionKind::Deny { .. }
        | ActionKind::RemoveHeaders { .. }
        | ActionKind::Unsupported { .. } => {}
    }
    out
}

/// Reports calls without overloads, recursively.
fn calls(expr: &Expr, errors: &mut Vec<VerifyError>) {
    match expr {
        Expr::Const(_) | Expr::Var(_) | Expr::Local(_) | Expr::Type(_) => {}
        Expr::Field { operand, .. }
        | Expr::Key { operand, .. }
        | Expr::Has { operand, .. }
        | Expr::Text(operand) => {
            calls(operand, errors);
        }
        Expr::Call { function, overloads, args } => {
            if overloads.is_empty() {
                errors.push(VerifyError::NoOverload { function: function.clone() });
            }
            for arg in args {
                calls(arg, errors);
            }
        }
        Expr::And(left, right) | Expr::Or(left, right) => {
            calls(left, errors);
            calls(right, errors);
        }
        Expr::Conditional { condition, then, otherwise } => {
            for child in [condition, then, otherwise] {
                calls(child, errors);
            }
        }
        Expr::List(items) => items.iter().for_each(|item| calls(item, errors)),
        Expr::Map(entries) => entries.iter().for_each(|(key, value)| {
            calls(key, errors);
            calls(value, errors);
        }),
        Expr::Object { fields, .. } => fields.iter().for_each(|(_, value)| calls(value, errors)),
        Expr::Fold(fold) => {
            let Fold { range, init, condition, step, result, .. } = &**fold;
            for child in [range, init, condition, step, result] {
                calls(child, errors);
            }
        }
    }
}
