//! How long `check_file` takes on large and typical policies.

use std::fmt::Write;

use criterion::{Criterion, criterion_group, criterion_main};
use switchyard_compile::{CheckOptions, check_file};
use switchyard_diagnostics::FileId;

/// A policy with `providers` custom providers (three models, one key each) in one `ai-gateway`,
/// and `rules` guarded rules before it.
fn large_policy(providers: usize, rules: usize) -> String {
    let mut text = String::from("on_http_request:\n");
    for i in 0..rules {
        let _ = write!(
            text,
            "  - name: rule {i}\n    expressions:\n      - \"req.url.path.startsWith('/team-{i}/') && hasReqHeader('x-team')\"\n    actions:\n      - type: add-headers\n        config:\n          headers:\n            x-rule: \"rule-{i} ${{req.id}}\"\n"
        );
    }
    text.push_str(
        "  - type: ai-gateway\n    config:\n      per_request_timeout: 20s\n      providers:\n",
    );
    for i in 0..providers {
        let _ = write!(
            text,
            "        - id: provider-{i}\n          base_url: https://llm-{i}.example.com/v1\n          api_keys:\n            - value: ${{secrets.get('vault', 'key-{i}')}}\n          metadata: {{region: eu, tier: {tier}}}\n          models:\n            - id: model-a\n            - id: model-b\n              max_context_window: 128000\n            - id: model-c\n",
            tier = i % 3
        );
    }
    text.push_str(
        "      model_selection:\n        strategy:\n          - \"ai.models.filter(m, m.metrics.global.error_rate.total < 0.05)\"\n          - ai.models\n",
    );
    text
}

fn bench(c: &mut Criterion) {
    let large = large_policy(200, 50);
    let typical = include_str!("../../../examples/multi-provider-failover.yaml");
    let options = CheckOptions::default();
    assert!(
        check_file(&large, FileId(0), &options)
            .iter()
            .all(|d| d.severity != switchyard_diagnostics::Severity::Error)
    );
    c.bench_function("check/200-providers-50-rules", |b| {
        b.iter(|| check_file(&large, FileId(0), &options));
    });
    c.bench_function("check/typical-example", |b| {
        b.iter(|| check_file(typical, FileId(0), &options));
    });
    c.bench_function("stage/yaml-200-providers-50-rules", |b| {
        b.iter(|| switchyard_syntax::yaml::parse_stream(&large, FileId(0)));
    });
    c.bench_function("stage/decode-200-providers-50-rules", |b| {
        b.iter(|| switchyard_syntax::parse_policy_file(&large, FileId(0)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
