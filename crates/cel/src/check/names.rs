//! Names and field selections: identifiers, qualified variable names (`ai.models`), fields of
//! objects and maps, and the errors for undeclared names and missing fields.

use switchyard_diagnostics::TextRange;

use super::checker::Checker;
use switchyard_diagnostics::suggest;

use super::{Reference, TypeError, TypeErrorKind};
use crate::ast::{Expr, ExprId, ExprKind, MacroKind, Name, Select};
use crate::types::Type;

impl Checker<'_> {
    pub(super) fn local(&self, name: &str) -> Option<&Type> {
        self.locals.iter().rev().find(|(local, _)| *local == name).map(|(_, ty)| ty)
    }

    pub(super) fn check_ident(&mut self, id: ExprId, name: &Name) -> Type {
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
        let (resolved, ty, is_type) = self.env.resolve_ident(name)?;
        let reference =
            if is_type { Reference::Type(resolved) } else { Reference::Variable(resolved) };
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

    pub(super) fn check_select(&mut self, expr: &Expr, select: &Select) -> Type {
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
        self.take_type(top)
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
