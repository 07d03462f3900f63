//! `cargo xtask`: automation written in Rust.
//!
//! - `cargo xtask test [ARGS...]`: makes sure the CEL conformance data is present (fetching the
//!   pinned cel-spec commit into `target/cel-spec` when neither `CEL_SPEC_DIR` nor
//!   `../shared/conformance/cel-spec` has it), then runs `cargo test --workspace --release ARGS`.
//! - `cargo xtask fetch-cel-spec`: only the fetch.

// A command-line tool: printing is its job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The cel-spec commit the conformance data comes from (see `conformance/cel-spec/SOURCE.md`).
const CEL_SPEC_COMMIT: &str = "b8622f1b5c07e99e8171b0f3cff91cd7e41c8f19";
const CEL_SPEC_REPOSITORY: &str = "https://github.com/cel-expr/cel-spec";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf();
    match args.first().map(String::as_str) {
        Some("test") => {
            if let Err(message) = ensure_cel_spec(&root) {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
            let status =
                Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
                    .current_dir(&root)
                    .args(["test", "--workspace", "--release"])
                    .args(&args[1..])
                    .status();
            match status {
                Ok(status) if status.success() => ExitCode::SUCCESS,
                Ok(_) => ExitCode::FAILURE,
                Err(error) => {
                    eprintln!("error: cannot run cargo: {error}");
                    ExitCode::from(2)
                }
            }
        }
        Some("fetch-cel-spec") => match ensure_cel_spec(&root) {
            Ok(dir) => {
                println!("cel-spec conformance data: {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("usage: cargo xtask test [CARGO TEST ARGS...] | cargo xtask fetch-cel-spec");
            ExitCode::from(2)
        }
    }
}

/// The directory of the conformance data, fetched into `target/cel-spec` if needed.
fn ensure_cel_spec(root: &Path) -> Result<PathBuf, String> {
    let has_data = |dir: &Path| dir.join("tests/simple/testdata/basic.textproto").is_file();
    if let Some(dir) = std::env::var_os("CEL_SPEC_DIR").map(PathBuf::from) {
        return if has_data(&dir) {
            Ok(dir)
        } else {
            Err(format!("CEL_SPEC_DIR={} holds no conformance data", dir.display()))
        };
    }
    for dir in [root.join("../shared/conformance/cel-spec"), root.join("target/cel-spec")] {
        if has_data(&dir) {
            return Ok(dir);
        }
    }
    let target = root.join("target/cel-spec");
    eprintln!("fetching cel-spec {CEL_SPEC_COMMIT} into {}", target.display());
    let git = |args: &[&str]| -> Result<(), String> {
        let status = Command::new("git")
            .args(args)
            .status()
            .map_err(|error| format!("cannot run git: {error}"))?;
        if status.success() { Ok(()) } else { Err(format!("`git {}` failed", args.join(" "))) }
    };
    let target_text = target.to_string_lossy().into_owned();
    std::fs::create_dir_all(&target)
        .map_err(|error| format!("cannot create {target_text}: {error}"))?;
    git(&["-C", &target_text, "init", "--quiet"])?;
    git(&["-C", &target_text, "fetch", "--quiet", "--depth", "1", CEL_SPEC_REPOSITORY, CEL_SPEC_COMMIT]).map_err(|error| {
        format!(
            "{error}: the CEL conformance data is needed; set CEL_SPEC_DIR to a checkout of {CEL_SPEC_REPOSITORY} at \
             {CEL_SPEC_COMMIT}, or place it at ../shared/conformance/cel-spec"
        )
    })?;
    git(&["-C", &target_text, "checkout", "--quiet", "FETCH_HEAD"])?;
    if has_data(&target) {
        Ok(target)
    } else {
        Err(format!("{target_text} holds no conformance data after the fetch"))
    }
}
