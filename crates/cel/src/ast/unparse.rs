//! Back to CEL source: `parse(unparse(e))` gives `e` again, ids and spans aside.
//!
//! Parentheses are added only where precedence needs them. Folds made by the macros are
//! written back as the macro calls (recognised by their shape); any other fold has no source
//! form and is written as `__comprehension__(...)`, which does not parse back.

use std::fmt::Write;

use super::{
    ACCUMULATOR, Comprehension, Constant, Expr, ExprKind, MacroKind, SORT_BY_INPUT,
    UNUSED_ITER_VAR, operators,
};

/// Precedence of a member expression, a literal or a call: binds tightest.
const MEMBER: u8 = 7;
const UNARY: u8 = 6;

/// Writes `expr` as CEL source.
pub fn unparse(expr: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, expr, 0);
    out
}

/// How tightly `expr` binds when written: 0 for `?:`, 1 to 5 for binary operators, 6 for
/// unary operators and 7 for everything else.
fn precedence(expr: &Expr) -> u8 {
    let ExprKind::Call(call) = &expr.kind else {
        return MEMBER;
    };
    if call.target.is_some() {
        return MEMBER;
    }
    match (&*call.function, call.args.len()) {
        (operators::CONDITIONAL, 3) => 0,
        (operators::LOGICAL_NOT | operators::NEGATE, 1) => UNARY,
        (function, 2) => operators::binary(function).map_or(MEMBER, |(_, prec)| prec),
        _ => MEMBER,
    }
}

fn write_expr(out: &mut String, expr: &Expr, min_prec: u8) {
    let prec = precedence(expr);
    let parens = prec < min_prec;
    if parens {
        out.push('(');
    }
    match &expr.kind {
        ExprKind::Const(constant) => write_constant(out, constant),
        ExprKind::Ident(name) => out.push_str(name),
        ExprKind::Select(select) => {
            if select.test_only {
                out.push_str("has(");
            }
            write_expr(out, &select.operand, MEMBER);
            out.push('.');
            write_field(out, &select.field);
            if select.test_only {
                out.push(')');
            }
        }
        ExprKind::Call(call) => {
            match (&*call.function, &call.target, call.args.as_slice()) {
                (operators::CONDITIONAL, None, [condition, if_true, if_false]) => {
                    write_expr(out, condition, 1);
                    out.push_str(" ? ");
                    write_expr(out, if_true, 1);
                    out.push_str(" : ");
                    write_expr(out, if_false, 0);
                }
                (operators::LOGICAL_NOT | operators::NEGATE, None, [operand]) => {
                    // `!!a` would read back as `a`, `!-a` not at all.
                    let min = if precedence(operand) == UNARY { MEMBER + 1 } else { MEMBER };
                    let mut operand_text = String::new();
                    write_expr(&mut operand_text, operand, min);
                    if call.function == operators::NEGATE {
                        // `-1`, `-1[0]` and `--1.abs()` would lose their sign to the literal.
                        if operand_text.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                            operand_text = format!("({operand_text})");
                        }
                        out.push('-');
                    } else {
                        out.push('!');
                    }
                    out.push_str(&operand_text);
                }
                (operators::INDEX, None, [operand, index]) => {
                    write_expr(out, operand, MEMBER);
                    out.push('[');
                    write_expr(out, index, 0);
                    out.push(']');
                }
                (function, None, [lhs, rhs]) if prec < UNARY => {
                    let text = operators::binary(function).map_or(function, |(text, _)| text);
                    write_expr(out, lhs, prec);
                    let _ = write!(out, " {text} ");
                    write_expr(out, rhs, prec + 1);
                }
                (function, target, args) => {
                    if let Some(target) = target {
                        write_expr(out, target, MEMBER);
                        out.push('.');
                    }
                    out.push_str(function);
                    write_args(out, args.iter());
                }
            }
        }
        ExprKind::List(elements) => {
            out.push('[');
            write_list(out, elements.iter(), |out, element| write_expr(out, element, 0));
            out.push(']');
        }
        ExprKind::Map(entries) => {
            out.push('{');
            write_list(out, entries.iter(), |out, entry| {
                write_expr(out, &entry.key, 0);
                out.push_str(": ");
                write_expr(out, &entry.value, 0);
            });
            out.push('}');
        }
        ExprKind::Struct(message) => {
            out.push_str(&message.name);
            out.push('{');
            write_list(out, message.fields.iter(), |out, field| {
                write_field(out, &field.name);
                out.push_str(": ");
                write_expr(out, &field.value, 0);
            });
            out.push('}');
        }
        ExprKind::Comprehension(comp) => write_comprehension(out, comp),
    }
    if parens {
        out.push(')');
    }
}

fn write_args<'e>(out: &mut String, args: impl Iterator<Item = &'e Expr>) {
    out.push('(');
    write_list(out, args, |out, arg| write_expr(out, arg, 0));
    out.push(')');
}

fn write_list<T>(
    out: &mut String,
    items: impl Iterator<Item = T>,
    mut each: impl FnMut(&mut String, T),
) {
    for (index, item) in items.enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        each(out, item);
    }
}

/// A field name, in backticks unless it is a plain identifier.
fn write_field(out: &mut String, name: &str) {
    let plain = name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !matches!(name, "true" | "false" | "null" | "in");
    if plain {
        out.push_str(name);
    } else {
        let _ = write!(out, "`{name}`");
    }
}

fn write_comprehension(out: &mut String, comp: &Comprehension) {
    let Some((kind, target, iter_var, args)) = sugar(comp) else {
        let _ = write!(out, "__comprehension__({}, ", comp.iter_var);
        if let Some(iter_var2) = &comp.iter_var2 {
            let _ = write!(out, "{iter_var2}, ");
        }
        write_expr(out, &comp.iter_range, 0);
        let _ = write!(out, ", {}", comp.accu_var);
        for part in [&comp.accu_init, &comp.loop_condition, &comp.loop_step, &comp.result] {
            out.push_str(", ");
            write_expr(out, part, 0);
        }
        out.push(')');
        return;
    };
    write_expr(out, target, MEMBER);
    let _ = write!(out, ".{}({iter_var}", kind.name());
    if let Some(iter_var2) = &comp.iter_var2 {
        let _ = write!(out, ", {iter_var2}");
    }
    for arg in args {
        out.push_str(", ");
        write_expr(out, arg, 0);
    }
    out.push(')');
}

type Sugar<'e> = (MacroKind, &'e Expr, &'e str, Vec<&'e Expr>);

/// Recognises the folds that the macros make: the macro, its target, variable and arguments.
fn sugar(comp: &Comprehension) -> Option<Sugar<'_>> {
    if comp.accu_var == SORT_BY_INPUT && comp.iter_var == UNUSED_ITER_VAR {
        let ExprKind::Call(call) = &comp.result.kind else { return None };
        let [keys] = call.args.as_slice() else { return None };
        let ExprKind::Comprehension(keys) = &keys.kind else { return None };
        let (MacroKind::Map, _, iter_var, args) = sugar(keys)? else { return None };
        let [key] = args.as_slice() else { return None };
        return Some((MacroKind::SortBy, &comp.accu_init, iter_var, vec![key]));
    }
    if comp.accu_var != ACCUMULATOR {
        return None;
    }
    let var = &*comp.iter_var;
    let sugared = |kind, args| Some((kind, &comp.iter_range, var, args));
    let step = call_parts(&comp.loop_step)?;
    match (&comp.accu_init.kind, step) {
        (ExprKind::Const(Constant::Bool(true)), (operators::LOGICAL_AND, [accu, predicate]))
            if is_accu(accu) =>
        {
            sugared(MacroKind::All, vec![predicate])
        }
        (ExprKind::Const(Constant::Bool(false)), (operators::LOGICAL_OR, [accu, predicate]))
            if is_accu(accu) =>
        {
            sugared(MacroKind::Exists, vec![predicate])
        }
        (ExprKind::Const(Constant::Int(0)), (operators::CONDITIONAL, [predicate, _, _])) => {
            sugared(MacroKind::ExistsOne, vec![predicate])
        }
        (ExprKind::List(init), (operators::ADD, [accu, element]))
            if init.is_empty() && is_accu(accu) && comp.iter_var2.is_some() =>
        {
            sugared(MacroKind::TransformList, vec![single(element)?])
        }
        (ExprKind::List(init), (operators::ADD, [accu, element]))
            if init.is_empty() && is_accu(accu) =>
        {
            sugared(MacroKind::Map, vec![single(element)?])
        }
        (ExprKind::List(init), (operators::CONDITIONAL, [predicate, add, _]))
            if init.is_empty() && comp.iter_var2.is_some() =>
        {
            let (operators::ADD, [_, element]) = call_parts(add)? else { return None };
            sugared(MacroKind::TransformList, vec![predicate, single(element)?])
        }
        (ExprKind::Map(init), (operators::CONDITIONAL, [predicate, insert, _]))
            if init.is_empty() =>
        {
            let (kind, transform) = map_insert(insert)?;
            sugared(kind, vec![predicate, transform])
        }
        (ExprKind::Map(init), (operators::MAP_INSERT, _)) if init.is_empty() => {
            let (kind, transform) = map_insert(&comp.loop_step)?;
            sugared(kind, vec![transform])
        }
        (ExprKind::List(init), (operators::CONDITIONAL, [predicate, add, _]))
            if init.is_empty() =>
        {
            let (operators::ADD, [_, element]) = call_parts(add)? else { return None };
            let element = single(element)?;
            if matches!(&element.kind, ExprKind::Ident(name) if *name == comp.iter_var) {
                sugared(MacroKind::Filter, vec![predicate])
            } else {
                sugared(MacroKind::Map, vec![predicate, element])
            }
        }
        _ => None,
    }
}

/// The macro and transform of the step of `transformMap` (`@mapInsert(accu, k, t)`) or
/// `transformMapEntry` (`@mapInsert(accu, t)`).
fn map_insert(step: &Expr) -> Option<(MacroKind, &Expr)> {
    match call_parts(step)? {
        (operators::MAP_INSERT, [_, _, transform]) => Some((MacroKind::TransformMap, transform)),
        (operators::MAP_INSERT, [_, transform]) => Some((MacroKind::TransformMapEntry, transform)),
        _ => None,
    }
}

fn call_parts(expr: &Expr) -> Option<(&str, &[Expr])> {
    match &expr.kind {
        ExprKind::Call(call) if call.target.is_none() => {
            Some((&*call.function, call.args.as_slice()))
        }
        _ => None,
    }
}

fn is_accu(expr: &Expr) -> bool {
    matches!(&expr.kind, ExprKind::Ident(name) if name == ACCUMULATOR)
}

/// The element of a one-element list literal.
fn single(expr: &Expr) -> Option<&Expr> {
    match &expr.kind {
        ExprKind::List(elements) if elements.len() == 1 => elements.first(),
        _ => None,
    }
}

fn write_constant(out: &mut String, constant: &Constant) {
    match constant {
        Constant::Null => out.push_str("null"),
        Constant::Bool(value) => {
            let _ = write!(out, "{value}");
        }
        Constant::Int(value) => {
            let _ = write!(out, "{value}");
        }
        Constant::Uint(value) => {
            let _ = write!(out, "{value}u");
        }
        Constant::Double(value) => {
            // Debug keeps a `.0` or an exponent, so the text reads back as a double.
            let _ = write!(out, "{value:?}");
        }
        Constant::String(value) => {
            out.push('"');
            for ch in value.chars() {
                match ch {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    ch if ch.is_control() => {
                        let _ = write!(out, "\\u{:04x}", u32::from(ch));
                    }
                    ch => out.push(ch),
                }
            }
            out.push('"');
        }
        Constant::Bytes(value) => {
            out.push_str("b\"");
            for &byte in value {
                match byte {
                    b'"' => out.push_str("\\\""),
                    b'\\' => out.push_str("\\\\"),
                    b' '..=b'~' => out.push(char::from(byte)),
                    _ => {
                        let _ = write!(out, "\\x{byte:02x}");
                    }
                }
            }
            out.push('"');
        }
    }
}
