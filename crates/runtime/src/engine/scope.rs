//! The variables of one request (`req`, `res`, `conn`, `endpoint`, `time`, `vars`, `actions`) and
//! evaluation against them: expressions, `${…}` templates and plan values.

use std::cell::RefCell;

use rand::rngs::StdRng;
use switchyard_plan::expr::Expression;
use switchyard_plan::{ExprId, Template, TemplatePart};

use super::convert;
use crate::eval::{Activation, Error, ErrorKind, Program, VarSlot, vars};
use crate::objects::Actions;
use crate::secrets::SecretStore;
use crate::value::{Map, MapKey, Value};

/// The request's variables, as they stand when an expression runs.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    pub(crate) req: Value,
    pub(crate) conn: Value,
    pub(crate) endpoint: Value,
    pub(crate) time: Value,
    pub(crate) res: Option<Value>,
    vars: Map,
    results: Map,
    actions: Value,
}

impl Scope {
    pub(crate) fn new(req: Value, conn: Value, endpoint: Value, time: Value) -> Scope {
        Scope {
            req,
            conn,
            endpoint,
            time,
            res: None,
            vars: Map::default(),
            results: Map::default(),
            actions: Value::object(Actions::default()),
        }
    }

    /// Sets `vars.<name>` (replacing an earlier value).
    pub(crate) fn set_var(&mut self, name: &str, value: Value) {
        self.vars = replace(&self.vars, name, value);
    }

    /// Sets `actions.ngrok.<name>`.
    pub(crate) fn set_result(&mut self, name: &str, value: Value) {
        self.results = replace(&self.results, name, value);
        self.actions = Value::object(Actions { ngrok: Value::Map(self.results.clone()) });
    }

    pub(crate) fn bind(&self, activation: &mut Activation<'_>) {
        activation.set(vars::REQ, self.req.clone());
        activation.set(vars::CONN, self.conn.clone());
        activation.set(vars::ENDPOINT, self.endpoint.clone());
        activation.set(vars::TIME, self.time.clone());
        activation.set(vars::VARS, Value::Map(self.vars.clone()));
        activation.set(vars::ACTIONS, self.actions.clone());
        if let Some(res) = &self.res {
            activation.set(vars::RES, res.clone());
        }
    }
}

fn replace(map: &Map, name: &str, value: Value) -> Map {
    let key = MapKey::from(name);
    match map.with_entry(key.clone(), value.clone()) {
        Some(map) => map,
        None => map
            .iter()
            .map(|(existing, item)| (existing.clone(), item.clone()))
            .chain(std::iter::once((key, value)))
            .collect(),
    }
}

/// What evaluation needs besides the request's variables: the linked programs and the secrets.
#[derive(Clone, Copy)]
pub(crate) struct Bound<'a> {
    pub(crate) programs: &'a [Program],
    pub(crate) expressions: &'a [Expression],
    pub(crate) secrets: &'a (dyn SecretStore + Sync),
}

/// An evaluation that failed: the expression and the error.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EvalFailure {
    pub(crate) expression: String,
    pub(crate) error: Error,
}

impl EvalFailure {
    pub(crate) fn message(&self) -> String {
        format!("evaluating `{}` failed: {}", self.expression, self.error)
    }
}

impl<'a> Bound<'a> {
    /// The source of expression `id`.
    pub(crate) fn source(&self, id: ExprId) -> &'a str {
        self.expressions.get(id.0 as usize).map_or("", |expression| expression.source.as_str())
    }

    /// Evaluates expression `id` in `scope`, with `extra` variables bound too.
    pub(crate) fn eval(
        &self,
        id: ExprId,
        scope: &Scope,
        random: &RefCell<StdRng>,
        extra: &[(VarSlot, Value)],
    ) -> Result<Value, EvalFailure> {
        let failure = |error: Error| EvalFailure { expression: self.source(id).to_owned(), error };
        let Some(program) = self.programs.get(id.0 as usize) else {
            return Err(failure(Error::new(ErrorKind::NotFound, "no such expression")));
        };
        let mut activation = Activation::new().with_secrets(self.secrets).with_random(random);
        scope.bind(&mut activation);
        for (slot, value) in extra {
            activation.set(*slot, value.clone());
        }
        program.eval(&activation).map_err(failure)
    }

    /// A template in a string field: literal text and each value as text.
    pub(crate) fn render_string(
        &self,
        template: &Template,
        scope: &Scope,
        random: &RefCell<StdRng>,
    ) -> Result<String, EvalFailure> {
        let mut out = String::new();
        for part in &template.parts {
            match part {
                TemplatePart::Text(text) => out.push_str(text),
                TemplatePart::Expr(id) => {
                    let value = self.eval(*id, scope, random, &[])?;
                    let text = convert::to_field_text(&value).map_err(|message| EvalFailure {
                        expression: self.source(*id).to_owned(),
                        error: Error::invalid(message),
                    })?;
                    out.push_str(&text);
                }
            }
        }
        Ok(out)
    }

    /// A template in a `dyn` field: a lone interpolation keeps its value, anything else is text.
    pub(crate) fn render_value(
        &self,
        template: &Template,
        scope: &Scope,
        random: &RefCell<StdRng>,
    ) -> Result<Value, EvalFailure> {
        match template.parts.as_slice() {
            [TemplatePart::Expr(id)] => self.eval(*id, scope, random, &[]),
            _ => self.render_string(template, scope, random).map(Value::from),
        }
    }

    /// A plan value (`set-vars`, `log`): string leaves rendered as [`Bound::render_value`].
    pub(crate) fn plan_value(
        &self,
        value: &switchyard_plan::Value,
        scope: &Scope,
        random: &RefCell<StdRng>,
    ) -> Result<Value, EvalFailure> {
        let mut failure = None;
        let result = convert::plan_value(value, &mut |template| {
            self.render_value(template, scope, random).map_err(|error| {
                let message = error.message();
                failure = Some(error);
                message
            })
        });
        result.map_err(|message| {
            failure.unwrap_or_else(|| EvalFailure {
                expression: String::new(),
                error: Error::invalid(message),
            })
        })
    }
}
