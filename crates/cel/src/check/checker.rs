//! The checker's walk over the tree: constants, names, selections, literals, constructions and
//! comprehensions (calls are in [`super::call`]).

use std::fmt::Write as _;
use std::sync::Arc;

use switchyard_diagnostics::TextRange;

use super::{CheckedAst, Reference, TypeError, TypeErrorKind, suggest};
use crate::ast::{
    Ast, Comprehension, Constant, Expr, ExprId, ExprKind, MacroKind, MapEntry, Name, Select, Struct,
};
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
    locals: Vec<(Name, Type)>,
}

impl<'a> Checker<'a> {
    pub(super) fn run(ast: &'a Ast, env: &'a Env) -> (CheckedAst, Vec<TypeError>) {
        let mut checker = Checker {
            ast,
            env,
            types: vec![None; ast.id_count() as usize],
            references: Vec::new(),
            implicit_strings: Vec::new(),
            errors: Vec::new(),
            subst: Substitution::default(),
            next_var: 0,
            locals: Vec::new(),
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
    fn check_node(&mut self, expr: &Expr, operand: bool) {
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

    pub(super) fn reference(&mut self, id: ExprId, reference: Reference) {
        self.references.push((id, reference));
    }

    pub(super) fn error(&mut self, error: TypeError) {
        self.errors.push(error);
    }

    pub(super) fn fresh_var(&mut self) -> Type {
        self.next_var += 1;
        Type::fresh(self.next_var - 1)
    }

    pub(super) fn is_assignable(&mut self, from: &Type, to: &Type) -> bool {
        self.subst.is_assignable(from, to)
    }

    fn local(&self, name: &str) -> Option<&Type> {
        self.locals.iter().rev().find(|(local, _)| *local == name).map(|(_, ty)| ty)
    }

    fn check_ident(&mut self, id: ExprId, name: &Name) -> Type {
        if let Some(ty) = self.local(name).cloned() {
            self.reference(id, Reference::Local(name.clone()));
            return ty;
        }
        if let Some(ty) = self.resolve_global(id, name) {
            return ty;
        }
        let span = self.ast.span(id);
        self.undeclared(span, name, None);
        Type::Error
    }

    /// A global variable or type name, recorded as the node's reference.
    fn resolve_global(&mut self, id: ExprId, name: &str) -> Option<Type> {
        let (resolved, ty) = self.env.resolve_ident(name)?;
        let reference = match self.env.object(&resolved) {
            Some(_) if self.env.variable(&resolved).is_none() => Reference::Type(resolved.into()),
            _ => Reference::Variable(resolved.into()),
        };
        self.reference(id, reference);
        Some(ty)
    }

    pub(super) fn undeclared(&mut self, span: TextRange, name: &str, namespace: Option<&str>) {
        let locals = self.locals.iter().map(|(local, _)| local.as_str());
        let help = match namespace {
            Some(prefix) => {
                let under = self.env.variable_names().filter(|v| v.starts_with(prefix));
                suggest::help(name, under)
            }
            None if self.env.is_namespace(name) => {
                let mut under: Vec<&str> =
                    self.env.variable_names().filter(|v| v.starts_with(name)).collect();
                under.sort_unstable();
                under.truncate(5);
                let list: Vec<String> = under.iter().map(|v| format!("`{v}`")).collect();
                Some(format!("`{name}` is a namespace, not a value: {}", list.join(", ")))
            }
            None => {
                let globals = self.env.variable_names().chain(self.env.namespace_names());
                let simple = globals.filter(|n| !n.contains('.'));
                suggest::help(name, locals.chain(simple).filter(|n| !n.starts_with('@')))
            }
        };
        let container = self.env.container();
        let message = if container.is_empty() {
            format!("undeclared reference to '{name}'")
        } else {
            format!("undeclared reference to '{name}' (in container '{container}')")
        };
        self.error(
            TypeError::new(TypeErrorKind::UndeclaredReference, span, message).with_help(help),
        );
    }

    fn check_select(&mut self, expr: &Expr, select: &Select) -> Type {
        if !select.test_only
            && let Some(chain) = qualified_chain(expr)
        {
            return self.check_chain(&chain);
        }
        self.check_node(&select.operand, true);
        let operand = self.type_of(select.operand.id);
        let ty = self.select_field(expr.id, &operand, &select.field);
        if select.test_only { Type::Bool } else { ty }
    }

    /// A chain `a.b.c` of selections on an identifier: the longest prefix that names a global
    /// variable is that variable (cel-go's qualified name resolution), the rest are fields.
    /// `chain[0]` is the identifier, `chain[i]` the selection of the `i`-th field.
    fn check_chain(&mut self, chain: &[(&Expr, &Name)]) -> Type {
        let (root, root_name) = chain[0];
        let mut start = None;
        if root_name.starts_with('.') || self.local(root_name).is_none() {
            let mut qualified = root_name.to_string();
            let mut prefixes = Vec::with_capacity(chain.len());
            for (_, name) in &chain[1..] {
                qualified.push('.');
                qualified.push_str(name);
                prefixes.push(qualified.len());
            }
            for (i, &len) in prefixes.iter().enumerate().rev() {
                let id = chain[i + 1].0.id;
                if let Some(ty) = self.resolve_global(id, &qualified[..len]) {
                    self.set_type(id, ty, true);
                    start = Some(i + 2);
                    break;
                }
            }
            if start.is_none() && self.local(root_name).is_none() {
                start = Some(self.unresolved_chain(chain, &qualified, &prefixes));
            }
        }
        let start = start.unwrap_or_else(|| {
            self.check_node(root, true);
            1
        });
        for &(node, field) in &chain[start..] {
            let ExprKind::Select(select) = &node.kind else { continue };
            let operand = self.type_of(select.operand.id);
            let ty = self.select_field(node.id, &operand, field);
            self.set_type(node.id, ty, true);
        }
        let top = chain[chain.len() - 1].0.id;
        self.types[top.index()].take().unwrap_or(Type::Error)
    }

    /// A chain whose root is no variable: reports it, and returns where field selection resumes.
    fn unresolved_chain(
        &mut self,
        chain: &[(&Expr, &Name)],
        qualified: &str,
        prefixes: &[usize],
    ) -> usize {
        let root = chain[0].1;
        if self.env.resolve_ident(root).is_some() || !self.env.is_namespace(root) {
            self.check_node(chain[0].0, true);
            return 1;
        }
        // `ai.modles`: report the first part that is no namespace, with the names under it.
        let prefix_len = |k: usize| if k == 0 { root.len() } else { prefixes[k - 1] };
        let mut end = 1;
        while end < chain.len() && self.env.is_namespace(&qualified[..prefix_len(end)]) {
            end += 1;
        }
        let reported = end.min(chain.len() - 1);
        let name = &qualified[..prefix_len(reported)];
        let namespace_len = if end == chain.len() { name.len() } else { prefix_len(reported - 1) };
        let under = format!("{}.", &qualified[..namespace_len]);
        let span = self.ast.span(chain[reported].0.id);
        self.undeclared(span, name, Some(&under));
        for &(inner, _) in &chain[..=reported] {
            self.set_type(inner.id, Type::Error, true);
        }
        reported + 1
    }

    /// The type of `field` selected on a value of type `operand` (cel-go's `checkSelectField`).
    pub(super) fn select_field(&mut self, id: ExprId, operand: &Type, field: &Name) -> Type {
        match operand {
            Type::Map(_, value) => (**value).clone(),
            Type::Object(name) => {
                let Some(object) = self.env.object(name) else { return Type::Dyn };
                if let Some(ty) = object.field_type(field) {
                    let reference = Reference::Field { object: name.clone(), field: field.clone() };
                    self.reference(id, reference);
                    return ty.clone();
                }
                let help = suggest::help(field, object.fields().map(|(name, _)| name));
                let message = format!("no field `{field}` on type `{name}`");
                let span = self.field_span(id);
                self.error(
                    TypeError::new(TypeErrorKind::NoSuchField, span, message).with_help(help),
                );
                Type::Error
            }
            Type::Param(_) => {
                self.is_assignable(&Type::Dyn, operand);
                Type::Dyn
            }
            Type::Dyn | Type::Error => Type::Dyn,
            _ => {
                let message = format!("type '{operand}' does not support field selection");
                let span = self.field_span(id);
                let kind = TypeErrorKind::UnsupportedFieldSelection;
                self.error(TypeError::new(kind, span, message));
                Type::Error
            }
        }
    }

    /// The field name of a selection, also inside `has()` (whose node spans the macro name).
    fn field_span(&self, id: ExprId) -> TextRange {
        match self.ast.macro_call(id) {
            Some(call) if call.kind == MacroKind::Has && !call.args.is_empty() => {
                self.ast.op_span(call.args[0])
            }
            _ => self.ast.op_span(id),
        }
    }

    fn check_list(&mut self, elems: &[Expr]) -> Type {
        let mut elem_type: Option<Type> = None;
        for elem in elems {
            self.check(elem);
            let ty = self.type_of(elem.id);
            elem_type = Some(self.join(elem_type, ty));
        }
        let elem_type = elem_type.unwrap_or_else(|| self.fresh_var());
        Type::list(elem_type)
    }

    fn check_map(&mut self, entries: &[MapEntry]) -> Type {
        let (mut key_type, mut value_type) = (None, None);
        for entry in entries {
            self.check(&entry.key);
            let key = self.type_of(entry.key.id);
            if matches!(
                key,
                Type::Double
                    | Type::Null
                    | Type::Bytes
                    | Type::List(_)
                    | Type::Map(..)
                    | Type::Duration
                    | Type::Timestamp
                    | Type::Type(_)
                    | Type::Object(_)
                    | Type::Opaque(_)
            ) {
                let message = format!("unsupported map key type '{key}'");
                let span = self.ast.span(entry.key.id);
                let help = Some("map keys are `int`, `uint`, `bool` or `string`".to_owned());
                let kind = TypeErrorKind::InvalidMapKey;
                self.error(TypeError::new(kind, span, message).with_help(help));
            }
            key_type = Some(self.join(key_type, key));
            self.check(&entry.value);
            let value = self.type_of(entry.value.id);
            value_type = Some(self.join(value_type, value));
        }
        match (key_type, value_type) {
            (Some(key), Some(value)) => Type::map(key, value),
            _ => Type::map(self.fresh_var(), self.fresh_var()),
        }
    }

    /// The most general of the element types so far and the next one; `dyn` when they differ
    /// (cel-go's default for aggregate literals).
    fn join(&mut self, previous: Option<Type>, current: Type) -> Type {
        let Some(previous) = previous else { return current };
        if self.is_assignable(&previous, &current) {
            crate::types::most_general(&previous, &current)
        } else {
            Type::Dyn
        }
    }

    fn check_struct(&mut self, id: ExprId, message: &Struct) -> Type {
        let object = self.env.resolve_object(&message.name);
        let Some(object) = object else {
            for field in &message.fields {
                self.check(&field.value);
            }
            let span = self.ast.op_span(id);
            if self.env.resolve_ident(&message.name).is_some() {
                let text = format!("'{}' is not a message type", message.name);
                self.error(TypeError::new(TypeErrorKind::NotAnObjectType, span, text));
            } else {
                let help = suggest::help(&message.name, self.env.object_names());
                let container = self.env.container();
                let mut text = format!("undeclared reference to '{}'", message.name);
                if !container.is_empty() {
                    let _ = write!(text, " (in container '{container}')");
                }
                let kind = TypeErrorKind::UndeclaredReference;
                self.error(TypeError::new(kind, span, text).with_help(help));
            }
            return Type::Error;
        };
        let name: Arc<str> = object.name().into();
        self.reference(id, Reference::Object(name.clone()));
        for field in &message.fields {
            self.check(&field.value);
            let value = self.type_of(field.value.id);
            let span = self.ast.op_span(field.id);
            let Some(expected) = object.field_type(&field.name).cloned() else {
                let help = suggest::help(&field.name, object.fields().map(|(name, _)| name));
                let text = format!("no field `{}` on type `{name}`", field.name);
                self.error(TypeError::new(TypeErrorKind::NoSuchField, span, text).with_help(help));
                continue;
            };
            let reference = Reference::Field { object: name.clone(), field: field.name.clone() };
            self.reference(field.id, reference);
            if !self.is_assignable(&expected, &value) {
                let text = format!(
                    "expected type of field '{}' is '{expected}' but provided type is '{value}'",
                    field.name
                );
                self.error(TypeError::new(TypeErrorKind::TypeMismatch, span, text));
            }
        }
        object.instance_type()
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

fn constant_type(constant: &Constant) -> Type {
    match constant {
        Constant::Null => Type::Null,
        Constant::Bool(_) => Type::Bool,
        Constant::Int(_) => Type::Int,
        Constant::Uint(_) => Type::Uint,
        Constant::Double(_) => Type::Double,
        Constant::String(_) => Type::String,
        Constant::Bytes(_) => Type::Bytes,
    }
}

/// The nodes of `a.b.c`, identifier first, with their names; `None` unless `expr` is a chain of
/// field selections (no presence test) on an identifier.
fn qualified_chain(expr: &Expr) -> Option<Vec<(&Expr, &Name)>> {
    let mut chain = Vec::new();
    let mut node = expr;
    loop {
        match &node.kind {
            ExprKind::Select(select) if !select.test_only => {
                chain.push((node, &select.field));
                node = &select.operand;
            }
            ExprKind::Ident(name) => {
                chain.push((node, name));
                chain.reverse();
                return Some(chain);
            }
            _ => return None,
        }
    }
}
