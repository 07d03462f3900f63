//! Properties: the parser never panics, and unparsing a tree parses back to the same tree.

use proptest::prelude::*;
use switchyard_cel::ast::{
    self, Call, Constant, Expr, ExprId, ExprKind, MapEntry, Select, Struct, StructField,
};
use switchyard_cel::parse;

/// Pieces of CEL, to make inputs that get past the lexer more often than random text does.
const PIECES: &[&str] = &[
    "a",
    "b.c",
    "if",
    "in",
    "true",
    "null",
    "1",
    "-",
    "0x1F",
    "2u",
    "1.5",
    ".5",
    "1e3",
    "'s'",
    "\"t\"",
    "'''x'''",
    "r'\\d'",
    "b'\\xff'",
    "'\\q'",
    "'\\u12'",
    "`a-b`",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ".",
    ",",
    ":",
    "?",
    "!",
    "+",
    "*",
    "/",
    "%",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "&&",
    "||",
    "has(",
    ".all(",
    ".exists(x,",
    ".map(x,",
    ".filter(x,",
    ".sortBy(m,",
    "M{f:",
    "'unterminated",
    "//c\n",
    "é",
    "#",
    "=",
    "&",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_text_parses_without_panic(text in any::<String>()) {
        let _ = parse(&text);
    }

    #[test]
    fn any_token_soup_parses_without_panic(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40),
        glue in prop::sample::select(&["", " "][..]),
    ) {
        let text = pieces.join(glue);
        let (ast, errors) = parse(&text);
        // Exactly one of: a tree, or at least one error.
        prop_assert_eq!(ast.is_some(), errors.is_empty());
        for error in &errors {
            prop_assert!(error.span.end as usize <= text.len());
            prop_assert!(text.is_char_boundary(error.span.start as usize));
            prop_assert!(text.is_char_boundary(error.span.end as usize));
        }
        if let Some(ast) = ast {
            // Whatever parses, unparses to text that parses to the same tree.
            let printed = ast::unparse(ast.root());
            let (again, errors) = parse(&printed);
            let again = again.ok_or_else(|| TestCaseError::fail(format!("{printed:?}: {errors:?}")))?;
            prop_assert_eq!(stripped(again.into_root()), stripped(ast.into_root()));
        }
    }

    #[test]
    fn unparse_round_trips(expr in arb_expr()) {
        let printed = ast::unparse(&expr);
        let (ast, errors) = parse(&printed);
        let ast = ast.ok_or_else(|| TestCaseError::fail(format!("{printed:?}: {errors:?}")))?;
        prop_assert_eq!(stripped(ast.into_root()), expr, "through {}", printed);
    }
}

/// The tree with every id set to 0, as the generated trees have.
fn stripped(mut expr: Expr) -> Expr {
    strip(&mut expr);
    expr
}

fn strip(expr: &mut Expr) {
    expr.id = ExprId(0);
    match &mut expr.kind {
        ExprKind::Const(_) | ExprKind::Ident(_) => {}
        ExprKind::Select(select) => strip(&mut select.operand),
        ExprKind::Call(call) => {
            if let Some(target) = &mut call.target {
                strip(target);
            }
            call.args.iter_mut().for_each(strip);
        }
        ExprKind::List(elements) => elements.iter_mut().for_each(strip),
        ExprKind::Map(entries) => entries.iter_mut().for_each(|entry| {
            entry.id = ExprId(0);
            strip(&mut entry.key);
            strip(&mut entry.value);
        }),
        ExprKind::Struct(message) => message.fields.iter_mut().for_each(|field| {
            field.id = ExprId(0);
            strip(&mut field.value);
        }),
        ExprKind::Comprehension(comp) => {
            for part in [
                &mut comp.iter_range,
                &mut comp.accu_init,
                &mut comp.loop_condition,
                &mut comp.loop_step,
                &mut comp.result,
            ] {
                strip(part);
            }
        }
    }
}

fn node(kind: ExprKind) -> Expr {
    Expr { id: ExprId(0), kind }
}

/// Variable and global function names: no keywords, reserved words or macros.
fn arb_name() -> impl Strategy<Value = String> {
    prop::sample::select(&["a", "b", "x", "_y", "size", "int", "Msg", "m2"][..])
        .prop_map(str::to_owned)
}

/// Field names: reserved words and quoted names welcome.
fn arb_field() -> impl Strategy<Value = String> {
    prop::sample::select(
        &["f", "g", "if", "package", "in", "true", "a-b", "x.y", "p/q r", "_1"][..],
    )
    .prop_map(str::to_owned)
}

/// Method names that are no macros.
fn arb_method() -> impl Strategy<Value = String> {
    prop::sample::select(&["size", "startsWith", "if", "sort", "get"][..]).prop_map(str::to_owned)
}

fn arb_constant() -> impl Strategy<Value = Constant> {
    prop_oneof![
        Just(Constant::Null),
        any::<bool>().prop_map(Constant::Bool),
        any::<i64>().prop_map(Constant::Int),
        any::<u64>().prop_map(Constant::Uint),
        any::<f64>().prop_filter("finite", |v| v.is_finite()).prop_map(Constant::Double),
        any::<String>().prop_map(Constant::String),
        any::<Vec<u8>>().prop_map(Constant::Bytes),
    ]
}

fn call(target: Option<Expr>, function: &str, args: Vec<Expr>) -> Expr {
    node(ExprKind::Call(Call {
        target: target.map(Box::new),
        function: function.to_owned().into(),
        args,
    }))
}

fn arb_expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        arb_constant().prop_map(|c| node(ExprKind::Const(c))),
        arb_name().prop_map(|name| node(ExprKind::Ident(name.into()))),
        arb_name().prop_map(|name| node(ExprKind::Ident(format!(".{name}").into()))),
    ];
    leaf.prop_recursive(5, 48, 4, |inner| {
        let binary = prop::sample::select(
            &[
                "_||_", "_&&_", "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "@in", "_+_", "_-_",
                "_*_", "_/_", "_%_",
            ][..],
        );
        prop_oneof![
            (inner.clone(), arb_field(), any::<bool>()).prop_map(|(operand, field, test_only)| {
                node(ExprKind::Select(Select {
                    operand: Box::new(operand),
                    field: field.into(),
                    test_only,
                }))
            }),
            (binary, inner.clone(), inner.clone()).prop_map(|(op, lhs, rhs)| call(
                None,
                op,
                vec![lhs, rhs]
            )),
            (prop::sample::select(&["!_", "-_"][..]), inner.clone())
                .prop_map(|(op, operand)| call(None, op, vec![operand])),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(a, b, c)| call(
                None,
                "_?_:_",
                vec![a, b, c]
            )),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| call(None, "_[_]", vec![a, b])),
            (arb_name(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(f, args)| call(None, &f, args)),
            (inner.clone(), arb_method(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(target, f, args)| call(Some(target), &f, args)),
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|elements| node(ExprKind::List(elements))),
            prop::collection::vec((inner.clone(), inner.clone()), 0..3).prop_map(|entries| {
                let entries =
                    entries.into_iter().map(|(key, value)| MapEntry { id: ExprId(0), key, value });
                node(ExprKind::Map(entries.collect()))
            }),
            (
                prop::collection::vec(arb_name(), 1..3),
                any::<bool>(),
                prop::collection::vec((arb_field(), inner), 0..3)
            )
                .prop_map(|(segments, leading_dot, fields)| {
                    let name =
                        format!("{}{}", if leading_dot { "." } else { "" }, segments.join("."));
                    let fields = fields.into_iter().map(|(name, value)| StructField {
                        id: ExprId(0),
                        name: name.into(),
                        value,
                    });
                    node(ExprKind::Struct(Struct { name: name.into(), fields: fields.collect() }))
                }),
        ]
    })
}
