//! Server-Sent Events: the messages of a `text/event-stream` response and `sse-find-replace`
//! (spec/README.md §1 `on_event_stream_message`, spec/actions.md §9).
//!
//! A message is the text up to a blank line. `sse-find-replace` rewrites one field of it (`data`
//! by default, or `retry`): the values of the field's lines are joined with `\n`, every match
//! is replaced, and the result is written back as lines of that field where the first one was.
//! The replacements' templates are evaluated once per stream, at the first message (Switchyard
//! decision, spec/templates.md §5); a pattern that does not compile leaves the stream unchanged
//! and is recorded in the trace (a stream that has started cannot fail closed).

use regex::Regex;

use super::request::HttpResponse;

/// Whether `response` is an event stream.
pub(crate) fn is_event_stream(response: &HttpResponse) -> bool {
    response.header("content-type").is_some_and(|value| {
        value
            .split(';')
            .next()
            .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/event-stream"))
    })
}

/// The messages of a stream, each with its terminator (the blank line; none for a last,
/// unterminated message).
pub(crate) fn messages(body: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let end = [("\r\n\r\n", 4), ("\n\n", 2)]
            .iter()
            .filter_map(|(separator, len)| rest.find(separator).map(|at| (at, *len)))
            .min_by_key(|(at, _)| *at);
        let Some((at, len)) = end else {
            out.push((rest, ""));
            break;
        };
        out.push((&rest[..at], &rest[at..at + len]));
        rest = &rest[at + len..];
    }
    out
}

/// The replacements of one `sse-find-replace`, or why they could not be evaluated.
pub(crate) type Evaluated = Result<Vec<Replacement>, String>;

/// One evaluated replacement.
#[derive(Clone, Debug)]
pub(crate) struct Replacement {
    pub(crate) field: String,
    pub(crate) pattern: Regex,
    pub(crate) to: String,
}

/// Applies `replacement` to `message`; the number of matches.
pub(crate) fn replace(message: &mut String, replacement: &Replacement) -> usize {
    let field = replacement.field.as_str();
    let lines: Vec<&str> = message.split('\n').collect();
    let mut values = Vec::new();
    let mut first = None;
    for (index, line) in lines.iter().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        if name == field && !line.starts_with(':') {
            first.get_or_insert(index);
            values.push(value.strip_prefix(' ').unwrap_or(value));
        }
    }
    let Some(first) = first else { return 0 };
    let joined = values.join("\n");
    let count = replacement.pattern.find_iter(&joined).count();
    if count == 0 {
        return 0;
    }
    let replaced = replacement.pattern.replace_all(&joined, replacement.to.as_str());
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        let bare = line.strip_suffix('\r').unwrap_or(line);
        let name = bare.split_once(':').map_or(bare, |(name, _)| name);
        if name == field && !bare.starts_with(':') {
            if index == first {
                out.extend(replaced.split('\n').map(|value| format!("{field}: {value}")));
            }
        } else {
            out.push((*line).to_owned());
        }
    }
    *message = out.join("\n");
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_fields() {
        let body = "data: {\"a\": 1}\n\nretry: 100\ndata: x\ndata: y\n\n: comment\ndata: tail";
        let parts = messages(body);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1], ("retry: 100\ndata: x\ndata: y", "\n\n"));
        let mut message = parts[1].0.to_owned();
        let data = Replacement {
            field: "data".to_owned(),
            pattern: Regex::new("x\ny").unwrap(),
            to: "z".to_owned(),
        };
        assert_eq!(replace(&mut message, &data), 1);
        assert_eq!(message, "retry: 100\ndata: z");
        let retry = Replacement {
            field: "retry".to_owned(),
            pattern: Regex::new(r"\d+").unwrap(),
            to: "5$0".to_owned(),
        };
        assert_eq!(replace(&mut message, &retry), 1);
        assert_eq!(message, "retry: 5100\ndata: z");
        let mut comment = parts[2].0.to_owned();
        assert_eq!(replace(&mut comment, &data), 0);
        assert_eq!(messages("a\r\n\r\nb"), vec![("a", "\r\n\r\n"), ("b", "")]);
    }
}
