//! The plan: phases, rules and actions, mirroring the policy.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::expr::Expression;
use crate::{Gateway, Origin};

/// A compiled traffic policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    /// The format of this plan; see [`crate::FORMAT_VERSION`].
    pub format_version: u32,
    /// The phases that have rules, in execution order.
    pub phases: Vec<Phase>,
    /// Every expression of the plan; rules, templates and strategies refer to them by index.
    pub expressions: Vec<Expression>,
}

impl Plan {
    /// The rules of `kind`, in order (none when the policy has no such phase).
    pub fn rules(&self, kind: PhaseKind) -> &[Rule] {
        self.phases.iter().find(|phase| phase.kind == kind).map_or(&[], |phase| &phase.rules)
    }

    /// The expression with id `id`.
    ///
    /// # Panics
    /// If `id` is out of range; [`crate::verify`] rejects plans with such ids.
    pub fn expression(&self, id: ExprId) -> &Expression {
        &self.expressions[id.0 as usize]
    }

    /// The plan as pretty-printed JSON (deterministic: the same plan gives the same bytes).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("plans serialize");
        text.push('\n');
        text
    }

    /// Reads a plan from JSON and verifies it.
    pub fn from_json(text: &str) -> Result<Plan, Vec<crate::VerifyError>> {
        let plan: Plan = serde_json::from_str(text)
            .map_err(|error| vec![crate::VerifyError::Malformed(error.to_string())])?;
        let errors = crate::verify(&plan);
        if errors.is_empty() { Ok(plan) } else { Err(errors) }
    }
}

/// An index into [`Plan::expressions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct ExprId(pub u32);

/// The phases of a request's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// `on_tcp_connect`
    OnTcpConnect,
    /// `on_http_request`
    OnHttpRequest,
    /// `on_http_response`
    OnHttpResponse,
    /// `on_event_stream_message`
    OnEventStreamMessage,
}

/// One phase and its rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Phase {
    /// Which phase.
    pub kind: PhaseKind,
    /// The rules, in order.
    pub rules: Vec<Rule>,
}

/// A rule: when every condition is true, its actions run in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rule {
    /// The rule's label, if it has one.
    pub name: Option<String>,
    /// Boolean expressions, all of which must be true.
    pub conditions: Vec<ExprId>,
    /// The actions.
    pub actions: Vec<Action>,
    /// Where the rule was written.
    pub origin: Origin,
}

/// An action and where it was written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Action {
    /// What it does.
    #[serde(flatten)]
    pub kind: ActionKind,
    /// Where it was written.
    pub origin: Origin,
}

/// The actions and their configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", content = "config", rename_all = "kebab-case")]
pub enum ActionKind {
    /// Routes an LLM API request.
    AiGateway(Box<Gateway>),
    /// Answers with a fixed response.
    CustomResponse(CustomResponse),
    /// Rejects the request with a status and no body.
    Deny {
        /// The status.
        status_code: u16,
    },
    /// Limits the request rate per bucket.
    RateLimit(RateLimit),
    /// Allows or rejects by client IP.
    RestrictIps(RestrictIps),
    /// Sets request variables, in order.
    SetVars {
        /// Names and values.
        vars: Vec<(String, Value)>,
    },
    /// Emits a structured log event.
    Log {
        /// The event's fields.
        metadata: Vec<(String, Value)>,
    },
    /// Adds headers.
    AddHeaders {
        /// Lower-cased names and values.
        headers: Vec<(String, Template)>,
    },
    /// Removes headers.
    RemoveHeaders {
        /// Lower-cased names.
        headers: Vec<String>,
    },
    /// Rewrites the request body.
    RequestBodyFindReplace {
        /// Applied in order.
        replacements: Vec<BodyReplacement>,
    },
    /// Rewrites the response body.
    ResponseBodyFindReplace {
        /// Applied in order.
        replacements: Vec<BodyReplacement>,
    },
    /// Rewrites Server-Sent-Events messages.
    SseFindReplace {
        /// Applied in order.
        replacements: Vec<SseReplacement>,
    },
    /// An action the runtime does not implement; running it fails closed with 500.
    Unsupported {
        /// The action's type.
        action: String,
    },
}

/// `custom-response`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomResponse {
    /// The status.
    pub status_code: u16,
    /// The body.
    pub body: Template,
    /// Headers, lower-cased names.
    pub headers: Vec<(String, Template)>,
}

/// `rate-limit`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RateLimit {
    /// Limiters with the same name share buckets.
    pub name: String,
    /// Requests per window per bucket.
    pub capacity: u64,
    /// The window in milliseconds.
    pub window_ms: u64,
    /// Expressions whose values form the bucket.
    pub bucket_key: Vec<ExprId>,
    /// `false` records without rejecting.
    pub enforce: bool,
}

/// `restrict-ips`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RestrictIps {
    /// `false` records without rejecting.
    pub enforce: bool,
    /// CIDR ranges allowed.
    pub allow: Vec<Template>,
    /// CIDR ranges rejected.
    pub deny: Vec<Template>,
}

/// One replacement of a body find/replace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BodyReplacement {
    /// An RE2 pattern.
    pub from: Template,
    /// The replacement.
    pub to: Template,
}

/// One replacement of `sse-find-replace`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SseReplacement {
    /// `data` or `retry`.
    pub field: Template,
    /// An RE2 pattern.
    pub from: Template,
    /// The replacement.
    pub to: Template,
}

/// A string with interpolated expressions.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Template {
    /// Literal text and expressions, in order.
    pub parts: Vec<TemplatePart>,
}

/// A part of a [`Template`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplatePart {
    /// Literal text.
    Text(String),
    /// An interpolated expression.
    Expr(ExprId),
}

/// A JSON-like value whose strings are templates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string template.
    String(Template),
    /// A list.
    List(Vec<Value>),
    /// A map, entries in order.
    Map(Vec<(String, Value)>),
}
