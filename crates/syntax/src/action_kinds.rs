//! The table of action types: which phases each runs in and whether Switchyard checks its
//! configuration (spec: actions.md §1).

use crate::ast::PhaseKind::{self, EventStreamMessage, HttpRequest, HttpResponse, TcpConnect};

/// What Switchyard knows of an action type.
#[derive(Clone, Copy, Debug)]
pub struct ActionKind {
    /// The `type` value.
    pub name: &'static str,
    /// The phases the action may run in.
    pub phases: &'static [PhaseKind],
    /// Whether the configuration is checked field by field (otherwise accepted as any mapping).
    pub checked: bool,
    /// Whether the action always ends the phase when it runs.
    pub terminating: bool,
}

const ALL_PHASES: &[PhaseKind] = &[TcpConnect, HttpRequest, HttpResponse, EventStreamMessage];
const HTTP_PHASES: &[PhaseKind] = &[HttpRequest, HttpResponse];

const fn checked(
    name: &'static str,
    phases: &'static [PhaseKind],
    terminating: bool,
) -> ActionKind {
    ActionKind { name, phases, checked: true, terminating }
}

const fn unchecked(name: &'static str, terminating: bool) -> ActionKind {
    ActionKind { name, phases: ALL_PHASES, checked: false, terminating }
}

/// Every action type Switchyard recognises.
pub const ACTION_KINDS: &[ActionKind] = &[
    checked("ai-gateway", &[HttpRequest], false),
    checked("custom-response", HTTP_PHASES, true),
    checked("deny", &[TcpConnect, HttpRequest], true),
    checked("rate-limit", &[HttpRequest], false),
    checked("restrict-ips", &[TcpConnect, HttpRequest, HttpResponse], false),
    checked("set-vars", &[TcpConnect, HttpRequest, HttpResponse], false),
    checked("log", &[TcpConnect, HttpRequest, HttpResponse], false),
    checked("add-headers", HTTP_PHASES, false),
    checked("remove-headers", HTTP_PHASES, false),
    checked("request-body-find-replace", &[HttpRequest], false),
    checked("response-body-find-replace", &[HttpResponse], false),
    checked("sse-find-replace", &[EventStreamMessage], false),
    checked("jwt-validation", &[HttpRequest], false),
    unchecked("basic-auth", false),
    unchecked("oauth", false),
    unchecked("oidc", false),
    unchecked("saml", false),
    unchecked("verify-webhook", false),
    unchecked("url-rewrite", false),
    unchecked("redirect", true),
    unchecked("forward-internal", true),
    unchecked("http-request", false),
    unchecked("compress-response", false),
    unchecked("circuit-breaker", false),
    unchecked("close-connection", true),
    unchecked("owasp-crs-request", false),
    unchecked("owasp-crs-response", false),
    unchecked("terminate-tls", false),
];

/// The action type named `name`.
pub fn action_kind(name: &str) -> Option<&'static ActionKind> {
    ACTION_KINDS.iter().find(|kind| kind.name == name)
}
