//! The checker's state and walk over the tree, and comprehensions; names are in
//! [`super::names`], literals in [`super::literals`], calls in [`super::call`].

use super::literals::constant_type;
use super::{CheckedAst, Reference, TypeError, TypeErrorKind};
use crate::ast::{Ast, Comprehension, Expr, ExprId, ExprKind, Name};
use crate::env::{Env, ObjectType};
use crate::types::{Substitution, Type};

pub(crate) struct Checker<'a> {
    pub(super) ast: &'a Ast,
    pub(super) env: &'a Env,
    types: Vec<Option<Type>>,
    references: Vec<(ExprId, Reference)>,
    implicit_strings: Vec<ExprId>,
    errors: Vec<TypeError>,
    pub(super) subst: Substitution,
    next_var: u32,
    /// Comprehension variables in scope, innermost last.
    pub(super) locals: Vec<(Name, Type)>,
    /// Reused by overload resolution for the argument types and the parameter types.
    pub(super) arg_buffer: Vec<Type>,
    pub(super) param_buffer: Vec<Type>,
}

impl<'a> Checker<'a> {
    pub(super) fn run(ast: &'a Ast, env: &'a Env) -> (CheckedAst, Vec<TypeError>) {
        let mut checker = Checker {
            ast,
            env,
            types: vec![None; ast.id_count() as usize],
            references: Vec::with_capacity(ast.id_count() as usize / 2),
            implicit_strings: Vec::new(),
            errors: Vec::new(),
            subst: Substitution::default(),
            next_var: 0,
            locals: Vec::with_capacity(4),
            arg_buffer: Vec::with_capacity(4),
            param_buffer: Vec::with_capacity(4),
        };
        checker.check(ast.root());
        let Checker { mut types, mut references, mut implicit_strings, mut errors, subst, .. } =
            checker;
        for ty in types.iter_mut().flatten() {
            if ty.has_params() {
                *ty = subst.substitute(ty, true);
            }
        }
        references.sort_by_key(|(id, _)| *id);
        implicit_strings.sort_unstable();
        errors.sort_by_key(|error| (error.span.start, error.span.end));
        let result = CheckedAst { root: ast.root().id, types, references, implicit_strings };
        (result, errors)
    }

    /// Checks `expr` as a value.
    pub(super) fn check(&mut self, expr: &Expr) {
        self.check_node(expr, false);
    }

    /// Checks `expr`; an `operand` of a field selection keeps a string-like object type.
    pub(super) fn check_node(&mut self, expr: &Expr, operand: bool) {
        let ty = match &expr.kind {
            ExprKind::Const(constant) => constant_type(constant),
            ExprKind::Ident(name) => self.check_ident(expr.id, name),
            ExprKind::Select(select) => self.check_select(expr, select),
            ExprKind::Call(call) => self.check_call(expr, call),
            ExprKind::List(elems) => self.check_list(elems),
            ExprKind::Map(entries) => self.check_map(entries),
            ExprKind::Struct(message) => self.check_struct(expr.id, message),
            ExprKind::Comprehension(comprehension) => self.check_comprehension(comprehension),
        };
        self.set_type(expr.id, ty, operand);
    }

    pub(super) fn set_type(&mut self, id: ExprId, ty: Type, operand: bool) {
        let ty = match &ty {
            Type::Object(name)
                if !operand && self.env.object(name).is_some_and(ObjectType::is_string_like) =>
            {
                self.implicit_strings.push(id);
                Type::String
            }
            _ => ty,
        };
        if let Some(slot) = self.types.get_mut(id.index()) {
            *slot = Some(ty);
        }
    }

    /// The type of a checked node, as far as it is known now.
    pub(super) fn type_of(&self, id: ExprId) -> Type {
        match self.types.get(id.index()) {
            Some(Some(ty)) => self.subst.substitute(ty, false),
            _ => Type::Error,
        }
    }

    /// The type recorded for a node, taken out to be recorded again.
    pub(super) fn take_type(&mut self, id: ExprId) -> Type {
        self.types.get_mut(id.index()).and_then(Option::take).unwrap_or(Type::Error)
    }

    pub(super) fn reference(&mut self, id: ExprId, reference: Reference) {
        self.references.push((id, reference));
    }

    pub(super) fn error(&mut self, error: TypeError) {
        self.errors.push(error);
    }

    pub(super) fn fresh_var(&mut self) -> Type {
        Type::fresh(self.fresh_vars(1))
    }

    /// Reserves `n` fresh type variables; returns the number of the first.
    pub(super) fn fresh_vars(&mut self, n: usize) -> u32 {
        self.next_var += n as u32;
        self.next_var - n as u32
    }

    pub(super) fn is_assignable(&mut self, from: &Type, to: &Type) -> bool {
        self.subst.is_assignable(from, to)
    }

    fn check_comprehension(&mut self, comprehension: &Comprehension) -> Type {
        let Comprehension { iter_var, iter_var2, iter_range, accu_var, accu_init, .. } =
            comprehension;
        self.check(iter_range);
        self.check(accu_init);
        let range = self.type_of(iter_range.id);
        let accu = self.type_of(accu_init.id);
        // One variable: the list element or map key; two: the index and element, or the key and
        // value.
        let (var, var2) = match &range {
            Type::List(elem) if iter_var2.is_some() => (Type::Int, (**elem).clone()),
            Type::List(elem) => ((**elem).clone(), Type::Error),
            Type::Map(key, value) => ((**key).clone(), (**value).clone()),
            Type::Dyn | Type::Error | Type::Param(_) => {
                self.is_assignable(&Type::Dyn, &range);
                (Type::Dyn, Type::Dyn)
            }
            _ => {
                let message = format!(
                    "expression of type '{range}' cannot be range of a comprehension \
                     (must be list, map, or dynamic)"
                );
                let span = self.ast.span(iter_range.id);
                self.error(TypeError::new(TypeErrorKind::NotIterable, span, message));
                (Type::Error, Type::Error)
            }
        };
        self.locals.push((accu_var.clone(), accu.clone()));
        self.locals.push((iter_var.clone(), var));
        if let Some(iter_var2) = iter_var2 {
            self.locals.push((iter_var2.clone(), var2));
        }
        self.check(&comprehension.loop_condition);
        self.expect(&comprehension.loop_condition, &Type::Bool);
        self.check(&comprehension.loop_step);
        self.expect(&comprehension.loop_step, &accu);
        self.locals.truncate(self.locals.len() - 1 - usize::from(iter_var2.is_some()));
        self.check(&comprehension.result);
        self.locals.pop();
        self.type_of(comprehension.result.id)
    }

    /// Reports a type mismatch unless the node's type is assignable to `expected`.
    pub(super) fn expect(&mut self, expr: &Expr, expected: &Type) -> bool {
        let actual = self.type_of(expr.id);
        if self.is_assignable(expected, &actual) {
            return true;
        }
        let expected = self.subst.substitute(expected, true);
        let actual = self.subst.substitute(&actual, true);
        let message = format!("expected type '{expected}' but found '{actual}'");
        let span = self.ast.span(expr.id);
        self.error(TypeError::new(TypeErrorKind::TypeMismatch, span, message));
        false
    }
}
