//! Protobuf messages as runtime objects, for the conformance suite's `TestAllTypes`: a registry
//! with every message type (fields by slot, constructors), well-known types as CEL values
//! (wrappers, `Any`, `Value`, `Struct`, `Timestamp`, `Duration`), and `cel.expr.Value`
//! messages converted both ways.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use prost_reflect::{
    DescriptorPool, DynamicMessage, FieldDescriptor, Kind, MapKey as ProtoKey, ReflectMessage,
    Value as Proto,
};
use switchyard_runtime::eval::Registry;
use switchyard_runtime::value::{
    Duration, List, Map, MapKey, Object, ObjectType, Timestamp, Value,
};

/// A message of the pool as an object.
#[derive(Debug)]
pub(crate) struct Message {
    ty: Arc<ObjectType>,
    fields: Arc<Vec<FieldDescriptor>>,
    #[allow(clippy::struct_field_names, reason = "the protobuf message itself")]
    pub(crate) message: DynamicMessage,
}

/// An object type with the fields of its message, in slot order.
type MessageType = (Arc<ObjectType>, Arc<Vec<FieldDescriptor>>);

/// The object types of the pool's messages, by full name, with their fields in slot order.
static TYPES: OnceLock<HashMap<String, MessageType>> = OnceLock::new();
static POOL: OnceLock<DescriptorPool> = OnceLock::new();

impl Object for Message {
    fn object_type(&self) -> &ObjectType {
        &self.ty
    }

    fn field(&self, slot: usize) -> Option<Cow<'_, Value>> {
        let field = self.fields.get(slot)?;
        Some(Cow::Owned(field_value(&self.message, field)))
    }

    fn has(&self, slot: usize) -> bool {
        self.fields.get(slot).is_some_and(|field| self.message.has_field(field))
    }

    /// Protobuf equality: the same type, the same fields set, equal values (`Any` unpacked),
    /// unknown fields compared as bytes (cel-go's fallback).
    fn equals(&self, other: &dyn Object) -> bool {
        let Some(other) = (other as &dyn std::any::Any).downcast_ref::<Message>() else {
            return false;
        };
        self.ty.name() == other.ty.name()
            && self.message.unknown_fields().eq(other.message.unknown_fields())
            && self.fields.iter().all(|field| {
                match (self.message.has_field(field), other.message.has_field(field)) {
                    (false, false) => true,
                    (true, true) => {
                        field_value(&self.message, field) == field_value(&other.message, field)
                    }
                    _ => false,
                }
            })
    }
}

/// The standard registry plus every message type of the pool and every enum constant.
pub(crate) fn registry(pool: &DescriptorPool) -> Registry {
    let _ = POOL.set(pool.clone());
    let types = TYPES.get_or_init(|| {
        pool.all_messages()
            .filter(|descriptor| !descriptor.is_map_entry())
            .map(|descriptor| {
                let fields: Vec<FieldDescriptor> = descriptor.fields().collect();
                let names: Vec<String> =
                    fields.iter().map(|field| field.name().to_owned()).collect();
                let message = descriptor.clone();
                let ty = ObjectType::new(descriptor.full_name(), names.iter().map(String::as_str))
                    .with_constructor(Arc::new(
                        move |_: &ObjectType, values: Vec<(usize, Value)>| {
                            super::proto_build::construct(&message, values)
                        },
                    ));
                (descriptor.full_name().to_owned(), (Arc::new(ty), Arc::new(fields)))
            })
            .collect()
    });
    let mut registry = Registry::standard();
    // What cel-go reports for a call of an undeclared function, unchecked: an error at run time.
    for arity in 0..4 {
        let params = vec![switchyard_runtime::value::Kind::Any; arity];
        registry.add_overload(
            &format!("@unbound_{arity}"),
            &params,
            switchyard_runtime::eval::Function::Pure(|_| {
                Err(switchyard_runtime::eval::Error::new(
                    switchyard_runtime::eval::ErrorKind::NotFound,
                    "unbound function",
                ))
            }),
        );
    }
    for (ty, _) in types.values() {
        registry.add_object(ty.clone());
    }
    for descriptor in pool.all_enums() {
        for value in descriptor.values() {
            let name = format!("{}.{}", descriptor.full_name(), value.name());
            registry.add_constant(&name, Value::Int(i64::from(value.number())));
        }
    }
    registry
}

/// The CEL value of a field: unset wrappers and JSON values are null, lists and maps convert.
fn field_value(message: &DynamicMessage, field: &FieldDescriptor) -> Value {
    if let Kind::Message(descriptor) = field.kind()
        && !field.is_list()
        && !field.is_map()
        && !message.has_field(field)
    {
        let name = descriptor.full_name();
        if (name.starts_with("google.protobuf.")
            && name.ends_with("Value")
            && name != "google.protobuf.ListValue")
            || name == "google.protobuf.Any"
        {
            return Value::Null;
        }
    }
    from_proto(&message.get_field(field))
}

fn from_proto(value: &Proto) -> Value {
    match value {
        Proto::Bool(b) => Value::Bool(*b),
        Proto::I32(n) | Proto::EnumNumber(n) => Value::Int(i64::from(*n)),
        Proto::I64(n) => Value::Int(*n),
        Proto::U32(n) => Value::Uint(u64::from(*n)),
        Proto::U64(n) => Value::Uint(*n),
        Proto::F32(f) => Value::Double(f64::from(*f)),
        Proto::F64(f) => Value::Double(*f),
        Proto::String(s) => Value::from(s.as_str()),
        Proto::Bytes(b) => Value::from(b.to_vec()),
        Proto::Message(message) => message_value(message),
        Proto::List(items) => Value::list(items.iter().map(from_proto)),
        Proto::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(key, item)| {
                    let key = match key {
                        ProtoKey::Bool(b) => MapKey::Bool(*b),
                        ProtoKey::I32(n) => MapKey::Int(i64::from(*n)),
                        ProtoKey::I64(n) => MapKey::Int(*n),
                        ProtoKey::U32(n) => MapKey::Uint(u64::from(*n)),
                        ProtoKey::U64(n) => MapKey::Uint(*n),
                        ProtoKey::String(s) => MapKey::from(s.as_str()),
                    };
                    (key, from_proto(item))
                })
                .collect(),
        ),
    }
}

/// A message as CEL sees it: well-known types as their values, others as objects.
pub(crate) fn message_value(message: &DynamicMessage) -> Value {
    let get = |name: &str| message.get_field_by_name(name).map(std::borrow::Cow::into_owned);
    let name = message.descriptor().full_name().to_owned();
    match name.as_str() {
        "google.protobuf.BoolValue"
        | "google.protobuf.Int32Value"
        | "google.protobuf.Int64Value"
        | "google.protobuf.UInt32Value"
        | "google.protobuf.UInt64Value"
        | "google.protobuf.FloatValue"
        | "google.protobuf.DoubleValue"
        | "google.protobuf.StringValue"
        | "google.protobuf.BytesValue" => {
            get("value").map_or(Value::Null, |value| from_proto(&value))
        }
        "google.protobuf.Timestamp" => {
            let seconds = get("seconds").and_then(|v| v.as_i64()).unwrap_or(0);
            let nanos = get("nanos").and_then(|v| v.as_i32()).unwrap_or(0);
            Timestamp::new(seconds, u32::try_from(nanos).unwrap_or(0))
                .map_or(Value::Null, Value::Timestamp)
        }
        "google.protobuf.Duration" => {
            let seconds = get("seconds").and_then(|v| v.as_i64()).unwrap_or(0);
            let nanos = get("nanos").and_then(|v| v.as_i32()).unwrap_or(0);
            Duration::from_nanos(i128::from(seconds) * 1_000_000_000 + i128::from(nanos))
                .map_or(Value::Null, Value::Duration)
        }
        "google.protobuf.Any" => {
            let url =
                get("type_url").and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            let bytes = get("value").and_then(|v| v.as_bytes().cloned()).unwrap_or_default();
            let inner = url.rsplit('/').next().and_then(|name| pool().get_message_by_name(name));
            match inner.and_then(|descriptor| DynamicMessage::decode(descriptor, bytes).ok()) {
                Some(inner) => message_value(&inner),
                // Without a known type, the `Any` stays a message: compared by its bytes.
                None => object(&name, message),
            }
        }
        "google.protobuf.Value" => match message.fields().next() {
            None => Value::Null,
            Some((field, value)) => match field.name() {
                "null_value" => Value::Null,
                _ => from_proto(value),
            },
        },
        "google.protobuf.ListValue" => {
            get("values").map_or(Value::List(List::default()), |v| from_proto(&v))
        }
        "google.protobuf.Struct" => {
            get("fields").map_or(Value::Map(Map::default()), |v| from_proto(&v))
        }
        _ => object(&name, message),
    }
}

fn object(name: &str, message: &DynamicMessage) -> Value {
    match TYPES.get().and_then(|types| types.get(name)) {
        Some((ty, fields)) => Value::object(Message {
            ty: ty.clone(),
            fields: fields.clone(),
            message: message.clone(),
        }),
        None => Value::Null,
    }
}

/// A `cel.expr.Value` message as a runtime value.
pub(crate) fn expected(value: &DynamicMessage) -> Value {
    let Some((field, proto)) = value.fields().next() else { return Value::Null };
    match field.name() {
        "null_value" => Value::Null,
        "enum_value" => match proto {
            Proto::Message(enum_value) => Value::Int(i64::from(
                enum_value.get_field_by_name("value").and_then(|v| v.as_i32()).unwrap_or(0),
            )),
            _ => Value::Null,
        },
        "object_value" => match proto {
            Proto::Message(any) => message_value(any),
            _ => Value::Null,
        },
        "map_value" => {
            let Proto::Message(map) = proto else { return Value::Null };
            let entries = super::data::messages(map, "entries")
                .iter()
                .filter_map(|entry| {
                    let key = expected(&super::data::message(entry, "key"));
                    let key = MapKey::from_value(&key)?;
                    Some((key, expected(&super::data::message(entry, "value"))))
                })
                .collect::<Vec<_>>();
            Value::Map(entries.into_iter().collect())
        }
        "list_value" => {
            let Proto::Message(list) = proto else { return Value::Null };
            Value::list(super::data::messages(list, "values").iter().map(expected))
        }
        "type_value" => {
            Value::Type(switchyard_runtime::value::TypeValue::named(proto.as_str().unwrap_or("")))
        }
        _ => from_proto(proto),
    }
}

/// Strict equality for comparing results: same kinds, `NaN` equal to itself.
pub(crate) fn same(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Double(a), Value::Double(b)) => {
            (a.is_nan() && b.is_nan()) || a.total_cmp(b).is_eq() || (*a == 0.0 && *b == 0.0)
        }
        (Value::List(a), Value::List(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| same(a, b))
        }
        (Value::Map(a), Value::Map(b)) => {
            a.len() == b.len()
                && a.iter().all(|(key, value)| {
                    b.get(&key.to_value()).is_some_and(|other| same(value, other))
                })
        }
        _ => left.kind() == right.kind() && left == right,
    }
}

pub(crate) fn pool() -> &'static DescriptorPool {
    POOL.get().expect("the registry was built")
}
