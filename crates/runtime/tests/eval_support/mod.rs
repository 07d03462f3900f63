//! Shared by the evaluator's tests: the policy environments of the compiler (built from its own
//! declaration tables), and parse → check → lower → link → eval in one call.

#![allow(dead_code, unreachable_pub, reason = "each test file uses a part")]

use std::sync::LazyLock;

use switchyard_cel::Env;
use switchyard_compile::env::{EnvKind, policy_env};
use switchyard_plan::expr::Expr;
use switchyard_runtime::eval::{Activation, Error, Program, Registry};
use switchyard_runtime::value::Value;

/// The names of the policy object types.
pub(crate) fn object_names() -> Vec<&'static str> {
    policy_env(EnvKind::Response).objects().map(switchyard_cel::env::ObjectType::name).collect()
}

/// The environments of the policy compiler (a rule on a response, model and key strategies).
pub struct PolicyEnvs {
    pub response: &'static Env,
    pub model: &'static Env,
    pub key: &'static Env,
}

pub static ENVS: LazyLock<PolicyEnvs> = LazyLock::new(|| PolicyEnvs {
    response: policy_env(EnvKind::Response),
    model: policy_env(EnvKind::ModelStrategy),
    key: policy_env(EnvKind::KeyStrategy),
});

pub static POLICY: LazyLock<Registry> = LazyLock::new(Registry::policy);

/// Parses, checks and lowers `source` in `env`; panics with the front end's errors.
#[track_caller]
pub fn lower(source: &str, env: &Env) -> Expr {
    let (ast, errors) = switchyard_cel::parse(source);
    let Some(ast) = ast else { panic!("{source}: {errors:?}") };
    let (checked, errors) = switchyard_cel::check(&ast, env);
    assert!(
        errors.is_empty(),
        "{source}: {:?}",
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    switchyard_compile::lower::lower(&ast, &checked)
}

/// Lowers `source` in `env`, links it against the policy registry and evaluates it.
#[track_caller]
pub fn eval_in(source: &str, env: &Env, activation: &Activation<'_>) -> Result<Value, Error> {
    let expr = lower(source, env);
    let program = Program::link(&expr, &POLICY).unwrap_or_else(|error| panic!("{source}: {error}"));
    program.eval(activation)
}
