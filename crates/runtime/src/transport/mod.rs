//! Sending upstream requests: the [`Transport`] bound and the types it carries.
//!
//! A transport is any [`tower_service::Service`] from [`UpstreamRequest`] to
//! [`UpstreamResponse`] with [`TransportError`] as its error: the gateway crate's HTTP client, the
//! [`SimulatedTransport`] of tests and `policy explain`, or an embedder's own stack with its own
//! middleware. The runtime awaits `poll_ready` before every `call`, races the call against its
//! timeouts (see [`crate::clock`]) and drops the call's future when a timeout fires, which must
//! cancel the request and release its connection.

mod simulated;

pub use simulated::{
    SimulatedFuture, SimulatedOutcome, SimulatedTransport, Target, TargetParseError,
};

use std::fmt;

/// An upstream request, ready to send.
#[derive(Clone, PartialEq, Eq)]
pub struct UpstreamRequest {
    /// The HTTP method, as the client sent it.
    pub method: String,
    /// The full URL, query included.
    pub url: String,
    /// Header names (lower-case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The JSON body.
    pub body: Vec<u8>,
    /// Which candidate this request is for (a real transport ignores it).
    pub target: AttemptTarget,
}

/// Which candidate an upstream request tries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptTarget {
    /// The provider's id.
    pub provider: String,
    /// The model id sent upstream.
    pub model: String,
    /// The 0-based position of the configured key in the provider's `api_keys`; `None` when the
    /// client's own key, or no key, is used.
    pub key_index: Option<usize>,
}

/// Header names whose values are credentials, redacted by `Debug`.
pub(crate) const CREDENTIAL_HEADERS: &[&str] = &["authorization", "x-api-key", "api-key"];

impl fmt::Debug for UpstreamRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                if CREDENTIAL_HEADERS.contains(&name.as_str()) {
                    (name.as_str(), "<redacted>")
                } else {
                    (name.as_str(), value.as_str())
                }
            })
            .collect();
        f.debug_struct("UpstreamRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("target", &self.target)
            .finish()
    }
}

/// The response of a provider: available as soon as its status and headers arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpstreamResponse<B = Vec<u8>> {
    /// The HTTP status.
    pub status: u16,
    /// Header names (lower-case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body: bytes, or a stream the transport defines.
    pub body: B,
}

/// A request that got no HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportError {
    /// The connection could not be made (DNS, TCP, TLS).
    Connect(String),
    /// The connection broke before a response arrived.
    Reset(String),
    /// The transport gave up waiting by itself.
    Timeout,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Connect(reason) => write!(f, "connection failed: {reason}"),
            TransportError::Reset(reason) => write!(f, "connection reset: {reason}"),
            TransportError::Timeout => f.write_str("timed out"),
        }
    }
}

impl std::error::Error for TransportError {}

/// A service that sends upstream requests: what the runtime is generic over.
///
/// Implemented for every `tower_service::Service<UpstreamRequest, Response =
/// UpstreamResponse<B>, Error = TransportError>`; implement `Service`, not this trait.
pub trait Transport<B = Vec<u8>>:
    tower_service::Service<UpstreamRequest, Response = UpstreamResponse<B>, Error = TransportError>
{
}

impl<S, B> Transport<B> for S where
    S: tower_service::Service<
            UpstreamRequest,
            Response = UpstreamResponse<B>,
            Error = TransportError,
        >
{
}
