//! Model selection: three strategies over 10, 20, 100 and 1,000 models, evaluated by the
//! Switchyard runtime and, as the baseline, by the `cel` crate 0.15 on the same data (models as
//! maps there, since it has no declared object types).
//!
//! `cargo bench -p switchyard-runtime --bench select`
//!
//! Strategies:
//! - `filter`: `ai.models.filter(m, m.provider_id == 'openai' && m.metrics.global.error_rate.total < 0.01)`
//! - `sort_by_price`: `ai.models.sortBy(m, m.pricing.input)` (the `cel` crate's lists extension
//!   has the same macro)
//! - `metadata_randomize`: `ai.models.filter(m, m.metadata.tier == 'premium').randomize()`
//!   (`randomize` registered in the `cel` crate as a native function, with the same kind of
//!   seeded generator)
//!
//! `three_strategies/switchyard/20` runs the three on 20 models per iteration, including making
//! the activation (binding `ai.models`, the random source) as a request would. The list is the
//! same from one iteration to the next, as the model list of a universe is from one request to
//! the next during a metrics refresh period (10 s): the first scans of a list keep the paths they
//! read in the list's projections (`value/projection.rs`), and later requests read those.
//! `three_strategies/switchyard_new_list/20` gives each iteration a new list of the same models
//! (a copy of the element references), as the first request after a refresh sees it: the
//! projections are made again each time.
#![allow(clippy::print_stdout, clippy::cast_precision_loss, reason = "a benchmark")]

#[path = "../tests/eval_support/mod.rs"]
mod eval_support;

use std::cell::RefCell;
use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rand::SeedableRng;
use rand::rngs::StdRng;
use switchyard_runtime::eval::{Activation, Program, vars};
use switchyard_runtime::objects::{AiModel, ErrorRate, MetricScope, Metrics, Pricing, TextPricing};
use switchyard_runtime::value::{Map, MapKey, Value};

const STRATEGIES: [(&str, &str); 3] = [
    (
        "filter",
        "ai.models.filter(m, m.provider_id == 'openai' && m.metrics.global.error_rate.total < 0.01)",
    ),
    ("sort_by_price", "ai.models.sortBy(m, m.pricing.input)"),
    ("metadata_randomize", "ai.models.filter(m, m.metadata.tier == 'premium').randomize()"),
];

const SIZES: [usize; 4] = [10, 20, 100, 1000];

const PROVIDERS: [&str; 4] = ["openai", "anthropic", "google", "mistral"];
const TIERS: [&str; 3] = ["premium", "standard", "free"];

/// The data of model `index`: provider, error rate, input price, tier.
fn model_data(index: usize) -> (&'static str, f64, f64, &'static str) {
    let provider = PROVIDERS[index % PROVIDERS.len()];
    let error_rate = (index % 7) as f64 * 0.004;
    let price = if index % 5 == 4 { 0.0 } else { 0.5 + (index * 37 % 23) as f64 };
    (provider, error_rate, price, TIERS[index % TIERS.len()])
}

fn native_models(count: usize) -> Value {
    Value::list((0..count).map(|index| {
        let (provider, error_rate, price, tier) = model_data(index);
        let metadata: Map = [(MapKey::from("tier"), Value::from(tier))].into_iter().collect();
        Value::object(AiModel {
            id: Value::from(format!("model-{index}")),
            provider_id: Value::from(provider),
            metadata: Value::Map(metadata),
            pricing: Value::object(Pricing {
                input: price.into(),
                text: Value::object(TextPricing { input: price.into(), ..TextPricing::default() }),
                ..Pricing::default()
            }),
            metrics: Value::object(Metrics {
                global: Value::object(MetricScope {
                    error_rate: Value::object(ErrorRate {
                        total: error_rate.into(),
                        ..ErrorRate::default()
                    }),
                    ..MetricScope::default()
                }),
                ..Metrics::default()
            }),
            position: index,
            ..AiModel::default()
        })
    }))
}

fn cel_models(count: usize) -> cel::Value {
    let models: Vec<cel::Value> = (0..count)
        .map(|index| {
            let (provider, error_rate, price, tier) = model_data(index);
            let map = |entries: Vec<(&str, cel::Value)>| -> cel::Value {
                entries
                    .into_iter()
                    .map(|(key, value)| (key.to_owned(), value))
                    .collect::<HashMap<_, _>>()
                    .into()
            };
            map(vec![
                ("id", format!("model-{index}").into()),
                ("provider_id", provider.into()),
                ("metadata", map(vec![("tier", tier.into())])),
                (
                    "pricing",
                    map(vec![
                        ("input", price.into()),
                        ("text", map(vec![("input", price.into())])),
                    ]),
                ),
                (
                    "metrics",
                    map(vec![(
                        "global",
                        map(vec![("error_rate", map(vec![("total", error_rate.into())]))]),
                    )]),
                ),
            ])
        })
        .collect();
    models.into()
}

fn link(source: &str) -> Program {
    let expr = eval_support::lower(source, eval_support::ENVS.model);
    Program::link(&expr, &eval_support::POLICY).expect("links")
}

/// A `cel` crate environment with the lists extension (for `sortBy`) and `randomize`.
fn cel_env() -> Arc<cel::Env> {
    let mut env = cel::Env::stdlib();
    env.add_extension(cel::extensions::lists).expect("lists extension");
    Arc::new(env)
}

fn cel_context(env: &Arc<cel::Env>, models: &cel::Value) -> cel::Context<'static, 'static> {
    let mut context = cel::Context::with_env(Arc::clone(env));
    let ai: HashMap<String, cel::Value> =
        [("models".to_owned(), models.clone())].into_iter().collect();
    context.add_variable_from_value("ai", ai);
    context
        .add_function(
            "randomize",
            |cel::extractors::This(list): cel::extractors::This<Arc<Vec<cel::Value>>>| {
                thread_local! {
                    static RANDOM: RefCell<StdRng> = RefCell::new(StdRng::seed_from_u64(7));
                }
                let mut items: Vec<cel::Value> = list.as_ref().clone();
                RANDOM.with(|random| {
                    let mut random = random.borrow_mut();
                    for last in (1..items.len()).rev() {
                        let other =
                            (rand::Rng::next_u64(&mut *random) % (last as u64 + 1)) as usize;
                        items.swap(last, other);
                    }
                });
                cel::Value::List(Arc::new(items))
            },
        )
        .expect("randomize");
    context
}

fn bench(c: &mut Criterion) {
    let programs: Vec<(&str, Program)> =
        STRATEGIES.iter().map(|(name, source)| (*name, link(source))).collect();
    let env = cel_env();
    let cel_programs: Vec<(&str, cel::Program)> = STRATEGIES
        .iter()
        .map(|(name, source)| (*name, env.compile(source).expect("cel compiles")))
        .collect();

    let mut group = c.benchmark_group("switchyard");
    for size in SIZES {
        let models = native_models(size);
        let random = RefCell::new(StdRng::seed_from_u64(7));
        let mut activation = Activation::new().with_random(&random);
        activation.set(vars::AI_MODELS, models);
        for (name, program) in &programs {
            assert!(program.eval(&activation).is_ok(), "{name}");
            group.bench_with_input(BenchmarkId::new(*name, size), &size, |b, _| {
                b.iter(|| program.eval(black_box(&activation)));
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("cel_crate");
    for size in SIZES {
        let models = cel_models(size);
        let context = cel_context(&env, &models);
        for (name, program) in &cel_programs {
            assert!(program.execute(&context).is_ok(), "{name}: {:?}", program.execute(&context));
            group.bench_with_input(BenchmarkId::new(*name, size), &size, |b, _| {
                b.iter(|| program.execute(black_box(&context)));
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("three_strategies");
    let models = native_models(20);
    let random = RefCell::new(StdRng::seed_from_u64(7));
    group.bench_function("switchyard/20", |b| {
        b.iter(|| {
            let mut activation = Activation::new().with_random(&random);
            activation.set(vars::AI_MODELS, models.clone());
            for (_, program) in &programs {
                black_box(program.eval(&activation).is_ok());
            }
        });
    });
    let elements: Vec<Value> =
        models.as_list().map(|list| list.iter().cloned().collect()).unwrap_or_default();
    group.bench_function("switchyard_new_list/20", |b| {
        b.iter(|| {
            let mut activation = Activation::new().with_random(&random);
            activation.set(vars::AI_MODELS, Value::list(elements.iter().cloned()));
            for (_, program) in &programs {
                black_box(program.eval(&activation).is_ok());
            }
        });
    });
    let cel_list = cel_models(20);
    let context = cel_context(&env, &cel_list);
    group.bench_function("cel_crate/20", |b| {
        b.iter(|| {
            for (_, program) in &cel_programs {
                black_box(program.execute(&context).is_ok());
            }
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
