//! The traffic-policy function library (spec: cel.md §3) and the collection functions of the
//! selection environments (§4.4), as data.

/// One overload: the function's name, a unique id, whether it is receiver-style, the parameter
/// types (the receiver first), and the result type, in CEL's notation.
pub(crate) struct FunctionDecl {
    pub(crate) name: &'static str,
    pub(crate) id: &'static str,
    pub(crate) member: bool,
    pub(crate) params: &'static [&'static str],
    pub(crate) result: &'static str,
}

const fn member(
    name: &'static str,
    id: &'static str,
    params: &'static [&'static str],
    result: &'static str,
) -> FunctionDecl {
    FunctionDecl { name, id, member: true, params, result }
}

const fn global(
    name: &'static str,
    id: &'static str,
    params: &'static [&'static str],
    result: &'static str,
) -> FunctionDecl {
    FunctionDecl { name, id, member: false, params, result }
}

/// Functions of every rule environment.
pub(crate) const COMMON: &[FunctionDecl] = &[
    // Strings.
    member("lower", "string_lower", &["string"], "string"),
    member("upper", "string_upper", &["string"], "string"),
    member("lowerAscii", "string_lower_ascii", &["string"], "string"),
    member("upperAscii", "string_upper_ascii", &["string"], "string"),
    member("trim", "string_trim", &["string"], "string"),
    member("reverse", "string_reverse", &["string"], "string"),
    member("substring", "string_substring_int", &["string", "int"], "string"),
    member("substring", "string_substring_int_int", &["string", "int", "int"], "string"),
    member("charAt", "string_char_at_int", &["string", "int"], "string"),
    member("indexOf", "string_index_of_string", &["string", "string"], "int"),
    member("indexOf", "string_index_of_string_int", &["string", "string", "int"], "int"),
    member("lastIndexOf", "string_last_index_of_string", &["string", "string"], "int"),
    member("lastIndexOf", "string_last_index_of_string_int", &["string", "string", "int"], "int"),
    member("replace", "string_replace_string_string", &["string", "string", "string"], "string"),
    member(
        "replace",
        "string_replace_string_string_int",
        &["string", "string", "string", "int"],
        "string",
    ),
    member("split", "string_split_string", &["string", "string"], "list(string)"),
    member("split", "string_split_string_int", &["string", "string", "int"], "list(string)"),
    member("format", "string_format_list", &["string", "list(dyn)"], "string"),
    member("isJson", "string_is_json", &["string"], "bool"),
    member("isURL", "string_is_url", &["string"], "bool"),
    member("isQueryString", "string_is_query_string", &["string"], "bool"),
    member("isPrivateIp", "string_is_private_ip", &["string"], "bool"),
    member("encodeBase64", "string_encode_base64", &["string"], "string"),
    member("decodeBase64", "string_decode_base64", &["string"], "string"),
    member("decodeJson", "string_decode_json", &["string"], "dyn"),
    member(
        "decodeQueryString",
        "string_decode_query_string",
        &["string"],
        "map(string, list(string))",
    ),
    member("escapeUrl", "string_escape_url", &["string"], "string"),
    member("unescapeUrl", "string_unescape_url", &["string"], "string"),
    member("parseUrl", "string_parse_url", &["string"], "dyn"),
    member("md5", "string_md5", &["string"], "string"),
    member("sha1", "string_sha1", &["string"], "string"),
    member("sha256", "string_sha256", &["string"], "string"),
    member("sha512", "string_sha512", &["string"], "string"),
    member("crc32", "string_crc32", &["string"], "string"),
    member("crc64", "string_crc64", &["string"], "string"),
    member("xxhash64", "string_xxhash64", &["string"], "string"),
    global("strings.quote", "strings_quote_string", &["string"], "string"),
    // Encoding.
    global("base64.encode", "base64_encode_bytes", &["bytes"], "string"),
    global("base64.encode", "base64_encode_string", &["string"], "string"),
    global("base64.decode", "base64_decode_string", &["string"], "bytes"),
    global("json.encode", "json_encode_dyn", &["dyn"], "string"),
    global("json.decode", "json_decode_string", &["string"], "dyn"),
    global("url.escape", "url_escape_string", &["string"], "string"),
    global("url.unescape", "url_unescape_string", &["string"], "string"),
    global("url.parse", "url_parse_string", &["string"], "dyn"),
    global("basic_auth.encode", "basic_auth_encode_string_string", &["string", "string"], "string"),
    // Hashes.
    global("hash.md5", "hash_md5_string", &["string"], "string"),
    global("hash.sha1", "hash_sha1_string", &["string"], "string"),
    global("hash.sha256", "hash_sha256_string", &["string"], "string"),
    global("hash.sha512", "hash_sha512_string", &["string"], "string"),
    global("hash.crc32", "hash_crc32_string", &["string"], "string"),
    global("hash.crc64", "hash_crc64_string", &["string"], "string"),
    global("hash.xxhash64", "hash_xxhash64_string", &["string"], "string"),
    // Lists and maps.
    member("join", "list_join", &["list(string)"], "string"),
    member("join", "list_join_string", &["list(string)", "string"], "string"),
    member("slice", "list_slice_int_int", &["list(T)", "int", "int"], "list(T)"),
    member("flatten", "list_flatten", &["list(dyn)"], "list(dyn)"),
    member("flatten", "list_flatten_int", &["list(dyn)", "int"], "list(dyn)"),
    member("sort", "list_sort", &["list(T)"], "list(T)"),
    member("distinct", "list_distinct", &["list(T)"], "list(T)"),
    member("encodeJson", "list_encode_json", &["list(dyn)"], "string"),
    member("encodeJson", "map_encode_json", &["map(dyn, dyn)"], "string"),
    global("lists.range", "lists_range_int", &["int"], "list(int)"),
    // Random numbers.
    global("rand.double", "rand_double", &[], "double"),
    global("rand.int", "rand_int_int_int", &["int", "int"], "int"),
    // Networks.
    global("inCidrRange", "in_cidr_range_string_string", &["string", "string"], "bool"),
    global(
        "inCidrRanges",
        "in_cidr_ranges_string_list_string",
        &["string", "list(string)"],
        "bool",
    ),
    // Secrets (templates.md §3); the one-argument form is deprecated.
    global("secrets.get", "secrets_get_string_string", &["string", "string"], "string"),
    global("secrets.get", "secrets_get_string", &["string"], "string"),
];

/// Functions that read the request.
pub(crate) const REQUEST: &[FunctionDecl] = &[
    global("getReqHeader", "get_req_header_string", &["string"], "list(string)"),
    global("hasReqHeader", "has_req_header_string", &["string"], "bool"),
    global("getReqCookie", "get_req_cookie_string", &["string"], "Cookie"),
    global("hasReqCookie", "has_req_cookie_string", &["string"], "bool"),
    global("getQueryParam", "get_query_param_string", &["string"], "list(string)"),
    global("hasQueryParam", "has_query_param_string", &["string"], "bool"),
];

/// Functions that read the response.
pub(crate) const RESPONSE: &[FunctionDecl] = &[
    global("getResHeader", "get_res_header_string", &["string"], "list(string)"),
    global("hasResHeader", "has_res_header_string", &["string"], "bool"),
    global("getResCookie", "get_res_cookie_string", &["string"], "ResCookie"),
    global("hasResCookie", "has_res_cookie_string", &["string"], "bool"),
];

/// Collection functions of the model-selection environment (§4.4).
pub(crate) const MODEL: &[FunctionDecl] = &[
    member("only", "list_ai_model_only", &["list(AIModel)", "list(string)"], "list(AIModel)"),
    member("ignore", "list_ai_model_ignore", &["list(AIModel)", "list(string)"], "list(AIModel)"),
    member(
        "only",
        "list_ai_provider_only",
        &["list(AIProvider)", "list(string)"],
        "list(AIProvider)",
    ),
    member(
        "ignore",
        "list_ai_provider_ignore",
        &["list(AIProvider)", "list(string)"],
        "list(AIProvider)",
    ),
    member("only", "list_ai_author_only", &["list(AIAuthor)", "list(string)"], "list(AIAuthor)"),
    member(
        "ignore",
        "list_ai_author_ignore",
        &["list(AIAuthor)", "list(string)"],
        "list(AIAuthor)",
    ),
    member(
        "onlyProviders",
        "list_ai_model_only_providers",
        &["list(AIModel)", "list(string)"],
        "list(AIModel)",
    ),
    member(
        "ignoreProviders",
        "list_ai_model_ignore_providers",
        &["list(AIModel)", "list(string)"],
        "list(AIModel)",
    ),
    member(
        "onlyAuthors",
        "list_ai_model_only_authors",
        &["list(AIModel)", "list(string)"],
        "list(AIModel)",
    ),
    member(
        "ignoreAuthors",
        "list_ai_model_ignore_authors",
        &["list(AIModel)", "list(string)"],
        "list(AIModel)",
    ),
    member("inRegion", "list_ai_model_in_region", &["list(AIModel)", "string"], "list(AIModel)"),
    member(
        "inCountryCode",
        "list_ai_model_in_country_code",
        &["list(AIModel)", "string"],
        "list(AIModel)",
    ),
    member(
        "underCost",
        "list_ai_model_under_cost_double",
        &["list(AIModel)", "string", "double"],
        "list(AIModel)",
    ),
    member(
        "underCost",
        "list_ai_model_under_cost_int",
        &["list(AIModel)", "string", "int"],
        "list(AIModel)",
    ),
    member("sortBy", "list_ai_model_sort_by_string", &["list(AIModel)", "string"], "list(AIModel)"),
    member("random", "list_ai_model_random", &["list(AIModel)"], "AIModel"),
    member("random", "list_ai_provider_random", &["list(AIProvider)"], "AIProvider"),
    member("random", "list_ai_author_random", &["list(AIAuthor)"], "AIAuthor"),
    member("randomize", "list_ai_model_randomize", &["list(AIModel)"], "list(AIModel)"),
    member("randomize", "list_ai_provider_randomize", &["list(AIProvider)"], "list(AIProvider)"),
    member("randomize", "list_ai_author_randomize", &["list(AIAuthor)"], "list(AIAuthor)"),
    member(
        "get",
        "list_ai_model_get_string_string",
        &["list(AIModel)", "string", "string"],
        "AIModel",
    ),
    member("get", "list_ai_provider_get_string", &["list(AIProvider)", "string"], "AIProvider"),
    member("get", "list_ai_author_get_string", &["list(AIAuthor)", "string"], "AIAuthor"),
    member("getMetadata", "ai_model_get_metadata_string", &["AIModel", "string"], "dyn"),
    member("getMetadata", "ai_provider_get_metadata_string", &["AIProvider", "string"], "dyn"),
    member("getModel", "ai_provider_get_model_string", &["AIProvider", "string"], "AIModel"),
];

/// Collection functions of the key-selection environment (§5).
pub(crate) const KEY: &[FunctionDecl] = &[
    member("only", "list_ai_key_only", &["list(AIKey)", "list(string)"], "list(AIKey)"),
    member("ignore", "list_ai_key_ignore", &["list(AIKey)", "list(string)"], "list(AIKey)"),
    member("random", "list_ai_key_random", &["list(AIKey)"], "AIKey"),
    member("randomize", "list_ai_key_randomize", &["list(AIKey)"], "list(AIKey)"),
    member("getMetadata", "ai_model_get_metadata_string", &["AIModel", "string"], "dyn"),
];
