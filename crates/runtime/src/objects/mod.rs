//! The policy object types (spec/cel.md §2, §4, §5) as native Rust structs.
//!
//! Every struct has public fields named as in CEL and a field table in the same order: linking
//! resolves a field name to its slot, and [`Object::field`] reads the slot through a table of
//! accessors, without comparing names. Numbers and booleans are stored natively; strings, lists,
//! maps and nested objects as [`Value`]s, so that evaluation borrows them instead of cloning.
//! `Default` gives each field its zero value (`""`, `0`, `[]`, `{}`, a default nested object;
//! `null` for `dyn` fields).
//!
//! Build the selection objects once per plan load (or metrics refresh) and share them: a list
//! of [`AiModel`]s in a `Value::List` is bound to `ai.models` per request by cloning one `Arc`.
//!
//! ```
//! use switchyard_runtime::objects::{AiModel, ErrorRate, MetricScope, Metrics};
//! use switchyard_runtime::value::Value;
//!
//! let model = AiModel {
//!     id: "gpt-4o".into(),
//!     provider_id: "openai".into(),
//!     metrics: Value::object(Metrics {
//!         global: Value::object(MetricScope {
//!             error_rate: Value::object(ErrorRate { total: 0.002, ..ErrorRate::default() }),
//!             ..MetricScope::default()
//!         }),
//!         ..Metrics::default()
//!     }),
//!     ..AiModel::default()
//! };
//! assert_eq!(model.id.as_str(), Some("gpt-4o"));
//! ```

mod request;
mod selection;

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

pub use request::{
    Actions, Connection, ConnectionTimestamps, ContentType, Cookie, Endpoint, Geo, Request,
    RequestTimestamps, ResCookie, Response, Time, Url, UserAgent,
};
pub use selection::{
    AiAuthor, AiKey, AiModel, AiProvider, CodeInterpreterPricing, Datacenter, ErrorRate,
    FileSearchPricing, ImageGenerationPricing, Latency, MetricScope, Metrics, Pricing, Quota,
    TextPricing, TokenCounts, ToolPricing, WebSearchPricing,
};

use crate::value::{Duration, List, Map, ObjectType, Timestamp, Value};

/// Every policy object type, for [`Registry::policy`](crate::eval::Registry::policy).
pub(crate) fn types() -> Vec<Arc<ObjectType>> {
    let mut types = request::types();
    types.extend(selection::types());
    types
}

/// How a native field is read as a value and set from one.
pub(crate) trait FieldValue: Sized {
    fn read(&self) -> Cow<'_, Value>;
    fn write(value: Value) -> Result<Self, String>;
}

impl FieldValue for Value {
    fn read(&self) -> Cow<'_, Value> {
        Cow::Borrowed(self)
    }

    fn write(value: Value) -> Result<Value, String> {
        Ok(value)
    }
}

impl FieldValue for f64 {
    fn read(&self) -> Cow<'_, Value> {
        Cow::Owned(Value::Double(*self))
    }

    fn write(value: Value) -> Result<f64, String> {
        match value {
            Value::Double(value) => Ok(value),
            other => Err(format!("expected a double, got {}", other.type_value().name())),
        }
    }
}

impl FieldValue for i64 {
    fn read(&self) -> Cow<'_, Value> {
        Cow::Owned(Value::Int(*self))
    }

    fn write(value: Value) -> Result<i64, String> {
        match value {
            Value::Int(value) => Ok(value),
            other => Err(format!("expected an int, got {}", other.type_value().name())),
        }
    }
}

impl FieldValue for bool {
    fn read(&self) -> Cow<'_, Value> {
        Cow::Owned(Value::Bool(*self))
    }

    fn write(value: Value) -> Result<bool, String> {
        match value {
            Value::Bool(value) => Ok(value),
            other => Err(format!("expected a bool, got {}", other.type_value().name())),
        }
    }
}

static EMPTY_STRING: LazyLock<Value> = LazyLock::new(|| Value::from(""));

/// The zero values of fields stored as [`Value`].
pub(crate) fn empty_string() -> Value {
    EMPTY_STRING.clone()
}

pub(crate) fn empty_list() -> Value {
    Value::List(List::default())
}

pub(crate) fn empty_map() -> Value {
    Value::Map(Map::default())
}

pub(crate) fn epoch() -> Value {
    Value::Timestamp(Timestamp::new(0, 0).unwrap_or_else(|| unreachable!()))
}

pub(crate) fn zero_duration() -> Value {
    Value::Duration(Duration::from_seconds(0).unwrap_or_else(|| unreachable!()))
}

/// Declares native object types. Field kinds: `str`, `list`, `map`, `dyn`, `timestamp`,
/// `duration` (stored as `Value`), `obj(Type)` (a `Value` holding a `Type`), `f64`, `i64`, `bool`.
macro_rules! native_objects {
    ($(
        $(#[$meta:meta])*
        struct $name:ident($cel:literal $(, $flag:ident)*) {
            $( $(#[$field_meta:meta])* $field:ident: $kind:ident $(($nested:ty))?, )*
        }
        $( extra { $( $(#[$extra_meta:meta])* $extra:ident: $extra_ty:ty = $extra_default:expr, )* } )?
    )*) => {$(
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: native_objects!(@type $kind), )*
            $( $( $(#[$extra_meta])* pub $extra: $extra_ty, )* )?
        }

        impl Default for $name {
            fn default() -> $name {
                $name {
                    $( $field: native_objects!(@default $kind $(($nested))?), )*
                    $( $( $extra: $extra_default, )* )?
                }
            }
        }

        impl $name {
            const READERS: &[for<'a> fn(&'a $name) -> Cow<'a, Value>] = &[$({
                fn read(object: &$name) -> Cow<'_, Value> {
                    FieldValue::read(&object.$field)
                }
                read
            }),*];

            const WRITERS: &[fn(&mut $name, Value) -> Result<(), String>] = &[$({
                fn write(object: &mut $name, value: Value) -> Result<(), String> {
                    object.$field = FieldValue::write(value)?;
                    Ok(())
                }
                write
            }),*];

            /// The object type: the CEL name and the fields in slot order.
            pub fn object_type() -> &'static Arc<ObjectType> {
                static TYPE: LazyLock<Arc<ObjectType>> = LazyLock::new(|| {
                    let ty = ObjectType::new($cel, [$(stringify!($field)),*])
                        .with_constructor(Arc::new(|_: &ObjectType, fields: Vec<(usize, Value)>| {
                            let mut object = $name::default();
                            for (slot, value) in fields {
                                let write = $name::WRITERS.get(slot).ok_or("no such field")?;
                                write(&mut object, value)?;
                            }
                            Ok(Value::object(object))
                        }));
                    let flags: &[&str] = &[$(stringify!($flag)),*];
                    Arc::new(if flags.contains(&"lenient") { ty.lenient_predicates() } else { ty })
                });
                &TYPE
            }
        }

        impl std::fmt::Debug for $name {
            /// The fields, except the `value` of secret types (API keys).
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let flags: &[&str] = &[$(stringify!($flag)),*];
                let mut out = f.debug_struct($cel);
                $(
                    if flags.contains(&"secret") && stringify!($field) == "value" {
                        out.field(stringify!($field), &"<redacted>");
                    } else {
                        out.field(stringify!($field), &self.$field);
                    }
                )*
                out.finish_non_exhaustive()
            }
        }

        impl crate::value::Object for $name {
            fn object_type(&self) -> &ObjectType {
                $name::object_type()
            }

            #[inline]
            fn field(&self, slot: usize) -> Option<Cow<'_, Value>> {
                $name::READERS.get(slot).map(|read| read(self))
            }

            native_objects!(@text $($flag)*);
        }
    )*};
    (@type f64) => { f64 };
    (@type i64) => { i64 };
    (@type bool) => { bool };
    (@type $other:ident) => { Value };
    (@default str) => { crate::objects::empty_string() };
    (@default list) => { crate::objects::empty_list() };
    (@default map) => { crate::objects::empty_map() };
    (@default dyn) => { Value::Null };
    (@default timestamp) => { crate::objects::epoch() };
    (@default duration) => { crate::objects::zero_duration() };
    (@default obj($nested:ty)) => { Value::object(<$nested>::default()) };
    (@default f64) => { 0.0 };
    (@default i64) => { 0 };
    (@default bool) => { false };
    (@text) => {};
    (@text lenient $($rest:ident)*) => { native_objects!(@text $($rest)*); };
    (@text secret $($rest:ident)*) => { native_objects!(@text $($rest)*); };
    (@text text $($rest:ident)*) => {
        fn text(&self) -> Option<Cow<'_, Value>> {
            Some(Cow::Borrowed(&self.text))
        }
    };
}

pub(crate) use native_objects;
