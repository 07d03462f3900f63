//! Engine scenarios for event streams: `on_event_stream_message` rules and `sse-find-replace`
//! on a `text/event-stream` upstream response, and `response-body-find-replace`.

mod engine_support;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use engine_support::{chat, engine, summary};
use rand::SeedableRng;
use switchyard_runtime::clock::SimulatedClock;
use switchyard_runtime::engine::{Engine, Handled, RequestEnv};
use switchyard_runtime::metrics::InMemoryMetrics;
use switchyard_runtime::secrets::MapSecretStore;
use switchyard_runtime::transport::{TransportError, UpstreamRequest, UpstreamResponse};

/// An upstream that answers every request with one fixed response.
struct Fixed(UpstreamResponse);

impl tower_service::Service<UpstreamRequest> for Fixed {
    type Response = UpstreamResponse;
    type Error = TransportError;
    type Future = Pin<Box<dyn Future<Output = Result<UpstreamResponse, TransportError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), TransportError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _request: UpstreamRequest) -> Self::Future {
        let response = self.0.clone();
        Box::pin(async move { Ok(response) })
    }
}

fn run(engine: &Engine, content_type: &str, body: &str) -> Handled {
    let clock = SimulatedClock::default();
    let mut transport = Fixed(UpstreamResponse {
        status: 200,
        headers: vec![
            ("content-type".to_owned(), content_type.to_owned()),
            ("content-length".to_owned(), body.len().to_string()),
        ],
        body: body.as_bytes().to_vec(),
    });
    let secrets: MapSecretStore = [("openai", "primary", "sk-1")].into_iter().collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let env = RequestEnv {
        transport: &mut transport,
        clock: &clock,
        metrics: &InMemoryMetrics::default(),
        secrets: &secrets,
        rng: &mut rng,
        full_trace: true,
    };
    clock.block_on(engine.handle(&chat("gpt-4o"), env)).unwrap()
}

const POLICY: &str = "
on_http_request:
  - type: ai-gateway
    config:
      providers:
        - id: openai
          api_keys:
            - value: ${secrets.get('openai', 'primary')}
on_http_response:
  - type: response-body-find-replace
    config:
      replacements:
        - from: 'secret-[0-9]+'
          to: '[redacted]'
on_event_stream_message:
  - expressions: [\"res.status_code == 200\"]
    actions:
      - type: sse-find-replace
        config:
          replacements:
            - from: '(?i)darn'
              to: '****'
            - field: retry
              from: '^\\d+$'
              to: '5000'
";

#[test]
fn sse_find_replace_rewrites_each_message() {
    let engine = engine(POLICY);
    let stream =
        "data: {\"delta\": \"Darn it\"}\n\nretry: 100\ndata: darn\ndata: again\n\ndata: [DONE]\n\n";
    let handled = run(&engine, "text/event-stream; charset=utf-8", stream);
    let body = String::from_utf8(handled.response.body.clone()).unwrap();
    assert_eq!(
        body,
        "data: {\"delta\": \"**** it\"}\n\nretry: 5000\ndata: ****\ndata: again\n\ndata: [DONE]\n\n"
    );
    assert_eq!(handled.response.header("content-length"), Some(body.len().to_string().as_str()));
    let text = summary(&handled);
    assert_eq!(text.matches("sse-find-replace -> continue").count(), 3, "{text}");
}

#[test]
fn a_json_body_goes_through_the_response_phase_only() {
    let engine = engine(POLICY);
    let handled = run(&engine, "application/json", r#"{"text": "secret-42 darn"}"#);
    assert_eq!(
        String::from_utf8(handled.response.body.clone()).unwrap(),
        r#"{"text": "[redacted] darn"}"#
    );
    assert!(!summary(&handled).contains("sse-find-replace"), "{}", summary(&handled));
}
