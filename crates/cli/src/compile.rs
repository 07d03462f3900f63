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
    let mut inputs = match read_inputs(std::slice::from_ref(&args.policy)) {
        Ok(inputs) if inputs.len() == 1 => inputs,
        Ok(_) => {
            return output::usage_error("`policy compile` takes one policy file, not a directory");
        }
        Err(message) => return output::usage_error(&message),
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
    for diagnostic in diagnostics.iter().filter(|d| d.severity != Severity::Info) {
        let _ = writeln!(
            stderr,
            "{}",
            render(diagnostic, &db, RenderOptions { color, ..RenderOptions::default() })
        );
    }
    let Some(plan) = plan else {
        let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        let _ = writeln!(stderr, "error: {} has {errors} error(s); no plan written", input.name);
        return ExitCode::from(1);
    };
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
