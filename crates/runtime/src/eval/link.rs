//! Linking: `plan::Expr` trees become trees of closures, with every name resolved once.
//!
//! Variables become activation slots, comprehension variables frame positions, fields slots,
//! overload ids native functions, constants entries of the program's constant table (so that
//! evaluation borrows them instead of cloning).

use std::borrow::Cow;
use std::sync::Arc;

use switchyard_plan::expr::{Const, Expr, Fold};

use super::error::{Error, ErrorKind, LinkError};
use super::frame::{Binding, Frame, Node};
use super::predicate::{self, Pred};
use super::registry::{Registry, VarSlot};
use super::{access, call};
use crate::value::{Map, MapKey, TypeValue, Value};

/// How deep an expression may nest: deeper plans are refused rather than risking the stack.
const MAX_DEPTH: usize = 256;

pub(crate) struct Linker<'r> {
    pub(crate) registry: &'r Registry,
    scopes: Vec<Scope>,
    pub(crate) constants: Vec<Value>,
    pub(crate) variables: Vec<VarSlot>,
    depth: usize,
}

struct Scope {
    iter: Option<String>,
    iter2: Option<String>,
    accu: String,
    /// False while linking the fold's result, where only the accumulator is in scope.
    iter_visible: bool,
}

impl<'r> Linker<'r> {
    pub(crate) fn new(registry: &'r Registry) -> Linker<'r> {
        Linker {
            registry,
            scopes: Vec::new(),
            constants: Vec::new(),
            variables: Vec::new(),
            depth: 0,
        }
    }

    pub(crate) fn link(&mut self, expr: &Expr) -> Result<Node, LinkError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(LinkError::TooDeep);
        }
        let node = self.link_expr(expr);
        self.depth -= 1;
        node
    }

    fn link_expr(&mut self, expr: &Expr) -> Result<Node, LinkError> {
        Ok(match expr {
            Expr::Const(constant) => self.constant(const_value(constant)),
            Expr::Var(name) => self.var(name)?,
            Expr::Local(name) => {
                let (depth, binding) = self.local(name)?;
                Box::new(move |frame: &Frame<'_>| frame.local(depth, binding))
            }
            Expr::Type(name) => self.constant(Value::Type(TypeValue::named(name))),
            Expr::Field { .. } | Expr::Key { .. } => self.path(expr)?.into_node(),
            Expr::Has { operand, field } => access::has(self.link(operand)?, field.as_str().into()),
            Expr::Text(operand) => access::text(self.link(operand)?),
            Expr::Call { function, overloads, args } => {
                call::link_call(self, function, overloads, args)?
            }
            Expr::And(..) | Expr::Or(..) => predicate::into_node(self.predicate(expr)?),
            Expr::Conditional { condition, then, otherwise } => {
                conditional(self.predicate(condition)?, self.link(then)?, self.link(otherwise)?)
            }
            Expr::List(items) => list(self.link_all(items)?),
            Expr::Map(entries) => {
                let mut linked = Vec::with_capacity(entries.len());
                for (key, value) in entries {
                    linked.push((self.link(key)?, self.link(value)?));
                }
                map(linked)
            }
            Expr::Object { name, fields } => self.object(name, fields)?,
            Expr::Fold(fold) => self.fold(fold)?,
        })
    }

    pub(crate) fn link_all(&mut self, exprs: &[Expr]) -> Result<Vec<Node>, LinkError> {
        exprs.iter().map(|expr| self.link(expr)).collect()
    }

    /// A node that borrows `value` from the program's constant table.
    pub(crate) fn constant(&mut self, value: Value) -> Node {
        let index = self.constants.len();
        self.constants.push(value);
        Box::new(move |frame: &Frame<'_>| match frame.constants.get(index) {
            Some(value) => Ok(Cow::Borrowed(value)),
            None => Err(Error::new(ErrorKind::NoSuchAttribute, "constant out of range")),
        })
    }

    /// The activation slot of a global variable, recorded as read.
    pub(crate) fn var_slot(&mut self, name: &str) -> Option<VarSlot> {
        let slot = self.registry.variable(name)?;
        if !self.variables.contains(&slot) {
            self.variables.push(slot);
        }
        Some(slot)
    }

    fn var(&mut self, name: &str) -> Result<Node, LinkError> {
        if let Some(slot) = self.var_slot(name) {
            let name: Arc<str> = name.into();
            return Ok(Box::new(move |frame: &Frame<'_>| {
                super::operand::variable(frame, slot, &name)
            }));
        }
        match self.registry.constant(name) {
            Some(value) => Ok(self.constant(value.clone())),
            None => Err(LinkError::UnknownVariable(name.to_owned())),
        }
    }

    pub(crate) fn local(&self, name: &str) -> Result<(usize, Binding), LinkError> {
        for (depth, scope) in self.scopes.iter().rev().enumerate() {
            if scope.iter_visible {
                if scope.iter.as_deref() == Some(name) {
                    return Ok((depth, Binding::Iter));
                }
                if scope.iter2.as_deref() == Some(name) {
                    return Ok((depth, Binding::Iter2));
                }
            }
            if scope.accu == name {
                return Ok((depth, Binding::Accu));
            }
        }
        Err(LinkError::UnboundLocal(name.to_owned()))
    }

    fn object(&mut self, name: &str, fields: &[(String, Expr)]) -> Result<Node, LinkError> {
        let ty = self
            .registry
            .object(name)
            .cloned()
            .ok_or_else(|| LinkError::UnknownObject(name.to_owned()))?;
        let mut linked = Vec::with_capacity(fields.len());
        for (field, value) in fields {
            let slot = ty.slot(field).ok_or_else(|| LinkError::UnknownField {
                object: name.to_owned(),
                field: field.clone(),
            })?;
            linked.push((slot, self.link(value)?));
        }
        Ok(Box::new(move |frame: &Frame<'_>| {
            let mut values = Vec::with_capacity(linked.len());
            for (slot, node) in &linked {
                values.push((*slot, node(frame)?.into_owned()));
            }
            ty.construct(values).map(Cow::Owned).map_err(Error::invalid)
        }))
    }

    fn fold(&mut self, fold: &Fold) -> Result<Node, LinkError> {
        if let Some(sort) = super::fold::SortBy::of(fold) {
            for id in sort.overloads {
                if !self.registry.has_overload(id) {
                    let function = "@sortByAssociatedKeys".to_owned();
                    return Err(LinkError::UnknownOverload { function, id: id.clone() });
                }
            }
            let target = self.link(sort.target)?;
            self.scopes.push(Scope {
                iter: Some(sort.keys.iter_var.clone()),
                iter2: None,
                accu: sort.keys.accu_var.clone(),
                iter_visible: true,
            });
            let key = self.sort_key(sort.key);
            self.scopes.pop();
            return Ok(super::fused::sort_by(target, key?));
        }
        let range = self.link(&fold.range)?;
        let init = self.link(&fold.init)?;
        self.scopes.push(Scope {
            iter: Some(fold.iter_var.clone()),
            iter2: fold.iter_var2.clone(),
            accu: fold.accu_var.clone(),
            iter_visible: true,
        });
        let linked = self.fold_body(fold, range, init);
        self.scopes.pop();
        linked
    }

    fn fold_body(&mut self, fold: &Fold, range: Node, init: Node) -> Result<Node, LinkError> {
        if let Some(shape) = super::fold::Shape::of(fold) {
            return super::fold::fused(self, &shape, range);
        }
        let condition = self.link(&fold.condition)?;
        let step = self.link(&fold.step)?;
        if let Some(scope) = self.scopes.last_mut() {
            scope.iter_visible = false;
        }
        let result = self.link(&fold.result)?;
        let two = fold.iter_var2.is_some();
        Ok(super::fold::generic(range, init, condition, step, result, two))
    }
}

pub(crate) fn const_value(constant: &Const) -> Value {
    match constant {
        Const::Null => Value::Null,
        Const::Bool(value) => Value::Bool(*value),
        Const::Int(value) => Value::Int(*value),
        Const::Uint(value) => Value::Uint(*value),
        Const::Double(value) => Value::Double(*value),
        Const::String(value) => Value::from(value.as_str()),
        Const::Bytes(value) => Value::from(value.clone()),
    }
}

/// `c ? a : b`.
pub(crate) fn conditional(condition: Pred, then: Node, otherwise: Node) -> Node {
    Box::new(
        move |frame: &Frame<'_>| if condition(frame)? { then(frame) } else { otherwise(frame) },
    )
}

fn list(items: Vec<Node>) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let mut values = Vec::with_capacity(items.len());
        for item in &items {
            values.push(item(frame)?.into_owned());
        }
        Ok(Cow::Owned(Value::list(values)))
    })
}

fn map(entries: Vec<(Node, Node)>) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let mut values = Vec::with_capacity(entries.len());
        for (key, value) in &entries {
            let key = key(frame)?;
            let key = MapKey::from_value(&key).ok_or_else(|| {
                Error::invalid(format!("unsupported key type: {}", key.type_value().name()))
            })?;
            values.push((key, value(frame)?.into_owned()));
        }
        Map::new(values)
            .map(|map| Cow::Owned(Value::Map(map)))
            .map_err(|key| Error::invalid(format!("Failed with repeated key: {key:?}")))
    })
}
