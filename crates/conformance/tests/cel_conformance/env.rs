//! The environment of a conformance test: the standard library, the protobuf messages of the
//! conformance suite as object types, cel-go's optional functions, and the test's declarations.

use prost_reflect::{DescriptorPool, DynamicMessage, FieldDescriptor, Kind};
use switchyard_cel::env::{Env, ObjectType, Overload};
use switchyard_cel::types::Type;

use super::data::{int, message, messages, string};

/// The environment shared by all tests: what cel-go's conformance runner declares with
/// `cel.Types(TestAllTypes...)` and `cel.OptionalTypes()`.
pub(crate) fn base(pool: &DescriptorPool) -> Env {
    let mut env = Env::standard();
    for descriptor in pool.all_messages() {
        if descriptor.is_map_entry() {
            continue;
        }
        let mut object = ObjectType::new(descriptor.full_name());
        for field in descriptor.fields() {
            object = object.field(field.name(), field_type(&field));
        }
        if let Some(denoted) = well_known(descriptor.full_name()) {
            object = object.denoting(denoted);
        }
        env.declare_object(object);
    }
    for descriptor in pool.all_enums() {
        for value in descriptor.values() {
            let name = format!("{}.{}", descriptor.full_name(), value.name());
            env.declare_variable(&name, Type::Int);
        }
    }
    let a = Type::param("A");
    let optional = |ty: Type| Type::opaque("optional_type", vec![ty]);
    env.declare_function(
        "optional.of",
        [Overload::global("optional_of", std::slice::from_ref(&a), optional(a.clone()))],
    );
    env.declare_function(
        "optional.ofNonZeroValue",
        [Overload::global(
            "optional_ofNonZeroValue",
            std::slice::from_ref(&a),
            optional(a.clone()),
        )],
    );
    env.declare_function(
        "optional.none",
        [Overload::global("optional_none", &[], optional(a.clone()))],
    );
    env.declare_function(
        "value",
        [Overload::member("optional_value", &[optional(a.clone())], a.clone())],
    );
    env.declare_function(
        "hasValue",
        [Overload::member("optional_hasValue", &[optional(a.clone())], Type::Bool)],
    );
    env
}

/// `base` with the test's container and declarations.
pub(crate) fn for_test(base: &Env, container: &str, decls: &[DynamicMessage]) -> Env {
    let mut env = base.clone();
    env.use_container(container);
    for decl in decls {
        let name = string(decl, "name");
        if decl.has_field_by_name("ident") {
            let ident = message(decl, "ident");
            env.declare_variable(&name, cel_type(&message(&ident, "type")));
        } else if decl.has_field_by_name("function") {
            let function = message(decl, "function");
            let overloads = messages(&function, "overloads").into_iter().map(|overload| {
                let id = string(&overload, "overload_id");
                let params: Vec<Type> =
                    messages(&overload, "params").iter().map(cel_type).collect();
                let result = cel_type(&message(&overload, "result_type"));
                if super::data::boolean(&overload, "is_instance_function") {
                    Overload::member(&id, &params, result)
                } else {
                    Overload::global(&id, &params, result)
                }
            });
            env.declare_function(&name, overloads);
        }
    }
    env
}

/// A `cel.expr.Type` message as a [`Type`].
pub(crate) fn cel_type(ty: &DynamicMessage) -> Type {
    let has = |field: &str| ty.has_field_by_name(field);
    if has("dyn") {
        Type::Dyn
    } else if has("null") {
        Type::Null
    } else if has("primitive") {
        primitive(int(ty, "primitive"))
    } else if has("wrapper") {
        Type::wrapper(primitive(int(ty, "wrapper")))
    } else if has("well_known") {
        match int(ty, "well_known") {
            2 => Type::Timestamp,
            3 => Type::Duration,
            _ => Type::Dyn,
        }
    } else if has("list_type") {
        Type::list(cel_type(&message(&message(ty, "list_type"), "elem_type")))
    } else if has("map_type") {
        let map = message(ty, "map_type");
        Type::map(cel_type(&message(&map, "key_type")), cel_type(&message(&map, "value_type")))
    } else if has("message_type") {
        let name = string(ty, "message_type");
        well_known(&name).unwrap_or_else(|| Type::object(&name))
    } else if has("type_param") {
        Type::param(&string(ty, "type_param"))
    } else if has("type") {
        Type::type_of(cel_type(&message(ty, "type")))
    } else if has("abstract_type") {
        let abstract_type = message(ty, "abstract_type");
        let params = messages(&abstract_type, "parameter_types").iter().map(cel_type).collect();
        Type::opaque(&string(&abstract_type, "name"), params)
    } else if has("error") {
        Type::Error
    } else {
        Type::Type(None)
    }
}

fn primitive(number: i32) -> Type {
    match number {
        1 => Type::Bool,
        2 => Type::Int,
        3 => Type::Uint,
        4 => Type::Double,
        5 => Type::String,
        6 => Type::Bytes,
        _ => Type::Error,
    }
}

fn field_type(field: &FieldDescriptor) -> Type {
    if field.is_map() {
        let Kind::Message(entry) = field.kind() else { return Type::Dyn };
        let key = scalar_type(&entry.map_entry_key_field().kind());
        let value = scalar_type(&entry.map_entry_value_field().kind());
        return Type::map(key, value);
    }
    let ty = scalar_type(&field.kind());
    if field.is_list() { Type::list(ty) } else { ty }
}

fn scalar_type(kind: &Kind) -> Type {
    match kind {
        Kind::Enum(descriptor) if descriptor.full_name() == "google.protobuf.NullValue" => {
            Type::Null
        }
        Kind::Double | Kind::Float => Type::Double,
        // Enums are ints, as in CEL's default (non-strict) enum mode.
        Kind::Int32
        | Kind::Int64
        | Kind::Sint32
        | Kind::Sint64
        | Kind::Sfixed32
        | Kind::Sfixed64
        | Kind::Enum(_) => Type::Int,
        Kind::Uint32 | Kind::Uint64 | Kind::Fixed32 | Kind::Fixed64 => Type::Uint,
        Kind::Bool => Type::Bool,
        Kind::String => Type::String,
        Kind::Bytes => Type::Bytes,
        Kind::Message(descriptor) => well_known(descriptor.full_name())
            .unwrap_or_else(|| Type::object(descriptor.full_name())),
    }
}

/// The CEL type of a protobuf well-known type.
fn well_known(name: &str) -> Option<Type> {
    Some(match name.strip_prefix("google.protobuf.")? {
        "Int32Value" | "Int64Value" => Type::wrapper(Type::Int),
        "UInt32Value" | "UInt64Value" => Type::wrapper(Type::Uint),
        "FloatValue" | "DoubleValue" => Type::wrapper(Type::Double),
        "BoolValue" => Type::wrapper(Type::Bool),
        "StringValue" => Type::wrapper(Type::String),
        "BytesValue" => Type::wrapper(Type::Bytes),
        "Any" | "Value" => Type::Dyn,
        "Struct" => Type::map(Type::String, Type::Dyn),
        "ListValue" => Type::list(Type::Dyn),
        "Timestamp" => Type::Timestamp,
        "Duration" => Type::Duration,
        _ => return None,
    })
}
