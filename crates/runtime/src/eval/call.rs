//! Calls: an overload id resolved to its native function, or to the dispatch among several
//! candidate overloads by the kinds of the argument values (calls on `dyn` arguments).

use std::borrow::Cow;
use std::sync::Arc;

use switchyard_plan::expr::{Const, Expr};

use super::access::{index, project};
use super::error::{Error, LinkError};
use super::frame::{Activation, Frame, Node};
use super::functions::ops::compare_with;
use super::functions::selection;
use super::link::{Linker, conditional};
use super::predicate;
use super::registry::{BuiltinKind, Function, Overload};
use crate::value::{Kind, Value};

pub(crate) fn link_call(
    linker: &mut Linker<'_>,
    function: &str,
    overload_ids: &[String],
    args: &[Expr],
) -> Result<Node, LinkError> {
    let mut overloads: Vec<&Overload> = Vec::with_capacity(overload_ids.len());
    for id in overload_ids {
        let overload = linker.registry.overload(id).ok_or_else(|| LinkError::UnknownOverload {
            function: function.to_owned(),
            id: id.clone(),
        })?;
        if overload.params.len() != args.len() {
            return Err(LinkError::Arity { id: id.clone(), found: args.len() });
        }
        overloads.push(overload);
    }
    let name: Arc<str> = function.into();
    let Some(first) = overloads.first() else {
        return Err(LinkError::NoOverload { function: function.to_owned() });
    };
    let same_builtin = match first.function {
        Function::Builtin(builtin) => overloads
            .iter()
            .all(|overload| matches!(overload.function, Function::Builtin(other) if other == builtin))
            .then_some(builtin.0),
        _ => None,
    };
    if let Some(builtin) = same_builtin {
        return builtin_call(linker, builtin, args);
    }
    let function = first.function;
    if overloads.len() == 1 {
        let nodes = linker.link_all(args)?;
        return Ok(match function {
            Function::Pure(native) => pure(name, native, nodes),
            Function::Contextual(native) => contextual(name, native, nodes),
            Function::Builtin(_) => unreachable_builtin(),
        });
    }
    let candidates: Vec<(Box<[Kind]>, Function)> =
        overloads.iter().map(|overload| (overload.params.clone(), overload.function)).collect();
    let nodes = linker.link_all(args)?;
    Ok(dispatch(name, candidates, nodes))
}

fn unreachable_builtin() -> Node {
    Box::new(|_: &Frame<'_>| Err(Error::invalid("builtin called as a function")))
}

fn builtin_call(
    linker: &mut Linker<'_>,
    builtin: BuiltinKind,
    args: &[Expr],
) -> Result<Node, LinkError> {
    match (builtin, args) {
        (BuiltinKind::Compare(op), [left, right]) => {
            let (left, right) = (linker.operand(left)?, linker.operand(right)?);
            return Ok(predicate::into_node(predicate::compare(op, left, right)));
        }
        (BuiltinKind::And, [left, right]) => {
            let (left, right) = (linker.predicate(left)?, linker.predicate(right)?);
            return Ok(predicate::into_node(predicate::and(left, right)));
        }
        (BuiltinKind::Or, [left, right]) => {
            let (left, right) = (linker.predicate(left)?, linker.predicate(right)?);
            return Ok(predicate::into_node(predicate::or(left, right)));
        }
        (BuiltinKind::Conditional, [condition, then, otherwise]) => {
            let condition = linker.predicate(condition)?;
            return Ok(conditional(condition, linker.link(then)?, linker.link(otherwise)?));
        }
        _ => {}
    }
    let mut nodes = linker.link_all(args)?.into_iter();
    let mut next =
        || nodes.next().unwrap_or_else(|| Box::new(|_: &Frame<'_>| Err(Error::mismatch())));
    Ok(match builtin {
        BuiltinKind::Index => {
            let (container, key) = (next(), next());
            Box::new(move |frame: &Frame<'_>| {
                let container = container(frame)?;
                let key = key(frame)?;
                project(container, |container| index(container, &key))
            })
        }
        BuiltinKind::Matches => {
            let pattern = match args.get(1) {
                Some(Expr::Const(Const::String(pattern))) => Some(regex::Regex::new(pattern)),
                _ => None,
            };
            let (text, dynamic) = (next(), next());
            match pattern {
                Some(Ok(regex)) => Box::new(move |frame: &Frame<'_>| match &*text(frame)? {
                    Value::String(text) => Ok(Cow::Owned(Value::Bool(regex.is_match(text)))),
                    _ => Err(Error::no_overload("matches")),
                }),
                Some(Err(error)) => {
                    let message = format!("invalid regular expression: {error}");
                    Box::new(move |_: &Frame<'_>| Err(Error::invalid(message.clone())))
                }
                None => Box::new(move |frame: &Frame<'_>| {
                    let text = text(frame)?;
                    let pattern = dynamic(frame)?;
                    super::functions::strings::matches(&[&text, &pattern])
                        .map(Cow::Owned)
                        .map_err(|error| error.named("matches"))
                }),
            }
        }
        BuiltinKind::Randomize => {
            let list = next();
            Box::new(move |frame: &Frame<'_>| {
                let list = list(frame)?;
                selection::randomize_owned(frame.activation, list)
                    .map(Cow::Owned)
                    .map_err(|error| error.named("randomize"))
            })
        }
        BuiltinKind::NotStrictlyFalse => {
            let operand = next();
            Box::new(move |frame: &Frame<'_>| {
                let strictly_false = matches!(operand(frame).as_deref(), Ok(Value::Bool(false)));
                Ok(Cow::Owned(Value::Bool(!strictly_false)))
            })
        }
        BuiltinKind::And | BuiltinKind::Or | BuiltinKind::Conditional => {
            Box::new(|_: &Frame<'_>| Err(Error::mismatch()))
        }
        BuiltinKind::Identity => next(),
        BuiltinKind::Compare(op) => {
            let (left, right) = (next(), next());
            Box::new(move |frame: &Frame<'_>| {
                let left = left(frame)?;
                let right = right(frame)?;
                compare_with(op, &left, &right).map(|result| Cow::Owned(Value::Bool(result)))
            })
        }
    })
}

type Pure = fn(&[&Value]) -> Result<Value, Error>;
type Contextual = fn(&Activation<'_>, &[&Value]) -> Result<Value, Error>;

fn pure(name: Arc<str>, native: Pure, nodes: Vec<Node>) -> Node {
    match <[Node; 2]>::try_from(nodes) {
        Ok([left, right]) => Box::new(move |frame: &Frame<'_>| {
            let left = left(frame)?;
            let right = right(frame)?;
            native(&[&left, &right]).map(Cow::Owned).map_err(|error| error.named(&name))
        }),
        Err(nodes) => match <[Node; 1]>::try_from(nodes) {
            Ok([operand]) => Box::new(move |frame: &Frame<'_>| {
                let operand = operand(frame)?;
                native(&[&operand]).map(Cow::Owned).map_err(|error| error.named(&name))
            }),
            Err(nodes) => Box::new(move |frame: &Frame<'_>| {
                let values = evaluate(&nodes, frame)?;
                let refs: Vec<&Value> = values.iter().map(|value| &**value).collect();
                native(&refs).map(Cow::Owned).map_err(|error| error.named(&name))
            }),
        },
    }
}

fn contextual(name: Arc<str>, native: Contextual, nodes: Vec<Node>) -> Node {
    match <[Node; 1]>::try_from(nodes) {
        Ok([operand]) => Box::new(move |frame: &Frame<'_>| {
            let operand = operand(frame)?;
            native(frame.activation, &[&operand])
                .map(Cow::Owned)
                .map_err(|error| error.named(&name))
        }),
        Err(nodes) => Box::new(move |frame: &Frame<'_>| {
            let values = evaluate(&nodes, frame)?;
            let refs: Vec<&Value> = values.iter().map(|value| &**value).collect();
            native(frame.activation, &refs).map(Cow::Owned).map_err(|error| error.named(&name))
        }),
    }
}

fn evaluate<'a>(nodes: &[Node], frame: &Frame<'a>) -> Result<Vec<Cow<'a, Value>>, Error> {
    nodes.iter().map(|node| node(frame)).collect()
}

fn dispatch(name: Arc<str>, candidates: Vec<(Box<[Kind]>, Function)>, nodes: Vec<Node>) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let values = evaluate(&nodes, frame)?;
        let refs: Vec<&Value> = values.iter().map(|value| &**value).collect();
        let chosen = candidates.iter().find(|(params, _)| {
            params.iter().zip(&refs).all(|(param, value)| param.admits(value.kind()))
        });
        let result = match chosen.map(|(_, function)| *function) {
            Some(Function::Pure(native)) => native(&refs),
            Some(Function::Contextual(native)) => native(frame.activation, &refs),
            Some(Function::Builtin(builtin)) => match (builtin.0, refs.as_slice()) {
                (BuiltinKind::Identity, [value]) => Ok((*value).clone()),
                (BuiltinKind::Randomize, [list]) => selection::randomize(frame.activation, &[list]),
                (BuiltinKind::Index, [container, key]) => {
                    index(container, key).map(Cow::into_owned)
                }
                _ => Err(Error::mismatch()),
            },
            None => Err(Error::mismatch()),
        };
        result.map(Cow::Owned).map_err(|error| error.named(&name))
    })
}
