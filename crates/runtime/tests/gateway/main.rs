//! Scenario tests of the `ai-gateway` request flow (spec/ai-gateway.md §4–§5): one per branch,
//! each asserting the attempts and the final status.

mod failover;
mod routing;
mod selection;
mod shaping;
mod support;
