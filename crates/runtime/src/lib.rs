//! The Switchyard runtime: executes a routing plan.
//!
//! It depends on no front-end crate: a plan loaded with `switchyard_plan::Plan::from_json` is all
//! it needs.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod clock;
pub mod engine;
pub mod eval;
pub mod gateway;
pub mod metrics;
pub mod objects;
pub mod secrets;
pub mod transport;
pub mod value;
