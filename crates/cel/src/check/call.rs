//! Calls: function resolution (namespaced names, receivers) and overload resolution, after
//! cel-go's `checkCall` and `resolveOverload`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::Arc;

use super::checker::Checker;
use switchyard_diagnostics::suggest;

use super::{Reference, TypeError, TypeErrorKind};
use crate::ast::{Call, Expr, ExprKind, MacroKind, operators};
use crate::env::{Function, Overload};
use crate::types::Type;

impl Checker<'_> {
    pub(super) fn check_call(&mut self, expr: &Expr, call: &Call) -> Type {
        let Some(target) = call.target.as_deref() else {
            for arg in &call.args {
                self.check(arg);
            }
            let env = self.env;
            let Some(function) = env.resolve_function(&call.function) else {
                return self.undeclared_function(expr, &call.function, false);
            };
            return self.resolve(expr, function, None, &call.args, false);
        };
        // `a.b.f(x)` is either function `a.b.f` or `f` with receiver `a.b`.
        if self.env.has_namespaced_function(&call.function)
            && let Some(prefix) = qualified_name(target)
        {
            let env = self.env;
            if let Some(function) = env.resolve_function(&format!("{prefix}.{}", call.function)) {
                for arg in &call.args {
                    self.check(arg);
                }
                return self.resolve(expr, function, None, &call.args, true);
            }
        }
        self.check(target);
        for arg in &call.args {
            self.check(arg);
        }
        let env = self.env;
        let Some(function) = env.resolve_function(&call.function) else {
            return self.undeclared_function(expr, &call.function, true);
        };
        self.resolve(expr, function, Some(target), &call.args, false)
    }

    fn undeclared_function(&mut self, expr: &Expr, name: &str, member: bool) -> Type {
        let candidates = self.env.functions().filter(|function| {
            let name = function.name();
            !name.starts_with(['_', '@', '!', '-'])
                && function.overloads().iter().any(|overload| overload.is_member() == member)
        });
        let names: Vec<&str> = candidates.map(Function::name).collect();
        let help = suggest::help(name, names.iter().copied());
        let span = self.ast.op_span(expr.id);
        let container = self.env.container();
        let mut message = format!("undeclared reference to '{name}'");
        if !container.is_empty() {
            let _ = write!(message, " (in container '{container}')");
        }
        let kind = TypeErrorKind::UndeclaredReference;
        self.error(TypeError::new(kind, span, message).with_help(help));
        Type::Error
    }

    /// Picks the overloads of `function` that the argument types match; the result type is that
    /// of the first, or `dyn` when matching overloads disagree.
    fn resolve(
        &mut self,
        expr: &Expr,
        function: &Function,
        target: Option<&Expr>,
        args: &[Expr],
        namespaced: bool,
    ) -> Type {
        // Scratch buffers: calls are resolved after their arguments, never while resolving.
        let mut arg_types = std::mem::take(&mut self.arg_buffer);
        arg_types.clear();
        for node in target.into_iter().chain(args) {
            arg_types.push(self.type_of(node.id));
        }
        let result = self.resolve_types(expr, function, target, args, &mut arg_types, namespaced);
        self.arg_buffer = arg_types;
        result
    }

    fn resolve_types(
        &mut self,
        expr: &Expr,
        function: &Function,
        target: Option<&Expr>,
        args: &[Expr],
        arg_types: &mut [Type],
        namespaced: bool,
    ) -> Type {
        let name = function.name();
        if matches!(name, operators::LOGICAL_AND | operators::LOGICAL_OR) {
            for node in target.into_iter().chain(args) {
                self.expect(node, &Type::Bool);
            }
            self.record(expr, function, vec![function.overloads()[0].id_arc().clone()], false);
            return Type::Bool;
        }
        if name == operators::CONDITIONAL && args.len() == 3 && !self.expect(&args[0], &Type::Bool)
        {
            arg_types[0] = Type::Error;
        }
        let member = target.is_some();
        let mut result: Option<Type> = None;
        let mut matched = Vec::new();
        let mut params = std::mem::take(&mut self.param_buffer);
        for overload in function.overloads() {
            if overload.is_member() != member
                || overload.params().len() != arg_types.len()
                || overload.params().iter().zip(&*arg_types).any(|(p, a)| clearly_distinct(a, p))
            {
                continue;
            }
            // A generic overload gets fresh type variables for its parameters.
            let (params, overload_result) = if overload.is_generic() {
                let first = self.fresh_vars(overload.type_params().len());
                let fresh = |ty: &Type| freshen(ty, overload.type_params(), first);
                params.clear();
                params.extend(overload.params().iter().map(fresh));
                (&params[..], Cow::Owned(fresh(overload.result())))
            } else {
                (overload.params(), Cow::Borrowed(overload.result()))
            };
            if null_mismatch(arg_types, params) || !self.subst.is_assignable_list(arg_types, params)
            {
                continue;
            }
            matched.push(overload.id_arc().clone());
            let overload_result = self.subst.substitute(&overload_result, false);
            result = match result {
                None => Some(overload_result),
                Some(previous) if !previous.is_dyn() && previous != overload_result => {
                    Some(Type::Dyn)
                }
                keep => keep,
            };
        }
        self.param_buffer = params;
        let Some(result) = result else {
            self.no_matching_overload(expr, function, member, arg_types);
            return Type::Error;
        };
        self.record(expr, function, matched, namespaced);
        result
    }

    fn record(&mut self, expr: &Expr, function: &Function, overloads: Vec<Arc<str>>, ns: bool) {
        let name = function.name_arc().clone();
        self.reference(expr.id, Reference::Function { name, overloads, namespaced: ns });
    }

    fn no_matching_overload(
        &mut self,
        expr: &Expr,
        function: &Function,
        member: bool,
        arg_types: &[Type],
    ) {
        let args: Vec<Type> = arg_types.iter().map(|ty| self.subst.substitute(ty, true)).collect();
        let name = function.name();
        if name == operators::SORT_BY_ASSOCIATED_KEYS && self.sort_key_error(expr, &args) {
            return;
        }
        let same_style: Vec<&Overload> =
            function.overloads().iter().filter(|o| o.is_member() == member).collect();
        let arity = |overload: &&Overload| overload.params().len() - usize::from(member);
        let given = args.len() - usize::from(member);
        let span = self.ast.op_span(expr.id);
        let (kind, message, candidates) = if same_style.is_empty() {
            let style = if member { "a global function" } else { "called on a receiver" };
            let message = format!("'{name}' is {style}");
            let other: Vec<&Overload> = function.overloads().iter().collect();
            (TypeErrorKind::NoMatchingOverload, message, other)
        } else if !same_style.iter().any(|o| arity(o) == given) {
            let mut counts: Vec<usize> = same_style.iter().map(arity).collect();
            counts.sort_unstable();
            counts.dedup();
            let expected: Vec<String> = counts.iter().map(ToString::to_string).collect();
            let message = format!(
                "wrong number of arguments to '{name}': expected {}, found {given}",
                expected.join(" or ")
            );
            (TypeErrorKind::WrongArity, message, same_style)
        } else {
            let message = format!(
                "found no matching overload for '{name}' applied to '{}'",
                cel_go_signature(member, &args)
            );
            (TypeErrorKind::NoMatchingOverload, message, same_style)
        };
        // The overloads that take some argument as given, if any: `double < double`,
        // `double < int`, `double < uint` for `1.5 < 'a'`, not all fourteen.
        let close: Vec<&Overload> =
            candidates
                .iter()
                .copied()
                .filter(|overload| {
                    overload.params().len() == args.len()
                        && overload.params().iter().zip(&args).any(|(param, arg)| {
                            !arg.is_dyn_or_error() && param.is_assignable_from(arg)
                        })
                })
                .collect();
        let candidates = if close.is_empty() { candidates } else { close };
        let signatures: Vec<String> =
            candidates.iter().map(|overload| overload.signature(name)).collect();
        let help = Some(format!("candidates:\n  {}", signatures.join("\n  ")));
        self.error(TypeError::new(kind, span, message).with_help(help));
    }

    /// `sortBy(x, key)` whose keys have no order, or whose receiver is no list.
    fn sort_key_error(&mut self, expr: &Expr, args: &[Type]) -> bool {
        let op_span = self.ast.op_span(expr.id);
        let ast = self.ast;
        let call = ast
            .macro_calls()
            .iter()
            .find(|call| call.kind == MacroKind::SortBy && ast.op_span(call.expansion) == op_span);
        let (Some(call), [receiver, keys]) = (call, args) else { return false };
        if receiver.list_elem().is_none() {
            let message = format!("sortBy() applies to a list, found '{receiver}'");
            self.error(TypeError::new(TypeErrorKind::NoMatchingOverload, op_span, message));
            return true;
        }
        let key = keys.list_elem().cloned().unwrap_or(Type::Dyn);
        let span = call.args.get(1).map_or(op_span, |id| ast.span(*id));
        let message = format!(
            "sortBy() key must be int, uint, double, string, bool, timestamp or duration, \
             found '{key}'"
        );
        self.error(TypeError::new(TypeErrorKind::UnorderableSortKey, span, message));
        true
    }
}

/// `ty` with the overload's type parameters replaced by fresh variables, numbered from `first`
/// in the order of `type_params`.
fn freshen(ty: &Type, type_params: &[Type], first: u32) -> Type {
    match ty {
        Type::Param(_) => match type_params.iter().position(|param| param == ty) {
            Some(index) => Type::fresh(first + index as u32),
            None => ty.clone(),
        },
        Type::List(elem) => Type::list(freshen(elem, type_params, first)),
        Type::Map(key, value) => {
            Type::map(freshen(key, type_params, first), freshen(value, type_params, first))
        }
        Type::Type(Some(denoted)) => Type::type_of(freshen(denoted, type_params, first)),
        Type::Wrapper(elem) => Type::wrapper(freshen(elem, type_params, first)),
        Type::Opaque(opaque) => {
            let params = opaque.params.iter().map(|p| freshen(p, type_params, first)).collect();
            Type::opaque(&opaque.name, params)
        }
        _ => ty.clone(),
    }
}

/// Whether a value of type `arg` can never be passed for a parameter of type `param`, whatever
/// the type parameters are bound to: a quick test before the full one.
fn clearly_distinct(arg: &Type, param: &Type) -> bool {
    let open = |ty: &Type| {
        matches!(ty, Type::Dyn | Type::Error | Type::Param(_) | Type::Null | Type::Wrapper(_))
    };
    if open(arg) || open(param) {
        return false;
    }
    match (arg, param) {
        (Type::Object(a), Type::Object(b)) => a != b,
        (Type::List(a), Type::List(b)) => clearly_distinct(a, b),
        (Type::Map(k1, v1), Type::Map(k2, v2)) => {
            clearly_distinct(k1, k2) || clearly_distinct(v1, v2)
        }
        _ => std::mem::discriminant(arg) != std::mem::discriminant(param),
    }
}

/// Whether `null` is passed for a parameter of a concrete type that has no null value.
///
/// cel-go lets `null` stand for a message, timestamp, duration or abstract value anywhere, for
/// compatibility with its first checker; then `null < null` checks as `less_timestamp` and fails
/// at run time. Switchyard keeps that leniency where a type parameter is bound (`[ts, null]`,
/// `msg == null`) but not for a parameter that names its type.
fn null_mismatch(args: &[Type], params: &[Type]) -> bool {
    args.iter().zip(params).any(|(arg, param)| {
        *arg == Type::Null
            && !matches!(
                param,
                Type::Null | Type::Dyn | Type::Error | Type::Param(_) | Type::Wrapper(_)
            )
    })
}

/// cel-go's rendering of the argument types of a call: `(int, string)`, `string.(int)`.
fn cel_go_signature(member: bool, args: &[Type]) -> String {
    let (receiver, args) = match args {
        [receiver, rest @ ..] if member => (Some(receiver), rest),
        _ => (None, args),
    };
    let list: Vec<String> = args.iter().map(ToString::to_string).collect();
    match receiver {
        Some(receiver) => format!("{receiver}.({})", list.join(", ")),
        None => format!("({})", list.join(", ")),
    }
}

/// `a.b` for a chain of field selections on an identifier.
fn qualified_name(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::Ident(name) => Some(name.to_string()),
        ExprKind::Select(select) if !select.test_only => {
            let mut prefix = qualified_name(&select.operand)?;
            prefix.push('.');
            prefix.push_str(&select.field);
            Some(prefix)
        }
        _ => None,
    }
}
