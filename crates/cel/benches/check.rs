//! Checking typical strategy and rule expressions in a policy-like environment.
//!
//! `cargo bench -p switchyard-cel --bench check -- --warm-up-time 1 --measurement-time 3`
//!
//! `check/<template>` checks one expression per iteration; `check/1000_strategies` checks 1,000
//! expressions generated from the templates (criterion's time is for all 1,000: divide by 1,000
//! for the time per expression, or read the throughput).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use switchyard_cel::env::{Env, ObjectType, Overload};
use switchyard_cel::{Type, check, parse};

/// Templates of the strategies and rules policies hold (spec/cel.md); `{p}`, `{n}` and `{f}`
/// vary between the generated expressions.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "filter_provider_error_rate",
        "ai.models.filter(m, m.provider_id == '{p}' && m.metrics.global.error_rate.total < 0.0{n})",
    ),
    ("sort_by_price", "ai.models.sortBy(m, m.pricing.{f})"),
    (
        "filter_metadata_randomize",
        "ai.models.filter(m, 'tier' in m.metadata && m.metadata.tier == '{p}').randomize()",
    ),
    ("header_and_path", "req.headers['x-team'][0] == '{p}' && req.url.path.startsWith('/v{n}/')"),
    ("key_quota", "ai.keys.filter(k, k.quota.remaining_requests > {n}0)"),
    (
        "only_providers_under_cost",
        "ai.models.onlyProviders(['{p}', 'anthropic']).underCost('text.input', {n}.0)",
    ),
    (
        "latency_p95_sorted",
        "ai.models.filter(m, m.metrics.region.latency.upstream_ms_p95 < {n}000).sortBy(m, m.metrics.region.latency.upstream_ms_p95)",
    ),
    (
        "exists_datacenter",
        "ai.models.filter(m, m.datacenters.exists(d, d.country_code == '{p}' || d.region == 'eu-west-{n}'))",
    ),
    (
        "conditional_by_header",
        "hasReqHeader('x-priority') && getReqHeader('x-priority')[0] == '{p}' ? ai.models.only(['gpt-{n}o']) : ai.models.sortBy('price')",
    ),
    (
        "rule_method_and_cidr",
        "req.method in ['POST', 'PUT'] && !inCidrRange(conn.client_ip, '10.{n}.0.0/8') && size(req.url.query_params) < {n}0",
    ),
];

const PROVIDERS: &[&str] = &["openai", "anthropic", "google", "mistral", "groq"];
const PRICES: &[&str] = &["input", "output"];

fn env() -> Env {
    let mut env = Env::standard();
    let (int, double, string) = (Type::Int, Type::Double, Type::String);
    let list_string = Type::list(Type::String);
    let object = |name: &str, fields: &[(&str, Type)]| {
        fields.iter().fold(ObjectType::new(name), |o, (field, ty)| o.field(field, ty.clone()))
    };
    env.declare_object(object(
        "ErrorRate",
        &[("total", double.clone()), ("timeout", double.clone())],
    ));
    env.declare_object(object(
        "Latency",
        &[("upstream_ms_avg", int.clone()), ("upstream_ms_p95", int.clone())],
    ));
    env.declare_object(object(
        "MetricScope",
        &[
            ("request_count", int.clone()),
            ("error_rate", Type::object("ErrorRate")),
            ("latency", Type::object("Latency")),
        ],
    ));
    let scope = Type::object("MetricScope");
    env.declare_object(object(
        "Metrics",
        &[
            ("global", scope.clone()),
            ("region", scope.clone()),
            ("api_keys", Type::map(string.clone(), scope)),
        ],
    ));
    env.declare_object(object("Pricing", &[("input", double.clone()), ("output", double)]));
    env.declare_object(object(
        "Datacenter",
        &[("country_code", string.clone()), ("region", string.clone())],
    ));
    env.declare_object(object(
        "AIModel",
        &[
            ("id", string.clone()),
            ("provider_id", string.clone()),
            ("metadata", Type::map(string.clone(), Type::Dyn)),
            ("pricing", Type::object("Pricing")),
            ("metrics", Type::object("Metrics")),
            ("datacenters", Type::list(Type::object("Datacenter"))),
        ],
    ));
    env.declare_object(object("Quota", &[("remaining_requests", Type::Dyn)]));
    env.declare_object(object(
        "AIKey",
        &[("id", string.clone()), ("quota", Type::object("Quota"))],
    ));
    let url = object(
        "URL",
        &[
            ("path", string.clone()),
            ("query_params", Type::map(string.clone(), list_string.clone())),
        ],
    );
    env.declare_object(url.string_like());
    env.declare_object(object(
        "Request",
        &[
            ("method", string.clone()),
            ("url", Type::object("URL")),
            ("headers", Type::map(string.clone(), list_string.clone())),
        ],
    ));
    env.declare_object(object("Connection", &[("client_ip", string.clone())]));
    env.declare_variable("ai.models", Type::list(Type::object("AIModel")));
    env.declare_variable("ai.keys", Type::list(Type::object("AIKey")));
    env.declare_variable("req", Type::object("Request"));
    env.declare_variable("conn", Type::object("Connection"));
    let t = Type::param("T");
    let list_t = Type::list(t.clone());
    let models = Type::list(Type::object("AIModel"));
    let member = |id: &str, params: &[Type], result: Type| Overload::member(id, params, result);
    env.declare_function(
        "only",
        [member("only", &[list_t.clone(), list_string.clone()], list_t.clone())],
    );
    env.declare_function(
        "randomize",
        [member("randomize", std::slice::from_ref(&list_t), list_t.clone())],
    );
    env.declare_function("random", [member("random", std::slice::from_ref(&list_t), t)]);
    env.declare_function(
        "onlyProviders",
        [member("only_providers", &[models.clone(), list_string], models.clone())],
    );
    env.declare_function(
        "underCost",
        [
            member(
                "under_cost_double",
                &[models.clone(), string.clone(), Type::Double],
                models.clone(),
            ),
            member("under_cost_int", &[models.clone(), string.clone(), int], models.clone()),
        ],
    );
    env.declare_function(
        "sortBy",
        [member("sort_by_field", &[models.clone(), string.clone()], models)],
    );
    env.declare_function(
        "getReqHeader",
        [Overload::global(
            "get_req_header",
            std::slice::from_ref(&string),
            Type::list(string.clone()),
        )],
    );
    env.declare_function(
        "hasReqHeader",
        [Overload::global("has_req_header", std::slice::from_ref(&string), Type::Bool)],
    );
    env.declare_function(
        "inCidrRange",
        [Overload::global("in_cidr_range", &[string.clone(), string], Type::Bool)],
    );
    env
}

/// Template `index` with the `variant`-th choice of its placeholders.
fn instantiate(template: &str, variant: usize) -> String {
    template
        .replace("{p}", PROVIDERS[variant % PROVIDERS.len()])
        .replace("{f}", PRICES[variant % PRICES.len()])
        .replace("{n}", &(1 + variant % 9).to_string())
}

fn bench_check(c: &mut Criterion) {
    let env = env();
    let mut group = c.benchmark_group("check");
    for (name, template) in TEMPLATES {
        let ast = parse(&instantiate(template, 0)).0.unwrap_or_else(|| panic!("{name} parses"));
        let (_, errors) = check(&ast, &env);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        group.bench_function(*name, |b| b.iter(|| check(black_box(&ast), &env)));
    }
    let asts: Vec<_> = (0..1_000)
        .map(|i| {
            let (_, template) = TEMPLATES[i % TEMPLATES.len()];
            parse(&instantiate(template, i / TEMPLATES.len())).0.expect("parses")
        })
        .collect();
    group.throughput(Throughput::Elements(asts.len() as u64));
    group.bench_function("1000_strategies", |b| {
        b.iter(|| {
            for ast in &asts {
                black_box(check(black_box(ast), &env));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
