//! Linking and evaluating arbitrary plans never panics: random expression trees (well-formed or
//! not, with real and made-up overload ids, fields, variables and values) either fail to link
//! with a `LinkError` or evaluate to a value or an error.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use switchyard_plan::expr::{Const, Expr, Fold};
use switchyard_runtime::eval::{Activation, Program, Registry, vars};
use switchyard_runtime::objects::{AiModel, Request};
use switchyard_runtime::secrets::MapSecretStore;
use switchyard_runtime::value::Value;

/// A small deterministic generator (splitmix64), so that a failure names its seed.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const NAMES: &[&str] = &["x", "y", "@result", "m", "id", "provider_id", "metadata", "tier", "nope"];
const VARS: &[&str] = &["req", "ai.models", "ai.keys", "vars", "int", "nope", "conn"];
const OBJECTS: &[&str] = &["AIModel", "Request", "Url", "Metrics", "ErrorRate", "Nope"];
const FIELDS: &[&str] =
    &["id", "provider_id", "metrics", "global", "error_rate", "total", "url", "host", "x"];

fn constant(generator: &mut Gen) -> Const {
    match generator.below(9) {
        0 => Const::Null,
        1 => Const::Bool(generator.below(2) == 0),
        2 => Const::Int(*generator.pick(&[0, 1, -1, i64::MAX, i64::MIN, 42])),
        3 => Const::Uint(*generator.pick(&[0, 1, u64::MAX])),
        4 => Const::Double(*generator.pick(&[0.0, -0.0, 1.5, f64::NAN, f64::INFINITY, 1e300])),
        5 => Const::String(
            (*generator.pick(&[
                "",
                "a",
                "é🙂",
                "1h30m",
                "10.0.0.0/8",
                "[(",
                "2024-01-01T00:00:00Z",
                "a.b",
                "%s %d",
            ]))
            .to_owned(),
        ),
        6 => Const::Bytes(vec![0xff, 0, 0x41]),
        7 => Const::String("x".repeat(generator.below(4))),
        _ => Const::Int((generator.next() % 5).cast_signed() - 2),
    }
}

fn expr(generator: &mut Gen, ids: &[String], depth: usize) -> Expr {
    let leaf = depth == 0 || generator.below(4) == 0;
    if leaf {
        return match generator.below(4) {
            0 => Expr::Var((*generator.pick(VARS)).to_owned()),
            1 => Expr::Local((*generator.pick(NAMES)).to_owned()),
            2 => Expr::Type((*generator.pick(OBJECTS)).to_owned()),
            _ => Expr::Const(constant(generator)),
        };
    }
    let sub = |generator: &mut Gen| Box::new(expr(generator, ids, depth - 1));
    match generator.below(12) {
        0 => Expr::Field {
            operand: sub(generator),
            object: (*generator.pick(OBJECTS)).to_owned(),
            field: (*generator.pick(FIELDS)).to_owned(),
        },
        1 => Expr::Key { operand: sub(generator), key: (*generator.pick(FIELDS)).to_owned() },
        2 => Expr::Has { operand: sub(generator), field: (*generator.pick(FIELDS)).to_owned() },
        3 => Expr::Text(sub(generator)),
        4 | 5 => {
            let count = 1 + generator.below(3);
            let overloads = (0..count).map(|_| generator.pick(ids).clone()).collect();
            let args = (0..generator.below(5)).map(|_| *sub(generator)).collect();
            Expr::Call { function: "f".into(), overloads, args }
        }
        6 => Expr::And(sub(generator), sub(generator)),
        7 => Expr::Or(sub(generator), sub(generator)),
        8 => Expr::Conditional {
            condition: sub(generator),
            then: sub(generator),
            otherwise: sub(generator),
        },
        9 => Expr::List((0..generator.below(4)).map(|_| *sub(generator)).collect()),
        10 => {
            Expr::Map((0..generator.below(3)).map(|_| (*sub(generator), *sub(generator))).collect())
        }
        _ => Expr::Fold(Box::new(Fold {
            iter_var: (*generator.pick(NAMES)).to_owned(),
            iter_var2: (generator.below(3) == 0).then(|| (*generator.pick(NAMES)).to_owned()),
            range: *sub(generator),
            accu_var: "@result".to_owned(),
            init: *sub(generator),
            condition: *sub(generator),
            step: *sub(generator),
            result: *sub(generator),
        })),
    }
}

#[test]
fn random_plans_never_panic() {
    let registry = Registry::policy();
    let mut ids: Vec<String> = registry.overload_ids().map(str::to_owned).collect();
    ids.sort();
    ids.push("nope".to_owned());
    let secrets: MapSecretStore = [("default", "k", "v")].into_iter().collect();
    let random = RefCell::new(StdRng::seed_from_u64(3));
    let mut activation = Activation::new().with_random(&random).with_secrets(&secrets);
    let model = Value::object(AiModel { id: "m".into(), ..AiModel::default() });
    activation.set(vars::AI_MODELS, vec![model.clone(), model].into());
    activation.set(vars::REQ, Value::object(Request::default()));
    let (mut linked, mut evaluated) = (0, 0);
    for seed in 0..20_000_u64 {
        let mut generator = Gen(seed);
        let tree = expr(&mut generator, &ids, 5);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let program = Program::link(&tree, &registry).ok()?;
            Some(program.eval(&activation).is_ok())
        }));
        let Ok(outcome) = outcome else { panic!("seed {seed} panicked: {tree:?}") };
        if let Some(ok) = outcome {
            linked += 1;
            evaluated += usize::from(ok);
        }
        // Keep the random source usable between runs.
        let _ = random.borrow_mut().next_u64();
    }
    assert!(linked > 300 && evaluated > 100, "linked {linked}, evaluated {evaluated}");
}
