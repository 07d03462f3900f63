//! The actions (spec/actions.md, spec/ai-gateway.md): what each does to the request, the
//! response and the request's variables, and whether it ends the phase.

use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::json;
use switchyard_plan::{
    Action, ActionKind, CustomResponse, Gateway, PhaseKind, RateLimit, RestrictIps, Template,
};

use super::convert;
use super::limits::Cidr;
use super::millis;
use super::request::{HttpRequest, HttpResponse, forwarded_request, header};
use super::run::{Produced, Run, codes};
use super::scope::EvalFailure;
use super::selection::{Strategies, Templates};
use super::trace::{ActionTrace, Effect};
use crate::clock::Clock;
use crate::gateway::{self, ClientRequest, GatewayTrace, Outcome};
use crate::transport::Transport;
use crate::value::Value;

/// The request as it will be forwarded: what `add-headers`, `remove-headers` and
/// `request-body-find-replace` change (and `req` then shows), and what `ai-gateway` sends.
#[derive(Clone, Debug)]
pub(crate) struct Forward {
    method: String,
    path: String,
    query: Option<String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Forward {
    pub(crate) fn of(request: &HttpRequest) -> Forward {
        Forward {
            method: request.method.clone(),
            path: request.path.clone(),
            query: request.query.clone(),
            headers: request.headers.clone(),
            body: request.body.clone(),
        }
    }
}

/// An error response in the envelope of spec/errors.md §1.
pub(crate) fn error_response(
    status: u16,
    code: &str,
    message: &str,
    anthropic: bool,
) -> HttpResponse {
    let kind = crate::gateway::kind_of_status(status);
    let message = format!("{code}: {message}");
    let body = if anthropic {
        json!({"type": "error", "error": {"type": kind, "message": message, "code": code}})
    } else {
        json!({"error": {"message": message, "type": kind, "code": code}})
    };
    HttpResponse {
        status,
        headers: vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            ("ngrok-error-code".to_owned(), code.to_owned()),
        ],
        body: body.to_string().into_bytes(),
    }
}

/// A failure that answers the request: recorded in the trace, and the response.
fn fail<S, C>(
    run: &Run<'_, '_, S, C>,
    trace: &mut ActionTrace,
    status: u16,
    code: &str,
    message: &str,
) -> Produced {
    trace.effect =
        Effect::Fail { status, code: code.to_owned(), message: format!("{code}: {message}") };
    Produced {
        response: error_response(status, code, message, run.anthropic),
        source: trace.action.clone(),
        upstream: None,
    }
}

fn eval_failed<S, C>(
    run: &Run<'_, '_, S, C>,
    trace: &mut ActionTrace,
    failure: &EvalFailure,
) -> Produced {
    let message = format!(
        "{} ({}:{}:{})",
        failure.message(),
        trace.origin.file,
        trace.origin.line,
        trace.origin.column
    );
    fail(run, trace, 500, codes::EXPR, &message)
}

/// A response an action produced, ending the phase.
fn respond(trace: &mut ActionTrace, response: HttpResponse) -> Produced {
    trace.effect = Effect::Respond(response.status);
    Produced { response, source: trace.action.clone(), upstream: None }
}

/// Runs one action. `current` is the response so far in the response phase. Returns the
/// response when the action ends the phase.
pub(crate) async fn run_action<S, C>(
    run: &mut Run<'_, '_, S, C>,
    phase: PhaseKind,
    position: (usize, usize, usize),
    action: &Action,
    current: Option<&mut Produced>,
    trace: &mut ActionTrace,
) -> Option<Produced>
where
    S: Transport<Vec<u8>>,
    C: Clock,
{
    match &action.kind {
        ActionKind::AiGateway(config) if phase == PhaseKind::OnHttpRequest => {
            ai_gateway(run, position, config, trace).await
        }
        ActionKind::CustomResponse(config) => Some(custom_response(run, config, trace)),
        ActionKind::Deny { status_code } => {
            Some(respond(trace, HttpResponse { status: *status_code, ..HttpResponse::default() }))
        }
        ActionKind::RateLimit(config) => rate_limit(run, config, trace),
        ActionKind::RestrictIps(config) => restrict_ips(run, config, trace),
        ActionKind::SetVars { vars } => {
            for (name, value) in vars {
                let value = {
                    let bound = run.bound();
                    bound.plan_value(value, &run.scope, &run.random)
                };
                match value {
                    Ok(value) => run.scope.set_var(name, value),
                    Err(failure) => return Some(eval_failed(run, trace, &failure)),
                }
            }
            let names: Vec<&str> = vars.iter().map(|(name, _)| name.as_str()).collect();
            trace.detail = Some(format!("set {}", names.join(", ")));
            None
        }
        ActionKind::Log { metadata } => {
            let mut fields = serde_json::Map::new();
            for (name, value) in metadata {
                let value = {
                    let bound = run.bound();
                    bound.plan_value(value, &run.scope, &run.random)
                };
                match value.map(|value| convert::to_json(&value)) {
                    Ok(Ok(json)) => {
                        fields.insert(name.clone(), json);
                    }
                    Ok(Err(message)) => {
                        return Some(fail(run, trace, 500, codes::EXPR, &message));
                    }
                    Err(failure) => return Some(eval_failed(run, trace, &failure)),
                }
            }
            let event = serde_json::Value::Object(fields);
            trace.detail = Some(event.to_string());
            run.scope.set_result("log", result(&json!({"metadata": event.clone()})));
            run.trace.logs.push(event);
            None
        }
        ActionKind::AddHeaders { headers } => {
            let mut added = Vec::new();
            for (name, template) in headers {
                match render(run, template) {
                    Ok(value) => added.push((name.to_ascii_lowercase(), value)),
                    Err(failure) => return Some(eval_failed(run, trace, &failure)),
                }
            }
            let on_request = current.is_none();
            let target = match current {
                Some(current) => &mut current.response.headers,
                None => &mut run.forward.headers,
            };
            for (name, value) in &added {
                if name == "host" {
                    target.retain(|(existing, _)| !existing.eq_ignore_ascii_case("host"));
                }
                target.push((name.clone(), value.clone()));
            }
            if on_request {
                forwarded_changed(run);
            }
            let names: Vec<&str> = added.iter().map(|(name, _)| name.as_str()).collect();
            trace.detail = Some(format!("added {}", names.join(", ")));
            let map: serde_json::Map<String, serde_json::Value> =
                added.into_iter().map(|(name, value)| (name, json!(value))).collect();
            run.scope.set_result("add_headers", result(&json!({"headers_added": map})));
            None
        }
        ActionKind::RemoveHeaders { headers } => {
            let on_request = current.is_none();
            let target = match current {
                Some(current) => &mut current.response.headers,
                None => &mut run.forward.headers,
            };
            let mut removed: Vec<String> = Vec::new();
            for name in headers {
                let before = target.len();
                target.retain(|(existing, _)| !existing.eq_ignore_ascii_case(name));
                if target.len() != before {
                    removed.push(name.to_ascii_lowercase());
                }
            }
            if on_request && !removed.is_empty() {
                forwarded_changed(run);
            }
            trace.detail = Some(format!("removed {}", removed.join(", ")));
            run.scope.set_result("remove_headers", result(&json!({"headers_removed": removed})));
            None
        }
        ActionKind::RequestBodyFindReplace { replacements } => {
            let mut body = std::mem::take(&mut run.forward.body);
            let outcome = find_replace(run, replacements, &mut body, "request_body_find_replace");
            set_content_length(&mut run.forward.headers, body.len());
            run.forward.body = body;
            forwarded_changed(run);
            match outcome {
                Ok(detail) => {
                    trace.detail = Some(detail);
                    None
                }
                Err(failure) => Some(eval_failed(run, trace, &failure)),
            }
        }
        ActionKind::ResponseBodyFindReplace { replacements } => {
            let Some(current) = current else {
                trace.detail = Some("no response to rewrite".to_owned());
                return None;
            };
            let outcome = find_replace(
                run,
                replacements,
                &mut current.response.body,
                "response_body_find_replace",
            );
            set_content_length(&mut current.response.headers, current.response.body.len());
            match outcome {
                Ok(detail) => {
                    trace.detail = Some(detail);
                    None
                }
                Err(failure) => Some(eval_failed(run, trace, &failure)),
            }
        }
        ActionKind::SseFindReplace { replacements } => {
            sse_find_replace(run, position, replacements, trace);
            None
        }
        ActionKind::AiGateway(_) | ActionKind::Unsupported { .. } => {
            let message = format!(
                "action `{}` is not supported by this runtime{}",
                trace.action,
                if matches!(action.kind, ActionKind::AiGateway(_)) { " in this phase" } else { "" }
            );
            Some(fail(run, trace, 500, codes::UNKNOWN_ACTION, &message))
        }
    }
}

/// Makes `req` show the request as it will now be forwarded, for every later condition,
/// template and strategy (the module docs of [`super`]).
fn forwarded_changed<S, C>(run: &mut Run<'_, '_, S, C>) {
    run.scope.req = forwarded_request(&run.scope.req, &run.forward.headers, run.forward.body.len());
}

/// JSON as an action result variable.
fn result(json: &serde_json::Value) -> Value {
    convert::from_json(json)
}

fn render<S, C>(run: &Run<'_, '_, S, C>, template: &Template) -> Result<String, EvalFailure> {
    run.bound().render_string(template, &run.scope, &run.random)
}

pub(crate) fn set_content_length(headers: &mut [(String, String)], length: usize) {
    for (name, value) in headers.iter_mut() {
        if name.eq_ignore_ascii_case("content-length") {
            *value = length.to_string();
        }
    }
}

/// Applies `replacements` in order to `body`; a one-line account of the matches.
fn find_replace<S, C>(
    run: &mut Run<'_, '_, S, C>,
    replacements: &[switchyard_plan::BodyReplacement],
    body: &mut Vec<u8>,
    result_name: &str,
) -> Result<String, EvalFailure> {
    let mut matches = Vec::new();
    let mut total = 0_usize;
    for (index, replacement) in replacements.iter().enumerate() {
        let from = render(run, &replacement.from)?;
        let to = render(run, &replacement.to)?;
        let pattern = regex::bytes::Regex::new(&from).map_err(|error| EvalFailure {
            expression: from.clone(),
            error: crate::eval::Error::invalid(format!("invalid pattern: {error}")),
        })?;
        for found in pattern.find_iter(body).take(100) {
            matches.push(json!({
                "replacement_index": index,
                "matched_content": String::from_utf8_lossy(found.as_bytes()),
            }));
        }
        total += pattern.find_iter(body).count();
        let replaced = pattern.replace_all(body, to.as_bytes()).into_owned();
        *body = replaced;
    }
    run.scope.set_result(result_name, result(&json!({"replacements": matches})));
    Ok(format!("{total} match(es) replaced"))
}

/// `sse-find-replace` on the current event-stream message.
fn sse_find_replace<S, C>(
    run: &mut Run<'_, '_, S, C>,
    position: (usize, usize, usize),
    replacements: &[switchyard_plan::SseReplacement],
    trace: &mut ActionTrace,
) {
    let Some(mut message) = run.message.take() else {
        trace.detail = Some("runs only on event-stream messages".to_owned());
        return;
    };
    let index = if let Some(index) = run.sse.iter().position(|(at, _)| *at == position) {
        index
    } else {
        let mut evaluated = Vec::with_capacity(replacements.len());
        let mut problem = None;
        for replacement in replacements {
            let rendered = render(run, &replacement.field).and_then(|field| {
                Ok((field, render(run, &replacement.from)?, render(run, &replacement.to)?))
            });
            let outcome =
                rendered.map_err(|failure| failure.message()).and_then(|(field, from, to)| {
                    let field = if field.is_empty() { "data".to_owned() } else { field };
                    if field != "data" && field != "retry" {
                        return Err(format!("field `{field}` is neither `data` nor `retry`"));
                    }
                    let pattern = regex::Regex::new(&from)
                        .map_err(|error| format!("invalid pattern `{from}`: {error}"))?;
                    Ok(super::sse::Replacement { field, pattern, to })
                });
            match outcome {
                Ok(replacement) => evaluated.push(replacement),
                Err(message) => {
                    problem = Some(message);
                    break;
                }
            }
        }
        run.sse.push((position, problem.map_or(Ok(evaluated), Err)));
        run.sse.len() - 1
    };
    match &run.sse[index].1 {
        Ok(list) => {
            let count: usize =
                list.iter().map(|replacement| super::sse::replace(&mut message, replacement)).sum();
            trace.detail = Some(format!("{count} match(es) replaced"));
        }
        Err(problem) => trace.detail = Some(format!("not applied: {problem}")),
    }
    run.message = Some(message);
}

fn custom_response<S, C>(
    run: &mut Run<'_, '_, S, C>,
    config: &CustomResponse,
    trace: &mut ActionTrace,
) -> Produced {
    let body = match render(run, &config.body) {
        Ok(body) => body,
        Err(failure) => return eval_failed(run, trace, &failure),
    };
    let mut headers = Vec::with_capacity(config.headers.len() + 1);
    for (name, template) in &config.headers {
        match render(run, template) {
            Ok(value) => headers.push((name.to_ascii_lowercase(), value)),
            Err(failure) => return eval_failed(run, trace, &failure),
        }
    }
    if header(&headers, "content-type").is_none() {
        let trimmed = body.trim_start();
        let content_type = if serde_json::from_str::<serde_json::Value>(&body).is_ok() {
            "application/json"
        } else if trimmed.starts_with('<') {
            "text/html"
        } else {
            "text/plain"
        };
        headers.push(("content-type".to_owned(), content_type.to_owned()));
    }
    respond(trace, HttpResponse { status: config.status_code, headers, body: body.into_bytes() })
}

fn rate_limit<S, C>(
    run: &mut Run<'_, '_, S, C>,
    config: &RateLimit,
    trace: &mut ActionTrace,
) -> Option<Produced>
where
    C: Clock,
{
    let mut parts = Vec::with_capacity(config.bucket_key.len());
    for &id in &config.bucket_key {
        let value = {
            let bound = run.bound();
            bound.eval(id, &run.scope, &run.random, &[])
        };
        match value {
            Ok(value) => match convert::to_field_text(&value) {
                Ok(text) => parts.push(text),
                Err(message) => return Some(fail(run, trace, 500, codes::EXPR, &message)),
            },
            Err(failure) => return Some(eval_failed(run, trace, &failure)),
        }
    }
    let bucket = if parts.len() == 1 { parts[0].clone() } else { json!(parts).to_string() };
    let now_ms = millis(run.env.clock.now());
    let decision =
        run.engine.limiter.check(&config.name, &bucket, config.capacity, config.window_ms, now_ms);
    trace.detail = Some(format!(
        "bucket {bucket:?}: {} of {} per window{}",
        decision.count,
        config.capacity,
        if decision.limited { ", over the limit" } else { "" }
    ));
    let mut variable = json!({"bucket_key": bucket, "limited": decision.limited});
    if decision.limited {
        variable["error"] = json!({
            "code": codes::RATE_LIMITED,
            "message": format!("rate limit `{}` exceeded", config.name),
        });
    }
    run.scope.set_result("rate_limit", result(&variable));
    if decision.limited && config.enforce {
        let message = format!(
            "rate limit `{}` exceeded; retry after {} s",
            config.name, decision.retry_after_s
        );
        let mut produced = fail(run, trace, 429, codes::RATE_LIMITED, &message);
        produced
            .response
            .headers
            .push(("retry-after".to_owned(), decision.retry_after_s.to_string()));
        return Some(produced);
    }
    None
}

fn restrict_ips<S, C>(
    run: &mut Run<'_, '_, S, C>,
    config: &RestrictIps,
    trace: &mut ActionTrace,
) -> Option<Produced> {
    let ranges = |templates: &[Template]| -> Result<Vec<(String, Cidr)>, EvalFailure> {
        let mut out = Vec::with_capacity(templates.len());
        for template in templates {
            let text = render(run, template)?;
            let cidr = Cidr::parse(&text).map_err(|message| EvalFailure {
                expression: text.clone(),
                error: crate::eval::Error::invalid(message),
            })?;
            out.push((text, cidr));
        }
        Ok(out)
    };
    let (allow, deny) =
        match ranges(&config.allow).and_then(|allow| Ok((allow, ranges(&config.deny)?))) {
            Ok(lists) => lists,
            Err(failure) => return Some(eval_failed(run, trace, &failure)),
        };
    let client = run
        .scope
        .conn
        .downcast_ref::<crate::objects::Connection>()
        .and_then(|conn| conn.client_ip.as_str().map(str::to_owned))
        .unwrap_or_default();
    let address: Option<std::net::IpAddr> = client.parse().ok();
    let matching = |ranges: &[(String, Cidr)]| {
        address.and_then(|address| {
            ranges.iter().find(|(_, cidr)| cidr.contains(address)).map(|(text, _)| text.clone())
        })
    };
    let denied_by = matching(&deny);
    let allowed_by = matching(&allow);
    let allowed = denied_by.is_none() && (allow.is_empty() || allowed_by.is_some());
    let matched = denied_by.clone().or(allowed_by);
    trace.detail = Some(format!(
        "client {client}: {}{}",
        if allowed { "allowed" } else { "denied" },
        matched.as_ref().map(|cidr| format!(" by {cidr}")).unwrap_or_default()
    ));
    let mut variable = json!({
        "action": if allowed { "allow" } else { "deny" },
        "matched_cidr": matched.unwrap_or_default(),
    });
    if !allowed {
        variable["error"] = json!({
            "code": codes::IP_DENIED,
            "message": format!("client IP {client} is not allowed"),
        });
    }
    run.scope.set_result("restrict_ips", result(&variable));
    if !allowed && config.enforce {
        return Some(fail(
            run,
            trace,
            403,
            codes::IP_DENIED,
            &format!("client IP {client} is not allowed"),
        ));
    }
    None
}

async fn ai_gateway<S, C>(
    run: &mut Run<'_, '_, S, C>,
    position: (usize, usize, usize),
    config: &Gateway,
    trace: &mut ActionTrace,
) -> Option<Produced>
where
    S: Transport<Vec<u8>>,
    C: Clock,
{
    let fallback;
    let objects = if let Some(objects) = run.engine.gateway_objects(position) {
        objects
    } else {
        fallback = super::selection::GatewayObjects::new(config, std::time::Duration::ZERO);
        &fallback
    };
    let request = ClientRequest {
        method: run.forward.method.clone(),
        path: run.forward.path.clone(),
        query: run.forward.query.clone(),
        headers: run.forward.headers.clone(),
        body: run.forward.body.clone(),
    };
    let strategy_random = StdRng::seed_from_u64(run.env.rng.next_u64());
    let template_random = StdRng::seed_from_u64(run.env.rng.next_u64());
    let engine = run.engine;
    let bound = super::scope::Bound {
        programs: &engine.programs,
        expressions: &engine.plan.expressions,
        secrets: run.env.secrets,
    };
    let mut strategies = Strategies::new(bound, objects, &run.scope, strategy_random);
    let mut templates =
        Templates { bound, scope: &run.scope, random: std::cell::RefCell::new(template_random) };
    let env = gateway::Env {
        expressions: &engine.plan.expressions,
        strategies: &mut strategies,
        templates: &mut templates,
        metrics: run.env.metrics,
        rng: &mut *run.env.rng,
        clock: run.env.clock,
        transport: &mut *run.env.transport,
        full_trace: run.env.full_trace,
    };
    let handled = gateway::handle::<S, Vec<u8>, C>(config, &request, env).await;
    trace.absorbed_errors = std::mem::take(&mut strategies.absorbed);
    let gateway_trace = handled.trace;
    run.scope.set_result("ai_gateway", result(&gateway_result(&gateway_trace, &request)));
    let produced = match handled.outcome {
        Outcome::Upstream(response) => {
            trace.effect = Effect::Respond(response.status);
            let upstream =
                gateway_trace.result.provider.clone().zip(gateway_trace.result.model.clone());
            Some(Produced {
                response: HttpResponse {
                    status: response.status,
                    headers: response.headers,
                    body: response.body,
                },
                source: trace.action.clone(),
                upstream,
            })
        }
        Outcome::Respond(response) => {
            let response = HttpResponse {
                status: response.status,
                headers: response.headers,
                body: response.body,
            };
            match (&gateway_trace.result.code, &gateway_trace.result.message) {
                (Some(code), message) => {
                    trace.effect = Effect::Fail {
                        status: response.status,
                        code: (*code).to_owned(),
                        message: message.clone().unwrap_or_default(),
                    };
                }
                (None, _) => trace.effect = Effect::Respond(response.status),
            }
            Some(Produced { response, source: trace.action.clone(), upstream: None })
        }
        Outcome::Continue(error) => {
            trace.effect = Effect::Continue;
            trace.detail = Some(format!("on_error: continue after {}", error.message));
            None
        }
    };
    trace.gateway = Some(Box::new(gateway_trace));
    produced
}

/// `actions.ngrok.ai_gateway` (spec/ai-gateway.md §5.10), from the action's trace.
fn gateway_result(trace: &GatewayTrace, request: &ClientRequest) -> serde_json::Value {
    let result = &trace.result;
    let success = result.code.is_none();
    let mut variable = json!({
        "status": if success { "success" } else { "error" },
        "client": {
            "method": request.method,
            "path": request.path,
            "model": trace.client.model,
            "models": trace.client.models,
            "rejected_models": trace.client.rejected_models,
        },
        "model_selection": trace.strategies.iter().map(|step| json!({
            "strategy": step.expression,
            "error": step.error,
            "candidates_returned": step.result,
            "candidates_after_allowed_filter": step.candidates_after_allowed_filter,
            "candidates_after_client_filter": step.candidates_after_client_filter,
            "models_to_try": step.models_to_try,
        })).collect::<Vec<_>>(),
        "models_tried": trace.models_tried.iter().map(|model| json!({
            "model": model.model,
            "provider": model.provider,
            "author": model.author,
            "api_key_selection": model.api_key_selection.iter().map(|step| json!({
                "strategy": step.expression,
                "error": step.error,
                "keys_to_try": step.keys_to_try,
            })).collect::<Vec<_>>(),
            "requests_made": trace.attempts.iter()
                .filter(|attempt| attempt.provider == model.provider && attempt.model == model.model)
                .map(|attempt| json!({
                    "status": if attempt.outcome == "ok" { "success" } else { "error" },
                    "error": if attempt.outcome == "ok" { None } else { Some(&attempt.outcome) },
                    "request": {"url": attempt.url},
                    "response": {"status_code": attempt.status_code},
                    "upstream_latency": {"total_ms": attempt.elapsed_ms},
                }))
                .collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    if let Some(tokens) = trace.input_tokens {
        variable["input_ngrok_tokens"] = json!(tokens);
    }
    if let Some(code) = result.code {
        let message = result.message.clone().unwrap_or_default();
        variable["error"] = json!({"code": code, "message": message});
    } else if let (Some(provider), Some(model)) = (&result.provider, &result.model) {
        variable["success"] = json!({"provider": provider, "model": model});
    }
    variable
}
