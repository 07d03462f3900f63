//! The configuration of the actions other than `ai-gateway` (spec: actions.md).

use schemars::JsonSchema;

use super::{CelSource, Duration, Spanned, StringMap, Template, TemplateValue};

/// `custom-response`: answer with a fixed response.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CustomResponse {
    /// HTTP status (default 200).
    #[schemars(range(min = 100, max = 599))]
    pub status_code: Option<Spanned<i64>>,
    /// Response body; a template.
    pub body: Option<Template>,
    /// Response headers (at most 10); values are templates.
    #[serde(default)]
    #[schemars(length(max = 10))]
    pub headers: StringMap<Template>,
}

/// `deny`: reject with a status and no body.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Deny {
    /// HTTP status (default 403).
    #[schemars(range(min = 100, max = 599))]
    pub status_code: Option<Spanned<i64>>,
}

/// `rate-limit`: a sliding-window limiter per bucket.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RateLimit {
    /// Identifies the limiter; actions with the same name share buckets.
    #[schemars(length(min = 1, max = 1023))]
    pub name: Spanned<String>,
    /// The algorithm; only `sliding_window`.
    pub algorithm: Spanned<RateAlgorithm>,
    /// Requests allowed per window per bucket.
    #[schemars(range(min = 1, max = 2_000_000_000))]
    pub capacity: Spanned<i64>,
    /// Window length, 60s to 24h in multiples of 10s.
    pub rate: Spanned<Duration>,
    /// CEL expressions whose values form the bucket.
    #[schemars(length(min = 1, max = 10))]
    pub bucket_key: Vec<CelSource>,
    /// `false` records without rejecting (default `true`).
    pub enforce: Option<Spanned<bool>>,
}

/// A rate-limit algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateAlgorithm {
    /// A sliding window.
    SlidingWindow,
}

/// `restrict-ips`: allow or reject by client IP.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RestrictIps {
    /// `false` records without rejecting (default `true`).
    pub enforce: Option<Spanned<bool>>,
    /// CIDR ranges allowed; templates.
    #[serde(default)]
    pub allow: Vec<Template>,
    /// CIDR ranges rejected; templates.
    #[serde(default)]
    pub deny: Vec<Template>,
    /// IP-policy ids (`ipp_...`).
    #[serde(default)]
    pub ip_policies: Vec<Spanned<String>>,
}

/// `set-vars`: set request variables, in order.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SetVars {
    /// Each item is a mapping with exactly one key, the variable name.
    #[schemars(with = "Vec<std::collections::BTreeMap<String, TemplateValue>>")]
    pub vars: Vec<(Spanned<String>, Spanned<TemplateValue>)>,
}

/// `log`: emit a structured log event.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Log {
    /// The event's fields; string leaves are templates.
    pub metadata: StringMap<Spanned<TemplateValue>>,
}

/// `add-headers`.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AddHeaders {
    /// Headers to add (1 to 10); values are templates.
    #[schemars(length(min = 1, max = 10))]
    pub headers: StringMap<Template>,
}

/// `remove-headers`.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RemoveHeaders {
    /// Header names to remove (1 to 10), case-insensitive.
    #[schemars(length(min = 1, max = 10))]
    pub headers: Vec<Spanned<String>>,
}

/// `request-body-find-replace` and `response-body-find-replace`.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FindReplace {
    /// Applied in order.
    #[schemars(length(min = 1))]
    pub replacements: Vec<Replacement>,
}

/// One replacement of a body find/replace.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Replacement {
    /// An RE2 pattern; a template.
    pub from: Template,
    /// The replacement (`$1`, `$name` expand groups); a template; default empty.
    pub to: Option<Template>,
}

/// `sse-find-replace`.
#[derive(Clone, Debug, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SseFindReplace {
    /// Applied in order to each message.
    #[schemars(length(min = 1))]
    pub replacements: Vec<SseReplacement>,
}

/// One replacement of `sse-find-replace`.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SseReplacement {
    /// The message field: `data` (default) or `retry`.
    pub field: Option<Template>,
    /// An RE2 pattern; a template.
    pub from: Template,
    /// The replacement; a template.
    pub to: Option<Template>,
}

/// `jwt-validation`.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JwtValidation {
    /// Accepted issuers.
    pub issuer: AllowList,
    /// Accepted audiences.
    pub audience: Option<AllowList>,
    /// Where tokens are found.
    pub http: JwtHttp,
    /// Signature verification.
    pub jws: Jws,
}

/// `{allow_list: [{value: ...}]}`.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AllowList {
    /// The accepted values.
    #[schemars(length(min = 1))]
    pub allow_list: Vec<AllowValue>,
}

/// One accepted value.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AllowValue {
    /// The value.
    pub value: Spanned<String>,
}

/// `http` of `jwt-validation`.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JwtHttp {
    /// Token locations.
    #[schemars(length(min = 1))]
    pub tokens: Vec<JwtToken>,
}

/// Where one token is.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JwtToken {
    /// Parsing hint: `jwt`, `id_token`, `access_token`, `at+jwt`, `it+jwt` or `plain`.
    #[serde(rename = "type")]
    #[schemars(extend("enum" = ["jwt", "id_token", "access_token", "at+jwt", "it+jwt", "plain"]))]
    pub kind: Spanned<String>,
    /// `header` or `body`.
    #[schemars(extend("enum" = ["header", "body"]))]
    pub method: Spanned<String>,
    /// Header or body field name.
    pub name: Spanned<String>,
    /// Stripped before parsing, such as `Bearer `.
    pub prefix: Option<Spanned<String>>,
}

/// `jws` of `jwt-validation`.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Jws {
    /// Allowed signing algorithms, such as `RS256`; `none` is forbidden.
    #[schemars(length(min = 1))]
    pub allowed_algorithms: Vec<Spanned<String>>,
    /// Key sources (a mapping; a one-element list is accepted too).
    pub keys: JwsKeys,
}

/// `jws.keys`.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JwsKeys {
    /// Where keys come from.
    pub sources: JwsSources,
    /// How keys are identified.
    #[serde(default)]
    pub identification: Vec<JwsIdentification>,
}

/// `jws.keys.sources`.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JwsSources {
    /// JWKS URLs.
    pub additional_jkus: Vec<Spanned<String>>,
}

/// `jws.keys.identification[]`.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JwsIdentification {
    /// Claims that identify the key (only `kid`).
    #[serde(default)]
    pub token_claims: Vec<Spanned<String>>,
}
