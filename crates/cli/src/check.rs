//! `policy check`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use switchyard_compile::{CheckOptions, SecretNames};
use switchyard_diagnostics::{
    Code, Diagnostic, FileId, Severity, SourceDb, SourceFile, Span, TextRange,
};

use crate::inputs::{Input, read_inputs};
use crate::{explain_code, output};

/// Arguments of `policy check`.
#[derive(clap::Args, Debug)]
pub(crate) struct CheckArgs {
    /// Files or directories to check, or `-` for standard input.
    #[arg(required_unless_present = "explain", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// A secrets file (`vault: {key: value}`): report `secrets.get` references it does not
    /// define. Values are never printed.
    #[arg(long, value_name = "FILE")]
    secrets: Option<PathBuf>,
    /// Print the long explanation of a diagnostic code (such as `SY0005` or `unknown-key`) and exit.
    #[arg(long, value_name = "CODE", conflicts_with_all = ["paths", "secrets", "deny_warnings"])]
    explain: Option<String>,
    /// Also print informational diagnostics (such as the list of referenced secrets) in the
    /// human format; the other formats always include them.
    #[arg(short, long)]
    verbose: bool,
    /// When to color the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// Output formats of `policy check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Source snippets with labels and help, for people.
    Human,
    /// One JSON object: `{"diagnostics": [...], "errors": N, "warnings": N}`.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
}

/// When to color human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// When standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Every diagnostic of a run, with the files they point into.
pub(crate) struct Report {
    pub(crate) db: SourceDb,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == severity).count()
    }
}

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    if let Some(code) = &args.explain {
        return explain_code::run(code, args.format);
    }
    let inputs = match read_inputs(&args.paths) {
        Ok(inputs) => inputs,
        Err(message) => return output::usage_error(&message),
    };
    let mut db = SourceDb::default();
    let mut diagnostics = Vec::new();
    let secrets = match &args.secrets {
        None => None,
        Some(path) => match read_inputs(std::slice::from_ref(path)) {
            Ok(mut files) => {
                let input = files.remove(0);
                let (file, text) = add_file(&mut db, &input, &mut diagnostics);
                let (names, problems) = SecretNames::parse(&text, file);
                diagnostics.extend(problems);
                Some(names)
            }
            Err(message) => return output::usage_error(&message),
        },
    };
    let options = CheckOptions { secrets: secrets.as_ref() };
    for input in &inputs {
        let (file, text) = add_file(&mut db, input, &mut diagnostics);
        diagnostics.extend(switchyard_compile::check_file(&text, file, &options));
    }
    let report = Report { db, diagnostics };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => output::stdout_is_color_terminal(),
    };
    let written = match args.format {
        Format::Human => output::human::write(&report, inputs.len(), color, args.verbose),
        Format::Json => output::json::write(&report),
        Format::Sarif => output::sarif::write(&report),
        Format::Github => output::github::write(&report),
    };
    if written.is_err() {
        return ExitCode::from(2);
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Adds an input to the database as text, reporting bytes that are not UTF-8. A leading byte
/// order mark is dropped so that columns count as editors count them.
pub(crate) fn add_file(
    db: &mut SourceDb,
    input: &Input,
    diagnostics: &mut Vec<Diagnostic>,
) -> (FileId, String) {
    let bytes = input.bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&input.bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (db.add(SourceFile::new(input.name.clone(), text)), text.to_owned()),
        Err(error) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let file = db.add(SourceFile::new(input.name.clone(), text));
            let offset = error.valid_up_to() as u32;
            let diagnostic = Diagnostic::new(Code::SY0001, "the file is not valid UTF-8")
                .with_primary(Span::new(file, TextRange::new(offset, offset + 1)), "invalid byte")
                .with_help("save the file as UTF-8");
            diagnostics.push(diagnostic);
            (file, String::new())
        }
    }
}
