//! The `ai-gateway` action's request flow (spec/ai-gateway.md §4–§5, spec/errors.md).
//!
//! [`handle`] runs one request through a compiled [`switchyard_plan::Gateway`]:
//!
//! ```text
//! path → surface ─► body → model/models → C ─► universe U ─► R(C) ─► token check
//!   ─► model selection (strategies) ─► models_to_try (≤ 10)
//!   ─► per model: context window, key selection ─► per key: one attempt (≤ 20 in all)
//!   ─► success: the upstream response │ all failed: 3807 / 3800 / 3802 / 3808
//! ```
//!
//! Selection is data: everything up to `models_to_try` is a pure function of the gateway, the
//! request, the metrics snapshot and the seeded random generator. Attempts are effects, behind
//! [`crate::transport::Transport`] and [`crate::clock::Clock`]. Every step is recorded in the
//! [`GatewayTrace`] that comes back with the outcome.
//!
//! # Seams the CEL evaluator binds to
//!
//! The flow does not evaluate CEL itself. It calls two traits, which the evaluator's linked
//! `Program` implements (the binding lives with the rule engine):
//!
//! - [`StrategyEval`]: `eval_models(strategy, input, out)` evaluates the model strategy whose
//!   `ExprId` is in `Gateway::model_strategies` with `ai.models` = `input.universe` (each
//!   [`Candidate`] is a provider index plus a known model index, or a pass-through name; the
//!   binding maps them to its `AiModel` objects, `m.metrics` from `input.metrics` at
//!   `input.now`, `random()` from `input.rng`) and pushes the indexes of the resulting models
//!   into `out`. `eval_keys` does the same for `Gateway::key_strategies` with `ai.keys` =
//!   `input.keys` (`AIKey` `id`, `value`; `quota` and `error_rate` from `input.metrics`) and
//!   `ai.model` = `input.model`. Errors are [`StrategyError::Eval`] (3803 / 3808) or
//!   [`StrategyError::WrongType`] (3806 / 3808).
//! - [`TemplateEval`]: `eval_string(template)` renders a `${…}` template of the config
//!   (headers, query parameters, key values; `secrets.get` through the
//!   [`crate::secrets::SecretStore`]); `eval_value` renders a `body` leaf, keeping the type of a
//!   lone interpolation. Literal templates never reach the seam.
//!
//! [`NoStrategies`] and [`LiteralTemplates`] serve plans without expressions.
//! Key ids (`AIKey.id`, `m.metrics.api_keys` keys) are [`key_id`] of the value.
//! [`Env`] takes the seams as `Send` trait objects (and the metrics store as `Sync`) so that
//! the future of [`handle`] is `Send` and can run on a multi-threaded executor.
//! With [`Env::full_trace`] off (production), selection records no per-model labels.
//!
//! # Decisions the spec leaves open
//!
//! Each module states its own; in short:
//! - Paths match on their suffix; `GET /v1/models` lists the universe locally in the `OpenAI`
//!   list format, ids written `provider:model`; anything else is 404 3814 (`surface`).
//! - The body must be a JSON object; `null` `model`/`models` count as absent; bodies above
//!   32 MiB are 413 3811 (`model_ref`, `errors`).
//! - Built-in provider names stay recognised as prefixes after the config excluded them
//!   (`provider not allowed`); bare names match known models only (`universe`).
//! - 3813 when no provider of the plan speaks the request's surface with a model and the client
//!   named none; with a client list, the unresolved entries give 3804 (or 3805 with strategies).
//! - Config `body` never replaces `model`/`models`; the output-token bound applies after the
//!   body merge; auth follows the wire format, Azure's `api-key` for Azure providers
//!   (`attempt`).
//! - An attempt cut by `total_timeout` ends the action with 3810; which final error applies
//!   when all candidates failed (`failover`).

mod attempt;
mod errors;
mod failover;
mod flow;
mod keys;
mod model_ref;
mod select;
mod surface;
mod templates;
mod tokens;
mod trace;
mod universe;
mod url;
mod verdict;

pub(crate) use errors::kind_of_status;
pub use errors::{AttemptDetail, ErrorCode, GatewayError};
pub use failover::MAX_ATTEMPTS;
pub use keys::key_id;
pub use select::{
    KeyStrategyInput, KeyView, MAX_MODELS_TO_TRY, ModelStrategyInput, NoStrategies, StrategyError,
    StrategyEval,
};
pub use surface::RequestSurface;
pub use templates::{LiteralTemplates, TemplateError, TemplateEval};
pub use trace::{
    AttemptTrace, CandidateStage, ClientTrace, GatewayTrace, KeyStrategyTrace, ModelTrace,
    RejectedModel, ResultTrace, StrategyTrace,
};
pub use universe::{Candidate, CandidateModel};

use rand::Rng;
use switchyard_plan::expr::Expression;
use switchyard_plan::{Gateway, OnError, SurfaceFormat};

use crate::clock::Clock;
use crate::metrics::MetricsStore;
use crate::transport::{Transport, UpstreamResponse};
use attempt::HOP_BY_HOP;
use flow::Done;
use surface::Route;

/// Request bodies above this size are refused (Switchyard decision, §5.2).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// The client's request, as the action sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientRequest {
    /// The HTTP method.
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// A response the gateway makes itself (errors, the model list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalResponse {
    /// The status.
    pub status: u16,
    /// Header names (lower-case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// What the action does with the request.
#[derive(Debug)]
pub enum Outcome<B = Vec<u8>> {
    /// Forward this successful upstream response (hop-by-hop headers removed).
    Upstream(UpstreamResponse<B>),
    /// Answer with this response (an error with `on_error: halt`, or the model list).
    Respond(LocalResponse),
    /// `on_error: continue`: the error goes to `actions.ngrok.ai_gateway.error` and the next
    /// action runs.
    Continue(GatewayError),
}

/// The outcome of [`handle`] and how it was reached.
#[derive(Debug)]
pub struct Handled<B = Vec<u8>> {
    /// What to do.
    pub outcome: Outcome<B>,
    /// Every decision, in order.
    pub trace: GatewayTrace,
}

/// What the flow runs with: the seams, the stores and the effects.
pub struct Env<'a, S, C> {
    /// The plan's expressions (`Plan::expressions`), for strategy text and origins in traces.
    pub expressions: &'a [Expression],
    /// Evaluates model and key strategies.
    pub strategies: &'a mut (dyn StrategyEval + Send),
    /// Evaluates config templates.
    pub templates: &'a mut (dyn TemplateEval + Send),
    /// Where attempts are recorded and strategies read metrics.
    pub metrics: &'a (dyn MetricsStore + Sync),
    /// The request's random generator (seed it for deterministic runs).
    pub rng: &'a mut (dyn Rng + Send),
    /// Time, for timeouts and metrics.
    pub clock: &'a C,
    /// Sends upstream requests.
    pub transport: &'a mut S,
    /// Whether the trace lists the candidates of every stage and strategy (`policy explain`);
    /// without it, only failing strategies, models tried, attempts and the result are recorded,
    /// which keeps selection free of per-model allocations.
    pub full_trace: bool,
}

/// Runs the `ai-gateway` action for one request.
///
/// Never panics on any request; every failure becomes an [`Outcome::Respond`] error response
/// (or [`Outcome::Continue`] with `on_error: continue`).
pub async fn handle<S, B, C>(
    gateway: &Gateway,
    request: &ClientRequest,
    mut env: Env<'_, S, C>,
) -> Handled<B>
where
    S: Transport<B>,
    C: Clock,
{
    let mut trace = GatewayTrace::default();
    let path = request.path.split_once('?').map_or(request.path.as_str(), |(path, _)| path);
    let route = surface::route(&request.method, path);
    let error_format = match route {
        Route::Api { surface, .. } => surface.format,
        Route::ListModels | Route::Unsupported => SurfaceFormat::Openai,
    };
    let result = match route {
        Route::Unsupported => Err(GatewayError::new(
            ErrorCode::UnsupportedPath,
            &format!("Unsupported path: {} {path}", request.method),
        )),
        Route::ListModels => Ok(Done::Local(flow::list_models(gateway))),
        Route::Api { surface, api_path } => {
            flow::route_api(gateway, request, surface, api_path, &mut env, &mut trace).await
        }
    };
    let outcome = match result {
        Ok(Done::Upstream(mut response, provider, model)) => {
            response
                .headers
                .retain(|(name, _)| !HOP_BY_HOP.contains(&name.to_ascii_lowercase().as_str()));
            trace.result = ResultTrace {
                status: response.status,
                provider: Some(provider),
                model: Some(model),
                ..ResultTrace::default()
            };
            Outcome::Upstream(response)
        }
        Ok(Done::Local(response)) => {
            trace.result = ResultTrace { status: response.status, ..ResultTrace::default() };
            Outcome::Respond(response)
        }
        Err(error) => {
            let continued = gateway.on_error == OnError::Continue;
            trace.result = ResultTrace {
                status: error.status,
                code: Some(error.code.as_str()),
                message: Some(error.message.clone()),
                continued,
                ..ResultTrace::default()
            };
            if continued {
                Outcome::Continue(error)
            } else {
                Outcome::Respond(error.to_response(error_format))
            }
        }
    };
    Handled { outcome, trace }
}
