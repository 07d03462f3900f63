//! The `policy` command.

fn main() {}
