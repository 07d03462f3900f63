//! Attempts, failover, timeouts, the attempt budget and the final errors (§5.5, §5.6, §5.8).

use serde_json::json;
use switchyard_plan::OnError;
use switchyard_runtime::gateway::Outcome;
use switchyard_runtime::metrics::MetricsStore;
use switchyard_runtime::transport::SimulatedTransport;

use crate::support::{
    Setup, anonymous, catalog, chat, check, custom, error_body, exec, exec_with, gateway, header,
    keys, openai, secs,
};

/// Scripts `target=outcome` pairs, `latency` for every target.
fn scripted(
    pairs: &'static [(&'static str, &'static str)],
    latency: u64,
) -> Box<dyn FnOnce(SimulatedTransport) -> SimulatedTransport> {
    Box::new(move |mut transport| {
        transport = transport.with_default_latency(secs(latency));
        for (target, outcome) in pairs {
            transport =
                transport.with_outcomes(target.parse().unwrap(), &[outcome.parse().unwrap()]);
        }
        transport
    })
}

fn two_providers() -> serde_json::Value {
    json!({"model": "gpt-4o", "models": ["anthropic:claude-sonnet-4-5", "openrouter:meta/llama"]})
}

#[test]
fn key_failover_on_429() {
    let mut openai = openai();
    openai.api_keys = keys("openai", &["k0", "k1"], 0);
    let setup = Setup { transport: scripted(&[("openai:gpt-4o#0", "429")], 1), ..Setup::default() };
    let run = exec_with(&gateway(vec![openai]), &chat(&json!({"model": "gpt-4o"})), setup);
    check(
        &run,
        "attempt openai:gpt-4o key=0 429 at 0ms +1000ms
         attempt openai:gpt-4o key=1 ok at 1000ms +1000ms
         result 200 openai:gpt-4o",
    );
    assert_eq!(header(&run, 0, "authorization"), Some("Bearer sk-openai-key-zero-0000"));
    assert_eq!(header(&run, 1, "authorization"), Some("Bearer sk-openai-key-one-1111"));
    assert_eq!(
        run.requests[1].headers.iter().filter(|(name, _)| name == "authorization").count(),
        1
    );
    let attempt = &run.handled.trace.attempts[1];
    assert_eq!(attempt.key.as_deref(), Some("secrets.get('openai','k1')"));
    let trace = serde_json::to_string(&run.handled.trace).unwrap();
    assert!(!trace.contains("sk-openai-key"), "no key value in the trace");
    let stats = run.metrics.model_stats("openai", "gpt-4o", secs(2));
    assert_eq!(stats.request_count, 2);
    assert!((stats.error_rate.rate_limit - 0.5).abs() < 1e-9);
    assert_eq!(stats.latency_ms_avg, 1000);
}

#[test]
fn provider_failover_on_5xx() {
    let setup = Setup {
        transport: scripted(&[("openai", "503"), ("anthropic", "500")], 0),
        ..Setup::default()
    };
    let run = exec_with(&gateway(catalog()), &chat(&two_providers()), setup);
    check(
        &run,
        "attempt openai:gpt-4o key=- 503 at 0ms +0ms
         attempt anthropic:claude-sonnet-4-5 key=- 500 at 0ms +0ms
         attempt openrouter:meta/llama key=- ok at 0ms +0ms
         result 200 openrouter:meta/llama",
    );
}

#[test]
fn reset_and_timeout_fail_over() {
    let setup = Setup {
        transport: scripted(&[("openai", "reset"), ("anthropic", "timeout")], 0),
        ..Setup::default()
    };
    let run = exec_with(&gateway(catalog()), &chat(&two_providers()), setup);
    check(
        &run,
        "attempt openai:gpt-4o key=- reset at 0ms +0ms
         attempt anthropic:claude-sonnet-4-5 key=- timeout at 0ms +30000ms
         attempt openrouter:meta/llama key=- ok at 30000ms +0ms
         result 200 openrouter:meta/llama",
    );
}

#[test]
fn all_connection_failures_are_502() {
    let setup = Setup {
        transport: scripted(
            &[("openai", "reset"), ("anthropic", "connect"), ("openrouter", "reset")],
            0,
        ),
        ..Setup::default()
    };
    let run = exec_with(&gateway(catalog()), &chat(&two_providers()), setup);
    check(
        &run,
        "attempt openai:gpt-4o key=- reset at 0ms +0ms
         attempt anthropic:claude-sonnet-4-5 key=- connect at 0ms +0ms
         attempt openrouter:meta/llama key=- reset at 0ms +0ms
         result 502 ERR_NGROK_3800",
    );
    assert_eq!(error_body(&run)["error"]["type"], "api_error");
}

#[test]
fn all_failed_is_503_with_the_attempt_list() {
    let setup = Setup {
        transport: scripted(
            &[("openai", "429"), ("anthropic", "timeout"), ("openrouter", "reset")],
            0,
        ),
        ..Setup::default()
    };
    let run = exec_with(&gateway(catalog()), &chat(&two_providers()), setup);
    check(
        &run,
        "attempt openai:gpt-4o key=- 429 at 0ms +0ms
         attempt anthropic:claude-sonnet-4-5 key=- timeout at 0ms +30000ms
         attempt openrouter:meta/llama key=- reset at 30000ms +0ms
         result 503 ERR_NGROK_3807",
    );
    let body = error_body(&run);
    assert_eq!(
        body["error"]["message"],
        "ERR_NGROK_3807: All providers failed: openai:gpt-4o key=client → 429; \
         anthropic:claude-sonnet-4-5 key=client → timeout; \
         openrouter:meta/llama key=client → connection reset: simulated connection reset"
    );
    assert_eq!(
        body["error"]["details"][0],
        json!({"provider": "openai", "model": "gpt-4o", "key_id": "client", "status_code": 429, "error": "429"})
    );
    assert_eq!(body["error"]["details"][1]["status_code"], 0);
}

#[test]
fn total_timeout_cuts_the_running_attempt() {
    let mut gateway = gateway(catalog());
    gateway.total_timeout_ms = 45_000;
    let setup = Setup {
        transport: scripted(&[("openai", "timeout"), ("anthropic", "timeout")], 0),
        ..Setup::default()
    };
    let run = exec_with(&gateway, &chat(&two_providers()), setup);
    check(
        &run,
        "attempt openai:gpt-4o key=- timeout at 0ms +30000ms
         attempt anthropic:claude-sonnet-4-5 key=- timeout at 30000ms +15000ms
         result 504 ERR_NGROK_3810",
    );
    let body = error_body(&run);
    assert_eq!(body["error"]["type"], "timeout_error");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("ERR_NGROK_3810: Request timed out after 45s")
    );
}

#[test]
fn total_timeout_elapsed_before_the_next_attempt() {
    let mut gateway = gateway(catalog());
    gateway.total_timeout_ms = 40_000;
    gateway.per_request_timeout_ms = 60_000;
    let setup = Setup { transport: scripted(&[("openai", "503")], 40), ..Setup::default() };
    let run = exec_with(&gateway, &chat(&two_providers()), setup);
    check(&run, "attempt openai:gpt-4o key=- 503 at 0ms +40000ms \n result 504 ERR_NGROK_3810");
}

#[test]
fn on_error_continue_hands_the_error_on() {
    let mut gateway = gateway(catalog());
    gateway.on_error = OnError::Continue;
    let setup = Setup { transport: scripted(&[("openai", "503")], 0), ..Setup::default() };
    let run = exec_with(&gateway, &chat(&json!({"model": "gpt-4o"})), setup);
    check(
        &run,
        "attempt openai:gpt-4o key=- 503 at 0ms +0ms \n result 503 ERR_NGROK_3807 (continue)",
    );
    let Outcome::Continue(error) = &run.handled.outcome else { panic!("on_error: continue") };
    assert_eq!(error.code.as_str(), "ERR_NGROK_3807");
    assert!(error.message.starts_with("ERR_NGROK_3807: All providers failed"));

    let run = exec(&gateway, &chat(&json!({"model": "nope"})));
    assert!(
        matches!(&run.handled.outcome, Outcome::Continue(error) if error.code.as_str() == "ERR_NGROK_3804")
    );
}

#[test]
fn input_token_limit_refuses_before_any_attempt() {
    let mut gateway = gateway(catalog());
    gateway.max_input_tokens = Some(3);
    let body = json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "the quick brown fox jumps"}]});
    let run = exec(&gateway, &chat(&body));
    check(&run, "result 413 ERR_NGROK_3811");
    assert_eq!(run.handled.trace.input_tokens, Some(5));
    assert_eq!(
        error_body(&run)["error"]["message"],
        "ERR_NGROK_3811: Input too large: 5 tokens (max 3)"
    );
}

#[test]
fn context_windows_skip_models() {
    let mut providers = catalog();
    providers[1].models[0].max_context_window = 4;
    let body = json!({"model": "gpt-4o", "models": ["gpt-4o-mini"], "messages": [{"role": "user", "content": "the quick brown fox jumps"}]});
    let run = exec(&gateway(providers.clone()), &chat(&body));
    check(
        &run,
        "failed openai:gpt-4o: context window exceeded (5 tokens > 4)
         attempt openai:gpt-4o-mini key=- ok at 0ms +0ms
         result 200 openai:gpt-4o-mini",
    );
    let body = json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "the quick brown fox jumps"}]});
    let run = exec(&gateway(providers), &chat(&body));
    check(
        &run,
        "failed openai:gpt-4o: context window exceeded (5 tokens > 4) \n result 503 ERR_NGROK_3807",
    );
}

#[test]
fn passthrough_without_a_client_key() {
    let gateway_builtin = gateway(catalog());
    let run = exec(
        &gateway_builtin,
        &anonymous(chat(&json!({"models": ["gpt-4o", "anthropic:claude-sonnet-4-5"]}))),
    );
    check(
        &run,
        "failed openai:gpt-4o: no API key (configure api_keys for the provider, or send an Authorization or x-api-key header)
         failed anthropic:claude-sonnet-4-5: no API key (configure api_keys for the provider, or send an Authorization or x-api-key header)
         result 400 ERR_NGROK_3802",
    );

    let mut providers = catalog();
    providers.push(custom("ollama", "http://ollama.internal", &["llama3.2"]));
    let setup = Setup { transport: scripted(&[("ollama", "503")], 0), ..Setup::default() };
    let run = exec_with(
        &gateway(providers),
        &anonymous(chat(&json!({"models": ["gpt-4o", "llama3.2"]}))),
        setup,
    );
    check(
        &run,
        "failed openai:gpt-4o: no API key (configure api_keys for the provider, or send an Authorization or x-api-key header)
         attempt ollama:llama3.2 key=- 503 at 0ms +0ms
         result 503 ERR_NGROK_3807",
    );
    assert_eq!(run.handled.trace.attempts[0].key, None);
}

#[test]
fn a_client_key_is_re_emitted_in_the_provider_style() {
    let mut request = anonymous(chat(&json!({"model": "gpt-4o"})));
    request.headers.push(("X-Api-Key".to_owned(), "sk-client-x".to_owned()));
    let run = exec(&gateway(catalog()), &request);
    assert_eq!(header(&run, 0, "authorization"), Some("Bearer sk-client-x"));
    assert_eq!(header(&run, 0, "x-api-key"), None);
}

#[test]
fn attempt_budget_is_20() {
    let names = ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"];
    let mut pool = custom("pool", "https://pool.example", &names);
    pool.api_keys = keys("openai", &["k0", "k1", "k2"], 0);
    let setup = Setup { transport: scripted(&[("pool", "429")], 0), ..Setup::default() };
    let run = exec_with(&gateway(vec![pool]), &chat(&json!({})), setup);
    assert_eq!(run.handled.trace.attempts.len(), 20);
    assert_eq!(run.handled.trace.result.code, Some("ERR_NGROK_3812"));
    let last = &run.handled.trace.attempts[19];
    assert_eq!((last.model.as_str(), last.key_index), ("m6", Some(1)));
    let body = error_body(&run);
    assert!(body["error"]["message"].as_str().unwrap().starts_with(
        "ERR_NGROK_3812: Too many failed attempts to upstream providers (20). Errors: pool:m0 key="
    ));
    assert_eq!(body["error"]["details"].as_array().map(Vec::len), Some(20));
}

#[test]
fn a_missing_secret_fails_the_action() {
    let mut openai = openai();
    openai.api_keys = keys("openai", &["k0", "k9"], 0);
    openai.api_keys[1].value = switchyard_plan::Template {
        parts: vec![switchyard_plan::TemplatePart::Expr(switchyard_plan::ExprId(9))],
    };
    let mut setup = Setup::default();
    setup.templates.refs.insert(9, ("openai", "missing"));
    let run = exec_with(&gateway(vec![openai]), &chat(&json!({"model": "gpt-4o"})), setup);
    check(&run, "result 500 ERR_SWITCHYARD_EXPR");
    assert_eq!(
        error_body(&run)["error"]["message"],
        "ERR_SWITCHYARD_EXPR: Template evaluation failed: no secret openai/missing"
    );
}
