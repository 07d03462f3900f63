//! Model and key strategies (§5.4, §5.6), through the scripted `StrategyEval` double.

use std::time::Duration;

use serde_json::json;
use switchyard_plan::ExprId;
use switchyard_runtime::gateway::key_id;
use switchyard_runtime::metrics::{AttemptKind, AttemptSample, MetricsStore};

use crate::support::{
    Script, Setup, Strategies, catalog, chat, check, custom, exec_with, gateway, keys,
};

fn strategies(scripts: Vec<(u32, Script)>) -> Strategies {
    Strategies(scripts.into_iter().collect())
}

fn with_ollama() -> Vec<switchyard_plan::Provider> {
    let mut providers = vec![custom("ollama", "http://ollama.internal", &["llama3.2"])];
    providers.extend(catalog());
    providers
}

#[test]
fn strategies_fall_through_until_one_keeps_a_client_model() {
    let mut gateway = gateway(with_ollama());
    gateway.model_strategies = vec![ExprId(0), ExprId(1)];
    let setup = Setup {
        strategies: strategies(vec![
            (0, Script::Provider("ollama")),
            (1, Script::Labels(vec!["anthropic:claude-sonnet-4-5", "openai:gpt-4o"])),
        ]),
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&json!({"model": "gpt-4o"})), setup);
    check(
        &run,
        "strategy s0: [ollama:llama3.2] allowed [ollama:llama3.2] client [] -> []
         strategy s1: [anthropic:claude-sonnet-4-5, openai:gpt-4o] allowed [anthropic:claude-sonnet-4-5, openai:gpt-4o] client [openai:gpt-4o] -> [openai:gpt-4o]
         attempt openai:gpt-4o key=- ok at 0ms +0ms
         result 200 openai:gpt-4o",
    );
    let step = &run.handled.trace.strategies[1];
    assert_eq!(step.origin.as_ref().map(|origin| origin.file.as_str()), Some("policy.yaml"));
}

#[test]
fn strategies_filter_the_client_list_but_keep_its_order() {
    let mut gateway = gateway(catalog());
    gateway.model_strategies = vec![ExprId(0)];
    let setup = Setup {
        strategies: strategies(vec![(
            0,
            Script::Labels(vec!["anthropic:claude-sonnet-4-5", "openai:gpt-4o"]),
        )]),
        transport: Box::new(|transport| {
            transport.with_outcomes("openai".parse().unwrap(), &["503".parse().unwrap()])
        }),
        ..Setup::default()
    };
    let body =
        json!({"models": ["openai:gpt-4o", "openai:gpt-4o-mini", "anthropic:claude-sonnet-4-5"]});
    let run = exec_with(&gateway, &chat(&body), setup);
    check(
        &run,
        "strategy s0: [anthropic:claude-sonnet-4-5, openai:gpt-4o] allowed [anthropic:claude-sonnet-4-5, openai:gpt-4o] client [openai:gpt-4o, anthropic:claude-sonnet-4-5] -> [openai:gpt-4o, anthropic:claude-sonnet-4-5]
         attempt openai:gpt-4o key=- 503 at 0ms +0ms
         attempt anthropic:claude-sonnet-4-5 key=- ok at 0ms +0ms
         result 200 anthropic:claude-sonnet-4-5",
    );
}

#[test]
fn without_client_models_the_strategy_order_wins_and_duplicates_go() {
    let mut gateway = gateway(catalog());
    gateway.model_strategies = vec![ExprId(0)];
    let setup = Setup {
        strategies: strategies(vec![(
            0,
            Script::Labels(vec!["openai:gpt-4o-mini", "openai:gpt-4o", "openai:gpt-4o-mini"]),
        )]),
        transport: Box::new(|transport| {
            transport
                .with_outcomes("openai:gpt-4o-mini".parse().unwrap(), &["429".parse().unwrap()])
        }),
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&json!({})), setup);
    check(
        &run,
        "strategy s0: [openai:gpt-4o-mini, openai:gpt-4o, openai:gpt-4o-mini] allowed [openai:gpt-4o-mini, openai:gpt-4o] client [openai:gpt-4o-mini, openai:gpt-4o] -> [openai:gpt-4o-mini, openai:gpt-4o]
         attempt openai:gpt-4o-mini key=- 429 at 0ms +0ms
         attempt openai:gpt-4o key=- ok at 0ms +0ms
         result 200 openai:gpt-4o",
    );
}

#[test]
fn every_strategy_empty_is_3805() {
    let mut gateway = gateway(with_ollama());
    gateway.model_strategies = vec![ExprId(0), ExprId(1)];
    let setup = Setup {
        strategies: strategies(vec![(0, Script::Provider("ollama")), (1, Script::Labels(vec![]))]),
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&json!({"model": "gpt-4o"})), setup);
    check(
        &run,
        "strategy s0: [ollama:llama3.2] allowed [ollama:llama3.2] client [] -> []
         strategy s1: [] allowed [] client [] -> []
         result 422 ERR_NGROK_3805",
    );
}

#[test]
fn an_unknown_client_model_with_strategies_is_3805_not_3804() {
    let mut gateway = gateway(catalog());
    gateway.model_strategies = vec![ExprId(0)];
    let setup =
        Setup { strategies: strategies(vec![(0, Script::Provider("openai"))]), ..Setup::default() };
    let run = exec_with(&gateway, &chat(&json!({"model": "gpt-6"})), setup);
    assert_eq!(run.handled.trace.result.code, Some("ERR_NGROK_3805"));
}

#[test]
fn strategy_errors_stop_selection() {
    let mut gateway = gateway(catalog());
    gateway.model_strategies = vec![ExprId(0), ExprId(1)];
    let setup = Setup {
        strategies: strategies(vec![
            (0, Script::Fail("no such key: tier")),
            (1, Script::Provider("openai")),
        ]),
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&json!({})), setup);
    check(&run, "strategy s0: [] error no such key: tier \n result 422 ERR_NGROK_3803");

    let setup = Setup {
        strategies: strategies(vec![(0, Script::WrongType("string"))]),
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&json!({})), setup);
    check(
        &run,
        "strategy s0: [] error Expression `s0` must return an AIModel or []AIModel, got `string`
         result 422 ERR_NGROK_3806",
    );
}

#[test]
fn metrics_drive_the_choice() {
    let setup = Setup { strategies: strategies(vec![(0, Script::Healthy)]), ..Setup::default() };
    for second in 0..3 {
        setup.metrics.record(&AttemptSample {
            provider: "openai",
            model: "gpt-4o",
            key_id: None,
            at: Duration::from_secs(second),
            latency: Duration::from_millis(900),
            kind: AttemptKind::ServerError,
            headers: &[],
        });
    }
    setup.clock.advance(Duration::from_secs(10));
    let mut gateway = gateway(catalog());
    gateway.model_strategies = vec![ExprId(0)];
    let run = exec_with(
        &gateway,
        &chat(&json!({"models": ["openai:gpt-4o", "anthropic:claude-sonnet-4-5"]})),
        setup,
    );
    check(
        &run,
        "strategy s0: [anthropic:claude-sonnet-4-5, anthropic:claude-haiku-4-5, openai:gpt-4o-mini] allowed [anthropic:claude-sonnet-4-5, anthropic:claude-haiku-4-5, openai:gpt-4o-mini] client [anthropic:claude-sonnet-4-5] -> [anthropic:claude-sonnet-4-5]
         attempt anthropic:claude-sonnet-4-5 key=- ok at 0ms +0ms
         result 200 anthropic:claude-sonnet-4-5",
    );
}

#[test]
fn key_strategies_choose_and_order_keys_once_each() {
    let mut openai = crate::support::openai();
    openai.api_keys = keys("openai", &["k0", "k1", "k2"], 0);
    let mut gateway = gateway(vec![openai]);
    gateway.key_strategies = vec![ExprId(5)];
    let setup = Setup {
        strategies: strategies(vec![(5, Script::Keys(vec![2, 0, 2, 9]))]),
        transport: Box::new(|transport| {
            transport.with_outcomes("openai:gpt-4o#2".parse().unwrap(), &["429".parse().unwrap()])
        }),
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&json!({"model": "gpt-4o"})), setup);
    check(
        &run,
        "attempt openai:gpt-4o key=2 429 at 0ms +0ms
         attempt openai:gpt-4o key=0 ok at 0ms +0ms
         result 200 openai:gpt-4o",
    );
    let model = &run.handled.trace.models_tried[0];
    assert_eq!(model.keys_to_try, [2, 0]);
    assert_eq!(model.api_key_selection[0].keys_returned, [2, 0, 2, 9]);
}

#[test]
fn key_selection_failures_are_per_candidate() {
    let mut openai = crate::support::openai();
    openai.api_keys = keys("openai", &["k0"], 0);
    let mut anthropic = crate::support::anthropic();
    anthropic.api_keys = keys("anthropic", &["k0"], 3);
    let mut gateway = gateway(vec![anthropic, openai]);
    gateway.key_strategies = vec![ExprId(5)];
    let body = json!({"models": ["openai:gpt-4o", "anthropic:claude-sonnet-4-5"]});

    let failing = || Setup {
        strategies: strategies(vec![(5, Script::Fail("quota is null"))]),
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&body.clone()), failing());
    check(
        &run,
        "failed openai:gpt-4o: quota is null
         failed anthropic:claude-sonnet-4-5: quota is null
         result 422 ERR_NGROK_3808",
    );

    let empty =
        Setup { strategies: strategies(vec![(5, Script::Keys(vec![]))]), ..Setup::default() };
    let run = exec_with(&gateway, &chat(&body), empty);
    check(
        &run,
        "failed openai:gpt-4o: every key-selection strategy returned no keys
         failed anthropic:claude-sonnet-4-5: every key-selection strategy returned no keys
         result 422 ERR_NGROK_3808",
    );
}

#[test]
fn quotas_learned_from_headers_steer_the_next_request() {
    let mut openai = crate::support::openai();
    openai.api_keys = keys("openai", &["k0", "k1"], 0);
    let mut gateway = gateway(vec![openai]);
    gateway.key_strategies = vec![ExprId(5)];
    let first = Setup {
        strategies: strategies(vec![(5, Script::Healthy)]),
        transport: Box::new(|transport| {
            transport.with_headers(
                "openai:gpt-4o#0".parse().unwrap(),
                &[("x-ratelimit-remaining-requests", "0")],
            )
        }),
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&json!({"model": "gpt-4o"})), first);
    check(&run, "attempt openai:gpt-4o key=0 ok at 0ms +0ms \n result 200 openai:gpt-4o");
    let quota = run.metrics.quota("openai", &key_id("sk-openai-key-zero-0000"));
    assert_eq!(quota.remaining_requests, Some(0));

    let second = Setup {
        strategies: strategies(vec![(5, Script::Healthy)]),
        metrics: run.metrics,
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&json!({"model": "gpt-4o"})), second);
    check(&run, "attempt openai:gpt-4o key=1 ok at 0ms +0ms \n result 200 openai:gpt-4o");
}

#[test]
fn attempts_are_measured_per_model_and_key_by_key_id() {
    let mut openai = crate::support::openai();
    openai.api_keys = keys("openai", &["k0", "k1"], 0);
    let gateway = gateway(vec![openai]);
    let setup = Setup {
        transport: Box::new(|transport| {
            transport
                .with_outcomes("openai:gpt-4o#0".parse().unwrap(), &["429".parse().unwrap()])
                .with_headers(
                    "openai:gpt-4o#0".parse().unwrap(),
                    &[
                        ("x-ratelimit-remaining-requests", "0"),
                        ("x-ratelimit-limit-requests", "500"),
                    ],
                )
        }),
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&json!({"model": "gpt-4o"})), setup);
    check(
        &run,
        "attempt openai:gpt-4o key=0 429 at 0ms +0ms
         attempt openai:gpt-4o key=1 ok at 0ms +0ms
         result 200 openai:gpt-4o",
    );
    let keys = run.metrics.model_keys("openai", "gpt-4o", Duration::ZERO);
    let (zero, one) = (key_id("sk-openai-key-zero-0000"), key_id("sk-openai-key-one-1111"));
    let mut expected = vec![zero.as_str(), one.as_str()];
    expected.sort_unstable();
    let ids: Vec<&str> = keys.iter().map(|key| key.key_id.as_str()).collect();
    assert_eq!(ids, expected, "the keys used with the model, by id");
    let first = keys.iter().find(|key| key.key_id == zero).unwrap();
    assert_eq!(first.stats.request_count, 1);
    assert!((first.stats.error_rate.rate_limit - 1.0).abs() < 1e-9);
    assert_eq!(first.quota.remaining_requests, Some(0));
    assert_eq!(first.quota.limit_requests, Some(500));
    let second = keys.iter().find(|key| key.key_id == one).unwrap();
    assert!(second.stats.error_rate.total.abs() < 1e-9);
    assert_eq!(second.quota.remaining_requests, None, "never reported");
    assert!(
        keys.iter().all(|key| !key.key_id.contains("sk-")),
        "key ids never show the key's value"
    );
    assert!(run.metrics.model_keys("openai", "gpt-4o-mini", Duration::ZERO).is_empty());
}
