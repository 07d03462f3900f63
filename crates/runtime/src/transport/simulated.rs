//! A transport with scripted outcomes, on simulated time.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::task::{Context, Poll};
use std::time::Duration;

use super::{TransportError, UpstreamRequest, UpstreamResponse};
use crate::clock::{Clock, SimulatedClock};

/// Who a script applies to: `provider`, `provider:model` or `provider:model#key-index`
/// (`policy explain --fail TARGET=OUTCOME`). Names compare case-insensitively; a model may
/// contain `:` (`ollama:llama3.2:1b`), the provider never does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The provider's id.
    pub provider: String,
    /// The model id, or every model.
    pub model: Option<String>,
    /// The key's 0-based index in `api_keys`, or every key.
    pub key_index: Option<usize>,
}

/// A target that is not `provider[:model[#key-index]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetParseError(pub String);

impl fmt::Display for TargetParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid target `{}`: expected provider[:model[#key-index]]", self.0)
    }
}

impl std::error::Error for TargetParseError {}

impl FromStr for Target {
    type Err = TargetParseError;

    fn from_str(text: &str) -> Result<Target, TargetParseError> {
        let error = || TargetParseError(text.to_owned());
        let Some((provider, rest)) = text.split_once(':') else {
            return if text.is_empty() || text.contains('#') {
                Err(error())
            } else {
                Ok(Target { provider: text.to_owned(), model: None, key_index: None })
            };
        };
        let (model, key_index) = match rest.rsplit_once('#') {
            Some((model, index)) => (model, Some(index.parse::<usize>().map_err(|_| error())?)),
            None => (rest, None),
        };
        if provider.is_empty() || model.is_empty() {
            return Err(error());
        }
        Ok(Target { provider: provider.to_owned(), model: Some(model.to_owned()), key_index })
    }
}

impl Target {
    /// How specific the target is (a key beats a model beats a provider); `None` when it does
    /// not match.
    fn specificity(&self, request: &UpstreamRequest) -> Option<u8> {
        let target = &request.target;
        if !self.provider.eq_ignore_ascii_case(&target.provider) {
            return None;
        }
        let Some(model) = &self.model else { return Some(0) };
        if !model.eq_ignore_ascii_case(&target.model) {
            return None;
        }
        match self.key_index {
            None => Some(1),
            Some(index) if Some(index) == target.key_index => Some(2),
            Some(_) => None,
        }
    }
}

/// What a simulated upstream does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimulatedOutcome {
    /// Answers with this status.
    Status(u16),
    /// Never answers.
    Timeout,
    /// Breaks the connection.
    Reset,
    /// Cannot be reached.
    Connect,
}

impl FromStr for SimulatedOutcome {
    type Err = String;

    fn from_str(text: &str) -> Result<SimulatedOutcome, String> {
        match text {
            "timeout" => Ok(SimulatedOutcome::Timeout),
            "reset" => Ok(SimulatedOutcome::Reset),
            "connect" => Ok(SimulatedOutcome::Connect),
            _ => match text.parse::<u16>() {
                Ok(status) if (100..=599).contains(&status) => Ok(SimulatedOutcome::Status(status)),
                _ => Err(format!(
                    "invalid outcome `{text}`: expected an HTTP status, `timeout`, `reset` or `connect`"
                )),
            },
        }
    }
}

#[derive(Clone, Debug)]
struct Script {
    target: Target,
    /// Played in order; the last one repeats.
    outcomes: Vec<SimulatedOutcome>,
    played: usize,
    latency: Option<Duration>,
    headers: Vec<(String, String)>,
}

/// A transport whose upstreams answer as scripted, after a simulated latency.
///
/// Targets without a script answer 200 after the default latency (zero unless set). The most
/// specific matching script wins (key, then model, then provider; the first added among equals).
/// Every request received is kept, in order, for tests to inspect.
#[derive(Clone, Debug)]
pub struct SimulatedTransport {
    clock: SimulatedClock,
    default_latency: Duration,
    scripts: Vec<Script>,
    requests: Vec<UpstreamRequest>,
}

impl SimulatedTransport {
    /// A transport whose latencies elapse on `clock`.
    pub fn new(clock: SimulatedClock) -> SimulatedTransport {
        SimulatedTransport {
            clock,
            default_latency: Duration::ZERO,
            scripts: Vec::new(),
            requests: Vec::new(),
        }
    }

    /// Sets the latency of targets without their own.
    #[must_use]
    pub fn with_default_latency(mut self, latency: Duration) -> SimulatedTransport {
        self.default_latency = latency;
        self
    }

    /// Makes `target` answer with `outcomes` in order, the last one repeating.
    #[must_use]
    pub fn with_outcomes(mut self, target: Target, outcomes: &[SimulatedOutcome]) -> Self {
        self.script_mut(target).outcomes = outcomes.to_vec();
        self
    }

    /// Makes `target` answer after `latency`.
    #[must_use]
    pub fn with_latency(mut self, target: Target, latency: Duration) -> SimulatedTransport {
        self.script_mut(target).latency = Some(latency);
        self
    }

    /// Adds response headers (such as rate-limit headers) to `target`'s answers.
    #[must_use]
    pub fn with_headers(mut self, target: Target, headers: &[(&str, &str)]) -> SimulatedTransport {
        self.script_mut(target)
            .headers
            .extend(headers.iter().map(|(name, value)| (name.to_lowercase(), (*value).to_owned())));
        self
    }

    fn script_mut(&mut self, target: Target) -> &mut Script {
        let position = self.scripts.iter().position(|script| script.target == target);
        let position = position.unwrap_or_else(|| {
            self.scripts.push(Script {
                target,
                outcomes: Vec::new(),
                played: 0,
                latency: None,
                headers: Vec::new(),
            });
            self.scripts.len() - 1
        });
        &mut self.scripts[position]
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> &[UpstreamRequest] {
        &self.requests
    }

    /// Plays the script for `request`: its outcome, latency and extra headers.
    fn play(
        &mut self,
        request: &UpstreamRequest,
    ) -> (SimulatedOutcome, Duration, Vec<(String, String)>) {
        let mut best: Option<(u8, usize)> = None;
        for (position, script) in self.scripts.iter().enumerate() {
            if let Some(rank) = script.target.specificity(request)
                && best.is_none_or(|(best_rank, _)| rank > best_rank)
            {
                best = Some((rank, position));
            }
        }
        let Some((_, position)) = best else {
            return (SimulatedOutcome::Status(200), self.default_latency, Vec::new());
        };
        let script = &mut self.scripts[position];
        let outcome = script
            .outcomes
            .get(script.played)
            .or(script.outcomes.last())
            .copied()
            .unwrap_or(SimulatedOutcome::Status(200));
        script.played += 1;
        (outcome, script.latency.unwrap_or(self.default_latency), script.headers.clone())
    }
}

/// The future of [`SimulatedTransport`]'s `call`.
pub type SimulatedFuture =
    Pin<Box<dyn Future<Output = Result<UpstreamResponse, TransportError>> + Send>>;

impl tower_service::Service<UpstreamRequest> for SimulatedTransport {
    type Response = UpstreamResponse;
    type Error = TransportError;
    type Future = SimulatedFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), TransportError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: UpstreamRequest) -> SimulatedFuture {
        let (outcome, latency, mut headers) = self.play(&request);
        self.requests.push(request);
        let sleep = self.clock.sleep_until(self.clock.now().saturating_add(latency));
        Box::pin(async move {
            sleep.await;
            match outcome {
                SimulatedOutcome::Status(status) => {
                    headers.insert(0, ("content-type".to_owned(), "application/json".to_owned()));
                    let body = format!("{{\"simulated\":true,\"status\":{status}}}").into_bytes();
                    Ok(UpstreamResponse { status, headers, body })
                }
                SimulatedOutcome::Timeout => std::future::pending().await,
                SimulatedOutcome::Reset => {
                    Err(TransportError::Reset("simulated connection reset".to_owned()))
                }
                SimulatedOutcome::Connect => {
                    Err(TransportError::Connect("simulated connection refused".to_owned()))
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse() {
        let target: Target = "ollama:llama3.2:1b#2".parse().unwrap();
        assert_eq!(target.provider, "ollama");
        assert_eq!(target.model.as_deref(), Some("llama3.2:1b"));
        assert_eq!(target.key_index, Some(2));
        let target: Target = "openai".parse().unwrap();
        assert_eq!(target.model, None);
        assert!("openai:".parse::<Target>().is_err());
        assert!("openai:gpt-4o#x".parse::<Target>().is_err());
        assert!("".parse::<Target>().is_err());
    }

    #[test]
    fn outcomes_parse() {
        assert_eq!("429".parse(), Ok(SimulatedOutcome::Status(429)));
        assert_eq!("timeout".parse(), Ok(SimulatedOutcome::Timeout));
        assert!("42".parse::<SimulatedOutcome>().is_err());
        assert!("slow".parse::<SimulatedOutcome>().is_err());
    }
}
