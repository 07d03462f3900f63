//! Shared by the runtime's benchmarks: the criterion settings, a group over sizes, and the
//! helpers of the `cel` crate baseline (maps of named fields, `randomize`).

#![allow(dead_code, unreachable_pub, reason = "each benchmark uses a part")]

use std::cell::RefCell;
use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Runs `bench` with the settings of every runtime benchmark (30 samples, each measured for a
/// second), and the command line's options: a benchmark's `main`.
pub fn main(bench: fn(&mut Criterion)) {
    let mut criterion = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
}

/// Benchmarks, in group `group`, `eval(data, index)` for each of `names` (by index) and each of
/// `sizes`, on the data `setup(size)` made outside the measured time; every evaluation must
/// succeed (return `true`) once before it is measured.
pub fn by_size<D>(
    c: &mut Criterion,
    group: &str,
    sizes: &[usize],
    names: &[&str],
    mut setup: impl FnMut(usize) -> D,
    eval: impl Fn(&D, usize) -> bool,
) {
    let mut group = c.benchmark_group(group);
    for &size in sizes {
        let data = setup(size);
        for (index, name) in names.iter().enumerate() {
            assert!(eval(&data, index), "{name}/{size}");
            group.bench_with_input(BenchmarkId::new(*name, size), &size, |b, _| {
                b.iter(|| eval(black_box(&data), index));
            });
        }
    }
    group.finish();
}

/// A `cel` crate map of named fields: the baseline has no declared object types.
pub fn cel_map(fields: Vec<(&str, cel::Value)>) -> cel::Value {
    fields
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect::<HashMap<_, _>>()
        .into()
}

/// A `cel` crate environment with the lists extension (for `sortBy`).
pub fn cel_env() -> Arc<cel::Env> {
    let mut env = cel::Env::stdlib();
    env.add_extension(cel::extensions::lists).expect("lists extension");
    Arc::new(env)
}

/// A context of `env` with the variable `ai` bound to `ai_fields`, and `randomize`.
pub fn cel_context(
    env: &Arc<cel::Env>,
    ai_fields: Vec<(&str, cel::Value)>,
) -> cel::Context<'static, 'static> {
    let mut context = cel::Context::with_env(Arc::clone(env));
    context.add_variable_from_value("ai", cel_map(ai_fields));
    context.add_function("randomize", randomize).expect("randomize");
    context
}

/// `list.randomize()` for the `cel` crate: a Fisher–Yates shuffle drawing from a seeded
/// generator, as the runtime's `randomize` does.
fn randomize(
    cel::extractors::This(list): cel::extractors::This<Arc<Vec<cel::Value>>>,
) -> cel::Value {
    thread_local! {
        static RANDOM: RefCell<StdRng> = RefCell::new(StdRng::seed_from_u64(7));
    }
    let mut items = list.as_ref().clone();
    RANDOM.with_borrow_mut(|random| {
        for last in (1..items.len()).rev() {
            let bound = u64::try_from(last + 1).unwrap_or(u64::MAX);
            let other = usize::try_from(rand::Rng::next_u64(random) % bound).unwrap_or(0);
            items.swap(last, other);
        }
    });
    cel::Value::List(Arc::new(items))
}
