//! `policy explain`: what the runtime would do with one request, step by step (DESIGN.md §4).
//!
//! The policy is compiled and loaded into the runtime's `Engine`, the same code production runs,
//! with simulated effects: a `SimulatedTransport` whose targets answer 200 unless `--fail` says
//! otherwise, a `SimulatedClock`, a generator seeded with `--seed`, the metrics of `--metrics`
//! (fixed: recording attempts changes nothing) and placeholder secrets. Secret values are never
//! needed: `secrets.get(v, k)` resolves to a dummy string derived from `v` and `k` (so that
//! different keys have different ids), which is never printed; keys are named by their
//! reference.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::ValueEnum;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};
use switchyard_diagnostics::Severity;
use switchyard_plan::{Origin, PhaseKind};
use switchyard_runtime::clock::SimulatedClock;
use switchyard_runtime::engine::{
    Effect, Engine, EngineOptions, Handled, HttpRequest, RequestEnv, SnapshotMetrics, Trace,
};
use switchyard_runtime::gateway::GatewayTrace;
use switchyard_runtime::metrics::{ErrorRates, Quota, WindowStats};
use switchyard_runtime::secrets::SecretStore;
use switchyard_runtime::transport::{SimulatedOutcome, SimulatedTransport, Target};

use crate::output;

/// When the simulated request arrives: 2026-01-01T00:00:00Z.
const RECEIVED_UNIX_MS: i64 = 1_767_225_600_000;

/// Lists longer than this are shortened in the human output.
const SHOWN: usize = 8;

/// Arguments of `policy explain`.
#[derive(clap::Args, Debug)]
pub(crate) struct ExplainArgs {
    /// The policy file.
    #[arg(value_name = "POLICY")]
    policy: PathBuf,
    /// The request asks for model M: `POST /v1/chat/completions` with
    /// `{"model": M, "messages": [{"role": "user", "content": "Hello"}]}`.
    #[arg(long, value_name = "M", conflicts_with = "request")]
    model: Option<String>,
    /// The request, from a JSON file: a request body (sent as `POST /v1/chat/completions`), or
    /// an object with `method`, `path`, `headers`, `body` (see below).
    #[arg(long, value_name = "FILE")]
    request: Option<PathBuf>,
    /// Adds a request header (repeatable).
    #[arg(long = "header", value_name = "K:V")]
    headers: Vec<String>,
    /// Metrics that strategies read, from a JSON file (see below).
    #[arg(long, value_name = "FILE")]
    metrics: Option<PathBuf>,
    /// Makes a simulated upstream fail (repeatable). TARGET is `provider`, `provider:model` or
    /// `provider:model#key-index`; OUTCOME an HTTP status (`429`, `503`), `timeout`, `reset` or
    /// `connect`, or several separated by commas, played in order (the last repeats).
    #[arg(long = "fail", value_name = "TARGET=OUTCOME")]
    fails: Vec<String>,
    /// Seeds `random()`, `randomize()` and `rand.*`.
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// Output formats of `policy explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A tree: rule, action, strategies, attempts, result.
    Human,
    /// `{"rules", "candidates", "strategies", "attempts", "result"}`.
    Json,
}

/// The text after the options in `policy explain --help`.
pub(crate) const AFTER_HELP: &str = "\
Without --model or --request, the request is a chat completion without a model (the gateway
chooses). Simulated upstreams answer 200 unless --fail says otherwise. Exit status: 0 when the
explanation ran (whatever the simulated response), 1 when the policy has errors, 2 on a usage
or IO error.

--request FILE: a JSON request body, or a request description (an object with a `method`,
`path` or `body` field):
  {\"method\": \"POST\", \"path\": \"/v1/messages\", \"query\": \"a=1\",
   \"headers\": {\"x-team\": \"a\"}, \"body\": {...}, \"client_ip\": \"10.0.0.7\"}
  (every field optional; `body` is JSON or a string; headers map names to a string or a list).

--metrics FILE:
  {\"models\": {\"openai:gpt-4o\": {\"request_count\": 200, \"latency_ms\": {\"avg\": 800, \"p95\": 2000},
     \"error_rate\": {\"total\": 0.2, \"timeout\": 0, \"rate_limit\": 0.05, \"client\": 0, \"server\": 0.15}}},
   \"keys\": {\"openai#0\": {\"request_count\": 50, \"error_rate\": {\"rate_limit\": 0.3},
     \"quota\": {\"remaining_requests\": 0, \"remaining_tokens\": null, \"limit_requests\": 500}}}}
  Models are `provider:model`, keys `provider#index` (0-based in api_keys); omitted figures are
  0 (quotas: null). A model's average latency is also how long its simulated attempts take.

Examples:
  policy explain examples/multi-provider-failover.yaml --model gpt-4o --fail openai=503
  policy explain policy.yaml --model gpt-4o --fail openai:gpt-4o#0=429 --format json
  policy explain policy.yaml --request request.json --metrics metrics.json";

pub(crate) fn run(args: &ExplainArgs) -> ExitCode {
    let setup = match Setup::read(args) {
        Ok(setup) => setup,
        Err(message) => return output::usage_error(&message),
    };
    let plan = match crate::compile::compile_policy(
        &args.policy,
        "explain",
        Severity::Error,
        "nothing to explain",
    ) {
        Ok(plan) => plan,
        Err(status) => return status,
    };
    let engine = match Engine::new(plan, EngineOptions::default()) {
        Ok(engine) => engine,
        Err(error) => return output::usage_error(&format!("the plan does not load: {error}")),
    };
    let handled = match setup.run(&engine) {
        Ok(handled) => handled,
        Err(message) => return output::usage_error(&message),
    };
    let text = match args.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(&handled.trace))
                .unwrap_or_else(|_| "{}".to_owned());
            text.push('\n');
            text
        }
        Format::Human => human(&setup.request, &handled.trace),
    };
    output::write_stdout(&text)
}

/// Secrets that are never real: each resolves to a dummy string derived from its name.
struct PlaceholderSecrets;

impl SecretStore for PlaceholderSecrets {
    fn get(&self, vault: &str, name: &str) -> Option<String> {
        Some(format!("explain-placeholder-{vault}-{name}"))
    }
}

/// The metrics file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricsFile {
    #[serde(default)]
    models: BTreeMap<String, Figures>,
    #[serde(default)]
    keys: BTreeMap<String, Figures>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Figures {
    #[serde(default)]
    request_count: u64,
    #[serde(default)]
    error_rate: Rates,
    #[serde(default)]
    latency_ms: Latency,
    #[serde(default)]
    quota: QuotaFigures,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rates {
    #[serde(default)]
    total: f64,
    #[serde(default)]
    timeout: f64,
    #[serde(default)]
    rate_limit: f64,
    #[serde(default)]
    client: f64,
    #[serde(default)]
    server: f64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Latency {
    #[serde(default)]
    avg: u64,
    #[serde(default)]
    p95: u64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotaFigures {
    remaining_requests: Option<i64>,
    remaining_tokens: Option<i64>,
    limit_requests: Option<i64>,
    limit_tokens: Option<i64>,
}

impl Figures {
    fn stats(&self) -> WindowStats {
        WindowStats {
            request_count: self.request_count,
            error_rate: ErrorRates {
                total: self.error_rate.total,
                timeout: self.error_rate.timeout,
                rate_limit: self.error_rate.rate_limit,
                client: self.error_rate.client,
                server: self.error_rate.server,
            },
            latency_ms_avg: self.latency_ms.avg,
            latency_ms_p95: self.latency_ms.p95.max(self.latency_ms.avg),
        }
    }
}

/// The request file, when it describes a whole request.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestFile {
    method: Option<String>,
    path: Option<String>,
    query: Option<String>,
    #[serde(default)]
    headers: BTreeMap<String, HeaderValue>,
    body: Option<Json>,
    client_ip: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum HeaderValue {
    One(String),
    Many(Vec<String>),
}

/// Everything a run needs besides the policy.
struct Setup {
    request: HttpRequest,
    fails: Vec<(Target, Vec<SimulatedOutcome>)>,
    metrics: MetricsFile,
    seed: u64,
}

fn read_json(path: &Path) -> Result<Json, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|error| format!("`{}` is not valid JSON: {error}", path.display()))
}

fn chat_request(body: &Json) -> HttpRequest {
    HttpRequest {
        method: "POST".to_owned(),
        path: "/v1/chat/completions".to_owned(),
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body: body.to_string().into_bytes(),
        ..HttpRequest::default()
    }
}

fn request_from_file(path: &Path) -> Result<HttpRequest, String> {
    let json = read_json(path)?;
    let describes = json.as_object().is_some_and(|object| {
        ["method", "path", "body"].iter().any(|key| object.contains_key(*key))
    });
    if !describes {
        return Ok(chat_request(&json));
    }
    let file: RequestFile =
        serde_json::from_value(json).map_err(|error| format!("`{}`: {error}", path.display()))?;
    let mut request = chat_request(&Json::Object(serde_json::Map::new()));
    request.body = match file.body {
        None => Vec::new(),
        Some(Json::String(text)) => text.into_bytes(),
        Some(body) => body.to_string().into_bytes(),
    };
    if let Some(method) = file.method {
        request.method = method;
    }
    if let Some(path) = file.path {
        match path.split_once('?') {
            Some((path, query)) => {
                request.path = path.to_owned();
                request.query = Some(query.to_owned());
            }
            None => request.path = path,
        }
    }
    if file.query.is_some() {
        request.query = file.query;
    }
    if !file.headers.is_empty() {
        request
            .headers
            .retain(|(name, _)| !file.headers.keys().any(|key| key.eq_ignore_ascii_case(name)));
    }
    for (name, value) in file.headers {
        match value {
            HeaderValue::One(value) => request.headers.push((name, value)),
            HeaderValue::Many(values) => {
                request.headers.extend(values.into_iter().map(|value| (name.clone(), value)));
            }
        }
    }
    if let Some(client_ip) = file.client_ip {
        request.client_ip = client_ip;
    }
    Ok(request)
}

impl Setup {
    fn read(args: &ExplainArgs) -> Result<Setup, String> {
        let mut request = match (&args.model, &args.request) {
            (_, Some(path)) => request_from_file(path)?,
            (Some(model), None) => chat_request(&json!({
                "model": model,
                "messages": [{"role": "user", "content": "Hello"}],
            })),
            (None, None) => {
                chat_request(&json!({"messages": [{"role": "user", "content": "Hello"}]}))
            }
        };
        for header in &args.headers {
            let (name, value) = header
                .split_once(':')
                .ok_or_else(|| format!("invalid header `{header}`: expected NAME:VALUE"))?;
            if name.trim().is_empty() {
                return Err(format!("invalid header `{header}`: expected NAME:VALUE"));
            }
            request.headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        "explain".clone_into(&mut request.id);
        request.received_unix_ms = RECEIVED_UNIX_MS;
        let mut fails = Vec::new();
        for fail in &args.fails {
            let (target, outcomes) = fail
                .rsplit_once('=')
                .ok_or_else(|| format!("invalid --fail `{fail}`: expected TARGET=OUTCOME"))?;
            let target: Target = target.parse().map_err(|error| format!("{error}"))?;
            let outcomes = outcomes
                .split(',')
                .map(|outcome| outcome.trim().parse::<SimulatedOutcome>())
                .collect::<Result<Vec<_>, _>>()?;
            fails.push((target, outcomes));
        }
        let metrics = match &args.metrics {
            None => MetricsFile::default(),
            Some(path) => serde_json::from_value(read_json(path)?)
                .map_err(|error| format!("`{}`: {error}", path.display()))?,
        };
        Ok(Setup { request, fails, metrics, seed: args.seed })
    }

    /// The metrics snapshot, with keys named `provider#index` mapped to their ids.
    fn snapshot(&self, engine: &Engine) -> Result<SnapshotMetrics, String> {
        let mut snapshot = SnapshotMetrics::default();
        for (name, figures) in &self.metrics.models {
            let (provider, model) = name.split_once(':').ok_or_else(|| {
                format!("metrics: model `{name}` should be written `provider:model`")
            })?;
            snapshot.set_model(provider, model, figures.stats());
        }
        let keys = engine.configured_keys(&PlaceholderSecrets);
        for (name, figures) in &self.metrics.keys {
            let (provider, index) = name
                .split_once('#')
                .and_then(|(provider, index)| Some((provider, index.parse::<usize>().ok()?)))
                .ok_or_else(|| {
                    format!("metrics: key `{name}` should be written `provider#index`")
                })?;
            let matching: Vec<&str> = keys
                .iter()
                .filter(|key| key.provider.eq_ignore_ascii_case(provider) && key.index == index)
                .filter_map(|key| key.id.as_deref())
                .collect();
            if matching.is_empty() {
                return Err(format!("metrics: the policy has no key `{name}`"));
            }
            let quota = Quota {
                remaining_requests: figures.quota.remaining_requests,
                remaining_tokens: figures.quota.remaining_tokens,
                limit_requests: figures.quota.limit_requests,
                limit_tokens: figures.quota.limit_tokens,
            };
            for id in matching {
                snapshot.set_key(provider, id, figures.stats(), quota);
            }
        }
        Ok(snapshot)
    }

    /// The simulated upstreams: `--fail` scripts, and model latencies from the metrics.
    fn transport(&self, clock: &SimulatedClock) -> SimulatedTransport {
        let mut transport = SimulatedTransport::new(clock.clone());
        let latency = |provider: &str, model: &str| {
            self.metrics.models.iter().find_map(|(name, figures)| {
                let (p, m) = name.split_once(':')?;
                (p.eq_ignore_ascii_case(provider)
                    && m.eq_ignore_ascii_case(model)
                    && figures.latency_ms.avg > 0)
                    .then(|| Duration::from_millis(figures.latency_ms.avg))
            })
        };
        for (target, outcomes) in &self.fails {
            transport = transport.with_outcomes(target.clone(), outcomes);
            if let Some(model) = &target.model
                && let Some(latency) = latency(&target.provider, model)
            {
                transport = transport.with_latency(target.clone(), latency);
            }
        }
        // A model's own script would hide a provider-wide failure: it repeats it.
        for (name, figures) in &self.metrics.models {
            let Some((provider, model)) = name.split_once(':') else { continue };
            if figures.latency_ms.avg == 0 {
                continue;
            }
            let target = Target {
                provider: provider.to_owned(),
                model: Some(model.to_owned()),
                key_index: None,
            };
            if self.fails.iter().any(|(fail, _)| *fail == target) {
                continue;
            }
            let provider_wide = self.fails.iter().find(|(fail, _)| {
                fail.model.is_none() && fail.provider.eq_ignore_ascii_case(provider)
            });
            if let Some((_, outcomes)) = provider_wide {
                transport = transport.with_outcomes(target.clone(), outcomes);
            }
            transport =
                transport.with_latency(target, Duration::from_millis(figures.latency_ms.avg));
        }
        transport
    }

    fn run(&self, engine: &Engine) -> Result<Handled, String> {
        let snapshot = self.snapshot(engine)?;
        let clock = SimulatedClock::default();
        let mut transport = self.transport(&clock);
        let mut rng = StdRng::seed_from_u64(self.seed);
        let env = RequestEnv {
            transport: &mut transport,
            clock: &clock,
            metrics: &snapshot,
            secrets: &PlaceholderSecrets,
            rng: &mut rng,
            full_trace: true,
        };
        clock
            .block_on(engine.handle(&self.request, env))
            .map_err(|error| format!("the simulation stalled: {error}"))
    }
}

fn origin(origin: &Origin) -> String {
    format!("{}:{}:{}", origin.file, origin.line, origin.column)
}

fn phase_name(kind: PhaseKind) -> &'static str {
    match kind {
        PhaseKind::OnTcpConnect => "on_tcp_connect",
        PhaseKind::OnHttpRequest => "on_http_request",
        PhaseKind::OnHttpResponse => "on_http_response",
        PhaseKind::OnEventStreamMessage => "on_event_stream_message",
    }
}

/// The JSON output (DESIGN.md §4), fields in the contract's order.
#[derive(Serialize)]
struct Output<'a> {
    rules: Vec<JsonRule<'a>>,
    candidates: Vec<JsonStage<'a>>,
    strategies: Vec<JsonStrategy<'a>>,
    attempts: Vec<JsonAttempt<'a>>,
    result: JsonResult<'a>,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    phase: &'static str,
    index: usize,
    name: Option<&'a str>,
    origin: String,
    conditions: Vec<JsonCondition<'a>>,
    matched: bool,
    actions: Vec<JsonAction<'a>>,
}

#[derive(Serialize)]
struct JsonCondition<'a> {
    expression: &'a str,
    result: Option<bool>,
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonAction<'a> {
    #[serde(rename = "type")]
    action: &'a str,
    origin: String,
    effect: &'static str,
    status: Option<u16>,
    code: Option<&'a str>,
    detail: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonStage<'a> {
    stage: &'a str,
    models: &'a [String],
}

#[derive(Serialize)]
struct JsonStrategy<'a> {
    expression: &'a str,
    result: &'a [String],
    origin: Option<String>,
}

#[derive(Serialize)]
struct JsonAttempt<'a> {
    provider: &'a str,
    model: &'a str,
    key_index: Option<usize>,
    key: Option<&'a str>,
    outcome: &'a str,
    elapsed_ms: u64,
}

#[derive(Serialize)]
struct JsonResult<'a> {
    status: u16,
    code: Option<&'a str>,
    provider: Option<&'a str>,
    model: Option<&'a str>,
}

fn to_json(trace: &Trace) -> Output<'_> {
    let rules = trace
        .rules
        .iter()
        .map(|rule| JsonRule {
            phase: phase_name(rule.phase),
            index: rule.index,
            name: rule.name.as_deref(),
            origin: origin(&rule.origin),
            conditions: rule
                .conditions
                .iter()
                .map(|condition| JsonCondition {
                    expression: &condition.expression,
                    result: condition.result.as_ref().ok().copied(),
                    error: condition.result.as_ref().err().map(String::as_str),
                })
                .collect(),
            matched: rule.matched,
            actions: rule
                .actions
                .iter()
                .map(|action| {
                    let (effect, status, code) = match &action.effect {
                        Effect::Continue => ("continue", None, None),
                        Effect::Respond(status) => ("respond", Some(*status), None),
                        Effect::Fail { status, code, .. } => {
                            ("fail", Some(*status), Some(code.as_str()))
                        }
                    };
                    JsonAction {
                        action: &action.action,
                        origin: origin(&action.origin),
                        effect,
                        status,
                        code,
                        detail: action.detail.as_deref(),
                    }
                })
                .collect(),
        })
        .collect();
    let gateways: Vec<&GatewayTrace> = trace.gateways().collect();
    let candidates = gateways
        .iter()
        .flat_map(|gateway| &gateway.candidates)
        .map(|stage| JsonStage { stage: stage.stage, models: &stage.models })
        .collect();
    let strategies = gateways
        .iter()
        .flat_map(|gateway| &gateway.strategies)
        .map(|strategy| JsonStrategy {
            expression: &strategy.expression,
            result: &strategy.result,
            origin: strategy.origin.as_ref().map(origin),
        })
        .collect();
    let attempts = gateways
        .iter()
        .flat_map(|gateway| &gateway.attempts)
        .map(|attempt| JsonAttempt {
            provider: &attempt.provider,
            model: &attempt.model,
            key_index: attempt.key_index,
            key: attempt.key.as_deref(),
            outcome: &attempt.outcome,
            elapsed_ms: attempt.elapsed_ms,
        })
        .collect();
    let result = &trace.result;
    Output {
        rules,
        candidates,
        strategies,
        attempts,
        result: JsonResult {
            status: result.status,
            code: result.code.as_deref(),
            provider: result.provider.as_deref(),
            model: result.model.as_deref(),
        },
    }
}

/// A node of the human tree.
struct Node {
    label: String,
    children: Vec<Node>,
}

impl Node {
    fn new(label: impl Into<String>) -> Node {
        Node { label: label.into(), children: Vec::new() }
    }

    fn with(mut self, child: Node) -> Node {
        self.children.push(child);
        self
    }

    fn write(&self, out: &mut String, prefix: &str, last: bool, root: bool) {
        if root {
            let _ = writeln!(out, "{}", self.label);
        } else {
            let branch = if last { "└─ " } else { "├─ " };
            let _ = writeln!(out, "{prefix}{branch}{}", self.label);
        }
        let inner = if root {
            String::new()
        } else {
            format!("{prefix}{}", if last { "   " } else { "│  " })
        };
        for (index, child) in self.children.iter().enumerate() {
            child.write(out, &inner, index + 1 == self.children.len(), false);
        }
    }
}

/// `text` with every run of whitespace (newlines of folded expressions) as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "(none)".to_owned();
    }
    let shown: Vec<&str> = items.iter().take(SHOWN).map(String::as_str).collect();
    let mut text = shown.join(", ");
    if items.len() > SHOWN {
        let _ = write!(text, ", … ({} more)", items.len() - SHOWN);
    }
    text
}

fn gateway_nodes(gateway: &GatewayTrace) -> Vec<Node> {
    let mut nodes = Vec::new();
    let client = &gateway.client;
    let mut asked = Node::new(if client.preference.is_empty() {
        "client model: none (the gateway chooses)".to_owned()
    } else {
        format!("client models: {}", client.preference.join(", "))
    });
    for rejected in &client.rejected_models {
        asked = asked.with(Node::new(format!("rejected {}: {}", rejected.model, rejected.reason)));
    }
    nodes.push(asked);
    if let Some(tokens) = gateway.input_tokens {
        nodes.push(Node::new(format!("input tokens (estimated): {tokens}")));
    }
    if !gateway.candidates.is_empty() {
        let mut candidates = Node::new("candidates");
        for stage in &gateway.candidates {
            candidates = candidates.with(Node::new(format!(
                "{} ({}): {}",
                stage.stage,
                stage.models.len(),
                list(&stage.models)
            )));
        }
        nodes.push(candidates);
    }
    if !gateway.strategies.is_empty() {
        let mut strategies = Node::new("model selection");
        for strategy in &gateway.strategies {
            let at =
                strategy.origin.as_ref().map(|o| format!("  ({})", origin(o))).unwrap_or_default();
            let mut node = Node::new(format!(
                "strategy {}: {}{at}",
                strategy.index,
                one_line(&strategy.expression)
            ));
            if let Some(error) = &strategy.error {
                node = node.with(Node::new(format!("error: {error}")));
            } else {
                node = node.with(Node::new(format!("result: {}", list(&strategy.result))));
                if strategy.candidates_after_client_filter != strategy.result {
                    node = node.with(Node::new(format!(
                        "after filters: {}",
                        list(&strategy.candidates_after_client_filter)
                    )));
                }
                node = node.with(Node::new(if strategy.models_to_try.is_empty() {
                    "empty: next strategy".to_owned()
                } else {
                    format!("models to try: {}", list(&strategy.models_to_try))
                }));
            }
            strategies = strategies.with(node);
        }
        nodes.push(strategies);
    }
    for model in &gateway.models_tried {
        if model.api_key_selection.is_empty() && model.failure.is_none() {
            continue;
        }
        let mut node = Node::new(format!("keys for {}:{}", model.provider, model.model));
        for step in &model.api_key_selection {
            let outcome = match &step.error {
                Some(error) => format!("error: {error}"),
                None => format!("keys {:?}", step.keys_to_try),
            };
            node = node.with(Node::new(format!(
                "strategy {}: {} → {outcome}",
                step.index,
                one_line(&step.expression)
            )));
        }
        if let Some(failure) = &model.failure {
            node = node.with(Node::new(format!("given up: {failure}")));
        }
        nodes.push(node);
    }
    let mut attempts = Node::new(format!("attempts ({})", gateway.attempts.len()));
    for (index, attempt) in gateway.attempts.iter().enumerate() {
        let key = attempt.key.as_deref().map(|key| format!(" key {key}")).unwrap_or_default();
        attempts = attempts.with(
            Node::new(format!(
                "{}. {}:{}{key} → {} ({} ms)",
                index + 1,
                attempt.provider,
                attempt.model,
                attempt.outcome,
                attempt.elapsed_ms
            ))
            .with(Node::new(attempt.url.clone())),
        );
    }
    nodes.push(attempts);
    let result = &gateway.result;
    let mut outcome = format!("{}", result.status);
    if let (Some(provider), Some(model)) = (&result.provider, &result.model) {
        let _ = write!(outcome, " from {provider}:{model}");
    }
    if let Some(message) = &result.message {
        let _ = write!(outcome, " {message}");
    }
    if result.continued {
        outcome.push_str(" (on_error: continue)");
    }
    nodes.push(Node::new(format!("gateway result: {outcome}")));
    nodes
}

/// The human output: request, then each phase's rules as a tree, then the result.
fn human(request: &HttpRequest, trace: &Trace) -> String {
    let mut out = String::new();
    let model = serde_json::from_slice::<Json>(&request.body)
        .ok()
        .and_then(|body| body.get("model").and_then(Json::as_str).map(str::to_owned));
    let _ = writeln!(
        out,
        "request: {} {}{}",
        request.method,
        request.path,
        model.map(|model| format!(" (model {model})")).unwrap_or_default()
    );
    let mut phases: Vec<(PhaseKind, Node)> = Vec::new();
    for rule in &trace.rules {
        if phases.last().is_none_or(|(kind, _)| *kind != rule.phase) {
            phases.push((rule.phase, Node::new(phase_name(rule.phase))));
        }
        let name = rule.name.as_deref().map(|name| format!(" \"{name}\"")).unwrap_or_default();
        let verdict = if rule.matched {
            "matched"
        } else if rule.conditions.iter().any(|condition| condition.result.is_err()) {
            "failed"
        } else {
            "skipped"
        };
        let mut node =
            Node::new(format!("rule {}{name} ({}): {verdict}", rule.index, origin(&rule.origin)));
        for condition in &rule.conditions {
            let value = match &condition.result {
                Ok(value) => value.to_string(),
                Err(error) => format!("error: {error}"),
            };
            node = node.with(Node::new(format!("{} → {value}", one_line(&condition.expression))));
        }
        for action in &rule.actions {
            let effect = match &action.effect {
                Effect::Continue => "continue".to_owned(),
                Effect::Respond(status) => format!("respond {status}"),
                Effect::Fail { status, message, .. } => format!("fail {status}: {message}"),
            };
            let mut action_node =
                Node::new(format!("{} ({}): {effect}", action.action, origin(&action.origin)));
            if let Some(detail) = &action.detail {
                action_node = action_node.with(Node::new(detail.clone()));
            }
            if let Some(gateway) = &action.gateway {
                for child in gateway_nodes(gateway) {
                    action_node = action_node.with(child);
                }
            }
            if !action.absorbed_errors.is_empty() {
                let mut errors = Node::new("predicate errors (the element did not match)");
                for error in &action.absorbed_errors {
                    errors = errors.with(Node::new(one_line(error)));
                }
                action_node = action_node.with(errors);
            }
            node = node.with(action_node);
        }
        if let Some((_, phase)) = phases.last_mut() {
            phase.children.push(node);
        }
    }
    for (_, phase) in &phases {
        out.push('\n');
        phase.write(&mut out, "", true, true);
    }
    let result = &trace.result;
    let _ = write!(out, "\nresult: {}", result.status);
    if let Some(code) = &result.code {
        let _ = write!(out, " {code}");
    }
    if let (Some(provider), Some(model)) = (&result.provider, &result.model) {
        let _ = write!(out, " from {provider}:{model}");
    }
    let _ = writeln!(out, " ({})", result.source);
    out
}
