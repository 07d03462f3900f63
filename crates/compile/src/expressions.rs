//! Parsing every CEL expression of a policy once, reporting syntax errors at their place in the
//! file.

use switchyard_cel::ast::Ast;
use switchyard_cel::{ParseError, ParseErrorKind};
use switchyard_diagnostics::{Code, Diagnostic, FileId, Span};
use switchyard_syntax::ast::Policy;

use crate::places::{Place, PlaceKind, places};

/// An expression's place and its syntax tree (`None` when it does not parse).
pub(crate) struct ParsedPlace<'a> {
    pub(crate) place: Place<'a>,
    pub(crate) ast: Option<Ast>,
}

/// Parses every expression of the policy, in document order, reporting syntax errors.
pub(crate) fn parse_all<'a>(
    policy: &'a Policy,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ParsedPlace<'a>> {
    places(policy)
        .into_iter()
        .map(|place| {
            let (ast, errors) = switchyard_cel::parse(&place.source.text);
            diagnostics.extend(errors.iter().map(|error| syntax_diagnostic(&place, error, file)));
            ParsedPlace { place, ast: ast.filter(|_| errors.is_empty()) }
        })
        .collect()
}

fn syntax_diagnostic(place: &Place<'_>, error: &ParseError, file: FileId) -> Diagnostic {
    let code = match error.kind {
        ParseErrorKind::InvalidEscape
        | ParseErrorKind::InvalidNumber
        | ParseErrorKind::NumberOutOfRange => Code::CE0002,
        ParseErrorKind::ReservedIdentifier => Code::CE0003,
        ParseErrorKind::InvalidMacroCall => Code::CE0004,
        ParseErrorKind::UnsupportedSyntax => Code::CE0005,
        ParseErrorKind::LimitExceeded => Code::CE0006,
        _ => Code::CE0001,
    };
    let range = place.source.file_range(error.span);
    let mut diagnostic = Diagnostic::new(code, error.message.clone())
        .with_primary(Span::new(file, range), label(error));
    diagnostic.help.clone_from(&error.help);
    let whole_expression = place.kind != PlaceKind::Interpolation;
    if whole_expression && place.source.text.contains("${") {
        diagnostic.help = Some(
            "this field is a whole CEL expression, not a template: write `req.id`, not `${req.id}`"
                .to_owned(),
        );
    }
    diagnostic
}

fn label(error: &ParseError) -> &'static str {
    match error.kind {
        ParseErrorKind::UnexpectedCharacter => "unexpected character",
        ParseErrorKind::UnterminatedLiteral => "never closed",
        ParseErrorKind::InvalidEscape => "invalid escape",
        ParseErrorKind::InvalidNumber | ParseErrorKind::NumberOutOfRange => "invalid number",
        ParseErrorKind::ReservedIdentifier => "reserved word",
        ParseErrorKind::InvalidMacroCall => "invalid macro call",
        ParseErrorKind::UnsupportedSyntax => "not supported",
        ParseErrorKind::LimitExceeded => "too complex",
        _ => "unexpected here",
    }
}
