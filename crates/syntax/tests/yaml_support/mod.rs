//! Helpers shared by the YAML tests.

#![allow(dead_code, unreachable_pub)]

pub mod render;
