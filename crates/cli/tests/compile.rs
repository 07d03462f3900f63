//! `policy compile`: every shipped example compiles to a plan that survives a JSON round trip,
//! deterministically.

use std::path::{Path, PathBuf};
use std::process::Command;

use switchyard_compile::{CheckOptions, compile_file};
use switchyard_diagnostics::{FileId, SourceFile};
use switchyard_plan::Plan;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn compile(path: &Path) -> Plan {
    let text = std::fs::read_to_string(path).unwrap();
    let file = SourceFile::new(path.file_name().unwrap().to_string_lossy(), text);
    let (plan, diagnostics) = compile_file(&file, FileId(0), &CheckOptions::default());
    plan.unwrap_or_else(|| panic!("{} did not compile: {diagnostics:#?}", path.display()))
}

#[test]
fn examples_compile_round_trip_and_are_deterministic() {
    let mut count = 0;
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let plan = compile(&path);
        let json = plan.to_json();
        let loaded = Plan::from_json(&json)
            .unwrap_or_else(|errors| panic!("{}: {errors:?}", path.display()));
        assert_eq!(loaded, plan, "{}", path.display());
        assert_eq!(compile(&path).to_json(), json, "{} compiles differently twice", path.display());
        assert!(!plan.expressions.is_empty(), "{}", path.display());
        count += 1;
    }
    assert!(count >= 8);
}

#[test]
fn a_plan_holds_references_to_secrets_never_values() {
    let plan = compile(&root().join("examples/multi-key-failover.yaml")).to_json();
    assert!(plan.contains("secrets.get('openai', 'team-b')"), "keys are labelled by reference");
    let secrets = "team-a: sk-";
    assert!(!plan.contains(secrets));
}

fn policy(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_policy"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_policy_with_errors_gives_no_plan() {
    let output = policy(&["compile", "fixtures/diagnostics/TY0002-no-such-field.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("error[TY0002]") && stderr.contains("no plan written"), "{stderr}");
}

#[test]
fn compile_writes_the_plan_to_a_file() {
    let out = std::env::temp_dir().join(format!("switchyard-plan-{}.json", std::process::id()));
    let output = policy(&["compile", "examples/openrouter.yaml", "-o", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let plan = Plan::from_json(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(plan.format_version, switchyard_plan::FORMAT_VERSION);
    std::fs::remove_file(out).unwrap();
}
