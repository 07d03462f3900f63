//! Finding a mapping's earlier key with the same identity, without allocating per key.
//!
//! Each scalar key is reduced to a 64-bit fingerprint; a candidate with the same fingerprint is
//! confirmed by the caller, so colliding fingerprints only cost a comparison.
//! The fingerprints of all open mappings share one stack ([`Keys`]), each mapping owning the top
//! part from its base while it is the innermost, so a mapping allocates nothing for its keys.
//! Up to `LINEAR_MAX` keys (all of them in most mappings of a policy) are scanned linearly; from
//! then on a hash table with a chain per fingerprint keeps lookups constant-time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rustc_hash::FxHasher;

/// Keys scanned linearly before the table is built.
const LINEAR_MAX: usize = 8;

/// No earlier key with the same fingerprint.
const NONE: u32 = u32::MAX;

/// The fingerprint and entry index of the scalar keys of the open mappings, outermost first.
pub(crate) type Keys = Vec<(u64, u32)>;

/// The scalar keys of one mapping: its part of a [`Keys`] stack.
#[derive(Debug)]
pub(crate) struct KeyIndex {
    /// Where this mapping's keys start in the stack.
    base: usize,
    /// The table, once there are more than `LINEAR_MAX` keys.
    table: Option<Box<Table>>,
}

/// The table of a large mapping.
#[derive(Debug, Default)]
struct Table {
    /// Fingerprint → position (from the base) of its last key.
    last: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    /// For each key, the position of the previous key with the same fingerprint.
    previous: Vec<u32>,
}

impl KeyIndex {
    /// An empty index whose keys go on top of `keys`.
    pub(crate) fn new(keys: &Keys) -> KeyIndex {
        KeyIndex { base: keys.len(), table: None }
    }

    /// The entry index of an earlier key with `fingerprint` for which `same` holds.
    pub(crate) fn find(
        &self,
        keys: &Keys,
        fingerprint: u64,
        mut same: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let mine = &keys[self.base..];
        let Some(table) = &self.table else {
            return mine
                .iter()
                .find(|&&(key, entry)| key == fingerprint && same(entry as usize))
                .map(|&(_, entry)| entry as usize);
        };
        let mut pos = *table.last.get(&fingerprint)?;
        while pos != NONE {
            let (_, entry) = mine[pos as usize];
            if same(entry as usize) {
                return Some(entry as usize);
            }
            pos = table.previous[pos as usize];
        }
        None
    }

    /// Records the key of entry `entry`; this mapping must be the innermost.
    pub(crate) fn insert(&mut self, keys: &mut Keys, fingerprint: u64, entry: usize) {
        keys.push((fingerprint, entry as u32));
        let mine = &keys[self.base..];
        if let Some(table) = &mut self.table {
            let pos = mine.len() as u32 - 1;
            table.previous.push(table.last.insert(fingerprint, pos).unwrap_or(NONE));
        } else if mine.len() > LINEAR_MAX {
            let mut table = Box::<Table>::default();
            table.last.reserve(mine.len() * 4);
            table.previous.reserve(mine.len() * 4);
            for (pos, &(key, _)) in mine.iter().enumerate() {
                table.previous.push(table.last.insert(key, pos as u32).unwrap_or(NONE));
            }
            self.table = Some(table);
        }
    }

    /// Removes this mapping's keys from the stack.
    pub(crate) fn finish(self, keys: &mut Keys) {
        keys.truncate(self.base);
    }
}

/// The fingerprint of a key: its kind and a word or its bytes, hashed by [`FxHasher`] (not
/// resistant to chosen collisions, which only slow the lookups down).
pub(crate) fn fingerprint(kind: u8, word: u64, bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write_u8(kind);
    hasher.write_u64(word);
    if !bytes.is_empty() {
        hasher.write(bytes);
    }
    hasher.finish()
}

/// A hasher for keys that are already fingerprints.
#[derive(Default)]
pub(crate) struct Prehashed {
    hash: u64,
}

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.hash = self.hash.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.hash = value;
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_before_and_after_the_table() {
        let mut keys = vec![(99, 0)];
        let mut index = KeyIndex::new(&keys);
        // Every third key shares a fingerprint, so chains are followed.
        for entry in 0..40 {
            let fingerprint = entry as u64 % 3;
            assert_eq!(index.find(&keys, fingerprint, |other| other == entry), None);
            index.insert(&mut keys, fingerprint, entry);
        }
        for entry in 0..40 {
            assert_eq!(index.find(&keys, entry as u64 % 3, |other| other == entry), Some(entry));
        }
        assert_eq!(index.find(&keys, 7, |_| true), None);
        assert_eq!(index.find(&keys, 99, |_| true), None);
        index.finish(&mut keys);
        assert_eq!(keys, [(99, 0)]);
    }

    #[test]
    fn fingerprints_differ() {
        assert_ne!(fingerprint(4, 0, b"ab"), fingerprint(4, 0, b"ab\0"));
        assert_ne!(fingerprint(4, 0, b"model"), fingerprint(4, 0, b"models"));
        assert_ne!(fingerprint(2, 1, b""), fingerprint(1, 1, b""));
        assert_eq!(fingerprint(4, 0, b"provider"), fingerprint(4, 0, b"provider"));
    }
}
