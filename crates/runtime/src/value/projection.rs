//! Projections: the values a path reads from every element of a list, kept with the list.
//!
//! The model list of a universe is built once per metrics refresh period and shared by every
//! request of that period (`engine/selection.rs`); its elements never change. A filter or a
//! `sortBy` over it reads the same paths (`m.provider_id`, `m.metrics.global.error_rate.total`)
//! from the same elements on every request. The first scan of a list over a path stores what the
//! path reads from each element (a projection, one column of a table); later scans of the same
//! list, or of any selection of it (`ai.models.filter(...)`'s result shares its elements), read
//! the column instead of walking objects. Every comparison and every sort still runs per
//! request: a projection caches where values are, not what a strategy decides.
//!
//! A projection is made when a path is scanned a second time on a list: a list made for one
//! request (`ai.keys`, a `map()` result, a model list before its second request) and scanned
//! once per path never pays for one. A list keeps at most [`SLOTS`] projections, the first
//! paths scanned twice; other paths are read from the elements each time. Reads take no lock.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Value;

/// How many paths a list keeps projections for.
pub(crate) const SLOTS: usize = 16;

/// The projections of a list's elements (none until a path is scanned twice), and the paths
/// scanned once (by hash; `0`: free).
#[derive(Default)]
pub(crate) struct Projections {
    slots: OnceLock<Box<[OnceLock<Projection>; SLOTS]>>,
    scanned_once: [AtomicU64; 4],
}

/// What one path reads from each element: the stored value, or `None` when the path does not
/// lead to a stored value there (a missing key, a computed field: the scan then evaluates the
/// path on that element and gets the value or the error).
pub(crate) struct Projection {
    key: PathKey,
    values: Box<[Option<Value>]>,
}

/// The identity of a path: its description (`AIModel.metrics/Metrics.global/...`) and a hash of
/// it, so that programs that read the same path share the projection.
#[derive(Clone, Debug)]
pub(crate) struct PathKey {
    hash: u64,
    name: std::sync::Arc<str>,
}

impl PartialEq for PathKey {
    /// The same path: the same key (the usual case: the same program scans the list again),
    /// or an equal description.
    fn eq(&self, other: &PathKey) -> bool {
        std::sync::Arc::ptr_eq(&self.name, &other.name)
            || (self.hash == other.hash && self.name == other.name)
    }
}

impl PathKey {
    pub(crate) fn new(name: &str) -> PathKey {
        use std::hash::BuildHasher;
        let hash =
            std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(name);
        PathKey { hash, name: name.into() }
    }
}

impl Projections {
    /// The projection of the path `key` over `elements` (the list's elements, all of them):
    /// kept from an earlier scan, or made now with `read` and kept when the path was scanned
    /// on this list before; `None` on a path's first scan, or when the list keeps projections
    /// of [`SLOTS`] other paths already.
    pub(crate) fn get_or_make(
        &self,
        key: &PathKey,
        elements: &[Value],
        read: impl Fn(&Value) -> Option<Value>,
    ) -> Option<&[Option<Value>]> {
        if let Some(slots) = self.slots.get() {
            for projection in slots.iter().map_while(OnceLock::get) {
                if projection.key == *key {
                    return Some(&projection.values);
                }
            }
        }
        if !self.scanned_before(key.hash) {
            return None;
        }
        let slots = self.slots.get_or_init(|| Box::new(std::array::from_fn(|_| OnceLock::new())));
        for slot in slots.iter() {
            let projection = slot.get_or_init(|| Projection {
                key: key.clone(),
                values: elements.iter().map(&read).collect(),
            });
            if projection.key == *key {
                return Some(&projection.values);
            }
        }
        None
    }

    /// Whether the path of `hash` was scanned on this list before; records it otherwise (when
    /// the list has scanned fewer than four other paths once: past that, every path counts as
    /// scanned before).
    fn scanned_before(&self, hash: u64) -> bool {
        let hash = hash | 1;
        for scanned in &self.scanned_once {
            let mut current = scanned.load(Ordering::Relaxed);
            if current == 0 {
                match scanned.compare_exchange(0, hash, Ordering::Relaxed, Ordering::Relaxed) {
                    Ok(_) => return false,
                    Err(other) => current = other,
                }
            }
            if current == hash {
                return true;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::{PathKey, Projections, SLOTS};
    use crate::value::Value;

    #[test]
    fn a_projection_is_made_once_per_path_and_list() {
        let elements: Vec<Value> = (0..3).map(Value::Int).collect();
        let projections = Projections::default();
        let reads = AtomicUsize::new(0);
        let double = |element: &Value| {
            reads.fetch_add(1, Ordering::Relaxed);
            match element {
                Value::Int(value) if *value > 0 => Some(Value::Int(value * 2)),
                _ => None,
            }
        };
        let key = PathKey::new("x.double/");
        assert!(projections.get_or_make(&key, &elements, double).is_none(), "first scan");
        assert_eq!(reads.load(Ordering::Relaxed), 0);
        let first = projections.get_or_make(&key, &elements, double).unwrap();
        assert_eq!(first, [None, Some(Value::Int(2)), Some(Value::Int(4))]);
        let again = projections.get_or_make(&PathKey::new("x.double/"), &elements, double).unwrap();
        assert!(std::ptr::eq(first, again));
        assert_eq!(reads.load(Ordering::Relaxed), 3);
        let other = PathKey::new("x.other/");
        assert!(projections.get_or_make(&other, &elements, |_| None).is_none());
        let other = projections.get_or_make(&other, &elements, |_| None);
        assert_eq!(other.unwrap(), [None, None, None]);
    }

    #[test]
    fn a_list_keeps_a_bounded_number_of_projections() {
        let elements = vec![Value::Int(1)];
        let projections = Projections::default();
        for path in 0..SLOTS {
            let key = PathKey::new(&format!("path{path}/"));
            let _first_scan = projections.get_or_make(&key, &elements, |_| None);
            assert!(projections.get_or_make(&key, &elements, |_| None).is_some());
        }
        let key = PathKey::new("one-more/");
        assert!(projections.get_or_make(&key, &elements, |_| None).is_none());
        let key = PathKey::new("path0/");
        assert!(projections.get_or_make(&key, &elements, |_| None).is_some());
    }
}
