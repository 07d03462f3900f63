//! The request the engine runs on and the response it produces, and the CEL objects made from
//! them (`req`, `res`, `conn`, `endpoint`, `time`: spec/cel.md §2).

use crate::objects::{
    Connection, ConnectionTimestamps, ContentType, Cookie, Endpoint, Request, RequestTimestamps,
    Response, Time, Url, UserAgent,
};
use crate::value::{List, Map, MapKey, Timestamp, Value};

/// An HTTP request as the engine receives it.
///
/// `Default` is a `GET /` over HTTPS from `127.0.0.1`, at the Unix epoch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// Header names and values, in order (names in any case).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// `http` or `https`.
    pub scheme: String,
    /// The HTTP version, such as `HTTP/1.1`.
    pub version: String,
    /// The host the request was sent to, when it has no `Host` header.
    pub host: String,
    /// The client's address (`conn.client_ip`).
    pub client_ip: String,
    /// The client's port.
    pub client_port: u16,
    /// The request's id (`req.id`).
    pub id: String,
    /// When the request arrived, in milliseconds since the Unix epoch (`time.now`, `req.ts`).
    pub received_unix_ms: i64,
}

impl Default for HttpRequest {
    fn default() -> HttpRequest {
        HttpRequest {
            method: "GET".to_owned(),
            path: "/".to_owned(),
            query: None,
            headers: Vec::new(),
            body: Vec::new(),
            scheme: "https".to_owned(),
            version: "HTTP/1.1".to_owned(),
            host: "localhost".to_owned(),
            client_ip: "127.0.0.1".to_owned(),
            client_port: 0,
            id: String::new(),
            received_unix_ms: 0,
        }
    }
}

/// A response: produced by an action or an upstream.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status.
    pub status: u16,
    /// Header names (lower-case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

pub(crate) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
}

/// Lower-case names to lists of values, in first-seen order.
fn header_map(headers: &[(String, String)]) -> Map {
    let mut entries: Vec<(String, Vec<Value>)> = Vec::new();
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        match entries.iter_mut().find(|(key, _)| *key == name) {
            Some((_, values)) => values.push(Value::from(value.as_str())),
            None => entries.push((name, vec![Value::from(value.as_str())])),
        }
    }
    entries
        .into_iter()
        .map(|(name, values)| (MapKey::from(name.as_str()), Value::List(List::new(values))))
        .collect()
}

fn string_list(items: impl IntoIterator<Item = String>) -> Value {
    Value::list(items.into_iter().map(Value::from))
}

fn timestamp(unix_ms: i64) -> Value {
    let seconds = unix_ms.div_euclid(1000);
    let nanos = u32::try_from(unix_ms.rem_euclid(1000) * 1_000_000).unwrap_or(0);
    Timestamp::new(seconds, nanos).map_or(Value::Null, Value::Timestamp)
}

/// `time.now`'s text: RFC 3339 in UTC.
pub(crate) fn rfc3339(unix_ms: i64) -> String {
    match timestamp(unix_ms) {
        Value::Timestamp(timestamp) => timestamp.to_string(),
        _ => String::new(),
    }
}

fn content_type(headers: &[(String, String)]) -> Value {
    let raw = header(headers, "content-type").unwrap_or_default();
    let mut parts = raw.split(';');
    let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let parameters: Map = parts
        .filter_map(|part| part.split_once('='))
        .map(|(name, value)| {
            (
                MapKey::from(name.trim().to_ascii_lowercase().as_str()),
                Value::from(value.trim().trim_matches('"')),
            )
        })
        .collect();
    Value::object(ContentType {
        raw: Value::from(raw),
        parameters: Value::Map(parameters),
        text: Value::from(media),
    })
}

fn content_encoding(headers: &[(String, String)]) -> Value {
    string_list(
        headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
            .flat_map(|(_, value)| value.split(','))
            .map(|coding| coding.trim().to_ascii_lowercase())
            .filter(|coding| !coding.is_empty()),
    )
}

fn cookies(headers: &[(String, String)]) -> Map {
    let mut entries: Vec<(String, Vec<Value>)> = Vec::new();
    let pairs = headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, value)| value.split(';'))
        .filter_map(|pair| pair.split_once('='));
    for (name, value) in pairs {
        let name = name.trim().to_owned();
        let cookie = Value::object(Cookie {
            name: Value::from(name.as_str()),
            value: Value::from(value.trim()),
        });
        match entries.iter_mut().find(|(key, _)| *key == name) {
            Some((_, values)) => values.push(cookie),
            None => entries.push((name, vec![cookie])),
        }
    }
    entries
        .into_iter()
        .map(|(name, values)| (MapKey::from(name.as_str()), Value::List(List::new(values))))
        .collect()
}

/// Decodes `%XX` escapes and `+` (as a space); invalid escapes stay as written.
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).ok();
                match hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        index += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query_params(query: &str) -> Map {
    let mut entries: Vec<(String, Vec<Value>)> = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (unescape(name), unescape(value));
        match entries.iter_mut().find(|(key, _)| *key == name) {
            Some((_, values)) => values.push(Value::from(value)),
            None => entries.push((name, vec![Value::from(value)])),
        }
    }
    entries
        .into_iter()
        .map(|(name, values)| (MapKey::from(name.as_str()), Value::List(List::new(values))))
        .collect()
}

impl HttpRequest {
    /// The host: the `Host` header, else [`HttpRequest::host`].
    pub(crate) fn host_name(&self) -> &str {
        header(&self.headers, "host").unwrap_or(&self.host)
    }

    /// `req`.
    pub(crate) fn object(&self) -> Value {
        let host = self.host_name();
        let (hostname, port) = split_host(host, &self.scheme);
        let query = self.query.clone().unwrap_or_default();
        let uri =
            if query.is_empty() { self.path.clone() } else { format!("{}?{query}", self.path) };
        let full = format!("{}://{host}{uri}", self.scheme);
        let url = Url {
            scheme: Value::from(self.scheme.as_str()),
            host: Value::from(hostname),
            authority: Value::from(host),
            path: Value::from(unescape_path(&self.path)),
            raw_path: Value::from(self.path.as_str()),
            query: Value::from(query.as_str()),
            raw: Value::from(full.as_str()),
            uri: Value::from(uri),
            port: port.into(),
            query_params: Value::Map(query_params(&query)),
            text: Value::from(full),
            ..Url::default()
        };
        let user_agent = header(&self.headers, "user-agent").unwrap_or_default();
        let received = timestamp(self.received_unix_ms);
        Value::object(Request {
            method: Value::from(self.method.as_str()),
            version: Value::from(self.version.as_str()),
            host: Value::from(host),
            headers: Value::Map(header_map(&self.headers)),
            cookies: Value::Map(cookies(&self.headers)),
            content_type: content_type(&self.headers),
            content_encoding: content_encoding(&self.headers),
            content_length: i64::try_from(self.body.len()).unwrap_or(i64::MAX).into(),
            location: Value::from(header(&self.headers, "location").unwrap_or_default()),
            user_agent: Value::object(UserAgent {
                text: Value::from(user_agent),
                ..UserAgent::default()
            }),
            url: Value::object(url),
            ts: Value::object(RequestTimestamps {
                header_received: received.clone(),
                body_received: received,
            }),
            id: Value::from(self.id.as_str()),
            ..Request::default()
        })
    }

    /// `conn`.
    pub(crate) fn connection(&self) -> Value {
        Value::object(Connection {
            client_ip: Value::from(self.client_ip.as_str()),
            client_port: i64::from(self.client_port).into(),
            bytes_in: i64::try_from(self.body.len()).unwrap_or(i64::MAX).into(),
            ts: Value::object(ConnectionTimestamps { start: timestamp(self.received_unix_ms) }),
            ..Connection::default()
        })
    }

    /// `endpoint`.
    pub(crate) fn endpoint(&self) -> Value {
        let host = self.host_name();
        let (hostname, port) = split_host(host, &self.scheme);
        Value::object(Endpoint {
            url: Value::from(format!("{}://{host}", self.scheme)),
            host: Value::from(hostname),
            addr: Value::from(host),
            protocol: Value::from(self.scheme.as_str()),
            port: port.into(),
            ..Endpoint::default()
        })
    }

    /// `time`.
    pub(crate) fn time(&self) -> Value {
        Value::object(Time { now: Value::from(rfc3339(self.received_unix_ms)) })
    }
}

/// `req` once actions changed the request to forward: `headers` and `body_length` are the
/// forwarded request's, and every field read from them follows (`headers`, `cookies`,
/// `content_type`, `content_encoding`, `content_length`, `location`); the others (`method`,
/// `url`, `host`, `id`, ...) stay what the client sent.
pub(crate) fn forwarded_request(
    req: &Value,
    headers: &[(String, String)],
    body_length: usize,
) -> Value {
    let Some(received) = req.downcast_ref::<Request>() else {
        return req.clone();
    };
    Value::object(Request {
        headers: Value::Map(header_map(headers)),
        cookies: Value::Map(cookies(headers)),
        content_type: content_type(headers),
        content_encoding: content_encoding(headers),
        content_length: i64::try_from(body_length).unwrap_or(i64::MAX).into(),
        location: Value::from(header(headers, "location").unwrap_or_default()),
        ..received.clone()
    })
}

/// The host name and port of `host` (`name[:port]`), the scheme's port by default.
fn split_host<'h>(host: &'h str, scheme: &str) -> (&'h str, i64) {
    match host.rsplit_once(':') {
        Some((name, port))
            if !port.is_empty() && port.bytes().all(|byte| byte.is_ascii_digit()) =>
        {
            (name, port.parse().unwrap_or(0))
        }
        _ => (host, if scheme == "http" { 80 } else { 443 }),
    }
}

fn unescape_path(path: &str) -> String {
    if path.contains('%') { unescape(&path.replace('+', "%2B")) } else { path.to_owned() }
}

impl HttpResponse {
    /// `res`.
    pub(crate) fn object(&self) -> Value {
        Value::object(Response {
            status_code: i64::from(self.status).into(),
            headers: Value::Map(header_map(&self.headers)),
            content_type: content_type(&self.headers),
            content_encoding: content_encoding(&self.headers),
            content_length: i64::try_from(self.body.len()).unwrap_or(i64::MAX).into(),
            location: Value::from(header(&self.headers, "location").unwrap_or_default()),
            ..Response::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes() {
        assert_eq!(unescape("a%20b+c"), "a b c");
        assert_eq!(unescape("100%"), "100%");
        assert_eq!(unescape("%zz%4"), "%zz%4");
        assert_eq!(rfc3339(1_500), "1970-01-01T00:00:01.5Z");
    }
}
