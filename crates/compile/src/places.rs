//! Every place a CEL expression appears in a policy, with the environment it is checked in.

use switchyard_syntax::ast::{
    ActionConfig, AiGateway, CelSource, PhaseKind, Policy, Template, TemplateValue,
};

/// What an expression is for, which decides its environment and result type (spec: cel.md).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PlaceKind {
    /// A rule's `expressions[]`: `bool`.
    Condition,
    /// A `${...}` interpolation: any type.
    Interpolation,
    /// A `rate-limit` `bucket_key[]`: any type.
    BucketKey,
    /// `model_selection.strategy[]`: `AIModel` or `list(AIModel)`.
    ModelStrategy,
    /// `api_key_selection.strategy[]`: `AIKey` or `list(AIKey)`.
    KeyStrategy,
}

/// One expression and where it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place<'a> {
    pub(crate) source: &'a CelSource,
    pub(crate) kind: PlaceKind,
    pub(crate) phase: PhaseKind,
    /// The `ai-gateway` whose configuration holds the expression, if any.
    pub(crate) gateway: Option<&'a AiGateway>,
}

/// Every expression of the policy, in document order.
pub(crate) fn places(policy: &Policy) -> Vec<Place<'_>> {
    let mut out = Vec::new();
    for phase in policy.phases() {
        for rule in &phase.rules {
            for source in &rule.expressions {
                out.push(Place {
                    source,
                    kind: PlaceKind::Condition,
                    phase: phase.kind,
                    gateway: None,
                });
            }
            for action in &rule.actions {
                let gateway = match &action.config {
                    ActionConfig::AiGateway(gateway) => Some(&**gateway),
                    _ => None,
                };
                action_places(&action.config, &mut |source, kind| {
                    out.push(Place { source, kind, phase: phase.kind, gateway });
                });
            }
        }
    }
    out
}

pub(crate) fn action_places<'a>(
    config: &'a ActionConfig,
    push: &mut impl FnMut(&'a CelSource, PlaceKind),
) {
    let templates = |template: &'a Template, push: &mut dyn FnMut(&'a CelSource, PlaceKind)| {
        for source in &template.expressions {
            push(source, PlaceKind::Interpolation);
        }
    };
    match config {
        ActionConfig::AiGateway(gateway) => {
            for provider in &gateway.providers {
                for key in &provider.api_keys {
                    templates(&key.value, push);
                }
            }
            for strategy in gateway.model_selection.iter().flat_map(|s| &s.strategy) {
                push(strategy, PlaceKind::ModelStrategy);
            }
            for strategy in gateway.api_key_selection.iter().flat_map(|s| &s.strategy) {
                push(strategy, PlaceKind::KeyStrategy);
            }
            for (_, template) in gateway.headers.iter().chain(gateway.query_params.iter()) {
                templates(template, push);
            }
            for (_, value) in gateway.body.iter() {
                value_places(&value.node, push);
            }
        }
        ActionConfig::CustomResponse(config) => {
            for template in config.body.iter().chain(config.headers.iter().map(|(_, t)| t)) {
                templates(template, push);
            }
        }
        ActionConfig::RateLimit(config) => {
            for key in &config.bucket_key {
                push(key, PlaceKind::BucketKey);
            }
        }
        ActionConfig::RestrictIps(config) => {
            for template in config.allow.iter().chain(&config.deny) {
                templates(template, push);
            }
        }
        ActionConfig::SetVars(config) => {
            for (_, value) in &config.vars {
                value_places(&value.node, push);
            }
        }
        ActionConfig::Log(config) => {
            for (_, value) in config.metadata.iter() {
                value_places(&value.node, push);
            }
        }
        ActionConfig::AddHeaders(config) => {
            for (_, template) in config.headers.iter() {
                templates(template, push);
            }
        }
        ActionConfig::RequestBodyFindReplace(config)
        | ActionConfig::ResponseBodyFindReplace(config) => {
            for replacement in &config.replacements {
                for template in std::iter::once(&replacement.from).chain(&replacement.to) {
                    templates(template, push);
                }
            }
        }
        ActionConfig::SseFindReplace(config) => {
            for replacement in &config.replacements {
                for template in replacement
                    .field
                    .iter()
                    .chain(std::iter::once(&replacement.from))
                    .chain(&replacement.to)
                {
                    templates(template, push);
                }
            }
        }
        ActionConfig::Deny(_)
        | ActionConfig::RemoveHeaders(_)
        | ActionConfig::JwtValidation(_)
        | ActionConfig::Unchecked
        | ActionConfig::Unknown => {}
    }
}

pub(crate) fn value_places<'a>(
    value: &'a TemplateValue,
    push: &mut impl FnMut(&'a CelSource, PlaceKind),
) {
    match value {
        TemplateValue::String(template) => {
            for source in &template.expressions {
                push(source, PlaceKind::Interpolation);
            }
        }
        TemplateValue::List(items) => {
            for item in items {
                value_places(&item.node, push);
            }
        }
        TemplateValue::Map(entries) => {
            for (_, value) in entries {
                value_places(&value.node, push);
            }
        }
        TemplateValue::Null
        | TemplateValue::Bool(_)
        | TemplateValue::Int(_)
        | TemplateValue::Float(_) => {}
    }
}
