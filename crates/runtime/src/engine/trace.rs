//! The decision trace of one request, as data: every rule evaluated, every action run, the
//! `ai-gateway` runs with their own traces, and the response.

use switchyard_plan::{Origin, PhaseKind};

use crate::gateway::GatewayTrace;

/// Everything the engine decided for one request, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// Every rule visited, in order, over all phases.
    pub rules: Vec<RuleTrace>,
    /// `log` events, in order: each event's metadata as JSON.
    pub logs: Vec<serde_json::Value>,
    /// What the client receives.
    pub result: ResultTrace,
}

impl Trace {
    /// The traces of the `ai-gateway` actions that ran, in order.
    pub fn gateways(&self) -> impl Iterator<Item = &GatewayTrace> {
        self.rules
            .iter()
            .flat_map(|rule| &rule.actions)
            .filter_map(|action| action.gateway.as_deref())
    }
}

/// One rule's evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleTrace {
    /// The phase.
    pub phase: PhaseKind,
    /// The rule's position in its phase.
    pub index: usize,
    /// The rule's name, if it has one.
    pub name: Option<String>,
    /// Where the rule was written.
    pub origin: Origin,
    /// The conditions evaluated, in order (evaluation stops at the first that is not true).
    pub conditions: Vec<ConditionTrace>,
    /// Whether every condition was true, so that the actions ran.
    pub matched: bool,
    /// The actions that ran, in order.
    pub actions: Vec<ActionTrace>,
}

/// One condition's evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionTrace {
    /// The expression as written.
    pub expression: String,
    /// Where it was written.
    pub origin: Origin,
    /// Its value, or the evaluation error (which fails the request closed).
    pub result: Result<bool, String>,
}

/// One action's run.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionTrace {
    /// The action's position in its rule.
    pub index: usize,
    /// The action's type (`ai-gateway`, `custom-response`, ...).
    pub action: String,
    /// Where it was written.
    pub origin: Origin,
    /// What it did.
    pub effect: Effect,
    /// A one-line account of what the action did (`bucket "team-a": 3 of 10`), if any.
    pub detail: Option<String>,
    /// The `ai-gateway` action's own trace.
    pub gateway: Option<Box<GatewayTrace>>,
    /// Evaluation errors inside selection predicates that counted as "not matching" (spec/cel.md
    /// §6), as `strategy: error`.
    pub absorbed_errors: Vec<String>,
}

/// What an action did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The chain goes on.
    Continue,
    /// The action produced the response with this status; the phase ends.
    Respond(u16),
    /// The action failed with this error code; the request is answered with it.
    Fail {
        /// The status.
        status: u16,
        /// The error code.
        code: String,
        /// Why.
        message: String,
    },
}

/// What the client receives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResultTrace {
    /// The HTTP status.
    pub status: u16,
    /// The error code (the `ngrok-error-code` header), if any.
    pub code: Option<String>,
    /// The provider whose response the client receives, if it came from an upstream.
    pub provider: Option<String>,
    /// The model that answered, if the response came from an upstream.
    pub model: Option<String>,
    /// What produced the response: the action type (`ai-gateway`, `custom-response`, ...),
    /// `rule` (a failing condition), or `no-upstream`.
    pub source: String,
}
