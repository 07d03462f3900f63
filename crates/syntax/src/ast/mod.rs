//! The typed policy AST: what a policy file means, every node spanned.
//!
//! These types are built by [`crate::parse_policy_file`], never deserialized by serde; they
//! derive `JsonSchema` so that the published JSON Schema of the policy file comes from the same
//! types the checker fills (`policy schema`).

mod actions;
mod ai_gateway;
mod schema;
mod values;

pub use actions::{
    AddHeaders, AllowList, AllowValue, CustomResponse, Deny, FindReplace, Jws, JwsIdentification,
    JwsKeys, JwsSources, JwtHttp, JwtToken, JwtValidation, Log, RateAlgorithm, RateLimit,
    RemoveHeaders, Replacement, RestrictIps, SetVars, SseFindReplace, SseReplacement,
};
pub use ai_gateway::{
    AiGateway, ApiKey, Model, OnError, ParamName, Provider, Strategies, Surface, SurfaceFormat,
    SurfaceKind,
};
pub use schema::policy_schema;
pub use values::{CelSource, Duration, Spanned, StringMap, Template, TemplateValue};

use schemars::JsonSchema;
use switchyard_diagnostics::TextRange;

/// Where a policy document sits in its file.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDocument {
    /// A YAML-path-like description of the policy's location (`endpoints[0].traffic_policy`), empty
    /// for a top-level policy.
    pub location: String,
    /// The policy.
    pub policy: Policy,
}

/// A traffic policy: rules per phase.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(
    title = "Switchyard traffic policy",
    deny_unknown_fields,
    extend("patternProperties" = {"^x-": {"description": "An extension field, ignored: a place for YAML anchors."}})
)]
pub struct Policy {
    /// The span of the whole policy mapping.
    #[schemars(skip)]
    pub span: TextRange,
    /// Rules run when a TCP connection opens (recognised; AI gateways do not use it).
    #[schemars(schema_with = "schema::phase")]
    pub on_tcp_connect: Option<Phase>,
    /// Rules run when a request's headers arrive.
    #[schemars(schema_with = "schema::phase")]
    pub on_http_request: Option<Phase>,
    /// Rules run on the response, before it reaches the client.
    #[schemars(schema_with = "schema::phase")]
    pub on_http_response: Option<Phase>,
    /// Rules run on every Server-Sent-Events message of a streamed response.
    #[schemars(schema_with = "schema::phase")]
    pub on_event_stream_message: Option<Phase>,
}

impl Policy {
    /// The phases present, in execution order.
    pub fn phases(&self) -> impl Iterator<Item = &Phase> {
        [
            &self.on_tcp_connect,
            &self.on_http_request,
            &self.on_http_response,
            &self.on_event_stream_message,
        ]
        .into_iter()
        .flatten()
    }
}

/// The four phases of a request's life.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum PhaseKind {
    /// `on_tcp_connect`
    TcpConnect,
    /// `on_http_request`
    HttpRequest,
    /// `on_http_response`
    HttpResponse,
    /// `on_event_stream_message`
    EventStreamMessage,
}

impl PhaseKind {
    /// Every phase, in execution order.
    pub const ALL: [PhaseKind; 4] = [
        PhaseKind::TcpConnect,
        PhaseKind::HttpRequest,
        PhaseKind::HttpResponse,
        PhaseKind::EventStreamMessage,
    ];

    /// The key of the phase in a policy file.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::TcpConnect => "on_tcp_connect",
            PhaseKind::HttpRequest => "on_http_request",
            PhaseKind::HttpResponse => "on_http_response",
            PhaseKind::EventStreamMessage => "on_event_stream_message",
        }
    }

    /// The phase with key `key`.
    pub fn from_key(key: &str) -> Option<PhaseKind> {
        PhaseKind::ALL.into_iter().find(|phase| phase.as_str() == key)
    }
}

/// One phase: its rules in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    /// Which phase.
    pub kind: PhaseKind,
    /// The span of the phase key.
    pub key_span: TextRange,
    /// The rules, bare actions already wrapped into rules.
    pub rules: Vec<Rule>,
}

/// A rule: when all expressions are true, run the actions in order.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Rule {
    /// The span of the list item.
    #[schemars(skip)]
    pub span: TextRange,
    /// Whether the item was a bare action wrapped into a rule.
    #[schemars(skip)]
    pub bare: bool,
    /// A label for logs and traces.
    pub name: Option<Spanned<String>>,
    /// CEL expressions of type `bool`, all of which must be true for the actions to run.
    /// Absent or empty means always.
    #[serde(default)]
    pub expressions: Vec<CelSource>,
    /// The actions, run in order.
    #[schemars(length(min = 1))]
    pub actions: Vec<Action>,
}

/// An action: a `type` and its `config`.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// The span of the list item.
    pub span: TextRange,
    /// The `type` value as written.
    pub kind: Spanned<String>,
    /// The typed configuration.
    pub config: ActionConfig,
}

/// The configuration of an action, by type.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(tag = "type", content = "config", rename_all = "kebab-case")]
pub enum ActionConfig {
    /// Routes an LLM API request to providers, models and keys with failover.
    AiGateway(Box<AiGateway>),
    /// Answers with a fixed response.
    CustomResponse(CustomResponse),
    /// Rejects the request.
    Deny(Deny),
    /// Limits the request rate per bucket.
    RateLimit(RateLimit),
    /// Allows or rejects by client IP.
    RestrictIps(RestrictIps),
    /// Sets request variables.
    SetVars(SetVars),
    /// Emits a structured log event.
    Log(Log),
    /// Adds headers.
    AddHeaders(AddHeaders),
    /// Removes headers.
    RemoveHeaders(RemoveHeaders),
    /// Rewrites the request body.
    RequestBodyFindReplace(FindReplace),
    /// Rewrites the response body.
    ResponseBodyFindReplace(FindReplace),
    /// Rewrites Server-Sent-Events messages.
    SseFindReplace(SseFindReplace),
    /// Validates JSON Web Tokens.
    JwtValidation(JwtValidation),
    /// An action Switchyard recognises but does not check (`basic-auth`, `oauth`, ...).
    #[schemars(skip)]
    Unchecked,
    /// An action type Switchyard does not know.
    #[schemars(skip)]
    Unknown,
}
