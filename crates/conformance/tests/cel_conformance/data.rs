//! Finding cel-spec's conformance data and reading its textproto test files (with protox and
//! prost-reflect), once for both parts of the test.

use std::path::{Path, PathBuf};

use prost_reflect::{DescriptorPool, DynamicMessage, Value};

/// The sections (test files), in the order they are reported.
pub(crate) const SECTIONS: &[&str] = &[
    "basic",
    "comparisons",
    "conversions",
    "fields",
    "fp_math",
    "integer_math",
    "lists",
    "logic",
    "macros",
    "macros2",
    "parse",
    "plumbing",
    "namespace",
    "string",
    "type_deduction",
];

/// One test of a `SimpleTestFile`.
pub(crate) struct Case {
    /// `file/section/test`, as cel-go names tests.
    pub(crate) path: String,
    pub(crate) expr: String,
    pub(crate) disable_check: bool,
    pub(crate) disable_macros: bool,
    pub(crate) check_only: bool,
    pub(crate) container: String,
    /// `cel.expr.Decl` messages.
    pub(crate) decls: Vec<DynamicMessage>,
    /// Variable name and `cel.expr.ExprValue`.
    pub(crate) bindings: Vec<(String, DynamicMessage)>,
    /// `typed_result.deduced_type`, a `cel.expr.Type`, when the test states one.
    pub(crate) deduced_type: Option<DynamicMessage>,
    pub(crate) expects: Expect,
}

impl Case {
    /// Whether the test expects the expression not to parse.
    pub(crate) fn expects_parse_error(&self) -> bool {
        matches!(&self.expects, Expect::Errors(messages)
            if messages.iter().any(|m| m.contains("Syntax error") || m.contains("parse")))
    }
}

/// What evaluating the expression gives, according to the test.
pub(crate) enum Expect {
    /// A `cel.expr.Value` (`true` when the test states no result).
    Value(Option<DynamicMessage>),
    /// Evaluation errors, with their messages.
    Errors(Vec<String>),
    /// An unknown value.
    Unknown,
}

/// The cel-spec checkout: `CEL_SPEC_DIR`, `<repo>/../shared/conformance/cel-spec` or
/// `<repo>/target/cel-spec`.
pub(crate) fn locate() -> Result<PathBuf, String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut tried = Vec::new();
    if let Some(dir) = std::env::var_os("CEL_SPEC_DIR") {
        tried.push(PathBuf::from(dir));
    }
    tried.push(repo.join("../shared/conformance/cel-spec"));
    tried.push(repo.join("target/cel-spec"));
    for dir in &tried {
        if dir.join("tests/simple/testdata").is_dir() && dir.join("proto").is_dir() {
            return Ok(dir.canonicalize().unwrap_or_else(|_| dir.clone()));
        }
    }
    let tried: Vec<String> = tried.iter().map(|dir| format!("  {}", dir.display())).collect();
    Err(format!(
        "the CEL conformance data (cel-spec's tests/simple/testdata and proto/) was not found in:\n\
         {}\nset CEL_SPEC_DIR to a checkout of github.com/cel-expr/cel-spec at the commit that \
         ../shared/conformance/cel-spec/SOURCE.md names, or run `cargo xtask fetch-cel-spec` (which \
         `cargo xtask test` does first) to fetch it into target/cel-spec",
        tried.join("\n")
    ))
}

/// Compiles the test-file schema and the conformance messages.
pub(crate) fn descriptors(spec: &Path) -> DescriptorPool {
    let mut compiler = protox::Compiler::new([spec.join("proto")]).expect("proto include path");
    compiler.include_imports(true);
    compiler
        .open_files([
            "cel/expr/conformance/test/simple.proto",
            "cel/expr/conformance/proto2/test_all_types.proto",
            "cel/expr/conformance/proto3/test_all_types.proto",
        ])
        .unwrap_or_else(|error| panic!("compiling cel-spec's .proto files: {error}"));
    compiler.descriptor_pool()
}

/// The tests of one section file.
pub(crate) fn read(spec: &Path, pool: &DescriptorPool, file: &str) -> Vec<Case> {
    let path = spec.join(format!("tests/simple/testdata/{file}.textproto"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    let descriptor = pool
        .get_message_by_name("cel.expr.conformance.test.SimpleTestFile")
        .expect("SimpleTestFile in simple.proto");
    let message = DynamicMessage::parse_text_format(descriptor, &text)
        .unwrap_or_else(|error| panic!("parsing {}: {error}", path.display()));
    let mut cases = Vec::new();
    for section in messages(&message, "section") {
        let section_name = string(&section, "name");
        for test in messages(&section, "test") {
            cases.push(case(file, &section_name, &test));
        }
    }
    cases
}

fn case(file: &str, section: &str, test: &DynamicMessage) -> Case {
    let deduced_type = test
        .has_field_by_name("typed_result")
        .then(|| message(test, "typed_result"))
        .filter(|typed| typed.has_field_by_name("deduced_type"))
        .map(|typed| message(&typed, "deduced_type"));
    let expects = if test.has_field_by_name("eval_error") {
        Expect::Errors(error_messages(&message(test, "eval_error")))
    } else if test.has_field_by_name("any_eval_errors") {
        let sets = messages(&message(test, "any_eval_errors"), "errors");
        Expect::Errors(sets.iter().flat_map(error_messages).collect())
    } else if test.has_field_by_name("unknown") || test.has_field_by_name("any_unknowns") {
        Expect::Unknown
    } else if test.has_field_by_name("value") {
        Expect::Value(Some(message(test, "value")))
    } else if test.has_field_by_name("typed_result") {
        let typed = message(test, "typed_result");
        Expect::Value(typed.has_field_by_name("result").then(|| message(&typed, "result")))
    } else {
        Expect::Value(None)
    };
    let bindings = match test.get_field_by_name("bindings").as_deref() {
        Some(Value::Map(map)) => map
            .iter()
            .filter_map(|(key, value)| match (key, value) {
                (prost_reflect::MapKey::String(name), Value::Message(value)) => {
                    Some((name.clone(), value.clone()))
                }
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Case {
        path: format!("{file}/{section}/{}", string(test, "name")),
        expr: string(test, "expr"),
        disable_check: boolean(test, "disable_check"),
        disable_macros: boolean(test, "disable_macros"),
        check_only: boolean(test, "check_only"),
        container: string(test, "container"),
        decls: messages(test, "type_env"),
        bindings,
        deduced_type,
        expects,
    }
}

fn error_messages(set: &DynamicMessage) -> Vec<String> {
    messages(set, "errors").iter().map(|status| string(status, "message")).collect()
}

pub(crate) fn string(message: &DynamicMessage, field: &str) -> String {
    match message.get_field_by_name(field).as_deref() {
        Some(Value::String(text)) => text.clone(),
        _ => String::new(),
    }
}

pub(crate) fn boolean(message: &DynamicMessage, field: &str) -> bool {
    matches!(message.get_field_by_name(field).as_deref(), Some(Value::Bool(true)))
}

pub(crate) fn int(message: &DynamicMessage, field: &str) -> i32 {
    match message.get_field_by_name(field).as_deref() {
        Some(Value::EnumNumber(number) | Value::I32(number)) => *number,
        _ => 0,
    }
}

pub(crate) fn message(message: &DynamicMessage, field: &str) -> DynamicMessage {
    match message.get_field_by_name(field).as_deref() {
        Some(Value::Message(inner)) => inner.clone(),
        other => panic!("field {field} is not a message: {other:?}"),
    }
}

pub(crate) fn messages(message: &DynamicMessage, field: &str) -> Vec<DynamicMessage> {
    match message.get_field_by_name(field).as_deref() {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|item| match item {
                Value::Message(inner) => Some(inner.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
