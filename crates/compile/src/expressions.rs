//! Parsing every CEL expression of a policy once, for the checks that read them.

use switchyard_cel::ast::Ast;
use switchyard_syntax::ast::Policy;

use crate::places::{Place, places};

/// An expression's place and its syntax tree (`None` when it does not parse).
pub(crate) struct ParsedPlace<'a> {
    pub(crate) place: Place<'a>,
    pub(crate) ast: Option<Ast>,
}

/// Parses every expression of the policy, in document order.
pub(crate) fn parse_all(policy: &Policy) -> Vec<ParsedPlace<'_>> {
    places(policy)
        .into_iter()
        .map(|place| {
            let (ast, errors) = switchyard_cel::parse(&place.source.text);
            ParsedPlace { place, ast: ast.filter(|_| errors.is_empty()) }
        })
        .collect()
}
