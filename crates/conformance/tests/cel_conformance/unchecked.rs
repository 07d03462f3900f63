//! Lowering without the checker, for tests that disable checking: every call gets all the
//! overloads of its function with its arity as candidates (the runtime picks by the values'
//! kinds, as cel-go does unchecked), every selection is a lookup by name.

use switchyard_cel::Env;
use switchyard_cel::ast::{Constant, Expr, ExprKind};
use switchyard_plan::expr::{Const, Expr as PlanExpr, Fold};

pub(crate) fn lower(expr: &Expr, env: &Env) -> PlanExpr {
    Lowering { env, locals: Vec::new() }.expr(expr)
}

struct Lowering<'e> {
    env: &'e Env,
    locals: Vec<String>,
}

impl Lowering<'_> {
    fn expr(&mut self, expr: &Expr) -> PlanExpr {
        match &expr.kind {
            ExprKind::Const(constant) => PlanExpr::Const(match constant {
                Constant::Null => Const::Null,
                Constant::Bool(value) => Const::Bool(*value),
                Constant::Int(value) => Const::Int(*value),
                Constant::Uint(value) => Const::Uint(*value),
                Constant::Double(value) => Const::Double(*value),
                Constant::String(value) => Const::String(value.clone()),
                Constant::Bytes(value) => Const::Bytes(value.clone()),
            }),
            ExprKind::Ident(name) => {
                if self.locals.iter().any(|local| local == name.as_str()) {
                    PlanExpr::Local(name.to_string())
                } else {
                    self.global(name.as_str())
                }
            }
            ExprKind::Select(select) => {
                if !select.test_only
                    && let Some(path) = self.qualified(expr)
                    && self.resolves(&path)
                {
                    return self.global(&path);
                }
                let operand = Box::new(self.expr(&select.operand));
                let field = select.field.to_string();
                if select.test_only {
                    PlanExpr::Has { operand, field }
                } else {
                    PlanExpr::Key { operand, key: field }
                }
            }
            ExprKind::Call(call) => {
                let mut name = call.function.to_string();
                let mut args = Vec::new();
                let mut member = false;
                if let Some(target) = &call.target {
                    match self.qualified(target) {
                        Some(prefix) if self.function(&format!("{prefix}.{name}")).is_some() => {
                            name = format!("{prefix}.{name}");
                        }
                        _ => {
                            member = true;
                            args.push(self.expr(target));
                        }
                    }
                }
                args.extend(call.args.iter().map(|arg| self.expr(arg)));
                match (name.as_str(), args.len()) {
                    ("_&&_", 2) => {
                        let right = args.pop().map(Box::new);
                        let left = args.pop().map(Box::new);
                        if let (Some(left), Some(right)) = (left, right) {
                            return PlanExpr::And(left, right);
                        }
                        unreachable!()
                    }
                    ("_||_", 2) => {
                        let right = args.pop().map(Box::new);
                        let left = args.pop().map(Box::new);
                        if let (Some(left), Some(right)) = (left, right) {
                            return PlanExpr::Or(left, right);
                        }
                        unreachable!()
                    }
                    ("_?_:_", 3) => {
                        let otherwise =
                            Box::new(args.pop().unwrap_or(PlanExpr::Const(Const::Null)));
                        let then = Box::new(args.pop().unwrap_or(PlanExpr::Const(Const::Null)));
                        let condition =
                            Box::new(args.pop().unwrap_or(PlanExpr::Const(Const::Null)));
                        return PlanExpr::Conditional { condition, then, otherwise };
                    }
                    _ => {}
                }
                let overloads = self.function(&name).map_or_else(
                    || vec![format!("@unbound_{}", args.len())],
                    |function| {
                        function
                            .overloads()
                            .iter()
                            .filter(|overload| overload.params().len() == args.len())
                            .filter(|overload| !member || overload.is_member())
                            .map(|overload| overload.id().to_owned())
                            .collect()
                    },
                );
                PlanExpr::Call { function: name, overloads, args }
            }
            ExprKind::List(items) => {
                PlanExpr::List(items.iter().map(|item| self.expr(item)).collect())
            }
            ExprKind::Map(entries) => PlanExpr::Map(
                entries
                    .iter()
                    .map(|entry| (self.expr(&entry.key), self.expr(&entry.value)))
                    .collect(),
            ),
            ExprKind::Struct(message) => PlanExpr::Object {
                name: self.object_name(message.name.as_str()),
                fields: message
                    .fields
                    .iter()
                    .map(|field| (field.name.to_string(), self.expr(&field.value)))
                    .collect(),
            },
            ExprKind::Comprehension(fold) => {
                let range = self.expr(&fold.iter_range);
                let init = self.expr(&fold.accu_init);
                let pushed = 2 + usize::from(fold.iter_var2.is_some());
                self.locals.push(fold.accu_var.to_string());
                self.locals.push(fold.iter_var.to_string());
                if let Some(second) = &fold.iter_var2 {
                    self.locals.push(second.to_string());
                }
                let condition = self.expr(&fold.loop_condition);
                let step = self.expr(&fold.loop_step);
                let result = self.expr(&fold.result);
                self.locals.truncate(self.locals.len() - pushed);
                PlanExpr::Fold(Box::new(Fold {
                    iter_var: fold.iter_var.to_string(),
                    iter_var2: fold.iter_var2.as_ref().map(ToString::to_string),
                    range,
                    accu_var: fold.accu_var.to_string(),
                    init,
                    condition,
                    step,
                    result,
                }))
            }
        }
    }

    /// `a.b.c` as a dotted name, when it is one.
    fn qualified(&self, expr: &Expr) -> Option<String> {
        match &expr.kind {
            ExprKind::Ident(name) if !self.locals.iter().any(|local| local == name.as_str()) => {
                Some(name.to_string())
            }
            ExprKind::Select(select) if !select.test_only => {
                Some(format!("{}.{}", self.qualified(&select.operand)?, select.field))
            }
            _ => None,
        }
    }

    /// The names `name` stands for in the container, most specific first.
    fn candidates(&self, name: &str) -> Vec<String> {
        if let Some(absolute) = name.strip_prefix('.') {
            return vec![absolute.to_owned()];
        }
        let mut candidates = Vec::new();
        let mut container = self.env.container();
        while !container.is_empty() {
            candidates.push(format!("{container}.{name}"));
            container = container.rfind('.').map_or("", |dot| &container[..dot]);
        }
        candidates.push(name.to_owned());
        candidates
    }

    fn resolves(&self, name: &str) -> bool {
        self.candidates(name).iter().any(|candidate| {
            self.env.variable(candidate).is_some() || self.env.object(candidate).is_some()
        })
    }

    fn global(&self, name: &str) -> PlanExpr {
        for candidate in self.candidates(name) {
            if self.env.variable(&candidate).is_some() {
                return PlanExpr::Var(candidate);
            }
            if self.env.object(&candidate).is_some() {
                return PlanExpr::Type(candidate);
            }
        }
        PlanExpr::Var(name.to_owned())
    }

    fn object_name(&self, name: &str) -> String {
        self.candidates(name)
            .into_iter()
            .find(|candidate| self.env.object(candidate).is_some())
            .unwrap_or_else(|| name.to_owned())
    }

    fn function(&self, name: &str) -> Option<&switchyard_cel::env::Function> {
        self.candidates(name).iter().find_map(|candidate| self.env.function(candidate))
    }
}

/// The variables of `expr` that `registry` does not know.
pub(crate) fn unknown_variables(
    expr: &PlanExpr,
    registry: &switchyard_runtime::eval::Registry,
) -> Vec<String> {
    let mut names = Vec::new();
    collect(expr, &mut |name| {
        if registry.variable(name).is_none() && registry.constant(name).is_none() {
            names.push(name.to_owned());
        }
    });
    names
}

fn collect(expr: &PlanExpr, found: &mut dyn FnMut(&str)) {
    match expr {
        PlanExpr::Var(name) => found(name),
        PlanExpr::Const(_) | PlanExpr::Local(_) | PlanExpr::Type(_) => {}
        PlanExpr::Field { operand, .. }
        | PlanExpr::Key { operand, .. }
        | PlanExpr::Has { operand, .. } => {
            collect(operand, found);
        }
        PlanExpr::Text(operand) => collect(operand, found),
        PlanExpr::Call { args, .. } | PlanExpr::List(args) => {
            for arg in args {
                collect(arg, found);
            }
        }
        PlanExpr::And(left, right) | PlanExpr::Or(left, right) => {
            collect(left, found);
            collect(right, found);
        }
        PlanExpr::Conditional { condition, then, otherwise } => {
            collect(condition, found);
            collect(then, found);
            collect(otherwise, found);
        }
        PlanExpr::Map(entries) => {
            for (key, value) in entries {
                collect(key, found);
                collect(value, found);
            }
        }
        PlanExpr::Object { fields, .. } => {
            for (_, value) in fields {
                collect(value, found);
            }
        }
        PlanExpr::Fold(fold) => {
            for part in [&fold.range, &fold.init, &fold.condition, &fold.step, &fold.result] {
                collect(part, found);
            }
        }
    }
}
