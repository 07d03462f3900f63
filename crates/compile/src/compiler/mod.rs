//! Policy AST → routing plan, for a policy that checked without errors.
//!
//! The plan mirrors the policy: phases, rules and actions in order, each with its [`Origin`];
//! every expression is lowered once into [`Plan::expressions`] and referred to by id.
//! Compilation is deterministic: the same policy gives the same plan, byte for byte.

mod actions;
mod gateway;
mod values;

use std::collections::HashMap;

use switchyard_cel::ast::Ast;
use switchyard_cel::check::CheckedAst;
use switchyard_diagnostics::{SourceFile, TextRange};
use switchyard_plan::expr::Expression;
use switchyard_plan::{Action, ExprId, FORMAT_VERSION, Origin, Phase, PhaseKind, Plan, Rule};
use switchyard_syntax::ast::{self, CelSource, Policy};

/// What the compiler knows of one source file and its checked expressions.
pub(crate) struct Compiler<'a> {
    file: &'a SourceFile,
    checked: HashMap<*const CelSource, (&'a Ast, &'a CheckedAst)>,
    expressions: Vec<Expression>,
}

impl<'a> Compiler<'a> {
    pub(crate) fn new(
        file: &'a SourceFile,
        checked: HashMap<*const CelSource, (&'a Ast, &'a CheckedAst)>,
    ) -> Self {
        Compiler { file, checked, expressions: Vec::new() }
    }

    /// Compiles a policy whose every expression is in `checked`.
    pub(crate) fn compile(mut self, policy: &Policy) -> Plan {
        let mut phases = Vec::new();
        for phase in policy.phases() {
            let key = phase.kind.as_str();
            let rules = phase
                .rules
                .iter()
                .enumerate()
                .map(|(index, rule)| self.rule(rule, &format!("{key}[{index}]")))
                .collect();
            phases.push(Phase { kind: phase_kind(phase.kind), rules });
        }
        Plan { format_version: FORMAT_VERSION, phases, expressions: self.expressions }
    }

    fn rule(&mut self, rule: &ast::Rule, path: &str) -> Rule {
        let conditions = rule
            .expressions
            .iter()
            .enumerate()
            .map(|(index, source)| self.expression(source, &format!("{path}.expressions[{index}]")))
            .collect();
        let actions = rule
            .actions
            .iter()
            .enumerate()
            .map(|(index, action)| {
                let path =
                    if rule.bare { path.to_owned() } else { format!("{path}.actions[{index}]") };
                Action { kind: self.action(action, &path), origin: self.origin(action.span, &path) }
            })
            .collect();
        Rule {
            name: rule.name.as_ref().map(|name| name.node.clone()),
            conditions,
            actions,
            origin: self.origin(rule.span, path),
        }
    }

    /// Lowers an expression into the plan and returns its id.
    pub(crate) fn expression(&mut self, source: &CelSource, path: &str) -> ExprId {
        let (ast, checked) = self.checked[&std::ptr::from_ref(source)];
        let expr = crate::lower::lower(ast, checked);
        let origin = self.origin(source.full_range(), path);
        self.expressions.push(Expression { source: source.text.clone(), origin, expr });
        ExprId(self.expressions.len() as u32 - 1)
    }

    pub(crate) fn origin(&self, range: TextRange, path: &str) -> Origin {
        let position = self.file.line_col(range.start);
        Origin {
            file: self.file.name().to_owned(),
            start: range.start,
            end: range.end,
            line: position.line,
            column: position.column,
            path: path.to_owned(),
        }
    }
}

fn phase_kind(kind: ast::PhaseKind) -> PhaseKind {
    match kind {
        ast::PhaseKind::TcpConnect => PhaseKind::OnTcpConnect,
        ast::PhaseKind::HttpRequest => PhaseKind::OnHttpRequest,
        ast::PhaseKind::HttpResponse => PhaseKind::OnHttpResponse,
        ast::PhaseKind::EventStreamMessage => PhaseKind::OnEventStreamMessage,
    }
}
