//! Lists, including selections: a subset or reordering of another list, held as indexes.
//!
//! Filtering, sorting or shuffling the model list gives a selection that shares the original
//! elements: no element is copied or reference-counted, however many models there are.

use std::sync::{Arc, LazyLock};

use super::Value;
use super::projection::Projections;

/// A CEL list. Cloning is cheap.
#[derive(Clone)]
pub struct List(Repr);

#[derive(Clone)]
enum Repr {
    Items(Arc<Items>),
    Selection(Arc<Selection>),
}

/// The elements of a list, and what scans read from all of them ([`Projections`]).
#[derive(Default)]
struct Items {
    values: Vec<Value>,
    projections: Projections,
}

impl Clone for Items {
    fn clone(&self) -> Items {
        Items { values: self.values.clone(), projections: Projections::default() }
    }
}

impl std::ops::Deref for Items {
    type Target = Vec<Value>;

    fn deref(&self) -> &Vec<Value> {
        &self.values
    }
}

struct Selection {
    base: Arc<Items>,
    indexes: Vec<u32>,
}

static EMPTY: LazyLock<Arc<Items>> = LazyLock::new(|| Arc::new(Items::default()));

impl Default for List {
    fn default() -> List {
        List(Repr::Items(EMPTY.clone()))
    }
}

impl List {
    /// A list of `items`.
    pub fn new(items: Vec<Value>) -> List {
        List(Repr::Items(Arc::new(Items { values: items, projections: Projections::default() })))
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Items(items) => items.len(),
            Repr::Selection(selection) => selection.indexes.len(),
        }
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `index`.
    pub fn get(&self, index: usize) -> Option<&Value> {
        match &self.0 {
            Repr::Items(items) => items.get(index),
            Repr::Selection(selection) => {
                selection.base.get(*selection.indexes.get(index)? as usize)
            }
        }
    }

    /// The elements in order.
    pub fn iter(&self) -> Iter<'_> {
        match &self.0 {
            Repr::Items(items) => Iter(IterRepr::Items(items.iter())),
            Repr::Selection(selection) => {
                Iter(IterRepr::Selection(&selection.base, selection.indexes.iter()))
            }
        }
    }

    /// The elements at `indexes` (positions in this list), in that order. Shares the elements;
    /// indexes out of range are skipped.
    #[must_use]
    pub fn select(&self, indexes: impl IntoIterator<Item = usize>) -> List {
        let (base, indexes): (&Arc<Items>, Vec<u32>) = match &self.0 {
            Repr::Items(items) => (
                items,
                indexes
                    .into_iter()
                    .filter(|&index| index < items.len())
                    .filter_map(|index| u32::try_from(index).ok())
                    .collect(),
            ),
            Repr::Selection(selection) => (
                &selection.base,
                indexes
                    .into_iter()
                    .filter_map(|index| selection.indexes.get(index).copied())
                    .collect(),
            ),
        };
        if u32::try_from(base.len()).is_err() {
            // Too long to index with `u32`: copy the elements instead.
            return indexes.iter().filter_map(|&index| base.get(index as usize).cloned()).collect();
        }
        List(Repr::Selection(Arc::new(Selection { base: base.clone(), indexes })))
    }

    /// The elements at `positions` (in this list), in that order, sharing them. Positions out
    /// of range are dropped.
    #[must_use]
    pub fn select_positions(&self, mut positions: Vec<u32>) -> List {
        let len = self.len();
        positions.retain(|&position| (position as usize) < len);
        match &self.0 {
            Repr::Items(items) => List(Repr::Selection(Arc::new(Selection {
                base: items.clone(),
                indexes: positions,
            }))),
            Repr::Selection(selection) => {
                for position in &mut positions {
                    *position = selection.indexes[*position as usize];
                }
                List(Repr::Selection(Arc::new(Selection {
                    base: selection.base.clone(),
                    indexes: positions,
                })))
            }
        }
    }

    /// The list as positions in a shared base: the base's elements, the base index of each
    /// position (`None`: every element of the base, in order), and the base's projections.
    pub(crate) fn base(&self) -> (&[Value], Option<&[u32]>, &Projections) {
        match &self.0 {
            Repr::Items(items) => (&items.values, None, &items.projections),
            Repr::Selection(selection) => {
                (&selection.base.values, Some(&selection.indexes), &selection.base.projections)
            }
        }
    }

    /// The base indexes of a selection held only here, to reorder or shorten it in place.
    pub(crate) fn indexes_mut(&mut self) -> Option<&mut Vec<u32>> {
        match &mut self.0 {
            Repr::Selection(selection) => {
                Arc::get_mut(selection).map(|selection| &mut selection.indexes)
            }
            Repr::Items(_) => None,
        }
    }

    /// This list followed by `other`.
    #[must_use]
    pub fn concat(&self, other: &List) -> List {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        self.iter().chain(other.iter()).cloned().collect()
    }

    /// Appends `value`, copying the elements only if they are shared.
    pub fn push(&mut self, value: Value) {
        if let Repr::Items(items) = &mut self.0 {
            Arc::make_mut(items).values.push(value);
            return;
        }
        let mut items: Vec<Value> = self.iter().cloned().collect();
        items.push(value);
        *self = List::new(items);
    }
}

impl FromIterator<Value> for List {
    fn from_iter<I: IntoIterator<Item = Value>>(items: I) -> List {
        List::new(items.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a List {
    type Item = &'a Value;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl std::fmt::Debug for List {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The elements of a [`List`].
pub struct Iter<'a>(IterRepr<'a>);

enum IterRepr<'a> {
    Items(std::slice::Iter<'a, Value>),
    Selection(&'a [Value], std::slice::Iter<'a, u32>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Value;

    #[inline]
    fn next(&mut self) -> Option<&'a Value> {
        match &mut self.0 {
            IterRepr::Items(items) => items.next(),
            IterRepr::Selection(base, indexes) => base.get(*indexes.next()? as usize),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::Items(items) => items.size_hint(),
            IterRepr::Selection(_, indexes) => indexes.size_hint(),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}
