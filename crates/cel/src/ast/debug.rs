//! A compact S-expression rendering of a tree, for tests and debugging.
//!
//! ```text
//! a.b + f(1, "s")       (_+_ a.b (f 1 "s"))
//! x.startsWith('/')     (x.startsWith "/")
//! has(a.b)              (has a.b)
//! [1, 2u] {1: 2.0}      [1, 2u] {1: 2.0}
//! M{f: 1}               M{f: 1}
//! l.all(x, p)           (fold x l @result true (@not_strictly_false @result) (_&&_ @result p) @result)
//! ```
//!
//! With [`DebugOptions::ids`] each node is followed by `#id`, with [`DebugOptions::spans`] by
//! `@start..end`, and by `^start..end` when its op span differs from its span.

use std::fmt::Write;

use super::{Ast, Constant, Expr, ExprKind};

/// What [`debug_string`] shows besides the tree.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct DebugOptions {
    /// Show each node's id.
    pub ids: bool,
    /// Show each node's span and op span.
    pub spans: bool,
}

/// Renders `ast` as an S-expression.
pub fn debug_string(ast: &Ast, options: DebugOptions) -> String {
    let mut out = String::new();
    Printer { ast, options, out: &mut out }.expr(&ast.root);
    out
}

struct Printer<'a> {
    ast: &'a Ast,
    options: DebugOptions,
    out: &'a mut String,
}

impl Printer<'_> {
    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Const(constant) => write_constant(self.out, constant),
            ExprKind::Ident(name) => self.out.push_str(name),
            ExprKind::Select(select) => {
                if select.test_only {
                    self.out.push_str("(has ");
                }
                self.expr(&select.operand);
                self.out.push('.');
                self.out.push_str(&select.field);
                if select.test_only {
                    self.out.push(')');
                }
            }
            ExprKind::Call(call) => {
                self.out.push('(');
                if let Some(target) = &call.target {
                    self.expr(target);
                    self.out.push('.');
                }
                self.out.push_str(&call.function);
                for arg in &call.args {
                    self.out.push(' ');
                    self.expr(arg);
                }
                self.out.push(')');
            }
            ExprKind::List(elements) => {
                self.out.push('[');
                self.list(elements.iter(), Printer::expr);
                self.out.push(']');
            }
            ExprKind::Map(entries) => {
                self.out.push('{');
                self.list(entries.iter(), |printer, entry| {
                    printer.expr(&entry.key);
                    printer.out.push_str(": ");
                    printer.expr(&entry.value);
                });
                self.out.push('}');
            }
            ExprKind::Struct(message) => {
                self.out.push_str(&message.name);
                self.out.push('{');
                self.list(message.fields.iter(), |printer, field| {
                    printer.out.push_str(&field.name);
                    printer.out.push_str(": ");
                    printer.expr(&field.value);
                });
                self.out.push('}');
            }
            ExprKind::Comprehension(comp) => {
                let _ = write!(self.out, "(fold {} ", comp.iter_var);
                if let Some(iter_var2) = &comp.iter_var2 {
                    let _ = write!(self.out, "{iter_var2} ");
                }
                self.expr(&comp.iter_range);
                let _ = write!(self.out, " {} ", comp.accu_var);
                for (index, part) in
                    [&comp.accu_init, &comp.loop_condition, &comp.loop_step, &comp.result]
                        .into_iter()
                        .enumerate()
                {
                    if index > 0 {
                        self.out.push(' ');
                    }
                    self.expr(part);
                }
                self.out.push(')');
            }
        }
        self.annotate(expr);
    }

    fn list<T>(&mut self, items: impl Iterator<Item = T>, mut each: impl FnMut(&mut Self, T)) {
        for (index, item) in items.enumerate() {
            if index > 0 {
                self.out.push_str(", ");
            }
            each(self, item);
        }
    }

    fn annotate(&mut self, expr: &Expr) {
        if self.options.ids {
            let _ = write!(self.out, "#{}", expr.id.0);
        }
        if self.options.spans {
            let span = self.ast.span(expr.id);
            let op = self.ast.op_span(expr.id);
            let _ = write!(self.out, "@{}..{}", span.start, span.end);
            if op != span {
                let _ = write!(self.out, "^{}..{}", op.start, op.end);
            }
        }
    }
}

fn write_constant(out: &mut String, constant: &Constant) {
    let _ = match constant {
        Constant::Null => write!(out, "null"),
        Constant::Bool(value) => write!(out, "{value}"),
        Constant::Int(value) => write!(out, "{value}"),
        Constant::Uint(value) => write!(out, "{value}u"),
        Constant::Double(value) => write!(out, "{value:?}"),
        Constant::String(value) => write!(out, "{value:?}"),
        Constant::Bytes(value) => write!(out, "b\"{}\"", value.escape_ascii()),
    };
}
