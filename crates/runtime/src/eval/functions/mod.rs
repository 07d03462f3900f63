//! The native functions, registered under the overload ids the checker resolves calls to:
//! cel-go's ids for the standard library (`switchyard_cel::Env::standard()`), the policy
//! environment's for the traffic-policy library (spec/cel.md §3–§5).

mod context;
pub(crate) mod convert;
pub(crate) mod encoding;
mod format;
mod hash;
pub(crate) mod lists;
pub(crate) mod ops;
mod policy;
pub(crate) mod selection;
pub(crate) mod strings;
mod time;
mod url;

use super::registry::{Builtin, BuiltinKind, CompareOp, Function, Registry};
use crate::value::{Kind, TypeValue, Value};

use Kind::{
    Any, Bool, Bytes, Double, Duration, Int, List, Map, Null, String, Timestamp, Type, Uint,
};

type Pure = fn(&[&Value]) -> Result<Value, super::Error>;
/// A conversion: the overload id's result part, the result kind, the function, the sources.
type Conversion = (&'static str, Kind, Pure, &'static [(Kind, &'static str)]);
type Contextual = fn(&super::Activation<'_>, &[&Value]) -> Result<Value, super::Error>;

fn pure(registry: &mut Registry, id: &str, params: &[Kind], function: Pure) {
    registry.add_overload(id, params, Function::Pure(function));
}

fn contextual(registry: &mut Registry, id: &str, params: &[Kind], function: Contextual) {
    registry.add_overload(id, params, Function::Contextual(function));
}

fn builtin(registry: &mut Registry, id: &str, params: &[Kind], kind: BuiltinKind) {
    registry.add_overload(id, params, Function::Builtin(Builtin(kind)));
}

const NUMBERS: [(Kind, &str); 3] = [(Int, "int64"), (Uint, "uint64"), (Double, "double")];

pub(crate) fn standard(registry: &mut Registry) {
    for kind in [Null, Bool, Int, Uint, Double, String, Bytes, List, Map, Timestamp, Duration, Type]
    {
        let name = match kind {
            Timestamp => "timestamp",
            Duration => "duration",
            other => other.type_name(),
        };
        registry.add_constant(name, Value::Type(TypeValue::of_kind(kind)));
    }
    registry.add_constant("google.protobuf.Timestamp", Value::Type(TypeValue::of_kind(Timestamp)));
    registry.add_constant("google.protobuf.Duration", Value::Type(TypeValue::of_kind(Duration)));

    builtin(registry, "conditional", &[Bool, Any, Any], BuiltinKind::Conditional);
    builtin(registry, "logical_and", &[Bool, Bool], BuiltinKind::And);
    builtin(registry, "logical_or", &[Bool, Bool], BuiltinKind::Or);
    builtin(registry, "not_strictly_false", &[Bool], BuiltinKind::NotStrictlyFalse);
    pure(registry, "logical_not", &[Bool], ops::not);
    builtin(registry, "equals", &[Any, Any], BuiltinKind::Compare(CompareOp::Equal));
    builtin(registry, "not_equals", &[Any, Any], BuiltinKind::Compare(CompareOp::NotEqual));

    for (id, params) in [
        ("add_bytes", [Bytes, Bytes]),
        ("add_double", [Double, Double]),
        ("add_duration_duration", [Duration, Duration]),
        ("add_duration_timestamp", [Duration, Timestamp]),
        ("add_timestamp_duration", [Timestamp, Duration]),
        ("add_int64", [Int, Int]),
        ("add_list", [List, List]),
        ("add_string", [String, String]),
        ("add_uint64", [Uint, Uint]),
    ] {
        pure(registry, id, &params, ops::add);
    }
    for (id, params) in [
        ("subtract_double", [Double, Double]),
        ("subtract_duration_duration", [Duration, Duration]),
        ("subtract_int64", [Int, Int]),
        ("subtract_timestamp_duration", [Timestamp, Duration]),
        ("subtract_timestamp_timestamp", [Timestamp, Timestamp]),
        ("subtract_uint64", [Uint, Uint]),
    ] {
        pure(registry, id, &params, ops::subtract);
    }
    for (kind, name) in NUMBERS {
        pure(registry, &format!("multiply_{name}"), &[kind, kind], ops::multiply);
        pure(registry, &format!("divide_{name}"), &[kind, kind], ops::divide);
    }
    pure(registry, "modulo_int64", &[Int, Int], ops::modulo);
    pure(registry, "modulo_uint64", &[Uint, Uint], ops::modulo);
    pure(registry, "negate_double", &[Double], ops::negate);
    pure(registry, "negate_int64", &[Int], ops::negate);

    let orderings = [
        ("less", CompareOp::Less),
        ("less_equals", CompareOp::LessEqual),
        ("greater", CompareOp::Greater),
        ("greater_equals", CompareOp::GreaterEqual),
    ];
    for (name, op) in orderings {
        let compare = BuiltinKind::Compare(op);
        for (kind, suffix) in [
            (Bool, "bool"),
            (String, "string"),
            (Bytes, "bytes"),
            (Timestamp, "timestamp"),
            (Duration, "duration"),
        ] {
            builtin(registry, &format!("{name}_{suffix}"), &[kind, kind], compare);
        }
        for (left, left_name) in NUMBERS {
            for (right, right_name) in NUMBERS {
                let id = if left == right {
                    format!("{name}_{left_name}")
                } else {
                    format!("{name}_{left_name}_{right_name}")
                };
                builtin(registry, &id, &[left, right], compare);
            }
        }
    }

    builtin(registry, "index_list", &[List, Int], BuiltinKind::Index);
    builtin(registry, "index_map", &[Map, Any], BuiltinKind::Index);
    pure(registry, "in_list", &[Any, List], ops::in_list);
    pure(registry, "in_map", &[Any, Map], ops::in_list);
    for (kind, name) in [(Bytes, "bytes"), (List, "list"), (Map, "map"), (String, "string")] {
        pure(registry, &format!("size_{name}"), &[kind], ops::size);
        pure(registry, &format!("{name}_size"), &[kind], ops::size);
    }

    pure(registry, "type", &[Any], convert::type_of);
    builtin(registry, "to_dyn", &[Any], BuiltinKind::Identity);
    let conversions: [Conversion; 8] = [
        ("bool", Bool, convert::to_bool, &[(Bool, "bool"), (String, "string")]),
        ("bytes", Bytes, convert::to_bytes, &[(Bytes, "bytes"), (String, "string")]),
        (
            "double",
            Double,
            convert::to_double,
            &[(Double, "double"), (Int, "int64"), (String, "string"), (Uint, "uint64")],
        ),
        ("duration", Duration, convert::to_duration, &[(Duration, "duration"), (String, "string")]),
        (
            "int64",
            Int,
            convert::to_int,
            &[
                (Int, "int64"),
                (Double, "double"),
                (Duration, "duration"),
                (String, "string"),
                (Timestamp, "timestamp"),
                (Uint, "uint64"),
            ],
        ),
        (
            "string",
            String,
            convert::to_string,
            &[
                (String, "string"),
                (Bool, "bool"),
                (Bytes, "bytes"),
                (Double, "double"),
                (Duration, "duration"),
                (Int, "int64"),
                (Timestamp, "timestamp"),
                (Uint, "uint64"),
            ],
        ),
        (
            "timestamp",
            Timestamp,
            convert::to_timestamp,
            &[(Timestamp, "timestamp"), (Int, "int64"), (String, "string")],
        ),
        (
            "uint64",
            Uint,
            convert::to_uint,
            &[(Uint, "uint64"), (Double, "double"), (Int, "int64"), (String, "string")],
        ),
    ];
    for (result_name, result, function, sources) in conversions {
        for (source, source_name) in sources {
            let id = format!("{source_name}_to_{result_name}");
            if *source == result {
                builtin(registry, &id, &[*source], BuiltinKind::Identity);
            } else {
                pure(registry, &id, &[*source], function);
            }
        }
    }

    pure(registry, "contains_string", &[String, String], strings::contains);
    pure(registry, "ends_with_string", &[String, String], strings::ends_with);
    pure(registry, "starts_with_string", &[String, String], strings::starts_with);
    builtin(registry, "matches", &[String, String], BuiltinKind::Matches);
    builtin(registry, "matches_string", &[String, String], BuiltinKind::Matches);

    let accessors: [(&str, Pure); 10] = [
        ("timestamp_to_year", time::year),
        ("timestamp_to_month", time::month),
        ("timestamp_to_day_of_year", time::day_of_year),
        ("timestamp_to_day_of_month", time::day_of_month),
        ("timestamp_to_day_of_month_1_based", time::date),
        ("timestamp_to_day_of_week", time::day_of_week),
        ("timestamp_to_hours", time::hours),
        ("timestamp_to_minutes", time::minutes),
        ("timestamp_to_seconds", time::seconds),
        ("timestamp_to_milliseconds", time::milliseconds),
    ];
    for (id, function) in accessors {
        pure(registry, id, &[Timestamp], function);
        let with_tz =
            if id == "timestamp_to_seconds" { format!("{id}_tz") } else { format!("{id}_with_tz") };
        pure(registry, &with_tz, &[Timestamp, String], function);
    }
    pure(registry, "duration_to_hours", &[Duration], time::hours);
    pure(registry, "duration_to_minutes", &[Duration], time::minutes);
    pure(registry, "duration_to_seconds", &[Duration], time::seconds);
    pure(registry, "duration_to_milliseconds", &[Duration], time::milliseconds);

    pure(registry, "@mapInsert_map_key_value", &[Map, Any, Any], lists::map_insert);
    pure(registry, "@mapInsert_map_map", &[Map, Map], lists::map_insert);
    for name in ["int64", "uint64", "double", "string", "bool", "timestamp", "duration"] {
        pure(
            registry,
            &format!("list_sort_by_associated_keys_{name}"),
            &[List, List],
            lists::sort_by_keys,
        );
    }
}

pub(crate) use policy::policy;
