//! Assignability and unification of types with type parameters, after cel-go's
//! `checker/types.go` (`internalIsAssignable`, `isValidTypeSubstitution`, `mostGeneral`,
//! `substitute`).
//!
//! A [`Substitution`] binds type parameters to types. Bindings are only added, newer ones shadow
//! older ones, and a failed assignability test takes back what it added, so trying an overload
//! costs no copy of the map (cel-go copies it).

use std::sync::Arc;

use super::{OpaqueType, Type, TypeParam};

/// Bindings of type parameters, made while checking one expression.
#[derive(Clone, Default, Debug)]
pub(crate) struct Substitution {
    /// Newest last; a later binding of the same parameter shadows an earlier one.
    bindings: Vec<(TypeParam, Type)>,
}

impl Substitution {
    fn find(&self, param: &TypeParam) -> Option<&Type> {
        self.bindings.iter().rev().find(|(bound, _)| bound == param).map(|(_, ty)| ty)
    }

    fn bind(&mut self, param: &TypeParam, ty: Type) {
        self.bindings.push((param.clone(), ty));
    }

    /// Whether a value of type `from` may be used where `to` is expected; on success the
    /// bindings that made it so are kept.
    pub(crate) fn is_assignable(&mut self, from: &Type, to: &Type) -> bool {
        let mark = self.bindings.len();
        let ok = self.assignable(from, to);
        if !ok {
            self.bindings.truncate(mark);
        }
        ok
    }

    /// [`Substitution::is_assignable`] for each pair; all or nothing.
    pub(crate) fn is_assignable_list(&mut self, from: &[Type], to: &[Type]) -> bool {
        let mark = self.bindings.len();
        let ok = from.len() == to.len() && from.iter().zip(to).all(|(f, t)| self.assignable(f, t));
        if !ok {
            self.bindings.truncate(mark);
        }
        ok
    }

    fn assignable(&mut self, t1: &Type, t2: &Type) -> bool {
        if let Type::Param(p2) = t2 {
            let (valid, bound) = self.valid_substitution(t1, p2, t2);
            if valid {
                return true;
            }
            if bound {
                return false;
            }
        }
        if let Type::Param(p1) = t1 {
            return self.valid_substitution(t2, p1, t1).0;
        }
        if t1.is_dyn_or_error() || t2.is_dyn_or_error() {
            return true;
        }
        if *t1 == Type::Null {
            return is_nullable(t2);
        }
        if *t2 == Type::Null {
            return is_nullable(t1);
        }
        match (t1, t2) {
            (Type::Type(_), _) => matches!(t2, Type::Type(_)),
            (Type::List(e1), Type::List(e2)) => self.assignable(e1, e2),
            (Type::Map(k1, v1), Type::Map(k2, v2)) => {
                self.assignable(k1, k2) && self.assignable(v1, v2)
            }
            (Type::Opaque(o1), Type::Opaque(o2)) => {
                o1.name == o2.name
                    && o1.params.len() == o2.params.len()
                    && o1.params.iter().zip(&o2.params).all(|(a, b)| self.assignable(a, b))
            }
            (Type::List(_) | Type::Map(..) | Type::Opaque(_), _) => false,
            _ => accepts(t2, t1),
        }
    }

    /// Whether `t2` (a type parameter, or what it is bound to) can stand for `t1`, and whether
    /// `t2` was bound already. Binds `t2` when it was not.
    fn valid_substitution(&mut self, t1: &Type, p2: &TypeParam, t2: &Type) -> (bool, bool) {
        if t1 == t2 {
            return (true, true);
        }
        if let Some(sub) = self.find(p2).cloned() {
            if *t1 == sub {
                return (true, true);
            }
            if self.assignable(t1, &sub) {
                let general = most_general(t1, &sub);
                if self.not_referenced_in(p2, &general) {
                    self.bind(p2, general.clone());
                }
                return (true, true);
            }
            return (false, true);
        }
        if self.not_referenced_in(p2, t1) {
            self.bind(p2, t1.clone());
            return (true, false);
        }
        (false, false)
    }

    /// The occurs check: whether `param` appears in `within`, directly or through bindings.
    fn not_referenced_in(&self, param: &TypeParam, within: &Type) -> bool {
        match within {
            Type::Param(other) if other == param => false,
            Type::Param(other) => {
                self.find(other).is_none_or(|sub| self.not_referenced_in(param, sub))
            }
            Type::List(elem) | Type::Wrapper(elem) => self.not_referenced_in(param, elem),
            Type::Map(key, value) => {
                self.not_referenced_in(param, key) && self.not_referenced_in(param, value)
            }
            Type::Type(Some(denoted)) => self.not_referenced_in(param, denoted),
            Type::Opaque(opaque) => opaque.params.iter().all(|p| self.not_referenced_in(param, p)),
            _ => true,
        }
    }

    /// `ty` with every bound parameter replaced by what it is bound to; unbound parameters become
    /// `dyn` when `unbound_to_dyn`.
    pub(crate) fn substitute(&self, ty: &Type, unbound_to_dyn: bool) -> Type {
        if !ty.has_params() {
            return ty.clone();
        }
        match ty {
            Type::Param(param) => match self.find(param) {
                Some(sub) => self.substitute(sub, unbound_to_dyn),
                None if unbound_to_dyn => Type::Dyn,
                None => ty.clone(),
            },
            Type::List(elem) => Type::List(Arc::new(self.substitute(elem, unbound_to_dyn))),
            Type::Wrapper(elem) => Type::Wrapper(Arc::new(self.substitute(elem, unbound_to_dyn))),
            Type::Map(key, value) => Type::Map(
                Arc::new(self.substitute(key, unbound_to_dyn)),
                Arc::new(self.substitute(value, unbound_to_dyn)),
            ),
            Type::Type(Some(denoted)) => {
                Type::Type(Some(Arc::new(self.substitute(denoted, unbound_to_dyn))))
            }
            Type::Opaque(opaque) => Type::Opaque(Arc::new(OpaqueType {
                name: opaque.name.clone(),
                params: opaque.params.iter().map(|p| self.substitute(p, unbound_to_dyn)).collect(),
            })),
            _ => ty.clone(),
        }
    }
}

/// cel-go's `Type.IsAssignableType`: whether `target` accepts `from` without unification.
fn accepts(target: &Type, from: &Type) -> bool {
    match target {
        Type::Dyn | Type::Param(_) => true,
        Type::Wrapper(primitive) => *from == Type::Null || accepts(primitive, from),
        _ => {
            let from = match from {
                Type::Wrapper(primitive) => primitive,
                other => other,
            };
            match (target, from) {
                (Type::List(a), Type::List(b)) => accepts(a, b),
                (Type::Map(k1, v1), Type::Map(k2, v2)) => accepts(k1, k2) && accepts(v1, v2),
                (Type::Opaque(a), Type::Opaque(b)) => {
                    a.name == b.name
                        && a.params.len() == b.params.len()
                        && a.params.iter().zip(&b.params).all(|(x, y)| accepts(x, y))
                }
                (Type::Type(_), Type::Type(_)) => true,
                (Type::Object(a), Type::Object(b)) => a == b,
                _ => std::mem::discriminant(target) == std::mem::discriminant(from),
            }
        }
    }
}

/// Whether `null` may be used where `ty` is expected: wrappers, and for compatibility with the
/// first CEL checkers, messages, abstract types, timestamps and durations.
fn is_nullable(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Null
            | Type::Dyn
            | Type::Error
            | Type::Param(_)
            | Type::Wrapper(_)
            | Type::Object(_)
            | Type::Opaque(_)
            | Type::Duration
            | Type::Timestamp
    )
}

/// The more general of two types known to unify.
pub(crate) fn most_general(t1: &Type, t2: &Type) -> Type {
    if is_equal_or_less_specific(t1, t2) { t1.clone() } else { t2.clone() }
}

/// Whether `t1` is `t2` or less specific (it matches `t2` through `dyn` or a parameter).
///
/// Unlike cel-go, `null` is more specific than any type that accepts it and a primitive more
/// specific than its wrapper, so that `[msg, null]` is a `list(Msg)` and `[wrapped, 1]` a
/// `list(wrapper(int))` whatever the order (cel-spec's `type_deduction` tests expect this).
fn is_equal_or_less_specific(t1: &Type, t2: &Type) -> bool {
    if matches!(t1, Type::Dyn | Type::Param(_)) {
        return true;
    }
    if matches!(t2, Type::Dyn | Type::Param(_)) {
        return false;
    }
    match (t1, t2) {
        (_, Type::Null) | (Type::Type(_), Type::Type(_)) => true,
        (Type::Null, _) => false,
        (Type::Wrapper(a), b) if **a == *b => true,
        (a, Type::Wrapper(b)) if *a == **b => false,
        (Type::List(a), Type::List(b)) => is_equal_or_less_specific(a, b),
        (Type::Map(k1, v1), Type::Map(k2, v2)) => {
            is_equal_or_less_specific(k1, k2) && is_equal_or_less_specific(v1, v2)
        }
        (Type::Opaque(a), Type::Opaque(b)) => {
            a.name == b.name
                && a.params.len() == b.params.len()
                && a.params.iter().zip(&b.params).all(|(x, y)| is_equal_or_less_specific(x, y))
        }
        _ => t1 == t2,
    }
}
