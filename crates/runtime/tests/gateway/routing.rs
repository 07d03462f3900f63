//! Surfaces, model strings, the client list and only-allow refusals (§2.2, §4, §5.2, §5.3).

use serde_json::json;
use switchyard_plan::{SurfaceFormat, SurfaceKind};
use switchyard_runtime::gateway::Outcome;

use crate::support::{
    Setup, anonymous, anthropic, catalog, chat, check, custom, error_body, exec, exec_with,
    gateway, header, openai, request, sent_body, surface,
};

#[test]
fn client_key_is_forwarded_without_config() {
    let run = exec(&gateway(catalog()), &chat(&json!({"model": "gpt-4o", "messages": []})));
    check(&run, "attempt openai:gpt-4o key=- ok at 0ms +0ms \n result 200 openai:gpt-4o");
    assert_eq!(run.requests[0].url, "https://api.openai.com/v1/chat/completions");
    assert_eq!(header(&run, 0, "authorization"), Some("Bearer sk-client-0000"));
    assert_eq!(run.handled.trace.attempts[0].key.as_deref(), Some("client key"));
}

#[test]
fn provider_prefix_routes_a_pass_through_model() {
    let run = exec(
        &gateway(catalog()),
        &chat(&json!({"model": "openrouter:anthropic/claude-3.5-sonnet"})),
    );
    check(
        &run,
        "attempt openrouter:anthropic/claude-3.5-sonnet key=- ok at 0ms +0ms
         result 200 openrouter:anthropic/claude-3.5-sonnet",
    );
    assert_eq!(run.requests[0].url, "https://openrouter.ai/api/v1/chat/completions");
    assert_eq!(sent_body(&run, 0)["model"], "anthropic/claude-3.5-sonnet");
    let universe = &run.handled.trace.candidates[0];
    assert_eq!(universe.stage, "universe");
    assert_eq!(
        universe.models.last().map(String::as_str),
        Some("openrouter:anthropic/claude-3.5-sonnet")
    );
}

#[test]
fn a_bare_name_with_a_slash_is_only_a_model_name() {
    let run = exec(&gateway(catalog()), &chat(&json!({"model": "anthropic/claude-3.5-sonnet"})));
    check(
        &run,
        "rejected anthropic/claude-3.5-sonnet: model unknown (use a provider prefix such as `provider:model`)
         result 422 ERR_NGROK_3804",
    );
    let body = error_body(&run);
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("ERR_NGROK_3804: No matching models found")
    );
}

#[test]
fn provider_and_model_aliases_resolve_case_insensitively() {
    let gateway = gateway(catalog());
    let run_prefixed = exec(&gateway, &chat(&json!({"model": "open-AI:GPT-4o-2024-08-06"})));
    check(&run_prefixed, "attempt openai:gpt-4o key=- ok at 0ms +0ms \n result 200 openai:gpt-4o");
    assert_eq!(sent_body(&run_prefixed, 0)["model"], "gpt-4o");
    let run_bare = exec(&gateway, &chat(&json!({"model": "gpt-4o-2024-08-06"})));
    check(&run_bare, "attempt openai:gpt-4o key=- ok at 0ms +0ms \n result 200 openai:gpt-4o");
}

#[test]
fn model_names_may_contain_colons() {
    let mut ollama = custom("ollama", "http://ollama.internal", &["llama3.2:1b"]);
    ollama.aliases = vec!["local".to_owned()];
    let mut providers = vec![ollama];
    providers.extend(catalog());
    let gateway = gateway(providers);
    for model in ["local:llama3.2:1b", "ollama:llama3.2:1b", "llama3.2:1b"] {
        let run = exec(&gateway, &anonymous(chat(&json!({"model": model}))));
        check(
            &run,
            "attempt ollama:llama3.2:1b key=- ok at 0ms +0ms \n result 200 ollama:llama3.2:1b",
        );
        assert_eq!(run.requests[0].url, "http://ollama.internal/v1/chat/completions");
        assert_eq!(header(&run, 0, "authorization"), None, "custom provider, no key: no auth");
    }
}

#[test]
fn an_alias_shadowing_a_provider_resolves_to_every_provider_with_that_name() {
    let mut eu = custom("openai-eu", "https://eu.example/v1", &["gpt-4o"]);
    eu.aliases = vec!["openai".to_owned()];
    let mut providers = vec![eu];
    providers.extend(catalog());
    let setup = Setup {
        transport: Box::new(|transport| {
            transport.with_outcomes("openai-eu".parse().unwrap(), &["503".parse().unwrap()])
        }),
        ..Setup::default()
    };
    let run = exec_with(&gateway(providers), &chat(&json!({"model": "openai:gpt-4o"})), setup);
    check(
        &run,
        "attempt openai-eu:gpt-4o key=- 503 at 0ms +0ms
         attempt openai:gpt-4o key=- ok at 0ms +0ms
         result 200 openai:gpt-4o",
    );
}

#[test]
fn client_list_keeps_order_and_drops_duplicates_and_auto() {
    let setup = Setup {
        transport: Box::new(|transport| {
            transport.with_outcomes("openai".parse().unwrap(), &["503".parse().unwrap()])
        }),
        ..Setup::default()
    };
    let body = json!({"model": "gpt-4o", "models": ["anthropic:claude-sonnet-4-5", "openai:gpt-4o", "ngrok/auto", ""]});
    let run = exec_with(&gateway(catalog()), &chat(&body), setup);
    check(
        &run,
        "attempt openai:gpt-4o key=- 503 at 0ms +0ms
         attempt anthropic:claude-sonnet-4-5 key=- ok at 0ms +0ms
         result 200 anthropic:claude-sonnet-4-5",
    );
    assert_eq!(
        run.handled.trace.client.preference,
        ["gpt-4o", "anthropic:claude-sonnet-4-5", "openai:gpt-4o"]
    );
    assert!(sent_body(&run, 1).get("models").is_none(), "`models` is never forwarded");
}

#[test]
fn a_provider_left_out_by_the_config_is_not_allowed() {
    let mut ollama = custom("ollama", "http://ollama.internal", &["llama3.2:1b"]);
    ollama.configured = true;
    let run = exec(&gateway(vec![ollama]), &chat(&json!({"model": "openai:gpt-4o"})));
    check(&run, "rejected openai:gpt-4o: provider not allowed \n result 422 ERR_NGROK_3804");
    assert_eq!(error_body(&run)["error"]["type"], "provider_not_allowed");
}

#[test]
fn only_configured_models_refuses_pass_through_models() {
    let mut configured = openai();
    configured.configured = true;
    configured.models.truncate(1);
    let mut gateway = gateway(vec![configured]);
    gateway.only_allow_configured_models = true;
    let run = exec(&gateway, &chat(&json!({"model": "openai:gpt-5"})));
    check(&run, "rejected openai:gpt-5: model not allowed \n result 422 ERR_NGROK_3804");
    assert_eq!(error_body(&run)["error"]["type"], "model_not_allowed");
    let run = exec(&gateway, &chat(&json!({"models": ["openai:gpt-5", "openai:gpt-4o"]})));
    check(
        &run,
        "rejected openai:gpt-5: model not allowed \n attempt openai:gpt-4o key=- ok at 0ms +0ms \n result 200 openai:gpt-4o",
    );
}

#[test]
fn auto_tries_the_universe_in_order() {
    let setup = Setup {
        transport: Box::new(|transport| {
            transport.with_outcomes("anthropic".parse().unwrap(), &["500".parse().unwrap()])
        }),
        ..Setup::default()
    };
    let run = exec_with(&gateway(catalog()), &chat(&json!({"model": "ngrok/auto"})), setup);
    check(
        &run,
        "attempt anthropic:claude-sonnet-4-5 key=- 500 at 0ms +0ms
         attempt anthropic:claude-haiku-4-5 key=- 500 at 0ms +0ms
         attempt openai:gpt-4o key=- ok at 0ms +0ms
         result 200 openai:gpt-4o",
    );
}

#[test]
fn ten_models_at_most() {
    let names: Vec<String> = (0..12).map(|index| format!("m{index}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let pool = custom("pool", "https://pool.example", &names);
    let setup = Setup {
        transport: Box::new(|transport| {
            transport.with_outcomes("pool".parse().unwrap(), &["503".parse().unwrap()])
        }),
        ..Setup::default()
    };
    let run = exec_with(&gateway(vec![pool]), &chat(&json!({})), setup);
    assert_eq!(run.handled.trace.attempts.len(), 10);
    assert_eq!(run.handled.trace.result.code, Some("ERR_NGROK_3807"));
}

#[test]
fn messages_route_to_providers_that_speak_anthropic() {
    let mut request =
        request("POST", "/v1/messages", &json!({"model": "claude-sonnet-4-5", "max_tokens": 10}));
    request.headers = vec![("x-api-key".to_owned(), "sk-ant-client-9999".to_owned())];
    let gateway = gateway(catalog());
    let run = exec(&gateway, &request);
    check(
        &run,
        "attempt anthropic:claude-sonnet-4-5 key=- ok at 0ms +0ms \n result 200 anthropic:claude-sonnet-4-5",
    );
    assert_eq!(run.requests[0].url, "https://api.anthropic.com/v1/messages");
    assert_eq!(header(&run, 0, "x-api-key"), Some("sk-ant-client-9999"));
    assert_eq!(header(&run, 0, "anthropic-version"), Some("2023-06-01"));

    let mut wrong = request.clone();
    wrong.body = json!({"model": "gpt-4o"}).to_string().into_bytes();
    let run = exec(&gateway, &wrong);
    check(
        &run,
        "rejected gpt-4o: model not available for the anthropic messages API \n result 422 ERR_NGROK_3804",
    );
    let body = error_body(&run);
    assert_eq!(body["type"], "error", "Anthropic envelope on /v1/messages");
    assert_eq!(body["error"]["code"], "ERR_NGROK_3804");

    let run = exec(&gateway, &{
        let mut prefixed = request;
        prefixed.body = json!({"model": "openai:gpt-4o"}).to_string().into_bytes();
        prefixed
    });
    check(
        &run,
        "rejected openai:gpt-4o: provider does not support the anthropic messages API \n result 422 ERR_NGROK_3804",
    );
}

#[test]
fn nothing_speaks_the_format() {
    let run =
        exec(&gateway(vec![openai()]), &request("POST", "/v1/messages", &json!({"max_tokens": 5})));
    check(&run, "result 422 ERR_NGROK_3813");
    assert_eq!(error_body(&run)["type"], "error");
    // A narrowed surface entry: anthropic speaks chat completions but not embeddings.
    let mut only_chat = anthropic();
    only_chat.surfaces = vec![surface(SurfaceFormat::Openai, Some(SurfaceKind::ChatCompletions))];
    let run =
        exec(&gateway(vec![only_chat]), &request("POST", "/v1/embeddings", &json!({"input": "x"})));
    check(&run, "result 422 ERR_NGROK_3813");
}

#[test]
fn models_are_listed_locally_and_other_paths_are_404() {
    let gateway = gateway(catalog());
    let run = exec(&gateway, &request("GET", "/v1/models", &json!(null)));
    let Outcome::Respond(response) = &run.handled.outcome else { panic!("a local response") };
    assert_eq!(response.status, 200);
    let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(body["object"], "list");
    assert_eq!(body["data"][2]["id"], "openai:gpt-4o");
    assert_eq!(body["data"][2]["owned_by"], "openai");
    assert!(run.requests.is_empty());

    let run = exec(&gateway, &request("POST", "/v1/audio/speech", &json!({})));
    check(&run, "result 404 ERR_NGROK_3814");
    let Outcome::Respond(response) = &run.handled.outcome else { panic!("a local response") };
    assert!(
        response.headers.contains(&("ngrok-error-code".to_owned(), "ERR_NGROK_3814".to_owned()))
    );
    assert_eq!(error_body(&run)["error"]["type"], "not_found_error");
}

#[test]
fn malformed_bodies_are_400() {
    let gateway = gateway(catalog());
    for body in [
        &b"not json"[..],
        b"[1]",
        br#"{"model": 4}"#,
        br#"{"models": "gpt-4o"}"#,
        br#"{"models": [null]}"#,
    ] {
        let mut request = chat(&json!({}));
        request.body = body.to_vec();
        let run = exec(&gateway, &request);
        check(&run, "result 400 ERR_NGROK_3801");
        assert!(run.requests.is_empty());
    }
}

#[test]
fn the_flow_is_send_and_a_lean_trace_skips_candidate_lists() {
    use rand::SeedableRng;
    use switchyard_runtime::clock::SimulatedClock;
    use switchyard_runtime::gateway::{self, Env, LiteralTemplates, NoStrategies};
    use switchyard_runtime::metrics::InMemoryMetrics;
    use switchyard_runtime::transport::SimulatedTransport;

    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let gateway = gateway(catalog());
    let request = chat(&json!({"model": "gpt-4o"}));
    let clock = SimulatedClock::default();
    let mut transport = SimulatedTransport::new(clock.clone());
    let metrics = InMemoryMetrics::default();
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let env = Env {
        expressions: &[],
        strategies: &mut NoStrategies,
        templates: &mut LiteralTemplates,
        metrics: &metrics,
        rng: &mut rng,
        clock: &clock,
        transport: &mut transport,
        full_trace: false,
    };
    let future = assert_send(gateway::handle(&gateway, &request, env));
    let handled: gateway::Handled = clock.block_on(future).unwrap();
    assert!(handled.trace.candidates.is_empty());
    assert_eq!(handled.trace.attempts.len(), 1);
    assert_eq!(handled.trace.result.status, 200);
}

#[test]
fn odd_inputs_never_panic() {
    let gateway = gateway(catalog());
    let paths = [
        "",
        "/",
        "é",
        "/é/v1/chat/completions",
        "/v1/responsesé",
        "/v1/responses/é",
        "//v1//models",
    ];
    let bodies: [&[u8]; 9] = [
        b"",
        b"\xff\xfe",
        b"{}",
        br#"{"model": "\u0000:\u0000"}"#,
        br#"{"model": "open-ai:"}"#,
        r#"{"model": "é:ü", "models": ["::", ":", "a:b:c", "openrouter:é"]}"#.as_bytes(),
        br#"{"messages": [{"content": [{"text": 1}, {"content": {"content": "x"}}]}], "max_tokens": -1e300}"#,
        br#"{"model": "gpt-4o", "max_tokens": 18446744073709551616}"#,
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    ];
    for path in paths {
        for body in bodies {
            for method in ["GET", "POST"] {
                let mut request = chat(&json!({}));
                request.method = method.to_owned();
                request.path = path.to_owned();
                request.body = body.to_vec();
                let run = exec(&gateway, &request);
                let status = run.handled.trace.result.status;
                assert!((200..600).contains(&status), "{path} {body:?}: {status}");
            }
        }
    }
}
