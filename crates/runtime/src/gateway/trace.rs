//! The decision trace of one `ai-gateway` run, as data.
//!
//! It serializes to the gateway part of `policy explain --format json` (DESIGN.md §4):
//! `candidates`, `strategies` (`expression`, `result`, `origin`), `attempts` (`provider`, `model`,
//! `key_index`, `key`, `outcome`, `elapsed_ms`) and `result` (`status`, `code`, `provider`,
//! `model`), plus what spec/ai-gateway.md §5.10 records (`client.rejected_models`, the
//! `model_selection[]` lists, `models_tried[]`). Keys are named by their plan label, never by
//! value. Candidates are written `provider:model`.

use serde::Serialize;
use switchyard_plan::Origin;

/// Everything the action decided, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GatewayTrace {
    /// The request's surface (`openai/chat-completions`), when the path is an AI endpoint.
    pub surface: Option<String>,
    /// What the client asked for.
    pub client: ClientTrace,
    /// The estimated prompt size, when it was needed (a limit or a context window).
    pub input_tokens: Option<u64>,
    /// The candidates at each stage: `universe`, `client` (`R(C)`), `models_to_try` (full
    /// traces only).
    pub candidates: Vec<CandidateStage>,
    /// Each model-selection strategy evaluated, in order (full traces; otherwise only a
    /// failing one).
    pub strategies: Vec<StrategyTrace>,
    /// Each model of `models_to_try` reached by failover, with its key selection.
    pub models_tried: Vec<ModelTrace>,
    /// Every upstream attempt, in order.
    pub attempts: Vec<AttemptTrace>,
    /// What the client receives.
    pub result: ResultTrace,
}

/// The client's models.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClientTrace {
    /// `model`, as sent.
    pub model: Option<String>,
    /// `models`, as sent.
    pub models: Vec<String>,
    /// The preference list `C`.
    pub preference: Vec<String>,
    /// Entries of `C` that resolved to nothing.
    pub rejected_models: Vec<RejectedModel>,
}

/// An entry of `C` that resolved to nothing, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RejectedModel {
    /// The entry.
    pub model: String,
    /// Why.
    pub reason: String,
}

/// The candidates at one stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CandidateStage {
    /// `universe`, `client` or `models_to_try`.
    pub stage: &'static str,
    /// `provider:model`, in order.
    pub models: Vec<String>,
}

/// One strategy's evaluation (the `model_selection[]` entry of spec §5.4).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StrategyTrace {
    /// The strategy's position.
    pub index: usize,
    /// The expression as written.
    pub expression: String,
    /// Where it was written.
    pub origin: Option<Origin>,
    /// The evaluation error, if any.
    pub error: Option<String>,
    /// What the strategy returned (`candidates_returned`).
    pub result: Vec<String>,
    /// After dropping what is not in the universe, and duplicates.
    pub candidates_after_allowed_filter: Vec<String>,
    /// After keeping only the client's models, in client order (the same list when the
    /// client left the choice to the gateway).
    pub candidates_after_client_filter: Vec<String>,
    /// The models to try, when this strategy won.
    pub models_to_try: Vec<String>,
}

/// A model reached by failover.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ModelTrace {
    /// The provider's id.
    pub provider: String,
    /// The model id.
    pub model: String,
    /// The model's author, or empty.
    pub author: String,
    /// Key-selection strategies evaluated for this model.
    pub api_key_selection: Vec<KeyStrategyTrace>,
    /// The keys to try, by index in `api_keys` (empty with the client's key or none).
    pub keys_to_try: Vec<usize>,
    /// Why the model was given up without (further) attempts, if it was.
    pub failure: Option<String>,
}

/// One key-selection strategy's evaluation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct KeyStrategyTrace {
    /// The strategy's position.
    pub index: usize,
    /// The expression as written.
    pub expression: String,
    /// The evaluation error, if any.
    pub error: Option<String>,
    /// The keys returned, by index.
    pub keys_returned: Vec<usize>,
    /// The keys kept (valid, deduplicated), by index.
    pub keys_to_try: Vec<usize>,
}

/// One upstream attempt.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AttemptTrace {
    /// The provider's id.
    pub provider: String,
    /// The model id sent.
    pub model: String,
    /// The configured key's 0-based index; `None` with the client's key or none.
    pub key_index: Option<usize>,
    /// The key's plan label (`secrets.get('openai','primary')`), `client key` for the client's
    /// own key, `None` without a key.
    pub key: Option<String>,
    /// `ok`, the HTTP status (`429`), `timeout`, `reset` or `connect`.
    pub outcome: String,
    /// The upstream status; 0 without a response.
    pub status_code: u16,
    /// When the attempt started, in milliseconds since the action started.
    pub started_ms: u64,
    /// How long it took, in milliseconds.
    pub elapsed_ms: u64,
    /// The upstream URL.
    pub url: String,
}

/// The action's result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ResultTrace {
    /// The HTTP status the client receives (with `on_error: continue`, the status the error
    /// would have had).
    pub status: u16,
    /// The error code, if any.
    pub code: Option<&'static str>,
    /// The provider that answered, on success.
    pub provider: Option<String>,
    /// The model that answered, on success.
    pub model: Option<String>,
    /// The error message, if any.
    pub message: Option<String>,
    /// Whether the error was handed to the next action (`on_error: continue`).
    pub continued: bool,
}
