//! Type checking every expression in the environment of its place (spec: cel.md), and the
//! result type each place requires.

use switchyard_cel::ast::{Constant, ExprKind};
use switchyard_cel::check::{CheckedAst, Reference, TypeError, TypeErrorKind};
use switchyard_cel::{Type, check};
use switchyard_diagnostics::{Code, Diagnostic, FileId, Span, TextRange};

use crate::env::{env_for, unavailable_reason};
use crate::expressions::ParsedPlace;
use crate::places::PlaceKind;

/// Price types `underCost` takes (spec: cel.md §4.4).
const PRICE_TYPES: &[&str] = &[
    "text.input",
    "text.output",
    "text.input_cache_write",
    "text.input_cache_read",
    "text.input_batch",
    "text.output_batch",
    "tools.web_search.per_search_call",
    "tools.code_interpreter.per_execution_call",
    "tools.file_search.per_storage_gb",
    "tools.image_generation.per_image_generation",
];

/// Checks every parsed expression; returns the checked trees, in the same order, `None` where
/// parsing failed.
pub(crate) fn check_all(
    parsed: &[ParsedPlace<'_>],
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<CheckedAst>> {
    parsed
        .iter()
        .map(|parsed| {
            let ast = parsed.ast.as_ref()?;
            let place = &parsed.place;
            let (checked, errors) = check(ast, env_for(place.kind, place.phase));
            let to_file = |range: TextRange| Span::new(file, place.source.file_range(range));
            for error in &errors {
                diagnostics.push(type_diagnostic(parsed, error, to_file(error.span)));
            }
            if errors.is_empty() {
                diagnostics.extend(result_type_diagnostic(
                    parsed,
                    &checked,
                    to_file(ast.span(ast.root().id)),
                ));
                literal_arguments(parsed, &checked, &to_file, diagnostics);
            }
            Some(checked)
        })
        .collect()
}

fn type_diagnostic(parsed: &ParsedPlace<'_>, error: &TypeError, span: Span) -> Diagnostic {
    let place = &parsed.place;
    if error.kind == TypeErrorKind::UndeclaredReference {
        let name = qualified_name(&place.source.text, error.span);
        if let Some(reason) = unavailable_reason(name, place.kind, place.phase) {
            return Diagnostic::new(Code::TY0006, format!("`{name}` is not available here"))
                .with_primary(span, "not in this environment")
                .with_help(reason);
        }
    }
    let (code, label) = match error.kind {
        TypeErrorKind::UndeclaredReference => (Code::TY0001, "undeclared"),
        TypeErrorKind::NoSuchField => (Code::TY0002, "no such field"),
        TypeErrorKind::NoMatchingOverload | TypeErrorKind::WrongArity => {
            (Code::TY0003, "no matching overload")
        }
        TypeErrorKind::UnorderableSortKey => (Code::TY0008, "no order"),
        _ => (Code::TY0007, "wrong type"),
    };
    let mut diagnostic = Diagnostic::new(code, error.message.clone()).with_primary(span, label);
    diagnostic.help.clone_from(&error.help);
    let mixed_numbers = [
        "(double, int)",
        "(int, double)",
        "(uint, int)",
        "(int, uint)",
        "(double, uint)",
        "(uint, double)",
    ]
    .iter()
    .any(|types| error.message.contains(types));
    if mixed_numbers && (error.message.contains("'_==_'") || error.message.contains("'_!=_'")) {
        diagnostic.help = Some(
            "`==` and `!=` compare values of one numeric type: write the literal in the other's type \
             (`0.0` for a double, `1u` for a uint), or convert with `double(...)`"
                .to_owned(),
        );
    }
    diagnostic
}

/// The type the place requires of the whole expression.
fn result_type_diagnostic(
    parsed: &ParsedPlace<'_>,
    checked: &CheckedAst,
    span: Span,
) -> Option<Diagnostic> {
    let found = checked.result_type();
    let (code, accepted, expected, help) = match parsed.place.kind {
        PlaceKind::Condition => (
            Code::TY0004,
            vec![Type::Bool],
            "`bool`",
            "compare or test the value, such as `... == 'x'` or `has(...)`",
        ),
        PlaceKind::ModelStrategy => (
            Code::TY0005,
            vec![Type::object("AIModel"), Type::list(Type::object("AIModel"))],
            "`AIModel` or `list(AIModel)`",
            "return models, such as `ai.models.filter(m, ...)` instead of `ai.models.exists(m, ...)`",
        ),
        PlaceKind::KeyStrategy => (
            Code::TY0005,
            vec![Type::object("AIKey"), Type::list(Type::object("AIKey"))],
            "`AIKey` or `list(AIKey)`",
            "return keys, such as `ai.keys.filter(k, ...)`",
        ),
        PlaceKind::Interpolation | PlaceKind::BucketKey => return None,
    };
    if accepted.iter().any(|ty| ty.is_assignable_from(found)) {
        return None;
    }
    let what = match parsed.place.kind {
        PlaceKind::Condition => "a rule expression",
        PlaceKind::ModelStrategy => "a model selection strategy",
        _ => "a key selection strategy",
    };
    Some(
        Diagnostic::new(code, format!("{what} must return {expected}, found `{found}`"))
            .with_primary(span, format!("this is `{found}`"))
            .with_help(help),
    )
}

/// Literal arguments the spec constrains: `underCost(priceType, ...)` and `sortBy('price')`.
fn literal_arguments(
    parsed: &ParsedPlace<'_>,
    checked: &CheckedAst,
    to_file: &impl Fn(TextRange) -> Span,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(ast) = &parsed.ast else { return };
    crate::visit::visit(ast.root(), &mut |expr| {
        let ExprKind::Call(call) = &expr.kind else { return };
        let Some(Reference::Function { overloads, .. }) = checked.reference(expr.id) else {
            return;
        };
        let (allowed, what): (&[&str], &str) =
            if overloads.iter().any(|id| id.starts_with("list_ai_model_under_cost")) {
                (PRICE_TYPES, "a price type")
            } else if overloads.iter().any(|id| &**id == "list_ai_model_sort_by_string") {
                (&["price"], "a sort field")
            } else {
                return;
            };
        let Some(arg) = call.args.first() else { return };
        let ExprKind::Const(Constant::String(value)) = &arg.kind else { return };
        if allowed.contains(&value.as_str()) {
            return;
        }
        let list: Vec<String> = allowed.iter().map(|value| format!("'{value}'")).collect();
        let help =
            match switchyard_diagnostics::suggest::did_you_mean(value, allowed.iter().copied()) {
                Some(close) => format!("did you mean '{close}'?"),
                None => format!("use one of {}", list.join(", ")),
            };
        let message = format!("'{value}' is not {what} of `{}`", call.function);
        diagnostics.push(
            Diagnostic::new(Code::TY0009, message)
                .with_primary(to_file(ast.span(arg.id)), format!("not {what}"))
                .with_help(help),
        );
    });
}

/// The name at `range` with the `.field` selections that follow it (`ai.models` for `ai`).
fn qualified_name(text: &str, range: TextRange) -> &str {
    let bytes = text.as_bytes();
    let mut end = range.end as usize;
    while bytes.get(end) == Some(&b'.') {
        let field_end = bytes[end + 1..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            .map_or(bytes.len(), |len| end + 1 + len);
        if field_end == end + 1 || bytes.get(field_end) == Some(&b'(') {
            break;
        }
        end = field_end;
    }
    &text[range.start as usize..end]
}
