//! Writing results: the formats of `policy check` and the helpers every command uses.

pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod sarif;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use switchyard_diagnostics::{Diagnostic, LineCol, SourceDb};

/// Writes `text` to standard output; a closed pipe is not an error worth a message.
pub(crate) fn print(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result,
    }
}

/// Writes `text` to standard output and returns the exit status that says whether it worked.
pub(crate) fn write_stdout(text: &str) -> ExitCode {
    if print(text).is_ok() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}

/// Reports a usage or IO error on standard error and returns exit status 2.
pub(crate) fn usage_error(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "error: {message}");
    ExitCode::from(2)
}

/// Whether standard output is a terminal that wants color.
pub(crate) fn stdout_is_color_terminal() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// Whether standard error is a terminal that wants color.
pub(crate) fn stderr_is_color_terminal() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// The file name and start/end positions of a diagnostic's primary label.
pub(crate) struct Location<'a> {
    pub(crate) file: &'a str,
    pub(crate) start: LineCol,
    pub(crate) end: LineCol,
}

/// Where a diagnostic points; diagnostics without a label point at the start of nothing.
pub(crate) fn location<'a>(diagnostic: &Diagnostic, db: &'a SourceDb) -> Option<Location<'a>> {
    let span = diagnostic.primary_span()?;
    let file = db.get(span.file);
    Some(Location {
        file: file.name(),
        start: file.line_col(span.range.start),
        end: file.line_col(span.range.end),
    })
}
