//! The configuration of the actions other than `ai-gateway` (spec: actions.md).

use switchyard_diagnostics::Code;

use super::ai_gateway::{self, template_map};
use super::reader::{Ctx, Fields};
use super::values::Interpolation;
use crate::ast::{
    ActionConfig, AddHeaders, AllowList, AllowValue, CustomResponse, Deny, FindReplace, Jws,
    JwsIdentification, JwsKeys, JwsSources, JwtHttp, JwtToken, JwtValidation, Log, RateAlgorithm,
    RateLimit, RemoveHeaders, Replacement, RestrictIps, SetVars, Spanned, SseFindReplace,
    SseReplacement, StringMap,
};
use crate::duration::format_duration;
use crate::yaml::Node;

/// The configuration keys of a checked action type.
pub(crate) fn config_keys(name: &str) -> &'static [&'static str] {
    match name {
        "ai-gateway" => ai_gateway::KEYS,
        "custom-response" => &["status_code", "body", "headers"],
        "deny" => &["status_code"],
        "rate-limit" => &["name", "algorithm", "capacity", "rate", "bucket_key", "enforce"],
        "restrict-ips" => &["enforce", "allow", "deny", "ip_policies"],
        "set-vars" => &["vars"],
        "log" => &["metadata"],
        "add-headers" | "remove-headers" => &["headers"],
        "request-body-find-replace" | "response-body-find-replace" | "sse-find-replace" => {
            &["replacements"]
        }
        "jwt-validation" => &["issuer", "audience", "http", "jws"],
        _ => &[],
    }
}

/// Decodes the configuration of a checked action other than `ai-gateway`.
pub(crate) fn action_config(ctx: &mut Ctx<'_>, name: &str, mut fields: Fields<'_>) -> ActionConfig {
    let config = match name {
        "custom-response" => ActionConfig::CustomResponse(custom_response(ctx, &mut fields)),
        "deny" => ActionConfig::Deny(Deny { status_code: status_code(ctx, &mut fields) }),
        "rate-limit" => {
            rate_limit(ctx, &mut fields).map_or(ActionConfig::Unchecked, ActionConfig::RateLimit)
        }
        "restrict-ips" => ActionConfig::RestrictIps(restrict_ips(ctx, &mut fields)),
        "set-vars" => ActionConfig::SetVars(set_vars(ctx, &mut fields)),
        "log" => ActionConfig::Log(log(ctx, &mut fields)),
        "add-headers" => ActionConfig::AddHeaders(add_headers(ctx, &mut fields)),
        "remove-headers" => ActionConfig::RemoveHeaders(remove_headers(ctx, &mut fields)),
        "request-body-find-replace" => {
            ActionConfig::RequestBodyFindReplace(find_replace(ctx, &mut fields))
        }
        "response-body-find-replace" => {
            ActionConfig::ResponseBodyFindReplace(find_replace(ctx, &mut fields))
        }
        "sse-find-replace" => ActionConfig::SseFindReplace(sse_find_replace(ctx, &mut fields)),
        "jwt-validation" => jwt_validation(ctx, &mut fields)
            .map_or(ActionConfig::Unchecked, ActionConfig::JwtValidation),
        _ => ActionConfig::Unchecked,
    };
    fields.finish(ctx, config_keys(name), &[]);
    config
}

fn status_code(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> Option<Spanned<i64>> {
    fields.get("status_code").and_then(|n| ctx.at("status_code", |ctx| ctx.int(n, 100, 599)))
}

fn custom_response(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> CustomResponse {
    let status_code = status_code(ctx, fields);
    let body = fields.get("body").and_then(|n| ctx.at("body", |ctx| ctx.template(n)));
    let headers = bounded_headers(ctx, fields, 0);
    CustomResponse { status_code, body, headers }
}

/// `headers` with at most 10 entries (and at least `min`).
fn bounded_headers(
    ctx: &mut Ctx<'_>,
    fields: &mut Fields<'_>,
    min: usize,
) -> StringMap<crate::ast::Template> {
    let node = fields.get("headers");
    let headers = template_map(ctx, fields, "headers");
    if let Some(node) = node {
        let len = node.as_mapping().map_or(headers.len(), <[_]>::len);
        ctx.at("headers", |ctx| ctx.check_len(node, len, min, 10));
    } else if min > 0 {
        fields.required(ctx, "headers");
    }
    for (name, _) in headers.iter() {
        if name.node.eq_ignore_ascii_case("user-agent") && min > 0 {
            let message = "`user-agent` cannot be added or removed";
            ctx.report(
                Code::SY0009,
                name.span,
                message,
                "not allowed",
                Some("remove this header".to_owned()),
            );
        }
    }
    headers
}

fn rate_limit(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> Option<RateLimit> {
    let name = fields.required(ctx, "name").and_then(|n| {
        let name = ctx.at("name", |ctx| ctx.non_empty_string(n))?;
        if name.node.len() >= 1024 {
            ctx.at("name", |ctx| {
                let message = format!("`{}` must be shorter than 1024 characters", ctx.path());
                ctx.report(Code::SY0009, n.span, message, "too long", None);
            });
        }
        Some(name)
    });
    let algorithm = fields.required(ctx, "algorithm").and_then(|n| {
        ctx.at("algorithm", |ctx| ctx.enumeration(n, &["sliding_window"]))
            .map(|v| Spanned::new(v.span, RateAlgorithm::SlidingWindow))
    });
    let capacity = fields
        .required(ctx, "capacity")
        .and_then(|n| ctx.at("capacity", |ctx| ctx.int(n, 1, 2_000_000_000)));
    let rate = fields.required(ctx, "rate").and_then(|n| ctx.at("rate", |ctx| rate(ctx, n)));
    let bucket_key = fields.required(ctx, "bucket_key").and_then(|n| {
        ctx.at("bucket_key", |ctx| {
            let keys = ctx.list(n, super::reader::Ctx::cel)?;
            ctx.check_len(n, n.as_sequence().map_or(keys.len(), <[Node]>::len), 1, 10);
            Some(keys)
        })
    });
    let enforce = fields.get("enforce").and_then(|n| ctx.at("enforce", |ctx| ctx.bool(n)));
    Some(RateLimit {
        name: name?,
        algorithm: algorithm?,
        capacity: capacity?,
        rate: rate?,
        bucket_key: bucket_key?,
        enforce,
    })
}

/// A rate window: a duration of 60s to 24h in multiples of 10s, or the non-canonical `N/unit`.
fn rate(ctx: &mut Ctx<'_>, node: &Node) -> Option<Spanned<crate::ast::Duration>> {
    let text = node.as_str().unwrap_or_default();
    let duration = if let Some((count, unit)) = text.split_once('/') {
        let millis = match unit.trim() {
            "s" | "sec" | "second" => 1_000,
            "m" | "min" | "minute" => 60_000,
            "h" | "hour" => 3_600_000,
            "d" | "day" => 86_400_000,
            _ => {
                let message = format!("`{}` has an unknown unit: `{text}`", ctx.path());
                let help = "write a window such as `60s`, `1m` or `1h`".to_owned();
                ctx.report(Code::SY0011, node.span, message, "unknown unit", Some(help));
                return None;
            }
        };
        let window = format_duration(millis);
        let help = format!("write `rate: {window}` and set `capacity: {}`", count.trim());
        let message = format!("`{text}` is read as a window of {window}; the count is ignored");
        ctx.report(Code::PL0009, node.span, message, "non-canonical rate", Some(help));
        Spanned::new(node.span, crate::ast::Duration { millis })
    } else {
        ctx.duration(node)?
    };
    let millis = duration.node.millis;
    if !(60_000..=86_400_000).contains(&millis) || millis % 10_000 != 0 {
        let message = format!("`{}` must be between 60s and 24h in multiples of 10s", ctx.path());
        ctx.report(
            Code::SY0009,
            node.span,
            message,
            format!("{} is out of range", format_duration(millis)),
            None,
        );
        return None;
    }
    Some(duration)
}

fn restrict_ips(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> RestrictIps {
    let enforce = fields.get("enforce").and_then(|n| ctx.at("enforce", |ctx| ctx.bool(n)));
    let mut cidrs = |ctx: &mut Ctx<'_>, key: &'static str| {
        fields.get(key).and_then(|n| ctx.at(key, |ctx| ctx.list(n, cidr))).unwrap_or_default()
    };
    let allow = cidrs(ctx, "allow");
    let deny = cidrs(ctx, "deny");
    let ip_policies = fields
        .get("ip_policies")
        .and_then(|n| {
            ctx.at("ip_policies", |ctx| ctx.list(n, super::reader::Ctx::non_empty_string))
        })
        .unwrap_or_default();
    let present = ["allow", "deny", "ip_policies"]
        .iter()
        .any(|key| fields.entries.iter().any(|e| e.key.as_str() == Some(key)));
    if !present {
        let message =
            format!("`{}` needs at least one of `allow`, `deny` or `ip_policies`", ctx.path());
        let range = switchyard_diagnostics::TextRange::empty(fields.span.start);
        ctx.report(
            Code::SY0008,
            range,
            message,
            "no IP list",
            Some("add `allow:` or `deny:` with CIDR ranges".to_owned()),
        );
    }
    RestrictIps { enforce, allow, deny, ip_policies }
}

/// A CIDR range, or a template that yields one.
fn cidr(ctx: &mut Ctx<'_>, node: &Node) -> Option<crate::ast::Template> {
    let template = ctx.non_empty_template(node)?;
    if template.is_literal() && !is_cidr(template.raw.node.trim()) {
        let text = template.raw.node.trim();
        let help = if text.parse::<std::net::IpAddr>().is_ok() {
            format!("write a range: `{text}/{}`", if text.contains(':') { 128 } else { 32 })
        } else {
            "write a CIDR range such as `10.0.0.0/8` or `2001:db8::/32`".to_owned()
        };
        let message = format!("`{text}` is not a CIDR range");
        ctx.report(Code::SY0011, node.span, message, "not a CIDR range", Some(help));
    }
    Some(template)
}

fn is_cidr(text: &str) -> bool {
    let Some((address, prefix)) = text.split_once('/') else { return false };
    let Ok(prefix) = prefix.parse::<u8>() else { return false };
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => prefix <= 32,
        Ok(std::net::IpAddr::V6(_)) => prefix <= 128,
        Err(_) => false,
    }
}

fn set_vars(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> SetVars {
    let Some(node) = fields.required(ctx, "vars") else { return SetVars::default() };
    let vars = ctx.at("vars", |ctx| {
        ctx.list(node, |ctx, item| {
            let Some(entries) = item.as_mapping() else {
                ctx.type_mismatch(
                    item,
                    "a mapping with one variable",
                    Some("write `- name: value`".to_owned()),
                );
                return None;
            };
            if entries.len() != 1 {
                let message = format!(
                    "`{}` must set exactly one variable, found {}",
                    ctx.path(),
                    entries.len()
                );
                let help =
                    "write each variable as its own list item: `- a: 1` then `- b: 2`".to_owned();
                ctx.report(Code::SY0009, item.span, message, "one variable per item", Some(help));
            }
            let entry = entries.first()?;
            let name = ctx.map_key(&entry.key)?;
            let valid =
                name.node.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && name.node.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                let message = format!("`{}` is not a valid variable name", name.node);
                let help =
                    "variable names use letters, digits and `_`, and do not start with a digit"
                        .to_owned();
                ctx.report(Code::SY0011, name.span, message, "invalid name", Some(help));
            }
            let value = ctx
                .at(name.node.clone(), |ctx| ctx.template_value(&entry.value, Interpolation::Yes));
            Some((name, value))
        })
    });
    if node.as_sequence().is_some_and(<[Node]>::is_empty) {
        ctx.at("vars", |ctx| ctx.check_len(node, 0, 1, usize::MAX));
    }
    SetVars { vars: vars.unwrap_or_default() }
}

fn log(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> Log {
    let Some(node) = fields.required(ctx, "metadata") else { return Log::default() };
    let metadata = ctx.at("metadata", |ctx| {
        ctx.string_map(node, |ctx, value| Some(ctx.template_value(value, Interpolation::Yes)))
    });
    Log { metadata: StringMap(metadata.unwrap_or_default()) }
}

fn add_headers(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> AddHeaders {
    AddHeaders { headers: bounded_headers(ctx, fields, 1) }
}

fn remove_headers(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> RemoveHeaders {
    let Some(node) = fields.required(ctx, "headers") else { return RemoveHeaders::default() };
    let headers = ctx.at("headers", |ctx| {
        let headers = ctx.list(node, super::reader::Ctx::non_empty_string).unwrap_or_default();
        ctx.check_len(node, node.as_sequence().map_or(headers.len(), <[Node]>::len), 1, 10);
        for name in &headers {
            if name.node.eq_ignore_ascii_case("user-agent") {
                let message = "`user-agent` cannot be added or removed";
                ctx.report(
                    Code::SY0009,
                    name.span,
                    message,
                    "not allowed",
                    Some("remove this header".to_owned()),
                );
            }
        }
        headers
    });
    RemoveHeaders { headers }
}

fn replacements<T>(
    ctx: &mut Ctx<'_>,
    fields: &mut Fields<'_>,
    item: impl FnMut(&mut Ctx<'_>, &Node) -> Option<T>,
) -> Vec<T> {
    let Some(node) = fields.required(ctx, "replacements") else { return Vec::new() };
    ctx.at("replacements", |ctx| {
        let items = ctx.list(node, item).unwrap_or_default();
        ctx.check_len(node, node.as_sequence().map_or(items.len(), <[Node]>::len), 1, usize::MAX);
        items
    })
}

fn find_replace(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> FindReplace {
    let replacements = replacements(ctx, fields, |ctx, node| {
        let mut fields = ctx.fields(node)?;
        let from = fields.required(ctx, "from").and_then(|n| ctx.at("from", |ctx| ctx.template(n)));
        let to = fields.get("to").and_then(|n| ctx.at("to", |ctx| ctx.template(n)));
        fields.finish(ctx, &["from", "to"], &[("find", "from"), ("replace", "to")]);
        Some(Replacement { from: from?, to })
    });
    FindReplace { replacements }
}

fn sse_find_replace(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> SseFindReplace {
    let replacements = replacements(ctx, fields, |ctx, node| {
        let mut fields = ctx.fields(node)?;
        let field = fields.get("field").and_then(|n| {
            ctx.at("field", |ctx| {
                let template = ctx.template(n)?;
                if template.is_literal() {
                    ctx.enumeration(n, &["data", "retry"]);
                }
                Some(template)
            })
        });
        let from = fields.required(ctx, "from").and_then(|n| ctx.at("from", |ctx| ctx.template(n)));
        let to = fields.get("to").and_then(|n| ctx.at("to", |ctx| ctx.template(n)));
        fields.finish(ctx, &["field", "from", "to"], &[("find", "from"), ("replace", "to")]);
        Some(SseReplacement { field, from: from?, to })
    });
    SseFindReplace { replacements }
}

fn jwt_validation(ctx: &mut Ctx<'_>, fields: &mut Fields<'_>) -> Option<JwtValidation> {
    let issuer =
        fields.required(ctx, "issuer").and_then(|n| ctx.at("issuer", |ctx| allow_list(ctx, n)));
    let audience =
        fields.get("audience").and_then(|n| ctx.at("audience", |ctx| allow_list(ctx, n)));
    let http = fields.required(ctx, "http").and_then(|n| ctx.at("http", |ctx| jwt_http(ctx, n)));
    let jws = fields.required(ctx, "jws").and_then(|n| ctx.at("jws", |ctx| jws(ctx, n)));
    Some(JwtValidation { issuer: issuer?, audience, http: http?, jws: jws? })
}

fn allow_list(ctx: &mut Ctx<'_>, node: &Node) -> Option<AllowList> {
    let mut fields = ctx.fields(node)?;
    let list = fields.required(ctx, "allow_list").and_then(|n| {
        ctx.at("allow_list", |ctx| {
            let values = ctx.list(n, |ctx, item| {
                let mut fields = ctx.fields(item)?;
                let value = fields
                    .required(ctx, "value")
                    .and_then(|v| ctx.at("value", |ctx| ctx.non_empty_string(v)));
                fields.finish(ctx, &["value"], &[]);
                Some(AllowValue { value: value? })
            })?;
            ctx.check_len(n, n.as_sequence().map_or(values.len(), <[Node]>::len), 1, usize::MAX);
            Some(values)
        })
    });
    fields.finish(ctx, &["allow_list"], &[]);
    Some(AllowList { allow_list: list? })
}

fn jwt_http(ctx: &mut Ctx<'_>, node: &Node) -> Option<JwtHttp> {
    let mut fields = ctx.fields(node)?;
    let tokens = fields.required(ctx, "tokens").and_then(|n| {
        ctx.at("tokens", |ctx| {
            let tokens = ctx.list(n, jwt_token)?;
            ctx.check_len(n, n.as_sequence().map_or(tokens.len(), <[Node]>::len), 1, usize::MAX);
            Some(tokens)
        })
    });
    fields.finish(ctx, &["tokens"], &[]);
    Some(JwtHttp { tokens: tokens? })
}

fn jwt_token(ctx: &mut Ctx<'_>, node: &Node) -> Option<JwtToken> {
    let mut fields = ctx.fields(node)?;
    let kinds = ["jwt", "id_token", "access_token", "at+jwt", "it+jwt", "plain"];
    let kind =
        fields.required(ctx, "type").and_then(|n| ctx.at("type", |ctx| ctx.enumeration(n, &kinds)));
    let method = fields
        .required(ctx, "method")
        .and_then(|n| ctx.at("method", |ctx| ctx.enumeration(n, &["header", "body"])));
    let name =
        fields.required(ctx, "name").and_then(|n| ctx.at("name", |ctx| ctx.non_empty_string(n)));
    let prefix = fields.get("prefix").and_then(|n| ctx.at("prefix", |ctx| ctx.string(n)));
    fields.finish(ctx, &["type", "method", "name", "prefix"], &[]);
    let owned = |value: Spanned<&str>| Spanned::new(value.span, value.node.to_owned());
    Some(JwtToken { kind: owned(kind?), method: owned(method?), name: name?, prefix })
}

fn jws(ctx: &mut Ctx<'_>, node: &Node) -> Option<Jws> {
    let mut fields = ctx.fields(node)?;
    let allowed_algorithms = fields.required(ctx, "allowed_algorithms").and_then(|n| {
        ctx.at("allowed_algorithms", |ctx| {
            let algorithms = ctx.list(n, super::reader::Ctx::non_empty_string)?;
            ctx.check_len(
                n,
                n.as_sequence().map_or(algorithms.len(), <[Node]>::len),
                1,
                usize::MAX,
            );
            for algorithm in &algorithms {
                if algorithm.node.eq_ignore_ascii_case("none") {
                    let help = "use a signing algorithm such as `RS256` or `ES256`".to_owned();
                    ctx.report(
                        Code::SY0010,
                        algorithm.span,
                        "the `none` algorithm is forbidden",
                        "unsigned tokens",
                        Some(help),
                    );
                }
            }
            Some(algorithms)
        })
    });
    let keys = fields.required(ctx, "keys").and_then(|n| ctx.at("keys", |ctx| jws_keys(ctx, n)));
    fields.finish(ctx, &["allowed_algorithms", "keys"], &[]);
    Some(Jws { allowed_algorithms: allowed_algorithms?, keys: keys? })
}

/// `jws.keys`: a mapping, or a list of exactly one mapping.
fn jws_keys(ctx: &mut Ctx<'_>, node: &Node) -> Option<JwsKeys> {
    let node = match node.as_sequence() {
        Some([only]) => only,
        Some(items) => {
            let message = format!(
                "`{}` must be a mapping or a list of one mapping, found {} items",
                ctx.path(),
                items.len()
            );
            ctx.report(Code::SY0009, node.span, message, "one entry expected", None);
            items.first()?
        }
        None => node,
    };
    let mut fields = ctx.fields(node)?;
    let sources = fields.required(ctx, "sources").and_then(|n| {
        ctx.at("sources", |ctx| {
            let mut fields = ctx.fields(n)?;
            let jkus = fields.required(ctx, "additional_jkus").and_then(|n| {
                ctx.at("additional_jkus", |ctx| ctx.list(n, |ctx, item| ai_gateway::url(ctx, item)))
            });
            fields.finish(ctx, &["additional_jkus"], &[]);
            Some(JwsSources { additional_jkus: jkus? })
        })
    });
    let identification = fields
        .get("identification")
        .and_then(|n| {
            ctx.at("identification", |ctx| {
                ctx.list(n, |ctx, item| {
                    let mut fields = ctx.fields(item)?;
                    let claims = fields.get("token_claims").and_then(|n| {
                        ctx.at("token_claims", |ctx| {
                            ctx.list(n, |ctx, claim| ctx.enumeration(claim, &["kid"]))
                        })
                    });
                    fields.finish(ctx, &["token_claims"], &[]);
                    let token_claims = claims
                        .unwrap_or_default()
                        .into_iter()
                        .map(|c| Spanned::new(c.span, c.node.to_owned()))
                        .collect();
                    Some(JwsIdentification { token_claims })
                })
            })
        })
        .unwrap_or_default();
    fields.finish(ctx, &["sources", "identification"], &[]);
    Some(JwsKeys { sources: sources?, identification })
}
