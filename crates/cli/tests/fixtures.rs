//! Fixture-driven tests of the checker.
//!
//! `fixtures/diagnostics/<CODE>-<name>.yaml` holds a policy with its expected diagnostics written
//! as comments under the line they point at:
//!
//! ```yaml
//!       model_selections: {}
//! #     ^^^^^^^^^^^^^^^^ SY0005: unknown key
//! ```
//!
//! The carets give the columns (start and exclusive end) on the closest line above that is not an
//! annotation (one caret also matches an empty range); the text after the code must occur in the message. `#| CODE: text` marks a
//! diagnostic that starts at column 1 of that line. A first line `# secrets: FILE` checks with
//! that secrets file (relative to the fixture); a first line `# compile` compiles it instead of
//! only checking it. Each fixture must yield exactly its annotations.
//!
//! Info diagnostics are compared only in fixtures that annotate at least one.
//!
//! `fixtures/valid/*.yaml` and `examples/*.yaml` must yield no error and no warning, except the
//! warnings a first line `# allow: CODE, CODE` names.

use std::path::{Path, PathBuf};

use switchyard_compile::{CheckOptions, SecretNames};
use switchyard_diagnostics::{Code, Diagnostic, FileId, Severity, SourceFile};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Expected {
    code: String,
    line: u32,
    column: u32,
    end_column: Option<u32>,
    text: String,
}

/// The annotations of a fixture.
fn expectations(text: &str) -> Vec<Expected> {
    let mut expected = Vec::new();
    let mut target_line = 0;
    for (index, line) in text.lines().enumerate() {
        let is_caret_line =
            line.strip_prefix('#').is_some_and(|rest| rest.trim_start().starts_with('^'));
        if !is_caret_line && !line.starts_with("#|") {
            target_line = index as u32 + 1;
            continue;
        }
        let (column, end_column, spec) = if let Some(spec) = line.strip_prefix("#|") {
            (1, None, spec)
        } else {
            let start = line.find('^').unwrap();
            let carets = line[start..].chars().take_while(|c| *c == '^').count();
            let column = line[..start].chars().count() as u32 + 1;
            (column, Some(column + carets as u32), &line[start + carets..])
        };
        let spec = spec.trim();
        let (code, text) =
            spec.split_once(':').map_or((spec, ""), |(code, text)| (code.trim(), text.trim()));
        expected.push(Expected {
            code: code.to_owned(),
            line: target_line,
            column,
            end_column,
            text: text.to_owned(),
        });
    }
    expected
}

fn check(path: &Path) -> (SourceFile, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(path).unwrap();
    let secrets =
        text.lines().next().and_then(|line| line.strip_prefix("# secrets: ")).map(|name| {
            let secrets_path = path.parent().unwrap().join(name.trim());
            let secrets_text = std::fs::read_to_string(&secrets_path).unwrap();
            SecretNames::parse(&secrets_text, FileId(1)).0
        });
    let options = CheckOptions { secrets: secrets.as_ref() };
    let diagnostics = if text.starts_with("# compile\n") {
        let file = SourceFile::new(path.display().to_string(), text.clone());
        switchyard_compile::compile_file(&file, FileId(0), &options).1
    } else {
        switchyard_compile::check_file(&text, FileId(0), &options)
    };
    (SourceFile::new(path.display().to_string(), text), diagnostics)
}

fn describe(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let span = diagnostic.primary_span().expect("every diagnostic is located");
    let start = file.line_col(span.range.start);
    let end = file.line_col(span.range.end);
    format!(
        "{}:{}-{}:{} {} {}",
        start.line, start.column, end.line, end.column, diagnostic.code, diagnostic.message
    )
}

#[test]
fn each_diagnostic_fixture_yields_exactly_its_annotations() {
    let mut failures = Vec::new();
    for path in yaml_files(&root().join("fixtures/diagnostics")) {
        let (file, mut diagnostics) = check(&path);
        let mut expected = expectations(file.text());
        let info_codes: Vec<&str> = Code::ALL
            .iter()
            .filter(|code| code.default_severity() == Severity::Info)
            .map(|code| code.as_str())
            .collect();
        if !expected.iter().any(|e| info_codes.contains(&e.code.as_str())) {
            diagnostics.retain(|diagnostic| diagnostic.severity != Severity::Info);
        }
        assert!(!expected.is_empty(), "{}: no annotations", path.display());
        let mut unexpected = Vec::new();
        for diagnostic in &diagnostics {
            let span = diagnostic.primary_span().expect("every diagnostic is located");
            let start = file.line_col(span.range.start);
            let end = file.line_col(span.range.end);
            let found = expected.iter().position(|e| {
                e.code == diagnostic.code.as_str()
                    && e.line == start.line
                    && e.column == start.column
                    && e.end_column.is_none_or(|end_column| {
                        // One caret also marks an empty range, such as "end of input".
                        let empty = end == start && end_column == start.column + 1;
                        empty || (end.line == start.line && end.column == end_column)
                    })
                    && diagnostic.message.contains(&e.text)
            });
            match found {
                Some(index) => {
                    expected.remove(index);
                }
                None => unexpected.push(describe(&file, diagnostic)),
            }
        }
        if !unexpected.is_empty() || !expected.is_empty() {
            failures.push(format!(
                "{}\n  unexpected: {unexpected:#?}\n  missing: {expected:#?}\n  all: {:#?}",
                path.display(),
                diagnostics.iter().map(|d| describe(&file, d)).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_code_has_a_fixture() {
    let names: Vec<String> = yaml_files(&root().join("fixtures/diagnostics"))
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|code| !names.iter().any(|name| name.starts_with(&format!("{code}-"))))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
    for name in &names {
        let code = name.split('-').next().unwrap();
        assert!(Code::parse(code).is_some(), "fixture {name} names no code");
    }
}

#[test]
fn valid_policies_and_examples_check_clean() {
    let mut failures = Vec::new();
    let mut files = yaml_files(&root().join("fixtures/valid"));
    files.extend(yaml_files(&root().join("examples")));
    assert!(
        files.len() >= 38,
        "expected at least 30 valid fixtures and 8 examples, found {}",
        files.len()
    );
    for path in files {
        let (file, diagnostics) = check(&path);
        let allowed: Vec<&str> = file
            .text()
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# allow: "))
            .map(|codes| codes.split(',').map(str::trim).collect())
            .unwrap_or_default();
        let problems: Vec<String> = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity != Severity::Info)
            .filter(|diagnostic| !allowed.contains(&diagnostic.code.as_str()))
            .map(|diagnostic| describe(&file, diagnostic))
            .collect();
        if !problems.is_empty() {
            failures.push(format!("{}: {problems:#?}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every key of the policy schema, and every checked action type, appears in some valid fixture.
#[test]
fn valid_fixtures_use_every_field() {
    let schema: serde_json::Value =
        serde_json::from_str(&switchyard_syntax::ast::policy_schema()).unwrap();
    let mut properties = std::collections::BTreeSet::new();
    collect_properties(&schema, &mut properties);
    let mut keys = std::collections::BTreeSet::new();
    let mut types = std::collections::BTreeSet::new();
    for path in yaml_files(&root().join("fixtures/valid")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let (documents, _) = switchyard_syntax::yaml::parse_stream(&text, FileId(0));
        for root in documents.iter().filter_map(|document| document.root.as_ref()) {
            collect_keys(root, &mut keys, &mut types);
        }
    }
    assert!(properties.len() >= 70, "the schema walk found only {properties:?}");
    let missing: Vec<&String> =
        properties.iter().filter(|property| !keys.contains(*property)).collect();
    assert!(missing.is_empty(), "fields no valid fixture uses: {missing:?}");
    let missing_types: Vec<&str> = switchyard_syntax::action_kinds::ACTION_KINDS
        .iter()
        .filter(|kind| kind.checked && !types.contains(kind.name))
        .map(|kind| kind.name)
        .collect();
    assert!(missing_types.is_empty(), "action types no valid fixture uses: {missing_types:?}");
}

fn collect_properties(value: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(serde_json::Value::Object(properties)) = object.get("properties") {
                out.extend(properties.keys().cloned());
            }
            object.values().for_each(|child| collect_properties(child, out));
        }
        serde_json::Value::Array(items) => {
            for child in items {
                collect_properties(child, out);
            }
        }
        _ => {}
    }
}

fn collect_keys(
    node: &switchyard_syntax::yaml::Node,
    keys: &mut std::collections::BTreeSet<String>,
    types: &mut std::collections::BTreeSet<String>,
) {
    use switchyard_syntax::yaml::NodeKind;
    match &node.kind {
        NodeKind::Mapping(entries) => {
            for entry in entries {
                if let Some(key) = entry.key.as_str() {
                    keys.insert(key.to_owned());
                    if key == "type" {
                        types.extend(entry.value.as_str().map(str::to_owned));
                    }
                }
                collect_keys(&entry.value, keys, types);
            }
        }
        NodeKind::Sequence(items) => items.iter().for_each(|item| collect_keys(item, keys, types)),
        NodeKind::Scalar(_) => {}
    }
}
