//! A whole request through the engine, as `policy explain` runs it: a failover chain over three
//! providers with two keys each, and the happy path where the first attempt succeeds.
//!
//! `cargo bench -p switchyard-runtime --bench failover`
//!
//! The policy (compiled once by the front end) offers `openai:gpt-4o`,
//! `anthropic:claude-sonnet-4-5` and `google:gemini-2.5-flash`, in that order, healthy models
//! first. Each iteration is one `Engine::handle`: the request is parsed, the rules run, the model
//! strategy is evaluated, the keys are interpolated from the secret store, the attempts are made
//! on a `SimulatedTransport` and the trace is built, with a fresh activation per request as in
//! production. What a host keeps between requests (the transport, the clock, the metrics store)
//! is made afresh outside the measured time, so that every iteration takes the same route; the
//! engine reuses `ai.models` across requests, as it does for 10 s in production.
//!
//! - `failover_chain`: both `openai` keys answer 429 (next key, then next provider), `anthropic`
//!   answers 503 on both keys (next provider), the first `google` key answers 200: five attempts.
//! - `happy_path`: the first `openai` key answers 200: one attempt, the gateway's own overhead.
//!
//! Each is measured as `explain` (the full trace and fixed metrics, as `policy explain` runs)
//! and as `production` (the short trace; the attempts recorded in an in-memory metrics store).
#[path = "../tests/engine_support/mod.rs"]
mod engine_support;
mod support;

use std::hint::black_box;

use criterion::{BatchSize, Criterion};
use rand::SeedableRng;
use rand::rngs::StdRng;
use switchyard_runtime::clock::SimulatedClock;
use switchyard_runtime::engine::{
    Engine, EngineOptions, Handled, HttpRequest, RequestEnv, SnapshotMetrics,
};
use switchyard_runtime::metrics::{InMemoryMetrics, MetricsStore};
use switchyard_runtime::secrets::MapSecretStore;
use switchyard_runtime::transport::{SimulatedOutcome, SimulatedTransport, Target};

/// The policy: three providers with two keys each.
const POLICY: &str = include_str!("failover.yaml");

/// The failures of the chain: `target=outcome`, as `policy explain --fail` takes them.
const CHAIN: [&str; 3] = ["openai:gpt-4o#0=429", "openai:gpt-4o#1=429", "anthropic=503"];

/// The effects of one request, as a host keeps them.
struct World {
    clock: SimulatedClock,
    transport: SimulatedTransport,
    metrics: Box<dyn MetricsStore + Sync>,
}

fn world(fails: &[&str], production: bool) -> World {
    let clock = SimulatedClock::default();
    let mut transport = SimulatedTransport::new(clock.clone());
    for fail in fails {
        let (target, outcome) = fail.split_once('=').expect("target=outcome");
        let target: Target = target.parse().expect("target");
        let outcome: SimulatedOutcome = outcome.parse().expect("outcome");
        transport = transport.with_outcomes(target, &[outcome]);
    }
    let metrics: Box<dyn MetricsStore + Sync> = if production {
        Box::new(InMemoryMetrics::default())
    } else {
        Box::new(SnapshotMetrics::default())
    };
    World { clock, transport, metrics }
}

fn handle(
    engine: &Engine,
    request: &HttpRequest,
    secrets: &MapSecretStore,
    mut world: World,
    full_trace: bool,
) -> Handled {
    let mut rng = StdRng::seed_from_u64(0);
    let env = RequestEnv {
        transport: &mut world.transport,
        clock: &world.clock,
        metrics: world.metrics.as_ref(),
        secrets,
        rng: &mut rng,
        full_trace,
    };
    world.clock.block_on(engine.handle(request, env)).expect("the run completes")
}

fn bench(c: &mut Criterion) {
    let engine = Engine::new(engine_support::plan(POLICY), EngineOptions::default())
        .expect("the plan loads");
    let request = engine_support::chat("ngrok/auto");
    let secrets: MapSecretStore = ["openai", "anthropic", "google"]
        .into_iter()
        .flat_map(|vault| {
            ["primary", "backup"].map(|name| (vault, name, format!("sk-{vault}-{name}")))
        })
        .collect();

    let scenarios: [(&str, &[&str], usize, &str); 2] =
        [("failover_chain", &CHAIN, 5, "google"), ("happy_path", &[], 1, "openai")];
    for (scenario, fails, n_attempts, provider) in scenarios {
        let mut group = c.benchmark_group(scenario);
        for (name, production) in [("explain", false), ("production", true)] {
            let handled =
                handle(&engine, &request, &secrets, world(fails, production), !production);
            assert_eq!(handled.response.status, 200, "{scenario}");
            assert_eq!(handled.trace.result.provider.as_deref(), Some(provider), "{scenario}");
            let attempts: usize =
                handled.trace.gateways().map(|gateway| gateway.attempts.len()).sum();
            assert_eq!(attempts, n_attempts, "{scenario}");
            group.bench_function(name, |b| {
                b.iter_batched(
                    || world(fails, production),
                    |world| black_box(handle(&engine, &request, &secrets, world, !production)),
                    BatchSize::SmallInput,
                );
            });
        }
        group.finish();
    }
}

fn main() {
    support::main(bench);
}
