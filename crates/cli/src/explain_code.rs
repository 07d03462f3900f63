//! `policy check --explain CODE`.

use std::process::ExitCode;

use switchyard_diagnostics::Code;

use crate::check::Format;
use crate::output;

pub(crate) fn run(text: &str, format: Format) -> ExitCode {
    let Some(code) = Code::parse(text) else {
        return output::usage_error(&format!(
            "unknown diagnostic code `{text}`; codes look like `SY0005` (see docs/diagnostics/)"
        ));
    };
    let out = match format {
        Format::Json => {
            let value = serde_json::json!({
                "code": code.as_str(),
                "name": code.name(),
                "summary": code.summary(),
                "explanation": code.explanation(),
                "severity": code.default_severity().as_str(),
                "status": code.status().as_str(),
            });
            format!("{value:#}\n")
        }
        _ => page(code),
    };
    output::write_stdout(&out)
}

/// The Markdown page of a code, as printed by `--explain` and published under `docs/diagnostics/`.
pub(crate) fn page(code: Code) -> String {
    let explanation = code.explanation();
    let body = explanation.split_once('\n').map_or("", |(_, rest)| rest).trim_start_matches('\n');
    format!(
        "# {} `{}`\n\n{}\n\nDefault severity: {}.\n\n{}",
        code.as_str(),
        code.name(),
        code.summary(),
        code.default_severity(),
        body
    )
}
