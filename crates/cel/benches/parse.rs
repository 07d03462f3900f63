//! Parsing typical strategy and rule expressions: Switchyard's parser against the `cel` crate's.
//!
//! `cargo bench -p switchyard-cel --bench parse -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

/// Named expressions of the kinds policies hold (spec/cel.md).
const EXPRESSIONS: &[(&str, &str)] = &[
    (
        "filter_provider_error_rate",
        "ai.models.filter(m, m.provider_id == 'openai' && m.metrics.global.error_rate.total < 0.01)",
    ),
    ("sort_by_price", "ai.models.sortBy(m, m.pricing.input)"),
    (
        "filter_metadata_randomize",
        "ai.models.filter(m, 'tier' in m.metadata && m.metadata.tier == 'premium').randomize()",
    ),
    ("header_and_path", "req.headers['x-team'][0] == 'ml' && req.url.path.startsWith('/v1/')"),
    ("key_quota", "ai.keys.filter(k, k.quota.remaining_requests > 10)"),
    (
        "only_providers_under_cost",
        "ai.models.onlyProviders(['openai', 'anthropic']).underCost('text.input', 5.0)",
    ),
    (
        "latency_p95_sorted",
        "ai.models.filter(m, m.metrics.region.latency.upstream_ms_p95 < 2000).sortBy(m, m.metrics.region.latency.upstream_ms_p95)",
    ),
    (
        "exists_datacenter",
        "ai.models.filter(m, m.datacenters.exists(d, d.country_code == 'DE' || d.region == 'eu-west'))",
    ),
    (
        "conditional_by_header",
        "hasReqHeader('x-priority') && getReqHeader('x-priority')[0] == 'high' ? ai.models.only(['gpt-4o']) : ai.models.sortBy('price')",
    ),
    (
        "rule_method_and_cidr",
        "req.method in ['POST', 'PUT'] && !inCidrRange(conn.client_ip, '10.0.0.0/8') && size(req.url.query_params) < 20",
    ),
];

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (name, text) in EXPRESSIONS {
        assert!(switchyard_cel::parse(text).0.is_some(), "{name}");
        group.bench_function(format!("switchyard/{name}"), |b| {
            b.iter(|| switchyard_cel::parse(black_box(text)));
        });
        assert!(cel::parser::Parser::new().parse(text).is_ok(), "{name}");
        group.bench_function(format!("cel-0.15/{name}"), |b| {
            b.iter(|| cel::parser::Parser::new().parse(black_box(text)));
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
