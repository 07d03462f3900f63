//! The registry of stable diagnostic codes.
//!
//! Every code has an explicit value, a kebab-case name, a default severity, a status and a long
//! explanation (the doc comment of its variant), printed by `policy check --explain CODE` and
//! published under `docs/diagnostics/`.
//! A code that appeared in a release is never reused, renumbered or repurposed.

use crate::Severity;

/// Whether a code is settled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CodeStatus {
    /// Emitted and settled.
    Stable,
    /// Emitted, but its exact conditions may still change.
    Preview,
}

impl CodeStatus {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            CodeStatus::Stable => "stable",
            CodeStatus::Preview => "preview",
        }
    }
}

macro_rules! codes {
    ($(
        $(#[doc = $doc:literal])*
        $code:ident = $name:literal, $severity:ident, $status:ident;
    )*) => {
        /// A stable diagnostic code: two letters for the stage, four digits.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[doc = $doc])* $code, )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            /// The code itself, such as `SY0005`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code),)* }
            }

            /// The kebab-case name, such as `unknown-key`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$code => $name,)* }
            }

            /// The severity a diagnostic with this code has unless it says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$code => Severity::$severity,)* }
            }

            /// Whether the code is settled.
            pub fn status(self) -> CodeStatus {
                match self { $(Code::$code => CodeStatus::$status,)* }
            }

            /// The doc comment of the code, each line with rustdoc's leading space.
            fn doc(self) -> &'static str {
                match self { $(Code::$code => concat!($($doc, "\n"),*),)* }
            }
        }
    };
}

impl Code {
    /// The long explanation in Markdown: its first line is the summary.
    pub fn explanation(self) -> String {
        let mut out = String::new();
        for line in self.doc().lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The one-line summary (the first line of the explanation).
    pub fn summary(self) -> &'static str {
        self.doc().lines().next().unwrap_or_default().trim()
    }

    /// Looks a code up by its code (`SY0005`, any case) or its name (`unknown-key`).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.as_str().eq_ignore_ascii_case(text) || code.name() == text)
    }

    /// The URL of the code's page in the published docs.
    pub fn url(self) -> String {
        format!(
            "https://github.com/switchyard-dev/switchyard/blob/main/docs/diagnostics/{}.md",
            self.as_str()
        )
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

include!("codes_registry.rs");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert_eq!(text.len(), 6, "{text}");
            assert!(["SY", "CE", "TY", "PL", "RT", "IN"].contains(&&text[..2]), "{text}");
            assert!(text[2..].bytes().all(|b| b.is_ascii_digit()), "{text}");
            assert!(seen.insert(code.name()), "duplicate name {}", code.name());
            assert!(code.name().bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }

    #[test]
    fn every_explanation_follows_the_template() {
        for code in Code::ALL {
            let text = code.explanation();
            assert!(!code.summary().is_empty(), "{code}");
            for heading in ["## What it means", "## Example", "## How to fix"] {
                assert!(text.contains(heading), "{code} lacks {heading}");
            }
        }
    }

    #[test]
    fn parse_accepts_code_and_name() {
        assert_eq!(Code::parse("sy0005"), Some(Code::SY0005));
        assert_eq!(Code::parse("unknown-key"), Some(Code::SY0005));
        assert_eq!(Code::parse("nope"), None);
    }
}
