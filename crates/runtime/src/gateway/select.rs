//! Model selection (spec/ai-gateway.md §5.4) and the [`StrategyEval`] seam.
//!
//! Strategies are CEL expressions the evaluator runs; this module only needs their results, as
//! indexes into the universe (model strategies) or into the provider's `api_keys` (key
//! strategies). See the module docs of [`crate::gateway`] for how the evaluator binds to it.

use std::time::Duration;

use rand::Rng;
use switchyard_plan::expr::Expression;
use switchyard_plan::{ExprId, Gateway};

use super::errors::{ErrorCode, GatewayError};
use super::trace::{RejectedModel, StrategyTrace};
use super::universe::Candidate;
use crate::metrics::MetricsStore;

/// At most this many models are tried (Switchyard decision, §5.4).
pub const MAX_MODELS_TO_TRY: usize = 10;

/// Why a strategy produced no list.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StrategyError {
    /// Evaluation failed (model strategy: 3803; key strategy: 3808).
    Eval(String),
    /// The value is not a model / key nor a list of them; the payload names its type
    /// (model strategy: 3806; key strategy: 3808).
    WrongType(String),
}

/// What a model strategy sees: `ai.models` is `universe`, in order (spec/cel.md §4).
pub struct ModelStrategyInput<'a> {
    /// The gateway the universe comes from.
    pub gateway: &'a Gateway,
    /// `ai.models`.
    pub universe: &'a [Candidate<'a>],
    /// For `m.metrics`.
    pub metrics: &'a dyn MetricsStore,
    /// The clock's time, for metric windows.
    pub now: Duration,
    /// The request's seeded randomness, for `random()` and `randomize()`.
    pub rng: &'a mut dyn Rng,
}

/// What a key strategy sees: `ai.keys` is `keys`, `ai.model` is `model` (spec/cel.md §5).
pub struct KeyStrategyInput<'a> {
    /// The gateway.
    pub gateway: &'a Gateway,
    /// The model being attempted (its provider owns the keys).
    pub model: &'a Candidate<'a>,
    /// `ai.keys`, in `api_keys` order.
    pub keys: &'a [KeyView<'a>],
    /// For `k.quota` and `k.error_rate`.
    pub metrics: &'a dyn MetricsStore,
    /// The clock's time, for metric windows.
    pub now: Duration,
    /// The request's seeded randomness.
    pub rng: &'a mut dyn Rng,
}

/// A configured key as a strategy sees it (`AIKey`).
#[derive(Clone, Copy, Debug)]
pub struct KeyView<'a> {
    /// The key's index in `api_keys`.
    pub index: usize,
    /// `id`: a stable hash of the value ([`super::key_id`]).
    pub id: &'a str,
    /// `value`.
    pub value: &'a str,
}

/// Evaluates selection strategies: the seam between the request flow and the CEL evaluator.
///
/// `out` arrives empty; the implementation pushes the indexes of the result, in the result's
/// order (a single model or key is a one-element list). Indexes outside the input and
/// duplicates are tolerated: the flow drops them (the "allowed" filter). An error inside a
/// `filter` predicate should make that element not match rather than fail (spec/cel.md §6); an
/// empty list from `random()` or `[i]` on an empty list is an empty result, not an error.
pub trait StrategyEval {
    /// Evaluates model strategy `strategy` with `ai.models = input.universe`.
    fn eval_models(
        &mut self,
        strategy: ExprId,
        input: &mut ModelStrategyInput<'_>,
        out: &mut Vec<usize>,
    ) -> Result<(), StrategyError>;

    /// Evaluates key strategy `strategy` with `ai.keys = input.keys`, pushing indexes into
    /// `input.keys`.
    fn eval_keys(
        &mut self,
        strategy: ExprId,
        input: &mut KeyStrategyInput<'_>,
        out: &mut Vec<usize>,
    ) -> Result<(), StrategyError>;
}

/// A [`StrategyEval`] for plans without strategies: any call is an evaluation error.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoStrategies;

impl StrategyEval for NoStrategies {
    fn eval_models(
        &mut self,
        strategy: ExprId,
        _input: &mut ModelStrategyInput<'_>,
        _out: &mut Vec<usize>,
    ) -> Result<(), StrategyError> {
        Err(StrategyError::Eval(format!("no evaluator is bound for strategy {}", strategy.0)))
    }

    fn eval_keys(
        &mut self,
        strategy: ExprId,
        _input: &mut KeyStrategyInput<'_>,
        _out: &mut Vec<usize>,
    ) -> Result<(), StrategyError> {
        Err(StrategyError::Eval(format!("no evaluator is bound for strategy {}", strategy.0)))
    }
}

/// The source text and origin of a strategy, for traces.
pub(crate) fn describe(
    expressions: &[Expression],
    id: ExprId,
) -> (String, Option<switchyard_plan::Origin>) {
    match expressions.get(id.0 as usize) {
        Some(expression) => (expression.source.clone(), Some(expression.origin.clone())),
        None => (format!("<expression {}>", id.0), None),
    }
}

/// Keeps the valid, first occurrences of `indexes`, in order.
pub(crate) fn dedup_valid(indexes: &[usize], len: usize) -> Vec<usize> {
    let mut kept: Vec<usize> = Vec::with_capacity(indexes.len());
    for &index in indexes {
        if index < len && !kept.contains(&index) {
            kept.push(index);
        }
    }
    kept
}

fn labels(universe: &[Candidate<'_>], indexes: &[usize]) -> Vec<String> {
    indexes.iter().filter_map(|index| universe.get(*index)).map(Candidate::label).collect()
}

/// `models_to_try`, as indexes into `input.universe`, and the trace of every strategy.
///
/// `client` is `R(C)`, or `None` when the client left the choice to the gateway. Without
/// `detail`, only a failing strategy is recorded in `steps`.
pub(crate) fn select_models(
    input: &mut ModelStrategyInput<'_>,
    evaluator: &mut dyn StrategyEval,
    expressions: &[Expression],
    client: Option<&[usize]>,
    rejected: &[RejectedModel],
    detail: bool,
    steps: &mut Vec<StrategyTrace>,
) -> Result<Vec<usize>, GatewayError> {
    let strategies = &input.gateway.model_strategies;
    if strategies.is_empty() {
        let mut models = match client {
            Some([]) => return Err(no_matching_models(rejected)),
            Some(client) => client.to_vec(),
            None => (0..input.universe.len()).collect(),
        };
        models.truncate(MAX_MODELS_TO_TRY);
        return Ok(models);
    }
    let mut returned = Vec::new();
    let mut member = vec![false; input.universe.len()];
    for (position, &strategy) in strategies.iter().enumerate() {
        returned.clear();
        if let Err(error) = evaluator.eval_models(strategy, input, &mut returned) {
            let (expression, origin) = describe(expressions, strategy);
            let (message, error) = match error {
                StrategyError::Eval(message) => {
                    let error = GatewayError::new(
                        ErrorCode::SelectionFailed,
                        &format!("Model selection failed: {message}"),
                    );
                    (message, error)
                }
                StrategyError::WrongType(type_name) => {
                    let message = format!(
                        "Expression `{expression}` must return an AIModel or []AIModel, got `{type_name}`"
                    );
                    let error = GatewayError::new(ErrorCode::StrategyType, &message);
                    (message, error)
                }
            };
            steps.push(StrategyTrace {
                index: position,
                expression,
                origin,
                error: Some(message),
                result: labels(input.universe, &returned),
                ..StrategyTrace::default()
            });
            return Err(error);
        }
        member.fill(false);
        let mut allowed = Vec::with_capacity(returned.len());
        for &index in &returned {
            if let Some(seen) = member.get_mut(index)
                && !*seen
            {
                *seen = true;
                allowed.push(index);
            }
        }
        let filtered: Vec<usize> = match client {
            Some(client) => {
                client.iter().copied().filter(|index| member.get(*index) == Some(&true)).collect()
            }
            None => allowed.clone(),
        };
        let models = &filtered[..filtered.len().min(MAX_MODELS_TO_TRY)];
        if detail {
            let (expression, origin) = describe(expressions, strategy);
            steps.push(StrategyTrace {
                index: position,
                expression,
                origin,
                error: None,
                result: labels(input.universe, &returned),
                candidates_after_allowed_filter: labels(input.universe, &allowed),
                candidates_after_client_filter: labels(input.universe, &filtered),
                models_to_try: labels(input.universe, models),
            });
        }
        if !models.is_empty() {
            return Ok(models.to_vec());
        }
    }
    let detail = if client.is_some() {
        "no strategy kept any of the requested models"
    } else {
        "every strategy returned an empty list"
    };
    Err(GatewayError::new(
        ErrorCode::NoSelection,
        &format!("Model selection returned no results: {detail}"),
    ))
}

/// 3804, listing the rejected entries; restriction types when every entry was refused by a
/// restriction (errors.md §1).
fn no_matching_models(rejected: &[RejectedModel]) -> GatewayError {
    let list: Vec<String> =
        rejected.iter().map(|entry| format!("{} ({})", entry.model, entry.reason)).collect();
    let error = GatewayError::new(
        ErrorCode::NoMatchingModels,
        &format!("No matching models found: {}", list.join("; ")),
    );
    let all =
        |reason: &str| !rejected.is_empty() && rejected.iter().all(|entry| entry.reason == reason);
    if all("provider not allowed") {
        error.with_kind("provider_not_allowed")
    } else if all("model not allowed") {
        error.with_kind("model_not_allowed")
    } else {
        error
    }
}
