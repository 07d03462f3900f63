//! Registration of the traffic-policy library (spec/cel.md §3–§5) under the policy
//! environment's overload ids.

use super::{
    Contextual, Pure, builtin, context, contextual, encoding, hash, lists, pure, selection,
    strings, url,
};
use crate::eval::registry::{BuiltinKind, Registry};
use crate::value::Kind::{self, Any, Bytes, Double, Int, List, Map, Object, String};

pub(crate) fn policy(registry: &mut Registry) {
    let unary_strings: [(&str, Pure); 24] = [
        ("string_lower", strings::lower),
        ("string_upper", strings::upper),
        ("string_lower_ascii", strings::lower_ascii),
        ("string_upper_ascii", strings::upper_ascii),
        ("string_trim", strings::trim),
        ("string_reverse", strings::reverse),
        ("string_is_json", encoding::is_json),
        ("string_is_url", url::is_url),
        ("string_is_query_string", encoding::is_query_string),
        ("string_is_private_ip", context::is_private_ip),
        ("string_encode_base64", encoding::base64_encode),
        ("string_decode_base64", encoding::base64_decode_string),
        ("string_decode_json", encoding::json_decode),
        ("string_decode_query_string", encoding::decode_query_string),
        ("string_escape_url", encoding::escape),
        ("string_unescape_url", encoding::unescape),
        ("string_parse_url", url::parse),
        ("string_md5", hash::md5),
        ("string_sha1", hash::sha1),
        ("string_sha256", hash::sha256),
        ("string_sha512", hash::sha512),
        ("string_crc32", hash::crc32),
        ("string_crc64", hash::crc64),
        ("string_xxhash64", hash::xxhash64),
    ];
    for (id, function) in unary_strings {
        pure(registry, id, &[String], function);
    }
    let string_calls: [(&str, &[Kind], Pure); 23] = [
        ("string_substring_int", &[String, Int], strings::substring),
        ("string_substring_int_int", &[String, Int, Int], strings::substring),
        ("string_char_at_int", &[String, Int], strings::char_at),
        ("string_index_of_string", &[String, String], strings::index_of),
        ("string_index_of_string_int", &[String, String, Int], strings::index_of),
        ("string_last_index_of_string", &[String, String], strings::last_index_of),
        ("string_last_index_of_string_int", &[String, String, Int], strings::last_index_of),
        ("string_replace_string_string", &[String, String, String], strings::replace),
        ("string_replace_string_string_int", &[String, String, String, Int], strings::replace),
        ("string_split_string", &[String, String], strings::split),
        ("string_split_string_int", &[String, String, Int], strings::split),
        ("string_format_list", &[String, List], strings::format),
        ("strings_quote_string", &[String], strings::quote),
        ("base64_encode_bytes", &[Bytes], encoding::base64_encode),
        ("base64_encode_string", &[String], encoding::base64_encode),
        ("base64_decode_string", &[String], encoding::base64_decode),
        ("json_encode_dyn", &[Any], encoding::json_encode),
        ("json_decode_string", &[String], encoding::json_decode),
        ("url_escape_string", &[String], encoding::escape),
        ("url_unescape_string", &[String], encoding::unescape),
        ("url_parse_string", &[String], url::parse),
        ("basic_auth_encode_string_string", &[String, String], encoding::basic_auth),
        ("in_cidr_range_string_string", &[String, String], context::in_cidr_range),
    ];
    for (id, params, function) in string_calls {
        pure(registry, id, params, function);
    }
    pure(registry, "in_cidr_ranges_string_list_string", &[String, List], context::in_cidr_ranges);
    for (id, function) in [
        ("hash_md5_string", hash::md5 as Pure),
        ("hash_sha1_string", hash::sha1),
        ("hash_sha256_string", hash::sha256),
        ("hash_sha512_string", hash::sha512),
        ("hash_crc32_string", hash::crc32),
        ("hash_crc64_string", hash::crc64),
        ("hash_xxhash64_string", hash::xxhash64),
    ] {
        pure(registry, id, &[String], function);
    }

    pure(registry, "list_join", &[List], lists::join);
    pure(registry, "list_join_string", &[List, String], lists::join);
    pure(registry, "list_slice_int_int", &[List, Int, Int], lists::slice);
    pure(registry, "list_flatten", &[List], lists::flatten);
    pure(registry, "list_flatten_int", &[List, Int], lists::flatten);
    pure(registry, "list_sort", &[List], lists::sort);
    pure(registry, "list_distinct", &[List], lists::distinct);
    pure(registry, "list_encode_json", &[List], encoding::encode_json);
    pure(registry, "map_encode_json", &[Map], encoding::encode_json);
    pure(registry, "lists_range_int", &[Int], lists::range);

    contextual(registry, "rand_double", &[], context::rand_double);
    contextual(registry, "rand_int_int_int", &[Int, Int], context::rand_int);
    contextual(registry, "secrets_get_string_string", &[String, String], context::secrets_get);
    contextual(registry, "secrets_get_string", &[String], context::secrets_get);

    for (id, function) in [
        ("get_req_header_string", context::get_req_header as Contextual),
        ("has_req_header_string", context::has_req_header),
        ("get_req_cookie_string", context::get_req_cookie),
        ("has_req_cookie_string", context::has_req_cookie),
        ("get_query_param_string", context::get_query_param),
        ("has_query_param_string", context::has_query_param),
        ("get_res_header_string", context::get_res_header),
        ("has_res_header_string", context::has_res_header),
        ("get_res_cookie_string", context::get_res_cookie),
        ("has_res_cookie_string", context::has_res_cookie),
    ] {
        contextual(registry, id, &[String], function);
    }

    for item in ["ai_model", "ai_provider", "ai_author", "ai_key"] {
        pure(registry, &format!("list_{item}_only"), &[List, List], selection::only);
        pure(registry, &format!("list_{item}_ignore"), &[List, List], selection::ignore);
        contextual(registry, &format!("list_{item}_random"), &[List], selection::random);
        builtin(registry, &format!("list_{item}_randomize"), &[List], BuiltinKind::Randomize);
    }
    pure(registry, "list_ai_model_only_providers", &[List, List], selection::only_providers);
    pure(registry, "list_ai_model_ignore_providers", &[List, List], selection::ignore_providers);
    pure(registry, "list_ai_model_only_authors", &[List, List], selection::only_authors);
    pure(registry, "list_ai_model_ignore_authors", &[List, List], selection::ignore_authors);
    pure(registry, "list_ai_model_in_region", &[List, String], selection::in_region);
    pure(registry, "list_ai_model_in_country_code", &[List, String], selection::in_country_code);
    pure(
        registry,
        "list_ai_model_under_cost_double",
        &[List, String, Double],
        selection::under_cost,
    );
    pure(registry, "list_ai_model_under_cost_int", &[List, String, Int], selection::under_cost);
    pure(registry, "list_ai_model_sort_by_string", &[List, String], selection::sort_by_field);
    pure(
        registry,
        "list_ai_model_get_string_string",
        &[List, String, String],
        selection::get_model,
    );
    pure(registry, "list_ai_provider_get_string", &[List, String], selection::get_by_id);
    pure(registry, "list_ai_author_get_string", &[List, String], selection::get_by_id);
    pure(registry, "ai_model_get_metadata_string", &[Object, String], selection::get_metadata);
    pure(registry, "ai_provider_get_metadata_string", &[Object, String], selection::get_metadata);
    pure(registry, "ai_provider_get_model_string", &[Object, String], selection::provider_model);
}
