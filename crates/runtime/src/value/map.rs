//! Maps: entries in insertion order, with a hash index once they are more than a few.
//!
//! Keys are `bool`, `int`, `uint` or `string`. Numeric keys compare by value, as CEL's
//! heterogeneous equality says: `m[1u]` and `m[1.0]` find the key `1`.

use std::hash::Hasher;
use std::sync::Arc;

use rustc_hash::FxHasher;

use super::{Str, Value};

/// A CEL map. Cloning is cheap.
#[derive(Clone, Default)]
pub struct Map(Arc<Inner>);

#[derive(Clone, Default)]
struct Inner {
    entries: Vec<(MapKey, Value)>,
    /// Open-addressing table of entry positions plus one (0: empty); empty for small maps.
    index: Box<[u32]>,
}

/// A map key.
#[derive(Clone, Debug)]
pub enum MapKey {
    /// A `bool` key.
    Bool(bool),
    /// An `int` key.
    Int(i64),
    /// A `uint` key.
    Uint(u64),
    /// A `string` key.
    String(Str),
}

/// What a lookup compares keys with, without building a key.
#[derive(Clone, Copy)]
enum Probe<'a> {
    Bool(bool),
    Number(i128),
    String(&'a str),
}

/// Maps up to this size are searched linearly.
const LINEAR: usize = 8;

impl MapKey {
    /// The key for a value, if the value can be a key.
    pub fn from_value(value: &Value) -> Option<MapKey> {
        Some(match value {
            Value::Bool(value) => MapKey::Bool(*value),
            Value::Int(value) => MapKey::Int(*value),
            Value::Uint(value) => MapKey::Uint(*value),
            Value::String(value) => MapKey::String(value.clone()),
            _ => return None,
        })
    }

    /// The key as a value.
    pub fn to_value(&self) -> Value {
        match self {
            MapKey::Bool(value) => Value::Bool(*value),
            MapKey::Int(value) => Value::Int(*value),
            MapKey::Uint(value) => Value::Uint(*value),
            MapKey::String(value) => Value::String(value.clone()),
        }
    }

    fn probe(&self) -> Probe<'_> {
        match self {
            MapKey::Bool(value) => Probe::Bool(*value),
            MapKey::Int(value) => Probe::Number(i128::from(*value)),
            MapKey::Uint(value) => Probe::Number(i128::from(*value)),
            MapKey::String(value) => Probe::String(value),
        }
    }
}

impl From<&str> for MapKey {
    fn from(value: &str) -> MapKey {
        MapKey::String(value.into())
    }
}

impl PartialEq for MapKey {
    fn eq(&self, other: &MapKey) -> bool {
        self.probe() == other.probe()
    }
}

impl Probe<'_> {
    fn of(value: &Value) -> Option<Probe<'_>> {
        Some(match value {
            Value::Bool(value) => Probe::Bool(*value),
            Value::Int(value) => Probe::Number(i128::from(*value)),
            Value::Uint(value) => Probe::Number(i128::from(*value)),
            Value::String(value) => Probe::String(value),
            #[allow(clippy::cast_precision_loss)]
            Value::Double(value)
                if value.fract() == 0.0 && value.abs() < 18_446_744_073_709_551_616.0 =>
            {
                // Exact: the value is integral and within the range of i64 or u64.
                #[allow(clippy::cast_possible_truncation)]
                Probe::Number(*value as i128)
            }
            _ => return None,
        })
    }

    fn hash(self) -> u64 {
        let mut hasher = FxHasher::default();
        match self {
            Probe::Bool(value) => hasher.write_u64(u64::from(value)),
            Probe::Number(value) => hasher.write_u128(value.cast_unsigned()),
            Probe::String(value) => hasher.write(value.as_bytes()),
        }
        hasher.finish()
    }
}

impl PartialEq for Probe<'_> {
    fn eq(&self, other: &Probe<'_>) -> bool {
        match (self, other) {
            (Probe::Bool(a), Probe::Bool(b)) => a == b,
            (Probe::Number(a), Probe::Number(b)) => a == b,
            (Probe::String(a), Probe::String(b)) => super::compare::str_eq(a, b),
            _ => false,
        }
    }
}

impl Map {
    /// A map of `entries`, or the first key that appears twice.
    pub fn new(entries: Vec<(MapKey, Value)>) -> Result<Map, MapKey> {
        for (position, (key, _)) in entries.iter().enumerate().take(LINEAR * 4) {
            if entries[..position].iter().any(|(earlier, _)| earlier == key) {
                return Err(key.clone());
            }
        }
        let index = build_index(&entries);
        if entries.len() > LINEAR * 4 {
            for (position, (key, _)) in entries.iter().enumerate() {
                if find(&entries, &index, key.probe()) != Some(position) {
                    return Err(key.clone());
                }
            }
        }
        Ok(Map(Arc::new(Inner { entries, index })))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.entries.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.0.entries.is_empty()
    }

    /// The value at `key`; numeric keys match across `int`, `uint` and integral `double`.
    pub fn get(&self, key: &Value) -> Option<&Value> {
        let position = find(&self.0.entries, &self.0.index, Probe::of(key)?)?;
        Some(&self.0.entries[position].1)
    }

    /// The value at a string key.
    pub fn get_str(&self, key: &str) -> Option<&Value> {
        let position = find(&self.0.entries, &self.0.index, Probe::String(key))?;
        Some(&self.0.entries[position].1)
    }

    /// Whether `key` is a key.
    pub fn contains_key(&self, key: &Value) -> bool {
        self.get(key).is_some()
    }

    /// The entries, in insertion order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&MapKey, &Value)> {
        self.0.entries.iter().map(|(key, value)| (key, value))
    }

    /// The map with one more entry, or `None` when `key` is already a key.
    pub fn with_entry(&self, key: MapKey, value: Value) -> Option<Map> {
        if find(&self.0.entries, &self.0.index, key.probe()).is_some() {
            return None;
        }
        let mut inner = Arc::unwrap_or_clone(self.0.clone());
        inner.entries.push((key, value));
        if inner.entries.len() > LINEAR && inner.index.len() < inner.entries.len() * 2 {
            inner.index = build_index(&inner.entries);
        } else if !inner.index.is_empty() {
            let position = inner.entries.len() - 1;
            insert(&mut inner.index, inner.entries[position].0.probe(), position);
        }
        Some(Map(Arc::new(inner)))
    }
}

impl FromIterator<(MapKey, Value)> for Map {
    /// A map of the entries; a later entry replaces an earlier one with an equal key.
    fn from_iter<I: IntoIterator<Item = (MapKey, Value)>>(entries: I) -> Map {
        let mut unique: Vec<(MapKey, Value)> = Vec::new();
        for (key, value) in entries {
            match unique.iter_mut().find(|(existing, _)| *existing == key) {
                Some(entry) => entry.1 = value,
                None => unique.push((key, value)),
            }
        }
        let index = build_index(&unique);
        Map(Arc::new(Inner { entries: unique, index }))
    }
}

impl std::fmt::Debug for Map {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

fn find(entries: &[(MapKey, Value)], index: &[u32], probe: Probe<'_>) -> Option<usize> {
    if index.is_empty() {
        return entries.iter().position(|(key, _)| key.probe() == probe);
    }
    let mask = index.len() - 1;
    let mut slot = probe.hash() as usize & mask;
    loop {
        let position = index[slot].checked_sub(1)? as usize;
        if entries.get(position).is_some_and(|(key, _)| key.probe() == probe) {
            return Some(position);
        }
        slot = (slot + 1) & mask;
    }
}

fn build_index(entries: &[(MapKey, Value)]) -> Box<[u32]> {
    if entries.len() <= LINEAR || u32::try_from(entries.len()).is_err() {
        return Box::default();
    }
    let mut index = vec![0; (entries.len() * 2).next_power_of_two()].into_boxed_slice();
    for (position, (key, _)) in entries.iter().enumerate() {
        insert(&mut index, key.probe(), position);
    }
    index
}

fn insert(index: &mut [u32], probe: Probe<'_>, position: usize) {
    let mask = index.len() - 1;
    let mut slot = probe.hash() as usize & mask;
    while index[slot] != 0 {
        slot = (slot + 1) & mask;
    }
    index[slot] = position as u32 + 1;
}
