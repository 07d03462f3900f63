//! Decoding of the YAML node tree into the typed policy AST: document shapes, wrappers, and
//! every field's type, range and format.

mod actions;
mod ai_gateway;
mod policy;
mod reader;
mod values;

use switchyard_diagnostics::{Code, Diagnostic, FileId};

use crate::ast::PolicyDocument;
use crate::yaml::{self, Node};
use reader::Ctx;

/// Parses a policy file: every YAML document, wrappers unwrapped, each policy decoded.
///
/// Never fails: returns every policy it could read and every problem it found.
pub fn parse_policy_file(text: &str, file: FileId) -> (Vec<PolicyDocument>, Vec<Diagnostic>) {
    let (documents, mut diagnostics) = yaml::parse_stream(text, file);
    let mut policies = Vec::new();
    let multi = documents.len() > 1;
    for (index, document) in documents.iter().enumerate() {
        // A document cut short by a YAML error (already reported) is not decoded: what was read
        // of it would only produce misleading follow-up errors.
        let Some(root) = document.root.as_ref().filter(|_| !document.truncated) else { continue };
        let location = if multi { format!("document[{index}]") } else { String::new() };
        let mut ctx = Ctx::new(file, &mut diagnostics);
        unwrap_document(&mut ctx, root, &location, &mut policies);
    }
    (policies, diagnostics)
}

/// Finds the policies in a document: the document itself or the policies inside a wrapper.
fn unwrap_document(ctx: &mut Ctx<'_>, root: &Node, location: &str, out: &mut Vec<PolicyDocument>) {
    let join = |child: &str| {
        if location.is_empty() { child.to_owned() } else { format!("{location}.{child}") }
    };
    if root.is_null() {
        return;
    }
    let Some(entries) = root.as_mapping() else {
        let help = if root.as_sequence().is_some() {
            "put the rules under a phase key, such as `on_http_request:`"
        } else {
            "a policy is a mapping of phases, such as `on_http_request:`"
        };
        let label =
            format!("this is {}, not a mapping of phases", reader::article(root.kind_name()));
        ctx.report(
            Code::SY0002,
            reader::head_range(root),
            "this document is not a traffic policy",
            label,
            Some(help.to_owned()),
        );
        return;
    };
    let keys: Vec<&str> = entries.iter().filter_map(|entry| entry.key.as_str()).collect();
    if keys.iter().any(|key| policy::is_phase_key(key) || policy::looks_like_phase(key)) {
        out.push(PolicyDocument {
            location: location.to_owned(),
            policy: policy::policy(ctx, root),
        });
        return;
    }
    if let Some(endpoints) = root.get("endpoints") {
        let Some(items) = endpoints.as_sequence() else {
            ctx.type_mismatch(endpoints, "a list of endpoints", None);
            return;
        };
        for (index, endpoint) in items.iter().enumerate() {
            if let Some(policy) = endpoint.get("traffic_policy") {
                embedded(ctx, policy, &join(&format!("endpoints[{index}].traffic_policy")), out);
            }
        }
        return;
    }
    if let Some(tunnels) = root.get("tunnels").and_then(Node::as_mapping) {
        for tunnel in tunnels {
            if let Some(policy) = tunnel.value.get("traffic_policy") {
                let name = tunnel.key.as_scalar().map_or("?", |scalar| scalar.value.as_str());
                embedded(ctx, policy, &join(&format!("tunnels.{name}.traffic_policy")), out);
            }
        }
        return;
    }
    if let Some(kind) = root.get("kind").and_then(Node::as_str) {
        kubernetes(ctx, root, kind, &join("spec"), out);
        return;
    }
    if let Some(policy) = root.get("traffic_policy") {
        embedded(ctx, policy, &join("traffic_policy"), out);
        return;
    }
    let help = "a policy has at least one phase key: `on_http_request`, `on_http_response`, \
                `on_event_stream_message` or `on_tcp_connect`";
    ctx.report(
        Code::SY0002,
        reader::head_range(root),
        "this document is not a traffic policy",
        "no phase key",
        Some(help.to_owned()),
    );
}

fn kubernetes(
    ctx: &mut Ctx<'_>,
    root: &Node,
    kind: &str,
    location: &str,
    out: &mut Vec<PolicyDocument>,
) {
    let spec = root.get("spec");
    match kind {
        "NgrokTrafficPolicy" => {
            if let Some(policy) = spec.and_then(|spec| spec.get("policy")) {
                embedded(ctx, policy, &format!("{location}.policy"), out);
            }
        }
        "CloudEndpoint" | "AgentEndpoint" => {
            let Some(policy) = spec.and_then(|spec| spec.get("trafficPolicy")) else { return };
            if let Some(reference) = policy.get("targetRef") {
                let message =
                    "the traffic policy is a reference to another resource and is not checked here";
                let help = "check the referenced `NgrokTrafficPolicy` file as well".to_owned();
                ctx.report(Code::SY0017, reference.span, message, "external policy", Some(help));
            } else if let Some(inner) = policy.get("policy") {
                embedded(ctx, inner, &format!("{location}.trafficPolicy.policy"), out);
            } else {
                embedded(ctx, policy, &format!("{location}.trafficPolicy"), out);
            }
        }
        _ => {
            let message = format!("`kind: {kind}` is not a resource that holds a traffic policy");
            let help = "Switchyard reads `CloudEndpoint`, `AgentEndpoint` and `NgrokTrafficPolicy`"
                .to_owned();
            let range = root.get("kind").map_or(root.span, |kind| kind.span);
            ctx.report(Code::SY0002, range, message, "unknown kind", Some(help));
        }
    }
}

/// A policy embedded in a wrapper: a mapping, or a string holding YAML or JSON.
fn embedded(ctx: &mut Ctx<'_>, node: &Node, location: &str, out: &mut Vec<PolicyDocument>) {
    if let Some(scalar) = node.as_scalar().filter(|_| node.as_str().is_some()) {
        let (documents, diagnostics) = yaml::parse_embedded(scalar, ctx.file);
        ctx.diagnostics.extend(diagnostics);
        for document in documents {
            if let Some(root) = &document.root {
                embedded_mapping(ctx, root, location, out);
            }
        }
        return;
    }
    embedded_mapping(ctx, node, location, out);
}

fn embedded_mapping(ctx: &mut Ctx<'_>, node: &Node, location: &str, out: &mut Vec<PolicyDocument>) {
    if node.is_null() {
        return;
    }
    if node.as_mapping().is_none() {
        ctx.at(location.to_owned(), |ctx| {
            ctx.type_mismatch(node, "a traffic policy mapping", None);
        });
        return;
    }
    out.push(PolicyDocument { location: location.to_owned(), policy: policy::policy(ctx, node) });
}
