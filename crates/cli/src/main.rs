//! `policy`: check traffic policies for AI gateways, print code explanations and schemas.

mod check;
mod compile;
mod explain;
mod explain_code;
mod inputs;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Check, explain and compile traffic policies for AI gateways.
#[derive(Parser, Debug)]
#[command(name = "policy", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check policy files and report every problem with its exact location.
    ///
    /// PATH is a file, a directory (every *.yaml and *.yml file under it, recursively) or `-`
    /// for standard input. Exit status: 0 when no errors were found, 1 when errors were found
    /// (or warnings, with --deny-warnings), 2 on a usage or IO error.
    #[command(
        after_help = "Examples:\n  policy check examples/\n  policy check --format github policies/\n  \
                            cat policy.yaml | policy check -\n  policy check --explain SY0005"
    )]
    Check(check::CheckArgs),
    /// Compile a policy into a routing plan (JSON) that the runtime executes.
    ///
    /// The policy is checked first; a policy with errors gives no plan (exit status 1).
    /// Diagnostics go to standard error, the plan to standard output or to `-o FILE`.
    Compile(compile::CompileArgs),
    /// Show what the runtime does with one request, step by step.
    ///
    /// The policy is compiled and run by the runtime on simulated upstreams: rules and their
    /// conditions, actions, candidates, model and key selection, attempts and failover, and the
    /// response the client gets. Nothing is sent anywhere and no secret is read.
    #[command(after_help = explain::AFTER_HELP)]
    Explain(explain::ExplainArgs),
    /// Print the JSON Schema of the policy file (for editors and other tools) or of the plan.
    Schema(SchemaArgs),
}

#[derive(clap::Args, Debug)]
struct SchemaArgs {
    /// Which schema to print.
    #[arg(value_enum, default_value_t = SchemaKind::Policy)]
    kind: SchemaKind,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SchemaKind {
    /// The traffic-policy file.
    Policy,
    /// The routing plan written by `policy compile`.
    Plan,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Compile(args) => compile::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Schema(args) => output::write_stdout(&match args.kind {
            SchemaKind::Policy => switchyard_syntax::ast::policy_schema(),
            SchemaKind::Plan => switchyard_plan::schema(),
        }),
    }
}
