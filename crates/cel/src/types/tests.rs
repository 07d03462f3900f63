//! The type lattice: printing, assignability, unification and joins.

use super::{Substitution, Type, most_general};

fn list(ty: Type) -> Type {
    Type::list(ty)
}

fn map(key: Type, value: Type) -> Type {
    Type::map(key, value)
}

#[test]
fn types_print_as_cel_writes_them() {
    for (ty, expected) in [
        (Type::Int, "int"),
        (Type::Uint, "uint"),
        (Type::Null, "null_type"),
        (Type::Timestamp, "timestamp"),
        (list(Type::String), "list(string)"),
        (map(Type::String, Type::Dyn), "map(string, dyn)"),
        (map(Type::String, list(Type::object("AIModel"))), "map(string, list(AIModel))"),
        (Type::type_of(Type::Int), "type(int)"),
        (Type::Type(None), "type"),
        (Type::wrapper(Type::Int), "wrapper(int)"),
        (Type::opaque("optional_type", vec![Type::param("A")]), "optional_type(A)"),
        (Type::opaque("unit", vec![]), "unit"),
        (Type::fresh(3), "_var3"),
        (Type::Error, "error"),
    ] {
        assert_eq!(ty.to_string(), expected);
    }
}

#[test]
fn assignability() {
    let model = Type::object("AIModel");
    let a = Type::param("A");
    for (to, from, expected) in [
        (Type::Int, Type::Int, true),
        (Type::Int, Type::Uint, false),
        (Type::Double, Type::Int, false),
        (Type::Dyn, Type::Int, true),
        (Type::Int, Type::Dyn, true),
        (Type::Int, Type::Error, true),
        (list(Type::Dyn), list(Type::Int), true),
        (list(Type::Int), list(Type::Dyn), true),
        (list(Type::Int), list(Type::String), false),
        (list(Type::Int), Type::Int, false),
        (map(Type::String, Type::Dyn), map(Type::String, Type::Int), true),
        (map(Type::String, Type::Int), map(Type::Int, Type::Int), false),
        (model.clone(), model.clone(), true),
        (model.clone(), Type::object("AIKey"), false),
        (model.clone(), Type::Bool, false),
        (list(model.clone()), list(Type::Dyn), true),
        // Wrappers take their primitive and null, and give their primitive.
        (Type::wrapper(Type::Int), Type::Int, true),
        (Type::Int, Type::wrapper(Type::Int), true),
        (Type::wrapper(Type::Int), Type::Null, true),
        (Type::wrapper(Type::Int), Type::wrapper(Type::String), false),
        // Null: wrappers, and for compatibility messages, timestamps, durations, abstract types.
        (Type::Int, Type::Null, false),
        (Type::String, Type::Null, false),
        (model.clone(), Type::Null, true),
        (Type::Timestamp, Type::Null, true),
        (Type::opaque("optional_type", vec![Type::Int]), Type::Null, true),
        // Type values are assignable whatever they denote.
        (Type::type_of(Type::Int), Type::type_of(Type::String), true),
        (Type::Type(None), Type::type_of(Type::Int), true),
        (Type::type_of(Type::Int), Type::Int, false),
        (
            Type::opaque("optional_type", vec![Type::Int]),
            Type::opaque("optional_type", vec![Type::String]),
            false,
        ),
        // A type parameter stands for any type.
        (a.clone(), Type::Int, true),
        (list(a.clone()), list(Type::Int), true),
        (Type::Int, a, true),
    ] {
        assert_eq!(to.is_assignable_from(&from), expected, "{to} from {from}");
    }
}

#[test]
fn unification_binds_parameters_once() {
    let a = Type::param("A");
    let mut subst = Substitution::default();
    // `_==_(A, A)` applied to (list(int), list(int)) then (int, string).
    let params = [a.clone(), a.clone()];
    assert!(subst.is_assignable_list(&[list(Type::Int), list(Type::Int)], &params));
    assert_eq!(subst.substitute(&a, false), list(Type::Int));
    let mut subst = Substitution::default();
    assert!(!subst.is_assignable_list(&[Type::Int, Type::String], &params));
    // A failed attempt leaves no binding behind.
    assert_eq!(subst.substitute(&a, false), a);
    assert_eq!(subst.substitute(&a, true), Type::Dyn);
    // dyn generalizes a binding: (int, dyn) binds A to dyn.
    assert!(subst.is_assignable_list(&[Type::Int, Type::Dyn], &params));
    assert_eq!(subst.substitute(&a, true), Type::Dyn);
    // The occurs check: A cannot be list(A).
    let mut subst = Substitution::default();
    assert!(!subst.is_assignable(&list(a.clone()), &a));
    // Nested parameters resolve through each other.
    let b = Type::param("B");
    let mut subst = Substitution::default();
    assert!(subst.is_assignable(&list(b.clone()), &a));
    assert!(subst.is_assignable(&Type::Int, &b));
    assert_eq!(subst.substitute(&map(Type::String, a), false), map(Type::String, list(Type::Int)));
}

#[test]
fn joins_pick_the_most_general_type() {
    let model = Type::object("AIModel");
    let wrapped = Type::wrapper(Type::Int);
    for (t1, t2, expected) in [
        (Type::Int, Type::Int, Type::Int),
        (Type::Dyn, Type::Int, Type::Dyn),
        (Type::Int, Type::Dyn, Type::Dyn),
        (list(Type::Dyn), list(Type::Int), list(Type::Dyn)),
        (list(Type::Int), list(Type::Dyn), list(Type::Dyn)),
        (wrapped.clone(), Type::Int, wrapped.clone()),
        (Type::Int, wrapped.clone(), wrapped.clone()),
        (model.clone(), Type::Null, model.clone()),
        (Type::Null, model.clone(), model),
        (Type::Null, wrapped.clone(), wrapped),
    ] {
        assert_eq!(most_general(&t1, &t2), expected, "join of {t1} and {t2}");
    }
}
