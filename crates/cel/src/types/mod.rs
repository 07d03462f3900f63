//! CEL types, as the checker infers them (cel-spec `langdef.md`, "Types"; cel-go `common/types`).
//!
//! A [`Type`] is one of CEL's built-in types (`int`, `list(string)`, `map(string, dyn)`, ...), a
//! declared object type (`AIModel`), a type parameter of a generic declaration (`A` in
//! `size(list(A)) -> int`), `dyn` (checked at run time: gradual typing), or `error` (the type of
//! an ill-typed node, which behaves as `dyn` so that one mistake yields one diagnostic).
//!
//! [`Type::is_assignable_from`] is the assignability relation of the checker without type
//! parameter bindings; the checker itself unifies with a substitution (see `assign`).

mod assign;

use std::fmt;
use std::sync::Arc;

pub(crate) use assign::{Substitution, most_general};

/// A CEL type.
///
/// Types are cheap to clone: compound types share their parts. They print as CEL writes them:
/// `list(string)`, `map(string, dyn)`, `type(int)`, `wrapper(int)`, `AIModel`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Type {
    /// `dyn`: any value, checked at run time.
    Dyn,
    /// The type of an ill-typed node; it is assignable to and from every type, so that checking
    /// goes on without a cascade of errors.
    Error,
    /// `null_type`, the type of `null`.
    Null,
    /// `bool`.
    Bool,
    /// `int`: 64-bit signed.
    Int,
    /// `uint`: 64-bit unsigned.
    Uint,
    /// `double`: 64-bit IEEE 754.
    Double,
    /// `string`: Unicode text.
    String,
    /// `bytes`.
    Bytes,
    /// `duration` (`google.protobuf.Duration`).
    Duration,
    /// `timestamp` (`google.protobuf.Timestamp`).
    Timestamp,
    /// `list(T)`.
    List(Arc<Type>),
    /// `map(K, V)`.
    Map(Arc<Type>, Arc<Type>),
    /// A type value: `type(T)`, or the bare `type` when the denoted type is unknown.
    Type(Option<Arc<Type>>),
    /// A type parameter (`A` in `size(list(A)) -> int`), bound anew at each use.
    Param(TypeParam),
    /// A declared object type, by its fully qualified name (`AIModel`,
    /// `cel.expr.conformance.proto3.TestAllTypes`); its fields are declared in the environment.
    Object(Arc<str>),
    /// A protobuf wrapper type (`google.protobuf.Int64Value`): the primitive or `null`.
    Wrapper(Arc<Type>),
    /// An abstract type with a name and type arguments (`optional_type(int)`).
    Opaque(Arc<OpaqueType>),
}

/// The name and type arguments of an abstract type.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct OpaqueType {
    /// The type's name (`optional_type`).
    pub name: Arc<str>,
    /// The type arguments.
    pub params: Vec<Type>,
}

/// A type parameter: a name from a declaration, or a variable the checker made up.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct TypeParam(pub(crate) ParamRepr);

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(crate) enum ParamRepr {
    Named(Arc<str>),
    /// A fresh type variable of one check; never left in a checked AST.
    Fresh(u32),
}

impl TypeParam {
    /// The parameter's name (`A`, or `_var3` for a variable the checker made up).
    pub fn name(&self) -> String {
        match &self.0 {
            ParamRepr::Named(name) => name.to_string(),
            ParamRepr::Fresh(n) => format!("_var{n}"),
        }
    }
}

impl Type {
    /// `list(elem)`.
    pub fn list(elem: Type) -> Type {
        Type::List(Arc::new(elem))
    }

    /// `map(key, value)`.
    pub fn map(key: Type, value: Type) -> Type {
        Type::Map(Arc::new(key), Arc::new(value))
    }

    /// `type(denoted)`, the type of a type value.
    pub fn type_of(denoted: Type) -> Type {
        Type::Type(Some(Arc::new(denoted)))
    }

    /// A type parameter of a generic declaration; the same name within one overload is the
    /// same type.
    pub fn param(name: &str) -> Type {
        Type::Param(TypeParam(ParamRepr::Named(name.into())))
    }

    /// The object type of that fully qualified name.
    pub fn object(name: &str) -> Type {
        Type::Object(name.into())
    }

    /// The protobuf wrapper of a primitive type: the primitive, or `null`.
    pub fn wrapper(primitive: Type) -> Type {
        Type::Wrapper(Arc::new(primitive))
    }

    /// An abstract type `name(params...)`.
    pub fn opaque(name: &str, params: Vec<Type>) -> Type {
        Type::Opaque(Arc::new(OpaqueType { name: name.into(), params }))
    }

    pub(crate) fn fresh(n: u32) -> Type {
        Type::Param(TypeParam(ParamRepr::Fresh(n)))
    }

    /// Whether this is `dyn` (a value of any type, checked at run time).
    pub fn is_dyn(&self) -> bool {
        matches!(self, Type::Dyn)
    }

    /// Whether this is the type of an ill-typed node.
    pub fn is_error(&self) -> bool {
        matches!(self, Type::Error)
    }

    pub(crate) fn is_dyn_or_error(&self) -> bool {
        matches!(self, Type::Dyn | Type::Error)
    }

    /// The element type of a list.
    pub fn list_elem(&self) -> Option<&Type> {
        match self {
            Type::List(elem) => Some(elem),
            _ => None,
        }
    }

    /// The key and value types of a map.
    pub fn map_entry(&self) -> Option<(&Type, &Type)> {
        match self {
            Type::Map(key, value) => Some((key, value)),
            _ => None,
        }
    }

    /// The name of an object type.
    pub fn object_name(&self) -> Option<&str> {
        match self {
            Type::Object(name) => Some(name),
            _ => None,
        }
    }

    /// Whether a value of type `value` may be used where a value of this type is expected.
    ///
    /// `dyn` goes both ways (gradual typing: the check happens at run time), and so does a type
    /// parameter, which stands for any type here. Unlike the checker, this does not remember what
    /// a type parameter was bound to: `list(A)` accepts `list(int)`.
    ///
    /// ```
    /// use switchyard_cel::types::Type;
    /// let model = Type::object("AIModel");
    /// assert!(model.is_assignable_from(&model));
    /// assert!(model.is_assignable_from(&Type::Dyn));
    /// assert!(!model.is_assignable_from(&Type::Bool));
    /// assert!(Type::list(Type::Dyn).is_assignable_from(&Type::list(Type::String)));
    /// ```
    pub fn is_assignable_from(&self, value: &Type) -> bool {
        Substitution::default().is_assignable(value, self)
    }

    /// Whether the type contains a type parameter.
    pub(crate) fn has_params(&self) -> bool {
        match self {
            Type::Param(_) => true,
            Type::List(elem) | Type::Wrapper(elem) => elem.has_params(),
            Type::Map(key, value) => key.has_params() || value.has_params(),
            Type::Type(Some(denoted)) => denoted.has_params(),
            Type::Opaque(opaque) => opaque.params.iter().any(Type::has_params),
            _ => false,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Type::Dyn => "dyn",
            Type::Error => "error",
            Type::Null => "null_type",
            Type::Bool => "bool",
            Type::Int => "int",
            Type::Uint => "uint",
            Type::Double => "double",
            Type::String => "string",
            Type::Bytes => "bytes",
            Type::Duration => "duration",
            Type::Timestamp => "timestamp",
            Type::List(elem) => return write!(f, "list({elem})"),
            Type::Map(key, value) => return write!(f, "map({key}, {value})"),
            Type::Type(None) => "type",
            Type::Type(Some(denoted)) => return write!(f, "type({denoted})"),
            Type::Param(param) => match &param.0 {
                ParamRepr::Named(name) => name,
                ParamRepr::Fresh(n) => return write!(f, "_var{n}"),
            },
            Type::Object(name) => name,
            Type::Wrapper(primitive) => return write!(f, "wrapper({primitive})"),
            Type::Opaque(opaque) => {
                f.write_str(&opaque.name)?;
                if opaque.params.is_empty() {
                    return Ok(());
                }
                f.write_str("(")?;
                for (i, param) in opaque.params.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{param}")?;
                }
                return f.write_str(")");
            }
        };
        f.write_str(name)
    }
}

#[cfg(test)]
mod tests;
