//! CEL's standard declarations (cel-spec `langdef.md`, "Standard Definitions"; cel-go
//! `common/stdlib`), with cel-go's overload ids. Heterogeneous numeric comparisons
//! (`1 < 2.0`, `1u < -1`) are declared, as CEL defines them.

use super::{Env, Overload};
use crate::ast::operators as op;
use crate::types::Type::{self, Bool, Bytes, Double, Duration, Int, Null, String, Timestamp, Uint};

pub(super) fn declare(env: &mut Env) {
    let a = || Type::param("A");
    let b = || Type::param("B");
    let list_a = || Type::list(a());
    let map_ab = || Type::map(a(), b());

    for (name, ty) in [
        ("bool", Bool),
        ("bytes", Bytes),
        ("double", Double),
        ("duration", Duration),
        ("int", Int),
        ("list", list_a()),
        ("map", map_ab()),
        ("null_type", Null),
        ("string", String),
        ("timestamp", Timestamp),
        ("type", Type::Type(None)),
        ("uint", Uint),
    ] {
        env.declare_variable(name, Type::type_of(ty));
    }

    // Logic.
    env.declare_function(op::CONDITIONAL, [g("conditional", &[Bool, a(), a()], a())]);
    env.declare_function(op::LOGICAL_AND, [g("logical_and", &[Bool, Bool], Bool)]);
    env.declare_function(op::LOGICAL_OR, [g("logical_or", &[Bool, Bool], Bool)]);
    env.declare_function(op::LOGICAL_NOT, [g("logical_not", &[Bool], Bool)]);
    env.declare_function(op::NOT_STRICTLY_FALSE, [g("not_strictly_false", &[Bool], Bool)]);
    env.declare_function(op::EQUALS, [g("equals", &[a(), a()], Bool)]);
    env.declare_function(op::NOT_EQUALS, [g("not_equals", &[a(), a()], Bool)]);

    // Arithmetic.
    env.declare_function(
        op::ADD,
        [
            g("add_bytes", &[Bytes, Bytes], Bytes),
            g("add_double", &[Double, Double], Double),
            g("add_duration_duration", &[Duration, Duration], Duration),
            g("add_duration_timestamp", &[Duration, Timestamp], Timestamp),
            g("add_timestamp_duration", &[Timestamp, Duration], Timestamp),
            g("add_int64", &[Int, Int], Int),
            g("add_list", &[list_a(), list_a()], list_a()),
            g("add_string", &[String, String], String),
            g("add_uint64", &[Uint, Uint], Uint),
        ],
    );
    env.declare_function(
        op::SUBTRACT,
        [
            g("subtract_double", &[Double, Double], Double),
            g("subtract_duration_duration", &[Duration, Duration], Duration),
            g("subtract_int64", &[Int, Int], Int),
            g("subtract_timestamp_duration", &[Timestamp, Duration], Timestamp),
            g("subtract_timestamp_timestamp", &[Timestamp, Timestamp], Duration),
            g("subtract_uint64", &[Uint, Uint], Uint),
        ],
    );
    for (function, name) in [(op::MULTIPLY, "multiply"), (op::DIVIDE, "divide")] {
        env.declare_function(
            function,
            [
                g(&format!("{name}_double"), &[Double, Double], Double),
                g(&format!("{name}_int64"), &[Int, Int], Int),
                g(&format!("{name}_uint64"), &[Uint, Uint], Uint),
            ],
        );
    }
    env.declare_function(
        op::MODULO,
        [g("modulo_int64", &[Int, Int], Int), g("modulo_uint64", &[Uint, Uint], Uint)],
    );
    env.declare_function(
        op::NEGATE,
        [g("negate_double", &[Double], Double), g("negate_int64", &[Int], Int)],
    );

    // Ordering, including across int, uint and double.
    for (function, name) in [
        (op::LESS, "less"),
        (op::LESS_EQUALS, "less_equals"),
        (op::GREATER, "greater"),
        (op::GREATER_EQUALS, "greater_equals"),
    ] {
        let mut overloads = Vec::new();
        for (ty, suffix) in [
            (Bool, "bool"),
            (String, "string"),
            (Bytes, "bytes"),
            (Timestamp, "timestamp"),
            (Duration, "duration"),
        ] {
            overloads.push(g(&format!("{name}_{suffix}"), &[ty.clone(), ty], Bool));
        }
        let numbers = [(Int, "int64"), (Uint, "uint64"), (Double, "double")];
        for (left, left_name) in &numbers {
            for (right, right_name) in &numbers {
                let id = if left == right {
                    format!("{name}_{left_name}")
                } else {
                    format!("{name}_{left_name}_{right_name}")
                };
                overloads.push(g(&id, &[left.clone(), right.clone()], Bool));
            }
        }
        env.declare_function(function, overloads);
    }

    // Collections.
    env.declare_function(
        op::INDEX,
        [g("index_list", &[list_a(), Int], a()), g("index_map", &[map_ab(), a()], b())],
    );
    env.declare_function(
        op::IN,
        [g("in_list", &[a(), list_a()], Bool), g("in_map", &[a(), map_ab()], Bool)],
    );
    let mut sizes = Vec::new();
    for (ty, name) in [(Bytes, "bytes"), (list_a(), "list"), (map_ab(), "map"), (String, "string")]
    {
        sizes.push(g(&format!("size_{name}"), std::slice::from_ref(&ty), Int));
        sizes.push(m(&format!("{name}_size"), &[ty], Int));
    }
    env.declare_function("size", sizes);

    // Conversions.
    env.declare_function("type", [g("type", &[a()], Type::type_of(a()))]);
    env.declare_function("dyn", [g("to_dyn", &[a()], Type::Dyn)]);
    let conversions: [Conversion; 8] = [
        ("bool", Bool, "bool", &[(Bool, "bool"), (String, "string")]),
        ("bytes", Bytes, "bytes", &[(Bytes, "bytes"), (String, "string")]),
        (
            "double",
            Double,
            "double",
            &[(Double, "double"), (Int, "int64"), (String, "string"), (Uint, "uint64")],
        ),
        ("duration", Duration, "duration", &[(Duration, "duration"), (String, "string")]),
        (
            "int",
            Int,
            "int64",
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
            "string",
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
            "timestamp",
            &[(Timestamp, "timestamp"), (Int, "int64"), (String, "string")],
        ),
        (
            "uint",
            Uint,
            "uint64",
            &[(Uint, "uint64"), (Double, "double"), (Int, "int64"), (String, "string")],
        ),
    ];
    for (function, result, result_name, sources) in conversions {
        let overloads = sources.iter().map(|(source, source_name)| {
            let id = format!("{source_name}_to_{result_name}");
            g(&id, std::slice::from_ref(source), result.clone())
        });
        env.declare_function(function, overloads);
    }

    // Strings.
    for (function, id) in [
        ("contains", "contains_string"),
        ("endsWith", "ends_with_string"),
        ("startsWith", "starts_with_string"),
    ] {
        env.declare_function(function, [m(id, &[String, String], Bool)]);
    }
    env.declare_function(
        "matches",
        [g("matches", &[String, String], Bool), m("matches_string", &[String, String], Bool)],
    );

    // Time.
    for (function, id) in [
        ("getFullYear", "timestamp_to_year"),
        ("getMonth", "timestamp_to_month"),
        ("getDayOfYear", "timestamp_to_day_of_year"),
        ("getDayOfMonth", "timestamp_to_day_of_month"),
        ("getDate", "timestamp_to_day_of_month_1_based"),
        ("getDayOfWeek", "timestamp_to_day_of_week"),
        ("getHours", "timestamp_to_hours"),
        ("getMinutes", "timestamp_to_minutes"),
        ("getSeconds", "timestamp_to_seconds"),
        ("getMilliseconds", "timestamp_to_milliseconds"),
    ] {
        let with_tz =
            if id == "timestamp_to_seconds" { format!("{id}_tz") } else { format!("{id}_with_tz") };
        let mut overloads = vec![m(id, &[Timestamp], Int), m(&with_tz, &[Timestamp, String], Int)];
        if let Some(unit) = function
            .strip_prefix("get")
            .filter(|unit| matches!(*unit, "Hours" | "Minutes" | "Seconds" | "Milliseconds"))
        {
            let id = format!("duration_to_{}", unit.to_ascii_lowercase());
            overloads.push(m(&id, &[Duration], Int));
        }
        env.declare_function(function, overloads);
    }

    // cel-go's two-variable comprehensions: `transformMap` inserts entries.
    env.declare_function(
        op::MAP_INSERT,
        [
            g("@mapInsert_map_key_value", &[map_ab(), a(), b()], map_ab()),
            g("@mapInsert_map_map", &[map_ab(), map_ab()], map_ab()),
        ],
    );

    // `sortBy(x, key)` (spec/cel.md §3): the keys must be orderable.
    let sort_keys = [
        (Int, "int64"),
        (Uint, "uint64"),
        (Double, "double"),
        (String, "string"),
        (Bool, "bool"),
        (Timestamp, "timestamp"),
        (Duration, "duration"),
    ];
    env.declare_function(
        op::SORT_BY_ASSOCIATED_KEYS,
        sort_keys.into_iter().map(|(key, name)| {
            let id = format!("list_sort_by_associated_keys_{name}");
            m(&id, &[list_a(), Type::list(key)], list_a())
        }),
    );
}

/// A conversion function, its result type and overload id part, and the source types.
type Conversion = (&'static str, Type, &'static str, &'static [(Type, &'static str)]);

fn g(id: &str, params: &[Type], result: Type) -> Overload {
    Overload::global(id, params, result)
}

fn m(id: &str, params: &[Type], result: Type) -> Overload {
    Overload::member(id, params, result)
}
