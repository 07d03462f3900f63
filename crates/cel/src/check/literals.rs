//! Literals and constructions: constants, lists, maps and messages.

use std::fmt::Write as _;
use std::sync::Arc;

use super::checker::Checker;
use switchyard_diagnostics::suggest;

use super::{Reference, TypeError, TypeErrorKind};
use crate::ast::{Constant, Expr, ExprId, MapEntry, Struct};
use crate::types::Type;

impl Checker<'_> {
    pub(super) fn check_list(&mut self, elems: &[Expr]) -> Type {
        let mut elem_type: Option<Type> = None;
        for elem in elems {
            self.check(elem);
            let ty = self.type_of(elem.id);
            elem_type = Some(self.join(elem_type, ty));
        }
        let elem_type = elem_type.unwrap_or_else(|| self.fresh_var());
        Type::list(elem_type)
    }

    pub(super) fn check_map(&mut self, entries: &[MapEntry]) -> Type {
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

    pub(super) fn check_struct(&mut self, id: ExprId, message: &Struct) -> Type {
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
}

pub(super) fn constant_type(constant: &Constant) -> Type {
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
