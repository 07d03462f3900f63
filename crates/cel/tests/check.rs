//! Data-driven checker tests: expressions and their types, or their errors with spans and help.

use switchyard_cel::check::{CheckedAst, Reference, TypeError};
use switchyard_cel::env::{Env, ObjectType, Overload};
use switchyard_cel::{Type, check, parse};

/// A small policy-like environment (the real one is declared by the policy compiler).
fn env() -> Env {
    let mut env = Env::standard();
    let scope = ObjectType::new("MetricScope")
        .field("request_count", Type::Int)
        .field("error_rate", Type::object("ErrorRate"))
        .field("latency", Type::object("Latency"));
    env.declare_object(scope);
    env.declare_object(
        ObjectType::new("ErrorRate").field("total", Type::Double).field("timeout", Type::Double),
    );
    env.declare_object(
        ObjectType::new("Latency")
            .field("upstream_ms_p95", Type::Int)
            .field("time_to_first_token_ms_avg", Type::Dyn),
    );
    env.declare_object(
        ObjectType::new("Metrics")
            .field("global", Type::object("MetricScope"))
            .field("api_keys", Type::map(Type::String, Type::object("MetricScope"))),
    );
    env.declare_object(ObjectType::new("Pricing").field("input", Type::Double));
    env.declare_object(
        ObjectType::new("AIModel")
            .field("id", Type::String)
            .field("provider_id", Type::String)
            .field("known", Type::Bool)
            .field("max_context_window", Type::Int)
            .field("metadata", Type::map(Type::String, Type::Dyn))
            .field("input_modalities", Type::list(Type::String))
            .field("pricing", Type::object("Pricing"))
            .field("metrics", Type::object("Metrics")),
    );
    env.declare_object(
        ObjectType::new("URL").field("path", Type::String).field("port", Type::Int).string_like(),
    );
    env.declare_object(
        ObjectType::new("Request")
            .field("method", Type::String)
            .field("url", Type::object("URL"))
            .field("headers", Type::map(Type::String, Type::list(Type::String))),
    );
    let model = Type::object("AIModel");
    env.declare_variable("ai.models", Type::list(model.clone()));
    env.declare_variable("ai.keys", Type::list(Type::Dyn));
    env.declare_variable("req", Type::object("Request"));
    env.declare_variable("ts", Type::Timestamp);
    let t = Type::param("T");
    env.declare_function(
        "only",
        [Overload::member(
            "list_only",
            &[Type::list(t.clone()), Type::list(Type::String)],
            Type::list(t.clone()),
        )],
    );
    env.declare_function(
        "random",
        [Overload::member("list_random", &[Type::list(t.clone())], t.clone())],
    );
    env.declare_function(
        "secrets.get",
        [Overload::global("secrets_get", &[Type::String, Type::String], Type::String)],
    );
    env.declare_function(
        "getMetadata",
        [Overload::member("model_get_metadata", &[model, Type::String], Type::Dyn)],
    );
    env
}

#[track_caller]
fn checked(text: &str) -> (CheckedAst, Vec<TypeError>) {
    let (ast, errors) = parse(text);
    let Some(ast) = ast else { panic!("{text:?} failed to parse: {errors:#?}") };
    check(&ast, &env())
}

/// Checks that `text` is well-typed with type `expected`.
#[track_caller]
fn check_type(text: &str, expected: &str) {
    let (checked, errors) = checked(text);
    assert!(errors.is_empty(), "{text:?}: {errors:#?}");
    assert_eq!(checked.result_type().to_string(), expected, "type of {text:?}");
}

/// Checks the errors, rendered `start..end kind: message`, one per line, and the help of the
/// first one when `help` is given.
#[track_caller]
fn check_error(text: &str, expected: &str, help: Option<&str>) {
    let (_, errors) = checked(text);
    let actual: Vec<String> =
        errors.iter().map(|e| format!("{:?} {}: {}", e.span, e.kind.name(), e.message)).collect();
    assert_eq!(actual.join("\n"), expected, "checking {text:?}");
    if let Some(help) = help {
        assert_eq!(errors[0].help.as_deref(), Some(help), "help for {text:?}");
    }
}

#[test]
fn literals_and_operators() {
    for (text, expected) in [
        ("true", "bool"),
        ("42", "int"),
        ("42u", "uint"),
        ("1.5", "double"),
        ("'s'", "string"),
        ("b's'", "bytes"),
        ("null", "null_type"),
        ("1 + 2 * 3 % 4", "int"),
        ("1u + 2u", "uint"),
        ("1.0 / 2.0", "double"),
        ("'a' + 'b'", "string"),
        ("b'a' + b'b'", "bytes"),
        ("[1] + [2]", "list(int)"),
        ("ts + duration('1s')", "timestamp"),
        ("duration('1s') + ts", "timestamp"),
        ("ts - ts", "duration"),
        ("-1", "int"),
        ("-(1.5)", "double"),
        ("!true", "bool"),
        ("1 < 2.0", "bool"),
        ("1u >= -1", "bool"),
        ("2.5 <= 3u", "bool"),
        ("'a' < 'b'", "bool"),
        ("1 == 1", "bool"),
        ("[1] != [2]", "bool"),
        ("true ? 1 : 2", "int"),
        ("1 in [1, 2]", "bool"),
        ("'a' in {'a': 1}", "bool"),
        ("[1, 2][0]", "int"),
        ("{'a': [1]}['a']", "list(int)"),
        ("true && false || !true", "bool"),
    ] {
        check_type(text, expected);
    }
}

#[test]
fn literals_of_mixed_types_are_dyn() {
    for (text, expected) in [
        ("[]", "list(dyn)"),
        ("{}", "map(dyn, dyn)"),
        ("[1, 'a']", "list(dyn)"),
        ("[1, dyn('a')]", "list(dyn)"),
        ("[[], [1]]", "list(list(int))"),
        ("[[1], []]", "list(list(int))"),
        ("{'a': 1, 'b': 'c'}", "map(string, dyn)"),
        ("{1: 'a', 'b': 'c'}", "map(dyn, string)"),
        ("[null, 1]", "list(dyn)"),
        ("[[], [[]], [[[]]]]", "list(list(list(list(dyn))))"),
    ] {
        check_type(text, expected);
    }
}

#[test]
fn functions_and_conversions() {
    for (text, expected) in [
        ("size('abc')", "int"),
        ("'abc'.size()", "int"),
        ("size([1])", "int"),
        ("size({1: 2})", "int"),
        ("'abc'.contains('b')", "bool"),
        ("'abc'.startsWith('a') && 'abc'.endsWith('c')", "bool"),
        ("'abc'.matches('a+')", "bool"),
        ("matches('abc', 'a+')", "bool"),
        ("int('1') + int(1u) + int(1.5)", "int"),
        ("uint(1)", "uint"),
        ("double(1)", "double"),
        ("string(1)", "string"),
        ("bytes('a')", "bytes"),
        ("bool('true')", "bool"),
        ("timestamp('2024-01-01T00:00:00Z')", "timestamp"),
        ("duration('1h')", "duration"),
        ("dyn(1)", "dyn"),
        ("type(1)", "type(int)"),
        ("type(1) == int", "bool"),
        ("int", "type(int)"),
        ("type(int)", "type(type(int))"),
        ("list", "type(list(dyn))"),
        ("ts.getFullYear()", "int"),
        ("ts.getHours('Europe/Paris')", "int"),
        ("duration('1h').getMinutes()", "int"),
        ("dyn(1) + 1", "int"),
        ("dyn(1) < 1", "bool"),
        ("dyn([1])[0]", "dyn"),
    ] {
        check_type(text, expected);
    }
}

#[test]
fn variables_fields_and_macros() {
    for (text, expected) in [
        ("ai.models", "list(AIModel)"),
        ("ai.models[0]", "AIModel"),
        ("ai.models[0].id", "string"),
        ("ai.models[0].metrics.global.error_rate.total < 0.01", "bool"),
        ("ai.models[0].metrics.api_keys['k'].request_count > 10", "bool"),
        ("ai.models[0].metadata.tier", "dyn"),
        ("ai.models[0].metadata['tier'] == 'premium'", "bool"),
        ("ai.models.filter(m, m.provider_id == 'openai')", "list(AIModel)"),
        ("ai.models.map(m, m.id)", "list(string)"),
        ("ai.models.map(m, m.known, m.max_context_window)", "list(int)"),
        ("ai.models.all(m, m.known)", "bool"),
        ("ai.models.exists(m, 'text' in m.input_modalities)", "bool"),
        ("ai.models.exists_one(m, m.known)", "bool"),
        ("ai.models.sortBy(m, m.pricing.input)", "list(AIModel)"),
        ("ai.models.sortBy(m, m.id).filter(m, m.known)", "list(AIModel)"),
        ("ai.models.sortBy(m, dyn(m.id))", "list(AIModel)"),
        ("ai.models.only(['gpt-4o'])", "list(AIModel)"),
        ("ai.models.only(['gpt-4o']).random()", "AIModel"),
        ("ai.keys.filter(k, k.quota.remaining_requests > 10)", "list(dyn)"),
        ("has(ai.models[0].id)", "bool"),
        ("has(ai.models[0].metadata.tier)", "bool"),
        ("ai.models[0].getMetadata('config.region')", "dyn"),
        ("secrets.get('openai', 'primary')", "string"),
        ("{'a': 1}.all(k, k == 'a')", "bool"),
        ("[1, 2].map(x, [x]).map(y, y[0])", "list(int)"),
        ("[[1]].exists(x, x.exists(y, y == 1))", "bool"),
        ("dyn([]).all(x, x)", "bool"),
        ("true ? ai.models : ai.models.filter(m, m.known)", "list(AIModel)"),
    ] {
        check_type(text, expected);
    }
}

#[test]
fn string_like_objects_are_strings_with_fields() {
    for (text, expected) in [
        ("req.url", "string"),
        ("req.url.path", "string"),
        ("req.url.port", "int"),
        ("req.url.startsWith('https://')", "bool"),
        ("req.url + '?a=1'", "string"),
        ("req.url == 'https://example.com/'", "bool"),
        ("size(req.url)", "int"),
        ("has(req.url.port)", "bool"),
        ("[req.url]", "list(string)"),
        ("req.headers['x-team'][0] == 'ml' && req.url.path.startsWith('/v1/')", "bool"),
    ] {
        check_type(text, expected);
    }
    let (ast, _) = parse("req.url.path + req.url");
    let ast = ast.unwrap();
    let (checked, errors) = check(&ast, &env());
    assert!(errors.is_empty());
    let strings: Vec<String> = (0..ast.id_count())
        .map(switchyard_cel::ast::ExprId)
        .filter(|id| checked.is_implicit_string(*id))
        .map(|id| format!("{:?}", ast.span(id)))
        .collect();
    assert_eq!(strings, ["15..22"]);
}

#[test]
fn references() {
    let (ast, _) = parse("ai.models.filter(m, m.id == secrets.get('a', 'b') && req.url.port > 1)");
    let ast = ast.unwrap();
    let (checked, errors) = check(&ast, &env());
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(checked.variables(), ["ai.models", "req"]);
    let rendered: Vec<String> = checked
        .references()
        .map(|(id, reference)| {
            let text = match reference {
                Reference::Variable(name) => format!("variable {name}"),
                Reference::Local(name) => format!("local {name}"),
                Reference::Field { object, field } => format!("field {object}.{field}"),
                Reference::Function { name, overloads, namespaced } => {
                    format!("call {name} {} namespaced={namespaced}", overloads.join("|"))
                }
                other => format!("{other:?}"),
            };
            format!("{:?} {text}", ast.span(id))
        })
        .collect();
    let expected = [
        "0..9 variable ai.models",
        "20..21 local m",
        "20..24 field AIModel.id",
        "20..49 call _==_ equals namespaced=false",
        "28..49 call secrets.get secrets_get namespaced=true",
        "53..56 variable req",
        "53..60 field Request.url",
        "53..65 field URL.port",
        "53..69 call _>_ greater_int64 namespaced=false",
        "20..69 call _&&_ logical_and namespaced=false",
    ];
    for line in expected {
        assert!(rendered.contains(&line.to_owned()), "{line} not in {rendered:#?}");
    }
}

#[test]
fn dyn_arguments_resolve_to_several_overloads() {
    let (ast, _) = parse("dyn(1) + 1");
    let ast = ast.unwrap();
    let (checked, _) = check(&ast, &env());
    let Some(Reference::Function { overloads, .. }) = checked.reference(ast.root().id) else {
        panic!()
    };
    assert_eq!(overloads.join(" "), "add_int64");
    let (ast, _) = parse("dyn(1) < dyn(2)");
    let ast = ast.unwrap();
    let (checked, _) = check(&ast, &env());
    let Some(Reference::Function { overloads, .. }) = checked.reference(ast.root().id) else {
        panic!()
    };
    assert_eq!(overloads.len(), 14);
}

#[test]
fn errors() {
    for (text, expected, help) in [
        ("x", "0..1 undeclared-reference: undeclared reference to 'x'", None),
        (
            "reqq.method",
            "0..4 undeclared-reference: undeclared reference to 'reqq'",
            Some("did you mean `req`?"),
        ),
        (
            "ai.model",
            "0..8 undeclared-reference: undeclared reference to 'ai.model'",
            Some("did you mean `ai.models`?"),
        ),
        (
            "ai.modles.filter(m, m.known)",
            "0..9 undeclared-reference: undeclared reference to 'ai.modles'",
            Some("did you mean `ai.models`?"),
        ),
        (
            "ai",
            "0..2 undeclared-reference: undeclared reference to 'ai'",
            Some("`ai` is a namespace, not a value: `ai.keys`, `ai.models`"),
        ),
        (
            "ai.models[0].provider",
            "13..21 no-such-field: no field `provider` on type `AIModel`",
            Some("did you mean `provider_id`?"),
        ),
        (
            "ai.models.filter(m, m.metrics.global.error_rate.totl < 0.1)",
            "48..52 no-such-field: no field `totl` on type `ErrorRate`",
            Some("did you mean `total`?"),
        ),
        (
            "has(ai.models[0].providers)",
            "17..26 no-such-field: no field `providers` on type `AIModel`",
            Some("did you mean `provider_id`?"),
        ),
        (
            "1 + 'a'",
            "2..3 no-matching-overload: found no matching overload for '_+_' applied to '(int, string)'",
            None,
        ),
        (
            "1.5 < 'a'",
            "4..5 no-matching-overload: found no matching overload for '_<_' applied to '(double, string)'",
            Some(
                "candidates:\n  string < string -> bool\n  double < int -> bool\n  double < uint -> bool\n  double < double -> bool",
            ),
        ),
        (
            "'abc'.startsWith(1)",
            "6..16 no-matching-overload: found no matching overload for 'startsWith' applied to 'string.(int)'",
            Some("candidates:\n  string.startsWith(string) -> bool"),
        ),
        (
            "-'a'",
            "0..1 no-matching-overload: found no matching overload for '-_' applied to '(string)'",
            Some("candidates:\n  -double -> double\n  -int -> int"),
        ),
        (
            "'abc'.startsWith('a', 'b')",
            "6..16 wrong-arity: wrong number of arguments to 'startsWith': expected 1, found 2",
            None,
        ),
        (
            "size()",
            "0..4 wrong-arity: wrong number of arguments to 'size': expected 1, found 0",
            None,
        ),
        (
            "contains('a', 'b')",
            "0..8 no-matching-overload: 'contains' is called on a receiver",
            Some("candidates:\n  string.contains(string) -> bool"),
        ),
        (
            "'abc'.strtsWith('a')",
            "6..15 undeclared-reference: undeclared reference to 'strtsWith'",
            Some("did you mean `startsWith`?"),
        ),
        ("1 && true", "0..1 type-mismatch: expected type 'bool' but found 'int'", None),
        ("'a' ? 1 : 2", "0..3 type-mismatch: expected type 'bool' but found 'string'", None),
        (
            "true ? 'a' : 1",
            "5..6 no-matching-overload: found no matching overload for '_?_:_' applied to '(bool, string, int)'",
            None,
        ),
        (
            "ai.models.filter(m, m.id)",
            "20..24 type-mismatch: expected type 'bool' but found 'string'",
            None,
        ),
        (
            "1.a",
            "2..3 unsupported-field-selection: type 'int' does not support field selection",
            None,
        ),
        (
            "1.exists(x, x)",
            "0..1 not-iterable: expression of type 'int' cannot be range of a comprehension (must be list, map, or dynamic)",
            None,
        ),
        (
            "ai.models.sortBy(m, m.pricing)",
            "20..29 unorderable-sort-key: sortBy() key must be int, uint, double, string, bool, timestamp or duration, found 'Pricing'",
            None,
        ),
        (
            "{'a': 1}.sortBy(k, k)",
            "9..15 no-matching-overload: sortBy() applies to a list, found 'map(string, int)'",
            None,
        ),
        ("{1.5: 1}", "1..4 invalid-map-key: unsupported map key type 'double'", None),
        (
            "AIModel{id: 1}",
            "8..10 type-mismatch: expected type of field 'id' is 'string' but provided type is 'int'",
            None,
        ),
        (
            "AIModel{idd: '1'}",
            "8..11 no-such-field: no field `idd` on type `AIModel`",
            Some("did you mean `id`?"),
        ),
        ("Model{}", "0..5 undeclared-reference: undeclared reference to 'Model'", None),
    ] {
        check_error(text, expected, help);
    }
}

#[test]
fn one_mistake_is_one_error() {
    for (text, expected) in [
        (
            "x + 1 == 2 && size(x) > 0",
            "0..1 undeclared-reference: undeclared reference to 'x'\n19..20 undeclared-reference: undeclared reference to 'x'",
        ),
        (
            "ai.models.filter(m, m.provider == 'a').map(m, m.id)",
            "22..30 no-such-field: no field `provider` on type `AIModel`",
        ),
        (
            "(1 + 'a') * 2 < 3 ? 1 : 2",
            "3..4 no-matching-overload: found no matching overload for '_+_' applied to '(int, string)'",
        ),
        (
            "unknown(1).foo.bar[0] + 1",
            "0..7 undeclared-reference: undeclared reference to 'unknown'",
        ),
    ] {
        check_error(text, expected, None);
    }
}

#[test]
fn expected_result_types() {
    let model = Type::object("AIModel");
    let models = Type::list(model.clone());
    let accepts = |text: &str| {
        let (checked, errors) = checked(text);
        assert!(errors.is_empty(), "{errors:#?}");
        let ty = checked.result_type();
        model.is_assignable_from(ty) || models.is_assignable_from(ty)
    };
    assert!(accepts("ai.models"));
    assert!(accepts("ai.models[0]"));
    assert!(accepts("dyn(1)"));
    assert!(accepts("ai.models.filter(m, m.known)"));
    assert!(!accepts("true"));
    assert!(!accepts("ai.models.map(m, m.id)"));
    assert!(!accepts("'gpt-4o'"));
}

#[test]
fn containers_and_namespaced_names() {
    let mut env = Env::standard();
    env.declare_variable("a.b.c", Type::String);
    env.declare_variable("a.b", Type::map(Type::String, Type::Int));
    env.declare_variable("x.y", Type::Bool);
    env.declare_variable("y", Type::String);
    env.declare_object(ObjectType::new("pkg.Msg").field("f", Type::Int));
    env.declare_function("pkg.fn", [Overload::global("pkg_fn", &[Type::Int], Type::Uint)]);
    let cases = [
        ("", "a.b.c", "string"),
        ("", "a.b", "map(string, int)"),
        ("", "a.b.d", "int"),
        ("x", "y", "bool"),
        ("x", ".y", "string"),
        ("", "y", "string"),
        ("", "[1].exists(y, y == 1)", "bool"),
        ("pkg", "Msg{f: 1}.f", "int"),
        ("pkg", "Msg", "type(pkg.Msg)"),
        ("", "pkg.Msg{f: 1}", "pkg.Msg"),
        ("pkg.sub", "fn(1)", "uint"),
        ("", "pkg.fn(1)", "uint"),
    ];
    for (container, text, expected) in cases {
        let mut env = env.clone();
        env.use_container(container);
        let (ast, _) = parse(text);
        let (checked, errors) = check(&ast.unwrap(), &env);
        assert!(errors.is_empty(), "{text:?} in {container:?}: {errors:#?}");
        assert_eq!(checked.result_type().to_string(), expected, "{text:?} in {container:?}");
    }
}

#[test]
fn signatures_print_as_written() {
    let env = Env::standard();
    let signatures = |name: &str| -> Vec<String> {
        let function = env.function(name).unwrap();
        function.overloads().iter().map(|overload| overload.signature(name)).collect()
    };
    assert_eq!(signatures("_[_]"), ["list(A)[int] -> A", "map(A, B)[A] -> B"]);
    assert_eq!(signatures("@in")[0], "A in list(A) -> bool");
    assert_eq!(signatures("_?_:_"), ["bool ? A : A -> A"]);
    assert_eq!(signatures("startsWith"), ["string.startsWith(string) -> bool"]);
    assert_eq!(signatures("size")[..2], ["size(bytes) -> int", "bytes.size() -> int"]);
    assert_eq!(signatures("!_"), ["!bool -> bool"]);
}

/// Deeply nested expressions check on a small stack (the parser's nesting limit bounds depth).
#[test]
fn deep_nesting_checks_on_a_small_stack() {
    std::thread::Builder::new()
        .stack_size(3 << 19)
        .spawn(|| {
            let depth = 240;
            for text in [
                format!("{}1{}", "(".repeat(depth), ")".repeat(depth)),
                format!("{}1{}", "[".repeat(depth), "]".repeat(depth)),
                format!("1{}", " + 1".repeat(depth)),
                format!("{}x{}", "f(".repeat(depth), ")".repeat(depth)),
                format!("{}0{}", "ai.models[".repeat(depth), "]".repeat(depth)),
                format!("{}true{}", "[true].all(x, ".repeat(depth / 3), ")".repeat(depth / 3)),
            ] {
                let (ast, errors) = parse(&text);
                let ast = ast.unwrap_or_else(|| panic!("{}: {errors:?}", &text[..20]));
                let _ = check(&ast, &env());
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
