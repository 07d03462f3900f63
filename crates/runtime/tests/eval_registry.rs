//! The registries cover what the checker resolves calls to, and linking fails cleanly.

mod eval_support;

use switchyard_cel::Env;
use switchyard_plan::expr::{Const, Expr};
use switchyard_runtime::eval::{LinkError, Program, Registry};

/// The overload ids of an environment.
fn overload_ids(env: &Env) -> Vec<String> {
    let mut ids: Vec<String> = env
        .functions()
        .flat_map(|function| function.overloads().iter().map(|overload| overload.id().to_owned()))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn the_standard_registry_has_every_standard_overload() {
    let ids = overload_ids(&Env::standard());
    assert!(ids.len() > 150, "found only {} ids", ids.len());
    let registry = Registry::standard();
    let missing: Vec<&String> = ids.iter().filter(|id| !registry.has_overload(id)).collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
}

#[test]
fn the_policy_registry_has_every_policy_overload() {
    let registry = Registry::policy();
    let mut ids: Vec<String> = overload_ids(eval_support::ENVS.model);
    ids.extend(overload_ids(eval_support::ENVS.key));
    ids.extend(overload_ids(eval_support::ENVS.response));
    let missing: Vec<&String> = ids.iter().filter(|id| !registry.has_overload(id)).collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
}

#[test]
fn the_policy_registry_has_every_object_type_and_field() {
    let registry = Registry::policy();
    let env = eval_support::ENVS.response;
    for name in eval_support::object_names() {
        let declared = env.object(name).unwrap_or_else(|| panic!("{name} not declared"));
        let ty = registry.object(name).unwrap_or_else(|| panic!("{name} not in the registry"));
        for (field, _) in declared.fields() {
            assert!(ty.slot(field).is_some(), "{name}.{field} not in the registry");
        }
        assert_eq!(ty.fields().len(), declared.fields().count(), "fields of {name}");
    }
}

#[test]
fn link_errors_are_values() {
    let registry = Registry::policy();
    let call = |id: &str, args: Vec<Expr>| Expr::Call {
        function: "f".into(),
        overloads: vec![id.into()],
        args,
    };
    let one = || Expr::Const(Const::Int(1));
    let cases = [
        (call("nope", vec![]), "unknown overload"),
        (call("add_int64", vec![one()]), "arguments"),
        (Expr::Call { function: "f".into(), overloads: vec![], args: vec![] }, "no overload"),
        (Expr::Var("nope".into()), "unknown variable"),
        (Expr::Local("x".into()), "outside its comprehension"),
        (
            Expr::Field {
                operand: Box::new(one()),
                object: "AIModel".into(),
                field: "nope".into(),
            },
            "no field",
        ),
        (Expr::Object { name: "Nope".into(), fields: vec![] }, "unknown object type"),
    ];
    for (expr, message) in cases {
        match Program::link(&expr, &registry) {
            Err(error) => assert!(error.to_string().contains(message), "{error} for {expr:?}"),
            Ok(_) => panic!("{expr:?} linked"),
        }
    }
    let mut deep = one();
    for _ in 0..10_000 {
        deep = Expr::List(vec![deep]);
    }
    assert!(matches!(Program::link(&deep, &registry), Err(LinkError::TooDeep)));
}

#[test]
fn the_runtime_depends_on_no_front_end_crate() {
    let manifest = include_str!("../Cargo.toml");
    let normal = manifest.split("[dev-dependencies]").next().unwrap_or(manifest);
    for front_end in ["switchyard-syntax", "switchyard-cel", "switchyard-compile"] {
        assert!(!normal.contains(front_end), "{front_end} is a normal dependency");
    }
}
