//! `policy explain` as a user runs it.
//!
//! Scenarios live in `fixtures/explain/`: `NN-name.args` holds comment lines (`#`, what the spec
//! says should happen) and one line of arguments (paths relative to the repository root, single
//! quotes group words); `NN-name.json` is the expected `--format json` output, reviewed against
//! spec/ai-gateway.md. `UPDATE_EXPLAIN=1 cargo test -p switchyard-cli --test explain` rewrites
//! the expected files (review the diff before committing it).

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn policy() -> Command {
    let mut command = Command::new(get_cargo_bin("policy"));
    command.current_dir(root()).env("NO_COLOR", "1");
    command
}

/// Splits a line into words; single quotes group words.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for character in line.chars() {
        match character {
            '\'' => {
                quoted = !quoted;
                started = true;
            }
            ' ' | '\t' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            other => {
                word.push(other);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

fn scenario_args(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .unwrap_or_else(|| panic!("{} has no arguments line", path.display()));
    words(line)
}

#[test]
fn scenarios_match_their_expected_output() {
    let dir = root().join("fixtures/explain");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "args"))
        .collect();
    paths.sort();
    let update = std::env::var_os("UPDATE_EXPLAIN").is_some();
    let mut failures = Vec::new();
    for path in &paths {
        let args = scenario_args(path);
        let output =
            policy().arg("explain").args(&args).args(["--format", "json"]).output().unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let stdout = String::from_utf8(output.stdout).unwrap();
        if output.status.code() != Some(0) {
            failures.push(format!(
                "{name}: exit {:?}\n{}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            ));
            continue;
        }
        assert!(!stdout.contains("explain-placeholder"), "{name}: a secret value was printed");
        let expected_path = dir.join(format!("{name}.json"));
        if update {
            std::fs::write(&expected_path, &stdout).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != stdout {
            failures.push(format!("{name}: output differs from {name}.json:\n{stdout}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(paths.len() >= 20, "expected at least 20 scenarios, found {}", paths.len());
}

#[test]
fn help_documents_the_request_and_metrics_files() {
    assert_cmd_snapshot!(policy().args(["explain", "--help"]));
}

#[test]
fn the_readme_example_as_a_tree() {
    assert_cmd_snapshot!(policy().args([
        "explain",
        "examples/multi-provider-failover.yaml",
        "--model",
        "ngrok/auto",
        "--fail",
        "openai=503"
    ]));
}

#[test]
fn a_tree_with_rules_keys_and_failover() {
    assert_cmd_snapshot!(policy().args([
        "explain",
        "examples/rate-limited-teams.yaml",
        "--header",
        "x-team: research",
        "--fail",
        "anthropic=503",
    ]));
    assert_cmd_snapshot!(policy().args([
        "explain",
        "fixtures/explain/19-key-quota.yaml",
        "--model",
        "gpt-4o",
        "--metrics",
        "fixtures/explain/19-key-quota.metrics.json",
    ]));
    assert_cmd_snapshot!(policy().args(["explain", "fixtures/explain/18-fail-closed.yaml"]));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["explain", "examples/openrouter.yaml", "--fail", "openai"][..],
        &["explain", "examples/openrouter.yaml", "--fail", "openai=slow"],
        &["explain", "examples/openrouter.yaml", "--header", "no-colon"],
        &["explain", "examples/openrouter.yaml", "--request", "no/such/file.json"],
        &["explain", "examples/openrouter.yaml", "--model", "a", "--request", "b.json"],
        &["explain", "no/such/policy.yaml"],
        &["explain", "examples/"],
        &[
            "explain",
            "examples/openrouter.yaml",
            "--metrics",
            "fixtures/explain/01-prefix-routing.yaml",
        ],
        &[
            "explain",
            "examples/openrouter.yaml",
            "--metrics",
            "fixtures/explain/19-key-quota.metrics.json",
        ],
    ] {
        let output = policy().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn a_policy_with_errors_exits_1() {
    let output = policy()
        .args(["explain", "fixtures/diagnostics/TY0002-no-such-field.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("TY0002"));
}

#[test]
fn secret_values_are_never_printed() {
    for format in ["human", "json"] {
        let output = policy()
            .args(["explain", "examples/multi-key-failover.yaml", "--model", "gpt-4o"])
            .args(["--fail", "openai=429", "--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("secrets.get('openai', 'team-b')"), "{stdout}");
        assert!(!stdout.contains("explain-placeholder"), "{stdout}");
    }
}

#[test]
fn the_seed_decides_random_choices() {
    let run = |seed: &str| {
        let output = policy()
            .args(["explain", "fixtures/explain/26-random-seed.yaml", "--format", "json"])
            .args(["--seed", seed])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        json["strategies"][0]["result"].clone()
    };
    assert_eq!(run("7"), run("7"));
    let orders: std::collections::BTreeSet<String> =
        (0..8).map(|seed| run(&seed.to_string()).to_string()).collect();
    assert!(orders.len() > 1, "every seed gave the same order: {orders:?}");
}
