//! CEL's runtime values.
//!
//! A [`Value`] is cheap to clone: strings, bytes, lists, maps and objects are reference counted.
//! Errors are not values here: evaluation returns `Result<Value, eval::Error>`, and the special
//! forms (`&&`, `||`, `?:`, comprehensions) hold errors where CEL holds them.

mod compare;
mod list;
mod map;
mod object;
pub(crate) mod projection;
mod time;

use std::fmt;
use std::sync::{Arc, LazyLock};

pub use list::List;
pub use map::{Map, MapKey};
pub use object::{Constructor, FieldDecl, Object, ObjectType};
pub use time::{Duration, Timestamp};

/// A shared, immutable string.
pub type Str = Arc<str>;

/// A CEL value.
#[derive(Clone, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `bool`.
    Bool(bool),
    /// `int`: a signed 64-bit integer.
    Int(i64),
    /// `uint`: an unsigned 64-bit integer.
    Uint(u64),
    /// `double`: a 64-bit IEEE float.
    Double(f64),
    /// `string`: Unicode text.
    String(Str),
    /// `bytes`.
    Bytes(Arc<[u8]>),
    /// `list(T)`.
    List(List),
    /// `map(K, V)`.
    Map(Map),
    /// `google.protobuf.Timestamp`.
    Timestamp(Timestamp),
    /// `google.protobuf.Duration`.
    Duration(Duration),
    /// A type as a value (`int`, `type(x)`).
    Type(TypeValue),
    /// An object of a declared type (`AIModel`, `Request`).
    Object(Arc<dyn Object>),
}

/// The kind of a value: its type without parameters, as overload dispatch sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `null_type`.
    Null,
    /// `bool`.
    Bool,
    /// `int`.
    Int,
    /// `uint`.
    Uint,
    /// `double`.
    Double,
    /// `string`.
    String,
    /// `bytes`.
    Bytes,
    /// `list`.
    List,
    /// `map`.
    Map,
    /// `google.protobuf.Timestamp`.
    Timestamp,
    /// `google.protobuf.Duration`.
    Duration,
    /// `type`.
    Type,
    /// Any object type.
    Object,
    /// Any kind: a type parameter or `dyn` in a signature.
    Any,
}

impl Kind {
    /// Whether a value of kind `actual` fits a parameter of this kind.
    pub fn admits(self, actual: Kind) -> bool {
        self == Kind::Any || self == actual
    }

    /// The CEL name of the kind's type.
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Null => "null_type",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Uint => "uint",
            Kind::Double => "double",
            Kind::String => "string",
            Kind::Bytes => "bytes",
            Kind::List => "list",
            Kind::Map => "map",
            Kind::Timestamp => "google.protobuf.Timestamp",
            Kind::Duration => "google.protobuf.Duration",
            Kind::Type => "type",
            Kind::Object => "object",
            Kind::Any => "dyn",
        }
    }
}

/// A type used as a value: its name (`int`, `list`, `AIModel`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TypeValue(Str);

impl TypeValue {
    /// The type named `name`.
    pub fn named(name: &str) -> TypeValue {
        match BUILTIN_TYPES.iter().find(|ty| &*ty.0 == name) {
            Some(ty) => ty.clone(),
            None => TypeValue(name.into()),
        }
    }

    /// The type of values of `kind` (for objects, see [`Value::type_value`]).
    pub fn of_kind(kind: Kind) -> TypeValue {
        TypeValue::named(kind.type_name())
    }

    /// The type's name.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TypeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

static BUILTIN_TYPES: LazyLock<Vec<TypeValue>> = LazyLock::new(|| {
    [
        Kind::Null,
        Kind::Bool,
        Kind::Int,
        Kind::Uint,
        Kind::Double,
        Kind::String,
        Kind::Bytes,
        Kind::List,
        Kind::Map,
        Kind::Timestamp,
        Kind::Duration,
        Kind::Type,
    ]
    .into_iter()
    .map(|kind| TypeValue(kind.type_name().into()))
    .collect()
});

impl Value {
    /// The value's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Int(_) => Kind::Int,
            Value::Uint(_) => Kind::Uint,
            Value::Double(_) => Kind::Double,
            Value::String(_) => Kind::String,
            Value::Bytes(_) => Kind::Bytes,
            Value::List(_) => Kind::List,
            Value::Map(_) => Kind::Map,
            Value::Timestamp(_) => Kind::Timestamp,
            Value::Duration(_) => Kind::Duration,
            Value::Type(_) => Kind::Type,
            Value::Object(_) => Kind::Object,
        }
    }

    /// The value's type, as `type(value)` gives it.
    pub fn type_value(&self) -> TypeValue {
        match self {
            Value::Object(object) => TypeValue::named(object.object_type().name()),
            other => TypeValue::of_kind(other.kind()),
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The list, if this is one.
    pub fn as_list(&self) -> Option<&List> {
        match self {
            Value::List(list) => Some(list),
            _ => None,
        }
    }

    /// The map, if this is one.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&dyn Object> {
        match self {
            Value::Object(object) => Some(&**object),
            _ => None,
        }
    }

    /// The object as the native type `T`, if it is one.
    pub fn downcast_ref<T: Object>(&self) -> Option<&T> {
        let object: &dyn std::any::Any = self.as_object()?;
        object.downcast_ref()
    }

    /// A list of `items`.
    pub fn list(items: impl IntoIterator<Item = Value>) -> Value {
        Value::List(List::from_iter(items))
    }

    /// An object value.
    pub fn object(object: impl Object) -> Value {
        Value::Object(Arc::new(object))
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Value {
        Value::Bool(value)
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Value {
        Value::Int(value)
    }
}

impl From<u64> for Value {
    fn from(value: u64) -> Value {
        Value::Uint(value)
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Value {
        Value::Double(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Value {
        Value::String(value.into())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Value {
        Value::String(value.into())
    }
}

impl From<Str> for Value {
    fn from(value: Str) -> Value {
        Value::String(value)
    }
}

impl From<Vec<u8>> for Value {
    fn from(value: Vec<u8>) -> Value {
        Value::Bytes(value.into())
    }
}

impl From<List> for Value {
    fn from(value: List) -> Value {
        Value::List(value)
    }
}

impl From<Map> for Value {
    fn from(value: Map) -> Value {
        Value::Map(value)
    }
}

impl From<Timestamp> for Value {
    fn from(value: Timestamp) -> Value {
        Value::Timestamp(value)
    }
}

impl From<Duration> for Value {
    fn from(value: Duration) -> Value {
        Value::Duration(value)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(value) => write!(f, "{value}"),
            Value::Int(value) => write!(f, "{value}"),
            Value::Uint(value) => write!(f, "{value}u"),
            Value::Double(value) => write!(f, "{value:?}"),
            Value::String(value) => write!(f, "{value:?}"),
            Value::Bytes(value) => write!(f, "b\"{}\"", value.escape_ascii()),
            Value::List(list) => f.debug_list().entries(list.iter()).finish(),
            Value::Map(map) => f.debug_map().entries(map.iter()).finish(),
            Value::Timestamp(value) => write!(f, "timestamp({value})"),
            Value::Duration(value) => write!(f, "duration({value})"),
            Value::Type(ty) => write!(f, "{ty:?}"),
            Value::Object(object) => write!(f, "{object:?}"),
        }
    }
}

/// CEL equality (`==`): numbers compare across `int`, `uint` and `double`; values of different
/// kinds are unequal; `NaN` equals nothing.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        compare::equal(self, other)
    }
}

pub(crate) use compare::{both_numbers, compare, equal, str_eq};
