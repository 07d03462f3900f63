//! Engine scenarios: rules, conditions, the non-gateway actions and the response phase, each
//! through the real front end, checked against a summary of the trace.

mod engine_support;

use engine_support::{World, chat, engine, summary, with_header};

#[track_caller]
fn check(yaml: &str, request: &switchyard_runtime::engine::HttpRequest, expected: &str) {
    let engine = engine(yaml);
    let handled = World::default().run(&engine, request);
    assert_eq!(summary(&handled), expected.trim(), "\n{}", summary(&handled));
}

const GATEWAY: &str = "
      - type: ai-gateway
        config:
          providers:
            - id: openai
              api_keys:
                - value: ${secrets.get('openai', 'primary')}
";

#[test]
fn conditions_short_circuit_and_a_deny_ends_the_phase() {
    let yaml = format!(
        "
on_http_request:
  - name: block-get
    expressions: [\"req.method == 'GET'\", \"req.url.path == '/never'\"]
    actions:
      - type: deny
  - name: only-v1
    expressions: [\"req.method == 'POST'\", \"!req.url.path.startsWith('/v1/')\"]
    actions:
      - type: deny
        config: {{status_code: 404}}
  - name: team-b
    expressions: [\"hasReqHeader('x-team') && getReqHeader('x-team')[0] == 'b'\"]
    actions:
      - type: deny
        config: {{status_code: 451}}
      - type: log
        config: {{metadata: {{never: true}}}}
  - actions:{GATEWAY}"
    );
    check(
        &yaml,
        &with_header(chat("gpt-4o"), "X-Team", "b"),
        "
rule 0 block-get [false] skipped
rule 1 only-v1 [true, false] skipped
rule 2 team-b [true] matched
  deny -> respond 451
=> 451 - from deny",
    );
    check(
        &yaml,
        &chat("gpt-4o"),
        "
rule 0 block-get [false] skipped
rule 1 only-v1 [true, false] skipped
rule 2 team-b [false] skipped
rule 3 - [] matched
  ai-gateway -> respond 200
    attempt openai:gpt-4o key=Some(0) -> ok at 0ms
=> 200 - from ai-gateway (openai:gpt-4o)",
    );
}

#[test]
fn an_expression_error_fails_closed() {
    let yaml = format!(
        "
on_http_request:
  - expressions: [\"req.headers['authorization'][0] != 'Bearer ' + secrets.get('app', 'token')\"]
    actions:
      - type: deny
        config: {{status_code: 401}}
  - actions:{GATEWAY}"
    );
    check(
        &yaml,
        &chat("gpt-4o"),
        "
rule 0 - [error(evaluating `req.headers['authorization'][0] != 'Bearer ' + secrets.get('app', 'token')` failed: no such key: \"authorization\")] skipped
=> 500 ERR_SWITCHYARD_EXPR from rule",
    );
    check(
        &yaml,
        &with_header(chat("gpt-4o"), "authorization", "Bearer s3cret"),
        "
rule 0 - [false] skipped
rule 1 - [] matched
  ai-gateway -> respond 200
    attempt openai:gpt-4o key=Some(0) -> ok at 0ms
=> 200 - from ai-gateway (openai:gpt-4o)",
    );
}
