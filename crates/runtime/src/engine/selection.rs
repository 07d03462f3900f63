//! The `ai-gateway` seams bound to linked programs: model and key strategies over native
//! `AIModel` / `AIKey` objects ([`Strategies`]), and config templates ([`Templates`]).
//!
//! The static part of every model object (ids, aliases, pricing, modalities, metadata) is built
//! once per plan load ([`GatewayObjects`]); each model of a universe is a copy of it
//! (reference-counted fields) with its position and its metrics from the [`MetricsStore`],
//! `m.metrics.api_keys` included. That list is kept and reused by later requests with the same
//! universe while the metrics refresh period lasts (10 s by default, spec/cel.md §4.2: metrics
//! are refreshed at most every 10 s), so that a request usually binds `ai.models` by cloning one
//! reference; a key strategy's `ai.model` is taken from that list too when it is there.
//!
//! Decisions:
//! - `global`, `region`, `account` and `endpoint` metrics are the same local aggregate
//!   (spec/cel.md §4.2); `gateway_ms_*` and `upstream_ms_*` latencies are the same figure (the
//!   store measures attempts); `start_time`/`end_time` are 0.
//! - `m.metrics.api_keys` has an entry per key of the model's provider that the store measured
//!   with this model ([`MetricsStore::model_keys`]: attempts in the window), keyed by key id (the
//!   hash of [`crate::gateway::key_id`], never the value): the key's figures with this model, and
//!   `quota`, the last quota the provider reported for the key with this model (fields `null`
//!   when never reported). A key without attempts is absent: guard with `'id' in
//!   m.metrics.api_keys`. The key ids come from the store, so the map needs no key value and is
//!   built with the rest of the model, once per refresh period.
//! - `ai.providers` and `ai.authors` are built only for strategies that read them.
//! - An `IndexOutOfRange` error (`random()` or `[i]` of an empty list) is an empty result
//!   (spec/cel.md §6).

use std::cell::RefCell;
use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use switchyard_plan::{ExprId, Gateway, Template};

use super::convert;
use super::scope::{Bound, Scope};
use crate::eval::{ErrorKind, VarSlot, vars};
use crate::gateway::{
    Candidate, CandidateModel, KeyStrategyInput, ModelStrategyInput, StrategyError, StrategyEval,
    TemplateError, TemplateEval,
};
use crate::metrics::{MetricsStore, WindowStats};
use crate::objects::{
    AiAuthor, AiKey, AiModel, AiProvider, ErrorRate, Latency, MetricScope, Metrics, Pricing, Quota,
    TextPricing,
};
use crate::value::{List, Map, MapKey, Value};

/// The static selection objects of one gateway: per provider, its `AIProvider` (without models)
/// and an `AIModel` per model; and the last `ai.models` built, reused while the universe and
/// the metrics refresh period are the same.
#[derive(Debug)]
pub(crate) struct GatewayObjects {
    providers: Vec<ProviderObjects>,
    refresh_ms: u64,
    cache: Mutex<Option<UniverseCache>>,
}

/// `ai.models` as built for a universe during one metrics refresh period.
#[derive(Debug)]
struct UniverseCache {
    period: u64,
    members: Vec<(usize, Member)>,
    models: Value,
}

/// A model of the universe, as the cache identifies it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Member {
    Known(usize),
    PassThrough(String),
}

fn member(candidate: &Candidate<'_>) -> (usize, Member) {
    let member = match &candidate.model {
        CandidateModel::Known { index, .. } => Member::Known(*index),
        CandidateModel::PassThrough(name) => Member::PassThrough(name.clone()),
    };
    (candidate.provider_index, member)
}

fn is_member((provider, member): &(usize, Member), candidate: &Candidate<'_>) -> bool {
    *provider == candidate.provider_index
        && match (member, &candidate.model) {
            (Member::Known(a), CandidateModel::Known { index, .. }) => a == index,
            (Member::PassThrough(a), CandidateModel::PassThrough(b)) => a == b,
            _ => false,
        }
}

fn same_members(members: &[(usize, Member)], universe: &[Candidate<'_>]) -> bool {
    members.len() == universe.len()
        && members.iter().zip(universe).all(|(member, candidate)| is_member(member, candidate))
}

#[derive(Clone, Debug)]
struct ProviderObjects {
    provider: AiProvider,
    models: Vec<AiModel>,
}

fn strings(items: &[String]) -> Value {
    Value::list(items.iter().map(|item| Value::from(item.as_str())))
}

impl GatewayObjects {
    /// The objects of `gateway`; `ai.models` is rebuilt at most once per `refresh` (never reused
    /// when it is zero).
    pub(crate) fn new(gateway: &Gateway, refresh: Duration) -> GatewayObjects {
        let providers = gateway
            .providers
            .iter()
            .map(|provider| {
                let aliases = strings(&provider.aliases);
                let metadata = convert::from_json(&provider.metadata);
                let models = provider
                    .models
                    .iter()
                    .map(|model| AiModel {
                        id: Value::from(model.id.as_str()),
                        id_aliases: strings(&model.aliases),
                        provider_id: Value::from(provider.id.as_str()),
                        provider_id_aliases: aliases.clone(),
                        author_id: Value::from(model.author_id.as_str()),
                        display_name: Value::from(model.display_name.as_str()),
                        description: Value::from(model.description.as_str()),
                        known: true.into(),
                        custom: model.custom.into(),
                        metadata: convert::from_json(&model.metadata),
                        input_modalities: strings(&model.input_modalities),
                        output_modalities: strings(&model.output_modalities),
                        supported_features: strings(&model.supported_features),
                        max_context_window: i64::try_from(model.max_context_window)
                            .unwrap_or(i64::MAX)
                            .into(),
                        max_output_tokens: i64::try_from(model.max_output_tokens)
                            .unwrap_or(i64::MAX)
                            .into(),
                        pricing: Value::object(Pricing {
                            input: model.pricing.input.into(),
                            output: model.pricing.output.into(),
                            text: Value::object(TextPricing {
                                input: model.pricing.input.into(),
                                output: model.pricing.output.into(),
                                input_cache_write: model.pricing.input_cache_write.into(),
                                input_cache_read: model.pricing.input_cache_read.into(),
                                input_batch: model.pricing.input_batch.into(),
                                output_batch: model.pricing.output_batch.into(),
                            }),
                            ..Pricing::default()
                        }),
                        ..AiModel::default()
                    })
                    .collect();
                let provider_object = AiProvider {
                    id: Value::from(provider.id.as_str()),
                    id_aliases: aliases.clone(),
                    display_name: Value::from(provider.display_name.as_str()),
                    description: Value::from(provider.description.as_str()),
                    website: Value::from(provider.website.as_str()),
                    base_url: Value::from(provider.base_url.as_str()),
                    custom: provider.custom.into(),
                    metadata,
                    ..AiProvider::default()
                };
                ProviderObjects { provider: provider_object, models }
            })
            .collect();
        GatewayObjects {
            providers,
            refresh_ms: u64::try_from(refresh.as_millis()).unwrap_or(u64::MAX),
            cache: Mutex::new(None),
        }
    }

    /// `ai.models` for `universe` at `now`: the cached list when the universe and the metrics
    /// refresh period are the same as last time.
    fn universe(
        &self,
        universe: &[Candidate<'_>],
        metrics: &dyn MetricsStore,
        now: Duration,
    ) -> Value {
        let period = self.period(now);
        let mut cache = self.lock();
        if let (Some(period), Some(cached)) = (period, cache.as_ref())
            && cached.period == period
            && same_members(&cached.members, universe)
        {
            return cached.models.clone();
        }
        let models = Value::List(
            universe
                .iter()
                .enumerate()
                .map(|(position, candidate)| {
                    Value::object(self.model(candidate, position, metrics, now))
                })
                .collect::<List>(),
        );
        if let Some(period) = period {
            *cache = Some(UniverseCache {
                period,
                members: universe.iter().map(member).collect(),
                models: models.clone(),
            });
        }
        models
    }

    /// The metrics refresh period `now` is in; `None` when nothing is reused.
    fn period(&self, now: Duration) -> Option<u64> {
        (self.refresh_ms > 0)
            .then(|| u64::try_from(now.as_millis()).unwrap_or(u64::MAX) / self.refresh_ms)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<UniverseCache>> {
        self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `ai.model` for `candidate` at `now`: its object in the cached `ai.models` of this refresh
    /// period, else a new one.
    fn attempted_model(
        &self,
        candidate: &Candidate<'_>,
        metrics: &dyn MetricsStore,
        now: Duration,
    ) -> Value {
        if let Some(period) = self.period(now)
            && let Some(cached) = self.lock().as_ref()
            && cached.period == period
            && let Some(position) =
                cached.members.iter().position(|member| is_member(member, candidate))
            && let Some(model) = cached.models.as_list().and_then(|models| models.get(position))
        {
            return model.clone();
        }
        Value::object(self.model(candidate, 0, metrics, now))
    }

    /// The `AIModel` of `candidate`, at `position`, with its metrics.
    fn model(
        &self,
        candidate: &Candidate<'_>,
        position: usize,
        metrics: &dyn MetricsStore,
        now: Duration,
    ) -> AiModel {
        let provider = self.providers.get(candidate.provider_index);
        let base = match (&candidate.model, provider) {
            (CandidateModel::Known { index, .. }, Some(provider)) => {
                provider.models.get(*index).cloned()
            }
            _ => None,
        };
        let mut model = base.unwrap_or_else(|| AiModel {
            id: Value::from(candidate.model_id()),
            provider_id: Value::from(candidate.provider.id.as_str()),
            provider_id_aliases: strings(&candidate.provider.aliases),
            metadata: provider.map_or_else(
                || convert::from_json(&candidate.provider.metadata),
                |provider| provider.provider.metadata.clone(),
            ),
            ..AiModel::default()
        });
        let (provider_id, model_id) = (candidate.provider.id.as_str(), candidate.model_id());
        let stats = metrics.model_stats(provider_id, model_id, now);
        let scope = scope_object(provider_id, model_id, &stats, None);
        let api_keys: Map = metrics
            .model_keys(provider_id, model_id, now)
            .iter()
            .map(|key| {
                let scope = scope_object(provider_id, model_id, &key.stats, Some(key.quota));
                (MapKey::from(key.key_id.as_str()), scope)
            })
            .collect();
        model.metrics = Value::object(Metrics {
            global: scope.clone(),
            region: scope.clone(),
            account: scope.clone(),
            endpoint: scope,
            api_keys: Value::Map(api_keys),
        });
        model.position = position;
        model
    }
}

fn error_rate(stats: &WindowStats) -> Value {
    Value::object(ErrorRate {
        total: stats.error_rate.total.into(),
        timeout: stats.error_rate.timeout.into(),
        rate_limit: stats.error_rate.rate_limit.into(),
        client: stats.error_rate.client.into(),
        server: stats.error_rate.server.into(),
    })
}

/// A `MetricScope`; `quota` only in the `api_keys` scope (spec/cel.md §4.2).
fn scope_object(
    provider: &str,
    model: &str,
    stats: &WindowStats,
    key_quota: Option<crate::metrics::Quota>,
) -> Value {
    let avg = i64::try_from(stats.latency_ms_avg).unwrap_or(i64::MAX);
    let p95 = i64::try_from(stats.latency_ms_p95).unwrap_or(i64::MAX);
    let mut scope = MetricScope {
        provider: Value::from(provider),
        model: Value::from(model),
        request_count: i64::try_from(stats.request_count).unwrap_or(i64::MAX).into(),
        latency: Value::object(Latency {
            gateway_ms_avg: avg.into(),
            gateway_ms_p95: p95.into(),
            upstream_ms_avg: avg.into(),
            upstream_ms_p95: p95.into(),
            ..Latency::default()
        }),
        error_rate: error_rate(stats),
        ..MetricScope::default()
    };
    if let Some(key_quota) = key_quota {
        scope.quota = quota(key_quota);
    }
    Value::object(scope)
}

fn quota(quota: crate::metrics::Quota) -> Value {
    Value::object(Quota {
        remaining_requests: quota.remaining_requests.into(),
        remaining_tokens: quota.remaining_tokens.into(),
        limit_requests: quota.limit_requests.into(),
        limit_tokens: quota.limit_tokens.into(),
    })
}

/// The [`StrategyEval`] of one `ai-gateway` run.
pub(crate) struct Strategies<'a> {
    pub(crate) bound: Bound<'a>,
    pub(crate) objects: &'a GatewayObjects,
    pub(crate) scope: &'a Scope,
    pub(crate) random: RefCell<StdRng>,
    /// `ai.models` of this run, built by the first model strategy.
    models: Option<Value>,
    /// Errors of selection predicates that counted as "not matching".
    pub(crate) absorbed: Vec<String>,
}

impl<'a> Strategies<'a> {
    pub(crate) fn new(
        bound: Bound<'a>,
        objects: &'a GatewayObjects,
        scope: &'a Scope,
        random: StdRng,
    ) -> Strategies<'a> {
        Strategies {
            bound,
            objects,
            scope,
            random: RefCell::new(random),
            models: None,
            absorbed: Vec::new(),
        }
    }

    /// Evaluates `strategy` and passes its value to `collect`.
    fn run(
        &mut self,
        strategy: ExprId,
        extra: &[(VarSlot, Value)],
        collect: impl FnOnce(&Value) -> Result<(), StrategyError>,
    ) -> Result<(), StrategyError> {
        let Some(program) = self.bound.programs.get(strategy.0 as usize) else {
            return Err(StrategyError::Eval(format!("no expression {}", strategy.0)));
        };
        let mut activation = crate::eval::Activation::new()
            .with_secrets(self.bound.secrets)
            .with_random(&self.random);
        self.scope.bind(&mut activation);
        for (slot, value) in extra {
            activation.set(*slot, value.clone());
        }
        let result = program.eval(&activation);
        let source = self.bound.source(strategy);
        for error in activation.take_absorbed_errors() {
            self.absorbed.push(format!("{source}: {error}"));
        }
        match result {
            Ok(value) => collect(&value),
            Err(error) if error.kind() == ErrorKind::IndexOutOfRange => Ok(()),
            Err(error) => Err(StrategyError::Eval(error.to_string())),
        }
    }
}

fn type_name(value: &Value) -> String {
    match value {
        Value::List(list) => {
            let item = list.iter().map(|item| item.type_value().name().to_owned()).next();
            format!("list({})", item.as_deref().unwrap_or("dyn"))
        }
        other => other.type_value().name().to_owned(),
    }
}

/// Pushes the positions of the `T` objects `value` holds (one, or a list of them).
fn positions<T: crate::value::Object>(
    value: &Value,
    position: fn(&T) -> usize,
    out: &mut Vec<usize>,
) -> Result<(), StrategyError> {
    if let Some(item) = value.downcast_ref::<T>() {
        out.push(position(item));
        return Ok(());
    }
    let Value::List(list) = value else {
        return Err(StrategyError::WrongType(type_name(value)));
    };
    for item in list {
        let Some(object) = item.downcast_ref::<T>() else {
            out.clear();
            return Err(StrategyError::WrongType(format!("list({})", item.type_value().name())));
        };
        out.push(position(object));
    }
    Ok(())
}

impl StrategyEval for Strategies<'_> {
    fn eval_models(
        &mut self,
        strategy: ExprId,
        input: &mut ModelStrategyInput<'_>,
        out: &mut Vec<usize>,
    ) -> Result<(), StrategyError> {
        let models = if let Some(models) = &self.models {
            models.clone()
        } else {
            let models = self.objects.universe(input.universe, input.metrics, input.now);
            self.models = Some(models.clone());
            models
        };
        let mut extra = vec![(vars::AI_MODELS, models.clone())];
        let reads = self
            .bound
            .programs
            .get(strategy.0 as usize)
            .map(|program| program.variables().to_vec())
            .unwrap_or_default();
        if reads.contains(&vars::AI_PROVIDERS) {
            extra.push((vars::AI_PROVIDERS, self.providers(input.universe, &models)));
        }
        if reads.contains(&vars::AI_AUTHORS) {
            extra.push((vars::AI_AUTHORS, authors(&models)));
        }
        self.run(strategy, &extra, |value| positions::<AiModel>(value, |model| model.position, out))
    }

    fn eval_keys(
        &mut self,
        strategy: ExprId,
        input: &mut KeyStrategyInput<'_>,
        out: &mut Vec<usize>,
    ) -> Result<(), StrategyError> {
        let provider = &input.model.provider.id;
        let keys = Value::list(input.keys.iter().enumerate().map(|(position, key)| {
            let stats = input.metrics.key_stats(provider, key.id, input.now);
            Value::object(AiKey {
                id: Value::from(key.id),
                value: Value::from(key.value),
                quota: quota(input.metrics.quota(provider, key.id)),
                error_rate: error_rate(&stats),
                position,
            })
        }));
        let model = self.objects.attempted_model(input.model, input.metrics, input.now);
        let extra = [(vars::AI_KEYS, keys), (vars::AI_MODEL, model)];
        self.run(strategy, &extra, |value| positions::<AiKey>(value, |key| key.position, out))
    }
}

impl Strategies<'_> {
    /// `ai.providers`: the providers of the universe, in order, each with its models.
    fn providers(&self, universe: &[Candidate<'_>], models: &Value) -> Value {
        let mut order: Vec<usize> = Vec::new();
        for candidate in universe {
            if !order.contains(&candidate.provider_index) {
                order.push(candidate.provider_index);
            }
        }
        let models = models.as_list().cloned().unwrap_or_default();
        Value::list(order.into_iter().map(|index| {
            let own = universe
                .iter()
                .enumerate()
                .filter(|(_, candidate)| candidate.provider_index == index)
                .filter_map(|(position, _)| models.get(position).cloned());
            let mut provider = self
                .objects
                .providers
                .get(index)
                .map(|provider| provider.provider.clone())
                .unwrap_or_default();
            provider.models = Value::list(own);
            Value::object(provider)
        }))
    }
}

/// `ai.authors`: the distinct authors of the universe's models, in order.
fn authors(models: &Value) -> Value {
    let mut seen: Vec<String> = Vec::new();
    for model in models.as_list().into_iter().flat_map(List::iter) {
        if let Some(model) = model.downcast_ref::<AiModel>()
            && let Some(author) = model.author_id.as_str()
            && !author.is_empty()
            && !seen.iter().any(|known| known.eq_ignore_ascii_case(author))
        {
            seen.push(author.to_owned());
        }
    }
    Value::list(
        seen.into_iter().map(|id| {
            Value::object(AiAuthor { id: Value::from(id.as_str()), ..AiAuthor::default() })
        }),
    )
}

/// The [`TemplateEval`] of one `ai-gateway` run.
pub(crate) struct Templates<'a> {
    pub(crate) bound: Bound<'a>,
    pub(crate) scope: &'a Scope,
    pub(crate) random: RefCell<StdRng>,
}

impl TemplateEval for Templates<'_> {
    fn eval_string(&mut self, template: &Template) -> Result<String, TemplateError> {
        self.bound
            .render_string(template, self.scope, &self.random)
            .map_err(|failure| TemplateError(failure.message()))
    }

    fn eval_value(&mut self, template: &Template) -> Result<serde_json::Value, TemplateError> {
        let value = self
            .bound
            .render_value(template, self.scope, &self.random)
            .map_err(|failure| TemplateError(failure.message()))?;
        convert::to_json(&value).map_err(TemplateError)
    }
}
