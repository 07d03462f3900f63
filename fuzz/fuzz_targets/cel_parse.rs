//! The CEL parser on arbitrary text: it must never panic, and every error must point inside the
//! text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (_, errors) = switchyard_cel::parse(text);
    for error in errors {
        assert!(error.span.end as usize <= text.len(), "{error:?}");
    }
});
