//! Request, response and connection objects (spec/cel.md §2).
//!
//! Header, trailer and query maps have lower-case string keys and lists of strings as values.

use std::sync::{Arc, LazyLock};

use super::native_objects;
use crate::value::{ObjectType, Value};

pub(crate) fn types() -> Vec<Arc<ObjectType>> {
    vec![
        Cookie::object_type().clone(),
        ResCookie::object_type().clone(),
        ContentType::object_type().clone(),
        UserAgent::object_type().clone(),
        Url::object_type().clone(),
        RequestTimestamps::object_type().clone(),
        Request::object_type().clone(),
        Response::object_type().clone(),
        Geo::object_type().clone(),
        ConnectionTimestamps::object_type().clone(),
        Connection::object_type().clone(),
        Endpoint::object_type().clone(),
        Time::object_type().clone(),
        Actions::object_type().clone(),
    ]
}

native_objects! {
    /// A request cookie (`Cookie`).
    struct Cookie("Cookie") {
        /// `name` (string).
        name: str,
        /// `value` (string).
        value: str,
    }

    /// A response cookie (`ResCookie`).
    struct ResCookie("ResCookie") {
        /// `name` (string).
        name: str,
        /// `value` (string).
        value: str,
        /// `domain` (string).
        domain: str,
        /// `path` (string).
        path: str,
        /// `same_site` (string).
        same_site: str,
        /// `expires` (timestamp).
        expires: timestamp,
        /// `max_age` (duration).
        max_age: duration,
        /// `http_only`.
        http_only: bool,
        /// `secure`.
        secure: bool,
        /// `unparsed_attributes` (map(string, string)).
        unparsed_attributes: map,
    }

    /// A media type (`ContentType`); as a string, the media type.
    struct ContentType("ContentType", text) {
        /// `raw` (string): the header as sent.
        raw: str,
        /// `parameters` (map(string, string)).
        parameters: map,
    }
    extra {
        /// The string `req.content_type` stands for (the media type).
        text: Value = super::empty_string(),
    }

    /// A parsed `User-Agent` (`UserAgent`); as a string, the header.
    struct UserAgent("UserAgent", text) {
        /// `name` (string).
        name: str,
        /// `version` (string).
        version: str,
        /// `os` (string).
        os: str,
        /// `os_version` (string).
        os_version: str,
        /// `device` (string).
        device: str,
        /// `url` (string).
        url: str,
        /// `is_mobile`.
        is_mobile: bool,
        /// `is_tablet`.
        is_tablet: bool,
        /// `is_desktop`.
        is_desktop: bool,
        /// `is_bot`.
        is_bot: bool,
    }
    extra {
        /// The string `req.user_agent` stands for (the header value).
        text: Value = super::empty_string(),
    }

    /// A URL (`Url`); as a string, the normalized full URL.
    struct Url("Url", text) {
        /// `scheme` (string).
        scheme: str,
        /// `host` (string).
        host: str,
        /// `authority` (string).
        authority: str,
        /// `path` (string).
        path: str,
        /// `raw_path` (string).
        raw_path: str,
        /// `query` (string).
        query: str,
        /// `raw` (string).
        raw: str,
        /// `uri` (string).
        uri: str,
        /// `user_password` (string).
        user_password: str,
        /// `port`.
        port: i64,
        /// `query_params` (map(string, list(string))).
        query_params: map,
    }
    extra {
        /// The string `req.url` stands for (the normalized full URL).
        text: Value = super::empty_string(),
    }

    /// `req.ts`.
    struct RequestTimestamps("RequestTimestamps") {
        /// `header_received` (timestamp).
        header_received: timestamp,
        /// `body_received` (timestamp).
        body_received: timestamp,
    }

    /// The request (`req`).
    struct Request("Request") {
        /// `method` (string).
        method: str,
        /// `version` (string).
        version: str,
        /// `host` (string).
        host: str,
        /// `headers` (map(string, list(string)), lower-case keys).
        headers: map,
        /// `trailers` (map(string, list(string))).
        trailers: map,
        /// `cookies` (map(string, list(Cookie))).
        cookies: map,
        /// `content_type` (a [`ContentType`]).
        content_type: obj(ContentType),
        /// `content_encoding` (list(string)).
        content_encoding: list,
        /// `content_length`.
        content_length: i64,
        /// `location` (string).
        location: str,
        /// `user_agent` (a [`UserAgent`]).
        user_agent: obj(UserAgent),
        /// `url` (a [`Url`]).
        url: obj(Url),
        /// `ts` (a [`RequestTimestamps`]).
        ts: obj(RequestTimestamps),
        /// `id` (string).
        id: str,
    }

    /// The response (`res`).
    struct Response("Response") {
        /// `status_code`.
        status_code: i64,
        /// `headers` (map(string, list(string)), lower-case keys).
        headers: map,
        /// `trailers` (map(string, list(string))).
        trailers: map,
        /// `cookies` (map(string, list(ResCookie))).
        cookies: map,
        /// `content_type` (a [`ContentType`]).
        content_type: obj(ContentType),
        /// `content_encoding` (list(string)).
        content_encoding: list,
        /// `content_length`.
        content_length: i64,
        /// `location` (string).
        location: str,
    }

    /// `conn.geo`: strings, empty when unknown.
    struct Geo("Geo") {
        /// `city`.
        city: str,
        /// `country`.
        country: str,
        /// `country_code`.
        country_code: str,
        /// `latitude`.
        latitude: str,
        /// `longitude`.
        longitude: str,
        /// `subdivision`.
        subdivision: str,
        /// `postal_code`.
        postal_code: str,
    }

    /// `conn.ts`.
    struct ConnectionTimestamps("ConnectionTimestamps") {
        /// `start` (timestamp).
        start: timestamp,
    }

    /// The connection (`conn`).
    struct Connection("Connection") {
        /// `client_ip` (string).
        client_ip: str,
        /// `server_ip` (string).
        server_ip: str,
        /// `server_region` (string).
        server_region: str,
        /// `client_port`.
        client_port: i64,
        /// `server_port`.
        server_port: i64,
        /// `bytes_in`.
        bytes_in: i64,
        /// `bytes_out`.
        bytes_out: i64,
        /// `ts` (a [`ConnectionTimestamps`]).
        ts: obj(ConnectionTimestamps),
        /// `geo` (a [`Geo`]).
        geo: obj(Geo),
        /// `tls` (dyn; out of scope, null).
        tls: dyn,
    }

    /// The endpoint (`endpoint`).
    struct Endpoint("Endpoint") {
        /// `id` (string).
        id: str,
        /// `url` (string).
        url: str,
        /// `host` (string).
        host: str,
        /// `addr` (string).
        addr: str,
        /// `protocol` (string).
        protocol: str,
        /// `port`.
        port: i64,
    }

    /// `time`.
    struct Time("Time") {
        /// `now` (string, RFC 3339, UTC).
        now: str,
    }

    /// `actions`.
    struct Actions("Actions") {
        /// `ngrok` (map(string, dyn)): action results by action name.
        ngrok: map,
    }
}
