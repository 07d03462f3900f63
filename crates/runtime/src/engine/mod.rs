//! The rule engine: runs a whole plan for one request (spec/README.md §1, §3).
//!
//! [`Engine::new`] loads a [`Plan`] once: it verifies it, links every expression with the
//! policy [`Registry`], and builds the static `AIModel` objects of every `ai-gateway` action.
//! [`Engine::handle`] then runs one request:
//!
//! ```text
//! on_http_request rules, in order ─► conditions (AND, short-circuit; an error fails closed: 500)
//!   ─► actions, in order (ai-gateway, custom-response, deny, set-vars, restrict-ips, rate-limit,
//!      add-headers, remove-headers, log, request-body-find-replace, ...) until one responds
//!   ─► no response: 502 ERR_SWITCHYARD_NO_UPSTREAM
//! on_http_response rules on the response ─► the client's response, and the [`Trace`]
//! ```
//!
//! Effects go through the caller's [`RequestEnv`]: the transport, the clock, the metrics and
//! secret stores and the random generator, so that a run is deterministic under
//! [`SimulatedTransport`](crate::transport::SimulatedTransport),
//! [`SimulatedClock`](crate::clock::SimulatedClock) and a seeded generator: what `policy
//! explain` does.
//!
//! ```
//! use rand::SeedableRng;
//! use switchyard_plan::{Action, ActionKind, Origin, Phase, PhaseKind, Plan, Rule};
//! use switchyard_runtime::clock::SimulatedClock;
//! use switchyard_runtime::engine::{Engine, HttpRequest, RequestEnv};
//! use switchyard_runtime::metrics::InMemoryMetrics;
//! use switchyard_runtime::secrets::MapSecretStore;
//! use switchyard_runtime::transport::SimulatedTransport;
//!
//! let origin = Origin { file: "p.yaml".into(), start: 0, end: 0, line: 1, column: 1, path: String::new() };
//! let deny = Action { kind: ActionKind::Deny { status_code: 403 }, origin: origin.clone() };
//! let rule = Rule { name: None, conditions: vec![], actions: vec![deny], origin };
//! let plan = Plan {
//!     format_version: switchyard_plan::FORMAT_VERSION,
//!     phases: vec![Phase { kind: PhaseKind::OnHttpRequest, rules: vec![rule] }],
//!     expressions: vec![],
//! };
//! let engine = Engine::new(plan, switchyard_runtime::engine::EngineOptions::default()).unwrap();
//! let clock = SimulatedClock::default();
//! let mut transport = SimulatedTransport::new(clock.clone());
//! let mut rng = rand::rngs::StdRng::seed_from_u64(0);
//! let env = RequestEnv {
//!     transport: &mut transport,
//!     clock: &clock,
//!     metrics: &InMemoryMetrics::default(),
//!     secrets: &MapSecretStore::default(),
//!     rng: &mut rng,
//!     full_trace: true,
//! };
//! let handled = clock.block_on(engine.handle(&HttpRequest::default(), env)).unwrap();
//! assert_eq!(handled.response.status, 403);
//! ```
//!
//! Decisions the spec leaves open:
//! - `on_tcp_connect` rules are not run (the phase is recognised only, spec/README.md §1).
//! - `on_event_stream_message` rules run once per message of a `text/event-stream` response
//!   (buffered: the engine's responses are whole bodies); a responder there cannot answer, and
//!   its response is dropped.
//! - `add-headers`, `remove-headers` and `request-body-find-replace` in `on_http_request` change
//!   the request forwarded (to `ai-gateway`), and `req` follows at once (spec/actions.md §8 says
//!   only the former): every later condition, template and strategy of the request, the
//!   response phase's included, reads the forwarded headers (`req.headers`, `getReqHeader`,
//!   `hasReqHeader`, `req.cookies`, `req.content_type`, ...) and `req.content_length`, while
//!   `req.method`, `req.url` and `req.host` stay what the client sent. In `on_http_response`
//!   they change the response, and `res` follows the same way.
//! - A `restrict-ips` range that is not a CIDR after interpolation, or a `rate-limit` bucket key
//!   that fails, fails closed like an expression error (500 `ERR_SWITCHYARD_EXPR`).
//! - An action whose phase the checker refuses (`ai-gateway` in `on_http_response`) fails closed
//!   with 500 `ERR_SWITCHYARD_UNKNOWN_ACTION`.

mod actions;
mod convert;
mod limits;
mod request;
mod run;
mod scope;
mod selection;
mod snapshot;
mod sse;
mod trace;

pub use request::{HttpRequest, HttpResponse};
pub use snapshot::SnapshotMetrics;
pub use trace::{ActionTrace, ConditionTrace, Effect, ResultTrace, RuleTrace, Trace};

use std::fmt;
use std::time::Duration;

use rand::Rng;
use switchyard_plan::{ActionKind, Origin, Plan, VerifyError};

use crate::clock::Clock;
use crate::eval::{LinkError, Program, Registry};
use crate::metrics::MetricsStore;
use crate::secrets::SecretStore;
use crate::transport::Transport;
use limits::RateLimiter;
use selection::GatewayObjects;

/// How an [`Engine`] runs requests. Build it from [`EngineOptions::default`].
#[derive(Clone, Copy, Debug)]
pub struct EngineOptions {
    /// How long the metrics that strategies read may be reused (spec/cel.md §4.2: refreshed at
    /// most every 10 s). `Duration::ZERO` reads the metrics store on every request.
    pub metrics_refresh: Duration,
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions { metrics_refresh: Duration::from_secs(10) }
    }
}

/// A plan that cannot be run.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum LoadError {
    /// The plan failed verification.
    Invalid(Vec<VerifyError>),
    /// An expression does not link against the runtime's registry.
    Link {
        /// The expression as written.
        expression: String,
        /// Where it was written.
        origin: Box<Origin>,
        /// Why.
        error: LinkError,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Invalid(errors) => {
                let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
                write!(f, "invalid plan: {}", errors.join("; "))
            }
            LoadError::Link { expression, origin, error } => write!(
                f,
                "{}:{}:{}: cannot link `{expression}`: {error}",
                origin.file, origin.line, origin.column
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// A loaded plan, ready to run any number of requests, concurrently.
pub struct Engine {
    plan: Plan,
    programs: Vec<Program>,
    /// The selection objects of each `ai-gateway` action, by (phase, rule, action) position.
    gateways: Vec<((usize, usize, usize), GatewayObjects)>,
    limiter: RateLimiter,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("phases", &self.plan.phases.len())
            .field("programs", &self.programs.len())
            .field("gateways", &self.gateways.len())
            .finish_non_exhaustive()
    }
}

/// What a request runs with: the effects and the stores.
pub struct RequestEnv<'a, S, C> {
    /// Sends upstream requests (`ai-gateway`).
    pub transport: &'a mut S,
    /// Time: timeouts, rate-limit windows, metric windows.
    pub clock: &'a C,
    /// Where attempts are recorded and strategies read metrics.
    pub metrics: &'a (dyn MetricsStore + Sync),
    /// Where `secrets.get` reads values.
    pub secrets: &'a (dyn SecretStore + Sync),
    /// The request's randomness (seed it for deterministic runs).
    pub rng: &'a mut (dyn Rng + Send),
    /// Whether the `ai-gateway` traces list the candidates of every stage and strategy
    /// (`policy explain`); production leaves it off.
    pub full_trace: bool,
}

/// The response of one request and how it was reached.
#[derive(Clone, Debug)]
pub struct Handled {
    /// What the client receives.
    pub response: HttpResponse,
    /// Every decision, in order.
    pub trace: Trace,
}

impl Engine {
    /// Loads `plan`: verifies it, links every expression, builds the selection objects.
    pub fn new(plan: Plan, options: EngineOptions) -> Result<Engine, LoadError> {
        let errors = switchyard_plan::verify(&plan);
        if !errors.is_empty() {
            return Err(LoadError::Invalid(errors));
        }
        let registry = Registry::policy();
        let programs = plan
            .expressions
            .iter()
            .map(|expression| {
                Program::link(&expression.expr, &registry).map_err(|error| LoadError::Link {
                    expression: expression.source.clone(),
                    origin: Box::new(expression.origin.clone()),
                    error,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut gateways = Vec::new();
        for (phase_index, phase) in plan.phases.iter().enumerate() {
            for (rule_index, rule) in phase.rules.iter().enumerate() {
                for (action_index, action) in rule.actions.iter().enumerate() {
                    if let ActionKind::AiGateway(gateway) = &action.kind {
                        gateways.push((
                            (phase_index, rule_index, action_index),
                            GatewayObjects::new(gateway, options.metrics_refresh),
                        ));
                    }
                }
            }
        }
        Ok(Engine { plan, programs, gateways, limiter: RateLimiter::default() })
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Runs one request through every phase.
    ///
    /// Never panics on any request; every failure becomes an error response.
    pub async fn handle<S, C>(&self, request: &HttpRequest, env: RequestEnv<'_, S, C>) -> Handled
    where
        S: Transport<Vec<u8>>,
        C: Clock,
    {
        run::run(self, request, env).await
    }

    /// The configured API keys of every `ai-gateway` action, in plan order, with their ids
    /// when their values evaluate with `secrets` alone (a request-independent
    /// `secrets.get`, or literal text): how metrics snapshots name keys.
    pub fn configured_keys(&self, secrets: &(dyn SecretStore + Sync)) -> Vec<ConfiguredKey> {
        let request = HttpRequest::default();
        let scope = scope::Scope::new(
            request.object(),
            request.connection(),
            request.endpoint(),
            request.time(),
        );
        let bound =
            scope::Bound { programs: &self.programs, expressions: &self.plan.expressions, secrets };
        let random =
            std::cell::RefCell::new(<rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(0));
        let mut keys = Vec::new();
        for rule in self.plan.phases.iter().flat_map(|phase| &phase.rules) {
            for action in &rule.actions {
                let ActionKind::AiGateway(gateway) = &action.kind else { continue };
                for provider in &gateway.providers {
                    for (index, key) in provider.api_keys.iter().enumerate() {
                        let id = bound
                            .render_string(&key.value, &scope, &random)
                            .ok()
                            .map(|value| crate::gateway::key_id(&value));
                        keys.push(ConfiguredKey {
                            provider: provider.id.clone(),
                            index,
                            label: key.label.clone(),
                            id,
                        });
                    }
                }
            }
        }
        keys
    }

    fn gateway_objects(&self, position: (usize, usize, usize)) -> Option<&GatewayObjects> {
        self.gateways.iter().find(|(at, _)| *at == position).map(|(_, objects)| objects)
    }
}

/// A configured API key of an `ai-gateway` action (see [`Engine::configured_keys`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfiguredKey {
    /// The provider's id.
    pub provider: String,
    /// The key's 0-based position in the provider's `api_keys`.
    pub index: usize,
    /// How traces name it (`secrets.get('openai', 'primary')`).
    pub label: String,
    /// Its id (`AIKey.id`, a hash of the value), when the value could be evaluated.
    pub id: Option<String>,
}

/// Milliseconds of a clock reading.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
