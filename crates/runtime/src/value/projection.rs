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
//! A list keeps at most [`SLOTS`] projections, the first paths scanned; other paths are read
//! from the elements each time. Reads take no lock.

use std::sync::OnceLock;

use super::Value;

/// How many paths a list keeps projections for.
pub(crate) const SLOTS: usize = 16;

/// The projections of a list's elements (empty until a scan asks for one).
#[derive(Default)]
pub(crate) struct Projections(OnceLock<Box<[OnceLock<Projection>; SLOTS]>>);

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
    /// kept from an earlier scan, or made now with `read` and kept; `None` when the list keeps
    /// projections of [`SLOTS`] other paths already.
    pub(crate) fn get_or_make(
        &self,
        key: &PathKey,
        elements: &[Value],
        read: impl Fn(&Value) -> Option<Value>,
    ) -> Option<&[Option<Value>]> {
        let slots = self.0.get_or_init(|| Box::new(std::array::from_fn(|_| OnceLock::new())));
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
        let first = projections.get_or_make(&key, &elements, double).unwrap();
        assert_eq!(first, [None, Some(Value::Int(2)), Some(Value::Int(4))]);
        let again = projections.get_or_make(&PathKey::new("x.double/"), &elements, double).unwrap();
        assert!(std::ptr::eq(first, again));
        assert_eq!(reads.load(Ordering::Relaxed), 3);
        let other = projections.get_or_make(&PathKey::new("x.other/"), &elements, |_| None);
        assert_eq!(other.unwrap(), [None, None, None]);
    }

    #[test]
    fn a_list_keeps_a_bounded_number_of_projections() {
        let elements = vec![Value::Int(1)];
        let projections = Projections::default();
        for path in 0..SLOTS {
            let key = PathKey::new(&format!("path{path}/"));
            assert!(projections.get_or_make(&key, &elements, |_| None).is_some());
        }
        let key = PathKey::new("one-more/");
        assert!(projections.get_or_make(&key, &elements, |_| None).is_none());
        let key = PathKey::new("path0/");
        assert!(projections.get_or_make(&key, &elements, |_| None).is_some());
    }
}
