//! `--format github`: GitHub Actions workflow commands, one annotation per diagnostic.

use std::fmt::Write;

use switchyard_diagnostics::{Severity, SourceDb};

use super::location;
use crate::check::Report;

pub(crate) fn write(report: &Report) -> std::io::Result<()> {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let level = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let title = format!("{} {}", diagnostic.code, diagnostic.code.name());
        let properties = properties(diagnostic, &report.db, &title);
        let _ = writeln!(out, "::{level} {properties}::{}", escape_data(&message));
    }
    super::print(&out)
}

fn properties(
    diagnostic: &switchyard_diagnostics::Diagnostic,
    db: &SourceDb,
    title: &str,
) -> String {
    let mut properties = Vec::new();
    if let Some(location) = location(diagnostic, db) {
        properties.push(format!("file={}", escape_property(location.file)));
        properties.push(format!("line={}", location.start.line));
        properties.push(format!("col={}", location.start.column));
        properties.push(format!("endLine={}", location.end.line));
        properties.push(format!("endColumn={}", location.end.column));
    }
    properties.push(format!("title={}", escape_property(title)));
    properties.join(",")
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
