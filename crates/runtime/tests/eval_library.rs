//! The traffic-policy function library and the selection collection functions, through the
//! whole chain (parse, check in the policy environments, lower, link, evaluate) on fixed data.

mod eval_support;

use std::cell::RefCell;

use eval_support::{ENVS, eval_in};
use rand::SeedableRng;
use rand::rngs::StdRng;
use switchyard_runtime::eval::{Activation, ErrorKind, vars};
use switchyard_runtime::objects::{
    AiKey, AiModel, AiProvider, Cookie, Datacenter, ErrorRate, MetricScope, Metrics, Pricing,
    Quota, Request, TextPricing, Url,
};
use switchyard_runtime::secrets::MapSecretStore;
use switchyard_runtime::value::{Map, MapKey, Value};

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(entries.into_iter().map(|(key, value)| (MapKey::from(key), value)).collect::<Map>())
}

struct ModelData {
    provider: &'static str,
    id: &'static str,
    aliases: Vec<&'static str>,
    provider_aliases: Vec<&'static str>,
    author: &'static str,
    price: f64,
    datacenter: (&'static str, &'static str),
    tier: &'static str,
    error_rate: f64,
}

fn model(position: usize, data: ModelData) -> Value {
    let metadata = map(vec![
        ("tier", Value::from(data.tier)),
        ("config", map(vec![("region", Value::from("eu"))])),
    ]);
    let datacenter = Value::object(Datacenter {
        region: data.datacenter.0.into(),
        country_code: data.datacenter.1.into(),
    });
    Value::object(AiModel {
        id: data.id.into(),
        id_aliases: data.aliases.into(),
        provider_id: data.provider.into(),
        provider_id_aliases: data.provider_aliases.into(),
        author_id: data.author.into(),
        metadata,
        pricing: Value::object(Pricing {
            input: data.price.into(),
            text: Value::object(TextPricing { input: data.price.into(), ..TextPricing::default() }),
            ..Pricing::default()
        }),
        datacenters: vec![datacenter].into(),
        metrics: Value::object(Metrics {
            global: Value::object(MetricScope {
                error_rate: Value::object(ErrorRate {
                    total: data.error_rate.into(),
                    ..ErrorRate::default()
                }),
                ..MetricScope::default()
            }),
            ..Metrics::default()
        }),
        position,
        ..AiModel::default()
    })
}

fn models() -> Vec<Value> {
    let data = |provider, id, author, price, datacenter, tier, error_rate| ModelData {
        provider,
        id,
        aliases: Vec::new(),
        provider_aliases: Vec::new(),
        author,
        price,
        datacenter,
        tier,
        error_rate,
    };
    vec![
        model(
            0,
            ModelData {
                aliases: vec!["gpt4o"],
                ..data("openai", "gpt-4o", "openai", 2.5, ("us-east", "US"), "premium", 0.002)
            },
        ),
        model(
            1,
            ModelData {
                aliases: vec!["sonnet"],
                provider_aliases: vec!["claude"],
                ..data(
                    "anthropic",
                    "claude-3.5-sonnet",
                    "anthropic",
                    3.0,
                    ("eu-west", "DE"),
                    "standard",
                    0.05,
                )
            },
        ),
        model(2, data("openai", "gpt-4o-mini", "openai", 0.0, ("us-west", "US"), "free", 0.0)),
        model(3, data("google", "gemini", "google", 1.25, ("eu-west", "FR"), "premium", 0.01)),
    ]
}

fn request() -> Value {
    let headers =
        map(vec![("x-api-key", Value::from(vec!["k1"])), ("accept", Value::from(vec!["a", "b"]))]);
    let cookie = Value::object(Cookie { name: "session".into(), value: "s1".into() });
    Value::object(Request {
        method: "POST".into(),
        headers,
        cookies: map(vec![("session", Value::from(vec![cookie]))]),
        url: Value::object(Url {
            host: "api.example.com".into(),
            query_params: map(vec![("model", Value::from(vec!["gpt-4o"]))]),
            text: "https://api.example.com/v1/chat?model=gpt-4o".into(),
            ..Url::default()
        }),
        ..Request::default()
    })
}

thread_local! {
    static RANDOM: RefCell<StdRng> = RefCell::new(StdRng::seed_from_u64(1));
}

/// Evaluates `source` in the model-selection environment on the fixture.
#[track_caller]
fn run(source: &str) -> Result<Value, ErrorKind> {
    let random = RefCell::new(StdRng::seed_from_u64(1));
    let secrets: MapSecretStore =
        [("openai", "primary", "sk-1"), ("default", "old", "v")].into_iter().collect();
    let mut activation = Activation::new().with_random(&random).with_secrets(&secrets);
    let models = models();
    let provider = Value::object(AiProvider {
        id: "openai".into(),
        models: vec![models[0].clone(), models[2].clone()].into(),
        metadata: map(vec![("owner", Value::from("team-a"))]),
        ..AiProvider::default()
    });
    activation.set(vars::AI_MODELS, models.into());
    activation.set(vars::AI_PROVIDERS, vec![provider].into());
    activation.set(vars::REQ, request());
    eval_in(source, ENVS.model, &activation).map_err(|error| error.kind())
}

#[track_caller]
fn check(source: &str, expected: impl Into<Value>) {
    let expected = expected.into();
    match run(source) {
        Ok(value) => assert!(value == expected, "{source}: got {value:?}, expected {expected:?}"),
        Err(error) => panic!("{source}: error {error:?}, expected {expected:?}"),
    }
}

#[test]
fn id_filters_match_ids_and_aliases_ignoring_case() {
    check("ai.models.only(['GPT4O', 'Gemini']).map(m, m.id)", vec!["gpt-4o", "gemini"]);
    check("size(ai.models.ignore(['gpt-4o']))", 3_i64);
    check("ai.models.onlyProviders(['CLAUDE']).map(m, m.id)", vec!["claude-3.5-sonnet"]);
    check(
        "ai.models.ignoreProviders(['openai']).map(m, m.provider_id)",
        vec!["anthropic", "google"],
    );
    check("ai.models.onlyAuthors(['anthropic']).map(m, m.id)", vec!["claude-3.5-sonnet"]);
    check("size(ai.models.ignoreAuthors(['openai', 'google']))", 1_i64);
    check("ai.providers.only(['openai']).map(p, p.id)", vec!["openai"]);
}

#[test]
fn region_price_and_ordering() {
    check("ai.models.inRegion('eu-west').map(m, m.id)", vec!["claude-3.5-sonnet", "gemini"]);
    check("ai.models.inCountryCode('us').map(m, m.id)", vec!["gpt-4o", "gpt-4o-mini"]);
    check("ai.models.underCost('text.input', 3).map(m, m.id)", vec!["gpt-4o", "gemini"]);
    check("ai.models.underCost('text.input', 2.6).map(m, m.id)", vec!["gpt-4o", "gemini"]);
    check(
        "ai.models.sortBy('price').map(m, m.id)",
        vec!["gemini", "gpt-4o", "claude-3.5-sonnet", "gpt-4o-mini"],
    );
    check(
        "ai.models.sortBy(m, m.pricing.input).map(m, m.id)",
        vec!["gpt-4o-mini", "gemini", "gpt-4o", "claude-3.5-sonnet"],
    );
    check(
        "ai.models.sortBy(m, m.metadata.tier).map(m, m.id)",
        vec!["gpt-4o-mini", "gpt-4o", "gemini", "claude-3.5-sonnet"],
    );
    check(
        "ai.models.filter(m, m.provider_id == 'openai' && m.metrics.global.error_rate.total < 0.01).map(m, m.id)",
        vec!["gpt-4o", "gpt-4o-mini"],
    );
}

#[test]
fn lookups_and_metadata() {
    check("ai.models.get('OpenAI', 'gpt4o').id", "gpt-4o");
    assert_eq!(run("ai.models.get('openai', 'nope')"), Err(ErrorKind::NotFound));
    check("ai.providers.get('openai').getModel('gpt-4o-mini').id", "gpt-4o-mini");
    check("ai.models[0].getMetadata('config.region')", "eu");
    check("ai.models[0].getMetadata('config.nope') == null", true);
    check("ai.providers[0].getMetadata('owner')", "team-a");
    check("ai.models[1].metadata.tier", "standard");
    assert_eq!(run("ai.models[4]"), Err(ErrorKind::IndexOutOfRange));
}

#[test]
fn randomness_is_seeded() {
    let first = run("ai.models.randomize().map(m, m.id)").unwrap();
    assert_eq!(run("ai.models.randomize().map(m, m.id)").unwrap(), first);
    // A filter's result is shuffled in place (the call owns it), a bound list is copied: the
    // same order either way.
    assert_eq!(run("ai.models.filter(m, true).randomize().map(m, m.id)").unwrap(), first);
    assert_eq!(run("ai.models.filter(m, m.id != '').randomize().map(m, m.id)").unwrap(), first);
    assert_eq!(run("dyn(ai.models.filter(m, true)).randomize().map(m, m.id)").unwrap(), first);
    check("size(ai.models.randomize())", 4_i64);
    check("ai.models.random().id in ai.models.map(m, m.id)", true);
    check("rand.double() >= 0.0 && rand.double() < 1.0", true);
    check("rand.int(1, 3) in [1, 2, 3]", true);
    check("rand.int(5, 5)", 5_i64);
    assert_eq!(run("ai.models.filter(m, false).random()"), Err(ErrorKind::IndexOutOfRange));
}

#[test]
fn predicate_errors_on_selection_items_count_as_not_matching() {
    let random = RefCell::new(StdRng::seed_from_u64(1));
    let mut activation = Activation::new().with_random(&random);
    activation.set(vars::AI_MODELS, models().into());
    let value = eval_in(
        "ai.models.filter(m, m.metrics.api_keys['k'].error_rate.total < 0.5 || m.id == 'gemini')",
        ENVS.model,
        &activation,
    )
    .unwrap();
    assert_eq!(value.as_list().map(switchyard_runtime::value::List::len), Some(1));
    assert_eq!(activation.take_absorbed_errors().len(), 3);
    // The same through a chain of comparisons (run a comparison at a time): `false` on the
    // Gemini model wins over its error, the three others' errors are absorbed.
    let value = eval_in(
        "ai.models.filter(m, m.id != 'gemini' && m.metrics.api_keys['k'].error_rate.total < 0.5)",
        ENVS.model,
        &activation,
    )
    .unwrap();
    assert_eq!(value.as_list().map(switchyard_runtime::value::List::len), Some(0));
    assert_eq!(activation.take_absorbed_errors().len(), 3);
    let keys: Vec<Value> = [Value::Null, Value::Int(50)]
        .into_iter()
        .enumerate()
        .map(|(position, remaining)| {
            Value::object(AiKey {
                id: format!("key-{position}").into(),
                value: "secret-value".into(),
                quota: Value::object(Quota { remaining_requests: remaining, ..Quota::default() }),
                position,
                ..AiKey::default()
            })
        })
        .collect();
    assert!(!format!("{keys:?}").contains("secret-value"), "key values are redacted");
    activation.set(vars::AI_KEYS, keys.into());
    let value = eval_in(
        "ai.keys.filter(k, k.quota.remaining_requests > 10).map(k, k.id)",
        ENVS.key,
        &activation,
    );
    assert_eq!(value.unwrap(), Value::from(vec!["key-1"]));
    // Not selection items: standard CEL semantics, the error is the result.
    let value = eval_in("[0, 1].filter(x, 1 / x > 0)", ENVS.key, &activation);
    assert_eq!(value.map_err(|error| error.kind()), Err(ErrorKind::DivisionByZero));
}

#[test]
fn request_helpers_and_secrets() {
    check("getReqHeader('X-API-Key')", vec!["k1"]);
    check("hasReqHeader('accept') && !hasReqHeader('missing')", true);
    check("getReqHeader('missing')", Vec::<Value>::new());
    check("getReqCookie('session').value", "s1");
    check("hasReqCookie('nope')", false);
    check("getQueryParam('model')[0]", "gpt-4o");
    check("hasQueryParam('other')", false);
    check("req.method == 'POST' && req.url.host == 'api.example.com'", true);
    check("req.url.startsWith('https://')", true);
    check("secrets.get('openai', 'primary')", "sk-1");
    check("secrets.get('old')", "v");
    assert_eq!(run("secrets.get('openai', 'missing')"), Err(ErrorKind::NotFound));
}

#[test]
fn string_functions() {
    check("'HeLLo'.lower() + 'x'.upper() + 'É'.lowerAscii()", "helloX\u{c9}");
    check("'  a b  '.trim() + 'abc'.reverse()", "a bcba");
    check("'héllo'.substring(1, 3) + 'héllo'.substring(3) + 'héllo'.charAt(1)", "élloé");
    check("'héllo'.charAt(5)", "");
    assert_eq!(run("'abc'.substring(2, 1)"), Err(ErrorKind::IndexOutOfRange));
    assert_eq!(run("'abc'.charAt(4)"), Err(ErrorKind::IndexOutOfRange));
    check("'héllo héllo'.indexOf('llo') + 'héllo héllo'.indexOf('llo', 3)", 2_i64 + 8);
    check("'héllo héllo'.lastIndexOf('llo') + 'abc'.indexOf('z')", 8_i64 - 1);
    check("'a-b-c'.replace('-', '+') + 'a-b-c'.replace('-', '+', 1)", "a+b+ca+b-c");
    check("'a,b,c'.split(',', 2)", vec!["a", "b,c"]);
    check("'abc'.split('')", vec!["a", "b", "c"]);
    check("'%s=%d %.2f %x'.format(['n', 42, 1.5, 255])", "n=42 1.50 ff");
    check("strings.quote('a\"b\\n')", "\"a\\\"b\\n\"");
    check("'{\"a\": 1}'.isJson() && !'{'.isJson()", true);
    check("'https://x.io/p'.isURL() && !'nope'.isURL()", true);
    check("'a=1&b=2'.isQueryString()", true);
    check("'10.1.2.3'.isPrivateIp() && !'8.8.8.8'.isPrivateIp() && 'fd00::1'.isPrivateIp()", true);
    check("'hello'.encodeBase64() + '|' + 'aGVsbG8='.decodeBase64()", "aGVsbG8=|hello");
    check("'{\"a\": [1, 2.5, \"x\", null]}'.decodeJson().a[1]", 2.5);
    check("'a=1&a=2&b=x%20y'.decodeQueryString()", {
        map(vec![("a", Value::from(vec!["1", "2"])), ("b", Value::from(vec!["x y"]))])
    });
    check("'a b&c'.escapeUrl() + '|' + 'a+b%26c'.unescapeUrl()", "a+b%26c|a b&c");
    check("'https://u@h.io:8080/p?q=1#f'.parseUrl().port", 8080_i64);
    check("'abc'.md5()", "900150983cd24fb0d6963f7d28e17f72");
    check("'abc'.sha1()", "a9993e364706816aba3e25717850c26c9cd0d89d");
    check("hash.sha256('abc') == 'abc'.sha256()", true);
    check("size('abc'.sha512())", 128_i64);
    check("'123456789'.crc32() + ' ' + hash.crc64('123456789')", "cbf43926 995dc9bbdf1939fa");
    check("'abc'.xxhash64()", "44bc2cf5ad770999");
}

#[test]
fn encodings_lists_and_networks() {
    check("base64.encode(b'hi') + base64.encode('hi')", "aGk=aGk=");
    check("base64.decode('aGk') == b'hi'", true);
    check("json.encode({'a': [1, 2u, true, null]})", "{\"a\":[1,2,true,null]}");
    check("json.decode('[1, \"x\"]')[1]", "x");
    check("url.escape('a/b c') + url.unescape('%41')", "a%2Fb+cA");
    check("url.parse('http://h/p').hostname", "h");
    check("basic_auth.encode('user', 'pass')", "dXNlcjpwYXNz");
    check("['a', 'b'].join() + ['a', 'b'].join('-')", "aba-b");
    check("[1, 2, 3, 4].slice(1, 3)", vec![2_i64, 3]);
    assert_eq!(run("[1, 2].slice(1, 3)"), Err(ErrorKind::IndexOutOfRange));
    check(
        "[1, [2, [3]]].flatten()",
        Value::list([Value::Int(1), Value::Int(2), Value::list([Value::Int(3)])]),
    );
    check("[1, [2, [3]]].flatten(2)", vec![1_i64, 2, 3]);
    check("[3, 1, 2].sort() + ['b', 'a'].sort().map(s, size(s))", vec![1_i64, 2, 3, 1, 1]);
    assert_eq!(run("dyn([1, 'a']).sort()"), Err(ErrorKind::InvalidArgument));
    check("[1, 2, 1, 2.0, 3].distinct()", vec![1_i64, 2, 3]);
    check("[1, 'a'].encodeJson() + {'k': 1}.encodeJson()", "[1,\"a\"]{\"k\":1}");
    check("lists.range(3)", vec![0_i64, 1, 2]);
    check("inCidrRange('10.1.2.3', '10.0.0.0/8') && !inCidrRange('11.0.0.1', '10.0.0.0/8')", true);
    check("inCidrRange('2001:db8::1', '2001:db8::/32') && inCidrRange('1.2.3.4', '1.2.3.4')", true);
    check("inCidrRanges('192.168.1.1', ['10.0.0.0/8', '192.168.0.0/16'])", true);
    assert_eq!(run("inCidrRange('nope', '10.0.0.0/8')"), Err(ErrorKind::InvalidArgument));
}

#[test]
fn scans_give_the_same_results_before_and_after_the_list_keeps_projections() {
    // The first scan of a path reads the elements, the second makes the list's projection,
    // later ones read it (value/projection.rs): the results and absorbed errors must not change.
    let random = RefCell::new(StdRng::seed_from_u64(1));
    let mut activation = Activation::new().with_random(&random);
    activation.set(vars::AI_MODELS, models().into());
    for source in [
        "ai.models.filter(m, m.provider_id == 'openai' && m.pricing.input < 3.0).map(m, m.id)",
        "ai.models.filter(m, m.metadata.tier == 'premium').map(m, m.id)",
        "ai.models.sortBy(m, m.pricing.input).map(m, m.id)",
        "ai.models.filter(m, m.provider_id != 'openai').sortBy(m, m.pricing.input).map(m, m.id)",
        "ai.models.filter(m, m.id != 'gemini' && m.metrics.api_keys['k'].error_rate.total < 0.5)",
    ] {
        let runs: Vec<(Value, usize)> = (0..3)
            .map(|_| {
                let value = eval_in(source, ENVS.model, &activation).unwrap();
                (value, activation.take_absorbed_errors().len())
            })
            .collect();
        assert!(runs.iter().all(|run| *run == runs[0]), "{source}: {runs:?}");
    }
}
