//! `--format json`: the contract of DESIGN.md §4.

use serde::Serialize;
use switchyard_diagnostics::Severity;

use super::location;
use crate::check::Report;

#[derive(Serialize)]
struct Output<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: Option<&'a str>,
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    help: Option<&'a str>,
}

pub(crate) fn write(report: &Report) -> std::io::Result<()> {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let location = location(diagnostic, &report.db);
            JsonDiagnostic {
                file: location.as_ref().map(|location| location.file),
                code: diagnostic.code.as_str(),
                severity: diagnostic.severity.as_str(),
                message: &diagnostic.message,
                line: location.as_ref().map(|location| location.start.line),
                column: location.as_ref().map(|location| location.start.column),
                end_line: location.as_ref().map(|location| location.end.line),
                end_column: location.as_ref().map(|location| location.end.column),
                help: diagnostic.help.as_deref(),
            }
        })
        .collect();
    let output = Output {
        diagnostics,
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
    };
    let mut text = serde_json::to_string_pretty(&output).map_err(std::io::Error::other)?;
    text.push('\n');
    super::print(&text)
}
