//! The verdicts of one part of the test, tallied per section and printed.

use super::data::Case;

/// The verdict on one test.
pub(crate) enum Outcome {
    /// Passed, and how.
    Pass(&'static str),
    Fail(String),
    Skip(&'static str),
}

/// The least pass rate of each part, with skips counted as failures.
const REQUIRED_PASS_RATE: f64 = 0.98;

/// The tally of one part (`check` or `eval`).
pub(crate) struct Report {
    part: &'static str,
    /// Per section: passed, failed, skipped.
    sections: Vec<(&'static str, [u32; 3])>,
    /// How tests passed, with counts, in order of first appearance.
    how: Vec<(&'static str, u32)>,
    failures: Vec<String>,
    skips: Vec<String>,
}

impl Report {
    /// Judges every test of every section.
    pub(crate) fn run(
        part: &'static str,
        sections: &[(&'static str, Vec<Case>)],
        mut judge: impl FnMut(&Case) -> Outcome,
    ) -> Report {
        let mut report = Report {
            part,
            sections: Vec::new(),
            how: Vec::new(),
            failures: Vec::new(),
            skips: Vec::new(),
        };
        for (section, cases) in sections {
            let mut counts = [0; 3];
            for case in cases {
                match judge(case) {
                    Outcome::Pass(note) => {
                        counts[0] += 1;
                        match report.how.iter_mut().find(|(known, _)| *known == note) {
                            Some((_, count)) => *count += 1,
                            None => report.how.push((note, 1)),
                        }
                    }
                    Outcome::Fail(reason) => {
                        counts[1] += 1;
                        report.failures.push(format!("{}: {reason}\n    {}", case.path, case.expr));
                    }
                    Outcome::Skip(reason) => {
                        counts[2] += 1;
                        report.skips.push(format!("{}: {reason}", case.path));
                    }
                }
            }
            report.sections.push((section, counts));
        }
        report
    }

    /// Passed, failed and skipped, over all sections.
    fn totals(&self) -> [u32; 3] {
        self.sections.iter().fold([0; 3], |acc, (_, counts)| {
            [acc[0] + counts[0], acc[1] + counts[1], acc[2] + counts[2]]
        })
    }

    /// Prints the sections, how tests passed, the failures and skips, and the summary line
    /// `cel-conformance PART: N passed, M failed, K skipped`.
    pub(crate) fn print(&self, data: &std::path::Path) {
        println!("cel-conformance {}, data from {}", self.part, data.display());
        for (section, [passed, failed, skipped]) in &self.sections {
            println!(
                "  {section:<15} {passed:>4} passed, {failed:>3} failed, {skipped:>3} skipped"
            );
        }
        println!("passed:");
        for (note, count) in &self.how {
            println!("  {count:>4} {note}");
        }
        if !self.failures.is_empty() {
            println!("failed:");
            for failure in &self.failures {
                println!("  {failure}");
            }
        }
        if !self.skips.is_empty() {
            println!("skipped:");
            for skip in &self.skips {
                println!("  {skip}");
            }
        }
        let [passed, failed, skipped] = self.totals();
        println!(
            "cel-conformance {}: {passed} passed, {failed} failed, {skipped} skipped",
            self.part
        );
    }

    /// Why the part falls short of the required pass rate, if it does.
    pub(crate) fn shortfall(&self) -> Option<String> {
        let [passed, failed, skipped] = self.totals();
        let rate = f64::from(passed) / f64::from(passed + failed + skipped);
        // Without any test the rate is NaN, which falls short too.
        let enough = rate >= REQUIRED_PASS_RATE;
        (!enough).then(|| {
            format!(
                "{}: pass rate {:.2}% is below {:.0}% (skips count as failures)",
                self.part,
                rate * 100.0,
                REQUIRED_PASS_RATE * 100.0
            )
        })
    }
}
