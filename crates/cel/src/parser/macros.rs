//! Macro expansion, as cel-go does it, plus Switchyard's `sortBy(x, key)`.
//!
//! The nodes a macro creates (accumulator references, initial values, the operators of the
//! step) span the whole macro call and have the macro name as op span; the arguments keep their
//! own spans. The expansion is recorded in the macro-call table.

use switchyard_diagnostics::TextRange;

use super::{PResult, Parser};
use crate::ast::{
    ACCUMULATOR, Call, Comprehension, Constant, Expr, ExprKind, MacroCall, MacroKind, Name,
    SORT_BY_INPUT, Select, UNUSED_ITER_VAR, operators,
};
use crate::error::{ParseError, ParseErrorKind};

/// Where the generated nodes of one expansion point.
#[derive(Clone, Copy)]
struct Site {
    call: TextRange,
    name: TextRange,
    /// The iteration variable as written; `filter` refers to it again.
    iter_var: TextRange,
}

impl<'a> Parser<'a> {
    /// A global call `name(args)`, or the `has` macro.
    #[inline(never)]
    pub(super) fn global_call_or_macro(
        &mut self,
        name: Name,
        name_span: TextRange,
        args: Vec<Expr>,
        start: u32,
    ) -> PResult<Expr> {
        let span = self.span_from(start);
        if name != "has" {
            return self.node(
                ExprKind::Call(Call { target: None, function: name, args }),
                span,
                name_span,
            );
        }
        if args.len() != 1 {
            let message = format!("has() takes exactly one argument but got {}", args.len());
            self.macro_error(
                span,
                message,
                "write `has(a.b)` to test whether field `b` of `a` is set",
            );
            return self.node(
                ExprKind::Call(Call { target: None, function: name, args }),
                span,
                name_span,
            );
        }
        let mut args = args;
        let Some(arg) = args.pop() else { return Err(self.missing_argument(span)) };
        let arg_ids = vec![arg.id];
        match arg.kind {
            ExprKind::Select(select) if !select.test_only => {
                let test = Select { test_only: true, ..select };
                let expr = self.node(ExprKind::Select(test), span, name_span)?;
                self.record(&expr, MacroKind::Has, None, arg_ids);
                Ok(expr)
            }
            kind => {
                let arg_span = self.nodes[arg.id.index()].span;
                self.macro_error(
                    arg_span,
                    "invalid argument to has() macro".to_owned(),
                    "has() takes a field selection: `has(a.b)`, `has(m.metadata.tier)`",
                );
                let args = vec![Expr { id: arg.id, kind }];
                self.node(
                    ExprKind::Call(Call { target: None, function: name, args }),
                    span,
                    name_span,
                )
            }
        }
    }

    /// A receiver call `target.name(args)`, or one of the comprehension macros.
    #[inline(never)]
    pub(super) fn receiver_call_or_macro(
        &mut self,
        target: Expr,
        name: &'a str,
        name_span: TextRange,
        args: Vec<Expr>,
        start: u32,
    ) -> PResult<Expr> {
        let span = self.span_from(start);
        let kind = match name {
            "all" => Some(MacroKind::All),
            "exists" => Some(MacroKind::Exists),
            "exists_one" => Some(MacroKind::ExistsOne),
            // cel-go's two-variable comprehensions.
            "existsOne" if args.len() == 3 => Some(MacroKind::ExistsOne),
            "transformList" => Some(MacroKind::TransformList),
            "transformMap" => Some(MacroKind::TransformMap),
            "transformMapEntry" => Some(MacroKind::TransformMapEntry),
            "map" => Some(MacroKind::Map),
            "filter" => Some(MacroKind::Filter),
            // `sortBy('price')` is an ordinary method.
            "sortBy" if args.len() == 2 => Some(MacroKind::SortBy),
            _ => None,
        };
        let arity_ok = match kind {
            None => true,
            Some(MacroKind::Map | MacroKind::All | MacroKind::Exists | MacroKind::ExistsOne) => {
                matches!(args.len(), 2 | 3)
            }
            Some(
                MacroKind::TransformList | MacroKind::TransformMap | MacroKind::TransformMapEntry,
            ) => matches!(args.len(), 3 | 4),
            Some(_) => args.len() == 2,
        };
        let two_vars = match kind {
            Some(MacroKind::All | MacroKind::Exists | MacroKind::ExistsOne) => args.len() == 3,
            Some(
                MacroKind::TransformList | MacroKind::TransformMap | MacroKind::TransformMapEntry,
            ) => true,
            _ => false,
        };
        let var_ok = arity_ok
            && kind.is_some()
            && self.check_iter_var(&args[0], name)
            && (!two_vars || self.check_second_var(&args[0], &args[1], name));
        let (Some(kind), true) = (kind, var_ok) else {
            if !arity_ok {
                let expected = match name {
                    "map" | "all" | "exists" | "exists_one" => "2 or 3 arguments",
                    "transformList" | "transformMap" | "transformMapEntry" => "3 or 4 arguments",
                    _ => "2 arguments",
                };
                let usage = match name {
                    "map" => {
                        "`list.map(x, transform)` or `list.map(x, predicate, transform)`".to_owned()
                    }
                    "transformList" | "transformMap" | "transformMapEntry" => format!(
                        "`m.{name}(k, v, transform)` or `m.{name}(k, v, predicate, transform)`"
                    ),
                    _ => format!("`list.{name}(x, predicate)`"),
                };
                self.macro_error(
                    span,
                    format!("{name}() takes {expected} but got {}", args.len()),
                    &format!("the first argument names each element: {usage}"),
                );
            }
            let function = Name::new(name);
            let call = Call { target: Some(Box::new(target)), function, args };
            return self.node(ExprKind::Call(call), span, name_span);
        };
        let site = Site { call: span, name: name_span, iter_var: name_span };
        let target_id = target.id;
        let arg_ids = args.iter().map(|arg| arg.id).collect();
        let mut args = args.into_iter();
        let iter_var_span =
            args.as_slice().first().map_or(site.name, |arg| self.nodes[arg.id.index()].span);
        let iter_var = match args.next().map(|arg| arg.kind) {
            Some(ExprKind::Ident(name)) => name,
            _ => Name::new_static(""),
        };
        let site = Site { iter_var: iter_var_span, ..site };
        let iter_var2 = match two_vars.then(|| args.next()).flatten().map(|arg| arg.kind) {
            Some(ExprKind::Ident(name)) => Some(name),
            _ => None,
        };
        let args: Vec<Expr> = args.collect();
        let expr = match kind {
            MacroKind::SortBy => self.expand_sort_by(site, target, iter_var, args)?,
            MacroKind::TransformList | MacroKind::TransformMap | MacroKind::TransformMapEntry => {
                self.expand_transform(site, kind, target, iter_var, iter_var2, args)?
            }
            _ => self.expand_fold(site, kind, target, iter_var, iter_var2, args)?,
        };
        self.record(&expr, kind, Some(target_id), arg_ids);
        Ok(expr)
    }

    /// The iteration variable must be a simple name; reports otherwise.
    #[cold]
    #[inline(never)]
    fn check_iter_var(&mut self, arg: &Expr, macro_name: &str) -> bool {
        if let ExprKind::Ident(name) = &arg.kind
            && !name.starts_with('.')
        {
            return true;
        }
        let span = self.nodes[arg.id.index()].span;
        self.macro_error(
            span,
            "argument must be a simple name".to_owned(),
            &format!("the first argument of {macro_name}() names each element, as `x` in `list.{macro_name}(x, ...)`"),
        );
        false
    }

    /// The arity was checked before expanding, so this does not happen; it is here so that the
    /// parser has no panicking path.
    #[cold]
    fn missing_argument(&mut self, span: TextRange) -> super::Stop {
        self.error(ParseErrorKind::InvalidMacroCall, span, "macro call without its arguments")
    }

    /// The second variable of a two-variable comprehension: a simple name, not the first one.
    #[cold]
    #[inline(never)]
    fn check_second_var(&mut self, first: &Expr, second: &Expr, macro_name: &str) -> bool {
        if !self.check_iter_var(second, macro_name) {
            return false;
        }
        match (&first.kind, &second.kind) {
            (ExprKind::Ident(a), ExprKind::Ident(b)) if a == b => {
                let span = self.nodes[second.id.index()].span;
                self.macro_error(
                    span,
                    format!("duplicate variable name: {b}"),
                    &format!("name the key (or index) and the value differently: `{macro_name}(k, v, ...)`"),
                );
                false
            }
            _ => true,
        }
    }

    #[cold]
    #[inline(never)]
    fn macro_error(&mut self, span: TextRange, message: String, help: &str) {
        self.push_error(
            ParseError::new(ParseErrorKind::InvalidMacroCall, span, message).with_help(help),
        );
    }

    fn record(
        &mut self,
        expansion: &Expr,
        kind: MacroKind,
        target: Option<crate::ast::ExprId>,
        args: Vec<crate::ast::ExprId>,
    ) {
        // Expansions are made after their arguments, so ids arrive in increasing order.
        self.macro_calls.push(MacroCall { expansion: expansion.id, kind, target, args });
    }

    /// `all`, `exists`, `exists_one`, `map` and `filter`, as cel-go expands them; `all`, `exists`
    /// and `exists_one` also with two variables.
    fn expand_fold(
        &mut self,
        site: Site,
        kind: MacroKind,
        target: Expr,
        iter_var: Name,
        iter_var2: Option<Name>,
        mut args: Vec<Expr>,
    ) -> PResult<Expr> {
        let Some(last) = args.pop() else { return Err(self.missing_argument(site.call)) };
        let (init, condition, step, result) = match kind {
            MacroKind::All => {
                let init = self.constant(site, Constant::Bool(true))?;
                let accu = self.accu(site)?;
                let condition =
                    self.generated_call(site, operators::NOT_STRICTLY_FALSE, vec![accu])?;
                let accu = self.accu(site)?;
                let step = self.generated_call(site, operators::LOGICAL_AND, vec![accu, last])?;
                (init, condition, step, self.accu(site)?)
            }
            MacroKind::Exists => {
                let init = self.constant(site, Constant::Bool(false))?;
                let accu = self.accu(site)?;
                let not = self.generated_call(site, operators::LOGICAL_NOT, vec![accu])?;
                let condition =
                    self.generated_call(site, operators::NOT_STRICTLY_FALSE, vec![not])?;
                let accu = self.accu(site)?;
                let step = self.generated_call(site, operators::LOGICAL_OR, vec![accu, last])?;
                (init, condition, step, self.accu(site)?)
            }
            MacroKind::ExistsOne => {
                let init = self.constant(site, Constant::Int(0))?;
                let condition = self.constant(site, Constant::Bool(true))?;
                let accu = self.accu(site)?;
                let one = self.constant(site, Constant::Int(1))?;
                let add = self.generated_call(site, operators::ADD, vec![accu, one])?;
                let accu = self.accu(site)?;
                let step =
                    self.generated_call(site, operators::CONDITIONAL, vec![last, add, accu])?;
                let accu = self.accu(site)?;
                let one = self.constant(site, Constant::Int(1))?;
                let result = self.generated_call(site, operators::EQUALS, vec![accu, one])?;
                (init, condition, step, result)
            }
            _ => {
                // map(x, t), map(x, p, t): append t (if p); filter(x, p): append x if p.
                let (predicate, element) = match kind {
                    MacroKind::Filter => {
                        let var = self.node(
                            ExprKind::Ident(iter_var.clone()),
                            site.iter_var,
                            site.iter_var,
                        )?;
                        (Some(last), var)
                    }
                    _ => (args.pop(), last),
                };
                let init = self.node(ExprKind::List(Vec::new()), site.call, site.name)?;
                let condition = self.constant(site, Constant::Bool(true))?;
                let accu = self.accu(site)?;
                let element = self.node(ExprKind::List(vec![element]), site.call, site.name)?;
                let mut step = self.generated_call(site, operators::ADD, vec![accu, element])?;
                if let Some(predicate) = predicate {
                    let accu = self.accu(site)?;
                    step = self.generated_call(
                        site,
                        operators::CONDITIONAL,
                        vec![predicate, step, accu],
                    )?;
                }
                (init, condition, step, self.accu(site)?)
            }
        };
        let vars = (iter_var, iter_var2);
        self.comprehension(site, vars, target, ACCUMULATOR, init, condition, step, result)
    }

    /// cel-go's `transformList`, `transformMap` and `transformMapEntry`: the accumulator gets
    /// `[t]` appended, or the entry `k: t` inserted, or the entries of `t` inserted, when the
    /// predicate (if any) holds.
    fn expand_transform(
        &mut self,
        site: Site,
        kind: MacroKind,
        target: Expr,
        iter_var: Name,
        iter_var2: Option<Name>,
        mut args: Vec<Expr>,
    ) -> PResult<Expr> {
        let transform = args.pop().unwrap_or_else(|| unreachable!());
        let predicate = args.pop();
        let accu = self.accu(site)?;
        let (init, mut step) = match kind {
            MacroKind::TransformList => {
                let init = self.node(ExprKind::List(Vec::new()), site.call, site.name)?;
                let element = self.node(ExprKind::List(vec![transform]), site.call, site.name)?;
                (init, self.generated_call(site, operators::ADD, vec![accu, element])?)
            }
            MacroKind::TransformMap => {
                let init = self.node(ExprKind::Map(Vec::new()), site.call, site.name)?;
                let key =
                    self.node(ExprKind::Ident(iter_var.clone()), site.iter_var, site.iter_var)?;
                let args = vec![accu, key, transform];
                (init, self.generated_call(site, operators::MAP_INSERT, args)?)
            }
            _ => {
                let init = self.node(ExprKind::Map(Vec::new()), site.call, site.name)?;
                (init, self.generated_call(site, operators::MAP_INSERT, vec![accu, transform])?)
            }
        };
        if let Some(predicate) = predicate {
            let accu = self.accu(site)?;
            step =
                self.generated_call(site, operators::CONDITIONAL, vec![predicate, step, accu])?;
        }
        let condition = self.constant(site, Constant::Bool(true))?;
        let result = self.accu(site)?;
        let vars = (iter_var, iter_var2);
        self.comprehension(site, vars, target, ACCUMULATOR, init, condition, step, result)
    }

    /// `e.sortBy(x, key)` becomes, as in cel-go's lists extension, a binding of `e` to
    /// `@__sortBy_input__` (a fold over an empty list) whose result is
    /// `@__sortBy_input__.@sortByAssociatedKeys(@__sortBy_input__.map(x, key))`.
    fn expand_sort_by(
        &mut self,
        site: Site,
        target: Expr,
        iter_var: Name,
        mut args: Vec<Expr>,
    ) -> PResult<Expr> {
        let Some(key) = args.pop() else { return Err(self.missing_argument(site.call)) };
        let input =
            self.node(ExprKind::Ident(Name::new_static(SORT_BY_INPUT)), site.call, site.name)?;
        let keys = self.expand_fold(site, MacroKind::Map, input, iter_var, None, vec![key])?;
        let receiver =
            self.node(ExprKind::Ident(Name::new_static(SORT_BY_INPUT)), site.call, site.name)?;
        let sort = Call {
            target: Some(Box::new(receiver)),
            function: Name::new_static(operators::SORT_BY_ASSOCIATED_KEYS),
            args: vec![keys],
        };
        let result = self.node(ExprKind::Call(sort), site.call, site.name)?;
        let range = self.node(ExprKind::List(Vec::new()), site.call, site.name)?;
        let condition = self.constant(site, Constant::Bool(false))?;
        let step =
            self.node(ExprKind::Ident(Name::new_static(SORT_BY_INPUT)), site.call, site.name)?;
        let vars = (Name::new_static(UNUSED_ITER_VAR), None);
        self.comprehension(site, vars, range, SORT_BY_INPUT, target, condition, step, result)
    }

    #[allow(clippy::too_many_arguments)]
    fn comprehension(
        &mut self,
        site: Site,
        (iter_var, iter_var2): (Name, Option<Name>),
        iter_range: Expr,
        accu_var: &'static str,
        accu_init: Expr,
        loop_condition: Expr,
        loop_step: Expr,
        result: Expr,
    ) -> PResult<Expr> {
        let comprehension = Comprehension {
            iter_var,
            iter_var2,
            iter_range,
            accu_var: Name::new_static(accu_var),
            accu_init,
            loop_condition,
            loop_step,
            result,
        };
        self.node(ExprKind::Comprehension(Box::new(comprehension)), site.call, site.name)
    }

    fn accu(&mut self, site: Site) -> PResult<Expr> {
        self.node(ExprKind::Ident(Name::new_static(ACCUMULATOR)), site.call, site.name)
    }

    fn constant(&mut self, site: Site, constant: Constant) -> PResult<Expr> {
        self.node(ExprKind::Const(constant), site.call, site.name)
    }

    fn generated_call(
        &mut self,
        site: Site,
        function: &'static str,
        args: Vec<Expr>,
    ) -> PResult<Expr> {
        let call = Call { target: None, function: Name::new_static(function), args };
        self.node(ExprKind::Call(call), site.call, site.name)
    }
}
