//! The evaluation part of the CEL conformance suite: cel-spec's "simple" tests through parse,
//! check, lower (`switchyard_compile::lower`), link and evaluate, with results compared.
//!
//! `cargo test --release -p switchyard-runtime --test eval_conformance -- --nocapture`
//!
//! A test passes when its expression evaluates to the expected value (compared strictly: same
//! kinds, `NaN` equal to itself) or fails where the test expects an error; a parse error passes
//! where one is expected; a check-only test passes when it checks. Tests that disable checking
//! are lowered without the checker (every candidate overload, dispatched at run time), unless
//! the checker rejects them and they are expected to fail. Skips are listed with their reason
//! and count as failures in the asserted pass rate.
#![allow(clippy::print_stdout, reason = "the runner prints its report")]

#[path = "eval_conformance/data.rs"]
mod data;
#[path = "eval_conformance/env.rs"]
mod env;
#[path = "eval_conformance/proto.rs"]
mod proto;
#[path = "eval_conformance/proto_build.rs"]
mod proto_build;
#[path = "eval_conformance/unchecked.rs"]
mod unchecked;
#[path = "eval_conformance/verdict.rs"]
mod verdict;

use verdict::Outcome;

/// The least pass rate, with skips counted as failures.
const REQUIRED_PASS_RATE: f64 = 0.98;

#[test]
fn cel_conformance_eval() {
    let spec = match data::locate() {
        Ok(spec) => spec,
        Err(message) => panic!("{message}"),
    };
    let pool = data::descriptors(&spec);
    let base = env::base(&pool);
    let registry = proto::registry(&pool);
    let (mut passed, mut failed, mut skipped) = (0_u32, 0_u32, 0_u32);
    let mut failures = Vec::new();
    let mut skips = Vec::new();
    let mut how: Vec<(&'static str, u32)> = Vec::new();
    println!("cel-conformance eval, data from {}", spec.display());
    for section in data::SECTIONS {
        let (mut section_passed, mut section_failed, mut section_skipped) = (0, 0, 0);
        for case in data::read(&spec, &pool, section) {
            match verdict::judge(&case, &base, &registry) {
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
    println!("cel-conformance eval: {passed} passed, {failed} failed, {skipped} skipped");
    let total = passed + failed + skipped;
    let rate = f64::from(passed) / f64::from(total);
    assert!(
        rate >= REQUIRED_PASS_RATE,
        "pass rate {:.2}% is below {:.0}% (skips count as failures)",
        rate * 100.0,
        REQUIRED_PASS_RATE * 100.0
    );
}
