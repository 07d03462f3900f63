//! Policies, phases, rules and actions (spec: README.md §2).

use switchyard_diagnostics::{Code, TextRange};

use super::reader::{Ctx, Fields, article, head_range, quoted_list};
use super::{actions, ai_gateway};
use crate::action_kinds::{ACTION_KINDS, action_kind};
use crate::ast::{Action, ActionConfig, Phase, PhaseKind, Policy, Rule};
use crate::yaml::Node;
use switchyard_diagnostics::suggest::did_you_mean;

const RULE_KEYS: &[&str] = &["name", "expressions", "actions"];
const ACTION_KEYS: &[&str] = &["type", "config"];
const PHASE_KEYS: [&str; 4] =
    ["on_http_request", "on_http_response", "on_event_stream_message", "on_tcp_connect"];

/// Whether a mapping key names a phase.
pub(crate) fn is_phase_key(key: &str) -> bool {
    PhaseKind::from_key(key).is_some()
}

/// Whether a key is probably a misspelt phase (`on_http_requests`, `on-http-request`).
pub(crate) fn looks_like_phase(key: &str) -> bool {
    key.starts_with("on_") || key.starts_with("on-") || did_you_mean(key, PHASE_KEYS).is_some()
}

/// Decodes a mapping known to hold at least one phase key, or a misspelt one.
pub(crate) fn policy(ctx: &mut Ctx<'_>, node: &Node) -> Policy {
    let mut policy = Policy { span: node.span, ..Policy::default() };
    let Some(entries) = node.as_mapping() else { return policy };
    for entry in entries {
        let key = entry.key.as_scalar().map_or("", |scalar| scalar.value.as_str());
        if key.starts_with("x-") {
            // Extension fields (`x-defaults: &defaults ...`) hold anchors for reuse, as in
            // Docker Compose and OpenAPI; they are not phases and are not checked.
            continue;
        }
        let Some(kind) = PhaseKind::from_key(key) else {
            let help = did_you_mean(key, PHASE_KEYS).map_or_else(
                || format!("phases are {}", quoted_list(&PHASE_KEYS)),
                |phase| format!("did you mean `{phase}`?"),
            );
            ctx.report(
                Code::SY0003,
                entry.key.span,
                format!("unknown phase `{key}`"),
                "not a phase",
                Some(help),
            );
            continue;
        };
        let phase = ctx.at(kind.as_str(), |ctx| phase(ctx, kind, &entry.key, &entry.value));
        let slot = match kind {
            PhaseKind::TcpConnect => &mut policy.on_tcp_connect,
            PhaseKind::HttpRequest => &mut policy.on_http_request,
            PhaseKind::HttpResponse => &mut policy.on_http_response,
            PhaseKind::EventStreamMessage => &mut policy.on_event_stream_message,
        };
        *slot = Some(phase);
    }
    policy
}

fn phase(ctx: &mut Ctx<'_>, kind: PhaseKind, key: &Node, node: &Node) -> Phase {
    ctx.phase = Some(kind);
    let mut rules = Vec::new();
    if node.as_mapping().is_some() {
        ctx.report(
            Code::SY0016,
            head_range(node),
            format!("`{}` holds a single rule written as a mapping", kind.as_str()),
            "expected a list of rules",
            Some("make it a list item: put `- ` before the rule".to_owned()),
        );
        rules.extend(item(ctx, node));
    } else if let Some(items) = ctx.list(node, item) {
        rules = items;
    }
    ctx.phase = None;
    Phase { kind, key_span: key.span, rules }
}

/// One item of a phase list: a rule, or a bare action wrapped into a rule.
fn item(ctx: &mut Ctx<'_>, node: &Node) -> Option<Rule> {
    let Some(entries) = node.as_mapping() else {
        let help = node
            .as_str()
            .and_then(action_kind)
            .map(|kind| format!("write `- type: {}`", kind.name));
        ctx.report(
            Code::SY0004,
            node.span,
            "expected a rule or an action",
            format!("this is {}", article(node.kind_name())),
            help,
        );
        return None;
    };
    let has = |key: &str| entries.iter().any(|entry| entry.key.as_str() == Some(key));
    match (has("actions"), has("type")) {
        (true, true) => {
            let message = "an item cannot be both a rule (`actions`) and an action (`type`)";
            let help = "move the `type`/`config` action into the `actions` list".to_owned();
            ctx.report(
                Code::SY0004,
                head_range(node),
                message,
                "rule and action at once",
                Some(help),
            );
            None
        }
        (true, false) => rule(ctx, node),
        (false, true) => {
            let action = action(ctx, node)?;
            Some(Rule {
                span: node.span,
                bare: true,
                name: None,
                expressions: Vec::new(),
                actions: vec![action],
            })
        }
        (false, false) => {
            let keys: Vec<&str> = entries.iter().filter_map(|entry| entry.key.as_str()).collect();
            let help = if keys
                .iter()
                .any(|key| matches!(*key, "id" | "base_url" | "api_keys" | "models"))
            {
                "this looks like a provider: indent it under `config.providers` of an `ai-gateway` action".to_owned()
            } else {
                "a rule needs `actions:`; an action needs `type:`".to_owned()
            };
            ctx.report(
                Code::SY0004,
                head_range(node),
                "expected a rule or an action",
                "neither `actions` nor `type`",
                Some(help),
            );
            None
        }
    }
}

fn rule(ctx: &mut Ctx<'_>, node: &Node) -> Option<Rule> {
    let mut fields = ctx.fields(node)?;
    let name = fields.get("name").and_then(|value| ctx.at("name", |ctx| ctx.string(value)));
    let expressions = fields
        .get("expressions")
        .and_then(|value| ctx.at("expressions", |ctx| ctx.list(value, super::reader::Ctx::cel)))
        .unwrap_or_default();
    let actions = match fields.required(ctx, "actions") {
        Some(value) => ctx.at("actions", |ctx| {
            let actions = ctx.list(value, action).unwrap_or_default();
            if value.as_sequence().is_some_and(<[Node]>::is_empty) || value.is_null() {
                ctx.check_len(value, 0, 1, usize::MAX);
            }
            actions
        }),
        None => Vec::new(),
    };
    fields.finish(ctx, RULE_KEYS, &[("expression", "expressions"), ("action", "actions")]);
    Some(Rule { span: node.span, bare: false, name, expressions, actions })
}

fn action(ctx: &mut Ctx<'_>, node: &Node) -> Option<Action> {
    let mut fields = ctx.fields(node)?;
    let type_node = fields.required(ctx, "type")?;
    let kind_name = ctx.at("type", |ctx| ctx.string(type_node))?;
    let config_node = fields.get("config");
    let known = action_kind(&kind_name.node);
    let config = match known {
        None => {
            let help = did_you_mean(&kind_name.node, ACTION_KINDS.iter().map(|kind| kind.name))
                .map_or_else(
                    || {
                        "the action is not checked, and the gateway answers 500 if it runs"
                            .to_owned()
                    },
                    |name| format!("did you mean `{name}`?"),
                );
            let message = format!("unknown action type `{}`", kind_name.node);
            ctx.report(Code::SY0014, kind_name.span, message, "unknown action", Some(help));
            ActionConfig::Unknown
        }
        Some(kind) => {
            check_phase(ctx, kind.name, kind.phases, kind_name.span);
            if kind.checked {
                ctx.at("config", |ctx| {
                    let config = match config_node {
                        Some(config) => ctx.fields(config),
                        None => Some(Fields::empty(kind_name.span)),
                    };
                    config
                        .map_or(ActionConfig::Unchecked, |config| config_of(ctx, kind.name, config))
                })
            } else {
                if let Some(config) =
                    config_node.filter(|config| !config.is_null() && config.as_mapping().is_none())
                {
                    ctx.at("config", |ctx| ctx.type_mismatch(config, "a mapping", None));
                }
                ActionConfig::Unchecked
            }
        }
    };
    finish_action(ctx, &fields, known.map(|kind| kind.name));
    Some(Action { span: node.span, kind: kind_name, config })
}

/// Reports keys beside `type` and `config`: configuration fields written at the wrong level,
/// or unknown keys.
fn finish_action(ctx: &mut Ctx<'_>, fields: &Fields<'_>, kind: Option<&str>) {
    let config_keys = kind.map_or(&[][..], actions::config_keys);
    let mut unknown = Vec::new();
    for entry in fields.unread() {
        let key = entry.key.as_scalar().map_or("", |scalar| scalar.value.as_str());
        if config_keys.contains(&key) {
            let message =
                format!("`{key}` is a field of the action's `config`, written beside `type`");
            let help = format!("move `{key}` under `config:`");
            ctx.report(Code::SY0006, entry.key.span, message, "misplaced config field", Some(help));
        } else {
            unknown.push(entry);
        }
    }
    for entry in unknown {
        let key = entry.key.as_scalar().map_or("?", |scalar| scalar.value.as_str());
        let help = did_you_mean(key, ACTION_KEYS.iter().copied()).map_or_else(
            || "an action has only `type` and `config`".to_owned(),
            |right| format!("did you mean `{right}`?"),
        );
        let message = format!("unknown key `{key}` in action");
        ctx.report(Code::SY0005, entry.key.span, message, "unknown key", Some(help));
    }
}

fn check_phase(ctx: &mut Ctx<'_>, name: &str, phases: &[PhaseKind], span: TextRange) {
    let Some(phase) = ctx.phase else { return };
    if phases.contains(&phase) {
        return;
    }
    let allowed: Vec<&str> = phases.iter().map(|phase| phase.as_str()).collect();
    let message = format!("`{name}` cannot run in `{}`", phase.as_str());
    let help = format!("move it to {}", quoted_list(&allowed));
    ctx.report(Code::PL0001, span, message, "not allowed in this phase", Some(help));
}

fn config_of(ctx: &mut Ctx<'_>, name: &str, config: Fields<'_>) -> ActionConfig {
    match name {
        "ai-gateway" => ActionConfig::AiGateway(Box::new(ai_gateway::ai_gateway(ctx, config))),
        _ => actions::action_config(ctx, name, config),
    }
}
