//! Provider lints: `duplicate-id`, `alias-shadows-provider`, `cleartext-key`, and the
//! `base_url` that custom providers require.

use std::collections::HashMap;
use std::net::IpAddr;

use switchyard_diagnostics::{Code, Diagnostic, TextRange};
use switchyard_syntax::ast::{AiGateway, Provider, Spanned};

use super::Sink;
use crate::catalog::builtin_provider;

pub(crate) fn check(gateway: &AiGateway, sink: &mut Sink<'_>) {
    let mut ids: HashMap<String, TextRange> = HashMap::new();
    for provider in &gateway.providers {
        let key = provider.id.node.to_ascii_lowercase();
        if let Some(first) = ids.get(&key) {
            duplicate(sink, "provider", &provider.id, *first);
        } else {
            ids.insert(key, provider.id.span);
        }
        if provider.base_url.is_none() && builtin_provider(&provider.id.node).is_none() {
            let message = format!("custom provider `{}` needs a `base_url`", provider.id.node);
            let help =
                "add `base_url:` with the provider's URL, or use a built-in id such as `openai`";
            let diagnostic = Diagnostic::new(Code::SY0008, message)
                .with_primary(sink.span(provider.id.span), "not a built-in provider")
                .with_help(help);
            sink.push(diagnostic);
        }
        models(provider, sink);
        cleartext(provider, sink);
    }
    aliases(gateway, sink);
}

fn duplicate(sink: &mut Sink<'_>, what: &str, again: &Spanned<String>, first: TextRange) {
    let message = format!("duplicate {what} id `{}`", again.node);
    let diagnostic = Diagnostic::new(Code::PL0008, message)
        .with_primary(sink.span(again.span), "defined again here")
        .with_secondary(sink.span(first), "first defined here")
        .with_help(format!("ids are case-insensitive; merge the two {what}s or rename one"));
    sink.push(diagnostic);
}

/// Model ids and aliases are unique within their provider.
fn models(provider: &Provider, sink: &mut Sink<'_>) {
    let mut names: HashMap<String, TextRange> = HashMap::new();
    for model in &provider.models {
        for name in std::iter::once(&model.id).chain(&model.id_aliases) {
            let key = name.node.to_ascii_lowercase();
            if let Some(first) = names.get(&key) {
                duplicate(sink, "model", name, *first);
            } else {
                names.insert(key, name.span);
            }
        }
    }
}

/// An alias equal to another provider's id or alias, configured or built-in.
fn aliases(gateway: &AiGateway, sink: &mut Sink<'_>) {
    for (index, provider) in gateway.providers.iter().enumerate() {
        let mut own = std::collections::HashSet::new();
        for alias in &provider.id_aliases {
            if !own.insert(alias.node.to_ascii_lowercase()) {
                let message =
                    format!("duplicate alias `{}` in provider `{}`", alias.node, provider.id.node);
                let diagnostic = Diagnostic::new(Code::PL0008, message)
                    .with_primary(sink.span(alias.span), "listed twice")
                    .with_help("remove one of them");
                sink.push(diagnostic);
                continue;
            }
            let other = gateway.providers.iter().enumerate().find(|(other_index, other)| {
                *other_index != index
                    && (other.id.node.eq_ignore_ascii_case(&alias.node)
                        || other
                            .id_aliases
                            .iter()
                            .any(|a| a.node.eq_ignore_ascii_case(&alias.node)))
            });
            let shadowed = match other {
                Some((_, other)) => Some(format!("provider `{}`", other.id.node)),
                None => builtin_provider(&alias.node)
                    .filter(|builtin| !builtin.id.eq_ignore_ascii_case(&provider.id.node))
                    .map(|builtin| format!("built-in provider `{}`", builtin.id)),
            };
            if let Some(shadowed) = shadowed {
                let message = format!(
                    "alias `{}` of provider `{}` is also a name of {shadowed}",
                    alias.node, provider.id.node
                );
                let help = format!(
                    "`{}:<model>` will resolve to every provider with that name, in `providers` order; choose another alias unless this is intended",
                    alias.node
                );
                let diagnostic = Diagnostic::new(Code::PL0007, message)
                    .with_primary(sink.span(alias.span), "shadows another provider")
                    .with_help(help);
                sink.push(diagnostic);
            }
        }
    }
}

/// `api_keys` sent over `http` to a host that is not local.
fn cleartext(provider: &Provider, sink: &mut Sink<'_>) {
    let Some(url) = &provider.base_url else { return };
    let Some(rest) = url.node.strip_prefix("http://") else { return };
    if provider.api_keys.is_empty() {
        return;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host_of(authority);
    if is_local_host(host) {
        return;
    }
    let message = format!("API keys of `{}` are sent in clear text to `{host}`", provider.id.node);
    let diagnostic = Diagnostic::new(Code::PL0005, message)
        .with_primary(sink.span(url.span), "plain `http` to a non-local host")
        .with_help(
            "use `https://`, or reach the host through a private address or a `.internal` name",
        );
    sink.push(diagnostic);
}

fn host_of(authority: &str) -> &str {
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default();
    }
    authority.split(':').next().unwrap_or_default()
}

// `host` is lower-cased; these are host names, not file extensions.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn is_local_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".internal")
        || host.ends_with(".local")
    {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback() || ip.is_private() || ip.is_link_local(),
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback()
                || (ip.segments()[0] & 0xfe00) == 0xfc00
                || (ip.segments()[0] & 0xffc0) == 0xfe80
        }
        Err(_) => !host.contains('.'),
    }
}
