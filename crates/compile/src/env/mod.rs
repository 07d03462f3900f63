//! The CEL environments of a policy (spec: cel.md): which variables, object types and functions
//! an expression may use, by the place it appears in and the phase of its rule.

mod functions;
mod objects;
mod types;

use std::sync::LazyLock;

use switchyard_cel::Env;
use switchyard_cel::env::{ObjectType, Overload};
use switchyard_syntax::ast::PhaseKind;

use crate::places::PlaceKind;
use functions::FunctionDecl;
use types::parse_type;

/// The places an expression may have, each with its environment (spec: cel.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvKind {
    /// Rule expressions and templates in `on_tcp_connect`.
    TcpConnect,
    /// Rule expressions and templates in `on_http_request`.
    Request,
    /// Rule expressions and templates in `on_http_response` and `on_event_stream_message`.
    Response,
    /// `model_selection` strategies.
    ModelStrategy,
    /// `api_key_selection` strategies.
    KeyStrategy,
}

/// The environment of `kind`: the policy's variables, object types and functions on top of
/// CEL's standard library. Built once per process.
pub fn policy_env(kind: EnvKind) -> &'static Env {
    static ENVS: LazyLock<Envs> = LazyLock::new(Envs::build);
    let envs = &*ENVS;
    match kind {
        EnvKind::TcpConnect => &envs.tcp_connect,
        EnvKind::Request => &envs.request,
        EnvKind::Response => &envs.response,
        EnvKind::ModelStrategy => &envs.model,
        EnvKind::KeyStrategy => &envs.key,
    }
}

/// The environment of an expression at `kind` in a rule of `phase`.
pub(crate) fn env_for(kind: PlaceKind, phase: PhaseKind) -> &'static Env {
    policy_env(match kind {
        PlaceKind::ModelStrategy => EnvKind::ModelStrategy,
        PlaceKind::KeyStrategy => EnvKind::KeyStrategy,
        PlaceKind::Condition | PlaceKind::Interpolation | PlaceKind::BucketKey => match phase {
            PhaseKind::TcpConnect => EnvKind::TcpConnect,
            PhaseKind::HttpRequest => EnvKind::Request,
            PhaseKind::HttpResponse | PhaseKind::EventStreamMessage => EnvKind::Response,
        },
    })
}

/// Why a variable that exists in some environment is not in this one, if it is such a variable.
pub(crate) fn unavailable_reason(name: &str, kind: PlaceKind, phase: PhaseKind) -> Option<String> {
    let root = name.split('.').next().unwrap_or(name);
    let in_rule = !matches!(kind, PlaceKind::ModelStrategy | PlaceKind::KeyStrategy);
    match root {
        "ai" if in_rule => Some(format!(
            "`{name}` exists only in the strategies of an `ai-gateway`: `ai.models` in `model_selection`, \
             `ai.keys` in `api_key_selection`"
        )),
        "ai" if kind == PlaceKind::ModelStrategy && name.starts_with("ai.key") => Some(format!(
            "`{name}` exists only in `api_key_selection` strategies; model strategies see `ai.models`"
        )),
        "ai" if kind == PlaceKind::KeyStrategy
            && (name.starts_with("ai.models") || name.starts_with("ai.providers")) =>
        {
            Some(format!(
                "`{name}` exists only in `model_selection` strategies; key strategies see `ai.keys` and `ai.model`"
            ))
        }
        "res" if in_rule && matches!(phase, PhaseKind::HttpRequest | PhaseKind::TcpConnect) => {
            Some(format!(
                "`res` is not available in `{}`: there is no response yet; use it in `on_http_response`",
                phase.as_str()
            ))
        }
        "res" if !in_rule => {
            Some("`res` is not available in strategies: they run before the response".to_owned())
        }
        "req" | "actions" if phase == PhaseKind::TcpConnect && in_rule => Some(format!(
            "`{root}` is not available in `on_tcp_connect`: no HTTP request has been read"
        )),
        _ => None,
    }
}

struct Envs {
    tcp_connect: Env,
    request: Env,
    response: Env,
    model: Env,
    key: Env,
}

impl Envs {
    fn build() -> Envs {
        let mut base = Env::standard();
        for object in objects::OBJECTS {
            let mut declared = ObjectType::new(object.name);
            for (field, ty) in object.fields {
                declared = declared.field(field, parse_type(ty));
            }
            if object.string_like {
                declared = declared.string_like();
            }
            base.declare_object(declared);
        }
        for (name, ty) in [
            ("conn", "Connection"),
            ("endpoint", "Endpoint"),
            ("time", "Time"),
            ("vars", "map(string, dyn)"),
        ] {
            base.declare_variable(name, parse_type(ty));
        }
        declare_functions(&mut base, functions::COMMON);
        let tcp_connect = base.clone();
        let mut request = base;
        request.declare_variable("req", parse_type("Request"));
        request.declare_variable("actions", parse_type("Actions"));
        declare_functions(&mut request, functions::REQUEST);
        let mut response = request.clone();
        response.declare_variable("res", parse_type("Response"));
        declare_functions(&mut response, functions::RESPONSE);
        let mut model = request.clone();
        model.declare_variable("ai.models", parse_type("list(AIModel)"));
        model.declare_variable("ai.providers", parse_type("list(AIProvider)"));
        model.declare_variable("ai.authors", parse_type("list(AIAuthor)"));
        declare_functions(&mut model, functions::MODEL);
        let mut key = request.clone();
        key.declare_variable("ai.keys", parse_type("list(AIKey)"));
        key.declare_variable("ai.model", parse_type("AIModel"));
        declare_functions(&mut key, functions::KEY);
        Envs { tcp_connect, request, response, model, key }
    }
}

fn declare_functions(env: &mut Env, decls: &[FunctionDecl]) {
    for decl in decls {
        let params: Vec<_> = decl.params.iter().map(|ty| parse_type(ty)).collect();
        let result = parse_type(decl.result);
        let overload = if decl.member {
            Overload::member(decl.id, &params, result)
        } else {
            Overload::global(decl.id, &params, result)
        };
        env.declare_function(decl.name, [overload]);
    }
}
