//! The universe `U` of one request and the resolution of the client list (spec/ai-gateway.md
//! §4, §5.3).
//!
//! The plan's gateway already holds the providers in universe order, merged with the built-in
//! catalog, with disabled providers and models and the `only_allow_configured_*` exclusions
//! removed. Per request the runtime only drops the providers that do not speak the request's
//! surface (§5.3 step 6) and appends the pass-through models that the client list creates
//! (step 7).
//!
//! Decisions:
//! - A provider prefix is recognised when it names a provider of the plan or a built-in provider
//!   (spec §3; the plan no longer lists built-ins that the config excluded, so their names are
//!   kept here). A built-in named this way that the plan does not hold is `provider not allowed`.
//! - A provider of the plan that does not speak the request's surface rejects the entry with
//!   `provider does not support the <format> <surface> API`.
//! - Bare names match the known models of `U` only, never pass-through models that an earlier
//!   entry created.

use switchyard_plan::{Gateway, Model, Provider};

use super::model_ref::{ModelRef, parse_model_ref};
use super::surface::{RequestSurface, format_name, kind_name, matching_entry};
use super::trace::RejectedModel;

/// Built-in provider ids and aliases (spec/ai-gateway.md §3), for recognising prefixes.
const BUILTIN_PROVIDERS: &[&str] = &[
    "anthropic",
    "deepseek",
    "deep-seek",
    "google",
    "gemini",
    "groq",
    "groqcloud",
    "hyperbolic",
    "inceptionlabs",
    "inception-labs",
    "inception",
    "inference-net",
    "inference.net",
    "inference_net",
    "openai",
    "open-ai",
    "openrouter",
    "open-router",
];

/// A (provider, model) pair of the universe.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate<'g> {
    /// The provider's index in the gateway's `providers`.
    pub provider_index: usize,
    /// The provider.
    pub provider: &'g Provider,
    /// The model.
    pub model: CandidateModel<'g>,
}

/// The model of a [`Candidate`].
#[derive(Clone, Debug, PartialEq)]
pub enum CandidateModel<'g> {
    /// A model of the catalog or the config.
    Known {
        /// Its index in the provider's `models`.
        index: usize,
        /// The model.
        model: &'g Model,
    },
    /// A model the client named with a provider prefix that the provider does not list
    /// (`known = false`, `custom = false`).
    PassThrough(String),
}

impl<'g> Candidate<'g> {
    /// The model id sent upstream.
    pub fn model_id(&self) -> &str {
        match &self.model {
            CandidateModel::Known { model, .. } => &model.id,
            CandidateModel::PassThrough(id) => id,
        }
    }

    /// The model's definition, unless it is a pass-through model.
    pub fn known_model(&self) -> Option<&'g Model> {
        match self.model {
            CandidateModel::Known { model, .. } => Some(model),
            CandidateModel::PassThrough(_) => None,
        }
    }

    /// `provider:model`, as traces name candidates.
    pub fn label(&self) -> String {
        format!("{}:{}", self.provider.id, self.model_id())
    }

    fn same_as(&self, other: &Candidate<'_>) -> bool {
        self.provider_index == other.provider_index
            && match (&self.model, &other.model) {
                (
                    CandidateModel::Known { index: a, .. },
                    CandidateModel::Known { index: b, .. },
                ) => a == b,
                (CandidateModel::PassThrough(a), CandidateModel::PassThrough(b)) => {
                    a.eq_ignore_ascii_case(b)
                }
                _ => false,
            }
    }
}

fn names_provider(provider: &Provider, name: &str) -> bool {
    provider.id.eq_ignore_ascii_case(name)
        || provider.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(name))
}

fn names_model(model: &Model, name: &str) -> bool {
    model.id.eq_ignore_ascii_case(name)
        || model.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(name))
}

/// Whether `name` is the id or an alias of a provider of the plan or of a built-in provider.
fn is_known_provider(gateway: &Gateway, name: &str) -> bool {
    gateway.providers.iter().any(|provider| names_provider(provider, name))
        || BUILTIN_PROVIDERS.iter().any(|builtin| builtin.eq_ignore_ascii_case(name))
}

/// Whether `provider` accepts requests of `surface`.
pub(crate) fn speaks(provider: &Provider, surface: Option<RequestSurface>) -> bool {
    surface.is_none_or(|surface| matching_entry(provider, surface).is_some())
}

/// The known models of the providers that speak `surface` (all providers for `None`), in
/// universe order.
pub(crate) fn build(gateway: &Gateway, surface: Option<RequestSurface>) -> Vec<Candidate<'_>> {
    let mut universe = Vec::new();
    for (provider_index, provider) in gateway.providers.iter().enumerate() {
        if !speaks(provider, surface) {
            continue;
        }
        for (index, model) in provider.models.iter().enumerate() {
            universe.push(Candidate {
                provider_index,
                provider,
                model: CandidateModel::Known { index, model },
            });
        }
    }
    universe
}

/// `R(C)` as indexes into the universe, and the rejected entries.
#[derive(Debug, Default)]
pub(crate) struct Resolution {
    pub(crate) client: Vec<usize>,
    pub(crate) rejected: Vec<RejectedModel>,
}

/// Resolves the client list against `universe`, appending pass-through models to it.
pub(crate) fn resolve<'g>(
    gateway: &'g Gateway,
    surface: RequestSurface,
    universe: &mut Vec<Candidate<'g>>,
    preference: &[String],
) -> Resolution {
    let mut resolution = Resolution::default();
    for entry in preference {
        let mut found = Vec::new();
        let reason = match parse_model_ref(entry, |name| is_known_provider(gateway, name)) {
            ModelRef::Qualified { provider, model } => {
                resolve_qualified(gateway, surface, universe, provider, model, &mut found)
            }
            ModelRef::Bare(model) => {
                Some(resolve_bare(gateway, surface, universe, model, &mut found))
            }
        };
        if found.is_empty() {
            resolution.rejected.push(RejectedModel {
                model: entry.clone(),
                reason: reason.unwrap_or_else(|| "model unknown".to_owned()),
            });
        }
        for index in found {
            if !resolution.client.iter().any(|seen| universe[*seen].same_as(&universe[index])) {
                resolution.client.push(index);
            }
        }
    }
    resolution
}

/// Pushes the candidates of `provider:model`; returns why there are none.
fn resolve_qualified<'g>(
    gateway: &'g Gateway,
    surface: RequestSurface,
    universe: &mut Vec<Candidate<'g>>,
    provider_name: &str,
    model_name: &str,
    found: &mut Vec<usize>,
) -> Option<String> {
    if model_name.is_empty() {
        return Some("empty model name".to_owned());
    }
    let mut reason = Some("provider not allowed".to_owned());
    for (provider_index, provider) in gateway.providers.iter().enumerate() {
        if !names_provider(provider, provider_name) {
            continue;
        }
        if !speaks(provider, Some(surface)) {
            reason = Some(format!(
                "provider does not support the {} {} API",
                format_name(surface.format),
                kind_name(surface.kind)
            ));
            continue;
        }
        let known = universe.iter().position(|candidate| {
            candidate.provider_index == provider_index
                && candidate.known_model().is_some_and(|model| names_model(model, model_name))
        });
        if let Some(index) = known {
            found.push(index);
            continue;
        }
        if gateway.only_allow_configured_models {
            reason = Some("model not allowed".to_owned());
            continue;
        }
        let pass_through = Candidate {
            provider_index,
            provider,
            model: CandidateModel::PassThrough(model_name.to_owned()),
        };
        if let Some(index) = universe.iter().position(|candidate| candidate.same_as(&pass_through))
        {
            found.push(index);
        } else {
            universe.push(pass_through);
            found.push(universe.len() - 1);
        }
    }
    reason
}

/// Pushes the known models named `model_name`; returns why there would be none.
fn resolve_bare(
    gateway: &Gateway,
    surface: RequestSurface,
    universe: &[Candidate<'_>],
    model_name: &str,
    found: &mut Vec<usize>,
) -> String {
    for (index, candidate) in universe.iter().enumerate() {
        if candidate.known_model().is_some_and(|model| names_model(model, model_name)) {
            found.push(index);
        }
    }
    let elsewhere = gateway.providers.iter().any(|provider| {
        !speaks(provider, Some(surface))
            && provider.models.iter().any(|model| names_model(model, model_name))
    });
    if elsewhere {
        format!(
            "model not available for the {} {} API",
            format_name(surface.format),
            kind_name(surface.kind)
        )
    } else {
        "model unknown (use a provider prefix such as `provider:model`)".to_owned()
    }
}
