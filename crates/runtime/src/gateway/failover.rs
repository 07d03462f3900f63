//! Attempts and failover: the bounded loop (spec/ai-gateway.md §5.6–§5.8).
//!
//! For each model of `models_to_try`: the context-window check, key selection, then one attempt
//! per key. Any 4xx or 5xx, connection failure or timeout moves on to the next key, then the
//! next model. Before each attempt, an elapsed `total_timeout` stops with 3810 and a spent
//! budget of [`MAX_ATTEMPTS`] with 3812. Each attempt races the transport against
//! `min(start of attempt + per_request_timeout, start of action + total_timeout)`.
//!
//! Decisions:
//! - An attempt cut by the `total_timeout` timer (not its own) ends the action with 3810 at
//!   once, since no further attempt could start.
//! - A response that arrives at the very instant of the deadline counts.
//! - A model skipped for its context window, or for want of a key, is a failed candidate
//!   without an attempt: listed in the final error, no metrics recorded (see `verdict` for
//!   which final error applies).
//! - Response bodies belong to the transport: the runtime neither reads nor caps the body of a
//!   failed response (the 64 KiB cap of §5.8 is the HTTP transport's).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use switchyard_plan::Gateway;

use super::Env;
use super::attempt::{RequestBase, build_request};
use super::errors::{AttemptDetail, ErrorCode, GatewayError};
use super::keys::{Credential, KeyChoice, choose_keys, client_key, key_id, views};
use super::select::KeyStrategyInput;
use super::templates::{ConfigValues, render};
use super::tokens::estimate_input_tokens;
use super::trace::{AttemptTrace, GatewayTrace, ModelTrace};
use super::universe::Candidate;
use super::verdict::{Failure, budget_error, final_error, template_error, timeout_error};
use crate::clock::Clock;
use crate::metrics::{AttemptKind, AttemptSample};
use crate::transport::{Transport, TransportError, UpstreamRequest, UpstreamResponse};

/// At most this many upstream attempts per request (Switchyard decision, §5.4).
pub const MAX_ATTEMPTS: usize = 20;

/// What sending one request gave.
enum Sent<B> {
    Response(UpstreamResponse<B>),
    Failed(TransportError),
    TimedOut,
}

async fn send<S, B, C>(
    transport: &mut S,
    clock: &C,
    request: UpstreamRequest,
    deadline: Duration,
) -> Sent<B>
where
    S: Transport<B>,
    C: Clock,
{
    let call = async {
        poll_fn(|cx| transport.poll_ready(cx)).await?;
        transport.call(request).await
    };
    let mut call = pin!(call);
    let mut timer = pin!(clock.sleep_until(deadline));
    poll_fn(|cx| {
        if let Poll::Ready(result) = call.as_mut().poll(cx) {
            return Poll::Ready(match result {
                Ok(response) => Sent::Response(response),
                Err(TransportError::Timeout) => Sent::TimedOut,
                Err(error) => Sent::Failed(error),
            });
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Sent::TimedOut);
        }
        Poll::Pending
    })
    .await
}

/// The inputs of the loop that stay fixed for the request.
pub(crate) struct Loop<'r, 'g> {
    pub(crate) gateway: &'g Gateway,
    pub(crate) universe: &'r [Candidate<'g>],
    pub(crate) models_to_try: &'r [usize],
    pub(crate) base: RequestBase<'r>,
    pub(crate) start: Duration,
}

/// Runs the attempts; the successful response and the index of its candidate, or the final
/// error.
pub(crate) async fn run<S, B, C>(
    lp: &Loop<'_, '_>,
    env: &mut Env<'_, S, C>,
    input_tokens: &mut Option<u64>,
    trace: &mut GatewayTrace,
) -> Result<(UpstreamResponse<B>, usize), GatewayError>
where
    S: Transport<B>,
    C: Clock,
{
    let gateway = lp.gateway;
    let config: ConfigValues = super::templates::config_values(gateway, env.templates)
        .map_err(|error| template_error(&error))?;
    let client_key = client_key(lp.base.client_headers, lp.base.surface.format);
    let total_timeout = Duration::from_millis(gateway.total_timeout_ms);
    let total_deadline = lp.start.saturating_add(total_timeout);
    let per_request = Duration::from_millis(gateway.per_request_timeout_ms);
    let mut key_values: HashMap<usize, Vec<(String, String)>> = HashMap::new();
    let mut failures: Vec<Failure> = Vec::new();
    let mut tried: Vec<(usize, Credential)> = Vec::new();
    let timeout = |failures: &[Failure]| timeout_error(gateway.total_timeout_ms, failures);

    for &index in lp.models_to_try {
        let Some(candidate) = lp.universe.get(index) else { continue };
        let label = candidate.label();
        let mut model_trace = ModelTrace {
            provider: candidate.provider.id.clone(),
            model: candidate.model_id().to_owned(),
            author: candidate
                .known_model()
                .map(|model| model.author_id.clone())
                .unwrap_or_default(),
            ..ModelTrace::default()
        };
        let candidate_failure = |code: Option<ErrorCode>, reason: String| Failure {
            label: label.clone(),
            detail: AttemptDetail {
                provider: candidate.provider.id.clone(),
                model: candidate.model_id().to_owned(),
                key_id: None,
                status_code: 0,
                error: reason,
            },
            code,
            attempted: false,
            connection_level: false,
        };

        if let Some(window) = candidate.known_model().map(|model| model.max_context_window)
            && window > 0
        {
            let tokens = *input_tokens.get_or_insert_with(|| estimate_input_tokens(lp.base.body));
            trace.input_tokens = Some(tokens);
            if tokens > window {
                let reason = format!("context window exceeded ({tokens} tokens > {window})");
                model_trace.failure = Some(reason.clone());
                trace.models_tried.push(model_trace);
                failures.push(candidate_failure(None, reason));
                continue;
            }
        }

        let values = match key_values.entry(candidate.provider_index) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                let mut values = Vec::with_capacity(candidate.provider.api_keys.len());
                for key in &candidate.provider.api_keys {
                    let value = render(env.templates, &key.value)
                        .map_err(|error| template_error(&error))?;
                    values.push((key_id(&value), value));
                }
                entry.insert(values)
            }
        };
        let values: &[(String, String)] = values;
        let key_views = views(values);
        // The strategy input borrows non-`Send` views: keep it out of the awaits below.
        let choice = {
            let mut key_input = KeyStrategyInput {
                gateway,
                model: candidate,
                keys: &key_views,
                metrics: env.metrics,
                now: env.clock.now(),
                rng: &mut *env.rng,
            };
            choose_keys(
                &mut key_input,
                client_key.is_some(),
                env.strategies,
                env.expressions,
                &mut model_trace,
            )
        };
        let credentials = match choice {
            KeyChoice::Try(credentials) => credentials,
            KeyChoice::Fail { code, reason } => {
                model_trace.failure = Some(reason.clone());
                trace.models_tried.push(model_trace);
                failures.push(candidate_failure(Some(code), reason));
                continue;
            }
        };
        trace.models_tried.push(model_trace);

        for credential in credentials {
            if tried.contains(&(index, credential)) {
                continue;
            }
            tried.push((index, credential));
            let started = env.clock.now();
            if started >= total_deadline {
                return Err(timeout(&failures));
            }
            if trace.attempts.len() >= MAX_ATTEMPTS {
                return Err(budget_error(MAX_ATTEMPTS, &failures));
            }
            let (key_index, key_value, key_ref, key_label) = match credential {
                Credential::Configured(key_index) => {
                    let (id, value) = values
                        .get(key_index)
                        .map_or(("", ""), |(id, value)| (id.as_str(), value.as_str()));
                    let label =
                        candidate.provider.api_keys.get(key_index).map(|key| key.label.clone());
                    (Some(key_index), Some(value), Some(id.to_owned()), label)
                }
                Credential::Client => {
                    (None, client_key, Some("client".to_owned()), Some("client key".to_owned()))
                }
                Credential::Anonymous => (None, None, None, None),
            };
            let request = build_request(&lp.base, &config, candidate, credential, key_value);
            let url = request.url.clone();
            let own_deadline = started.saturating_add(per_request);
            let deadline = own_deadline.min(total_deadline);
            let sent = send(&mut *env.transport, env.clock, request, deadline).await;
            let ended = env.clock.now();
            let elapsed = ended.saturating_sub(started);

            let no_headers: Vec<(String, String)> = Vec::new();
            let (kind, status, outcome, headers) = match &sent {
                Sent::Response(response) => {
                    let kind = AttemptKind::of_status(response.status);
                    let outcome = if kind == AttemptKind::Success {
                        "ok".to_owned()
                    } else {
                        response.status.to_string()
                    };
                    (kind, response.status, outcome, &response.headers)
                }
                Sent::Failed(TransportError::Connect(_)) => {
                    (AttemptKind::Connection, 0, "connect".to_owned(), &no_headers)
                }
                Sent::Failed(_) => (AttemptKind::Connection, 0, "reset".to_owned(), &no_headers),
                Sent::TimedOut => (AttemptKind::Timeout, 0, "timeout".to_owned(), &no_headers),
            };
            env.metrics.record(&AttemptSample {
                provider: &candidate.provider.id,
                model: candidate.model_id(),
                key_id: if key_index.is_some() { key_ref.as_deref() } else { None },
                at: ended,
                latency: elapsed,
                kind,
                headers,
            });
            trace.attempts.push(AttemptTrace {
                provider: candidate.provider.id.clone(),
                model: candidate.model_id().to_owned(),
                key_index,
                key: key_label,
                outcome: outcome.clone(),
                status_code: status,
                started_ms: millis(started.saturating_sub(lp.start)),
                elapsed_ms: millis(elapsed),
                url,
            });
            let error_text = match sent {
                Sent::Response(response) if kind == AttemptKind::Success => {
                    return Ok((response, index));
                }
                Sent::Response(_) => outcome,
                Sent::Failed(error) => error.to_string(),
                Sent::TimedOut => "timeout".to_owned(),
            };
            failures.push(Failure {
                label: label.clone(),
                detail: AttemptDetail {
                    provider: candidate.provider.id.clone(),
                    model: candidate.model_id().to_owned(),
                    key_id: key_ref,
                    status_code: status,
                    error: error_text,
                },
                code: None,
                attempted: true,
                connection_level: kind == AttemptKind::Connection,
            });
            if kind == AttemptKind::Timeout
                && total_deadline <= own_deadline
                && ended >= total_deadline
            {
                return Err(timeout(&failures));
            }
        }
    }
    Err(final_error(&failures))
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
