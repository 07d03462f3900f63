//! Model selection benchmark (work in progress).

fn main() {}
