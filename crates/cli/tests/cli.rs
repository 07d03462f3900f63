//! The `policy` command as a user runs it: flags, exit codes and every output format.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// `policy` run from the repository root, so that paths in the output are relative.
fn policy() -> Command {
    let mut command = Command::new(get_cargo_bin("policy"));
    command.current_dir(root()).env("NO_COLOR", "1");
    command
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = policy().args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn help_explains_the_commands() {
    assert_cmd_snapshot!(policy().arg("--help"));
    assert_cmd_snapshot!(policy().args(["check", "--help"]));
}

#[test]
fn shipped_examples_check_clean() {
    let (status, stdout, _) = run(&["check", "examples/"]);
    assert_eq!(status, 0, "{stdout}");
    assert!(stdout.ends_with("no problems found\n"), "{stdout}");
}

#[test]
fn human_output_shows_snippet_label_and_help() {
    assert_cmd_snapshot!(policy().args(["check", "fixtures/diagnostics/SY0005-unknown-key.yaml"]));
}

#[test]
fn json_output_follows_the_contract() {
    assert_cmd_snapshot!(policy().args([
        "check",
        "--format",
        "json",
        "fixtures/diagnostics/SY0007-type-mismatch.yaml",
        "fixtures/diagnostics/PL0004-timeout-order.yaml",
    ]));
}

#[test]
fn sarif_output_locates_every_result() {
    assert_cmd_snapshot!(policy().args([
        "check",
        "--format",
        "sarif",
        "fixtures/diagnostics/SY0010-bad-enum.yaml"
    ]));
}

#[test]
fn github_output_annotates() {
    assert_cmd_snapshot!(policy().args([
        "check",
        "--format",
        "github",
        "fixtures/diagnostics/SY0012-template-syntax.yaml"
    ]));
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let fixture = "fixtures/diagnostics/PL0004-timeout-order.yaml";
    assert_eq!(run(&["check", fixture]).0, 0);
    assert_eq!(run(&["check", "--deny-warnings", fixture]).0, 1);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = policy()
        .args(["check", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"on_http_request:\n  - type: deny\n    config: {status_code: 42}\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["file"], "<stdin>");
    assert_eq!(diagnostic["code"], "SY0009");
    assert_eq!((diagnostic["line"].as_u64(), diagnostic["column"].as_u64()), (Some(3), Some(27)));
}

#[test]
fn unreadable_paths_are_usage_errors() {
    let (status, stdout, stderr) = run(&["check", "no/such/policy.yaml"]);
    assert_eq!(status, 2);
    assert!(stdout.is_empty());
    assert_eq!(stderr, "error: cannot read `no/such/policy.yaml`: no such file or directory\n");
}

#[test]
fn explain_prints_the_long_explanation() {
    let (status, stdout, _) = run(&["check", "--explain", "unknown-key"]);
    assert_eq!(status, 0);
    assert!(stdout.starts_with("# SY0005 `unknown-key`\n"), "{stdout}");
    assert!(stdout.contains("## How to fix"), "{stdout}");
    let (status, _, stderr) = run(&["check", "--explain", "XX9999"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("unknown diagnostic code `XX9999`"), "{stderr}");
}

#[test]
fn non_utf8_input_is_located() {
    let dir = std::env::temp_dir().join(format!("switchyard-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.yaml");
    std::fs::write(&path, b"on_http_request:\n  - name: caf\xe9\n    actions: [{type: deny}]\n")
        .unwrap();
    let (status, stdout, _) = run(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(status, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["code"], "SY0001");
    assert_eq!((diagnostic["line"].as_u64(), diagnostic["column"].as_u64()), (Some(2), Some(14)));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn empty_and_comment_only_files_are_clean() {
    let (status, stdout, _) = run(&["check", "-"]);
    assert_eq!(status, 0, "{stdout}");
}

#[test]
fn secret_values_never_appear_in_any_output() {
    let fixture = "fixtures/diagnostics/PL0006-missing-secret.yaml";
    let secrets = "fixtures/diagnostics/PL0006-missing-secret.secrets";
    for format in ["human", "json", "sarif", "github"] {
        let (status, stdout, stderr) =
            run(&["check", "-v", "--format", format, "--secrets", secrets, fixture]);
        assert_eq!(status, 1, "{format}: {stdout}");
        assert!(stdout.contains("secondary"), "{format}: {stdout}");
        assert!(
            !stdout.contains("sk-not-a-real-key") && !stderr.contains("sk-not-a-real-key"),
            "{format} leaks"
        );
    }
}
