//! Building protobuf messages from runtime values: `Name{field: value}` for the conformance
//! suite's messages, with well-known types (wrappers, `Any`, `Value`, `Struct`, `ListValue`,
//! `Timestamp`, `Duration`) built from the CEL values they stand for.

use std::collections::HashMap;

use prost_reflect::prost::Message as _;
use prost_reflect::{
    DynamicMessage, FieldDescriptor, Kind, MapKey as ProtoKey, MessageDescriptor, ReflectMessage,
    Value as Proto,
};
use switchyard_runtime::value::{MapKey, Value};

use super::proto::{Message, message_value, pool};

pub(crate) fn construct(
    descriptor: &MessageDescriptor,
    values: Vec<(usize, Value)>,
) -> Result<Value, String> {
    let mut message = DynamicMessage::new(descriptor.clone());
    let fields: Vec<FieldDescriptor> = descriptor.fields().collect();
    for (slot, value) in values {
        let field = fields.get(slot).ok_or("no such field")?;
        if matches!(value, Value::Null) && !matches!(field.kind(), Kind::Enum(_)) {
            if is_json_value(field) {
                message.set_field(field, to_proto(&value, field.kind(), false)?);
            }
            continue;
        }
        let proto = if field.is_map() || field.is_list() {
            to_proto_field(&value, field)?
        } else {
            to_proto(&value, field.kind(), false)?
        };
        message.set_field(field, proto);
    }
    Ok(message_value(&message))
}

fn is_json_value(field: &FieldDescriptor) -> bool {
    matches!(field.kind(), Kind::Message(m) if m.full_name() == "google.protobuf.Value")
}

fn to_proto_field(value: &Value, field: &FieldDescriptor) -> Result<Proto, String> {
    if field.is_map() {
        let Kind::Message(entry) = field.kind() else { return Err("map field".into()) };
        let (key_kind, value_kind) =
            (entry.map_entry_key_field().kind(), entry.map_entry_value_field().kind());
        let Value::Map(map) = value else { return Err("expected a map".into()) };
        let mut entries = HashMap::new();
        for (key, item) in map.iter() {
            let key = match to_proto(&key.to_value(), key_kind.clone(), false)? {
                Proto::Bool(b) => ProtoKey::Bool(b),
                Proto::I32(n) => ProtoKey::I32(n),
                Proto::I64(n) => ProtoKey::I64(n),
                Proto::U32(n) => ProtoKey::U32(n),
                Proto::U64(n) => ProtoKey::U64(n),
                Proto::String(s) => ProtoKey::String(s),
                _ => return Err("bad map key".into()),
            };
            entries.insert(key, to_proto(item, value_kind.clone(), false)?);
        }
        return Ok(Proto::Map(entries));
    }
    let Value::List(list) = value else { return Err("expected a list".into()) };
    Ok(Proto::List(
        list.iter().map(|item| to_proto(item, field.kind(), false)).collect::<Result<_, _>>()?,
    ))
}

fn range() -> String {
    "range error".to_owned()
}

/// A runtime value as a protobuf value of `kind`; `any` packs messages into `Any`.
fn to_proto(value: &Value, kind: Kind, any: bool) -> Result<Proto, String> {
    Ok(match (kind, value) {
        (Kind::Bool, Value::Bool(b)) => Proto::Bool(*b),
        (Kind::Int32 | Kind::Sint32 | Kind::Sfixed32, Value::Int(n)) => {
            Proto::I32(i32::try_from(*n).map_err(|_| range())?)
        }
        (Kind::Enum(_), Value::Int(n)) => {
            Proto::EnumNumber(i32::try_from(*n).map_err(|_| range())?)
        }
        (Kind::Int64 | Kind::Sint64 | Kind::Sfixed64, Value::Int(n)) => Proto::I64(*n),
        (Kind::Uint32 | Kind::Fixed32, Value::Uint(n)) => {
            Proto::U32(u32::try_from(*n).map_err(|_| range())?)
        }
        (Kind::Uint64 | Kind::Fixed64, Value::Uint(n)) => Proto::U64(*n),
        #[allow(clippy::cast_possible_truncation)]
        (Kind::Float, Value::Double(d)) => Proto::F32(*d as f32),
        (Kind::Double, Value::Double(d)) => Proto::F64(*d),
        (Kind::String, Value::String(s)) => Proto::String(s.to_string()),
        (Kind::Bytes, Value::Bytes(b)) => Proto::Bytes(b.to_vec().into()),
        (Kind::Message(descriptor), value) => Proto::Message(to_message(value, &descriptor, any)?),
        (kind, value) => return Err(format!("cannot set a {kind:?} field to {value:?}")),
    })
}

fn well_known(name: &str) -> MessageDescriptor {
    pool().get_message_by_name(name).unwrap_or_else(|| panic!("{name} in the pool"))
}

fn with_field(descriptor: &MessageDescriptor, name: &str, value: Proto) -> DynamicMessage {
    let mut message = DynamicMessage::new(descriptor.clone());
    message.set_field_by_name(name, value);
    message
}

fn to_message(
    value: &Value,
    descriptor: &MessageDescriptor,
    _: bool,
) -> Result<DynamicMessage, String> {
    let name = descriptor.full_name();
    let wrapped = |kind: Kind| -> Result<DynamicMessage, String> {
        Ok(with_field(descriptor, "value", to_proto(value, kind, false)?))
    };
    Ok(match name {
        "google.protobuf.BoolValue" => wrapped(Kind::Bool)?,
        "google.protobuf.Int32Value" => wrapped(Kind::Int32)?,
        "google.protobuf.Int64Value" => wrapped(Kind::Int64)?,
        "google.protobuf.UInt32Value" => wrapped(Kind::Uint32)?,
        "google.protobuf.UInt64Value" => wrapped(Kind::Uint64)?,
        "google.protobuf.FloatValue" => wrapped(Kind::Float)?,
        "google.protobuf.DoubleValue" => wrapped(Kind::Double)?,
        "google.protobuf.StringValue" => wrapped(Kind::String)?,
        "google.protobuf.BytesValue" => wrapped(Kind::Bytes)?,
        "google.protobuf.Timestamp" => {
            let Value::Timestamp(t) = value else { return Err("expected a timestamp".into()) };
            let mut message = with_field(descriptor, "seconds", Proto::I64(t.seconds()));
            message.set_field_by_name(
                "nanos",
                Proto::I32(i32::try_from(t.subsec_nanos()).unwrap_or(0)),
            );
            message
        }
        "google.protobuf.Duration" => {
            let Value::Duration(d) = value else { return Err("expected a duration".into()) };
            let nanos = d.as_nanos();
            let mut message =
                with_field(descriptor, "seconds", Proto::I64((nanos / 1_000_000_000) as i64));
            message.set_field_by_name("nanos", Proto::I32((nanos % 1_000_000_000) as i32));
            message
        }
        "google.protobuf.Any" => {
            let packed = match value {
                Value::Object(_) => match value.downcast_ref::<Message>() {
                    Some(message) => message.message.clone(),
                    None => return Err("cannot pack".into()),
                },
                Value::Bool(_) => {
                    to_message(value, &well_known("google.protobuf.BoolValue"), false)?
                }
                Value::Int(_) => {
                    to_message(value, &well_known("google.protobuf.Int64Value"), false)?
                }
                Value::Uint(_) => {
                    to_message(value, &well_known("google.protobuf.UInt64Value"), false)?
                }
                Value::Double(_) => {
                    to_message(value, &well_known("google.protobuf.DoubleValue"), false)?
                }
                Value::String(_) => {
                    to_message(value, &well_known("google.protobuf.StringValue"), false)?
                }
                Value::Bytes(_) => {
                    to_message(value, &well_known("google.protobuf.BytesValue"), false)?
                }
                Value::Timestamp(_) => {
                    to_message(value, &well_known("google.protobuf.Timestamp"), false)?
                }
                Value::Duration(_) => {
                    to_message(value, &well_known("google.protobuf.Duration"), false)?
                }
                Value::List(_) => {
                    to_message(value, &well_known("google.protobuf.ListValue"), false)?
                }
                Value::Map(_) => to_message(value, &well_known("google.protobuf.Struct"), false)?,
                Value::Null => to_message(value, &well_known("google.protobuf.Value"), false)?,
                Value::Type(_) => return Err("cannot pack".into()),
            };
            let url = format!("type.googleapis.com/{}", packed.descriptor().full_name());
            let mut message = with_field(descriptor, "type_url", Proto::String(url));
            message.set_field_by_name("value", Proto::Bytes(packed.encode_to_vec().into()));
            message
        }
        "google.protobuf.Value" => {
            let (field, proto) = match value {
                Value::Null => ("null_value", Proto::EnumNumber(0)),
                Value::Bool(b) => ("bool_value", Proto::Bool(*b)),
                #[allow(clippy::cast_precision_loss)]
                Value::Int(n) => ("number_value", Proto::F64(*n as f64)),
                #[allow(clippy::cast_precision_loss)]
                Value::Uint(n) => ("number_value", Proto::F64(*n as f64)),
                Value::Double(d) => ("number_value", Proto::F64(*d)),
                Value::String(s) => ("string_value", Proto::String(s.to_string())),
                Value::List(_) => (
                    "list_value",
                    Proto::Message(to_message(
                        value,
                        &well_known("google.protobuf.ListValue"),
                        false,
                    )?),
                ),
                Value::Map(_) => (
                    "struct_value",
                    Proto::Message(to_message(
                        value,
                        &well_known("google.protobuf.Struct"),
                        false,
                    )?),
                ),
                _ => return Err("not a JSON value".into()),
            };
            with_field(descriptor, field, proto)
        }
        "google.protobuf.ListValue" => {
            let Value::List(list) = value else { return Err("expected a list".into()) };
            let json = well_known("google.protobuf.Value");
            let items = list
                .iter()
                .map(|item| to_message(item, &json, false).map(Proto::Message))
                .collect::<Result<_, _>>()?;
            with_field(descriptor, "values", Proto::List(items))
        }
        "google.protobuf.Struct" => {
            let Value::Map(map) = value else { return Err("expected a map".into()) };
            let json = well_known("google.protobuf.Value");
            let mut fields = HashMap::new();
            for (key, item) in map.iter() {
                let MapKey::String(key) = key else { return Err("struct keys are strings".into()) };
                fields.insert(
                    ProtoKey::String(key.to_string()),
                    Proto::Message(to_message(item, &json, false)?),
                );
            }
            with_field(descriptor, "fields", Proto::Map(fields))
        }
        _ => match value {
            Value::Object(_) => match value.downcast_ref::<Message>() {
                Some(message) if message.message.descriptor() == *descriptor => {
                    message.message.clone()
                }
                _ => return Err(format!("expected a {name}")),
            },
            _ => return Err(format!("expected a {name}, got {value:?}")),
        },
    })
}
