//! Environments: the variables, object types and functions an expression may use.
//!
//! [`Env::standard`] holds CEL's standard library (operators, `size`, conversions, string and
//! time functions, the type names); a caller adds its own declarations with the `declare_*`
//! methods. The checker reads an environment and never changes it.
//!
//! ```
//! use switchyard_cel::env::{Env, ObjectType, Overload};
//! use switchyard_cel::types::Type;
//!
//! let mut env = Env::standard();
//! env.declare_object(
//!     ObjectType::new("AIModel").field("id", Type::String).field("known", Type::Bool),
//! );
//! // A qualified name: `ai.models` resolves although no `ai` is declared.
//! env.declare_variable("ai.models", Type::list(Type::object("AIModel")));
//! env.declare_function(
//!     "only",
//!     [Overload::member(
//!         "list_only_list_string",
//!         &[Type::list(Type::param("T")), Type::list(Type::String)],
//!         Type::list(Type::param("T")),
//!     )],
//! );
//!
//! let (ast, _) = switchyard_cel::parse("ai.models.only(['gpt-4o']).filter(m, m.known)");
//! let (checked, errors) = switchyard_cel::check(&ast.unwrap(), &env);
//! assert!(errors.is_empty());
//! assert_eq!(checked.result_type().to_string(), "list(AIModel)");
//! ```

mod decl;
mod standard;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

pub use decl::{Function, ObjectType, Overload};

use crate::types::Type;
use rustc_hash::FxBuildHasher;

/// Declarations for checking expressions: variables, object types, functions, and the container
/// (namespace) in which names resolve.
#[derive(Clone, Debug, Default)]
pub struct Env {
    container: Option<Box<str>>,
    variables: HashMap<Arc<str>, Type, FxBuildHasher>,
    /// Every proper prefix of a qualified variable name (`ai` for `ai.models`).
    namespaces: HashSet<Box<str>, FxBuildHasher>,
    objects: HashMap<Arc<str>, Arc<ObjectType>, FxBuildHasher>,
    functions: HashMap<Box<str>, Arc<Function>, FxBuildHasher>,
    /// The last part of every qualified function name (`get` for `secrets.get`).
    namespaced_functions: HashSet<Box<str>, FxBuildHasher>,
}

impl Env {
    /// An environment with CEL's standard library: operators, `size`, `contains`, `startsWith`,
    /// `endsWith`, `matches`, the conversions (`int()` ... `dyn()`, `type()`), the timestamp and
    /// duration accessors, and the type names (`int`, `list`, ...) as values.
    pub fn standard() -> Env {
        static STANDARD: OnceLock<Env> = OnceLock::new();
        STANDARD
            .get_or_init(|| {
                let mut env = Env::default();
                standard::declare(&mut env);
                env
            })
            .clone()
    }

    /// Declares a variable. `name` may be qualified (`ai.models`): an expression `ai.models`
    /// then resolves to it although `ai` is no variable. A later declaration of the same name
    /// replaces the earlier one.
    pub fn declare_variable(&mut self, name: &str, ty: Type) {
        let mut rest = name;
        while let Some(dot) = rest.rfind('.') {
            rest = &rest[..dot];
            self.namespaces.insert(rest.into());
        }
        self.variables.insert(name.into(), ty);
    }

    /// Declares an object type; its name then also denotes its type value (`type(AIModel)`).
    pub fn declare_object(&mut self, object: ObjectType) {
        self.objects.insert(object.name().into(), Arc::new(object));
    }

    /// Declares overloads of a function, adding to those it has (an overload with an id it
    /// already has replaces the old one). `name` may be qualified (`secrets.get`): an
    /// expression `secrets.get(x)` then calls it.
    pub fn declare_function(&mut self, name: &str, overloads: impl IntoIterator<Item = Overload>) {
        if let Some(dot) = name.rfind('.') {
            self.namespaced_functions.insert(name[dot + 1..].into());
        }
        let function =
            self.functions.entry(name.into()).or_insert_with(|| Arc::new(Function::new(name)));
        let function = Arc::make_mut(function);
        for overload in overloads {
            function.add(overload);
        }
    }

    /// Sets the container: names then resolve in it first, as in cel-go and protobuf (in
    /// container `a.b`, name `x` is looked up as `a.b.x`, then `a.x`, then `x`; `.x` only as `x`).
    pub fn use_container(&mut self, container: &str) {
        self.container = (!container.is_empty()).then(|| container.into());
    }

    /// The container, or `""`.
    pub fn container(&self) -> &str {
        self.container.as_deref().unwrap_or_default()
    }

    /// The declared type of a variable, by its fully qualified name.
    pub fn variable(&self, name: &str) -> Option<&Type> {
        self.variables.get(name)
    }

    /// A declared object type, by its fully qualified name.
    pub fn object(&self, name: &str) -> Option<&ObjectType> {
        self.objects.get(name).map(|object| &**object)
    }

    /// A declared function, by its fully qualified name.
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.get(name).map(|function| &**function)
    }

    /// Every declared function, in no particular order.
    pub fn functions(&self) -> impl Iterator<Item = &Function> {
        self.functions.values().map(|function| &**function)
    }

    /// Every declared object type, in no particular order.
    pub fn objects(&self) -> impl Iterator<Item = &ObjectType> {
        self.objects.values().map(|object| &**object)
    }

    /// The names `name` may stand for in the container, most specific first.
    pub(crate) fn candidates<'a>(&'a self, name: &'a str) -> Candidates<'a> {
        if let Some(absolute) = name.strip_prefix('.') {
            return Candidates { name: absolute, container: None, done: false };
        }
        Candidates { name, container: self.container.as_deref(), done: false }
    }

    /// A global variable, or a type name as a value, that `name` resolves to in the container:
    /// its fully qualified name, its type, and whether it is a type name.
    pub(crate) fn resolve_ident(&self, name: &str) -> Option<(Arc<str>, Type, bool)> {
        if self.container.is_none() && !name.starts_with('.') {
            return self.lookup_ident(name);
        }
        self.candidates(name).find_map(|candidate| self.lookup_ident(&candidate))
    }

    fn lookup_ident(&self, name: &str) -> Option<(Arc<str>, Type, bool)> {
        if let Some((name, ty)) = self.variables.get_key_value(name) {
            return Some((name.clone(), ty.clone(), false));
        }
        let (name, object) = self.objects.get_key_value(name)?;
        Some((name.clone(), Type::type_of(object.instance_type()), true))
    }

    /// The object type that a type name in a message construction resolves to.
    pub(crate) fn resolve_object(&self, name: &str) -> Option<&ObjectType> {
        self.candidates(name).find_map(|candidate| self.object(&candidate))
    }

    /// The function that `name` resolves to in the container.
    pub(crate) fn resolve_function(&self, name: &str) -> Option<&Function> {
        if self.container.is_none() && !name.starts_with('.') {
            return self.function(name);
        }
        self.candidates(name).find_map(|candidate| self.function(&candidate))
    }

    /// Whether some qualified function name ends with `.{name}` (`secrets.get` for `get`).
    pub(crate) fn has_namespaced_function(&self, name: &str) -> bool {
        self.namespaced_functions.contains(name)
    }

    /// Whether `prefix` is the leading part of a qualified variable name (`ai` of `ai.models`).
    pub(crate) fn is_namespace(&self, prefix: &str) -> bool {
        self.candidates(prefix).any(|candidate| self.namespaces.contains(&*candidate))
    }

    pub(crate) fn variable_names(&self) -> impl Iterator<Item = &str> {
        self.variables.keys().map(|name| &**name)
    }

    pub(crate) fn namespace_names(&self) -> impl Iterator<Item = &str> {
        self.namespaces.iter().map(|name| &**name)
    }

    pub(crate) fn object_names(&self) -> impl Iterator<Item = &str> {
        self.objects.keys().map(|name| &**name)
    }
}

/// The names a name may stand for in a container (cel-go's `ResolveCandidateNames`).
pub(crate) struct Candidates<'a> {
    name: &'a str,
    /// What is left of the container to try; `None` once only the bare name is left.
    container: Option<&'a str>,
    done: bool,
}

impl Iterator for Candidates<'_> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if self.done {
            return None;
        }
        if let Some(container) = self.container.take() {
            self.container = container.rfind('.').map(|dot| &container[..dot]);
            return Some(format!("{container}.{}", self.name));
        }
        self.done = true;
        Some(self.name.to_owned())
    }
}
