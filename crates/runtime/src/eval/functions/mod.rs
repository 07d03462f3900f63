//! The native functions, registered under the overload ids the checker resolves calls to:
//! cel-go's ids for the standard library (`switchyard_cel::Env::standard()`), the policy
//! environment's for the traffic-policy library (spec/cel.md §3–§5).

mod context;
mod convert;
mod encoding;
mod format;
mod hash;
pub(crate) mod lists;
pub(crate) mod ops;
mod selection;
pub(crate) mod strings;
mod time;
mod url;

use super::registry::{Builtin, BuiltinKind, CompareOp, Function, Registry};
use crate::value::{Kind, TypeValue, Value};

use Kind::{
    Any, Bool, Bytes, Double, Duration, Int, List, Map, Null, Object, String, Timestamp, Type, Uint,
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

pub(crate) fn policy(registry: &mut Registry) {
    let unary_strings: [(&str, Pure); 24] = [
        ("string_lower", strings::lower),
        ("string_upper", strings::upper),
        ("string_lower_ascii", strings::lower_ascii),
        ("string_upper_ascii", strings::upper_ascii),
        ("string_trim", strings::trim),
        ("string_reverse", strings::reverse),
        ("string_is_json", encoding::is_json),
        ("string_is_url", url::is_url),
        ("string_is_query_string", encoding::is_query_string),
        ("string_is_private_ip", context::is_private_ip),
        ("string_encode_base64", encoding::base64_encode),
        ("string_decode_base64", encoding::base64_decode_string),
        ("string_decode_json", encoding::json_decode),
        ("string_decode_query_string", encoding::decode_query_string),
        ("string_escape_url", encoding::escape),
        ("string_unescape_url", encoding::unescape),
        ("string_parse_url", url::parse),
        ("string_md5", hash::md5),
        ("string_sha1", hash::sha1),
        ("string_sha256", hash::sha256),
        ("string_sha512", hash::sha512),
        ("string_crc32", hash::crc32),
        ("string_crc64", hash::crc64),
        ("string_xxhash64", hash::xxhash64),
    ];
    for (id, function) in unary_strings {
        pure(registry, id, &[String], function);
    }
    let string_calls: [(&str, &[Kind], Pure); 23] = [
        ("string_substring_int", &[String, Int], strings::substring),
        ("string_substring_int_int", &[String, Int, Int], strings::substring),
        ("string_char_at_int", &[String, Int], strings::char_at),
        ("string_index_of_string", &[String, String], strings::index_of),
        ("string_index_of_string_int", &[String, String, Int], strings::index_of),
        ("string_last_index_of_string", &[String, String], strings::last_index_of),
        ("string_last_index_of_string_int", &[String, String, Int], strings::last_index_of),
        ("string_replace_string_string", &[String, String, String], strings::replace),
        ("string_replace_string_string_int", &[String, String, String, Int], strings::replace),
        ("string_split_string", &[String, String], strings::split),
        ("string_split_string_int", &[String, String, Int], strings::split),
        ("string_format_list", &[String, List], strings::format),
        ("strings_quote_string", &[String], strings::quote),
        ("base64_encode_bytes", &[Bytes], encoding::base64_encode),
        ("base64_encode_string", &[String], encoding::base64_encode),
        ("base64_decode_string", &[String], encoding::base64_decode),
        ("json_encode_dyn", &[Any], encoding::json_encode),
        ("json_decode_string", &[String], encoding::json_decode),
        ("url_escape_string", &[String], encoding::escape),
        ("url_unescape_string", &[String], encoding::unescape),
        ("url_parse_string", &[String], url::parse),
        ("basic_auth_encode_string_string", &[String, String], encoding::basic_auth),
        ("in_cidr_range_string_string", &[String, String], context::in_cidr_range),
    ];
    for (id, params, function) in string_calls {
        pure(registry, id, params, function);
    }
    pure(registry, "in_cidr_ranges_string_list_string", &[String, List], context::in_cidr_ranges);
    for (id, function) in [
        ("hash_md5_string", hash::md5 as Pure),
        ("hash_sha1_string", hash::sha1),
        ("hash_sha256_string", hash::sha256),
        ("hash_sha512_string", hash::sha512),
        ("hash_crc32_string", hash::crc32),
        ("hash_crc64_string", hash::crc64),
        ("hash_xxhash64_string", hash::xxhash64),
    ] {
        pure(registry, id, &[String], function);
    }

    pure(registry, "list_join", &[List], lists::join);
    pure(registry, "list_join_string", &[List, String], lists::join);
    pure(registry, "list_slice_int_int", &[List, Int, Int], lists::slice);
    pure(registry, "list_flatten", &[List], lists::flatten);
    pure(registry, "list_flatten_int", &[List, Int], lists::flatten);
    pure(registry, "list_sort", &[List], lists::sort);
    pure(registry, "list_distinct", &[List], lists::distinct);
    pure(registry, "list_encode_json", &[List], encoding::encode_json);
    pure(registry, "map_encode_json", &[Map], encoding::encode_json);
    pure(registry, "lists_range_int", &[Int], lists::range);

    contextual(registry, "rand_double", &[], context::rand_double);
    contextual(registry, "rand_int_int_int", &[Int, Int], context::rand_int);
    contextual(registry, "secrets_get_string_string", &[String, String], context::secrets_get);
    contextual(registry, "secrets_get_string", &[String], context::secrets_get);

    for (id, function) in [
        ("get_req_header_string", context::get_req_header as Contextual),
        ("has_req_header_string", context::has_req_header),
        ("get_req_cookie_string", context::get_req_cookie),
        ("has_req_cookie_string", context::has_req_cookie),
        ("get_query_param_string", context::get_query_param),
        ("has_query_param_string", context::has_query_param),
        ("get_res_header_string", context::get_res_header),
        ("has_res_header_string", context::has_res_header),
        ("get_res_cookie_string", context::get_res_cookie),
        ("has_res_cookie_string", context::has_res_cookie),
    ] {
        contextual(registry, id, &[String], function);
    }

    for item in ["ai_model", "ai_provider", "ai_author", "ai_key"] {
        pure(registry, &format!("list_{item}_only"), &[List, List], selection::only);
        pure(registry, &format!("list_{item}_ignore"), &[List, List], selection::ignore);
        contextual(registry, &format!("list_{item}_random"), &[List], selection::random);
        contextual(registry, &format!("list_{item}_randomize"), &[List], selection::randomize);
    }
    pure(registry, "list_ai_model_only_providers", &[List, List], selection::only_providers);
    pure(registry, "list_ai_model_ignore_providers", &[List, List], selection::ignore_providers);
    pure(registry, "list_ai_model_only_authors", &[List, List], selection::only_authors);
    pure(registry, "list_ai_model_ignore_authors", &[List, List], selection::ignore_authors);
    pure(registry, "list_ai_model_in_region", &[List, String], selection::in_region);
    pure(registry, "list_ai_model_in_country_code", &[List, String], selection::in_country_code);
    pure(
        registry,
        "list_ai_model_under_cost_double",
        &[List, String, Double],
        selection::under_cost,
    );
    pure(registry, "list_ai_model_under_cost_int", &[List, String, Int], selection::under_cost);
    pure(registry, "list_ai_model_sort_by_string", &[List, String], selection::sort_by_field);
    pure(
        registry,
        "list_ai_model_get_string_string",
        &[List, String, String],
        selection::get_model,
    );
    pure(registry, "list_ai_provider_get_string", &[List, String], selection::get_by_id);
    pure(registry, "list_ai_author_get_string", &[List, String], selection::get_by_id);
    pure(registry, "ai_model_get_metadata_string", &[Object, String], selection::get_metadata);
    pure(registry, "ai_provider_get_metadata_string", &[Object, String], selection::get_metadata);
    pure(registry, "ai_provider_get_model_string", &[Object, String], selection::provider_model);
}
