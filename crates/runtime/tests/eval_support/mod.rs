//! Shared by the evaluator's tests: the policy environments of the compiler (built from its own
//! declaration tables), and parse → check → lower → link → eval in one call.

#![allow(dead_code, unreachable_pub, reason = "each test file uses a part")]

#[path = "../../../compile/src/env/functions.rs"]
#[allow(clippy::all, clippy::pedantic)]
pub(crate) mod functions;
#[path = "../../../compile/src/env/objects.rs"]
#[allow(clippy::all, clippy::pedantic)]
mod objects;
#[path = "../../../compile/src/env/types.rs"]
#[allow(clippy::all, clippy::pedantic, unused_imports)]
mod types;

use std::sync::LazyLock;

use switchyard_cel::Env;
use switchyard_cel::env::{ObjectType, Overload};
use switchyard_plan::expr::Expr;
use switchyard_runtime::eval::{Activation, Error, Program, Registry};
use switchyard_runtime::value::Value;

use functions::FunctionDecl;

/// The names of the policy object types.
pub(crate) fn object_names() -> Vec<&'static str> {
    objects::OBJECTS.iter().map(|object| object.name).collect()
}

/// Every overload id of the policy environments.
pub(crate) fn policy_overload_ids() -> Vec<&'static str> {
    [functions::COMMON, functions::REQUEST, functions::RESPONSE, functions::MODEL, functions::KEY]
        .iter()
        .flat_map(|decls| decls.iter().map(|decl| decl.id))
        .collect()
}

/// The environments of `switchyard_compile::env` (rule on a response, model and key strategies),
/// built the same way from the same tables.
pub struct PolicyEnvs {
    pub response: Env,
    pub model: Env,
    pub key: Env,
}

pub static ENVS: LazyLock<PolicyEnvs> = LazyLock::new(|| {
    let mut base = Env::standard();
    for object in objects::OBJECTS {
        let mut declared = ObjectType::new(object.name);
        for (field, ty) in object.fields {
            declared = declared.field(field, types::parse_type(ty));
        }
        if object.string_like {
            declared = declared.string_like();
        }
        base.declare_object(declared);
    }
    for (name, ty) in [
        ("conn", "Connection"),
        ("endpoint", "Endpoint"),
        ("time", "Time"),
        ("vars", "map(string, dyn)"),
        ("req", "Request"),
        ("actions", "Actions"),
    ] {
        base.declare_variable(name, types::parse_type(ty));
    }
    declare(&mut base, functions::COMMON);
    declare(&mut base, functions::REQUEST);
    let mut response = base.clone();
    response.declare_variable("res", types::parse_type("Response"));
    declare(&mut response, functions::RESPONSE);
    let mut model = base.clone();
    model.declare_variable("ai.models", types::parse_type("list(AIModel)"));
    model.declare_variable("ai.providers", types::parse_type("list(AIProvider)"));
    model.declare_variable("ai.authors", types::parse_type("list(AIAuthor)"));
    declare(&mut model, functions::MODEL);
    let mut key = base;
    key.declare_variable("ai.keys", types::parse_type("list(AIKey)"));
    key.declare_variable("ai.model", types::parse_type("AIModel"));
    declare(&mut key, functions::KEY);
    PolicyEnvs { response, model, key }
});

fn declare(env: &mut Env, decls: &[FunctionDecl]) {
    for decl in decls {
        let params: Vec<_> = decl.params.iter().map(|ty| types::parse_type(ty)).collect();
        let result = types::parse_type(decl.result);
        let overload = if decl.member {
            Overload::member(decl.id, &params, result)
        } else {
            Overload::global(decl.id, &params, result)
        };
        env.declare_function(decl.name, [overload]);
    }
}

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
