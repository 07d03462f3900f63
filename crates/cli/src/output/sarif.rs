//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other tools.

use std::collections::BTreeSet;

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
    Version,
};
use switchyard_diagnostics::{Code, Severity};

use super::location;
use crate::check::Report;

pub(crate) fn write(report: &Report) -> std::io::Result<()> {
    let codes: BTreeSet<Code> =
        report.diagnostics.iter().map(|diagnostic| diagnostic.code).collect();
    let codes: Vec<Code> = codes.into_iter().collect();
    let rules = codes.iter().map(|code| rule(*code)).collect::<Vec<_>>();
    let results = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let mut text = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let level = match diagnostic.severity {
                Severity::Error => ResultLevel::Error,
                Severity::Warning => ResultLevel::Warning,
                Severity::Info => ResultLevel::Note,
            };
            let locations = location(diagnostic, &report.db)
                .map(|location| {
                    let region = Region::builder()
                        .start_line(i64::from(location.start.line))
                        .start_column(i64::from(location.start.column))
                        .end_line(i64::from(location.end.line))
                        .end_column(i64::from(location.end.column))
                        .build();
                    let physical = PhysicalLocation::builder()
                        .artifact_location(
                            ArtifactLocation::builder().uri(uri(location.file)).build(),
                        )
                        .region(region)
                        .build();
                    vec![Location::builder().physical_location(physical).build()]
                })
                .unwrap_or_default();
            let rule_index =
                codes.iter().position(|code| *code == diagnostic.code).unwrap_or_default();
            SarifResult::builder()
                .rule_id(diagnostic.code.as_str())
                .rule_index(i64::try_from(rule_index).unwrap_or(i64::MAX))
                .level(level)
                .message(Message::builder().text(text).build())
                .locations(locations)
                .build()
        })
        .collect::<Vec<_>>();
    let driver = ToolComponent::builder()
        .name("switchyard")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://github.com/switchyard-dev/switchyard")
        .rules(rules)
        .build();
    let run = Run::builder().tool(Tool::builder().driver(driver).build()).results(results).build();
    let sarif = Sarif::builder()
        .version(Version::V2_1_0.to_string())
        .schema(serde_sarif::sarif::SCHEMA_URL)
        .runs(vec![run])
        .build();
    let mut text = serde_json::to_string_pretty(&sarif).map_err(std::io::Error::other)?;
    text.push('\n');
    super::print(&text)
}

fn rule(code: Code) -> ReportingDescriptor {
    ReportingDescriptor::builder()
        .id(code.as_str())
        .name(code.name())
        .short_description(MultiformatMessageString::builder().text(code.summary()).build())
        .full_description(MultiformatMessageString::builder().text(code.explanation()).build())
        .help_uri(code.url())
        .build()
}

/// A relative URI for a file name (SARIF wants forward slashes and no `./`).
fn uri(file: &str) -> String {
    file.trim_start_matches("./").replace('\\', "/")
}
