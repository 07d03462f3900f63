//! Fixtures and the `check` harness of the gateway scenarios.
//!
//! A scenario is a hand-built `plan::Gateway` (no front end), a client request, scripted
//! upstream outcomes on simulated time and, where needed, scripted strategy results. `run`
//! executes it through `gateway::handle`; `summary` renders the trace as lines that the
//! scenarios compare with their expectation.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::json;
use switchyard_plan::expr::{Const, Expr, Expression};
use switchyard_plan::{
    ApiKey, AuthStyle, ExprId, Gateway, Model, OnError, Origin, Pricing, Provider, Surface,
    SurfaceFormat, SurfaceKind, Template, TemplatePart,
};
use switchyard_runtime::clock::SimulatedClock;
use switchyard_runtime::gateway::{
    self, ClientRequest, Env, Handled, KeyStrategyInput, ModelStrategyInput, Outcome,
    StrategyError, StrategyEval, TemplateError, TemplateEval,
};
use switchyard_runtime::metrics::InMemoryMetrics;
use switchyard_runtime::secrets::{MapSecretStore, SecretStore};
use switchyard_runtime::transport::{SimulatedTransport, UpstreamRequest};

pub(crate) fn model(id: &str) -> Model {
    Model {
        id: id.to_owned(),
        aliases: Vec::new(),
        author_id: String::new(),
        display_name: String::new(),
        description: String::new(),
        metadata: json!({}),
        input_modalities: vec!["text".to_owned()],
        output_modalities: vec!["text".to_owned()],
        supported_features: Vec::new(),
        max_context_window: 0,
        max_output_tokens: 0,
        unsupported_params: Vec::new(),
        pricing: Pricing::default(),
        custom: false,
    }
}

pub(crate) fn surface(format: SurfaceFormat, kind: Option<SurfaceKind>) -> Surface {
    Surface { format, surface: kind, supported_params: Vec::new() }
}

fn provider(
    id: &str,
    aliases: &[&str],
    base_url: &str,
    surfaces: Vec<Surface>,
    models: &[&str],
) -> Provider {
    Provider {
        id: id.to_owned(),
        aliases: aliases.iter().map(|alias| (*alias).to_owned()).collect(),
        base_url: base_url.to_owned(),
        auth: AuthStyle::ByFormat,
        api_keys: Vec::new(),
        surfaces,
        configured: false,
        custom: false,
        metadata: json!({}),
        display_name: String::new(),
        description: String::new(),
        website: String::new(),
        models: models.iter().map(|id| model(id)).collect(),
    }
}

/// A built-in provider speaking the `OpenAI` format.
pub(crate) fn openai() -> Provider {
    let mut openai = provider(
        "openai",
        &["openAI", "open-ai", "open-AI"],
        "https://api.openai.com/v1/",
        vec![surface(SurfaceFormat::Openai, None)],
        &["gpt-4o", "gpt-4o-mini"],
    );
    openai.models[0].aliases = vec!["gpt-4o-2024-08-06".to_owned()];
    "openai".clone_into(&mut openai.models[0].author_id);
    openai
}

/// A built-in provider speaking the Anthropic format and `OpenAI` chat completions.
pub(crate) fn anthropic() -> Provider {
    provider(
        "anthropic",
        &["Anthropic"],
        "https://api.anthropic.com/v1/",
        vec![
            surface(SurfaceFormat::Anthropic, None),
            surface(SurfaceFormat::Openai, Some(SurfaceKind::ChatCompletions)),
        ],
        &["claude-sonnet-4-5", "claude-haiku-4-5"],
    )
}

/// A built-in provider without listed models (reached with a prefix).
pub(crate) fn openrouter() -> Provider {
    provider(
        "openrouter",
        &["open-router"],
        "https://openrouter.ai/api/v1/",
        vec![surface(SurfaceFormat::Openai, None)],
        &[],
    )
}

/// A configured custom provider.
pub(crate) fn custom(id: &str, base_url: &str, models: &[&str]) -> Provider {
    let mut custom =
        provider(id, &[], base_url, vec![surface(SurfaceFormat::Openai, None)], models);
    custom.configured = true;
    custom.custom = true;
    for model in &mut custom.models {
        model.custom = true;
    }
    custom
}

/// Keys `secrets.get(vault, name)` for each name, as templates of expression ids from `first`.
pub(crate) fn keys(vault: &str, names: &[&str], first: u32) -> Vec<ApiKey> {
    names
        .iter()
        .enumerate()
        .map(|(index, name)| ApiKey {
            value: Template { parts: vec![TemplatePart::Expr(ExprId(first + index as u32))] },
            label: format!("secrets.get('{vault}','{name}')"),
        })
        .collect()
}

/// The catalog of these tests, in universe order (built-ins by id).
pub(crate) fn catalog() -> Vec<Provider> {
    vec![anthropic(), openai(), openrouter()]
}

pub(crate) fn gateway(providers: Vec<Provider>) -> Gateway {
    Gateway {
        providers,
        only_allow_configured_models: false,
        model_strategies: Vec::new(),
        key_strategies: Vec::new(),
        on_error: OnError::Halt,
        per_request_timeout_ms: 30_000,
        total_timeout_ms: 300_000,
        max_input_tokens: None,
        max_output_tokens: None,
        headers: Vec::new(),
        query_params: Vec::new(),
        body: Vec::new(),
    }
}

pub(crate) fn chat(body: &serde_json::Value) -> ClientRequest {
    request("POST", "/v1/chat/completions", body)
}

pub(crate) fn request(method: &str, path: &str, body: &serde_json::Value) -> ClientRequest {
    ClientRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        query: None,
        headers: vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            ("authorization".to_owned(), "Bearer sk-client-0000".to_owned()),
        ],
        body: body.to_string().into_bytes(),
    }
}

/// Drops the client's credential headers.
pub(crate) fn anonymous(mut request: ClientRequest) -> ClientRequest {
    request.headers.retain(|(name, _)| name != "authorization" && name != "x-api-key");
    request
}

/// What a scripted strategy returns.
#[derive(Clone, Debug)]
pub(crate) enum Script {
    /// The candidates with these labels (`provider:model`), in this order.
    Labels(Vec<&'static str>),
    /// Every model of this provider.
    Provider(&'static str),
    /// Models whose error rate is below one half (reads the metrics store).
    Healthy,
    /// These key indexes.
    Keys(Vec<usize>),
    /// An evaluation error.
    Fail(&'static str),
    /// A result of this type.
    WrongType(&'static str),
}

/// Scripted strategies by expression id; expression `n` is written `s<n>` in traces.
#[derive(Default)]
pub(crate) struct Strategies(pub(crate) HashMap<u32, Script>);

impl StrategyEval for Strategies {
    fn eval_models(
        &mut self,
        strategy: ExprId,
        input: &mut ModelStrategyInput<'_>,
        out: &mut Vec<usize>,
    ) -> Result<(), StrategyError> {
        match self.0.get(&strategy.0) {
            Some(Script::Labels(labels)) => {
                for label in labels {
                    out.extend(
                        input.universe.iter().position(|candidate| candidate.label() == *label),
                    );
                }
            }
            Some(Script::Provider(provider)) => out.extend(
                input
                    .universe
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.provider.id == *provider)
                    .map(|(i, _)| i),
            ),
            Some(Script::Healthy) => {
                out.extend(input.universe.iter().enumerate().filter_map(|(index, c)| {
                    let stats = input.metrics.model_stats(&c.provider.id, c.model_id(), input.now);
                    (stats.error_rate.total < 0.5).then_some(index)
                }));
            }
            Some(Script::Keys(_)) | None => {
                return Err(StrategyError::WrongType("list(AIKey)".into()));
            }
            Some(Script::Fail(message)) => return Err(StrategyError::Eval((*message).to_owned())),
            Some(Script::WrongType(name)) => {
                return Err(StrategyError::WrongType((*name).to_owned()));
            }
        }
        Ok(())
    }

    fn eval_keys(
        &mut self,
        strategy: ExprId,
        input: &mut KeyStrategyInput<'_>,
        out: &mut Vec<usize>,
    ) -> Result<(), StrategyError> {
        match self.0.get(&strategy.0) {
            Some(Script::Keys(indexes)) => out.extend(indexes.iter().copied()),
            Some(Script::Healthy) => out.extend(input.keys.iter().filter_map(|key| {
                let quota = input.metrics.quota(&input.model.provider.id, key.id);
                (quota.remaining_requests != Some(0)).then_some(key.index)
            })),
            Some(Script::Fail(message)) => return Err(StrategyError::Eval((*message).to_owned())),
            _ => return Err(StrategyError::WrongType("list(AIModel)".into())),
        }
        Ok(())
    }
}

/// Templates: expression `n` reads the secret `refs[n]`; other ids render as `value-<n>`.
pub(crate) struct Templates {
    pub(crate) refs: HashMap<u32, (&'static str, &'static str)>,
    pub(crate) secrets: MapSecretStore,
}

impl TemplateEval for Templates {
    fn eval_string(&mut self, template: &Template) -> Result<String, TemplateError> {
        let mut text = String::new();
        for part in &template.parts {
            match part {
                TemplatePart::Text(part) => text.push_str(part),
                TemplatePart::Expr(id) => match self.refs.get(&id.0) {
                    Some((vault, name)) => text.push_str(
                        &self
                            .secrets
                            .get(vault, name)
                            .ok_or_else(|| TemplateError(format!("no secret {vault}/{name}")))?,
                    ),
                    None => write!(text, "value-{}", id.0).unwrap_or_default(),
                },
            }
        }
        Ok(text)
    }
}

/// The secrets of these tests: `openai`/`k0`…`k2` and `anthropic`/`k0`, at expression ids 0–3.
pub(crate) fn templates() -> Templates {
    Templates {
        refs: [
            (0, ("openai", "k0")),
            (1, ("openai", "k1")),
            (2, ("openai", "k2")),
            (3, ("anthropic", "k0")),
        ]
        .into_iter()
        .collect(),
        secrets: [
            ("openai", "k0", "sk-openai-key-zero-0000"),
            ("openai", "k1", "sk-openai-key-one-1111"),
            ("openai", "k2", "sk-openai-key-two-2222"),
            ("anthropic", "k0", "sk-ant-key-zero-0000"),
        ]
        .into_iter()
        .collect(),
    }
}

/// Expressions `s0`…`s9`, for strategy text in traces.
fn expressions() -> Vec<Expression> {
    (0..10)
        .map(|index| Expression {
            source: format!("s{index}"),
            origin: Origin {
                file: "policy.yaml".to_owned(),
                start: 0,
                end: 0,
                line: 1,
                column: 1,
                path: String::new(),
            },
            expr: Expr::Const(Const::Null),
        })
        .collect()
}

/// One scenario's run.
pub(crate) struct Run {
    pub(crate) handled: Handled,
    pub(crate) requests: Vec<UpstreamRequest>,
    pub(crate) metrics: InMemoryMetrics,
}

/// Everything but the gateway and the request.
pub(crate) struct Setup {
    pub(crate) transport: Box<dyn FnOnce(SimulatedTransport) -> SimulatedTransport>,
    pub(crate) strategies: Strategies,
    pub(crate) templates: Templates,
    pub(crate) metrics: InMemoryMetrics,
    pub(crate) clock: SimulatedClock,
}

impl Default for Setup {
    fn default() -> Setup {
        Setup {
            transport: Box::new(|transport| transport),
            strategies: Strategies::default(),
            templates: templates(),
            metrics: InMemoryMetrics::default(),
            clock: SimulatedClock::default(),
        }
    }
}

pub(crate) fn exec_with(gateway: &Gateway, request: &ClientRequest, setup: Setup) -> Run {
    let Setup { transport, mut strategies, mut templates, metrics, clock } = setup;
    let mut transport = transport(SimulatedTransport::new(clock.clone()));
    let expressions = expressions();
    let mut rng = StdRng::seed_from_u64(7);
    let handled = clock
        .block_on(gateway::handle(
            gateway,
            request,
            Env {
                expressions: &expressions,
                strategies: &mut strategies,
                templates: &mut templates,
                metrics: &metrics,
                rng: &mut rng,
                clock: &clock,
                transport: &mut transport,
                full_trace: true,
            },
        ))
        .expect("the flow never waits without a timer");
    Run { handled, requests: transport.requests().to_vec(), metrics }
}

pub(crate) fn exec(gateway: &Gateway, request: &ClientRequest) -> Run {
    exec_with(gateway, request, Setup::default())
}

/// The trace as lines: rejections, strategies, skipped models, attempts, result.
pub(crate) fn summary(handled: &Handled) -> String {
    let trace = &handled.trace;
    let mut lines = Vec::new();
    for rejected in &trace.client.rejected_models {
        lines.push(format!("rejected {}: {}", rejected.model, rejected.reason));
    }
    for step in &trace.strategies {
        let mut line = format!("strategy {}: [{}]", step.expression, step.result.join(", "));
        if let Some(error) = &step.error {
            write!(line, " error {error}").unwrap_or_default();
        } else {
            write!(
                line,
                " allowed [{}] client [{}] -> [{}]",
                step.candidates_after_allowed_filter.join(", "),
                step.candidates_after_client_filter.join(", "),
                step.models_to_try.join(", ")
            )
            .unwrap_or_default();
        }
        lines.push(line);
    }
    for model in &trace.models_tried {
        if let Some(failure) = &model.failure {
            lines.push(format!("failed {}:{}: {failure}", model.provider, model.model));
        }
    }
    for attempt in &trace.attempts {
        let key = attempt.key_index.map_or_else(|| "-".to_owned(), |index| index.to_string());
        lines.push(format!(
            "attempt {}:{} key={key} {} at {}ms +{}ms",
            attempt.provider,
            attempt.model,
            attempt.outcome,
            attempt.started_ms,
            attempt.elapsed_ms
        ));
    }
    let result = &trace.result;
    let what = match (&result.code, &result.provider, &result.model) {
        (Some(code), _, _) => (*code).to_owned(),
        (None, Some(provider), Some(model)) => format!("{provider}:{model}"),
        _ => String::new(),
    };
    let continued = if result.continued { " (continue)" } else { "" };
    lines.push(format!("result {} {what}{continued}", result.status));
    lines.join("\n")
}

/// Compares the summary of a run with `expected` (lines, leading blanks ignored).
#[track_caller]
pub(crate) fn check(run: &Run, expected: &str) {
    let expected: Vec<&str> =
        expected.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    assert_eq!(summary(&run.handled), expected.join("\n"));
}

/// The JSON body of the error response, or of the error handed on.
pub(crate) fn error_body(run: &Run) -> serde_json::Value {
    match &run.handled.outcome {
        Outcome::Respond(response) => serde_json::from_slice(&response.body).expect("JSON body"),
        other => panic!("expected a local response, got {other:?}"),
    }
}

/// A header of the `index`th upstream request.
pub(crate) fn header<'r>(run: &'r Run, index: usize, name: &str) -> Option<&'r str> {
    run.requests[index]
        .headers
        .iter()
        .find(|(header, _)| header == name)
        .map(|(_, value)| value.as_str())
}

/// The JSON body of the `index`th upstream request.
pub(crate) fn sent_body(run: &Run, index: usize) -> serde_json::Value {
    serde_json::from_slice(&run.requests[index].body).expect("JSON body")
}

pub(crate) fn secs(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}
