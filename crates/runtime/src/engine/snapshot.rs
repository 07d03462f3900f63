//! [`SnapshotMetrics`]: a [`MetricsStore`] with fixed figures, for previews and tests.

use std::collections::HashMap;
use std::time::Duration;

use crate::metrics::{AttemptSample, KeyStats, MetricsStore, Quota, WindowStats};

/// Metrics that do not change: figures per provider and model, and per provider and key id,
/// given up front (`policy explain --metrics FILE`). Recording an attempt changes nothing, so
/// that a preview shows the decisions of the snapshot. Names compare case-insensitively.
///
/// A key's figures have no model dimension: they are the key's (`AIKey`) and also its entry in
/// `m.metrics.api_keys` for every model of the provider.
#[derive(Clone, Debug, Default)]
pub struct SnapshotMetrics {
    models: HashMap<(String, String), WindowStats>,
    keys: HashMap<(String, String), (WindowStats, Quota)>,
}

fn lower(provider: &str, name: &str) -> (String, String) {
    (provider.to_ascii_lowercase(), name.to_ascii_lowercase())
}

impl SnapshotMetrics {
    /// Sets the figures of `provider`'s `model`.
    pub fn set_model(&mut self, provider: &str, model: &str, stats: WindowStats) {
        self.models.insert(lower(provider, model), stats);
    }

    /// Sets the figures and the quota of `provider`'s key `key_id` (see
    /// [`key_id`](crate::gateway::key_id)).
    pub fn set_key(&mut self, provider: &str, key_id: &str, stats: WindowStats, quota: Quota) {
        self.keys.insert(lower(provider, key_id), (stats, quota));
    }
}

impl MetricsStore for SnapshotMetrics {
    fn record(&self, _sample: &AttemptSample<'_>) {}

    fn model_stats(&self, provider: &str, model: &str, _now: Duration) -> WindowStats {
        self.models.get(&lower(provider, model)).copied().unwrap_or_default()
    }

    fn key_stats(&self, provider: &str, key_id: &str, _now: Duration) -> WindowStats {
        self.keys.get(&lower(provider, key_id)).map(|(stats, _)| *stats).unwrap_or_default()
    }

    fn model_keys(&self, provider: &str, _model: &str, _now: Duration) -> Vec<KeyStats> {
        let mut keys: Vec<KeyStats> = self
            .keys
            .iter()
            .filter(|((owner, _), _)| owner.eq_ignore_ascii_case(provider))
            .map(|((_, key_id), (stats, quota))| KeyStats {
                key_id: key_id.clone(),
                stats: *stats,
                quota: *quota,
            })
            .collect();
        keys.sort_by(|a, b| a.key_id.cmp(&b.key_id));
        keys
    }

    fn quota(&self, provider: &str, key_id: &str) -> Quota {
        self.keys.get(&lower(provider, key_id)).map(|(_, quota)| *quota).unwrap_or_default()
    }
}
