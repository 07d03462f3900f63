//! The request flow up to the attempts: surface, body, client list, universe, token check and
//! model selection (spec/ai-gateway.md §5.2–§5.5), and the local `/v1/models` answer.

use serde_json::{Map, Value as Json, json};
use switchyard_plan::Gateway;

use super::attempt::RequestBase;
use super::errors::{ErrorCode, GatewayError};
use super::select::ModelStrategyInput;
use super::surface::{self, RequestSurface};
use super::trace::{CandidateStage, ClientTrace, GatewayTrace};
use super::universe::{self, Candidate};
use super::{
    ClientRequest, Env, LocalResponse, MAX_BODY_BYTES, failover, model_ref, select, tokens,
};
use crate::clock::Clock;
use crate::transport::{Transport, UpstreamResponse};

pub(super) enum Done<B> {
    Upstream(UpstreamResponse<B>, String, String),
    Local(LocalResponse),
}

pub(super) async fn route_api<S, B, C>(
    gateway: &Gateway,
    request: &ClientRequest,
    surface: RequestSurface,
    api_path: &str,
    env: &mut Env<'_, S, C>,
    trace: &mut GatewayTrace,
) -> Result<Done<B>, GatewayError>
where
    S: Transport<B>,
    C: Clock,
{
    let start = env.clock.now();
    trace.surface = Some(surface.name());
    if request.body.len() > MAX_BODY_BYTES {
        return Err(GatewayError::new(
            ErrorCode::InputTooLarge,
            &format!(
                "Input too large: body of {} bytes (max {MAX_BODY_BYTES})",
                request.body.len()
            ),
        ));
    }
    let body = parse_body(&request.body)?;
    let client = model_ref::client_models(&body).map_err(|error| {
        GatewayError::new(ErrorCode::InvalidBody, &format!("Invalid request body: {error}"))
    })?;
    trace.client = ClientTrace {
        model: client.model.clone(),
        models: client.models.clone(),
        preference: client.preference.clone(),
        rejected_models: Vec::new(),
    };

    let mut universe = universe::build(gateway, Some(surface));
    if universe.is_empty() && client.preference.is_empty() {
        return Err(GatewayError::new(
            ErrorCode::NoCompatibleFormat,
            &format!(
                "No models compatible with the `{}` API format ({})",
                surface::format_name(surface.format),
                surface.name()
            ),
        ));
    }
    let resolution = universe::resolve(gateway, surface, &mut universe, &client.preference);
    trace.client.rejected_models.clone_from(&resolution.rejected);
    let client_list = (!client.preference.is_empty()).then_some(resolution.client.as_slice());
    if env.full_trace {
        let all: Vec<usize> = (0..universe.len()).collect();
        trace.candidates.push(stage("universe", &universe, &all));
        if let Some(client_list) = client_list {
            trace.candidates.push(stage("client", &universe, client_list));
        }
    }

    let mut input_tokens = None;
    if let Some(max) = gateway.max_input_tokens {
        let tokens = tokens::estimate_input_tokens(&body);
        input_tokens = Some(tokens);
        trace.input_tokens = Some(tokens);
        if tokens > u64::from(max) {
            return Err(GatewayError::new(
                ErrorCode::InputTooLarge,
                &format!("Input too large: {tokens} tokens (max {max})"),
            ));
        }
    }

    // The strategy input borrows non-`Send` views: keep it out of the awaits below.
    let models_to_try = {
        let mut input = ModelStrategyInput {
            gateway,
            universe: &universe,
            metrics: env.metrics,
            now: env.clock.now(),
            rng: &mut *env.rng,
        };
        select::select_models(
            &mut input,
            env.strategies,
            env.expressions,
            client_list,
            &resolution.rejected,
            env.full_trace,
            &mut trace.strategies,
        )?
    };
    if env.full_trace {
        trace.candidates.push(stage("models_to_try", &universe, &models_to_try));
    }

    let lp = failover::Loop {
        gateway,
        universe: &universe,
        models_to_try: &models_to_try,
        base: RequestBase {
            method: &request.method,
            surface,
            api_path,
            client_query: request.query.as_deref(),
            client_headers: &request.headers,
            body: &body,
            max_output_tokens: gateway.max_output_tokens,
        },
        start,
    };
    let (response, index) = failover::run(&lp, env, &mut input_tokens, trace).await?;
    let (provider, model) = universe
        .get(index)
        .map(|candidate| (candidate.provider.id.clone(), candidate.model_id().to_owned()))
        .unwrap_or_default();
    Ok(Done::Upstream(response, provider, model))
}

fn parse_body(bytes: &[u8]) -> Result<Map<String, Json>, GatewayError> {
    let invalid = |reason: String| {
        GatewayError::new(ErrorCode::InvalidBody, &format!("Invalid request body: {reason}"))
    };
    match serde_json::from_slice::<Json>(bytes) {
        Ok(Json::Object(object)) => Ok(object),
        Ok(other) => {
            Err(invalid(format!("expected a JSON object, got {}", model_ref::json_type(&other))))
        }
        Err(error) => Err(invalid(error.to_string())),
    }
}

fn stage(name: &'static str, universe: &[Candidate<'_>], indexes: &[usize]) -> CandidateStage {
    CandidateStage {
        stage: name,
        models: indexes
            .iter()
            .filter_map(|index| universe.get(*index))
            .map(Candidate::label)
            .collect(),
    }
}

/// `GET /v1/models`: the universe, every surface, as an `OpenAI` model list.
pub(super) fn list_models(gateway: &Gateway) -> LocalResponse {
    let data: Vec<Json> = universe::build(gateway, None)
        .iter()
        .map(|candidate| {
            json!({
                "id": candidate.label(),
                "object": "model",
                "created": 0,
                "owned_by": candidate.provider.id,
            })
        })
        .collect();
    LocalResponse {
        status: 200,
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body: json!({"object": "list", "data": data}).to_string().into_bytes(),
    }
}
