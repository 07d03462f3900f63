//! Secret references: `secret-ref`, `missing-secret` and the deprecated one-argument form.
//!
//! Only the names of secrets are ever handled here; values are dropped as soon as a secrets file
//! is read.

use std::collections::BTreeSet;

use switchyard_cel::ast::{Constant, Expr, ExprKind};

use crate::visit::visit;
use switchyard_diagnostics::{Code, Diagnostic, FileId, TextRange};
use switchyard_syntax::yaml::{self, Node};

use crate::expressions::ParsedPlace;
use crate::lints::Sink;

/// The `(vault, key)` names a secrets file defines; never their values.
#[derive(Clone, Debug, Default)]
pub struct SecretNames {
    names: BTreeSet<(String, String)>,
}

impl SecretNames {
    /// Reads the names of a secrets file (`vault: {key: value}`), reporting a file of another
    /// shape. The values are not kept.
    pub fn parse(text: &str, file: FileId) -> (SecretNames, Vec<Diagnostic>) {
        let (documents, mut diagnostics) = yaml::parse_stream(text, file);
        let mut names = BTreeSet::new();
        for root in documents.iter().filter_map(|document| document.root.as_ref()) {
            let Some(vaults) = root.as_mapping() else {
                diagnostics.push(shape_error(
                    file,
                    root,
                    "the secrets file must be a mapping of vaults",
                ));
                continue;
            };
            for vault in vaults {
                let Some(vault_name) = vault.key.as_scalar().map(|scalar| scalar.value.clone())
                else {
                    continue;
                };
                let Some(keys) = vault.value.as_mapping() else {
                    diagnostics.push(shape_error(
                        file,
                        &vault.value,
                        "a vault must be a mapping of secret names to values",
                    ));
                    continue;
                };
                for key in keys {
                    if let Some(key_name) = key.key.as_scalar() {
                        names.insert((vault_name.clone(), key_name.value.clone()));
                    }
                }
            }
        }
        (SecretNames { names }, diagnostics)
    }

    /// Whether the file defines `key` in `vault`.
    pub fn contains(&self, vault: &str, key: &str) -> bool {
        self.names.contains(&(vault.to_owned(), key.to_owned()))
    }
}

fn shape_error(file: FileId, node: &Node, message: &str) -> Diagnostic {
    Diagnostic::new(Code::SY0007, message)
        .with_primary(
            switchyard_diagnostics::Span::new(file, node.span),
            format!("this is {}", node.kind_name()),
        )
        .with_help("write `vault: {key: value}`, such as `openai: {primary: sk-...}`")
}

/// The vault of the one-argument `secrets.get('name')`.
const DEFAULT_VAULT: &str = "default";

/// One literal `secrets.get` call.
struct SecretRef {
    vault: String,
    key: String,
    range: TextRange,
}

/// Reports the referenced secrets (`secret-ref`), the deprecated one-argument form, and, with a
/// secrets file, the references it does not define (`missing-secret`).
pub(crate) fn check(
    expressions: &[ParsedPlace<'_>],
    secrets: Option<&SecretNames>,
    sink: &mut Sink<'_>,
) {
    let mut refs = Vec::new();
    for parsed in expressions {
        let Some(ast) = &parsed.ast else { continue };
        visit(ast.root(), &mut |expr| {
            let ExprKind::Call(call) = &expr.kind else { return };
            let is_secrets = call.function == "get"
                && call.target.as_deref().is_some_and(
                    |target| matches!(&target.kind, ExprKind::Ident(name) if name == "secrets"),
                );
            if !is_secrets {
                return;
            }
            let range = parsed.place.source.file_range(ast.span(expr.id));
            let literal = |arg: &Expr| match &arg.kind {
                ExprKind::Const(Constant::String(text)) => Some(text.clone()),
                _ => None,
            };
            match call.args.as_slice() {
                [vault, key] => {
                    if let (Some(vault), Some(key)) = (literal(vault), literal(key)) {
                        refs.push(SecretRef { vault, key, range });
                    }
                }
                [key] => {
                    let help = format!(
                        "name the vault: `secrets.get('vault', {})`",
                        literal(key).map_or_else(|| "key".to_owned(), |key| format!("'{key}'"))
                    );
                    let diagnostic = Diagnostic::new(
                        Code::SY0015,
                        "the one-argument `secrets.get(name)` is deprecated",
                    )
                    .with_primary(sink.span(range), format!("looks in the `{DEFAULT_VAULT}` vault"))
                    .with_help(help);
                    sink.push(diagnostic);
                    if let Some(key) = literal(key) {
                        refs.push(SecretRef { vault: DEFAULT_VAULT.to_owned(), key, range });
                    }
                }
                _ => {}
            }
        });
    }
    let Some(first) = refs.first() else { return };
    let names: BTreeSet<(&str, &str)> =
        refs.iter().map(|r| (r.vault.as_str(), r.key.as_str())).collect();
    let list: Vec<String> = names.iter().map(|(vault, key)| format!("{vault}/{key}")).collect();
    let message = format!(
        "the policy references {} secret{}: {}",
        list.len(),
        if list.len() == 1 { "" } else { "s" },
        list.join(", ")
    );
    sink.push(
        Diagnostic::new(Code::PL0012, message)
            .with_primary(sink.span(first.range), "first reference")
            .with_help("run `policy check --secrets FILE` to verify them against a secrets file"),
    );
    let Some(secrets) = secrets else { return };
    for reference in refs.iter().filter(|r| !secrets.contains(&r.vault, &r.key)) {
        let message = format!(
            "secret `{}` is not defined in vault `{}` of the secrets file",
            reference.key, reference.vault
        );
        let diagnostic = Diagnostic::new(Code::PL0006, message)
            .with_primary(sink.span(reference.range), "undefined secret")
            .with_help(format!(
                "add `{}` under `{}:` in the secrets file, or fix the name",
                reference.key, reference.vault
            ));
        sink.push(diagnostic);
    }
}
