//! Actions other than `ai-gateway`.

use switchyard_plan::{
    ActionKind, BodyReplacement, CustomResponse, RateLimit, RestrictIps, SseReplacement, Template,
    TemplatePart,
};
use switchyard_syntax::ast::{self, ActionConfig};

use super::Compiler;

impl Compiler<'_> {
    pub(crate) fn action(&mut self, action: &ast::Action, path: &str) -> ActionKind {
        let config = format!("{path}.config");
        match &action.config {
            ActionConfig::AiGateway(gateway) => {
                ActionKind::AiGateway(Box::new(self.gateway(gateway, &config)))
            }
            ActionConfig::CustomResponse(response) => ActionKind::CustomResponse(CustomResponse {
                status_code: response.status_code.as_ref().map_or(200, |code| status(code.node)),
                body: response.body.as_ref().map_or_else(Template::default, |body| {
                    self.template(body, &format!("{config}.body"))
                }),
                headers: self.templates(&response.headers, &format!("{config}.headers"), true),
            }),
            ActionConfig::Deny(deny) => ActionKind::Deny {
                status_code: deny.status_code.as_ref().map_or(403, |code| status(code.node)),
            },
            ActionConfig::RateLimit(limit) => ActionKind::RateLimit(RateLimit {
                name: limit.name.node.clone(),
                capacity: u64::try_from(limit.capacity.node).unwrap_or(1),
                window_ms: limit.rate.node.millis,
                bucket_key: limit
                    .bucket_key
                    .iter()
                    .enumerate()
                    .map(|(index, key)| {
                        self.expression(key, &format!("{config}.bucket_key[{index}]"))
                    })
                    .collect(),
                enforce: limit.enforce.as_ref().is_none_or(|enforce| enforce.node),
            }),
            ActionConfig::RestrictIps(restrict) => ActionKind::RestrictIps(RestrictIps {
                enforce: restrict.enforce.as_ref().is_none_or(|enforce| enforce.node),
                allow: restrict
                    .allow
                    .iter()
                    .map(|cidr| self.template(cidr, &format!("{config}.allow")))
                    .collect(),
                deny: restrict
                    .deny
                    .iter()
                    .map(|cidr| self.template(cidr, &format!("{config}.deny")))
                    .collect(),
            }),
            ActionConfig::SetVars(set) => ActionKind::SetVars {
                vars: set
                    .vars
                    .iter()
                    .map(|(name, value)| {
                        (
                            name.node.clone(),
                            self.value(&value.node, &format!("{config}.vars.{}", name.node)),
                        )
                    })
                    .collect(),
            },
            ActionConfig::Log(log) => ActionKind::Log {
                metadata: log
                    .metadata
                    .iter()
                    .map(|(key, value)| {
                        (
                            key.node.clone(),
                            self.value(&value.node, &format!("{config}.metadata.{}", key.node)),
                        )
                    })
                    .collect(),
            },
            ActionConfig::AddHeaders(add) => ActionKind::AddHeaders {
                headers: self.templates(&add.headers, &format!("{config}.headers"), true),
            },
            ActionConfig::RemoveHeaders(remove) => ActionKind::RemoveHeaders {
                headers: remove.headers.iter().map(|name| name.node.to_ascii_lowercase()).collect(),
            },
            ActionConfig::RequestBodyFindReplace(rewrite) => ActionKind::RequestBodyFindReplace {
                replacements: self.replacements(rewrite, &config),
            },
            ActionConfig::ResponseBodyFindReplace(rewrite) => ActionKind::ResponseBodyFindReplace {
                replacements: self.replacements(rewrite, &config),
            },
            ActionConfig::SseFindReplace(rewrite) => ActionKind::SseFindReplace {
                replacements: rewrite
                    .replacements
                    .iter()
                    .enumerate()
                    .map(|(index, replacement)| {
                        let path = format!("{config}.replacements[{index}]");
                        SseReplacement {
                            field: replacement.field.as_ref().map_or_else(
                                || text("data"),
                                |field| self.template(field, &format!("{path}.field")),
                            ),
                            from: self.template(&replacement.from, &format!("{path}.from")),
                            to: replacement.to.as_ref().map_or_else(Template::default, |to| {
                                self.template(to, &format!("{path}.to"))
                            }),
                        }
                    })
                    .collect(),
            },
            ActionConfig::JwtValidation(_) | ActionConfig::Unchecked | ActionConfig::Unknown => {
                ActionKind::Unsupported { action: action.kind.node.clone() }
            }
        }
    }

    fn replacements(&mut self, rewrite: &ast::FindReplace, config: &str) -> Vec<BodyReplacement> {
        rewrite
            .replacements
            .iter()
            .enumerate()
            .map(|(index, replacement)| {
                let path = format!("{config}.replacements[{index}]");
                BodyReplacement {
                    from: self.template(&replacement.from, &format!("{path}.from")),
                    to: replacement.to.as_ref().map_or_else(Template::default, |to| {
                        self.template(to, &format!("{path}.to"))
                    }),
                }
            })
            .collect()
    }
}

/// A checked status code (100 to 599).
fn status(code: i64) -> u16 {
    u16::try_from(code).unwrap_or(500)
}

fn text(value: &str) -> Template {
    Template { parts: vec![TemplatePart::Text(value.to_owned())] }
}
