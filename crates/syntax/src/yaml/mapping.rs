//! Building a mapping: duplicate keys and `<<` merge keys.
//!
//! Keys are compared by their core-schema value (`a`, `'a'` and `"a"` are the same key; `1` and
//! `"1"` are not). Collections used as keys are never reported as duplicates.
//! A duplicate is reported at the second key and dropped: the first entry wins.
//! A `<<` entry merges the entries of the mapping it refers to (or of each mapping of a list, the
//! earlier ones winning) at its position; keys written in the mapping itself always win, and a
//! merged key never counts as a duplicate.

use std::collections::HashMap;

use switchyard_diagnostics::{Diagnostic, FileId};

use super::errors::{bad_merge, duplicate_key};
use super::node::{CoreValue, Entry, Node, NodeKind, ScalarStyle};

/// The identity of a scalar key.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
enum KeyId {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(String),
}

fn key_id(node: &Node) -> Option<KeyId> {
    let scalar = node.as_scalar()?;
    if node.tag.is_some() {
        return Some(KeyId::Str(scalar.value.clone()));
    }
    Some(match scalar.core_value() {
        CoreValue::Null => KeyId::Null,
        CoreValue::Bool(value) => KeyId::Bool(value),
        CoreValue::Int(value) => KeyId::Int(value),
        CoreValue::Float(value) if value.is_nan() => KeyId::Float(f64::NAN.to_bits()),
        CoreValue::Float(value) => KeyId::Float((value + 0.0).to_bits()),
        CoreValue::Str(value) => KeyId::Str(value.to_owned()),
    })
}

fn is_merge_key(node: &Node) -> bool {
    node.as_scalar()
        .is_some_and(|scalar| scalar.style == ScalarStyle::Plain && scalar.value == "<<")
        && node.tag.as_deref().is_none_or(|tag| tag == "!!merge")
}

/// A mapping under construction.
#[derive(Debug, Default)]
pub(crate) struct MappingBuilder {
    entries: Vec<Entry>,
    key: Option<Node>,
    ids: HashMap<KeyId, usize>,
    /// `<<` values with the index of the entry they come before.
    merges: Vec<(usize, Node)>,
}

impl MappingBuilder {
    /// Adds the next node: a key, or the value of the pending key.
    pub(crate) fn push(&mut self, node: Node, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
        let Some(key) = self.key.take() else {
            self.key = Some(node);
            return;
        };
        if is_merge_key(&key) {
            self.merges.push((self.entries.len(), node));
            return;
        }
        if let Some(id) = key_id(&key) {
            if let Some(&first) = self.ids.get(&id) {
                let first = &self.entries[first].key;
                let name = key
                    .as_scalar()
                    .map(|scalar| scalar.value.as_str())
                    .filter(|name| name.len() <= 60 && !name.contains(['\n', '\r', '`']));
                diagnostics.push(duplicate_key(file, name, key.span, first.span));
                return;
            }
            self.ids.insert(id, self.entries.len());
        }
        self.entries.push(Entry { key, value: node });
    }

    /// The entries, with merges applied. A key without a value (only after a parse error) is
    /// dropped.
    pub(crate) fn finish(mut self, file: FileId, diagnostics: &mut Vec<Diagnostic>) -> Vec<Entry> {
        if self.merges.is_empty() {
            return self.entries;
        }
        let mut merged_at: Vec<(usize, Vec<Entry>)> = Vec::new();
        for (at, value) in std::mem::take(&mut self.merges) {
            let sources: Vec<Node> = match value.kind {
                NodeKind::Sequence(items) => items,
                NodeKind::Mapping(_) | NodeKind::Scalar(_) => vec![value],
            };
            let mut batch = Vec::new();
            for source in sources {
                let NodeKind::Mapping(entries) = source.kind else {
                    diagnostics.push(bad_merge(file, source.span));
                    continue;
                };
                for entry in entries {
                    let Some(id) = key_id(&entry.key) else {
                        batch.push(entry);
                        continue;
                    };
                    if let std::collections::hash_map::Entry::Vacant(slot) = self.ids.entry(id) {
                        slot.insert(usize::MAX);
                        batch.push(entry);
                    }
                }
            }
            merged_at.push((at, batch));
        }
        let mut out = Vec::with_capacity(self.entries.len());
        let mut merged_at = merged_at.into_iter().peekable();
        for (idx, entry) in self.entries.into_iter().enumerate() {
            while let Some((_, batch)) = merged_at.next_if(|(at, _)| *at == idx) {
                out.extend(batch);
            }
            out.push(entry);
        }
        out.extend(merged_at.flat_map(|(_, batch)| batch));
        out
    }
}
