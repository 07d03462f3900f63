//! The registry: what linking resolves names against. Overload ids to native functions, object
//! type names to their field tables, global variable names to activation slots.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::error::Error;
use super::frame::Activation;
use crate::value::{Kind, ObjectType, Value};

/// A slot of the [`Activation`], for one global variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VarSlot(u16);

impl VarSlot {
    /// The slot at `index`.
    pub const fn new(index: u16) -> VarSlot {
        VarSlot(index)
    }

    /// The slot's index.
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// A native function. Arguments come receiver first; a function that gets values of kinds it
/// does not take returns [`Error::mismatch`], never panics.
#[derive(Clone, Copy)]
pub enum Function {
    /// A function of its arguments only.
    Pure(fn(&[&Value]) -> Result<Value, Error>),
    /// A function that also reads the activation (request helpers, randomness, secrets).
    Contextual(fn(&Activation<'_>, &[&Value]) -> Result<Value, Error>),
    /// An operation the linker implements itself (indexing, `matches` with a constant pattern,
    /// the logical operators, identity conversions).
    Builtin(Builtin),
}

/// An operation the linker implements itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Builtin(pub(crate) BuiltinKind);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BuiltinKind {
    /// `list[int]`, `map[key]`: borrows the element.
    Index,
    /// `matches`: compiles a constant pattern once.
    Matches,
    /// `@not_strictly_false`: true unless its argument is `false`; absorbs errors.
    NotStrictlyFalse,
    /// `_&&_` as a call.
    And,
    /// `_||_` as a call.
    Or,
    /// `_?_:_` as a call.
    Conditional,
    /// `dyn(x)`, `int(int)`, ...: the argument itself.
    Identity,
    /// `==`, `!=`, `<`, `<=`, `>`, `>=`: evaluated in place on constants and paths.
    Compare(CompareOp),
    /// `list.randomize()`: shuffles in place a selection the call owns.
    Randomize,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CompareOp {
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}

#[derive(Clone)]
pub(crate) struct Overload {
    pub(crate) params: Box<[Kind]>,
    pub(crate) function: Function,
}

/// Overload ids, object types and variables, for [`Program::link`](super::Program::link).
#[derive(Clone, Default)]
pub struct Registry {
    overloads: HashMap<Box<str>, Overload>,
    objects: HashMap<Box<str>, Arc<ObjectType>>,
    variables: HashMap<Box<str>, VarSlot>,
    constants: HashMap<Box<str>, Value>,
}

impl Registry {
    /// CEL's standard library: the overloads of `switchyard_cel::Env::standard()` and the type
    /// names (`int`, `list`, ...) as values.
    pub fn standard() -> Registry {
        let mut registry = Registry::default();
        super::functions::standard(&mut registry);
        registry
    }

    /// The traffic-policy registry: the standard library, the function library of spec/cel.md
    /// §3–§5, the policy object types, and the variables at the slots of [`vars`](super::vars).
    pub fn policy() -> Registry {
        let mut registry = Registry::standard();
        super::functions::policy(&mut registry);
        for ty in crate::objects::types() {
            registry.add_object(ty);
        }
        for (name, slot) in super::vars::ALL {
            registry.variables.insert((*name).into(), *slot);
        }
        registry
    }

    /// Declares (or replaces) overload `id`: its parameter kinds (receiver first; [`Kind::Any`]
    /// for type parameters and `dyn`), and its function.
    pub fn add_overload(&mut self, id: &str, params: &[Kind], function: Function) {
        self.overloads.insert(id.into(), Overload { params: params.into(), function });
    }

    /// Declares an object type.
    pub fn add_object(&mut self, ty: Arc<ObjectType>) {
        self.objects.insert(ty.name().into(), ty);
    }

    /// Declares a global variable and returns its slot (the existing one if declared).
    pub fn add_variable(&mut self, name: &str) -> VarSlot {
        if let Some(slot) = self.variables.get(name) {
            return *slot;
        }
        let next = self.variables.values().map(|slot| slot.0.saturating_add(1)).max().unwrap_or(0);
        let slot = VarSlot(next);
        self.variables.insert(name.into(), slot);
        slot
    }

    /// Declares a name whose value is fixed (a type name, an enum constant): linking replaces
    /// a variable of that name by the value.
    pub fn add_constant(&mut self, name: &str, value: Value) {
        self.constants.insert(name.into(), value);
    }

    /// Whether overload `id` is declared.
    pub fn has_overload(&self, id: &str) -> bool {
        self.overloads.contains_key(id)
    }

    /// The declared overload ids.
    pub fn overload_ids(&self) -> impl Iterator<Item = &str> {
        self.overloads.keys().map(|id| &**id)
    }

    /// The object type named `name`.
    pub fn object(&self, name: &str) -> Option<&Arc<ObjectType>> {
        self.objects.get(name)
    }

    /// The slot of the global variable `name`.
    pub fn variable(&self, name: &str) -> Option<VarSlot> {
        self.variables.get(name).copied()
    }

    pub(crate) fn overload(&self, id: &str) -> Option<&Overload> {
        self.overloads.get(id)
    }

    /// The value of the fixed name `name` (a type name, an enum constant).
    pub fn constant(&self, name: &str) -> Option<&Value> {
        self.constants.get(name)
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("overloads", &self.overloads.len())
            .field("objects", &self.objects.len())
            .field("variables", &self.variables)
            .finish_non_exhaustive()
    }
}
