//! `--format human`: miette-rendered diagnostics and a summary line.

use std::fmt::Write;

use switchyard_diagnostics::Severity;
use switchyard_diagnostics::render::{RenderOptions, render};

use crate::check::Report;

pub(crate) fn write(
    report: &Report,
    files: usize,
    color: bool,
    verbose: bool,
) -> std::io::Result<()> {
    let options = RenderOptions { color, width: 100, links: false };
    let mut out = String::new();
    for diagnostic in report.diagnostics.iter().filter(|d| verbose || d.severity != Severity::Info)
    {
        out.push_str(&render(diagnostic, &report.db, options));
        out.push('\n');
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let files = plural(files, "file");
    if errors == 0 && warnings == 0 {
        let _ = writeln!(out, "checked {files}: no problems found");
    } else {
        let _ = writeln!(
            out,
            "checked {files}: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    super::print(&out)
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 { format!("1 {word}") } else { format!("{count} {word}s") }
}
