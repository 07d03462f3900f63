//! Switchyard's CEL conformance test, and nothing else: this library is empty, and
//! `tests/cel_conformance.rs` holds the test.
//!
//! The test reads cel-spec's "simple" test files once and runs two parts on them: the check part
//! (parse and type-check, `switchyard-cel`) and the eval part (parse, check, lower, link and
//! evaluate, through `switchyard-compile` and `switchyard-runtime`).
//! It has a crate of its own because it spans the front end and the runtime, which no other crate
//! joins, and so that the textproto loader (`protox`, `prost-reflect`) exists once and stays out
//! of the dependencies of the crates under test.
