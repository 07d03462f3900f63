//! Attempt metrics: the [`MetricsStore`] trait and the in-process [`InMemoryMetrics`].
//!
//! Every upstream attempt is recorded (success or failure, with its latency and response
//! headers). Strategies read the aggregates of a rolling window (spec/cel.md §4.2 `Metrics`,
//! §5 `AIKey`): per provider and model, per provider and key, and per provider, model and key.
//!
//! Error kinds (spec/cel.md §4.2): `total` counts every attempt that did not succeed, timeouts
//! and connection failures included; `rate_limit` is 429; `client` other 4xx; `server` 5xx;
//! `timeout` no response in time. A connection failure counts in `total` only.
//!
//! Quotas are learned from the last response of a key that carried rate-limit headers:
//! `x-ratelimit-{remaining,limit}-{requests,tokens}` (`OpenAI` style) and
//! `anthropic-ratelimit-{requests,tokens}-{remaining,limit}`; per key (`AIKey.quota`) and per
//! key and model (`m.metrics.api_keys[id].quota`: providers limit each model separately).
//!
//! Keys are known by their id only ([`crate::gateway::key_id`], a hash of the value): no store
//! ever holds a key's value.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The window the in-memory store aggregates over.
pub const WINDOW: Duration = Duration::from_mins(5);

/// How an attempt ended, for error rates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptKind {
    /// 2xx or 3xx.
    Success,
    /// 429.
    RateLimited,
    /// Another 4xx.
    ClientError,
    /// 5xx (or any other non-success status).
    ServerError,
    /// No response before the deadline.
    Timeout,
    /// No HTTP response: connection refused or reset.
    Connection,
}

impl AttemptKind {
    /// The kind of an HTTP status.
    pub fn of_status(status: u16) -> AttemptKind {
        match status {
            200..=399 => AttemptKind::Success,
            429 => AttemptKind::RateLimited,
            400..=499 => AttemptKind::ClientError,
            _ => AttemptKind::ServerError,
        }
    }
}

/// One attempt, as recorded.
#[derive(Clone, Copy, Debug)]
pub struct AttemptSample<'a> {
    /// The provider's id.
    pub provider: &'a str,
    /// The model id sent upstream.
    pub model: &'a str,
    /// The key's id (a hash, spec/cel.md §5) when a configured key was used.
    pub key_id: Option<&'a str>,
    /// When the attempt ended ([`crate::clock::Clock::now`]).
    pub at: Duration,
    /// How long it took.
    pub latency: Duration,
    /// How it ended.
    pub kind: AttemptKind,
    /// The response headers (empty without a response).
    pub headers: &'a [(String, String)],
}

/// Error rates: fractions of the requests in the window, 0 when there were none.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ErrorRates {
    /// Any failure.
    pub total: f64,
    /// Timeouts.
    pub timeout: f64,
    /// 429s.
    pub rate_limit: f64,
    /// Other 4xx.
    pub client: f64,
    /// 5xx.
    pub server: f64,
}

/// Aggregates over the window.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WindowStats {
    /// Attempts in the window.
    pub request_count: u64,
    /// Error rates.
    pub error_rate: ErrorRates,
    /// Mean upstream latency, in milliseconds.
    pub latency_ms_avg: u64,
    /// 95th-percentile upstream latency (nearest rank), in milliseconds.
    pub latency_ms_p95: u64,
}

/// A key's quota as the provider last reported it; `None` when never reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quota {
    /// Requests left.
    pub remaining_requests: Option<i64>,
    /// Tokens left.
    pub remaining_tokens: Option<i64>,
    /// Request limit.
    pub limit_requests: Option<i64>,
    /// Token limit.
    pub limit_tokens: Option<i64>,
}

/// The figures of one key of a provider used with one model (`m.metrics.api_keys[id]`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyStats {
    /// The key's id ([`crate::gateway::key_id`]).
    pub key_id: String,
    /// Aggregates over the window.
    pub stats: WindowStats,
    /// The quota last reported for the key with this model.
    pub quota: Quota,
}

/// Where attempts are recorded and strategies read their metrics.
///
/// Methods take `&self`: implementations synchronise internally, and may be shared by many
/// requests at once. `now` is the reader's clock, so windows are deterministic under a
/// simulated clock.
pub trait MetricsStore {
    /// Records one attempt.
    fn record(&self, sample: &AttemptSample<'_>);

    /// Aggregates for a provider's model.
    fn model_stats(&self, provider: &str, model: &str, now: Duration) -> WindowStats;

    /// Aggregates for one key of a provider, over all its models.
    fn key_stats(&self, provider: &str, key_id: &str, now: Duration) -> WindowStats;

    /// The keys of a provider measured with one of its models, by key id (ascending): those
    /// with attempts in the window. Sparse: a key not used with the model is absent.
    fn model_keys(&self, provider: &str, model: &str, now: Duration) -> Vec<KeyStats>;

    /// The quota last reported for a key of a provider.
    fn quota(&self, provider: &str, key_id: &str) -> Quota;
}

/// The default store: everything in this process, a rolling window of [`WINDOW`].
#[derive(Debug, Default)]
pub struct InMemoryMetrics {
    state: Mutex<MetricsState>,
}

#[derive(Debug, Default)]
struct MetricsState {
    models: HashMap<(String, String), Samples>,
    keys: HashMap<(String, String), Samples>,
    /// Per provider and model, per key id.
    model_keys: HashMap<(String, String), BTreeMap<String, KeyRecord>>,
    quotas: HashMap<(String, String), Quota>,
}

/// One key's attempts with one model, and the quota they last reported.
#[derive(Debug, Default)]
struct KeyRecord {
    samples: Samples,
    quota: Quota,
}

#[derive(Clone, Copy, Debug)]
struct Sample {
    at: Duration,
    latency_ms: u64,
    kind: AttemptKind,
}

#[derive(Debug, Default)]
struct Samples(VecDeque<Sample>);

impl Samples {
    fn push(&mut self, sample: Sample) {
        let start = sample.at.saturating_sub(WINDOW);
        while self.0.front().is_some_and(|old| old.at < start) {
            self.0.pop_front();
        }
        self.0.push_back(sample);
    }

    fn stats(&self, now: Duration) -> WindowStats {
        let start = now.saturating_sub(WINDOW);
        let live: Vec<&Sample> =
            self.0.iter().filter(|sample| sample.at >= start && sample.at <= now).collect();
        if live.is_empty() {
            return WindowStats::default();
        }
        let count = live.len() as u64;
        #[allow(clippy::cast_precision_loss)] // Counts are far below 2^52.
        let rate = |test: fn(AttemptKind) -> bool| {
            live.iter().filter(|sample| test(sample.kind)).count() as f64 / count as f64
        };
        let mut latencies: Vec<u64> = live.iter().map(|sample| sample.latency_ms).collect();
        latencies.sort_unstable();
        let sum: u64 = latencies.iter().fold(0, |acc, latency| acc.saturating_add(*latency));
        // Nearest rank: the smallest value with at least 95% of the samples at or below it.
        let rank = (latencies.len() * 95).div_ceil(100).max(1);
        WindowStats {
            request_count: count,
            error_rate: ErrorRates {
                total: rate(|kind| kind != AttemptKind::Success),
                timeout: rate(|kind| kind == AttemptKind::Timeout),
                rate_limit: rate(|kind| kind == AttemptKind::RateLimited),
                client: rate(|kind| kind == AttemptKind::ClientError),
                server: rate(|kind| kind == AttemptKind::ServerError),
            },
            latency_ms_avg: sum / count,
            latency_ms_p95: latencies.get(rank - 1).copied().unwrap_or_default(),
        }
    }
}

impl InMemoryMetrics {
    fn lock(&self) -> MutexGuard<'_, MetricsState> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl MetricsStore for InMemoryMetrics {
    fn record(&self, sample: &AttemptSample<'_>) {
        let entry = Sample {
            at: sample.at,
            latency_ms: u64::try_from(sample.latency.as_millis()).unwrap_or(u64::MAX),
            kind: sample.kind,
        };
        let provider = sample.provider.to_owned();
        let model = (provider.clone(), sample.model.to_owned());
        let mut state = self.lock();
        state.models.entry(model.clone()).or_default().push(entry);
        if let Some(key_id) = sample.key_id {
            state.keys.entry((provider.clone(), key_id.to_owned())).or_default().push(entry);
            let record =
                state.model_keys.entry(model).or_default().entry(key_id.to_owned()).or_default();
            record.samples.push(entry);
            if let Some(quota) = quota_from_headers(sample.headers) {
                record.quota = quota;
                state.quotas.insert((provider, key_id.to_owned()), quota);
            }
        }
    }

    fn model_stats(&self, provider: &str, model: &str, now: Duration) -> WindowStats {
        let state = self.lock();
        state
            .models
            .get(&(provider.to_owned(), model.to_owned()))
            .map(|samples| samples.stats(now))
            .unwrap_or_default()
    }

    fn key_stats(&self, provider: &str, key_id: &str, now: Duration) -> WindowStats {
        let state = self.lock();
        state
            .keys
            .get(&(provider.to_owned(), key_id.to_owned()))
            .map(|samples| samples.stats(now))
            .unwrap_or_default()
    }

    fn model_keys(&self, provider: &str, model: &str, now: Duration) -> Vec<KeyStats> {
        let state = self.lock();
        let Some(keys) = state.model_keys.get(&(provider.to_owned(), model.to_owned())) else {
            return Vec::new();
        };
        keys.iter()
            .map(|(key_id, record)| KeyStats {
                key_id: key_id.clone(),
                stats: record.samples.stats(now),
                quota: record.quota,
            })
            .filter(|key| key.stats.request_count > 0)
            .collect()
    }

    fn quota(&self, provider: &str, key_id: &str) -> Quota {
        self.lock()
            .quotas
            .get(&(provider.to_owned(), key_id.to_owned()))
            .copied()
            .unwrap_or_default()
    }
}

/// The quota a response reports, if it has any rate-limit header.
pub fn quota_from_headers(headers: &[(String, String)]) -> Option<Quota> {
    let mut quota = Quota::default();
    let mut seen = false;
    for (name, value) in headers {
        let slot = match name.to_ascii_lowercase().as_str() {
            "x-ratelimit-remaining-requests" | "anthropic-ratelimit-requests-remaining" => {
                &mut quota.remaining_requests
            }
            "x-ratelimit-remaining-tokens" | "anthropic-ratelimit-tokens-remaining" => {
                &mut quota.remaining_tokens
            }
            "x-ratelimit-limit-requests" | "anthropic-ratelimit-requests-limit" => {
                &mut quota.limit_requests
            }
            "x-ratelimit-limit-tokens" | "anthropic-ratelimit-tokens-limit" => {
                &mut quota.limit_tokens
            }
            _ => continue,
        };
        if let Ok(number) = value.trim().parse::<i64>() {
            *slot = Some(number);
            seen = true;
        }
    }
    seen.then_some(quota)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(
        at_s: u64,
        latency_ms: u64,
        kind: AttemptKind,
        headers: &[(String, String)],
    ) -> AttemptSample<'_> {
        AttemptSample {
            provider: "openai",
            model: "gpt-4o",
            key_id: Some("k1"),
            at: Duration::from_secs(at_s),
            latency: Duration::from_millis(latency_ms),
            kind,
            headers,
        }
    }

    #[test]
    fn rates_latencies_and_the_window() {
        let store = InMemoryMetrics::default();
        store.record(&sample(0, 900, AttemptKind::ServerError, &[]));
        for (second, kind) in [
            (400, AttemptKind::Success),
            (401, AttemptKind::RateLimited),
            (402, AttemptKind::Timeout),
            (403, AttemptKind::Success),
        ] {
            store.record(&sample(second, 100 * (second - 399), kind, &[]));
        }
        let stats = store.model_stats("openai", "gpt-4o", Duration::from_secs(403));
        assert_eq!(stats.request_count, 4);
        assert!((stats.error_rate.total - 0.5).abs() < 1e-9);
        assert!((stats.error_rate.rate_limit - 0.25).abs() < 1e-9);
        assert!((stats.error_rate.timeout - 0.25).abs() < 1e-9);
        assert!(stats.error_rate.server.abs() < 1e-9);
        assert_eq!(stats.latency_ms_avg, 250);
        assert_eq!(stats.latency_ms_p95, 400);
        assert_eq!(store.key_stats("openai", "k1", Duration::from_secs(403)).request_count, 4);
        assert_eq!(
            store.model_stats("openai", "gpt-4o", Duration::from_secs(800)),
            WindowStats::default()
        );
    }

    #[test]
    fn quotas_from_both_header_styles() {
        let headers = vec![
            ("x-ratelimit-remaining-requests".to_owned(), "12".to_owned()),
            ("anthropic-ratelimit-tokens-limit".to_owned(), "4000".to_owned()),
            ("x-ratelimit-limit-tokens".to_owned(), "lots".to_owned()),
        ];
        let store = InMemoryMetrics::default();
        store.record(&sample(1, 10, AttemptKind::Success, &headers));
        let quota = store.quota("openai", "k1");
        assert_eq!(quota.remaining_requests, Some(12));
        assert_eq!(quota.limit_tokens, Some(4000));
        assert_eq!(quota.remaining_tokens, None);
        assert_eq!(quota_from_headers(&[]), None);
    }

    #[test]
    fn keys_per_model_are_sparse_windowed_and_carry_their_quota() {
        let headers = vec![("x-ratelimit-remaining-requests".to_owned(), "7".to_owned())];
        let store = InMemoryMetrics::default();
        store.record(&sample(1, 10, AttemptKind::Success, &headers));
        store.record(&AttemptSample {
            key_id: Some("k0"),
            ..sample(2, 30, AttemptKind::RateLimited, &[])
        });
        store.record(&AttemptSample {
            model: "gpt-4o-mini",
            key_id: Some("k2"),
            ..sample(3, 10, AttemptKind::Success, &[])
        });
        store.record(&AttemptSample { key_id: None, ..sample(4, 10, AttemptKind::Success, &[]) });
        let keys = store.model_keys("openai", "gpt-4o", Duration::from_secs(5));
        let ids: Vec<&str> = keys.iter().map(|key| key.key_id.as_str()).collect();
        assert_eq!(ids, ["k0", "k1"], "sorted, only the keys used with the model");
        assert!((keys[0].stats.error_rate.rate_limit - 1.0).abs() < 1e-9);
        assert_eq!(keys[0].quota, Quota::default());
        assert_eq!(keys[1].stats.request_count, 1);
        assert_eq!(keys[1].quota.remaining_requests, Some(7));
        assert_eq!(store.model_keys("openai", "gpt-4o-mini", Duration::from_secs(5)).len(), 1);
        assert!(store.model_keys("openai", "o3", Duration::from_secs(5)).is_empty());
        assert!(
            store.model_keys("openai", "gpt-4o", Duration::from_secs(400)).is_empty(),
            "keys without attempts in the window are absent"
        );
    }
}
