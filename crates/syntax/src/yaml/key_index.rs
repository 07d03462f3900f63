//! Finding a mapping's earlier key with the same identity, without allocating per key.
//!
//! Each scalar key is reduced to a 64-bit fingerprint; a candidate with the same fingerprint is
//! confirmed by the caller, so colliding fingerprints only cost a comparison.
//! The first `INLINE` keys (all of them in most mappings of a policy) are kept inline and
//! scanned linearly; from then on a hash table with a chain per fingerprint keeps lookups
//! constant-time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys kept inline and scanned linearly before the table is built.
const INLINE: usize = 8;

/// No earlier key with the same fingerprint.
const NONE: u32 = u32::MAX;

/// The scalar keys of a mapping, by fingerprint.
#[derive(Debug, Default)]
pub(crate) struct KeyIndex {
    /// The fingerprint and entry index of the first keys.
    inline: [(u64, u32); INLINE],
    n_inline: usize,
    /// Every key, once there are more than `INLINE`.
    spilled: Option<Box<Spilled>>,
}

/// The keys of a large mapping.
#[derive(Debug, Default)]
struct Spilled {
    /// The fingerprint and entry index of every key, in insertion order.
    keys: Vec<(u64, u32)>,
    /// Fingerprint → position in `keys` of its last key.
    table: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    /// The position in `keys` of the previous key with the same fingerprint.
    previous: Vec<u32>,
}

impl KeyIndex {
    /// The entry index of an earlier key with `fingerprint` for which `same` holds.
    pub(crate) fn find(&self, fingerprint: u64, mut same: impl FnMut(usize) -> bool) -> Option<usize> {
        let Some(spilled) = &self.spilled else {
            return self.inline[..self.n_inline]
                .iter()
                .find(|&&(key, entry)| key == fingerprint && same(entry as usize))
                .map(|&(_, entry)| entry as usize);
        };
        let mut pos = *spilled.table.get(&fingerprint)?;
        while pos != NONE {
            let (_, entry) = spilled.keys[pos as usize];
            if same(entry as usize) {
                return Some(entry as usize);
            }
            pos = spilled.previous[pos as usize];
        }
        None
    }

    /// Records the key of entry `entry`.
    pub(crate) fn insert(&mut self, fingerprint: u64, entry: usize) {
        let key = (fingerprint, entry as u32);
        if self.spilled.is_none() && self.n_inline < INLINE {
            self.inline[self.n_inline] = key;
            self.n_inline += 1;
            return;
        }
        let spilled = self.spilled.get_or_insert_with(|| {
            let mut spilled = Box::<Spilled>::default();
            spilled.keys.reserve(INLINE * 4);
            spilled.table.reserve(INLINE * 4);
            spilled.previous.reserve(INLINE * 4);
            for &(fingerprint, entry) in &self.inline {
                spilled.push(fingerprint, entry);
            }
            spilled
        });
        spilled.push(key.0, key.1);
    }
}

impl Spilled {
    fn push(&mut self, fingerprint: u64, entry: u32) {
        let pos = self.keys.len() as u32;
        self.keys.push((fingerprint, entry));
        self.previous.push(self.table.insert(fingerprint, pos).unwrap_or(NONE));
    }
}

/// The fingerprint of a key: its kind and a word or its bytes, hashed by [`FxHasher`] (not
/// resistant to chosen collisions, which only slow the lookups down).
pub(crate) fn fingerprint(kind: u8, word: u64, bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.add(u64::from(kind));
    hasher.add(word);
    if !bytes.is_empty() {
        hasher.write(bytes);
    }
    hasher.finish()
}

/// A fast multiplicative hasher (as in rustc's `FxHasher`).
#[derive(Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    const SEED: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.add(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_i64(&mut self, value: i64) {
        self.add(value as u64);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn write_isize(&mut self, value: isize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        // The multiplication leaves the high bits best mixed; hash tables index with the low.
        self.hash.rotate_left(26)
    }
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
        let mut index = KeyIndex::default();
        // Every third key shares a fingerprint, so chains are followed.
        for entry in 0..40 {
            let fingerprint = entry as u64 % 3;
            assert_eq!(index.find(fingerprint, |other| other == entry), None);
            index.insert(fingerprint, entry);
        }
        for entry in 0..40 {
            assert_eq!(index.find(entry as u64 % 3, |other| other == entry), Some(entry));
        }
        assert_eq!(index.find(7, |_| true), None);
    }

    #[test]
    fn fingerprints_differ() {
        assert_ne!(fingerprint(4, 0, b"ab"), fingerprint(4, 0, b"ab\0"));
        assert_ne!(fingerprint(4, 0, b"model"), fingerprint(4, 0, b"models"));
        assert_ne!(fingerprint(2, 1, b""), fingerprint(1, 1, b""));
        assert_eq!(fingerprint(4, 0, b"provider"), fingerprint(4, 0, b"provider"));
    }
}
