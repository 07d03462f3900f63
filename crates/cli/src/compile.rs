//! `policy compile`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use switchyard_compile::CheckOptions;
use switchyard_diagnostics::render::{RenderOptions, render};
use switchyard_diagnostics::{Severity, SourceDb};

use crate::check::add_file;
use crate::inputs::read_inputs;
use crate::output;

/// Arguments of `policy compile`.
#[derive(clap::Args, Debug)]
pub(crate) struct CompileArgs {
    /// The policy file, or `-` for standard input.
    #[arg(value_name = "POLICY")]
    policy: PathBuf,
    /// Where to write the plan (JSON); standard output when absent.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: &CompileArgs) -> ExitCode {
    let plan = match compile_policy(&args.policy, "compile", Severity::Warning, "no plan written") {
        Ok(plan) => plan,
        Err(status) => return status,
    };
    let mut stderr = std::io::stderr().lock();
    let json = plan.to_json();
    match &args.output {
        None => output::write_stdout(&json),
        Some(path) => match std::fs::write(path, json) {
            Ok(()) => {
                let _ = writeln!(stderr, "wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                output::usage_error(&format!("cannot write `{}`: {error}", path.display()))
            }
        },
    }
}

/// Reads the one policy file of `policy <command>` and compiles it. Diagnostics of at least
/// `shown` severity go to standard error; without a plan, the error says `consequence`.
pub(crate) fn compile_policy(
    path: &std::path::Path,
    command: &str,
    shown: Severity,
    consequence: &str,
) -> Result<switchyard_plan::Plan, ExitCode> {
    let mut inputs = match read_inputs(std::slice::from_ref(&path.to_path_buf())) {
        Ok(inputs) if inputs.len() == 1 => inputs,
        Ok(_) => {
            return Err(output::usage_error(&format!(
                "`policy {command}` takes one policy file, not a directory"
            )));
        }
        Err(message) => return Err(output::usage_error(&message)),
    };
    let input = inputs.remove(0);
    let mut db = SourceDb::default();
    let mut diagnostics = Vec::new();
    let (id, _) = add_file(&mut db, &input, &mut diagnostics);
    let (plan, problems) = if diagnostics.is_empty() {
        switchyard_compile::compile_file(db.get(id), id, &CheckOptions::default())
    } else {
        (None, Vec::new())
    };
    diagnostics.extend(problems);
    let color = output::stderr_is_color_terminal();
    let mut stderr = std::io::stderr().lock();
    for diagnostic in diagnostics.iter().filter(|d| d.severity >= shown) {
        let _ = writeln!(
            stderr,
            "{}",
            render(diagnostic, &db, RenderOptions { color, ..RenderOptions::default() })
        );
    }
    plan.ok_or_else(|| {
        let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        let _ = writeln!(stderr, "error: {} has {errors} error(s); {consequence}", input.name);
        ExitCode::from(1)
    })
}
