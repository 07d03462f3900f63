//! Key selection: three key strategies over 1, 5 and 20 keys, evaluated by the Switchyard runtime
//! and, as the baseline, by the `cel` crate 0.15 on the same data (keys as maps there, since it
//! has no declared object types).
//!
//! `cargo bench -p switchyard-runtime --bench keys`
//!
//! Strategies (spec/cel.md §5, spec/ai-gateway.md §5.6):
//! - `quota`: `ai.keys.filter(k, k.quota.remaining_requests > 10)`
//! - `sort_by_rate_limit`: `ai.keys.sortBy(k, k.error_rate.rate_limit)`
//! - `randomize`: `ai.keys.randomize()` (registered in the `cel` crate as a native function, with
//!   the same kind of seeded generator)
//!
//! Every key has a known quota: a `null` quota counts as "not matching" in the runtime, but is an
//! error that fails the whole expression in the `cel` crate.
//!
//! The groups `switchyard_keys` and `cel_crate_keys` measure the evaluation alone.
//! `three_key_strategies/switchyard/5` runs the three on 5 keys per iteration, including what the
//! gateway does for each model attempt: building the `AIKey` objects and making the activation
//! (binding `ai.keys`, `ai.model`, the random source); `three_key_strategies/cel_crate/5` builds
//! the `cel` crate's maps and context likewise.
#![allow(clippy::cast_precision_loss, reason = "small indexes as figures")]

#[path = "../tests/eval_support/mod.rs"]
mod eval_support;
mod support;

use std::cell::RefCell;
use std::hint::black_box;
use std::sync::Arc;

use criterion::Criterion;
use rand::SeedableRng;
use rand::rngs::StdRng;
use switchyard_runtime::eval::{Activation, Program, vars};
use switchyard_runtime::objects::{AiKey, AiModel, ErrorRate, Quota};
use switchyard_runtime::value::Value;

const STRATEGIES: [(&str, &str); 3] = [
    ("quota", "ai.keys.filter(k, k.quota.remaining_requests > 10)"),
    ("sort_by_rate_limit", "ai.keys.sortBy(k, k.error_rate.rate_limit)"),
    ("randomize", "ai.keys.randomize()"),
];

const SIZES: [usize; 3] = [1, 5, 20];

/// Remaining requests of the keys, in turn: two keys in five are (nearly) exhausted.
const REMAINING: [i64; 5] = [480, 3, 250, 0, 120];

/// A configured key and its metrics, as the gateway has them.
struct KeyData {
    /// A hash, as the gateway's ids.
    id: String,
    value: String,
    remaining_requests: i64,
    /// The rate of 429s.
    rate_limit: f64,
    /// The rate of all errors.
    total: f64,
}

fn key_data(count: usize) -> Vec<KeyData> {
    (0..count)
        .map(|index| {
            let rate_limit = (index % 4) as f64 * 0.1;
            KeyData {
                id: format!("{:016x}", (index as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                value: format!("sk-bench-{index:04}"),
                remaining_requests: REMAINING[index % REMAINING.len()],
                rate_limit,
                total: rate_limit + (index % 3) as f64 * 0.02,
            }
        })
        .collect()
}

fn native_keys(keys: &[KeyData]) -> Value {
    Value::list(keys.iter().enumerate().map(|(position, key)| {
        Value::object(AiKey {
            id: Value::from(key.id.as_str()),
            value: Value::from(key.value.as_str()),
            quota: Value::object(Quota {
                remaining_requests: key.remaining_requests.into(),
                limit_requests: 500_i64.into(),
                ..Quota::default()
            }),
            error_rate: Value::object(ErrorRate {
                total: key.total.into(),
                rate_limit: key.rate_limit.into(),
                ..ErrorRate::default()
            }),
            position,
        })
    }))
}

fn native_model() -> Value {
    Value::object(AiModel {
        id: Value::from("gpt-4o"),
        provider_id: Value::from("openai"),
        ..AiModel::default()
    })
}

fn cel_keys(keys: &[KeyData]) -> cel::Value {
    let keys: Vec<cel::Value> = keys
        .iter()
        .map(|key| {
            support::cel_map(vec![
                ("id", key.id.as_str().into()),
                ("value", key.value.as_str().into()),
                (
                    "quota",
                    support::cel_map(vec![
                        ("remaining_requests", key.remaining_requests.into()),
                        ("limit_requests", 500_i64.into()),
                    ]),
                ),
                (
                    "error_rate",
                    support::cel_map(vec![
                        ("total", key.total.into()),
                        ("rate_limit", key.rate_limit.into()),
                    ]),
                ),
            ])
        })
        .collect();
    keys.into()
}

fn cel_model() -> cel::Value {
    support::cel_map(vec![("id", "gpt-4o".into()), ("provider_id", "openai".into())])
}

fn link(source: &str) -> Program {
    let expr = eval_support::lower(source, eval_support::ENVS.key);
    Program::link(&expr, &eval_support::POLICY).expect("links")
}

fn cel_context(env: &Arc<cel::Env>, keys: cel::Value) -> cel::Context<'static, 'static> {
    support::cel_context(env, vec![("keys", keys), ("model", cel_model())])
}

fn bench(c: &mut Criterion) {
    let programs: Vec<Program> = STRATEGIES.iter().map(|(_, source)| link(source)).collect();
    let env = support::cel_env();
    let cel_programs: Vec<cel::Program> =
        STRATEGIES.iter().map(|(_, source)| env.compile(source).expect("cel compiles")).collect();

    let names = STRATEGIES.map(|(name, _)| name);
    let random = RefCell::new(StdRng::seed_from_u64(7));
    let activation = |size| {
        let mut activation = Activation::new().with_random(&random);
        activation.set(vars::AI_KEYS, native_keys(&key_data(size)));
        activation.set(vars::AI_MODEL, native_model());
        activation
    };
    support::by_size(c, "switchyard_keys", &SIZES, &names, activation, |activation, index| {
        programs[index].eval(activation).is_ok()
    });
    support::by_size(
        c,
        "cel_crate_keys",
        &SIZES,
        &names,
        |size| cel_context(&env, cel_keys(&key_data(size))),
        |context, index| cel_programs[index].execute(context).is_ok(),
    );

    let mut group = c.benchmark_group("three_key_strategies");
    let model = native_model();
    let keys = key_data(5);
    group.bench_function("switchyard/5", |b| {
        b.iter(|| {
            let mut activation = Activation::new().with_random(&random);
            activation.set(vars::AI_KEYS, native_keys(black_box(&keys)));
            activation.set(vars::AI_MODEL, model.clone());
            for program in &programs {
                black_box(program.eval(&activation).is_ok());
            }
        });
    });
    group.bench_function("cel_crate/5", |b| {
        b.iter(|| {
            let context = cel_context(&env, cel_keys(black_box(&keys)));
            for program in &cel_programs {
                black_box(program.execute(&context).is_ok());
            }
        });
    });
    group.finish();
}

fn main() {
    support::main(bench);
}
