//! One request through the phases: rules, conditions, actions, the response.

use std::cell::RefCell;

use rand::SeedableRng;
use rand::rngs::StdRng;
use switchyard_plan::{Action, ActionKind, PhaseKind, Rule};

use super::actions::{self, Forward};
use super::request::{HttpRequest, HttpResponse};
use super::scope::{Bound, Scope};
use super::sse;
use super::trace::{ActionTrace, ConditionTrace, Effect, ResultTrace, RuleTrace, Trace};
use super::{Engine, Handled, RequestEnv};
use crate::clock::Clock;
use crate::transport::Transport;
use crate::value::Value;

/// Error codes of responses the engine makes itself (spec/errors.md §4).
pub(crate) mod codes {
    pub(crate) const EXPR: &str = "ERR_SWITCHYARD_EXPR";
    pub(crate) const UNKNOWN_ACTION: &str = "ERR_SWITCHYARD_UNKNOWN_ACTION";
    pub(crate) const NO_UPSTREAM: &str = "ERR_SWITCHYARD_NO_UPSTREAM";
    pub(crate) const IP_DENIED: &str = "ERR_SWITCHYARD_IP_DENIED";
    pub(crate) const RATE_LIMITED: &str = "ERR_SWITCHYARD_RATE_LIMITED";
}

/// The state of one request.
pub(crate) struct Run<'e, 'r, S, C> {
    pub(crate) engine: &'e Engine,
    pub(crate) env: RequestEnv<'r, S, C>,
    pub(crate) scope: Scope,
    pub(crate) random: RefCell<StdRng>,
    /// The request as it will be forwarded.
    pub(crate) forward: Forward,
    /// Whether errors use the Anthropic envelope (`/v1/messages`).
    pub(crate) anthropic: bool,
    pub(crate) trace: Trace,
    /// The event-stream message being processed (`on_event_stream_message`).
    pub(crate) message: Option<String>,
    /// The replacements of each `sse-find-replace` action, by position, evaluated at the first
    /// message.
    pub(crate) sse: Vec<((usize, usize, usize), sse::Evaluated)>,
}

impl<S, C> Run<'_, '_, S, C> {
    pub(crate) fn bound(&self) -> Bound<'_> {
        Bound {
            programs: &self.engine.programs,
            expressions: &self.engine.plan.expressions,
            secrets: self.env.secrets,
        }
    }
}

pub(crate) async fn run<S, C>(
    engine: &Engine,
    request: &HttpRequest,
    env: RequestEnv<'_, S, C>,
) -> Handled
where
    S: Transport<Vec<u8>>,
    C: Clock,
{
    let random = StdRng::seed_from_u64(env.rng.next_u64());
    let scope =
        Scope::new(request.object(), request.connection(), request.endpoint(), request.time());
    let path = request.path.split_once('?').map_or(request.path.as_str(), |(path, _)| path);
    let mut run = Run {
        engine,
        env,
        scope,
        random: RefCell::new(random),
        forward: Forward::of(request),
        anthropic: path.trim_end_matches('/').ends_with("/v1/messages"),
        trace: Trace::default(),
        message: None,
        sse: Vec::new(),
    };

    let response = phase(&mut run, PhaseKind::OnHttpRequest, None).await;
    let mut result = response.unwrap_or_else(|| {
        let message = "the request phase ended without a response and no upstream is configured";
        let response = actions::error_response(502, codes::NO_UPSTREAM, message, run.anthropic);
        Produced { response, source: "no-upstream".to_owned(), upstream: None }
    });

    if !engine.plan.rules(PhaseKind::OnHttpResponse).is_empty() {
        run.scope.res = Some(result.response.object());
        if let Some(replaced) = phase(&mut run, PhaseKind::OnHttpResponse, Some(&mut result)).await
        {
            result = replaced;
        }
    }

    if !engine.plan.rules(PhaseKind::OnEventStreamMessage).is_empty()
        && sse::is_event_stream(&result.response)
    {
        run.scope.res = Some(result.response.object());
        let body = String::from_utf8_lossy(&result.response.body).into_owned();
        let mut out = String::with_capacity(body.len());
        for (message, end) in sse::messages(&body) {
            run.message = Some(message.to_owned());
            // A responder cannot answer in the middle of a stream: its response is dropped.
            let _ = phase(&mut run, PhaseKind::OnEventStreamMessage, None).await;
            out.push_str(run.message.as_deref().unwrap_or(message));
            out.push_str(end);
        }
        run.message = None;
        result.response.body = out.into_bytes();
        actions::set_content_length(&mut result.response.headers, result.response.body.len());
    }

    let code = result.response.header("ngrok-error-code").map(str::to_owned);
    let (provider, model) = result.upstream.clone().unzip();
    run.trace.result = ResultTrace {
        status: result.response.status,
        code,
        provider,
        model,
        source: result.source,
    };
    Handled { response: result.response, trace: run.trace }
}

/// A response and what produced it.
#[derive(Clone, Debug)]
pub(crate) struct Produced {
    pub(crate) response: HttpResponse,
    /// The action type (or `rule`) that produced it.
    pub(crate) source: String,
    /// The provider and model, for an upstream response.
    pub(crate) upstream: Option<(String, String)>,
}

/// Runs the rules of `kind`; the response a terminating action produced, if any. In the response
/// phase, `current` is the response so far, which non-terminating actions modify in place.
async fn phase<S, C>(
    run: &mut Run<'_, '_, S, C>,
    kind: PhaseKind,
    mut current: Option<&mut Produced>,
) -> Option<Produced>
where
    S: Transport<Vec<u8>>,
    C: Clock,
{
    let engine = run.engine;
    let phase_index = engine.plan.phases.iter().position(|phase| phase.kind == kind)?;
    let rules = &engine.plan.phases[phase_index].rules;
    for (rule_index, rule) in rules.iter().enumerate() {
        let mut rule_trace = RuleTrace {
            phase: kind,
            index: rule_index,
            name: rule.name.clone(),
            origin: rule.origin.clone(),
            conditions: Vec::new(),
            matched: false,
            actions: Vec::new(),
        };
        match conditions(run, rule, &mut rule_trace) {
            Ok(true) => rule_trace.matched = true,
            Ok(false) => {
                run.trace.rules.push(rule_trace);
                continue;
            }
            Err(message) => {
                run.trace.rules.push(rule_trace);
                let response = actions::error_response(500, codes::EXPR, &message, run.anthropic);
                return Some(Produced { response, source: "rule".to_owned(), upstream: None });
            }
        }
        for (action_index, action) in rule.actions.iter().enumerate() {
            let mut action_trace = ActionTrace {
                index: action_index,
                action: action_name(action).to_owned(),
                origin: action.origin.clone(),
                effect: Effect::Continue,
                detail: None,
                gateway: None,
                absorbed_errors: Vec::new(),
            };
            let position = (phase_index, rule_index, action_index);
            let produced = actions::run_action(
                run,
                kind,
                position,
                action,
                current.as_deref_mut(),
                &mut action_trace,
            )
            .await;
            rule_trace.actions.push(action_trace);
            if let Some(produced) = produced {
                run.trace.rules.push(rule_trace);
                return Some(produced);
            }
            if kind == PhaseKind::OnHttpResponse
                && let Some(current) = current.as_deref()
            {
                run.scope.res = Some(current.response.object());
            }
        }
        run.trace.rules.push(rule_trace);
    }
    None
}

/// Evaluates the rule's conditions in order, stopping at the first that is not true; an error
/// is the message of the 500 that fails the request closed (spec/cel.md §6).
fn conditions<S, C>(
    run: &Run<'_, '_, S, C>,
    rule: &Rule,
    trace: &mut RuleTrace,
) -> Result<bool, String> {
    let bound = run.bound();
    for &id in &rule.conditions {
        let expression = run.engine.plan.expressions.get(id.0 as usize);
        let mut condition = ConditionTrace {
            expression: bound.source(id).to_owned(),
            origin: expression.map_or_else(|| rule.origin.clone(), |e| e.origin.clone()),
            result: Ok(false),
        };
        let value = bound.eval(id, &run.scope, &run.random, &[]);
        let outcome = match value {
            Ok(Value::Bool(flag)) => Ok(flag),
            Ok(other) => Err(format!(
                "condition `{}` is a {}, not a bool",
                condition.expression,
                other.type_value().name()
            )),
            Err(failure) => Err(failure.message()),
        };
        condition.result.clone_from(&outcome);
        trace.conditions.push(condition);
        match outcome {
            Ok(true) => {}
            Ok(false) => return Ok(false),
            Err(message) => {
                let origin = &trace.conditions[trace.conditions.len() - 1].origin;
                return Err(format!(
                    "{message} ({}:{}:{})",
                    origin.file, origin.line, origin.column
                ));
            }
        }
    }
    Ok(true)
}

/// The action's type, as written in the policy.
pub(crate) fn action_name(action: &Action) -> &str {
    match &action.kind {
        ActionKind::AiGateway(_) => "ai-gateway",
        ActionKind::CustomResponse(_) => "custom-response",
        ActionKind::Deny { .. } => "deny",
        ActionKind::RateLimit(_) => "rate-limit",
        ActionKind::RestrictIps(_) => "restrict-ips",
        ActionKind::SetVars { .. } => "set-vars",
        ActionKind::Log { .. } => "log",
        ActionKind::AddHeaders { .. } => "add-headers",
        ActionKind::RemoveHeaders { .. } => "remove-headers",
        ActionKind::RequestBodyFindReplace { .. } => "request-body-find-replace",
        ActionKind::ResponseBodyFindReplace { .. } => "response-body-find-replace",
        ActionKind::SseFindReplace { .. } => "sse-find-replace",
        ActionKind::Unsupported { action } => action,
    }
}
