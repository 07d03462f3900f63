//! Engine scenarios for the actions around the gateway: their effects on the request, the
//! response and the request's variables.

mod engine_support;

use engine_support::{World, chat, engine, summary, with_header};
use switchyard_runtime::engine::{Engine, EngineOptions, HttpRequest, LoadError};

const OPENAI: &str = "
          providers:
            - id: openai
              api_keys:
                - value: ${secrets.get('openai', 'primary')}";

/// An `ai-gateway` that allows only `openai:gpt-4o` (keys `primary` and `backup`) and
/// `anthropic:claude-sonnet-4-5` (key `primary`); its strategies follow.
const TWO_MODELS: &str = "
on_http_request:
  - type: ai-gateway
    config:
      only_allow_configured_providers: true
      only_allow_configured_models: true
      providers:
        - id: openai
          api_keys:
            - value: ${secrets.get('openai', 'primary')}
            - value: ${secrets.get('openai', 'backup')}
          models:
            - id: gpt-4o
        - id: anthropic
          api_keys:
            - value: ${secrets.get('anthropic', 'primary')}
          models:
            - id: claude-sonnet-4-5";

fn body(handled: &switchyard_runtime::engine::Handled) -> String {
    String::from_utf8_lossy(&handled.response.body).into_owned()
}

/// Asserts that the summary of `handled` has `text`.
#[track_caller]
fn assert_decided(handled: &switchyard_runtime::engine::Handled, text: &str) {
    let summary = summary(handled);
    assert!(summary.contains(text), "expected `{text}` in:\n{summary}");
}

#[test]
fn on_error_continue_hands_the_error_to_a_custom_response() {
    let engine = engine(&format!(
        "
on_http_request:
  - actions:
      - type: ai-gateway
        config:
          on_error: continue{OPENAI}
      - type: custom-response
        config:
          status_code: 503
          body: '{{\"fallback\": true, \"code\": \"${{actions.ngrok.ai_gateway.error.code}}\", \"status\": \"${{actions.ngrok.ai_gateway.status}}\"}}'
"
    ));
    let handled = World::default().fail("openai", &["429"]).run(&engine, &chat("gpt-4o"));
    assert_eq!(handled.response.status, 503);
    assert_eq!(
        body(&handled),
        r#"{"fallback": true, "code": "ERR_NGROK_3807", "status": "error"}"#
    );
    assert_eq!(handled.response.header("content-type"), Some("application/json"));
    assert_eq!(handled.response.header("ngrok-error-code"), None);
}

#[test]
fn set_vars_log_and_headers_shape_what_the_gateway_sends() {
    let engine = engine(&format!(
        "
on_http_request:
  - actions:
      - type: set-vars
        config:
          vars:
            - team: \"${{hasReqHeader('x-team') ? getReqHeader('x-team')[0] : 'none'}}\"
            - limits: {{daily: 100, tags: ['a', '${{vars.team}}']}}
      - type: log
        config:
          metadata:
            team: ${{vars.team}}
            limits: ${{vars.limits}}
      - type: add-headers
        config:
          headers:
            x-team-seen: ${{vars.team}}
      - type: remove-headers
        config:
          headers: [x-internal]
      - type: request-body-find-replace
        config:
          replacements:
            - from: 'Hello'
              to: 'Hi ${{vars.team}}'
      - type: ai-gateway
        config:{OPENAI}
"
    ));
    let mut world = World::default();
    let request = with_header(with_header(chat("gpt-4o"), "x-team", "blue"), "x-internal", "1");
    let handled = world.run(&engine, &request);
    assert_eq!(handled.response.status, 200, "{}", summary(&handled));
    assert_eq!(
        handled.trace.logs,
        vec![serde_json::json!({"team": "blue", "limits": {"daily": 100, "tags": ["a", "blue"]}})]
    );
    let sent = &world.transport.requests()[0];
    assert!(sent.headers.iter().any(|(name, value)| name == "x-team-seen" && value == "blue"));
    assert!(!sent.headers.iter().any(|(name, _)| name == "x-internal"));
    let sent_body = String::from_utf8_lossy(&sent.body);
    assert!(sent_body.contains("Hi blue"), "{sent_body}");
    assert_decided(&handled, "request-body-find-replace -> continue (1 match(es) replaced)");
}

#[test]
fn restrict_ips_allows_and_denies_on_the_client_address() {
    let engine = engine(&format!(
        "
on_http_request:
  - actions:
      - type: restrict-ips
        config:
          allow: [10.0.0.0/8, '2001:db8::/32']
          deny: [10.9.0.0/16]
      - type: ai-gateway
        config:{OPENAI}
"
    ));
    let from = |ip: &str| HttpRequest { client_ip: ip.to_owned(), ..chat("gpt-4o") };
    for (ip, status) in
        [("10.1.2.3", 200), ("2001:db8::7", 200), ("10.9.1.1", 403), ("8.8.8.8", 403)]
    {
        let handled = World::default().run(&engine, &from(ip));
        assert_eq!(handled.response.status, status, "{ip}: {}", summary(&handled));
    }
    let handled = World::default().run(&engine, &from("8.8.8.8"));
    assert_eq!(handled.response.header("ngrok-error-code"), Some("ERR_SWITCHYARD_IP_DENIED"));
    assert!(body(&handled).contains("\"type\":\"permission_error\""), "{}", body(&handled));
}

#[test]
fn rate_limit_rejects_over_capacity_with_retry_after() {
    let engine = engine(&format!(
        "
on_http_request:
  - actions:
      - type: rate-limit
        config:
          name: per-team
          algorithm: sliding_window
          capacity: 2
          rate: 60s
          bucket_key: [\"getReqHeader('x-team')[0]\"]
      - type: ai-gateway
        config:{OPENAI}
"
    ));
    let mut world = World::default();
    let team = |name: &str| with_header(chat("gpt-4o"), "x-team", name);
    assert_eq!(world.run(&engine, &team("a")).response.status, 200);
    world.clock.advance(std::time::Duration::from_secs(10));
    assert_eq!(world.run(&engine, &team("a")).response.status, 200);
    let limited = world.run(&engine, &team("a"));
    assert_eq!(limited.response.status, 429, "{}", summary(&limited));
    assert_eq!(limited.response.header("retry-after"), Some("80"));
    assert_eq!(limited.response.header("ngrok-error-code"), Some("ERR_SWITCHYARD_RATE_LIMITED"));
    assert_eq!(world.run(&engine, &team("b")).response.status, 200, "buckets are separate");
    world.clock.advance(std::time::Duration::from_mins(2));
    assert_eq!(world.run(&engine, &team("a")).response.status, 200, "the window moved on");
}

#[test]
fn the_response_phase_sees_the_response_and_can_replace_it() {
    let engine = engine(&format!(
        "
on_http_request:
  - type: ai-gateway
    config:{OPENAI}
on_http_response:
  - actions:
      - type: add-headers
        config:
          headers:
            x-status: ${{string(res.status_code)}}
      - type: remove-headers
        config:
          headers: [content-type]
  - expressions: [\"getResHeader('x-status') == ['503'] && !hasResHeader('content-type')\"]
    actions:
      - type: custom-response
        config:
          status_code: 502
          body: \"${{ {{'retry': true, 'was': res.status_code}} }}\"
"
    ));
    let handled = World::default().run(&engine, &chat("gpt-4o"));
    assert_eq!(handled.response.status, 200);
    assert_eq!(handled.response.header("x-status"), Some("200"));
    assert_eq!(handled.response.header("content-type"), None);
    let handled = World::default().fail("openai", &["429"]).run(&engine, &chat("gpt-4o"));
    assert_eq!(handled.response.status, 502, "{}", summary(&handled));
    assert_eq!(body(&handled), r#"{"retry":true,"was":503}"#);
    assert_eq!(handled.response.header("content-type"), Some("application/json"));
}

#[test]
fn no_response_and_unknown_actions_fail_closed() {
    let engine_without_responder = engine(
        "
on_http_request:
  - actions:
      - type: log
        config:
          metadata: {seen: true}
",
    );
    let handled = World::default().run(&engine_without_responder, &chat("gpt-4o"));
    assert_eq!(handled.response.status, 502);
    assert_eq!(handled.response.header("ngrok-error-code"), Some("ERR_SWITCHYARD_NO_UPSTREAM"));

    let engine_with_unknown = engine(&format!(
        "
on_http_request:
  - actions:
      - type: oauth
        config: {{provider: google}}
      - type: ai-gateway
        config:{OPENAI}
"
    ));
    let mut anthropic_request = chat("claude-sonnet-4-5");
    anthropic_request.path = "/v1/messages".to_owned();
    let handled = World::default().run(&engine_with_unknown, &anthropic_request);
    assert_eq!(handled.response.status, 500);
    assert_eq!(handled.response.header("ngrok-error-code"), Some("ERR_SWITCHYARD_UNKNOWN_ACTION"));
    assert!(
        body(&handled).contains(r#""type":"error""#),
        "the Anthropic envelope: {}",
        body(&handled)
    );
}

#[test]
fn strategies_see_providers_authors_and_request_variables() {
    let engine = engine(
        "
on_http_request:
  - type: ai-gateway
    config:
      providers:
        - id: openai
          api_keys:
            - value: ${secrets.get('openai', 'primary')}
        - id: anthropic
          api_keys:
            - value: ${secrets.get('anthropic', 'primary')}
      model_selection:
        strategy:
          - \"ai.providers.exists(p, p.id == 'anthropic') && req.headers['x-prefer'][0] == 'anthropic' ? ai.models.onlyProviders(['anthropic']) : []\"
          - ai.models.filter(m, ai.authors.exists(a, a.id == m.author_id))
",
    );
    let handled =
        World::default().run(&engine, &with_header(chat("ngrok/auto"), "x-prefer", "anthropic"));
    assert_decided(&handled, "(anthropic:claude-sonnet-4-5)");
    // Without the header the first strategy fails outside a predicate: 3803.
    let handled = World::default().run(&engine, &chat("ngrok/auto"));
    assert_eq!(handled.trace.result.code.as_deref(), Some("ERR_NGROK_3803"));
}

#[test]
fn a_plan_that_does_not_verify_is_refused() {
    let mut plan = engine_support::plan(&format!(
        "
on_http_request:
  - expressions: [\"req.method == 'POST'\"]
    actions:
      - type: ai-gateway
        config:{OPENAI}
"
    ));
    let json = plan.to_json();
    let loaded = switchyard_plan::Plan::from_json(&json).expect("round trip");
    assert_eq!(loaded, plan);
    let first = World::default()
        .run(&Engine::new(loaded, EngineOptions::default()).unwrap(), &chat("gpt-4o"));
    let second = World::default().run(&engine_from(&plan), &chat("gpt-4o"));
    assert_eq!(summary(&first), summary(&second), "a plan read back decides the same");

    plan.format_version += 1;
    assert!(matches!(
        Engine::new(plan.clone(), EngineOptions::default()),
        Err(LoadError::Invalid(_))
    ));
    plan.format_version -= 1;
    plan.expressions[0].expr = switchyard_plan::expr::Expr::Var("no.such.variable".to_owned());
    let error = Engine::new(plan, EngineOptions::default()).unwrap_err();
    assert!(matches!(error, LoadError::Link { .. }), "{error}");
    assert!(error.to_string().contains("policy.yaml:3:"), "{error}");
}

fn engine_from(plan: &switchyard_plan::Plan) -> Engine {
    Engine::new(plan.clone(), EngineOptions::default()).unwrap()
}

#[test]
fn the_request_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let engine = engine("on_http_request:\n  - type: deny\n");
    let world = World::default();
    let mut transport = world.transport.clone();
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(1);
    let request = chat("gpt-4o");
    let future = engine.handle(
        &request,
        switchyard_runtime::engine::RequestEnv {
            transport: &mut transport,
            clock: &world.clock,
            metrics: &world.metrics,
            secrets: &world.secrets,
            rng: &mut rng,
            full_trace: false,
        },
    );
    assert_send(&future);
    assert_eq!(world.clock.block_on(future).unwrap().response.status, 403);
}

#[test]
fn strategies_read_metrics_refreshed_at_most_every_period() {
    use std::time::Duration;
    use switchyard_runtime::metrics::{AttemptKind, AttemptSample, MetricsStore};

    let yaml = format!(
        "{TWO_MODELS}
      model_selection:
        strategy:
          - ai.models.filter(m, m.metrics.global.error_rate.total < 0.5)
"
    );
    let fail = |world: &World| {
        for _ in 0..4 {
            world.metrics.record(&AttemptSample {
                provider: "openai",
                model: "gpt-4o",
                key_id: None,
                at: switchyard_runtime::clock::Clock::now(&world.clock),
                latency: Duration::from_millis(10),
                kind: AttemptKind::ServerError,
                headers: &[],
            });
        }
    };
    let first_model = |handled: &switchyard_runtime::engine::Handled| {
        handled.trace.result.model.clone().unwrap_or_default()
    };

    let cached = engine(&yaml);
    let mut world = World::default();
    assert_eq!(first_model(&world.run(&cached, &chat("ngrok/auto"))), "gpt-4o");
    fail(&world);
    world.clock.advance(Duration::from_secs(1));
    assert_eq!(first_model(&world.run(&cached, &chat("ngrok/auto"))), "gpt-4o", "same period");
    world.clock.advance(Duration::from_secs(10));
    assert_eq!(first_model(&world.run(&cached, &chat("ngrok/auto"))), "claude-sonnet-4-5");

    let options = EngineOptions { metrics_refresh: Duration::ZERO };
    let fresh = Engine::new(engine_support::plan(&yaml), options).unwrap();
    let mut world = World::default();
    assert_eq!(first_model(&world.run(&fresh, &chat("ngrok/auto"))), "gpt-4o");
    fail(&world);
    assert_eq!(first_model(&world.run(&fresh, &chat("ngrok/auto"))), "claude-sonnet-4-5");
}

/// Records `count` attempts of `provider`'s `model` with the key of value `key`, ending now.
fn record_attempts(
    world: &World,
    (provider, model, key): (&str, &str, &str),
    kind: switchyard_runtime::metrics::AttemptKind,
    count: usize,
) {
    use switchyard_runtime::metrics::{AttemptSample, MetricsStore};
    let key_id = switchyard_runtime::gateway::key_id(key);
    for _ in 0..count {
        world.metrics.record(&AttemptSample {
            provider,
            model,
            key_id: Some(&key_id),
            at: switchyard_runtime::clock::Clock::now(&world.clock),
            latency: std::time::Duration::from_millis(10),
            kind,
            headers: &[],
        });
    }
}

#[test]
fn model_strategies_read_per_key_metrics_by_key_id() {
    use switchyard_runtime::metrics::AttemptKind;

    let primary = switchyard_runtime::gateway::key_id("sk-openai-primary");
    let engine = engine(&format!(
        "{TWO_MODELS}
      model_selection:
        strategy:
          - \"ai.models.filter(m, '{primary}' in m.metrics.api_keys && m.metrics.api_keys['{primary}'].error_rate.total < 0.1)\"
          - ai.models.onlyProviders(['anthropic'])
"
    ));
    let chosen = |world: &mut World| {
        let handled = world.run(&engine, &chat("ngrok/auto"));
        handled.trace.result.model.clone().unwrap_or_else(|| summary(&handled))
    };
    let mut world = World::default();
    assert_eq!(chosen(&mut world), "claude-sonnet-4-5", "no figures for the key yet");
    record_attempts(&world, ("openai", "gpt-4o", "sk-openai-primary"), AttemptKind::Success, 9);
    world.clock.advance(std::time::Duration::from_secs(11));
    assert_eq!(chosen(&mut world), "gpt-4o", "the key is measured and healthy with gpt-4o");
    record_attempts(&world, ("openai", "gpt-4o", "sk-openai-primary"), AttemptKind::Timeout, 3);
    assert_eq!(chosen(&mut world), "gpt-4o", "the figures are reused during the period");
    world.clock.advance(std::time::Duration::from_secs(11));
    assert_eq!(chosen(&mut world), "claude-sonnet-4-5", "an error rate of 0.25 with the key");
}

#[test]
fn quotas_reported_for_a_key_steer_models_and_keys() {
    let engine = engine(&format!(
        "{TWO_MODELS}
      model_selection:
        strategy:
          - ai.models.filter(m, m.metrics.api_keys.all(id, key, key.quota.remaining_requests != 0))
          - ai.models
      api_key_selection:
        strategy:
          - ai.keys.filter(k, !(k.id in ai.model.metrics.api_keys) || ai.model.metrics.api_keys[k.id].quota.remaining_requests != 0)
"
    ));
    let mut world = World::default();
    world.transport = world.transport.clone().with_headers(
        "openai:gpt-4o#0".parse().unwrap(),
        &[("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-limit-requests", "500")],
    );
    let handled = world.run(&engine, &chat("ngrok/auto"));
    assert_decided(&handled, "attempt openai:gpt-4o key=Some(0) -> ok");
    world.clock.advance(std::time::Duration::from_secs(11));
    let handled = world.run(&engine, &chat("ngrok/auto"));
    assert_eq!(
        handled.trace.result.model.as_deref(),
        Some("claude-sonnet-4-5"),
        "gpt-4o's primary key has no requests left: {}",
        summary(&handled)
    );
    let handled = world.run(&engine, &chat("gpt-4o"));
    // The key strategy skips the key that has no requests left with gpt-4o.
    assert_decided(&handled, "attempt openai:gpt-4o key=Some(1) -> ok");
}

#[test]
fn request_header_changes_are_visible_to_everything_after_them() {
    let engine = engine(&format!(
        "
on_http_request:
  - actions:
      - type: set-vars
        config:
          vars:
            - length_before: ${{req.content_length}}
      - type: add-headers
        config:
          headers:
            x-team: blue
      - type: remove-headers
        config:
          headers: [X-Internal]
      - type: request-body-find-replace
        config:
          replacements:
            - from: 'Hello'
              to: 'Hello there'
  - expressions:
      - \"'x-team' in req.headers && req.headers['x-team'][1] == 'blue'\"
      - \"!hasReqHeader('x-internal')\"
    actions:
      - type: log
        config:
          metadata:
            teams: \"${{getReqHeader('x-team').join(',')}}\"
            internal: \"${{'x-internal' in req.headers}}\"
            grew_by: ${{req.content_length - vars.length_before}}
      - type: add-headers
        config:
          headers:
            x-route: \"${{req.headers['x-team'][1]}}\"
      - type: ai-gateway
        config:{OPENAI}
          model_selection:
            strategy:
              - \"hasReqHeader('x-route') ? ai.models.only(['gpt-4o-mini']) : ai.models\"
on_http_response:
  - actions:
      - type: add-headers
        config:
          headers:
            x-route-seen: \"${{req.headers['x-route'][0]}}\"
"
    ));
    let mut world = World::default();
    let request = with_header(with_header(chat("ngrok/auto"), "X-Team", "red"), "x-internal", "1");
    let handled = world.run(&engine, &request);
    assert_eq!(handled.response.status, 200, "{}", summary(&handled));
    assert_eq!(
        handled.trace.logs,
        vec![serde_json::json!({"teams": "red,blue", "internal": false, "grew_by": 6})],
        "{}",
        summary(&handled)
    );
    assert_eq!(
        handled.trace.result.model.as_deref(),
        Some("gpt-4o-mini"),
        "the strategy sees the header added before it: {}",
        summary(&handled)
    );
    assert_eq!(
        handled.response.header("x-route-seen"),
        Some("blue"),
        "and so does the response phase"
    );
    let sent = &world.transport.requests()[0];
    let values = |wanted: &str| -> Vec<&str> {
        sent.headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| value.as_str())
            .collect()
    };
    assert_eq!(values("x-team"), ["red", "blue"]);
    assert_eq!(values("x-route"), ["blue"]);
    assert!(values("x-internal").is_empty());
}
