//! Building a mapping: duplicate keys and `<<` merge keys.
//!
//! Keys are compared by their core-schema value (`a`, `'a'` and `"a"` are the same key; `1` and
//! `"1"` are not). Collections used as keys are never reported as duplicates.
//! A duplicate is reported at the second key and dropped: the first entry wins.
//! A `<<` entry merges the entries of the mapping it refers to (or of each mapping of a list, the
//! earlier ones winning) at its position; keys written in the mapping itself always win, and a
//! merged key never counts as a duplicate.
//!
//! The entries of the open mappings share one stack ([`OpenEntries`]), each mapping owning the
//! top part from its base while it is the innermost; a finished mapping is copied out at its
//! exact size, so building a mapping allocates once.

use std::collections::HashSet;

use rustc_hash::FxBuildHasher;

use switchyard_diagnostics::{Diagnostic, FileId};

use super::errors::{bad_merge, duplicate_key};
use super::key_index::{KeyIndex, Keys, fingerprint};
use super::node::{CoreValue, Entry, Node, NodeKind, ScalarStyle};

/// The identity of a scalar key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum KeyId<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(&'a str),
}

fn key_id(node: &Node) -> Option<KeyId<'_>> {
    let scalar = node.as_scalar()?;
    if node.tag.is_some() {
        return Some(KeyId::Str(&scalar.value));
    }
    Some(match scalar.core_value() {
        CoreValue::Null => KeyId::Null,
        CoreValue::Bool(value) => KeyId::Bool(value),
        CoreValue::Int(value) => KeyId::Int(value),
        CoreValue::Float(value) if value.is_nan() => KeyId::Float(f64::NAN.to_bits()),
        CoreValue::Float(value) => KeyId::Float((value + 0.0).to_bits()),
        CoreValue::Str(value) => KeyId::Str(value),
    })
}

impl KeyId<'_> {
    fn fingerprint(self) -> u64 {
        match self {
            KeyId::Null => fingerprint(0, 0, b""),
            KeyId::Bool(value) => fingerprint(1, u64::from(value), b""),
            KeyId::Int(value) => fingerprint(2, value.cast_unsigned(), b""),
            KeyId::Float(bits) => fingerprint(3, bits, b""),
            KeyId::Str(value) => fingerprint(4, 0, value.as_bytes()),
        }
    }
}

fn is_merge_key(node: &Node) -> bool {
    node.as_scalar()
        .is_some_and(|scalar| scalar.style == ScalarStyle::Plain && scalar.value == "<<")
        && node.tag.as_deref().is_none_or(|tag| tag == "!!merge")
}

/// The entries and keys of the open mappings, outermost first.
#[derive(Debug, Default)]
pub(crate) struct OpenEntries {
    entries: Vec<Entry>,
    keys: Keys,
}

/// A mapping under construction.
#[derive(Debug)]
pub(crate) struct MappingBuilder {
    /// Where this mapping's entries start in the shared stack.
    base: usize,
    key: Option<Node>,
    /// The scalar keys of the entries.
    index: KeyIndex,
    /// `<<` values with the index of the entry they come before.
    merges: Vec<(usize, Node)>,
}

impl MappingBuilder {
    /// An empty mapping whose entries go on top of `open`.
    pub(crate) fn new(open: &OpenEntries) -> MappingBuilder {
        MappingBuilder {
            base: open.entries.len(),
            key: None,
            index: KeyIndex::new(&open.keys),
            merges: Vec::new(),
        }
    }

    /// Adds the next node: a key, or the value of the pending key. This mapping must be the
    /// innermost open one.
    pub(crate) fn push(
        &mut self,
        open: &mut OpenEntries,
        node: Node,
        file: FileId,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Some(key) = self.key.take() else {
            self.key = Some(node);
            return;
        };
        let entries = &open.entries[self.base..];
        if is_merge_key(&key) {
            self.merges.push((entries.len(), node));
            return;
        }
        if let Some(id) = key_id(&key) {
            let fingerprint = id.fingerprint();
            let same = |entry: usize| key_id(&entries[entry].key) == Some(id);
            if let Some(first) = self.index.find(&open.keys, fingerprint, same) {
                let first = &entries[first].key;
                let name = key
                    .as_scalar()
                    .map(|scalar| scalar.value.as_str())
                    .filter(|name| name.len() <= 60 && !name.contains(['\n', '\r', '`']));
                diagnostics.push(duplicate_key(file, name, key.span, first.span));
                return;
            }
            self.index.insert(&mut open.keys, fingerprint, entries.len());
        }
        open.entries.push(Entry { key, value: node });
    }

    /// The entries, with merges applied, taken off `open`. A key without a value (only after a
    /// parse error) is dropped.
    pub(crate) fn finish(
        self,
        open: &mut OpenEntries,
        file: FileId,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Entry> {
        self.index.finish(&mut open.keys);
        let entries: Vec<Entry> = open.entries.drain(self.base..).collect();
        if self.merges.is_empty() {
            return entries;
        }
        let mut batches: Vec<(usize, Vec<Entry>)> = Vec::with_capacity(self.merges.len());
        for (at, value) in self.merges {
            let sources: Vec<Node> = match value.kind {
                NodeKind::Sequence(items) => items,
                NodeKind::Mapping(_) | NodeKind::Scalar(_) => vec![value],
            };
            let mut batch = Vec::new();
            for source in sources {
                match source.kind {
                    NodeKind::Mapping(entries) => batch.extend(entries),
                    _ => diagnostics.push(bad_merge(file, source.span)),
                }
            }
            batches.push((at, batch));
        }
        // A merged entry is kept unless its key is written in the mapping or merged before.
        let keep: Vec<bool> = {
            let mut seen: HashSet<KeyId<'_>, FxBuildHasher> =
                entries.iter().filter_map(|entry| key_id(&entry.key)).collect();
            batches
                .iter()
                .flat_map(|(_, batch)| batch)
                .map(|entry| key_id(&entry.key).is_none_or(|id| seen.insert(id)))
                .collect()
        };
        let mut keep = keep.into_iter();
        let mut out = Vec::with_capacity(entries.len() + keep.len());
        let mut batches = batches.into_iter().peekable();
        for (idx, entry) in entries.into_iter().enumerate() {
            while let Some((_, batch)) = batches.next_if(|(at, _)| *at == idx) {
                out.extend(batch.into_iter().filter(|_| keep.next().unwrap_or(true)));
            }
            out.push(entry);
        }
        for (_, batch) in batches {
            out.extend(batch.into_iter().filter(|_| keep.next().unwrap_or(true)));
        }
        out
    }
}
