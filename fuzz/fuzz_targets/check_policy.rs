//! The whole front end on arbitrary input: it must never panic, and every diagnostic must point
//! inside the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use switchyard_compile::{CheckOptions, check_file};
use switchyard_diagnostics::FileId;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for diagnostic in check_file(text, FileId(0), &CheckOptions::default()) {
        for label in &diagnostic.labels {
            assert!(label.span.range.end as usize <= text.len(), "{diagnostic:?}");
        }
    }
});
