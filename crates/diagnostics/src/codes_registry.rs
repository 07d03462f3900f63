// The code table. Each doc comment is the code's long explanation; its first line is the summary.

codes! {
    /// The file is not valid YAML (or JSON).
    ///
    /// ## What it means
    /// The YAML parser could not read the document: a tab in indentation, a bad indentation,
    /// an unclosed quote or bracket, a duplicate mapping key, an unquoted expression starting
    /// with `!` (YAML reads it as a tag), bytes that are not UTF-8, or nesting deeper than the
    /// checker accepts.
    /// The rest of that document is not checked.
    ///
    /// ## Example
    /// ```yaml
    /// on_http_request:
    ///   - expressions:
    ///       - !req.url.path.startsWith('/admin')
    /// ```
    ///
    /// ## How to fix
    /// Fix the YAML at the reported position.
    /// Quote expressions that start with `!` (`- "!req.url.path.startsWith('/admin')"`), indent
    /// with spaces only, and write each key once per mapping.
    SY0001 = "yaml-parse", Error, Stable;

    /// The document is neither a traffic policy nor a known wrapper of one.
    ///
    /// ## What it means
    /// A policy document has at least one phase key (`on_http_request`, `on_http_response`,
    /// `on_event_stream_message`, `on_tcp_connect`), or is a recognised wrapper: an agent
    /// configuration with `endpoints[].traffic_policy`, a Kubernetes `CloudEndpoint`,
    /// `AgentEndpoint` or `NgrokTrafficPolicy`, or an API object with a `traffic_policy` string.
    /// This document is none of them, so nothing in it was checked.
    ///
    /// ## Example
    /// ```yaml
    /// - type: ai-gateway
    /// ```
    ///
    /// ## How to fix
    /// Put the rules under a phase key:
    /// ```yaml
    /// on_http_request:
    ///   - type: ai-gateway
    /// ```
    SY0002 = "not-a-policy", Error, Stable;

    /// A top-level key beside the phases is not a phase.
    ///
    /// ## What it means
    /// The top level of a policy holds only phase keys.
    /// Any other key is almost always a typo of a phase name, and its rules would silently never run.
    ///
    /// ## Example
    /// ```yaml
    /// on_http_requests:
    ///   - type: ai-gateway
    /// ```
    ///
    /// ## How to fix
    /// Use one of `on_http_request`, `on_http_response`, `on_event_stream_message` or
    /// `on_tcp_connect`; the help line suggests the closest one.
    SY0003 = "unknown-phase", Error, Stable;

    /// An item of a phase list is neither a rule nor an action.
    ///
    /// ## What it means
    /// Each item under a phase is a rule (with `actions`) or a bare action (with `type`).
    /// An item with neither usually slipped out of its parent through wrong indentation, such as a
    /// provider object that ended up directly under the phase.
    /// An item with both `type` and `actions` is ambiguous and also rejected.
    ///
    /// ## Example
    /// ```yaml
    /// on_http_request:
    ///   - type: ai-gateway
    ///     config:
    ///       providers:
    ///   - id: openai
    /// ```
    ///
    /// ## How to fix
    /// Indent the item under the field it belongs to, or give it `actions:` (a rule) or
    /// `type:` (an action).
    SY0004 = "not-a-rule", Error, Stable;

    /// A mapping has a key that this place does not define.
    ///
    /// ## What it means
    /// Rules, actions, and the configuration of every known action accept a fixed set of keys.
    /// An unknown key is rejected rather than ignored, because a misspelt key (`model_selections`)
    /// would otherwise silently disable what the author meant to configure.
    ///
    /// ## Example
    /// ```yaml
    /// - type: ai-gateway
    ///   config:
    ///     model_selections:
    ///       strategy: ["ai.models"]
    /// ```
    ///
    /// ## How to fix
    /// Use the key the help line suggests, or remove the key.
    /// `policy schema` prints every valid key.
    SY0005 = "unknown-key", Error, Stable;

    /// Configuration fields were written beside `type` instead of under `config`.
    ///
    /// ## What it means
    /// An action has exactly the keys `type` and `config`.
    /// A field of the action's configuration written at the level of `type` is not read.
    ///
    /// ## Example
    /// ```yaml
    /// - type: ai-gateway
    ///   providers:
    ///     - id: openai
    /// ```
    ///
    /// ## How to fix
    /// Move the field under `config:`:
    /// ```yaml
    /// - type: ai-gateway
    ///   config:
    ///     providers:
    ///       - id: openai
    /// ```
    SY0006 = "misplaced-config", Error, Stable;

    /// A value has the wrong YAML type for its field.
    ///
    /// ## What it means
    /// Each field expects a type: a string, an integer, a boolean, a list or a mapping.
    /// Scalars follow the YAML 1.2 core schema: `42` is an integer, `"42"` is a string, `true` is a
    /// boolean, `~` or an empty value is null.
    /// Durations are strings with a unit: a bare number is rejected.
    ///
    /// ## Example
    /// ```yaml
    /// config:
    ///   max_input_tokens: "4k"
    ///   per_request_timeout: 30
    /// ```
    ///
    /// ## How to fix
    /// Write the value in the expected type: `max_input_tokens: 4000`, `per_request_timeout: 30s`.
    SY0007 = "type-mismatch", Error, Stable;

    /// A required field is missing.
    ///
    /// ## What it means
    /// The mapping lacks a field that has no default, such as a provider's `id`, a rule's
    /// `actions`, or the `name` of a `rate-limit`.
    ///
    /// ## Example
    /// ```yaml
    /// providers:
    ///   - base_url: https://llm.internal
    /// ```
    ///
    /// ## How to fix
    /// Add the field named in the message.
    SY0008 = "missing-required", Error, Stable;

    /// A number, duration or list length is outside its allowed range.
    ///
    /// ## What it means
    /// Some fields are bounded: `max_input_tokens` is 1 to 500000, `status_code` 100 to 599,
    /// timeouts must be positive, a rule needs at least one action, `add-headers` takes at most
    /// ten headers, a `rate-limit` window is 60s to 24h in multiples of 10s.
    ///
    /// ## Example
    /// ```yaml
    /// - type: deny
    ///   config:
    ///     status_code: 999
    /// ```
    ///
    /// ## How to fix
    /// Use a value within the range given in the message.
    SY0009 = "out-of-range", Error, Stable;

    /// A value is not one of the values its field allows.
    ///
    /// ## What it means
    /// The field is an enumeration, such as `on_error` (`halt` or `continue`), a surface
    /// `format` (`openai` or `anthropic`) or a `rate-limit` `algorithm` (`sliding_window`).
    ///
    /// ## Example
    /// ```yaml
    /// config:
    ///   on_error: stop
    /// ```
    ///
    /// ## How to fix
    /// Use one of the values listed in the message; the help line suggests the closest one.
    SY0010 = "bad-enum", Error, Stable;

    /// A string does not have the format its field requires.
    ///
    /// ## What it means
    /// The field takes a string of a particular form: a Go-style duration (`30s`, `1m30s`), an
    /// `http` or `https` URL, a provider id made of letters, digits, `.`, `_` and `-`, a CIDR
    /// range (`10.0.0.0/8`), or a variable name.
    ///
    /// ## Example
    /// ```yaml
    /// config:
    ///   per_request_timeout: 30 seconds
    ///   providers:
    ///     - id: "my:provider"
    /// ```
    ///
    /// ## How to fix
    /// Write the value in the format named in the message, such as `30s` or `my-provider`.
    SY0011 = "invalid-format", Error, Stable;

    /// A `${...}` interpolation is malformed.
    ///
    /// ## What it means
    /// In an interpolated field, `${` starts a CEL expression that ends at the matching `}`.
    /// An interpolation that is never closed, or that is empty, cannot be evaluated.
    ///
    /// ## Example
    /// ```yaml
    /// headers:
    ///   x-user: "${req.headers['x-user'][0]"
    /// ```
    ///
    /// ## How to fix
    /// Close the interpolation with `}`, or write `$${` for a literal `${`.
    SY0012 = "template-syntax", Error, Stable;

    /// A `${` appears in a field that is not interpolated.
    ///
    /// ## What it means
    /// Only some fields are templates (header values, body leaves, API key values, ...).
    /// In other fields, such as `base_url`, ids or timeouts, the text `${...}` is taken literally,
    /// which is rarely what was meant.
    ///
    /// ## Example
    /// ```yaml
    /// providers:
    ///   - id: openai
    ///     base_url: "${vars.base}"
    /// ```
    ///
    /// ## How to fix
    /// Write the value literally, or move the dynamic part to an interpolated field.
    SY0013 = "template-not-allowed", Warning, Stable;

    /// The action type is not known to Switchyard.
    ///
    /// ## What it means
    /// The `type` names no action that Switchyard knows, so its configuration is not checked, and
    /// the gateway answers 500 `ERR_SWITCHYARD_UNKNOWN_ACTION` if the action ever runs.
    ///
    /// ## Example
    /// ```yaml
    /// - type: ai-gateways
    /// ```
    ///
    /// ## How to fix
    /// Use a known action type; the help line suggests the closest one.
    SY0014 = "unknown-action", Warning, Stable;

    /// A deprecated form is used.
    ///
    /// ## What it means
    /// The construct still works but is on its way out: `api_key_selection` (deprecated by
    /// ngrok), the one-argument `secrets.get('name')`, or `unsupported_params` and
    /// `supported_params` entries written as bare strings.
    ///
    /// ## Example
    /// ```yaml
    /// api_keys:
    ///   - value: ${secrets.get('openai-key')}
    /// ```
    ///
    /// ## How to fix
    /// Use the current form: `secrets.get('vault', 'key')`, `- name: temperature`.
    SY0015 = "deprecated", Warning, Stable;

    /// A phase holds a single rule written as a mapping instead of a list.
    ///
    /// ## What it means
    /// The value of a phase is a list of rules.
    /// A mapping is accepted as a list of one rule, but the form is non-standard.
    ///
    /// ## Example
    /// ```yaml
    /// on_http_request:
    ///   actions:
    ///     - type: deny
    /// ```
    ///
    /// ## How to fix
    /// Make it a list item:
    /// ```yaml
    /// on_http_request:
    ///   - actions:
    ///       - type: deny
    /// ```
    SY0016 = "phase-not-a-list", Warning, Stable;

    /// The policy is a reference to another resource and cannot be checked here.
    ///
    /// ## What it means
    /// A Kubernetes endpoint refers to its traffic policy through `targetRef` instead of holding it
    /// inline, so this file contains no policy to check.
    ///
    /// ## Example
    /// ```yaml
    /// kind: CloudEndpoint
    /// spec:
    ///   trafficPolicy:
    ///     targetRef:
    ///       name: my-policy
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix; check the referenced `NgrokTrafficPolicy` file as well.
    SY0017 = "external-policy-ref", Info, Stable;

    /// A CEL expression does not parse.
    ///
    /// ## What it means
    /// The expression has a syntax error: a token where the grammar does not allow it, a
    /// character that starts no token, or an unclosed string or parenthesis.
    /// The position is the exact offending character inside the YAML file.
    ///
    /// ## Example
    /// ```yaml
    /// expressions:
    ///   - "req.method == 'POST' &&"
    /// ```
    ///
    /// ## How to fix
    /// Fix the expression at the reported position.
    /// Rule expressions and strategies are whole CEL expressions: write `req.id`, not `${req.id}`.
    CE0001 = "cel-syntax", Error, Stable;

    /// A CEL literal is malformed or out of range.
    ///
    /// ## What it means
    /// A string has an escape sequence CEL does not define (`\d`), a number is malformed
    /// (`1e`, `0x`), or an integer does not fit its type (`9223372036854775808`).
    ///
    /// ## Example
    /// ```yaml
    /// expressions:
    ///   - "req.url.path.matches('^/v\\d+/')"
    /// ```
    ///
    /// ## How to fix
    /// In a CEL string, write a literal backslash as `\\`, or use a raw string: `r'^/v\d+/'`.
    /// Keep integers within 64 bits, or add `u` for an unsigned literal.
    CE0002 = "invalid-literal", Error, Stable;

    /// A reserved word is used as a variable or function name.
    ///
    /// ## What it means
    /// CEL reserves `as`, `break`, `const`, `continue`, `else`, `for`, `function`, `if`,
    /// `import`, `let`, `loop`, `package`, `namespace`, `return`, `var`, `void` and `while`.
    /// They may name fields (`vars.if`) but not variables or functions.
    ///
    /// ## Example
    /// ```yaml
    /// - "package == 'x'"
    /// ```
    ///
    /// ## How to fix
    /// Use another name; a value set with `set-vars` is read as `vars.name` or `vars['name']`.
    CE0003 = "reserved-identifier", Error, Stable;

    /// A macro is called with the wrong arguments.
    ///
    /// ## What it means
    /// `all`, `exists`, `exists_one`, `filter`, `map` and `sortBy(x, key)` take a simple
    /// variable name first, then one or two expressions; `has()` takes one field selection.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   - "ai.models.filter(m.provider_id == 'openai')"
    /// ```
    ///
    /// ## How to fix
    /// Name the element first: `ai.models.filter(m, m.provider_id == 'openai')`.
    CE0004 = "invalid-macro-call", Error, Stable;

    /// The expression uses CEL syntax Switchyard does not support.
    ///
    /// ## What it means
    /// Optional field selection and indexing (`a.?b`, `a[?0]`, `{?k: v}`) belong to a CEL
    /// extension that traffic policies do not have.
    ///
    /// ## Example
    /// ```yaml
    /// - "req.headers.?authorization"
    /// ```
    ///
    /// ## How to fix
    /// Guard the access instead: `'authorization' in req.headers && ...`.
    CE0005 = "unsupported-syntax", Error, Stable;

    /// The expression is too long or nests too deeply.
    ///
    /// ## What it means
    /// Expressions are limited to 100,000 characters and 250 levels of nesting, so that
    /// checking and evaluating them stays fast and bounded.
    ///
    /// ## Example
    /// An expression with 300 nested parentheses.
    ///
    /// ## How to fix
    /// Split the logic across several rule expressions (they are AND-ed) or use `set-vars`.
    CE0006 = "expression-too-complex", Error, Stable;

    /// A name in a CEL expression refers to nothing.
    ///
    /// ## What it means
    /// No variable, function or type of this expression's environment has this name.
    /// Each place has its own environment: rule expressions see `req`, `conn`, `vars`, ...;
    /// model strategies also see `ai.models`; key strategies `ai.keys` (see the CEL reference).
    ///
    /// ## Example
    /// ```yaml
    /// expressions:
    ///   - "request.method == 'POST'"
    /// ```
    ///
    /// ## How to fix
    /// Use a declared name; the help line suggests the closest one (`req`).
    TY0001 = "undeclared-reference", Error, Stable;

    /// A field selection names a field the type does not have.
    ///
    /// ## What it means
    /// Objects such as `AIModel`, `MetricScope` or the request have a fixed set of fields; a
    /// misspelt field would fail every request at run time.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   - "ai.models.filter(m, m.provider == 'openai')"
    /// ```
    ///
    /// ## How to fix
    /// Use the field the help line suggests (`provider_id`).
    TY0002 = "no-such-field", Error, Stable;

    /// A function or operator is applied to arguments of types it does not take.
    ///
    /// ## What it means
    /// No overload of the function or operator accepts these argument types (or this number of
    /// arguments): comparing a string with a number, adding a string to an int, calling a
    /// string function on a list.
    /// The help line lists the signatures the function has.
    ///
    /// ## Example
    /// ```yaml
    /// expressions:
    ///   - "req.content_length > '1000'"
    /// ```
    ///
    /// ## How to fix
    /// Convert one side (`int('1000')`, `string(n)`) or compare values of the same kind.
    TY0003 = "no-matching-overload", Error, Stable;

    /// A rule expression does not produce a boolean.
    ///
    /// ## What it means
    /// Each entry of a rule's `expressions` is a condition: its type must be `bool`.
    ///
    /// ## Example
    /// ```yaml
    /// expressions:
    ///   - "req.url.path"
    /// ```
    ///
    /// ## How to fix
    /// Compare or test the value: `req.url.path == '/v1/chat/completions'`.
    TY0004 = "non-boolean-condition", Error, Stable;

    /// A selection strategy returns something other than models or keys.
    ///
    /// ## What it means
    /// A `model_selection` strategy must return an `AIModel` or a `list(AIModel)`; an
    /// `api_key_selection` strategy an `AIKey` or a `list(AIKey)`. A strategy returning a
    /// `bool` usually means `filter` was forgotten.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   - "ai.models.exists(m, m.provider_id == 'openai')"
    /// ```
    ///
    /// ## How to fix
    /// Return the models: `ai.models.filter(m, m.provider_id == 'openai')`.
    TY0005 = "wrong-strategy-type", Error, Stable;

    /// A variable is used where it does not exist.
    ///
    /// ## What it means
    /// Some variables exist only in some places: `ai.models` only in model strategies,
    /// `ai.keys` only in key strategies, `res` only in response phases, `req` not in
    /// `on_tcp_connect`.
    ///
    /// ## Example
    /// ```yaml
    /// on_http_request:
    ///   - expressions: ["res.status_code == 200"]
    /// ```
    ///
    /// ## How to fix
    /// Move the expression to a place where the variable exists, as the message says.
    TY0006 = "unavailable-variable", Error, Stable;

    /// An operand has a type that its place does not take.
    ///
    /// ## What it means
    /// The operands of `&&`, `||` and `!` and the condition of `?:` must be `bool`; macros
    /// iterate over lists and maps only; fields exist only on objects and maps; map keys are
    /// `int`, `uint`, `bool` or `string`.
    ///
    /// ## Example
    /// ```yaml
    /// expressions:
    ///   - "req.method && true"
    /// ```
    ///
    /// ## How to fix
    /// Make the operand the expected type, as the message says.
    TY0007 = "mismatched-operand", Error, Stable;

    /// `sortBy(x, key)` sorts by a key that has no order.
    ///
    /// ## What it means
    /// Sort keys must be `int`, `uint`, `double`, `string`, `bool`, `timestamp` or `duration`.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   - "ai.models.sortBy(m, m.metadata)"
    /// ```
    ///
    /// ## How to fix
    /// Sort by a field of an orderable type, such as `m.pricing.input`.
    TY0008 = "unorderable-sort-key", Error, Stable;

    /// A literal argument is not one of the values the function takes.
    ///
    /// ## What it means
    /// Some functions take a fixed set of strings: `underCost` a price type (`text.input`,
    /// `text.output`, ...), `sortBy` with one argument only `'price'`.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   - "ai.models.underCost('input', 1.0)"
    /// ```
    ///
    /// ## How to fix
    /// Use one of the values listed in the message.
    TY0009 = "invalid-literal-argument", Error, Stable;

    /// An action is used in a phase that does not support it.
    ///
    /// ## What it means
    /// Each action runs only in some phases: `ai-gateway` only in `on_http_request`, `deny` not in
    /// `on_http_response`, `sse-find-replace` only in `on_event_stream_message`.
    ///
    /// ## Example
    /// ```yaml
    /// on_http_response:
    ///   - type: ai-gateway
    /// ```
    ///
    /// ## How to fix
    /// Move the action to a phase listed in the message.
    PL0001 = "phase-not-allowed", Error, Stable;

    /// The policy has more than one `ai-gateway` action.
    ///
    /// ## What it means
    /// ngrok rejects such policies; Switchyard accepts them, and at run time the first
    /// `ai-gateway` that executes answers the request.
    /// Two unconditional gateways mean the second one never runs.
    ///
    /// ## Example
    /// ```yaml
    /// on_http_request:
    ///   - type: ai-gateway
    ///   - type: ai-gateway
    /// ```
    ///
    /// ## How to fix
    /// Merge the two configurations, or guard each with `expressions` so that one request meets
    /// only one of them.
    PL0002 = "multiple-ai-gateway", Warning, Stable;

    /// Actions follow a terminating action in the same rule and never run.
    ///
    /// ## What it means
    /// A terminating action (`custom-response`, `deny`, `ai-gateway` with `on_error: halt`, ...)
    /// ends the phase; the actions after it in the same rule are unreachable.
    ///
    /// ## Example
    /// ```yaml
    /// - actions:
    ///     - type: deny
    ///     - type: log
    ///       config: {metadata: {denied: true}}
    /// ```
    ///
    /// ## How to fix
    /// Put the actions before the terminating one, or set `on_error: continue` on the
    /// `ai-gateway` if the later actions handle its failure.
    PL0003 = "unreachable-after-terminal", Warning, Stable;

    /// `per_request_timeout` is greater than `total_timeout`.
    ///
    /// ## What it means
    /// `total_timeout` bounds the whole action, so an attempt can never use more than it; the
    /// larger per-request value is misleading.
    ///
    /// ## Example
    /// ```yaml
    /// per_request_timeout: 10m
    /// total_timeout: 5m
    /// ```
    ///
    /// ## How to fix
    /// Make `per_request_timeout` at most `total_timeout` (defaults: `30s` and `5m`).
    PL0004 = "timeout-order", Warning, Stable;

    /// API keys would be sent in clear text over the network.
    ///
    /// ## What it means
    /// The provider has `api_keys` and an `http` (not `https`) `base_url` whose host is neither
    /// loopback, a private address, nor a `.internal` or `.local` name.
    ///
    /// ## Example
    /// ```yaml
    /// - id: my-llm
    ///   base_url: http://llm.example.com
    ///   api_keys:
    ///     - value: ${secrets.get('llm', 'key')}
    /// ```
    ///
    /// ## How to fix
    /// Use `https`, or reach the host through a private network name.
    PL0005 = "cleartext-key", Warning, Stable;

    /// A referenced secret is not defined in the secrets file.
    ///
    /// ## What it means
    /// `policy check --secrets FILE` was given, and a `secrets.get('vault', 'key')` names a pair
    /// that the file does not define; at run time the request would fail.
    /// The value of a secret is never printed.
    ///
    /// ## Example
    /// ```yaml
    /// - value: ${secrets.get('openai', 'primary')}
    /// ```
    ///
    /// ## How to fix
    /// Add the key under its vault in the secrets file (`openai: {primary: ...}`), or fix the
    /// vault or key name in the policy.
    PL0006 = "missing-secret", Error, Stable;

    /// A provider alias equals another provider's id or alias.
    ///
    /// ## What it means
    /// A model string such as `alias:model` then resolves to every provider with that id or
    /// alias, in `providers` order, which may route traffic where the author did not expect.
    ///
    /// ## Example
    /// ```yaml
    /// providers:
    ///   - id: openai-eu
    ///     id_aliases: [openai]
    /// ```
    ///
    /// ## How to fix
    /// Choose an alias that no other provider uses, unless the shadowing is intended.
    PL0007 = "alias-shadows-provider", Warning, Stable;

    /// Two providers, or two models of one provider, have the same id or alias.
    ///
    /// ## What it means
    /// Provider ids are unique (case-insensitive) among the configured providers; model ids and
    /// aliases are unique within their provider.
    ///
    /// ## Example
    /// ```yaml
    /// providers:
    ///   - id: openai
    ///   - id: OpenAI
    /// ```
    ///
    /// ## How to fix
    /// Merge the two entries or rename one of them.
    PL0008 = "duplicate-id", Error, Stable;

    /// A `rate-limit` window is written as `N/unit`.
    ///
    /// ## What it means
    /// `rate` is a window length (`60s`, `1m`, `1h`).
    /// `100/min` is accepted as a window of one minute; the number is ignored, and `capacity`
    /// sets how many requests the window allows.
    ///
    /// ## Example
    /// ```yaml
    /// rate: 100/min
    /// ```
    ///
    /// ## How to fix
    /// Write `rate: 1m` and set `capacity: 100`.
    PL0009 = "non-canonical-rate", Warning, Stable;

    /// A find/replace pattern is not a valid regular expression.
    ///
    /// ## What it means
    /// `replacements[].from` is an RE2 regular expression; a literal pattern that does not compile
    /// would fail every request that reaches the action.
    ///
    /// ## Example
    /// ```yaml
    /// replacements:
    ///   - from: "([a-z]+"
    /// ```
    ///
    /// ## How to fix
    /// Fix the pattern (escape literal `(`, `[`, `*` with `\`).
    PL0010 = "bad-regex", Error, Stable;

    /// A phase has more than 50 rules, or a rule more than 50 actions.
    ///
    /// ## What it means
    /// ngrok limits the size of a policy by plan; very long policies are also hard to review.
    ///
    /// ## Example
    /// A phase with 51 rules.
    ///
    /// ## How to fix
    /// Merge rules with the same conditions, or split the policy across endpoints.
    PL0011 = "too-many-rules", Warning, Stable;

    /// The policy references these secrets.
    ///
    /// ## What it means
    /// Lists the literal `(vault, key)` pairs of every `secrets.get` in the file, so a deployment
    /// can verify that they exist. Values are never read or printed.
    ///
    /// ## Example
    /// ```yaml
    /// - value: ${secrets.get('openai', 'primary')}
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix. Run `policy check --secrets FILE` to verify the references against a file.
    PL0012 = "secret-ref", Info, Stable;

    /// A selection strategy can never be reached.
    ///
    /// ## What it means
    /// Strategies are tried in order, and the first one that yields a model (or key) wins.
    /// A strategy such as bare `ai.models`, `ai.models.random()` or `ai.models[0]` is never
    /// empty when any candidate exists, so the strategies after it never run.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   - ai.models
    ///   - ai.models.filter(m, m.provider_id == 'openai')
    /// ```
    ///
    /// ## How to fix
    /// Put the catch-all strategy last, or remove the strategies after it.
    PL0013 = "unreachable-strategy", Warning, Stable;

    /// A provider name in an expression matches no provider.
    ///
    /// ## What it means
    /// A string compared with `provider_id` (or passed to `onlyProviders` / `ignoreProviders`)
    /// names no configured or built-in provider, nor an alias of one; with
    /// `only_allow_configured_providers: true`, only configured providers count.
    /// The comparison is always false, which is almost always a typo.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   - "ai.models.filter(m, m.provider_id == 'open-ia')"
    /// ```
    ///
    /// ## How to fix
    /// Use the provider id the help line suggests, or configure the provider.
    PL0014 = "unknown-provider-literal", Warning, Stable;

    /// A model name in an expression matches no configured model.
    ///
    /// ## What it means
    /// With `only_allow_configured_models: true`, only models listed under `providers[].models`
    /// are candidates; a string compared with `m.id` (or passed to `only` / `ignore`) that names
    /// none of them never matches.
    ///
    /// ## Example
    /// ```yaml
    /// only_allow_configured_models: true
    /// providers:
    ///   - id: openai
    ///     models: [{id: gpt-4o}]
    /// model_selection:
    ///   strategy: ["ai.models.filter(m, m.id == 'gpt4o')"]
    /// ```
    ///
    /// ## How to fix
    /// Use the model id the help line suggests, or add the model to its provider.
    PL0015 = "unknown-model-literal", Warning, Stable;

    /// The last model strategy may select nothing.
    ///
    /// ## What it means
    /// When every strategy comes out empty, the request fails with 422 `ERR_NGROK_3805`.
    /// ngrok's advice is to end the list with a strategy that keeps every model.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   - "ai.models.filter(m, m.metrics.global.error_rate.total < 0.01)"
    /// ```
    ///
    /// ## How to fix
    /// Add `- ai.models` as the last strategy, unless failing such requests is intended.
    PL0016 = "missing-catch-all", Info, Stable;

    /// A comparison always has the same result.
    ///
    /// ## What it means
    /// Given the range of the value, the comparison is always true or always false: error rates
    /// are fractions from 0 to 1 (`error_rate.total > 1` is never true), counts and latencies
    /// are never negative.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   - "ai.models.filter(m, m.metrics.global.error_rate.total < 5)"
    /// ```
    ///
    /// ## How to fix
    /// Write the fraction: `error_rate.total < 0.05` for 5%.
    PL0017 = "constant-predicate", Warning, Stable;

    /// A variable is read before any `set-vars` sets it.
    ///
    /// ## What it means
    /// Reading `vars.name` when no earlier `set-vars` (in this phase or an earlier one) set
    /// `name` is an evaluation error at run time, which fails the request closed.
    ///
    /// ## Example
    /// ```yaml
    /// expressions:
    ///   - "vars.team == 'ml'"
    /// ```
    ///
    /// ## How to fix
    /// Set the variable earlier with `set-vars`, fix its name, or guard the read with
    /// `has(vars.team) && ...`.
    PL0018 = "undefined-var", Warning, Stable;

    /// A header or key is read without checking that it exists.
    ///
    /// ## What it means
    /// `req.headers['x'][0]`, `getReqHeader('x')[0]` and `m.metrics.api_keys[id]` fail at run
    /// time when the header or key is absent, and a failed rule expression fails the request
    /// closed with 500.
    ///
    /// ## Example
    /// ```yaml
    /// expressions:
    ///   - "req.headers['x-team'][0] == 'ml'"
    /// ```
    ///
    /// ## How to fix
    /// Guard the read in the same expression: `'x-team' in req.headers && req.headers['x-team'][0] == 'ml'`,
    /// or `hasReqHeader('x-team') && getReqHeader('x-team')[0] == 'ml'`.
    PL0019 = "unguarded-index", Warning, Stable;

    /// The file cannot be compiled into one routing plan.
    ///
    /// ## What it means
    /// `policy compile` turns one policy into one plan. The file holds none (it is empty or a
    /// reference to another resource), or several (documents separated by `---`, or an agent
    /// configuration with several endpoints).
    ///
    /// ## Example
    /// ```yaml
    /// on_http_request:
    ///   - type: deny
    /// ---
    /// on_http_request:
    ///   - type: ai-gateway
    /// ```
    ///
    /// ## How to fix
    /// Put each policy in its own file and compile each one.
    PL0020 = "not-one-policy", Error, Stable;
}
