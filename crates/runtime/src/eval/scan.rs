//! Filters a comparison at a time.
//!
//! Most selection strategies filter with a chain of comparisons between paths of the element and
//! constants: `m.provider_id == 'openai' && m.metrics.global.error_rate.total < 0.01`. Such a
//! filter runs as a [`Scan`]: each comparison over the elements still in, with no frame and no
//! closure call per element, the path read in place and the constant's kind matched once per
//! comparison.
//!
//! The result and errors are the element-by-element filter's: an element is kept when every
//! comparison is true; `false` in one comparison wins over an error in another; otherwise the
//! element's first error (in comparison order) is the filter's error (the first such element's),
//! or, over lenient items (models, keys), is recorded in the activation and the element dropped.

use std::borrow::Cow;

use switchyard_plan::expr::Expr;

use super::error::{Error, LinkError};
use super::frame::{Activation, Binding};
use super::functions::lists::sort_double_keys;
use super::fused::SortKey;
use super::link::{Linker, const_value};
use super::operand::{Base, Operand, Step, read_steps, walk};
use super::predicate::Comparison;
use super::registry::CompareOp;
use crate::value::projection::{PathKey, Projections};
use crate::value::{List, Value};

/// A filter predicate that is a chain of `&&` over comparisons of the element with constants.
pub(crate) struct Scan {
    tests: Box<[Test]>,
}

/// `element.path op constant`.
struct Test {
    path: ElementPath,
    comparison: Comparison,
}

impl Linker<'_> {
    /// `predicate` as a [`Scan`], when it is a chain of comparisons of paths of the innermost
    /// comprehension's element with constants (`None` otherwise).
    pub(crate) fn scan(&mut self, predicate: &Expr) -> Result<Option<Scan>, LinkError> {
        let mut terms = Vec::new();
        super::predicate::conjuncts(predicate, &mut terms);
        let mut shapes = Vec::with_capacity(terms.len());
        for term in terms {
            let Some((op, left, right)) = self.as_comparison(term) else { return Ok(None) };
            let shape = match (left, right) {
                (path, Expr::Const(constant)) if self.is_element_path(path) => (op, path, constant),
                (Expr::Const(constant), path)
                    if matches!(op, CompareOp::Equal | CompareOp::NotEqual)
                        && self.is_element_path(path) =>
                {
                    (op, path, constant)
                }
                _ => return Ok(None),
            };
            shapes.push(shape);
        }
        let mut tests = Vec::with_capacity(shapes.len());
        for (op, path, constant) in shapes {
            let Operand::Path(Base::Local(0, Binding::Iter), steps) = self.path(path)? else {
                return Ok(None);
            };
            let comparison = Comparison::new(op, const_value(constant));
            tests.push(Test { path: ElementPath::new(steps), comparison });
        }
        Ok(Some(Scan { tests: tests.into_boxed_slice() }))
    }

    /// Whether `expr` is the innermost comprehension's element or a path from it.
    pub(crate) fn is_element_path(&self, expr: &Expr) -> bool {
        let mut current = expr;
        loop {
            match current {
                Expr::Field { operand, .. } | Expr::Key { operand, .. } => current = operand,
                Expr::Local(name) => return matches!(self.local(name), Ok((0, Binding::Iter))),
                _ => return false,
            }
        }
    }
}

/// A path from a comprehension's element (possibly no step: the element itself), read through
/// the list's [`Projections`] when there is one.
pub(crate) struct ElementPath {
    steps: Box<[Step]>,
    /// `None` for the element itself (nothing to project).
    key: Option<PathKey>,
}

impl Linker<'_> {
    /// The key of a `sortBy` (linked in the comprehension's scope).
    pub(crate) fn sort_key(&mut self, key: &Expr) -> Result<SortKey, LinkError> {
        if self.is_element_path(key)
            && let Operand::Path(Base::Local(0, Binding::Iter), steps) = self.path(key)?
        {
            return Ok(SortKey::Path(ElementPath::new(steps)));
        }
        Ok(SortKey::Node(self.link(key)?))
    }
}

impl ElementPath {
    pub(crate) fn new(steps: Box<[Step]>) -> ElementPath {
        let key = (!steps.is_empty()).then(|| PathKey::new(&describe(&steps)));
        ElementPath { steps, key }
    }

    /// The path's projection over the elements of `base`, when the list keeps one.
    fn column<'v>(&self, base: &'v [Value], projections: &'v Projections) -> Option<Column<'v>> {
        let key = self.key.as_ref()?;
        projections.get_or_make(key, base, |element| walk(element, &self.steps).cloned())
    }

    /// The path's value on `element`, or the error reading it raises.
    #[inline]
    fn read<'v>(&self, element: &'v Value) -> Result<Cow<'v, Value>, Error> {
        match walk(element, &self.steps) {
            Some(value) => Ok(Cow::Borrowed(value)),
            None => read_steps(element, &self.steps),
        }
    }

    /// The positions of `list` ordered by the path's values (stably), when these are all
    /// `double`s in the list's projection: the common `sortBy(m, m.pricing.input)`, without
    /// collecting the keys first. `None` otherwise ([`sort_positions`] over
    /// [`ElementPath::read_all`] then decides, errors included).
    ///
    /// [`sort_positions`]: super::functions::lists::sort_positions
    pub(crate) fn sort_doubles(&self, list: &List) -> Option<Vec<u32>> {
        let (base, indexes, projections) = list.base();
        let column = self.column(base, projections)?;
        let double = |index: usize| match column.get(index)? {
            Some(Value::Double(value)) => Some(*value),
            _ => None,
        };
        let mut pairs: Vec<(f64, u32)> = Vec::with_capacity(list.len());
        match indexes {
            None => {
                for index in 0..base.len() {
                    pairs.push((double(index)?, u32::try_from(index).ok()?));
                }
            }
            Some(indexes) => {
                for (position, &index) in indexes.iter().enumerate() {
                    pairs.push((double(index as usize)?, u32::try_from(position).ok()?));
                }
            }
        }
        Some(sort_double_keys(pairs))
    }

    /// The path's value on every element of `list`, in order; the first error stops.
    pub(crate) fn read_all<'v>(&self, list: &'v List) -> Result<Vec<Cow<'v, Value>>, Error> {
        let (base, indexes, projections) = list.base();
        let column = self.column(base, projections);
        let read = |index: usize| -> Result<Cow<'v, Value>, Error> {
            match column.and_then(|column| column.get(index)) {
                Some(Some(value)) => Ok(Cow::Borrowed(value)),
                _ => self.read(base.get(index).ok_or_else(out_of_range)?),
            }
        };
        let mut values = Vec::with_capacity(list.len());
        match indexes {
            None => {
                for index in 0..base.len() {
                    values.push(read(index)?);
                }
            }
            Some(indexes) => {
                for &index in indexes {
                    values.push(read(index as usize)?);
                }
            }
        }
        Ok(values)
    }
}

/// What a projection reads from each element of a list's base.
type Column<'v> = &'v [Option<Value>];

/// A path's description: the key of its projections.
fn describe(steps: &[Step]) -> String {
    let mut name = String::new();
    for step in steps {
        match step {
            Step::Field { ty, name: field, .. } => {
                name.push_str(ty.name());
                name.push('.');
                name.push_str(field);
            }
            Step::Key(key) => {
                name.push('[');
                name.push_str(key);
                name.push(']');
            }
        }
        name.push('/');
    }
    name
}

#[cold]
fn out_of_range() -> Error {
    Error::new(super::ErrorKind::IndexOutOfRange, "a list position out of range")
}

impl Scan {
    /// The positions of the elements of `list` kept.
    pub(crate) fn run_list(
        &self,
        list: &List,
        activation: &Activation<'_>,
    ) -> Result<Vec<u32>, Error> {
        let (base, indexes, projections) = list.base();
        let mut kept: Vec<u32> = (0..u32::try_from(list.len()).unwrap_or(u32::MAX)).collect();
        let mut errors = Errors::default();
        for test in &self.tests {
            let column = test.path.column(base, projections).unwrap_or_default();
            match indexes {
                None => {
                    test.pass(column, base, &mut kept, &mut errors, |position| position as usize);
                }
                Some(indexes) => test.pass(column, base, &mut kept, &mut errors, |position| {
                    indexes[position as usize] as usize
                }),
            }
            if kept.is_empty() {
                break;
            }
        }
        errors.settle(kept, |position| list.get(position as usize), activation)
    }

    /// The positions kept of `len` elements read by `element`.
    pub(crate) fn run<'v>(
        &self,
        len: usize,
        element: impl Fn(u32) -> Option<&'v Value>,
        activation: &Activation<'_>,
    ) -> Result<Vec<u32>, Error> {
        let mut kept: Vec<u32> = (0..u32::try_from(len).unwrap_or(u32::MAX)).collect();
        let mut errors = Errors::default();
        for test in &self.tests {
            kept.retain(|&position| match element(position) {
                Some(item) => errors.keep(position, test.outcome(item)),
                None => false,
            });
        }
        errors.settle(kept, element, activation)
    }
}

/// The first error of each element still in, by position (errors are rare).
#[derive(Default)]
struct Errors(Vec<(u32, Error)>);

impl Errors {
    /// Whether an element has failed.
    #[inline]
    fn any(&self) -> bool {
        !self.0.is_empty()
    }

    /// Forgets the error of the element at `position` (a `false` decided it).
    fn forget(&mut self, position: u32) {
        self.0.retain(|(failed, _)| *failed != position);
    }

    /// Whether the element at `position` stays in after a comparison's `outcome`: `true`, or
    /// an error (kept, the element's first error recorded); `false` drops the element and the
    /// error it may have had.
    #[inline]
    fn keep(&mut self, position: u32, outcome: Result<bool, Error>) -> bool {
        match outcome {
            Ok(true) => true,
            Ok(false) => {
                if self.any() {
                    self.forget(position);
                }
                false
            }
            Err(error) => {
                if !self.0.iter().any(|(failed, _)| *failed == position) {
                    self.0.push((position, error));
                }
                true
            }
        }
    }

    /// The positions kept once every comparison ran: without the elements that failed, whose
    /// errors lenient items absorb; the first error of another element is the result.
    fn settle<'v>(
        self,
        mut kept: Vec<u32>,
        element: impl Fn(u32) -> Option<&'v Value>,
        activation: &Activation<'_>,
    ) -> Result<Vec<u32>, Error> {
        let mut errors = self.0;
        if errors.is_empty() {
            return Ok(kept);
        }
        errors.sort_by_key(|(position, _)| *position);
        for (position, error) in errors {
            let lenient = matches!(element(position),
                Some(Value::Object(object)) if object.object_type().is_lenient());
            if !lenient {
                return Err(error);
            }
            activation.absorb(error);
            kept.retain(|&kept| kept != position);
        }
        Ok(kept)
    }
}

impl Test {
    /// Keeps the positions in `kept` for which the comparison holds or fails (`errors`),
    /// reading the values from `column` (empty: from the elements of `base`) at `index_of`
    /// each position.
    #[allow(clippy::inline_always, reason = "one copy per way of indexing")]
    #[inline(always)]
    fn pass(
        &self,
        column: Column<'_>,
        base: &[Value],
        kept: &mut Vec<u32>,
        errors: &mut Errors,
        index_of: impl Fn(u32) -> usize,
    ) {
        let mut write = 0;
        for read in 0..kept.len() {
            let position = kept[read];
            let index = index_of(position);
            let value = column.get(index).and_then(Option::as_ref);
            let keep = match value.and_then(|value| self.comparison.fast(value)) {
                Some(keep) => {
                    if !keep && errors.any() {
                        errors.forget(position);
                    }
                    keep
                }
                None => self.slow_pass(value, &base[index], position, errors),
            };
            if keep {
                kept[write] = position;
                write += 1;
            }
        }
        kept.truncate(write);
    }

    /// A comparison [`Comparison::fast`] does not decide: other kinds, errors, paths
    /// not in the projection.
    #[inline(never)]
    fn slow_pass(
        &self,
        value: Option<&Value>,
        element: &Value,
        position: u32,
        errors: &mut Errors,
    ) -> bool {
        let outcome = match value {
            Some(value) => self.comparison.compare_values(value),
            None => self.outcome(element),
        };
        errors.keep(position, outcome)
    }

    #[inline]
    fn outcome(&self, item: &Value) -> Result<bool, Error> {
        self.comparison.compare(&*self.path.read(item)?)
    }
}
