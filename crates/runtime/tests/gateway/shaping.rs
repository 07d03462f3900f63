//! Request shaping (§5.7, §5.9): body merge, token bound, parameter stripping, headers, URLs.

use serde_json::json;
use switchyard_plan::{AuthStyle, Template, TemplatePart, Value};
use switchyard_runtime::gateway::Outcome;

use crate::support::{
    Setup, anthropic, catalog, chat, custom, exec, exec_with, gateway, header, keys, openai,
    request, sent_body,
};

fn text(value: &str) -> Template {
    Template { parts: vec![TemplatePart::Text(value.to_owned())] }
}

#[test]
fn body_merge_keeps_the_resolved_model() {
    let mut gateway = gateway(catalog());
    gateway.body = vec![
        ("temperature".to_owned(), Value::Float(0.2)),
        ("model".to_owned(), Value::String(text("evil"))),
        (
            "user".to_owned(),
            Value::String(Template { parts: vec![TemplatePart::Expr(switchyard_plan::ExprId(7))] }),
        ),
        ("metadata".to_owned(), Value::Map(vec![("team".to_owned(), Value::String(text("a")))])),
    ];
    let run =
        exec(&gateway, &chat(&json!({"model": "gpt-4o", "temperature": 1.0, "messages": []})));
    assert_eq!(
        sent_body(&run, 0),
        json!({"model": "gpt-4o", "temperature": 0.2, "user": "value-7", "metadata": {"team": "a"}, "messages": []})
    );
}

#[test]
fn output_tokens_are_bounded_per_surface() {
    let mut gateway = gateway(catalog());
    gateway.max_output_tokens = Some(1000);
    let cases = [
        (
            "/v1/chat/completions",
            json!({"model": "gpt-4o", "max_completion_tokens": 5000, "max_tokens": 9000}),
            "max_completion_tokens",
            json!(1000),
        ),
        (
            "/v1/chat/completions",
            json!({"model": "gpt-4o", "max_tokens": 10}),
            "max_tokens",
            json!(10),
        ),
        ("/v1/chat/completions", json!({"model": "gpt-4o"}), "max_tokens", json!(1000)),
        (
            "/v1/chat/completions",
            json!({"model": "gpt-4o", "max_tokens": "many"}),
            "max_tokens",
            json!(1000),
        ),
        (
            "/v1/responses",
            json!({"model": "gpt-4o", "max_output_tokens": 4096}),
            "max_output_tokens",
            json!(1000),
        ),
        ("/v1/completions", json!({"model": "gpt-4o"}), "max_tokens", json!(1000)),
        (
            "/v1/messages",
            json!({"model": "claude-sonnet-4-5", "max_tokens": 2000}),
            "max_tokens",
            json!(1000),
        ),
        (
            "/v1/messages/count_tokens",
            json!({"model": "claude-sonnet-4-5"}),
            "max_tokens",
            json!(null),
        ),
        ("/v1/embeddings", json!({"model": "gpt-4o", "input": "x"}), "max_tokens", json!(null)),
    ];
    for (path, body, field, expected) in cases {
        let run = exec(&gateway, &request("POST", path, &body));
        let sent = sent_body(&run, 0);
        assert_eq!(sent.get(field).cloned().unwrap_or(json!(null)), expected, "{path} {field}");
    }
    let run = exec(
        &gateway,
        &request(
            "POST",
            "/v1/chat/completions",
            &json!({"model": "gpt-4o", "max_completion_tokens": 5000, "max_tokens": 9000}),
        ),
    );
    assert_eq!(sent_body(&run, 0)["max_tokens"], 9000, "only the surface's field is bounded");
}

#[test]
fn params_are_stripped_by_surface_allowlist_then_model_denylist() {
    let mut anthropic = anthropic();
    anthropic.surfaces[1].supported_params =
        vec!["messages".to_owned(), "max_tokens".to_owned(), "temperature".to_owned()];
    anthropic.models[0].unsupported_params = vec!["temperature".to_owned(), "model".to_owned()];
    let body = json!({"model": "claude-sonnet-4-5", "messages": [], "max_tokens": 5, "temperature": 1, "logprobs": true});
    let run = exec(&gateway(vec![anthropic.clone()]), &chat(&body.clone()));
    assert_eq!(
        sent_body(&run, 0),
        json!({"model": "claude-sonnet-4-5", "messages": [], "max_tokens": 5})
    );
    // The allowlist belongs to the chat-completions entry; the Anthropic entry has none.
    let run = exec(&gateway(vec![anthropic]), &request("POST", "/v1/messages", &body));
    assert_eq!(
        sent_body(&run, 0),
        json!({"model": "claude-sonnet-4-5", "messages": [], "max_tokens": 5, "logprobs": true})
    );
}

#[test]
fn headers_are_cleaned_and_replaced() {
    let mut openai = openai();
    openai.api_keys = keys("openai", &["k0"], 0);
    let mut gateway = gateway(vec![openai]);
    gateway.headers =
        vec![("x-team".to_owned(), text("blue")), ("x-trace".to_owned(), text("gateway"))];
    let mut request = chat(&json!({"model": "gpt-4o"}));
    request.headers.extend(
        [
            ("Host", "gateway.example"),
            ("Content-Length", "17"),
            ("Connection", "keep-alive, X-Drop"),
            ("X-Drop", "1"),
            ("Transfer-Encoding", "chunked"),
            ("X-Api-Key", "sk-client-other"),
            ("X-Trace", "client"),
            ("OpenAI-Organization", "org-1"),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned())),
    );
    let run = exec(&gateway, &request);
    let names: Vec<&str> = run.requests[0].headers.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["content-type", "openai-organization", "authorization", "x-team", "x-trace"]
    );
    assert_eq!(header(&run, 0, "authorization"), Some("Bearer sk-openai-key-zero-0000"));
    assert_eq!(header(&run, 0, "x-trace"), Some("gateway"));
    assert!(
        !format!("{:?}", run.requests[0]).contains("sk-openai-key"),
        "Debug redacts credentials"
    );
}

#[test]
fn azure_keys_go_in_api_key_and_query_params_follow_the_client_query() {
    let mut azure =
        custom("azure", "https://eu.openai.azure.com/openai/deployments/gpt-4o", &["gpt-4o"]);
    azure.auth = AuthStyle::AzureApiKey;
    azure.api_keys = keys("openai", &["k1"], 1);
    let mut gateway = gateway(vec![azure]);
    gateway.query_params = vec![("api-version".to_owned(), text("2024-10-21"))];
    let mut request = chat(&json!({"model": "gpt-4o"}));
    request.query = Some("trace=1".to_owned());
    let run = exec(&gateway, &request);
    assert_eq!(
        run.requests[0].url,
        "https://eu.openai.azure.com/openai/deployments/gpt-4o/chat/completions?trace=1&api-version=2024-10-21"
    );
    assert_eq!(header(&run, 0, "api-key"), Some("sk-openai-key-one-1111"));
    assert_eq!(header(&run, 0, "authorization"), None);
}

#[test]
fn anthropic_keys_and_version() {
    let mut anthropic = anthropic();
    anthropic.api_keys = keys("anthropic", &["k0"], 3);
    let gateway = gateway(vec![anthropic]);
    let mut request =
        request("POST", "/v1/messages", &json!({"model": "claude-sonnet-4-5", "max_tokens": 5}));
    request.headers.push(("anthropic-version".to_owned(), "2024-01-01".to_owned()));
    let run = exec(&gateway, &request);
    assert_eq!(header(&run, 0, "x-api-key"), Some("sk-ant-key-zero-0000"));
    assert_eq!(header(&run, 0, "authorization"), None);
    assert_eq!(header(&run, 0, "anthropic-version"), Some("2024-01-01"));
    // The same provider over OpenAI chat completions takes a bearer key.
    let run = exec(&gateway, &chat(&json!({"model": "claude-sonnet-4-5"})));
    assert_eq!(header(&run, 0, "authorization"), Some("Bearer sk-ant-key-zero-0000"));
    assert_eq!(header(&run, 0, "anthropic-version"), None);
}

#[test]
fn a_path_prefix_is_ignored_and_the_success_response_is_cleaned() {
    let setup = Setup {
        transport: Box::new(|transport| {
            transport.with_headers(
                "openai".parse().unwrap(),
                &[("Transfer-Encoding", "chunked"), ("x-request-id", "r1")],
            )
        }),
        ..Setup::default()
    };
    let run = exec_with(
        &gateway(catalog()),
        &request("POST", "/team-a/v1/chat/completions", &json!({"model": "gpt-4o"})),
        setup,
    );
    assert_eq!(run.requests[0].url, "https://api.openai.com/v1/chat/completions");
    let Outcome::Upstream(response) = &run.handled.outcome else { panic!("a success") };
    assert_eq!(response.status, 200);
    assert!(response.headers.iter().all(|(name, _)| name != "transfer-encoding"));
    assert!(response.headers.iter().any(|(name, _)| name == "x-request-id"));
}
