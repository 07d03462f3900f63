//! The `check` harness of the engine scenarios: a policy (YAML, through the real front end), a
//! request, scripted upstreams on simulated time, and a one-line-per-decision summary.

#![allow(dead_code, unreachable_pub, reason = "each test file uses a part")]

use std::fmt::Write as _;

use rand::SeedableRng;
use rand::rngs::StdRng;
use switchyard_compile::{CheckOptions, compile_file};
use switchyard_diagnostics::{FileId, Severity, SourceFile};
use switchyard_plan::Plan;
use switchyard_runtime::clock::SimulatedClock;
use switchyard_runtime::engine::{
    Effect, Engine, EngineOptions, Handled, HttpRequest, RequestEnv, SnapshotMetrics,
};
use switchyard_runtime::metrics::InMemoryMetrics;
use switchyard_runtime::secrets::MapSecretStore;
use switchyard_runtime::transport::{SimulatedOutcome, SimulatedTransport, Target};

/// Compiles `yaml`; panics with the diagnostics when it has errors.
#[track_caller]
pub fn plan(yaml: &str) -> Plan {
    let file = SourceFile::new("policy.yaml", yaml);
    let (plan, diagnostics) = compile_file(&file, FileId(0), &CheckOptions::default());
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    plan.unwrap_or_else(|| panic!("the policy does not compile: {errors:#?}"))
}

#[track_caller]
pub fn engine(yaml: &str) -> Engine {
    Engine::new(plan(yaml), EngineOptions::default()).expect("the plan loads")
}

/// A chat completion request for `model` from `client_ip`.
pub fn chat(model: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".to_owned(),
        path: "/v1/chat/completions".to_owned(),
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body: format!(r#"{{"model":"{model}","messages":[{{"role":"user","content":"Hello"}}]}}"#)
            .into_bytes(),
        client_ip: "203.0.113.7".to_owned(),
        ..HttpRequest::default()
    }
}

/// Adds a header.
pub fn with_header(mut request: HttpRequest, name: &str, value: &str) -> HttpRequest {
    request.headers.push((name.to_owned(), value.to_owned()));
    request
}

/// The simulated world of a run.
pub struct World {
    pub clock: SimulatedClock,
    pub transport: SimulatedTransport,
    pub secrets: MapSecretStore,
    pub metrics: InMemoryMetrics,
    pub snapshot: Option<SnapshotMetrics>,
    pub seed: u64,
}

impl Default for World {
    fn default() -> World {
        let clock = SimulatedClock::default();
        World {
            transport: SimulatedTransport::new(clock.clone()),
            clock,
            secrets: [
                ("openai", "primary", "sk-openai-primary"),
                ("openai", "backup", "sk-openai-backup"),
                ("anthropic", "primary", "sk-ant-primary"),
                ("google", "primary", "g-primary"),
                ("app", "token", "s3cret"),
            ]
            .into_iter()
            .collect(),
            metrics: InMemoryMetrics::default(),
            snapshot: None,
            seed: 0,
        }
    }
}

impl World {
    /// Makes `target` (`provider[:model[#key]]`) answer with `outcomes`.
    pub fn fail(mut self, target: &str, outcomes: &[&str]) -> World {
        let target: Target = target.parse().expect("target");
        let outcomes: Vec<SimulatedOutcome> =
            outcomes.iter().map(|outcome| outcome.parse().expect("outcome")).collect();
        self.transport = self.transport.with_outcomes(target, &outcomes);
        self
    }

    /// Runs `request` on `engine`.
    pub fn run(&mut self, engine: &Engine, request: &HttpRequest) -> Handled {
        let mut rng = StdRng::seed_from_u64(self.seed);
        let metrics: &(dyn switchyard_runtime::metrics::MetricsStore + Sync) = match &self.snapshot
        {
            Some(snapshot) => snapshot,
            None => &self.metrics,
        };
        let env = RequestEnv {
            transport: &mut self.transport,
            clock: &self.clock,
            metrics,
            secrets: &self.secrets,
            rng: &mut rng,
            full_trace: true,
        };
        self.clock.block_on(engine.handle(request, env)).expect("the run completes")
    }
}

/// The decisions of a run, one per line: rules with their conditions, actions with their
/// effects, gateway attempts, and the response.
pub fn summary(handled: &Handled) -> String {
    let mut out = String::new();
    for rule in &handled.trace.rules {
        let name = rule.name.as_deref().unwrap_or("-");
        let conditions: Vec<String> = rule
            .conditions
            .iter()
            .map(|condition| match &condition.result {
                Ok(value) => format!("{value}"),
                Err(error) => format!("error({error})"),
            })
            .collect();
        let _ = writeln!(
            out,
            "rule {} {name} [{}] {}",
            rule.index,
            conditions.join(", "),
            if rule.matched { "matched" } else { "skipped" }
        );
        for action in &rule.actions {
            let effect = match &action.effect {
                Effect::Continue => "continue".to_owned(),
                Effect::Respond(status) => format!("respond {status}"),
                Effect::Fail { status, code, .. } => format!("fail {status} {code}"),
            };
            let detail = action.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
            let _ = writeln!(out, "  {} -> {effect}{detail}", action.action);
            if let Some(gateway) = &action.gateway {
                for attempt in &gateway.attempts {
                    let _ = writeln!(
                        out,
                        "    attempt {}:{} key={:?} -> {} at {}ms",
                        attempt.provider,
                        attempt.model,
                        attempt.key_index,
                        attempt.outcome,
                        attempt.started_ms + attempt.elapsed_ms
                    );
                }
            }
            for error in &action.absorbed_errors {
                let _ = writeln!(out, "    absorbed: {error}");
            }
        }
    }
    let result = &handled.trace.result;
    let _ = write!(
        out,
        "=> {} {} from {}",
        result.status,
        result.code.as_deref().unwrap_or("-"),
        result.source
    );
    if let (Some(provider), Some(model)) = (&result.provider, &result.model) {
        let _ = write!(out, " ({provider}:{model})");
    }
    out
}
