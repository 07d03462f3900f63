//! Generated files that are committed must match what the code generates.
//!
//! Run with `SWITCHYARD_BLESS=1` to rewrite them, then review the diff.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use switchyard_diagnostics::Code;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn policy(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_policy")).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "policy {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Compares `path` with `expected`, or writes it when blessing; returns a complaint if stale.
fn compare(path: &Path, expected: &str) -> Option<String> {
    if std::env::var_os("SWITCHYARD_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
        return None;
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    (actual != expected).then(|| format!("{} is stale", path.display()))
}

#[test]
fn policy_schema_is_fresh() {
    let stale = compare(&root().join("schemas/policy.schema.json"), &policy(&["schema", "policy"]));
    assert!(
        stale.is_none(),
        "{} (run `SWITCHYARD_BLESS=1 cargo test --test generated`)",
        stale.unwrap()
    );
}

#[test]
fn plan_schema_is_fresh() {
    let stale = compare(&root().join("schemas/plan.schema.json"), &policy(&["schema", "plan"]));
    assert!(
        stale.is_none(),
        "{} (run `SWITCHYARD_BLESS=1 cargo test --test generated`)",
        stale.unwrap()
    );
}

#[test]
fn diagnostic_docs_are_fresh() {
    let dir = root().join("docs/diagnostics");
    let mut stale = Vec::new();
    let mut index = String::from(
        "# Diagnostic codes\n\nEvery diagnostic of `policy check` has a stable code. \
         `policy check --explain CODE` prints the same pages.\n\n| code | name | severity | summary |\n| --- | --- | --- | --- |\n",
    );
    for code in Code::ALL {
        let page = policy(&["check", "--explain", code.as_str()]);
        stale.extend(compare(&dir.join(format!("{}.md", code.as_str())), &page));
        let _ = writeln!(
            index,
            "| [{0}]({0}.md) | `{1}` | {2} | {3} |",
            code.as_str(),
            code.name(),
            code.default_severity(),
            code.summary()
        );
    }
    stale.extend(compare(&dir.join("README.md"), &index));
    let known: Vec<String> = Code::ALL.iter().map(|code| format!("{}.md", code.as_str())).collect();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != "README.md" && !known.contains(&name) {
            stale.push(format!("{} documents no code", entry.path().display()));
        }
    }
    assert!(stale.is_empty(), "{stale:#?} (run `SWITCHYARD_BLESS=1 cargo test --test generated`)");
}
