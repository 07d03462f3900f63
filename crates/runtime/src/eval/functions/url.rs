//! URL parsing for `url.parse()`, `parseUrl()` and `isURL()`: `scheme://user@host:port/path?query#fragment`.

use super::encoding::parse_query;
use crate::eval::error::Error;
use crate::value::{MapKey, Value};

type Result = std::result::Result<Value, Error>;

struct Parts<'t> {
    scheme: &'t str,
    user: &'t str,
    host: &'t str,
    hostname: &'t str,
    port: &'t str,
    path: &'t str,
    query: &'t str,
    fragment: &'t str,
}

fn split(text: &str) -> Option<Parts<'_>> {
    if text.chars().any(|c| c.is_control() || c == ' ') {
        return None;
    }
    let (rest, fragment) = text.split_once('#').unwrap_or((text, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (scheme, rest) = match rest.split_once(':') {
        Some((scheme, after))
            if scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            (scheme, after)
        }
        _ => ("", rest),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => after.find('/').map_or((after, ""), |slash| after.split_at(slash)),
        None => ("", rest),
    };
    let (user, host) = authority.rsplit_once('@').unwrap_or(("", authority));
    let (hostname, port) = if host.starts_with('[') {
        let close = host.find(']')?;
        let port = host[close + 1..].strip_prefix(':').unwrap_or("");
        (&host[1..close], port)
    } else {
        host.rsplit_once(':').unwrap_or((host, ""))
    };
    if !port.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Some(Parts { scheme, user, host, hostname, port, path, query, fragment })
}

pub(crate) fn parse(args: &[&Value]) -> Result {
    let [Value::String(text)] = args else { return Err(Error::mismatch()) };
    let parts = split(text).ok_or_else(|| Error::invalid(format!("invalid URL: {text:?}")))?;
    let query = parse_query(parts.query)
        .ok_or_else(|| Error::invalid(format!("invalid query in URL: {text:?}")))?;
    let port = if parts.port.is_empty() {
        Value::Null
    } else {
        Value::Int(parts.port.parse().unwrap_or(0))
    };
    let entries = [
        ("scheme", Value::from(parts.scheme)),
        ("user", Value::from(parts.user)),
        ("host", Value::from(parts.host)),
        ("hostname", Value::from(parts.hostname)),
        ("port", port),
        ("path", Value::from(parts.path)),
        ("raw_query", Value::from(parts.query)),
        ("query", Value::Map(query)),
        ("fragment", Value::from(parts.fragment)),
    ];
    Ok(Value::Map(entries.into_iter().map(|(key, value)| (MapKey::from(key), value)).collect()))
}

pub(crate) fn is_url(args: &[&Value]) -> Result {
    let [Value::String(text)] = args else { return Err(Error::mismatch()) };
    Ok(Value::Bool(
        split(text).is_some_and(|parts| !parts.scheme.is_empty() && !parts.hostname.is_empty()),
    ))
}

#[cfg(test)]
mod tests {
    use super::{is_url, parse};
    use crate::value::Value;

    #[test]
    fn urls_split_into_their_parts() {
        let url = Value::from("https://bob@api.example.com:8443/v1/chat?model=a&model=b#top");
        let Ok(Value::Map(parts)) = parse(&[&url]) else { panic!("not parsed") };
        assert_eq!(parts.get_str("hostname"), Some(&Value::from("api.example.com")));
        assert_eq!(parts.get_str("port"), Some(&Value::Int(8443)));
        assert_eq!(parts.get_str("path"), Some(&Value::from("/v1/chat")));
        let query = parts.get_str("query").and_then(Value::as_map).unwrap();
        assert_eq!(query.get_str("model"), Some(&Value::from(vec!["a", "b"])));
        assert_eq!(is_url(&[&Value::from("not a url")]).unwrap(), Value::Bool(false));
        assert_eq!(is_url(&[&Value::from("http://[::1]:80/")]).unwrap(), Value::Bool(true));
    }
}
