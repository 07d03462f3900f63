//! Data-driven parser tests: expressions and their S-expression rendering, spans, and errors.

use switchyard_cel::ast::{self, DebugOptions, MacroKind};
use switchyard_cel::parse;

/// Parses `text`, checks its rendering, and that unparsing and parsing again gives the same tree.
#[track_caller]
fn check(text: &str, expected: &str) {
    let (ast, errors) = parse(text);
    let Some(ast) = ast else { panic!("{text:?} failed to parse: {errors:#?}") };
    assert_eq!(ast::debug_string(&ast, DebugOptions::default()), expected, "parsing {text:?}");
    let printed = ast::unparse(ast.root());
    let (again, errors) = parse(&printed);
    let Some(again) = again else {
        panic!("{printed:?} (from {text:?}) failed to parse: {errors:#?}")
    };
    assert_eq!(
        ast::debug_string(&again, DebugOptions::default()),
        expected,
        "round trip through {printed:?}"
    );
}

/// Checks the rendering with spans (`@start..end`, and `^start..end` for a differing op span).
#[track_caller]
fn check_spans(text: &str, expected: &str) {
    let (ast, errors) = parse(text);
    let Some(ast) = ast else { panic!("{text:?} failed to parse: {errors:#?}") };
    let options = DebugOptions { ids: false, spans: true };
    assert_eq!(ast::debug_string(&ast, options), expected, "parsing {text:?}");
}

/// Checks the errors, rendered `start..end kind: message`, one per line.
#[track_caller]
fn check_error(text: &str, expected: &str) {
    let (ast, errors) = parse(text);
    assert!(ast.is_none(), "{text:?} parsed");
    let actual: Vec<String> =
        errors.iter().map(|e| format!("{:?} {}: {}", e.span, e.kind.name(), e.message)).collect();
    assert_eq!(actual.join("\n"), expected, "parsing {text:?}");
}

#[test]
fn literals() {
    for (text, expected) in [
        ("0", "0"),
        ("42", "42"),
        ("-7", "-7"),
        ("0x1F", "31"),
        ("0X1f", "31"),
        ("-0x10", "-16"),
        ("9223372036854775807", "9223372036854775807"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("-0x8000000000000000", "-9223372036854775808"),
        ("1u", "1u"),
        ("1U", "1u"),
        ("0x1Fu", "31u"),
        ("18446744073709551615u", "18446744073709551615u"),
        ("1.5", "1.5"),
        ("-1.5", "-1.5"),
        ("1e3", "1000.0"),
        ("1E-3", "0.001"),
        ("2.5e+2", "250.0"),
        (".5", "0.5"),
        ("-.5", "-0.5"),
        ("0.0", "0.0"),
        ("true", "true"),
        ("false", "false"),
        ("null", "null"),
        ("'s'", "\"s\""),
        ("\"s\"", "\"s\""),
        ("''", "\"\""),
        ("'''a'b\"c'''", "\"a'b\\\"c\""),
        ("\"\"\"a\nb\"\"\"", "\"a\\nb\""),
        ("'''a\r\nb'''", "\"a\\nb\""),
        ("r'\\n'", "\"\\\\n\""),
        ("R\"\\d+\"", "\"\\\\d+\""),
        ("r'''\\'''", "\"\\\\\""),
        ("b'abc'", "b\"abc\""),
        ("B\"ÿ\"", "b\"\\xc3\\xbf\""),
        ("b'''a'''", "b\"a\""),
        ("br'\\x'", "b\"\\\\x\""),
        ("bR\"\\n\"", "b\"\\\\n\""),
        ("Br'''\\'''", "b\"\\\\\""),
    ] {
        check(text, expected);
    }
}

#[test]
fn escapes() {
    for (text, expected) in [
        (r"'\a\b\f\n\r\t\v'", r#""\u{7}\u{8}\u{c}\n\r\t\u{b}""#),
        (r#"'\\\'\"\`\?'"#, r#""\\'\"`?""#),
        (r"'\x41\X42\101\u00e9\U0001F600'", r#""ABAé😀""#),
        // In strings, \xHH and octal escapes are code points; in bytes, octets.
        (r"'\303\277'", r#""Ã¿""#),
        (r"'\377\xFF'", r#""ÿÿ""#),
        (r"b'\303\277'", r#"b"\xc3\xbf""#),
        (r"b'\377\xff\x00'", r#"b"\xff\xff\x00""#),
        (r"'\U00088888'", r#""\u{88888}""#),
        (r"'''\''''", r#""'""#),
    ] {
        check(text, expected);
    }
}

#[test]
fn precedence_and_associativity() {
    for (text, expected) in [
        ("a || b && c", "(_||_ a (_&&_ b c))"),
        ("a && b || c", "(_||_ (_&&_ a b) c)"),
        ("a || b || c", "(_||_ (_||_ a b) c)"),
        ("a && b && c", "(_&&_ (_&&_ a b) c)"),
        ("a == b && c != d", "(_&&_ (_==_ a b) (_!=_ c d))"),
        ("a < b == c", "(_==_ (_<_ a b) c)"),
        ("a <= b >= c > d", "(_>_ (_>=_ (_<=_ a b) c) d)"),
        ("a in b in c", "(@in (@in a b) c)"),
        ("a + b < c * d", "(_<_ (_+_ a b) (_*_ c d))"),
        ("a - b - c", "(_-_ (_-_ a b) c)"),
        ("a - (b - c)", "(_-_ a (_-_ b c))"),
        ("a * b / c % d", "(_%_ (_/_ (_*_ a b) c) d)"),
        ("a + b * c", "(_+_ a (_*_ b c))"),
        ("(a + b) * c", "(_*_ (_+_ a b) c)"),
        ("!a && b", "(_&&_ (!_ a) b)"),
        ("-a * b", "(_*_ (-_ a) b)"),
        ("-a.b", "(-_ a.b)"),
        ("!a.b()", "(!_ (a.b))"),
        ("a ? b : c", "(_?_:_ a b c)"),
        ("a ? b : c ? d : e", "(_?_:_ a b (_?_:_ c d e))"),
        ("(a ? b : c) ? d : e", "(_?_:_ (_?_:_ a b c) d e)"),
        ("a || b ? c && d : e || f", "(_?_:_ (_||_ a b) (_&&_ c d) (_||_ e f))"),
        ("'x' in m && m.x == 1", "(_&&_ (@in \"x\" m) (_==_ m.x 1))"),
    ] {
        check(text, expected);
    }
}

#[test]
fn unary_operators_and_negative_literals() {
    for (text, expected) in [
        ("-1", "-1"),
        ("- 1", "-1"),
        ("-(1)", "(-_ 1)"),
        ("-a", "(-_ a)"),
        ("--a", "a"),
        ("---a", "(-_ a)"),
        // A run of signs is an operator, as in cel-go: only one `-` joins the literal.
        ("--1", "1"),
        ("---1", "(-_ 1)"),
        ("-(-1)", "(-_ -1)"),
        ("!a", "(!_ a)"),
        ("!!a", "a"),
        ("!!!a", "(!_ a)"),
        ("!-1", "(!_ -1)"),
        ("4--4", "(_-_ 4 -4)"),
        ("4-4", "(_-_ 4 4)"),
        ("-1.5", "-1.5"),
        ("-1u", "(-_ 1u)"),
        ("-1.abs()", "(-1.abs)"),
        ("-a[0]", "(-_ (_[_] a 0))"),
        ("-1[0]", "(_[_] -1 0)"),
    ] {
        check(text, expected);
    }
}

#[test]
fn members_calls_and_aggregates() {
    for (text, expected) in [
        ("a.b.c", "a.b.c"),
        (".a", ".a"),
        (".a.b", ".a.b"),
        ("a.`b-c`.`d.e`", "a.b-c.d.e"),
        ("a[0]", "(_[_] a 0)"),
        ("a['k'][0]", "(_[_] (_[_] a \"k\") 0)"),
        ("f()", "(f)"),
        ("f(a, b)", "(f a b)"),
        (".f(a)", "(.f a)"),
        ("a.f()", "(a.f)"),
        ("a.b.f(c).g(d, e)", "((a.b.f c).g d e)"),
        ("size(a) == 3", "(_==_ (size a) 3)"),
        ("'s'.size()", "(\"s\".size)"),
        ("[1, 2].size()", "([1, 2].size)"),
        ("(a + b).c", "(_+_ a b).c"),
        ("[]", "[]"),
        ("[1]", "[1]"),
        ("[1, 'a', [2],]", "[1, \"a\", [2]]"),
        ("{}", "{}"),
        ("{'a': 1, 2: [3]}", "{\"a\": 1, 2: [3]}"),
        ("{'a': 1,}", "{\"a\": 1}"),
        ("{a: b}", "{a: b}"),
        ("Msg{}", "Msg{}"),
        ("Msg{f: 1, g: 'x',}", "Msg{f: 1, g: \"x\"}"),
        ("a.b.Msg{f: 1}", "a.b.Msg{f: 1}"),
        (".a.b.Msg{f: 1}", ".a.b.Msg{f: 1}"),
        ("Msg{f: Msg{g: 2}}.f.g", "Msg{f: Msg{g: 2}}.f.g"),
        ("Msg{`in`: 1, if: 2}", "Msg{in: 1, if: 2}"),
        ("[a.b{}]", "[a.b{}]"),
        ("a.b{}.c", "a.b{}.c"),
        // Reserved words are fine as fields and method names.
        ("a.if || a.while() || a.package.return", "(_||_ (_||_ a.if (a.while)) a.package.return)"),
        ("{'void': 1}.void", "{\"void\": 1}.void"),
        ("// comment\n a // more\n + b", "(_+_ a b)"),
    ] {
        check(text, expected);
    }
}

#[test]
fn macros() {
    for (text, expected) in [
        ("has(a.b)", "(has a.b)"),
        ("has(a.b.c)", "(has a.b.c)"),
        ("has({'a': 1}.a)", "(has {\"a\": 1}.a)"),
        (
            "l.all(x, x > 0)",
            "(fold x l @result true (@not_strictly_false @result) (_&&_ @result (_>_ x 0)) @result)",
        ),
        (
            "l.exists(x, x > 0)",
            "(fold x l @result false (@not_strictly_false (!_ @result)) (_||_ @result (_>_ x 0)) @result)",
        ),
        (
            "l.exists_one(x, x > 0)",
            "(fold x l @result 0 true (_?_:_ (_>_ x 0) (_+_ @result 1) @result) (_==_ @result 1))",
        ),
        ("l.map(x, x * 2)", "(fold x l @result [] true (_+_ @result [(_*_ x 2)]) @result)"),
        (
            "l.map(x, x > 0, x * 2)",
            "(fold x l @result [] true (_?_:_ (_>_ x 0) (_+_ @result [(_*_ x 2)]) @result) @result)",
        ),
        (
            "l.filter(x, x > 0)",
            "(fold x l @result [] true (_?_:_ (_>_ x 0) (_+_ @result [x]) @result) @result)",
        ),
        (
            "l.sortBy(m, m.price)",
            "(fold #unused [] @__sortBy_input__ l false @__sortBy_input__ (@__sortBy_input__.@sortByAssociatedKeys \
             (fold m @__sortBy_input__ @result [] true (_+_ @result [m.price]) @result)))",
        ),
        // cel-go's two-variable comprehensions: index (or key) and element (or value).
        (
            "m.all(k, v, v > k)",
            "(fold k v m @result true (@not_strictly_false @result) (_&&_ @result (_>_ v k)) @result)",
        ),
        (
            "m.exists(k, v, v > k)",
            "(fold k v m @result false (@not_strictly_false (!_ @result)) (_||_ @result (_>_ v k)) @result)",
        ),
        (
            "m.exists_one(k, v, v > k)",
            "(fold k v m @result 0 true (_?_:_ (_>_ v k) (_+_ @result 1) @result) (_==_ @result 1))",
        ),
        (
            "l.transformList(i, v, v * i)",
            "(fold i v l @result [] true (_+_ @result [(_*_ v i)]) @result)",
        ),
        (
            "l.transformList(i, v, i > 0, v)",
            "(fold i v l @result [] true (_?_:_ (_>_ i 0) (_+_ @result [v]) @result) @result)",
        ),
        (
            "m.transformMap(k, v, v + 1)",
            "(fold k v m @result {} true (cel.@mapInsert @result k (_+_ v 1)) @result)",
        ),
        (
            "m.transformMap(k, v, v > 0, v + 1)",
            "(fold k v m @result {} true (_?_:_ (_>_ v 0) (cel.@mapInsert @result k (_+_ v 1)) @result) @result)",
        ),
        (
            "m.transformMapEntry(k, v, {v: k})",
            "(fold k v m @result {} true (cel.@mapInsert @result {v: k}) @result)",
        ),
        // One argument: Switchyard's `sortBy('price')` function, no macro.
        ("ai.models.sortBy('price')", "(ai.models.sortBy \"price\")"),
        // Not macros: other names, other arities of sortBy, global all/exists.
        ("l.sort()", "(l.sort)"),
        ("all(l, x)", "(all l x)"),
        ("a.has(b)", "(a.has b)"),
        // Nested macros.
        (
            "l.filter(x, x.all(y, y))",
            "(fold x l @result [] true (_?_:_ (fold y x @result true (@not_strictly_false @result) \
             (_&&_ @result y) @result) (_+_ @result [x]) @result) @result)",
        ),
        (
            "ai.models.filter(m, m.cost < 1).map(m, m.id)",
            "(fold m (fold m ai.models @result [] true (_?_:_ (_<_ m.cost 1) (_+_ @result [m]) @result) @result) \
             @result [] true (_+_ @result [m.id]) @result)",
        ),
    ] {
        check(text, expected);
    }
}

#[test]
fn spans() {
    for (text, expected) in [
        ("a + b", "(_+_ a@0..1 b@4..5)@0..5^2..3"),
        ("  a  ", "a@2..3"),
        ("-1 + -a", "(_+_ -1@0..2 (-_ a@6..7)@5..7^5..6)@0..7^3..4"),
        ("!!a", "a@2..3"),
        ("a ? b : c", "(_?_:_ a@0..1 b@4..5 c@8..9)@0..9^2..3"),
        ("(a)", "a@0..3^1..2"),
        ("(a + b) * c", "(_*_ (_+_ a@1..2 b@5..6)@0..7^3..4 c@10..11)@0..11^8..9"),
        ("-(a)", "(-_ a@1..4^2..3)@0..4^0..1"),
        ("a.b", "a@0..1.b@0..3^2..3"),
        ("a . `b c`", "a@0..1.b c@0..9^4..9"),
        ("a[0]", "(_[_] a@0..1 0@2..3)@0..4^1..2"),
        ("f(x)", "(f x@2..3)@0..4^0..1"),
        (".f(x)", "(.f x@3..4)@0..5^0..2"),
        ("a.fn(x)", "(a@0..1.fn x@5..6)@0..7^2..4"),
        ("[1, 2]", "[1@1..2, 2@4..5]@0..6^0..1"),
        ("{1: 2}", "{1@1..2: 2@4..5}@0..6^0..1"),
        ("a.M{f: 1}", "a.M{f: 1@7..8}@0..9^0..3"),
        ("'é' + b'x'", "(_+_ \"é\"@0..4 b\"x\"@7..11)@0..11^5..6"),
        ("has(a.b)", "(has a@4..5.b)@0..8^0..3"),
        (
            "l.all(x, p)",
            "(fold x l@0..1 @result true@0..11^2..5 (@not_strictly_false @result@0..11^2..5)@0..11^2..5 \
             (_&&_ @result@0..11^2..5 p@9..10)@0..11^2..5 @result@0..11^2..5)@0..11^2..5",
        ),
        (
            "l.filter(x, p)",
            "(fold x l@0..1 @result []@0..14^2..8 true@0..14^2..8 (_?_:_ p@12..13 (_+_ @result@0..14^2..8 \
             [x@9..10]@0..14^2..8)@0..14^2..8 @result@0..14^2..8)@0..14^2..8 @result@0..14^2..8)@0..14^2..8",
        ),
    ] {
        check_spans(text, expected);
    }
}

#[test]
fn entry_spans() {
    let (ast, _) = parse("{'k': v, 1: 2}");
    let ast = ast.unwrap();
    let ast::ExprKind::Map(entries) = &ast.root().kind else { panic!() };
    assert_eq!(ast.span(entries[0].id).to_usize(), 1..7);
    assert_eq!(ast.op_span(entries[0].id).to_usize(), 4..5);
    assert_eq!(ast.span(entries[1].id).to_usize(), 9..13);
    let (ast, _) = parse("Msg{field: v}");
    let ast = ast.unwrap();
    let ast::ExprKind::Struct(message) = &ast.root().kind else { panic!() };
    assert_eq!(ast.span(message.fields[0].id).to_usize(), 4..12);
    assert_eq!(ast.op_span(message.fields[0].id).to_usize(), 4..9);
}

#[test]
fn macro_calls_record_their_source() {
    let text = "ai.models.filter(m, has(m.x) && m.tags.exists(t, t == 'a')).sortBy(m, m.price)";
    let (ast, errors) = parse(text);
    let ast = ast.unwrap_or_else(|| panic!("{errors:?}"));
    let calls: Vec<String> = ast
        .macro_calls()
        .iter()
        .map(|call| {
            let args: Vec<&str> =
                call.args.iter().map(|id| &text[ast.span(*id).to_usize()]).collect();
            let target = call.target.map_or("", |id| &text[ast.span(id).to_usize()]);
            let name = &text[ast.op_span(call.expansion).to_usize()];
            format!(
                "{} {name} on {target:?} with {args:?}: {:?}",
                call.kind.name(),
                ast.span(call.expansion)
            )
        })
        .collect();
    assert_eq!(
        calls,
        [
            "has has on \"\" with [\"m.x\"]: 20..28",
            "exists exists on \"m.tags\" with [\"t\", \"t == 'a'\"]: 32..58",
            "filter filter on \"ai.models\" with [\"m\", \"has(m.x) && m.tags.exists(t, t == 'a')\"]: 0..59",
            "sortBy sortBy on \"ai.models.filter(m, has(m.x) && m.tags.exists(t, t == 'a'))\" with [\"m\", \"m.price\"]: 0..78",
        ]
    );
    let root = ast.root();
    assert_eq!(ast.macro_call(root.id).map(|call| call.kind), Some(MacroKind::SortBy));
}

#[test]
fn errors() {
    for (text, expected) in [
        ("", "0..0 unexpected-token: expected an expression but found end of input"),
        ("   ", "3..3 unexpected-token: expected an expression but found end of input"),
        ("f(1, 2", "6..6 unexpected-token: expected ',' or ')' but found end of input"),
        ("f(1 2)", "4..5 unexpected-token: expected ',' or ')' but found integer literal"),
        ("(1, 2)", "2..3 unexpected-token: expected ')' but found ','"),
        ("[1 2]", "3..4 unexpected-token: expected ',' or ']' but found integer literal"),
        ("{1 2}", "3..4 unexpected-token: expected ':' but found integer literal"),
        ("{1: 2 3}", "6..7 unexpected-token: expected ',' or '}' but found integer literal"),
        ("a ? b", "5..5 unexpected-token: expected ':' but found end of input"),
        // The middle of a conditional is a ConditionalOr: nest it in parentheses.
        ("a ? b ? c : d : e", "6..7 unexpected-token: expected ':' but found '?'"),
        ("a +", "3..3 unexpected-token: expected an expression but found end of input"),
        ("a + * b", "4..5 unexpected-token: expected an expression but found '*'"),
        (
            "a b",
            "2..3 unexpected-token: expected an operator or end of input but found identifier 'b'",
        ),
        ("a)", "1..2 unexpected-token: unmatched ')'"),
        ("a.", "2..2 unexpected-token: expected a field name after '.' but found end of input"),
        (
            "a.1",
            "1..3 unexpected-token: expected an operator or end of input but found double literal",
        ),
        (
            "a.true",
            "2..6 unexpected-token: expected a field name after '.' but found keyword 'true'",
        ),
        ("Msg{1: 2}", "4..5 unexpected-token: expected a field name but found integer literal"),
        ("Msg{f 2}", "6..7 unexpected-token: expected ':' but found integer literal"),
        ("a[0}", "3..4 unexpected-token: expected ']' but found '}'"),
        ("!-a", "1..2 unexpected-token: expected an expression but found '-'"),
        ("--", "2..2 unexpected-token: expected an expression but found end of input"),
        ("a = b", "2..3 unexpected-character: unexpected character '='"),
        ("a & b", "2..3 unexpected-character: unexpected character '&'"),
        ("a # b", "2..3 unexpected-character: unexpected character '#'"),
        ("'abc", "0..4 unterminated-literal: unterminated string literal"),
        ("'abc\ndef'", "0..4 unterminated-literal: unterminated string literal"),
        ("b'''abc", "0..7 unterminated-literal: unterminated bytes literal"),
        (r"'a\qb'", r"2..4 invalid-escape: invalid escape sequence \q"),
        (
            r"'\u12'",
            r"1..5 invalid-escape: invalid escape sequence \u12: expected 4 hexadecimal digits",
        ),
        (r"'\uD800'", r"1..7 invalid-escape: invalid unicode code point \uD800"),
        (r"'\UFFFFFFFF'", r"1..11 invalid-escape: invalid unicode code point \UFFFFFFFF"),
        (r"b'\u0041'", r"2..8 invalid-escape: invalid escape sequence \u0041 in a bytes literal"),
        ("9223372036854775808", "0..19 number-out-of-range: integer literal out of range"),
        ("-9223372036854775809", "0..20 number-out-of-range: integer literal out of range"),
        ("0x8000000000000000", "0..18 number-out-of-range: integer literal out of range"),
        (
            "18446744073709551616u",
            "0..21 number-out-of-range: unsigned integer literal out of range",
        ),
        ("1e309", "0..5 number-out-of-range: double literal out of range"),
        ("1abc", "1..4 invalid-number: invalid suffix 'abc' on number literal"),
        ("0x", "0..2 invalid-number: expected hexadecimal digits after '0x'"),
        ("if", "0..2 reserved-identifier: reserved identifier 'if'"),
        ("a + let", "4..7 reserved-identifier: reserved identifier 'let'"),
        ("while(x)", "0..5 reserved-identifier: reserved identifier 'while'"),
        (".var", "1..4 reserved-identifier: reserved identifier 'var'"),
        ("has(a)", "4..5 invalid-macro-call: invalid argument to has() macro"),
        ("has(a.b, c)", "0..11 invalid-macro-call: has() takes exactly one argument but got 2"),
        ("l.all(x)", "0..8 invalid-macro-call: all() takes 2 or 3 arguments but got 1"),
        (
            "l.exists(x, y, z, w)",
            "0..20 invalid-macro-call: exists() takes 2 or 3 arguments but got 4",
        ),
        ("l.filter(x, y, z)", "0..17 invalid-macro-call: filter() takes 2 arguments but got 3"),
        (
            "m.transformMap(k, v)",
            "0..20 invalid-macro-call: transformMap() takes 3 or 4 arguments but got 2",
        ),
        ("m.all(k, k, true)", "9..10 invalid-macro-call: duplicate variable name: k"),
        ("m.existsOne(k, 1, true)", "15..16 invalid-macro-call: argument must be a simple name"),
        ("l.map(x)", "0..8 invalid-macro-call: map() takes 2 or 3 arguments but got 1"),
        ("l.filter(x.y, true)", "9..12 invalid-macro-call: argument must be a simple name"),
        ("l.exists_one(1, true)", "13..14 invalid-macro-call: argument must be a simple name"),
        ("l.sortBy(.m, m)", "9..11 invalid-macro-call: argument must be a simple name"),
        (
            "a.?b",
            "1..3 unsupported-syntax: unsupported syntax '.?': optional values are not part of Switchyard's CEL",
        ),
        (
            "a[?0]",
            "1..3 unsupported-syntax: unsupported syntax '[?': optional values are not part of Switchyard's CEL",
        ),
        (
            "[?a]",
            "1..2 unsupported-syntax: unsupported syntax '?': optional entries are not part of Switchyard's CEL",
        ),
        // Errors that do not break the structure are all reported.
        (
            r"if + '\q' + 99999999999999999999 + l.all(1, x)",
            "0..2 reserved-identifier: reserved identifier 'if'\n\
             6..8 invalid-escape: invalid escape sequence \\q\n\
             12..32 number-out-of-range: integer literal out of range\n\
             41..42 invalid-macro-call: argument must be a simple name",
        ),
    ] {
        check_error(text, expected);
    }
}

#[test]
fn errors_have_help() {
    let (_, errors) = parse(r"'\q'");
    assert!(errors[0].help.as_deref().unwrap().contains("raw literal"));
    let (_, errors) = parse("a = b");
    assert_eq!(errors[0].help.as_deref(), Some("use '==' to compare"));
    assert_eq!(errors[0].to_string(), "unexpected character '='");
}

/// The "nest" and "repeat" sections of cel-spec's `parse.textproto`, ported by eye: the depth
/// and length every implementation must support.
#[test]
fn conformance_nesting_and_repetition() {
    let texts = [
        "a[a[a[a[a[a[a[a[a[a[a[a[0]]]]]]]]]]]]",
        "NestedTestAllTypes{child: NestedTestAllTypes{child: NestedTestAllTypes{child: NestedTestAllTypes{child: \
         NestedTestAllTypes{child: NestedTestAllTypes{child: NestedTestAllTypes{child: NestedTestAllTypes{child: \
         NestedTestAllTypes{child: NestedTestAllTypes{child: NestedTestAllTypes{payload: TestAllTypes{single_int64: \
         137}}}}}}}}}}}}.payload.single_int64",
        "int(uint(int(uint(int(uint(int(uint(int(uint(int(uint(7))))))))))))",
        "size([[[[[[[[[[[[0]]]]]]]]]]]])",
        "size({0: {0: {0: {0: {0: {0: {0: {0: {0: {0: {0: {0: 'foo'}}}}}}}}}}}})",
        "((((((((((((((((((((((((((((((((7))))))))))))))))))))))))))))))))",
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!true",
        "--------------------------------19",
        "NestedTestAllTypes{}.child.child.child.child.child.child.child.child.child.child.payload.single_int32",
        "[[[[[[[[[[[['foo']]]]]]]]]]]][0][0][0][0][0][0][0][0][0][0][0][0]",
        "[ . cel. expr .conformance. proto3. TestAllTypes { single_int64 : int ( 17 ) } . single_int64 ] [ 0 ] \
         == ( 18 - 1 ) && ! false ? 1 : 2",
        "[// @\n.// @\ncel.// @\nexpr// @\n.conformance.// @\nproto3.// @\nTestAllTypes// @\n{// @\n\
         single_int64// @\n:// @\nint// @\n(// @\n17// @\n)// @\n}// @\n.// @\nsingle_int64// @\n]// @\n[0]",
    ];
    for text in texts {
        let (ast, errors) = parse(text);
        assert!(ast.is_some(), "{text}: {errors:?}");
    }
    let chains = [
        vec!["true"; 24].join(" ? true : ") + " ? true : false",
        vec!["false"; 33].join(" || "),
        vec!["true"; 33].join(" && "),
        vec!["3"; 25].join(" - "),
        vec!["4"; 25].join(" / "),
        format!("[{}][17]", (0..32).map(|i| i.to_string()).collect::<Vec<_>>().join(", ")),
    ];
    for text in chains {
        let (ast, errors) = parse(&text);
        assert!(ast.is_some(), "{text}: {errors:?}");
    }
    check(
        "[ . cel. expr .conformance. proto3. TestAllTypes { single_int64 : int ( 17 ) } . single_int64 ] [ 0 ]",
        "(_[_] [.cel.expr.conformance.proto3.TestAllTypes{single_int64: (int 17)}.single_int64] 0)",
    );
}

/// The literal and variable cases of cel-spec's `basic.textproto`.
#[test]
fn conformance_basic() {
    for (text, expected) in [
        ("0", "0"),
        ("-0", "0"),
        ("123", "123"),
        ("-123", "-123"),
        ("0u", "0u"),
        ("123u", "123u"),
        ("0.0", "0.0"),
        ("-0.0", "-0.0"),
        ("123.0", "123.0"),
        ("-123.0", "-123.0"),
        ("\"\"", "\"\""),
        ("'\"'", "\"\\\"\""),
        ("'\\n'", "\"\\n\""),
        ("b\"\"", "b\"\""),
        ("b\"abc\"", "b\"abc\""),
        ("b'\\303\\277'", "b\"\\xc3\\xbf\""),
        ("true", "true"),
        ("null", "null"),
        ("[]", "[]"),
        ("{}", "{}"),
        ("x", "x"),
        ("[1, 'a', 1.5]", "[1, \"a\", 1.5]"),
        ("{'k': 'v', 1: true}", "{\"k\": \"v\", 1: true}"),
        ("int", "int"),
        ("self.int", "self.int"),
        ("x.y", "x.y"),
    ] {
        check(text, expected);
    }
}
