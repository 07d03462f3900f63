//! The CEL conformance suite: cel-spec's "simple" tests, read once and run in two parts.
//!
//! `cargo test --release --test cel_conformance -- --nocapture` from the repository root prints
//! the report of each part, ending in `cel-conformance check: ...` and `cel-conformance eval: ...`.
//!
//! **Check part** (`switchyard-cel`, `cel_conformance/check.rs`). A test passes when its
//! expression parses (or fails to parse where the test expects a parse error) and, unless the test
//! disables checking, checks without error and with the type the test states
//! (`typed_result.deduced_type`, exactly). A test that disables checking passes when our checker
//! rejects what fails with a type error at run time and accepts the rest, except the reviewed
//! ill-typed expressions of `cel_conformance/check.rs`.
//!
//! **Eval part** (parse, check, lower with `switchyard_compile::lower`, link and evaluate with
//! `switchyard-runtime`; `cel_conformance/eval.rs`). A test passes when its expression evaluates
//! to the expected value (compared strictly: same kinds, `NaN` equal to itself) or fails where the
//! test expects an error; a parse error passes where one is expected; a check-only test passes
//! when it checks. Tests that disable checking are lowered without the checker
//! (`cel_conformance/unchecked.rs`: every candidate overload, dispatched at run time), unless the
//! checker rejects them and they are expected to fail.
//!
//! In each part, skips are listed with their reason and count as failures in the asserted pass
//! rate; both parts are reported before either is asserted.
#![allow(clippy::print_stdout, reason = "the runner prints its report")]

#[path = "cel_conformance/check.rs"]
mod check;
#[path = "cel_conformance/data.rs"]
mod data;
#[path = "cel_conformance/env.rs"]
mod env;
#[path = "cel_conformance/eval.rs"]
mod eval;
#[path = "cel_conformance/proto.rs"]
mod proto;
#[path = "cel_conformance/proto_build.rs"]
mod proto_build;
#[path = "cel_conformance/report.rs"]
mod report;
#[path = "cel_conformance/unchecked.rs"]
mod unchecked;

use report::Report;

#[test]
fn cel_conformance() {
    let spec = data::locate().unwrap_or_else(|message| panic!("{message}"));
    let pool = data::descriptors(&spec);
    let sections: Vec<(&'static str, Vec<data::Case>)> = data::SECTIONS
        .iter()
        .map(|&section| (section, data::read(&spec, &pool, section)))
        .collect();
    let base = env::base(&pool);
    let registry = proto::registry(&pool);
    let parts = [
        Report::run("check", &sections, |case| check::judge(case, &base)),
        Report::run("eval", &sections, |case| eval::judge(case, &base, &registry)),
    ];
    for part in &parts {
        part.print(&spec);
    }
    let shortfalls: Vec<String> = parts.iter().filter_map(Report::shortfall).collect();
    assert!(shortfalls.is_empty(), "{}", shortfalls.join("; "));
}
