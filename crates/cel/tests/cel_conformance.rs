//! The check part of the CEL conformance suite: cel-spec's "simple" tests, parsed and checked.
//!
//! `cargo test --release --test cel_conformance -- --nocapture` from the repository root.
//!
//! A test passes when its expression parses (or fails to parse where the test expects a parse
//! error) and, unless the test disables checking, checks without error and with the type the test
//! states (`typed_result.deduced_type`, exactly). A test that disables checking passes when our
//! checker rejects what fails with a type error at run time and accepts the rest, except the
//! reviewed ill-typed expressions of `cel_conformance/verdict.rs`. Skips count as failures in the
//! asserted pass rate.
#![allow(clippy::print_stdout, reason = "the runner prints its report")]

#[path = "cel_conformance/data.rs"]
mod data;
#[path = "cel_conformance/env.rs"]
mod env;
#[path = "cel_conformance/verdict.rs"]
mod verdict;

use verdict::Outcome;

/// The least pass rate, with skips counted as failures.
const REQUIRED_PASS_RATE: f64 = 0.98;

#[test]
fn cel_conformance_check() {
    let spec = match data::locate() {
        Ok(spec) => spec,
        Err(message) => panic!("{message}"),
    };
    let pool = data::descriptors(&spec);
    let base = env::base(&pool);
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut skips = Vec::new();
    let mut how: Vec<(&'static str, u32)> = Vec::new();
    println!("cel-conformance check, data from {}", spec.display());
    for section in data::SECTIONS {
        let (mut section_passed, mut section_failed, mut section_skipped) = (0, 0, 0);
        for case in data::read(&spec, &pool, section) {
            match verdict::judge(&case, &base) {
                Outcome::Pass(note) => {
                    section_passed += 1;
                    match how.iter_mut().find(|(known, _)| *known == note) {
                        Some((_, count)) => *count += 1,
                        None => how.push((note, 1)),
                    }
                }
                Outcome::Fail(reason) => {
                    section_failed += 1;
                    failures.push(format!("{}: {reason}\n    {}", case.path, case.expr));
                }
                Outcome::Skip(reason) => {
                    section_skipped += 1;
                    skips.push(format!("{}: {reason}", case.path));
                }
            }
        }
        println!(
            "  {section:<15} {section_passed:>4} passed, {section_failed:>3} failed, \
             {section_skipped:>3} skipped"
        );
        passed += section_passed;
        failed += section_failed;
        skipped += section_skipped;
    }
    println!("passed:");
    for (note, count) in &how {
        println!("  {count:>4} {note}");
    }
    if !failures.is_empty() {
        println!("failed:");
        for failure in &failures {
            println!("  {failure}");
        }
    }
    if !skips.is_empty() {
        println!("skipped:");
        for skip in &skips {
            println!("  {skip}");
        }
    }
    println!("cel-conformance check: {passed} passed, {failed} failed, {skipped} skipped");
    let total = passed + failed + skipped;
    let rate = f64::from(passed) / f64::from(total);
    assert!(
        rate >= REQUIRED_PASS_RATE,
        "pass rate {:.2}% is below {:.0}% (skips count as failures)",
        rate * 100.0,
        REQUIRED_PASS_RATE * 100.0
    );
}
