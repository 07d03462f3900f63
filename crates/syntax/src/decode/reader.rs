//! The decoding context and typed field readers shared by every decoder.
//!
//! Readers never fail: a value of the wrong shape is reported once and read as absent, so the
//! decoders go on and report every other problem of the file.

use std::fmt::Write;

use switchyard_diagnostics::{Code, Diagnostic, FileId, Span, TextRange};

use crate::ast::{PhaseKind, Spanned};
use crate::yaml::{CoreValue, Entry, Node};
use switchyard_diagnostics::suggest::did_you_mean;

/// Decoding state: the file, the diagnostics found so far and the path to the current node.
pub(crate) struct Ctx<'d> {
    pub(crate) file: FileId,
    pub(crate) diagnostics: &'d mut Vec<Diagnostic>,
    pub(crate) phase: Option<PhaseKind>,
    path: Vec<Segment>,
}

/// One step of the path to the current node; rendered only when a diagnostic needs it.
pub(crate) enum Segment {
    /// A key known at compile time (`config`, `providers`).
    Static(&'static str),
    /// A key from the file (a header name, a variable name).
    Owned(String),
    /// A list index.
    Index(usize),
}

impl From<&'static str> for Segment {
    fn from(key: &'static str) -> Segment {
        Segment::Static(key)
    }
}

impl From<String> for Segment {
    fn from(key: String) -> Segment {
        Segment::Owned(key)
    }
}

impl From<usize> for Segment {
    fn from(index: usize) -> Segment {
        Segment::Index(index)
    }
}

impl<'d> Ctx<'d> {
    pub(crate) fn new(file: FileId, diagnostics: &'d mut Vec<Diagnostic>) -> Ctx<'d> {
        Ctx { file, diagnostics, phase: None, path: Vec::new() }
    }

    pub(crate) fn span(&self, range: TextRange) -> Span {
        Span::new(self.file, range)
    }

    /// The path of the current node, such as `config.providers[0]`.
    pub(crate) fn path(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            match segment {
                Segment::Index(index) => {
                    let _ = write!(out, "[{index}]");
                }
                Segment::Static(key) => push_key(&mut out, key),
                Segment::Owned(key) => push_key(&mut out, key),
            }
        }
        out
    }

    /// Runs `f` with `segment` pushed on the path.
    pub(crate) fn at<T>(
        &mut self,
        segment: impl Into<Segment>,
        f: impl FnOnce(&mut Ctx<'d>) -> T,
    ) -> T {
        self.path.push(segment.into());
        let result = f(self);
        self.path.pop();
        result
    }

    /// Reports a diagnostic with a primary label at `range`.
    pub(crate) fn report(
        &mut self,
        code: Code,
        range: TextRange,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::new(code, message).with_primary(self.span(range), label);
        diagnostic.help = help;
        self.diagnostics.push(diagnostic);
    }

    /// Reports that `node` is not of the `expected` kind.
    /// A node with a tag that is not a YAML core tag was already reported by the YAML layer
    /// (usually an unquoted expression starting with `!`) and is not reported again.
    pub(crate) fn type_mismatch(&mut self, node: &Node, expected: &str, help: Option<String>) {
        if node.tag.as_deref().is_some_and(|tag| !tag.starts_with("!!")) {
            return;
        }
        let found = node.kind_name();
        let path = self.path();
        let message = if path.is_empty() {
            format!("expected {expected}, found {found}")
        } else {
            format!("`{path}` must be {expected}, found {found}")
        };
        self.report(Code::SY0007, node.span, message, format!("this is {}", article(found)), help);
    }

    /// The entries of a mapping, for reading with [`Fields`]. A null node reads as an empty
    /// mapping; another kind is reported.
    pub(crate) fn fields<'n>(&mut self, node: &'n Node) -> Option<Fields<'n>> {
        if node.is_null() {
            return Some(Fields::new(node.span, &[]));
        }
        if let Some(entries) = node.as_mapping() {
            Some(Fields::new(node.span, entries))
        } else {
            self.type_mismatch(node, "a mapping", None);
            None
        }
    }

    /// A string. `${` in it is reported: this field is not interpolated.
    pub(crate) fn string(&mut self, node: &Node) -> Option<Spanned<String>> {
        let Some(text) = node.as_str() else {
            let help = node.as_scalar().map(|scalar| format!("quote it: \"{}\"", scalar.value));
            self.type_mismatch(node, "a string", help);
            return None;
        };
        if let Some(index) = text.find("${") {
            let scalar = node.as_scalar().expect("strings are scalars");
            let range = scalar.file_range(TextRange::new(index as u32, index as u32 + 2));
            self.report(
                Code::SY0013,
                range,
                format!("`{}` is not interpolated: `${{` is taken literally", self.path()),
                "not a template",
                Some("write the value literally; `${...}` is evaluated only in template fields such as header values".to_owned()),
            );
        }
        Some(Spanned::new(node.span, text.to_owned()))
    }

    /// A non-empty string.
    pub(crate) fn non_empty_string(&mut self, node: &Node) -> Option<Spanned<String>> {
        let value = self.string(node)?;
        if value.node.trim().is_empty() {
            let message = format!("`{}` must not be empty", self.path());
            self.report(Code::SY0009, node.span, message, "empty string", None);
            return None;
        }
        Some(value)
    }

    /// A boolean.
    pub(crate) fn bool(&mut self, node: &Node) -> Option<Spanned<bool>> {
        match node.as_scalar().map(|scalar| scalar.core_value()) {
            Some(CoreValue::Bool(value)) => Some(Spanned::new(node.span, value)),
            Some(CoreValue::Str(text)) if matches!(text, "true" | "false") => {
                self.type_mismatch(node, "a boolean", Some(format!("remove the quotes: {text}")));
                None
            }
            _ => {
                self.type_mismatch(node, "a boolean (`true` or `false`)", None);
                None
            }
        }
    }

    /// An integer within `min..=max`.
    pub(crate) fn int(&mut self, node: &Node, min: i64, max: i64) -> Option<Spanned<i64>> {
        match node.as_scalar().map(|scalar| scalar.core_value()) {
            Some(CoreValue::Int(value)) if (min..=max).contains(&value) => {
                Some(Spanned::new(node.span, value))
            }
            Some(CoreValue::Int(value)) => {
                let message =
                    format!("`{}` must be between {min} and {max}, found {value}", self.path());
                self.report(Code::SY0009, node.span, message, "out of range", None);
                None
            }
            Some(CoreValue::Str(text)) if text.trim().parse::<i64>().is_ok() => {
                self.type_mismatch(
                    node,
                    "an integer",
                    Some(format!("remove the quotes: {}", text.trim())),
                );
                None
            }
            _ => {
                self.type_mismatch(node, "an integer", None);
                None
            }
        }
    }

    /// One of `values`.
    pub(crate) fn enumeration(
        &mut self,
        node: &Node,
        values: &[&'static str],
    ) -> Option<Spanned<&'static str>> {
        let Some(text) = node.as_scalar().map(|scalar| scalar.value.as_str()) else {
            self.type_mismatch(node, &format!("one of {}", quoted_list(values)), None);
            return None;
        };
        if let Some(value) = values.iter().find(|value| **value == text) {
            return Some(Spanned::new(node.span, value));
        }
        let help = did_you_mean(text, values.iter().copied()).map_or_else(
            || format!("use one of {}", quoted_list(values)),
            |value| format!("did you mean `{value}`?"),
        );
        let message =
            format!("`{}` must be one of {}, found `{text}`", self.path(), quoted_list(values));
        self.report(Code::SY0010, node.span, message, "unknown value", Some(help));
        None
    }

    /// A list, each item read by `item` with its index on the path. A null node is an empty list.
    pub(crate) fn list<T>(
        &mut self,
        node: &Node,
        mut item: impl FnMut(&mut Ctx<'d>, &Node) -> Option<T>,
    ) -> Option<Vec<T>> {
        if node.is_null() {
            return Some(Vec::new());
        }
        let Some(items) = node.as_sequence() else {
            self.type_mismatch(node, "a list", None);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, node) in items.iter().enumerate() {
            if let Some(value) = self.at(index, |ctx| item(ctx, node)) {
                out.push(value);
            }
        }
        Some(out)
    }

    /// Reports a list whose length is outside `min..=max`.
    pub(crate) fn check_len(&mut self, node: &Node, len: usize, min: usize, max: usize) {
        if (min..=max).contains(&len) {
            return;
        }
        let message = if len < min {
            format!(
                "`{}` needs at least {min} {}",
                self.path(),
                if min == 1 { "entry" } else { "entries" }
            )
        } else {
            format!("`{}` takes at most {max} entries, found {len}", self.path())
        };
        self.report(Code::SY0009, node.span, message, "wrong number of entries", None);
    }

    /// A mapping with string keys, each value read by `value` with its key on the path.
    pub(crate) fn string_map<T>(
        &mut self,
        node: &Node,
        mut value: impl FnMut(&mut Ctx<'d>, &Node) -> Option<T>,
    ) -> Option<Vec<(Spanned<String>, T)>> {
        let fields = self.fields(node)?;
        let mut out = Vec::with_capacity(fields.entries.len());
        for entry in fields.entries {
            let Some(key) = self.map_key(&entry.key) else { continue };
            let segment = key.node.clone();
            if let Some(value) = self.at(segment, |ctx| value(ctx, &entry.value)) {
                out.push((key, value));
            }
        }
        Some(out)
    }

    /// A mapping key, which must be a string (numbers and booleans are read as their text).
    pub(crate) fn map_key(&mut self, node: &Node) -> Option<Spanned<String>> {
        if let Some(scalar) = node.as_scalar() {
            Some(Spanned::new(node.span, scalar.value.clone()))
        } else {
            self.type_mismatch(node, "a string key", None);
            None
        }
    }
}

/// The entries of a mapping being read; remembers which keys were read so that
/// [`Fields::finish`] reports the others.
pub(crate) struct Fields<'n> {
    /// The span of the mapping (or of what stands for it when it is absent).
    pub(crate) span: TextRange,
    pub(crate) entries: &'n [Entry],
    read: Vec<bool>,
}

impl<'n> Fields<'n> {
    fn new(span: TextRange, entries: &'n [Entry]) -> Fields<'n> {
        Fields { span, entries, read: vec![false; entries.len()] }
    }

    /// No entries: an absent mapping, located at `span`.
    pub(crate) fn empty(span: TextRange) -> Fields<'n> {
        Fields::new(span, &[])
    }

    /// The value of `key`, marking it read.
    pub(crate) fn get(&mut self, key: &str) -> Option<&'n Node> {
        let index = self
            .entries
            .iter()
            .position(|entry| entry.key.as_scalar().is_some_and(|s| s.value == key))?;
        self.read[index] = true;
        Some(&self.entries[index].value)
    }

    /// The entry of `key`, marking it read.
    pub(crate) fn get_entry(&mut self, key: &str) -> Option<&'n Entry> {
        let index = self
            .entries
            .iter()
            .position(|entry| entry.key.as_scalar().is_some_and(|s| s.value == key))?;
        self.read[index] = true;
        Some(&self.entries[index])
    }

    /// Reports a missing required field and returns `None`, or returns its value.
    pub(crate) fn required(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<&'n Node> {
        let value = self.get(key);
        if value.is_none() {
            let place = ctx.path();
            let message = if place.is_empty() {
                format!("missing required field `{key}`")
            } else {
                format!("`{place}` is missing required field `{key}`")
            };
            let range = self.entries.first().map_or(self.span, |entry| entry.key.span);
            ctx.report(
                Code::SY0008,
                range,
                message,
                format!("`{key}` is required here"),
                Some(format!("add `{key}:`")),
            );
        }
        value
    }

    /// The entries not read so far.
    pub(crate) fn unread(&self) -> impl Iterator<Item = &'n Entry> + '_ {
        self.entries.iter().zip(&self.read).filter(|(_, read)| !**read).map(|(entry, _)| entry)
    }

    /// Reports every key not read as unknown, suggesting the closest of `known`, or the hint of
    /// `hints` for common mistakes (`name` → `id`).
    pub(crate) fn finish(self, ctx: &mut Ctx<'_>, known: &[&str], hints: &[(&str, &str)]) {
        for entry in self.unread() {
            let key = entry.key.as_scalar().map_or("?", |scalar| scalar.value.as_str());
            let help = hints
                .iter()
                .find(|(wrong, _)| *wrong == key)
                .map(|(_, right)| *right)
                .or_else(|| did_you_mean(key, known.iter().copied()))
                .map_or_else(
                    || format!("valid keys here: {}", quoted_list(known)),
                    |right| format!("did you mean `{right}`?"),
                );
            let place = ctx.path();
            let message = if place.is_empty() {
                format!("unknown key `{key}`")
            } else {
                format!("unknown key `{key}` in `{place}`")
            };
            ctx.report(Code::SY0005, entry.key.span, message, "unknown key", Some(help));
        }
    }
}

/// The first line's worth of a node, for labels that should not cover a whole block: the first
/// key of a mapping, the head of the first item of a list, or the node itself.
pub(crate) fn head_range(node: &Node) -> TextRange {
    match &node.kind {
        crate::yaml::NodeKind::Mapping(entries) => {
            entries.first().map_or(node.span, |entry| entry.key.span)
        }
        crate::yaml::NodeKind::Sequence(items) => items.first().map_or(node.span, head_range),
        crate::yaml::NodeKind::Scalar(_) => node.span,
    }
}

fn push_key(out: &mut String, key: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(key);
}

/// `a`/`an` and the word.
pub(crate) fn article(word: &str) -> String {
    let an = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {word}", if an { "an" } else { "a" })
}

/// `` `a`, `b` or `c` ``
pub(crate) fn quoted_list(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|value| format!("`{value}`")).collect();
            format!("{} or `{last}`", init.join(", "))
        }
    }
}
