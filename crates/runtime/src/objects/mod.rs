//! The policy object types (spec/cel.md §2, §4, §5) as native Rust structs.
//!
//! Every struct has public fields named as in CEL and a field table in the same order: linking
//! resolves a field name to its slot, and [`Object::field_ref`] reads the slot through a table
//! of accessors, without comparing names. Every field is stored as a [`Value`] of the kind its
//! documentation names (`Value::Double` for a `double`, `Value::Object` holding the named type
//! for an object), so that evaluation borrows fields instead of copying them. `Default` gives
//! each field its zero value (`""`, `0`, `0.0`, `false`, `[]`, `{}`, a default nested object;
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
//!             error_rate: Value::object(ErrorRate { total: 0.002.into(), ..ErrorRate::default() }),
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

/// Checks a value for a field of a kind (`Name{field: value}` constructions).
pub(crate) fn check_kind(value: Value, kind: &str) -> Result<Value, String> {
    let fits = match kind {
        "f64" => matches!(value, Value::Double(_)),
        "i64" => matches!(value, Value::Int(_)),
        "bool" => matches!(value, Value::Bool(_)),
        "str" => matches!(value, Value::String(_)),
        "list" => matches!(value, Value::List(_)),
        "map" => matches!(value, Value::Map(_)),
        "timestamp" => matches!(value, Value::Timestamp(_)),
        "duration" => matches!(value, Value::Duration(_)),
        "obj" => matches!(value, Value::Object(_)),
        _ => true,
    };
    if fits {
        Ok(value)
    } else {
        Err(format!(
            "a value of type {} does not fit a field of kind {kind}",
            value.type_value().name()
        ))
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

/// Declares native object types. Field kinds (all stored as `Value`): `str`, `list`, `map`,
/// `dyn`, `timestamp`, `duration`, `obj(Type)` (an object of `Type`), `f64`, `i64`, `bool`.
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
            $( $(#[$field_meta])* pub $field: Value, )*
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
            const WRITERS: &[fn(&mut $name, Value) -> Result<(), String>] = &[$({
                fn write(object: &mut $name, value: Value) -> Result<(), String> {
                    object.$field = crate::objects::check_kind(value, stringify!($kind))?;
                    Ok(())
                }
                write
            }),*];

            /// The object type: the CEL name and the fields in slot order.
            pub fn object_type() -> &'static Arc<ObjectType> {
                static TYPE: LazyLock<Arc<ObjectType>> = LazyLock::new(|| {
                    let ty = ObjectType::new($cel, [$(stringify!($field)),*])
                        .native::<$name>()
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
            fn field_ref(&self, slot: usize) -> Option<&Value> {
                // A table from slot to field: one bounds check and one jump, whatever the slot.
                #[allow(non_camel_case_types, clippy::enum_variant_names)]
                #[derive(Clone, Copy)]
                enum Slot { $($field),* }
                const SLOTS: &[Slot] = &[$(Slot::$field),*];
                Some(match *SLOTS.get(slot)? { $( Slot::$field => &self.$field, )* })
            }

            #[inline]
            fn field_of(&self, ty: &ObjectType, slot: usize) -> Option<&Value> {
                if ty.is_native::<$name>() { self.field_ref(slot) } else { None }
            }

            native_objects!(@text $($flag)*);
        }
    )*};
    (@default str) => { crate::objects::empty_string() };
    (@default list) => { crate::objects::empty_list() };
    (@default map) => { crate::objects::empty_map() };
    (@default dyn) => { Value::Null };
    (@default timestamp) => { crate::objects::epoch() };
    (@default duration) => { crate::objects::zero_duration() };
    (@default obj($nested:ty)) => { Value::object(<$nested>::default()) };
    (@default f64) => { Value::Double(0.0) };
    (@default i64) => { Value::Int(0) };
    (@default bool) => { Value::Bool(false) };
    (@text) => {};
    (@text lenient $($rest:ident)*) => { native_objects!(@text $($rest)*); };
    (@text secret $($rest:ident)*) => { native_objects!(@text $($rest)*); };
    (@text text $($rest:ident)*) => {
        fn text(&self) -> Option<std::borrow::Cow<'_, Value>> {
            Some(std::borrow::Cow::Borrowed(&self.text))
        }
    };
}

pub(crate) use native_objects;
